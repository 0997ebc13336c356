/** Shared fast-check generators of expression trees. */
import fc from "fast-check";
import { add, div, mul, num, pow, sub, type Expr } from "../../src/expr/types.js";

/**
 * Random expressions over `leaf`: sums, differences, products, quotients, small integer powers,
 * and the extra node kinds `more` builds from a subexpression generator.
 */
export function arithmetic(
  leaf: fc.Arbitrary<Expr>,
  more: (sub: () => fc.Arbitrary<Expr>) => fc.Arbitrary<Expr>[] = () => [],
  maxDepth = 4,
): fc.Arbitrary<Expr> {
  return fc.letrec<{ e: Expr; node: Expr }>((tie) => {
    const e = () => tie("e");
    return {
      e: fc.oneof(
        { maxDepth },
        { arbitrary: leaf, weight: 1 },
        { arbitrary: tie("node"), weight: 2 },
      ),
      node: fc.oneof(
        fc.tuple(e(), e()).map(([a, b]) => add(a, b)),
        fc.tuple(e(), e()).map(([a, b]) => sub(a, b)),
        fc.tuple(e(), e()).map(([a, b]) => mul(a, b)),
        fc.tuple(e(), e()).map(([a, b]) => div(a, b)),
        fc.tuple(e(), fc.integer({ min: -2, max: 3 })).map(([a, k]) => pow(a, num(k))),
        ...more(e),
      ),
    };
  }).e;
}

/** Σ c·f₁·…·f_k: up to `maxTerms` terms, integer coefficients |c| ≤ `maxCoefficient`, 1–3 factors. */
export function sumOfProducts(
  factor: fc.Arbitrary<Expr>,
  maxTerms: number,
  maxCoefficient: number,
): fc.Arbitrary<Expr> {
  const term = fc
    .tuple(
      fc.integer({ min: -maxCoefficient, max: maxCoefficient }),
      fc.array(factor, { minLength: 1, maxLength: 3 }),
    )
    .map(([c, fs]) => mul(num(c), ...fs));
  return fc.array(term, { minLength: 1, maxLength: maxTerms }).map((ts) => add(...ts));
}
