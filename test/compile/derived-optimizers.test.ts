/**
 * The optimizers derived from derivations/*.yaml (by stationarity, every step checked), compiled to
 * JavaScript exactly as `lagrange compile` does, against two independent routes: the hand-written
 * reference optimizers (test/support/optimizers.ts) on random gradients for 1000 steps, every
 * variant; and torch.optim's own recorded trajectories (test/fixtures/torch-optim-traces.json),
 * replayed to 1e-10·max(1, |x|) after every step.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ruleOf } from "../../src/cli/commands/compile-run.js";
import { makeReference, type ReferenceName } from "../support/optimizers.js";
import { compileAndImport, seeded, type OptimizerModule } from "./compiled.js";

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const FILES: Record<ReferenceName, string> = {
  adam: "derivations/adam.yaml",
  adamw: "derivations/adamw.yaml",
  rmsprop: "derivations/rmsprop.yaml",
  sgd: "derivations/sgd-momentum.yaml",
};

const modules = new Map<ReferenceName, OptimizerModule>();
beforeAll(async () => {
  for (const [name, file] of Object.entries(FILES) as [ReferenceName, string][]) {
    const { mod } = await compileAndImport<OptimizerModule>(ruleOf(root(file)), name);
    modules.set(name, mod);
  }
}, 60_000);

const TOL = 1e-10;
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

/** 1000 steps on seeded random gradients (some large, some tiny): the largest relative error. */
function against(name: ReferenceName, hyper: Record<string, number | boolean>, steps = 1000) {
  const opt = modules.get(name)!.makeOptimizer(hyper);
  const ref = makeReference(name, hyper);
  const n = 64;
  const rand = seeded(7 + steps);
  const x0 = Float64Array.from({ length: n }, () => 4 * rand() - 2);
  const [a, b] = [Float64Array.from(x0), Float64Array.from(x0)];
  const [sa, sb] = [opt.init(n), ref.init(n)];
  let worst = 0;
  for (let k = 0; k < steps; k++) {
    const scale = 10 ** Math.floor(6 * rand() - 3);
    const g = Float64Array.from({ length: n }, () => scale * (2 * rand() - 1));
    opt.step(a, g, sa);
    ref.step(b, g, sb);
    for (let i = 0; i < n; i++) worst = Math.max(worst, relErr(a[i], b[i]));
  }
  return { worst, variant: opt.variant };
}

const CASES: [ReferenceName, Record<string, number | boolean>, string][] = [
  ["adam", {}, "default"],
  ["adam", { lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 0.05 }, "default"],
  ["adamw", {}, "default"],
  ["adamw", { lr: 0.02, weight_decay: 0.1, beta1: 0.85 }, "default"],
  ["rmsprop", { weight_decay: 0.01 }, "plain"],
  ["rmsprop", { centered: true, alpha: 0.9, weight_decay: 0.01 }, "centered"],
  ["rmsprop", { momentum: 0.9, weight_decay: 0.01 }, "momentum"],
  ["rmsprop", { centered: true, momentum: 0.5, eps: 1e-6 }, "centered-momentum"],
  ["sgd", { lr: 0.01 }, "sgd"],
  ["sgd", { lr: 0.01, weight_decay: 0.1, dampening: 0.3 }, "sgd"],
  ["sgd", { lr: 0.01, momentum: 0.9 }, "heavy-ball"],
  ["sgd", { lr: 0.005, momentum: 0.8, dampening: 0.3, weight_decay: 0.02 }, "heavy-ball"],
  ["sgd", { lr: 0.01, momentum: 0.9, nesterov: true, weight_decay: 0.01 }, "nesterov"],
];

describe("derived optimizers, compiled, against the hand-written references (1000 random steps)", () => {
  for (const [name, hyper, variant] of CASES) {
    it(`${name} ${JSON.stringify(hyper)}: variant ${variant} agrees to 1e-10`, () => {
      const { worst, variant: used } = against(name, hyper);
      expect(used).toBe(variant);
      expect(worst).toBeLessThan(TOL);
    });
  }

  it("SGD refuses Nesterov without momentum or with dampening, as torch's constructor does", () => {
    const sgd = modules.get("sgd")!;
    const message = /Nesterov momentum requires a momentum and zero dampening/;
    expect(() => sgd.makeOptimizer({ lr: 0.1, nesterov: true })).toThrow(message);
    expect(() =>
      sgd.makeOptimizer({ lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }),
    ).toThrow(message);
    expect(sgd.makeOptimizer({ lr: 0.1, momentum: 0.9, nesterov: true }).variant).toBe("nesterov");
  });

  it("a wrong hyperparameter is caught: Adam with beta1 off by 1e-6 disagrees", () => {
    const opt = modules.get("adam")!.makeOptimizer({ beta1: 0.9 + 1e-6 });
    const ref = makeReference("adam", {});
    const a = new Float64Array([1, -2]);
    const b = Float64Array.from(a);
    const [sa, sb] = [opt.init(2), ref.init(2)];
    for (let k = 0; k < 50; k++) {
      const g = new Float64Array([Math.sin(k), Math.cos(3 * k)]);
      opt.step(a, g, sa);
      ref.step(b, g, sb);
    }
    expect(Math.max(relErr(a[0], b[0]), relErr(a[1], b[1]))).toBeGreaterThan(TOL);
  });
});

interface Trace {
  readonly optimizer: ReferenceName;
  readonly hyperparameters: Record<string, number | boolean>;
  readonly problem: string;
  readonly x0: number[];
  readonly grads: number[][];
  readonly params: number[][];
}
const traces = (
  JSON.parse(readFileSync(root("test/fixtures/torch-optim-traces.json"), "utf8")) as {
    traces: Trace[];
  }
).traces;

describe("derived optimizers, compiled, replay torch.optim's recorded trajectories", () => {
  it("covers all 24 traces", () => expect(traces).toHaveLength(24));
  for (const t of traces) {
    it(`${t.optimizer} on ${t.problem} ${JSON.stringify(t.hyperparameters)}`, () => {
      const opt = modules.get(t.optimizer)!.makeOptimizer(t.hyperparameters);
      const x = Float64Array.from(t.x0);
      const state = opt.init(x.length);
      let worst = 0;
      t.grads.forEach((g, k) => {
        opt.step(x, Float64Array.from(g), state);
        t.params[k].forEach((p, i) => (worst = Math.max(worst, relErr(x[i], p))));
      });
      expect(worst).toBeLessThan(TOL);
    });
  }
});
