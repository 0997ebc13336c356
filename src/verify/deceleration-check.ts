/**
 * The C7 checker (`check: sequential-deceleration`) on the Beta–Bernoulli predictor of
 * ./deceleration.ts: for each truth of the claim (the uniform prior, fixed q), the claimed relation
 * of a(t) = v(t+1) − v(t) at every t = 1…t_max, and the limit (1/2 nat under the prior, H(q) from
 * above for a fixed q); a violation is a counterexample. Its figures: v(t) against log t, and |a(t)|
 * on log–log axes, split by sign (−a(t) where a < 0, a(t) as dots where a > 0), each truth's
 * curves keyed by its name (one colour in both figures).
 */
import { entropy, fixedLoss, priorLoss, type Dec } from "./deceleration.js";
import { relation, type Given } from "./given.js";
import type { Plot, Series } from "../proof/types.js";
import type { PartResult } from "./types.js";

/** v(t), t = 1…t_max + 1, of one truth. */
interface Curve {
  readonly name: string;
  readonly v: readonly number[];
}

/** About `count` times 1…tMax spaced evenly in log t (every t while they are denser than that). */
export function logTimes(tMax: number, count = 300): number[] {
  const ts = new Set<number>();
  for (let k = 0; k < count; k++) ts.add(Math.round(Math.exp((Math.log(tMax) * k) / (count - 1))));
  return [...ts].sort((a, b) => a - b);
}

/**
 * The figures of C7: v(t) for every truth against log t, and the acceleration's size |a(t)| on
 * log–log axes — −a(t) as a line where a(t) < 0, a(t) as dots where a(t) > 0 (a violation of
 * a ≤ 0) — both at about 300 log-spaced t.
 */
export function decelerationFigures(curves: readonly Curve[], tMax: number): Plot[] {
  const ts = logTimes(tMax);
  const vSeries = curves.map((c) => ({
    name: c.name,
    key: c.name,
    x: ts,
    y: ts.map((t) => c.v[t - 1]),
  }));
  const aSeries: Series[] = [];
  for (const c of curves) {
    const a = ts.map((t) => c.v[t] - c.v[t - 1]);
    aSeries.push({
      name: `−a(t), ${c.name}`,
      key: c.name,
      x: ts,
      y: a.map((x) => (x < 0 ? -x : NaN)),
    });
    if (a.some((x) => x > 0)) {
      const up = ts.filter((_, i) => a[i] > 0);
      aSeries.push({
        name: `a(t) > 0, ${c.name}`,
        key: c.name,
        x: up,
        y: up.map((t) => c.v[t] - c.v[t - 1]),
        points: true,
      });
    }
  }
  const how = `Beta(1, 1)–Bernoulli predictor (Laplace's rule), exact sums in 40-digit decimals, t = 1…${tMax}, shown at ${ts.length} log-spaced t`;
  return [
    {
      title: "Per-token loss v(t)",
      xLabel: "t (token index)",
      yLabel: "v(t) [nats]",
      series: vSeries,
      caption: `${how}. v(t) = E[−ln p(x_t | x_<t)]; limits 1/2 nat under the prior, H(q) for a fixed q.`,
      logX: true,
    },
    {
      title: "Acceleration a(t) = v(t+1) − v(t)",
      xLabel: "t",
      yLabel: "|a(t)| [nats]",
      series: aSeries,
      caption: `${how}. Lines: −a(t) where a(t) < 0 (deceleration)${aSeries.some((s) => s.points) ? "; dots: a(t) where a(t) > 0 (the loss rises)" : ""}.`,
      logX: true,
      logY: true,
    },
  ];
}

