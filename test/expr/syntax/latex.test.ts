import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { latex } from "../../../src/expr/syntax/latex.js";
import { parse } from "../../../src/expr/syntax/parse.js";
import { type Expr, add, call, mul, num, pow, sym } from "../../../src/expr/types.js";

const tex = (src: string, names?: Record<string, string>) => latex(parse(src), { names });

describe("latex: symbols", () => {
  it.each([
    ["x", "x"],
    ["alpha", "\\alpha"],
    ["omega", "\\omega"],
    ["Gamma", "\\Gamma"],
    ["Omega", "\\Omega"],
    ["th", "\\theta"],
    ["ph", "\\phi"],
    ["ps", "\\psi"],
    ["eps", "\\varepsilon"],
    ["m1", "m_{1}"],
    ["x12", "x_{12}"],
    ["th2", "\\theta_{2}"],
    ["x_2", "x_{2}"],
    ["u_tx", "u_{tx}"],
    ["q_alpha", "q_{\\alpha}"],
    ["Vx", "\\mathrm{Vx}"],
    ["x'", "\\dot{x}"],
    ["x''", "\\ddot{x}"],
    ["x'''", "\\dddot{x}"],
    ["x''''", "x^{(4)}"],
    ["th1''", "\\ddot{\\theta}_{1}"],
    ["ph'", "\\dot{\\phi}"],
    // Momenta of Greek-named coordinates: the same letter in the subscript, digits and all.
    ["p_th", "p_{\\theta}"],
    ["p_th1", "p_{\\theta_{1}}"],
    ["v_alpha2", "v_{\\alpha_{2}}"],
    // A name made of words is one upright name; a letter with a word subscript stays so.
    ["weight_decay", "\\mathrm{weight\\_decay}"],
    ["x_prev", "x_{prev}"],
    // Indexed names of update rules: the step as a subscript.
    ["m[k-1]", "m_{k-1}"],
    ["theta[k]", "\\theta_{k}"],
    ["v_x[k+1]", "\\left(v_{x}\\right)_{k+1}"],
    // A sample mean x̄ and RMSprop's average gradient ḡ: the accent, not an upright word.
    ["xbar", "\\bar{x}"],
    ["gbar[k-1]", "\\bar{g}_{k-1}"],
    ["thhat", "\\hat{\\theta}"],
    ["xtilde'", "\\dot{\\tilde{x}}"],
    ["hbar", "\\mathrm{hbar}"],
    ["crowbar", "\\mathrm{crowbar}"],
  ])("%s → %s", (src, out) => {
    expect(tex(src)).toBe(out);
  });

  it("opts.names overrides a symbol, and a base name applies under primes", () => {
    expect(tex("q", { q: "\\xi" })).toBe("\\xi");
    expect(tex("q''", { q: "\\xi" })).toBe("\\ddot{\\xi}");
    expect(tex("q'", { "q'": "v" })).toBe("v");
    expect(tex("theta + th", { th: "\\vartheta" })).toBe("\\theta + \\vartheta");
    expect(tex("V(x)", { V: "U" })).toBe("U\\left(x\\right)");
  });
});

describe("latex: arithmetic", () => {
  it.each([
    ["a + b", "a + b"],
    ["a - b", "a - b"],
    ["-a + b", "-a + b"],
    ["a - 2*b", "a - 2 b"],
    ["a - (b + c)", "a - \\left(b + c\\right)"],
    ["2*(a + b)", "2 \\left(a + b\\right)"],
    ["m*g*l", "m g l"],
    ["2*3", "2 \\cdot 3"],
    ["x*2", "2 x"],
    ["c*(-3)", "-3 c"],
    ["x*2^y", "x \\cdot 2^{y}"],
    ["1/2", "\\frac{1}{2}"],
    ["-3/4", "-\\frac{3}{4}"],
    ["1/2*m*v^2", "\\frac{1}{2} m v^{2}"],
    ["-1/2*k*x^2", "-\\frac{1}{2} k x^{2}"],
    ["a/b", "\\frac{a}{b}"],
    ["1/x", "\\frac{1}{x}"],
    ["x^-2", "\\frac{1}{x^{2}}"],
    ["a*b/(c*d)", "\\frac{a b}{c d}"],
    ["m*g/l*x", "\\frac{m g x}{l}"],
    ["-x/2", "-\\frac{x}{2}"],
    ["3/2/x", "\\frac{3}{2 x}"],
    ["(a + b)/c", "\\frac{a + b}{c}"],
    ["-(a + b)/c", "-\\frac{a + b}{c}"],
    ["a/(b + c)", "\\frac{a}{b + c}"],
    ["(a + b)^2", "\\left(a + b\\right)^{2}"],
    ["(-2)^x", "\\left(-2\\right)^{x}"],
    ["(x^2)^3", "\\left(x^{2}\\right)^{3}"],
    ["(1/2)^x", "\\left(\\frac{1}{2}\\right)^{x}"],
    ["x^(1/3)", "x^{\\frac{1}{3}}"],
    ["x^(-y)", "x^{-y}"],
    ["a^b^c", "a^{b^{c}}"],
    ["x'^2", "\\dot{x}^{2}"],
    ["x''''^2", "\\left(x^{(4)}\\right)^{2}"],
  ])("%s → %s", (src, out) => {
    expect(tex(src)).toBe(out);
  });
});

