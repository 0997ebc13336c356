/**
 * bench/compile.ts on a small problem: the compiled and hand-written Adam agree, and the section
 * reports both rates and their ratio (no timing is asserted).
 */
import { describe, expect, it } from "vitest";
import { compileBench, compileSection } from "../../bench/compile.js";

describe("compiled optimizer bench", () => {
  it("compares compiled Adam with the hand-written loop and writes a section", async () => {
    const r = await compileBench({ n: 2000, rounds: 4 });
    expect(r.maxRelDiff).toBeLessThan(1e-10);
    expect(r.compiled).toBeGreaterThan(0);
    expect(r.hand).toBeGreaterThan(0);
    expect(r.ratio).toBeGreaterThan(0);
    const md = compileSection(r);
    expect(md).toContain("## Compiled optimizer (issue 8)");
    expect(md).toMatch(
      /\| speed ratio compiled \/ hand-written \(target ≥ 0\.95\) \| \d+\.\d{3} \|/,
    );
  });
});
