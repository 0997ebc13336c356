/**
 * Trigonometric and hyperbolic identities on canonical rational functions:
 *
 *   Pythagorean   cos(u)² = 1 − sin(u)²      cosh(u)² = 1 + sinh(u)²      (or the reverse)
 *   angle sums    sin(a + b) = sin a·cos b + cos a·sin b,  cos(a + b) = cos a·cos b − sin a·sin b
 *                 (and the same for sinh/cosh), integer multiples sin(k·u) by repeated sums
 *
 * `pythagorean(r, "sin")` rewrites every even power cos(u)^(2k) in numerator and denominators into
 * (1 − sin(u)²)^k: the result is a canonical form modulo the identity for each argument u. After
 * `expandAngles`, the sines and cosines are of single terms (θ₁, not θ₁ − θ₂), so that
 * `pythagoreanZero(r)` decides whether a polynomial or rational expression in them vanishes.
 */
import Fraction from "fraction.js";
import { atom } from "./atoms.js";
import { callRat } from "./canonical.js";
import { monoPoly, type Mono, type Poly } from "./poly.js";
import {
  RAT_ONE,
  RAT_ZERO,
  ratAdd,
  ratInv,
  ratIsZero,
  ratKey,
  ratMul,
  ratPowInt,
  ratScale,
  ratSub,
  type Rat,
} from "./rat.js";

type Family = "trig" | "hyperbolic";
const PAIR: Record<string, { family: Family; role: "s" | "c" }> = {
  sin: { family: "trig", role: "s" },
  cos: { family: "trig", role: "c" },
  sinh: { family: "hyperbolic", role: "s" },
  cosh: { family: "hyperbolic", role: "c" },
};

/** Rewrite each term of a polynomial through `factor(atom id, exponent)` (null: keep it). */
function mapAtoms(p: Poly, factor: (id: number, e: number) => Rat | null): Rat {
  let out: Rat = RAT_ZERO;
  for (const t of p.values()) {
    const keep: [number, number][] = [];
    let f: Rat = RAT_ONE;
    for (const [id, e] of t.m) {
      const r = factor(id, e);
      if (r) f = ratMul(f, r);
      else keep.push([id, e]);
    }
    out = ratAdd(out, ratMul({ num: monoPoly(keep as Mono, t.c), den: [] }, f));
  }
  return out;
}

/** Apply a polynomial rewrite to the numerator and to each denominator factor. */
function mapRat(r: Rat, poly: (p: Poly) => Rat): Rat {
  let out = poly(r.num);
  for (const f of r.den) out = ratMul(out, ratInv(ratPowInt(poly(f.p), f.e)));
  return out;
}

/**
 * cos(u)^(2k+j) → cos(u)^j·(1 − sin(u)²)^k (toward "sin"), or sin(u)^(2k+j) → sin(u)^j·(1 −
 * cos(u)²)^k (toward "cos"); hyperbolic: cosh² = 1 + sinh². Only positive powers are rewritten.
 */
export function pythagorean(r: Rat, toward: "sin" | "cos"): Rat {
  const rewrite = (id: number, e: number): Rat | null => {
    const info = atom(id).info;
    if (info.kind !== "call" || e < 2 || info.d.length) return null;
    const pair = PAIR[info.fn];
    if (!pair || pair.role !== (toward === "sin" ? "c" : "s")) return null;
    const hyper = pair.family === "hyperbolic";
    const other = callRat(hyper ? (toward === "sin" ? "sinh" : "cosh") : toward, [info.args[0]]);
    // trig: c² = 1 − s², s² = 1 − c²; hyperbolic: cosh² = 1 + sinh², sinh² = cosh² − 1.
    const sq = ratMul(other, other);
    const unit = hyper
      ? toward === "sin"
        ? ratAdd(RAT_ONE, sq)
        : ratSub(sq, RAT_ONE)
      : ratSub(RAT_ONE, sq);
    const k = Math.floor(e / 2);
    return ratMul(ratPowInt(unit, k), e % 2 ? ratAtomOf(id) : RAT_ONE);
  };
  return mapRat(r, (p) => mapAtoms(p, rewrite));
}

