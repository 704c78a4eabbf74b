#!/usr/bin/env python3
"""Reference-parity cases (format mlp-parity/1, described key by key in src/lib/parity-format.ts)
computed by PyTorch.

Every case is a small MLP with given initial parameters. PyTorch (float64, autograd, torch.optim)
computes the forward pass, the loss, the gradients with respect to every parameter (and the input
where asked), then trains on consecutive mini-batches (the last one may be shorter) and records the
loss of every batch before its update and the final parameters. The engine must reproduce all of it
(npm run parity; tests/lib/parity.test.ts).

Coverage: every activation, every loss, every optimizer option, 1-4 layers, widths 1-16, short last
batches, several epochs, logits of +-1e4, the input gradient, ReLU/leaky ReLU units on both sides of
their kink, and one case whose explicit Kronecker Jacobians exceed the default limit of 4e6 entries
(reported as skipped on that path).

Two checks guard the reference itself; the script stops if either fails:
- every training case is also run with the update rules written out as the format states them
  (FormatOptimizer), and must match torch.optim to 1e-12 (the script prints the worst: 1.7e-14), so torch's semantics
  are the format's (e.g. RMSprop adds eps outside the square root, AdamW multiplies by 1 - lr*wd);
- no ReLU/leaky ReLU pre-activation comes within KINK_MARGIN of 0, where the derivative is a
  convention and rounding could pick either side.

Usage (from the repository root; needs Debian's python3-torch, 1.13):
    /usr/bin/python3 scripts/reference/parity.py [OUT]
OUT defaults to tests/fixtures/parity/reference.json. The output is deterministic (seeded
generator); re-running it rewrites the same file. The cases are built in main(), so that
scripts/reference/functions.py can import the activation and loss tables without building them.
"""
import json
import sys

import torch

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(2026_11_23)


def randn(*shape, scale=1.0):
    return torch.randn(*shape, generator=gen) * scale


def activation(name, slope):
    return {
        "linear": lambda z: z,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, slope),
        "softmax": lambda z: torch.softmax(z, dim=1),
    }[name]


def loss_fn(name):
    if name == "mse":
        return lambda yhat, y: ((yhat - y) ** 2).mean()
    if name == "cross_entropy":
        return lambda yhat, y: -(y * torch.log(yhat)).sum() / yhat.shape[0]
    if name == "softmax_cross_entropy":
        # torch's cross_entropy with probability targets: log-softmax inside, mean over rows.
        return lambda yhat, y: torch.nn.functional.cross_entropy(yhat, y)
    raise ValueError(name)


def optimizer(spec, params):
    wd = spec.get("weight_decay", 0.0)
    name = spec["name"]
    if name == "sgd":
        return torch.optim.SGD(params, lr=spec["lr"], momentum=spec.get("momentum", 0.0),
                               dampening=spec.get("dampening", 0.0), nesterov=spec.get("nesterov", False),
                               weight_decay=wd)
    if name == "rmsprop":
        # torch: s = α s + (1 − α) g², θ −= lr g / (√s + eps): eps outside the root, as the format says.
        return torch.optim.RMSprop(params, lr=spec["lr"], alpha=spec.get("alpha", 0.99), eps=spec.get("eps", 1e-8),
                                   weight_decay=wd)
    if name == "adam":
        betas = (spec.get("beta1", 0.9), spec.get("beta2", 0.999))
        cls = torch.optim.AdamW if spec.get("decoupled", False) else torch.optim.Adam
        return cls(params, lr=spec["lr"], betas=betas, eps=spec.get("eps", 1e-8), weight_decay=wd)
    raise ValueError(name)


