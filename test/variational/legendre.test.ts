import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideZero, provablyEqual } from "../../src/expr/algebra.js";

/** Exact zero test with a budget generous enough for the test systems. */
const isZero = (e: Expr) => decideZero(e, 1e7) === true;
import { findMismatch } from "../../src/expr/numeric/check.js";
import { differentiate as diff } from "../../src/expr/algebra.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { add, call, type Expr, mul, num, pow, substitute, sym } from "../../src/expr/types.js";
import { eulerLagrange } from "../../src/variational/euler.js";
import { totalDerivative } from "../../src/variational/jet.js";
import { energy, hamiltonian, momentumName, momenta } from "../../src/variational/legendre.js";
import { makeSystem } from "../../src/variational/system.js";

const equivalent = (a: Expr, b: Expr) => provablyEqual(a, b, 1e7);

const P = (src: string) => parse(src);
const sys = (L: string, coordinates: string[], variables?: string[]) =>
  makeSystem({ lagrangian: P(L), coordinates, variables });
const eqMap = (eqs: readonly { lhs: string; rhs: Expr }[]) =>
  Object.fromEntries(eqs.map((e) => [e.lhs, e.rhs]));

describe("harmonic oscillator", () => {
  const ho = sys("1/2*m*x'^2 - 1/2*k*x^2", ["x"]);
  const ps = momenta(ho);

  it("p = m·x', E = ½m·x'² + ½k·x²", () => {
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ coordinate: "x", conjugateTo: "x", velocity: "x'" });
    expect(equivalent(ps[0].value, P("m*x'"))).toBe(true);
    expect(equivalent(energy(ho, ps), P("1/2*m*x'^2 + 1/2*k*x^2"))).toBe(true);
  });

  it("H = p²/(2m) + k·x²/2 and Hamilton's equations x' = p/m, p' = −k·x", () => {
    const H = hamiltonian(ho, ps);
    expect(H.ok).toBe(true);
    if (!H.ok) return;
    expect(H.momentumSymbols).toEqual({ x: "p_x" });
    expect(equivalent(H.hamiltonian, P("p_x^2/(2*m) + k*x^2/2"))).toBe(true);
    expect(equivalent(H.velocities["x'"], P("p_x/m"))).toBe(true);
    const eqs = eqMap(H.equations);
    expect(Object.keys(eqs)).toEqual(["x'", "p_x'"]);
    expect(equivalent(eqs["x'"], P("p_x/m"))).toBe(true);
    expect(equivalent(eqs["p_x'"], P("-k*x"))).toBe(true);
  });
});

describe("charged particle in a uniform magnetic field", () => {
  const L = "1/2*m*(x'^2 + y'^2) + e*B/2*(x*y' - y*x')";
  const s = sys(L, ["x", "y"]);
  const ps = momenta(s);

  it("canonical momenta include the vector potential; the energy is kinetic only", () => {
    expect(equivalent(ps[0].value, P("m*x' - e*B*y/2"))).toBe(true);
    expect(equivalent(ps[1].value, P("m*y' + e*B*x/2"))).toBe(true);
    expect(equivalent(energy(s, ps), P("1/2*m*(x'^2 + y'^2)"))).toBe(true);
  });

  it("H = ((p_x + eBy/2)² + (p_y − eBx/2)²)/(2m) with Hamilton's equations", () => {
    const H = hamiltonian(s, ps);
    expect(H.ok).toBe(true);
    if (!H.ok) return;
    expect(equivalent(H.hamiltonian, P("((p_x + e*B*y/2)^2 + (p_y - e*B*x/2)^2)/(2*m)"))).toBe(
      true,
    );
    const eqs = eqMap(H.equations);
    expect(equivalent(eqs["x'"], P("(p_x + e*B*y/2)/m"))).toBe(true);
    expect(equivalent(eqs["y'"], P("(p_y - e*B*x/2)/m"))).toBe(true);
    expect(equivalent(eqs["p_x'"], P("e*B/(2*m)*(p_y - e*B*x/2)"))).toBe(true);
    expect(equivalent(eqs["p_y'"], P("-e*B/(2*m)*(p_x + e*B*y/2)"))).toBe(true);
  });
});

