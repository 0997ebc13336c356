/**
 * The layering rule of the codebase: expressions ← variational calculus ← proof records ← emitters
 * and verifiers ← reports ← CLI, each importing only downward, with no import cycles between files.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** Rank of each top-level folder (or file): a module may import only from ranks ≤ its own. */
const RANK: Record<string, number> = {
  "errors.ts": 0,
  expr: 1,
  variational: 2,
  "derivation-files": 2,
  proof: 3,
  emit: 4,
  compile: 4,
  check: 4,
  verify: 4,
  report: 5,
  cli: 6,
  "index.ts": 7,
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)[^;]*?from\s+"(\.[^"]+)"/gms)) {
    out.push(resolve(dirname(file), m[1].replace(/\.js$/, ".ts")));
  }
  return out;
}

const layer = (file: string) => relative(SRC, file).split("/")[0];

describe("architecture", () => {
  const all = files(SRC);
  const graph = new Map(all.map((f) => [f, imports(f)]));

  it("every source folder has a rank", () => {
    for (const f of all) expect(RANK[layer(f)], relative(SRC, f)).toBeDefined();
  });

  it("layers import only downward (same-rank siblings do not import each other)", () => {
    const bad: string[] = [];
    for (const [f, deps] of graph) {
      for (const d of deps) {
        const [a, b] = [layer(f), layer(d)];
        if (RANK[b] > RANK[a] || (RANK[b] === RANK[a] && a !== b)) {
          bad.push(`${relative(SRC, f)} → ${relative(SRC, d)}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("above the expression core, the algebra is imported only through its facade expr/algebra.ts", () => {
    const inside = (f: string, dir: string) => relative(join(SRC, dir), f).split("/")[0] !== "..";
    const bad: string[] = [];
    for (const [f, deps] of graph) {
      if (inside(f, "expr")) continue;
      for (const d of deps)
        if (inside(d, "expr/algebra")) bad.push(`${relative(SRC, f)} → ${relative(SRC, d)}`);
    }
    expect(bad).toEqual([]);
  });

  it("inside the expression core, syntax and numeric never import the algebra", () => {
    const inside = (f: string, dir: string) => relative(join(SRC, dir), f).split("/")[0] !== "..";
    const bad: string[] = [];
    for (const [f, deps] of graph) {
      if (!inside(f, "expr/syntax") && !inside(f, "expr/numeric")) continue;
      for (const d of deps) {
        if (inside(d, "expr/algebra") || d === join(SRC, "expr", "algebra.ts"))
          bad.push(`${relative(SRC, f)} → ${relative(SRC, d)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("has no import cycles", () => {
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "open") {
        cycles.push([...path.slice(path.indexOf(f)), f].map((x) => relative(SRC, x)).join(" → "));
        return;
      }
      state.set(f, "open");
      for (const d of graph.get(f) ?? []) visit(d, [...path, f]);
      state.set(f, "done");
    };
    for (const f of all) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
