/** The record of every derivation file, derived in-process by `lagrange derive derivations --out`. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { run } from "../support/cli.js";

export interface RecordFile {
  readonly name: string;
  readonly path: string;
  readonly json: Record<string, any>;
}

/**
 * A chain of 10 oscillators with coupled velocities (c·Σ x_i'·x_{i+1}'): its Hamiltonian is kept
 * in mass-matrix form (M·v = p − b, not inverted), so its record has affine momenta, a Legendre
 * step with a mass matrix and Hamilton's equations along M·v = p − b.
 */
export async function deriveCoupledChain(): Promise<RecordFile> {
  const n = 10;
  const i = Array.from({ length: n }, (_, k) => k + 1);
  const kinetic = i.map((k) => `x${k}'^2`).join(" + ");
  const cross = i
    .slice(1)
    .map((k) => `x${k - 1}'*x${k}'`)
    .join(" + ");
  const springs = ["x1^2", ...i.slice(1).map((k) => `(x${k} - x${k - 1})^2`), `x${n}^2`];
  const L = `1/2*m*(${kinetic}) + 1/2*c*(${cross}) - 1/2*k*(${springs.join(" + ")})`;
  const r = await run("derive", "-L", L, "-c", i.map((k) => `x${k}`).join(","), "--json");
  expect(r.code, r.stderr).toBe(0);
  const path = join(mkdtempSync(join(tmpdir(), "lagrange-check-chain-")), "coupled-chain.json");
  writeFileSync(path, r.stdout);
  return { name: "coupled-chain.json", path, json: JSON.parse(r.stdout) as Record<string, any> };
}

/**
 * The first-order (Dirac) system of derivations/ with two symmetries: its Hessian is singular, so
 * the rate of each charge on solutions is recorded by Noether's identity with E(L) = 0.
 */
export async function deriveSingularWithCharges(): Promise<RecordFile> {
  const dir = mkdtempSync(join(tmpdir(), "lagrange-check-dirac-"));
  const yaml = join(dir, "dirac.yaml");
  writeFileSync(
    yaml,
    readFileSync("derivations/first-order-system.yaml", "utf8") +
      "symmetries:\n  - { name: energy, t: 1 }\n  - { name: rotation, x: -y, y: x }\n",
  );
  const r = await run("derive", yaml, "--json");
  expect(r.code, r.stderr).toBe(0);
  const path = join(dir, "dirac.json");
  writeFileSync(path, r.stdout);
  return { name: "dirac.json", path, json: JSON.parse(r.stdout) as Record<string, any> };
}

/** Derive derivations/ into a scratch folder; every NAME.json written, parsed. */
export async function deriveAll(): Promise<RecordFile[]> {
  const dir = mkdtempSync(join(tmpdir(), "lagrange-check-"));
  const r = await run("derive", "derivations", "--out", dir);
  expect(r.code, r.stderr).toBe(0);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({
      name: f,
      path: join(dir, f),
      json: JSON.parse(readFileSync(join(dir, f), "utf8")) as Record<string, any>,
    }));
}
