/**
 * Floating-point evaluation of expression trees: plain values, forward-mode derivatives (dual
 * numbers) and cancellation-free magnitudes (error scales for tolerances). Random points and
 * function models are in `random.ts`; the identity checks built on these live in `check.ts`.
 */
import { BUILTINS } from "../builtins.js";
import { type Env, type Expr, type FunctionModel, type Num, isBuiltin } from "../types.js";

export type { Env, FunctionModel, Rng } from "../types.js";
export { makeRng, randomEnv, randomFunctionModel } from "./random.js";

// ---------------------------------------------------------------------------------------------
// Numbers and symbols

const numCache = new WeakMap<Num, number>();

/** x·2^n without intermediate overflow/underflow of 2^n. */
function ldexp(x: number, n: number): number {
  while (n > 1000) {
    x *= 2 ** 1000;
    n -= 1000;
  }
  while (n < -1000) {
    x *= 2 ** -1000;
    n += 1000;
  }
  return x * 2 ** n;
}

/** p/q for big integers (q > 0) whose Number conversions overflow. */
function bigRatio(p: bigint, q: bigint): number {
  const negative = p < 0n;
  if (negative) p = -p;
  const shift = p.toString(2).length - q.toString(2).length - 64; // p/q ≈ 2^(shift+64)
  const quotient = shift >= 0 ? p / (q << BigInt(shift)) : (p << BigInt(-shift)) / q;
  const x = ldexp(Number(quotient), shift);
  return negative ? -x : x;
}

/** The float value of an exact rational string "p" or "p/q" (decimal strings are also accepted). */
export function parseRational(value: string): number {
  const m = /^([+-]?\d+)(?:\/(\d+))?$/.exec(value.trim());
  if (!m) {
    const x = Number(value);
    if (value.trim() === "" || Number.isNaN(x)) throw new Error(`invalid number "${value}"`);
    return x;
  }
  const p = Number(m[1]);
  const q = m[2] === undefined ? 1 : Number(m[2]);
  if (Number.isFinite(p) && Number.isFinite(q)) return p / q;
  return bigRatio(BigInt(m[1]), BigInt(m[2] ?? "1"));
}

function numValue(e: Num): number {
  let v = numCache.get(e);
  if (v === undefined) {
    v = parseRational(e.value);
    numCache.set(e, v);
  }
  return v;
}

function lookup(env: Env, name: string): number {
  if (!Object.hasOwn(env, name)) throw new Error(`no value for the symbol "${name}"`);
  return env[name];
}

function requireModel(model: FunctionModel | undefined, fn: string): FunctionModel {
  if (!model) throw new Error(`no function model to evaluate the abstract function "${fn}"`);
  return model;
}

