#!/usr/bin/env python3
"""Reference values for the engine's functions outside the dense stack (format mlp-function-parity/1),
computed by PyTorch in float64, for tests/lib/function-parity.test.ts.

A file of its own because mlp-parity/1 (reference.json, scripts/reference/parity.py) describes
dense-stack experiments that the engine replays through Sequential, while these are functions a
chapter calls between dense layers or on a model's parameters: each case gives one function's
inputs and PyTorch's outputs.

Every matrix is a list of rows; a dense stack's `inputs`, `layers`, `params` ({W, b} per layer, W
inputs x units, b a list), `loss`, `x` and `y` mean what they mean in mlp-parity/1. Sections:

- hessian_vector: a dense stack, `directions` (each a list of {W, b} shaped like params) and
  expect.products, the exact H times each direction by double backward (torch.autograd.grad of
  <grad L, v> with create_graph=True); expect.curvatures, every eigenvalue of the exact Hessian
  (built column by column from P such products), largest first; `kink_margin`, the smallest |z| of
  any ReLU or leaky ReLU pre-activation.
- dropout: `p`, `x`, `keep` (the 0/1 pattern R: 1 keeps an entry), `upstream` (dL/dA). expect.train
  is A = x * R / (1 - p) and expect.train_input_grad its gradient for L = sum(upstream * A);
  expect.test and expect.test_input_grad the same for F.dropout(x, p, training=False).
- layer_norm: `eps`, `x`, `gain`, `bias` (lists of n), `upstream`. expect.forward is
  F.layer_norm(x, (n,), gain, bias, eps); input_grad, gain_grad and bias_grad are the gradients of
  L = sum(upstream * forward); jacobians holds da/dx (n x n, entry (j, k) = da_j/dx_k) of every row.
- residual: `activation` (and `slope` for leaky_relu), `x`, `W` (n x n), `b`, `upstream`.
  expect.forward is x + f(x W + b); input_grad, W_grad and b_grad the gradients of
  L = sum(upstream * forward).

Guards; the script stops if one fails:
- F.dropout's own output, for masks torch draws itself, equals x * mask / (1 - p) to 1e-15, so the
  given-mask formula the cases use is PyTorch's dropout;
- every ReLU/leaky ReLU pre-activation of a Hessian or residual case is at least KINK_MARGIN from 0,
  so a finite-difference product (which moves the parameters by ~6e-6) never crosses a kink, where
  the exact product takes f'' = 0 and a difference of gradients sees a jump;
- every exact Hessian is symmetric to 1e-12 of its largest entry.

Usage (from the repository root; needs Debian's python3-torch, 1.13):
    /usr/bin/python3 scripts/reference/functions.py [OUT]
OUT defaults to tests/fixtures/parity/functions.json. Deterministic (seeded generator): re-running
it rewrites the same file.
"""
import json
import sys

import torch
import torch.nn.functional as F

from parity import activation, loss_fn

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(2026_13_13)
KINK_MARGIN = 1e-3
KINKED = ("relu", "leaky_relu")


def randn(*shape, scale=1.0):
    return torch.randn(*shape, generator=gen) * scale


def tolist(t):
    return t.detach().tolist()


def L(units, act, slope=None):
    layer = {"units": units, "activation": act}
    if slope is not None:
        layer["slope"] = slope
    return layer


def act_of(layer):
    return activation(layer["activation"], layer.get("slope", 0.01))


def stack_loss(layers, flat, x, y, loss):
    """The loss of a dense stack whose parameters are the flat list [W1, b1, W2, b2, ...], and the
    smallest |z| of its kinked layers."""
    a, kink = x, float("inf")
    for l, layer in enumerate(layers):
        z = a @ flat[2 * l] + flat[2 * l + 1]
        if layer["activation"] in KINKED:
            kink = min(kink, z.abs().min().item())
        a = act_of(layer)(z)
    return loss_fn(loss)(a, y), kink


def as_params(flat):
    return [{"W": tolist(flat[i]), "b": tolist(flat[i + 1])} for i in range(0, len(flat), 2)]


