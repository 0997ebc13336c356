/**
 * High-precision evaluation (decimal.js, 60 significant digits), for re-checking a point where a
 * floating-point comparison failed: an expanded form such as (x + y + z + a)^25 loses every digit
 * to cancellation in doubles but not in 60 digits. Like `evaluate.ts`, this knows nothing of the
 * algebra it checks (no canonical form, no symbolic derivative): values and directional derivatives
 * (forward mode, as with the dual numbers of evaluate.ts) come from the tree.
 */
import { Decimal } from "decimal.js";
import { BUILTINS } from "../builtins.js";
import { type Env, type Expr, type FunctionModel, isBuiltin } from "../types.js";

/** The decimal type used for re-checks: 60 significant digits, exponents far beyond a double's. */
export const Precise = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
export type PreciseNumber = Decimal;

/** A point whose coordinates may already be high-precision numbers. */
export type PreciseEnv = Readonly<Record<string, number | Decimal>>;

function power(b: Decimal, x: Decimal): Decimal {
  if (x.isInteger()) return b.pow(x);
  // A fractional power of a negative number is undefined (NaN), as with Math.pow.
  if (b.isNegative()) return new Precise(NaN);
  return b.pow(x);
}

/**
 * The value of `e` at `env` in 60 digits: rationals exactly (to 60 digits), builtins by decimal.js,
 * abstract functions by `model.precise` (a model without one throws). A symbol missing from `env`
 * throws; out-of-domain results are NaN or ±Infinity.
 */
export function evaluatePrecise(e: Expr, env: PreciseEnv, model?: FunctionModel): Decimal {
  switch (e.kind) {
    case "num": {
      const [p, q] = e.value.split("/");
      return q === undefined ? new Precise(p) : new Precise(p).div(q);
    }
    case "sym": {
      if (!Object.hasOwn(env, e.name)) throw new Error(`no value for the symbol "${e.name}"`);
      return new Precise(env[e.name]);
    }
    case "add":
      return e.args.reduce((s, a) => s.add(evaluatePrecise(a, env, model)), new Precise(0));
    case "mul":
      return e.args.reduce((p, a) => p.mul(evaluatePrecise(a, env, model)), new Precise(1));
    case "pow":
      return power(evaluatePrecise(e.base, env, model), evaluatePrecise(e.exp, env, model));
    case "call": {
      const args = e.args.map((a) => evaluatePrecise(a, env, model));
      if (isBuiltin(e.fn)) return BUILTINS[e.fn].precise(args[0]);
      if (!model?.precise) {
        throw new Error(`no high-precision model of the abstract function "${e.fn}"`);
      }
      return model.precise(e.fn, e.d ?? [], args);
    }
  }
}

/** A value and its directional derivative, in 60 digits. */
interface Dual {
  readonly v: Decimal;
  readonly t: Decimal;
}

const ZERO = new Precise(0);

/** The sorted multiset d ∪ {j}. */
const withPosition = (d: readonly number[], j: number): number[] => [...d, j].sort((p, q) => p - q);

/** Forward-mode differentiation in 60 digits: the chain rule node by node, as in evaluate.ts. */
function dual(e: Expr, env: Env, tangent: Env, model?: FunctionModel): Dual {
  switch (e.kind) {
    case "num":
    case "sym": {
      const v = evaluatePrecise(e, env, model);
      const t = e.kind === "sym" && Object.hasOwn(tangent, e.name) ? tangent[e.name] : 0;
      return { v, t: new Precise(t) };
    }
    case "add":
      return e.args
        .map((a) => dual(a, env, tangent, model))
        .reduce((s, a) => ({ v: s.v.add(a.v), t: s.t.add(a.t) }), { v: ZERO, t: ZERO });
    case "mul":
      return e.args
        .map((a) => dual(a, env, tangent, model))
        .reduce((p, a) => ({ v: p.v.mul(a.v), t: p.t.mul(a.v).add(p.v.mul(a.t)) }), {
          v: new Precise(1),
          t: ZERO,
        });
    case "pow": {
      // (b^x)' = x·b^(x−1)·b' + b^x·ln b·x' (each term only where its tangent is nonzero).
      const b = dual(e.base, env, tangent, model);
      const x = dual(e.exp, env, tangent, model);
      const v = power(b.v, x.v);
      let t = ZERO;
      if (!b.t.isZero()) t = t.add(x.v.mul(power(b.v, x.v.sub(1))).mul(b.t));
      if (!x.t.isZero()) t = t.add(v.mul(b.v.ln()).mul(x.t));
      return { v, t };
    }
    case "call": {
      const args = e.args.map((a) => dual(a, env, tangent, model));
      if (isBuiltin(e.fn)) {
        const a = args[0];
        const row = BUILTINS[e.fn];
        const v = row.precise(a.v);
        return { v, t: a.t.isZero() ? ZERO : row.preciseD1(a.v, v).mul(a.t) };
      }
      if (!model?.precise) {
        throw new Error(`no high-precision model of the abstract function "${e.fn}"`);
      }
      const d = e.d ?? [];
      const at = args.map((a) => a.v);
      let t = ZERO;
      args.forEach((a, j) => {
        if (!a.t.isZero()) t = t.add(model.precise!(e.fn, withPosition(d, j), at).mul(a.t));
      });
      return { v: model.precise(e.fn, d, at), t };
    }
  }
}

/**
 * The directional derivative Σ_s (∂e/∂s)·tangent[s] of `e` at `env` in 60 digits, by forward-mode
 * differentiation (the same rules as `evaluateDual`, none of the symbolic differentiation it checks).
 */
export function derivativePrecise(e: Expr, env: Env, tangent: Env, model?: FunctionModel): Decimal {
  return dual(e, env, tangent, model).t;
}
