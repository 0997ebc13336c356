/** Running the CLI in-process for tests: `main(argv, io)` with a capturing io. */
import { expect } from "vitest";
import { main } from "../../src/cli/main.js";

/** Run `lagrange …argv`; the exit code and everything written to stdout and stderr. */
export async function run(
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

/** Run with `--json` and expect success with a clean stderr; the parsed JSON document. */
export async function runJson(...argv: string[]): Promise<Record<string, any>> {
  const r = await run(...argv, "--json");
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, any>;
}
