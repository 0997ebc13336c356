/**
 * The shared machinery of the re-checks: resolving `{ step: n }` references, the check options of
 * a step (a fresh seed per step, the record's abstract functions, the positive symbols), and the
 * failure message naming the step, both sides and the point.
 */
import {
  checkAtPoints,
  type CheckOptions,
  type Evaluator,
  type Mismatch,
} from "../expr/numeric/check.js";
import type { Env, FunctionModel } from "../expr/numeric/evaluate.js";
import { print } from "../expr/syntax/print.js";
import { abstractFunctions, symbols, type Expr } from "../expr/types.js";
import type { System } from "../variational/types.js";
import {
  isExprValue,
  isRef,
  RecordFailure,
  type Context,
  type ParsedStep,
  type Proof,
} from "./record.js";

/** Points per check and relative tolerance, as the recorder's defaults. */
export const POINTS = 4;
export const RTOL = 1e-9;

/** Everything a step's re-check reads: the proof, the system, the options. */
export interface Scope {
  readonly proof: Proof;
  readonly context: Context;
  /** The record's raw JSON (accelerations, mass matrix, Hamiltonian form …). */
  readonly raw: Readonly<Record<string, unknown>>;
  /** Abstract functions of the whole record and their arities. */
  readonly functions: ReadonlyMap<string, number>;
  readonly seed: number;
  readonly points: number;
  /** The proof's position in the record (0: the derivation): its checks draw their own points. */
  readonly index: number;
}

/** The step numbered `n` in the proof (or in the steps it continues), if any. */
export function stepAt(scope: Scope, n: number): ParsedStep | undefined {
  return scope.proof.steps.find((s) => s.n === n) ?? scope.proof.outer?.find((s) => s.n === n);
}

/** An operand as an expression: a reference is the referenced step's right-hand side. */
export function resolve(scope: Scope, v: unknown, step: ParsedStep, field: string): Expr {
  if (isRef(v)) {
    const target = stepAt(scope, v.step);
    if (!target || target.n >= step.n)
      throw new RecordFailure(
        `${where(scope, step)} refers in ${field} to step ${v.step}, which is not an earlier step`,
      );
    return target.rhs;
  }
  if (isExprValue(v)) return v;
  throw new RecordFailure(`${where(scope, step)}: ${field} is missing or not an expression`);
}

/** "step 12 (partial-velocity: ∂L/∂th1')", prefixed by the proof when it is not the derivation. */
export function where(scope: Scope, step: ParsedStep): string {
  const prefix = scope.proof.name === "derivation" ? "" : `${scope.proof.name}: `;
  return `${prefix}step ${step.n} (${step.rule}: ${step.label})`;
}

/** The check options of `step`: its own seed, the record's functions, the positive symbols. */
export function optionsFor(scope: Scope, step: ParsedStep, extra: string[] = []): CheckOptions {
  return {
    points: scope.points,
    rtol: RTOL,
    seed: (scope.seed + 7919 * step.n + 104729 * scope.index) >>> 0,
    functions: scope.functions,
    positive: [...scope.context.positive, ...(scope.proof.positive ?? []), ...extra],
  };
}

/** The momentum symbols of the record and of every Legendre step of the proof, keyed by coordinate. */
export function momentumSymbols(scope: Scope): Record<string, string> {
  const out: Record<string, string> = { ...scope.context.momentumSymbols };
  for (const s of scope.proof.steps)
    if (s.lhs.op === "legendre" && typeof s.lhs.momentumSymbols === "object")
      Object.assign(out, s.lhs.momentumSymbols);
  return out;
}

/** Every symbol of the expressions. */
export function namesOf(...es: Expr[]): Set<string> {
  const out = new Set<string>();
  for (const e of es) symbols(e, out);
  return out;
}

/** The abstract functions of every expression reachable in `v` (parsed operations included). */
export function collectFunctions(v: unknown, into: Map<string, number>): void {
  if (isExprValue(v)) {
    for (const [f, a] of abstractFunctions(v)) into.set(f, a);
    return;
  }
  if (Array.isArray(v)) v.forEach((x) => collectFunctions(x, into));
  else if (typeof v === "object" && v !== null)
    Object.values(v).forEach((x) => collectFunctions(x, into));
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(6) : String(x));

/** The failure of `step` at the mismatch: both sides and the point (`what` says what the sides are). */
export function failure(
  scope: Scope,
  step: ParsedStep,
  m: Mismatch,
  what = "lhs … ≠ rhs",
): RecordFailure {
  const at = Object.entries(m.env)
    .map(([k, v]) => `${k}=${fmt(v)}`)
    .join(", ");
  const [l, r] = what.split(" … ≠ ");
  const claimed = print(step.rhs);
  const shown = claimed.length > 120 ? `${claimed.slice(0, 117)}…` : claimed;
  return new RecordFailure(
    `${where(scope, step)} does not hold: ${l} ${fmt(m.lhs)} ≠ ${r} ${fmt(m.rhs)} at ${at}\n  claimed: ${shown}`,
  );
}

/** Throw the failure when there is a mismatch. */
export function expectNone(
  scope: Scope,
  step: ParsedStep,
  m: Mismatch | null,
  what?: string,
): void {
  if (m) throw failure(scope, step, m, what);
}

/** checkAtPoints for a step, turning "could not be evaluated" into a failure of the step. */
export function atPoints(
  scope: Scope,
  step: ParsedStep,
  names: Iterable<string>,
  fn: (env: Env, model: FunctionModel, ev: Evaluator) => [number, number, number],
  extra: { positive?: string[]; what?: string } = {},
): void {
  expectNone(
    scope,
    step,
    guard(scope, step, () => checkAtPoints(names, fn, optionsFor(scope, step, extra.positive))),
    extra.what,
  );
}

/** Run a check, turning its exceptions (no finite point, an unknown function) into failures. */
export function guard<T>(scope: Scope, step: ParsedStep, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof RecordFailure) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new RecordFailure(`${where(scope, step)} cannot be re-checked: ${why}`);
  }
}

/** The system as the jet helpers read it (kind, variables, coordinates). */
export const jetSystem = (scope: Scope): System =>
  ({
    kind: scope.context.kind,
    variables: scope.context.variables,
    coordinates: scope.context.coordinates,
  }) as unknown as System;

/** The entries of an operation's map field, each value resolved. */
export function mapOf(scope: Scope, step: ParsedStep, field: string): [string, Expr][] {
  const v = step.lhs[field];
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new RecordFailure(`${where(scope, step)}: lhs.${field} is missing`);
  return Object.entries(v).map(([k, x]) => [k, resolve(scope, x, step, `lhs.${field}.${k}`)]);
}

/** Whether the record's Hamiltonian is in mass-matrix form. */
export const isMassMatrixForm = (scope: Scope): boolean => {
  const H = scope.raw.hamiltonian;
  return typeof H === "object" && H !== null && (H as { form?: string }).form === "mass-matrix";
};
