/**
 * C8 (reinforcement learning is the Legendre transform of parameter estimation), symbolic part.
 * Continuous-time control of a scalar state s with action a: maximise ∫ r(s, a) dt subject to
 * s' = f(s, a). For each reward of the claim (`reward_<name>`) and the claimed correspondence
 * (`hamiltonian` H(s, a, λ) in r, f, λ; `lagrangian` L in r, s, s' with r read as r(s, a(s, s')),
 * a(s, s') = `control`, the inverse of f; `momentum` p = P(λ)):
 *
 *   f(s, a(s, s')) = s'                                   (velocity ↔ f: f invertible in a)
 *   ∂H/∂a = 0 solved for a* (∂²H/∂a² free of a, checked by substitution); H*(s, λ) = H(s, a*, λ)
 *   L's momentum, velocity s'(s, p), Legendre transform H_L(s, p) = p·s' − L and Hamilton's
 *   equations are derived by src/proof/derive.ts (its steps and cross-route checks), then
 *   s'(s, P(λ)) = f(s, a*),   H_L(s, P(λ)) = H*(s, λ),
 *   Pontryagin's s' = ∂(H*)/∂λ = ∂H_L/∂p|_{p=P(λ)},   λ' = −∂(H*)/∂s with P'(λ)·λ' = −∂H_L/∂s|_{p=P(λ)},
 *   E_s(L) = −E_s(r(s, a(s, s')))                        (the same stationary paths)
 *
 * each a recorded step checked by evaluation or forward-mode differentiation (each comparison a
 * substitution p = P(λ) into derive(L)'s own step, referenced by number). H* is the maximum
 * (not only a stationary value) when ∂²H/∂a² < 0, decided symbolically under the declared
 * positive parameters; a convex H has no maximum (refuted), an undecided sign is not checkable.
 * A claimed correspondence with a wrong sign fails its step: `refuted`, with the point.
 */
import { CheckError } from "../errors.js";
import {
  decideZero,
  dependsOn,
  differentiate,
  negate,
  normalise,
  product,
  quotient,
  replace,
  sign,
  sum,
  tidy,
} from "../expr/algebra.js";
import { print } from "../expr/syntax/print.js";
import { abstractFunctions, num, sym, type Expr } from "../expr/types.js";
import { derive } from "../proof/derive.js";
import { eulerSteps } from "../proof/euler-steps.js";
import { createRecorder } from "../proof/record.js";
import { withAssumptions } from "../variational/assumptions.js";
import { makeSystem } from "../variational/system.js";
import type { Given } from "./given.js";
import type { PartResult } from "./types.js";

const S = "s";
const A = "a";
const V = "s'";
const LAMBDA = "lambda";
const METHOD =
  "Pontryagin's max_a [r + f·λ] vs the Legendre transform of L (derive), recorded steps";

