/**
 * Derivation records: plain JSON-able data (no class instances), so that emitters (text, LaTeX,
 * HTML, JSON), the Noether layer and the compiler can all read the same record.
 *
 * A derivation is a list of steps. Each step states one equation `lhs = rhs`, where the lhs is an
 * operation applied to earlier expressions (a partial derivative, a total derivative, a sum of
 * earlier results, a linear solve …), names the rule that justifies it by a stable id, and carries
 * the record of the numeric check that was run when the step was recorded.
 */
import type { Expr } from "../expr/types.js";
import type { LegendreBranch } from "../variational/branch.js";
import type { MassMatrixForm } from "../variational/mass-legendre.js";
import type { System } from "../variational/types.js";

/** Stable rule ids: emitters key their wording on these (see rules.ts). */
export type RuleId =
  | "lagrangian"
  | "partial-coordinate"
  | "partial-velocity"
  | "partial-jet"
  | "total-derivative"
  | "euler-lagrange"
  | "mass-matrix"
  | "singular-hessian"
  | "solve-accelerations"
  | "momentum"
  | "solve-velocities"
  | "energy"
  | "legendre"
  | "hamilton-equations"
  | "simplify"
  | "symmetry-residual"
  | "symmetry-condition"
  | "noether-charge"
  | "noether-identity"
  | "on-shell-rate"
  | "gradient-input"
  | "stationarity"
  | "solve-stationary"
  | "discretise"
  | "change-variables"
  | "first-step"
  | "derivative"
  | "substitute";

/**
 * An expression in a step's operation, or a reference to the right-hand side of an earlier step
 * (`{ step: 1 }` is the Lagrangian of step 1): records refer back instead of repeating, so they
 * grow linearly with the work.
 */
export type Ref = Expr | { readonly step: number };

/** The left-hand side of a step's equation: what was computed, from what. */
export type Operation =
  | { readonly op: "given"; readonly expr: Ref }
  /**
   * `of` on solutions: the unknowns (accelerations) set to the solved ones, or to the numeric
   * solution of M·a = F (`by` says which), or E_i(L) = 0 in the Noether identity.
   */
  | {
      readonly op: "on-shell";
      readonly of: Ref;
      readonly unknowns: readonly string[];
      readonly by: "accelerations" | "mass-matrix" | "identity";
    }
  /** `of` (usually an earlier step's result) simplified by the tidy rules named in `rules`. */
  | { readonly op: "simplify"; readonly of: Ref; readonly rules: readonly string[] }
  /** ∂(of)/∂(wrt), or its negative when `sign` is −1 (Hamilton's p' = −∂H/∂q infer it instead). */
  | { readonly op: "partial"; readonly of: Ref; readonly wrt: string; readonly sign?: -1 }
  /**
   * The unknowns that make `of` (a sub-action, or the residuals of equations when `equations` is
   * set) stationary: u = u₀ − A⁻¹·∇S(u₀) with A = ∇²S free of u, exact for S quadratic in u.
   */
  | {
      readonly op: "stationary";
      readonly of: readonly Ref[];
      readonly unknowns: readonly string[];
      readonly unknown: string;
      readonly equations?: true;
    }
  /** `of` with each symbol keyed in `with` replaced by its expression. */
  | { readonly op: "substitute"; readonly of: Ref; readonly with: Readonly<Record<string, Ref>> }
  | { readonly op: "total"; readonly of: Ref; readonly wrt: string }
  /** A linear combination Σ coefficient·term of earlier results (Euler operator, energy …). */
  | { readonly op: "combine"; readonly expr: Ref }
  /** The component `unknown` of the solution of M·a = F. */
  | {
      readonly op: "solve";
      readonly matrix: readonly (readonly Ref[])[];
      readonly rhs: readonly Ref[];
      readonly unknowns: readonly string[];
      readonly unknown: string;
    }
  /**
   * M_ij = −∂E_i/∂a_j, F_i = E_i|a=0: the residual E = F − M·a rewritten; `row` holds the nonzero
   * M_ij keyed by the unknown a_j (sparse: an unknown not listed has M_ij = 0).
   */
  | {
      readonly op: "mass-matrix";
      readonly residual: Ref;
      readonly row: Readonly<Record<string, Ref>>;
    }
  /**
   * `of`, affine in the symbols keyed in `coefficients`, rewritten as (of at those symbols = 0) +
   * Σ coefficient·symbol (a momentum p_i = b_i + Σ_j M_ij q_j'; zero coefficients left out).
   */
  | {
      readonly op: "affine";
      readonly of: Ref;
      readonly coefficients: Readonly<Record<string, Ref>>;
    }
  /**
   * H = Σ p·v − L with the velocities v(q, p) substituted; in the mass-matrix form, `velocities`
   * is empty and `massMatrix` says that v solves M·v = p − b.
   */
  | {
      readonly op: "legendre";
      readonly lagrangian: Ref;
      readonly momenta: Readonly<Record<string, Ref>>;
      readonly velocities: Readonly<Record<string, Ref>>;
      readonly momentumSymbols: Readonly<Record<string, string>>;
      readonly massMatrix?: {
        readonly matrix: readonly (readonly Ref[])[];
        readonly b: readonly Ref[];
        readonly unknowns: readonly string[];
      };
    };

