import fc from "fast-check";
import { sumOfProducts } from "../support/arbitraries.js";
import { describe, expect, it } from "vitest";
import { provablyEqual, decideZero } from "../../src/expr/algebra.js";
import { findDerivativeMismatch } from "../../src/expr/numeric/check.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { add, call, type Expr, mul, num, pow, sym, symbols } from "../../src/expr/types.js";
import {
  jetName,
  jetOrder,
  parseJetName,
  raise,
  raisedNames,
  totalDerivative,
  totalDerivativeTangent,
} from "../../src/variational/jet.js";
import type { System } from "../../src/variational/types.js";

const equivalent = (a: Expr, b: Expr) => provablyEqual(a, b, 1e7);

/** Exact zero test with a budget generous enough for the test systems. */
const isZero = (e: Expr) => decideZero(e, 1e7) === true;

const P = (src: string) => parse(src);

function mech(coordinates: string[], lagrangian: Expr = num(0)): System {
  return { kind: "mechanics", lagrangian, coordinates, variables: ["t"], parameters: [], order: 1 };
}
function field(coordinates: string[], variables: string[], lagrangian: Expr = num(0)): System {
  return { kind: "field", lagrangian, coordinates, variables, parameters: [], order: 1 };
}

const ode = mech(["x", "y"]);
const pde = field(["u", "v"], ["t", "x"]);

describe("jet names", () => {
  it("names time derivatives with primes", () => {
    expect(jetName(ode, "x", [0])).toBe("x");
    expect(jetName(ode, "x", [1])).toBe("x'");
    expect(jetName(ode, "x", [3])).toBe("x'''");
  });

  it("names field derivatives with letters in the declared order of the variables", () => {
    expect(jetName(pde, "u", [0, 0])).toBe("u");
    expect(jetName(pde, "u", [1, 0])).toBe("u_t");
    expect(jetName(pde, "u", [1, 1])).toBe("u_tx");
    expect(jetName(pde, "u", [2, 1])).toBe("u_ttx");
    expect(jetName(field(["u"], ["x", "t"]), "u", [1, 1])).toBe("u_xt");
  });

  it("decodes names back, and rejects names that are not jet symbols", () => {
    expect(parseJetName(ode, "x'''")).toEqual({ coordinate: "x", alpha: [3] });
    expect(parseJetName(ode, "y")).toEqual({ coordinate: "y", alpha: [0] });
    expect(parseJetName(ode, "z'")).toBeUndefined();
    expect(parseJetName(ode, "t")).toBeUndefined();
    expect(parseJetName(pde, "u_tx")).toEqual({ coordinate: "u", alpha: [1, 1] });
    expect(parseJetName(pde, "v_xx")).toEqual({ coordinate: "v", alpha: [0, 2] });
    expect(parseJetName(pde, "u")).toEqual({ coordinate: "u", alpha: [0, 0] });
    // Mixed partials commute: letters in any order name the same jet symbol.
    expect(parseJetName(pde, "u_xt")).toEqual({ coordinate: "u", alpha: [1, 1] });
    expect(parseJetName(pde, "u_xtx")).toEqual({ coordinate: "u", alpha: [1, 2] });
    expect(parseJetName(pde, "u_")).toBeUndefined();
    expect(parseJetName(pde, "u_ty")).toBeUndefined(); // y is not a variable
    expect(parseJetName(pde, "w_t")).toBeUndefined(); // w is not a field
    expect(parseJetName(pde, "c")).toBeUndefined();
  });

  it("round-trips name ↔ multi-index", () => {
    for (const alpha of [
      [0, 0],
      [1, 0],
      [0, 3],
      [2, 2],
    ]) {
      const name = jetName(pde, "v", alpha);
      expect(parseJetName(pde, name)).toEqual({ coordinate: "v", alpha });
      expect(jetOrder(parseJetName(pde, name)!)).toBe(alpha[0] + alpha[1]);
    }
  });

  it("raises a jet symbol by one derivative", () => {
    expect(raise(ode, "x", 0)).toBe("x'");
    expect(raise(ode, "x''", 0)).toBe("x'''");
    expect(raise(ode, "k", 0)).toBeUndefined();
    expect(raise(pde, "u_t", 1)).toBe("u_tx");
    expect(raise(pde, "u_x", 0)).toBe("u_tx");
    expect(raisedNames(pde, ["u", "c", "u_x"], 0)).toEqual(["u_t", "u_tx"]);
  });
});

