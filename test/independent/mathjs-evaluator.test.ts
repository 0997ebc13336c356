/**
 * An evaluator independent of ours: every expression of every record that `npm run demo` writes
 * (the JSON of `lagrange derive derivations`) is evaluated by mathjs and by
 * src/expr/numeric/evaluate.ts at random points, and the two must agree. mathjs is a devDependency
 * only: it decides nothing in the engine (its `simplify` is unsound: it turns (x^2)^(1/2) into x).
 *
 * The translation from the input syntax to mathjs's (mathjs reads `x'` as a transpose):
 *   - a primed symbol `x'`, `x''` becomes `x_d`, `x_dd` (one `d` per prime);
 *   - `f'(u)`, `f''(u)` become `f_D1(u)`, `f_D11(u)`, and `D12(V)(x, y)` becomes `V_D12(x, y)`: scope
 *     functions bound to the same random function model (`randomFunctionModel`) as ours, as is a
 *     plain `f(u)`;
 *   - everything else is read as is: `^` is right-associative and binds tighter than unary minus in
 *     both, rationals `p/q` are divisions, and `predictable: true` keeps sqrt and log of negative
 *     numbers real (NaN) instead of complex.
 */
import { all, create } from "mathjs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import {
  type FunctionModel,
  evaluate,
  magnitude,
  makeRng,
  randomEnv,
  randomFunctionModel,
} from "../../src/expr/numeric/evaluate.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { type Expr, abstractFunctions, symbols } from "../../src/expr/types.js";

const math = create(all, { predictable: true });
const derivations = fileURLToPath(new URL("../../derivations", import.meta.url));
const POINTS = 4;

/** The input syntax → mathjs's (see the module comment). */
function toMathjs(src: string): string {
  return src
    .replace(
      /\b([A-Za-z][A-Za-z0-9_]*)\[([A-Za-z][A-Za-z0-9_]*)([+-]\d+)?\]/g,
      (_, x: string, i: string, off?: string) =>
        `${x}__${i}${off ? `${off[0] === "-" ? "m" : "p"}${off.slice(1)}` : ""}`,
    )
    .replace(/\bD(\d+)\(([A-Za-z][A-Za-z0-9_]*)\)\(/g, (_, digits: string, f: string) => {
      return `${f}_D${[...digits].sort().join("")}(`;
    })
    .replace(/\b([A-Za-z][A-Za-z0-9_]*)('+)\(/g, (_, f: string, primes: string) => {
      return `${f}_D${"1".repeat(primes.length)}(`;
    })
    .replace(/\b([A-Za-z][A-Za-z0-9_]*)('+)/g, (_, x: string, primes: string) => {
      return `${x}_${"d".repeat(primes.length)}`;
    });
}

/** The mathjs scope of a point: symbols renamed, abstract functions (and derivatives) bound. */
function scopeOf(e: Expr, env: Record<string, number>, model: FunctionModel): Map<string, unknown> {
  const scope = new Map<string, unknown>();
  for (const s of symbols(e)) scope.set(toMathjs(s), env[s]);
  const bind = (x: Expr): void => {
    if (x.kind === "call" && abstractFunctions(x).has(x.fn)) {
      const d = x.d ?? [];
      const name = d.length ? `${x.fn}_D${d.map((j) => j + 1).join("")}` : x.fn;
      scope.set(name, (...args: number[]) => model.value(x.fn, d, args));
    }
    if (x.kind === "pow") [x.base, x.exp].forEach(bind);
    else if (x.kind !== "num" && x.kind !== "sym") x.args.forEach(bind);
  };
  bind(e);
  return scope;
}

/** Every expression of a JSON record: residuals, momenta, energy, H, Hamilton's equations, … */
function expressionsOf(doc: Record<string, any>): string[] {
  if (doc.kind === "update") return ruleExpressions(doc.rule);
  const out: string[] = [doc.lagrangian, ...(doc.update ? ruleExpressions(doc.update) : [])];
  for (const eq of doc.equations) out.push(eq.residual);
  out.push(...Object.values<string>(doc.momenta), doc.energy);
  const H = doc.hamiltonian;
  if (typeof H === "string") out.push(H);
  else if (H !== null) {
    // Mass-matrix form: {form, value, velocities, massMatrix (sparse rows), b, potential}.
    const rows: Record<string, string>[] = H.massMatrix;
    out.push(H.value, H.potential, ...H.b, ...rows.flatMap((row) => Object.values(row)));
  }
  for (const eq of doc.hamiltonEquations ?? []) out.push(eq.lhs, eq.rhs);
  out.push(...Object.values<string>(doc.accelerations ?? {}));
  const rows: Record<string, string>[] = doc.massMatrix ?? [];
  out.push(...rows.flatMap((row) => Object.values(row)), ...(doc.forcing ?? []));
  stepExpressions(doc.steps, out);
  return out;
}

/** Every step's rhs and every expression its lhs operation names (not the names it refers to). */
function stepExpressions(steps: readonly Record<string, any>[], out: string[]): void {
  const names = new Set(["op", "wrt", "unknown", "unknowns", "momentumSymbols"]);
  const walk = (v: unknown, key = ""): void => {
    if (names.has(key)) return;
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === "object") Object.entries(v).forEach(([k, x]) => walk(x, k));
  };
  for (const step of steps) {
    out.push(step.rhs);
    walk(step.lhs);
  }
}

