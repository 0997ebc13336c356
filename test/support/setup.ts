/**
 * Property tests explore new random cases on every local run; under CI (CI=true) they use a fixed
 * seed so that a run is reproducible. FC_SEED=n pins the seed anywhere (fast-check prints the seed
 * of any failure).
 */
import fc from "fast-check";

const seed = process.env.FC_SEED ?? (process.env.CI ? "20250921" : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
