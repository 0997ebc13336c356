/**
 * Declared assumptions: symbols the user says are positive (`assume: {positive: [m, c]}` in a
 * derivation file, `--assume-positive m,c` on the command line). Every symbol is real in any case.
 *
 * They flow into the derivation: every check draws those symbols positive, the Legendre inversion
 * takes √(m²c²) = m·c with them, and radicals are simplified under them (√(m²c²/(m²c² + p²)) =
 * m·c/√(m²c² + p²)). A declared name must be a parameter, a coordinate (field) or an independent
 * variable of the system; anything else (a typo, a velocity x') is bad input.
 */
import { UserError } from "../errors.js";
import type { Assumptions, System } from "./types.js";

/**
 * The system with `declared` attached, after checking each name (see the module comment). `where`
 * names the source in messages, e.g. "--assume-positive" or "FILE: field 'assume.positive'".
 */
export function withAssumptions(sys: System, declared: Assumptions, where: string): System {
  const allowed = new Set([...sys.parameters, ...sys.coordinates, ...sys.variables]);
  const seen = new Set<string>();
  for (const name of declared.positive) {
    if (seen.has(name)) throw new UserError("input", `${where} lists '${name}' twice`);
    seen.add(name);
    if (!allowed.has(name)) {
      const what = name.includes("'")
        ? "a derivative: only parameters, coordinates and variables can be assumed positive"
        : "not a symbol of the Lagrangian";
      throw new UserError(
        "input",
        `${where}: '${name}' is ${what} (parameters: ${list(sys.parameters)}; coordinates: ` +
          `${list(sys.coordinates)})`,
      );
    }
  }
  return { ...sys, assumptions: { positive: [...seen].sort() } };
}

const list = (names: readonly string[]) => (names.length ? names.join(", ") : "none");

/** The symbols a system is declared positive in (none without assumptions). */
export const declaredPositive = (sys: System): readonly string[] => sys.assumptions?.positive ?? [];
