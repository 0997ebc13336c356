/** The real `lagrange` binary (dist/cli/bin.js), spawned as a user would run it. */
import { execSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(repoRoot, "dist", "cli", "bin.js");

beforeAll(() => {
  if (!existsSync(bin)) execSync("npx tsc -p tsconfig.build.json", { cwd: repoRoot });
}, 120_000);

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
});
