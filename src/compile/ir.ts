/**
 * The compiler's intermediate form: binary arithmetic trees in evaluation order (a sum or product
 * of the rule is folded left to right, as written), with the built-in functions as `fn` nodes. Each
 * node carries a structural `key` (equal keys: equal values, so one computation serves both) and a
 * `level`, the loop it must be computed in:
 *
 *   0  once, when the optimizer is made (numbers, hyperparameters)
 *   1  once per step (the step index k, the time, the rule's scalars)
 *   2  per element (parameter, gradient, state, locals) — for an integrator, the step itself
 *
 * A node's level is the largest of its children's.
 */
export type Level = 0 | 1 | 2;

export type Node = NumNode | RefNode | BinNode | NegNode | FnNode;

export interface NumNode {
  readonly op: "num";
  readonly value: number;
  readonly key: string;
  readonly level: 0;
}
/** A generated identifier; `load` marks the start-of-step value of a state variable or input. */
export interface RefNode {
  readonly op: "ref";
  readonly id: string;
  readonly key: string;
  readonly level: Level;
  readonly load?: { readonly role: "state" | "parameter" | "gradient"; readonly name: string };
}
export interface BinNode {
  readonly op: "add" | "sub" | "mul" | "div" | "pow";
  readonly a: Node;
  readonly b: Node;
  readonly key: string;
  readonly level: Level;
}
export interface NegNode {
  readonly op: "neg";
  readonly a: Node;
  readonly key: string;
  readonly level: Level;
}
/** A one-argument elementary function (sqrt, exp, log, sin, cos, tan, sinh, cosh, tanh, abs). */
export interface FnNode {
  readonly op: "fn";
  readonly fn: string;
  readonly a: Node;
  readonly key: string;
  readonly level: Level;
}

const max = (a: Level, b: Level): Level => (a > b ? a : b);

export const numNode = (value: number): NumNode => ({
  op: "num",
  value,
  key: Object.is(value, -0) ? "-0" : String(value),
  level: 0,
});
export const ref = (id: string, level: Level, load?: RefNode["load"]): RefNode =>
  load ? { op: "ref", id, key: id, level, load } : { op: "ref", id, key: id, level };
export const bin = (op: BinNode["op"], a: Node, b: Node): BinNode => ({
  op,
  a,
  b,
  key: `(${a.key}${SIGN[op]}${b.key})`,
  level: max(a.level, b.level),
});
export const negNode = (a: Node): NegNode => ({
  op: "neg",
  a,
  key: `(-${a.key})`,
  level: a.level,
});
export const fnNode = (fn: string, a: Node): FnNode => ({
  op: "fn",
  fn,
  a,
  key: `${fn}(${a.key})`,
  level: a.level,
});

const SIGN = { add: "+", sub: "-", mul: "*", div: "/", pow: "^" } as const;

/** A statement of a compiled section: `const id = node`, or a store of a final value. */
export type Stmt =
  | { readonly kind: "let"; readonly id: string; readonly node: Node }
  | {
      readonly kind: "store";
      readonly role: "state" | "parameter";
      readonly name: string;
      readonly node: Node;
    };

/** The children of a node, for walks. */
export function children(n: Node): readonly Node[] {
  switch (n.op) {
    case "num":
    case "ref":
      return [];
    case "neg":
    case "fn":
      return [n.a];
    default:
      return [n.a, n.b];
  }
}

/**
 * `n` with zeros folded away: 0·x → 0, x·0 → 0, 0/x → 0, x ± 0 → x, 0 + x → x, 0 − x → −x, −0 → 0;
 * then the exact identities 1·x = x·1 = x/1 = x, and + − × / of two numbers computed (one IEEE
 * operation, as the generated code would do it). Used where a hyperparameter is known to be 0 (a
 * term λθ dropped, as torch skips it: so also when θ is not finite, where 0·θ would be NaN).
 */
export function foldZeros(n: Node): Node {
  const zero = (x: Node) => x.op === "num" && x.value === 0;
  switch (n.op) {
    case "num":
    case "ref":
      return n;
    case "neg": {
      const a = foldZeros(n.a);
      return zero(a) ? numNode(0) : negNode(a);
    }
    case "fn":
      return fnNode(n.fn, foldZeros(n.a));
    default: {
      const a = foldZeros(n.a);
      const b = foldZeros(n.b);
      if (n.op === "mul" && (zero(a) || zero(b))) return numNode(0);
      if (n.op === "div" && zero(a)) return numNode(0);
      if ((n.op === "add" || n.op === "sub") && zero(b)) return a;
      if (n.op === "add" && zero(a)) return b;
      if (n.op === "sub" && zero(a)) return negNode(b);
      const one = (x: Node) => x.op === "num" && x.value === 1;
      if ((n.op === "mul" || n.op === "div") && one(b)) return a;
      if (n.op === "mul" && one(a)) return b;
      if (a.op === "num" && b.op === "num" && n.op !== "pow") {
        const [x, y] = [a.value, b.value];
        const v = n.op === "add" ? x + y : n.op === "sub" ? x - y : n.op === "mul" ? x * y : x / y;
        if (Number.isFinite(v)) return numNode(v);
      }
      return bin(n.op, a, b);
    }
  }
}
