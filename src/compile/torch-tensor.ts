/**
 * The per-element assignments of an optimizer as whole-tensor torch operations (./torch.ts).
 *
 * Each value is split into a sum of terms c·Π Fᵢ^eᵢ, the coefficient c being the part that depends
 * only on hyperparameters, k and per-step scalars (hoisted: a Python float computed once), like
 * terms collected. Then, in place wherever that is safe:
 *
 *   T = c·T + d·A + e·B²   → T.mul_(c); T.add_(A, alpha=d); T.addcmul_(B, B, value=e)
 *   T = T + d·A/B          → T.addcdiv_(A, B, value=d)
 *   T = T·(c)              → T.mul_(c)
 *   x = √v·c + ε           → t = torch.sqrt(v); t.mul_(c); t.add_(ε)
 *
 * A term whose coefficient has as a factor a numeric hyperparameter that defaults to 0 (an
 * off-by-default feature: weight_decay·θ, momentum·b) is skipped when it is 0, as torch does. A temporary is mutated in place only while nothing
 * else refers to it: a local read once may be, one read twice (or a repeated subexpression, computed
 * once and cached until one of its symbols is assigned) may not; a local that would alias a tensor
 * assigned later is cloned. Rule names never appear in the code: tensors are the compiler's own
 * identifiers (p, grad, x0 …, t0 …).
 */
import { UserError } from "../errors.js";
import { BUILTIN_FUNCTIONS, type Expr } from "../expr/types.js";
import type { Assignment } from "../proof/types.js";
import {
  type Factor,
  flipped,
  isNum,
  key,
  occurrences,
  product,
  splitSum,
  splitTerm,
  substitute,
  symbolsOf,
  type Term,
  type TermContext,
  total,
} from "./torch-terms.js";
import type { TensorOps } from "./torch-ops.js";

/** How the sequence compiler sees the rule's names. */
export interface TensorScope {
  /** The Python expression of a scalar symbol (hyperparameter, k, per-step scalar), else undefined. */
  scalar(name: string): string | undefined;
  /** The identifier of a numeric hyperparameter defaulting to 0 (terms it multiplies skipped at 0). */
  numberHyper(name: string): string | undefined;
  /** The per-element tensors given to the sequence (parameter, gradient, state) by rule name. */
  readonly tensors: ReadonlyMap<string, string>;
  /** The assignable ones (the parameter and the state). */
  readonly targets: ReadonlySet<string>;
  /** Single tensors, or lists of them (torch._foreach_*). */
  readonly ops: TensorOps;
  /** A scalar expression as Python: a hoisted name, or the text of a trivial one. */
  hoist(e: Expr): string;
}

interface TVal {
  readonly code: string;
  /** A fresh tensor nothing else refers to: it may be updated in place. */
  readonly owned: boolean;
  /** The rule tensors it may alias (when not owned). */
  readonly deps: ReadonlySet<string>;
}
/** Every builtin has a torch function of the same name (torch.sin, torch.sqrt, …). */
const TORCH_FUNCTIONS: ReadonlySet<string> = new Set(BUILTIN_FUNCTIONS);

/** Compiles one assignment sequence (a variant's first step or its usual step) into lines. */
export class SequenceCompiler {
  private readonly lines: string[] = [];
  private depth = 0;
  private guarded = 0;
  private readonly values = new Map<string, TVal>();
  private readonly cache = new Map<string, { val: TVal; deps: Set<string> }>();
  private readonly counts = new Map<string, number>();
  private readonly terms: TermContext = {
    isTensor: (e) => this.isTensor(e),
    numberHyper: (name) => this.scope.numberHyper(name),
  };

  constructor(
    private readonly scope: TensorScope,
    private readonly temps: { n: number },
  ) {
    for (const [name, code] of scope.tensors) {
      this.values.set(name, { code, owned: false, deps: new Set([name]) });
    }
  }

