/**
 * Recording a Hamiltonian in mass-matrix form (../variational/mass-legendre.ts), where the
 * velocities v are the solution of M(q, t)·v = p − b(q, t) and stay unsolved:
 *
 *   p_i = b_i + Σ_j M_ij q_j'          checked by evaluation against p_i = ∂L/∂q_i'
 *   H = ½(p − b)·v − L₀                 checked at random (q, p): v from a numeric solve of
 *                                       M·v = p − b, compared with Σ p·v − L(q, v)
 *   q_i' = ∂H/∂p_i,  p_i' = −∂H/∂q_i    checked by forward-mode AD of the recorded H along the
 *                                       solution: the tangent of v is M⁻¹(∂r − ∂M·v) with
 *                                       r = p − b, ∂M, ∂b by dual numbers
 *
 * so no step assumes the identities (∂H/∂p = v needs M symmetric, −∂H/∂q = ∂L/∂q needs p = ∂L/∂q')
 * that the formulas rest on: each is tested on the recorded expressions.
 */
import type { Evaluator } from "../expr/numeric/check.js";
import type { Env, FunctionModel } from "../expr/numeric/evaluate.js";
import { solveNumeric } from "../expr/numeric/numeric.js";
import { add, mul, sym, symbols, type Expr } from "../expr/types.js";
import type { hamiltonian, Momentum } from "../variational/legendre.js";
import type { MassMatrixForm } from "../variational/mass-legendre.js";
import type { System } from "../variational/types.js";
import type { Recorder } from "./record.js";
import { sparseRow } from "./motion-steps.js";
import { simplifyStep } from "./simplify-steps.js";

type Solved = Extract<ReturnType<typeof hamiltonian>, { ok: true }>;

const isZeroNum = (e: Expr) => e.kind === "num" && e.value === "0";

/** The canonical point at (q, p): the drawn values with v from M·v = p − b (see the module comment). */
function solvedPoint(
  form: MassMatrixForm,
  momenta: readonly string[],
  env: Env,
  model: FunctionModel,
  ev: Evaluator,
) {
  const M = form.matrix.map((row) => row.map((e) => ev.evaluate(e, env, model)));
  const r = form.b.map((b, i) => env[momenta[i]] - ev.evaluate(b, env, model));
  const v = solveNumeric(M, r);
  const point: Record<string, number> = { ...env };
  form.velocities.forEach((s, i) => (point[s] = v[i]));
  return { M, r, v, point };
}

/** Record the mass-matrix form of H and Hamilton's equations (see the module comment). */
export function massLegendreSteps(
  sys: System,
  rec: Recorder,
  H: Solved & { massMatrix: MassMatrixForm },
  ps: readonly Momentum[],
  lStep: number,
  momentumSteps: readonly number[],
): void {
  const form = H.massMatrix;
  const momenta = sys.coordinates.map((q) => H.momentumSymbols[q]);
  const names = new Set<string>(momenta);
  symbols(sys.lagrangian, names);
  symbols(H.hamiltonian, names);
  form.matrix.flat().forEach((e) => symbols(e, names));
  const affineSteps = ps.map((p, i) => {
    const row = form.matrix[i];
    const rhs = add(
      ...(isZeroNum(form.b[i]) ? [] : [form.b[i]]),
      ...row.flatMap((m, j) => (isZeroNum(m) ? [] : [mul(m, sym(form.velocities[j]))])),
    );
    return rec.equal(
      {
        rule: "solve-velocities",
        label: H.momentumSymbols[p.coordinate],
        justification: `${H.momentumSymbols[p.coordinate]} = b + Σ M·q' (affine in the velocities, M = ∂²L/∂q'∂q' regular): the velocities are the solution of M·q' = p − b, kept in that form`,
        lhs: { op: "affine", of: p.value, coefficients: sparseRow(row, form.velocities) },
        rhs,
        uses: [momentumSteps[i]],
      },
      p.value,
    );
  });
  const derived = rec.custom(
    {
      rule: "legendre",
      label: "H",
      justification:
        "Legendre transform H = Σ p·q' − L = ½(p − b)·q' − L₀ with q' the solution of M·q' = p − b",
      lhs: {
        op: "legendre",
        lagrangian: sys.lagrangian,
        momenta: Object.fromEntries(ps.map((p) => [p.coordinate, p.value])),
        velocities: {},
        momentumSymbols: H.momentumSymbols,
        massMatrix: { matrix: form.matrix, b: form.b, unknowns: form.velocities },
      },
      rhs: H.asDerived,
      uses: [lStep, ...momentumSteps, ...affineSteps],
    },
    "linear-solve",
    names,
    (env, model, ev) => {
      const { point, v } = solvedPoint(form, momenta, env, model, ev);
      const L = ev.evaluate(sys.lagrangian, point, model);
      let sum = -L;
      let scale = Math.abs(L);
      v.forEach((vi, i) => {
        sum += env[momenta[i]] * vi;
        scale += Math.abs(env[momenta[i]] * vi);
      });
      return [ev.evaluate(H.asDerived, point, model), sum, scale];
    },
  );
  // Tidying is an identity in (q, q', p): checked by evaluation at any point.
  const hStep = simplifyStep(rec, derived, H.asDerived, H.hamiltonian, H.simplifiedBy, "H");
  // dH/dz along the solution for z = p_i (dr = e_i) or z = q_i (dr = −∂b/∂q_i, dM = ∂M/∂q_i).
  const dH = (z: string, i: number, env: Env, model: FunctionModel, ev: Evaluator) => {
    const { M, v, point } = solvedPoint(form, momenta, env, model, ev);
    const byP = z === momenta[i];
    const dir = { [z]: 1 };
    const rhs = form.b.map((b, j) => {
      if (byP) return j === i ? 1 : 0;
      const dM = form.matrix[j].reduce(
        (s, m, k) => s + (isZeroNum(m) ? 0 : ev.derivative(m, point, dir, model) * v[k]),
        0,
      );
      return -ev.derivative(b, point, dir, model) - dM;
    });
    const dv = solveNumeric(M, rhs);
    const tangent: Record<string, number> = { [z]: 1 };
    form.velocities.forEach((s, j) => (tangent[s] = dv[j]));
    return { value: ev.derivative(H.hamiltonian, point, tangent, model), point };
  };
  for (const [k, eq] of H.equations.entries()) {
    const i = Math.floor(k / 2);
    const velocity = eq.kind === "velocity";
    const z = velocity ? momenta[i] : eq.coordinate;
    rec.custom(
      {
        rule: "hamilton-equations",
        label: eq.lhs,
        justification: velocity
          ? `${eq.lhs} = ∂H/∂${z} = ${form.velocities[i]}, the solution of M·q' = p − b`
          : `${eq.lhs} = −∂H/∂${z} = ∂L/∂${z} at q' the solution of M·q' = p − b`,
        lhs: { op: "partial", of: H.hamiltonian, wrt: z },
        rhs: eq.rhs,
        uses: [hStep],
      },
      "dual",
      names,
      (env, model, ev) => {
        const d = dH(z, i, env, model, ev);
        const claimed = ev.evaluate(eq.rhs, d.point, model);
        return [claimed, velocity ? d.value : -d.value, Math.abs(claimed) + Math.abs(d.value)];
      },
    );
  }
}
