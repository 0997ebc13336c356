/**
 * The emitted .d.ts types the module exactly: a small TypeScript consumer of compiled Adam, SGD and
 * the oscillator type-checks with tsc, and the mistakes the module refuses at run time (an unknown
 * or mistyped hyperparameter, SGD without lr, a missing state variable) are type errors too
 * (`@ts-expect-error` lines, which tsc reports when they are not errors).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileJs } from "../../src/compile/js.js";
import { ADAM, OSCILLATOR, SGD } from "../support/rules.js";

const TSC = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));

const CONSUMER = `
import { makeOptimizer, type State } from "./adam.mjs";
import * as sgd from "./sgd.mjs";
import { makeIntegrator } from "./oscillator.mjs";

const opt = makeOptimizer({ lr: 0.01, beta1: 0.8 }, { checkFinite: true });
const s: State = opt.init(3);
opt.step(new Float64Array(3), new Float32Array(3), s, { checkFinite: false });
const m: Float64Array = s.m;
const lr: number = opt.hyper.lr;
const variant: "adam" = opt.variant;
// @ts-expect-error betas are given split
makeOptimizer({ betas: [0.9, 0.99] });
// @ts-expect-error lr is a number
makeOptimizer({ lr: "0.1" });
// @ts-expect-error no state variable w
s.w;
sgd.makeOptimizer({ lr: 0.1, nesterov: true, momentum: 0.9 }).step(new Float64Array(1), new Float64Array(1), sgd.makeOptimizer({ lr: 1 }).init(1));
// @ts-expect-error SGD's lr is required
sgd.makeOptimizer({ momentum: 0.9 });
const sim = makeIntegrator({ h: 0.1, gamma: 0 });
const x: number = sim.step(sim.init({ x: 1, v: 0 })).x;
// @ts-expect-error v is missing
sim.init({ x: 1 });
export { m, lr, variant, x };
`;

describe("the emitted .d.ts", () => {
  it("type-checks a consumer and rejects what the module rejects", () => {
    const dir = mkdtempSync(join(tmpdir(), "lagrange-dts-"));
    for (const [name, rule] of [
      ["adam", ADAM],
      ["sgd", SGD],
      ["oscillator", OSCILLATOR],
    ] as const) {
      const { module, dts } = compileJs(rule);
      writeFileSync(join(dir, `${name}.mjs`), module);
      writeFileSync(join(dir, `${name}.d.mts`), dts);
    }
    writeFileSync(join(dir, "consumer.mts"), CONSUMER);
    const args = ["--noEmit", "--strict", "--target", "ES2022", "--lib", "ES2022"];
    const resolution = ["--module", "NodeNext", "--moduleResolution", "NodeNext"];
    let errors = "";
    try {
      execFileSync(process.execPath, [TSC, ...args, ...resolution, join(dir, "consumer.mts")], {
        encoding: "utf8",
      });
    } catch (e) {
      errors = String((e as { stdout?: string }).stdout ?? e);
    }
    // Unused @ts-expect-error lines would be errors too: the types are not just \`any\`.
    expect(errors).toBe("");
  });
});
