/**
 * Bad input to `lagrange derive`: exit code 2, one clear message on stderr (with a caret under the
 * offending column where there is one), no stack trace, nothing on stdout and nothing written.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "lagrange-errors-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let outCount = 0;

/**
 * Run `argv` twice — as given and with `--out` into a fresh directory — and check both are a clean
 * bad-input failure. Returns the stderr of the first run.
 */
async function badInput(...argv: string[]): Promise<string> {
  const out = join(tmp, `out-${++outCount}`);
  let first = "";
  for (const args of [argv, [...argv, "--out", out]]) {
    let stdout = "";
    let stderr = "";
    const code = await main(args, {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    });
    expect(code, `exit code of ${args.join(" ")}\n${stderr}`).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^error: \S/);
    expect(stderr).not.toMatch(/^\s{4}at /m);
    expect(stderr).not.toMatch(/internal error|Error:/);
    expect(existsSync(out), `${out} must not be created`).toBe(false);
    first ||= stderr;
  }
  return first;
}

/** The line shown above the caret and the text from the caret's column on. */
function caret(stderr: string): { line: string; at: string } {
  const lines = stderr.split("\n");
  const i = lines.findIndex((l) => /^\s*\^\s*$/.test(l));
  expect(i, `a caret line in\n${stderr}`).toBeGreaterThan(0);
  const col = lines[i].indexOf("^");
  return { line: lines[i - 1], at: lines[i - 1].slice(col) };
}

