/**
 * `lagrange verify`, the work: find the claims (claim files *.claims.yaml, and the `claims:`
 * sections of derivation files), compute each verdict (../../verify), print one line per claim
 * with its evidence (or JSON); exit 1 when a claim is refuted unless --allow-refuted.
 */
import { readFileSync } from "node:fs";
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
import type { IO } from "../io.js";
import type { VerifyFlags } from "./verify.js";

/** The claims a file states (none for a derivation file without a `claims:` section). */
function claimsOf(file: string): readonly ClaimSpec[] {
  if (!isClaimFile(file)) {
    const spec = loadSpec(file);
    return spec.claims === undefined ? [] : readClaims(spec.claims, file);
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UserError("file", `cannot read claim file '${file}': ${(err as Error).message}`);
  }
  return parseClaimFile(text, file).claims;
}

/** Run `lagrange verify PATH [--json] [--allow-refuted]`; throws a UserError on bad input. */
export function runVerify(path: string, flags: VerifyFlags, io: IO): number {
  const files = listSpecFiles(path, true);
  const found = files.map((f) => [f, claimsOf(f)] as const).filter(([, c]) => c.length > 0);
  if (found.length === 0)
    throw new UserError(
      "input",
      `no claims in '${path}' (claim files *.claims.yaml, or a 'claims:' section)`,
    );
  const results: ClaimResult[] = found.flatMap(([f, claims]) => verifyClaims(claims, f));
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
