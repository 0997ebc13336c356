/**
 * Hand-written reference optimizers: Adam, AdamW, RMSprop and SGD (momentum, dampening, Nesterov),
 * written directly from the published algorithms as torch.optim 1.13 implements them (float64,
 * `foreach=False`, the single-tensor code path), including torch's first-step conventions and the
 * order of its operations. Test code only: these are the independent route that derived and
 * compiled update rules are checked against, so nothing here is generated or imported from `src/`.
 *
 * Every optimizer is `makeReference(name, hyper)` → `{ init(n) → state, step(params, grads, state) }`;
 * `step` updates `params` in place, elementwise. Hyperparameters use torch's names (`betas` split
 * into `beta1`, `beta2`) with torch's defaults; an unknown name throws, listing the valid ones.
 * Notation below: θ parameters, g gradient, t the step count (1 on the first step), γ = lr,
 * λ = weight_decay, μ = momentum, τ = dampening.
 */

/** The optimizers torch.optim offers that this file implements. */
export type ReferenceName = "adam" | "adamw" | "rmsprop" | "sgd";

/** Hyperparameters by torch's names; booleans for `centered` and `nesterov`. */
export type Hyper = Readonly<Record<string, number | boolean>>;

/** Per-parameter optimizer state: the step count and torch's named buffers (null until created). */
export interface ReferenceState {
  step: number;
  readonly buffers: Record<string, Float64Array | null>;
}

/** A reference optimizer: `init(n)` gives the state for n parameters, `step` updates in place. */
export interface ReferenceOptimizer {
  readonly name: ReferenceName;
  readonly hyper: Readonly<Record<string, number | boolean>>;
  init(n: number): ReferenceState;
  step(params: Float64Array, grads: Float64Array, state: ReferenceState): void;
}

/** torch.optim 1.13's defaults. SGD's `lr` has none there (`required`): it must be given. */
const DEFAULTS: Record<ReferenceName, Record<string, number | boolean | undefined>> = {
  adam: { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 },
  adamw: { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 1e-2 },
  rmsprop: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false },
  sgd: { lr: undefined, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false },
};

const BOOLEAN = new Set(["centered", "nesterov"]);

/** Merge `hyper` over torch's defaults, refusing unknown names and values of the wrong type. */
function resolve(name: ReferenceName, hyper: Hyper): Record<string, number | boolean> {
  const defaults = DEFAULTS[name];
  const valid = Object.keys(defaults);
  const out: Record<string, number | boolean> = {};
  for (const key of Object.keys(hyper)) {
    if (!Object.hasOwn(defaults, key)) {
      throw new Error(`unknown hyperparameter '${key}' for ${name}; valid: ${valid.join(", ")}`);
    }
  }
  for (const key of valid) {
    const value = Object.hasOwn(hyper, key) ? hyper[key] : defaults[key];
    if (value === undefined) throw new Error(`${name}: hyperparameter '${key}' is required`);
    const wanted = BOOLEAN.has(key) ? "boolean" : "number";
    if (typeof value !== wanted || (wanted === "number" && !Number.isFinite(value))) {
      throw new Error(`${name}: hyperparameter '${key}' must be a finite ${wanted}`);
    }
    out[key] = value;
  }
  return out;
}

type Resolved = Readonly<Record<string, number | boolean>>;
type StepArgs = [params: Float64Array, grads: Float64Array, state: ReferenceState];
const num = (h: Resolved, key: string): number => h[key] as number;

/**
 * Adam (torch.optim.Adam, amsgrad=False, maximize=False). At step t:
 *   g ← g + λθ                       (if λ ≠ 0: L2 weight decay added to the gradient)
 *   m ← β1·m + (1 − β1)·g            (m₀ = 0)
 *   v ← β2·v + (1 − β2)·g²           (v₀ = 0)
 *   θ ← θ − (γ / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * AdamW (torch.optim.AdamW) first decays the parameters, decoupled from the gradient:
 *   θ ← θ·(1 − γλ),   then the Adam step above with no L2 term.
 */
function adamStep(h: Resolved, decoupled: boolean, ...[params, grads, state]: StepArgs): void {
  const { lr, beta1, beta2, eps, weight_decay: wd } = h as Record<string, number>;
  const m = state.buffers.exp_avg as Float64Array;
  const v = state.buffers.exp_avg_sq as Float64Array;
  state.step += 1;
  const t = state.step;
  const biasCorrection1 = 1 - beta1 ** t;
  const biasCorrection2 = 1 - beta2 ** t;
  const stepSize = lr / biasCorrection1;
  const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
  for (let i = 0; i < params.length; i++) {
    if (decoupled) params[i] = params[i] * (1 - lr * wd);
    const g = !decoupled && wd !== 0 ? grads[i] + wd * params[i] : grads[i];
    m[i] = m[i] * beta1 + (1 - beta1) * g;
    v[i] = v[i] * beta2 + (1 - beta2) * g * g;
    const denom = Math.sqrt(v[i]) / biasCorrection2Sqrt + eps;
    params[i] = params[i] + -stepSize * (m[i] / denom);
  }
}