  /** The Python lines of `assignments` (indented from column 0). */
  compile(given: readonly Assignment[]): string[] {
    // A local with a scalar value (A = 2, A = lr/c1) is substituted into what follows: a scalar.
    const scalars = new Map<string, Expr>();
    const assignments: Assignment[] = [];
    for (const a of given) {
      const named = this.scope.tensors.has(a.target) || this.scope.scalar(a.target) !== undefined;
      if (a.local && named) {
        throw new UserError(
          "compile-target",
          `cannot compile the update: the local ${JSON.stringify(a.target)} has the name of a ` +
            `hyperparameter, state variable, per-step scalar, the parameter or the gradient`,
        );
      }
      const value = substitute(a.value, scalars);
      if (a.local) scalars.delete(a.target);
      if (a.local && [...symbolsOf(value)].every((s) => this.scope.scalar(s) !== undefined)) {
        scalars.set(a.target, value);
      } else assignments.push({ ...a, value });
    }
    for (const a of assignments) this.count(a.value);
    assignments.forEach((a, i) => {
      const later = assignments.slice(i + 1);
      if (a.local) this.assignLocal(a, later);
      else this.assignTarget(a.target, a.value);
    });
    return this.lines.length === 0 ? ["pass"] : this.lines;
  }

  private emit(...lines: string[]): void {
    for (const line of lines) this.lines.push("    ".repeat(this.depth) + line);
  }
  private fresh(): string {
    return `t${this.temps.n++}`;
  }

  private count(e: Expr): void {
    if (e.kind === "num" || e.kind === "sym" || !this.isTensor(e, false)) return;
    const k = key(e);
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    if (e.kind === "pow") [e.base, e.exp].forEach((x) => this.count(x));
    else e.args.forEach((x) => this.count(x));
  }

  /** Whether e reads a per-element tensor; an unknown name is an error when `strict`. */
  private isTensor(e: Expr, strict = true): boolean {
    for (const s of symbolsOf(e)) {
      if (this.scope.scalar(s) !== undefined) continue;
      if (this.values.has(s) || !strict) return true;
      throw new UserError(
        "compile-unknown-name",
        `cannot compile the update: ${JSON.stringify(s)} is not a hyperparameter, state variable, ` +
          `per-step scalar or a local assigned before it is read`,
      );
    }
    return false;
  }

  private coefArg(coef: readonly Expr[], kw: string): string {
    const c = product(coef);
    return isNum(c, "1") ? "" : `, ${kw}=${this.scope.hoist(c)}`;
  }

  /** Multiply by the coefficient as mul_/div_ (division when it is 1/(…)), or null for 1. */
  private scaleOp(coef: readonly Expr[]): { op: "mul" | "div"; code: string } | null {
    const c = product(coef);
    if (isNum(c, "1")) return null;
    const inv = coef.map((x) => (x.kind === "pow" ? flipped(x.exp) : null));
    if (inv.every((x) => x !== null)) {
      const den = coef.map((x, i) => ({
        kind: "pow",
        base: (x as { base: Expr }).base,
        exp: inv[i]!,
      }));
      return { op: "div", code: this.scope.hoist(product(den as Expr[])) };
    }
    return { op: "mul", code: this.scope.hoist(c) };
  }

  /** An operation `op(x, args)`: in place on an owned x, else into a fresh (or the given) name. */
  private apply(x: TVal, op: string, args: string, into?: string): TVal {
    if (x.owned && into === undefined) {
      this.emit(...this.scope.ops.inPlace(x.code, op, args));
      return x;
    }
    const t = into ?? this.fresh();
    this.emit(...this.scope.ops.outOfPlace(t, x.code, op, args));
    return { code: t, owned: into === undefined, deps: into === undefined ? new Set() : x.deps };
  }

  private tensor(e: Expr): TVal {
    if (e.kind === "sym") return this.values.get(e.name)!;
    const k = key(e);
    const hit = this.cache.get(k);
    if (hit) return { ...hit.val, owned: false };
    const v = this.node(e);
    if ((this.counts.get(k) ?? 0) > 1 && this.guarded === 0) {
      const deps = new Set([...symbolsOf(e), ...v.deps]);
      const val = { code: v.code, owned: false, deps: v.owned ? new Set<string>() : v.deps };
      this.cache.set(k, { val, deps });
      return val;
    }
    return v;
  }

