/**
 * C3, the discrete-time LQR derived from the same constrained Lagrangian (bellman.ts) with a
 * quadratic reward and linear dynamics. The terms of ℒ in the stage-k unknowns (s = s_k, a = a_k,
 * λ = λ_k, λ' = λ_{k+1}, s' = s_{k+1}) and the terminal ones (s_n, λ_n) are
 *
 *   ℒ_k = −(q·s² + ρ·a²)/2 + λ'·(A·s + B·a − s') − λ·s − q_f·s_n²/2 − λ_n·s_n.
 *
 * Recorded steps (each checked by the recorder; src/proof/record.ts):
 *
 *   ∂ℒ/∂λ' = 0  ⇒  s' = A·s + B·a;          V(s) = −P·s²/2 (P = P_{k+1})  ⇒  λ' = V'(s') = −P·s';
 *   ∂ℒ/∂a = −ρ·a + B·λ' = 0  ⇒  a = −A·B·P·s/(ρ + B²·P)  (the feedback gain);
 *   ∂ℒ/∂s = −q·s + A·λ' − λ = 0  ⇒  λ = −P_k·s,  P_k = q + A²·P − (A·B·P)²/(ρ + B²·P);
 *   ∂ℒ/∂s_n = −q_f·s_n − λ_n = 0  ⇒  P_n = q_f.
 *
 * The claimed recursion (`riccati`, in q, rho, A, B, P) is compared with the derived one at random
 * points: a different map is refuted. The derived map (not the claimed one) drives the numeric
 * companion (bellman-numeric.ts).
 */
import { CheckError } from "../errors.js";
import { differentiate, product, replace } from "../expr/algebra.js";
import { parse } from "../expr/syntax/parse.js";
import { print } from "../expr/syntax/print.js";
import { neg, sym, type Expr } from "../expr/types.js";
import { createRecorder } from "../proof/record.js";
import type { Given } from "./given.js";
import type { PartResult } from "./types.js";

/** The derived Riccati map P_{k+1} ↦ P_k and the feedback a_k = gain·s_k, in q, rho, A, B, P. */
export const DERIVED_RICCATI = parse("q + A^2*P - (A*B*P)^2/(rho + B^2*P)");
export const DERIVED_GAIN = parse("-(A*B*P)/(rho + B^2*P)");

const STAGE = parse("-(q*s^2 + rho*a^2)/2 + l_next*(A*s + B*a - s_next) - l*s - qf*sn^2/2 - ln*sn");
const POSITIVE = ["q", "rho", "qf", "P"];

