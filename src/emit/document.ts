/**
 * The proof document of a derivation record (./types.ts): what a reader follows, built once and
 * rendered to LaTeX/PDF (tex.ts) and HTML. A mechanical or field record gives the Lagrangian and
 * its symbols, the numbered steps by section (Euler–Lagrange equations E_q(L) = ∂L/∂q − D_t ∂L/∂q̇
 * boxed, equations of motion, momenta p = ∂L/∂q̇, energy E = Σ p·q̇ − L, Hamiltonian H = Σ p·q̇ − L
 * with Hamilton's equations q̇ = ∂H/∂p, ṗ = −∂H/∂q), the Noether charges, the integrator as an
 * algorithm, plots and the cross-route checks; an optimizer record gives its update rule.
 */
import type { DerivationSpec } from "../derivation-files/types.js";
import { isBuiltin, type Expr } from "../expr/types.js";
import { latex } from "../expr/syntax/latex.js";
import type { Derivation, Step, UpdateRecord } from "../proof/types.js";
import { noetherSections } from "./doc-noether.js";
import { plotSection } from "./doc-plot.js";
import { breakable, docStep, formula, References, sym } from "./doc-steps.js";
import { updateSections } from "./doc-update.js";
import type { DisplayEquation, ProofDocument, Section, SymbolRow } from "./types.js";

export interface DocumentOptions {
  /** The derivation file: descriptions and values of parameters, the Lagrangian as written, plots. */
  readonly spec?: DerivationSpec;
  /** Integrate and plot (default true when the file has a `plot:` section). */
  readonly plots?: boolean;
}

const isUpdate = (r: Derivation | UpdateRecord): r is UpdateRecord => "rule" in r;

/** The document of a derivation or of an optimizer file's update rule. */
export function buildDocument(
  record: Derivation | UpdateRecord,
  options: DocumentOptions = {},
): ProofDocument {
  return isUpdate(record) ? updateDocument(record, options) : derivationDocument(record, options);
}

/** Abstract functions applied in `e` (names of calls that are not builtins). */
function functionsOf(e: Expr, into = new Set<string>()): Set<string> {
  if (e.kind === "call" && !isBuiltin(e.fn)) into.add(e.fn);
  if (e.kind === "add" || e.kind === "mul" || e.kind === "call")
    e.args.forEach((a) => functionsOf(a, into));
  if (e.kind === "pow") [e.base, e.exp].forEach((a) => functionsOf(a, into));
  return into;
}

function symbolRows(d: Derivation, spec?: DerivationSpec): SymbolRow[] {
  const s = d.system;
  const field = s.kind === "field";
  const rows: SymbolRow[] = [];
  for (const q of s.coordinates)
    rows.push({ name: q, latex: sym(q), role: field ? "field" : "coordinate" });
  for (const x of s.variables)
    rows.push({ name: x, latex: sym(x), role: field ? "independent variable" : "time" });
  for (const p of s.parameters) {
    const ps = spec?.parameters.find((x) => x.name === p);
    rows.push({
      name: p,
      latex: sym(p),
      role: "parameter",
      ...(ps?.description ? { description: ps.description } : {}),
      ...(ps?.value !== undefined ? { value: String(ps.value) } : {}),
    });
  }
  for (const f of [...functionsOf(s.lagrangian)].sort())
    rows.push({ name: f, latex: sym(f), role: "function" });
  return rows;
}

/** Which section a rule opens; neutral rules (partials, simplifications) stay where they are. */
const PHASE: Partial<Record<Step["rule"], number>> = {
  lagrangian: 0,
  "euler-lagrange": 0,
  "mass-matrix": 1,
  "solve-accelerations": 1,
  "singular-hessian": 1,
  momentum: 2,
  energy: 3,
  "solve-velocities": 4,
  legendre: 4,
  "hamilton-equations": 4,
};

