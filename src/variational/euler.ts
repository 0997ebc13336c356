/**
 * The Euler operator (Euler–Lagrange / Euler–Poisson equations).
 *
 *   E_u(L) = Σ_α (−D)_α ∂L/∂u_α,   (−D)_α = Π_j (−D_j)^{α_j}
 *
 * For mechanics this is E_q(L) = ∂L/∂q − D_t ∂L/∂q' + D_t² ∂L/∂q'' − …; E_q(L) = 0 are the
 * equations of motion, and E_q(L) is what the CLI calls the residual. For the wave Lagrangian
 * L = ½u_t² − ½c²u_x² it gives −u_tt + c²u_xx.
 *
 * Example: L = ½m x'² − ½k x² gives E_x(L) = −k·x − m·x''.
 */
import {
  differentiate,
  freeOf,
  negate,
  normalise,
  sum,
  tidy,
  type TidyRule,
} from "../expr/algebra.js";
import type { Expr } from "../expr/types.js";
import { jetOrder, parseJetName, totalDerivative } from "./jet.js";
import type { System } from "./types.js";

/** One term (−D)_α ∂L/∂u_α of the Euler operator, with every intermediate total derivative. */
export interface EulerTerm {
  /** The jet symbol u_α differentiated by. */
  readonly jet: string;
  readonly alpha: readonly number[];
  /** ∂L/∂u_α. */
  readonly partial: Expr;
  /** Successive total derivatives: D_{j1} ∂L/∂u_α, then D_{j2} of that, … (|α| entries). */
  readonly chain: readonly { readonly variable: string; readonly result: Expr }[];
  /** (−1)^{|α|}. */
  readonly sign: 1 | -1;
}

export interface EulerResult {
  readonly coordinate: string;
  readonly terms: readonly EulerTerm[];
  /** E_u(L) = Σ sign·(last of chain, or partial), tidied. */
  readonly residual: Expr;
  /** The same sum as derived (normalised only), before tidying. */
  readonly asDerived: Expr;
  /** The rules tidy applied to turn `asDerived` into `residual`; empty when it kept it. */
  readonly simplifiedBy: readonly TidyRule[];
}

/** The jet symbols of coordinate u that occur in L, lowest order first. */
export function jetSymbolsOf(sys: System, u: string, L: Expr = sys.lagrangian): string[] {
  return [...freeOf(normalise(L))]
    .filter((s) => parseJetName(sys, s)?.coordinate === u)
    .sort(
      (a, b) =>
        jetOrder(parseJetName(sys, a)!) - jetOrder(parseJetName(sys, b)!) || (a < b ? -1 : 1),
    );
}

/**
 * E_u(L) with its terms (formula in the module comment), computed on the tree as written: each
 * ∂L/∂u_α and each total derivative keeps the shape of L (nothing expanded, no common denominator).
 */
export function eulerLagrange(sys: System, u: string): EulerResult {
  const L = normalise(sys.lagrangian);
  const terms: EulerTerm[] = [];
  const parts: Expr[] = [];
  const jets = jetSymbolsOf(sys, u, L);
  // ∂L/∂u is always part of E_u, even when L does not depend on u itself.
  if (!jets.some((s) => jetOrder(parseJetName(sys, s)!) === 0)) jets.unshift(u);
  for (const jet of jets) {
    const { alpha } = parseJetName(sys, jet)!;
    const partial = differentiate(L, jet);
    let current = partial;
    const chain: { variable: string; result: Expr }[] = [];
    alpha.forEach((times, j) => {
      for (let k = 0; k < times; k++) {
        current = totalDerivative(sys, current, j);
        chain.push({ variable: sys.variables[j], result: current });
      }
    });
    const sign = jetOrder({ coordinate: u, alpha }) % 2 === 0 ? 1 : -1;
    parts.push(sign > 0 ? current : negate(current));
    terms.push({ jet, alpha, partial, chain, sign });
  }
  const asDerived = sum(...parts);
  const tidied = tidy(asDerived);
  const kept = tidied.rules.length === 1 && tidied.rules[0] === "normalise";
  return {
    coordinate: u,
    terms,
    residual: tidied.expr,
    asDerived,
    simplifiedBy: kept ? [] : tidied.rules,
  };
}
