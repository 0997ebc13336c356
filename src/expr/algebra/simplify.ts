/**
 * Bounded simplification: the canonical form (rat.ts) as a tool with a size budget, never an
 * obligatory pass.
 *
 *   decideZero(e)   true/false when the canonical form (with the angle-sum and Pythagorean
 *                   identities, trig.ts) decides e ≡ 0 within the budget; undefined above it —
 *                   then the caller decides by evaluation, which every proof step already has
 *   tidy(e)         the smallest (by operation count) of: e normalised as written (auto.ts), its
 *                   canonical form with common factors pulled out, and that form reduced by
 *                   cos² = 1 − sin² (or sin² = 1 − cos²), and that form with expanded angle sums
 *                   and sin² + cos² contracted (trig.ts `contractAngles`); each within the budget
 *
 * `tidy` reports which rules produced its answer (`normalise`, `canonical`, `pythagorean`,
 * `angle-sum`), so a proof step that simplifies can name them.
 */
import { normalise } from "./auto.js";
import { toExpr, toRat } from "./canonical.js";
import { withinBudget } from "./poly.js";
import { ratIsZero } from "./rat.js";
import { contractAngles, hasTrig, pythagorean, pythagoreanZero } from "./trig.js";
import { countOps, sub, type Expr } from "../types.js";

/** Default budget: term products allowed in the polynomial multiplications of one call. */
export const BUDGET = 5_000;

/** e ≡ 0, decided within the budget (see the module comment); undefined when undecided. */
export function decideZero(e: Expr, budget = BUDGET): boolean | undefined {
  return withinBudget(budget, () => {
    const r = toRat(e);
    if (ratIsZero(r)) return true;
    return hasTrig(r) ? pythagoreanZero(r) : false;
  });
}

export type TidyRule = "normalise" | "canonical" | "pythagorean" | "angle-sum";

export interface Tidied {
  readonly expr: Expr;
  readonly rules: readonly TidyRule[];
}

/** The smallest equivalent form found within the budget (see the module comment). */
export function tidy(e: Expr, budget = BUDGET): Tidied {
  let best: Tidied = { expr: normalise(e), rules: ["normalise"] };
  let size = countOps(best.expr);
  const consider = (expr: Expr, rules: TidyRule[]) => {
    const n = countOps(expr);
    if (n < size) {
      best = { expr, rules };
      size = n;
    }
  };
  withinBudget(budget, () => {
    const r = toRat(e);
    consider(toExpr(r), ["canonical"]);
    if (hasTrig(r)) {
      consider(toExpr(pythagorean(r, "sin")), ["canonical", "pythagorean"]);
      consider(toExpr(pythagorean(r, "cos")), ["canonical", "pythagorean"]);
      const contracted = contractAngles(r);
      consider(toExpr(contracted.rat), ["canonical", ...contracted.rules]);
    }
  });
  return best;
}

/** a ≡ b, shown within the budget (false also when undecided: compare by evaluation then). */
export const provablyEqual = (a: Expr, b: Expr, budget = BUDGET): boolean =>
  decideZero(sub(a, b), budget) === true;
