/**
 * The `claims:` section of a derivation file, and claim files (`*.claims.yaml`: `name`,
 * `description` and `claims` only, no system of their own). Each claim is
 *
 *   { id: C1, statement: "…", check: <checker>, given: {key: expression or number …} }
 *
 * — a fixed id, the statement in words, the checker that computes its verdict (src/verify) and the
 * formal statement the checker reads (expressions in the input syntax, as text). A verdict is never
 * written here: `lagrange verify` computes it. `check: none` with `reason:` states a claim that
 * cannot be checked, and why.
 */
import { isMap, parseDocument } from "yaml";
import { UserError } from "../errors.js";
import { yamlError } from "./yaml-errors.js";

/** One claim as written. `given` values are expression texts, numbers or booleans. */
export interface ClaimSpec {
  readonly id: string;
  readonly statement: string;
  readonly check: string;
  readonly given: Readonly<Record<string, string | number | boolean>>;
  /** For `check: none`: why the claim cannot be checked. */
  readonly reason?: string;
}

/** A claim file: what it is about, and its claims. */
export interface ClaimFile {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly claims: readonly ClaimSpec[];
}

const CLAIM_KEYS = ["id", "statement", "check", "given", "reason"];
const ID = /^C[1-9][0-9]*$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Read the raw `claims:` data (a list of mappings) of `file`: every claim has an id `C<n>` (unique),
 * a non-empty statement and a check; `given` maps names to expressions (strings), numbers or
 * booleans. Throws a UserError ("spec") naming the file, the claim and the field.
 */
export function readClaims(raw: unknown, file: string): ClaimSpec[] {
  const fail = (what: string): never => {
    throw new UserError("spec", `${file}: claims: ${what}`);
  };
  if (!Array.isArray(raw)) fail("expected a list of claims ({id, statement, check, given})");
  const seen = new Set<string>();
  return (raw as unknown[]).map((item, i) => {
    if (!isRecord(item)) return fail(`item ${i + 1} is not a mapping`);
    const where = `claim ${typeof item.id === "string" ? item.id : i + 1}`;
    for (const k of Object.keys(item))
      if (!CLAIM_KEYS.includes(k))
        fail(`${where}: unknown field '${k}'; allowed: ${CLAIM_KEYS.join(", ")}`);
    const id = item.id;
    if (typeof id !== "string" || !ID.test(id)) fail(`${where}: 'id' must be C1, C2, …`);
    if (seen.has(id as string)) fail(`${where}: duplicate id`);
    seen.add(id as string);
    const text = (k: string): string => {
      const v = item[k];
      if (typeof v !== "string" || v.trim() === "")
        fail(`${where}: '${k}' must be a non-empty text`);
      return (v as string).trim();
    };
    const statement = text("statement");
    const check = text("check");
    const given: Record<string, string | number | boolean> = {};
    if (item.given !== undefined && item.given !== null) {
      if (!isRecord(item.given)) fail(`${where}: 'given' must be a mapping`);
      for (const [k, v] of Object.entries(item.given as Record<string, unknown>)) {
        if (typeof v === "number" || typeof v === "boolean") given[k] = v;
        else if (typeof v === "string" && v.trim() !== "") given[k] = v.trim();
        else fail(`${where}: given '${k}' must be an expression, a number or a boolean`);
      }
    }
    if (check === "none" && item.reason === undefined)
      fail(`${where}: 'check: none' needs a 'reason'`);
    const claim: ClaimSpec = { id: id as string, statement, check, given };
    return item.reason === undefined ? claim : { ...claim, reason: text("reason") };
  });
}

/** Parse a claim file's text: `name`, `description`, `claims` (nothing else). */
export function parseClaimFile(text: string, file: string): ClaimFile {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const syntax = yamlError(doc, text, file);
  if (syntax) throw syntax;
  if (!isMap(doc.contents)) throw new UserError("spec", `${file}: expected a mapping`);
  const data = doc.toJS() as Record<string, unknown>;
  for (const k of Object.keys(data))
    if (!["name", "description", "claims"].includes(k))
      throw new UserError(
        "spec",
        `${file}: unknown field '${k}' in a claim file; allowed: name, description, claims`,
      );
  const str = (k: string): string => {
    const v = data[k];
    if (typeof v !== "string" || v.trim() === "")
      throw new UserError("spec", `${file}: field '${k}' is required (a non-empty text)`);
    return v.trim();
  };
  return {
    file,
    name: str("name"),
    description: str("description"),
    claims: readClaims(data.claims, file),
  };
}

/** Whether a path names a claim file (`*.claims.yaml` / `*.claims.yml`). */
export const isClaimFile = (path: string): boolean => /\.claims\.ya?ml$/i.test(path);
