/** The library derives what a user wrote, as the CLI does: `deriveSpec` and `deriveLagrangian`. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as lagrange from "../../src/index.js";

describe("library entry points for user input", () => {
  it("the harmonic oscillator's file derives through the exported deriveSpec", () => {
    expect(typeof lagrange.deriveSpec).toBe("function");
    const path = new URL("../../derivations/harmonic-oscillator.yaml", import.meta.url);
    const spec = lagrange.parseSpec(readFileSync(path, "utf8"), "harmonic-oscillator.yaml");
    const d = lagrange.deriveSpec(spec, { seed: 1 });
    expect(d.system.name).toBe("Harmonic oscillator");
    expect(d.equations.map((e) => lagrange.print(e.residual))).toEqual(["-(k*x + m*x'')"]);
  });

  it("a file's Lagrangian with an undeclared symbol is refused, naming the file", () => {
    const spec = lagrange.parseSpec(
      "name: Spring\ndescription: A spring.\ncoordinates: [x]\nparameters:\n  m: mass\nlagrangian: 1/2*m*x'^2 - 1/2*k*x^2\n",
      "spring.yaml",
    );
    expect(() => lagrange.deriveSpec(spec)).toThrow(
      /^spring\.yaml: the Lagrangian uses 'k', which is neither a coordinate, the time nor a declared parameter/,
    );
  });

  it("a loss one typo from sin is noted, on the callback and in the record", () => {
    const notes: string[] = [];
    const d = lagrange.deriveLagrangian(
      { lagrangian: "1/2*th'^2 - sinn(th)", coordinates: ["th"] },
      { onNote: (n) => notes.push(n) },
    );
    expect(notes).toEqual(["sinn is taken as an abstract function; did you mean sin?"]);
    expect(d.notes[0]).toBe(notes[0]);
  });
});
