/**
 * C1 (A-optimal design, symbolic part): minimise (1/p)·Σ1/λ_i subject to Σλ_i = n with a Lagrange
 * multiplier μ. In one eigenvalue l = λ_i (R the sum of the others) the Lagrange function is
 *
 *   F = 1/(p·l) + μ·(l + R − n),   ∂F/∂l = −1/(p·l²) + μ = 0  ⇒  l = (p·μ)^(−1/2),
 *
 * the same root for every i, so all λ_i are equal and Σλ_i = p·l = n gives l = n/p (μ = p/n²);
 * ∂²F/∂l² = 2/(p·l³) > 0 (F convex on l > 0), so the stationary point is the minimum
 * (1/p)·p·(p/n) = p/n, and the error is σ²(1 + p/n). Each step is checked by the recorder
 * (src/proof/record.ts); the claimed optimum, error and sample sizes are compared with the derived
 * ones, and a disagreement is a counterexample.
 */
import { CheckError } from "../errors.js";
import { differentiate, power, product, quotient, replace, sum } from "../expr/algebra.js";
import { findMismatch } from "../expr/numeric/check.js";
import { num, sym } from "../expr/types.js";
import { print } from "../expr/syntax/print.js";
import { createRecorder } from "../proof/record.js";
import type { Given } from "./given.js";
import type { PartResult } from "./types.js";

const DESIGN_SYMBOLS = ["sigma", "p", "n"];

/** The symbolic part of C1: the Lagrange-multiplier chain, the claim compared step by step. */
export function optimalDesignProof(g: Given): PartResult {
  const [p, n, l, mu, R, sigma] = ["p", "n", "l", "mu", "R", "sigma"].map(sym);
  const claimedOptimum = g.expr("optimum", ["n", "p"]);
  const claimedError = g.expr("error", DESIGN_SYMBOLS);
  const positive = ["p", "n", "l", "mu", "R", "sigma"];
  const rec = createRecorder({ positive, seed: 2509 });
  const method =
    "Lagrange multiplier: stationarity, convexity, constraint (recorder-checked steps)";
  try {
    const F = sum(quotient(num(1), product(p, l)), product(mu, sum(l, R, product(num(-1), n))));
    const s1 = rec.lagrangian(
      "F",
      "Lagrange function of min (1/p)Σ1/λ_i s.t. Σλ_i = n, in one eigenvalue l = λ_i (R: the others' sum)",
      F,
    );
    const dF = differentiate(F, "l");
    const s2 = rec.partial(
      {
        rule: "stationarity",
        label: "∂F/∂l",
        justification: "stationarity in l",
        rhs: dF,
        uses: [s1],
      },
      F,
      "l",
    );
    const root = power(product(p, mu), num(-1 / 2));
    const s3 = rec.root(
      {
        rule: "solve-stationary",
        label: "l",
        justification: "the positive root of −1/(p·l²) + μ = 0, the same for every eigenvalue",
        rhs: root,
        uses: [s2],
      },
      dF,
      "l",
      root,
    );
    const d2F = differentiate(dF, "l");
    rec.partial(
      {
        rule: "derivative",
        label: "∂²F/∂l²",
        justification:
          "2/(p·l³) > 0 for l, p > 0: F is convex, the stationary point is the minimum",
        rhs: d2F,
        uses: [s2],
      },
      dF,
      "l",
    );
    // The constraint Σλ_i = p·l = n with every λ_i equal to the root of step 3 fixes μ.
    const optimum = quotient(n, p);
    const constraint = sum(product(p, root), product(num(-1), n));
    const multiplier = quotient(p, power(n, num(2)));
    const s4m = rec.root(
      {
        rule: "solve-stationary",
        label: "μ",
        justification: "the constraint Σλ_i = p·l − n = 0 with every λ_i the root of step 3",
        rhs: multiplier,
      },
      constraint,
      "mu",
      multiplier,
    );
    const s5 = rec.equal(
      {
        rule: "substitute",
        label: "λ_i",
        justification:
          "the root of step 3 at the multiplier of the constraint: the claimed optimum",
        lhs: { op: "substitute", of: { step: s3 }, with: { mu: { step: s4m } } },
        rhs: claimedOptimum,
        uses: [s3, s4m],
      },
      replace(root, new Map([["mu", multiplier]])),
    );
    const minimum = product(num(1), quotient(num(1), optimum));
    const s6 = rec.equal(
      {
        rule: "substitute",
        label: "min (1/p)Σ1/λ_i",
        justification: "(1/p)·p·(1/λ_i) at λ_i = n/p",
        lhs: { op: "substitute", of: quotient(num(1), l), with: { l: { step: s5 } } },
        rhs: quotient(p, n),
        uses: [s5],
      },
      minimum,
    );
    const error = product(power(sigma, num(2)), sum(num(1), quotient(p, n)));
    rec.equal(
      {
        rule: "substitute",
        label: "min ε",
        justification: "ε = σ² + σ²·(1/p)Σ1/λ_i at the minimum: the claimed minimal error",
        lhs: {
          op: "substitute",
          of: sum(power(sigma, num(2)), product(power(sigma, num(2)), sym("m"))),
          with: { m: { step: s6 } },
        },
        rhs: claimedError,
        uses: [s6],
      },
      error,
    );
    const samples = [
      ["samples_2sigma2", product(num(2), power(sigma, num(2))), "2σ²"],
      ["samples_1_5sigma2", product(num(3 / 2), power(sigma, num(2))), "1.5σ²"],
    ] as const;
    for (const [key, target, words] of samples) {
      const at = g.expr(key, ["p"]);
      const value = replace(error, new Map([["n", at]]));
      const miss = findMismatch(value, target, { positive: DESIGN_SYMBOLS, seed: 7 });
      if (miss) {
        const env = fmt(miss.env);
        return refuted(
          method,
          `with n = ${print(at)} the minimal error σ²(1 + p/n) is ${miss.lhs.toPrecision(6)}, not ${words} = ${miss.rhs.toPrecision(6)} (at ${env})`,
        );
      }
    }
    return {
      verdict: "proved",
      method,
      evidence: `${rec.steps.length} steps, each checked at ${rec.steps[0].check.points} random points (rtol ${rec.steps[0].check.rtol}): λ_i = ${print(claimedOptimum)}, min ε = ${print(claimedError)}; 2σ² at n = ${print(g.expr("samples_2sigma2", ["p"]))}, 1.5σ² at n = ${print(g.expr("samples_1_5sigma2", ["p"]))}`,
      steps: rec.steps,
      context: { positive },
    };
  } catch (err) {
    if (!(err instanceof CheckError)) throw err;
    return refuted(method, `the derivation disagrees with the claim: ${err.message}`);
  }
}

const fmt = (env: Record<string, number>) =>
  Object.entries(env)
    .map(([k, v]) => `${k}=${v.toPrecision(4)}`)
    .join(", ");

const refuted = (method: string, evidence: string): PartResult => ({
  verdict: "refuted",
  method,
  evidence,
});
