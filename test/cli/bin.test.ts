/**
 * The real `lagrange` binary, spawned as a user would run it: the bundle `npm run build` writes to
 * dist/bin/ (package.json's bin), built here from the current sources by the same script into a
 * scratch directory.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const outdir = mkdtempSync(join(tmpdir(), "lagrange-bin-"));
const bin = join(outdir, "lagrange.js");

beforeAll(() => {
  execFileSync(process.execPath, [join(repoRoot, "scripts", "bundle.mjs"), outdir]);
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function lagrange(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: "utf8" });
}

describe("lagrange binary", () => {
  it("harmonic oscillator prints JSON (exit 0); a parse error exits 2, no stack trace", () => {
    const ok = lagrange("derive", "derivations/harmonic-oscillator.yaml", "--json");
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const doc = JSON.parse(ok.stdout) as { name: string; equations: { coordinate: string }[] };
    expect(doc.name).toBe("Harmonic oscillator");
    expect(doc.equations.map((e) => e.coordinate)).toEqual(["x"]);

    const bad = lagrange("derive", "--lagrangian", "1/2*m*x'^2 - * k", "--coords", "x");
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^error: unexpected '\*'/);
    expect(bad.stderr).not.toMatch(/^\s{4}at /m);
  });

  it("is the bin package.json names, and answers --version and --help", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
      version: string;
      bin: { lagrange: string };
    };
    expect(pkg.bin.lagrange).toBe("dist/bin/lagrange.js");
    expect(lagrange("--version").stdout).toBe(`${pkg.version}\n`);
    const help = lagrange("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: lagrange /);
  });

  it("a reader that closes the pipe early (| head) ends it quietly: no EPIPE stack trace", () => {
    // `head -1` exits after one line; the binary's further writes then meet a closed pipe.
    const cmd = `"${process.execPath}" "${bin}" derive derivations --steps | head -1`;
    const run = spawnSync("sh", ["-c", cmd], { cwd: repoRoot, encoding: "utf8" });
    expect(run.stdout.split("\n")[0]).toBe("Adam");
    expect(run.stderr).not.toMatch(/EPIPE|node:events|Unhandled/);
  }, 60_000);
});
