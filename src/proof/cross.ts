/**
 * Cross-route checks: each result of a derivation compared, at random points (parameters and
 * abstract functions drawn too), with the same quantity computed by a route that does not use the
 * rule that produced it. The step checks (record.ts) compare each step with the rule it claims, so
 * a wrong rule passes them; these checks catch it.
 *
 * - Hamilton's equations reproduce the Euler–Lagrange equations. At a random jet point (t, q, q',
 *   q'', …) the canonical point has p = ∂L/∂q' (the momentum expressions, evaluated; see
 *   cross-phase.ts). Then the recorded q' = ∂H/∂p must give the jet's q', and the recorded
 *   p' = −∂H/∂q must give the rate of ∂L/∂q' on solutions,
 *
 *     D_t(∂L/∂q') + E_q(L)    (= ∂L/∂q for a first-order L; E_q(L) = 0 on solutions),
 *
 *   with D_t by forward-mode AD (dual numbers) of the momentum along the jet, E_q(L) the recorded
 *   Euler–Lagrange expression evaluated. For fields π_t = −δH/δu is compared with D_t π + E_u(L)
 *   (the spatial Euler terms of L when L is first order in t), the spatial derivatives π_x, π_xx
 *   it reads computed from π = ∂L/∂u_t along the jet. For Ostrogradsky's Hamiltonian the same
 *   holds for every momentum P_k: Q_k' = ∂H/∂P_k gives q^(k), P_k' = −∂H/∂Q_k gives
 *   D_t P_k (+ E_q(L) for k = 1), i.e. the Euler–Poisson equation.
 * - H(q, p(q, q')) = E(q, q'), the recorded energy function: at points with small velocities
 *   (|q'| in [1e-3, 0.1], where the branch through the rest state must hold) and at the usual
 *   points (|q'| in [0.2, 0.9]) that lie in the domain of the Legendre branch, i.e. where the
 *   recorded q'(q, p) maps p(q, q') back to q' (every point, for an injective Legendre map).
 * - The solved accelerations make every E_i(L) vanish (the residuals evaluated with the unknowns
 *   set to the evaluated accelerations); in mass-matrix form, a from a numeric LU solve of M·a = F
 *   makes every E_i(L) vanish.
 *
 * Each claim is one check per coordinate (`hamilton-force:x`) for up to SYMBOLIC_SOLVE_MAX
 * coordinates; beyond that one check covers every coordinate (`hamilton-force`), each point
 * comparing them all (the shared work, a numeric solve of M·a = F or the canonical point, done
 * once per point), so the record and the time stay linear in the number of coordinates.
 * - A Hamiltonian in mass-matrix form is checked by the same routes, its velocity symbols set to
 *   the numeric solution of the recorded M·v = p − b at each canonical point (cross-phase.ts).
 *
 * None of these reads a solved velocity to build its comparison, differentiates H, or redoes a
 * Legendre transform: the Hamiltonian side is only evaluated. A failed check throws a CheckError
 * naming the check, both routes and the point.
 */
import type { Evaluator } from "../expr/numeric/check.js";
import { magnitude, type Env, type FunctionModel } from "../expr/numeric/evaluate.js";
import { solveNumeric } from "../expr/numeric/numeric.js";
import { symbols } from "../expr/types.js";
import { phaseMap } from "./cross-phase.js";
import type { CrossCheck } from "./types.js";
import { bands, hamilton, hamiltonianSymbols, runItems, type Item } from "./cross-hamilton.js";
import { Runner, type Checkable, type CrossOptions } from "./cross-runner.js";

export type { Checkable, CrossOptions } from "./cross-runner.js";

/** Every cross-route check that applies to the record (see the module comment). */
export function crossChecks(d: Checkable, opts: CrossOptions = {}): CrossCheck[] {
  const runner = new Runner(opts);
  hamilton(d, runner);
  energy(d, runner);
  accelerations(d, runner);
  return runner.done;
}