def hessian_case(name, inputs, layers, loss, m):
    # Redraw (deterministically) until no kinked pre-activation is within KINK_MARGIN of 0.
    for attempt in range(50):
        flat, width = [], inputs
        for layer in layers:
            flat += [randn(width, layer["units"], scale=1.2 / width ** 0.5), randn(layer["units"], scale=0.3)]
            width = layer["units"]
        x = randn(m, inputs)
        q = layers[-1]["units"]
        if loss == "mse":
            y = randn(m, q)
        else:
            y = F.one_hot(torch.randint(0, q, (m,), generator=gen), q).to(torch.float64)
        _, kink = stack_loss(layers, flat, x, y, loss)
        if kink >= KINK_MARGIN:
            break
    else:
        raise SystemExit(f"{name}: no draw kept the ReLU pre-activations {KINK_MARGIN} from 0")

    leaves = [t.clone().requires_grad_(True) for t in flat]
    value, _ = stack_loss(layers, leaves, x, y, loss)
    grads = torch.autograd.grad(value, leaves, create_graph=True)

    def hvp(v):
        dot = sum((g * vi).sum() for g, vi in zip(grads, v))
        return [t.detach() for t in torch.autograd.grad(dot, leaves, retain_graph=True)]

    # Directions: a random one, the gradient itself, and one coordinate (a column of H).
    unit = [torch.zeros_like(t) for t in flat]
    unit[0][0, 0] = 1.0
    directions = [[randn(*t.shape) for t in flat], [g.detach().clone() for g in grads], unit]
    products = [hvp(v) for v in directions]

    sizes = [t.numel() for t in flat]
    P = sum(sizes)
    columns = []
    for k in range(P):
        e = torch.zeros(P)
        e[k] = 1.0
        v = [c.reshape(t.shape) for c, t in zip(torch.split(e, sizes), flat)]
        columns.append(torch.cat([c.reshape(-1) for c in hvp(v)]))
    H = torch.stack(columns, dim=1)
    asymmetry = (H - H.T).abs().max().item() / H.abs().max().item()
    if asymmetry > 1e-12:
        raise SystemExit(f"{name}: the exact Hessian is asymmetric by {asymmetry:.1e}")
    curvatures = torch.linalg.eigvalsh(H).flip(0)
    report.append(f"{name}: P = {P}, curvatures {curvatures[0].item():.4g} … {curvatures[-1].item():.4g}, "
                  f"kink margin {kink:.1e}, asymmetry {asymmetry:.1e}")
    case = {"name": name, "inputs": inputs, "layers": layers, "params": as_params(flat), "loss": loss,
            "x": tolist(x), "y": tolist(y), "directions": [as_params(v) for v in directions],
            "expect": {"products": [as_params(p) for p in products], "curvatures": tolist(curvatures)}}
    if kink != float("inf"):
        case["kink_margin"] = kink
    return case


def dropout_case(name, p, m, n):
    x = randn(m, n)
    keep = (torch.rand(m, n, generator=gen) >= p).to(torch.float64)
    upstream = randn(m, n)
    xl = x.clone().requires_grad_(True)
    train = xl * keep / (1 - p)
    (train * upstream).sum().backward()
    xt = x.clone().requires_grad_(True)
    test = F.dropout(xt, p, training=False)
    (test * upstream).sum().backward()
    # The guard: torch's own dropout is x * mask / (1 - p) for the mask it draws.
    torch.manual_seed(len(name))
    own = F.dropout(x, p, training=True)
    mask = (own != 0).to(torch.float64)
    gap = ((own - x * mask / (1 - p)).abs() / (x.abs() / (1 - p))).max().item()
    if gap > 1e-15:
        raise SystemExit(f"{name}: F.dropout differs from x * mask / (1 - p) by {gap:.1e}")
    report.append(f"{name}: p = {p}, {int(keep.sum().item())} of {m * n} kept; F.dropout vs the formula {gap:.1e}")
    return {"name": name, "p": p, "x": tolist(x), "keep": tolist(keep), "upstream": tolist(upstream),
            "expect": {"train": tolist(train), "train_input_grad": tolist(xl.grad),
                       "test": tolist(test), "test_input_grad": tolist(xt.grad)}}


def layer_norm_case(name, x, gain, bias, eps=1e-5):
    m, n = x.shape
    upstream = randn(m, n)
    xl, gl, bl = (t.clone().requires_grad_(True) for t in (x, gain, bias))
    out = F.layer_norm(xl, (n,), gl, bl, eps)
    (out * upstream).sum().backward()
    jacobians = [torch.autograd.functional.jacobian(lambda r: F.layer_norm(r, (n,), gain, bias, eps), x[i]) for i in range(m)]
    report.append(f"{name}: {m}x{n}, eps {eps}")
    return {"name": name, "eps": eps, "x": tolist(x), "gain": tolist(gain), "bias": tolist(bias),
            "upstream": tolist(upstream),
            "expect": {"forward": tolist(out), "input_grad": tolist(xl.grad), "gain_grad": tolist(gl.grad),
                       "bias_grad": tolist(bl.grad), "jacobians": [tolist(j) for j in jacobians]}}


