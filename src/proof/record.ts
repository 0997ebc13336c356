/**
 * A builder that checks each step as it is recorded. A step that fails its check aborts the
 * derivation with a CheckError naming the step: a wrong proof is never written.
 *
 * Checks (see ../expr/check.ts): an equality is evaluated on both sides at random points
 * (parameters and abstract functions drawn too); a claimed derivative is compared with
 * forward-mode automatic differentiation of its operand, which shares no code with the symbolic
 * differentiation it checks.
 */
import { CheckError } from "../errors.js";
import {
  checkAtPoints,
  findDerivativeMismatch,
  findMismatch,
  type CheckOptions,
  type DrawHook,
  type Evaluator,
  type Mismatch,
} from "../expr/numeric/check.js";
import type { Env, FunctionModel } from "../expr/numeric/evaluate.js";
import { print } from "../expr/syntax/print.js";
import { freeOf, idOf } from "../expr/algebra.js";
import { add, mul, neg, num, symbols, type Expr } from "../expr/types.js";
import type { CheckRecord, Operation, Ref, RuleId, Step } from "./types.js";

export interface RecorderOptions {
  readonly points?: number;
  readonly rtol?: number;
  readonly seed?: number;
  /** Arities of the abstract functions of the system (so that custom checks can model them). */
  readonly functions?: ReadonlyMap<string, number>;
  /** Symbols declared positive: drawn positive in every check. */
  readonly positive?: readonly string[];
  /** Steps already recorded elsewhere that this proof continues (numbering starts after them). */
  readonly offset?: number;
}

interface StepHead {
  readonly rule: RuleId;
  readonly label: string;
  readonly justification: string;
  readonly lhs: Operation;
  readonly rhs: Expr;
  readonly uses?: readonly number[];
}

export type Recorder = ReturnType<typeof createRecorder>;

const EXPR_KINDS = new Set(["num", "sym", "add", "mul", "pow", "call"]);
const isExpr = (v: unknown): v is Expr =>
  typeof v === "object" && v !== null && EXPR_KINDS.has((v as { kind?: string }).kind ?? "");

/**
 * The operation with every whole expression that is the result of a step it uses (that step's
 * right-hand side, or the expression a `given` step states) replaced by `{ step: n }` — numbers
 * and symbols too — so that a step refers to every step it reads as an operand, and only to
 * those: `lagrange check` holds `uses` to exactly these references plus what the rule combines.
 */
