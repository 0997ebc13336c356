/**
 * The torch target: an optimizer's update rule as a standalone Python module defining a
 * `torch.optim.Optimizer` subclass (`DerivedAdam` for a rule named "Adam"), importing only math and
 * torch. Its constructor takes torch's names and defaults (`lr=…, betas=(0.9, 0.999), eps=…`, a
 * required one as torch's `required`), checks their types, and `step(closure=None)` runs, per param
 * group, the first variant whose conditions hold; for the parameters with a gradient k =
 * state["step"] + 1, the variant's scalars as Python floats, then its assignments (the first-step
 * ones when k = 1) as whole-tensor in-place torch operations (./torch-tensor.ts): by default
 * torch._foreach_* over the lists of a group's tensors that share k (one bucket per step count,
 * usually one), or with `foreach: false` per tensor (./torch-ops.ts). State per parameter: the step
 * count (an int) and one tensor per state variable the variant uses, created on first use filled
 * with its initial value, so `state_dict()` / `load_state_dict()` work as for torch's own.
 */
import { UserError } from "../errors.js";
import type { Expr } from "../expr/types.js";
import type { Hyperparameter, UpdateRule, UpdateVariant } from "../proof/types.js";
import {
  checkKeywordName,
  checkPythonName,
  className,
  docstringBody,
  printScalar,
  pyString,
  pyValue,
} from "./python.js";
import { FOREACH, SINGLE } from "./torch-ops.js";
import { docstring, moduleHelpers } from "./torch-text.js";
import { SequenceCompiler, type TensorScope } from "./torch-tensor.js";
import { symbolsOf } from "./torch-terms.js";

/** A constructor argument: one hyperparameter, or torch's tuple of several (`betas`). */
type Argument =
  | { readonly kind: "single"; readonly name: string; readonly index: number }
  | { readonly kind: "tuple"; readonly name: string; readonly members: readonly number[] };

const refuse = (message: string): never => {
  throw new UserError("compile-torch", message);
};

/** The constructor's arguments in the rule's order, a tuple where its first member stands. */
function constructorArguments(hypers: readonly Hyperparameter[]): Argument[] {
  const out: Argument[] = [];
  const tuples = new Map<string, number[]>();
  hypers.forEach((h, i) => {
    const typed = h.type === "boolean" ? "boolean" : "number";
    if (h.type !== typed || (h.default !== null && typeof h.default !== typed)) {
      refuse(`the hyperparameter ${h.name} is of type ${h.type} with default ${h.default}`);
    }
    if (h.torch === undefined) {
      out.push({ kind: "single", name: checkKeywordName(h.name, "the hyperparameter"), index: i });
      return;
    }
    const name = checkKeywordName(h.torch.tuple, "the torch tuple");
    let members = tuples.get(name);
    if (members === undefined) {
      tuples.set(name, (members = []));
      out.push({ kind: "tuple", name, members });
    }
    if (!Number.isInteger(h.torch.index) || members[h.torch.index] !== undefined) {
      refuse(`hyperparameter ${h.name}: torch tuple ${name} index ${h.torch.index} is not new`);
    }
    members[h.torch.index] = i;
  });
  const seen = new Set<string>();
  for (const a of out) {
    if (a.kind === "tuple" && [...a.members.keys()].some((j) => a.members[j] === undefined)) {
      refuse(`the torch tuple ${a.name} has a gap in its indices`);
    }
    if (a.name === "params") {
      refuse(
        `a hyperparameter cannot be named params: torch uses that key for a group's parameters`,
      );
    }
    if (seen.has(a.name)) refuse(`two constructor arguments are named ${a.name}`);
    seen.add(a.name);
  }
  return out;
}

/** Checks the rule's names: each an identifier, each meaning one thing. */
function checkNames(rule: UpdateRule): { parameter: string; gradient: string } {
  const parameter = checkPythonName(rule.parameter, "the parameter");
  const gradient = checkPythonName(rule.gradient, "the gradient");
  const names = [
    ...rule.hyperparameters.map((h) => checkPythonName(h.name, "the hyperparameter")),
    ...rule.state.map((s) => checkPythonName(s.name, "the state variable")),
    parameter,
    gradient,
    checkPythonName(rule.index, "the step index"),
  ];
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) refuse(`the name ${dup} stands for two things in the update rule`);
  for (const v of rule.variants) {
    for (const s of v.scalars) {
      if (names.includes(checkPythonName(s.target, "the per-step scalar"))) {
        refuse(`the per-step scalar ${s.target} has the name of another quantity of the rule`);
      }
    }
    for (const a of [...(v.first ?? []), ...v.assignments]) checkPythonName(a.target, "the target");
  }
  return { parameter, gradient };
}

