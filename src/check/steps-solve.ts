/**
 * Re-checks of the steps that solve or transform (see ./steps.ts for the rest), each from the
 * record's expressions by evaluation, numeric linear algebra and dual numbers:
 *
 *   solve            the claimed a_k = the k-th component of a numeric LU solve of M·a = F
 *   stationary       u = the numeric solution of the conditions (affine in u: A = ∂c/∂u by dual
 *                    numbers at u = 0, b = c(0)), which must make every condition vanish
 *   legendre         H(q, p) = Σ p·v − L(q, v) at v = v(q, p) (or v solving M·v = p − b)
 *   on-shell         of = rhs with the unknowns at the recorded accelerations (or the numeric
 *                    solution of the recorded M·a = F; or, for Noether's identity, of + Σ Q·E(L)
 *                    = rhs with the E(L) of the steps used)
 *   solve-velocities p = P(q, v(q, p)), P the momentum of the step it uses
 *   singular Hessian det M = 0 for the rows of the mass-matrix steps it uses
 */
import { findMismatch } from "../expr/numeric/check.js";
import { magnitude } from "../expr/numeric/evaluate.js";
import { detNumeric, solveNumeric } from "../expr/numeric/numeric.js";
import { add, mul, num, sym, type Expr } from "../expr/types.js";
import { raise } from "../variational/jet.js";
import {
  mapOf,
  jetSystem,
  atPoints,
  expectNone,
  guard,
  namesOf,
  optionsFor,
  resolve,
  stepAt,
  where,
  type Scope,
} from "./numeric.js";
import { parseIn, RecordFailure, type ParsedStep } from "./record.js";

const names = (scope: Scope, step: ParsedStep, field: string): string[] => {
  const v = step.lhs[field];
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string"))
    throw new RecordFailure(`${where(scope, step)}: lhs.${field} is not a list of names`);
  return v as string[];
};

const list = (scope: Scope, step: ParsedStep, v: unknown, field: string): Expr[] => {
  if (!Array.isArray(v)) throw new RecordFailure(`${where(scope, step)}: ${field} is not a list`);
  return v.map((x, i) => resolve(scope, x, step, `${field}[${i}]`));
};

/** The k-th component of the solution of M·a = F, compared with the claim. */
export function checkSolve(scope: Scope, step: ParsedStep): void {
  const rows = step.lhs.matrix;
  if (!Array.isArray(rows)) throw new RecordFailure(`${where(scope, step)}: lhs.matrix is missing`);
  const M = rows.map((r, i) => list(scope, step, r, `lhs.matrix[${i}]`));
  const F = list(scope, step, step.lhs.rhs, "lhs.rhs");
  const unknowns = names(scope, step, "unknowns");
  const k = unknowns.indexOf(String(step.lhs.unknown));
  if (k < 0 || M.length !== unknowns.length || F.length !== unknowns.length)
    throw new RecordFailure(
      `${where(scope, step)}: the system M·a = F does not match its unknowns`,
    );
  atPoints(
    scope,
    step,
    namesOf(step.rhs, ...M.flat(), ...F),
    (env, model, ev) => {
      const x = solveNumeric(
        M.map((r) => r.map((e) => ev.evaluate(e, env, model))),
        F.map((e) => ev.evaluate(e, env, model)),
      );
      return [ev.evaluate(step.rhs, env, model), x[k], Math.max(...x.map(Math.abs))];
    },
    { what: "claimed … ≠ the numeric solution" },
  );
}

/**
 * The unknown of an affine stationarity condition, solved numerically (module comment); in a
 * claim's proof, one unknown of any condition: the condition vanishes at the claimed root.
 */
