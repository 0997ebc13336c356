/**
 * Sections of bench/results.md written by the stand-alone benches (`--write`): a section runs from
 * its `## ` heading to the next `## ` heading (or the end), and is replaced in place, or appended.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";

/**
 * Replace (or append) the section that starts with `heading`, the whole file formatted by prettier
 * (npm test checks it); returns the file written.
 */
export async function writeResultsSection(heading: string, section: string): Promise<string> {
  const file = fileURLToPath(new URL("results.md", import.meta.url));
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(heading);
  const end = start < 0 ? -1 : text.indexOf("\n## ", start + heading.length);
  const next =
    start < 0
      ? `${text.trimEnd()}\n\n${section}`
      : `${text.slice(0, start)}${section}${end < 0 ? "" : text.slice(end + 1)}`;
  writeFileSync(file, await prettier.format(next, { parser: "markdown" }));
  return file;
}
