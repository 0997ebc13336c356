/**
 * Reading a derivation record (the JSON of `lagrange derive --json`/`--out`, or an optimizer
 * file's `{kind: "update", rule}`) back into proofs to re-check: every expression parsed with the
 * input syntax's parser, every `{ "step": n }` reference kept as a reference. A record that is not
 * a record is bad input ({@link UserError}); an expression that does not parse is a failed check
 * ({@link RecordFailure}, naming the step and the expression).
 */
import { UserError } from "../errors.js";
import { parse } from "../expr/syntax/parse.js";
import type { Expr } from "../expr/types.js";

/** A record that does not hold: the first failed step or check, with why. Exit code 1. */
export class RecordFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordFailure";
  }
}

/** A parsed value of an operation: an expression, a reference, or plain data. */
export type Value = Expr | { readonly step: number } | string | Value[] | { [k: string]: Value };

/** One step of a proof, its expressions parsed (`lhs` keeps the operation's shape). */
export interface ParsedStep {
  readonly n: number;
  readonly rule: string;
  readonly label: string;
  readonly lhs: Readonly<Record<string, unknown>> & { readonly op: string };
  readonly rhs: Expr;
  readonly rhsText: string;
  readonly uses: readonly number[];
  readonly seed: number;
}

/**
 * A list of steps numbered on its own: the derivation, one Noether charge, one update variant.
 * `outer` holds the steps an update variant of a derivation continues (its numbers go on after
 * them and it may refer to them).
 */
export interface Proof {
  readonly name: string;
  readonly steps: readonly ParsedStep[];
  readonly outer?: readonly ParsedStep[];
  /** Symbols drawn positive in this proof beyond the context's (an update's hyperparameters). */
  readonly positive?: readonly string[];
  /** The unknowns (accelerations) of its mass-matrix rows; else the context's. */
  readonly unknowns?: readonly string[];
  /** A Noether charge's JSON (its generator, for the identity on solutions). */
  readonly charge?: Record<string, unknown>;
  /** An update variant's rule and variant (JSON): assignments for the lowering checks. */
  readonly update?: {
    readonly rule: Record<string, unknown>;
    readonly variant: Record<string, unknown>;
  };
  /** A claim's part: the system its steps are about, instead of the record's. */
  readonly context?: Context;
}

