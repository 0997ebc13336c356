/**
 * Benchmark: the n-link planar pendulum, n = 1..8, in-process (npm run bench:pendulum; the system
 * table of issue 6, in child processes and beside SymPy, is bench/run.ts: npm run bench).
 *
 *   L = ½ Σ_{j,k} μ_{max(j,k)} l_j l_k cos(th_j − th_k) th_j' th_k' + g Σ_k μ_k l_k cos(th_k),
 *   μ_k = m_k + … + m_n  (the mass hanging from link k)
 *
 * For each n: seconds for the whole checked derivation in-process (Euler–Lagrange equations, mass
 * matrix and forcing, momenta, energy, and for n ≤ 3 the solved accelerations and Hamiltonian,
 * every step checked), and the size of the equations of motion in SymPy's count_ops measure.
 * Targets on a 2-core machine: n = 5 under 0.3 s, n = 8 under 3 s; SymPy's unsimplified LU solve
 * has 62 000 operations at n = 5.
 */
import { parse } from "../src/expr/syntax/parse.js";
import { countOps } from "../src/expr/types.js";
import { derive } from "../src/proof/derive.js";
import { makeSystem } from "../src/variational/system.js";
import { pendulumLagrangian } from "./systems.js";

export { pendulumLagrangian };

function run(): void {
  console.log(
    "n-link planar pendulum: whole checked derivation, in-process (npm run bench:pendulum)",
  );
  console.log(" n      time    steps  EOM form     sizes in SymPy's count_ops");
  const rows: string[] = [];
  for (let n = 1; n <= 8; n++) {
    const coords = Array.from({ length: n }, (_, i) => `th${i + 1}`);
    const t0 = performance.now();
    const sys = makeSystem({ lagrangian: parse(pendulumLagrangian(n)), coordinates: coords });
    const d = derive(sys);
    const seconds = (performance.now() - t0) / 1000;
    const m = d.motion;
    const eom = m.accelerations
      ? Object.values(m.accelerations)
      : [...(m.massMatrix ?? []).flat(), ...(m.forcing ?? [])];
    const ops = eom.reduce((s, e) => s + countOps(e), 0);
    const residualOps = d.equations.reduce((s, e) => s + countOps(e.residual), 0);
    rows.push(
      `${String(n).padStart(2)}  ${seconds.toFixed(3).padStart(8)} s  ${String(d.steps.length).padStart(5)} steps  ` +
        `${m.kind.padEnd(11)}  EOM ${String(ops).padStart(7)} ops   residuals ${String(residualOps).padStart(6)} ops`,
    );
    console.log(rows[rows.length - 1]);
  }
}

if (process.argv[1]?.endsWith("pendulum.ts")) run();
