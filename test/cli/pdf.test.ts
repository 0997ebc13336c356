/**
 * PDF through latexmk/pdflatex (src/cli/pdf.ts): the double pendulum, the wave equation (a field
 * theory) and Adam compile (and every formula of every shipped document, in one run), and pdftotext finds the step headings, the framed Euler–Lagrange
 * equations and the final equations; hostile text prints literally; without latexmk on PATH the
 * error names the Debian packages to install; a TeX error shows the `!` line of the log, not the
 * whole log, and leaves no PDF behind. Each run costs seconds, so only a few documents compile.
 * Without TeX only the installation test runs and fails saying what to install
 * (LAGRANGE_SKIP_TEX=1 skips it).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TEX_INSTALL, texErrorExcerpt, texToPdf, texToPdfAsync } from "../../src/cli/pdf.js";
import { documentTex } from "../../src/emit/tex.js";
import type { ProofDocument } from "../../src/emit/types.js";
import { UserError } from "../../src/errors.js";
import { derivationNames, documentOf, formulasOf } from "../support/derived-documents.js";

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const TEX = has("latexmk") && has("pdflatex") && has("pdftotext");
const SKIP = process.env.LAGRANGE_SKIP_TEX === "1";

const dir = mkdtempSync(join(tmpdir(), "lagrange-pdf-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The document as a PDF in `dir`, and its text as pdftotext reads it (spaces collapsed). */
function pdfText(name: string, doc: ProofDocument): string {
  const tex = join(dir, `${name}.tex`);
  writeFileSync(tex, documentTex(doc));
  const pdf = texToPdf(tex, join(dir, "out"));
  expect(pdf).toBe(join(dir, "out", `${name}.pdf`));
  return execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).replace(/[ \t]+/g, " ");
}

describe.runIf(!SKIP)("TeX installation", () => {
  it("has latexmk, pdflatex and pdftotext (else: install them)", () => {
    expect(TEX, `PDF tests need TeX: sudo ${TEX_INSTALL} poppler-utils`).toBe(true);
  });
});

