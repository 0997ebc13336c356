import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.js";
import { parse } from "../../../src/expr/syntax/parse.js";
import { print } from "../../../src/expr/syntax/print.js";
import {
  BUILTIN_FUNCTIONS,
  type Expr,
  add,
  call,
  div,
  mul,
  neg,
  num,
  pow,
  sub,
  sym,
} from "../../../src/expr/types.js";

const [x, y, a, b] = ["x", "y", "a", "b"].map(sym);

describe("print: examples", () => {
  it.each([
    ["a - b", "a - b"],
    ["a-2*b", "a - 2*b"],
    ["-x", "-x"],
    ["-2*x", "-2*x"],
    ["-x*y", "-x*y"],
    ["x*y/z", "x*y/z"],
    ["1/x", "1/x"],
    ["1/(x*y)", "1/(x*y)"],
    ["1/2", "1/2"],
    ["1/2*x", "1/2*x"],
    ["x*(1/2)", "x*(1/2)"],
    ["-1/2*x", "-1/2*x"],
    ["x^(1/2)", "sqrt(x)"],
    ["x^(-1/2)", "1/sqrt(x)"],
    ["a/sqrt(b)", "a/sqrt(b)"],
    ["a*b^(-1/2)", "a/sqrt(b)"],
    ["sqrt(x)^2", "sqrt(x)^2"],
    ["1/sqrt(x)^2", "1/sqrt(x)^2"],
    ["sqrt(a + b)*c", "sqrt(a + b)*c"],
    ["x^(3/2)", "x^(3/2)"],
    ["x^0.5", "x^0.5"],
    // Decimal literals print as written; numbers from arithmetic as rationals.
    ["9.109e-31", "9.109e-31"],
    ["1/2*9.109e-31*x'^2", "1/2*9.109e-31*x'^2"],
    ["a - 0.5*x", "a - 0.5*x"],
    ["a - 2.5", "a - 2.5"],
    ["-0.5*x", "-0.5*x"],
    ["x^(-1e-3)", "1/x^1e-3"],
    ["2.5/2", "1.25"],
    ["9.109e-31/2", "4.5545e-31"],
    ["1/3", "1/3"],
    ["0.5/3", "1/6"],
    ["x^-2", "1/x^2"],
    ["y*x^-2", "y/x^2"],
    ["(a + b)^2", "(a + b)^2"],
    ["(a*b)^2", "(a*b)^2"],
    ["(-2)^x", "(-2)^x"],
    ["-2^x", "-2^x"],
    ["a^b^c", "a^b^c"],
    ["(a^b)^c", "(a^b)^c"],
    ["a^(b+c)", "a^(b + c)"],
    ["a - (b + c)", "a - (b + c)"],
    ["a - (b - c)", "a - (b - c)"],
    ["a + -b", "a - b"],
    ["-a + b", "-a + b"],
    ["a - 1/2", "a - 1/2"],
    ["a - 1/x", "a - 1/x"],
    ["sqrt(x)", "sqrt(x)"],
    ["sin(x)^2 + cos(x)^2", "sin(x)^2 + cos(x)^2"],
    ["V(x,y)", "V(x, y)"],
    ["D1(f)(x)", "f'(x)"],
    ["D21(V)(x,y)", "D12(V)(x, y)"],
    ["f''(t)", "f''(t)"],
    ["1/2*m*x'^2 - m*g*l*(1 - cos(th))", "1/2*m*x'^2 - m*g*l*(1 - cos(th))"],
    // Rare shapes print so that they read back as the same tree.
    ["3*2^-1", "3*2^(-1)"],
    ["2^-1", "2^(-1)"],
    ["(y^2)^-1", "(y^2)^(-1)"],
    ["-1*2*x", "-1*2*x"],
    ["x*(-2)", "x*(-2)"],
  ])("%s prints as %s", (src, out) => {
    expect(print(parse(src))).toBe(out);
  });

  it("prints constructor-built trees", () => {
    expect(print(sub(a, b))).toBe("a - b");
    expect(print(div(a, b))).toBe("a/b");
    expect(print(pow(x, num(-1)))).toBe("1/x");
    expect(print(mul(x, pow(b, num(-3))))).toBe("x/b^3");
    expect(print(neg(mul(x, y)))).toBe("-(x*y)");
    expect(print(add(a, neg(num(3))))).toBe("a + (-1*3)"); // mul(-1, 3), not the number -3
    expect(print(add(a, num(-3)))).toBe("a - 3");
    expect(print(add(a, add(b, x)))).toBe("a + (b + x)");
    expect(print(mul(num("-3/4"), x))).toBe("-3/4*x");
    expect(print(pow(num("1/2"), x))).toBe("(1/2)^x");
    expect(print(pow(x, num(-2)))).toBe("1/x^2");
    expect(print(call("V", [x, y], [1, 1]))).toBe("D22(V)(x, y)");
    // `1/(1*0)` would read as a division by the literal 0, a parse error.
    const zero = mul(num(1), num(0));
    expect(print(mul(x, pow(zero, num(-1))))).toBe("x*(1*0)^(-1)");
    expect(print(mul(x, pow(num(0), num(-1))))).toBe("x*0^(-1)");
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests.

/** Random source strings of the input syntax (a few are division by a literal zero: skipped). */
const source = fc.letrec<{ e: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom("x", "y", "th", "x'", "th''", "m1", "u_tx", "D1"),
    fc.constantFrom("0", "1", "2", "3", "12", "0.5", "9.81", "1e-3", "2.5e2", "1/2"),
    tie("e").map((s) => `(${s})`),
    fc
      .tuple(fc.constantFrom("sin", "cos", "exp", "log", "sqrt", "abs", "f", "f'", "g''"), tie("e"))
      .map(([f, s]) => `${f}(${s})`),
    fc
      .tuple(
        fc.constantFrom("V", "D1(V)", "D2(V)", "D12(V)", "D21(V)", "D22(V)"),
        tie("e"),
        tie("e"),
      )
      .map(([f, s, t]) => `${f}(${s}, ${t})`),
  ),
  e: fc.oneof(
    { depthSize: "small" },
    tie("atom"),
    fc.tuple(fc.constantFrom("-", "+", "- "), tie("e")).map(([op, s]) => op + s),
    fc
      .tuple(tie("e"), fc.constantFrom("+", "-", "*", "/", "^", " - ", " + "), tie("e"))
      .map(([s, op, t]) => s + op + t),
  ),
})).e;

function parseOrSkip(src: string): Expr {
  try {
    return parse(src);
  } catch (err) {
    if (err instanceof UserError && err.code === "division-by-zero") {
      fc.pre(false);
    }
    throw err;
  }
}

const gcd = (p: number, q: number): number => (q === 0 ? Math.abs(p) : gcd(q, p % q));
const rationalArb = fc
  .tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 1, max: 4 }))
  .map(([p, q]) => {
    const g = gcd(p, q) || 1;
    return num(q / g === 1 ? `${p / g}` : `${p / g}/${q / g}`);
  });
