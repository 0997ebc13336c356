/**
 * The `lagrange` command line: a thin commander program over the library. `main(argv, io)` returns
 * the exit code — 0 success, 2 bad input (a clear message, no stack trace, nothing written),
 * 1 a failed check or an internal error — so tests call it in-process.
 */
import { Command, CommanderError } from "commander";
import { CheckError, UserError } from "../errors.js";
import { checkCommand } from "./commands/check.js";
import { compileCommand } from "./commands/compile.js";
import { deriveCommand } from "./commands/derive.js";
import { renderCommands } from "./commands/render.js";
import { reportCommand } from "./commands/report.js";
import { noetherCommand } from "./commands/noether.js";
import { verifyCommand } from "./commands/verify.js";
import type { IO } from "./io.js";

export const VERSION = "0.1.0";

/** Run the CLI on `argv` (without the node and script paths). */
export async function main(argv: readonly string[], io: IO): Promise<number> {
  const program = new Command();
  let code = 0;
  program
    .name("lagrange")
    .description(
      "Derive Euler–Lagrange equations, momenta, Hamiltonians, Noether charges and update rules as checked proofs; render them, re-check them, compile them.",
    )
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError("(run 'lagrange --help' for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText(
      "after",
      '\nExamples:\n  lagrange derive derivations/double-pendulum.yaml\n  lagrange derive --lagrangian "1/2*m*x\'^2 - 1/2*k*x^2" --coords x --json\n  lagrange noether derivations/kepler-polar.yaml\n  lagrange compile derivations/adam.yaml --out adam.mjs\n  lagrange build derivations --out output\n  lagrange check output/double-pendulum.json\n  lagrange verify derivations/paper --allow-refuted\n  lagrange report derivations/paper --format pdf,html\n',
    );
  deriveCommand(program, io, (c) => (code = c));
  noetherCommand(program, io, (c) => (code = c));
  compileCommand(program, io, (c) => (code = c));
  renderCommands(program, io, (c) => (code = c));
  checkCommand(program, io, (c) => (code = c));
  verifyCommand(program, io, (c) => (code = c));
  reportCommand(program, io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (err) {
    return report(err, io);
  }
}

/** Turn any error into a message and an exit code. */
export function report(err: unknown, io: IO): number {
  if (err instanceof CommanderError) {
    if (
      err.code === "commander.helpDisplayed" ||
      err.code === "commander.version" ||
      err.exitCode === 0
    )
      return 0;
    return 2; // commander has already printed its message
  }
  if (err instanceof UserError) {
    io.stderr(`error: ${err.render()}\n`);
    return 2;
  }
  if (err instanceof CheckError) {
    io.stderr(`check failed: ${err.message}\nThis is a bug in lagrange: no output was written.\n`);
    return 1;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr(
    `internal error: ${e.message}\n${process.env.LAGRANGE_DEBUG ? (e.stack ?? "") + "\n" : ""}`,
  );
  return 1;
}
