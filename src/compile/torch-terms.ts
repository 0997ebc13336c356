/**
 * Terms of the torch target's tensor expressions (./torch-tensor.ts): a value as a sum of terms
 * c·Π Fᵢ^eᵢ, c the scalar part (hyperparameters, k, per-step scalars), Fᵢ the per-element factors
 * with scalar exponents; like bases merged (G·G → G²) and like terms collected (a·G + b·G →
 * (a + b)·G).
 */
import type { Expr } from "../expr/types.js";

/** What the term analysis needs to know of the names. */
export interface TermContext {
  /** Whether e reads a per-element tensor. */
  isTensor(e: Expr): boolean;
  /** The identifier of an off-by-default numeric hyperparameter (its terms skipped at 0). */
  numberHyper(name: string): string | undefined;
}

export interface Factor {
  readonly base: Expr;
  readonly exp: Expr;
}
export interface Term {
  readonly coef: readonly Expr[];
  readonly factors: readonly Factor[];
  /** Skip the term when this numeric hyperparameter (a factor of coef) is 0. */
  readonly guard?: string;
}

export const ONE: Expr = { kind: "num", value: "1" };
export const isNum = (e: Expr, v: string): boolean => e.kind === "num" && e.value === v;
export const product = (xs: readonly Expr[]): Expr =>
  xs.length === 0 ? ONE : xs.length === 1 ? xs[0] : { kind: "mul", args: xs };
export const total = (xs: readonly Expr[]): Expr =>
  xs.length === 1 ? xs[0] : { kind: "add", args: xs };
export const key = (e: unknown): string => JSON.stringify(e);

function rational(v: string): [bigint, bigint] {
  const [p, q] = v.split("/");
  return [BigInt(p), BigInt(q ?? "1")];
}
function addRational(a: string, b: string): string {
  const [p1, q1] = rational(a);
  const [p2, q2] = rational(b);
  let [p, q] = [p1 * q2 + p2 * q1, q1 * q2];
  const gcd = (x: bigint, y: bigint): bigint => (y === 0n ? (x < 0n ? -x : x) : gcd(y, x % y));
  const g = gcd(p, q) || 1n;
  [p, q] = [p / g, q / g];
  return q === 1n ? `${p}` : `${p}/${q}`;
}
/** e → −e for a negative rational e, else null. */
export function flipped(e: Expr): Expr | null {
  return e.kind === "num" && e.value.startsWith("-")
    ? { kind: "num", value: e.value.slice(1) }
    : null;
}

export function symbolsOf(e: Expr, out = new Set<string>()): Set<string> {
  if (e.kind === "sym") out.add(e.name);
  else if (e.kind === "add" || e.kind === "mul" || e.kind === "call")
    e.args.forEach((a) => symbolsOf(a, out));
  else if (e.kind === "pow") {
    symbolsOf(e.base, out);
    symbolsOf(e.exp, out);
  }
  return out;
}

/** e with the symbols of `map` replaced by their values. */
export function substitute(e: Expr, map: ReadonlyMap<string, Expr>): Expr {
  if (map.size === 0 || e.kind === "num") return e;
  if (e.kind === "sym") return map.get(e.name) ?? e;
  if (e.kind === "pow") return { ...e, base: substitute(e.base, map), exp: substitute(e.exp, map) };
  return { ...e, args: e.args.map((a) => substitute(a, map)) };
}

export function splitTerm(e: Expr, ctx: TermContext): Term {
  const coef: Expr[] = [];
  const factors: Factor[] = [];
  const walk = (x: Expr): void => {
    if (!ctx.isTensor(x)) coef.push(x);
    else if (x.kind === "mul") x.args.forEach(walk);
    else if (x.kind === "pow" && !ctx.isTensor(x.exp)) factors.push({ base: x.base, exp: x.exp });
    else factors.push({ base: x, exp: ONE });
  };
  walk(e);
  // G·G → G², like bases with rational exponents merged.
  const merged: Factor[] = [];
  for (const f of factors) {
    const i = merged.findIndex((m) => key(m.base) === key(f.base));
    if (i >= 0 && merged[i].exp.kind === "num" && f.exp.kind === "num") {
      const v = addRational(merged[i].exp.value, f.exp.value);
      if (v === "0") merged.splice(i, 1);
      else merged[i] = { base: f.base, exp: { kind: "num", value: v } };
    } else merged.push(f);
  }
  const hyper = coef.find((c) => c.kind === "sym" && ctx.numberHyper(c.name));
  const guard = hyper?.kind === "sym" ? ctx.numberHyper(hyper.name) : undefined;
  return guard ? { coef, factors: merged, guard } : { coef, factors: merged };
}

/** A sum's tensor terms (like terms collected) and its scalar part. */
export function splitSum(e: Expr, ctx: TermContext): { terms: Term[]; consts: Expr[] } {
  const terms: Term[] = [];
  const consts: Expr[] = [];
  const walk = (x: Expr): void => {
    if (x.kind === "add") x.args.forEach(walk);
    else if (!ctx.isTensor(x)) consts.push(x);
    else {
      const t = splitTerm(x, ctx);
      const k = key(t.factors);
      const i = terms.findIndex((u) => key(u.factors) === k);
      if (i < 0) terms.push(t);
      else {
        const c = { kind: "add", args: [product(terms[i].coef), product(t.coef)] } as Expr;
        terms[i] = { coef: [c], factors: t.factors };
      }
    }
  };
  walk(e);
  return { terms, consts };
}

/** `value=c` / `alpha=c` text for a coefficient, or "" for 1. */

export function occurrences(e: Expr, name: string): number {
  if (e.kind === "sym") return e.name === name ? 1 : 0;
  if (e.kind === "num") return 0;
  if (e.kind === "pow") return occurrences(e.base, name) + occurrences(e.exp, name);
  return e.args.reduce((n, a) => n + occurrences(a, name), 0);
}
