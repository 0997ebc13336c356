/**
 * Automatic normalisation: constructors that build expression trees as written, applying only the
 * cheap rewrites that SymPy and Symbolics.jl apply when a node is built:
 *
 *   flatten       (a + b) + c = a + b + c,   (a·b)·c = a·b·c,   2·(x + y) = 2·x + 2·y (a number
 *                 times a single sum is distributed, as in SymPy)
 *   fold numbers  2 + 3 = 5,  2·3 = 6,  2^3 = 8,  4^(1/2) = 2,  8^(1/2) = 2·2^(1/2)  (exact)
 *   like terms    2·x·y + 3·y·x = 5·x·y,   x − x = 0
 *   equal bases   x^a·x^b = x^(a+b),   x·x = x²,   exp(a)·exp(b) = exp(a + b)
 *   identities    x + 0 = x,  1·x = x,  0·x = 0,  x^1 = x,  x^0 = 1,  1^x = 1
 *   powers        (x^a)^n = x^(a·n) and (c·y)^n = c^n·y^n for integer n (never (x²)^(1/2) = x);
 *                 (c·y)^e = c^e·y^e for c > 0 when c^e is rational; exp(u)^e = exp(e·u)
 *   functions     sqrt(u) = u^(1/2); sin(0) = 0, cos(0) = exp(0) = 1, log(1) = 0, log(exp(u)) = u,
 *                 exp(log(u)) = u; sin(−u) = −sin(u), cos(−u) = cos(u) (odd and even functions)
 *
 * and nothing else: no product of sums is expanded, no power of a sum, no common denominator. The
 * result of each constructor is a normalised node; its arguments are kept in a deterministic
 * order (see {@link order}), so that equal normalised trees are equal as data and share an
 * interned id ({@link idOf}). These forms are equal to their inputs wherever both are defined.
 */
import Fraction from "fraction.js";
import { UserError } from "../../errors.js";
import { BUILTINS } from "../builtins.js";
import { call, isBuiltin, num, type Expr, type Num, type Pow } from "../types.js";
import { byOrder, freeOf, idOf } from "./identity.js";
import { fraction, isNum, numberFrom, numPow, ONE, rational, rootSplit, ZERO } from "./numbers.js";

export { dependsOn, freeOf, idOf, order } from "./identity.js";
export { fraction, ONE, rational, ZERO } from "./numbers.js";

// ---------------------------------------------------------------------------------------------
// Sums

/** c·rest for a term: its numeric coefficient and the rest (undefined for a lone number). */
function splitCoefficient(e: Expr): [Fraction, Expr | undefined] {
  if (e.kind === "num") return [fraction(e), undefined];
  if (e.kind === "mul" && e.args[0].kind === "num") {
    const rest = e.args.slice(1);
    return [fraction(e.args[0]), rest.length === 1 ? rest[0] : { kind: "mul", args: rest }];
  }
  return [new Fraction(1), e];
}

/** c·x as a normalised node (x normalised and not itself led by a number); c computed from `from`. */
function scaled(c: Fraction, x: Expr, from: readonly Num[] = []): Expr {
  if (c.equals(0)) return ZERO;
  if (c.equals(1)) return x;
  const n = numberFrom(c, from);
  if (x.kind === "mul") return { kind: "mul", args: [n, ...x.args] };
  return { kind: "mul", args: [n, x] };
}

