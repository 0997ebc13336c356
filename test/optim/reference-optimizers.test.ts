/**
 * The hand-written reference optimizers (test/support/optimizers.ts) replay torch.optim's own
 * trajectories: `test/fixtures/torch-optim-traces.json` (torch.optim 1.13, float64,
 * foreach=False; see test/fixtures/README.md) holds 3 problems × 8 settings × 300 steps. Starting
 * from `x0` and feeding the recorded gradients, every step's parameters must match torch's within
 * 1e-10·max(1, |x|). Deliberately wrong variants must fail the same replay, so the check has teeth.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Hyper, makeReference, type ReferenceState } from "../support/optimizers.js";

interface Trace {
  readonly optimizer: string;
  readonly hyperparameters: Hyper;
  readonly problem: string;
  readonly x0: number[];
  readonly grads: number[][];
  readonly params: number[][];
}

const fixturePath = fileURLToPath(new URL("../fixtures/torch-optim-traces.json", import.meta.url));
const traces = (JSON.parse(readFileSync(fixturePath, "utf8")) as { traces: Trace[] }).traces;

const TOL = 1e-10;

type Step = (params: Float64Array, grads: Float64Array, state: ReferenceState) => void;

/**
 * Replay a trace with `step`: the largest error over all steps and elements, each scaled by
 * max(1, |x_torch|), and the first step at which it exceeded TOL (0 if never).
 */
function replay(trace: Trace, init: (n: number) => ReferenceState, step: Step) {
  const params = Float64Array.from(trace.x0);
  const state = init(params.length);
  let worst = 0;
  let firstBad = 0;
  trace.grads.forEach((g, k) => {
    step(params, Float64Array.from(g), state);
    trace.params[k].forEach((x, i) => {
      const err = Math.abs(params[i] - x) / Math.max(1, Math.abs(x));
      if (err > TOL && firstBad === 0) firstBad = k + 1;
      worst = Math.max(worst, err);
    });
  });
  return { worst, firstBad };
}

const settingLabel = (h: Hyper): string =>
  Object.entries(h)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");

describe("torch.optim traces replayed by the hand-written reference optimizers", () => {
  it("holds 3 problems × 8 settings × 300 steps", () => {
    expect(traces).toHaveLength(24);
    expect(new Set(traces.map((t) => t.problem))).toEqual(
      new Set(["rosenbrock", "quad8", "logreg"]),
    );
    for (const t of traces) {
      expect(t.grads).toHaveLength(300);
      expect(t.params).toHaveLength(300);
    }
  });

  for (const trace of traces) {
    const label = `${trace.optimizer} (${settingLabel(trace.hyperparameters)}) on ${trace.problem} matches torch at every step`;
    it(label, () => {
      const opt = makeReference(trace.optimizer, trace.hyperparameters);
      const { worst, firstBad } = replay(trace, opt.init, opt.step);
      expect(firstBad).toBe(0);
      expect(worst).toBeLessThan(TOL);
    });
  }
});

