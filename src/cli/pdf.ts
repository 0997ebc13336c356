/**
 * LaTeX → PDF through the TeX toolchain researchers use: `latexmk -pdf` (pdflatex) in a private
 * temporary directory, the PDF then moved into place atomically (a failed run leaves no file). A
 * missing toolchain is bad input naming the Debian packages to install (exit 2); a TeX error is
 * reported with the `!` line of the log and a few lines around it, not the whole log.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";
import { UserError } from "../errors.js";

/** The Debian packages the documents need: latexmk, pdflatex with amsmath, breqn, pgfplots. */
export const TEX_PACKAGES = [
  "latexmk",
  "texlive-latex-base",
  "texlive-latex-recommended",
  "texlive-pictures",
] as const;

/** The install line printed when TeX is missing. */
export const TEX_INSTALL = `apt-get install ${TEX_PACKAGES.join(" ")}`;

/** The first of `names` not found on PATH (as the environment `env` has it). */
function missingProgram(names: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  return names.find((n) => !dirs.some((d) => existsSync(join(d, n))));
}

/**
 * The relevant lines of a TeX log: each `!` error line with the lines after it up to the `l.N`
 * line that says where (at most `context` lines), at most three errors.
 */
export function texErrorExcerpt(log: string, context = 6): string {
  const lines = log.split(/\r?\n/);
  const out: string[] = [];
  let errors = 0;
  for (let i = 0; i < lines.length && errors < 3; i++) {
    if (!lines[i].startsWith("!")) continue;
    errors++;
    const end = Math.min(lines.length, i + context + 1);
    let j = i;
    for (; j < end; j++) {
      out.push(lines[j]);
      if (/^l\.\d+/.test(lines[j])) break;
    }
    out.push("");
    i = j;
  }
  return out.join("\n").trim();
}

export interface PdfOptions {
  /** The environment (PATH) to run TeX in; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The UserError for a missing latexmk or pdflatex (naming the packages), or undefined. */
function missingError(env: NodeJS.ProcessEnv): UserError | undefined {
  const missing = missingProgram(["latexmk", "pdflatex"], env);
  if (!missing) return undefined;
  return new UserError(
    "tex",
    `${missing} is not installed: PDF output needs latexmk and pdflatex with amsmath, breqn and ` +
      `pgfplots. On Debian or Ubuntu: sudo ${TEX_INSTALL}  (tex, html and json output work without them)`,
  );
}

const LATEXMK_ARGS = (name: string) => [
  "-pdf",
  "-interaction=nonstopmode",
  "-halt-on-error",
  `${name}.tex`,
];

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The PDF made in `work` moved to `outDir/NAME.pdf` atomically, or the TeX error as a UserError. */
function collect(work: string, name: string, texPath: string, outDir: string, run: Run): string {
  const pdf = join(work, `${name}.pdf`);
  if (run.status !== 0 || !existsSync(pdf)) {
    const logPath = join(work, `${name}.log`);
    const log = existsSync(logPath) ? readFileSync(logPath, "utf8") : "";
    const excerpt = texErrorExcerpt(log) || (run.stderr || run.stdout || "").trim().slice(-2000);
    throw new UserError("tex", `pdflatex failed on ${texPath}:\n${excerpt}`);
  }
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, `${name}.pdf`);
  const tmp = `${target}.tmp-${process.pid}`;
  copyFileSync(pdf, tmp);
  renameSync(tmp, target);
  return target;
}

/** A private work folder holding a copy of the tex file. */
function stage(texPath: string): { name: string; work: string } {
  const name = basename(texPath).replace(/\.tex$/, "");
  const work = mkdtempSync(join(tmpdir(), "lagrange-tex-"));
  copyFileSync(texPath, join(work, `${name}.tex`));
  return { name, work };
}

/**
 * Compile `texPath` with `latexmk -pdf -interaction=nonstopmode -halt-on-error` in a temporary
 * directory and move the PDF to `outDir/NAME.pdf` atomically; returns its path. Throws a UserError
 * (exit 2) when latexmk or pdflatex is missing (naming the packages) or TeX reports an error.
 */
export function texToPdf(texPath: string, outDir: string, options: PdfOptions = {}): string {
  const env = options.env ?? process.env;
  const missing = missingError(env);
  if (missing) throw missing;
  const { name, work } = stage(texPath);
  try {
    const run = spawnSync("latexmk", LATEXMK_ARGS(name), {
      cwd: work,
      env,
      encoding: "utf8",
      maxBuffer: 64 << 20,
      timeout: 300_000,
    });
    return collect(work, name, texPath, outDir, run);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** {@link texToPdf} without blocking, so that several documents compile at once. */
export async function texToPdfAsync(
  texPath: string,
  outDir: string,
  options: PdfOptions = {},
): Promise<string> {
  const env = options.env ?? process.env;
  const missing = missingError(env);
  if (missing) throw missing;
  const { name, work } = stage(texPath);
  try {
    const run = await new Promise<Run>((done, fail) => {
      const child = spawn("latexmk", LATEXMK_ARGS(name), { cwd: work, env, timeout: 300_000 });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => void (stdout = (stdout + d.toString()).slice(-65536)));
      child.stderr.on("data", (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-65536)));
      child.on("error", fail);
      child.on("close", (status) => done({ status, stdout, stderr }));
    });
    return collect(work, name, texPath, outDir, run);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The UserError `texToPdf` would throw because latexmk or pdflatex is missing (naming the Debian
 * packages), or undefined when both are on PATH: checked before anything is derived or written.
 */
export function texMissing(env: NodeJS.ProcessEnv = process.env): UserError | undefined {
  return missingError(env);
}
