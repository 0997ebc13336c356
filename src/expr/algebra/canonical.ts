/**
 * Canonical form: Expr ⇄ Rat (canonical rational function in atoms, see rat.ts).
 *
 *   simplify(e)  = the canonical form of e, printed back as an Expr
 *   isZero(e)    ⇔ e ≡ 0 as a rational function of its atoms (decided exactly for polynomial and
 *                  rational expressions; for transcendental ones a `true` is always right, a
 *                  `false` may miss identities such as sin² + cos² = 1)
 *
 * Function applications are normalised on the way in: sqrt(u) = u^(1/2); sin, tan, sinh, tanh are
 * odd and cos, cosh, abs even (sin(th2 − th1) = −sin(th1 − th2)); sin(0) = 0, cos(0) = exp(0) = 1,
 * log(1) = 0, log(exp(u)) = u.
 */
import Fraction from "fraction.js";
import { UserError } from "../../errors.js";
import { BUILTINS } from "../builtins.js";
import { atom, intern, symAtom, type Atom } from "./atoms.js";
import {
  monoGcd,
  monoKey,
  ONE_Q,
  polyContent,
  polyScale,
  type Mono,
  type Poly,
  type Term,
} from "./poly.js";
import {
  leadingSign,
  polySortKey,
  RAT_ONE,
  RAT_ZERO,
  ratAdd,
  ratAtom,
  ratConst,
  ratConstValue,
  ratFree,
  ratIsZero,
  ratKey,
  ratMul,
  ratNeg,
  ratPowInt,
  ratRoot,
  ratSortKey,
  type Rat,
} from "./rat.js";
import { add, call, isBuiltin, mul, num, pow, sym, type Expr } from "../types.js";

const cache = new WeakMap<Expr, Rat>();

/** The canonical rational function of an expression. */
export function toRat(e: Expr): Rat {
  let r = cache.get(e);
  if (!r) {
    r = convert(e);
    cache.set(e, r);
  }
  return r;
}

function convert(e: Expr): Rat {
  switch (e.kind) {
    case "num":
      return ratConst(new Fraction(e.value));
    case "sym":
      return ratAtom(symAtom(e.name).id);
    case "add":
      return e.args.reduce((s, a) => ratAdd(s, toRat(a)), RAT_ZERO);
    case "mul":
      return e.args.reduce((s, a) => ratMul(s, toRat(a)), RAT_ONE);
    case "pow":
      return ratPow(toRat(e.base), toRat(e.exp));
    case "call":
      return callRat(
        e.fn,
        e.args.map((a) => toRat(a)),
        e.d ?? [],
      );
  }
}

/** base^exp in canonical form. */
function ratPow(base: Rat, exp: Rat): Rat {
  const k = ratConstValue(exp);
  if (k !== undefined) {
    if (k.d === 1n) return ratPowInt(base, Number(k.s * k.n));
    return ratRoot(base, Number(k.s * k.n), Number(k.d));
  }
  if (ratConstValue(base)?.equals(1)) return RAT_ONE;
  const free = new Set([...ratFree(base), ...ratFree(exp)]);
  const a = intern(
    `p:${ratKey(base)}:${ratKey(exp)}`,
    `~(${ratSortKey(base)})^(${ratSortKey(exp)})`,
    { kind: "pow", base, exp },
    free,
  );
  return ratAtom(a.id);
}

/** fn(args) in canonical form, with the derivative multi-index d for abstract functions. */
export function callRat(fn: string, args: Rat[], d: readonly number[] = []): Rat {
  if (isBuiltin(fn)) {
    if (args.length !== 1) throw new UserError("arity", `${fn} takes exactly one argument`);
    let [u] = args;
    if (fn === "sqrt") return ratRoot(u, 1, 2);
    if (ratIsZero(u)) {
      if (fn === "log") throw new UserError("domain", "log(0) is undefined");
      if (fn === "abs") return RAT_ZERO;
      return ratConst(BUILTINS[fn].atZero!);
    }
    if (fn === "log") {
      if (ratConstValue(u)?.equals(1)) return RAT_ZERO;
      const inner = singleAtom(u);
      if (inner && inner.info.kind === "call" && inner.info.fn === "exp") return inner.info.args[0];
    }
    let sign = 1;
    const parity = BUILTINS[fn].parity;
    if (parity && leadingSign(u.num) < 0) {
      u = ratNeg(u);
      if (parity === "odd") sign = -1;
    }
    const a = makeCallAtom(fn, [u], []);
    return sign < 0 ? ratNeg(ratAtom(a.id)) : ratAtom(a.id);
  }
  return ratAtom(
    makeCallAtom(
      fn,
      args,
      [...d].sort((x, y) => x - y),
    ).id,
  );
}

