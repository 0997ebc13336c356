/**
 * The `.d.ts` of a generated module (./js.ts): hyperparameters as optional properties (required
 * ones, default null, without `?`) with their defaults in doc comments, the state type (the step
 * count and the rule's state variables as own properties), the variant names, and the factory.
 * Property names are JSON string literals; doc text is sanitised so no `*\/` closes a comment.
 */
import type { UpdateRule } from "../proof/types.js";
import { header } from "./header.js";
import { commentSafe } from "./names.js";

const json = (x: unknown): string => JSON.stringify(x);
const doc = (indent: string, text: string): string => `${indent}/** ${commentSafe(text)} */`;

function hyperLines(rule: UpdateRule): string[] {
  const out = [
    doc("", `Hyperparameters of ${rule.name}, by name; a missing one takes its default.`),
  ];
  out.push("export interface Hyperparameters {");
  for (const h of rule.hyperparameters) {
    const d = h.default === null ? "required (no default)" : `default ${h.default}`;
    const torch = h.torch ? `; torch's ${h.torch.tuple}[${h.torch.index}]` : "";
    const desc = h.description ? `: ${h.description}` : "";
    out.push(doc("  ", `${h.type}, ${d}${torch}${desc}`));
    out.push(`  readonly ${json(h.name)}${h.default === null ? "" : "?"}: ${h.type};`);
  }
  out.push("}", "");
  out.push(doc("", "Every hyperparameter, resolved (defaults filled in); the object is frozen."));
  out.push(
    "export type ResolvedHyperparameters = { readonly [K in keyof Hyperparameters]-?: Exclude<Hyperparameters[K], undefined> };",
    "",
  );
  return out;
}

const COMMON = [
  doc(
    "",
    "checkFinite: after a step, throw a RangeError naming the first non-finite value and its index.",
  ),
  "export interface Options {",
  "  readonly checkFinite?: boolean;",
  "}",
  "",
];

/** The declaration text for `rule`'s module. */
export function compileDts(rule: UpdateRule, source: string | undefined): string {
  const required = rule.hyperparameters.some((h) => h.default === null);
  const hyperArg = required ? "hyper: Hyperparameters" : "hyper?: Hyperparameters";
  const variants = rule.variants.map((v) => json(v.name)).join(" | ");
  const out = [
    header(rule, source, "types of the generated module"),
    "",
    ...hyperLines(rule),
    ...COMMON,
  ];
  out.push(`export type Variant = ${variants};`, "");
  if (rule.kind === "optimizer") {
    out.push(
      doc(
        "",
        "Optimizer state: steps taken, and one Float64Array per state variable (own properties).",
      ),
    );
    out.push(
      "export interface State {",
      doc("  ", "Steps taken so far (k − 1 during step k)."),
      "  step: number;",
    );
    for (const s of rule.state) {
      const desc = s.description ? `: ${s.description}` : "";
      out.push(
        doc("  ", `Per element, initially ${s.init}${desc}`),
        `  readonly ${json(s.name)}: Float64Array;`,
      );
    }
    out.push("}", "");
    out.push("export type FloatArray = Float64Array | Float32Array;", "");
    out.push("export interface Optimizer {");
    out.push("  readonly hyper: ResolvedHyperparameters;", "  readonly variant: Variant;");
    out.push(
      doc("  ", "State for n parameters: step 0, every buffer filled with its initial value."),
    );
    out.push("  init(n: number): State;");
    out.push(
      doc(
        "  ",
        "One step: params updated in place (grads.length === params.length === the state's n).",
      ),
    );
    out.push(
      "  step(params: FloatArray, grads: FloatArray, state: State, options?: Options): void;",
    );
    out.push("}", "");
    out.push(doc("", `${rule.name}: throws on an unknown, missing or mistyped hyperparameter.`));
    out.push(
      `export declare function makeOptimizer(${hyperArg}, options?: Options): Optimizer;`,
      "",
    );
  } else {
    out.push(doc("", "The initial state: a finite number for every state variable."));
    out.push("export interface InitialState {");
    for (const s of rule.state) {
      if (s.description) out.push(doc("  ", s.description));
      out.push(`  readonly ${json(s.name)}: number;`);
    }
    out.push("}", "");
    out.push(doc("", "Integrator state: steps taken, and the state variables (own properties)."));
    out.push("export interface State {", "  step: number;");
    for (const s of rule.state) out.push(`  ${json(s.name)}: number;`);
    out.push("}", "");
    out.push("export interface Integrator {");
    out.push("  readonly hyper: ResolvedHyperparameters;", "  readonly variant: Variant;");
    out.push("  init(state0: InitialState): State;");
    out.push(doc("  ", "Advance `state` in place by one step and return it."));
    out.push("  step(state: State, options?: Options): State;");
    out.push("}", "");
    out.push(doc("", `${rule.name}: throws on an unknown, missing or mistyped hyperparameter.`));
    out.push(
      `export declare function makeIntegrator(${hyperArg}, options?: Options): Integrator;`,
      "",
    );
  }
  return out.join("\n");
}
