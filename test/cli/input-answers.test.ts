/**
 * Input that `lagrange derive` used to answer wrongly (issue 5, section 3), answered right:
 * - a literal too large or too small for double-precision checks is bad input (exit 2, a caret
 *   under it); physical constants work; a potential whose expanded form cancels away every digit
 *   of a double is derived (the checks re-check in 60 digits) instead of being reported as a bug;
 * - `--out DIR` mirrors the input folders, so files of the same name in different folders no longer
 *   overwrite each other, and inputs that would still share an output are refused, naming both;
 * - legitimate input that may not mean what the user meant is derived and said (a note in the
 *   record and on stderr); flags a derivation file would silently override are an error.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { editDistance, nearBuiltin } from "../../src/expr/syntax/names.js";
import { run } from "../support/cli.js";

const derivations = fileURLToPath(new URL("../../derivations", import.meta.url));
const oscillator = join(derivations, "harmonic-oscillator.yaml");
const tmp = mkdtempSync(join(tmpdir(), "lagrange-input-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("literals out of the checkable range", () => {
  for (const [literal, size] of [
    ["1e400", "large"],
    ["1e-400", "small"],
    ["2.5e151", "large"],
    ["1e-200", "small"],
  ]) {
    it(`${literal} is bad input (exit 2) with a caret under it`, async () => {
      const L = `1/2*x'^2 + ${literal}*x^2`;
      const r = await run("derive", "-L", L, "-c", "x");
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(
        `error: ${literal} is too ${size} to check: every step is checked by evaluation in ` +
          `double precision, so numbers must lie between 1e-150 and 1e150 in size (rescale the ` +
          `units)\n  ${L}\n  ${" ".repeat(L.indexOf(literal))}^\n`,
      );
    });
  }

  it("physical constants (9.109e-31, 6.674e-11, 6.022e23) work", async () => {
    const L = "1/2*9.109e-31*x'^2 - 1/2*6.674e-11*6.022e23*x^2";
    const r = await run("derive", "-L", L, "-c", "x");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("numbers at the ends of the range (1e-150, 1e150) work", async () => {
    const r = await run("derive", "-L", "1/2*1e150*x'^2 - 1/2*1e-150*x^2", "-c", "x");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("cancellation in an expanded form", () => {
  it(
    "(x + y + z + a)^25 in a potential is derived, every step checked (exit 0)",
    { timeout: 240_000 },
    async () => {
      const r = await run(
        "derive",
        "-L",
        "1/2*(x'^2+y'^2+z'^2) - (x + y + z + a)^25",
        "-c",
        "x,y,z",
        "--json",
      );
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.hamiltonian).not.toBeNull();
      expect(doc.steps.every((s: { check: { passed: boolean } }) => s.check.passed)).toBe(true);
    },
  );
});

/** `DIR/a/sys.yaml` (the oscillator) and `DIR/b/sys.yaml` (the pendulum). */
function twoSystems(dir: string): [string, string] {
  mkdirSync(join(dir, "a"), { recursive: true });
  mkdirSync(join(dir, "b"), { recursive: true });
  const a = join(dir, "a", "sys.yaml");
  const b = join(dir, "b", "sys.yaml");
  copyFileSync(join(derivations, "harmonic-oscillator.yaml"), a);
  copyFileSync(join(derivations, "simple-pendulum.yaml"), b);
  return [a, b];
}

