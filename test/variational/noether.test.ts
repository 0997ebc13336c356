/**
 * Noether's theorem on the textbook examples of MATH.md §2: the symmetry residual vanishes for
 * symmetries (and not for a broken one), the charge has its textbook form, and the Noether
 * identity D_t Q = R − Σ (η_i − q_i'ξ)·E_i(L) holds at random points of the jet.
 */
import { describe, expect, it } from "vitest";
import { provablyEqual, sum, product, negate } from "../../src/expr/algebra.js";
import { findMismatch } from "../../src/expr/numeric/check.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { num, type Expr } from "../../src/expr/types.js";
import { eulerLagrange } from "../../src/variational/euler.js";
import { totalDerivative } from "../../src/variational/jet.js";
import { characteristic, noetherCharge, symmetryResidual } from "../../src/variational/noether.js";
import { makeSystem } from "../../src/variational/system.js";
import type { Generator, System } from "../../src/variational/types.js";
import { gen } from "../support/generator.js";

const P = parse;
const sys = (L: string, coords: string[]) => makeSystem({ lagrangian: P(L), coordinates: coords });
const same = (a: Expr, b: string) => provablyEqual(a, P(b), 1e6);

/** D_t Q + Σ (η_i − q_i'ξ)·E_i(L) − R, which the Noether identity says is identically zero. */
function identityDefect(s: System, g: Generator): Expr {
  const Q = noetherCharge(s, g);
  const terms = s.coordinates.map((q) =>
    product(characteristic(g, q), eulerLagrange(s, q).residual),
  );
  return sum(totalDerivative(s, Q), ...terms, negate(symmetryResidual(s, g)));
}

describe("Noether's theorem, given generators", () => {
  const free = sys("1/2*(x'^2 + y'^2)", ["x", "y"]);

  it("free particle: rotation is a symmetry with charge x·y' − y·x' (angular momentum)", () => {
    const g = gen("0", { x: "-y", y: "x" });
    expect(same(symmetryResidual(free, g), "0")).toBe(true);
    expect(same(noetherCharge(free, g), "x*y' - y*x'")).toBe(true);
  });

  it("free particle: the Galilean boost is a divergence symmetry (B = x), charge t·x' − x", () => {
    const g = gen("0", { x: "t" }, "x");
    expect(same(symmetryResidual(free, g), "0")).toBe(true);
    expect(same(noetherCharge(free, g), "t*x' - x")).toBe(true);
    // Without its gauge term it is not a symmetry: the residual is x'.
    expect(same(symmetryResidual(free, gen("0", { x: "t" })), "x'")).toBe(true);
  });

  it("time translation gives minus the energy", () => {
    const s = sys("1/2*m*x'^2 - 1/2*k*x^2", ["x"]);
    const g = gen("1", {});
    expect(same(symmetryResidual(s, g), "0")).toBe(true);
    expect(same(noetherCharge(s, g), "-(1/2*m*x'^2 + 1/2*k*x^2)")).toBe(true);
  });

  it("Caldirola–Kanai: ξ = 1, η = −γx/2 is a symmetry with charge −e^{γt}(½x'² + ½ω²x² + (γ/2)x·x')", () => {
    const s = sys("exp(gamma*t)*(1/2*x'^2 - 1/2*w^2*x^2)", ["x"]);
    const g = gen("1", { x: "-gamma*x/2" });
    expect(same(symmetryResidual(s, g), "0")).toBe(true);
    expect(same(noetherCharge(s, g), "-exp(gamma*t)*(1/2*x'^2 + 1/2*w^2*x^2 + gamma/2*x*x')")).toBe(
      true,
    );
    // The plain time translation is broken: its rate is the dissipated power −γ·e^{γt}(…).
    expect(same(symmetryResidual(s, gen("1", {})), "0")).toBe(false);
  });

  it("charge in a uniform field: translation in x is a divergence symmetry, Q = x' − b·y", () => {
    const s = sys("1/2*(x'^2 + y'^2) + b/2*(x*y' - y*x')", ["x", "y"]);
    const g = gen("0", { x: "1" }, "b/2*y");
    expect(same(symmetryResidual(s, g), "0")).toBe(true);
    expect(same(noetherCharge(s, g), "x' - b*y")).toBe(true);
  });

  it("two-layer rescaling of f(w1·w2) with damping: broken, rate e^{γt}(w1'² − w2'²)", () => {
    const s = sys("exp(gamma*t)*(1/2*(w1'^2 + w2'^2) - f(w1*w2))", ["w1", "w2"]);
    const g = gen("0", { w1: "w1", w2: "-w2" });
    expect(same(noetherCharge(s, g), "exp(gamma*t)*(w1*w1' - w2*w2')")).toBe(true);
    expect(same(symmetryResidual(s, g), "exp(gamma*t)*(w1'^2 - w2'^2)")).toBe(true);
  });

  it("the Noether identity holds at random points, for symmetries and broken ones alike", () => {
    const cases: [System, Generator][] = [
      [free, gen("0", { x: "-y", y: "x" })],
      [free, gen("t", { x: "x*t", y: "y^2" }, "x*y")],
      [sys("exp(gamma*t)*(1/2*x'^2 - V(x))", ["x"]), gen("t^2", { x: "t*x" }, "t*x^2")],
      [sys("1/2*m*(r'^2 + r^2*th'^2) + k/r", ["r", "th"]), gen("1", { th: "1", r: "r" })],
    ];
    for (const [s, g] of cases) expect(findMismatch(identityDefect(s, g), num(0))).toBeNull();
  });
});
