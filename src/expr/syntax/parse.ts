/**
 * The input syntax: a hand-written recursive-descent parser producing {@link Expr} trees.
 *
 * Grammar (no implicit multiplication):
 *
 *     expr    := term (('+' | '-') term)*
 *     term    := unary (('*' | '/') unary)*
 *     unary   := ('-' | '+') unary | power
 *     power   := primary ('^' unary)?                  right-associative: a^b^c = a^(b^c)
 *     primary := number | name | name '(' args ')' | name "'"+ '(' expr ')'
 *              | D<digits> '(' name ')' '(' args ')' | '(' expr ')' | name '[' index ']'
 *     index   := name (('+' | '-') digits)?                 x[k], x[k+1], x[k-1]
 *
 * Function names of the form `D<digits>` are reserved for the derivative notation (`D12(V)(x, y)`);
 * as plain symbols (`D1` not followed by `(`) they are fine. Builtin function names are not
 * symbols: `sin` alone is an error.
 *
 * Numbers are exact rationals (`0.5` is 1/2, `1e-3` is 1/1000). Names may carry primes (`x'`,
 * `th''`): a primed name is one symbol. The tree shapes are fixed (the printer relies on them):
 * `a - b` is `add(a, mul(-1, b))`, negating a number negates the number, negating a product with a
 * leading number negates that number, `a/b` is `mul(a, pow(b, -1))` (`a/b^k` with a positive
 * numeric `k` is `mul(a, pow(b, -k))`), a quotient of two numbers folds, sums and products are
 * flattened, a factor 1 is dropped unless it is the whole product, and `sqrt(u)` is `pow(u, 1/2)`.
 * A decimal literal written otherwise than its value keeps its text (`Num.text`) for printing.
 *
 * Indexed names (discrete mechanics, update rules): `x[k]`, `x[k+1]`, `m[k-1]` are single symbols
 * named exactly so, spaces removed and `+0` dropped (`x[k + 0]` is `x[k]`): the value of x at step
 * k + 1. Which index names are allowed is for the caller to say.
 */
import Fraction from "fraction.js";
import { UserError } from "../../errors.js";
import { decimalText, isScientific } from "./decimal.js";
import { type Expr, type Num, add, call, isBuiltin, mul, num, pow, sym } from "../types.js";

type TokenKind = "num" | "name" | "op" | "(" | ")" | "," | "[" | "]" | "eof";

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly pos: number;
}

/**
 * Parse the input syntax into an expression tree.
 * @throws UserError with code "parse" (or "division-by-zero" for a division by a literal zero),
 *   carrying `src` and the offending position.
 */
export function parse(src: string): Expr {
  try {
    return new Parser(src).parseAll();
  } catch (err) {
    // RangeError: the call stack was exhausted by absurdly deep nesting.
    if (err instanceof RangeError)
      throw new UserError("parse", "expression nested too deeply", { source: src, position: 0 });
    throw err;
  }
}

/**
 * Offset in `src` of the first occurrence of the symbol `name` (a whole name token), for errors
 * about a symbol found after parsing; undefined when it does not occur or `src` does not tokenize.
 */
