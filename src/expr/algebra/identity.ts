/**
 * Identity and order of expression trees: an interned id equal for structurally equal trees, a
 * process-independent sort key for the arguments of normalised sums and products, and the set of
 * symbols a tree depends on — each cached per node, so asking again is cheap.
 */
import type { Expr } from "../types.js";

const ids = new WeakMap<Expr, number>();
const table = new Map<string, number>();

/** An id equal for structurally equal trees (argument order matters: normalise first). */
export function idOf(e: Expr): number {
  let id = ids.get(e);
  if (id !== undefined) return id;
  let key: string;
  switch (e.kind) {
    case "num":
      key = `n${e.value}`;
      break;
    case "sym":
      key = `s${e.name}`;
      break;
    case "pow":
      key = `p${idOf(e.base)},${idOf(e.exp)}`;
      break;
    case "call":
      key = `c${e.fn}[${e.d?.join(",") ?? ""}](${e.args.map(idOf).join(",")})`;
      break;
    default:
      key = `${e.kind[0]}(${e.args.map(idOf).join(",")})`;
  }
  id = table.get(key);
  if (id === undefined) {
    id = table.size;
    table.set(key, id);
  }
  ids.set(e, id);
  return id;
}

const keys = new WeakMap<Expr, string>();

/**
 * A process-independent sort key: numbers first, then symbols by name (plain names before jet
 * names such as x' and u_t), then powers by their base, then function applications, then sums.
 */
export function order(e: Expr): string {
  let k = keys.get(e);
  if (k !== undefined) return k;
  switch (e.kind) {
    case "num":
      k = `0${e.value}`;
      break;
    case "sym":
      k = `${/['_]/.test(e.name) ? 3 : 1}${e.name}`;
      break;
    case "pow":
      k = `${order(e.base)}^${order(e.exp)}`;
      break;
    case "call":
      k = `2${e.fn}${e.d ? `[${e.d.join(",")}]` : ""}(${e.args.map(order).join(";")})`;
      break;
    case "mul":
      k = e.args
        .filter((a) => a.kind !== "num")
        .map(order)
        .join("*");
      break;
    case "add":
      k = `4(${e.args.map(order).join("+")})`;
      break;
  }
  keys.set(e, k);
  return k;
}

/** Comparator by {@link order}. */
export const byOrder = (a: Expr, b: Expr) => {
  const x = order(a);
  const y = order(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

const freeCache = new WeakMap<Expr, ReadonlySet<string>>();
const NONE: ReadonlySet<string> = new Set();

/** The symbols occurring in e (cached per node: cheap to ask again). */
export function freeOf(e: Expr): ReadonlySet<string> {
  let s = freeCache.get(e);
  if (s) return s;
  switch (e.kind) {
    case "num":
      s = NONE;
      break;
    case "sym":
      s = new Set([e.name]);
      break;
    case "pow": {
      const a = freeOf(e.base);
      const b = freeOf(e.exp);
      s = b.size === 0 ? a : a.size === 0 ? b : new Set([...a, ...b]);
      break;
    }
    default: {
      const parts = e.args.map(freeOf).filter((p) => p.size > 0);
      s =
        parts.length === 0
          ? NONE
          : parts.length === 1
            ? parts[0]
            : new Set(parts.flatMap((p) => [...p]));
    }
  }
  freeCache.set(e, s);
  return s;
}

/** True when e contains the symbol x. */
export const dependsOn = (e: Expr, x: string): boolean => freeOf(e).has(x);
