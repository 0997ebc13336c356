/**
 * Noether charges proved (issue 7 §1, §3, §4): textbook charges up to constant factors, broken
 * charges with their on-shell rate, and the checks that must fail — a non-symmetry claimed
 * conserved, a perturbed charge against the numeric integration of the equations of motion.
 */
import { describe, expect, it } from "vitest";
import { CheckError } from "../../src/errors.js";
import { provablyEqual } from "../../src/expr/algebra.js";
import { evaluate, makeRng, randomEnv } from "../../src/expr/numeric/evaluate.js";
import { rk4 } from "../../src/expr/numeric/ode.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { add, symbols, type Expr } from "../../src/expr/types.js";
import { loadSpec } from "../../src/derivation-files/files.js";
import { specGenerators, specSystem } from "../../src/proof/input.js";
import { noether } from "../../src/proof/noether.js";
import { integrationCheck } from "../../src/proof/noether-cross.js";
import { chargeSteps } from "../../src/proof/noether-steps.js";
import { eulerLagrange } from "../../src/variational/euler.js";
import { equationsOfMotion } from "../../src/variational/motion.js";
import { makeSystem } from "../../src/variational/system.js";
import type { System } from "../../src/variational/types.js";
import { gen } from "../support/generator.js";

const P = parse;
const sys = (L: string, coords: string[]) => makeSystem({ lagrangian: P(L), coordinates: coords });
const motionOf = (s: System) =>
  equationsOfMotion(
    s,
    s.coordinates.map((q) => eulerLagrange(s, q).residual),
  );

/** Q = c·textbook for one constant c ≠ 0, at random points of the jet (no abstract functions). */
function proportional(Q: Expr, textbook: string): boolean {
  const T = P(textbook);
  const names = new Set<string>();
  symbols(Q, names);
  symbols(T, names);
  const rng = makeRng(11);
  const ratios = Array.from({ length: 6 }, () => {
    const env = randomEnv(names, rng);
    return evaluate(Q, env) / evaluate(T, env);
  });
  return (
    ratios.every((r) => Math.abs(r - ratios[0]) <= 1e-9 * Math.abs(ratios[0])) && ratios[0] !== 0
  );
}

function fromFile(name: string) {
  const spec = loadSpec(`derivations/${name}.yaml`);
  const { sys: s } = specSystem(spec);
  return noether(s, specGenerators(spec, s));
}

describe("Noether charges of the shipped files, up to constant factors", () => {
  it("free particle in 2-D: two momenta, angular momentum, energy, two Galilean boosts", () => {
    const r = fromFile("free-particle-2d");
    expect(r.broken).toEqual([]);
    const textbook: Record<string, string> = {
      "momentum in x": "m*x'",
      "momentum in y": "m*y'",
      "angular momentum": "m*(x*y' - y*x')",
      energy: "m*(x'^2 + y'^2)",
      "boost in x": "m*(t*x' - x)",
      "boost in y": "m*(t*y' - y)",
    };
    expect(r.conserved.map((c) => c.name)).toEqual(Object.keys(textbook));
    for (const c of r.conserved) {
      expect(proportional(c.expression, textbook[c.name]), c.name).toBe(true);
      expect(c.crossChecks.map((x) => x.id)).toEqual([`noether-integration:${c.name}`]);
      expect(c.steps.some((s) => s.rule === "symmetry-condition")).toBe(true);
      expect(c.steps.at(-1)!.rule).toBe("on-shell-rate");
    }
  });

  it("Kepler: energy and angular momentum m·r²·φ'", () => {
    const [E, Lz] = fromFile("kepler-polar").conserved;
    expect(proportional(E.expression, "1/2*m*(r'^2 + r^2*ph'^2) - k/r")).toBe(true);
    expect(proportional(Lz.expression, "m*r^2*ph'")).toBe(true);
  });

  it("Caldirola–Kanai: ξ = 1, η = −γx/2 conserved; the plain energy is broken at the rate of dissipation", () => {
    const r = fromFile("caldirola-kanai");
    expect(r.conserved.map((c) => c.name)).toEqual(["damped energy"]);
    const textbook = "exp(gamma*t)*(1/2*m*x'^2 + 1/2*k*x^2 + 1/2*gamma*m*x*x')";
    expect(proportional(r.conserved[0].expression, textbook)).toBe(true);
    expect(r.broken.map((c) => c.name)).toEqual(["plain energy"]);
    expect(proportional(r.broken[0].rate, "gamma*exp(gamma*t)*(m*x'^2 - k*x^2)")).toBe(true);
  });

  it("charge in a uniform magnetic field: canonical angular momentum, translations with a gauge term", () => {
    const r = fromFile("charged-particle-magnetic-field");
    expect(r.broken).toEqual([]);
    const by = Object.fromEntries(r.conserved.map((c) => [c.name, c.expression]));
    expect(proportional(by["rotation"], "m*(x*y' - y*x') + 1/2*q*B*(x^2 + y^2)")).toBe(true);
    expect(proportional(by["translation in x"], "m*x' - q*B*y")).toBe(true);
    expect(proportional(by["translation in y"], "m*y' + q*B*x")).toBe(true);
  });

  it("planar three-body problem: all 7 charges found are proved and pass the integration check (near-collisions redrawn)", () => {
    const bodies = [1, 2, 3];
    const kin = bodies.map((i) => `1/2*m${i}*(x${i}'^2 + y${i}'^2)`);
    const pot = [
      [1, 2],
      [1, 3],
      [2, 3],
    ].map(([i, j]) => `G*m${i}*m${j}/sqrt((x${i} - x${j})^2 + (y${i} - y${j})^2)`);
    const s = sys(
      [...kin, ...pot].join(" + "),
      bodies.flatMap((i) => [`x${i}`, `y${i}`]),
    );
    const r = noether(s);
    expect(r.broken).toEqual([]);
    expect(r.conserved).toHaveLength(7);
    for (const c of r.conserved) expect(c.crossChecks[0].passed).toBe(true);
  });

  it("without generators: the symmetry search, each charge then proved", () => {
    const r = noether(sys("1/2*m*(r'^2 + r^2*ph'^2) + k/r", ["r", "ph"]));
    expect(r.conserved.map((c) => c.name)).toEqual(["energy", "momentum of ph"]);
    const free = noether(sys("1/2*(x'^2 + y'^2)", ["x", "y"]));
    expect(free.conserved).toHaveLength(8); // the Schrödinger algebra: scaling and expansion too
    expect(free.broken).toEqual([]);
    const expansion = free.conserved.find((c) => c.name.startsWith("expansion"))!;
    expect(proportional(expansion.expression, "(t*x' - x)^2 + (t*y' - y)^2")).toBe(true);
  });
});

