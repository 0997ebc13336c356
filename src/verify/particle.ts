/**
 * C5 and C6 (the learning particle), symbolic machinery. The particle Lagrangian of the statement,
 * L = ½m·θ'² − V(θ) (one parameter, P = 1, m = 1/P), has the Euler–Lagrange expression
 *
 *   E_θ(L) = ∂L/∂θ − D_t ∂L/∂θ' = −V'(θ) − m·θ''.
 *
 * A first-order flow θ' = φ(θ) has θ'' = D_t φ(θ) = φ'(θ)·φ(θ), so along it
 *
 *   R(θ) = E_θ(L)|flow = −(V'(θ) + m·φ(θ)·φ'(θ)) = −d/dθ (½m·φ² + V):
 *
 * the flow solves the Euler–Lagrange equation iff R ≡ 0, i.e. iff its energy ½mφ² + V is the same
 * at every θ (second route). {@link flowLawProof} records this with φ and V abstract;
 * {@link familyPart} records it on a concrete family: ℓ(θ; x̄), ℓ', ℓ'', the Fisher information
 * F = −E_θ[ℓ''] (ℓ'' is affine in x̄, so the expectation sets x̄ = θ), the flow φ = flow(F, ∇ℓ),
 * L with V = potential(ℓ), its Euler–Lagrange expression, D_t φ and R — and R once more as
 * −∂/∂θ(½mφ² + V). {@link assessResidual} then evaluates R on a grid and a seeded sample of
 * (θ, x̄): the flow solves the equation on the family when |R| ≤ 1e-9·max(|mφφ'|, |V'|) at every
 * point, else the first failing grid point is the counterexample (its value confirmed by a central
 * difference of the energy).
 */
import { decideZero, differentiate, replace, tidy } from "../expr/algebra.js";
import { evaluate, makeRng } from "../expr/numeric/evaluate.js";
import { parse } from "../expr/syntax/parse.js";
import { print } from "../expr/syntax/print.js";
import { call, mul, neg, num, sub, sym, symbols, type Expr } from "../expr/types.js";
import { eulerSteps, totalDerivativeStep } from "../proof/euler-steps.js";
import { createRecorder, type Recorder } from "../proof/record.js";
import type { Step } from "../proof/types.js";
import { makeSystem } from "../variational/system.js";
import type { Given } from "./given.js";
import type { PartContext } from "./types.js";

const TH = "th";
const V1 = "th'";
const V2 = "th''";
/** Relative size of a residual counted as zero. */
export const RESIDUAL_RTOL = 1e-9;

/** The formal statement shared by C5 and C6. */
export interface ParticleStatement {
  /** L in th, th', m and V (the potential, a symbol standing for V(θ)). */
  readonly lagrangian: Expr;
  readonly mass: number;
  /** V in terms of l = ℓ: `l` (the paper's "V the log-likelihood") or `-l` (ℓ as a loss). */
  readonly potential: Expr;
  /** The claimed flow in F (Fisher information), dl (∇ℓ) and eta (the learning rate). */
  readonly flow: Expr;
  readonly eta: number;
  readonly families: readonly Family[];
  readonly sigma: number;
}

/** A one-parameter family: its average log-likelihood ℓ(θ; x̄) (up to constants) and Fisher F. */
export interface Family {
  readonly name: string;
  readonly words: string;
  readonly loglik: Expr;
  readonly fisher: Expr;
  /** Readable (θ, x̄) points tried first, then `samples` drawn in the ranges. */
  readonly grid: readonly (readonly [number, number])[];
  readonly th: readonly [number, number];
  readonly xbar: readonly [number, number];
}

