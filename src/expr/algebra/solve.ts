/**
 * Linear algebra on expression trees, for the small systems a derivation solves (mass matrices,
 * Legendre maps of up to a few coordinates):
 *
 *   det A = Σ_σ sgn(σ) Π_i A[i][σ(i)]              (Leibniz: no divisions, no nested fractions)
 *   x_i   = det A_i / det A                        (Cramer: A_i is A with column i replaced by b)
 *   diagonal A:  x_i = b_i / A_ii
 *
 * Each result is tidied (simplify.ts: the smaller of the tree and its canonical form, within a
 * budget). Whether det A ≡ 0 is decided by the bounded zero test; when that is undecided the
 * caller tests singularity by evaluation.
 */
import { product, quotient, sum, ZERO } from "./auto.js";
import { decideZero, tidy } from "./simplify.js";
import { num, type Expr } from "../types.js";

const isZeroNode = (e: Expr) => e.kind === "num" && e.value === "0";

/** det A by the Leibniz formula, normalised but not tidied. */
export function leibniz(A: readonly (readonly Expr[])[]): Expr {
  const n = A.length;
  const terms: Expr[] = [];
  const perm = (prefix: number[], sign: number): void => {
    if (prefix.length === n) {
      const fs = prefix.map((c, i) => A[i][c]);
      if (!fs.some(isZeroNode)) terms.push(product(num(sign), ...fs));
      return;
    }
    for (let c = 0, seen = 0; c < n; c++) {
      if (prefix.includes(c)) continue;
      // Prune: a zero entry kills every permutation through it.
      if (isZeroNode(A[prefix.length][c])) {
        seen++;
        continue;
      }
      perm([...prefix, c], seen % 2 === 0 ? sign : -sign);
      seen++;
    }
  };
  perm([], 1);
  return sum(...terms);
}

/** Whether A is diagonal (every off-diagonal entry the number 0). */
export const isDiagonal = (A: readonly (readonly Expr[])[]): boolean =>
  A.every((row, i) => row.every((a, j) => i === j || isZeroNode(a)));

/** det A, tidied. */
export const determinant = (A: readonly (readonly Expr[])[]): Expr => tidy(leibniz(A)).expr;

export type Solution =
  | { readonly kind: "solved"; readonly x: readonly Expr[]; readonly det: Expr }
  | { readonly kind: "singular"; readonly det: Expr }
  /** det A could not be decided zero or not within the budget: the caller decides numerically. */
  | { readonly kind: "undecided"; readonly det: Expr };

/**
 * x with A·x = b (formulas in the module comment). `assumeRegular` skips the zero test of det A
 * (the caller has shown A regular by evaluation).
 */
export function solveLinear(
  A: readonly (readonly Expr[])[],
  b: readonly Expr[],
  assumeRegular = false,
): Solution {
  if (isDiagonal(A)) {
    const det = product(...A.map((row, i) => row[i]));
    if (A.some((row, i) => decideZero(row[i]) === true)) return { kind: "singular", det };
    return { kind: "solved", x: b.map((bi, i) => tidy(quotient(bi, A[i][i])).expr), det };
  }
  const det = determinant(A);
  if (!assumeRegular) {
    const z = isZeroNode(det) ? true : decideZero(det);
    if (z === true) return { kind: "singular", det };
    if (z === undefined) return { kind: "undecided", det };
  }
  const x = A.map((_, i) => {
    const Ai = A.map((row, r) => row.map((a, c) => (c === i ? b[r] : a)));
    const numerator = leibniz(Ai);
    return isZeroNode(numerator) ? ZERO : tidy(quotient(numerator, det)).expr;
  });
  return { kind: "solved", x, det };
}
