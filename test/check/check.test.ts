/**
 * `lagrange check RECORD.json`: every record `lagrange derive` writes re-verifies on its own at
 * fresh points; a record edited by hand is caught (exit 1, naming the step, both sides and the
 * point); a file that is not a record is bad input (exit 2).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../support/cli.js";
import {
  deriveAll,
  deriveCoupledChain,
  deriveSingularWithCharges,
  type RecordFile,
} from "./records.js";

const scratch = () => mkdtempSync(join(tmpdir(), "lagrange-check-edit-"));
/** The record written to a scratch file after `edit`. */
function edited(r: RecordFile, edit: (json: Record<string, any>) => void): string {
  const json = JSON.parse(JSON.stringify(r.json)) as Record<string, any>;
  edit(json);
  const path = join(scratch(), r.name);
  writeFileSync(path, JSON.stringify(json, null, 2));
  return path;
}

let records: RecordFile[] = [];
const byName = (name: string) => records.find((r) => r.name === `${name}.json`)!;

beforeAll(async () => {
  records = await deriveAll();
}, 60_000);

describe("lagrange check: records as derived", () => {
  it("re-verifies the record of every derivation file at fresh points", async () => {
    expect(records.length).toBeGreaterThanOrEqual(20);
    for (const r of records) {
      const out = await run("check", r.path);
      expect(out.stderr, r.name).toBe("");
      expect(out.code, r.name).toBe(0);
      expect(out.stdout).toMatch(
        /^.*: \d+ steps and \d+ cross-route checks? re-verified at 4 fresh points each \(seed \d+\)/,
      );
    }
  });

  it("double pendulum: every step; the Hamilton, energy, acceleration and lowering routes re-run", async () => {
    const r = byName("double-pendulum");
    const out = await run("check", r.path);
    const steps = r.json.steps.length + r.json.update.variants[0].steps.length;
    expect(out.stdout).toContain(`${steps} steps and 8 cross-route checks re-verified`);
    const recorded = r.json.steps[0].check.seed - 7919;
    expect(out.stdout).toContain(`(seed ${recorded + 1000003})`);
  });

  it("a record derived with another seed passes, and --seed draws yet other points", async () => {
    const dir = scratch();
    const path = join(dir, "kepler.json");
    const d = await run("derive", "derivations/kepler-polar.yaml", "--seed", "4242", "--json");
    expect(d.code).toBe(0);
    writeFileSync(path, d.stdout);
    const a = await run("check", path);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain(`(seed ${4242 + 1000003})`);
    const b = await run("check", path, "--seed", "7");
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toContain("(seed 7)");
  });

  it("an array of records (derive --json of several files) is checked record by record", async () => {
    const d = await run(
      "derive",
      "derivations/harmonic-oscillator.yaml",
      "derivations/adam.yaml",
      "--json",
    );
    const path = join(scratch(), "two.json");
    writeFileSync(path, d.stdout);
    const out = await run("check", path);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout.trim().split("\n")).toHaveLength(2);
    expect(out.stdout).toMatch(/two\.json\[1\] \(Adam\): 11 steps/);
  });

  it("10 coupled oscillators: a Hamiltonian in mass-matrix form (M·v = p − b) re-verifies", async () => {
    const chain = await deriveCoupledChain();
    expect(chain.json.hamiltonian.form).toBe("mass-matrix");
    const out = await run("check", chain.path);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`${chain.json.steps.length} steps and 4 cross-route checks`);
    const affine = chain.json.steps.find((s: any) => s.lhs.op === "affine");
    const path = edited(chain, (j) => {
      const row = j.steps[affine.n - 1].lhs.coefficients;
      const v = Object.keys(row)[0];
      row[v] = `(${row[v]})*(1 + 1/1000)`;
    });
    const bad = await run("check", path);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/\(solve-velocities: p_x1\) does not hold: coefficient of x1' /);
  });

  it("a singular Lagrangian's Noether charges: the rate on solutions by Noether's identity", async () => {
    const r = await deriveSingularWithCharges();
    const onShell = r.json.noether.conserved[0].steps.at(-1);
    expect(onShell.lhs.by).toBe("identity");
    const out = await run("check", r.path);
    expect(out.code, out.stderr).toBe(0);
    const path = edited(r, (j) => {
      const s = j.noether.conserved[0].steps.at(-1);
      s.uses = s.uses.filter(
        (n: number) => !/^E_y/.test(j.noether.conserved[0].steps[n - 1].label),
      );
    });
    const bad = await run("check", path);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/on-shell-rate: D_tQ on solutions\)/);
  });

  it("an update's assignments changed by hand fail the lowering route (Adam)", async () => {
    const r = byName("adam");
    const path = edited(r, (j) => {
      const a = j.rule.variants[0].assignments.at(-1);
      a.value = `(${a.value})*(1 + 1/1000)`;
    });
    const out = await run("check", path);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /update variant 'default': cross-route check lowering:default does not hold: the assignments give theta = \S+ where the proof gives \S+/,
    );
  });

  it("--json reports what was re-verified", async () => {
    const out = await run("check", byName("harmonic-oscillator").path, "--json");
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.checked[0].crossChecks).toEqual([
      "hamilton-velocity:x",
      "hamilton-force:x",
      "energy",
      "accelerations:x",
      "lowering:stormer-verlet",
    ]);
  });
});