const names = ["x", "y", "th", "x'", "th''", "m1", "u_tx", "D1"];

/** Random well-formed trees built with the constructors, not necessarily in parser shape. */
const tree = fc.letrec<{ t: Expr }>((tie) => ({
  t: fc.oneof(
    { depthSize: "medium" },
    fc.oneof(fc.constantFrom(...names).map(sym), rationalArb),
    fc.array(tie("t"), { minLength: 2, maxLength: 3 }).map((args): Expr => ({ kind: "add", args })),
    fc.array(tie("t"), { minLength: 2, maxLength: 3 }).map((args): Expr => ({ kind: "mul", args })),
    fc.tuple(tie("t"), fc.oneof(rationalArb, rationalArb, tie("t"))).map(([p, q]) => pow(p, q)),
    fc.tuple(fc.constantFrom(...BUILTIN_FUNCTIONS), tie("t")).map(([f, u]) => call(f, [u])),
    fc
      .tuple(fc.constantFrom([], [0], [0, 0], [0, 0, 0, 0]), tie("t"))
      .map(([d, u]) => call("f", [u], [...d])),
    fc
      .tuple(fc.constantFrom([], [0], [1], [0, 1], [1, 1]), tie("t"), tie("t"))
      .map(([d, u, v]) => call("V", [u, v], [...d])),
  ),
})).t;