/** The names of a comma-separated list `key` (empty when absent). */
function names(g: Given, key: string): string[] {
  return g
    .text(key, "")
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

/** The claimed correspondence, read once for every reward. */
export interface Correspondence {
  readonly hamiltonian: Expr;
  readonly lagrangian: Expr;
  readonly momentum: Expr;
  readonly dynamics: Expr;
  readonly control: Expr;
  readonly positive: readonly string[];
}

/** `given`: the correspondence and the rewards `reward_<name>` (see the module comment). */
export function readCorrespondence(g: Given): {
  claim: Correspondence;
  rewards: { name: string; reward: Expr }[];
} {
  const params = names(g, "parameters");
  const positive = names(g, "positive");
  for (const p of [...params, ...positive])
    if ([S, A, V, LAMBDA, "r", "f"].includes(p)) g.fail("parameters", `must not name '${p}'`);
  const undeclared = positive.filter((p) => !params.includes(p));
  if (undeclared.length) g.fail("positive", `names ${undeclared.join(", ")}, not a parameter`);
  const claim: Correspondence = {
    hamiltonian: g.expr("hamiltonian", ["r", "f", LAMBDA, S, A, ...params]),
    lagrangian: g.expr("lagrangian", ["r", S, V, ...params]),
    momentum: g.expr("momentum", [LAMBDA, ...params]),
    dynamics: g.expr("dynamics", [S, A, ...params]),
    control: g.claim.given.control === undefined ? sym(V) : g.expr("control", [S, V, ...params]),
    positive,
  };
  const keys = Object.keys(g.claim.given).filter((k) => k.startsWith("reward_"));
  if (keys.length === 0)
    g.fail("reward_<name>", `is required: at least one reward r(s, a), e.g. reward_lqr`);
  const rewards = keys.map((k) => ({ name: k.slice(7), reward: g.expr(k, [S, A, ...params]) }));
  return { claim, rewards };
}

/** The parts of C8: one per reward (see the module comment). */
export function legendreProof(g: Given): PartResult[] {
  const { claim, rewards } = readCorrespondence(g);
  return rewards.map(({ name, reward }, i) =>
    legendreCorrespondence(name, reward, claim, i === rewards.length - 1),
  );
}

const at = (e: Expr, pairs: [string, Expr][]): Expr => replace(e, new Map(pairs));
/** e in its smallest form (the tidy rules of the algebra). */
const tidied = (e: Expr): Expr => tidy(e).expr;

/**
 * The correspondence for one reward r(s, a): recorded steps of derive(L) and of Pontryagin's side
 * (module comment); `proved` when every step passes and ∂²H/∂a² < 0 is decided.
 */
export function legendreCorrespondence(
  name: string,
  r: Expr,
  c: Correspondence,
  scope = false,
): PartResult {
  const where = `${name} (r = ${print(r)})`;
  const part = (verdict: PartResult["verdict"], evidence: string): PartResult => ({
    verdict,
    method: METHOD,
    evidence: `${where}: ${evidence}`,
  });
  const f = c.dynamics;
  const HP = normalise(
    at(c.hamiltonian, [
      ["r", r],
      ["f", f],
    ]),
  );
  const dHa = normalise(differentiate(HP, A));
  const curv = normalise(differentiate(dHa, A));
  if (dependsOn(curv, A))
    return part(
      "not-checkable",
      `∂²H/∂a² = ${print(curv)} depends on a: ∂H/∂a = 0 is not affine in a, and only such maximisers are solved in closed form`,
    );
  if (decideZero(curv) === true)
    return part(
      "not-checkable",
      `H = ${print(HP)} is affine in a: no interior maximiser (bang-bang control), and L's Legendre map is singular`,
    );
  const R = normalise(at(r, [[A, c.control]]));
  const L = normalise(at(c.lagrangian, [["r", R]]));
  const base = makeSystem({ lagrangian: L, coordinates: [S] });
  const positive = c.positive.filter((p) => base.parameters.includes(p));
  const sys = withAssumptions(base, { positive }, "positive");
  const d = derive(sys, { seed: 2509 });
  const ham = d.hamiltonian;
  if (!ham || ham.branch || ham.massMatrix)
    return part(
      "not-checkable",
      `L = ${print(L)} has no single-valued Legendre transform (${d.notes.join("; ") || "a branch"})`,
    );
  const p = ham.momentumSymbols[S];
  const sDot = ham.equations.find((e) => e.kind === "velocity")!.rhs;
  const pDot = ham.equations.find((e) => e.kind !== "velocity")!.rhs;
  const functions = abstractFunctions(sum(L, HP, R));
  const rec = createRecorder({
    seed: 2508,
    functions,
    positive: c.positive,
    offset: d.steps.length,
  });
  const withP = (e: Expr) => at(e, [[p, c.momentum]]);
  const subst = (of: Expr, w: Record<string, Expr>) => ({ op: "substitute" as const, of, with: w });
  try {
    const inverse = at(f, [[A, c.control]]);
    rec.equal(
      {
        rule: "substitute",
        label: "f(s, a(s, s')) = s'",
        justification: `velocity ↔ f: the control a(s, s') = ${print(c.control)} inverts s' = f(s, a)`,
        lhs: subst(f, { [A]: c.control }),
        rhs: sym(V),
      },
      inverse,
    );
    const s1 = rec.equal(
      {
        rule: "substitute",
        label: "H(s, a, λ)",
        justification: `Pontryagin's Hamiltonian ${print(c.hamiltonian)} with r and f (ℒ = H − λ·s' is the constrained Lagrangian: ∂ℒ/∂a = ∂H/∂a)`,
        lhs: subst(c.hamiltonian, { r, f }),
        rhs: HP,
      },
      at(c.hamiltonian, [
        ["r", r],
        ["f", f],
      ]),
    );
    const s2 = rec.partial(
      { rule: "derivative", label: "∂H/∂a", justification: "partial of H", rhs: dHa, uses: [s1] },
      HP,
      A,
    );
    rec.partial(
      {
        rule: "derivative",
        label: "∂²H/∂a²",
        justification: "free of a: ∂H/∂a = 0 is affine in a",
        rhs: curv,
        uses: [s2],
      },
      dHa,
      A,
    );
    const aStar = tidied(quotient(negate(at(dHa, [[A, num(0)]])), curv));
    const s4 = rec.root(
      {
        rule: "solve-stationary",
        label: "a*",
        justification: "∂H/∂a = 0 solved for a, checked by substitution",
        rhs: aStar,
        uses: [s2],
      },
      dHa,
      A,
      aStar,
      true,
    );
    /** Record e at a = a* (`uses`: the steps of e and a*). */
    const atAction = (e: Expr, label: string, words: string, uses: number[]) => {
      const value = tidied(at(e, [[A, aStar]]));
      const lhs = subst(e, { [A]: aStar });
      const step = rec.equal(
        { rule: "substitute", label, justification: words, lhs, rhs: value, uses },
        at(e, [[A, aStar]]),
      );
      return { value, step };
    };
    const { value: HStar, step: s5 } = atAction(
      HP,
      "H*(s, λ) = H(s, a*, λ)",
      "the Hamiltonian at the stationary action",
      [s1, s4],
    );
    const { value: fStar, step: sf } = atAction(
      f,
      "f(s, a*)",
      "the dynamics at the stationary action",
      [s4],
    );
    const mapped = ` at ${p} = ${print(c.momentum)}`;
    /** derive(L)'s step with this rule and label, followed through its simplify steps. */
    const derivedStep = (rule: string, label: string): number => {
      const first = d.steps.find((x) => x.rule === rule && x.label === label);
      if (!first) throw new Error(`derive(L) recorded no ${rule} step '${label}'`);
      let n: number = first.n;
      const simplified = (m: number) =>
        d.steps.find((x) => x.rule === "simplify" && x.uses.join() === String(m));
      for (let next = simplified(n); next; next = simplified(n)) n = next.n;
      return n;
    };
    /**
     * Record derive(L)'s result `derived` (its step `n`) at p = P(λ) (`mapping`) = `value`, the
     * Pontryagin side's result, by evaluation.
     */
    const compare = (n: number, derived: Expr, value: Expr, label: string, words: string) =>
      rec.equal(
        {
          rule: "substitute",
          label,
          justification: words,
          lhs: { op: "substitute", of: { step: n }, with: { [p]: c.momentum } },
          rhs: value,
          uses: [n],
        },
        withP(derived),
      );
    compare(
      derivedStep("solve-velocities", V),
      ham.velocities[V],
      fStar,
      `s'(s, ${p})${mapped} = f(s, a*)`,
      `velocity ↔ f(s, a): L's velocity solved from ${p} = ∂L/∂s'${mapped} is the dynamics at a* (step ${sf})`,
    );
    compare(
      derivedStep("legendre", "H"),
      ham.value,
      HStar,
      `H_L(s, ${p})${mapped} = H*(s, λ)`,
      `momentum ↔ costate: L's Legendre transform H_L = ${p}·s' − L${mapped} is the maximised Pontryagin Hamiltonian (step ${s5})`,
    );
    const sPont = tidied(differentiate(HStar, LAMBDA));
    const dHs = tidied(differentiate(HStar, S));
    const lPont = tidied(negate(dHs));
    const s8 = rec.partial(
      {
        rule: "derivative",
        label: "∂H*/∂λ",
        justification: "Pontryagin's state equation s' = ∂H*/∂λ",
        rhs: sPont,
        uses: [s5],
      },
      HStar,
      LAMBDA,
    );
    const s9 = rec.partial(
      {
        rule: "derivative",
        label: "∂H*/∂s",
        justification: "Pontryagin's costate equation λ' = −∂H*/∂s",
        rhs: dHs,
        uses: [s5],
      },
      HStar,
      S,
    );
    compare(
      derivedStep("hamilton-equations", V),
      sDot,
      sPont,
      `∂H_L/∂${p}${mapped} = ∂H*/∂λ`,
      `Hamilton's s' = ∂H_L/∂${p}${mapped} is Pontryagin's (step ${s8})`,
    );
    // Hamilton's p' = −∂H_L/∂s, carried to λ by p = P(λ), is P'(λ)·λ' with Pontryagin's
    // λ' = −∂H*/∂s (P'(λ) = 1 for p = λ).
    const dP = normalise(differentiate(c.momentum, LAMBDA));
    compare(
      derivedStep("hamilton-equations", `${p}'`),
      pDot,
      tidied(negate(product(dP, dHs))),
      `−∂H_L/∂s${mapped} = −P'(λ)·∂H*/∂s`,
      `Hamilton's ${p}'${mapped} is the rate P'(λ)·λ' of Pontryagin's λ' = −∂H*/∂s (step ${s9}), P'(λ) = ${print(dP)}`,
    );
    // The reward functional J = ∫ r(s, a(s, s')) dt varied directly: the same stationary paths.
    const rSys = makeSystem({ lagrangian: R, coordinates: [S] });
    const sR = rec.lagrangian(
      "r(s, a(s, s'))",
      `J = ∫ r(s, a(s, s')) dt, the reward functional as an action S (a = ${print(c.control)})`,
      R,
    );
    const eR = eulerSteps(rSys, rec, S, R, sR, "r");
    const eL = d.equations[0];
    rec.equal(
      {
        rule: "simplify",
        label: "stationary paths: E_s(L) = −E_s(r)",
        justification: `L's Euler–Lagrange expression is minus that of J (step ${eR.step}): the same stationary paths`,
        lhs: { op: "simplify", of: { step: eL.step }, rules: ["−E_s(r)"] },
        rhs: tidied(negate(eR.residual)),
        uses: [eL.step],
      },
      eL.residual,
    );
    const steps = [...d.steps, ...rec.steps];
    const chain =
      `L = ${print(L)}; a* = ${print(aStar)}, H* = ${print(HStar)} = H_L(s, ${p} = ${print(c.momentum)}); ` +
      `Pontryagin's s' = ${print(sPont)}, λ' = ${print(lPont)} are Hamilton's; E_s(L) = −E_s(r); ` +
      `${steps.length} steps (${d.steps.length} of derive(L), ${rec.steps.length} of the correspondence), each checked at ${rec.steps[0].check.points} random points (rtol ${rec.steps[0].check.rtol}${functions.size ? `, ${[...functions.keys()].join(", ")} drawn` : ""}); derive's ${d.crossChecks.length} cross-route checks passed`;
    const pos = new Set(c.positive);
    const assumed = c.positive.filter((x) => dependsOn(curv, x));
    if (sign(normalise(negate(curv)), pos) === "positive") {
      const limits = scope
        ? `. Scope: one state, dynamics f = ${print(f)} with a = ${print(c.control)} (a general f needs f invertible in a); 'under Adam/RMSprop' is not part of this statement (C5)`
        : "";
      return {
        ...part(
          "proved",
          `∂²H/∂a² = ${print(curv)} < 0${assumed.length ? ` (${assumed.join(", ")} > 0)` : ""}: a* is the unique maximiser; ${chain}${limits}`,
        ),
        steps,
        context: {
          kind: "mechanics",
          coordinates: [S],
          variables: ["t"],
          positive: c.positive,
          unknowns: [`${S}''`],
        },
      };
    }
    if (sign(curv, pos) === "positive")
      return part(
        "refuted",
        `∂²H/∂a² = ${print(curv)} > 0: H is convex in a, max_a H = +∞ and a* = ${print(aStar)} is a minimiser; the stationary values correspond (${chain})`,
      );
    return part(
      "not-checkable",
      `the sign of ∂²H/∂a² = ${print(curv)} is not decided (declare the parameters that are positive): a* may not be a maximiser; the stationary values correspond (${chain})`,
    );
  } catch (err) {
    if (!(err instanceof CheckError)) throw err;
    return part("refuted", `L = ${print(L)} does not correspond: ${err.message}`);
  }
}
