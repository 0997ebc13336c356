/**
 * A `simplify` step is recorded like any other, with its rule ids (issue 6 item 3): every result
 * the derivation tidies — E_q(L), the solved accelerations, the momenta, the energy and H — is
 * recorded as derived, then (when tidy changed it) simplified in a step of its own whose operation
 * names the tidy rules and refers to the step as derived by number. That step is checked by
 * evaluation (under the declared positivity, for radicals), so a corrupted one fails.
 */
import { describe, expect, it } from "vitest";
import { provablyEqual } from "../../src/expr/algebra.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { abstractFunctions, add, num, type Expr } from "../../src/expr/types.js";
import { derivationJson } from "../../src/emit/json.js";
import { derive } from "../../src/proof/derive.js";
import { createRecorder } from "../../src/proof/record.js";
import { simplifyStep } from "../../src/proof/simplify-steps.js";
import type { Derivation, Step } from "../../src/proof/types.js";
import { withAssumptions } from "../../src/variational/assumptions.js";
import { makeSystem } from "../../src/variational/system.js";
import type { System } from "../../src/variational/types.js";
import { checkError } from "../support/check-error.js";

const P = (src: string) => parse(src);
const equivalent = (a: Expr, b: Expr) => provablyEqual(a, b, 1e7);
const step = (d: Derivation, n: number): Step => d.steps[n - 1];
const rulesOf = (d: Derivation) => d.steps.map((s) => s.rule);

/** The simplify step right after step `n`, if any. */
const simplifiedAfter = (d: Derivation, n: number): Step | undefined =>
  d.steps[n]?.rule === "simplify" && d.steps[n].uses[0] === n ? d.steps[n] : undefined;

/**
 * Record the simplify step `s` again, by itself, with its right-hand side as given: `asDerived`
 * is the right-hand side of the step it simplifies.
 */
function rerecord(sys: System, d: Derivation, s: Step, rhs: Expr, positive: readonly string[]) {
  const functions = abstractFunctions(sys.lagrangian);
  const rec = createRecorder({ functions, positive, seed: 11 });
  const asDerived = step(d, s.uses[0]).rhs;
  const rules = s.lhs.op === "simplify" ? s.lhs.rules : [];
  return simplifyStep(rec, 1, asDerived, rhs, rules, s.label, { positive });
}

const perturbed = (e: Expr) => add(e, num("1/1000"));

describe("the relativistic particle (m, c declared positive): H as derived, then simplified", () => {
  const L = P("-m*c^2*sqrt(1 - x'^2/c^2) - V(x)");
  const sys = withAssumptions(
    makeSystem({ lagrangian: L, coordinates: ["x"] }),
    {
      positive: ["m", "c"],
    },
    "test",
  );
  const d = derive(sys);
  const legendre = d.steps.find((s) => s.rule === "legendre")!;
  const simplified = simplifiedAfter(d, legendre.n)!;

  it("records legendre → simplify with the rules named (radicals, canonical)", () => {
    expect(simplified).toBeDefined();
    expect(simplified.lhs).toEqual({
      op: "simplify",
      of: { step: legendre.n },
      rules: ["radicals", "canonical"],
    });
    expect(simplified.label).toBe("H");
    expect(simplified.check).toMatchObject({ method: "evaluation", passed: true });
    expect(equivalent(simplified.rhs, P("V(x) + c*sqrt(c^2*m^2 + p_x^2)"))).toBe(true);
    expect(d.hamiltonian!.value).toBe(simplified.rhs);
  });

  it("has Hamilton's equations use the simplified H", () => {
    const hamilton = d.steps.filter((s) => s.rule === "hamilton-equations");
    expect(hamilton).toHaveLength(2);
    for (const s of hamilton) {
      expect(s.uses).toEqual([simplified.n]);
      expect(s.lhs).toMatchObject({ op: "partial", of: { step: simplified.n } });
    }
  });

  it("passes its check re-recorded, and a corrupted simplify step fails it", () => {
    expect(rerecord(sys, d, simplified, simplified.rhs, ["c", "m"])).toBe(1);
    const err = checkError(() =>
      rerecord(sys, d, simplified, perturbed(simplified.rhs), ["c", "m"]),
    );
    expect(err.message).toMatch(/step 1 \(simplify: H\) failed its check/);
  });

  it("is checked under the positivity: without it, √(m²c²) = m·c is refuted", () => {
    expect(() => rerecord(sys, d, simplified, simplified.rhs, [])).toThrow(/failed its check/);
  });

  it("writes the simplify step in the JSON by reference, never repeating H as derived", () => {
    const doc = derivationJson(d) as { steps: { n: number; lhs: unknown }[] };
    expect(doc.steps[simplified.n - 1].lhs).toEqual({
      op: "simplify",
      of: { step: legendre.n },
      rules: ["radicals", "canonical"],
    });
  });
});

