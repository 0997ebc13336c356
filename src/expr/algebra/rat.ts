/**
 * Canonical rational functions in atoms: num / Π den_i^e_i.
 *
 * `num` is an expanded Laurent polynomial (monomial denominators such as 1/r² live there as
 * negative exponents). `den` lists normalised non-monomial polynomial factors, kept factored as
 * SymPy's `together` does, so that no multivariate gcd is needed: sums take the lcm of the factor
 * lists, and a factor is cancelled whenever exact division shows it divides the numerator.
 *
 * Zero test: a Rat is zero exactly when `num` has no terms (the ring is an integral domain in
 * independent atoms). Radicals R = b^(1/q) are kept with exponents in [0, q): R^q is replaced by b,
 * so √(1 − v²)·√(1 − v²) = 1 − v² is seen.
 */
import Fraction from "fraction.js";
import { UserError } from "../../errors.js";
import { atom, intern } from "./atoms.js";
import {
  constPoly,
  monoGcd,
  monoPoly,
  ONE_Q,
  polyAdd,
  polyConst,
  polyContent,
  polyDivExact,
  polyKey,
  polyMul,
  polyPow,
  polyScale,
} from "./poly.js";
import type { Mono, Poly } from "../types.js";
import type { DenFactor, Rat } from "../types.js";

export type { DenFactor, Rat };

export const ratConst = (c: Fraction | number | string): Rat => ({
  num: constPoly(c instanceof Fraction ? c : new Fraction(c)),
  den: [],
});
export const RAT_ZERO = ratConst(0);
export const RAT_ONE = ratConst(1);

export function ratAtom(id: number, e = 1): Rat {
  return reduceRoots({ num: monoPoly([[id, e]]), den: [] });
}

export const ratIsZero = (r: Rat): boolean => r.num.size === 0;

/** The rational constant r, if r has no atoms. */
export function ratConstValue(r: Rat): Fraction | undefined {
  return r.den.length === 0 ? polyConst(r.num) : undefined;
}

export function ratKey(r: Rat): string {
  const n = polyKey(r.num);
  return r.den.length === 0 ? n : `${n}/${r.den.map((f) => `(${f.key})^${f.e}`).join("")}`;
}

/** Process-independent key (atoms by sortKey), for deterministic ordering. */
export function polySortKey(p: Poly): string {
  return [...p.values()]
    .map((t) => `${monoSortKey(t.m)}#${t.c.toFraction()}`)
    .sort()
    .join("+");
}
export function monoSortKey(m: Mono): string {
  return m
    .map(([a, e]) => `${atom(a).sortKey}^${e}`)
    .sort()
    .join("*");
}
export function ratSortKey(r: Rat): string {
  const n = polySortKey(r.num);
  return r.den.length === 0 ? n : `${n}/${r.den.map((f) => polySortKey(f.p) + f.e).join(",")}`;
}

/** Sign of the term that prints first (by sort key): fixes a representative up to sign. */
export function leadingSign(p: Poly): number {
  let best: { k: string; c: Fraction } | undefined;
  for (const t of p.values()) {
    const k = monoSortKey(t.m);
    if (!best || k < best.k) best = { k, c: t.c };
  }
  return best ? best.c.compare(0) : 0;
}

/** Symbols r depends on. */
export function ratFree(r: Rat): Set<string> {
  const out = new Set<string>();
  const visit = (p: Poly) => {
    for (const t of p.values()) for (const [a] of t.m) for (const s of atom(a).free) out.add(s);
  };
  visit(r.num);
  for (const f of r.den) visit(f.p);
  return out;
}

function denProduct(den: readonly DenFactor[], skip?: ReadonlyMap<string, number>): Poly {
  let p: Poly = constPoly(ONE_Q);
  for (const f of den) {
    const e = f.e - (skip?.get(f.key) ?? 0);
    if (e > 0) p = polyMul(p, polyPow(f.p, e));
  }
  return p;
}

/** Cancel every denominator factor that divides the numerator exactly. */
function cancel(num: Poly, den: readonly DenFactor[]): Rat {
  if (den.length === 0 || num.size === 0) return { num, den: num.size === 0 ? [] : den };
  const out: DenFactor[] = [];
  for (const f of den) {
    let e = f.e;
    while (e > 0 && num.size >= f.p.size) {
      const q = polyDivExact(num, f.p);
      if (!q) break;
      num = q;
      e--;
    }
    if (e > 0) out.push(e === f.e ? f : { ...f, e });
  }
  return { num, den: out };
}

function addRaw(a: Rat, b: Rat): Rat {
  if (ratIsZero(a)) return b;
  if (ratIsZero(b)) return a;
  if (a.den.length === 0 && b.den.length === 0) return { num: polyAdd(a.num, b.num), den: [] };
  const lcm = new Map<string, DenFactor>();
  for (const f of [...a.den, ...b.den]) {
    const g = lcm.get(f.key);
    if (!g || g.e < f.e) lcm.set(f.key, f);
  }
  const den = [...lcm.values()];
  const missing = (r: Rat) => {
    const have = new Map(r.den.map((f) => [f.key, f.e]));
    return den
      .filter((f) => f.e > (have.get(f.key) ?? 0))
      .map((f) => ({ ...f, e: f.e - (have.get(f.key) ?? 0) }));
  };
  const num = polyAdd(
    polyMul(a.num, denProduct(missing(a))),
    polyMul(b.num, denProduct(missing(b))),
  );
  return cancel(num, den);
}

