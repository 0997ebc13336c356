/** `lagrange derive`: derive a system from a file, a directory of files, or the command line. */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { UserError } from "../../errors.js";
import { derivationJson } from "../../emit/json.js";
import { derivationText } from "../../emit/text.js";
import { parse } from "../../expr/syntax/parse.js";
import { derive } from "../../proof/derive.js";
import type { Derivation } from "../../proof/types.js";
import { listSpecFiles, loadSpec } from "../../derivation-files/files.js";
import type { DerivationSpec } from "../../derivation-files/types.js";
import { makeSystem } from "../../variational/system.js";
import { parseJetName } from "../../variational/jet.js";
import type { IO } from "../io.js";
import { inputNotes, withNotes } from "../notes.js";
import { outputNames } from "../outputs.js";

interface DeriveFlags {
  lagrangian?: string;
  coords?: string;
  time?: string;
  fields?: string;
  vars?: string;
  json?: boolean;
  steps?: boolean;
  out?: string;
  seed?: string;
}

const list = (s: string | undefined) =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** Parse a Lagrangian, re-anchoring a parse error's caret in the file it came from. */
function parseLagrangian(text: string, spec?: DerivationSpec): ReturnType<typeof parse> {
  try {
    return parse(text);
  } catch (err) {
    if (!(err instanceof UserError) || !spec) throw err;
    throw inSpec(err, spec, `${spec.file}: field 'lagrangian': `);
  }
}

/** An error positioned in the spec's Lagrangian text, re-anchored in the file it came from. */
function inSpec(err: UserError, spec: DerivationSpec, prefix: string): UserError {
  const inFile =
    spec.source !== undefined &&
    spec.lagrangianPosition !== undefined &&
    err.position !== undefined;
  return new UserError(err.code, prefix + err.message, {
    source: inFile ? spec.source : err.source,
    position: inFile ? spec.lagrangianPosition! + err.position! : err.position,
  });
}

/** Derive the system a spec describes (notes on how it was read lead the record's notes). */
export function deriveSpec(spec: DerivationSpec, seed?: number): Derivation {
  return deriveNoted(spec, seed).d;
}

/** {@link deriveSpec}, with the notes on how the spec was read apart. */
function deriveNoted(spec: DerivationSpec, seed?: number): { d: Derivation; notes: string[] } {
  const lagrangian = parseLagrangian(spec.lagrangian, spec);
  const sys = wrap(spec, () =>
    makeSystem({
      lagrangian,
      coordinates: spec.coordinates,
      time: spec.time,
      variables: spec.variables,
      source: spec.lagrangian,
    }),
  );
  const declared = new Set(spec.parameters.map((p) => p.name));
  const unknown = sys.parameters.filter((p) => !declared.has(p));
  if (unknown.length) {
    const hint = unknown.find((u) => u.includes("'") || parseJetName(sys, u));
    throw new UserError(
      "spec",
      `${spec.file}: the Lagrangian uses ${unknown.map((u) => `'${u}'`).join(", ")}, which ${unknown.length > 1 ? "are" : "is"} neither a coordinate, the time nor a declared parameter${hint ? "" : " (declare it under 'parameters')"}`,
    );
  }
  const notes = inputNotes(sys, false);
  const d = derive(sys, { name: spec.name, description: spec.description, seed });
  return { d: withNotes(d, notes), notes };
}

function wrap<T>(spec: DerivationSpec, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof UserError && spec.file) throw inSpec(err, spec, `${spec.file}: `);
    throw err;
  }
}

/** Create the output directory, reporting a path that cannot be one as bad input. */
function prepareOutDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UserError("file", `--out '${dir}' exists and is not a directory`);
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UserError("file", `cannot create output directory '${dir}' (${reason})`);
  }
}

