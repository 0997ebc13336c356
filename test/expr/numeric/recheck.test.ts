/**
 * The shared check loop re-checks a point in 60 digits before declaring a mismatch: an expanded
 * form that loses every digit to cancellation in doubles is not a wrong claim, and a wrong claim of
 * the same shape is still caught.
 */
import { describe, expect, it } from "vitest";
import { expand } from "../../../src/expr/algebra/canonical.js";
import {
  checkAtPoints,
  floatEvaluator,
  preciseEvaluator,
} from "../../../src/expr/numeric/check.js";
import { makeRng, randomFunctionModel } from "../../../src/expr/numeric/evaluate.js";
import { parse } from "../../../src/expr/syntax/parse.js";
import { Precise } from "../../../src/expr/numeric/precise.js";

const factored = parse("(x + y + z + a)^25");
/** Several thousand terms with coefficients up to ~10¹³: doubles keep none of the digits. */
const expanded = expand(factored);
const names = ["a", "x", "y", "z"];

describe("the high-precision re-check", () => {
  it("doubles alone reject the expanded (x + y + z + a)^25 against its factored form", () => {
    // The claim's own scale (0 here, as in a custom check) does not cover the cancellation.
    const mismatches = [1, 2, 3, 4, 5].filter(
      (seed) =>
        checkAtPoints(
          names,
          (env, model) => [
            floatEvaluator.evaluate(expanded, env, model),
            floatEvaluator.evaluate(factored, env, model),
            0,
          ],
          { seed },
        ) !== null,
    );
    expect(mismatches.length).toBeGreaterThan(0);
  });

  it("accepts the expanded (x + y + z + a)^25 once the point is re-checked in 60 digits", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const m = checkAtPoints(
        names,
        (env, model, ev) => [
          ev.evaluate(expanded, env, model),
          ev.evaluate(factored, env, model),
          0,
        ],
        { seed },
      );
      expect(m, `seed ${seed}`).toBeNull();
    }
  });

  it("still rejects a claim of the same shape that is wrong by one part in a million", () => {
    const wrong = parse("1.000001*(x + y + z + a)^25");
    const m = checkAtPoints(
      names,
      (env, model, ev) => [ev.evaluate(expanded, env, model), ev.evaluate(wrong, env, model), 0],
      { seed: 1 },
    );
    expect(m).not.toBeNull();
    expect(Math.abs(m!.lhs - m!.rhs) / Math.abs(m!.rhs)).toBeGreaterThan(5e-7);
  });

  it("rejects the expanded (x + y + z - a)^25 against (x + y + z + a)^25", () => {
    const other = expand(parse("(x + y + z - a)^25"));
    const m = checkAtPoints(
      names,
      (env, model, ev) => [ev.evaluate(other, env, model), ev.evaluate(factored, env, model), 0],
      { seed: 3 },
    );
    expect(m).not.toBeNull();
  });

  it("accepts a derivative of the expanded form, by forward-mode differentiation in 60 digits", () => {
    const claimed = parse("25*(x + y + z + a)^24");
    const check = (claim: typeof claimed) =>
      checkAtPoints(
        names,
        (env, model, ev) => [
          ev.evaluate(claim, env, model),
          ev.derivative(expanded, env, { x: 1 }, model),
          0,
        ],
        { seed: 2 },
      );
    expect(check(claimed)).toBeNull();
    expect(check(parse("24*(x + y + z + a)^24"))).not.toBeNull();
  });

  it("re-checks abstract functions with the same random model in 60 digits", () => {
    const model = randomFunctionModel(
      makeRng(7),
      new Map([
        ["f", 1],
        ["V", 2],
      ]),
    );
    for (const [fn, d, args] of [
      ["f", [], [0.3]],
      ["f", [0, 0, 0], [-0.7]],
      ["V", [0, 1], [0.4, -0.5]],
    ] as const) {
      const float = model.value(fn, d, args);
      const precise = model.precise!(
        fn,
        d,
        args.map((a) => new Precise(a)),
      ).toNumber();
      expect(precise).toBeCloseTo(float, 13);
    }
    // f(x) + 10¹² − 10¹² keeps only ~4 digits of f(x) in doubles.
    const lhs = parse("f(x) + 1000000000000 - 1000000000000");
    const rhs = parse("f(x)");
    const run = (useEv: boolean) =>
      checkAtPoints(
        ["x"],
        (env, m, ev) => {
          const e = useEv ? ev : floatEvaluator;
          return [e.evaluate(lhs, env, m), e.evaluate(rhs, env, m), 0];
        },
        { functions: new Map([["f", 1]]) },
      );
    expect(run(false)).not.toBeNull();
    expect(run(true)).toBeNull();
  });

  it("reports the re-check's own values when it disagrees too", () => {
    const m = checkAtPoints(
      ["x"],
      (env, model, ev) => [ev.evaluate(parse("x^2"), env, model), env.x, 0],
      { seed: 1 },
    );
    expect(m?.precise).toBe(true);
    expect(preciseEvaluator().evaluate(parse("1/3"), {})).toBe(1 / 3);
  });
});
