/**
 * The polynomial ansatz of the symmetry search (MATH.md §2) and its determining equations sampled
 * at random points of the jet.
 *
 * Unknowns: one coefficient per monomial m = t^e0·q_1^e1·…·q_n^en of total degree ≤ d in each of
 * ξ and η_1 … η_n, and of degree 1 … d + 1 in the gauge term B (the constant in B is a trivial
 * symmetry, so it is left out; d + 1 lets B = x go with the boost η_x = t, and B = (x² + y²)/2 with
 * the expansion ξ = t²). The residual R = pr v(L) + L·D_tξ − D_tB is linear in the coefficients:
 *
 *   ξ = m      R = m·∂L/∂t + D_t m·(L − Σ_i q_i'·∂L/∂q_i')
 *   η_i = m    R = m·∂L/∂q_i + D_t m·∂L/∂q_i'
 *   B = m      R = −D_t m,        D_t m = ∂m/∂t + Σ_j q_j'·∂m/∂q_j
 *
 * so a row of the linear system A·c = 0 costs the values of L, ∂L/∂t, ∂L/∂q_i and ∂L/∂q_i' at one
 * point. Order of the unknowns (the basis reported is the reduced echelon form in this order):
 * ξ and η before B, lower degree first, within a degree ξ, η_1, …, η_n, within a slot t before q_1
 * before q_2 … (so ξ = 1, η_x = 1, η_x = t, η_x = y lead their symmetries: energy, momentum,
 * boost, rotation).
 */
import { differentiate, normalise, power, product, sum, ZERO } from "../expr/algebra.js";
import {
  evaluate,
  randomEnv,
  randomFunctionModel,
  type FunctionModel,
  type Rng,
} from "../expr/numeric/evaluate.js";
import { abstractFunctions, num, sym, type Expr } from "../expr/types.js";
import type { System } from "./types.js";

/** One unknown coefficient: the slot (0 = ξ, 1 … n = η_i, n + 1 = B) and the monomial's exponents
 * over (t, q_1, …, q_n). */
export interface Unknown {
  readonly slot: number;
  readonly exps: readonly number[];
}

/** Exponent vectors of total degree exactly k over v variables, in descending lexicographic order. */
function monomials(v: number, k: number): number[][] {
  if (v === 1) return [[k]];
  const out: number[][] = [];
  for (let e = k; e >= 0; e--) for (const rest of monomials(v - 1, k - e)) out.push([e, ...rest]);
  return out;
}

/** C(a, b). */
function choose(a: number, b: number): number {
  let r = 1;
  for (let i = 1; i <= b; i++) r = (r * (a - b + i)) / i;
  return Math.round(r);
}

/** How many unknowns the ansatz of degree d has for n coordinates (before any reduction). */
export const ansatzSize = (n: number, d: number): number =>
  (n + 1) * choose(n + 1 + d, d) + choose(n + 2 + d, d + 1) - 1;

/** The unknowns of degree d for n coordinates, in the order of the module comment. */
export function ansatzUnknowns(n: number, d: number): Unknown[] {
  const out: Unknown[] = [];
  for (let k = 0; k <= d; k++) {
    const ms = monomials(n + 1, k);
    for (let slot = 0; slot <= n; slot++) for (const exps of ms) out.push({ slot, exps });
  }
  for (let k = 1; k <= d + 1; k++)
    for (const exps of monomials(n + 1, k)) out.push({ slot: n + 1, exps });
  return out;
}

/** The monomial t^e0·q_1^e1·… as an expression. */
export function monomialExpr(sys: System, exps: readonly number[]): Expr {
  const vars = [sys.variables[0], ...sys.coordinates];
  return product(...exps.map((e, i) => (e === 0 ? num(1) : power(sym(vars[i]), num(e)))));
}

/** The derivatives of L that a row needs, built once. */
export interface RowData {
  readonly L: Expr;
  readonly Lt: Expr;
  readonly Lq: readonly Expr[];
  readonly Lv: readonly Expr[];
}

export function rowData(sys: System): RowData {
  const L = normalise(sys.lagrangian);
  return {
    L,
    Lt: differentiate(L, sys.variables[0]),
    Lq: sys.coordinates.map((q) => differentiate(L, q)),
    Lv: sys.coordinates.map((q) => differentiate(L, `${q}'`)),
  };
}

/**
 * R_u for every unknown u at one point of the jet (env holds t, q_i, q_i' and the parameters), by
 * the formulas of the module comment; non-finite entries when the point is out of L's domain.
 */
