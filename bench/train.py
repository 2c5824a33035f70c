"""Training speed: one SGD epoch of the 784-16-16-10 sigmoid digit network.

Run alone: ``.venv/bin/python -m bench --only train``

Three implementations of the same mini-batch SGD epoch over 60,000
MNIST-shaped examples (synthetic: pixels k/255, random labels; speed does not
depend on the values), each checked to compute the same update:

- nnmath: the inner loop of :func:`nnmath.classifier.train_classifier`
  (``Network.sgd_step`` on the gathered batch: backprop and in-place update);
- a textbook per-example loop (numpy, one backprop per example, gradients
  summed over the mini-batch), the shape of Nielsen's ``network.py``;
- PyTorch on the CPU (optional: ``pip install -e '.[bench]'``), autograd and
  ``torch.optim.SGD``, float64 like nnmath.

Thread counts are fixed explicitly (threadpoolctl for numpy's OpenBLAS,
``torch.set_num_threads`` for torch) and each is compared with the other at
the same count. Epoch times are measured on the first ``k`` examples of a full
60,000-permutation (rows are still gathered from the whole 60,000-row array)
and scaled to 60,000: an epoch is ``60000 / batch`` identical steps.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from nnmath import Network
from nnmath.classifier import one_hot, train_classifier
from nnmath.digits import load_digits

from . import Row, fmt_s, interleaved

SIZES = (784, 16, 16, 10)
N_TRAIN = 60_000
LEARNING_RATE = 1.0
SEED = 0


# -- data ---------------------------------------------------------------------
def synthetic_digits(
    n_train: int = N_TRAIN, n_test: int = 1_000, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The 4-tuple ``load_digits`` returns, with random MNIST-like pixels and labels."""
    rng = np.random.default_rng(seed)

    def images(n: int) -> np.ndarray:
        return (rng.integers(0, 256, (n, 784)) / 255.0).astype(np.float32)

    train, test = images(n_train), images(n_test)
    return train, rng.integers(0, 10, n_train), test, rng.integers(0, 10, n_test)


def flops_per_example(sizes: tuple[int, ...] = SIZES) -> int:
    """Floating-point operations (2 per multiply-add) of one example's forward + backward.

    Forward: one multiply-add per weight. Backward: one per weight for the
    weight gradient, plus one per weight of every layer but the first for
    passing the error back (``delta @ W``; the input layer's error is never
    needed). Element-wise work (sigmoid, biases) is not counted.
    """
    weights = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    return 2 * (2 * sum(weights) + sum(weights[1:]))


# -- the three implementations -----------------------------------------------
def nnmath_epoch(net: Network, x: np.ndarray, t: np.ndarray, order: np.ndarray, batch: int) -> None:
    """The SGD loop of ``train_classifier``, over the examples ``order``."""
    for start in range(0, len(order), batch):
        rows = order[start : start + batch]
        net.sgd_step(x[rows], t[rows], LEARNING_RATE)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def loop_epoch(
    weights: list[np.ndarray],
    biases: list[np.ndarray],
    x: np.ndarray,
    t: np.ndarray,
    order: np.ndarray,
    batch: int,
) -> None:
    """Textbook SGD: per mini-batch, backprop one example at a time and sum the gradients.

    Same cost as :meth:`nnmath.Network.loss` (mean over the batch of the sum of
    squares), so the same update; updates ``weights`` and ``biases`` in place.
    """
    n_layers = len(weights)
    for start in range(0, len(order), batch):
        rows = order[start : start + batch]
        sum_w = [np.zeros_like(w) for w in weights]
        sum_b = [np.zeros_like(b) for b in biases]
        for i in rows:
            activations = [x[i]]
            for w, b in zip(weights, biases):
                activations.append(_sigmoid(w @ activations[-1] + b))
            out = activations[-1]
            delta = 2.0 * (out - t[i]) * out * (1.0 - out)
            for layer in range(n_layers - 1, -1, -1):
                sum_w[layer] += np.outer(delta, activations[layer])
                sum_b[layer] += delta
                if layer:
                    a = activations[layer]
                    delta = (weights[layer].T @ delta) * a * (1.0 - a)
        for layer in range(n_layers):
            weights[layer] -= (LEARNING_RATE / len(rows)) * sum_w[layer]
            biases[layer] -= (LEARNING_RATE / len(rows)) * sum_b[layer]


def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def torch_model(net: Network, dtype_name: str = "float64"):
    """A torch Sequential with ``net``'s initial weights, and its SGD optimiser."""
    import torch

    dtype = getattr(torch, dtype_name)
    layers: list = []
    for w, b in zip(net.weights, net.biases):
        linear = torch.nn.Linear(w.shape[1], w.shape[0], dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(w))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, torch.nn.Sigmoid()]
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


