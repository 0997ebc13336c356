/** Test helper: a generator ξ∂_t + Σ η_i∂_{q_i} with gauge term B, each component in the input syntax. */
import { parse } from "../../src/expr/syntax/parse.js";
import type { Generator } from "../../src/variational/types.js";

/** gen("0", { x: "-y", y: "x" }) is the rotation η_x = −y, η_y = x (B = 0). */
export const gen = (xi: string, eta: Record<string, string>, gauge = "0"): Generator => ({
  xi: parse(xi),
  eta: Object.fromEntries(Object.entries(eta).map(([q, e]) => [q, parse(e)])),
  gauge: parse(gauge),
});
