/**
 * The torch target: each hand-written rule of test/support/rules.ts compiled to a Python module and
 * run by Debian's python3-torch against torch.optim's own optimizer, in one Python process
 * (test/compile/torch_check.py): every variant for 200 steps on the same three parameter tensors
 * and data, float64, to 1e-10·max(1, |x|) at every step, each rule also normalised and expanded to
 * one fraction by the algebra (as a derived rule may come); state_dict() through torch.save into a
 * fresh optimizer continues the same run; a small MLP's loss curve is torch's and falls; a rule whose
 * names are Python builtins, keywords or the compiler's own identifiers compiles and matches; bad
 * hyperparameter values are refused naming them. Without /usr/bin/python3 and torch the suite fails
 * (install Debian's python3-torch) unless LAGRANGE_SKIP_TORCH=1.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileTorch } from "../../src/compile/torch.js";
import { UserError } from "../../src/errors.js";
import { expand, normalise } from "../../src/expr/algebra.js";
import { parse } from "../../src/expr/syntax/parse.js";
import type { Expr } from "../../src/expr/types.js";
import type { Assignment, UpdateRule } from "../../src/proof/types.js";
import { ruleOf } from "../../src/cli/commands/compile-run.js";
import { className } from "../../src/compile/python.js";
import { ADAM, ADAMW, OSCILLATOR, RMSPROP, SGD } from "../support/rules.js";

const PYTHON = "/usr/bin/python3";
const DRIVER = fileURLToPath(new URL("./torch_check.py", import.meta.url));
const TOL = 1e-10;
const skip = process.env.LAGRANGE_SKIP_TORCH === "1";
const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
const available = probe.status === 0;
/** Without python3-torch only the installation test runs (and fails, saying what to install). */
const itTorch = available ? it : it.skip;

/** The rule with every name renamed by `map` (names not in it kept). */
function renamed(rule: UpdateRule, map: Record<string, string>): UpdateRule {
  const n = (s: string) => map[s] ?? s;
  const e = (x: Expr): Expr =>
    x.kind === "sym"
      ? { kind: "sym", name: n(x.name) }
      : x.kind === "num"
        ? x
        : x.kind === "pow"
          ? { kind: "pow", base: e(x.base), exp: e(x.exp) }
          : { ...x, args: x.args.map(e) };
  const a = (xs: readonly Assignment[]) =>
    xs.map((y) => ({ ...y, target: n(y.target), value: e(y.value) }));
  return {
    ...rule,
    index: n(rule.index),
    parameter: n(rule.parameter!),
    gradient: n(rule.gradient!),
    hyperparameters: rule.hyperparameters.map((h) => ({
      ...h,
      name: n(h.name),
      ...(h.torch ? { torch: { ...h.torch, tuple: n(h.torch.tuple) } } : {}),
    })),
    state: rule.state.map((s) => ({ ...s, name: n(s.name) })),
    variants: rule.variants.map((v) => ({
      ...v,
      when: v.when.map((c) => ({ ...c, hyper: n(c.hyper) })),
      scalars: a(v.scalars),
      first: v.first && a(v.first),
      assignments: a(v.assignments),
    })),
  };
}

/** Adam whose names are Python builtins and keywords, module names, and the compiler's own identifiers. */
const UNSAFE_ADAM = renamed(ADAM, {
  lr: "self",
  betas: "constructor",
  beta1: "lambda",
  beta2: "import",
  eps: "os",
  weight_decay: "eval",
  m: "x1",
  v: "math",
  theta: "required",
  g: "torch",
  k: "state",
  c1: "x0",
  c2: "group",
  G: "p",
});

/** SGD whose keyword arguments are the names the generated module itself uses. */
const UNSAFE_SGD = renamed(SGD, {
  lr: "required",
  momentum: "torch",
  dampening: "super",
  weight_decay: "math",
  nesterov: "Optimizer",
});

/** A negative control: Adam without the first bias correction (c1 = 1) must fail the comparison. */
const NO_BIAS_CORRECTION: UpdateRule = {
  ...ADAM,
  variants: ADAM.variants.map((v) => ({
    ...v,
    scalars: v.scalars.map((s) =>
      s.target === "c1" ? { ...s, value: { kind: "num", value: "1" } } : s,
    ),
  })),
};