@contextlib.contextmanager
def torch_threads(n: int) -> Iterator[None]:
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def check_same_update(x: np.ndarray, t: np.ndarray, order: np.ndarray) -> None:
    """All implementations take the same step (else the timings compare different work)."""
    base = Network(SIZES, "sigmoid", "sigmoid", seed=SEED)
    rows = order[:64]
    ref = base.copy()
    nnmath_epoch(ref, x, t, rows, 32)
    weights, biases = [w.copy() for w in base.weights], [b.copy() for b in base.biases]
    loop_epoch(weights, biases, x, t, rows, 32)
    for a, b in zip(ref.weights + ref.biases, weights + biases):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    if torch_available():
        import torch

        model, opt = torch_model(base)
        xt, tt = torch.from_numpy(x), torch.from_numpy(t)
        torch_epoch(model, opt, xt, tt, torch.from_numpy(rows), 32)
        got = [p.detach().numpy() for p in model.parameters()]
        want = [p for pair in zip(ref.weights, ref.biases) for p in pair]
        for a, b in zip(want, got):
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


# -- matrix-multiply rates: the practical limit --------------------------------
def matmul_rate(m: int, k: int, n: int, min_seconds: float = 0.3) -> float:
    """Best GFLOP/s of numpy ``(m, k) @ (k, n)`` in float64 (under the current thread limit)."""
    a, b = np.random.default_rng(1).random((m, k)), np.random.default_rng(2).random((k, n))
    a @ b
    reps = 1
    while True:
        start = time.perf_counter()
        for _ in range(reps):
            a @ b
        elapsed = time.perf_counter() - start
        if elapsed > min_seconds / 3:
            break
        reps *= 4
    best = elapsed / reps
    for _ in range(2):
        start = time.perf_counter()
        for _ in range(reps):
            a @ b
        best = min(best, (time.perf_counter() - start) / reps)
    return 2.0 * m * k * n / best / 1e9


# -- the benchmark ---------------------------------------------------------------
def _limited(fn: Callable[[], object], blas_threads: int | None) -> Callable[[], object]:
    """``fn`` run under an OpenBLAS thread limit (None: the library default)."""
    if blas_threads is None:
        return fn

    def run() -> object:
        with threadpool_limits(blas_threads, user_api="blas"):
            return fn()

    return run


def _torch_limited(fn: Callable[[], object], threads: int) -> Callable[[], object]:
    def run() -> object:
        with torch_threads(threads):
            return fn()

    return run


def default_threads() -> int:
    info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return int(info[0]["num_threads"]) if info else 1


def epoch_timers(
    batch: int,
    x: np.ndarray,
    t: np.ndarray,
    fast: np.ndarray,
    slow: np.ndarray,
    counts: list[int],
    with_torch: bool,
) -> dict[str, Callable[[], object]]:
    """One function per (implementation, thread count), each running its share of an epoch.

    nnmath runs over the examples ``fast``; the slow loop and torch over ``slow``.
    """
    net = Network(SIZES, "sigmoid", "sigmoid", seed=SEED)
    weights, biases = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    funcs: dict[str, Callable[[], object]] = {}
    for thr in counts:
        funcs[f"nnmath@{thr}"] = _limited(lambda: nnmath_epoch(net, x, t, fast, batch), thr)
    funcs["loop@1"] = _limited(lambda: loop_epoch(weights, biases, x, t, slow, batch), 1)
    if with_torch:
        import torch

        model, opt = torch_model(net)
        xt, tt, rows = torch.from_numpy(x), torch.from_numpy(t), torch.from_numpy(slow)
        for thr in counts:
            funcs[f"torch@{thr}"] = _torch_limited(
                lambda: torch_epoch(model, opt, xt, tt, rows, batch), thr
            )
    return funcs