/** The normalised sum of normalised terms (rules in the module comment). */
export function sum(...terms: Expr[]): Expr {
  let constant = new Fraction(0);
  const constants: Num[] = [];
  // A term alone in its group is kept as it is (a literal 0.5 in 0.5·x keeps its text).
  const groups = new Map<number, { rest: Expr; c: Fraction; terms: Expr[] }>();
  const coefficientOf = (t: Expr): Num[] =>
    t.kind === "mul" && t.args[0].kind === "num" ? [t.args[0]] : [];
  const visit = (t: Expr): void => {
    if (t.kind === "add") return t.args.forEach(visit);
    const [c, rest] = splitCoefficient(t);
    if (rest === undefined) {
      constant = constant.add(c);
      constants.push(t as Num);
      return;
    }
    const id = idOf(rest);
    const g = groups.get(id);
    if (g) {
      g.c = g.c.add(c);
      g.terms.push(t);
    } else groups.set(id, { rest, c, terms: [t] });
  };
  terms.forEach(visit);
  const out: Expr[] = [];
  for (const { rest, c, terms } of groups.values())
    if (!c.equals(0))
      out.push(terms.length === 1 ? terms[0] : scaled(c, rest, terms.flatMap(coefficientOf)));
  out.sort(byOrder);
  if (!constant.equals(0)) out.unshift(numberFrom(constant, constants));
  if (out.length === 0) return ZERO;
  if (out.length === 1) return out[0];
  return { kind: "add", args: out };
}

/** a − b, normalised. */
export const difference = (a: Expr, b: Expr): Expr => sum(a, negate(b));

/** −a, normalised. */
export const negate = (a: Expr): Expr => product(num(-1), a);

// ---------------------------------------------------------------------------------------------
// Products

/** A product's factors: numerator before denominator, each by {@link order}. */
const byFactorOrder = (a: Expr, b: Expr) => {
  const da = isDenominator(a);
  const db = isDenominator(b);
  return da !== db ? (da ? 1 : -1) : byOrder(a, b);
};

const isDenominator = (e: Expr) =>
  e.kind === "pow" && e.exp.kind === "num" && fraction(e.exp).s < 0;

/**
 * The numeric factor to take out of a sum that stands among other factors: the gcd g of its
 * coefficients when g is an integer > 1 or all coefficients are ±g (2x − 2a → 2, ½x + ½y → ½),
 * negated when every coefficient is negative; 1 when there is none.
 */
function content(s: Expr & { kind: "add" }): Fraction {
  const cs = s.args.map((t) => splitCoefficient(t)[0]);
  let g = cs[0].abs();
  for (const x of cs.slice(1)) g = g.gcd(x);
  if (!(g.d === 1n && g.n > 1n) && !cs.every((x) => x.abs().equals(g))) g = new Fraction(1);
  return cs.every((x) => x.s < 0) ? g.neg() : g;
}

/** base^exp for a factor (exp a number node, or any normalised expression). */
function splitPower(e: Expr): [Expr, Expr] {
  if (e.kind === "pow") return [e.base, e.exp];
  return [e, ONE];
}

