/**
 * Momenta, the energy function, the Legendre transform and Hamilton's equations.
 *
 *   p_i = ∂L/∂q_i'                                       (canonical momenta)
 *   P_{i,k} = Σ_{j≥k} (−D_t)^{j−k} ∂L/∂q_i^(j)           (Ostrogradsky, for higher-order L;
 *                                                          P_{i,k} is conjugate to q_i^(k−1))
 *   E = Σ_i Σ_k P_{i,k}·q_i^(k) − L                       (the energy function; = q'·∂L/∂q' − L)
 *   H(q, p, t) = Σ_i p_i·q_i'(q, p, t) − L,  with q' solved from p = ∂L/∂q'
 *   q_i' = ∂H/∂p_i,   p_i' = −∂H/∂q_i
 *
 * For fields the time is the first independent variable: π = ∂L/∂u_t, the energy density
 * u_t·π − L, and Hamilton's equations over the spatial jet, where π is a field too (π_x, π_xx …):
 *   u_t = δH/δπ,   π_t = −δH/δu = −(∂H/∂u − D_x ∂H/∂u_x + …)     (D_x acts on π as well)
 * (L = ½u_t² − ½u_x² + a·u_t·u_x: π_t = (1 + a²)·u_xx − a·π_x). A field Lagrangian with u_tx, u_tt
 * … has a momentum chain per spatial derivative u_β (each u_β taken as a coordinate, as in
 * mechanics): P_{β,k} = Σ_{j≥k} (−D_t)^{j−k} ∂L/∂u_{t^j β}, conjugate to u_{t^(k−1) β}, and the
 * conserved energy density Σ P_{β,k}·u_{t^k β} − L (for ½u_t² − ½u_x² + ½b·u_tx²: ½(u_t² + u_x² +
 * b·u_tx²)); its Hamiltonian (the field form of Ostrogradsky's construction) is not derived.
 * Example: L = ½m x'² − ½k x² gives p = m·x', E = ½m x'² + ½k x², H = p²/(2m) + ½k x².
 */
import {
  decideZero,
  difference,
  differentiate,
  freeOf,
  negate,
  normalise,
  product,
  replace,
  solveLinear,
  sum,
  tidy,
  tidyAssuming,
  ZERO,
} from "../expr/algebra.js";
import { num, sym, symbols, type Expr } from "../expr/types.js";
import { declaredPositive } from "./assumptions.js";
import { eulerLagrange } from "./euler.js";
import { invertThroughRest, type LegendreBranch } from "./branch.js";
import { solveLarge, type MassMatrixForm } from "./mass-legendre.js";
import { jetName, jetOrder, parseJetName, timeOrder, totalDerivative } from "./jet.js";
import { simplified, type Simplified } from "./simplified.js";
import type { System } from "./types.js";

/**
 * Above this many coordinates the accelerations stay unsolved (mass-matrix form), and the Legendre
 * transform is solved only for a diagonal or constant Hessian (./mass-legendre.ts).
 */
export const SYMBOLIC_SOLVE_MAX = 3;

export interface Momentum {
  readonly coordinate: string;
  /** The jet symbol this momentum is conjugate to (x for p = ∂L/∂x'; x' for Ostrogradsky's second). */
  readonly conjugateTo: string;
  /** The velocity it multiplies in the energy: q^(k). */
  readonly velocity: string;
  /** The momentum, tidied. */
  readonly value: Expr;
  /** As derived, ∂L/∂q^(k) − D_t P_{k+1} with P_{k+1} tidied, before tidying. */
  readonly asDerived: Expr;
  /** The tidy rules that turned `asDerived` into `value` (./simplified.ts); empty if none. */
  readonly simplifiedBy: readonly string[];
}

const tIndex = 0;

/**
 * How many momenta coordinate q has: its time order N_q for mechanics (Ostrogradsky), 1 for fields
 * (π = ∂L/∂u_t only).
 */
export function momentumOrder(sys: System, q: string): number {
  return sys.kind === "mechanics" ? Math.max(1, timeOrder(sys, q)) : 1;
}

/**
 * The time-derivative chains of q: each spatial multi-index β (none for mechanics) whose u_{t^k β}
 * occur in L with k ≥ 1, with the highest such k; β = 0 always, with at least {@link momentumOrder}.
 */
