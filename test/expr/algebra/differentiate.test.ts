import fc from "fast-check";
import { arithmetic } from "../../support/arbitraries.js";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.js";
import { equivalent, isZero } from "../../../src/expr/algebra/canonical.js";
import { findDerivativeMismatch, findMismatch } from "../../../src/expr/numeric/check.js";
import { differentiate as diff } from "../../../src/expr/algebra/differentiate.js";
import {
  evaluate,
  evaluateDual,
  makeRng,
  randomEnv,
  randomFunctionModel,
} from "../../../src/expr/numeric/evaluate.js";
import { parse } from "../../../src/expr/syntax/parse.js";
import { print } from "../../../src/expr/syntax/print.js";
import {
  add,
  BUILTIN_FUNCTIONS,
  call,
  type Expr,
  mul,
  num,
  pow,
  sub,
  sym,
} from "../../../src/expr/types.js";

const P = (src: string) => parse(src);
const d = (src: string, v = "x") => diff(P(src), v);
/** diff(e, x) agrees with forward-mode AD of e in the direction x at random points. */
const agreesWithDual = (e: Expr, v = "x") =>
  findDerivativeMismatch(e, diff(e, v), () => ({ [v]: 1 }), { points: 6 });

describe("derivatives of the builtins", () => {
  const expected: Record<string, string> = {
    sin: "cos(u)",
    cos: "-sin(u)",
    tan: "1 + tan(u)^2",
    exp: "exp(u)",
    log: "1/u",
    sqrt: "1/(2*sqrt(u))",
    sinh: "cosh(u)",
    cosh: "sinh(u)",
    tanh: "1 - tanh(u)^2",
    abs: "abs(u)/u",
  };

  it("covers every builtin", () => {
    expect(Object.keys(expected).sort()).toEqual([...BUILTIN_FUNCTIONS].sort());
  });

  it.each(Object.entries(expected))("d/du %s(u) = %s", (fn, rhs) => {
    expect(equivalent(diff(call(fn, [sym("u")]), "u"), P(rhs))).toBe(true);
  });

  // u = x^2 + x*y + 1 > 0 on the sampling box (|x|, |y| ≤ 0.9), so log and sqrt are defined.
  const inner = P("x^2 + x*y + 1");
  it.each([...BUILTIN_FUNCTIONS])("%s(x) and %s(x^2 + x*y + 1) agree with evaluateDual", (fn) => {
    for (const e of [call(fn, [sym("x")]), call(fn, [inner]), mul(sym("y"), call(fn, [inner]))]) {
      const de = diff(e, "x");
      // directly at a few points …
      const rng = makeRng(11);
      for (let i = 0; i < 5; i++) {
        const env = randomEnv(["x", "y"], rng);
        if (fn === "log" || fn === "sqrt") env.x = Math.abs(env.x);
        const { value, deriv } = evaluateDual(e, env, { x: 1 });
        expect(value).toBeCloseTo(evaluate(e, env), 12);
        expect(evaluate(de, env)).toBeCloseTo(deriv, 10);
      }
      // … and through the checker
      expect(findDerivativeMismatch(e, de, () => ({ x: 1 }), { fixed: {} })).toBeNull();
    }
  });

  it("differentiates powers, quotients and symbolic exponents", () => {
    expect(equivalent(d("x^5"), P("5*x^4"))).toBe(true);
    expect(equivalent(d("1/(1 + x^2)"), P("-2*x/(1 + x^2)^2"))).toBe(true);
    expect(equivalent(d("x^(3/2)"), P("3/2*sqrt(x)"))).toBe(true);
    expect(agreesWithDual(P("(1 + x^2)^y"))).toBeNull();
    expect(agreesWithDual(P("y^(x^2)"), "x")).toBeNull();
    expect(agreesWithDual(P("(1 + x^2)^y"), "y")).toBeNull();
  });

  it("treats other symbols, parameters and jet names as constants", () => {
    expect(isZero(d("a*y^2 + sin(y')", "x"))).toBe(true);
    expect(equivalent(d("x*x' + x'^2", "x'"), P("x + 2*x'"))).toBe(true);
    expect(equivalent(d("u_t*u_x", "u_x"), P("u_t"))).toBe(true);
  });

  it("rejects a wrong derivative through the checker (negative control)", () => {
    const e = P("sin(x^2)");
    expect(findDerivativeMismatch(e, P("cos(x^2)"), () => ({ x: 1 }))).not.toBeNull();
    expect(findDerivativeMismatch(e, P("2*x*cos(x^2)"), () => ({ x: 1 }))).toBeNull();
  });
});

