/**
 * Names as users type them: the checks of declared names (one wording for the derivation files and
 * the command line), an edit distance for "did you mean" suggestions, and the builtin function a
 * name is one typo away from (`sinn`, `cso`, `sqr`).
 */
import { BUILTIN_FUNCTIONS, type BuiltinFunction, IDENTIFIER, isBuiltin } from "../types.js";

/** What a declared name stands for. */
export type Role = "coordinate" | "field" | "independent variable" | "time" | "parameter";

const WITH_ARTICLE: Record<Role, string> = {
  coordinate: "a coordinate",
  field: "a field",
  "independent variable": "an independent variable",
  time: "the time",
  parameter: "a parameter",
};

/** Why `name` cannot be declared as a `role`, if it cannot: not an identifier, or a builtin. */
export function nameProblem(name: string, role?: Role): string | undefined {
  if (!IDENTIFIER.test(name))
    return `'${name}' is not a valid name (a letter followed by letters, digits or _)`;
  if (isBuiltin(name))
    return `'${name}' is a built-in function${role ? `, not ${WITH_ARTICLE[role]}` : ""}`;
  return undefined;
}

/** The message for a name declared twice, first as `first` and then as `second`. */
export function declaredTwice(name: string, first: Role, second: Role): string {
  return first === second
    ? `${first} '${name}' is listed twice`
    : `'${name}' cannot be both ${WITH_ARTICLE[first]} and ${WITH_ARTICLE[second]}`;
}

/** The names a system is declared in: its coordinates (or fields) and its variables. */
export interface Declaration {
  /** Mechanics: the coordinates; fields: the field names. */
  readonly coordinates: readonly string[];
  /** Mechanics: `[time]`; fields: the independent variables, the time first. */
  readonly variables: readonly string[];
  readonly field: boolean;
}

/** The first problem of a declaration: the message and where the offending name is. */
export interface DeclarationProblem {
  readonly list: "coordinates" | "variables";
  readonly index: number;
  readonly message: string;
}

/**
 * The first problem with a declaration, reading the variables (the time) and then the coordinates
 * in order: a name that is not an identifier or is a builtin, a name listed twice or in both lists,
 * a field name with '_' (`u_x` means ∂u/∂x), a field's independent variable longer than one letter
 * (`u_tx` must read as ∂²u/∂t∂x).
 */
export function declarationProblem(d: Declaration): DeclarationProblem | undefined {
  const roles = d.field
    ? { variables: "independent variable" as const, coordinates: "field" as const }
    : { variables: "time" as const, coordinates: "coordinate" as const };
  const seen = new Map<string, Role>();
  for (const list of ["variables", "coordinates"] as const) {
    const role = roles[list];
    for (const [index, name] of d[list].entries()) {
      const at = (message: string) => ({ list, index, message });
      const invalid = nameProblem(name, role);
      if (invalid) return at(invalid);
      const before = seen.get(name);
      if (before) return at(declaredTwice(name, before, role));
      seen.set(name, role);
      if (role === "field" && name.includes("_"))
        return at(`field name '${name}' must not contain '_' (u_x means ∂u/∂x)`);
      if (role === "independent variable" && name.length !== 1)
        return at(
          `independent variable '${name}' must be a single letter (variables name partial ` +
            `derivatives, as in u_tx)`,
        );
    }
  }
  return undefined;
}

/**
 * The Damerau–Levenshtein distance (optimal string alignment): the fewest insertions, deletions,
 * substitutions and swaps of two adjacent characters that turn `a` into `b`.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The builtin function that `name` (not itself a builtin, at least 3 characters long) is one edit
 * away from, if any: `sinn` → `sin`, `exq` → `exp`, `sqr` → `sqrt`. Shorter names (`f`, `V`, `ax`)
 * are too short for a typo to be told from a choice.
 */
export function nearBuiltin(name: string): BuiltinFunction | undefined {
  if (name.length < 3 || isBuiltin(name)) return undefined;
  return BUILTIN_FUNCTIONS.find((b) => editDistance(name, b) <= 1);
}
