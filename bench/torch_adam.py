"""The generated torch Adam (lagrange's torch target) against torch.optim.Adam, on CPU.

Usage: /usr/bin/python3 bench/torch_adam.py --module-dir DIR [--n 4000000] [--rounds 15]
       [--steps 5] [--dtype float32]
DIR holds derived_adam.py (compileTorch of an Adam rule, class DerivedAdam); bench/torch.ts writes
it and runs this. One parameter tensor of n elements per optimizer, the same start and the same two
alternating gradients; rounds alternate which optimizer goes first, each timing `steps` steps of
each. Prints JSON: median steps/s of each, their ratio (ours / torch), the largest relative
difference of the two parameter tensors at the end, torch's version and thread count.
"""
import argparse
import importlib
import json
import sys
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--module-dir", required=True)
    ap.add_argument("--n", type=int, default=4_000_000)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    a = ap.parse_args()
    sys.path.insert(0, a.module_dir)
    derived = importlib.import_module("derived_adam").DerivedAdam
    dtype = getattr(torch, a.dtype)

    g = torch.Generator().manual_seed(0)
    start = torch.randn(a.n, generator=g, dtype=dtype)
    grads = [torch.randn(a.n, generator=g, dtype=dtype) for _ in range(2)]
    ours_p = start.clone().requires_grad_()
    torch_p = start.clone().requires_grad_()
    ours = derived([ours_p])
    theirs = torch.optim.Adam([torch_p])

    def run(opt, p, steps):
        for i in range(steps):
            p.grad = grads[i % 2]
            opt.step()

    run(ours, ours_p, 2)  # warm-up: allocate the state
    run(theirs, torch_p, 2)
    rates = {"ours": [], "torch": []}
    for r in range(a.rounds):
        order = [("ours", ours, ours_p), ("torch", theirs, torch_p)]
        for name, opt, p in order if r % 2 == 0 else order[::-1]:
            t = time.perf_counter()
            run(opt, p, a.steps)
            rates[name].append(a.steps / (time.perf_counter() - t))

    def median(xs):
        return sorted(xs)[len(xs) // 2]

    ours_rate, torch_rate = median(rates["ours"]), median(rates["torch"])
    diff = ((ours_p - torch_p).abs() / torch_p.abs().clamp(min=1)).max().item()
    json.dump(
        {
            "n": a.n,
            "dtype": a.dtype,
            "rounds": a.rounds,
            "steps": a.steps,
            "ours": ours_rate,
            "torch": torch_rate,
            "ratio": ours_rate / torch_rate,
            "maxRelDiff": diff,
            "torchVersion": torch.__version__,
            "threads": torch.get_num_threads(),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
