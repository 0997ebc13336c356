/**
 * Recording the Legendre transform: each solved velocity v(q, p) is checked by substituting it
 * into p = ∂L/∂q' at random (q, p); H is checked against Σ p·v − L(q, v(q, p)); Hamilton's
 * equations q' = ∂H/∂p, p' = −∂H/∂q are checked by forward-mode differentiation of H.
 */
import { evaluate, type Env, type FunctionModel } from "../expr/evaluate.js";
import { sym, symbols, type Expr } from "../expr/types.js";
import type { hamiltonian, Momentum } from "../variational/legendre.js";
import type { System } from "../variational/types.js";
import type { Recorder } from "./record.js";

/** The point with the named symbols made positive. */
const positiveEnv = (env: Env, positive: readonly string[]): Env =>
  positive.length === 0
    ? env
    : { ...env, ...Object.fromEntries(positive.map((k) => [k, Math.abs(env[k] ?? 1)])) };

type Solved = Extract<ReturnType<typeof hamiltonian>, { ok: true }>;

/** Record the solved velocities, H and Hamilton's equations (see the module comment). */
export function legendreSteps(
  sys: System,
  rec: Recorder,
  H: Solved,
  ps: readonly Momentum[],
  lStep: number,
  momentumSteps: readonly number[],
): void {
  const names = new Set<string>(Object.values(H.momentumSymbols));
  symbols(sys.lagrangian, names);
  for (const v of Object.values(H.velocities)) symbols(v, names);
  const at = (env: Env, model: FunctionModel) => {
    const out: Record<string, number> = { ...env };
    for (const [v, e] of Object.entries(H.velocities)) out[v] = evaluate(e, env, model);
    return out;
  };
  const velocitySteps = ps.map((p, i) =>
    rec.custom(
      {
        rule: "solve-velocities",
        label: p.velocity,
        justification:
          `${p.velocity} solved from ${H.momentumSymbols[p.coordinate]} = ∂L/∂${p.velocity}` +
          (H.positive.length ? ` (assuming ${H.positive.join(", ")} > 0)` : ""),
        lhs: { op: "given", expr: sym(H.momentumSymbols[p.coordinate]) },
        rhs: H.velocities[p.velocity],
        uses: [momentumSteps[i]],
      },
      "evaluation",
      names,
      // p = ∂L/∂q'(q, v(q, p)): the momentum expression evaluated at the solved velocities, with
      // the parameters the inversion assumed positive drawn positive.
      (drawn, model) => {
        const env = positiveEnv(drawn, H.positive);
        return [env[H.momentumSymbols[p.coordinate]], evaluate(p.value, at(env, model), model), 0];
      },
    ),
  );
  const momenta: Record<string, Expr> = Object.fromEntries(ps.map((p) => [p.coordinate, p.value]));
  const step = rec.custom(
    {
      rule: "legendre",
      label: "H",
      justification: "Legendre transform H = Σ p·q' − L with q' = q'(q, p)",
      lhs: {
        op: "legendre",
        lagrangian: sys.lagrangian,
        momenta,
        velocities: H.velocities,
        momentumSymbols: H.momentumSymbols,
      },
      rhs: H.hamiltonian,
      uses: [lStep, ...velocitySteps],
    },
    "evaluation",
    names,
    (env, model) => {
      const point = at(env, model);
      const L = evaluate(sys.lagrangian, point, model);
      let sum = -L;
      let scale = Math.abs(L);
      for (const p of ps) {
        const term = env[H.momentumSymbols[p.coordinate]] * point[p.velocity];
        sum += term;
        scale += Math.abs(term);
      }
      return [evaluate(H.hamiltonian, env, model), sum, scale];
    },
  );
  for (const eq of H.equations) {
    const q = eq.lhs.slice(0, -1);
    const isQ = sys.coordinates.includes(q);
    const wrt = isQ
      ? H.momentumSymbols[q]
      : Object.keys(H.momentumSymbols).find((c) => H.momentumSymbols[c] === q)!;
    rec.partial(
      {
        rule: "hamilton-equations",
        label: eq.lhs,
        justification: isQ ? `${eq.lhs} = ∂H/∂${wrt}` : `${eq.lhs} = −∂H/∂${wrt}`,
        rhs: eq.rhs,
        uses: [step],
      },
      H.hamiltonian,
      wrt,
      isQ ? 1 : -1,
    );
  }
}
