/**
 * The expression tree: plain, immutable, JSON-able data (in the spirit of MathJSON).
 *
 * Nothing here knows about physics. Jet variables are ordinary symbols whose names carry the
 * derivative: `x'`, `x''` (time derivatives of a coordinate) and `u_tx` (a partial derivative of a
 * field); the variational layer gives those names their meaning.
 *
 * Conventions shared by every module of the core:
 * - `num.value` is an exact rational in lowest terms, written `"3"`, `"-3/4"` (denominator > 0);
 *   `num.text`, when present, is the decimal literal it was written as (`"0.75"`), only for display.
 * - Subtraction is `add(a, mul(-1, b))`; division is `mul(a, pow(b, -1))`.
 * - `add` and `mul` have at least two arguments.
 * - `call` applies a function. A name in {@link BUILTIN_FUNCTIONS} is the elementary function; any
 *   other name is an abstract function (`f(x)`, `V(x, y)`, `r(s, a)`). `d` (abstract functions only)
 *   lists the 0-based argument positions differentiated, sorted ascending: `V(x, y)` with `d: [0, 1]`
 *   is ∂²V/∂x∂y evaluated at (x, y). In the input syntax that reads `D12(V)(x, y)`; a function of one
 *   argument also reads `f'(x)`, `f''(x)`.
 */
import type { Decimal } from "decimal.js";
import type Fraction from "fraction.js";

export type Expr = Num | Sym | Add | Mul | Pow | Call;

export interface Num {
  readonly kind: "num";
  readonly value: string;
  /**
   * The literal as the user wrote it (`9.109e-31`, `0.5`), set by the parser for decimal literals
   * and kept by the normaliser while the number is unchanged; printing shows it instead of `value`.
   */
  readonly text?: string;
}
export interface Sym {
  readonly kind: "sym";
  readonly name: string;
}
export interface Add {
  readonly kind: "add";
  readonly args: readonly Expr[];
}
export interface Mul {
  readonly kind: "mul";
  readonly args: readonly Expr[];
}
export interface Pow {
  readonly kind: "pow";
  readonly base: Expr;
  readonly exp: Expr;
}
export interface Call {
  readonly kind: "call";
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly d?: readonly number[];
}

// ---------------------------------------------------------------------------------------------
// The canonical form (see rat.ts, poly.ts, atoms.ts): internal to the expression core.

/** A monomial: [atom id, nonzero exponent] pairs sorted by atom id (exponents may be negative). */
export type Mono = readonly (readonly [number, number])[];
export interface Term {
  readonly m: Mono;
  readonly c: Fraction;
}
/** Terms keyed by monomial key; never holds a zero coefficient. Treat as immutable. */
export type Poly = ReadonlyMap<string, Term>;

/** A normalised non-monomial polynomial factor of a denominator, with its multiplicity. */
export interface DenFactor {
  readonly p: Poly;
  readonly key: string;
  readonly e: number;
}
/** A canonical rational function num / Π den_i^e_i. */
export interface Rat {
  readonly num: Poly;
  readonly den: readonly DenFactor[];
}

export type AtomInfo =
  | { readonly kind: "sym"; readonly name: string }
  | {
      readonly kind: "call";
      readonly fn: string;
      readonly args: readonly Rat[];
      readonly d: readonly number[];
    }
  | { readonly kind: "root"; readonly base: Rat; readonly q: number }
  | { readonly kind: "pow"; readonly base: Rat; readonly exp: Rat };

export interface Atom {
  readonly id: number;
  /** Identity within this process (contains ids of sub-atoms). */
  readonly key: string;
  /** Process-independent order key used to print terms and factors deterministically. */
  readonly sortKey: string;
  readonly info: AtomInfo;
  /** Symbols the atom depends on. */
  readonly free: ReadonlySet<string>;
}

/** Syntax of every name: coordinates, fields, variables, parameters, functions. */
export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Elementary functions of one argument, known to every module (derivatives, evaluation, LaTeX). */
export const BUILTIN_FUNCTIONS = [
  "sin",
  "cos",
  "tan",
  "exp",
  "log",
  "sqrt",
  "sinh",
  "cosh",
  "tanh",
  "abs",
] as const;
export type BuiltinFunction = (typeof BUILTIN_FUNCTIONS)[number];

export function isBuiltin(fn: string): fn is BuiltinFunction {
  return (BUILTIN_FUNCTIONS as readonly string[]).includes(fn);
}

