/**
 * Float null spaces and rationalisation, for solving linear determining equations A·c = 0 sampled
 * at random points (the symmetry search, variational/symmetry-search.ts).
 *
 *   nullSpace(A)      a basis of {c : A·c = 0}: Gaussian elimination with complete pivoting on A
 *                     with every column scaled to max-norm 1 (then every row), stopping when the
 *                     largest remaining entry is below rtol (the numerical rank); one basis vector
 *                     per free column, by back substitution
 *   reducedRows(V)    the reduced row echelon form of the rows of V (columns in their given order,
 *                     leading entries 1): the canonical basis of their span
 *   rationalise(x)    the fraction p/q with the smallest q ≤ maxDen within tol of x (continued
 *                     fractions), or undefined
 *
 * Nothing here is exact: every answer built on these is verified symbolically or at fresh points.
 */

/** A null-space basis and what the elimination saw. */
export interface NullSpace {
  /** Basis vectors of length cols (in the original, unscaled columns). */
  readonly basis: number[][];
  readonly rank: number;
  /** Last accepted pivot / first rejected one (both relative to the scaled matrix): the rank gap. */
  readonly gap: number;
}

/** A basis of {c : A·c = 0} (see the module comment); rtol is relative to the scaled matrix. */
export function nullSpace(A: readonly (readonly number[])[], cols: number, rtol = 1e-8): NullSpace {
  const m = A.length;
  const scale = new Float64Array(cols);
  for (const row of A)
    for (let j = 0; j < cols; j++) scale[j] = Math.max(scale[j], Math.abs(row[j]));
  let best = 0;
  let [bi, bj] = [-1, -1];
  const M = A.map((row, i) => {
    const r = new Float64Array(cols);
    let big = 0;
    for (let j = 0; j < cols; j++) {
      r[j] = scale[j] > 0 ? row[j] / scale[j] : 0;
      big = Math.max(big, Math.abs(r[j]));
    }
    if (big > 0) for (let j = 0; j < cols; j++) r[j] /= big;
    for (let j = 0; j < cols; j++) {
      if (Math.abs(r[j]) > best) [best, bi, bj] = [Math.abs(r[j]), i, j];
    }
    return r;
  });
  // Forward elimination with complete pivoting; the search for the next pivot rides along with
  // the update of the rows below. Columns are swapped physically (perm[j] is the original index
  // of position j), so the columns not yet pivoted are the contiguous positions k + 1 … cols − 1.
  const perm = Int32Array.from({ length: cols }, (_, j) => j);
  let rank = 0;
  let lastPivot = 1;
  let rejected = 0;
  for (let k = 0; k < Math.min(m, cols); k++) {
    if (best <= rtol) {
      rejected = best;
      break;
    }
    lastPivot = best;
    [M[k], M[bi]] = [M[bi], M[k]];
    if (bj !== k) {
      for (const row of M) [row[k], row[bj]] = [row[bj], row[k]];
      [perm[k], perm[bj]] = [perm[bj], perm[k]];
    }
    rank++;
    const p = M[k];
    const inv = 1 / p[k];
    best = 0;
    for (let i = k + 1; i < m; i++) {
      const r = M[i];
      const f = r[k] * inv;
      r[k] = 0;
      if (f === 0) {
        for (let j = k + 1; j < cols; j++) {
          const x = Math.abs(r[j]);
          if (x > best) {
            best = x;
            bi = i;
            bj = j;
          }
        }
        continue;
      }
      for (let j = k + 1; j < cols; j++) {
        const x = Math.abs((r[j] -= f * p[j]));
        if (x > best) {
          best = x;
          bi = i;
          bj = j;
        }
      }
    }
  }
  // Back substitution: one null vector per free position f ≥ rank (x_f = 1).
  const basis: number[][] = [];
  for (let f = rank; f < cols; f++) {
    const x = new Float64Array(cols);
    x[f] = 1;
    for (let k = rank - 1; k >= 0; k--) {
      const row = M[k];
      let s = row[f];
      for (let l = k + 1; l < rank; l++) s += row[l] * x[l];
      x[k] = -s / row[k];
    }
    // Back to the original columns, undoing the column scaling: c = x / scale.
    const c = new Array<number>(cols).fill(0);
    for (let j = 0; j < cols; j++) {
      const o = perm[j];
      c[o] = scale[o] > 0 ? x[j] / scale[o] : x[j];
    }
    basis.push(c);
  }
  const r = rank;
  return { basis, rank: r, gap: rejected > 0 ? lastPivot / rejected : Infinity };
}

/** The reduced row echelon form of the rows of V (leading entries 1); rows below rtol·max vanish. */
export function reducedRows(V: readonly (readonly number[])[], rtol = 1e-7): number[][] {
  const rows = V.map((r) => [...r]);
  const cols = rows[0]?.length ?? 0;
  const big = Math.max(0, ...rows.map((r) => Math.max(0, ...r.map(Math.abs))));
  let k = 0;
  for (let j = 0; j < cols && k < rows.length; j++) {
    let bi = -1;
    let best = rtol * big;
    for (let i = k; i < rows.length; i++) {
      if (Math.abs(rows[i][j]) > best) {
        best = Math.abs(rows[i][j]);
        bi = i;
      }
    }
    if (bi < 0) continue;
    [rows[k], rows[bi]] = [rows[bi], rows[k]];
    const p = rows[k];
    const inv = 1 / p[j];
    for (let c = 0; c < cols; c++) p[c] *= inv;
    p[j] = 1;
    for (let i = 0; i < rows.length; i++) {
      if (i === k) continue;
      const f = rows[i][j];
      if (f === 0) continue;
      for (let c = 0; c < cols; c++) rows[i][c] -= f * p[c];
      rows[i][j] = 0;
    }
    k++;
  }
  return rows.slice(0, k);
}

/**
 * [p, q] with q ≤ maxDen and |x − p/q| ≤ tol·max(1, |x|), q smallest (the continued-fraction
 * convergents of x), or undefined when no such fraction exists.
 */
export function rationalise(x: number, maxDen = 1000, tol = 1e-7): [number, number] | undefined {
  if (!Number.isFinite(x)) return undefined;
  const bound = tol * Math.max(1, Math.abs(x));
  let [h0, h1, k0, k1] = [0, 1, 1, 0]; // convergents h/k
  let r = x;
  for (let n = 0; n < 40; n++) {
    const a = Math.floor(r);
    [h0, h1] = [h1, a * h1 + h0];
    [k0, k1] = [k1, a * k1 + k0];
    if (k1 > maxDen) return undefined;
    if (Math.abs(x - h1 / k1) <= bound) return [h1, k1];
    const frac = r - a;
    if (frac === 0) return undefined;
    r = 1 / frac;
  }
  return undefined;
}
