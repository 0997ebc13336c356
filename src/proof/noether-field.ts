/**
 * Conserved currents of a first-order field Lagrangian (issue 7 §5): for each generator (given, or
 * found by the degree-1 search of ../variational/symmetry-field-search.ts), its current J^μ with a
 * checked proof (noether-field-steps.ts) and a cross-route check by finite differences of J on
 * solutions (noether-field-cross.ts). A generator whose residual R vanishes is reported under
 * `conserved`; otherwise under `broken`, with its on-shell divergence Σ D_μJ^μ = R. A step or cross
 * check that fails throws a CheckError: a current is never reported conserved without its proof.
 */
import { UserError } from "../errors.js";
import { negate } from "../expr/algebra.js";
import { abstractFunctions, type Expr } from "../expr/types.js";
import { declaredPositive } from "../variational/assumptions.js";
import { eulerLagrange } from "../variational/euler.js";
import { equationsOfMotion } from "../variational/motion.js";
import type { FieldGenerator } from "../variational/noether-field.js";
import { findFieldSymmetries } from "../variational/symmetry-field-search.js";
import type { System } from "../variational/types.js";
import { divergenceCheck } from "./noether-field-cross.js";
import { currentSteps } from "./noether-field-steps.js";
import type { ChargeRecord, NoetherRecord } from "./types.js";

export interface NamedFieldGenerator {
  readonly name: string;
  readonly generator: FieldGenerator;
}

export interface FieldNoetherOptions {
  readonly fieldGenerators?: readonly NamedFieldGenerator[];
  /** Search too (default: when no generators are given). */
  readonly auto?: boolean;
  /** Degree of the search: only 1 is implemented for fields. */
  readonly degree?: number;
  readonly seed?: number;
}

/** The conserved currents of the field system `sys` (module comment). */
export function noetherField(sys: System, opts: FieldNoetherOptions = {}): NoetherRecord {
  if (sys.order > 1) {
    throw new UserError(
      "input",
      `conserved currents are implemented for first-order field Lagrangians (this one has derivatives of order ${sys.order})`,
    );
  }
  const notes: string[] = [];
  const generators = (opts.fieldGenerators ?? []).map((g) => energyAsMinusDt(sys, g));
  if (opts.auto ?? !opts.fieldGenerators) {
    const found = findFieldSymmetries(sys, {
      degree: opts.degree ?? 1,
      ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    });
    notes.push(...found.notes);
    generators.unshift(...found.symmetries.map(({ name, generator }) => ({ name, generator })));
  }
  const positive = declaredPositive(sys);
  const functions = abstractFunctions(sys.lagrangian);
  const residuals = sys.coordinates.map((a) => eulerLagrange(sys, a).residual);
  const motion = equationsOfMotion(sys, residuals);
  if (motion.kind !== "solved" || !motion.accelerations) {
    notes.push(
      "no finite-difference check of the currents: the field equations are not solved for the highest time derivatives",
    );
  }
  const base = opts.seed ?? 20250921;
  const charges: ChargeRecord[] = generators.map(({ name, generator }, i) => {
    const seed = base + 1009 * (i + 1);
    const proved = currentSteps(sys, generator, name, { seed, positive, motion });
    const crossChecks = divergenceCheck(
      sys,
      motion,
      { name, current: proved.current!, rate: proved.rate },
      { seed, functions, positive },
    );
    return { ...proved, crossChecks };
  });
  return {
    conserved: charges.filter((c) => c.conserved),
    broken: charges.filter((c) => !c.conserved),
    notes,
  };
}

/**
 * A given generator named energy with ξ^t a positive number is taken as −∂_t (as the search's and
 * the mechanics charges are), so its density J^t is +½u_t² + … rather than its negative.
 */
function energyAsMinusDt(sys: System, g: NamedFieldGenerator): NamedFieldGenerator {
  const xi = g.generator.xi[sys.variables[0]];
  const positive = xi?.kind === "num" && !xi.value.startsWith("-") && xi.value !== "0";
  if (g.name !== "energy" || !positive) return g;
  const flip = (r: Readonly<Record<string, Expr>>) =>
    Object.fromEntries(Object.entries(r).map(([k, e]) => [k, negate(e)]));
  const { xi: x, eta, gauge } = g.generator;
  return { name: g.name, generator: { xi: flip(x), eta: flip(eta), gauge: flip(gauge) } };
}