describe("abstract functions: chain rule and partial notation", () => {
  it("d/dx f(g(x)) = f'(g(x))*g'(x)", () => {
    const r = d("f(g(x))");
    expect(equivalent(r, P("f'(g(x))*g'(x)"))).toBe(true);
    expect(["f'(g(x))*g'(x)", "g'(x)*f'(g(x))"]).toContain(print(r));
    expect(agreesWithDual(P("f(g(x))"))).toBeNull();
  });

  it("higher derivatives of one-argument functions", () => {
    expect(equivalent(d("f'(x)"), P("f''(x)"))).toBe(true);
    expect(equivalent(diff(d("f(x^2)"), "x"), P("2*f'(x^2) + 4*x^2*f''(x^2)"))).toBe(true);
    expect(agreesWithDual(P("f'(x)*sin(f(x))"))).toBeNull();
  });

  it("uses D1/D2 for the partials of a two-argument function", () => {
    expect(print(d("V(x, y)", "x"))).toBe("D1(V)(x, y)");
    expect(print(d("V(x, y)", "y"))).toBe("D2(V)(x, y)");
    expect(equivalent(d("V(x^2, x*y)"), P("2*x*D1(V)(x^2, x*y) + y*D2(V)(x^2, x*y)"))).toBe(true);
    expect(isZero(d("V(y, z)", "x"))).toBe(true);
    expect(agreesWithDual(P("V(x^2, sin(x*y))"))).toBeNull();
    expect(agreesWithDual(P("V(x^2, sin(x*y))"), "y")).toBeNull();
  });

  it("mixed partials commute: ∂x∂y V = ∂y∂x V", () => {
    const V = P("V(x, y)");
    const xy = diff(diff(V, "x"), "y");
    const yx = diff(diff(V, "y"), "x");
    expect(xy).toEqual(yx);
    expect(print(xy)).toBe("D12(V)(x, y)");
    const W = P("W(x*y, x + y, sin(x))");
    expect(isZero(sub(diff(diff(W, "x"), "y"), diff(diff(W, "y"), "x")))).toBe(true);
    expect(isZero(sub(diff(diff(W, "x"), "x"), diff(diff(W, "y"), "y")))).toBe(false);
  });

  it("checks abstract-function derivatives against a random concrete model", () => {
    // the model's own derivatives are exact: compare f'(u) with a centred difference of f
    const model = randomFunctionModel(makeRng(3), new Map([["f", 1]]));
    const h = 1e-5;
    const fd = (model.value("f", [], [0.3 + h]) - model.value("f", [], [0.3 - h])) / (2 * h);
    expect(model.value("f", [0], [0.3])).toBeCloseTo(fd, 8);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: diff agrees with forward-mode AD on random expressions

const [x, y] = ["x", "y"].map(sym);
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  { arbitrary: fc.constantFrom(x, y), weight: 3 },
  { arbitrary: fc.integer({ min: -3, max: 3 }).map((k) => num(k)), weight: 1 },
);
/** Builtins wrapped so that they are defined on the whole sampling box. */
const UNARY: ((a: Expr) => Expr)[] = [
  ...["sin", "cos", "tan", "exp", "sinh", "cosh", "tanh", "abs"].map(
    (fn) => (a: Expr) => call(fn, [a]),
  ),
  (a) => call("log", [add(num(1), pow(a, num(2)))]),
  (a) => call("sqrt", [add(num(1), pow(a, num(2)))]),
  (a) => call("f", [a]),
];
const expr = arithmetic(leaf, (e) => [
  fc.tuple(fc.nat(UNARY.length - 1), e()).map(([i, a]) => UNARY[i](a)),
  fc.tuple(e(), e()).map(([a, b]) => call("V", [a, b])),
]);

describe("property: diff(e, x) agrees with evaluateDual(e, env, {x: 1})", () => {
  it("on random polynomial–rational–transcendental expressions with abstract functions", () => {
    let checked = 0;
    fc.assert(
      fc.property(expr, fc.integer({ min: 1, max: 1e6 }), (e, seed) => {
        let de: Expr;
        try {
          de = diff(e, "x");
        } catch (err) {
          if (err instanceof UserError) return fc.pre(false);
          throw err;
        }
        let m;
        try {
          m = findDerivativeMismatch(e, de, () => ({ x: 1 }), { seed, extraSymbols: ["x"] });
        } catch (err) {
          // out of domain almost everywhere (e.g. exp of a huge power overflows): no verdict
          if (err instanceof Error && /could not be evaluated/.test(err.message))
            return fc.pre(false);
          throw err;
        }
        expect(m, `e = ${print(e)}\nde = ${print(de)}`).toBeNull();
        checked++;
      }),
      { numRuns: 200 },
    );
    expect(checked).toBeGreaterThanOrEqual(200);
  });

  it("a wrong rule is caught: dropping the chain-rule factor", () => {
    const e = P("sin(x^2 + y*x)");
    expect(findMismatch(diff(e, "x"), P("cos(x^2 + y*x)"))).not.toBeNull();
  });
});