export function residualRow(
  sys: System,
  data: RowData,
  unknowns: readonly Unknown[],
  env: Readonly<Record<string, number>>,
  model: FunctionModel,
): number[] {
  const n = sys.coordinates.length;
  const vals = [env[sys.variables[0]], ...sys.coordinates.map((q) => env[q])];
  const rates = [1, ...sys.coordinates.map((q) => env[`${q}'`])];
  const L = evaluate(data.L, env, model);
  const Lt = evaluate(data.Lt, env, model);
  const Lq = data.Lq.map((e) => evaluate(e, env, model));
  const Lv = data.Lv.map((e) => evaluate(e, env, model));
  let H = L;
  for (let i = 0; i < n; i++) H -= rates[i + 1] * Lv[i];
  return unknowns.map(({ slot, exps }) => {
    let m = 1;
    for (let j = 0; j < exps.length; j++) m *= vals[j] ** exps[j];
    let Dm = 0;
    for (let j = 0; j < exps.length; j++) {
      if (exps[j] === 0) continue;
      let term = exps[j] * rates[j] * vals[j] ** (exps[j] - 1);
      for (let l = 0; l < exps.length; l++) if (l !== j) term *= vals[l] ** exps[l];
      Dm += term;
    }
    if (slot === 0) return m * Lt + Dm * H;
    if (slot <= n) return m * Lq[slot - 1] + Dm * Lv[slot - 1];
    return -Dm;
  });
}

/** Σ_u coefficient_u · monomial_u over the unknowns of one slot (0 when there are none). */
export function slotExpr(
  sys: System,
  terms: readonly { unknown: Unknown; coefficient: Expr }[],
  slot: number,
): Expr {
  const parts = terms
    .filter((t) => t.unknown.slot === slot)
    .map((t) => product(t.coefficient, monomialExpr(sys, t.unknown.exps)));
  return parts.length ? sum(...parts) : ZERO;
}

/** A column of a sampled linear system: the unknown (an index) times a monomial in the parameters. */
export interface Column {
  readonly unknown: number;
  readonly pexps: readonly number[];
}

/** The value of a parameter monomial at the parameter point p. */
export const parameterValue = (pexps: readonly number[], p: readonly number[]): number =>
  pexps.reduce((m, e, i) => (e === 0 ? m : m * p[i] ** e), 1);

/**
 * Rows of the determining equations at random points: each row draws t, q, q' (randomEnv), the
 * parameters (or holds them at given values; declared-positive symbols drawn positive) and a fresh
 * model of the abstract functions; entry j is p^{pexps_j}·R_{unknown_j} at that point. About 1.25
 * rows per column (+ 10); a point where L is undefined is halved towards 0 up to 4 times, then
 * drawn again (up to 20 times the rows).
 */
export class Sampler {
  private readonly names: string[];
  private readonly arities: Map<string, number>;
  private readonly positive: Set<string>;
  private misses = 0;

  constructor(
    private readonly sys: System,
    private readonly data: RowData,
    private readonly rng: Rng,
  ) {
    const t = sys.variables[0];
    this.names = [t, ...sys.coordinates, ...sys.coordinates.map((q) => `${q}'`)];
    this.arities = abstractFunctions(data.L);
    this.positive = new Set(sys.assumptions?.positive ?? []);
  }

  /** Random values of the parameters, in the order of sys.parameters. */
  parameters(): number[] {
    const env = randomEnv(this.sys.parameters, this.rng);
    return this.sys.parameters.map((p) => (this.positive.has(p) ? Math.abs(env[p]) : env[p]));
  }

  /** The rows for `cols` over `unknowns` (null when too few points are in L's domain). */
  rows(unknowns: readonly Unknown[], cols: readonly Column[], fixed?: number[]): number[][] | null {
    const wanted = [...new Set(cols.map((c) => c.unknown))];
    const at = new Map(wanted.map((u, i) => [u, i]));
    const subset = wanted.map((u) => unknowns[u]);
    const count = Math.ceil(1.25 * cols.length) + 10;
    const out: number[][] = [];
    for (let tries = 0; out.length < count && tries < 20 * count; tries++) {
      const env = randomEnv(this.names, this.rng);
      for (const q of this.positive) if (q in env) env[q] = Math.abs(env[q]);
      const p = fixed ?? this.parameters();
      this.sys.parameters.forEach((name, i) => (env[name] = p[i]));
      const model = randomFunctionModel(this.rng, this.arities);
      // Out of the domain (sqrt(1 − x'²/c²) with |x'| > |c|): the jet values halved, 4 times.
      let R = residualRow(this.sys, this.data, subset, env, model);
      for (let h = 0; h < 4 && !R.every(Number.isFinite); h++) {
        for (const name of this.names) env[name] /= 2;
        R = residualRow(this.sys, this.data, subset, env, model);
      }
      if (!R.every(Number.isFinite)) {
        this.misses++;
        continue;
      }
      out.push(cols.map((c) => R[at.get(c.unknown)!] * parameterValue(c.pexps, p)));
    }
    return out.length < count ? null : out;
  }

  /** Why rows() returned null. */
  failure(): string {
    return (
      `the Lagrangian could not be evaluated at enough random points (${this.misses} points ` +
      `out of its domain): no symmetry search`
    );
  }
}
