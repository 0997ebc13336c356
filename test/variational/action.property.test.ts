/**
 * The Euler–Lagrange residual is the variational derivative of the action: for a path x(t) and a
 * variation η vanishing (with η') at both ends,
 *
 *   d/dε S[x + εη] |_{ε=0} = ∫ (L_x η + L_{x'} η') dt = ∫ E(L)(t, x, x', x'') η dt.
 *
 * Both sides are computed numerically here, with nothing shared but the path: the left side from
 * the Lagrangian evaluated directly in floating point (not through the engine), the right side from
 * the engine's residual evaluated along the path.
 *
 * Error budget, relative to the scale ∫ (|L_x η| + |L_{x'} η'|) dt of the integrand:
 * - the ε-derivative is a 4th-order central difference with ε = 1e-4. Truncation ε⁴·|S⁽⁵⁾|/30 ≈
 *   3e-18·|S⁽⁵⁾|: negligible even where the scale is small (x ≈ 0 makes L_x, L_{x'} small while
 *   the fifth ε-derivative is not); with ε = 1e-3 this term reached 3e-8 in a run of 2000 cases.
 *   Rounding ≈ 2^-53·(18/12)·Σ_i w_i|L_i|/ε ≈ 2e-12·∫|L| dt, and ∫|L|/scale can reach ~100 (terms
 *   such as c or c·t that do not vary with x): up to ~1e-10.
 * - composite Simpson with N = 2000 intervals on both sides: the integrands are smooth on the
 *   interval, error ≲ T·h⁴·max|f⁗|/180 with h = T/N ≤ 1e-3 and |f⁗| ≲ (2π/T)⁴·|f|: ≲ 1e-10.
 * Observed: at most 4e-10 over 2000 random cases. The test allows RTOL = 1e-7 (a 250-fold margin),
 * while a wrong residual (the sign of the D_t term flipped, or D_t missing its x'' term) is off by
 * O(1), except for rare paths/variations where symmetry makes the wrong term integrate to zero
 * (about 1 case in 1000): the negative controls are therefore counted over the runs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideZero } from "../../src/expr/algebra.js";
import { differentiate as diff } from "../../src/expr/algebra.js";
import { evaluate } from "../../src/expr/numeric/evaluate.js";
import { add, call, type Expr, mul, num, pow, sub, sym } from "../../src/expr/types.js";
import { eulerLagrange } from "../../src/variational/euler.js";
import { totalDerivative } from "../../src/variational/jet.js";
import { makeSystem } from "../../src/variational/system.js";

/** Exact zero test with a budget generous enough for the test systems. */
const isZero = (e: Expr) => decideZero(e, 1e7) === true;

const RTOL = 1e-7;
const ABS_FLOOR = 1e-12;
const N = 2000; // Simpson intervals (even)
const EPS = 1e-4;

/** c·x'^a·x^b·g(x)·h(t). */
interface Term {
  readonly c: number;
  readonly a: number;
  readonly b: number;
  readonly g: "sin" | "cos" | "1";
  readonly h: "t" | "1";
}
/** x(t) = a0 + a1·t + a2·t² + a3·sin(t) on [t0, t0 + T]; η = sin²(πs)·(1 + β·s), s = (t − t0)/T. */
interface Setup {
  readonly terms: readonly Term[];
  readonly path: readonly [number, number, number, number];
  readonly t0: number;
  readonly T: number;
  readonly beta: number;
}

const termExpr = ({ c, a, b, g, h }: Term): Expr =>
  mul(
    num(c),
    pow(sym("x'"), num(a)),
    pow(sym("x"), num(b)),
    g === "1" ? num(1) : call(g, [sym("x")]),
    h === "t" ? sym("t") : num(1),
  );

/** L(t, x, v) straight from the term list, in plain floating point. */
function lagrangianValue(terms: readonly Term[], t: number, x: number, v: number): number {
  let s = 0;
  for (const { c, a, b, g, h } of terms) {
    const gx = g === "sin" ? Math.sin(x) : g === "cos" ? Math.cos(x) : 1;
    s += c * v ** a * x ** b * gx * (h === "t" ? t : 1);
  }
  return s;
}

interface Node {
  readonly w: number;
  readonly t: number;
  readonly x: number;
  readonly v: number;
  readonly acc: number;
  readonly eta: number;
  readonly deta: number;
}

/** Simpson nodes and weights with the path and the variation at each node. */
function nodes({ path: [a0, a1, a2, a3], t0, T, beta }: Setup): Node[] {
  const h = T / N;
  const out: Node[] = [];
  for (let i = 0; i <= N; i++) {
    const t = t0 + i * h;
    const s = i / N;
    const sn = Math.sin(Math.PI * s);
    out.push({
      w: ((i === 0 || i === N ? 1 : i % 2 ? 4 : 2) * h) / 3,
      t,
      x: a0 + a1 * t + a2 * t * t + a3 * Math.sin(t),
      v: a1 + 2 * a2 * t + a3 * Math.cos(t),
      acc: 2 * a2 - a3 * Math.sin(t),
      eta: sn * sn * (1 + beta * s),
      deta: (Math.PI * Math.sin(2 * Math.PI * s) * (1 + beta * s) + beta * sn * sn) / T,
    });
  }
  return out;
}

/** S[x + εη] by Simpson's rule. */
const action = (terms: readonly Term[], ns: readonly Node[], eps: number): number =>
  ns.reduce(
    (s, n) => s + n.w * lagrangianValue(terms, n.t, n.x + eps * n.eta, n.v + eps * n.deta),
    0,
  );

