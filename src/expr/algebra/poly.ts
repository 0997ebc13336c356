/**
 * Sparse multivariate Laurent polynomials over ℚ in numbered atoms.
 *
 * Why our own: nerdamer and mathjs have no exact, sparse representation that treats abstract
 * function applications (f(x), V_1(x, y)) and jet variables (x', u_tx) as opaque atoms, and their
 * simplifiers are not canonical. A polynomial ring over ℚ in independent atoms, with negative
 * exponents allowed (so 1/r is the monomial r⁻¹), is an integral domain: an expanded polynomial is
 * zero exactly when it has no terms. That is the zero test everything else stands on.
 *
 * A monomial is a list of [atom id, exponent] pairs sorted by atom id, exponents nonzero integers.
 * Monomials are compared in the lexicographic order on exponent vectors (a group order: it is
 * compatible with multiplication, also for negative exponents), which exact division relies on.
 */
import Fraction from "fraction.js";
import type { Mono, Poly, Term } from "../types.js";

export type { Mono, Poly, Term };

const ZERO_Q = new Fraction(0);
export const ONE_Q = new Fraction(1);
const EMPTY_MONO: Mono = [];

export function monoKey(m: Mono): string {
  let s = "";
  for (const [a, e] of m) s += s ? `*${a}^${e}` : `${a}^${e}`;
  return s;
}

/** m1·m2 (exponents add; atoms whose exponents cancel disappear). */
export function monoMul(m1: Mono, m2: Mono, sign2 = 1): Mono {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < m1.length || j < m2.length) {
    const a = i < m1.length ? m1[i][0] : Infinity;
    const b = j < m2.length ? m2[j][0] : Infinity;
    if (a < b) out.push([a, m1[i++][1]]);
    else if (b < a) out.push([b, sign2 * m2[j++][1]]);
    else {
      const e = m1[i++][1] + sign2 * m2[j++][1];
      if (e !== 0) out.push([a, e]);
    }
  }
  return out;
}

/** m1/m2. */
export const monoDiv = (m1: Mono, m2: Mono): Mono => monoMul(m1, m2, -1);

/** Lexicographic comparison of exponent vectors: negative when m1 < m2. */
function monoCmp(m1: Mono, m2: Mono): number {
  let i = 0;
  let j = 0;
  for (;;) {
    const a = i < m1.length ? m1[i][0] : Infinity;
    const b = j < m2.length ? m2[j][0] : Infinity;
    if (a === Infinity && b === Infinity) return 0;
    if (a < b) return m1[i][1] > 0 ? 1 : -1;
    if (b < a) return m2[j][1] > 0 ? -1 : 1;
    const d = m1[i++][1] - m2[j++][1];
    if (d !== 0) return d;
  }
}

export function constPoly(c: Fraction): Poly {
  return c.equals(0) ? new Map() : new Map([["", { m: EMPTY_MONO, c }]]);
}

export function monoPoly(m: Mono, c: Fraction = ONE_Q): Poly {
  return c.equals(0) ? new Map() : new Map([[monoKey(m), { m, c }]]);
}

function accumulate(out: Map<string, Term>, m: Mono, c: Fraction, key = monoKey(m)): void {
  const t = out.get(key);
  if (!t) out.set(key, { m, c });
  else {
    const s = t.c.add(c);
    if (s.equals(0)) out.delete(key);
    else out.set(key, { m, c: s });
  }
}

export function polyAdd(p: Poly, q: Poly, scale: Fraction = ONE_Q): Poly {
  if (q.size === 0) return p;
  const out = new Map(p);
  for (const [k, t] of q) accumulate(out, t.m, scale === ONE_Q ? t.c : t.c.mul(scale), k);
  return out;
}

export function polyScale(p: Poly, c: Fraction, m: Mono = EMPTY_MONO): Poly {
  if (c.equals(0)) return new Map();
  const out = new Map<string, Term>();
  for (const t of p.values()) {
    const mm = m.length ? monoMul(t.m, m) : t.m;
    out.set(monoKey(mm), { m: mm, c: t.c.mul(c) });
  }
  return out;
}

