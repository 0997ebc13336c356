/**
 * C4 (the Fisher field) on concrete one-parameter families, θ = a:
 *
 * - `gaussian-location`: ℓ = −(x − a)²/(2σ²) − ½ln(2πσ²);
 * - `bernoulli-mean`: ℓ = x·ln a + (1 − x)·ln(1 − a), x ∈ {0, 1};
 * - `bernoulli-natural`: ℓ = x·a − ln(1 + eᵃ).
 *
 * The Fisher information is computed as F = E_a[(∂ℓ)²] (symbolically, as an expectation over exact
 * quadrature nodes of the model at a: the two points x = 0, 1 weighted by e^ℓ, or 3-point
 * Gauss–Hermite x = a + σ√3·z, z ∈ {−1, 0, 1}, weights 1/6, 2/3, 1/6, exact for polynomials of
 * degree ≤ 5 in x) and cross-checked against −E_a[∂²ℓ]. F and ℓ are substituted into the derived
 * E_ℓ(ℒ) (fisher.ts) to give the residual r(a, x), whose expectation is taken
 *
 * - under the model at a (E[∂ℓ] = 0, E[∂²ℓ] = −F: the reduction −1 = −1 holds at every a);
 * - under the data (the sample's empirical distribution), on a grid of a, and its zeros compared
 *   with the maximum-likelihood estimate (the root of the mean score with the largest mean ℓ).
 *
 * The claimed conclusion `stationary` (mle-only | includes-mle | every-theta) is judged from them.
 */
import { decideZero, differentiate, product, replace, sum } from "../expr/algebra.js";
import { evaluate } from "../expr/numeric/evaluate.js";
import { parse } from "../expr/syntax/parse.js";
import { print } from "../expr/syntax/print.js";
import { abstractFunctions, call, num, type Expr } from "../expr/types.js";
import type { Given } from "./given.js";
import type { PartResult } from "./types.js";

export interface Node {
  readonly x: Expr;
  readonly w: Expr;
}

export interface Family {
  readonly words: string;
  readonly ell: Expr;
  readonly range: readonly [number, number];
  readonly binary: boolean;
  /** F in closed form (in a, sigma), a third route compared with both expectations. */
  readonly fisher: Expr;
  /** The data-expected residual ρ in closed form (in a, xbar, s = 1/(1 + e^−a)), a second route. */
  readonly rho: string;
  /** Exact quadrature nodes of the model distribution at a (symbolic in a). */
  readonly nodes: (ell: Expr) => Node[];
}

const atX = (e: Expr, x: Expr) => replace(e, new Map([["x", x]]));

/** The two points x = 0, 1 with their probabilities e^ℓ. */
const twoPoint = (ell: Expr): Node[] =>
  [num(0), num(1)].map((x) => ({ x, w: call("exp", [atX(ell, x)]) }));

const FAMILIES: Readonly<Record<string, Family>> = {
  "gaussian-location": {
    words: "Gaussian location N(a, σ²)",
    ell: parse("-(x - a)^2/(2*sigma^2) - 1/2*log(2*pi*sigma^2)"),
    range: [-3, 3],
    binary: false,
    fisher: parse("1/sigma^2"),
    rho: "0",
    nodes: () =>
      (
        [
          [-1, "1/6"],
          [0, "2/3"],
          [1, "1/6"],
        ] as const
      ).map(([z, w]) => ({ x: parse(`a + ${z}*sigma*sqrt(3)`), w: num(w) })),
  },
  "bernoulli-mean": {
    words: "Bernoulli(a) in the mean a",
    ell: parse("x*log(a) + (1 - x)*log(1 - a)"),
    range: [0.05, 0.95],
    binary: true,
    fisher: parse("1/(a*(1 - a))"),
    rho: "0",
    nodes: twoPoint,
  },
  "bernoulli-natural": {
    words: "Bernoulli in the natural parameter a (mean σ(a) = 1/(1 + e^−a))",
    ell: parse("x*a - log(1 + exp(a))"),
    range: [-4, 4],
    binary: true,
    fisher: parse("exp(a)/(1 + exp(a))^2"),
    rho: "(xbar - s)*(1 - 2*s)/(s*(1 - s))",
    nodes: twoPoint,
  },
};

