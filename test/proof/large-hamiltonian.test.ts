/**
 * Hamiltonians beyond three coordinates (issue 6 item 6): explicit when the Hessian M = ∂²L/∂q'∂q'
 * is diagonal or constant, else kept in mass-matrix form H = ½(p − b)·v − L₀ with M·v = p − b;
 * every form checked step by step and by the cross-route checks, which catch a perturbed record.
 * And records that grow linearly (item 4): a chain of 160 oscillators writes under 1 MB of JSON.
 */
import { describe, expect, it } from "vitest";
import { provablyEqual } from "../../src/expr/algebra.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { print } from "../../src/expr/syntax/print.js";
import { symbols, type Expr } from "../../src/expr/types.js";
import { derivationJson, jsonText } from "../../src/emit/json.js";
import { derivationText } from "../../src/emit/text.js";
import { crossChecks } from "../../src/proof/cross.js";
import { derive } from "../../src/proof/derive.js";
import type { Derivation } from "../../src/proof/types.js";
import { makeSystem } from "../../src/variational/system.js";
import { checkError } from "../support/check-error.js";

const P = (src: string) => parse(src);
const equivalent = (a: Expr, b: Expr) => provablyEqual(a, b, 1e7);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const coords = (n: number) => range(n).map((i) => `x${i}`);

/** n masses between fixed walls; `coupling` adds ½·c·Σ x_i'·x_{i+1}' (a constant, non-diagonal M). */
function chain(n: number, coupling?: string): string {
  const kin = range(n).map((i) => `x${i}'^2`);
  const springs = [`x1^2`, ...range(n - 1).map((i) => `(x${i + 1} - x${i})^2`), `x${n}^2`];
  const cross = range(n - 1).map((i) => `x${i}'*x${i + 1}'`);
  const coupled = coupling ? ` + 1/2*${coupling}*(${cross.join(" + ")})` : "";
  return `1/2*m*(${kin.join(" + ")})${coupled} - 1/2*k*(${springs.join(" + ")})`;
}

/** An n-link planar pendulum from Cartesian positions (M depends on the angles). */
function pendulum(n: number): string {
  const terms = range(n).map((i) => {
    const vx = range(i).map((k) => `l${k}*cos(th${k})*th${k}'`);
    const vy = range(i).map((k) => `l${k}*sin(th${k})*th${k}'`);
    return `1/2*m${i}*((${vx.join(" + ")})^2 + (${vy.join(" + ")})^2)`;
  });
  const heights = range(n).map(
    (i) =>
      `m${i}*g*(${range(i)
        .map((k) => `l${k}*cos(th${k})`)
        .join(" + ")})`,
  );
  return [...terms, ...heights].join(" + ");
}

const deriveChain = (n: number, coupling?: string) =>
  derive(makeSystem({ lagrangian: P(chain(n, coupling)), coordinates: coords(n) }));

/** Beyond three coordinates: one cross check of each kind, covering every coordinate. */
const ONE_CHECK_PER_KIND = ["hamilton-velocity", "hamilton-force", "energy", "accelerations"];

const velocitySymbols = (e: Expr) => [...symbols(e)].filter((s) => s.endsWith("'"));

