/**
 * Notes on how the input was read, where a legitimate reading may not be what the user meant: a
 * function one typo away from a builtin is an abstract function, and with `--time s` a `t` in the
 * Lagrangian is a parameter. The CLI prints them on stderr and adds them to the record's notes.
 */
import { nearBuiltin } from "../expr/syntax/names.js";
import { abstractFunctions } from "../expr/types.js";
import type { Derivation } from "../proof/types.js";
import type { System } from "../variational/types.js";

/**
 * Notes on `sys`: "sinn is taken as an abstract function; did you mean sin?" for each such function,
 * and, when `timeFlag` (the time was chosen by --time rather than declared in a file), "t is taken
 * as a parameter: the time is s" for a Lagrangian that uses `t` with another time.
 */
export function inputNotes(sys: System, timeFlag: boolean): string[] {
  const notes: string[] = [];
  for (const fn of [...abstractFunctions(sys.lagrangian).keys()].sort()) {
    const builtin = nearBuiltin(fn);
    if (builtin) notes.push(`${fn} is taken as an abstract function; did you mean ${builtin}?`);
  }
  const time = sys.variables[0];
  if (timeFlag && sys.kind === "mechanics" && time !== "t" && sys.parameters.includes("t")) {
    notes.push(`t is taken as a parameter: the time is ${time}`);
  }
  return notes;
}

/** The derivation with `notes` before its own. */
export function withNotes(d: Derivation, notes: readonly string[]): Derivation {
  return notes.length ? { ...d, notes: [...notes, ...d.notes] } : d;
}