function derivationDocument(d: Derivation, options: DocumentOptions): ProofDocument {
  const s = d.system;
  const field = s.kind === "field";
  const spec = options.spec;
  const refs = new References(d.steps);
  const boxedSteps = new Set(d.equations.map((e) => e.step));
  const phases: Step[][] = [[], [], [], [], []];
  let phase = 0;
  for (const st of d.steps) {
    phase = Math.max(phase, PHASE[st.rule] ?? phase);
    phases[phase].push(st);
  }
  const steps = (i: number) => phases[i].map((st) => docStep(st, refs, boxedSteps.has(st.n)));
  const t = s.variables[0];
  const sections: Section[] = [];

  const el: DisplayEquation[] = d.equations.map((e) => ({
    lhs: breakable(e.residual),
    rhs: { latex: "0" },
    boxed: true,
    steps: [e.step],
  }));
  sections.push({
    id: "euler-lagrange",
    title: field ? "Field equations" : "Euler–Lagrange equations",
    intro: field
      ? `For each field u the Euler operator E_u(L) = ∂L/∂u − Σ_μ D_μ(∂L/∂u_μ) + … vanishes on solutions; each partial and total derivative is a step of its own.`
      : `For each coordinate q the Euler operator E_q(L) = ∂L/∂q − D_${t}(∂L/∂q') + … vanishes on stationary paths of the action; each partial and total derivative is a step of its own.`,
    steps: steps(0),
    equations: el,
  });

  const m = d.motion;
  const motion: DisplayEquation[] = [];
  if (m.accelerations) {
    m.unknowns.forEach((a) => {
      const e = m.accelerations![a];
      if (e) motion.push({ lhs: sym(a), rhs: formula(e), boxed: true });
    });
  } else if (m.kind === "mass-matrix" && m.massMatrix && m.forcing) {
    m.massMatrix.forEach((row, i) => {
      const terms = row.flatMap((x, j) => {
        if (x.kind === "num" && x.value === "0") return [];
        const c = latex(x);
        const a = sym(m.unknowns[j]);
        return [c === "1" ? a : /[-+ ]/.test(c) ? `\\left(${c}\\right) ${a}` : `${c} ${a}`];
      });
      motion.push({ lhs: terms.join(" + ") || "0", rhs: formula(m.forcing![i]), boxed: true });
    });
  }
  sections.push({
    id: "equations-of-motion",
    title: "Equations of motion",
    intro:
      m.kind === "solved"
        ? "The Euler–Lagrange equations are linear in the highest derivatives: E = F − M·a with the mass matrix M = −∂E/∂a; M is regular, so a = M⁻¹F."
        : m.kind === "mass-matrix"
          ? "The Euler–Lagrange equations in mass-matrix form M·a = F (M regular, a not written out)."
          : m.kind === "singular"
            ? "The mass matrix M = −∂E/∂a is singular (det M ≡ 0): the Euler–Lagrange equations do not determine the accelerations, and are themselves the equations of motion."
            : `The accelerations are not solved in closed form (${m.kind === "implicit" ? "an equation contains a derivative of its unknown" : "the equations are not linear in them"}).`,
    steps: steps(1),
    equations: motion,
  });

  sections.push({
    id: "momenta",
    title: "Canonical momenta",
    intro:
      "The momentum conjugate to each coordinate: p = ∂L/∂q' (Ostrogradsky's for higher order).",
    steps: steps(2),
    equations: d.momenta.map((p) => ({
      lhs: sym(d.hamiltonian?.momentumSymbols[p.conjugateTo] ?? `p_${p.conjugateTo}`),
      rhs: formula(p.value),
      steps: [p.step],
    })),
  });
  sections.push({
    id: "energy",
    title: field ? "Energy density" : "Energy function",
    intro: `E = Σ p·q' − L, conserved when L does not depend on ${t} explicitly.`,
    steps: steps(3),
    equations: [{ lhs: "E", rhs: formula(d.energy), boxed: true }],
  });
  const H = d.hamiltonian;
  if (H) {
    const eqs: DisplayEquation[] = [{ lhs: "H", rhs: formula(H.value), boxed: true }];
    const form = H.massMatrix;
    const notes: string[] = [];
    if (form) {
      // Entry by entry (M is the symmetric Hessian ∂²L/∂q'∂q': the upper triangle), so that a
      // large M breaks across lines instead of one matrix wider than the page.
      const n = form.velocities.length;
      form.matrix.forEach((row, i) =>
        row.forEach((x, j) => {
          if (j >= i && !(x.kind === "num" && x.value === "0"))
            eqs.push({ lhs: `M_{${i + 1}${n > 9 ? "," : ""}${j + 1}}`, rhs: formula(x) });
        }),
      );
      form.b.forEach((x, i) => {
        if (!(x.kind === "num" && x.value === "0"))
          eqs.push({ lhs: `b_{${i + 1}}`, rhs: formula(x) });
      });
      const v = `\\begin{pmatrix}${form.velocities.map(sym).join(" \\\\ ")}\\end{pmatrix}`;
      const p = `\\begin{pmatrix}${form.velocities.map((v) => sym(H.momentumSymbols[v.replace(/'$/, "")] ?? `p_${v}`)).join(" \\\\ ")}\\end{pmatrix}`;
      eqs.push(
        {
          lhs: `M ${v}`,
          rhs: { latex: form.b.every((x) => x.kind === "num" && x.value === "0") ? p : `${p} - b` },
          boxed: true,
        },
        { lhs: "L_{0}", rhs: formula(form.potential) },
      );
      notes.push(
        `Mass-matrix form: the velocities (${form.velocities.join(", ")}) in H and in Hamilton's equations stand for the solution v of M·v = p − b.`,
      );
    }
    for (const e of H.equations)
      if (!form || e.kind === "force")
        eqs.push({ lhs: sym(e.lhs), rhs: formula(e.rhs), boxed: true });
    if (H.positive.length)
      notes.push(`The velocities were solved assuming ${H.positive.join(", ")} > 0.`);
    sections.push({
      id: "hamiltonian",
      title: field
        ? "Hamiltonian density and Hamilton's equations"
        : "Hamiltonian and Hamilton's equations",
      intro:
        "The Legendre transform H = Σ p·q' − L with the velocities solved from the momenta, and Hamilton's equations q' = ∂H/∂p, p' = −∂H/∂q.",
      steps: steps(4),
      equations: eqs,
      ...(notes.length ? { notes } : {}),
    });
  } else if (phases[4].length) {
    sections.push({ id: "hamiltonian", title: "Hamiltonian", steps: steps(4) });
  }
  if (d.noether) sections.push(...noetherSections(d.noether, s));
  if (d.update) sections.push(...updateSections(d.update, refs, "integrator"));
  if (spec && options.plots !== false) {
    const plot = plotSection(d, spec);
    if (plot) sections.push(plot);
  }
  if (d.crossChecks.length) {
    sections.push({
      id: "cross-checks",
      title: "Cross-route checks",
      intro: "Each result compared with a second, independent route at random points.",
      notes: d.crossChecks.map(
        (c) => `${c.claim}: ${c.routes[0]} against ${c.routes[1]}, agreeing at ${c.points} points.`,
      ),
    });
  }
  const c = d.steps[0]?.check;
  return {
    title: s.name ?? spec?.name ?? "Lagrangian system",
    ...(s.description ? { description: s.description.trim().replace(/\s+/g, " ") } : {}),
    ...(spec?.file ? { source: spec.file } : {}),
    kind: s.kind,
    lagrangian: spec?.lagrangian
      ? { latex: latexOfText(s.lagrangian, d.steps), text: spec.lagrangian.trim() }
      : formula(s.lagrangian),
    symbols: symbolRows(d, spec),
    assumptions: s.assumptions?.positive.length ? [`${s.assumptions.positive.join(", ")} > 0`] : [],
    sections,
    checks: [
      `${d.steps.length} steps, each checked at ${c?.points ?? 0} random points (relative tolerance ${c?.rtol ?? 0}).`,
      ...(d.crossChecks.length ? [`${d.crossChecks.length} cross-route checks passed.`] : []),
    ],
    notes: [...d.notes],
  };
}

