/**
 * Finding the point symmetries of a mechanical Lagrangian (MATH.md §2): every v = ξ·∂_t + Σ η_i·∂_{q_i}
 * with gauge term B, ξ, η_i polynomials in (t, q) of degree ≤ d and B of degree ≤ d + 1, such that
 *
 *   R = pr v(L) + L·D_tξ − D_tB ≡ 0,
 *
 * found by solving the linear determining equations R(c) = 0 for the unknown coefficients c
 * (symmetry-ansatz.ts), sampled at random points of the jet — t, q, q', the parameters and a fresh
 * random model of every abstract function per row (a symmetry must hold for every V) — so L may be
 * anything the evaluator handles: sqrt, trigonometric and exponential terms, V(x, y), f(θ).
 *
 *  1. The parameters held at one random value p0: A·c = 0 with ~1.25 rows per unknown; its float
 *     null space (nullspace.ts) gives the number k of symmetries at generic parameters and the
 *     unknowns that can be non-zero (the support).
 *  2. Parameters kept symbolic: each coefficient on the support is a polynomial of degree ≤ 1 in
 *     the parameters (then ≤ 2, ≤ 3 while that falls short of k), c = a + Σ_p b_p·p (+ Σ b_pq·p·q …), the
 *     parameters drawn afresh per row; the null space of that system, in reduced echelon form with
 *     the parameter-free coefficients a first, is rationalised (continued fractions) and k vectors
 *     independent at a random parameter point are kept, in echelon order. Caldirola–Kanai
 *     e^{γt}(½x'² − ½ω²x²) gives ξ = 1, η = −γx/2.
 *  3. Each vector is scaled so its parameter-free coefficients are integers with no common factor
 *     (the leading one stays positive; rotations get the orientation a·p_b − b·p_a), then verified:
 *     R ≡ 0 by the bounded zero test, or where that does not decide it, at 8 fresh random points
 *     (relative tolerance 1e-9, a 60-digit re-check of disagreeing points). A vector that fails is
 *     dropped with a note, never reported. Its charge Q = Σ ∂L/∂q_i'·(η_i − q_i'ξ) + Lξ − B comes
 *     from noetherCharge; a vector whose charge is ≡ 0 is trivial and dropped with a note.
 *
 * Limits: degree ≤ MAX_SYMMETRY_DEGREE (6, expr/limits.ts) and at most MAX_UNKNOWNS unknowns per
 * linear system (a UserError naming the bound otherwise), so a search never hangs; fields and
 * higher-order Lagrangians are refused.
 */
import Fraction from "fraction.js";
import { UserError } from "../errors.js";
import { decideZero, negate, product, sum, power, ZERO } from "../expr/algebra.js";
import { MAX_SYMMETRY_DEGREE } from "../expr/limits.js";
import { findMismatch } from "../expr/numeric/check.js";
import { makeRng } from "../expr/numeric/evaluate.js";
import { nullSpace, rationalise, reducedRows } from "../expr/numeric/nullspace.js";
import { print } from "../expr/syntax/print.js";
import { num, sym, type Expr } from "../expr/types.js";
import { noetherCharge, symmetryResidual } from "./noether.js";
import {
  ansatzSize,
  ansatzUnknowns,
  parameterValue,
  rowData,
  Sampler,
  slotExpr,
  type Column,
  type Unknown,
} from "./symmetry-ansatz.js";
import { conventionalSign, nameSymmetry, type AnsatzTerm } from "./symmetry-names.js";
import type { Generator, System } from "./types.js";

/** Largest number of unknowns of one linear system (elimination is cubic: about 1 s at 800). */
export const MAX_UNKNOWNS = 800;
/** Highest degree in the parameters tried for the coefficients (while the system stays small). */
export const MAX_PARAMETER_DEGREE = 3;

