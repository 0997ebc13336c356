/**
 * The compiler never turns user text into code: a rule whose names are JavaScript's dangerous or
 * reserved words (constructor, process, require, eval, this, import, os, self, Function, …)
 * compiles to a module that computes exactly what the same rule with ordinary names computes, and
 * whose code (comments and string literals aside) contains none of those words bare; names that are
 * not identifiers (__proto__, __import__, x') are refused with a UserError; comment-closing text in
 * a rule's name, source or descriptions stays inside the comment.
 */
import { describe, expect, it } from "vitest";
import { compileJs } from "../../src/compile/js.js";
import { UserError } from "../../src/errors.js";
import { parse } from "../../src/expr/syntax/parse.js";
import { type Expr, sym, substitute } from "../../src/expr/types.js";
import type { Assignment, UpdateRule } from "../../src/proof/types.js";
import { ADAM, RMSPROP, SGD } from "../support/rules.js";
import { compileAndImport, type OptimizerModule, seeded } from "./compiled.js";

/** `rule` with every name renamed by `names` (names not listed are kept). */
function rename(rule: UpdateRule, names: Record<string, string>): UpdateRule {
  const to = (n: string) => (Object.hasOwn(names, n) ? names[n] : n);
  const map = new Map(Object.entries(names).map(([a, b]) => [a, sym(b) as Expr]));
  const assign = (a: Assignment): Assignment => ({
    ...a,
    target: to(a.target),
    value: substitute(a.value, map),
  });
  return {
    ...rule,
    index: to(rule.index),
    parameter: rule.parameter && to(rule.parameter),
    gradient: rule.gradient && to(rule.gradient),
    hyperparameters: rule.hyperparameters.map((h) => ({ ...h, name: to(h.name) })),
    state: rule.state.map((s) => ({ ...s, name: to(s.name) })),
    variants: rule.variants.map((v) => ({
      ...v,
      when: v.when.map((c) => ({ ...c, hyper: to(c.hyper) })),
      scalars: v.scalars.map(assign),
      first: v.first && v.first.map(assign),
      assignments: v.assignments.map(assign),
    })),
  };
}

/** The code of a generated module with its comments and string literals removed. */
function codeOnly(js: string): string {
  let out = "";
  for (let i = 0; i < js.length; i++) {
    const c = js[i];
    if (c === "/" && js[i + 1] === "*") i = js.indexOf("*/", i + 2) + 1;
    else if (c === "/" && js[i + 1] === "/") i = js.indexOf("\n", i) - 1;
    else if (c === '"' || c === "'") {
      let j = i + 1;
      while (js[j] !== c) j += js[j] === "\\" ? 2 : 1;
      out += '""';
      i = j;
    } else if (c === "`") throw new Error("generated code has a template literal");
    else out += c;
  }
  return out;
}

const bareIdentifiers = (js: string): Set<string> =>
  new Set(
    [...codeOnly(js).matchAll(/[A-Za-z_$][\w$]*/g)]
      .map((m) => m[0])
      .filter((w) => !/^[a-z]_/.test(w)), // the prefixed names of the rule's symbols
  );

const DANGEROUS = /\b(eval|Function|require|import|process|globalThis|os|self|constructor)\b/;

const RMSPROP_NAMES = {
  lr: "constructor",
  alpha: "process",
  eps: "require",
  weight_decay: "eval",
  momentum: "this",
  centered: "import",
  v: "os",
  gbar: "self",
  b: "prototype",
  theta: "Math",
  g: "arguments",
  k: "i",
  G: "t0",
};
const ADAM_NAMES = {
  lr: "toString",
  beta1: "valueOf",
  beta2: "hasOwnProperty",
  eps: "NaN",
  weight_decay: "undefined",
  m: "await",
  v: "yield",
  theta: "let",
  g: "static",
  k: "n",
  G: "P",
  c1: "Function",
  c2: "globalThis",
};
const SGD_NAMES = { lr: "state", momentum: "hyper", nesterov: "NAME", b: "init", theta: "run" };

function trajectory(opt: ReturnType<OptimizerModule["makeOptimizer"]>, steps: number) {
  const rand = seeded(3);
  const p = Float64Array.from({ length: 8 }, () => rand() - 0.5);
  const s = opt.init(8);
  for (let k = 0; k < steps; k++)
    opt.step(
      p,
      Float64Array.from(p, (x, i) => (i + 1) * x + rand() - 0.5),
      s,
    );
  return [...p];
}

const renamedHyper = (hyper: Record<string, unknown>, names: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(hyper).map(([k, v]) => [Object.hasOwn(names, k) ? names[k] : k, v]),
  );

