import { describe, expect, it } from "vitest";
import {
  type FunctionModel,
  evaluate,
  evaluateDual,
  magnitude,
  magnitudeDual,
  makeRng,
  parseRational,
  randomEnv,
  randomFunctionModel,
} from "../../../src/expr/numeric/evaluate.js";
import { type Expr, add, call, div, mul, num, pow, sub, sym } from "../../../src/expr/types.js";

const x = sym("x");
const y = sym("y");

describe("makeRng", () => {
  it("is deterministic per seed and uniform in [0, 1)", () => {
    const a = makeRng(42);
    const b = makeRng(42);
    const c = makeRng(43);
    const sa = Array.from({ length: 1000 }, () => a.next());
    const sb = Array.from({ length: 1000 }, () => b.next());
    const sc = Array.from({ length: 1000 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    expect(sa.every((u) => u >= 0 && u < 1)).toBe(true);
    const mean = sa.reduce((s, u) => s + u, 0) / sa.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });
});

describe("randomEnv", () => {
  it("draws ±[0.2, 0.9], keeps fixed values and ignores name order", () => {
    const env = randomEnv(["b", "a", "m"], makeRng(7), { m: 3 });
    expect(env.m).toBe(3);
    for (const k of ["a", "b"]) {
      expect(Math.abs(env[k])).toBeGreaterThanOrEqual(0.2);
      expect(Math.abs(env[k])).toBeLessThanOrEqual(0.9);
    }
    expect(randomEnv(["a", "m", "b", "a"], makeRng(7), { m: 3 })).toEqual(env);
    const many = randomEnv(
      Array.from({ length: 200 }, (_, i) => `v${i}`),
      makeRng(1),
    );
    const values = Object.values(many);
    expect(values.some((v) => v < 0)).toBe(true);
    expect(values.some((v) => v > 0)).toBe(true);
  });
});

describe("parseRational", () => {
  it("parses integers, fractions and huge rationals", () => {
    expect(parseRational("3")).toBe(3);
    expect(parseRational("-3/4")).toBe(-0.75);
    expect(parseRational(`${10n ** 400n}/${10n ** 399n}`)).toBeCloseTo(10, 12);
    expect(parseRational(`-${10n ** 320n}/${10n ** 330n}`)).toBeCloseTo(-1e-10, 22);
    expect(parseRational(`1/${3n * 10n ** 400n}`)).toBe(0);
    expect(parseRational("0.5")).toBe(0.5);
    expect(() => parseRational("abc")).toThrow(/invalid number/);
  });
});

describe("evaluate", () => {
  it("evaluates arithmetic, rationals and builtins", () => {
    const env = { x: 0.5, y: -0.25 };
    expect(evaluate(add(x, mul(num("3/4"), y)), env)).toBeCloseTo(0.5 - 0.1875, 15);
    expect(evaluate(div(x, y), env)).toBe(-2);
    expect(evaluate(pow(x, num(3)), env)).toBe(0.125);
    const builtins: [string, (a: number) => number][] = [
      ["sin", Math.sin],
      ["cos", Math.cos],
      ["tan", Math.tan],
      ["exp", Math.exp],
      ["log", Math.log],
      ["sqrt", Math.sqrt],
      ["sinh", Math.sinh],
      ["cosh", Math.cosh],
      ["tanh", Math.tanh],
      ["abs", Math.abs],
    ];
    for (const [fn, f] of builtins) expect(evaluate(call(fn, [x]), env)).toBe(f(0.5));
  });

  it("throws naming a missing symbol", () => {
    expect(() => evaluate(add(x, sym("omega")), { x: 1 })).toThrow(/"omega"/);
    expect(() => evaluate(sym("constructor"), {})).toThrow(/"constructor"/);
  });

  it("gives NaN out of domain", () => {
    expect(evaluate(call("sqrt", [sub(num(1), pow(x, num(2)))]), { x: 2 })).toBeNaN();
    expect(evaluate(call("log", [x]), { x: -1 })).toBeNaN();
  });

  it("evaluates abstract functions through the model", () => {
    const model = randomFunctionModel(makeRng(3), new Map([["V", 2]]));
    const e = call("V", [x, y], [0, 1]);
    expect(evaluate(e, { x: 0.3, y: 0.4 }, model)).toBe(model.value("V", [0, 1], [0.3, 0.4]));
    expect(() => evaluate(e, { x: 0.3, y: 0.4 })).toThrow(/model/);
    expect(() => evaluate(call("V", [x]), { x: 0.3 }, model)).toThrow(/2 argument/);
    expect(() => evaluate(call("W", [x]), { x: 0.3 }, model)).toThrow(/"W"/);
  });
});

describe("randomFunctionModel", () => {
  const model = randomFunctionModel(
    makeRng(11),
    new Map([
      ["f", 1],
      ["V", 2],
    ]),
  );

  /** Central difference of ∂^d fn in argument j. */
  function centralDiff(m: FunctionModel, fn: string, d: number[], args: number[], j: number) {
    const h = 1e-5;
    const plus = [...args];
    const minus = [...args];
    plus[j] += h;
    minus[j] -= h;
    return (m.value(fn, d, plus) - m.value(fn, d, minus)) / (2 * h);
  }

  it("has derivatives of every order consistent with finite differences", () => {
    for (const u of [-0.7, 0.1, 0.8]) {
      for (let order = 0; order < 5; order++) {
        const d = Array<number>(order).fill(0);
        const fd = centralDiff(model, "f", d, [u], 0);
        expect(model.value("f", [...d, 0], [u])).toBeCloseTo(fd, 7);
      }
    }
    const args = [0.4, -0.6];
    for (const d of [[], [0], [1], [0, 1], [1, 1], [0, 0, 1]]) {
      for (const j of [0, 1]) {
        const claimed = model.value("V", [...d, j].sort(), args);
        expect(claimed).toBeCloseTo(centralDiff(model, "V", d, args, j), 7);
      }
    }
  });

  it("is deterministic and independent of map order", () => {
    const other = randomFunctionModel(
      makeRng(11),
      new Map([
        ["V", 2],
        ["f", 1],
      ]),
    );
    expect(other.value("V", [1], [0.2, 0.3])).toBe(model.value("V", [1], [0.2, 0.3]));
    expect(other.value("f", [], [0.2])).toBe(model.value("f", [], [0.2]));
  });

  it("rejects wrong arity, unknown functions and bad positions", () => {
    expect(() => model.value("f", [], [1, 2])).toThrow(/1 argument/);
    expect(() => model.value("g", [], [1])).toThrow(/"g"/);
    expect(() => model.value("V", [2], [1, 2])).toThrow(/position 2/);
  });
});

describe("evaluateDual", () => {
  it("differentiates x^3·sin(x) like the hand derivative", () => {
    const e = mul(pow(x, num(3)), call("sin", [x]));
    const hand = (u: number) => 3 * u * u * Math.sin(u) + u ** 3 * Math.cos(u);
    for (const u of [-0.8, 0.3, 1.7]) {
      const { value, deriv } = evaluateDual(e, { x: u }, { x: 1 });
      expect(value).toBe(evaluate(e, { x: u }));
      expect(deriv).toBeCloseTo(hand(u), 13);
    }
  });

  it("matches central differences for every builtin and for pow", () => {
    const cases: Expr[] = [
      ...["sin", "cos", "tan", "exp", "log", "sqrt", "sinh", "cosh", "tanh", "abs"].map((fn) =>
        call(fn, [mul(x, y)]),
      ),
      pow(x, y),
      pow(add(x, num(2)), div(num(1), num(3))),
      pow(mul(num(-1), x), num(-3)),
    ];
    const env = { x: 0.7, y: 0.45 };
    const tangent = { x: 0.3, y: -1.1 };
    const h = 1e-6;
    for (const e of cases) {
      const shifted = (s: number) =>
        evaluate(e, { x: env.x + s * tangent.x, y: env.y + s * tangent.y });
      const fd = (shifted(h) - shifted(-h)) / (2 * h);
      expect(evaluateDual(e, env, tangent).deriv).toBeCloseTo(fd, 6);
    }
  });

  it("treats symbols absent from the tangent as constants", () => {
    const e = mul(x, y);
    expect(evaluateDual(e, { x: 2, y: 3 }, { x: 1 }).deriv).toBe(3);
    expect(evaluateDual(e, { x: 2, y: 3 }, {}).deriv).toBe(0);
  });

  it("applies the chain rule through abstract functions with the model's derivatives", () => {
    const model = randomFunctionModel(
      makeRng(5),
      new Map([
        ["f", 1],
        ["g", 1],
        ["V", 2],
      ]),
    );
    const u = 0.35;
    const g = model.value("g", [], [u]);
    const dg = model.value("g", [0], [u]);
    const e = call("f", [call("g", [x])]);
    const { deriv } = evaluateDual(e, { x: u }, { x: 1 }, model);
    expect(deriv).toBeCloseTo(model.value("f", [0], [g]) * dg, 14);
    // ∂V/∂y (x, y) along (1, 2): V_xy + 2 V_yy.
    const v = call("V", [x, y], [1]);
    const dv = evaluateDual(v, { x: 0.2, y: -0.4 }, { x: 1, y: 2 }, model).deriv;
    const expected =
      model.value("V", [0, 1], [0.2, -0.4]) + 2 * model.value("V", [1, 1], [0.2, -0.4]);
    expect(dv).toBeCloseTo(expected, 14);
  });
});

describe("magnitude", () => {
  it("sums absolute values of terms and multiplies for products", () => {
    const env = { x: 0.5, y: -0.25 };
    expect(magnitude(sub(x, x), env)).toBe(1);
    expect(magnitude(mul(sub(x, y), add(x, y)), env)).toBe(0.75 * 0.75);
    expect(magnitude(num("-3/4"), env)).toBe(0.75);
  });

  it("propagates argument scales through functions", () => {
    // sin(x − x) = 0 but its magnitude is |cos 0|·(|x| + |x|).
    expect(magnitude(call("sin", [sub(x, x)]), { x: 0.5 })).toBe(1);
    const e = pow(sub(x, num(1)), num(2));
    expect(magnitude(e, { x: 1 })).toBe(0);
    expect(magnitude(e, { x: 3 })).toBe(4 + 2 * 2 * 4);
  });

  it("has a derivative scale covering cancellation", () => {
    // d/dx (x² − x·x) = 0 exactly; the scales are of the size of the terms:
    // x² gives |x²| + |2x|·|x| = 0.75 and x·x gives 0.25; derivatives |2x| + |2x| + 2·|x| and 2|x|.
    const e = sub(pow(x, num(2)), mul(x, x));
    const { value, deriv } = magnitudeDual(e, { x: 0.5 }, { x: 1 });
    expect(value).toBe(1);
    expect(deriv).toBe(4);
    expect(magnitudeDual(x, { x: 0.5 }, { x: -3 })).toEqual({ value: 0.5, deriv: 3 });
  });
});
