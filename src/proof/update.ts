/**
 * Update rules derived by stationarity (MATH.md §3): an optimizer file's `update:` section becomes an
 * {@link UpdateRecord} whose every variant carries its checked proof, and a mechanical system's
 * `discretisation:` section becomes an integrator (see integrator.ts).
 *
 * A variant is derived either from sub-actions made stationary in turn — each new value
 * u = argstat S(u) = u₀ − (∂²S/∂u²)⁻¹·∂S/∂u(u₀) — or from a continuous Lagrangian L(θ, θ', t):
 * its Euler–Lagrange equations solved for θ'' (the ordinary derivation, whose steps open the
 * proof), discretised by a scheme, the caller's gradient g fed in for f'(θ[k−1]), then a change of
 * variables onto torch's state and hyperparameters. The steps are then lowered to ordered
 * assignments (../variational/lower.ts): state x[k] read after its update, x[k−1] before.
 */
import { accelerationSteps } from "./motion-steps.js";
import { UserError } from "../errors.js";
import { differentiate, freeOf, replace } from "../expr/algebra.js";
import { abstractFunctions, call, sym, type Expr } from "../expr/types.js";
import type { DerivationSpec, UpdateSpec, VariantSpec } from "../derivation-files/types.js";
import { indexed } from "../variational/discrete.js";
import { hoistScalars, lowerStep } from "../variational/lower.js";
import { deriveLagrangian } from "./input.js";
import { createRecorder, type Recorder } from "./record.js";
import type { Assignment, Step, UpdateRecord, UpdateRule, UpdateVariant } from "./types.js";
import { continuousRoute, parseIn, startOf } from "./update-continuous.js";
import { checkLowering } from "./update-cross.js";
import { recordFeed, recordStationary, type Proved } from "./update-steps.js";

/** The name of the loss gradient at θ[k−1] in sub-actions and first-step rules. */
export const GRADIENT = "G";

export interface UpdateOptions {
  readonly seed?: number;
}

/** Derive every variant of an optimizer file's update rule. */
export function deriveUpdate(spec: DerivationSpec, options: UpdateOptions = {}): UpdateRecord {
  const u = spec.update;
  if (!u) throw new UserError("spec", `${spec.file ?? "<input>"}: no 'update:' section`);
  const hyper = new Set(u.hyperparameters.map((h) => h.name));
  const stateNames = new Set(u.state.map((s) => s.name));
  for (const name of [u.parameter, u.gradient, u.index, GRADIENT]) {
    if (hyper.has(name) || stateNames.has(name))
      throw new UserError(
        "spec",
        `${spec.file}: '${name}' is both a hyperparameter/state and ${
          name === GRADIENT ? "the loss gradient G" : "the parameter, gradient or index"
        }`,
      );
  }
  const variants = u.variants.map((v, i) =>
    deriveVariant(spec, u, v, `update.variants[${i}] (${v.name})`, options),
  );
  const rule: UpdateRule = {
    kind: "optimizer",
    name: spec.name,
    index: u.index,
    parameter: u.parameter,
    gradient: u.gradient,
    hyperparameters: u.hyperparameters.map((h) => ({
      name: h.name,
      type: typeof h.default === "boolean" ? "boolean" : "number",
      default: h.default,
      ...(h.description ? { description: h.description } : {}),
      ...(h.torch ? { torch: h.torch } : {}),
    })),
    state: u.state.map((s) => ({ name: s.name, init: s.init })),
    variants,
  };
  checkConditions(spec, rule);
  return {
    system: {
      name: spec.name,
      description: spec.description,
      ...(spec.file ? { file: spec.file } : {}),
    },
    rule,
    notes: [],
  };
}

