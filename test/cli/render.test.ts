/**
 * `lagrange render` and `lagrange build` from the command line: documents in every format,
 * deterministic and written only when everything succeeded; bad input and a missing TeX are exit 2
 * with nothing written.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../support/cli.js";

const scratch = () => mkdtempSync(join(tmpdir(), "lagrange-cli-render-"));

describe("lagrange render", () => {
  it("writes the HTML page with KaTeX's assets beside it, byte-identical on a re-run", async () => {
    const [a, b] = [scratch(), scratch()];
    for (const out of [a, b]) {
      const r = await run(
        "render",
        "derivations/kepler-polar.yaml",
        "--format",
        "html,tex,json",
        "--out",
        out,
      );
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
    expect(readdirSync(a).sort()).toEqual([
      "katex",
      "kepler-polar.html",
      "kepler-polar.json",
      "kepler-polar.tex",
    ]);
    for (const f of ["kepler-polar.html", "kepler-polar.tex", "kepler-polar.json"])
      expect(readFileSync(join(a, f), "utf8")).toBe(readFileSync(join(b, f), "utf8"));
    expect(readdirSync(join(a, "katex"))).toContain("katex.min.css");
    const html = readFileSync(join(a, "kepler-polar.html"), "utf8");
    expect(html).toContain('href="katex/katex.min.css"');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it("--format pdf without TeX says what to install, exit 2, nothing written", async () => {
    const out = scratch();
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const r = await run(
        "render",
        "derivations/harmonic-oscillator.yaml",
        "--format",
        "pdf",
        "--out",
        join(out, "o"),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /latexmk is not installed.*apt-get install latexmk texlive-latex-base/s,
      );
    } finally {
      process.env.PATH = path;
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it("an unknown format is exit 2", async () => {
    const r = await run(
      "render",
      "derivations/harmonic-oscillator.yaml",
      "--format",
      "docx",
      "--out",
      scratch(),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown format 'docx'; formats: tex, pdf, html, json/);
  });

  it("a bad file among good ones: exit 2 and nothing written (every file is derived first)", async () => {
    const dir = scratch();
    copyFileSync("derivations/harmonic-oscillator.yaml", join(dir, "a.yaml"));
    writeFileSync(
      join(dir, "b.yaml"),
      "name: B\ndescription: broken on purpose here\ncoordinates: [x]\nlagrangian: 1/2*x'^2 - (x\n",
    );
    const out = join(scratch(), "o");
    const r = await run("render", dir, "--format", "html", "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\^/);
    expect(() => readdirSync(out)).toThrow();
  });
});

describe("lagrange build", () => {
  it("renders a folder in every format with an index linking them (PDF through latexmk)", async () => {
    const dir = scratch();
    for (const f of ["harmonic-oscillator", "adam"])
      copyFileSync(`derivations/${f}.yaml`, join(dir, `${f}.yaml`));
    const out = join(scratch(), "output");
    const r = await run("build", dir, "--out", out);
    expect(r.code).toBe(0);
    // One line per file as it is done (two PDFs compile at once, so in either order).
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("derived "));
    expect(lines.map((l) => l.replace(/ \(\d\/2\)$/, "")).sort()).toEqual([
      "derived adam",
      "derived harmonic-oscillator",
    ]);
    expect(lines.map((l) => /\((\d)\/2\)$/.exec(l)?.[1])).toEqual(["1", "2"]);
    const files = readdirSync(out).sort();
    for (const name of ["adam", "harmonic-oscillator"])
      for (const ext of ["html", "json", "pdf", "tex", "txt"])
        expect(files).toContain(`${name}.${ext}`);
    const index = readFileSync(join(out, "index.html"), "utf8");
    expect(index).toContain('href="adam.html"');
    expect(index).toContain('href="harmonic-oscillator.pdf"');
  }, 120_000);

  it("on a terminal the progress is one redrawn bar on stderr", async () => {
    const dir = scratch();
    copyFileSync("derivations/harmonic-oscillator.yaml", join(dir, "h.yaml"));
    let err = "";
    const { main } = await import("../../src/cli/main.js");
    const code = await main(["build", dir, "--out", join(scratch(), "o")], {
      stdout: () => {},
      stderr: (t) => void (err += t),
      isTTY: true,
    });
    expect(code).toBe(0);
    expect(err).toMatch(/\r\[#+\] 1\/1 h/);
  }, 120_000);
});
