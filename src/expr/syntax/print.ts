/**
 * Printing expression trees back in the input syntax of {@link parse}, with minimal parentheses.
 *
 * Guarantee: for every tree `e` that `parse` produces, `parse(print(e))` deep-equals `e`; for any
 * other well-formed tree the printed text parses to a tree with the same value (nested sums and
 * products come back flattened, for instance). Keeping that guarantee is why a few rare shapes
 * print in a less natural form: `mul(3, pow(2, -1))` prints `3*2^(-1)` because `3/2` would read
 * back as the number 3/2, and `pow(pow(y, 2), -1)` prints `(y^2)^(-1)` because `1/y^2` reads back
 * as `pow(y, -2)`.
 */
import { type Call, type Expr, type Num, type Pow, isBuiltin, num } from "../types.js";

// Precedence of printed forms: what a context needs for its operand to go without parentheses.
const SUM = 1; // a + b
const PRODUCT = 2; // a*b, a/b, -a, -2, 1/2
const POWER = 3; // a^b
const ATOM = 4; // x, 2, f(x), (...)

/** Print `e` in the input syntax (`a - b`, `2*x/y`, `x^(1/2)`, `f'(x)`, `D12(V)(x, y)`). */
export function print(e: Expr): string {
  return show(e)[0];
}

// Not type guards: a false answer must not narrow the kind away.
const isNegNum = (e: Expr): boolean => e.kind === "num" && e.value.startsWith("-");
const isPosNum = (e: Expr): boolean =>
  e.kind === "num" && !e.value.startsWith("-") && e.value !== "0";

function show(e: Expr): [string, number] {
  switch (e.kind) {
    case "num":
      return [numText(e), isNegNum(e) || numText(e).includes("/") ? PRODUCT : ATOM];
    case "sym":
      return [e.name, ATOM];
    case "call":
      return [showCall(e), ATOM];
    case "add":
      return [showSum(e.args), SUM];
    case "mul":
      return [showProduct(e.args), PRODUCT];
    case "pow": {
      const div = divisor(e, true);
      if (div !== undefined) return [`1/${div}`, PRODUCT];
      return [showPow(e), isSqrt(e) ? ATOM : POWER];
    }
  }
}

/** `e` printed for a context that needs precedence at least `min`. */
function at(e: Expr, min: number): string {
  const [s, p] = show(e);
  return p >= min ? s : `(${s})`;
}

function showSum(terms: readonly Expr[]): string {
  let out = at(terms[0], PRODUCT);
  for (const t of terms.slice(1)) {
    const n = negated(t);
    if (n !== undefined) {
      out += ` - ${startsWithMinus(at(n, PRODUCT))}`;
    } else out += ` + ${startsWithMinus(at(t, PRODUCT))}`;
  }
  return out;
}

const startsWithMinus = (s: string) => (s.startsWith("-") ? `(${s})` : s);

/**
 * For a negative term `t` (a negative number, or a product led by one) the tree `n` whose
 * negation, as the parser negates in `a - n`, gives back `t`; undefined if there is none.
 */
function negated(t: Expr): Expr | undefined {
  if (t.kind === "num") return isNegNum(t) ? positive(t) : undefined;
  if (t.kind !== "mul" || !isNegNum(t.args[0])) return undefined;
  const [c, ...rest] = t.args as [Num, ...Expr[]];
  if (c.value !== "-1") return { kind: "mul", args: [positive(c), ...rest] };
  if (rest[0].kind === "num") return undefined; // `-1*2*x`: `- 2*x` would read as mul(-2, x)
  return rest.length === 1 ? rest[0] : { kind: "mul", args: rest };
}

function showProduct(args: readonly Expr[]): string {
  // `-x*y` reads back as mul(-1, x, y), but `-2*x` as mul(-2, x): only drop a -1 before a non-number.
  if (args[0].kind === "num" && args[0].value === "-1" && args[1].kind !== "num")
    return `-${showFactors(args.slice(1))}`;
  return showFactors(args);
}

/** Factors printed left to right as the parser reads them: `a*b/c*d`, `1/x*y`. */
function showFactors(fs: readonly Expr[]): string {
  let out = "";
  fs.forEach((f, i) => {
    if (f.kind === "pow") {
      // At i == 0 the divisor divides an implicit 1; at i == 1 after a number it divides that number.
      const div = divisor(f, i === 0 || (i === 1 && fs[0].kind === "num"));
      if (div !== undefined) {
        out += i === 0 ? `1/${div}` : `/${div}`;
        return;
      }
    }
    const s =
      f.kind === "pow" ? showPow(f) : i === 0 && f.kind === "num" ? numText(f) : at(f, POWER);
    out += i === 0 ? s : `*${s}`;
  });
  return out;
}

/**
 * The text after `/` for a factor `pow(b, -k)` (numeric k > 0), or undefined if it cannot print
 * as a division that reads back as the same tree. `afterNumber`: the text before the `/` is a
 * lone number (or nothing, i.e. 1), so a numeric divisor would fold into a single number.
 */
function divisor(p: Pow, afterNumber: boolean): string | undefined {
  if (p.exp.kind !== "num" || !isNegNum(p.exp)) return undefined;
  const k = positive(p.exp);
  if (k.value !== "1" || k.text) return showPow({ kind: "pow", base: p.base, exp: k });
  const b = p.base;
  if (b.kind === "num" && afterNumber) return undefined;
  if (readsAsZero(b)) return undefined; // `x/0` is a parse error; `x*0^(-1)` is not
  // The parser reads `/b^k` (k > 0 a number) as pow(b, -k), not pow(pow(b, k), -1).
  if (b.kind === "pow" && isPosNum(b.exp)) return undefined;
  return at(b, POWER);
}

/** Whether `e` reads back as the number 0: `0`, or a product of 0 and ones (factors 1 are dropped). */
function readsAsZero(e: Expr): boolean {
  const fs: Expr[] = [];
  const flatten = (f: Expr): void => (f.kind === "mul" ? f.args.forEach(flatten) : void fs.push(f));
  flatten(e);
  const rest = fs.filter((f) => !(f.kind === "num" && f.value === "1"));
  return rest.length === 1 && rest[0].kind === "num" && rest[0].value === "0";
}

/** `b^e`, never in division form; `sqrt(b)` for b^(1/2). */
function showPow(p: Pow): string {
  if (isSqrt(p)) return `sqrt(${print(p.base)})`;
  return `${at(p.base, ATOM)}^${at(p.exp, POWER)}`;
}

/** Whether p is b^(1/2), printed `sqrt(b)` (which the parser reads as b^(1/2)). */
const isSqrt = (p: Pow): boolean => p.exp.kind === "num" && p.exp.value === "1/2" && !p.exp.text;

/** A number as written: its literal text when it has one (`9.109e-31`), else its exact value. */
const numText = (n: Num): string => n.text ?? n.value;

/** −n for a negative number n, keeping its literal text. */
function positive(n: Num): Num {
  const out = num(n.value.slice(1));
  return n.text === undefined ? out : { ...out, text: n.text.replace(/^-/, "") };
}

function showCall(c: Call): string {
  const args = c.args.map(print).join(", ");
  const d = c.d ?? [];
  if (d.length === 0 || isBuiltin(c.fn)) return `${c.fn}(${args})`;
  if (c.args.length === 1) return `${c.fn}${"'".repeat(d.length)}(${args})`;
  return `D${d.map((i) => i + 1).join("")}(${c.fn})(${args})`;
}