def run(quick: bool = False, log: Callable[[str], None] = print) -> list[Row]:
    """Time every implementation at batch 10 and 64; return the table rows."""
    repeats = 2 if quick else 3
    # Examples timed per repeat (then scaled to 60,000): the loop and torch are slow.
    n_fast, n_slow = (3_000, 1_000) if quick else (6_000, 2_000)
    x_train, y_train, x_test, y_test = synthetic_digits()
    # Converted once, as train_classifier does before its loop.
    x = np.asarray(x_train, dtype=float)
    t = one_hot(y_train, SIZES[-1])
    order = np.random.default_rng([SEED, 1]).permutation(N_TRAIN)
    check_same_update(x, t, order)
    has_torch = torch_available()
    threads = default_threads()
    rows: list[Row] = []
    sec = "train"
    note_threads = f"BLAS {threads} thr"
    flop_rates: dict[str, float] = {}
    counts = sorted({1, threads})  # thread counts compared: 1 and the library default
    for batch in (10, 64):
        funcs = epoch_timers(batch, x, t, order[:n_fast], order[:n_slow], counts, has_torch)
        log(f"train: batch {batch}: {', '.join(funcs)} x{repeats}, interleaved")
        times = interleaved(funcs, repeats, warmup=False)
        per_epoch = {
            name: min(ts) * N_TRAIN / (n_fast if name.startswith("nnmath") else n_slow)
            for name, ts in times.items()
        }
        nn1, nnd = per_epoch["nnmath@1"], per_epoch[f"nnmath@{counts[-1]}"]
        frac_fast = f"{n_fast // 1000}k of 60k ex., x{N_TRAIN // n_fast}"
        frac_slow = f"{n_slow // 1000}k of 60k ex., x{N_TRAIN // n_slow}"
        rows.append(Row(
            f"train b={batch}: nnmath epoch, 1 BLAS thread", fmt_s(nn1), "-", None, "-", None,
            f"{fmt_s(nn1)} ({frac_fast})", sec,
        ))  # fmt: skip
        if threads > 1:
            rows.append(Row(
                f"train b={batch}: nnmath epoch, {threads} BLAS thr vs 1", fmt_s(nnd), fmt_s(nn1),
                nnd / nn1, "info (>1: threads hurt)", None, fmt_s(nnd), sec,
            ))  # fmt: skip
        loop = per_epoch["loop@1"]
        target_loop = batch == 10
        rows.append(Row(
            f"train b={batch}: per-example loop / nnmath (1 thr)", fmt_s(loop), fmt_s(nn1),
            loop / nn1, ">= 5x" if target_loop else "info",
            (loop / nn1 >= 5.0) if target_loop else None, f"{fmt_s(loop)} ({frac_slow})", sec,
        ))  # fmt: skip
        if has_torch:
            for thr, nn in zip(counts, (nn1, nnd)):
                tor = per_epoch[f"torch@{thr}"]
                rows.append(Row(
                    f"train b={batch}: torch f64 / nnmath, {thr} thr each", fmt_s(tor), fmt_s(nn),
                    tor / nn, ">= 1x", tor / nn >= 1.0, f"{fmt_s(tor)} ({frac_slow})", sec,
                ))  # fmt: skip
        if batch == 64:
            flops = flops_per_example() * N_TRAIN
            flop_rates["nnmath@1"] = flops / nn1 / 1e9
            flop_rates[f"nnmath@{threads}"] = flops / nnd / 1e9
    if not has_torch:
        rows.append(Row("train: PyTorch", "not installed", "-", None, "pip install -e '.[bench]'",
                        None, "", sec))  # fmt: skip

    # FLOP rate at batch 64 against numpy matmul measured now, same thread limits.
    log("train: matmul rates")
    for thr in counts:
        with threadpool_limits(thr, user_api="blas"):
            same_shape = matmul_rate(64, 784, 16)  # the forward product of the first layer
            large = matmul_rate(1024, 1024, 1024)
        rate = flop_rates[f"nnmath@{thr}"]
        rows.append(Row(
            f"train b=64: FLOP rate vs same-shape matmul, {thr} thr",
            f"{rate:.2f} GFLOP/s", f"{same_shape:.2f} GFLOP/s", rate / same_shape,
            "info (1 = limit)", None, "(64x784)@(784x16)", sec,
        ))  # fmt: skip
        rows.append(Row(
            f"train b=64: FLOP rate vs 1024^3 matmul, {thr} thr",
            f"{rate:.2f} GFLOP/s", f"{large:.1f} GFLOP/s", rate / large,
            "info (1 = limit)", None, "machine's practical peak", sec,
        ))  # fmt: skip

    # The whole training run the digit clips use (bundled sample data, the
    # real entry point): default BLAS threads against one, interleaved.
    epochs = 2 if quick else 3
    log(f"train: train_classifier(sample data, {epochs} epochs), {threads} vs 1 BLAS thread")
    data = load_digits("sample")
    whole = interleaved(
        {
            str(thr): _limited(lambda: train_classifier(epochs=epochs, data=data), thr)
            for thr in (1, threads)
        },
        repeats=2,
        warmup=False,
    )
    one, many = min(whole["1"]), min(whole[str(threads)])
    rows.append(Row(
        f"train_classifier sample x{epochs} ep: {threads} BLAS thr vs 1", fmt_s(many), fmt_s(one),
        many / one, "info (>1: threads hurt)", None, "real clip training path", sec,
    ))  # fmt: skip
    note = f"threads: numpy OpenBLAS default {note_threads}"
    if has_torch:
        import torch

        note += f"; torch {torch.__version__} default {torch.get_num_threads()} thr"
    log(f"train: {note}")
    return rows