describe("momentum names, fields, higher order and degenerate cases", () => {
  it("avoids clashes with symbols of the Lagrangian", () => {
    const s = sys("1/2*x'^2 + p_x*x", ["x"]);
    expect(momentumName(s, "x")).toBe("p_x_");
    const H = hamiltonian(s, momenta(s));
    expect(H.ok && H.momentumSymbols.x).toBe("p_x_");
  });

  it("field: π = u_t, the energy density ½u_t² + ½c²u_x², and u_t = π, π_t = c²u_xx", () => {
    const wave = sys("1/2*u_t^2 - 1/2*c^2*u_x^2", ["u"], ["t", "x"]);
    const ps = momenta(wave);
    expect(ps.map((p) => p.velocity)).toEqual(["u_t"]);
    expect(equivalent(ps[0].value, P("u_t"))).toBe(true);
    expect(equivalent(energy(wave, ps), P("1/2*u_t^2 + 1/2*c^2*u_x^2"))).toBe(true);
    const H = hamiltonian(wave, ps);
    expect(H.ok).toBe(true);
    if (H.ok) {
      expect(equivalent(H.hamiltonian, P("p_u^2/2 + c^2*u_x^2/2"))).toBe(true);
      expect(H.equations.map((e) => [e.lhs, e.kind])).toEqual([
        ["u_t", "velocity"],
        ["p_u_t", "force"],
      ]);
      expect(equivalent(H.equations[0].rhs, P("p_u"))).toBe(true);
      expect(equivalent(H.equations[1].rhs, P("c^2*u_xx"))).toBe(true);
    }
  });

  it("Ostrogradsky momenta for ½x''²; no Hamiltonian attempted", () => {
    const s = sys("1/2*x''^2", ["x"]);
    const ps = momenta(s);
    expect(ps.map((p) => [p.conjugateTo, p.velocity])).toEqual([
      ["x", "x'"],
      ["x'", "x''"],
    ]);
    expect(equivalent(ps[0].value, P("-x'''"))).toBe(true);
    expect(equivalent(ps[1].value, P("x''"))).toBe(true);
    const E = energy(s, ps);
    expect(equivalent(E, P("-x'*x''' + 1/2*x''^2"))).toBe(true);
    // conserved: D_t E = −x'·E(L) = −x'·x'''' vanishes on solutions
    expect(equivalent(totalDerivative(s, E), P("-x'*x''''"))).toBe(true);
    expect(hamiltonian(s, ps).ok).toBe(false);
  });

  it("Dirac's x·y' − ½(x² + y²): singular Hessian, no Hamiltonian", () => {
    const s = sys("x*y' - 1/2*(x^2 + y^2)", ["x", "y"]);
    const ps = momenta(s);
    expect(isZero(ps[0].value)).toBe(true);
    expect(equivalent(ps[1].value, P("x"))).toBe(true);
    const H = hamiltonian(s, ps);
    expect(H.ok).toBe(false);
    if (!H.ok) expect(H.reason).toMatch(/singular/);
  });

  it("relativistic particle: the velocity is solved from a non-affine momentum, m > 0 assumed", () => {
    const s = sys("-m*sqrt(1 - x'^2) - k*x", ["x"]);
    const ps = momenta(s);
    expect(equivalent(ps[0].value, P("m*x'/sqrt(1 - x'^2)"))).toBe(true);
    expect(findMismatch(energy(s, ps), P("m/sqrt(1 - x'^2) + k*x"))).toBeNull();
    const H = hamiltonian(s, ps);
    expect(H.ok).toBe(true);
    if (!H.ok) return;
    expect(H.positive).toContain("m");
    // v = p/√(m² + p²) and H = √(m² + p²) + k·x, for m > 0 (draw m positive)
    const fixedM = { m: 0.8 };
    expect(
      findMismatch(H.velocities["x'"], P("p_x/sqrt(m^2 + p_x^2)"), { fixed: fixedM }),
    ).toBeNull();
    expect(findMismatch(H.hamiltonian, P("sqrt(m^2 + p_x^2) + k*x"), { fixed: fixedM })).toBeNull();
    // and it is not the other branch
    expect(
      findMismatch(H.velocities["x'"], P("-p_x/sqrt(m^2 + p_x^2)"), { fixed: fixedM }),
    ).not.toBeNull();
  });

  it("a momentum cubic in the velocity is not inverted, and says why", () => {
    const s = sys("1/4*x'^4 + 1/2*x'^2 - 1/2*x^2", ["x"]);
    const H = hamiltonian(s, momenta(s));
    expect(H.ok).toBe(false);
    if (!H.ok) expect(H.reason).toMatch(/not affine/);
  });
});

