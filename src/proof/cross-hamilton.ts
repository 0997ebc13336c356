/**
 * Cross-route check: Hamilton's equations reproduce the Euler–Lagrange (Euler–Poisson) equations,
 * and H(q, p(q, q')) = E(q, q') — at jet points, with p = ∂L/∂q' evaluated there and D_t computed
 * by dual numbers along the jet, never from H (the argument is in cross.ts's module comment).
 */
import { CheckError } from "../errors.js";
import { type Evaluator } from "../expr/numeric/check.js";
import {
  evaluate,
  magnitude,
  magnitudeDual,
  type Env,
  type FunctionModel,
} from "../expr/numeric/evaluate.js";
import { symbols } from "../expr/types.js";
import { jetOrder, parseJetName, totalDerivativeTangent } from "../variational/jet.js";
import { SYMBOLIC_SOLVE_MAX } from "../variational/legendre.js";
import type { System } from "../variational/types.js";
import { phaseMap, totalDerivativeAt, totalDerivativeNames, type PhaseMap } from "./cross-phase.js";
import type { CrossCheck } from "./types.js";

import {
  Runner,
  velocityOf,
  residualOf,
  type Checkable,
  type Compare,
  type Run,
  type Spec,
} from "./cross-runner.js";
/** The symbols of the Hamiltonian side: H, Hamilton's right-hand sides, solved velocities. */
export function hamiltonianSymbols(H: NonNullable<Checkable["hamiltonian"]>): Set<string> {
  const used = symbols(H.value);
  for (const eq of H.equations) symbols(eq.rhs, used);
  for (const v of Object.values(H.velocities)) symbols(v, used);
  return used;
}

/**
 * A comparison run twice: at points whose velocities are small (|q'| in [1e-3, 0.1], where the
 * branch through the rest state must hold; no point skipped), and at the usual points that lie in
 * the domain of the recorded Legendre branch (where the solved q'(q, p) maps p(q, q') back to q').
 */
export function bands(
  d: Checkable,
  phase: PhaseMap,
  compare: Compare,
): { names: Set<string>; runs: Run[] } {
  const H = d.hamiltonian!;
  const velocities = [...new Set(d.momenta.map((m) => velocityOf(d.system, m.conjugateTo)))];
  const names = new Set([...phase.jetNames, ...velocities]);
  // |v| drawn in [0.2, 0.9] is mapped to [1e-3, 0.1], log-uniformly, keeping its sign.
  const small = (env: Env): Record<string, number> => {
    const out = { ...env };
    for (const v of velocities) {
      out[v] = Math.sign(env[v]) * 10 ** (-3 + (2 * (Math.abs(env[v]) - 0.2)) / 0.7);
    }
    return out;
  };
  const inBranch: Compare = (env, model, ev) => {
    const x = phase.at(env, model);
    for (const [v, e] of Object.entries(H.velocities)) {
      const back = evaluate(e, x, model);
      if (!(Math.abs(back - env[v]) <= 1e-6 * (1 + Math.abs(env[v])))) return [NaN, NaN, NaN];
    }
    return compare(env, model, ev);
  };
  return { names, runs: [{ move: small, fn: compare }, { fn: inBranch }] };
}

/** One coordinate's claim, compared at the canonical point `x` of the jet point `env`. */
export interface Item {
  /** Position among the checks when each item is its own check. */
  readonly order: number;
  readonly spec: Spec;
  readonly names: ReadonlySet<string>;
  readonly compare: (
    env: Env,
    model: FunctionModel,
    ev: Evaluator,
    x: Record<string, number>,
  ) => [number, number, number];
}

/**
 * The comparison that fails first among several: a non-finite one (the point is skipped), else
 * the one with the largest disagreement relative to its scale.
 */
function worst(triples: readonly [number, number, number][]): [number, number, number] {
  let out: [number, number, number] = [0, 0, 1];
  let ratio = -1;
  for (const t of triples) {
    if (!t.every(Number.isFinite)) return t;
    const r = Math.abs(t[0] - t[1]) / (t[2] || Number.MIN_VALUE);
    if (r > ratio) [out, ratio] = [t, r];
  }
  return out;
}

/**
 * Runs the items one check each for up to SYMBOLIC_SOLVE_MAX coordinates; beyond that, one check
 * for all of them (`spec`), each point computing the shared work once and comparing every item
 * (the worst is what the check sees): the record and the time stay linear in the coordinates.
 */
export function runItems(
  d: Checkable,
  runner: Runner,
  groups: readonly (readonly [items: readonly Item[], spec: Spec])[],
  runsOf: (fn: Compare) => { names: Set<string>; runs: Run[] },
  point: (env: Env, model: FunctionModel, ev: Evaluator) => Record<string, number>,
  positive: readonly string[] = [],
): void {
  const one = (its: readonly Item[], sp: Spec) => {
    const { names, runs } = runsOf((env, model, ev) => {
      const x = point(env, model, ev);
      return worst(its.map((it) => it.compare(env, model, ev, x)));
    });
    for (const it of its) it.names.forEach((n) => names.add(n));
    runner.run(sp, names, runs, positive);
  };
  if (d.system.coordinates.length > SYMBOLIC_SOLVE_MAX) {
    for (const [items, spec] of groups) if (items.length) one(items, spec);
    return;
  }
  // One check per item, in the order they were listed (interleaved across the groups).
  const all = groups.flatMap(([items]) => items);
  all.sort((a, b) => a.order - b.order).forEach((it) => one([it], it.spec));
}

