/**
 * Equations of motion in mass-matrix form and solved accelerations.
 *
 * With a_j the highest derivatives in the Euler–Lagrange residuals (q_j'' for an ordinary
 * Lagrangian, q_j'''' for a second-order one, u_tt for a field), a regular Lagrangian has
 * residuals affine in them:
 *
 *   E_i(L) = F_i − Σ_j M_ij·a_j,   M_ij = −∂E_i/∂a_j,   F_i = E_i|_{a=0}
 *
 * (M = ∂²L/∂q'∂q' for first-order mechanics). When det M ≢ 0 the accelerations are a = M⁻¹F,
 * solved symbolically for up to SYMBOLIC_SOLVE_MAX coordinates (as derived by Cramer's rule, and
 * tidied); larger systems keep M and F.
 * When det M ≡ 0 the Hessian is singular: the equations stand, the accelerations do not exist.
 * When a residual contains a derivative of an unknown (u_ttxx, from a field Lagrangian with u_tx),
 * "solving" for the unknown would leave it on the right-hand side: the equations stay implicit.
 */
import {
  decideZero,
  differentiate,
  freeOf,
  idOf,
  isDiagonal,
  negate,
  replace,
  solveLinear,
  tidy,
  ZERO,
} from "../expr/algebra.js";
import type { Expr } from "../expr/types.js";
import { jetName, parseJetName, timeOrder } from "./jet.js";
import { SYMBOLIC_SOLVE_MAX } from "./legendre.js";
import { numericallySingular } from "./mass-legendre.js";
import type { Simplified } from "./simplified.js";
import type { System } from "./types.js";

export type MotionResult =
  | {
      readonly kind: "solved" | "mass-matrix";
      /** The highest-derivative jet symbols a_j. */
      readonly unknowns: readonly string[];
      readonly massMatrix: readonly (readonly Expr[])[];
      readonly forcing: readonly Expr[];
      /** a_j = …, when solved. */
      readonly accelerations: Readonly<Record<string, Expr>> | null;
      /** When solved: each a_j as derived (F_j/M_jj, det M_j/det M) and the tidy rules that gave it. */
      readonly solution?: Readonly<Record<string, Simplified>>;
      /** Why the accelerations were not solved, when they were not. */
      readonly note?: string;
    }
  | {
      readonly kind: "singular";
      readonly unknowns: readonly string[];
      readonly massMatrix: readonly (readonly Expr[])[];
      readonly forcing: readonly Expr[];
      readonly note: string;
    }
  | { readonly kind: "nonlinear"; readonly unknowns: readonly string[]; readonly note: string }
  | { readonly kind: "implicit"; readonly unknowns: readonly string[]; readonly note: string };

/**
 * The unknowns a_i: q_i^(2N_i) for a coordinate whose highest time derivative in L is of order N_i
 * (u with ∂_t^{2N} for fields; N_i is taken as at least 1).
 */
export function topDerivatives(sys: System): string[] {
  return sys.coordinates.map((q) =>
    jetName(
      sys,
      q,
      sys.variables.map((_, j) => (j === 0 ? 2 * Math.max(1, timeOrder(sys, q)) : 0)),
    ),
  );
}

/** A jet symbol of E that is a strict derivative of one of the unknowns (u_ttxx of u_tt). */
function derivativeOfUnknown(sys: System, E: Expr, unknowns: readonly string[]) {
  const tops = unknowns.map((a) => ({ name: a, ...parseJetName(sys, a)! }));
  for (const s of freeOf(E)) {
    const v = parseJetName(sys, s);
    const of = tops.find(
      (a) =>
        v?.coordinate === a.coordinate && a.name !== s && a.alpha.every((k, j) => v.alpha[j] >= k),
    );
    if (of) return { jet: s, of: of.name };
  }
  return undefined;
}

/**
 * Whether m depends on one of the unknowns after all: structurally (the symbol occurs) and not
 * shown independent by the bounded zero test of ∂m/∂a.
 */
const dependsOnAny = (m: Expr, unknowns: ReadonlySet<string>) =>
  [...freeOf(m)].some((a) => unknowns.has(a) && decideZero(differentiate(m, a)) !== true);

/** Mass-matrix form and, when small and regular, the solved accelerations. */
export function equationsOfMotion(sys: System, residuals: readonly Expr[]): MotionResult {
  const unknowns = topDerivatives(sys);
  for (const [i, Ei] of residuals.entries()) {
    const d = derivativeOfUnknown(sys, Ei, unknowns);
    if (d) {
      return {
        kind: "implicit",
        unknowns,
        note: `the equation of ${sys.coordinates[i]} contains ${d.jet}, a derivative of the unknown ${d.of}: it stays in the implicit form E = 0, not solved for ${d.of}`,
      };
    }
  }
  const M = residuals.map((Ei) =>
    unknowns.map((a) => (freeOf(Ei).has(a) ? tidy(negate(differentiate(Ei, a))).expr : ZERO)),
  );
  const unknownSet = new Set(unknowns);
  if (M.some((row) => row.some((m) => dependsOnAny(m, unknownSet)))) {
    return {
      kind: "nonlinear",
      unknowns,
      note: "the equations are not linear in the highest derivatives",
    };
  }
  const zero = new Map(unknowns.map((a) => [a, ZERO]));
  const forcing = residuals.map((r) => tidy(replace(r, zero)).expr);
  const n = unknowns.length;
  const singularNote =
    "singular Hessian: det ∂²L/∂q'∂q' ≡ 0, the accelerations are not determined by the equations";
  const singular = () =>
    ({ kind: "singular", unknowns, massMatrix: M, forcing, note: singularNote }) as const;
  if (n > SYMBOLIC_SOLVE_MAX) {
    // A diagonal M with every diagonal entry shown nonzero is regular without evaluating it.
    const regular = isDiagonal(M) && M.every((row, i) => decideZero(row[i]) === false);
    if (!regular && numericallySingular(M)) return singular();
    return {
      kind: "mass-matrix",
      unknowns,
      massMatrix: M,
      forcing,
      accelerations: null,
      note: `${n} coordinates: kept as M·a = F rather than inverted symbolically (limit ${SYMBOLIC_SOLVE_MAX})`,
    };
  }
  let sol = solveLinear(M, forcing);
  if (sol.kind === "undecided") {
    if (numericallySingular(M)) return singular();
    sol = solveLinear(M, forcing, true);
  }
  if (sol.kind !== "solved") return singular();
  const x = sol.x;
  const solution = Object.fromEntries(
    unknowns.map((a, i): [string, Simplified] => {
      const asDerived = sol.asDerived[i];
      const kept = idOf(x[i]) === idOf(asDerived);
      return [a, { value: x[i], asDerived, simplifiedBy: kept ? [] : sol.rules[i] }];
    }),
  );
  return {
    kind: "solved",
    unknowns,
    massMatrix: M,
    forcing,
    accelerations: Object.fromEntries(unknowns.map((a, i) => [a, x[i]])),
    solution,
  };
}
