/**
 * Lowering a solved step to code-like assignments: the equations x[k] = value(…[k−1], …[k]) of a
 * step, in order, become `x = value` statements that read current values (the update-rule format of
 * ../proof/types.ts), and the subexpressions that change only from step to step (bias corrections
 * 1 − β₁^k) become named per-step scalars.
 */
import { freeOf, replace } from "../expr/algebra.js";
import { sym, type Expr } from "../expr/types.js";
import { splitIndexed } from "./discrete.js";

/** `target = value`; `local` marks a temporary of the step. */
export interface Lowered {
  readonly target: string;
  readonly value: Expr;
  readonly local?: true;
}

/**
 * Statements for the equations `[x[k] or a plain local name, value]`, in order. In each value
 * x[k−1] reads x before its update (saved first in a local `x_prev` if x is updated earlier in the
 * step), x[k] reads x after it (which must come earlier). Throws an Error with a message for the
 * user when a value reads a new value not yet computed, or another step than k − 1 and k.
 */
export function lowerStep(
  equations: readonly (readonly [string, Expr])[],
  index: string,
  reserved: ReadonlySet<string>,
): Lowered[] {
  const assigned = new Set<string>();
  const saved = new Map<string, string>();
  const body: Lowered[] = [];
  for (const [name, value] of equations) {
    const target = splitIndexed(name);
    if (target && (target.index !== index || target.offset !== 0))
      throw new Error(`the new value ${name} is not at step ${index}`);
    const map = new Map<string, Expr>();
    for (const s of freeOf(value)) {
      const ix = splitIndexed(s);
      if (!ix) continue;
      if (ix.index !== index || (ix.offset !== 0 && ix.offset !== -1))
        throw new Error(`${s}: an update may read only steps ${index} − 1 and ${index}`);
      if (ix.offset === 0) {
        if (!assigned.has(ix.base))
          throw new Error(`${name} reads ${s}, which is not computed before it`);
        map.set(s, sym(ix.base));
      } else if (assigned.has(ix.base)) {
        let prev = saved.get(ix.base);
        if (prev === undefined) {
          prev = fresh(`${ix.base}_prev`, reserved);
          saved.set(ix.base, prev);
        }
        map.set(s, sym(prev));
      } else map.set(s, sym(ix.base));
    }
    const base = target ? target.base : name;
    body.push(
      target
        ? { target: base, value: replace(value, map) }
        : {
            target: base,
            value: replace(value, map),
            local: true,
          },
    );
    assigned.add(base);
  }
  const saves: Lowered[] = [...saved].map(([x, prev]) => ({
    target: prev,
    value: sym(x),
    local: true,
  }));
  return [...saves, ...body];
}

/** `name`, or `name2`, `name3`… the first not in `taken`. */
export function fresh(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name}${i}`)) return `${name}${i}`;
}

/**
 * Per-step scalars: every largest subexpression that depends on the step number `index` and
 * otherwise only on `perStep` names (hyperparameters) becomes a scalar `c1`, `c2`… (equal ones
 * once), computed once per step; the statements refer to it.
 */
export function hoistScalars(
  statements: readonly Lowered[],
  index: string,
  perStep: ReadonlySet<string>,
  taken: ReadonlySet<string>,
): { scalars: Lowered[]; statements: Lowered[] } {
  const scalars: Lowered[] = [];
  const byKey = new Map<string, string>();
  const names = new Set(taken);
  const isScalar = (e: Expr) => {
    const free = freeOf(e);
    return free.has(index) && [...free].every((s) => s === index || perStep.has(s));
  };
  const walk = (e: Expr): Expr => {
    if (e.kind === "sym" || e.kind === "num") return e;
    if (isScalar(e)) {
      const key = JSON.stringify(e);
      let name = byKey.get(key);
      if (name === undefined) {
        name = fresh(`c${scalars.length + 1}`, names);
        names.add(name);
        byKey.set(key, name);
        scalars.push({ target: name, value: e });
      }
      return sym(name);
    }
    if (e.kind === "pow") return { kind: "pow", base: walk(e.base), exp: walk(e.exp) };
    return { ...e, args: e.args.map(walk) } as Expr;
  };
  return { scalars, statements: statements.map((s) => ({ ...s, value: walk(s.value) })) };
}
