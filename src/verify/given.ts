/**
 * Reading a claim's formal statement (`given:`): expressions in the input syntax over the symbols
 * a checker allows, numbers, relations. Bad input is a UserError naming the claim and the field.
 */
import { UserError } from "../errors.js";
import { symbols, type Expr } from "../expr/types.js";
import { evaluate } from "../expr/numeric/evaluate.js";
import { parse } from "../expr/syntax/parse.js";
import type { ClaimSpec } from "../derivation-files/claims.js";

/** The formal statement of one claim, read field by field. */
export class Given {
  constructor(
    readonly claim: ClaimSpec,
    readonly file: string,
  ) {}

  fail(key: string, what: string): never {
    throw new UserError("spec", `${this.file}: claim ${this.claim.id}: given '${key}' ${what}`);
  }

  /** The expression `key` (required), in the symbols `allowed` only. */
  expr(key: string, allowed: readonly string[]): Expr {
    const raw = this.claim.given[key];
    if (raw === undefined) this.fail(key, `is required (an expression in ${allowed.join(", ")})`);
    if (typeof raw === "boolean") this.fail(key, "must be an expression, not a boolean");
    let e: Expr;
    try {
      e = parse(String(raw));
    } catch (err) {
      return this.fail(key, `does not parse: ${err instanceof Error ? err.message : String(err)}`);
    }
    const extra = [...symbols(e)].filter((s) => !allowed.includes(s));
    if (extra.length > 0)
      this.fail(key, `uses ${extra.join(", ")}; allowed symbols: ${allowed.join(", ")}`);
    return e;
  }

  /** The value of expression `key` at `env`. */
  value(key: string, allowed: readonly string[], env: Record<string, number>): number {
    return evaluate(this.expr(key, allowed), env);
  }

  /** A number (required unless `fallback` is given). */
  number(key: string, fallback?: number): number {
    const raw = this.claim.given[key];
    if (raw === undefined && fallback !== undefined) return fallback;
    const v = typeof raw === "number" ? raw : Number(raw);
    if (typeof raw === "boolean" || raw === undefined || !Number.isFinite(v))
      this.fail(key, "must be a number");
    return v;
  }

  /** An integer in lo…hi (required unless `fallback` is given). */
  integer(key: string, lo: number, hi: number, fallback?: number): number {
    const v = this.number(key, fallback);
    if (!Number.isInteger(v) || v < lo || v > hi)
      this.fail(key, `must be an integer in ${lo}…${hi}`);
    return v;
  }

  /** A tolerance in (0, hi) (required unless `fallback` is given). */
  tolerance(key: string, hi: number, fallback?: number): number {
    const v = this.number(key, fallback);
    if (!(v > 0 && v < hi)) this.fail(key, `must be in (0, ${hi})`);
    return v;
  }

  /** A text (required unless `fallback` is given). */
  text(key: string, fallback?: string): string {
    const raw = this.claim.given[key];
    if (raw === undefined && fallback !== undefined) return fallback;
    if (typeof raw !== "string") this.fail(key, "must be a text");
    return raw as string;
  }
}

/** A relation `<= c`, `>= c`, `< c`, `> c` or `= c`, as a predicate with its wording. */
export function relation(g: Given, key: string): { holds: (x: number) => boolean; text: string } {
  const m = /^(<=|>=|<|>|=)\s*(-?[0-9.eE+-]+)$/.exec(g.text(key).trim());
  if (!m || !Number.isFinite(Number(m[2])))
    g.fail(key, "must be a relation such as '<= 0' (one of <=, >=, <, >, = and a number)");
  const [op, c] = [m![1], Number(m![2])];
  const holds = (x: number) =>
    op === "<=" ? x <= c : op === ">=" ? x >= c : op === "<" ? x < c : op === ">" ? x > c : x === c;
  return { holds, text: `${op} ${c}` };
}