function makeCallAtom(fn: string, args: readonly Rat[], d: readonly number[]): Atom {
  const dk = d.length ? `[${d.join(",")}]` : "";
  const free = new Set<string>();
  for (const a of args) for (const s of ratFree(a)) free.add(s);
  return intern(
    `c:${fn}${dk}(${args.map(ratKey).join(";")})`,
    `${fn}${dk}(${args.map(ratSortKey).join(";")})`,
    { kind: "call", fn, args, d },
    free,
  );
}

/** The atom a, when r is exactly a¹. */
function singleAtom(r: Rat): Atom | undefined {
  if (r.den.length || r.num.size !== 1) return undefined;
  const [t] = r.num.values();
  return t.c.equals(1) && t.m.length === 1 && t.m[0][1] === 1 ? atom(t.m[0][0]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Back to expressions.

const fracExpr = (c: Fraction): Expr => num(c.toFraction());

/** The expression of an atom. */
function atomExpr(a: Atom): Expr {
  const info = a.info;
  switch (info.kind) {
    case "sym":
      return sym(info.name);
    case "call":
      return call(
        info.fn,
        info.args.map((a) => toExpr(a)),
        info.d.length ? [...info.d] : undefined,
      );
    case "root":
      return info.q === 2
        ? call("sqrt", [toExpr(info.base)])
        : pow(toExpr(info.base), num(`1/${info.q}`));
    case "pow":
      return pow(toExpr(info.base), toExpr(info.exp));
  }
}

function factorExpr(id: number, e: number): Expr {
  const a = atom(id);
  const base = atomExpr(a);
  if (a.info.kind === "root" && a.info.q !== 2) {
    return pow(toExpr(a.info.base), num(new Fraction(e, a.info.q).toFraction()));
  }
  return e === 1 ? base : pow(base, num(e));
}

/**
 * Print order of a monomial's factors: numerator before denominator; within each, parameters and
 * coordinates, then function applications and radicals, then derivatives (x', u_t …); then by name.
 */
function factorOrder([id, e]: readonly [number, number]): string {
  const a = atom(id);
  const cls = a.info.kind !== "sym" ? 1 : /['_]/.test(a.info.name) ? 2 : 0;
  return `${e < 0 ? 1 : 0}${cls}${a.sortKey}`;
}

function monoFactors(m: Mono): Expr[] {
  return [...m]
    .map((f) => ({ f, k: factorOrder(f) }))
    .sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0))
    .map(({ f: [a, e] }) => factorExpr(a, e));
}

function termExpr(c: Fraction, m: Mono): Expr {
  const fs = monoFactors(m);
  if (c.equals(1)) return mul(...fs);
  return mul(fracExpr(c), ...fs);
}

const isDenominator = (e: Expr) =>
  e.kind === "pow" && e.exp.kind === "num" && e.exp.value.startsWith("-");

/** A product with its denominator factors moved last (stable otherwise): g*(m1 + m2)/l1. */
function orderedMul(args: readonly Expr[]): Expr {
  return mul(...args.filter((a) => !isDenominator(a)), ...args.filter(isDenominator));
}

const termKey = (m: Mono) =>
  m
    .map(([a, e]) => `${atom(a).sortKey}^${e}`)
    .sort()
    .join("*");
const byKey = <T extends { k: string }>(x: T, y: T) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0);

function sortedTerms(ts: readonly Term[]): Expr[] {
  return ts
    .map((t) => ({ t, k: termKey(t.m) }))
    .sort(byKey)
    .map(({ t }) => termExpr(t.c, t.m));
}

/**
 * Terms grouped by their transcendental part (function applications, radicals):
 * g·m1·sin(th) + g·m2·sin(th) prints as g·(m1 + m2)·sin(th). Only the printing changes.
 */
