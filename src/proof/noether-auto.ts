/**
 * Symmetries found without a search: each cyclic coordinate q (∂L/∂q ≡ 0) gives η_q = 1, its
 * conjugate momentum ∂L/∂q' conserved, and a Lagrangian without explicit time (∂L/∂t ≡ 0) gives
 * time translation ξ = 1, whose charge is minus the energy function. A stand-in for the
 * polynomial search of issue 7 §2 (symmetry-search.ts), which replaces it when it lands.
 */
import { decideZero, differentiate, ONE } from "../expr/algebra.js";
import type { Generator, System } from "../variational/types.js";
import { ZERO } from "../expr/algebra.js";

export interface NamedGenerator {
  readonly name: string;
  readonly generator: Generator;
}

/** Cyclic coordinates and time translation (module comment), with a note on what was searched. */
export function autoSymmetries(
  sys: System,
  degree: number,
): { symmetries: NamedGenerator[]; notes: string[] } {
  const symmetries: NamedGenerator[] = [];
  const t = sys.variables[0];
  if (decideZero(differentiate(sys.lagrangian, t)) === true) {
    symmetries.push({ name: "energy", generator: { xi: ONE, eta: {}, gauge: ZERO } });
  }
  for (const q of sys.coordinates) {
    if (decideZero(differentiate(sys.lagrangian, q)) === true) {
      symmetries.push({
        name: `momentum of ${q}`,
        generator: { xi: ZERO, eta: { [q]: ONE }, gauge: ZERO },
      });
    }
  }
  const notes = [
    `symmetries found: cyclic coordinates and time translation only (the polynomial search of degree ${degree} is not available)`,
  ];
  return { symmetries, notes };
}
