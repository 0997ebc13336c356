/**
 * `npm run bench`: the system table of issue 6, ours side by side with SymPy.
 *
 *   npm run bench                          every system in bench/systems.ts (several minutes)
 *   npm run bench -- --only three-body     one system (repeat --only, or a comma list, for more)
 *   npm run bench -- --timeout 120 --runs 5 --no-sympy
 *   npm run bench -- --rev HEAD            measure a committed revision, not the working tree
 *
 * Options: --only NAME[,NAME]  --timeout S (each of our runs, default 60)  --sympy-timeout S (each
 * SymPy run, default 300)  --runs N (default 3; a system whose first run takes over --slow S,
 * default 10, runs once)  --no-sympy  --out FILE (the markdown table; default bench/results.md for
 * a full run, output/bench/results.md with --only)  --rev REV (build that commit's src/, taken
 * with git archive into output/bench/rev-SHA/, instead of the working tree)  --no-build (use dist/
 * as it is). Raw numbers go to output/bench/results.json.
 *
 * Ours: the engine is compiled with tsc into output/bench/dist (so dist/ is left alone); each run
 * is a child process `node …/cli/bin.js derive --lagrangian … --coords … --json`, timed from spawn
 * to exit, so start-up is included. Peak memory and CPU time are the child's, reported at exit by
 * the preloaded bench/maxrss.mjs, or on a timeout the last values read from /proc/PID (polled
 * every 50 ms). Sizes are the codebase's countOps (SymPy's count_ops measure) of the equations of
 * motion — the mass matrix and forcing, or the solved accelerations — and of the Euler–Lagrange
 * residuals, read back from the JSON record, whose byte size (as printed by --json) is reported.
 *
 * SymPy: `python3 bench/sympy_bench.py --system NAME --json` in a child process, timed the same
 * way (so `import sympy`, about 1 s, is included); it reports its own compute time for
 * euler_equations + linear_eq_to_matrix and count_ops of both. The size ratios apply SymPy's
 * count_ops to our output as well (sympy_bench.py --count-ops), so both sides use one measure.
 * Without python3 and sympy the SymPy columns read n/a.
 *
 * A second table (bench/noether.ts): the symmetry search of issue 7 on NOETHER_SYSTEMS (the 3-D
 * central potential, the symmetric top, the planar three-body problem), `node …/cli/bin.js noether
 * -L … -c … --degree 2 --json` per child process, with time, peak memory and the charges found;
 * `--only` selects these by name too.
 *
 * Then the claims of arXiv 2509.21049 (bench/claims.ts; `--only claims` alone): `lagrange verify`
 * per claim file and on derivations/paper, `lagrange report` (HTML and JSON) and `lagrange check`
 * of its records, each a child process.
 *
 * A full run (no --only) ends with the torch target's section (bench/torch.ts, also `npm run
 * bench:torch`): the generated Adam against torch.optim.Adam on CPU, when /usr/bin/python3 has torch.
 *
 * Before it, the compiled JavaScript Adam of issue 8 (bench/compile.ts, also `npm run
 * bench:compile`; `--only compiled-adam` alone) against a hand-written loop on 4e6 parameters.
 */
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as prettier from "prettier";
import { median, type Measured, type Run } from "./child.js";
import {
  COMPILE_BENCH_NAME,
  compileBench,
  compileSection,
  type CompileBenchResult,
} from "./compile.js";
import {
  CLAIMS_BENCH_NAME,
  claimsRow,
  claimsTable,
  claimsTasks,
  type ClaimsRow,
} from "./claims.js";
import { noetherArgs, noetherRow, noetherTable, type NoetherRow } from "./noether.js";
import { NOETHER_SYSTEMS, SYSTEMS, writeSystemsJson, type BenchSystem } from "./systems.js";
import { torchAvailable, torchBench, torchSection } from "./torch.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BENCH_OUT = join(ROOT, "output", "bench");
const PRELOAD = join(ROOT, "bench", "maxrss.mjs");
const SYMPY_SCRIPT = join(ROOT, "bench", "sympy_bench.py");

export interface Options {
  only: string[];
  timeout: number;
  sympyTimeout: number;
  runs: number;
  slow: number;
  sympy: boolean;
  out?: string;
  /** Build the working tree (default), a committed revision, or use dist/ as it is. */
  build: { kind: "tree" } | { kind: "rev"; rev: string } | { kind: "dist" };
}

