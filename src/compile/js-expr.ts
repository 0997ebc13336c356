/**
 * JavaScript text of the compiler's trees (./ir.ts), with the parentheses evaluation order needs:
 * left-associative `+ − × /` keep a right operand of equal precedence in parentheses (a − (b − c),
 * a·(b·c): floating point does not reassociate), a negation or a negative number as an operand is
 * parenthesised, √ is Math.sqrt, other powers Math.pow, functions Math.exp, Math.log, ….
 * Every identifier printed comes from ./names.ts or the compiler; numbers print as the shortest
 * decimal that reads back as the same double.
 */
import type { Node } from "./ir.js";

const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const ATOM = 4;

/** JavaScript for a finite double: `0.001`, `1e-8`, `(-2)` in operand position. */
export function jsNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`internal: non-finite constant ${x}`);
  return Object.is(x, -0) ? "-0" : String(x);
}

/** The expression `n` in JavaScript. */
export function jsExpr(n: Node): string {
  return show(n)[0];
}

function show(n: Node): [string, number] {
  switch (n.op) {
    case "num":
      return [jsNumber(n.value), n.value < 0 || Object.is(n.value, -0) ? UNARY : ATOM];
    case "ref":
      return [n.id, ATOM];
    case "neg":
      return [`-${operand(n.a, UNARY + 1)}`, UNARY];
    case "fn":
      return [`Math.${n.fn}(${jsExpr(n.a)})`, ATOM];
    case "pow":
      return [`Math.pow(${jsExpr(n.a)}, ${jsExpr(n.b)})`, ATOM];
    case "add":
    case "sub": {
      const op = n.op === "add" ? "+" : "-";
      return [`${operand(n.a, SUM)} ${op} ${operand(n.b, SUM + 1)}`, SUM];
    }
    case "mul":
    case "div": {
      const op = n.op === "mul" ? "*" : "/";
      return [`${operand(n.a, PRODUCT)} ${op} ${operand(n.b, PRODUCT + 1)}`, PRODUCT];
    }
  }
}

/** `n` for a context needing precedence `min`; negations and negative numbers always bracketed. */
function operand(n: Node, min: number): string {
  const [s, p] = show(n);
  return p >= min && p !== UNARY ? s : `(${s})`;
}
