/**
 * C3, numeric companions of the constrained discrete Lagrangian (bellman.ts):
 *
 * - value iteration on a small deterministic MDP (rewards r[s][u], successors f[s][u], discount γ)
 *   with the claimed backup V(s) ← max_u backup(r(s, u), γ, V(f(s, u))) (`bellman`, in r, gamma,
 *   v), checked against the best of all |U|^|S| stationary policies, each evaluated exactly;
 * - the discrete-time LQR, r = −(q s² + ρ a²)/2, f = A s + B a, h = −q_f s²/2: the claimed
 *   Riccati recursion P_k = riccati(P_{k+1}) (in q, rho, A, B, P), P_n = q_f, and along the optimal
 *   trajectory the costate λ_k = −P_k s_k must satisfy the stationarity conditions
 *   λ_k = −q s_k + A λ_{k+1}, ρ a_k = B λ_{k+1}, λ_n = −q_f s_n.
 */
import { evaluate } from "../expr/numeric/evaluate.js";
import type { Given } from "./given.js";
import { inverse, apply, type Matrix } from "./linalg.js";
import type { PartResult } from "./types.js";

/** A table "1 2; 3 4" (rows by ';', entries by spaces or commas). */
function table(g: Given, key: string): Matrix {
  const rows = g
    .text(key)
    .split(";")
    .map((r) =>
      r
        .trim()
        .split(/[\s,]+/)
        .map(Number),
    );
  if (rows.some((r) => r.length !== rows[0].length || r.some((x) => !Number.isFinite(x))))
    g.fail(key, "must be a table of numbers, rows separated by ';', all of one length");
  return rows;
}

/** Value iteration V ← max_u backup(r[s][u], V[next[s][u]]) from V = 0 until the change ≤ tol. */
export function valueIteration(
  rewards: Matrix,
  next: Matrix,
  backup: (r: number, v: number) => number,
  tol = 1e-12,
  maxIter = 20000,
): { V: number[]; policy: number[]; iterations: number; converged: boolean } {
  let V = rewards.map(() => 0);
  const step = (W: number[]) =>
    rewards.map((row, s) => row.map((r, u) => backup(r, W[next[s][u]])));
  for (let it = 1; it <= maxIter; it++) {
    const W = step(V).map((q) => Math.max(...q));
    const change = Math.max(...W.map((w, s) => Math.abs(w - V[s])));
    V = W;
    if (!Number.isFinite(change)) break;
    if (change <= tol) {
      const policy = step(V).map((q) => q.indexOf(Math.max(...q)));
      return { V, policy, iterations: it, converged: true };
    }
  }
  return { V, policy: [], iterations: maxIter, converged: false };
}

/** The discounted return of a stationary policy: solve (I − γ P_π) V = r_π. */
export function policyValue(rewards: Matrix, next: Matrix, gamma: number, pi: number[]): number[] {
  const S = rewards.length;
  const M = rewards.map((_, s) =>
    rewards.map((__, t) => (s === t ? 1 : 0) - (next[s][pi[s]] === t ? gamma : 0)),
  );
  const Minv = inverse(M);
  if (!Minv) throw new Error("singular policy evaluation");
  return apply(
    Minv,
    rewards.map((row, s) => row[pi[s]]),
  ).slice(0, S);
}

/** The Riccati sequence P_0…P_n from P_n = qf with P_k = riccati(P_{k+1}). */
export function riccatiSequence(n: number, qf: number, riccati: (P: number) => number): number[] {
  const P = new Array<number>(n + 1);
  P[n] = qf;
  for (let k = n - 1; k >= 0; k--) P[k] = riccati(P[k + 1]);
  return P;
}

export function bellmanNumeric(g: Given): PartResult[] {
  return [mdpPart(g), lqrPart(g)];
}