  private node(e: Expr): TVal {
    switch (e.kind) {
      case "add": {
        const { terms, consts } = splitSum(e, this.terms);
        return this.sum(terms, consts);
      }
      case "mul":
        return this.product(splitTerm(e, this.terms));
      case "pow": {
        if (!this.isTensor(e.exp)) return this.product(splitTerm(e, this.terms));
        const exp = this.tensor(e.exp);
        const tensorBase = this.isTensor(e.base);
        const base = tensorBase ? this.tensor(e.base).code : this.scope.hoist(e.base);
        const t = this.fresh();
        this.emit(...this.scope.ops.pow(t, base, tensorBase, exp.code));
        return { code: t, owned: true, deps: new Set() };
      }
      case "call": {
        if (!TORCH_FUNCTIONS.has(e.fn) || e.args.length !== 1 || e.d !== undefined) {
          throw new UserError(
            "compile-function",
            `cannot compile the function ${JSON.stringify(e.fn)}: an update rule may call only ` +
              `the elementary functions (abstract functions have no code)`,
          );
        }
        return this.apply(this.tensor(e.args[0]), e.fn, "");
      }
      default:
        throw new Error(`internal: ${e.kind} is not a tensor expression`);
    }
  }

  /** base^exp for a positive or symbolic scalar exponent. */
  private factor(f: Factor): TVal {
    if (isNum(f.exp, "1")) return this.tensor(f.base);
    const x = this.tensor(f.base);
    if (isNum(f.exp, "1/2")) return this.apply(x, "sqrt", "");
    if (isNum(f.exp, "2")) return this.apply(x, "square", "");
    return this.apply(x, "pow", this.scope.hoist(f.exp));
  }

  private product(t: Term): TVal {
    const nums = t.factors.filter((f) => flipped(f.exp) === null);
    const dens = t.factors.flatMap((f) => {
      const e = flipped(f.exp);
      return e === null ? [] : [{ base: f.base, exp: e }];
    });
    let acc: TVal | null = null;
    for (const f of nums) {
      const x = this.factor(f);
      if (acc === null) acc = x;
      else if (!acc.owned && x.owned) acc = this.apply(x, "mul", acc.code);
      else acc = this.apply(acc, "mul", x.code);
    }
    for (const d of dens) {
      if (acc === null) {
        acc = isNum(d.exp, "1/2")
          ? this.apply(this.tensor(d.base), "rsqrt", "")
          : this.apply(this.factor(d), "reciprocal", "");
      } else acc = this.apply(acc, "div", this.factor(d).code);
    }
    if (acc === null) throw new Error("internal: a tensor term without tensor factors");
    const s = this.scaleOp(t.coef);
    return s === null ? acc : this.apply(acc, s.op, s.code);
  }

  /** acc + term: addcmul for A·B and A², addcdiv for A/B, add otherwise (in place when owned). */
  private addTerm(acc: TVal, t: Term, into?: string): TVal {
    const f = t.factors;
    const one = (x: Factor) => isNum(x.exp, "1");
    if (f.length === 1 && isNum(f[0].exp, "2")) {
      const a = this.tensor(f[0].base).code;
      return this.apply(acc, "addcmul", `${a}, ${a}${this.coefArg(t.coef, "value")}`, into);
    }
    if (f.length === 2 && one(f[0]) && one(f[1])) {
      const [a, b] = [this.tensor(f[0].base).code, this.tensor(f[1].base).code];
      return this.apply(acc, "addcmul", `${a}, ${b}${this.coefArg(t.coef, "value")}`, into);
    }
    const div = f.length === 2 ? f.findIndex((x) => isNum(x.exp, "-1")) : -1;
    if (div >= 0 && one(f[1 - div])) {
      const [a, b] = [this.tensor(f[1 - div].base).code, this.tensor(f[div].base).code];
      return this.apply(acc, "addcdiv", `${a}, ${b}${this.coefArg(t.coef, "value")}`, into);
    }
    const x = this.product({ coef: [], factors: f }).code;
    return this.apply(acc, "add", `${x}${this.coefArg(t.coef, "alpha")}`, into);
  }

