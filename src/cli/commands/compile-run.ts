/**
 * `lagrange compile`, the work: derive the file's update rule (every step checked), compile it for
 * the target, and write the output atomically — nothing is written unless everything succeeded.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, extname } from "node:path";
import { UserError } from "../../errors.js";
import { compileJs } from "../../compile/js.js";
import { compileTorch } from "../../compile/torch.js";
import { loadSpec } from "../../derivation-files/files.js";
import { deriveSpec } from "../../proof/input.js";
import type { UpdateRule } from "../../proof/types.js";
import { deriveUpdate } from "../../proof/update.js";
import type { IO } from "../io.js";
import { writeAtomic } from "../outputs.js";
import type { CompileFlags } from "./compile.js";

const TARGETS = ["js", "torch"] as const;
type Target = (typeof TARGETS)[number];

/** The target asked for, checked against the output's extension. */
function targetOf(flags: CompileFlags, out: string): Target {
  const ext = extname(out);
  const target = flags.target ?? (ext === ".py" ? "torch" : "js");
  if (!(TARGETS as readonly string[]).includes(target))
    throw new UserError(
      "input",
      `unknown target '${target}'; known targets: ${TARGETS.join(", ")}`,
    );
  const wanted = target === "torch" ? [".py"] : [".mjs", ".js"];
  if (!wanted.includes(ext))
    throw new UserError(
      "input",
      `--out '${out}': the ${target} target writes a ${wanted.join(" or ")} file`,
    );
  return target as Target;
}

/** The update rule of a derivation file: its update: section, or its discretisation:. */
export function ruleOf(file: string, seed?: number): UpdateRule {
  const spec = loadSpec(file);
  if (spec.update) return deriveUpdate(spec, { seed }).rule;
  if (!spec.discretisation)
    throw new UserError(
      "input",
      `${file} has no update rule to compile: add an 'update:' section (an optimizer) or a ` +
        `'discretisation:' section (an integrator of the system), see derivations/README.md`,
    );
  return deriveSpec(spec, { seed }).update!;
}

/** Run `lagrange compile FILE --out PATH [--target js|torch]`; throws a UserError on bad input. */
export function runCompile(file: string, flags: CompileFlags, io: IO): number {
  const out = flags.out!;
  const target = targetOf(flags, out);
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UserError("input", `--seed must be an integer, got '${flags.seed}'`);
  const dir = dirname(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError("file", `--out '${out}': the folder '${dir}' does not exist`);
  if (existsSync(out) && statSync(out).isDirectory())
    throw new UserError("file", `--out '${out}' is a directory`);
  const rule = ruleOf(file, seed);
  if (target === "torch") {
    const text = compileTorch(rule, { source: file });
    writeAtomic(out, text);
    io.stdout(`${rule.name}: torch optimizer → ${out}\n`);
    return 0;
  }
  const { module, dts } = compileJs(rule, { source: file });
  const dtsPath = out.replace(/\.(m?)js$/, ".d.$1ts");
  writeAtomic(dtsPath, dts);
  writeAtomic(out, module);
  const what = rule.kind === "optimizer" ? "makeOptimizer" : "makeIntegrator";
  io.stdout(`${rule.name}: ${what} → ${out} (types: ${dtsPath})\n`);
  return 0;
}
