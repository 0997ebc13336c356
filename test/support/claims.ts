/** Claims as the tests read and change them: one claim of a claim file, and a changed statement. */
import { readFileSync } from "node:fs";
import { parseClaimFile, type ClaimSpec } from "../../src/derivation-files/claims.js";

/** The claim `id` of the claim file `file`, as parsed (the test fails if it is not there). */
export function claimOf(file: string, id: string): ClaimSpec {
  const claim = parseClaimFile(readFileSync(file, "utf8"), file).claims.find((c) => c.id === id);
  if (!claim) throw new Error(`${file} has no claim ${id}`);
  return claim;
}

/** `c` with some `given:` values changed: a changed formal statement. */
export const withGiven = (c: ClaimSpec, given: Record<string, string | number>): ClaimSpec => ({
  ...c,
  given: { ...c.given, ...given },
});
