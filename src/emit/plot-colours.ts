/**
 * The colours of plot series, shared by the SVG plots of the HTML (html-plot.ts) and the pgfplots
 * of the LaTeX (tex.ts), so that a curve has the same colour in both: series number i is drawn in
 * colour i mod 7 of a colour-blind-safe palette, dashed after the seventh (dash ⌊i/7⌋ mod 4).
 *
 * Within a section, a series with a `key` (Series.key) gets the number of its key among the keys of
 * the section's plots, in order of first appearance, so the same curve (the truth q = 0.9 of a
 * checker) has the same colour in every plot of the section; a series without one gets K + its
 * position in its plot (K = the number of keys), i.e. its position when no series has a key.
 */
import type { Plot } from "./types.js";

/** Okabe–Ito colours (without yellow, weak on white), as hex RGB. */
export const SERIES_COLOURS = [
  "0072B2",
  "D55E00",
  "009E73",
  "CC79A7",
  "E69F00",
  "56B4E9",
  "000000",
];

/** Dash patterns as SVG stroke-dasharray lengths (px); "" is solid. */
export const SERIES_DASHES = ["", "7 4", "2 3", "9 3 2 3"];

/** The colour (hex RGB) of series number i. */
export const seriesColour = (i: number): string => SERIES_COLOURS[i % SERIES_COLOURS.length];

/** The dash pattern (SVG lengths, "" for solid) of series number i. */
export const seriesDash = (i: number): string =>
  SERIES_DASHES[Math.floor(i / SERIES_COLOURS.length) % SERIES_DASHES.length];

/**
 * The series numbers of a section's plots (see the file comment): result[p][s] for series s of
 * plot p; equal keys get equal numbers, different keys different ones.
 */
export function seriesNumbers(plots: readonly Plot[]): number[][] {
  const keys = new Map<string, number>();
  for (const p of plots)
    for (const s of p.series)
      if (s.key !== undefined && !keys.has(s.key)) keys.set(s.key, keys.size);
  return plots.map((p) =>
    p.series.map((s, i) => (s.key !== undefined ? keys.get(s.key)! : keys.size + i)),
  );
}