export function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    only: [],
    timeout: 60,
    sympyTimeout: 300,
    runs: 3,
    slow: 10,
    sympy: true,
    build: { kind: "tree" },
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const num = () => {
      const v = Number(value());
      if (!(v > 0)) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === "--only") o.only.push(...value().split(","));
    else if (a === "--timeout") o.timeout = num();
    else if (a === "--sympy-timeout") o.sympyTimeout = num();
    else if (a === "--runs") o.runs = Math.round(num());
    else if (a === "--slow") o.slow = num();
    else if (a === "--no-sympy") o.sympy = false;
    else if (a === "--out") o.out = value();
    else if (a === "--rev") o.build = { kind: "rev", rev: value() };
    else if (a === "--no-build") o.build = { kind: "dist" };
    else throw new Error(`unknown option ${a} (see the comment at the top of bench/run.ts)`);
  }
  return o;
}

/** Peak memory (kB) and CPU seconds so far of a running process, from /proc (Linux). */
function readProc(pid: number): { hwmKB: number; cpu: number } {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    // Fields 14 and 15 of /proc/PID/stat (after the parenthesised command name): utime, stime.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { hwmKB: m ? Number(m[1]) : 0, cpu: (Number(f[11]) + Number(f[12])) / CLOCK_TICKS };
  } catch {
    return { hwmKB: 0, cpu: 0 };
  }
}

const CLOCK_TICKS = 100;

function runChild(cmd: string, args: string[], timeoutS: number, rssFile?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = rssFile ? { ...process.env, BENCH_MAXRSS_FILE: rssFile } : process.env;
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let peakKB = 0;
    let cpuSeconds = 0;
    const sample = () => {
      if (!child.pid) return;
      const p = readProc(child.pid);
      peakKB = Math.max(peakKB, p.hwmKB);
      cpuSeconds = Math.max(cpuSeconds, p.cpu);
    };
    let timedOut = false;
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const poll = setInterval(sample, 50);
    const timer = setTimeout(() => {
      timedOut = true;
      sample();
      child.kill("SIGKILL");
    }, timeoutS * 1000);
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - t0) / 1000;
      clearInterval(poll);
      clearTimeout(timer);
      if (rssFile && existsSync(rssFile)) {
        const u = JSON.parse(readFileSync(rssFile, "utf8")) as { maxRSS: number; cpu: number };
        peakKB = Math.max(peakKB, u.maxRSS);
        cpuSeconds = u.cpu / 1e6;
        rmSync(rssFile);
      }
      const stderr = Buffer.concat(err).toString("utf8");
      resolve({ seconds, peakKB, cpuSeconds, timedOut, code, stdout: Buffer.concat(out), stderr });
    });
  });
}

/** Repeat a run up to `runs` times; stop after a failure, a timeout or a slow first run. */
async function repeat(
  runs: number,
  slow: number,
  once: () => Promise<Run>,
): Promise<{ runs: Run[]; ok: boolean }> {
  const done: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await once();
    done.push(r);
    if (r.timedOut || r.code !== 0 || r.seconds > slow) break;
  }
  const last = done[done.length - 1];
  return { runs: done, ok: !last.timedOut && last.code === 0 };
}

function cliArgs(s: BenchSystem): string[] {
  const args = ["derive", "--lagrangian", s.lagrangian, "--json"];
  if (s.fields) args.push("--fields", s.fields.join(","), "--vars", (s.variables ?? []).join(","));
  else args.push("--coords", (s.coordinates ?? []).join(","));
  return args;
}

/** What we read back from our JSON record. */
interface Derived {
  equations: { residual: string }[];
  accelerations: Record<string, string> | null;
  /** Sparse rows {unknown: entry} (dense string[] rows before the record went sparse). */
  massMatrix: (Record<string, string> | string[])[] | null;
  forcing: string[] | null;
}

interface Lib {
  parse(text: string): unknown;
  countOps(e: unknown): number;
}