/** The Riccati recursion derived from the LQR stage of ℒ, and the claimed one against it. */
export function riccatiProof(g: Given): PartResult {
  const claimed = g.expr("riccati", ["q", "rho", "A", "B", "P"]);
  const method = "LQR stage of ℒ: stationarity, value ansatz V = −P·s²/2, solved (recorded steps)";
  const rec = createRecorder({ seed: 2511, positive: POSITIVE });
  const sub = (e: Expr, pairs: [string, Expr][]) => replace(e, new Map(pairs));
  /** unknown = root of condition = 0, from step `uses`. */
  const solved = (
    label: string,
    justification: string,
    condition: Expr,
    uses: number,
    unknown: string,
    root: Expr,
  ) =>
    rec.root(
      { rule: "solve-stationary", label, justification, rhs: root, uses: [uses] },
      condition,
      unknown,
      root,
    );
  try {
    const s1 = rec.lagrangian(
      "ℒ_k",
      "the terms of ℒ in s_k, a_k, λ_k, λ_{k+1} and the terminal s_n, λ_n, with r = −(q·s² + ρ·a²)/2, f = A·s + B·a, h = −q_f·s²/2",
      STAGE,
    );
    const partial = (w: string, label: string) =>
      rec.partial(
        {
          rule: "stationarity",
          label,
          justification: `stationarity in ${w}`,
          rhs: differentiate(STAGE, w),
          uses: [s1],
        },
        STAGE,
        w,
      );
    const dl = partial("l_next", "∂ℒ/∂λ_{k+1}");
    const next = parse("A*s + B*a");
    const s3 = solved(
      "s_{k+1}",
      "∂ℒ/∂λ_{k+1} = 0: the dynamics",
      differentiate(STAGE, "l_next"),
      dl,
      "s_next",
      next,
    );
    const V = parse("-P*s_next^2/2");
    const s4 = rec.partial(
      {
        rule: "derivative",
        label: "λ_{k+1} = V'(s_{k+1})",
        justification:
          "the value ansatz V(s) = −P·s²/2 with P = P_{k+1}, and λ = V' (the paper's eq. 17)",
        rhs: parse("-P*s_next"),
      },
      V,
      "s_next",
    );
    const costate = parse("-P*(A*s + B*a)");
    const s5 = rec.equal(
      {
        rule: "substitute",
        label: "λ_{k+1}",
        justification: "V' at the next state (steps 3 and 4)",
        lhs: { op: "substitute", of: { step: s4 }, with: { s_next: { step: s3 } } },
        rhs: costate,
        uses: [s3, s4],
      },
      sub(parse("-P*s_next"), [["s_next", next]]),
    );
    const da = partial("a", "∂ℒ/∂a_k");
    const daAt = sub(differentiate(STAGE, "a"), [["l_next", costate]]);
    const s7 = rec.equal(
      {
        rule: "substitute",
        label: "∂ℒ/∂a_k",
        justification: "λ_{k+1} of step 5 in ∂ℒ/∂a_k",
        lhs: { op: "substitute", of: { step: da }, with: { l_next: { step: s5 } } },
        rhs: daAt,
        uses: [da, s5],
      },
      daAt,
    );
    const feedback = product(DERIVED_GAIN, sym("s"));
    const s8 = solved(
      "a_k",
      "∂ℒ/∂a_k = 0, linear in a_k: the feedback law",
      daAt,
      s7,
      "a",
      feedback,
    );
    const ds = partial("s", "∂ℒ/∂s_k");
    const dsAt = sub(differentiate(STAGE, "s"), [["l_next", costate]]);
    const s10 = rec.equal(
      {
        rule: "substitute",
        label: "∂ℒ/∂s_k",
        justification: "λ_{k+1} of step 5 in ∂ℒ/∂s_k",
        lhs: { op: "substitute", of: { step: ds }, with: { l_next: { step: s5 } } },
        rhs: dsAt,
        uses: [ds, s5],
      },
      dsAt,
    );
    const closed = sub(dsAt, [["a", feedback]]);
    const s11 = rec.equal(
      {
        rule: "substitute",
        label: "∂ℒ/∂s_k",
        justification: "the feedback a_k of step 8 in step 10",
        lhs: { op: "substitute", of: { step: s10 }, with: { a: { step: s8 } } },
        rhs: closed,
        uses: [s8, s10],
      },
      closed,
    );
    const derived = neg(product(sym("s"), DERIVED_RICCATI));
    const s12 = solved(
      "λ_k",
      "∂ℒ/∂s_k = 0, linear in λ_k: λ_k = −P_k·s_k",
      closed,
      s11,
      "l",
      derived,
    );
    rec.equal(
      {
        rule: "simplify",
        label: "λ_k = −P_k·s_k, P_k = riccati(P_{k+1})",
        justification: "the claimed Riccati recursion",
        lhs: { op: "simplify", of: { step: s12 }, rules: ["claimed form"] },
        rhs: neg(product(sym("s"), claimed)),
        uses: [s12],
      },
      derived,
    );
    const dn = partial("sn", "∂ℒ/∂s_n");
    solved(
      "λ_n",
      "∂ℒ/∂s_n = 0: λ_n = −q_f·s_n, i.e. P_n = q_f",
      differentiate(STAGE, "sn"),
      dn,
      "ln",
      parse("-qf*sn"),
    );
    return {
      verdict: "proved",
      method,
      evidence: `${rec.steps.length} steps, each checked at ${rec.steps[0].check.points} random points (rtol ${rec.steps[0].check.rtol}): a_k = ${print(DERIVED_GAIN)}·s_k, P_k = ${print(claimed)}, P_n = q_f`,
      steps: rec.steps,
      context: { positive: POSITIVE },
    };
  } catch (err) {
    if (!(err instanceof CheckError)) throw err;
    return {
      verdict: "refuted",
      method,
      evidence: `the claimed recursion P_k = ${print(claimed)} is not the derived ${print(DERIVED_RICCATI)}: ${err.message}`,
    };
  }
}