function timeChains(sys: System, q: string, L: Expr): { beta: number[]; top: number }[] {
  const zero = sys.variables.slice(1).map(() => 0);
  const chains = new Map([["", { beta: zero, top: momentumOrder(sys, q) }]]);
  for (const s of sys.kind === "field" ? freeOf(L) : []) {
    const v = parseJetName(sys, s);
    if (v?.coordinate !== q || v.alpha[0] === 0) continue;
    const beta = v.alpha.slice(1);
    const key = beta.some((b) => b > 0) ? jetName(sys, q, [0, ...beta]) : "";
    const c = chains.get(key);
    if (c) c.top = Math.max(c.top, v.alpha[0]);
    else chains.set(key, { beta, top: v.alpha[0] });
  }
  return [...chains.entries()]
    .sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1))
    .map(([, c]) => c);
}

/**
 * Canonical (or Ostrogradsky) momenta, formula in the module comment, from the top down:
 * P_k = ∂L/∂q^(k) − D_t P_{k+1} with P_{k+1} tidied (P_{N+1} = 0); each tidied, as derived kept.
 */
export function momenta(sys: System): Momentum[] {
  const L = normalise(sys.lagrangian);
  const out: Momentum[] = [];
  for (const q of sys.coordinates) {
    for (const { beta, top } of timeChains(sys, q, L)) {
      const jet = (k: number) => jetName(sys, q, [k, ...beta]);
      const chain: Momentum[] = [];
      let next: Expr = ZERO;
      for (let k = top; k >= 1; k--) {
        const P = simplified(
          difference(differentiate(L, jet(k)), totalDerivative(sys, next, tIndex)),
        );
        next = P.value;
        chain.unshift({ coordinate: q, conjugateTo: jet(k - 1), velocity: jet(k), ...P });
      }
      out.push(...chain);
    }
  }
  return out;
}

/** E = Σ P·velocity − L, as derived and tidied (./simplified.ts). */
export function energyDerivation(sys: System, ps: readonly Momentum[]): Simplified {
  return simplified(
    difference(sum(...ps.map((p) => product(p.value, sym(p.velocity)))), normalise(sys.lagrangian)),
  );
}

/** E = Σ P·velocity − L, tidied. */
export const energy = (sys: System, ps: readonly Momentum[]): Expr =>
  energyDerivation(sys, ps).value;

/**
 * A name for the momentum conjugate to q that clashes with no symbol of the system (for fields, nor
 * with a jet symbol of it: π_x is written p_u_x, so a parameter p_u_x rules out p_u).
 */
export function momentumName(sys: System, q: string): string {
  const used = symbols(sys.lagrangian);
  for (const c of [...sys.coordinates, ...sys.variables, ...sys.parameters]) used.add(c);
  const clash = (name: string) =>
    used.has(name) || (sys.kind === "field" && [...used].some((s) => s.startsWith(`${name}_`)));
  let name = `p_${q}`;
  while (clash(name)) name += "_";
  return name;
}

/** q' = ∂H/∂p ("velocity") or p' = −∂H/∂q, for fields π_t = −E_u(H) ("force"). */
export interface HamiltonEquation {
  readonly lhs: string;
  readonly rhs: Expr;
  readonly coordinate: string;
  readonly kind: "velocity" | "force";
}

export type HamiltonianResult =
  | {
      readonly ok: true;
      /** Momentum symbol for each coordinate. */
      readonly momentumSymbols: Readonly<Record<string, string>>;
      /** The velocities solved in terms of the momenta. */
      readonly velocities: Readonly<Record<string, Expr>>;
      readonly hamiltonian: Expr;
      /** H as derived (Σ p·v − L, or ½(p − b)·v − L₀), before tidying. */
      readonly asDerived: Expr;
      /** The tidy rules that turned `asDerived` into `hamiltonian`; empty if none. */
      readonly simplifiedBy: readonly string[];
      /** Hamilton's equations: lhs (q' or p_q'; u_t or p_u_t for fields) = rhs. */
      readonly equations: readonly HamiltonEquation[];
      /** Parameters assumed positive for the inversion (empty unless a root needed it). */
      readonly positive: readonly string[];
      /** For a momentum not affine in the velocity: the branch of the Legendre map H is on. */
      readonly branch?: LegendreBranch;
      /**
       * The mass-matrix form (./mass-legendre.ts): `velocities` is then empty, and the velocity
       * symbols in H and Hamilton's equations stand for the solution of M·q' = p − b.
       */
      readonly massMatrix?: MassMatrixForm;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * The Legendre transform H = p·q' − L, when q' can be solved from p = ∂L/∂q' (momenta affine in
 * the velocities with an invertible Hessian: by Cramer's rule up to {@link SYMBOLIC_SOLVE_MAX}
 * coordinates, beyond that when the Hessian is diagonal or constant, else in mass-matrix form).
 */