export interface FoundSymmetry {
  /** A readable name (energy, momentum of x, angular momentum about z, boost in x, …). */
  readonly name: string;
  readonly generator: Generator;
  /** Q = Σ ∂L/∂q_i'·(η_i − q_i'ξ) + L·ξ − B, tidied (noetherCharge). */
  readonly charge: Expr;
}

export interface SymmetrySearch {
  /** A basis of the polynomial point symmetries found and verified. */
  readonly symmetries: FoundSymmetry[];
  readonly notes: string[];
}

export interface SearchOptions {
  /** Degree of ξ and η in (t, q); B goes to degree + 1. Default 2. */
  readonly degree?: number;
  /** Seed of the random sample points. Default 1. */
  readonly seed?: number;
}

/** The symmetries of `sys` with polynomial generators (module comment). */
export function findSymmetries(sys: System, opts: SearchOptions = {}): SymmetrySearch {
  const degree = opts.degree ?? 2;
  const n = sys.coordinates.length;
  if (sys.kind !== "mechanics") {
    throw new UserError("input", "the symmetry search handles mechanical systems, not fields");
  }
  if (sys.order > 1) {
    throw new UserError("input", "the symmetry search handles first-order Lagrangians L(t, q, q')");
  }
  if (!Number.isInteger(degree) || degree < 0 || degree > MAX_SYMMETRY_DEGREE) {
    throw new UserError("input", `--degree must be an integer from 0 to ${MAX_SYMMETRY_DEGREE}`);
  }
  const size = ansatzSize(n, degree);
  if (size > MAX_UNKNOWNS) {
    throw new UserError(
      "input",
      `a symmetry ansatz of degree ${degree} in ${n} coordinates has ${size} unknown ` +
        `coefficients, more than the bound of ${MAX_UNKNOWNS}: lower --degree`,
    );
  }
  const notes: string[] = [];
  const unknowns = ansatzUnknowns(n, degree);
  const sampler = new Sampler(sys, rowData(sys), makeRng(opts.seed ?? 1));
  const P = sys.parameters.length;

  // 1. Parameters fixed: the generic number of symmetries and the support.
  const plainCols = unknowns.map((_, unknown) => ({
    unknown,
    pexps: new Array<number>(P).fill(0),
  }));
  let A1: number[][] | null = null;
  for (let attempt = 0; attempt < 4 && !A1; attempt++) {
    A1 = sampler.rows(unknowns, plainCols, sampler.parameters());
  }
  if (!A1) return { symmetries: [], notes: [sampler.failure()] };
  const stage1 = nullSpace(A1, plainCols.length);
  const k = stage1.basis.length;
  if (k === 0) return { symmetries: [], notes };
  const support = supportOf(stage1.basis);

  // 2. Parameters symbolic: coefficients polynomial in them, of degree 1, 2, 3 until k are found.
  let chosen: { cols: Column[]; vectors: Fraction[][] } = { cols: [], vectors: [] };
  let tried = 0;
  for (let pdeg = P === 0 ? 0 : 1; pdeg <= MAX_PARAMETER_DEGREE; pdeg++) {
    const cols: Column[] = [];
    for (const pexps of parameterMonomials(P, pdeg)) {
      for (const unknown of support) cols.push({ unknown, pexps });
    }
    if (cols.length > MAX_UNKNOWNS) {
      notes.push(
        `coefficients of degree ${pdeg} in the parameters would need ${cols.length} unknowns ` +
          `(bound ${MAX_UNKNOWNS}); not tried`,
      );
      break;
    }
    const A2 = P === 0 ? A1.map((row) => support.map((u) => row[u])) : sampler.rows(unknowns, cols);
    if (!A2) return { symmetries: [], notes: [...notes, sampler.failure()] };
    const W = reducedRows(nullSpace(A2, cols.length).basis);
    tried = pdeg;
    chosen = {
      cols,
      vectors: selectIndependent(W, cols, unknowns.length, sampler.parameters(), k, notes),
    };
    if (chosen.vectors.length >= k || pdeg === 0) break;
  }
  if (chosen.vectors.length < k) {
    notes.push(
      `${k - chosen.vectors.length} of the ${k} symmetries found at numeric parameter values have ` +
        `coefficients that are not polynomials of degree ≤ ${tried} in the parameters: not reported`,
    );
  }

  // 3. Scale, build, verify, name.
  const symmetries: FoundSymmetry[] = [];
  for (const v of chosen.vectors) {
    const found = buildSymmetry(sys, unknowns, chosen.cols, v, opts.seed ?? 1, notes);
    if (found) symmetries.push(found);
  }
  return { symmetries, notes: [...new Set(notes)] };
}

