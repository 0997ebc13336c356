/**
 * The JavaScript target: an update rule (src/proof/types.ts) as a standalone ES module and its
 * `.d.ts`. An optimizer gives `makeOptimizer(hyper = {}, options = {})` → `{ hyper, variant,
 * init(n), step(params, grads, state, options?) }`, an integrator `makeIntegrator(hyper, options)`
 * → `{ hyper, variant, init(state0), step(state) }`.
 *
 * The variant is chosen once, when the optimizer is made (its conditions read hyperparameters
 * only); each variant is a function that computes its constants (level 0, ./ir.ts) and returns the
 * step: per-step scalars and hoisted subexpressions, then one loop over the elements whose body
 * reads the start-of-step values into locals, computes each assignment once (common
 * subexpressions as local consts) and stores the final values. Nothing is allocated in a step.
 *
 * State: `{ step, <name>: Float64Array, … }` for an optimizer, `{ step, <name>: number, … }` for an
 * integrator, the rule's state names as own properties (a state variable named `step` is refused).
 * User text reaches the module only as checked identifiers behind a role prefix (./names.ts), JSON
 * string literals, and sanitised comments.
 */
import { UserError } from "../errors.js";
import type { UpdateRule } from "../proof/types.js";
import type { Body } from "./cse.js";
import { compileDts } from "./dts.js";
import { header } from "./header.js";
import type { Stmt } from "./ir.js";
import { jsExpr } from "./js-expr.js";
import { COMMON_RUNTIME, INTEGRATOR_RUNTIME, OPTIMIZER_RUNTIME } from "./js-runtime.js";
import { commentSafe, globalNames, ident } from "./names.js";
import { type Specialised, type VariantProgram, variantProgram } from "./program.js";

export interface CompileOptions {
  /** Where the rule came from (a derivation file), named in the header comment. */
  readonly source?: string;
}

/**
 * Compile `rule` to JavaScript: `module` (an ES module, no imports) and `dts` (its types).
 * @throws UserError for a name that is not an identifier, a name used in two roles, an unknown
 *   symbol, an abstract function, a condition on a missing hyperparameter, a state variable named
 *   `step`, a missing default of the wrong type, or an integrator time without a hyperparameter h.
 */
export function compileJs(
  rule: UpdateRule,
  options: CompileOptions = {},
): { module: string; dts: string } {
  const roles = globalNames(rule);
  checkRule(rule);
  const programs = rule.variants.map((v) =>
    v.refuse === undefined ? variantProgram(rule, v, roles) : null,
  );
  const optimizer = rule.kind === "optimizer";
  const what = optimizer ? "an optimizer" : "an integrator";
  const parts = [
    header(rule, options.source, what),
    "",
    data(rule),
    COMMON_RUNTIME.trim(),
    "",
    (optimizer ? OPTIMIZER_RUNTIME : INTEGRATOR_RUNTIME).trim(),
    "",
    selector(rule),
    "",
    ...programs.flatMap((p, i) => (p ? [variantFunction(rule, p, i)] : [])),
    `const VARIANT_FUNCTIONS = [${programs.map((p, i) => (p ? `variant${i}` : "null")).join(", ")}];`,
    "",
    optimizer ? OPTIMIZER_MAKE : INTEGRATOR_MAKE,
  ];
  return { module: parts.join("\n"), dts: compileDts(rule, options.source) };
}

function checkRule(rule: UpdateRule): void {
  const fail = (msg: string) => {
    throw new UserError("compile-rule", `cannot compile ${rule.name}: ${msg}`);
  };
  if (rule.kind !== "optimizer" && rule.kind !== "integrator")
    fail(`unknown kind ${JSON.stringify(rule.kind)}`);
  if (rule.variants.length === 0) fail("it has no variants");
  if (rule.state.some((s) => s.name === "step"))
    fail("a state variable named 'step' would clash with the step count state.step");
  for (const h of rule.hyperparameters) {
    const ok =
      h.default === null ||
      (h.type === "boolean" ? typeof h.default === "boolean" : Number.isFinite(h.default));
    if (!ok) fail(`hyperparameter '${h.name}' has a default that is not a ${h.type}`);
  }
  for (const s of rule.state)
    if (!Number.isFinite(s.init)) fail(`state variable '${s.name}' has a non-finite initial value`);
  if (
    rule.time !== undefined &&
    !rule.hyperparameters.some((h) => h.name === "h" && h.type === "number")
  )
    fail(`the time ${rule.time} = (${rule.index} - 1)*h needs a number hyperparameter h`);
}

