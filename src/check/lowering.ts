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
import { symbols, type Expr } from "../expr/types.js";
import { runLowering } from "../proof/update-cross.js";
import { splitIndexed } from "../variational/discrete.js";
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
  if (!equations.some(([n]) => splitIndexed(n)))
    throw new RecordFailure(`${where}: the proof states no new value`);
  let result;
  try {
    result = runLowering(equations, run, index, positive, seed, points);
  } catch (err) {
    throw new RecordFailure(`${where} cannot be re-run: ${(err as Error).message}`);
  }
  if (!("agreed" in result))
    throw new RecordFailure(
      `${where} does not hold: the assignments give ${result.name} = ${result.assigned} where the proof gives ${result.proved}`,
    );
  if (result.agreed < points)
    throw new RecordFailure(`${where}: too few points where the update is finite`);
}
