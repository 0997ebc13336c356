/**
 * The Legendre transform of a Lagrangian with momenta affine in the velocities, p = M(q, t)·q' + b,
 * for more coordinates than Cramer's rule is used for (legendre.ts, SYMBOLIC_SOLVE_MAX):
 *
 *   M diagonal:          q_i' = (p_i − b_i)/M_ii                        (any n)
 *   M constant (entries free of q, q', t: numbers and parameters), solved by exact elimination on
 *   trees (solve.ts `eliminate`, within a size budget):  q' = M⁻¹(p − b)
 *   otherwise, the mass-matrix form, kept as the equations of motion are:
 *
 *     H(q, p, t) = ½(p − b)·v − L₀,   M·v = p − b,   L₀ = L at q' = 0
 *     q' = ∂H/∂p = v,   p_i' = −∂H/∂q_i = ∂L/∂q_i at q' = v
 *
 * (L = ½q'ᵀMq' + bᵀq' + L₀ exactly when p is affine in q'; −∂H/∂q = ∂L/∂q at corresponding points
 * because ∂L/∂q' = p there). In the mass-matrix form v is written with the velocity symbols q':
 * in H and Hamilton's equations q' stands for the solution of M·q' = p − b.
 * Example: the chain ½m Σ x_i'² − ½k Σ (x_{i+1} − x_i)² has M = m·I and H = Σ p_i²/(2m) + ½k Σ (…)².
 */
import { decideZero, eliminate, freeOf, isDiagonal, quotient, tidy } from "../expr/algebra.js";
import { checkAtPoints } from "../expr/numeric/check.js";
import { evaluate } from "../expr/numeric/evaluate.js";
import { isNumericallySingular } from "../expr/numeric/numeric.js";
import { abstractFunctions, type Expr } from "../expr/types.js";
import type { System } from "./types.js";

/** The mass-matrix form of a Hamiltonian: H = ½(p − b)·v − L₀ with M·v = p − b. */
export interface MassMatrixForm {
  /** Why M was not inverted symbolically. */
  readonly why: string;
  /** The velocity symbols q' that stand for v, in coordinate order. */
  readonly velocities: readonly string[];
  /** M = ∂²L/∂q'∂q' (free of the velocities). */
  readonly matrix: readonly (readonly Expr[])[];
  /** b = ∂L/∂q' at q' = 0. */
  readonly b: readonly Expr[];
  /** L₀ = L at q' = 0. */
  readonly potential: Expr;
}

/** Numeric singularity test, for matrices whose determinant the bounded zero test cannot decide. */
export function numericallySingular(exprs: readonly (readonly Expr[])[]): boolean {
  const fns = new Map<string, number>();
  exprs.flat().forEach((e) => abstractFunctions(e, fns));
  const names = new Set<string>();
  exprs.flat().forEach((m) => freeOf(m).forEach((s) => names.add(s)));
  // The shared check loop, with the claim "M is singular here" (1 = 1): a point where M is
  // regular is a mismatch; points where M does not evaluate are skipped.
  try {
    const regularAt = checkAtPoints(
      names,
      (env, model) => {
        const A = exprs.map((row) => row.map((e) => evaluate(e, env, model)));
        if (A.flat().some((v) => !Number.isFinite(v))) return [NaN, NaN, NaN];
        return [isNumericallySingular(A) ? 1 : 0, 1, 0];
      },
      { points: 3, seed: 7, functions: fns, maxTries: 50 },
    );
    return regularAt === null;
  } catch {
    return true; // never evaluable: nothing shows it regular
  }
}

/**
 * v with M·v = r for many coordinates (see the module comment): solved when M is diagonal or
 * constant and the solve fits its budget; "mass-matrix" when it is kept in that form (M regular by
 * evaluation); "singular" when M is.
 */
export function solveLarge(
  sys: System,
  M: readonly (readonly Expr[])[],
  r: readonly Expr[],
):
  | { readonly kind: "solved"; readonly x: Expr[] }
  | { readonly kind: "singular" }
  | { readonly kind: "mass-matrix"; readonly why: string } {
  if (isDiagonal(M)) {
    if (M.some((row, i) => decideZero(row[i]) === true)) return { kind: "singular" };
    return { kind: "solved", x: r.map((ri, i) => tidy(quotient(ri, M[i][i])).expr) };
  }
  const params = new Set(sys.parameters);
  const constant = M.every((row) => row.every((a) => [...freeOf(a)].every((s) => params.has(s))));
  let why = "M depends on the coordinates or the time";
  if (constant) {
    const sol = eliminate(M, r);
    if (sol.kind === "solved") return { kind: "solved", x: [...sol.x] };
    if (sol.kind === "singular") return { kind: "singular" };
    why = "M is constant, but its exact inverse outgrows the size budget";
  }
  return numericallySingular(M) ? { kind: "singular" } : { kind: "mass-matrix", why };
}