/** How a step was verified. */
export interface CheckRecord {
  /** "evaluation": both sides at random points; "dual": forward-mode derivative at random points. */
  readonly method: "evaluation" | "dual" | "linear-solve" | "determinant";
  readonly points: number;
  readonly seed: number;
  readonly rtol: number;
  readonly passed: true;
}

export interface Step {
  /** 1-based position in the derivation. */
  readonly n: number;
  readonly rule: RuleId;
  /** A label for the derived quantity, e.g. "∂L/∂x'" or "E_x". */
  readonly label: string;
  readonly justification: string;
  readonly lhs: Operation;
  readonly rhs: Expr;
  /** Steps whose results this one uses. */
  readonly uses: readonly number[];
  readonly check: CheckRecord;
}

/** The system derived, with its human name and description when it came from a file. */
export interface SystemRecord extends System {
  readonly name?: string;
  readonly description?: string;
}

export interface Derivation {
  readonly system: SystemRecord;
  readonly equations: readonly {
    readonly coordinate: string;
    readonly residual: Expr;
    readonly step: number;
  }[];
  readonly momenta: readonly {
    readonly coordinate: string;
    readonly conjugateTo: string;
    readonly value: Expr;
    readonly step: number;
  }[];
  readonly energy: Expr;
  readonly hamiltonian: {
    readonly value: Expr;
    readonly momentumSymbols: Readonly<Record<string, string>>;
    readonly velocities: Readonly<Record<string, Expr>>;
    /**
     * lhs = rhs; `coordinate` is the canonical coordinate of the pair (x; x, x', … for an
     * Ostrogradsky Hamiltonian), `kind` says whether it is Q' = ∂H/∂P or P' = −∂H/∂Q.
     */
    readonly equations: readonly {
      readonly lhs: string;
      readonly rhs: Expr;
      readonly coordinate: string;
      readonly kind: "velocity" | "force";
    }[];
    /** Parameters assumed positive when solving the velocities. */
    readonly positive: readonly string[];
    /** The branch of a Legendre map that is not affine (null or absent: one-to-one, affine). */
    readonly branch?: LegendreBranch | null;
    /**
     * The mass-matrix form (../variational/mass-legendre.ts): H = ½(p − b)·q' − L₀ where the
     * velocity symbols q' (in `value` and in the equations) stand for the solution of
     * M·q' = p − b; `velocities` is then empty. Null or absent: H is explicit.
     */
    readonly massMatrix?: MassMatrixForm | null;
  } | null;
  readonly motion: {
    /** "implicit": an equation contains a derivative of its unknown (u_ttxx of u_tt). */
    readonly kind: "solved" | "mass-matrix" | "singular" | "nonlinear" | "implicit";
    readonly unknowns: readonly string[];
    readonly massMatrix: readonly (readonly Expr[])[] | null;
    readonly forcing: readonly Expr[] | null;
    readonly accelerations: Readonly<Record<string, Expr>> | null;
  };
  /** Honest notes: what was not derived and why (singular Hessian, size limits …). */
  readonly notes: readonly string[];
  readonly steps: readonly Step[];
  /** Results compared with an independent route (see cross.ts); all passed, or no record. */
  readonly crossChecks: readonly CrossCheck[];
  /** Noether charges, when asked for (a derivation file's `symmetries:` section). */
  readonly noether?: NoetherRecord;
  /** The integrator of a derivation file's `discretisation:` section, derived and checked. */
  readonly update?: UpdateRule;
}

