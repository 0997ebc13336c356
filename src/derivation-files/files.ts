/**
 * Derivation files on disk: reading one (an unreadable file is a UserError with code "file") and
 * finding every *.yaml / *.yml file under a directory.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { isClaimFile } from "./claims.js";
import { parseSpec } from "./load.js";
import type { DerivationSpec } from "./types.js";

/** Why a file could not be read, in words. */
function reason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES") return "permission denied";
  return e instanceof Error ? e.message : String(e);
}

/** Read and validate a derivation file. An unreadable file is a UserError with code "file". */
export function loadSpec(path: string): DerivationSpec {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UserError("file", `cannot read derivation file '${path}': ${reason(e)}`);
  }
  return parseSpec(text, path);
}

/**
 * Collect *.yaml / *.yml files under `dir`, skipping hidden entries; claim files (*.claims.yaml,
 * see claims.ts) only when `claims` is set — they state claims, not systems to derive.
 */
function walk(dir: string, out: string[], claims = false): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statSync(path).isDirectory());
    if (isDir) walk(path, out, claims);
    else if (/\.ya?ml$/i.test(entry.name) && (claims || !isClaimFile(entry.name))) out.push(path);
  }
}

/**
 * The derivation files a path names: a file → `[it]`; a directory → its *.yaml / *.yml files,
 * recursively, sorted by path (claim files too when `claims` is set). A missing path or a
 * directory without any is a UserError ("file").
 */
export function listSpecFiles(pathOrDir: string, claims = false): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(pathOrDir).isDirectory();
  } catch (e) {
    throw new UserError("file", `cannot read '${pathOrDir}': ${reason(e)}`);
  }
  if (!isDir) return [pathOrDir];
  const out: string[] = [];
  walk(pathOrDir, out, claims);
  if (out.length === 0) {
    throw new UserError("file", `no derivation files (*.yaml, *.yml) found in '${pathOrDir}'`);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
