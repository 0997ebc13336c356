/**
 * C8: reinforcement learning as the Legendre transform of parameter estimation. The verdict is
 * computed from the claim's formal statement: Pontryagin's max_a [r + f·λ] against the Legendre
 * transform of L = −r derived by src/proof/derive.ts, for the learning particle and the LQR reward.
 * Changing the mapping (a sign, L = +r, the Hamiltonian) changes the verdict.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ClaimSpec } from "../../src/derivation-files/claims.js";
import { UserError } from "../../src/errors.js";
import { verifyClaim } from "../../src/verify/engine.js";
import { run } from "../support/cli.js";
import { claimOf, withGiven as changed } from "../support/claims.js";

const FILE = "derivations/paper/legendre.claims.yaml";
const c8 = claimOf(FILE, "C8");
const withGiven = (given: Record<string, string>) => changed(c8, given);
const verify = (given: Record<string, string> = {}) => verifyClaim(withGiven(given), FILE);

describe("C8: Pontryagin's Hamiltonian is the Legendre transform of L = −r at p = λ", () => {
  it("is proved for the learning particle (r = V − ½m·a²) and the LQR reward, step by step", () => {
    const r = verify();
    expect(r.verdict).toBe("proved");
    expect(r.parts.map((p) => p.verdict)).toEqual(["proved", "proved"]);
    const [particle, lqr] = r.evidence;
    expect(particle).toContain("L = 1/2*m*s'^2 - V(s)");
    expect(particle).toContain("a* = lambda/m");
    expect(particle).toContain("Pontryagin's s' = lambda/m, λ' = -V'(s) are Hamilton's");
    expect(particle).toMatch(/-m < 0 \(m > 0\): a\* is the unique maximiser/);
    expect(lqr).toContain("H* = 1/2*(lambda^2/rho - q*s^2) = H_L(s, p_s = lambda)");
    expect(lqr).toMatch(/'under Adam\/RMSprop' is not part of this statement \(C5\)/);
    for (const part of r.parts) {
      const steps = part.steps!;
      expect(steps.every((s) => s.check.passed)).toBe(true);
      // derive(L)'s Legendre transform and Hamilton's equations come first, numbered on.
      expect(steps.map((s) => s.n)).toEqual(steps.map((_, i) => i + 1));
      for (const rule of ["legendre", "solve-stationary", "euler-lagrange"])
        expect(steps.some((s) => s.rule === rule)).toBe(true);
    }
  }, 30_000);

  it("momentum p = −λ is refuted where the particle's velocity −λ/m meets f(s, a*) = λ/m", () => {
    const r = verify({ momentum: "-lambda" });
    expect(r.verdict).toBe("refuted");
    expect(r.evidence[0]).toMatch(
      /s'\(s, p_s\) at p_s = -lambda = f\(s, a\*\)\) failed its check: .* at lambda=.*, m=[^\n]*\n {2}claimed: lambda\/m/,
    );
  });

  it("L = +r (reward as the Lagrangian) is refuted for both rewards; so is H = r − f·λ", () => {
    const plus = verify({ lagrangian: "r" });
    expect(plus.parts.map((p) => p.verdict)).toEqual(["refuted", "refuted"]);
    expect(plus.evidence[1]).toContain("L = -1/2*q*s^2 - 1/2*rho*s'^2 does not correspond");
    expect(verify({ hamiltonian: "r - f*lambda" }).verdict).toBe("refuted");
  });

  it("L = +r with p = −λ reproduces the flow (velocities agree) but H_L = −H*: refuted", () => {
    const r = verify({ lagrangian: "r", momentum: "-lambda" });
    expect(r.verdict).toBe("refuted");
    expect(r.evidence[0]).toMatch(
      /H_L\(s, p_s\) at p_s = -lambda = H\*\(s, λ\)\) failed its check/,
    );
    expect(r.evidence[0]).not.toMatch(/s'\(s, p_s\) at p_s = -lambda = f\(s, a\*\)\) failed/);
  });

  it("a constant added to L keeps the velocities but shifts H: refuted at H* = H_L", () => {
    const r = verify({ lagrangian: "-r + q" });
    expect(r.verdict).toBe("refuted");
    expect(r.evidence[0]).toMatch(/H_L\(s, p_s\) at p_s = lambda = H\*\(s, λ\)\) failed its check/);
  });

  it("dynamics s' = 2a needs the inverse control a = s'/2: proved with it, refuted without", () => {
    const r = verify({ dynamics: "2*a", control: "s'/2" });
    expect(r.verdict).toBe("proved");
    expect(r.evidence[0]).toContain("L = 1/8*m*s'^2 - V(s)");
    const without = verify({ dynamics: "2*a" });
    expect(without.verdict).toBe("refuted");
    expect(without.evidence[0]).toMatch(/f\(s, a\(s, s'\)\) = s'\) failed its check/);
  });

  it("a reward convex in a has no maximum: refuted, though the stationary values correspond", () => {
    const r = verify({ reward_lqr: "-1/2*q*s^2 + 1/2*rho*a^2" });
    expect(r.parts.map((p) => p.verdict)).toEqual(["proved", "refuted"]);
    expect(r.evidence[1]).toMatch(/rho > 0: H is convex in a, max_a H = \+∞/);
  });

  it("bang-bang (r linear in a), a quartic cost and an undeclared sign are not checkable", () => {
    expect(verify({ reward_lqr: "-q*s^2 + rho*a" }).evidence[1]).toMatch(/affine in a/);
    expect(verify({ reward_lqr: "-q*s^2 - a^4" }).evidence[1]).toMatch(/depends on a/);
    const b = verify({ reward_lqr: "-1/2*b*a^2", parameters: "m, q, rho, b" });
    expect(b.verdict).toBe("not-checkable");
    expect(b.evidence[1]).toMatch(/sign of ∂²H\/∂a² = -b is not decided/);
  });

  it("bad statements are UserErrors naming the field: no reward, an undeclared symbol", () => {
    const none: ClaimSpec = {
      ...c8,
      given: Object.fromEntries(Object.entries(c8.given).filter(([k]) => !k.startsWith("reward_"))),
    };
    expect(() => verifyClaim(none, FILE)).toThrow(/given 'reward_<name>' is required/);
    expect(() => verify({ reward_lqr: "-k*s^2 - a^2" })).toThrow(UserError);
    expect(() => verify({ reward_lqr: "-k*s^2 - a^2" })).toThrow(/reward_lqr' uses k/);
    expect(() => verify({ positive: "m, k" })).toThrow(/'positive' names k, not a parameter/);
  });

  it("its record passes lagrange check; H_L at p = λ tampered to V − λ²/(2m) fails", async () => {
    const out = mkdtempSync(join(tmpdir(), "lagrange-c8-"));
    expect((await run("verify", FILE, "--out", out)).code).toBe(0);
    const file = join(out, "legendre.claims.json");
    const ok = await run("check", file);
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toMatch(/: 65 steps re-verified at 4 fresh points each/);
    type Step = { label: string; rhs: string };
    const record = JSON.parse(readFileSync(file, "utf8")) as {
      claims: { parts: { steps: Step[] }[] }[];
    };
    record.claims[0].parts[0].steps.find((s) => s.label.startsWith("H_L(s, p_s)"))!.rhs =
      "V(s) - 1/2*lambda^2/m";
    writeFileSync(file, JSON.stringify(record));
    const bad = await run("check", file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /claim C8 part 1: step \d+ \(substitute: H_L\(s, p_s\) at p_s = lambda/,
    );
  }, 60_000);
});
