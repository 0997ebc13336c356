/**
 * Conserved currents of field theories proved: the wave and Klein–Gordon equations'
 * energy–momentum, the phase rotation of two real fields, the shift of a massless field, each with
 * its checked steps and its finite-difference cross check; a wrong claim and a wrong current are
 * caught; the degree-1 search finds the textbook symmetries.
 */
import { describe, expect, it } from "vitest";
import { CheckError } from "../../src/errors.js";
import { provablyEqual } from "../../src/expr/algebra.js";
import { parse } from "../../src/expr/syntax/parse.js";
import type { Expr } from "../../src/expr/types.js";
import { noetherField } from "../../src/proof/noether-field.js";
import { divergenceCheck } from "../../src/proof/noether-field-cross.js";
import { currentSteps } from "../../src/proof/noether-field-steps.js";
import { eulerLagrange } from "../../src/variational/euler.js";
import { equationsOfMotion } from "../../src/variational/motion.js";
import type { FieldGenerator } from "../../src/variational/noether-field.js";
import { findFieldSymmetries } from "../../src/variational/symmetry-field-search.js";
import { makeSystem } from "../../src/variational/system.js";
import type { System } from "../../src/variational/types.js";

const P = parse;
const field = (L: string, fields: string[]) =>
  makeSystem({ lagrangian: P(L), coordinates: fields, variables: ["t", "x"] });
const same = (a: Expr | undefined, b: string) => a !== undefined && provablyEqual(a, P(b), 1e6);
const gen = (xi: Record<string, string>, eta: Record<string, string>): FieldGenerator => ({
  xi: Object.fromEntries(Object.entries(xi).map(([k, e]) => [k, P(e)])),
  eta: Object.fromEntries(Object.entries(eta).map(([k, e]) => [k, P(e)])),
  gauge: {},
});
const motionOf = (s: System) =>
  equationsOfMotion(
    s,
    s.coordinates.map((a) => eulerLagrange(s, a).residual),
  );

const wave = field("1/2*u_t^2 - 1/2*c^2*u_x^2", ["u"]);
const kg = field("1/2*u_t^2 - 1/2*u_x^2 - 1/2*m^2*u^2", ["u"]);
const twoFields = field("1/2*(u_t^2 + v_t^2) - 1/2*(u_x^2 + v_x^2) - V(u^2 + v^2)", ["u", "v"]);

