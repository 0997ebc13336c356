/**
 * Reading derivation files: YAML text → a validated {@link DerivationSpec}.
 *
 * Every problem is a {@link UserError} whose message starts with the file name and names the field;
 * where the YAML library knows where the offending node is, the error carries the file text and that
 * offset so `render()` can draw a caret under it. YAML syntax errors (including duplicate keys) have
 * code `"yaml"`, validation errors `"spec"`, unreadable files `"file"`. The file format is documented
 * in `derivations/README.md`.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Document, Scalar } from "yaml";
import { UserError } from "../errors.js";
import {
  declarationProblem,
  declaredTwice,
  editDistance,
  nameProblem,
  type Role,
} from "../expr/syntax/names.js";
import { readPlot } from "./plot.js";
import { readSymmetries } from "./symmetries.js";
import { positionOf, yamlError } from "./yaml-errors.js";
import { readDiscretisation, readUpdate } from "./update.js";
import type { DerivationSpec, ParameterSpec } from "./types.js";

/** The top-level keys a derivation file may use, in documentation order. */
export const SPEC_KEYS: readonly string[] = (
  "name description time coordinates fields variables parameters assume lagrangian " +
  "symmetries claims discretisation update compile plot"
).split(" ");

/** Sections kept as raw data for later stages; only checked to be a mapping or a list. */
const RAW_SECTIONS = ["claims", "compile"] as const;

/** Any YAML node as the library hands it out (a node, a pair's missing value, an alias). */
type AnyNode = unknown;

