/**
 * Update rules in the proof document: an optimizer's rule or a system's integrator as an algorithm
 * per variant (hyperparameters, per-step scalars, the first step's lines, the per-element lines),
 * each followed by its proof (sub-actions made stationary, ∂S/∂u[k] = 0 solved for u[k]).
 */
import type { Assignment, Condition, UpdateRule } from "../proof/types.js";
import { slug } from "./doc-noether.js";
import { docStep, formula, References, sym } from "./doc-steps.js";
import type { Algorithm, DisplayEquation, Section } from "./types.js";

const condition = (c: Condition) =>
  "is" in c ? `${c.hyper} = ${c.is}` : `${c.hyper} ${c.zero ? "= 0" : "≠ 0"}`;

const line = (a: Assignment): DisplayEquation => ({
  lhs: sym(a.target),
  relation: "\\leftarrow",
  rhs: formula(a.value),
});

/** The algorithm of each variant, with its proof, after an overview of the rule. */
export function updateSections(
  rule: UpdateRule,
  /** The derivation's steps, which an integrator's proof continues (numbered after them). */
  base: References | undefined,
  kind: "optimizer" | "integrator",
): Section[] {
  const inputs = rule.hyperparameters.map(
    (h) =>
      `${h.name} = ${h.default === null ? "(required)" : String(h.default)}${h.description ? ` (${h.description})` : ""}`,
  );
  const overview: Section = {
    id: kind === "optimizer" ? "update-rule" : "integrator",
    title:
      kind === "optimizer"
        ? `Update rule: ${rule.name}`
        : `Integrator: ${rule.scheme ?? rule.name}`,
    intro:
      kind === "optimizer"
        ? `Each step k = 1, 2, … updates every element of the parameter ${rule.parameter} from the caller's gradient ${rule.gradient}; the state (${rule.state.map((s) => `${s.name} = ${s.init}`).join(", ") || "none"} initially) is kept per element. Every line is derived by making a sub-action stationary in the new value.`
        : `The ${rule.scheme} scheme advances the state (${rule.state.map((s) => s.name).join(", ")}) by the step ${rule.hyperparameters[0]?.name ?? "h"}; step ${rule.index} starts at ${rule.time ?? "t"} = (${rule.index} − 1)·h.`,
    notes: inputs.map((x) => `Hyperparameter ${x}.`),
  };
  const used = new Set<string>();
  const variants = rule.variants.map((v): Section => {
    const alg: Algorithm = {
      title: rule.variants.length > 1 ? `${rule.name}, variant ${v.name}` : rule.name,
      ...(v.when.length ? { when: v.when.map(condition).join(", ") } : {}),
      inputs,
      perStep: v.scalars.map(line),
      firstStep: v.first ? v.first.map(line) : null,
      body: v.assignments.map(line),
      ...(v.refuse !== undefined ? { refused: v.refuse } : {}),
    };
    const refs = new References(v.steps, base);
    let id = `variant-${slug(v.name)}`;
    while (used.has(id)) id += "-2";
    used.add(id);
    const cross = (v.crossChecks ?? []).map(
      (c) => `${c.claim}: ${c.routes[0]} against ${c.routes[1]}, agreeing at ${c.points} points.`,
    );
    return {
      id,
      title: rule.variants.length > 1 ? `Variant ${v.name}` : "The update and its proof",
      intro:
        v.refuse !== undefined
          ? `Refused: ${v.refuse}`
          : `The algorithm, then its proof: ${v.steps.length} checked steps.`,
      algorithms: [alg],
      steps: v.steps.map((st) => docStep(st, refs, st.rule === "solve-stationary")),
      ...(v.notes.length || cross.length ? { notes: [...v.notes, ...cross] } : {}),
    };
  });
  return [overview, ...variants];
}
