/**
 * Hoisting and common subexpressions: statements of a step are placed into three sections by
 * level (./ir.ts) — computed when the optimizer is made, once per step, or per element.
 *
 *   - a subtree of a lower level than where it is used (1 − β1 in the element loop, √c2, lr/c1)
 *     is computed once in its own section, as a temporary `tN`, shared by every use;
 *   - a subtree occurring twice or more at its own level (by structural key) is computed once,
 *     into a temporary before its first use.
 *
 * Language-neutral: the result is statements over ./ir.ts trees whose shared parts are references.
 */
import {
  type Level,
  type Node,
  type RefNode,
  type Stmt,
  bin,
  children,
  fnNode,
  negNode,
  ref,
} from "./ir.js";

/** How often each key occurs in `roots` (every position counted). */
export function occurrences(roots: readonly Node[]): Map<string, number> {
  const counts = new Map<string, number>();
  const walk = (n: Node): void => {
    counts.set(n.key, (counts.get(n.key) ?? 0) + 1);
    children(n).forEach(walk);
  };
  roots.forEach(walk);
  return counts;
}

/** A placed element loop (or integrator step): the start-of-step values it reads, its statements. */
export interface Body {
  readonly loads: readonly RefNode[];
  readonly stmts: readonly Stmt[];
}

export class Planner {
  /** Level 0: computed when the optimizer is made. */
  readonly consts: Stmt[] = [];
  /** Level 1: computed once per step, before the loop. */
  readonly perStep: Stmt[] = [];
  private readonly hoisted = new Map<string, RefNode>();
  private temps = 0;

  /** `counts`: occurrences over every statement of the variant (for levels 0 and 1). */
  constructor(private readonly counts: ReadonlyMap<string, number>) {}

  /** Place per-step statements (the rule's scalars), in order. */
  scalars(stmts: readonly Stmt[]): void {
    for (const s of stmts) {
      if (s.kind !== "let") continue;
      const node = this.place(s.node, 1, this.perStep, this.hoisted, new Map(), this.counts);
      this.perStep.push({ kind: "let", id: s.id, node });
    }
  }

  /** Place the statements of one element loop; its own subexpressions are shared within it. */
  body(stmts: readonly Stmt[]): Body {
    const counts = occurrences(stmts.map((s) => s.node));
    const out: Stmt[] = [];
    const local = new Map<string, RefNode>();
    const loads = new Map<string, RefNode>();
    for (const s of stmts) {
      const node = this.place(s.node, 2, out, local, loads, counts);
      out.push({ ...s, node });
    }
    return { loads: [...loads.values()], stmts: out };
  }

  private place(
    n: Node,
    ctx: Level,
    out: Stmt[],
    local: Map<string, RefNode>,
    loads: Map<string, RefNode>,
    counts: ReadonlyMap<string, number>,
  ): Node {
    if (n.op === "num") return n;
    if (n.op === "ref") {
      if (n.load) loads.set(n.id, n);
      return n;
    }
    if (n.level < ctx) return this.hoist(n);
    const shared = local.get(n.key);
    if (shared) return shared;
    const rebuilt = this.rebuild(n, (c) => this.place(c, ctx, out, local, loads, counts));
    if ((counts.get(n.key) ?? 0) < 2) return rebuilt;
    const r = ref(this.temp(), ctx);
    out.push({ kind: "let", id: r.id, node: rebuilt });
    local.set(n.key, r);
    return r;
  }

  /** `n` (of level 0 or 1) computed once in its section; the reference to it. */
  private hoist(n: Node): RefNode {
    const had = this.hoisted.get(n.key);
    if (had) return had;
    const section = n.level === 0 ? this.consts : this.perStep;
    const rebuilt = this.rebuild(n, (c) =>
      this.place(c, n.level, section, this.hoisted, new Map(), this.counts),
    );
    const r = ref(this.temp(), n.level);
    section.push({ kind: "let", id: r.id, node: rebuilt });
    this.hoisted.set(n.key, r);
    return r;
  }

  private rebuild(n: Node, f: (c: Node) => Node): Node {
    switch (n.op) {
      case "num":
      case "ref":
        return n;
      case "neg":
        return negNode(f(n.a));
      case "fn":
        return fnNode(n.fn, f(n.a));
      default: {
        const a = f(n.a);
        return bin(n.op, a, f(n.b));
      }
    }
  }

  private temp(): string {
    return `t${this.temps++}`;
  }
}
