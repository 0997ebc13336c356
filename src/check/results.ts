/**
 * The results a record states outside its steps — the Euler–Lagrange expressions, momenta, energy,
 * Hamiltonian, Hamilton's equations, accelerations, and each Noether charge's Q (or J^μ) and rate —
 * must each be the right-hand side of the step that proves it (the last step with its label), so
 * that a result edited by hand is caught even where the cross-route checks would agree with it.
 */
import { print } from "../expr/syntax/print.js";
import type { Expr } from "../expr/types.js";
import { parseIn, RecordFailure, type ParsedRecord, type ParsedStep } from "./record.js";

type Obj = Record<string, unknown>;

/** The last step of `steps` labelled `label`, when its rule is one of `rules` (or simplify). */
function proving(steps: readonly ParsedStep[], label: string, rules: readonly string[]) {
  const all = steps.filter((s) => s.label === label && [...rules, "simplify"].includes(s.rule));
  return all[all.length - 1];
}

/** Check every stated result against its step (module comment). */
export function checkResults(record: ParsedRecord): void {
  const raw = record.raw;
  const main = record.proofs[0]?.steps ?? [];
  const same = (
    what: string,
    stated: unknown,
    steps: readonly ParsedStep[],
    label: string,
    rules: string[],
  ) => {
    if (stated === undefined || stated === null) return;
    const s = proving(steps, label, rules);
    const value: Expr = parseIn(stated, `${record.name}: ${what}`);
    if (!s)
      throw new RecordFailure(
        `${record.name}: ${what} is stated, but no step labelled ${label} proves it`,
      );
    if (print(value) !== print(s.rhs))
      throw new RecordFailure(
        `${record.name}: ${what} is ${print(value)}, but step ${s.n} (${s.rule}: ${s.label}) proves ${print(s.rhs)}`,
      );
  };
  if (record.kind === "claims") return claimVerdicts(record);
  if (record.kind !== "derivation") return;
  for (const e of (raw.equations ?? []) as Obj[])
    same(
      `the Euler–Lagrange expression of ${String(e.coordinate)}`,
      e.residual,
      main,
      `E_${String(e.coordinate)}(L)`,
      ["euler-lagrange"],
    );
  for (const [c, p] of Object.entries((raw.momenta ?? {}) as Obj)) {
    const label = proving(main, `p_${c}`, ["momentum"]) ? `p_${c}` : `P_${c}`;
    same(`the momentum conjugate to ${c}`, p, main, label, ["momentum"]);
  }
  same("the energy", raw.energy, main, "E", ["energy"]);
  const H = raw.hamiltonian;
  same("the Hamiltonian", typeof H === "object" && H !== null ? (H as Obj).value : H, main, "H", [
    "legendre",
  ]);
  for (const e of (raw.hamiltonEquations ?? []) as Obj[])
    same(`Hamilton's equation for ${String(e.lhs)}`, e.rhs, main, String(e.lhs), [
      "hamilton-equations",
    ]);
  const unknowns = (raw.unknowns ?? []) as string[];
  const coordinates = (raw.coordinates ?? []) as string[];
  for (const [c, a] of Object.entries((raw.accelerations ?? {}) as Obj))
    same(`the acceleration of ${c}`, a, main, unknowns[coordinates.indexOf(c)] ?? "", [
      "solve-accelerations",
    ]);
  const noether = raw.noether as Record<string, Obj[]> | undefined;
  const charges = [...(noether?.conserved ?? []), ...(noether?.broken ?? [])];
  charges.forEach((c, i) => {
    const steps = record.proofs[i + 1]?.steps ?? [];
    const name = `noether charge '${String(c.name)}'`;
    if (c.current && typeof c.current === "object")
      for (const [x, J] of Object.entries(c.current as Obj))
        same(`${name}: J^${x}`, J, steps, `J^${x}`, ["noether-charge"]);
    else same(`${name}: Q`, c.expression, steps, "Q", ["noether-charge"]);
    const rate = steps.filter((s) => s.rule === "on-shell-rate").at(-1);
    if (i < (noether?.conserved ?? []).length && !(rate && print(rate.rhs) === "0"))
      throw new RecordFailure(
        `${record.name}: ${name} is listed as conserved, but its proof does not end with D_tQ = 0 on solutions`,
      );
    if (c.rate !== undefined && rate)
      same(`${name}: its rate`, c.rate, steps, rate.label, ["on-shell-rate"]);
  });
}

const ORDER = ["refuted", "not-checkable", "checked", "proved"];

/**
 * A claims record's verdicts as its parts state them: each claim's verdict is the weakest of its
 * parts' (refuted < not-checkable < checked < proved), and a part is `proved` only with steps (which
 * the proofs re-check). The numeric evidence of a `checked` part is not re-run.
 */
function claimVerdicts(record: ParsedRecord): void {
  for (const c of (record.raw.claims ?? []) as Obj[]) {
    const parts = (Array.isArray(c.parts) ? c.parts : []) as Obj[];
    const name = `${record.name}: claim ${String(c.id)}`;
    for (const [j, p] of parts.entries()) {
      if (!ORDER.includes(String(p.verdict)))
        throw new RecordFailure(`${name}: part ${j + 1} has no verdict of ${ORDER.join(", ")}`);
      if (p.verdict === "proved" && !(Array.isArray(p.steps) && p.steps.length > 0))
        throw new RecordFailure(`${name}: part ${j + 1} is stated proved, but has no steps`);
    }
    const weakest = parts.length
      ? ORDER[Math.min(...parts.map((p) => ORDER.indexOf(String(p.verdict))))]
      : "not-checkable";
    if (c.verdict !== weakest)
      throw new RecordFailure(
        `${name} is stated ${String(c.verdict)}, but the weakest of its parts is ${weakest}`,
      );
  }
}
