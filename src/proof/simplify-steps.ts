/**
 * Recording a simplification as its own step: a result as derived (an earlier step's right-hand
 * side) = the same result tidied, naming the tidy rules that changed it (`canonical`,
 * `pythagorean`, `angle-sum`, `radicals`), checked by evaluation like any equality. The operation
 * refers to the earlier step by number, so the expression as derived is written once.
 */
import type { DrawHook } from "../expr/numeric/check.js";
import { symbols, type Expr } from "../expr/types.js";
import type { Recorder } from "./record.js";

/**
 * How a simplification under assumptions is checked: `positive` are drawn positive (radicals
 * simplified under them), `draw` moves each point (into the branch of a Legendre map), and
 * `names` are the symbols drawn before it does (those of both forms are always drawn).
 */
export interface SimplifyCheck {
  readonly positive?: readonly string[];
  readonly draw?: DrawHook;
  readonly names?: Iterable<string>;
}

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
  check: SimplifyCheck = {},
): number {
  if (rules.length === 0) return from;
  const head = {
    rule: "simplify" as const,
    label,
    justification: `simplified (${rules.join(", ")})`,
    lhs: { op: "simplify" as const, of: asDerived, rules },
    rhs: simplified,
    uses: [from],
  };
  if (!check.positive?.length && !check.draw) return rec.equal(head, asDerived);
  const names = new Set(check.names ?? []);
  symbols(asDerived, names);
  symbols(simplified, names);
  return rec.custom(
    head,
    "evaluation",
    names,
    (env, model, ev) => [
      ev.evaluate(simplified, env, model),
      ev.evaluate(asDerived, env, model),
      0,
    ],
    check.positive,
    check.draw,
  );
}
