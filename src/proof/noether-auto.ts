/**
 * Symmetries found without generators given: the polynomial search of issue 7 §2
 * (../variational/symmetry-search.ts) — every point symmetry with ξ, η polynomial in (t, q) up to
 * the degree and a polynomial gauge term B, each verified and named (energy, momentum of x,
 * angular momentum, boost, …). The charges are proved by noether-steps.ts like given ones.
 */
import { findSymmetries } from "../variational/symmetry-search.js";
import type { Generator, System } from "../variational/types.js";

export interface NamedGenerator {
  readonly name: string;
  readonly generator: Generator;
}

/** The symmetries found up to `degree`, with the search's notes. */
export function autoSymmetries(
  sys: System,
  degree: number,
  seed?: number,
): { symmetries: NamedGenerator[]; notes: string[] } {
  const found = findSymmetries(sys, { degree, ...(seed === undefined ? {} : { seed }) });
  return {
    symmetries: found.symmetries.map(({ name, generator }) => ({ name, generator })),
    notes: found.notes,
  };
}
