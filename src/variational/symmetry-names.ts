/**
 * Readable names for the symmetries the search finds, read off the ansatz coefficients:
 *
 *   ξ = 1 only                               energy
 *   ξ = 1 with η or B                        time translation (e.g. Caldirola–Kanai's η = −γx/2)
 *   ξ = 0, η_x = 1 only                      momentum of x (B allowed: a charge in a field)
 *   ξ = 0, η constant on x1, x2, … equally   momentum in x
 *   ξ = 0, η_a = −b, η_b = a                 angular momentum about z for (a, b) = (x, y) (also
 *                                            x1, y1, x2, y2 …: digits are dropped); about x for
 *                                            (y, z), about y for (z, x); otherwise "rotation in
 *                                            the (a, b) plane"
 *   ξ = 0, η = c·t, B ≠ 0                    boost in x
 *   ξ = x, η_x = c²·t                        Lorentz boost in x (the relativistic particle)
 *   ξ = c·t, η_i = c_i·q_i                   scaling
 *   ξ with t²                                expansion (special conformal)
 *
 * A rotation found with the opposite orientation is flipped (`flip`), so that its charge is the
 * conventional a·p_b − b·p_a (x·p_y − y·p_x about z); energies and momenta get their sign from
 * `conventionalSign`, which applies to given generators too.
 */
import { negate } from "../expr/algebra.js";
import type { Expr } from "../expr/types.js";
import type { Unknown } from "./symmetry-ansatz.js";
import type { Generator } from "./types.js";

/** One coefficient of a found symmetry; `value` when it is a number (free of parameters). */
export interface AnsatzTerm {
  readonly unknown: Unknown;
  readonly value?: number;
}

const base = (q: string): string => q.replace(/[_0-9]+$/, "");
const degree = (u: Unknown): number => u.exps.reduce((s, e) => s + e, 0);
const isConstant = (u: Unknown): boolean => degree(u) === 0;
const isTime = (u: Unknown): boolean => u.exps[0] === 1 && degree(u) === 1;
/** The index of the coordinate when the monomial is a single coordinate q_i, else −1. */
const coordinateOf = (u: Unknown): number =>
  u.exps[0] === 0 && degree(u) === 1 ? u.exps.indexOf(1) - 1 : -1;

const AXES: Record<string, [string, string]> = { z: ["x", "y"], x: ["y", "z"], y: ["z", "x"] };

/** The name of a symmetry and whether to flip its sign (see the module comment). */
export function nameSymmetry(
  coordinates: readonly string[],
  terms: readonly AnsatzTerm[],
): { name: string; flip: boolean } {
  const n = coordinates.length;
  const xi = terms.filter((t) => t.unknown.slot === 0);
  const eta = terms.filter((t) => t.unknown.slot >= 1 && t.unknown.slot <= n);
  const gauge = terms.filter((t) => t.unknown.slot === n + 1);
  const numeric = (ts: readonly AnsatzTerm[]) => ts.every((t) => t.value !== undefined);
  const plain = (name: string) => ({ name, flip: false });
  const onCoords = (ts: readonly AnsatzTerm[]) => [...new Set(ts.map((t) => t.unknown.slot - 1))];
  const sameBase = (idx: readonly number[]) =>
    new Set(idx.map((i) => base(coordinates[i]))).size === 1;
  const equalValues = (ts: readonly AnsatzTerm[]) =>
    numeric(ts) && new Set(ts.map((t) => t.value)).size === 1;

  if (xi.length && xi.every((t) => isConstant(t.unknown))) {
    return plain(eta.length || gauge.length ? "time translation" : "energy");
  }
  if (xi.some((t) => degree(t.unknown) === 2 && t.unknown.exps[0] === 2)) {
    return plain("expansion (special conformal)");
  }
  if (xi.length === 0 && eta.length) {
    const idx = onCoords(eta);
    if (eta.every((t) => isConstant(t.unknown))) {
      if (idx.length === 1) return plain(`momentum of ${coordinates[idx[0]]}`);
      if (sameBase(idx) && equalValues(eta))
        return plain(`momentum in ${base(coordinates[idx[0]])}`);
      return plain("translation");
    }
    if (gauge.length && eta.every((t) => isTime(t.unknown))) {
      const where = sameBase(idx) && equalValues(eta) ? ` in ${base(coordinates[idx[0]])}` : "";
      return plain(`boost${where}`);
    }
    const rotation = gauge.length === 0 && numeric(eta) ? rotationName(coordinates, eta) : null;
    if (rotation) return rotation;
  }
  if (
    xi.length === 1 &&
    eta.length === 1 &&
    gauge.length === 0 &&
    coordinateOf(xi[0].unknown) === eta[0].unknown.slot - 1 &&
    isTime(eta[0].unknown)
  ) {
    return plain(`Lorentz boost in ${coordinates[eta[0].unknown.slot - 1]}`);
  }
  if (
    xi.length &&
    xi.every((t) => isTime(t.unknown)) &&
    eta.every((t) => coordinateOf(t.unknown) === t.unknown.slot - 1)
  ) {
    return plain("scaling");
  }
  return plain("");
}

