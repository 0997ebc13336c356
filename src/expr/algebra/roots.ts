/**
 * Solving p = ∂L/∂v for a single velocity v when the momentum is not affine in v (the
 * relativistic particle's p = m·v/√(1 − v²/c²)):
 *
 *   1. write p − ∂L/∂v as a canonical rational function; its numerator N vanishes at the root;
 *   2. if N = a + b·√B with one square root depending on v, square it away: a² − b²·B = 0
 *      (this may add spurious roots, which step 4 removes);
 *   3. divide out the denominators of step 1 (roots there are spurious), and solve the polynomial
 *      when it is linear or quadratic in v or in v² (biquadratic), pulling square factors out of
 *      the square roots: √(p²c²/(p² + m²c²)) gives the candidates ±p·c/√(p² + m²c²);
 *   4. keep the first root the caller accepts (./branch.ts: the root with v(p(v)) = v on the branch
 *      through rest, checked at random points) — first with the symbols declared positive drawn
 *      positive and every other symbol drawn with either sign, else with the parameters drawn
 *      positive too (then the assumption is reported: √(m²) = m only for m > 0); the root is
 *      returned with its radicals simplified under that positivity (p·c·√(1/D) = p·c/√D).
 */
import Fraction from "fraction.js";
import { atom, symAtom } from "./atoms.js";
import { toExpr, toRat } from "./canonical.js";
import { monoGcd, monoPoly, ONE_Q, polyContent, polyDivExact, polyScale } from "./poly.js";
import {
  RAT_ZERO,
  ratAdd,
  ratConst,
  ratDiv,
  ratFree,
  ratMul,
  ratNeg,
  ratPowInt,
  ratRoot,
  ratSub,
  type Rat,
} from "./rat.js";
import { tidyAssuming } from "./radicals.js";
import { isBuiltin, num, sym, type Expr, type Mono, type Poly } from "../types.js";
import { power, product } from "./auto.js";
import { idOf } from "./identity.js";

/** The reason given when candidate roots were found but none was accepted. */
export const NO_ACCEPTED_ROOT = "no root of the momentum equation checked out";

