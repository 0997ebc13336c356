/**
 * Discrete mechanics and update rules: values at steps are indexed symbols (`x[k]`, `x[k-1]`, see
 * ../expr/syntax/parse.ts), the new values of a step are found by making a discrete action
 * stationary, and the result is lowered to ordered assignments `x = value` that read the current
 * values (../proof/types.ts `UpdateRule`).
 *
 * Stationarity. For a sub-action S quadratic in the unknowns u (or equations E linear in u),
 *
 *   ∇S(u) = ∇S(u₀) + A·(u − u₀),   A = ∇²S  (free of u)   ⇒   u = u₀ − A⁻¹·∇S(u₀),
 *
 * one exact Newton step from u₀, taken as the previous values u[k−1] so that the answer reads as an
 * update (θ[k] = θ[k−1] − lr·m̂/(√v̂ + ε)). When A depends on u the condition is implicit and is
 * reported, naming the equation.
 *
 * Discrete Euler–Lagrange equations (MATH.md §3): for a discrete Lagrangian L_d(q_a, q_b) the
 * action Σ L_d(q_j, q_{j+1}) is stationary in the interior point q[k−1] when
 *
 *   D₂L_d(q[k−2], q[k−1]) + D₁L_d(q[k−1], q[k]) = 0,
 *
 * i.e. ∂/∂q[k−1] of L_d(q[k−2], q[k−1]) + L_d(q[k−1], q[k]), solved for q[k].
 */
import { differentiate, freeOf, negate, replace, solveLinear, sum, tidy } from "../expr/algebra.js";
import { mul, num, pow, size, sym, type Expr } from "../expr/types.js";

/** `x[k+offset]` for a base name and an index symbol. */
export function indexed(base: string, index: string, offset: number): string {
  return `${base}[${index}${offset === 0 ? "" : offset > 0 ? `+${offset}` : offset}]`;
}

/** The parts of an indexed name, or null for a plain one. */
export function splitIndexed(
  name: string,
): { readonly base: string; readonly index: string; readonly offset: number } | null {
  const m = /^([A-Za-z][A-Za-z0-9_]*)\[([A-Za-z][A-Za-z0-9_]*)([+-]\d+)?\]$/.exec(name);
  return m ? { base: m[1], index: m[2], offset: Number(m[3] ?? 0) } : null;
}

export type Stationary =
  | {
      readonly kind: "solved";
      /** The unknowns' new values, in order. */
      readonly values: readonly Expr[];
      /** A = ∂E_i/∂u_j and E(u₀), the equations at the starting point. */
      readonly matrix: readonly (readonly Expr[])[];
      readonly atStart: readonly Expr[];
    }
  | { readonly kind: "implicit"; readonly equation: number; readonly unknown: string }
  | { readonly kind: "singular" };

/**
 * Solve E_i(u) = 0 (i = 1..n), affine in the unknowns u: u = u₀ − A⁻¹·E(u₀) with A_ij = ∂E_i/∂u_j.
 * `start` gives u₀ (previous values, or 0). Returns `implicit` naming the first equation whose
 * coefficient depends on an unknown, `singular` when A is singular.
 */
export function solveAffine(
  equations: readonly Expr[],
  unknowns: readonly string[],
  start: readonly Expr[],
): Stationary {
  const matrix: Expr[][] = [];
  for (let i = 0; i < equations.length; i++) {
    const row: Expr[] = [];
    for (const u of unknowns) {
      const a = differentiate(equations[i], u);
      const free = freeOf(a);
      const bad = unknowns.find((w) => free.has(w));
      if (bad !== undefined) return { kind: "implicit", equation: i, unknown: bad };
      row.push(a);
    }
    matrix.push(row);
  }
  const at = new Map(unknowns.map((u, j) => [u, start[j]]));
  const atStart = equations.map((e) => replace(e, at));
  const solution = solveLinear(matrix, atStart);
  if (solution.kind !== "solved") return { kind: "singular" };
  const values = unknowns.map((_, j) => {
    const raw = sum(start[j], negate(solution.x[j]));
    const tidied = tidy(raw).expr;
    return size(tidied) < size(raw) ? tidied : raw;
  });
  return { kind: "solved", values, matrix, atStart };
}

/** A discretisation of continuous Euler–Lagrange equations (MATH.md §3). */
export type Scheme = "explicit-euler" | "symplectic-euler" | "stormer-verlet" | "midpoint";
export const SCHEMES: readonly Scheme[] = [
  "explicit-euler",
  "symplectic-euler",
  "stormer-verlet",
  "midpoint",
];

/** What a scheme needs of the system: coordinates, their velocity symbols, time and step. */
export interface SchemeInput {
  readonly coordinates: readonly string[];
  /** The jet symbol of each coordinate's velocity (`x'`). */
  readonly velocityOf: (q: string) => string;
  /** The state name the scheme uses for each velocity (`v_x`). */
  readonly velocityName: (q: string) => string;
  readonly time: string;
  readonly step: string;
  readonly index: string;
}

