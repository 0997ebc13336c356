/**
 * The proof of one conserved current of a field Lagrangian (../variational/noether-field.ts),
 * recorded step by step with every step checked, like the mechanics charges (noether-steps.ts):
 *
 *   L → D_μξ^ν, D_μη_a, D_μB^μ (dual numbers) → ∂L/∂x^μ, ∂L/∂u_a, ∂L/∂u_{a,μ} (dual numbers)
 *     → R = pr v(L) + L·Σ D_μξ^μ − Σ D_μB^μ, φ_a^μ = D_μη_a − Σ_ν u_{a,ν}D_μξ^ν (evaluation)
 *     → R = 0 when v is claimed a symmetry (evaluation: fails if R ≢ 0)
 *     → J^μ = Σ_a ∂L/∂u_{a,μ}·(η_a − Σ_ν u_{a,ν}ξ^ν) + L·ξ^μ − B^μ, one step per component
 *     → D_μJ^μ (dual numbers, one per component) → E_a(L) (euler-steps.ts)
 *     → Σ_μ D_μJ^μ = R − Σ_a Q_a·E_a(L) (evaluation, off solutions)
 *     → Σ_μ D_μJ^μ on solutions = R (or 0): evaluated at the solved u_tt, the other jets random.
 *
 * A step that fails its check throws a CheckError: a current is never reported conserved unless
 * R = 0 and the on-shell divergence were both checked.
 */
import { difference, product, sum, tidy, ZERO } from "../expr/algebra.js";
import { magnitude } from "../expr/numeric/evaluate.js";
import { symbols, sym, type Expr } from "../expr/types.js";
import type { MotionResult } from "../variational/motion.js";
import { totalDerivative } from "../variational/jet.js";
import {
  fieldCharacteristic,
  fieldResidual,
  firstJet,
  noetherCurrent,
  type FieldGenerator,
} from "../variational/noether-field.js";
import type { System } from "../variational/types.js";
import { eulerSteps, totalDerivativeStep } from "./euler-steps.js";
import { proofOpening, symmetryConditionStep } from "./noether-steps.js";
import type { ChargeRecord } from "./types.js";

export interface CurrentOptions {
  readonly seed?: number;
  readonly points?: number;
  readonly positive?: readonly string[];
  readonly motion: MotionResult;
  /** Force the claim (tests): "symmetry" records R = 0 whatever R is. */
  readonly claim?: "symmetry" | "broken";
}

const at = (r: Readonly<Record<string, Expr>>, k: string): Expr => r[k] ?? ZERO;
const isZero = (e: Expr) => e.kind === "num" && e.value === "0";