/** The families checked, with σ the Gaussian's standard deviation. */
export function family(name: string, sigma: number): Family | undefined {
  if (name === "gaussian-location")
    return {
      name,
      words: `Gaussian location (σ = ${sigma})`,
      loglik: parse(`-(xbar - th)^2/(2*${sigma}^2)`),
      fisher: parse(`1/${sigma}^2`),
      grid: [0, 1, -1, 2].flatMap((th) => [0.5, 1.5].map((x) => [th, x] as const)),
      th: [-3, 3],
      xbar: [-3, 3],
    };
  if (name === "bernoulli")
    return {
      name,
      words: "Bernoulli (mean parameter)",
      loglik: parse("xbar*log(th) + (1 - xbar)*log(1 - th)"),
      fisher: parse("1/(th*(1 - th))"),
      grid: [0.25, 0.5, 0.75, 0.1].flatMap((th) => [0.5, 0.9].map((x) => [th, x] as const)),
      th: [0.01, 0.99],
      xbar: [0, 1],
    };
  return undefined;
}

export const FAMILY_NAMES = ["gaussian-location", "bernoulli"];

/** Read the statement (`given`) common to C5 and C6. */
export function readStatement(g: Given): ParticleStatement {
  const lagrangian = g.expr("lagrangian", [TH, V1, "m", "V"]);
  const P = g.number("parameters", 1);
  if (P !== 1) g.fail("parameters", "must be 1 (the families are one-parameter)");
  const mass = g.value("mass", ["P"], { P });
  if (!(mass > 0)) g.fail("mass", "must be positive");
  const sigma = g.number("sigma", 0.5);
  if (!(sigma > 0)) g.fail("sigma", "must be positive");
  const eta =
    g.claim.given.learning_rate === undefined ? 1 : g.value("learning_rate", ["sigma"], { sigma });
  const families = g
    .text("families", FAMILY_NAMES.join(", "))
    .split(",")
    .map((s) => s.trim())
    .map(
      (s) =>
        family(s, sigma) ?? g.fail("families", `'${s}' is not one of ${FAMILY_NAMES.join(", ")}`),
    );
  return {
    lagrangian,
    mass,
    potential: g.expr("potential", ["l"]),
    flow: g.expr("flow", ["F", "dl", "eta"]),
    eta,
    families,
    sigma,
  };
}

/** Record L (the first step, as `lagrange check` wants a claim's Lagrange function) and E_θ(L). */
function openLagrangian(rec: Recorder, L: Expr) {
  const sys = makeSystem({ lagrangian: L, coordinates: [TH] });
  const lStep = rec.lagrangian(
    "L",
    "the particle Lagrangian of the statement, V and m substituted",
    L,
  );
  return { sys, L, el: eulerSteps(sys, rec, TH, L, lStep) };
}

/**
 * Record D_t φ and R = E_θ(L) at θ' = φ, θ'' = φ'·φ for the flow `phi` (the result of step
 * `phiStep`, or abstract); then the energy E = p·θ' − L at θ' = φ and, second route, dE/dθ = −R.
 * Returns R and E.
 */
function alongFlow(
  rec: Recorder,
  { sys, L, el }: ReturnType<typeof openLagrangian>,
  phi: Expr,
  phiStep: number | undefined,
): { residual: Expr; energy: Expr } {
  const uses = phiStep ? [phiStep] : [];
  const dphi = differentiate(phi, TH);
  totalDerivativeStep(sys, rec, phi, mul(dphi, sym(V1)), "t", { label: "D_t φ(θ)", uses });
  const onFlow = { [V1]: phi, [V2]: mul(dphi, phi) };
  const value = replace(el.residual, new Map(Object.entries(onFlow)));
  const residual = tidy(value).expr;
  rec.equal(
    {
      rule: "substitute",
      label: "R = E_θ(L) along θ' = φ(θ)",
      justification: "θ' = φ(θ) and θ'' = D_t φ = φ'(θ)·θ' = φ'(θ)·φ(θ) put into E_θ(L)",
      lhs: { op: "substitute", of: el.residual, with: onFlow },
      rhs: residual,
      uses: [el.step, ...uses],
    },
    value,
  );
  const pdot = sub(mul(differentiate(L, V1), sym(V1)), L);
  const atFlow = replace(pdot, new Map([[V1, phi]]));
  const energy = tidy(atFlow).expr;
  const eStep = rec.equal(
    {
      rule: "substitute",
      label: "E = p·θ' − L along the flow",
      justification: "the energy function ∂L/∂θ'·θ' − L along the flow (it has no θ'')",
      lhs: { op: "substitute", of: pdot, with: onFlow },
      rhs: energy,
      uses,
    },
    atFlow,
  );
  rec.partial(
    {
      rule: "derivative",
      label: "dE/dθ = −R",
      justification: "second route: d/dθ of the energy along the flow is −R (the step above)",
      rhs: tidy(neg(residual)).expr,
      uses: [eStep],
    },
    energy,
    TH,
  );
  return { residual, energy };
}

