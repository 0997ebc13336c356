/**
 * The `symmetries:` section of a derivation file (documented in derivations/README.md):
 *
 *   symmetries:                                   # generators given, each a map
 *     - { name: rotation, t: 0, x: -y, y: x }     # ξ under the time's name, η under a coordinate's
 *     - { name: boost, x: t, B: x }               # B (or gauge): the gauge term
 *   symmetries: auto                              # found automatically, degree 2
 *   symmetries: { auto: true, degree: 3 }         # found automatically, degree 3
 *   symmetries: { auto: true, degree: 2, generators: [ … ] }   # both
 *
 * Keys are checked here (unknown keys are errors with a suggestion); the expressions are kept as
 * text with their offsets in the file, parsed by the caller (a parse error points into the file).
 */
import { isMap, isScalar, isSeq, type Scalar } from "yaml";
import { MAX_SYMMETRY_DEGREE } from "../expr/limits.js";
import type { GeneratorSpec, SymmetriesSpec } from "./types.js";

/** What the section reader needs of the file reader (load.ts). */
export interface SectionReader {
  resolve(node: unknown): unknown;
  isNull(node: unknown): boolean;
  fail(field: string, what: string, node?: unknown): never;
}

export interface SectionContext {
  readonly time: string;
  readonly coordinates: readonly string[];
  /** Fields: the other variables (ξ^x) and the gauge components B_t, B_x, in place of B/gauge. */
  readonly fieldKeys?: readonly string[];
  /** Offset of a string scalar's text in the file, when it maps one-to-one. */
  readonly textStart: (node: Scalar) => number | undefined;
  readonly suggest: (word: string, allowed: readonly string[]) => string | undefined;
}

/** Read the section (see the module comment). */
export function readSymmetries(
  r: SectionReader,
  node: unknown,
  ctx: SectionContext,
): SymmetriesSpec {
  const n = r.resolve(node);
  if (isScalar(n) && n.value === "auto") return { auto: { degree: 2 }, given: [] };
  if (isSeq(n)) return { given: n.items.map((item, i) => generator(r, item, i, ctx)) };
  if (!isMap(n)) {
    r.fail("symmetries", "must be a list of generators, 'auto', or {auto: true, degree: 2}", n);
  }
  const out: { auto?: { degree: number }; given: GeneratorSpec[] } = { given: [] };
  let auto = false;
  let degree = 2;
  for (const pair of n.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "?";
    const v = r.resolve(pair.value);
    if (key === "auto") {
      if (!isScalar(v) || typeof v.value !== "boolean")
        r.fail("symmetries.auto", "must be true or false", v ?? pair.key);
      auto = v.value as boolean;
    } else if (key === "degree") {
      if (
        !isScalar(v) ||
        !Number.isInteger(v.value) ||
        (v.value as number) < 0 ||
        (v.value as number) > MAX_SYMMETRY_DEGREE
      ) {
        r.fail(
          "symmetries.degree",
          `must be an integer from 0 to ${MAX_SYMMETRY_DEGREE}`,
          v ?? pair.key,
        );
      }
      degree = v.value as number;
    } else if (key === "generators") {
      if (!isSeq(v)) r.fail("symmetries.generators", "must be a list of generators", v ?? pair.key);
      out.given = v.items.map((item, i) => generator(r, item, i, ctx));
    } else {
      const allowed = ["auto", "degree", "generators"];
      const guess = ctx.suggest(key, allowed);
      r.fail(
        "symmetries",
        `has unknown key '${key}'${guess ? ` (did you mean '${guess}'?)` : ""}; allowed: ${allowed.join(", ")}`,
        pair.key,
      );
    }
  }
  if (auto) out.auto = { degree };
  return out;
}

/** One generator map: name, the time, coordinates, B or gauge. */
function generator(r: SectionReader, node: unknown, i: number, ctx: SectionContext): GeneratorSpec {
  const field = `symmetries[${i + 1}]`;
  const n = r.resolve(node);
  if (!isMap(n)) r.fail(field, `must be a map such as {name: rotation, ${ctx.time}: 0, …}`, n);
  const gaugeKeys = ctx.fieldKeys ?? (ctx.coordinates.includes("B") ? ["gauge"] : ["B", "gauge"]);
  const allowed = ["name", ctx.time, ...ctx.coordinates, ...gaugeKeys];
  let name = `symmetry ${i + 1}`;
  const components: GeneratorSpec["components"][number][] = [];
  for (const pair of n.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "?";
    const v = r.resolve(pair.value);
    if (!allowed.includes(key)) {
      const guess = ctx.suggest(key, allowed);
      r.fail(
        field,
        `has unknown key '${key}'${guess ? ` (did you mean '${guess}'?)` : ""}; allowed: name, the time ${ctx.time}, the coordinates ${ctx.coordinates.join(", ")}, and ${ctx.fieldKeys ? `the other variables and gauge components ${gaugeKeys.join(", ")}` : `${gaugeKeys.join(" or ")} for the gauge term`}`,
        pair.key,
      );
    }
    if (
      !isScalar(v) ||
      (typeof v.value !== "string" && typeof v.value !== "number") ||
      String(v.value).trim() === ""
    ) {
      r.fail(
        `${field}.${key}`,
        key === "name" ? "must be a name such as rotation" : "must be an expression",
        v ?? pair.key,
      );
    }
    if (key === "name") {
      name = String(v.value).trim();
      continue;
    }
    const text = String(v.value);
    const role =
      key === ctx.time ? "xi" : !ctx.fieldKeys && gaugeKeys.includes(key) ? "gauge" : "eta";
    if (components.some((c) => c.key === key || (role === "gauge" && c.role === "gauge"))) {
      r.fail(field, `gives '${key}' twice`, pair.key);
    }
    const position = typeof v.value === "string" ? ctx.textStart(v as Scalar) : undefined;
    components.push({ key, role, text, ...(position === undefined ? {} : { position }) });
  }
  return { name, components };
}
