/**
 * Exact numbers of the normalised trees: the rational value of a number node (fraction.js), number
 * nodes for rationals (keeping a decimal literal's text while it is unchanged), and exact powers
 * and roots of rationals (4^(1/2) = 2; 8^(1/2) = 2·2^(1/2) by pulling out powers of small primes).
 */
import Fraction from "fraction.js";
import { decimalText, isScientific } from "../syntax/decimal.js";
import { num, type Expr, type Num } from "../types.js";

const fracCache = new WeakMap<Num, Fraction>();

/** The exact value of a number node. */
export function fraction(e: Num): Fraction {
  let f = fracCache.get(e);
  if (!f) {
    f = new Fraction(e.value);
    fracCache.set(e, f);
  }
  return f;
}

/** A number node for an exact rational. */
export const rational = (f: Fraction): Num => num(f.toFraction());

/**
 * The number node for c computed from the number nodes `from`: the node itself when c is a lone
 * one unchanged (keeping its literal text); decimal text when some had text and c is a terminating
 * decimal (½·9.109e-31 prints as 4.5545e-31); else the rational.
 */
export function numberFrom(c: Fraction, from: readonly Num[]): Num {
  if (from.length === 1 && fraction(from[0]).equals(c)) return from[0];
  const texts = from.flatMap((n) => (n.text === undefined ? [] : [n.text]));
  const text = texts.length ? decimalText(c, texts.some(isScientific)) : undefined;
  return text === undefined ? rational(c) : { ...rational(c), text };
}

export const ZERO = num(0);
export const ONE = num(1);
/** Whether e is the number v (not a type guard: a false answer must not narrow the kind away). */
export const isNum = (e: Expr, v: number): boolean => e.kind === "num" && fraction(e).equals(v);

/** Exact integer k-th root of a non-negative bigint, or undefined. */
export function intRoot(n: bigint, k: number): bigint | undefined {
  if (n < 2n) return n;
  let r = BigInt(Math.round(Number(n) ** (1 / k)));
  for (const c of [r - 1n, r, r + 1n]) if (c >= 0n && c ** BigInt(k) === n) return c;
  // Float estimate too coarse for huge n: Newton's method.
  r = n;
  let y = ((BigInt(k) - 1n) * r + n / r ** BigInt(k - 1)) / BigInt(k);
  while (y < r) {
    r = y;
    y = ((BigInt(k) - 1n) * r + n / r ** BigInt(k - 1)) / BigInt(k);
  }
  return r ** BigInt(k) === n ? r : undefined;
}

export const SMALL_PRIMES = (() => {
  const ps: number[] = [];
  for (let k = 2; k < 200; k++) if (ps.every((p) => k % p !== 0)) ps.push(k);
  return ps.map(BigInt);
})();

/** n = o^q·i with the q-th powers of small primes moved out: [o, i]. */
export function rootSplit(n: bigint, q: number): [bigint, bigint] {
  let o = 1n;
  let i = n;
  const Q = BigInt(q);
  for (const p of SMALL_PRIMES) {
    const pq = p ** Q;
    if (pq > i) break;
    while (i % pq === 0n) {
      i /= pq;
      o *= p;
    }
  }
  return [o, i];
}

/** b^e for rationals, when exact (integer e; or e = p/q with b ≥ 0 a perfect q-th power). */
export function numPow(b: Fraction, e: Fraction): Fraction | undefined {
  if (e.d === 1n) {
    if (b.equals(0) && e.s < 0) return undefined; // 0^(−k): leave it for the evaluator to reject
    return b.pow(e);
  }
  if (b.s < 0 || e.d > 64n) return undefined;
  const q = Number(e.d);
  const n = intRoot(b.n, q);
  const d = intRoot(b.d, q);
  if (n === undefined || d === undefined) return undefined;
  const root = new Fraction(n, d);
  if (root.equals(0) && e.s < 0) return undefined;
  return root.pow(new Fraction(e.s * e.n));
}
