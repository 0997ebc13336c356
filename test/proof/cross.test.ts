/**
 * Cross-route checks (src/proof/cross.ts) catch wrong answers that pass every step check: each
 * defect of issue 5 is injected into a record built by hand (or taken from a derivation and
 * altered) and must be caught; the right answers must pass.
 */
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { deriveUpdate } from "../../src/proof/update.js";
import { deriveSpec } from "../../src/proof/input.js";
import { toExpr, toRat } from "../../src/expr/algebra/canonical.js";
import { differentiate as diff } from "../../src/expr/algebra.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { print } from "../../src/expr/syntax/print.js";
import { neg, substitute, type Expr } from "../../src/expr/types.js";
import {
  accelerationChecks,
  crossChecks,
  energyCheck,
  hamiltonChecks,
  type Checkable,
} from "../../src/proof/cross.js";
import { derive } from "../../src/proof/derive.js";
import { eulerLagrange } from "../../src/variational/euler.js";
import { energy, momenta } from "../../src/variational/legendre.js";
import { listSpecFiles, loadSpec } from "../../src/derivation-files/files.js";
import { makeSystem } from "../../src/variational/system.js";
import type { System } from "../../src/variational/types.js";
import { checkError } from "../support/check-error.js";

const P = (src: string) => parse(src);
const system = (L: string, coordinates: string[], variables?: string[]) =>
  makeSystem({ lagrangian: P(L), coordinates, variables });

type Equation = { lhs: string; rhs: string; coordinate: string; kind: "velocity" | "force" };

/**
 * A record built without `derive` (so that no step check stands between a defect and the cross
 * checks): equations, momenta and energy from the variational layer, H and its equations as given.
 */
function record(
  sys: System,
  H: { value: string; momentumSymbols: Record<string, string>; velocities: Record<string, string> },
  equations: Equation[],
  accelerations?: Record<string, string>,
): Checkable {
  const ps = momenta(sys);
  const unknowns = Object.keys(accelerations ?? {});
  return {
    system: sys,
    equations: sys.coordinates.map((q) => ({
      coordinate: q,
      residual: eulerLagrange(sys, q).residual,
      step: 0,
    })),
    momenta: ps.map((p) => ({ ...p, step: 0 })),
    energy: energy(sys, ps),
    hamiltonian: {
      value: P(H.value),
      momentumSymbols: H.momentumSymbols,
      velocities: Object.fromEntries(Object.entries(H.velocities).map(([k, v]) => [k, P(v)])),
      equations: equations.map((e) => ({ ...e, rhs: P(e.rhs) })),
      positive: [],
    },
    motion: accelerations
      ? {
          kind: "solved",
          unknowns,
          massMatrix: null,
          forcing: null,
          accelerations: Object.fromEntries(unknowns.map((a) => [a, P(accelerations[a])])),
        }
      : { kind: "nonlinear", unknowns: [], massMatrix: null, forcing: null, accelerations: null },
    notes: [],
    steps: [],
  };
}

const toExprString = (e: Expr) => print(toExpr(toRat(e)));

/** Mechanics with one coordinate: Hamilton's equations of H by symbolic differentiation. */
function mechanicsEquations(H: Expr, q: string, p: string): Equation[] {
  return [
    { lhs: `${q}'`, rhs: toExprString(diff(H, p)), coordinate: q, kind: "velocity" },
    { lhs: `${p}'`, rhs: toExprString(neg(diff(H, q))), coordinate: q, kind: "force" },
  ];
}