function mdpPart(g: Given): PartResult {
  const rewards = table(g, "mdp_rewards");
  const next = table(g, "mdp_next");
  const S = rewards.length;
  const U = rewards[0].length;
  if (next.length !== S || next[0].length !== U || U ** S > 4096)
    g.fail("mdp_next", `must be a ${S}×${U} table like mdp_rewards (at most 4096 policies)`);
  if (next.some((r) => r.some((t) => !Number.isInteger(t) || t < 0 || t >= S)))
    g.fail("mdp_next", `entries must be states 0…${S - 1}`);
  const gamma = g.number("gamma");
  if (!(gamma > 0 && gamma < 1)) g.fail("gamma", "must be in (0, 1)");
  const bellman = g.expr("bellman", ["r", "gamma", "v"]);
  const method = `value iteration (${S} states, ${U} actions, γ = ${gamma}) vs all ${U ** S} policies`;
  const vi = valueIteration(rewards, next, (r, v) => evaluate(bellman, { r, gamma, v }));
  if (!vi.converged)
    return {
      verdict: "refuted",
      method,
      evidence: `value iteration with V ← max_u ${"[" + g.text("bellman") + "]"} does not converge (V = ${vi.V.map((x) => x.toPrecision(4)).join(", ")})`,
    };
  // The best stationary policy, each evaluated exactly (independent of the claimed backup).
  let best = rewards.map(() => -Infinity);
  for (let code = 0; code < U ** S; code++) {
    const pi = rewards.map((_, s) => Math.floor(code / U ** s) % U);
    const v = policyValue(rewards, next, gamma, pi);
    best = best.map((b, s) => Math.max(b, v[s]));
  }
  const bad = vi.V.findIndex(
    (v, s) => Math.abs(v - best[s]) > 1e-8 * Math.max(1, Math.abs(best[s])),
  );
  if (bad >= 0)
    return {
      verdict: "refuted",
      method,
      evidence: `state ${bad}: value iteration gives V = ${vi.V[bad].toPrecision(8)}, the best policy's return is ${best[bad].toPrecision(8)}`,
    };
  const greedy = policyValue(rewards, next, gamma, vi.policy);
  const gap = Math.max(...greedy.map((v, s) => Math.abs(v - best[s])));
  if (gap > 1e-8)
    return {
      verdict: "refuted",
      method,
      evidence: `the greedy policy ${vi.policy.join(" ")} falls short of the optimum by ${gap.toExponential(3)}`,
    };
  return {
    verdict: "checked",
    method,
    evidence: `converged in ${vi.iterations} sweeps (change ≤ 1e-12): V = ${vi.V.map((x) => x.toFixed(6)).join(", ")}, greedy policy ${vi.policy.join(" ")}; equals the best of ${U ** S} policies (exact returns) within 1e-8, the greedy policy attains it`,
  };
}

function lqrPart(g: Given): PartResult {
  const [q, rho, A, B, qf, s0] = ["lqr_q", "lqr_rho", "lqr_A", "lqr_B", "lqr_qf", "lqr_s0"].map(
    (k) => g.number(k),
  );
  const n = g.number("lqr_horizon", 20);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    g.fail("lqr_horizon", "must be an integer in 1…1000");
  if (!(q >= 0 && rho > 0 && qf >= 0)) g.fail("lqr_rho", "needs q ≥ 0, rho > 0, qf ≥ 0");
  const riccati = g.expr("riccati", ["q", "rho", "A", "B", "P"]);
  const P = riccatiSequence(n, qf, (Pn) => evaluate(riccati, { q, rho, A, B, P: Pn }));
  const method = `discrete LQR, horizon ${n}: costate −P_k s_k in the stationarity conditions`;
  // The optimal trajectory: a_k = B λ_{k+1}/ρ with λ_{k+1} = −P_{k+1}(A s_k + B a_k).
  const s = [s0];
  const a: number[] = [];
  for (let k = 0; k < n; k++) {
    a.push((-B * P[k + 1] * A * s[k]) / (rho + B * B * P[k + 1]));
    s.push(A * s[k] + B * a[k]);
  }
  const lam = s.map((x, k) => -P[k] * x);
  const scale = Math.max(...lam.map(Math.abs), ...s.map(Math.abs), 1e-300);
  const tol = 1e-9 * scale;
  const residuals: [string, number][] = [[`λ_${n} + q_f s_${n}`, lam[n] + qf * s[n]]];
  for (let k = 0; k < n; k++) {
    if (k > 0)
      residuals.push([
        `λ_${k} − (−q s_${k} + A λ_${k + 1})`,
        lam[k] - (-q * s[k] + A * lam[k + 1]),
      ]);
    residuals.push([`ρ a_${k} − B λ_${k + 1}`, rho * a[k] - B * lam[k + 1]]);
  }
  const worst = residuals.reduce((m, r) => (Math.abs(r[1]) > Math.abs(m[1]) ? r : m));
  if (!(Math.abs(worst[1]) <= tol) || !P.every(Number.isFinite))
    return {
      verdict: "refuted",
      method,
      evidence: `with P_k from P_k = ${g.text("riccati")}: ${worst[0]} = ${worst[1].toExponential(3)} (tolerance ${tol.toExponential(1)}; P_0 = ${P[0].toPrecision(8)})`,
    };
  // The value: J = h(s_n) + Σ r(s_k, a_k) = −P_0 s_0²/2.
  let J = (-qf * s[n] ** 2) / 2;
  for (let k = 0; k < n; k++) J -= (q * s[k] ** 2 + rho * a[k] ** 2) / 2;
  const V0 = (-P[0] * s0 * s0) / 2;
  if (Math.abs(J - V0) > 1e-9 * Math.max(1, Math.abs(V0)))
    return {
      verdict: "refuted",
      method,
      evidence: `the trajectory's return ${J.toPrecision(10)} is not −P_0 s_0²/2 = ${V0.toPrecision(10)}`,
    };
  return {
    verdict: "checked",
    method,
    evidence: `q = ${q}, ρ = ${rho}, A = ${A}, B = ${B}, q_f = ${qf}, s_0 = ${s0}: all ${residuals.length} stationarity residuals ≤ ${tol.toExponential(1)} (largest |${worst[0]}| = ${Math.abs(worst[1]).toExponential(2)}); P_0 = ${P[0].toPrecision(10)}, return = −P_0 s_0²/2 = ${V0.toPrecision(10)}`,
  };
}
