/**
 * The `update:` section of an optimizer file and the `discretisation:` section of a mechanical
 * system (both documented in derivations/README.md):
 *
 *   update:
 *     parameter: theta            # the parameter θ, per element
 *     gradient: g                 # the caller's gradient g = f'(θ[k−1])
 *     index: k                    # the step number (default k), 1 on the first step
 *     loss: f(theta) + weight_decay/2*theta^2     # G = ∂loss/∂θ at θ[k−1] (default f(theta))
 *     hyperparameters: { lr: 0.001, beta1: {default: 0.9, torch: betas}, … }
 *     state: { m: 0, v: 0 }
 *     steps:                      # one variant: sub-actions made stationary in turn
 *       - { stationary: "…", in: "m[k]" }
 *     variants:                   # or several, chosen by the hyperparameters
 *       - name: heavy-ball
 *         when: { momentum: nonzero, nesterov: false }
 *         lagrangian: exp(gamma*t)*(1/2*theta'^2 - f(theta))
 *         scheme: symplectic-euler
 *         step: h
 *         change: { v_theta: -h*b, h: sqrt(lr), gamma: (1 - momentum)/sqrt(lr) }
 *         first-step: { b: G }
 *
 *   discretisation: { scheme: stormer-verlet, step: h, value: 0.01 }
 *
 * Names are checked here; expressions are kept as text with their offsets, parsed by the caller.
 */
import { isMap, isScalar, isSeq, type Scalar } from "yaml";
import { nameProblem } from "../expr/syntax/names.js";
import type { SectionReader } from "./symmetries.js";
import type {
  DiscretisationSpec,
  HyperSpec,
  StageSpec,
  TextSpec,
  UpdateSpec,
  VariantSpec,
} from "./types.js";

/** The scheme names accepted (../variational/discrete.ts). */
export const SCHEME_NAMES = ["explicit-euler", "symplectic-euler", "stormer-verlet", "midpoint"];

interface Context {
  readonly textStart: (node: Scalar) => number | undefined;
  readonly suggest: (word: string, allowed: readonly string[]) => string | undefined;
}

type Pairs = { key: string; keyNode: unknown; value: unknown }[];

function entries(r: SectionReader, field: string, node: unknown, what: string): Pairs {
  const n = r.resolve(node);
  if (!isMap(n)) r.fail(field, `must be a mapping (${what})`, n);
  return n.items.map((p) => ({
    key: isScalar(p.key) ? String(p.key.value) : "?",
    keyNode: p.key,
    value: r.resolve(p.value),
  }));
}

function checkKeys(r: SectionReader, ctx: Context, field: string, pairs: Pairs, allowed: string[]) {
  for (const p of pairs) {
    if (!allowed.includes(p.key)) {
      const guess = ctx.suggest(p.key, allowed);
      r.fail(
        `${field}.${p.key}`,
        `is not a known key${guess ? ` (did you mean '${guess}'?)` : ""}; allowed: ${allowed.join(", ")}`,
        p.keyNode,
      );
    }
  }
}

function identifier(r: SectionReader, field: string, node: unknown): string {
  const n = r.resolve(node);
  if (!isScalar(n) || typeof n.value !== "string") r.fail(field, "must be a name", n);
  const problem = nameProblem(n.value as string);
  if (problem) r.fail(field, problem, n);
  return n.value as string;
}

function text(r: SectionReader, ctx: Context, field: string, node: unknown): TextSpec {
  const n = r.resolve(node);
  if (!isScalar(n) || (typeof n.value !== "string" && typeof n.value !== "number"))
    r.fail(field, "must be an expression", n);
  const t = String(n.value);
  if (t.trim() === "") r.fail(field, "must be a non-empty expression", n);
  const position = ctx.textStart(n);
  return position === undefined ? { text: t } : { text: t, position };
}

function number(r: SectionReader, field: string, node: unknown): number {
  const n = r.resolve(node);
  if (!isScalar(n) || typeof n.value !== "number" || !Number.isFinite(n.value))
    r.fail(field, "must be a finite number", n);
  return n.value as number;
}

/** Read `discretisation: {scheme, step, value}`. */
export function readDiscretisation(
  r: SectionReader,
  node: unknown,
  ctx: Context,
): DiscretisationSpec {
  const pairs = entries(r, "discretisation", node, "{scheme: stormer-verlet, step: h}");
  checkKeys(r, ctx, "discretisation", pairs, ["scheme", "step", "value"]);
  const get = (k: string) => pairs.find((p) => p.key === k);
  const scheme = get("scheme");
  if (!scheme) r.fail("discretisation.scheme", `is required (one of ${SCHEME_NAMES.join(", ")})`);
  const name = schemeName(r, ctx, "discretisation.scheme", scheme.value);
  const step = get("step");
  const value = get("value");
  return {
    scheme: name,
    step: step ? identifier(r, "discretisation.step", step.value) : "h",
    ...(value ? { value: number(r, "discretisation.value", value.value) } : {}),
  };
}

