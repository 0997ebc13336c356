/**
 * The HTML documents (src/emit/html.ts) from hand-made proof documents: a harmonic oscillator's
 * page is self-contained (no URL leaves the page but the KaTeX folder beside it), every "uses (n)"
 * link lands on a step, a re-render gives the same bytes, hostile text in every field comes out
 * inert, a formula KaTeX rejects is an error naming its step, and the SVG plots are faithful (a
 * conserved energy is a flat line, the axes cover the data, ticks print at the step's resolution).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { copyKatexAssets } from "../../src/cli/html-assets.js";
import { documentHtml, indexHtml } from "../../src/emit/html.js";
import { escapeHtml, FormulaError, renderMath } from "../../src/emit/html-math.js";
import { formatTick, logAxis, niceAxis, plotSvg } from "../../src/emit/html-plot.js";
import type { ProofDocument } from "../../src/emit/types.js";
import { HOSTILE, hostileDocument, OSCILLATOR_DOC, oscillatorPlot } from "../support/documents.js";

/** The matches of `re` in `text`, each with some context (short failure messages for long pages). */
const found = (text: string, re: RegExp) =>
  [...text.matchAll(new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g"))].map(
    (m) => text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40),
  );

/** Asserts that `text` contains `part` (naming only the part on failure). */
const has = (text: string, part: string) => expect(text.includes(part), part).toBe(true);

/** The page with every attribute value emptied: what is left are tags, attribute names and text. */
const markup = (html: string) => html.replace(/="[^"]*"/g, '=""');

/** Every id="…" and every href="#…" of a page. */
const ids = (html: string) => new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]));
const fragments = (html: string) => [...html.matchAll(/href="#([^"]*)"/g)].map((m) => m[1]);

/** The points of each polyline of an SVG, as [x, y] pairs. */
const polylines = (svg: string) =>
  [...svg.matchAll(/<polyline[^>]*points="([^"]*)"/g)].map((m) =>
    m[1].split(" ").map((p) => p.split(",").map(Number)),
  );

