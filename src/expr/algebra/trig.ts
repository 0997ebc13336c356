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
 * `contractAngles(r)` goes the other way, to shrink: it pairs the terms of an expanded angle sum
 * back into sin(a ± b), cos(a ± b) and sin² + cos² back into 1.
 */
import Fraction from "fraction.js";
import { atom } from "./atoms.js";
import { callRat } from "./canonical.js";
import { monoDiv, monoKey, monoMul, monoPoly, type Mono, type Poly, type Term } from "./poly.js";
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
  monoSortKey,
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

// ---------------------------------------------------------------------------------------------
// Contraction: expanded angle sums and sin² + cos² back into single functions (to shrink).

/** The rules a contraction applied (proof steps name them). */
export type ContractionRule = "angle-sum" | "pythagorean";

const CONTRACT_ROUNDS = 4;

/** A trigonometric or hyperbolic factor of a monomial: fn(arg) to a positive power. */
interface TrigFactor {
  readonly id: number;
  readonly e: number;
  readonly family: Family;
  readonly role: "s" | "c";
  readonly arg: Rat;
}

function trigFactors(m: Mono): TrigFactor[] {
  const out: TrigFactor[] = [];
  for (const [id, e] of m) {
    const info = atom(id).info;
    if (e < 1 || info.kind !== "call" || info.d.length) continue;
    const pair = PAIR[info.fn];
    if (pair) out.push({ id, e, family: pair.family, role: pair.role, arg: info.args[0] });
  }
  return out.sort((x, y) => (atom(x.id).sortKey < atom(y.id).sortKey ? -1 : 1));
}

const FN: Record<Family, Record<"s" | "c", string>> = {
  trig: { s: "sin", c: "cos" },
  hyperbolic: { s: "sinh", c: "cosh" },
};

/** The atom id of fn(arg) (arg canonical, leading sign positive, as in an atom). */
function atomOf(fn: string, arg: Rat): number {
  const [t] = callRat(fn, [arg]).num.values();
  return t.m[0][0];
}

/** A found pair: the two terms become C·R·result. */
interface Contraction {
  readonly keys: readonly [string, string];
  readonly rest: Mono;
  readonly c: Fraction;
  readonly result: Rat;
  readonly rule: ContractionRule;
}

/**
 * The partner of term t through the factors f (and g): the term that completes an angle sum
 *   s(a)·c(b) ± c(a)·s(b) = s(a ± b),   c(a)·c(b) ∓ s(a)·s(b) = c(a ± b) (hyperbolic: ±),
 * or (f alone, squared) s(a)² + c(a)² = 1 (cosh² − sinh² = 1); undefined when p has none.
 */
function partner(p: Poly, t: Term, f: TrigFactor, g?: TrigFactor): Contraction | undefined {
  const fns = FN[f.family];
  const swap = (x: TrigFactor) => atomOf(x.role === "s" ? fns.c : fns.s, x.arg);
  const hyper = f.family === "hyperbolic";
  if (!g) {
    if (f.role !== "c" || f.e < 2) return undefined;
    const rest = monoDiv(t.m, [[f.id, 2]]);
    const other = monoMul(rest, [[swap(f), 2]]);
    const u = p.get(monoKey(other));
    // c·R·cos² + c·R·sin² = c·R;  c·R·cosh² − c·R·sinh² = c·R.
    if (!u || !u.c.equals(hyper ? t.c.neg() : t.c)) return undefined;
    return {
      keys: [monoKey(t.m), monoKey(other)],
      rest,
      c: t.c,
      result: RAT_ONE,
      rule: "pythagorean",
    };
  }
  const pairMono = (a: number, b: number): Mono =>
    a < b
      ? [
          [a, 1],
          [b, 1],
        ]
      : [
          [b, 1],
          [a, 1],
        ];
  const rest = monoDiv(t.m, pairMono(f.id, g.id));
  const other = monoMul(rest, pairMono(swap(f), swap(g)));
  const key = monoKey(other);
  const u = key === monoKey(t.m) ? undefined : p.get(key);
  if (!u) return undefined;
  const plus = u.c.equals(t.c);
  if (!plus && !u.c.equals(t.c.neg())) return undefined;
  let fn: string;
  let arg: Rat;
  let c = t.c;
  if (f.role !== g.role) {
    // f = s(a), g = c(b) (or the reverse): C·s(a)c(b) ± C·c(a)s(b) = C·s(a ± b).
    const [s, other2] = f.role === "s" ? [f, g] : [g, f];
    fn = fns.s;
    arg = plus ? ratAdd(s.arg, other2.arg) : ratSub(s.arg, other2.arg);
  } else {
    // C·c(a)c(b) + S·s(a)s(b): S = ∓C gives C·c(a ± b) (trig), S = ±C (hyperbolic).
    if (f.role === "s") c = u.c;
    fn = fns.c;
    arg = plus !== hyper ? ratSub(f.arg, g.arg) : ratAdd(f.arg, g.arg);
  }
  return {
    keys: [monoKey(t.m), key],
    rest,
    c,
    result: callRat(fn, [arg]),
    rule: "angle-sum",
  };
}

