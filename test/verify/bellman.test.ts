/**
 * C3 (Bellman from the constrained discrete Lagrangian): the verdict is computed from the claimed
 * equations, a wrong sign refutes it, and the numeric companions (value iteration, LQR Riccati)
 * agree with hand-written solvers.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseClaimFile, type ClaimSpec } from "../../src/derivation-files/claims.js";
import { riccatiSequence, valueIteration } from "../../src/verify/bellman-numeric.js";
import { verifyClaim } from "../../src/verify/engine.js";

const FILE = "derivations/paper/bellman.claims.yaml";
const c3: ClaimSpec = parseClaimFile(readFileSync(FILE, "utf8"), FILE).claims.find(
  (c) => c.id === "C3",
)!;
const withGiven = (given: Record<string, string | number>): ClaimSpec => ({
  ...c3,
  given: { ...c3.given, ...given },
});
const rows = (t: string) => t.split(";").map((r) => r.trim().split(/\s+/).map(Number));

describe("C3: Bellman's equation from the constrained discrete Lagrangian", () => {
  it("is checked: the stationarity conditions proved from ℒ, value iteration and LQR checked", () => {
    const r = verifyClaim(c3, FILE);
    expect(r.verdict).toBe("checked");
    expect(r.parts.map((p) => p.verdict)).toEqual(["proved", "checked", "checked"]);
    // n = 3: ℒ, 2 steps per s_1…s_3, a_0…a_2, λ_1…λ_3 (partial + claim), 2 for V'.
    expect(r.parts[0].steps!.length).toBeGreaterThanOrEqual(18);
    expect(r.parts[0].steps!.every((s) => s.check.passed)).toBe(true);
  });

  it("a wrong sign in the costate recursion is refuted at a counterexample point", () => {
    const r = verifyClaim(withGiven({ costate: "D1(r)(s, a) - D1(f)(s, a)*l_next" }), FILE);
    expect(r.verdict).toBe("refuted");
    expect(r.parts[0].verdict).toBe("refuted");
    expect(r.evidence[0]).toMatch(/λ_1 = .*failed its check: .* at a1=.*s1=/);
  });

  it("a wrong terminal costate, Hamiltonian or dynamics is refuted", () => {
    for (const given of <Record<string, string>[]>[
      { terminal: "-h'(s)" },
      { hamiltonian: "r(s, a) - f(s, a)*l_next" },
      { dynamics: "f(s, a) + s" },
    ])
      expect(verifyClaim(withGiven(given), FILE).parts[0].verdict).toBe("refuted");
  });

  it("a wrong discount in the backup or a wrong Riccati denominator is refuted", () => {
    const vi = verifyClaim(withGiven({ bellman: "r + gamma^2*v" }), FILE);
    expect(vi.parts[1].verdict).toBe("refuted");
    expect(vi.parts[1].evidence).toMatch(/best policy's return/);
    const lqr = verifyClaim(withGiven({ riccati: "q + A^2*P - (A*B*P)^2/(rho + B*P)" }), FILE);
    expect(lqr.parts[2].verdict).toBe("refuted");
    expect(lqr.verdict).toBe("refuted");
  });

  it("companion: value iteration on the 4-state MDP agrees with a hand-written solver", () => {
    const R = rows(String(c3.given.mdp_rewards));
    const F = rows(String(c3.given.mdp_next));
    const gamma = Number(c3.given.gamma);
    const vi = valueIteration(R, F, (r, v) => r + gamma * v);
    // Hand-written: synchronous value iteration, a fixed 2000 sweeps.
    let V = [0, 0, 0, 0];
    for (let i = 0; i < 2000; i++)
      V = V.map((_, s) => Math.max(R[s][0] + gamma * V[F[s][0]], R[s][1] + gamma * V[F[s][1]]));
    const policy = V.map((_, s) =>
      R[s][0] + gamma * V[F[s][0]] >= R[s][1] + gamma * V[F[s][1]] ? 0 : 1,
    );
    expect(vi.converged).toBe(true);
    vi.V.forEach((v, s) => expect(v).toBeCloseTo(V[s], 9));
    expect(vi.policy).toEqual(policy);
    // State 3 loops on itself with reward 5: V = 5/(1 − γ) = 50.
    expect(V[3]).toBeCloseTo(50, 9);
  });

  it("companion: the LQR Riccati sequence agrees with a hand-written backward recursion", () => {
    const [q, rho, A, B, qf] = [1, 0.5, 1.1, 0.4, 2];
    const P = riccatiSequence(20, qf, (p) => q + A * A * p - (A * B * p) ** 2 / (rho + B * B * p));
    // Hand-written: the gain form P = q + A²P' − K²(ρ + B²P'), K = A·B·P'/(ρ + B²P').
    let Pk = qf;
    const hand = [Pk];
    for (let k = 0; k < 20; k++) {
      const K = (A * B * Pk) / (rho + B * B * Pk);
      Pk = q + A * A * Pk - K * K * (rho + B * B * Pk);
      hand.unshift(Pk);
    }
    P.forEach((p, k) => expect(p).toBeCloseTo(hand[k], 10));
    // The claim file's numbers give the same P_0 in its evidence.
    const r = verifyClaim(c3, FILE);
    expect(r.parts[2].evidence).toContain(`P_0 = ${P[0].toPrecision(10)}`);
  });
});