/**
 * One Noether charge of a generator v = ξ∂_t + Σ η_i∂_{q_i} with gauge term B (see
 * ../variational/noether.ts): Q = Σ ∂L/∂q_i'·(η_i − q_i'ξ) + Lξ − B and its rate on solutions
 * D_tQ = R = pr v(L) + L·D_tξ − D_tB (zero for a conserved charge), each with its own proof.
 */
export interface ChargeRecord {
  readonly name: string;
  /** ξ, η (keyed by coordinate) and B. */
  readonly generator: {
    readonly xi: Expr;
    readonly eta: Readonly<Record<string, Expr>>;
    readonly gauge: Expr;
  };
  readonly expression: Expr;
  /**
   * Fields (../variational/noether-field.ts): ξ^μ and B^μ keyed by variable (`generator` then holds
   * the first variable's ξ and B), and the current J^μ (`expression` is J^t); the rate is Σ D_μJ^μ.
   */
  readonly field?: {
    readonly xi: Readonly<Record<string, Expr>>;
    readonly gauge: Readonly<Record<string, Expr>>;
  };
  readonly current?: Readonly<Record<string, Expr>>;
  /** D_tQ on solutions: 0 when conserved, the symmetry residual R otherwise. */
  readonly rate: Expr;
  readonly conserved: boolean;
  /** The proof, numbered from 1 within the charge. */
  readonly steps: readonly Step[];
  /** Q(T) − Q(0) = ∫R dt along numerically integrated solutions (see noether-cross.ts). */
  readonly crossChecks: readonly CrossCheck[];
}

export interface NoetherRecord {
  readonly conserved: readonly ChargeRecord[];
  readonly broken: readonly ChargeRecord[];
  readonly notes: readonly string[];
}

/**
 * A cross-route check: a claim about the results, checked by comparing two routes to the same
 * quantity at random points (e.g. Hamilton's p' = −∂H/∂q against D_t(∂L/∂q') + E_q(L)).
 */
export interface CrossCheck {
  /** Stable id: "hamilton-velocity:x", "hamilton-force:x", "energy", "accelerations:x". */
  readonly id: string;
  readonly claim: string;
  /** The two routes compared. */
  readonly routes: readonly [string, string];
  /** "dual" when one route differentiates by forward-mode AD. */
  readonly method: "evaluation" | "dual";
  /** Number of random points at which the routes agreed. */
  readonly points: number;
  readonly seed: number;
  readonly rtol: number;
  readonly passed: true;
}

// ---------------------------------------------------------------------------------------------
// Update rules (discrete mechanics, optimizers, integrators): see ../variational/discrete.ts.

/** A hyperparameter of a compiled update: an optimizer's lr, betas…, an integrator's h and constants. */
export interface Hyperparameter {
  readonly name: string;
  readonly type: "number" | "boolean";
  /** torch's default; null when there is none (SGD's lr, an integrator's step h). */
  readonly default: number | boolean | null;
  readonly description?: string;
  /** Grouped into a tuple in torch's constructor: `betas=(beta1, beta2)` is {tuple: "betas", index}. */
  readonly torch?: { readonly tuple: string; readonly index: number };
}