describe("latex: functions", () => {
  it.each([
    ["sin(x)", "\\sin\\left(x\\right)"],
    ["cos(th)", "\\cos\\left(\\theta\\right)"],
    ["tanh(x)", "\\tanh\\left(x\\right)"],
    ["log(x)", "\\log\\left(x\\right)"],
    ["exp(x)", "e^{x}"],
    ["exp(-x^2/2)", "e^{-\\frac{x^{2}}{2}}"],
    ["exp(x)^2", "\\left(e^{x}\\right)^{2}"],
    ["sqrt(x)", "\\sqrt{x}"],
    ["x^(1/2)", "\\sqrt{x}"],
    ["1/sqrt(x)", "\\frac{1}{\\sqrt{x}}"],
    ["x^(-1/2)", "\\frac{1}{\\sqrt{x}}"],
    ["abs(x)", "|x|"],
    // Decimal literals as written (exact internally).
    ["9.109e-31*x", "9.109 \\times 10^{-31} x"],
    ["1e-3*x", "10^{-3} x"],
    ["0.5*m*v^2", "0.5 m v^{2}"],
    ["-2.5*x", "-2.5 x"],
    ["x/(0.5*y)", "\\frac{x}{0.5 y}"],
    ["sin(th)^2", "\\sin^{2}\\left(\\theta\\right)"],
    ["sin(x)/cos(x)", "\\frac{\\sin\\left(x\\right)}{\\cos\\left(x\\right)}"],
    ["f(x)", "f\\left(x\\right)"],
    ["V(x, y)", "V\\left(x, y\\right)"],
    ["f'(x)", "f'\\left(x\\right)"],
    ["f''(x)", "f''\\left(x\\right)"],
    ["D1111(f)(x)", "f^{(4)}\\left(x\\right)"],
    ["D12(V)(x, y)", "\\partial_{1}\\partial_{2} V\\left(x, y\\right)"],
    ["D2(V)(x, y)", "\\partial_{2} V\\left(x, y\\right)"],
    ["D112(V)(x, y)", "\\partial_{1}^{2}\\partial_{2} V\\left(x, y\\right)"],
    ["D1(V)(x, y)^2", "\\left(\\partial_{1} V\\left(x, y\\right)\\right)^{2}"],
    ["f(x)^2", "f\\left(x\\right)^{2}"],
  ])("%s → %s", (src, out) => {
    expect(tex(src)).toBe(out);
  });

  it("renders a Lagrangian", () => {
    expect(tex("1/2*m*l^2*th'^2 + m*g*l*cos(th)")).toBe(
      "\\frac{1}{2} m l^{2} \\dot{\\theta}^{2} + m g l \\cos\\left(\\theta\\right)",
    );
    expect(tex("m1*x1'' + k*(x1 - x2)")).toBe(
      "m_{1} \\ddot{x}_{1} + k \\left(x_{1} - x_{2}\\right)",
    );
  });

  it("renders constructor-built trees without the parser's shapes", () => {
    expect(latex(add(sym("a"), add(sym("b"), sym("c"))))).toBe("a + b + c");
    expect(latex(mul(sym("a"), mul(num(-1), sym("b"))))).toBe("-a b");
    expect(latex(add(sym("a"), mul(sym("b"), num(-2))))).toBe("a - 2 b");
    expect(latex(pow(sym("x"), num(-1)))).toBe("\\frac{1}{x}");
    expect(latex(call("V", [sym("x"), sym("y")], [1, 1]))).toBe(
      "\\partial_{2}^{2} V\\left(x, y\\right)",
    );
  });
});

describe("latex: well-formedness", () => {
  const leaf = fc.oneof(
    fc.constantFrom("x", "th'", "m1", "u_tx", "Omega").map(sym),
    fc.integer({ min: -5, max: 5 }).map((n) => num(n)),
    fc.constantFrom("1/2", "-3/4").map((v) => num(v)),
  );
  const tree = fc.letrec<{ t: Expr }>((tie) => ({
    t: fc.oneof(
      { depthSize: "medium" },
      leaf,
      fc
        .array(tie("t"), { minLength: 2, maxLength: 3 })
        .map((args): Expr => ({ kind: "add", args })),
      fc
        .array(tie("t"), { minLength: 2, maxLength: 3 })
        .map((args): Expr => ({ kind: "mul", args })),
      fc.tuple(tie("t"), tie("t")).map(([b, e]) => pow(b, e)),
      fc
        .tuple(fc.constantFrom("sin", "exp", "sqrt", "abs", "f"), tie("t"))
        .map(([f, u]) => call(f, [u])),
      fc.tuple(tie("t"), tie("t")).map(([u, v]) => call("V", [u, v], [0, 1])),
    ),
  })).t;

  it("produces balanced braces and \\left/\\right pairs, never '+ -' or '- -'", () => {
    fc.assert(
      fc.property(tree, (e) => {
        const s = latex(e);
        let depth = 0;
        for (const ch of s) {
          depth += ch === "{" ? 1 : ch === "}" ? -1 : 0;
          expect(depth).toBeGreaterThanOrEqual(0);
        }
        expect(depth).toBe(0);
        expect(s.split("\\left").length).toBe(s.split("\\right").length);
        expect(s).not.toMatch(/[+-] -/);
      }),
      { numRuns: 2000 },
    );
  });
});