describe("the double pendulum: accelerations, momenta and energy simplified; H kept", () => {
  const L = P(
    "1/2*(m1 + m2)*l1^2*th1'^2 + 1/2*m2*l2^2*th2'^2 + m2*l1*l2*th1'*th2'*cos(th1 - th2) + (m1 + m2)*g*l1*cos(th1) + m2*g*l2*cos(th2)",
  );
  const sys = makeSystem({ lagrangian: L, coordinates: ["th1", "th2"] });
  const d = derive(sys);

  it("records each solved acceleration as derived (Cramer), then simplified", () => {
    const solves = d.steps.filter((s) => s.rule === "solve-accelerations");
    expect(solves.map((s) => s.label)).toEqual(["th1''", "th2''"]);
    for (const s of solves) {
      const simplified = simplifiedAfter(d, s.n)!;
      expect(simplified.lhs).toMatchObject({ op: "simplify", of: { step: s.n } });
      expect(simplified.lhs.op === "simplify" && simplified.lhs.rules).toContain("canonical");
      expect(d.motion.accelerations![s.label]).toBe(simplified.rhs);
    }
  });

  it("records p_th2 and E as derived, then simplified, the records pointing at the simplified steps", () => {
    const energy = d.steps.find((s) => s.rule === "energy")!;
    expect(step(d, energy.n + 1)).toMatchObject({ rule: "simplify", label: "E" });
    expect(d.energy).toBe(step(d, energy.n + 1).rhs);
    const p2 = d.momenta.find((m) => m.coordinate === "th2")!;
    expect(step(d, p2.step)).toMatchObject({ rule: "simplify", label: "p_th2" });
    expect(step(d, step(d, p2.step).uses[0]).rule).toBe("momentum");
  });

  it("keeps H as derived (½(p − b)·v − L₀ is already the smallest form): no simplify step", () => {
    const legendre = d.steps.find((s) => s.rule === "legendre")!;
    expect(simplifiedAfter(d, legendre.n)).toBeUndefined();
    expect(d.hamiltonian!.value).toBe(legendre.rhs);
    expect(step(d, legendre.n + 1).rule).toBe("hamilton-equations");
    expect(step(d, legendre.n + 1).uses).toEqual([legendre.n]);
  });

  it("fails the check of a corrupted simplify step (th1'' perturbed)", () => {
    const solve = d.steps.find((s) => s.rule === "solve-accelerations")!;
    const simplified = simplifiedAfter(d, solve.n)!;
    expect(rerecord(sys, d, simplified, simplified.rhs, [])).toBe(1);
    checkError(() => rerecord(sys, d, simplified, perturbed(simplified.rhs), []));
  });
});

describe("other systems", () => {
  it("the harmonic oscillator: H = ½k·x² + ½p²/m as derived, then ½(k·x² + p²/m) (canonical)", () => {
    const d = derive(makeSystem({ lagrangian: P("1/2*m*x'^2 - 1/2*k*x^2"), coordinates: ["x"] }));
    const legendre = d.steps.find((s) => s.rule === "legendre")!;
    expect(equivalent(legendre.rhs, P("1/2*k*x^2 + 1/2*p_x^2/m"))).toBe(true);
    const simplified = simplifiedAfter(d, legendre.n)!;
    expect(simplified.lhs).toEqual({
      op: "simplify",
      of: { step: legendre.n },
      rules: ["canonical"],
    });
  });

  it("Pais–Uhlenbeck: Ostrogradsky's momentum P_x as derived, then simplified", () => {
    const sys = makeSystem({ lagrangian: P("1/2*x''^2 - 1/2*w^2*x'^2"), coordinates: ["x"] });
    const d = derive(sys);
    const px = d.momenta.find((m) => m.conjugateTo === "x")!;
    expect(step(d, px.step)).toMatchObject({ rule: "simplify", label: "P_x" });
    expect(step(d, step(d, px.step).uses[0]).rule).toBe("momentum");
    expect(rulesOf(d).filter((r) => r === "legendre")).toHaveLength(1);
  });

  it("a chain of 4 oscillators (M = m·I): H is the last step before Hamilton's equations", () => {
    const coords = ["x1", "x2", "x3", "x4"];
    const L = P(
      "1/2*m*(x1'^2 + x2'^2 + x3'^2 + x4'^2) - 1/2*k*(x1^2 + (x2 - x1)^2 + (x3 - x2)^2 + (x4 - x3)^2)",
    );
    const d = derive(makeSystem({ lagrangian: L, coordinates: coords }));
    const legendre = d.steps.find((s) => s.rule === "legendre")!;
    const next = simplifiedAfter(d, legendre.n);
    expect(d.hamiltonian!.value).toBe(next ? next.rhs : legendre.rhs);
  });
});
