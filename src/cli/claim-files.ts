/**
 * The claims under a path, for `lagrange verify` and `lagrange report`: claim files
 * (*.claims.yaml) and derivation files with a `claims:` section, in path order, each with its name
 * and description; files without claims are left out. A path with no claims at all is bad input.
 * And the claims record of one file's verdicts, which `lagrange check` reads back.
 */
import { readFileSync } from "node:fs";
import { UserError } from "../errors.js";
import {
  isClaimFile,
  parseClaimFile,
  readClaims,
  type ClaimFile,
} from "../derivation-files/claims.js";
import { listSpecFiles, loadSpec } from "../derivation-files/files.js";
import { printExprs } from "../emit/json.js";
import type { ClaimResult } from "../verify/types.js";

/** The claims a file states (none for a derivation file without a `claims:` section). */
function claimFile(file: string): ClaimFile {
  if (!isClaimFile(file)) {
    const spec = loadSpec(file);
    const claims = spec.claims === undefined ? [] : readClaims(spec.claims, file);
    return { file, name: spec.name, description: spec.description ?? "", claims };
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UserError("file", `cannot read claim file '${file}': ${(err as Error).message}`);
  }
  return parseClaimFile(text, file);
}

/** Every file under `path` that states claims; a UserError when there is none. */
export function findClaimFiles(path: string): ClaimFile[] {
  const found = listSpecFiles(path, true)
    .map(claimFile)
    .filter((f) => f.claims.length > 0);
  if (found.length === 0)
    throw new UserError(
      "input",
      `no claims in '${path}' (claim files *.claims.yaml, or a 'claims:' section)`,
    );
  return found;
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
    // The figures are the report's (lagrange report), not part of what `check` re-verifies.
    parts: parts.map(({ figures: _figures, ...part }) => part),
  }));
  return printExprs({ kind: "claims", name, source, claims }) as Record<string, unknown>;
}