const json = (x: unknown): string => JSON.stringify(x);

/** The module's data: names, defaults, torch tuples, state names and initial values. */
function data(rule: UpdateRule): string {
  const hyper = rule.hyperparameters.map((h) => ({
    name: h.name,
    type: h.type,
    default: h.default,
  }));
  const tuples: Record<string, string[]> = {};
  for (const h of rule.hyperparameters)
    if (h.torch) (tuples[h.torch.tuple] ??= [])[h.torch.index] = h.name;
  return [
    `const NAME = ${json(rule.name)};`,
    `const HYPERPARAMETERS = Object.freeze(${json(hyper)});`,
    `const TUPLES = Object.freeze(${json(tuples)});`,
    `const STATE = Object.freeze(${json(rule.state.map((s) => s.name))});`,
    `const INIT = Object.freeze(${json(rule.state.map((s) => s.init))});`,
    `const VARIANTS = Object.freeze(${json(rule.variants.map((v) => v.name))});`,
    `const REFUSALS = Object.freeze(${json(rule.variants.map((v) => v.refuse ?? null))});`,
    "",
  ].join("\n");
}

/** `selectVariant(h)`: the index of the first variant whose conditions hold, or −1. */
function selector(rule: UpdateRule): string {
  const lines = ["function selectVariant(h) {"];
  rule.variants.forEach((v, i) => {
    const tests = v.when.map((c) =>
      "is" in c
        ? `h[${json(c.hyper)}] === ${c.is}`
        : `h[${json(c.hyper)}] ${c.zero ? "===" : "!=="} 0`,
    );
    lines.push(`  if (${tests.join(" && ") || "true"}) return ${i};`);
  });
  lines.push("  return -1;", "}");
  return lines.join("\n");
}

const lets = (stmts: readonly Stmt[], indent: string): string[] =>
  stmts.map((s) => (s.kind === "let" ? `${indent}const ${s.id} = ${jsExpr(s.node)};` : ""));

/** An optimizer's element loop, or an integrator's step, for one body. */
function bodyLines(rule: UpdateRule, body: Body, indent: string): string[] {
  const optimizer = rule.kind === "optimizer";
  const inner = optimizer ? `${indent}  ` : indent;
  const out: string[] = [];
  for (const r of body.loads) {
    const from =
      r.load!.role === "parameter"
        ? "P[i]"
        : r.load!.role === "gradient"
          ? "G[i]"
          : optimizer
            ? `${ident("buffer", r.load!.name)}[i]`
            : `state[${json(r.load!.name)}]`;
    out.push(`${inner}const ${r.id} = ${from};`);
  }
  for (const s of body.stmts) {
    if (s.kind === "let") out.push(`${inner}const ${s.id} = ${jsExpr(s.node)};`);
    else {
      const to =
        s.role === "parameter"
          ? "P[i]"
          : optimizer
            ? `${ident("buffer", s.name)}[i]`
            : `state[${json(s.name)}]`;
      out.push(`${inner}${to} = ${jsExpr(s.node)};`);
    }
  }
  if (!optimizer) return out;
  return [`${indent}for (let i = 0; i < P.length; i++) {`, ...out, `${indent}}`];
}

