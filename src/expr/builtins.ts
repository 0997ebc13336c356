/**
 * One table for the elementary functions: everything a module needs to know about `sin` is in its
 * row, so that differentiation, evaluation, normalisation and LaTeX cannot disagree.
 *
 *   parity      f(−u) = −f(u) ("odd") or f(u) ("even")
 *   atZero      f(0), when it is a rational number
 *   derivative  f'(u), built from u and the value self = f(u) with the plain constructors of
 *               types.ts (the algebra normalises it; the numeric layer never sees it)
 *   f, d1, d2   the float value and first two derivatives, as functions of the argument a and the
 *               value v = f(a) (used by the evaluator and its dual numbers)
 *   precise, preciseD1
 *               the same value and first derivative in decimal.js arithmetic (the 60-digit re-check)
 *   latex       the LaTeX operator (\sin), or undefined for functions set otherwise (sqrt, abs, exp)
 *
 * This module imports nothing but the tree types, so both the algebra and the numeric checker may
 * read it without importing each other.
 */
import type { Decimal } from "decimal.js";
import { add, call, div, mul, num, pow, sub, type BuiltinFunction, type Expr } from "./types.js";

export interface Builtin {
  readonly parity?: "odd" | "even";
  readonly atZero?: number;
  readonly derivative: (u: Expr, self: Expr) => Expr;
  readonly f: (a: number) => number;
  readonly d1: (a: number, v: number) => number;
  readonly d2: (a: number, v: number) => number;
  readonly precise: (a: Decimal) => Decimal;
  readonly preciseD1: (a: Decimal, v: Decimal) => Decimal;
  readonly latex?: string;
}

const one = num(1);
/** NaN of the same decimal type as a (log of a negative number, as Math.log gives). */
const nan = (a: Decimal): Decimal => new (a.constructor as new (v: number) => Decimal)(NaN);

export const BUILTINS: Readonly<Record<BuiltinFunction, Builtin>> = {
  sin: {
    parity: "odd",
    atZero: 0,
    derivative: (u) => call("cos", [u]),
    f: Math.sin,
    d1: (a) => Math.cos(a),
    d2: (_a, v) => -v,
    precise: (a) => a.sin(),
    preciseD1: (a) => a.cos(),
    latex: "\\sin",
  },
  cos: {
    parity: "even",
    atZero: 1,
    derivative: (u) => mul(num(-1), call("sin", [u])),
    f: Math.cos,
    d1: (a) => -Math.sin(a),
    d2: (_a, v) => -v,
    precise: (a) => a.cos(),
    preciseD1: (a) => a.sin().neg(),
    latex: "\\cos",
  },
  tan: {
    parity: "odd",
    atZero: 0,
    derivative: (_u, self) => add(one, pow(self, num(2))),
    f: Math.tan,
    d1: (_a, v) => 1 + v * v,
    d2: (_a, v) => 2 * v * (1 + v * v),
    precise: (a) => a.tan(),
    preciseD1: (_a, v) => v.mul(v).add(1),
    latex: "\\tan",
  },
  exp: {
    atZero: 1,
    derivative: (_u, self) => self,
    f: Math.exp,
    d1: (_a, v) => v,
    d2: (_a, v) => v,
    precise: (a) => a.exp(),
    preciseD1: (_a, v) => v,
  },
  log: {
    derivative: (u) => pow(u, num(-1)),
    f: Math.log,
    d1: (a) => 1 / a,
    d2: (a) => -1 / (a * a),
    precise: (a) => (a.isNegative() ? nan(a) : a.ln()),
    preciseD1: (a) => a.pow(-1),
    latex: "\\log",
  },
  sqrt: {
    atZero: 0,
    derivative: (_u, self) => div(num("1/2"), self),
    f: Math.sqrt,
    d1: (_a, v) => 0.5 / v,
    d2: (a, v) => -0.25 / (a * v),
    precise: (a) => a.sqrt(),
    preciseD1: (_a, v) => v.mul(2).pow(-1),
  },
  sinh: {
    parity: "odd",
    atZero: 0,
    derivative: (u) => call("cosh", [u]),
    f: Math.sinh,
    d1: (a) => Math.cosh(a),
    d2: (_a, v) => v,
    precise: (a) => a.sinh(),
    preciseD1: (a) => a.cosh(),
    latex: "\\sinh",
  },
  cosh: {
    parity: "even",
    atZero: 1,
    derivative: (u) => call("sinh", [u]),
    f: Math.cosh,
    d1: (a) => Math.sinh(a),
    d2: (_a, v) => v,
    precise: (a) => a.cosh(),
    preciseD1: (a) => a.sinh(),
    latex: "\\cosh",
  },
  tanh: {
    parity: "odd",
    atZero: 0,
    derivative: (_u, self) => sub(one, pow(self, num(2))),
    f: Math.tanh,
    d1: (_a, v) => 1 - v * v,
    d2: (_a, v) => -2 * v * (1 - v * v),
    precise: (a) => a.tanh(),
    preciseD1: (_a, v) => v.mul(v).neg().add(1),
    latex: "\\tanh",
  },
  abs: {
    parity: "even",
    atZero: 0,
    derivative: (u, self) => div(self, u),
    f: Math.abs,
    d1: (a) => Math.sign(a),
    d2: () => 0,
    precise: (a) => a.abs(),
    preciseD1: (a) => (a.isZero() ? a : a.div(a.abs())),
  },
};
