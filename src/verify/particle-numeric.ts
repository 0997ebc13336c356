/**
 * C5, numeric companion: the claimed flow θ' = φ(F, ∇ℓ) (`flow`) with the diagonal empirical
 * Fisher information (`fisher`, in v and eps: by default F = (√v + ε)², the running average v of
 * the squared gradient with its square root damped by ε) is RMSprop, and with moment averaging
 * and bias correction Adam. One explicit Euler step of size lr of the flow, with ∇ℓ = −g (ℓ the
 * log-likelihood, g the gradient of the loss −ℓ),
 *
 *   RMSprop:  v ← α·v + (1 − α)·g²,                     θ ← θ + lr·φ(F(v, ε), −g);
 *   Adam:     m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  θ ← θ + lr·φ(F(v/(1 − β₂^k), ε), −m/(1 − β₁^k)),
 *
 * written here by hand, is run next to the update rules derived by stationarity from
 * derivations/rmsprop.yaml and adam.yaml (src/proof/update.ts; their ordered assignments evaluated
 * as the compiler would run them), on seeded random trajectories, comparing θ after every step.
 * With φ = F^(−1/2)·∇ℓ the step is lr·g/(√v + ε), RMSprop's; with F^(−1) it would be lr·g/(√v + ε)²
 * (a damped natural gradient), which the comparison refutes.
 */
import { dirname, resolve } from "node:path";
import { evaluate, makeRng } from "../expr/numeric/evaluate.js";
import { print } from "../expr/syntax/print.js";
import type { Expr } from "../expr/types.js";
import { loadSpec } from "../derivation-files/files.js";
import { deriveUpdate } from "../proof/update.js";
import type { UpdateRule, UpdateVariant } from "../proof/types.js";
import type { Given } from "./given.js";
import type { PartResult } from "./types.js";

export type Optimizer = "rmsprop" | "adam";

const rules = new Map<string, UpdateRule>();
/** The derived rule of an optimizer file (derived once per process). */
function ruleOf(file: string): UpdateRule {
  let r = rules.get(file);
  if (!r) rules.set(file, (r = deriveUpdate(loadSpec(file)).rule));
  return r;
}

/** The first variant whose conditions hold for `hyper` (as the compiled code selects it). */
export function selectVariant(
  rule: UpdateRule,
  hyper: Readonly<Record<string, number | boolean>>,
): UpdateVariant | undefined {
  return rule.variants.find((v) =>
    v.when.every((c) => ("is" in c ? hyper[c.hyper] === c.is : (hyper[c.hyper] === 0) === c.zero)),
  );
}

/**
 * One step of a derived rule on one scalar parameter: the per-step scalars, then the assignments
 * (the first-step ones at k = 1 when the rule has them) in order; `state` is updated in place.
 */
export function ruleStep(
  rule: UpdateRule,
  variant: UpdateVariant,
  hyper: Readonly<Record<string, number>>,
  state: Record<string, number>,
  k: number,
  g: number,
): void {
  const env: Record<string, number> = { ...hyper, ...state, [rule.index]: k, [rule.gradient!]: g };
  for (const s of variant.scalars) env[s.target] = evaluate(s.value, env);
  for (const a of k === 1 && variant.first ? variant.first : variant.assignments)
    env[a.target] = evaluate(a.value, env);
  for (const name of Object.keys(state)) state[name] = env[name];
}

/** Uniform in [lo, hi] and log-uniform in [lo, hi], from a seeded generator. */
const draws = (seed: number) => {
  const rng = makeRng(seed);
  return {
    uniform: (lo: number, hi: number) => lo + (hi - lo) * rng.next(),
    log: (lo: number, hi: number) => lo * (hi / lo) ** rng.next(),
  };
};

const RANGES: Record<Optimizer, Record<string, readonly [number, number, "lin" | "log"]>> = {
  rmsprop: { lr: [1e-3, 0.1, "log"], alpha: [0.8, 0.999, "lin"], eps: [1e-8, 1e-3, "log"] },
  adam: {
    lr: [1e-3, 0.1, "log"],
    beta1: [0.8, 0.95, "lin"],
    beta2: [0.9, 0.9999, "lin"],
    eps: [1e-8, 1e-3, "log"],
  },
};
/** Hyperparameters held fixed: the plain variants (no momentum, not centered, no weight decay). */
const FIXED: Record<Optimizer, Record<string, number | boolean>> = {
  rmsprop: { momentum: 0, centered: false, weight_decay: 0 },
  adam: { weight_decay: 0 },
};