export function symbolPosition(src: string, name: string): number | undefined {
  try {
    return tokenize(src).find((t) => t.kind === "name" && t.text === name)?.pos;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Exact rationals (fraction.js), written as in Num.value: "3", "-3/4", lowest terms, denominator > 0.

const numOf = (r: Fraction): Num => num(r.toFraction());

/**
 * A decimal literal such as `12`, `0.5`, `.25`, `6.02e23`, `1E-3` as an exact rational; one written
 * otherwise than its value (`0.5`, `9.109e-31`) keeps its text, so that it prints as written — except
 * 0 and 1, which the tree shapes above drop or test by value.
 */
function decimalLiteral(text: string): Num {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)!;
  const frac = m[2] ?? "";
  let n = BigInt((m[1] || "0") + frac);
  let d = 10n ** BigInt(frac.length);
  const e = m[3] === undefined ? 0 : Number(m[3]);
  if (e >= 0) n *= 10n ** BigInt(e);
  else d *= 10n ** BigInt(-e);
  const out = numOf(new Fraction(n, d));
  return text === out.value || out.value === "0" || out.value === "1" ? out : { ...out, text };
}

/** −n for a number, its text (if any) negated too. */
function negateNum(n: Num): Num {
  const out = numOf(new Fraction(n.value).neg());
  if (n.text === undefined) return out;
  return { ...out, text: n.text.startsWith("-") ? n.text.slice(1) : `-${n.text}` };
}

// ---------------------------------------------------------------------------------------------
// Tree-building helpers that fix the shapes described above.

/** Whether `e` is the number `value` (not a type guard: a false answer says nothing of the kind). */
const isNum = (e: Expr, value: string): boolean => e.kind === "num" && e.value === value;

const factors = (e: Expr): readonly Expr[] => (e.kind === "mul" ? e.args : [e]);

/** `a*b`, flattened, with factors 1 dropped (a product of nothing but ones is 1). */
function times(a: Expr, b: Expr): Expr {
  const args = [...factors(a), ...factors(b)].filter((f) => !isNum(f, "1"));
  return args.length === 0 ? num(1) : mul(...args);
}

/** `a + b`, flattened. */
function plus(a: Expr, b: Expr): Expr {
  const terms = (e: Expr) => (e.kind === "add" ? e.args : [e]);
  return add(...terms(a), ...terms(b));
}

/** `-e`: a number is negated, a leading numeric factor is negated, otherwise `mul(-1, ...)`. */
function negate(e: Expr): Expr {
  if (e.kind === "num") return negateNum(e);
  if (e.kind === "mul" && e.args[0].kind === "num") {
    const c = negate(e.args[0]);
    const rest = e.args.slice(1);
    return isNum(c, "1") ? mul(...rest) : mul(c, ...rest);
  }
  return mul(num(-1), ...factors(e));
}

// ---------------------------------------------------------------------------------------------

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z][A-Za-z0-9_]*'*/y;
const D_NOTATION = /^D(\d+)$/;
/** Largest decimal exponent accepted in a literal (`1e999999999` would exhaust memory). */
const MAX_EXPONENT = 1000;
/**
 * Literals must lie between 10^-LITERAL_RANGE and 10^LITERAL_RANGE in size (or be 0): every step is
 * checked by evaluation in doubles (up to ~1.8e308), where the squares, reciprocals and products a
 * derivation forms of a larger or smaller number overflow (`1e-200*x'^2` fails; `1e-150` does not).
 */
const LITERAL_RANGE = 150;
const RANGE_BOUND = 10n ** BigInt(LITERAL_RANGE);

/** Whether a literal is too large or too small to check by evaluation (see LITERAL_RANGE). */
function outOfRange(n: Num): "large" | "small" | undefined {
  const [p, q = "1"] = n.value.replace("-", "").split("/");
  const [num, den] = [BigInt(p), BigInt(q)];
  if (num === 0n) return undefined;
  if (num > den * RANGE_BOUND) return "large";
  if (num * RANGE_BOUND < den) return "small";
  return undefined;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let kind: TokenKind | undefined;
    let text = c;
    for (const [re, k] of [
      [NUMBER, "num"],
      [NAME, "name"],
    ] as const) {
      re.lastIndex = i;
      const m = re.exec(src);
      if (m) [kind, text] = [k, m[0]];
    }
    if (!kind) {
      if ("+-*/^".includes(c)) kind = "op";
      else if (c === "(" || c === ")" || c === "," || c === "[" || c === "]") kind = c;
      else
        throw new UserError("parse", `unexpected character '${c}'`, { source: src, position: i });
    }
    tokens.push({ kind, text, pos: i });
    i += text.length;
  }
  tokens.push({ kind: "eof", text: "", pos: src.length });
  return tokens;
}

class Parser {
  private readonly tokens: Token[];
  private i = 0;

  constructor(private readonly src: string) {
    this.tokens = tokenize(src);
  }

  parseAll(): Expr {
    if (this.peek().kind === "eof") this.fail("empty input", 0);
    const e = this.parseExpr();
    const t = this.peek();
    if (t.kind !== "eof") {
      if (t.kind === ")") this.fail("unbalanced ')'", t.pos);
      this.unexpected(t);
    }
    return e;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.text === op;
  }

  private fail(message: string, position: number, code = "parse"): never {
    throw new UserError(code, message, { source: this.src, position });
  }

