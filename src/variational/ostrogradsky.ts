/**
 * Ostrogradsky's Hamiltonian for a higher-order mechanical Lagrangian L(t, q, q', …, q^(N)).
 *
 * Canonical coordinates Q_{i,k} = q_i^(k−1) (k = 1 … N_i, named by the jet symbols x, x', …) with
 * the Ostrogradsky momenta P_{i,k} = Σ_{j≥k} (−D_t)^{j−k} ∂L/∂q_i^(j) (see `momenta`) as conjugates.
 * When the top momenta P_{i,N_i} = ∂L/∂q_i^(N_i) are affine in the top derivatives q_j^(N_j) with an
 * invertible matrix A_ij = ∂P_{i,N_i}/∂q_j^(N_j), the tops solve from the momenta and
 *
 *   H(t, Q, P) = Σ_{i,k} P_{i,k}·q_i^(k) − L,   q_i^(N_i) = q_i^(N_i)(t, Q, P_N),
 *   dQ_{i,k}/dt = ∂H/∂P_{i,k},   dP_{i,k}/dt = −∂H/∂Q_{i,k}.
 *
 * For k < N_i the velocity q_i^(k) is the canonical coordinate Q_{i,k+1} itself, so the first
 * Hamilton equations read x' = x' … (Q_k' = Q_{k+1}), and only the last is a solve.
 *
 * Momentum symbols: p_x for the momentum conjugate to x (as for first-order Lagrangians), p_x_1
 * conjugate to x', p_x_2 conjugate to x'' … (legal identifiers that print and parse back, and
 * never jet symbols: a mechanical jet symbol is a coordinate followed by primes only).
 *
 * Example (Pais–Uhlenbeck): L = ½x''² − ½(w1² + w2²)x'² + ½w1²w2²x² gives P_2 = x'', so x'' = p_x_1 and
 * H = p_x·x' + ½p_x_1² + ½(w1² + w2²)x'² − ½w1²w2²x².
 */
import {
  decideZero,
  dependsOn,
  difference,
  differentiate,
  negate,
  product,
  replace,
  solveLinear,
  sum,
  tidy,
  ZERO,
} from "../expr/algebra.js";
import { num, sym, symbols } from "../expr/types.js";
import { jetName, jetOrder, parseJetName } from "./jet.js";
import {
  SYMBOLIC_SOLVE_MAX,
  momentumOrder,
  type HamiltonEquation,
  type HamiltonianResult,
  type Momentum,
} from "./legendre.js";
import { simplified } from "./simplified.js";
import type { System } from "./types.js";

/**
 * Momentum symbols keyed by the canonical coordinate they are conjugate to: p_q for q, p_q_k for
 * q^(k) (k ≥ 1); a trailing "_" is appended while a name clashes with a symbol of the system.
 */
export function ostrogradskyNames(sys: System, ps: readonly Momentum[]): Record<string, string> {
  const used = symbols(sys.lagrangian);
  for (const c of [...sys.coordinates, ...sys.variables, ...sys.parameters]) used.add(c);
  const out: Record<string, string> = {};
  for (const p of ps) {
    const k = jetOrder(parseJetName(sys, p.conjugateTo)!);
    let name = k === 0 ? `p_${p.coordinate}` : `p_${p.coordinate}_${k}`;
    while (used.has(name)) name += "_";
    used.add(name);
    out[p.conjugateTo] = name;
  }
  return out;
}

/**
 * The Ostrogradsky Hamiltonian and its Hamilton equations (formulas in the module comment), or a
 * reason why not: a field theory, more than {@link SYMBOLIC_SOLVE_MAX} coordinates, top momenta
 * not affine in the top derivatives, or a singular matrix A. Equations are keyed by the canonical
 * coordinate (`coordinate` is x, x', …); `momentumSymbols` by the same canonical coordinates.
 */
export function ostrogradskyHamiltonian(sys: System, ps: readonly Momentum[]): HamiltonianResult {
  if (sys.kind !== "mechanics") {
    return { ok: false, reason: "Ostrogradsky's construction is implemented for mechanics only" };
  }
  const n = sys.coordinates.length;
  if (n > SYMBOLIC_SOLVE_MAX) {
    return {
      ok: false,
      reason: `${n} coordinates: the top derivatives are not solved symbolically (limit ${SYMBOLIC_SOLVE_MAX})`,
    };
  }
  const names = ostrogradskyNames(sys, ps);
  const tops = sys.coordinates.map((q) => jetName(sys, q, [momentumOrder(sys, q)]));
  const topP = tops.map((v) => ps.find((p) => p.velocity === v)!);
  const A = topP.map((p) => tops.map((v) => tidy(differentiate(p.value, v)).expr));
  const affine = A.every((row) =>
    row.every((a) => tops.every((v) => !dependsOn(a, v) || decideZero(differentiate(a, v)))),
  );
  if (!affine) {
    return {
      ok: false,
      reason: `the top momenta ∂L/∂${tops.join(", ∂L/∂")} are not affine in ${tops.join(", ")}: Ostrogradsky's Hamiltonian is not solved`,
    };
  }
  const zero = new Map(tops.map((v) => [v, ZERO]));
  const b = topP.map((p) => replace(p.value, zero));
  const rhs = topP.map((p, i) => difference(sym(names[p.conjugateTo]), b[i]));
  const sol = solveLinear(A, rhs);
  if (sol.kind !== "solved") {
    return {
      ok: false,
      reason: `singular matrix ∂²L/∂${tops.join("∂")}: the top derivatives cannot be solved from the momenta`,
    };
  }
  // L is quadratic in the tops (A free of them): L = ½tᵀAt + bᵀt + L₀, so the top part of
  // Σ P·q^(k) − L is ½(P_N − b)·t(P_N) − L₀, as in the first-order Legendre transform.
  const derived = simplified(
    sum(
      negate(replace(sys.lagrangian, zero)),
      ...rhs.map((r, i) => product(num("1/2"), r, sol.x[i])),
      ...ps
        .filter((p) => !tops.includes(p.velocity))
        .map((p) => product(sym(names[p.conjugateTo]), sym(p.velocity))),
    ),
  );
  const H = derived.value;
  const equations: HamiltonEquation[] = [];
  for (const p of ps) {
    const P = names[p.conjugateTo];
    equations.push({
      lhs: p.velocity,
      rhs: tidy(differentiate(H, P)).expr,
      coordinate: p.conjugateTo,
      kind: "velocity",
    });
    equations.push({
      lhs: `${P}'`,
      rhs: tidy(negate(differentiate(H, p.conjugateTo))).expr,
      coordinate: p.conjugateTo,
      kind: "force",
    });
  }
  return {
    ok: true,
    momentumSymbols: names,
    velocities: Object.fromEntries(tops.map((v, i) => [v, sol.x[i]])),
    hamiltonian: H,
    asDerived: derived.asDerived,
    simplifiedBy: derived.simplifiedBy,
    equations,
    positive: [],
  };
}
