/** A readable plain-text summary of a derivation (the CLI's default output). */
import { print } from "../expr/syntax/print.js";
import { RULES } from "../proof/rules.js";
import { noetherText } from "./noether.js";
import { updateRuleText } from "./update.js";
import type { Derivation } from "../proof/types.js";

/** The summary; with `steps`, every recorded step with its rule and check. */
export function derivationText(d: Derivation, opts: { steps?: boolean } = {}): string {
  const s = d.system;
  const out: string[] = [];
  out.push(s.name ?? "Lagrangian system");
  if (s.description) out.push(`  ${s.description.trim().replace(/\s+/g, " ")}`);
  out.push(`  L = ${print(s.lagrangian)}`);
  const vars =
    s.kind === "field" ? `variables: ${s.variables.join(", ")}` : `time: ${s.variables[0]}`;
  out.push(
    `  ${s.kind === "field" ? "fields" : "coordinates"}: ${s.coordinates.join(", ")}   ${vars}   parameters: ${s.parameters.join(", ") || "none"}`,
  );
  const positive = s.assumptions?.positive ?? [];
  if (positive.length) out.push(`  assumptions: ${positive.join(", ")} > 0`);
  out.push("", "Euler–Lagrange equations (E = ∂L/∂q − D(∂L/∂q') + … = 0)");
  for (const e of d.equations) out.push(`  ${e.coordinate}:  ${print(e.residual)} = 0`);
  out.push("", "Momenta");
  for (const p of d.momenta) out.push(`  conjugate to ${p.conjugateTo}:  ${print(p.value)}`);
  out.push(
    "",
    s.kind === "field" ? "Energy density" : "Energy function",
    `  E = ${print(d.energy)}`,
  );
  if (d.hamiltonian) {
    out.push(
      "",
      s.kind === "field" ? "Hamiltonian density" : "Hamiltonian",
      `  H = ${print(d.hamiltonian.value)}`,
    );
    const form = d.hamiltonian.massMatrix;
    if (form) {
      out.push(
        `  with (${form.velocities.join(", ")}) = v, the solution of M·v = p − b, where`,
        ...form.matrix.map((row, i) => `  M[${i + 1}] = [${row.map(print).join(", ")}]`),
        `  b = [${form.b.map(print).join(", ")}]`,
        `  L₀ = ${print(form.potential)}`,
        `  ${form.velocities.join(", ")} = v   (q' = ∂H/∂p)`,
      );
    }
    for (const eq of d.hamiltonian.equations) {
      if (!form || eq.kind === "force") out.push(`  ${eq.lhs} = ${print(eq.rhs)}`);
    }
  }
  const m = d.motion;
  if (m.accelerations) {
    out.push("", "Equations of motion");
    for (const [a, e] of Object.entries(m.accelerations)) out.push(`  ${a} = ${print(e)}`);
  } else if (m.massMatrix && m.forcing) {
    out.push("", `Equations of motion in mass-matrix form M·a = F, a = (${m.unknowns.join(", ")})`);
    m.massMatrix.forEach((row, i) => out.push(`  M[${i + 1}] = [${row.map(print).join(", ")}]`));
    m.forcing.forEach((f, i) => out.push(`  F[${i + 1}] = ${print(f)}`));
  }
  if (d.noether) out.push("", ...noetherText(d.noether, s));
  if (d.update) out.push("", "Integrator", ...updateRuleText(d.update, opts));
  if (d.notes.length) out.push("", "Notes", ...d.notes.map((n) => `  - ${n}`));
  const c = d.steps[0]?.check;
  out.push(
    "",
    `Proof: ${d.steps.length} steps, each checked at ${c?.points ?? 0} random points (relative tolerance ${c?.rtol ?? 0}).`,
  );
  if (opts.steps) {
    for (const st of d.steps) {
      out.push(`  ${st.n}. [${st.rule}] ${st.label} = ${print(st.rhs)}`);
      out.push(`     ${RULES[st.rule].name}: ${st.justification}; checked (${st.check.method})`);
    }
  }
  if (d.crossChecks.length) out.push(crossSummary(d.crossChecks));
  if (opts.steps) {
    for (const c of d.crossChecks) {
      out.push(`  [${c.id}] ${c.claim}`);
      out.push(
        `     ${c.routes[0]}  vs  ${c.routes[1]}: agree at ${c.points} points (${c.method})`,
      );
    }
  }
  return out.join("\n") + "\n";
}

const CROSS_GROUPS: readonly [prefix: string, text: string][] = [
  ["hamilton-", "Hamilton's equations vs Euler–Lagrange"],
  ["energy", "H vs energy"],
  ["accelerations", "accelerations vs E(L) = 0"],
];

/** One line: how many cross-route checks passed, and of which kinds. */
function crossSummary(checks: Derivation["crossChecks"]): string {
  const kinds = CROSS_GROUPS.filter(([prefix]) => checks.some((c) => c.id.startsWith(prefix)));
  return `Cross-route checks: ${checks.length} passed (${kinds.map(([, text]) => text).join(", ")}).`;
}
