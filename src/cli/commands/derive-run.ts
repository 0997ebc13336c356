/**
 * `lagrange derive`, the work: derive the systems of derivation files, directories of them, or a
 * Lagrangian on the command line, and print them or write them under --out. Every derivation is
 * computed before anything is written.
 */
import { dirname, join, resolve } from "node:path";
import { UserError } from "../../errors.js";
import { derivationJson, jsonText } from "../../emit/json.js";
import { derivationText } from "../../emit/text.js";
import { updateJson, updateText } from "../../emit/update.js";
import { deriveLagrangian, deriveSpec } from "../../proof/input.js";
import type { Derivation, UpdateRecord } from "../../proof/types.js";
import { deriveUpdate } from "../../proof/update.js";
import { listSpecFiles, loadSpec } from "../../derivation-files/files.js";
import type { IO } from "../io.js";
import { ensureDir, outputNames, writeAtomic } from "../outputs.js";
import type { DeriveFlags } from "./derive.js";

const list = (s: string | undefined) =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** Run `lagrange derive files… flags…`; throws a UserError on bad input. */
export function runDerive(files: string[], flags: DeriveFlags, io: IO): void {
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new UserError("input", `--seed must be an integer, got '${flags.seed}'`);
  }
  const results = collect(files, flags, seed);
  for (const { label, notes } of results) {
    for (const note of notes) io.stderr(`note: ${label ? `${label}: ` : ""}${note}\n`);
  }
  if (flags.out) {
    ensureDir(flags.out);
    for (const { name, d } of results) {
      ensureDir(dirname(join(flags.out, name)));
      writeAtomic(join(flags.out, `${name}.json`), jsonText(asJson(d)));
      writeAtomic(join(flags.out, `${name}.txt`), asText(d, true));
      io.stdout(`${name}: ${stepCount(d)} checked steps → ${join(flags.out, name)}.{json,txt}\n`);
    }
  } else if (flags.json) {
    const docs = results.map(({ d }) => asJson(d));
    io.stdout(jsonText(docs.length === 1 ? docs[0] : docs));
  } else {
    io.stdout(results.map(({ d }) => asText(d, flags.steps)).join("\n"));
  }
}

type Record_ = Derivation | UpdateRecord;
const isUpdate = (d: Record_): d is UpdateRecord => "rule" in d;
const asJson = (d: Record_) => (isUpdate(d) ? updateJson(d) : derivationJson(d));
const asText = (d: Record_, steps?: boolean) =>
  isUpdate(d) ? updateText(d, { steps }) : derivationText(d, { steps });
const stepCount = (d: Record_) =>
  isUpdate(d)
    ? d.rule.variants.reduce((n, v) => n + v.steps.length, 0) +
      (d.rule.variants.length > 1 ? ` (${d.rule.variants.length} variants)` : "")
    : String(d.steps.length);

/** Options that describe a system on the command line, which a derivation file declares itself. */
const SYSTEM_FLAGS = [
  ["coords", "--coords"],
  ["time", "--time"],
  ["fields", "--fields"],
  ["vars", "--vars"],
  ["assumePositive", "--assume-positive"],
] as const;

interface Result {
  /** Output name under --out (a relative path without extension). */
  readonly name: string;
  /** The file it came from, for messages (empty for --lagrangian). */
  readonly label: string;
  readonly d: Derivation | UpdateRecord;
  /** Notes on how the input was read, also printed on stderr. */
  readonly notes: readonly string[];
}

/** Every derivation asked for, all computed before anything is written. */
function collect(files: string[], flags: DeriveFlags, seed?: number): Result[] {
  if (flags.lagrangian !== undefined) {
    if (files.length)
      throw new UserError("input", "give either derivation files or --lagrangian, not both");
    const field = flags.fields !== undefined || flags.vars !== undefined;
    if (field && (!flags.fields || !flags.vars))
      throw new UserError("input", "--fields and --vars go together");
    if (field && flags.time) {
      throw new UserError(
        "input",
        "--time is for mechanics; with --fields the first of --vars is the time",
      );
    }
    if (!field && !flags.coords)
      throw new UserError("input", "--lagrangian needs --coords (or --fields with --vars)");
    const notes: string[] = [];
    const assume =
      flags.assumePositive === undefined ? {} : { assumePositive: list(flags.assumePositive) };
    const d = deriveLagrangian(
      field
        ? {
            lagrangian: flags.lagrangian,
            coordinates: list(flags.fields),
            variables: list(flags.vars),
            ...assume,
          }
        : {
            lagrangian: flags.lagrangian,
            coordinates: list(flags.coords),
            time: flags.time,
            ...assume,
          },
      { seed, onNote: (n) => notes.push(n) },
    );
    return [{ name: "lagrangian", label: "", d, notes }];
  }
  if (files.length === 0)
    throw new UserError("input", "nothing to derive: give a derivation file or --lagrangian");
  const conflicting = SYSTEM_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, f]) => f);
  if (conflicting.length) {
    throw new UserError(
      "input",
      `${conflicting.join(" and ")} ${conflicting.length > 1 ? "go" : "goes"} with --lagrangian, ` +
        `not with derivation files (a file declares its own coordinates, time, fields, ` +
        `variables and assumptions)`,
    );
  }
  // Each file once, however often it is named.
  const found = files.flatMap((f) => listSpecFiles(f));
  const paths = [...new Map(found.map((p) => [resolve(p), p])).values()];
  const names = flags.out ? outputNames(files, paths, flags.out) : paths;
  return paths.map((p, i) => {
    const notes: string[] = [];
    const spec = loadSpec(p);
    const d = spec.update
      ? deriveUpdate(spec, { seed })
      : deriveSpec(spec, { seed, onNote: (n) => notes.push(n) });
    return { name: names[i], label: p, d, notes };
  });
}
