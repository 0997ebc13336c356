/**
 * Plots of a proof document: the equations of motion q'' = a(q, q', t) integrated from the file's
 * `plot:` initial state with its parameter values by RK4 (y' = (q', a), step h), and — when the file
 * derives an integrator — by that integrator's own assignments too; then the trajectory q(t), the
 * energy function E(t) and each Noether charge Q(t) along it: a conserved charge stays flat (up to
 * the integration error), a broken one drifts at its rate R.
 */
import { MAX_PLOT_STEPS } from "../derivation-files/plot.js";
import type { DerivationSpec, PlotSpec } from "../derivation-files/types.js";
import { evaluate, type Env } from "../expr/numeric/evaluate.js";
import { rk4 } from "../expr/numeric/ode.js";
import type { Expr } from "../expr/types.js";
import type { Derivation, UpdateRule } from "../proof/types.js";
import type { Plot, Section, Series } from "./types.js";

/** The most points of one series. */
export const MAX_POINTS = 400;

const round = (x: number) => Number(x.toPrecision(6));

interface Trajectory {
  readonly t: number[];
  /** Per sample: every coordinate and velocity by name. */
  readonly states: Env[];
  /** Set when the solution left the domain (non-finite) before the end. */
  readonly stoppedAt?: number;
}

/** RK4 on y = (q, q'), sampled at most MAX_POINTS + 1 times. */
function integrateRk4(d: Derivation, plot: PlotSpec, params: Env): Trajectory | null {
  const sys = d.system;
  const acc = d.motion.accelerations;
  if (!acc || sys.order !== 1) return null;
  const qs = sys.coordinates;
  const a = d.motion.unknowns.map((u) => acc[u]);
  if (a.some((e) => !e)) return null;
  const time = sys.variables[0];
  const envOf = (t: number, y: readonly number[]): Env => {
    const env: Record<string, number> = { ...params, [time]: t };
    qs.forEach((q, i) => {
      env[q] = y[i];
      env[`${q}'`] = y[qs.length + i];
    });
    return env;
  };
  const f = (t: number, y: readonly number[]) => {
    const env = envOf(t, y);
    return [...y.slice(qs.length), ...a.map((e) => evaluate(e, env))];
  };
  let y = [...qs.map((q) => plot.initial[q] ?? 0), ...qs.map((q) => plot.initial[`${q}'`] ?? 0)];
  const steps = Math.max(1, Math.round(plot.duration / plot.step));
  const h = plot.duration / steps;
  const every = Math.max(1, Math.ceil(steps / MAX_POINTS));
  const out: Trajectory = { t: [0], states: [envOf(0, y)] };
  for (let s = 1; s <= steps; s++) {
    y = rk4(f, (s - 1) * h, y, h, 1);
    if (y.some((v) => !Number.isFinite(v))) return { ...out, stoppedAt: (s - 1) * h };
    if (s % every === 0 || s === steps) {
      out.t.push(s * h);
      out.states.push(envOf(s * h, y));
    }
  }
  return out;
}

/** The integrator's assignments run step by step (state q, v_q; t = (k − 1)·h at step k's start). */
function integrateRule(
  rule: UpdateRule,
  d: Derivation,
  plot: PlotSpec,
  params: Env,
): Trajectory | null {
  const v = rule.variants[0];
  if (!v || v.refuse !== undefined) return null;
  const hyper: Record<string, number> = {};
  for (const p of rule.hyperparameters) {
    const value = params[p.name] ?? (typeof p.default === "number" ? p.default : undefined);
    if (value === undefined) return null;
    hyper[p.name] = value;
  }
  const hName = rule.hyperparameters[0]?.name ?? "h";
  const h = hyper[hName];
  const qs = d.system.coordinates;
  const time = rule.time ?? d.system.variables[0];
  let state: Record<string, number> = {};
  for (const q of qs) {
    state[q] = plot.initial[q] ?? 0;
    state[`v_${q}`] = plot.initial[`${q}'`] ?? 0;
  }
  const sample = (t: number): Env => {
    const env: Record<string, number> = { ...params, [time]: t };
    for (const q of qs) {
      env[q] = state[q];
      env[`${q}'`] = state[`v_${q}`];
    }
    return env;
  };
  const steps = Math.max(1, Math.round(plot.duration / h));
  if (!(h > 0) || steps > MAX_PLOT_STEPS) return null;
  const every = Math.max(1, Math.ceil(steps / MAX_POINTS));
  const out: Trajectory = { t: [0], states: [sample(0)] };
  for (let k = 1; k <= steps; k++) {
    const env: Record<string, number> = {
      ...hyper,
      ...state,
      [rule.index]: k,
      [time]: (k - 1) * h,
    };
    for (const a of v.scalars) env[a.target] = evaluate(a.value, env);
    for (const a of k === 1 && v.first ? v.first : v.assignments)
      env[a.target] = evaluate(a.value, env);
    state = Object.fromEntries(Object.keys(state).map((n) => [n, env[n]]));
    if (Object.values(state).some((x) => !Number.isFinite(x)))
      return { ...out, stoppedAt: (k - 1) * h };
    if (k % every === 0 || k === steps) {
      out.t.push(k * h);
      out.states.push(sample(k * h));
    }
  }
  return out;
}