export function checkStationary(scope: Scope, step: ParsedStep): void {
  const conditions = list(scope, step, step.lhs.of, "lhs.of");
  const unknowns = names(scope, step, "unknowns");
  const k = unknowns.indexOf(String(step.lhs.unknown));
  if (k < 0 || conditions.length !== unknowns.length)
    throw new RecordFailure(`${where(scope, step)}: the conditions do not match the unknowns`);
  const drawn = [...namesOf(step.rhs, ...conditions)].filter((s) => !unknowns.includes(s));
  if (scope.proof.name.startsWith("claim") && unknowns.length === 1) {
    // A claim's stationary point may be a root of a nonlinear condition c(u) = 0 (l = (p·μ)^(−1/2)
    // of −1/(p·l²) + μ): the claimed root must make it vanish, as a Newton correction c/c' small
    // against the root.
    const [c, u] = [conditions[0], unknowns[0]];
    return atPoints(
      scope,
      step,
      drawn,
      (env, model, ev) => {
        const root = ev.evaluate(step.rhs, env, model);
        const at = { ...env, [u]: root };
        const slope = ev.derivative(c, at, { [u]: 1 }, model);
        return [ev.evaluate(c, at, model) / slope, 0, 1 + Math.abs(root)];
      },
      { what: "the condition at the claimed root … ≠ 0 (as a Newton correction)" },
    );
  }
  atPoints(
    scope,
    step,
    drawn,
    (env, model, ev) => {
      const zero: Record<string, number> = { ...env };
      for (const u of unknowns) zero[u] = 0;
      const b = conditions.map((c) => ev.evaluate(c, zero, model));
      const A = conditions.map((c) =>
        unknowns.map((u) => ev.derivative(c, zero, { [u]: 1 }, model)),
      );
      const x = solveNumeric(
        A,
        b.map((v) => -v),
      );
      const at: Record<string, number> = { ...env };
      unknowns.forEach((u, i) => (at[u] = x[i]));
      // Not affine in the unknowns: the solution must still make every condition vanish.
      const residual = conditions.reduce((s, c) => s + Math.abs(ev.evaluate(c, at, model)), 0);
      const scale = b.reduce((s, v) => s + Math.abs(v), 0) + x.reduce((s, v) => s + Math.abs(v), 0);
      const claimed = ev.evaluate(step.rhs, env, model);
      return [claimed + residual, x[k], scale];
    },
    { what: "claimed … ≠ the numeric solution" },
  );
}

/** The velocity symbol of a canonical coordinate: q → q', x' → x'' (Ostrogradsky), u → u_t. */
const velocityOf = (scope: Scope, c: string): string => raise(jetSystem(scope), c, 0) ?? `${c}'`;

/** H = Σ p·v − L at v(q, p) (module comment). */
export function checkLegendre(scope: Scope, step: ParsedStep): void {
  const L = resolve(scope, step.lhs.lagrangian, step, "lhs.lagrangian");
  const velocities = mapOf(scope, step, "velocities");
  const P = step.lhs.momentumSymbols as Record<string, string> | undefined;
  if (!P || typeof P !== "object")
    throw new RecordFailure(`${where(scope, step)}: lhs.momentumSymbols is missing`);
  const mm = step.lhs.massMatrix as
    | { matrix?: unknown; b?: unknown; unknowns?: unknown }
    | undefined;
  const form = mm && {
    M: (Array.isArray(mm.matrix) ? mm.matrix : []).map((r, i) =>
      list(scope, step, r, `lhs.massMatrix.matrix[${i}]`),
    ),
    b: list(scope, step, mm.b, "lhs.massMatrix.b"),
    unknowns: Array.isArray(mm.unknowns) ? (mm.unknowns as string[]) : [],
  };
  const coords = Object.keys(P);
  // The rows of M·v = p − b follow the system's coordinates.
  const rows = scope.context.coordinates.filter((q) => q in P);
  const drawn = namesOf(
    L,
    step.rhs,
    ...velocities.map(([, e]) => e),
    ...(form ? [...form.M.flat(), ...form.b] : []),
  );
  for (const c of coords) drawn.add(P[c]);
  atPoints(
    scope,
    step,
    drawn,
    (env, model, ev) => {
      const point: Record<string, number> = { ...env };
      for (const [v, e] of velocities) point[v] = ev.evaluate(e, env, model);
      if (form) {
        const x = solveNumeric(
          form.M.map((r) => r.map((e) => ev.evaluate(e, env, model))),
          form.b.map((e, i) => env[P[rows[i]]] - ev.evaluate(e, env, model)),
        );
        form.unknowns.forEach((v, i) => (point[v] = x[i]));
      }
      const Lv = ev.evaluate(L, point, model);
      let sum = -Lv;
      let scale = Math.abs(Lv);
      for (const c of coords) {
        const term = env[P[c]] * point[velocityOf(scope, c)];
        sum += term;
        scale += Math.abs(term);
      }
      return [ev.evaluate(step.rhs, point, model), sum, scale];
    },
    { what: "claimed H … ≠ Σ p·v − L" },
  );
}

