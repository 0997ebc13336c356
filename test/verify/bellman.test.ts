/**
 * C3 (Bellman from the constrained discrete Lagrangian): the verdict is computed from the claimed
 * equations, a wrong sign refutes it, and the numeric companions (value iteration, LQR Riccati)
 * agree with hand-written solvers.
 */
import { describe, expect, it } from "vitest";
import { jsExpr } from "../../src/compile/js-expr.js";
import { ref } from "../../src/compile/ir.js";
import { lower } from "../../src/compile/lower.js";
import { lqrDirect, riccatiSequence, valueIteration } from "../../src/verify/bellman-numeric.js";
import { DERIVED_GAIN, DERIVED_RICCATI } from "../../src/verify/riccati.js";
import { parse } from "../../src/expr/syntax/parse.js";
import type { Expr } from "../../src/expr/types.js";
import { verifyClaim } from "../../src/verify/engine.js";
import { claimOf, withGiven as changed } from "../support/claims.js";

const FILE = "derivations/paper/bellman.claims.yaml";
const c3 = claimOf(FILE, "C3");
const withGiven = (given: Record<string, string | number>) => changed(c3, given);
const rows = (t: string) => t.split(";").map((r) => r.trim().split(/\s+/).map(Number));

/**
 * Expressions compiled to JavaScript functions of `names` by the compiler's lowering and printer
 * (src/compile), loaded as a module.
 */
async function compileFunctions(
  names: readonly string[],
  exprs: Record<string, Expr>,
): Promise<Record<string, (...x: number[]) => number>> {
  const env = new Map(names.map((n) => [n, ref(n, 0)]));
  const source = Object.entries(exprs)
    .map(
      ([name, e]) =>
        `export const ${name} = (${names.join(", ")}) => ${jsExpr(lower(e, env, name))};`,
    )
    .join("\n");
  return (await import(
    /* @vite-ignore */ "data:text/javascript," + encodeURIComponent(source)
  )) as Record<string, (...x: number[]) => number>;
}

describe("C3: Bellman's equation from the constrained discrete Lagrangian", () => {
  it("is checked: the stationarity conditions proved from ℒ, value iteration and LQR checked", () => {
    const r = verifyClaim(c3, FILE);
    expect(r.verdict).toBe("checked");
    expect(r.parts.map((p) => p.verdict)).toEqual(["proved", "proved", "checked", "checked"]);
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
    expect(vi.parts[2].verdict).toBe("refuted");
    expect(vi.parts[2].evidence).toMatch(/best policy's return/);
    const lqr = verifyClaim(withGiven({ riccati: "q + A^2*P - (A*B*P)^2/(rho + B*P)" }), FILE);
    expect(lqr.parts[1].verdict).toBe("refuted");
    expect(lqr.parts[1].evidence).toMatch(
      /is not the derived q \+ A\^2\*P - \(A\*B\*P\)\^2\/\(rho \+ B\^2\*P\)/,
    );
    expect(lqr.verdict).toBe("refuted");
  });

  it("companion: value iteration with the claim's backup compiled to JavaScript agrees with a hand-written solver", async () => {
    const R = rows(String(c3.given.mdp_rewards));
    const F = rows(String(c3.given.mdp_next));
    const gamma = Number(c3.given.gamma);
    const { backup } = await compileFunctions(["r", "gamma", "v"], {
      backup: parse(String(c3.given.bellman)),
    });
    const vi = valueIteration(R, F, (r, v) => backup(r, gamma, v));
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

  it("the Riccati recursion is derived from ℒ's LQR stage: 15 steps, feedback and P_n = q_f", () => {
    const r = verifyClaim(c3, FILE);
    const steps = r.parts[1].steps!;
    expect(steps.map((s) => s.label)).toContain("a_k");
    expect(steps.at(-1)!.label).toBe("λ_n");
    expect(r.parts[1].evidence).toContain("a_k = -A*B*P/(rho + B^2*P)·s_k");
  });

  it("companion: the derived recursion, compiled to JavaScript, agrees with hand-written solvers", async () => {
    // The derived map and gain through the compiler's lowering and JavaScript printer.
    const compiled = await compileFunctions(["q", "rho", "A", "B", "P"], {
      riccati: DERIVED_RICCATI,
      gain: DERIVED_GAIN,
    });
    const lqr = { q: 1, rho: 0.5, A: 1.1, B: 0.4, qf: 2, s0: 1 };
    const { q, rho, A, B, qf, s0 } = lqr;
    const P = riccatiSequence(20, qf, (p) => compiled.riccati(q, rho, A, B, p));
    // Hand-written: the gain form P = q + A²P' − K²(ρ + B²P'), K = A·B·P'/(ρ + B²P').
    let Pk = qf;
    const hand = [Pk];
    for (let k = 0; k < 20; k++) {
      const K = (A * B * Pk) / (rho + B * B * Pk);
      Pk = q + A * A * Pk - K * K * (rho + B * B * Pk);
      hand.unshift(Pk);
    }
    P.forEach((p, k) => expect(p).toBeCloseTo(hand[k], 10));
    // Hand-written: the direct maximiser of the return over all 20 actions at once.
    const direct = lqrDirect(lqr, 20);
    let s = s0;
    for (let k = 0; k < 20; k++) {
      const a = compiled.gain(q, rho, A, B, P[k + 1]) * s;
      expect(a).toBeCloseTo(direct.actions[k], 10);
      s = A * s + B * a;
    }
    expect((-P[0] * s0 * s0) / 2).toBeCloseTo(direct.value, 10);
    // The claim's evidence states the same optimal return.
    const r = verifyClaim(c3, FILE);
    expect(r.parts[3].evidence).toContain(
      `−P_0 s_0²/2 = ${((-P[0] * s0 * s0) / 2).toPrecision(10)}`,
    );
  });

  it("the direct LQR solver is right on one step: a* = −A·B·q_f·s_0/(ρ + B²·q_f)", () => {
    const { actions, value } = lqrDirect({ q: 1, rho: 2, A: 3, B: 0.5, qf: 4, s0: 1 }, 1);
    expect(actions[0]).toBeCloseTo((-3 * 0.5 * 4) / (2 + 0.25 * 4), 12);
    const s1 = 3 + 0.5 * actions[0];
    expect(value).toBeCloseTo(-(1 + 2 * actions[0] ** 2 + 4 * s1 * s1) / 2, 12);
  });
});
