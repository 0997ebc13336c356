/**
 * A real browser for the HTML documents' tests: Debian's chromium (/usr/bin/chromium) driven by
 * playwright-core, headless, with a fresh profile and nothing but file:// allowed. openPage loads a
 * page, waits for its fonts, and reports what a reader would suffer: KaTeX error boxes, console
 * errors, failed or outgoing requests, KaTeX fonts not loaded, the page wider than the window.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** An element as far as the checks need it: its box, and its descendants. */
interface Box {
  getBoundingClientRect(): { left: number; right: number };
  querySelector(selector: string): Box | null;
}

/* The browser's globals as the functions given to page.evaluate use them (this project's types are
   Node's, without the DOM library). */
declare const document: {
  fonts: {
    ready: Promise<unknown>;
    [Symbol.iterator](): Iterator<{ status: string; family: string }>;
  };
  querySelector(selector: string): unknown;
  querySelectorAll(selector: string): ArrayLike<Box> & Iterable<Box>;
  documentElement: { scrollWidth: number };
};
declare const window: { innerWidth: number; __pwned?: unknown };
declare function getComputedStyle(element: unknown): { fontFamily: string };

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A headless chromium with a fresh profile folder; `close` ends it and removes the folder. */
export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "lagrange-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1000, height: 800 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What the browser saw of a page. */
export interface PageReport {
  readonly katexErrors: number;
  readonly katexFormulas: number;
  readonly consoleErrors: string[];
  readonly failedRequests: string[];
  /** Requests to anything but file:// (a self-contained page makes none). */
  readonly outgoing: string[];
  /** Font families of the page's loaded fonts (KaTeX_Main, KaTeX_Math, …). */
  readonly loadedFonts: string[];
  /** The computed font-family of the first KaTeX formula's HTML. */
  readonly katexFontFamily: string;
  /** Page width beyond the window at 1000 px and at 400 px (0: no horizontal overflow). */
  readonly overflow: { wide: number; narrow: number };
  /** Formulas starting left of their box's edge (cut off where no scrolling reaches). */
  readonly clippedLeft: number;
  /** Set if any script of the page ran (a hostile text that escaped). */
  readonly pwned: unknown;
}

/** Opens `file` over file://, waits for its fonts, screenshots it to `screenshot` (full page). */
export async function openPage(
  context: BrowserContext,
  file: string,
  screenshot?: string,
): Promise<PageReport> {
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  const outgoing: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  page.on("requestfailed", (r) => failedRequests.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on("request", (r) => {
    if (!r.url().startsWith("file:")) outgoing.push(r.url());
  });
  await page.route(/^(?!file:)/, (route) => route.abort());
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const facts = await page.evaluate(() => {
    const first = document.querySelector(".katex .katex-html");
    return {
      katexErrors: document.querySelectorAll(".katex-error").length,
      katexFormulas: document.querySelectorAll(".katex").length,
      loadedFonts: [...document.fonts]
        .filter((f) => f.status === "loaded")
        .map((f) => f.family.replace(/["']/g, "")),
      katexFontFamily: first ? getComputedStyle(first).fontFamily : "",
      wide: document.documentElement.scrollWidth - window.innerWidth,
      clippedLeft: [...document.querySelectorAll(".math")].filter((m) => {
        const k = m.querySelector(".katex-html");
        return k !== null && k.getBoundingClientRect().left < m.getBoundingClientRect().left - 0.5;
      }).length,
      pwned: window.__pwned,
    };
  });
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.setViewportSize({ width: 400, height: 800 });
  const narrow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  await page.close();
  return {
    katexErrors: facts.katexErrors,
    katexFormulas: facts.katexFormulas,
    consoleErrors,
    failedRequests,
    outgoing,
    loadedFonts: [...new Set(facts.loadedFonts)].sort(),
    katexFontFamily: facts.katexFontFamily,
    overflow: { wide: facts.wide, narrow },
    clippedLeft: facts.clippedLeft,
    pwned: facts.pwned,
  };
}
