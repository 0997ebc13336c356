/**
 * Mutations of derivation records for the `lagrange check` tests: one step's right-hand side
 * (scaled by 1 + 1/1000 and shifted by 1/1000), its rule id (to every other rule recording the
 * same operation, and to one that does not), or its dependencies (each entry removed, an earlier
 * step added, each entry redirected to another earlier step — of the same rule when there is one).
 */
import { RULE_OPS } from "../../src/check/graph.js";
import { parseSteps, type ParsedRecord } from "../../src/check/record.js";

export interface Mutation {
  readonly kind: "rhs" | "rule" | "uses";
  readonly what: string;
  /** Index of the proof in the parsed record (for starting the check there). */
  readonly proof: number;
  /** Index of the step in its proof, its number, and the step as mutated (JSON). */
  readonly index: number;
  readonly step: number;
  readonly mutated: Record<string, any>;
}

type Steps = Record<string, any>[];

/** The step lists of a record in the order readRecord gives its proofs. */
export function stepLists(record: Record<string, any>): Steps[] {
  if (record.kind === "update") return record.rule.variants.map((v: any) => v.steps);
  const out: Steps[] = [record.steps];
  for (const c of [...(record.noether?.conserved ?? []), ...(record.noether?.broken ?? [])])
    out.push(c.steps);
  for (const v of record.update?.variants ?? []) out.push(v.steps);
  return out;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Every mutation of step `s` (index `i` in proof `p`) of `record`. */
export function mutationsOf(record: Record<string, any>, p: number, i: number): Mutation[] {
  const steps = stepLists(record)[p];
  const s = steps[i];
  const out: Mutation[] = [];
  const make = (kind: Mutation["kind"], what: string, change: (t: Record<string, any>) => void) => {
    const mutated = clone(s);
    change(mutated);
    out.push({ kind, what, proof: p, index: i, step: s.n, mutated });
  };
  make("rhs", "rhs·(1 + 1/1000) + 1/1000", (t) => {
    t.rhs = `(${t.rhs})*(1 + 1/1000) + 1/1000`;
  });
  const op = s.lhs.op as string;
  const rules = Object.keys(RULE_OPS).filter((r) => r !== s.rule);
  const sameOp = rules.filter((r) => RULE_OPS[r].includes(op));
  const otherOp = rules.find((r) => !RULE_OPS[r].includes(op))!;
  for (const r of [...sameOp, otherOp]) make("rule", `rule → ${r}`, (t) => void (t.rule = r));
  const numbers: number[] = steps.map((x) => x.n);
  const earlier = numbers.filter((n) => n < s.n && !s.uses.includes(n));
  const ruleOf = (n: number) => steps.find((x) => x.n === n)?.rule;
  s.uses.forEach((u: number, k: number) => {
    make("uses", `remove ${u}`, (t) => void t.uses.splice(k, 1));
    const same = earlier.filter((n) => ruleOf(n) === ruleOf(u));
    const to = (same.length ? same : earlier).sort((a, b) => Math.abs(a - u) - Math.abs(b - u))[0];
    if (to !== undefined) make("uses", `${u} → ${to}`, (t) => void (t.uses[k] = to));
  });
  if (earlier.length) {
    const extra = earlier[earlier.length - 1];
    make("uses", `add ${extra}`, (t) => void t.uses.push(extra));
  }
  return out;
}

/** The record (JSON) with the mutation applied. */
export function applyJson(record: Record<string, any>, m: Mutation): Record<string, any> {
  const copy = clone(record);
  stepLists(copy)[m.proof][m.index] = m.mutated;
  return copy;
}

/**
 * The parsed record with the mutation applied: only the mutated step is parsed again (what
 * readRecord would give for applyJson's record, without re-parsing every other expression).
 */
export function applyParsed(r: ParsedRecord, m: Mutation): ParsedRecord {
  const prefix = m.proof === 0 || r.kind === "update" ? "" : `${r.proofs[m.proof].name}: `;
  const [step] = parseSteps([m.mutated], r.kind === "update" || m.proof > 0 ? prefix : "");
  const proofs = r.proofs.map((p, i) => {
    const steps = i === m.proof ? p.steps.map((s, k) => (k === m.index ? step : s)) : p.steps;
    const outer = p.outer && m.proof === 0 ? proofs0(r, step, m.index) : p.outer;
    return { ...p, steps, ...(outer ? { outer } : {}) };
  });
  return { ...r, proofs };
}

const proofs0 = (
  r: ParsedRecord,
  step: ParsedRecord["proofs"][number]["steps"][number],
  k: number,
) => r.proofs[0].steps.map((s, i) => (i === k ? step : s));
