/**
 * The Noether sections of a proof document: for each generator v = ξ∂_t + Σ η_i∂_{q_i} with gauge
 * term B, the charge Q = Σ ∂L/∂q_i'·(η_i − q_i'ξ) + Lξ − B (a field's current J^μ), and its proof
 * that D_tQ = 0 on solutions — or, for a generator that is not a symmetry, the rate D_tQ = R.
 */
import { latex } from "../expr/syntax/latex.js";
import { print } from "../expr/syntax/print.js";
import type { Expr } from "../expr/types.js";
import type { ChargeRecord, NoetherRecord } from "../proof/types.js";
import type { System } from "../variational/types.js";
import { docStep, formula, References, sym } from "./doc-steps.js";
import type { DisplayEquation, Section } from "./types.js";

const isZero = (e: Expr) => e.kind === "num" && e.value === "0";

/** A stable anchor from a name: `angular momentum` → `angular-momentum`. */
export const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "x";

/** v = ξ ∂_t + Σ η ∂_q in LaTeX (zero components left out). */
function generatorLatex(c: ChargeRecord, sys: System): string {
  const parts: [Expr, string][] = c.field
    ? sys.variables.map((x) => [c.field!.xi[x] ?? { kind: "num", value: "0" }, x])
    : [[c.generator.xi, sys.variables[0]]];
  for (const q of sys.coordinates) if (c.generator.eta[q]) parts.push([c.generator.eta[q], q]);
  const terms = parts
    .filter(([e]) => !isZero(e))
    .map(([e, x]) => {
      const s = latex(e);
      const coefficient =
        s === "1"
          ? ""
          : s === "-1"
            ? "-"
            : /[+ -]/.test(s.slice(1))
              ? `\\left(${s}\\right) `
              : `${s} `;
      return `${coefficient}\\partial_{${sym(x)}}`;
    });
  return terms.join(" + ").replace(/\+ -/g, "- ") || "0";
}

function chargeSection(c: ChargeRecord, sys: System, used: Set<string>): Section {
  const t = sys.variables[0];
  const eqs: DisplayEquation[] = [{ lhs: "v", rhs: { latex: generatorLatex(c, sys) } }];
  if (c.field) {
    for (const x of sys.variables) {
      const B = c.field.gauge[x];
      if (B && !isZero(B)) eqs.push({ lhs: `B^{${sym(x)}}`, rhs: formula(B) });
    }
    for (const x of sys.variables)
      eqs.push({
        lhs: `J^{${sym(x)}}`,
        rhs: formula(c.current?.[x] ?? { kind: "num", value: "0" }),
        boxed: true,
      });
  } else {
    if (!isZero(c.generator.gauge)) eqs.push({ lhs: "B", rhs: formula(c.generator.gauge) });
    eqs.push({ lhs: "Q", rhs: formula(c.expression), boxed: true });
  }
  const rate = c.field
    ? sys.variables.map((x) => `D_{${sym(x)}} J^{${sym(x)}}`).join(" + ")
    : `D_{${sym(t)}} Q`;
  eqs.push({ lhs: rate, rhs: formula(c.rate), boxed: true });
  const refs = new References(c.steps);
  let id = `noether-${slug(c.name)}`;
  while (used.has(id)) id += "-2";
  used.add(id);
  const what = c.field ? "current" : "charge";
  const components = [
    ...(c.field
      ? sys.variables.map((x) => [x, c.field!.xi[x]] as const)
      : [[t, c.generator.xi] as const]),
    ...sys.coordinates.map((q) => [q, c.generator.eta[q]] as const),
    ...(c.field
      ? sys.variables.map((x) => [`B_${x}`, c.field!.gauge[x]] as const)
      : [["B", c.generator.gauge] as const]),
  ].filter((p): p is readonly [string, Expr] => p[1] !== undefined && !isZero(p[1]));
  const generator = `Generator: ${components.map(([k, e]) => `${k} → ${print(e)}`).join(", ") || "0"}. `;
  return {
    id,
    title: `Noether ${what}: ${c.name}`,
    intro:
      generator +
      (c.conserved
        ? `The generator v is a symmetry of L (its residual R vanishes identically), so by Noether's identity D_${t}Q = R − Σ (η_i − q_i'ξ)·E_i(L) the ${what} is conserved: its rate is 0 on every solution.`
        : `The generator v is not a symmetry of L: its residual R does not vanish, and on solutions the ${what} changes at the rate R (a broken ${what} drifts).`),
    equations: eqs,
    steps: c.steps.map((st) => docStep(st, refs, st.rule === "on-shell-rate")),
    ...(c.crossChecks.length
      ? {
          notes: c.crossChecks.map(
            (x) =>
              `${x.claim}: ${x.routes[0]} against ${x.routes[1]}, agreeing at ${x.points} points.`,
          ),
        }
      : {}),
  };
}

/** The Noether sections: an overview, then one section per conserved and per broken charge. */
export function noetherSections(n: NoetherRecord, sys: System): Section[] {
  const used = new Set<string>();
  const field = sys.kind === "field";
  const overview: Section = {
    id: "noether",
    title: field ? "Noether currents" : "Noether charges",
    intro: field
      ? "For each generator the current J^μ = Σ ∂L/∂u_μ·(η − Σ u_ν ξ^ν) + L·ξ^μ − B^μ; its divergence vanishes on solutions when the generator is a symmetry."
      : "For each generator v = ξ∂_t + Σ η_i∂_(q_i) with gauge term B, the charge Q = Σ ∂L/∂q_i'·(η_i − q_i'ξ) + L·ξ − B; it is conserved on solutions when v is a symmetry of L.",
    notes: [
      `Conserved: ${n.conserved.map((c) => c.name).join(", ") || "none"}.`,
      `Broken: ${n.broken.map((c) => c.name).join(", ") || "none"}.`,
      ...n.notes,
    ],
  };
  return [
    overview,
    ...n.conserved.map((c) => chargeSection(c, sys, used)),
    ...n.broken.map((c) => chargeSection(c, sys, used)),
  ];
}
