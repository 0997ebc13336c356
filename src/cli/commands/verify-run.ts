/**
 * `lagrange verify`, the work: find the claims (claim files *.claims.yaml, and the `claims:`
 * sections of derivation files), compute each verdict (../../verify), print one line per claim
 * with its evidence (or JSON); with --out DIR, write each file's claims record (checked steps
 * included) for `lagrange check`; exit 1 when a claim is refuted unless --allow-refuted.
 */
import { join } from "node:path";
import { verifyClaims } from "../../verify/engine.js";
import { verdictCounts, type ClaimResult } from "../../verify/types.js";
import { jsonText } from "../../emit/json.js";
import { claimsRecord, findClaimFiles } from "../claim-files.js";
import type { IO } from "../io.js";
import { ensureDir, outputNames, writeAtomic } from "../outputs.js";
import type { VerifyFlags } from "./verify.js";

/** Run `lagrange verify PATH [--json] [--allow-refuted]`; throws a UserError on bad input. */
export function runVerify(path: string, flags: VerifyFlags, io: IO): number {
  const found = findClaimFiles(path);
  const perFile = found.map((c) => [c.file, c.name, verifyClaims(c.claims, c.file)] as const);
  const results: ClaimResult[] = perFile.flatMap(([, , r]) => r);
  if (flags.out) {
    // Every verdict is computed before anything is written; each record is written atomically.
    const out = flags.out;
    const names = outputNames(
      [path],
      found.map((c) => c.file),
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
    io.stdout(`${verdictCounts(results)}\n`);
  }
  const refuted = results.filter((r) => r.verdict === "refuted").map((r) => r.id);
  if (refuted.length > 0 && !flags.allowRefuted) {
    io.stderr(`refuted: ${refuted.join(", ")} (pass --allow-refuted to exit 0)\n`);
    return 1;
  }
  return 0;
}