const series = (name: string, tr: Trajectory, e: Expr | string): Series => ({
  name,
  x: tr.t.map(round),
  y: tr.states.map((env) => round(typeof e === "string" ? env[e] : evaluate(e, env))),
});

/** The plots section, or null when the file has no `plot:` or the system cannot be integrated. */
export function plotSection(d: Derivation, spec: DerivationSpec): Section | null {
  const plot = spec.plot;
  if (!plot || d.system.kind !== "mechanics") return null;
  const params: Record<string, number> = {};
  for (const p of spec.parameters) if (p.value !== undefined) params[p.name] = p.value;
  if (d.system.parameters.some((p) => params[p] === undefined)) return null;
  let tr: Trajectory | null;
  try {
    tr = integrateRk4(d, plot, params);
  } catch {
    return null; // an abstract function (no values): nothing to plot
  }
  if (!tr) return null;
  const time = d.system.variables[0];
  const initial = Object.entries(plot.initial)
    .map(([k, v]) => `${k} = ${v}`)
    .join(", ");
  const values = Object.entries(params)
    .map(([k, v]) => `${k} = ${v}`)
    .join(", ");
  const how = `RK4 with step ${plot.step} from ${initial}${values ? `, with ${values}` : ""}`;
  const notes: string[] = [];
  if (tr.stoppedAt !== undefined)
    notes.push(
      `The numerical solution left the domain at ${time} = ${round(tr.stoppedAt)}; plotted up to there.`,
    );
  const plots: Plot[] = [
    {
      title: "Trajectory",
      xLabel: time,
      yLabel: d.system.coordinates.join(", "),
      series: d.system.coordinates.map((q) => series(q, tr!, q)),
      caption: `The coordinates over time: ${how}.`,
    },
  ];
  const energy: Series[] = [series("E (RK4)", tr, d.energy)];
  let integrated: Trajectory | null = null;
  if (d.update?.kind === "integrator") {
    integrated = integrateRule(d.update, d, plot, params);
    if (integrated) energy.push(series(`E (${d.update.scheme})`, integrated, d.energy));
  }
  plots.push({
    title: "Energy function",
    xLabel: time,
    yLabel: "E",
    series: energy,
    caption:
      `The energy function E along the solution (${how})` +
      (integrated
        ? `, and along the derived ${d.update!.scheme} integrator with its step ${d.update!.hyperparameters[0]?.default} from the same state (its velocity state taken as the initial velocity)`
        : "") +
      ". E is conserved when L does not depend on the time explicitly.",
  });
  const charges = d.noether ? [...d.noether.conserved, ...d.noether.broken] : [];
  for (const c of charges) {
    plots.push({
      title: `Noether charge: ${c.name}`,
      xLabel: time,
      yLabel: "Q",
      series: [series(c.name, tr, c.expression)],
      caption: `Q along the solution (${how}): ${c.conserved ? "conserved, so flat up to the integration error" : "not a symmetry, so Q drifts at the rate R"}.`,
    });
  }
  return {
    id: "plots",
    title: "Plots",
    intro: `The equations of motion integrated numerically from the file's initial state over ${plot.duration} time units.`,
    plots,
    ...(notes.length ? { notes } : {}),
  };
}
