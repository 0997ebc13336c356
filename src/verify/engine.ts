/**
 * The claim engine: each claim's `check` names a checker, which reads the formal statement
 * (`given`) and returns its parts' verdicts; the claim's verdict is the weakest part's
 * (types.ts). Checkers:
 *
 * - `a-optimal-design` (C1): Lagrange-multiplier proof (design.ts) + Monte Carlo and bound checks;
 * - `bellman-lagrangian` (C3): recorded partials of ℒ (bellman.ts), the Riccati recursion derived
 *   from its LQR stage (riccati.ts) + value iteration and the LQR against a direct solve;
 * - `fisher-field` (C4): the field Euler operator of ℒ (fisher.ts) + exact expectations on the
 *   Gaussian-location and Bernoulli families under the model and under data (fisher-families.ts);
 * - `greedy-design` (C2): rank witnesses and orthonormal blocks (design-numeric.ts);
 * - `legendre-control` (C8): Pontryagin's max_a [r + f·λ] vs the Legendre transform of −r (legendre.ts);
 * - `particle-flow` (C5): the claimed flow in the particle's Euler–Lagrange equation on concrete
 *   families (particle.ts) + its Euler step against derived RMSprop and Adam (particle-numeric.ts);
 * - `sgd-euler-lagrange` (C6): the SGD flow in the same equation (particle-claims.ts);
 * - `sequential-deceleration` (C7): v(t), a(t) of the Beta–Bernoulli predictor (deceleration.ts);
 * - `none`: not checkable, for the reason the claim states.
 */
import { UserError } from "../errors.js";
import type { ClaimSpec } from "../derivation-files/claims.js";
import { bellmanProof } from "./bellman.js";
import { bellmanNumeric } from "./bellman-numeric.js";
import { entropy, fixedLoss, priorLoss, type Dec } from "./deceleration.js";
import { fisherProof } from "./fisher.js";
import { fisherFamilies } from "./fisher-families.js";
import { optimalDesignProof } from "./design.js";
import { riccatiProof } from "./riccati.js";
import { greedyDesign, optimalDesignNumeric } from "./design-numeric.js";
import { Given, relation } from "./given.js";
import { legendreProof } from "./legendre.js";
import { particleFlow, sgdEulerLagrange } from "./particle-claims.js";
import { combine, type ClaimResult, type PartResult } from "./types.js";

type Checker = (g: Given) => PartResult[];

