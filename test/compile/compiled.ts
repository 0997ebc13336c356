/**
 * Test helper: compile an update rule with compileJs, write the module (and its .d.ts) to a fresh
 * temporary directory as .mjs, and import it, as a user of `lagrange compile` would.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileJs } from "../../src/compile/js.js";
import type { UpdateRule } from "../../src/proof/types.js";

export type Hyper = Readonly<Record<string, unknown>>;

export interface CompiledState {
  step: number;
  [name: string]: number | Float64Array;
}

export interface CompiledOptimizer {
  readonly hyper: Readonly<Record<string, number | boolean>>;
  readonly variant: string;
  init(n: number): CompiledState;
  step(
    params: Float64Array | Float32Array,
    grads: Float64Array | Float32Array,
    state: CompiledState,
    options?: { checkFinite?: boolean },
  ): void;
}

export interface CompiledIntegrator {
  readonly hyper: Readonly<Record<string, number>>;
  readonly variant: string;
  init(state0: Record<string, number>): Record<string, number>;
  step(state: Record<string, number>, options?: { checkFinite?: boolean }): Record<string, number>;
}

export interface Loaded<M> {
  readonly mod: M;
  readonly module: string;
  readonly dts: string;
  readonly dir: string;
}

/** Compile `rule`, write `name.mjs` and `name.d.ts` into a new temporary directory, import it. */
export async function compileAndImport<M>(rule: UpdateRule, name = "rule"): Promise<Loaded<M>> {
  const { module, dts } = compileJs(rule, { source: "test/support/rules.ts" });
  const dir = mkdtempSync(join(tmpdir(), "lagrange-compile-"));
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, module);
  writeFileSync(join(dir, `${name}.d.ts`), dts);
  const mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as M;
  return { mod, module, dts, dir };
}

export type OptimizerModule = {
  makeOptimizer(hyper?: Hyper, options?: { checkFinite?: boolean }): CompiledOptimizer;
};
export type IntegratorModule = {
  makeIntegrator(hyper: Hyper, options?: { checkFinite?: boolean }): CompiledIntegrator;
};

/** A seeded uniform generator in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
