/**
 * One error class for everything a user can get wrong (KaTeX's ParseError habit): it carries the
 * offending source text and position so the CLI can underline it. The CLI prints a UserError's
 * message and exits 2; any other exception is an internal bug (exit 1).
 */
export class UserError extends Error {
  readonly code: string;
  readonly source?: string;
  readonly position?: number;

  constructor(code: string, message: string, opts: { source?: string; position?: number } = {}) {
    super(message);
    this.name = "UserError";
    this.code = code;
    this.source = opts.source;
    this.position = opts.position;
  }

  /** The message, and for errors with a position the source line with a caret under it. */
  render(): string {
    if (this.source === undefined || this.position === undefined) return this.message;
    const pos = Math.max(0, Math.min(this.position, this.source.length));
    const lineStart = this.source.lastIndexOf("\n", pos - 1) + 1;
    let lineEnd = this.source.indexOf("\n", pos);
    if (lineEnd < 0) lineEnd = this.source.length;
    const line = this.source.slice(lineStart, lineEnd);
    // Keep tabs under tabs so the caret stays under the right character in a terminal.
    const pad = line.slice(0, pos - lineStart).replace(/[^\t]/g, " ");
    return `${this.message}\n  ${line}\n  ${pad}^`;
  }
}

/**
 * A derivation step whose claim failed its numeric check, or a CAS answer that did not verify.
 * Never swallowed: a derivation that meets one is aborted and reported.
 */
export class CheckError extends Error {
  readonly rule: string;
  constructor(rule: string, message: string) {
    super(message);
    this.name = "CheckError";
    this.rule = rule;
  }
}