/** C7 on the Beta–Bernoulli predictor: the sign of a(t) and, for a fixed q, the limit H(q). */
export function deceleration(g: Given): PartResult[] {
  const model = g.text("model", "beta-bernoulli");
  if (model !== "beta-bernoulli")
    g.fail("model", "must be beta-bernoulli (the only model checked)");
  const tMax = g.number("t_max", 1000);
  if (!Number.isInteger(tMax) || tMax < 2 || tMax > 5000)
    g.fail("t_max", "must be an integer in 2…5000");
  const rel = relation(g, "acceleration");
  const truths = g
    .text("truths", "prior")
    .split(",")
    .map((s) => s.trim());
  const parts: PartResult[] = [];
  const curves: Curve[] = [];
  const method = `exact sequence (40-digit decimals), t = 1…${tMax}`;
  for (const truth of truths) {
    const q = truth === "prior" ? null : Number(truth);
    if (q !== null && !(q > 0 && q < 1))
      g.fail("truths", `'${truth}' is neither 'prior' nor a q in (0, 1)`);
    const v: Dec[] = q === null ? priorLoss(tMax + 1) : fixedLoss(q, tMax + 1);
    const where = q === null ? "under the uniform prior" : `for q = ${q}`;
    curves.push({ name: q === null ? "prior" : `q = ${q}`, v: v.map((x) => x.toNumber()) });
    const violations: number[] = [];
    let maxA = -Infinity;
    for (let t = 1; t <= tMax; t++) {
      const a = v[t].minus(v[t - 1]);
      maxA = Math.max(maxA, a.toNumber());
      if (rel.holds(a.toNumber())) continue;
      violations.push(t);
    }
    const bad = violations.length > 0 ? violations[0] : -1;
    const vs = `v(1) = ${v[0].toFixed(6)}, v(${tMax}) = ${v[tMax - 1].toFixed(6)}`;
    if (bad > 0) {
      const a = v[bad].minus(v[bad - 1]);
      parts.push({
        verdict: "refuted",
        method,
        evidence: `${where}: a(${bad}) = v(${bad + 1}) − v(${bad}) = ${a.toSignificantDigits(6).toString()}, not ${rel.text}; ${violations.length} of t = 1…${tMax} violate it (t = ${violations.slice(0, 10).join(", ")}${violations.length > 10 ? ", …" : ""}) (${vs})`,
      });
      continue;
    }
    // Under the uniform prior v(t) → E_q[H(q)] = ∫₀¹ H(q) dq = 1/2 nat, checked within 1/t_max.
    const gap = v[tMax - 1].toNumber() - 0.5;
    let limit =
      q === null
        ? `; v(${tMax}) − 1/2 = ${gap.toExponential(3)} (limit E_q[H(q)] = 1/2 nat, tolerance 1/t_max)`
        : "";
    if (q === null && !(gap >= 0 && gap <= 1 / tMax)) {
      parts.push({
        verdict: "refuted",
        method,
        evidence: `${where}: v(${tMax}) − 1/2 = ${gap.toExponential(3)}, not within [0, 1/t_max] of the limit 1/2 nat`,
      });
      continue;
    }
    if (q !== null && g.text("limit", "entropy") === "entropy") {
      const H = entropy(q);
      const below = v.findIndex((x) => x.lt(H));
      const excess = v[tMax - 1].minus(H).toNumber();
      if (below >= 0 || excess > 1 / tMax) {
        parts.push({
          verdict: "refuted",
          method,
          evidence: `${where}: v does not decrease to H(q) = ${H.toFixed(6)} from above within 1/t_max (${below >= 0 ? `v(${below + 1}) < H(q)` : `v(${tMax}) − H(q) = ${excess.toExponential(3)}`})`,
        });
        continue;
      }
      limit = `; v(t) ≥ H(q) = ${H.toFixed(6)} at every t and v(${tMax}) − H(q) = ${excess.toExponential(3)} ≤ 1/t_max (t·(v − H) = ${(excess * tMax).toFixed(4)}, → 1/2 expected)`;
    }
    parts.push({
      verdict: "checked",
      method,
      evidence: `${where}: a(t) ${rel.text} for every t = 1…${tMax} (largest a(t) = ${maxA.toExponential(3)}); ${vs}${limit}`,
    });
  }
  const [first, ...rest] = parts;
  return [{ ...first, figures: decelerationFigures(curves, tMax) }, ...rest];
}
