/** The README's worked example is the CLI's real output (so the documentation cannot drift). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");

describe("README", () => {
  it("harmonic oscillator example: the printed output is exactly what the CLI prints", async () => {
    const m = /```sh\n\$ npx lagrange (derive [^\n]+)\n([\s\S]*?)```/.exec(readme);
    expect(m, "an example block starting with '$ npx lagrange derive'").not.toBeNull();
    const argv = [...m![1].matchAll(/"([^"]*)"|(\S+)/g)].map((a) => a[1] ?? a[2]);
    let out = "";
    const code = await main(argv, { stdout: (t) => void (out += t), stderr: () => {} });
    expect(code).toBe(0);
    expect(out).toBe(m![2]);
  });
});
