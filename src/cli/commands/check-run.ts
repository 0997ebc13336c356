/**
 * `lagrange check`, the work: read the record file, re-verify each record in it (../../check),
 * print one summary line per record (or JSON), exit 1 naming the first failure.
 */
import { readFileSync } from "node:fs";
import { UserError } from "../../errors.js";
import {
  checkParsed,
  readRecords,
  RecordFailure,
  summaryLine,
  type CheckSummary,
} from "../../check/check.js";
import type { IO } from "../io.js";
import type { CheckFlags } from "./check.js";

/** Run `lagrange check RECORD [--seed N] [--json]`; throws a UserError on bad input. */
export function runCheck(file: string, flags: CheckFlags, io: IO): number {
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0))
    throw new UserError("input", `--seed must be a non-negative integer, got '${flags.seed}'`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new UserError(
      "file",
      code === "ENOENT"
        ? `${file}: no such file`
        : `${file}: cannot be read (${code ?? String(err)})`,
    );
  }
  const done: CheckSummary[] = [];
  let name = file;
  try {
    for (const r of readRecords(text, file)) {
      name = r.name;
      done.push(checkParsed(r, { seed }));
    }
  } catch (err) {
    if (!(err instanceof RecordFailure)) throw err;
    const message = err.message.startsWith(name) ? err.message : `${name}: ${err.message}`;
    if (flags.json)
      io.stdout(JSON.stringify({ ok: false, checked: done, failure: message }, null, 2) + "\n");
    io.stderr(`check failed: ${message}\n`);
    return 1;
  }
  if (flags.json) io.stdout(JSON.stringify({ ok: true, checked: done }, null, 2) + "\n");
  else for (const s of done) io.stdout(summaryLine(s) + "\n");
  return 0;
}
