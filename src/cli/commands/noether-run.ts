/**
 * `lagrange noether`, the work: the system from a file or --lagrangian, the generators from
 * --generator (or the file's symmetries: section, or the automatic search), every charge proved
 * (../../proof/noether.ts) before anything is printed.
 */
import { UserError } from "../../errors.js";
import { jsonText, noetherJson } from "../../emit/json.js";
import { noetherText } from "../../emit/noether.js";
import { print } from "../../expr/syntax/print.js";
import { lagrangianSystem, specGenerators, specSystem } from "../../proof/input.js";
import { noether, type NoetherOptions } from "../../proof/noether.js";
import { generatorFromText } from "../../proof/noether-input.js";
import { noetherField, type FieldNoetherOptions } from "../../proof/noether-field.js";
import { fieldGeneratorFromText, specFieldGenerators } from "../../proof/noether-field-input.js";
import { loadSpec } from "../../derivation-files/files.js";
import type { System } from "../../variational/types.js";
import type { IO } from "../io.js";
import type { NoetherFlags } from "./noether.js";

const list = (s: string | undefined) =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

const integer = (flag: string, s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || s.trim() === "") {
    throw new UserError("input", `${flag} must be an integer, got '${s}'`);
  }
  return n;
};

/** Run `lagrange noether [file] flags…`; the exit code (throws a UserError on bad input). */
export function runNoether(file: string | undefined, flags: NoetherFlags, io: IO): number {
  const seed = integer("--seed", flags.seed);
  const degree = integer("--degree", flags.degree);
  let sys: System;
  let notes: string[];
  let options: NoetherOptions = {};
  let fieldOptions: FieldNoetherOptions = {};
  let parameters: readonly string[] | undefined;
  if (flags.lagrangian !== undefined) {
    if (file)
      throw new UserError("input", "give either a derivation file or --lagrangian, not both");
    if (flags.fields !== undefined && flags.coords)
      throw new UserError("input", "give either --coords (mechanics) or --fields (with --vars)");
    if (flags.fields !== undefined && !flags.vars)
      throw new UserError("input", "--fields needs --vars (the independent variables, e.g. t,x)");
    if (!flags.coords && flags.fields === undefined)
      throw new UserError("input", "--lagrangian needs --coords (or --fields with --vars)");
    ({ sys, notes } = lagrangianSystem({
      lagrangian: flags.lagrangian,
      coordinates: list(flags.coords ?? flags.fields),
      ...(flags.fields !== undefined ? { variables: list(flags.vars) } : { time: flags.time }),
      ...(flags.assumePositive === undefined ? {} : { assumePositive: list(flags.assumePositive) }),
    }));
  } else {
    if (!file)
      throw new UserError("input", "nothing to do: give a derivation file or --lagrangian");
    const given = [
      flags.coords && "--coords",
      flags.fields && "--fields",
      flags.vars && "--vars",
      flags.time && "--time",
      flags.assumePositive && "--assume-positive",
    ].filter(Boolean);
    if (given.length) {
      throw new UserError(
        "input",
        `${given.join(" and ")} go${given.length > 1 ? "" : "es"} with --lagrangian, not with a derivation file (it declares its own)`,
      );
    }
    const spec = loadSpec(file);
    ({ sys, notes } = specSystem(spec));
    if (sys.kind === "field") fieldOptions = specFieldGenerators(spec, sys);
    else options = specGenerators(spec, sys);
    parameters = spec.parameters.map((p) => p.name);
  }
  if (flags.generator?.length) {
    const named = (i: number) => `generator ${i + 1}`;
    if (sys.kind === "field") {
      const fieldGenerators = flags.generator.map((g, i) =>
        fieldGeneratorFromText(g, sys, named(i), parameters ?? sys.parameters),
      );
      fieldOptions = { fieldGenerators, auto: false };
    } else {
      const generators = flags.generator.map((g, i) =>
        generatorFromText(g, sys, named(i), parameters ?? sys.parameters),
      );
      options = { generators, auto: false };
    }
  }
  if (degree !== undefined) {
    const more = { degree, ...(flags.generator?.length ? {} : { auto: true }) };
    options = { ...options, ...more };
    fieldOptions = { ...fieldOptions, ...more };
  }
  const record =
    sys.kind === "field"
      ? noetherField(sys, { ...fieldOptions, seed })
      : noether(sys, { ...options, seed });
  for (const note of notes) io.stderr(`note: ${note}\n`);
  if (flags.json) io.stdout(jsonText(noetherJson(record, sys)));
  else {
    const head = [
      `L = ${print(sys.lagrangian)}`,
      sys.kind === "field"
        ? `  fields: ${sys.coordinates.join(", ")}   variables: ${sys.variables.join(", ")}`
        : `  coordinates: ${sys.coordinates.join(", ")}   time: ${sys.variables[0]}`,
      "",
    ];
    io.stdout([...head, ...noetherText(record, sys, { steps: flags.steps })].join("\n") + "\n");
  }
  return 0;
}
