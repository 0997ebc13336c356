/**
 * Numeric identity checks: every derivation step and every CAS answer is verified by evaluating
 * both sides at random points (parameters and abstract functions drawn at random too). All checks
 * share one loop, {@link checkAtPoints}; a point where the doubles disagree is evaluated again in
 * 60 digits (precise.ts) before it is declared a mismatch, so cancellation cannot fail a check.
 */
import {
  type Env,
  type FunctionModel,
  evaluate,
  evaluateDual,
  magnitude,
  magnitudeDual,
  makeRng,
  randomEnv,
  randomFunctionModel,
} from "./evaluate.js";
import { derivativePrecise, evaluatePrecise } from "./precise.js";
import { type Expr, type Rng, abstractFunctions, symbols } from "../types.js";

/**
 * A hook that moves a drawn point (e.g. into the domain of a branch): it receives the random point
 * (positivity already applied), the function model and the PRNG, and returns the point to check, or
 * null to skip it (counted as a draw, not as a valid point).
 */
export type DrawHook = (
  env: Record<string, number>,
  model: FunctionModel,
  rng: Rng,
) => Record<string, number> | null;

/**
 * How a check callback evaluates expressions: in doubles, or — when the loop re-checks a point
 * whose doubles disagreed — in 60 digits, each result rounded once to a double.
 */
export interface Evaluator {
  /** True for the high-precision re-check. */
  readonly precise: boolean;
  /** The value of `e` at `env` (see evaluate.ts). */
  evaluate(e: Expr, env: Env, model?: FunctionModel): number;
  /** The directional derivative of `e` along `tangent` at `env`. */
  derivative(e: Expr, env: Env, tangent: Env, model?: FunctionModel): number;
}

/** Doubles; derivatives by forward-mode automatic differentiation (dual numbers). */
export const floatEvaluator: Evaluator = {
  precise: false,
  evaluate,
  derivative: (e, env, tangent, model) => evaluateDual(e, env, tangent, model).deriv,
};

/**
 * 60 digits rounded to doubles; derivatives by forward-mode differentiation in 60 digits.
 * `magnitude` is the largest cancellation-free magnitude of what it evaluated: 60 digits are exact
 * to ~1e-58 of it, so a re-check treats differences below {@link PRECISE_FLOOR} of it as zero.
 */
export function preciseEvaluator(): Evaluator & { readonly magnitude: number } {
  let largest = 0;
  const note = (m: number): void => {
    if (Number.isFinite(m)) largest = Math.max(largest, Math.abs(m));
  };
  return {
    precise: true,
    get magnitude() {
      return largest;
    },
    evaluate(e, env, model) {
      note(magnitude(e, env, model));
      return evaluatePrecise(e, env, model).toNumber();
    },
    derivative(e, env, tangent, model) {
      note(magnitudeDual(e, env, tangent, model).deriv);
      return derivativePrecise(e, env, tangent, model).toNumber();
    },
  };
}

export interface CheckOptions {
  /** Number of valid (finite) points that must agree. Default 4. */
  points?: number;
  /** Relative tolerance. Default 1e-9. */
  rtol?: number;
  /** PRNG seed; the same seed gives the same points and function model. Default 1. */
  seed?: number;
  /** Symbols held at given values instead of drawn. */
  fixed?: Env;
  /** The model of the abstract functions; by default a random one drawn from the same PRNG. */
  model?: FunctionModel;
  /** Maximum number of random points drawn while looking for valid ones. Default 200. */
  maxTries?: number;
  /** Arities of abstract functions to model beyond those found in the expressions. */
  functions?: ReadonlyMap<string, number>;
  /** Symbols to draw beyond those found in the expressions (e.g. ones a tangent reads). */
  extraSymbols?: Iterable<string>;
  /** Symbols drawn positive only (a claim that holds under an assumption such as m > 0). */
  positive?: Iterable<string>;
  /** Moves each drawn point before it is checked (see {@link DrawHook}). */
  draw?: DrawHook;
}

