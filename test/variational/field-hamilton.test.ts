/**
 * Field theories: Hamilton's equations over the spatial jet (π is a field too, so π_x, π_xx …
 * appear), the energy density of Lagrangians with mixed derivatives u_tx, equations that cannot be
 * solved for u_tt, and the spelling of jet symbols (u_xt is u_tx; u_z over undeclared z is an error).
 */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { equivalent, isZero } from "../../src/expr/algebra/canonical.js";
import { evaluate, makeRng, randomEnv } from "../../src/expr/numeric/evaluate.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { add, mul, substitute, sym, symbols, type Expr } from "../../src/expr/types.js";
import { differentiate as diff } from "../../src/expr/algebra.js";
import { eulerLagrange } from "../../src/variational/euler.js";
import { parseJetName, totalDerivative } from "../../src/variational/jet.js";
import { energy, hamiltonian, hamiltonianSystem, momenta } from "../../src/variational/legendre.js";
import { equationsOfMotion } from "../../src/variational/motion.js";
import { makeSystem } from "../../src/variational/system.js";
import type { System } from "../../src/variational/types.js";

const P = (src: string) => parse(src);
const field = (L: string, variables = ["t", "x"]) =>
  makeSystem({ lagrangian: P(L), coordinates: ["u"], variables, source: L });

function solvedHamiltonian(s: System) {
  const H = hamiltonian(s, momenta(s));
  if (!H.ok) throw new Error(`no Hamiltonian: ${H.reason}`);
  return H;
}

/**
 * Hamilton's equations reproduce the Euler–Lagrange equation: at random jet points, with
 * π = ∂L/∂u_t and π_{x^k} = D_x^k π substituted, u_t = δH/δπ gives back u_t, and π_t = −δH/δu equals
 * D_t(∂L/∂u_t) on solutions (u_tt from the solved Euler–Lagrange equation). Compared by evaluation,
 * a route independent of the symbolic Euler operator of H.
 */
function expectHamiltonReproducesEL(L: string): void {
  const s = field(L);
  const H = solvedHamiltonian(s);
  const p = H.momentumSymbols.u;
  const density = hamiltonianSystem(s, H.hamiltonian, H.momentumSymbols);
  const pi = diff(s.lagrangian, "u_t");
  const motion = equationsOfMotion(s, [eulerLagrange(s, "u").residual]);
  if (motion.kind !== "solved") throw new Error(`u_tt not solved (${motion.kind})`);
  const utt = motion.accelerations!.u_tt;
  const eq = Object.fromEntries(H.equations.map((e) => [e.kind, e.rhs]));
  // π_{x^k} as the k-th total x-derivative of ∂L/∂u_t, for every π-jet Hamilton's equations read.
  const piJets = new Map<string, Expr>();
  for (const e of Object.values(eq)) {
    for (const name of symbols(e)) {
      const v = parseJetName(density, name);
      if (v?.coordinate !== p) continue;
      let d = pi;
      for (let k = 0; k < v.alpha[0]; k++) d = totalDerivative(s, d, 1);
      piJets.set(name, d);
    }
  }
  const Dt = totalDerivative(s, pi, 0);
  const rng = makeRng(5);
  for (let i = 0; i < 8; i++) {
    const names = new Set<string>();
    for (const e of [pi, Dt, utt, ...piJets.values()]) symbols(e, names);
    names.delete("u_tt");
    const jet = randomEnv(names, rng);
    jet.u_tt = evaluate(utt, jet); // on a solution of the Euler–Lagrange equation
    const canonical: Record<string, number> = { ...jet };
    for (const [name, d] of piJets) canonical[name] = evaluate(d, jet);
    canonical[p] = evaluate(pi, jet);
    const close = (a: number, b: number) =>
      expect(Math.abs(a - b), `${a} vs ${b} at ${JSON.stringify(jet)}`).toBeLessThan(
        1e-9 * Math.max(1, Math.abs(b)),
      );
    close(evaluate(eq.velocity, canonical), jet.u_t);
    close(evaluate(eq.force, canonical), evaluate(Dt, jet));
    close(evaluate(H.hamiltonian, canonical), evaluate(energy(s, momenta(s)), jet));
  }
}

