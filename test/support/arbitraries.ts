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
