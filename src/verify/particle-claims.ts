/**
 * C5 (`particle-flow`) and C6 (`sgd-euler-lagrange`): the verdicts, computed from the statement
 * (particle.ts reads and records it; particle-numeric.ts runs the optimizer companions).
 *
 * C5: θ' = flow(F, ∇ℓ) solves the Euler–Lagrange equation of L = ½m·θ'² − V, V = potential(ℓ),
 * on every family — a family whose residual R = E_θ(L)|flow is not ≡ 0 refutes it (the
 * counterexample is given, and where R vanishes: at θ = x̄); the other sign of V and the natural
 * gradient F⁻¹∇ℓ are reported for information — and its Euler step is RMSprop (and Adam).
 *
 * C6: the SGD flow θ' = η·∇ℓ does not solve that equation: each family where R ≢ 0 checks it, a
 * family where R ≡ 0 refutes it. The evidence says when η = F^(−1/2) would make SGD the claimed
 * flow (F constant), and whether the claimed flow fails on the family too.
 */
import { decideZero, differentiate, replace, tidy } from "../expr/algebra.js";
import { evaluate } from "../expr/numeric/evaluate.js";
import { parse } from "../expr/syntax/parse.js";
import { print } from "../expr/syntax/print.js";
import { mul, neg, num, type Expr } from "../expr/types.js";
import {
  assessResidual,
  describeFailure,
  familyPart,
  flowLawProof,
  FAMILY_POSITIVE,
  particleContext,
  readStatement,
  RESIDUAL_RTOL,
  type Family,
  type ParticleStatement,
} from "./particle.js";
import { optimizerCompanion } from "./particle-numeric.js";
import type { Given } from "./given.js";
import type { Plot } from "../proof/types.js";
import type { PartResult } from "./types.js";

const short = (e: Expr) => print(tidy(e).expr);

/** The general law, proved with V and φ abstract. */
function lawPart(st: ParticleStatement): PartResult {
  const { steps, residual } = flowLawProof(st);
  return {
    verdict: "proved",
    method: "Euler–Lagrange along a first-order flow (recorder-checked steps, φ and V abstract)",
    evidence: `${steps.length} steps, each checked at ${steps[0].check.points} random points with V, φ drawn (rtol ${steps[0].check.rtol}): L = ${print(st.lagrangian)} gives m·θ'' = −V'(θ); along θ' = φ(θ), θ'' = φ'·φ and E_θ(L) = ${print(residual)} = −d/dθ(½m·φ² + V) (two routes): a flow solves the equation iff ½m·φ² + V is the same at every θ`,
    steps,
    context: particleContext(["m"]),
  };
}

/**
 * What `flow` gives on `fam` with V = `potential`(ℓ): `head` (V and φ), `text` (head and what R
 * is), `brief` (R ≡ 0, or the counterexample), and whether R ≡ 0 (`a.holds`).
 */
function outcome(st: ParticleStatement, fam: Family, flow: Expr, potential: Expr) {
  const rec = familyPart({ ...st, potential }, fam, flow);
  const a = assessResidual(fam, rec);
  const head = `V = ${print(potential)}, φ = ${short(rec.phi)}`;
  const brief = a.holds ? "R ≡ 0" : `R ≢ 0 (${describeFailure(a)})`;
  // Only a symbolic decision says "every θ"; otherwise the evidence is the grid's.
  const text = a.holds
    ? `${head}: ${a.decided ? "R ≡ 0 at every θ (decided symbolically; " : "R = 0 on the grid, not decided symbolically ("}|R| ≤ ${RESIDUAL_RTOL}·max(|mφφ'|, |V'|) at ${a.points} points (θ, x̄); ½m·φ² + V constant in θ, relative spread ${a.energySpread.toExponential(1)})`
    : `${head}: R = ${short(rec.residual)} ≢ 0: ${describeFailure(a)}; R vanishes at θ = x̄ (the maximum-likelihood estimate: |R| ≤ ${a.atMle.toExponential(1)} there), not identically`;
  return { rec, a, head, brief, text };
}

/**
 * A figure of the energy E(θ) = ½m·φ² + V along each flow at x̄ = 0.5, over the family's θ range
 * (Bernoulli: 0.05…0.95, where E stays finite): a flow solves the equation iff its curve is flat.
 */
function energyFigure(fam: Family, curves: readonly { name: string; energy: Expr }[]): Plot {
  const [lo, hi] = fam.name === "bernoulli" ? [0.05, 0.95] : fam.th;
  const x = Array.from({ length: 91 }, (_, i) => lo + ((hi - lo) * i) / 90);
  return {
    title: `${fam.words}: energy ½m·φ² + V along the flow, x̄ = 0.5`,
    xLabel: "θ",
    yLabel: "½m·φ² + V",
    series: curves.map((c) => ({
      name: c.name,
      x,
      y: x.map((th) => evaluate(c.energy, { th, xbar: 0.5 })),
    })),
    caption: `The energy of the recorded flow φ and potential V at 91 values of θ: the flow solves the Euler–Lagrange equation iff its curve is flat (R = −dE/dθ).`,
  };
}

