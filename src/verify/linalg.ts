/**
 * Small dense linear algebra for the numeric checks of claims (p ≤ 10): products, Gauss–Jordan
 * inverse, Gram–Schmidt, random unit vectors and orthogonal matrices from a seeded generator.
 */
import { makeRng } from "../expr/numeric/evaluate.js";

export type Matrix = number[][];

/** A seeded standard-normal generator (Box–Muller over makeRng's uniforms). */
export function gaussian(seed: number): () => number {
  const rng = makeRng(seed);
  return () => {
    const u = Math.max(rng.next(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
}

/** A vector uniform on the unit sphere S^{p−1}: a normalised Gaussian vector. */
export function unitVector(p: number, g: () => number): number[] {
  const v = Array.from({ length: p }, g);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** XᵀX of an n×p matrix X (rows x_i): Σ_i x_i x_iᵀ. */
export function gram(X: Matrix): Matrix {
  const p = X[0].length;
  const G = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (const x of X) for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) G[a][b] += x[a] * x[b];
  return G;
}

/** The inverse of a square matrix by Gauss–Jordan with partial pivoting; null when singular. */
export function inverse(A: Matrix): Matrix | null {
  const p = A.length;
  const M = A.map((row, i) => [...row, ...Array.from({ length: p }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    if (Math.abs(M[piv][c]) < 1e-12) return null;
    [M[c], M[piv]] = [M[piv], M[c]];
    const d = M[c][c];
    for (let j = 0; j < 2 * p; j++) M[c][j] /= d;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = M[r][c];
      for (let j = 0; j < 2 * p; j++) M[r][j] -= f * M[c][j];
    }
  }
  return M.map((row) => row.slice(p));
}

/** y = A·x. */
export const apply = (A: Matrix, x: readonly number[]): number[] =>
  A.map((row) => row.reduce((s, a, j) => s + a * x[j], 0));

export const dot = (a: readonly number[], b: readonly number[]): number =>
  a.reduce((s, x, i) => s + x * b[i], 0);

/** v with its components along the orthonormal `basis` removed (twice, for accuracy), normalised; its norm before. */
function orthogonalise(v: number[], basis: readonly number[][]): { unit: number[]; norm: number } {
  let u = v;
  for (let pass = 0; pass < 2; pass++)
    for (const b of basis) {
      const c = dot(u, b);
      u = u.map((x, i) => x - c * b[i]);
    }
  const norm = Math.hypot(...u);
  return { unit: u.map((x) => x / norm), norm };
}

/**
 * A unit vector orthogonal to every row of X (n < p rows): a random vector with its components
 * along the rows removed by Gram–Schmidt (twice, for accuracy).
 */
export function nullVector(X: Matrix, g: () => number): number[] {
  const basis: number[][] = [];
  for (const x of X) {
    const { unit, norm } = orthogonalise([...x], basis);
    if (norm > 1e-12) basis.push(unit);
  }
  return orthogonalise(Array.from({ length: X[0].length }, g), basis).unit;
}

/** `count` orthonormal vectors in ℝ^p (Gram–Schmidt of Gaussian vectors); count ≤ p. */
export function orthonormal(p: number, count: number, g: () => number): Matrix {
  const out: Matrix = [];
  while (out.length < count) {
    const { unit, norm } = orthogonalise(Array.from({ length: p }, g), out);
    if (norm > 1e-8) out.push(unit);
  }
  return out;
}
