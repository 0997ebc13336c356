#!/usr/bin/env python3
"""SymPy side of `npm run bench`: euler_equations plus linear_eq_to_matrix on bench/systems.json.

Usage:
  python3 bench/sympy_bench.py                      # every system, a plain-text table
  python3 bench/sympy_bench.py --only NAME [--only NAME2]
  python3 bench/sympy_bench.py --system NAME --json  # one system, one JSON line (bench/run.ts)
  python3 bench/sympy_bench.py --check               # translate every system, derive nothing
  python3 bench/sympy_bench.py --count-ops FILE --system NAME
      # SymPy's count_ops of expressions in our syntax: FILE holds a JSON list of strings

For one system it measures, in-process, the seconds for
  1. sympy.calculus.euler.euler_equations(L, funcs, vars)   (unsimplified Euler-Lagrange equations)
  2. linear_eq_to_matrix(eqs, highest derivatives)          (mass-matrix form M*a = F)
and count_ops of both (the sum over the equations' left-hand sides, and over the entries of M and F),
counted after replacing q(t), Derivative(q(t), t) ... by plain symbols q, q', ... as in our output.
The whole-process time, with `import sympy`, is measured by the caller (bench/run.ts).

Translator from lagrange's input syntax (README "Input syntax") to SymPy, token by token:
  numbers            1/2, 0.5, 1e-3        -> exact Integer / Rational (never Python floats)
  ^                                        -> **
  coordinate q       q                     -> q(t)
  velocity etc.      q', q'', ...          -> Derivative(q(t), (t, k))
  field jet          u, u_t, u_tx          -> u(t, x, ...), Derivative(u(t, x, ...), t, x)
  builtins           sin cos tan exp log sqrt sinh cosh tanh abs -> sympy functions (abs -> Abs)
  abstract function  f(a, b)               -> Function('f')(a, b)
  its derivatives    f'(a), D12(V)(a, b)   -> Subs(Derivative(f(_1), _1), _1, a), likewise
  anything else      name                  -> Symbol(name)   (so `gamma`, `E`, `I` stay symbols)
The translated text is evaluated in a namespace of these helpers only.
"""

import json
import os
import re
import resource
import sys
import time

import sympy
from sympy import Derivative, Function, Integer, Rational, Subs, Symbol, count_ops
from sympy.calculus.euler import euler_equations

HERE = os.path.dirname(os.path.abspath(__file__))
SYSTEMS_PATH = os.path.join(HERE, "systems.json")

BUILTINS = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "abs": sympy.Abs,
}

TOKEN = re.compile(
    r"\s+|(?P<num>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"
    r"|(?P<dpart>D(?P<digits>\d+)\((?P<dname>[A-Za-z][A-Za-z0-9_]*)\))"
    r"|(?P<name>[A-Za-z][A-Za-z0-9_]*)(?P<primes>'*)"
    r"|(?P<op>\^|[-+*/(),])"
)


class Context:
    """The jet of one system: its independent variables and dependent functions."""

    def __init__(self, system):
        self.is_field = bool(system.get("fields"))
        if self.is_field:
            self.variables = [Symbol(v) for v in system["variables"]]
            self.dependent = list(system["fields"])
        else:
            self.variables = [Symbol(system.get("time", "t"))]
            self.dependent = list(system["coordinates"])
        self.funcs = {q: Function(q)(*self.variables) for q in self.dependent}
        self.var_names = [str(v) for v in self.variables]

    def jet(self, name):
        """The SymPy expression of a jet symbol (`q`, or a field's `u_tx`), or None."""
        if name in self.funcs:
            return self.funcs[name]
        base, sep, letters = name.rpartition("_")
        if self.is_field and sep and base in self.funcs and letters:
            if all(c in self.var_names for c in letters):
                return Derivative(self.funcs[base], *[Symbol(c) for c in letters])
        return None


def to_jet(expr, ctx):
    """Replace q(t), Derivative(q(t), (t, k)) and u_tx by plain symbols named as in our syntax, so
    that count_ops does not charge SymPy for writing a jet variable as a function application."""
    rep = {}
    for d in expr.atoms(Derivative):
        name = next((q for q, f in ctx.funcs.items() if d.expr == f), None)
        if name is None:
            continue
        if ctx.is_field:
            letters = "".join(str(v) * k for v, k in d.variable_count)
            rep[d] = Symbol(f"{name}_{letters}")
        else:
            rep[d] = Symbol(name + "'" * d.derivative_count)
    rep.update({f: Symbol(q) for q, f in ctx.funcs.items()})
    return expr.xreplace(rep)


def _abstract_derivative(name, positions):
    """D<positions>(name) as a callable: the partial derivative of an abstract function."""

    def apply(*args):
        dummies = [sympy.Dummy(f"a{i + 1}") for i in range(len(args))]
        inner = Function(name)(*dummies)
        d = Derivative(inner, *[dummies[p] for p in positions])
        return Subs(d, dummies, args)

    return apply


