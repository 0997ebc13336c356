/**
 * `lagrange report`: the verification document of the paper's claims. The HTML names every claim
 * with the verdict `lagrange verify` computes, draws C7's deceleration curves (and the dots where
 * the loss rises) and C1's error against n, typesets every formula with KaTeX and resolves every
 * link; refuted claims are reported with exit 0; bad input and a missing TeX are exit 2 with nothing
 * written; an edited claim statement changes the verdict the report shows; the PDF (when TeX is
 * installed) carries the same verdicts and plots.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import katex from "katex";
import { beforeAll, describe, expect, it } from "vitest";
import { reportName } from "../../src/cli/commands/report-run.js";
import { parseClaimFile } from "../../src/derivation-files/claims.js";
import { texEscape } from "../../src/emit/tex-text.js";
import { buildReport } from "../../src/report/report.js";
import { verifyClaims } from "../../src/verify/engine.js";
import { run } from "../support/cli.js";
import { formulasOf } from "../support/derived-documents.js";

const PAPER = "derivations/paper";
const DECELERATION = "derivations/paper/deceleration.claims.yaml";
const scratch = () => mkdtempSync(join(tmpdir(), "lagrange-cli-report-"));
const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const TEX = has("latexmk") && has("pdflatex") && has("pdftotext");

/** The verdict shown in the section of claim `id` (its badge). */
const badgeOf = (html: string, id: string): string | undefined =>
  new RegExp(
    `<section id="claim-${id}">\\s*<h2>[^]*?</h2>\\s*<p class="badge-line"><span class="badge \\w+">([a-z-]+)</span>`,
  ).exec(html)?.[1];

