/**
 * The integrator of a mechanical system's `discretisation:` section (MATH.md §3), as an update
 * rule over the state (q, v_q) advanced by the step h:
 *
 * - explicit-euler / symplectic-euler: the solved accelerations a(q, q', t) of the derivation,
 *   stepped as in ../variational/discrete.ts `explicitScheme`;
 * - stormer-verlet / midpoint: the variational integrator of the discrete Lagrangian L_d, whose
 *   discrete Euler–Lagrange equations ∂/∂q[k−1] (L_d(q[k−2], q[k−1]) + L_d(q[k−1], q[k])) = 0 are
 *   solved for q[k] when they are linear in it (else the update is implicit: exit 2, naming the
 *   equation). The state keeps q and the backward difference v = (q[k−1] − q[k−2])/h, so
 *   q[k−2] = q − h·v; `init` takes the initial velocity as that difference.
 */
import { UserError } from "../errors.js";
import { freeOf } from "../expr/algebra.js";
import { print } from "../expr/syntax/print.js";
import { add, div, mul, num, sub, sym, type Expr } from "../expr/types.js";
import type { DerivationSpec } from "../derivation-files/types.js";
import {
  discreteEulerLagrange,
  explicitScheme,
  indexed,
  type SchemeInput,
} from "../variational/discrete.js";
import { hoistScalars, lowerStep } from "../variational/lower.js";
import { accelerationSteps } from "./motion-steps.js";
import { createRecorder } from "./record.js";
import type { Derivation, UpdateRule } from "./types.js";
import { checkLowering } from "./update-cross.js";
import { recordChange, recordStationary } from "./update-steps.js";

