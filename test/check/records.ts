/** The record of every derivation file, derived in-process by `lagrange derive derivations --out`. */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { run } from "../support/cli.js";

export interface RecordFile {
  readonly name: string;
  readonly path: string;
  readonly json: Record<string, any>;
}

/** Derive derivations/ into a scratch folder; every NAME.json written, parsed. */
export async function deriveAll(): Promise<RecordFile[]> {
  const dir = mkdtempSync(join(tmpdir(), "lagrange-check-"));
  const r = await run("derive", "derivations", "--out", dir);
  expect(r.code, r.stderr).toBe(0);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({
      name: f,
      path: join(dir, f),
      json: JSON.parse(readFileSync(join(dir, f), "utf8")) as Record<string, any>,
    }));
}
