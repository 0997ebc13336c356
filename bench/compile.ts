/**
 * `npm run bench:compile` (and a section of `npm run bench`): the compiled JavaScript Adam of
 * issue 8 against a hand-written Adam loop, elements per second, in one process.
 *
 *   npm run bench:compile                          Adam derived from derivations/adam.yaml, 4e6 parameters
 *   npm run bench:compile -- --rule FILE.yaml      the update rule of another derivation file
 *   npm run bench:compile -- --n 1000000 --rounds 20 --write
 *
 * Both optimizers step their own Float64Array parameters from the same start with the same
 * gradients; rounds (default 40) alternate which goes first, each round timing `--steps` steps
 * (default 1) of each, by CPU and wall-clock time. Elements/s is n·steps / the median time; the
 * ratio (target ≥ 0.95) is the median over rounds of hand-written time / compiled time, so each
 * ratio compares two runs made back to back (the machine is often shared). The hand-written loop is torch.optim.Adam's algorithm (float64, single tensor,
 * weight decay skipped when 0), written for speed. Both step the same arrays in turn: apart, which
 * one was faster depended on where its arrays lay in memory (up to 2× either way). Before timing,
 * the two run apart for 100 steps and must agree within 1e-10 relative, or nothing is reported. `--write` replaces this section
 * of bench/results.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as prettier from "prettier";
import { compileJs } from "../src/compile/js.js";
import type { UpdateRule } from "../src/proof/types.js";
import { ruleOf } from "../src/cli/commands/compile-run.js";
import { benchArgs, writeResultsSection } from "./sections.js";

export const COMPILE_BENCH_NAME = "compiled-adam";
const HEADING = "## Compiled optimizer (issue 8)";

export interface CompileBenchOptions {
  readonly n: number;
  readonly rounds: number;
  readonly steps: number;
  readonly rule: UpdateRule;
  readonly source: string;
  readonly hyper: Readonly<Record<string, number>>;
}

export interface CompileBenchResult {
  readonly options: Omit<CompileBenchOptions, "rule">;
  /** Elements per second of CPU time (median over rounds). */
  readonly compiled: number;
  readonly hand: number;
  /** Median over rounds of the round's ratio (hand-written time / compiled time), CPU time. */
  readonly ratio: number;
  /** The same by wall-clock time. */
  readonly compiledWall: number;
  readonly handWall: number;
  readonly ratioWall: number;
  readonly maxRelDiff: number;
  readonly load: readonly number[];
}

interface Stepper {
  init(n: number): unknown;
  step(p: Float64Array, g: Float64Array, s: unknown): void;
}

/** Adam as torch.optim 1.13 computes it, written by hand for speed. */
function handAdam(h: Readonly<Record<string, number>>): Stepper {
  const { lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay: wd = 0 } = h;
  const a1 = 1 - beta1;
  const a2 = 1 - beta2;
  return {
    init: (n) => ({ step: 0, m: new Float64Array(n), v: new Float64Array(n) }),
    step(p, g, state) {
      const s = state as { step: number; m: Float64Array; v: Float64Array };
      const t = ++s.step;
      const stepSize = lr / (1 - beta1 ** t);
      const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
      const { m, v } = s;
      for (let i = 0; i < p.length; i++) {
        const gi = wd !== 0 ? g[i] + wd * p[i] : g[i];
        const mi = beta1 * m[i] + a1 * gi;
        const vi = beta2 * v[i] + a2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i] - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
      }
    },
  };
}

