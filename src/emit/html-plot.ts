/**
 * Plots of the HTML documents as inline SVG, drawn here from the document's Plot data (no script, no
 * library): a frame with "nice" ticks (1, 2 or 5 × 10^k) whose range covers every finite value of
 * every series, grid lines, axis labels, one polyline per series in a colour-blind-safe palette
 * (dashed after the seventh; plot-colours.ts, shared with the PDF), and a legend. Deterministic: coordinates with two decimals, tick labels
 * with the decimals the tick step needs, so a re-run gives the same bytes.
 *
 * A series whose values vary by less than 10⁻³ of their size is drawn on an axis spanning 10⁻³ of
 * it (y ± 0.05 %), so a conserved charge with rounding-level wobble is a flat line, while a drift of
 * 10⁻⁴ of its size already moves a tenth of the plot's height. *
 * A logarithmic axis (Plot.logX, logY) is drawn in log10 of the values, ticked at whole decades
 * (labels 1, 10, 100, … or 10ⁿ); values ≤ 0 are left out. A series with `points` is drawn as dots.
 */
import { escapeHtml } from "./html-math.js";
import { seriesColour, seriesDash } from "./plot-colours.js";
import type { Plot, Series } from "./types.js";

const WIDTH = 640;
/**
 * Room left of the frame: the y label, then the longest y tick label (7 px per character); at least
 * 72 px, so that most plots of a page line up.
 */
const leftMargin = (labels: readonly string[]) =>
  Math.max(72, 34 + 7 * Math.max(...labels.map((l) => l.length)));
const RIGHT = 16;
const TOP = 32;
const PLOT_HEIGHT = 240;
const BOTTOM = 48;
const LEGEND_ROW = 20;
/** Relative span below which a range is widened (see the file comment). */
const MIN_RELATIVE_SPAN = 1e-3;

/** An axis: its range [lo, hi] (multiples of `step`) and tick values lo, lo + step, …, hi. */
export interface Axis {
  readonly lo: number;
  readonly hi: number;
  readonly step: number;
  readonly ticks: readonly number[];
}

/**
 * Ticks for data in [min, max]: step = 1, 2 or 5 × 10^k giving about `target` intervals, range
 * widened outwards to multiples of the step (lo = ⌊min/step⌋·step, hi = ⌈max/step⌉·step), so
 * lo ≤ min and max ≤ hi. A range narrower than 10⁻³ of its size (or empty) is first widened about its
 * centre to that span (to [−0.5, 0.5] around 0). Ranges beyond double precision's reach (spans near
 * 1e308) get their own ends as the only ticks.
 */
export function niceAxis(min: number, max: number, target = 5): Axis {
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
  const size = Math.max(Math.abs(min), Math.abs(max));
  const minSpan = size > 0 ? Math.max(MIN_RELATIVE_SPAN * size, 1e-300) : 1;
  if (max - min < minSpan) {
    const mid = (min + max) / 2;
    [min, max] = [mid - minSpan / 2, mid + minSpan / 2];
  }
  const raw = (max - min) / target;
  const e = Math.floor(Math.log10(raw));
  const base = 10 ** e;
  const m = raw / base;
  const step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * base;
  let i0 = Math.floor(min / step);
  let i1 = Math.ceil(max / step);
  // Beyond double range (spans near 1e308): the data's own ends as the only ticks.
  if (!(step > 0 && Number.isFinite(step) && i1 - i0 <= 100))
    return { lo: min, hi: max, step: max - min, ticks: [min, max] };
  // Rounding in min/step may leave an end a hair inside the data: one more step out.
  if (i0 * step > min) i0--;
  if (i1 * step < max) i1++;
  const ticks: number[] = [];
  for (let i = i0; i <= i1; i++) ticks.push(i * step);
  return { lo: i0 * step, hi: i1 * step, step, ticks };
}

/**
 * A tick value printed to the resolution of the step: fixed decimals (`0.25`, `1200`), or
 * scientific notation (`1.5e-7`, `2.0e+6`) for very small steps or large values. `-0` prints as `0`.
 */
export function formatTick(value: number, step: number): string {
  const e = Math.floor(Math.log10(step) + 1e-9);
  const size = Math.abs(value);
  if (e < -4 || size >= 1e6) {
    const digits = size > 0 ? Math.max(0, Math.floor(Math.log10(size) + 1e-9) - e) : 0;
    return Math.abs(value) < step / 2 ? "0" : value.toExponential(Math.min(digits, 15));
  }
  const text = value.toFixed(Math.max(0, -e));
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * A logarithmic axis for log10-values in [min, max]: whole decades from ⌊min⌋ to ⌈max⌉ (at least
 * one), ticked every decade (every second, third, … when there are more than 8).
 */
export function logAxis(min: number, max: number): Axis {
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
  const lo = Math.floor(min) + 0; // + 0: no −0 (⌈−0.3⌉ is −0)
  const hi = Math.max(Math.ceil(max) + 0, lo + 1);
  const step = Math.ceil((hi - lo) / 8);
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k += step) ticks.push(k);
  return { lo, hi, step, ticks };
}

