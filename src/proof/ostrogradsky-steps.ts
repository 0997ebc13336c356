/**
 * Recording Ostrogradsky's Hamiltonian (../variational/ostrogradsky.ts): each solved top derivative
 * q^(N)(Q, P) is checked by substituting it into P_N = ∂L/∂q^(N) at random (Q, P); H is checked
 * against Σ P_k·q^(k) − L with the tops substituted (as derived, then tidied in a `simplify` step); each Hamilton equation Q_k' = ∂H/∂P_k,
 * P_k' = −∂H/∂Q_k by forward-mode differentiation of H.
 */
import { evaluate, type Env, type FunctionModel } from "../expr/numeric/evaluate.js";
import { sym, symbols } from "../expr/types.js";
import type { HamiltonianResult, Momentum } from "../variational/legendre.js";
import type { Recorder } from "./record.js";
import { simplifyStep } from "./simplify-steps.js";
import type { System } from "../variational/types.js";

type Solved = Extract<HamiltonianResult, { ok: true }>;

/** Record the solved tops, H and Hamilton's equations (see the module comment). */
export function ostrogradskySteps(
  sys: System,
  rec: Recorder,
  H: Solved,
  ps: readonly Momentum[],
  lStep: number,
  momentumSteps: readonly number[],
): void {
  const P = H.momentumSymbols;
  const names = new Set<string>(Object.values(P));
  symbols(sys.lagrangian, names);
  for (const p of ps) names.add(p.conjugateTo);
  for (const v of Object.keys(H.velocities)) names.delete(v);
  for (const v of Object.values(H.velocities)) symbols(v, names);
  const at = (env: Env, model: FunctionModel) => {
    const out: Record<string, number> = { ...env };
    for (const [v, e] of Object.entries(H.velocities)) out[v] = evaluate(e, env, model);
    return out;
  };
  const topSteps = ps.flatMap((p, i) =>
    Object.hasOwn(H.velocities, p.velocity)
      ? [
          rec.custom(
            {
              rule: "solve-velocities",
              label: p.velocity,
              justification: `${p.velocity} solved from ${P[p.conjugateTo]} = ∂L/∂${p.velocity}`,
              lhs: { op: "given", expr: sym(P[p.conjugateTo]) },
              rhs: H.velocities[p.velocity],
              uses: [momentumSteps[i]],
            },
            "evaluation",
            names,
            (env, model) => [env[P[p.conjugateTo]], evaluate(p.value, at(env, model), model), 0],
          ),
        ]
      : [],
  );
  const derived = rec.custom(
    {
      rule: "legendre",
      label: "H",
      justification:
        "Ostrogradsky's Hamiltonian H = Σ P_k·q^(k) − L, canonical coordinates Q_k = q^(k−1), the top derivative solved from its momentum",
      lhs: {
        op: "legendre",
        lagrangian: sys.lagrangian,
        momenta: Object.fromEntries(ps.map((p) => [p.conjugateTo, p.value])),
        velocities: H.velocities,
        momentumSymbols: P,
      },
      rhs: H.asDerived,
      uses: [lStep, ...momentumSteps, ...topSteps],
    },
    "evaluation",
    names,
    (env, model) => {
      const point = at(env, model);
      const L = evaluate(sys.lagrangian, point, model);
      let sum = -L;
      let scale = Math.abs(L);
      for (const p of ps) {
        const term = env[P[p.conjugateTo]] * point[p.velocity];
        sum += term;
        scale += Math.abs(term);
      }
      return [evaluate(H.asDerived, env, model), sum, scale];
    },
  );
  const step = simplifyStep(rec, derived, H.asDerived, H.hamiltonian, H.simplifiedBy, "H");
  for (const eq of H.equations) {
    const head = { rule: "hamilton-equations" as const, label: eq.lhs, rhs: eq.rhs, uses: [step] };
    if (eq.kind === "velocity") {
      const p = P[eq.coordinate];
      rec.partial({ ...head, justification: `${eq.lhs} = ∂H/∂${p}` }, H.hamiltonian, p);
    } else {
      rec.partial(
        { ...head, justification: `${eq.lhs} = −∂H/∂${eq.coordinate}` },
        H.hamiltonian,
        eq.coordinate,
        -1,
      );
    }
  }
}