/** The rule with every value rewritten by f (as the algebra would hand a derived rule over). */
function rewritten(rule: UpdateRule, f: (e: Expr) => Expr): UpdateRule {
  const a = (xs: readonly Assignment[]) => xs.map((y) => ({ ...y, value: f(y.value) }));
  return {
    ...rule,
    variants: rule.variants.map((v) => ({
      ...v,
      scalars: a(v.scalars),
      first: v.first && a(v.first),
      assignments: a(v.assignments),
    })),
  };
}

/**
 * A rule unlike torch's (checked against the same rule written out in Python floats): a state
 * variable named step that starts at 1, a scalar local, exp, abs, tanh, a tensor exponent 2^g.
 */
const ODD: UpdateRule = {
  kind: "optimizer",
  name: "odd rule",
  index: "k",
  parameter: "theta",
  gradient: "g",
  hyperparameters: [{ name: "lr", type: "number", default: 0.1 }],
  state: [
    { name: "step", init: 1 },
    { name: "u", init: 0.5 },
  ],
  variants: [
    {
      name: "only",
      when: [],
      scalars: [{ target: "c", value: parse("1/k") }],
      first: null,
      assignments: [
        { target: "A", value: parse("2"), local: true },
        { target: "step", value: parse("step*exp(-lr*abs(g)) + A*lr*c") },
        { target: "u", value: parse("u + g^3/(1 + g^2)") },
        { target: "theta", value: parse("theta - lr*step*tanh(u) - lr*2^g/1000") },
      ],
      steps: [],
      notes: [],
    },
  ],
};

const BASE: Record<string, UpdateRule> = { adam: ADAM, adamw: ADAMW, rmsprop: RMSPROP, sgd: SGD };
/**
 * Each rule as written (torch._foreach_* over a group's lists), normalised (auto.ts) and expanded
 * to one fraction (canonical.ts), and as written compiled per tensor (`foreach: false`).
 */
const FORMS = { normalised: normalise, expanded: expand, single: (e: Expr) => e } as const;
/** The optimizers derived from derivations/*.yaml, as `lagrange compile --target torch` compiles them. */
const DERIVED: Record<string, UpdateRule> = {
  adam: ruleOf("derivations/adam.yaml"),
  adamw: ruleOf("derivations/adamw.yaml"),
  rmsprop: ruleOf("derivations/rmsprop.yaml"),
  sgd: ruleOf("derivations/sgd-momentum.yaml"),
};
const MODULES: Record<string, UpdateRule> = {
  no_bias_correction: NO_BIAS_CORRECTION,
  ...BASE,
  ...Object.fromEntries(Object.entries(DERIVED).map(([m, rule]) => [`${m}_derived`, rule])),
  unsafe_adam: UNSAFE_ADAM,
  unsafe_sgd: UNSAFE_SGD,
  odd: ODD,
  odd_single: ODD,
  ...Object.fromEntries(
    Object.entries(FORMS).flatMap(([form, f]) =>
      Object.entries(BASE).map(([m, rule]) => [`${m}_${form}`, rewritten(rule, f)]),
    ),
  ),
};
const CLS: Record<string, string> = Object.fromEntries(
  Object.entries(MODULES).map(([m, rule]) => [
    m,
    m.startsWith("odd") ? "DerivedOddRule" : className(rule.name),
  ]),
);
const TORCH: Record<string, string> = {
  adam: "Adam",
  adamw: "AdamW",
  rmsprop: "RMSprop",
  sgd: "SGD",
};

type Kwargs = Record<string, unknown>;
/**
 * [case name, module, hyperparameters (the same names for ours and torch's), and per-group
 * overrides for two param groups].
 */