/** One pass over the terms of p: disjoint pairs contracted, greedily in print order. */
function contractPass(p: Poly, rules: Set<ContractionRule>): Poly | undefined {
  const terms = [...p.values()]
    .map((t) => ({ t, k: monoSortKey(t.m) }))
    .sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0))
    .map(({ t }) => t);
  const used = new Set<string>();
  const found: Contraction[] = [];
  for (const t of terms) {
    if (used.has(monoKey(t.m))) continue;
    const fs = trigFactors(t.m);
    let hit: Contraction | undefined;
    const tryPair = (f: TrigFactor, g?: TrigFactor) => {
      const h = partner(p, t, f, g);
      if (h && !used.has(h.keys[1])) hit = h;
    };
    for (let i = 0; i < fs.length && !hit; i++) {
      tryPair(fs[i]);
      for (let j = i + 1; j < fs.length && !hit; j++) {
        if (fs[i].family === fs[j].family) tryPair(fs[i], fs[j]);
      }
    }
    if (!hit) continue;
    used.add(hit.keys[0]);
    used.add(hit.keys[1]);
    found.push(hit);
  }
  if (!found.length) return undefined;
  let out: Rat = { num: new Map([...p].filter(([k]) => !used.has(k))), den: [] };
  for (const h of found) {
    out = ratAdd(out, ratMul({ num: monoPoly(h.rest, h.c), den: [] }, h.result));
    rules.add(h.rule);
  }
  return out.num;
}

/**
 * Contract angle sums and Pythagorean pairs in the numerator and in each denominator factor of r:
 *
 *   C·R·sin a·cos b ± C·R·cos a·sin b → C·R·sin(a ± b)
 *   C·R·cos a·cos b ∓ C·R·sin a·sin b → C·R·cos(a ± b)      (cosh(a ± b) with ±; sinh as sin)
 *   C·R·sin² a + C·R·cos² a → C·R                           (C·R·cosh² a − C·R·sinh² a → C·R)
 *
 * for terms with the same rest R and equal or opposite coefficients, repeated while a pass finds
 * a pair (at most CONTRACT_ROUNDS passes). Each rewrite is an identity and replaces two terms by
 * one; `rules` lists those applied.
 */
export function contractAngles(r: Rat): { rat: Rat; rules: ContractionRule[] } {
  const rules = new Set<ContractionRule>();
  const poly = (p: Poly): Rat => {
    let q = p;
    for (let k = 0; k < CONTRACT_ROUNDS; k++) {
      const next = contractPass(q, rules);
      if (!next) break;
      q = next;
    }
    return { num: q, den: [] };
  };
  if (!hasTrig(r)) return { rat: r, rules: [] };
  const rat = mapRat(r, poly);
  return { rat: rules.size ? rat : r, rules: [...rules].sort() };
}
