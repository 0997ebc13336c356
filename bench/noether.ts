/**
 * The symmetry-search table of `npm run bench` (issue 7 §8), for bench/run.ts: each system of
 * NOETHER_SYSTEMS (bench/systems.ts) runs as a child process of the built CLI,
 *
 *   node …/cli/bin.js noether --lagrangian L --coords q1,… --degree 2 --json
 *
 * timed from spawn to exit like the derive rows (start-up, the search, every charge's checked proof
 * and its numeric-integration check, printing), with its peak memory and the number of conserved
 * and broken charges read back from the JSON. Target (issue 7): under 5 s each.
 */
import { median, type Measured, type Run } from "./child.js";
import type { NoetherBenchSystem } from "./systems.js";

export type { Run as ChildRun } from "./child.js";

/** The degree of the polynomial symmetry search measured. */
export const NOETHER_DEGREE = 2;

/** `seconds`: the median of the successful runs (the last run's when none succeeded). */
export interface NoetherRow extends Measured {
  name: string;
  coordinates: number;
  expected: number;
  conserved?: number;
  broken?: number;
  names?: string[];
}

/** The CLI arguments of one system (module comment). */
export function noetherArgs(s: NoetherBenchSystem): string[] {
  const coords = (s.coordinates ?? []).join(",");
  const degree = String(NOETHER_DEGREE);
  return [
    "noether",
    "--lagrangian",
    s.lagrangian,
    "--coords",
    coords,
    "--degree",
    degree,
    "--json",
  ];
}

/** The row of one system from its runs (the JSON of the first successful one). */
export function noetherRow(s: NoetherBenchSystem, runs: readonly Run[]): NoetherRow {
  const last = runs[runs.length - 1];
  const good = runs.filter((r) => !r.timedOut && r.code === 0);
  const base = {
    name: s.name,
    coordinates: (s.coordinates ?? []).length,
    allSeconds: runs.map((r) => r.seconds),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    peakMB: Math.max(...runs.map((r) => r.peakKB)) / 1024,
    expected: s.charges,
  };
  if (!good.length) {
    const message = last.timedOut ? "timeout" : last.stderr.trim().split("\n")[0];
    return { ...base, status: last.timedOut ? "timeout" : "error", seconds: last.seconds, message };
  }
  const d = JSON.parse(good[0].stdout.toString("utf8")) as {
    conserved: { name: string }[];
    broken: unknown[];
  };
  return {
    ...base,
    status: "ok",
    seconds: median(good.map((r) => r.seconds)),
    conserved: d.conserved.length,
    broken: d.broken.length,
    names: d.conserved.map((c) => c.name),
  };
}

const fmtS = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

/** The markdown table of the rows. */
export function noetherTable(rows: readonly NoetherRow[], timeout: number): string {
  const head = ["system", "q", "noether s", "cpu s", "peak MB", "charges", "expected", "names"];
  const lines = [
    `| ${head.join(" | ")} |`,
    `|${head.map((_, i) => (i === 0 || i === head.length - 1 ? " --- " : " ---: ")).join("|")}|`,
  ];
  for (const r of rows) {
    const cells =
      r.status === "ok"
        ? [
            fmtS(r.seconds),
            fmtS(r.cpuSeconds),
            r.peakMB.toFixed(0),
            `${r.conserved}${r.broken ? ` (+${r.broken} broken)` : ""}`,
            String(r.expected),
            r.names!.join(", "),
          ]
        : [
            r.status === "timeout" ? `timeout (>${timeout})` : "error",
            `≥${fmtS(r.cpuSeconds)}`,
            `≥${r.peakMB.toFixed(0)}`,
            "—",
            String(r.expected),
            r.message ?? "",
          ];
    lines.push(`| ${[r.name, String(r.coordinates), ...cells].join(" | ")} |`);
  }
  return lines.join("\n");
}
