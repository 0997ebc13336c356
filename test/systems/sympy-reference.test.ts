/**
 * Cross-check against SymPy: `lagrange derive --lagrangian … --json` on the Lagrangians recorded in
 * `test/fixtures/sympy-euler-lagrange.json` (SymPy 1.11 `euler_equations`; see test/fixtures/README.md). Our accelerations
 * must reproduce SymPy's at the recorded points (relative 1e-9) and our residuals must equal
 * SymPy's up to a nonzero constant factor, checked by evaluation at random points.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { type Env, evaluate, makeRng, randomEnv } from "../../src/expr/numeric/evaluate.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { type Expr, symbols } from "../../src/expr/types.js";

interface ReferencePoint {
  readonly t: number;
  readonly accelerations: Record<string, number>;
  readonly [name: string]: number | Record<string, number>;
}
interface ReferenceCase {
  readonly name: string;
  readonly lagrangian: string;
  readonly coordinates: string[];
  readonly parameters: Record<string, number>;
  readonly sympy_residuals: string[];
  readonly points: ReferencePoint[];
}
interface DerivationDoc {
  readonly equations: { coordinate: string; residual: string }[];
  readonly accelerations: Record<string, string> | null;
}

const referencePath = fileURLToPath(
  new URL("../fixtures/sympy-euler-lagrange.json", import.meta.url),
);
const reference = JSON.parse(readFileSync(referencePath, "utf8")) as { cases: ReferenceCase[] };
const cases = reference.cases;

const RTOL = 1e-9;

/** Run the CLI in-process on one case and parse its JSON output. */
async function deriveJson(c: ReferenceCase): Promise<DerivationDoc> {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: (t: string) => void (stdout += t),
    stderr: (t: string) => void (stderr += t),
  };
  const argv = [
    "derive",
    "--lagrangian",
    c.lagrangian,
    "--coords",
    c.coordinates.join(","),
    "--json",
  ];
  const code = await main(argv, io);
  expect(stderr, `${c.name}: stderr`).toBe("");
  expect(code, `${c.name}: exit code`).toBe(0);
  return JSON.parse(stdout) as DerivationDoc;
}

/** SymPy's jet names in our syntax: `x__d` → `x'`, `x__dd` → `x''`. */
function fromSympy(text: string, coordinates: readonly string[]): string {
  let out = text;
  for (const q of coordinates) {
    out = out.replace(
      new RegExp(`\\b${q}__(d+)\\b`, "g"),
      (_m, ds: string) => q + "'".repeat(ds.length),
    );
  }
  return out;
}

/** The environment of a recorded point: parameters, t, coordinates and velocities. */
function pointEnv(c: ReferenceCase, p: ReferencePoint): Env {
  const env: Record<string, number> = { ...c.parameters, t: p.t };
  for (const q of c.coordinates) {
    env[q] = p[q] as number;
    env[`${q}'`] = p[`${q}'`] as number;
  }
  return env;
}

/** |got − want| ≤ RTOL·|want|: a reference of exactly 0 (a free particle) needs exactly 0. */
const close = (got: number, want: number) => Math.abs(got - want) <= RTOL * Math.abs(want);

/**
 * Every disagreement between `accelerations` (our JSON) and SymPy's recorded accelerations: one
 * message per (point, coordinate) whose relative error exceeds {@link RTOL} or is not finite.
 */
function accelerationMismatches(c: ReferenceCase, accelerations: Record<string, string>): string[] {
  const out: string[] = [];
  for (const q of c.coordinates) {
    const expr = parse(accelerations[q]);
    c.points.forEach((p, i) => {
      const got = evaluate(expr, pointEnv(c, p));
      const want = p.accelerations[q];
      if (!close(got, want)) out.push(`point ${i}, ${q}'': got ${got}, SymPy ${want}`);
    });
  }
  return out;
}

/**
 * Check that `ours / theirs` is one nonzero constant at `n` random points (random t, coordinates,
 * velocities and accelerations; the case's parameters). Points where SymPy's residual is ≈ 0 are
 * skipped. Returns the constant, or a message saying why there is none.
 */
function residualRatio(
  c: ReferenceCase,
  ours: Expr,
  theirs: Expr,
  seed: number,
  n = 8,
): { ratio: number } | { error: string } {
  const rng = makeRng(seed);
  const names = new Set([...symbols(ours), ...symbols(theirs)]);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    const env = randomEnv(names, rng, c.parameters);
    const a = evaluate(ours, env);
    const b = evaluate(theirs, env);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return { error: `not finite at ${i}` };
    if (Math.abs(b) < 1e-12) continue;
    ratios.push(a / b);
  }
  if (ratios.length < n / 2) return { error: `SymPy's residual ≈ 0 at most points` };
  const r0 = ratios[0];
  if (!(Math.abs(r0) > 1e-12)) return { error: `ratio ${r0} is zero` };
  for (const r of ratios) {
    if (!close(r, r0)) return { error: `ratio varies: ${r0} vs ${r}` };
  }
  return { ratio: r0 };
}

