/**
 * Field theories through `lagrange derive`: Hamilton's equations with π_x, Lagrangians with mixed
 * derivatives u_tx (no Hamiltonian, a conserved energy density, no false "solved" equation), and the
 * spelling of jet symbols (u_xt is u_tx; u_z over an undeclared z is bad input with a caret).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { equivalent } from "../../src/expr/algebra/canonical.js";
import { evaluate, makeRng, randomEnv } from "../../src/expr/numeric/evaluate.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { run, runJson } from "../support/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "lagrange-field-jets-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `derive -L L --fields u --vars t,x --json`, expected to succeed. */
const deriveField = (L: string) => runJson("derive", "-L", L, "--fields", "u", "--vars", "t,x");

const same = (a: string, b: string) =>
  expect(equivalent(parse(a), parse(b)), `${a} vs ${b}`).toBe(true);
const rhsOf = (d: Record<string, any>, lhs: string): string =>
  d.hamiltonEquations.find((e: { lhs: string }) => e.lhs === lhs).rhs;

describe("field Hamilton equations through the CLI", () => {
  it("field with a u_t·u_x coupling: π_t = (1 + a²)u_xx − a·π_x", async () => {
    const d = await deriveField("1/2*u_t^2 - 1/2*u_x^2 + a*u_t*u_x");
    expect(d.momentumSymbols).toEqual({ u: "p_u" });
    same(rhsOf(d, "u_t"), "p_u - a*u_x");
    same(rhsOf(d, "p_u_t"), "(1 + a^2)*u_xx - a*p_u_x");
  });

  it("√(1 + u_t² − u_x²): π_t keeps its π_x terms", async () => {
    const d = await deriveField("sqrt(1 + u_t^2 - u_x^2)");
    const force = rhsOf(d, "p_u_t");
    expect(force).toContain("p_u_x");
    // −δH/δu = D_x(∂H/∂u_x) with H = −√((1 − u_x²)(1 − π²)), by hand; compared at random points
    // (|u_x|, |π| < 1), the radicals being written differently.
    const byHand = parse(
      "sqrt((1 - p_u^2)/(1 - u_x^2))*(u_xx/(1 - u_x^2) - p_u*p_u_x*u_x/(1 - p_u^2))",
    );
    const rng = makeRng(3);
    for (let i = 0; i < 6; i++) {
      const env = randomEnv(["u_x", "u_xx", "p_u", "p_u_x"], rng);
      const want = evaluate(byHand, env);
      expect(Math.abs(evaluate(parse(force), env) - want)).toBeLessThan(
        1e-12 * Math.max(1, Math.abs(want)),
      );
    }
  });
});

describe("field Lagrangian with a mixed derivative u_tx", () => {
  const L = "1/2*u_t^2 - 1/2*u_x^2 + 1/2*b*u_tx^2";

  it("no Hamiltonian, no solved equation; the energy density ½(u_t² + u_x² + b·u_tx²)", async () => {
    const d = await deriveField(L);
    same(d.equations[0].residual, "b*u_ttxx - u_tt + u_xx");
    expect(d.hamiltonian).toBeNull();
    expect(d.hamiltonEquations).toBeNull();
    expect(d.accelerations).toBeNull();
    expect(d.momenta).toMatchObject({ u: "u_t", u_x: "b*u_tx" });
    same(d.energy, "1/2*(u_t^2 + u_x^2 + b*u_tx^2)");
    const notes = d.notes.join("\n");
    expect(notes).toMatch(/Hamiltonian not derived: u_tx .*Ostrogradsky/);
    expect(notes).toMatch(/contains u_ttxx, a derivative of the unknown u_tt/);
  });

  it("the text output claims no u_tt = … and no Hamiltonian density", async () => {
    const r = await run("derive", "-L", L, "--fields", "u", "--vars", "t,x");
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/u_tt =/);
    expect(r.stdout).not.toContain("Hamiltonian density");
    expect(r.stdout).toContain("conjugate to u_x:  b*u_tx");
  });
});

describe("spelling of field jet symbols", () => {
  it("u_xt is read as u_tx: b is the only parameter and the term reaches the equation", async () => {
    const d = await deriveField("1/2*u_t^2 - 1/2*u_x^2 + 1/2*b*u_xt^2");
    expect(d.parameters).toEqual(["b"]);
    same(d.equations[0].residual, "b*u_ttxx - u_tt + u_xx");
  });

  it("u_z with variables t, x: exit 2, the Lagrangian with a caret under u_z", async () => {
    const L = "1/2*u_t^2 - 1/2*u_x^2 + c*u_z^2";
    const r = await run("derive", "-L", L, "--fields", "u", "--vars", "t,x");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("'u_z' is a derivative of the field 'u' in 'z'");
    expect(r.stderr).toContain(`  ${L}\n  ${" ".repeat(L.indexOf("u_z"))}^`);
    expect(r.stderr).not.toMatch(/^\s{4}at /m);
  });

  it("u_z in a derivation file: the caret points into the file's lagrangian line", async () => {
    const file = join(tmp, "string.yaml");
    const line = "lagrangian: 1/2*u_t^2 - 1/2*u_x^2 + c*u_z^2";
    writeFileSync(
      file,
      `name: String\ndescription: a string\nfields: [u]\nvariables: [t, x]\nparameters:\n  c: { description: "a constant" }\n${line}\n`,
    );
    const r = await run("derive", file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("string.yaml: 'u_z' is a derivative of the field 'u'");
    expect(r.stderr).toContain(`  ${line}\n  ${" ".repeat(line.indexOf("u_z"))}^`);
  });
});