const ratAtomOf = (id: number): Rat => ({ num: monoPoly([[id, 1]]), den: [] });

/** The terms of a canonical argument u = Σ cᵢ·mᵢ (a polynomial without denominators). */
function argTerms(u: Rat): Rat[] | null {
  if (u.den.length) return null;
  return [...u.num.values()].map((t) => ({ num: monoPoly(t.m, t.c), den: [] }));
}

const ANGLE_LIMIT = 8;

/** [s(u), c(u)] for the family, with u = Σ terms expanded by angle sums and integer multiples. */
function sc(family: Family, u: Rat, depth = 0): [Rat, Rat] {
  const [sf, cf] = family === "trig" ? ["sin", "cos"] : ["sinh", "cosh"];
  const terms = argTerms(u);
  const plain = (): [Rat, Rat] => [callRat(sf, [u]), callRat(cf, [u])];
  if (!terms || depth > ANGLE_LIMIT) return plain();
  const sign = family === "trig" ? -1 : 1; // cos(a+b) = ca·cb ∓ sa·sb
  const sum = (a: [Rat, Rat], b: [Rat, Rat]): [Rat, Rat] => [
    ratAdd(ratMul(a[0], b[1]), ratMul(a[1], b[0])),
    ratAdd(ratMul(a[1], b[1]), ratScale(ratMul(a[0], b[0]), new Fraction(sign))),
  ];
  if (terms.length > 1) {
    const [first, ...rest] = terms;
    const restSum = rest.reduce((s, t) => ratAdd(s, t), RAT_ZERO);
    return sum(sc(family, first, depth + 1), sc(family, restSum, depth + 1));
  }
  // One term c·m: an integer multiple k·(m) with 2 ≤ |k| ≤ ANGLE_LIMIT expands, as does a sign.
  const [t] = [...u.num.values()];
  if (!t || t.c.d !== 1n || t.c.equals(1)) return plain();
  const k = Number(t.c.n) * Number(t.c.s);
  if (Math.abs(k) > ANGLE_LIMIT) return plain();
  const base: [Rat, Rat] = sc(family, { num: monoPoly(t.m), den: [] }, depth + 1);
  let acc: [Rat, Rat] = base;
  for (let i = 1; i < Math.abs(k); i++) acc = sum(acc, base);
  return k < 0 ? [ratScale(acc[0], new Fraction(-1)), acc[1]] : acc;
}

/** Every sin, cos, sinh, cosh of a sum or an integer multiple rewritten by the angle-sum rules. */
export function expandAngles(r: Rat): Rat {
  const rewrite = (id: number, e: number): Rat | null => {
    const info = atom(id).info;
    if (info.kind !== "call" || info.d.length) return null;
    const pair = PAIR[info.fn];
    if (!pair) return null;
    const terms = argTerms(info.args[0]);
    const single = terms?.length === 1 && [...info.args[0].num.values()][0].c.equals(1);
    if (!terms || single) return null;
    const [s, c] = sc(pair.family, info.args[0]);
    return ratPowInt(pair.role === "s" ? s : c, e);
  };
  return mapRat(r, (p) => mapAtoms(p, rewrite));
}

/** Whether r has an atom sin, cos, sinh or cosh (then the identities may matter). */
export function hasTrig(r: Rat): boolean {
  const polys = [r.num, ...r.den.map((f) => f.p)];
  return polys.some((p) =>
    [...p.values()].some((t) =>
      t.m.some(([id]) => {
        const info = atom(id).info;
        return info.kind === "call" && info.fn in PAIR;
      }),
    ),
  );
}

/**
 * Whether r vanishes modulo the angle-sum and Pythagorean identities: expand the angles, then
 * reduce toward sines. Decides polynomial and rational expressions in sin/cos/sinh/cosh of
 * independent symbols.
 */
export function pythagoreanZero(r: Rat): boolean {
  if (ratIsZero(r)) return true;
  if (!hasTrig(r)) return false;
  return ratIsZero(pythagorean(expandAngles(r), "sin"));
}

/** Key of r after the reductions (equal keys ⇒ equal modulo the identities). */
export const pythagoreanKey = (r: Rat): string => ratKey(pythagorean(expandAngles(r), "sin"));
