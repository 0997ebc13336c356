/** `lagrange derive`, run in-process through `main` with a capturing io. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  evaluate,
  magnitude,
  makeRng,
  randomEnv,
  randomFunctionModel,
} from "../../src/expr/numeric/evaluate.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { type Expr, abstractFunctions, symbols } from "../../src/expr/types.js";
import { run, runJson } from "../support/cli.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const derivations = join(repoRoot, "derivations");
const spec = (name: string) => join(derivations, `${name}.yaml`);

/** Check `a` and `b` agree (relative 1e-9) at random points; parameters drawn at random too. */
function expectEquivalent(a: string, b: string, seed = 1): void {
  const ea = parse(a);
  const eb = parse(b);
  const rng = makeRng(seed);
  for (let i = 0; i < 6; i++) {
    const env = randomEnv(new Set([...symbols(ea), ...symbols(eb)]), rng);
    const va = evaluate(ea, env);
    const vb = evaluate(eb, env);
    expect(Math.abs(va - vb), `${a} vs ${b} at ${JSON.stringify(env)}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(vb)),
    );
  }
}

const tmp = mkdtempSync(join(tmpdir(), "lagrange-derive-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("text output", () => {
  it("harmonic oscillator: names the system and prints its equation of motion", async () => {
    const r = await run("derive", spec("harmonic-oscillator"));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Harmonic oscillator");
    expect(r.stdout).toContain("Euler–Lagrange equations");
    expect(r.stdout).toMatch(/^\s+x:\s+.*x''.* = 0$/m);
    expect(r.stdout).toMatch(/x'' = /);
  });

  it("double pendulum: one equation per angle, and --steps adds the proof steps", async () => {
    const plain = await run("derive", spec("double-pendulum"));
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("Double pendulum");
    expect(plain.stdout).toMatch(/^\s+th1:\s+.* = 0$/m);
    expect(plain.stdout).toMatch(/^\s+th2:\s+.* = 0$/m);
    const steps = await run("derive", spec("double-pendulum"), "--steps");
    expect(steps.code).toBe(0);
    expect(steps.stdout.length).toBeGreaterThan(plain.stdout.length);
  });
});

describe("--json", () => {
  const KEYS = [
    "lagrangian",
    "coordinates",
    "equations",
    "momenta",
    "energy",
    "hamiltonian",
    "accelerations",
    "massMatrix",
    "forcing",
    "steps",
  ];

  it("double pendulum: every documented key, every expression parses back", async () => {
    const doc = await runJson("derive", spec("double-pendulum"));
    for (const k of KEYS) expect(doc, k).toHaveProperty(k);
    expect(doc.name).toBe("Double pendulum");
    expect(doc.coordinates).toEqual(["th1", "th2"]);
    const exprs: string[] = [
      doc.lagrangian,
      doc.energy,
      doc.hamiltonian,
      ...doc.equations.map((e: { residual: string }) => e.residual),
      ...Object.values(doc.momenta as Record<string, string>),
      ...Object.values(doc.accelerations as Record<string, string>),
      ...(doc.massMatrix as Record<string, string>[]).flatMap((row) => Object.values(row)),
      ...(doc.forcing as string[]),
    ];
    expect(doc.equations.map((e: { coordinate: string }) => e.coordinate)).toEqual(["th1", "th2"]);
    expect(Object.keys(doc.accelerations)).toEqual(["th1", "th2"]);
    expect(doc.massMatrix).toHaveLength(2);
    expect(doc.forcing).toHaveLength(2);
    expect(exprs.length).toBe(3 + 2 + 2 + 2 + 4 + 2);
    for (const e of exprs) {
      expect(typeof e).toBe("string");
      expect(() => parse(e), e).not.toThrow();
    }
    expect(Array.isArray(doc.steps) && doc.steps.length > 0).toBe(true);
  });

  it("harmonic oscillator: x'' = -k*x/m and H = p^2/(2m) + k*x^2/2", async () => {
    const doc = await runJson("derive", spec("harmonic-oscillator"));
    expectEquivalent(doc.accelerations.x, "-k*x/m");
    expectEquivalent(doc.equations[0].residual, "-k*x - m*x''");
    expectEquivalent(doc.momenta.x, "m*x'");
    expectEquivalent(doc.hamiltonian, "p_x^2/(2*m) + k*x^2/2");
  });

  it("two files give a JSON array, in order", async () => {
    const r = await run("derive", spec("simple-pendulum"), spec("kepler-polar"), "--json");
    expect(r.code).toBe(0);
    const docs = JSON.parse(r.stdout) as { name: string }[];
    expect(docs.map((d) => d.name)).toEqual([
      "Simple pendulum",
      "Kepler problem in polar coordinates",
    ]);
  });
});

describe("every shipped system", () => {
  it("accelerations solve the Euler–Lagrange equations, and residual = forcing − M·q''", async () => {
    const docs = (await runJson("derive", derivations)) as unknown as Record<string, any>[];
    expect(docs.length).toBeGreaterThan(5);
    const rng = makeRng(2024);
    for (const d of docs.filter((doc) => doc.kind !== "update" && doc.accelerations !== null)) {
      const residuals: Expr[] = d.equations.map((e: { residual: string }) => parse(e.residual));
      const accelerations: Expr[] = d.coordinates.map((q: string) => parse(d.accelerations[q]));
      // Sparse rows {unknown: entry}: an unknown not listed has entry 0.
      const mass = (d.massMatrix as Record<string, string>[]).map((row) =>
        (d.unknowns as string[]).map((a) => parse(row[a] ?? "0")),
      );
      const forcing = (d.forcing as string[]).map((f) => parse(f));
      const fns = new Map<string, number>();
      const names = new Set<string>();
      for (const r of residuals) {
        abstractFunctions(r, fns);
        symbols(r, names);
      }
      const model = randomFunctionModel(rng, fns);
      for (let i = 0; i < 4; i++) {
        // Positive parameters ≥ 1 keep e.g. sqrt(1 − x'^2/c^2) real.
        const params = Object.fromEntries(d.parameters.map((p: string) => [p, 1 + rng.next()]));
        const env: Record<string, number> = randomEnv(names, rng, params);
        // residual = forcing − M·(unknowns) at arbitrary values of the unknowns …
        residuals.forEach((r, a) => {
          let rhs = evaluate(forcing[a], env, model);
          d.unknowns.forEach((u: string, b: number) => {
            rhs -= evaluate(mass[a][b], env, model) * env[u];
          });
          const scale = 1e-9 * Math.max(1, magnitude(r, env, model));
          expect(Math.abs(evaluate(r, env, model) - rhs), d.name).toBeLessThanOrEqual(scale);
        });
        // … and the residuals vanish at the derived accelerations.
        const solved = accelerations.map((acc) => evaluate(acc, env, model));
        d.unknowns.forEach((u: string, b: number) => (env[u] = solved[b]));
        for (const r of residuals) {
          const scale = 1e-9 * Math.max(1, magnitude(r, env, model));
          expect(Math.abs(evaluate(r, env, model)), d.name).toBeLessThanOrEqual(scale);
        }
      }
    }
  });
});

describe("--out", () => {
  it("writes NAME.json and NAME.txt for every derivation file of the directory", async () => {
    const out = join(tmp, "out");
    const r = await run("derive", derivations, "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const names = readdirSync(derivations)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => f.replace(/\.ya?ml$/, ""));
    expect(names.length).toBeGreaterThan(5);
    const expected = names.flatMap((n) => [`${n}.json`, `${n}.txt`]).sort();
    expect(readdirSync(out).sort()).toEqual(expected);
    for (const n of names) {
      const doc = JSON.parse(readFileSync(join(out, `${n}.json`), "utf8")) as { name: string };
      expect(typeof doc.name).toBe("string");
      expect(readFileSync(join(out, `${n}.txt`), "utf8")).toContain(doc.name);
      expect(r.stdout).toContain(`${n}:`);
    }
  });

  it("creates the output directory if needed and writes nothing else to stdout", async () => {
    const out = join(tmp, "nested", "deeper");
    const r = await run("derive", spec("harmonic-oscillator"), "--out", out);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "harmonic-oscillator.json"))).toBe(true);
    expect(existsSync(join(out, "harmonic-oscillator.txt"))).toBe(true);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
  });
});

describe("field theory", () => {
  it("1-D wave equation from --fields u --vars t,x: residual is c^2*u_xx - u_tt", async () => {
    const doc = await runJson(
      "derive",
      "--lagrangian",
      "1/2*u_t^2 - 1/2*c^2*u_x^2",
      "--fields",
      "u",
      "--vars",
      "t,x",
    );
    expect(doc.equations).toHaveLength(1);
    expect(doc.equations[0].coordinate).toBe("u");
    expectEquivalent(doc.equations[0].residual, "c^2*u_xx - u_tt");
    expectEquivalent(doc.accelerations.u, "c^2*u_xx");
  });

  it("wave equation file agrees with the command line", async () => {
    const doc = await runJson("derive", spec("wave-equation-1d"));
    expectEquivalent(doc.equations[0].residual, "c^2*u_xx - u_tt");
  });
});

describe("higher-order Lagrangian", () => {
  it("Pais–Uhlenbeck oscillator: a fourth-order equation and Ostrogradsky momenta", async () => {
    const doc = await runJson(
      "derive",
      "--lagrangian",
      "1/2*x''^2 - 1/2*(w1^2 + w2^2)*x'^2 + 1/2*w1^2*w2^2*x^2",
      "--coords",
      "x",
    );
    expectEquivalent(doc.equations[0].residual, "x'''' + (w1^2 + w2^2)*x'' + w1^2*w2^2*x");
    expectEquivalent(doc.accelerations.x, "-(w1^2 + w2^2)*x'' - w1^2*w2^2*x");
    expect(Object.keys(doc.momenta).sort()).toEqual(["x", "x'"]);
    expectEquivalent(doc.momenta["x'"], "x''");
    expectEquivalent(doc.momenta.x, "-x''' - (w1^2 + w2^2)*x'");
  });
});

describe("singular and abstract systems", () => {
  it("first-order (Dirac) system: singular Hessian in notes, accelerations null", async () => {
    const doc = await runJson("derive", spec("first-order-system"));
    expect(doc.accelerations).toBeNull();
    expect(doc.singular).toBe(true);
    expect((doc.notes as string[]).some((n) => /singular Hessian/i.test(n))).toBe(true);
    // The equations themselves are still there: y' = x and x' = -y.
    expectEquivalent(doc.equations[0].residual, "y' - x");
    expectEquivalent(doc.equations[1].residual, "-x' - y");
  });

  it("first-order (Dirac) system: text output says why there are no accelerations", async () => {
    const r = await run("derive", spec("first-order-system"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/singular/i);
  });

  it("heavy ball on an abstract loss f: the residual contains f'(th)", async () => {
    const doc = await runJson("derive", spec("heavy-ball"));
    expect(doc.equations[0].residual).toContain("f'(th)");
    expect(doc.accelerations.th).toContain("f'(th)");
    expect(() => parse(doc.equations[0].residual)).not.toThrow();
  });
});

describe("--help", () => {
  it("lagrange --help prints usage with an example and exits 0", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: lagrange");
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toMatch(/lagrange derive \S+/);
  });

  it("lagrange derive --help lists the options with examples and exits 0", async () => {
    const r = await run("derive", "--help");
    expect(r.code).toBe(0);
    for (const opt of ["--lagrangian", "--coords", "--fields", "--vars", "--json", "--out"]) {
      expect(r.stdout).toContain(opt);
    }
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("lagrange derive --lagrangian");
  });
});

describe("derive: the branch through rest of a Legendre map that is not one-to-one", () => {
  it("log(1 + x'^2) - x^2: the notes state the branch |x'| < 1, |p_x| < 1 and why", async () => {
    const r = await run("derive", "-L", "log(1 + x'^2) - x^2", "-c", "x");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "H = 1 - log(2*(1 - sqrt(1 - p_x^2))/p_x^2) + x^2 - sqrt(1 - p_x^2)",
    );
    expect(r.stdout).toMatch(
      /Notes\n {2}- Hamiltonian on the branch through rest .*: \|x'\| < 1, \|p_x\| < 1\. ∂²L\/∂x'² = /,
    );
  });

  it("log(1 + x'^2) - x^2 --json: hamiltonianBranch is recorded", async () => {
    const d = await runJson("derive", "-L", "log(1 + x'^2) - x^2", "-c", "x");
    expect(d.hamiltonianBranch).toMatchObject({
      velocity: "x'",
      momentum: "p_x",
      velocityDomain: "|x'| < 1",
      momentumDomain: "|p_x| < 1",
      oneToOne: false,
    });
    expect(d.hamiltonianBranch.reason).toMatch(/changes sign/);
  });

  it("1/2*x'^2*(1+x^2) + a*x'^3: the root through rest, its domain stated as a condition", async () => {
    const d = await runJson("derive", "-L", "1/2*x'^2*(1+x^2) + a*x'^3", "-c", "x");
    expect(d.hamiltonEquations[0].rhs).toBe("1/6*(-1 - x^2 + sqrt(1 + 12*a*p_x + 2*x^2 + x^4))/a");
    expect(d.hamiltonianBranch.velocityDomain).toMatch(/its ends may depend on a, x/);
    expect(d.notes.join("\n")).toMatch(/branch through rest/);
  });

  it("a harmonic oscillator (affine momentum) records no branch", async () => {
    const d = await runJson("derive", "-L", "1/2*m*x'^2 - 1/2*k*x^2", "-c", "x");
    expect(d.hamiltonianBranch).toBeNull();
  });
});