// Random regular L = ½ Σ M_ij(q) q_i' q_j' + Σ b_i(t, q) q_i' − V(t, q) in two coordinates, with
// M = [[a, c], [c, d]] where a = m1 + s1², d = m2 + s2², c = s1·s2·r, |r| < 1: positive definite.
const coordArb = fc.constantFrom(...["t", "x", "y"].map(sym));
const smooth: fc.Arbitrary<Expr> = fc.oneof(
  fc
    .tuple(fc.integer({ min: -3, max: 3 }), coordArb, fc.integer({ min: 0, max: 2 }))
    .map(([c, a, k]) => mul(num(c), pow(a, num(k)))),
  fc
    .tuple(fc.integer({ min: -3, max: 3 }), fc.constantFrom("sin", "cos"), coordArb, coordArb)
    .map(([c, fn, a, b]) => mul(num(c), call(fn, [add(a, b)]))),
);
const regularL = fc
  .tuple(smooth, smooth, fc.constantFrom("1/2", "-1/3", "0"), smooth, smooth, smooth)
  .map(([s1, s2, r, b1, b2, V]) => {
    const [xv, yv] = [sym("x'"), sym("y'")];
    const a = add(sym("m1"), pow(s1, num(2)));
    const d = add(sym("m2"), pow(s2, num(2)));
    const c = mul(num(r), s1, s2);
    const T = mul(
      num("1/2"),
      add(mul(a, pow(xv, num(2))), mul(num(2), c, xv, yv), mul(d, pow(yv, num(2)))),
    );
    return add(T, mul(b1, xv), mul(b2, yv), mul(num(-1), V), mul(sym("m1"), sym("x")), sym("y"));
  });

describe("property: Legendre transform of random regular Lagrangians", () => {
  it("H(q, p(q, q')) = E(q, q'), and Hamilton's equations reproduce Euler–Lagrange", () => {
    fc.assert(
      fc.property(regularL, (L) => {
        const s = makeSystem({ lagrangian: L, coordinates: ["x", "y"] });
        const ps = momenta(s);
        const H = hamiltonian(s, ps);
        expect(H.ok).toBe(true);
        if (!H.ok) return;
        const toVel = new Map(s.coordinates.map((q, i) => [H.momentumSymbols[q], ps[i].value]));
        // H evaluated at p = ∂L/∂q' is the energy function
        expect(equivalent(substitute(H.hamiltonian, toVel), energy(s, ps))).toBe(true);
        // q' = ∂H/∂p holds identically at p = p(q, q')
        for (const q of s.coordinates) {
          const dHdp = substitute(diff(H.hamiltonian, H.momentumSymbols[q]), toVel);
          expect(equivalent(dHdp, sym(`${q}'`))).toBe(true);
          // p' = −∂H/∂q: D_t p(q, q') + ∂H/∂q(q, p(q, q')) = −E_q(L)
          const i = s.coordinates.indexOf(q);
          const dp = totalDerivative(s, ps[i].value);
          const dHdq = substitute(diff(H.hamiltonian, q), toVel);
          const el = eulerLagrange(s, q).residual;
          expect(equivalent(add(dp, dHdq), mul(num(-1), el))).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });
});
