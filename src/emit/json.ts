/**
 * The JSON form of a derivation: the record with every expression printed in the input syntax
 * (so it parses back with `parse`). Shape:
 *
 *   { name, lagrangian, coordinates, variables, parameters, assumptions: {positive: [name]},
 *     equations: [{coordinate, residual}], momenta: {q: expr}, energy,
 *     hamiltonian: expr|{form: "mass-matrix", value, velocities, massMatrix, b, potential}|null,
 *     hamiltonEquations: [{lhs, rhs}]|null, assumedPositive: [name],
 *     hamiltonianBranch: {velocity, momentum, velocityDomain, momentumDomain, reason, oneToOne}|null,
 *     accelerations: {q: expr}|null,
 *     massMatrix: [{unknown: expr}]|null (sparse rows: the nonzero M_ij keyed by the unknown a_j),
 *     forcing: [expr]|null, singular, notes, steps: [...],
 *     crossChecks: [{id, claim, routes: [route, route], method, points, seed, rtol, passed}],
 *     noether?: {conserved, broken, notes} (when the file has a symmetries: section; ./noether.ts),
 *     update?: the integrator of a discretisation: section (the rule of ./update.ts) }
 *
 * momenta are keyed by the jet symbol they are conjugate to (q for p = ∂L/∂q'; for a higher-order
 * Lagrangian also q', … for Ostrogradsky's momenta); accelerations by coordinate.
 */
import { print } from "../expr/syntax/print.js";
import type { Expr } from "../expr/types.js";
import { sparseRow } from "../proof/motion-steps.js";
import type { NoetherRecord } from "../proof/types.js";
import type { System } from "../variational/types.js";
import { noetherData } from "./noether.js";
import type { Derivation } from "../proof/types.js";

const KINDS = new Set(["num", "sym", "add", "mul", "pow", "call"]);
const isExpr = (v: unknown): v is Expr =>
  typeof v === "object" && v !== null && KINDS.has((v as { kind?: string }).kind ?? "");

/** Deep copy with every Expr replaced by its printed form. */
export function printExprs(v: unknown): unknown {
  if (isExpr(v)) return print(v);
  if (Array.isArray(v)) return v.map(printExprs);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, printExprs(x)]));
  }
  return v;
}

/**
 * H as an expression, or in mass-matrix form an object: H = ½(p − b)·v − potential with v (the
 * velocity symbols) the solution of massMatrix·v = p − b (sparse rows keyed by velocity); `value`
 * is that formula written out.
 */
function hamiltonianJson(H: Derivation["hamiltonian"]): unknown {
  if (!H) return null;
  const form = H.massMatrix;
  if (!form) return H.value;
  return {
    form: "mass-matrix",
    value: H.value,
    velocities: form.velocities,
    massMatrix: form.matrix.map((row) => sparseRow(row, form.velocities)),
    b: form.b,
    potential: form.potential,
  };
}

/** Noether charges as JSON (see ./noether.ts), every expression in the input syntax. */
export const noetherJson = (n: NoetherRecord, sys: System): Record<string, unknown> =>
  printExprs(noetherData(n, sys)) as Record<string, unknown>;

/** The derivation as the JSON object documented in the module comment. */
export function derivationJson(d: Derivation): Record<string, unknown> {
  return printExprs({
    name: d.system.name,
    description: d.system.description,
    kind: d.system.kind,
    lagrangian: d.system.lagrangian,
    coordinates: d.system.coordinates,
    variables: d.system.variables,
    parameters: d.system.parameters,
    assumptions: { positive: d.system.assumptions?.positive ?? [] },
    equations: d.equations.map((e) => ({ coordinate: e.coordinate, residual: e.residual })),
    momenta: Object.fromEntries(d.momenta.map((p) => [p.conjugateTo, p.value])),
    energy: d.energy,
    hamiltonian: hamiltonianJson(d.hamiltonian),
    momentumSymbols: d.hamiltonian?.momentumSymbols ?? null,
    hamiltonEquations: d.hamiltonian?.equations ?? null,
    assumedPositive: d.hamiltonian?.positive ?? [],
    hamiltonianBranch: d.hamiltonian?.branch ?? null,
    accelerations: d.motion.accelerations
      ? Object.fromEntries(
          d.motion.unknowns.map((a, i) => [d.system.coordinates[i], d.motion.accelerations![a]]),
        )
      : null,
    unknowns: d.motion.unknowns,
    massMatrix: d.motion.massMatrix?.map((row) => sparseRow(row, d.motion.unknowns)) ?? null,
    forcing: d.motion.forcing,
    singular: d.motion.kind === "singular",
    notes: d.notes,
    steps: d.steps,
    crossChecks: d.crossChecks,
    ...(d.noether ? { noether: noetherData(d.noether, d.system) } : {}),
    ...(d.update ? { update: d.update } : {}),
  }) as Record<string, unknown>;
}

/**
 * JSON text, indented by two spaces, with every object or array that fits on one line within
 * `width` characters (after its indentation) written on one line (`"uses": [3, 4]`,
 * `"of": { "step": 1 }`), and arrays of numbers always on one line: the same data as
 * `JSON.stringify(value, null, 2)`, about a third shorter for a derivation record.
 */
export function jsonText(value: unknown, width = 100): string {
  // The one-line form of v if it takes at most `room` characters, else undefined (given up as
  // soon as it is known to be longer, so a large record is not written out on one line first).
  const line = (v: unknown, room: number): string | undefined => {
    if (typeof v !== "object" || v === null) {
      const text = JSON.stringify(v) ?? "null";
      return text.length <= room ? text : undefined;
    }
    const entries = Array.isArray(v)
      ? v.map((x) => ["", x] as const)
      : Object.entries(v).filter(([, x]) => x !== undefined);
    if (!entries.length) return Array.isArray(v) ? "[]" : "{}";
    const parts: string[] = [];
    let used = Array.isArray(v) ? 2 : 4;
    for (const [k, x] of entries) {
      const key = Array.isArray(v) ? "" : `${JSON.stringify(k)}: `;
      const text = line(x, room - used - key.length);
      if (text === undefined) return undefined;
      parts.push(key + text);
      used += key.length + text.length + 2;
      if (used - 2 > room) return undefined;
    }
    return Array.isArray(v) ? `[${parts.join(", ")}]` : `{ ${parts.join(", ")} }`;
  };
  const fmt = (v: unknown, indent: string): string => {
    const one = line(v, Math.max(0, width - indent.length));
    if (one !== undefined) return one;
    if (typeof v !== "object" || v === null) return JSON.stringify(v) ?? "null";
    if (Array.isArray(v) && v.every((x) => typeof x === "number"))
      return JSON.stringify(v).replace(/,/g, ", ");
    const inner = indent + "  ";
    if (Array.isArray(v))
      return `[\n${v.map((x) => inner + fmt(x, inner)).join(",\n")}\n${indent}]`;
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    const body = entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${fmt(x, inner)}`);
    return `{\n${body.join(",\n")}\n${indent}}`;
  };
  return fmt(value, "") + "\n";
}