export function hamiltonian(sys: System, ps: readonly Momentum[]): HamiltonianResult {
  const mixed = sys.kind === "field" ? mixedTimeJet(sys) : undefined;
  if (mixed) {
    return {
      ok: false,
      reason: `${mixed} is a derivative of order 2 or more involving ${sys.variables[0]}: its Hamiltonian needs the field form of Ostrogradsky's construction, which is not implemented`,
    };
  }
  if (sys.coordinates.some((q) => timeOrder(sys, q) > 1)) {
    return {
      ok: false,
      reason: "second or higher time derivatives in L: the Ostrogradsky momenta are given instead",
    };
  }
  const n = sys.coordinates.length;
  const vel = ps.map((p) => p.velocity);
  const A = ps.map((p) =>
    vel.map((v) => (freeOf(p.value).has(v) ? tidy(differentiate(p.value, v)).expr : ZERO)),
  );
  const names = Object.fromEntries(sys.coordinates.map((q) => [q, momentumName(sys, q)]));
  const velSet = new Set(vel);
  const affine = A.every((row) =>
    row.every((a) =>
      [...freeOf(a)].every((v) => !velSet.has(v) || decideZero(differentiate(a, v))),
    ),
  );
  if (!affine) {
    if (n > 1) {
      return {
        ok: false,
        reason: "the momenta are not affine in the velocities (several coordinates)",
      };
    }
    // Not one-to-one in general: the branch through the rest state v = 0 (./branch.ts).
    const inv = invertThroughRest(
      ps[0].value,
      vel[0],
      names[ps[0].coordinate],
      sys.parameters,
      declaredPositive(sys),
    );
    if (!inv.ok)
      return { ok: false, reason: `the momentum is not affine in the velocity and ${inv.reason}` };
    const H = difference(
      product(sym(names[ps[0].coordinate]), inv.velocity),
      replace(sys.lagrangian, new Map([[vel[0], inv.velocity]])),
    );
    // Radicals simplified under the positivity the root needed: c·√(m²c² + p²).
    const done = finish(
      sys,
      names,
      { [vel[0]]: inv.velocity },
      simplified(H, inv.positive),
      inv.positive,
    );
    return done.ok ? { ...done, branch: inv.branch } : done;
  }
  const zeroV = new Map(vel.map((v) => [v, ZERO]));
  const b = ps.map((p) => replace(p.value, zeroV));
  const rhs = sys.coordinates.map((q, i) => difference(sym(names[q]), b[i]));
  const L0 = replace(sys.lagrangian, zeroV);
  if (n > SYMBOLIC_SOLVE_MAX) {
    const large = solveLarge(sys, A, rhs);
    if (large.kind === "mass-matrix") {
      if (sys.kind !== "mechanics") {
        return { ok: false, reason: `${n} fields with a Hessian neither diagonal nor constant` };
      }
      const form = { why: large.why, velocities: vel, matrix: A, b, potential: tidy(L0).expr };
      return massMatrixHamiltonian(sys, names, form, rhs);
    }
    if (large.kind === "singular") return { ok: false, reason: SINGULAR };
    const velocities = Object.fromEntries(vel.map((v, i) => [v, large.x[i]]));
    return finish(sys, names, velocities, legendreH(L0, rhs, large.x), []);
  }
  const sol = solveLinear(A, rhs);
  if (sol.kind !== "solved")
    return {
      ok: false,
      reason:
        sol.kind === "singular"
          ? SINGULAR
          : "the Hessian ∂²L/∂q'∂q' could not be shown regular within the size budget",
    };
  const velocities = Object.fromEntries(vel.map((v, i) => [v, sol.x[i]]));
  return finish(sys, names, velocities, legendreH(L0, rhs, sol.x), []);
}

