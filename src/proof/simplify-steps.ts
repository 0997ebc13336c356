/**
 * Recording a simplification as its own step: a result as derived (an earlier step's right-hand
 * side) = the same result tidied, naming the tidy rules that changed it (`canonical`,
 * `pythagorean`, `angle-sum`), checked by evaluation like any equality. The operation refers to
 * the earlier step by number, so the expression as derived is written once.
 */
import type { Expr } from "../expr/types.js";
import type { Recorder } from "./record.js";

/**
 * Record `simplified` = `asDerived` (the result of step `from`) when `rules` is not empty and
 * return the new step's number; with no rules the result is unchanged and `from` is returned.
 */
export function simplifyStep(
  rec: Recorder,
  from: number,
  asDerived: Expr,
  simplified: Expr,
  rules: readonly string[],
  label: string,
): number {
  if (rules.length === 0) return from;
  return rec.equal(
    {
      rule: "simplify",
      label,
      justification: `simplified (${rules.join(", ")})`,
      lhs: { op: "simplify", of: asDerived, rules },
      rhs: simplified,
      uses: [from],
    },
    asDerived,
  );
}