/** What the checks need to know of the system the record is about. */
export interface Context {
  readonly kind: "mechanics" | "field";
  readonly coordinates: readonly string[];
  readonly variables: readonly string[];
  /** Symbols drawn positive (declared, or assumed by the Legendre inversion). */
  readonly positive: readonly string[];
  readonly momentumSymbols: Readonly<Record<string, string>>;
  /** The unknowns of the equations of motion (x'', u_tt …). */
  readonly unknowns: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export const isRef = (v: unknown): v is { step: number } =>
  isObject(v) && Object.keys(v).length === 1 && typeof v.step === "number";

export const isExprValue = (v: unknown): v is Expr =>
  isObject(v) &&
  typeof v.kind === "string" &&
  ["num", "sym", "add", "mul", "pow", "call"].includes(v.kind);

/** Parse `text`, failing with the step and the field named. */
export function parseIn(text: unknown, where: string): Expr {
  if (typeof text !== "string")
    throw new UserError(
      "input",
      `${where}: expected an expression string, got ${JSON.stringify(text)}`,
    );
  try {
    return parse(text);
  } catch (err) {
    const why = err instanceof UserError ? err.render() : String(err);
    throw new RecordFailure(`${where} does not parse: ${why}`);
  }
}

/** Keys of an operation whose values are names, not expressions. */
const NAME_KEYS = new Set(["op", "wrt", "unknown", "unknowns", "rules", "by", "equations"]);
/** Keys whose record values map names to expressions (their keys stay names). */
const MAP_KEYS = new Set(["with", "coefficients", "row", "momenta", "velocities"]);

/** The operation with every expression string parsed (references and names kept). */
function parseOperation(lhs: unknown, where: string): ParsedStep["lhs"] {
  if (!isObject(lhs) || typeof lhs.op !== "string")
    throw new UserError("input", `${where}: 'lhs' is not an operation`);
  const walk = (v: unknown, at: string): unknown => {
    if (isRef(v)) return v;
    if (typeof v === "string") return parseIn(v, at);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}[${i}]`));
    if (isObject(v))
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, NAME_KEYS.has(k) ? x : walk(x, `${at}.${k}`)]),
      );
    return v;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(lhs)) {
    if (NAME_KEYS.has(k)) out[k] = v;
    else if (k === "momentumSymbols") out[k] = v;
    else if (MAP_KEYS.has(k) && isObject(v))
      out[k] = Object.fromEntries(
        Object.entries(v).map(([key, x]) => [key, walk(x, `${where} lhs.${k}.${key}`)]),
      );
    else out[k] = walk(v, `${where} lhs.${k}`);
  }
  return out as ParsedStep["lhs"];
}

/** The steps of one proof, each parsed; `name` says where they are ("noether charge 'energy'"). */
export function parseSteps(raw: unknown, where: string): ParsedStep[] {
  if (!Array.isArray(raw)) throw new UserError("input", `${where}: 'steps' is not a list`);
  return raw.map((s, i) => {
    if (!isObject(s) || typeof s.n !== "number" || typeof s.rule !== "string")
      throw new UserError("input", `${where}: steps[${i}] is not a step (no 'n' or 'rule')`);
    const label = typeof s.label === "string" ? s.label : "";
    const at = `${where}step ${s.n} (${s.rule}: ${label})`;
    if (!Array.isArray(s.uses) || !s.uses.every((u) => typeof u === "number"))
      throw new UserError("input", `${at}: 'uses' is not a list of step numbers`);
    const check = isObject(s.check) ? s.check : {};
    return {
      n: s.n,
      rule: s.rule,
      label,
      lhs: parseOperation(s.lhs, at),
      rhs: parseIn(s.rhs, `${at}: rhs`),
      rhsText: String(s.rhs),
      uses: s.uses as number[],
      seed: typeof check.seed === "number" ? check.seed : 0,
    };
  });
}

/** One record: its proofs, the system's context, and the raw JSON for the cross-route checks. */
export interface ParsedRecord {
  readonly name: string;
  readonly kind: "derivation" | "update" | "claims";
  readonly proofs: readonly Proof[];
  readonly context: Context;
  readonly raw: Record<string, unknown>;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** The variants of an update rule as proofs (refused variants have no steps). */
function variantProofs(rule: unknown, where: string, outer?: ParsedStep[]): Proof[] {
  if (!isObject(rule) || !Array.isArray(rule.variants))
    throw new UserError("input", `${where}: the update rule has no 'variants'`);
  const named = (v: unknown) =>
    (Array.isArray(v) ? v : []).flatMap((h) =>
      isObject(h) && typeof h.name === "string" ? [h.name] : [],
    );
  // As the recorder drew them: an optimizer's hyperparameters and state, an integrator's step h.
  const positive =
    rule.kind === "integrator"
      ? named(rule.hyperparameters).slice(0, 1)
      : [...named(rule.hyperparameters), ...named(rule.state)];
  const parameter = typeof rule.parameter === "string" ? rule.parameter : undefined;
  return rule.variants.map((v, i) => {
    if (!isObject(v)) throw new UserError("input", `${where}: variants[${i}] is not a variant`);
    const name = `update variant '${String(v.name ?? i)}'`;
    return {
      name,
      steps: parseSteps(v.steps ?? [], `${name}: `),
      positive,
      update: { rule, variant: v },
      ...(parameter ? { unknowns: [`${parameter}''`] } : {}),
      ...(outer ? { outer } : {}),
    };
  });
}

/**
 * A claims record (`lagrange verify --out`): each part of a claim that has steps is a proof named
 * `claim C1 part 1`, about the system its `context` names (coordinates, variables, symbols drawn
 * positive); a part without one is about no coordinates at all.
 */
function claimsRecord(raw: Record<string, unknown>, name: string): ParsedRecord {
  if (!Array.isArray(raw.claims))
    throw new UserError("input", `${name}: a claims record without a 'claims' list`);
  const proofs: Proof[] = [];
  for (const [i, c] of raw.claims.entries()) {
    if (!isObject(c) || typeof c.id !== "string" || !Array.isArray(c.parts))
      throw new UserError("input", `${name}: claims[${i}] is not a claim (no 'id' or 'parts')`);
    for (const [j, p] of c.parts.entries()) {
      if (!isObject(p))
        throw new UserError("input", `${name}: claim ${c.id}: parts[${j}] is not a part`);
      if (p.steps === undefined) continue;
      const proof = `claim ${c.id} part ${j + 1}`;
      const ctx = isObject(p.context) ? p.context : {};
      proofs.push({
        name: proof,
        steps: parseSteps(p.steps, `${proof}: `),
        context: {
          kind: ctx.kind === "field" ? "field" : "mechanics",
          coordinates: strings(ctx.coordinates),
          variables: strings(ctx.variables ?? ["t"]),
          positive: strings(ctx.positive),
          momentumSymbols: {},
          unknowns: strings(ctx.unknowns),
        },
      });
    }
  }
  const none: Context = {
    kind: "mechanics",
    coordinates: [],
    variables: ["t"],
    positive: [],
    momentumSymbols: {},
    unknowns: [],
  };
  return { name, kind: "claims", proofs, context: none, raw };
}

/** Read one record object (see the module comment). */
export function readRecord(raw: unknown, name: string): ParsedRecord {
  if (!isObject(raw))
    throw new UserError("input", `${name}: not a derivation record (expected a JSON object)`);
  if (raw.kind === "claims") return claimsRecord(raw, name);
  if (raw.kind === "update") {
    const rule = raw.rule;
    if (!isObject(rule)) throw new UserError("input", `${name}: an update record without a 'rule'`);
    const parameter = typeof rule.parameter === "string" ? rule.parameter : "theta";
    return {
      name,
      kind: "update",
      proofs: variantProofs(rule, name),
      context: {
        kind: "mechanics",
        coordinates: [parameter],
        variables: ["t"],
        positive: [],
        momentumSymbols: {},
        unknowns: [`${parameter}''`],
      },
      raw,
    };
  }
  if (!Array.isArray(raw.steps) || (raw.kind !== "mechanics" && raw.kind !== "field"))
    throw new UserError(
      "input",
      `${name}: not a derivation record (expected the JSON of 'lagrange derive --json': kind, steps, …)`,
    );
  const steps = parseSteps(raw.steps, "");
  const proofs: Proof[] = [{ name: "derivation", steps }];
  const noether = raw.noether;
  if (isObject(noether)) {
    for (const group of ["conserved", "broken"] as const) {
      const list = Array.isArray(noether[group]) ? noether[group] : [];
      list.forEach((c, i) => {
        const cname = `noether charge '${isObject(c) ? String(c.name ?? i) : i}'`;
        if (!isObject(c)) throw new UserError("input", `${name}: ${cname} is not a charge`);
        proofs.push({ name: cname, steps: parseSteps(c.steps ?? [], `${cname}: `), charge: c });
      });
    }
  }
  if (isObject(raw.update)) proofs.push(...variantProofs(raw.update, name, steps));
  const assumptions = isObject(raw.assumptions) ? raw.assumptions : {};
  return {
    name,
    kind: "derivation",
    proofs,
    context: {
      kind: raw.kind,
      coordinates: strings(raw.coordinates),
      variables: strings(raw.variables),
      positive: [...strings(assumptions.positive), ...strings(raw.assumedPositive)],
      momentumSymbols: isObject(raw.momentumSymbols)
        ? (raw.momentumSymbols as Record<string, string>)
        : {},
      unknowns: strings(raw.unknowns),
    },
    raw,
  };
}
