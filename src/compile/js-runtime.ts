/**
 * The fixed part of a generated JavaScript module: hyperparameter resolution, input validation and
 * the finite-value check. The module defines the data these read — NAME (the rule's name),
 * HYPERPARAMETERS ({name, type, default} in order), TUPLES (torch's grouped names, e.g. betas →
 * beta1, beta2) and STATE (state variable names) — before this text. No template literals and no
 * regular expressions, so tests can strip the strings and comments of a module and scan the rest.
 */

/** Shared by optimizers and integrators. */
export const COMMON_RUNTIME = String.raw`
const VALID = new Set(HYPERPARAMETERS.map(function (p) { return p.name; }));

function describe(x) {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (ArrayBuffer.isView(x)) return "a " + Object.prototype.toString.call(x).slice(8, -1);
  if (typeof x === "number") return String(x);
  if (typeof x === "string") return "the string " + JSON.stringify(x);
  return "a " + typeof x;
}

function resolveHyper(hyper) {
  if (hyper === undefined) hyper = {};
  if (hyper === null || typeof hyper !== "object" || Array.isArray(hyper)) {
    throw new TypeError(NAME + ": the hyperparameters must be an object (got " + describe(hyper) + ")");
  }
  for (const key of Object.keys(hyper)) {
    if (!VALID.has(key)) {
      const split = Object.hasOwn(TUPLES, key) ? " (" + key + " are given split: " + TUPLES[key].join(", ") + ")" : "";
      throw new Error(NAME + ": unknown hyperparameter '" + key + "'" + split + "; valid: " + HYPERPARAMETERS.map(function (p) { return p.name; }).join(", "));
    }
  }
  const out = {};
  for (const p of HYPERPARAMETERS) {
    const given = Object.hasOwn(hyper, p.name) && hyper[p.name] !== undefined;
    const value = given ? hyper[p.name] : p.default;
    if (value === null) throw new Error(NAME + ": hyperparameter '" + p.name + "' is required (it has no default)");
    if (typeof value !== p.type) {
      throw new TypeError(NAME + ": hyperparameter '" + p.name + "' must be a " + p.type + " (got " + describe(value) + ")");
    }
    if (p.type === "number" && !Number.isFinite(value)) {
      throw new RangeError(NAME + ": hyperparameter '" + p.name + "' must be finite (got " + value + ")");
    }
    Object.defineProperty(out, p.name, { value: value, enumerable: true });
  }
  return Object.freeze(out);
}

function checkOptions(options, what) {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== "object") {
    throw new TypeError(NAME + ": " + what + " must be an object (got " + describe(options) + ")");
  }
  for (const key of Object.keys(options)) {
    if (key !== "checkFinite") throw new Error(NAME + ": unknown option '" + key + "' in " + what + "; valid: checkFinite");
  }
  const c = options.checkFinite;
  if (c !== undefined && typeof c !== "boolean") {
    throw new TypeError(NAME + ": option checkFinite must be a boolean (got " + describe(c) + ")");
  }
  return c;
}

function setOwn(target, key, value) {
  Object.defineProperty(target, key, { value: value, enumerable: true, writable: true, configurable: true });
}
`;

/** Optimizers: arrays of parameters and gradients, per-element state buffers. */
export const OPTIMIZER_RUNTIME = String.raw`
function checkArray(x, what) {
  if (!(x instanceof Float64Array || x instanceof Float32Array)) {
    throw new TypeError(NAME + ".step: " + what + " must be a Float64Array or a Float32Array (got " + describe(x) + ")");
  }
}

function checkInputs(params, grads, state) {
  checkArray(params, "params");
  checkArray(grads, "grads");
  const n = params.length;
  if (grads.length !== n) throw new RangeError(NAME + ".step: " + grads.length + " gradients for " + n + " parameters");
  if (state === null || typeof state !== "object") throw new TypeError(NAME + ".step: state must be the object init(n) returned (got " + describe(state) + ")");
  if (!Number.isSafeInteger(state.step) || state.step < 0) throw new TypeError(NAME + ".step: state.step must be a non-negative integer (got " + describe(state.step) + ")");
  for (let j = 0; j < STATE.length; j++) {
    const name = STATE[j];
    const b = Object.hasOwn(state, name) ? state[name] : undefined;
    if (!(b instanceof Float64Array) || b.length !== n) {
      throw new TypeError(NAME + ".step: state." + name + " must be a Float64Array of length " + n + " (got " + describe(b) + (b && b.length !== undefined ? " of length " + b.length : "") + ")");
    }
  }
  return n;
}

function init(n) {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(NAME + ".init: n must be a non-negative integer (got " + describe(n) + ")");
  const state = { step: 0 };
  for (let j = 0; j < STATE.length; j++) setOwn(state, STATE[j], new Float64Array(n).fill(INIT[j]));
  return state;
}

function firstNonFinite(a, limit) {
  for (let i = 0; i < limit; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

function checkFinite(params, state) {
  let at = firstNonFinite(params, params.length);
  let what = "parameter";
  let value = at >= 0 ? params[at] : 0;
  for (const name of STATE) {
    const b = state[name];
    const j = firstNonFinite(b, at >= 0 ? at : b.length);
    if (j >= 0) {
      at = j;
      what = "state " + name;
      value = b[j];
    }
  }
  if (at >= 0) {
    throw new RangeError(NAME + ".step: step " + state.step + " produced a non-finite " + what + " at index " + at + " (" + value + ")");
  }
}
`;

/**
 * Integrators: a state object of named numbers. init checks every name and value; a step checks,
 * without allocating, that each state variable is an own number and the step count an integer.
 */
export const INTEGRATOR_RUNTIME = String.raw`
function checkState(state, what, withStep) {
  if (state === null || typeof state !== "object") throw new TypeError(NAME + ": " + what + " must be an object (got " + describe(state) + ")");
  if (!withStep) {
    for (const key of Object.keys(state)) {
      if (STATE.indexOf(key) < 0) throw new Error(NAME + ": unknown state variable '" + key + "' in " + what + "; valid: " + STATE.join(", "));
    }
  }
  for (let j = 0; j < STATE.length; j++) {
    const name = STATE[j];
    if (!Object.hasOwn(state, name)) throw new Error(NAME + ": " + what + " has no value for '" + name + "' (needs " + STATE.join(", ") + ")");
    const x = state[name];
    if (typeof x !== "number" || (!withStep && !Number.isFinite(x))) throw new TypeError(NAME + ": " + what + "." + name + " must be a finite number (got " + describe(x) + ")");
  }
  if (withStep && (!Number.isSafeInteger(state.step) || state.step < 0)) {
    throw new TypeError(NAME + ": state.step must be a non-negative integer (got " + describe(state.step) + ")");
  }
}

function init(state0) {
  checkState(state0, "state0", false);
  const state = { step: 0 };
  for (const name of STATE) setOwn(state, name, state0[name]);
  return state;
}

function checkFinite(state) {
  for (const name of STATE) {
    if (!Number.isFinite(state[name])) {
      throw new RangeError(NAME + ".step: step " + state.step + " produced a non-finite " + name + " (" + state[name] + ")");
    }
  }
}
`;
