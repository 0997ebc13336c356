/**
 * One variant of an update rule as a program: the rule's names mapped to generated identifiers
 * (./names.ts), its scalars and assignments lowered (./lower.ts) in single assignment form — an
 * assignment `m = β1·m + (1 − β1)·G` defines a new value s_m$1 from the start-of-step s_m, and later
 * assignments read the newest — then placed by level with common subexpressions shared (./cse.ts).
 * The final value of every assigned state variable (and of the parameter) is stored at the end.
 * A hyperparameter defaulting to 0 that the loop reads (weight decay) gets a loop of its own where
 * it is 0 and its terms are dropped, as torch skips them; the module picks the loop when it is made.
 */
import { UserError } from "../errors.js";
import { symbols } from "../expr/types.js";
import type { Assignment, Condition, UpdateRule, UpdateVariant } from "../proof/types.js";
import { type Body, occurrences, Planner } from "./cse.js";
import { type Node, type Stmt, foldZeros, numNode, ref } from "./ir.js";
import { lower } from "./lower.js";
import { type Role, checkVariantNames, ident } from "./names.js";

export interface VariantProgram {
  readonly name: string;
  readonly when: readonly Condition[];
  /** Computed when the optimizer is made (level 0). */
  readonly consts: readonly Stmt[];
  /** Computed once per step before the loop: the rule's scalars and hoisted subexpressions. */
  readonly perStep: readonly Stmt[];
  /**
   * The step's element loops, most specialised first, the last general (`zero` empty): in each,
   * the hyperparameters named in `zero` are taken as 0 and their terms dropped.
   */
  readonly loops: readonly Specialised[];
}

/** Element loops for given zero hyperparameters. */
export interface Specialised {
  readonly zero: readonly string[];
  /** The per-element statements (an integrator's whole step). */
  readonly body: Body;
  /** Replaces `body` on the first step (k = 1), or null. */
  readonly first: Body | null;
}

/** At most this many zero-default hyperparameters get loops of their own (2^n loops). */
const MAX_ZERO_SPECIALISED = 2;

/**
 * The hyperparameters worth a loop where they are 0: numbers defaulting to 0 (weight decay,
 * dampening) that the element loop reads and the variant's conditions do not already fix.
 */
function zeroable(rule: UpdateRule, v: UpdateVariant): string[] {
  const fixed = new Set(v.when.map((c) => c.hyper));
  const used = new Set<string>();
  for (const a of [...v.assignments, ...(v.first ?? [])]) symbols(a.value, used);
  return rule.hyperparameters
    .filter((h) => h.type === "number" && h.default === 0 && !fixed.has(h.name) && used.has(h.name))
    .map((h) => h.name)
    .slice(0, MAX_ZERO_SPECIALISED);
}

/** Every subset of `names`, larger ones first, the empty one last. */
function subsets(names: readonly string[]): string[][] {
  let out: string[][] = [[]];
  for (const n of [...names].reverse()) out = [...out.map((s) => [n, ...s]), ...out];
  return out.sort((a, b) => b.length - a.length);
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
  const lowered = subsets(zeroable(rule, v)).map((zero) => {
    const zeroEnv = new Map(env);
    for (const name of zero) zeroEnv.set(name, numNode(0));
    const fold = (stmts: Stmt[]) =>
      zero.length ? stmts.map((s) => ({ ...s, node: foldZeros(s.node) })) : stmts;
    const body = fold(lowerBody(rule, v.assignments, zeroEnv, roles, where));
    const first = v.first && fold(lowerBody(rule, v.first, zeroEnv, roles, `${where}, first step`));
    return { zero, body, first };
  });
  const roots = [...scalars, ...lowered.flatMap((l) => [...l.body, ...(l.first ?? [])])];
  const planner = new Planner(occurrences(roots.map((s) => s.node)));
  planner.scalars(scalars);
  const loops = lowered.map((l) => ({
    zero: l.zero,
    body: planner.body(l.body),
    first: l.first && planner.body(l.first),
  }));
  return { name: v.name, when: v.when, consts: planner.consts, perStep: planner.perStep, loops };
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