  /** acc + term, the term skipped at run time when its guard hyperparameter is 0. */
  private accumulate(acc: TVal, t: Term): TVal {
    if (t.guard === undefined) return this.addTerm(acc, t);
    let out = acc;
    if (!acc.owned) {
      out = { code: this.fresh(), owned: false, deps: acc.deps };
      this.emit(`${out.code} = ${acc.code}`);
    }
    this.emit(`if ${t.guard} != 0:`);
    this.depth++;
    this.guarded++;
    this.addTerm(out, t, out.owned ? undefined : out.code);
    this.guarded--;
    this.depth--;
    return out;
  }

  private sum(terms: readonly Term[], consts: readonly Expr[]): TVal {
    const rank = (t: Term) => (t.guard ? 2 : 0) + (isNum(product(t.coef), "1") ? 0 : 1);
    const order = [...terms].sort((a, b) => rank(a) - rank(b));
    let acc = this.product({ coef: order[0].coef, factors: order[0].factors });
    for (const t of order.slice(1)) acc = this.accumulate(acc, t);
    if (consts.length > 0) acc = this.apply(acc, "add", this.scope.hoist(total(consts)));
    return acc;
  }

  private copy(target: TVal, e: Expr): void {
    this.emit(...this.scope.ops.copy(target.code, this.tensor(e).code));
  }

  private invalidate(name: string): void {
    for (const [k, { deps }] of this.cache) if (deps.has(name)) this.cache.delete(k);
  }

  private assignLocal(a: Assignment, later: readonly Assignment[]): void {
    let v = this.tensor(a.value);
    const assigned = new Set(later.filter((b) => !b.local).map((b) => b.target));
    if (!v.owned && [...v.deps].some((d) => assigned.has(d))) {
      const t = this.fresh();
      this.emit(...this.scope.ops.clone(t, v.code));
      v = { code: t, owned: true, deps: new Set() };
    }
    const reads = later.reduce((n, b) => n + occurrences(b.value, a.target), 0);
    if (v.owned && reads > 1) v = { ...v, owned: false };
    this.values.set(a.target, v);
    this.invalidate(a.target);
  }

  private assignTarget(target: string, e: Expr): void {
    const self = this.values.get(target);
    if (!this.scope.targets.has(target) || self === undefined) {
      throw new UserError(
        "compile-target",
        `cannot compile the update: ${JSON.stringify(target)} is assigned but is neither a state ` +
          `variable nor the parameter (mark a temporary local)`,
      );
    }
    const T: TVal = { code: self.code, owned: true, deps: new Set() };
    const mentions = (x: Expr) => symbolsOf(x).has(target);
    const isSelf = (f: Factor) =>
      isNum(f.exp, "1") && f.base.kind === "sym" && f.base.name === target;
    const reads = (t: Term) => t.factors.some((f) => mentions(f.base) || mentions(f.exp));
    // T·X (X free of T): T.mul_(X), or T.mul_(c) / T.div_(c) for a scalar X.
    const scalable = (t: Term) =>
      t.factors.filter(isSelf).length === 1 &&
      !reads({ coef: [], factors: t.factors.filter((f) => !isSelf(f)) });
    const scale = (t: Term) => {
      const rest = t.factors.filter((f) => !isSelf(f));
      const s = rest.length === 0 ? this.scaleOp(t.coef) : null;
      if (rest.length > 0) this.apply(T, "mul", this.product({ coef: t.coef, factors: rest }).code);
      else if (s !== null) this.apply(T, s.op, s.code);
    };
    if (e.kind === "sym" && e.name === target) return;
    if (!mentions(e)) {
      if (!this.isTensor(e)) this.emit(...this.scope.ops.fill(T.code, this.scope.hoist(e)));
      else this.copy(T, e);
    } else if (e.kind === "add") {
      const { terms, consts } = splitSum(e, this.terms);
      const own = terms.filter(reads);
      if (own.length === 1 && scalable(own[0])) {
        scale(own[0]);
        for (const t of terms) if (t !== own[0]) this.accumulate(T, t);
        if (consts.length > 0) this.apply(T, "add", this.scope.hoist(total(consts)));
      } else this.copy(T, e);
    } else if (e.kind === "mul" && scalable(splitTerm(e, this.terms))) {
      scale(splitTerm(e, this.terms));
    } else this.copy(T, e);
    this.invalidate(target);
  }
}