const SETTINGS: [string, string, Kwargs, Kwargs[]?][] = [
  ["Adam, defaults", "adam", {}],
  [
    "Adam with L2 weight decay",
    "adam",
    { lr: 0.01, betas: [0.8, 0.99], eps: 1e-6, weight_decay: 0.1 },
  ],
  ["AdamW", "adamw", { lr: 0.01 }],
  ["AdamW, strong decoupled decay", "adamw", { lr: 0.02, betas: [0.85, 0.995], weight_decay: 0.3 }],
  ["RMSprop plain", "rmsprop", { lr: 0.005, weight_decay: 0.05 }],
  ["RMSprop centered", "rmsprop", { lr: 0.005, centered: true }],
  ["RMSprop with momentum", "rmsprop", { lr: 0.002, momentum: 0.9 }],
  [
    "RMSprop centered with momentum",
    "rmsprop",
    { lr: 0.002, alpha: 0.9, momentum: 0.8, centered: true, weight_decay: 0.01 },
  ],
  ["SGD plain", "sgd", { lr: 0.05 }],
  [
    "SGD heavy ball with dampening and weight decay",
    "sgd",
    { lr: 0.02, momentum: 0.9, dampening: 0.3, weight_decay: 0.05 },
  ],
  ["SGD Nesterov", "sgd", { lr: 0.02, momentum: 0.9, nesterov: true, weight_decay: 0.01 }],
  ["Adam, two param groups", "adam", { lr: 0.01 }, [{}, { lr: 0.003, weight_decay: 0.2 }]],
  ["SGD, momentum in one group only", "sgd", { lr: 0.02 }, [{ momentum: 0.9 }, { lr: 0.05 }]],
];
const UNSAFE: Kwargs = { self: 0.01, constructor: [0.8, 0.99], os: 1e-7, eval: 0.1 };
const UNSAFE_TORCH: Kwargs = { lr: 0.01, betas: [0.8, 0.99], eps: 1e-7, weight_decay: 0.1 };

const cases: Kwargs[] = [
  ...["", ...Object.keys(FORMS), "derived"].flatMap((form) =>
    SETTINGS.map(([id, m, kw, groups]) => ({
      id: form ? `${id} (${form})` : id,
      kind: "compare",
      module: form ? `${m}_${form}` : m,
      ours: kw,
      torch: TORCH[m],
      theirs: kw,
      steps: 200,
      ...(groups ? { groups } : {}),
    })),
  ),
  {
    id: "Adam, one tensor without gradient every third step (two step counts)",
    kind: "compare",
    module: "adam",
    ours: { lr: 0.01 },
    torch: "Adam",
    theirs: { lr: 0.01 },
    steps: 200,
    skip: true,
  },
  {
    id: "unsafe names: SGD with keyword arguments required, torch, super, math, Optimizer",
    kind: "compare",
    module: "unsafe_sgd",
    ours: { required: 0.02, torch: 0.9, super: 0.3, math: 0.05, Optimizer: false },
    torch: "SGD",
    theirs: { lr: 0.02, momentum: 0.9, dampening: 0.3, weight_decay: 0.05, nesterov: false },
    steps: 200,
  },
  ...["odd", "odd_single"].map((module) => ({
    id: `${module}: the odd rule against its Python-float transcription`,
    kind: "reference",
    module,
    ours: { lr: 0.05 },
    steps: 60,
  })),
  {
    id: "negative control",
    kind: "compare",
    module: "no_bias_correction",
    ours: {},
    torch: "Adam",
    theirs: {},
    steps: 200,
  },
  {
    id: "unsafe names",
    kind: "compare",
    module: "unsafe_adam",
    ours: UNSAFE,
    torch: "Adam",
    theirs: UNSAFE_TORCH,
    steps: 200,
  },
  ...SETTINGS.filter((_, i) => i % 2 === 1).map(([id, m, kw, groups]) => ({
    id: `resume: ${id}`,
    kind: "resume",
    module: m,
    ours: kw,
    steps: 200,
    ...(groups ? { groups } : {}),
  })),
  ...[
    ["train: Adam", "adam", { lr: 0.01 }],
    [
      "train: RMSprop centered with momentum",
      "rmsprop",
      { lr: 0.001, momentum: 0.5, centered: true },
    ],
    ["train: SGD Nesterov", "sgd", { lr: 0.05, momentum: 0.9, nesterov: true }],
  ].map(([id, m, kw]) => ({
    id,
    kind: "train",
    module: m,
    ours: kw,
    torch: TORCH[m as string],
    theirs: kw,
    steps: 150,
  })),
  {
    id: "errors: SGD",
    kind: "errors",
    module: "sgd",
    calls: [
      {},
      { lr: "fast" },
      { lr: 0.1, momentum: null },
      { lr: 0.1, nesterov: 1 },
      { lr: 0.1, momentum: 0.9 },
    ],
  },
  {
    id: "errors: derived SGD",
    kind: "errors",
    module: "sgd_derived",
    calls: [
      { lr: 0.1, nesterov: true },
      { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true },
      { lr: 0.1, momentum: 0.9, nesterov: true },
    ],
  },
  {
    id: "errors: Adam",
    kind: "errors",
    module: "adam",
    calls: [{ betas: "x" }, { betas: [0.9, "a"] }, { eps: "__nan__" }, {}],
  },
].map((c) => ({ ...c, cls: CLS[c.module as string] }));

