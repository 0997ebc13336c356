/**
 * Every derivation file's proof document as an HTML page: every formula typeset by KaTeX in strict
 * mode (documentHtml throws on any it rejects), no error box, every "uses (n)" and "proved in (n)"
 * link landing on a step of the page, anchors unique, the KaTeX style sheet the only link out, and
 * the same bytes when derived and rendered again.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/derivation-files/files.js";
import { buildDocument } from "../../src/emit/document.js";
import { documentHtml } from "../../src/emit/html.js";
import { deriveSpec } from "../../src/proof/input.js";
import { deriveUpdate } from "../../src/proof/update.js";
import { DERIVATIONS, derivationNames, documentOf } from "../support/derived-documents.js";

const DERIVATION_NAMES = derivationNames();

/** The document derived afresh (documentOf caches one per name). */
function derivedAgain(name: string) {
  const spec = loadSpec(join(DERIVATIONS, `${name}.yaml`));
  return buildDocument(spec.update ? deriveUpdate(spec) : deriveSpec(spec), { spec });
}

const ids = (html: string) => [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
const fragments = (html: string) => [...html.matchAll(/href="#([^"]*)"/g)].map((m) => m[1]);
const links = (html: string) =>
  [...html.matchAll(/\s(?:src|href)="([^"#][^"]*)"/g)].map((m) => m[1]);

describe("HTML pages of the derivation files", () => {
  it("covers the files the browser test opens", () => {
    for (const name of ["double-pendulum", "kepler-polar", "klein-gordon-1d", "adam"])
      expect(DERIVATION_NAMES).toContain(name);
  });

  for (const name of DERIVATION_NAMES) {
    it(`${name}: every formula valid KaTeX, every link resolved`, () => {
      const doc = documentOf(name);
      const html = documentHtml(doc);
      expect(html.includes("katex-error")).toBe(false);
      const formulas = html.match(/<span class="katex">/g)?.length ?? 0;
      const steps = doc.sections.reduce((n, s) => n + (s.steps?.length ?? 0), 0);
      expect(formulas).toBeGreaterThanOrEqual(steps);
      const anchors = ids(html);
      expect(new Set(anchors).size).toBe(anchors.length);
      const missing = fragments(html).filter((f) => !anchors.includes(f));
      expect(missing).toEqual([]);
      expect(new Set(links(html))).toEqual(new Set(["katex/katex.min.css"]));
    });
  }

  for (const name of ["double-pendulum", "kepler-polar", "adam"]) {
    it(`${name}: derived and rendered again, the page has the same bytes`, () => {
      const a = documentHtml(documentOf(name));
      const b = documentHtml(derivedAgain(name));
      expect(a === b).toBe(true);
    });
  }
});
