/**
 * Building a System from user input, with the interface errors checked first (as SymPy's
 * euler_equations does): unknown, duplicate or absent coordinates, bad variables.
 */
import { UserError } from "../errors.js";
import { freeSymbols } from "../expr/canonical.js";
import { IDENTIFIER, isBuiltin, symbols, type Expr } from "../expr/types.js";
import { jetOrder, parseJetName } from "./jet.js";
import type { System } from "./types.js";

export interface SystemInput {
  readonly lagrangian: Expr;
  readonly coordinates: readonly string[];
  /** Mechanics: the time (default "t"). */
  readonly time?: string;
  /** Fields: the independent variables; when given, `coordinates` are the fields. */
  readonly variables?: readonly string[];
}

/** Validate the input and classify every symbol of L as a jet symbol, a variable or a parameter. */
export function makeSystem(input: SystemInput): System {
  const { lagrangian, coordinates } = input;
  const field = input.variables !== undefined;
  const variables = field ? [...input.variables!] : [input.time ?? "t"];
  if (coordinates.length === 0) throw new UserError("input", "no coordinates given");
  for (const name of [...coordinates, ...variables]) {
    if (!IDENTIFIER.test(name)) throw new UserError("input", `'${name}' is not a valid name`);
    if (isBuiltin(name))
      throw new UserError("input", `'${name}' is a function name, not a coordinate`);
  }
  const dup = coordinates.find((c, i) => coordinates.indexOf(c) !== i);
  if (dup) throw new UserError("input", `coordinate '${dup}' is listed twice`);
  const dupVar = variables.find((c, i) => variables.indexOf(c) !== i);
  if (dupVar) throw new UserError("input", `variable '${dupVar}' is listed twice`);
  const clash = coordinates.find((c) => variables.includes(c));
  if (clash)
    throw new UserError(
      "input",
      `'${clash}' cannot be both a coordinate and an independent variable`,
    );
  if (field) {
    const long = variables.find((v) => v.length !== 1);
    if (long)
      throw new UserError(
        "input",
        `independent variable '${long}' must be a single letter (u_${long} would be ambiguous)`,
      );
    const under = coordinates.find((c) => c.includes("_"));
    if (under)
      throw new UserError("input", `field name '${under}' must not contain '_' (u_x means ∂u/∂x)`);
  }
  const shape = {
    kind: field ? ("field" as const) : ("mechanics" as const),
    variables,
    coordinates,
  };
  const syms = symbols(lagrangian);
  let order = 0;
  const parameters: string[] = [];
  for (const s of syms) {
    const jet = parseJetName(shape, s);
    if (jet) order = Math.max(order, jetOrder(jet));
    else if (variables.includes(s)) continue;
    else if (s.includes("'")) {
      const base = s.replace(/'+$/, "");
      throw new UserError(
        "input",
        `'${s}' is a derivative of '${base}', which is not a declared coordinate (coordinates: ${coordinates.join(", ")})`,
      );
    } else parameters.push(s);
  }
  const present = freeSymbols(lagrangian);
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
