/**
 * The algebra, for the layers above the expression core: trees built and transformed as written
 * (auto.ts, differentiate.ts), bounded simplification and zero tests (simplify.ts) and small
 * linear solves (solve.ts). The variational layer imports from here, not from the internals.
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
} from "./auto.js";
export { differentiate } from "./differentiate.js";
export { BUDGET, decideZero, provablyEqual, tidy, type Tidied, type TidyRule } from "./simplify.js";
export { determinant, isDiagonal, leibniz, solveLinear, type Solution } from "./solve.js";
