/**
 * Noether's theorem for fields: the identity Σ_μ D_μJ^μ = R − Σ_a Q_a·E_a(L) at random points of
 * the jet (signs checked numerically first), and the textbook currents of the 1+1-D wave and
 * Klein–Gordon equations, the phase rotation of two real fields and the shift of a massless field.
 */
import { describe, expect, it } from "vitest";
import { negate, product, provablyEqual, sum } from "../../src/expr/algebra.js";
import { findMismatch } from "../../src/expr/numeric/check.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { num, type Expr } from "../../src/expr/types.js";
import { eulerLagrange } from "../../src/variational/euler.js";
import {
  divergence,
  fieldCharacteristic,
  fieldResidual,
  noetherCurrent,
  type FieldGenerator,
} from "../../src/variational/noether-field.js";
import { makeSystem } from "../../src/variational/system.js";
import type { System } from "../../src/variational/types.js";

const P = parse;
const map = (r: Record<string, string>) =>
  Object.fromEntries(Object.entries(r).map(([k, e]) => [k, P(e)]));
const gen = (
  xi: Record<string, string>,
  eta: Record<string, string>,
  gauge: Record<string, string> = {},
): FieldGenerator => ({ xi: map(xi), eta: map(eta), gauge: map(gauge) });
const field = (L: string, fields: string[], variables = ["t", "x"]) =>
  makeSystem({ lagrangian: P(L), coordinates: fields, variables });
const same = (a: Expr, b: string) => provablyEqual(a, P(b), 1e6);

/** Σ D_μJ^μ + Σ Q_a·E_a(L) − R: zero by the Noether identity. */
function identityDefect(s: System, g: FieldGenerator): Expr {
  const terms = s.coordinates.map((a) =>
    product(fieldCharacteristic(s, g, a), eulerLagrange(s, a).residual),
  );
  return sum(divergence(s, noetherCurrent(s, g)), ...terms, negate(fieldResidual(s, g)));
}

const wave = field("1/2*u_t^2 - 1/2*c^2*u_x^2", ["u"]);
const kg = field("1/2*u_t^2 - 1/2*u_x^2 - 1/2*m^2*u^2", ["u"]);
const twoFields = field("1/2*(u_t^2 + v_t^2) - 1/2*(u_x^2 + v_x^2) - V(u^2 + v^2)", ["u", "v"]);

describe("Noether's identity for fields", () => {
  it("holds at random jet points for symmetries, broken generators and gauge vectors", () => {
    const cases: [System, FieldGenerator][] = [
      [wave, gen({ t: "1" }, {})],
      [wave, gen({ t: "x", x: "c^2*t" }, { u: "u" }, { t: "u*x", x: "t^2" })],
      [kg, gen({ t: "t*x", x: "u" }, { u: "x + u^2" }, { x: "u*t" })],
      [twoFields, gen({}, { u: "-v", v: "u" })],
      [twoFields, gen({ t: "u" }, { u: "t*v", v: "x" }, { t: "v", x: "u*v" })],
      [
        field("exp(t)*(u_t^2 - u_x*u_y) + sin(u)*x", ["u"], ["t", "x", "y"]),
        gen({ y: "u", t: "x" }, { u: "y" }, { y: "t*u" }),
      ],
    ];
    for (const [s, g] of cases) {
      const functions = new Map([["V", 1]]);
      expect(
        findMismatch(identityDefect(s, g), num(0), { points: 6, seed: 3, functions }),
      ).toBeNull();
    }
  });
});

describe("conserved currents", () => {
  it("wave equation: time translation gives minus the energy density ½u_t² + ½c²u_x² and minus its flux", () => {
    const g = gen({ t: "1" }, {});
    expect(same(fieldResidual(wave, g), "0")).toBe(true);
    const J = noetherCurrent(wave, g);
    expect(same(J.t, "-(1/2*u_t^2 + 1/2*c^2*u_x^2)")).toBe(true);
    expect(same(J.x, "c^2*u_t*u_x")).toBe(true);
  });

  it("wave equation: space translation gives the momentum density −u_t·u_x", () => {
    const J = noetherCurrent(wave, gen({ x: "1" }, {}));
    expect(same(J.t, "-u_t*u_x")).toBe(true);
    expect(same(J.x, "1/2*c^2*u_x^2 + 1/2*u_t^2")).toBe(true);
  });

  it("Klein–Gordon: energy–momentum tensor", () => {
    const Jt = noetherCurrent(kg, gen({ t: "1" }, {}));
    expect(same(Jt.t, "-(1/2*u_t^2 + 1/2*u_x^2 + 1/2*m^2*u^2)")).toBe(true);
    expect(same(Jt.x, "u_t*u_x")).toBe(true);
    const Jx = noetherCurrent(kg, gen({ x: "1" }, {}));
    expect(same(Jx.t, "-u_t*u_x")).toBe(true);
    expect(same(Jx.x, "1/2*u_x^2 + 1/2*u_t^2 - 1/2*m^2*u^2")).toBe(true);
    expect(same(fieldResidual(kg, gen({ x: "1" }, {})), "0")).toBe(true);
  });

  it("two real fields with a potential of u² + v²: the phase rotation's current u·v_t − v·u_t", () => {
    const g = gen({}, { u: "-v", v: "u" });
    expect(same(fieldResidual(twoFields, g), "0")).toBe(true);
    const J = noetherCurrent(twoFields, g);
    expect(same(J.t, "u*v_t - v*u_t")).toBe(true);
    expect(same(J.x, "v*u_x - u*v_x")).toBe(true);
  });

  it("massless field: the shift u → u + ε is a symmetry with current (u_t, −u_x); not with a mass", () => {
    const g = gen({}, { u: "1" });
    expect(same(fieldResidual(wave, g), "0")).toBe(true);
    const J = noetherCurrent(wave, g);
    expect(same(J.t, "u_t")).toBe(true);
    expect(same(J.x, "-c^2*u_x")).toBe(true);
    expect(same(fieldResidual(kg, g), "-m^2*u")).toBe(true);
  });
});