/** Thrown when a computation inside {@link withinBudget} exceeds its budget. */
export class BudgetExceeded extends Error {
  constructor() {
    super("the canonical form exceeded its size budget");
  }
}

let budget: { left: number } | undefined;

/**
 * Run `fn` with at most `terms` term operations (products of terms in multiplications, steps of
 * exact division: the measure of expression swell); undefined when it would need more. Budgets nest: the inner one also draws on
 * the outer one.
 */
export function withinBudget<T>(terms: number, fn: () => T): T | undefined {
  const outer = budget;
  const start = outer ? Math.min(terms, outer.left) : terms;
  const inner = { left: start };
  budget = inner;
  try {
    return fn();
  } catch (err) {
    if (err instanceof BudgetExceeded && inner.left < 0) return undefined;
    throw err;
  } finally {
    if (outer) outer.left -= start - inner.left;
    budget = outer;
  }
}

/** Draw `work` term operations from the active budget, if any. */
function charge(work: number): void {
  if (!budget) return;
  budget.left -= work;
  if (budget.left < 0) throw new BudgetExceeded();
}

export function polyMul(p: Poly, q: Poly): Poly {
  charge(p.size * q.size);
  if (p.size > q.size) [p, q] = [q, p];
  const out = new Map<string, Term>();
  for (const s of p.values())
    for (const t of q.values()) accumulate(out, monoMul(s.m, t.m), s.c.mul(t.c));
  return out;
}

export function polyPow(p: Poly, k: number): Poly {
  let r: Poly = constPoly(ONE_Q);
  let b = p;
  while (k > 0) {
    if (k & 1) r = polyMul(r, b);
    k >>= 1;
    if (k) b = polyMul(b, b);
  }
  return r;
}

/** The largest term in the monomial order (undefined for the zero polynomial). */
function leadTerm(p: Poly): Term | undefined {
  let best: Term | undefined;
  for (const t of p.values()) if (!best || monoCmp(t.m, best.m) > 0) best = t;
  return best;
}

function trailTerm(p: Poly): Term | undefined {
  let best: Term | undefined;
  for (const t of p.values()) if (!best || monoCmp(t.m, best.m) < 0) best = t;
  return best;
}

/** For each atom, [min, max] exponent over the terms of p. */
function exponentRanges(p: Poly): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  let first = true;
  for (const t of p.values()) {
    const seen = new Set<number>();
    for (const [a, e] of t.m) {
      seen.add(a);
      const r = out.get(a);
      if (r) {
        r[0] = Math.min(r[0], e);
        r[1] = Math.max(r[1], e);
      } else out.set(a, first ? [e, e] : [Math.min(0, e), Math.max(0, e)]);
    }
    for (const [a, r] of out) {
      if (!seen.has(a)) {
        r[0] = Math.min(r[0], 0);
        r[1] = Math.max(r[1], 0);
      }
    }
    first = false;
  }
  return out;
}

/**
 * A necessary condition for d | p in the Laurent ring: in every atom, the spread of exponents
 * (max − min over the terms) of p is at least that of d, because spreads add under products.
 */
function spreadsAllow(p: Poly, d: Poly): boolean {
  const rp = exponentRanges(p);
  for (const [a, [lo, hi]] of exponentRanges(d)) {
    if (hi === lo) continue;
    const r = rp.get(a);
    if (!r || r[1] - r[0] < hi - lo) return false;
  }
  return true;
}

/** A max-heap of monomials (lazy: entries whose term has left the remainder are skipped). */
class MonoHeap {
  private readonly items: { m: Mono; key: string }[] = [];
  push(m: Mono, key: string): void {
    const a = this.items;
    a.push({ m, key });
    for (let i = a.length - 1; i > 0; ) {
      const j = (i - 1) >> 1;
      if (monoCmp(a[i].m, a[j].m) <= 0) break;
      [a[i], a[j]] = [a[j], a[i]];
      i = j;
    }
  }
  pop(): { m: Mono; key: string } | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let b = i;
        if (l < a.length && monoCmp(a[l].m, a[b].m) > 0) b = l;
        if (r < a.length && monoCmp(a[r].m, a[b].m) > 0) b = r;
        if (b === i) break;
        [a[i], a[b]] = [a[b], a[i]];
        i = b;
      }
    }
    return top;
  }
}

