/** `lagrange verify`: verdicts per claim, exit codes, --json, --allow-refuted, bad input. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../support/cli.js";

const DESIGN = "derivations/paper/a-optimal-design.claims.yaml";
const scratch = () => mkdtempSync(join(tmpdir(), "lagrange-cli-verify-"));

describe("lagrange verify", () => {
  it("the design claims: C1 and C2 checked, one line per claim with its evidence, exit 0", async () => {
    const r = await run("verify", DESIGN);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^C1 checked \(.*a-optimal-design\.claims\.yaml\) — Lagrange/m);
    expect(r.stdout).toMatch(/^ {2}proved: \d+ steps/m);
    expect(r.stdout).toMatch(/^C2 checked/m);
    expect(r.stdout).toContain("2 claims: 0 proved, 2 checked, 0 refuted, 0 not checkable");
  });

  it("the paper folder: C7 (q = 0.5), C4 (mle-only) and C5 (Bernoulli) are refuted, exit 1, JSON with every field", async () => {
    const r = await run("verify", "derivations/paper", "--json");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^refuted: (C\d+, )*C7, (C\d+, )*C5(, C\d+)* \(pass --allow-refuted to exit 0\)$/m,
    );
    const { claims } = JSON.parse(r.stdout) as { claims: Record<string, unknown>[] };
    expect(claims.map((c) => [c.id, c.verdict])).toEqual([
      ["C1", "checked"],
      ["C2", "checked"],
      ["C3", "checked"],
      ["C7", "refuted"],
      ["C4", "refuted"],
      ["C8", "proved"],
      ["C5", "refuted"],
      ["C6", "checked"],
    ]);
    for (const c of claims)
      expect(Object.keys(c)).toEqual(["id", "file", "statement", "verdict", "method", "evidence"]);
  }, 60_000);

  it("a changed statement changes the verdict: the error's exponent edited in the file", async () => {
    const dir = scratch();
    const file = join(dir, "design.claims.yaml");
    writeFileSync(
      file,
      readFileSync(DESIGN, "utf8").replace(
        "error: sigma^2*(1 + p/n)",
        "error: sigma^2*(1 + (p/n)^2)",
      ),
    );
    const r = await run("verify", file, "--json");
    expect(r.code).toBe(1);
    const { claims } = JSON.parse(r.stdout) as { claims: { id: string; verdict: string }[] };
    expect(claims.find((c) => c.id === "C1")!.verdict).toBe("refuted");
    const allowed = await run("verify", file, "--allow-refuted");
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/^C1 refuted/m);
    expect(allowed.stderr).toBe("");
  });

  it("bad input exits 2 with a clear message: no such path, no claims, an unknown check", async () => {
    const missing = await run("verify", "no/such/file.yaml");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: .*no such file/);
    const none = await run("verify", "derivations/simple-pendulum.yaml");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no claims/);
    const dir = scratch();
    const file = join(dir, "x.claims.yaml");
    writeFileSync(
      file,
      "name: X\ndescription: Y\nclaims:\n  - {id: C9, statement: s, check: magic}\n",
    );
    const unknown = await run("verify", file);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/claim C9: unknown check 'magic'; checks: a-optimal-design/);
    writeFileSync(
      file,
      "name: X\ndescription: Y\nclaims:\n  - {id: C1, statement: s, check: a-optimal-design, given: {optimum: 'n/('}}\n",
    );
    const parse = await run("verify", file);
    expect(parse.code).toBe(2);
    expect(parse.stderr).toMatch(/claim C1: given 'optimum' does not parse/);
    expect(parse.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("a derivation file's own claims: section is verified too; check: none is not-checkable", async () => {
    const file = join(scratch(), "osc.yaml");
    writeFileSync(
      file,
      "name: Oscillator\ndescription: A mass on a spring.\ncoordinates: [x]\nlagrangian: 1/2*x'^2 - 1/2*x^2\n" +
        "claims:\n  - {id: C8, statement: RL is a Legendre transform, check: none, reason: no formal statement yet}\n",
    );
    const r = await run("verify", file);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^C8 not-checkable .* — none\n {2}not-checkable: no formal statement yet$/m,
    );
  });

  it("the particle claims: both verdicts with an evidence line per part, --allow-refuted exits 0", async () => {
    const r = await run("verify", "derivations/paper/particle.claims.yaml", "--allow-refuted");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^C5 refuted \(.*particle\.claims\.yaml\) — /m);
    expect(r.stdout).toMatch(/^ {2}refuted: Bernoulli .* R = 0\.444444 at θ = 0\.25, x̄ = 0\.5/m);
    expect(r.stdout).toMatch(/^ {2}checked: one explicit Euler step .* equals RMSprop/m);
    expect(r.stdout).toMatch(/^C6 checked/m);
    expect(r.stdout).toContain("2 claims: 0 proved, 1 checked, 1 refuted, 0 not checkable");
  }, 60_000);

  it("build skips claim files: derivations/paper holds no system to derive", async () => {
    const r = await run("derive", "derivations/paper");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no derivation files/);
  });
});
