/**
 * Verdicts of claims (`lagrange verify`). A verdict is computed from the claim's formal statement
 * by its checker, never read from a file:
 *
 * - `proved`: a symbolic chain of steps, each checked numerically (src/proof/record.ts);
 * - `checked`: numeric evidence only — the sample, the ranges and the tolerance are stated;
 * - `refuted`: a counterexample is given;
 * - `not-checkable`: the reason is given.
 */
import type { Plot, Step } from "../proof/types.js";

export type Verdict = "proved" | "checked" | "refuted" | "not-checkable";

/** What one part of a claim's check found. */
export interface PartResult {
  readonly verdict: Verdict;
  /** How it was checked, in a few words ("Lagrange multiplier, 8 checked steps"). */
  readonly method: string;
  /** The evidence: the sample, ranges and tolerance, or the counterexample, or the reason. */
  readonly evidence: string;
  /** The steps of a symbolic part. */
  readonly steps?: readonly Step[];
  /**
   * What `lagrange check` needs to re-check the steps from a record (`lagrange verify --out`): the
   * coordinates and independent variables of the system they are about, and the symbols the
   * recorder drew positive.
   */
  readonly context?: PartContext;
  /** Plots of what the checker computed (`lagrange report` draws them). */
  readonly figures?: readonly Plot[];
}

/** The system a part's steps are about (see {@link PartResult.context}). */
export interface PartContext {
  readonly kind?: "mechanics" | "field";
  readonly coordinates?: readonly string[];
  readonly variables?: readonly string[];
  readonly positive?: readonly string[];
  /** The unknowns (accelerations) of its equations of motion. */
  readonly unknowns?: readonly string[];
}

/** A claim's verdict: the weakest of its parts (refuted < not-checkable < checked < proved). */
export interface ClaimResult {
  readonly id: string;
  readonly file: string;
  readonly statement: string;
  readonly verdict: Verdict;
  readonly method: string;
  readonly evidence: readonly string[];
  readonly parts: readonly PartResult[];
}

const ORDER: readonly Verdict[] = ["refuted", "not-checkable", "checked", "proved"];

/** The verdict of a claim whose parts have these verdicts: the weakest one. */
export function combine(parts: readonly PartResult[]): Verdict {
  if (parts.length === 0) return "not-checkable";
  return parts.map((p) => p.verdict).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))[0];
}

/** The verdicts of `results` counted: "4 claims: 0 proved, 3 checked, 1 refuted, 0 not checkable". */
export function verdictCounts(results: readonly ClaimResult[]): string {
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  return `${results.length} claim${results.length === 1 ? "" : "s"}: ${count("proved")} proved, ${count("checked")} checked, ${count("refuted")} refuted, ${count("not-checkable")} not checkable`;
}