/** The arguments of nested sums (or products) of `e`, flattened. */
function flatArgs(e: Expr, kind: "add" | "mul"): Expr[] {
  return e.kind === kind ? e.args.flatMap((u) => flatArgs(u, kind)) : [e];
}

/**
 * A tiny evaluator, independent of src/expr/evaluate.ts. Sums and products are flattened and their
 * operands combined in sorted order, so regrouping them (as the parser's flattening does) does not
 * change the floating-point result.
 */
function evaluate(e: Expr): number {
  switch (e.kind) {
    case "num": {
      const [p, q] = e.value.split("/");
      return Number(p) / Number(q ?? "1");
    }
    case "sym":
      return 0.3 + ([...e.name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 997, 7) % 13) / 7;
    case "add":
    case "mul": {
      const values = flatArgs(e, e.kind).map(evaluate);
      values.sort((u, v) => u - v);
      return e.kind === "add"
        ? values.reduce((s, v) => s + v, 0)
        : values.reduce((s, v) => s * v, 1);
    }
    case "pow":
      // b^(1/2) is sqrt(b), as in src/expr/numeric/evaluate.ts (NaN at −∞ where Math.pow gives ∞)
      if (e.exp.kind === "num" && e.exp.value === "1/2") return Math.sqrt(evaluate(e.base));
      return Math.pow(evaluate(e.base), evaluate(e.exp));
    case "call": {
      const args = e.args.map(evaluate);
      const builtin = {
        sin: Math.sin,
        cos: Math.cos,
        tan: Math.tan,
        exp: Math.exp,
        log: Math.log,
        sqrt: Math.sqrt,
        sinh: Math.sinh,
        cosh: Math.cosh,
        tanh: Math.tanh,
        abs: Math.abs,
      }[e.fn as string];
      if (builtin) return builtin(args[0]);
      const seed = e.fn.charCodeAt(0) + 10 * (e.d ?? []).reduce((s, i) => s * 3 + i + 1, 0);
      return args.reduce((s, v, i) => s + Math.sin((i + 1.3) * v + seed), 0);
    }
  }
}

function close(u: number, v: number): boolean {
  if (Number.isNaN(u) || Number.isNaN(v)) return Number.isNaN(u) && Number.isNaN(v);
  if (!Number.isFinite(u) || !Number.isFinite(v)) return u === v || Math.abs(u - v) > 1e300;
  return Math.abs(u - v) <= 1e-9 * Math.max(1, Math.abs(u), Math.abs(v));
}

describe("print: round trip properties", () => {
  it("parse(print(e)) deep-equals e for every tree parse produces from random source", () => {
    fc.assert(
      fc.property(source, (src) => {
        const e = parseOrSkip(src);
        expect(parse(print(e))).toEqual(e);
      }),
      { numRuns: 3000 },
    );
  });

  it("parse(print(e)) deep-equals e for every parse of a printed constructor tree", () => {
    fc.assert(
      fc.property(tree, (t) => {
        const e = parse(print(t));
        expect(parse(print(e))).toEqual(e);
      }),
      { numRuns: 3000 },
    );
  });

  it("parse(print(t)) has the value of t for constructor-built trees", () => {
    fc.assert(
      fc.property(tree, (t) => {
        const back = parse(print(t));
        const [u, v] = [evaluate(t), evaluate(back)];
        if (!close(u, v)) expect.fail(`${print(t)}: ${u} vs ${v}`);
      }),
      // A fixed seed: about one random tree in 10⁵ is ill-conditioned in doubles (the abstract
      // model sin(1.3·v) at v ≈ 1e8 turns a last-bit difference of v into 6e-9), which is not a
      // printing error; the seed keeps CI deterministic while 3000 trees still test the printer.
      { numRuns: 3000, seed: 20251129 },
    );
  });

  it("source strings and their printed forms have the same value", () => {
    fc.assert(
      fc.property(source, (src) => {
        const e = parseOrSkip(src);
        expect(close(evaluate(e), evaluate(parse(print(e))))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
