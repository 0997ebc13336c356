/**
 * The benchmark systems (issue 6, "Measured in `npm run bench`"), shared by both sides of the
 * benchmark through bench/systems.json: `bench/run.ts` derives each one with our CLI, and
 * `bench/sympy_bench.py` translates the same Lagrangian to SymPy.
 *
 * Every Lagrangian is written in lagrange's input syntax. The families (n-link pendulum, distinct
 * denominators, oscillator chains) are generated here; `npm run bench` rewrites systems.json from
 * this file, and `tsx bench/systems.ts` does only that. A test keeps the committed JSON in step.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";

export interface BenchSystem {
  /** Short name, used by `--only`. */
  readonly name: string;
  readonly description: string;
  readonly lagrangian: string;
  /** Coordinates of a mechanical system (independent variable t) … */
  readonly coordinates?: readonly string[];
  /** … or the fields and the independent variables of a field theory. */
  readonly fields?: readonly string[];
  readonly variables?: readonly string[];
}

/**
 * The n-link planar pendulum's Lagrangian (bench/pendulum.ts):
 *   L = ½ Σ_{j,k} μ_{max(j,k)} l_j l_k cos(th_j − th_k) th_j' th_k' + g Σ_k μ_k l_k cos(th_k),
 *   μ_k = m_k + … + m_n.
 */