/** `e` with every call fn(u) (and its derivatives fn', fn'', …) replaced by f(u) (f in `v`). */
export function instantiate(e: Expr, fn: string, f: Expr, v: string): Expr {
  switch (e.kind) {
    case "num":
    case "sym":
      return e;
    case "pow":
      return {
        kind: "pow",
        base: instantiate(e.base, fn, f, v),
        exp: instantiate(e.exp, fn, f, v),
      };
    case "add":
    case "mul":
      return { kind: e.kind, args: e.args.map((a) => instantiate(a, fn, f, v)) };
    case "call": {
      const args = e.args.map((a) => instantiate(a, fn, f, v));
      if (e.fn !== fn) return { ...e, args };
      let d = f;
      for (let k = 0; k < (e.d ?? []).length; k++) d = differentiate(d, v);
      return replace(d, new Map([[v, args[0]]]));
    }
  }
}

/** What one family gives: its Fisher information (two routes) and residual r(a, x). */
export interface Worked {
  readonly name: string;
  readonly family: Family;
  readonly ell: Expr;
  readonly score: Expr;
  readonly hess: Expr;
  readonly fisher: Expr;
  readonly fisher2: Expr;
  readonly fisherForm: Expr;
  readonly sigma: number;
  readonly residual: Expr;
  readonly nodes: Node[];
}

/** F = E_a[(∂ℓ)²], −E_a[∂²ℓ] and r = E_ℓ(ℒ) with ℓ, F of the family substituted. */
export function workFamily(name: string, general: Expr, sigma: number): Worked {
  const family = FAMILIES[name];
  const consts = new Map([
    ["sigma", num(String(sigma))],
    ["pi", num(String(Math.PI))],
  ]);
  const ell = replace(family.ell, consts);
  const score = differentiate(ell, "a");
  const hess = differentiate(score, "a");
  const nodes = family.nodes(ell).map((n) => ({
    x: replace(n.x, consts),
    w: replace(n.w, consts),
  }));
  const expect = (f: Expr) => sum(...nodes.map((n) => product(n.w, atX(f, n.x))));
  const fisher = expect(product(score, score));
  const fisher2 = product(num(-1), expect(hess));
  const withF = instantiate(general, "F", fisher, "a");
  const residual = replace(
    withF,
    new Map([
      ["l_a", score],
      ["l_aa", hess],
      ["l", ell],
    ]),
  );
  const fisherForm = replace(family.fisher, consts);
  return { name, family, ell, score, hess, fisher, fisher2, fisherForm, sigma, residual, nodes };
}

const val = (e: Expr, a: number, x = 0) => evaluate(e, { a, x });
const fmt = (v: number) => (Math.abs(v) < 1e-12 ? "0" : Number(v.toPrecision(6)).toString());
const grid = (lo: number, hi: number, n: number) =>
  Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

/** Bisection for a sign change of f on [lo, hi] (60 halvings). */
function bisect(f: (a: number) => number, lo: number, hi: number): number {
  let [l, h, fl] = [lo, hi, f(lo)];
  for (let i = 0; i < 60; i++) {
    const m = (l + h) / 2;
    const fm = f(m);
    if (fm === 0) return m;
    if (Math.sign(fm) === Math.sign(fl)) [l, fl] = [m, fm];
    else h = m;
  }
  return (l + h) / 2;
}