function checkConditions(spec: DerivationSpec, rule: UpdateRule): void {
  for (const v of rule.variants)
    for (const c of v.when) {
      const h = rule.hyperparameters.find((x) => x.name === c.hyper);
      if (!h)
        throw new UserError(
          "spec",
          `${spec.file}: variant ${v.name}: 'when' names '${c.hyper}', not a hyperparameter`,
        );
      if ("is" in c !== (h.type === "boolean"))
        throw new UserError("spec", `${spec.file}: variant ${v.name}: '${c.hyper}' is a ${h.type}`);
    }
}

/** The loss's one abstract function (f in f(θ) + …) and the loss gradient G at θ[k−1]. */
function lossGradient(
  spec: DerivationSpec,
  u: UpdateSpec,
  loss: Expr,
  rec: Recorder,
): { fn: string; proved: Proved } {
  const fns = [...abstractFunctions(loss).keys()];
  if (fns.length !== 1)
    throw new UserError(
      "spec",
      `${spec.file}: update.loss must use exactly one abstract function (the loss f), found ${fns.length}`,
    );
  const derivative = rec.partial(
    {
      rule: "gradient-input",
      label: `∂loss/∂${u.parameter}`,
      justification: `the gradient of the loss (an added potential adds its own gradient)`,
      rhs: dLoss(loss, u.parameter),
    },
    loss,
    u.parameter,
  );
  const prev = sym(indexed(u.parameter, u.index, -1));
  const at = replaceSym(dLoss(loss, u.parameter), u.parameter, prev);
  const proved = recordFeed(
    rec,
    {
      name: GRADIENT,
      label: GRADIENT,
      justification: `at ${prev.name}, where the caller's ${u.gradient} is ${fns[0]}'(${prev.name})`,
      uses: [derivative],
    },
    at,
    fns[0],
    prev,
    u.gradient,
  );
  return { fn: fns[0], proved };
}

const dLoss = (loss: Expr, p: string) => differentiate(loss, p);
const replaceSym = (e: Expr, name: string, by: Expr) => replace(e, new Map([[name, by]]));

function deriveVariant(
  spec: DerivationSpec,
  u: UpdateSpec,
  v: VariantSpec,
  where: string,
  options: UpdateOptions,
): UpdateVariant {
  if (v.refuse !== undefined) {
    const empty = { scalars: [], first: null, assignments: [], steps: [], notes: [] };
    return { name: v.name, when: v.when, ...empty, refuse: v.refuse };
  }
  let prefix: Step[] = [];
  let accelerations: Readonly<Record<string, Expr>> | null = null;
  if (v.continuous) {
    const d = deriveLagrangian(
      { lagrangian: v.continuous.lagrangian.text, coordinates: [u.parameter], time: "t" },
      { seed: options.seed },
    );
    if (d.motion.kind !== "solved" || !d.motion.accelerations)
      throw new UserError(
        "unsolved",
        `${spec.file}: ${where}: the Euler–Lagrange equation is not solved for ${u.parameter}'' in closed form (${d.motion.kind})`,
      );
    prefix = [...d.steps];
    const a = d.motion.accelerations;
    accelerations = Object.fromEntries(d.motion.unknowns.map((x, i) => [[u.parameter][i], a[x]]));
  }
  const positive = [...u.hyperparameters.map((h) => h.name), ...u.state.map((s) => s.name)];
  const loss = u.loss ? parseIn(spec, u.loss, "update.loss") : call("f", [sym(u.parameter)]);
  const functions = abstractFunctions(loss);
  const rec = createRecorder({ seed: options.seed, offset: prefix.length, positive, functions });
  const { fn, proved: G } = lossGradient(spec, u, loss, rec);
  let proved: Proved[] = [];
  if (v.steps) {
    v.steps.forEach((stage, i) => {
      const S = parseIn(spec, stage.stationary, `${where}.steps[${i}]`);
      const start = stage.unknowns.map((x) => startOf(u, x));
      proved.push(...recordStationary(rec, S, stage.unknowns, start, `${where}.steps[${i}]`));
    });
  } else {
    const [accelerationStep] = accelerationSteps(prefix, [`${u.parameter}''`]);
    proved = continuousRoute(spec, u, v, where, rec, fn, accelerations!, accelerationStep);
  }
  const equations: [string, Expr][] = proved.map((p) => [p.name, p.value]);
  let firstEquations: [string, Expr][] | null = null;
  if (v.first) {
    firstEquations = equations.map(([n, e]) => [n, e]);
    for (const f of v.first) {
      const value = parseIn(spec, f.value, `${where}.first-step.${f.target}`);
      const target = indexed(f.target, u.index, 0);
      const i = firstEquations.findIndex(([n]) => n === target);
      if (i < 0)
        throw new UserError(
          "spec",
          `${spec.file}: ${where}: first-step names '${f.target}', which the step does not update`,
        );
      rec.equal(
        {
          rule: "first-step",
          label: target,
          justification: `on the first step (${u.index} = 1) ${target} = ${f.value.text}, as torch creates the buffer`,
          lhs: { op: "given", expr: value },
          rhs: value,
        },
        value,
      );
      firstEquations[i] = [target, value];
    }
  }
  const lowered = (eqs: [string, Expr][]) => lower(spec, u, where, eqs, G);
  const main = lowered(equations);
  const first = firstEquations ? lowered(firstEquations) : null;
  const drawnPositive = new Set(positive);
  const seed = (options.seed ?? 20250921) + 104729;
  const crossChecks = [
    checkLowering(
      `lowering:${v.name}`,
      main.equations,
      main.scalars,
      main.statements,
      u.index,
      drawnPositive,
      seed,
    ),
    ...(first
      ? [
          checkLowering(
            `lowering:${v.name}:first`,
            first.equations,
            first.scalars,
            first.statements,
            u.index,
            drawnPositive,
            seed + 1,
          ),
        ]
      : []),
  ];
  return {
    name: v.name,
    when: v.when,
    scalars: main.scalars,
    first: first
      ? [...first.scalars.map((s) => ({ ...s, local: true as const })), ...first.statements]
      : null,
    assignments: main.statements,
    steps: [...prefix, ...rec.steps],
    notes: [],
    crossChecks,
  };
}