/** `variantN(h)`: the variant's constants, and its step function (a loop chosen by zeros). */
function variantFunction(rule: UpdateRule, p: VariantProgram, index: number): string {
  const lines = [
    `/* Variant ${index}: ${commentSafe(json(p.name))}. */`,
    `function variant${index}(h) {`,
  ];
  for (const h of rule.hyperparameters)
    lines.push(`  const ${ident("hyper", h.name)} = h[${json(h.name)}];`);
  lines.push(...lets(p.consts, "  "));
  for (const loop of p.loops) {
    const test = loop.zero.map((z) => `${ident("hyper", z)} === 0`).join(" && ");
    if (test) {
      lines.push(`  if (${test}) {`, ...runFunction(rule, p, loop, "    "), "  }");
    } else lines.push(...runFunction(rule, p, loop, "  "));
  }
  lines.push("}", "");
  return lines.join("\n");
}

/** `return function run(…) { … }`: per-step statements, then the loop (first step apart). */
function runFunction(rule: UpdateRule, p: VariantProgram, loop: Specialised, at: string): string[] {
  const optimizer = rule.kind === "optimizer";
  const k = ident("index", rule.index);
  const lines = [
    optimizer ? `${at}return function run(P, G, state) {` : `${at}return function run(state) {`,
  ];
  const _ = `${at}  `;
  lines.push(`${_}const ${k} = state.step + 1;`);
  if (rule.time !== undefined)
    lines.push(`${_}const ${ident("time", rule.time)} = (${k} - 1) * ${ident("hyper", "h")};`);
  lines.push(...lets(p.perStep, _));
  if (optimizer)
    for (const s of rule.state)
      lines.push(`${_}const ${ident("buffer", s.name)} = state[${json(s.name)}];`);
  if (loop.first) {
    lines.push(`${_}if (${k} === 1) {`, ...bodyLines(rule, loop.first, `${_}  `), `${_}} else {`);
    lines.push(...bodyLines(rule, loop.body, `${_}  `), `${_}}`);
  } else lines.push(...bodyLines(rule, loop.body, _));
  lines.push(`${_}state.step = ${k};`, `${at}};`);
  return lines;
}

const MAKE_COMMON = `  const hyper = resolveHyper(hyperIn);
  const check = checkOptions(options, "the options") === true;
  const index = selectVariant(hyper);
  if (index < 0) throw new Error(NAME + ": no variant of the rule applies to these hyperparameters");
  if (REFUSALS[index] !== null) throw new Error(NAME + ": " + REFUSALS[index]);
  const run = VARIANT_FUNCTIONS[index](hyper);
  const wanted = function (stepOptions) {
    if (stepOptions === undefined) return check;
    const c = checkOptions(stepOptions, "the step options");
    return c === undefined ? check : c;
  };`;

const OPTIMIZER_MAKE = `/**
 * makeOptimizer(hyper = {}, options = {}): hyperparameters by name (defaults from the rule), and
 * options.checkFinite (after each step, throw a RangeError naming the first non-finite parameter or
 * state value and its index). Returns { hyper, variant, init(n), step(params, grads, state, options) }.
 */
export function makeOptimizer(hyperIn, options) {
${MAKE_COMMON}
  return Object.freeze({
    hyper: hyper,
    variant: VARIANTS[index],
    init: init,
    step: function step(params, grads, state, stepOptions) {
      const n = checkInputs(params, grads, state);
      run(params, grads, state);
      if (wanted(stepOptions)) checkFinite(params, state);
    },
  });
}
`;

const INTEGRATOR_MAKE = `/**
 * makeIntegrator(hyper, options = {}): hyperparameters by name (the step h and the system's
 * constants), options.checkFinite. Returns { hyper, variant, init(state0), step(state) }; step
 * advances state in place by one step (state.step counts them; the time is (step - 1)*h at the
 * start of a step) and returns it.
 */
export function makeIntegrator(hyperIn, options) {
${MAKE_COMMON}
  return Object.freeze({
    hyper: hyper,
    variant: VARIANTS[index],
    init: init,
    step: function step(state, stepOptions) {
      checkState(state, "state", true);
      run(state);
      if (wanted(stepOptions)) checkFinite(state);
      return state;
    },
  });
}
`;
