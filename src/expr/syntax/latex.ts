/**
 * LaTeX rendering of expression trees, for derivation records and documentation.
 *
 * Symbols: Greek names (`alpha`, `Omega`, and the abbreviations `th` → θ, `ph` → φ, `ps` → ψ,
 * `eps` → ε) become Greek letters, trailing digits and `_suffix` become subscripts (`m1` → `m_{1}`,
 * `u_tx` → `u_{tx}`), a letter or Greek name followed by bar, hat or tilde takes that accent
 * (`xbar` → `\bar{x}`, `thhat` → `\hat{\theta}`; not `hbar`), other multi-letter names are upright
 * (`\mathrm{name}`), and primes become dots (`x'` → `\dot{x}`, four or more primes `x^{(4)}`).
 * Products juxtapose their factors and collect negative powers into a `\frac`.
 */
import { BUILTINS } from "../builtins.js";
import { type BuiltinFunction, type Call, type Expr, type Num, type Pow, num } from "../types.js";

/** Options for {@link latex}. */
export interface LatexOptions {
  /**
   * LaTeX for particular symbol (or function) names, overriding the default rendering. A key
   * without primes also applies under primes: `{ q: "\\xi" }` renders `q'` as `\dot{\xi}`.
   */
  readonly names?: Readonly<Record<string, string>>;
}

/** Render `e` as LaTeX (math mode, no delimiters): `\frac{1}{2} m \dot{x}^{2} - m g \cos\left(\theta\right)`. */
export function latex(e: Expr, opts: LatexOptions = {}): string {
  return new Latex(opts.names ?? {}).expr(e);
}

const GREEK = new Set(
  (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi " +
    "pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega " +
    "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
  ).split(" "),
);
/** A word of two or more letters that is not a Greek name or abbreviation (`decay`, `iter`). */
const isWord = (w: string): boolean =>
  /^[A-Za-z]{2,}$/.test(w) && !GREEK.has(w) && !Object.hasOwn(ABBREVIATIONS, w);

const ABBREVIATIONS: Record<string, string> = {
  th: "\\theta",
  ph: "\\phi",
  ps: "\\psi",
  eps: "\\varepsilon",
};

/** Builtins written as an operator name followed by a parenthesised argument. */
/** Builtins typeset as operators (\sin x), from their row in builtins.ts. */
const OPERATORS = new Set(
  Object.entries(BUILTINS)
    .filter(([, row]) => row.latex !== undefined)
    .map(([fn]) => fn),
);

// Not a type guard: a false answer must not narrow the kind away.
const isNegNum = (e: Expr): boolean => e.kind === "num" && e.value.startsWith("-");
const paren = (s: string) => `\\left(${s}\\right)`;

/** A decimal literal as written: `0.5`, `9.109e-31` → `9.109 \times 10^{-31}`. */
function decimal(text: string): string {
  const [mantissa, exponent] = text.split(/[eE]/);
  if (exponent === undefined) return mantissa;
  const power = `10^{${Number(exponent)}}`;
  return /^-?1$/.test(mantissa)
    ? `${mantissa.replace("1", "")}${power}`
    : `${mantissa} \\times ${power}`;
}

/** A number: its literal text when it has one, else its exact value as a fraction. */
const numLatex = (n: Num): string => (n.text !== undefined ? decimal(n.text) : frac(n.value));

function frac(value: string): string {
  const [n, d] = value.split("/");
  if (d === undefined) return n;
  return n.startsWith("-") ? `-\\frac{${n.slice(1)}}{${d}}` : `\\frac{${n}}{${d}}`;
}

class Latex {
  constructor(private readonly names: Readonly<Record<string, string>>) {}

  expr(e: Expr): string {
    switch (e.kind) {
      case "num":
        return numLatex(e);
      case "sym":
        return this.symbol(e.name);
      case "add":
        return this.sum(e.args);
      case "mul":
        return this.product(e.args);
      case "pow":
        return isNegNum(e.exp) ? this.product([e]) : this.power(e);
      case "call":
        return this.call(e);
    }
  }

  /** Terms joined by ` + `; a term rendered with a leading minus joins by ` - ` instead. */
  private sum(terms: readonly Expr[]): string {
    return terms
      .map((t, i) => {
        const s = this.expr(t);
        if (i === 0) return s;
        return s.startsWith("-") ? ` - ${s.slice(1)}` : ` + ${s}`;
      })
      .join("");
  }

