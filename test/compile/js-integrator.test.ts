/**
 * Compiled integrators: the damped oscillator of test/support/rules.ts (symplectic Euler) agrees
 * with a hand-written loop for 1000 steps; undamped, its energy error stays bounded while explicit
 * Euler's (a rule written here, with a local keeping the old position) grows step after step; the
 * time of a step is (k − 1)·h; init and step check the state they are given.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/expr/syntax/parse.js";
import type { UpdateRule } from "../../src/proof/types.js";
import { OSCILLATOR } from "../support/rules.js";
import { compileAndImport, type IntegratorModule } from "./compiled.js";

const load = async (rule: UpdateRule) =>
  (await compileAndImport<IntegratorModule>(rule, "integrator")).mod;

const withAssignments = (name: string, scheme: string, list: string[]): UpdateRule => ({
  ...OSCILLATOR,
  name,
  scheme,
  variants: [
    {
      ...OSCILLATOR.variants[0],
      name: scheme,
      assignments: list.map((text) => {
        const local = text.startsWith("local ");
        const [target, value] = text.replace(/^local /, "").split("=");
        const a = { target: target.trim(), value: parse(value) };
        return local ? { ...a, local: true as const } : a;
      }),
    },
  ],
});

const EXPLICIT_EULER = withAssignments("Oscillator, explicit Euler", "explicit-euler", [
  "local x0 = x",
  "x = x + h*v",
  "v = v + h*(-k0*x0 - gamma*v)",
]);

describe("damped oscillator by symplectic Euler", () => {
  it("agrees with a hand-written loop for 1000 steps", async () => {
    const { makeIntegrator } = await load(OSCILLATOR);
    const [h, k0, gamma] = [0.01, 4, 0.5];
    const sim = makeIntegrator({ h });
    expect(sim.hyper).toEqual({ h, k0, gamma });
    const s = sim.init({ x: 1, v: 0.3 });
    let [x, v] = [1, 0.3];
    let worst = 0;
    for (let k = 0; k < 1000; k++) {
      v = v + h * (-k0 * x - gamma * v);
      x = x + h * v;
      expect(sim.step(s)).toBe(s);
      worst = Math.max(worst, Math.abs(s.x - x), Math.abs(s.v - v));
    }
    expect(worst).toBeLessThan(1e-14);
    expect(s.step).toBe(1000);
    expect(Math.abs(s.x)).toBeLessThan(0.1); // damped: e^{−γT/2} ≈ e^{−2.5}
  });

  it("undamped, its energy error stays bounded while explicit Euler's grows", async () => {
    const energy = (s: Record<string, number>) => 0.5 * s.v ** 2 + 0.5 * 4 * s.x ** 2;
    const drift = async (rule: UpdateRule, steps: number) => {
      const sim = (await load(rule)).makeIntegrator({ h: 0.05, gamma: 0 });
      const s = sim.init({ x: 1, v: 0 });
      const e0 = energy(s);
      const errors: number[] = [];
      for (let k = 0; k < steps; k++) errors.push(Math.abs(energy(sim.step(s)) - e0) / e0);
      const quarter = (q: number) =>
        Math.max(...errors.slice((q * steps) / 4, ((q + 1) * steps) / 4));
      return { worst: Math.max(...errors), first: quarter(0), last: quarter(3) };
    };
    // ω = 2, hω = 0.1: symplectic Euler keeps a modified energy, E oscillates by about hω.
    const symplectic = await drift(OSCILLATOR, 4000);
    expect(symplectic.worst).toBeLessThan(0.12);
    expect(symplectic.last).toBeLessThan(1.05 * symplectic.first);
    // Explicit Euler multiplies E by 1 + h²ω² = 1.01 each step: 1.01^4000 ≈ 2e17.
    const explicit = await drift(EXPLICIT_EULER, 4000);
    expect(explicit.first).toBeGreaterThan(1);
    expect(explicit.last).toBeGreaterThan(1e12);
  });

  it("reads the time of step k as (k − 1)·h", async () => {
    const forced = withAssignments("Forced oscillator", "symplectic-euler", [
      "v = v + h*(-k0*x + cos(t))",
      "x = x + h*v",
    ]);
    const sim = (await load(forced)).makeIntegrator({ h: 0.1, k0: 1 });
    const s = sim.init({ x: 0, v: 0 });
    let [x, v] = [0, 0];
    for (let k = 1; k <= 100; k++) {
      v = v + 0.1 * (-x + Math.cos((k - 1) * 0.1));
      x = x + 0.1 * v;
      sim.step(s);
    }
    expect(Math.abs(s.x - x)).toBeLessThan(1e-13);
  });

  it("init and step refuse missing, unknown and non-finite state, and h is required", async () => {
    const { makeIntegrator } = await load(OSCILLATOR);
    expect(() => makeIntegrator({})).toThrow(
      "Damped oscillator: hyperparameter 'h' is required (it has no default)",
    );
    const sim = makeIntegrator({ h: 0.1 }, { checkFinite: true });
    expect(() => sim.init({ x: 1 })).toThrow(
      "Damped oscillator: state0 has no value for 'v' (needs x, v)",
    );
    expect(() => sim.init({ x: 1, v: 0, y: 2 })).toThrow(
      "unknown state variable 'y' in state0; valid: x, v",
    );
    expect(() => sim.init({ x: 1, v: NaN })).toThrow("state0.v must be a finite number");
    expect(() => sim.step({ step: 0, x: 1 })).toThrow("state has no value for 'v'");
    expect(() => sim.step({ step: 0.5, x: 1, v: 0 })).toThrow(
      "state.step must be a non-negative integer",
    );
    const big = makeIntegrator({ h: 1e200, k0: 1e200 }, { checkFinite: true });
    expect(() => big.step(big.init({ x: 1e200, v: 0 }))).toThrow(
      "Damped oscillator.step: step 1 produced a non-finite x (-Infinity)",
    );
  });
});
