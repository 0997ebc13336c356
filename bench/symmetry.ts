/**
 * Benchmark: the symmetry search (issue 7 §2; `npm run bench:symmetry`), in-process, on the
 * systems of issue 7 §8: the isotropic 3-D central potential, the heavy symmetric top and the
 * planar three-body problem (degree 2: energy, two momenta, angular momentum, two centre-of-mass
 * boosts, and the translation by (Σm·y, −Σm·x) whose charge is P_x·Σm·y − P_y·Σm·x). Each search
 * includes sampling, the null spaces, and the verification and charge of every symmetry found.
 * Target: each under 5 s.
 */
import { parse } from "../src/expr/syntax/parse.js";
import { findSymmetries } from "../src/variational/symmetry-search.js";
import { makeSystem } from "../src/variational/system.js";
import { SYSTEMS } from "./systems.js";

const CASES: { name: string; lagrangian: string; coordinates: string[] }[] = [
  {
    name: "central-3d",
    lagrangian: "1/2*m*(x'^2 + y'^2 + z'^2) - V(sqrt(x^2 + y^2 + z^2))",
    coordinates: ["x", "y", "z"],
  },
  ...SYSTEMS.filter((s) => s.name === "symmetric-top" || s.name === "three-body").map((s) => ({
    name: s.name,
    lagrangian: s.lagrangian,
    coordinates: [...(s.coordinates ?? [])],
  })),
];

console.log("symmetry search, degree 2, in-process (npm run bench:symmetry)");
console.log("system          time     found  names");
for (const c of CASES) {
  const sys = makeSystem({ lagrangian: parse(c.lagrangian), coordinates: c.coordinates });
  const t0 = performance.now();
  const r = findSymmetries(sys, { degree: 2 });
  const s = ((performance.now() - t0) / 1000).toFixed(2);
  const names = r.symmetries.map((f) => f.name).join(", ");
  console.log(
    `${c.name.padEnd(15)} ${s.padStart(5)} s  ${String(r.symmetries.length).padStart(5)}  ${names}`,
  );
}
