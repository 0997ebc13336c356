/**
 * The machinery of the cross-route checks (see cross.ts): options, the record they read, and a
 * runner that performs checks one after another through the shared check loop, each with its own
 * seed, and throws a CheckError naming the check, both routes and the point on the first failure.
 */
import { CheckError } from "../errors.js";
import { checkAtPoints, type Evaluator, type Mismatch } from "../expr/numeric/check.js";
import { type Env, type FunctionModel } from "../expr/numeric/evaluate.js";
import { type Expr } from "../expr/types.js";
import { raise } from "../variational/jet.js";
import type { System } from "../variational/types.js";
import type { CrossCheck, Derivation } from "./types.js";

export interface CrossOptions {
  readonly points?: number;
  readonly rtol?: number;
  /** Base seed; check i uses seed + 104729·i. */
  readonly seed?: number;
  /** Arities of the abstract functions of the system. */
  readonly functions?: ReadonlyMap<string, number>;
  /** Symbols declared positive: drawn positive in every check. */
  readonly positive?: readonly string[];
}

/** A derivation record before its cross checks. */
export type Checkable = Omit<Derivation, "crossChecks">;

export type Compare = (env: Env, model: FunctionModel, ev: Evaluator) => [number, number, number];

/** A comparison over points drawn at random and then moved (e.g. to small velocities). */
export interface Run {
  readonly move?: (env: Env) => Record<string, number>;
  readonly fn: Compare;
}

export interface Spec {
  readonly id: string;
  readonly claim: string;
  readonly routes: readonly [string, string];
  readonly method: CrossCheck["method"];
}

/** Runs checks one after another, each with its own seed; throws on the first failure. */
export class Runner {
  readonly done: CrossCheck[] = [];
  constructor(private readonly opts: CrossOptions) {}

  /** The seed of the next check. */
  nextSeed(): number {
    return (this.opts.seed ?? 20250921) + 104729 * (this.done.length + 1);
  }

  run(spec: Spec, names: Iterable<string>, runs: readonly Run[], positive: readonly string[] = []) {
    const points = this.opts.points ?? 4;
    const rtol = this.opts.rtol ?? 1e-9;
    const seed = this.nextSeed();
    runs.forEach(({ move = (env) => ({ ...env }), fn }, r) => {
      let mismatch: Mismatch | null;
      try {
        mismatch = checkAtPoints(names, (env, model, ev) => fn(move(env), model, ev), {
          points,
          rtol,
          seed: seed + r,
          functions: this.opts.functions,
          positive: [...(this.opts.positive ?? []), ...positive],
        });
      } catch (err) {
        if (err instanceof CheckError) throw err;
        throw new CheckError(
          "cross-check",
          `cross-route check ${spec.id} (${spec.claim}) could not be run: ${(err as Error).message}`,
        );
      }
      if (mismatch) {
        const at = Object.entries(move(mismatch.env))
          .map(([k, v]) => `${k}=${v.toPrecision(6)}`)
          .join(", ");
        throw new CheckError(
          "cross-check",
          `cross-route check ${spec.id} failed: ${spec.claim}\n` +
            `  route 1, ${spec.routes[0]}: ${mismatch.lhs}\n` +
            `  route 2, ${spec.routes[1]}: ${mismatch.rhs}\n  at ${at}`,
        );
      }
    });
    this.done.push({ ...spec, points: points * runs.length, seed, rtol, passed: true });
  }
}

/** The jet symbol a momentum multiplies: q' for q, q'' for q', u_t for u. */
export const velocityOf = (sys: System, conjugateTo: string): string => raise(sys, conjugateTo, 0)!;

export const residualOf = (d: Checkable, q: string): Expr | undefined =>
  d.equations.find((e) => e.coordinate === q)?.residual;
