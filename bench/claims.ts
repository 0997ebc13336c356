/**
 * The claims section of `npm run bench` (issue 10): whole-process timings of `lagrange verify` on
 * each claim file of derivations/paper and on the folder, of `lagrange report` (HTML and the claims
 * records, no PDF: TeX's time is not ours) and of `lagrange check` on those records, each a child
 * process timed from spawn to exit like the systems. `--only claims` runs this section alone.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { median, type Measured, type Run } from "./child.js";

export const CLAIMS_BENCH_NAME = "claims";
export const CLAIMS_HEADING = "## Claims of arXiv 2509.21049 (issue 10)";

/** One timed command: its name in the table and the CLI arguments after `lagrange`. */
export interface ClaimsTask {
  readonly name: string;
  readonly args: readonly string[];
}

/** The tasks, with the report's output (and the records `check` reads) in `out`. */
export function claimsTasks(root: string, out: string): ClaimsTask[] {
  const paper = join(root, "derivations", "paper");
  const files = readdirSync(paper)
    .filter((f) => f.endsWith(".claims.yaml"))
    .sort();
  return [
    ...files.map((f) => ({
      name: `verify ${f.replace(/\.claims\.yaml$/, "")}`,
      args: ["verify", join(paper, f), "--allow-refuted", "--json"],
    })),
    { name: "verify derivations/paper", args: ["verify", paper, "--allow-refuted", "--json"] },
    {
      name: "report --format html,json",
      args: ["report", paper, "--format", "html,json", "--out", out],
    },
    {
      name: "check paper-verification.json",
      args: ["check", join(out, "paper-verification.json")],
    },
  ];
}

export interface ClaimsRow extends Measured {
  readonly name: string;
  /** The verdicts (verify), or the command's first line of output. */
  readonly result: string;
}

/** A row from the runs of one task. */
export function claimsRow(task: ClaimsTask, runs: readonly Run[]): ClaimsRow {
  const good = runs.filter((r) => r.code === 0);
  const last = runs[runs.length - 1];
  const text = (good[0] ?? last).stdout.toString("utf8");
  let result = text.trim().split("\n")[0]?.slice(0, 100) ?? "";
  if (task.args[0] === "verify" && good.length) {
    const claims = (JSON.parse(text) as { claims: { id: string; verdict: string }[] }).claims;
    result = claims.map((c) => `${c.id} ${c.verdict}`).join(", ");
  } else if (task.args[0] === "check" && good.length) {
    const steps = [...text.matchAll(/: (\d+) steps re-verified/g)].map((m) => Number(m[1]));
    result = `${steps.reduce((a, b) => a + b, 0)} steps in ${steps.length} records re-verified`;
  } else if (task.args[0] === "report") result = result.replace(/ \(C1 .*$/, "");
  return {
    name: task.name,
    status: good.length === runs.length ? "ok" : last.timedOut ? "timeout" : "error",
    ...(good.length === runs.length ? {} : { message: last.stderr.trim().split("\n")[0] }),
    seconds: median((good.length ? good : runs).map((r) => r.seconds)),
    allSeconds: runs.map((r) => r.seconds),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    peakMB: Math.max(...runs.map((r) => r.peakKB)) / 1024,
    result,
  };
}

/** The section's markdown table. */
export function claimsTable(rows: readonly ClaimsRow[]): string {
  const lines = [
    CLAIMS_HEADING,
    "",
    "Whole process (Node start-up included), median of the runs; the report without its PDF.",
    "",
    "| command | time (s) | CPU (s) | peak MB | result |",
    "| --- | ---: | ---: | ---: | --- |",
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.status === "ok" ? r.seconds.toFixed(2) : `${r.status}`} | ${r.cpuSeconds.toFixed(2)} | ${r.peakMB.toFixed(0)} | ${r.status === "ok" ? r.result : (r.message ?? "")} |`,
    ),
  ];
  return lines.join("\n");
}
