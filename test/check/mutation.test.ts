/**
 * Mutation test of `lagrange check` over the record of every derivation file (and a Hamiltonian in
 * mass-matrix form and a singular one with Noether charges, ./records.ts): for every step of
 * every proof (derivation, Noether charges, update variants) its right-hand side is changed (×(1 +
 * 1/1000) + 1/1000), its rule id changed (to every other rule recording the same operation, and to
 * one that does not), and its dependencies changed (each entry removed, each redirected to another
 * earlier step — of the same rule when there is one — and one added). Every mutation must fail the
 * check: none may survive. The exhaustive pass re-parses only the mutated step and starts at it (a
 * change to a step cannot make an earlier one fail); a sample runs the real CLI on edited files.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkParsed, RecordFailure } from "../../src/check/check.js";
import { readRecord } from "../../src/check/record.js";
import { run } from "../support/cli.js";
import { applyJson, applyParsed, mutationsOf, stepLists, type Mutation } from "./mutate.js";
import {
  deriveAll,
  deriveCoupledChain,
  deriveSingularWithCharges,
  type RecordFile,
} from "./records.js";

let records: RecordFile[] = [];
beforeAll(async () => {
  records = [...(await deriveAll()), await deriveCoupledChain(), await deriveSingularWithCharges()];
}, 60_000);

describe("lagrange check catches every mutation of every record", () => {
  it("rhs, rule and dependency mutations of every step: none survives", () => {
    const counts = { rhs: 0, rule: 0, uses: 0 };
    const survivors: string[] = [];
    for (const r of records) {
      const parsed = readRecord(r.json, r.name);
      stepLists(r.json).forEach((steps, p) =>
        steps.forEach((s, i) => {
          for (const m of mutationsOf(r.json, p, i)) {
            counts[m.kind]++;
            try {
              checkParsed(applyParsed(parsed, m), { from: { proof: p, step: m.step } });
              survivors.push(`${r.name}: proof ${p} step ${s.n} (${s.rule}) ${m.what}`);
            } catch (err) {
              if (!(err instanceof RecordFailure)) survivors.push(`${r.name}: ${m.what}: ${err}`);
            }
          }
        }),
      );
    }
    console.log(
      `mutations caught: ${counts.rhs} rhs, ${counts.rule} rule, ${counts.uses} dependency`,
    );
    expect(survivors).toEqual([]);
    // Sizes with a margin: 24 records, ~1,400 steps, ~12,700 mutations when this was written.
    expect(counts.rhs).toBeGreaterThan(1000);
    expect(counts.rule).toBeGreaterThan(6000);
    expect(counts.uses).toBeGreaterThan(3000);
  }, 120_000);

  it("the CLI exits 1 on a sample: one mutation of each kind per record, as edited files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lagrange-check-mutants-"));
    let ran = 0;
    for (const r of records) {
      const lists = stepLists(r.json);
      const all: Mutation[] = lists.flatMap((steps, p) =>
        steps.flatMap((_, i) => mutationsOf(r.json, p, i)),
      );
      for (const kind of ["rhs", "rule", "uses"] as const) {
        const pick = all.filter((m) => m.kind === kind);
        if (!pick.length) continue;
        const m = pick[Math.floor(pick.length / 2)];
        const path = join(dir, `${kind}-${r.name}`);
        writeFileSync(path, JSON.stringify(applyJson(r.json, m)));
        const out = await run("check", path);
        expect(out.code, `${r.name} ${m.what}: ${out.stdout}`).toBe(1);
        expect(out.stderr).toMatch(/^check failed: .*step \d+ \(/);
        ran++;
      }
    }
    expect(ran).toBeGreaterThan(60);
  }, 120_000);
});
