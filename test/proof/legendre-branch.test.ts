/**
 * The Legendre steps of a map that is not one-to-one are checked on the branch through rest: the
 * solve-velocities check x'(p(x')) = x' at x' drawn inside the branch tells the branches apart.
 */
import { describe, expect, it } from "vitest";
import { CheckError } from "../../src/errors.js";
import { checkAtPoints } from "../../src/expr/numeric/check.js";
import { evaluate } from "../../src/expr/numeric/evaluate.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { substitute, sub, sym } from "../../src/expr/types.js";
import { derive } from "../../src/proof/derive.js";
import { legendreSteps } from "../../src/proof/legendre-steps.js";
import { createRecorder } from "../../src/proof/record.js";
import { branchDraw } from "../../src/variational/branch.js";
import { hamiltonian, momenta } from "../../src/variational/legendre.js";
import { makeSystem } from "../../src/variational/system.js";

const P = (src: string) => parse(src);
const logSystem = makeSystem({ lagrangian: P("log(1 + x'^2) - x^2"), coordinates: ["x"] });

describe("log(1 + x'^2) - x^2: the Legendre steps", () => {
  it("records the branch in the Hamiltonian record and a note, and checks x'(p(x')) = x'", () => {
    const d = derive(logSystem);
    expect(d.hamiltonian?.branch?.velocityDomain).toBe("|x'| < 1");
    expect(d.notes.join("\n")).toMatch(/branch through rest .*: \|x'\| < 1, \|p_x\| < 1\./);
    const solve = d.steps.find((s) => s.rule === "solve-velocities")!;
    expect(solve.justification).toContain("x'(p_x(x')) = x'");
    expect(JSON.parse(JSON.stringify(d.hamiltonian))).toEqual(d.hamiltonian);
  });

  it("the other root x' = (1 + √(1 − p²))/p satisfies p(x'(p)) = p but fails the recorded check", () => {
    const ps = momenta(logSystem);
    const H = hamiltonian(logSystem, ps);
    if (!H.ok) throw new Error(H.reason);
    const other = P("(1 + sqrt(1 - p_x^2))/p_x");
    // The old check cannot tell the branches apart: p = ∂L/∂x'(x'(p)) holds for both roots.
    const pOf = substitute(ps[0].value, new Map([["x'", other]]));
    const old = checkAtPoints(["p_x", "x"], (env) => [env.p_x, evaluate(pOf, env), 0]);
    expect(old).toBeNull();
    const wrong = {
      ...H,
      velocities: { "x'": other },
      hamiltonian: sub(
        sub(sym("p_x"), other),
        substitute(logSystem.lagrangian, new Map([["x'", other]])),
      ),
    };
    const rec = createRecorder();
    expect(() => legendreSteps(logSystem, rec, wrong, ps, 1, [1])).toThrow(CheckError);
    expect(() => legendreSteps(logSystem, createRecorder(), wrong, ps, 1, [1])).toThrow(
      /solve-velocities/,
    );
  });

  it("check points of the branch draw lie inside |x'| < 1, half of them small, with p = ∂L/∂x'", () => {
    const draw = branchDraw(momenta(logSystem)[0].value, "x'", "p_x");
    const seen: number[] = [];
    checkAtPoints(
      ["x", "x'", "p_x"],
      (env) => {
        seen.push(env["x'"]);
        expect(env.p_x).toBeCloseTo((2 * env["x'"]) / (1 + env["x'"] ** 2), 14);
        return [0, 0, 0];
      },
      { draw, points: 64 },
    );
    expect(seen.every((v) => Math.abs(v) < 0.96)).toBe(true);
    expect(seen.filter((v) => Math.abs(v) <= 0.2).length).toBeGreaterThan(16);
    expect(seen.some((v) => Math.abs(v) > 0.6)).toBe(true);
  });
});
