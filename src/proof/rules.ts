/**
 * The rule registry: every rule id with its name and the principle it applies. One table, read by
 * every emitter (text, LaTeX, HTML), so wording is consistent and rules are data, not code.
 */
import type { RuleId } from "./types.js";

export interface Rule {
  readonly name: string;
  readonly principle: string;
}

export const RULES: Readonly<Record<RuleId, Rule>> = {
  lagrangian: {
    name: "Lagrangian",
    principle:
      "The Lagrangian as written, numbers folded and like terms combined (nothing expanded).",
  },
  "partial-coordinate": {
    name: "Partial derivative in a coordinate",
    principle: "∂L/∂q with every other jet variable held fixed.",
  },
  "partial-velocity": {
    name: "Partial derivative in a velocity",
    principle: "∂L/∂q' with q and the other velocities held fixed (jet variables are independent).",
  },
  "partial-jet": {
    name: "Partial derivative in a higher jet variable",
    principle: "∂L/∂q^(k) (or ∂L/∂u_α), the other jet variables held fixed.",
  },
  "total-derivative": {
    name: "Total derivative",
    principle: "D_t F = ∂F/∂t + Σ q^(k+1) ∂F/∂q^(k): the derivative of F along a curve.",
  },
  "euler-lagrange": {
    name: "Euler–Lagrange equation",
    principle: "E_q(L) = Σ_k (−D_t)^k ∂L/∂q^(k) vanishes on stationary paths of the action.",
  },
  "mass-matrix": {
    name: "Mass-matrix form",
    principle: "E_i = F_i − Σ_j M_ij a_j with M_ij = −∂E_i/∂a_j and F_i = E_i at a = 0.",
  },
  "singular-hessian": {
    name: "Singular Hessian",
    principle: "det M ≡ 0: the Euler–Lagrange equations do not determine the accelerations.",
  },
  "solve-accelerations": {
    name: "Solved accelerations",
    principle: "a = M⁻¹F for a regular Lagrangian (det M ≢ 0).",
  },
  momentum: {
    name: "Canonical momentum",
    principle: "p = ∂L/∂q' (Ostrogradsky's for higher order).",
  },
  "solve-velocities": {
    name: "Velocities from momenta",
    principle: "q' = q'(q, p, t) solved from p = ∂L/∂q' (possible when the Hessian is regular).",
  },
  energy: { name: "Energy function", principle: "E = Σ p·q' − L, conserved when ∂L/∂t = 0." },
  legendre: {
    name: "Legendre transform",
    principle: "H(q, p, t) = p·q' − L with q' solved from p = ∂L/∂q'.",
  },
  "hamilton-equations": {
    name: "Hamilton's equations",
    principle: "q' = ∂H/∂p, p' = −∂H/∂q.",
  },
  simplify: {
    name: "Simplification",
    principle:
      "The same expression in a smaller form: canonical form (expanded, like terms collected, " +
      "common factors out), sin² + cos² = 1, angle sums sin a·cos b − cos a·sin b = sin(a − b).",
  },
  "symmetry-residual": {
    name: "Symmetry residual",
    principle:
      "R = pr v(L) + L·D_tξ − D_tB with pr v(L) = ξ∂L/∂t + Σ η_i∂L/∂q_i + Σ (D_tη_i − q_i'D_tξ)∂L/∂q_i'.",
  },
  "symmetry-condition": {
    name: "Symmetry condition",
    principle: "v is a (divergence) symmetry of L when R ≡ 0.",
  },
  "noether-charge": {
    name: "Noether charge",
    principle: "Q = Σ ∂L/∂q_i'·(η_i − q_i'ξ) + L·ξ − B.",
  },
  "noether-identity": {
    name: "Noether identity",
    principle: "D_tQ = R − Σ_i (η_i − q_i'ξ)·E_i(L), an identity on the whole jet.",
  },
  "on-shell-rate": {
    name: "Rate on solutions",
    principle: "On solutions (E_i(L) = 0) D_tQ = R: zero for a symmetry, so Q is conserved.",
  },
  "gradient-input": {
    name: "Gradient of the loss",
    principle:
      "G = ∂/∂θ (loss) at θ = θ[k−1], the caller's gradient g standing for f'(θ[k−1]): an added potential adds its own gradient.",
  },
  stationarity: {
    name: "Stationarity",
    principle: "∂S/∂u = 0 in the new value u of the step: the discrete action is stationary.",
  },
  "solve-stationary": {
    name: "Solve the stationarity condition",
    principle:
      "u = u₀ − A⁻¹·∇S(u₀) with A = ∇²S free of u: exact for S quadratic in the unknowns (linear equations).",
  },
  discretise: {
    name: "Discretise the equations of motion",
    principle:
      "Replace the flow of the Euler–Lagrange equations over one step h by the scheme's update (explicit Euler, symplectic Euler, Störmer–Verlet, midpoint).",
  },
  "change-variables": {
    name: "Change of variables",
    principle:
      "Substitute the stated expressions for state variables and constants (an exact rewrite).",
  },
  "first-step": {
    name: "First-step convention",
    principle:
      "The first step's rule as the implementation states it (torch creates its buffers from the first gradient).",
  },
  derivative: {
    name: "Derivative",
    principle:
      "∂F/∂w of an earlier result F (not a Lagrangian): a curvature, a sensitivity, by the rules of differentiation.",
  },
  substitute: {
    name: "Substitution",
    principle:
      "An earlier result put in for the symbol it solves for: both sides agree at its value.",
  },
};