/** The Lagrangian as written (the first step's given expression) in LaTeX. */
function latexOfText(L: Expr, steps: readonly Step[]): string {
  const first = steps[0]?.lhs;
  return first?.op === "given" && !("step" in first.expr) ? latex(first.expr) : latex(L);
}

function updateDocument(r: UpdateRecord, options: DocumentOptions): ProofDocument {
  const rule = r.rule;
  const symbols: SymbolRow[] = [
    ...(rule.parameter
      ? [
          {
            name: rule.parameter,
            latex: sym(rule.parameter),
            role: "parameter" as const,
            description: "the parameter, per element",
          },
        ]
      : []),
    ...(rule.gradient
      ? [
          {
            name: rule.gradient,
            latex: sym(rule.gradient),
            role: "parameter" as const,
            description: "the caller's gradient",
          },
        ]
      : []),
    ...rule.hyperparameters.map((h) => ({
      name: h.name,
      latex: sym(h.name),
      role: "hyperparameter" as const,
      ...(h.description ? { description: h.description } : {}),
      value: h.default === null ? "required" : String(h.default),
    })),
    ...rule.state.map((st) => ({
      name: st.name,
      latex: sym(st.name),
      role: "state" as const,
      ...(st.description ? { description: st.description } : {}),
      value: String(st.init),
    })),
  ];
  const total = rule.variants.reduce((n, v) => n + v.steps.length, 0);
  const c = rule.variants.find((v) => v.steps.length)?.steps[0]?.check;
  return {
    title: r.system.name,
    ...(r.system.description
      ? { description: r.system.description.trim().replace(/\s+/g, " ") }
      : {}),
    ...((options.spec?.file ?? r.system.file)
      ? { source: options.spec?.file ?? r.system.file }
      : {}),
    kind: "update",
    symbols,
    assumptions: [],
    sections: updateSections(rule, undefined, "optimizer"),
    checks: [
      `${total} steps over ${rule.variants.length} variant(s), each checked at ${c?.points ?? 0} random points (relative tolerance ${c?.rtol ?? 0}).`,
    ],
    notes: [...r.notes],
  };
}
