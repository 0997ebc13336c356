// Preloaded by bench/run.ts (`node --import ./bench/maxrss.mjs dist/cli/bin.js …`): at exit, write
// the process's peak resident set size (kB) and CPU time (user + system, µs) as JSON to the file
// named by BENCH_MAXRSS_FILE.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_MAXRSS_FILE;
if (file) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRSS: u.maxRSS, cpu: u.userCPUTime + u.systemCPUTime }));
  });
}
