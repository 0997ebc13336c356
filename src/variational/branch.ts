/**
 * The branch through the rest state of a Legendre map that is not one-to-one (one velocity v):
 *
 *   p = P(q, v) = ∂L/∂v is invertible exactly on the intervals where g = ∂²L/∂v² = ∂P/∂v ≠ 0, and
 *   each such interval gives its own H. The physical branch is the interval I ∋ 0 (when g(0) ≠ 0);
 *   its inverse v(q, p) is the root of p = P(q, v) with v(q, P(q, v)) = v for v ∈ I. That is
 *   checked at random q (parameters and abstract functions drawn too) with v drawn inside I, small
 *   velocities included — a check that tells the branches apart, which p = P(q, v(q, p)) cannot.
 *
 * I is found numerically at each point: from v = 0 outwards until g changes sign or stops being
 * finite (then bisected), or up to |v| = 10⁴ (an end "not found"). Example: L = log(1 + v²) − x²,
 * g = 2(1 − v²)/(1 + v²)², I = (−1, 1), p(I) = (−1, 1), v(p) = (1 − √(1 − p²))/p.
 */
import { checkAtPoints, findMismatch, type DrawHook } from "../expr/numeric/check.js";
import {
  evaluate,
  makeRng,
  randomEnv,
  randomFunctionModel,
  type Env,
  type FunctionModel,
  type Rng,
} from "../expr/numeric/evaluate.js";
import { print } from "../expr/syntax/print.js";
import { abstractFunctions, num, substitute, symbols, type Expr } from "../expr/types.js";
import { differentiate, invertMomentum, NO_ACCEPTED_ROOT, tidy } from "../expr/algebra.js";

/** The branch of the Legendre map a Hamiltonian is defined on (plain JSON). */
export interface LegendreBranch {
  /** The velocity solved for, e.g. "x'", and its momentum symbol, e.g. "p_x". */
  readonly velocity: string;
  readonly momentum: string;
  /** E.g. "|x'| < 1"; a condition in words when the ends depend on q or the parameters. */
  readonly velocityDomain: string;
  /** E.g. "|p_x| < 1"; else the image of the velocity domain under p = ∂L/∂v. */
  readonly momentumDomain: string;
  readonly reason: string;
  /** No sign change of ∂²L/∂v² was found: one branch on the interval around 0 where L is defined. */
  readonly oneToOne: boolean;
}

interface End {
  readonly at: number;
  readonly kind: "sign" | "undefined" | "unbounded";
}
interface Interval {
  readonly lo: End;
  readonly hi: End;
  readonly sign: number;
}

const FIRST = 1e-3;
const GROWTH = 1.05;
const FAR = 1e4;
/** Points are drawn with |v| at most this far out on an unbounded side. */
const REACH = 5;

/** g = ∂²L/∂v² = ∂P/∂v. */
export const legendreHessian = (P: Expr, v: string): Expr => tidy(differentiate(P, v)).expr;

/** The end of I on one side: the first v where g changes sign or is not finite, bisected. */
function end(g: (v: number) => number, side: number, sign: number): End {
  const ok = (x: number) => {
    const y = g(x);
    return Number.isFinite(y) && Math.sign(y) === sign;
  };
  let good = 0;
  for (let v = FIRST; v <= FAR; v *= GROWTH) {
    const y = g(side * v);
    if (!Number.isFinite(y) || Math.sign(y) !== sign) {
      let [a, b] = [good, v];
      for (let i = 0; i < 80 && b - a > 0; i++) {
        const m = (a + b) / 2;
        if (m === a || m === b) break;
        if (ok(side * m)) a = m;
        else b = m;
      }
      return { at: (side * (a + b)) / 2, kind: Number.isFinite(y) ? "sign" : "undefined" };
    }
    good = v;
  }
  return { at: side * Infinity, kind: "unbounded" };
}

/** The interval I ∋ 0 where g keeps the sign of g(0) ≠ 0, at the point env; null if g(0) is 0. */
function interval(g: Expr, v: string, env: Env, model: FunctionModel): Interval | null {
  const point: Record<string, number> = { ...env };
  const at = (x: number) => {
    point[v] = x;
    return evaluate(g, point, model);
  };
  const g0 = at(0);
  if (!Number.isFinite(g0) || g0 === 0) return null;
  const sign = Math.sign(g0);
  return { lo: end(at, -1, sign), hi: end(at, 1, sign), sign };
}

