/**
 * How the torch target writes one tensor operation (./torch-tensor.ts): on single tensors
 * (`x.mul_(c)`, `t = torch.sqrt(x)`), or on lists of tensors with torch's `_foreach_*` operations
 * (`torch._foreach_mul_(xs, c)`, `t = torch._foreach_sqrt(xs)`), one call per list — the whole
 * group's parameters at once. The few operations torch 1.13 has no foreach form of are written as
 * a loop over the list's tensors (never over elements): square as x·x, rsqrt as sqrt then
 * reciprocal, pow, copy_, fill_, clone.
 */
export interface TensorOps {
  /** `x.op_(args)` */
  inPlace(x: string, op: string, args: string): string[];
  /** `t = torch.op(x, args)` */
  outOfPlace(t: string, x: string, op: string, args: string): string[];
  copy(target: string, source: string): string[];
  fill(target: string, value: string): string[];
  clone(t: string, source: string): string[];
  /** `t = torch.pow(base, exp)`, the base a scalar or a tensor, the exponent a tensor. */
  pow(t: string, base: string, baseIsTensor: boolean, exp: string): string[];
}

const comma = (args: string) => (args === "" ? "" : ", " + args);

/** Operations on single tensors. */
export const SINGLE: TensorOps = {
  inPlace: (x, op, args) => [`${x}.${op}_(${args})`],
  outOfPlace: (t, x, op, args) => [`${t} = torch.${op}(${x}${comma(args)})`],
  copy: (target, source) => [`${target}.copy_(${source})`],
  fill: (target, value) => [`${target}.fill_(${value})`],
  clone: (t, source) => [`${t} = ${source}.clone()`],
  pow: (t, base, _tensor, exp) => [`${t} = torch.pow(${base}, ${exp})`],
};

/** Operations on lists of tensors (torch._foreach_*). */
export const FOREACH: TensorOps = {
  inPlace: (x, op, args) =>
    op === "square"
      ? [`torch._foreach_mul_(${x}, ${x})`]
      : op === "rsqrt"
        ? [`torch._foreach_sqrt_(${x})`, `torch._foreach_reciprocal_(${x})`]
        : op === "pow"
          ? [`for e in ${x}: e.pow_(${args})`]
          : [`torch._foreach_${op}_(${x}${comma(args)})`],
  outOfPlace: (t, x, op, args) =>
    op === "square"
      ? [`${t} = torch._foreach_mul(${x}, ${x})`]
      : op === "rsqrt"
        ? [`${t} = torch._foreach_sqrt(${x})`, `torch._foreach_reciprocal_(${t})`]
        : op === "pow"
          ? [`${t} = [torch.pow(e, ${args}) for e in ${x}]`]
          : [`${t} = torch._foreach_${op}(${x}${comma(args)})`],
  copy: (target, source) => [`for a, b in zip(${target}, ${source}): a.copy_(b)`],
  fill: (target, value) => [`for a in ${target}: a.fill_(${value})`],
  clone: (t, source) => [`${t} = [e.clone() for e in ${source}]`],
  pow: (t, base, tensor, exp) =>
    tensor
      ? [`${t} = [torch.pow(a, b) for a, b in zip(${base}, ${exp})]`]
      : [`${t} = [torch.pow(${base}, e) for e in ${exp}]`],
};