class FormatOptimizer:
    """The update rules exactly as the mlp-parity/1 format defines them (src/lib/parity-format.ts, ParityOptimizer), written
    out by hand. Every training case is run with this and with torch.optim; the two trajectories
    must agree to rounding, which is how we know torch's semantics are the format's."""

    def __init__(self, spec, params):
        self.spec, self.params, self.t = spec, params, 0
        self.state = [{} for _ in params]

    def step(self):
        s, self.t = self.spec, self.t + 1
        lr, wd = s["lr"], s.get("weight_decay", 0.0)
        with torch.no_grad():
            for theta, st in zip(self.params, self.state):
                g = theta.grad.clone()
                if s["name"] == "sgd":
                    mu, damp = s.get("momentum", 0.0), s.get("dampening", 0.0)
                    g = g + wd * theta
                    if mu != 0:
                        st["v"] = g.clone() if "v" not in st else mu * st["v"] + (1 - damp) * g
                        g = g + mu * st["v"] if s.get("nesterov", False) else st["v"]
                    theta -= lr * g
                elif s["name"] == "rmsprop":
                    alpha, eps = s.get("alpha", 0.99), s.get("eps", 1e-8)
                    g = g + wd * theta
                    st["s"] = alpha * st.get("s", torch.zeros_like(g)) + (1 - alpha) * g * g
                    theta -= lr * g / (torch.sqrt(st["s"]) + eps)
                else:  # adam
                    b1, b2, eps = s.get("beta1", 0.9), s.get("beta2", 0.999), s.get("eps", 1e-8)
                    if s.get("decoupled", False):
                        theta *= 1 - lr * wd
                    else:
                        g = g + wd * theta
                    st["m"] = b1 * st.get("m", torch.zeros_like(g)) + (1 - b1) * g
                    st["v"] = b2 * st.get("v", torch.zeros_like(g)) + (1 - b2) * g * g
                    m_hat, v_hat = st["m"] / (1 - b1 ** self.t), st["v"] / (1 - b2 ** self.t)
                    theta -= lr * m_hat / (torch.sqrt(v_hat) + eps)

    def zero_grad(self):
        for theta in self.params:
            theta.grad = None


def parity_error(actual, expected):
    """The format's error metric: worst |a - e| / (|e| + 1e-12)."""
    return max(((a - e).abs() / (e.abs() + 1e-12)).max().item() for a, e in zip(actual, expected))


# ReLU and leaky ReLU have a kink at 0, where PyTorch and the engine may legitimately differ
# (and where a pre-activation of 1e-17 could change sign with the summation order). Every
# pre-activation of such a layer, in the first pass and in every training step, must stay
# at least this far from 0, so that the cases test the derivative on both sides, not the tie.
KINK_MARGIN = 1e-6
kink_distance = {}


def forward(layers, params, x, case=None):
    a = x
    for layer, (W, b) in zip(layers, params):
        z = a @ W + b
        if case is not None and layer["activation"] in ("relu", "leaky_relu"):
            kink_distance[case] = min(kink_distance.get(case, float("inf")), z.abs().min().item())
        a = activation(layer["activation"], layer.get("slope", 0.01))(z)
    return a


def tolist(t):
    return t.detach().tolist()


def targets(kind, m, q):
    if kind == "regression":
        return randn(m, q)
    labels = torch.randint(0, q, (m,), generator=gen)
    return torch.nn.functional.one_hot(labels, q).to(torch.float64)


def init_params(inputs, layers, scale=0.7):
    params, width = [], inputs
    for layer in layers:
        W = randn(width, layer["units"], scale=scale / width ** 0.5 * 1.5)
        b = randn(layer["units"], scale=0.3)
        params.append((W, b))
        width = layer["units"]
    return params


def make_case(name, inputs, layers, loss, m, opt=None, batch_size=None, epochs=1, input_grad=False,
              x=None, params=None, y=None):
    x = randn(m, inputs) if x is None else x
    params = init_params(inputs, layers) if params is None else params
    q = layers[-1]["units"]
    if y is None:
        y = targets("regression" if loss == "mse" else "classes", m, q)
    case = {
        "name": name,
        "inputs": inputs,
        "layers": layers,
        "params": [{"W": tolist(W), "b": tolist(b)} for W, b in params],
        "loss": loss,
        "x": tolist(x),
        "y": tolist(y),
        "expect": {},
    }
    L = loss_fn(loss)
    leaves = [(W.clone().requires_grad_(True), b.clone().requires_grad_(True)) for W, b in params]
    xg = x.clone().requires_grad_(input_grad)
    yhat = forward(layers, leaves, xg, name)
    loss0 = L(yhat, y)
    loss0.backward()
    case["expect"]["forward"] = tolist(yhat)
    case["expect"]["loss0"] = loss0.item()
    case["expect"]["grads0"] = [{"W": tolist(W.grad), "b": tolist(b.grad)} for W, b in leaves]
    if input_grad:
        case["expect"]["input_grad0"] = tolist(xg.grad)

    if opt is not None:
        case["optimizer"] = opt
        if batch_size is not None:
            case["batch_size"] = batch_size
        if epochs != 1:
            case["epochs"] = epochs
        def train(make_optimizer):
            params_t = [(W.clone().requires_grad_(True), b.clone().requires_grad_(True)) for W, b in params]
            o = make_optimizer(opt, [p for pair in params_t for p in pair])
            bs = batch_size or m
            losses = []
            for _ in range(epochs):
                for start in range(0, m, bs):
                    o.zero_grad()
                    batch_loss = L(forward(layers, params_t, x[start:start + bs], name), y[start:start + bs])
                    losses.append(batch_loss.item())
                    batch_loss.backward()
                    o.step()
            return losses, [p.detach() for pair in params_t for p in pair]

        losses, trained = train(optimizer)
        format_losses, format_trained = train(FormatOptimizer)
        disagreement = max(parity_error(trained, format_trained),
                           parity_error([torch.tensor(losses)], [torch.tensor(format_losses)]))
        if disagreement > 1e-12:
            raise SystemExit(f"{name}: torch.optim and the format's update rules differ by {disagreement:.1e}")
        optimizer_disagreement[name] = disagreement
        case["expect"]["batch_losses"] = losses
        case["expect"]["params"] = [{"W": tolist(trained[i]), "b": tolist(trained[i + 1])}
                                    for i in range(0, len(trained), 2)]
    if kink_distance.get(name, float("inf")) < KINK_MARGIN:
        raise SystemExit(f"{name}: a ReLU pre-activation came within {kink_distance[name]:.1e} of 0")
    return case