function collected(p: Poly): Expr[] {
  const groups = new Map<string, { T: Mono; terms: Term[] }>();
  const plain: Term[] = [];
  for (const t of p.values()) {
    const T = t.m.filter(([a]) => atom(a).info.kind !== "sym");
    if (T.length === 0) plain.push(t);
    else {
      const k = termKey(T);
      const g = groups.get(k) ?? { T, terms: [] };
      g.terms.push(t);
      groups.set(k, g);
    }
  }
  const out = plain.map((t) => ({ e: termExpr(t.c, t.m), k: termKey(t.m) }));
  for (const [k, { T, terms }] of groups) {
    if (terms.length === 1) {
      out.push({ e: termExpr(terms[0].c, terms[0].m), k: termKey(terms[0].m) });
      continue;
    }
    const coef: Poly = new Map(
      terms.map((t) => {
        const m = t.m.filter(([a]) => atom(a).info.kind === "sym");
        return [monoKey(m), { m, c: t.c }];
      }),
    );
    const ce = polyExpr(coef, true);
    out.push({ e: orderedMul([...(ce.kind === "mul" ? ce.args : [ce]), ...monoFactors(T)]), k });
  }
  return out.sort(byKey).map(({ e }) => e);
}

/** Atoms with a negative exponent in every term, at the power closest to 0: m1/l1 + m2/l1 → /l1. */
function commonNegative(p: Poly): Mono {
  let common: Map<number, number> | undefined;
  for (const t of p.values()) {
    const here = new Map(t.m.filter(([, e]) => e < 0));
    if (!common) common = here;
    else
      for (const [a, e] of common) {
        const f = here.get(a);
        if (f === undefined) common.delete(a);
        else common.set(a, Math.max(e, f));
      }
  }
  return [...(common ?? [])];
}

/** A polynomial as a sum of terms in a deterministic order; pulls out a common factor if asked. */
function polyExpr(p: Poly, factorOut: boolean): Expr {
  if (p.size === 0) return num(0);
  let c: Fraction = ONE_Q;
  let g: Mono = [];
  if (factorOut && p.size > 1) {
    g = [...monoGcd(p).filter(([, e]) => e > 0), ...commonNegative(p)].sort((x, y) => x[0] - y[0]);
    const content = polyContent(p);
    const allNegative = [...p.values()].every((t) => t.c.compare(0) < 0);
    c = allNegative ? content.abs().neg() : content.abs();
    if (g.length || !c.equals(1)) {
      p = polyScale(
        p,
        c.inverse(),
        g.map(([a, e]) => [a, -e] as const),
      );
    }
  }
  const sum = add(...(factorOut ? collected(p) : sortedTerms([...p.values()])));
  if (g.length === 0 && c.equals(1)) return sum;
  return orderedMul([...(c.equals(1) ? [] : [fracExpr(c)]), ...monoFactors(g), sum]);
}

/** A canonical rational function as an expression (numerator over factored denominator). */
export function toExpr(r: Rat, opts: { factor?: boolean } = {}): Expr {
  const e = buildExpr(r, opts.factor ?? true);
  if (typeof e === "object") cache.set(e, r); // the printed form converts back for free
  return e;
}

function buildExpr(r: Rat, factorOut: boolean): Expr {
  const n = polyExpr(r.num, factorOut);
  if (r.den.length === 0) return n;
  const dens = [...r.den]
    .sort((a, b) => (polySortKey(a.p) < polySortKey(b.p) ? -1 : 1))
    .map((f) => pow(polyExpr(f.p, false), num(-f.e)));
  if (n.kind === "num" && n.value === "1") return mul(...dens);
  return n.kind === "mul" ? mul(...n.args, ...dens) : mul(n, ...dens);
}

/** The canonical (expanded, collected) form of e. */
export function simplify(e: Expr): Expr {
  return toExpr(toRat(e));
}

/** Fully expanded canonical form (no common factors pulled out). */
export function expand(e: Expr): Expr {
  return toExpr(toRat(e), { factor: false });
}

/** True when e is identically zero (see the module comment for what is decided). */
export function isZero(e: Expr): boolean {
  return ratIsZero(toRat(e));
}

/** True when a − b is identically zero. */
export function equivalent(a: Expr, b: Expr): boolean {
  return ratIsZero(ratAdd(toRat(a), ratNeg(toRat(b))));
}

/** The symbols e depends on after simplification (x − x depends on nothing). */
export function freeSymbols(e: Expr): Set<string> {
  return ratFree(toRat(e));
}
