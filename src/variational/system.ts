/**
 * Building a System from user input, with the interface errors checked first (as SymPy's
 * euler_equations does): bad, duplicate or absent coordinates, bad variables (the name checks are
 * the derivation files' too: `declarationProblem` in expr/syntax/names.ts).
 */
import { UserError } from "../errors.js";
import { freeOf, normalise } from "../expr/algebra.js";
import { declarationProblem } from "../expr/syntax/names.js";
import { symbolPosition } from "../expr/syntax/parse.js";
import { substitute, sym, symbols, type Expr } from "../expr/types.js";
import { jetName, jetOrder, parseJetName } from "./jet.js";
import type { System } from "./types.js";

export interface SystemInput {
  readonly lagrangian: Expr;
  readonly coordinates: readonly string[];
  /** Mechanics: the time (default "t"). */
  readonly time?: string;
  /** Fields: the independent variables; when given, `coordinates` are the fields. */
  readonly variables?: readonly string[];
  /** The Lagrangian's source text, so that an error about one of its symbols can point at it. */
  readonly source?: string;
}

/**
 * Validate the input and classify every symbol of L as a jet symbol, a variable or a parameter.
 * Jet symbols are renamed to their canonical spelling (`u_xt` → `u_tx`: mixed partials commute);
 * a field derivative in an undeclared variable (`u_z` with variables t, x) is an error.
 */
export function makeSystem(input: SystemInput): System {
  const { coordinates } = input;
  const field = input.variables !== undefined;
  const variables = field ? [...input.variables!] : [input.time ?? "t"];
  if (coordinates.length === 0) throw new UserError("input", "no coordinates given");
  const problem = declarationProblem({ coordinates, variables, field });
  if (problem) throw new UserError("input", problem.message);
  const shape = {
    kind: field ? ("field" as const) : ("mechanics" as const),
    variables,
    coordinates,
  };
  const syms = symbols(input.lagrangian);
  let order = 0;
  const parameters: string[] = [];
  const canonical = new Map<string, Expr>();
  for (const s of syms) {
    const jet = parseJetName(shape, s);
    if (jet) {
      order = Math.max(order, jetOrder(jet));
      const name = jetName(shape, jet.coordinate, jet.alpha);
      if (name !== s) canonical.set(s, sym(name));
    } else if (variables.includes(s)) continue;
    else if (field && undeclaredDerivative(shape, s)) {
      const [u, letters] = s.split("_");
      const missing = [...new Set(letters)].filter((c) => !variables.includes(c));
      throw new UserError(
        "input",
        `'${s}' is a derivative of the field '${u}' in ${missing.map((c) => `'${c}'`).join(", ")}, which ${missing.length > 1 ? "are not declared variables" : "is not a declared variable"} (variables: ${variables.join(", ")})`,
        {
          source: input.source,
          position: input.source === undefined ? undefined : symbolPosition(input.source, s),
        },
      );
    } else if (s.includes("'")) {
      const base = s.replace(/'+$/, "");
      throw new UserError(
        "input",
        `'${s}' is a derivative of '${base}', which is not a declared coordinate (coordinates: ${coordinates.join(", ")})`,
      );
    } else parameters.push(s);
  }
  const lagrangian = canonical.size ? substitute(input.lagrangian, canonical) : input.lagrangian;
  const present = freeOf(normalise(lagrangian));
  for (const c of coordinates) {
    const used = [...present].some((s) => parseJetName(shape, s)?.coordinate === c);
    if (!used) throw new UserError("input", `coordinate '${c}' does not appear in the Lagrangian`);
  }
  return {
    kind: shape.kind,
    lagrangian,
    coordinates: [...coordinates],
    variables,
    parameters: parameters.sort(),
    order: Math.max(order, 1),
  };
}

/** `u_z`-shaped: a field, '_', and letters that are not all declared variables. */
function undeclaredDerivative(shape: Pick<System, "coordinates" | "variables">, s: string) {
  const m = /^([^_]+)_([A-Za-z]+)$/.exec(s);
  return m !== null && shape.coordinates.includes(m[1]);
}