/** dS/dε at 0: 4th-order central difference. */
function actionDerivative(terms: readonly Term[], ns: readonly Node[]): number {
  const S = (k: number) => action(terms, ns, k * EPS);
  return (-S(2) + 8 * S(1) - 8 * S(-1) + S(-2)) / (12 * EPS);
}

/** ∫ (|L_x η| + |L_v η'|) dt, L_x and L_v by central differences: the scale of dS/dε. */
function scaleOf(terms: readonly Term[], ns: readonly Node[]): number {
  const d = 1e-6;
  return ns.reduce((s, { w, t, x, v, eta, deta }) => {
    const Lx =
      (lagrangianValue(terms, t, x + d, v) - lagrangianValue(terms, t, x - d, v)) / (2 * d);
    const Lv =
      (lagrangianValue(terms, t, x, v + d) - lagrangianValue(terms, t, x, v - d)) / (2 * d);
    return s + w * (Math.abs(Lx * eta) + Math.abs(Lv * deta));
  }, 0);
}

/** ∫ R(t, x, x', x'') η dt for a residual R from the engine. */
const residualPairing = (R: Expr, ns: readonly Node[]): number =>
  ns.reduce(
    (s, n) => s + n.w * evaluate(R, { t: n.t, x: n.x, "x'": n.v, "x''": n.acc }) * n.eta,
    0,
  );

/** The residual and two wrong ones: D_t's sign flipped, and D_t without its x'' term. */
function residuals(terms: readonly Term[]) {
  const L = add(...terms.map(termExpr));
  const sys = makeSystem({ lagrangian: L, coordinates: ["x"] });
  const Lx = diff(L, "x");
  const Lv = diff(L, "x'");
  const flipped = add(Lx, totalDerivative(sys, Lv));
  const noAcc = sub(Lx, add(diff(Lv, "t"), mul(sym("x'"), diff(Lv, "x"))));
  return { right: eulerLagrange(sys, "x").residual, flipped, noAcc };
}

/** |dS/dε − ∫ R η| / scale for each residual. */
function relativeErrors(setup: Setup) {
  const ns = nodes(setup);
  const lhs = actionDerivative(setup.terms, ns);
  const scale = Math.max(scaleOf(setup.terms, ns), ABS_FLOOR);
  const r = residuals(setup.terms);
  const err = (R: Expr) => Math.abs(lhs - residualPairing(R, ns)) / scale;
  return { right: err(r.right), flipped: err(r.flipped), noAcc: err(r.noAcc) };
}

const termArb = (a?: number): fc.Arbitrary<Term> =>
  fc.record({
    c: fc.integer({ min: -3, max: 3 }).filter((c) => c !== 0),
    a: a === undefined ? fc.constantFrom(0, 1, 2) : fc.constant(a),
    b: fc.constantFrom(0, 1, 2),
    g: fc.constantFrom("sin" as const, "cos" as const, "1" as const),
    h: fc.constantFrom("t" as const, "1" as const),
  });
const unit = fc.double({ min: -1, max: 1, noNaN: true });
const setupArb: fc.Arbitrary<Setup> = fc.record({
  terms: fc
    .tuple(termArb(2), fc.array(termArb(), { maxLength: 3 }))
    .map(([lead, rest]) => [lead, ...rest]),
  // |x''| = |2·a2 − a3·sin t| ≥ 0.2: the path really accelerates
  path: fc.tuple(
    unit,
    unit,
    fc
      .tuple(fc.double({ min: 0.5, max: 1, noNaN: true }), fc.boolean())
      .map(([m, s]) => (s ? m : -m)),
    fc.double({ min: -0.8, max: 0.8, noNaN: true }),
  ),
  t0: fc.double({ min: -1, max: 0.5, noNaN: true }),
  T: fc.double({ min: 0.5, max: 2, noNaN: true }),
  beta: fc.double({ min: -0.5, max: 2, noNaN: true }),
});

describe("the residual is the variational derivative of the discretised action", () => {
  it("a worked case: L = x'² − x² + 2t·x·x' + cos(x)·x'²", () => {
    const setup: Setup = {
      terms: [
        { c: 1, a: 2, b: 0, g: "1", h: "1" },
        { c: -1, a: 0, b: 2, g: "1", h: "1" },
        { c: 2, a: 1, b: 1, g: "1", h: "t" },
        { c: 1, a: 2, b: 0, g: "cos", h: "1" },
      ],
      path: [0.3, -0.5, 0.7, 0.4],
      t0: -0.2,
      T: 1.3,
      beta: 0.8,
    };
    const e = relativeErrors(setup);
    expect(e.right).toBeLessThan(1e-9); // the error budget above, with room to spare
    expect(e.flipped).toBeGreaterThan(1e-2);
    expect(e.noAcc).toBeGreaterThan(1e-2);
  });

  it("random polynomial–trigonometric Lagrangians L(t, x, x')", () => {
    let runs = 0;
    let rejectedFlipped = 0;
    let rejectedNoAcc = 0;
    fc.assert(
      fc.property(setupArb, (setup) => {
        // keep the x'² term (equal terms of opposite sign may cancel)
        fc.pre(!isZero(diff(diff(add(...setup.terms.map(termExpr)), "x'"), "x'")));
        const { right, flipped, noAcc } = relativeErrors(setup);
        expect(right, "correct residual").toBeLessThan(RTOL);
        runs++;
        if (flipped > RTOL) rejectedFlipped++;
        if (noAcc > RTOL) rejectedNoAcc++;
      }),
      { numRuns: 40 },
    );
    // negative controls: the comparison has the power to reject wrong residuals
    expect(rejectedFlipped).toBeGreaterThanOrEqual(0.9 * runs);
    expect(rejectedNoAcc).toBeGreaterThanOrEqual(0.9 * runs);
  });
});
