/**
 * `lagrange verify`: its options and help. The work (./verify-run.ts) is loaded only when the
 * command runs.
 */
import type { Command } from "commander";
import type { IO } from "../io.js";

/** The options of `lagrange verify`, as commander hands them over. */
export interface VerifyFlags {
  json?: boolean;
  allowRefuted?: boolean;
  out?: string;
}

export function verifyCommand(program: Command, io: IO, setCode: (c: number) => void): void {
  program
    .command("verify")
    .description(
      "compute the verdict of every claim of a claim file or derivation file (or of every file under a directory): proved, checked, refuted or not-checkable, with the evidence",
    )
    .argument(
      "<path>",
      "a *.claims.yaml or derivation file with a 'claims:' section, or a directory",
    )
    .option("--json", 'print {"claims": [{id, file, statement, verdict, method, evidence}]}')
    .option("--allow-refuted", "exit 0 even when a claim is refuted")
    .option(
      "--out <dir>",
      "also write each file's claims record (DIR/NAME.claims.json: verdicts, evidence, checked steps) for 'lagrange check'",
    )
    .addHelpText(
      "after",
      `
Exit codes: 0 no claim refuted (or --allow-refuted); 1 a claim is refuted; 2 bad input.

Examples:
  lagrange verify derivations/paper
  lagrange verify derivations/paper/a-optimal-design.claims.yaml --json
  lagrange verify derivations/paper --allow-refuted --out output/paper
  lagrange check output/paper/bellman.claims.json`,
    )
    .action(async (path: string, flags: VerifyFlags) => {
      const { runVerify } = await import("./verify-run.js");
      setCode(runVerify(path, flags, io));
    });
}
