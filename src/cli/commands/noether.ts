/**
 * `lagrange noether`: its options and help. The work (./noether-run.ts, and with it the engine) is
 * loaded only when the command runs.
 */
import type { Command } from "commander";
import type { IO } from "../io.js";

/** The options of `lagrange noether`, as commander hands them over. */
export interface NoetherFlags {
  lagrangian?: string;
  coords?: string;
  fields?: string;
  vars?: string;
  time?: string;
  assumePositive?: string;
  generator?: string[];
  degree?: string;
  json?: boolean;
  steps?: boolean;
  seed?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function noetherCommand(program: Command, io: IO, setCode: (c: number) => void): void {
  program
    .command("noether")
    .description(
      "Noether charges: symmetries given or found, each charge proved conserved, broken ones with their rate",
    )
    .argument(
      "[file]",
      "a derivation file (YAML); its symmetries: section, if any, says what to check",
    )
    .option("-L, --lagrangian <expr>", "a Lagrangian in the input syntax (instead of a file)")
    .option("-c, --coords <list>", "coordinates, comma-separated (with --lagrangian)")
    .option("-t, --time <name>", "the independent variable (default t)")
    .option("--fields <list>", "field names, comma-separated (a field theory, with --lagrangian)")
    .option("--vars <list>", "the independent variables of the fields, the time first, e.g. t,x")
    .option("--assume-positive <list>", "symbols assumed positive, e.g. m,c (with --lagrangian)")
    .option(
      "-g, --generator <spec>",
      'a generator "t=ξ, x=η_x, y=η_y, B=gauge" (repeatable; components left out are 0); fields: "t=ξ^t, x=ξ^x, u=η_u, B_t=…, B_x=…"',
      collect,
    )
    .option("--degree <n>", "polynomial degree of the automatic symmetry search (default 2)")
    .option("--json", "print the charges as JSON (expressions in the input syntax)")
    .option("--steps", "also print every proof step (text output)")
    .option("--seed <n>", "seed of the random check points")
    .addHelpText(
      "after",
      `
Examples:
  lagrange noether derivations/kepler-polar.yaml
  lagrange noether --lagrangian "1/2*(x'^2 + y'^2)" --coords x,y --generator "x=-y, y=x"
  lagrange noether -L "exp(g*t)*(1/2*(a'^2 + b'^2) - f(a*b))" -c a,b -g "a=a, b=-b" --json
  lagrange noether -L "1/2*u_t^2 - 1/2*u_x^2 - 1/2*m^2*u^2" --fields u --vars t,x -g "t=1"`,
    )
    .action(async (file: string | undefined, flags: NoetherFlags) => {
      const { runNoether } = await import("./noether-run.js");
      setCode(runNoether(file, flags, io));
    });
}
