/**
 * The in-memory form of a derivation file (`derivations/*.yaml`): what system to derive, in which
 * variables, with which constants. Produced by {@link ./load.ts}; the Lagrangian is kept as text and
 * parsed by the caller.
 */

/** A named constant of the system (mass, length, coupling…). */
export interface ParameterSpec {
  /** Identifier as it appears in the Lagrangian, e.g. `m`. */
  name: string;
  /** What the constant is, with units where meaningful, e.g. "mass of the bob (kg)". */
  description: string;
  /** A sensible numeric value, used for numeric checks and demos; optional. */
  value?: number;
}

/** One derivation file, validated. */
export interface DerivationSpec {
  /** Path it was loaded from (or the label given to `parseSpec`). */
  file?: string;
  /** Human name, e.g. "Double pendulum". */
  name: string;
  /** One to three sentences saying what the system is. */
  description: string;
  /**
   * The independent variable of a mechanical system (default `"t"`). For a field theory, the first
   * of `variables`.
   */
  time: string;
  /** Generalized coordinates (mechanics). For fields: the field names. */
  coordinates: string[];
  /** Fields only: the independent variables, e.g. `["t", "x"]`. Absent for mechanics. */
  variables?: string[];
  /** Constants, in file order; a value is optional. */
  parameters: ParameterSpec[];
  /** Symbols assumed positive (`assume: {positive: [m, c]}`); checked against L by the caller. */
  assume?: { positive: string[] };
  /** The Lagrangian (or Lagrangian density) in the input syntax, parsed by the caller. */
  lagrangian: string;
  /**
   * Offset (a JS string index into `source`) of the first character of `lagrangian`, recorded only
   * when the text maps one-to-one onto the file: `lagrangian[i]` is `source[lagrangianPosition + i]`
   * for every character up to the end of the (right-trimmed) text. That holds for a one-line plain or
   * quoted scalar without escapes and for a one-line block scalar; otherwise it is omitted. A parse
   * error at offset `k` of `lagrangian` is therefore at `lagrangianPosition + k` in `source`.
   */
  lagrangianPosition?: number;
  /** The file text (for caret errors). */
  source?: string;
  /** Noether symmetries to prove: generators given, and/or an automatic search (symmetries.ts). */
  symmetries?: SymmetriesSpec;
  /** Claims about the derived equations to verify (raw data: a mapping or list). */
  claims?: unknown;
  /** The integrator of the `discretisation:` section (scheme and step), see update.ts. */
  discretisation?: DiscretisationSpec;
  /** An update-rule file (`update:` section, no Lagrangian of its own): see update.ts. */
  update?: UpdateSpec;
  /** Code-generation settings (raw data: a mapping or list). */
  compile?: unknown;
  /** Plots of the document: an initial state integrated over a time span (plot.ts). */
  plot?: PlotSpec;
}

/** `plot: {initial: {x: 1, x': 0}, duration: 10, step: 0.01}`: every coordinate and velocity set. */
export interface PlotSpec {
  readonly initial: Readonly<Record<string, number>>;
  readonly duration: number;
  readonly step: number;
}

/** One generator of a `symmetries:` section: each component as text with its offset in the file. */
export interface GeneratorSpec {
  name: string;
  components: {
    /** The key as written: the time (ξ), a coordinate (η), B or gauge. */
    key: string;
    role: "xi" | "eta" | "gauge";
    text: string;
    /** Offset of `text` in the file, when it maps one-to-one (for parse errors). */
    position?: number;
  }[];
}

/** The `symmetries:` section: generators given and/or an automatic search of a degree. */
export interface SymmetriesSpec {
  auto?: { degree: number };
  given: GeneratorSpec[];
}

/** An expression as written in the file, with its offset there when it maps one-to-one. */
export interface TextSpec {
  readonly text: string;
  readonly position?: number;
}

/** `discretisation: {scheme: stormer-verlet, step: h, value: 0.01}` of a mechanical system. */
export interface DiscretisationSpec {
  readonly scheme: string;
  /** The step-size symbol (default `h`); `value` its default in the compiled integrator. */
  readonly step: string;
  readonly value?: number;
}

/** A hyperparameter as declared: default (null: required), torch tuple grouping. */
export interface HyperSpec {
  readonly name: string;
  readonly default: number | boolean | null;
  readonly description?: string;
  readonly torch?: { readonly tuple: string; readonly index: number };
}

/** One stage of a step: make the sub-action `stationary` in the new values `unknowns` (x[k]). */
export interface StageSpec {
  readonly stationary: TextSpec;
  readonly unknowns: readonly string[];
}

/** A variant of an update rule and how it is derived. */
export interface VariantSpec {
  readonly name: string;
  readonly when: readonly ({ hyper: string; is: boolean } | { hyper: string; zero: boolean })[];
  /** Sub-actions made stationary in turn. */
  readonly steps?: readonly StageSpec[];
  /** Or: a continuous Lagrangian in the parameter, discretised, then a change of variables. */
  readonly continuous?: {
    readonly lagrangian: TextSpec;
    readonly scheme: string;
    readonly step: string;
    readonly change: readonly { readonly name: string; readonly value: TextSpec }[];
  };
  /** Hyperparameters refused with this message (torch's own checks), instead of a derivation. */
  readonly refuse?: string;
  /** The first step's rule where it differs (torch's buffers created from the first gradient). */
  readonly first?: readonly { readonly target: string; readonly value: TextSpec }[];
}

/** The `update:` section of an optimizer file (documented in derivations/README.md). */
export interface UpdateSpec {
  readonly parameter: string;
  readonly gradient: string;
  readonly index: string;
  /** The loss whose gradient at θ[k−1] is G (default f(θ)); `f` is the caller's abstract loss. */
  readonly loss?: TextSpec;
  readonly hyperparameters: readonly HyperSpec[];
  readonly state: readonly { readonly name: string; readonly init: number }[];
  readonly variants: readonly VariantSpec[];
}