/** Lower the proved equations to assignments, check every name is known, hoist per-step scalars. */
function lower(
  spec: DerivationSpec,
  u: UpdateSpec,
  where: string,
  equations: [string, Expr][],
  G: Proved,
): { scalars: Assignment[]; statements: Assignment[]; equations: [string, Expr][] } {
  const reads = (eqs: [string, Expr][]) => eqs.some(([, e]) => freeOf(e).has(GRADIENT));
  const all: [string, Expr][] = reads(equations) ? [[GRADIENT, G.value], ...equations] : equations;
  const hyper = new Set(u.hyperparameters.map((h) => h.name));
  const taken = new Set([
    ...hyper,
    ...u.state.map((s) => s.name),
    u.parameter,
    u.gradient,
    u.index,
    GRADIENT,
  ]);
  let statements;
  try {
    statements = lowerStep(all, u.index, taken);
  } catch (err) {
    throw new UserError("spec", `${spec.file}: ${where}: ${(err as Error).message}`);
  }
  const known = new Set([...taken, ...statements.map((s) => s.target)]);
  for (const s of statements) {
    const unfed = [...abstractFunctions(s.value).keys()];
    if (unfed.length)
      throw new UserError(
        "spec",
        `${spec.file}: ${where}: ${s.target} still reads the abstract loss (${unfed.join(", ")}): feed it through the gradient`,
      );
    for (const name of freeOf(s.value))
      if (!known.has(name))
        throw new UserError(
          "spec",
          `${spec.file}: ${where}: ${s.target} reads '${name}', which is not a hyperparameter, state variable, ${u.parameter}, ${u.gradient} or ${u.index}`,
        );
  }
  const { scalars, statements: body } = hoistScalars(
    statements,
    u.index,
    hyper,
    new Set([...known]),
  );
  return { scalars, statements: body, equations: all };
}
