/**
 * `lagrange report`, the work: the claims under a path verified (../../verify), the report built
 * once (../../report) and rendered in memory to every format asked for, then written atomically
 * (a PDF compiled from the LaTeX in a temporary folder and moved into place; JSON: the claims
 * records of every file, for `lagrange check`); bad input and a
 * missing TeX are UserErrors (exit 2) before anything is written.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { UserError } from "../../errors.js";
import { documentHtml } from "../../emit/html.js";
import { documentTex } from "../../emit/tex.js";
import { buildReport, byId } from "../../report/report.js";
import { verifyClaims } from "../../verify/engine.js";
import { verdictCounts } from "../../verify/types.js";
import { jsonText } from "../../emit/json.js";
import { claimsRecord, findClaimFiles } from "../claim-files.js";
import { copyKatexAssets } from "../html-assets.js";
import type { IO } from "../io.js";
import { ensureDir, writeAtomic } from "../outputs.js";
import { texMissing, texToPdfAsync } from "../pdf.js";
import type { ReportFlags } from "./report.js";

const FORMATS = ["html", "pdf", "tex", "json"] as const;
type Format = (typeof FORMATS)[number];

/** The formats of `--format a,b`: known ones, each once; a UserError otherwise. */
function formatsOf(flag: string | undefined): Format[] {
  const asked = (flag ?? "html").split(",").map((f) => f.trim());
  for (const f of asked)
    if (!(FORMATS as readonly string[]).includes(f))
      throw new UserError("input", `unknown format '${f}'; formats: ${FORMATS.join(", ")}`);
  return [...new Set(asked as Format[])];
}

/** `derivations/paper` → `paper-verification`; `x/design.claims.yaml` → `design-verification`. */
export function reportName(path: string): string {
  const base = basename(path.replace(/[/\\]+$/, "")).replace(/(\.claims)?\.ya?ml$/i, "");
  return `${base || "claims"}-verification`;
}

/** Run `lagrange report PATH [--format F[,F]] [--out DIR] [--title T]`. */
export async function runReport(path: string, flags: ReportFlags, io: IO): Promise<number> {
  const formats = formatsOf(flags.format);
  if (formats.includes("pdf")) {
    const missing = texMissing();
    if (missing) throw missing;
  }
  const out = flags.out ?? "output";
  const checked = findClaimFiles(path).map((file) => ({
    file,
    results: verifyClaims(file.claims, file.file),
  }));
  const doc = buildReport(checked, {
    source: path,
    ...(flags.title ? { title: flags.title } : {}),
  });
  const name = reportName(path);
  const html = formats.includes("html") ? documentHtml(doc, { assets: "katex" }) : undefined;
  const tex = formats.some((f) => f === "tex" || f === "pdf") ? documentTex(doc) : undefined;
  // The claims records of every file, as one list `lagrange check` re-verifies.
  const json = formats.includes("json")
    ? jsonText(checked.map(({ file, results }) => claimsRecord(file.name, file.file, results)))
    : undefined;
  ensureDir(out);
  if (html !== undefined) {
    copyKatexAssets(out);
    writeAtomic(join(out, `${name}.html`), html);
  }
  if (formats.includes("tex")) writeAtomic(join(out, `${name}.tex`), tex!);
  if (json !== undefined) writeAtomic(join(out, `${name}.json`), json);
  if (formats.includes("pdf")) {
    const dir = mkdtempSync(join(tmpdir(), "lagrange-report-"));
    try {
      writeFileSync(join(dir, `${name}.tex`), tex!);
      await texToPdfAsync(join(dir, `${name}.tex`), out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const results = byId(checked).map((x) => x.r);
  const verdicts = results.map((r) => `${r.id} ${r.verdict}`).join(", ");
  io.stdout(
    `${verdictCounts(results)} (${verdicts}) → ${formats.map((f) => join(out, `${name}.${f}`)).join(", ")}\n`,
  );
  return 0;
}
