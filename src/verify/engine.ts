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
 * - `sequential-deceleration` (C7): v(t), a(t) of the Beta–Bernoulli predictor (deceleration-check.ts);
 * - `none`: not checkable, for the reason the claim states.
 */
import { UserError } from "../errors.js";
import type { ClaimSpec } from "../derivation-files/claims.js";
import { bellmanProof } from "./bellman.js";
import { bellmanNumeric } from "./bellman-numeric.js";
import { deceleration } from "./deceleration-check.js";
import { fisherProof } from "./fisher.js";
import { fisherFamilies } from "./fisher-families.js";
import { optimalDesignProof } from "./design.js";
import { riccatiProof } from "./riccati.js";
import { greedyDesign, optimalDesignNumeric } from "./design-numeric.js";
import { Given } from "./given.js";
import { legendreProof } from "./legendre.js";
import { particleFlow, sgdEulerLagrange } from "./particle-claims.js";
import { combine, type ClaimResult, type PartResult } from "./types.js";

type Checker = (g: Given) => PartResult[];

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