/** The first point at which a check failed. */
export interface Mismatch {
  env: Record<string, number>;
  lhs: number;
  rhs: number;
  /** The scale the tolerance was relative to: max(|lhs|, |rhs|, the claim's own scale). */
  scale: number;
  /** Whether lhs and rhs are the high-precision values (the re-check ran and disagreed too). */
  precise: boolean;
  /** For derivative checks: the direction differentiated along at that point. */
  tangent?: Env;
}

const DEFAULT_SEED = 1;
/** Absolute tolerance floor, so that exact zeros on both sides agree. */
const ABS_FLOOR = 1e-300;
/** In a 60-digit re-check, differences below this fraction of the magnitudes evaluated are zero. */
export const PRECISE_FLOOR = 1e-40;

/** |lhs − rhs| ≤ max(rtol · max(|lhs|, |rhs|, |scale|), floor); and the scale used. */
function agree(
  lhs: number,
  rhs: number,
  s: number,
  rtol: number,
  floor: number,
): [boolean, number] {
  const scale = Math.max(Math.abs(lhs), Math.abs(rhs), Math.abs(s));
  return [Math.abs(lhs - rhs) <= Math.max(rtol * scale, floor, ABS_FLOOR), scale];
}

/**
 * The shared check loop. Draws a function model (unless `opts.model` is given: from the seeded
 * PRNG, for `opts.functions`) and then random points over `names` (see `randomEnv`); at each point
 * `fn(env, model, floatEvaluator)` returns [lhs, rhs, scale] (after `opts.draw`, if given, has
 * moved the point). Points where any of the three is non-finite are skipped (out of domain). A
 * valid point agrees when
 *
 *   |lhs − rhs| ≤ max(rtol · max(|lhs|, |rhs|, |scale|), 1e-300).
 *
 * A point that disagrees in doubles is evaluated again by `fn(env, model, preciseEvaluator())` — the
 * expressions in 60 digits — and agrees if the re-check does, with differences below
 * 1e-40 × the largest magnitude evaluated counted as zero (callbacks that evaluate through their
 * `ev` argument get this; a model without a `precise` method, or a re-check that throws, leaves
 * the mismatch). Returns the first disagreeing point, or null once `points` valid points agree.
 * Throws if fewer than `points` valid points turn up in `maxTries` draws.
 */
export function checkAtPoints(
  names: Iterable<string>,
  fn: (env: Env, model: FunctionModel, ev: Evaluator) => [number, number, number],
  opts: CheckOptions = {},
): Mismatch | null {
  const points = opts.points ?? 4;
  const rtol = opts.rtol ?? 1e-9;
  const maxTries = opts.maxTries ?? 200;
  const rng = makeRng(opts.seed ?? DEFAULT_SEED);
  const model = opts.model ?? randomFunctionModel(rng, opts.functions ?? new Map());
  const nameList = [...new Set(names)];
  const positive = [...(opts.positive ?? [])].filter((k) => nameList.includes(k));
  let valid = 0;
  for (let tries = 0; tries < maxTries && valid < points; tries++) {
    const drawn = randomEnv(nameList, rng, opts.fixed);
    for (const k of positive) drawn[k] = Math.abs(drawn[k]);
    const env = opts.draw ? opts.draw(drawn, model, rng) : drawn;
    if (!env) continue;
    const [lhs, rhs, s] = fn(env, model, floatEvaluator);
    if (!Number.isFinite(lhs) || !Number.isFinite(rhs) || !Number.isFinite(s)) continue;
    valid++;
    const [ok, scale] = agree(lhs, rhs, s, rtol, 0);
    if (ok) continue;
    const again = recheck((ev) => fn(env, model, ev), rtol);
    if (again === true) continue;
    return { env, ...(again ?? { lhs, rhs, scale, precise: false }) };
  }
  if (valid < points) {
    throw new Error(
      `the expressions could not be evaluated: only ${valid} of the ${points} required points ` +
        `gave finite values in ${maxTries} random draws (out of domain?)`,
    );
  }
  return null;
}

