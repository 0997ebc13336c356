/**
 * Noether's theorem for a first-order field Lagrangian L(x, u, ∂u) (fields u_a over variables
 * x^μ = t, x, …; MATH.md §2 with D_t replaced by the divergence). For a generator
 * v = Σ_μ ξ^μ(x, u)·∂_μ + Σ_a η_a(x, u)·∂_{u_a} with gauge vector B^μ(x, u):
 *
 *   characteristic   Q_a = η_a − Σ_μ u_{a,μ}·ξ^μ
 *   prolongation     φ_a^μ = D_μη_a − Σ_ν u_{a,ν}·D_μξ^ν
 *                    pr v(L) = Σ_μ ξ^μ·∂L/∂x^μ + Σ_a η_a·∂L/∂u_a + Σ_{a,μ} φ_a^μ·∂L/∂u_{a,μ}
 *   residual         R = pr v(L) + L·Σ_μ D_μξ^μ − Σ_μ D_μB^μ      (a symmetry iff R ≡ 0)
 *   current          J^μ = Σ_a ∂L/∂u_{a,μ}·Q_a + L·ξ^μ − B^μ
 *   Noether identity Σ_μ D_μJ^μ = R − Σ_a Q_a·E_a(L)
 *
 * so on solutions (E_a(L) = 0) the divergence of J is R: zero for a symmetry (a conserved current).
 * Example: L = ½u_t² − ½c²u_x², ξ^t = 1 gives J^t = −(½u_t² + ½c²u_x²) (minus the energy density)
 * and J^x = c²·u_t·u_x (minus the energy flux).
 */
import { difference, differentiate, normalise, product, sum, tidy, ZERO } from "../expr/algebra.js";
import { sym, type Expr } from "../expr/types.js";
import { jetName, totalDerivative } from "./jet.js";
import type { System } from "./types.js";

/** ξ^μ keyed by variable, η_a keyed by field, B^μ keyed by variable (missing components: 0). */
export interface FieldGenerator {
  readonly xi: Readonly<Record<string, Expr>>;
  readonly eta: Readonly<Record<string, Expr>>;
  readonly gauge: Readonly<Record<string, Expr>>;
}

const at = (r: Readonly<Record<string, Expr>>, k: string): Expr => r[k] ?? ZERO;

/** u_{a,μ}: the first derivative of field a in variable index j (u_t, u_x). */
export const firstJet = (sys: System, a: string, j: number): string =>
  jetName(
    sys,
    a,
    sys.variables.map((_, i) => (i === j ? 1 : 0)),
  );

/** Q_a = η_a − Σ_μ u_{a,μ}·ξ^μ. */
export const fieldCharacteristic = (sys: System, g: FieldGenerator, a: string): Expr =>
  difference(
    at(g.eta, a),
    sum(...sys.variables.map((x, j) => product(sym(firstJet(sys, a, j)), at(g.xi, x)))),
  );

/** R as built from its definition (module comment), not simplified. */
export function fieldResidualRaw(sys: System, g: FieldGenerator): Expr {
  const L = normalise(sys.lagrangian);
  const vars = sys.variables;
  const Dxi = vars.map((_, m) => vars.map((x) => totalDerivative(sys, at(g.xi, x), m)));
  const terms: Expr[] = [product(L, sum(...vars.map((_, m) => Dxi[m][m])))];
  vars.forEach((x) => terms.push(product(at(g.xi, x), differentiate(L, x))));
  for (const a of sys.coordinates) {
    terms.push(product(at(g.eta, a), differentiate(L, a)));
    vars.forEach((_, m) => {
      const phi = difference(
        totalDerivative(sys, at(g.eta, a), m),
        sum(...vars.map((__, n) => product(sym(firstJet(sys, a, n)), Dxi[m][n]))),
      );
      terms.push(product(phi, differentiate(L, firstJet(sys, a, m))));
    });
  }
  const divB = sum(...vars.map((x, m) => totalDerivative(sys, at(g.gauge, x), m)));
  return difference(sum(...terms), divB);
}

/** R = pr v(L) + L·Σ D_μξ^μ − Σ D_μB^μ, tidied. */
export const fieldResidual = (sys: System, g: FieldGenerator): Expr =>
  tidy(fieldResidualRaw(sys, g)).expr;

/** J^μ = Σ_a ∂L/∂u_{a,μ}·Q_a + L·ξ^μ − B^μ for variable index m, not simplified. */
export function fieldCurrentRaw(sys: System, g: FieldGenerator, m: number): Expr {
  const L = normalise(sys.lagrangian);
  const x = sys.variables[m];
  const terms = sys.coordinates.map((a) =>
    product(differentiate(L, firstJet(sys, a, m)), fieldCharacteristic(sys, g, a)),
  );
  return difference(sum(...terms, product(L, at(g.xi, x))), at(g.gauge, x));
}

/** The current {t: J^t, x: J^x, …}, each component tidied. */
export const noetherCurrent = (sys: System, g: FieldGenerator): Record<string, Expr> =>
  Object.fromEntries(sys.variables.map((x, m) => [x, tidy(fieldCurrentRaw(sys, g, m)).expr]));

/** Σ_μ D_μJ^μ of a current keyed by variable. */
export const divergence = (sys: System, J: Readonly<Record<string, Expr>>): Expr =>
  sum(...sys.variables.map((x, m) => totalDerivative(sys, at(J, x), m)));
