"""Training speed with a softmax output and the cross-entropy cost: nnmath against PyTorch.

Run alone: ``.venv/bin/python -m bench --only softmax``

One mini-batch SGD epoch over 60,000 MNIST-shaped examples (synthetic, as in
``bench/train.py``: speed does not depend on the values) of the network
HowAccurate trains with softmax: 784-16-16-10, ReLU hidden neurons, a softmax
output and the mean cross-entropy over the batch, at batch 10 and 64:

- nnmath: the inner loop of :func:`nnmath.classifier.train_classifier`
  with ``output="softmax"`` (``Network.sgd_step``);
- PyTorch on the CPU: ``Linear``/``ReLU`` layers, ``cross_entropy`` on the
  logits, autograd and ``torch.optim.SGD``; float64 like nnmath, the same
  initial weights and the same batches.

Both take the same step (checked first); thread counts are fixed explicitly
and compared at the same count (1, and the BLAS default when it is more).
Target: nnmath no slower (torch / nnmath >= 1).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnmath import Network
from nnmath.classifier import one_hot

from . import Row, fmt_s, interleaved
from .train import (
    N_TRAIN,
    SEED,
    _limited,
    _torch_limited,
    default_threads,
    synthetic_digits,
    torch_available,
)

SIZES = (784, 16, 16, 10)
LEARNING_RATE = 0.02  # HowAccurate's step on the cross-entropy


def network() -> Network:
    return Network(SIZES, "relu", "softmax", seed=SEED)


def nnmath_epoch(net: Network, x: np.ndarray, t: np.ndarray, order: np.ndarray, batch: int) -> None:
    """The SGD loop of ``train_classifier(output="softmax")``, over the examples ``order``."""
    for start in range(0, len(order), batch):
        rows = order[start : start + batch]
        net.sgd_step(x[rows], t[rows], LEARNING_RATE)


def torch_model(net: Network):
    """A torch Sequential (Linear, ReLU, ..., Linear: logits) with ``net``'s weights, and SGD."""
    import torch

    layers: list = []
    for k, (w, b) in enumerate(zip(net.weights, net.biases)):
        linear = torch.nn.Linear(w.shape[1], w.shape[0], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(w))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear] if k == len(net.weights) - 1 else [linear, torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers)
    return model, torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)


def torch_epoch(model, optimizer, x, labels, order, batch: int) -> None:
    """The usual PyTorch loop: gather, logits, mean cross-entropy, backward, step."""
    import torch.nn.functional as F

    for start in range(0, len(order), batch):
        rows = order[start : start + batch]
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x[rows]), labels[rows])
        loss.backward()
        optimizer.step()


def check_same_update(x: np.ndarray, t: np.ndarray, y: np.ndarray, order: np.ndarray) -> None:
    """nnmath and torch take the same steps (else the timings compare different work)."""
    import torch

    base = network()
    rows = order[:64]
    ref = base.copy()
    nnmath_epoch(ref, x, t, rows, 32)
    model, opt = torch_model(base)
    torch_epoch(model, opt, torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(rows), 32)
    got = [p.detach().numpy() for p in model.parameters()]
    want = [p for pair in zip(ref.weights, ref.biases) for p in pair]
    for a, b in zip(want, got):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def epoch_timers(batch, x, t, y, order, counts) -> dict[str, Callable[[], object]]:
    import torch

    net = network()
    model, opt = torch_model(net)
    xt, yt, rows = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(order)
    funcs: dict[str, Callable[[], object]] = {}
    for thr in counts:
        funcs[f"nnmath@{thr}"] = _limited(lambda: nnmath_epoch(net, x, t, order, batch), thr)
        funcs[f"torch@{thr}"] = _torch_limited(
            lambda: torch_epoch(model, opt, xt, yt, rows, batch), thr
        )
    return funcs


def run(quick: bool = False, log: Callable[[str], None] = print) -> list[Row]:
    sec = "softmax"
    if not torch_available():
        return [Row("softmax: PyTorch", "not installed", "-", None, "pip install -e '.[bench]'",
                    None, "", sec)]  # fmt: skip
    repeats = 2 if quick else 3
    n_timed = 3_000 if quick else 6_000  # examples per repeat, scaled to 60,000
    x_train, y_train, _, _ = synthetic_digits()
    x = np.asarray(x_train, dtype=float)
    y = np.asarray(y_train, dtype=np.int64)
    t = one_hot(y, SIZES[-1])
    order = np.random.default_rng([SEED, 1]).permutation(N_TRAIN)
    check_same_update(x, t, y, order)
    threads = default_threads()
    counts = sorted({1, threads})
    rows: list[Row] = []
    for batch in (10, 64):
        funcs = epoch_timers(batch, x, t, y, order[:n_timed], counts)
        log(f"softmax: batch {batch}: {', '.join(funcs)} x{repeats}, interleaved")
        times = interleaved(funcs, repeats, warmup=False)
        per_epoch = {name: min(ts) * N_TRAIN / n_timed for name, ts in times.items()}
        share = f"{n_timed // 1000}k of 60k ex., x{N_TRAIN // n_timed}"
        for thr in counts:
            nn, tor = per_epoch[f"nnmath@{thr}"], per_epoch[f"torch@{thr}"]
            rows.append(Row(
                f"softmax b={batch}: torch f64 / nnmath, {thr} thr each", fmt_s(tor), fmt_s(nn),
                tor / nn, ">= 1x", tor / nn >= 1.0, f"784-16-16-10 ReLU+softmax CE ({share})",
                sec,
            ))  # fmt: skip
    import torch

    log(f"softmax: numpy BLAS default {threads} thr; torch {torch.__version__}")
    return rows
