/**
 * Rendering derivation files to documents (`lagrange render`, `lagrange build`): each file is
 * derived (every step checked) and turned into its proof document (../emit/document.ts), then
 * written as JSON (the record), LaTeX, PDF (latexmk, ./pdf.ts) and HTML (KaTeX, assets copied
 * beside it). Everything is derived and rendered in memory before anything is written; each file
 * is written atomically, and a PDF is made in a temporary folder and moved into place.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { buildDocument } from "../emit/document.js";
import { documentHtml } from "../emit/html.js";
import { derivationJson, jsonText } from "../emit/json.js";
import { derivationText } from "../emit/text.js";
import { documentTex } from "../emit/tex.js";
import type { ProofDocument } from "../emit/types.js";
import { updateJson, updateText } from "../emit/update.js";
import { loadSpec } from "../derivation-files/files.js";
import { deriveSpec } from "../proof/input.js";
import type { Derivation, UpdateRecord } from "../proof/types.js";
import { deriveUpdate } from "../proof/update.js";
import { copyKatexAssets } from "./html-assets.js";
import type { IO } from "./io.js";
import { ensureDir, writeAtomic } from "./outputs.js";
import { texToPdfAsync } from "./pdf.js";

export const FORMATS = ["json", "txt", "tex", "pdf", "html"] as const;
export type Format = (typeof FORMATS)[number];

/** One derivation file, derived and made into a document. */
export interface Prepared {
  /** Output name: a relative path without extension (../outputs.ts). */
  readonly name: string;
  readonly file: string;
  readonly title: string;
  readonly description?: string;
  readonly record: Derivation | UpdateRecord;
  readonly doc: ProofDocument;
}

const isUpdate = (d: Derivation | UpdateRecord): d is UpdateRecord => "rule" in d;

/** Derive `file` and build its document. */
export function prepare(file: string, name: string, seed?: number): Prepared {
  const spec = loadSpec(file);
  const record = spec.update ? deriveUpdate(spec, { seed }) : deriveSpec(spec, { seed });
  const doc = buildDocument(record, { spec });
  return { name, file, title: spec.name, description: spec.description, record, doc };
}

/** The text of every format but PDF (which latexmk makes from the tex). */
export function texts(
  p: Prepared,
  formats: readonly Format[],
  assets: string,
): Map<Format, string> {
  const out = new Map<Format, string>();
  const r = p.record;
  if (formats.includes("json"))
    out.set("json", jsonText(isUpdate(r) ? updateJson(r) : derivationJson(r)));
  if (formats.includes("txt"))
    out.set(
      "txt",
      isUpdate(r) ? updateText(r, { steps: true }) : derivationText(r, { steps: true }),
    );
  if (formats.includes("tex") || formats.includes("pdf")) out.set("tex", documentTex(p.doc));
  if (formats.includes("html")) out.set("html", documentHtml(p.doc, { assets }));
  return out;
}

/** The relative URL from an output file's folder to `out/katex`. */
const assetsFor = (name: string): string => {
  const up = relative(dirname(join("x", name)), "x");
  return up === "" ? "katex" : `${up.split("\\").join("/")}/katex`;
};

/** PDFs compiled at once: one latexmk per core, at most two (each is single-threaded). */
const PDF_JOBS = Math.max(1, Math.min(2, availableParallelism()));

/**
 * Write the formats of every prepared file under `out`; `onFile` is told after each file is done
 * (its PDF included). A PDF is made from the tex in a temporary folder (the tex is kept only when
 * asked for); up to {@link PDF_JOBS} compile at once, and the first TeX error is thrown once the
 * running ones have finished.
 */
export async function writeAll(
  prepared: readonly Prepared[],
  formats: readonly Format[],
  out: string,
  onFile: (p: Prepared, index: number) => void = () => {},
): Promise<void> {
  ensureDir(out);
  if (formats.includes("html")) copyKatexAssets(out);
  let done = 0;
  const one = async (p: Prepared): Promise<void> => {
    const base = join(out, p.name);
    ensureDir(dirname(base));
    const all = texts(p, formats, assetsFor(p.name));
    for (const [format, text] of all) {
      if (format === "tex" && !formats.includes("tex")) continue;
      writeAtomic(`${base}.${format}`, text);
    }
    if (formats.includes("pdf")) {
      const dir = mkdtempSync(join(tmpdir(), "lagrange-pdf-"));
      try {
        const tex = join(dir, `${basename(p.name)}.tex`);
        writeFileSync(tex, all.get("tex")!);
        await texToPdfAsync(tex, dirname(base));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    onFile(p, done++);
  };
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (next < prepared.length && failure === undefined) {
      const p = prepared[next++];
      try {
        await one(p);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: formats.includes("pdf") ? PDF_JOBS : 1 }, worker));
  if (failure !== undefined) throw failure;
}

/** A progress reporter: a redrawn bar on a terminal, one line per file otherwise. */
export function progress(io: IO, total: number, verb: string): (p: Prepared, i: number) => void {
  return (p, i) => {
    if (io.isTTY) {
      const width = 24;
      const done = Math.round(((i + 1) / total) * width);
      const bar = "#".repeat(done) + "-".repeat(width - done);
      io.stderr(
        `\r[${bar}] ${i + 1}/${total} ${p.name}`.padEnd(72) + (i + 1 === total ? "\n" : ""),
      );
    } else io.stdout(`${verb} ${p.name} (${i + 1}/${total})\n`);
  };
}
