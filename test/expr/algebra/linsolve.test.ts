import { describe, expect, it } from "vitest";
import { equivalent, toExpr, toRat } from "../../../src/expr/algebra/canonical.js";
import { findMismatch } from "../../../src/expr/numeric/check.js";
import { determinant, solveLinear } from "../../../src/expr/algebra/linsolve.js";
import { parse } from "../../../src/expr/syntax/parse.js";
import {
  RAT_ZERO,
  ratAdd,
  ratIsZero,
  ratMul,
  ratSub,
  type Rat,
} from "../../../src/expr/algebra/rat.js";

const R = (src: string): Rat => toRat(parse(src));
const matrix = (rows: string[][]): Rat[][] => rows.map((r) => r.map(R));

/** A·x − b, row by row. */
function residual(A: Rat[][], x: Rat[], b: Rat[]): Rat[] {
  return A.map((row, i) =>
    ratSub(
      row.reduce((s, a, j) => ratAdd(s, ratMul(a, x[j])), RAT_ZERO),
      b[i],
    ),
  );
}

describe("solveLinear", () => {
  it("solves a 2×2 symbolic system (verified by substituting back)", () => {
    const A = matrix([
      ["a", "b"],
      ["c", "d"],
    ]);
    const b = ["e", "f"].map(R);
    const x = solveLinear(A, b)!;
    expect(x).not.toBeNull();
    expect(residual(A, x, b).every(ratIsZero)).toBe(true);
    expect(equivalent(toExpr(x[0]), parse("(d*e - b*f)/(a*d - b*c)"))).toBe(true);
    expect(equivalent(toExpr(x[1]), parse("(a*f - c*e)/(a*d - b*c)"))).toBe(true);
  });

  it("solves a 3×3 system with trigonometric and rational entries", () => {
    const A = matrix([
      ["m1 + m2", "m2*l*cos(th)", "1"],
      ["m2*l*cos(th)", "m2*l^2", "x/(1 + y^2)"],
      ["sin(th)", "0", "k"],
    ]);
    const b = ["F1", "F2 - g*sin(th)", "x*y"].map(R);
    const x = solveLinear(A, b)!;
    expect(x).not.toBeNull();
    expect(residual(A, x, b).every(ratIsZero)).toBe(true);
    // and numerically, independent of the zero test
    for (let i = 0; i < 3; i++) {
      const lhs = A[i].reduce((s, a, j) => ratAdd(s, ratMul(a, x[j])), RAT_ZERO);
      expect(findMismatch(toExpr(lhs), toExpr(b[i]))).toBeNull();
    }
  });

  it("solves a 5×5 tridiagonal system by elimination (beyond the Cramer size)", () => {
    const n = 5;
    const A = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) =>
        R(i === j ? `k${i} + k${i + 1}` : Math.abs(i - j) === 1 ? `-k${Math.max(i, j)}` : "0"),
      ),
    );
    const b = Array.from({ length: n }, (_, i) => R(`f${i}`));
    const x = solveLinear(A, b)!;
    expect(x).not.toBeNull();
    expect(residual(A, x, b).every(ratIsZero)).toBe(true);
  });

  it("returns null for a singular system", () => {
    const A2 = matrix([
      ["a", "b"],
      ["2*a", "2*b"],
    ]);
    expect(solveLinear(A2, ["1", "2"].map(R))).toBeNull();
    // row 3 = x·row 1 + row 2: singular, though no entry is zero
    const A3 = matrix([
      ["a", "b", "c"],
      ["d", "e", "f"],
      ["x*a + d", "x*b + e", "x*c + f"],
    ]);
    expect(solveLinear(A3, ["1", "2", "3"].map(R))).toBeNull();
    const A5 = Array.from({ length: 4 }, (_, i) =>
      Array.from({ length: 5 }, (_, j) => R(`a${j}*x^${i} + ${i === j ? 1 : 0}`)),
    );
    A5.push(A5[0].map((a) => ratMul(a, R("1 + y")))); // row 5 = (1 + y)·row 1
    expect(
      solveLinear(
        A5,
        A5.map(() => R("1")),
      ),
    ).toBeNull();
  });

  it("needs a zero test, not a structural one: (x+1)^2 − x^2 − 2x − 1 pivots are skipped", () => {
    const A = matrix([
      ["(x + 1)^2 - x^2 - 2*x - 1", "1"],
      ["1", "x"],
    ]);
    const x = solveLinear(A, ["a", "b"].map(R))!;
    expect(x).not.toBeNull();
    expect(equivalent(toExpr(x[0]), parse("b - x*a"))).toBe(true);
    expect(equivalent(toExpr(x[1]), parse("a"))).toBe(true);
  });
});

describe("determinant", () => {
  it("of a 2×2 and a 3×3", () => {
    expect(
      equivalent(
        toExpr(
          determinant(
            matrix([
              ["a", "b"],
              ["c", "d"],
            ]),
          ),
        ),
        parse("a*d - b*c"),
      ),
    ).toBe(true);
    const D = determinant(
      matrix([
        ["cos(t)", "-sin(t)", "0"],
        ["sin(t)", "cos(t)", "0"],
        ["0", "0", "r"],
      ]),
    );
    // r·(cos² + sin²): the zero test does not know the Pythagorean identity, the checker does
    expect(findMismatch(toExpr(D), parse("r"))).toBeNull();
  });

  it("is zero for singular symbolic matrices", () => {
    const singular = [
      [
        ["a", "b"],
        ["a*x", "b*x"],
      ],
      [
        ["1/(x - 1)", "1/(x + 1)"],
        ["x + 1", "x - 1"],
      ],
      [
        ["a", "b", "c"],
        ["d", "e", "f"],
        ["a - 2*d", "b - 2*e", "c - 2*f"],
      ],
      [
        ["sin(q)", "cos(q)", "1"],
        ["f(q)", "g(q)", "h"],
        ["sin(q) + f(q)", "cos(q) + g(q)", "1 + h"],
      ],
    ];
    for (const rows of singular) expect(ratIsZero(determinant(matrix(rows)))).toBe(true);
    const six = Array.from({ length: 6 }, (_, i) =>
      Array.from({ length: 6 }, (_, j) => R(`(${i + 1})*a${j} + b${j}*y^${i}`)),
    );
    // rank ≤ 2 (every row is a combination of the rows a and b): singular
    expect(ratIsZero(determinant(six))).toBe(true);
    expect(
      solveLinear(
        six,
        six.map(() => R("1")),
      ),
    ).toBeNull();
  });

  it("is nonzero for a regular matrix of the same shapes", () => {
    expect(
      ratIsZero(
        determinant(
          matrix([
            ["a", "b"],
            ["a*x", "b*y"],
          ]),
        ),
      ),
    ).toBe(false);
    const six = Array.from({ length: 6 }, (_, i) =>
      Array.from({ length: 6 }, (_, j) => R(i === j ? `d${i}` : `(${i + 1})*a${j}`)),
    );
    expect(ratIsZero(determinant(six))).toBe(false);
  });
});