/** The integrator rule of `d` by the file's scheme, with its checked steps. */
export function deriveIntegrator(d: Derivation, spec: DerivationSpec, seed?: number): UpdateRule {
  const disc = spec.discretisation!;
  const sys = d.system;
  const where = `${spec.file ?? "<input>"}: discretisation`;
  if (sys.kind !== "mechanics")
    throw new UserError("spec", `${where}: fields are not discretised (mechanics only)`);
  const taken = new Set([...sys.parameters, sys.variables[0], ...sys.coordinates]);
  const index = ["k", "n", "j", "i", "step"].find((x) => !taken.has(x) && x !== disc.step)!;
  if (taken.has(disc.step))
    throw new UserError(
      "spec",
      `${where}: the step '${disc.step}' is already a name of the system`,
    );
  const velocityName = (q: string) => `v_${q}`;
  for (const q of sys.coordinates)
    if (taken.has(velocityName(q)))
      throw new UserError("spec", `${where}: '${velocityName(q)}' is already a name of the system`);
  const input: SchemeInput = {
    coordinates: sys.coordinates,
    velocityOf: (q) => `${q}'`,
    velocityName,
    time: sys.variables[0],
    step: disc.step,
    index,
  };
  const rec = createRecorder({ seed, offset: d.steps.length, positive: [disc.step] });
  let equations: [string, Expr][];
  const notes: string[] = [];
  if (disc.scheme === "explicit-euler")
    notes.push("explicit Euler is not symplectic: expect the energy error to grow with time");
  if (disc.scheme === "explicit-euler" || disc.scheme === "symplectic-euler") {
    const acc = d.motion.accelerations;
    if (d.motion.kind !== "solved" || !acc)
      throw new UserError(
        "unsolved",
        `${where}: ${disc.scheme} needs the accelerations in closed form, but the equations of motion are ${d.motion.kind}`,
      );
    const a = Object.fromEntries(d.motion.unknowns.map((x, i) => [sys.coordinates[i], acc[x]]));
    const moving = [sys.variables[0], ...sys.coordinates.map((q) => `${q}'`)];
    const separable = Object.values(a).every((e) => moving.every((s) => !freeOf(e).has(s)));
    if (disc.scheme === "symplectic-euler" && !separable)
      notes.push(
        "symplectic Euler in velocity form is symplectic for L = ½q'ᵀMq' − V(q) with constant M; " +
          "here the accelerations depend on the velocities or the time, so it is the semi-implicit " +
          "Euler method (first order, not symplectic)",
      );
    const steps = explicitScheme(disc.scheme, input, a);
    const accSteps = accelerationSteps(d.steps, d.motion.unknowns);
    equations = steps.map(([name, value]) => {
      rec.equal(
        {
          rule: "discretise",
          label: name,
          justification: `${disc.scheme} with step ${disc.step}`,
          lhs: { op: "given", expr: value },
          rhs: value,
          uses: accSteps,
        },
        value,
      );
      return [name, value];
    });
  } else {
    const scheme = disc.scheme as "stormer-verlet" | "midpoint";
    const del = discreteEulerLagrange(scheme, input, sys.lagrangian);
    const unknowns = sys.coordinates.map((q) => indexed(q, index, 0));
    // Start the solve from the straight-line guess q[k] = 2q[k−1] − q[k−2].
    const start = sys.coordinates.map((q) =>
      sub(mul(num(2), sym(indexed(q, index, -1))), sym(indexed(q, index, -2))),
    );

    const given = rec.lagrangian(
      "S",
      `${scheme}: L_d(q[k−2], q[k−1]) + L_d(q[k−1], q[k]), the action around q[k−1]`,
      del.action,
      del.action,
      [1],
    );
    const conditionSteps = sys.coordinates.map((q, i) =>
      rec.partial(
        {
          rule: "stationarity",
          label: `∂S/∂${indexed(q, index, -1)}`,
          justification: `the discrete Euler–Lagrange equation D₂L_d + D₁L_d = 0 at ${indexed(q, index, -1)}`,
          rhs: del.equations[i],
          uses: [given],
        },
        del.action,
        indexed(q, index, -1),
      ),
    );
    const solved = recordStationary(rec, del.action, unknowns, start, where, [], {
      residuals: del.equations,
      steps: conditionSteps,
      labels: sys.coordinates.map(
        (q) => `the discrete Euler–Lagrange equation at ${indexed(q, index, -1)}`,
      ),
    });
    // q[k−2] = q[k−1] − h·v[k−1]: the state holds the backward difference.
    const back = new Map<string, Expr>(
      sys.coordinates.map((q) => [
        indexed(q, index, -2),
        add(
          sym(indexed(q, index, -1)),
          mul(num(-1), sym(disc.step), sym(indexed(velocityName(q), index, -1))),
        ),
      ]),
    );
    equations = [];
    solved.forEach((p, i) => {
      const q = sys.coordinates[i];
      const { value } = recordChange(
        rec,
        {
          rule: "change-variables",
          label: p.name,
          justification: `${indexed(q, index, -2)} = ${indexed(q, index, -1)} − ${disc.step}·${indexed(velocityName(q), index, -1)}`,
          uses: [p.step],
        },
        p.value,
        back,
      );
      equations.push([p.name, value]);
    });
    for (const q of sys.coordinates) {
      const v = indexed(velocityName(q), index, 0);
      equations.push([
        v,
        div(sub(sym(indexed(q, index, 0)), sym(indexed(q, index, -1))), sym(disc.step)),
      ]);
    }
  }
  const state = sys.coordinates.flatMap((q) => [q, velocityName(q)]);
  const hyper = [disc.step, ...sys.parameters];
  const names = new Set([...hyper, ...state, index]);
  let statements = lowerStep(equations, index, names);
  for (const s of statements)
    for (const n of freeOf(s.value))
      if (!names.has(n) && !statements.some((t) => t.target === n))
        throw new UserError(
          "spec",
          `${where}: the update of ${s.target} reads '${n}' (${print(s.value)}), which is not a parameter, coordinate or velocity`,
        );
  const hoisted = hoistScalars(statements, index, new Set(hyper), names);
  statements = hoisted.statements;
  const crossCheck = checkLowering(
    `lowering:${disc.scheme}`,
    equations,
    hoisted.scalars,
    statements,
    index,
    new Set(hyper),
    (seed ?? 20250921) + 104729,
  );
  const values = new Map(spec.parameters.map((p) => [p.name, p.value ?? null]));
  return {
    kind: "integrator",
    name: spec.name,
    index,
    time: sys.variables[0],
    scheme: disc.scheme,
    hyperparameters: [
      { name: disc.step, type: "number", default: disc.value ?? null, description: "time step" },
      ...sys.parameters.map((p) => ({
        name: p,
        type: "number" as const,
        default: values.get(p) ?? null,
        ...(spec.parameters.find((x) => x.name === p)?.description
          ? { description: spec.parameters.find((x) => x.name === p)!.description }
          : {}),
      })),
    ],
    state: state.map((name) => ({ name, init: 0 })),
    variants: [
      {
        name: disc.scheme,
        when: [],
        scalars: hoisted.scalars,
        first: null,
        assignments: statements,
        steps: rec.steps,
        notes,
        crossChecks: [crossCheck],
      },
    ],
  };
}
