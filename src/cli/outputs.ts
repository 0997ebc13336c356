/**
 * Where `--out DIR` writes each derivation: the input folders mirrored under DIR, relative to the
 * common ancestor of the inputs (`a/sys.yaml` and `b/sys.yaml` → `DIR/a/sys.*` and `DIR/b/sys.*`;
 * every file of `derive derivations --out output` → `output/NAME.*`). Two inputs that would still
 * share an output (`sys.yaml` and `sys.yml` side by side) are refused, naming both.
 */
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { UserError } from "../errors.js";

/** The folder an argument stands for: a directory itself, a file its parent. */
function folderOf(arg: string): string {
  const path = resolve(arg);
  return statSync(path).isDirectory() ? path : dirname(path);
}

/** The longest common ancestor folder of absolute folders. */
function commonAncestor(folders: readonly string[]): string {
  let parts = folders[0].split(sep);
  for (const f of folders.slice(1)) {
    const other = f.split(sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

/**
 * The output name (a relative path without extension, `/`-separated) of each derivation file in
 * `paths`, found from the command-line arguments `args`, to be written under `out`. Throws a UserError (code "input") when two
 * different files would be written to the same place.
 */
export function outputNames(
  args: readonly string[],
  paths: readonly string[],
  out: string,
): string[] {
  const root = commonAncestor(args.map(folderOf));
  const names = paths.map((p) => {
    const rel = relative(root, resolve(p));
    return rel
      .slice(0, rel.length - extname(rel).length)
      .split(sep)
      .join("/");
  });
  const seen = new Map<string, string>();
  names.forEach((name, i) => {
    const other = seen.get(name);
    if (other !== undefined && resolve(other) !== resolve(paths[i])) {
      throw new UserError(
        "input",
        `'${other}' and '${paths[i]}' would both be written to ${join(out, name)}.{json,txt}; ` +
          `rename one of them`,
      );
    }
    seen.set(name, paths[i]);
  });
  return names;
}

/** Create an output folder (and its parents), reporting a path that cannot be one as bad input. */
export function ensureDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UserError("file", `'${dir}' exists and is not a directory`);
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UserError("file", `cannot create output directory '${dir}' (${reason})`);
  }
}

/** Write a file atomically (a temporary file, then a rename): never a half-written output. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
