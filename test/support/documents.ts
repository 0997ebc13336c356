/**
 * Proof documents written by hand (src/emit/types.ts) for the renderers' tests: a harmonic
 * oscillator with steps, boxed results, an integrator algorithm and plots, and the same document
 * with hostile text (markup, quotes, ampersands, script URLs) in every plain-text field.
 */
import type { Plot, ProofDocument } from "../../src/emit/types.js";

/** x(t) = cos t and E = 1/2 over two periods, sampled every `h` (the energy exactly constant). */
export function oscillatorPlot(h = 0.05): Plot {
  const n = Math.round((4 * Math.PI) / h);
  const t = Array.from({ length: n + 1 }, (_, i) => i * h);
  return {
    title: "Trajectory and energy",
    xLabel: "t",
    yLabel: "value",
    series: [
      { name: "x", x: t, y: t.map(Math.cos) },
      { name: "E", x: t, y: t.map(() => 0.5) },
    ],
    caption: `RK4 with step h = ${h} from x = 1, x' = 0.`,
  };
}

/** The harmonic oscillator L = ½ m ẋ² − ½ k x², as a document builder would present it. */
export const OSCILLATOR_DOC: ProofDocument = {
  title: "Harmonic oscillator",
  description: "A mass on a spring.\n\nThe simplest system with a conserved energy.",
  source: "derivations/harmonic-oscillator.yaml",
  kind: "mechanics",
  lagrangian: {
    latex: "\\frac{1}{2} m \\dot{x}^{2} - \\frac{1}{2} k x^{2}",
    text: "1/2*m*x'^2 - 1/2*k*x^2",
  },
  symbols: [
    { name: "x", latex: "x", role: "coordinate" },
    { name: "t", latex: "t", role: "time" },
    { name: "m", latex: "m", role: "parameter", value: "1", description: "mass" },
    { name: "k", latex: "k", role: "parameter", value: "1", description: "spring constant" },
  ],
  assumptions: ["m, k > 0"],
  sections: [
    {
      id: "euler-lagrange",
      title: "Euler–Lagrange equations",
      intro: "For each coordinate q, E_q(L) = ∂L/∂q − D_t(∂L/∂q') vanishes.",
      steps: [
        {
          n: 1,
          rule: "lagrangian",
          ruleName: "Lagrangian",
          label: "L",
          operation: "",
          result: { latex: "\\frac{1}{2} m \\dot{x}^{2} - \\frac{1}{2} k x^{2}" },
          justification: "the Lagrangian as given",
          uses: [],
          check: "both sides evaluated at 4 random points",
        },
        {
          n: 2,
          rule: "partial",
          ruleName: "partial derivative",
          label: "\\frac{\\partial L}{\\partial x}",
          operation: "\\frac{\\partial}{\\partial x} (1)",
          result: { latex: "-k x", text: "-k*x" },
          justification: "differentiate with respect to x",
          uses: [1],
          check: "compared with forward-mode automatic differentiation at 4 random points",
        },
        {
          n: 3,
          rule: "partial",
          ruleName: "partial derivative",
          label: "\\frac{\\partial L}{\\partial \\dot{x}}",
          operation: "\\frac{\\partial}{\\partial \\dot{x}} (1)",
          result: { latex: "m \\dot{x}", text: "m*x'" },
          justification: "differentiate with respect to ẋ",
          uses: [1],
          check: "compared with forward-mode automatic differentiation at 4 random points",
        },
        {
          n: 4,
          rule: "euler-lagrange",
          ruleName: "Euler–Lagrange",
          label: "E_{x}(L)",
          operation: "(2) - D_{t} (3)",
          result: { latex: "-k x - m \\ddot{x}", text: "-k*x - m*x''" },
          justification: "apply the total derivative and subtract",
          uses: [2, 3],
          check: "both sides evaluated at 4 random points",
          boxed: true,
        },
      ],
      equations: [{ lhs: "-k x - m \\ddot{x}", rhs: { latex: "0" }, boxed: true, steps: [4] }],
    },
    {
      id: "hamiltonian",
      title: "Hamiltonian",
      equations: [
        {
          lhs: "H",
          rhs: {
            latex:
              "\\frac{p_{x}^{2}}{2 m} + \\frac{1}{2} k x^{2} + " +
              Array.from({ length: 40 }, (_, i) => `c_{${i}} x^{${i + 3}}`).join(" + "),
          },
          boxed: true,
          steps: [3],
        },
      ],
    },
    {
      id: "integrator",
      title: "Integrator",
      algorithms: [
        {
          title: "Störmer–Verlet",
          when: "always",
          inputs: ["h = 0.01 (the step)"],
          perStep: [{ lhs: "t", relation: "\\leftarrow", rhs: { latex: "t + h" } }],
          firstStep: null,
          body: [
            {
              lhs: "p",
              relation: "\\leftarrow",
              rhs: { latex: "p - \\frac{h}{2} k x", text: "p - h/2*k*x" },
            },
            { lhs: "x", relation: "\\leftarrow", rhs: { latex: "x + \\frac{h}{m} p" } },
          ],
        },
      ],
      steps: [
        {
          n: 1,
          rule: "solve-stationary",
          ruleName: "stationary point",
          label: "p_{k}",
          operation: "\\text{solve}\\ (2) = 0",
          result: { latex: "p - \\frac{h}{2} k x" },
          justification: "make the sub-action stationary",
          uses: [2, 4],
          check: "both sides evaluated at 4 random points",
          boxed: true,
        },
      ],
    },
    {
      id: "plots",
      title: "Plots",
      plots: [oscillatorPlot()],
      notes: ["E stays flat: it is conserved."],
    },
  ],
  checks: ["4 steps, each checked at 4 random points.", "2 cross-route checks passed."],
  notes: ["Nothing else to say."],
};

/** Markup, quotes and ampersands meant to break out of text, attributes and URLs. */
export const HOSTILE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2"> "quoted" 'single' & &amp; </p></main>`;

/** The oscillator document with HOSTILE in every plain-text field (the formulas stay valid). */
export function hostileDocument(): ProofDocument {
  const d = OSCILLATOR_DOC;
  return {
    ...d,
    title: HOSTILE,
    description: HOSTILE,
    source: HOSTILE,
    lagrangian: { ...d.lagrangian!, text: HOSTILE },
    symbols: d.symbols.map((s) => ({ ...s, name: HOSTILE, description: HOSTILE, value: HOSTILE })),
    assumptions: [HOSTILE],
    sections: d.sections.map((s) => ({
      ...s,
      id: `${s.id}"><script>window.__pwned=3</script>`,
      title: HOSTILE,
      intro: HOSTILE,
      notes: [HOSTILE],
      steps: s.steps?.map((st) => ({
        ...st,
        rule: HOSTILE,
        ruleName: HOSTILE,
        justification: HOSTILE,
        check: HOSTILE,
        result: { ...st.result, text: HOSTILE },
      })),
      algorithms: s.algorithms?.map((a) => ({
        ...a,
        title: HOSTILE,
        when: HOSTILE,
        inputs: [HOSTILE],
      })),
      plots: s.plots?.map((p) => ({
        ...p,
        title: HOSTILE,
        xLabel: HOSTILE,
        yLabel: HOSTILE,
        caption: HOSTILE,
        series: p.series.map((x) => ({ ...x, name: HOSTILE })),
      })),
    })),
    checks: [HOSTILE],
    notes: [HOSTILE],
  };
}