/** A state variable: per element for an optimizer (m, v, the momentum buffer), scalar for an integrator. */
export interface StateVariable {
  readonly name: string;
  /** Initial value of every element (optimizers); integrators take theirs from `init(state0)`. */
  readonly init: number;
  readonly description?: string;
}

/** `target = value`, evaluated in order; values read the current values of everything named. */
export interface Assignment {
  readonly target: string;
  readonly value: Expr;
  /** A temporary of the step (not state): the effective gradient G, a new position before it is kept. */
  readonly local?: true;
}

/** Which hyperparameter values select a variant: a boolean's value, or a number zero or not. */
export type Condition =
  | { readonly hyper: string; readonly is: boolean }
  | { readonly hyper: string; readonly zero: boolean };

/** One variant of an update rule (RMSprop centered, SGD with Nesterov momentum …), with its proof. */
export interface UpdateVariant {
  readonly name: string;
  /** All must hold; the first variant whose conditions hold is the one used. */
  readonly when: readonly Condition[];
  /**
   * Per-step scalars: subexpressions of the assignments that depend only on hyperparameters and the
   * step number (bias corrections, step sizes), computed once per step; assignments refer to them.
   */
  readonly scalars: readonly Assignment[];
  /** Replaces `assignments` on the first step (torch's conventions, e.g. buf = g); null if none. */
  readonly first: readonly Assignment[] | null;
  /** The per-element assignments (optimizers) or the whole step (integrators), in order. */
  readonly assignments: readonly Assignment[];
  readonly steps: readonly Step[];
  readonly notes: readonly string[];
  /** The assignments run against the proved equations (update-cross.ts). */
  readonly crossChecks?: readonly CrossCheck[];
  /**
   * Hyperparameters that torch refuses (Nesterov without momentum): choosing this variant is an
   * error with this message, and the variant has no assignments.
   */
  readonly refuse?: string;
}

/**
 * A derived update rule, ready to compile: for an optimizer, per element
 * `parameter`, `gradient` and the state; for an integrator, the coordinates and velocities (state)
 * advanced by the step size `h` with the system's constants as hyperparameters.
 */
export interface UpdateRule {
  readonly kind: "optimizer" | "integrator";
  /** Human name, e.g. "Adam"; the torch class is named after it. */
  readonly name: string;
  /** The step number symbol (1 on the first step). */
  readonly index: string;
  /** Optimizers: the parameter θ and the gradient input g = ∇f(θ) of the caller. */
  readonly parameter?: string;
  readonly gradient?: string;
  /** Integrators: the time symbol (t = (k − 1)·h at the start of step k) and the scheme. */
  readonly time?: string;
  readonly scheme?: string;
  readonly hyperparameters: readonly Hyperparameter[];
  readonly state: readonly StateVariable[];
  readonly variants: readonly UpdateVariant[];
}

/** A derivation file's update section derived: the rule and its notes. */
export interface UpdateRecord {
  readonly system: { readonly name: string; readonly description?: string; readonly file?: string };
  readonly rule: UpdateRule;
  readonly notes: readonly string[];
}

/** A curve of a plot: x and y values of equal length. */
export interface Series {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** Drawn as marks without a line (Monte Carlo estimates, isolated values). */
  readonly points?: boolean;
  /**
   * The curve's identity across the plots of its section: series with the same key have the same
   * colour in every plot of the section (plot-colours.ts). Default: the series' position in its plot.
   */
  readonly key?: string;
}

/**
 * A plot as plain data: a trajectory, an energy, a charge over time, a claim's figure (v(t), the
 * error against n) — computed numerically, the method stated in the caption. Documents draw it
 * (src/emit); claim checkers compute it (src/verify).
 */
export interface Plot {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** How it was computed (`RK4 with step h = 0.01 from …`), shown under the plot. */
  readonly caption: string;
  /** Logarithmic axes (values ≤ 0 are left out). */
  readonly logX?: boolean;
  readonly logY?: boolean;
}