function mulRaw(a: Rat, b: Rat): Rat {
  if (ratIsZero(a) || ratIsZero(b)) return RAT_ZERO;
  const num = polyMul(a.num, b.num);
  if (a.den.length === 0 && b.den.length === 0) return { num, den: [] };
  const merged = new Map<string, DenFactor>();
  for (const f of [...a.den, ...b.den]) {
    const g = merged.get(f.key);
    merged.set(f.key, g ? { ...g, e: g.e + f.e } : f);
  }
  return cancel(num, [...merged.values()]);
}

/** True for a radical R = b^(1/q) whose exponent e lies outside [0, q). */
const outOfRange = (a: number, e: number): boolean => {
  const info = atom(a).info;
  return info.kind === "root" && (e < 0 || e >= info.q);
};

/**
 * Rewrite radical exponents into [0, q): R^(qk + r) = b^k·R^r for R = b^(1/q). Iterates because b^k
 * may itself carry radicals.
 */
function reduceRoots(r: Rat): Rat {
  for (let round = 0; round < 16; round++) {
    if (![...r.num.values()].some((t) => t.m.some(([a, e]) => outOfRange(a, e)))) return r;
    let num: Rat = RAT_ZERO;
    for (const t of r.num.values()) {
      const keep: [number, number][] = [];
      let factor: Rat = RAT_ONE;
      for (const [a, e] of t.m) {
        const info = atom(a).info;
        if (info.kind === "root" && outOfRange(a, e)) {
          const k = Math.floor(e / info.q);
          if (e - k * info.q) keep.push([a, e - k * info.q]);
          factor = mulRaw(factor, ratPowInt(info.base, k, false));
        } else keep.push([a, e]);
      }
      num = addRaw(num, mulRaw({ num: monoPoly(keep, t.c), den: [] }, factor));
    }
    r = mulRaw(num, { num: constPoly(ONE_Q), den: r.den });
  }
  return r;
}

export const ratAdd = (a: Rat, b: Rat): Rat => reduceRoots(addRaw(a, b));
export const ratMul = (a: Rat, b: Rat): Rat => reduceRoots(mulRaw(a, b));
export const ratNeg = (a: Rat): Rat => ({ num: polyScale(a.num, new Fraction(-1)), den: a.den });
export const ratSub = (a: Rat, b: Rat): Rat => ratAdd(a, ratNeg(b));
export const ratScale = (a: Rat, c: Fraction): Rat => ({ num: polyScale(a.num, c), den: a.den });
export const ratDiv = (a: Rat, b: Rat): Rat => ratMul(a, ratInv(b));

/**
 * Split p = c·m·g with c rational, m a monomial and g normalised (content 1, leading coefficient
 * positive, no monomial factor), so that associated factors share one key.
 */
function normalise(p: Poly): { c: Fraction; m: Mono; g: Poly } {
  const m = monoGcd(p);
  const inv: Mono = m.map(([a, e]) => [a, -e] as const);
  const q = polyScale(p, ONE_Q, inv);
  const content = polyContent(q).abs();
  const c = leadingSign(q) < 0 ? content.neg() : content;
  return { c, m, g: polyScale(q, c.inverse()) };
}

/** 1/a. Throws a UserError when a is identically zero. */
export function ratInv(a: Rat): Rat {
  if (ratIsZero(a)) {
    throw new UserError("division-by-zero", "division by zero: a denominator is identically zero");
  }
  const rest = denProduct(a.den);
  if (a.num.size === 1) {
    const [t] = a.num.values();
    const inv: Mono = t.m.map(([x, e]) => [x, -e] as const);
    return reduceRoots({ num: polyScale(rest, t.c.inverse(), inv), den: [] });
  }
  const { c, m, g } = normalise(a.num);
  const inv: Mono = m.map(([x, e]) => [x, -e] as const);
  const num = polyScale(rest, c.inverse(), inv);
  return reduceRoots(cancel(num, [{ p: g, key: polyKey(g), e: 1 }]));
}

/** a^k for an integer k (negative k inverts). */
export function ratPowInt(a: Rat, k: number, reduce = true): Rat {
  if (k === 0) return RAT_ONE;
  if (k < 0) return ratPowInt(ratInv(a), -k, reduce);
  if (a.num.size === 1 && a.den.length === 0) {
    const [t] = a.num.values();
    const r: Rat = {
      num: monoPoly(
        t.m.map(([x, e]) => [x, e * k] as const),
        t.c.pow(k),
      ),
      den: [],
    };
    return reduce ? reduceRoots(r) : r;
  }
  const r: Rat = {
    num: polyPow(a.num, k),
    den: a.den.map((f) => ({ ...f, e: f.e * k })),
  };
  return reduce ? reduceRoots(r) : r;
}

/**
 * a^(p/q) for q ≥ 2, gcd(p, q) = 1: a perfect rational power of a nonnegative constant is exact;
 * otherwise the radical atom R = a^(1/q) is introduced and R^p reduced.
 */
export function ratRoot(a: Rat, p: number, q: number): Rat {
  const c = ratConstValue(a);
  if (c !== undefined && c.compare(0) >= 0) {
    const r = c.pow(new Fraction(1, q));
    if (r !== null) return ratPowInt(ratConst(r), p);
  }
  if (ratIsZero(a)) {
    if (p <= 0) throw new UserError("division-by-zero", "division by zero: 0 to a negative power");
    return RAT_ZERO;
  }
  const key = `r:${q}:${ratKey(a)}`;
  const atomR = intern(key, `~${ratSortKey(a)}^1/${q}`, { kind: "root", base: a, q }, ratFree(a));
  return ratAtom(atomR.id, p);
}
