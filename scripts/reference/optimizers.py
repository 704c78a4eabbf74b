#!/usr/bin/env python3
"""Reference trajectories of PyTorch's optimizers, for tests/lib/optimizers/*.test.ts.

Runs torch.optim.SGD / RMSprop / Adam / AdamW in float64 on two fixed parameter tensors
(a 3x2 "W" and a 1x2 "b") for a few steps with a fixed sequence of gradients, once per
option combination, and writes every intermediate parameter value to
tests/fixtures/optimizers-torch.json. Option names in "spec" are the parity-format keys
(the mlp-parity/1 format, described key by key in src/lib/parity-format.ts), so a test can feed them straight to optimizerFromSpec.

Usage: /usr/bin/python3 scripts/reference/optimizers.py   (needs torch; run from the repo root)
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)
STEPS = 5
SHAPES = [(3, 2), (1, 2)]

generator = torch.Generator().manual_seed(20240611)
PARAMS0 = [torch.randn(shape, generator=generator) for shape in SHAPES]
GRADS = [[torch.randn(shape, generator=generator) for shape in SHAPES] for _ in range(STEPS)]
# An exactly-zero gradient entry on the first steps exercises eps (RMSProp/Adam divide by √s + ε)
# and the first-step momentum buffer with a zero entry.
GRADS[0][0][1, 0] = 0.0
GRADS[1][0][1, 0] = 0.0

CASES = [
    ("sgd plain", {"name": "sgd", "lr": 0.1}),
    ("sgd weight decay", {"name": "sgd", "lr": 0.1, "weight_decay": 0.05}),
    ("sgd momentum", {"name": "sgd", "lr": 0.1, "momentum": 0.9}),
    ("sgd momentum dampening", {"name": "sgd", "lr": 0.1, "momentum": 0.9, "dampening": 0.3}),
    ("sgd momentum dampening weight decay",
     {"name": "sgd", "lr": 0.05, "momentum": 0.7, "dampening": 0.5, "weight_decay": 0.1}),
    ("sgd nesterov", {"name": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("sgd nesterov weight decay",
     {"name": "sgd", "lr": 0.1, "momentum": 0.8, "nesterov": True, "weight_decay": 0.01}),
    ("rmsprop defaults", {"name": "rmsprop", "lr": 0.01}),
    ("rmsprop alpha eps", {"name": "rmsprop", "lr": 0.05, "alpha": 0.9, "eps": 1e-3}),
    ("rmsprop weight decay", {"name": "rmsprop", "lr": 0.01, "alpha": 0.95, "weight_decay": 0.1}),
    ("adam defaults", {"name": "adam", "lr": 0.001}),
    ("adam betas eps", {"name": "adam", "lr": 0.05, "beta1": 0.5, "beta2": 0.8, "eps": 1e-3}),
    ("adam l2 weight decay", {"name": "adam", "lr": 0.01, "weight_decay": 0.1}),
    ("adamw decoupled weight decay", {"name": "adam", "lr": 0.01, "weight_decay": 0.1, "decoupled": True}),
    ("adam beta1 zero", {"name": "adam", "lr": 0.01, "beta1": 0.0}),
]
# Cases with a learning-rate schedule: inverse time decay lr_t = lr / (1 + decay·t), t = 1, 2, …
SCHEDULED = [
    ("sgd momentum inverse time decay", {"name": "sgd", "lr": 0.1, "momentum": 0.9}, 0.5),
    ("rmsprop inverse time decay", {"name": "rmsprop", "lr": 0.02, "weight_decay": 0.05}, 0.25),
    ("adamw inverse time decay", {"name": "adam", "lr": 0.01, "weight_decay": 0.2, "decoupled": True}, 1.0),
]


def make_optimizer(spec, params):
    kind = spec["name"]
    wd = spec.get("weight_decay", 0.0)
    if kind == "sgd":
        return torch.optim.SGD(params, lr=spec["lr"], momentum=spec.get("momentum", 0.0),
                               dampening=spec.get("dampening", 0.0), nesterov=spec.get("nesterov", False),
                               weight_decay=wd, foreach=False)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=spec["lr"], alpha=spec.get("alpha", 0.99),
                                   eps=spec.get("eps", 1e-8), weight_decay=wd, foreach=False)
    if kind == "adam":
        betas = (spec.get("beta1", 0.9), spec.get("beta2", 0.999))
        cls = torch.optim.AdamW if spec.get("decoupled", False) else torch.optim.Adam
        return cls(params, lr=spec["lr"], betas=betas, eps=spec.get("eps", 1e-8), weight_decay=wd, foreach=False)
    raise ValueError(kind)


def run(name, spec, decay=None):
    params = [p.clone().requires_grad_(True) for p in PARAMS0]
    optimizer = make_optimizer(spec, params)
    scheduler = None
    if decay is not None:
        # LambdaLR multiplies the base lr by λ(e), e = 0 for the first step: step t = e + 1.
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: 1.0 / (1.0 + decay * (e + 1)))
    trajectory = []
    for grads in GRADS:
        for p, g in zip(params, grads):
            p.grad = g.clone()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        trajectory.append([p.detach().reshape(-1).tolist() for p in params])
    case = {"name": name, "spec": spec, "params": trajectory}
    if decay is not None:
        case["inverse_time_decay"] = decay
    return case


def main():
    cases = [run(name, spec) for name, spec in CASES]
    cases += [run(name, spec, decay) for name, spec, decay in SCHEDULED]
    fixture = {
        "generator": "scripts/reference/optimizers.py",
        "torch_version": torch.__version__,
        "dtype": "float64",
        "shapes": [list(s) for s in SHAPES],
        "params0": [p.reshape(-1).tolist() for p in PARAMS0],
        "grads": [[g.reshape(-1).tolist() for g in step] for step in GRADS],
        "cases": cases,
    }
    path = os.path.join("tests", "fixtures", "optimizers-torch.json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {path}: {len(cases)} cases x {STEPS} steps")


if __name__ == "__main__":
    main()