/** C7 on the Beta–Bernoulli predictor: the sign of a(t) and, for a fixed q, the limit H(q). */
function deceleration(g: Given): PartResult[] {
  const model = g.text("model", "beta-bernoulli");
  if (model !== "beta-bernoulli")
    g.fail("model", "must be beta-bernoulli (the only model checked)");
  const tMax = g.number("t_max", 1000);
  if (!Number.isInteger(tMax) || tMax < 2 || tMax > 5000)
    g.fail("t_max", "must be an integer in 2…5000");
  const rel = relation(g, "acceleration");
  const truths = g
    .text("truths", "prior")
    .split(",")
    .map((s) => s.trim());
  const parts: PartResult[] = [];
  const method = `exact sequence (40-digit decimals), t = 1…${tMax}`;
  for (const truth of truths) {
    const q = truth === "prior" ? null : Number(truth);
    if (q !== null && !(q > 0 && q < 1))
      g.fail("truths", `'${truth}' is neither 'prior' nor a q in (0, 1)`);
    const v: Dec[] = q === null ? priorLoss(tMax + 1) : fixedLoss(q, tMax + 1);
    const where = q === null ? "under the uniform prior" : `for q = ${q}`;
    const violations: number[] = [];
    let maxA = -Infinity;
    for (let t = 1; t <= tMax; t++) {
      const a = v[t].minus(v[t - 1]);
      maxA = Math.max(maxA, a.toNumber());
      if (rel.holds(a.toNumber())) continue;
      violations.push(t);
    }
    const bad = violations.length > 0 ? violations[0] : -1;
    const vs = `v(1) = ${v[0].toFixed(6)}, v(${tMax}) = ${v[tMax - 1].toFixed(6)}`;
    if (bad > 0) {
      const a = v[bad].minus(v[bad - 1]);
      parts.push({
        verdict: "refuted",
        method,
        evidence: `${where}: a(${bad}) = v(${bad + 1}) − v(${bad}) = ${a.toSignificantDigits(6).toString()}, not ${rel.text}; ${violations.length} of t = 1…${tMax} violate it (t = ${violations.slice(0, 10).join(", ")}${violations.length > 10 ? ", …" : ""}) (${vs})`,
      });
      continue;
    }
    // Under the uniform prior v(t) → E_q[H(q)] = ∫₀¹ H(q) dq = 1/2 nat, checked within 1/t_max.
    const gap = v[tMax - 1].toNumber() - 0.5;
    let limit =
      q === null
        ? `; v(${tMax}) − 1/2 = ${gap.toExponential(3)} (limit E_q[H(q)] = 1/2 nat, tolerance 1/t_max)`
        : "";
    if (q === null && !(gap >= 0 && gap <= 1 / tMax)) {
      parts.push({
        verdict: "refuted",
        method,
        evidence: `${where}: v(${tMax}) − 1/2 = ${gap.toExponential(3)}, not within [0, 1/t_max] of the limit 1/2 nat`,
      });
      continue;
    }
    if (q !== null && g.text("limit", "entropy") === "entropy") {
      const H = entropy(q);
      const below = v.findIndex((x) => x.lt(H));
      const excess = v[tMax - 1].minus(H).toNumber();
      if (below >= 0 || excess > 1 / tMax) {
        parts.push({
          verdict: "refuted",
          method,
          evidence: `${where}: v does not decrease to H(q) = ${H.toFixed(6)} from above within 1/t_max (${below >= 0 ? `v(${below + 1}) < H(q)` : `v(${tMax}) − H(q) = ${excess.toExponential(3)}`})`,
        });
        continue;
      }
      limit = `; v(t) ≥ H(q) = ${H.toFixed(6)} at every t and v(${tMax}) − H(q) = ${excess.toExponential(3)} ≤ 1/t_max (t·(v − H) = ${(excess * tMax).toFixed(4)}, → 1/2 expected)`;
    }
    parts.push({
      verdict: "checked",
      method,
      evidence: `${where}: a(t) ${rel.text} for every t = 1…${tMax} (largest a(t) = ${maxA.toExponential(3)}); ${vs}${limit}`,
    });
  }
  return parts;
}

/** C4: the recorded Euler–Lagrange equation, then the families with the residual as derived. */
function fisherField(g: Given): PartResult[] {
  const { parts, residual } = fisherProof(g);
  return residual ? [...parts, ...fisherFamilies(g, residual)] : parts;
}

const CHECKERS: Readonly<Record<string, Checker>> = {
  "a-optimal-design": (g) => [optimalDesignProof(g), ...optimalDesignNumeric(g)],
  "bellman-lagrangian": (g) => [bellmanProof(g), riccatiProof(g), ...bellmanNumeric(g)],
  "fisher-field": fisherField,
  "greedy-design": greedyDesign,
  "legendre-control": legendreProof,
  "particle-flow": particleFlow,
  "sequential-deceleration": deceleration,
  "sgd-euler-lagrange": sgdEulerLagrange,
};

/** The verdict of one claim of `file`, computed from its statement. */
export function verifyClaim(claim: ClaimSpec, file: string): ClaimResult {
  let parts: PartResult[];
  if (claim.check === "none") {
    parts = [{ verdict: "not-checkable", method: "none", evidence: claim.reason ?? "" }];
  } else {
    const checker = CHECKERS[claim.check];
    if (!checker)
      throw new UserError(
        "spec",
        `${file}: claim ${claim.id}: unknown check '${claim.check}'; checks: ${[...Object.keys(CHECKERS), "none"].join(", ")}`,
      );
    parts = checker(new Given(claim, file));
  }
  const verdict = combine(parts);
  return {
    id: claim.id,
    file,
    statement: claim.statement,
    verdict,
    method: [...new Set(parts.map((p) => p.method))].join(" + "),
    evidence: parts.map((p) => `${p.verdict}: ${p.evidence}`),
    parts,
  };
}

/** Every claim of a file, in order. */
export function verifyClaims(claims: readonly ClaimSpec[], file: string): ClaimResult[] {
  return claims.map((c) => verifyClaim(c, file));
}
