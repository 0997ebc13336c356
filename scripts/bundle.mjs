/**
 * The `lagrange` binary as a bundle (run by `npm run build`, after tsc): src/cli/bin.ts and
 * everything it imports, dependencies included, in a few files under dist/bin/ — an entry that
 * holds the command line (commander) and a chunk with the engine, loaded only when a command runs.
 * Node then reads three files instead of some 130 (ours, yaml's, commander's…), so `lagrange
 * --version` costs little more than starting node. Usage: `node scripts/bundle.mjs [outdir]`
 * (default dist/bin).
 */
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = resolve(process.argv[2] ?? join(root, "dist", "bin"));

rmSync(outdir, { recursive: true, force: true }); // no stale chunks from an earlier build
await build({
  absWorkingDir: root,
  entryPoints: { lagrange: "src/cli/bin.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  // commander is CommonJS: its require() of node's modules needs a require in an ES module.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
  },
});