describe.runIf(TEX && !SKIP)("PDF documents", () => {
  it("double pendulum: step headings, the framed Euler–Lagrange equations, the final equations", () => {
    const text = pdfText("double-pendulum", documentOf("double-pendulum"));
    for (const heading of [
      "Euler–Lagrange equations",
      "Step 1: Lagrangian.",
      "Step 3: Partial derivative in a velocity.",
      "Step 4: Total derivative.",
      "Step 5: Euler–Lagrange equation.",
      "Step 14: Solved accelerations.",
      "Hamiltonian and Hamilton’s equations",
      "Plots",
    ])
      expect(text, heading).toContain(heading);
    // The Euler–Lagrange equation of th2 as displayed: l2 m2 (−l1 cos(θ1 − θ2) θ̈1 − …) = 0.
    expect(text).toMatch(
      /l2 m2 −l1 cos \(θ1 − θ2 \) θ̈1 − g sin \(θ2 \) \+ l1 sin \(θ1 − θ2 \) θ̇12 − l2 θ̈2 = 0/,
    );
    expect(text).toContain("(2) − (4)");
    expect(text).toMatch(/θ̈1 =/);
    expect(text).toMatch(/H = /);
  });

  it("wave equation: the field equation c² u_xx − u_tt = 0", () => {
    const text = pdfText("wave-equation-1d", documentOf("wave-equation-1d"));
    expect(text).toContain("Field equations");
    expect(text).toContain("Step 7: Euler–Lagrange equation.");
    expect(text).toMatch(/c2 uxx − utt = 0/);
  });

  it("Adam: the algorithm's lines and the proof's stationarity steps", () => {
    const text = pdfText("adam", documentOf("adam"));
    expect(text).toContain("Algorithm: Adam.");
    expect(text).toContain("Once per step:");
    expect(text).toMatch(/c1 ←/);
    expect(text).toMatch(/m ← G − Gβ1 \+ β1 m/);
    expect(text).toMatch(/θ ?←/);
    expect(text).toContain("Step 4: Stationarity.");
    expect(text).toContain("Step 5: Solve the stationarity condition.");
  });

  it("every formula of every shipped derivation's document compiles (one document of them all)", () => {
    const empty = { title: "Formulas", kind: "update", symbols: [], assumptions: [], sections: [] };
    const preamble = documentTex({ ...empty, checks: [], notes: [] } as ProofDocument).split(
      "\\begin{document}",
    )[0];
    const formulas = new Set(derivationNames().flatMap((n) => formulasOf(documentOf(n))));
    expect(formulas.size).toBeGreaterThan(1000);
    const body = [...formulas].map((f) => `\\begin{dmath*}\n${f}\n\\end{dmath*}`).join("\n");
    const tex = join(dir, "formulas.tex");
    writeFileSync(tex, `${preamble}\\begin{document}\n${body}\n\\end{document}\n`);
    expect(existsSync(texToPdf(tex, join(dir, "out")))).toBe(true);
  });

  it("hostile text prints literally", () => {
    const hostile = "a\\b %c $d {e} #f g_h & i~j ^k";
    const base = documentOf("harmonic-oscillator");
    const doc: ProofDocument = { ...base, description: hostile, sections: [], notes: [hostile] };
    const text = pdfText("hostile", doc);
    // pdftotext reads OT1's \_ as a space and ~ as ˜.
    expect(text).toContain("a\\b %c $d {e} #f g h & i˜j ˆk");
  });

  it("a TeX error is reported with its ! line and where, and leaves no PDF", () => {
    const tex = join(dir, "broken.tex");
    writeFileSync(
      tex,
      "\\documentclass{article}\n\\begin{document}\nx \\nosuchcommand y\n\\end{document}\n",
    );
    let err: unknown;
    try {
      texToPdf(tex, join(dir, "broken-out"));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const message = (err as UserError).message;
    expect(message).toContain("! Undefined control sequence.");
    expect(message).toContain("l.3 x \\nosuchcommand");
    expect(message.split("\n").length).toBeLessThan(20);
    expect(existsSync(join(dir, "broken-out", "broken.pdf"))).toBe(false);
    expect(existsSync(join(dir, "broken-out")) ? readdirSync(join(dir, "broken-out")) : []).toEqual(
      [],
    );
  });

  it("the non-blocking compile (two documents at once in lagrange build) reports a TeX error the same way", async () => {
    const tex = join(dir, "broken-async.tex");
    writeFileSync(
      tex,
      "\\documentclass{article}\n\\begin{document}\nx \\nosuchcommand y\n\\end{document}\n",
    );
    await expect(texToPdfAsync(tex, join(dir, "broken-async-out"))).rejects.toThrow(
      /! Undefined control sequence\.[\s\S]*l\.3 x \\nosuchcommand/,
    );
    expect(existsSync(join(dir, "broken-async-out", "broken-async.pdf"))).toBe(false);
  });
});

describe("missing TeX", () => {
  it("is bad input naming the Debian packages to install", () => {
    const tex = join(dir, "any.tex");
    writeFileSync(tex, "\\documentclass{article}\\begin{document}x\\end{document}\n");
    const empty = mkdtempSync(join(tmpdir(), "lagrange-no-tex-"));
    try {
      expect(() => texToPdf(tex, join(dir, "none"), { env: { PATH: empty } })).toThrow(UserError);
      expect(() => texToPdf(tex, join(dir, "none"), { env: { PATH: empty } })).toThrow(
        "apt-get install latexmk texlive-latex-base texlive-latex-recommended texlive-pictures",
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(existsSync(join(dir, "none"))).toBe(false);
  });

  it("a log's excerpt is the ! line with the lines up to l.N", () => {
    const log = [
      "This is pdfTeX",
      "(./a.tex",
      "! Missing $ inserted.",
      "<inserted text>",
      "$",
      "l.7 a_b",
      "",
      "more",
      "!  ==> Fatal error occurred",
    ].join("\n");
    expect(texErrorExcerpt(log)).toBe(
      [
        "! Missing $ inserted.",
        "<inserted text>",
        "$",
        "l.7 a_b",
        "",
        "!  ==> Fatal error occurred",
      ].join("\n"),
    );
  });
});
