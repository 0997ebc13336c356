/**
 * The proof document as one self-contained HTML page: every formula typeset on the server by KaTeX
 * (html-math.ts), the style sheet inline (html-style.ts), plots as inline SVG (html-plot.ts); the
 * page only links KaTeX's style sheet and fonts, copied beside it (src/cli/html-assets.ts), so it
 * works offline and asks the network for nothing. No script: every text is HTML-escaped and a
 * Content-Security-Policy forbids scripts besides. Deterministic: the same document gives the same
 * bytes (no dates, no random ids).
 *
 * Anchors: section `id`s as given; step n of a section gets `step-n` (a later section numbering its
 * own proof from 1 again gets `SECTION-step-n`); "uses (n)" links to the nearest step n — in the same
 * section, else the closest earlier section, else a later one.
 */
import { escapeHtml, renderMath, safeHref } from "./html-math.js";
import { plotSvg } from "./html-plot.js";
import { seriesNumbers } from "./plot-colours.js";
import { DOCUMENT_CSS } from "./html-style.js";
import type {
  Algorithm,
  Badge,
  DisplayEquation,
  DocStep,
  Plot,
  ProofDocument,
  Section,
  SymbolRow,
  Table,
} from "./types.js";

/** Options of documentHtml. */
export interface HtmlOptions {
  /** Relative URL of the folder holding katex.min.css and fonts/ (default "katex"). */
  readonly assets?: string;
}

/** One document of the index page, with links to its formats (`PDF`, `TeX`, `JSON`). */
export interface IndexEntry {
  readonly title: string;
  readonly description?: string;
  readonly href: string;
  readonly formats: readonly { readonly label: string; readonly href: string }[];
}

const CSP = "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** Text as paragraphs (split at blank lines), escaped. */
function paragraphs(text: string, cls?: string): string {
  const attr = cls ? ` class="${cls}"` : "";
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim().replace(/\s+/g, " "))
    .filter((p) => p)
    .map((p) => `<p${attr}>${escapeHtml(p)}</p>`)
    .join("\n");
}

function page(title: string, head: string, body: string): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    `<title>${escapeHtml(title)}</title>`,
    head,
    `<style>${DOCUMENT_CSS}</style>`,
    "</head>",
    "<body>",
    "<main>",
    body,
    "</main>",
    "</body>",
    "</html>",
    "",
  ]
    .filter((l) => l !== "")
    .join("\n")
    .concat("\n");
}

/** Anchors of the document's steps and the resolution of "uses (n)" from a section. */
class StepAnchors {
  private readonly bySection: Map<number, string>[];
  constructor(sections: readonly Section[]) {
    const seen = new Set<number>();
    this.bySection = sections.map((s) => {
      const m = new Map<number, string>();
      for (const st of s.steps ?? []) {
        m.set(st.n, seen.has(st.n) ? `${s.id}-step-${st.n}` : `step-${st.n}`);
        seen.add(st.n);
      }
      return m;
    });
  }
  /** The anchor of step `n` of section `i`. */
  own(i: number, n: number): string {
    return this.bySection[i].get(n)!;
  }
  /** The anchor step `n` refers to from section `i`, or undefined if no section has a step n. */
  resolve(i: number, n: number): string | undefined {
    for (let j = i; j >= 0; j--) if (this.bySection[j].has(n)) return this.bySection[j].get(n);
    for (let j = i + 1; j < this.bySection.length; j++)
      if (this.bySection[j].has(n)) return this.bySection[j].get(n);
    return undefined;
  }
  /** `(3), (4)` as links (plain text for a number no step has). */
  links(i: number, ns: readonly number[]): string {
    return ns
      .map((n) => {
        const a = this.resolve(i, n);
        return a ? `<a href="#${escapeHtml(a)}">(${n})</a>` : `(${n})`;
      })
      .join(", ");
  }
}

