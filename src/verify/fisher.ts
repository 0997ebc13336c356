/**
 * C4 (the Fisher field, symbolic part). The log-likelihood ℓ(θ) is a scalar field over the P
 * parameters θ (independent variables `a` for P = 1, `a, b` for P = 2; jets l_a, l_aa, l_ab, …)
 * with the density
 *
 *   ℒ = (1/2P)·∇ℓᵀF⁻¹∇ℓ − ℓ,
 *
 * F(a) abstract for P = 1, and for P = 2 the entries G11, G12, G22 of G = F⁻¹ abstract functions
 * of (a, b). The Euler operator (the project's field machinery, proof/euler-steps.ts) gives
 *
 *   E_ℓ(ℒ) = ∂ℒ/∂ℓ − Σ_i D_i ∂ℒ/∂ℓ_i = −1 − (1/P)·∇·(F⁻¹∇ℓ),
 *
 * every partial and total derivative a recorded, checked step, compared with the claimed
 * `euler_lagrange` (`euler_lagrange_2`). E_ℓ is affine in the jets with θ-dependent coefficients,
 * so its expectation over x is E_ℓ at the jets' means: with the claimed moments E[∇ℓ] =
 * `score_mean` and E[∇²ℓ] = `hessian_mean` (an expression in F, applied entrywise; F = G⁻¹ for
 * P = 2) it should equal the claimed `expected_residual` (0: the equation reads −1 = −1, as
 * (1/P)·tr(F⁻¹·(−F)) = −1). A claimed equation that disagrees fails its step: `refuted`.
 */
import { CheckError } from "../errors.js";
import { decideZero, differentiate, normalise, quotient, replace } from "../expr/algebra.js";
import { print } from "../expr/syntax/print.js";
import { num, sym, sub, mul, pow, call, type Expr } from "../expr/types.js";
import { eulerSteps } from "../proof/euler-steps.js";
import { createRecorder } from "../proof/record.js";
import { makeSystem } from "../variational/system.js";
import type { Given } from "./given.js";
import type { PartResult } from "./types.js";

/** The parameters and jets of the field for P = 1 and P = 2. */
const SHAPES = [
  {
    P: 1,
    variables: ["a"],
    key: "",
    jets1: ["l_a"],
    jets2: ["l_aa"],
    functions: new Map([["F", 1]]),
  },
  {
    P: 2,
    variables: ["a", "b"],
    key: "_2",
    jets1: ["l_a", "l_b"],
    jets2: ["l_aa", "l_ab", "l_bb"],
    functions: new Map([
      ["G11", 2],
      ["G12", 2],
      ["G22", 2],
    ]),
  },
] as const;

/** F's entries for each second jet: F(a) for P = 1; F = G⁻¹ entrywise for P = 2. */
function fisherEntries(P: number): Record<string, Expr> {
  if (P === 1) return { l_aa: call("F", [sym("a")]) };
  const G = (ij: string) => call(`G${ij}`, [sym("a"), sym("b")]);
  const det = sub(mul(G("11"), G("22")), pow(G("12"), num(2)));
  return {
    l_aa: quotient(G("22"), det),
    l_ab: mul(num(-1), quotient(G("12"), det)),
    l_bb: quotient(G("11"), det),
  };
}

type Shape = (typeof SHAPES)[number];

/**
 * The symbolic parts of C4, one per P (P = 2 when `lagrangian_2` is given), and E_ℓ(ℒ) for P = 1
 * as derived (the families evaluate it; undefined when ℒ has no Euler–Lagrange expression).
 */
export function fisherProof(g: Given): { parts: PartResult[]; residual: Expr | undefined } {
  const parts: PartResult[] = [];
  let residual: Expr | undefined;
  for (const shape of SHAPES) {
    if (shape.P === 2 && g.claim.given[`lagrangian${shape.key}`] === undefined) continue;
    const r = fieldProof(g, shape);
    parts.push(r.part);
    if (shape.P === 1) residual = r.residual;
  }
  return { parts, residual };
}

