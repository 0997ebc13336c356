/**
 * Types of the variational layer: a Lagrangian system on a jet space.
 *
 * Mechanics: one independent variable (the time, default t), coordinates q_i, jet symbols
 * q_i, q_i', q_i'', …. Fields: several independent variables (single letters, e.g. t, x), fields
 * u, jet symbols u, u_t, u_x, u_tt, u_tx, … (letters in the declared order of the variables).
 */
import type { Expr } from "../expr/types.js";

export interface System {
  readonly kind: "mechanics" | "field";
  readonly lagrangian: Expr;
  /** Coordinates (mechanics) or fields. */
  readonly coordinates: readonly string[];
  /** Independent variables; mechanics has exactly one, the time. */
  readonly variables: readonly string[];
  /** Every other symbol of the Lagrangian: constants. */
  readonly parameters: readonly string[];
  /** Highest derivative order of any coordinate in the Lagrangian (1 for ordinary mechanics). */
  readonly order: number;
  /** Declared assumptions (./assumptions.ts); every symbol is real. */
  readonly assumptions?: Assumptions;
}

/** What the user declared about the symbols: those assumed positive (e.g. m, c > 0). */
export interface Assumptions {
  readonly positive: readonly string[];
}

/** A jet symbol decoded: coordinate (or field) and multi-index of derivative orders per variable. */
export interface JetVar {
  readonly coordinate: string;
  readonly alpha: readonly number[];
}

/**
 * An infinitesimal point transformation v = ξ(t, q)·∂_t + Σ_i η_i(t, q)·∂_{q_i} with a gauge term
 * B(t, q) (mechanics; zero ξ and B by default). For fields, `xi` has one entry per independent
 * variable and `gauge` is a vector too (see noether.ts).
 */
export interface Generator {
  /** ξ: the component along the time (mechanics). */
  readonly xi: Expr;
  /** η_i for each coordinate (missing coordinates: 0). */
  readonly eta: Readonly<Record<string, Expr>>;
  /** B: the gauge term of a divergence symmetry. */
  readonly gauge: Expr;
}
