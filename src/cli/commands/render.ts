/**
 * `lagrange render` and `lagrange build`: their options and help. The work (./render-run.ts and
 * ../render-core.ts) is loaded only when a command runs.
 */
import type { Command } from "commander";
import type { IO } from "../io.js";

/** The options of `lagrange render`, as commander hands them over. */
export interface RenderFlags {
  format?: string;
  out?: string;
  seed?: string;
}

/** The options of `lagrange build`. */
export interface BuildFlags {
  out?: string;
  seed?: string;
}

export function renderCommands(program: Command, io: IO, setCode: (c: number) => void): void {
  program
    .command("render")
    .description("derive files and write their proof documents: LaTeX, PDF, HTML (KaTeX) or JSON")
    .argument("<files...>", "derivation files (YAML), or directories searched for *.yaml")
    .option(
      "-f, --format <list>",
      "tex, pdf, html or json, or several comma-separated (default html)",
    )
    .option("-o, --out <dir>", "output directory (default output)")
    .option("--seed <n>", "seed of the random check points")
    .addHelpText(
      "after",
      `
Examples:
  lagrange render derivations/double-pendulum.yaml --format pdf
  lagrange render derivations/adam.yaml --format html,tex --out docs`,
    )
    .action(async (files: string[], flags: RenderFlags) => {
      const { runRender } = await import("./render-run.js");
      setCode(await runRender(files, flags, io));
    });
  program
    .command("build")
    .description(
      "render every derivation file of a folder (default derivations/) into output/ in all formats, with an index.html",
    )
    .argument("[dir]", "the folder of derivation files", "derivations")
    .option("-o, --out <dir>", "output directory (default output)")
    .option("--seed <n>", "seed of the random check points")
    .action(async (dir: string, flags: BuildFlags) => {
      const { runBuild } = await import("./render-run.js");
      setCode(await runBuild(dir, flags, io));
    });
}
