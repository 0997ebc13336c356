import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { isBuiltin } from "../../src/expr/types.js";
import { parseSpec } from "../../src/derivation-files/load.js";
import { listSpecFiles, loadSpec } from "../../src/derivation-files/files.js";
import type { DerivationSpec } from "../../src/derivation-files/types.js";

/** The UserError thrown by `fn` (fails the test if it throws anything else or nothing). */
function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error("expected a UserError");
}

const OK = `name: Test
description: A test system.
coordinates: [x]
parameters:
  m: { description: mass, value: 2 }
lagrangian: 1/2*m*x'^2
`;

/**
 * A light check of a shipped Lagrangian without the real parser: every name is declared (or is a
 * function applied to arguments), jets refer to coordinates/fields, multiplication is explicit and
 * parentheses balance.
 */
function checkLagrangianText(spec: DerivationSpec): void {
  const params = new Set(spec.parameters.map((p) => p.name));
  const vars = spec.variables ?? [spec.time];
  const tokens = spec.lagrangian.match(/[A-Za-z][A-Za-z0-9_]*'*|\d+(\.\d+)?|[-+*/^(),]|\S/g)!;
  let depth = 0;
  tokens.forEach((tok, i) => {
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    const isOperand = (t: string | undefined) => t !== undefined && /^[A-Za-z0-9.')]/.test(t);
    if (isOperand(prev) && /^[A-Za-z0-9.(]/.test(tok) && !(tok === "(" && /^[A-Za-z]/.test(prev!)))
      throw new Error(`${spec.file}: implicit multiplication before '${tok}'`);
    if (tok === "(") depth++;
    if (tok === ")") depth--;
    expect(depth).toBeGreaterThanOrEqual(0);
    if (!/^[A-Za-z]/.test(tok)) {
      expect(tok, `${spec.file}: unexpected '${tok}'`).toMatch(/^(\d|[-+*/^(),])/);
      return;
    }
    if (next === "(") {
      expect(params.has(tok) || spec.coordinates.includes(tok), `${spec.file}: ${tok}(`).toBe(
        false,
      );
      return;
    }
    expect(isBuiltin(tok), `${spec.file}: ${tok} without arguments`).toBe(false);
    const base = tok.replace(/'+$/, "");
    if (base !== tok) {
      expect(spec.coordinates, `${spec.file}: ${tok}`).toContain(base);
    } else if (spec.variables && tok.includes("_")) {
      const [field, letters] = tok.split("_");
      expect(spec.coordinates, `${spec.file}: ${tok}`).toContain(field);
      for (const c of letters) expect(vars, `${spec.file}: ${tok}`).toContain(c);
    } else {
      const known = spec.coordinates.includes(tok) || params.has(tok) || vars.includes(tok);
      expect(known, `${spec.file}: undeclared name '${tok}'`).toBe(true);
    }
  });
  expect(depth).toBe(0);
}

describe("shipped derivations", () => {
  const files = listSpecFiles("derivations");

  it("are all found", () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
    for (const f of files) expect(f).toMatch(/^derivations\/[a-z0-9]+(-[a-z0-9]+)*\.yaml$/);
  });

  it.each(files)("%s loads and is well formed", (file) => {
    const spec = loadSpec(file);
    expect(spec.file).toBe(file);
    expect(spec.name.length).toBeGreaterThan(0);
    expect(spec.description.length).toBeGreaterThan(20);
    if (spec.update) {
      // An optimizer file: its Lagrangians live in the update: section (tested in test/compile).
      expect(spec.update.variants.length).toBeGreaterThan(0);
      expect(spec.coordinates).toEqual([]);
      return;
    }
    expect(spec.coordinates.length).toBeGreaterThan(0);
    for (const p of spec.parameters) {
      expect(p.description.length).toBeGreaterThan(0);
      expect(typeof p.value).toBe("number");
    }
    // One-line Lagrangians: the recorded position locates the text in the file.
    expect(spec.lagrangianPosition).toBeDefined();
    const at = spec.lagrangianPosition!;
    expect(spec.source!.slice(at, at + spec.lagrangian.length)).toBe(spec.lagrangian);
    checkLagrangianText(spec);
  });

  it("include a field theory, a higher-order and a singular system", () => {
    const wave = loadSpec("derivations/wave-equation-1d.yaml");
    expect(wave).toMatchObject({ coordinates: ["u"], variables: ["t", "x"], time: "t" });
    expect(loadSpec("derivations/pais-uhlenbeck.yaml").lagrangian).toContain("x''");
    const dirac = loadSpec("derivations/first-order-system.yaml");
    expect(dirac.parameters).toEqual([]);
    expect(dirac.lagrangian).not.toMatch(/'\^|''/);
    expect(loadSpec("derivations/heavy-ball.yaml").description).toMatch(/SGD/);
  });
});

describe("parseSpec", () => {
  it("reads a valid file with defaults", () => {
    const spec = parseSpec(OK, "ok.yaml");
    expect(spec).toMatchObject({
      file: "ok.yaml",
      name: "Test",
      description: "A test system.",
      time: "t",
      coordinates: ["x"],
      parameters: [{ name: "m", description: "mass", value: 2 }],
      lagrangian: "1/2*m*x'^2",
      source: OK,
    });
    expect(spec.variables).toBeUndefined();
    expect(OK.slice(spec.lagrangianPosition!)).toMatch(/^1\/2\*m/);
  });

  it("accepts the shorthand parameter form and an empty parameters key", () => {
    const spec = parseSpec(OK.replace("{ description: mass, value: 2 }", '"mass of the body"'));
    expect(spec.parameters).toEqual([{ name: "m", description: "mass of the body" }]);
    expect(parseSpec(OK.replace(/parameters:\n.*\n/, "parameters:\n")).parameters).toEqual([]);
  });

  it("keeps the future sections as raw data", () => {
    const spec = parseSpec(OK + "claims:\n  - conserved: energy\ncompile: { target: js }\n");
    expect(spec.claims).toEqual([{ conserved: "energy" }]);
    expect(spec.compile).toEqual({ target: "js" });
    const e = userError(() => parseSpec(OK + "symmetries: 3\n", "s.yaml"));
    expect(e.message).toBe(
      "s.yaml: field 'symmetries' must be a list of generators, 'auto', or {auto: true, degree: 2}",
    );
  });

  it("records lagrangianPosition for quoted and one-line block scalars only", () => {
    const quoted = OK.replace("lagrangian: 1/2*m*x'^2", `lagrangian: "m*x'^2"`);
    const q = parseSpec(quoted);
    expect(quoted.slice(q.lagrangianPosition!, q.lagrangianPosition! + 6)).toBe("m*x'^2");
    const block = OK.replace("lagrangian: 1/2*m*x'^2", "lagrangian: |\n  m*x'^2");
    const b = parseSpec(block);
    expect(b.lagrangian.trim()).toBe("m*x'^2");
    expect(block.slice(b.lagrangianPosition!)).toMatch(/^m\*x'\^2/);
    const folded = OK.replace("lagrangian: 1/2*m*x'^2", "lagrangian: >-\n  m*x'^2\n  + x^2");
    const f = parseSpec(folded);
    expect(f.lagrangian).toBe("m*x'^2 + x^2");
    expect(f.lagrangianPosition).toBeUndefined();
  });

  it("reads fields and variables", () => {
    const text = OK.replace("coordinates: [x]", "fields: [u]\nvariables: [t, x]").replace(
      "x'^2",
      "u_t^2",
    );
    const spec = parseSpec(text);
    expect(spec).toMatchObject({ coordinates: ["u"], variables: ["t", "x"], time: "t" });
  });

  const cases: [string, string, RegExp][] = [
    ["missing name", OK.replace("name: Test\n", ""), /^f\.yaml: field 'name' is required/],
    ["missing lagrangian", OK.replace(/lagrangian:.*\n/, ""), /field 'lagrangian' is required/],
    ["missing description", OK.replace(/description: A.*\n/, ""), /field 'description'/],
    [
      "coordinates not a list",
      OK.replace("[x]", "x"),
      /^f\.yaml: field 'coordinates' must be a non-empty list of names$/,
    ],
    ["empty coordinates", OK.replace("[x]", "[]"), /field 'coordinates' must be a non-empty list/],
    ["no coordinates", OK.replace("coordinates: [x]\n", ""), /field 'coordinates' is required/],
    [
      "duplicate coordinate",
      OK.replace("[x]", "[x, y, x]"),
      /field 'coordinates': coordinate 'x' is listed twice$/,
    ],
    [
      "bad name",
      OK.replace("[x]", "[x, 2y]"),
      /field 'coordinates': '2y' is not a valid name \(a letter followed/,
    ],
    [
      "builtin name",
      OK.replace("[x]", "[sin]"),
      /field 'coordinates': 'sin' is a built-in function, not a coordinate$/,
    ],
    [
      "time as coordinate",
      OK.replace("[x]", "[x, t]"),
      /field 'coordinates': 't' cannot be both the time and a coordinate$/,
    ],
    [
      "parameter = coordinate",
      OK.replace("  m:", "  x:"),
      /field 'parameters': 'x' cannot be both a coordinate and a parameter$/,
    ],
    ["parameter value", OK.replace("value: 2", "value: two"), /field 'parameters\.m\.value'/],
    ["parameter key", OK.replace("value: 2", "valu: 2"), /field 'parameters\.m' has unknown key/],
    ["parameters list", OK.replace(/parameters:\n.*\n/, "parameters: [m]\n"), /'parameters'/],
    ["lagrangian number", OK.replace(/lagrangian:.*/, "lagrangian: 3"), /field 'lagrangian' must/],
    [
      "fields without variables",
      OK.replace("coordinates: [x]", "fields: [u]"),
      /field 'variables' is required when 'fields' is given/,
    ],
    [
      "variables without fields",
      OK.replace("coordinates: [x]", "variables: [t, x]"),
      /field 'fields' is required/,
    ],
    [
      "fields with coordinates",
      OK.replace("coordinates: [x]", "coordinates: [x]\nfields: [u]\nvariables: [t, x]"),
      /field 'fields' cannot be combined with 'coordinates'/,
    ],
    [
      "multi-letter variable",
      OK.replace("coordinates: [x]", "fields: [u]\nvariables: [t, xi]"),
      /field 'variables': independent variable 'xi' must be a single letter/,
    ],
    ["not a mapping", "- x\n- y\n", /^f\.yaml: expected a mapping/],
  ];
  it.each(cases)("rejects %s", (_, text, message) => {
    const e = userError(() => parseSpec(text, "f.yaml"));
    expect(e.code).toBe("spec");
    expect(e.message).toMatch(message);
  });

  it("points the caret at the bad node", () => {
    const text = OK.replace("[x]", "[x, y, x]");
    const e = userError(() => parseSpec(text, "f.yaml"));
    expect(e.position).toBe(text.indexOf("x]"));
    expect(e.render()).toBe(
      "f.yaml: field 'coordinates': coordinate 'x' is listed twice\n  coordinates: [x, y, x]\n" +
        " ".repeat(22) +
        "^",
    );
    const e2 = userError(() => parseSpec(OK.replace("[x]", "x"), "f.yaml"));
    expect(e2.render().split("\n").slice(1)).toEqual(["  coordinates: x", "               ^"]);
  });

  it("rejects an unknown key, suggesting the nearest and listing the allowed ones", () => {
    const text = OK.replace("coordinates:", "coordinate:");
    const e = userError(() => parseSpec(text, "f.yaml"));
    expect(e.code).toBe("spec");
    expect(e.message).toMatch(
      /^f\.yaml: unknown field 'coordinate' \(did you mean 'coordinates'\?\)/,
    );
    expect(e.message).toMatch(/allowed fields: name, description, time, coordinates, fields/);
    expect(e.position).toBe(text.indexOf("coordinate:"));
    const far = userError(() => parseSpec(OK + "zzzzzz: 1\n"));
    expect(far.message).not.toMatch(/did you mean/);
  });

  it("reports YAML syntax errors with a position", () => {
    const text = OK.replace("coordinates: [x]", "coordinates: [x\nfoo: bar");
    const e = userError(() => parseSpec(text, "f.yaml"));
    expect(e.code).toBe("yaml");
    expect(e.message).toMatch(/^f\.yaml:\d+:\d+: YAML syntax error: /);
    expect(e.position).toBeGreaterThan(0);
    expect(e.render()).toMatch(/\n {2}.*\n {2} *\^$/);
  });

  it("rejects duplicate keys", () => {
    const e = userError(() => parseSpec(OK + "name: Again\n", "f.yaml"));
    expect(e.code).toBe("yaml");
    expect(e.message).toMatch(/f\.yaml:7:1: YAML syntax error: duplicate key 'name'/);
    expect(e.position).toBe(OK.length);
  });

  it("a file with two YAML documents says so in the user's terms, with a caret at the '---'", () => {
    const e = userError(() => parseSpec(OK + "---\n" + OK, "two.yaml"));
    expect(e.code).toBe("yaml");
    expect(e.message).toBe(
      "two.yaml contains 2 YAML documents (separated by '---'); a derivation file holds exactly " +
        "one system (the second document starts at line 7)",
    );
    expect(e.message).not.toMatch(/parseAllDocuments/);
    expect(e.render().split("\n").slice(1)).toEqual(["  ---", "  ^"]);
    // A leading '---' before the only document is fine.
    expect(parseSpec("---\n" + OK, "one.yaml").name).toBeDefined();
  });
});

describe("loadSpec and listSpecFiles", () => {
  const dir = mkdtempSync(join(tmpdir(), "lagrange-spec-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reports a missing file by path", () => {
    const path = join(dir, "nope.yaml");
    const e = userError(() => loadSpec(path));
    expect(e.code).toBe("file");
    expect(e.message).toBe(`cannot read derivation file '${path}': no such file`);
  });

  it("lists a single file, or a directory's YAML files recursively and sorted", () => {
    mkdirSync(join(dir, "tree", "sub"), { recursive: true });
    mkdirSync(join(dir, "tree", ".hidden"));
    for (const f of ["b.yaml", "a.yml", "notes.txt", "sub/c.yaml", ".hidden/d.yaml"]) {
      writeFileSync(join(dir, "tree", f), OK);
    }
    const tree = join(dir, "tree");
    expect(listSpecFiles(tree)).toEqual(
      ["a.yml", "b.yaml", "sub/c.yaml"].map((f) => join(tree, f)),
    );
    expect(listSpecFiles(join(tree, "notes.txt"))).toEqual([join(tree, "notes.txt")]);
    expect(loadSpec(join(tree, "sub", "c.yaml")).name).toBe("Test");
  });

  it("rejects a directory without YAML files and a missing path", () => {
    mkdirSync(join(dir, "empty"));
    expect(userError(() => listSpecFiles(join(dir, "empty"))).message).toMatch(/no derivation/);
    const e = userError(() => listSpecFiles(join(dir, "missing")));
    expect(e.code).toBe("file");
    expect(e.message).toContain(join(dir, "missing"));
  });
});
