/**
 * The algebra, for the layers above the expression core: trees built and transformed as written
 * (auto.ts, differentiate.ts), bounded simplification and zero tests (simplify.ts) and small
 * linear solves (solve.ts), the roots of a momentum equation (roots.ts), and the canonical form
 * for those who ask for it by name. Every layer above the expression core imports the algebra from
 * here, never from src/expr/algebra/ itself (an architecture test enforces it).
 */
export {
  apply,
  dependsOn,
  difference,
  freeOf,
  idOf,
  negate,
  normalise,
  ONE,
  power,
  product,
  quotient,
  replace,
  sum,
  ZERO,
} from "./algebra/auto.js";
export { differentiate } from "./algebra/differentiate.js";
export {
  BUDGET,
  decideZero,
  provablyEqual,
  tidy,
  type Tidied,
  type TidyRule,
} from "./algebra/simplify.js";
export {
  determinant,
  eliminate,
  isDiagonal,
  leibniz,
  solveLinear,
  type Solution,
} from "./algebra/solve.js";
export { invertMomentum, NO_ACCEPTED_ROOT, type Inversion } from "./algebra/roots.js";
export { sign, simplifyRadicals, tidyAssuming, type Assumed } from "./algebra/radicals.js";
export { expand, freeSymbols, simplify as canonicalForm } from "./algebra/canonical.js";