/** Every expression of an update rule: assignments, scalars and each variant's proof steps. */
function ruleExpressions(rule: Record<string, any>): string[] {
  const out: string[] = [];
  for (const v of rule.variants) {
    for (const a of [...v.scalars, ...(v.first ?? []), ...v.assignments]) out.push(a.value);
    stepExpressions(v.steps, out);
  }
  return out;
}

interface Tally {
  expressions: number;
  points: number;
  agreed: number;
  disagreements: string[];
}

let records: Record<string, any>[] = [];
beforeAll(async () => {
  let stdout = "";
  let stderr = "";
  const code = await main(["derive", derivations, "--json"], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  expect(code, stderr).toBe(0);
  records = JSON.parse(stdout);
}, 120_000);

describe("mathjs re-evaluates every expression of every derivation record", () => {
  it("agrees with src/expr/numeric/evaluate.ts at random points (same points, same function models)", () => {
    const tally: Tally = { expressions: 0, points: 0, agreed: 0, disagreements: [] };
    records.forEach((doc, i) => {
      const exprs = expressionsOf(doc).map((src) => ({ src, e: parse(src) }));
      const arities = new Map<string, number>();
      exprs.forEach(({ e }) => abstractFunctions(e, arities));
      const rng = makeRng(1000 + i);
      const model = randomFunctionModel(rng, arities);
      for (const { src, e } of exprs) {
        tally.expressions++;
        const compiled = math.compile(toMathjs(src));
        let found = 0;
        for (let tries = 0; found < POINTS && tries < 100; tries++) {
          const env = randomEnv(symbols(e), rng);
          const ours = evaluate(e, env, model);
          if (!Number.isFinite(ours)) continue; // out of the expression's domain
          found++;
          tally.points++;
          const theirs = Number(compiled.evaluate(scopeOf(e, env, model)));
          const scale = Math.max(Math.abs(ours), Math.abs(theirs), magnitude(e, env, model));
          if (Math.abs(ours - theirs) <= 1e-9 * scale) tally.agreed++;
          else tally.disagreements.push(`${doc.name}: ${src} at ${JSON.stringify(env)}`);
        }
        expect(found, `${doc.name}: ${src} has no point in its domain`).toBe(POINTS);
      }
    });
    console.log(
      `mathjs agreed with the project's evaluator on ${tally.agreed} of ${tally.points} points ` +
        `(${tally.expressions} expressions of ${records.length} records)`,
    );
    expect(records.length).toBeGreaterThanOrEqual(13);
    expect(tally.disagreements).toEqual([]);
    expect(tally.agreed).toBe(tally.points);
  });

  it("the translation is needed: untranslated, mathjs reads x' as a transpose and gets another number", () => {
    const src = "1/2*m*x'^2 - 1/2*k*x^2";
    const scope = { m: 2, k: 3, x: 0.5, x_d: 0.25 };
    const ours = evaluate(parse(src), { m: 2, k: 3, x: 0.5, "x'": 0.25 });
    expect(math.evaluate(toMathjs(src), scope)).toBeCloseTo(ours, 14);
    // x' is transpose(x) = x for a number: 1/2·2·0.5² − …, not 1/2·2·0.25² − ….
    expect(math.evaluate(src, scope)).not.toBeCloseTo(ours, 6);
    // And across the records: every expression with a prime fails or differs untranslated.
    let primed = 0;
    let wrong = 0;
    const rng = makeRng(5);
    for (const doc of records) {
      for (const s of expressionsOf(doc).filter((x) => x.includes("'"))) {
        const e = parse(s);
        const arities = abstractFunctions(e);
        const model = randomFunctionModel(rng, arities);
        const env = randomEnv(symbols(e), rng);
        const value = evaluate(e, env, model);
        if (!Number.isFinite(value)) continue;
        primed++;
        // The same scope: x' is then transpose(x), or an undefined symbol when x is absent.
        const raw = scopeOf(e, env, model);
        try {
          const v = Number(math.evaluate(s, raw));
          if (!(Math.abs(v - value) <= 1e-9 * Math.max(1, Math.abs(value)))) wrong++;
        } catch {
          wrong++;
        }
      }
    }
    expect(primed).toBeGreaterThan(100);
    expect(wrong / primed).toBeGreaterThan(0.9);
  });

  it("the translation renames primes and derivative notation, and nothing else", () => {
    expect(toMathjs("1/2*m*x'^2 - f''(th) + D12(V)(x, y)*u_tx - th''")).toBe(
      "1/2*m*x_d^2 - f_D11(th) + V_D12(x, y)*u_tx - th_dd",
    );
    expect(toMathjs("D21(V)(x, y)")).toBe("V_D12(x, y)");
  });
});