/** The numeric companion for `which` (see the module comment). */
export function optimizerCompanion(
  g: Given,
  which: Optimizer,
  flow: Expr,
  eta: number,
): PartResult {
  const fisher = g.expr("fisher", ["v", "eps"]);
  const path = g.text(which, `../${which}.yaml`);
  const file = resolve(dirname(g.file), path);
  const trajectories = g.integer("trajectories", 1, 1000, 20);
  const steps = g.integer("steps", 1, 10000, 100);
  const tol = g.tolerance("tolerance", 1e-3, 1e-12);
  const rule = ruleOf(file);
  const param = rule.parameter;
  if (rule.kind !== "optimizer" || !param || !rule.gradient)
    return g.fail(which, `${path} is not an optimizer's update rule`);
  const method = `explicit Euler step of the flow vs the rule derived from ${path}`;
  const d = draws(which === "rmsprop" ? 31 : 32);
  let worst = 0;
  let variantName = "";
  for (let t = 0; t < trajectories; t++) {
    const hyper: Record<string, number> = {};
    for (const [name, [lo, hi, kind]] of Object.entries(RANGES[which]))
      hyper[name] = kind === "log" ? d.log(lo, hi) : d.uniform(lo, hi);
    const all = { ...FIXED[which], ...hyper };
    const variant = selectVariant(rule, all);
    if (!variant) g.fail(which, `${path}: no variant applies to ${JSON.stringify(all)}`);
    variantName = variant!.name;
    const numeric = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, Number(v)]));
    const state: Record<string, number> = Object.fromEntries(rule.state.map((s) => [s.name, 0]));
    state[param] = d.uniform(-2, 2);
    let [theta, m, v] = [state[param], 0, 0];
    for (let k = 1; k <= steps; k++) {
      const grad = 10 ** d.uniform(-3, 1) * d.uniform(-1, 1);
      ruleStep(rule, variant!, numeric, state, k, grad);
      let F: number;
      let dl: number;
      if (which === "rmsprop") {
        v = hyper.alpha * v + (1 - hyper.alpha) * grad * grad;
        [F, dl] = [evaluate(fisher, { v, eps: hyper.eps }), -grad];
      } else {
        m = hyper.beta1 * m + (1 - hyper.beta1) * grad;
        v = hyper.beta2 * v + (1 - hyper.beta2) * grad * grad;
        const vHat = v / (1 - hyper.beta2 ** k);
        [F, dl] = [evaluate(fisher, { v: vHat, eps: hyper.eps }), -m / (1 - hyper.beta1 ** k)];
      }
      theta += hyper.lr * evaluate(flow, { F, dl, eta });
      const derived = state[param];
      const err = Math.abs(theta - derived) / Math.max(1, Math.abs(derived));
      worst = Math.max(worst, err);
      if (!(err <= tol)) {
        const hs = Object.entries(hyper)
          .map(([n, x]) => `${n} = ${x.toPrecision(4)}`)
          .join(", ");
        return {
          verdict: "refuted",
          method,
          evidence: `the Euler step of θ' = ${print(flow)} with F = ${print(fisher)} is not ${rule.name}: trajectory ${t + 1}, step ${k} (${hs}, g = ${grad.toPrecision(4)}): θ = ${theta.toPrecision(10)} by the flow, ${derived.toPrecision(10)} by the derived rule (variant ${variantName}; relative error ${err.toExponential(2)} > ${tol})`,
        };
      }
    }
  }
  const ranges = Object.entries(RANGES[which])
    .map(([n, [lo, hi]]) => `${n} ∈ [${lo}, ${hi}]`)
    .join(", ");
  const what =
    which === "rmsprop"
      ? "v the running average of g², ∇ℓ = −g"
      : "F of v̂ = v/(1 − β₂^k), ∇ℓ = −m̂ = −m/(1 − β₁^k)";
  return {
    verdict: "checked",
    method,
    evidence: `one explicit Euler step θ ← θ + lr·φ of θ' = φ = ${print(flow)} with F = ${print(fisher)} (${what}) equals ${rule.name} derived from ${path} (variant ${variantName}, ${Object.entries(
      FIXED[which],
    )
      .map(([n, x]) => `${n} = ${x}`)
      .join(
        ", ",
      )}): ${trajectories} seeded trajectories × ${steps} steps, ${ranges}, gradients ±10^[−3, 1]; largest relative error of θ ${worst.toExponential(2)} ≤ ${tol}`,
  };
}