describe("field Hamilton equations: D_x acts on π too", () => {
  it("field with a u_t·u_x coupling: π_t = (1 + a²)u_xx − a·π_x, u_t = π − a·u_x", () => {
    const H = solvedHamiltonian(field("1/2*u_t^2 - 1/2*u_x^2 + a*u_t*u_x"));
    expect(H.momentumSymbols).toEqual({ u: "p_u" });
    const eq = Object.fromEntries(H.equations.map((e) => [e.lhs, e.rhs]));
    expect(Object.keys(eq)).toEqual(["u_t", "p_u_t"]);
    expect(equivalent(eq.u_t, P("p_u - a*u_x"))).toBe(true);
    expect(equivalent(eq.p_u_t, P("(1 + a^2)*u_xx - a*p_u_x"))).toBe(true);
  });

  it("the π jet symbols p_u_x, p_u_xx decode as derivatives of the momentum field and parse back", () => {
    const s = field("1/2*u_t^2 - 1/2*u_x^2");
    const density = hamiltonianSystem(s, solvedHamiltonian(s).hamiltonian, { u: "p_u" });
    expect(parseJetName(density, "p_u_x")).toEqual({ coordinate: "p_u", alpha: [1] });
    expect(parseJetName(density, "p_u_xx")).toEqual({ coordinate: "p_u", alpha: [2] });
    expect(parseJetName(density, "u_x")).toEqual({ coordinate: "u", alpha: [1] });
    expect(P("p_u_x")).toEqual(sym("p_u_x"));
  });

  it("a parameter named p_u_x moves the momentum to another name, so π_x cannot be confused with it", () => {
    const H = solvedHamiltonian(field("1/2*u_t^2 - 1/2*u_x^2 + a*u_t*u_x + p_u_x*u"));
    const p = H.momentumSymbols.u;
    expect(p).not.toBe("p_u");
    const force = H.equations.find((e) => e.kind === "force")!.rhs;
    expect(equivalent(force, P(`(1 + a^2)*u_xx - a*${p}_x + p_u_x`))).toBe(true);
  });

  it.each([
    ["field with a u_t·u_x coupling", "1/2*u_t^2 - 1/2*u_x^2 + a*u_t*u_x"],
    ["Born–Infeld-like string √(1 + u_t² − u_x²)", "sqrt(1 + u_t^2 - u_x^2)"],
    ["beam with a coupling, u_xx and u_t·u_x", "1/2*u_t^2 - 1/2*k*u_xx^2 + a*u_t*u_x"],
    ["Klein–Gordon field with a potential f(u)", "1/2*u_t^2 - 1/2*c^2*u_x^2 - m*u^2 + a*u*u_t*u_x"],
  ])("%s: Hamilton's equations reproduce the Euler–Lagrange equation", (_, L) => {
    expectHamiltonReproducesEL(L);
  });

  it("√(1 + u_t² − u_x²): π_t carries the π_x terms", () => {
    const force = solvedHamiltonian(field("sqrt(1 + u_t^2 - u_x^2)")).equations[1].rhs;
    expect(symbols(force).has("p_u_x")).toBe(true);
  });

  it("with two spatial variables, π_y enters as well (u_t·u_y coupling)", () => {
    const s = field("1/2*u_t^2 - 1/2*u_x^2 - 1/2*u_y^2 + a*u_t*u_y", ["t", "x", "y"]);
    const force = solvedHamiltonian(s).equations[1].rhs;
    expect(equivalent(force, P("u_xx + (1 + a^2)*u_yy - a*p_u_y"))).toBe(true);
  });
});

/**
 * E is conserved up to a spatial flux: D_t E + u_t·E_u(L) = D_x F for some F, i.e. its Euler
 * operators over x vanish with u, u_t, u_tt, … taken as separate fields U0, U1, U2, … (an expression
 * is a total x-derivative exactly when they all do); u_{t^k x^m} is renamed U<k>_x…x for that.
 */
function isConservedDensity(s: System, E: Expr): boolean {
  const G = add(totalDerivative(s, E, 0), mul(sym("u_t"), eulerLagrange(s, "u").residual));
  const rename = new Map<string, Expr>();
  for (const name of symbols(G)) {
    const v = parseJetName(s, name);
    if (v)
      rename.set(name, sym(`U${v.alpha[0]}` + (v.alpha[1] ? `_${"x".repeat(v.alpha[1])}` : "")));
  }
  const chain = ["U0", "U1", "U2", "U3", "U4", "U5"];
  const spatial: System = {
    ...s,
    lagrangian: substitute(G, rename),
    coordinates: chain,
    variables: ["x"],
  };
  return chain.every((c) => isZero(eulerLagrange(spatial, c).residual));
}

