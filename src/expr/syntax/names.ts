/**
 * Names as users type them: an edit distance for "did you mean" suggestions, and the builtin
 * function a name is one typo away from (`sinn`, `cso`, `sqr`).
 */
import { BUILTIN_FUNCTIONS, type BuiltinFunction, isBuiltin } from "../types.js";

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
