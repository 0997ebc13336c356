/**
 * `lagrange check`: re-verify a derivation record on its own. Every expression is parsed; every
 * step of every proof (the derivation, each Noether charge, each update variant) is checked for
 * its rule and operation (./graph.ts), its dependencies (./graph.ts, ./steps-rules.ts) and its
 * claim, at fresh random points from a seed different from the recorded one (./steps.ts,
 * ./steps-solve.ts); every result the record states must be what its step proves (./results.ts);
 * then the cross-route checks that the record alone determines are re-run
 * (./cross.ts). Nothing is re-derived and no symbolic algebra decides anything: evaluation,
 * forward-mode differentiation and numeric linear algebra only.
 */
import { UserError } from "../errors.js";
import { rerunCrossChecks } from "./cross.js";
import { checkRule, checkUses } from "./graph.js";
import { rerunLowering } from "./lowering.js";
import { checkResults } from "./results.js";
import { collectFunctions, POINTS, type Scope } from "./numeric.js";
import { readRecord, type ParsedRecord } from "./record.js";
import { checkByValue } from "./steps-rules.js";
import { checkStep } from "./steps.js";

export { RecordFailure } from "./record.js";

export interface CheckOptions {
  /** Base seed of the fresh points; default the recorded seed + {@link SEED_OFFSET}. */
  readonly seed?: number;
  /** Points per check (default 4). */
  readonly points?: number;
  /**
   * Start at this step of this proof (an index into the record's proofs), skipping the earlier
   * proofs and steps: a change to one step cannot make an earlier one fail (mutation tests).
   */
  readonly from?: { readonly proof: number; readonly step: number };
}

/** What was re-verified in one record. */
export interface CheckSummary {
  readonly name: string;
  readonly steps: number;
  readonly crossChecks: readonly string[];
  readonly notRerun: readonly string[];
  readonly points: number;
  readonly seed: number;
  /** A claims record (lagrange verify --out): `notRerun` lists the claims with numeric evidence. */
  readonly claims?: true;
}

/** Added to the recorded seed so that the re-check draws other points. */
export const SEED_OFFSET = 1000003;

/** The recorded base seed: the first step's check seed less the recorder's 7919·n. */
function recordedSeed(r: ParsedRecord): number {
  const s = r.proofs.find((p) => p.steps.length)?.steps[0];
  return s ? s.seed - 7919 * s.n : 0;
}

/** Re-verify one parsed record (module comment); throws a RecordFailure at the first failure. */
export function checkParsed(record: ParsedRecord, opts: CheckOptions = {}): CheckSummary {
  const functions = new Map<string, number>();
  for (const p of record.proofs)
    for (const s of p.steps) {
      collectFunctions(s.lhs, functions);
      collectFunctions(s.rhs, functions);
    }
  const seed = (opts.seed ?? recordedSeed(record) + SEED_OFFSET) >>> 0;
  const points = opts.points ?? POINTS;
  let steps = 0;
  let main: Scope | undefined;
  for (const [i, proof] of record.proofs.entries()) {
    const scope: Scope = {
      proof,
      context: proof.context ?? record.context,
      raw: record.raw,
      functions,
      seed,
      points,
      index: i,
    };
    main ??= scope;
    if (opts.from && i < opts.from.proof) continue;
    for (const step of proof.steps) {
      if (opts.from && i === opts.from.proof && step.n < opts.from.step) continue;
      checkRule(scope, step);
      checkUses(scope, step);
      checkStep(scope, step);
      checkByValue(scope, step);
      steps++;
    }
  }
  checkResults(record);
  const cross =
    record.kind === "derivation" && main
      ? rerunCrossChecks(record, main)
      : { rerun: [], skipped: [] };
  const rerun = [...cross.rerun];
  const skipped = [...cross.skipped, ...noetherCrossChecks(record)];
  // The lowering of each update variant: its assignments against the new values its steps state.
  for (const [i, proof] of record.proofs.entries()) {
    if (!proof.update || (opts.from && i < opts.from.proof)) continue;
    for (const id of ids(proof.update.variant.crossChecks)) {
      if (!id.startsWith("lowering:")) {
        skipped.push(id);
        continue;
      }
      const { rule, variant } = proof.update;
      rerunLowering(id, rule, variant, proof, (seed + 104729 * (i + 1)) >>> 0, 2 * points);
      rerun.push(id);
    }
  }
  // A claim's numeric evidence (a Monte Carlo, an exact sequence, a counterexample) is the
  // checker's: not re-run. Every part that is not `proved` rests on it, a refuted one included.
  if (record.kind === "claims")
    for (const c of (record.raw.claims ?? []) as Record<string, unknown>[])
      if ((c.parts as { verdict?: string }[] | undefined)?.some((p) => p.verdict !== "proved"))
        skipped.push(`numeric:${String(c.id)}`);
  const summary = { name: record.name, steps, crossChecks: rerun, notRerun: skipped, points, seed };
  return record.kind === "claims" ? { ...summary, claims: true } : summary;
}

