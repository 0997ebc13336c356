import { describe, expect, it } from "vitest";
import { provablyEqual } from "../../src/expr/algebra.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { derive } from "../../src/proof/derive.js";
import { createRecorder } from "../../src/proof/record.js";
import { RULES } from "../../src/proof/rules.js";
import type { Derivation } from "../../src/proof/types.js";
import { totalDerivativeTangent } from "../../src/variational/jet.js";
import { makeSystem } from "../../src/variational/system.js";
import { checkError } from "../support/check-error.js";
import type { Expr } from "../../src/expr/types.js";

const equivalent = (a: Expr, b: Expr) => provablyEqual(a, b, 1e7);

const P = (src: string) => parse(src);
const system = (L: string, coordinates: string[], variables?: string[]) =>
  makeSystem({ lagrangian: P(L), coordinates, variables });

/** Structural checks every derivation must pass. */
function expectWellFormed(d: Derivation) {
  d.steps.forEach((step, i) => {
    expect(step.n).toBe(i + 1);
    expect(Object.keys(RULES)).toContain(step.rule);
    for (const u of step.uses) {
      expect(u).toBeGreaterThanOrEqual(1);
      expect(u).toBeLessThan(step.n);
    }
    expect(step.check.passed).toBe(true);
    expect(["evaluation", "dual", "linear-solve", "determinant"]).toContain(step.check.method);
    expect(step.check.points).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(JSON.stringify(step))).toEqual(step);
  });
  expect(JSON.parse(JSON.stringify(d))).toEqual(d);
}

describe("derive: harmonic oscillator", () => {
  const ho = system("1/2*m*x'^2 - 1/2*k*x^2", ["x"]);
  const d = derive(ho, { name: "oscillator" });

  it("records the steps with stable rule ids, in order", () => {
    expect(d.steps.map((s) => s.rule)).toEqual([
      "lagrangian",
      "partial-coordinate",
      "partial-velocity",
      "total-derivative",
      "euler-lagrange",
      "simplify",
      "mass-matrix",
      "solve-accelerations",
      "momentum",
      "energy",
      "simplify",
      "solve-velocities",
      "legendre",
      "simplify",
      "hamilton-equations",
      "hamilton-equations",
    ]);
  });

  it("every step is JSON-serialisable and carries a passed check record", () => {
    expectWellFormed(d);
    expect(d.steps.map((s) => s.check.method)).toEqual([
      "evaluation",
      "dual",
      "dual",
      "dual",
      "evaluation",
      "evaluation",
      "evaluation",
      "linear-solve",
      "dual",
      "evaluation",
      "evaluation",
      "evaluation",
      "evaluation",
      "evaluation",
      "dual",
      "dual",
    ]);
    // each step is checked at its own points
    expect(new Set(d.steps.map((s) => s.check.seed)).size).toBe(d.steps.length);
  });

  it("states the right results", () => {
    const by = (rule: string) => d.steps.filter((s) => s.rule === rule);
    expect(equivalent(by("partial-coordinate")[0].rhs, P("-k*x"))).toBe(true);
    expect(equivalent(by("partial-velocity")[0].rhs, P("m*x'"))).toBe(true);
    expect(equivalent(by("total-derivative")[0].rhs, P("m*x''"))).toBe(true);
    expect(equivalent(by("euler-lagrange")[0].rhs, P("-k*x - m*x''"))).toBe(true);
    expect(equivalent(by("solve-accelerations")[0].rhs, P("-k*x/m"))).toBe(true);
    expect(equivalent(by("energy")[0].rhs, P("1/2*m*x'^2 + 1/2*k*x^2"))).toBe(true);
    expect(equivalent(by("legendre")[0].rhs, P("p_x^2/(2*m) + k*x^2/2"))).toBe(true);
    expect(d.equations.map((e) => e.coordinate)).toEqual(["x"]);
    // E_x as derived, −k·x − m·x'', then simplified (−1 pulled out), naming its step and rules.
    const simplified = d.steps[d.equations[0].step - 1];
    expect(simplified.rule).toBe("simplify");
    expect(simplified.lhs).toEqual({
      op: "simplify",
      of: { step: simplified.n - 1 },
      rules: ["canonical"],
    });
    expect(d.steps[simplified.n - 2].rule).toBe("euler-lagrange");
    expect(equivalent(simplified.rhs, P("-k*x - m*x''"))).toBe(true);
    expect(d.motion.kind).toBe("solved");
    expect(d.hamiltonian).not.toBeNull();
    expect(d.notes).toEqual([]);
    expect(d.system.name).toBe("oscillator");
  });

  it("is deterministic", () => {
    expect(JSON.stringify(derive(ho, { name: "oscillator" }))).toBe(JSON.stringify(d));
  });
});

