import fc from "fast-check";
import { sumOfProducts } from "../support/arbitraries.js";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { provablyEqual, decideZero } from "../../src/expr/algebra.js";
import { findMismatch } from "../../src/expr/numeric/check.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { print } from "../../src/expr/syntax/print.js";
import { add, call, type Expr, mul, num, pow, sub, sym } from "../../src/expr/types.js";
import { eulerLagrange } from "../../src/variational/euler.js";
import { totalDerivative } from "../../src/variational/jet.js";
import { makeSystem } from "../../src/variational/system.js";
import type { System } from "../../src/variational/types.js";

const equivalent = (a: Expr, b: Expr) => provablyEqual(a, b, 1e7);

/** Exact zero test with a budget generous enough for the test systems. */
const isZero = (e: Expr) => decideZero(e, 1e7) === true;

const P = (src: string) => parse(src);

function mech(lagrangian: Expr, coordinates: string[]): System {
  return { kind: "mechanics", lagrangian, coordinates, variables: ["t"], parameters: [], order: 1 };
}
const residual = (sys: System, q: string) => eulerLagrange(sys, q).residual;

describe("Euler–Lagrange equations of textbook systems", () => {
  it("harmonic oscillator: E_x = −k·x − m·x''", () => {
    const sys = makeSystem({ lagrangian: P("1/2*m*x'^2 - 1/2*k*x^2"), coordinates: ["x"] });
    const er = eulerLagrange(sys, "x");
    expect(equivalent(er.residual, P("-k*x - m*x''"))).toBe(true);
    expect(["-(k*x + m*x'')", "-k*x - m*x''"]).toContain(print(er.residual));
    // the terms: ∂L/∂x, then −D_t ∂L/∂x'
    expect(er.terms.map((t) => [t.jet, t.sign, t.chain.length])).toEqual([
      ["x", 1, 0],
      ["x'", -1, 1],
    ]);
    expect(equivalent(er.terms[0].partial, P("-k*x"))).toBe(true);
    expect(equivalent(er.terms[1].partial, P("m*x'"))).toBe(true);
    expect(er.terms[1].chain[0].variable).toBe("t");
    expect(equivalent(er.terms[1].chain[0].result, P("m*x''"))).toBe(true);
  });

  it("pendulum and a time-dependent (Caldirola–Kanai) oscillator", () => {
    const pend = makeSystem({
      lagrangian: P("1/2*m*l^2*th'^2 + m*g*l*cos(th)"),
      coordinates: ["th"],
    });
    expect(equivalent(residual(pend, "th"), P("-m*g*l*sin(th) - m*l^2*th''"))).toBe(true);
    const ck = makeSystem({
      lagrangian: P("exp(g*t)*(1/2*x'^2 - 1/2*w^2*x^2)"),
      coordinates: ["x"],
    });
    expect(equivalent(residual(ck, "x"), P("-exp(g*t)*(x'' + g*x' + w^2*x)"))).toBe(true);
  });

  it("includes ∂L/∂q even when L depends on q only through q'", () => {
    const free = makeSystem({ lagrangian: P("1/2*m*x'^2"), coordinates: ["x"] });
    const er = eulerLagrange(free, "x");
    expect(er.terms[0].jet).toBe("x");
    expect(isZero(er.terms[0].partial)).toBe(true);
    expect(equivalent(er.residual, P("-m*x''"))).toBe(true);
  });

  it("1-D wave equation: ½u_t² − ½c²u_x² gives −u_tt + c²u_xx", () => {
    const wave = makeSystem({
      lagrangian: P("1/2*u_t^2 - 1/2*c^2*u_x^2"),
      coordinates: ["u"],
      variables: ["t", "x"],
    });
    expect(wave.kind).toBe("field");
    const er = eulerLagrange(wave, "u");
    expect(equivalent(er.residual, P("-u_tt + c^2*u_xx"))).toBe(true);
    expect(er.terms.map((t) => t.jet)).toEqual(["u", "u_t", "u_x"]);
  });

  it("Klein–Gordon and a two-variable field Lagrangian with a mixed term", () => {
    const kg = makeSystem({
      lagrangian: P("1/2*u_t^2 - 1/2*u_x^2 - 1/2*m^2*u^2"),
      coordinates: ["u"],
      variables: ["t", "x"],
    });
    expect(equivalent(residual(kg, "u"), P("-u_tt + u_xx - m^2*u"))).toBe(true);
    // L = u_t·u_x: E = −D_t u_x − D_x u_t = −2u_tx
    const mixed = makeSystem({
      lagrangian: P("u_t*u_x"),
      coordinates: ["u"],
      variables: ["t", "x"],
    });
    expect(equivalent(residual(mixed, "u"), P("-2*u_tx"))).toBe(true);
  });

  it("second-order Lagrangian ½x''² gives x'''' (Euler–Poisson)", () => {
    const sys = makeSystem({ lagrangian: P("1/2*x''^2"), coordinates: ["x"] });
    expect(sys.order).toBe(2);
    const er = eulerLagrange(sys, "x");
    expect(equivalent(er.residual, P("x''''"))).toBe(true);
    const last = er.terms.find((t) => t.jet === "x''")!;
    expect(last.sign).toBe(1);
    expect(last.chain.map((c) => print(c.result))).toEqual(["x'''", "x''''"]);
    // elastic beam: ½EI·x''² − ½k·x² gives EI·x'''' − k·x
    const beam = makeSystem({ lagrangian: P("1/2*EI*x''^2 - 1/2*k*x^2"), coordinates: ["x"] });
    expect(equivalent(residual(beam, "x"), P("EI*x'''' - k*x"))).toBe(true);
  });

  it("a charged particle in a uniform magnetic field", () => {
    const sys = makeSystem({
      lagrangian: P("1/2*m*(x'^2 + y'^2) + e*B/2*(x*y' - y*x')"),
      coordinates: ["x", "y"],
    });
    expect(equivalent(residual(sys, "x"), P("e*B*y' - m*x''"))).toBe(true);
    expect(equivalent(residual(sys, "y"), P("-e*B*x' - m*y''"))).toBe(true);
  });

  it("abstract potentials: ½(x'² + y'²) − V(x, y)", () => {
    const sys = makeSystem({
      lagrangian: P("1/2*(x'^2 + y'^2) - V(x, y)"),
      coordinates: ["x", "y"],
    });
    expect(equivalent(residual(sys, "x"), P("-D1(V)(x, y) - x''"))).toBe(true);
    expect(equivalent(residual(sys, "y"), P("-D2(V)(x, y) - y''"))).toBe(true);
  });

  it("makeSystem rejects bad input", () => {
    expect(() => makeSystem({ lagrangian: P("x'^2"), coordinates: [] })).toThrow(UserError);
    expect(() => makeSystem({ lagrangian: P("x'^2 + y'^2"), coordinates: ["x"] })).toThrow(
      UserError,
    );
    expect(() => makeSystem({ lagrangian: P("x'^2"), coordinates: ["x", "x"] })).toThrow(UserError);
    expect(() => makeSystem({ lagrangian: P("x'^2 - x'^2 + k"), coordinates: ["x"] })).toThrow(
      UserError,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Identities from MATH.md §1

const base = ["t", "x", "y"].map(sym);
/** Random polynomial–trigonometric B(t, x, y). */
const randomB: fc.Arbitrary<Expr> = (() => {
  const factor = fc.oneof(
    fc
      .tuple(fc.constantFrom(...base), fc.integer({ min: 1, max: 3 }))
      .map(([a, k]) => pow(a, num(k))),
    fc
      .tuple(
        fc.constantFrom("sin", "cos", "exp"),
        fc.constantFrom(...base),
        fc.constantFrom(...base),
      )
      .map(([fn, a, b]) => call(fn, [mul(a, b)])),
    fc.constantFrom(...base).map((a) => call("f", [a])),
  );
  return sumOfProducts(factor, 4, 5);
})();

/** Random first-order L(t, x, y, x', y'). */
const randomL: fc.Arbitrary<Expr> = (() => {
  const atoms = ["t", "x", "y", "x'", "y'"].map(sym);
  const factor = fc.oneof(
    fc
      .tuple(fc.constantFrom(...atoms), fc.integer({ min: 1, max: 3 }))
      .map(([a, k]) => pow(a, num(k))),
    fc
      .tuple(
        fc.constantFrom("sin", "cos", "exp", "f"),
        fc.constantFrom(...atoms),
        fc.constantFrom(...atoms),
      )
      .map(([fn, a, b]) => call(fn, [mul(a, b)])),
  );
  return sumOfProducts(factor, 4, 5);
})();

describe("properties of the Euler operator", () => {
  it("E(D_t B) = 0: total derivatives are null Lagrangians", () => {
    fc.assert(
      fc.property(randomB, (B) => {
        const probe = mech(B, ["x", "y"]);
        const L = totalDerivative(probe, B);
        const sys = mech(L, ["x", "y"]);
        for (const q of ["x", "y"]) {
          const r = residual(sys, q);
          expect(isZero(r), `E_${q}(D_t(${print(B)})) = ${print(r)}`).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("E(D_t B) = 0 also for B(t, x, x') (a second-order null Lagrangian) and for fields", () => {
    const rename = (e: Expr, to: Record<string, string>): Expr =>
      parse(print(e).replace(/\b[txy]\b/g, (s) => to[s]));
    fc.assert(
      fc.property(randomB, randomB, (B, C) => {
        // B(t, x, x'): y renamed to x'
        const B2 = rename(B, { t: "t", x: "x", y: "x'" });
        const L2 = totalDerivative(mech(B2, ["x"]), B2);
        expect(isZero(residual({ ...mech(L2, ["x"]), order: 2 }, "x"))).toBe(true);
        // fields: D_t B(t, x, u) + D_x C(t, x, u) is a null Lagrangian for u(t, x)
        const f: System = {
          kind: "field",
          lagrangian: num(0),
          coordinates: ["u"],
          variables: ["t", "x"],
          parameters: [],
          order: 1,
        };
        const Bu = rename(B, { t: "t", x: "x", y: "u" });
        const Cu = rename(C, { t: "t", x: "x", y: "u" });
        const L = add(totalDerivative(f, Bu, 0), totalDerivative(f, Cu, 1));
        expect(isZero(residual({ ...f, lagrangian: L }, "u"))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it("E(c·L) = c·E(L) and E(L1 + L2) = E(L1) + E(L2)", () => {
    fc.assert(
      fc.property(randomL, randomL, fc.integer({ min: -9, max: 9 }), (L1, L2, c) => {
        for (const q of ["x", "y"]) {
          const e1 = residual(mech(L1, ["x", "y"]), q);
          const e2 = residual(mech(L2, ["x", "y"]), q);
          const scaled = residual(mech(mul(num(c), sym("k"), L1), ["x", "y"]), q);
          expect(equivalent(scaled, mul(num(c), sym("k"), e1))).toBe(true);
          const sum = residual(mech(add(L1, L2), ["x", "y"]), q);
          expect(equivalent(sum, add(e1, e2))).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("adding D_t B leaves the equations unchanged (gauge invariance), checked numerically too", () => {
    fc.assert(
      fc.property(randomL, randomB, (L, B) => {
        const dB = totalDerivative(mech(B, ["x", "y"]), B);
        for (const q of ["x", "y"]) {
          const a = residual(mech(L, ["x", "y"]), q);
          const b = residual(mech(add(L, dB), ["x", "y"]), q);
          expect(isZero(sub(a, b))).toBe(true);
          expect(findMismatch(a, b)).toBeNull();
        }
      }),
      { numRuns: 25 },
    );
  });

  it("a non-null Lagrangian is detected: E(x·y') ≠ 0 unless it is a total derivative", () => {
    // x·y' − y·x' is not a total derivative; x·y' + y·x' = D_t(x·y) is
    expect(isZero(residual(mech(P("x*y' - y*x'"), ["x", "y"]), "x"))).toBe(false);
    expect(isZero(residual(mech(P("x*y' + y*x'"), ["x", "y"]), "x"))).toBe(true);
  });
});
