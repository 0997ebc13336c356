/**
 * Series colours within a section (src/emit/plot-colours.ts): the loss curves of a sequential
 * predictor under three truths, v(t) in one plot and |a(t)| in the next, keyed by their truth, are
 * drawn in the same colour in both plots, in the HTML (SVG strokes and legend) and in the LaTeX
 * (pgfplots colours) alike; without keys a series keeps the colour of its position.
 */
import { describe, expect, it } from "vitest";
import { documentHtml } from "../../src/emit/html.js";
import { plotSvg } from "../../src/emit/html-plot.js";
import { seriesColour, seriesNumbers } from "../../src/emit/plot-colours.js";
import { documentTex, texEscape } from "../../src/emit/tex.js";
import type { Plot, ProofDocument, Series } from "../../src/emit/types.js";
import { OSCILLATOR_DOC } from "../support/documents.js";

const t = [1, 2, 4, 8, 16];
const curve = (name: string, key: string, y: number[], points = false): Series => ({
  name,
  key,
  x: t,
  y,
  ...(points ? { points } : {}),
});

/** v(t) for three truths, then |a(t)| where a fair coin's loss first rises (dots) and falls. */
const LOSS: Plot = {
  title: "Per-token loss v(t)",
  xLabel: "t",
  yLabel: "v(t)",
  series: [
    curve("prior", "prior", [0.69, 0.6, 0.55, 0.52, 0.51]),
    curve("q = 0.5", "q = 0.5", [0.69, 0.75, 0.72, 0.7, 0.7]),
    curve("q = 0.9", "q = 0.9", [0.69, 0.5, 0.4, 0.35, 0.33]),
  ],
  caption: "exact sums",
};
const ACCELERATION: Plot = {
  title: "Acceleration",
  xLabel: "t",
  yLabel: "|a(t)|",
  series: [
    curve("−a(t), prior", "prior", [0.09, 0.05, 0.03, 0.01, 0.005]),
    curve("a(t) > 0, q = 0.5", "q = 0.5", [0.06, 0.01, NaN, NaN, NaN], true),
    curve("−a(t), q = 0.5", "q = 0.5", [NaN, NaN, 0.03, 0.02, 0.01]),
    curve("−a(t), q = 0.9", "q = 0.9", [0.19, 0.1, 0.05, 0.02, 0.01]),
  ],
  caption: "exact sums",
};

/** The legend of an SVG plot: each entry's name with the colour of its line or dot. */
function legendColours(svg: string): Map<string, string> {
  const out = new Map<string, string>();
  const re =
    /<(?:line|circle) [^>]*?(?:stroke|fill)="(#[0-9A-F]{6})"[^>]*\/>\n<text [^>]*>([^<]+)<\/text>/g;
  for (const m of svg.matchAll(re)) out.set(m[2].replace(/&gt;/g, ">"), m[1]);
  return out;
}

/** The pgfplots colour (series0…) of each legend entry of a LaTeX document, in order. */
function texColours(tex: string): [string, string][] {
  const re =
    /\\addplot\[color=(series\d+)[^\]]*\] coordinates \{[^}]*\};\n\\addlegendentry\{(.*)\}$/gm;
  return [...tex.matchAll(re)].map((m) => [m[2], m[1]]);
}

/** The pgfplots colour of the legend entry `name` (as texEscape writes it). */
function texColour(tex: string, name: string): string | undefined {
  return new Map(texColours(tex)).get(texEscape(name));
}

describe("series colours across the plots of a section", () => {
  it("numbers series by key in order of first appearance, unkeyed ones after the keys", () => {
    expect(seriesNumbers([LOSS, ACCELERATION])).toEqual([
      [0, 1, 2],
      [0, 1, 1, 2],
    ]);
    const plain = (p: Plot): Plot => ({ ...p, series: p.series.map(({ key: _, ...s }) => s) });
    expect(seriesNumbers([plain(LOSS), plain(ACCELERATION)])).toEqual([
      [0, 1, 2],
      [0, 1, 2, 3],
    ]);
    const mixed: Plot = { ...LOSS, series: [...plain(LOSS).series.slice(0, 1), LOSS.series[2]] };
    expect(seriesNumbers([mixed])).toEqual([[1, 0]]);
  });

  it("the HTML draws q = 0.9 in one colour in v(t) and in |a(t)|, each truth in its own", () => {
    const [loss, acc] = seriesNumbers([LOSS, ACCELERATION]);
    const a = legendColours(plotSvg(LOSS, loss));
    const b = legendColours(plotSvg(ACCELERATION, acc));
    expect(a.get("q = 0.9")).toBe(b.get("−a(t), q = 0.9"));
    expect(a.get("prior")).toBe(b.get("−a(t), prior"));
    expect(a.get("q = 0.5")).toBe(b.get("a(t) > 0, q = 0.5"));
    expect(a.get("q = 0.5")).toBe(b.get("−a(t), q = 0.5"));
    expect(new Set(a.values()).size).toBe(3);
    // The whole page does the same for a section holding both plots.
    const doc: ProofDocument = {
      ...OSCILLATOR_DOC,
      sections: [{ id: "c7", title: "C7", plots: [LOSS, ACCELERATION] }],
    };
    const page = documentHtml(doc);
    const svgs = [...page.matchAll(/<svg class="plot"[^]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(2);
    expect(legendColours(svgs[0]).get("q = 0.9")).toBe(
      legendColours(svgs[1]).get("−a(t), q = 0.9"),
    );
    expect(legendColours(svgs[0]).get("q = 0.9")).toBe(`#${seriesColour(2)}`);
  });

  it("the LaTeX gives q = 0.9 one pgfplots colour in both plots, defined as the HTML's", () => {
    const doc: ProofDocument = {
      ...OSCILLATOR_DOC,
      sections: [{ id: "c7", title: "C7", plots: [LOSS, ACCELERATION] }],
    };
    const tex = documentTex(doc);
    expect(new Set(texColours(tex).map(([name]) => name)).size).toBe(7);
    const c = (name: string) => texColour(tex, name);
    expect(c("q = 0.9")).toBe("series2");
    expect(c("−a(t), q = 0.9")).toBe("series2");
    expect(c("prior")).toBe(c("−a(t), prior"));
    expect(c("q = 0.5")).toBe(c("a(t) > 0, q = 0.5"));
    expect(c("q = 0.5")).not.toBe(c("q = 0.9"));
    expect(tex).toContain(`\\definecolor{series2}{HTML}{${seriesColour(2)}}`);
  });

  it("without keys a series keeps the colour of its position (an oscillator's x and E)", () => {
    const svg = plotSvg(OSCILLATOR_DOC.sections.flatMap((s) => s.plots ?? [])[0]);
    const colours = legendColours(svg);
    expect([...colours.values()]).toEqual([`#${seriesColour(0)}`, `#${seriesColour(1)}`]);
  });
});
