/**
 * The LaTeX documents (src/emit/tex.ts): the double pendulum's steps as numbered breqn equations
 * with the Euler–Lagrange equations framed, plots as pgfplots axes; hostile text (a description
 * with \ % $ { # _ & ~ ^) escaped so that it prints literally; and byte-identical output when the
 * same file is derived and rendered again.
 */
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/derivation-files/files.js";
import { buildDocument } from "../../src/emit/document.js";
import { documentTex, texEscape } from "../../src/emit/tex.js";
import { texRepresentable } from "../../src/emit/tex-text.js";
import type { ProofDocument } from "../../src/emit/types.js";
import { deriveSpec } from "../../src/proof/input.js";
import { derivationNames, DERIVATIONS, documentOf } from "../support/derived-documents.js";

export const HOSTILE = "a\\b %c $d {e} #f g_h & i~j ^k \\end{document} \\input{/etc/passwd}";

/** Every prose field of a document, for the Unicode coverage check. */
function prose(doc: ProofDocument): string[] {
  const out = [doc.title, doc.description ?? "", ...doc.checks, ...doc.notes, ...doc.assumptions];
  for (const s of doc.symbols) out.push(s.name, s.role, s.description ?? "", s.value ?? "");
  for (const s of doc.sections) {
    out.push(s.title, s.intro ?? "", ...(s.notes ?? []));
    for (const st of s.steps ?? []) out.push(st.ruleName, st.justification, st.check);
    for (const a of s.algorithms ?? [])
      out.push(a.title, a.when ?? "", ...a.inputs, a.refused ?? "");
    for (const p of s.plots ?? [])
      out.push(p.title, p.caption, p.xLabel, p.yLabel, ...p.series.map((x) => x.name));
  }
  return out;
}

describe("LaTeX of the double pendulum", () => {
  const tex = documentTex(documentOf("double-pendulum"));

  it("is a complete article with amsmath, breqn and pgfplots and no date", () => {
    expect(tex.startsWith("\\documentclass[11pt]{article}")).toBe(true);
    for (const p of ["amsmath", "amssymb", "breqn", "pgfplots"])
      expect(tex).toContain(`\\usepackage{${p}}`);
    expect(tex).toContain("\\date{}");
    expect(tex.trimEnd().endsWith("\\end{document}")).toBe(true);
  });

  it("numbers each step's equation as the record does and frames the Euler–Lagrange results", () => {
    expect(tex).toContain("\\steptitle{5}{Euler--Lagrange equation}");
    expect(tex).toContain(
      "\\begin{dmath}[number={3}]\n\\frac{\\partial L}{\\partial \\dot{\\theta}_{1}} = \\frac{\\partial}{\\partial \\dot{\\theta}_{1}} (1) = ",
    );
    const framed = tex.match(/\\begin\{result\}\n\\begin\{dmath\*\}\n[^\n]* = 0\n/g) ?? [];
    expect(framed.length).toBe(2);
    expect(tex).toContain("\\begin{axis}");
    expect(tex).toContain("\\addlegendentry{E (RK4)}");
  });
});

describe("LaTeX escaping", () => {
  it("escapes every special character of a hostile description so that it prints literally", () => {
    expect(texEscape(HOSTILE)).toBe(
      "a\\textbackslash{}b \\%c \\$d \\{e\\} \\#f g\\_h \\& i\\textasciitilde{}j \\textasciicircum{}k " +
        "\\textbackslash{}end\\{document\\} \\textbackslash{}input\\{/etc/passwd\\}",
    );
  });

  it("writes the records' Unicode as LaTeX: ∂, Σ, −, θ, ≠, subscripts", () => {
    expect(texEscape("∂L/∂θ − Σ ≠ x₁")).toBe(
      "\\ensuremath{\\partial}L/\\ensuremath{\\partial}\\ensuremath{\\theta} \\ensuremath{-} " +
        "\\ensuremath{\\Sigma} \\ensuremath{\\neq} x\\ensuremath{_{1}}",
    );
  });

  it("writes a letter with a combining bar or hat as the math accent: x̄, θ̂", () => {
    expect(texEscape("x̄ = 0.5, θ̂ ≠ θ")).toBe(
      "\\ensuremath{\\bar{x}} = 0.5, \\ensuremath{\\hat{\\theta}} \\ensuremath{\\neq} \\ensuremath{\\theta}",
    );
  });

  it("keeps a hostile name, description and value out of the markup", () => {
    const doc = documentOf("harmonic-oscillator");
    const hostile: ProofDocument = {
      ...doc,
      title: HOSTILE,
      description: HOSTILE,
      symbols: doc.symbols.map((s) => ({ ...s, description: HOSTILE, value: "%$" })),
      notes: [HOSTILE],
    };
    const tex = documentTex(hostile);
    expect(tex).not.toContain("\\end{document} \\input");
    expect(tex).not.toContain("\\input{/etc/passwd}");
    expect(tex.match(/\\end\{document\}/g)!.length).toBe(1);
    expect(tex).toContain(`\\title{${texEscape(HOSTILE)}}`);
  });

  it.each(derivationNames())("%s: every character of the prose has a LaTeX form", (name) => {
    const bad = prose(documentOf(name)).filter((s) => !texRepresentable(s));
    expect(bad).toEqual([]);
  });
});

describe("deterministic output", () => {
  it.each(["double-pendulum", "kepler-polar", "adam"])(
    "%s: derived and rendered twice, the LaTeX is byte-identical",
    (name) => {
      const first = documentTex(documentOf(name));
      if (name === "adam") {
        expect(documentTex(documentOf(name))).toBe(first);
        return;
      }
      const spec = loadSpec(`${DERIVATIONS}/${name}.yaml`);
      const again = documentTex(buildDocument(deriveSpec(spec), { spec }));
      expect(again).toBe(first);
    },
  );
});
