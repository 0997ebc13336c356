/**
 * The whole derivation of a Lagrangian system, recorded step by step with every step checked:
 *
 *   L → ∂L/∂q^(k) → (−D_t)^k ∂L/∂q^(k) → E_q(L) → M·a = F → a (when regular and small)
 *     → momenta p → energy E → H(q, p) and Hamilton's equations (when q' solves from p)
 *
 * Each result that is tidied (E_q(L), a, p, E, H) is recorded as derived, then — when tidying
 * changed it — in a `simplify` step naming the tidy rules (./simplify-steps.ts); the results and
 * the later steps refer to the simplified step.
 */
import { decideZero, differentiate, normalise } from "../expr/algebra.js";
import { abstractFunctions, add, mul, sub, sym, type Expr } from "../expr/types.js";
import { jetOrder, parseJetName, totalDerivative } from "../variational/jet.js";
import {
  energyDerivation,
  hamiltonian,
  momenta,
  momentumOrder,
  type Momentum,
} from "../variational/legendre.js";
import { ostrogradskyHamiltonian } from "../variational/ostrogradsky.js";
import { branchNote } from "../variational/branch.js";
import { declaredPositive } from "../variational/assumptions.js";
import type { System } from "../variational/types.js";
import { crossChecks } from "./cross.js";
import { eulerSteps, totalDerivativeStep } from "./euler-steps.js";
import { massLegendreSteps } from "./legendre-mass-steps.js";
import { legendreSteps } from "./legendre-steps.js";
import { motionSteps } from "./motion-steps.js";
import { ostrogradskySteps } from "./ostrogradsky-steps.js";
import { simplifyStep } from "./simplify-steps.js";
import { createRecorder, type Recorder, type RecorderOptions } from "./record.js";
import type { Derivation } from "./types.js";

export interface DeriveOptions extends Omit<RecorderOptions, "functions"> {
  readonly name?: string;
  readonly description?: string;
}

/** Derive and check everything about `sys` (see the module comment). */
export function derive(sys: System, opts: DeriveOptions = {}): Derivation {
  // Symbols declared positive are drawn positive in every check (step and cross-route).
  const positive = declaredPositive(sys);
  const rec = createRecorder({ ...opts, functions: abstractFunctions(sys.lagrangian), positive });
  const L = sys.lagrangian;
  const Lc = normalise(L);
  const lStep = rec.lagrangian(
    "L",
    "the Lagrangian as written (numbers folded, like terms combined)",
    L,
    Lc,
  );
  const equations = sys.coordinates.map((q) => eulerSteps(sys, rec, q, Lc, lStep));
  const residuals = equations.map((e) => e.residual);
  const notes: string[] = [];
  for (const e of equations) {
    if (decideZero(e.residual) === true) {
      notes.push(
        `E_${e.coordinate}(L) ≡ 0: every path is stationary in ${e.coordinate} (it enters L only through a total derivative)`,
      );
    }
  }
  const motion = motionSteps(
    sys,
    rec,
    residuals,
    equations.map((e) => e.step),
    notes,
  );
  const ps = momenta(sys);
  // Each momentum recorded once; Ostrogradsky's P_k reads D_t P_{k+1}, so P_{k+1} comes first.
  const recorded = new Map<
    string,
    { coordinate: string; conjugateTo: string; value: Expr; step: number }
  >();
  const recordMomentum = (
    p: Momentum,
  ): { coordinate: string; conjugateTo: string; value: Expr; step: number } => {
    const done = recorded.get(p.conjugateTo);
    if (done) return done;
    // ∂L/∂q' itself, or a momentum of an Ostrogradsky chain (a field's P_u_x = ∂L/∂u_tx included).
    const first = momentumOrder(sys, p.coordinate) === 1 && p.conjugateTo === p.coordinate;
    const derived = first
      ? rec.partial(
          {
            rule: "momentum",
            label: `p_${p.coordinate}`,
            justification: `momentum conjugate to ${p.conjugateTo}: ∂L/∂${p.velocity}`,
            rhs: p.asDerived,
            uses: [lStep],
          },
          Lc,
          p.velocity,
        )
      : ostrogradsky(sys, rec, p, ps, Lc, lStep, (next) => recordMomentum(next).step);
    const label = `${first ? "p" : "P"}_${p.conjugateTo}`;
    const step = simplifyStep(rec, derived, p.asDerived, p.value, p.simplifiedBy, label);
    const result = { coordinate: p.coordinate, conjugateTo: p.conjugateTo, value: p.value, step };
    recorded.set(p.conjugateTo, result);
    return result;
  };
  const momentumRecords = ps.map(recordMomentum);
  const energyForm = energyDerivation(sys, ps);
  const E = energyForm.value;
  const eStep = rec.equal(
    {
      rule: "energy",
      label: "E",
      justification:
        sys.kind === "mechanics"
          ? "energy function Σ p·q' − L"
          : ps.length > sys.coordinates.length
            ? "energy density Σ P·u_{t…} − L (each spatial derivative u_x a coordinate with its chain)"
            : "energy density Σ π·u_t − L",
      lhs: { op: "combine", expr: sub(add(...ps.map((p) => mul(p.value, sym(p.velocity)))), L) },
      rhs: energyForm.asDerived,
      uses: [lStep, ...momentumRecords.map((m) => m.step)],
    },
    sub(add(...ps.map((p) => mul(p.value, sym(p.velocity)))), L),
  );
  simplifyStep(rec, eStep, energyForm.asDerived, E, energyForm.simplifiedBy, "E");
  const H = hamiltonian(sys, ps);
  let ham: Derivation["hamiltonian"] = null;
  if (H.ok) {
    ham = {
      value: H.hamiltonian,
      momentumSymbols: H.momentumSymbols,
      velocities: H.velocities,
      equations: H.equations,
      positive: H.positive,
      branch: H.branch ?? null,
      massMatrix: H.massMatrix ?? null,
    };
    if (H.branch) notes.push(branchNote(H.branch));
    if (H.massMatrix) {
      notes.push(
        `Hamiltonian in mass-matrix form: H = ½(p − b)·q' − L₀ with q' the solution of M·q' = p − b, M = ∂²L/∂q'∂q' (${sys.coordinates.length} coordinates: ${H.massMatrix.why}; not inverted symbolically)`,
      );
    }
    const undeclared = H.positive.filter((s) => !positive.includes(s));
    if (undeclared.length) {
      notes.push(
        `Hamiltonian derived assuming ${undeclared.join(", ")} > 0, not declared positive ` +
          `(a square root was taken: √(m²) = m only for m > 0)`,
      );
    }
    const momentumSteps = momentumRecords.map((m) => m.step);
    if (H.massMatrix) {
      massLegendreSteps(sys, rec, { ...H, massMatrix: H.massMatrix }, ps, lStep, momentumSteps);
    } else legendreSteps(sys, rec, H, ps, lStep, momentumSteps);
  } else if (sys.kind === "mechanics" && sys.order > 1) {
    ham = higherOrderHamiltonian(sys, rec, ps, lStep, momentumRecords, notes);
  } else notes.push(`Hamiltonian not derived: ${H.reason}`);
  const record = {
    system: {
      name: opts.name,
      description: opts.description,
      kind: sys.kind,
      lagrangian: L,
      coordinates: sys.coordinates,
      variables: sys.variables,
      parameters: sys.parameters,
      order: sys.order,
      assumptions: sys.assumptions ?? { positive: [] },
    },
    equations: equations.map((e) => ({
      coordinate: e.coordinate,
      residual: e.residual,
      step: e.step,
    })),
    momenta: momentumRecords,
    energy: E,
    hamiltonian: ham,
    motion,
    notes,
    steps: rec.steps,
  };
  const functions = abstractFunctions(sys.lagrangian);
  return { ...record, crossChecks: crossChecks(record, { ...opts, functions, positive }) };
}