def translate(text, ctx):
    """lagrange input syntax -> SymPy expression (see the module docstring)."""
    out, tokens, pos = [], [], 0
    for m in TOKEN.finditer(text):
        if m.start() != pos:
            break
        pos = m.end()
        if m.group(0).strip():
            tokens.append(m)
    if pos != len(text):
        raise ValueError(f"cannot translate at {pos}: {text[pos:pos + 20]!r}")
    env = {"_num": lambda s: Rational(s) if any(c in s for c in ".eE") else Integer(s)}
    for i, m in enumerate(tokens):
        nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
        if m.group("num"):
            out.append(f"_num({m.group('num')!r})")
        elif m.group("dpart"):
            key = f"_d{i}"
            env[key] = _abstract_derivative(
                m.group("dname"), [int(c) - 1 for c in m.group("digits")]
            )
            out.append(key)
        elif m.group("name"):
            name, primes = m.group("name"), len(m.group("primes"))
            key = f"_v{i}"
            if nxt == "(":
                if primes:
                    env[key] = _abstract_derivative(name, [0] * primes)
                elif name in BUILTINS:
                    env[key] = BUILTINS[name]
                else:
                    env[key] = Function(name)
            elif name in ctx.funcs and primes:
                env[key] = Derivative(ctx.funcs[name], (ctx.variables[0], primes))
            elif primes:
                raise ValueError(f"{name}{m.group('primes')}: primes on a non-coordinate")
            else:
                env[key] = ctx.jet(name)
                if env[key] is None:
                    env[key] = Symbol(name)
            out.append(key)
        else:
            out.append("**" if m.group("op") == "^" else m.group("op"))
    return eval(" ".join(out), {"__builtins__": {}}, env)


def load_systems():
    with open(SYSTEMS_PATH) as f:
        return json.load(f)["systems"]


def derive(system):
    """euler_equations + linear_eq_to_matrix on one system: timings and sizes."""
    ctx = Context(system)
    t0 = time.perf_counter()
    L = translate(system["lagrangian"], ctx)
    t_translate = time.perf_counter() - t0
    funcs = [ctx.funcs[q] for q in ctx.dependent]
    t0 = time.perf_counter()
    eqs = euler_equations(L, funcs, ctx.variables)
    t_euler = time.perf_counter() - t0
    lhs = [e.lhs - e.rhs for e in eqs]
    # Unknowns: the highest derivative of each dependent function in the first variable.
    t0 = time.perf_counter()
    var0 = ctx.variables[0]
    unknowns = []
    for f in funcs:
        orders = [
            dict(d.variable_count).get(var0, 0)
            for e in lhs
            for d in e.atoms(Derivative)
            if d.expr == f
        ]
        unknowns.append(Derivative(f, (var0, max(orders))) if orders and max(orders) else f)
    syms = [Symbol(f"_acc{i}") for i in range(len(unknowns))]
    sub = dict(zip(unknowns, syms))
    A, b = sympy.linear_eq_to_matrix([e.subs(sub) for e in lhs], syms)
    t_matrix = time.perf_counter() - t0
    back = {s: u for s, u in zip(syms, unknowns)}
    ops_el = sum(count_ops(to_jet(e, ctx)) for e in lhs)
    ops_el_functions = sum(count_ops(e) for e in lhs)
    ops_mf = sum(count_ops(to_jet(x.xreplace(back), ctx)) for x in list(A) + list(b))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "name": system["name"],
        "sympy": sympy.__version__,
        "translate_s": t_translate,
        "euler_s": t_euler,
        "matrix_s": t_matrix,
        "compute_s": t_euler + t_matrix,
        "el_ops": int(ops_el),
        "mf_ops": int(ops_mf),
        "el_ops_function_notation": int(ops_el_functions),
        "peak_mb": usage.ru_maxrss / 1024,
        "cpu_s": usage.ru_utime + usage.ru_stime,
    }


def count_ours(system, path):
    """SymPy's count_ops of our output expressions (a JSON list of strings in our syntax)."""
    ctx = Context(system)
    with open(path) as f:
        texts = json.load(f)
    ops = sum(count_ops(to_jet(translate(t, ctx), ctx)) for t in texts)
    return {"name": system["name"], "ops": int(ops)}


def main(argv):
    only, system_name, as_json, check, count_file = [], None, False, False, None
    args = iter(argv)
    for a in args:
        if a == "--only":
            only.append(next(args))
        elif a == "--system":
            system_name = next(args)
        elif a == "--json":
            as_json = True
        elif a == "--check":
            check = True
        elif a == "--count-ops":
            count_file = next(args)
        else:
            sys.exit(f"unknown argument {a!r} (see the docstring of {__file__})")
    systems = load_systems()
    if system_name:
        only = [system_name]
    chosen = [s for s in systems if not only or s["name"] in only]
    if only and len(chosen) != len(set(only)):
        sys.exit(f"unknown system in {only}; known: {', '.join(s['name'] for s in systems)}")
    if check:
        for s in chosen:
            ctx = Context(s)
            L = translate(s["lagrangian"], ctx)
            print(f"{s['name']}: ok, {count_ops(L)} ops")
        return
    if count_file:
        print(json.dumps(count_ours(chosen[0], count_file)))
        return
    if as_json:
        for s in chosen:
            print(json.dumps(derive(s)), flush=True)
        return
    print(f"SymPy {sympy.__version__}: euler_equations + linear_eq_to_matrix")
    print(f"{'system':28} {'euler s':>8} {'matrix s':>9} {'EL ops':>8} {'M+F ops':>8}")
    for s in chosen:
        r = derive(s)
        print(
            f"{s['name']:28} {r['euler_s']:8.3f} {r['matrix_s']:9.3f} {r['el_ops']:8d} {r['mf_ops']:8d}",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
