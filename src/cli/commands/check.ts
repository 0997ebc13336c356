/**
 * `lagrange check`: its options and help. The work (./check-run.ts) is loaded only when the
 * command runs.
 */
import type { Command } from "commander";
import type { IO } from "../io.js";

/** The options of `lagrange check`, as commander hands them over. */
export interface CheckFlags {
  seed?: string;
  json?: boolean;
}

export function checkCommand(program: Command, io: IO, setCode: (c: number) => void): void {
  program
    .command("check")
    .description(
      "re-verify a derivation record on its own: every expression parsed, every step and its dependencies re-checked at fresh random points, the cross-route checks re-run",
    )
    .argument("<record>", "a record written by 'lagrange derive --json' or '--out' (NAME.json)")
    .option("--seed <n>", "seed of the fresh check points (default: the recorded seed + 1000003)")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
Exit codes: 0 every step re-verified; 1 a step or check does not hold (named, with the point);
2 the file is not a record (not JSON, or not the shape 'lagrange derive' writes).

Examples:
  lagrange derive derivations --out output && lagrange check output/double-pendulum.json
  lagrange derive derivations/kepler-polar.yaml --json > kepler.json && lagrange check kepler.json --seed 7`,
    )
    .action(async (record: string, flags: CheckFlags) => {
      const { runCheck } = await import("./check-run.js");
      setCode(runCheck(record, flags, io));
    });
}