describe("a chain of 10 oscillators (M = m·I, diagonal)", () => {
  const d = deriveChain(10);

  it("gets its Hamiltonian H = Σ p²/(2m) + ½k Σ (x_{i+1} − x_i)², with x' = p/m", () => {
    const H = d.hamiltonian!;
    expect(H).not.toBeNull();
    expect(H.massMatrix ?? null).toBeNull();
    const kinetic = range(10).map((i) => `p_x${i}^2/(2*m)`);
    const springs = chain(10).split(" - 1/2*k*")[1];
    expect(equivalent(H.value, P(`${kinetic.join(" + ")} + 1/2*k*${springs}`))).toBe(true);
    const velocities = H.equations.filter((e) => e.kind === "velocity");
    expect(velocities).toHaveLength(10);
    velocities.forEach((e, i) => expect(equivalent(e.rhs, P(`p_x${i + 1}/m`))).toBe(true));
  });

  it("is cross-checked over every coordinate at once (one check per kind)", () => {
    expect(d.crossChecks.map((c) => c.id)).toEqual(ONE_CHECK_PER_KIND);
    expect(d.notes.join("\n")).not.toMatch(/Hamiltonian not derived/);
    expect(derivationText(d)).toMatch(
      /Cross-route checks: 4 passed \(Hamilton's equations vs Euler–Lagrange, H vs energy, accelerations vs E\(L\) = 0\)/,
    );
  });
});

describe("10 coupled masses (M = m·(I + ½T), constant and not diagonal)", () => {
  const d = deriveChain(10, "m");

  it("gets an explicit H by exact elimination, free of the velocities, and passes the cross checks", () => {
    const H = d.hamiltonian!;
    expect(H.massMatrix ?? null).toBeNull();
    expect(velocitySymbols(H.value)).toEqual([]);
    for (const eq of H.equations) expect(velocitySymbols(eq.rhs)).toEqual([]);
    expect(d.crossChecks.map((c) => c.id)).toContain("energy");
  });

  it("with two parameters in M (m and c) the inverse is not formed: mass-matrix form, and says why", () => {
    const two = deriveChain(10, "c");
    expect(two.hamiltonian!.massMatrix).toBeTruthy();
    expect(two.notes.join("\n")).toMatch(/M is constant, but its exact inverse outgrows/);
  });
});

describe("a 4-link pendulum (M depends on the angles)", () => {
  const sys = makeSystem({
    lagrangian: P(pendulum(4)),
    coordinates: range(4).map((i) => `th${i}`),
  });
  const d = derive(sys);

  it("keeps H in mass-matrix form: H = ½(p − b)·q' − L₀ with q' from M·q' = p − b", () => {
    const form = d.hamiltonian!.massMatrix!;
    expect(form.velocities).toEqual(["th1'", "th2'", "th3'", "th4'"]);
    expect(form.b.every((b) => equivalent(b, P("0")))).toBe(true);
    expect(equivalent(form.matrix[3][3], P("l4^2*m4"))).toBe(true);
    expect(equivalent(form.matrix[0][3], form.matrix[3][0])).toBe(true);
    expect(d.notes.join("\n")).toMatch(/mass-matrix form.*M depends on the coordinates/);
    const rules = d.steps.map((s) => s.rule);
    expect(rules.filter((r) => r === "hamilton-equations")).toHaveLength(8);
    expect(d.steps.find((s) => s.rule === "legendre")!.check.method).toBe("linear-solve");
  });

  it("writes it as an object in the JSON, with sparse rows keyed by velocity", () => {
    const doc = derivationJson(d) as Record<string, any>;
    expect(doc.hamiltonian).toMatchObject({ form: "mass-matrix", velocities: form4() });
    expect(Object.keys(doc.hamiltonian.massMatrix[0])).toEqual(form4());
    expect(doc.hamiltonEquations).toHaveLength(8);
    expect(derivationText(d)).toMatch(/with \(th1', th2', th3', th4'\) = v, the solution of M·v/);
  });

  it("passes the cross checks, and each perturbation of the record is caught", () => {
    expect(d.crossChecks.map((c) => c.id)).toEqual(ONE_CHECK_PER_KIND);
    const H = d.hamiltonian!;
    const form = H.massMatrix!;
    const withH = (h: Partial<NonNullable<Derivation["hamiltonian"]>>): Derivation => ({
      ...d,
      hamiltonian: { ...H, ...h },
    });
    const scaled = form.matrix.map((row, i) =>
      row.map((m, j) => (i === 1 && j === 2 ? P(`(1 + 1/1000)*(${print(m)})`) : m)),
    );
    const cases: [Derivation, RegExp][] = [
      [withH({ massMatrix: { ...form, matrix: scaled } }), /hamilton-velocity failed/],
      [withH({ value: P(`${print(H.value)} + g*l1*m1/1000`) }), /energy failed/],
      [
        withH({
          equations: H.equations.map((e, k) =>
            k === 3 ? { ...e, rhs: P(`${print(e.rhs)} + g*m2/1000`) } : e,
          ),
        }),
        /hamilton-force failed/,
      ],
    ];
    for (const [bad, message] of cases)
      expect(checkError(() => crossChecks(bad)).message).toMatch(message);
  });
});

const form4 = () => ["th1'", "th2'", "th3'", "th4'"];

describe("a chain of 160 oscillators (records that grow linearly)", () => {
  const d160 = deriveChain(160);
  const bytes = (d: Derivation) => Buffer.byteLength(jsonText(derivationJson(d)));

  it("writes its JSON record in under 1 MB, Hamiltonian included", () => {
    expect(d160.hamiltonian).not.toBeNull();
    expect(bytes(d160)).toBeLessThan(1_000_000);
  });

  it("grows linearly: 160 oscillators take at most 2.3 times the bytes of 80", () => {
    expect(bytes(d160) / bytes(deriveChain(80))).toBeLessThan(2.3);
  });

  it("states mass-matrix rows sparsely (the nonzero entries, keyed by the unknown)", () => {
    const doc = derivationJson(d160) as Record<string, any>;
    expect(doc.massMatrix[4]).toEqual({ "x5''": "m" });
    const step = doc.steps.find((s: any) => s.rule === "mass-matrix");
    expect(step.lhs).toEqual({
      op: "mass-matrix",
      residual: expect.anything(),
      row: { "x1''": "m" },
    });
  });
});
