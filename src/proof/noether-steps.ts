/**
 * The proof of one Noether charge (MATH.md §2), recorded step by step with every step checked:
 *
 *   L → D_tξ, D_tη_i, D_tB (dual numbers) → ∂L/∂t, ∂L/∂q_i, ∂L/∂q_i' (dual numbers)
 *     → R = ξ∂L/∂t + Σ η_i∂L/∂q_i + Σ (D_tη_i − q_i'D_tξ)∂L/∂q_i' + L·D_tξ − D_tB (evaluation)
 *     → R = 0 when v is claimed a symmetry (evaluation: fails if R ≢ 0)
 *     → Q = Σ ∂L/∂q_i'·(η_i − q_i'ξ) + Lξ − B (evaluation) → D_tQ (dual numbers)
 *     → E_i(L) (euler-steps.ts) → D_tQ = R − Σ (η_i − q_i'ξ)·E_i(L) (evaluation, off solutions)
 *     → D_tQ on solutions = R (or 0): D_tQ evaluated at the solved accelerations, or at the numeric
 *       solution of M·a = F; with neither (a singular Hessian), by the identity with E_i(L) = 0.
 *
 * A step that fails its check throws a CheckError: a charge is never reported conserved unless
 * R = 0 and the on-shell rate were both checked.
 */
import {
  decideZero,
  difference,
  differentiate,
  normalise,
  product,
  sum,
  tidy,
  ZERO,
} from "../expr/algebra.js";
import { findMismatch } from "../expr/numeric/check.js";
import { magnitude } from "../expr/numeric/evaluate.js";
import { solveNumeric } from "../expr/numeric/numeric.js";
import { abstractFunctions, symbols, sym, type Expr } from "../expr/types.js";
import type { MotionResult } from "../variational/motion.js";
import { totalDerivative } from "../variational/jet.js";
import { characteristic, noetherCharge, symmetryResidual } from "../variational/noether.js";
import type { Generator, System } from "../variational/types.js";
import { eulerSteps, totalDerivativeStep } from "./euler-steps.js";
import { createRecorder, type Recorder } from "./record.js";
import type { ChargeRecord } from "./types.js";

export interface ChargeOptions {
  readonly seed?: number;
  readonly points?: number;
  readonly positive?: readonly string[];
  /** The equations of motion of the system (../variational/motion.ts). */
  readonly motion: MotionResult;
  /**
   * Force the claim (tests): "symmetry" records R = 0 whatever R is, so that its check must catch
   * a wrong claim. By default the claim follows the zero test of R.
   */
  readonly claim?: "symmetry" | "broken";
}

/**
 * Whether v is claimed (or shown) a symmetry; if so, records the step R = 0 (rule
 * symmetry-condition), checked by evaluation so that a wrong claim fails. Shared by the charges of
 * mechanics and the currents of fields.
 */
export function symmetryConditionStep(
  rec: Recorder,
  sys: System,
  R: Expr,
  rStep: number,
  claim: "symmetry" | "broken" | undefined,
  positive: readonly string[],
): boolean {
  const conserved = claim ? claim === "symmetry" : isSymmetry(sys, R, positive);
  if (conserved) {
    rec.equal(
      {
        rule: "symmetry-condition",
        label: "R",
        justification: "v is a divergence symmetry: R vanishes identically",
        lhs: { op: "combine", expr: R },
        rhs: ZERO,
        uses: [rStep],
      },
      R,
    );
  }
  return conserved;
}

/**
 * The opening of a charge's (or a field current's) proof: its recorder, the Lagrangian (density) as
 * written and normalised (step 1), and `partial(wrt, rule)` recording ∂L/∂wrt as a dual-checked step.
 */
