/**
 * Noether charges of a first-order mechanical Lagrangian: for each generator (given, or found by
 * noether-auto.ts), its charge Q with a checked proof (noether-steps.ts) and a cross-route check by
 * numeric integration (noether-cross.ts). A generator whose residual R vanishes is reported under
 * `conserved`; otherwise under `broken`, with its on-shell rate D_tQ = R. A step or cross check that
 * fails throws a CheckError: a charge is never reported conserved without its proof.
 */
import { UserError } from "../errors.js";
import { abstractFunctions } from "../expr/types.js";
import { declaredPositive } from "../variational/assumptions.js";
import { eulerLagrange } from "../variational/euler.js";
import { equationsOfMotion } from "../variational/motion.js";
import { conventionalSign } from "../variational/symmetry-names.js";
import type { System } from "../variational/types.js";
import { autoSymmetries, type NamedGenerator } from "./noether-auto.js";
import { integrationCheck } from "./noether-cross.js";
import { chargeSteps } from "./noether-steps.js";
import type { ChargeRecord, NoetherRecord } from "./types.js";

export type { NamedGenerator } from "./noether-auto.js";

export interface NoetherOptions {
  /** The generators to prove. */
  readonly generators?: readonly NamedGenerator[];
  /** Search for symmetries too (default: when no generators are given). */
  readonly auto?: boolean;
  /** Polynomial degree of the automatic search (default 2). */
  readonly degree?: number;
  readonly seed?: number;
}

export const DEFAULT_DEGREE = 2;

/** The Noether charges of `sys` (module comment). Throws a UserError for fields or order > 1. */
export function noether(sys: System, opts: NoetherOptions = {}): NoetherRecord {
  if (sys.kind !== "mechanics") {
    throw new UserError(
      "input",
      "Noether charges are implemented for mechanics only (conserved currents of fields are not yet)",
    );
  }
  if (sys.order > 1) {
    throw new UserError(
      "input",
      `Noether charges are implemented for first-order Lagrangians (this one has derivatives of order ${sys.order})`,
    );
  }
  const notes: string[] = [];
  // A given generator named "energy" (or "momentum …") is taken with the conventional sign, as
  // the search's are: −∂_t, whose charge is +E (conventionalSign).
  const generators = (opts.generators ?? []).map(({ name, generator }) => ({
    name,
    generator: conventionalSign(name, generator),
  }));
  if (opts.auto ?? !opts.generators) {
    const found = autoSymmetries(sys, opts.degree ?? DEFAULT_DEGREE, opts.seed);
    notes.push(...found.notes);
    generators.unshift(...found.symmetries);
  }
  const positive = declaredPositive(sys);
  const functions = abstractFunctions(sys.lagrangian);
  const residuals = sys.coordinates.map((q) => eulerLagrange(sys, q).residual);
  const motion = equationsOfMotion(sys, residuals);
  if (motion.kind !== "solved" && motion.kind !== "mass-matrix") {
    notes.push(
      `no numeric-integration check of the charges: the equations of motion are not solved for the accelerations (${motion.note})`,
    );
  }
  const base = opts.seed ?? 20250921;
  const charges: ChargeRecord[] = generators.map(({ name, generator }, i) => {
    const seed = base + 1009 * (i + 1);
    const proved = chargeSteps(sys, generator, name, { seed, positive, motion });
    const crossChecks = integrationCheck(sys, motion, proved, { seed, functions, positive });
    return { ...proved, crossChecks };
  });
  return {
    conserved: charges.filter((c) => c.conserved),
    broken: charges.filter((c) => !c.conserved),
    notes,
  };
}
