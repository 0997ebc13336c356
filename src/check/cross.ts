/**
 * The cross-route checks a record lists, re-run from the record alone where they can be: at a
 * random jet point (t, q, q', q'', …) the canonical point has p = P(q, q') (the record's momenta
 * evaluated), and
 *
 *   energy               H(q, p) = E(q, q')  (points outside the Legendre branch, where the
 *                        recorded v(q, p) does not give back q', are skipped)
 *   hamilton-velocity:q  the recorded q' = ∂H/∂p gives the jet's q'
 *   hamilton-force:q     the recorded p' = −∂H/∂q gives D_t P + E_q(L) (D_t by dual numbers along
 *                        the jet; E_q(L) only for a momentum conjugate to a coordinate itself)
 *   accelerations:q      E_q(L) = 0 at the recorded accelerations (or at the numeric solution of
 *                        the recorded M·a = F)
 *
 * (mechanics; for fields energy and accelerations). Checks that integrate the equations of motion
 * (noether-integration, noether-divergence) or run compiled assignments (lowering) are not re-run:
 * the summary counts them apart.
 */
import { checkAtPoints, type Mismatch } from "../expr/numeric/check.js";
import {
  evaluate,
  evaluateDual,
  magnitude,
  magnitudeDual,
  type Env,
  type FunctionModel,
} from "../expr/numeric/evaluate.js";
import type { Expr } from "../expr/types.js";
import { solveNumeric } from "../expr/numeric/numeric.js";
import { raise } from "../variational/jet.js";
import { jetSystem, RTOL, namesOf, resolve, type Scope } from "./numeric.js";
import { parseIn, RecordFailure, type ParsedRecord } from "./record.js";

export interface CrossResult {
  readonly rerun: string[];
  readonly skipped: string[];
}

type Obj = Record<string, unknown>;