describe("Noether charges with the signs a physicist expects", () => {
  const exactly = (Q: Expr, textbook: string) => provablyEqual(Q, P(textbook), 1e6);

  it("Kepler: the charge named energy is +E = ½m(r'² + r²φ'²) − k/r (generator −∂_t), given or found", () => {
    const [E, Lz] = fromFile("kepler-polar").conserved;
    expect(E.name).toBe("energy");
    expect(exactly(E.generator.xi, "-1")).toBe(true);
    expect(exactly(E.expression, "1/2*m*(r'^2 + r^2*ph'^2) - k/r")).toBe(true);
    expect(exactly(Lz.expression, "m*r^2*ph'")).toBe(true);
    const found = noether(sys("1/2*m*(r'^2 + r^2*ph'^2) + k/r", ["r", "ph"])).conserved;
    expect(found.map((c) => c.name)).toEqual(["energy", "momentum of ph"]);
    expect(exactly(found[0].expression, "1/2*m*(r'^2 + r^2*ph'^2) - k/r")).toBe(true);
    expect(exactly(found[1].expression, "m*r^2*ph'")).toBe(true);
  });

  it("harmonic oscillator: the energy found is ½m x'² + ½k x², positive", () => {
    const [E] = noether(sys("1/2*m*x'^2 - 1/2*k*x^2", ["x"]), { degree: 1 }).conserved;
    expect(E.name).toBe("energy");
    expect(exactly(E.expression, "1/2*m*x'^2 + 1/2*k*x^2")).toBe(true);
  });

  it("given generators: an energy with ξ = 1 and a momentum with η = −1 are flipped with their proofs; others kept", () => {
    const s = sys("1/2*m*(x'^2 + y'^2) - V(x - y)", ["x", "y"]);
    const r = noether(s, {
      generators: [
        { name: "energy", generator: gen("1", {}) },
        { name: "momentum in x", generator: gen("0", { x: "-1", y: "-1" }) },
        { name: "time translation", generator: gen("1", {}) },
      ],
    });
    const [E, P_, T] = r.conserved;
    expect(exactly(E.expression, "1/2*m*(x'^2 + y'^2) + V(x - y)")).toBe(true);
    expect(exactly(P_.expression, "m*(x' + y')")).toBe(true);
    expect(exactly(T.expression, "-(1/2*m*(x'^2 + y'^2) + V(x - y))")).toBe(true);
    expect(exactly(E.generator.xi, "-1") && exactly(P_.generator.eta.x, "1")).toBe(true);
  });

  it("Caldirola–Kanai: the damped energy is +e^{γt}(½m x'² + ½k x² + (γ/2)m x·x')", () => {
    const [E] = fromFile("caldirola-kanai").conserved;
    const textbook = "exp(gamma*t)*(1/2*m*x'^2 + 1/2*k*x^2 + 1/2*gamma*m*x*x')";
    expect(exactly(E.expression, textbook)).toBe(true);
  });
});

