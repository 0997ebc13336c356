#!/usr/bin/env node
import { main } from "./main.js";
import { processIO } from "./io.js";

// A reader that stops early (`lagrange derive derivations --steps | head`) is not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});
process.exitCode = await main(process.argv.slice(2), processIO);
