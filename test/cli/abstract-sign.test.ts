/**
 * A Legendre map whose inverse follows the sign of an abstract function: Fermat's optics
 * L = n(y)·sqrt(1 + y'²) has p = n·y'/√(1 + y'²), so y' = p·sign(n)/√(n² − p²). The checks draw
 * n with either sign, so a root that holds only for n > 0 must not be taken (it used to be, and
 * the solve-velocities step then failed: exit 1); the signed root is found and cross-checked.
 */
import { describe, expect, it } from "vitest";
import { run, runJson } from "../support/cli.js";

describe("Fermat's optics with an abstract index n(y)", () => {
  it("derives its Hamiltonian (exit 0) with every step and cross-route check passing", async () => {
    const doc = await runJson(
      "derive",
      "-L",
      "n(y)*sqrt(1 + y'^2)",
      "-c",
      "y",
      "-t",
      "x",
      "--json",
    );
    expect(doc.hamiltonian).not.toBeNull();
    expect(doc.crossChecks.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(["hamilton-velocity:y", "hamilton-force:y", "energy"]),
    );
  });

  it("the text output names the Hamiltonian and no failed check", async () => {
    const r = await run("derive", "-L", "n(y)*sqrt(1 + y'^2)", "-c", "y", "-t", "x");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Hamiltonian$/m);
  });
});
