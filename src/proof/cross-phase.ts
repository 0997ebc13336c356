/**
 * Points of phase space read off a point of the jet, for the cross-route checks (cross.ts): given
 * random values of t, q, q', q'', … (u, u_t, u_x, u_tx, … for fields) and the parameters, the
 * canonical point has the same parameters, t and coordinates, and the momenta p = ∂L/∂q' evaluated
 * there (the record's momentum expressions, by the evaluator). For a field the Hamilton equations
 * also read spatial derivatives of π = ∂L/∂u_t (π_x, π_xx, …, named like jet symbols of a field
 * called p_u: p_u_x, p_u_xx): D_x π is the forward-mode derivative (dual numbers) of the momentum
 * expression along the jet direction of D_x; for D_x^k π (k ≥ 2) the first k − 1 total
 * derivatives are taken symbolically (jet.ts), the last one by dual numbers. This is a route
 * independent of H: it differentiates ∂L/∂u_t, never H or the Legendre transform. For a
 * Hamiltonian in mass-matrix form the velocity symbols it reads are the solution of the recorded
 * M·v = p − b at the canonical point (a numeric LU solve), never the jet's velocities.
 */
import { CheckError } from "../errors.js";
import { floatEvaluator, type Evaluator } from "../expr/numeric/check.js";
import type { Env, FunctionModel } from "../expr/numeric/evaluate.js";
import { solveNumeric } from "../expr/numeric/numeric.js";
import { symbols, type Expr } from "../expr/types.js";
import {
  parseJetName,
  raisedNames,
  totalDerivative,
  totalDerivativeTangent,
} from "../variational/jet.js";
import type { System } from "../variational/types.js";
import type { Derivation } from "./types.js";

type Hamiltonian = NonNullable<Derivation["hamiltonian"]>;

/** How one symbol of the canonical point gets its value from the jet point. */
type Source =
  | { readonly from: "jet" }
  | { readonly from: "momentum"; readonly expr: Expr }
  | { readonly from: "dual"; readonly expr: Expr; readonly j: number }
  /** A velocity of the mass-matrix form: the solution of M·v = p − b at the canonical point. */
  | { readonly from: "solved" };

export interface PhaseMap {
  /** Every jet symbol (and parameter, variable) the map reads: draw these. */
  readonly jetNames: ReadonlySet<string>;
  /** The canonical point at a jet point (evaluated by `ev`, doubles by default). */
  readonly at: (env: Env, model: FunctionModel, ev?: Evaluator) => Record<string, number>;
}

/** Symbols the total derivative D_j of F reads: those of F, the raised ones, the variable. */
export function totalDerivativeNames(sys: System, F: Expr, j: number, into: Set<string>): void {
  const names = symbols(F);
  for (const s of names) into.add(s);
  for (const s of raisedNames(sys, names, j)) into.add(s);
  into.add(sys.variables[j]);
}

/**
 * D_j F at `env` by forward-mode differentiation along the jet (see jet.ts): dual numbers, or
 * 60-digit forward mode when the check loop re-checks a point (`ev`).
 */
export function totalDerivativeAt(
  sys: System,
  F: Expr,
  j: number,
  env: Env,
  model: FunctionModel,
  ev: Evaluator = floatEvaluator,
): number {
  return ev.derivative(F, env, totalDerivativeTangent(sys, symbols(F), j)(env), model);
}

/**
 * The map from jet points to canonical points for the symbols `used` by the Hamiltonian side
 * (H, Hamilton's equations, the solved velocities). A symbol that is neither a parameter, a
 * variable, a canonical coordinate (q; x, x', … for Ostrogradsky; the spatial jet of u for fields)
 * nor a momentum (or, for fields, a spatial derivative of one) means H is not a function on phase
 * space: a CheckError.
 */
export function phaseMap(
  sys: System,
  d: Pick<Derivation, "momenta">,
  H: Hamiltonian,
  used: ReadonlySet<string>,
): PhaseMap {
  const jetNames = new Set<string>();
  const sources = new Map<string, Source>();
  const byConjugate = new Map(d.momenta.map((m) => [m.conjugateTo, m]));
  const momentumOf = new Map(
    Object.entries(H.momentumSymbols).map(([c, p]) => [p, byConjugate.get(c)!]),
  );
  const form = H.massMatrix ?? undefined;
  const solved = new Set(form?.velocities ?? []);
  // The mass-matrix form reads M and b (and the momenta) to solve for v.
  const wanted = new Set(used);
  if (form) {
    for (const e of [...form.matrix.flat(), ...form.b]) symbols(e, wanted);
    for (const q of sys.coordinates) wanted.add(H.momentumSymbols[q]);
  }
  const spatial = sys.variables.slice(1);
  const momentumJets = {
    kind: "field" as const,
    variables: spatial,
    coordinates: [...momentumOf.keys()],
  };
  for (const s of wanted) {
    if (solved.has(s)) {
      sources.set(s, { from: "solved" });
      continue;
    }
    if (sys.parameters.includes(s) || sys.variables.includes(s) || byConjugate.has(s)) {
      sources.set(s, { from: "jet" });
      jetNames.add(s);
      continue;
    }
    const m = momentumOf.get(s);
    if (m) {
      sources.set(s, { from: "momentum", expr: m.value });
      symbols(m.value, jetNames);
      continue;
    }
    if (sys.kind === "field") {
      const u = parseJetName(sys, s);
      if (u && u.alpha[0] === 0) {
        sources.set(s, { from: "jet" });
        jetNames.add(s);
        continue;
      }
      const pj = parseJetName(momentumJets, s);
      if (pj) {
        // D^α π: all but the last total derivative symbolically, the last by dual numbers.
        const steps = pj.alpha.flatMap((a, j) => Array<number>(a).fill(j + 1));
        let expr = momentumOf.get(pj.coordinate)!.value;
        for (const j of steps.slice(0, -1)) expr = totalDerivative(sys, expr, j);
        const j = steps[steps.length - 1];
        sources.set(s, { from: "dual", expr, j });
        totalDerivativeNames(sys, expr, j, jetNames);
        continue;
      }
    }
    throw new CheckError(
      "cross-check",
      `the Hamiltonian record reads '${s}', which is not a canonical variable (a parameter, ` +
        `the time, a coordinate or a momentum): H is not a function on phase space`,
    );
  }
  return {
    jetNames,
    at(env, model, ev = floatEvaluator) {
      const out: Record<string, number> = {};
      for (const [s, src] of sources) {
        if (src.from === "jet") out[s] = env[s];
        else if (src.from === "momentum") out[s] = ev.evaluate(src.expr, env, model);
        else if (src.from === "dual") {
          out[s] = totalDerivativeAt(sys, src.expr, src.j, env, model, ev);
        }
      }
      if (form) {
        const M = form.matrix.map((row) => row.map((e) => ev.evaluate(e, out, model)));
        const r = form.b.map(
          (b, i) => out[H.momentumSymbols[sys.coordinates[i]]] - ev.evaluate(b, out, model),
        );
        solveNumeric(M, r).forEach((v, i) => (out[form.velocities[i]] = v));
      }
      return out;
    },
  };
}
