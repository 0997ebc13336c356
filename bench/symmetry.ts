/**
 * Benchmark: the symmetry search (issue 7 §2; `npm run bench:symmetry`), in-process, on the
 * systems of issue 7 §8: the isotropic 3-D central potential, the heavy symmetric top and the
 * planar three-body problem (degree 2: energy, two momenta, angular momentum, two centre-of-mass
 * boosts, and the translation by (Σm·y, −Σm·x) whose charge is P_x·Σm·y − P_y·Σm·x). Each search
 * includes sampling, the null spaces, and the verification and charge of every symmetry found.
 * Target: each under 5 s. `npm run bench` measures the same systems through the CLI (search, proofs
 * and integration checks, in a child process: bench/noether.ts).
 */
import { parse } from "../src/expr/syntax/parse.js";
import { findSymmetries } from "../src/variational/symmetry-search.js";
import { makeSystem } from "../src/variational/system.js";
import { NOETHER_SYSTEMS } from "./systems.js";

const CASES = NOETHER_SYSTEMS.map((s) => ({ ...s, coordinates: [...(s.coordinates ?? [])] }));

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