def residual_case(name, layer, m, n):
    x, W, b, upstream = randn(m, n), randn(n, n, scale=1 / n ** 0.5), randn(n, scale=0.3), randn(m, n)
    z = x @ W + b
    if layer["activation"] in KINKED and z.abs().min().item() < KINK_MARGIN:
        raise SystemExit(f"{name}: a pre-activation is within {KINK_MARGIN} of the kink")
    xl, Wl, bl = (t.clone().requires_grad_(True) for t in (x, W, b))
    out = xl + act_of(layer)(xl @ Wl + bl)
    (out * upstream).sum().backward()
    report.append(f"{name}: {m}x{n}, {layer['activation']}")
    case = {"name": name, **{k: v for k, v in layer.items() if k != "units"}, "x": tolist(x), "W": tolist(W),
            "b": tolist(b), "upstream": tolist(upstream),
            "expect": {"forward": tolist(out), "input_grad": tolist(xl.grad), "W_grad": tolist(Wl.grad),
                       "b_grad": tolist(bl.grad)}}
    return case


report = []


def main():
    hessian_vector = [
        hessian_case("linear-mse (a quadratic)", 3, [L(2, "linear")], "mse", 5),
        hessian_case("tanh-mse", 3, [L(5, "tanh"), L(2, "linear")], "mse", 6),
        hessian_case("sigmoid-softmax_cross_entropy", 4, [L(6, "sigmoid"), L(3, "linear")], "softmax_cross_entropy", 8),
        hessian_case("relu-tanh-softmax_cross_entropy", 2, [L(8, "relu"), L(4, "tanh"), L(3, "linear")], "softmax_cross_entropy", 10),
        hessian_case("leaky_relu-sigmoid-mse", 2, [L(5, "leaky_relu", 0.1), L(1, "sigmoid")], "mse", 7),
        hessian_case("tanh-softmax-cross_entropy", 3, [L(4, "tanh"), L(3, "softmax")], "cross_entropy", 5),
    ]
    dropout = [
        dropout_case("p-0.5", 0.5, 4, 6),
        dropout_case("p-0.1", 0.1, 3, 5),
        dropout_case("p-0.9", 0.9, 5, 4),
        dropout_case("p-0", 0.0, 2, 3),
        dropout_case("one-sample", 0.3, 1, 8),
    ]
    constant = torch.stack([torch.full((4,), 2.5), torch.zeros(4), randn(4)])
    layer_norm = [
        layer_norm_case("3x5", randn(3, 5, scale=2), randn(5), randn(5)),
        layer_norm_case("batch-of-one", randn(1, 4), randn(4), randn(4)),
        layer_norm_case("rows-of-one-entry", randn(4, 1), randn(1), randn(1)),
        layer_norm_case("constant-rows", constant, randn(4), randn(4)),
        layer_norm_case("offset-1e4", 1e4 + randn(3, 6), randn(6), randn(6)),
        layer_norm_case("variance-near-eps-0.1", randn(3, 5, scale=0.2), randn(5), randn(5), eps=0.1),
        layer_norm_case("gain-1-bias-0", randn(2, 7), torch.ones(7), torch.zeros(7)),
    ]
    residual = [
        residual_case("tanh", L(3, "tanh"), 4, 3),
        residual_case("relu", L(5, "relu"), 3, 5),
        residual_case("leaky_relu", L(4, "leaky_relu", 0.2), 2, 4),
        residual_case("sigmoid-one-sample", L(2, "sigmoid"), 1, 2),
    ]
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/parity/functions.json"
    with open(out, "w") as f:
        json.dump({"format": "mlp-function-parity/1",
                   "generator": "scripts/reference/functions.py (PyTorch %s, float64)" % torch.__version__,
                   "hessian_vector": hessian_vector, "dropout": dropout, "layer_norm": layer_norm,
                   "residual": residual}, f, separators=(",", ":"))
    print("\n".join(report))
    print(f"wrote {len(hessian_vector)} Hessian, {len(dropout)} dropout, {len(layer_norm)} layer-norm and "
          f"{len(residual)} residual cases to {out}")


if __name__ == "__main__":
    main()