/** p = P(q, v(q, p)) with P the momentum of the single step used (module comment). */
export function checkSolveVelocities(scope: Scope, step: ParsedStep): void {
  const source = step.uses.length === 1 ? stepAt(scope, step.uses[0]) : undefined;
  if (!source || source.n >= step.n)
    throw new RecordFailure(
      `${where(scope, step)} must use exactly one earlier step: the momentum it solves`,
    );
  const p = resolve(scope, step.lhs.expr, step, "lhs.expr");
  // Every velocity solved in this proof (a momentum may read the other velocities).
  const solved = scope.proof.steps
    .filter((s) => s.rule === "solve-velocities" && s.lhs.op === "given")
    .map((s) => [s.label, s.rhs] as const);
  const drawn = namesOf(p, step.rhs, source.rhs, ...solved.map(([, e]) => e));
  for (const [v] of solved) drawn.delete(v);
  atPoints(
    scope,
    step,
    drawn,
    (env, model, ev) => {
      const at: Record<string, number> = { ...env };
      for (const [v, e] of solved) at[v] = ev.evaluate(e, env, model);
      return [ev.evaluate(p, env, model), ev.evaluate(source.rhs, at, model), 0];
    },
    { what: `the momentum … ≠ step ${source.n} at the solved velocities` },
  );
}

const isZero = (e: Expr) => e.kind === "num" && e.value === "0";

/** det M = 0 for the rows of the mass-matrix steps used. */
export function checkSingular(scope: Scope, step: ParsedStep): void {
  const unknowns = scope.proof.unknowns ?? scope.context.unknowns;
  const rows = step.uses.map((n) => {
    const s = stepAt(scope, n);
    if (!s || s.lhs.op !== "mass-matrix")
      throw new RecordFailure(
        `${where(scope, step)} uses step ${n}, which is not a mass-matrix row`,
      );
    return new Map(mapOf(scope, s, "row"));
  });
  if (rows.length !== unknowns.length)
    throw new RecordFailure(
      `${where(scope, step)} uses ${rows.length} rows for ${unknowns.length} unknowns`,
    );
  const M = rows.map((r) => unknowns.map((a) => r.get(a) ?? num(0)));
  const stated = resolve(scope, step.lhs.expr, step, "lhs.expr");
  if (!(isZero(stated) && isZero(step.rhs)))
    throw new RecordFailure(
      `${where(scope, step)}: a singular Hessian states det M = 0 (given 0 = 0)`,
    );
  atPoints(
    scope,
    step,
    namesOf(...M.flat()),
    (env, model, ev) => {
      const A = M.map((r) => r.map((e) => ev.evaluate(e, env, model)));
      return [0, detNumeric(A), Math.max(...A.flat().map(Math.abs)) ** A.length];
    },
    { what: "0 … ≠ det M" },
  );
}

/**
 * Noether's identity on solutions: `of` = R − Σ_a Q_a·E_a(L) off solutions, so `of` + Σ_a Q_a·E_a
 * must equal the claimed rate, with E_a the Euler operators of the steps used and the
 * characteristic Q_a = η_a − Σ_ν u_{a,ν}·ξ^ν from the charge's generator.
 */
function onShellIdentity(scope: Scope, step: ParsedStep, of: Expr): void {
  const generator = (scope.proof.charge?.generator ?? {}) as Record<string, string>;
  const ctx = scope.context;
  const sys = jetSystem(scope);
  const at = (k: string) => parseIn(generator[k] ?? "0", `${where(scope, step)}: generator ${k}`);
  const E = new Map<string, Expr>();
  for (const n of step.uses) {
    const s = stepAt(scope, n);
    const m = s && /^E_(.+)\(L\)$/.exec(s.label);
    if (m) E.set(m[1], s.rhs);
  }
  if (ctx.coordinates.some((q) => !E.has(q)))
    throw new RecordFailure(
      `${where(scope, step)} must use the Euler–Lagrange expression of every coordinate`,
    );
  const terms = ctx.coordinates.map((a) => {
    const xi = ctx.variables.map((x, j) => mul(sym(raise(sys, a, j) ?? a), at(x)) as Expr);
    return mul(add(at(a), mul(num(-1), add(...xi))), E.get(a)!);
  });
  const m = guard(scope, step, () =>
    findMismatch(add(of, ...terms), step.rhs, optionsFor(scope, step)),
  );
  expectNone(scope, step, m, "lhs + Σ Q·E(L) … ≠ rhs");
}

