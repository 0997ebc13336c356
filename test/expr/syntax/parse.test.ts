import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.js";
import { parse } from "../../../src/expr/syntax/parse.js";
import { add, call, type Expr, mul, num, pow, sym } from "../../../src/expr/types.js";

const [x, y, z, a, b, c] = ["x", "y", "z", "a", "b", "c"].map(sym);
const inv = (e: Expr) => pow(e, num(-1));

/** The UserError that `parse(src)` throws. */
function parseError(src: string): UserError {
  try {
    parse(src);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error(`expected parse(${JSON.stringify(src)}) to fail`);
}

describe("parse: numbers", () => {
  it.each([
    ["0", "0"],
    ["42", "42"],
    ["0.5", "1/2"],
    ["9.81", "981/100"],
    ["1e-3", "1/1000"],
    ["2.5E2", "250"],
    ["1.", "1"],
    [".25", "1/4"],
    ["6e+2", "600"],
    ["0.10", "1/10"],
    ["123456789012345678901234567890", "123456789012345678901234567890"],
  ])("%s is exactly %s", (src, value) => {
    const n = parse(src);
    expect(n).toEqual(n.kind === "num" && n.text ? { ...num(value), text: src } : num(value));
    expect(n.kind === "num" && n.value).toBe(value);
  });

  it("keeps the text of a decimal literal written otherwise than its value (9.109e-31)", () => {
    expect(parse("9.109e-31")).toEqual({
      ...num("9109/10000000000000000000000000000000000"),
      text: "9.109e-31",
    });
    expect(parse("-0.75")).toEqual({ ...num("-3/4"), text: "-0.75" });
    expect(parse("--0.75")).toEqual({ ...num("3/4"), text: "0.75" });
    expect(parse("12")).toEqual(num(12));
    // 0 and 1 are tested by value in the tree shapes (a factor 1 is dropped): no text.
    expect(parse("1.0")).toEqual(num(1));
    expect(parse("0.0")).toEqual(num(0));
    expect(parse("2/0.5")).toEqual(num(4));
  });

  it("negates literals into negative numbers", () => {
    expect(parse("-3")).toEqual(num(-3));
    expect(parse("-0.75")).toMatchObject(num("-3/4"));
    expect(parse("-(2)")).toEqual(num(-2));
    expect(parse("--3")).toEqual(num(3));
    expect(parse("-0")).toEqual(num(0));
  });

  it("folds a quotient of two numbers", () => {
    expect(parse("1/2")).toEqual(num("1/2"));
    expect(parse("6/4")).toEqual(num("3/2"));
    expect(parse("-1/2")).toEqual(num("-1/2"));
    expect(parse("1/-2")).toEqual(num("-1/2"));
    expect(parse("3/(1/2)")).toEqual(num(6));
  });
});

describe("parse: names", () => {
  it("reads identifiers, primes included, as single symbols", () => {
    expect(parse("x")).toEqual(x);
    expect(parse("x'")).toEqual(sym("x'"));
    expect(parse("x''")).toEqual(sym("x''"));
    expect(parse("th'''")).toEqual(sym("th'''"));
    expect(parse("u_tx")).toEqual(sym("u_tx"));
    expect(parse("m1")).toEqual(sym("m1"));
    expect(parse("D1")).toEqual(sym("D1"));
  });
});

describe("parse: operators and tree shapes", () => {
  it("subtraction is adding a negation", () => {
    expect(parse("a - b")).toEqual(add(a, mul(num(-1), b)));
    expect(parse("a - 2*b")).toEqual(add(a, mul(num(-2), b)));
    expect(parse("a - 3")).toEqual(add(a, num(-3)));
    expect(parse("a - (b + c)")).toEqual(add(a, mul(num(-1), add(b, c))));
    expect(parse("a - -b")).toEqual(add(a, b));
  });

  it("unary minus", () => {
    expect(parse("-x")).toEqual(mul(num(-1), x));
    expect(parse("-2*x")).toEqual(mul(num(-2), x));
    expect(parse("-x*y")).toEqual(mul(num(-1), x, y));
    expect(parse("-(x*y)")).toEqual(mul(num(-1), x, y));
    expect(parse("-(2*x)")).toEqual(mul(num(-2), x));
    expect(parse("-(-x)")).toEqual(x);
    expect(parse("+x")).toEqual(x);
    expect(parse("-x^2")).toEqual(mul(num(-1), pow(x, num(2))));
    expect(parse("-2^2")).toEqual(mul(num(-1), pow(num(2), num(2))));
  });

  it("division", () => {
    expect(parse("a/b")).toEqual(mul(a, inv(b)));
    expect(parse("1/x")).toEqual(inv(x));
    expect(parse("2/x")).toEqual(mul(num(2), inv(x)));
    expect(parse("-1/x")).toEqual(mul(num(-1), inv(x)));
    expect(parse("x/2")).toEqual(mul(x, inv(num(2))));
    expect(parse("a/b/c")).toEqual(mul(a, inv(b), inv(c)));
    expect(parse("a/(b*c)")).toEqual(mul(a, inv(mul(b, c))));
    expect(parse("1/x/y")).toEqual(mul(inv(x), inv(y)));
    expect(parse("2/3*x")).toEqual(mul(num("2/3"), x));
    expect(parse("x*2/3")).toEqual(mul(x, num(2), inv(num(3))));
    // A numeric positive power in the divisor becomes a negative exponent.
    expect(parse("x/y^2")).toEqual(mul(x, pow(y, num(-2))));
    expect(parse("1/y^(1/2)")).toEqual(pow(y, num("-1/2")));
    expect(parse("x/y^n")).toEqual(mul(x, inv(pow(y, sym("n")))));
    expect(parse("x/y^-2")).toEqual(mul(x, inv(pow(y, num(-2)))));
  });

  it("flattens sums and products, through parentheses too", () => {
    expect(parse("a + b + c")).toEqual(add(a, b, c));
    expect(parse("(a + b) + c")).toEqual(add(a, b, c));
    expect(parse("a + (b - c)")).toEqual(add(a, b, mul(num(-1), c)));
    expect(parse("x*(y*z)")).toEqual(mul(x, y, z));
    expect(parse("(x*y)*z")).toEqual(mul(x, y, z));
    expect(parse("x*(-y)")).toEqual(mul(x, num(-1), y));
  });

  it("drops factors of 1 unless the product is just 1", () => {
    expect(parse("1*x")).toEqual(x);
    expect(parse("x*1*y")).toEqual(mul(x, y));
    expect(parse("1*1")).toEqual(num(1));
    expect(parse("1")).toEqual(num(1));
    expect(parse("2*3")).toEqual(mul(num(2), num(3)));
  });

  it("powers are right-associative and take a signed exponent", () => {
    expect(parse("a^b^c")).toEqual(pow(a, pow(b, c)));
    expect(parse("(a^b)^c")).toEqual(pow(pow(a, b), c));
    expect(parse("2^-1")).toEqual(pow(num(2), num(-1)));
    expect(parse("x^-y")).toEqual(pow(x, mul(num(-1), y)));
    expect(parse("x^(1/2)")).toEqual(pow(x, num("1/2")));
    expect(parse("x'^2")).toEqual(pow(sym("x'"), num(2)));
    expect(parse("2*x^2")).toEqual(mul(num(2), pow(x, num(2))));
  });

  it("ignores whitespace", () => {
    expect(parse("  a\t-\nb ")).toEqual(parse("a - b"));
  });
});

describe("parse: functions", () => {
  it("builtins take exactly one argument", () => {
    expect(parse("sin(x)")).toEqual(call("sin", [x]));
    // sqrt(u) reads as u^(1/2), the tree printed as sqrt(u)
    expect(parse("sqrt(x^2 + 1)")).toEqual(pow(add(pow(x, num(2)), num(1)), num("1/2")));
    expect(parse("1/sqrt(x)")).toEqual(pow(x, num("-1/2")));
    expect(parse("cos(th)*sin(th)")).toEqual(
      mul(call("cos", [sym("th")]), call("sin", [sym("th")])),
    );
  });

  it("abstract functions take one or more arguments", () => {
    expect(parse("f(x)")).toEqual(call("f", [x]));
    expect(parse("V(x, y)")).toEqual(call("V", [x, y]));
    expect(parse("r(s, a)")).toEqual(call("r", [sym("s"), a]));
    expect(parse("f(x) + f(y)")).toEqual(add(call("f", [x]), call("f", [y])));
  });

  it("primes on an abstract function of one argument", () => {
    expect(parse("f'(x)")).toEqual(call("f", [x], [0]));
    expect(parse("f''(x^2)")).toEqual(call("f", [pow(x, num(2))], [0, 0]));
    expect(parse("f'(x)")).not.toHaveProperty("d", []);
    expect(parse("f(x)")).not.toHaveProperty("d");
  });

  it("D-notation: 1-based positions, stored 0-based and sorted", () => {
    expect(parse("D1(V)(x, y)")).toEqual(call("V", [x, y], [0]));
    expect(parse("D2(V)(x, y)")).toEqual(call("V", [x, y], [1]));
    expect(parse("D12(V)(x,y)")).toEqual(call("V", [x, y], [0, 1]));
    expect(parse("D21(V)(x,y)")).toEqual(call("V", [x, y], [0, 1]));
    expect(parse("D11(V)(x,y)")).toEqual(call("V", [x, y], [0, 0]));
    expect(parse("D1(f)(x)")).toEqual(parse("f'(x)"));
    expect(parse("D11(f)(x)")).toEqual(parse("f''(x)"));
  });
});

describe("parse: errors", () => {
  it.each([
    ["", 0, "empty input"],
    ["   ", 0, "empty input"],
    ["x + * y", 4, "unexpected '*'"],
    ["x +", 3, "missing operand after '+'"],
    ["*x", 0, "unexpected '*'"],
    ["2x", 1, "missing operator before 'x'"],
    ["2 x", 2, "missing operator before 'x'"],
    ["x(y)z", 4, "missing operator before 'z'"],
    ["(x)(y)", 3, "missing operator before '('"],
    ["x # y", 2, "unexpected character '#'"],
    ["x'' '", 4, "unexpected character '''"],
    ["(x + 1", 6, "expected ')' to close '(' at 0"],
    ["(x + (y)", 8, "expected ')' to close '(' at 0"],
    ["x + 1)", 5, "unbalanced ')'"],
    ["()", 1, "empty parentheses"],
    ["f(x,)", 4, "missing operand before ')'"],
    ["f(x", 3, "expected ')' to close the arguments of f at 1"],
    ["f()", 2, "f needs an argument"],
    ["sin(x, y)", 7, "sin takes exactly one argument"],
    ["sin()", 4, "sin needs an argument"],
    ["sin", 0, "'sin' is a function"],
    ["sin'(x)", 3, "only abstract functions take primes"],
    ["f'(x, y)", 6, "takes exactly one argument"],
    ["D13(V)(x, y)", 2, "V has 2 argument(s): there is no argument 3"],
    ["D0(V)(x)", 1, "start at 1"],
    ["D1(sin)(x)", 3, "applies to abstract functions"],
    ["D1(f')(x)", 3, "expected a function name"],
    ["D1(V)", 5, "expected the arguments of D1(V)"],
    ["D1(V, W)(x)", 4, "expected ')'"],
    ["x^", 2, "missing operand after '^'"],
    ["x ^ * 2", 4, "unexpected '*'"],
    ["x + 1e999999999", 4, "out of range"],
  ])("%j fails at %i: %s", (src, position, message) => {
    const err = parseError(src);
    expect(err.code).toBe("parse");
    expect(err.source).toBe(src);
    expect(err.position).toBe(position);
    expect(err.message).toContain(message);
  });

  it.each([
    ["x/0", 2],
    ["1/(0)", 2],
    ["x/0.0", 2],
    ["a + b/-0", 6],
  ])("division of %j by a literal zero", (src, position) => {
    const err = parseError(src);
    expect(err.code).toBe("division-by-zero");
    expect(err.position).toBe(position);
  });

  it("division by an expression that is zero is not checked here", () => {
    expect(parse("x/(0*y)")).toEqual(mul(x, inv(mul(num(0), y))));
    expect(parse("x*0^-1")).toEqual(mul(x, pow(num(0), num(-1))));
  });

  it("absurd nesting is a user error, not a crash", () => {
    const err = parseError("(".repeat(100_000) + "x" + ")".repeat(100_000));
    expect(err.code).toBe("parse");
    expect(parse("(".repeat(200) + "x" + ")".repeat(200))).toEqual(x);
  });

  it("render() draws a caret under the position", () => {
    expect(parseError("x + * y").render()).toBe("unexpected '*'\n  x + * y\n      ^");
    expect(parseError("2x").render()).toContain("\n  2x\n   ^");
    expect(parseError("(x + 1").render()).toBe(
      "expected ')' to close '(' at 0\n  (x + 1\n        ^",
    );
  });
});