/**
 * A displayed formula: display style, breaking after top-level + − = when wider than the column,
 * scrolling sideways inside its own box when it still is (boxed: highlighted).
 */
function displayMath(latex: string, where: string, boxed?: boolean): string {
  return `<div class="math${boxed ? " boxed" : ""}">${renderMath(latex, where, "block")}</div>`;
}

function asText(text: string | undefined): string {
  return text === undefined
    ? ""
    : `<details class="as-text"><summary>as text</summary><code>${escapeHtml(text)}</code></details>`;
}

function equationLatex(e: DisplayEquation): string {
  return `${e.lhs} ${e.relation ?? "="} ${e.rhs.latex}`;
}

function equationHtml(e: DisplayEquation, where: string, i: number, anchors: StepAnchors): string {
  const proved = e.steps?.length
    ? `<p class="proved-by">proved in ${anchors.links(i, e.steps)}</p>`
    : "";
  return `<div class="equation">${displayMath(equationLatex(e), where, e.boxed)}${proved}${asText(e.rhs.text)}</div>`;
}

/**
 * A step's formula: `label = operation` on one line and `= result` on the next (each may break), or
 * `label = result` without an operation; in one box when boxed.
 */
function stepMath(s: DocStep, where: string): string {
  const lhs = s.label.trim();
  const op = s.operation.trim();
  const lines = !lhs
    ? [displayMath(s.result.latex, where)]
    : !op
      ? [displayMath(`${lhs} = ${s.result.latex}`, where)]
      : [
          displayMath(`${lhs} = ${op}`, where),
          displayMath(`= ${s.result.latex}`, where).replace('class="math"', 'class="math then"'),
        ];
  return `<div class="formula${s.boxed ? " boxed" : ""}">${lines.join("")}</div>`;
}

function stepHtml(s: DocStep, section: Section, i: number, anchors: StepAnchors): string {
  const id = escapeHtml(anchors.own(i, s.n));
  const uses = s.uses.length ? ` <span class="uses">· uses ${anchors.links(i, s.uses)}</span>` : "";
  return [
    `<li class="step" id="${id}">`,
    `<a class="step-no" href="#${id}">(${s.n})</a>`,
    `<div class="step-head"><span class="rule" title="${escapeHtml(s.rule)}">${escapeHtml(s.ruleName)}</span>${uses}</div>`,
    stepMath(s, `step ${s.n} of section "${section.title}"`),
    s.justification ? `<p class="justification">${escapeHtml(s.justification)}</p>` : "",
    s.check ? `<p class="check">${escapeHtml(s.check)}</p>` : "",
    asText(s.result.text),
    "</li>",
  ]
    .filter((l) => l)
    .join("\n");
}

function algorithmHtml(a: Algorithm, section: Section): string {
  const where = (k: number) => `line ${k} of algorithm "${a.title}" in section "${section.title}"`;
  let line = 0;
  const phase = (title: string, lines: readonly DisplayEquation[] | null) =>
    lines && lines.length
      ? `<p class="phase">${escapeHtml(title)}</p>\n<ol start="${line + 1}">\n${lines
          .map((e) => `<li>${displayMath(equationLatex(e), where(++line), e.boxed)}</li>`)
          .join("\n")}\n</ol>`
      : "";
  return [
    `<div class="algorithm">`,
    `<h3>${escapeHtml(a.title)}</h3>`,
    a.when ? `<p class="when">when ${escapeHtml(a.when)}</p>` : "",
    a.inputs.length
      ? `<p class="inputs"><strong>Input:</strong> ${a.inputs.map(escapeHtml).join("; ")}</p>`
      : "",
    a.refused
      ? `<p class="refused"><strong>Refused:</strong> ${escapeHtml(a.refused)}</p>`
      : [
          phase("Once per step", a.perStep),
          phase("On the first step", a.firstStep),
          phase("Update", a.body),
        ].join("\n"),
    `</div>`,
  ]
    .filter((l) => l)
    .join("\n");
}