/** Hamilton's equations reproduce the Euler–Lagrange (Euler–Poisson) equations. */
export const hamiltonChecks = (d: Checkable, opts: CrossOptions = {}): CrossCheck[] =>
  hamilton(d, new Runner(opts));

/** H(q, p(q, q')) = E(q, q') at small and at usual velocities (see the module comment). */
export const energyCheck = (d: Checkable, opts: CrossOptions = {}): CrossCheck[] =>
  energy(d, new Runner(opts));

/** The accelerations (solved, or from a numeric solve of M·a = F) make every E_i(L) vanish. */
export const accelerationChecks = (d: Checkable, opts: CrossOptions = {}): CrossCheck[] =>
  accelerations(d, new Runner(opts));

function energy(d: Checkable, runner: Runner): CrossCheck[] {
  const H = d.hamiltonian;
  if (!H) return runner.done;
  const phase = phaseMap(d.system, d, H, hamiltonianSymbols(H));
  const { names, runs } = bands(d, phase, (env, model, ev) => {
    const x = phase.at(env, model, ev);
    return [
      ev.evaluate(H.value, x, model),
      ev.evaluate(d.energy, env, model),
      magnitude(H.value, x, model) + magnitude(d.energy, env, model),
    ];
  });
  symbols(d.energy, names);
  runner.run(
    {
      id: "energy",
      claim: "H(q, p) at p = ∂L/∂q' equals the energy function E(q, q') = Σ p·q' − L",
      routes: ["the recorded Hamiltonian at p = ∂L/∂q'", "the recorded energy function"],
      method: "evaluation",
    },
    names,
    runs,
    H.positive,
  );
  return runner.done;
}

function accelerations(d: Checkable, runner: Runner): CrossCheck[] {
  const m = d.motion;
  if (m.kind !== "solved" && m.kind !== "mass-matrix") return runner.done;
  const acc = m.accelerations;
  const names = new Set<string>(m.unknowns);
  d.equations.forEach((e) => symbols(e.residual, names));
  if (acc) Object.values(acc).forEach((a) => symbols(a, names));
  else [...m.massMatrix!.flat(), ...m.forcing!].forEach((e) => symbols(e, names));
  const solved = (env: Env, model: FunctionModel, ev: Evaluator): Record<string, number> => {
    const a = acc
      ? m.unknowns.map((u) => ev.evaluate(acc[u], env, model))
      : solveNumeric(
          m.massMatrix!.map((row) => row.map((e) => ev.evaluate(e, env, model))),
          m.forcing!.map((e) => ev.evaluate(e, env, model)),
        );
    const out: Record<string, number> = { ...env };
    m.unknowns.forEach((u, i) => (out[u] = a[i]));
    return out;
  };
  const items = d.equations.map(
    (e, order): Item => ({
      order,
      spec: {
        id: `accelerations:${e.coordinate}`,
        claim: `E_${e.coordinate}(L) = 0 at ${m.unknowns.join(", ")} = ${acc ? "the solved accelerations" : "the numeric solution of M·a = F"}`,
        routes: [`E_${e.coordinate}(L) evaluated there`, "0"],
        method: "evaluation",
      },
      names: new Set(),
      compare: (_env, model, ev, x) => [
        ev.evaluate(e.residual, x, model),
        0,
        magnitude(e.residual, x, model),
      ],
    }),
  );
  // Beyond SYMBOLIC_SOLVE_MAX coordinates one numeric solve of M·a = F per point serves every
  // equation (one check for all of them).
  runItems(
    d,
    runner,
    [
      [
        items,
        {
          id: "accelerations",
          claim: `E_q(L) = 0 for each of the ${m.unknowns.length} coordinates at the unknowns ${m.unknowns[0]}, … = ${acc ? "the solved accelerations" : "the numeric solution of M·a = F"}`,
          routes: ["E_q(L) evaluated there", "0"],
          method: "evaluation",
        },
      ],
    ],
    (fn) => ({ names: new Set(names), runs: [{ fn }] }),
    solved,
  );
  return runner.done;
}