export function hamilton(d: Checkable, runner: Runner): CrossCheck[] {
  const H = d.hamiltonian;
  if (!H) return runner.done;
  const sys: System = d.system;
  const phase = phaseMap(sys, d, H, hamiltonianSymbols(H));
  const t = sys.variables[0];
  const velocityItems: Item[] = [];
  const forceItems: Item[] = [];
  for (const eq of H.equations) {
    const m = d.momenta.find((p) => p.conjugateTo === eq.coordinate);
    if (!m) throw new CheckError("cross-check", `no momentum conjugate to ${eq.coordinate}`);
    const p = H.momentumSymbols[eq.coordinate];
    const v = velocityOf(sys, eq.coordinate);
    // ∂L/∂q' for an ordinary momentum; Ostrogradsky's P_q = ∂L/∂q' − D_t P_q' … when one follows.
    const P = d.momenta.some((n) => n.conjugateTo === v) ? `P_${eq.coordinate}` : `∂L/∂${v}`;
    if (eq.kind === "velocity") {
      velocityItems.push({
        order: velocityItems.length + forceItems.length,
        spec: {
          id: `hamilton-velocity:${eq.coordinate}`,
          claim: `${eq.lhs} = ∂H/∂${p} at ${p} = ${P} gives back ${v}`,
          routes: [`${eq.lhs} from the recorded Hamilton equation`, `${v} of the jet point`],
          method: "evaluation",
        },
        names: new Set(),
        compare: (env, model, ev, x) => [
          ev.evaluate(eq.rhs, x, model),
          env[v],
          magnitude(eq.rhs, x, model),
        ],
      });
      continue;
    }
    // On solutions, d/dt of P = ∂L/∂q' is D_t P + E_q(L) (E_q(L) = 0 there); for Ostrogradsky's
    // higher momenta P_k (k ≥ 2) D_t P_k = ∂L/∂q^(k−1) − P_{k−1} holds identically.
    const q = parseJetName(sys, eq.coordinate);
    const E = q && jetOrder(q) === 0 ? residualOf(d, q.coordinate) : undefined;
    const names = new Set<string>();
    totalDerivativeNames(sys, m.value, 0, names);
    if (E) symbols(E, names);
    const mSymbols = symbols(m.value);
    forceItems.push({
      order: velocityItems.length + forceItems.length,
      spec: {
        id: `hamilton-force:${eq.coordinate}`,
        claim: `${eq.lhs} = −${sys.kind === "field" ? "δH/δ" : "∂H/∂"}${eq.coordinate} at ${p} = ${P} is the rate of ${P} on solutions`,
        routes: [
          `${eq.lhs} from the recorded Hamilton equation`,
          `D_${t}(${P})${E ? ` + E_${eq.coordinate}(L)` : ""} by forward-mode AD along the jet`,
        ],
        method: "dual",
      },
      names,
      compare: (env, model, ev, x) => {
        const dir = totalDerivativeTangent(sys, mSymbols, 0)(env);
        const rate =
          totalDerivativeAt(sys, m.value, 0, env, model, ev) + (E ? ev.evaluate(E, env, model) : 0);
        const scale =
          magnitude(eq.rhs, x, model) +
          magnitudeDual(m.value, env, dir, model).deriv +
          (E ? magnitude(E, env, model) : 0);
        return [ev.evaluate(eq.rhs, x, model), rate, scale];
      },
    });
  }
  const runsOf = (fn: Compare) => bands(d, phase, fn);
  const at = (env: Env, model: FunctionModel, ev: Evaluator) => phase.at(env, model, ev);
  const n = sys.coordinates.length;
  runItems(
    d,
    runner,
    [
      [
        velocityItems,
        {
          id: "hamilton-velocity",
          claim: `q' = ∂H/∂p at p = ∂L/∂q' gives back q', for each of the ${n} coordinates`,
          routes: ["q' from the recorded Hamilton equations", "q' of the jet point"],
          method: "evaluation",
        },
      ],
      [
        forceItems,
        {
          id: "hamilton-force",
          claim: `p' = −∂H/∂q at p = ∂L/∂q' is the rate of ∂L/∂q' on solutions, for each of the ${n} coordinates`,
          routes: [
            "p' from the recorded Hamilton equations",
            `D_${t}(∂L/∂q') + E_q(L) by forward-mode AD along the jet`,
          ],
          method: "dual",
        },
      ],
    ],
    runsOf,
    at,
    H.positive,
  );
  return runner.done;
}