export function proofOpening(
  sys: System,
  opts: { readonly seed?: number; readonly points?: number; readonly positive?: readonly string[] },
  what: string,
): {
  rec: Recorder;
  L: Expr;
  lStep: number;
  partial: (
    wrt: string,
    rule: "partial-coordinate" | "partial-velocity",
  ) => { rhs: Expr; step: number };
} {
  const functions = abstractFunctions(sys.lagrangian);
  const rec = createRecorder({
    seed: opts.seed,
    points: opts.points,
    functions,
    positive: opts.positive ?? [],
  });
  const L = normalise(sys.lagrangian);
  const lStep = rec.lagrangian(
    "L",
    `${what} as written (numbers folded, like terms combined)`,
    sys.lagrangian,
    L,
  );
  const partial = (wrt: string, rule: "partial-coordinate" | "partial-velocity") => {
    const rhs = tidy(differentiate(L, wrt)).expr;
    const step = rec.partial(
      {
        rule,
        label: `∂L/∂${wrt}`,
        justification: `differentiate L in ${wrt}, other jet variables fixed`,
        rhs,
        uses: [lStep],
      },
      L,
      wrt,
    );
    return { rhs, step };
  };
  return { rec, L, lStep, partial };
}

/** Whether R ≡ 0: the bounded symbolic zero test, or when it cannot tell, evaluation. */
export function isSymmetry(sys: System, R: Expr, positive: readonly string[] = []): boolean {
  const decided = decideZero(R);
  if (decided !== undefined) return decided;
  const functions = abstractFunctions(sys.lagrangian);
  return findMismatch(R, ZERO, { points: 8, seed: 7, functions, positive }) === null;
}

/** The charge of `g`, proved (see the module comment); the cross check is added by the caller. */
export function chargeSteps(
  sys: System,
  g: Generator,
  name: string,
  opts: ChargeOptions,
): Omit<ChargeRecord, "crossChecks"> {
  const positive = opts.positive ?? [];
  const { rec, L, lStep, partial } = proofOpening(sys, opts, "the Lagrangian");
  const t = sys.variables[0];
  const D = (e: Expr, label: string): [Expr, number[]] => {
    const d = tidy(totalDerivative(sys, e)).expr;
    if (e.kind === "num") return [d, []];
    return [d, [totalDerivativeStep(sys, rec, e, d, t, { label: `D_${t}(${label})` })]];
  };
  const [Dxi, xiUses] = D(g.xi, "ξ");
  const [DB, bUses] = D(g.gauge, "B");
  const uses = [lStep, ...xiUses, ...bUses];
  const terms: Expr[] = [product(L, Dxi)];
  if (!isZero(g.xi)) {
    const Lt = partial(t, "partial-coordinate");
    terms.push(product(g.xi, Lt.rhs));
    uses.push(Lt.step);
  }
  const velocityPartials: Record<string, Expr> = {};
  for (const q of sys.coordinates) {
    const eta = g.eta[q] ?? ZERO;
    const [Deta, etaUses] = D(eta, `η_${q}`);
    const Lv = partial(`${q}'`, "partial-velocity");
    velocityPartials[q] = Lv.rhs;
    uses.push(...etaUses, Lv.step);
    terms.push(product(difference(Deta, product(sym(`${q}'`), Dxi)), Lv.rhs));
    if (!isZero(eta)) {
      const Lq = partial(q, "partial-coordinate");
      terms.push(product(eta, Lq.rhs));
      uses.push(Lq.step);
    }
  }
  const residualValue = difference(sum(...terms), DB);
  const R = symmetryResidual(sys, g);
  const rStep = rec.equal(
    {
      rule: "symmetry-residual",
      label: "R",
      justification: "R = pr v(L) + L·D_tξ − D_tB, the prolongation φ_i = D_tη_i − q_i'D_tξ",
      lhs: { op: "combine", expr: residualValue },
      rhs: R,
      uses,
    },
    residualValue,
  );
  const conserved = symmetryConditionStep(rec, sys, R, rStep, opts.claim, positive);
  const Q = noetherCharge(sys, g);
  const chargeValue = difference(
    sum(
      ...sys.coordinates.map((q) => product(velocityPartials[q], characteristic(g, q))),
      product(L, g.xi),
    ),
    g.gauge,
  );
  const qStep = rec.equal(
    {
      rule: "noether-charge",
      label: "Q",
      justification: "Q = Σ ∂L/∂q_i'·(η_i − q_i'ξ) + L·ξ − B",
      lhs: { op: "combine", expr: chargeValue },
      rhs: Q,
      uses: [lStep, ...rec.steps.filter((s) => s.rule === "partial-velocity").map((s) => s.n)],
    },
    chargeValue,
  );
  const DQ = tidy(totalDerivative(sys, Q)).expr;
  const dqStep = totalDerivativeStep(sys, rec, Q, DQ, t, { label: `D_${t}Q`, uses: [qStep] });
  const equations = sys.coordinates.map((q) => eulerSteps(sys, rec, q, L, lStep));
  const identity = difference(
    R,
    sum(...equations.map((e) => product(characteristic(g, e.coordinate), e.residual))),
  );
  rec.equal(
    {
      rule: "noether-identity",
      label: `D_${t}Q`,
      justification: "Noether's identity D_tQ = R − Σ (η_i − q_i'ξ)·E_i(L), off solutions too",
      lhs: { op: "combine", expr: identity },
      rhs: DQ,
      uses: [rStep, dqStep, ...equations.map((e) => e.step)],
    },
    identity,
  );
  onShell(sys, rec, opts.motion, DQ, dqStep, conserved ? ZERO : R, identity, equations);
  return {
    name,
    generator: { xi: g.xi, eta: g.eta, gauge: g.gauge },
    expression: Q,
    rate: conserved ? ZERO : R,
    conserved,
    steps: rec.steps,
  };
}