function plotHtml(p: Plot, numbers: readonly number[]): string {
  return `<figure>\n${plotSvg(p, numbers)}\n<figcaption>${escapeHtml(p.caption)}</figcaption>\n</figure>`;
}

/** A section's opening tag and its heading, with a link to itself. */
function opening(sectionId: string, title: string): string {
  const id = escapeHtml(sectionId);
  return `<section id="${id}">\n<h2>${escapeHtml(title)}<a class="anchor" href="#${id}" aria-label="link to this section">#</a></h2>`;
}

/** A badge (a verdict) coloured by its tone. */
function badgeHtml(b: Badge): string {
  return `<p class="badge-line"><span class="badge ${b.tone}">${escapeHtml(b.label)}</span></p>`;
}

/** A table of text cells; only its wide columns (Table.wide, default the last) wrap. */
function tableHtml(t: Table): string {
  const wide = t.wide ?? [t.head.length - 1];
  const cell = (tag: string, c: string, i: number) =>
    `<${tag}${wide.includes(i) ? "" : ' class="nw"'}>${escapeHtml(c)}</${tag}>`;
  const row = (cells: readonly string[], tag: string) =>
    `<tr>${cells.map((c, i) => cell(tag, c, i)).join("")}</tr>`;
  return `<table class="text">\n<thead>${row(t.head, "th")}</thead>\n<tbody>\n${t.rows.map((r) => row(r, "td")).join("\n")}\n</tbody>\n</table>`;
}

function sectionHtml(s: Section, i: number, anchors: StepAnchors): string {
  const out = [opening(s.id, s.title)];
  if (s.badge) out.push(badgeHtml(s.badge));
  if (s.intro) out.push(paragraphs(s.intro));
  for (const t of s.tables ?? []) out.push(tableHtml(t));
  (s.equations ?? []).forEach((e, k) =>
    out.push(equationHtml(e, `equation ${k + 1} of section "${s.title}"`, i, anchors)),
  );
  for (const a of s.algorithms ?? []) out.push(algorithmHtml(a, s));
  const numbers = seriesNumbers(s.plots ?? []);
  (s.plots ?? []).forEach((p, k) => out.push(plotHtml(p, numbers[k])));
  if (s.steps?.length)
    out.push(
      `<ol class="steps">\n${s.steps.map((st) => stepHtml(st, s, i, anchors)).join("\n")}\n</ol>`,
    );
  if (s.notes?.length)
    out.push(
      `<ul class="notes">\n${s.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("\n")}\n</ul>`,
    );
  out.push("</section>");
  return out.join("\n");
}

function symbolsHtml(rows: readonly SymbolRow[]): string {
  const hasValue = rows.some((r) => r.value !== undefined);
  const hasDesc = rows.some((r) => r.description !== undefined);
  const head = `<tr><th>symbol</th><th>name</th><th>role</th>${hasValue ? "<th>value</th>" : ""}${hasDesc ? "<th>meaning</th>" : ""}</tr>`;
  const body = rows.map(
    (r) =>
      `<tr><td>${renderMath(r.latex, `the symbol ${r.name}`)}</td><td><code>${escapeHtml(r.name)}</code></td><td>${escapeHtml(r.role)}</td>` +
      (hasValue ? `<td>${escapeHtml(r.value ?? "")}</td>` : "") +
      (hasDesc ? `<td>${escapeHtml(r.description ?? "")}</td>` : "") +
      "</tr>",
  );
  return `<table class="symbols">\n<thead>${head}</thead>\n<tbody>\n${body.join("\n")}\n</tbody>\n</table>`;
}

function toc(doc: ProofDocument): string {
  const items: [string, string][] = [];
  if (doc.symbols.length || doc.lagrangian) items.push(["system", "The system"]);
  for (const s of doc.sections) items.push([s.id, s.title]);
  if (doc.checks.length) items.push(["checks", "How it was checked"]);
  if (doc.notes.length) items.push(["notes", "Notes"]);
  const li = items.map(([id, t]) => `<li><a href="#${escapeHtml(id)}">${escapeHtml(t)}</a></li>`);
  return `<nav class="toc" aria-label="contents">\n<ol>\n${li.join("\n")}\n</ol>\n</nav>`;
}