const potentialOf = (st: ParticleStatement) => st.potential;
const otherSign = (st: ParticleStatement) => tidy(neg(st.potential)).expr;
const METHOD = "flow substituted into the Euler–Lagrange equation of the family (recorded steps)";

/** C5: the claimed flow on each family, then the optimizer companions. */
export function particleFlow(g: Given): PartResult[] {
  const st = readStatement(g);
  const natural = parse("F^(-1)*dl");
  const parts: PartResult[] = [lawPart(st)];
  for (const fam of st.families) {
    const main = outcome(st, fam, st.flow, potentialOf(st));
    const other = outcome(st, fam, st.flow, otherSign(st));
    const ng = outcome(st, fam, natural, potentialOf(st));
    const info = `For information: the other sign, ${other.head}: ${other.brief}; the natural gradient ${print(natural)}, ${ng.head}: ${ng.brief}`;
    parts.push({
      verdict: main.a.holds ? (main.a.decided ? "proved" : "checked") : "refuted",
      method: METHOD,
      evidence: `${fam.words}, ℓ = ${print(fam.loglik)}, F = ${print(fam.fisher)}, m = ${st.mass}: ${main.text}. ${info}`,
      steps: main.rec.steps,
      context: particleContext(FAMILY_POSITIVE),
      figures: [
        energyFigure(fam, [
          { name: `${print(st.flow)}, V = ${print(st.potential)}`, energy: main.rec.energy },
          { name: `${print(natural)}, V = ${print(st.potential)}`, energy: ng.rec.energy },
        ]),
      ],
    });
  }
  parts.push(optimizerCompanion(g, "rmsprop", st.flow, st.eta));
  parts.push(optimizerCompanion(g, "adam", st.flow, st.eta));
  return parts;
}

/** The η ∈ {0.05, 0.10, …, 3} at which `flow` (in eta) gives R ≡ 0 on `fam`'s grid, unrecorded. */
function satisfyingRates(st: ParticleStatement, fam: Family, flow: Expr): number[] {
  const dl = differentiate(fam.loglik, "th");
  const phi = replace(
    flow,
    new Map<string, Expr>([
      ["F", fam.fisher],
      ["dl", dl],
    ]),
  );
  const V = replace(st.potential, new Map([["l", fam.loglik]]));
  const R = neg(mul(num(st.mass), phi, differentiate(phi, "th")));
  const residual = [R, neg(differentiate(V, "th"))];
  const rates: number[] = [];
  for (let j = 1; j <= 60; j++) {
    const eta = 0.05 * j;
    const ok = fam.grid.every(([th, xbar]) => {
      const [a, b] = residual.map((e) => evaluate(e, { th, xbar, eta }));
      return Math.abs(a + b) <= RESIDUAL_RTOL * Math.max(Math.abs(a), Math.abs(b));
    });
    if (ok) rates.push(Number(eta.toFixed(2)));
  }
  return rates;
}

/** C6: SGD's flow on each family; a family where it solves the equation refutes the claim. */
export function sgdEulerLagrange(g: Given): PartResult[] {
  const st = readStatement(g);
  const claimed = g.expr("claimed_flow", ["F", "dl"]);
  const parts: PartResult[] = [lawPart(st)];
  for (const fam of st.families) {
    const sgd = outcome(st, fam, st.flow, potentialOf(st));
    const notes: string[] = [];
    const constantF = decideZero(differentiate(fam.fisher, "th")) === true;
    if (constantF) {
      const at = evaluate(fam.fisher, {}) ** -0.5;
      const withRate = outcome({ ...st, eta: at }, fam, st.flow, potentialOf(st));
      notes.push(
        `F is constant here, so with η = F^(−1/2) = ${at} SGD is the claimed flow ${print(claimed)}: ${withRate.a.holds ? "R ≡ 0 then" : `yet R ≢ 0 (${describeFailure(withRate.a)})`}`,
      );
    }
    const rates = satisfyingRates(st, fam, st.flow);
    notes.push(
      rates.length === 0
        ? "R ≢ 0 for every η in 0.05, 0.10, …, 3 (same grid, unrecorded)"
        : `R ≡ 0 on the grid for η = ${rates.join(", ")} of 0.05, 0.10, …, 3 (unrecorded)`,
    );
    const c = outcome(st, fam, claimed, potentialOf(st));
    notes.push(
      c.a.holds
        ? `the claimed flow ${print(claimed)} solves it here (R ≡ 0)`
        : `the claimed flow ${print(claimed)} fails here too, ${c.brief}: on this family the equation does not separate SGD from it`,
    );
    parts.push({
      verdict: sgd.a.holds ? "refuted" : "checked",
      method: METHOD,
      evidence: `${fam.words}, SGD θ' = ${print(st.flow)} with η = ${st.eta}, m = ${st.mass}: ${sgd.a.holds ? "SGD solves the Euler–Lagrange equation here, against the claim — " : ""}${sgd.text}. ${notes.join("; ")}`,
      steps: sgd.rec.steps,
      context: particleContext(FAMILY_POSITIVE),
      figures: [
        energyFigure(fam, [
          { name: `SGD ${print(st.flow)}, η = ${st.eta}`, energy: sgd.rec.energy },
          { name: `claimed ${print(claimed)}`, energy: c.rec.energy },
        ]),
      ],
    });
  }
  return parts;
}