/**
 * RMSprop (torch.optim.RMSprop). At each step:
 *   g ← g + λθ                                   (if λ ≠ 0)
 *   s ← α·s + (1 − α)·g²                         (square_avg, s₀ = 0)
 *   centered: ḡ ← α·ḡ + (1 − α)·g, a = √(s − ḡ²) + ε   (grad_avg, ḡ₀ = 0)
 *   otherwise:                      a = √s + ε
 *   μ > 0:  b ← μ·b + g/a,  θ ← θ − γ·b              (momentum_buffer, b₀ = 0)
 *   μ = 0:  θ ← θ − γ·g/a
 */
function rmspropStep(h: Resolved, ...[params, grads, state]: StepArgs): void {
  const { lr, alpha, eps, weight_decay: wd, momentum } = h as Record<string, number>;
  const centered = h.centered === true;
  const s = state.buffers.square_avg as Float64Array;
  const gAvg = state.buffers.grad_avg;
  const buf = state.buffers.momentum_buffer;
  state.step += 1;
  for (let i = 0; i < params.length; i++) {
    const g = wd !== 0 ? grads[i] + wd * params[i] : grads[i];
    s[i] = s[i] * alpha + (1 - alpha) * g * g;
    let avg: number;
    if (centered && gAvg) {
      gAvg[i] = gAvg[i] * alpha + (1 - alpha) * g;
      avg = Math.sqrt(s[i] + -1 * gAvg[i] * gAvg[i]) + eps;
    } else {
      avg = Math.sqrt(s[i]) + eps;
    }
    if (momentum > 0 && buf) {
      buf[i] = buf[i] * momentum + g / avg;
      params[i] = params[i] + -lr * buf[i];
    } else {
      params[i] = params[i] + -lr * (g / avg);
    }
  }
}

/**
 * SGD (torch.optim.SGD, maximize=False). At each step:
 *   d ← g + λθ                                   (if λ ≠ 0)
 *   μ ≠ 0:  b ← d on the first step (torch clones d: no dampening), later b ← μ·b + (1 − τ)·d;
 *           d ← d + μ·b if nesterov, else d ← b
 *   θ ← θ − γ·d
 * Nesterov requires μ > 0 and τ = 0 (torch raises otherwise; so does this).
 */
function sgdStep(h: Resolved, ...[params, grads, state]: StepArgs): void {
  const { lr, momentum, dampening, weight_decay: wd } = h as Record<string, number>;
  const nesterov = h.nesterov === true;
  const first = state.step === 0;
  const buf = state.buffers.momentum_buffer;
  state.step += 1;
  for (let i = 0; i < params.length; i++) {
    let d = wd !== 0 ? grads[i] + wd * params[i] : grads[i];
    if (momentum !== 0 && buf) {
      buf[i] = first ? d : buf[i] * momentum + (1 - dampening) * d;
      d = nesterov ? d + momentum * buf[i] : buf[i];
    }
    params[i] = params[i] + -lr * d;
  }
}

/** The buffers torch keeps in `optimizer.state[p]` for each optimizer and setting. */
function buffersFor(
  name: ReferenceName,
  h: Record<string, number | boolean>,
  n: number,
): Record<string, Float64Array | null> {
  const zeros = (): Float64Array => new Float64Array(n);
  switch (name) {
    case "adam":
    case "adamw":
      return { exp_avg: zeros(), exp_avg_sq: zeros() };
    case "rmsprop":
      return {
        square_avg: zeros(),
        grad_avg: h.centered === true ? zeros() : null,
        momentum_buffer: num(h, "momentum") > 0 ? zeros() : null,
      };
    case "sgd":
      return { momentum_buffer: num(h, "momentum") !== 0 ? zeros() : null };
  }
}

/**
 * The reference optimizer `name` with hyperparameters `hyper` (torch's names, torch's defaults).
 * Throws on an unknown optimizer or hyperparameter name (listing the valid ones), a value of the
 * wrong type, a missing SGD `lr`, or Nesterov without momentum or with dampening.
 */
export function makeReference(name: string, hyper: Hyper = {}): ReferenceOptimizer {
  if (!Object.hasOwn(DEFAULTS, name)) {
    throw new Error(`unknown optimizer '${name}'; valid: ${Object.keys(DEFAULTS).join(", ")}`);
  }
  const which = name as ReferenceName;
  const h = resolve(which, hyper);
  if (
    which === "sgd" &&
    h.nesterov === true &&
    (num(h, "momentum") <= 0 || num(h, "dampening") !== 0)
  ) {
    throw new Error("sgd: Nesterov momentum requires a momentum and zero dampening");
  }
  return {
    name: which,
    hyper: h,
    init: (n) => ({ step: 0, buffers: buffersFor(which, h, n) }),
    step(params, grads, state) {
      if (grads.length !== params.length) {
        throw new Error(`${which}: ${grads.length} gradients for ${params.length} parameters`);
      }
      switch (which) {
        case "adam":
          return adamStep(h, false, params, grads, state);
        case "adamw":
          return adamStep(h, true, params, grads, state);
        case "rmsprop":
          return rmspropStep(h, params, grads, state);
        case "sgd":
          return sgdStep(h, params, grads, state);
      }
    },
  };
}
