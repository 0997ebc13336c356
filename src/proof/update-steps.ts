/**
 * The checked steps of an update rule (see update.ts): the loss gradient fed by the caller's g, a
 * sub-action made stationary and solved, an equation rewritten by a change of variables, a scheme's
 * update written down. Each step is checked at random points by evaluation, independently of the
 * algebra that produced it: a derivative by forward-mode differentiation, a solve by substituting
 * the solution back into the conditions, a substitution by evaluating the original expression at
 * the substituted values.
 */
import { UserError } from "../errors.js";
import { differentiate, freeOf, replace } from "../expr/algebra.js";
import { print } from "../expr/syntax/print.js";
import { call, sym, type Expr } from "../expr/types.js";
import { solveAffine } from "../variational/discrete.js";
import type { Recorder } from "./record.js";
import type { RuleId } from "./types.js";

/** A proved equation `name = value` (x[k] = …, or a local such as G), and the step proving it. */
export interface Proved {
  readonly name: string;
  readonly value: Expr;
  readonly step: number;
}

const names = (...es: Expr[]) => new Set(es.flatMap((e) => [...freeOf(e)]));

/** Replace each call f'(x) of the abstract loss function at `at` by the symbol `g`. */
export function feedGradient(e: Expr, fn: string, at: Expr, g: string): Expr {
  const target = JSON.stringify(call(fn, [at], [0]));
  const walk = (x: Expr): Expr => {
    if (x.kind === "num" || x.kind === "sym") return x;
    if (x.kind === "call" && JSON.stringify(x) === target) return sym(g);
    if (x.kind === "pow") return { kind: "pow", base: walk(x.base), exp: walk(x.exp) };
    return { ...x, args: x.args.map(walk) } as Expr;
  };
  return replace(walk(e), new Map());
}

/**
 * Record `name = value` where value is `of` with f'(at) replaced by the caller's gradient g, checked
 * by drawing g as f'(at) from the function model.
 */
export function recordFeed(
  rec: Recorder,
  head: { name: string; label: string; justification: string; uses: number[] },
  of: Expr,
  fn: string,
  at: Expr,
  g: string,
): Proved {
  const value = feedGradient(of, fn, at, g);
  const derivative = call(fn, [at], [0]);
  const step = rec.custom(
    {
      rule: "gradient-input",
      label: head.label,
      justification: head.justification,
      lhs: { op: "substitute", of, with: { [g]: derivative } },
      rhs: value,
      uses: head.uses,
    },
    "evaluation",
    [...names(of, value)].filter((s) => s !== g),
    (env, model, ev) => {
      const withG: Record<string, number> = { ...env, [g]: ev.evaluate(derivative, env, model) };
      return [ev.evaluate(of, env, model), ev.evaluate(value, withG, model), 0];
    },
  );
  return { name: head.name, value, step };
}

/**
 * Make the sub-action S stationary in `unknowns`, starting from `start` (the previous values):
 * one step ∂S/∂u per unknown (dual-checked), then u = u₀ − A⁻¹∇S(u₀), checked by substituting the
 * solution into every ∂S/∂u. Throws a UserError (`where` names the stage) when a condition is not
 * linear in the unknowns.
 */
