/**
 * `lagrange compile` from the command line: optimizers and integrators compiled from derivation
 * files into standalone modules that run, and bad input refused with exit 2, a clear message and
 * no file written.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../support/cli.js";

const scratch = () => mkdtempSync(join(tmpdir(), "lagrange-cli-compile-"));
const load = async (file: string) =>
  (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, any>;

/** A derivation file written to a scratch folder. */
function file(text: string, name = "spec.yaml"): string {
  const path = join(scratch(), name);
  writeFileSync(path, text);
  return path;
}

describe("lagrange compile: optimizers", () => {
  it("adam.yaml → a standalone ES module with makeOptimizer and its .d.mts", async () => {
    const dir = scratch();
    const out = join(dir, "adam.mjs");
    const r = await run("compile", "derivations/adam.yaml", "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Adam: makeOptimizer → .*adam\.mjs/);
    expect(readdirSync(dir).sort()).toEqual(["adam.d.mts", "adam.mjs"]);
    const text = readFileSync(out, "utf8");
    expect(text).not.toMatch(/^\s*import\b|require\(/m);
    const { makeOptimizer } = await load(out);
    const opt = makeOptimizer({ lr: 0.1 });
    const x = new Float64Array([1, -1]);
    const state = opt.init(2);
    opt.step(x, new Float64Array([0.5, -0.5]), state);
    // The first Adam step moves each coordinate by lr against the gradient's sign.
    expect(x[0]).toBeCloseTo(0.9, 6);
    expect(x[1]).toBeCloseTo(-0.9, 6);
  });

  it("--target torch writes a Python module with a torch.optim.Optimizer subclass", async () => {
    const out = join(scratch(), "derived_adam.py");
    const r = await run(
      "compile",
      "derivations/sgd-momentum.yaml",
      "--target",
      "torch",
      "--out",
      out,
    );
    expect(r.code).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).toMatch(/^from torch\.optim(\.optimizer)? import .*Optimizer/m);
    expect(text).toMatch(/^class DerivedSGDWithMomentum\(Optimizer\):/m);
    expect(text).toMatch(/def step\(self, closure=None\)/);
  });
});

describe("lagrange compile: integrators", () => {
  it("double-pendulum.yaml → makeIntegrator({h, …}) stepping the state", async () => {
    const out = join(scratch(), "dp.mjs");
    const r = await run("compile", "derivations/double-pendulum.yaml", "--out", out);
    expect(r.code).toBe(0);
    const { makeIntegrator } = await load(out);
    const integ = makeIntegrator({});
    let s = integ.init({ th1: 0.3, th2: -0.2, v_th1: 0, v_th2: 0 });
    for (let k = 0; k < 1000; k++) s = integ.step(s);
    for (const name of ["th1", "th2", "v_th1", "v_th2"])
      expect(Number.isFinite(s[name])).toBe(true);
    expect(s.th1).not.toBe(0.3);
  });

  it("simple pendulum: Störmer–Verlet keeps the energy error bounded, explicit Euler's grows", async () => {
    const energy = (s: Record<string, number>) => 0.5 * s.v_th ** 2 - 9.81 * Math.cos(s.th);
    const drift = async (scheme: string) => {
      const spec = readFileSync("derivations/simple-pendulum.yaml", "utf8").replace(
        /discretisation: .*/,
        `discretisation: { scheme: ${scheme}, step: h, value: 0.01 }`,
      );
      const out = join(scratch(), "p.mjs");
      expect((await run("compile", file(spec), "--out", out)).code).toBe(0);
      const integ = (await load(out)).makeIntegrator({});
      let s = integ.init({ th: 1, v_th: 0 });
      const e0 = energy(s);
      let worst = 0;
      for (let k = 0; k < 20000; k++) {
        s = integ.step(s);
        worst = Math.max(worst, Math.abs(energy(s) - e0));
      }
      return worst;
    };
    const verlet = await drift("stormer-verlet");
    const euler = await drift("explicit-euler");
    expect(verlet).toBeLessThan(0.1);
    expect(euler).toBeGreaterThan(10 * verlet);
  });
});

describe("lagrange compile: bad input is exit 2 and writes nothing", () => {
  const refused = async (args: string[], message: RegExp) => {
    const dir = scratch();
    const out = join(dir, args.includes("torch") ? "x.py" : "x.mjs");
    const r = await run("compile", ...args, "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual([]);
  };

  it("a derivation with no update rule", () =>
    refused(["derivations/kepler-polar.yaml"], /has no update rule to compile/));

  it("an unknown target", () =>
    refused(["derivations/adam.yaml", "--target", "cuda"], /unknown target 'cuda'.*js, torch/));

  it("an integrator for the torch target", () =>
    refused(["derivations/harmonic-oscillator.yaml", "--target", "torch"], /integrator/i));

  it("an unknown scheme, with a caret", () => {
    const spec = readFileSync("derivations/simple-pendulum.yaml", "utf8").replace(
      /scheme: stormer-verlet/,
      "scheme: stormer-verlett",
    );
    return refused([file(spec)], /not a known scheme \(did you mean 'stormer-verlet'\?\)[\s\S]*\^/);
  });

  it("an implicit update names the equation", () => {
    const spec = readFileSync("derivations/double-pendulum.yaml", "utf8").replace(
      /scheme: symplectic-euler/,
      "scheme: midpoint",
    );
    return refused(
      [file(spec)],
      /implicit — the discrete Euler–Lagrange equation at th1\[k-1\] is not linear in th1\[k\]/,
    );
  });

  const adam = readFileSync("derivations/adam.yaml", "utf8");
  it("a non-numeric hyperparameter", () =>
    refused(
      [file(adam.replace("default: 0.001", "default: fast"))],
      /lr.*must be a finite number/,
    ));

  it("a sub-action that does not parse, with a caret in the file", () =>
    refused([file(adam.replace("(m[k] - G)^2", "(m[k] - G))^2"))], /steps\[0\][\s\S]*\^/));

  it("an update that reads a name it does not declare", () =>
    refused(
      [file(adam.replace("(1 - beta1)/2*(m[k] - G)^2", "(1 - beta3)/2*(m[k] - G)^2"))],
      /reads 'beta3'/,
    ));

  it("an output whose extension does not fit the target", async () => {
    const dir = scratch();
    const out = join(dir, "y.mjs");
    const r = await run("compile", "derivations/adam.yaml", "--target", "torch", "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the torch target writes a \.py file/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("lagrange compile: names are never executed", () => {
  const hostile = readFileSync("derivations/sgd-momentum.yaml", "utf8")
    .replace(/\blr\b/g, "constructor")
    .replace(/\bmomentum\b/g, "eval")
    .replace(/\bdampening\b/g, "process")
    .replace(/\bweight_decay\b/g, "require")
    .replace(/\bb\b/g, "self");

  it("JavaScript: hyperparameters named constructor, eval, process, require compile to correct code", async () => {
    const out = join(scratch(), "hostile.mjs");
    const r = await run("compile", file(hostile), "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const opt = (await load(out)).makeOptimizer({ constructor: 0.1, eval: 0.9, require: 0 });
    const x = new Float64Array([1]);
    const s = opt.init(1);
    opt.step(x, new Float64Array([1]), s);
    opt.step(x, new Float64Array([1]), s);
    // Heavy ball: b = 1, then b = 0.9 + 1; x = 1 − 0.1·1 − 0.1·1.9.
    expect(x[0]).toBeCloseTo(1 - 0.1 - 0.19, 12);
    expect(existsSync(out)).toBe(true);
  });

  it("a name that is not an identifier is refused in the file", () =>
    refused_(hostile.replace("state: { self: 0 }", "state: { __proto__: 0 }")));

  async function refused_(text: string) {
    const dir = scratch();
    const r = await run("compile", file(text), "--out", join(dir, "x.mjs"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a valid name/);
    expect(readdirSync(dir)).toEqual([]);
  }
});
