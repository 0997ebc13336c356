/**
 * `lagrange render` and `lagrange build`, the work (see ../render-core.ts): every file derived and
 * rendered in memory first, then written; bad input is a UserError (exit 2) before anything is
 * written.
 */
import { resolve } from "node:path";
import { UserError } from "../../errors.js";
import { indexHtml } from "../../emit/html.js";
import { listSpecFiles } from "../../derivation-files/files.js";
import type { IO } from "../io.js";
import { ensureDir, outputNames, writeAtomic } from "../outputs.js";
import { texMissing } from "../pdf.js";
import { FORMATS, type Format, prepare, progress, writeAll } from "../render-core.js";
import type { BuildFlags, RenderFlags } from "./render.js";

function seedOf(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const seed = Number(flag);
  if (!Number.isInteger(seed))
    throw new UserError("input", `--seed must be an integer, got '${flag}'`);
  return seed;
}

/** Each derivation file once, however often it is named, with its output name under `out`. */
function inputs(args: readonly string[], out: string): { paths: string[]; names: string[] } {
  const found = args.flatMap((f) => listSpecFiles(f));
  const paths = [...new Map(found.map((p) => [resolve(p), p])).values()];
  return { paths, names: outputNames(args, paths, out) };
}

const RENDER_FORMATS: readonly Format[] = ["tex", "pdf", "html", "json"];

/** Run `lagrange render FILES --format F[,F] [--out DIR]`. */
export async function runRender(files: string[], flags: RenderFlags, io: IO): Promise<number> {
  const formats = (flags.format ?? "html").split(",").map((f) => f.trim()) as Format[];
  for (const f of formats) {
    if (!RENDER_FORMATS.includes(f))
      throw new UserError("input", `unknown format '${f}'; formats: ${RENDER_FORMATS.join(", ")}`);
  }
  if (formats.includes("pdf")) {
    const missing = texMissing();
    if (missing) throw missing;
  }
  const out = flags.out ?? "output";
  const seed = seedOf(flags.seed);
  const { paths, names } = inputs(files, out);
  const prepared = paths.map((p, i) => prepare(p, names[i], seed));
  await writeAll(prepared, formats, out, (p) =>
    io.stdout(`${p.name} → ${formats.map((f) => `${out}/${p.name}.${f}`).join(", ")}\n`),
  );
  return 0;
}

/**
 * Run `lagrange build [DIR] [--out output]`: every file in all formats (PDF only when TeX is
 * installed: otherwise a note says what to install), and an index.html linking them.
 */
export async function runBuild(dir: string, flags: BuildFlags, io: IO): Promise<number> {
  const out = flags.out ?? "output";
  const seed = seedOf(flags.seed);
  const { paths, names } = inputs([dir], out);
  if (paths.length === 0) throw new UserError("input", `no derivation files (*.yaml) in '${dir}'`);
  const missing = texMissing();
  const formats = FORMATS.filter((f) => f !== "pdf" || !missing);
  if (missing) io.stderr(`note: no PDF: ${missing.message}\n`);
  const report = progress(io, paths.length, "derived");
  const prepared = paths.map((p, i) => prepare(p, names[i], seed));
  ensureDir(out);
  await writeAll(prepared, formats, out, report);
  const links = (name: string) =>
    formats
      .filter((f) => f !== "html")
      .map((f) => ({ label: f === "txt" ? "text" : f.toUpperCase(), href: `${name}.${f}` }));
  const index = indexHtml(
    prepared.map((p) => ({
      title: p.title,
      description: p.description,
      href: `${p.name}.html`,
      formats: links(p.name),
    })),
  );
  writeAtomic(`${out}/index.html`, index);
  io.stdout(
    `${prepared.length} derivations → ${out}/ (${formats.join(", ")}), index: ${out}/index.html\n`,
  );
  return 0;
}
