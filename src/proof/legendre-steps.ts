/**
 * Recording the Legendre transform: each solved velocity v(q, p) is checked by substituting it
 * into p = ∂L/∂q' at random (q, p) — or, when the Legendre map is not affine and H is on its branch
 * through rest (../variational/branch.ts), as v(q, p(q, v)) = v with v drawn inside the branch,
 * which tells the branches apart; H is checked against Σ p·v − L(q, v(q, p)) (on the branch, at
 * p = p(q, v) with v drawn inside it), as derived, and then tidied in a `simplify` step; Hamilton's
 * equations q' = ∂H/∂p, p' = −∂H/∂q are checked by forward-mode differentiation of H (for fields,
 * u_t = δH/δπ and π_t = −δH/δu are recorded as Euler operators over the spatial jet of (u, π),
 * term by term, the total derivatives reading π_x, π_xx … too).
 */
import type { Evaluator } from "../expr/numeric/check.js";
import type { Env, FunctionModel } from "../expr/numeric/evaluate.js";
import { neg, sym, symbols, type Expr } from "../expr/types.js";
import { hamiltonianSystem, type hamiltonian, type Momentum } from "../variational/legendre.js";
import { eulerSteps } from "./euler-steps.js";
import { branchDraw } from "../variational/branch.js";
import type { System } from "../variational/types.js";
import type { Recorder } from "./record.js";
import { simplifyStep } from "./simplify-steps.js";

type Solved = Extract<ReturnType<typeof hamiltonian>, { ok: true }>;

/** Record the solved velocities, H and Hamilton's equations (see the module comment). */
export function legendreSteps(
  sys: System,
  rec: Recorder,
  H: Solved,
  ps: readonly Momentum[],
  lStep: number,
  momentumSteps: readonly number[],
): void {
  const names = new Set<string>(Object.values(H.momentumSymbols));
  symbols(sys.lagrangian, names);
  for (const v of Object.values(H.velocities)) symbols(v, names);
  // Every check evaluates through `ev`, so that a point where doubles disagree is re-checked in 60
  // digits (an expanded H such as (x + y + z + a)^25 cancels away every digit of a double).
  // `only`: the velocities to evaluate (those an expression reads), else all of them.
  const at = (env: Env, model: FunctionModel, ev: Evaluator, only?: ReadonlySet<string>) => {
    const out: Record<string, number> = { ...env };
    for (const [v, e] of Object.entries(H.velocities)) {
      if (!only || only.has(v)) out[v] = ev.evaluate(e, env, model);
    }
    return out;
  };
  // The symbols a velocity step reads: p's, the momentum, and those of the velocities p reads.
  const stepNames = (p: Momentum) => {
    const read = symbols(p.value);
    const out = new Set([...read, H.momentumSymbols[p.coordinate]]);
    for (const v of read) if (H.velocities[v]) symbols(H.velocities[v], out);
    return { read, names: out };
  };
  const branch = H.branch;
  // On a branch, points are (q, v) with v inside it and p = ∂L/∂v(q, v) (see the module comment).
  const draw = branch && branchDraw(ps[0].value, branch.velocity, branch.momentum);
  const velocitySteps = ps.map((p, i) => {
    const own = draw ? { read: undefined, names } : stepNames(p);
    return rec.custom(
      {
        rule: "solve-velocities",
        label: p.velocity,
        justification:
          `${p.velocity} solved from ${H.momentumSymbols[p.coordinate]} = ∂L/∂${p.velocity}` +
          (branch
            ? ` on the branch through rest ${branch.velocityDomain} (checked as ` +
              `${p.velocity}(${branch.momentum}(${p.velocity})) = ${p.velocity} inside it)`
            : "") +
          (H.positive.length ? ` (assuming ${H.positive.join(", ")} > 0)` : ""),
        lhs: { op: "given", expr: sym(H.momentumSymbols[p.coordinate]) },
        rhs: H.velocities[p.velocity],
        uses: [momentumSteps[i]],
      },
      "evaluation",
      own.names,
      // On a branch: v(q, p) at p = ∂L/∂q'(q, v) gives back v. Else p = ∂L/∂q'(q, v(q, p)): the
      // momentum expression evaluated at the solved velocities. (The parameters the inversion
      // assumed positive are drawn positive.)
      draw
        ? (env, model, ev) => [
            ev.evaluate(H.velocities[p.velocity], env, model),
            env[p.velocity],
            0,
          ]
        : (env, model, ev) => [
            env[H.momentumSymbols[p.coordinate]],
            ev.evaluate(p.value, at(env, model, ev, own.read), model),
            0,
          ],
      H.positive,
      draw,
    );
  });
  const momenta: Record<string, Expr> = Object.fromEntries(ps.map((p) => [p.coordinate, p.value]));
  const derived = rec.custom(
    {
      rule: "legendre",
      label: "H",
      justification: "Legendre transform H = Σ p·q' − L with q' = q'(q, p)",
      lhs: {
        op: "legendre",
        lagrangian: sys.lagrangian,
        momenta,
        velocities: H.velocities,
        momentumSymbols: H.momentumSymbols,
      },
      rhs: H.asDerived,
      uses: [lStep, ...momentumSteps, ...velocitySteps],
    },
    "evaluation",
    names,
    (env, model, ev) => {
      const point = at(env, model, ev);
      const L = ev.evaluate(sys.lagrangian, point, model);
      let sum = -L;
      let scale = Math.abs(L);
      for (const p of ps) {
        const term = env[H.momentumSymbols[p.coordinate]] * point[p.velocity];
        sum += term;
        scale += Math.abs(term);
      }
      return [ev.evaluate(H.asDerived, env, model), sum, scale];
    },
    H.positive,
    draw,
  );
  // H tidied (radicals under the positivity the inversion used), on the branch's points too.
  const step = simplifyStep(rec, derived, H.asDerived, H.hamiltonian, H.simplifiedBy, "H", {
    positive: H.positive,
    draw,
    names,
  });
  const density =
    sys.kind === "field" ? hamiltonianSystem(sys, H.hamiltonian, H.momentumSymbols) : undefined;
  for (const eq of H.equations) {
    const p = H.momentumSymbols[eq.coordinate];
    const head = { rule: "hamilton-equations" as const, label: eq.lhs, rhs: eq.rhs };
    if (density) {
      // u_t = δH/δπ, π_t = −δH/δu: Euler operators of the density over the spatial jet.
      const velocity = eq.kind === "velocity";
      const e = eulerSteps(density, rec, velocity ? p : eq.coordinate, H.hamiltonian, step, "H");
      const rhs = velocity ? e.residual : neg(e.residual);
      rec.equal(
        {
          ...head,
          justification: `${eq.lhs} = ${velocity ? "" : "−"}δH/δ${velocity ? p : eq.coordinate}`,
          lhs: { op: "combine", expr: rhs },
          uses: [e.step],
        },
        rhs,
      );
    } else if (eq.kind === "velocity") {
      rec.partial(
        { ...head, justification: `${eq.lhs} = ∂H/∂${p}`, uses: [step] },
        H.hamiltonian,
        p,
      );
    } else {
      rec.partial(
        { ...head, justification: `${eq.lhs} = −∂H/∂${eq.coordinate}`, uses: [step] },
        H.hamiltonian,
        eq.coordinate,
        -1,
      );
    }
  }
}
