/**
 * The symmetry search on the systems of issue 7 §2: the charges found span exactly the textbook
 * conserved quantities (checked at random points of the jet, the parameters and abstract functions
 * held at one random draw), the generators have their textbook form where the issue names it, and
 * limits are refused with the bound.
 */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { provablyEqual } from "../../src/expr/algebra.js";
import {
  evaluate,
  makeRng,
  randomEnv,
  randomFunctionModel,
} from "../../src/expr/numeric/evaluate.js";
import { findMismatch } from "../../src/expr/numeric/check.js";
import { nullSpace } from "../../src/expr/numeric/nullspace.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { abstractFunctions, type Expr } from "../../src/expr/types.js";
import { symmetryResidual } from "../../src/variational/noether.js";
import { findSymmetries, MAX_UNKNOWNS } from "../../src/variational/symmetry-search.js";
import { makeSystem } from "../../src/variational/system.js";
import type { System } from "../../src/variational/types.js";

const sys = (L: string, coords: string[]) =>
  makeSystem({ lagrangian: parse(L), coordinates: coords });

/** The numerical rank of the charges evaluated at 3·(their number) + 6 random jet points. */
function rankAtPoints(s: System, charges: readonly Expr[], seed = 5): number {
  const rng = makeRng(seed);
  const names = [s.variables[0], ...s.coordinates, ...s.coordinates.map((q) => `${q}'`)];
  const params = randomEnv(s.parameters, rng);
  const arities = new Map<string, number>();
  for (const e of [s.lagrangian, ...charges]) abstractFunctions(e, arities);
  const model = randomFunctionModel(rng, arities);
  const rows: number[][] = [];
  while (rows.length < 3 * charges.length + 6) {
    const env = randomEnv(names, rng, params);
    const row = charges.map((q) => evaluate(q, env, model));
    if (row.every(Number.isFinite)) rows.push(row);
  }
  return charges.length - nullSpace(rows, charges.length).basis.length;
}

/** The found charges span exactly the textbook ones (each set independent, the union no larger). */
function expectSameSpan(s: System, found: readonly Expr[], textbook: readonly string[]): void {
  const T = textbook.map((t) => parse(t));
  expect(rankAtPoints(s, found)).toBe(found.length);
  expect(rankAtPoints(s, T)).toBe(T.length);
  expect(rankAtPoints(s, [...found, ...T])).toBe(T.length);
}

const search = (s: System, degree?: number) => {
  const r = findSymmetries(s, { degree });
  // Every reported generator is a symmetry (independently of the search's own verification).
  for (const f of r.symmetries) {
    expect(findMismatch(symmetryResidual(s, f.generator), parse("0"), { seed: 77 })).toBeNull();
  }
  return r;
};
const names = (r: ReturnType<typeof findSymmetries>) => r.symmetries.map((s) => s.name).sort();