/** The current of `g`, proved (module comment); the cross check is added by the caller. */
export function currentSteps(
  sys: System,
  g: FieldGenerator,
  name: string,
  opts: CurrentOptions,
): Omit<ChargeRecord, "crossChecks"> {
  const positive = opts.positive ?? [];
  const { rec, L, lStep, partial: record } = proofOpening(sys, opts, "the Lagrangian density");
  const vars = sys.variables;
  const uses: number[] = [lStep];
  const D = (e: Expr, m: number, label: string): Expr => {
    const d = tidy(totalDerivative(sys, e, m)).expr;
    if (e.kind !== "num") {
      uses.push(totalDerivativeStep(sys, rec, e, d, vars[m], { label: `D_${vars[m]}(${label})` }));
    }
    return d;
  };
  const partials = new Map<string, { rhs: Expr; step: number }>();
  const partial = (wrt: string, rule: "partial-coordinate" | "partial-velocity") => {
    const { rhs, step } = record(wrt, rule);
    partials.set(wrt, { rhs, step });
    uses.push(step);
    return rhs;
  };
  const Dxi = vars.map((_, m) => vars.map((x) => D(at(g.xi, x), m, `ξ^${x}`)));
  const divB = sum(...vars.map((x, m) => D(at(g.gauge, x), m, `B^${x}`)));
  const terms: Expr[] = [product(L, sum(...vars.map((_, m) => Dxi[m][m])))];
  vars.forEach((x) => {
    if (!isZero(at(g.xi, x))) terms.push(product(at(g.xi, x), partial(x, "partial-coordinate")));
  });
  for (const a of sys.coordinates) {
    if (!isZero(at(g.eta, a))) terms.push(product(at(g.eta, a), partial(a, "partial-coordinate")));
    vars.forEach((_, m) => {
      const Deta = D(at(g.eta, a), m, `η_${a}`);
      const phi = difference(
        Deta,
        sum(...vars.map((__, n) => product(sym(firstJet(sys, a, n)), Dxi[m][n]))),
      );
      terms.push(product(phi, partial(firstJet(sys, a, m), "partial-velocity")));
    });
  }
  const residualValue = difference(sum(...terms), divB);
  const R = fieldResidual(sys, g);
  const rStep = rec.equal(
    {
      rule: "symmetry-residual",
      label: "R",
      justification:
        "R = pr v(L) + L·Σ D_μξ^μ − Σ D_μB^μ, the prolongation φ_a^μ = D_μη_a − Σ_ν u_{a,ν}D_μξ^ν",
      lhs: { op: "combine", expr: residualValue },
      rhs: R,
      uses: [...uses],
    },
    residualValue,
  );
  const conserved = symmetryConditionStep(rec, sys, R, rStep, opts.claim, positive);
  const J = noetherCurrent(sys, g);
  const divTerms: Expr[] = [];
  const divSteps: number[] = [];
  vars.forEach((x, m) => {
    const value = difference(
      sum(
        ...sys.coordinates.map((a) =>
          product(partials.get(firstJet(sys, a, m))!.rhs, fieldCharacteristic(sys, g, a)),
        ),
        product(L, at(g.xi, x)),
      ),
      at(g.gauge, x),
    );
    const jStep = rec.equal(
      {
        rule: "noether-charge",
        label: `J^${x}`,
        justification: `J^${x} = Σ_a ∂L/∂u_{a,${x}}·(η_a − Σ_ν u_{a,ν}ξ^ν) + L·ξ^${x} − B^${x}`,
        lhs: { op: "combine", expr: value },
        rhs: J[x],
        uses: [lStep, ...sys.coordinates.map((a) => partials.get(firstJet(sys, a, m))!.step)],
      },
      value,
    );
    const d = tidy(totalDerivative(sys, J[x], m)).expr;
    divTerms.push(d);
    divSteps.push(
      totalDerivativeStep(sys, rec, J[x], d, x, { label: `D_${x}J^${x}`, uses: [jStep] }),
    );
  });
  const div = sum(...divTerms);
  const equations = sys.coordinates.map((a) => eulerSteps(sys, rec, a, L, lStep));
  const identity = difference(
    R,
    sum(...equations.map((e) => product(fieldCharacteristic(sys, g, e.coordinate), e.residual))),
  );
  const divLabel = vars.map((x) => `D_${x}J^${x}`).join(" + ");
  rec.equal(
    {
      rule: "noether-identity",
      label: divLabel,
      justification: "Noether's identity Σ_μ D_μJ^μ = R − Σ_a Q_a·E_a(L), off solutions too",
      lhs: { op: "combine", expr: identity },
      rhs: div,
      uses: [rStep, ...divSteps, ...equations.map((e) => e.step)],
    },
    identity,
  );
  const rate = conserved ? ZERO : R;
  const motion = opts.motion;
  const head = { rule: "on-shell-rate" as const, label: `${divLabel} on solutions`, rhs: rate };
  if ((motion.kind === "solved" || motion.kind === "mass-matrix") && motion.accelerations) {
    const acc = motion.accelerations;
    const names = new Set<string>(motion.unknowns);
    symbols(div, names);
    symbols(rate, names);
    Object.values(acc).forEach((e) => symbols(e, names));
    rec.custom(
      {
        ...head,
        justification: `the divergence at the solved ${motion.unknowns.join(", ")}, the other jets random`,
        lhs: { op: "on-shell", of: div, unknowns: motion.unknowns, by: "accelerations" },
        uses: divSteps,
      },
      "evaluation",
      names,
      (env, model, ev) => {
        const x: Record<string, number> = { ...env };
        for (const u of motion.unknowns) x[u] = ev.evaluate(acc[u], env, model);
        return [
          ev.evaluate(div, x, model),
          ev.evaluate(rate, x, model),
          magnitude(div, x, model) + magnitude(rate, x, model),
        ];
      },
    );
  } else {
    rec.equal(
      {
        ...head,
        justification: "the Noether identity with E_a(L) = 0 (the equations are not solved)",
        lhs: { op: "on-shell", of: identity, unknowns: motion.unknowns, by: "identity" },
        uses: [...divSteps, ...equations.map((e) => e.step)],
      },
      rate,
    );
  }
  return {
    name,
    generator: { xi: at(g.xi, vars[0]), eta: g.eta, gauge: at(g.gauge, vars[0]) },
    field: { xi: g.xi, gauge: g.gauge },
    current: J,
    expression: J[vars[0]],
    rate,
    conserved,
    steps: rec.steps,
  };
}