/** Largest relative difference of the two after 100 steps apart from one start (1000 elements). */
function agreement(a: Stepper, b: Stepper, rand: () => number): number {
  const n = 1000;
  const x0 = Float64Array.from({ length: n }, rand);
  const [pa, pb] = [Float64Array.from(x0), Float64Array.from(x0)];
  const [sa, sb] = [a.init(n), b.init(n)];
  let worst = 0;
  for (let k = 0; k < 100; k++) {
    const g = Float64Array.from(pb, (x) => x + rand());
    a.step(pa, g, sa);
    b.step(pb, g, sb);
    for (let i = 0; i < n; i++)
      worst = Math.max(worst, Math.abs(pa[i] - pb[i]) / Math.max(1, Math.abs(pb[i])));
  }
  return worst;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Run the interleaved comparison. */
export async function compileBench(
  partial: Partial<CompileBenchOptions> = {},
): Promise<CompileBenchResult> {
  const o: CompileBenchOptions = {
    n: 4e6,
    rounds: 40,
    steps: 1,
    rule: ruleOf("derivations/adam.yaml"),
    source: "derivations/adam.yaml",
    hyper: { lr: 1e-3 },
    ...partial,
  };
  const dir = mkdtempSync(join(tmpdir(), "lagrange-bench-compile-"));
  const load = loadavg();
  try {
    const file = join(dir, "adam.mjs");
    writeFileSync(file, compileJs(o.rule, { source: o.source }).module);
    const mod = (await import(pathToFileURL(file).href)) as {
      makeOptimizer(h: Record<string, number>): Stepper;
    };
    const compiled = mod.makeOptimizer({ ...o.hyper });
    const hand = handAdam(o.hyper);
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const maxRelDiff = agreement(compiled, hand, rand);
    if (!(maxRelDiff < 1e-10))
      throw new Error(`compiled and hand-written Adam differ by ${maxRelDiff}`);
    // Both step the same arrays in turn (the hand-written state shares the compiled one's
    // buffers), so neither gains from where its arrays happen to lie in memory.
    const x = Float64Array.from({ length: o.n }, rand);
    const g = Float64Array.from({ length: o.n }, rand);
    const shared = compiled.init(o.n) as { step: number; m: Float64Array; v: Float64Array };
    const handState = { step: 0, m: shared.m, v: shared.v };
    const runs = [
      { opt: compiled, s: shared as unknown, cpu: [] as number[], wall: [] as number[] },
      { opt: hand, s: handState as unknown, cpu: [] as number[], wall: [] as number[] },
    ];
    const step = (r: (typeof runs)[number]) => {
      r.opt.step(x, g, r.s);
      handState.step = shared.step = Math.max(handState.step, shared.step);
    };
    for (let k = 0; k < 3; k++) runs.forEach(step); // warm up
    for (let round = 0; round < o.rounds; round++) {
      for (const r of round % 2 ? [...runs].reverse() : runs) {
        const [w0, c0] = [process.hrtime.bigint(), process.cpuUsage()];
        for (let k = 0; k < o.steps; k++) step(r);
        const c = process.cpuUsage(c0);
        r.wall.push(Number(process.hrtime.bigint() - w0) / 1e9);
        r.cpu.push((c.user + c.system) / 1e6);
      }
    }
    const rate = (times: number[]) => (o.n * o.steps) / median(times);
    const ratio = (a: number[], b: number[]) => median(a.map((x, i) => b[i] / x));
    const [ours, theirs] = runs;
    const { rule: _rule, ...rest } = o;
    return {
      options: rest,
      compiled: rate(ours.cpu),
      hand: rate(theirs.cpu),
      ratio: ratio(ours.cpu, theirs.cpu),
      compiledWall: rate(ours.wall),
      handWall: rate(theirs.wall),
      ratioWall: ratio(ours.wall, theirs.wall),
      maxRelDiff,
      load,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const M = (x: number) => `${(x / 1e6).toFixed(0)} M`;

/** The markdown section of bench/results.md. */
export function compileSection(r: CompileBenchResult): string {
  const o = r.options;
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  return [
    HEADING,
    "",
    `\`npm run bench:compile\` (bench/compile.ts): Adam compiled by \`compileJs\` from ${o.source}`,
    `against a hand-written Adam loop (torch.optim's algorithm, Float64Array), ${o.n.toExponential(0).replace("e+", "e")}`,
    `parameters, hyperparameters ${JSON.stringify(o.hyper)}, in one process: ${o.rounds} rounds of ${o.steps} step(s) each,`,
    "alternating which goes first. Elements/s = n·steps / the median round time, by the process's",
    "CPU time (steadier on a shared machine) and by wall-clock time; the ratio is the median over",
    "rounds of the round's time ratio (hand-written / compiled), so both sides of a ratio ran back",
    "to back. Measured",
    `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpu}, node ${process.version},`,
    `load average ${r.load.map((x) => x.toFixed(1)).join(" ")} at start.`,
    "",
    "| optimizer | elements/s (CPU) | elements/s (wall) |",
    "| --- | ---: | ---: |",
    `| compiled Adam | ${M(r.compiled)} | ${M(r.compiledWall)} |`,
    `| hand-written Adam | ${M(r.hand)} | ${M(r.handWall)} |`,
    `| speed ratio compiled / hand-written (target ≥ 0.95) | ${r.ratio.toFixed(3)} | ${r.ratioWall.toFixed(3)} |`,
    "",
    "Both step the same arrays in turn (the hand-written state shares the compiled one's buffers), so",
    "neither gains from where its arrays lie in memory (apart, the two differed by up to 2× either",
    "way from one process to the next). Run apart from one start for 100 steps, the two agree within",
    `${r.maxRelDiff.toExponential(1)} (relative).`,
    "",
  ].join("\n");
}

function parseArgs(argv: readonly string[]): {
  partial: Partial<CompileBenchOptions>;
  write: boolean;
} {
  let hyper: Record<string, number> | undefined;
  const { common, write } = benchArgs(
    argv,
    "--rule FILE --n N --rounds N --steps N --hyper JSON --write",
    (flag, value) => {
      if (flag !== "--hyper") return false;
      hyper = JSON.parse(value()) as Record<string, number>;
      return true;
    },
  );
  return { partial: { ...common, ...(hyper ? { hyper } : {}) }, write };
}

if (process.argv[1]?.endsWith("compile.ts")) {
  const { partial, write } = parseArgs(process.argv.slice(2));
  compileBench(partial)
    .then(async (r) => {
      const section = await prettier.format(compileSection(r), { parser: "markdown" });
      console.log(section);
      if (write) console.log(`written: ${await writeResultsSection(HEADING, section)}`);
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    });
}
