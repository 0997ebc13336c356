/**
 * Limits that more than one layer enforces, defined once here (the lowest layer both can import):
 * the symmetry search (variational/symmetry-search.ts) and the derivation files' `symmetries:`
 * section (derivation-files/symmetries.ts) refuse a polynomial degree d > MAX_SYMMETRY_DEGREE for
 * ξ, η (the gauge term gets d + 1): the ansatz grows like C(n + 1 + d, d) unknowns per component.
 */

/** The largest degree of the polynomial symmetry search (`--degree`, `symmetries.degree`). */
export const MAX_SYMMETRY_DEGREE = 6;