/**
 * Compile an optimizer's update rule to the text of a standalone Python module (torch); `source`
 * is named in its docstring, `foreach` (default true) chooses torch._foreach_* over lists.
 */
export function compileTorch(
  rule: UpdateRule,
  options: { source?: string; foreach?: boolean } = {},
): string {
  if (rule.kind !== "optimizer") {
    refuse("the torch target compiles optimizers; compile integrators to JavaScript");
  }
  if (rule.variants.length === 0) refuse(`the update rule ${rule.name} has no variant`);
  const { parameter, gradient } = checkNames(rule);
  const args = constructorArguments(rule.hyperparameters);
  const cls = className(rule.name);
  const hypers = rule.hyperparameters;
  const hyperIndex = new Map(hypers.map((h, i) => [h.name, i]));
  const stateNames = rule.state.map((s) => s.name);
  let stepKey = "step";
  while (stateNames.includes(stepKey)) stepKey += "_";
  const self = args.some((a) => a.name === "self") ? "_self" : "self";

  const defaults = args.map((a) => {
    if (a.kind === "single") {
      const d = hypers[a.index].default;
      return d === null ? "required" : pyValue(d);
    }
    const ds = a.members.map((i) => hypers[i].default);
    if (ds.some((d) => d === null)) return "required";
    return "(" + ds.map((d) => pyValue(d!)).join(", ") + (ds.length === 1 ? ",)" : ")");
  });
  const check = (a: Argument, value: string): string[] => {
    if (a.kind === "single") {
      return [`_check_${hypers[a.index].type}(${value}, ${pyString(a.name)})`];
    }
    const types = a.members.map((i) => pyString(hypers[i].type)).join(", ");
    return [`_check_tuple(${value}, ${pyString(a.name)}, (${types}))`];
  };

  const out: string[] = [docstring(rule, cls, options.source), "import math", "", "import torch"];
  out.push("from torch.optim.optimizer import Optimizer, required", "", `__all__ = ["${cls}"]`, "");
  out.push(...moduleHelpers(cls), "", "");
  out.push(`class ${cls}(Optimizer):`);
  out.push(
    `    """${docstringBody(`The update rule "${rule.name}" (see the module's docstring).`)}"""`,
  );
  out.push(
    "",
    `    def __init__(${self}, params, ${args.map((a, i) => `${a.name}=${defaults[i]}`).join(", ")}):`,
  );
  out.push(
    `        ${self}._setup(params, (${args.map((a) => a.name).join(", ")}${args.length === 1 ? "," : ""}))`,
  );
  out.push("", "    def _setup(self, params, values):");
  args.forEach((a, i) => {
    out.push(`        if values[${i}] is not required:`);
    out.push(...check(a, `values[${i}]`).map((l) => "            " + l));
  });
  const keys = args.map((a, i) => `${pyString(a.name)}: values[${i}]`).join(", ");
  out.push(`        super().__init__(params, {${keys}})`);
  out.push("", "    def add_param_group(self, param_group):");
  for (const a of args) {
    const k = pyString(a.name);
    out.push(`        if isinstance(param_group, dict) and ${k} in param_group:`);
    out.push(`            if param_group[${k}] is not required:`);
    out.push(...check(a, `param_group[${k}]`).map((l) => "                " + l));
  }
  out.push("        super().add_param_group(param_group)");
  out.push("        self._select(self.param_groups[-1])");

  // _select: the variant a group's hyperparameters choose (torch's refusals raise here, so a
  // refused combination fails in the constructor as torch's own checks do).
  const hyperId = (i: number) => `h${i}`;
  const read = (i: number): string => {
    const a = args.find((x) => (x.kind === "single" ? x.index === i : x.members.includes(i)))!;
    return a.kind === "single"
      ? `group[${pyString(a.name)}]`
      : `group[${pyString(a.name)}][${a.members.indexOf(i)}]`;
  };
  out.push("", "    def _select(self, group):");
  const used = new Set<number>();
  for (const v of rule.variants) for (const c of v.when) used.add(hyperIndex.get(c.hyper) ?? -1);
  for (const i of [...used].filter((i) => i >= 0).sort((a, b) => a - b))
    out.push(`        ${hyperId(i)} = ${read(i)}`);
  rule.variants.forEach((v, vi) => {
    const conds = v.when.map((c) => {
      const i = hyperIndex.get(c.hyper);
      const type = i === undefined ? undefined : hypers[i].type;
      if (type !== ("is" in c ? "boolean" : "number")) {
        refuse(
          `variant ${v.name}: the condition names ${c.hyper}, not a ${"is" in c ? "boolean" : "number"} hyperparameter`,
        );
      }
      if ("is" in c) return c.is ? hyperId(i!) : `not ${hyperId(i!)}`;
      return `${hyperId(i!)} ${c.zero ? "==" : "!="} 0`;
    });
    const test = conds.length === 0 ? "True" : conds.join(" and ");
    out.push(`        if ${test}:`);
    out.push(
      v.refuse === undefined
        ? `            return ${vi}`
        : `            raise ValueError(${pyString(`${cls}: ${v.refuse}`)})`,
    );
  });
  out.push(
    `        raise ValueError(${pyString(`${cls}: no variant of the update rule applies to these hyperparameters`)})`,
  );

  // step: read the hyperparameters, choose the variant, run it.
  out.push("", "    @torch.no_grad()", "    def step(self, closure=None):");
  out.push(
    '        """Performs a single optimization step (closure: re-evaluates the model and returns the loss)."""',
  );
  out.push(
    "        loss = None",
    "        if closure is not None:",
    "            with torch.enable_grad():",
  );
  out.push("                loss = closure()", "        for group in self.param_groups:");
  out.push("            variant = self._select(group)");
  for (const a of args) {
    if (a.kind === "single")
      out.push(`            ${hyperId(a.index)} = group[${pyString(a.name)}]`);
    else
      a.members.forEach((m, j) =>
        out.push(`            ${hyperId(m)} = group[${pyString(a.name)}][${j}]`),
      );
  }
  const all = hypers.map((_, i) => hyperId(i)).join(", ");
  let first = true;
  rule.variants.forEach((v, vi) => {
    if (v.refuse !== undefined) return;
    out.push(`            ${first ? "if" : "elif"} variant == ${vi}:`);
    out.push(`                self._variant${vi}(group${all ? ", " + all : ""})`);
    first = false;
  });
  out.push("        return loss");

  rule.variants.forEach((v, vi) => {
    if (v.refuse !== undefined) return;
    out.push(
      "",
      ...variantMethod(rule, v, vi, {
        foreach: options.foreach ?? true,
        cls,
        parameter,
        gradient,
        stepKey,
        all,
      }),
    );
  });
  return out.join("\n") + "\n";
}

interface Context {
  readonly foreach: boolean;
  readonly cls: string;
  readonly parameter: string;
  readonly gradient: string;
  readonly stepKey: string;
  readonly all: string;
}

/** `_variantN(self, group, h0, …)`: the loop over a group's parameters for one variant. */
function variantMethod(rule: UpdateRule, v: UpdateVariant, vi: number, ctx: Context): string[] {
  const hyperNames = new Map(rule.hyperparameters.map((h, i) => [h.name, `h${i}`]));
  const scalarNames = new Map<string, string>([[rule.index, "k"]]);
  const nameOf = (known: ReadonlyMap<string, string>) => (s: string) => {
    const n = hyperNames.get(s) ?? known.get(s);
    if (n === undefined) {
      refuse(
        `a per-step scalar of variant ${v.name} reads ${s}, which is not a hyperparameter, ${rule.index} or an earlier scalar`,
      );
    }
    return n!;
  };
  const scalarLines = v.scalars.map((s, i) => {
    const line = `s${i} = ${printScalar(s.value, nameOf(scalarNames))}`;
    scalarNames.set(s.target, `s${i}`);
    return line;
  });
  const lookup = (s: string) => hyperNames.get(s) ?? scalarNames.get(s);
  const groupLevel: string[] = [];
  const groupKeys = new Map<string, string>();
  const [p, grad, x] = ctx.foreach ? ["ps", "gs", "xs"] : ["p", "grad", "x"];
  const tensors = new Map<string, string>([
    [ctx.parameter, p],
    [ctx.gradient, grad],
    ...rule.state.map((s, i): [string, string] => [s.name, `${x}${i}`]),
  ]);
  const targets = new Set([ctx.parameter, ...rule.state.map((s) => s.name)]);
  const temps = { n: 0 };
  const branch = (assignments: UpdateVariant["assignments"]): string[] => {
    const local: string[] = [];
    const localKeys = new Map<string, string>();
    const scope: TensorScope = {
      scalar: lookup,
      // Off-by-default features (weight_decay = 0, momentum = 0): torch skips their terms at 0.
      numberHyper: (s) => {
        const i = rule.hyperparameters.findIndex(
          (h) => h.name === s && h.type === "number" && h.default === 0,
        );
        return i < 0 ? undefined : `h${i}`;
      },
      tensors,
      targets,
      ops: ctx.foreach ? FOREACH : SINGLE,
      hoist: (e: Expr) => {
        const text = printScalar(e, (s) => lookup(s)!);
        if (e.kind === "num" || e.kind === "sym") return text;
        const onlyHypers = [...symbolsOf(e)].every((s) => hyperNames.has(s));
        const [lines, keys, prefix] = onlyHypers
          ? [groupLevel, groupKeys, "g"]
          : [local, localKeys, "c"];
        let name = keys.get(text);
        if (name === undefined) {
          name = `${prefix}${keys.size}`;
          keys.set(text, name);
          lines.push(`${name} = ${text}`);
        }
        return name;
      },
    };
    const body = new SequenceCompiler(scope, temps).compile(assignments);
    return [...local, ...body];
  };
  const first = v.first === null ? null : branch(v.first);
  const usual = branch(v.assignments);
  const params = ctx.all ? `, ${ctx.all}` : "";
  const out = [`    def _variant${vi}(self, group${params}):`];
  out.push(`        """Variant ${docstringBody(v.name)}."""`);
  out.push(...groupLevel.map((l) => "        " + l));
  if (ctx.foreach) out.push("        buckets = {}");
  out.push(
    '        for p in group["params"]:',
    "            grad = p.grad",
    "            if grad is None:",
  );
  out.push("                continue", "            if grad.is_sparse:");
  out.push(
    `                raise RuntimeError(${pyString(`${ctx.cls} does not support sparse gradients`)})`,
  );
  // State created on first use, filled with its initial value; only what this variant reads.
  const used = new Set(
    [...(v.first ?? []), ...v.assignments].flatMap((a) => [a.target, ...symbolsOf(a.value)]),
  );
  const step = pyString(ctx.stepKey);
  out.push("            state = self.state[p]", `            k = state.get(${step}, 0) + 1`);
  out.push(`            state[${step}] = k`);
  rule.state.forEach((s, i) => {
    if (!Number.isFinite(s.init)) refuse(`the state variable ${s.name} starts at ${s.init}`);
    if (!used.has(s.name)) return;
    const init =
      s.init === 0
        ? "torch.zeros_like(p, memory_format=torch.preserve_format)"
        : `torch.full_like(p, ${pyValue(s.init)}, memory_format=torch.preserve_format)`;
    out.push(`            x${i} = state.get(${pyString(s.name)})`, `            if x${i} is None:`);
    out.push(`                x${i} = state[${pyString(s.name)}] = ${init}`);
  });
  const usedState = rule.state.flatMap((s, i) => (used.has(s.name) ? [i] : []));
  if (ctx.foreach) {
    // Parameters bucketed by step count (one bucket unless some skipped steps): lists per bucket.
    const n = 2 + usedState.length;
    out.push("            bucket = buckets.get(k)", "            if bucket is None:");
    out.push(`                bucket = buckets[k] = (${Array(n).fill("[]").join(", ")})`);
    ["p", "grad", ...usedState.map((i) => `x${i}`)].forEach((x, j) =>
      out.push(`            bucket[${j}].append(${x})`),
    );
    const lists = ["ps", "gs", ...usedState.map((i) => `xs${i}`)].join(", ");
    out.push(`        for k, (${lists}) in buckets.items():`);
  }
  out.push(...scalarLines.map((l) => "            " + l));
  const indent = (lines: string[], n: number) => lines.map((l) => " ".repeat(n) + l);
  if (first === null) out.push(...indent(usual, 12));
  else
    out.push(
      "            if k == 1:",
      ...indent(first, 16),
      "            else:",
      ...indent(usual, 16),
    );
  return out;
}
