/**
 * Noether charges printed: JSON (every expression in the input syntax)
 *
 *   { conserved: [{name, generator: {t: ξ, <q>: η, …}, gauge: B, expression: Q, steps, crossChecks}],
 *     broken: [{…, rate: D_tQ on solutions}], notes }
 *
 * and text: each conserved charge (name, generator, Q), each broken one with its rate.
 */
import { print } from "../expr/syntax/print.js";
import { ZERO } from "../expr/algebra.js";
import type { ChargeRecord, NoetherRecord } from "../proof/types.js";
import type { System } from "../variational/types.js";

/** {t: ξ, x: η_x, …} over the time and every coordinate. */
const generatorMap = (c: ChargeRecord, sys: System) => ({
  ...(c.field
    ? Object.fromEntries(sys.variables.map((x) => [x, c.field!.xi[x] ?? ZERO]))
    : { [sys.variables[0]]: c.generator.xi }),
  ...Object.fromEntries(sys.coordinates.map((q) => [q, c.generator.eta[q] ?? ZERO])),
});

/** Fields: {t: B^t, x: B^x}; mechanics: B. */
const gaugeOf = (c: ChargeRecord, sys: System) =>
  c.field
    ? Object.fromEntries(sys.variables.map((x) => [x, c.field!.gauge[x] ?? ZERO]))
    : c.generator.gauge;

function chargeJson(c: ChargeRecord, sys: System) {
  return {
    name: c.name,
    generator: generatorMap(c, sys),
    gauge: gaugeOf(c, sys),
    ...(c.current ? { current: c.current } : { expression: c.expression }),
    ...(c.conserved ? {} : { rate: c.rate }),
    steps: c.steps,
    crossChecks: c.crossChecks,
  };
}

/** The JSON form (module comment) with expressions still trees (json.ts prints them). */
export function noetherData(n: NoetherRecord, sys: System): Record<string, unknown> {
  return {
    conserved: n.conserved.map((c) => chargeJson(c, sys)),
    broken: n.broken.map((c) => chargeJson(c, sys)),
    notes: n.notes,
  };
}

/** "t = 0, x = -y, y = x" (zero components left out) and the gauge term when nonzero. */
function generatorText(c: ChargeRecord, sys: System): string {
  const parts = Object.entries(generatorMap(c, sys))
    .filter(([, e]) => !(e.kind === "num" && e.value === "0"))
    .map(([k, e]) => `${k} → ${print(e)}`);
  const gauges = c.field
    ? sys.variables.map((x) => [`B_${x}`, c.field!.gauge[x] ?? ZERO] as const)
    : [["gauge", c.generator.gauge] as const];
  for (const [k, g] of gauges) {
    if (!(g.kind === "num" && g.value === "0")) parts.push(`${k} ${print(g)}`);
  }
  return parts.join(", ") || "0";
}

/** The text section: conserved charges, broken ones with their rates, the proofs' size. */
export function noetherText(
  n: NoetherRecord,
  sys: System,
  opts: { steps?: boolean } = {},
): string[] {
  if (sys.kind === "field") return fieldText(n, sys, opts);
  const t = sys.variables[0];
  const out: string[] = ["Noether charges (Q = Σ ∂L/∂q'·(η − q'ξ) + L·ξ − B)"];
  if (!n.conserved.length && !n.broken.length) out.push("  none found");
  for (const c of n.conserved) {
    out.push(
      `  ${c.name}: conserved   (${generatorText(c, sys)})`,
      `    Q = ${print(c.expression)}`,
    );
  }
  for (const c of n.broken) {
    out.push(
      `  ${c.name}: not a symmetry   (${generatorText(c, sys)})`,
      `    Q = ${print(c.expression)}`,
      `    D_${t}Q = ${print(c.rate)}   on solutions`,
    );
  }
  return [
    ...out,
    ...tail(
      n,
      opts,
      `D_${t}Q`,
      "numeric-integration",
      `Q(T) − Q(0) = ∫ D_${t}Q dt along solutions`,
    ),
  ];
}

/** Fields: each current's components J^μ, broken ones with their divergence on solutions. */
function fieldText(n: NoetherRecord, sys: System, opts: { steps?: boolean }): string[] {
  const out: string[] = ["Noether currents (J^μ = Σ ∂L/∂u_μ·(η − Σ u_ν ξ^ν) + L·ξ^μ − B^μ)"];
  if (!n.conserved.length && !n.broken.length) out.push("  none found");
  const div = sys.variables.map((x) => `D_${x}J^${x}`).join(" + ");
  const components = (c: ChargeRecord) =>
    sys.variables.map((x) => `    J^${x} = ${print(c.current?.[x] ?? ZERO)}`);
  for (const c of n.conserved) {
    out.push(`  ${c.name}: conserved   (${generatorText(c, sys)})`, ...components(c));
  }
  for (const c of n.broken) {
    out.push(
      `  ${c.name}: not a symmetry   (${generatorText(c, sys)})`,
      ...components(c),
      `    ${div} = ${print(c.rate)}   on solutions`,
    );
  }
  return [
    ...out,
    ...tail(n, opts, div, "finite-difference", `${div} = R on solutions, J differenced`),
  ];
}

/** The proofs' size, the steps when asked, the notes. */
function tail(
  n: NoetherRecord,
  opts: { steps?: boolean },
  rate: string,
  kind: string,
  what: string,
): string[] {
  const out: string[] = [];
  const all = [...n.conserved, ...n.broken];
  if (all.length) {
    const steps = all.reduce((s, c) => s + c.steps.length, 0);
    const cross = all.reduce((s, c) => s + c.crossChecks.length, 0);
    out.push(
      `  Proofs: ${steps} checked steps (symmetry residual, charge, ${rate} by Noether's identity and on solutions); ` +
        `${cross} ${kind} check${cross === 1 ? "" : "s"} passed (${what}).`,
    );
  }
  if (opts.steps) {
    for (const c of all) {
      out.push(`  ${c.name}:`);
      for (const st of c.steps)
        out.push(`    ${st.n}. [${st.rule}] ${st.label} = ${print(st.rhs)}`);
    }
  }
  if (n.notes.length) out.push(...n.notes.map((x) => `  - ${x}`));
  return out;
}
