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

/**
 * Check that running `scalars` then `statements` from the values x = x[k−1] gives x[k] of the proved
 * `equations` for every updated name; `positive` names are drawn in (0.05, 0.95) (hyperparameters
 * such as β, lr, and buffers under square roots), others in (−1, 1), k in 1..6.
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
  const rng = makeRng(seed);
  const inputs = new Set<string>();
  for (const [, e] of equations) for (const s of freeOf(e)) inputs.add(s);
  const updated = equations.map(([n]) => splitIndexed(n)?.base).filter((b) => b !== undefined);
  let agreed = 0;
  for (let tries = 0; agreed < POINTS && tries < 50 * POINTS; tries++) {
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
    for (const a of [...scalars, ...statements]) current[a.target] = evaluate(a.value, current);
    const pairs = updated.map((b) => [proved[indexed(b!, index, 0)], current[b!]] as const);
    if (pairs.some(([a, b]) => !Number.isFinite(a) || !Number.isFinite(b))) continue;
    for (const [a, b] of pairs) {
      if (Math.abs(a - b) > RTOL * Math.max(1, Math.abs(a), Math.abs(b)))
        throw new CheckError(
          "lowering",
          `${id}: the ordered assignments give ${b} where the proved equations give ${a}`,
        );
    }
    agreed++;
  }
  if (agreed < POINTS)
    throw new CheckError("lowering", `${id}: too few points where the update is finite`);
  return {
    id,
    claim: "the assignments, run in order from the previous values, give the proved new values",
    routes: [
      "the proved equations x[k] = …, each step's value kept apart",
      "the ordered assignments with per-step scalars",
    ],
    method: "evaluation",
    points: agreed,
    seed,
    rtol: RTOL,
    passed: true,
  };
}
