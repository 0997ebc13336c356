/**
 * The record's dependency graph and its rule ids, checked exactly. Every step:
 *
 * - names a known rule whose operation it is (partial-velocity is a `partial` in a velocity, …),
 *   its `wrt` of the right kind (a coordinate, a velocity, a higher jet, a momentum);
 * - uses only earlier steps, each once, among them every `{ "step": n }` its operation refers to;
 * - uses exactly the steps its rule reads (below), so that any link removed, added or redirected
 *   is caught. Single-operand operations (partial, total, simplify, mass-matrix, affine,
 *   stationary, legendre, substitute) refer to every step they read, so their `uses` are exactly
 *   their references; the others are defined by what the rule combines (the Euler operator's
 *   chain ends, one per jet variable; the energy's Lagrangian and final momenta; all the rows of
 *   M·a = F; …) and several are also checked by value in ./steps-rules.ts.
 */
import { parseJetName, jetOrder } from "../variational/jet.js";
import type { System } from "../variational/types.js";
import { jetSystem, momentumSymbols, stepAt, where, type Scope } from "./numeric.js";
import { isRef, RecordFailure, type ParsedStep } from "./record.js";

/** The operations each rule id may record. */
export const RULE_OPS: Readonly<Record<string, readonly string[]>> = {
  lagrangian: ["given"],
  "partial-coordinate": ["partial"],
  "partial-velocity": ["partial"],
  "partial-jet": ["partial"],
  "total-derivative": ["total"],
  "euler-lagrange": ["combine"],
  "mass-matrix": ["mass-matrix"],
  "singular-hessian": ["given"],
  "solve-accelerations": ["solve"],
  momentum: ["partial", "combine"],
  "solve-velocities": ["given", "affine"],
  energy: ["combine"],
  legendre: ["legendre"],
  "hamilton-equations": ["partial", "combine"],
  simplify: ["simplify"],
  "symmetry-residual": ["combine"],
  "symmetry-condition": ["combine"],
  "noether-charge": ["combine"],
  "noether-identity": ["combine"],
  "on-shell-rate": ["on-shell"],
  "gradient-input": ["partial", "substitute"],
  stationarity: ["partial"],
  "solve-stationary": ["stationary"],
  discretise: ["given"],
  "change-variables": ["substitute"],
  "first-step": ["given"],
  derivative: ["partial"],
  substitute: ["substitute"],
};

/** Every `{ step: n }` in an operation. */
export function refsOf(v: unknown, into: Set<number> = new Set()): Set<number> {
  if (isRef(v)) into.add(v.step);
  else if (Array.isArray(v)) v.forEach((x) => refsOf(x, into));
  else if (typeof v === "object" && v !== null && !("kind" in v))
    Object.values(v).forEach((x) => refsOf(x, into));
  return into;
}

const fail = (scope: Scope, step: ParsedStep, why: string) =>
  new RecordFailure(`${where(scope, step)}: ${why}`);

/** The jet order of `name` for the system (coordinates and momentum fields), or undefined. */
function orderOf(sys: System, name: string): number | undefined {
  const v = parseJetName(sys, name);
  return v && jetOrder(v);
}