/** Re-run the record's cross-route checks (module comment); throws the first that fails. */
export function rerunCrossChecks(record: ParsedRecord, scope: Scope): CrossResult {
  const raw = record.raw;
  const ids = (Array.isArray(raw.crossChecks) ? raw.crossChecks : []).map((c) =>
    String((c as Obj).id),
  );
  const out: CrossResult = { rerun: [], skipped: [] };
  const ctx = record.context;
  const at = (text: unknown, what: string) => parseIn(text, `${record.name}: ${what}`);
  const momenta = Object.entries((raw.momenta ?? {}) as Record<string, string>).map(
    ([c, e]) => [c, at(e, `momentum of ${c}`)] as const,
  );
  const P = ctx.momentumSymbols;
  const Hraw = raw.hamiltonian;
  const H =
    Hraw == null
      ? undefined
      : at(typeof Hraw === "string" ? Hraw : (Hraw as Obj).value, "hamiltonian");
  const residuals = new Map(
    ((raw.equations ?? []) as Obj[]).map((e) => [
      String(e.coordinate),
      at(e.residual, `E_${String(e.coordinate)}(L)`),
    ]),
  );
  const hamiltonEqs = ((raw.hamiltonEquations ?? []) as Obj[]).map((e) => ({
    lhs: String(e.lhs),
    coordinate: String(e.coordinate),
    kind: String(e.kind),
    rhs: at(e.rhs, `Hamilton's equation ${String(e.lhs)}`),
  }));
  // The recorded v(q, p): a point where it does not give back the jet's v is outside the branch.
  const legendre = scope.proof.steps.find((s) => s.lhs.op === "legendre");
  const velocities = legendre
    ? Object.entries((legendre.lhs.velocities ?? {}) as Obj).map(
        ([v, e]) => [v, resolve(scope, e, legendre, "velocities")] as const,
      )
    : [];
  const sys = jetSystem(scope);
  const canonical = (env: Env, model: FunctionModel) => {
    const point: Record<string, number> = { ...env };
    for (const [c, e] of momenta) point[P[c]] = evalIn(e, env, model);
    return point;
  };
  const inBranch = (point: Env, env: Env, model: FunctionModel) =>
    velocities.every(([v, e]) => {
      const back = evalIn(e, point, model);
      return Math.abs(back - env[v]) <= 1e-6 * (1 + Math.abs(env[v]));
    });
  const base = scope.seed + 15485863;
  const run = (
    id: string,
    k: number,
    exprs: Expr[],
    fn: (env: Env, model: FunctionModel) => [number, number, number],
  ) => {
    const names = namesOf(...exprs);
    for (const [c] of momenta) names.delete(P[c]);
    const m = checkAtPoints(names, (env, model) => fn(env, model), {
      points: scope.points,
      rtol: RTOL,
      seed: (base + 7919 * k) >>> 0,
      functions: scope.functions,
      positive: ctx.positive,
    });
    if (m) throw crossFailure(record.name, id, m);
    out.rerun.push(id);
  };
  ids.forEach((id, k) => {
    const [kind, c] = id.split(":");
    const field = ctx.kind === "field";
    const allMomenta = momenta.map(([, e]) => e);
    try {
      if (kind === "energy" && H && raw.energy !== undefined) {
        const E = at(raw.energy, "energy");
        run(id, k, [H, E, ...allMomenta, ...velocities.map(([, e]) => e)], (env, model) => {
          const point = canonical(env, model);
          if (!inBranch(point, env, model)) return [NaN, NaN, NaN];
          return [
            evalIn(H, point, model),
            evalIn(E, env, model),
            magnitude(H, point, model) + magnitude(E, env, model),
          ];
        });
      } else if (kind === "accelerations" && (raw.accelerations || raw.massMatrix)) {
        // The recorded accelerations, or the numeric solution of the recorded M·a = F.
        const coords = c === undefined ? ctx.coordinates : [c];
        const acc = raw.accelerations
          ? ctx.coordinates.map((q) => at((raw.accelerations as Obj)[q], `acceleration of ${q}`))
          : undefined;
        const M = ((raw.massMatrix ?? []) as Obj[]).map((row, i) =>
          ctx.unknowns.map((u) =>
            row[u] === undefined ? at("0", "0") : at(row[u], `massMatrix[${i}]`),
          ),
        );
        const F = ((raw.forcing ?? []) as unknown[]).map((f, i) => at(f, `forcing[${i}]`));
        const Es = coords.map((q) => residuals.get(q)!);
        run(id, k, [...Es, ...(acc ?? [...M.flat(), ...F])], (env, model) => {
          const values = acc
            ? acc.map((e) => evalIn(e, env, model))
            : solveNumeric(
                M.map((r) => r.map((e) => evalIn(e, env, model))),
                F.map((e) => evalIn(e, env, model)),
              );
          const x: Record<string, number> = { ...env };
          ctx.unknowns.forEach((u, i) => (x[u] = values[i]));
          const r = Es.reduce((s, e) => s + Math.abs(evalIn(e, x, model)), 0);
          return [0, r, Es.reduce((s, e) => s + magnitude(e, x, model), 0)];
        });
      } else if (!field && H && (kind === "hamilton-velocity" || kind === "hamilton-force")) {
        const velocity = kind === "hamilton-velocity";
        const eqs = hamiltonEqs.filter(
          (e) =>
            (velocity ? e.kind === "velocity" : e.kind === "force") &&
            (c === undefined || e.coordinate === c),
        );
        if (!eqs.length)
          throw new RecordFailure(
            `${record.name}: cross-route check ${id}: no such Hamilton equation`,
          );
        const extra = eqs.flatMap((e) => {
          const Pc = momenta.find(([q]) => q === e.coordinate)?.[1];
          return Pc
            ? [
                Pc,
                ...[...namesOf(Pc)].flatMap((s) => {
                  const up = raise(sys, s, 0);
                  return up ? [{ kind: "sym", name: up } as Expr] : [];
                }),
              ]
            : [];
        });
        const Es = eqs.flatMap((e) =>
          residuals.has(e.coordinate) ? [residuals.get(e.coordinate)!] : [],
        );
        run(
          id,
          k,
          [
            ...eqs.map((e) => e.rhs),
            ...allMomenta,
            ...extra,
            ...Es,
            ...eqs.map((e) => ({ kind: "sym", name: e.lhs.replace(/'$/, "") }) as Expr),
          ],
          (env, model) => {
            const point = canonical(env, model);
            let lhs = 0;
            let rhs = 0;
            let scale = 0;
            for (const e of eqs) {
              const claimed = evalIn(e.rhs, point, model);
              let want: number;
              if (velocity) want = env[e.lhs];
              else {
                const Pc = momenta.find(([q]) => q === e.coordinate)![1];
                const tangent: Record<string, number> = { [ctx.variables[0]]: 1 };
                for (const s of namesOf(Pc)) {
                  const up = raise(sys, s, 0);
                  if (up) tangent[s] = env[up];
                }
                const E = residuals.get(e.coordinate);
                want = dualIn(Pc, env, tangent, model) + (E ? evalIn(E, env, model) : 0);
                scale +=
                  magnitudeDual(Pc, env, tangent, model).deriv + (E ? magnitude(E, env, model) : 0);
              }
              lhs += claimed;
              rhs += want;
              scale += Math.abs(claimed) + Math.abs(want) + magnitude(e.rhs, point, model);
            }
            return [lhs, rhs, scale];
          },
        );
      } else out.skipped.push(id);
    } catch (err) {
      if (err instanceof RecordFailure) throw err;
      throw new RecordFailure(
        `${record.name}: cross-route check ${id} cannot be re-run: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  });
  return out;
}

const evalIn = (e: Expr, env: Env, model: FunctionModel) => evaluate(e, env, model);
const dualIn = (e: Expr, env: Env, tangent: Env, model: FunctionModel) =>
  evaluateDual(e, env, tangent, model).deriv;

function crossFailure(name: string, id: string, m: Mismatch): RecordFailure {
  const at = Object.entries(m.env)
    .map(([k, v]) => `${k}=${v.toPrecision(6)}`)
    .join(", ");
  return new RecordFailure(
    `${name}: cross-route check ${id} does not hold: ${m.lhs.toPrecision(6)} ≠ ${m.rhs.toPrecision(6)} at ${at}`,
  );
}
