/**
 * The proof documents of the shipped derivations (src/emit/document.ts): the double pendulum's
 * steps numbered with rules, justifications and "(n)" references, its Euler–Lagrange equations
 * boxed; Kepler's Noether charges each with a proof ending in D_tQ = 0 and plots in which energy
 * and angular momentum stay flat; the Caldirola–Kanai oscillator's broken plain energy drifting;
 * Adam as an algorithm; and every formula of every document accepted by KaTeX in strict mode.
 */
import katex from "katex";
import { describe, expect, it } from "vitest";
import { buildDocument } from "../../src/emit/document.js";
import { labelLatex, labelText } from "../../src/emit/doc-steps.js";
import type { ProofDocument, Section } from "../../src/emit/types.js";
import { deriveLagrangian } from "../../src/proof/input.js";
import { derivationNames, documentOf, formulasOf } from "../support/derived-documents.js";

const section = (doc: ProofDocument, id: string): Section => {
  const s = doc.sections.find((x) => x.id === id);
  if (!s) throw new Error(`no section ${id} in ${doc.sections.map((x) => x.id).join(", ")}`);
  return s;
};

/** max − min of a series, relative to its largest magnitude. */
const spread = (ys: readonly number[]) =>
  (Math.max(...ys) - Math.min(...ys)) / Math.max(1e-300, ...ys.map(Math.abs));