  /** Report a token that cannot continue the expression here. */
  private unexpected(t: Token): never {
    if (t.kind === "num" || t.kind === "name" || t.kind === "(")
      this.fail(`missing operator before '${t.text}' (write '*' to multiply)`, t.pos);
    this.fail(t.kind === "eof" ? "unexpected end of input" : `unexpected '${t.text}'`, t.pos);
  }

  private expectClose(open: Token, what = `to close '(' at ${open.pos}`): void {
    const t = this.peek();
    if (t.kind === ")") {
      this.i++;
      return;
    }
    if (t.kind === "num" || t.kind === "name" || t.kind === "(") this.unexpected(t);
    this.fail(`expected ')' ${what}`, t.pos);
  }

  private parseExpr(): Expr {
    let acc = this.parseTerm();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next().text;
      const t = this.parseTerm();
      acc = plus(acc, op === "-" ? negate(t) : t);
    }
    return acc;
  }

  private parseTerm(): Expr {
    let acc = this.parseUnary();
    while (this.isOp("*") || this.isOp("/")) {
      const op = this.next().text;
      const pos = this.peek().pos;
      const b = this.parseUnary();
      acc = op === "*" ? times(acc, b) : this.divide(acc, b, pos);
    }
    return acc;
  }

  private divide(a: Expr, b: Expr, pos: number): Expr {
    if (isNum(b, "0")) this.fail("division by zero", pos, "division-by-zero");
    if (a.kind === "num" && b.kind === "num") {
      // A quotient of decimals is one when it terminates: 9.109e-31/2 is 4.5545e-31.
      const q = new Fraction(a.value).div(b.value);
      const texts = [a.text, b.text].filter((t) => t !== undefined);
      const text = texts.length ? decimalText(q, texts.some(isScientific)) : undefined;
      return text === undefined ? numOf(q) : { ...numOf(q), text };
    }
    const positiveExp = b.kind === "pow" && b.exp.kind === "num" && !b.exp.value.startsWith("-");
    const inverse =
      positiveExp && !isNum(b.exp, "0") ? pow(b.base, negate(b.exp)) : pow(b, num(-1));
    return times(a, inverse);
  }

  private parseUnary(): Expr {
    if (this.isOp("-")) {
      this.i++;
      return negate(this.parseUnary());
    }
    if (this.isOp("+")) {
      this.i++;
      return this.parseUnary();
    }
    return this.parsePower();
  }

  private parsePower(): Expr {
    const base = this.parsePrimary();
    if (!this.isOp("^")) return base;
    this.i++;
    return pow(base, this.parseUnary());
  }

  private parsePrimary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case "num":
        if (Math.abs(Number(/[eE]([+-]?\d+)$/.exec(t.text)?.[1] ?? 0)) > MAX_EXPONENT)
          this.fail(`exponent of ${t.text} out of range (at most ${MAX_EXPONENT})`, t.pos);
        return this.literal(t);
      case "name":
        return this.parseName(t);
      case "(": {
        if (this.peek().kind === ")") this.fail("empty parentheses", this.peek().pos);
        const e = this.parseExpr();
        this.expectClose(t);
        return e;
      }
      case "eof": {
        const prev = this.tokens[this.i - 2];
        this.i--;
        if (prev?.kind === "op") this.fail(`missing operand after '${prev.text}'`, t.pos);
        this.unexpected(t);
      }
      default:
        this.i--;
        if (t.kind === ")" || t.kind === ",")
          this.fail(`missing operand before '${t.text}'`, t.pos);
        this.unexpected(t);
    }
  }

  /** A number token as an exact rational, refused when too large or small to check. */
  private literal(t: Token): Num {
    const n = decimalLiteral(t.text);
    const range = outOfRange(n);
    if (range) {
      this.fail(
        `${t.text} is too ${range} to check: every step is checked by evaluation in double ` +
          `precision, so numbers must lie between 1e-${LITERAL_RANGE} and 1e${LITERAL_RANGE} in ` +
          `size (rescale the units)`,
        t.pos,
      );
    }
    return n;
  }

  private parseName(t: Token): Expr {
    if (this.peek().kind === "[") return this.parseIndexed(t);
    if (this.peek().kind !== "(") {
      if (isBuiltin(t.text)) this.fail(`'${t.text}' is a function: write ${t.text}(...)`, t.pos);
      return sym(t.text);
    }
    const dm = D_NOTATION.exec(t.text);
    if (dm) return this.parseD(t, dm[1]);
    const name = t.text.replace(/'+$/, "");
    const primes = t.text.length - name.length;
    if (isBuiltin(name) && primes > 0)
      this.fail(`only abstract functions take primes, not ${name}`, t.pos + name.length);
    const { args, positions, close } = this.parseArgs(name);
    if (args.length === 0) this.fail(`${name} needs an argument`, close);
    if (isBuiltin(name) && args.length !== 1)
      this.fail(`${name} takes exactly one argument`, positions[1]);
    // sqrt(u) is u^(1/2), the tree the printer writes as sqrt(u).
    if (name === "sqrt") return pow(args[0], num("1/2"));
    if (primes > 0 && args.length !== 1)
      this.fail(
        `${t.text} takes exactly one argument; write D1(${name})(...) for a partial derivative`,
        positions[1],
      );
    return call(name, args, primes > 0 ? new Array<number>(primes).fill(0) : undefined);
  }

  /** `x[k+1]`: one symbol, the value of x at step k + 1 (see the module comment). */
  private parseIndexed(t: Token): Expr {
    const open = this.next();
    if (/'/.test(t.text) || isBuiltin(t.text))
      this.fail(`only plain names take an index, not '${t.text}'`, t.pos);
    const index = this.next();
    if (index.kind !== "name" || /'/.test(index.text))
      this.fail("expected an index name, as in x[k] or x[k+1]", index.pos);
    let offset = 0;
    if (this.isOp("+") || this.isOp("-")) {
      const sign = this.next().text === "-" ? -1 : 1;
      const n = this.next();
      if (n.kind !== "num" || !/^\d+$/.test(n.text) || n.text.length > 6)
        this.fail("expected a whole number offset, as in x[k+1]", n.pos);
      offset = sign * Number(n.text);
    }
    const close = this.next();
    if (close.kind !== "]") this.fail(`expected ']' to close '[' at ${open.pos}`, close.pos);
    const shift = offset === 0 ? "" : offset > 0 ? `+${offset}` : `${offset}`;
    return sym(`${t.text}[${index.text}${shift}]`);
  }

  /** `D12(V)(x, y)`: the abstract function V differentiated in its 1st and 2nd arguments. */
  private parseD(t: Token, digits: string): Expr {
    const open = this.next();
    const fn = this.next();
    if (fn.kind !== "name" || /'/.test(fn.text) || D_NOTATION.test(fn.text))
      this.fail(`expected a function name after '${t.text}('`, fn.pos);
    if (isBuiltin(fn.text))
      this.fail(`${t.text}(...) applies to abstract functions, not '${fn.text}'`, fn.pos);
    this.expectClose(open, `after the function name in '${t.text}(${fn.text}'`);
    if (this.peek().kind !== "(")
      this.fail(
        `expected the arguments of ${t.text}(${fn.text}), as in ${t.text}(${fn.text})(x)`,
        this.peek().pos,
      );
    const { args, close } = this.parseArgs(fn.text);
    if (args.length === 0) this.fail(`${fn.text} needs an argument`, close);
    const d: number[] = [];
    for (let k = 0; k < digits.length; k++) {
      const n = Number(digits[k]);
      const at = t.pos + 1 + k;
      if (n === 0) this.fail(`argument positions in ${t.text} start at 1`, at);
      if (n > args.length)
        this.fail(`${fn.text} has ${args.length} argument(s): there is no argument ${n}`, at);
      d.push(n - 1);
    }
    d.sort((a, b) => a - b);
    return call(fn.text, args, d);
  }

  /** `(a, b, ...)` after a function name; records where each argument starts. */
  private parseArgs(fn: string): { args: Expr[]; positions: number[]; close: number } {
    const open = this.next();
    const args: Expr[] = [];
    const positions: number[] = [];
    if (this.peek().kind === ")") return { args, positions, close: this.next().pos };
    for (;;) {
      positions.push(this.peek().pos);
      args.push(this.parseExpr());
      const t = this.peek();
      if (t.kind === ",") {
        this.i++;
        continue;
      }
      this.expectClose(open, `to close the arguments of ${fn} at ${open.pos}`);
      return { args, positions, close: t.pos };
    }
  }
}