  /** A product: sign in front, rational coefficient, then `\frac{numerator}{denominator}`. */
  private product(args: readonly Expr[]): string {
    const flat: Expr[] = [];
    const flatten = (f: Expr): void => {
      if (f.kind === "mul") f.args.forEach(flatten);
      else flat.push(f);
    };
    args.forEach(flatten);
    // Numbers first (stable): `x*2` is `2 x`, and `\cdot` is only needed between numbers.
    flat.sort((f, g) => (f.kind === "num" ? 0 : 1) - (g.kind === "num" ? 0 : 1));
    let negative = false;
    let coefficient: Num | undefined;
    const numer: Expr[] = [];
    const denom: Expr[] = [];
    flat.forEach((f, i) => {
      if (f.kind === "num") {
        const abs = num(f.value.replace(/^-/, ""));
        const absNum = f.text === undefined ? abs : { ...abs, text: f.text.replace(/^-/, "") };
        if (abs.value !== f.value) negative = !negative;
        if (i === 0) coefficient = absNum;
        else numer.push(absNum);
      } else if (f.kind === "pow" && f.exp.kind === "num" && isNegNum(f.exp)) {
        const k = f.exp.value.slice(1);
        denom.push(k === "1" ? f.base : { kind: "pow", base: f.base, exp: num(k) });
      } else numer.push(f);
    });
    let body: string;
    const [cn, cd] =
      coefficient?.text !== undefined
        ? [decimal(coefficient.text), undefined]
        : (coefficient?.value ?? "1").split("/");
    if (denom.length === 0) {
      const c = cd === undefined ? cn : `\\frac{${cn}}{${cd}}`;
      const rest = this.factors(numer, negative || c !== "1");
      body = c === "1" && numer.length > 0 ? rest : rest === "" ? c : this.juxtapose(c, rest);
    } else {
      if (cn !== "1") numer.unshift(coefficient?.text !== undefined ? coefficient : num(cn));
      if (cd !== undefined) denom.unshift(num(cd));
      body = `\\frac{${this.factors(numer, false) || "1"}}{${this.factors(denom, false)}}`;
    }
    return negative ? `-${body}` : body;
  }

  /** Factors juxtaposed (`m g l`); a lone sum needs no parentheses unless `signed`. */
  private factors(fs: readonly Expr[], signed: boolean): string {
    if (fs.length === 1 && fs[0].kind === "add" && !signed) return this.expr(fs[0]);
    return fs.reduce((out, f) => {
      const s = f.kind === "add" || isNegNum(f) ? paren(this.expr(f)) : this.expr(f);
      return out === "" ? s : this.juxtapose(out, s);
    }, "");
  }

  /** `a b`, or `a \cdot b` where juxtaposition would run digits together (`2 \cdot 3`). */
  private juxtapose(a: string, b: string): string {
    return /^[0-9]/.test(b) ? `${a} \\cdot ${b}` : `${a} ${b}`;
  }

  /** `b^{e}` for a non-negative exponent; `\sqrt{b}` for e = 1/2; `\sin^{2}\left(x\right)`. */
  private power(p: Pow): string {
    const b = p.base;
    if (p.exp.kind === "num" && p.exp.value === "1/2") return `\\sqrt{${this.expr(b)}}`;
    const e = `^{${this.expr(p.exp)}}`;
    if (b.kind === "call" && OPERATORS.has(b.fn) && p.exp.kind === "num" && !b.d)
      return `${BUILTINS[b.fn as BuiltinFunction].latex}${e}${paren(this.expr(b.args[0]))}`;
    const s = this.expr(b);
    const atomic =
      (b.kind === "num" && !isNegNum(b) && !b.value.includes("/")) ||
      (b.kind === "sym" && !s.includes("^")) ||
      (b.kind === "call" && b.fn !== "exp" && !(b.d && b.args.length > 1));
    return `${atomic ? s : paren(s)}${e}`;
  }

