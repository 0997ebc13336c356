/**
 * C4 (the Fisher field): the Euler–Lagrange equation of the log-likelihood field ℓ(θ) is derived
 * with the field machinery and compared with the claimed one; in expectation under the model it
 * reads −1 = −1 at every θ, so on the Gaussian location and Bernoulli families the conclusion
 * "stationary solutions must be maximum-likelihood estimators" is refuted with a counterexample.
 * Each verdict is computed from the statement: changing it changes the verdict.
 */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { verifyClaim } from "../../src/verify/engine.js";
import { workFamily } from "../../src/verify/fisher-families.js";
import { evaluate } from "../../src/expr/numeric/evaluate.js";
import { claimOf, withGiven as changed } from "../support/claims.js";

const FILE = "derivations/paper/fisher-field.claims.yaml";
const c4 = claimOf(FILE, "C4");
const withGiven = (given: Record<string, string | number>) => changed(c4, given);
const EL = parse("-1 + F'(a)*l_a/F(a)^2 - l_aa/F(a)");
const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

describe("C4: the log-likelihood as a field over the parameters", () => {
  it("the field equation is proved (P = 1, 2); mle-only is refuted by η = 0 of the Bernoulli logit", () => {
    const r = verifyClaim(c4, FILE);
    expect(r.verdict).toBe("refuted");
    expect(r.parts.map((p) => p.verdict)).toEqual([
      "proved",
      "proved",
      "checked",
      "refuted",
      "checked",
      "refuted",
      "checked",
      "refuted",
    ]);
    // ℒ, ∂ℒ/∂l, ∂ℒ/∂l_a, D_a, E_l, the claimed form, its expectation (P = 2: two more partials).
    expect(r.parts[0].steps!.map((s) => s.rule)).toEqual([
      "lagrangian",
      "partial-coordinate",
      "partial-velocity",
      "total-derivative",
      "euler-lagrange",
      "simplify",
      "change-variables",
    ]);
    expect(r.parts[1].steps!.length).toBe(10);
    expect(r.parts[0].context).toEqual({ kind: "field", coordinates: ["l"], variables: ["a"] });
    expect(r.parts[0].evidence).toContain("E_l(ℒ) = -1 + F'(a)*l_a/F(a)^2 - l_aa/F(a)");
    expect(r.parts[2].evidence).toContain("r(a, x) ≡ 0 for every x and a");
    expect(r.parts[3].evidence).toMatch(/MLE a = 1\.2, .*vanishes at every grid a/);
    expect(r.parts[7].evidence).toMatch(
      /MLE a = -0\.847298, .*vanishes at a = -0\.847298, 0 only .*counterexample a = 0 ≠ MLE/,
    );
  });

  it("a wrong sign of −1 in the claimed field equation is refuted at a failing step", () => {
    const r = verifyClaim(
      withGiven({ euler_lagrange: "1 - (l_aa/F(a) - F'(a)*l_a/F(a)^2)/P" }),
      FILE,
    );
    expect(r.parts[0].verdict).toBe("refuted");
    expect(r.parts[0].evidence).toMatch(/^P = 1: .*E_l\(ℒ\) as claimed.*failed its check/);
    const two = String(c4.given.euler_lagrange_2).replace("2*G12(a, b)*l_ab", "G12(a, b)*l_ab");
    const r2 = verifyClaim(withGiven({ euler_lagrange_2: two }), FILE);
    expect(r2.parts.map((p) => p.verdict).slice(0, 2)).toEqual(["proved", "refuted"]);
    expect(r2.parts[1].evidence).toMatch(/^P = 2: .*failed its check/);
  });

  it("+ℓ instead of −ℓ in ℒ changes the equation: the claimed one is refuted", () => {
    const r = verifyClaim(withGiven({ lagrangian: "1/(2*P)*l_a^2/F(a) + l" }), FILE);
    expect(r.parts[0].verdict).toBe("refuted");
  });

  it("E[∇²ℓ] = +F, or an expectation other than 0 (not −1 = −1), is refuted", () => {
    const plus = verifyClaim(withGiven({ hessian_mean: "F" }), FILE);
    expect(plus.parts[0].evidence).toMatch(/E\[E_l\(ℒ\)\].*failed its check/);
    expect(plus.parts[1].verdict).toBe("refuted");
    expect(plus.parts[2].verdict).toBe("refuted");
    expect(plus.parts[2].evidence).toMatch(/E\[∂²ℓ\] gives -1, not 1/);
    const two = verifyClaim(withGiven({ expected_residual: "-2" }), FILE);
    expect(two.parts[0].verdict).toBe("refuted");
  });

  it("a claimed E[E_l(ℒ)] of 1 is refuted under the model on every family, not only in the proof", () => {
    const one = verifyClaim(withGiven({ expected_residual: "1" }), FILE);
    for (const k of [2, 4, 6]) {
      expect(one.parts[k].verdict).toBe("refuted");
      expect(one.parts[k].evidence).toMatch(/E\[E_l\(ℒ\)\] gives 0, not 1/);
    }
  });

  it("E[∇²ℓ] = −2F with an expectation of 1 is proved as stated, without '−1 = −1'", () => {
    const r = verifyClaim(withGiven({ hessian_mean: "-2*F", expected_residual: "1" }), FILE);
    expect(r.parts[0].verdict).toBe("proved");
    expect(r.parts[0].evidence).toMatch(/its expectation is 1 at every θ$/);
    expect(r.parts[2].evidence).toMatch(/E\[∂²ℓ\] gives -1, not -2/);
  });

  it("a residual of degree 6 in x is beyond the 3 Gauss–Hermite nodes: not checkable, not judged", () => {
    const r = verifyClaim(withGiven({ lagrangian: "1/(2*P)*l_a^2/F(a) - l + l_a^8" }), FILE);
    expect(r.parts[2].verdict).toBe("not-checkable");
    expect(r.parts[2].evidence).toMatch(/not a polynomial of degree ≤ 5 in x/);
    // Degree 2 (l_a^4 gives l_a²·l_aa) stays exact, and is judged: refuted (E ≠ 0).
    const four = verifyClaim(withGiven({ lagrangian: "1/(2*P)*l_a^2/F(a) - l + l_a^4" }), FILE);
    expect(four.parts[2].verdict).toBe("refuted");
  });

  it("the weaker conclusion 'the MLE is stationary' is checked on every family", () => {
    const r = verifyClaim(withGiven({ stationary: "includes-mle" }), FILE);
    expect(r.verdict).toBe("checked");
    expect(r.parts.slice(2).every((p) => p.verdict === "checked")).toBe(true);
  });

  it("'every θ is stationary' holds for the Gaussian and Bernoulli mean, not for the logit", () => {
    const r = verifyClaim(withGiven({ stationary: "every-theta" }), FILE);
    expect(r.parts.map((p) => p.verdict).slice(2)).toEqual([
      "checked",
      "checked",
      "checked",
      "checked",
      "checked",
      "refuted",
    ]);
    expect(r.parts[7].evidence).toMatch(/a = -4 is not stationary, ρ = /);
    const gauss = verifyClaim(
      withGiven({ stationary: "every-theta", families: "gaussian-location, bernoulli-mean" }),
      FILE,
    );
    expect(gauss.verdict).toBe("checked");
  });

  it("a sample with x̄ = 1/2 puts the MLE on the spurious root: mle-only holds for the logit", () => {
    const r = verifyClaim(
      withGiven({ families: "bernoulli-natural", sample_bernoulli: "1, 0, 1, 0" }),
      FILE,
    );
    expect(r.verdict).toBe("checked");
    expect(r.parts[3].evidence).toMatch(/MLE a = 0, .*no other θ is/);
  });

  it("companion: the logit's ρ(a) matches central differences of the flux F⁻¹·E[∂ℓ]", () => {
    const w = workFamily("bernoulli-natural", EL, 1);
    const xbar = 0.3;
    const flux = (a: number) => (xbar - sigmoid(a)) / (sigmoid(a) * (1 - sigmoid(a)));
    for (const a of [-2.5, -0.4, 0.7, 3]) {
      const rho =
        xbar * evaluate(w.residual, { a, x: 1 }) + (1 - xbar) * evaluate(w.residual, { a, x: 0 });
      const h = 1e-5;
      const fd = -1 - (flux(a + h) - flux(a - h)) / (2 * h);
      expect(rho).toBeCloseTo(fd, 6);
    }
    const g = workFamily("gaussian-location", EL, 2);
    expect(evaluate(g.fisher, { a: 0.3 })).toBeCloseTo(0.25, 12);
    expect(evaluate(g.residual, { a: 0.3, x: -1.7 })).toBeCloseTo(0, 12);
  });

  it("bad input: an unknown family, a non-binary sample, another function than F, a bad conclusion", () => {
    expect(() => verifyClaim(withGiven({ families: "poisson" }), FILE)).toThrow(UserError);
    expect(() => verifyClaim(withGiven({ sample_bernoulli: "1, 2, 0" }), FILE)).toThrow(
      /given 'sample_bernoulli' must list 0s and 1s only/,
    );
    expect(() => verifyClaim(withGiven({ lagrangian: "1/(2*P)*l_a^2/H(a) - l" }), FILE)).toThrow(
      /given 'lagrangian' uses H: the families substitute only F\(a\)/,
    );
    expect(() => verifyClaim(withGiven({ stationary: "maybe" }), FILE)).toThrow(
      /given 'stationary' must be one of mle-only/,
    );
  });
});