describe("lagrange check: the dependency graph", () => {
  it("Ostrogradsky: D_t(P_x') uses the step of P_x' (Pais–Uhlenbeck)", () => {
    const steps = byName("pais-uhlenbeck").json.steps as Record<string, any>[];
    const dt = steps.find((s) => s.label === "D_t(P_x')")!;
    const px1 = steps.filter((s) => s.label === "P_x'").at(-1)!;
    expect(px1.n).toBeLessThan(dt.n);
    expect(dt.uses).toEqual([px1.n]);
    expect(dt.lhs.of).toEqual({ step: px1.n });
  });

  it("every step refers to exactly the steps it uses (or its rule says which it combines)", () => {
    for (const r of records)
      for (const s of r.json.steps ?? []) {
        for (const ref of JSON.stringify(s.lhs).matchAll(/\{"step":(\d+)\}/g))
          expect(s.uses, `${r.name} step ${s.n}`).toContain(Number(ref[1]));
      }
  });
});

describe("lagrange check: edited records", () => {
  it("a changed right-hand side fails, naming the step, both sides and the point", async () => {
    const r = byName("double-pendulum");
    const n = r.json.steps.find((s: any) => s.rule === "partial-velocity").n as number;
    const path = edited(r, (j) => {
      j.steps[n - 1].rhs = `(${j.steps[n - 1].rhs})*(1 + 1/1000)`;
    });
    const out = await run("check", path);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      new RegExp(
        `step ${n} \\(partial-velocity: ∂L/∂th1'\\) does not hold: claimed -?[\\d.e-]+ ≠ ∂/∂th1' by dual numbers -?[\\d.e-]+ at .*th1'=`,
      ),
    );
  });

  it("a changed rule id fails (partial-velocity relabelled partial-coordinate)", async () => {
    const r = byName("simple-pendulum");
    const n = r.json.steps.find((s: any) => s.rule === "partial-velocity").n as number;
    const out = await run(
      "check",
      edited(r, (j) => void (j.steps[n - 1].rule = "partial-coordinate")),
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(
      `step ${n} (partial-coordinate: ∂L/∂th'): rule partial-coordinate differentiates in a coordinate or an independent variable, not in th'`,
    );
  });

  it("a removed dependency fails (the energy without the momentum)", async () => {
    const r = byName("harmonic-oscillator");
    const e = r.json.steps.find((s: any) => s.rule === "energy");
    const out = await run(
      "check",
      edited(r, (j) => void j.steps[e.n - 1].uses.pop()),
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      new RegExp(
        `step ${e.n} \\(energy: E\\): uses \\[1\\] but rule energy reads steps \\[1, \\d+\\]`,
      ),
    );
  });

  it("a stated result edited by hand fails even when its cross-routes agree (H and E shifted alike)", async () => {
    const r = byName("harmonic-oscillator");
    const path = edited(r, (j) => {
      j.hamiltonian = `${j.hamiltonian} + 1`;
      j.energy = `${j.energy} + 1`;
    });
    const out = await run("check", path);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/the energy is .* \+ 1, but step \d+ \(\w+: E\) proves /);
  });

  it("a broken charge moved to the conserved list fails (two-layer rescaling)", async () => {
    const r = byName("two-layer-rescaling");
    expect(r.json.noether.broken.length).toBeGreaterThan(0);
    const path = edited(r, (j) => {
      const [c] = j.noether.broken.splice(0, 1);
      delete c.rate;
      j.noether.conserved.push(c);
    });
    const out = await run("check", path);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/is listed as conserved, but its proof does not end with D_tQ = 0/);
  });

  it("an expression that does not parse fails, naming the step, with a caret", async () => {
    const r = byName("harmonic-oscillator");
    const out = await run(
      "check",
      edited(r, (j) => void (j.steps[3].rhs = "k*x +* 2")),
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("step 4 (");
    expect(out.stderr).toContain("rhs does not parse");
    expect(out.stderr).toContain("  k*x +* 2\n       ^");
  });

  it("a Noether charge's edited step fails, naming the charge", async () => {
    const r = byName("kepler-polar");
    const path = edited(r, (j) => {
      const s = j.noether.conserved[0].steps.find((x: any) => x.rule === "noether-charge");
      s.rhs = `(${s.rhs})*(1 + 1/1000)`;
    });
    const out = await run("check", path);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/noether charge '.*': step \d+ \(noether-charge: Q\) does not hold/);
  });
});

describe("lagrange check: bad input (exit 2)", () => {
  it("broken JSON", async () => {
    const r = byName("harmonic-oscillator");
    const path = join(scratch(), "broken.json");
    writeFileSync(path, readFileSync(r.path, "utf8").slice(0, 500));
    const out = await run("check", path);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(
      /^error: .*broken\.json is not valid JSON \(.*\); expected a record/,
    );
    expect(out.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("JSON that is not a record, a missing file, a bad seed", async () => {
    const path = join(scratch(), "other.json");
    writeFileSync(path, JSON.stringify({ hello: "world" }));
    const a = await run("check", path);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/not a derivation record/);
    const b = await run("check", join(scratch(), "missing.json"));
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/no such file/);
    const c = await run("check", byName("harmonic-oscillator").path, "--seed", "x");
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--seed must be a non-negative integer/);
  });
});