/** Write a file atomically: a crash or error never leaves a half-written output. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function deriveCommand(program: Command, io: IO, setCode: (c: number) => void): void {
  program
    .command("derive")
    .description(
      "derive Euler–Lagrange equations, momenta, energy, Hamiltonian and equations of motion",
    )
    .argument("[files...]", "derivation files (YAML) or directories of them")
    .option("-L, --lagrangian <expr>", "a Lagrangian in the input syntax (instead of files)")
    .option("-c, --coords <list>", "coordinates, comma-separated (with --lagrangian)")
    .option("-t, --time <name>", "the independent variable of a mechanical system (default t)")
    .option("--fields <list>", "fields, comma-separated (a field theory, with --vars)")
    .option("--vars <list>", "independent variables of a field theory, e.g. t,x")
    .option("--json", "print the derivation as JSON (expressions in the input syntax)")
    .option("--steps", "also print every proof step (text output)")
    .option("-o, --out <dir>", "write NAME.json and NAME.txt per derivation into this directory")
    .option("--seed <n>", "seed of the random check points")
    .addHelpText(
      "after",
      `
Examples:
  lagrange derive derivations/double-pendulum.yaml
  lagrange derive derivations --out output
  lagrange derive --lagrangian "1/2*m*x'^2 - 1/2*k*x^2" --coords x --json
  lagrange derive --lagrangian "1/2*u_t^2 - 1/2*c^2*u_x^2" --fields u --vars t,x`,
    )
    .action((files: string[], flags: DeriveFlags) => {
      const seed = flags.seed === undefined ? undefined : Number(flags.seed);
      if (seed !== undefined && !Number.isInteger(seed)) {
        throw new UserError("input", `--seed must be an integer, got '${flags.seed}'`);
      }
      const results = collect(files, flags, seed);
      for (const { label, notes } of results) {
        for (const note of notes) io.stderr(`note: ${label ? `${label}: ` : ""}${note}\n`);
      }
      if (flags.out) {
        prepareOutDir(flags.out);
        for (const { name, d } of results) {
          prepareOutDir(dirname(join(flags.out, name)));
          writeAtomic(
            join(flags.out, `${name}.json`),
            JSON.stringify(derivationJson(d), null, 2) + "\n",
          );
          writeAtomic(join(flags.out, `${name}.txt`), derivationText(d, { steps: true }));
          io.stdout(
            `${name}: ${d.steps.length} checked steps → ${join(flags.out, name)}.{json,txt}\n`,
          );
        }
      } else if (flags.json) {
        const docs = results.map(({ d }) => derivationJson(d));
        io.stdout(JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2) + "\n");
      } else {
        io.stdout(results.map(({ d }) => derivationText(d, { steps: flags.steps })).join("\n"));
      }
      setCode(0);
    });
}

/** Options that describe a system on the command line, which a derivation file declares itself. */
const SYSTEM_FLAGS = [
  ["coords", "--coords"],
  ["time", "--time"],
  ["fields", "--fields"],
  ["vars", "--vars"],
] as const;

interface Result {
  /** Output name under --out (a relative path without extension). */
  readonly name: string;
  /** The file it came from, for messages (empty for --lagrangian). */
  readonly label: string;
  readonly d: Derivation;
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
    const lagrangian = parseLagrangian(flags.lagrangian);
    const sys = makeSystem(
      field
        ? {
            lagrangian,
            coordinates: list(flags.fields),
            variables: list(flags.vars),
            source: flags.lagrangian,
          }
        : { lagrangian, coordinates: list(flags.coords), time: flags.time },
    );
    const notes = inputNotes(sys, flags.time !== undefined);
    return [{ name: "lagrangian", label: "", d: withNotes(derive(sys, { seed }), notes), notes }];
  }
  if (files.length === 0)
    throw new UserError("input", "nothing to derive: give a derivation file or --lagrangian");
  const conflicting = SYSTEM_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, f]) => f);
  if (conflicting.length) {
    throw new UserError(
      "input",
      `${conflicting.join(" and ")} ${conflicting.length > 1 ? "go" : "goes"} with --lagrangian, ` +
        `not with derivation files (a file declares its own coordinates, time, fields and ` +
        `variables)`,
    );
  }
  // Each file once, however often it is named.
  const found = files.flatMap((f) => listSpecFiles(f));
  const paths = [...new Map(found.map((p) => [resolve(p), p])).values()];
  const names = flags.out ? outputNames(files, paths, flags.out) : paths;
  return paths.map((p, i) => ({ name: names[i], label: p, ...deriveNoted(loadSpec(p), seed) }));
}
