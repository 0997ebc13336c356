/**
 * The `plot:` section of a derivation file (src/derivation-files/plot.ts): an initial state with
 * every coordinate and velocity (missing ones 0), a duration and an RK4 step; a misspelt key, a
 * non-number or a field theory is bad input naming the field.
 */
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../src/derivation-files/load.js";
import { UserError } from "../../src/errors.js";

const pendulum = (plot: string) =>
  [
    "name: Simple pendulum",
    "description: a bob on a rod",
    "coordinates: [th]",
    "parameters: { g: { description: gravity, value: 9.81 } }",
    "lagrangian: 1/2*th'^2 + g*cos(th)",
    `plot: ${plot}`,
  ].join("\n");

const error = (text: string) => {
  try {
    parseSpec(text, "p.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as UserError).message;
  }
  throw new Error("no error");
};

describe("plot: section of a pendulum file", () => {
  it("reads the initial state, the duration and the step; a missing velocity is 0", () => {
    const spec = parseSpec(pendulum("{ initial: { th: 0.5 }, duration: 10, step: 0.01 }"));
    expect(spec.plot).toEqual({ initial: { th: 0.5, "th'": 0 }, duration: 10, step: 0.01 });
  });

  it("defaults the step to a thousandth of the duration", () => {
    expect(parseSpec(pendulum("{ initial: { th: 1, th': 0 }, duration: 5 }")).plot?.step).toBe(
      0.005,
    );
  });

  it("refuses an unknown coordinate, a non-number, a missing duration and too many steps", () => {
    expect(error(pendulum("{ initial: { x: 1 }, duration: 1 }"))).toContain(
      "field 'plot.initial' has unknown key 'x' (allowed: th, th')",
    );
    expect(error(pendulum("{ initial: { th: one }, duration: 1 }"))).toContain(
      "field 'plot.initial.th' must be a finite number",
    );
    expect(error(pendulum("{ initial: { th: 1 } }"))).toContain(
      "field 'plot.duration' is required",
    );
    expect(error(pendulum("{ initial: { th: 1 }, duration: 1, step: -1 }"))).toContain(
      "field 'plot.step' must be a positive number",
    );
    expect(error(pendulum("{ initial: { th: 1 }, duration: 1e9, step: 1e-3 }"))).toContain(
      "at most 1000000",
    );
    expect(error(pendulum("{ initial: { th: 1 }, duration: 1, stepp: 1 }"))).toContain(
      "has unknown key 'stepp'",
    );
  });

  it("is for mechanics: a field file with plot: is refused", () => {
    const wave = [
      "name: Wave",
      "description: a string",
      "fields: [u]",
      "variables: [t, x]",
      "lagrangian: 1/2*u_t^2 - 1/2*u_x^2",
      "plot: { initial: {}, duration: 1 }",
    ].join("\n");
    expect(error(wave)).toContain("field 'plot' is for mechanical systems");
  });
});