describe.skipIf(skip && !available)("torch target against torch.optim (python3-torch)", () => {
  let dir = "";
  let results: Record<string, Record<string, unknown>> = {};
  beforeAll(() => {
    if (!available) return;
    dir = mkdtempSync(join(tmpdir(), "lagrange-torch-"));
    for (const [name, rule] of Object.entries(MODULES)) {
      const foreach = !name.endsWith("_single");
      writeFileSync(join(dir, `${name}.py`), compileTorch(rule, { source: "rules.ts", foreach }));
    }
    writeFileSync(
      join(dir, "spec.json"),
      JSON.stringify({ dir, cases }).replace(/"__nan__"/g, "NaN"),
    );
    const run = spawnSync(PYTHON, [DRIVER, join(dir, "spec.json")], {
      encoding: "utf8",
      timeout: 300_000,
    });
    if (run.status !== 0) throw new Error(`torch_check.py failed:\n${run.stderr}`);
    results = JSON.parse(run.stdout);
  }, 300_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("python3 and torch are installed", () => {
    expect(
      available,
      `${PYTHON} cannot import torch: install Debian's python3-torch (apt-get install python3-torch), or set LAGRANGE_SKIP_TORCH=1 to skip\n${probe.stderr ?? ""}`,
    ).toBe(true);
  });

  const result = (id: string) => {
    const r = results[id];
    expect(r, `no result for ${id}`).toBeDefined();
    expect(r.error, id).toBeUndefined();
    return r;
  };

  itTorch("negative control: Adam without its first bias correction is caught", () => {
    expect(result("negative control").dev).toBeGreaterThan(1e-4);
  });
  for (const c of cases.filter((c) => c.kind === "compare" && c.id !== "negative control")) {
    itTorch(`${c.id}: 200 steps match torch.optim.${c.torch} within 1e-10 at every step`, () => {
      const r = result(c.id as string) as { dev: number; moved: number; unused: number };
      expect(r.dev).toBeLessThan(TOL);
      expect(r.moved).toBeGreaterThan(1e-4); // the parameters did move
      expect(r.unused).toBe(0); // a parameter without gradient is left alone
    });
  }
  for (const c of cases.filter((c) => c.kind === "reference")) {
    itTorch(c.id as string, () => {
      expect((result(c.id as string) as { dev: number }).dev).toBeLessThan(TOL);
    });
  }
  for (const c of cases.filter((c) => c.kind === "resume")) {
    itTorch(`${c.id}: state_dict() into a fresh optimizer continues identically`, () => {
      const r = result(c.id as string) as { dev: number; kinds: string[] };
      expect(r.dev).toBe(0);
      expect(r.kinds).toEqual(["Tensor", "int"]);
    });
  }
  for (const c of cases.filter((c) => c.kind === "train")) {
    itTorch(`${c.id}: an MLP's loss curve is torch's and falls`, () => {
      const r = result(c.id as string) as { ours: number[]; theirs: number[] };
      expect(r.ours).toHaveLength(150);
      r.ours.forEach((l, i) =>
        expect(Math.abs(l - r.theirs[i])).toBeLessThan(1e-8 * Math.max(1, r.theirs[i])),
      );
      expect(r.ours[149]).toBeLessThan(0.5 * r.ours[0]);
    });
  }
  itTorch("bad hyperparameter values are refused, naming the hyperparameter", () => {
    const sgd = result("errors: SGD").messages as (string | null)[];
    expect(sgd[0]).toMatch(/ValueError: .*lr/);
    expect(sgd[1]).toMatch(/TypeError: .*hyperparameter lr must be a number/);
    expect(sgd[2]).toMatch(/TypeError: .*momentum must be a number/);
    expect(sgd[3]).toMatch(/TypeError: .*nesterov must be True or False/);
    expect(sgd[4]).toBeNull();
    const adam = result("errors: Adam").messages as (string | null)[];
    expect(adam[0]).toMatch(/TypeError: .*betas must be a tuple of 2/);
    expect(adam[1]).toMatch(/TypeError: .*betas\[1\] must be a number/);
    expect(adam[2]).toMatch(/ValueError: .*eps must be finite/);
    expect(adam[3]).toBeNull();
  });
  itTorch(
    "the derived SGD refuses Nesterov without momentum or with dampening, as torch does",
    () => {
      const m = result("errors: derived SGD").messages as (string | null)[];
      expect(m[0]).toMatch(
        /ValueError: .*Nesterov momentum requires a momentum and zero dampening/,
      );
      expect(m[1]).toMatch(
        /ValueError: .*Nesterov momentum requires a momentum and zero dampening/,
      );
      expect(m[2]).toBeNull();
    },
  );
});

describe("torch target: the module text", () => {
  const text = compileTorch(UNSAFE_ADAM, { source: 'rules """ \\ "x"' });

  it("imports only math and torch, and names user text only as keyword names and strings", () => {
    const imports = text.split("\n").filter((l) => /^\s*(import|from)\s/.test(l));
    expect(imports).toEqual([
      "import math",
      "import torch",
      "from torch.optim.optimizer import Optimizer, required",
    ]);
    expect(text).toContain(
      "def __init__(_self, params, self=0.001, constructor=(0.9, 0.999), os=1e-8, eval=0)",
    );
    expect(text).not.toMatch(/\beval\(|\bos\.|__import__/);
  });

  it("the docstring survives triple quotes and backslashes in the source name", () => {
    const doc = text.slice(0, text.indexOf('\n"""') + 4);
    expect(doc.slice(3, -3)).not.toContain('"""');
    expect(doc).toContain('rules \\"\\"\\" \\\\ \\"x\\"');
  });
});

describe("torch target: rules it refuses", () => {
  const refusal = (rule: UpdateRule): string => {
    try {
      compileTorch(rule);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as UserError).message;
    }
    throw new Error("expected a UserError");
  };

  it("a hyperparameter named after a Python keyword", () => {
    for (const kw of ["import", "lambda", "class"]) {
      expect(refusal(renamed(ADAM, { eps: kw }))).toContain("cannot be a Python keyword argument");
    }
    expect(refusal(renamed(ADAM, { betas: "lambda" }))).toContain(
      "cannot be a Python keyword argument",
    );
  });

  it("an integrator (the damped oscillator)", () => {
    expect(refusal(OSCILLATOR)).toBe(
      "the torch target compiles optimizers; compile integrators to JavaScript",
    );
  });

  it("a name outside the identifier pattern, an abstract function, an unknown name, params", () => {
    expect(refusal(renamed(ADAM, { m: "__proto__" }))).toContain("must match");
    const call: Expr = { kind: "call", fn: "f", args: [{ kind: "sym", name: "theta" }] };
    const abstract = {
      ...SGD,
      variants: [{ ...SGD.variants[0], assignments: [{ target: "theta", value: call }] }],
    };
    expect(refusal(abstract)).toContain("abstract functions have no code");
    const unknown = renamed(SGD, { weight_decay: "wd" });
    expect(refusal({ ...unknown, hyperparameters: SGD.hyperparameters })).toContain('"wd"');
    expect(refusal(renamed(ADAM, { eps: "params" }))).toContain("params");
    const shadow = renamed(ADAM, { G: "m" }); // a local named after a state variable
    expect(refusal(shadow)).toContain('the local "m" has the name of');
  });
});
