/**
 * Exact linear algebra over canonical rational functions: solve A·x = b by Gaussian elimination,
 * choosing as pivot the simplest entry that is not identically zero, and the determinant.
 *
 * Meant for small systems (mass matrices of up to a few coordinates): for n coordinates the
 * solution's size grows roughly like n!, which is why the motion layer keeps larger systems in
 * mass-matrix form instead of calling this.
 */
import {
  RAT_ONE,
  RAT_ZERO,
  ratAdd,
  ratDiv,
  ratIsZero,
  ratMul,
  ratNeg,
  ratSub,
  type Rat,
} from "./rat.js";

const weight = (r: Rat) => r.num.size + r.den.reduce((s, f) => s + f.p.size * f.e, 0);

/**
 * Reduce the n×n block of M (rows may carry extra columns) to upper-triangular form in place.
 * Returns the sign of the row permutation, or 0 when a column has no nonzero pivot (singular).
 */
function eliminate(M: Rat[][], n: number): number {
  let sign = 1;
  const width = M[0]?.length ?? 0;
  for (let col = 0; col < n; col++) {
    let piv = -1;
    for (let r = col; r < n; r++) {
      if (!ratIsZero(M[r][col]) && (piv < 0 || weight(M[r][col]) < weight(M[piv][col]))) piv = r;
    }
    if (piv < 0) return 0;
    if (piv !== col) {
      [M[col], M[piv]] = [M[piv], M[col]];
      sign = -sign;
    }
    for (let r = col + 1; r < n; r++) {
      if (ratIsZero(M[r][col])) continue;
      const f = ratDiv(M[r][col], M[col][col]);
      for (let c = col; c < width; c++) M[r][c] = ratSub(M[r][c], ratMul(f, M[col][c]));
    }
  }
  return sign;
}

/** Above this size determinants and solves use elimination instead of the Leibniz formula. */
const LEIBNIZ_MAX = 4;

/** det A = Σ_σ sgn(σ) Π_i A[i][σ(i)] (no divisions, so no swell of denominators). */
function leibniz(A: readonly (readonly Rat[])[]): Rat {
  const n = A.length;
  let det = RAT_ZERO;
  const perm = (prefix: number[], sign: number): void => {
    if (prefix.length === n) {
      let term = sign < 0 ? ratNeg(RAT_ONE) : RAT_ONE;
      for (let i = 0; i < n && !ratIsZero(term); i++) term = ratMul(term, A[i][prefix[i]]);
      det = ratAdd(det, term);
      return;
    }
    for (let c = 0, seen = 0; c < n; c++) {
      if (prefix.includes(c)) continue;
      perm([...prefix, c], seen % 2 === 0 ? sign : -sign);
      seen++;
    }
  };
  perm([], 1);
  return det;
}

/**
 * The solution x of A·x = b, or null when A is singular. Small systems use Cramer's rule,
 * x_i = det A_i / det A, which keeps one denominator (det A) instead of nested fractions.
 */
export function solveLinear(A: readonly (readonly Rat[])[], b: readonly Rat[]): Rat[] | null {
  const n = A.length;
  if (n <= LEIBNIZ_MAX) {
    const det = leibniz(A);
    if (ratIsZero(det)) return null;
    return A.map((_, i) =>
      ratDiv(leibniz(A.map((row, r) => row.map((a, c) => (c === i ? b[r] : a)))), det),
    );
  }
  const M = A.map((row, i) => [...row, b[i]]);
  if (eliminate(M, n) === 0) return null;
  const x: Rat[] = new Array(n).fill(RAT_ZERO);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let j = i + 1; j < n; j++) s = ratSub(s, ratMul(M[i][j], x[j]));
    x[i] = ratDiv(s, M[i][i]);
  }
  return x;
}

/** det A (exact: zero exactly when A is singular as a matrix of rational functions). */
export function determinant(A: readonly (readonly Rat[])[]): Rat {
  if (A.length <= LEIBNIZ_MAX) return leibniz(A);
  const M = A.map((row) => [...row]);
  const sign = eliminate(M, M.length);
  if (sign === 0) return RAT_ZERO;
  let det = sign < 0 ? ratNeg(RAT_ONE) : RAT_ONE;
  for (let i = 0; i < M.length; i++) det = ratMul(det, M[i][i]);
  return det;
}