/** The sorted multiset d ∪ {j}. */
function withPosition(d: readonly number[] | undefined, j: number): number[] {
  const out = d ? [...d] : [];
  let i = out.length;
  while (i > 0 && out[i - 1] > j) i--;
  out.splice(i, 0, j);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Plain evaluation

/**
 * The float value of `e` at `env`: rationals p/q as p/q, `pow(a, b)` = Math.pow(a, b), builtins
 * via Math, abstract calls `f(args)` with derivative list d as `model.value(f, d, args)`.
 * A symbol missing from `env` throws (naming it); out-of-domain results are NaN or ±Infinity.
 */
export function evaluate(e: Expr, env: Env, model?: FunctionModel): number {
  switch (e.kind) {
    case "num":
      return numValue(e);
    case "sym":
      return lookup(env, e.name);
    case "add": {
      let s = 0;
      for (const a of e.args) s += evaluate(a, env, model);
      return s;
    }
    case "mul": {
      let p = 1;
      for (const a of e.args) p *= evaluate(a, env, model);
      return p;
    }
    case "pow": {
      // b^(1/2) is sqrt(b) (Math.sqrt: NaN for b < 0 and for −∞, where Math.pow gives +∞).
      const b = evaluate(e.base, env, model);
      if (e.exp.kind === "num" && e.exp.value === "1/2") return Math.sqrt(b);
      return Math.pow(b, evaluate(e.exp, env, model));
    }
    case "call": {
      const args = e.args.map((a) => evaluate(a, env, model));
      if (isBuiltin(e.fn)) return BUILTINS[e.fn].f(args[0]);
      return requireModel(model, e.fn).value(e.fn, e.d ?? [], args);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Jets: value v, directional derivative t, magnitude m, derivative magnitude tm

interface Jet {
  readonly v: number;
  readonly t: number;
  readonly m: number;
  readonly tm: number;
}

interface JetContext {
  readonly env: Env;
  /** Direction of differentiation, or null for none (t = tm = 0). */
  readonly tangent: Env | null;
  /** Whether to compute the magnitudes m and tm. */
  readonly mag: boolean;
  readonly model?: FunctionModel;
}

/** x·y, treating 0·(±∞ or NaN) as 0 (a zero factor means "does not contribute"). */
const times = (x: number, y: number): number => (y === 0 ? 0 : x * y);

/**
 * The jet of g(a_1 … a_n) from the jets of its arguments, its value v, gradient g_j and Hessian
 * h_jk (both in the arguments; called only where they matter):
 *
 *   t  = Σ_j g_j·t_j
 *   m  = |v| + Σ_j |g_j|·m_j                                   (first-order error propagation)
 *   tm = |t| + Σ_j |g_j|·tm_j + Σ_j Σ_k |t_j|·|h_jk|·m_k
 */
function compose(
  c: JetContext,
  v: number,
  args: readonly Jet[],
  grad: (j: number) => number,
  hess: (j: number, k: number) => number,
): Jet {
  const n = args.length;
  const g = new Array<number>(n);
  let t = 0;
  let m = c.mag ? Math.abs(v) : 0;
  for (let j = 0; j < n; j++) {
    const a = args[j];
    g[j] = a.t !== 0 || (c.mag && (a.m !== 0 || a.tm !== 0)) ? grad(j) : 0;
    t += times(g[j], a.t);
    if (c.mag) m += times(Math.abs(g[j]), a.m);
  }
  let tm = 0;
  if (c.mag && c.tangent) {
    tm = Math.abs(t);
    for (let j = 0; j < n; j++) {
      tm += times(Math.abs(g[j]), args[j].tm);
      if (args[j].t === 0) continue;
      for (let k = 0; k < n; k++) {
        if (args[k].m !== 0) tm += Math.abs(args[j].t) * Math.abs(hess(j, k)) * args[k].m;
      }
    }
  }
  return { v, t, m, tm };
}

function jet(e: Expr, c: JetContext): Jet {
  switch (e.kind) {
    case "num": {
      const v = numValue(e);
      return { v, t: 0, m: Math.abs(v), tm: 0 };
    }
    case "sym": {
      const v = lookup(c.env, e.name);
      const t = c.tangent && Object.hasOwn(c.tangent, e.name) ? c.tangent[e.name] : 0;
      return { v, t, m: Math.abs(v), tm: Math.abs(t) };
    }
    case "add": {
      // m = Σ m_j (sum of magnitudes, not |Σ|), tm = Σ tm_j.
      let v = 0;
      let t = 0;
      let m = 0;
      let tm = 0;
      for (const a of e.args) {
        const j = jet(a, c);
        v += j.v;
        t += j.t;
        m += j.m;
        tm += j.tm;
      }
      return { v, t, m, tm };
    }
    case "mul": {
      // Product rule on values and, separately, on magnitudes: m = Π m_j.
      let v = 1;
      let t = 0;
      let m = 1;
      let tm = 0;
      for (const a of e.args) {
        const j = jet(a, c);
        t = times(t, j.v) + times(v, j.t);
        v *= j.v;
        tm = tm * j.m + m * j.tm;
        m *= j.m;
      }
      return { v, t, m, tm };
    }
    case "pow": {
      const b = jet(e.base, c);
      if (e.exp.kind === "num") {
        // Exact exponent p: d/db b^p = p·b^(p−1), d²/db² = p(p−1)·b^(p−2).
        const p = numValue(e.exp);
        const v = p === 0.5 ? Math.sqrt(b.v) : Math.pow(b.v, p);
        return compose(
          c,
          v,
          [b],
          () => (p === 0 ? 0 : p * Math.pow(b.v, p - 1)),
          () => (p * (p - 1) === 0 ? 0 : p * (p - 1) * Math.pow(b.v, p - 2)),
        );
      }
      // b^x: ∂_b = x·b^(x−1), ∂_x = b^x·ln b; ln |b| where only a scale is needed.
      const x = jet(e.exp, c);
      const v = Math.pow(b.v, x.v);
      const lnAbs = Math.log(Math.abs(b.v));
      const pb = (): number => (x.v === 0 ? 0 : x.v * Math.pow(b.v, x.v - 1));
      const px = (): number => (v === 0 ? 0 : v * (x.t === 0 ? lnAbs : Math.log(b.v)));
      const hess = (j: number, k: number): number => {
        if (j === 0 && k === 0) return x.v * (x.v - 1) * Math.pow(b.v, x.v - 2);
        if (j === 1 && k === 1) return v * lnAbs * lnAbs;
        return Math.pow(b.v, x.v - 1) * (1 + x.v * lnAbs);
      };
      return compose(c, v, [b, x], (j) => (j === 0 ? pb() : px()), hess);
    }
    case "call": {
      const args = e.args.map((a) => jet(a, c));
      if (isBuiltin(e.fn)) {
        const u = BUILTINS[e.fn];
        const a = args[0].v;
        const v = u.f(a);
        return compose(
          c,
          v,
          args,
          () => u.d1(a, v),
          () => u.d2(a, v),
        );
      }
      // Abstract: ∂f/∂u_j = model.value(f, d ∪ {j}, args), ∂²f/∂u_j∂u_k = model(f, d ∪ {j, k}).
      const model = requireModel(c.model, e.fn);
      const vals = args.map((a) => a.v);
      const d = e.d ?? [];
      return compose(
        c,
        model.value(e.fn, d, vals),
        args,
        (j) => model.value(e.fn, withPosition(d, j), vals),
        (j, k) => model.value(e.fn, withPosition(withPosition(d, j), k), vals),
      );
    }
  }
}

/**
 * Forward-mode automatic differentiation: `value` = e at `env` and `deriv` = the directional
 * derivative Σ_s (∂e/∂s)·tangent[s] (symbols absent from `tangent` have derivative 0), by the
 * chain rule node by node: (a+b)' = a'+b', (ab)' = a'b + ab', (b^p)' = p·b^(p−1)·b',
 * (b^x)' = x·b^(x−1)·b' + b^x·ln b·x', g(a)' = g'(a)·a', and for abstract functions
 * (∂^d f)(u)' = Σ_j model.value(f, sorted(d ∪ {j}), u)·u_j'.
 */
export function evaluateDual(
  e: Expr,
  env: Env,
  tangent: Env,
  model?: FunctionModel,
): { value: number; deriv: number } {
  const j = jet(e, { env, tangent, mag: false, model });
  return { value: j.v, deriv: j.t };
}

/**
 * A cancellation-free scale of e at `env` (rounding errors in evaluating e are ~ ε·magnitude):
 * |num|, |sym|; a sum gives the sum of its terms' magnitudes, a product the product of its
 * factors' magnitudes; a function g of arguments a_j (builtins, pow, abstract functions) gives
 * |g| + Σ_j |∂g/∂a_j|·magnitude(a_j) (first-order error propagation).
 */
export function magnitude(e: Expr, env: Env, model?: FunctionModel): number {
  return jet(e, { env, tangent: null, mag: true, model }).m;
}

/**
 * The magnitudes matching {@link evaluateDual}: `value` = magnitude(e) and `deriv` a
 * cancellation-free scale of the directional derivative: |t| for a symbol's tangent t, sums of
 * magnitudes for sums, the product rule on magnitudes for products, and for g(a_1 … a_n)
 * |g'·a'| + Σ_j |∂_j g|·deriv(a_j) + Σ_j Σ_k |a_j'|·|∂_j∂_k g|·magnitude(a_k).
 */
export function magnitudeDual(
  e: Expr,
  env: Env,
  tangent: Env,
  model?: FunctionModel,
): { value: number; deriv: number } {
  const j = jet(e, { env, tangent, mag: true, model });
  return { value: j.m, deriv: j.tm };
}
