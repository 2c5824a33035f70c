"""Backpropagation's cost: the recorded trace against the plain gradient, and backprop
against finite differences, on the 784-16-16-10 sigmoid digit network.

Run alone: ``.venv/bin/python -m bench --only backprop``

- ``backprop_trace`` records every layer's z, a and delta as well as the gradients;
  it should cost at most 1.5x ``Network.gradients`` on the same mini-batch.
- One example's gradient by backpropagation against the same gradient by central
  finite differences (2 forward passes per parameter): the timed ratio, beside the
  ratio of multiply-adds nnmath counts (``finite_difference_multiply_adds`` over a
  forward and a backward pass).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnmath import Network
from nnmath.backprop import (
    backprop_trace,
    backward_multiply_adds,
    finite_difference_multiply_adds,
    forward_multiply_adds,
)

from . import Row, fmt_s, interleaved

SIZES = (784, 16, 16, 10)
BATCH = 10


def finite_difference_gradient(net: Network, x: np.ndarray, y: np.ndarray,
                               h: float = 1e-5) -> np.ndarray:  # fmt: skip
    """Central differences of the cost in every parameter: 2 forward passes each."""
    params = net.get_params()
    probe = net.copy()
    grad = np.empty_like(params)
    for i in range(len(params)):
        saved = params[i]
        params[i] = saved + h
        up = probe.set_params(params).loss(x, y)
        params[i] = saved - h
        down = probe.set_params(params).loss(x, y)
        params[i] = saved
        grad[i] = (up - down) / (2 * h)
    return grad


def run(quick: bool = False, log: Callable[[str], None] = print) -> list[Row]:
    sec = "backprop"
    rng = np.random.default_rng(0)
    net = Network(list(SIZES), seed=0)
    x = rng.random((BATCH, SIZES[0]))
    y = np.eye(SIZES[-1])[rng.integers(0, SIZES[-1], BATCH)]
    log(f"backprop: trace vs gradients on a batch of {BATCH}")
    times = interleaved({"trace": lambda: backprop_trace(net, x, y),
                         "gradients": lambda: net.gradients(x, y)},
                        repeats=20 if quick else 100)  # fmt: skip
    trace, plain = min(times["trace"]), min(times["gradients"])
    assert np.allclose(backprop_trace(net, x, y).flat_gradient(), net.gradients(x, y))
    rows = [Row(f"backprop_trace vs Network.gradients, {BATCH} examples", fmt_s(trace),
                fmt_s(plain), trace / plain, "<= 1.5x", trace / plain <= 1.5,
                section=sec)]  # fmt: skip
    log("backprop: one example's gradient, backprop vs finite differences (slow)")
    one_x, one_y = x[:1], y[:1]
    fd_times = interleaved({"fd": lambda: finite_difference_gradient(net, one_x, one_y),
                            "bp": lambda: net.gradients(one_x, one_y)},
                           repeats=1 if quick else 3, warmup=False)  # fmt: skip
    fd, bp = min(fd_times["fd"]), min(fd_times["bp"])
    close = np.allclose(finite_difference_gradient(net, one_x, one_y),
                        net.gradients(one_x, one_y), atol=1e-7)  # fmt: skip
    counted = finite_difference_multiply_adds(SIZES) / (
        forward_multiply_adds(SIZES) + backward_multiply_adds(SIZES))
    rows.append(Row("finite differences vs backprop, one example (timed)", fmt_s(fd),
                    fmt_s(bp), fd / bp, f"info; counted {counted:,.0f}x", None,
                    seconds=f"gradients agree to 1e-7: {close}", section=sec))  # fmt: skip
    return rows
