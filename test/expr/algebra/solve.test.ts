/**
 * Small linear solves on expression trees (solve.ts): Cramer's rule with Leibniz determinants, the
 * diagonal shortcut, and Gauss–Jordan elimination for larger numeric-times-parameter matrices.
 * Every solution is verified by substituting back, at random points.
 */
import { describe, expect, it } from "vitest";
import { isZero } from "../../../src/expr/algebra/canonical.js";
import { determinant, eliminate, solveLinear } from "../../../src/expr/algebra/solve.js";
import { findMismatch } from "../../../src/expr/numeric/check.js";
import { parse } from "../../../src/expr/syntax/parse.js";
import { add, mul, type Expr } from "../../../src/expr/types.js";

const matrix = (rows: string[][]): Expr[][] => rows.map((r) => r.map((s) => parse(s)));
const vector = (xs: string[]): Expr[] => xs.map((s) => parse(s));

/** A·x = b at random points, row by row. */
function expectSolves(A: Expr[][], x: readonly Expr[], b: Expr[]): void {
  A.forEach((row, i) => {
    const lhs = add(...row.map((a, j) => mul(a, x[j])));
    expect(findMismatch(lhs, b[i]), `row ${i}`).toBeNull();
  });
}

describe("solveLinear on trees", () => {
  it("solves a 2×2 symbolic system: x = ((d*e - b*f), (a*f - c*e))/(a*d - b*c)", () => {
    const A = matrix([
      ["a", "b"],
      ["c", "d"],
    ]);
    const b = vector(["e", "f"]);
    const s = solveLinear(A, b);
    expect(s.kind).toBe("solved");
    if (s.kind !== "solved") return;
    expectSolves(A, s.x, b);
    expect(findMismatch(s.x[0], parse("(d*e - b*f)/(a*d - b*c)"))).toBeNull();
    expect(findMismatch(s.x[1], parse("(a*f - c*e)/(a*d - b*c)"))).toBeNull();
  });

  it("solves a 3×3 mass matrix with trigonometric and rational entries", () => {
    const A = matrix([
      ["m1 + m2", "m2*l*cos(th)", "1"],
      ["m2*l*cos(th)", "m2*l^2", "x/(1 + y^2)"],
      ["sin(th)", "0", "k"],
    ]);
    const b = vector(["F1", "F2 - g*sin(th)", "x*y"]);
    const s = solveLinear(A, b);
    expect(s.kind).toBe("solved");
    if (s.kind === "solved") expectSolves(A, s.x, b);
  });

  it("divides a diagonal system through: x_i = b_i/A_ii", () => {
    const A = matrix([
      ["m1", "0"],
      ["0", "m2*r^2"],
    ]);
    const s = solveLinear(A, vector(["F", "G"]));
    expect(s.kind).toBe("solved");
    if (s.kind === "solved") expect(findMismatch(s.x[1], parse("G/(m2*r^2)"))).toBeNull();
  });

  it("finds singular systems whose entries are all nonzero", () => {
    const cases = [
      [
        ["a", "b"],
        ["2*a", "2*b"],
      ],
      [
        ["a", "b", "c"],
        ["d", "e", "f"],
        ["x*a + d", "x*b + e", "x*c + f"],
      ],
      [
        ["1/(x - 1)", "1/(x + 1)"],
        ["x + 1", "x - 1"],
      ],
      [
        ["sin(q)", "cos(q)", "1"],
        ["f(q)", "g(q)", "h"],
        ["sin(q) + f(q)", "cos(q) + g(q)", "1 + h"],
      ],
    ];
    for (const rows of cases) {
      const A = matrix(rows);
      expect(
        solveLinear(
          A,
          A.map(() => parse("1")),
        ).kind,
      ).toBe("singular");
    }
  });

  it("needs a zero test, not a structural one: a (x+1)^2 − x^2 − 2x − 1 entry is zero", () => {
    const A = matrix([
      ["(x + 1)^2 - x^2 - 2*x - 1", "1"],
      ["1", "x"],
    ]);
    const s = solveLinear(A, vector(["a", "b"]));
    expect(s.kind).toBe("solved");
    if (s.kind !== "solved") return;
    expect(findMismatch(s.x[0], parse("b - x*a"))).toBeNull();
    expect(findMismatch(s.x[1], parse("a"))).toBeNull();
  });
});

describe("determinant and elimination", () => {
  it("det of a rotation times r is r (cos² + sin² = 1)", () => {
    const D = determinant(
      matrix([
        ["cos(t)", "-sin(t)", "0"],
        ["sin(t)", "cos(t)", "0"],
        ["0", "0", "r"],
      ]),
    );
    expect(findMismatch(D, parse("r"))).toBeNull();
    expect(
      isZero(
        determinant(
          matrix([
            ["a", "b"],
            ["a*x", "b*y"],
          ]),
        ),
      ),
    ).toBe(false);
  });

  it("eliminates a chain of 6 springs, M = m·(tridiagonal numbers)", () => {
    const n = 6;
    const A = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) =>
        parse(i === j ? "2*m" : Math.abs(i - j) === 1 ? "-m" : "0"),
      ),
    );
    const b = Array.from({ length: n }, (_, i) => parse(`f${i}`));
    const s = eliminate(A, b);
    expect(s.kind).toBe("solved");
    if (s.kind === "solved") expectSolves(A, s.x, b);
    const singular = A.map((row, i) => (i === n - 1 ? A[0] : row));
    expect(eliminate(singular, b).kind).toBe("singular");
  });
});