/** The zeros of f on the grid: grid points within tol, and sign changes between neighbours. */
function zeros(f: (a: number) => number, pts: readonly number[], tol: number): number[] {
  const vs = pts.map(f);
  const out: number[] = [];
  const step = pts[1] - pts[0];
  const push = (z: number) => {
    if (!out.some((o) => Math.abs(o - z) < step / 2)) out.push(z);
  };
  vs.forEach((v, i) => {
    if (Math.abs(v) <= tol) push(pts[i]);
    else if (
      i + 1 < vs.length &&
      Math.abs(vs[i + 1]) > tol &&
      Math.sign(v) !== Math.sign(vs[i + 1])
    )
      push(bisect(f, pts[i], pts[i + 1]));
  });
  return out.sort((x, y) => x - y);
}

/** The numbers of a sample written "0.3, 1.2, …". */
function sample(g: Given, key: string, binary: boolean): number[] {
  const xs = g
    .text(key)
    .split(",")
    .map((s) => Number(s.trim()));
  if (xs.length < 2 || xs.some((x) => !Number.isFinite(x)))
    g.fail(key, "must list at least two numbers separated by commas");
  if (binary && xs.some((x) => x !== 0 && x !== 1)) g.fail(key, "must list 0s and 1s only");
  if (binary && (xs.every((x) => x === 0) || xs.every((x) => x === 1)))
    g.fail(key, "must hold both 0s and 1s (else the MLE is at the boundary)");
  return xs;
}

const STATIONARY = ["mle-only", "includes-mle", "every-theta"];

/** The numeric parts of C4: per family, the model expectation and the data expectation. */
export function fisherFamilies(g: Given, general: Expr): PartResult[] {
  const names = g
    .text("families", Object.keys(FAMILIES).join(", "))
    .split(",")
    .map((s) => s.trim());
  for (const n of names)
    if (!FAMILIES[n])
      g.fail("families", `names '${n}'; families: ${Object.keys(FAMILIES).join(", ")}`);
  const sigma = g.number("sigma", 1);
  if (!(sigma > 0)) g.fail("sigma", "must be positive");
  const n = g.number("grid", 41);
  if (!Number.isInteger(n) || n < 3 || n > 2001) g.fail("grid", "must be an integer in 3…2001");
  const tol = g.number("tolerance", 1e-9);
  if (!(tol > 0 && tol < 1e-3)) g.fail("tolerance", "must be in (0, 1e-3)");
  const stationary = g.text("stationary");
  if (!STATIONARY.includes(stationary))
    g.fail("stationary", `must be one of ${STATIONARY.join(", ")}`);
  const fns = [...abstractFunctions(general).keys()].filter((f) => f !== "F");
  if (fns.length > 0)
    g.fail(
      "lagrangian",
      `uses ${fns.join(", ")}: the families substitute only F(a), their Fisher information`,
    );
  const scoreMean = g.expr("score_mean", []);
  const hessianMean = g.expr("hessian_mean", ["F"]);
  const expected = g.expr("expected_residual", ["a"]);
  const parts: PartResult[] = [];
  for (const name of names) {
    const w = workFamily(name, general, sigma);
    const [lo, hi] = w.family.range;
    const pts = grid(lo, hi, n);
    const gridWords = `${n} grid points a ∈ [${lo}, ${hi}], tolerance ${tol}`;
    const label = `${name}${w.family.binary ? "" : ` (σ = ${sigma})`}`;
    parts.push(modelPart(w, pts, tol, { scoreMean, hessianMean, expected }, label, gridWords));
    const xs = sample(g, w.family.binary ? "sample_bernoulli" : "sample_gaussian", w.family.binary);
    parts.push(dataPart(w, pts, tol, xs, stationary, label, gridWords));
  }
  return parts;
}

/** The claimed moments E[∂ℓ], E[∂²ℓ] (in F) and the claimed E[E_l(ℒ)] (in a). */
interface Claimed {
  readonly scoreMean: Expr;
  readonly hessianMean: Expr;
  readonly expected: Expr;
}

