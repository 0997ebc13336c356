/**
 * Proof steps as the document shows them: a label in LaTeX (`∂L/∂th1'` →
 * \frac{\partial L}{\partial \dot{\theta}_{1}}), the operation with earlier results referred to as
 * "(n)" (∂/∂ẋ of (1), D_t of (3), (2) − (4)), the result, the rule's name, the justification and
 * how the step was checked.
 */
import { latex } from "../expr/syntax/latex.js";
import { print } from "../expr/syntax/print.js";
import type { Expr } from "../expr/types.js";
import { RULES } from "../proof/rules.js";
import type { Operation, Ref, Step } from "../proof/types.js";
import { mathOf } from "./tex-text.js";
import type { DocStep, Formula } from "./types.js";

/** A name as LaTeX: `th1'` → `\dot{\theta}_{1}`, `m[k-1]` → `m_{k-1}`. */
export const sym = (name: string): string => latex({ kind: "sym", name });

/** Longer LaTeX than this is rewritten so that it can break across lines (see breakable). */
export const LONG = 150;

const isReciprocal = (f: Expr) =>
  f.kind === "pow" && f.exp.kind === "num" && f.exp.value.startsWith("-");

/**
 * `e` in LaTeX that a line-breaking display (breqn's dmath, KaTeX's inline breaks) can break: a
 * long quotient N/D, which \frac would set as one unbreakable box, becomes \frac{1}{D}\left(N\right)
 * (or \left(N\right)\left(D\right)^{-1} when D is long too), term by term in a sum; anything
 * shorter than {@link LONG} characters stays as latex() writes it.
 */
export function breakable(e: Expr, names?: Readonly<Record<string, string>>): string {
  const whole = latex(e, { names });
  if (whole.length <= LONG) return whole;
  if (e.kind === "add") {
    return e.args
      .map((t, i) => {
        const s = breakable(t, names);
        if (i === 0) return s;
        return s.startsWith("-") ? ` - ${s.slice(1)}` : ` + ${s}`;
      })
      .join("");
  }
  const factors = (f: Expr): Expr[] => (f.kind === "mul" ? f.args.flatMap(factors) : [f]);
  const fs = factors(e);
  if (e.kind === "mul" && fs.some(isReciprocal)) {
    const num = fs.filter((f) => !isReciprocal(f));
    const den = fs.filter(isReciprocal).map((f): Expr => {
      const p = f as Extract<Expr, { kind: "pow" }>;
      const k = (p.exp as Extract<Expr, { kind: "num" }>).value.slice(1);
      return k === "1" ? p.base : { kind: "pow", base: p.base, exp: { kind: "num", value: k } };
    });
    const of = (xs: Expr[]): Expr | null =>
      xs.length === 0 ? null : xs.length === 1 ? xs[0] : { kind: "mul", args: xs };
    const N = of(num);
    const D = of(den)!;
    const d = latex(D, { names });
    const over =
      d.length <= LONG ? `\\frac{1}{${d}}` : `\\left(${breakable(D, names)}\\right)^{-1}`;
    if (!N) return over;
    const n = breakable(N, names);
    const sign = n.startsWith("-") ? "-" : "";
    return `${sign}${over} \\left(${sign ? n.slice(1) : n}\\right)`;
  }
  return whole;
}

/** A formula: LaTeX (breakable when long) and the input syntax. */
export const formula = (e: Expr): Formula => ({ latex: breakable(e), text: print(e) });

/** Plain words inside a formula: ASCII only (pdflatex and KaTeX alike), braces and specials dropped. */
export const words = (s: string): string => `\\text{${s.replace(/[^A-Za-z0-9 ,.:;()=+-]/g, "")}}`;

