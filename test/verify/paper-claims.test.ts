/**
 * The claims of arXiv 2509.21049 checked so far (C1, C2, C7): each verdict is computed from the
 * claim's statement, so changing the statement changes the verdict; the numeric companions agree
 * with hand-written computations.
 */
import { describe, expect, it } from "vitest";
import type { ClaimSpec } from "../../src/derivation-files/claims.js";
import { fixedLoss, priorLoss } from "../../src/verify/deceleration.js";
import { blockDesign, designError, simulateError } from "../../src/verify/design-numeric.js";
import { verifyClaim } from "../../src/verify/engine.js";
import { gaussian, unitVector } from "../../src/verify/linalg.js";
import { claimOf, withGiven } from "../support/claims.js";

const DESIGN = "derivations/paper/a-optimal-design.claims.yaml";

describe("C1: least-time linear regression (A-optimal design)", () => {
  const c1 = claimOf(DESIGN, "C1");

  it("is proved symbolically (λ_i = n/p, min ε = σ²(1 + p/n)) and checked numerically", () => {
    const r = verifyClaim(c1, DESIGN);
    expect(r.verdict).toBe("checked");
    expect(r.parts.map((p) => p.verdict)).toEqual(["proved", "checked", "checked"]);
    expect(r.parts[0].steps!.length).toBeGreaterThanOrEqual(6);
    expect(r.parts[0].steps!.every((s) => s.check.passed)).toBe(true);
  });

  it("a changed exponent in the error, σ²(1 + (p/n)²), is refuted with the failing step", () => {
    const r = verifyClaim(withGiven(c1, { error: "sigma^2*(1 + (p/n)^2)" }), DESIGN);
    expect(r.verdict).toBe("refuted");
    expect(r.evidence.join("\n")).toMatch(/min ε.*failed its check/);
  });

  it("no trials, too few to estimate a standard error, or σ ≤ 0 are bad statements, not 'refuted'", () => {
    expect(() => verifyClaim(withGiven(c1, { trials: 0 }), DESIGN)).toThrow(
      /given 'trials' must be an integer in 100…100000/,
    );
    expect(() => verifyClaim(withGiven(c1, { trials: 2 }), DESIGN)).toThrow(/'trials'/);
    expect(() => verifyClaim(withGiven(c1, { sigma: -0.7 }), DESIGN)).toThrow(
      /given 'sigma' must be positive/,
    );
  });

  it("a wrong optimum λ_i = n/(2p) or a wrong sample size for 1.5σ² is refuted", () => {
    expect(verifyClaim(withGiven(c1, { optimum: "n/(2*p)" }), DESIGN).verdict).toBe("refuted");
    const r = verifyClaim(withGiven(c1, { samples_1_5sigma2: "3*p" }), DESIGN);
    expect(r.verdict).toBe("refuted");
    expect(r.evidence.join("\n")).toMatch(/n = 3\*p/);
  });

  it("companion: stacked orthonormal bases reach σ²(1 + p/n) exactly; simulation agrees with the formula", () => {
    const g = gaussian(11);
    for (const [p, k] of [
      [2, 1],
      [3, 2],
      [5, 3],
    ]) {
      const n = p * k;
      // Hand-written: XᵀX = k·I, so tr((XᵀX)⁻¹) = p/k and ε = σ²(1 + (p/k)/p) = σ²(1 + p/n).
      expect(designError(blockDesign(p, k, g), 0.5)).toBeCloseTo(0.25 * (1 + p / n), 12);
    }
    const X = Array.from({ length: 5 }, () => unitVector(3, g));
    const sim = simulateError(X, 1, 6000, 3);
    expect(Math.abs(sim.mean - designError(X, 1)!)).toBeLessThan(5 * sim.se);
  });
});

describe("C2: no greedy optimal path", () => {
  const c2 = claimOf(DESIGN, "C2");

  it("is checked: a null vector below p, orthonormal blocks of p reach (n/p)·I", () => {
    expect(verifyClaim(c2, DESIGN).verdict).toBe("checked");
  });

  it("claiming n = p impossible, or blocks of p − 1 points, is refuted with a counterexample", () => {
    const a = verifyClaim(withGiven(c2, { impossible_below: "p + 1" }), DESIGN);
    expect(a.verdict).toBe("refuted");
    expect(a.evidence.join("\n")).toMatch(/X = I/);
    const b = verifyClaim(withGiven(c2, { block: "p - 1" }), DESIGN);
    expect(b.verdict).toBe("refuted");
  });
});

describe("C7: learning decelerates (Beta–Bernoulli, Laplace's rule)", () => {
  const base: ClaimSpec = {
    id: "C7",
    statement: "a(t) <= 0",
    check: "sequential-deceleration",
    given: { t_max: 200, truths: "prior, 0.9", acceleration: "<= 0", limit: "entropy" },
  };
  const file = "derivations/paper/deceleration.claims.yaml";

  it("under the prior and for q = 0.9 the loss decelerates and tends to H(q) from above", () => {
    const r = verifyClaim(base, file);
    expect(r.verdict).toBe("checked");
    expect(r.evidence.join("\n")).toMatch(/H\(q\) = 0\.325083/);
  });

  it("for a fair coin (q = 0.5) the loss rises at t = 1: a(1) = ln 3 − (3/2)·ln 2 > 0, refuted", () => {
    const r = verifyClaim({ ...base, given: { ...base.given, truths: "0.5" } }, file);
    expect(r.verdict).toBe("refuted");
    const a1 = Math.log(3) - 1.5 * Math.log(2);
    expect(r.evidence[0]).toContain(`a(1) = v(2) − v(1) = ${a1.toPrecision(6)}`);
    // v rises twice (t = 1, 2), then falls back to H(1/2) = ln 2 from above.
    expect(r.evidence[0]).toContain("2 of t = 1…200 violate it (t = 1, 2)");
  });

  it("the opposite sign, a(t) >= 0, is refuted under the prior", () => {
    const r = verifyClaim({ ...base, given: { ...base.given, acceleration: ">= 0" } }, file);
    expect(r.verdict).toBe("refuted");
  });

  it("companion: v(t) matches a direct double-precision sum over k (prior and q = 0.9)", () => {
    const T = 60;
    const prior = priorLoss(T);
    const fixed = fixedLoss(0.9, T);
    const xlogx = (x: number) => (x > 0 ? x * Math.log(x) : 0);
    for (let t = 1; t <= T; t++) {
      let vp = 0;
      let vq = 0;
      let pmf = Math.pow(0.1, t - 1);
      for (let k = 0; k < t; k++) {
        const p1 = (k + 1) / (t + 1);
        vp += (-xlogx(p1) - xlogx(1 - p1)) / t; // k uniform under the prior
        vq += pmf * (-0.9 * Math.log(p1) - 0.1 * Math.log(1 - p1));
        pmf *= ((t - 1 - k) / (k + 1)) * 9;
      }
      expect(prior[t - 1].toNumber()).toBeCloseTo(vp, 12);
      expect(fixed[t - 1].toNumber()).toBeCloseTo(vq, 11);
    }
  });
});
