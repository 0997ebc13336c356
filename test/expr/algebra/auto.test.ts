/**
 * Automatic normalisation and differentiation on trees: the cheap rewrites hold, nothing is
 * expanded, results equal their inputs at random points, and derivatives agree with dual numbers.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalise, product, sum, power, apply, idOf } from "../../../src/expr/algebra/auto.js";
import { differentiate } from "../../../src/expr/algebra/differentiate.js";
import { findDerivativeMismatch, findMismatch } from "../../../src/expr/numeric/check.js";
import { parse } from "../../../src/expr/syntax/parse.js";
import { print } from "../../../src/expr/syntax/print.js";
import { call, countOps, num, sym, type Expr } from "../../../src/expr/types.js";
import { arithmetic } from "../../support/arbitraries.js";

const n = (s: string) => print(normalise(parse(s)));
const dx = (s: string, x: string) => print(differentiate(parse(s), x));

describe("automatic normalisation", () => {
  it("folds numbers exactly and combines like terms", () => {
    expect(n("2*x + 3*x")).toBe("5*x");
    expect(n("x*y - y*x")).toBe("0");
    expect(n("1/2 + 1/3 + a")).toBe("5/6 + a");
    expect(n("0.1 + 0.2")).toBe("0.3"); // exactly 3/10, printed as a decimal
    expect(n("0.1 + 1/3")).toBe("13/30");
    expect(n("2*x*3")).toBe("6*x");
  });

  it("combines equal bases and numeric powers", () => {
    expect(n("x*x")).toBe("x^2");
    expect(n("x^2*x^(-1)")).toBe("x");
    expect(n("x*sqrt(x)")).toBe("x^(3/2)");
    expect(n("sqrt(4)")).toBe("2");
    expect(n("sqrt(8)")).toBe("2*sqrt(2)");
    expect(n("(x^2)^3")).toBe("x^6");
    expect(n("exp(a)*exp(b)")).toBe("exp(a + b)");
    expect(n("p^2/exp(-2*a)/exp(a + c)")).toBe("p^2*exp(a - c)");
  });

  it("never expands a product of sums or a power of a sum", () => {
    expect(n("(a + b)*(a + b)")).toBe("(a + b)^2");
    expect(n("(m2 + m3)^2")).toBe("(m2 + m3)^2");
    expect(n("(x + y + z + a)^25")).toBe("(a + x + y + z)^25");
    expect(n("(a + b)*(c + d)")).toBe("(a + b)*(c + d)");
  });

  it("keeps (x^2)^(1/2): it is |x|, not x", () => {
    expect(n("(x^2)^(1/2)")).toBe("sqrt(x^2)");
    expect(n("sqrt(x^2)")).toBe("sqrt(x^2)");
  });

  it("pulls signs out of odd and even functions, so sin(a − b) and sin(b − a) cancel", () => {
    expect(n("sin(-x)")).toBe("-sin(x)");
    expect(n("cos(-x)")).toBe("cos(x)");
    expect(n("sin(th1 - th2) + sin(th2 - th1)")).toBe("0");
    expect(n("cos(th1 - th2) - cos(th2 - th1)")).toBe("0");
  });

  it("evaluates builtins at special points", () => {
    expect(n("sin(0) + cos(0) + exp(0) + log(1)")).toBe("2");
    expect(n("log(exp(u))")).toBe("u");
    expect(n("exp(log(u))")).toBe("u");
  });

  it("gives equal normalised trees equal ids", () => {
    const a = normalise(parse("x*y + sin(z)"));
    const b = normalise(parse("sin(z) + y*x"));
    expect(idOf(a)).toBe(idOf(b));
    expect(idOf(sum(sym("x"), num(1)))).not.toBe(idOf(sum(sym("x"), num(2))));
  });

  it("constructors agree with normalise", () => {
    const x = sym("x");
    expect(print(product(x, power(x, num(-1))))).toBe("1");
    expect(print(apply("sqrt", [num(9)]))).toBe("3");
    expect(print(apply("f", [x], [0, 0]))).toBe("f''(x)");
    expect(print(apply("D", [x, sym("y")], [1, 0]))).toBe("D12(D)(x, y)");
  });
});

const leaf = fc.oneof(
  fc.constantFrom(sym("x"), sym("y"), sym("a")),
  fc.integer({ min: -3, max: 3 }).map((k) => num(k)),
);
const withCalls = arithmetic(leaf, (e) => [
  fc
    .tuple(fc.constantFrom("sin", "cos", "exp", "tanh", "sqrt", "log"), e())
    .map(([f, a]) => call(f, [a])),
  fc.tuple(e(), e()).map(([a, b]) => call("V", [a, b])),
  e().map((a) => call("f", [a])),
]);

describe("normalisation properties", () => {
  it("a normalised tree equals its input at random points", () => {
    fc.assert(
      fc.property(withCalls, (e) => {
        let out: Expr;
        try {
          out = normalise(e);
        } catch {
          return; // e.g. division by an exact zero
        }
        try {
          expect(findMismatch(e, out, { points: 3, maxTries: 60 })).toBeNull();
        } catch (err) {
          if (String(err).includes("could not be evaluated")) return;
          throw err;
        }
      }),
      { numRuns: 150 },
    );
  });

  it("normalising adds no operations but those of distributing a number over a sum", () => {
    const sums = (e: Expr): number =>
      e.kind === "num" || e.kind === "sym"
        ? 0
        : e.kind === "pow"
          ? sums(e.base) + sums(e.exp)
          : (e.kind === "add" ? e.args.length : 0) + e.args.reduce((s, a) => s + sums(a), 0);
    fc.assert(
      fc.property(arithmetic(leaf), (e) => {
        let out: Expr;
        try {
          out = normalise(e);
        } catch {
          return; // division by an exact zero
        }
        expect(countOps(out)).toBeLessThanOrEqual(countOps(e) + sums(e));
      }),
      { numRuns: 300 },
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(withCalls, (e) => {
        let once: Expr;
        try {
          once = normalise(e);
        } catch {
          return; // division by an exact zero
        }
        expect(print(normalise(parse(print(once))))).toBe(print(once));
      }),
      { numRuns: 150 },
    );
  });
});

describe("differentiation on trees", () => {
  it("keeps the shape of the input", () => {
    expect(dx("1/2*m*x'^2 - 1/2*k*x^2", "x'")).toBe("m*x'");
    expect(dx("1/sqrt((x - a1)^2 + (y - b1)^2)", "x")).toBe(
      "(a1 - x)/((-a1 + x)^2 + (-b1 + y)^2)^(3/2)",
    );
    expect(dx("m*c^2*(1 - sqrt(1 - x'^2/c^2))", "x'")).toBe("m*x'/sqrt(1 - x'^2/c^2)");
    expect(countOps(differentiate(parse("1/sqrt((x - a1)^2 + (y - b1)^2)"), "x"))).toBeLessThan(14);
    expect(dx("sin(th)*cos(th)", "th")).toBe("cos(th)^2 - sin(th)^2");
    expect(dx("f(g(x))", "x")).toBe("f'(g(x))*g'(x)");
    expect(dx("V(x, y)", "x")).toBe("D1(V)(x, y)");
    expect(dx("D1(V)(x, y)", "y")).toBe("D12(V)(x, y)");
    expect(dx("x^y", "y")).toBe("x^y*log(x)");
  });

  it("three fixed centres: ∂L/∂x has one term per centre, none expanded", () => {
    const L = parse(
      "1/2*(x'^2 + y'^2) + 1/sqrt((x - a1)^2 + (y - b1)^2) + 1/sqrt((x - a2)^2 + (y - b2)^2) + 1/sqrt((x - a3)^2 + (y - b3)^2)",
    );
    const d = differentiate(L, "x");
    expect(d.kind).toBe("add");
    expect(countOps(d)).toBeLessThan(60);
  });

  it("agrees with forward-mode differentiation at random points", () => {
    fc.assert(
      fc.property(withCalls, fc.constantFrom("x", "y", "a"), (e, x) => {
        let de: Expr;
        try {
          de = differentiate(e, x);
        } catch {
          return;
        }
        try {
          const m = findDerivativeMismatch(e, de, () => ({ [x]: 1 }), {
            points: 3,
            maxTries: 60,
            extraSymbols: [x],
          });
          expect(m, `${print(e)} → ${print(de)}`).toBeNull();
        } catch (err) {
          if (String(err).includes("could not be evaluated")) return;
          throw err;
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("decimal literals keep their text through normalisation", () => {
  it("prints 9.109e-31 as written, and numbers computed from decimals as decimals when they are", () => {
    expect(n("1/2*9.109e-31*x'^2")).toBe("4.5545e-31*x'^2");
    expect(n("1/3*9.109e-31*x'^2")).toBe("9109/30000000000000000000000000000000000*x'^2");
    expect(n("1/2*1e-3*x")).toBe("0.0005*x");
    expect(n("2*0.25*x")).toBe("0.5*x");
    expect(n("3*(1/4)*x")).toBe("3/4*x"); // no decimal literal: a rational
    expect(n("9.109e-31*x'^2")).toBe("9.109e-31*x'^2");
    expect(n("0.5*m*v^2 - 9.81*m*h")).toBe("-9.81*h*m + 0.5*m*v^2");
    expect(n("2.5 + x")).toBe("2.5 + x");
    expect(n("2.5*x + 2.5*x")).toBe("5*x");
  });
});
