/**
 * The builtins table (src/expr/builtins.ts) is the one place that says what each elementary
 * function is: its rows must agree with themselves — the float value with the 60-digit one, the
 * derivatives with finite differences, the symbolic derivative with the numeric one, the parity
 * and the value at zero with the function.
 */
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { BUILTINS } from "../../src/expr/builtins.js";
import { evaluate } from "../../src/expr/numeric/evaluate.js";
import { BUILTIN_FUNCTIONS, call, sym } from "../../src/expr/types.js";

const POINTS = [0.3, 0.7, 1.3, 2.1];

describe("builtins table", () => {
  it("has a row for every builtin function", () => {
    expect(Object.keys(BUILTINS).sort()).toEqual([...BUILTIN_FUNCTIONS].sort());
  });

  for (const fn of BUILTIN_FUNCTIONS) {
    const row = BUILTINS[fn];
    it(`${fn}: derivatives, 60-digit value, symbolic derivative, parity and value at 0 agree`, () => {
      for (const a of POINTS) {
        const v = row.f(a);
        const h = 1e-5;
        const fd1 = (row.f(a + h) - row.f(a - h)) / (2 * h);
        const fd2 = (row.d1(a + h, row.f(a + h)) - row.d1(a - h, row.f(a - h))) / (2 * h);
        expect(row.d1(a, v)).toBeCloseTo(fd1, 6);
        expect(row.d2(a, v)).toBeCloseTo(fd2, 5);
        const p = row.precise(new Decimal(a));
        expect(p.toNumber()).toBeCloseTo(v, 12);
        expect(row.preciseD1(new Decimal(a), p).toNumber()).toBeCloseTo(row.d1(a, v), 12);
        const u = sym("u");
        const d = row.derivative(u, call(fn, [u]));
        expect(evaluate(d, { u: a })).toBeCloseTo(row.d1(a, v), 12);
        if (row.parity === "odd") expect(row.f(-a)).toBeCloseTo(-v, 12);
        if (row.parity === "even") expect(row.f(-a)).toBeCloseTo(v, 12);
      }
      if (row.atZero !== undefined) expect(row.f(0)).toBe(row.atZero);
    });
  }
});
