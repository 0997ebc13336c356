/**
 * A proof document (./types.ts) as a complete LaTeX document for pdflatex: article class with
 * amsmath, amssymb, breqn (every displayed equation is a `dmath`, so long ones break at relations
 * and binary operators instead of running off the page), pgfplots (plots drawn from their data) and
 * longtable (tables that break across pages).
 * Boxed results are framed; steps are numbered as in the record, "(n)" referring back. Output is
 * deterministic (no dates): the same document gives the same bytes. Packages needed:
 * texlive-latex-base, texlive-latex-recommended (breqn), texlive-pictures (pgfplots).
 */
import { SERIES_COLOURS, seriesDash, seriesNumbers } from "./plot-colours.js";
import { texEscape as esc } from "./tex-text.js";
import type {
  Algorithm,
  Badge,
  DisplayEquation,
  DocStep,
  Plot,
  ProofDocument,
  Section,
  SymbolRow,
  Table,
} from "./types.js";

export { texEscape } from "./tex-text.js";

const PREAMBLE = String.raw`\documentclass[11pt]{article}
\usepackage[margin=2.2cm]{geometry}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{breqn}
\usepackage{pgfplots}
\usepackage{array}
\usepackage{longtable}
\pgfplotsset{compat=1.16}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5ex}
\newsavebox{\resultbox}
\newenvironment{result}
  {\par\begin{lrbox}{\resultbox}\begin{minipage}{\dimexpr\linewidth-2\fboxsep-2\fboxrule\relax}}
  {\end{minipage}\end{lrbox}\par\noindent\fbox{\usebox{\resultbox}}\par}
\newcommand{\steptitle}[2]{\par\medskip\noindent\textbf{Step #1: #2.}\ }
\setlength{\emergencystretch}{3em}
\makeatletter
\renewcommand\section{\@startsection{section}{1}{\z@}{-3.5ex \@plus -1ex \@minus -.2ex}{2.3ex \@plus.2ex}{\normalfont\Large\bfseries\raggedright}}
\makeatother
${SERIES_COLOURS.map((c, i) => `\\definecolor{series${i}}{HTML}{${c}}`).join("\n")}
`;

/** A displayed equation that may break across lines; numbered `n` when given, framed when boxed. */
function display(body: string, n?: number, boxed = false): string {
  const eq =
    n === undefined
      ? `\\begin{dmath*}\n${body}\n\\end{dmath*}`
      : `\\begin{dmath}[number={${n}}]\n${body}\n\\end{dmath}`;
  return boxed ? `\\begin{result}\n${eq}\n\\end{result}` : eq;
}

const equation = (e: DisplayEquation): string =>
  display(`${e.lhs} ${e.relation ?? "="} ${e.rhs.latex}`, undefined, e.boxed);

function step(st: DocStep): string {
  const uses = st.uses.length ? ` Uses ${st.uses.map((n) => `(${n})`).join(", ")}.` : "";
  return [
    `\\steptitle{${st.n}}{${esc(st.ruleName)}}${esc(capital(st.justification))}.${uses}`,
    display(`${st.label} = ${st.operation} = ${st.result.latex}`, st.n, st.boxed),
    `{\\small Checked: ${esc(st.check)}.}`,
  ].join("\n");
}

/** A sentence with its first letter capitalised (an ASCII one: ε stays ε, Ε has no LaTeX form). */
const capital = (s: string) => s.replace(/^[a-z]/, (c) => c.toUpperCase()).replace(/\.$/, "");

function symbolTable(rows: readonly SymbolRow[]): string {
  if (!rows.length) return "";
  const lines = rows.map(
    (r) =>
      `$${r.latex}$ & \\texttt{${esc(r.name)}} & ${esc(r.role)} & ${esc(r.description ?? "")} & ${esc(r.value ?? "")} \\\\`,
  );
  return [
    "\\begin{center}",
    "\\begin{tabular}{l l l p{7cm} l}",
    "\\hline",
    "symbol & name & role & description & value \\\\",
    "\\hline",
    ...lines,
    "\\hline",
    "\\end{tabular}",
    "\\end{center}",
  ].join("\n");
}

