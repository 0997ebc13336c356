/**
 * Proof documents of the shipped derivation files, derived once per test file (a document is a
 * pure function of its file): buildDocument on deriveSpec / deriveUpdate, as `lagrange render` does.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadSpec } from "../../src/derivation-files/files.js";
import { buildDocument } from "../../src/emit/document.js";
import type { ProofDocument } from "../../src/emit/types.js";
import { deriveSpec } from "../../src/proof/input.js";
import { deriveUpdate } from "../../src/proof/update.js";

export const DERIVATIONS = join(import.meta.dirname, "../../derivations");

/** The names (without .yaml) of every shipped derivation file. */
export const derivationNames = (): string[] =>
  readdirSync(DERIVATIONS)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.replace(/\.yaml$/, ""))
    .sort();

const cache = new Map<string, ProofDocument>();

/** The document of derivations/NAME.yaml. */
export function documentOf(name: string): ProofDocument {
  let doc = cache.get(name);
  if (!doc) {
    const spec = loadSpec(join(DERIVATIONS, `${name}.yaml`));
    const record = spec.update ? deriveUpdate(spec) : deriveSpec(spec);
    doc = buildDocument(record, { spec });
    cache.set(name, doc);
  }
  return doc;
}

/** Every formula of a document: the Lagrangian, symbols, steps, equations, algorithm lines. */
export function formulasOf(doc: ProofDocument): string[] {
  const out: string[] = [];
  if (doc.lagrangian) out.push(doc.lagrangian.latex);
  out.push(...doc.symbols.map((s) => s.latex));
  for (const s of doc.sections) {
    for (const e of s.equations ?? []) out.push(e.lhs, e.rhs.latex);
    for (const st of s.steps ?? []) out.push(st.label, st.operation, st.result.latex);
    for (const a of s.algorithms ?? [])
      for (const e of [...a.perStep, ...(a.firstStep ?? []), ...a.body])
        out.push(e.lhs, e.rhs.latex);
  }
  return out;
}