export interface Row {
  name: string;
  coordinates: number;
  ours: Measured & {
    eomForm?: "accelerations" | "mass-matrix" | "none";
    eomOps?: number;
    massForcingOps?: number;
    residualOps?: number;
    jsonBytes?: number;
    /** SymPy's count_ops applied to our residuals and to our M and F. */
    sympyCount?: { residuals: number; massForcing: number };
  };
  sympy?: Measured & {
    computeSeconds?: number;
    elOps?: number;
    mfOps?: number;
    version?: string;
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const MB = (kb: number) => kb / 1024;

function firstLine(s: string): string {
  return (
    s
      .trim()
      .split("\n")
      .find((l) => l.trim()) ?? ""
  ).slice(0, 160);
}

/** The compiled engine a run measures: its directory holds cli/bin.js and index.js. */
function build(o: Options): { dir: string; label: string } {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const compile = (config: string, outDir: string) => {
    rmSync(outDir, { recursive: true, force: true });
    const r = spawnSync(process.execPath, [tsc, "-p", config, "--outDir", outDir], {
      cwd: ROOT,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
  };
  if (o.build.kind === "dist") {
    const dir = join(ROOT, "dist");
    if (!existsSync(join(dir, "cli", "bin.js"))) throw new Error("dist/ is missing: npm run build");
    return { dir, label: `dist/ as built, working tree ${gitDescribe()}` };
  }
  if (o.build.kind === "tree") {
    const dir = join(BENCH_OUT, "dist");
    compile(join(ROOT, "tsconfig.build.json"), dir);
    return { dir, label: gitDescribe() };
  }
  // A committed revision: its src/ and tsconfigs, extracted with git archive (no checkout).
  const sha = execFileSync("git", ["rev-parse", "--short", o.build.rev], {
    cwd: ROOT,
    encoding: "utf8",
  }).trim();
  const tree = join(BENCH_OUT, `rev-${sha}`);
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  const files = ["src", "tsconfig.json", "tsconfig.build.json"];
  const tar = execFileSync("git", ["archive", "--format=tar", sha, ...files], { cwd: ROOT });
  execFileSync("tar", ["-x", "-C", tree], { input: tar });
  const dir = join(tree, "dist");
  compile(join(tree, "tsconfig.build.json"), dir);
  return { dir, label: `${sha} (committed revision ${o.build.rev})` };
}

async function measureOurs(
  s: BenchSystem,
  o: Options,
  lib: Lib,
  bin: string,
  tmp: string,
): Promise<Row["ours"]> {
  const rssFile = join(tmp, "maxrss");
  const { runs, ok } = await repeat(o.runs, o.slow, () =>
    runChild(
      process.execPath,
      ["--import", pathToFileURL(PRELOAD).href, bin, ...cliArgs(s)],
      o.timeout,
      rssFile,
    ),
  );
  const last = runs[runs.length - 1];
  const base = {
    allSeconds: runs.map((r) => r.seconds),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    peakMB: MB(Math.max(...runs.map((r) => r.peakKB))),
  };
  if (!ok) {
    return {
      ...base,
      status: last.timedOut ? "timeout" : "error",
      seconds: last.seconds,
      message: last.timedOut ? `no result after ${o.timeout} s` : firstLine(last.stderr),
    };
  }
  const good = runs.filter((r) => r.code === 0);
  const json = good[0].stdout;
  const d = JSON.parse(json.toString("utf8")) as Derived;
  const ops = (xs: string[]) => sum(xs.map((x) => lib.countOps(lib.parse(x))));
  const mf =
    d.massMatrix && d.forcing
      ? [...d.massMatrix.flatMap((row) => Object.values(row)), ...d.forcing]
      : null;
  const eomForm = d.accelerations ? "accelerations" : mf ? "mass-matrix" : "none";
  const eomOps = d.accelerations ? ops(Object.values(d.accelerations)) : mf ? ops(mf) : undefined;
  const residuals = d.equations.map((e) => e.residual);
  const row: Row["ours"] = {
    ...base,
    status: "ok",
    seconds: median(good.map((r) => r.seconds)),
    eomForm,
    eomOps,
    massForcingOps: mf ? ops(mf) : undefined,
    residualOps: ops(residuals),
    jsonBytes: json.length,
  };
  if (o.sympy) row.sympyCount = await sympyCountOurs(s, residuals, mf ?? [], tmp, o);
  return row;
}

async function sympyCountOurs(
  s: BenchSystem,
  residuals: string[],
  mf: string[],
  tmp: string,
  o: Options,
): Promise<{ residuals: number; massForcing: number } | undefined> {
  const count = async (exprs: string[]) => {
    const file = join(tmp, "exprs.json");
    writeFileSync(file, JSON.stringify(exprs));
    const args = [SYMPY_SCRIPT, "--system", s.name, "--count-ops", file];
    const r = await runChild("python3", args, o.sympyTimeout);
    if (r.code !== 0) return undefined;
    return (JSON.parse(r.stdout.toString("utf8")) as { ops: number }).ops;
  };
  const res = await count(residuals);
  const mfc = mf.length ? await count(mf) : 0;
  return res === undefined || mfc === undefined ? undefined : { residuals: res, massForcing: mfc };
}

interface SympyLine {
  cpu_s: number;
  compute_s: number;
  el_ops: number;
  mf_ops: number;
  sympy: string;
}

async function measureSympy(s: BenchSystem, o: Options): Promise<Row["sympy"]> {
  const { runs, ok } = await repeat(o.runs, o.slow, () =>
    runChild("python3", [SYMPY_SCRIPT, "--system", s.name, "--json"], o.sympyTimeout),
  );
  const last = runs[runs.length - 1];
  const base = {
    allSeconds: runs.map((r) => r.seconds),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    peakMB: MB(Math.max(...runs.map((r) => r.peakKB))),
  };
  if (!ok)
    return {
      ...base,
      status: last.timedOut ? "timeout" : "error",
      seconds: last.seconds,
      message: last.timedOut ? `no result after ${o.sympyTimeout} s` : firstLine(last.stderr),
    };
  const lines = runs.map((r) => JSON.parse(r.stdout.toString("utf8")) as SympyLine);
  return {
    ...base,
    status: "ok",
    seconds: median(runs.map((r) => r.seconds)),
    cpuSeconds: median(lines.map((l) => l.cpu_s)),
    computeSeconds: median(lines.map((l) => l.compute_s)),
    elOps: lines[0].el_ops,
    mfOps: lines[0].mf_ops,
    version: lines[0].sympy,
  };
}

function sympyVersion(): string | undefined {
  const r = spawnSync("python3", ["-c", "import sympy; print(sympy.__version__)"], {
    encoding: "utf8",
  });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

// ---------------------------------------------------------------------------------------------
// The table

const fmtS = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0
    ? "n/a"
    : a / b < 10
      ? (a / b).toFixed(2)
      : (a / b).toFixed(0);

export function table(rows: readonly Row[], timeout: number): string {
  const head = [
    "system",
    "q",
    "ours s",
    "cpu s",
    "peak MB",
    "EOM ops",
    "EL ops",
    "JSON KB",
    "SymPy s",
    "cpu s",
    "EL+M s",
    "SymPy EL ops",
    "SymPy M+F ops",
    "time ×",
    "cpu ×",
    "EL size ×",
    "M+F size ×",
  ];
  const lines = [
    `| ${head.join(" | ")} |`,
    `|${head.map((_, i) => (i < 1 ? " --- " : " ---: ")).join("|")}|`,
  ];
  for (const r of rows) {
    const o = r.ours;
    const y = r.sympy;
    const ours =
      o.status === "ok"
        ? [
            fmtS(o.seconds),
            fmtS(o.cpuSeconds),
            MBfmt(o.peakMB),
            o.eomOps === undefined
              ? "n/a"
              : `${o.eomOps} ${o.eomForm === "accelerations" ? "acc" : "M,F"}`,
            String(o.residualOps),
            (o.jsonBytes! / 1024).toFixed(o.jsonBytes! < 10240 ? 1 : 0),
          ]
        : [
            o.status === "timeout" ? `timeout (>${timeout})` : "error",
            `≥${fmtS(o.cpuSeconds)}`,
            `≥${MBfmt(o.peakMB)}`,
            "—",
            "—",
            "—",
          ];
    const sy =
      y === undefined
        ? ["n/a", "n/a", "n/a", "n/a", "n/a"]
        : y.status === "ok"
          ? [
              fmtS(y.seconds),
              fmtS(y.cpuSeconds),
              fmtS(y.computeSeconds!),
              String(y.elOps),
              String(y.mfOps),
            ]
          : [y.status === "timeout" ? "timeout" : "error", "—", "—", "—", "—"];
    let ratios = ["n/a", "n/a", "n/a", "n/a"];
    if (o.status === "ok" && y?.status === "ok") {
      // Sizes in one measure: SymPy's count_ops on both sides, else (marked *) our countOps.
      const mark = o.sympyCount ? "" : "*";
      const el = o.sympyCount?.residuals ?? o.residualOps;
      const mf = o.sympyCount?.massForcing ?? o.massForcingOps;
      ratios = [
        ratio(o.seconds, y.seconds),
        ratio(o.cpuSeconds, y.cpuSeconds),
        ratio(el, y.elOps) + mark,
        ratio(mf, y.mfOps) + mark,
      ];
    } else if (o.status === "timeout" && y?.status === "ok") {
      ratios = [`>${ratio(o.seconds, y.seconds)}`, `>${ratio(o.cpuSeconds, y.cpuSeconds)}`];
      ratios.push("n/a", "n/a");
    }
    lines.push(`| ${[r.name, String(r.coordinates), ...ours, ...sy, ...ratios].join(" | ")} |`);
  }
  return lines.join("\n");
}

const MBfmt = (mb: number) => mb.toFixed(0);

function gitDescribe(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    return dirty ? `${head} + uncommitted changes in src/` : head;
  } catch {
    return "unknown";
  }
}

export function preamble(
  o: Options,
  engine: string,
  sympy: string | undefined,
  load: number[],
): string {
  const cpu = cpus();
  return [
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, engine at ${engine},`,
    `on ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ` +
      `load average ${load.map((x) => x.toFixed(1)).join(" ")} at start; node ${process.version}, ` +
      (sympy ? `SymPy ${sympy}` : "no SymPy (python3 with sympy not found)") +
      `; median of up to ${o.runs} runs (one when a run takes over ${o.slow} s), timeout ${o.timeout} s.`,
  ].join("\n");
}

const LEGEND = `
- **ours s**: wall-clock seconds of the whole process of the built CLI
  (\`node cli/bin.js derive -L … --json\`), from spawn to exit: start-up, the checked
  derivation (equations, momenta, energy, Hamiltonian where derived, equations of motion) and
  printing the JSON. **cpu s**: its user + system CPU time, steadier than wall time on a busy
  machine. **peak MB**: its maximum resident set size. After a timeout, the CPU time and the peak
  so far. **EOM ops**: countOps (the codebase's version of SymPy's count_ops) of the accelerations
  (\`acc\`, up to 3 coordinates) or of the mass matrix and forcing (\`M,F\`). **EL ops**: countOps
  of the Euler–Lagrange residuals. **JSON KB**: size of the \`--json\` record.
- **SymPy s**, **cpu s**: the same for \`python3 bench/sympy_bench.py --system NAME --json\`, which
  includes \`import sympy\` (about 1 s of CPU). **EL+M s**: \`euler_equations\` plus
  \`linear_eq_to_matrix\` alone, in-process. **SymPy EL ops** / **M+F ops**: SymPy's \`count_ops\`
  of the unsimplified \`euler_equations\` and of the matrix and right-hand side of
  \`linear_eq_to_matrix\`, with q(t), q'(t), … counted as plain symbols, as in our output.
- **time ×**, **cpu ×**: ours / SymPy, whole process (below 1: we are faster). **EL size ×**,
  **M+F size ×**: ours / SymPy, both counted with SymPy's \`count_ops\` (our output translated by
  sympy_bench.py), so both sides use one measure; below 1: our equations are smaller. A \`*\`
  marks a ratio taken with our countOps instead, when that translation failed.
`;

const NOETHER_HEADING = `
## Symmetry search (issue 7)

\`node cli/bin.js noether -L … -c … --degree 2 --json\`, whole process: the search, every
charge's checked proof and numeric-integration check, the JSON. **charges**: conserved charges
reported; **expected**: what the search should find (bench/systems.ts, NOETHER_SYSTEMS).
`;

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  await writeSystemsJson();
  const known = new Set([...SYSTEMS, ...NOETHER_SYSTEMS].map((s) => s.name));
  known.add(COMPILE_BENCH_NAME);
  known.add(CLAIMS_BENCH_NAME);
  const unknown = o.only.filter((n) => !known.has(n));
  if (unknown.length)
    throw new Error(`unknown system ${unknown.join(", ")}; known: ${[...known].join(", ")}`);
  const engine = build(o);
  const bin = join(engine.dir, "cli", "bin.js");
  const lib = (await import(pathToFileURL(join(engine.dir, "index.js")).href)) as Lib;
  const sympy = o.sympy ? sympyVersion() : undefined;
  if (!sympy) o.sympy = false;
  const load = loadavg();
  const chosen = SYSTEMS.filter((s) => !o.only.length || o.only.includes(s.name));
  const chosenNoether = NOETHER_SYSTEMS.filter((s) => !o.only.length || o.only.includes(s.name));
  const tmp = mkdtempSync(join(tmpdir(), "lagrange-bench-"));
  const rows: Row[] = [];
  const noetherRows: NoetherRow[] = [];
  const claimsRows: ClaimsRow[] = [];
  console.log(preamble(o, engine.label, sympy, load));
  try {
    for (const s of chosen) {
      const q = (s.coordinates ?? s.fields ?? []).length;
      process.stdout.write(`${s.name}: ours … `);
      const ours = await measureOurs(s, o, lib, bin, tmp);
      process.stdout.write(
        `${ours.status} ${ours.allSeconds.map(fmtS).join(", ")} s` +
          (o.sympy ? `; SymPy … ` : "\n"),
      );
      const row: Row = { name: s.name, coordinates: q, ours };
      if (o.sympy) {
        row.sympy = await measureSympy(s, o);
        console.log(`${row.sympy!.status} ${row.sympy!.allSeconds.map(fmtS).join(", ")} s`);
      }
      rows.push(row);
    }
    for (const s of chosenNoether) {
      process.stdout.write(`${s.name}: noether … `);
      const args = ["--import", pathToFileURL(PRELOAD).href, bin, ...noetherArgs(s)];
      const rss = join(tmp, "maxrss");
      const { runs } = await repeat(o.runs, o.slow, () =>
        runChild(process.execPath, args, o.timeout, rss),
      );
      const row = noetherRow(s, runs);
      console.log(`${row.status} ${row.allSeconds.map(fmtS).join(", ")} s`);
      noetherRows.push(row);
    }
    // The claims of the paper (bench/claims.ts): verify, report, check, each a child process.
    if (!o.only.length || o.only.includes(CLAIMS_BENCH_NAME))
      for (const task of claimsTasks(ROOT, join(tmp, "report"))) {
        process.stdout.write(`${task.name} … `);
        const args = ["--import", pathToFileURL(PRELOAD).href, bin, ...task.args];
        const { runs } = await repeat(o.runs, o.slow, () =>
          runChild(process.execPath, args, o.timeout, join(tmp, "maxrss")),
        );
        const row = claimsRow(task, runs);
        console.log(`${row.status} ${row.allSeconds.map(fmtS).join(", ")} s`);
        claimsRows.push(row);
      }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  // The compiled JavaScript Adam against a hand-written loop (bench/compile.ts), in-process.
  let compiled: CompileBenchResult | undefined;
  if (!o.only.length || o.only.includes(COMPILE_BENCH_NAME)) {
    process.stdout.write(`\n${COMPILE_BENCH_NAME}: compiled vs hand-written Adam … `);
    compiled = await compileBench();
    console.log(`speed ratio ${compiled.ratio.toFixed(3)}`);
  }
  // The torch target against torch.optim.Adam (bench/torch.ts), on a full run with python3-torch.
  const torch = !o.only.length && torchAvailable() ? torchSection(torchBench()) : undefined;
  if (torch) console.log("\n" + torch);
  else if (!o.only.length)
    console.log("\ntorch target: skipped (/usr/bin/python3 cannot import torch)");
  const md = [
    "# Benchmark: `npm run bench`",
    "",
    "Generated by bench/run.ts (issue 6); the systems are defined in bench/systems.ts.",
    "Timings are noisy when the machine is shared.",
    "",
    preamble(o, engine.label, sympy, load),
    "",
    table(rows, o.timeout),
    LEGEND,
    ...(noetherRows.length ? [NOETHER_HEADING, noetherTable(noetherRows, o.timeout)] : []),
    ...(claimsRows.length ? ["", claimsTable(claimsRows)] : []),
    ...(compiled ? ["", compileSection(compiled)] : []),
    ...(torch ? ["", torch] : []),
  ].join("\n");
  if (rows.length) console.log("\n" + table(rows, o.timeout));
  if (noetherRows.length) console.log("\n" + noetherTable(noetherRows, o.timeout));
  if (claimsRows.length) console.log("\n" + claimsTable(claimsRows));
  const outDir = BENCH_OUT;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, "results.json"),
    JSON.stringify({ options: o, sympy, rows, noether: noetherRows }, null, 2) + "\n",
  );
  const out =
    o.out ?? (o.only.length ? join(outDir, "results.md") : join(ROOT, "bench", "results.md"));
  const config = (await prettier.resolveConfig(out)) ?? {};
  writeFileSync(out, await prettier.format(md, { ...config, parser: "markdown" }));
  console.log(`\nwritten: ${relative(ROOT, out) || out}, output/bench/results.json`);
}

if (process.argv[1]?.endsWith("run.ts")) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