/** The label of decade k: `1`, `10`, `1000` for 0 ≤ k ≤ 4, else 10 with k as superscript. */
function decadeLabel(k: number): string {
  return k >= 0 && k <= 4 ? String(10 ** k) : `10<tspan dy="-6" font-size="9">${k}</tspan>`;
}

/** The finite (x, y) pairs of a series, split at non-finite values into runs drawn separately. */
function runs(s: Series): [number, number][][] {
  const out: [number, number][][] = [];
  let cur: [number, number][] = [];
  const n = Math.min(s.x.length, s.y.length);
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(s.x[i]) && Number.isFinite(s.y[i])) cur.push([s.x[i], s.y[i]]);
    else if (cur.length) (out.push(cur), (cur = []));
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * At most four points per pixel column (the first, lowest, highest and last, in order): a long
 * trajectory keeps its envelope at a size the page can carry.
 */
function decimate(pts: [number, number][]): [number, number][] {
  if (pts.length <= 4 * WIDTH) return pts;
  const out: [number, number][] = [];
  let i = 0;
  while (i < pts.length) {
    const col = Math.floor(pts[i][0]);
    let j = i;
    let lo = i;
    let hi = i;
    while (j + 1 < pts.length && Math.floor(pts[j + 1][0]) === col) {
      j++;
      if (pts[j][1] < pts[lo][1]) lo = j;
      if (pts[j][1] > pts[hi][1]) hi = j;
    }
    for (const k of [...new Set([i, lo, hi, j])].sort((a, b) => a - b)) out.push(pts[k]);
    i = j + 1;
  }
  return out;
}

const f2 = (v: number) => {
  const t = v.toFixed(2);
  return t === "-0.00" ? "0.00" : t;
};

/** Legend entries laid out in rows across the width (7 px per character estimated). */
function legendRows(
  names: readonly string[],
  left: number,
): { name: string; i: number; x: number }[][] {
  const rows: { name: string; i: number; x: number }[][] = [[]];
  let x = left;
  names.forEach((name, i) => {
    const w = 40 + 7 * [...name].length;
    if (x + w > WIDTH - RIGHT && rows[rows.length - 1].length) (rows.push([]), (x = left));
    rows[rows.length - 1].push({ name, i, x });
    x += w;
  });
  return rows;
}

/**
 * The y axis with one more step beyond an end on which a flat series lies (all its values within
 * 10⁻⁶ of the span of that end: a conserved energy at the top of the data), so that the frame does
 * not hide it.
 */
function clearFlat(ay: Axis, all: readonly [number, number][][][]): Axis {
  const tol = 1e-6 * (ay.hi - ay.lo);
  const flatAt = (end: number) =>
    all.some((runs) => {
      const ys = runs.flat().map((p) => p[1]);
      return ys.length > 1 && ys.every((y) => Math.abs(y - end) <= tol);
    });
  const [lo, hi] = [ay.lo - (flatAt(ay.lo) ? ay.step : 0), ay.hi + (flatAt(ay.hi) ? ay.step : 0)];
  if (lo === ay.lo && hi === ay.hi) return ay;
  return {
    ...ay,
    lo,
    hi,
    ticks: [...(lo < ay.lo ? [lo] : []), ...ay.ticks, ...(hi > ay.hi ? [hi] : [])],
  };
}

const stroke = (i: number) => {
  const dash = seriesDash(i);
  return `stroke="#${seriesColour(i)}"${dash ? ` stroke-dasharray="${dash}"` : ""}`;
};

/**
 * The plot as an `<svg>` element (title, frame, ticks, grid, labels, polylines, legend), scaled by
 * its viewBox to the width of its container. `numbers` gives each series' colour number
 * (plot-colours.ts; default its position).
 */
