/**
 * `lagrange report`: its options and help. The work (./report-run.ts) is loaded only when the
 * command runs.
 */
import type { Command } from "commander";
import type { IO } from "../io.js";

/** The options of `lagrange report`, as commander hands them over. */
export interface ReportFlags {
  format?: string;
  out?: string;
  title?: string;
}

export function reportCommand(program: Command, io: IO, setCode: (c: number) => void): void {
  program
    .command("report")
    .description(
      "verify every claim under a path and write one report: each claim as stated, its verdict, evidence, derivation steps and plots (HTML with KaTeX, or PDF)",
    )
    .argument(
      "<path>",
      "a directory of claim files (*.claims.yaml), or one claim file or derivation file with 'claims:'",
    )
    .option(
      "-f, --format <list>",
      "html, pdf, tex or json (the claims records, for 'lagrange check'), or several comma-separated (default html)",
    )
    .option("-o, --out <dir>", "output directory (default output)")
    .option(
      "--title <text>",
      "the report's title (default: 'Verification of arXiv N' from the files)",
    )
    .addHelpText(
      "after",
      `
Writes OUT/NAME-verification.FORMAT (NAME: the folder's or file's name). Refuted claims are reported,
not an error. Exit codes: 0 written; 2 bad input or no TeX for a PDF (nothing written).

Examples:
  lagrange report derivations/paper
  lagrange report derivations/paper --format pdf,html,json --out output
  lagrange check output/paper-verification.json`,
    )
    .action(async (path: string, flags: ReportFlags) => {
      const { runReport } = await import("./report-run.js");
      setCode(await runReport(path, flags, io));
    });
}
