/**
 * The benchmark's system table (bench/systems.ts, issue 6): the committed bench/systems.json is in
 * step with it, every Lagrangian parses, the SymPy translator accepts every system (when python3
 * with sympy is installed), and the runner's options and table behave. No benchmark is run here.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseArgs, table, type Row } from "../../bench/run.js";
import { SYSTEMS, SYSTEMS_JSON_PATH, systemsDocument } from "../../bench/systems.js";
import { parse } from "../../src/index.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const hasSympy = spawnSync("python3", ["-c", "import sympy"], { encoding: "utf8" }).status === 0;

describe("benchmark systems", () => {
  it("has the systems issue 6 asks for, with unique names", () => {
    const names = SYSTEMS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(15);
    for (const n of [
      "pendulum-3",
      "pendulum-5",
      "pendulum-10",
      "triple-pendulum-cartesian",
      "three-centres",
      "three-body",
      "distinct-denominators-4",
      "distinct-denominators-8",
      "distinct-denominators-12",
      "chain-80",
      "chain-160",
      "symmetric-top",
      "field-phi4-3d",
    ])
      expect(names).toContain(n);
  });

  it("bench/systems.json is generated from bench/systems.ts (tsx bench/systems.ts)", () => {
    const committed: unknown = JSON.parse(readFileSync(SYSTEMS_JSON_PATH, "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(systemsDocument())));
  });

  it("every Lagrangian parses, with either coordinates or fields and variables", () => {
    for (const s of SYSTEMS) {
      expect(() => parse(s.lagrangian), s.name).not.toThrow();
      expect(Boolean(s.coordinates?.length) !== Boolean(s.fields?.length), s.name).toBe(true);
    }
  });

  it.skipIf(!hasSympy)(
    "every system translates to SymPy (sympy_bench.py --check)",
    () => {
      const r = spawnSync("python3", ["bench/sympy_bench.py", "--check"], {
        cwd: ROOT,
        encoding: "utf8",
      });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout.trim().split("\n")).toHaveLength(SYSTEMS.length);
    },
    120_000,
  );
});

describe("benchmark runner", () => {
  it("reads its options", () => {
    const o = parseArgs(["--only", "a,b", "--only", "c", "--timeout", "5", "--runs", "2"]);
    expect(o).toMatchObject({ only: ["a", "b", "c"], timeout: 5, runs: 2, sympy: true });
    expect(parseArgs(["--no-sympy", "--rev", "HEAD"])).toMatchObject({
      sympy: false,
      build: { kind: "rev", rev: "HEAD" },
    });
    expect(() => parseArgs(["--timeout", "-1"])).toThrow(/positive/);
    expect(() => parseArgs(["--bogus"])).toThrow(/unknown option/);
  });

  it("prints a timeout with the peak so far, and n/a without SymPy", () => {
    const rows: Row[] = [
      {
        name: "slow",
        coordinates: 2,
        ours: { status: "timeout", seconds: 60, allSeconds: [60], cpuSeconds: 59, peakMB: 644 },
      },
    ];
    const md = table(rows, 60);
    expect(md).toContain("| slow | 2 | timeout (>60) | ≥59.0 | ≥644 |");
    expect(md).toContain("n/a");
  });
});
