/**
 * YAML syntax errors of a derivation file in the user's terms (a duplicate key named, several
 * documents counted), with the line and column and a caret; and where a YAML node is in the text.
 */
import { isScalar, parseAllDocuments, visit } from "yaml";
import type { Document } from "yaml";
import { UserError } from "../errors.js";

/** Offset of a node in the file text, if it has one. */
export function positionOf(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

/** 1-based line and column of an offset. */
function lineCol(source: string, pos: number): string {
  const before = source.slice(0, pos);
  const line = before.split("\n").length;
  return `${line}:${pos - (before.lastIndexOf("\n") + 1) + 1}`;
}

/** Turn the first YAML syntax error of a document into a UserError (code "yaml"). */
export function yamlError(doc: Document, text: string, file: string): UserError | undefined {
  const error = doc.errors[0];
  if (!error) return undefined;
  const start = error.pos[0];
  if (error.code === "MULTIPLE_DOCS") {
    const count = [...parseAllDocuments(text)].length;
    const line = text.slice(0, start).split("\n").length;
    return new UserError(
      "yaml",
      `${file} contains ${count} YAML documents (separated by '---'); a derivation file holds ` +
        `exactly one system (the second document starts at line ${line})`,
      { source: text, position: start },
    );
  }
  let message = error.message;
  if (error.code === "DUPLICATE_KEY") {
    let key = "?";
    visit(doc, {
      Pair(_, pair) {
        if (isScalar(pair.key) && positionOf(pair.key) === start) key = String(pair.key.value);
      },
    });
    message = `duplicate key '${key}' (each key may appear only once)`;
  }
  return new UserError("yaml", `${file}:${lineCol(text, start)}: YAML syntax error: ${message}`, {
    source: text,
    position: start,
  });
}
