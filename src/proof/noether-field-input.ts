/**
 * Field generators as the user writes them: `--generator "t=1, x=0, u=-v, v=u, B_t=0, B_x=0"` —
 * comma-separated name=expr pairs, a variable for ξ^μ, a field for η_a, `B_<variable>` for the
 * gauge component B^μ — or a derivation file's `symmetries:` section. A jet symbol (u_t: a
 * generator of a point transformation depends on the variables and the fields only), an unknown
 * name or a symbol that is not a parameter is bad input, with a caret at the place.
 */
import { UserError } from "../errors.js";
import { parse } from "../expr/syntax/parse.js";
import { abstractFunctions, symbols, type Expr } from "../expr/types.js";
import type { DerivationSpec } from "../derivation-files/types.js";
import type { FieldGenerator } from "../variational/noether-field.js";
import type { System } from "../variational/types.js";
import type { FieldNoetherOptions, NamedFieldGenerator } from "./noether-field.js";

interface Piece {
  readonly key: string;
  readonly text: string;
  readonly keyAt?: number;
  readonly textAt?: number;
}

/** Split at commas outside parentheses into key=text pieces with offsets. */
function pieces(text: string, fail: (m: string, at: number) => never): Piece[] {
  const out: Piece[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (i === text.length || (c === "," && depth === 0)) {
      const piece = text.slice(start, i);
      const lead = start + piece.length - piece.trimStart().length;
      const eq = piece.indexOf("=");
      if (eq < 0) fail("expected name=expression (e.g. t=1, u=-v, B_x=0): no '='", lead);
      const key = piece.slice(0, eq).trim();
      const rest = piece.slice(eq + 1);
      if (rest.trim() === "") fail(`'${key}=' needs an expression`, start + eq + 1);
      out.push({ key, text: rest, keyAt: lead, textAt: start + eq + 1 });
      start = i + 1;
    }
  }
  return out;
}

/** Build the generator from its pieces; errors point into `source` when offsets are known. */
function build(
  sys: System,
  list: readonly Piece[],
  parameters: readonly string[],
  prefix: string,
  source: string | undefined,
): FieldGenerator {
  const where = (at: number | undefined) =>
    source !== undefined && at !== undefined ? { source, position: at } : {};
  const xi: Record<string, Expr> = {};
  const eta: Record<string, Expr> = {};
  const gauge: Record<string, Expr> = {};
  const allowed = new Set([...sys.variables, ...sys.coordinates, ...parameters]);
  const functions = abstractFunctions(sys.lagrangian);
  const seen = new Set<string>();
  for (const p of list) {
    const gaugeOf = /^B_(.+)$/.exec(p.key)?.[1];
    const target = sys.variables.includes(p.key)
      ? xi
      : sys.coordinates.includes(p.key)
        ? eta
        : gaugeOf !== undefined && sys.variables.includes(gaugeOf)
          ? gauge
          : undefined;
    if (!target) {
      throw new UserError(
        "input",
        `${prefix}'${p.key}' is neither a variable (${sys.variables.join(", ")}), a field (${sys.coordinates.join(", ")}) nor a gauge component (${sys.variables.map((x) => `B_${x}`).join(", ")})`,
        where(p.keyAt),
      );
    }
    if (seen.has(p.key))
      throw new UserError("input", `${prefix}'${p.key}' is given twice`, where(p.keyAt));
    seen.add(p.key);
    let e: Expr;
    try {
      e = parse(p.text);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      const at =
        p.textAt !== undefined && err.position !== undefined ? p.textAt + err.position : undefined;
      throw new UserError("input", `${prefix}${p.key}: ${err.message}`, where(at));
    }
    for (const s of symbols(e)) {
      if (allowed.has(s)) continue;
      const i = p.text.search(new RegExp(`(?<![A-Za-z0-9_'])${s}(?![A-Za-z0-9_'])`));
      const why = s.includes("_")
        ? `${s} is a derivative: a generator of a point transformation depends on the variables and the fields only`
        : `'${s}' is neither a variable, a field nor a parameter of the Lagrangian`;
      throw new UserError(
        "input",
        `${prefix}${p.key}: ${why}`,
        where(p.textAt !== undefined && i >= 0 ? p.textAt + i : p.textAt),
      );
    }
    for (const [f] of abstractFunctions(e)) {
      if (!functions.has(f)) {
        throw new UserError(
          "input",
          `${prefix}${p.key}: the function ${f} does not occur in the Lagrangian`,
          where(p.textAt),
        );
      }
    }
    target[target === gauge ? gaugeOf! : p.key] = e;
  }
  return { xi, eta, gauge };
}

/** Parse `--generator` text for a field system (module comment). */
export function fieldGeneratorFromText(
  text: string,
  sys: System,
  name: string,
  parameters: readonly string[] = sys.parameters,
): NamedFieldGenerator {
  const prefix = "--generator: ";
  const fail = (message: string, position: number): never => {
    throw new UserError("input", prefix + message, { source: text, position });
  };
  return { name, generator: build(sys, pieces(text, fail), parameters, prefix, text) };
}

/** The options of a field file's `symmetries:` section (given generators, auto, degree). */
export function specFieldGenerators(spec: DerivationSpec, sys: System): FieldNoetherOptions {
  const s = spec.symmetries;
  if (!s) return {};
  const parameters = spec.parameters.map((p) => p.name);
  const file = spec.file ?? "<input>";
  const fieldGenerators = s.given.map((g) => ({
    name: g.name,
    generator: build(
      sys,
      g.components.map((c) => ({
        key: c.key,
        text: c.text,
        ...(c.position === undefined ? {} : { textAt: c.position }),
      })),
      parameters,
      `${file}: symmetry '${g.name}': `,
      spec.source,
    ),
  }));
  return { fieldGenerators, auto: s.auto !== undefined, degree: s.auto?.degree };
}
