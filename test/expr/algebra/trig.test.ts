/** Pythagorean and angle-sum identities on the canonical form: decided, and used to shrink. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findMismatch } from "../../../src/expr/numeric/check.js";
import { call, num, sym, type Expr } from "../../../src/expr/types.js";
import { sumOfProducts } from "../../support/arbitraries.js";
import { toExpr, toRat } from "../../../src/expr/algebra/canonical.js";
import { parse } from "../../../src/expr/syntax/parse.js";
import { print } from "../../../src/expr/syntax/print.js";
import { expandAngles, pythagorean, pythagoreanZero } from "../../../src/expr/algebra/trig.js";

const zero = (s: string) => pythagoreanZero(toRat(parse(s)));

describe("trigonometric identities", () => {
  it("sin² + cos² = 1 and cosh² − sinh² = 1 are decided", () => {
    expect(zero("sin(th)^2 + cos(th)^2 - 1")).toBe(true);
    expect(zero("cosh(u)^2 - sinh(u)^2 - 1")).toBe(true);
    expect(zero("m*l^2*(sin(th)^2 + cos(th)^2) - m*l^2")).toBe(true);
    expect(zero("sin(th)^4 - cos(th)^4 - sin(th)^2 + cos(th)^2")).toBe(true);
  });

  it("angle sums of mechanics are decided", () => {
    expect(zero("sin(th1 - th2) - sin(th1)*cos(th2) + cos(th1)*sin(th2)")).toBe(true);
    expect(zero("cos(th1 - th2) - cos(th1)*cos(th2) - sin(th1)*sin(th2)")).toBe(true);
    expect(zero("sin(2*th) - 2*sin(th)*cos(th)")).toBe(true);
    expect(zero("cos(a + b + c) - cos(a)*cos(b + c) + sin(a)*sin(b + c)")).toBe(true);
  });

  it("non-identities stay non-zero (negative controls)", () => {
    expect(zero("sin(th)^2 + cos(th)^2")).toBe(false);
    expect(zero("sin(th1 - th2) - sin(th1)*cos(th2)")).toBe(false);
    expect(zero("cosh(u)^2 + sinh(u)^2 - 1")).toBe(false);
    expect(zero("x^2 - 1")).toBe(false);
  });

  it("a pendulum on a moving support: the denominator cos² + sin² becomes 1", () => {
    const r = toRat(parse("m*l*th''/(cos(th)^2 + sin(th)^2)"));
    expect(print(toExpr(pythagorean(r, "sin")))).toBe("l*m*th''");
  });

  it("expands sin(2θ) into sines and cosines of θ", () => {
    expect(print(toExpr(expandAngles(toRat(parse("sin(2*th)")))))).toBe("2*cos(th)*sin(th)");
  });
});

const angle = fc.constantFrom<Expr>(
  sym("a"),
  sym("b"),
  parse("a - b"),
  parse("2*a"),
  parse("a + b + c"),
  parse("-3*b"),
);
const trigFactor = fc.oneof(
  fc.tuple(fc.constantFrom("sin", "cos", "sinh", "cosh"), angle).map(([f, u]) => call(f, [u])),
  fc.constantFrom<Expr>(sym("m"), num(2)),
);

describe("trigonometric identities: properties", () => {
  it("angle expansion and Pythagorean reduction keep the value", () => {
    fc.assert(
      fc.property(sumOfProducts(trigFactor, 4, 3), fc.constantFrom("sin", "cos"), (e, toward) => {
        const r = pythagorean(expandAngles(toRat(e)), toward as "sin" | "cos");
        expect(findMismatch(e, toExpr(r), { points: 3 })).toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  it("a difference declared zero vanishes at random points", () => {
    fc.assert(
      fc.property(sumOfProducts(trigFactor, 3, 2), sumOfProducts(trigFactor, 3, 2), (a, b) => {
        const d = parse(`(${print(a)}) - (${print(b)})`);
        if (pythagoreanZero(toRat(d))) expect(findMismatch(a, b, { points: 3 })).toBeNull();
        else expect(findMismatch(a, b, { points: 6 })).not.toBeNull();
      }),
      { numRuns: 60 },
    );
  });
});
