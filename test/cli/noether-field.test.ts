/**
 * `lagrange noether` on field theories, in-process: currents from --generator with --fields/--vars,
 * from the shipped files (Klein–Gordon, two fields with a phase rotation, the wave equation), the
 * JSON shape {"current": {"t": J^t, "x": J^x}}, `lagrange derive`'s Noether section, bad input.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, runJson } from "../support/cli.js";

const WAVE = ["-L", "1/2*u_t^2 - 1/2*c^2*u_x^2", "--fields", "u", "--vars", "t,x"];

describe("lagrange noether for fields", () => {
  it("wave equation --generator t=-1: the energy density and flux, listed by component", async () => {
    const r = await run("noether", ...WAVE, "--generator", "t=-1");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("fields: u   variables: t, x");
    expect(r.stdout).toContain(
      "generator 1: conserved   (t → -1)\n    J^t = 1/2*(c^2*u_x^2 + u_t^2)\n    J^x = -c^2*u_t*u_x",
    );
    expect(r.stdout).toMatch(/1 finite-difference check passed/);
  });

  it("phase rotation as JSON: current in place of expression, gauge per variable", async () => {
    const d = await runJson(
      "noether",
      "-L",
      "1/2*(u_t^2 + v_t^2) - 1/2*(u_x^2 + v_x^2) - V(u^2 + v^2)",
      "--fields",
      "u,v",
      "--vars",
      "t,x",
      "-g",
      "u=-v, v=u",
    );
    const [c] = d.conserved;
    expect(c.generator).toEqual({ t: "0", x: "0", u: "-v", v: "u" });
    expect(c.gauge).toEqual({ t: "0", x: "0" });
    expect(c.current).toEqual({ t: "u*v_t - v*u_t", x: "-u*v_x + v*u_x" });
    expect(c).not.toHaveProperty("expression");
    expect(c.crossChecks).toHaveLength(1);
  });

  it("a gauge vector B_t: the shift u → u + ε·t of the wave equation", async () => {
    const d = await runJson("noether", ...WAVE, "-g", "u=t, B_t=u");
    expect(d.conserved[0].current).toEqual({ t: "t*u_t - u", x: "-c^2*t*u_x" });
    const broken = await runJson("noether", ...WAVE, "-g", "u=t");
    expect(broken.broken[0].rate).toBe("u_t");
  });

  it("Klein–Gordon file: energy, momentum, boost found; the massive shift broken at −m²u", async () => {
    const r = await run("noether", "derivations/klein-gordon-1d.yaml");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "energy: conserved   (t → -1)\n    J^t = 1/2*(m^2*u^2 + u_t^2 + u_x^2)\n    J^x = -u_t*u_x",
    );
    expect(r.stdout).toContain("momentum in x: conserved");
    expect(r.stdout).toContain("boost in x: conserved   (t → x, x → t)");
    expect(r.stdout).toContain("shift of u: not a symmetry   (u → 1)");
    expect(r.stdout).toContain("D_tJ^t + D_xJ^x = -m^2*u   on solutions");
  });

  it("two-field file: the search finds the phase rotation", async () => {
    const d = await runJson("noether", "derivations/phase-rotation-two-fields.yaml");
    const names = d.conserved.map((c: { name: string }) => c.name);
    expect(names).toEqual(["energy", "momentum in x", "boost in x", "phase rotation of (u, v)"]);
  });

  it("a given energy with t=1 is taken as −∂_t: the density +½u_t² + ½c²u_x²", async () => {
    const d = await runJson("noether", ...WAVE, "-g", "t=1");
    expect(d.conserved[0].current.t).toBe("-1/2*(c^2*u_x^2 + u_t^2)");
    const r = await run("noether", "derivations/wave-equation-1d.yaml");
    expect(r.stdout).toContain("shift of u by t: conserved   (u → t, B_t u)\n    J^t = t*u_t - u");
  });

  it("lagrange derive adds the currents to the wave equation", async () => {
    const r = await run("derive", "derivations/wave-equation-1d.yaml");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Noether currents");
    expect(r.stdout).toContain(
      "shift of u: conserved   (u → 1)\n    J^t = u_t\n    J^x = -c^2*u_x",
    );
  });

  it("bad input: a derivative in a generator, an unknown key, --fields without --vars (exit 2)", async () => {
    const bad = async (...argv: string[]) => {
      const r = await run("noether", ...argv);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
      return r.stderr;
    };
    expect(await bad(...WAVE, "-g", "u=u_t")).toMatch(/u_t is a derivative[^]*\n {4}\^/);
    expect(await bad(...WAVE, "-g", "y=1")).toMatch(/'y' is neither a variable/);
    expect(await bad("-L", "1/2*u_t^2", "--fields", "u")).toMatch(/--fields needs --vars/);
    expect(await bad(...WAVE, "--degree", "3")).toMatch(/from 0 to 2/);
    expect(await bad("-L", "1/2*u_tx^2", "--fields", "u", "--vars", "t,x")).toMatch(
      /first-order field Lagrangians \(this one has derivatives of order 2\)/,
    );
    const dir = mkdtempSync(join(tmpdir(), "noether-field-"));
    const file = join(dir, "s.yaml");
    const head = "name: S\ndescription: d\nfields: [u]\nvariables: [t, x]\nlagrangian: 1/2*u_t^2\n";
    writeFileSync(file, head + "symmetries:\n  - { name: s, B_y: 1 }\n");
    expect(await bad(file)).toMatch(/unknown key 'B_y' \(did you mean 'B_t'\?\)/);
    writeFileSync(file, head + "symmetries:\n  - { name: s, B_x: u_t + }\n");
    expect(await bad(file)).toMatch(/B_x: missing operand after '\+'\n.*B_x: u_t \+ }\n +\^/);
  });
});
