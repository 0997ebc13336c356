/**
 * Atoms: the opaque building blocks of canonical rational functions. An atom is a symbol, a
 * function application with canonical arguments (sin(th1 - th2), f(x), ∂₁V(x, y)), a radical
 * b^(1/q) of a canonical base, or a power b^e with a non-numeric exponent.
 *
 * Atoms are interned in a process-wide table: equal atoms get the same id, so a monomial is a
 * short list of (id, exponent) pairs. Ids depend on the order atoms are met; anything printed is
 * ordered by {@link Atom.sortKey} instead, which depends on the atom alone.
 */
import type { Atom, AtomInfo } from "../types.js";

export type { Atom, AtomInfo };

const byKey = new Map<string, Atom>();
const byId: Atom[] = [];

/** Look up or create the atom for `info`. */
export function intern(
  key: string,
  sortKey: string,
  info: AtomInfo,
  free: ReadonlySet<string>,
): Atom {
  let a = byKey.get(key);
  if (!a) {
    a = { id: byId.length, key, sortKey, info, free };
    byKey.set(key, a);
    byId.push(a);
  }
  return a;
}

export function atom(id: number): Atom {
  return byId[id];
}

export function symAtom(name: string): Atom {
  return intern(`s:${name}`, name, { kind: "sym", name }, new Set([name]));
}
