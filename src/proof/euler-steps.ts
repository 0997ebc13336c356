/**
 * Recording one Euler–Lagrange expression E_u(L) = Σ_α (−D)_α ∂L/∂u_α: each partial derivative
 * and each total derivative is its own step, checked by forward-mode differentiation; the sum is
 * checked by evaluation, and its simplification (when tidy changed the sum) is a `simplify` step
 * of its own. Also used for the field equation π_t = −E_u(H) of a Hamiltonian density.
 */
import { add, neg, symbols, type Expr } from "../expr/types.js";
import { eulerLagrange } from "../variational/euler.js";
import { jetOrder, parseJetName, raisedNames, totalDerivativeTangent } from "../variational/jet.js";
import type { System } from "../variational/types.js";
import type { Recorder } from "./record.js";
import { simplifyStep } from "./simplify-steps.js";

/**
 * Record E_u(L) for the system's Lagrangian `L` (as the `lagrangian` step normalised it); returns
 * it and its step. `name` is how L reads in labels ("H" for a Hamiltonian density).
 */
export function eulerSteps(
  sys: System,
  rec: Recorder,
  q: string,
  L: Expr,
  lStep: number,
  name = "L",
) {
  const er = eulerLagrange({ ...sys, lagrangian: L }, q);
  const finals: Expr[] = [];
  const uses: number[] = [];
  for (const term of er.terms) {
    const order = jetOrder(parseJetName(sys, term.jet)!);
    const rule =
      order === 0 ? "partial-coordinate" : order === 1 ? "partial-velocity" : "partial-jet";
    let step = rec.partial(
      {
        rule,
        label: `∂${name}/∂${term.jet}`,
        justification: `differentiate ${name} in ${term.jet}, other jet variables fixed`,
        rhs: term.partial,
        uses: [lStep],
      },
      L,
      term.jet,
    );
    let current = term.partial;
    let label = `∂${name}/∂${term.jet}`;
    for (const link of term.chain) {
      step = totalDerivativeStep(sys, rec, current, link.result, link.variable, {
        label: (label = `D_${link.variable}(${label})`),
        uses: [step],
      });
      current = link.result;
    }
    finals.push(term.sign > 0 ? current : neg(current));
    uses.push(step);
  }
  const label = `E_${q}(${name})`;
  const combined = rec.equal(
    {
      rule: "euler-lagrange",
      label,
      justification: `Euler operator Σ (−D)^α ∂${name}/∂${q}_α`,
      lhs: { op: "combine", expr: add(...finals) },
      rhs: er.asDerived,
      uses,
    },
    add(...finals),
  );
  const step = simplifyStep(rec, combined, er.asDerived, er.residual, er.simplifiedBy, label);
  return { coordinate: q, residual: er.residual, step };
}

/**
 * Record rhs = D_x(of) for the independent variable x, checked by forward-mode differentiation of
 * `of` along the jet direction (which reads the raised jet symbols, drawn too).
 */
export function totalDerivativeStep(
  sys: System,
  rec: Recorder,
  of: Expr,
  rhs: Expr,
  x: string,
  head: { label: string; uses?: readonly number[] },
): number {
  const j = sys.variables.indexOf(x);
  const names = [...symbols(of)];
  return rec.total(
    {
      rule: "total-derivative",
      justification: `total derivative in ${x} along the jet`,
      rhs,
      ...head,
    },
    of,
    x,
    totalDerivativeTangent(sys, names, j),
    raisedNames(sys, names, j),
  );
}
