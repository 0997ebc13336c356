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
import { CheckError } from "../errors.js";
import { checkAtPoints, type Evaluator, type Mismatch } from "../expr/numeric/check.js";
import {
  evaluate,
  magnitude,
  magnitudeDual,
  type Env,
  type FunctionModel,
} from "../expr/numeric/evaluate.js";
import { solveNumeric } from "../expr/numeric/numeric.js";
import { symbols, type Expr } from "../expr/types.js";
import { jetOrder, parseJetName, raise, totalDerivativeTangent } from "../variational/jet.js";
import { SYMBOLIC_SOLVE_MAX } from "../variational/legendre.js";
import type { System } from "../variational/types.js";
import { phaseMap, totalDerivativeAt, totalDerivativeNames, type PhaseMap } from "./cross-phase.js";
import type { CrossCheck, Derivation } from "./types.js";

export interface CrossOptions {
  readonly points?: number;
  readonly rtol?: number;
  /** Base seed; check i uses seed + 104729·i. */
  readonly seed?: number;
  /** Arities of the abstract functions of the system. */
  readonly functions?: ReadonlyMap<string, number>;
  /** Symbols declared positive: drawn positive in every check. */
  readonly positive?: readonly string[];
}

/** A derivation record before its cross checks. */
export type Checkable = Omit<Derivation, "crossChecks">;

type Compare = (env: Env, model: FunctionModel, ev: Evaluator) => [number, number, number];

/** A comparison over points drawn at random and then moved (e.g. to small velocities). */
interface Run {
  readonly move?: (env: Env) => Record<string, number>;
  readonly fn: Compare;
}

interface Spec {
  readonly id: string;
  readonly claim: string;
  readonly routes: readonly [string, string];
  readonly method: CrossCheck["method"];
}

/** Runs checks one after another, each with its own seed; throws on the first failure. */
class Runner {
  readonly done: CrossCheck[] = [];
  constructor(private readonly opts: CrossOptions) {}

  /** The seed of the next check. */
  nextSeed(): number {
    return (this.opts.seed ?? 20250921) + 104729 * (this.done.length + 1);
  }

  run(spec: Spec, names: Iterable<string>, runs: readonly Run[], positive: readonly string[] = []) {
    const points = this.opts.points ?? 4;
    const rtol = this.opts.rtol ?? 1e-9;
    const seed = this.nextSeed();
    runs.forEach(({ move = (env) => ({ ...env }), fn }, r) => {
      let mismatch: Mismatch | null;
      try {
        mismatch = checkAtPoints(names, (env, model, ev) => fn(move(env), model, ev), {
          points,
          rtol,
          seed: seed + r,
          functions: this.opts.functions,
          positive: [...(this.opts.positive ?? []), ...positive],
        });
      } catch (err) {
        if (err instanceof CheckError) throw err;
        throw new CheckError(
          "cross-check",
          `cross-route check ${spec.id} (${spec.claim}) could not be run: ${(err as Error).message}`,
        );
      }
      if (mismatch) {
        const at = Object.entries(move(mismatch.env))
          .map(([k, v]) => `${k}=${v.toPrecision(6)}`)
          .join(", ");
        throw new CheckError(
          "cross-check",
          `cross-route check ${spec.id} failed: ${spec.claim}\n` +
            `  route 1, ${spec.routes[0]}: ${mismatch.lhs}\n` +
            `  route 2, ${spec.routes[1]}: ${mismatch.rhs}\n  at ${at}`,
        );
      }
    });
    this.done.push({ ...spec, points: points * runs.length, seed, rtol, passed: true });
  }
}

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

/** The jet symbol a momentum multiplies: q' for q, q'' for q', u_t for u. */
const velocityOf = (sys: System, conjugateTo: string): string => raise(sys, conjugateTo, 0)!;

const residualOf = (d: Checkable, q: string): Expr | undefined =>
  d.equations.find((e) => e.coordinate === q)?.residual;

/** The symbols of the Hamiltonian side: H, Hamilton's right-hand sides, solved velocities. */
function hamiltonianSymbols(H: NonNullable<Checkable["hamiltonian"]>): Set<string> {
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
function bands(
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
interface Item {
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
function runItems(
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

function hamilton(d: Checkable, runner: Runner): CrossCheck[] {
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
