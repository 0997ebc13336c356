/**
 * `lagrange noether` in-process: charges from a file, from --generator, JSON shape, the Noether
 * section of `lagrange derive`, and bad input (exit 2 with a caret, never a stack trace).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, runJson } from "../support/cli.js";

const FREE = ["-L", "1/2*(x'^2 + y'^2)", "-c", "x,y"];

describe("lagrange noether", () => {
  it("Kepler from its file: energy and angular momentum, each proved", async () => {
    const r = await run("noether", "derivations/kepler-polar.yaml");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("angular momentum: conserved   (ph → 1)\n    Q = m*r^2*ph'");
    expect(r.stdout).toContain(
      "energy: conserved   (t → -1)\n    Q = 1/2*(-2*k/r + m*r^2*ph'^2 + m*r'^2)",
    );
    expect(r.stdout).toMatch(/2 numeric-integration checks passed/);
  });

  it("--generator: a Galilean boost with its gauge term, as JSON", async () => {
    const d = await runJson("noether", ...FREE, "--generator", "x=t, B=x");
    expect(d.broken).toEqual([]);
    const [c] = d.conserved;
    expect(c.generator).toEqual({ t: "0", x: "t", y: "0" });
    expect(c.gauge).toBe("x");
    expect(c.expression).toBe("t*x' - x");
    expect(c.steps.map((s: { rule: string }) => s.rule)).toContain("noether-identity");
    expect(c.crossChecks[0].id).toBe("noether-integration:generator 1");
  });

  it("a broken generator is reported with its rate (two-layer rescaling with weight decay)", async () => {
    const d = await runJson("noether", "derivations/two-layer-rescaling.yaml");
    expect(d.conserved).toEqual([]);
    expect(d.broken[0].name).toBe("rescaling");
    expect(d.broken[0].expression).toBe("exp(gamma*t)*(w1*w1' - w2*w2')");
    expect(d.broken[0].rate).toBe("exp(gamma*t)*(-lam*w1^2 + lam*w2^2 + w1'^2 - w2'^2)");
  });

  it("without generators: the symmetry search (Kepler: energy and the momentum of ph)", async () => {
    const d = await runJson("noether", "-L", "1/2*m*(r'^2 + r^2*ph'^2) + k/r", "-c", "r,ph");
    expect(d.conserved.map((c: { name: string }) => c.name)).toEqual(["energy", "momentum of ph"]);
  });

  it("lagrange derive includes the charges when the file asks for them", async () => {
    const r = await run("derive", "derivations/free-particle-2d.yaml");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("boost in x: conserved   (x → t, gauge m*x)\n    Q = m*(t*x' - x)");
    const d = await runJson("derive", "derivations/caldirola-kanai.yaml");
    expect(d.noether.conserved[0].name).toBe("damped energy");
    expect(d.noether.broken[0].name).toBe("plain energy");
  });
});

describe("lagrange noether: bad input is exit 2 with a caret", () => {
  const bad = async (...argv: string[]) => {
    const r = await run("noether", ...argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    return r.stderr;
  };

  it("an unknown name, bad syntax, a velocity, a missing '='", async () => {
    expect(await bad(...FREE, "-g", "x=-y, z=x")).toBe(
      "error: --generator: 'z' is neither the time (t), a coordinate (x, y) nor B (the gauge term)\n" +
        "  x=-y, z=x\n        ^\n",
    );
    expect(await bad(...FREE, "-g", "x=-y, y=x*(")).toMatch(
      /unexpected end of input\n  x=-y, y=x\*\(\n {13}\^/,
    );
    expect(await bad(...FREE, "-g", "x=-y', y=x")).toMatch(
      /y' is a velocity.*\n  x=-y', y=x\n {5}\^/,
    );
    expect(await bad(...FREE, "-g", "t")).toMatch(/no '='/);
    expect(await bad(...FREE, "-g", "x=c*y")).toMatch(/'c' is neither the time/);
    expect(await bad(...FREE, "--degree", "two")).toMatch(/--degree must be an integer/);
  });

  it("an unknown key in a file's symmetries section", async () => {
    const dir = mkdtempSync(join(tmpdir(), "noether-"));
    const file = join(dir, "s.yaml");
    writeFileSync(
      file,
      "name: S\ndescription: d\ncoordinates: [x]\nlagrangian: 1/2*x'^2\nsymmetries:\n  - { name: shift, xx: 1 }\n",
    );
    expect(await bad(file)).toMatch(/unknown key 'xx' \(did you mean 'x'\?\)/);
    writeFileSync(
      file,
      "name: S\ndescription: d\ncoordinates: [x]\nlagrangian: 1/2*x'^2\nsymmetries:\n  - { name: shift, x: 1 + * 2 }\n",
    );
    expect(await bad(file)).toBe(
      `error: ${file}: symmetry 'shift': x: unexpected '*'\n` +
        "    - { name: shift, x: 1 + * 2 }\n                            ^\n",
    );
  });
});