describe("negative controls: wrong variants fail the replay", () => {
  const find = (optimizer: string, problem: string, pred: (h: Hyper) => boolean): Trace => {
    const t = traces.find(
      (x) => x.optimizer === optimizer && x.problem === problem && pred(x.hyperparameters),
    );
    if (!t) throw new Error(`no ${optimizer} trace on ${problem}`);
    return t;
  };

  it("Adam without bias correction drifts from torch on the first step", () => {
    const trace = find("adam", "rosenbrock", () => true);
    const h = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, ...trace.hyperparameters } as Record<
      string,
      number
    >;
    const noBiasCorrection: Step = (p, g, s) => {
      const m = s.buffers.exp_avg as Float64Array;
      const v = s.buffers.exp_avg_sq as Float64Array;
      s.step += 1;
      for (let i = 0; i < p.length; i++) {
        m[i] = h.beta1 * m[i] + (1 - h.beta1) * g[i];
        v[i] = h.beta2 * v[i] + (1 - h.beta2) * g[i] * g[i];
        p[i] -= (h.lr * m[i]) / (Math.sqrt(v[i]) + h.eps);
      }
    };
    const { worst, firstBad } = replay(trace, makeReference("adam").init, noBiasCorrection);
    expect(firstBad).toBe(1);
    expect(worst).toBeGreaterThan(1e-4);
  });

  it("AdamW's decay applied as Adam's L2 term (coupled) fails AdamW's trace", () => {
    const trace = find("adamw", "quad8", () => true);
    const coupled = makeReference("adam", trace.hyperparameters);
    expect(replay(trace, coupled.init, coupled.step).firstBad).toBeGreaterThan(0);
  });

  it("plain RMSprop fails the centered trace, and plain momentum fails the Nesterov trace", () => {
    const centered = find("rmsprop", "logreg", (h) => h.centered === true);
    const plain = makeReference("rmsprop", { ...centered.hyperparameters, centered: false });
    expect(replay(centered, plain.init, plain.step).firstBad).toBeGreaterThan(0);
    const nesterov = find("sgd", "rosenbrock", (h) => h.nesterov === true);
    const heavyBall = makeReference("sgd", { ...nesterov.hyperparameters, nesterov: false });
    expect(replay(nesterov, heavyBall.init, heavyBall.step).firstBad).toBe(1);
  });
});

describe("torch's conventions the traces do not exercise", () => {
  it("SGD's first step sets the momentum buffer to the gradient, without dampening", () => {
    const opt = makeReference("sgd", { lr: 0.1, momentum: 0.9, dampening: 0.5 });
    const p = Float64Array.of(1);
    const s = opt.init(1);
    opt.step(p, Float64Array.of(2), s);
    expect(s.buffers.momentum_buffer?.[0]).toBe(2);
    expect(p[0]).toBeCloseTo(1 - 0.1 * 2, 15);
    opt.step(p, Float64Array.of(4), s);
    expect(s.buffers.momentum_buffer?.[0]).toBeCloseTo(0.9 * 2 + 0.5 * 4, 15);
  });

  it("Adam's weight_decay adds λθ to the gradient; AdamW multiplies θ by 1 − lr·λ first", () => {
    const adam = makeReference("adam", { lr: 0.1, weight_decay: 0.5 });
    const adamw = makeReference("adamw", { lr: 0.1, weight_decay: 0.5 });
    const pa = Float64Array.of(2);
    const pw = Float64Array.of(2);
    // Zero gradient: Adam still steps (g = λθ = 1, first step moves by ≈ lr), AdamW only decays.
    adam.step(pa, Float64Array.of(0), adam.init(1));
    adamw.step(pw, Float64Array.of(0), adamw.init(1));
    expect(pa[0]).toBeCloseTo(2 - 0.1, 6);
    expect(pw[0]).toBe(2 * (1 - 0.1 * 0.5));
  });
});

describe("hyperparameter errors", () => {
  it("an unknown hyperparameter name throws, listing the valid ones", () => {
    expect(() => makeReference("adam", { betas: 0.9 })).toThrow(
      "unknown hyperparameter 'betas' for adam; valid: lr, beta1, beta2, eps, weight_decay",
    );
    expect(() => makeReference("rmsprop", { nesterov: true })).toThrow(
      "valid: lr, alpha, eps, weight_decay, momentum, centered",
    );
  });

  it("SGD needs lr (torch 1.13 has no default), and Nesterov needs momentum without dampening", () => {
    expect(() => makeReference("sgd", { momentum: 0.9 })).toThrow("'lr' is required");
    expect(() => makeReference("sgd", { lr: 0.1, nesterov: true })).toThrow("Nesterov");
    expect(() => makeReference("lion")).toThrow("valid: adam, adamw, rmsprop, sgd");
  });
});