/** `of` on solutions = rhs (module comment). */
export function checkOnShell(scope: Scope, step: ParsedStep): void {
  const of = resolve(scope, step.lhs.of, step, "lhs.of");
  const unknowns = names(scope, step, "unknowns");
  const by = step.lhs.by;
  const raw = scope.raw;
  if (by === "identity") return onShellIdentity(scope, step, of);
  const coords = scope.context.coordinates;
  const where0 = `${where(scope, step)}: the record's`;
  let acc: Expr[] | undefined;
  let M: Expr[][] | undefined;
  let F: Expr[] | undefined;
  if (by === "accelerations") {
    const a = raw.accelerations as Record<string, string> | null;
    if (!a) throw new RecordFailure(`${where0} accelerations are missing`);
    acc = coords.map((q) => parseIn(a[q], `${where0} acceleration of ${q}`));
  } else {
    const rows = raw.massMatrix as Record<string, string>[] | null;
    const forcing = raw.forcing as string[] | null;
    if (!rows || !forcing) throw new RecordFailure(`${where0} mass matrix is missing`);
    M = rows.map((r, i) =>
      unknowns.map((u) =>
        r[u] === undefined ? num(0) : parseIn(r[u], `${where0} massMatrix[${i}]`),
      ),
    );
    F = forcing.map((f, i) => parseIn(f, `${where0} forcing[${i}]`));
  }
  const drawn = namesOf(of, step.rhs, ...(acc ?? []), ...(M ?? []).flat(), ...(F ?? []));
  atPoints(
    scope,
    step,
    drawn,
    (env, model, ev) => {
      const values = acc
        ? acc.map((e) => ev.evaluate(e, env, model))
        : solveNumeric(
            M!.map((r) => r.map((e) => ev.evaluate(e, env, model))),
            F!.map((e) => ev.evaluate(e, env, model)),
          );
      const x: Record<string, number> = { ...env };
      unknowns.forEach((u, i) => (x[u] = values[i]));
      const l = ev.evaluate(of, x, model);
      const r = ev.evaluate(step.rhs, x, model);
      return [l, r, magnitude(of, x, model) + magnitude(step.rhs, x, model)];
    },
    { what: "lhs on solutions … ≠ rhs" },
  );
}

/**
 * Hamilton's equations of a Hamiltonian in mass-matrix form: the claimed rhs = ±dH/dz along the
 * solution v of M·v = p − b (the tangent of v is M⁻¹(∂r − ∂M·v), r = p − b), as the recorder states.
 */
export function massMatrixHamilton(scope: Scope, step: ParsedStep, H: Expr, z: string): void {
  const form = scope.raw.hamiltonian as {
    velocities: string[];
    massMatrix: Record<string, string>[];
    b: string[];
  };
  const at = `${where(scope, step)}: the record's mass-matrix Hamiltonian`;
  const vs = form.velocities;
  const M = form.massMatrix.map((r) =>
    vs.map((v) => (r[v] === undefined ? num(0) : parseIn(r[v], at))),
  );
  const b = form.b.map((e) => parseIn(e, at));
  const momenta = scope.context.coordinates.map((q) => scope.context.momentumSymbols[q]);
  const i = momenta.indexOf(z);
  const byP = i >= 0;
  const drawn = namesOf(H, step.rhs, ...M.flat(), ...b);
  momenta.forEach((p) => drawn.add(p));
  vs.forEach((v) => drawn.delete(v));
  atPoints(
    scope,
    step,
    drawn,
    (env, model, ev) => {
      const A = M.map((r) => r.map((e) => ev.evaluate(e, env, model)));
      const v = solveNumeric(
        A,
        b.map((e, j) => env[momenta[j]] - ev.evaluate(e, env, model)),
      );
      const point: Record<string, number> = { ...env };
      vs.forEach((s, j) => (point[s] = v[j]));
      const dir = { [z]: 1 };
      const rhs = b.map((e, j) =>
        byP
          ? j === i
            ? 1
            : 0
          : -ev.derivative(e, point, dir, model) -
            M[j].reduce((s, m, k) => s + ev.derivative(m, point, dir, model) * v[k], 0),
      );
      const dv = solveNumeric(A, rhs);
      const tangent: Record<string, number> = { [z]: 1 };
      vs.forEach((s, j) => (tangent[s] = dv[j]));
      const d = ev.derivative(H, point, tangent, model);
      const claimed = ev.evaluate(step.rhs, point, model);
      return [claimed, byP ? d : -d, Math.abs(claimed) + Math.abs(d)];
    },
    { what: `claimed … ≠ ${byP ? "" : "−"}dH/d${z} along M·v = p − b` },
  );
}
