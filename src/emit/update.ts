/**
 * Update rules as text and JSON: an optimizer file's {@link UpdateRecord}, or the integrator of a
 * mechanical derivation (`Derivation.update`). JSON shape of a rule (expressions in the input
 * syntax):
 *
 *   { kind, name, index, parameter?, gradient?, time?, scheme?,
 *     hyperparameters: [{name, type, default, description?, torch?}], state: [{name, init}],
 *     variants: [{name, when, scalars: [{target, value}], first: [...]|null,
 *                 assignments: [{target, value, local?}], steps: [...], notes}] }
 */
import { print } from "../expr/syntax/print.js";
import { RULES } from "../proof/rules.js";
import type { Assignment, Condition, Step, UpdateRecord, UpdateRule } from "../proof/types.js";
import { printExprs } from "./json.js";

/** The rule as JSON (documented above). */
export const updateRuleJson = (rule: UpdateRule): Record<string, unknown> =>
  printExprs(rule) as Record<string, unknown>;

/** An optimizer file's record as JSON: {name, description, kind: "update", rule, notes}. */
export const updateJson = (r: UpdateRecord): Record<string, unknown> => ({
  name: r.system.name,
  description: r.system.description,
  kind: "update",
  rule: updateRuleJson(r.rule),
  notes: r.notes,
});

const condition = (c: Condition) =>
  "is" in c ? `${c.hyper} = ${c.is}` : `${c.hyper} ${c.zero ? "= 0" : "≠ 0"}`;

const line = (a: Assignment) => `    ${a.local ? "let " : ""}${a.target} ← ${print(a.value)}`;

/** The rule: hyperparameters, state, and per variant its scalars and assignments. */
export function updateRuleText(rule: UpdateRule, opts: { steps?: boolean } = {}): string[] {
  const out: string[] = [];
  const hp = rule.hyperparameters
    .map((h) => `${h.name} = ${h.default === null ? "(required)" : String(h.default)}`)
    .join(", ");
  out.push(`  hyperparameters: ${hp}`);
  if (rule.kind === "optimizer") {
    out.push(
      `  per element: parameter ${rule.parameter}, gradient ${rule.gradient}; state ` +
        (rule.state.map((s) => `${s.name} = ${s.init}`).join(", ") || "none") +
        `; step ${rule.index} = 1, 2, …`,
    );
  } else {
    out.push(
      `  state: ${rule.state.map((s) => s.name).join(", ")}; scheme ${rule.scheme}; ` +
        `step ${rule.index} = 1, 2, …${rule.time ? ` (${rule.time} = (${rule.index} − 1)·h at its start)` : ""}`,
    );
  }
  for (const v of rule.variants) {
    const when = v.when.length ? ` (when ${v.when.map(condition).join(", ")})` : "";
    out.push("", `  ${rule.variants.length > 1 ? `Variant ${v.name}` : "Update"}${when}`);
    if (v.refuse !== undefined) {
      out.push(`    refused: ${v.refuse}`);
      continue;
    }
    if (v.scalars.length) {
      out.push("    per step:");
      out.push(...v.scalars.map((a) => `  ${line(a)}`));
    }
    if (v.first) {
      out.push(`    on the first step (${rule.index} = 1):`);
      out.push(...v.first.map((a) => `  ${line(a)}`));
      out.push("    on later steps:");
    }
    out.push(...v.assignments.map(line));
    out.push(...v.notes.map((n) => `    note: ${n}`));
    const cross = v.crossChecks ?? [];
    out.push(
      `    proof: ${v.steps.length} checked steps` +
        (cross.length
          ? `; the assignments run against the proved equations at ${cross.map((c) => c.points).join(" + ")} points`
          : ""),
    );
    if (opts.steps) out.push(...stepsText(v.steps));
  }
  return out;
}

export function stepsText(steps: readonly Step[]): string[] {
  return steps.flatMap((st) => [
    `    ${st.n}. [${st.rule}] ${st.label} = ${print(st.rhs)}`,
    `       ${RULES[st.rule].name}: ${st.justification}; checked (${st.check.method})`,
  ]);
}

/** An optimizer file's summary (the CLI's default output). */
export function updateText(r: UpdateRecord, opts: { steps?: boolean } = {}): string {
  const out: string[] = [r.system.name];
  if (r.system.description) out.push(`  ${r.system.description.trim().replace(/\s+/g, " ")}`);
  out.push("", "Update rule", ...updateRuleText(r.rule, opts));
  if (r.notes.length) out.push("", "Notes", ...r.notes.map((n) => `  - ${n}`));
  const total = r.rule.variants.reduce((s, v) => s + v.steps.length, 0);
  const c = r.rule.variants[0]?.steps[0]?.check;
  out.push(
    "",
    `Proof: ${total} steps over ${r.rule.variants.length} variant(s), each checked at ${c?.points ?? 0} random points (relative tolerance ${c?.rtol ?? 0}).`,
  );
  return out.join("\n") + "\n";
}