function algorithm(a: Algorithm): string {
  const out: string[] = [`\\paragraph{Algorithm: ${esc(a.title)}.}`];
  if (a.when) out.push(`Applies when ${esc(a.when)}.\\par`);
  if (a.inputs.length) out.push(`Hyperparameters: ${a.inputs.map(esc).join("; ")}.\\par`);
  if (a.refused !== undefined) {
    out.push(`\\emph{Refused:} ${esc(a.refused)}`);
    return out.join("\n");
  }
  const block = (title: string, eqs: readonly DisplayEquation[]) =>
    eqs.length
      ? [
          `\\par\\noindent\\emph{${title}}`,
          ...eqs.map((e) => display(`${e.lhs} \\leftarrow ${e.rhs.latex}`)),
        ]
      : [];
  out.push(
    "\\begin{result}",
    ...block("Once per step:", a.perStep),
    ...(a.firstStep ? block("On the first step:", a.firstStep) : []),
    ...block(a.firstStep ? "On later steps, in order:" : "Then, in order:", a.body),
    "\\end{result}",
  );
  return out.join("\n");
}

/** Numbers written plainly (pgfplots reads 1e-5 too). */
const coord = (x: number) => (Number.isFinite(x) ? String(x) : "nan");

/** Logarithmic axes as pgfplots modes; a linear y axis with plain (unscaled) tick labels. */
function axisModes(p: Plot): string {
  const modes = [p.logX ? ", xmode=log" : "", p.logY ? ", ymode=log" : ""].join("");
  return p.logY
    ? modes
    : `${modes}, scaled y ticks=false, y tick label style={/pgf/number format/fixed, /pgf/number format/precision=4}`;
}

/** The pgfplots style of series number i: its colour and dash (plot-colours.ts), 1 SVG px = 0.75 pt. */
function seriesStyle(i: number): string {
  const dash = seriesDash(i)
    .split(" ")
    .filter((x) => x)
    .map((x, k) => `${k % 2 ? "off" : "on"} ${Number(x) * 0.75}pt`);
  return `color=series${i}${dash.length ? `, dash pattern=${dash.join(" ")}` : ""}`;
}

/**
 * The width of a plot's axis: 0.7 of the line, less what a long legend beside it needs beyond
 * 0.25 of the line (estimated at 0.5 em a character in \small, plus 3 em for its sample line).
 */
function axisWidth(p: Plot): string {
  const longest = Math.max(0, ...p.series.map((s) => [...s.name].length));
  const legend = (0.5 * longest + 3).toFixed(1);
  return `width={min(0.7*\\linewidth, 0.95*\\linewidth-${legend}em)}`;
}

function plot(p: Plot, numbers: readonly number[] = p.series.map((_, i) => i)): string {
  const series = p.series.map((s, k) => {
    // On a logarithmic axis a value ≤ 0 has no place: written as nan, which pgfplots drops.
    const on = (log: boolean | undefined, v: number) => coord(log && !(v > 0) ? NaN : v);
    const points = s.x.map((x, i) => `(${on(p.logX, x)},${on(p.logY, s.y[i])})`);
    const rows: string[] = [];
    for (let i = 0; i < points.length; i += 8) rows.push(points.slice(i, i + 8).join(" "));
    const style = s.points
      ? `${seriesStyle(numbers[k])}, solid, only marks, mark=*, mark size=1.6pt`
      : `${seriesStyle(numbers[k])}, mark=none, thick`;
    return [
      `\\addplot[${style}] coordinates {`,
      ...rows,
      "};",
      `\\addlegendentry{${esc(s.name)}}`,
    ].join("\n");
  });
  return [
    "\\begin{center}",
    "\\begin{tikzpicture}",
    `\\begin{axis}[${axisWidth(p)}, height=6cm, title={${esc(p.title)}}, xlabel={${esc(p.xLabel)}}, ylabel={${esc(p.yLabel)}}, legend pos=outer north east, legend style={font=\\small}${axisModes(p)}]`,
    ...series,
    "\\end{axis}",
    "\\end{tikzpicture}",
    "\\end{center}",
    `{\\small ${esc(p.caption)}}`,
  ].join("\n");
}

/** Background colours of badges by tone (xcolor, loaded by pgfplots). */
const TONES: Record<Badge["tone"], string> = {
  good: "green!25",
  fair: "cyan!15",
  bad: "red!25",
  neutral: "black!10",
};