/** Ostrogradsky's Hamiltonian (../variational/ostrogradsky.ts), recorded, or null with a note. */
function higherOrderHamiltonian(
  sys: System,
  rec: Recorder,
  ps: readonly Momentum[],
  lStep: number,
  momentumRecords: readonly { step: number }[],
  notes: string[],
): Derivation["hamiltonian"] {
  const H = ostrogradskyHamiltonian(sys, ps);
  if (!H.ok) {
    notes.push(`Hamiltonian not derived: ${H.reason}`);
    return null;
  }
  const coords = ps.map((p) => p.conjugateTo).join(", ");
  const momenta = ps.map((p) => H.momentumSymbols[p.conjugateTo]).join(", ");
  notes.push(
    `Hamiltonian by Ostrogradsky's construction: canonical coordinates ${coords} with momenta ${momenta}`,
  );
  ostrogradskySteps(
    sys,
    rec,
    H,
    ps,
    lStep,
    momentumRecords.map((m) => m.step),
  );
  return {
    value: H.hamiltonian,
    momentumSymbols: H.momentumSymbols,
    velocities: H.velocities,
    equations: H.equations,
    positive: H.positive,
  };
}

function ostrogradsky(
  sys: System,
  rec: Recorder,
  p: Momentum,
  all: readonly Momentum[],
  L: Expr,
  lStep: number,
  stepOf: (next: Momentum) => number,
): number {
  // Checked against its definition evaluated numerically: P_k = ∂L/∂q^(k) − D_t P_{k+1}, which the
  // recorder compares with the claimed closed form; the total derivative is checked by duals.
  // P_{k+1} is recorded first, so that D_t P_{k+1} uses its step.
  const nextP = all.find((m) => m.conjugateTo === p.velocity);
  const nextStep = nextP && stepOf(nextP);
  const partial = differentiate(L, p.velocity);
  const dL = rec.partial(
    {
      rule: jetOrder(parseJetName(sys, p.velocity)!) === 1 ? "partial-velocity" : "partial-jet",
      label: `∂L/∂${p.velocity}`,
      justification: `differentiate L in ${p.velocity}`,
      rhs: partial,
      uses: [lStep],
    },
    L,
    p.velocity,
  );
  if (!nextP || nextStep === undefined) {
    return rec.equal(
      {
        rule: "momentum",
        label: `P_${p.conjugateTo}`,
        justification: `Ostrogradsky momentum conjugate to ${p.conjugateTo}: ∂L/∂${p.velocity}`,
        lhs: { op: "combine", expr: partial },
        rhs: p.asDerived,
        uses: [dL],
      },
      partial,
    );
  }
  const dP = totalDerivative(sys, nextP.value);
  const dStep = totalDerivativeStep(sys, rec, nextP.value, dP, sys.variables[0], {
    label: `D_${sys.variables[0]}(P_${nextP.conjugateTo})`,
    uses: [nextStep],
  });
  const expr = sub(partial, dP);
  return rec.equal(
    {
      rule: "momentum",
      label: `P_${p.conjugateTo}`,
      justification: `Ostrogradsky momentum conjugate to ${p.conjugateTo}: ∂L/∂${p.velocity} − D_t P_${nextP.conjugateTo}`,
      lhs: { op: "combine", expr },
      rhs: p.asDerived,
      uses: [dL, dStep],
    },
    expr,
  );
}