describe("symmetry search: mechanics", () => {
  it("free particle in 2-D: momenta, angular momentum, energy, Galilean boosts, scaling, expansion", () => {
    const s = sys("1/2*(x'^2 + y'^2)", ["x", "y"]);
    const r = search(s);
    expect(names(r)).toEqual(
      [
        "energy",
        "momentum of x",
        "momentum of y",
        "angular momentum about z",
        "boost in x",
        "boost in y",
        "scaling",
        "expansion (special conformal)",
      ].sort(),
    );
    expectSameSpan(
      s,
      r.symmetries.map((f) => f.charge),
      [
        "x'",
        "y'",
        "x*y' - y*x'",
        "1/2*(x'^2 + y'^2)",
        "t*x' - x",
        "t*y' - y",
        "x*x' + y*y' - t*(x'^2 + y'^2)",
        "t^2*(x'^2 + y'^2) - 2*t*(x*x' + y*y') + x^2 + y^2",
      ],
    );
    const boost = r.symmetries.find((f) => f.name === "boost in x")!;
    expect(provablyEqual(boost.generator.gauge, parse("x"))).toBe(true);
    const rotation = r.symmetries.find((f) => f.name === "angular momentum about z")!;
    expect(provablyEqual(rotation.charge, parse("x*y' - y*x'"))).toBe(true);
  });

  it("Kepler problem in polar coordinates: energy and angular momentum", () => {
    const s = sys("1/2*m*(r'^2 + r^2*th'^2) + k/r", ["r", "th"]);
    const r = search(s);
    expect(names(r)).toEqual(["energy", "momentum of th"]);
    expectSameSpan(
      s,
      r.symmetries.map((f) => f.charge),
      ["1/2*m*(r'^2 + r^2*th'^2) - k/r", "m*r^2*th'"],
    );
  });

  it("isotropic 3-D central potential V(r): three angular momenta and energy", () => {
    const s = sys("1/2*(x'^2 + y'^2 + z'^2) - V(sqrt(x^2 + y^2 + z^2))", ["x", "y", "z"]);
    const r = search(s);
    expect(names(r)).toEqual([
      "angular momentum about x",
      "angular momentum about y",
      "angular momentum about z",
      "energy",
    ]);
    for (const [axis, L] of [
      ["x", "y*z' - z*y'"],
      ["y", "z*x' - x*z'"],
      ["z", "x*y' - y*x'"],
    ]) {
      const found = r.symmetries.find((f) => f.name === `angular momentum about ${axis}`)!;
      expect(provablyEqual(found.charge, parse(L))).toBe(true);
    }
    expectSameSpan(
      s,
      r.symmetries.map((f) => f.charge),
      [
        "y*z' - z*y'",
        "z*x' - x*z'",
        "x*y' - y*x'",
        "1/2*(x'^2 + y'^2 + z'^2) + V(sqrt(x^2 + y^2 + z^2))",
      ],
    );
  });

  it("heavy symmetric top: the two cyclic momenta and the energy", () => {
    const s = sys(
      "1/2*I1*(th'^2 + sin(th)^2*ph'^2) + 1/2*I3*(ps' + cos(th)*ph')^2 - M*g*l*cos(th)",
      ["ph", "th", "ps"],
    );
    const r = search(s);
    expect(names(r)).toEqual(["energy", "momentum of ph", "momentum of ps"]);
    expectSameSpan(
      s,
      r.symmetries.map((f) => f.charge),
      [
        "I1*sin(th)^2*ph' + I3*cos(th)*(ps' + cos(th)*ph')",
        "I3*(ps' + cos(th)*ph')",
        "1/2*I1*(th'^2 + sin(th)^2*ph'^2) + 1/2*I3*(ps' + cos(th)*ph')^2 + M*g*l*cos(th)",
      ],
    );
  });

  it("Fermat's optics n(y)·sqrt(1 + y'²): the Snell invariant n(y)/sqrt(1 + y'²)", () => {
    const s = sys("n(y)*sqrt(1 + y'^2)", ["y"]);
    const r = search(s);
    expect(names(r)).toEqual(["energy"]);
    expectSameSpan(s, [r.symmetries[0].charge], ["n(y)/sqrt(1 + y'^2)"]);
  });

  it("Caldirola–Kanai: ξ = 1, η = −γx/2 with γ symbolic, charge e^{γt}(½x'² + ½ω²x² + (γ/2)x·x')", () => {
    const s = sys("exp(gamma*t)*(1/2*x'^2 - 1/2*w^2*x^2)", ["x"]);
    const r = search(s);
    expect(r.symmetries).toHaveLength(1);
    const g = r.symmetries[0].generator;
    expect(provablyEqual(g.xi, parse("1"))).toBe(true);
    expect(provablyEqual(g.eta.x, parse("-gamma*x/2"))).toBe(true);
    expect(provablyEqual(g.gauge, parse("0"))).toBe(true);
    expect(
      provablyEqual(
        r.symmetries[0].charge,
        parse("-exp(gamma*t)*(1/2*x'^2 + 1/2*w^2*x^2 + gamma/2*x*x')"),
      ),
    ).toBe(true);
  });

  it("charge in a uniform magnetic field: translations as divergence symmetries, canonical angular momentum", () => {
    const s = sys("1/2*(x'^2 + y'^2) + b/2*(x*y' - y*x')", ["x", "y"]);
    const r = search(s);
    expect(names(r)).toEqual([
      "angular momentum about z",
      "energy",
      "momentum of x",
      "momentum of y",
    ]);
    const tx = r.symmetries.find((f) => f.name === "momentum of x")!;
    expect(provablyEqual(tx.generator.gauge, parse("b/2*y"))).toBe(true);
    expect(provablyEqual(tx.charge, parse("x' - b*y"))).toBe(true);
    const rot = r.symmetries.find((f) => f.name === "angular momentum about z")!;
    expect(provablyEqual(rot.charge, parse("x*y' - y*x' + b/2*(x^2 + y^2)"))).toBe(true);
    expectSameSpan(
      s,
      r.symmetries.map((f) => f.charge),
      ["x' - b*y", "y' + b*x", "x*y' - y*x' + b/2*(x^2 + y^2)", "1/2*(x'^2 + y'^2)"],
    );
  });

  it("planar three-body problem, degree 2: energy, momenta, angular momentum, centre-of-mass boosts (and P_x·Σmy − P_y·Σmx)", () => {
    const pairs = [
      [1, 2],
      [1, 3],
      [2, 3],
    ];
    const L =
      [1, 2, 3].map((i) => `1/2*m${i}*(x${i}'^2 + y${i}'^2)`).join(" + ") +
      pairs
        .map(([i, j]) => ` + G*m${i}*m${j}/sqrt((x${i} - x${j})^2 + (y${i} - y${j})^2)`)
        .join("");
    const s = sys(L, ["x1", "y1", "x2", "y2", "x3", "y3"]);
    const r = search(s, 2);
    const P = (c: string) => `(m1*${c}1' + m2*${c}2' + m3*${c}3')`;
    const S = (c: string) => `(m1*${c}1 + m2*${c}2 + m3*${c}3)`;
    const textbook = [
      `${P("x")}`,
      `${P("y")}`,
      `m1*(x1*y1' - y1*x1') + m2*(x2*y2' - y2*x2') + m3*(x3*y3' - y3*x3')`,
      `t*${P("x")} - ${S("x")}`,
      `t*${P("y")} - ${S("y")}`,
      L.replace(/ \+ G/g, " - G"),
      // Translation by (Σm·y, −Σm·x): a point symmetry whose charge is quadratic in P and K.
      `${P("x")}*${S("y")} - ${P("y")}*${S("x")}`,
    ];
    expect(names(r)).toEqual(
      [
        "energy",
        "momentum in x",
        "momentum in y",
        "angular momentum about z",
        "boost in x",
        "boost in y",
        "symmetry",
      ].sort(),
    );
    expectSameSpan(
      s,
      r.symmetries.map((f) => f.charge),
      textbook,
    );
  });

  it("relativistic free particle: energy, momentum and the Lorentz boost ξ = x, η = c²t", () => {
    const s = sys("-m*c^2*sqrt(1 - x'^2/c^2)", ["x"]);
    const r = search(s);
    expect(names(r)).toEqual(["Lorentz boost in x", "energy", "momentum of x"]);
    const boost = r.symmetries.find((f) => f.name === "Lorentz boost in x")!;
    expect(provablyEqual(boost.generator.eta.x, parse("c^2*t"))).toBe(true);
  });

  it("a broken symmetry is not reported: the damped two-layer rescaling has none; V(x, y) only the energy", () => {
    expect(
      search(sys("exp(gamma*t)*(1/2*(w1'^2 + w2'^2) - f(w1*w2))", ["w1", "w2"])).symmetries,
    ).toEqual([]);
    expect(names(search(sys("1/2*(x'^2 + y'^2) - V(x, y)", ["x", "y"])))).toEqual(["energy"]);
  });

  it("coefficients beyond the parameter degrees tried are noted, not reported", () => {
    const r = search(sys("1/2*x'^2 - a^2*x", ["x"]));
    expect(names(r)).toEqual(["boost in x", "energy", "momentum of x"]);
    expect(r.notes.join("\n")).toMatch(/1 of the 4 symmetries .* not reported/);
  });
});

describe("symmetry search: limits", () => {
  it("an ansatz above the bound is refused with the bound, before any work", () => {
    const s = sys("1/2*m1*(x1'^2 + y1'^2) + 1/2*m2*(x2'^2 + y2'^2) + 1/2*m3*(x3'^2 + y3'^2)", [
      "x1",
      "y1",
      "x2",
      "y2",
      "x3",
      "y3",
    ]);
    expect(() => findSymmetries(s, { degree: 3 })).toThrow(UserError);
    expect(() => findSymmetries(s, { degree: 3 })).toThrow(
      new RegExp(`1169 unknown coefficients, more than the bound of ${MAX_UNKNOWNS}`),
    );
    expect(() => findSymmetries(s, { degree: 9 })).toThrow(/--degree must be an integer from 0/);
  });

  it("fields and higher-order Lagrangians are refused", () => {
    const field = makeSystem({
      lagrangian: parse("1/2*u_t^2 - 1/2*u_x^2"),
      coordinates: ["u"],
      variables: ["t", "x"],
    });
    expect(() => findSymmetries(field)).toThrow(UserError);
    expect(() => findSymmetries(sys("1/2*x''^2", ["x"]))).toThrow(UserError);
  });
});
