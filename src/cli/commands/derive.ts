/**
 * `lagrange derive`: its options and help. The work (./derive-run.ts, and with it the whole engine)
 * is loaded only when the command runs, so `lagrange --help` and `--version` start fast.
 */
import type { Command } from "commander";
import type { IO } from "../io.js";

/** The options of `lagrange derive`, as commander hands them over. */
export interface DeriveFlags {
  lagrangian?: string;
  coords?: string;
  time?: string;
  fields?: string;
  vars?: string;
  assumePositive?: string;
  json?: boolean;
  steps?: boolean;
  out?: string;
  seed?: string;
}

export function deriveCommand(program: Command, io: IO, setCode: (c: number) => void): void {
  program
    .command("derive")
    .description(
      "derive Euler–Lagrange equations, momenta, energy, Hamiltonian and equations of motion",
    )
    .argument("[files...]", "derivation files (YAML) or directories of them")
    .option("-L, --lagrangian <expr>", "a Lagrangian in the input syntax (instead of files)")
    .option("-c, --coords <list>", "coordinates, comma-separated (with --lagrangian)")
    .option("-t, --time <name>", "the independent variable of a mechanical system (default t)")
    .option("--fields <list>", "fields, comma-separated (a field theory, with --vars)")
    .option("--vars <list>", "independent variables of a field theory, e.g. t,x")
    .option("--assume-positive <list>", "symbols assumed positive, e.g. m,c (with --lagrangian)")
    .option("--json", "print the derivation as JSON (expressions in the input syntax)")
    .option("--steps", "also print every proof step (text output)")
    .option("-o, --out <dir>", "write NAME.json and NAME.txt per derivation into this directory")
    .option("--seed <n>", "seed of the random check points")
    .addHelpText(
      "after",
      `
Examples:
  lagrange derive derivations/double-pendulum.yaml
  lagrange derive derivations --out output
  lagrange derive --lagrangian "1/2*m*x'^2 - 1/2*k*x^2" --coords x --json
  lagrange derive --lagrangian "1/2*u_t^2 - 1/2*c^2*u_x^2" --fields u --vars t,x`,
    )
    .action(async (files: string[], flags: DeriveFlags) => {
      const { runDerive } = await import("./derive-run.js");
      runDerive(files, flags, io);
      setCode(0);
    });
}
