/**
 * KaTeX's style sheet and fonts beside the HTML documents, so a page typeset on the server
 * (src/emit/html.ts) shows its math offline: katex.min.css and fonts/ (woff2, woff, ttf — the style
 * sheet names all three) copied from the installed katex package into OUT/katex/. Idempotent: a file
 * already there with the same bytes is left alone; any other is written to a temporary name in the
 * same folder and renamed over, so a reader never sees a half-written font.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { writeAtomic } from "./outputs.js";

/** The folder of the installed katex package's dist/ (katex.min.css, fonts/). */
function katexDist(): string {
  const pkg = createRequire(import.meta.url).resolve("katex/package.json");
  return join(dirname(pkg), "dist");
}

/** Writes `bytes` to `file` unless it already holds them; through a temporary file and a rename. */
function writeIfChanged(file: string, bytes: Buffer): boolean {
  if (existsSync(file) && readFileSync(file).equals(bytes)) return false;
  writeAtomic(file, bytes);
  return true;
}

/** What copyKatexAssets did: the folder it filled and how many files it (re)wrote. */
export interface KatexAssets {
  /** `outDir/katex`: pass its path relative to a page as documentHtml's `assets`. */
  readonly dir: string;
  /** Files written (0 on a re-run over an up-to-date folder). */
  readonly written: number;
  /** Files in place (the style sheet and every font). */
  readonly files: number;
}

/** Copies katex.min.css and fonts/* of the katex package into `outDir/katex/` (see the file comment). */
export function copyKatexAssets(outDir: string): KatexAssets {
  const src = katexDist();
  const dir = join(outDir, "katex");
  mkdirSync(join(dir, "fonts"), { recursive: true });
  const names = [
    "katex.min.css",
    ...readdirSync(join(src, "fonts"))
      .filter((f) => /\.(woff2|woff|ttf)$/.test(f))
      .sort()
      .map((f) => join("fonts", f)),
  ];
  let written = 0;
  for (const name of names)
    if (writeIfChanged(join(dir, name), readFileSync(join(src, name)))) written++;
  return { dir, written, files: names.length };
}