/** Characters kept as they are inside \text{} (pdflatex and KaTeX alike). */
const PLAIN = /[A-Za-z0-9 ,.:;()=+\-*/'!?[\]<>|]/;

/**
 * An indexed name in a label (`s3`, `a0`, `l12`: one letter, then digits, standing alone and not
 * called like `D1(f)`): written `s_3`, as the records' names are typeset (s3 → s_{3}).
 */
const INDEXED = /(?<![A-Za-z0-9_^'])([A-Za-z])(\d+)(?![A-Za-z0-9_('])/g;

/**
 * A free-form label (`λ_{k+1} = V'(s_{k+1})`, `∂H^(0)/∂a_0`, `E_l(ℒ)`) as math-mode LaTeX that pdflatex
 * and KaTeX both typeset: ASCII runs as \text{…}, the prose's Unicode as math (θ → \theta,
 * ∂ → \partial, ² → ^{2}, consecutive super- or subscript characters as one group), `_x`, `_x12`,
 * `_{…}`, `^x`, `^(…)` as sub- and superscripts, an indexed name `s3` as `s_3` (with `indexed`, not
 * inside a sub- or superscript); any other character is left out.
 */
export function labelText(label: string, indexed = true): string {
  const chars = [...(indexed ? label.replace(INDEXED, "$1_$2") : label)];
  const out: string[] = [];
  let text = "";
  const flush = () => {
    if (text)
      out.push(
        `\\text{${text.replace(/</g, "\\textless{}").replace(/>/g, "\\textgreater{}").replace(/\|/g, "\\textbar{}")}}`,
      );
    text = "";
  };
  /**
   * The group after `_` or `^` at i: `{…}`, `(…)` (kept), a letter with the digits after it
   * (`η_w1` → η_{w1}) or one character; its end.
   */
  const group = (i: number): [string, number] => {
    const open = chars[i];
    const close = open === "{" ? "}" : open === "(" ? ")" : "";
    if (!close) {
      let j = i + 1;
      if (/^[A-Za-z]$/.test(open ?? "")) while (j < chars.length && /^\d$/.test(chars[j])) j++;
      return [chars.slice(i, j).join(""), j];
    }
    let depth = 0;
    for (let j = i; j < chars.length; j++) {
      if (chars[j] === open) depth++;
      else if (chars[j] === close && --depth === 0) {
        const inner = chars.slice(i + 1, j).join("");
        return [open === "(" ? `(${inner})` : inner, j + 1];
      }
    }
    return [chars.slice(i + 1).join(""), chars.length];
  };
  let script = ""; // the kind (^ or _) of the last group written, to merge ²³ or ₁₂
  for (let i = 0; i < chars.length; ) {
    const ch = chars[i];
    if ((ch === "_" || ch === "^") && i + 1 < chars.length) {
      flush();
      const [inner, next] = group(i + 1);
      out.push(`${ch}{${labelText(inner, false)}}`); // a subscript's own digits stay in it (w1)
      script = "";
      i = next;
      continue;
    }
    const math = mathOf(ch);
    if (PLAIN.test(ch)) text += ch;
    else if (math !== undefined) {
      flush();
      const m = /^([_^])\{(.*)\}$/.exec(math);
      if (m && script === m[1]) out[out.length - 1] = out[out.length - 1].slice(0, -1) + `${m[2]}}`;
      else out.push(/^\\[A-Za-z]+$/.test(math) ? `${math} ` : math);
      script = m ? m[1] : "";
      i++;
      continue;
    }
    if (ch !== " ") script = "";
    i++;
  }
  flush();
  return out.join("").trim() || "\\text{}";
}

const NAMES: Record<string, string> = {
  L: "L",
  H: "H",
  S: "S",
  loss: "\\mathrm{loss}",
  ℒ: "\\mathcal{L}",
};
const head = (s: string) => NAMES[s] ?? sym(s);
const SYMBOL = /^[A-Za-z][A-Za-z0-9_]*('*|\[[A-Za-z][A-Za-z0-9_]*([+-]\d+)?\])$/;

/**
 * A step's label in LaTeX: `∂L/∂x'`, `∂ℒ/∂s3`, `D_t(∂L/∂x')`, `E_x(L)`, `E_l(ℒ)`, `D_tQ`, `det M`,
 * or a name (`p_x`, `x''`, `m[k]`); anything else as words (labelText).
 */
export function labelLatex(label: string): string {
  let m = /^∂(\w+|ℒ)\/∂(.+)$/.exec(label);
  if (m && SYMBOL.test(m[2])) return `\\frac{\\partial ${head(m[1])}}{\\partial ${sym(m[2])}}`;
  m = /^D_(\w)\((.+)\)$/.exec(label);
  if (m) return `D_{${sym(m[1])}}\\left(${labelLatex(m[2])}\\right)`;
  m = /^E_(.+)\((\w+|ℒ)\)$/.exec(label);
  if (m && SYMBOL.test(m[1])) return `E_{${sym(m[1])}}(${head(m[2])})`;
  m = /^D_(\w)Q( on solutions)?$/.exec(label);
  if (m) return `D_{${sym(m[1])}} Q`;
  if (label === "det M") return "\\det M";
  if (SYMBOL.test(label)) return head(label);
  return labelText(label);
}

/** How the steps of one proof are referred to: each result (and each expression given) by number. */
export class References {
  private readonly byText = new Map<string, number>();

  constructor(steps: readonly Step[], earlier?: References) {
    if (earlier) for (const [k, v] of earlier.byText) this.byText.set(k, v);
    for (const st of steps) {
      const keys = [print(st.rhs)];
      if (st.lhs.op === "given" && !("step" in st.lhs.expr)) keys.push(print(st.lhs.expr));
      for (const k of keys) if (!this.byText.has(k)) this.byText.set(k, st.n);
    }
  }

  /** An operand: "(n)" for a reference, else the expression with earlier results as "(n)". */
  ref(r: Ref, before: number, wrap = false): string {
    if ("step" in r) return `(${r.step})`;
    const s = this.expr(r, before);
    return wrap && /[-+ ]/.test(s) && !/^\(\d+\)$/.test(s) ? `\\left(${s}\\right)` : s;
  }

  /** `e` in LaTeX, every compound part equal to an earlier step's result written "(n)". */
  expr(e: Expr, before: number): string {
    const names: Record<string, string> = {};
    const walk = (x: Expr): Expr => {
      if (x.kind === "num" || x.kind === "sym") return x;
      const n = this.byText.get(print(x));
      if (n !== undefined && n < before) {
        names[`#${n}`] = `(${n})`;
        return { kind: "sym", name: `#${n}` };
      }
      switch (x.kind) {
        case "add":
        case "mul":
          return { kind: x.kind, args: x.args.map(walk) };
        case "pow":
          return { kind: "pow", base: walk(x.base), exp: walk(x.exp) };
        case "call":
          return { ...x, args: x.args.map(walk) };
      }
    };
    return breakable(walk(e), names);
  }
}

const at = (body: string, cond: string) => `\\left.${body}\\right|_{${cond}}`;

/** The operation of a step in LaTeX, earlier results referred to as "(n)". */
export function operationLatex(op: Operation, n: number, refs: References, st?: Step): string {
  const r = (x: Ref, wrap = false) => refs.ref(x, n, wrap);
  const from = (st?.uses ?? []).map((u) => `(${u})`).join(",\\ ");
  switch (op.op) {
    case "given":
      if (st?.rule === "solve-velocities" && from)
        return `${words("solve")}\\ ${r(op.expr)} = ${from}\\ ${words("for")}\\ ${labelLatex(st.label)}`;
      return r(op.expr);
    case "partial":
      return `${op.sign === -1 ? "-" : ""}\\frac{\\partial}{\\partial ${sym(op.wrt)}} ${r(op.of, true)}`;
    case "total":
      return `D_{${sym(op.wrt)}} ${r(op.of, true)}`;
    case "combine":
      return r(op.expr);
    case "simplify":
      return r(op.of);
    case "on-shell": {
      const cond =
        op.by === "identity"
          ? "E_{i}(L) = 0"
          : op.by === "mass-matrix"
            ? `M a = F,\\ a = (${op.unknowns.map(sym).join(", ")})`
            : op.unknowns.map((u) => `${sym(u)} = ${sym(u)}(${words("solved")})`).join(",\\ ");
      return at(r(op.of), cond);
    }
    case "substitute": {
      const cond = Object.entries(op.with).map(([k, v]) => `${sym(k)} = ${r(v)}`);
      return at(r(op.of, true), cond.join(",\\ "));
    }
    case "stationary": {
      const eqs = op.of.map((x) => `${r(x)} = 0`).join(",\\ ");
      return `${words("solve")}\\ ${eqs}\\ ${words("for")}\\ ${sym(op.unknown)}`;
    }
    case "mass-matrix": {
      const zero = Object.keys(op.row)
        .map((a) => `${sym(a)} = 0`)
        .join(",\\ ");
      const terms = Object.entries(op.row).map(([a, m]) =>
        r(m) === "1" ? sym(a) : `${r(m, true)} ${sym(a)}`,
      );
      return `${at(r(op.residual), zero || "a = 0")} - ${terms.join(" - ") || "0"}`;
    }
    case "affine": {
      const zero = Object.keys(op.coefficients)
        .map((a) => `${sym(a)} = 0`)
        .join(",\\ ");
      const terms = Object.entries(op.coefficients).map(([a, c]) => ` + ${r(c, true)} ${sym(a)}`);
      return `${at(r(op.of), zero)}${terms.join("")}`;
    }
    case "solve": {
      if (op.unknowns.length > 1 && from)
        return `\\left(M^{-1} F\\right)_{${sym(op.unknown)}}\\ ${words("with M, F from")}\\ ${from}`;
      if (op.unknowns.length === 1) {
        const [M, F] = [r(op.matrix[0][0]), r(op.rhs[0])];
        return M === "1" ? F : `\\frac{${F}}{${M}}`;
      }
      const col = (xs: readonly string[]) => `\\begin{pmatrix}${xs.join(" \\\\ ")}\\end{pmatrix}`;
      const M = op.matrix.map((row) => row.map((x) => r(x)).join(" & ")).join(" \\\\ ");
      return (
        `\\begin{pmatrix}${M}\\end{pmatrix} ${col(op.unknowns.map(sym))} = ` +
        `${col(op.rhs.map((x) => r(x)))}\\ ${words("for")}\\ ${sym(op.unknown)}`
      );
    }
    case "legendre": {
      const vs = Object.keys(op.velocities);
      const sum = Object.entries(op.momentumSymbols)
        .map(([q, p], i) => `${sym(p)} ${sym(vs[i] ?? `${q}'`)}`)
        .join(" + ");
      const vel = Object.entries(op.velocities).map(([v, e]) => `${sym(v)} = ${r(e)}`);
      const body = `${sum} - ${r(op.lagrangian, true)}`;
      if (op.massMatrix) return `${body},\\ ${words("velocities from")}\\ M \\dot{q} = p - b`;
      return vel.length ? at(`\\left(${body}\\right)`, vel.join(",\\ ")) : body;
    }
  }
}

/** How a step was checked, in words. */
export function checkWords(st: Step): string {
  const c = st.check;
  const how =
    c.method === "dual"
      ? "the derivative compared with forward-mode automatic differentiation"
      : c.method === "evaluation"
        ? "both sides evaluated"
        : c.method === "linear-solve"
          ? "the linear solve verified"
          : "the determinant evaluated";
  return `${how} at ${c.points} random points (relative tolerance ${c.rtol})`;
}

/** A record step as a document step; `boxed` for the final results. */
export function docStep(st: Step, refs: References, boxed = false): DocStep {
  return {
    n: st.n,
    rule: st.rule,
    ruleName: RULES[st.rule].name,
    label: labelLatex(st.label),
    operation: operationLatex(st.lhs, st.n, refs, st),
    result: formula(st.rhs),
    justification: st.justification,
    uses: st.uses,
    check: checkWords(st),
    ...(boxed ? { boxed } : {}),
  };
}
