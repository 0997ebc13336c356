/**
 * Finding the point symmetries of a first-order field Lagrangian L(x, u, ∂u) (issue 7 §5): every
 * v = Σ_μ ξ^μ∂_μ + Σ_a η_a∂_{u_a} with gauge vector B^μ, ξ^μ and η_a polynomials of degree ≤ d in
 * z = (x^μ, u_a) and B^μ of degree 1 … d + 1, such that
 *
 *   R = pr v(L) + L·Σ_μ D_μξ^μ − Σ_μ D_μB^μ ≡ 0        (noether-field.ts)
 *
 * R is linear in the coefficients: R = Σ_k c_k·R_k where R_k is the residual of the generator with
 * the k-th monomial in one slot. Each row of A·c = 0 evaluates every R_k at one random jet point
 * (x, u, u_{a,μ}, the parameters, a fresh model of every abstract function), as the mechanics search
 * (symmetry-search.ts) does. Then:
 *
 *  1. Parameters held at one random value: the null space's reduced echelon form, the columns
 *     ordered ξ and η before B. A row whose leading entry lies in a B column has ξ = η = 0, so
 *     Σ D_μB^μ ≡ 0 — a trivial symmetry (B^t = x, B^x = t) — and is not counted: k symmetries.
 *  2. Parameters symbolic: each coefficient a polynomial of degree ≤ 1, then ≤ 2, in the parameters
 *     (ξ^t = x, ξ^x = c²·t is the Lorentz boost of the wave equation), the parameters drawn afresh
 *     per row; the echelon rows, rationalised, are kept while independent of those kept (compared
 *     on their ξ and η parts at a random parameter point), up to k.
 *  3. Each is scaled to coprime integer parameter-free coefficients, named (energy, momentum in x,
 *     shift of u, phase rotation of (u, v), scaling, boost), verified (R ≡ 0 by the zero test, else
 *     at 8 fresh random points) and dropped with a note when that fails or its current is ≡ 0.
 *
 * Limits: degree 0 to 2 and at most MAX_UNKNOWNS columns, refused with the bound otherwise.
 */
import Fraction from "fraction.js";
import { UserError } from "../errors.js";
import { decideZero, difference, negate, power, product, sum, ZERO } from "../expr/algebra.js";
import { findMismatch } from "../expr/numeric/check.js";
import {
  evaluate,
  makeRng,
  randomEnv,
  randomFunctionModel,
  type Rng,
} from "../expr/numeric/evaluate.js";
import { nullSpace, rationalise, reducedRows } from "../expr/numeric/nullspace.js";
import { abstractFunctions, num, symbols, sym, type Expr } from "../expr/types.js";
import {
  fieldResidual,
  fieldResidualRaw,
  firstJet,
  noetherCurrent,
  type FieldGenerator,
} from "./noether-field.js";
import { coprimeScale, MAX_UNKNOWNS } from "./symmetry-search.js";
import type { System } from "./types.js";

export const MAX_FIELD_DEGREE = 2;

export interface FoundFieldSymmetry {
  readonly name: string;
  readonly generator: FieldGenerator;
  readonly current: Record<string, Expr>;
}

/** One unknown: slot (ξ^μ, η_a or B^μ, by kind and key) and the monomial's exponents over z. */
interface Unknown {
  readonly kind: "xi" | "eta" | "gauge";
  readonly key: string;
  readonly exps: readonly number[];
}

interface Column {
  readonly unknown: number;
  readonly pexps: readonly number[];
}

/** Exponent vectors of total degree exactly k over v variables, descending lexicographic. */
function monomials(v: number, k: number): number[][] {
  if (v === 0) return k === 0 ? [[]] : [];
  const out: number[][] = [];
  for (let e = k; e >= 0; e--) for (const rest of monomials(v - 1, k - e)) out.push([e, ...rest]);
  return out;
}

function unknownsOf(sys: System, d: number): Unknown[] {
  const n = sys.variables.length + sys.coordinates.length;
  const out: Unknown[] = [];
  for (let k = 0; k <= d; k++) {
    for (const exps of monomials(n, k)) {
      for (const x of sys.variables) out.push({ kind: "xi", key: x, exps });
      for (const a of sys.coordinates) out.push({ kind: "eta", key: a, exps });
    }
  }
  for (let k = 1; k <= d + 1; k++) {
    for (const exps of monomials(n, k)) {
      for (const x of sys.variables) out.push({ kind: "gauge", key: x, exps });
    }
  }
  return out;
}

