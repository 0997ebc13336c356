/**
 * A result as derived and as tidied, with the tidy rules that turned one into the other — what a
 * proof records as a `simplify` step (the derived form = the tidied form, checked by evaluation).
 *
 *   value = tidy(asDerived)           (tidyAssuming under the positivity `positive`)
 *   simplifiedBy = the rules used (`canonical`, `pythagorean`, `angle-sum`, `radicals`, …),
 *                  empty when tidy kept asDerived as it is
 *
 * Example: the harmonic oscillator's H as derived, ½p_x·p_x/m − (−½k·x²), tidies to
 * ½(k·x² + p_x²/m) by the rule `canonical`.
 */
import { idOf, tidyAssuming } from "../expr/algebra.js";
import type { Expr } from "../expr/types.js";

export interface Simplified {
  /** The tidied form. */
  readonly value: Expr;
  /** The form as derived (built by the normalising constructors only). */
  readonly asDerived: Expr;
  /** The rules tidy applied to turn `asDerived` into `value`; empty when it kept it. */
  readonly simplifiedBy: readonly string[];
}

/** Tidy `asDerived` (under `positive`), remembering both forms (see the module comment). */
export function simplified(asDerived: Expr, positive: readonly string[] = []): Simplified {
  const t = tidyAssuming(asDerived, positive);
  const kept = idOf(t.expr) === idOf(asDerived);
  return kept
    ? { value: asDerived, asDerived, simplifiedBy: [] }
    : { value: t.expr, asDerived, simplifiedBy: t.rules };
}
