/**
 * Recording the equations of motion: the mass-matrix rows E_i = F_i − Σ_j M_ij a_j (checked by
 * evaluation), then either the singular Hessian (det M ≈ 0 at random points) or the solved
 * accelerations as derived (compared with a numeric LU solve of M·a = F at random points), each
 * followed by a `simplify` step to its tidied form when tidy changed it.
 */
import { evaluate, type Env, type FunctionModel } from "../expr/numeric/evaluate.js";
import { detNumeric, solveNumeric } from "../expr/numeric/numeric.js";
import { add, mul, neg, num, sym, symbols, type Expr } from "../expr/types.js";
import { equationsOfMotion } from "../variational/motion.js";
import type { System } from "../variational/types.js";
import type { Recorder } from "./record.js";
import { simplifyStep } from "./simplify-steps.js";
import type { Derivation, Step } from "./types.js";

const evalAll = (es: readonly Expr[], env: Env, m: FunctionModel) =>
  es.map((e) => evaluate(e, env, m));

const isZeroNum = (e: Expr) => e.kind === "num" && e.value === "0";

/** F_i − Σ_j M_ij·a_j, leaving out the zero terms. */
function forcingMinusMass(F: Expr, row: readonly Expr[], unknowns: readonly string[]): Expr {
  const factors = (M: Expr) =>
    M.kind === "mul" ? M.args : M.kind === "num" && M.value === "1" ? [] : [M];
  const terms = row.flatMap((M, j) =>
    isZeroNum(M) ? [] : [neg(mul(...factors(M), sym(unknowns[j])))],
  );
  return add(...(isZeroNum(F) ? [] : [F]), ...terms);
}

/** The nonzero entries of a row keyed by their unknowns: {a_j: M_ij}. */
export const sparseRow = (row: readonly Expr[], unknowns: readonly string[]) =>
  Object.fromEntries(unknowns.flatMap((a, j) => (isZeroNum(row[j]) ? [] : [[a, row[j]]])));

/**
 * The step holding each unknown's solved acceleration in its final form (the solve, or the
 * simplify step after it): what a discretisation of the equations of motion uses.
 */
export function accelerationSteps(steps: readonly Step[], unknowns: readonly string[]): number[] {
  return unknowns.flatMap((a) => {
    const last = steps.filter(
      (s) => s.label === a && (s.rule === "solve-accelerations" || s.rule === "simplify"),
    );
    return last.length ? [last[last.length - 1].n] : [];
  });
}

/** Record the mass-matrix form and what follows from it; returns the motion part of the record. */
export function motionSteps(
  sys: System,
  rec: Recorder,
  residuals: Expr[],
  eqSteps: number[],
  notes: string[],
): Derivation["motion"] {
  const m = equationsOfMotion(sys, residuals);
  if (m.kind === "nonlinear" || m.kind === "implicit") {
    notes.push(`Accelerations not derived: ${m.note}`);
    return {
      kind: m.kind,
      unknowns: m.unknowns,
      massMatrix: null,
      forcing: null,
      accelerations: null,
    };
  }
  const rowSteps = residuals.map((r, i) =>
    rec.equal(
      {
        rule: "mass-matrix",
        label: `E_${sys.coordinates[i]}(L)`,
        justification: `E_${sys.coordinates[i]} = F − Σ M·a with M = −∂E/∂a, F = E at a = 0`,
        lhs: { op: "mass-matrix", residual: r, row: sparseRow(m.massMatrix[i], m.unknowns) },
        rhs: forcingMinusMass(m.forcing[i], m.massMatrix[i], m.unknowns),
        uses: [eqSteps[i]],
      },
      r,
    ),
  );
  const names = new Set<string>();
  [...m.massMatrix.flat(), ...m.forcing].forEach((e) => symbols(e, names));
  if (m.kind === "singular") {
    notes.push(`Accelerations not derived: ${m.note}`);
    rec.custom(
      {
        rule: "singular-hessian",
        label: "det M",
        justification: "the mass matrix is singular",
        lhs: { op: "given", expr: num(0) },
        rhs: num(0),
        uses: rowSteps,
      },
      "determinant",
      names,
      (env, model) => {
        const A = m.massMatrix.map((row) => evalAll(row, env, model));
        const scale = Math.max(...A.flat().map(Math.abs)) ** A.length;
        return [0, detNumeric(A), scale];
      },
    );
    return {
      kind: m.kind,
      unknowns: m.unknowns,
      massMatrix: m.massMatrix,
      forcing: m.forcing,
      accelerations: null,
    };
  }
  if (m.accelerations) {
    m.unknowns.forEach((a, i) => {
      // The solve as derived (det M_a/det M), then tidied in a simplify step when tidy changed it.
      const solved = m.solution![a];
      const step = rec.custom(
        {
          rule: "solve-accelerations",
          label: a,
          justification: "solve M·a = F (M regular)",
          lhs: {
            op: "solve",
            matrix: m.massMatrix,
            rhs: m.forcing,
            unknowns: m.unknowns,
            unknown: a,
          },
          rhs: solved.asDerived,
          uses: rowSteps,
        },
        "linear-solve",
        names,
        (env, model) => {
          const x = solveNumeric(
            m.massMatrix.map((row) => evalAll(row, env, model)),
            evalAll(m.forcing, env, model),
          );
          const claimed = evaluate(solved.asDerived, env, model);
          return [claimed, x[i], Math.max(...x.map(Math.abs))];
        },
      );
      simplifyStep(rec, step, solved.asDerived, solved.value, solved.simplifiedBy, a);
    });
  } else if (m.note) notes.push(`Accelerations not solved: ${m.note}`);
  return {
    kind: m.kind,
    unknowns: m.unknowns,
    massMatrix: m.massMatrix,
    forcing: m.forcing,
    accelerations: m.accelerations,
  };
}
