/**
 * Declared assumptions (`assume: {positive: [m, c]}`, `--assume-positive m,c`), radicals simplified
 * under them, and literals printed as written — through the CLI, as a user meets them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../src/derivation-files/load.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { countOps } from "../../src/expr/types.js";
import { run, runJson } from "../support/cli.js";

const relativistic = "derivations/relativistic-free-particle.yaml";
const L = "-m*c^2*sqrt(1 - x'^2/c^2)";

describe("relativistic free particle with m, c > 0 declared", () => {
  it("prints H = c*sqrt(c^2*m^2 + p_x^2), small, and x' = c*p_x/sqrt(…)", async () => {
    const doc = await runJson("derive", relativistic);
    expect(doc.assumptions).toEqual({ positive: ["c", "m"] });
    expect(doc.hamiltonian).toBe("c*sqrt(c^2*m^2 + p_x^2)");
    // 7 operations; the form before radicals were simplified had 24 (x' had 38, now 8)
    expect(countOps(parse(doc.hamiltonian))).toBeLessThanOrEqual(9);
    const velocity = doc.hamiltonEquations.find((e: { lhs: string }) => e.lhs === "x'");
    expect(velocity.rhs).toBe("c*p_x/sqrt(c^2*m^2 + p_x^2)");
    expect(doc.assumedPositive).toEqual(["c", "m"]);
    // declared, so no note that an assumption was made unasked
    expect(doc.notes.join("\n")).not.toMatch(/not declared positive/);
  });

  it("the text output states the assumptions", async () => {
    const r = await run("derive", relativistic);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  assumptions: c, m > 0\n");
    expect(r.stdout).toContain("  H = c*sqrt(c^2*m^2 + p_x^2)\n");
  });

  it("with a potential, on the command line: H = V(x) + c*sqrt(c^2*m^2 + p_x^2)", async () => {
    const doc = await runJson("derive", "-L", `${L} - V(x)`, "-c", "x", "--assume-positive", "m,c");
    expect(doc.hamiltonian).toBe("V(x) + c*sqrt(c^2*m^2 + p_x^2)");
    expect(doc.assumptions).toEqual({ positive: ["c", "m"] });
  });

  it("undeclared, the root still needs m, c > 0: H is the same and a note says so", async () => {
    const r = await run("derive", "-L", L, "-c", "x", "--json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.assumptions).toEqual({ positive: [] });
    expect(doc.assumedPositive).toEqual(["c", "m"]);
    expect(doc.hamiltonian).toBe("c*sqrt(c^2*m^2 + p_x^2)");
    expect(doc.notes).toContain(
      "Hamiltonian derived assuming c, m > 0, not declared positive (a square root was taken: √(m²) = m only for m > 0)",
    );
  });
});

describe("assumptions: bad input is exit 2 with a clear message", () => {
  it("a name that is not a symbol of L", async () => {
    const r = await run("derive", "-L", L, "-c", "x", "--assume-positive", "m,q");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: --assume-positive: 'q' is not a symbol of the Lagrangian (parameters: c, m; coordinates: x)\n",
    );
  });

  it("a velocity", async () => {
    const r = await run("derive", "-L", L, "-c", "x", "--assume-positive", "x'");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'x'' is a derivative: only parameters, coordinates and variables/);
  });

  it("--assume-positive with a derivation file (the file declares its own)", async () => {
    const r = await run("derive", relativistic, "--assume-positive", "m");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --assume-positive goes with --lagrangian, not with derivation files/,
    );
  });

  it("in a file: an unknown key, a name not in L, a list instead of a mapping", async () => {
    const dir = mkdtempSync(join(tmpdir(), "assume-"));
    const text = readFileSync(relativistic, "utf8");
    const cases: [string, RegExp][] = [
      [
        "assume: { positve: [m] }",
        /field 'assume' has unknown key 'positve' \(did you mean 'positive'\?\)/,
      ],
      [
        "assume: { positive: [m, q] }",
        /field 'assume.positive': 'q' is not a symbol of the Lagrangian/,
      ],
      ["assume: [m]", /field 'assume' must be a mapping such as \{positive: \[m, c\]\}/],
      ["assume: { positive: [m, m] }", /field 'assume.positive' lists 'm' twice/],
    ];
    for (const [line, message] of cases) {
      const file = join(dir, "p.yaml");
      writeFileSync(file, text.replace("assume: { positive: [m, c] }", line));
      const r = await run("derive", file);
      expect(r.code, line).toBe(2);
      expect(r.stderr, line).toMatch(message);
      expect(r.stdout).toBe("");
    }
  });

  it("the loader reads assume and suggests it for a typo", () => {
    const base = "name: P\ndescription: d\ncoordinates: [x]\nlagrangian: x'^2\n";
    expect(parseSpec(base + "assume: {positive: [x]}\n").assume).toEqual({ positive: ["x"] });
    expect(() => parseSpec(base + "asume: {positive: [x]}\n")).toThrow(/did you mean 'assume'/);
  });
});

describe("decimal literals print as written", () => {
  it("9.109e-31 round-trips through the CLI (text and JSON), exact inside", async () => {
    const doc = await runJson("derive", "-L", "1/2*9.109e-31*x'^2 - 9.81*x", "-c", "x");
    expect(doc.lagrangian).toBe("1/2*9.109e-31*x'^2 - 9.81*x");
    expect(doc.momenta.x).toBe("9.109e-31*x'");
    expect(doc.equations[0].residual).toBe("-9.81 - 9.109e-31*x''");
    const r = await run("derive", "-L", "9.109e-31*x'^2", "-c", "x");
    expect(r.stdout).toContain("  L = 9.109e-31*x'^2\n");
  });
});
