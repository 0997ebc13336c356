/**
 * The steps whose `uses` are checked by value: what the rule combines, read from the steps it
 * uses, must give its right-hand side.
 *
 *   euler-lagrange       E_q = Σ (−1)^k · (the k-th total derivative of ∂L/∂q^(k)), one chain per
 *                        jet variable of q in L (and q itself), each used step the end of a chain
 *                        of total derivatives that starts at a partial derivative of the same L
 *   momentum (combine)   P_c = ∂L/∂c' − D_t P_c' (Ostrogradsky), the partial in c' = velocity of c
 *   hamilton-equations   for fields, u_t = δH/δπ and π_t = −δH/δu: ± the Euler operator used
 *   (combine)
 */
import { findMismatch } from "../expr/numeric/check.js";
import { add, mul, num, type Expr } from "../expr/types.js";
import { jetOrder, parseJetName, raise } from "../variational/jet.js";
import type { System } from "../variational/types.js";
import { origin } from "./graph.js";
import {
  jetSystem,
  expectNone,
  guard,
  momentumSymbols,
  namesOf,
  optionsFor,
  stepAt,
  where,
  type Scope,
} from "./numeric.js";
import { isRef, RecordFailure, type ParsedStep } from "./record.js";

const fail = (scope: Scope, step: ParsedStep, why: string) =>
  new RecordFailure(`${where(scope, step)}: ${why}`);

/** rhs = value, by evaluation, naming what value is. */
function sameValue(scope: Scope, step: ParsedStep, value: Expr, what: string): void {
  const m = guard(scope, step, () => findMismatch(value, step.rhs, optionsFor(scope, step)));
  expectNone(scope, step, m, `${what} … ≠ rhs`);
}

const refStep = (scope: Scope, s: ParsedStep, field = "of") => {
  const v = s.lhs[field];
  return isRef(v) ? stepAt(scope, v.step) : undefined;
};

/** The steps a rule computed for itself must be the ones just before it, all of them. */
function contiguous(scope: Scope, step: ParsedStep, steps: readonly number[]): void {
  const sorted = [...new Set(steps)].sort((a, b) => a - b);
  const start = step.n - sorted.length;
  if (sorted.some((n, i) => n !== start + i))
    throw fail(
      scope,
      step,
      `its terms must be the steps just before it (${start}–${step.n - 1}), not [${sorted.join(", ")}]`,
    );
}

/** The Noether identity: D_tQ (Σ_μ D_μJ^μ) is the sum of the total derivatives of the charge used. */
function noetherIdentity(scope: Scope, step: ParsedStep): void {
  const totals = step.uses
    .map((n) => stepAt(scope, n)!)
    .filter((s) => s.rule === "total-derivative");
  if (!totals.length) throw fail(scope, step, "uses no total derivative of the charge");
  sameValue(
    scope,
    step,
    add(...totals.map((s) => s.rhs)),
    "the total derivatives of the charge used",
  );
}

/** The Euler operator's terms (module comment). */
function eulerLagrange(scope: Scope, step: ParsedStep): void {
  const withMomenta = {
    ...jetSystem(scope),
    coordinates: [...scope.context.coordinates, ...Object.values(momentumSymbols(scope))],
  } as System;
  const usedLater = new Set(
    scope.proof.steps
      .filter((s) => s.n > 0 && s.n < step.n)
      .flatMap((s) => (s.rule === "total-derivative" ? s.uses : [])),
  );
  let L: number | undefined;
  let coordinate: string | undefined;
  const jets = new Set<string>();
  const terms: Expr[] = [];
  const chainSteps: number[] = [];
  for (const u of step.uses) {
    let s = stepAt(scope, u)!;
    chainSteps.push(s.n);
    if (usedLater.has(u))
      throw fail(
        scope,
        step,
        `uses step ${u}, which is not the end of its chain of total derivatives`,
      );
    let k = 0;
    const end = s;
    while (s.rule === "total-derivative") {
      const next = refStep(scope, s);
      if (!next) throw fail(scope, step, `step ${s.n} does not differentiate an earlier step`);
      s = next;
      chainSteps.push(s.n);
      k++;
    }
    if (!/^partial-/.test(s.rule))
      throw fail(
        scope,
        step,
        `uses step ${u}, which is not a partial derivative of L or its total derivative`,
      );
    const of = isRef(s.lhs.of) ? s.lhs.of.step : undefined;
    if (L === undefined) L = of;
    if (of === undefined || of !== L)
      throw fail(scope, step, `its terms differentiate different Lagrangians`);
    const wrt = String(s.lhs.wrt);
    const v = parseJetName(withMomenta, wrt);
    if (!v || jetOrder(v) !== k)
      throw fail(
        scope,
        step,
        `the term of ${wrt} has ${k} total derivatives, not ${v ? jetOrder(v) : "?"}`,
      );
    if (coordinate === undefined) coordinate = v.coordinate;
    if (v.coordinate !== coordinate || jets.has(wrt))
      throw fail(scope, step, `uses a second term in ${wrt}`);
    jets.add(wrt);
    terms.push(k % 2 === 0 ? end.rhs : mul(num(-1), end.rhs));
  }
  if (L === undefined || coordinate === undefined)
    throw fail(scope, step, "uses no partial derivative");
  contiguous(scope, step, chainSteps);
  const wanted = new Set([coordinate]);
  for (const s of namesOf(stepAt(scope, L)!.rhs))
    if (parseJetName(withMomenta, s)?.coordinate === coordinate) wanted.add(s);
  const missing = [...wanted].filter((j) => !jets.has(j));
  if (missing.length || jets.size !== wanted.size)
    throw fail(
      scope,
      step,
      `the Euler operator needs a term for every jet variable of ${coordinate} (missing ${missing.join(", ") || "none"})`,
    );
  sameValue(scope, step, add(...terms), "Σ (−D)^k ∂L/∂q^(k) of the steps used");
}

