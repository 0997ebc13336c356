import { describe, expect, it } from "vitest";
import {
  checkAtPoints,
  findDerivativeMismatch,
  findMismatch,
} from "../../../src/expr/numeric/check.js";
import { evaluate, makeRng, randomFunctionModel } from "../../../src/expr/numeric/evaluate.js";
import { add, call, div, mul, num, pow, sub, sym } from "../../../src/expr/types.js";

const x = sym("x");
const y = sym("y");
const sq = (e: ReturnType<typeof sym> | ReturnType<typeof call>) => pow(e, num(2));

describe("findMismatch", () => {
  it("accepts sin(x)^2 + cos(x)^2 = 1", () => {
    expect(findMismatch(add(sq(call("sin", [x])), sq(call("cos", [x]))), num(1))).toBeNull();
  });

  it("accepts x(y + 1) = xy + x and rejects x(y + 1) = xy, naming the point", () => {
    const lhs = mul(x, add(y, num(1)));
    expect(findMismatch(lhs, add(mul(x, y), x))).toBeNull();
    const m = findMismatch(lhs, mul(x, y));
    expect(m).not.toBeNull();
    expect(Object.keys(m!.env).sort()).toEqual(["x", "y"]);
    expect(m!.lhs).toBe(evaluate(lhs, m!.env));
    expect(m!.rhs).toBe(evaluate(mul(x, y), m!.env));
  });

  it("tolerates cancellation relative to the magnitude", () => {
    const big = num(10n ** 8n);
    // (x + 10⁸) − 10⁸ keeps only ~8 digits of x: a plain relative test at 1e-9 would fail ...
    const lhs = sub(add(x, big), big);
    const plain = checkAtPoints(["x"], (env) => [evaluate(lhs, env), env.x, 0]);
    expect(plain).not.toBeNull();
    // ... but the magnitude (~2·10⁸) scales the tolerance, which still catches an O(1) error.
    expect(findMismatch(lhs, x)).toBeNull();
    expect(findMismatch(lhs, add(x, num(1)))).not.toBeNull();
  });

  it("agrees when both sides are exactly zero", () => {
    expect(findMismatch(sub(x, x), num(0))).toBeNull();
  });

  it("uses one consistent model for abstract functions on both sides", () => {
    const f = (e: ReturnType<typeof sym>) => call("f", [e]);
    expect(findMismatch(mul(num(2), f(x)), add(f(x), f(x)))).toBeNull();
    expect(findMismatch(f(x), f(y))).not.toBeNull();
    expect(findMismatch(call("f", [x], [0]), f(x))).not.toBeNull();
    expect(() => findMismatch(call("f", [x]), call("f", [x, y]))).toThrow(/argument/);
  });

  it("holds fixed parameters", () => {
    const m = sym("m");
    expect(findMismatch(mul(m, x), mul(num(2), x), { fixed: { m: 2 } })).toBeNull();
    expect(findMismatch(mul(m, x), mul(num(2), x))).not.toBeNull();
  });

  it("skips points outside the domain", () => {
    // sqrt(x)² = x holds only for x ≥ 0; half the draws are negative and skipped.
    expect(findMismatch(pow(call("sqrt", [x]), num(2)), x, { points: 10 })).toBeNull();
    expect(
      findMismatch(
        call("sqrt", [sub(num(1), sq(x))]),
        mul(call("sqrt", [sub(num(1), x)]), call("sqrt", [add(num(1), x)])),
      ),
    ).toBeNull();
    // 1/(x − x) is never finite.
    expect(() => findMismatch(div(num(1), sub(x, x)), num(0))).toThrow(/could not be evaluated/);
  });

  it("is deterministic for a seed", () => {
    const a = findMismatch(x, y, { seed: 9 });
    const b = findMismatch(x, y, { seed: 9 });
    const c = findMismatch(x, y, { seed: 10 });
    expect(a).toEqual(b);
    expect(a!.env).not.toEqual(c!.env);
  });
});

