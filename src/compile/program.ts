/**
 * One variant of an update rule as a program: the rule's names mapped to generated identifiers
 * (./names.ts), its scalars and assignments lowered (./lower.ts) in single assignment form — an
 * assignment `m = β1·m + (1 − β1)·G` defines a new value s_m$1 from the start-of-step s_m, and later
 * assignments read the newest — then placed by level with common subexpressions shared (./cse.ts).
 * The final value of every assigned state variable (and of the parameter) is stored at the end.
 */
import { UserError } from "../errors.js";
import type { Assignment, Condition, UpdateRule, UpdateVariant } from "../proof/types.js";
import { type Body, occurrences, Planner } from "./cse.js";
import { type Node, type Stmt, ref } from "./ir.js";
import { lower } from "./lower.js";
import { type Role, checkVariantNames, ident } from "./names.js";

export interface VariantProgram {
  readonly name: string;
  readonly when: readonly Condition[];
  /** Computed when the optimizer is made (level 0). */
  readonly consts: readonly Stmt[];
  /** Computed once per step before the loop: the rule's scalars and hoisted subexpressions. */
  readonly perStep: readonly Stmt[];
  /** The per-element statements (an integrator's whole step). */
  readonly body: Body;
  /** Replaces `body` on the first step (k = 1), or null. */
  readonly first: Body | null;
}

/** The global symbols of the rule: hyperparameters (level 0), step index and time (level 1). */
function globalEnv(rule: UpdateRule): Map<string, Node> {
  const env = new Map<string, Node>();
  for (const h of rule.hyperparameters) env.set(h.name, ref(ident("hyper", h.name), 0));
  env.set(rule.index, ref(ident("index", rule.index), 1));
  if (rule.time !== undefined) env.set(rule.time, ref(ident("time", rule.time), 1));
  return env;
}

/** A generator of single-assignment identifiers: base, base$1, base$2, … */
function versions(): (base: string) => string {
  const seen = new Map<string, number>();
  return (base) => {
    const n = seen.get(base);
    seen.set(base, (n ?? -1) + 1);
    return n === undefined ? base : `${base}$${n + 1}`;
  };
}

/** Lower a sequence of element assignments from the start-of-step values. */
function lowerBody(
  rule: UpdateRule,
  list: readonly Assignment[],
  scalarEnv: ReadonlyMap<string, Node>,
  roles: ReadonlyMap<string, Role>,
  where: string,
): Stmt[] {
  const env = new Map(scalarEnv);
  const next = versions();
  for (const s of rule.state) {
    const id = next(ident("state", s.name));
    env.set(s.name, ref(id, 2, { role: "state", name: s.name }));
  }
  if (rule.kind === "optimizer") {
    const p = rule.parameter!;
    const g = rule.gradient!;
    env.set(p, ref(next(ident("parameter", p)), 2, { role: "parameter", name: p }));
    env.set(g, ref(next(ident("gradient", g)), 2, { role: "gradient", name: g }));
  }
  const stmts: Stmt[] = [];
  const stored: string[] = [];
  for (const a of list) {
    const node = lower(a.value, env, `${where}, ${a.target} = …`);
    const role = roles.get(a.target);
    const id = next(a.local ? ident("local", a.target) : ident(role as "state", a.target));
    stmts.push({ kind: "let", id, node });
    env.set(a.target, ref(id, 2));
    if (!a.local && !stored.includes(a.target)) stored.push(a.target);
  }
  for (const name of stored) {
    const role = roles.get(name) === "parameter" ? "parameter" : "state";
    stmts.push({ kind: "store", role, name, node: env.get(name)! });
  }
  return stmts;
}

/** The program of variant `v` of `rule` (names already checked by globalNames). */
export function variantProgram(
  rule: UpdateRule,
  v: UpdateVariant,
  roles: ReadonlyMap<string, Role>,
): VariantProgram {
  checkVariantNames(rule, v, roles);
  checkConditions(rule, v);
  const where = `${rule.name} (variant ${v.name})`;
  const env = globalEnv(rule);
  const next = versions();
  const scalars: Stmt[] = v.scalars.map((s) => {
    const node = lower(s.value, env, `${where}, scalar ${s.target} = …`);
    const id = next(ident("scalar", s.target));
    env.set(s.target, ref(id, 1));
    return { kind: "let", id, node };
  });
  const body = lowerBody(rule, v.assignments, env, roles, where);
  const first = v.first && lowerBody(rule, v.first, env, roles, `${where}, first step`);
  const roots = [...scalars, ...body, ...(first ?? [])].map((s) => s.node);
  const planner = new Planner(occurrences(roots));
  planner.scalars(scalars);
  const placedBody = planner.body(body);
  const placedFirst = first && planner.body(first);
  return {
    name: v.name,
    when: v.when,
    consts: planner.consts,
    perStep: planner.perStep,
    body: placedBody,
    first: placedFirst,
  };
}

/** Conditions name a hyperparameter: `is` a boolean one, `zero` a number one. */
function checkConditions(rule: UpdateRule, v: UpdateVariant): void {
  for (const c of v.when) {
    const h = rule.hyperparameters.find((x) => x.name === c.hyper);
    const wanted = "is" in c ? "boolean" : "number";
    if (!h || h.type !== wanted)
      throw new UserError(
        "compile-condition",
        `cannot compile ${rule.name} (variant ${v.name}): its condition on ${JSON.stringify(c.hyper)} needs a ${wanted} hyperparameter of that name`,
      );
  }
}
