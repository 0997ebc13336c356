/**
 * `lagrange compile`: its options and help. The work (./compile-run.ts) is loaded only when the
 * command runs.
 */
import type { Command } from "commander";
import type { IO } from "../io.js";

/** The options of `lagrange compile`, as commander hands them over. */
export interface CompileFlags {
  out?: string;
  target?: string;
  seed?: string;
}

export function compileCommand(program: Command, io: IO, setCode: (c: number) => void): void {
  program
    .command("compile")
    .description(
      "compile a derived update rule (an optimizer's update: section, a system's discretisation:) to standalone code",
    )
    .argument("<file>", "a derivation file (YAML) with an update: or discretisation: section")
    .requiredOption(
      "-o, --out <path>",
      "the file to write: PATH.mjs (JavaScript, with PATH.d.mts) or PATH.py (--target torch)",
    )
    .option("--target <name>", "js (default; from a .py --out: torch) or torch")
    .option("--seed <n>", "seed of the random check points of the derivation")
    .addHelpText(
      "after",
      `
Examples:
  lagrange compile derivations/adam.yaml --out adam.mjs
  lagrange compile derivations/adam.yaml --target torch --out derived_adam.py
  lagrange compile derivations/harmonic-oscillator.yaml --out oscillator.mjs`,
    )
    .action(async (file: string, flags: CompileFlags) => {
      const { runCompile } = await import("./compile-run.js");
      setCode(runCompile(file, flags, io));
    });
}
