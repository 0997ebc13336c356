/**
 * Generators as the user writes them: on the command line, `--generator "t=1, x=-y, y=x, B=0"`
 * (comma-separated name=expr pairs: the time for ξ, a coordinate for η, B for the gauge term), or a
 * derivation file's `symmetries:` section (../derivation-files/symmetries.ts). Bad syntax, an
 * unknown name, a velocity (a generator of a point transformation depends on t and q only) or a
 * symbol that is not a parameter of L is bad input, with a caret at the place.
 */
import { UserError } from "../errors.js";
import { ZERO } from "../expr/algebra.js";
import { parse } from "../expr/syntax/parse.js";
import { abstractFunctions, symbols, type Expr } from "../expr/types.js";
import type { GeneratorSpec } from "../derivation-files/types.js";
import type { Generator, System } from "../variational/types.js";
import type { NamedGenerator } from "./noether-auto.js";

interface Component {
  readonly role: "xi" | "eta" | "gauge";
  readonly key: string;
  readonly text: string;
  /** Offset of `text` in `source`, when known. */
  readonly position?: number;
}

/** Where errors point: the text they are about and a prefix naming it. */
interface Origin {
  readonly source?: string;
  readonly prefix: string;
}

/** Split at commas outside parentheses: [text, offset] pairs. */
function splitTopLevel(s: string): [string, number][] {
  const out: [string, number][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = s[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (i === s.length || (c === "," && depth === 0)) {
      out.push([s.slice(start, i), start]);
      start = i + 1;
    }
  }
  return out;
}

/** The gauge key: `B`, unless a coordinate is called B; `gauge` always. */
const gaugeKeys = (sys: System) => (sys.coordinates.includes("B") ? ["gauge"] : ["B", "gauge"]);

/** Parse `--generator` text (module comment) into a generator named `name`. */
export function generatorFromText(
  text: string,
  sys: System,
  name: string,
  parameters: readonly string[] = sys.parameters,
): NamedGenerator {
  const origin: Origin = { source: text, prefix: "--generator: " };
  const t = sys.variables[0];
  const fail = (message: string, position: number): never => {
    throw new UserError("input", origin.prefix + message, { source: text, position });
  };
  const components: Component[] = [];
  for (const [piece, offset] of splitTopLevel(text)) {
    const eq = piece.indexOf("=");
    const lead = piece.length - piece.trimStart().length;
    if (piece.trim() === "") fail("expected name=expression (e.g. t=1, x=-y, B=0)", offset + lead);
    if (eq < 0) fail("expected name=expression (e.g. t=1, x=-y, B=0): no '='", offset + lead);
    const key = piece.slice(0, eq).trim();
    const keyAt = offset + lead;
    const role =
      key === t
        ? "xi"
        : sys.coordinates.includes(key)
          ? "eta"
          : gaugeKeys(sys).includes(key)
            ? "gauge"
            : undefined;
    if (!role) {
      fail(
        `'${key}' is neither the time (${t}), a coordinate (${sys.coordinates.join(", ")}) nor B (the gauge term)`,
        keyAt,
      );
    }
    if (components.some((c) => c.key === key || (role === "gauge" && c.role === "gauge"))) {
      fail(`'${key}' is given twice`, keyAt);
    }
    const rest = piece.slice(eq + 1);
    if (rest.trim() === "") fail(`'${key}=' needs an expression`, offset + eq + 1);
    components.push({ role: role!, key, text: rest, position: offset + eq + 1 });
  }
  return { name, generator: build(components, sys, parameters, origin) };
}

/** A generator of a derivation file's `symmetries:` section (parsed with carets into the file). */
export function generatorFromSpec(
  g: GeneratorSpec,
  sys: System,
  parameters: readonly string[],
  file: string,
  source?: string,
): NamedGenerator {
  const origin: Origin = { source, prefix: `${file}: symmetry '${g.name}': ` };
  return { name: g.name, generator: build(g.components, sys, parameters, origin) };
}

function build(
  components: readonly Component[],
  sys: System,
  parameters: readonly string[],
  origin: Origin,
): Generator {
  const t = sys.variables[0];
  const allowed = new Set([t, ...sys.coordinates, ...parameters]);
  const functions = abstractFunctions(sys.lagrangian);
  const eta: Record<string, Expr> = {};
  let xi: Expr = ZERO;
  let gauge: Expr = ZERO;
  for (const c of components) {
    const where = (at: number | undefined) =>
      origin.source !== undefined && c.position !== undefined && at !== undefined
        ? { source: origin.source, position: c.position + at }
        : {};
    let e: Expr;
    try {
      e = parse(c.text);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      throw new UserError(err.code, `${origin.prefix}${c.key}: ${err.message}`, {
        ...(where(err.position).source !== undefined
          ? where(err.position)
          : { source: err.source, position: err.position }),
      });
    }
    for (const s of symbols(e)) {
      if (allowed.has(s)) continue;
      const at = c.text.search(
        new RegExp(`(?<![A-Za-z0-9_'])${s.replace(/'/g, "\\'")}(?![A-Za-z0-9_'])`),
      );
      const why = s.includes("'")
        ? `${s} is a velocity: a generator of a point transformation depends on ${t} and the coordinates only`
        : `'${s}' is neither the time, a coordinate nor a parameter of the Lagrangian`;
      throw new UserError("input", `${origin.prefix}${c.key}: ${why}`, where(at < 0 ? 0 : at));
    }
    for (const [f] of abstractFunctions(e)) {
      if (!functions.has(f)) {
        throw new UserError(
          "input",
          `${origin.prefix}${c.key}: the function ${f} does not occur in the Lagrangian`,
          where(c.text.indexOf(f)),
        );
      }
    }
    if (c.role === "xi") xi = e;
    else if (c.role === "gauge") gauge = e;
    else eta[c.key] = e;
  }
  return { xi, eta, gauge };
}