/** The rule's operation and `wrt` (module comment). */
export function checkRule(scope: Scope, step: ParsedStep): void {
  const ops = RULE_OPS[step.rule];
  if (!ops) throw fail(scope, step, `unknown rule id '${step.rule}'`);
  if (!ops.includes(step.lhs.op))
    throw fail(
      scope,
      step,
      `rule ${step.rule} does not record a '${step.lhs.op}' operation (only ${ops.join(", ")})`,
    );
  const kind =
    (["noether", "update", "claim"] as const).find((k) => scope.proof.name.startsWith(k)) ??
    "derivation";
  if (!PROOF_RULES[kind].includes(step.rule))
    throw fail(scope, step, `rule ${step.rule} has no place in a ${kind} proof`);
  checkLabel(scope, step);
  if (step.lhs.op === "substitute" && ["gradient-input", "change-variables"].includes(step.rule)) {
    // The caller's gradient g stands for f'(θ[k−1]); a change of variables substitutes no derivative.
    const values = Object.values((step.lhs.with ?? {}) as Record<string, unknown>);
    const isGradient = (v: unknown) =>
      typeof v === "object" && v !== null && (v as { kind?: string }).kind === "call";
    if ((step.rule === "gradient-input") !== (values.length > 0 && values.every(isGradient)))
      throw fail(
        scope,
        step,
        step.rule === "gradient-input"
          ? "a gradient input substitutes the caller's gradient for f'(θ[k−1]) only"
          : "a change of variables does not substitute the caller's gradient",
      );
  }
  if (step.lhs.op !== "partial") return;
  const wrt = String(step.lhs.wrt);
  const ctx = scope.context;
  const momenta = new Set(Object.values(momentumSymbols(scope)));
  const source = isRef(step.lhs.of) ? origin(scope, step.lhs.of.step) : undefined;
  // What is differentiated: L (a Lagrangian step), or H (a Legendre step: Hamilton's equations,
  // and the Euler operators of a field's Hamiltonian density, whose jets include the momenta).
  const density0 = ctx.kind === "field" ? ["lagrangian", "legendre"] : ["lagrangian"];
  const wanted: Record<string, string[]> = {
    "hamilton-equations": ["legendre"],
    momentum: ["lagrangian"],
    stationarity: ["lagrangian"],
    "partial-coordinate": density0,
    "partial-velocity": density0,
    "partial-jet": density0,
  };
  const from = wanted[step.rule];
  if (from && !(source && from.includes(source.rule)))
    throw fail(
      scope,
      step,
      `rule ${step.rule} differentiates ${from.join(" or ")} step, not this operand`,
    );
  if (step.rule === "gradient-input" && source)
    throw fail(scope, step, "the gradient input differentiates the loss as written");
  const density = source?.rule === "legendre" && step.rule !== "hamilton-equations";
  const sys = jetSystem(scope);
  const fields = {
    ...sys,
    coordinates: density ? [...ctx.coordinates, ...momenta] : ctx.coordinates,
  } as System;
  const order = orderOf(fields, wrt);
  const ok: Record<string, () => boolean> = {
    "partial-coordinate": () => order === 0 || ctx.variables.includes(wrt),
    "partial-velocity": () => order === 1,
    "partial-jet": () => order !== undefined && order >= 2,
    momentum: () => order === 1,
    "hamilton-equations": () => momenta.has(wrt) || order !== undefined,
    stationarity: () => order === undefined && !ctx.variables.includes(wrt),
    "gradient-input": () => order === 0,
  };
  const what: Record<string, string> = {
    "partial-coordinate": "a coordinate or an independent variable",
    "partial-velocity": "a velocity (a first derivative)",
    "partial-jet": "a derivative of order 2 or more",
    momentum: "a velocity",
    "hamilton-equations": "a momentum or a canonical coordinate",
    stationarity: "a new value of the step (not a jet variable)",
    "gradient-input": "the parameter",
  };
  if (ok[step.rule] && !ok[step.rule]())
    throw fail(
      scope,
      step,
      `rule ${step.rule} differentiates in ${what[step.rule]}, not in ${wrt}`,
    );
}

