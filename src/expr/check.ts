/**
 * Numeric identity checks: every derivation step and every CAS answer is verified by evaluating
 * both sides at random points (parameters and abstract functions drawn at random too). All checks
 * share one loop, {@link checkAtPoints}.
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
import { type Expr, abstractFunctions, symbols } from "./types.js";

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
}

/** The first point at which a check failed. */
export interface Mismatch {
  env: Record<string, number>;
  lhs: number;
  rhs: number;
  /** The scale the tolerance was relative to: max(|lhs|, |rhs|, the claim's own scale). */
  scale: number;
  /** For derivative checks: the direction differentiated along at that point. */
  tangent?: Env;
}

const DEFAULT_SEED = 1;
/** Absolute tolerance floor, so that exact zeros on both sides agree. */
const ABS_FLOOR = 1e-300;

/**
 * The shared check loop. Draws a function model (unless `opts.model` is given: from the seeded
 * PRNG, for `opts.functions`) and then random points over `names` (see `randomEnv`); at each point
 * `fn(env, model)` returns [lhs, rhs, scale]. Points where any of the three is non-finite are
 * skipped (out of domain). A valid point agrees when
 *
 *   |lhs − rhs| ≤ max(rtol · max(|lhs|, |rhs|, |scale|), 1e-300).
 *
 * Returns the first disagreeing point, or null once `points` valid points agree. Throws if fewer
 * than `points` valid points turn up in `maxTries` draws.
 */
export function checkAtPoints(
  names: Iterable<string>,
  fn: (env: Env, model: FunctionModel) => [number, number, number],
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
    const env = randomEnv(nameList, rng, opts.fixed);
    for (const k of positive) env[k] = Math.abs(env[k]);
    const [lhs, rhs, s] = fn(env, model);
    if (!Number.isFinite(lhs) || !Number.isFinite(rhs) || !Number.isFinite(s)) continue;
    valid++;
    const scale = Math.max(Math.abs(lhs), Math.abs(rhs), Math.abs(s));
    if (!(Math.abs(lhs - rhs) <= Math.max(rtol * scale, ABS_FLOOR))) {
      return { env, lhs, rhs, scale };
    }
  }
  if (valid < points) {
    throw new Error(
      `the expressions could not be evaluated: only ${valid} of the ${points} required points ` +
        `gave finite values in ${maxTries} random draws (out of domain?)`,
    );
  }
  return null;
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
    (env, model) => [
      evaluate(lhs, env, model),
      evaluate(rhs, env, model),
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
    (env, model) => {
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
        evaluate(claimed, env, model),
        evaluateDual(f, env, dir, model).deriv,
        Math.max(magnitude(claimed, env, model), magnitudeDual(f, env, dir, model).deriv),
      ];
    },
    { ...opts, functions },
  );
  return mismatch && { ...mismatch, tangent: lastTangent };
}