function byReference(lhs: Operation, used: ReadonlyMap<number, number>): Operation {
  const walk = (v: unknown): unknown => {
    if (isExpr(v)) {
      const n = used.get(idOf(v));
      return n === undefined ? v : ({ step: n } satisfies Ref);
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(lhs) as Operation;
}

/**
 * A part of f with the same partial derivative in w, found structurally: the terms of a sum that
 * are free of w are dropped, and a product with a single factor depending on w keeps the other
 * factors and prunes that one (∂/∂w is linear and ∂c/∂w = 0 for c free of w); anything else stays
 * whole. A derivative check then evaluates only what the derivative depends on — for a chain of
 * n oscillators a few terms of L, not all 2n — while comparing the same derivative.
 */
export function relevantPart(f: Expr, w: string): Expr {
  const dep = (e: Expr) => freeOf(e).has(w);
  if (!dep(f)) return num(0);
  if (f.kind === "add") return add(...f.args.filter(dep).map((a) => relevantPart(a, w)));
  if (f.kind === "mul") {
    const deps = f.args.filter(dep);
    if (deps.length === 1)
      return mul(...f.args.map((a) => (a === deps[0] ? relevantPart(a, w) : a)));
  }
  return f;
}

/** A recorder: each method checks its claim, appends the step and returns the step's number. */
export function createRecorder(opts: RecorderOptions = {}) {
  const steps: Step[] = [];
  const points = opts.points ?? 4;
  const rtol = opts.rtol ?? 1e-9;
  const baseSeed = opts.seed ?? 20250921;
  const offset = opts.offset ?? 0;

  const settings = (n: number): CheckOptions => ({
    points,
    rtol,
    seed: baseSeed + 7919 * n,
    functions: opts.functions,
    positive: opts.positive,
  });

  function push(head: StepHead, method: CheckRecord["method"], mismatch: Mismatch | null): number {
    const n = offset + steps.length + 1;
    if (mismatch) {
      const at = Object.entries(mismatch.env)
        .map(([k, v]) => `${k}=${v.toPrecision(6)}`)
        .join(", ");
      throw new CheckError(
        head.rule,
        `step ${n} (${head.rule}: ${head.label}) failed its check: ${mismatch.lhs} ≠ ${mismatch.rhs} ` +
          `at ${at}\n  claimed: ${print(head.rhs)}`,
      );
    }
    const check: CheckRecord = { method, points, seed: baseSeed + 7919 * n, rtol, passed: true };
    // Results of the steps used (of this proof: earlier proofs' steps are not at hand), the
    // earlier uses first so that a later one with the same result is the one referred to.
    const used = new Map<number, number>();
    for (const u of head.uses ?? []) {
      const s = steps[u - offset - 1];
      if (!s) continue;
      used.set(idOf(s.rhs), u);
      const given = s.lhs.op === "given" ? s.lhs.expr : undefined;
      if (isExpr(given) && !used.has(idOf(given))) used.set(idOf(given), u);
    }
    const lhs = byReference(head.lhs, used);
    steps.push({ n, ...head, lhs, uses: head.uses ?? [], check });
    return n;
  }
  const next = () => offset + steps.length + 1;

  return {
    steps,
    /** Record `lhs = rhs` where lhs evaluates as `value` (an expression built from earlier results). */
    equal(head: StepHead, value: Expr): number {
      return push(head, "evaluation", findMismatch(value, head.rhs, settings(next())));
    },
    /**
     * Record the Lagrangian (or a sub-action S, a claim's Lagrange function) as given: `expr` as
     * written, `value` its folded form (numbers folded, like terms combined; default `expr`),
     * checked equal by evaluation; `uses` the steps it was built from, if any.
     */
    lagrangian(
      label: string,
      justification: string,
      expr: Expr,
      value: Expr = expr,
      uses?: readonly number[],
    ): number {
      const head: StepHead = {
        rule: "lagrangian",
        label,
        justification,
        lhs: { op: "given", expr },
        rhs: value,
        ...(uses ? { uses: [...uses] } : {}),
      };
      return push(head, "evaluation", findMismatch(expr, value, settings(next())));
    },
    /** Record rhs = ∂(of)/∂(wrt), checked by forward-mode differentiation of `of`. */
    partial(head: Omit<StepHead, "lhs">, of: Expr, wrt: string, sign: 1 | -1 = 1): number {
      const claimed = sign > 0 ? head.rhs : neg(head.rhs);
      const part = relevantPart(of, wrt);
      const mismatch = findDerivativeMismatch(part, claimed, () => ({ [wrt]: 1 }), {
        ...settings(next()),
        extraSymbols: [wrt],
      });
      // Hamilton's force equations are known negative by their rule; any other negated partial
      // says so in its operation.
      const negated = sign < 0 && head.rule !== "hamilton-equations" ? { sign: -1 as const } : {};
      return push({ ...head, lhs: { op: "partial", of, wrt, ...negated } }, "dual", mismatch);
    },
    /**
     * Record rhs = D(of), a total derivative, checked by forward-mode differentiation of `of` along
     * the jet direction `tangent(env)`; `extra` lists the jet symbols the tangent reads.
     */
    total(
      head: Omit<StepHead, "lhs">,
      of: Expr,
      wrt: string,
      tangent: (env: Env) => Env,
      extra: readonly string[],
    ): number {
      const mismatch = findDerivativeMismatch(of, head.rhs, tangent, {
        ...settings(next()),
        extraSymbols: [...extra, wrt],
      });
      return push({ ...head, lhs: { op: "total", of, wrt } }, "dual", mismatch);
    },
    /**
     * Record unknown = root, a root of condition = 0 (one unknown, any condition: the positive root
     * of −1/(p·l²) + μ, a feedback law), checked as `lagrange check` re-checks it: the Newton
     * correction c/c' at the root is small against 1 + |root|. `equations` marks a condition that
     * is an equation's residual rather than a derivative of a sub-action.
     */
    root(
      head: Omit<StepHead, "lhs">,
      condition: Expr,
      unknown: string,
      root: Expr,
      equations = false,
    ): number {
      const names = [...symbols(condition), ...symbols(root)].filter((x) => x !== unknown);
      const lhs: Operation = {
        op: "stationary",
        of: [condition],
        unknowns: [unknown],
        unknown,
        ...(equations ? { equations: true as const } : {}),
      };
      const compare = (env: Env, model: FunctionModel, ev: Evaluator): [number, number, number] => {
        const value = ev.evaluate(root, env, model);
        const at = { ...env, [unknown]: value };
        const slope = ev.derivative(condition, at, { [unknown]: 1 }, model);
        return [ev.evaluate(condition, at, model) / slope, 0, 1 + Math.abs(value)];
      };
      return push(
        { ...head, lhs },
        "evaluation",
        checkAtPoints(new Set(names), compare, settings(next())),
      );
    },
    /**
     * Record a step whose claim is checked by a numeric comparison of the caller's; `positive`
     * names the symbols the claim assumes positive (drawn positive only); `draw` moves each drawn
     * point (e.g. into the branch of a Legendre map) before it is compared. `compare` evaluates
     * through its `ev` argument so that a point where doubles disagree is re-checked in 60 digits.
     */
    custom(
      head: StepHead,
      method: CheckRecord["method"],
      names: Iterable<string>,
      compare: (env: Env, model: FunctionModel, ev: Evaluator) => [number, number, number],
      positive: readonly string[] = [],
      draw?: DrawHook,
    ): number {
      const base = settings(next());
      const opts = { ...base, positive: [...(base.positive ?? []), ...positive], draw };
      return push(head, method, checkAtPoints(names, compare, opts));
    },
  };
}
