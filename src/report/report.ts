/**
 * The verification report of a paper's claims (`lagrange report`): one document (the emit layer's
 * ProofDocument, kind "report", rendered to HTML and LaTeX/PDF by the same renderers as the proof
 * documents) that opens with a table of every claim and its verdict, then gives each claim as
 * stated, its formal statement (`given:`, from which the verdict was computed), the verdict as a
 * badge, the method and evidence of each part, the figures the checkers computed, and the recorded
 * derivation steps of its symbolic parts (rule, operation, result, justification, check). Nothing
 * here decides a verdict: they are the ClaimResults of src/verify, shown as they are.
 */
import { basename } from "node:path";
import type { ClaimFile, ClaimSpec } from "../derivation-files/claims.js";
import { docStep, References } from "../emit/doc-steps.js";
import type { Badge, Plot, ProofDocument, Section, Table } from "../emit/types.js";
import type { ClaimResult, PartResult, Verdict } from "../verify/types.js";
import { verdictCounts } from "../verify/types.js";

/** A claim file with the results of its claims, in the file's order. */
export interface CheckedFile {
  readonly file: ClaimFile;
  readonly results: readonly ClaimResult[];
}

export interface ReportOptions {
  /** The path the claims were read from (a folder or a file). */
  readonly source: string;
  /** The title; default "Verification of arXiv N" when every file names the same arXiv id. */
  readonly title?: string;
}

const TONE: Record<Verdict, Badge["tone"]> = {
  proved: "good",
  checked: "fair",
  refuted: "bad",
  "not-checkable": "neutral",
};

const MEANING: Record<Verdict, string> = {
  proved: "a symbolic chain of steps, each checked numerically at random points",
  checked: "numeric evidence only; the sample, ranges and tolerance are stated",
  refuted: "a counterexample is given",
  "not-checkable": "the reason is given",
};

const ARXIV = /arXiv[: ]+(\d{4}\.\d{4,5})/;

/** "Verification of arXiv N" when every file's name or description names arXiv N. */
export function reportTitle(files: readonly ClaimFile[], source: string): string {
  const ids = new Set(files.map((f) => ARXIV.exec(`${f.name} ${f.description}`)?.[1] ?? ""));
  const [id] = [...ids];
  return ids.size === 1 && id
    ? `Verification of arXiv ${id}`
    : `Verification of the claims in ${source}`;
}

/**
 * A figure of a checker as a plot of the document (the same plain data), each series keyed by its
 * key or else its name: a curve has one colour in all the figures of its claim.
 */
const plotOf = (f: Plot): Plot => ({
  ...f,
  series: f.series.map((s) => ({ ...s, key: s.key ?? s.name })),
});

/** The `given:` of a claim as a table (or its reason, for `check: none`). */
function givenTable(c: ClaimSpec): Table {
  const rows = Object.entries(c.given).map(([k, v]) => [k, String(v)]);
  if (c.reason !== undefined) rows.push(["reason", c.reason]);
  return { head: ["formal statement (given)", "value"], rows };
}

function partsTable(parts: readonly PartResult[]): Table {
  return {
    head: ["part", "verdict", "method", "evidence"],
    rows: parts.map((p, i) => [String(i + 1), p.verdict, p.method, p.evidence]),
    wide: [2, 3],
  };
}

const sectionId = (r: ClaimResult) => `claim-${r.id}`;

/** A claim's section: the statement, the verdict, the formal statement, parts and figures. */
function claimSection(r: ClaimResult, spec: ClaimSpec, file: ClaimFile): Section {
  const withSteps = r.parts.flatMap((p, i) => (p.steps?.length ? [i + 1] : []));
  const intro = [
    r.statement,
    `Claim file: ${file.file} (${file.name}). Checker: ${spec.check}. Verdict: ${r.verdict} — the weakest of its ${r.parts.length} part${r.parts.length === 1 ? "" : "s"}.`,
    ...(withSteps.length
      ? [
          `The recorded steps of part${withSteps.length === 1 ? "" : "s"} ${withSteps.join(", ")} follow in the next section${withSteps.length === 1 ? "" : "s"}.`,
        ]
      : []),
  ];
  return {
    id: sectionId(r),
    title: `${r.id}: ${file.name}`,
    badge: { label: r.verdict, tone: TONE[r.verdict] },
    intro: intro.join("\n\n"),
    tables: [givenTable(spec), partsTable(r.parts)],
    plots: r.parts.flatMap((p) => (p.figures ?? []).map(plotOf)),
  };
}