const isZero = (e: Expr) => e.kind === "num" && e.value === "0";

/** Record D_tQ on solutions = `rate` (see the module comment). */
function onShell(
  sys: System,
  rec: Recorder,
  motion: MotionResult,
  DQ: Expr,
  dqStep: number,
  rate: Expr,
  identity: Expr,
  equations: readonly { coordinate: string; residual: Expr; step: number }[],
): void {
  const t = sys.variables[0];
  const head = {
    rule: "on-shell-rate" as const,
    label: `D_${t}Q on solutions`,
    rhs: rate,
    uses: [dqStep],
  };
  if (motion.kind === "solved" || motion.kind === "mass-matrix") {
    const unknowns = motion.unknowns;
    const acc = motion.accelerations;
    const names = new Set<string>(unknowns);
    symbols(DQ, names);
    symbols(rate, names);
    if (acc) Object.values(acc).forEach((a) => symbols(a, names));
    else [...motion.massMatrix.flat(), ...motion.forcing].forEach((e) => symbols(e, names));
    rec.custom(
      {
        ...head,
        justification: acc
          ? "D_tQ at the solved accelerations"
          : "D_tQ at the numeric solution of M·a = F",
        lhs: { op: "on-shell", of: DQ, unknowns, by: acc ? "accelerations" : "mass-matrix" },
      },
      "evaluation",
      names,
      (env, model, ev) => {
        const a = acc
          ? unknowns.map((u) => ev.evaluate(acc[u], env, model))
          : solveNumeric(
              motion.massMatrix.map((row) => row.map((e) => ev.evaluate(e, env, model))),
              motion.forcing.map((e) => ev.evaluate(e, env, model)),
            );
        const x: Record<string, number> = { ...env };
        unknowns.forEach((u, i) => (x[u] = a[i]));
        const lhs = ev.evaluate(DQ, x, model);
        const rhs = ev.evaluate(rate, x, model);
        return [lhs, rhs, magnitude(DQ, x, model) + magnitude(rate, x, model)];
      },
    );
    return;
  }
  // No accelerations: D_tQ = R − Σ (η_i − q_i'ξ)·E_i(L) with every E_i(L) = 0.
  rec.equal(
    {
      ...head,
      justification: "the Noether identity with E_i(L) = 0 (no solved accelerations)",
      lhs: { op: "on-shell", of: identity, unknowns: motion.unknowns, by: "identity" },
      uses: [dqStep, ...equations.map((e) => e.step)],
    },
    rate,
  );
}