/** η_a = Σ_b A_ab·q_b with A antisymmetric: the plane(s), the axis, the orientation. */
function rotationName(
  coordinates: readonly string[],
  eta: readonly AnsatzTerm[],
): { name: string; flip: boolean } | null {
  const A = new Map<string, number>();
  for (const t of eta) {
    const b = coordinateOf(t.unknown);
    if (b < 0) return null;
    A.set(`${t.unknown.slot - 1},${b}`, t.value!);
  }
  const planes = new Set<string>();
  const pairs: [number, number, number][] = []; // a < b (declared order), A_ab
  for (const [key, v] of A) {
    const [a, b] = key.split(",").map(Number);
    if (a === b || A.get(`${b},${a}`) !== -v) return null;
    if (a < b) {
      pairs.push([a, b, v]);
      planes.add([base(coordinates[a]), base(coordinates[b])].sort().join(","));
    }
  }
  if (planes.size !== 1 || pairs.length === 0) return null;
  const [u, w] = [...planes][0].split(",");
  if (u === w) return null;
  const axis = Object.keys(AXES).find((k) => [...AXES[k]].sort().join(",") === `${u},${w}`);
  // Conventional orientation: η_first = −second, i.e. A_(first, second) < 0.
  const first = axis ? AXES[axis][0] : base(coordinates[pairs[0][0]]);
  const signs = pairs.map(([a, , v]) => (base(coordinates[a]) === first ? v : -v) < 0);
  const flip = signs.every((s) => !s);
  if (!flip && !signs.every((s) => s)) return null;
  const name = axis
    ? `angular momentum about ${axis}`
    : `rotation in the (${first}, ${first === u ? w : u}) plane`;
  return { name, flip };
}

const positiveNumber = (e: Expr): boolean =>
  e.kind === "num" && e.value !== "0" && !e.value.startsWith("-");
const negativeNumber = (e: Expr): boolean => e.kind === "num" && e.value.startsWith("-");
const isZero = (e: Expr): boolean => e.kind === "num" && e.value === "0";

/**
 * The generator with the sign a physicist expects of the charge called `name`. Time translation
 * ξ = c > 0 has Q = Σ ∂L/∂q'·(−q'c) + Lc = −c·E, so a generator whose name contains the word
 * "energy" and whose ξ is a positive number is negated: −∂_t has charge +E (Kepler:
 * ½m(r'² + r²φ'²) − k/r). A generator named "momentum …" with ξ = 0 and constant η whose first
 * non-zero component is negative is negated, so that Q = +∂L/∂x' (with the gauge term). ξ, η and B
 * are negated together, so R = 0 still holds and the charge and its proof stay consistent (both
 * are linear in the generator). Any other generator is returned unchanged.
 */
export function conventionalSign(name: string, g: Generator): Generator {
  const eta = Object.values(g.eta).filter((e) => !isZero(e));
  const energy = /\benergy\b/i.test(name) && positiveNumber(g.xi);
  const momentum =
    /^momentum\b/i.test(name) &&
    isZero(g.xi) &&
    eta.every((e) => e.kind === "num") &&
    eta.length > 0 &&
    negativeNumber(eta[0]);
  if (!energy && !momentum) return g;
  return {
    xi: negate(g.xi),
    eta: Object.fromEntries(Object.entries(g.eta).map(([q, e]) => [q, negate(e)])),
    gauge: negate(g.gauge),
  };
}