/** Unknowns on which some null vector is non-zero (relative to that vector's largest entry). */
function supportOf(basis: readonly number[][]): number[] {
  const on = new Set<number>();
  for (const v of basis) {
    const big = Math.max(...v.map(Math.abs));
    v.forEach((x, j) => Math.abs(x) > 1e-6 * big && on.add(j));
  }
  return [...on].sort((a, b) => a - b);
}

/** Exponent vectors over P parameters of total degree ≤ d, the constant first. */
function parameterMonomials(P: number, d: number): number[][] {
  const out: number[][] = [new Array<number>(P).fill(0)];
  for (let k = 1; k <= d; k++) {
    const rec = (i: number, left: number, acc: number[]) => {
      if (i === P) {
        if (left === 0) out.push(acc);
        return;
      }
      for (let e = left; e >= 0; e--) rec(i + 1, left - e, [...acc, e]);
    };
    rec(0, k, []);
  }
  return out;
}

/**
 * Rationalise the echelon rows (dropping, with a note, any that does not rationalise) and keep, in
 * order, those independent of the ones kept when evaluated at the parameter point p, up to k.
 */
function selectIndependent(
  W: readonly number[][],
  cols: readonly Column[],
  nUnknowns: number,
  p: readonly number[],
  k: number,
  notes: string[],
): Fraction[][] {
  const kept: Fraction[][] = [];
  const ortho: Float64Array[] = [];
  for (const row of W) {
    if (kept.length >= k) break;
    const exact = row.map((x) =>
      Math.abs(x) < 1e-9 ? ([0, 1] as [number, number]) : rationalise(x),
    );
    if (exact.some((r) => r === undefined)) {
      notes.push(
        "a symmetry whose coefficients are not small rationals was found numerically: not reported",
      );
      continue;
    }
    const values = exact.map((r) => r![0] / r![1]);
    // Its value at p over the unknowns, then Gram–Schmidt against those kept.
    const at = new Float64Array(nUnknowns);
    cols.forEach((c, j) => (at[c.unknown] += values[j] * parameterValue(c.pexps, p)));
    const norm0 = Math.hypot(...at);
    for (const o of ortho) {
      let dot = 0;
      for (let i = 0; i < nUnknowns; i++) dot += o[i] * at[i];
      for (let i = 0; i < nUnknowns; i++) at[i] -= dot * o[i];
    }
    const norm = Math.hypot(...at);
    if (!(norm > 1e-6 * norm0)) continue;
    ortho.push(at.map((x) => x / norm));
    kept.push(exact.map((r) => new Fraction(r![0], r![1])));
  }
  return kept;
}

/** The factor that makes the parameter-free coefficients of `vector` coprime integers. */
export function coprimeScale(
  vector: readonly Fraction[],
  cols: readonly { readonly pexps: readonly number[] }[],
): Fraction {
  const free = vector.filter((x, j) => !x.equals(0) && cols[j].pexps.every((e) => e === 0));
  if (!free.length) return new Fraction(1);
  const den = free.reduce((l, x) => l.lcm(new Fraction(x.d)), new Fraction(1));
  const gcd = free.reduce((g, x) => g.gcd(x.mul(den)), new Fraction(0));
  return den.div(gcd);
}

