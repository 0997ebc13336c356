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
  /** Discretisation settings (raw data: a mapping or list). */
  discretisation?: unknown;
  /** Code-generation settings (raw data: a mapping or list). */
  compile?: unknown;
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
