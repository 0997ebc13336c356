/**
 * The JSON form of a derivation: the record with every expression printed in the input syntax
 * (so it parses back with `parse`). Shape:
 *
 *   { name, lagrangian, coordinates, variables, parameters, assumptions: {positive: [name]},
 *     equations: [{coordinate, residual}], momenta: {q: expr}, energy, hamiltonian: expr|null,
 *     hamiltonEquations: [{lhs, rhs}]|null, assumedPositive: [name],
 *     hamiltonianBranch: {velocity, momentum, velocityDomain, momentumDomain, reason, oneToOne}|null,
 *     accelerations: {q: expr}|null,
 *     massMatrix: [[expr]]|null, forcing: [expr]|null, singular, notes, steps: [...],
 *     crossChecks: [{id, claim, routes: [route, route], method, points, seed, rtol, passed}] }
 *
 * momenta are keyed by the jet symbol they are conjugate to (q for p = ∂L/∂q'; for a higher-order
 * Lagrangian also q', … for Ostrogradsky's momenta); accelerations by coordinate.
 */
import { print } from "../expr/syntax/print.js";
import type { Expr } from "../expr/types.js";
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
    hamiltonian: d.hamiltonian?.value ?? null,
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
    massMatrix: d.motion.massMatrix,
    forcing: d.motion.forcing,
    singular: d.motion.kind === "singular",
    notes: d.notes,
    steps: d.steps,
    crossChecks: d.crossChecks,
  }) as Record<string, unknown>;
}