/**
 * The symmetry of one solution vector: scaled so that its parameter-free coefficients are coprime
 * integers, named (a rotation flipped to the conventional orientation; the energy with ξ = −1 so
 * that its charge is +E, conventionalSign), verified (R ≡ 0 by the
 * bounded zero test, else at 8 fresh random points) and given its charge; null, with a note, when
 * verification fails or the charge is ≡ 0.
 */
function buildSymmetry(
  sys: System,
  unknowns: readonly Unknown[],
  cols: readonly Column[],
  vector: readonly Fraction[],
  seed: number,
  notes: string[],
): FoundSymmetry | null {
  const scale = coprimeScale(vector, cols);
  const coefficients = new Map<number, { expr: Expr[]; value?: number }>();
  vector.forEach((x, j) => {
    if (x.equals(0)) return;
    const c = cols[j];
    const entry = coefficients.get(c.unknown) ?? { expr: [] };
    const factors = c.pexps.map((e, i) => power(sym(sys.parameters[i]), num(e)));
    const value = x.mul(scale);
    entry.expr.push(product(num(value.toFraction()), ...factors));
    if (c.pexps.every((e) => e === 0)) entry.value = value.valueOf();
    coefficients.set(c.unknown, entry);
  });
  const terms = [...coefficients].map(([u, { expr, value }]) => ({
    unknown: unknowns[u],
    coefficient: sum(...expr),
    value: expr.length === 1 ? value : undefined,
  }));
  const { name, flip } = nameSymmetry(sys.coordinates, terms as AnsatzTerm[]);
  const signed = flip ? terms.map((t) => ({ ...t, coefficient: negate(t.coefficient) })) : terms;
  const n = sys.coordinates.length;
  const generator = conventionalSign(name, {
    xi: slotExpr(sys, signed, 0),
    eta: Object.fromEntries(sys.coordinates.map((q, i) => [q, slotExpr(sys, signed, i + 1)])),
    gauge: slotExpr(sys, signed, n + 1),
  });
  const shown = describe(sys, generator);
  const verdict = verify(sys, generator, seed);
  if (verdict !== "proved" && verdict !== "evaluated") {
    notes.push(`a candidate (${shown}) failed verification (${verdict}): dropped`);
    return null;
  }
  if (verdict === "evaluated") {
    notes.push(
      `${shown}: R ≡ 0 verified by evaluation at 8 random points (not decided symbolically)`,
    );
  }
  const charge = noetherCharge(sys, generator);
  if (decideZero(charge) === true) {
    notes.push(`${shown} is a trivial symmetry (its charge is 0): dropped`);
    return null;
  }
  return { name: name || "symmetry", generator, charge };
}

/** "t: ξ, x: η_x, …, B: B" with the zero components left out. */
function describe(sys: System, g: Generator): string {
  const parts: string[] = [];
  const isZero = (e: Expr) => e.kind === "num" && e.value === "0";
  if (!isZero(g.xi)) parts.push(`${sys.variables[0]}: ${print(g.xi)}`);
  for (const q of sys.coordinates) if (!isZero(g.eta[q])) parts.push(`${q}: ${print(g.eta[q])}`);
  if (!isZero(g.gauge)) parts.push(`B: ${print(g.gauge)}`);
  return parts.join(", ");
}

/** "proved" (R ≡ 0 in canonical form), "evaluated" (R = 0 at fresh random points) or why not. */
function verify(sys: System, g: Generator, seed: number): string {
  const R = symmetryResidual(sys, g);
  if (decideZero(R) === true) return "proved";
  try {
    const miss = findMismatch(R, ZERO, {
      points: 8,
      seed: seed + 7919,
      positive: sys.assumptions?.positive,
    });
    return miss ? `the residual is ${miss.lhs} at a random point` : "evaluated";
  } catch (e) {
    return (e as Error).message;
  }
}