describe("lagrange report, HTML of the paper's claims", () => {
  let out: string;
  let html: string;
  let stdout: string;
  let verdicts: [string, string][];

  beforeAll(async () => {
    out = scratch();
    const r = await run("report", PAPER, "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0); // a refuted claim is reported, not a failure
    stdout = r.stdout;
    html = readFileSync(join(out, "paper-verification.html"), "utf8");
    const v = await run("verify", PAPER, "--json", "--allow-refuted");
    verdicts = (JSON.parse(v.stdout) as { claims: { id: string; verdict: string }[] }).claims.map(
      (c) => [c.id, c.verdict],
    );
  }, 120_000);

  it("writes output/paper-verification.html with KaTeX's assets, one summary line on stdout", () => {
    expect(readdirSync(out).sort()).toEqual(["katex", "paper-verification.html"]);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(stdout).toMatch(/^\d+ claims: \d+ proved, \d+ checked, \d+ refuted, \d+ not checkable/);
    expect(stdout).toContain(join(out, "paper-verification.html"));
    expect(html).toContain("<h1>Verification of arXiv 2509.21049</h1>");
  });

  it("names every claim with the verdict verify computes, in the summary and as its badge", () => {
    expect(verdicts.length).toBeGreaterThanOrEqual(4);
    expect(verdicts).toContainEqual(["C7", "refuted"]);
    for (const [id, verdict] of verdicts) {
      expect(html, id).toContain(`<tr><td class="nw">${id}</td><td class="nw">${verdict}</td>`);
      expect(badgeOf(html, id), id).toBe(verdict);
      expect(stdout).toContain(`${id} ${verdict}`);
    }
  });

  it("shows each claim's statement, formal statement and claim file", () => {
    const file = readFileSync(DECELERATION, "utf8");
    const claim = parseClaimFile(file, DECELERATION).claims[0];
    expect(html).toContain(claim.statement.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    expect(html).toContain('<td class="nw">truths</td><td>prior, 0.5, 0.9</td>');
    expect(html).toContain("Claim file: derivations/paper/deceleration.claims.yaml");
  });

  it("draws C7's v(t) and |a(t)| on log axes, the rise of the loss at q = 0.5 as dots", () => {
    const c7 = html.slice(html.indexOf('<section id="claim-C7">'));
    expect(c7).toContain("<title>Per-token loss v(t)</title>");
    expect(c7).toContain("<title>Acceleration a(t) = v(t+1) − v(t)</title>");
    for (const name of ["prior", "q = 0.5", "q = 0.9", "−a(t), prior", "a(t) &gt; 0, q = 0.5"])
      expect(c7, name).toContain(`>${name}</text>`);
    expect(c7).toMatch(/<circle class="series"/);
    expect(c7).toContain('10<tspan dy="-6" font-size="9">-6</tspan>');
  });

  it("draws each truth of C7 in one colour in v(t) and in |a(t)|, each in its own", () => {
    const c7 = html.slice(html.indexOf('<section id="claim-C7">'), html.indexOf('id="claim-C8"'));
    const colour = new Map(
      [
        ...c7.matchAll(/(?:stroke|fill)="(#[0-9A-F]{6})"[^>]*\/>\n<text [^>]*>([^<]+)<\/text>/g),
      ].map((m) => [m[2].replace(/&gt;/g, ">"), m[1]]),
    );
    for (const truth of ["prior", "q = 0.5", "q = 0.9"]) {
      expect(colour.get(`−a(t), ${truth}`), truth).toBe(colour.get(truth));
      expect(colour.get(truth), truth).toBeDefined();
    }
    expect(colour.get("a(t) > 0, q = 0.5")).toBe(colour.get("q = 0.5"));
    expect(new Set(["prior", "q = 0.5", "q = 0.9"].map((t) => colour.get(t))).size).toBe(3);
  });

  it("the checker computes C7's figure data: a(1), a(2) > 0 at q = 0.5, a(t) < 0 under the prior", () => {
    const claims = parseClaimFile(readFileSync(DECELERATION, "utf8"), DECELERATION).claims;
    const [result] = verifyClaims(claims, DECELERATION);
    const figures = result.parts.flatMap((p) => p.figures ?? []);
    expect(figures.map((f) => [f.title, f.logX, f.logY])).toEqual([
      ["Per-token loss v(t)", true, undefined],
      ["Acceleration a(t) = v(t+1) − v(t)", true, true],
    ]);
    const series = Object.fromEntries(figures[1].series.map((s) => [s.name, s]));
    expect(series["a(t) > 0, q = 0.5"].x).toEqual([1, 2]);
    const prior = series["−a(t), prior"];
    expect(prior.y.every((y) => y > 0)).toBe(true);
    expect(prior.x.length).toBeGreaterThan(100);
    expect(prior.x.length).toBeLessThanOrEqual(300);
    // Under the uniform prior a(t) ≈ −1/(2t²): about 5e-7 at t = 1000.
    expect(prior.y.at(-1)! * 2 * 1000 ** 2).toBeCloseTo(1, 1);
  }, 60_000);

  it("plots C1's claimed error σ²(1 + p/n) against n with the Monte Carlo estimates", () => {
    const c1 = html.slice(html.indexOf('<section id="claim-C1">'), html.indexOf('id="claim-C2"'));
    for (const name of ["claimed, p = 2", "claimed, p = 4", "claimed, p = 8"])
      expect(c1, name).toContain(`>${name}</text>`);
    expect(c1).toContain(">Monte Carlo, optimal designs</text>");
  });

  it("every formula is valid KaTeX and every step of a symbolic part is shown", () => {
    expect(html).not.toContain("katex-error");
    const files = readdirSync(PAPER)
      .filter((f) => f.endsWith(".claims.yaml"))
      .map((f) => parseClaimFile(readFileSync(join(PAPER, f), "utf8"), join(PAPER, f)));
    const checked = files.map((file) => ({ file, results: verifyClaims(file.claims, file.file) }));
    const doc = buildReport(checked, { source: PAPER });
    const formulas = formulasOf(doc);
    const steps = checked.flatMap((c) =>
      c.results.flatMap((r) => r.parts.flatMap((p) => p.steps ?? [])),
    );
    expect(steps.length).toBeGreaterThan(10);
    expect(formulas.length).toBeGreaterThanOrEqual(3 * steps.length);
    for (const f of formulas)
      expect(
        () => katex.renderToString(f, { throwOnError: true, strict: "error" }),
        f,
      ).not.toThrow();
    expect(html.match(/<li class="step"/g)?.length).toBe(steps.length);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const missing = [...html.matchAll(/href="#([^"]*)"/g)]
      .map((m) => m[1])
      .filter((f) => !ids.includes(f));
    expect(missing).toEqual([]);
  }, 60_000);
});

describe("lagrange report, input and exit codes", () => {
  it("names the output after the folder or claim file", () => {
    expect(reportName("derivations/paper")).toBe("paper-verification");
    expect(reportName("derivations/paper/")).toBe("paper-verification");
    expect(reportName("x/bellman.claims.yaml")).toBe("bellman-verification");
  });

  it("an edited statement changes the verdict shown: C7 without q = 0.5 is checked", async () => {
    const dir = scratch();
    const file = join(dir, "deceleration.claims.yaml");
    copyFileSync(DECELERATION, file);
    const out = join(dir, "out");
    const before = await run("report", file, "--out", out);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain("C7 refuted");
    expect(badgeOf(readFileSync(join(out, "deceleration-verification.html"), "utf8"), "C7")).toBe(
      "refuted",
    );
    writeFileSync(
      file,
      readFileSync(DECELERATION, "utf8").replace("truths: prior, 0.5, 0.9", "truths: prior, 0.9"),
    );
    const after = await run("report", file, "--out", out);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain("1 claim: 0 proved, 1 checked, 0 refuted, 0 not checkable");
    const html = readFileSync(join(out, "deceleration-verification.html"), "utf8");
    expect(badgeOf(html, "C7")).toBe("checked");
    expect(html).not.toContain("a(t) &gt; 0, q = 0.5");
  }, 60_000);

  it("bad input is exit 2 with nothing written: unknown format, no such path, no claims, a bad claim", async () => {
    const dir = scratch();
    const out = join(dir, "out");
    const cases: [string[], RegExp][] = [
      [[PAPER, "--format", "docx"], /unknown format 'docx'; formats: html, pdf, tex/],
      [["no/such/dir"], /cannot read 'no\/such\/dir'/],
      [["derivations/simple-pendulum.yaml"], /no claims in/],
    ];
    const bad = join(dir, "bad.claims.yaml");
    writeFileSync(
      bad,
      readFileSync(DECELERATION, "utf8").replace("acceleration: <= 0", "acceleration: sometimes"),
    );
    cases.push([[bad], /claim C7: given 'acceleration' must be a relation/]);
    for (const [args, message] of cases) {
      const r = await run("report", ...args, "--out", out);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
      expect(r.stdout).toBe("");
    }
    expect(readdirSync(dir)).toEqual(["bad.claims.yaml"]);
  });

  it("--format pdf without TeX says what to install, exit 2, nothing written", async () => {
    const dir = scratch();
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const r = await run("report", PAPER, "--format", "html,pdf", "--out", join(dir, "o"));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /latexmk is not installed.*apt-get install latexmk texlive-latex-base/s,
      );
    } finally {
      process.env.PATH = path;
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe.runIf(TEX)("lagrange report, PDF", () => {
  it("carries the title, every verdict, C7's plots and the recorded steps", async () => {
    const out = scratch();
    const r = await run("report", PAPER, "--format", "pdf,tex", "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["paper-verification.pdf", "paper-verification.tex"]);
    const text = execFileSync("pdftotext", ["-layout", join(out, "paper-verification.pdf"), "-"], {
      encoding: "utf8",
    }).replace(/[ \t]+/g, " ");
    expect(text).toContain("Verification of arXiv 2509.21049");
    for (const m of r.stdout.matchAll(/(C\d+) (proved|checked|refuted|not-checkable)/g))
      expect(text).toMatch(new RegExp(`${m[1]}\\s+${m[2]}`));
    expect(text).toContain("Per-token loss v(t)");
    expect(text).toContain("Generalisation error of the optimal design against n");
    expect(text).toContain("Step 1: Lagrangian.");
    const tex = readFileSync(join(out, "paper-verification.tex"), "utf8");
    expect(tex).toContain("xmode=log, ymode=log");
    expect(tex).not.toMatch(/[^\\]\?/); // every character of the report has a LaTeX rendering
    // One colour per truth of C7 in both of its figures (pgfplots colours by key).
    const colourOf = (name: string) =>
      [
        ...tex.matchAll(
          /\\addplot\[color=(series\d+)[^\]]*\] coordinates \{[^}]*\};\n\\addlegendentry\{(.*)\}$/gm,
        ),
      ].find((m) => m[2] === texEscape(name))?.[1];
    expect(colourOf("q = 0.9")).toBeDefined();
    expect(colourOf("−a(t), q = 0.9")).toBe(colourOf("q = 0.9"));
    expect(colourOf("−a(t), prior")).toBe(colourOf("prior"));
    expect(colourOf("prior")).not.toBe(colourOf("q = 0.9"));
    // Nothing runs past the right margin (long section titles, long legends, long prose).
    const build = scratch();
    writeFileSync(join(build, "report.tex"), tex);
    spawnSync("pdflatex", ["-interaction=nonstopmode", "report.tex"], {
      cwd: build,
      timeout: 120_000,
    });
    const log = readFileSync(join(build, "report.log"), "latin1");
    const overfull = [...log.matchAll(/Overfull \\hbox \(([\d.]+)pt too wide\)[^\n]*/g)];
    expect(overfull.filter((m) => Number(m[1]) > 1).map((m) => m[0])).toEqual([]);
  }, 180_000);
});