export type Inversion =
  | { readonly ok: true; readonly velocity: Expr; readonly positive: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** Replace the square root R = √B in N = a + b·R by the polynomial a² − b²·B. */
function squareAway(N: Rat, v: string): Rat | string {
  const radicals = new Set<number>();
  for (const t of N.num.values()) {
    for (const [id] of t.m) {
      const info = atom(id).info;
      if (atom(id).free.has(v) && info.kind === "root") {
        if (info.q !== 2) return "a root other than a square root depends on the velocity";
        radicals.add(id);
      } else if (atom(id).free.has(v) && info.kind !== "sym") {
        return "the velocity appears inside a function";
      }
    }
  }
  if (radicals.size === 0) return { num: N.num, den: [] };
  if (radicals.size > 1) return "more than one square root depends on the velocity";
  const [R] = radicals;
  let a: Rat = RAT_ZERO;
  let b: Rat = RAT_ZERO;
  for (const t of N.num.values()) {
    const e = t.m.find(([id]) => id === R)?.[1] ?? 0;
    const rest: Rat = {
      num: monoPoly(
        t.m.filter(([id]) => id !== R),
        t.c,
      ),
      den: [],
    };
    if (e === 0) a = ratAdd(a, rest);
    else b = ratAdd(b, rest); // reduced form: exponents of R are 0 or 1
  }
  const info = atom(R).info;
  if (info.kind !== "root") return "internal: not a radical";
  return ratSub(ratMul(a, a), ratMul(ratMul(b, b), info.base));
}

/**
 * Coefficients c_0 … c_d of p as a polynomial in the symbol v (or in v² when `inSquare`), or null
 * when v occurs otherwise (inside an atom, with a negative or — for v² — odd power).
 */
function coefficients(p: Poly, v: string, inSquare: boolean): Rat[] | null {
  const u = symAtom(v).id;
  const cs: Rat[] = [];
  for (const t of p.values()) {
    let k = 0;
    const rest: [number, number][] = [];
    for (const [id, e] of t.m) {
      if (id === u) k = e;
      else if (atom(id).free.has(v)) return null;
      else rest.push([id, e]);
    }
    if (k < 0 || (inSquare && k % 2 !== 0)) return null;
    const i = inSquare ? k / 2 : k;
    while (cs.length <= i) cs.push(RAT_ZERO);
    cs[i] = ratAdd(cs[i], { num: monoPoly(rest, t.c), den: [] });
  }
  return cs;
}

/** ±√w, with the square factors of w's monomial numerator and denominators taken outside. */
function squareRoots(w: Rat): Rat[] {
  // w's numerator = content · monomial · rest: the monomial's even part and a perfect-square
  // content come outside (as |…|-free factors: the two signs are both returned).
  const m = monoGcd(w.num);
  const content = polyContent(w.num);
  const unit: Mono = m.map(([a, e]) => [a, -e] as const);
  const rest = polyScale(w.num, content.inverse(), unit);
  const half: Mono = m.map(([a, e]) => [a, Math.floor(e / 2)] as const).filter(([, e]) => e);
  const odd: Mono = m.map(([a, e]) => [a, e % 2 === 0 ? 0 : 1] as const).filter(([, e]) => e);
  const root = content.abs().pow(new Fraction(1, 2));
  let outside: Rat = { num: monoPoly(half, root ?? ONE_Q), den: [] };
  const insideC = root ? new Fraction(content.compare(0) < 0 ? -1 : 1) : content;
  let inside: Rat = { num: polyScale(rest, insideC, odd), den: [] };
  for (const f of w.den) {
    const h = Math.floor(f.e / 2);
    if (h) outside = ratDiv(outside, ratPowInt({ num: f.p, den: [] }, h));
    if (f.e % 2) inside = ratDiv(inside, { num: f.p, den: [] });
  }
  const r = ratMul(outside, ratRoot(inside, 1, 2));
  return [r, ratNeg(r)];
}

/** Roots of c_0 + c_1·x (+ c_2·x²): one, or the two of the quadratic formula. */
function linearOrQuadratic(cs: Rat[]): Rat[] {
  while (cs.length && cs[cs.length - 1].num.size === 0) cs.pop();
  if (cs.length === 2) return [ratNeg(ratDiv(cs[0], cs[1]))];
  if (cs.length !== 3) return [];
  const [c, b, a] = cs;
  const disc = ratSub(ratMul(b, b), ratMul(ratConst(4), ratMul(a, c)));
  const twoA = ratMul(ratConst(2), a);
  return squareRoots(disc).map((s) => ratDiv(ratSub(s, b), twoA));
}

/** Candidate roots in v of the polynomial p (linear or quadratic in v or v²). Unverified. */
function candidateRoots(p: Poly, v: string): Expr[] {
  const inV2 = coefficients(p, v, true);
  if (inV2) return linearOrQuadratic(inV2).flatMap((w) => squareRoots(w).map((r) => toExpr(r)));
  const inV = coefficients(p, v, false);
  return inV && inV.length <= 3 ? linearOrQuadratic(inV).map((r) => toExpr(r)) : [];
}

/**
 * v(q, p) from p = P(q, v) (formula and method in the module comment). `parameters` are the
 * system's constants, which may be assumed positive; `declared` the symbols declared positive;
 * `accepts(root, positive)` decides which root
 * to keep (the first accepted, `positive` the symbols to draw positive while checking it). Note
 * that p = P(q, root) at random (q, p) cannot tell two branches of a map that is not one-to-one
 * apart; ./branch.ts supplies a check that can.
 */
/** The distinct applications of abstract functions in e (f(x), D1(V)(x, y)). */
function abstractCalls(e: Expr): Expr[] {
  const out = new Map<number, Expr>();
  const visit = (x: Expr): void => {
    if (x.kind === "call" && !isBuiltin(x.fn)) out.set(idOf(x), x);
    if (x.kind === "pow") [x.base, x.exp].forEach(visit);
    else if (x.kind !== "num" && x.kind !== "sym") x.args.forEach(visit);
  };
  visit(e);
  return [...out.values()];
}

export function invertMomentum(
  P: Expr,
  v: string,
  pName: string,
  parameters: readonly string[],
  declared: readonly string[],
  accepts: (root: Expr, positive: ReadonlySet<string>) => boolean,
): Inversion {
  const equation = ratSub(toRat(sym(pName)), toRat(P));
  const poly = squareAway({ num: equation.num, den: [] }, v);
  if (typeof poly === "string") return { ok: false, reason: poly };
  if (!ratFree(poly).has(v))
    return { ok: false, reason: "the momentum does not depend on the velocity" };
  let reduced = poly.num;
  for (const f of equation.den) {
    for (let q = polyDivExact(reduced, f.p); q; q = polyDivExact(reduced, f.p)) reduced = q;
  }
  const plain = candidateRoots(reduced, v);
  // A root's sign may follow that of an abstract function: p = n(y)·y'/√(1 + y'²) has
  // y' = p·sign(n)/√(n² − p²). So each candidate is also tried times g/√(g²) for each abstract
  // call g in it (the caller's check, at several models of the functions, decides).
  const roots = plain.flatMap((r) => [
    r,
    ...abstractCalls(r).map((g) => product(r, g, power(power(g, num(2)), num("-1/2")))),
  ]);
  if (roots.length === 0) {
    return { ok: false, reason: "the momentum equation is not linear or quadratic in v or v²" };
  }
  for (const positive of [new Set(declared), new Set([...declared, ...parameters])]) {
    const root = roots.find((r) => accepts(r, positive));
    if (root) {
      const velocity = tidyAssuming(root, positive).expr;
      return { ok: true, velocity, positive: [...positive].sort() };
    }
  }
  return { ok: false, reason: NO_ACCEPTED_ROOT };
}
