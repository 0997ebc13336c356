/** Radicals under declared assumptions: equal to the input wherever the assumptions hold, never applied without them. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findMismatch } from "../../../src/expr/numeric/check.js";
import { parse } from "../../../src/expr/syntax/parse.js";
import { print } from "../../../src/expr/syntax/print.js";
import { sign, simplifyRadicals, tidyAssuming } from "../../../src/expr/algebra/radicals.js";
import { tidy } from "../../../src/expr/algebra/simplify.js";
import { countOps, num, pow, sym, type Expr } from "../../../src/expr/types.js";
import { arithmetic } from "../../support/arbitraries.js";

const P = new Set(["m", "c"]);
const s = (src: string, positive: ReadonlySet<string> = P) =>
  print(simplifyRadicals(parse(src), positive));

describe("radicals under m, c > 0", () => {
  it("takes positive factors out of a root: (m²)^(1/2) = m, (m²·b)^(1/2) = m·√b", () => {
    expect(s("(m^2)^(1/2)")).toBe("m");
    expect(s("sqrt(m^2*b)")).toBe("sqrt(b)*m");
    expect(s("sqrt(c^2*m^2)")).toBe("c*m");
    expect(s("(m^6*c^3)^(1/3)")).toBe("c*m^2");
    expect(s("1/sqrt(m^2*b)")).toBe("1/sqrt(b)/m");
  });

  it("splits √(N/D) when D is positive: m²c² + p² > 0 (a sum of squares with a positive term)", () => {
    expect(s("sqrt(c^2*m^2/(c^2*m^2 + p^2))")).toBe("c*m/sqrt(c^2*m^2 + p^2)");
    expect(s("sqrt(1/(c^2*m^2 + p^2))")).toBe("1/sqrt(c^2*m^2 + p^2)");
    // via the radicand's canonical form: 1 − p²/(m²c² + p²) = m²c²/(m²c² + p²)
    expect(s("sqrt(1 - p^2/(c^2*m^2 + p^2))")).toBe("c*m/sqrt(c^2*m^2 + p^2)");
  });

  it("the relativistic Hamiltonian as the Legendre transform builds it becomes c·√(m²c² + p²)", () => {
    const H = parse("c*(c*m*sqrt(c^2*m^2/(c^2*m^2 + p_x^2)) + sqrt(1/(c^2*m^2 + p_x^2))*p_x^2)");
    const t = tidyAssuming(H, ["m", "c"]);
    expect(print(t.expr)).toBe("c*sqrt(c^2*m^2 + p_x^2)");
    expect(t.rules).toContain("radicals");
    expect(countOps(t.expr)).toBeLessThanOrEqual(8);
    expect(countOps(tidy(H).expr)).toBeGreaterThan(15);
  });

  it("decides positivity conservatively", () => {
    const sg = (src: string) => sign(parse(src), P);
    expect(sg("c^2*m^2 + p^2")).toBe("positive");
    expect(sg("p^2 + q^2")).toBe("nonnegative");
    expect(sg("m - c")).toBe("unknown");
    expect(sg("x")).toBe("unknown");
    expect(sg("exp(x) + x^2")).toBe("positive");
    expect(sg("-m")).toBe("unknown");
  });
});

describe("negative control: nothing changes without the assumption", () => {
  it("(x²)^(1/2) stays (it is |x|), as do √(m²c²) and √(N/D) with nothing assumed", () => {
    const none = new Set<string>();
    expect(s("(x^2)^(1/2)")).toBe("sqrt(x^2)");
    expect(s("(x^2)^(1/2)", none)).toBe("sqrt(x^2)");
    expect(s("sqrt(c^2*m^2)", none)).toBe("sqrt(c^2*m^2)");
    expect(s("sqrt(c^2*m^2/(c^2*m^2 + p^2))", none)).toBe("sqrt(c^2*m^2/(c^2*m^2 + p^2))");
    // m > 0 says nothing of x: √(m²x²) = m·√(x²), never m·x
    expect(s("sqrt(m^2*x^2)")).toBe("m*sqrt(x^2)");
    expect(print(tidyAssuming(parse("sqrt(c^2*m^2)"), []).expr)).toBe("sqrt(c^2*m^2)");
  });
});

describe("property: each rewrite equals its input wherever the assumptions hold", () => {
  const leaf = fc.oneof(
    fc.constantFrom<Expr>(sym("m"), sym("c"), sym("x"), sym("y")),
    fc.integer({ min: 1, max: 4 }).map((k) => num(k)),
  );
  const radicals = arithmetic(leaf, (e) => [
    e().map((a) => pow(a, num("1/2"))),
    e().map((a) => pow(a, num("-1/2"))),
    e().map((a) => pow(a, num("3/2"))),
    e().map((a) => pow(a, num("1/3"))),
    fc.tuple(e(), e()).map(([a, b]) => pow(parse(`(${print(a)})^2*(${print(b)})`), num("1/2"))),
  ]);

  it("simplifyRadicals(e, {m, c}) = e at random points with m, c > 0", () => {
    fc.assert(
      fc.property(radicals, (e) => {
        let r: Expr;
        let mismatch: ReturnType<typeof findMismatch>;
        try {
          r = simplifyRadicals(e, P);
          mismatch = findMismatch(e, r, { seed: 7, positive: ["m", "c"], points: 6 });
        } catch {
          // e is defined nowhere: a denominator ≡ 0 (y − y), a root of a negative constant
          fc.pre(false);
          return;
        }
        if (mismatch) expect.fail(`${print(e)} → ${print(r)} at ${JSON.stringify(mismatch.env)}`);
      }),
      { numRuns: 300 },
    );
  });

  it("tidyAssuming never returns a larger expression than tidy", () => {
    fc.assert(
      fc.property(radicals, (e) => {
        let plain: Expr;
        try {
          plain = tidy(e).expr;
        } catch {
          fc.pre(false); // a denominator ≡ 0
          return;
        }
        expect(countOps(tidyAssuming(e, P).expr)).toBeLessThanOrEqual(countOps(plain));
      }),
      { numRuns: 200 },
    );
  });
});
