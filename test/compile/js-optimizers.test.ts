/**
 * Compiled optimizers (src/compile/js.ts on the hand-written rules of test/support/rules.ts) are
 * torch.optim's: they agree with the hand-written reference optimizers (test/support/optimizers.ts)
 * on seeded random gradients for 1000 steps in every variant, and replay all 24 torch.optim traces
 * (test/fixtures/torch-optim-traces.json) within 1e-10·max(1, |x|) after every step — also with
 * every expression of the rules normalised (auto.ts) or expanded to one fraction (canonical.ts),
 * the shapes derived rules come in.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { expand, normalise } from "../../src/expr/algebra.js";
import type { Expr } from "../../src/expr/types.js";
import type { Assignment, UpdateRule } from "../../src/proof/types.js";
import { type Hyper, makeReference } from "../support/optimizers.js";
import { RULES } from "../support/rules.js";
import { compileAndImport, type OptimizerModule, seeded } from "./compiled.js";

const TOL = 1e-10;
type Name = keyof typeof RULES;
type Form = "written" | "normalised" | "expanded";
const FORMS: Record<Form, (e: Expr) => Expr> = {
  written: (e) => e,
  normalised: normalise,
  expanded: expand,
};
const forms = {} as Record<Form, Record<Name, OptimizerModule>>;
let modules: Record<Name, OptimizerModule>;

/** `rule` with every expression rewritten by `f`. */
function rewritten(rule: UpdateRule, f: (e: Expr) => Expr): UpdateRule {
  const each = (list: readonly Assignment[]) => list.map((a) => ({ ...a, value: f(a.value) }));
  return {
    ...rule,
    variants: rule.variants.map((v) => ({
      ...v,
      scalars: each(v.scalars),
      first: v.first && each(v.first),
      assignments: each(v.assignments),
    })),
  };
}

beforeAll(async () => {
  for (const form of Object.keys(FORMS) as Form[]) {
    forms[form] = {} as Record<Name, OptimizerModule>;
    for (const name of Object.keys(RULES) as Name[]) {
      const rule = rewritten(RULES[name], FORMS[form]);
      forms[form][name] = (await compileAndImport<OptimizerModule>(rule, name)).mod;
    }
  }
  modules = forms.written;
});

/** The reference's buffer name for each compiled state variable. */
const BUFFERS: Record<Name, Record<string, string>> = {
  adam: { m: "exp_avg", v: "exp_avg_sq" },
  adamw: { m: "exp_avg", v: "exp_avg_sq" },
  rmsprop: { v: "square_avg", gbar: "grad_avg", b: "momentum_buffer" },
  sgd: { b: "momentum_buffer" },
};

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

const VARIANTS: [Name, Hyper, string][] = [
  ["adam", { lr: 0.01 }, "adam"],
  ["adam", { lr: 0.01, beta1: 0.8, weight_decay: 0.1 }, "adam"],
  ["adamw", { lr: 0.01, weight_decay: 0.1 }, "adamw"],
  ["rmsprop", {}, "plain"],
  ["rmsprop", { centered: true, weight_decay: 0.05 }, "centered"],
  ["rmsprop", { momentum: 0.9, weight_decay: 0.05 }, "momentum"],
  [
    "rmsprop",
    { centered: true, momentum: 0.5, weight_decay: 0.05, alpha: 0.9 },
    "centered-momentum",
  ],
  ["sgd", { lr: 0.02 }, "sgd"],
  ["sgd", { lr: 0.02, momentum: 0.9, dampening: 0.3, weight_decay: 0.01 }, "heavy-ball"],
  ["sgd", { lr: 0.02, momentum: 0.9, nesterov: true, weight_decay: 0.01 }, "nesterov"],
];

describe("compiled optimizers agree with the hand-written references for 1000 steps", () => {
  for (const [name, hyper, variant] of VARIANTS) {
    const label =
      Object.entries(hyper)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ") || "defaults";
    it(`${name} (${label}) runs variant ${variant}, parameters and state within 1e-10`, () => {
      const n = 40;
      const rand = seeded(7 + n);
      const compiled = modules[name].makeOptimizer(hyper);
      const reference = makeReference(name, hyper as Record<string, number | boolean>);
      expect(compiled.variant).toBe(variant);
      const x0 = Float64Array.from({ length: n }, () => 4 * rand() - 2);
      const [pc, pr] = [Float64Array.from(x0), Float64Array.from(x0)];
      const [sc, sr] = [compiled.init(n), reference.init(n)];
      let worst = 0;
      for (let k = 0; k < 1000; k++) {
        // A noisy quadratic's gradient at the reference point, fed to both.
        const g = Float64Array.from(pr, (x, i) => (0.5 + (i % 5)) * x + (rand() - 0.5));
        compiled.step(pc, Float64Array.from(g), sc);
        reference.step(pr, g, sr);
        for (let i = 0; i < n; i++) worst = Math.max(worst, relErr(pc[i], pr[i]));
      }
      expect(worst).toBeLessThan(TOL);
      expect(sc.step).toBe(1000);
      for (const [ours, theirs] of Object.entries(BUFFERS[name])) {
        const ref = sr.buffers[theirs];
        if (!ref) continue; // torch keeps no buffer for an unused variant's state
        const mine = sc[ours] as Float64Array;
        for (let i = 0; i < n; i++) expect(relErr(mine[i], ref[i])).toBeLessThan(TOL);
      }
    });
  }
});

interface Trace {
  readonly optimizer: Name;
  readonly hyperparameters: Hyper;
  readonly problem: string;
  readonly x0: number[];
  readonly grads: number[][];
  readonly params: number[][];
}

const fixture = fileURLToPath(new URL("../fixtures/torch-optim-traces.json", import.meta.url));
const traces = (JSON.parse(readFileSync(fixture, "utf8")) as { traces: Trace[] }).traces;

describe("compiled optimizers replay torch.optim's traces", () => {
  it("there are 24 traces, over the four optimizers", () => {
    expect(traces).toHaveLength(24);
    expect(new Set(traces.map((t) => t.optimizer))).toEqual(new Set(Object.keys(RULES)));
  });

  for (const form of Object.keys(FORMS) as Form[]) {
    for (const trace of traces) {
      const label = Object.entries(trace.hyperparameters)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ");
      it(`${trace.optimizer} (${label}) ${form}, on ${trace.problem}: torch's after every step`, () => {
        const opt = forms[form][trace.optimizer].makeOptimizer(trace.hyperparameters);
        const params = Float64Array.from(trace.x0);
        const state = opt.init(params.length);
        let worst = 0;
        let firstBad = 0;
        trace.grads.forEach((g, k) => {
          opt.step(params, Float64Array.from(g), state);
          trace.params[k].forEach((x, i) => {
            const err = relErr(params[i], x);
            if (err > TOL && firstBad === 0) firstBad = k + 1;
            worst = Math.max(worst, err);
          });
        });
        expect(firstBad).toBe(0);
        expect(worst).toBeLessThan(TOL);
      });
    }
  }
});
