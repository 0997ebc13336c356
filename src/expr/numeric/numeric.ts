/**
 * Float linear algebra for checks: LU with partial pivoting. Used to verify symbolic solves
 * (a = M⁻¹F) and to test large mass matrices for singularity at random points.
 */

/** LU-factor a copy of A (augmented columns ride along). Returns the reduced rows and the sign. */
function lu(A: readonly (readonly number[])[], b?: readonly number[]) {
  const n = A.length;
  const M = A.map((r, i) => (b ? [...r, b[i]] : [...r]));
  const width = M[0]?.length ?? 0;
  let sign = 1;
  let minPivot = Infinity;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (p !== c) {
      [M[p], M[c]] = [M[c], M[p]];
      sign = -sign;
    }
    minPivot = Math.min(minPivot, Math.abs(M[c][c]));
    if (M[c][c] === 0) continue;
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k < width; k++) M[r][k] -= f * M[c][k];
    }
  }
  return { M, sign, minPivot };
}

/** det A. */
export function detNumeric(A: readonly (readonly number[])[]): number {
  const { M, sign } = lu(A);
  return M.reduce((d, row, i) => d * row[i], sign);
}

/** x with A·x = b (NaN entries when A is exactly singular). */
export function solveNumeric(A: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = A.length;
  const { M } = lu(A, b);
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let j = i + 1; j < n; j++) s -= M[i][j] * x[j];
    x[i] = s / M[i][i];
  }
  return x;
}

/** True when some pivot is below tol·max|A_ij|: A is singular to working precision. */
export function isNumericallySingular(A: readonly (readonly number[])[], tol = 1e-10): boolean {
  const scale = Math.max(1e-300, ...A.flat().map(Math.abs));
  return lu(A).minPivot < tol * scale;
}
