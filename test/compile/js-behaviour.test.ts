/**
 * How a compiled optimizer module behaves for its user: typed arrays of either precision,
 * hyperparameters by name with the rule's defaults (unknown, missing and mistyped ones refused
 * with messages naming them), the state init(n) builds, and checkFinite naming the first
 * non-finite value with its index.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ADAM, RMSPROP, SGD } from "../support/rules.js";
import { compileAndImport, type OptimizerModule } from "./compiled.js";

let adam: OptimizerModule;
let sgd: OptimizerModule;
let rmsprop: OptimizerModule;

beforeAll(async () => {
  adam = (await compileAndImport<OptimizerModule>(ADAM, "adam")).mod;
  sgd = (await compileAndImport<OptimizerModule>(SGD, "sgd")).mod;
  rmsprop = (await compileAndImport<OptimizerModule>(RMSPROP, "rmsprop")).mod;
});

describe("inputs", () => {
  it("Float32Array parameters and gradients are updated in place like Float64Array ones", () => {
    const opt = adam.makeOptimizer({ lr: 0.05 });
    const p64 = Float64Array.of(1, -2, 0.5);
    const p32 = Float32Array.from(p64);
    const [s64, s32] = [opt.init(3), opt.init(3)];
    for (let k = 0; k < 50; k++) {
      const g = Float64Array.from(p64, (x) => 2 * x);
      opt.step(p64, g, s64);
      opt.step(
        p32,
        Float32Array.from(p32, (x) => 2 * x),
        s32,
      );
    }
    for (let i = 0; i < 3; i++) expect(Math.abs(p32[i] - p64[i])).toBeLessThan(1e-5);
    expect(p64[0]).toBeLessThan(1);
    expect(s32.m).toBeInstanceOf(Float64Array);
  });

  it("anything else than a Float64Array or Float32Array is a TypeError naming the argument", () => {
    const opt = adam.makeOptimizer();
    const s = opt.init(2);
    const bad = [1, 2] as unknown as Float64Array;
    expect(() => opt.step(bad, new Float64Array(2), s)).toThrow(
      new TypeError("Adam.step: params must be a Float64Array or a Float32Array (got an array)"),
    );
    expect(() => opt.step(new Float64Array(2), new Int32Array(2) as never, s)).toThrow(
      "grads must be a Float64Array or a Float32Array (got a Int32Array)",
    );
    expect(() => opt.step(new Float64Array(3), new Float64Array(3), s)).toThrow(
      "state.m must be a Float64Array of length 3",
    );
    expect(() => opt.step(new Float64Array(2), new Float64Array(3), s)).toThrow(
      "3 gradients for 2 parameters",
    );
  });

  it("init(n) gives step 0 and one Float64Array of n initial values per state variable", () => {
    const s = rmsprop.makeOptimizer().init(4);
    expect(Object.keys(s)).toEqual(["step", "v", "gbar", "b"]);
    expect(s.step).toBe(0);
    expect([...(s.v as Float64Array)]).toEqual([0, 0, 0, 0]);
    expect(() => rmsprop.makeOptimizer().init(-1)).toThrow(RangeError);
  });
});

describe("hyperparameters", () => {
  it("are resolved with the rule's defaults and frozen; the variant is named", () => {
    const opt = rmsprop.makeOptimizer({ centered: true, lr: 0.1 });
    expect({ ...opt.hyper }).toEqual({
      lr: 0.1,
      alpha: 0.99,
      eps: 1e-8,
      weight_decay: 0,
      momentum: 0,
      centered: true,
    });
    expect(Object.isFrozen(opt.hyper)).toBe(true);
    expect(opt.variant).toBe("centered");
  });

  it("an unknown name throws, listing the valid ones (betas are given split)", () => {
    expect(() => adam.makeOptimizer({ betas: [0.9, 0.99] })).toThrow(
      "Adam: unknown hyperparameter 'betas' (betas are given split: beta1, beta2); valid: lr, beta1, beta2, eps, weight_decay",
    );
    expect(() => rmsprop.makeOptimizer({ nesterov: true })).toThrow(
      "valid: lr, alpha, eps, weight_decay, momentum, centered",
    );
  });

  it("SGD without lr throws: the rule gives it no default", () => {
    expect(() => sgd.makeOptimizer({ momentum: 0.9 })).toThrow(
      "SGD: hyperparameter 'lr' is required (it has no default)",
    );
    expect(() => sgd.makeOptimizer()).toThrow("'lr' is required");
    // A property set to undefined counts as not given.
    expect(sgd.makeOptimizer({ lr: 0.1, momentum: undefined }).hyper.momentum).toBe(0);
  });

  it("a non-numeric or non-finite number, or a non-boolean boolean, throws naming it", () => {
    expect(() => adam.makeOptimizer({ lr: "0.1" })).toThrow(
      new TypeError(`Adam: hyperparameter 'lr' must be a number (got the string "0.1")`),
    );
    expect(() => adam.makeOptimizer({ eps: NaN })).toThrow(
      new RangeError("Adam: hyperparameter 'eps' must be finite (got NaN)"),
    );
    expect(() => adam.makeOptimizer({ beta2: Infinity })).toThrow("'beta2' must be finite");
    expect(() => rmsprop.makeOptimizer({ centered: 1 })).toThrow(
      "RMSprop: hyperparameter 'centered' must be a boolean (got 1)",
    );
    expect(() => adam.makeOptimizer(null as never)).toThrow("must be an object (got null)");
  });

  it("names inherited from Object.prototype are not hyperparameters, nor read through it", () => {
    expect(() => adam.makeOptimizer({ constructor: 1 } as never)).toThrow(
      "unknown hyperparameter 'constructor'",
    );
    const inherits = Object.create({ lr: 123 }) as Record<string, number>;
    expect(adam.makeOptimizer(inherits).hyper.lr).toBe(1e-3);
  });
});

describe("checkFinite", () => {
  it("reports the first non-finite parameter with its index, after the step", () => {
    const opt = sgd.makeOptimizer({ lr: 0.1, momentum: 0.9 }, { checkFinite: true });
    const p = Float64Array.of(1, 2, 3, 4);
    const s = opt.init(4);
    opt.step(p, Float64Array.of(1, 1, 1, 1), s);
    expect(() => opt.step(p, Float64Array.of(0, 0, Infinity, NaN), s)).toThrow(
      new RangeError("SGD.step: step 2 produced a non-finite parameter at index 2 (-Infinity)"),
    );
  });

  it("reports a state value when the parameters stay finite, and is off by default", () => {
    // g = 1e200: v = (1 − β2)·g² overflows, while θ moves by m/√v → 0.
    const g = Float64Array.of(1, 1e200);
    const plain = adam.makeOptimizer();
    plain.step(Float64Array.of(0, 0), g, plain.init(2));
    expect(() =>
      plain.step(Float64Array.of(0, 0), g, plain.init(2), { checkFinite: true }),
    ).toThrow("Adam.step: step 1 produced a non-finite state v at index 1 (Infinity)");
    const checked = adam.makeOptimizer({}, { checkFinite: true });
    expect(() =>
      checked.step(Float64Array.of(0, 0), g, checked.init(2), { checkFinite: false }),
    ).not.toThrow();
    expect(() =>
      checked.step(Float64Array.of(0, 0), g, checked.init(2), { check: true } as never),
    ).toThrow("unknown option 'check' in the step options; valid: checkFinite");
  });
});