/** The normalised product of normalised factors (rules in the module comment). */
export function product(...factors: Expr[]): Expr {
  let c = new Fraction(1);
  const numbers: Num[] = [];
  const groups = new Map<number, { base: Expr; exps: Expr[] }>();
  const exps: Expr[] = []; // arguments of exp(·) factors, combined into one exp
  let zero = false;
  const visit = (f: Expr): void => {
    if (f.kind === "mul") return f.args.forEach(visit);
    if (f.kind === "num") {
      numbers.push(f);
      c = c.mul(fraction(f));
      if (c.equals(0)) zero = true;
      return;
    }
    if (f.kind === "call" && f.fn === "exp") {
      exps.push(f.args[0]);
      return;
    }
    const [base, exp] = splitPower(f);
    const id = idOf(base);
    const g = groups.get(id);
    if (g) g.exps.push(exp);
    else groups.set(id, { base, exps: [exp] });
  };
  factors.forEach(visit);
  if (zero) return ZERO;
  const out: Expr[] = [];
  const absorb = (f: Expr): void => {
    if (f.kind === "num") c = c.mul(fraction(f));
    else if (f.kind === "mul") f.args.forEach(absorb);
    else out.push(f);
  };
  for (const { base, exps } of groups.values()) {
    const e = exps.length === 1 ? exps[0] : sum(...exps);
    absorb(exps.length === 1 && exps[0] === ONE ? base : power(base, e));
  }
  if (exps.length) absorb(apply("exp", [sum(...exps)]));
  if (c.equals(0)) return ZERO;
  // The coefficient node: a lone literal factor, unchanged, is kept (with its text: 9.109e-31).
  const coefficient = (): Num => numberFrom(c, numbers);
  // A number times one sum is distributed, as SymPy does: −(a − b) = b − a, 2·(x + y) = 2x + 2y.
  if (out.length === 1 && out[0].kind === "add" && !c.equals(1)) {
    return sum(...out[0].args.map((t) => product(coefficient(), t)));
  }
  // Among other factors, a sum's numeric content joins the coefficient: ½·(2x − 2a)·y = (x − a)·y.
  if (out.length > 1) {
    for (let i = 0; i < out.length; i++) {
      const f = out[i];
      if (f.kind !== "add") continue;
      const g = content(f);
      if (g.equals(1)) continue;
      c = c.mul(g);
      out[i] = sum(...f.args.map((t) => product(rational(g.inverse()), t)));
    }
    // A negative coefficient goes into the one sum among the factors when that adds no minus sign:
    // −(x − a)·y = (a − x)·y, as SymPy writes the derivative of 1/√((x − a)² + …).
    const sums = out.filter((f) => f.kind === "add");
    if (c.s < 0 && sums.length === 1) {
      const terms = (sums[0] as Expr & { kind: "add" }).args;
      const minus = terms.filter((t) => splitCoefficient(t)[0].s < 0).length;
      if (terms.length - minus <= minus) {
        c = c.neg();
        out[out.indexOf(sums[0])] = sum(...terms.map((t) => product(num(-1), t)));
      }
    }
  }
  out.sort(byFactorOrder);
  if (!c.equals(1)) out.unshift(coefficient());
  if (out.length === 0) return ONE;
  if (out.length === 1) return out[0];
  return { kind: "mul", args: out };
}

/** a / b, normalised. */
export const quotient = (a: Expr, b: Expr): Expr => product(a, power(b, num(-1)));

// ---------------------------------------------------------------------------------------------
// Powers

/** base^exp, normalised (rules in the module comment). */
export function power(base: Expr, exp: Expr): Expr {
  if (isNum(exp, 0)) return ONE;
  if (isNum(exp, 1)) return base;
  if (isNum(base, 1)) return ONE;
  if (base.kind === "num" && exp.kind === "num") {
    if (fraction(base).equals(0) && fraction(exp).s < 0) {
      throw new UserError(
        "division-by-zero",
        "division by zero: a denominator is identically zero",
      );
    }
    const v = numPow(fraction(base), fraction(exp));
    if (v !== undefined) return rational(v);
    // Pull out the integer part of the exponent, 2^(3/2) = 2·2^(1/2), and perfect powers of small
    // primes, 8^(1/2) = 2·2^(1/2) (only for positive integer bases: (−8)^(1/3) stays as written).
    const b = fraction(base);
    const e = fraction(exp);
    const whole = e.floor();
    if (!whole.equals(0) && !b.equals(0)) {
      return product(rational(b.pow(whole)), power(base, rational(e.sub(whole))));
    }
    if (b.s > 0 && b.d === 1n && e.n === 1n) {
      const [o, i] = rootSplit(b.n, Number(e.d));
      if (o > 1n) return product(num(o), power(num(i), exp));
    }
    return { kind: "pow", base, exp };
  }
  const integer = exp.kind === "num" && fraction(exp).d === 1n;
  if (integer) {
    if (base.kind === "pow") return power(base.base, product(base.exp, exp));
    if (base.kind === "mul" && base.args[0].kind === "num") {
      const [c, rest] = splitCoefficient(base);
      return product(rational(c.pow(fraction(exp as Num))), power(rest!, exp));
    }
  }
  // exp(u)^e = exp(e·u) (exp is positive); (c·y)^e = c^e·y^e for c > 0 when c^e is rational.
  if (base.kind === "call" && base.fn === "exp") return apply("exp", [product(exp, base.args[0])]);
  if (base.kind === "mul" && base.args[0].kind === "num" && exp.kind === "num") {
    const [c, rest] = splitCoefficient(base);
    const ce = c.s > 0 ? numPow(c, fraction(exp)) : undefined;
    if (ce !== undefined) return product(rational(ce), power(rest!, exp));
  }
  return { kind: "pow", base, exp } satisfies Pow;
}

