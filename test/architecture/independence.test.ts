/**
 * The numeric checker is independent of the algebra it checks, and mathjs (an evaluator used only
 * by the tests) never enters the engine.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Relative imports of a file, resolved to .ts paths, and its package imports. */
function imports(file: string): { local: string[]; packages: string[] } {
  const text = readFileSync(file, "utf8");
  const local: string[] = [];
  const packages: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)"/gms)) {
    if (m[1].startsWith(".")) local.push(resolve(dirname(file), m[1].replace(/\.js$/, ".ts")));
    else packages.push(m[1]);
  }
  return { local, packages };
}

/** Every file `file` imports, directly or not. */
function closure(file: string): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    imports(f).local.forEach(visit);
  };
  visit(file);
  return seen;
}

describe("independence of the checks", () => {
  it("the numeric checker (check, evaluate, precise, random) never imports the algebra", () => {
    const algebra = join(SRC, "expr", "algebra");
    const reached = closure(join(SRC, "expr", "numeric", "check.ts"));
    const bad = [...reached].filter((f) => f.startsWith(algebra)).map((f) => relative(SRC, f));
    expect(reached.has(join(SRC, "expr", "numeric", "evaluate.ts"))).toBe(true);
    expect(bad).toEqual([]);
  });

  it("mathjs is never imported by the engine (its simplify is unsound: it decides nothing)", () => {
    const users = files(SRC).filter((f) => imports(f).packages.some((p) => p.startsWith("mathjs")));
    expect(users.map((f) => relative(SRC, f))).toEqual([]);
  });
});
