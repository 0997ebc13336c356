/**
 * The cross-route check of a Noether charge: the equations of motion integrated numerically (RK4,
 * ../expr/numeric/ode.ts) from a random initial state (t₀, q, q') with random parameters and a
 * random model of the abstract functions, for a short time T, with the rate integrated alongside:
 *
 *   Q(T) − Q(0) = ∫₀ᵀ R dt     (R = 0 for a conserved charge: Q stays constant)
 *
 * to the integrator's accuracy (rtol 1e-7 of the cancellation-free size of Q and of ∫|R|), at
 * starts where halving the step leaves Q(T) − Q(0) − ∫R dt unchanged to that accuracy (others, such
 * as near-collisions, are redrawn). The
 * accelerations are the solved ones, or the numeric solution of M·a = F at each stage. This route
 * shares nothing with the proof's steps: no total derivative, no Euler operator, no identity — only
 * Q, R and the equations of motion, evaluated; a wrong charge drifts and is caught.
 */
import { evaluate, magnitude, type Env } from "../expr/numeric/evaluate.js";
import { solveNumeric } from "../expr/numeric/numeric.js";
import { rk4 } from "../expr/numeric/ode.js";
import { abstractFunctions, symbols, type Expr } from "../expr/types.js";
import type { MotionResult } from "../variational/motion.js";
import type { System } from "../variational/types.js";
import { Runner, type CrossOptions } from "./cross-runner.js";
import type { CrossCheck } from "./types.js";

/** Integration span and steps: h = 1e-3, RK4's global error ~h⁴ relative to the solution's scale. */
export const SPAN = 0.25;
export const STEPS = 250;
export const INTEGRATION_RTOL = 1e-7;

/**
 * Check Q(T) − Q(0) = ∫R dt along numeric solutions (module comment); throws a CheckError when
 * they disagree. Returns [] when the motion has no accelerations to integrate (a singular Hessian).
 */
export function integrationCheck(
  sys: System,
  motion: MotionResult,
  charge: { readonly name: string; readonly expression: Expr; readonly rate: Expr },
  opts: CrossOptions = {},
): CrossCheck[] {
  if (motion.kind !== "solved" && motion.kind !== "mass-matrix") return [];
  const t = sys.variables[0];
  const qs = sys.coordinates;
  const vs = qs.map((q) => `${q}'`);
  const unknowns = new Set(motion.unknowns);
  const acc = motion.accelerations;
  const exprs = [sys.lagrangian, charge.expression, charge.rate];
  if (acc) exprs.push(...Object.values(acc));
  else exprs.push(...motion.massMatrix.flat(), ...motion.forcing);
  const names = new Set<string>([t, ...qs, ...vs]);
  exprs.forEach((e) => symbols(e, names));
  for (const u of unknowns) names.delete(u);
  const runner = new Runner({
    ...opts,
    functions: opts.functions ?? abstractFunctions(sys.lagrangian),
    rtol: INTEGRATION_RTOL,
    points: opts.points ?? 3,
  });
  const Q = charge.expression;
  const R = charge.rate;
  runner.run(
    {
      id: `noether-integration:${charge.name}`,
      claim: `Q(T) − Q(0) = ∫R dt along solutions (T = ${SPAN}, ${STEPS} RK4 steps)`,
      routes: ["Q at the ends of a numerically integrated solution", "∫ R dt along it"],
      method: "evaluation",
    },
    names,
    [
      {
        fn: (start, model) => {
          const envAt = (time: number, y: readonly number[]): Env => {
            const env: Record<string, number> = { ...start, [t]: time };
            qs.forEach((q, i) => ((env[q] = y[i]), (env[vs[i]] = y[qs.length + i])));
            return env;
          };
          const accelerations = (env: Env): number[] =>
            acc
              ? motion.unknowns.map((u) => evaluate(acc[u], env, model))
              : solveNumeric(
                  motion.massMatrix.map((row) => row.map((e) => evaluate(e, env, model))),
                  motion.forcing.map((e) => evaluate(e, env, model)),
                );
          const f = (time: number, y: readonly number[]): number[] => {
            const env = envAt(time, y);
            const rate = evaluate(R, env, model);
            return [
              ...y.slice(qs.length, 2 * qs.length),
              ...accelerations(env),
              rate,
              Math.abs(rate),
            ];
          };
          const y0 = [...qs.map((q) => start[q]), ...vs.map((v) => start[v]), 0, 0];
          const env0 = envAt(start[t], y0);
          const n = 2 * qs.length;
          const integrate = (steps: number) => {
            const y1 = rk4(f, start[t], y0, SPAN, steps);
            const env1 = envAt(start[t] + SPAN, y1);
            const drift = evaluate(Q, env1, model) - evaluate(Q, env0, model);
            const scale = magnitude(Q, env0, model) + magnitude(Q, env1, model) + y1[n + 1];
            return { drift, integral: y1[n], scale };
          };
          const coarse = integrate(STEPS);
          // A start the integrator does not resolve (a near-collision of the three bodies): halving
          // the step changes Q(T) − Q(0) − ∫R dt; the point is not used (NaN: another is drawn). A
          // wrong charge still drifts at both step sizes alike, and is caught at the usable points.
          const fine = integrate(2 * STEPS);
          const unresolved =
            Math.abs(coarse.drift - coarse.integral - (fine.drift - fine.integral)) >
            INTEGRATION_RTOL * Math.max(coarse.scale, fine.scale);
          return unresolved ? [NaN, NaN, NaN] : [fine.drift, fine.integral, fine.scale];
        },
      },
    ],
  );
  return runner.done;
}