export function plotSvg(
  plot: Plot,
  numbers: readonly number[] = plot.series.map((_, i) => i),
): string {
  const log = (on: boolean | undefined) => (v: number) => (!on ? v : v > 0 ? Math.log10(v) : NaN);
  const [lx, ly] = [log(plot.logX), log(plot.logY)];
  const all = plot.series.map((s) => runs({ ...s, x: s.x.map(lx), y: s.y.map(ly) }));
  const xs = all.flat(2).map((p) => p[0]);
  const ys = all.flat(2).map((p) => p[1]);
  const range = (v: number[]) =>
    v.length ? v.reduce(([a, b], t) => [Math.min(a, t), Math.max(b, t)], [v[0], v[0]]) : [0, 1];
  const [x0, x1] = range(xs);
  const [y0, y1] = range(ys);
  const ax = plot.logX ? logAxis(x0, x1) : niceAxis(x0, x1, 6);
  const ay = clearFlat(plot.logY ? logAxis(y0, y1) : niceAxis(y0, y1, 5), all);
  const label = (on: boolean | undefined, t: number, step: number) =>
    on ? decadeLabel(t) : formatTick(t, step);
  const yLabels = ay.ticks.map((t) => label(plot.logY, t, ay.step));
  const LEFT = leftMargin(yLabels.map((l) => l.replace(/<[^>]*>/g, "")));
  const plotW = WIDTH - LEFT - RIGHT;
  const px = (x: number) => LEFT + ((x - ax.lo) / (ax.hi - ax.lo)) * plotW;
  const py = (y: number) => TOP + PLOT_HEIGHT - ((y - ay.lo) / (ay.hi - ay.lo)) * PLOT_HEIGHT;
  const rows = legendRows(
    plot.series.map((s) => s.name),
    LEFT,
  );
  const legendTop = TOP + PLOT_HEIGHT + BOTTOM;
  const height = legendTop + rows.length * LEGEND_ROW + 4;
  const bottom = TOP + PLOT_HEIGHT;
  const out: string[] = [];
  out.push(
    `<svg class="plot" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escapeHtml(plot.title)}</title>`,
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600">${escapeHtml(plot.title)}</text>`,
  );
  for (const t of ax.ticks) {
    const x = f2(px(t));
    out.push(
      `<line x1="${x}" y1="${TOP}" x2="${x}" y2="${bottom}" stroke="#e4e4e4"/>`,
      `<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 5}" stroke="#333"/>`,
      `<text x="${x}" y="${bottom + 18}" text-anchor="middle">${label(plot.logX, t, ax.step)}</text>`,
    );
  }
  ay.ticks.forEach((t, k) => {
    const y = f2(py(t));
    out.push(
      `<line x1="${LEFT}" y1="${y}" x2="${WIDTH - RIGHT}" y2="${y}" stroke="#e4e4e4"/>`,
      `<line x1="${LEFT - 5}" y1="${y}" x2="${LEFT}" y2="${y}" stroke="#333"/>`,
      `<text x="${LEFT - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${yLabels[k]}</text>`,
    );
  });
  out.push(
    `<rect x="${LEFT}" y="${TOP}" width="${plotW}" height="${PLOT_HEIGHT}" fill="none" stroke="#333"/>`,
    `<text x="${f2(LEFT + plotW / 2)}" y="${bottom + 38}" text-anchor="middle">${escapeHtml(plot.xLabel)}</text>`,
    `<text transform="translate(14 ${f2(TOP + PLOT_HEIGHT / 2)}) rotate(-90)" text-anchor="middle" dominant-baseline="middle">${escapeHtml(plot.yLabel)}</text>`,
  );
  all.forEach((seriesRuns, i) => {
    if (plot.series[i].points) {
      for (const [x, y] of seriesRuns.flat())
        out.push(
          `<circle class="series" data-series="${i}" cx="${f2(px(x))}" cy="${f2(py(y))}" r="3" fill="#${seriesColour(numbers[i])}"/>`,
        );
      return;
    }
    for (const run of seriesRuns) {
      const pts = decimate(run.map(([x, y]) => [px(x), py(y)]));
      const text = pts.map(([x, y]) => `${f2(x)},${f2(y)}`).join(" ");
      out.push(
        `<polyline class="series" data-series="${i}" fill="none" stroke-width="1.6" stroke-linejoin="round" ${stroke(numbers[i])} points="${text}"/>`,
      );
    }
  });
  rows.forEach((row, r) => {
    const y = legendTop + r * LEGEND_ROW + LEGEND_ROW / 2;
    for (const e of row) {
      out.push(
        plot.series[e.i].points
          ? `<circle cx="${e.x + 14}" cy="${y}" r="3.5" fill="#${seriesColour(numbers[e.i])}"/>`
          : `<line x1="${e.x}" y1="${y}" x2="${e.x + 28}" y2="${y}" stroke-width="2.4" ${stroke(numbers[e.i])}/>`,
        `<text x="${e.x + 34}" y="${y}" dominant-baseline="middle">${escapeHtml(e.name)}</text>`,
      );
    }
  });
  out.push("</svg>");
  return out.join("\n");
}
