"""Convolutional training speed: one SGD epoch of the default ConvNetwork.

Run alone: ``.venv/bin/python -m bench --only conv``

The same mini-batch SGD epoch over 4,000 MNIST-shaped examples (the size of
the bundled sample's training set; synthetic pixels and labels: speed does not
depend on the values) with batch 10, in float64, by

- nnmath: the inner loop of :func:`nnmath.classifier.train_conv_classifier`
  (``ConvNetwork.sgd_step``: im2col + one matrix product per layer and pass);
- PyTorch on the CPU (optional: ``pip install -e '.[bench]'``): the same
  architecture as ``Conv2d``/``ReLU`` layers, ``Flatten``, ``Linear``,
  ``Sigmoid``, autograd and ``torch.optim.SGD``, checked to take the same
  steps.

As in ``bench/train.py``, thread counts are fixed explicitly (threadpoolctl
for numpy's OpenBLAS, ``torch.set_num_threads`` for torch) and the two are
compared at the same count: 1, then the library default. Epoch times are
measured on the first ``k`` examples of an epoch's permutation and scaled to
4,000 (an epoch is 400 identical steps).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnmath.classifier import one_hot
from nnmath.conv import ConvNetwork

from . import Row, fmt_s, interleaved
from .train import _limited, _torch_limited, default_threads, synthetic_digits, torch_available

CHANNELS = (8, 8, 8)
N_TRAIN = 4_000
BATCH = 10
LEARNING_RATE = 0.1
SEED = 0


def nnmath_epoch(
    net: ConvNetwork, x: np.ndarray, t: np.ndarray, order: np.ndarray, batch: int
) -> None:
    """The SGD loop of ``train_conv_classifier``, over the examples ``order``."""
    for start in range(0, len(order), batch):
        rows = order[start : start + batch]
        net.sgd_step(x[rows], t[rows], LEARNING_RATE)


def torch_model(net: ConvNetwork):
    """A torch Sequential with ``net``'s architecture and weights (float64), and its SGD."""
    import torch

    h, w = net.input_shape
    layers: list = [torch.nn.Unflatten(1, (1, h, w))]
    for kernel, bias in zip(net.kernels, net.kernel_biases):
        c_out, c_in, k, _ = kernel.shape
        conv = torch.nn.Conv2d(c_in, c_out, k, dtype=torch.float64)
        with torch.no_grad():
            conv.weight.copy_(torch.from_numpy(kernel))
            conv.bias.copy_(torch.from_numpy(bias))
        layers += [conv, torch.nn.ReLU()]
    dense = torch.nn.Linear(*net.dense_weights.shape[::-1], dtype=torch.float64)
    with torch.no_grad():
        dense.weight.copy_(torch.from_numpy(net.dense_weights))
        dense.bias.copy_(torch.from_numpy(net.dense_biases))
    layers += [torch.nn.Flatten(), dense, torch.nn.Sigmoid()]
    model = torch.nn.Sequential(*layers)
    return model, torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)


def torch_epoch(model, optimizer, x, t, order, batch: int) -> None:
    """The usual PyTorch loop: gather, forward, mean-of-sum-of-squares, backward, step."""
    for start in range(0, len(order), batch):
        rows = order[start : start + batch]
        optimizer.zero_grad(set_to_none=True)
        out = model(x[rows])
        loss = ((out - t[rows]) ** 2).sum() / len(rows)
        loss.backward()
        optimizer.step()


def check_same_update(x: np.ndarray, t: np.ndarray, order: np.ndarray) -> None:
    """nnmath and torch take the same steps (else the timings compare different work)."""
    if not torch_available():
        return
    import torch

    base = ConvNetwork(CHANNELS, seed=SEED)
    rows = order[:30]
    ref = base.copy()
    nnmath_epoch(ref, x, t, rows, BATCH)
    model, opt = torch_model(base)
    torch_epoch(model, opt, torch.from_numpy(x), torch.from_numpy(t), torch.from_numpy(rows), BATCH)
    got = [p.detach().numpy() for p in model.parameters()]
    want = [*(p for pair in zip(ref.kernels, ref.kernel_biases) for p in pair)]
    want += [ref.dense_weights, ref.dense_biases]
    for a, b in zip(want, got):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def run(quick: bool = False, log: Callable[[str], None] = print) -> list[Row]:
    """Time nnmath and torch over (part of) an epoch at 1 and the default thread count."""
    repeats = 2 if quick else 3
    n_timed = 500 if quick else 1_000  # examples per repeat, then scaled to 4,000
    x_train, y_train, _, _ = synthetic_digits(n_train=N_TRAIN, n_test=1)
    x = np.asarray(x_train, dtype=float)
    t = one_hot(y_train, 10)
    order = np.random.default_rng([SEED, 1]).permutation(N_TRAIN)
    check_same_update(x, t, order)
    has_torch = torch_available()
    threads = default_threads()
    counts = sorted({1, threads})
    sec = "conv"
    rows_timed = order[:n_timed]
    net = ConvNetwork(CHANNELS, seed=SEED)
    funcs: dict[str, Callable[[], object]] = {}
    for thr in counts:
        funcs[f"nnmath@{thr}"] = _limited(lambda: nnmath_epoch(net, x, t, rows_timed, BATCH), thr)
    if has_torch:
        import torch

        model, opt = torch_model(net)
        xt, tt, ot = torch.from_numpy(x), torch.from_numpy(t), torch.from_numpy(rows_timed)
        for thr in counts:
            funcs[f"torch@{thr}"] = _torch_limited(
                lambda: torch_epoch(model, opt, xt, tt, ot, BATCH), thr
            )
    log(f"conv: channels {CHANNELS}, batch {BATCH}: {', '.join(funcs)} x{repeats}, interleaved")
    times = interleaved(funcs, repeats, warmup=True)
    per_epoch = {name: min(ts) * N_TRAIN / n_timed for name, ts in times.items()}
    frac = f"{n_timed // 1000 or n_timed / 1000:g}k of 4k ex., x{N_TRAIN // n_timed}"
    nn1, nnd = per_epoch["nnmath@1"], per_epoch[f"nnmath@{counts[-1]}"]
    out: list[Row] = []
    arch = f"conv {'-'.join(map(str, CHANNELS))} b={BATCH}"
    out.append(Row(
        f"{arch}: nnmath epoch (4k ex.), 1 BLAS thread", fmt_s(nn1), "-", None, "-", None,
        f"{fmt_s(nn1)} ({frac})", sec,
    ))  # fmt: skip
    if threads > 1:
        out.append(Row(
            f"{arch}: nnmath epoch, {threads} BLAS thr vs 1", fmt_s(nnd), fmt_s(nn1), nnd / nn1,
            "info (>1: threads hurt)", None, fmt_s(nnd), sec,
        ))  # fmt: skip
    if has_torch:
        for thr, nn in zip(counts, (nn1, nnd)):
            tor = per_epoch[f"torch@{thr}"]
            out.append(Row(
                f"{arch}: torch f64 / nnmath, {thr} thr each", fmt_s(tor), fmt_s(nn), tor / nn,
                ">= 1x", tor / nn >= 1.0, f"{fmt_s(tor)} ({frac})", sec,
            ))  # fmt: skip
    else:
        out.append(Row("conv: PyTorch", "not installed", "-", None, "pip install -e '.[bench]'",
                       None, "", sec))  # fmt: skip
    return out
