/** Public API of lagrange: re-exports only. */
export * from "./expr/types.js";
export { parse } from "./expr/syntax/parse.js";
export { print } from "./expr/syntax/print.js";
export { latex } from "./expr/syntax/latex.js";
export {
  canonicalForm,
  decideZero,
  differentiate,
  expand,
  freeSymbols,
  normalise,
  provablyEqual,
  tidy,
} from "./expr/algebra.js";
export { evaluate, evaluateDual } from "./expr/numeric/evaluate.js";
export { findMismatch, findDerivativeMismatch } from "./expr/numeric/check.js";
export { makeSystem } from "./variational/system.js";
export { eulerLagrange } from "./variational/euler.js";
export { totalDerivative } from "./variational/jet.js";
export { momenta, energy, hamiltonian } from "./variational/legendre.js";
export { equationsOfMotion } from "./variational/motion.js";
export { derive } from "./proof/derive.js";
export {
  deriveLagrangian,
  deriveSpec,
  inputNotes,
  lagrangianSystem,
  specGenerators,
  specSystem,
} from "./proof/input.js";
export { noether, type NamedGenerator, type NoetherOptions } from "./proof/noether.js";
export { generatorFromText } from "./proof/noether-input.js";
export type { InputOptions, LagrangianInput } from "./proof/input.js";
export { RULES } from "./proof/rules.js";
export { deriveUpdate, type UpdateOptions } from "./proof/update.js";
export { deriveIntegrator } from "./proof/integrator.js";
export { discreteEulerLagrange, explicitScheme, solveAffine } from "./variational/discrete.js";
export { compileJs } from "./compile/js.js";
export { compileTorch } from "./compile/torch.js";
export { updateJson, updateText } from "./emit/update.js";
export { derivationJson, noetherJson } from "./emit/json.js";
export { noetherText } from "./emit/noether.js";
export { derivationText } from "./emit/text.js";
export { parseSpec } from "./derivation-files/load.js";
export { listSpecFiles, loadSpec } from "./derivation-files/files.js";
export { UserError, CheckError } from "./errors.js";
export type * from "./proof/types.js";
export type * from "./variational/types.js";
export type * from "./derivation-files/types.js";
