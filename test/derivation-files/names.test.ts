/**
 * One wording for a bad declared name, whether it comes from a derivation file or from the command
 * line (makeSystem): both read it through `declarationProblem`.
 */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { parseSpec } from "../../src/derivation-files/load.js";
import { makeSystem } from "../../src/variational/system.js";

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as UserError).message;
  }
  throw new Error("expected a UserError");
}

/** A derivation file declaring `coordinates` (or `fields` with `variables`) and `time`. */
function file(
  decl: { coordinates?: string[]; fields?: string[]; variables?: string[] },
  time?: string,
) {
  const list = (xs: string[]) => `[${xs.join(", ")}]`;
  return [
    "name: Test",
    "description: A test system.",
    ...(time ? [`time: ${time}`] : []),
    ...(decl.coordinates ? [`coordinates: ${list(decl.coordinates)}`] : []),
    ...(decl.fields ? [`fields: ${list(decl.fields)}`, `variables: ${list(decl.variables!)}`] : []),
    "lagrangian: q'^2",
    "",
  ].join("\n");
}

describe("bad names are worded alike in derivation files and makeSystem", () => {
  const cases: {
    what: string;
    coordinates?: string[];
    fields?: string[];
    variables?: string[];
    time?: string;
    message: string;
  }[] = [
    {
      what: "a pendulum angle listed twice",
      coordinates: ["th", "th"],
      message: "coordinate 'th' is listed twice",
    },
    {
      what: "a coordinate named sin",
      coordinates: ["x", "sin"],
      message: "'sin' is a built-in function, not a coordinate",
    },
    {
      what: "a coordinate that is no name",
      coordinates: ["2y"],
      message: "'2y' is not a valid name (a letter followed by letters, digits or _)",
    },
    {
      what: "a coordinate that is the time",
      coordinates: ["x", "s"],
      time: "s",
      message: "'s' cannot be both the time and a coordinate",
    },
    {
      what: "a time named exp",
      coordinates: ["x"],
      time: "exp",
      message: "'exp' is a built-in function, not the time",
    },
    {
      what: "a string field with '_'",
      fields: ["u_1"],
      variables: ["t", "x"],
      message: "field name 'u_1' must not contain '_' (u_x means ∂u/∂x)",
    },
    {
      what: "a wave equation in xi",
      fields: ["u"],
      variables: ["t", "xi"],
      message:
        "independent variable 'xi' must be a single letter (variables name partial derivatives, as in u_tx)",
    },
    {
      what: "a field that is also a variable",
      fields: ["u", "x"],
      variables: ["t", "x"],
      message: "'x' cannot be both an independent variable and a field",
    },
  ];
  it.each(cases)("$what", (c) => {
    const fromFile = message(() => parseSpec(file(c, c.time), "f.yaml"));
    expect(fromFile).toMatch(/^f\.yaml: field '(coordinates|fields|variables|time)': /);
    expect(fromFile.replace(/^f\.yaml: field '\w+': /, "")).toBe(c.message);
    const fromInput = message(() =>
      makeSystem({
        lagrangian: parse("q'^2"),
        coordinates: c.coordinates ?? c.fields!,
        ...(c.fields ? { variables: c.variables } : { time: c.time }),
      }),
    );
    expect(fromInput).toBe(c.message);
  });
});
