/**
 * C5 and C6 (the learning particle): the verdicts are computed from the statement — the flow, the
 * potential's sign, the Lagrangian, the families, the learning rate — so changing any of them
 * changes the verdict; residuals agree with hand-written formulas, and the Euler step of the flow
 * agrees with hand-written RMSprop.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ClaimSpec } from "../../src/derivation-files/claims.js";
import { evaluate } from "../../src/expr/numeric/evaluate.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { verifyClaim } from "../../src/verify/engine.js";
import { Given } from "../../src/verify/given.js";
import { family, familyPart, readStatement } from "../../src/verify/particle.js";
import { run } from "../support/cli.js";
import { claimOf, withGiven } from "../support/claims.js";

const FILE = "derivations/paper/particle.claims.yaml";
const [c5, c6] = ["C5", "C6"].map((id) => claimOf(FILE, id));
const verdicts = (c: ClaimSpec) => verifyClaim(c, FILE).parts.map((p) => p.verdict);

describe("C5: the particle's flow θ' = F^(−1/2)∇ℓ and RMSprop/Adam", () => {
  it("is refuted by the Bernoulli model; the Gaussian location model satisfies it at every θ", () => {
    const r = verifyClaim(c5, FILE);
    expect(r.verdict).toBe("refuted");
    expect(r.parts.map((p) => p.verdict)).toEqual([
      "proved",
      "proved",
      "refuted",
      "checked",
      "checked",
    ]);
    for (const p of r.parts.slice(0, 3)) expect(p.steps!.every((s) => s.check.passed)).toBe(true);
    // Hand-computed: φ = (x̄ − θ)/√(θ(1 − θ)), R = −d/dθ(½φ² + ℓ) = 4/9 at θ = 1/4, x̄ = 1/2.
    expect(r.parts[2].evidence).toContain("R = 0.444444 at θ = 0.25, x̄ = 0.5");
    expect(r.parts[1].evidence).toMatch(/R ≡ 0 at every θ \(decided symbolically/);
  });

  it("on the Gaussian model alone it holds: the verdict changes to checked", () => {
    expect(verifyClaim(withGiven(c5, { families: "gaussian-location" }), FILE).verdict).toBe(
      "checked",
    );
  });

  it("a flow the simplifier cannot reduce (|∇ℓ|/√(∇ℓ²)) is checked on the grid, not 'every θ'", () => {
    const flow = "dl*abs(dl)/sqrt(dl^2)/sqrt(F)";
    const r = verifyClaim(withGiven(c5, { flow, families: "gaussian-location" }), FILE);
    expect(r.parts[1].verdict).toBe("checked");
    expect(r.parts[1].evidence).toMatch(/R = 0 on the grid, not decided symbolically/);
    expect(r.parts[1].evidence).not.toMatch(/every θ/);
  });

  it("the natural gradient F^(−1)∇ℓ is neither RMSprop, nor Adam, nor a solution for σ ≠ 1", () => {
    const v = verdicts(withGiven(c5, { flow: "F^(-1)*dl", families: "gaussian-location" }));
    expect(v).toEqual(["proved", "refuted", "refuted", "refuted"]);
    const r = verifyClaim(withGiven(c5, { flow: "F^(-1)*dl" }), FILE);
    expect(r.parts[3].evidence).toMatch(/is not RMSprop: trajectory 1, step 1/);
  });

  it("V = −ℓ (ℓ as a loss) or a Lagrangian without the ½ breaks the Gaussian case too", () => {
    for (const given of <Record<string, string>[]>[
      { potential: "-l" },
      { lagrangian: "m*th'^2 - V" },
    ]) {
      const v = verdicts(withGiven(c5, { ...given, families: "gaussian-location" }));
      expect(v[1]).toBe("refuted");
    }
  });

  it("the Bernoulli residual agrees with a hand-written finite difference of the energy", () => {
    const st = readStatement(new Given(c5, FILE));
    const rec = familyPart(st, family("bernoulli", 0.5)!, st.flow);
    const E = (th: number, x: number) =>
      (x - th) ** 2 / (2 * th * (1 - th)) + x * Math.log(th) + (1 - x) * Math.log(1 - th);
    for (const [th, x] of [
      [0.3, 0.6],
      [0.7, 0.2],
      [0.55, 1],
    ]) {
      const h = 1e-6;
      const hand = -(E(th + h, x) - E(th - h, x)) / (2 * h);
      expect(evaluate(rec.residual, { th, xbar: x })).toBeCloseTo(hand, 6);
    }
  });
});

describe("C6: SGD does not satisfy the particle's Euler–Lagrange equation", () => {
  it("is checked at η = 1 on both families, saying where the claimed flow fails too", () => {
    const r = verifyClaim(c6, FILE);
    expect(r.verdict).toBe("checked");
    expect(r.parts.map((p) => p.verdict)).toEqual(["proved", "checked", "checked"]);
    expect(r.parts[1].evidence).toMatch(/η = F\^\(−1\/2\) = 0.5 SGD is the claimed flow/);
    expect(r.parts[2].evidence).toMatch(/R ≢ 0 for every η in 0.05, 0.10, …, 3/);
    expect(r.parts[2].evidence).toMatch(/fails here too/);
    // Hand-written: R = −(x̄ − θ)/σ²·(1 − η²/σ²) = 12·(x̄ − θ) at σ = 0.5, η = 1; 6 at θ = 0, x̄ = ½.
    expect(r.parts[1].evidence).toContain("R = 6 at θ = 0, x̄ = 0.5");
  });

  it("with the learning rate equal to σ, SGD solves it on the Gaussian model: refuted", () => {
    for (const rate of ["sigma", 0.5]) {
      const r = verifyClaim(withGiven(c6, { learning_rate: rate }), FILE);
      expect(r.verdict).toBe("refuted");
      expect(r.parts.map((p) => p.verdict)).toEqual(["proved", "refuted", "checked"]);
      expect(r.parts[1].evidence).toMatch(/SGD solves the Euler–Lagrange equation here/);
    }
  });

  it("with V = −ℓ no learning rate helps: checked even at η = σ", () => {
    expect(verifyClaim(withGiven(c6, { potential: "-l", learning_rate: 0.5 }), FILE).verdict).toBe(
      "checked",
    );
  });

  it("bad statements are UserErrors naming the field", () => {
    expect(() => verifyClaim(withGiven(c6, { families: "poisson" }), FILE)).toThrow(
      /claim C6: given 'families' 'poisson' is not one of gaussian-location, bernoulli/,
    );
    expect(() => verifyClaim(withGiven(c6, { parameters: 2 }), FILE)).toThrow(/'parameters'/);
    expect(() => verifyClaim(withGiven(c5, { flow: "F^(-1/2)*g" }), FILE)).toThrow(
      /given 'flow' uses g; allowed symbols: F, dl, eta/,
    );
    expect(() => verifyClaim(withGiven(c5, { adam: "../nope.yaml" }), FILE)).toThrow(/nope.yaml/);
    // No trajectories would be a vacuous 'checked'; 10⁹ steps would run for hours.
    expect(() => verifyClaim(withGiven(c5, { trajectories: -1 }), FILE)).toThrow(
      /given 'trajectories' must be an integer in 1…1000/,
    );
    expect(() => verifyClaim(withGiven(c5, { steps: 1e9 }), FILE)).toThrow(/given 'steps'/);
    expect(() => verifyClaim(withGiven(c5, { tolerance: 0 }), FILE)).toThrow(
      /given 'tolerance' must be in \(0, 0.001\)/,
    );
  });
});

describe("companion: the Euler step of θ' = −g/√F is hand-written RMSprop", () => {
  it("θ ← θ − lr·g/(√v + ε) with v ← αv + (1 − α)g², step by step", () => {
    const r = verifyClaim(withGiven(c5, { trajectories: 3, steps: 10 }), FILE);
    expect(r.parts[3].evidence).toMatch(/3 seeded trajectories × 10 steps/);
    // The flow's value at F = (√v + ε)², dl = −g is exactly the RMSprop increment's direction.
    const flow = parse(String(c5.given.flow));
    const [v, eps, g] = [0.3, 1e-3, -0.7];
    const F = (Math.sqrt(v) + eps) ** 2;
    expect(evaluate(flow, { F, dl: -g, eta: 1 })).toBeCloseTo(-g / (Math.sqrt(v) + eps), 14);
  });
});

describe("the particle claims' record", () => {
  it("passes lagrange check; a tampered Bernoulli flow φ fails it, naming the step", async () => {
    const out = mkdtempSync(join(tmpdir(), "lagrange-particle-"));
    expect((await run("verify", FILE, "--allow-refuted", "--out", out)).code).toBe(0);
    const file = join(out, "particle.claims.json");
    const ok = await run("check", file);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/: \d+ steps re-verified at 4 fresh points each/);
    type Rec = { claims: { parts: { steps?: { label: string; rhs: string }[] }[] }[] };
    const record = JSON.parse(readFileSync(file, "utf8")) as Rec;
    // C5's Bernoulli part: φ = F^(−1/2)∇ℓ made F^(−1)∇ℓ = x̄ − θ.
    record.claims[0].parts[2].steps!.find((s) => s.label === "φ")!.rhs = "xbar - th";
    const tampered = join(out, "tampered.claims.json");
    writeFileSync(tampered, JSON.stringify(record));
    const bad = await run("check", tampered);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/claim C5 part 3: step \d+ \(substitute: φ\)/);
  }, 60_000);
});
