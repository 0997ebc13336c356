/**
 * Update rules derived by stationarity (src/proof/update.ts, integrator.ts): the optimizers' new
 * values are the closed forms of the published algorithms, implicit updates are refused naming the
 * equation, and the lowering to ordered assignments is checked by a second route that has teeth.
 */
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../src/derivation-files/load.js";
import { loadSpec } from "../../src/derivation-files/files.js";
import { CheckError, UserError } from "../../src/errors.js";
import { findMismatch } from "../../src/expr/numeric/check.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { deriveSpec } from "../../src/proof/input.js";
import type { UpdateVariant } from "../../src/proof/types.js";
import { deriveUpdate } from "../../src/proof/update.js";
import { checkLowering } from "../../src/proof/update-cross.js";

const proved = (v: UpdateVariant, label: string) => {
  const steps = v.steps.filter((s) => s.rule === "solve-stationary" && s.label === label);
  expect(steps.length, label).toBeGreaterThan(0);
  return steps[steps.length - 1].rhs;
};
const same = (a: string | ReturnType<typeof parse>, b: string) =>
  findMismatch(typeof a === "string" ? parse(a) : a, parse(b), {
    positive: ["lr", "eps", "beta1", "beta2", "v[k]", "momentum"],
  });

describe("Adam derived by stationary sub-actions", () => {
  const rule = deriveUpdate(loadSpec("derivations/adam.yaml")).rule;
  const v = rule.variants[0];

  it("m[k] and v[k] are the exponential moving averages of G and G²", () => {
    expect(same(proved(v, "m[k]"), "beta1*m[k-1] + (1 - beta1)*G")).toBeNull();
    expect(same(proved(v, "v[k]"), "beta2*v[k-1] + (1 - beta2)*G^2")).toBeNull();
  });

  it("theta[k] = theta[k-1] − lr·m̂/(√v̂ + eps), with the bias corrections as factors in k", () => {
    const closed = "theta[k-1] - lr*(m[k]/(1 - beta1^k))/(sqrt(v[k]/(1 - beta2^k)) + eps)";
    expect(same(proved(v, "theta[k]"), closed)).toBeNull();
    expect(same(proved(v, "theta[k]"), closed.replace("beta2^k", "beta2^(k+1)"))).not.toBeNull();
  });

  it("L2 weight decay enters as the gradient of the added potential: G = g + weight_decay·theta", () => {
    const G = v.steps.find((s) => s.rule === "gradient-input" && s.label === "G")!;
    expect(same(G.rhs, "g + weight_decay*theta[k-1]")).toBeNull();
  });

  it("the bias corrections are per-step scalars, the rest per element", () => {
    expect(v.scalars.length).toBe(2);
    expect(v.assignments.map((a) => a.target)).toEqual(["G", "m", "v", "theta"]);
    expect(v.crossChecks?.map((c) => c.id)).toEqual(["lowering:default"]);
  });

  it("every step is numbered in order and names a rule", () => {
    v.steps.forEach((s, i) => expect(s.n).toBe(i + 1));
  });
});

describe("SGD with momentum: the heavy ball from the damped Lagrangian", () => {
  const rule = deriveUpdate(loadSpec("derivations/sgd-momentum.yaml")).rule;
  const ball = rule.variants.find((x) => x.name === "heavy-ball")!;

  it("opens with the continuous Euler–Lagrange derivation, numbering continuing after it", () => {
    expect(ball.steps[0].rule).toBe("lagrangian");
    expect(ball.steps.some((s) => s.rule === "euler-lagrange")).toBe(true);
    ball.steps.forEach((s, i) => expect(s.n).toBe(i + 1));
  });

  it("symplectic Euler, b = −v/h, lr = h², momentum = 1 − γh give b[k] = momentum·b[k−1] + (1 − dampening)·G", () => {
    expect(
      same(proved(ball, "b[k]"), "momentum*b[k-1] + (1 - dampening)*(g + weight_decay*theta[k-1])"),
    ).toBeNull();
    expect(same(proved(ball, "theta[k]"), "theta[k-1] - lr*b[k]")).toBeNull();
  });

  it("torch's first step starts the buffer as the gradient", () => {
    expect(ball.first?.find((a) => a.target === "b")?.value).toEqual(parse("G"));
  });
});

describe("implicit and ill-formed update rules are refused", () => {
  const adam = loadSpec("derivations/adam.yaml").source!;

  it("a sub-action quartic in theta[k] is implicit, and the message names the condition", () => {
    const spec = parseSpec(
      adam.replace("(theta[k] - theta[k-1])^2\n", "(theta[k] - theta[k-1])^4\n"),
      "quartic.yaml",
    );
    expect(() => deriveUpdate(spec)).toThrow(
      /implicit — ∂S\/∂theta\[k\] = 0 is not linear in theta\[k\]/,
    );
  });

  it("an update that still reads the abstract loss (not fed through the gradient) is refused", () => {
    const spec = parseSpec(
      adam.replace(
        "in: theta[k]\n",
        "in: theta[k]\n    - stationary: (v[k] - f(theta[k-1]))^2\n      in: v[k]\n",
      ),
      "unfed.yaml",
    );
    expect(() => deriveUpdate(spec)).toThrow(/still reads the abstract loss \(f\)/);
  });

  it("a variant condition on an unknown hyperparameter", () => {
    const sgd = loadSpec("derivations/sgd-momentum.yaml").source!;
    const spec = parseSpec(
      sgd.replace("when: { momentum: 0 }", "when: { momentun: 0 }"),
      "typo.yaml",
    );
    expect(() => deriveUpdate(spec)).toThrow(UserError);
  });
});

describe("the lowering cross-check has teeth", () => {
  const eqs: [string, ReturnType<typeof parse>][] = [
    ["m[k]", parse("beta1*m[k-1] + (1 - beta1)*g")],
    ["theta[k]", parse("theta[k-1] - lr*m[k] - lr*m[k-1]")],
  ];
  const assign = (t: string, v: string) => ({ target: t, value: parse(v) });

  it("accepts a correct lowering (the old m saved before its update)", () => {
    const ok = [
      assign("m_prev", "m"),
      assign("m", "beta1*m + (1 - beta1)*g"),
      assign("theta", "theta - lr*m - lr*m_prev"),
    ];
    expect(checkLowering("ok", eqs, [], ok, "k", new Set(["beta1", "lr"]), 1).passed).toBe(true);
  });

  it("rejects one that reads m after its update where the proof reads m[k-1]", () => {
    const bad = [assign("m", "beta1*m + (1 - beta1)*g"), assign("theta", "theta - lr*m - lr*m")];
    expect(() => checkLowering("bad", eqs, [], bad, "k", new Set(["beta1", "lr"]), 1)).toThrow(
      CheckError,
    );
  });
});

describe("integrators from a discretisation: section", () => {
  it("harmonic oscillator, Störmer–Verlet: x[k] = 2x[k−1] − x[k−2] − h²·k/m·x[k−1]", () => {
    const d = deriveSpec(loadSpec("derivations/harmonic-oscillator.yaml"));
    const v = d.update!.variants[0];
    const solve = v.steps.find((s) => s.rule === "solve-stationary")!;
    expect(same(solve.rhs, "2*x[n-1] - x[n-2] - h^2*k/m*x[n-1]")).toBeNull();
    expect(d.update!.state.map((s) => s.name)).toEqual(["x", "v_x"]);
  });
});
