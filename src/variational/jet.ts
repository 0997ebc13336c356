/**
 * Jet space: naming of jet symbols and the total derivative.
 *
 *   D_j F = ∂F/∂x_j + Σ_u Σ_α u_{α+e_j} · ∂F/∂u_α
 *
 * (for mechanics, D_t F = ∂F/∂t + Σ_i Σ_k q_i^(k+1) ∂F/∂q_i^(k)): the derivative of F along a
 * solution, treating every jet symbol as an independent variable.
 */
import { differentiate, freeOf, normalise, product, sum } from "../expr/algebra.js";
import { sym, type Expr } from "../expr/types.js";
import type { JetVar, System } from "./types.js";

/** Name of the jet symbol for coordinate u with multi-index alpha: x'' or u_tx. */
export function jetName(
  sys: Pick<System, "kind" | "variables">,
  u: string,
  alpha: readonly number[],
): string {
  if (sys.kind === "mechanics") return u + "'".repeat(alpha[0] ?? 0);
  const letters = sys.variables.map((v, j) => v.repeat(alpha[j] ?? 0)).join("");
  return letters ? `${u}_${letters}` : u;
}

/**
 * Decode a symbol name as a jet symbol of the system, or undefined when it is not one. Mixed
 * partials commute, so the letters may come in any order: `u_xt` decodes as `u_tx` (its canonical
 * spelling, {@link jetName} of the result, has the letters in the declared order of the variables).
 */
export function parseJetName(
  sys: Pick<System, "kind" | "variables" | "coordinates">,
  name: string,
): JetVar | undefined {
  const coordinates = coordinateSet(sys.coordinates);
  if (sys.kind === "mechanics") {
    const m = /^(.*?)('*)$/.exec(name)!;
    return coordinates.has(m[1]) ? { coordinate: m[1], alpha: [m[2].length] } : undefined;
  }
  if (coordinates.has(name)) return { coordinate: name, alpha: sys.variables.map(() => 0) };
  const i = name.lastIndexOf("_");
  if (i < 0 || !coordinates.has(name.slice(0, i))) return undefined;
  const letters = name.slice(i + 1);
  if (!letters) return undefined;
  const alpha = sys.variables.map(() => 0);
  for (const ch of letters) {
    const j = sys.variables.indexOf(ch);
    if (j < 0) return undefined;
    alpha[j]++;
  }
  return { coordinate: name.slice(0, i), alpha };
}

/**
 * N_u: the highest order of a time derivative (first variable) of coordinate u in the Lagrangian.
 * Coordinates of one system may differ (½x''² + ½y'² has N_x = 2, N_y = 1).
 */
export function timeOrder(sys: System, u: string): number {
  let orders = timeOrders.get(sys.lagrangian)?.get(sys.coordinates);
  if (!orders) {
    orders = new Map();
    for (const s of freeOf(normalise(sys.lagrangian))) {
      const v = parseJetName(sys, s);
      if (v) orders.set(v.coordinate, Math.max(orders.get(v.coordinate) ?? 0, v.alpha[0]));
    }
    const byCoordinates = timeOrders.get(sys.lagrangian) ?? new WeakMap();
    byCoordinates.set(sys.coordinates, orders);
    timeOrders.set(sys.lagrangian, byCoordinates);
  }
  return orders.get(u) ?? 0;
}

/** N_u for every coordinate, per Lagrangian and coordinate list (asked once per coordinate). */
const timeOrders = new WeakMap<Expr, WeakMap<readonly string[], Map<string, number>>>();

/** The coordinates as a set, per list (jet names are decoded often, in long lists). */
const coordinateSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function coordinateSet(coordinates: readonly string[]): ReadonlySet<string> {
  let set = coordinateSets.get(coordinates);
  if (!set) coordinateSets.set(coordinates, (set = new Set(coordinates)));
  return set;
}

/** Total order |α| of a jet variable. */
export const jetOrder = (v: JetVar): number => v.alpha.reduce((s, a) => s + a, 0);

/** The jet symbol one derivative higher in variable j: u_α ↦ u_{α+e_j}. */
export function raise(sys: System, name: string, j: number): string | undefined {
  const v = parseJetName(sys, name);
  if (!v) return undefined;
  return jetName(
    sys,
    v.coordinate,
    v.alpha.map((a, i) => (i === j ? a + 1 : a)),
  );
}

/** D_j F on the tree (formula in the module comment); j indexes sys.variables. */
export function totalDerivative(sys: System, F: Expr, j = 0): Expr {
  const x = sys.variables[j];
  const terms: Expr[] = [];
  const f = normalise(F);
  for (const s of [...freeOf(f)].sort()) {
    const up = s === x ? undefined : raise(sys, s, j);
    if (s !== x && up === undefined) continue; // a parameter or another variable
    const d = differentiate(f, s);
    terms.push(up === undefined ? d : product(d, sym(up)));
  }
  return sum(...terms);
}

/**
 * The tangent of D_j at a point of the jet: each jet symbol s ↦ value of raise(s), the variable
 * x_j ↦ 1. Used to check a claimed total derivative by forward-mode differentiation.
 */
export function totalDerivativeTangent(
  sys: System,
  names: Iterable<string>,
  j = 0,
): (env: Readonly<Record<string, number>>) => Record<string, number> {
  const pairs: [string, string][] = [];
  for (const s of names) {
    const up = raise(sys, s, j);
    if (up !== undefined) pairs.push([s, up]);
  }
  const x = sys.variables[j];
  return (env) => {
    const t: Record<string, number> = { [x]: 1 };
    for (const [s, up] of pairs) t[s] = env[up];
    return t;
  };
}

/** The raised names of every jet symbol in `names` (the checker must draw values for them too). */
export function raisedNames(sys: System, names: Iterable<string>, j = 0): string[] {
  const out: string[] = [];
  for (const s of names) {
    const up = raise(sys, s, j);
    if (up !== undefined) out.push(up);
  }
  return out;
}