const monomialExpr = (sys: System, exps: readonly number[]): Expr => {
  const z = [...sys.variables, ...sys.coordinates];
  return product(...exps.map((e, i) => (e === 0 ? num(1) : power(sym(z[i]), num(e)))));
};

const parameterValue = (pexps: readonly number[], p: readonly number[]) =>
  pexps.reduce((s, e, i) => s * p[i] ** e, 1);

function parameterMonomials(P: number, d: number): number[][] {
  const out: number[][] = [];
  for (let k = 0; k <= d; k++) out.push(...monomials(P, k));
  return out;
}

/** The generator with coefficient expressions per unknown. */
function generatorOf(sys: System, unknowns: readonly Unknown[], coeff: Map<number, Expr>) {
  const slots = { xi: {} as Record<string, Expr[]>, eta: {}, gauge: {} } as Record<
    Unknown["kind"],
    Record<string, Expr[]>
  >;
  for (const [u, c] of coeff) {
    const { kind, key, exps } = unknowns[u];
    (slots[kind][key] ??= []).push(product(c, monomialExpr(sys, exps)));
  }
  const build = (r: Record<string, Expr[]>) =>
    Object.fromEntries(Object.entries(r).map(([k, es]) => [k, sum(...es)]));
  return { xi: build(slots.xi), eta: build(slots.eta), gauge: build(slots.gauge) };
}

/** Rows of A·c = 0 over `cols`, at random jet points; p fixes the parameters when given. */
function sample(
  sys: System,
  residuals: readonly Expr[],
  cols: readonly Column[],
  rng: Rng,
  p?: readonly number[],
): number[][] {
  const names = new Set<string>([...sys.variables, ...sys.coordinates]);
  for (const a of sys.coordinates) sys.variables.forEach((_, m) => names.add(firstJet(sys, a, m)));
  residuals.forEach((r) => symbols(r, names));
  sys.parameters.forEach((q) => names.delete(q));
  const arities = abstractFunctions(sys.lagrangian);
  const positive = new Set(sys.assumptions?.positive ?? []);
  const rows: number[][] = [];
  const want = Math.ceil(cols.length * 1.3) + 8;
  for (let tries = 0; rows.length < want && tries < 4 * want; tries++) {
    const params = p ?? sys.parameters.map(() => 0.5 + rng.next() * 1.5);
    const env: Record<string, number> = randomEnv(names, rng);
    sys.parameters.forEach((q, i) => (env[q] = params[i]));
    for (const s of positive) if (s in env) env[s] = Math.abs(env[s]) + 0.1;
    const model = randomFunctionModel(rng, arities);
    const values = residuals.map((r) => evaluate(r, env, model));
    if (!values.every(Number.isFinite)) continue;
    rows.push(cols.map((c) => values[c.unknown] * parameterValue(c.pexps, params)));
  }
  return rows;
}