/** Rules that belong to update variants only. */
const UPDATE_ONLY = [
  "gradient-input",
  "stationarity",
  "solve-stationary",
  "discretise",
  "change-variables",
  "first-step",
];
/** Rules of a claim's proof only (src/verify): a derivative of a result that is not L. */
const CLAIM_ONLY = ["derivative", "substitute"];
const NOETHER_ONLY = [
  "symmetry-residual",
  "symmetry-condition",
  "noether-charge",
  "noether-identity",
  "on-shell-rate",
];
const ALL = Object.keys(RULE_OPS);
/** The rules of each kind of proof (an update variant may start with a derivation). */
const PROOF_RULES: Readonly<Record<string, readonly string[]>> = {
  derivation: ALL.filter(
    (r) => !UPDATE_ONLY.includes(r) && !NOETHER_ONLY.includes(r) && !CLAIM_ONLY.includes(r),
  ),
  noether: [
    "lagrangian",
    "partial-coordinate",
    "partial-velocity",
    "partial-jet",
    "total-derivative",
    "euler-lagrange",
    "simplify",
    ...NOETHER_ONLY,
  ],
  update: ALL.filter((r) => !NOETHER_ONLY.includes(r) && !CLAIM_ONLY.includes(r)),
  // A claim's proof (src/verify) may use any rule: it is a derivation, an update or a Noether
  // argument about a model the claim states.
  claim: ALL,
};

/**
 * Labels that tie a rule to its place: the Lagrangian (L, first) or a sub-action (S); a first-step
 * rule replaces the update of a value an earlier solve-stationary step solved.
 */
function checkLabel(scope: Scope, step: ParsedStep): void {
  const first = (scope.proof.steps[0] ?? step).n;
  // A claim's proof states its Lagrange functions as the claim names them (F, ℒ, Pontryagin's H,
  // the reward of J), possibly several; a derivation's L is its first step.
  const claim = scope.proof.name.startsWith("claim");
  if (
    step.rule === "lagrangian" &&
    !claim &&
    !(step.label === "S" || (step.label === "L" && step.n === first))
  )
    throw fail(
      scope,
      step,
      "a lagrangian step states L (the first step; a claim's Lagrange function) or a sub-action S",
    );
  if (
    step.rule === "first-step" &&
    !scope.proof.steps.some(
      (s) => s.n < step.n && s.rule === "solve-stationary" && s.label === step.label,
    )
  )
    throw fail(
      scope,
      step,
      `a first-step rule replaces an update solved earlier, not ${step.label}`,
    );
}

/** Follow simplify steps back to the step that derived the result. */
export function origin(scope: Scope, n: number): ParsedStep | undefined {
  let s = stepAt(scope, n);
  while (s && s.rule === "simplify" && s.uses.length === 1) s = stepAt(scope, s.uses[0]);
  return s;
}

/** The last step before `step` whose label is `label` (a result's final form). */
function lastLabelled(
  scope: Scope,
  before: number,
  test: (s: ParsedStep) => boolean,
): ParsedStep[] {
  const all = [...(scope.proof.outer ?? []), ...scope.proof.steps].filter((s) => s.n < before);
  const byLabel = new Map<string, ParsedStep>();
  for (const s of all) if (test(s)) byLabel.set(s.label, s);
  return [...byLabel.values()];
}

const same = (a: Iterable<number>, b: Iterable<number>) => {
  const x = [...new Set(a)].sort((p, q) => p - q).join(",");
  const y = [...new Set(b)].sort((p, q) => p - q).join(",");
  return x === y;
};

