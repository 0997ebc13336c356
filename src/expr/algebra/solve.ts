/**
 * Linear algebra on expression trees, for the small systems a derivation solves (mass matrices,
 * Legendre maps of up to a few coordinates):
 *
 *   det A = Σ_σ sgn(σ) Π_i A[i][σ(i)]              (Leibniz: no divisions, no nested fractions)
 *   x_i   = det A_i / det A                        (Cramer: A_i is A with column i replaced by b)
 *   diagonal A:  x_i = b_i / A_ii
 *   eliminate:   Gauss–Jordan on trees (row r ← r − (A_rc/A_cc)·row c), for larger A whose
 *                entries are numbers times parameters: each step is normalised (numbers folded
 *                exactly, m·m⁻¹ = 1), and the whole solve gives up above a size budget
 *
 * Each result is tidied (simplify.ts: the smaller of the tree and its canonical form, within a
 * budget). Whether det A ≡ 0 is decided by the bounded zero test; when that is undecided the
 * caller tests singularity by evaluation.
 */
import { power, product, quotient, sum, ZERO } from "./auto.js";
import { decideZero, tidy, type TidyRule } from "./simplify.js";
import { num, size, type Expr } from "../types.js";

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
  | {
      readonly kind: "solved";
      readonly x: readonly Expr[];
      readonly det: Expr;
      /** Each x_i before tidying (b_i/A_ii, det A_i/det A), and the tidy rules that gave x_i. */
      readonly asDerived: readonly Expr[];
      readonly rules: readonly (readonly TidyRule[])[];
    }
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
    return solved(
      b.map((bi, i) => quotient(bi, A[i][i])),
      det,
    );
  }
  const det = determinant(A);
  if (!assumeRegular) {
    const z = isZeroNode(det) ? true : decideZero(det);
    if (z === true) return { kind: "singular", det };
    if (z === undefined) return { kind: "undecided", det };
  }
  const raw = A.map((_, i) => {
    const Ai = A.map((row, r) => row.map((a, c) => (c === i ? b[r] : a)));
    const numerator = leibniz(Ai);
    return isZeroNode(numerator) ? ZERO : quotient(numerator, det);
  });
  return solved(raw, det);
}

/** The solution tidied, with the forms as derived and the rules tidy used. */
function solved(raw: readonly Expr[], det: Expr): Solution {
  const t = raw.map((e) => tidy(e));
  return {
    kind: "solved",
    x: t.map((ti) => ti.expr),
    det,
    asDerived: raw,
    rules: t.map((ti) => ti.rules),
  };
}

/**
 * x with A·x = b by Gauss–Jordan elimination on trees (see the module comment), pivoting on the
 * first entry of each column shown nonzero by the bounded zero test. For matrices too large for
 * Cramer's rule whose entries are cheap to combine (numbers, a common parameter factor: M = m·N
 * with N numeric is solved exactly). "undecided" when a pivot cannot be shown nonzero or an entry
 * outgrows `maxSize` nodes; "singular" when a column has no nonzero pivot left.
 */
export function eliminate(
  A: readonly (readonly Expr[])[],
  b: readonly Expr[],
  maxSize = 400,
):
  | { readonly kind: "solved"; readonly x: readonly Expr[] }
  | { readonly kind: "singular" | "undecided" } {
  const n = A.length;
  const rows = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = -1;
    let undecided = false;
    for (let r = c; r < n && p < 0; r++) {
      const z = isZeroNode(rows[r][c]) ? true : decideZero(rows[r][c]);
      if (z === false) p = r;
      else if (z === undefined) undecided = true;
    }
    if (p < 0) return { kind: undecided ? "undecided" : "singular" };
    [rows[p], rows[c]] = [rows[c], rows[p]];
    const inv = power(rows[c][c], num(-1));
    rows[c] = rows[c].map((a, k) => (k === c ? num(1) : isZeroNode(a) ? a : product(a, inv)));
    for (let r = 0; r < n; r++) {
      const f = rows[r][c];
      if (r === c || isZeroNode(f)) continue;
      rows[r] = rows[r].map((a, k) => {
        if (k === c) return ZERO;
        if (isZeroNode(rows[c][k])) return a;
        return sum(a, product(num(-1), f, rows[c][k]));
      });
      if (rows[r].some((a) => size(a) > maxSize)) return { kind: "undecided" };
    }
  }
  return { kind: "solved", x: rows.map((row) => tidy(row[n]).expr) };
}