describe("HTML page of a harmonic oscillator", () => {
  const html = documentHtml(OSCILLATOR_DOC);

  it("typesets every formula with KaTeX and shows no error box", () => {
    expect(found(html, /class="math"><span class="katex">/).length).toBeGreaterThan(5);
    expect(found(html, /katex-error/)).toEqual([]);
    // The Lagrangian, 4 steps, 2 equations, 3 algorithm lines, 4 symbols.
    expect(html.match(/class="katex"/g)!.length).toBeGreaterThanOrEqual(13);
  });

  it("is self-contained: the only link out is KaTeX's style sheet in the assets folder", () => {
    const urls = [...html.matchAll(/\s(?:src|href)="([^"#][^"]*)"/g)].map((m) => m[1]);
    expect(urls).toEqual(["katex/katex.min.css"]);
    expect(found(html, /@import|url\(|<script/i)).toEqual([]);
    expect(documentHtml(OSCILLATOR_DOC, { assets: "../katex/" })).toContain(
      'href="../katex/katex.min.css"',
    );
  });

  it("numbers the steps with anchors and links every use and proof to an existing anchor", () => {
    const anchors = ids(html);
    for (const f of fragments(html)) expect(anchors, f).toContain(f);
    has(html, '<li class="step" id="step-4">');
    has(html, 'uses <a href="#step-2">(2)</a>, <a href="#step-3">(3)</a>');
    // The integrator's own proof numbers from 1 again: its step gets its section's prefix, and
    // its uses resolve to the closest earlier section that has those steps.
    has(html, 'id="integrator-step-1"');
    has(html, 'uses <a href="#step-2">(2)</a>, <a href="#step-4">(4)</a>');
    has(html, 'proved in <a href="#step-4">(4)</a>');
  });

  it("boxes the results, puts long formulas in a scrolling box, and shows the sections in order", () => {
    expect(html.match(/class="(math|formula) boxed"/g)!.length).toBe(4);
    expect(found(html, /\.math \{[^}]*overflow-x: auto/)).toHaveLength(1);
    const order = ["system", "euler-lagrange", "hamiltonian", "integrator", "plots", "checks"];
    const at = order.map((id) => html.indexOf(`<section id="${id}">`));
    expect(at.every((p) => p > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    has(html, '<div class="algorithm">');
    has(html, "<figure>");
  });

  it("is byte-identical on a re-render", () => {
    expect(documentHtml(structuredClone(OSCILLATOR_DOC)) === html).toBe(true);
  });
});

describe("hostile text", () => {
  const html = documentHtml(hostileDocument());

  it("comes out as text: no element, attribute or handler of its own", () => {
    expect(found(markup(html), /<script|<img|<[^>]*\son\w+=|javascript:/i)).toEqual([]);
    expect(html.includes(escapeHtml(HOSTILE))).toBe(true);
    // The only </main> is the page's own, and the page still ends as it should.
    expect(html.match(/<\/main>/g)).toHaveLength(1);
    expect(html.endsWith("</main>\n</body>\n</html>\n")).toBe(true);
  });

  it("is escaped in attributes too (section ids, rule ids)", () => {
    for (const m of html.matchAll(/\s(?:id|title|href)="([^"]*)"/g))
      expect(m[1]).not.toMatch(/[<>]/);
  });

  it("in formulas stays inert: KaTeX escapes text and makes no links", () => {
    const text = renderMath('\\text{<script>alert(1)</script> \\& "q"}', "test");
    expect(found(text, /<script|"q"/)).toEqual([]);
    const link = renderMath("\\href{javascript:alert(1)}{x}", "test");
    expect(found(markup(link), /<a\s|href=/)).toEqual([]);
  });

  it("on the index page: titles, descriptions and script URLs are neutralised", () => {
    const page = indexHtml([
      {
        title: HOSTILE,
        description: HOSTILE,
        href: "javascript:alert(1)",
        formats: [
          { label: HOSTILE, href: "sys.pdf" },
          { label: "JSON", href: ' data:text/html,<script>"' },
        ],
      },
    ]);
    expect(found(markup(page), /<script|<img|<[^>]*\son\w+=|javascript:|data:/i)).toEqual([]);
    has(page, 'href="sys.pdf"');
  });
});

describe("a formula KaTeX rejects", () => {
  const broken = (label: string): ProofDocument => ({
    ...OSCILLATOR_DOC,
    sections: OSCILLATOR_DOC.sections.map((s) =>
      s.id !== "euler-lagrange"
        ? s
        : { ...s, steps: s.steps!.map((st) => (st.n === 3 ? { ...st, label } : st)) },
    ),
  });

  it("fails the page with an error naming the step, the section and the formula", () => {
    for (const label of ["\\frac{\\partial L}{\\partial \\dot{x}", "\\undefinedmacro x"]) {
      let error: unknown;
      try {
        documentHtml(broken(label));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FormulaError);
      const message = (error as Error).message;
      expect(message).toContain('step 3 of section "Euler–Lagrange equations"');
      expect(message).toContain(label);
    }
  });

  it("includes what strict mode refuses (Unicode text in math mode, a comment eating the end)", () => {
    expect(() => renderMath("\\theta = é", "the test formula", "display")).toThrow(
      /the test formula.*unicodeTextInMathMode/,
    );
    expect(() => renderMath("x % c", "the test formula")).toThrow(FormulaError);
  });
});

/** The plot frame of an SVG: its left, top, right and bottom edges. */
function frame(svg: string) {
  const m = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
  const [x, y, w, h] = m.slice(1).map(Number);
  return { left: x, top: y, right: x + w, bottom: y + h };
}

describe("SVG plots", () => {
  const svg = plotSvg(oscillatorPlot());
  const box = frame(svg);
  const [x, energy] = polylines(svg);

  it("draw a conserved energy as a flat line inside the frame", () => {
    const ys = new Set(energy.map((p) => p[1]));
    expect(ys.size).toBe(1);
    const y = [...ys][0];
    expect(y).toBeGreaterThan(box.top);
    expect(y).toBeLessThan(box.bottom);
  });

  it("draw a flat curve at an end of the data inside the frame, not on its edge", () => {
    // The energy along a flow that solves the equation (flat at 0) and along one that does not.
    const t = Array.from({ length: 61 }, (_, i) => -3 + i / 10);
    for (const sign of [1, -1]) {
      const p = plotSvg({
        ...oscillatorPlot(),
        series: [
          { name: "solves", x: t, y: t.map(() => 0) },
          { name: "does not", x: t, y: t.map((s) => -sign * (s - 0.5) ** 2) },
        ],
      });
      const { top, bottom } = frame(p);
      const [flat, curve] = polylines(p);
      const y = flat[0][1];
      expect(new Set(flat.map((q) => q[1])).size).toBe(1);
      expect(y, `sign ${sign}`).toBeGreaterThan(top + 10);
      expect(y, `sign ${sign}`).toBeLessThan(bottom - 10);
      // The other curve stays inside the frame too.
      for (const [, yc] of curve) expect(yc >= top && yc <= bottom).toBe(true);
    }
  });

  it("leave room for the longest tick label between the y label and the frame", () => {
    const t = [0, 1, 2];
    for (const y of [
      [0, 1, 2],
      [-0.27998, -0.28, -0.28002],
      [1e6, 2e6, 3.5e6],
    ]) {
      const p = plotSvg({ ...oscillatorPlot(), series: [{ name: "Q", x: t, y }] });
      const labels = [...p.matchAll(/text-anchor="end"[^>]*>([^<]*)</g)].map((m) => m[1]);
      const longest = Math.max(...labels.map((l) => l.length));
      // The y label is centred at x = 14 (12 px high, rotated); tick labels end at left − 8.
      expect(frame(p).left - 8 - 7 * longest, labels.join(" ")).toBeGreaterThanOrEqual(26);
    }
  });

  it("keep rounding-level wobble flat and show a drift of 1e-3 of the value", () => {
    const t = Array.from({ length: 201 }, (_, i) => i / 20);
    const curve = (f: (t: number) => number) =>
      polylines(
        plotSvg({ ...oscillatorPlot(), series: [{ name: "Q", x: t, y: t.map(f) }] }),
      )[0].map((p) => p[1]);
    const spread = (ys: number[]) => Math.max(...ys) - Math.min(...ys);
    expect(spread(curve((s) => 2 + 1e-12 * Math.sin(7 * s)))).toBeLessThanOrEqual(0.01);
    expect(spread(curve((s) => 2 + 2e-4 * s))).toBeGreaterThan(100);
  });

  it("have axes that cover the data and ticks at the data's scale", () => {
    expect(x.length).toBeGreaterThan(200);
    const xs = x.map((p) => p[0]);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(box.left);
    expect(Math.max(...xs)).toBeLessThanOrEqual(box.right);
    for (const [, y] of x) expect(y >= box.top && y <= box.bottom).toBe(true);
    expect(svg).toContain(">-1.0<");
    expect(svg).toContain(">1.0<");
    expect(svg).toMatch(/<title>Trajectory and energy<\/title>/);
    for (const name of ["x", "E"]) expect(svg).toContain(`>${name}</text>`);
  });

  it("niceAxis covers any finite range with 1, 2 or 5 × 10^k steps", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (a, w) => {
          const ax = niceAxis(a, a + w);
          expect(ax.lo).toBeLessThanOrEqual(a);
          expect(ax.hi).toBeGreaterThanOrEqual(a + w);
          expect(ax.ticks.length).toBeGreaterThanOrEqual(2);
          expect(ax.ticks.length).toBeLessThanOrEqual(13);
          const m = ax.step / 10 ** Math.floor(Math.log10(ax.step) + 1e-9);
          expect([1, 2, 5, 10].some((k) => Math.abs(m - k) < 1e-6)).toBe(true);
        },
      ),
    );
  });

  it("print ticks at the step's resolution, without float noise or -0", () => {
    expect(formatTick(0.1 + 0.2, 0.1)).toBe("0.3");
    expect(formatTick(-0.0000001, 0.5)).toBe("0.0");
    expect(formatTick(1200, 200)).toBe("1200");
    expect(formatTick(3e-7, 1e-7)).toBe("3e-7");
    expect(formatTick(2.5e7, 5e6)).toBe("2.5e+7");
  });

  it("split a series at non-finite values and thin a long one to its envelope", () => {
    const t = [0, 1, 2, 3, 4];
    const split = plotSvg({
      ...oscillatorPlot(),
      series: [{ name: "x", x: t, y: [0, 1, NaN, 3, Infinity] }],
    });
    expect(polylines(split).map((l) => l.length)).toEqual([2, 1]);
    const long = oscillatorPlot(1e-4);
    const big = plotSvg(long);
    expect(long.series[0].x.length).toBeGreaterThan(100_000);
    expect(big.length).toBeLessThan(200_000);
    const [curve] = polylines(big);
    const ys = curve.map((p) => p[1]);
    const { top, bottom } = frame(big);
    // cos t reaches ±1, which are the axis ends: the thinned curve still touches both.
    expect(Math.min(...ys)).toBeCloseTo(top, 1);
    expect(Math.max(...ys)).toBeCloseTo(bottom, 1);
  });

  it("are byte-identical on a re-render", () => {
    expect(plotSvg(oscillatorPlot()) === svg).toBe(true);
  });

  it("draw a power law 1/(2t²) on log–log axes as a straight line, ticked at decades", () => {
    const t = Array.from({ length: 100 }, (_, i) => 10 ** ((3 * i) / 99));
    const p = plotSvg({
      ...oscillatorPlot(),
      series: [{ name: "−a", x: [0, ...t], y: [-1, ...t.map((s) => 1 / (2 * s * s))] }],
      logX: true,
      logY: true,
    });
    const [line] = polylines(p);
    expect(line).toHaveLength(100); // t = 0 and y = −1 have no place on a log axis
    const slope = (i: number, j: number) => (line[j][1] - line[i][1]) / (line[j][0] - line[i][0]);
    expect(slope(0, 50)).toBeCloseTo(slope(50, 99), 2);
    for (const label of [">1<", ">10<", ">100<", ">1000<"]) expect(p).toContain(label);
    expect(p).toContain('10<tspan dy="-6" font-size="9">-7</tspan>');
    expect(logAxis(-6.3, -0.3)).toEqual({
      lo: -7,
      hi: 0,
      step: 1,
      ticks: [-7, -6, -5, -4, -3, -2, -1, 0],
    });
    expect(logAxis(-20, 0).step).toBe(3);
  });

  it("draw a series of points as dots, legend included, and no line", () => {
    const p = plotSvg({
      ...oscillatorPlot(),
      series: [{ name: "Monte Carlo", x: [1, 2, 3], y: [3, 1, 2], points: true }],
    });
    expect(polylines(p)).toEqual([]);
    expect(p.match(/<circle class="series"/g)).toHaveLength(3);
    expect(p.match(/<circle /g)).toHaveLength(4);
  });
});

describe("KaTeX assets beside the pages", () => {
  const dir = mkdtempSync(join(tmpdir(), "lagrange-katex-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("copies katex.min.css and every font it names, and a re-run writes nothing", () => {
    const first = copyKatexAssets(dir);
    expect(first.dir).toBe(join(dir, "katex"));
    expect(first.written).toBe(first.files);
    const css = readFileSync(join(dir, "katex", "katex.min.css"), "utf8");
    const named = new Set([...css.matchAll(/url\((fonts\/[^)]+)\)/g)].map((m) => m[1]));
    expect(named.size).toBeGreaterThanOrEqual(40);
    for (const f of named) expect(statSync(join(dir, "katex", f)).size, f).toBeGreaterThan(1000);
    const pkg = dirname(createRequire(import.meta.url).resolve("katex/package.json"));
    const src = readFileSync(join(pkg, "dist", "fonts", "KaTeX_Main-Regular.woff2"));
    expect(readFileSync(join(dir, "katex", "fonts", "KaTeX_Main-Regular.woff2")).equals(src)).toBe(
      true,
    );
    const again = copyKatexAssets(dir);
    expect(again.written).toBe(0);
    expect(readdirSync(join(dir, "katex", "fonts")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
