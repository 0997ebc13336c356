/**
 * A second route for update rules: the ordered assignments that the compiler reads (per-step
 * scalars, then `x = value` statements reading current values, ../variational/lower.ts) are run on
 * random values and compared with the proved equations x[k] = value(…[k−1], …[k]) evaluated in
 * order with every step's value kept apart. A lowering that reads a value after its update, or a
 * scalar hoisted wrongly, disagrees here even though every proof step checked.
 */
import { CheckError } from "../errors.js";
import { freeOf } from "../expr/algebra.js";
import { evaluate } from "../expr/numeric/evaluate.js";
import { makeRng } from "../expr/numeric/random.js";
import type { Expr } from "../expr/types.js";
import { indexed, splitIndexed } from "../variational/discrete.js";
import type { Assignment, CrossCheck } from "./types.js";

const POINTS = 6;
const RTOL = 1e-10;

/** What running the assignments against the proved equations found. */
export type LoweringRun =
  | { readonly agreed: number }
  | { readonly name: string; readonly proved: number; readonly assigned: number };

/**
 * Run `assignments` (per-step scalars first, then the statements) from the values x = x[k−1], and
 * the proved `equations` x[k] = … with each step's value kept apart, at up to `points` random
 * points; `positive` names are drawn in (0.05, 0.95) (hyperparameters such as β, lr, and buffers
 * under square roots), others in (−1, 1), k in 1..6. Points where either route is not finite are
 * skipped. Returns the number of agreeing points, or the first name whose values differ by more
 * than 1e-10 relative. Shared by the derivation and by `lagrange check` (../check/lowering.ts).
 */
export function runLowering(
  equations: readonly (readonly [string, Expr])[],
  assignments: readonly { readonly target: string; readonly value: Expr }[],
  index: string,
  positive: ReadonlySet<string>,
  seed: number,
  points: number,
): LoweringRun {
  const rng = makeRng(seed);
  const inputs = new Set<string>();
  for (const [, e] of equations) for (const s of freeOf(e)) inputs.add(s);
  const updated = equations.flatMap(([n]) => {
    const ix = splitIndexed(n);
    return ix ? [ix.base] : [];
  });
  let agreed = 0;
  for (let tries = 0; agreed < points && tries < 50 * points; tries++) {
    const proved: Record<string, number> = {};
    const current: Record<string, number> = {};
    for (const s of [...inputs].sort()) {
      const ix = splitIndexed(s);
      if (ix && ix.offset === 0) continue;
      const base = ix ? ix.base : s;
      const value =
        s === index
          ? 1 + Math.floor(6 * rng.next())
          : positive.has(base)
            ? 0.05 + 0.9 * rng.next()
            : 2 * rng.next() - 1;
      proved[s] = value;
      current[base] = value;
    }
    for (const [n, e] of equations) proved[n] = evaluate(e, proved);
    for (const a of assignments) current[a.target] = evaluate(a.value, current);
    const pairs = updated.map((b) => [b, proved[indexed(b, index, 0)], current[b]] as const);
    if (pairs.some(([, a, b]) => !Number.isFinite(a) || !Number.isFinite(b))) continue;
    for (const [name, a, b] of pairs)
      if (Math.abs(a - b) > RTOL * Math.max(1, Math.abs(a), Math.abs(b)))
        return { name, proved: a, assigned: b };
    agreed++;
  }
  return { agreed };
}

/**
 * Check that running `scalars` then `statements` gives x[k] of the proved `equations` for every
 * updated name (see {@link runLowering}); a CheckError when they disagree.
 */
export function checkLowering(
  id: string,
  equations: readonly (readonly [string, Expr])[],
  scalars: readonly Assignment[],
  statements: readonly Assignment[],
  index: string,
  positive: ReadonlySet<string>,
  seed: number,
): CrossCheck {
  const run = runLowering(equations, [...scalars, ...statements], index, positive, seed, POINTS);
  if (!("agreed" in run))
    throw new CheckError(
      "lowering",
      `${id}: the ordered assignments give ${run.assigned} where the proved equations give ${run.proved}`,
    );
  if (run.agreed < POINTS)
    throw new CheckError("lowering", `${id}: too few points where the update is finite`);
  return {
    id,
    claim: "the assignments, run in order from the previous values, give the proved new values",
    routes: [
      "the proved equations x[k] = …, each step's value kept apart",
      "the ordered assignments with per-step scalars",
    ],
    method: "evaluation",
    points: run.agreed,
    seed,
    rtol: RTOL,
    passed: true,
  };
}
