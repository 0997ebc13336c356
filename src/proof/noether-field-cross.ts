/**
 * The cross-route check of a conserved current J^μ of a field Lagrangian: its divergence by finite
 * differences of J itself, compared with the rate R (0 for a symmetry), at random points of the
 * 2-jet where the solved second derivative (u_tt) replaces its random value:
 *
 *   Σ_μ [J^μ(x + h·e_μ) − J^μ(x − h·e_μ)] / 2h  (Richardson-extrapolated from h and h/2)  =  R(x)
 *
 * J is evaluated along the quadratic field u_a(x + δ) = u_a + Σ_μ u_{a,μ}δ^μ + ½Σ_{μν} u_{a,μν}δ^μδ^ν
 * (its first derivatives u_{a,μ}(x + δ) = u_{a,μ} + Σ_ν u_{a,μν}δ^ν), whose 2-jet at x is the
 * on-shell point. This route shares nothing with the proof's steps: no symbolic total derivative,
 * no Euler operator, no Noether identity — only J, R and the solved equation of motion, evaluated;
 * a wrong current (a term dropped, a sign flipped) has a non-zero divergence on solutions and is
 * caught. Relative tolerance 1e-6 of the size of J (the extrapolated difference is O(h⁴)).
 */
import { evaluate, magnitude, type Env } from "../expr/numeric/evaluate.js";
import { abstractFunctions, symbols, type Expr } from "../expr/types.js";
import { jetName } from "../variational/jet.js";
import type { MotionResult } from "../variational/motion.js";
import { firstJet } from "../variational/noether-field.js";
import type { System } from "../variational/types.js";
import { Runner, type CrossOptions } from "./cross-runner.js";
import type { CrossCheck } from "./types.js";

export const STEP = 1e-3;
export const DIVERGENCE_RTOL = 1e-6;

/** u_{a,μν}: the second derivative of field a in variable indices m and n. */
const secondJet = (sys: System, a: string, m: number, n: number): string =>
  jetName(
    sys,
    a,
    sys.variables.map((_, i) => (i === m ? 1 : 0) + (i === n ? 1 : 0)),
  );

/**
 * Check the finite-difference divergence of J against R on solutions (module comment); throws a
 * CheckError when they disagree. Returns [] when u_tt is not solved.
 */
export function divergenceCheck(
  sys: System,
  motion: MotionResult,
  charge: {
    readonly name: string;
    readonly current: Readonly<Record<string, Expr>>;
    readonly rate: Expr;
  },
  opts: CrossOptions = {},
): CrossCheck[] {
  if (motion.kind !== "solved" || !motion.accelerations) return [];
  const acc = motion.accelerations;
  const vars = sys.variables;
  const fields = sys.coordinates;
  const names = new Set<string>(vars);
  for (const a of fields) {
    names.add(a);
    vars.forEach((_, m) => {
      names.add(firstJet(sys, a, m));
      vars.forEach((__, n) => names.add(secondJet(sys, a, m, n)));
    });
  }
  [sys.lagrangian, charge.rate, ...Object.values(charge.current), ...Object.values(acc)].forEach(
    (e) => symbols(e, names),
  );
  const runner = new Runner({
    ...opts,
    functions: opts.functions ?? abstractFunctions(sys.lagrangian),
    rtol: DIVERGENCE_RTOL,
    points: opts.points ?? 4,
  });
  runner.run(
    {
      id: `noether-divergence:${charge.name}`,
      claim: `Σ_μ D_μJ^μ = R on solutions, the divergence by central differences of J (h = ${STEP}, Richardson)`,
      routes: ["finite differences of J along the on-shell quadratic field", "the rate R"],
      method: "evaluation",
    },
    names,
    [
      {
        fn: (start, model) => {
          const x0: Record<string, number> = { ...start };
          for (const u of motion.unknowns) x0[u] = evaluate(acc[u], start, model);
          const envAt = (delta: readonly number[]): Env => {
            const env: Record<string, number> = { ...x0 };
            vars.forEach((x, m) => (env[x] = x0[x] + delta[m]));
            for (const a of fields) {
              let value = x0[a];
              vars.forEach((_, m) => {
                const d = firstJet(sys, a, m);
                let slope = x0[d];
                vars.forEach((__, n) => {
                  const second = x0[secondJet(sys, a, m, n)] * delta[n];
                  slope += second;
                  value += 0.5 * second * delta[m];
                });
                value += x0[d] * delta[m];
                env[d] = slope;
              });
              env[a] = value;
            }
            return env;
          };
          const fd = (h: number) =>
            vars.reduce((s, x, m) => {
              const e = vars.map((_, i) => (i === m ? h : 0));
              const plus = evaluate(charge.current[x], envAt(e), model);
              const minus = evaluate(charge.current[x], envAt(e.map((v) => -v)), model);
              return s + (plus - minus) / (2 * h);
            }, 0);
          const div = (4 * fd(STEP / 2) - fd(STEP)) / 3;
          const scale =
            vars.reduce((s, x) => s + magnitude(charge.current[x], x0, model), 0) +
            magnitude(charge.rate, x0, model);
          return [div, evaluate(charge.rate, x0, model), scale];
        },
      },
    ],
    opts.positive ?? [],
  );
  return runner.done;
}