/**
 * Under the model at each grid a: F by two routes, and the claimed moments E[∂ℓ], E[∂²ℓ] and
 * expectation E_a[r] (the statement's `expected_residual`) against the exact expectations.
 */
function modelPart(
  w: Worked,
  pts: readonly number[],
  tol: number,
  claimed: Claimed,
  label: string,
  gridWords: string,
): PartResult {
  const method = "exact expectations under the model on a grid of θ";
  if (!w.family.binary) {
    // The 3-point Gauss–Hermite nodes are exact for polynomials of degree ≤ 5 in x only.
    let d = w.residual;
    for (let k = 0; k < 6; k++) d = differentiate(d, "x");
    if (decideZero(d) !== true)
      return {
        verdict: "not-checkable",
        method,
        evidence: `${label}: r(a, x) = E_l(ℒ) is not a polynomial of degree ≤ 5 in x, so its expectation under N(a, σ²) is not exact on the 3 Gauss–Hermite nodes`,
      };
  }
  const E = (f: Expr, a: number) =>
    w.nodes.reduce((s, nd) => s + val(nd.w, a) * evaluate(f, { a, x: val(nd.x, a) }), 0);
  let worst = 0;
  for (const a of pts) {
    const F = val(w.fisher, a);
    const checks: [string, number, number][] = [
      ["Σ p(x) = 1", E(num(1), a), 1],
      ["E[(∂ℓ)²] = −E[∂²ℓ]", F, val(w.fisher2, a)],
      [`E[(∂ℓ)²] = ${print(w.family.fisher)}`, F, val(w.fisherForm, a)],
      ["E[∂ℓ]", E(w.score, a), evaluate(claimed.scoreMean, {})],
      ["E[∂²ℓ]", E(w.hess, a), evaluate(claimed.hessianMean, { F })],
      ["E[E_l(ℒ)]", E(w.residual, a), evaluate(claimed.expected, { a })],
    ];
    if (!w.family.binary) {
      // The nodes are the density e^ℓ's: its mass, mean and second moment by the trapezoidal rule
      // with h = σ/4 on a ± 12σ (error ~ e^(−2π²σ²/h²) < 1e-100 for a Gaussian, plus e^−72).
      const h = w.sigma / 4;
      for (const [k, f] of [num(1), parse("x"), parse("x^2")].entries()) {
        let s = 0;
        for (let i = -48; i <= 48; i++) {
          const x = a + i * h;
          s += h * Math.exp(evaluate(w.ell, { a, x })) * evaluate(f, { a, x });
        }
        checks.push([`∫x^${k}·e^ℓ dx vs the nodes`, s, E(f, a)]);
      }
    }
    for (const [what, got, want] of checks) {
      const err = Math.abs(got - want) / Math.max(1, Math.abs(want));
      worst = Math.max(worst, err);
      if (!(err <= tol))
        return {
          verdict: "refuted",
          method,
          evidence: `${label}, under the model at a = ${fmt(a)}: ${what} gives ${fmt(got)}, not ${fmt(want)} (${gridWords})`,
        };
    }
  }
  const identity = decideZero(w.residual) === true ? "; r(a, x) ≡ 0 for every x and a" : "";
  const zero = decideZero(claimed.expected) === true ? " (the equation reads −1 = −1)" : "";
  return {
    verdict: "checked",
    method,
    evidence: `${label}, ${w.family.words}, under the model at a: F = E[(∂ℓ)²] = −E[∂²ℓ] = ${print(w.family.fisher)}, E[∂ℓ] = ${print(claimed.scoreMean)}, E[∂²ℓ] = ${print(claimed.hessianMean)} and E[E_l(ℒ)] = ${print(claimed.expected)}${zero} at every one of ${gridWords} (largest relative error ${worst.toExponential(2)})${identity}`,
  };
}