describe("--out mirrors the input folders", () => {
  it("a/sys.yaml and b/sys.yaml are written to OUT/a/sys.* and OUT/b/sys.*, both kept", async () => {
    const [a, b] = twoSystems(join(tmp, "two"));
    const out = join(tmp, "two-out");
    const r = await run("derive", a, b, "--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "a", "sys.json"), "utf8")).name).toBe(
      "Harmonic oscillator",
    );
    expect(JSON.parse(readFileSync(join(out, "b", "sys.json"), "utf8")).name).toBe(
      "Simple pendulum",
    );
    expect(existsSync(join(out, "a", "sys.txt")) && existsSync(join(out, "b", "sys.txt"))).toBe(
      true,
    );
    expect(r.stdout).toContain(`a/sys: 16 checked steps → ${join(out, "a", "sys")}.{json,txt}`);
  });

  it("a directory argument is the root: derivations → OUT/NAME.* as before", async () => {
    const out = join(tmp, "flat");
    const r = await run("derive", derivations, "--out", out);
    expect(r.code, r.stderr).toBe(0);
    const names = readdirSync(out);
    expect(names).toContain("harmonic-oscillator.json");
    expect(names.every((n) => /\.(json|txt)$/.test(n))).toBe(true);
  });

  it("sys.yaml and sys.yml side by side are refused, naming both, and nothing is written", async () => {
    const [a] = twoSystems(join(tmp, "clash"));
    const yml = join(tmp, "clash", "a", "sys.yml");
    copyFileSync(a, yml);
    const out = join(tmp, "clash-out");
    const r = await run("derive", join(tmp, "clash", "a"), "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: '${a}' and '${yml}' would both be written to ${join(out, "sys")}.{json,txt}; ` +
        `rename one of them\n`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("a file named twice is derived once", async () => {
    const [a] = twoSystems(join(tmp, "twice"));
    const r = await run("derive", a, a, "--out", join(tmp, "twice-out"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
  });
});

describe("names one typo away from a builtin", () => {
  it("sinn(x) is derived as an abstract function, with a note on stderr and in the record", async () => {
    const r = await run("derive", "-L", "1/2*x'^2 - sinn(x)", "-c", "x", "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("note: sinn is taken as an abstract function; did you mean sin?\n");
    const doc = JSON.parse(r.stdout);
    expect(doc.notes).toContain("sinn is taken as an abstract function; did you mean sin?");
    expect(doc.equations[0].residual).toMatch(/sinn'\(x\)/);
  });

  it("a derivation file gets the same note, naming the file", async () => {
    const file = join(tmp, "typo.yaml");
    const yaml =
      "name: Typo\ndescription: A typo.\ncoordinates: [x]\nlagrangian: 1/2*x'^2 - cso(x)\n";
    writeFileSync(file, yaml);
    const r = await run("derive", file, "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `note: ${file}: cso is taken as an abstract function; did you mean cos?\n`,
    );
    expect(JSON.parse(r.stdout).notes[0]).toBe(
      "cso is taken as an abstract function; did you mean cos?",
    );
  });

  it("short or distant names (f, V, phi) are taken silently", async () => {
    const r = await run("derive", "-L", "1/2*x'^2 - f(x) - V(x, a) - phi(x)", "-c", "x");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });

  it("the edit distance counts a swap of neighbours as one edit (Damerau–Levenshtein)", () => {
    expect(editDistance("cso", "cos")).toBe(1);
    expect(editDistance("sinn", "sin")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(nearBuiltin("sqr")).toBe("sqrt");
    expect(nearBuiltin("exq")).toBe("exp");
    expect(nearBuiltin("ex")).toBeUndefined(); // shorter than 3: a choice, not a typo
    expect(nearBuiltin("sin")).toBeUndefined();
    expect(nearBuiltin("phi")).toBeUndefined();
  });
});

describe("the time chosen by --time", () => {
  it("with --time s, a t in L is a parameter, and the note says so", async () => {
    const r = await run("derive", "-L", "1/2*x'^2 - t*x", "-c", "x", "--time", "s", "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("note: t is taken as a parameter: the time is s\n");
    const doc = JSON.parse(r.stdout);
    expect(doc.parameters).toEqual(["t"]);
    expect(doc.notes).toContain("t is taken as a parameter: the time is s");
  });

  it("without t in L, or with the default time, there is no note", async () => {
    expect((await run("derive", "-L", "1/2*x'^2 - s*x", "-c", "x", "--time", "s")).stderr).toBe("");
    expect((await run("derive", "-L", "1/2*x'^2 - t*x", "-c", "x")).stderr).toBe("");
  });
});

describe("command-line system flags with derivation files", () => {
  for (const flags of [
    ["-c", "x"],
    ["--time", "s"],
    ["--fields", "u"],
    ["--vars", "t,x"],
  ]) {
    it(`${flags[0]} with a file is an error (exit 2), not silently ignored`, async () => {
      const out = join(tmp, `out-${flags[0]}`);
      const r = await run("derive", oscillator, ...flags, "--out", out);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^error: --\w+ goes with --lagrangian, not with derivation files/);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("several such flags are named together", async () => {
    const r = await run("derive", oscillator, "-c", "x", "--time", "s");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: --coords and --time go with --lagrangian, not with derivation files (a file " +
        "declares its own coordinates, time, fields, variables and assumptions)\n",
    );
  });
});