// Constructors. They build nodes as given (no simplification) apart from flattening trivial
// cases (a one-element sum is its element), so that printing round-trips.

export const num = (value: string | number | bigint): Num => ({
  kind: "num",
  value: String(value),
});
export const sym = (name: string): Sym => ({ kind: "sym", name });
export const add = (...args: Expr[]): Expr =>
  args.length === 0 ? num(0) : args.length === 1 ? args[0] : { kind: "add", args };
export const mul = (...args: Expr[]): Expr =>
  args.length === 0 ? num(1) : args.length === 1 ? args[0] : { kind: "mul", args };
export const pow = (base: Expr, exp: Expr): Pow => ({ kind: "pow", base, exp });
export const call = (fn: string, args: Expr[], d?: number[]): Call =>
  d && d.length > 0 ? { kind: "call", fn, args, d } : { kind: "call", fn, args };
export const neg = (e: Expr): Expr => mul(num(-1), e);
export const sub = (a: Expr, b: Expr): Expr => add(a, neg(b));
export const div = (a: Expr, b: Expr): Expr => mul(a, pow(b, num(-1)));

/** Every symbol name occurring in `e` (function names excluded). */
export function symbols(e: Expr, into: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case "num":
      break;
    case "sym":
      into.add(e.name);
      break;
    case "pow":
      symbols(e.base, into);
      symbols(e.exp, into);
      break;
    default:
      for (const a of e.args) symbols(a, into);
  }
  return into;
}

/** Every abstract (non-builtin) function name applied in `e`, with its arity. */
export function abstractFunctions(
  e: Expr,
  into: Map<string, number> = new Map(),
): Map<string, number> {
  if (e.kind === "call" && !isBuiltin(e.fn)) into.set(e.fn, e.args.length);
  if (e.kind === "pow") {
    abstractFunctions(e.base, into);
    abstractFunctions(e.exp, into);
  } else if (e.kind !== "num" && e.kind !== "sym")
    for (const a of e.args) abstractFunctions(a, into);
  return into;
}

/** Replace symbols by expressions (simultaneously). */
export function substitute(e: Expr, map: ReadonlyMap<string, Expr>): Expr {
  switch (e.kind) {
    case "num":
      return e;
    case "sym":
      return map.get(e.name) ?? e;
    case "pow":
      return pow(substitute(e.base, map), substitute(e.exp, map));
    case "add":
      return { kind: "add", args: e.args.map((a) => substitute(a, map)) };
    case "mul":
      return { kind: "mul", args: e.args.map((a) => substitute(a, map)) };
    case "call":
      return call(
        e.fn,
        e.args.map((a) => substitute(a, map)),
        e.d ? [...e.d] : undefined,
      );
  }
}

/** Number of nodes: the "expression size" reported by benchmarks and CLI output. */
export function size(e: Expr): number {
  switch (e.kind) {
    case "num":
    case "sym":
      return 1;
    case "pow":
      return 1 + size(e.base) + size(e.exp);
    default:
      return 1 + e.args.reduce((s, a) => s + size(a), 0);
  }
}

/**
 * Count of arithmetic operations, as SymPy's `count_ops` counts them (each binary +, −, ×, ÷, ^ and
 * each function application is one): the measure used to compare equation sizes with SymPy.
 */
export function countOps(e: Expr): number {
  switch (e.kind) {
    case "num":
    case "sym":
      return 0;
    case "pow":
      return 1 + countOps(e.base) + countOps(e.exp);
    case "call":
      return 1 + e.args.reduce((s, a) => s + countOps(a), 0);
    default:
      return e.args.length - 1 + e.args.reduce((s, a) => s + countOps(a), 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Numeric evaluation (evaluate.ts, random.ts, check.ts)

/** Values of symbols at one point. */
export type Env = Readonly<Record<string, number>>;

/** A concrete model of the abstract functions appearing in an expression. */
export interface FunctionModel {
  /**
   * ∂^d fn at `args`: `d` is the sorted list of 0-based argument positions differentiated (with
   * repetitions for higher derivatives, e.g. `[0, 0]` is f''), possibly empty for the value itself.
   */
  value(fn: string, d: readonly number[], args: readonly number[]): number;
  /** The same in high precision (see precise.ts); a model without it is not re-checked. */
  precise?(fn: string, d: readonly number[], args: readonly Decimal[]): Decimal;
}

/** A source of uniform random numbers. */
export interface Rng {
  /** The next number, uniform in [0, 1). */
  next(): number;
}