/** Under the data: the zeros of ρ(a) = mean_x r(a, x) against the MLE and the claimed conclusion. */
function dataPart(
  w: Worked,
  pts: readonly number[],
  tol: number,
  xs: readonly number[],
  stationary: string,
  label: string,
  gridWords: string,
): PartResult {
  const method = "exact expectations over the sample on a grid of θ, zeros by bisection";
  const mean = (f: Expr) => (a: number) => xs.reduce((s, x) => s + val(f, a, x), 0) / xs.length;
  const rho = mean(w.residual);
  const meanEll = mean(w.ell);
  const xbar = xs.reduce((s, x) => s + x, 0) / xs.length;
  const data = `sample of ${xs.length} (x̄ = ${fmt(xbar)})`;
  const rhoForm = parse(w.family.rho);
  const form = (a: number) => evaluate(rhoForm, { a, xbar, s: 1 / (1 + Math.exp(-a)) });
  const off = pts.find(
    (a) => !(Math.abs(rho(a) - form(a)) <= tol * Math.max(1, Math.abs(form(a)))),
  );
  if (off !== undefined)
    return {
      verdict: "not-checkable",
      method,
      evidence: `${label}: the two routes to ρ disagree at a = ${fmt(off)}: the sample mean of r gives ${fmt(rho(off))}, ${w.family.rho} gives ${fmt(form(off))}`,
    };
  const roots = zeros(mean(w.score), pts, tol);
  if (roots.length === 0)
    return {
      verdict: "not-checkable",
      method,
      evidence: `${label}: the mean score has no zero on ${gridWords}: the MLE of the ${data} lies outside`,
    };
  const mle = roots.reduce((b, r) => (meanEll(r) > meanEll(b) ? r : b));
  const scale = (a: number) => Math.max(1, Math.abs(a));
  const zs = zeros(rho, pts, tol);
  const vanishing = pts.filter((a) => Math.abs(rho(a)) <= tol);
  const others = zs.filter((z) => Math.abs(z - mle) > 1e-6 * scale(mle));
  const atMle = rho(mle);
  const where =
    vanishing.length === pts.length
      ? `E_data[E_l(ℒ)] vanishes at every grid a (largest |ρ| = ${Math.max(...pts.map((a) => Math.abs(rho(a)))).toExponential(2)})`
      : `E_data[E_l(ℒ)] vanishes at a = ${zs.map(fmt).join(", ")} only`;
  const head = `${label}, ${data}: ρ(a) = E_data[E_l(ℒ)] = ${w.family.rho}${w.family.rho.includes("s") ? " with s = 1/(1 + exp(-a))" : ""} (the sample mean of r(a, x) agrees at every grid a); MLE a = ${fmt(mle)}, ρ(MLE) = ${fmt(atMle)}; ${where} (${gridWords})`;
  const mleZero = Math.abs(atMle) <= tol;
  if (stationary === "every-theta") {
    const bad = pts.find((a) => Math.abs(rho(a)) > tol);
    return bad === undefined
      ? { verdict: "checked", method, evidence: `${head}: every θ is stationary, as claimed` }
      : {
          verdict: "refuted",
          method,
          evidence: `${head}: a = ${fmt(bad)} is not stationary, ρ = ${fmt(rho(bad))}`,
        };
  }
  if (!mleZero)
    return {
      verdict: "refuted",
      method,
      evidence: `${head}: the MLE is not stationary`,
    };
  if (stationary === "includes-mle" || others.length === 0)
    return {
      verdict: "checked",
      method,
      evidence: `${head}: the MLE is stationary${others.length === 0 ? " and no other θ is" : ""}`,
    };
  const far = [...others, ...vanishing].reduce((b, z) =>
    Math.abs(z - mle) > Math.abs(b - mle) ? z : b,
  );
  return {
    verdict: "refuted",
    method,
    evidence: `${head}: counterexample a = ${fmt(far)} ≠ MLE ${fmt(mle)} has ρ = ${fmt(rho(far))}: stationary solutions are not only MLEs`,
  };
}