describe("checkAtPoints", () => {
  it("skips non-finite points and throws when too few are valid", () => {
    let calls = 0;
    const result = checkAtPoints(
      ["x"],
      (env) => {
        calls++;
        return calls % 2 === 0 ? [env.x, env.x, 0] : [NaN, 0, 0];
      },
      { points: 5 },
    );
    expect(result).toBeNull();
    expect(calls).toBe(10);
    expect(() => checkAtPoints(["x"], () => [1, 1, Infinity], { maxTries: 20 })).toThrow(
      /only 0 of the 4/,
    );
  });

  it("supports custom numeric claims with the model", () => {
    const model = randomFunctionModel(makeRng(1), new Map([["f", 1]]));
    const res = checkAtPoints(
      ["x"],
      (env, m) => [
        m.value("f", [], [env.x]) * 2,
        m.value("f", [], [env.x]) + m.value("f", [], [env.x]),
        1,
      ],
      { model },
    );
    expect(res).toBeNull();
  });
});

describe("findDerivativeMismatch", () => {
  const dx = () => ({ x: 1 });

  it("checks d/dx x³ sin x", () => {
    const f = mul(pow(x, num(3)), call("sin", [x]));
    const right = add(
      mul(num(3), pow(x, num(2)), call("sin", [x])),
      mul(pow(x, num(3)), call("cos", [x])),
    );
    expect(findDerivativeMismatch(f, right, dx)).toBeNull();
    const wrong = mul(num(3), pow(x, num(2)), call("sin", [x]));
    const m = findDerivativeMismatch(f, wrong, dx);
    expect(m).not.toBeNull();
    expect(m!.tangent).toEqual({ x: 1 });
  });

  it("checks the chain rule through abstract functions", () => {
    const f = call("f", [call("g", [x])]);
    const right = mul(call("f", [call("g", [x])], [0]), call("g", [x], [0]));
    expect(findDerivativeMismatch(f, right, dx)).toBeNull();
    expect(findDerivativeMismatch(f, call("f", [call("g", [x])], [0]), dx)).not.toBeNull();
  });

  it("supports total time derivatives with point-dependent tangents", () => {
    // D_t (x'² / 2 + V(x)) = x'·x'' + V'(x)·x'.
    const xp = sym("x'");
    const xpp = sym("x''");
    const energy = add(mul(num("1/2"), pow(xp, num(2))), call("V", [x]));
    const claimed = add(mul(xp, xpp), mul(call("V", [x], [0]), xp));
    const dt = (env: Record<string, number>) => ({ x: env["x'"], "x'": env["x''"] });
    expect(findDerivativeMismatch(energy, claimed, dt)).toBeNull();
    // Without x'' among the symbols the tangent cannot be formed.
    expect(() => findDerivativeMismatch(energy, mul(call("V", [x], [0]), xp), dt)).toThrow(
      /extraSymbols/,
    );
    const m = findDerivativeMismatch(energy, mul(call("V", [x], [0]), xp), dt, {
      extraSymbols: ["x''"],
    });
    expect(m).not.toBeNull();
    expect(Object.keys(m!.env).sort()).toEqual(["x", "x'", "x''"]);
  });

  it("tolerates cancellation in the derivative", () => {
    // d/dx [(x + 10⁸)² − 2·10⁸·x] = 2x, computed as 2(x + 10⁸) − 2·10⁸ (~8 digits lost).
    const big = num(10n ** 8n);
    const f = sub(pow(add(x, big), num(2)), mul(num(2), big, x));
    expect(findDerivativeMismatch(f, mul(num(2), x), dx)).toBeNull();
    expect(findDerivativeMismatch(f, add(mul(num(2), x), num(10)), dx)).not.toBeNull();
  });
});

describe("assumptions", () => {
  it("sqrt(m^2) = m holds only where m is drawn positive", () => {
    const m = sym("m");
    const root = call("sqrt", [pow(m, num(2))]);
    expect(findMismatch(root, m, { points: 16 })).not.toBeNull(); // some m < 0 among 16 draws
    expect(findMismatch(root, m, { positive: ["m"] })).toBeNull();
  });
});