describe("field Lagrangians with mixed or higher derivatives in t", () => {
  const mixed = field("1/2*u_t^2 - 1/2*u_x^2 + 1/2*b*u_tx^2");

  it("½u_t² − ½u_x² + ½b·u_tx²: no Hamiltonian, with the reason", () => {
    const H = hamiltonian(mixed, momenta(mixed));
    expect(H.ok).toBe(false);
    if (!H.ok) expect(H.reason).toMatch(/u_tx .*Ostrogradsky/);
  });

  it("½u_t² − ½u_x² + ½b·u_tx²: energy density ½(u_t² + u_x² + b·u_tx²), conserved", () => {
    const ps = momenta(mixed);
    expect(ps.map((p) => [p.conjugateTo, p.velocity])).toEqual([
      ["u", "u_t"],
      ["u_x", "u_tx"],
    ]);
    const E = energy(mixed, ps);
    expect(equivalent(E, P("1/2*(u_t^2 + u_x^2 + b*u_tx^2)"))).toBe(true);
    expect(isConservedDensity(mixed, E)).toBe(true);
    // The density printed before (b·u_tx² with the wrong sign) is not conserved: the test can fail.
    expect(isConservedDensity(mixed, P("1/2*(u_t^2 + u_x^2 - b*u_tx^2)"))).toBe(false);
  });

  it.each([
    ["wave with a u_t·u_x coupling", "1/2*u_t^2 - 1/2*u_x^2 + a*u_t*u_x"],
    ["beam ½u_t² − ½u_xx²", "1/2*u_t^2 - 1/2*u_xx^2"],
    ["u_tt² (second order in t)", "1/2*u_t^2 - 1/2*u_x^2 + 1/2*b*u_tt^2"],
    ["u_ttx and u_tx together", "1/2*u_t^2 - 1/2*u_x^2 + b*u_tx*u_ttx + c*u*u_txx"],
  ])("%s: the energy density Σ P·u_t… − L is conserved up to a flux", (_, L) => {
    const s = field(L);
    expect(isConservedDensity(s, energy(s, momenta(s)))).toBe(true);
  });

  it("u_tt²: no Hamiltonian (a field Ostrogradsky construction would be needed)", () => {
    const s = field("1/2*u_t^2 - 1/2*u_x^2 + 1/2*b*u_tt^2");
    expect(hamiltonian(s, momenta(s)).ok).toBe(false);
  });

  it("b·u_ttxx in the equation: not claimed solved for u_tt, kept implicit with a note", () => {
    const m = equationsOfMotion(mixed, [eulerLagrange(mixed, "u").residual]);
    expect(m.kind).toBe("implicit");
    if (m.kind === "implicit") expect(m.note).toMatch(/u_ttxx.*u_tt/);
  });

  it("u_xx only (a beam): still solved for u_tt, with a Hamiltonian", () => {
    const s = field("1/2*u_t^2 - 1/2*u_xx^2");
    expect(equationsOfMotion(s, [eulerLagrange(s, "u").residual]).kind).toBe("solved");
    expect(hamiltonian(s, momenta(s)).ok).toBe(true);
  });
});

describe("spelling of field jet symbols", () => {
  it("u_xt is u_tx (mixed partials commute): the term stays in the Euler–Lagrange equation", () => {
    const s = field("1/2*u_t^2 - 1/2*u_x^2 + 1/2*b*u_xt^2");
    expect(s.parameters).toEqual(["b"]);
    expect(symbols(s.lagrangian).has("u_tx")).toBe(true);
    expect(symbols(s.lagrangian).has("u_xt")).toBe(false);
    const E = eulerLagrange(s, "u").residual;
    expect(equivalent(E, P("b*u_ttxx - u_tt + u_xx"))).toBe(true);
  });

  it("u_xt and u_tx in one Lagrangian are one symbol", () => {
    const s = field("1/2*u_t^2 - u_xt*u_tx");
    expect(equivalent(s.lagrangian, P("1/2*u_t^2 - u_tx^2"))).toBe(true);
  });

  it("u_z with variables t, x: an error pointing at u_z", () => {
    const L = "1/2*u_t^2 - 1/2*u_x^2 + u_z^2";
    let err: unknown;
    try {
      field(L);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const u = err as UserError;
    expect(u.message).toMatch(/'u_z'.*'z'.*not a declared variable.*t, x/);
    expect(u.position).toBe(L.indexOf("u_z"));
    expect(u.render()).toContain(`${L}\n  ${" ".repeat(L.indexOf("u_z"))}^`);
  });

  it("a name with an underscore that is not a field's (c_z, u_1) is still a parameter", () => {
    expect(field("1/2*u_t^2 - c_z*u^2 - u_1*u").parameters).toEqual(["c_z", "u_1"]);
  });
});
