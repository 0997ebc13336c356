/**
 * Partial derivatives ∂/∂x on canonical rational functions, x any symbol (a coordinate, a jet
 * variable such as x' or u_tx, a parameter or the time).
 *
 *   ∂(N/Π fᵢ^eᵢ)/∂x = ∂N/∂x / D − (N/D)·Σ eᵢ·(∂fᵢ/∂x)/fᵢ
 *   ∂(Π aⱼ^kⱼ)/∂x   = Σ kⱼ·(Π aⱼ^kⱼ)/aⱼ · ∂aⱼ/∂x        (atoms aⱼ)
 *
 * Atom rules: ∂ sin u = cos u·∂u, ∂ cos u = −sin u·∂u, ∂ tan u = (1 + tan²u)·∂u, ∂ exp u = exp u·∂u,
 * ∂ log u = ∂u/u, ∂ sinh u = cosh u·∂u, ∂ cosh u = sinh u·∂u, ∂ tanh u = (1 − tanh²u)·∂u,
 * ∂|u| = |u|/u·∂u, ∂ b^(1/q) = (1/q)·b^(1/q)/b·∂b, ∂ b^e = b^e·(∂e·log b + e·∂b/b), and for an
 * abstract function the chain rule ∂ f(u₁…uₙ) = Σⱼ (∂ⱼf)(u₁…uₙ)·∂uⱼ, where ∂ⱼ adds j to the call's
 * derivative multi-index (mixed partials commute: f is assumed smooth).
 */
import Fraction from "fraction.js";
import { atom } from "./atoms.js";
import { callRat, toExpr, toRat } from "./canonical.js";
import { monoPoly, monoDiv } from "./poly.js";
import {
  RAT_ONE,
  RAT_ZERO,
  ratAdd,
  ratAtom,
  ratDiv,
  ratInv,
  ratIsZero,
  ratMul,
  ratNeg,
  ratScale,
  ratSub,
  ratSum,
  type Rat,
} from "./rat.js";
import type { Expr } from "../types.js";

const atomCache = new Map<string, Rat>();

/** ∂a/∂x for the atom with id `id`. */
function atomDerivative(id: number, x: string): Rat {
  const a = atom(id);
  if (!a.free.has(x)) return RAT_ZERO;
  const key = `${id}|${x}`;
  const hit = atomCache.get(key);
  if (hit) return hit;
  const info = a.info;
  let r: Rat;
  switch (info.kind) {
    case "sym":
      r = info.name === x ? RAT_ONE : RAT_ZERO;
      break;
    case "root": {
      const db = ratDerivative(info.base, x);
      r = ratMul(ratScale(ratDiv(ratAtom(id), info.base), new Fraction(1, info.q)), db);
      break;
    }
    case "pow": {
      const self = ratAtom(id);
      const de = ratDerivative(info.exp, x);
      const db = ratDerivative(info.base, x);
      const logb = callRat("log", [info.base]);
      r = ratMul(self, ratAdd(ratMul(de, logb), ratDiv(ratMul(info.exp, db), info.base)));
      break;
    }
    case "call":
      r =
        info.d.length === 0 && info.args.length === 1 && isElementary(info.fn)
          ? ratMul(
              elementaryDerivative(info.fn, info.args[0], ratAtom(id)),
              ratDerivative(info.args[0], x),
            )
          : ratSum(
              info.args.map((arg, j) => {
                const da = ratDerivative(arg, x);
                return ratIsZero(da)
                  ? RAT_ZERO
                  : ratMul(callRat(info.fn, [...info.args], [...info.d, j]), da);
              }),
            );
      break;
  }
  atomCache.set(key, r);
  return r;
}

const ELEMENTARY = new Set(["sin", "cos", "tan", "exp", "log", "sinh", "cosh", "tanh", "abs"]);
const isElementary = (fn: string) => ELEMENTARY.has(fn);

/** f'(u) for an elementary f, given self = f(u). */
function elementaryDerivative(fn: string, u: Rat, self: Rat): Rat {
  switch (fn) {
    case "sin":
      return callRat("cos", [u]);
    case "cos":
      return ratNeg(callRat("sin", [u]));
    case "tan":
      return ratAdd(RAT_ONE, ratMul(self, self));
    case "exp":
      return self;
    case "log":
      return ratInv(u);
    case "sinh":
      return callRat("cosh", [u]);
    case "cosh":
      return callRat("sinh", [u]);
    case "tanh":
      return ratSub(RAT_ONE, ratMul(self, self));
    case "abs":
      return ratDiv(self, u);
  }
  throw new Error(`no derivative rule for ${fn}`);
}

/** ∂r/∂x on the canonical form (formula in the module comment). */
export function ratDerivative(r: Rat, x: string): Rat {
  let dn: Rat = RAT_ZERO;
  for (const t of r.num.values()) {
    for (const [a, e] of t.m) {
      const da = atomDerivative(a, x);
      if (ratIsZero(da)) continue;
      // e·c·m/a · ∂a
      const rest = monoPoly(monoDiv(t.m, [[a, 1]]), t.c.mul(e));
      dn = ratAdd(dn, ratMul({ num: rest, den: [] }, da));
    }
  }
  if (r.den.length === 0) return dn;
  const D: Rat = { num: monoPoly([]), den: r.den };
  let result = ratMul(dn, D);
  const whole = r;
  for (const f of r.den) {
    const df = ratDerivative({ num: f.p, den: [] }, x);
    if (ratIsZero(df)) continue;
    const fr: Rat = { num: f.p, den: [] };
    result = ratSub(result, ratMul(ratScale(whole, new Fraction(f.e)), ratDiv(df, fr)));
  }
  return result;
}

/** ∂e/∂x, returned in canonical form. */
export function diff(e: Expr, x: string): Expr {
  return toExpr(ratDerivative(toRat(e), x));
}