function schemeName(r: SectionReader, ctx: Context, field: string, node: unknown): string {
  const n = r.resolve(node);
  const s = isScalar(n) ? String(n.value) : "";
  if (!SCHEME_NAMES.includes(s)) {
    const guess = ctx.suggest(s, SCHEME_NAMES);
    r.fail(
      field,
      `'${s}' is not a known scheme${guess ? ` (did you mean '${guess}'?)` : ""}; ` +
        `known: ${SCHEME_NAMES.join(", ")}`,
      n,
    );
  }
  return s;
}

const UPDATE_KEYS = [
  "parameter",
  "gradient",
  "index",
  "loss",
  "hyperparameters",
  "state",
  "steps",
  "variants",
  "first-step",
];
const VARIANT_KEYS = [
  "name",
  "refuse",
  "when",
  "steps",
  "lagrangian",
  "scheme",
  "step",
  "change",
  "first-step",
];

/** Read the `update:` section. */
export function readUpdate(r: SectionReader, node: unknown, ctx: Context): UpdateSpec {
  const pairs = entries(r, "update", node, "parameter, gradient, hyperparameters, state, steps");
  checkKeys(r, ctx, "update", pairs, UPDATE_KEYS);
  const get = (k: string) => pairs.find((p) => p.key === k)?.value;
  const need = (k: string, what: string) => {
    const v = get(k);
    if (v === undefined || r.isNull(v)) r.fail(`update.${k}`, `is required (${what})`);
    return v;
  };
  const parameter = identifier(r, "update.parameter", need("parameter", "the parameter's name"));
  const gradient = identifier(r, "update.gradient", need("gradient", "the gradient's name"));
  const index = get("index") === undefined ? "k" : identifier(r, "update.index", get("index"));
  const hyperparameters = entries(
    r,
    "update.hyperparameters",
    need("hyperparameters", "name: default"),
    "name: default",
  ).map((p) => hyper(r, ctx, p));
  const numbered = numberTuples(hyperparameters);
  const stateNode = get("state");
  const state =
    stateNode === undefined || r.isNull(stateNode)
      ? []
      : entries(r, "update.state", stateNode, "name: initial value").map((p) => {
          const problem = nameProblem(p.key);
          if (problem) r.fail(`update.state.${p.key}`, problem, p.keyNode);
          return { name: p.key, init: number(r, `update.state.${p.key}`, p.value) };
        });
  const variantsNode = get("variants");
  const stepsNode = get("steps");
  if ((variantsNode === undefined) === (stepsNode === undefined))
    r.fail("update", "needs either 'steps' (one rule) or 'variants' (several), not both", node);
  let variants: VariantSpec[];
  if (variantsNode !== undefined) {
    if (get("first-step") !== undefined)
      r.fail("update.first-step", "belongs in each variant when there are variants", node);
    const list = r.resolve(variantsNode);
    if (!isSeq(list) || list.items.length === 0)
      r.fail("update.variants", "must be a non-empty list", list);
    variants = list.items.map((item, i) => variant(r, ctx, `update.variants[${i}]`, item));
  } else {
    variants = [
      {
        name: "default",
        when: [],
        steps: stages(r, ctx, "update.steps", stepsNode),
        ...firstStep(r, ctx, "update", get("first-step")),
      },
    ];
  }
  const loss = get("loss");
  return {
    parameter,
    gradient,
    index,
    ...(loss !== undefined ? { loss: text(r, ctx, "update.loss", loss) } : {}),
    hyperparameters: numbered,
    state,
    variants,
  };
}

function hyper(r: SectionReader, ctx: Context, p: Pairs[number]): HyperSpec {
  const field = `update.hyperparameters.${p.key}`;
  const problem = nameProblem(p.key);
  if (problem) r.fail(field, problem, p.keyNode);
  const scalarDefault = (node: unknown): number | boolean | null => {
    const n = r.resolve(node);
    if (r.isNull(n)) return null;
    if (isScalar(n) && typeof n.value === "boolean") return n.value;
    return number(r, field, n);
  };
  if (!isMap(p.value)) return { name: p.key, default: scalarDefault(p.value) };
  const inner = entries(r, field, p.value, "{default: 0.9, torch: betas}");
  checkKeys(r, ctx, field, inner, ["default", "description", "torch"]);
  const get = (k: string) => inner.find((q) => q.key === k)?.value;
  const out: { -readonly [K in keyof HyperSpec]: HyperSpec[K] } = {
    name: p.key,
    default: get("default") === undefined ? null : scalarDefault(get("default")),
  };
  const d = get("description");
  if (d !== undefined) out.description = text(r, ctx, `${field}.description`, d).text;
  const t = get("torch");
  if (t !== undefined) out.torch = { tuple: identifier(r, `${field}.torch`, t), index: -1 };
  return out;
}