optimizer_disagreement = {}


def L(units, act, slope=None):
    layer = {"units": units, "activation": act}
    if slope is not None:
        layer["slope"] = slope
    return layer


# Near ReLU's kink: every hidden unit's bias centres its pre-activations on 0 over the batch, so
# about half the samples sit on each side, many close to the kink (but never within KINK_MARGIN),
# and training moves some across it.
def centred_params(inputs, layers, x):
    params, a = [], x
    for layer, (W, _) in zip(layers, init_params(inputs, layers)):
        z = a @ W
        b = -z.mean(dim=0) if layer["activation"] in ("relu", "leaky_relu") else randn(layer["units"], scale=0.3)
        params.append((W, b))
        a = activation(layer["activation"], layer.get("slope", 0.01))(z + b)
    return params


def main():
    cases = []
    # Every activation in a hidden layer, each loss at least once.
    for act in ["linear", "sigmoid", "tanh", "relu"]:
        cases.append(make_case(f"{act}-hidden-mse", 3, [L(5, act), L(2, "linear")], "mse", 6, input_grad=True))
    cases.append(make_case("leaky_relu-slope-0.2", 4, [L(6, "leaky_relu", 0.2), L(3, "softmax")], "cross_entropy", 7, input_grad=True))
    cases.append(make_case("leaky_relu-default-slope", 2, [L(4, "leaky_relu"), L(1, "sigmoid")], "mse", 5))
    cases.append(make_case("softmax-output-cross_entropy", 3, [L(8, "tanh"), L(4, "softmax")], "cross_entropy", 9, input_grad=True))
    cases.append(make_case("logits-softmax_cross_entropy", 5, [L(7, "relu"), L(3, "linear")], "softmax_cross_entropy", 8, input_grad=True))
    cases.append(make_case("single-layer-sigmoid", 2, [L(1, "sigmoid")], "mse", 4))
    cases.append(make_case("four-layers", 6, [L(9, "tanh"), L(7, "relu"), L(5, "sigmoid"), L(3, "linear")], "softmax_cross_entropy", 10, input_grad=True))
    cases.append(make_case("width-16", 8, [L(16, "relu"), L(16, "tanh"), L(10, "softmax")], "cross_entropy", 12))

    # Extreme logits: ±1e4 without overflow (the fused loss goes through log-sum-exp).
    W_ext = torch.tensor([[5000.0, -5000.0, 0.0], [-5000.0, 5000.0, 1.0]])
    b_ext = torch.tensor([0.0, 0.0, 0.0])
    y_ext = torch.nn.functional.one_hot(torch.tensor([0, 1, 2, 0]), 3).to(torch.float64)
    cases.append(make_case("extreme-logits-1e4", 2, [L(3, "linear")], "softmax_cross_entropy", 4,
                           x=torch.tensor([[1.0, -1.0], [-1.0, 1.0], [1.0, 1.0], [2.0, -2.0]]),
                           params=[(W_ext, b_ext)], y=y_ext, input_grad=True))

    # Every optimizer option, with mini-batches (short last batch) and several epochs.
    optimizers = [
        ("sgd", {"name": "sgd", "lr": 0.1}),
        ("sgd-weight-decay", {"name": "sgd", "lr": 0.1, "weight_decay": 0.01}),
        ("sgd-momentum", {"name": "sgd", "lr": 0.05, "momentum": 0.9}),
        ("sgd-momentum-dampening", {"name": "sgd", "lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
        ("sgd-nesterov", {"name": "sgd", "lr": 0.05, "momentum": 0.8, "nesterov": True}),
        ("sgd-nesterov-weight-decay", {"name": "sgd", "lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.05}),
        ("rmsprop", {"name": "rmsprop", "lr": 0.01}),
        ("rmsprop-alpha-eps-weight-decay", {"name": "rmsprop", "lr": 0.01, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.02}),
        ("adam", {"name": "adam", "lr": 0.01}),
        ("adam-betas-eps", {"name": "adam", "lr": 0.02, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
        ("adam-l2", {"name": "adam", "lr": 0.01, "weight_decay": 0.05}),
        ("adamw", {"name": "adam", "lr": 0.01, "weight_decay": 0.05, "decoupled": True}),
    ]
    archs = [
        (3, [L(6, "tanh"), L(3, "softmax")], "cross_entropy"),
        (4, [L(5, "relu"), L(4, "sigmoid"), L(2, "linear")], "mse"),
        (2, [L(8, "leaky_relu", 0.1), L(3, "linear")], "softmax_cross_entropy"),
    ]
    for i, (name, spec) in enumerate(optimizers):
        inputs, layers, loss = archs[i % len(archs)]
        cases.append(make_case(f"train-{name}", inputs, layers, loss, 11, opt=spec, batch_size=4, epochs=3))

    # Full batch, one epoch.
    cases.append(make_case("train-full-batch", 3, [L(4, "sigmoid"), L(2, "sigmoid")], "mse", 6, opt={"name": "sgd", "lr": 0.5}))

    x_kink = randn(10, 3)
    kink_layers = [L(8, "relu"), L(6, "leaky_relu", 0.05), L(2, "linear")]
    cases.append(make_case("relu-near-kink", 3, kink_layers, "mse", 10, x=x_kink,
                           params=centred_params(3, kink_layers, x_kink), input_grad=True,
                           opt={"name": "sgd", "lr": 0.2, "momentum": 0.5}, batch_size=4, epochs=2))

    # Shapes at the edges: a one-unit bottleneck, softmax in a hidden layer (its block-diagonal
    # Jacobian chained between two dense layers), single-sample batches, and a batch size larger than
    # M (one full batch per epoch).
    cases.append(make_case("bottleneck-width-1", 4, [L(1, "tanh"), L(3, "softmax")], "cross_entropy", 6,
                           opt={"name": "adam", "lr": 0.05}, batch_size=8, epochs=3, input_grad=True))
    cases.append(make_case("softmax-hidden", 3, [L(4, "softmax"), L(2, "linear")], "mse", 5, input_grad=True,
                           opt={"name": "sgd", "lr": 0.3, "momentum": 0.9, "nesterov": True}, batch_size=2, epochs=2))
    cases.append(make_case("batch-of-one", 2, [L(5, "sigmoid"), L(3, "linear")], "softmax_cross_entropy", 3,
                           opt={"name": "rmsprop", "lr": 0.02, "alpha": 0.95}, batch_size=1, epochs=2))

    # Too big for explicit Jacobians: ∂vec Z/∂vec W of the first layer is (48·48)×(48·48) = 5.3e6 > 4e6 entries.
    cases.append(make_case("kronecker-too-large", 48, [L(48, "relu"), L(4, "linear")], "softmax_cross_entropy", 48))

    out = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/parity/reference.json"
    with open(out, "w") as f:
        json.dump({"format": "mlp-parity/1", "tolerance": 1e-9,
                   "generator": "scripts/reference/parity.py (PyTorch %s, float64)" % torch.__version__,
                   "cases": cases}, f, separators=(",", ":"))
    print(f"wrote {len(cases)} cases to {out}")
    print("torch.optim vs the format's update rules, worst parity error per case: %.1e"
          % max(optimizer_disagreement.values()))
    print("closest ReLU/leaky ReLU pre-activation to the kink: %.1e (%s)"
          % min((d, n) for n, d in kink_distance.items()))


if __name__ == "__main__":
    main()
