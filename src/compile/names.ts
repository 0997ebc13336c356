/**
 * The identifier mapping of the compiler: every name of an update rule (hyperparameters, state,
 * parameter, gradient, step index, time, per-step scalars, locals) is checked against the strict
 * pattern /^[A-Za-z][A-Za-z0-9_]*$/ and mapped to a generated identifier with a role prefix:
 *
 *   hyperparameter lr → h_lr     state m → s_m (its buffer b_m)    scalar c1 → c_c1
 *   local G → l_G                parameter θ → p_theta             gradient g → g_g
 *   step index k → k_k           time t → t_t
 *
 * A rule name never appears in generated code except behind its prefix (so `constructor`,
 * `__proto__` — refused by the pattern, which wants a letter first — `eval`, `this`, `import` become
 * h_eval, s_this, l_import …), as a JSON string literal (object keys, messages), or in a sanitised
 * comment. The compiler's own identifiers (P, G, i, n, t0, t1, …) contain no underscore, so they
 * cannot meet a prefixed name; a redefinition of a name gets a `$n` suffix (`$` is not in the
 * pattern).
 */
import { UserError } from "../errors.js";
import { IDENTIFIER } from "../expr/types.js";
import type { Assignment, UpdateRule, UpdateVariant } from "../proof/types.js";

/** What a rule name stands for. */
export type Role = "hyper" | "state" | "parameter" | "gradient" | "index" | "time";

/** Prefixes of generated identifiers by role (scalars and locals are per variant). */
const PREFIX = {
  hyper: "h_",
  state: "s_",
  parameter: "p_",
  gradient: "g_",
  index: "k_",
  time: "t_",
  scalar: "c_",
  local: "l_",
  buffer: "b_",
} as const;

/** The generated identifier of a rule name in a role: prefix + name (name already checked). */
export const ident = (role: keyof typeof PREFIX, name: string): string => PREFIX[role] + name;

/** Refuse a name that is not an identifier of the input syntax (UserError "compile-name"). */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== "string" || !IDENTIFIER.test(name)) {
    throw new UserError(
      "compile-name",
      `cannot compile ${what} ${JSON.stringify(name)}: a name must match /^[A-Za-z][A-Za-z0-9_]*$/`,
    );
  }
  return name;
}

/** The rule's global names (not scalars and locals) by name, each checked and unique. */
export function globalNames(rule: UpdateRule): Map<string, Role> {
  const roles = new Map<string, Role>();
  const add = (name: unknown, role: Role, what: string) => {
    const n = checkName(name, what);
    const had = roles.get(n);
    if (had !== undefined) {
      throw new UserError(
        "compile-name",
        `cannot compile ${rule.name}: '${n}' is both ${describe(had)} and ${what}`,
      );
    }
    roles.set(n, role);
  };
  for (const h of rule.hyperparameters) add(h.name, "hyper", "a hyperparameter");
  for (const s of rule.state) add(s.name, "state", "a state variable");
  add(rule.index, "index", "the step index");
  if (rule.kind === "optimizer") {
    add(rule.parameter, "parameter", "the parameter");
    add(rule.gradient, "gradient", "the gradient");
  } else if (rule.time !== undefined) add(rule.time, "time", "the time");
  return roles;
}

const describe = (role: Role): string =>
  ({
    hyper: "a hyperparameter",
    state: "a state variable",
    parameter: "the parameter",
    gradient: "the gradient",
    index: "the step index",
    time: "the time",
  })[role];

/**
 * Check a variant's scalar and assignment names against the global ones: a scalar or a local
 * must not reuse a global name, a non-local target must be a state variable (or the parameter).
 */
export function checkVariantNames(
  rule: UpdateRule,
  v: UpdateVariant,
  roles: ReadonlyMap<string, Role>,
): void {
  const where = `${rule.name} (variant ${v.name})`;
  for (const s of v.scalars) {
    const n = checkName(s.target, "a scalar");
    if (roles.has(n))
      throw new UserError(
        "compile-name",
        `cannot compile ${where}: scalar '${n}' reuses the name of ${describe(roles.get(n)!)}`,
      );
  }
  const scalars = new Set(v.scalars.map((s) => s.target));
  const targets = (list: readonly Assignment[]) => {
    for (const a of list) {
      const n = checkName(a.target, "an assignment to");
      const role = roles.get(n);
      if (a.local) {
        if (role !== undefined || scalars.has(n))
          throw new UserError(
            "compile-name",
            `cannot compile ${where}: local '${n}' reuses the name of ${role ? describe(role) : "a scalar"}`,
          );
      } else if (role !== "state" && role !== "parameter") {
        throw new UserError(
          "compile-name",
          `cannot compile ${where}: '${n}' is assigned but is not a state variable` +
            (rule.kind === "optimizer" ? " or the parameter" : "") +
            " (mark a temporary `local`)",
        );
      }
    }
  };
  targets(v.assignments);
  if (v.first) targets(v.first);
}

/** Text safe inside a block comment: no `*\/` can close it. */
export const commentSafe = (text: string): string => text.replace(/\*\//g, "*\\/");