const SINGULAR = "singular Hessian ∂²L/∂q'∂q': the velocities cannot be solved from the momenta";

/**
 * p affine in v means L = ½vᵀAv + bᵀv + L₀ exactly, so H = p·v − L = ½(p − b)·v(p) − L₀: no
 * products of two solved velocities (which would square the denominator det A). As derived and
 * tidied.
 */
const legendreH = (L0: Expr, r: readonly Expr[], v: readonly Expr[]): Simplified =>
  simplified(sum(negate(L0), ...r.map((ri, i) => product(num("1/2"), ri, v[i]))));

/**
 * The mass-matrix form (./mass-legendre.ts): H = ½(p − b)·q' − L₀ and Hamilton's equations
 * q' = q', p_i' = ∂L/∂q_i, with q' standing for the solution of M·q' = p − b.
 */
function massMatrixHamiltonian(
  sys: System,
  names: Record<string, string>,
  form: MassMatrixForm,
  r: readonly Expr[],
): HamiltonianResult {
  const L = normalise(sys.lagrangian);
  const v = form.velocities.map((s) => sym(s));
  const equations = sys.coordinates.flatMap((q, i): HamiltonEquation[] => [
    { lhs: `${q}'`, rhs: v[i], coordinate: q, kind: "velocity" },
    { lhs: `${names[q]}'`, rhs: tidy(differentiate(L, q)).expr, coordinate: q, kind: "force" },
  ]);
  const H = legendreH(form.potential, r, v);
  return {
    ok: true,
    momentumSymbols: names,
    velocities: {},
    hamiltonian: H.value,
    asDerived: H.asDerived,
    simplifiedBy: H.simplifiedBy,
    equations,
    positive: [],
    massMatrix: form,
  };
}

/** The first jet symbol of L with a t-derivative and total order ≥ 2 (u_tx, u_tt), if any. */
function mixedTimeJet(sys: System): string | undefined {
  return [...freeOf(normalise(sys.lagrangian))].sort().find((s) => {
    const v = parseJetName(sys, s);
    return v !== undefined && v.alpha[tIndex] >= 1 && jetOrder(v) >= 2;
  });
}

/**
 * Package H with Hamilton's equations: q' = ∂H/∂p, p' = −∂H/∂q for mechanics; for fields
 * u_t = δH/δπ and π_t = −δH/δu, Euler operators of H over the spatial jet of (u, π).
 */
function finish(
  sys: System,
  names: Record<string, string>,
  velocities: Record<string, Expr>,
  derived: Simplified,
  positive: readonly string[],
): HamiltonianResult {
  const H = derived.value;
  const equations: HamiltonEquation[] = [];
  const dot = (s: string) => (sys.kind === "mechanics" ? `${s}'` : `${s}_${sys.variables[0]}`);
  const density = sys.kind === "field" ? hamiltonianSystem(sys, H, names) : undefined;
  for (const q of sys.coordinates) {
    const force = density
      ? negate(eulerLagrange(density, q).residual)
      : negate(differentiate(H, q));
    const velocity = density
      ? eulerLagrange(density, names[q]).residual
      : differentiate(H, names[q]);
    const t = (e: Expr) => tidyAssuming(e, positive).expr;
    equations.push({ lhs: dot(q), rhs: t(velocity), coordinate: q, kind: "velocity" });
    equations.push({ lhs: dot(names[q]), rhs: t(force), coordinate: q, kind: "force" });
  }
  return {
    ok: true,
    momentumSymbols: names,
    velocities,
    hamiltonian: H,
    asDerived: derived.asDerived,
    simplifiedBy: derived.simplifiedBy,
    equations,
    positive,
  };
}

/**
 * A Hamiltonian density as a field system over the spatial variables alone, with the fields and
 * their momenta as its fields (π_x is the jet symbol p_u_x), so that its Euler operators are the
 * variational derivatives δH/δu and δH/δπ, with D_x acting on π as well as on u.
 */
export function hamiltonianSystem(
  sys: System,
  H: Expr,
  momentumSymbols: Readonly<Record<string, string>>,
): System {
  return {
    ...sys,
    kind: "field",
    lagrangian: H,
    coordinates: [...sys.coordinates, ...sys.coordinates.map((q) => momentumSymbols[q])],
    variables: sys.variables.slice(1),
  };
}