/** What `lagrange check` needs to re-check the steps: the coordinate θ, and the symbols drawn positive. */
export const particleContext = (positive: readonly string[]): PartContext => ({
  kind: "mechanics",
  coordinates: [TH],
  variables: ["t"],
  positive,
});

/** The general law (φ and V abstract, m a positive symbol): R = −d/dθ(½m·φ² + V). */
export function flowLawProof(st: ParticleStatement): { steps: Step[]; residual: Expr } {
  const rec = createRecorder({
    seed: 2509,
    positive: ["m"],
    functions: new Map([
      ["V", 1],
      ["phi", 1],
    ]),
  });
  const L = replace(st.lagrangian, new Map([["V", call("V", [sym(TH)])]]));
  const { residual } = alongFlow(rec, openLagrangian(rec, L), call("phi", [sym(TH)]), undefined);
  return { steps: rec.steps, residual };
}

/** What recording the statement on one family gives. */
export interface FamilyRecord {
  readonly steps: Step[];
  readonly phi: Expr;
  readonly V: Expr;
  readonly residual: Expr;
  readonly energy: Expr;
  /** m·φ·φ' and V', the terms whose sum R is (for the tolerance's scale). */
  readonly terms: readonly Expr[];
}

/** Symbols drawn positive in the family steps: θ and x̄ (θ then lies in the Bernoulli domain). */
export const FAMILY_POSITIVE = [TH, "xbar"];

/** Record ℓ', F, φ = flow(F, ℓ') and R on `fam` (see the module comment). */
export function familyPart(st: ParticleStatement, fam: Family, flow: Expr): FamilyRecord {
  const rec = createRecorder({ seed: 2509, positive: FAMILY_POSITIVE });
  const l = fam.loglik;
  const V = tidy(replace(st.potential, new Map([["l", l]]))).expr;
  const L = replace(
    st.lagrangian,
    new Map<string, Expr>([
      ["V", V],
      ["m", num(st.mass)],
    ]),
  );
  const opened = openLagrangian(rec, L);
  const dl = differentiate(l, TH);
  const s1 = rec.partial(
    { rule: "derivative", label: "∇ℓ", justification: `ℓ of the ${fam.words} model`, rhs: dl },
    l,
    TH,
  );
  const minus = neg(dl);
  const s2 = rec.partial(
    {
      rule: "derivative",
      label: "−∇²ℓ",
      justification: "∂/∂θ of −∇ℓ",
      rhs: neg(differentiate(dl, TH)),
    },
    minus,
    TH,
  );
  const s3 = rec.equal(
    {
      rule: "substitute",
      label: "F = −E_θ[∇²ℓ]",
      justification: "∇²ℓ is affine in x̄, so its expectation under the model sets x̄ = E_θ[x] = θ",
      lhs: { op: "substitute", of: neg(differentiate(dl, TH)), with: { xbar: sym(TH) } },
      rhs: fam.fisher,
      uses: [s2],
    },
    replace(neg(differentiate(dl, TH)), new Map([["xbar", sym(TH)]])),
  );
  const flowValue = replace(
    flow,
    new Map<string, Expr>([
      ["F", fam.fisher],
      ["dl", dl],
      ["eta", num(st.eta)],
    ]),
  );
  const phi = tidy(flowValue).expr;
  const s4 = rec.equal(
    {
      rule: "substitute",
      label: "φ",
      justification: `the claimed flow ${print(flow)}${symbols(flow).has("eta") ? ` with eta = ${st.eta}` : ""}`,
      lhs: { op: "substitute", of: flow, with: { F: fam.fisher, dl, eta: num(st.eta) } },
      rhs: phi,
      uses: [s1, s3],
    },
    flowValue,
  );
  const { residual, energy } = alongFlow(rec, opened, phi, s4);
  const terms = [mul(num(st.mass), phi, differentiate(phi, TH)), differentiate(V, TH)];
  return { steps: rec.steps, phi, V, residual, energy, terms };
}

