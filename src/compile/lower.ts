/**
 * Expression trees (src/expr/types.ts) to the compiler's binary trees (./ir.ts), in the order a
 * reader evaluates them: `a + b - c` is (a + b) − c, `lr/c1*m/d` is ((lr/c1)·m)/d, so a compiled
 * rule rounds as the written one does. Two rewrites make the element loop cheaper:
 *
 *   - powers: x^2 → x·x (x^3, x^4 likewise), x^(1/2) → √x, x^(−1/2) → 1/√x, x^(−n) → 1/x^n, and a
 *     factor x^(−n) of a product divides: a·x^(−1) → a/x; any other power is Math.pow;
 *   - in a sum or product with two or more factors (terms) of a lower level than the whole (say
 *     lr and 1/c1 in m·lr/c1), those are brought to the front, so that their part is one
 *     hoistable subtree: m·lr/c1 → (lr/c1)·m. Factors already in front are left as they are,
 *     and a single such factor stays in place (it is hoisted as it stands);
 *   - a sum led by a negative term then a positive one, −a + b, is b − a (exactly equal).
 */
import { UserError } from "../errors.js";
import { type Expr, type Num, isBuiltin } from "../expr/types.js";
import { type Level, type Node, bin, fnNode, negNode, numNode } from "./ir.js";

/** What a symbol of the rule stands for at this point of the step. */
export type Env = ReadonlyMap<string, Node>;

/** Lower `e` with the symbols of `env`; `where` names the assignment for error messages. */
export function lower(e: Expr, env: Env, where: string): Node {
  switch (e.kind) {
    case "num":
      return numNode(toDouble(e));
    case "sym": {
      const n = env.get(e.name);
      if (n === undefined)
        throw new UserError(
          "compile-symbol",
          `cannot compile ${where}: unknown symbol '${e.name}'`,
        );
      return n;
    }
    case "call": {
      if (!isBuiltin(e.fn) || e.args.length !== 1 || (e.d && e.d.length > 0))
        throw new UserError(
          "compile-function",
          `cannot compile ${where}: ${JSON.stringify(e.fn)} is an abstract function, not an elementary one`,
        );
      return fnNode(e.fn, lower(e.args[0], env, where));
    }
    case "pow":
      return power(lower(e.base, env, where), e.exp, env, where);
    case "mul":
      return product(e.args, env, where);
    case "add":
      return sum(e.args, env, where);
  }
}

/** The double nearest to an exact rational "p/q" (its decimal literal when it has one). */
export function toDouble(n: Num): number {
  if (n.text !== undefined && Number.isFinite(Number(n.text))) return Number(n.text);
  const [p, q = "1"] = n.value.split("/");
  const P = BigInt(p);
  const Q = BigInt(q);
  const LIMIT = 2n ** 53n;
  const abs = P < 0n ? -P : P;
  if (abs <= LIMIT && Q <= LIMIT) return Number(P) / Number(Q); // one correctly rounded division
  // Scale both to 60 significant bits: the quotient is then within an ulp or two.
  const shift = (x: bigint) => Math.max(0, x.toString(2).length - 60);
  const sp = shift(abs);
  const sq = shift(Q);
  return (Number(P >> BigInt(sp)) / Number(Q >> BigInt(sq))) * 2 ** (sp - sq);
}

/** An integer exponent as a number, or undefined. */
function integer(e: Expr): number | undefined {
  return e.kind === "num" && /^-?\d+$/.test(e.value) ? Number(e.value) : undefined;
}

/** b^n by repeated multiplication for 1 ≤ n ≤ 4, else Math.pow. */
function positivePower(b: Node, n: number): Node {
  if (n >= 1 && n <= 4) {
    let acc = b;
    for (let i = 1; i < n; i++) acc = bin("mul", acc, b);
    return acc;
  }
  return bin("pow", b, numNode(n));
}

function power(b: Node, exp: Expr, env: Env, where: string): Node {
  if (exp.kind === "num") {
    if (exp.value === "1/2") return fnNode("sqrt", b);
    if (exp.value === "-1/2") return bin("div", numNode(1), fnNode("sqrt", b));
    const n = integer(exp);
    if (n !== undefined && n < 0 && n >= -4) return bin("div", numNode(1), positivePower(b, -n));
    if (n !== undefined && n >= 1) return positivePower(b, n);
  }
  return bin("pow", b, lower(exp, env, where));
}

interface Part {
  readonly node: Node;
  /** Divides (a factor x^(−n)) or is subtracted (a negative term). */
  readonly inverse: boolean;
}

/** Bring ≥ 2 parts of a level below the whole's to the front, unless they are there already. */
function gather(parts: Part[]): Part[] {
  const top = parts.reduce<Level>((l, p) => (p.node.level > l ? p.node.level : l), 0);
  const low = parts.filter((p) => p.node.level < top);
  if (low.length < 2 || parts.slice(0, low.length).every((p) => p.node.level < top)) return parts;
  return [...low, ...parts.filter((p) => p.node.level === top)];
}

function product(args: readonly Expr[], env: Env, where: string): Node {
  let rest = args;
  let negate = false;
  if (args[0].kind === "num" && args[0].value === "-1") {
    negate = true;
    rest = args.slice(1);
  }
  const parts: Part[] = rest.map((f) => {
    const n = f.kind === "pow" ? integer(f.exp) : undefined;
    if (f.kind === "pow" && n !== undefined && n < 0 && n >= -4)
      return { node: positivePower(lower(f.base, env, where), -n), inverse: true };
    if (f.kind === "pow" && f.exp.kind === "num" && f.exp.value === "-1/2")
      return { node: fnNode("sqrt", lower(f.base, env, where)), inverse: true };
    return { node: lower(f, env, where), inverse: false };
  });
  const ordered = gather(parts);
  let acc: Node = ordered[0].inverse ? bin("div", numNode(1), ordered[0].node) : ordered[0].node;
  for (const p of ordered.slice(1)) acc = bin(p.inverse ? "div" : "mul", acc, p.node);
  return negate ? negNode(acc) : acc;
}

/** A term's negation when it is written negative (−x, −2·x, −3), as the parser builds `a − b`. */
function negative(t: Expr): Expr | undefined {
  if (t.kind === "num" && t.value.startsWith("-")) {
    const value = t.value.slice(1);
    return t.text ? { kind: "num", value, text: t.text.replace(/^-/, "") } : { kind: "num", value };
  }
  if (t.kind !== "mul" || t.args[0].kind !== "num" || !t.args[0].value.startsWith("-"))
    return undefined;
  const [c, ...rest] = t.args;
  const pos = negative(c)!;
  if (pos.kind === "num" && pos.value === "1")
    return rest.length === 1 ? rest[0] : { kind: "mul", args: rest };
  return { kind: "mul", args: [pos, ...rest] };
}

function sum(args: readonly Expr[], env: Env, where: string): Node {
  const parts: Part[] = args.map((t) => {
    const n = negative(t);
    return n
      ? { node: lower(n, env, where), inverse: true }
      : { node: lower(t, env, where), inverse: false };
  });
  const ordered = gather(parts);
  // −a + b is b − a exactly (IEEE addition commutes): no negation.
  if (ordered.length > 1 && ordered[0].inverse && !ordered[1].inverse)
    ordered.splice(0, 2, ordered[1], ordered[0]);
  let acc: Node = ordered[0].inverse ? negNode(ordered[0].node) : ordered[0].node;
  for (const p of ordered.slice(1)) acc = bin(p.inverse ? "sub" : "add", acc, p.node);
  return acc;
}
