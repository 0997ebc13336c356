"""Runs generated torch optimizers (lagrange compile --target torch) against torch.optim's own.

Usage: /usr/bin/python3 torch_check.py SPEC.json; prints one JSON object {case id: result}.
SPEC: {"dir": folder of the generated modules, "cases": [...]}, each case
  {"id", "kind": "compare" | "resume" | "train" | "errors", "module", "cls", "ours": kwargs,
   "torch": name in torch.optim, "theirs": kwargs, "steps", "groups": optional per-group kwargs,
 "skip": true to drop one tensor's gradient every third step, so step counts differ}.
Results: compare → {"dev": max over steps and elements of |ours − theirs| / max(1, |theirs|),
"moved"}; resume → {"dev" against the uninterrupted run}; train → {"ours": losses, "theirs":
losses}; errors → {"messages": [...]} for each bad constructor call.
"""
import importlib
import io
import json
import math
import sys

import torch

torch.set_default_dtype(torch.float64)


def load(spec_dir, module, cls):
    if spec_dir not in sys.path:
        sys.path.insert(0, spec_dir)
    return getattr(importlib.import_module(module), cls)


def model_params(seed):
    """Three parameter tensors of different shapes, and a fourth that never gets a gradient."""
    g = torch.Generator().manual_seed(seed)
    shapes = [(4, 3), (4,), (2, 3, 2), (5,)]
    return [torch.randn(s, generator=g).requires_grad_() for s in shapes]


def loss_of(params, step, seed):
    w, b, c, _unused = params
    g = torch.Generator().manual_seed(seed * 1000 + step)
    x = torch.randn(8, 3, generator=g)
    y = torch.randn(8, 4, generator=g)
    fit = ((torch.tanh(x @ w.T + b) - y) ** 2).mean()
    return fit + 0.1 * (c**4).sum() + torch.sin(c).sum()


def groups_of(params, groups):
    if not groups:
        return params
    return [dict(params=params[:2], **groups[0]), dict(params=params[2:], **groups[1])]


def run(make, params, start, steps, seed, skip=False):
    """Steps with fresh gradients; with skip, the third tensor has none on every third step."""
    for step in range(start, start + steps):
        make.zero_grad(set_to_none=True)
        loss_of(params, step, seed).backward()
        if skip and step % 3 == 2:
            params[2].grad = None
        make.step()


def deviation(a, b):
    return max(((x - y).abs() / y.abs().clamp(min=1)).max().item() for x, y in zip(a, b))


def compare(case, cls):
    seed = case.get("seed", 1)
    ours_p, theirs_p = model_params(seed), model_params(seed)
    ours = cls(groups_of(ours_p, case.get("groups")), **case["ours"])
    theirs = getattr(torch.optim, case["torch"])(
        groups_of(theirs_p, case.get("groups")), **case["theirs"]
    )
    start = [p.detach().clone() for p in ours_p]
    dev = 0.0
    for step in range(case["steps"]):
        run(ours, ours_p, step, 1, seed, case.get("skip", False))
        run(theirs, theirs_p, step, 1, seed, case.get("skip", False))
        dev = max(dev, deviation(ours_p, theirs_p))
    moved = min((p - s).abs().max().item() for p, s in zip(ours_p[:3], start[:3]))
    unused = (ours_p[3] - start[3]).abs().max().item()
    return {"dev": dev, "moved": moved, "unused": unused}


def resume(case, cls):
    """Half the steps, state_dict through torch.save, a fresh optimizer, the other half."""
    seed, half = case.get("seed", 1), case["steps"] // 2
    whole_p, part_p = model_params(seed), model_params(seed)
    whole = cls(groups_of(whole_p, case.get("groups")), **case["ours"])
    run(whole, whole_p, 0, 2 * half, seed)
    first = cls(groups_of(part_p, case.get("groups")), **case["ours"])
    run(first, part_p, 0, half, seed)
    buffer = io.BytesIO()
    torch.save(first.state_dict(), buffer)
    buffer.seek(0)
    second = cls(groups_of(part_p, case.get("groups")), **case["ours"])
    second.load_state_dict(torch.load(buffer))
    kinds = sorted({type(v).__name__ for s in second.state.values() for v in s.values()})
    run(second, part_p, half, half, seed)
    return {"dev": deviation(part_p, whole_p), "kinds": kinds}


def train(case, cls):
    def curve(make):
        torch.manual_seed(case.get("seed", 0))
        net = torch.nn.Sequential(
            torch.nn.Linear(5, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1)
        )
        x = torch.randn(64, 5)
        y = torch.sin(x.sum(dim=1, keepdim=True)) + 0.1 * x[:, :1] ** 2
        opt = make(net.parameters())
        losses = []

        def closure():
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(x), y)
            loss.backward()
            return loss

        for _ in range(case["steps"]):
            losses.append(opt.step(closure).item())
        return losses

    theirs = getattr(torch.optim, case["torch"])
    return {
        "ours": curve(lambda ps: cls(ps, **case["ours"])),
        "theirs": curve(lambda ps: theirs(ps, **case["theirs"])),
    }


def odd_update(theta, g, st, lr):
    """The "odd rule" of torch.test.ts, element by element in Python floats."""
    st["k"] = k = st.get("k", 0) + 1
    c = 1 / k
    for i in range(len(theta)):
        a = 2
        st["step"][i] = st["step"][i] * math.exp(-lr * abs(g[i])) + a * lr * c
        st["u"][i] = st["u"][i] + g[i] ** 3 / (1 + g[i] ** 2)
        theta[i] = theta[i] - lr * st["step"][i] * math.tanh(st["u"][i]) - lr * 2 ** g[i] / 1000


def reference(case, cls):
    """Ours against a rule written out in Python floats (with the skipping of `compare`)."""
    seed, lr = case.get("seed", 1), case["ours"]["lr"]
    params = model_params(seed)
    opt = cls(params, **case["ours"])
    values = [p.detach().flatten().tolist() for p in params]
    states = [{"step": [1.0] * len(v), "u": [0.5] * len(v)} for v in values]
    dev = 0.0
    for step in range(case["steps"]):
        run(opt, params, step, 1, seed, True)
        for p, v, st in zip(params, values, states):
            if p.grad is not None:
                odd_update(v, p.grad.flatten().tolist(), st, lr)
            ours = p.detach().flatten().tolist()
            dev = max([dev] + [abs(a - b) / max(1, abs(b)) for a, b in zip(ours, v)])
    return {"dev": dev, "moved": 1.0, "unused": 0.0}


def errors(case, cls):
    messages = []
    for kwargs in case["calls"]:
        try:
            cls(model_params(1), **kwargs)
            messages.append(None)
        except (TypeError, ValueError) as e:
            messages.append(type(e).__name__ + ": " + str(e))
    return {"messages": messages}


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    out = {}
    for case in spec["cases"]:
        kind = {
            "compare": compare,
            "resume": resume,
            "train": train,
            "errors": errors,
            "reference": reference,
        }
        try:
            cls = load(spec["dir"], case["module"], case["cls"])
            out[case["id"]] = kind[case["kind"]](case, cls)
        except Exception as e:  # reported per case, so one failure does not hide the rest
            out[case["id"]] = {"error": type(e).__name__ + ": " + str(e)}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