/**
 * p/d when d divides p exactly in the Laurent ring, else null.
 * If p = q·d then lead(p) = lead(q)·lead(d) and trail(p) = trail(q)·trail(d), so every term of q
 * lies between those bounds: long division either finishes or steps below trail(p)/trail(d).
 * Cheap refusals come first (exponent spreads per atom, see spreadsAllow); the remainder's leading
 * term comes from a heap, so a step costs O(|d| log) instead of a scan of the whole remainder. The
 * work is also capped (a remainder growing well beyond p, or too many quotient terms): then null
 * means "not shown to divide", which is all cancellation needs.
 */
export function polyDivExact(p: Poly, d: Poly): Poly | null {
  const ld = leadTerm(d);
  const td = trailTerm(d);
  const tp = trailTerm(p);
  if (!ld || !td) throw new Error("division by the zero polynomial");
  if (!tp) return p;
  if (d.size > p.size * 8 + 8 || !spreadsAllow(p, d)) return null;
  const bound = monoDiv(tp.m, td.m);
  const r = new Map(p); // the remainder, updated in place
  const heap = new MonoHeap();
  for (const [k, t] of r) heap.push(t.m, k);
  const q = new Map<string, Term>();
  const maxSteps = 2 * p.size + 16;
  const maxRemainder = 4 * p.size + d.size;
  for (let step = 0; r.size > 0; step++) {
    if (step > maxSteps || r.size > maxRemainder) return null;
    charge(d.size);
    let top = heap.pop();
    while (top && !r.has(top.key)) top = heap.pop();
    if (!top) return null;
    const lr = r.get(top.key)!;
    const m = monoDiv(lr.m, ld.m);
    if (monoCmp(m, bound) < 0) return null;
    const c = lr.c.div(ld.c);
    accumulate(q, m, c);
    const nc = c.neg();
    for (const t of d.values()) {
      const mm = monoMul(t.m, m);
      const key = monoKey(mm);
      const had = r.has(key);
      accumulate(r, mm, t.c.mul(nc), key);
      if (!had && r.has(key)) heap.push(mm, key);
    }
  }
  return q;
}

/** Canonical string of a polynomial (terms sorted by key): equal polys have equal keys. */
export function polyKey(p: Poly): string {
  return [...p.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, t]) => `${t.c.toFraction()}#${k}`)
    .join("+");
}

/** The constant value of a polynomial with no atoms, else undefined. */
export function polyConst(p: Poly): Fraction | undefined {
  if (p.size === 0) return ZERO_Q;
  if (p.size === 1) {
    const t = p.get("");
    if (t) return t.c;
  }
  return undefined;
}

/** Componentwise minimum exponent over all terms: the largest monomial dividing every term. */
export function monoGcd(p: Poly): Mono {
  let g: Map<number, number> | undefined;
  for (const t of p.values()) {
    const here = new Map(t.m);
    if (!g) g = here;
    else {
      for (const a of new Set([...g.keys(), ...here.keys()])) {
        g.set(a, Math.min(g.get(a) ?? 0, here.get(a) ?? 0));
      }
    }
  }
  return [...(g ?? new Map<number, number>())]
    .filter(([, e]) => e !== 0)
    .sort((x, y) => x[0] - y[0]);
}

/** Rational gcd of the coefficients, with the sign of the leading term (so p/content is primitive). */
export function polyContent(p: Poly): Fraction {
  let g: Fraction | undefined;
  for (const t of p.values()) g = g ? g.gcd(t.c) : t.c.abs();
  const lead = leadTerm(p);
  if (!g || !lead) return ONE_Q;
  return lead.c.compare(0) < 0 ? g.neg() : g;
}