describe("checks that must fail", () => {
  const L = "exp(gamma*t)*(1/2*(w1'^2 + w2'^2) - f(w1*w2))";
  const twoLayer = sys(L, ["w1", "w2"]);
  const rescaling = gen("0", { w1: "w1", w2: "-w2" });

  it("a non-symmetry claimed conserved fails the symmetry-condition step (R = 0 is evaluated)", () => {
    const motion = motionOf(twoLayer);
    expect(() =>
      chargeSteps(twoLayer, rescaling, "rescaling", { motion, claim: "symmetry" }),
    ).toThrow(/symmetry-condition/);
  });

  it("a perturbed charge drifts along numerically integrated solutions and is caught", () => {
    const free = sys("1/2*m*(x'^2 + y'^2)", ["x", "y"]);
    const motion = motionOf(free);
    const good = { name: "boost", expression: P("m*(t*x' - x)"), rate: P("0") };
    expect(integrationCheck(free, motion, good)).toHaveLength(1);
    const wrong = { ...good, expression: add(good.expression, P("1/1000*x")) };
    expect(() => integrationCheck(free, motion, wrong)).toThrow(CheckError);
    expect(() => integrationCheck(free, motion, wrong)).toThrow(/noether-integration:boost/);
  });

  it("a broken charge with a wrong rate is caught too (the rate is integrated along the solution)", () => {
    const motion = motionOf(twoLayer);
    const proved = chargeSteps(twoLayer, rescaling, "rescaling", { motion });
    expect(proved.conserved).toBe(false);
    expect(integrationCheck(twoLayer, motion, proved)).toHaveLength(1);
    const wrong = { ...proved, rate: P("exp(gamma*t)*w1'^2") };
    expect(() => integrationCheck(twoLayer, motion, wrong)).toThrow(CheckError);
  });
});

describe("two-layer rescaling, broken by momentum damping and weight decay (Tanaka & Kunin)", () => {
  const L = "exp(gamma*t)*(1/2*(w1'^2 + w2'^2) - 1/2*(w1*w2 - 1)^2 - lam/2*(w1^2 + w2^2))";
  const s = sys(L, ["w1", "w2"]);
  const r = noether(s, {
    generators: [{ name: "rescaling", generator: gen("0", { w1: "w1", w2: "-w2" }) }],
  });
  const [c] = r.broken;

  it("reports the charge e^{γt}(w1·w1' − w2·w2') and its rate e^{γt}(w1'² − w2'² − λ(w1² − w2²))", () => {
    expect(r.conserved).toEqual([]);
    expect(proportional(c.expression, "exp(gamma*t)*(w1*w1' - w2*w2')")).toBe(true);
    expect(proportional(c.rate, "exp(gamma*t)*(w1'^2 - w2'^2 - lam*(w1^2 - w2^2))")).toBe(true);
  });

  it("the engine's rate matches dQ/dt along a trajectory integrated here, from hand-written equations", () => {
    const gamma = 0.3;
    const lam = 0.05;
    // w1'' = −γw1' − (w1w2 − 1)w2 − λw1, w2'' = −γw2' − (w1w2 − 1)w1 − λw2 (by hand).
    const f = (_t: number, [w1, w2, v1, v2]: readonly number[]) => {
      const u = w1 * w2 - 1;
      return [v1, v2, -gamma * v1 - u * w2 - lam * w1, -gamma * v2 - u * w1 - lam * w2];
    };
    const at = (t: number, y: readonly number[]) => ({
      t,
      gamma,
      lam,
      w1: y[0],
      w2: y[1],
      "w1'": y[2],
      "w2'": y[3],
    });
    let y = [0.7, -0.4, 0.3, 0.9];
    let t = 0.2;
    const h = 0.01;
    for (let k = 0; k < 20; k++) {
      // dQ/dt by a central difference of Q along the trajectory, against the engine's rate.
      const back = rk4(f, t, y, -h, 10);
      const ahead = rk4(f, t, y, h, 10);
      const dQ =
        (evaluate(c.expression, at(t + h, ahead)) - evaluate(c.expression, at(t - h, back))) /
        (2 * h);
      const rate = evaluate(c.rate, at(t, y));
      expect(Math.abs(dQ - rate)).toBeLessThan(1e-4 * (1 + Math.abs(rate)));
      y = rk4(f, t, y, 0.05, 10);
      t += 0.05;
    }
  });
});