const ids = (list: unknown) =>
  (Array.isArray(list) ? list : []).map((c) => String((c as { id?: unknown }).id));

/** Ids of the cross-route checks of the Noether charges (they integrate: not re-run). */
function noetherCrossChecks(record: ParsedRecord): string[] {
  const noether = record.raw.noether as Record<string, unknown[]> | undefined;
  return [...(noether?.conserved ?? []), ...(noether?.broken ?? [])].flatMap((c) =>
    ids((c as { crossChecks?: unknown }).crossChecks),
  );
}

/** Parse a record file's text: one record, or an array of records as `derive --json` prints. */
export function readRecords(text: string, file: string): ParsedRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(
      "input",
      `${file} is not valid JSON (${err instanceof Error ? err.message : String(err)}); expected a record written by 'lagrange derive --json' or '--out'`,
    );
  }
  if (Array.isArray(json)) {
    if (!json.length) throw new UserError("input", `${file}: an empty list holds no record`);
    return json.map((r, i) => readRecord(r, `${file}[${i}]${nameOf(r)}`));
  }
  return [readRecord(json, file)];
}

const nameOf = (r: unknown) => {
  const n = (r as { name?: unknown } | null)?.name;
  return typeof n === "string" ? ` (${n})` : "";
};

/** What the checks not re-run are: Noether charges integrated along solutions, fields' Hamilton routes. */
function notRerunKinds(ids: readonly string[]): string {
  const kinds = new Set(
    ids.map((id) =>
      id.startsWith("noether")
        ? "Noether charges integrated along solutions"
        : id.startsWith("hamilton")
          ? "a field's Hamilton equations against its Euler–Lagrange equations"
          : id.split(":")[0],
    ),
  );
  return [...kinds].join("; ");
}

/** The one-line summary of a checked record. */
export function summaryLine(s: CheckSummary): string {
  if (s.claims) {
    // A claims record: its steps, and which claims also rest on numeric evidence that only their
    // checker (lagrange verify) computes.
    const numeric = s.notRerun.map((id) => id.replace(/^numeric:/, ""));
    return (
      `${s.name}: ${s.steps} steps re-verified at ${s.points} fresh points each (seed ${s.seed})` +
      (numeric.length
        ? `; the numeric evidence of ${numeric.join(", ")} is not re-run (lagrange verify computes it)`
        : "")
    );
  }
  const cross = s.crossChecks.length;
  const skipped = s.notRerun.length
    ? `; ${s.notRerun.length} cross-route check${s.notRerun.length === 1 ? "" : "s"} not re-run (${notRerunKinds(s.notRerun)})`
    : "";
  return (
    `${s.name}: ${s.steps} steps and ${cross} cross-route check${cross === 1 ? "" : "s"} ` +
    `re-verified at ${s.points} fresh points each (seed ${s.seed})${skipped}`
  );
}
