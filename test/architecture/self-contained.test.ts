/**
 * A clone of the repository passes its tests on its own: no source file, test, benchmark, script
 * or CI step reads from outside the checkout (the project's shared reference folder lives beside
 * it on the developers' machines only; what the tests need is copied into test/fixtures/).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const scanned = [
  ...["src", "test", "bench", ".ci"].flatMap((d) => files(join(ROOT, d))),
  join(ROOT, "package.json"),
].filter(
  (f) => !f.includes(`${join("test", "fixtures")}`) && !f.endsWith("self-contained.test.ts"),
);

/** The name of the reference folder beside the checkout on the developers' machines. */
const SIBLING = "shared";

/** Paths that leave the checkout: the sibling folder (as a path or as path parts), or /work/. */
const OUTSIDE = [
  new RegExp(String.raw`\.\./${SIBLING}\b`),
  new RegExp(String.raw`["'\`]\.\.["'\`]\s*,\s*["'\`]${SIBLING}["'\`]`),
  /\/work\//,
];

describe("repository is self-contained", () => {
  it("no file reads the sibling shared folder or an absolute machine path", () => {
    const offenders: string[] = [];
    for (const f of scanned) {
      const text = readFileSync(f, "utf8");
      for (const re of OUTSIDE) {
        if (re.test(text)) offenders.push(`${relative(ROOT, f)}: ${re}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the pattern catches the old path (negative control)", () => {
    // Built from parts, so that this file holds no such path itself.
    const sibling = ["..", SIBLING];
    const old = `resolve(repoRoot, ${sibling.map((s) => `"${s}"`).join(", ")}, "reference", "x.json")`;
    expect(OUTSIDE.some((re) => re.test(old))).toBe(true);
    expect(OUTSIDE.some((re) => re.test(`${sibling.join("/")}/reference/x.json`))).toBe(true);
  });

  it("the SymPy reference data is in test/fixtures with a README saying where it came from", () => {
    const readme = readFileSync(join(ROOT, "test", "fixtures", "README.md"), "utf8");
    expect(readme).toContain("sympy-euler-lagrange.json");
    expect(() =>
      readFileSync(join(ROOT, "test", "fixtures", "sympy-euler-lagrange.json")),
    ).not.toThrow();
  });
});