/**
 * The high-precision re-check of one point: true if it agrees, the high-precision mismatch if not,
 * undefined if it could not run (e.g. no precise function model) or gave non-finite values.
 */
function recheck(
  run: (ev: Evaluator) => [number, number, number],
  rtol: number,
): true | Omit<Mismatch, "env"> | undefined {
  const ev = preciseEvaluator();
  let values: [number, number, number];
  try {
    values = run(ev);
  } catch {
    return undefined;
  }
  const [lhs, rhs, s] = values;
  if (!Number.isFinite(lhs) || !Number.isFinite(rhs) || !Number.isFinite(s)) return undefined;
  const [ok, scale] = agree(lhs, rhs, s, rtol, PRECISE_FLOOR * ev.magnitude);
  return ok || { lhs, rhs, scale, precise: true };
}

/** Symbols and abstract-function arities of `exprs` plus the options' extras. */
function collect(
  exprs: readonly Expr[],
  opts: CheckOptions,
): { names: Set<string>; functions: Map<string, number> } {
  const names = new Set<string>(opts.extraSymbols ?? []);
  const functions = new Map<string, number>();
  const addArity = (name: string, arity: number): void => {
    const known = functions.get(name);
    if (known !== undefined && known !== arity) {
      throw new Error(`function "${name}" is used with ${known} and with ${arity} argument(s)`);
    }
    functions.set(name, arity);
  };
  for (const [name, arity] of opts.functions ?? []) addArity(name, arity);
  for (const e of exprs) {
    symbols(e, names);
    for (const [name, arity] of abstractFunctions(e)) addArity(name, arity);
  }
  return { names, functions };
}

/**
 * Checks lhs = rhs at random points: compares evaluate(lhs) with evaluate(rhs), to within
 * rtol · max(|lhs|, |rhs|, magnitude(lhs), magnitude(rhs)). Returns the first mismatch or null.
 */
export function findMismatch(lhs: Expr, rhs: Expr, opts: CheckOptions = {}): Mismatch | null {
  const { names, functions } = collect([lhs, rhs], opts);
  return checkAtPoints(
    names,
    (env, model, ev) => [
      ev.evaluate(lhs, env, model),
      ev.evaluate(rhs, env, model),
      Math.max(magnitude(lhs, env, model), magnitude(rhs, env, model)),
    ],
    { ...opts, functions },
  );
}

/**
 * Checks that `claimed` equals the directional derivative of `f` along `tangent(env)` at random
 * points: lhs = evaluate(claimed), rhs = evaluateDual(f, env, tangent(env)).deriv, to within
 * rtol · max(|lhs|, |rhs|, magnitude(claimed), magnitudeDual(f).deriv). The tangent depends on the
 * point: the total time derivative seeds x with env["x'"], x' with env["x''"], …; symbols the
 * tangent reads but that occur in neither expression must be listed in `opts.extraSymbols`.
 */
export function findDerivativeMismatch(
  f: Expr,
  claimed: Expr,
  tangent: (env: Env) => Env,
  opts: CheckOptions = {},
): Mismatch | null {
  const { names, functions } = collect([f, claimed], opts);
  let lastTangent: Env = {};
  const mismatch = checkAtPoints(
    names,
    (env, model, ev) => {
      const dir = tangent(env);
      for (const [name, t] of Object.entries(dir)) {
        if (typeof t !== "number") {
          throw new Error(
            `the tangent of "${name}" is not a number (does it read a symbol missing from the ` +
              `point? list it in extraSymbols)`,
          );
        }
      }
      lastTangent = dir;
      return [
        ev.evaluate(claimed, env, model),
        ev.derivative(f, env, dir, model),
        Math.max(magnitude(claimed, env, model), magnitudeDual(f, env, dir, model).deriv),
      ];
    },
    { ...opts, functions },
  );
  return mismatch && { ...mismatch, tangent: lastTangent };
}
