/**
 * Float null spaces, echelon forms and rationalisation (nullspace.ts), the numeric core of the
 * symmetry search: exact answers on small rational systems, the numerical rank under noise, and
 * no fraction invented for an irrational number.
 */
import { describe, expect, it } from "vitest";
import { nullSpace, rationalise, reducedRows } from "../../../src/expr/numeric/nullspace.js";

const times = (A: number[][], v: number[]) => A.map((r) => r.reduce((s, x, j) => s + x * v[j], 0));

describe("null space", () => {
  it("rank 2 of 3 columns: one null vector, A·v = 0", () => {
    const A = [
      [1, 2, 3],
      [4, 5, 9],
      [7, 8, 15],
      [2, 1, 3],
    ];
    const { basis, rank } = nullSpace(A, 3);
    expect(rank).toBe(2);
    expect(basis).toHaveLength(1);
    for (const x of times(A, basis[0])) expect(Math.abs(x)).toBeLessThan(1e-12);
    expect(reducedRows(basis)[0].map((x) => +x.toFixed(12))).toEqual([1, 1, -1]);
  });

  it("columns of very different scales (monomials of high degree) keep their rank", () => {
    const A = Array.from({ length: 12 }, (_, i) => {
      const t = 0.2 + 0.05 * i;
      return [1, t, t ** 2, t ** 3, 1e-6 * t ** 4, 2 + 3 * t];
    });
    const { basis, rank } = nullSpace(A, 6);
    expect(rank).toBe(5);
    expect(reducedRows(basis)[0].map((x) => +x.toFixed(6) + 0)).toEqual([1, 1.5, 0, 0, 0, -0.5]);
  });

  it("noise below the tolerance does not add rank; an independent column does", () => {
    const A = Array.from({ length: 10 }, (_, i) => [
      i + 1,
      2 * (i + 1) * (1 + 1e-13 * Math.sin(i)),
    ]);
    expect(nullSpace(A, 2).rank).toBe(1);
    expect(
      nullSpace(
        A.map((r, i) => [...r, i * i]),
        3,
      ).rank,
    ).toBe(2);
  });
});

describe("rationalise", () => {
  it("finds small fractions and refuses irrational numbers", () => {
    expect(rationalise(-0.5)).toEqual([-1, 2]);
    expect(rationalise(2 / 3 + 1e-11)).toEqual([2, 3]);
    expect(rationalise(3)).toEqual([3, 1]);
    expect(rationalise(Math.SQRT2)).toBeUndefined();
    expect(rationalise(Math.E)).toBeUndefined();
    // π is within 1e-7 of 355/113: rationalising is a guess, which the search then verifies.
    expect(rationalise(Math.PI)).toEqual([355, 113]);
  });
});
