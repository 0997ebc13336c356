/**
 * The `plot:` section of a mechanical derivation file: an initial state and a time span over which
 * the equations of motion are integrated for the document's plots,
 *
 *   plot: { initial: { th: 0.5, th': 0 }, duration: 10, step: 0.01 }
 *
 * `initial` gives each coordinate q and its velocity q' (a missing one is 0); `step` is the RK4
 * step (default duration/1000); at most 10⁶ steps.
 */
import { isMap, isScalar } from "yaml";
import type { SectionReader } from "./symmetries.js";
import type { PlotSpec } from "./types.js";

const KEYS = ["initial", "duration", "step"];
/** The most integration steps a plot may ask for. */
export const MAX_PLOT_STEPS = 1_000_000;

function positive(r: SectionReader, field: string, node: unknown): number {
  const n = r.resolve(node);
  if (!isScalar(n) || typeof n.value !== "number" || !Number.isFinite(n.value) || n.value <= 0)
    r.fail(field, "must be a positive number", n);
  return n.value as number;
}

/** Read `plot:` for a system with these coordinates (a field theory has none: refused). */
export function readPlot(
  r: SectionReader,
  node: unknown,
  coordinates: readonly string[] | null,
): PlotSpec {
  const n = r.resolve(node);
  if (!isMap(n))
    r.fail(
      "plot",
      "must be a mapping such as {initial: {x: 1, x': 0}, duration: 10, step: 0.01}",
      n,
    );
  if (!coordinates) r.fail("plot", "is for mechanical systems (coordinates), not fields", n);
  let initial: Record<string, number> | undefined;
  let duration: number | undefined;
  let step: number | undefined;
  for (const pair of n.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "?";
    if (key === "duration") duration = positive(r, "plot.duration", pair.value);
    else if (key === "step") step = positive(r, "plot.step", pair.value);
    else if (key === "initial") {
      const m = r.resolve(pair.value);
      if (!isMap(m))
        r.fail("plot.initial", "must be a mapping such as {x: 1, x': 0}", m ?? pair.key);
      const allowed = coordinates.flatMap((q) => [q, `${q}'`]);
      initial = Object.fromEntries(allowed.map((k) => [k, 0]));
      for (const e of m.items) {
        const k = isScalar(e.key) ? String(e.key.value) : "?";
        if (!allowed.includes(k))
          r.fail("plot.initial", `has unknown key '${k}' (allowed: ${allowed.join(", ")})`, e.key);
        const v = r.resolve(e.value);
        if (!isScalar(v) || typeof v.value !== "number" || !Number.isFinite(v.value))
          r.fail(`plot.initial.${k}`, "must be a finite number", v ?? e.key);
        initial[k] = v.value as number;
      }
    } else r.fail("plot", `has unknown key '${key}' (allowed: ${KEYS.join(", ")})`, pair.key);
  }
  if (!initial) r.fail("plot.initial", "is required (the initial coordinates and velocities)", n);
  if (duration === undefined) r.fail("plot.duration", "is required (the time span)", n);
  const h = step ?? duration / 1000;
  if (duration / h > MAX_PLOT_STEPS)
    r.fail("plot", `asks for ${Math.ceil(duration / h)} steps (at most ${MAX_PLOT_STEPS})`, n);
  return { initial, duration, step: h };
}