  private call(c: Call): string {
    const args = c.args.map((a) => this.expr(a)).join(", ");
    switch (c.fn) {
      case "exp":
        return `e^{${args}}`;
      case "sqrt":
        return `\\sqrt{${args}}`;
      case "abs":
        return `|${args}|`;
    }
    if (OPERATORS.has(c.fn)) return `${BUILTINS[c.fn as BuiltinFunction].latex}${paren(args)}`;
    const name = this.symbol(c.fn);
    const d = c.d ?? [];
    if (d.length === 0) return `${name}${paren(args)}`;
    if (c.args.length === 1) {
      const primes = d.length <= 3 ? "'".repeat(d.length) : `^{(${d.length})}`;
      return `${name}${primes}${paren(args)}`;
    }
    let partials = "";
    for (let i = 0; i < d.length; ) {
      let j = i;
      while (j < d.length && d[j] === d[i]) j++;
      partials += `\\partial_{${d[i] + 1}}${j - i > 1 ? `^{${j - i}}` : ""}`;
      i = j;
    }
    return `${partials} ${name}${paren(args)}`;
  }

  /** A symbol name: overrides, Greek letters, subscripts, and primes as dots. */
  symbol(name: string): string {
    const override = this.names[name];
    if (override !== undefined) return override;
    const indexed = /^([A-Za-z][A-Za-z0-9_]*)\[([A-Za-z][A-Za-z0-9_]*)([+-]\d+)?\]$/.exec(name);
    if (indexed) {
      // x[k+1] → x_{k+1}; a name with a subscript of its own keeps it: p_x[k] → (p_x)_{k}.
      const head = this.symbol(indexed[1]);
      const index = `${this.letter(indexed[2])}${indexed[3] ?? ""}`;
      return head.includes("_") ? `\\left(${head}\\right)_{${index}}` : `${head}_{${index}}`;
    }
    const base = name.replace(/'+$/, "");
    const primes = name.length - base.length;
    let head: string;
    let sub = "";
    if (this.names[base] !== undefined) head = this.names[base];
    else if (base.includes("_") && base.split("_").every(isWord)) {
      // A name made of words (weight_decay): one upright name, not a word subscripted.
      head = `\\mathrm{${base.replace(/_/g, "\\_")}}`;
    } else {
      const underscore = base.indexOf("_");
      const digits = /^(.*?[A-Za-z])(\d+)$/.exec(base);
      let stem = base;
      if (underscore > 0) {
        stem = base.slice(0, underscore);
        sub = base
          .slice(underscore + 1)
          .split("_")
          .filter((s) => s !== "")
          .map((s) => this.subscriptPart(s))
          .join(",");
      } else if (digits) [stem, sub] = [digits[1], digits[2]];
      head = this.letter(stem);
    }
    const subscript = sub === "" ? "" : `_{${sub}}`;
    if (primes === 0) return head + subscript;
    if (primes <= 3) return `\\${"d".repeat(primes)}ot{${head}}${subscript}`;
    return `${head}${subscript}^{(${primes})}`;
  }

  /**
   * A part of a subscript: a Greek name or abbreviation as its letter (`p_th` → p_θ), one with
   * trailing digits as that letter subscripted (`p_th1` → p_{θ₁}), anything else as written.
   */
  private subscriptPart(s: string): string {
    if (GREEK.has(s) || Object.hasOwn(ABBREVIATIONS, s)) return this.letter(s);
    const digits = /^([A-Za-z]+)(\d+)$/.exec(s);
    if (digits && (GREEK.has(digits[1]) || Object.hasOwn(ABBREVIATIONS, digits[1])))
      return `${this.letter(digits[1])}_{${digits[2]}}`;
    return s;
  }

  private letter(s: string): string {
    if (GREEK.has(s)) return `\\${s}`;
    if (Object.hasOwn(ABBREVIATIONS, s)) return ABBREVIATIONS[s];
    // A letter or Greek name with an accent's name after it: xbar → \bar{x}, thhat → \hat{\theta}.
    const accent = /^([A-Za-z]+)(bar|hat|tilde)$/.exec(s);
    const base = accent?.[1] ?? "";
    if (
      s !== "hbar" &&
      (base.length === 1 || GREEK.has(base) || Object.hasOwn(ABBREVIATIONS, base))
    )
      return `\\${accent![2]}{${this.letter(base)}}`;
    return s.length === 1 ? s : `\\mathrm{${s}}`;
  }
}