describe("SymPy reference data", () => {
  it("is present and covers several systems with points", () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
    for (const c of cases) {
      expect(c.points.length, c.name).toBeGreaterThan(0);
      expect(c.sympy_residuals.length, c.name).toBe(c.coordinates.length);
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    "%s: SymPy's own residuals vanish at its recorded accelerations",
    (_name, c) => {
      const residuals = c.sympy_residuals.map((r) => parse(fromSympy(r, c.coordinates)));
      for (const p of c.points) {
        const env: Record<string, number> = { ...pointEnv(c, p) };
        for (const q of c.coordinates) env[`${q}''`] = p.accelerations[q];
        for (const r of residuals) {
          const scale = Math.max(1, ...Object.values(env).map(Math.abs));
          expect(Math.abs(evaluate(r, env))).toBeLessThan(1e-9 * scale);
        }
      }
    },
  );
});

describe("Euler–Lagrange equations agree with SymPy", () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    "%s: accelerations match SymPy at every recorded point and residuals agree up to a constant",
    async (_name, c) => {
      const doc = await deriveJson(c);
      expect(doc.equations.map((e) => e.coordinate)).toEqual(c.coordinates);

      // (a) accelerations at the recorded points
      expect(doc.accelerations, `${c.name}: accelerations`).not.toBeNull();
      expect(Object.keys(doc.accelerations!).sort()).toEqual([...c.coordinates].sort());
      expect(accelerationMismatches(c, doc.accelerations!)).toEqual([]);

      // (b) residuals equal SymPy's up to a nonzero constant factor, per equation
      c.coordinates.forEach((q, i) => {
        const ours = parse(doc.equations[i].residual);
        const theirs = parse(fromSympy(c.sympy_residuals[i], c.coordinates));
        const result = residualRatio(c, ours, theirs, 1000 + i);
        expect(result, `${c.name}, equation for ${q}`).toHaveProperty("ratio");
      });
    },
  );
});

describe("the comparison helpers can fail", () => {
  const central = cases.find((c) => c.coordinates.length === 2 && c.lagrangian.includes("k/r"))!;

  it("central force, polar: a deliberately wrong acceleration is caught", async () => {
    expect(central).toBeDefined();
    const doc = await deriveJson(central);
    const right = doc.accelerations!;
    expect(accelerationMismatches(central, right)).toEqual([]);
    // A relative error of 1e-6 (far above the tolerance) in one acceleration.
    const wrong = { ...right, r: `(1 + 1/1000000)*(${right.r})` };
    expect(accelerationMismatches(central, wrong)).toHaveLength(central.points.length);
    // Forgetting the centrifugal term r*ph'^2 fails too.
    expect(accelerationMismatches(central, { ...right, r: "-k/(m*r^2)" }).length).toBeGreaterThan(
      0,
    );
  });

  it("central force, polar: a wrong residual has no constant ratio to SymPy's", async () => {
    const doc = await deriveJson(central);
    const ours = parse(doc.equations[0].residual);
    const theirs = parse(fromSympy(central.sympy_residuals[0], central.coordinates));
    expect(residualRatio(central, ours, theirs, 7)).toHaveProperty("ratio");
    // The other equation, a sign error in one term and the zero residual are all rejected.
    const other = parse(doc.equations[1].residual);
    expect(residualRatio(central, other, theirs, 7)).toHaveProperty("error");
    const flipped = parse(fromSympy("k/r^2 + m*ph__d^2*r - m*r__dd", central.coordinates));
    expect(residualRatio(central, flipped, theirs, 7)).toHaveProperty("error");
    expect(residualRatio(central, parse("0"), theirs, 7)).toHaveProperty("error");
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    "%s: residuals are not a trivial constant",
    async (_name, c) => {
      const doc = await deriveJson(c);
      const rng = makeRng(99);
      for (const { residual } of doc.equations) {
        const e = parse(residual);
        const values = Array.from({ length: 6 }, () =>
          evaluate(e, randomEnv(symbols(e), rng, c.parameters)),
        );
        expect(values.every((v) => Number.isFinite(v))).toBe(true);
        expect(new Set(values).size, `${c.name}: ${residual}`).toBeGreaterThan(1);
        expect(values.some((v) => Math.abs(v) > 1e-6)).toBe(true);
      }
    },
  );
});
