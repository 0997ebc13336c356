/**
 * A fixed-step integrator for the numeric cross checks: the classical fourth-order Runge–Kutta
 * method for y' = f(t, y),
 *
 *   k1 = f(t, y), k2 = f(t + h/2, y + h/2·k1), k3 = f(t + h/2, y + h/2·k2), k4 = f(t + h, y + h·k3),
 *   y(t + h) ≈ y + h/6·(k1 + 2k2 + 2k3 + k4),
 *
 * with a global error O(h⁴) on a smooth problem.
 */

/** y(t0 + span) from y(t0) = y0 in `steps` RK4 steps (NaN entries once f leaves its domain). */
export function rk4(
  f: (t: number, y: readonly number[]) => number[],
  t0: number,
  y0: readonly number[],
  span: number,
  steps: number,
): number[] {
  const h = span / steps;
  let y = [...y0];
  const at = (base: readonly number[], k: readonly number[], c: number) =>
    base.map((v, i) => v + c * k[i]);
  for (let s = 0; s < steps; s++) {
    const t = t0 + s * h;
    const k1 = f(t, y);
    const k2 = f(t + h / 2, at(y, k1, h / 2));
    const k3 = f(t + h / 2, at(y, k2, h / 2));
    const k4 = f(t + h, at(y, k3, h));
    y = y.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
    if (y.some((v) => !Number.isFinite(v))) return y;
  }
  return y;
}
