/**
 * The proof document: what a reader sees of a derivation record, independent of the output format.
 * Built once from a record (document.ts) and rendered to LaTeX (tex.ts, then PDF) and to HTML with
 * KaTeX (html.ts), so both formats say the same thing. Plain JSON-able data; every formula is a
 * LaTeX math-mode string (no delimiters) valid for both pdflatex (with amsmath, breqn) and KaTeX.
 */
import type { Plot, Series } from "../proof/types.js";

// A plot's data (curves, axes, caption) is the proof layer's, shared with the claims' figures.
export type { Plot, Series };

/** A formula: LaTeX math (no delimiters), and the same in the input syntax for copying. */
export interface Formula {
  readonly latex: string;
  readonly text?: string;
}

/** A name of the system as the reader sees it: `th1` → `\theta_{1}`, with its role. */
export interface SymbolRow {
  readonly name: string;
  readonly latex: string;
  readonly role:
    | "coordinate"
    | "field"
    | "independent variable"
    | "time"
    | "parameter"
    | "hyperparameter"
    | "state"
    | "function";
  readonly description?: string;
  /** A numeric value or default, as written. */
  readonly value?: string;
}

/** One numbered step of a proof. */
export interface DocStep {
  /** The step's number as the record has it (within its proof). */
  readonly n: number;
  /** Stable rule id (src/proof/rules.ts) and its human name. */
  readonly rule: string;
  readonly ruleName: string;
  /** What is derived, as LaTeX (`\frac{\partial L}{\partial \dot{x}}`, `E_{x}`). */
  readonly label: string;
  /** The operation applied, as LaTeX, with earlier steps referred to as `(n)`. */
  readonly operation: string;
  /** The result. */
  readonly result: Formula;
  /** Why, in words ("differentiate with respect to ẋ"). */
  readonly justification: string;
  /** The steps this one uses, by number. */
  readonly uses: readonly number[];
  /** How it was checked, in words ("both sides agree at 4 random points"). */
  readonly check: string;
  /** Highlighted (boxed) in the document: the Euler–Lagrange equations, final results. */
  readonly boxed?: boolean;
}

/** A displayed result (not a step): `H = …`, `\dot{p}_x = …`, an assignment of an update rule. */
export interface DisplayEquation {
  readonly lhs: string;
  /** The relation: "=", "←" (an assignment of an update rule). */
  readonly relation?: "=" | "\\leftarrow";
  readonly rhs: Formula;
  readonly boxed?: boolean;
  /** Step numbers that prove it. */
  readonly steps?: readonly number[];
}

/** An update rule shown as an algorithm (a variant of an optimizer or an integrator). */
export interface Algorithm {
  readonly title: string;
  /** When the variant applies, in words ("centered = true, momentum ≠ 0"). */
  readonly when?: string;
  /** Hyperparameters with defaults, in words. */
  readonly inputs: readonly string[];
  /** Per-step scalars, then (if any) the first step's lines, then the per-element lines. */
  readonly perStep: readonly DisplayEquation[];
  readonly firstStep: readonly DisplayEquation[] | null;
  readonly body: readonly DisplayEquation[];
  /** Refused hyperparameters (torch's own checks), instead of a body. */
  readonly refused?: string;
}

/** A table of plain text cells (a report's summary, a claim's formal statement). */
export interface Table {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The columns that share the remaining width and wrap (default: the last). */
  readonly wide?: readonly number[];
}

/** A label shown beside a section's title: a verdict, coloured by its tone. */
export interface Badge {
  readonly label: string;
  readonly tone: "good" | "fair" | "bad" | "neutral";
}

/** A section of the document: prose, displayed equations, steps, algorithms, plots, in order. */
export interface Section {
  /** Stable id, also the HTML anchor (`euler-lagrange`, `hamiltonian`, `noether-energy`). */
  readonly id: string;
  readonly title: string;
  readonly intro?: string;
  readonly badge?: Badge;
  readonly tables?: readonly Table[];
  readonly equations?: readonly DisplayEquation[];
  readonly steps?: readonly DocStep[];
  readonly algorithms?: readonly Algorithm[];
  readonly plots?: readonly Plot[];
  readonly notes?: readonly string[];
}

/** The whole document. */
export interface ProofDocument {
  readonly title: string;
  readonly description?: string;
  /** The derivation file it came from, when known. */
  readonly source?: string;
  readonly kind: "mechanics" | "field" | "update" | "report";
  /** The Lagrangian as the user wrote it (absent for an optimizer file). */
  readonly lagrangian?: Formula;
  readonly symbols: readonly SymbolRow[];
  /** Declared assumptions in words ("m, c > 0"). */
  readonly assumptions: readonly string[];
  readonly sections: readonly Section[];
  /** How the record was checked: steps, points, tolerance, cross-route checks in words. */
  readonly checks: readonly string[];
  readonly notes: readonly string[];
}
