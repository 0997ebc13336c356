/**
 * The building blocks of the HTML documents: escaping text for HTML, and math rendered on the server
 * by KaTeX (no script runs in the page). Every formula goes through KaTeX with `throwOnError` and
 * `strict: "error"`, so a formula KaTeX cannot typeset exactly is an exception naming the formula and
 * where it sits in the document — never a red error box in a published page.
 */
import katex from "katex";

/** `&`, `<`, `>`, `"` and `'` as entities: the text is inert in element content and in attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * A link target made safe for an `href`: a relative path, a fragment, or an http(s)/file URL; any
 * other scheme (`javascript:`, `data:`) becomes `#`. Escaped for an attribute.
 */
export function safeHref(href: string): string {
  const scheme = /^\s*([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(href);
  if (scheme && !["http", "https", "file"].includes(scheme[1].toLowerCase())) return "#";
  return escapeHtml(href);
}

/** A formula KaTeX refused, with where it is in the document and the KaTeX message. */
export class FormulaError extends Error {
  readonly latex: string;
  readonly where: string;
  constructor(where: string, latex: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`KaTeX cannot typeset the formula of ${where}: ${why}\n  formula: ${latex}`);
    this.name = "FormulaError";
    this.latex = latex;
    this.where = where;
  }
}

/**
 * How a formula sits in the page: `inline` in running text; `display`, KaTeX's display mode (one
 * unbreakable centred line); `block`, display style (\displaystyle: full-size fractions, limits)
 * typeset in KaTeX's inline mode, so the browser may break a long formula after a top-level relation
 * or binary operator (+, −, =) instead of running it past the column.
 */
export type MathMode = "inline" | "display" | "block";

/**
 * The formula `latex` (math mode, no delimiters) as KaTeX's HTML (with MathML for screen readers).
 * Throws a FormulaError naming `where` if KaTeX rejects it or only renders it loosely (strict mode:
 * unknown symbols, Unicode text in math mode, a comment running to the end).
 */
export function renderMath(latex: string, where: string, mode: MathMode = "inline"): string {
  try {
    return katex.renderToString(mode === "block" ? `\\displaystyle ${latex}` : latex, {
      throwOnError: true,
      strict: "error",
      displayMode: mode === "display",
    });
  } catch (e) {
    throw new FormulaError(where, latex, e);
  }
}
