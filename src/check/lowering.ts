/**
 * The `lowering:` cross-route checks of update rules, re-run from the record: the variant's ordered
 * assignments (per-step scalars, then `x = value` statements reading current values) run from
 * random values x = x[k−1] must give the new values x[k] that the proof steps state —
 *
 *   x[k] = the right-hand side of its last solve-stationary step (or, for an integrator, of its
 *          change-of-variables step; for an explicit scheme, of its discretise step),
 *   G    = the gradient-input step labelled G, when an equation reads G,
 *
 * and on the first step the first-step rules replace theirs (`lowering:NAME:first`, run against the
 * variant's `first` assignments). Names the proof does not state (an integrator's backward
 * difference v[k] = (x[k] − x[k−1])/h) are not compared.
 */
import { evaluate } from "../expr/numeric/evaluate.js";
import { makeRng } from "../expr/numeric/random.js";
import { symbols, type Expr } from "../expr/types.js";
import { indexed, splitIndexed } from "../variational/discrete.js";
import { parseIn, RecordFailure, type ParsedStep, type Proof } from "./record.js";

type Obj = Record<string, unknown>;

/** name → value of the new values the proof states (module comment), in step order. */
function provedEquations(steps: readonly ParsedStep[], first: boolean): Map<string, Expr> {
  const named = (s: ParsedStep) => splitIndexed(s.label)?.offset === 0;
  const solved = steps.some((s) => s.rule === "solve-stationary");
  const out = new Map<string, Expr>();
  for (const s of steps) {
    const stated = solved
      ? s.rule === "solve-stationary" || (s.rule === "change-variables" && named(s))
      : s.rule === "discretise";
    if (stated) out.set(s.label, s.rhs);
  }
  if (first) for (const s of steps) if (s.rule === "first-step") out.set(s.label, s.rhs);
  const G = steps.find((s) => s.rule === "gradient-input" && s.label === "G");
  const readsG = [...out.values()].some((e) => symbols(e).has("G"));
  return G && readsG ? new Map([["G", G.rhs], ...out]) : out;
}

const assignments = (v: unknown, where: string) =>
  (Array.isArray(v) ? v : []).map((a: Obj, i) => ({
    target: String(a.target),
    value: parseIn(a.value, `${where}[${i}]`),
  }));

/**
 * Re-run the lowering check `id` of one variant (`rule` the update rule's JSON, `variant` the
 * variant's, `proof` its parsed steps); throws a RecordFailure when the assignments disagree.
 */
export function rerunLowering(
  id: string,
  rule: Obj,
  variant: Obj,
  proof: Proof,
  seed: number,
  points: number,
): void {
  const first = id.endsWith(":first");
  const where = `${proof.name}: cross-route check ${id}`;
  const index = String(rule.index);
  const named = (v: unknown) => (Array.isArray(v) ? v : []).map((h: Obj) => String(h.name));
  const positive = new Set(
    rule.kind === "integrator"
      ? named(rule.hyperparameters)
      : [...named(rule.hyperparameters), ...named(rule.state)],
  );
  const run = first
    ? assignments(variant.first, `${where}: first`)
    : [
        ...assignments(variant.scalars, `${where}: scalars`),
        ...assignments(variant.assignments, `${where}: assignments`),
      ];
  const equations = [...provedEquations(proof.steps, first)];
  const inputs = new Set<string>();
  for (const [, e] of equations) symbols(e, inputs);
  const updated = equations.flatMap(([n]) => {
    const ix = splitIndexed(n);
    return ix ? [ix.base] : [];
  });
  if (!updated.length) throw new RecordFailure(`${where}: the proof states no new value`);
  const rng = makeRng(seed);
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
    let pairs: (readonly [number, number])[];
    try {
      for (const [n, e] of equations) proved[n] = evaluate(e, proved);
      for (const a of run) current[a.target] = evaluate(a.value, current);
      pairs = updated.map((b) => [proved[indexed(b, index, 0)], current[b]] as const);
    } catch (err) {
      throw new RecordFailure(`${where} cannot be re-run: ${(err as Error).message}`);
    }
    if (pairs.some(([a, b]) => !Number.isFinite(a) || !Number.isFinite(b))) continue;
    for (const [k, [a, b]] of pairs.entries())
      if (Math.abs(a - b) > 1e-10 * Math.max(1, Math.abs(a), Math.abs(b)))
        throw new RecordFailure(
          `${where} does not hold: the assignments give ${updated[k]} = ${b} where the proof gives ${a}`,
        );
    agreed++;
  }
  if (agreed < points)
    throw new RecordFailure(`${where}: too few points where the update is finite`);
}
