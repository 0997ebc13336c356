/**
 * Legendre maps that are not one-to-one: H is the branch through the rest state (v → 0 as p → 0),
 * with its domain stated (MATH.md §1b).
 */
import { describe, expect, it } from "vitest";
import { findMismatch } from "../../src/expr/numeric/check.js";
import { evaluate, makeRng, randomEnv } from "../../src/expr/numeric/evaluate.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { substitute, type Expr } from "../../src/expr/types.js";
import { energy, hamiltonian, momenta } from "../../src/variational/legendre.js";
import { makeSystem } from "../../src/variational/system.js";

const P = (src: string) => parse(src);
const solve = (L: string) => {
  const s = makeSystem({ lagrangian: P(L), coordinates: ["x"] });
  const ps = momenta(s);
  return { ps, E: energy(s, ps), H: hamiltonian(s, ps) };
};
const at = (e: Expr, env: Record<string, number>) => evaluate(e, env);
const close = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThan(1e-12 * (1 + Math.abs(b)));

describe("log(1 + x'^2) - x^2 (p = 2x'/(1 + x'^2), not one-to-one)", () => {
  const { ps, E, H } = solve("log(1 + x'^2) - x^2");
  if (!H.ok) throw new Error(H.reason);
  const v = H.velocities["x'"];

  it("H is the branch through rest: at x' = 0.3, x'(p(0.3)) = 0.3 and H = E", () => {
    for (const x of [-0.7, 0.1, 0.5]) {
      const p = at(ps[0].value, { x, "x'": 0.3 });
      close(at(v, { x, p_x: p }), 0.3);
      close(at(H.hamiltonian, { x, p_x: p }), at(E, { x, "x'": 0.3 }));
    }
  });

  it("small velocities map back too (v → 0 as p → 0)", () => {
    for (const w of [-0.05, 0.01, 0.02, -0.2, 0.9]) {
      const p = at(ps[0].value, { x: 0.4, "x'": w });
      close(at(v, { x: 0.4, p_x: p }), w);
      close(at(H.hamiltonian, { x: 0.4, p_x: p }), at(E, { x: 0.4, "x'": w }));
    }
  });

  it("H = 1 − √(1 − p²) − log(2(1 − √(1 − p²))/p²) + x² for |p| < 1 (MATH.md §1b)", () => {
    const expected = P("1 - sqrt(1 - p_x^2) - log(2*(1 - sqrt(1 - p_x^2))/p_x^2) + x^2");
    expect(findMismatch(H.hamiltonian, expected)).toBeNull(); // |p| in [0.2, 0.9]
    expect(findMismatch(v, P("(1 - sqrt(1 - p_x^2))/p_x"))).toBeNull();
  });

  it("states the branch |x'| < 1, |p_x| < 1 and why", () => {
    expect(H.branch).toMatchObject({
      velocity: "x'",
      momentum: "p_x",
      velocityDomain: "|x'| < 1",
      momentumDomain: "|p_x| < 1",
      oneToOne: false,
    });
    expect(H.branch!.reason).toContain("∂²L/∂x'² = 2*(1 - x'^2)/(1 + x'^2)^2 > 0");
    expect(JSON.parse(JSON.stringify(H.branch))).toEqual(H.branch); // plain JSON
  });
});

describe("1/2*x'^2*(1+x^2) + a*x'^3 (a momentum quadratic in x')", () => {
  const { ps, E, H } = solve("1/2*x'^2*(1+x^2) + a*x'^3");
  if (!H.ok) throw new Error(H.reason);
  const v = H.velocities["x'"];

  it("x'(p) is the root that tends to 0 as p → 0, at random x, a and small x'", () => {
    const rng = makeRng(5);
    for (let i = 0; i < 20; i++) {
      const env = randomEnv(["a", "x"], rng);
      const w = (rng.next() - 0.5) * 0.1; // |x'| < 0.05, inside the branch: |x'| < (1 + x²)/(6|a|)
      const p = at(ps[0].value, { ...env, "x'": w });
      close(at(v, { ...env, p_x: p }), w);
      close(at(H.hamiltonian, { ...env, p_x: p }), at(E, { ...env, "x'": w }));
    }
    expect(findMismatch(v, P("(sqrt((1 + x^2)^2 + 12*a*p_x) - 1 - x^2)/(6*a)"))).toBeNull();
  });

  it("states the branch as a condition on ∂²L/∂x'², its ends depending on x and a", () => {
    expect(H.branch?.oneToOne).toBe(false);
    expect(H.branch?.velocityDomain).toContain("interval around 0 where ∂²L/∂x'² ≠ 0");
    expect(H.branch?.reason).toContain("∂²L/∂x'² = 1 + 6*a*x' + x^2 > 0 there");
    expect(H.branch?.velocityDomain).toContain("ends may depend on a, x");
    expect(H.branch?.momentumDomain).toContain("image");
  });
});

describe("relativistic free particle -m*c^2*sqrt(1 - x'^2/c^2) (one-to-one)", () => {
  const { H } = solve("-m*c^2*sqrt(1 - x'^2/c^2)");

  it("H = √(m²c⁴ + p²c²) as before, for m, c > 0", () => {
    if (!H.ok) throw new Error(H.reason);
    expect(H.positive).toEqual(["c", "m"]);
    const positive = ["c", "m"];
    const expected = P("sqrt(m^2*c^4 + p_x^2*c^2)");
    expect(findMismatch(H.hamiltonian, expected, { positive })).toBeNull();
    expect(
      findMismatch(H.velocities["x'"], P("p_x*c/sqrt(p_x^2 + m^2*c^2)"), { positive }),
    ).toBeNull();
  });

  it("says the map is one-to-one where L is defined, and claims no finite momentum bound", () => {
    if (!H.ok) throw new Error(H.reason);
    expect(H.branch?.oneToOne).toBe(true);
    expect(H.branch?.reason).toContain("one-to-one");
    expect(H.branch?.velocityDomain).toContain("L is defined");
    expect(H.branch?.momentumDomain).not.toMatch(/[<>]/);
  });

  it("with c = 1 the domain is |x'| < 1", () => {
    const { H: H1 } = solve("-m*sqrt(1 - x'^2)");
    expect(H1.ok && H1.branch?.velocityDomain).toBe("|x'| < 1");
  });
});

describe("no branch through rest", () => {
  it("x'^3/3 - x^2/2: ∂²L/∂x'² = 2x' vanishes at rest, so H is not chosen (null, with the reason)", () => {
    const { H } = solve("x'^3/3 - x^2/2");
    expect(H.ok).toBe(false);
    if (!H.ok) expect(H.reason).toMatch(/vanishes at x' = 0.*no branch .* rest state/);
  });
});

describe("an abstract potential: log(1 + x'^2/c^2) - V(x)", () => {
  it("the branch through rest, checked with V drawn at random; domain in terms of c", () => {
    const { ps, E, H } = solve("log(1 + x'^2/c^2) - V(x)");
    if (!H.ok) throw new Error(H.reason);
    // H(q, p(q, v)) = E(q, v) at random x, c, V and v = c/4 (inside |x'| < |c|)
    const quarter = new Map([["x'", P("c/4")]]);
    const back = substitute(H.hamiltonian, new Map([["p_x", substitute(ps[0].value, quarter)]]));
    expect(findMismatch(back, substitute(E, quarter))).toBeNull();
    expect(H.branch?.velocityDomain).toContain("ends may depend on c");
  });
});