/**
 * The one-step equations of an explicit scheme on solved accelerations a_i(q, q', t), as
 * `[new value symbol, value]` in order, new values of earlier lines read by later ones:
 *
 * - explicit Euler: q[k] = q[k−1] + h·v[k−1],  v[k] = v[k−1] + h·a(q[k−1], v[k−1], t[k−1]);
 * - symplectic Euler: v[k] = v[k−1] + h·a(q[k−1], v[k−1], t[k−1]),  q[k] = q[k−1] + h·v[k]
 *   (the symplectic Euler method of H = ½pᵀM⁻¹p + V when L = ½q'ᵀMq' − V(q) with constant M);
 *
 * with t[k−1] = (k − 1)·h.
 */
export function explicitScheme(
  scheme: "explicit-euler" | "symplectic-euler",
  input: SchemeInput,
  accelerations: Readonly<Record<string, Expr>>,
): readonly (readonly [string, Expr])[] {
  const { coordinates, index: k, step } = input;
  const h = sym(step);
  const old = new Map<string, Expr>([
    [input.time, mul(sum(sym(k), num(-1)), h)],
    ...coordinates.flatMap((q) => [
      [q, sym(indexed(q, k, -1))] as const,
      [input.velocityOf(q), sym(indexed(input.velocityName(q), k, -1))] as const,
    ]),
  ]);
  const position = (q: string, v: string): readonly [string, Expr] => [
    indexed(q, k, 0),
    sum(sym(indexed(q, k, -1)), mul(h, sym(v))),
  ];
  const velocity = (q: string): readonly [string, Expr] => {
    const v = input.velocityName(q);
    const a = replace(accelerations[q], old);
    return [indexed(v, k, 0), sum(sym(indexed(v, k, -1)), mul(h, a))];
  };
  if (scheme === "explicit-euler") {
    return [
      ...coordinates.map((q) => position(q, indexed(input.velocityName(q), k, -1))),
      ...coordinates.map(velocity),
    ];
  }
  return [
    ...coordinates.map(velocity),
    ...coordinates.map((q) => position(q, indexed(input.velocityName(q), k, 0))),
  ];
}

/**
 * The discrete Lagrangian of a variational scheme for the step from point j to j + 1, with
 * v = (q[j+1] − q[j])/h and t[j] = j·h:
 *
 * - midpoint: L_d = h·L((q[j] + q[j+1])/2, v, (t[j] + t[j+1])/2);
 * - Störmer–Verlet: L_d = h/2·(L(q[j], v, t[j]) + L(q[j+1], v, t[j+1])).
 */
export function discreteLagrangian(
  scheme: "stormer-verlet" | "midpoint",
  input: SchemeInput,
  lagrangian: Expr,
  j: number,
): Expr {
  const { coordinates, index: k, step } = input;
  const h = sym(step);
  const at = (o: number) => (q: string) => sym(indexed(q, k, o));
  const velocity = (q: string) => mul(sum(at(j + 1)(q), negate(at(j)(q))), pow(h, num(-1)));
  const time = (o: number) => mul(sum(sym(k), num(o)), h);
  const evalAt = (point: (q: string) => Expr, t: Expr): Expr =>
    replace(
      lagrangian,
      new Map<string, Expr>([
        [input.time, t],
        ...coordinates.flatMap((q) => [
          [q, point(q)] as const,
          [input.velocityOf(q), velocity(q)] as const,
        ]),
      ]),
    );
  if (scheme === "midpoint") {
    const mid = (q: string) => mul(num("1/2"), sum(at(j)(q), at(j + 1)(q)));
    return mul(h, evalAt(mid, mul(num("1/2"), sum(time(j), time(j + 1)))));
  }
  return mul(mul(num("1/2"), h), sum(evalAt(at(j), time(j)), evalAt(at(j + 1), time(j + 1))));
}

/**
 * The discrete Euler–Lagrange equations at q[k−1]: ∂/∂q_i[k−1] of
 * L_d(q[k−2], q[k−1]) + L_d(q[k−1], q[k]), one per coordinate.
 */
export function discreteEulerLagrange(
  scheme: "stormer-verlet" | "midpoint",
  input: SchemeInput,
  lagrangian: Expr,
): { readonly action: Expr; readonly equations: readonly Expr[] } {
  const action = sum(
    discreteLagrangian(scheme, input, lagrangian, -2),
    discreteLagrangian(scheme, input, lagrangian, -1),
  );
  const equations = input.coordinates.map((q) =>
    differentiate(action, indexed(q, input.index, -1)),
  );
  return { action, equations };
}
