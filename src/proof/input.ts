/**
 * Deriving what a user wrote: a derivation file's spec ({@link deriveSpec}) or a Lagrangian given as
 * text with its coordinates ({@link deriveLagrangian}). The Lagrangian is parsed (a parse error in a
 * file points its caret into the file), the system is built and checked, and notes on how the input
 * was read (`sinn is taken as an abstract function; did you mean sin?`) lead the record's notes.
 */
import { UserError } from "../errors.js";
import { deriveIntegrator } from "./integrator.js";
import { parse } from "../expr/syntax/parse.js";
import { nearBuiltin } from "../expr/syntax/names.js";
import { abstractFunctions, type Expr } from "../expr/types.js";
import type { DerivationSpec } from "../derivation-files/types.js";
import { parseJetName } from "../variational/jet.js";
import { withAssumptions } from "../variational/assumptions.js";
import { makeSystem } from "../variational/system.js";
import type { System } from "../variational/types.js";
import { derive } from "./derive.js";
import { noether, type NoetherOptions } from "./noether.js";
import { generatorFromSpec } from "./noether-input.js";
import { noetherField } from "./noether-field.js";
import { specFieldGenerators } from "./noether-field-input.js";
import type { Derivation } from "./types.js";

export interface InputOptions {
  /** Seed of the random check points. */
  readonly seed?: number;
  /** Called with each note on how the input was read (the CLI prints them on stderr). */
  readonly onNote?: (note: string) => void;
}

/**
 * Derive the system a derivation file describes. Every symbol of its Lagrangian must be a
 * coordinate (or a jet symbol of one), the time, or a declared parameter; errors about the
 * Lagrangian's text point into the file when the text maps onto it.
 */
export function deriveSpec(spec: DerivationSpec, options: InputOptions = {}): Derivation {
  const { sys, notes } = specSystem(spec);
  const derived = noted(sys, notes, options, spec);
  const d = spec.discretisation
    ? { ...derived, update: deriveIntegrator(derived, spec, options.seed) }
    : derived;
  if (!spec.symmetries) return d;
  const noetherRecord =
    sys.kind === "field"
      ? noetherField(sys, { ...specFieldGenerators(spec, sys), seed: options.seed })
      : noether(sys, { ...specGenerators(spec, sys), seed: options.seed });
  return { ...d, noether: noetherRecord };
}

/** The system a derivation file describes, checked (see deriveSpec), and notes on how it was read. */
export function specSystem(spec: DerivationSpec): { sys: System; notes: string[] } {
  const lagrangian = inFile(spec, `${spec.file}: field 'lagrangian': `, () =>
    parse(spec.lagrangian),
  );
  const sys = inFile(spec, `${spec.file}: `, () =>
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
  const assumed = spec.assume
    ? withAssumptions(sys, spec.assume, `${spec.file}: field 'assume.positive'`)
    : sys;
  return { sys: assumed, notes: inputNotes(sys, false) };
}

/** The generators of a file's `symmetries:` section, and whether to search (noether.ts options). */
export function specGenerators(spec: DerivationSpec, sys: System): NoetherOptions {
  const s = spec.symmetries;
  if (!s) return {};
  const parameters = spec.parameters.map((p) => p.name);
  const file = spec.file ?? "<input>";
  const generators = s.given.map((g) => generatorFromSpec(g, sys, parameters, file, spec.source));
  return { generators, auto: s.auto !== undefined, degree: s.auto?.degree };
}

/** A Lagrangian given as text, with its coordinates (or fields and variables), as on the CLI. */
export interface LagrangianInput {
  readonly lagrangian: string;
  /** Mechanics: the coordinates; fields: the field names. */
  readonly coordinates: readonly string[];
  /** Mechanics: the time, when chosen (default `t`); a `t` in L is then noted as a parameter. */
  readonly time?: string;
  /** Fields: the independent variables, the time first. */
  readonly variables?: readonly string[];
  /** Symbols assumed positive (`--assume-positive m,c`): parameters, coordinates or variables. */
  readonly assumePositive?: readonly string[];
}

/** Derive a Lagrangian given as text; every symbol that is not a coordinate or the time is a parameter. */
export function deriveLagrangian(input: LagrangianInput, options: InputOptions = {}): Derivation {
  const { sys, notes } = lagrangianSystem(input);
  return noted(sys, notes, options);
}

/** The system of a Lagrangian given as text (see deriveLagrangian), and notes on how it was read. */
export function lagrangianSystem(input: LagrangianInput): { sys: System; notes: string[] } {
  const lagrangian: Expr = parse(input.lagrangian);
  const sys = makeSystem(
    input.variables
      ? {
          lagrangian,
          coordinates: input.coordinates,
          variables: input.variables,
          source: input.lagrangian,
        }
      : { lagrangian, coordinates: input.coordinates, time: input.time },
  );
  const assumed = input.assumePositive
    ? withAssumptions(sys, { positive: input.assumePositive }, "--assume-positive")
    : sys;
  return { sys: assumed, notes: inputNotes(sys, input.time !== undefined) };
}

/** Derive `sys` with `notes` leading the record's notes, each also passed to `onNote`. */
function noted(
  sys: System,
  notes: readonly string[],
  options: InputOptions,
  spec?: DerivationSpec,
): Derivation {
  const d = derive(sys, { name: spec?.name, description: spec?.description, seed: options.seed });
  for (const note of notes) options.onNote?.(note);
  return notes.length ? { ...d, notes: [...notes, ...d.notes] } : d;
}

/** Run `f`, re-anchoring a UserError it throws in the spec's file, with `prefix` on its message. */
function inFile<T>(spec: DerivationSpec, prefix: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (!(err instanceof UserError) || !spec.file) throw err;
    const anchored =
      spec.source !== undefined &&
      spec.lagrangianPosition !== undefined &&
      err.position !== undefined;
    throw new UserError(err.code, prefix + err.message, {
      source: anchored ? spec.source : err.source,
      position: anchored ? spec.lagrangianPosition! + err.position! : err.position,
    });
  }
}

/**
 * Notes on how `sys` was read, where a legitimate reading may not be what the user meant: "sinn is
 * taken as an abstract function; did you mean sin?" for each function one edit from a builtin, and,
 * when `timeChosen` (the time was chosen by --time rather than declared in a file), "t is taken as a
 * parameter: the time is s" for a Lagrangian that uses `t` with another time.
 */
export function inputNotes(sys: System, timeChosen: boolean): string[] {
  const notes: string[] = [];
  for (const fn of [...abstractFunctions(sys.lagrangian).keys()].sort()) {
    const builtin = nearBuiltin(fn);
    if (builtin) notes.push(`${fn} is taken as an abstract function; did you mean ${builtin}?`);
  }
  const time = sys.variables[0];
  if (timeChosen && sys.kind === "mechanics" && time !== "t" && sys.parameters.includes("t")) {
    notes.push(`t is taken as a parameter: the time is ${time}`);
  }
  return notes;
}
