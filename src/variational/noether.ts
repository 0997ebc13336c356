/**
 * Noether's theorem for point transformations of a first-order mechanical Lagrangian L(t, q, q')
 * (MATH.md §2). For v = ξ·∂_t + Σ η_i·∂_{q_i} with gauge term B (all functions of t and q):
 *
 *   characteristic   Q_i = η_i − q_i'·ξ
 *   prolongation     φ_i = D_t η_i − q_i'·D_t ξ,   pr v(L) = ξ·∂L/∂t + Σ η_i·∂L/∂q_i + Σ φ_i·∂L/∂q_i'
 *   residual         R = pr v(L) + L·D_t ξ − D_t B       (v is a divergence symmetry iff R ≡ 0)
 *   charge           Q = Σ_i ∂L/∂q_i'·(η_i − q_i'·ξ) + L·ξ − B
 *   Noether identity D_t Q = R − Σ_i (η_i − q_i'·ξ)·E_i(L)
 *
 * so on solutions (E_i(L) = 0) D_t Q = R: zero for a symmetry (Q is conserved), the rate at which
 * a broken charge drifts otherwise. Example: L = ½(x'² + y'²), rotation η_x = −y, η_y = x gives
 * R = 0 and Q = x·y' − y·x'; the boost η_x = t, B = x gives Q = t·x' − x.
 */
import {
  difference,
  differentiate,
  normalise,
  product,
  replace,
  sum,
  tidy,
  ZERO,
} from "../expr/algebra.js";
import { sym, type Expr } from "../expr/types.js";
import { totalDerivative } from "./jet.js";
import type { Generator, System } from "./types.js";

const eta = (g: Generator, q: string): Expr => g.eta[q] ?? ZERO;
const velocity = (q: string): string => `${q}'`;

/** Q_i = η_i − q_i'·ξ, the characteristic of v. */
export const characteristic = (g: Generator, q: string): Expr =>
  difference(eta(g, q), product(sym(velocity(q)), g.xi));

/** pr v(L) + L·D_t ξ − D_t B (formula in the module comment), tidied. */
export function symmetryResidual(sys: System, g: Generator): Expr {
  const L = normalise(sys.lagrangian);
  const t = sys.variables[0];
  const Dxi = totalDerivative(sys, g.xi);
  const terms: Expr[] = [product(g.xi, differentiate(L, t)), product(L, Dxi)];
  for (const q of sys.coordinates) {
    const phi = difference(totalDerivative(sys, eta(g, q)), product(sym(velocity(q)), Dxi));
    terms.push(product(eta(g, q), differentiate(L, q)));
    terms.push(product(phi, differentiate(L, velocity(q))));
  }
  return tidy(difference(sum(...terms), totalDerivative(sys, g.gauge))).expr;
}

/** Q = Σ ∂L/∂q_i'·(η_i − q_i'·ξ) + L·ξ − B, tidied. */
export function noetherCharge(sys: System, g: Generator): Expr {
  const L = normalise(sys.lagrangian);
  const terms = sys.coordinates.map((q) =>
    product(differentiate(L, velocity(q)), characteristic(g, q)),
  );
  return tidy(difference(sum(...terms, product(L, g.xi)), g.gauge)).expr;
}

/** The generator with every component substituted (e.g. coefficients of an ansatz). */
export const substituteGenerator = (g: Generator, map: ReadonlyMap<string, Expr>): Generator => ({
  xi: replace(g.xi, map),
  eta: Object.fromEntries(Object.entries(g.eta).map(([q, e]) => [q, replace(e, map)])),
  gauge: replace(g.gauge, map),
});