/** v inside I: half the draws small (5–20 % of the way to an end), the rest 20–95 %. */
function drawVelocity(I: Interval, rng: Rng): number {
  const side = rng.next() < 0.5 ? -1 : 1;
  const reach = Math.min(Math.abs((side < 0 ? I.lo : I.hi).at), REACH);
  const t = rng.next() < 0.5 ? 0.05 + 0.15 * rng.next() : 0.2 + 0.75 * rng.next();
  return side * t * reach;
}

/**
 * A draw hook for the shared check loop: keeps q, the parameters and the other symbols of the
 * drawn point, draws v inside the branch I through rest there, and sets p = P(q, v).
 */
export function branchDraw(P: Expr, v: string, pName: string): DrawHook {
  const g = legendreHessian(P, v);
  return (env, model, rng) => {
    const I = interval(g, v, env, model);
    if (!I) return null;
    const out = { ...env, [v]: drawVelocity(I, rng) };
    out[pName] = evaluate(P, out, model);
    return Number.isFinite(out[pName]) ? out : null;
  };
}

/** True when v(q, P(q, v)) = v for v drawn in the branch through rest (16 points, 3 models). */
function invertsBranch(
  root: Expr,
  P: Expr,
  v: string,
  pName: string,
  positive: ReadonlySet<string>,
): boolean {
  const names = symbols(P, symbols(root));
  names.add(v);
  // Three seeds, so three models of the abstract functions: a root that holds only where n(y) > 0
  // (say) is not taken for one that holds everywhere.
  try {
    return [4099, 4111, 4127].every(
      (seed) =>
        checkAtPoints(names, (env, model) => [evaluate(root, env, model), env[v], 0], {
          seed,
          points: 16,
          positive,
          draw: branchDraw(P, v, pName),
          functions: abstractFunctions(P),
        }) === null,
    );
  } catch {
    return false; // not evaluable on the branch
  }
}