function stages(r: SectionReader, ctx: Context, field: string, node: unknown): StageSpec[] {
  const list = r.resolve(node);
  if (!isSeq(list) || list.items.length === 0)
    r.fail(field, "must be a non-empty list of {stationary: S, in: x[k]}", list);
  return list.items.map((item, i) => {
    const f = `${field}[${i}]`;
    const pairs = entries(r, f, item, "{stationary: S, in: x[k]}");
    checkKeys(r, ctx, f, pairs, ["stationary", "in"]);
    const get = (k: string) => pairs.find((p) => p.key === k)?.value;
    if (get("stationary") === undefined) r.fail(`${f}.stationary`, "is required (the sub-action)");
    if (get("in") === undefined) r.fail(`${f}.in`, "is required (the new values, e.g. m[k])");
    const inNode = get("in");
    const names = isSeq(inNode) ? inNode.items.map((x) => r.resolve(x)) : [inNode];
    const unknowns = names.map((n) => {
      const s = isScalar(n) ? String(n.value).replace(/\s+/g, "") : "";
      if (!/^[A-Za-z][A-Za-z0-9_]*\[[A-Za-z][A-Za-z0-9_]*\]$/.test(s))
        r.fail(`${f}.in`, "must name new values as x[k] (or a list of them)", n);
      return s;
    });
    return { stationary: text(r, ctx, `${f}.stationary`, get("stationary")), unknowns };
  });
}

function firstStep(
  r: SectionReader,
  ctx: Context,
  field: string,
  node: unknown,
): { first?: VariantSpec["first"] } {
  if (node === undefined || r.isNull(node)) return {};
  const pairs = entries(r, `${field}.first-step`, node, "state: value on the first step");
  return {
    first: pairs.map((p) => ({
      target: identifier(r, `${field}.first-step`, p.keyNode),
      value: text(r, ctx, `${field}.first-step.${p.key}`, p.value),
    })),
  };
}

function variant(r: SectionReader, ctx: Context, field: string, node: unknown): VariantSpec {
  const pairs = entries(r, field, node, "name, when, steps or lagrangian");
  checkKeys(r, ctx, field, pairs, VARIANT_KEYS);
  const get = (k: string) => pairs.find((p) => p.key === k)?.value;
  const nameNode = get("name");
  if (nameNode === undefined) r.fail(`${field}.name`, "is required");
  const name = String((r.resolve(nameNode) as Scalar).value ?? "").trim();
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name))
    r.fail(`${field}.name`, "must be a word (letters, digits, - and _)", nameNode);
  const whenNode = get("when");
  const when =
    whenNode === undefined
      ? []
      : entries(r, `${field}.when`, whenNode, "{centered: true, momentum: nonzero}").map((p) => {
          const v = r.resolve(p.value);
          const value = isScalar(v) ? v.value : undefined;
          if (typeof value === "boolean") return { hyper: p.key, is: value };
          if (value === 0) return { hyper: p.key, zero: true };
          if (value === "nonzero") return { hyper: p.key, zero: false };
          return r.fail(`${field}.when.${p.key}`, "must be true, false, 0 or nonzero", v);
        });
  const out: { -readonly [K in keyof VariantSpec]: VariantSpec[K] } = { name, when };
  if (get("refuse") !== undefined) {
    for (const k of ["steps", "lagrangian", "first-step"])
      if (get(k) !== undefined) r.fail(`${field}.${k}`, "does not go with 'refuse'", node);
    out.refuse = text(r, ctx, `${field}.refuse`, get("refuse")).text;
    return out;
  }
  if (get("steps") !== undefined) {
    if (get("lagrangian") !== undefined)
      r.fail(field, "has both 'steps' and 'lagrangian': give one derivation", node);
    out.steps = stages(r, ctx, `${field}.steps`, get("steps"));
  } else {
    if (get("lagrangian") === undefined)
      r.fail(field, "needs 'steps' (sub-actions) or 'lagrangian' with 'scheme'", node);
    if (get("scheme") === undefined)
      r.fail(`${field}.scheme`, `is required with 'lagrangian' (${SCHEME_NAMES.join(", ")})`);
    const changeNode = get("change");
    out.continuous = {
      lagrangian: text(r, ctx, `${field}.lagrangian`, get("lagrangian")),
      scheme: schemeName(r, ctx, `${field}.scheme`, get("scheme")),
      step: get("step") === undefined ? "h" : identifier(r, `${field}.step`, get("step")),
      change:
        changeNode === undefined
          ? []
          : entries(r, `${field}.change`, changeNode, "name: expression").map((p) => ({
              name: identifier(r, `${field}.change`, p.keyNode),
              value: text(r, ctx, `${field}.change.${p.key}`, p.value),
            })),
    };
  }
  Object.assign(out, firstStep(r, ctx, field, get("first-step")));
  return out;
}

/** Number the tuple members (`torch: betas`) in declaration order: beta1 → 0, beta2 → 1. */
export function numberTuples(h: readonly HyperSpec[]): HyperSpec[] {
  const seen = new Map<string, number>();
  return h.map((x) => {
    if (!x.torch) return x;
    const i = seen.get(x.torch.tuple) ?? 0;
    seen.set(x.torch.tuple, i + 1);
    return { ...x, torch: { tuple: x.torch.tuple, index: i } };
  });
}
