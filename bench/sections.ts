/**
 * Sections of bench/results.md written by the stand-alone benches (`--write`): a section runs from
 * its `## ` heading to the next `## ` heading (or the end), and is replaced in place, or appended.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { ruleOf } from "../src/cli/commands/compile-run.js";
import type { UpdateRule } from "../src/proof/types.js";

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

/** The options every stand-alone bench takes: size, rounds, steps, a rule file, `--write`. */
export interface CommonBenchOptions {
  n?: number;
  rounds?: number;
  steps?: number;
  rule?: UpdateRule;
  source?: string;
}

/**
 * Read a stand-alone bench's command line: `--n N --rounds N --steps N --rule FILE.yaml --write`,
 * and the bench's own options through `own(flag, value)` (true when it knew the flag); an unknown
 * option is an Error naming `usage`.
 */
export function benchArgs(
  argv: readonly string[],
  usage: string,
  own: (flag: string, value: () => string) => boolean = () => false,
): { common: CommonBenchOptions; write: boolean } {
  const common: CommonBenchOptions = {};
  let write = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? "";
    if (a === "--n") common.n = Number(value());
    else if (a === "--rounds") common.rounds = Number(value());
    else if (a === "--steps") common.steps = Number(value());
    else if (a === "--write") write = true;
    else if (a === "--rule") {
      common.source = value();
      common.rule = ruleOf(common.source);
    } else if (!own(a, value)) throw new Error(`unknown option ${a}; options: ${usage}`);
  }
  return { common, write };
}