/** The closest allowed word, if one is close enough to be a likely typo. */
function suggest(word: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(word.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * Offset in `source` of the first character of a string scalar's value, when the value's text
 * appears there verbatim (see `DerivationSpec.lagrangianPosition`); otherwise undefined.
 */
function textStart(node: Scalar, source: string): number | undefined {
  const start = positionOf(node);
  if (start === undefined || typeof node.value !== "string") return undefined;
  let at: number;
  switch (node.type) {
    case "PLAIN":
      at = start;
      break;
    case "QUOTE_DOUBLE":
    case "QUOTE_SINGLE":
      at = start + 1;
      break;
    case "BLOCK_LITERAL":
    case "BLOCK_FOLDED": {
      const eol = source.indexOf("\n", start);
      if (eol < 0) return undefined;
      at = eol + 1;
      while (at < source.length && " \t\r\n".includes(source[at])) at++;
      break;
    }
    default:
      return undefined;
  }
  return source.startsWith(node.value.trimEnd(), at) ? at : undefined;
}

/** Validation state for one file: where errors point and how nodes are resolved. */
class Reader {
  constructor(
    readonly file: string,
    readonly source: string,
    readonly doc: Document,
  ) {}

  /** Throw a "spec" error about `field` (`what` it does wrong), with a caret at `node`. */
  fail(field: string, what: string, node?: AnyNode): never {
    this.throwAt(`field '${field}' ${what}`, node);
  }

  /** Throw a "spec" error about `field` with a whole message, with a caret at `node`. */
  failWith(field: string, message: string, node?: AnyNode): never {
    this.throwAt(`field '${field}': ${message}`, node);
  }

  private throwAt(text: string, node: AnyNode): never {
    throw new UserError("spec", `${this.file}: ${text}`, {
      source: this.source,
      position: positionOf(node),
    });
  }

  /** Follow an alias (`*name`) to its anchored node. */
  resolve(node: AnyNode): AnyNode {
    return isAlias(node) ? (node.resolve(this.doc) ?? node) : node;
  }

  /** True for an absent value (`key:` with nothing after it, or `~`/`null`). */
  isNull(node: AnyNode): boolean {
    return node == null || (isScalar(node) && node.value === null);
  }

  /** A required non-empty string. */
  string(field: string, node: AnyNode, what = "a non-empty string"): string {
    const n = this.resolve(node);
    if (!isScalar(n) || typeof n.value !== "string" || n.value.trim() === "") {
      this.fail(field, `must be ${what}`, n);
    }
    return n.value;
  }

  /** A name as a `role` (identifier syntax, not a built-in function: see `nameProblem`). */
  name(field: string, node: AnyNode, role?: Role): string {
    const n = this.resolve(node);
    if (!isScalar(n) || typeof n.value !== "string") {
      this.fail(field, `must be a name (a letter followed by letters, digits or _)`, n);
    }
    const problem = nameProblem(n.value, role);
    if (problem) this.failWith(field, problem, n);
    return n.value;
  }

  /** A non-empty list of strings, with the node of each (the names are checked by the caller). */
  strings(field: string, node: AnyNode): { names: string[]; nodes: AnyNode[] } {
    const n = this.resolve(node);
    if (!isSeq(n) || n.items.length === 0) this.fail(field, "must be a non-empty list of names", n);
    const nodes = n.items.map((item) => this.resolve(item));
    for (const item of nodes) {
      if (!isScalar(item) || typeof item.value !== "string") {
        this.fail(
          field,
          `must be a list of names (a letter followed by letters, digits or _)`,
          item,
        );
      }
    }
    return { names: nodes.map((item) => (item as Scalar).value as string), nodes };
  }

  /** The `parameters` mapping (absent or empty → none); `taken` maps names already used to roles. */
  parameters(node: AnyNode, taken: ReadonlyMap<string, Role>): ParameterSpec[] {
    const n = this.resolve(node);
    if (this.isNull(n)) return [];
    if (!isMap(n)) {
      this.fail("parameters", "must be a mapping of name: {description, value}", n);
    }
    const out: ParameterSpec[] = [];
    for (const pair of n.items) {
      const name = this.name("parameters", pair.key, "parameter");
      const field = `parameters.${name}`;
      const role = taken.get(name);
      if (role) this.failWith("parameters", declaredTwice(name, role, "parameter"), pair.key);
      const v = this.resolve(pair.value);
      if (isScalar(v) && typeof v.value === "string") {
        out.push({ name, description: this.string(field, v, "a description") });
        continue;
      }
      if (!isMap(v)) {
        this.fail(
          field,
          'must be a description string or a mapping {description: "…", value: 1.0}',
          v ?? pair.key,
        );
      }
      const param: ParameterSpec = { name, description: "" };
      let hasDescription = false;
      for (const entry of v.items) {
        const key = isScalar(entry.key) ? String(entry.key.value) : "?";
        if (key === "description") {
          param.description = this.string(`${field}.description`, entry.value);
          hasDescription = true;
        } else if (key === "value") {
          const value = this.resolve(entry.value);
          if (!isScalar(value) || typeof value.value !== "number" || !isFinite(value.value)) {
            this.fail(`${field}.value`, "must be a finite number", value ?? entry.key);
          }
          param.value = value.value;
        } else {
          this.fail(field, `has unknown key '${key}' (allowed: description, value)`, entry.key);
        }
      }
      if (!hasDescription) this.fail(`${field}.description`, "is required", v);
      out.push(param);
    }
    return out;
  }

  /** A raw section for later stages: a mapping or a list, returned as plain data. */
  raw(field: string, node: AnyNode): unknown {
    const n = this.resolve(node);
    if (this.isNull(n)) return undefined;
    if (!isMap(n) && !isSeq(n)) this.fail(field, "must be a mapping or a list", n);
    return n.toJS(this.doc);
  }
}

/** `assume: {positive: [m, c]}`: names checked as names here, against the Lagrangian later. */
function readAssume(r: Reader, node: AnyNode): { positive: string[] } {
  const n = r.resolve(node);
  if (!isMap(n)) r.fail("assume", "must be a mapping such as {positive: [m, c]}", n);
  const positive: string[] = [];
  for (const pair of n.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "?";
    if (key !== "positive") {
      const hint = suggest(key, ["positive"]) ? " (did you mean 'positive'?)" : "";
      r.fail("assume", `has unknown key '${key}'${hint}; allowed: positive`, pair.key);
    }
    const list = r.resolve(pair.value);
    if (!isSeq(list) || list.items.length === 0)
      r.fail("assume.positive", "must be a non-empty list of names, e.g. [m, c]", list ?? pair.key);
    for (const item of list.items) {
      const name = r.name("assume.positive", item);
      if (positive.includes(name)) r.fail("assume.positive", `lists '${name}' twice`, item);
      positive.push(name);
    }
  }
  return { positive };
}

/**
 * Parse and validate the text of a derivation file. `file` labels error messages and is recorded as
 * `spec.file`. Throws a UserError (code "yaml" or "spec") on any problem.
 */
export function parseSpec(text: string, file = "<input>"): DerivationSpec {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const syntax = yamlError(doc, text, file);
  if (syntax) throw syntax;
  const r = new Reader(file, text, doc);

  const root = r.resolve(doc.contents);
  if (!isMap(root)) {
    const position = positionOf(root);
    throw new UserError("spec", `${file}: expected a mapping (name: …, lagrangian: …)`, {
      source: text,
      position,
    });
  }
  const fields = new Map<string, { key: AnyNode; value: AnyNode }>();
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "?";
    if (!SPEC_KEYS.includes(key)) {
      const guess = suggest(key, SPEC_KEYS);
      throw new UserError(
        "spec",
        `${file}: unknown field '${key}'${guess ? ` (did you mean '${guess}'?)` : ""}; ` +
          `allowed fields: ${SPEC_KEYS.join(", ")}`,
        { source: text, position: positionOf(pair.key) },
      );
    }
    // An optional key with nothing after it (`parameters:`) counts as absent.
    const optional = [
      "time",
      "parameters",
      "assume",
      "symmetries",
      "discretisation",
      "plot",
      ...RAW_SECTIONS,
    ].includes(key);
    if (!optional || !r.isNull(r.resolve(pair.value))) {
      fields.set(key, { key: pair.key, value: pair.value });
    }
  }
  const value = (key: string): AnyNode => fields.get(key)?.value;
  const required = (key: string, what: string): AnyNode => {
    const entry = fields.get(key);
    if (!entry) throw new UserError("spec", `${file}: field '${key}' is required (${what})`);
    return entry.value;
  };

  const name = r.string("name", required("name", 'a human name such as "Double pendulum"')).trim();
  const description = r
    .string("description", required("description", "one to three sentences about the system"))
    .trim();

  const sections = { textStart: (node: Scalar) => textStart(node, text), suggest };
  if (fields.has("update")) {
    // An update-rule file: its Lagrangians (if any) live inside the section.
    for (const k of ["coordinates", "fields", "variables", "lagrangian", "symmetries"])
      if (fields.has(k))
        r.fail(k, "does not belong in an update file (see 'update:')", fields.get(k)?.key);
    const update = readUpdate(r, value("update"), sections);
    return {
      file,
      name,
      description,
      time: "t",
      coordinates: [],
      parameters: [],
      lagrangian: "",
      update,
      source: text,
    };
  }
  // Coordinates (mechanics) or fields + variables (field theory).
  const field = fields.has("fields") || fields.has("variables");
  if (field) {
    const has = (k: string) => fields.has(k);
    const keyOf = (k: string) => fields.get(k)?.key;
    if (has("coordinates")) {
      const which = has("fields") ? "fields" : "variables";
      r.fail(which, "cannot be combined with 'coordinates' (use one or the other)", keyOf(which));
    }
    if (!has("variables")) {
      const what = "is required when 'fields' is given (the independent variables, e.g. [t, x])";
      r.fail("variables", what, keyOf("fields"));
    }
    if (!has("fields")) {
      const what = "is required when 'variables' is given (the field names, e.g. [u])";
      r.fail("fields", what, keyOf("variables"));
    }
  }
  // The names, checked as makeSystem checks them (one wording: declarationProblem).
  const time = fields.has("time") ? r.name("time", value("time"), "time") : "t";
  const coordinateList = field
    ? r.strings("fields", value("fields"))
    : r.strings(
        "coordinates",
        required("coordinates", "a list of generalized coordinates, or 'fields' with 'variables'"),
      );
  const variableList = field
    ? r.strings("variables", value("variables"))
    : { names: [time], nodes: [value("time")] };
  const coordinates = coordinateList.names;
  const variables = variableList.names;
  const problem = declarationProblem({ coordinates, variables, field });
  if (problem) {
    const [key, list] =
      problem.list === "variables"
        ? [field ? "variables" : "time", variableList]
        : [field ? "fields" : "coordinates", coordinateList];
    r.failWith(key, problem.message, list.nodes[problem.index]);
  }
  if (field && fields.has("time") && time !== variables[0]) {
    const what = `is '${time}', but for fields the time is the first variable ('${variables[0]}')`;
    r.fail("time", what, value("time"));
  }
  const taken = new Map<string, Role>([
    ...variables.map((v): [string, Role] => [v, field ? "independent variable" : "time"]),
    ...coordinates.map((c): [string, Role] => [c, field ? "field" : "coordinate"]),
  ]);
  const parameters = r.parameters(value("parameters"), taken);

  const lagrangianNode = r.resolve(required("lagrangian", "the Lagrangian in the input syntax"));
  const lagrangian = r.string("lagrangian", lagrangianNode, "a non-empty string (the Lagrangian)");

  const spec: DerivationSpec = {
    file,
    name,
    description,
    time: variables[0],
    coordinates,
    parameters,
    lagrangian,
  };
  if (field) spec.variables = variables;
  const position = isScalar(lagrangianNode) ? textStart(lagrangianNode, text) : undefined;
  if (position !== undefined) spec.lagrangianPosition = position;
  spec.source = text;
  if (fields.has("assume")) spec.assume = readAssume(r, value("assume"));
  if (fields.has("symmetries")) {
    spec.symmetries = readSymmetries(r, value("symmetries"), {
      time: variables[0],
      coordinates,
      ...(field ? { fieldKeys: [...variables.slice(1), ...variables.map((v) => `B_${v}`)] } : {}),
      textStart: (node) => textStart(node, text),
      suggest,
    });
  }
  if (fields.has("discretisation"))
    spec.discretisation = readDiscretisation(r, value("discretisation"), sections);
  if (fields.has("plot")) spec.plot = readPlot(r, value("plot"), field ? null : coordinates);
  for (const section of RAW_SECTIONS) {
    const data = r.raw(section, value(section));
    if (data !== undefined) spec[section] = data;
  }
  return spec;
}