/** Ostrogradsky's momentum from its partial and the next momentum's total derivative. */
function momentum(scope: Scope, step: ParsedStep): void {
  const c = step.label.replace(/^[pP]_/, "");
  const velocity = raise(jetSystem(scope), c, 0);
  const used = step.uses.map((n) => stepAt(scope, n)!);
  const partials = used.filter((s) => s.lhs.op === "partial");
  const totals = used.filter((s) => s.rule === "total-derivative");
  contiguous(scope, step, step.uses);
  if (
    partials.length !== 1 ||
    String(partials[0].lhs.wrt) !== velocity ||
    partials.length + totals.length !== used.length ||
    totals.length > 1
  )
    throw fail(
      scope,
      step,
      `uses [${step.uses.join(", ")}]: a momentum reads ∂L/∂${velocity} and at most D_t of the next momentum`,
    );
  const next = velocity && raise(jetSystem(scope), velocity, 0);
  const higher = scope.proof.steps.some(
    (s) => s.rule === "momentum" && s.label.replace(/^[pP]_/, "") === velocity,
  );
  if (higher !== (totals.length === 1))
    throw fail(
      scope,
      step,
      higher
        ? `does not use D_t of the momentum of ${velocity}`
        : `uses a total derivative, but no momentum of ${velocity} exists`,
    );
  if (totals.length) {
    const of = refStep(scope, totals[0]);
    if (
      !of ||
      origin(scope, of.n)?.rule !== "momentum" ||
      of.label.replace(/^[pP]_/, "") !== velocity
    )
      throw fail(
        scope,
        step,
        `step ${totals[0].n} is not D_t of the momentum of ${velocity} (${next})`,
      );
  }
  const value = totals.length ? add(partials[0].rhs, mul(num(-1), totals[0].rhs)) : partials[0].rhs;
  sameValue(scope, step, value, "∂L/∂q^(k) − D_t P of the steps used");
}

/** A field's Hamilton equation: ± the Euler operator of the density it uses. */
function fieldHamilton(scope: Scope, step: ParsedStep): void {
  const used = step.uses.length === 1 ? stepAt(scope, step.uses[0]) : undefined;
  if (!used || !/^E_/.test(used.label) || origin(scope, used.n)?.rule !== "euler-lagrange")
    throw fail(scope, step, "must use exactly one Euler operator of the Hamiltonian density");
  const sign = isRef(step.lhs.expr) ? 1 : -1;
  sameValue(
    scope,
    step,
    sign > 0 ? used.rhs : mul(num(-1), used.rhs),
    `${sign > 0 ? "" : "−"}δH of step ${used.n}`,
  );
}

/** The value checks of the rules above, for the steps they apply to. */
export function checkByValue(scope: Scope, step: ParsedStep): void {
  if (step.lhs.op !== "combine") return;
  if (step.rule === "euler-lagrange") eulerLagrange(scope, step);
  else if (step.rule === "momentum") momentum(scope, step);
  else if (step.rule === "hamilton-equations") fieldHamilton(scope, step);
  else if (step.rule === "noether-identity") noetherIdentity(scope, step);
  else if (
    step.rule === "symmetry-condition" &&
    !(step.rhs.kind === "num" && step.rhs.value === "0")
  )
    throw fail(scope, step, "the symmetry condition states R = 0");
}