describe("total derivative", () => {
  it("D_t(sin(x)·x') = cos(x)·x'^2 + sin(x)·x''", () => {
    const r = totalDerivative(ode, P("sin(x)*x'"));
    expect(equivalent(r, P("cos(x)*x'^2 + sin(x)*x''"))).toBe(true);
  });

  it("includes the explicit time dependence and treats parameters as constants", () => {
    expect(equivalent(totalDerivative(ode, P("t*x")), P("x + t*x'"))).toBe(true);
    expect(
      equivalent(totalDerivative(ode, P("k*t^2 + m*x*y'")), P("2*k*t + m*x'*y' + m*x*y''")),
    ).toBe(true);
    expect(isZero(totalDerivative(ode, P("k*m + g")))).toBe(true);
  });

  it("applies the chain rule through abstract functions", () => {
    expect(equivalent(totalDerivative(ode, P("V(x, t)")), P("x'*D1(V)(x, t) + D2(V)(x, t)"))).toBe(
      true,
    );
  });

  it("for fields D_t and D_x raise the right letters", () => {
    expect(equivalent(totalDerivative(pde, P("u*u_x"), 0), P("u_t*u_x + u*u_tx"))).toBe(true);
    expect(equivalent(totalDerivative(pde, P("u*u_x"), 1), P("u_x^2 + u*u_xx"))).toBe(true);
    expect(equivalent(totalDerivative(pde, P("x*t*v"), 1), P("t*v + x*t*v_x"))).toBe(true);
  });

  it("a wrong total derivative (missing the x'' term) is rejected by the dual check", () => {
    const F = P("sin(x)*x'");
    const names = [...symbols(F)];
    const tangent = totalDerivativeTangent(ode, names);
    const opts = { extraSymbols: [...raisedNames(ode, names), "t"] };
    expect(findDerivativeMismatch(F, P("cos(x)*x'^2 + sin(x)*x''"), tangent, opts)).toBeNull();
    expect(findDerivativeMismatch(F, P("cos(x)*x'^2"), tangent, opts)).not.toBeNull();
  });
});

// Random F(t, x, x', x'', y, y') and F(t, x, u, u_t, u_x, …).
const atomsOde = ["t", "x", "x'", "x''", "y", "y'", "k"].map(sym);
const atomsPde = ["t", "x", "u", "u_t", "u_x", "u_tx", "v_xx", "c"].map(sym);
function randomF(atoms: Expr[]): fc.Arbitrary<Expr> {
  // reciprocals are kept rare: sums over many distinct denominators put everything over one
  // common denominator, and its expanded numerator grows fast under repeated derivatives
  const factor = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...atoms), fc.integer({ min: 1, max: 3 }))
        .map(([a, k]) => pow(a, num(k))),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom("sin", "cos", "exp", "f"),
          fc.constantFrom(...atoms),
          fc.constantFrom(...atoms),
        )
        .map(([fn, a, b]) => call(fn, [mul(a, b)])),
    },
    { weight: 1, arbitrary: fc.constantFrom(...atoms).map((a) => pow(add(num(2), a), num(-1))) },
  );
  return sumOfProducts(factor, 3, 4);
}

describe("property: the total derivative agrees with forward-mode AD along the jet", () => {
  it("mechanics", () => {
    fc.assert(
      fc.property(randomF(atomsOde), fc.integer({ min: 1, max: 1e6 }), (F, seed) => {
        const names = [...symbols(F)];
        const m = findDerivativeMismatch(
          F,
          totalDerivative(ode, F),
          totalDerivativeTangent(ode, names),
          {
            seed,
            extraSymbols: [...raisedNames(ode, names), "t"],
          },
        );
        expect(m).toBeNull();
      }),
      { numRuns: 40 },
    );
  });

  it("fields, in each variable; and D_t D_x = D_x D_t", () => {
    fc.assert(
      fc.property(randomF(atomsPde), fc.integer({ min: 1, max: 1e6 }), (F, seed) => {
        const names = [...symbols(F)];
        for (const j of [0, 1]) {
          const m = findDerivativeMismatch(
            F,
            totalDerivative(pde, F, j),
            totalDerivativeTangent(pde, names, j),
            {
              seed,
              extraSymbols: [...raisedNames(pde, names, j), pde.variables[j]],
            },
          );
          expect(m).toBeNull();
        }
        const tx = totalDerivative(pde, totalDerivative(pde, F, 1), 0);
        const xt = totalDerivative(pde, totalDerivative(pde, F, 0), 1);
        expect(equivalent(tx, xt)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