describe("dangerous names compile to the same numbers as ordinary ones", () => {
  const cases: [string, UpdateRule, Record<string, string>, Record<string, unknown>[]][] = [
    ["RMSprop", RMSPROP, RMSPROP_NAMES, [{}, { centered: true, momentum: 0.5, weight_decay: 0.1 }]],
    ["Adam", ADAM, ADAM_NAMES, [{ lr: 0.01, weight_decay: 0.1 }]],
    ["SGD", SGD, SGD_NAMES, [{ lr: 0.01, momentum: 0.9, nesterov: true }]],
  ];
  for (const [label, rule, names, hypers] of cases) {
    it(`${label} renamed to ${Object.values(names).join(", ")}`, async () => {
      const plain = await compileAndImport<OptimizerModule>(rule, "plain");
      const risky = await compileAndImport<OptimizerModule>(rename(rule, names), "risky");
      for (const hyper of hypers) {
        const a = plain.mod.makeOptimizer(hyper);
        const b = risky.mod.makeOptimizer(renamedHyper(hyper, names));
        expect(b.variant).toBe(a.variant);
        expect(trajectory(b, 200)).toEqual(trajectory(a, 200));
      }
      // The rule's names add no bare identifier to the code, and nothing dangerous is there.
      expect(bareIdentifiers(risky.module)).toEqual(bareIdentifiers(plain.module));
      expect(codeOnly(risky.module)).not.toMatch(DANGEROUS);
      expect(codeOnly(risky.module)).not.toMatch(/\bFunction\s*\(|\beval\s*\(|\brequire\s*\(/);
    });
  }

  it("the scan would see a bare dangerous word (negative control)", () => {
    expect(codeOnly(`const x = "process"; /* eval( */ require("os");`)).toMatch(DANGEROUS);
    expect(codeOnly(`const x = "process"; /* eval( */ h_eval;`)).not.toMatch(DANGEROUS);
  });
});

describe("names that are not identifiers are refused", () => {
  const refused = (rule: UpdateRule) => {
    try {
      compileJs(rule);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as UserError).message;
    }
    throw new Error("compiled");
  };

  it("__proto__ and __import__ as hyperparameters, state or locals: a UserError, no module", () => {
    expect(refused(rename(ADAM, { lr: "__proto__" }))).toBe(
      'cannot compile a hyperparameter "__proto__": a name must match /^[A-Za-z][A-Za-z0-9_]*$/',
    );
    expect(refused(rename(ADAM, { m: "__import__" }))).toContain('state variable "__import__"');
    expect(refused(rename(ADAM, { G: "__proto__" }))).toContain('"__proto__"');
    expect(refused(rename(ADAM, { v: "v'" }))).toContain(`"v'"`);
    expect(refused(rename(ADAM, { c1: "a b" }))).toContain('scalar "a b"');
  });

  it("a name in two roles, an unknown symbol, an abstract function, a state named step", () => {
    expect(refused(rename(ADAM, { eps: "m" }))).toBe(
      "cannot compile Adam: 'm' is both a hyperparameter and a state variable",
    );
    const only = (a: Assignment): UpdateRule => ({
      ...ADAM,
      variants: [{ ...ADAM.variants[0], assignments: [a] }],
    });
    expect(refused(only({ target: "m", value: parse("m + zeta") }))).toBe(
      "cannot compile Adam (variant adam), m = …: unknown symbol 'zeta'",
    );
    expect(refused(only({ target: "m", value: parse("f(g)") }))).toContain(
      '"f" is an abstract function',
    );
    expect(refused(only({ target: "eps", value: parse("g") }))).toContain(
      "'eps' is assigned but is not a state variable or the parameter",
    );
    expect(refused(rename(ADAM, { m: "step" }))).toContain("'step' would clash");
  });
});

describe("comment-closing text stays in the comments", () => {
  it("a rule named and described with */ compiles to a module that runs nothing of it", async () => {
    const evil = "x */ globalThis.pwned = 1; /*";
    const rule: UpdateRule = {
      ...ADAM,
      name: `Adam ${evil}`,
      hyperparameters: ADAM.hyperparameters.map((h) => ({ ...h, description: evil })),
      variants: ADAM.variants.map((v) => ({ ...v, name: evil })),
    };
    const { module, dts } = compileJs(rule, { source: `a${evil}.yaml` });
    expect(codeOnly(module)).not.toContain("pwned");
    expect(codeOnly(dts)).not.toContain("pwned");
    const { mod } = await compileAndImport<OptimizerModule>(rule, "evil");
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    expect(mod.makeOptimizer().variant).toBe(evil);
  });
});
