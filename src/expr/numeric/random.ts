/**
 * Randomness for checks: a seeded PRNG, random points, and random concrete models of abstract
 * functions whose derivatives of every order are known in closed form.
 */
import type { Decimal } from "decimal.js";
import { Precise } from "./precise.js";
import type { Env, FunctionModel, Rng } from "../types.js";

/** A seeded PRNG (mulberry32): the same seed always gives the same sequence. */
export function makeRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Uniform in [lo, hi). */
const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng.next();
/** ±uniform(lo, hi), the sign drawn at random. */
const signed = (rng: Rng, lo: number, hi: number): number =>
  (rng.next() < 0.5 ? -1 : 1) * uniform(rng, lo, hi);

/**
 * A random point: each name not in `fixed` gets ±u with u uniform in [0.2, 0.9] and a random sign
 * (small enough that e.g. sqrt(1 − x'²) is usually defined, away from 0 so that 1/x is tame);
 * names in `fixed` keep their values (every entry of `fixed` is copied into the result). Names are
 * drawn in sorted order, so the result depends only on the set of names and the rng state.
 */
export function randomEnv(
  names: Iterable<string>,
  rng: Rng,
  fixed: Env = {},
): Record<string, number> {
  const env: Record<string, number> = { ...fixed };
  for (const name of [...new Set(names)].sort()) {
    if (!Object.hasOwn(fixed, name)) env[name] = signed(rng, 0.2, 0.9);
  }
  return env;
}

interface SineTerm {
  readonly c: number;
  readonly w: readonly number[];
  readonly phi: number;
}
interface RandomFunction {
  readonly arity: number;
  readonly c0: number;
  readonly terms: readonly SineTerm[];
}

/** sin(x + kπ/2), exactly (no rounding of the phase shift). */
function shiftedSin(x: number, k: number): number {
  switch (k % 4) {
    case 0:
      return Math.sin(x);
    case 1:
      return Math.cos(x);
    case 2:
      return -Math.sin(x);
    default:
      return -Math.cos(x);
  }
}

/** sin(x + kπ/2) in high precision. */
function shiftedSinPrecise(x: Decimal, k: number): Decimal {
  const v = k % 2 === 0 ? x.sin() : x.cos();
  return k % 4 >= 2 ? v.neg() : v;
}

/**
 * A random smooth model of the abstract functions named in `arities` (name → number of arguments):
 *
 *   f(u) = c0 + Σ_{i=1..K} c_i · sin(w_i·u + φ_i),   K = arity + 3,
 *
 * with c0 ∈ ±[0, 1], c_i ∈ ±[0.5, 1.5], each component of w_i ∈ ±[0.3, 1.5], φ_i ∈ [0, 2π). Every
 * derivative is exact in closed form: for a multiset d of argument positions,
 *
 *   ∂^d f(u) = [d = ∅]·c0 + Σ_i c_i · (Π_{j∈d} w_ij) · sin(w_i·u + φ_i + |d|·π/2),
 *
 * so f, f', f'' … are mutually consistent. The parameters are drawn from `rng` in sorted name order.
 * `precise` evaluates the same formula in 60 digits (the drawn constants taken as exact decimals).
 * Calling an unregistered function, with the wrong number of arguments, or differentiating an
 * argument position that does not exist throws.
 */
export function randomFunctionModel(rng: Rng, arities: ReadonlyMap<string, number>): FunctionModel {
  const fns = new Map<string, RandomFunction>();
  for (const name of [...arities.keys()].sort()) {
    const arity = arities.get(name)!;
    const c0 = signed(rng, 0, 1);
    const terms: SineTerm[] = [];
    for (let i = 0; i < arity + 3; i++) {
      const c = signed(rng, 0.5, 1.5);
      const w = Array.from({ length: arity }, () => signed(rng, 0.3, 1.5));
      terms.push({ c, w, phi: uniform(rng, 0, 2 * Math.PI) });
    }
    fns.set(name, { arity, c0, terms });
  }
  const lookup = (fn: string, d: readonly number[], arity: number): RandomFunction => {
    const f = fns.get(fn);
    if (!f) throw new Error(`no model for the abstract function "${fn}"`);
    if (arity !== f.arity) {
      throw new Error(`function "${fn}" has ${f.arity} argument(s), called with ${arity}`);
    }
    for (const j of d) {
      if (!Number.isInteger(j) || j < 0 || j >= f.arity) {
        throw new Error(`function "${fn}" has no argument position ${j} to differentiate`);
      }
    }
    return f;
  };
  return {
    value(fn, d, args) {
      const f = lookup(fn, d, args.length);
      let s = d.length === 0 ? f.c0 : 0;
      for (const { c, w, phi } of f.terms) {
        let coef = c;
        for (const j of d) coef *= w[j];
        let phase = phi;
        for (let j = 0; j < f.arity; j++) phase += w[j] * args[j];
        s += coef * shiftedSin(phase, d.length);
      }
      return s;
    },
    precise(fn, d, args) {
      const f = lookup(fn, d, args.length);
      let s = new Precise(d.length === 0 ? f.c0 : 0);
      for (const { c, w, phi } of f.terms) {
        let coef = new Precise(c);
        for (const j of d) coef = coef.mul(w[j]);
        let phase = new Precise(phi);
        for (let j = 0; j < f.arity; j++) phase = phase.add(args[j].mul(w[j]));
        s = s.add(coef.mul(shiftedSinPrecise(phase, d.length)));
      }
      return s;
    },
  };
}
