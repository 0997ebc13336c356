/**
 * Partial derivatives ∂/∂x on expression trees as written (x any symbol: a coordinate, a jet
 * variable such as x' or u_tx, a parameter or the time), built with the normalising constructors
 * of auto.ts, so that results keep the shape of their input:
 *
 *   ∂(Σ aᵢ) = Σ ∂aᵢ
 *   ∂(Π aᵢ) = Σᵢ (Π_{j≠i} aⱼ)·∂aᵢ                    (only factors that depend on x)
 *   ∂(b^e)  = e·b^(e−1)·∂b                           (e free of x)
 *           = b^e·log(b)·∂e                          (b free of x)
 *           = b^e·(∂e·log(b) + e·∂b/b)               (otherwise)
 *   ∂f(u)   = f'(u)·∂u                               (elementary f, f' from builtins.ts)
 *   ∂F(u₁…uₙ) = Σⱼ (∂ⱼF)(u₁…uₙ)·∂uⱼ                   (abstract F: ∂ⱼ adds j to its multi-index;
 *                                                      mixed partials commute, F is smooth)
 *
 * Example: ∂/∂x' of ½·m·x'² is m·x'; ∂/∂x of sqrt(x² + y²) is x·(x² + y²)^(−1/2).
 * Nothing is expanded or put over a common denominator.
 */
import { BUILTINS } from "../builtins.js";
import { apply, dependsOn, normalise, ONE, power, product, sum, ZERO } from "./auto.js";
import { isBuiltin, num, type Expr } from "../types.js";

const cache = new WeakMap<Expr, Map<string, Expr>>();

/** ∂e/∂x on the tree (formulas in the module comment); e is normalised first. */
export function differentiate(e: Expr, x: string): Expr {
  return d(normalise(e), x);
}

function d(e: Expr, x: string): Expr {
  if (!dependsOn(e, x)) return ZERO;
  let byX = cache.get(e);
  const hit = byX?.get(x);
  if (hit) return hit;
  const out = rule(e, x);
  if (!byX) cache.set(e, (byX = new Map()));
  byX.set(x, out);
  return out;
}

function rule(e: Expr, x: string): Expr {
  switch (e.kind) {
    case "num":
      return ZERO;
    case "sym":
      return e.name === x ? ONE : ZERO;
    case "add": // only the terms that depend on x (a long sum has few)
      return sum(...e.args.filter((a) => dependsOn(a, x)).map((a) => d(a, x)));
    case "mul": {
      const terms: Expr[] = [];
      e.args.forEach((a, i) => {
        if (!dependsOn(a, x)) return;
        terms.push(product(...e.args.filter((_, j) => j !== i), d(a, x)));
      });
      return sum(...terms);
    }
    case "pow": {
      const { base, exp } = e;
      if (!dependsOn(exp, x)) {
        return product(exp, power(base, sum(exp, num(-1))), d(base, x));
      }
      const logB = apply("log", [base]);
      if (!dependsOn(base, x)) return product(e, logB, d(exp, x));
      return product(
        e,
        sum(product(d(exp, x), logB), product(exp, d(base, x), power(base, num(-1)))),
      );
    }
    case "call": {
      if (isBuiltin(e.fn)) {
        const [u] = e.args;
        return product(normalise(BUILTINS[e.fn].derivative(u, e)), d(u, x));
      }
      const terms: Expr[] = [];
      e.args.forEach((u, j) => {
        if (!dependsOn(u, x)) return;
        terms.push(product(apply(e.fn, [...e.args], [...(e.d ?? []), j]), d(u, x)));
      });
      return sum(...terms);
    }
  }
}
