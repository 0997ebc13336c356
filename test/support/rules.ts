/**
 * Update rules written by hand in the record format (src/proof/types.ts `UpdateRule`), for testing
 * the compiler on its own, independently of the derivations that produce such rules. Each is torch
 * 1.13's algorithm transcribed directly (the same conventions as ./optimizers.ts): the compiler must
 * turn these into code that replays the torch traces.
 */
import { parse } from "../../src/expr/syntax/parse.js";
import type {
  Assignment,
  Condition,
  Hyperparameter,
  UpdateRule,
  UpdateVariant,
} from "../../src/proof/types.js";

const num = (
  name: string,
  value: number | null,
  torch?: Hyperparameter["torch"],
): Hyperparameter =>
  torch
    ? { name, type: "number", default: value, torch }
    : { name, type: "number", default: value };
const bool = (name: string, value: boolean): Hyperparameter => ({
  name,
  type: "boolean",
  default: value,
});

/** `"m = beta1*m + (1 - beta1)*G"` → an assignment; a leading `local ` marks a temporary. */
function assign(text: string): Assignment {
  const local = text.startsWith("local ");
  const [target, value] = text.replace(/^local /, "").split("=");
  const a = { target: target.trim(), value: parse(value) };
  return local ? { ...a, local: true } : a;
}

function variant(
  name: string,
  when: Condition[],
  assignments: string[],
  first: string[] | null = null,
  scalars: string[] = [],
): UpdateVariant {
  return {
    name,
    when,
    scalars: scalars.map(assign),
    first: first && first.map(assign),
    assignments: assignments.map(assign),
    steps: [],
    notes: [],
  };
}

const BETAS: Hyperparameter[] = [
  num("beta1", 0.9, { tuple: "betas", index: 0 }),
  num("beta2", 0.999, { tuple: "betas", index: 1 }),
];

const optimizer = (
  name: string,
  hyperparameters: Hyperparameter[],
  state: string[],
  variants: UpdateVariant[],
): UpdateRule => ({
  kind: "optimizer",
  name,
  index: "k",
  parameter: "theta",
  gradient: "g",
  hyperparameters,
  state: state.map((s) => ({ name: s, init: 0 })),
  variants,
});

export const ADAM: UpdateRule = optimizer(
  "Adam",
  [num("lr", 1e-3), ...BETAS, num("eps", 1e-8), num("weight_decay", 0)],
  ["m", "v"],
  [
    variant(
      "adam",
      [],
      [
        "local G = g + weight_decay*theta",
        "m = beta1*m + (1 - beta1)*G",
        "v = beta2*v + (1 - beta2)*G^2",
        "theta = theta - lr/c1*m/(sqrt(v)/sqrt(c2) + eps)",
      ],
      null,
      ["c1 = 1 - beta1^k", "c2 = 1 - beta2^k"],
    ),
  ],
);

export const ADAMW: UpdateRule = optimizer(
  "AdamW",
  [num("lr", 1e-3), ...BETAS, num("eps", 1e-8), num("weight_decay", 1e-2)],
  ["m", "v"],
  [
    variant(
      "adamw",
      [],
      [
        "theta = theta*(1 - lr*weight_decay)",
        "m = beta1*m + (1 - beta1)*g",
        "v = beta2*v + (1 - beta2)*g^2",
        "theta = theta - lr/(1 - beta1^k)*m/(sqrt(v)/sqrt(1 - beta2^k) + eps)",
      ],
    ),
  ],
);

const centered = (is: boolean): Condition => ({ hyper: "centered", is });
const momentum = (zero: boolean): Condition => ({ hyper: "momentum", zero });

export const RMSPROP: UpdateRule = optimizer(
  "RMSprop",
  [
    num("lr", 1e-2),
    num("alpha", 0.99),
    num("eps", 1e-8),
    num("weight_decay", 0),
    num("momentum", 0),
    bool("centered", false),
  ],
  ["v", "gbar", "b"],
  [
    variant(
      "plain",
      [centered(false), momentum(true)],
      [
        "local G = g + weight_decay*theta",
        "v = alpha*v + (1 - alpha)*G^2",
        "theta = theta - lr*G/(sqrt(v) + eps)",
      ],
    ),
    variant(
      "centered",
      [centered(true), momentum(true)],
      [
        "local G = g + weight_decay*theta",
        "v = alpha*v + (1 - alpha)*G^2",
        "gbar = alpha*gbar + (1 - alpha)*G",
        "theta = theta - lr*G/(sqrt(v - gbar^2) + eps)",
      ],
    ),
    variant(
      "momentum",
      [centered(false), momentum(false)],
      [
        "local G = g + weight_decay*theta",
        "v = alpha*v + (1 - alpha)*G^2",
        "b = momentum*b + G/(sqrt(v) + eps)",
        "theta = theta - lr*b",
      ],
    ),
    variant(
      "centered-momentum",
      [centered(true), momentum(false)],
      [
        "local G = g + weight_decay*theta",
        "v = alpha*v + (1 - alpha)*G^2",
        "gbar = alpha*gbar + (1 - alpha)*G",
        "b = momentum*b + G/(sqrt(v - gbar^2) + eps)",
        "theta = theta - lr*b",
      ],
    ),
  ],
);

const nesterov = (is: boolean): Condition => ({ hyper: "nesterov", is });

export const SGD: UpdateRule = optimizer(
  "SGD",
  [
    num("lr", null),
    num("momentum", 0),
    num("dampening", 0),
    num("weight_decay", 0),
    bool("nesterov", false),
  ],
  ["b"],
  [
    variant("sgd", [momentum(true)], ["local G = g + weight_decay*theta", "theta = theta - lr*G"]),
    variant(
      "heavy-ball",
      [momentum(false), nesterov(false)],
      [
        "local G = g + weight_decay*theta",
        "b = momentum*b + (1 - dampening)*G",
        "theta = theta - lr*b",
      ],
      ["local G = g + weight_decay*theta", "b = G", "theta = theta - lr*b"],
    ),
    variant(
      "nesterov",
      [momentum(false), nesterov(true)],
      [
        "local G = g + weight_decay*theta",
        "b = momentum*b + (1 - dampening)*G",
        "theta = theta - lr*(G + momentum*b)",
      ],
      ["local G = g + weight_decay*theta", "b = G", "theta = theta - lr*(G + momentum*b)"],
    ),
  ],
);

/** A damped oscillator integrated by symplectic Euler: an integrator rule (x, v; h, k, gamma). */
export const OSCILLATOR: UpdateRule = {
  kind: "integrator",
  name: "Damped oscillator",
  index: "k",
  time: "t",
  scheme: "symplectic-euler",
  hyperparameters: [num("h", null), num("k0", 4), num("gamma", 0.5)],
  state: [
    { name: "x", init: 0 },
    { name: "v", init: 0 },
  ],
  variants: [variant("symplectic-euler", [], ["v = v + h*(-k0*x - gamma*v)", "x = x + h*v"])],
};

export const RULES = { adam: ADAM, adamw: ADAMW, rmsprop: RMSPROP, sgd: SGD } as const;