export function recordStationary(
  rec: Recorder,
  S: Expr,
  unknowns: readonly string[],
  start: readonly Expr[],
  where: string,
  uses: readonly number[] = [],
  equations?: {
    readonly residuals: readonly Expr[];
    readonly steps: readonly number[];
    /** What each equation is, for messages ("the discrete Euler–Lagrange equation at x[k−1]"). */
    readonly labels?: readonly string[];
  },
): Proved[] {
  let conditions: readonly Expr[];
  let conditionSteps: readonly number[];
  if (equations) [conditions, conditionSteps] = [equations.residuals, equations.steps];
  else {
    const given = rec.lagrangian("S", `the sub-action of ${where}, as written`, S, S, [...uses]);
    conditions = unknowns.map((u) => differentiate(S, u));
    conditionSteps = unknowns.map((u, i) =>
      rec.partial(
        {
          rule: "stationarity",
          label: `∂S/∂${u}`,
          justification: `stationarity of S in the new value ${u}`,
          rhs: conditions[i],
          uses: [given],
        },
        S,
        u,
      ),
    );
  }
  const solved = solveAffine(conditions, unknowns, start);
  if (solved.kind === "implicit") {
    const text = print(conditions[solved.equation]);
    const shown = text.length > 160 ? `${text.slice(0, 157)}…` : text;
    const which =
      equations?.labels?.[solved.equation] ??
      (equations ? `equation ${solved.equation + 1}` : `∂S/∂${unknowns[solved.equation]} = 0`);
    throw new UserError(
      "implicit",
      `${where}: the update is implicit — ${which} is not linear in ${solved.unknown}, so it ` +
        `has no closed-form solution (${shown} = 0); choose an explicit scheme`,
    );
  }
  if (solved.kind === "singular") {
    throw new UserError(
      "implicit",
      `${where}: the conditions do not determine ${unknowns.join(", ")} (singular)`,
    );
  }
  const all = names(...conditions, ...solved.values, ...start);
  return unknowns.map((u, j) => {
    const step = rec.custom(
      {
        rule: "solve-stationary",
        label: u,
        justification: `solve ${unknowns.length > 1 ? "the conditions" : "the condition"} for ${u} (exact: linear in the new values)`,
        lhs: {
          op: "stationary",
          of: conditions,
          unknowns,
          unknown: u,
          ...(equations ? { equations: true as const } : {}),
        },
        rhs: solved.values[j],
        uses: [...conditionSteps],
      },
      "evaluation",
      [...all].filter((s) => !unknowns.includes(s)),
      (env, model, ev) => {
        const at: Record<string, number> = { ...env };
        unknowns.forEach((w, i) => (at[w] = ev.evaluate(solved.values[i], env, model)));
        const from: Record<string, number> = { ...env };
        unknowns.forEach((w, i) => (from[w] = ev.evaluate(start[i], env, model)));
        let residual = 0;
        let scale = 0;
        for (const c of conditions) {
          residual += Math.abs(ev.evaluate(c, at, model));
          scale += Math.abs(ev.evaluate(c, from, model));
        }
        for (const w of unknowns) scale += Math.abs(at[w]) + Math.abs(from[w]);
        return [residual, 0, scale];
      },
    );
    return { name: u, value: solved.values[j], step };
  });
}

/**
 * Record `of` rewritten by the substitutions `map` (applied until nothing changes), checked by
 * evaluating `of` at the substituted values.
 */
export function recordChange(
  rec: Recorder,
  head: { rule: RuleId; label: string; justification: string; uses: number[] },
  of: Expr,
  map: ReadonlyMap<string, Expr>,
): { value: Expr; step: number } {
  const composed = compose(map);
  const value = replace(of, composed);
  const used = [...freeOf(of)].filter((s) => composed.has(s));
  const step = rec.custom(
    {
      ...head,
      lhs: {
        op: "substitute",
        of,
        with: Object.fromEntries(used.map((s) => [s, composed.get(s)!])),
      },
      rhs: value,
    },
    "evaluation",
    [...names(value, ...used.map((s) => composed.get(s)!))],
    (env, model, ev) => {
      const at: Record<string, number> = { ...env };
      for (const s of used) at[s] = ev.evaluate(composed.get(s)!, env, model);
      return [ev.evaluate(of, at, model), ev.evaluate(value, env, model), 0];
    },
  );
  return { value, step };
}

/** The substitutions composed with themselves until no substituted symbol is left (acyclic). */
export function compose(map: ReadonlyMap<string, Expr>): Map<string, Expr> {
  const out = new Map(map);
  for (let round = 0; round <= map.size; round++) {
    let changed = false;
    for (const [k, v] of out) {
      if ([...freeOf(v)].some((s) => out.has(s))) {
        out.set(k, replace(v, out));
        changed = true;
      }
    }
    if (!changed) return out;
  }
  throw new UserError("spec", "the change of variables is circular");
}