/** The exact `uses` of the rules that combine several results, or undefined (refs decide). */
function expectedUses(scope: Scope, step: ParsedStep): number[] | undefined {
  const earlier = scope.proof.steps.filter((s) => s.n < step.n);
  const labelOf = (rule: string) => (s: ParsedStep) => origin(scope, s.n)?.rule === rule;
  const finalsOf = (rule: string) => lastLabelled(scope, step.n, labelOf(rule)).map((s) => s.n);
  const first = scope.proof.outer?.[0] ?? scope.proof.steps[0];
  const eqFinals = () =>
    lastLabelled(
      scope,
      step.n,
      (s) => /^E_/.test(s.label) && origin(scope, s.n)?.rule === "euler-lagrange",
    ).map((s) => s.n);
  const currentDerivatives = () =>
    earlier
      .filter(
        (s) =>
          s.rule === "total-derivative" &&
          isRef(s.lhs.of) &&
          stepAt(scope, (s.lhs.of as { step: number }).step)?.rule === "noether-charge",
      )
      .map((s) => s.n);
  switch (step.rule) {
    case "lagrangian":
      return scope.proof.outer && step.label === "S" && scope.proof.outer.length ? [first.n] : [];
    case "first-step":
      return [];
    case "singular-hessian":
    case "solve-accelerations":
      return earlier.filter((s) => s.rule === "mass-matrix").map((s) => s.n);
    case "energy":
      return [first.n, ...finalsOf("momentum")];
    case "legendre":
      return [
        ...refsOf(step.lhs),
        ...earlier.filter((s) => s.rule === "solve-velocities").map((s) => s.n),
      ];
    case "symmetry-residual":
      return earlier.map((s) => s.n);
    case "noether-charge": {
      const m = step.label.startsWith("J^") ? step.label.slice(2) : scope.context.variables[0];
      const j = scope.context.variables.indexOf(m);
      const sys = jetSystem(scope);
      const wanted = (wrt: string) => {
        const v = parseJetName(sys, wrt);
        return !!v && jetOrder(v) === 1 && v.alpha[j] === 1;
      };
      return [
        first.n,
        ...earlier
          .filter((s) => s.rule === "partial-velocity" && wanted(String(s.lhs.wrt)))
          .map((s) => s.n),
      ];
    }
    case "symmetry-condition":
      return earlier.filter((s) => s.rule === "symmetry-residual").map((s) => s.n);
    case "noether-identity":
      return [
        ...earlier.filter((s) => s.rule === "symmetry-residual").map((s) => s.n),
        ...currentDerivatives(),
        ...eqFinals(),
      ];
    case "on-shell-rate":
      return [...currentDerivatives(), ...(step.lhs.by === "identity" ? eqFinals() : [])];
    case "discretise": {
      const unknowns = scope.proof.unknowns ?? scope.context.unknowns;
      return lastLabelled(
        scope,
        step.n,
        (s) => unknowns.includes(s.label) && origin(scope, s.n)?.rule === "solve-accelerations",
      ).map((s) => s.n);
    }
    case "gradient-input":
    case "change-variables":
      if (step.lhs.op === "substitute" && !isRef(step.lhs.of)) {
        const prev = [...(scope.proof.outer ?? []), ...scope.proof.steps].filter(
          (s) => s.n === step.n - 1,
        );
        return step.rule === "gradient-input"
          ? earlier
              .filter((s) => s.rule === "gradient-input" && s.lhs.op === "partial")
              .map((s) => s.n)
          : prev.map((s) => s.n);
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The graph rules of the module comment for one step. */
export function checkUses(scope: Scope, step: ParsedStep): void {
  const seen = new Set<number>();
  for (const u of step.uses) {
    if (seen.has(u)) throw fail(scope, step, `uses step ${u} twice`);
    seen.add(u);
    const s = stepAt(scope, u);
    if (!s || u >= step.n) throw fail(scope, step, `uses step ${u}, which is not an earlier step`);
  }
  const refs = refsOf(step.lhs);
  for (const r of refs)
    if (!seen.has(r)) throw fail(scope, step, `refers to step ${r} but does not list it in uses`);
  if (step.rule === "discretise" && !expectedUses(scope, step)?.length)
    throw fail(scope, step, "a discretisation steps solved accelerations, and none precede it");
  const expected = expectedUses(scope, step) ?? (isMultiInput(step) ? undefined : [...refs]);
  if (expected && !same(expected, step.uses))
    throw fail(
      scope,
      step,
      `uses [${step.uses.join(", ")}] but rule ${step.rule} reads steps [${[...new Set(expected)].sort((a, b) => a - b).join(", ")}]`,
    );
}

/** Rules whose uses are checked by value (./steps-rules.ts) rather than by a fixed set. */
const isMultiInput = (step: ParsedStep) =>
  (step.lhs.op === "combine" &&
    ["euler-lagrange", "momentum", "hamilton-equations"].includes(step.rule)) ||
  (step.lhs.op === "given" && step.rule === "solve-velocities");