function yamlFile(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe("bad Lagrangians on the command line", () => {
  it("parse error: the input is shown with a caret under the stray operator", async () => {
    const err = await badInput("derive", "--lagrangian", "1/2*m*x'^2 - * k", "--coords", "x");
    expect(err).toMatch(/unexpected '\*'/);
    const c = caret(err);
    expect(c.line.trim()).toBe("1/2*m*x'^2 - * k");
    expect(c.at).toBe("* k");
  });

  it("parse error: an unclosed parenthesis points at the end of the input", async () => {
    const err = await badInput("derive", "--lagrangian", "1/2*m*(x'^2 + y'^2", "--coords", "x,y");
    const c = caret(err);
    expect(c.line.trim()).toBe("1/2*m*(x'^2 + y'^2");
    expect(c.at.trim()).toBe("");
  });

  it("harmonic oscillator with --coords z: the message names z", async () => {
    const err = await badInput("derive", "--lagrangian", "1/2*m*x'^2 - 1/2*k*x^2", "--coords", "z");
    expect(err).toMatch(/'z'|\bz\b/);
  });

  it("duplicate coordinates are rejected", async () => {
    const err = await badInput("derive", "--lagrangian", "1/2*m*x'^2", "--coords", "x,x");
    expect(err).toMatch(/'x'/);
    expect(err).toMatch(/twice|duplicate/i);
  });

  it("a coordinate absent from the Lagrangian is rejected", async () => {
    const err = await badInput("derive", "--lagrangian", "1/2*m*x'^2", "--coords", "x,y");
    expect(err).toMatch(/'y'/);
    expect(err).toMatch(/does not appear/);
  });

  it("division by a literal zero: caret under the zero", async () => {
    const err = await badInput("derive", "--lagrangian", "x'^2/0", "--coords", "x");
    expect(err).toMatch(/division by zero/);
    expect(caret(err).at).toBe("0");
  });

  it("division by an expression that is identically zero", async () => {
    const err = await badInput("derive", "--lagrangian", "x'^2/(x - x)", "--coords", "x");
    expect(err).toMatch(/division by zero/);
  });

  it("--lagrangian without --coords", async () => {
    const err = await badInput("derive", "--lagrangian", "1/2*m*x'^2");
    expect(err).toMatch(/--coords/);
  });

  it("--fields without --vars", async () => {
    const err = await badInput("derive", "--lagrangian", "1/2*u_t^2", "--fields", "u");
    expect(err).toMatch(/--vars/);
  });
});

describe("bad derivation files", () => {
  const header = "name: Test\ndescription: A test system.\ncoordinates: [x]\n";

  it("malformed YAML names the file and the place", async () => {
    const f = yamlFile("malformed.yaml", `${header}parameters: [m\nlagrangian: 1/2*m*x'^2\n`);
    const err = await badInput("derive", f);
    expect(err).toContain("malformed.yaml");
    expect(err).toMatch(/YAML/);
  });

  it("a file without a Lagrangian names the missing field", async () => {
    const f = yamlFile("no-lagrangian.yaml", header);
    const err = await badInput("derive", f);
    expect(err).toContain("no-lagrangian.yaml");
    expect(err).toMatch(/'lagrangian'/);
    expect(err).toMatch(/required|missing/);
  });

  it("a parse error in the file's Lagrangian puts the caret in the file line", async () => {
    const params = "parameters:\n  m: mass\n  k: spring constant\n";
    const f = yamlFile("parse-error.yaml", `${header}${params}lagrangian: 1/2*m*x'^2 - * k\n`);
    const err = await badInput("derive", f);
    expect(err).toContain("parse-error.yaml");
    expect(err).toMatch(/'lagrangian'/);
    const c = caret(err);
    expect(c.line.trim()).toBe("lagrangian: 1/2*m*x'^2 - * k");
    expect(c.at).toBe("* k");
  });

  it("an undeclared parameter in the file's Lagrangian is named", async () => {
    const params = "parameters:\n  m: mass\n";
    const f = yamlFile("undeclared.yaml", `${header}${params}lagrangian: 1/2*m*x'^2 - 1/2*k*x^2\n`);
    const err = await badInput("derive", f);
    expect(err).toContain("undeclared.yaml");
    expect(err).toMatch(/'k'/);
    expect(err).toMatch(/parameters/);
  });

  it("a missing file is named", async () => {
    const missing = join(tmp, "no-such-system.yaml");
    const err = await badInput("derive", missing);
    expect(err).toContain("no-such-system.yaml");
  });

  it("one bad file in a directory: nothing is written for the good ones either", async () => {
    const dir = join(tmp, "mixed");
    mkdirSync(dir);
    copyFileSync(
      join(repoRoot, "derivations", "harmonic-oscillator.yaml"),
      join(dir, "a-harmonic-oscillator.yaml"),
    );
    writeFileSync(join(dir, "b-broken.yaml"), `${header}lagrangian: x'^2 +\n`);
    const err = await badInput("derive", dir);
    expect(err).toContain("b-broken.yaml");
  });
});

describe("bad command lines", () => {
  it("an unknown command is rejected with a hint", async () => {
    const err = await badInput("frobnicate");
    expect(err).toMatch(/unknown command 'frobnicate'/);
    expect(err).toMatch(/--help/);
  });

  it("derive with nothing to derive", async () => {
    const err = await badInput("derive");
    expect(err).toMatch(/nothing to derive/);
  });

  it("an unknown option", async () => {
    const err = await badInput("derive", "--frobnicate");
    expect(err).toMatch(/--frobnicate/);
  });

  it("a non-integer --seed", async () => {
    const err = await badInput("derive", "--lagrangian", "x'^2", "--coords", "x", "--seed", "x");
    expect(err).toMatch(/--seed/);
  });

  it("--out naming an existing file is bad input, not an internal error", async () => {
    const file = yamlFile("a-file", "x");
    let stderr = "";
    const code = await main(
      ["derive", join(repoRoot, "derivations/harmonic-oscillator.yaml"), "--out", file],
      { stdout: () => {}, stderr: (t) => void (stderr += t) },
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/not a directory/);
    expect(stderr).not.toMatch(/internal error/);
  });

  it("a built-in function name is not a coordinate", async () => {
    const err = await badInput("derive", "--lagrangian", "1/2*x'^2", "--coords", "x,sin");
    expect(err).toMatch(/'sin' is a built-in function, not a coordinate/);
  });
});