/** The symmetries of the field system `sys` (module comment). */
export function findFieldSymmetries(
  sys: System,
  opts: { degree?: number; seed?: number } = {},
): { symmetries: FoundFieldSymmetry[]; notes: string[] } {
  const degree = opts.degree ?? 1;
  if (sys.order > 1) {
    throw new UserError("input", "the symmetry search handles first-order field Lagrangians");
  }
  if (!Number.isInteger(degree) || degree < 0 || degree > MAX_FIELD_DEGREE) {
    throw new UserError(
      "input",
      `for fields --degree must be an integer from 0 to ${MAX_FIELD_DEGREE}`,
    );
  }
  const unknowns = unknownsOf(sys, degree);
  if (unknowns.length > MAX_UNKNOWNS) {
    throw new UserError(
      "input",
      `a field symmetry ansatz of degree ${degree} has ${unknowns.length} unknown coefficients, ` +
        `more than the bound of ${MAX_UNKNOWNS}: lower --degree`,
    );
  }
  const notes: string[] = [];
  const rng = makeRng(opts.seed ?? 1);
  const residuals = unknowns.map((u) =>
    fieldResidualRaw(sys, generatorOf(sys, unknowns, new Map([[unknowns.indexOf(u), num(1)]]))),
  );
  const P = sys.parameters.length;
  const isGauge = (c: Column) => unknowns[c.unknown].kind === "gauge";
  const order = (cols: Column[]) =>
    [...cols].sort((a, b) => Number(isGauge(a)) - Number(isGauge(b)));

  // 1. Parameters fixed: the number k of non-trivial symmetries.
  const p0 = sys.parameters.map(() => 0.5 + rng.next() * 1.5);
  const plain = order(unknowns.map((_, unknown) => ({ unknown, pexps: new Array(P).fill(0) })));
  const W0 = echelon(sample(sys, residuals, plain, rng, p0), plain.length);
  const k = W0.filter((row) => !isGauge(plain[leading(row)])).length;
  if (k === 0) return { symmetries: [], notes };

  // 2. Coefficients polynomial in the parameters.
  let kept: { cols: Column[]; vectors: Fraction[][] } = { cols: [], vectors: [] };
  for (let pdeg = P === 0 ? 0 : 1; pdeg <= 2; pdeg++) {
    const cols: Column[] = [];
    for (const pexps of parameterMonomials(P, pdeg)) {
      unknowns.forEach((_, unknown) => cols.push({ unknown, pexps }));
    }
    if (cols.length > MAX_UNKNOWNS) break;
    const ordered = order(cols);
    const W = echelon(sample(sys, residuals, ordered, rng), ordered.length);
    const p1 = sys.parameters.map(() => 0.5 + rng.next() * 1.5);
    kept = { cols: ordered, vectors: independent(W, ordered, unknowns, p1, k, isGauge) };
    if (kept.vectors.length >= k || P === 0) break;
  }
  if (kept.vectors.length < k) {
    notes.push(
      `${k - kept.vectors.length} of the ${k} field symmetries found at numeric parameter values ` +
        "have coefficients that are not small rationals or polynomials of degree ≤ 2 in the parameters: not reported",
    );
  }

  // 3. Scale, name, verify.
  const symmetries: FoundFieldSymmetry[] = [];
  for (const v of kept.vectors) {
    const found = build(sys, unknowns, kept.cols, v, opts.seed ?? 1, notes);
    if (found) symmetries.push(found);
  }
  return { symmetries, notes: [...new Set(notes)] };
}

const leading = (row: readonly number[]) => row.findIndex((x) => Math.abs(x) > 1e-9);

function echelon(A: number[][], cols: number): number[][] {
  return A.length ? reducedRows(nullSpace(A, cols).basis) : [];
}

/** Rationalised echelon rows with a ξ/η leading entry, independent on ξ, η at p, up to k. */
function independent(
  W: readonly number[][],
  cols: readonly Column[],
  unknowns: readonly Unknown[],
  p: readonly number[],
  k: number,
  isGauge: (c: Column) => boolean,
): Fraction[][] {
  const kept: Fraction[][] = [];
  const ortho: Float64Array[] = [];
  for (const row of W) {
    if (kept.length >= k) break;
    if (isGauge(cols[leading(row)])) continue;
    const exact = row.map((x) =>
      Math.abs(x) < 1e-9 ? ([0, 1] as [number, number]) : rationalise(x),
    );
    if (exact.some((r) => r === undefined)) continue;
    const at = new Float64Array(unknowns.length);
    cols.forEach((c, j) => {
      if (!isGauge(c)) at[c.unknown] += (exact[j]![0] / exact[j]![1]) * parameterValue(c.pexps, p);
    });
    const norm0 = Math.hypot(...at);
    for (const o of ortho) {
      let dot = 0;
      for (let i = 0; i < at.length; i++) dot += o[i] * at[i];
      for (let i = 0; i < at.length; i++) at[i] -= dot * o[i];
    }
    const norm = Math.hypot(...at);
    if (!(norm > 1e-6 * norm0)) continue;
    ortho.push(at.map((x) => x / norm));
    kept.push(exact.map((r) => new Fraction(r![0], r![1])));
  }
  return kept;
}

