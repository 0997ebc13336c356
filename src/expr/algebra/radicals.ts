/**
 * Radicals simplified under declared assumptions: symbols assumed positive (`m, c > 0`), every
 * other symbol real. For a rational exponent r that is not an integer (a radical, b^(1/2) = √b):
 *
 *   (a^k · b)^r = a^(k·r) · b^r       when a > 0           ((m²c²)^(1/2) = m·c,  (x²)^(1/2) = x)
 *   (f · b)^r   = f^r · b^r           when f > 0            (√(N/D) = √N/√D when D > 0)
 *
 * Positivity is decided conservatively ({@link sign}): a positive number or assumed symbol; a
 * product of positive factors; a power of a positive base; an even power of anything real is ≥ 0;
 * exp and cosh are positive; a sum is positive when every term is ≥ 0 and one is > 0
 * (m²c² + p² > 0 for m, c > 0). Without an assumption nothing changes: (x²)^(1/2) stays (it is |x|).
 * Each rewrite equals its input wherever the assumptions hold and both sides are defined.
 *
 * The product constructor then merges equal radicands (c·p²/√D + c³m²/√D), and the canonical form
 * cancels the polynomial factor once the radicals share one radicand: (c·p² + c³m²)/√D = c·√D for
 * D = m²c² + p² ({@link tidyAssuming} keeps the smallest of the forms).
 */
import { apply, fraction, normalise, power, product, sum } from "./auto.js";
import { toExpr, toRat } from "./canonical.js";
import { withinBudget } from "./poly.js";
import { tidy, BUDGET, type TidyRule } from "./simplify.js";
import { countOps, type Expr } from "../types.js";

/** What is known of the sign of an expression: positive, non-negative, or nothing. */
export type Sign = "positive" | "nonnegative" | "unknown";

const POSITIVE_FUNCTIONS = new Set(["exp", "cosh"]);

/** The sign of e when every symbol is real and those in `positive` are > 0 (see module comment). */
export function sign(e: Expr, positive: ReadonlySet<string>): Sign {
  switch (e.kind) {
    case "num": {
      const s = fraction(e).s;
      return fraction(e).equals(0) ? "nonnegative" : s > 0 ? "positive" : "unknown";
    }
    case "sym":
      return positive.has(e.name) ? "positive" : "unknown";
    case "pow": {
      const b = sign(e.base, positive);
      if (b === "positive") return "positive";
      if (e.exp.kind !== "num") return "unknown";
      const k = fraction(e.exp);
      // An even integer power of a real number is ≥ 0 (> 0 where defined, for k < 0).
      if (k.d === 1n && k.n % 2n === 0n) return k.s > 0 ? "nonnegative" : "positive";
      // A real root (or a power of one) of a non-negative number is ≥ 0.
      return b === "nonnegative" && k.s > 0 ? "nonnegative" : "unknown";
    }
    case "mul": {
      let all: Sign = "positive";
      for (const a of e.args) {
        const s = sign(a, positive);
        if (s === "unknown") return "unknown";
        if (s === "nonnegative") all = "nonnegative";
      }
      return all;
    }
    case "add": {
      let any = false;
      for (const a of e.args) {
        const s = sign(a, positive);
        if (s === "unknown") return "unknown";
        if (s === "positive") any = true;
      }
      return any ? "positive" : "nonnegative";
    }
    case "call":
      if (POSITIVE_FUNCTIONS.has(e.fn)) return "positive";
      return e.fn === "abs" ? "nonnegative" : "unknown";
  }
}

/** Whether the exponent is a rational number with a denominator > 1 (a radical). */
const isRadical = (exp: Expr): boolean => exp.kind === "num" && fraction(exp).d !== 1n;

/**
 * e with the radicals simplified under `positive` (rules in the module comment), normalised.
 * The identity when no symbol is assumed positive and no factor is provably positive.
 */
export function simplifyRadicals(e: Expr, positive: ReadonlySet<string>): Expr {
  const memo = new Map<Expr, Expr>();
  const walk = (x: Expr): Expr => {
    const known = memo.get(x);
    if (known) return known;
    let out: Expr;
    switch (x.kind) {
      case "num":
      case "sym":
        out = x;
        break;
      case "add":
        out = sum(...x.args.map(walk));
        break;
      case "mul":
        out = product(...x.args.map(walk));
        break;
      case "call":
        out = apply(x.fn, x.args.map(walk), x.d);
        break;
      case "pow": {
        const base = walk(x.base);
        const exp = walk(x.exp);
        out = isRadical(exp) ? radical(base, exp, positive) : power(base, exp);
        break;
      }
    }
    memo.set(x, out);
    return out;
  };
  return walk(normalise(e));
}

/**
 * base^r simplified: the positive factors taken out of base as written, else (for a sum) out of
 * its canonical form within the budget (√(1 − p²/(m²c² + p²)) = √(m²c²/(m²c² + p²)) = m·c/√(…)).
 */
function radical(base: Expr, r: Expr, positive: ReadonlySet<string>): Expr {
  const direct = splitRadical(base, r, positive);
  if (direct.kind !== "pow" || base.kind !== "add") return direct;
  const canonical = withinBudget(BUDGET, () => toExpr(toRat(base)));
  if (canonical === undefined || canonical.kind !== "mul") return direct;
  const split = splitRadical(normalise(canonical), r, positive);
  return split.kind === "pow" ? direct : split;
}

/** base^r with the positive factors of base taken out (r a non-integer rational). */
function splitRadical(base: Expr, r: Expr, positive: ReadonlySet<string>): Expr {
  const factors = base.kind === "mul" ? base.args : [base];
  const outside: Expr[] = [];
  const inside: Expr[] = [];
  for (const f of factors) {
    const [b, k] = f.kind === "pow" ? [f.base, f.exp] : [f, undefined];
    if (k !== undefined && sign(b, positive) === "positive") {
      outside.push(power(b, product(k, r))); // (a^k)^r = a^(k·r) for a > 0
    } else if (sign(f, positive) === "positive" && f.kind !== "num") {
      outside.push(power(f, r)); // (f·b)^r = f^r·b^r for f > 0
    } else inside.push(f);
  }
  if (outside.length === 0) return power(base, r);
  return product(...outside, power(product(...inside), r));
}

/**
 * The smallest (by operation count) of tidy(e) and tidy of e with its radicals simplified under
 * `positive`, before and after the canonical form (which may introduce radicals of its own, such
 * as √(1/D)); rules name `radicals` when that rewrite was used. Plain {@link tidy} when `positive`
 * is empty.
 */
export function tidyAssuming(e: Expr, positive: Iterable<string>, budget = BUDGET): Assumed {
  const pos = new Set(positive);
  let best: Assumed = tidy(e, budget);
  if (pos.size === 0) return best;
  let size = countOps(best.expr);
  for (const start of [e, best.expr]) {
    const t = tidy(simplifyRadicals(start, pos), budget);
    const n = countOps(t.expr);
    if (n < size) {
      best = { expr: t.expr, rules: ["radicals", ...t.rules] };
      size = n;
    }
  }
  return best;
}

/** A form found by {@link tidyAssuming} and the rules that produced it. */
export interface Assumed {
  readonly expr: Expr;
  readonly rules: readonly (TidyRule | "radicals")[];
}
