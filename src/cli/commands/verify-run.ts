/**
 * `lagrange verify`, the work: find the claims (claim files *.claims.yaml, and the `claims:`
 * sections of derivation files), compute each verdict (../../verify), print one line per claim
 * with its evidence (or JSON); with --out DIR, write each file's claims record (checked steps
 * included) for `lagrange check`; exit 1 when a claim is refuted unless --allow-refuted.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../errors.js";
import {
  isClaimFile,
  parseClaimFile,
  readClaims,
  type ClaimSpec,
} from "../../derivation-files/claims.js";
import { listSpecFiles, loadSpec } from "../../derivation-files/files.js";
import { verifyClaims } from "../../verify/engine.js";
import type { ClaimResult } from "../../verify/types.js";
import { jsonText, printExprs } from "../../emit/json.js";
import type { IO } from "../io.js";
import { ensureDir, outputNames, writeAtomic } from "../outputs.js";
import type { VerifyFlags } from "./verify.js";

/** The name and the claims of a file (none for a derivation file without a `claims:` section). */
function claimsOf(file: string): { name: string; claims: readonly ClaimSpec[] } {
  if (!isClaimFile(file)) {
    const spec = loadSpec(file);
    const claims = spec.claims === undefined ? [] : readClaims(spec.claims, file);
    return { name: spec.name ?? file, claims };
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UserError("file", `cannot read claim file '${file}': ${(err as Error).message}`);
  }
  return parseClaimFile(text, file);
}

/**
 * The claims record of one file, as `lagrange check` reads it back:
 *
 *   { kind: "claims", name, source, claims: [{id, statement, verdict, method, evidence,
 *     parts: [{verdict, method, evidence, steps?, context?}]}] }
 *
 * every expression printed in the input syntax.
 */
export function claimsRecord(
  name: string,
  source: string,
  results: readonly ClaimResult[],
): Record<string, unknown> {
  const claims = results.map(({ id, statement, verdict, method, evidence, parts }) => ({
    id,
    statement,
    verdict,
    method,
    evidence,
    parts,
  }));
  return printExprs({ kind: "claims", name, source, claims }) as Record<string, unknown>;
}

/** Run `lagrange verify PATH [--json] [--allow-refuted]`; throws a UserError on bad input. */
export function runVerify(path: string, flags: VerifyFlags, io: IO): number {
  const files = listSpecFiles(path, true);
  const found = files.map((f) => [f, claimsOf(f)] as const).filter(([, c]) => c.claims.length);
  if (found.length === 0)
    throw new UserError(
      "input",
      `no claims in '${path}' (claim files *.claims.yaml, or a 'claims:' section)`,
    );
  const perFile = found.map(([f, c]) => [f, c.name, verifyClaims(c.claims, f)] as const);
  const results: ClaimResult[] = perFile.flatMap(([, , r]) => r);
  if (flags.out) {
    // Every verdict is computed before anything is written; each record is written atomically.
    const out = flags.out;
    const names = outputNames(
      [path],
      found.map(([f]) => f),
      out,
    );
    ensureDir(out);
    perFile.forEach(([f, name, r], i) =>
      writeAtomic(join(out, `${names[i]}.json`), jsonText(claimsRecord(name, f, r))),
    );
  }
  if (flags.json) {
    const claims = results.map(({ id, file, statement, verdict, method, evidence }) => ({
      id,
      file,
      statement,
      verdict,
      method,
      evidence,
    }));
    io.stdout(JSON.stringify({ claims }, null, 2) + "\n");
  } else {
    for (const r of results) {
      io.stdout(`${r.id} ${r.verdict} (${r.file}) — ${r.method}\n`);
      for (const e of r.evidence) io.stdout(`  ${e}\n`);
    }
    const count = (v: string) => results.filter((r) => r.verdict === v).length;
    io.stdout(
      `${results.length} claim${results.length === 1 ? "" : "s"}: ${count("proved")} proved, ${count("checked")} checked, ${count("refuted")} refuted, ${count("not-checkable")} not checkable\n`,
    );
  }
  const refuted = results.filter((r) => r.verdict === "refuted").map((r) => r.id);
  if (refuted.length > 0 && !flags.allowRefuted) {
    io.stderr(`refuted: ${refuted.join(", ")} (pass --allow-refuted to exit 0)\n`);
    return 1;
  }
  return 0;
}
