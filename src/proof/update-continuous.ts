/**
 * The continuous route to an optimizer variant (see update.ts): the Euler–Lagrange equation of a
 * Lagrangian in the parameter, solved for θ'' by the ordinary derivation, discretised by explicit
 * or symplectic Euler, the caller's gradient fed in for f'(θ[k−1]), then a change of variables onto
 * torch's state and hyperparameters (v_θ = −h·b, h = √lr, γ = (1 − momentum)/√lr) and each
 * rewritten equation solved for the new state — every step checked.
 */
import { UserError } from "../errors.js";
import { freeOf, replace } from "../expr/algebra.js";
import { parse } from "../expr/syntax/parse.js";
import { num, sub, sym, type Expr } from "../expr/types.js";
import type {
  DerivationSpec,
  TextSpec,
  UpdateSpec,
  VariantSpec,
} from "../derivation-files/types.js";
import { explicitScheme, indexed, splitIndexed } from "../variational/discrete.js";
import type { Recorder } from "./record.js";
import { recordChange, recordFeed, recordStationary, type Proved } from "./update-steps.js";

/** Parse an expression of the file, a parse error pointing into the file. */
export function parseIn(spec: DerivationSpec, t: TextSpec, field: string): Expr {
  try {
    return parse(t.text);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const anchored =
      spec.source !== undefined && t.position !== undefined && err.position !== undefined;
    throw new UserError(err.code, `${spec.file ?? "<input>"}: ${field}: ${err.message}`, {
      source: anchored ? spec.source : err.source,
      position: anchored ? t.position! + err.position! : err.position,
    });
  }
}

/** The start of a stationarity solve: the previous value of a state or the parameter, else 0. */
export function startOf(u: UpdateSpec, name: string): Expr {
  const ix = splitIndexed(name);
  return ix && (ix.base === u.parameter || u.state.some((s) => s.name === ix.base))
    ? sym(indexed(ix.base, ix.index, -1))
    : num(0);
}

/** Heavy ball and friends: discretise the Euler–Lagrange equation, feed g, change variables. */
export function continuousRoute(
  spec: DerivationSpec,
  u: UpdateSpec,
  v: VariantSpec,
  where: string,
  rec: Recorder,
  fn: string,
  accelerations: Readonly<Record<string, Expr>>,
  accelerationStep: number,
): Proved[] {
  const c = v.continuous!;
  const velocityName = (q: string) => `v_${q}`;
  const input = {
    coordinates: [u.parameter],
    velocityOf: (q: string) => `${q}'`,
    velocityName,
    time: "t",
    step: c.step,
    index: u.index,
  };
  if (c.scheme !== "explicit-euler" && c.scheme !== "symplectic-euler")
    throw new UserError(
      "spec",
      `${spec.file}: ${where}: an optimizer variant is discretised by explicit-euler or symplectic-euler (got ${c.scheme})`,
    );
  const scheme = explicitScheme(c.scheme, input, accelerations);
  const prev = sym(indexed(u.parameter, u.index, -1));
  const change = new Map(
    c.change.map((x) => [x.name, parseIn(spec, x.value, `${where}.change.${x.name}`)] as const),
  );
  const renamed = new Map<string, string>();
  const map = new Map<string, Expr>();
  for (const [name, value] of change) {
    for (const [, e] of scheme)
      for (const s of [...freeOf(e), ...scheme.map(([n]) => n)]) {
        const ix = splitIndexed(s);
        if (ix && ix.base === name) {
          const fresh = freeOf(value);
          const target = [...fresh].find((x) => u.state.some((st) => st.name === x));
          if (!target)
            throw new UserError(
              "spec",
              `${spec.file}: ${where}: change.${name} must name a state variable`,
            );
          renamed.set(name, target);
          map.set(
            s,
            replace(value, new Map([[target, sym(indexed(target, ix.index, ix.offset))]])),
          );
        }
      }
    if (!renamed.has(name)) map.set(name, value);
  }
  const out: Proved[] = [];
  for (const [name, value] of scheme) {
    const written = rec.equal(
      {
        rule: "discretise",
        label: name,
        justification: `${c.scheme} with step ${c.step}, t = (${u.index} − 1)·${c.step}`,
        lhs: { op: "given", expr: value },
        rhs: value,
        uses: [accelerationStep],
      },
      value,
    );
    const fed = recordFeed(
      rec,
      {
        name,
        label: name,
        justification: `the caller's ${u.gradient} for ${fn}'(${prev.name})`,
        uses: [written],
      },
      value,
      fn,
      prev,
      u.gradient,
    );
    const ix = splitIndexed(name)!;
    const lhs = map.has(name) ? map.get(name)! : sym(name);
    const residual = sub(lhs, fed.value);
    const changed = recordChange(
      rec,
      {
        rule: "change-variables",
        label: `residual of ${name}`,
        justification: c.change.map((x) => `${x.name} = ${x.value.text}`).join(", "),
        uses: [fed.step],
      },
      residual,
      map,
    );
    const target = renamed.get(ix.base) ?? ix.base;
    const unknown = indexed(target, u.index, 0);
    const newer = [...freeOf(changed.value)].filter((s) => s === unknown);
    if (newer.length === 0)
      throw new UserError(
        "spec",
        `${spec.file}: ${where}: after the change of variables ${unknown} no longer appears`,
      );
    out.push(
      ...recordStationary(rec, changed.value, [unknown], [startOf(u, unknown)], where, [], {
        residuals: [changed.value],
        steps: [changed.step],
      }),
    );
  }
  return out;
}