export type RestInversion =
  | {
      readonly ok: true;
      readonly velocity: Expr;
      readonly positive: readonly string[];
      readonly branch: LegendreBranch;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * v(q, p) on the branch through rest of p = P(q, v) (see the module comment), with the branch and
 * its domain; not ok when g(0) = 0 or no root of p = P(q, v) is that branch. `declared`: the
 * symbols the user declared positive (the parameters are assumed positive only if needed).
 */
export function invertThroughRest(
  P: Expr,
  v: string,
  pName: string,
  parameters: readonly string[],
  declared: readonly string[] = [],
): RestInversion {
  const g = legendreHessian(P, v);
  const none = `no branch of the Legendre map ${v} ↦ ${pName} passes through the rest state ${v} = 0`;
  let flat: boolean;
  try {
    flat = findMismatch(substitute(g, new Map([[v, num(0)]])), num(0), { seed: 31 }) === null;
  } catch {
    return { ok: false, reason: `∂²L/∂${v}² is not defined at ${v} = 0: ${none}` };
  }
  if (flat) return { ok: false, reason: `∂²L/∂${v}² = ${print(g)} vanishes at ${v} = 0: ${none}` };
  const inv = invertMomentum(P, v, pName, parameters, declared, (root, positive) =>
    invertsBranch(root, P, v, pName, positive),
  );
  if (!inv.ok) {
    const reason =
      inv.reason === NO_ACCEPTED_ROOT
        ? `no root of ${pName} = ∂L/∂${v} satisfies ${v}(${pName}(${v})) = ${v} near ${v} = 0: ${none}`
        : inv.reason;
    return { ok: false, reason };
  }
  return { ...inv, branch: describe(P, g, v, pName, inv.positive) };
}

/** 1, 1/3, sqrt(2), sqrt(1/3) when x is one of those (denominators ≤ 12), else 6 digits. */
function nice(x: number): string {
  const tol = 1e-9 * Math.max(1, Math.abs(x));
  for (let d = 1; d <= 12; d++) {
    const n = Math.round(x * d);
    if (Math.abs(n / d - x) <= tol) return d === 1 ? `${n}` : `${n}/${d}`;
  }
  for (let d = 1; d <= 12; d++) {
    const n = Math.round(x * x * d);
    if (Math.abs(n / d - x * x) <= tol)
      return `${x < 0 ? "-" : ""}sqrt(${d === 1 ? n : `${n}/${d}`})`;
  }
  return x.toPrecision(6);
}

/** "|x| < a", "lo < x < hi", "x > lo", … for an interval with constant ends. */
function span(x: string, lo: number, hi: number): string {
  if (lo === -Infinity && hi === Infinity) return `all ${x}`;
  if (lo === -Infinity) return `${x} < ${nice(hi)}`;
  if (hi === Infinity) return `${x} > ${nice(lo)}`;
  if (Math.abs(lo + hi) <= 1e-9 * Math.abs(hi)) return `|${x}| < ${nice(hi)}`;
  return `${nice(lo)} < ${x} < ${nice(hi)}`;
}

/** The same number at every sample (relative 1e-7), or null. */
function constant(xs: readonly number[]): number | null {
  const x = xs[0];
  if (!Number.isFinite(x)) return xs.every((y) => y === x) ? x : null;
  return xs.every((y) => Math.abs(y - x) <= 1e-7 * Math.max(1, Math.abs(x))) ? x : null;
}

/** The branch's domain and reason, from the interval I at 8 random points. */
function describe(
  P: Expr,
  g: Expr,
  v: string,
  pName: string,
  positive: readonly string[],
): LegendreBranch {
  const rng = makeRng(271);
  const model = randomFunctionModel(rng, abstractFunctions(P));
  const names = [...symbols(P)].filter((s) => s !== v && s !== pName);
  const samples: { I: Interval; env: Env }[] = [];
  for (let tries = 0; tries < 100 && samples.length < 8; tries++) {
    const env = randomEnv(names, rng);
    for (const k of positive) if (k in env) env[k] = Math.abs(env[k]);
    const I = interval(g, v, env, model);
    if (I) samples.push({ I, env });
  }
  const ends = (side: "lo" | "hi") => samples.map((s) => s.I[side]);
  const lo = constant(ends("lo").map((e) => e.at));
  const hi = constant(ends("hi").map((e) => e.at));
  const all = [...ends("lo"), ...ends("hi")];
  const signChange = all.some((e) => e.kind === "sign");
  const bothSign = all.every((e) => e.kind === "sign");
  const undefinedEnd = all.some((e) => e.kind === "undefined");
  const signs = new Set(samples.map((s) => s.I.sign));
  const gs = `∂²L/∂${v}² = ${print(g)}`;
  const deps = [...symbols(g)].filter((s) => s !== v).sort();
  const where = `${gs} ${signs.size === 1 ? ([...signs][0] > 0 ? "> 0" : "< 0") : "≠ 0"}`;
  const velocityDomain =
    samples.length && lo !== null && hi !== null
      ? span(v, lo, hi)
      : `${v} in the interval around 0 where ∂²L/∂${v}² ≠ 0${undefinedEnd ? " and L is defined" : ""}` +
        (deps.length ? ` (its ends may depend on ${deps.join(", ")})` : "");
  const pAt = (side: "lo" | "hi") =>
    samples.map((s) => evaluate(P, { ...s.env, [v]: s.I[side].at }, model));
  const pLo = all.every((e) => e.kind === "sign") ? constant(pAt("lo")) : null;
  const pHi = pLo !== null ? constant(pAt("hi")) : null;
  const momentumDomain =
    pLo !== null && pHi !== null
      ? span(pName, Math.min(pLo, pHi), Math.max(pLo, pHi))
      : `${pName} in the image of that interval under ${pName} = ∂L/∂${v}`;
  const found = `ends found numerically at ${samples.length} random points`;
  const reason = signChange
    ? `${where} there and changes sign at ${bothSign ? "both ends" : "its end"}, so ${v} ↦ ${pName} ` +
      `is one-to-one on it and ${v}(${pName}) is the root of ${pName} = ∂L/∂${v} with ` +
      `${v}(${pName}(${v})) = ${v}; other roots belong to other branches (${found})`
    : `${where} from ${v} = 0 out to ` +
      `${undefinedEnd ? "where L stops being defined" : `|${v}| = 10^4`}, so ${v} ↦ ${pName} is ` +
      `one-to-one there: a single branch (${found})`;
  return {
    velocity: v,
    momentum: pName,
    velocityDomain,
    momentumDomain,
    reason,
    oneToOne: !signChange,
  };
}

/** The note a derivation records for a Hamiltonian on a branch. */
export function branchNote(b: LegendreBranch): string {
  const where = `${b.velocityDomain}, ${b.momentumDomain}. ${b.reason}`;
  return b.oneToOne
    ? `Legendre map one-to-one: ${where}`
    : `Hamiltonian on the branch through rest (${b.velocity} → 0 as ${b.momentum} → 0): ${where}`;
}
