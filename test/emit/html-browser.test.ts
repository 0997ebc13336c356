/**
 * The HTML documents in a real browser: Debian's chromium (headless, via playwright-core) opens each
 * page over file:// from a folder holding the pages and KaTeX's assets (copyKatexAssets), and finds
 * no KaTeX error box, no console error, no failed request and no request leaving file://, KaTeX's
 * own fonts loaded and used, no horizontal overflow at 1000 px or at a phone's 400 px, and no
 * script run by hostile text. The pages: double pendulum, Kepler problem with its Noether charges,
 * Klein–Gordon field, Adam (from derivations/), a page with hostile text in every field, and the
 * index; a screenshot of each goes to output/screenshots/NAME.png.
 * Without /usr/bin/chromium the suite fails, saying to install Debian's chromium, unless
 * LAGRANGE_SKIP_BROWSER=1.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyKatexAssets } from "../../src/cli/html-assets.js";
import { documentHtml, indexHtml } from "../../src/emit/html.js";
import type { ProofDocument } from "../../src/emit/types.js";
import { CHROMIUM, launch, openPage } from "../support/browser.js";
import { documentOf } from "../support/derived-documents.js";
import { hostileDocument } from "../support/documents.js";

const SCREENSHOTS = fileURLToPath(new URL("../../output/screenshots/", import.meta.url));
const skip = process.env.LAGRANGE_SKIP_BROWSER === "1";
const available = existsSync(CHROMIUM);
const itBrowser = available ? it : it.skip;

/** Derivation files whose pages are opened: mechanics, Noether charges, a field, an optimizer. */
const DERIVED = ["double-pendulum", "kepler-polar", "klein-gordon-1d", "adam"];

/** The pages: name → document (the derivation files', and hostile text in every field). */
function documents(): [string, ProofDocument][] {
  return [
    ...DERIVED.map((name): [string, ProofDocument] => [name, documentOf(name)]),
    ["hostile-text", hostileDocument()],
  ];
}

describe.skipIf(skip)("HTML documents in headless chromium", () => {
  it("has Debian's chromium at /usr/bin/chromium", () => {
    expect(
      available,
      "the browser test needs Debian's chromium: apt-get install -y --no-install-recommends chromium " +
        "(or set LAGRANGE_SKIP_BROWSER=1 to skip it)",
    ).toBe(true);
  });

  let dir = "";
  let browser: Awaited<ReturnType<typeof launch>> | undefined;
  const names = [...DERIVED, "hostile-text"];
  beforeAll(async () => {
    if (!available) return;
    dir = mkdtempSync(join(tmpdir(), "lagrange-html-"));
    const pages = documents();
    copyKatexAssets(dir);
    for (const [name, doc] of pages) writeFileSync(join(dir, `${name}.html`), documentHtml(doc));
    writeFileSync(
      join(dir, "index.html"),
      indexHtml(
        pages.map(([name, d]) => ({
          title: d.title,
          ...(d.description ? { description: d.description } : {}),
          href: `${name}.html`,
          formats: ["pdf", "tex", "json", "txt"].map((f) => ({
            label: f.toUpperCase(),
            href: `${name}.${f}`,
          })),
        })),
      ),
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  itBrowser("catches what it looks for (negative control: a broken page)", async () => {
    const file = join(dir, "broken.html");
    writeFileSync(
      file,
      [
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="missing/katex.min.css"></head>',
        '<body style="width:2000px"><span class="katex">x</span><div class="math" style="overflow:hidden;text-indent:-3rem"><span class="katex"><span class="katex-html">x</span></span></div><span class="katex-error">\\frac{</span>',
        '<img src="http://example.invalid/x.png"><script>console.error("boom")</script></body></html>',
      ].join("\n"),
    );
    const r = await openPage(browser!.context, file);
    expect(r.katexErrors).toBe(1);
    expect(r.clippedLeft).toBe(1);
    expect(r.consoleErrors.join("\n")).toContain("boom");
    expect(r.failedRequests.join("\n")).toContain("missing/katex.min.css");
    expect(r.outgoing).toEqual(["http://example.invalid/x.png"]);
    expect(r.loadedFonts).not.toContain("KaTeX_Main");
    expect(r.overflow.wide).toBeGreaterThan(0);
  });

  for (const name of [...names, "index"]) {
    itBrowser(
      `${name}: typeset by KaTeX with its fonts, no error, nothing fetched, no overflow`,
      async () => {
        const shot = join(SCREENSHOTS, `${name}.png`);
        const r = await openPage(browser!.context, join(dir, `${name}.html`), shot);
        expect(r.consoleErrors).toEqual([]);
        expect(r.failedRequests).toEqual([]);
        expect(r.outgoing).toEqual([]);
        expect(r.pwned).toBeUndefined();
        expect(r.overflow.wide).toBeLessThanOrEqual(0);
        expect(r.overflow.narrow).toBeLessThanOrEqual(0);
        expect(statSync(shot).size).toBeGreaterThan(5_000);
        if (name === "index") return;
        expect(r.katexErrors).toBe(0);
        expect(r.clippedLeft).toBe(0);
        expect(r.katexFormulas).toBeGreaterThan(5);
        expect(r.loadedFonts).toEqual(expect.arrayContaining(["KaTeX_Main", "KaTeX_Math"]));
        expect(r.katexFontFamily).toMatch(/^KaTeX_Main\b/);
      },
      // A long page's full screenshot takes seconds, more on a loaded machine.
      180_000,
    );
  }
});
