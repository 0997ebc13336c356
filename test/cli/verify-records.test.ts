/**
 * Claims records: `lagrange verify --out DIR` writes each claim file's verdicts with the steps of
 * its symbolic parts, and `lagrange check` re-verifies them at fresh points — a tampered step, a
 * verdict stronger than its parts, or a "proved" part without steps fails.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../support/cli.js";

const scratch = () => mkdtempSync(join(tmpdir(), "lagrange-claims-records-"));

type Part = { verdict: string; steps?: { n: number; rhs: string; label: string }[] };
type Claim = { id: string; verdict: string; parts: Part[] };

/** The records of derivations/paper, written into a fresh folder. */
async function writeRecords(): Promise<string> {
  const out = scratch();
  const r = await run("verify", "derivations/paper", "--allow-refuted", "--out", out);
  expect(r.code).toBe(0);
  return out;
}

const edit = (file: string, change: (claims: Claim[]) => void): string => {
  const record = JSON.parse(readFileSync(file, "utf8")) as { claims: Claim[] };
  change(record.claims);
  const to = join(scratch(), "edited.claims.json");
  writeFileSync(to, JSON.stringify(record));
  return to;
};

describe("claims records and lagrange check", () => {
  // The records of derivations/paper, written once for every test (each edits a copy).
  let shared: Promise<string> | undefined;
  const records = () => (shared ??= writeRecords());
  it("every claim file of the paper gets a record, and every record passes lagrange check", async () => {
    const out = await records();
    const files = readdirSync(out).sort();
    expect(files).toContain("a-optimal-design.claims.json");
    expect(files).toContain("bellman.claims.json");
    for (const f of files) {
      const r = await run("check", join(out, f));
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
    const design = await run("check", join(out, "a-optimal-design.claims.json"));
    expect(design.stdout).toMatch(
      /: 8 steps re-verified at 4 fresh points each \(seed \d+\); the numeric evidence of C1, C2 is not re-run \(lagrange verify computes it\)$/m,
    );
    const bellman = JSON.parse(readFileSync(join(out, "bellman.claims.json"), "utf8"));
    expect(bellman.kind).toBe("claims");
    expect(bellman.claims[0].id).toBe("C3");
    expect(bellman.claims[0].parts[0].steps[0].rule).toBe("lagrangian");
  }, 120_000);

  it("a tampered step of C1 (the optimum n/p made n/(2p)) fails, naming the step", async () => {
    const out = await records();
    const file = edit(join(out, "a-optimal-design.claims.json"), (claims) => {
      const steps = claims[0].parts[0].steps!;
      const s = steps.find((x) => x.label === "λ_i")!;
      s.rhs = "n/(2*p)";
    });
    const r = await run("check", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/claim C1 part 1: step \d+ \(substitute: λ_i\)/);
  }, 120_000);

  it("a verdict stronger than its parts, or a proved part without steps, fails", async () => {
    const out = await records();
    const stronger = edit(join(out, "a-optimal-design.claims.json"), (claims) => {
      claims[0].verdict = "proved";
    });
    const r1 = await run("check", stronger);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/claim C1 is stated proved, but the weakest of its parts is checked/);
    const bare = edit(join(out, "bellman.claims.json"), (claims) => {
      delete claims[0].parts[0].steps;
    });
    const r2 = await run("check", bare);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/claim C3: part 1 is stated proved, but has no steps/);
  }, 120_000);

  it("a claim refuted by numbers alone is named as not re-run: its counterexample is verify's", async () => {
    const out = await records();
    const file = edit(join(out, "a-optimal-design.claims.json"), (claims) => {
      for (const p of claims[0].parts.slice(1)) p.verdict = "refuted";
      claims[0].verdict = "refuted";
    });
    const r = await run("check", file);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/the numeric evidence of C1, C2 is not re-run/);
    const legendre = await run("check", join(out, "legendre.claims.json"));
    expect(legendre.stdout).not.toMatch(/not re-run/);
  }, 120_000);

  it("a Bellman step's rule changed to one that does not fit its operation fails", async () => {
    const out = await records();
    const file = edit(join(out, "bellman.claims.json"), (claims) => {
      (claims[0].parts[0].steps![1] as unknown as { rule: string }).rule = "energy";
    });
    const r = await run("check", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rule energy does not record a 'partial' operation/);
  }, 120_000);
});

describe("a negated partial derivative in a claim's proof", () => {
  /** A two-step claims record: F, then −∂F/∂x recorded with `sign: -1` (or without it). */
  const record = (sign: boolean) => ({
    kind: "claims",
    name: "negated partial",
    claims: [
      {
        id: "C1",
        statement: "s",
        verdict: "proved",
        method: "m",
        evidence: ["e"],
        parts: [
          {
            verdict: "proved",
            method: "m",
            evidence: "e",
            steps: [
              {
                n: 1,
                rule: "lagrangian",
                label: "F",
                justification: "given",
                lhs: { op: "given", expr: "x^3*y" },
                rhs: "x^3*y",
                uses: [],
              },
              {
                n: 2,
                rule: "derivative",
                label: "−∂F/∂x",
                justification: "negated",
                lhs: { op: "partial", of: { step: 1 }, wrt: "x", ...(sign ? { sign: -1 } : {}) },
                rhs: "-3*x^2*y",
                uses: [1],
              },
            ],
          },
        ],
      },
    ],
  });

  it("is re-checked with its sign: −3x²y passes with sign −1 and fails without it", async () => {
    const dir = scratch();
    const file = join(dir, "neg.claims.json");
    writeFileSync(file, JSON.stringify(record(true)));
    const ok = await run("check", file);
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toMatch(/2 steps/);
    writeFileSync(file, JSON.stringify(record(false)));
    const bad = await run("check", file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/step 2 \(derivative: −∂F\/∂x\) does not hold/);
  });
});

describe("lagrange report --format json", () => {
  it("writes every claim file's record in one list, and lagrange check re-verifies them all", async () => {
    const out = scratch();
    const r = await run("report", "derivations/paper", "--format", "json", "--out", out);
    expect(r.code).toBe(0);
    const records = JSON.parse(readFileSync(join(out, "paper-verification.json"), "utf8")) as {
      kind: string;
      claims: Claim[];
    }[];
    expect(records.every((x) => x.kind === "claims")).toBe(true);
    expect(records.flatMap((x) => x.claims.map((c) => c.id)).sort()).toEqual([
      "C1",
      "C2",
      "C3",
      "C4",
      "C5",
      "C6",
      "C7",
      "C8",
    ]);
    const check = await run("check", join(out, "paper-verification.json"));
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    expect(check.stdout.trim().split("\n")).toHaveLength(records.length);
  }, 120_000);
});