// ---------------------------------------------------------------------------------------------
// Function applications

/**
 * Whether −u is the preferred form of u (then sin(u) prints as −sin(−u)): u is a negative number,
 * a product led by one, or a sum with more negative terms than positive (ties: the first term).
 */
export function leadsWithMinus(u: Expr): boolean {
  const neg = (t: Expr) => splitCoefficient(t)[0].s < 0;
  if (u.kind !== "add") return neg(u);
  const n = u.args.filter(neg).length;
  const first = u.args.find((t) => t.kind !== "num") ?? u.args[0];
  return 2 * n > u.args.length || (2 * n === u.args.length && neg(first));
}

/** fn(args) with the derivative multi-index d (abstract functions), normalised. */
export function apply(fn: string, args: Expr[], d?: readonly number[]): Expr {
  if (!isBuiltin(fn))
    return call(fn, args, d && d.length ? [...d].sort((a, b) => a - b) : undefined);
  let [u] = args;
  if (fn === "sqrt") return power(u, num("1/2"));
  const row = BUILTINS[fn];
  if (isNum(u, 0) && row.atZero !== undefined) return num(row.atZero);
  if (fn === "log") {
    if (isNum(u, 1)) return ZERO;
    if (u.kind === "call" && u.fn === "exp") return u.args[0];
  }
  if (fn === "exp" && u.kind === "call" && u.fn === "log") return u.args[0];
  if (fn === "abs" && u.kind === "num") return rational(fraction(u).abs());
  if (row.parity && leadsWithMinus(u)) {
    u = negate(u);
    const inner = call(fn, [u]);
    return row.parity === "odd" ? negate(inner) : inner;
  }
  return call(fn, [u]);
}

// ---------------------------------------------------------------------------------------------
// Whole trees

const normalised = new WeakSet<Expr>();
const normalForm = new WeakMap<Expr, Expr>();

/** Rebuild any tree bottom-up with the normalising constructors (cached per input node). */
export function normalise(e: Expr): Expr {
  if (normalised.has(e)) return e;
  const known = normalForm.get(e);
  if (known) return known;
  let out: Expr;
  switch (e.kind) {
    case "num":
      // An already-normal number is kept as it is, with the literal text it may carry (0.5).
      out = rational(fraction(e)).value === e.value ? e : rational(fraction(e));
      break;
    case "sym":
      out = e;
      break;
    case "add":
      out = sum(...e.args.map(normalise));
      break;
    case "mul":
      out = product(...e.args.map(normalise));
      break;
    case "pow":
      out = power(normalise(e.base), normalise(e.exp));
      break;
    case "call":
      out = apply(e.fn, e.args.map(normalise), e.d);
      break;
  }
  normalised.add(out);
  normalForm.set(e, out);
  return out;
}

/** Replace symbols simultaneously, normalising the result. */
export function replace(e: Expr, map: ReadonlyMap<string, Expr>): Expr {
  if (map.size === 0) return normalise(e);
  const free = freeOf(e);
  if (![...map.keys()].some((k) => free.has(k))) return normalise(e);
  switch (e.kind) {
    case "num":
      return normalise(e);
    case "sym":
      return map.has(e.name) ? normalise(map.get(e.name)!) : e;
    case "add":
      return sum(...e.args.map((a) => replace(a, map)));
    case "mul":
      return product(...e.args.map((a) => replace(a, map)));
    case "pow":
      return power(replace(e.base, map), replace(e.exp, map));
    case "call":
      return apply(
        e.fn,
        e.args.map((a) => replace(a, map)),
        e.d,
      );
  }
}
