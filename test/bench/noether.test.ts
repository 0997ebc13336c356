/**
 * The benchmark's symmetry-search table (bench/noether.ts, issue 7 §8): the systems the issue names,
 * the CLI arguments of a run, and the row and table read back from a run's JSON. No benchmark is run.
 */
import { describe, expect, it } from "vitest";
import { noetherArgs, noetherRow, noetherTable, type ChildRun } from "../../bench/noether.js";
import { NOETHER_SYSTEMS, SYSTEMS } from "../../bench/systems.js";
import { parse } from "../../src/index.js";

const run = (over: Partial<ChildRun>): ChildRun => ({
  seconds: 1,
  peakKB: 1024 * 70,
  cpuSeconds: 1,
  timedOut: false,
  code: 0,
  stdout: Buffer.from(""),
  stderr: "",
  ...over,
});

describe("benchmark: symmetry search table", () => {
  it("has the 3-D central potential, the symmetric top and the planar three-body problem", () => {
    expect(NOETHER_SYSTEMS.map((s) => s.name)).toEqual([
      "central-3d",
      "symmetric-top",
      "three-body",
    ]);
    const names = new Set(SYSTEMS.map((s) => s.name));
    expect(names.has("central-3d")).toBe(false); // --only selects either table by a unique name
    for (const s of NOETHER_SYSTEMS) expect(() => parse(s.lagrangian), s.name).not.toThrow();
    expect(NOETHER_SYSTEMS.find((s) => s.name === "three-body")!.charges).toBe(7);
  });

  it("runs lagrange noether with the coordinates, degree 2, as JSON", () => {
    const top = NOETHER_SYSTEMS.find((s) => s.name === "symmetric-top")!;
    expect(noetherArgs(top)).toEqual([
      "noether",
      "--lagrangian",
      top.lagrangian,
      "--coords",
      "ph,th,ps",
      "--degree",
      "2",
      "--json",
    ]);
  });

  it("a row counts the charges of the JSON; a failed run shows its first error line", () => {
    const top = NOETHER_SYSTEMS.find((s) => s.name === "symmetric-top")!;
    const json = JSON.stringify({
      conserved: [{ name: "energy" }, { name: "momentum of ph" }, { name: "momentum of ps" }],
      broken: [],
    });
    const ok = noetherRow(top, [run({ stdout: Buffer.from(json), seconds: 2 }), run({})]);
    expect(ok).toMatchObject({
      status: "ok",
      conserved: 3,
      broken: 0,
      expected: 3,
      coordinates: 3,
    });
    expect(noetherTable([ok], 60)).toContain(
      "| symmetric-top | 3 | 1.50 | 1.00 | 70 | 3 | 3 | energy, momentum of ph, momentum of ps |",
    );
    const bad = noetherRow(top, [run({ code: 1, stderr: "Check failed: …\nmore" })]);
    expect(bad).toMatchObject({ status: "error", message: "Check failed: …" });
    expect(noetherTable([bad], 60)).toContain("| error |");
  });
});
