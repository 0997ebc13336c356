/**
 * Re-checking one step of a record against what its operation claims, by evaluation and
 * forward-mode differentiation only (no symbolic algebra decides anything):
 *
 *   given, combine, simplify     lhs = rhs at random points
 *   partial ∂F/∂w                rhs = dual-number derivative of F along w (−∂H/∂q for p' = …)
 *   total D_x F                  rhs = dual-number derivative of F along the jet direction of D_x
 *   substitute                   of and rhs agree with each substituted symbol at its value
 *   mass-matrix, affine          the rewrite agrees, and each coefficient is the derivative
 *   solve, stationary, legendre, on-shell, solve-velocities, singular Hessian: ./steps-solve.ts
 */
import { findDerivativeMismatch, findMismatch } from "../expr/numeric/check.js";
import { magnitude } from "../expr/numeric/evaluate.js";
import { neg, type Expr } from "../expr/types.js";
import { raise } from "../variational/jet.js";
import {
  atPoints,
  expectNone,
  guard,
  isMassMatrixForm,
  jetSystem,
  mapOf,
  momentumSymbols,
  namesOf,
  optionsFor,
  resolve,
  where,
  type Scope,
} from "./numeric.js";
import { RecordFailure, type ParsedStep } from "./record.js";
import {
  checkLegendre,
  checkOnShell,
  checkSingular,
  checkSolve,
  checkSolveVelocities,
  checkStationary,
  massMatrixHamilton,
} from "./steps-solve.js";

const str = (scope: Scope, step: ParsedStep, field: string): string => {
  const v = step.lhs[field];
  if (typeof v !== "string")
    throw new RecordFailure(`${where(scope, step)}: lhs.${field} is missing or not a name`);
  return v;
};

/** Re-check `step` (see the module comment); throws a RecordFailure when it does not hold. */
export function checkStep(scope: Scope, step: ParsedStep): void {
  const lhs = step.lhs;
  const opts = () => optionsFor(scope, step);
  switch (lhs.op) {
    case "given":
      if (step.rule === "solve-velocities") return checkSolveVelocities(scope, step);
      if (step.rule === "singular-hessian") return checkSingular(scope, step);
      return equality(scope, step, resolve(scope, lhs.expr, step, "lhs.expr"));
    case "combine":
      return equality(scope, step, resolve(scope, lhs.expr, step, "lhs.expr"));
    case "simplify":
      return equality(scope, step, resolve(scope, lhs.of, step, "lhs.of"));
    case "partial": {
      const of = resolve(scope, lhs.of, step, "lhs.of");
      const wrt = str(scope, step, "wrt");
      if (step.rule === "hamilton-equations" && isMassMatrixForm(scope))
        return massMatrixHamilton(scope, step, of, wrt);
      const momenta = new Set(Object.values(momentumSymbols(scope)));
      // p' = −∂H/∂q: Hamilton's force equations claim the negated derivative; any other partial
      // says so with `sign: -1`.
      const force = step.rule === "hamilton-equations" ? !momenta.has(wrt) : lhs.sign === -1;
      const claimed = force ? neg(step.rhs) : step.rhs;
      const m = guard(scope, step, () =>
        findDerivativeMismatch(of, claimed, () => ({ [wrt]: 1 }), {
          ...opts(),
          extraSymbols: [wrt],
        }),
      );
      return expectNone(scope, step, m, `claimed … ≠ ${force ? "−" : ""}∂/∂${wrt} by dual numbers`);
    }
    case "total": {
      const of = resolve(scope, lhs.of, step, "lhs.of");
      const wrt = str(scope, step, "wrt");
      const sys = jetSystem(scope);
      const j = scope.context.variables.indexOf(wrt);
      if (j < 0)
        throw new RecordFailure(`${where(scope, step)}: ${wrt} is not an independent variable`);
      const pairs: [string, string][] = [];
      for (const s of namesOf(of)) {
        const up = raise(sys, s, j);
        if (up !== undefined) pairs.push([s, up]);
      }
      const tangent = (env: Readonly<Record<string, number>>) => {
        const t: Record<string, number> = { [wrt]: 1 };
        for (const [s, up] of pairs) t[s] = env[up];
        return t;
      };
      const m = guard(scope, step, () =>
        findDerivativeMismatch(of, step.rhs, tangent, {
          ...opts(),
          extraSymbols: [wrt, ...pairs.map(([, up]) => up)],
        }),
      );
      return expectNone(scope, step, m, `claimed … ≠ D_${wrt} by dual numbers`);
    }
    case "substitute":
      return substitute(scope, step);
    case "mass-matrix":
      return rewrite(scope, step, "residual", "row", -1);
    case "affine":
      return rewrite(scope, step, "of", "coefficients", 1);
    case "solve":
      return checkSolve(scope, step);
    case "stationary":
      return checkStationary(scope, step);
    case "legendre":
      return checkLegendre(scope, step);
    case "on-shell":
      return checkOnShell(scope, step);
    default:
      throw new RecordFailure(`${where(scope, step)}: unknown operation '${String(lhs.op)}'`);
  }
}

function equality(scope: Scope, step: ParsedStep, lhs: Expr): void {
  const m = guard(scope, step, () => findMismatch(lhs, step.rhs, optionsFor(scope, step)));
  expectNone(scope, step, m);
}

/** `of` with each key of `with` at its value = rhs there (see the module comment). */
function substitute(scope: Scope, step: ParsedStep): void {
  const of = resolve(scope, step.lhs.of, step, "lhs.of");
  const map = mapOf(scope, step, "with");
  const names = namesOf(of, step.rhs, ...map.map(([, e]) => e));
  atPoints(scope, step, names, (env, model, ev) => {
    const at: Record<string, number> = { ...env };
    for (const [k, e] of map) at[k] = ev.evaluate(e, env, model);
    // The sizes of the terms set the tolerance (as for an equality): a result that cancels to 0
    // (E[E_l(ℒ)] = −1 + F/F) differs from it by the rounding of the substituted doubles.
    const scale = Math.max(magnitude(of, at, model), magnitude(step.rhs, at, model));
    return [ev.evaluate(of, at, model), ev.evaluate(step.rhs, at, model), scale];
  });
}

/**
 * A rewrite `source` = rhs whose coefficients (keyed by symbol) are sign·∂source/∂symbol: the
 * mass-matrix rows M_ij = −∂E_i/∂a_j (every other unknown has ∂E_i/∂a_j = 0), the momentum rows
 * p = b + Σ M·q' with M_ij = ∂p_i/∂q_j'.
 */
function rewrite(
  scope: Scope,
  step: ParsedStep,
  field: string,
  coefficients: string,
  sign: 1 | -1,
): void {
  const source = resolve(scope, step.lhs[field], step, `lhs.${field}`);
  equality(scope, step, source);
  const entries = new Map(mapOf(scope, step, coefficients));
  const all =
    sign < 0
      ? [...new Set([...(scope.proof.unknowns ?? scope.context.unknowns), ...entries.keys()])]
      : [...entries.keys()];
  for (const a of all) {
    const c = entries.get(a);
    const claimed = c === undefined ? undefined : sign < 0 ? neg(c) : c;
    const zero = { kind: "num", value: "0" } as const;
    const m = guard(scope, step, () =>
      findDerivativeMismatch(source, claimed ?? zero, () => ({ [a]: 1 }), {
        ...optionsFor(scope, step),
        extraSymbols: [a],
      }),
    );
    expectNone(
      scope,
      step,
      m,
      `coefficient of ${a} … ≠ ${sign < 0 ? "−" : ""}∂/∂${a} by dual numbers`,
    );
  }
}