/** The steps of a symbolic part, numbered as recorded, "(n)" referring back within the part. */
function stepsSection(r: ClaimResult, part: PartResult, index: number): Section {
  const steps = part.steps ?? [];
  const refs = new References(steps);
  const last = steps.length ? steps[steps.length - 1].n : -1;
  return {
    id: `${sectionId(r)}-part-${index + 1}`,
    title: `${r.id}, part ${index + 1}: ${part.method}`,
    badge: { label: part.verdict, tone: TONE[part.verdict] },
    intro: `${steps.length} recorded steps. ${part.evidence}`,
    steps: steps.map((st) => docStep(st, refs, st.n === last)),
  };
}

/** Every claim with its file, in the order of the ids (C1, C2, …, C10), ties in file order. */
export function byId(checked: readonly CheckedFile[]): { file: ClaimFile; r: ClaimResult }[] {
  const n = (id: string) => Number(id.slice(1));
  return checked
    .flatMap((c) => c.results.map((r) => ({ file: c.file, r })))
    .map((x, i) => ({ ...x, i }))
    .sort((a, b) => n(a.r.id) - n(b.r.id) || a.i - b.i)
    .map(({ file, r }) => ({ file, r }));
}

/** The summary: every claim, its verdict, its subject and its file. */
function summarySection(checked: readonly CheckedFile[]): Section {
  const all = byId(checked);
  const results = all.map((x) => x.r);
  const rows = all.map(({ file, r }) => [r.id, r.verdict, file.name, basename(file.file)]);
  return {
    id: "summary",
    title: "Verdicts",
    intro: `${verdictCounts(results)}. ${(Object.keys(MEANING) as Verdict[]).map((v) => `${v}: ${MEANING[v]}`).join("; ")}.`,
    tables: [{ head: ["claim", "verdict", "subject", "claim file"], rows, wide: [2] }],
  };
}

/**
 * The report of `checked` (claim files and the results `verifyClaims` computed for them): a summary
 * section, then per claim (in the order of the ids) its section and a section per symbolic part
 * with its steps.
 */
export function buildReport(
  checked: readonly CheckedFile[],
  options: ReportOptions,
): ProofDocument {
  const sections: Section[] = [summarySection(checked)];
  let steps = 0;
  let points = 0;
  for (const { file, r } of byId(checked)) {
    const spec = file.claims.find((c) => c.id === r.id)!;
    sections.push(claimSection(r, spec, file));
    r.parts.forEach((p, i) => {
      if (!p.steps?.length) return;
      sections.push(stepsSection(r, p, i));
      steps += p.steps.length;
      points = Math.max(points, ...p.steps.map((s) => s.check.points));
    });
  }
  const files = checked.map((c) => c.file);
  return {
    title: options.title ?? reportTitle(files, options.source),
    description:
      "Each claim as stated, its formal statement (given:), the verdict computed from that statement " +
      "by lagrange's checkers, the evidence of each part, the figures the checkers computed and " +
      "the recorded derivation steps of the symbolic parts. A claim's verdict is the weakest of its " +
      "parts' (refuted < not-checkable < checked < proved).",
    source: options.source,
    kind: "report",
    symbols: [],
    assumptions: [],
    sections,
    checks: [
      `${checked.reduce((n, c) => n + c.results.length, 0)} claims from ${files.length} file${files.length === 1 ? "" : "s"}; every verdict computed now from the claim's formal statement, none read from a file.`,
      ...(steps
        ? [
            `${steps} derivation steps recorded, each checked by evaluating both sides at up to ${points} random points.`,
          ]
        : []),
    ],
    notes: [],
  };
}