describe("double pendulum document", () => {
  const doc = documentOf("double-pendulum");

  it("has the title, the Lagrangian as written and a table of coordinates and parameters", () => {
    expect(doc.title).toBe("Double pendulum");
    expect(doc.kind).toBe("mechanics");
    expect(doc.lagrangian?.text).toContain("1/2*(m1 + m2)*l1^2*th1'^2");
    expect(doc.lagrangian?.latex).toContain("\\dot{\\theta}_{1}");
    const th1 = doc.symbols.find((s) => s.name === "th1")!;
    expect(th1).toMatchObject({ latex: "\\theta_{1}", role: "coordinate" });
    const g = doc.symbols.find((s) => s.name === "g")!;
    expect(g).toMatchObject({ role: "parameter", value: "9.81" });
    expect(g.description).toContain("gravitational");
    expect(doc.source).toContain("double-pendulum.yaml");
  });

  it("numbers every step with its rule, justification and references to the steps it uses", () => {
    const el = section(doc, "euler-lagrange");
    const steps = el.steps!;
    expect(steps.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const partial = steps.find((s) => s.rule === "partial-velocity")!;
    expect(partial.ruleName).toBe("Partial derivative in a velocity");
    expect(partial.operation).toBe("\\frac{\\partial}{\\partial \\dot{\\theta}_{1}} (1)");
    expect(partial.label).toBe("\\frac{\\partial L}{\\partial \\dot{\\theta}_{1}}");
    const total = steps.find((s) => s.rule === "total-derivative")!;
    expect(total.operation).toBe(`D_{t} (${partial.n})`);
    const euler = steps.find((s) => s.rule === "euler-lagrange")!;
    expect(euler.operation).toBe(`(2) - (${total.n})`);
    expect(euler.uses).toEqual([2, total.n]);
    expect(euler.justification).toMatch(/Euler operator/);
    expect(euler.check).toMatch(/4 random points/);
  });

  it("boxes the Euler–Lagrange equations, the accelerations, H and Hamilton's equations", () => {
    const el = section(doc, "euler-lagrange");
    expect(el.equations!.map((e) => [e.rhs.latex, e.boxed])).toEqual([
      ["0", true],
      ["0", true],
    ]);
    expect(el.steps!.filter((s) => s.boxed).map((s) => s.n)).toEqual([6, 11]);
    const motion = section(doc, "equations-of-motion");
    expect(motion.equations!.map((e) => e.lhs)).toEqual([
      "\\ddot{\\theta}_{1}",
      "\\ddot{\\theta}_{2}",
    ]);
    const ham = section(doc, "hamiltonian");
    expect(ham.equations!.map((e) => e.lhs)).toEqual([
      "H",
      "\\dot{\\theta}_{1}",
      "\\dot{p}_{\\theta_{1}}",
      "\\dot{\\theta}_{2}",
      "\\dot{p}_{\\theta_{2}}",
    ]);
    // Long quotients are written to break across lines: no \frac wider than the line.
    const pdot = ham.equations![2].rhs.latex;
    expect(pdot.startsWith("\\frac{1}{")).toBe(true);
  });

  it("shows the symplectic Euler integrator as an algorithm with its proof", () => {
    const variant = doc.sections.find((s) => s.id.startsWith("variant-"))!;
    const alg = variant.algorithms![0];
    // v_th1 is kept (v_th1_prev) for the second acceleration, read at the step's start.
    expect(alg.body.map((e) => e.lhs)).toEqual([
      "v_{\\theta_{1},prev}",
      "v_{\\theta_{1}}",
      "v_{\\theta_{2}}",
      "\\theta_{1}",
      "\\theta_{2}",
    ]);
    expect(alg.body.every((e) => e.relation === "\\leftarrow")).toBe(true);
    expect(variant.steps!.length).toBeGreaterThan(2);
    expect(variant.steps![0].n).toBeGreaterThan(29); // numbered after the derivation's steps
  });

  it("plots the trajectory and the energy, RK4's flat and the integrator's close", () => {
    const plots = section(doc, "plots").plots!;
    expect(plots.map((p) => p.title)).toEqual(["Trajectory", "Energy function"]);
    for (const p of plots)
      for (const s of p.series) {
        expect(s.x.length).toBe(s.y.length);
        expect(s.x.length).toBeLessThanOrEqual(401);
        expect(s.x.length).toBeGreaterThan(100);
      }
    const [rk4, integrator] = plots[1].series;
    expect(spread(rk4.y)).toBeLessThan(1e-4);
    expect(integrator.name).toContain("symplectic-euler");
    expect(spread(integrator.y)).toBeLessThan(0.1);
    expect(plots[0].caption).toContain("RK4 with step 0.005");
  });
});

describe("Kepler problem document", () => {
  const doc = documentOf("kepler-polar");

  it("proves each Noether charge conserved: a generator, Q, and D_tQ = 0 on solutions", () => {
    expect(section(doc, "noether").notes).toContain("Conserved: energy, angular momentum.");
    const L = section(doc, "noether-angular-momentum");
    expect(L.equations!.map((e) => [e.lhs, e.rhs.latex])).toEqual([
      ["v", "\\partial_{\\phi}"],
      ["Q", "m r^{2} \\dot{\\phi}"],
      ["D_{t} Q", "0"],
    ]);
    const last = L.steps!.at(-1)!;
    expect(last).toMatchObject({ rule: "on-shell-rate", boxed: true, result: { latex: "0" } });
    expect(last.operation).toMatch(/^\\left\.\(\d+\)\\right\|_\{/);
    const E = section(doc, "noether-energy");
    expect(E.equations![0].rhs.latex).toBe("-\\partial_{t}");
  });

  it("plots energy and angular momentum flat along the orbit", () => {
    const plots = section(doc, "plots").plots!;
    expect(plots.map((p) => p.title)).toEqual([
      "Trajectory",
      "Energy function",
      "Noether charge: energy",
      "Noether charge: angular momentum",
    ]);
    for (const p of plots.slice(1)) expect(spread(p.series[0].y)).toBeLessThan(1e-5);
    const r = plots[0].series.find((s) => s.name === "r")!;
    expect(Math.max(...r.y)).toBeGreaterThan(2); // an eccentric orbit: r = 1 … 2.57
  });
});

describe("Caldirola–Kanai oscillator document", () => {
  it("plots the damped energy flat and the broken plain energy drifting", () => {
    const doc = documentOf("caldirola-kanai");
    expect(section(doc, "noether").notes).toContain("Broken: plain energy.");
    const broken = section(doc, "noether-plain-energy");
    expect(broken.intro).toMatch(/not a symmetry/);
    expect(broken.equations!.at(-1)!.rhs.latex).not.toBe("0");
    const plots = section(doc, "plots").plots!;
    const damped = plots.find((p) => p.title === "Noether charge: damped energy")!;
    const plain = plots.find((p) => p.title === "Noether charge: plain energy")!;
    expect(spread(damped.series[0].y)).toBeLessThan(1e-6);
    expect(spread(plain.series[0].y)).toBeGreaterThan(0.1);
  });
});

describe("Adam document", () => {
  const doc = documentOf("adam");

  it("lists hyperparameters with defaults and the state with its initial values", () => {
    expect(doc.kind).toBe("update");
    expect(doc.lagrangian).toBeUndefined();
    expect(doc.symbols.find((s) => s.name === "lr")).toMatchObject({
      role: "hyperparameter",
      value: "0.001",
      description: "learning rate",
    });
    expect(doc.symbols.find((s) => s.name === "m")).toMatchObject({ role: "state", value: "0" });
  });

  it("shows the update as an algorithm: per-step scalars, then the per-element lines", () => {
    const variant = doc.sections.find((s) => s.id === "variant-default")!;
    const alg = variant.algorithms![0];
    expect(alg.perStep.map((e) => e.lhs)).toEqual(["c_{1}", "c_{2}"]);
    expect(alg.perStep[0].rhs.latex).toBe("\\frac{1}{1 - \\beta_{1}^{k}}");
    expect(alg.firstStep).toBeNull();
    expect(alg.body.map((e) => e.lhs)).toEqual(["G", "m", "v", "\\theta"]);
    expect(alg.inputs[0]).toBe("lr = 0.001 (learning rate)");
    const solve = variant.steps!.filter((s) => s.rule === "solve-stationary");
    expect(solve.map((s) => s.label)).toEqual(["m_{k}", "v_{k}", "\\theta_{k}"]);
    expect(solve[0].operation).toBe("\\text{solve}\\ (4) = 0\\ \\text{for}\\ m_{k}");
    expect(solve.every((s) => s.boxed)).toBe(true);
  });
});

describe("a Lagrangian from the command line (no derivation file)", () => {
  it("has no source or plots; its abstract potential is listed as a function", () => {
    const d = deriveLagrangian({ lagrangian: "1/2*m*x'^2 - V(x)", coordinates: ["x"] });
    const doc = buildDocument(d);
    expect(doc.title).toBe("Lagrangian system");
    expect(doc.source).toBeUndefined();
    expect(doc.lagrangian?.latex).toBe("\\frac{1}{2} m \\dot{x}^{2} - V\\left(x\\right)");
    expect(doc.symbols.map((s) => [s.name, s.role])).toEqual([
      ["x", "coordinate"],
      ["t", "time"],
      ["m", "parameter"],
      ["V", "function"],
    ]);
    expect(doc.sections.some((s) => s.id === "plots")).toBe(false);
    const motion = doc.sections.find((s) => s.id === "equations-of-motion")!;
    expect(motion.equations![0].rhs.latex).toBe("-\\frac{V'\\left(x\\right)}{m}");
  });
});

describe("every formula of every shipped derivation's document", () => {
  const names = derivationNames();

  it.each(names)("%s: KaTeX accepts each formula (throwOnError, strict)", (name) => {
    const formulas = formulasOf(documentOf(name));
    expect(formulas.length).toBeGreaterThan(10);
    const rejected: string[] = [];
    for (const f of formulas) {
      try {
        katex.renderToString(f, { throwOnError: true, strict: "error" });
      } catch (err) {
        rejected.push(`${(err as Error).message}: ${f.slice(0, 120)}`);
      }
    }
    expect(rejected).toEqual([]);
  });
});

describe("free-form step labels (the paper's claim proofs)", () => {
  it("typeset an indexed name (s3, a0, l2) as s_3, but not a call D1(f), a name p_th1 or w1 in η_w1", () => {
    const cases: [string, string][] = [
      // Bellman's Lagrangian ℒ over s0…s3, a0…a2 and the multipliers l1…l3.
      ["∂ℒ/∂s3", "\\frac{\\partial \\mathcal{L}}{\\partial s_{3}}"],
      ["∂ℒ/∂a0", "\\frac{\\partial \\mathcal{L}}{\\partial a_{0}}"],
      ["∂ℒ/∂l_a", "\\frac{\\partial \\mathcal{L}}{\\partial l_{a}}"],
      ["E_l(ℒ)", "E_{l}(\\mathcal{L})"],
      [
        "s_1 = f(s0, a0)",
        "\\text{s}_{\\text{1}}\\text{ = f(s}_{\\text{0}}\\text{, a}_{\\text{0}}\\text{)}",
      ],
      [
        "λ_3 = l3*D1(f)(s2)",
        "\\lambda _{\\text{3}}\\text{ = l}_{\\text{3}}\\text{*D1(f)(s}_{\\text{2}}\\text{)}",
      ],
      // A two-layer network's weights w1, w2: the subscript keeps its digit.
      ["D_t(η_w1)", "D_{t}\\left(\\eta _{\\text{w1}}\\right)"],
      // Names the symbol renderer already typesets are left to it.
      ["p_th1", "p_{\\theta_{1}}"],
      ["∂L/∂th1'", "\\frac{\\partial L}{\\partial \\dot{\\theta}_{1}}"],
      // Not indexed names: a word with a digit inside, a number, a derivative D1(f).
      ["RK4 step, 1e-9", "\\text{RK4 step, 1e-9}"],
    ];
    for (const [label, tex] of cases) {
      expect(labelLatex(label), label).toBe(tex);
      expect(() =>
        katex.renderToString(tex, { throwOnError: true, strict: "error" }),
      ).not.toThrow();
    }
  });

  it("keep their Greek letters, operators, sub- and superscripts, and KaTeX accepts them", () => {
    const cases: [string, string][] = [
      ["λ_{k+1} = V'(s_{k+1})", "\\lambda _{\\text{k+1}}\\text{ = V'(s}_{\\text{k+1}}\\text{)}"],
      ["∂²F/∂l²", "\\partial ^{2}\\text{F/}\\partial \\text{l}^{2}"],
      ["E[E_l(ℒ)]", "\\text{E[E}_{\\text{l}}\\text{(}\\mathcal{L}\\text{)]}"],
      [
        "∂H^(0)/∂a_0 = 0",
        "\\partial \\text{H}^{\\text{(0)}}\\text{/}\\partial \\text{a}_{\\text{0}}\\text{ = 0}",
      ],
      ["x⁻¹ a<b", "\\text{x}^{-1}\\text{ a\\textless{}b}"],
    ];
    for (const [label, tex] of cases) {
      expect(labelText(label), label).toBe(tex);
      expect(labelLatex(label), label).toBe(tex);
      expect(() =>
        katex.renderToString(tex, { throwOnError: true, strict: "error" }),
      ).not.toThrow();
    }
  });
});
