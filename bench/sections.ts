/**
 * Sections of bench/results.md written by the stand-alone benches (`--write`): a section runs from
 * its `## ` heading to the next `## ` heading (or the end), and is replaced in place, or appended.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Replace (or append) the section that starts with `heading`; returns the file written. */
export function writeResultsSection(heading: string, section: string): string {
  const file = fileURLToPath(new URL("results.md", import.meta.url));
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(heading);
  const end = start < 0 ? -1 : text.indexOf("\n## ", start + heading.length);
  const next =
    start < 0
      ? `${text.trimEnd()}\n\n${section}`
      : `${text.slice(0, start)}${section}${end < 0 ? "" : text.slice(end + 1)}`;
  writeFileSync(file, next);
  return file;
}