function build(
  sys: System,
  unknowns: readonly Unknown[],
  cols: readonly Column[],
  vector: readonly Fraction[],
  seed: number,
  notes: string[],
): FoundFieldSymmetry | null {
  const scale = coprimeScale(vector, cols);
  const parts = new Map<number, Expr[]>();
  vector.forEach((x, j) => {
    if (x.equals(0)) return;
    const c = cols[j];
    const factors = c.pexps.map((e, i) => power(sym(sys.parameters[i]), num(e)));
    (parts.get(c.unknown) ?? parts.set(c.unknown, []).get(c.unknown)!).push(
      product(num(x.mul(scale).toFraction()), ...factors),
    );
  });
  let coeff = new Map([...parts].map(([u, es]) => [u, sum(...es)] as [number, Expr]));
  let generator: FieldGenerator = generatorOf(sys, unknowns, coeff);
  const { name, flip } = nameOf(sys, generator);
  if (flip) {
    coeff = new Map([...coeff].map(([u, e]) => [u, negate(e)]));
    generator = generatorOf(sys, unknowns, coeff);
  }
  const R = fieldResidual(sys, generator);
  if (decideZero(R) !== true) {
    const miss = findMismatch(R, ZERO, {
      points: 8,
      seed: seed + 7919,
      functions: abstractFunctions(sys.lagrangian),
      positive: sys.assumptions?.positive,
    });
    if (miss) {
      notes.push(`a candidate field symmetry (${name}) failed verification: dropped`);
      return null;
    }
  }
  const current = noetherCurrent(sys, generator);
  if (Object.values(current).every((e) => decideZero(e) === true)) {
    notes.push(`a trivial field symmetry (${name}, current ≡ 0): dropped`);
    return null;
  }
  return { name, generator, current };
}

const isNum = (e: Expr | undefined, v?: string) =>
  e !== undefined && e.kind === "num" && (v === undefined || e.value === v);
const nonZero = (r: Readonly<Record<string, Expr>>) =>
  Object.entries(r).filter(([, e]) => !isNum(e, "0"));

/** A readable name, and whether to flip the sign (a rotation oriented as η_u = −v, η_v = u). */
function nameOf(sys: System, g: FieldGenerator): { name: string; flip: boolean } {
  const xi = nonZero(g.xi);
  const eta = nonZero(g.eta).sort(
    ([a], [b]) => sys.coordinates.indexOf(a) - sys.coordinates.indexOf(b),
  );
  if (eta.length === 0 && xi.length === 1 && isNum(xi[0][1])) {
    const [x, e] = xi[0];
    const negative = e.kind === "num" && e.value.startsWith("-");
    // Energy as −∂_t: its density J^t is +½u_t² + …, the flux J^x the energy flux.
    if (x === sys.variables[0]) return { name: "energy", flip: !negative };
    return { name: `momentum in ${x}`, flip: negative };
  }
  if (xi.length === 0 && eta.length === 1) {
    const [a, e] = eta[0];
    if (isNum(e)) return { name: `shift of ${a}`, flip: false };
    if (e.kind === "sym" && sys.variables.includes(e.name)) {
      return { name: `shift of ${a} by ${e.name}`, flip: false };
    }
  }
  if (xi.length === 0 && eta.length === 2) {
    const [[a, ea], [b, eb]] = eta;
    // a·η_a + b·η_b ≡ 0: a rotation in the (a, b) plane, oriented η_a = −b.
    if (decideZero(sum(product(sym(a), ea), product(sym(b), eb))) === true) {
      return {
        name: `phase rotation of (${a}, ${b})`,
        flip: decideZero(difference(ea, sym(b))) === true,
      };
    }
  }
  if (
    xi.length === sys.variables.length &&
    xi.every(([x, e]) => JSON.stringify(e) === JSON.stringify(sym(x)))
  ) {
    return { name: "scaling", flip: false };
  }
  if (xi.length === 2 && eta.length === 0) {
    const t = sys.variables[0];
    const [[a, ea], [b]] = [...xi].sort(
      ([p], [q]) => sys.variables.indexOf(p) - sys.variables.indexOf(q),
    );
    if (a === t) return { name: `boost in ${b}`, flip: false };
    // Oriented ξ^a = −b, ξ^b = a.
    const flip = decideZero(difference(ea, sym(b))) === true;
    return { name: `rotation in the (${a}, ${b}) plane`, flip };
  }
  return { name: "symmetry", flip: false };
}