/** Where R was evaluated and what it gave. */
export interface Assessment {
  readonly holds: boolean;
  /** R ≡ 0 decided symbolically (within the simplifier's budget). */
  readonly decided: boolean;
  readonly points: number;
  /** The first failing point (grid first): θ, x̄, R there, R by the energy route, the scale. */
  readonly counterexample?: {
    th: number;
    xbar: number;
    r: number;
    energyRoute: number;
    scale: number;
  };
  /** max |R| / scale over the sample, and at θ = x̄ (the maximum-likelihood estimate). */
  readonly worst: number;
  readonly atMle: number;
  /** For a flow that holds: the largest spread of ½mφ² + V over θ at fixed x̄, relative. */
  readonly energySpread: number;
}

/** Evaluate R on `fam`'s grid and `samples` seeded points (see the module comment). */
export function assessResidual(fam: Family, rec: FamilyRecord, samples = 200): Assessment {
  const rng = makeRng(2509);
  const draw = ([lo, hi]: readonly [number, number]) => lo + (hi - lo) * rng.next();
  const points = [
    ...fam.grid,
    ...Array.from({ length: samples }, () => [draw(fam.th), draw(fam.xbar)] as const),
  ];
  const at = (e: Expr, th: number, xbar: number) => evaluate(e, { th, xbar });
  const scaleAt = (th: number, xbar: number) =>
    Math.max(...rec.terms.map((t) => Math.abs(at(t, th, xbar))), Number.MIN_VALUE);
  let worst = 0;
  let counterexample: Assessment["counterexample"];
  for (const [th, xbar] of points) {
    const r = at(rec.residual, th, xbar);
    const scale = scaleAt(th, xbar);
    const rel = Math.abs(r) / scale;
    worst = Math.max(worst, rel);
    if (rel > RESIDUAL_RTOL && !counterexample) {
      const h = 1e-5 * Math.max(1, Math.abs(th));
      const energyRoute = -(at(rec.energy, th + h, xbar) - at(rec.energy, th - h, xbar)) / (2 * h);
      counterexample = { th, xbar, r, energyRoute, scale };
    }
  }
  let atMle = 0;
  let energySpread = 0;
  for (const [, xbar] of points) {
    const th = fam.name === "bernoulli" ? Math.min(0.99, Math.max(0.01, xbar)) : xbar;
    atMle = Math.max(atMle, th === xbar ? Math.abs(at(rec.residual, th, xbar)) : 0);
    const es = fam.grid.map(([t]) => at(rec.energy, t, xbar));
    const scale = Math.max(1, ...es.map(Math.abs));
    energySpread = Math.max(energySpread, (Math.max(...es) - Math.min(...es)) / scale);
  }
  const holds = counterexample === undefined;
  return {
    holds,
    decided: holds && decideZero(rec.residual) === true,
    points: points.length,
    counterexample,
    worst,
    atMle,
    energySpread,
  };
}

/** "R = −0.1234 at θ = 0.25, x̄ = 0.5 (energy route −0.1234; scale 0.5)" */
export function describeFailure(a: Assessment): string {
  const c = a.counterexample!;
  const f = (x: number) => Number(x.toPrecision(6));
  return `R = ${f(c.r)} at θ = ${f(c.th)}, x̄ = ${f(c.xbar)} (energy route −dE/dθ = ${f(c.energyRoute)}; |R|/max(|mφφ'|, |V'|) = ${(Math.abs(c.r) / c.scale).toPrecision(3)})`;
}