describe("conserved currents, proved", () => {
  it("wave equation: energy density ½u_t² + ½c²u_x² and flux −c²u_t·u_x, with steps and a cross check", () => {
    const r = noetherField(wave, {
      fieldGenerators: [{ name: "energy", generator: gen({ t: "-1" }, {}) }],
    });
    const [c] = r.conserved;
    expect(same(c.current?.t, "1/2*u_t^2 + 1/2*c^2*u_x^2")).toBe(true);
    expect(same(c.current?.x, "-c^2*u_t*u_x")).toBe(true);
    const rules = c.steps.map((s) => s.rule);
    for (const rule of [
      "symmetry-residual",
      "symmetry-condition",
      "noether-charge",
      "noether-identity",
      "on-shell-rate",
    ]) {
      expect(rules).toContain(rule);
    }
    expect(c.steps.at(-1)!.lhs).toMatchObject({ op: "on-shell", by: "accelerations" });
    expect(c.crossChecks.map((x) => x.id)).toEqual(["noether-divergence:energy"]);
  });

  it("Klein–Gordon: the search finds energy, momentum and the boost; the energy–momentum tensor", () => {
    const r = noetherField(kg, {});
    expect(r.broken).toEqual([]);
    const byName = Object.fromEntries(r.conserved.map((c) => [c.name, c.current!]));
    expect(Object.keys(byName).sort()).toEqual(["boost in x", "energy", "momentum in x"]);
    expect(same(byName.energy.t, "1/2*(u_t^2 + u_x^2 + m^2*u^2)")).toBe(true);
    expect(same(byName.energy.x, "-u_t*u_x")).toBe(true);
    expect(same(byName["momentum in x"].t, "-u_t*u_x")).toBe(true);
    expect(same(byName["momentum in x"].x, "1/2*(u_t^2 + u_x^2 - m^2*u^2)")).toBe(true);
  });

  it("two real fields: the phase rotation's current u·v_t − v·u_t, found by the search", () => {
    const r = noetherField(twoFields, {});
    const rot = r.conserved.find((c) => c.name === "phase rotation of (u, v)");
    expect(rot).toBeDefined();
    expect(same(rot!.current?.t, "u*v_t - v*u_t")).toBe(true);
    expect(same(rot!.current?.x, "v*u_x - u*v_x")).toBe(true);
    expect(r.conserved.length).toBe(4);
  });

  it("massless shift is conserved with current (u_t, −c²u_x); with a mass it is broken at rate −m²u", () => {
    const shift = [{ name: "shift", generator: gen({}, { u: "1" }) }];
    const w = noetherField(wave, { fieldGenerators: shift });
    expect(same(w.conserved[0].current?.x, "-c^2*u_x")).toBe(true);
    const k = noetherField(kg, { fieldGenerators: shift });
    expect(k.conserved).toEqual([]);
    expect(same(k.broken[0].rate, "-m^2*u")).toBe(true);
    expect(k.broken[0].crossChecks.length).toBe(1);
  });

  it("a non-symmetry claimed conserved fails its symmetry-condition step", () => {
    expect(() =>
      currentSteps(kg, gen({}, { u: "1" }), "shift", { motion: motionOf(kg), claim: "symmetry" }),
    ).toThrow(CheckError);
  });

  it("a wrong current (a term dropped) is caught by the finite-difference divergence", () => {
    const motion = motionOf(kg);
    const good = {
      name: "energy",
      current: { t: P("1/2*(u_t^2 + u_x^2 + m^2*u^2)"), x: P("-u_t*u_x") },
      rate: P("0"),
    };
    expect(divergenceCheck(kg, motion, good).length).toBe(1);
    const wrong = { ...good, current: { ...good.current, t: P("1/2*(u_t^2 + u_x^2)") } };
    expect(() => divergenceCheck(kg, motion, wrong)).toThrow(CheckError);
    const flipped = { ...good, current: { ...good.current, x: P("u_t*u_x") } };
    expect(() => divergenceCheck(kg, motion, flipped)).toThrow(CheckError);
  });
});

describe("field symmetry search, degree 1", () => {
  it("wave equation: seven symmetries, the Lorentz boost with ξ^x = c²t", () => {
    const found = findFieldSymmetries(wave, { degree: 1 });
    expect(found.symmetries.length).toBe(7);
    const boost = found.symmetries.find((s) => s.name === "boost in x")!;
    expect(same(boost.generator.xi.t, "x")).toBe(true);
    expect(same(boost.generator.xi.x, "c^2*t")).toBe(true);
  });

  it("2+1-D field with a potential V(u): energy, two momenta, two boosts and the rotation", () => {
    const s = makeSystem({
      lagrangian: P("1/2*u_t^2 - 1/2*u_x^2 - 1/2*u_y^2 - V(u)"),
      coordinates: ["u"],
      variables: ["t", "x", "y"],
    });
    const names = findFieldSymmetries(s, { degree: 1 }).symmetries.map((x) => x.name);
    expect(names.sort()).toEqual([
      "boost in x",
      "boost in y",
      "energy",
      "momentum in x",
      "momentum in y",
      "rotation in the (x, y) plane",
    ]);
    const rotation = noetherField(s, {}).conserved.find((c) => c.name.startsWith("rotation"))!;
    expect(same(rotation.current?.t, "u_t*(y*u_x - x*u_y)")).toBe(true);
  });

  it("refuses a degree above the bound", () => {
    expect(() => findFieldSymmetries(wave, { degree: 3 })).toThrow(/from 0 to 2/);
  });
});
