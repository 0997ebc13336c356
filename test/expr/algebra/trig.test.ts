/** Pythagorean and angle-sum identities on the canonical form: decided, and used to shrink. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findMismatch } from "../../../src/expr/numeric/check.js";
import { call, countOps, num, sym, type Expr } from "../../../src/expr/types.js";
import { sumOfProducts } from "../../support/arbitraries.js";
import { toExpr, toRat } from "../../../src/expr/algebra/canonical.js";
import { parse } from "../../../src/expr/syntax/parse.js";
import { print } from "../../../src/expr/syntax/print.js";
import {
  contractAngles,
  expandAngles,
  pythagorean,
  pythagoreanZero,
} from "../../../src/expr/algebra/trig.js";

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

describe("contracting angle sums", () => {
  const contract = (s: string) => {
    const c = contractAngles(toRat(parse(s)));
    return `${print(toExpr(c.rat))} [${c.rules.join(", ")}]`;
  };

  it("pairs sin·cos ∓ cos·sin and cos·cos ± sin·sin into functions of a ∓ b", () => {
    expect(contract("sin(a)*cos(b) - cos(a)*sin(b)")).toBe("sin(a - b) [angle-sum]");
    expect(contract("sin(a)*cos(b) + cos(a)*sin(b)")).toBe("sin(a + b) [angle-sum]");
    expect(contract("cos(a)*cos(b) + sin(a)*sin(b)")).toBe("cos(a - b) [angle-sum]");
    expect(contract("cos(a)*cos(b) - sin(a)*sin(b)")).toBe("cos(a + b) [angle-sum]");
    expect(contract("sinh(a)*cosh(b) - cosh(a)*sinh(b)")).toBe("sinh(a - b) [angle-sum]");
    expect(contract("cosh(a)*cosh(b) - sinh(a)*sinh(b)")).toBe("cosh(a - b) [angle-sum]");
  });

  it("a triple pendulum's mass-matrix entry reads l1*l2*(m2 + m3)*cos(th1 - th2)", () => {
    const e = "l1*l2*(m2 + m3)*cos(th1)*cos(th2) + l1*l2*(m2 + m3)*sin(th1)*sin(th2)";
    expect(contract(e)).toBe("l1*l2*cos(th1 - th2)*(m2 + m3) [angle-sum]");
  });

  it("sin² + cos² becomes 1, also in a denominator (pendulum on a moving support)", () => {
    expect(contract("m*l*th''/(cos(th)^2 + sin(th)^2)")).toBe("l*m*th'' [pythagorean]");
    expect(contract("M + m*cos(th)^2 + m*sin(th)^2")).toBe("M + m [pythagorean]");
    expect(contract("cosh(u)^2 - sinh(u)^2")).toBe("1 [pythagorean]");
  });

  it("leaves unequal coefficients and lone terms alone", () => {
    for (const e of [
      "2*sin(a)*cos(b) - cos(a)*sin(b)",
      "sin(a)*cos(a)",
      "sin(th)^2 + 2*cos(th)^2",
      "cos(a)*cos(b) + sin(a)*sin(c)",
    ]) {
      expect(contractAngles(toRat(parse(e))).rules).toEqual([]);
    }
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

  it("contraction keeps the value and never grows an expression", () => {
    fc.assert(
      fc.property(sumOfProducts(trigFactor, 4, 3), fc.boolean(), (e, expand) => {
        const r = expand ? expandAngles(toRat(e)) : toRat(e);
        const before = toExpr(r);
        const after = toExpr(contractAngles(r).rat);
        expect(findMismatch(before, after, { points: 3 })).toBeNull();
        expect(countOps(after)).toBeLessThanOrEqual(countOps(before));
      }),
      { numRuns: 100 },
    );
  });
});