describe("derive: other systems", () => {
  it("Dirac's singular system: singular Hessian step and honest notes", () => {
    const d = derive(system("x*y' - 1/2*(x^2 + y^2)", ["x", "y"]));
    expectWellFormed(d);
    const rules = d.steps.map((s) => s.rule);
    expect(rules).toContain("singular-hessian");
    expect(rules).not.toContain("solve-accelerations");
    expect(rules).not.toContain("legendre");
    expect(d.motion.kind).toBe("singular");
    expect(d.hamiltonian).toBeNull();
    expect(d.notes.join("\n")).toMatch(/Accelerations not derived/);
    expect(d.notes.join("\n")).toMatch(/Hamiltonian not derived/);
  });

  it("a field (wave equation) and a second-order Lagrangian (Ostrogradsky)", () => {
    const wave = derive(system("1/2*u_t^2 - 1/2*c^2*u_x^2", ["u"], ["t", "x"]));
    expectWellFormed(wave);
    expect(equivalent(wave.equations[0].residual, P("-u_tt + c^2*u_xx"))).toBe(true);
    const beam = derive(system("1/2*x''^2 - 1/2*k*x^2", ["x"]));
    expectWellFormed(beam);
    expect(beam.steps.map((s) => s.rule)).toContain("partial-jet");
    expect(equivalent(beam.equations[0].residual, P("x'''' - k*x"))).toBe(true);
    expect(beam.momenta.map((m) => m.conjugateTo)).toEqual(["x", "x'"]);
    // Ostrogradsky's Hamiltonian: x'' = p_x_1, H = p_x·x' + ½p_x_1² + ½k·x²
    expect(beam.hamiltonian!.momentumSymbols).toEqual({ x: "p_x", "x'": "p_x_1" });
    expect(equivalent(beam.hamiltonian!.value, P("p_x*x' + 1/2*p_x_1^2 + 1/2*k*x^2"))).toBe(true);
    expect(beam.crossChecks.map((c) => c.id)).toContain("hamilton-force:x'");
  });

  it("abstract potentials are checked against random models", () => {
    const d = derive(system("1/2*(x'^2 + y'^2) - V(x, y)", ["x", "y"]));
    expectWellFormed(d);
    expect(equivalent(d.equations[0].residual, P("-D1(V)(x, y) - x''"))).toBe(true);
  });
});

describe("the recorder rejects wrong claims", () => {
  it("a wrong partial derivative: ∂(x^3)/∂x = 2x^2", () => {
    const rec = createRecorder();
    const err = checkError(() =>
      rec.partial(
        {
          rule: "partial-coordinate",
          label: "∂(x^3)/∂x",
          justification: "power rule (misapplied)",
          rhs: P("2*x^2"),
        },
        P("x^3"),
        "x",
      ),
    );
    expect(err.rule).toBe("partial-coordinate");
    expect(err.message).toMatch(/step 1 \(partial-coordinate: ∂\(x\^3\)\/∂x\)/);
    expect(err.message).toContain("2*x^2");
    expect(rec.steps).toHaveLength(0); // a wrong step is never recorded
  });

  it("names the step number after earlier good steps; other rules and kinds of check", () => {
    const rec = createRecorder();
    const L = P("1/2*m*x'^2 - 1/2*k*x^2");
    const one = rec.equal(
      {
        rule: "lagrangian",
        label: "L",
        justification: "given",
        lhs: { op: "given", expr: L },
        rhs: P("m*x'^2/2 - k*x^2/2"),
      },
      L,
    );
    expect(one).toBe(1);
    const two = rec.partial(
      { rule: "partial-velocity", label: "∂L/∂x'", justification: "", rhs: P("m*x'") },
      L,
      "x'",
    );
    expect(two).toBe(2);
    // a wrong energy (sign of the potential)
    const e1 = checkError(() =>
      rec.equal(
        {
          rule: "energy",
          label: "E",
          justification: "p·x' − L",
          lhs: { op: "combine", expr: P("m*x'*x' - L") },
          rhs: P("1/2*m*x'^2 - 1/2*k*x^2"),
        },
        P("m*x'^2 - (1/2*m*x'^2 - 1/2*k*x^2)"),
      ),
    );
    expect(e1.rule).toBe("energy");
    expect(e1.message).toMatch(/^step 3 \(energy: E\)/);
    // a total derivative missing its x'' term
    const sys = system("1/2*m*x'^2", ["x"]);
    const F = P("sin(x)*x'");
    const e2 = checkError(() =>
      rec.total(
        {
          rule: "total-derivative",
          label: "D_t(sin(x)·x')",
          justification: "",
          rhs: P("cos(x)*x'^2"),
        },
        F,
        "t",
        totalDerivativeTangent(sys, ["x", "x'"]),
        ["x'", "x''"],
      ),
    );
    expect(e2.rule).toBe("total-derivative");
    expect(e2.message).toMatch(/^step 3 \(total-derivative/);
    // the right one is accepted and numbered 3
    expect(
      rec.total(
        {
          rule: "total-derivative",
          label: "D_t(sin(x)·x')",
          justification: "",
          rhs: P("cos(x)*x'^2 + sin(x)*x''"),
        },
        F,
        "t",
        totalDerivativeTangent(sys, ["x", "x'"]),
        ["x'", "x''"],
      ),
    ).toBe(3);
    expect(rec.steps.map((s) => s.rule)).toEqual([
      "lagrangian",
      "partial-velocity",
      "total-derivative",
    ]);
  });

  it("a sign error in Hamilton's equations is caught (sign −1 for p' = −∂H/∂q)", () => {
    const rec = createRecorder();
    const H = P("p^2/(2*m) + k*x^2/2");
    const head = { rule: "hamilton-equations" as const, label: "p'", justification: "" };
    expect(rec.partial({ ...head, rhs: P("-k*x") }, H, "x", -1)).toBe(1);
    const err = checkError(() => rec.partial({ ...head, rhs: P("k*x") }, H, "x", -1));
    expect(err.rule).toBe("hamilton-equations");
  });
});

describe("null Lagrangians", () => {
  it("L = x' + ½y'²: E_x ≡ 0 is reported, y still gets its equation", () => {
    const d = derive(makeSystem({ lagrangian: parse("x' + 1/2*y'^2"), coordinates: ["x", "y"] }));
    expect(d.notes.some((n) => n.startsWith("E_x(L) ≡ 0"))).toBe(true);
    expect(d.notes.some((n) => n.startsWith("E_y(L) ≡ 0"))).toBe(false);
  });
});