const badge = (b: Badge): string =>
  `\\par\\noindent\\fcolorbox{black}{${TONES[b.tone]}}{\\textbf{${esc(b.label)}}}\\par`;

/**
 * A table of text across the width that breaks across pages between rows (longtable, its head
 * repeated): the wrapping columns (Table.wide, default the last) share what the others leave, each
 * of those as wide as its longest cell (estimated at 0.55 em a character in \small).
 */
function table(t: Table): string {
  const wide = t.wide ?? [t.head.length - 1];
  const em = t.head
    .map((h, i) =>
      wide.includes(i)
        ? 0
        : Math.max(...[h, ...t.rows.map((r) => r[i] ?? "")].map((c) => [...c].length)),
    )
    .reduce((a, b) => a + b, 0);
  const width = `\\dimexpr(\\linewidth-${(0.55 * em).toFixed(1)}em-${2 * t.head.length}\\tabcolsep)/${wide.length}\\relax`;
  const cols = t.head
    .map((_, i) => (wide.includes(i) ? `>{\\raggedright\\arraybackslash}p{${width}}` : "l"))
    .join(" ");
  const row = (cells: readonly string[]) => `${cells.map(esc).join(" & ")} \\\\`;
  return [
    "{\\small",
    `\\begin{longtable}{${cols}}`,
    "\\hline",
    row(t.head),
    "\\hline",
    "\\endhead",
    ...t.rows.map(row),
    "\\hline",
    "\\end{longtable}}",
  ].join("\n");
}

function section(s: Section): string {
  const out: string[] = [`\\section{${esc(s.title)}}`];
  if (s.badge) out.push(badge(s.badge));
  if (s.intro) out.push(esc(s.intro));
  for (const t of s.tables ?? []) out.push(table(t));
  for (const a of s.algorithms ?? []) out.push(algorithm(a));
  for (const st of s.steps ?? []) out.push(step(st));
  if (s.equations?.length) {
    if (s.steps?.length) out.push("\\par\\noindent\\textbf{Results.}\\par");
    out.push(...s.equations.map(equation));
  }
  const numbers = seriesNumbers(s.plots ?? []);
  (s.plots ?? []).forEach((p, k) => out.push(plot(p, numbers[k])));
  if (s.notes?.length)
    out.push("\\begin{itemize}", ...s.notes.map((n) => `\\item ${esc(n)}`), "\\end{itemize}");
  return out.join("\n\n");
}

/** The complete LaTeX source of the document (deterministic: no dates, no randomness). */
export function documentTex(doc: ProofDocument): string {
  const out: string[] = [PREAMBLE, "\\begin{document}"];
  out.push(`\\title{${esc(doc.title)}}`, "\\date{}", "\\author{}", "\\maketitle");
  if (doc.description) out.push(`\\begin{abstract}\n${esc(doc.description)}\n\\end{abstract}`);
  if (doc.source)
    out.push(
      `${doc.kind === "report" ? "Claims from" : "Derivation file:"} \\texttt{${esc(doc.source)}}.`,
    );
  if (doc.lagrangian) {
    out.push(
      `\\section{The ${doc.kind === "field" ? "Lagrangian density" : "Lagrangian"}}`,
      "As written:",
      display(`L = ${doc.lagrangian.latex}`),
    );
    if (doc.lagrangian.text)
      out.push(
        `\\begin{flushleft}\n In the input syntax: \\texttt{${esc(doc.lagrangian.text)}}\n\\end{flushleft}`,
      );
  }
  if (doc.symbols.length) {
    if (!doc.lagrangian) out.push("\\section{Symbols}");
    out.push(symbolTable(doc.symbols));
  }
  if (doc.assumptions.length) out.push(`Assumptions: ${doc.assumptions.map(esc).join("; ")}.`);
  out.push(...doc.sections.map(section));
  out.push("\\section{How this was checked}");
  out.push("\\begin{itemize}", ...doc.checks.map((c) => `\\item ${esc(c)}`), "\\end{itemize}");
  if (doc.notes.length) {
    out.push("\\section{Notes}");
    out.push("\\begin{itemize}", ...doc.notes.map((n) => `\\item ${esc(n)}`), "\\end{itemize}");
  }
  out.push("\\end{document}");
  return out.join("\n\n") + "\n";
}