/**
 * The document as one HTML page (see the file comment): title, description, the system (the
 * Lagrangian as written, its symbols and assumptions), a table of contents, every section (displayed
 * and boxed equations, numbered steps with rule, justification, check and "uses" links, algorithms,
 * SVG plots, notes), how it was checked, and notes. `assets` is the relative URL of the folder with
 * KaTeX's style sheet and fonts (default "katex"). Throws a FormulaError naming the formula and its
 * place if KaTeX rejects any formula.
 */
export function documentHtml(doc: ProofDocument, options: HtmlOptions = {}): string {
  const assets = (options.assets ?? "katex").replace(/\/+$/, "");
  const anchors = new StepAnchors(doc.sections);
  const body: string[] = [`<header>`, `<h1>${escapeHtml(doc.title)}</h1>`];
  if (doc.description) body.push(paragraphs(doc.description, "lead"));
  const from = doc.kind === "report" ? "Claims from" : "Derivation file:";
  if (doc.source) body.push(`<p class="source">${from} <code>${escapeHtml(doc.source)}</code></p>`);
  body.push(`</header>`, toc(doc));
  if (doc.symbols.length || doc.lagrangian) {
    body.push(opening("system", "The system"));
    if (doc.lagrangian) {
      const L = doc.kind === "field" ? "\\mathcal{L}" : "L";
      body.push(displayMath(`${L} = ${doc.lagrangian.latex}`, "the Lagrangian"));
      body.push(asText(doc.lagrangian.text));
    }
    if (doc.symbols.length) body.push(symbolsHtml(doc.symbols));
    if (doc.assumptions.length)
      body.push(
        `<p class="assumptions">Assumptions: ${doc.assumptions.map(escapeHtml).join("; ")}.</p>`,
      );
    body.push(`</section>`);
  }
  doc.sections.forEach((s, i) => body.push(sectionHtml(s, i, anchors)));
  if (doc.checks.length)
    body.push(
      opening("checks", "How it was checked"),
      `<ul class="checks">\n${doc.checks.map((c) => `<li>${escapeHtml(c)}</li>`).join("\n")}\n</ul>`,
      `</section>`,
    );
  if (doc.notes.length)
    body.push(
      opening("notes", "Notes"),
      `<ul class="notes">\n${doc.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("\n")}\n</ul>`,
      `</section>`,
    );
  body.push(
    `<footer>Derived and checked by <code>lagrange</code>${doc.source ? ` from <code>${escapeHtml(doc.source)}</code>` : ""}.</footer>`,
  );
  const head = `<link rel="stylesheet" href="${safeHref(`${assets}/katex.min.css`)}">`;
  return page(doc.title, head, body.join("\n"));
}

/** The index page: every document with its description and links to its other formats. */
export function indexHtml(entries: readonly IndexEntry[]): string {
  const items = entries.map((e) =>
    [
      `<li>`,
      `<a class="title" href="${safeHref(e.href)}">${escapeHtml(e.title)}</a>`,
      e.description ? paragraphs(e.description) : "",
      e.formats.length
        ? `<div class="formats">${e.formats.map((f) => `<a href="${safeHref(f.href)}">${escapeHtml(f.label)}</a>`).join(" ")}</div>`
        : "",
      `</li>`,
    ]
      .filter((l) => l)
      .join("\n"),
  );
  const body = [
    `<header>`,
    `<h1>Derivations</h1>`,
    `<p class="lead">Each derivation as a proof document: every step checked numerically, every result by a second route.</p>`,
    `</header>`,
    `<ul class="documents">\n${items.join("\n")}\n</ul>`,
  ].join("\n");
  return page("Derivations", "", body);
}