/** One P: ℒ, its recorded Euler operator, the claimed form and its expectation. */
function fieldProof(g: Given, shape: Shape): { part: PartResult; residual: Expr | undefined } {
  const { P, variables, key } = shape;
  const method = "field Euler operator of ℒ(ℓ, ∇ℓ; θ): recorded steps vs the claimed equations";
  const score = g.expr("score_mean", []);
  const hessian = g.expr("hessian_mean", ["F"]);
  const expected = g.expr("expected_residual", ["a", "b"]);
  const rec = createRecorder({ seed: 2109 + P, functions: new Map(shape.functions) });
  const context = { kind: "field" as const, coordinates: ["l"], variables: [...variables] };
  const jets = [...shape.jets1, ...shape.jets2];
  const symbolsOf = ["l", ...shape.jets1, ...variables, "P"];
  const lKey = `lagrangian${key}`;
  const atP = (e: Expr) => replace(e, new Map([["P", num(P)]]));
  const L = atP(g.expr(lKey, symbolsOf));
  const claimed = atP(g.expr(`euler_lagrange${key}`, [...symbolsOf, ...shape.jets2]));
  let sys;
  try {
    sys = makeSystem({ lagrangian: L, coordinates: ["l"], variables: [...variables] });
  } catch (err) {
    return g.fail(lKey, `is not a field Lagrangian in l: ${(err as Error).message}`);
  }
  let residual: Expr | undefined;
  try {
    const Lc = normalise(sys.lagrangian);
    const s0 = rec.lagrangian(
      "ℒ",
      `(1/2P)·∇ℓᵀF⁻¹∇ℓ − ℓ over θ = (${variables.join(", ")}), P = ${P}`,
      L,
      Lc,
    );
    const el = eulerSteps(sys, rec, "l", Lc, s0, "ℒ");
    residual = el.residual;
    const sClaimed = rec.equal(
      {
        rule: "simplify",
        label: "E_l(ℒ) as claimed",
        justification: "the derived Euler–Lagrange expression in the claimed form",
        lhs: { op: "simplify", of: el.residual, rules: ["claimed form"] },
        rhs: claimed,
        uses: [el.step],
      },
      el.residual,
    );
    // Affine in the jets (coefficients free of them): the expectation passes inside.
    for (const j of jets)
      for (const k of jets)
        if (decideZero(differentiate(differentiate(el.residual, j), k)) !== true)
          return {
            part: {
              verdict: "not-checkable",
              method,
              evidence: `P = ${P}: E_l(ℒ) = ${print(el.residual)} is not affine in the jets (∂²/∂${j}∂${k} ≠ 0): its expectation is not E_l at the jets' means`,
            },
            residual,
          };
    const F = fisherEntries(P);
    const means = new Map<string, Expr>();
    for (const j of shape.jets1) means.set(j, score);
    for (const j of shape.jets2) means.set(j, replace(hessian, new Map([["F", F[j]]])));
    rec.equal(
      {
        rule: "change-variables",
        label: "E[E_l(ℒ)]",
        justification: `E_l is affine in the jets: its expectation is E_l at E[∇ℓ] = ${print(score)}, E[∇²ℓ] = ${print(hessian)}${P === 2 ? " (F = G⁻¹)" : ""}: the claimed expected residual`,
        lhs: { op: "substitute", of: claimed, with: Object.fromEntries(means) },
        rhs: expected,
        uses: [sClaimed],
      },
      replace(claimed, means),
    );
    const drawn = P === 1 ? "F" : "G11, G12, G22 (G = F⁻¹)";
    return {
      part: {
        verdict: "proved",
        method,
        evidence: `P = ${P}: ${rec.steps.length} steps, each checked at ${rec.steps[0].check.points} random points with ${drawn} drawn (rtol ${rec.steps[0].check.rtol}): E_l(ℒ) = ${print(claimed)}; with E[∇ℓ] = ${print(score)} and E[∇²ℓ] = ${print(hessian)} its expectation is ${print(expected)}${decideZero(expected) === true ? " (the equation reads −1 = −1)" : ""} at every θ`,
        steps: rec.steps,
        context,
      },
      residual,
    };
  } catch (err) {
    if (!(err instanceof CheckError)) throw err;
    return {
      part: {
        verdict: "refuted",
        method,
        evidence: `P = ${P}: the field Lagrangian disagrees with the claim: ${err.message}`,
      },
      residual,
    };
  }
}