export function pendulumLagrangian(n: number): string {
  const mu = (k: number) =>
    `(${Array.from({ length: n - k + 1 }, (_, i) => `m${k + i}`).join(" + ")})`;
  const terms: string[] = [];
  for (let j = 1; j <= n; j++) {
    terms.push(`1/2*${mu(j)}*l${j}^2*th${j}'^2`);
    for (let k = j + 1; k <= n; k++)
      terms.push(`${mu(k)}*l${j}*l${k}*cos(th${j} - th${k})*th${j}'*th${k}'`);
  }
  for (let k = 1; k <= n; k++) terms.push(`g*${mu(k)}*l${k}*cos(th${k})`);
  return terms.join(" + ");
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Triple pendulum from Cartesian positions x_i = Σ_{k≤i} l_k sin th_k, y_i = −Σ_{k≤i} l_k cos th_k. */
function cartesianTriplePendulum(): string {
  const terms: string[] = [];
  for (const i of range(3)) {
    const links = range(i);
    const vx = links.map((k) => `l${k}*cos(th${k})*th${k}'`).join(" + ");
    const vy = links.map((k) => `l${k}*sin(th${k})*th${k}'`).join(" + ");
    terms.push(`1/2*m${i}*((${vx})^2 + (${vy})^2)`);
  }
  for (const i of range(3))
    terms.push(
      `m${i}*g*(${range(i)
        .map((k) => `l${k}*cos(th${k})`)
        .join(" + ")})`,
    );
  return terms.join(" + ");
}

/** A particle in the plane attracted by `n` fixed centres (a_k, b_k). */
function fixedCentres(n: number): string {
  const pot = range(n).map((k) => `1/sqrt((x - a${k})^2 + (y - b${k})^2)`);
  return [`1/2*(x'^2 + y'^2)`, ...pot].join(" + ");
}

/** The planar three-body problem in Cartesian coordinates. */
function threeBody(): string {
  const kin = range(3).map((i) => `1/2*m${i}*(x${i}'^2 + y${i}'^2)`);
  const pot: string[] = [];
  for (const [i, j] of [
    [1, 2],
    [1, 3],
    [2, 3],
  ])
    pot.push(`G*m${i}*m${j}/sqrt((x${i} - x${j})^2 + (y${i} - y${j})^2)`);
  return [...kin, ...pot].join(" + ");
}

/**
 * Distinct denominators: Σ x_i'^2/(2*(a_i + x_i^2)) − k/2 Σ (x_{i+1} − x_i)^2, a position-dependent
 * mass per coordinate with nearest-neighbour springs.
 */
function distinctDenominators(n: number): string {
  const kin = range(n).map((i) => `x${i}'^2/(2*(a${i} + x${i}^2))`);
  const pot = range(n - 1).map((i) => `1/2*k*(x${i + 1} - x${i})^2`);
  return `${kin.join(" + ")} - (${pot.join(" + ")})`;
}

/** A chain of `n` equal masses between fixed walls, joined by equal springs. */
function oscillatorChain(n: number): string {
  const kin = range(n).map((i) => `x${i}'^2`);
  const springs = [`x1^2`, ...range(n - 1).map((i) => `(x${i + 1} - x${i})^2`), `x${n}^2`];
  return `1/2*m*(${kin.join(" + ")}) - 1/2*k*(${springs.join(" + ")})`;
}

const coords = (prefix: string, n: number) => range(n).map((i) => `${prefix}${i}`);

export const SYSTEMS: readonly BenchSystem[] = [
  ...[3, 5, 10].map((n) => ({
    name: `pendulum-${n}`,
    description: `${n}-link planar pendulum in link angles`,
    lagrangian: pendulumLagrangian(n),
    coordinates: coords("th", n),
  })),
  {
    name: "double-pendulum",
    description: "double pendulum (derivations/double-pendulum.yaml)",
    lagrangian:
      "1/2*(m1 + m2)*l1^2*th1'^2 + 1/2*m2*l2^2*th2'^2 + m2*l1*l2*th1'*th2'*cos(th1 - th2) + (m1 + m2)*g*l1*cos(th1) + m2*g*l2*cos(th2)",
    coordinates: ["th1", "th2"],
  },
  {
    name: "triple-pendulum-cartesian",
    description: "triple pendulum written from Cartesian positions of the bobs",
    lagrangian: cartesianTriplePendulum(),
    coordinates: coords("th", 3),
  },
  {
    name: "kepler-polar",
    description: "Kepler problem in polar coordinates (derivations/kepler-polar.yaml)",
    lagrangian: "1/2*m*(r'^2 + r^2*ph'^2) + k/r",
    coordinates: ["r", "ph"],
  },
  {
    name: "spherical-pendulum",
    description: "spherical pendulum (derivations/spherical-pendulum.yaml)",
    lagrangian: "1/2*m*l^2*(th'^2 + sin(th)^2*ph'^2) + m*g*l*cos(th)",
    coordinates: ["th", "ph"],
  },
  {
    name: "charged-particle",
    description: "charged particle in a uniform magnetic field, symmetric gauge",
    lagrangian: "1/2*m*(x'^2 + y'^2) + 1/2*q*B*(x*y' - y*x')",
    coordinates: ["x", "y"],
  },
  {
    name: "symmetric-top",
    description: "heavy symmetric top in Euler angles",
    lagrangian: "1/2*I1*(th'^2 + sin(th)^2*ph'^2) + 1/2*I3*(ps' + cos(th)*ph')^2 - M*g*l*cos(th)",
    coordinates: ["ph", "th", "ps"],
  },
  {
    name: "two-centres",
    description: "particle attracted by two fixed centres",
    lagrangian: fixedCentres(2),
    coordinates: ["x", "y"],
  },
  {
    name: "three-centres",
    description: "particle attracted by three fixed centres",
    lagrangian: fixedCentres(3),
    coordinates: ["x", "y"],
  },
  {
    name: "three-body",
    description: "planar three-body problem, Cartesian coordinates",
    lagrangian: threeBody(),
    coordinates: range(3).flatMap((i) => [`x${i}`, `y${i}`]),
  },
  ...[4, 8, 12].map((n) => ({
    name: `distinct-denominators-${n}`,
    description: `Σ x_i'^2/(2*(a_i + x_i^2)) with nearest-neighbour springs, n = ${n}`,
    lagrangian: distinctDenominators(n),
    coordinates: coords("x", n),
  })),
  ...[80, 160].map((n) => ({
    name: `chain-${n}`,
    description: `chain of ${n} equal oscillators between fixed walls`,
    lagrangian: oscillatorChain(n),
    coordinates: coords("x", n),
  })),
  {
    name: "field-phi4-3d",
    description: "3+1-D scalar field with a quartic potential",
    lagrangian: "1/2*u_t^2 - 1/2*(u_x^2 + u_y^2 + u_z^2) - lam/4*u^4",
    fields: ["u"],
    variables: ["t", "x", "y", "z"],
  },
];

/** A system of the symmetry-search table, with the number of charges the search should find. */
export interface NoetherBenchSystem extends BenchSystem {
  readonly charges: number;
}

const byName = (name: string): BenchSystem => SYSTEMS.find((s) => s.name === name)!;

/**
 * The second table of `npm run bench` (issue 7 §8): `lagrange noether -L … -c … --degree 2 --json`,
 * the symmetry search with every charge proved and integration-checked. The three-body problem has
 * the issue's six (energy, two momenta, angular momentum, two centre-of-mass boosts) and a seventh,
 * the translation by (Σm·y, −Σm·x) whose charge is P_x·Σm·y − P_y·Σm·x.
 */
export const NOETHER_SYSTEMS: readonly NoetherBenchSystem[] = [
  {
    name: "central-3d",
    description: "isotropic 3-D central potential V(r): three angular momenta and the energy",
    lagrangian: "1/2*m*(x'^2 + y'^2 + z'^2) - V(sqrt(x^2 + y^2 + z^2))",
    coordinates: ["x", "y", "z"],
    charges: 4,
  },
  { ...byName("symmetric-top"), charges: 3 },
  { ...byName("three-body"), charges: 7 },
];

/** The contents of bench/systems.json. */
export function systemsDocument(): { comment: string; systems: readonly BenchSystem[] } {
  return {
    comment:
      "Generated from bench/systems.ts (npm run bench, or tsx bench/systems.ts); read by bench/run.ts and bench/sympy_bench.py.",
    systems: SYSTEMS,
  };
}

export const SYSTEMS_JSON_PATH = fileURLToPath(new URL("./systems.json", import.meta.url));

/** Rewrite bench/systems.json (formatted as prettier would) when its contents differ. */
export async function writeSystemsJson(): Promise<boolean> {
  const doc = systemsDocument();
  const current = existsSync(SYSTEMS_JSON_PATH) ? readFileSync(SYSTEMS_JSON_PATH, "utf8") : "";
  if (current && isDeepStrictEqual(JSON.parse(current), JSON.parse(JSON.stringify(doc))))
    return false;
  const options = (await prettier.resolveConfig(SYSTEMS_JSON_PATH)) ?? {};
  const text = await prettier.format(JSON.stringify(doc), { ...options, parser: "json" });
  writeFileSync(SYSTEMS_JSON_PATH, text);
  return true;
}

if (process.argv[1]?.endsWith("systems.ts")) await writeSystemsJson();
