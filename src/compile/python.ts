/**
 * Python text for the torch target (./torch.ts): names, literals and per-step scalar expressions.
 *
 * No rule name is ever printed as a Python identifier inside generated code except the keyword
 * names of the optimizer's constructor (hyperparameters and torch's tuples such as `betas`), which
 * the user passes by name; everything else is an index-based identifier of the compiler's own
 * (h0, s0, x0, t0 …) and rule names reach the module only as ASCII string literals (param-group
 * and state keys) or inside the sanitised docstring.
 */
import { UserError } from "../errors.js";
import { IDENTIFIER, type Expr } from "../expr/types.js";

/** Python 3's hard keywords: none of them can be a keyword argument's name. */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except " +
    "finally for from global if import in is lambda nonlocal not or pass raise return try while " +
    "with yield"
  ).split(" "),
);

/** Refuse a name that is not an identifier of the input syntax (UserError "compile-name"). */
export function checkPythonName(name: unknown, what: string): string {
  if (typeof name !== "string" || !IDENTIFIER.test(name)) {
    throw new UserError(
      "compile-name",
      `cannot compile ${what} ${JSON.stringify(name)}: a name must match /^[A-Za-z][A-Za-z0-9_]*$/`,
    );
  }
  return name;
}

/** A name the user passes as `name=value` to the torch constructor: an identifier, not a keyword. */
export function checkKeywordName(name: string, what: string): string {
  checkPythonName(name, what);
  if (PYTHON_KEYWORDS.has(name)) {
    throw new UserError(
      "compile-name",
      `cannot compile ${what} ${JSON.stringify(name)} for torch: ${name} is a Python keyword and ` +
        `cannot be a Python keyword argument; rename it`,
    );
  }
  return name;
}

/** An ASCII-only Python string literal of any text (escapes everything else). */
export function pyString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\" || ch === '"') out += "\\" + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c < 0x100) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c < 0x10000) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += "\\U" + c.toString(16).padStart(8, "0");
  }
  return out + '"';
}

/**
 * The body of a `"""…"""` docstring: backslashes doubled and every `"` escaped (so no run of
 * quotes can close it), control characters other than newline written as escapes.
 */
export function docstringBody(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029]/g, (c) => {
      const code = c.charCodeAt(0);
      return code < 0x100
        ? "\\x" + code.toString(16).padStart(2, "0")
        : "\\u" + code.toString(16).padStart(4, "0");
    });
}

/** `Derived` + the CamelCase of the rule's name (ASCII letters and digits only): `DerivedAdam`. */
export function className(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const camel = words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  return "Derived" + (camel === "" ? "Optimizer" : camel);
}

/** A Python literal of a finite number or boolean (hyperparameter defaults). */
export function pyValue(value: number | boolean): string {
  if (typeof value === "boolean") return value ? "True" : "False";
  if (!Number.isFinite(value))
    throw new UserError("compile-default", `default ${value} is not finite`);
  return String(value); // 1e-8, 0.001, 3, 1e+21: all Python literals
}

/** An exact rational "p/q" as Python: `3`, `(-1 / 3)` (int / int is correctly rounded). */
export function pyRational(value: string): string {
  const m = /^(-?\d+)(?:\/(\d+))?$/.exec(value);
  if (m === null) throw new UserError("compile-number", `not a number: ${JSON.stringify(value)}`);
  const [, p, q] = m;
  if (q === undefined || q === "1") return p.startsWith("-") ? `(${p})` : p;
  return `(${p} / ${q})`;
}

const isNum = (e: Expr, value: string): boolean => e.kind === "num" && e.value === value;
/** A negative rational exponent −e, or null. */
function negatedExponent(e: Expr): Expr | null {
  if (e.kind !== "num" || !e.value.startsWith("-")) return null;
  return { kind: "num", value: e.value.slice(1) };
}

/** x for a product (−1)·x, else null. */
function negated(e: Expr): Expr | null {
  if (e.kind !== "mul" || !isNum(e.args[0], "-1")) return null;
  return e.args.length === 2 ? e.args[1] : { kind: "mul", args: e.args.slice(1) };
}

const MATH_FUNCTIONS = new Set(["sin", "cos", "tan", "exp", "log", "sqrt", "sinh", "cosh", "tanh"]);

/**
 * A scalar expression (hyperparameters, the step k, per-step scalars) as a Python float
 * expression, every operation parenthesised: a/b as `(a / b)`, sqrt as `math.sqrt(·)`, an integer
 * power as `**`, any other power as `math.pow` (which refuses a negative base instead of returning
 * a complex number). `name` maps each rule symbol to its Python identifier.
 */
export function printScalar(e: Expr, name: (symbol: string) => string): string {
  const p = (x: Expr): string => printScalar(x, name);
  switch (e.kind) {
    case "num":
      return pyRational(e.value);
    case "sym":
      return name(e.name);
    case "add": {
      // a + (−1)·b prints as a - b (negation is exact, so the value is the same).
      const parts = e.args.map((a, i) => {
        const neg = negated(a);
        if (neg === null) return (i === 0 ? "" : " + ") + p(a);
        return (i === 0 ? "-" : " - ") + p(neg);
      });
      return "(" + parts.join("") + ")";
    }
    case "mul": {
      const neg = negated(e);
      if (neg !== null) return `(-${p(neg)})`;
      const num: string[] = [];
      const den: string[] = [];
      for (const a of e.args) {
        const neg = a.kind === "pow" ? negatedExponent(a.exp) : null;
        if (a.kind === "pow" && neg !== null) {
          den.push(neg.kind === "num" && neg.value === "1" ? p(a.base) : p({ ...a, exp: neg }));
        } else num.push(p(a));
      }
      const top = num.length === 0 ? "1" : num.join(" * ");
      return den.length === 0 ? `(${top})` : `(${top} / (${den.join(" * ")}))`;
    }
    case "pow": {
      const base = p(e.base);
      if (isNum(e.exp, "1")) return base;
      if (isNum(e.exp, "1/2")) return `math.sqrt(${base})`;
      if (isNum(e.exp, "-1")) return `(1 / ${base})`;
      if (isNum(e.exp, "-1/2")) return `(1 / math.sqrt(${base}))`;
      if (e.exp.kind === "num" && /^-?\d+$/.test(e.exp.value)) return `(${base} ** ${e.exp.value})`;
      return `math.pow(${base}, ${p(e.exp)})`;
    }
    case "call": {
      if (
        e.args.length !== 1 ||
        e.d !== undefined ||
        !(MATH_FUNCTIONS.has(e.fn) || e.fn === "abs")
      ) {
        throw new UserError(
          "compile-function",
          `cannot compile the function ${JSON.stringify(e.fn)}: an update rule may call only the ` +
            `elementary functions (abstract functions have no code)`,
        );
      }
      return e.fn === "abs" ? `abs(${p(e.args[0])})` : `math.${e.fn}(${p(e.args[0])})`;
    }
  }
}