describe("harmonic oscillator", () => {
  const sys = system("1/2*m*x'^2 - 1/2*k*x^2", ["x"]);
  const good = "1/2*(k*x^2 + p_x^2/m)";
  const names = { momentumSymbols: { x: "p_x" }, velocities: { "x'": "p_x/m" } };

  it("the right Hamiltonian and accelerations pass every cross check", () => {
    const d = record(sys, { value: good, ...names }, mechanicsEquations(P(good), "x", "p_x"), {
      "x''": "-k*x/m",
    });
    expect(crossChecks(d).map((c) => c.id)).toEqual([
      "hamilton-velocity:x",
      "hamilton-force:x",
      "energy",
      "accelerations:x",
    ]);
  });

  it("a perturbed H (k·x²·(1 + 1e-6)) is caught by H = E and by Hamilton's force equation", () => {
    const bad = "1/2*(k*x^2*(1 + 1/1000000) + p_x^2/m)";
    const d = record(sys, { value: bad, ...names }, mechanicsEquations(P(bad), "x", "p_x"));
    const e = checkError(() => energyCheck(d));
    expect(e.message).toMatch(/cross-route check energy failed/);
    expect(e.message).toMatch(/route 1, the recorded Hamiltonian/);
    expect(e.message).toMatch(/route 2, the recorded energy function/);
    expect(e.message).toMatch(/at k=.*x'=/);
    expect(checkError(() => hamiltonChecks(d)).message).toMatch(/hamilton-force:x failed/);
  });

  it("a Hamiltonian that reads the velocity x' is not a function on phase space", () => {
    const d = record(sys, { value: "1/2*(k*x^2 + p_x*x')", ...names }, [
      { lhs: "x'", rhs: "x'/2", coordinate: "x", kind: "velocity" },
    ]);
    expect(checkError(() => hamiltonChecks(d)).message).toMatch(
      /reads 'x'', which is not a canonical/,
    );
  });

  it("a wrong acceleration (x'' = −k·x/(2m)) leaves E_x(L) ≠ 0", () => {
    const d = record(sys, { value: good, ...names }, [], { "x''": "-k*x/(2*m)" });
    const e = checkError(() => accelerationChecks(d));
    expect(e.message).toMatch(/accelerations:x failed/);
    expect(e.message).toMatch(/E_x\(L\) evaluated there/);
  });
});

describe("double pendulum in mass-matrix form", () => {
  const d = derive(
    system(
      "1/2*(m1 + m2)*l1^2*th1'^2 + 1/2*m2*l2^2*th2'^2 + m2*l1*l2*th1'*th2'*cos(th1 - th2) + (m1 + m2)*g*l1*cos(th1) + m2*g*l2*cos(th2)",
      ["th1", "th2"],
    ),
  );
  const massForm: Checkable = {
    ...d,
    motion: { ...d.motion, kind: "mass-matrix", accelerations: null },
  };

  it("the numeric solution of M·a = F makes both Euler–Lagrange expressions vanish", () => {
    expect(accelerationChecks(massForm).map((c) => c.id)).toEqual([
      "accelerations:th1",
      "accelerations:th2",
    ]);
  });

  it("a wrong forcing term is caught", () => {
    const forcing = [P("0"), ...d.motion.forcing!.slice(1)];
    const bad: Checkable = { ...massForm, motion: { ...massForm.motion, forcing } };
    expect(checkError(() => accelerationChecks(bad)).message).toMatch(/accelerations:th1 failed/);
  });
});

describe("wave equation with a u_t·u_x coupling (issue 5)", () => {
  // L = ½u_t² − ½u_x² + a·u_t·u_x: π = u_t + a·u_x, H = ½(π − a·u_x)² + ½u_x²,
  // π_t = −δH/δu = (1 + a²)·u_xx − a·π_x.
  const sys = system("1/2*u_t^2 - 1/2*u_x^2 + a*u_t*u_x", ["u"], ["t", "x"]);
  const H = {
    value: "1/2*(p_u - a*u_x)^2 + 1/2*u_x^2",
    momentumSymbols: { u: "p_u" },
    velocities: { u_t: "p_u - a*u_x" },
  };
  const velocity: Equation = { lhs: "u_t", rhs: "p_u - a*u_x", coordinate: "u", kind: "velocity" };
  const force = (rhs: string): Equation => ({ lhs: "p_u_t", rhs, coordinate: "u", kind: "force" });

  it("the right π_t, with the −a·π_x term, passes", () => {
    const d = record(sys, H, [velocity, force("(1 + a^2)*u_xx - a*p_u_x")]);
    expect(crossChecks(d).map((c) => c.id)).toEqual([
      "hamilton-velocity:u",
      "hamilton-force:u",
      "energy",
    ]);
  });

  it("π_t missing the −a·π_x term is caught", () => {
    const d = record(sys, H, [velocity, force("(1 + a^2)*u_xx")]);
    const e = checkError(() => hamiltonChecks(d));
    expect(e.message).toMatch(/hamilton-force:u failed/);
    expect(e.message).toMatch(/D_t\(∂L\/∂u_t\) \+ E_u\(L\)/);
  });

  it("π_xx terms are evaluated too (a Lagrangian with u_xx: L = ½u_t² − ½u_xx² + a·u_t·u_x)", () => {
    // π = u_t + a·u_x, H = ½(π − a·u_x)² + ½u_xx², ∂H/∂u_x = −a(π − a·u_x), ∂H/∂u_xx = u_xx:
    // π_t = −δH/δu = D_x(∂H/∂u_x) − D_x²(∂H/∂u_xx) = −a·π_x + a²·u_xx − u_xxxx.
    const sys4 = system("1/2*u_t^2 - 1/2*u_xx^2 + a*u_t*u_x", ["u"], ["t", "x"]);
    const H4 = { ...H, value: "1/2*(p_u - a*u_x)^2 + 1/2*u_xx^2" };
    const right = record(sys4, H4, [velocity, force("-a*p_u_x + a^2*u_xx - u_xxxx")]);
    expect(hamiltonChecks(right)).toHaveLength(2);
    // A made-up π_xx term must be caught: the check really evaluates D_x² π.
    const wrong = record(sys4, H4, [velocity, force("-a*p_u_x + a^2*u_xx - u_xxxx + p_u_xx")]);
    expect(checkError(() => hamiltonChecks(wrong)).message).toMatch(/hamilton-force:u failed/);
  });
});

describe("wave equation with a b·u_tx² term (issue 5)", () => {
  it("the naive H = π·u_t − L keeps u_tx and π_t = u_xx: both are caught", () => {
    const sys = system("1/2*u_t^2 - 1/2*u_x^2 + 1/2*b*u_tx^2", ["u"], ["t", "x"]);
    const H = {
      value: "1/2*p_u^2 + 1/2*u_x^2 - 1/2*b*u_tx^2",
      momentumSymbols: { u: "p_u" },
      velocities: { u_t: "p_u" },
    };
    const d = record(sys, H, [
      { lhs: "u_t", rhs: "p_u", coordinate: "u", kind: "velocity" },
      { lhs: "p_u_t", rhs: "u_xx", coordinate: "u", kind: "force" },
    ]);
    expect(checkError(() => hamiltonChecks(d)).message).toMatch(/reads 'u_tx'/);
    // Even with the u_tx term dropped from H, π_t = u_xx is not D_t π on solutions.
    const d2 = record(
      sys,
      { ...H, value: "1/2*p_u^2 + 1/2*u_x^2" },
      d.hamiltonian!.equations.map((e) => ({ ...e, rhs: toExprString(e.rhs) })),
    );
    expect(checkError(() => hamiltonChecks(d2)).message).toMatch(/hamilton-force:u failed/);
  });
});

describe("log(1 + x'²) − x²: a Legendre map that is not one-to-one (issue 5)", () => {
  const sys = system("log(1 + x'^2) - x^2", ["x"]);
  /** H = p·v − L(v) on the branch v(p), with Hamilton's equations by differentiation. */
  function branch(v: string) {
    const value = toExprString(substitute(P("p_x*V - log(1 + V^2) + x^2"), new Map([["V", P(v)]])));
    return record(
      sys,
      { value, momentumSymbols: { x: "p_x" }, velocities: { "x'": v } },
      mechanicsEquations(P(value), "x", "p_x"),
    );
  }

  it("the branch through rest, v = (1 − √(1 − p²))/p, passes", () => {
    expect(crossChecks(branch("(1 - sqrt(1 - p_x^2))/p_x")).map((c) => c.id)).toEqual([
      "hamilton-velocity:x",
      "hamilton-force:x",
      "energy",
    ]);
  });

  it("the other branch, v = (1 + √(1 − p²))/p, is caught at small velocities", () => {
    const d = branch("(1 + sqrt(1 - p_x^2))/p_x");
    const e = checkError(() => energyCheck(d));
    expect(e.message).toMatch(/cross-route check energy failed/);
    // the point named is the one checked: its velocity is small
    const v = Number(/x'=(\S+)/.exec(e.message)![1]);
    expect(Math.abs(v)).toBeGreaterThanOrEqual(1e-3);
    expect(Math.abs(v)).toBeLessThanOrEqual(0.1);
    expect(checkError(() => hamiltonChecks(d)).message).toMatch(/hamilton-velocity:x failed/);
  });
});

describe("Pais–Uhlenbeck oscillator (Ostrogradsky)", () => {
  const sys = system("1/2*x''^2 - 1/2*(w1^2 + w2^2)*x'^2 + 1/2*w1^2*w2^2*x^2", ["x"]);
  const d = derive(sys);

  it("has Ostrogradsky's Hamiltonian, and its Hamilton equations reproduce the Euler–Poisson equation", () => {
    expect(d.hamiltonian!.momentumSymbols).toEqual({ x: "p_x", "x'": "p_x_1" });
    expect(d.crossChecks.map((c) => c.id)).toEqual([
      "hamilton-velocity:x",
      "hamilton-force:x",
      "hamilton-velocity:x'",
      "hamilton-force:x'",
      "energy",
      "accelerations:x",
    ]);
  });

  it("a wrong P_2 equation (p_x_1' = −p_x, the w² terms dropped) is caught", () => {
    const equations = d.hamiltonian!.equations.map((e) =>
      e.lhs === "p_x_1'" ? { ...e, rhs: P("-p_x") } : e,
    );
    const bad = { ...d, hamiltonian: { ...d.hamiltonian!, equations } };
    expect(checkError(() => hamiltonChecks(bad)).message).toMatch(/hamilton-force:x' failed/);
  });

  it("a wrong p_x equation (a sign flipped) is caught against the Euler–Poisson equation", () => {
    const equations = d.hamiltonian!.equations.map((e) =>
      e.lhs === "p_x'" ? { ...e, rhs: P("-w1^2*w2^2*x") } : e,
    );
    const bad = { ...d, hamiltonian: { ...d.hamiltonian!, equations } };
    const e = checkError(() => hamiltonChecks(bad));
    expect(e.message).toMatch(/D_t\(P_x\) \+ E_x\(L\)/);
  });
});

/** Which cross checks each shipped derivation runs (all must pass: derive throws otherwise). */
const SHIPPED: Record<string, string[]> = {
  "caldirola-kanai": ["x"],
  "central-potential-3d": ["x", "y", "z"],
  "charged-particle-magnetic-field": ["x", "y"],
  "coupled-oscillators": ["x1", "x2"],
  "double-pendulum": ["th1", "th2"],
  "fermat-optics": ["y"],
  "free-particle-2d": ["x", "y"],
  "harmonic-oscillator": ["x"],
  "heavy-ball": ["th"],
  "kepler-polar": ["r", "ph"],
  "klein-gordon-1d": ["u"],
  "phase-rotation-two-fields": ["u", "v"],
  "relativistic-free-particle": ["x"],
  "simple-pendulum": ["th"],
  "spherical-pendulum": ["th", "ph"],
  "symmetric-top": ["ph", "th", "ps"],
  "two-layer-rescaling": ["w1", "w2"],
  "wave-equation-1d": ["u"],
};

describe("every shipped derivation passes its cross-route checks", () => {
  const dir = fileURLToPath(new URL("../../derivations", import.meta.url));
  for (const file of listSpecFiles(dir)) {
    const name = basename(file, ".yaml");
    it(name, () => {
      const spec = loadSpec(file);
      if (spec.update) {
        // An optimizer file: its second route is the lowering check of each variant.
        const rule = deriveUpdate(spec).rule;
        for (const v of rule.variants.filter((x) => x.refuse === undefined))
          expect(v.crossChecks?.map((c) => c.id)).toContain(`lowering:${v.name}`);
        return;
      }
      const ids = deriveSpec(spec).crossChecks.map((c) => c.id);
      if (name === "first-order-system") {
        expect(ids).toEqual([]); // singular Hessian: no H, no accelerations
      } else if (name === "pais-uhlenbeck") {
        expect(ids).toContain("hamilton-force:x'");
      } else {
        const qs = SHIPPED[name];
        expect(ids).toEqual([
          ...qs.flatMap((q) => [`hamilton-velocity:${q}`, `hamilton-force:${q}`]),
          "energy",
          ...qs.map((q) => `accelerations:${q}`),
        ]);
      }
    });
  }
});
