"""backprop: the traced backward pass, multiply-add counts, linear layers and their collapse."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from nnmath.backprop import (
    BackpropTrace,
    backprop_trace,
    backward_multiply_adds,
    collapse_linear,
    finite_difference,
    finite_difference_multiply_adds,
    forward_multiply_adds,
)
from nnmath.network import Network

ARCHITECTURES = [
    ([2, 3, 2], "relu", "identity"),
    ([3, 4, 3, 2], "sigmoid", "sigmoid"),
    ([2, 5, 1], "linear", "identity"),
    ([1, 4, 4, 1], "relu", "relu"),
    ([3, 2, 4, 2], "linear", "sigmoid"),
    ([4, 3], "sigmoid", "linear"),
    ([2, 6, 3, 3, 2], "relu", "identity"),
]
BATCHES = [1, 6]


def _data(net: Network, seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, net.layer_sizes[0])), rng.uniform(size=(n, net.layer_sizes[-1]))


def _finite_difference_gradient(net: Network, x, y, eps: float = 1e-6) -> np.ndarray:
    base, probe = net.get_params(), net.copy()
    grad = np.empty_like(base)
    for i in range(len(base)):
        up, down = base.copy(), base.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (probe.set_params(up).loss(x, y) - probe.set_params(down).loss(x, y)) / (2 * eps)
    return grad


# -- the trace ----------------------------------------------------------------
@pytest.mark.parametrize("n", BATCHES)
@pytest.mark.parametrize(("sizes", "act", "out"), ARCHITECTURES)
def test_trace_gradients_equal_network_gradients(sizes, act, out, n):
    net = Network(sizes, act, out, seed=n)
    x, y = _data(net, 10 + n, n)
    trace = backprop_trace(net, x, y)
    gw, gb = net.gradients_by_layer(x, y)
    for mine, theirs in zip(trace.grad_w + trace.grad_b, gw + gb):
        assert mine.shape == theirs.shape
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(trace.flat_gradient(), net.gradients(x, y), rtol=1e-12, atol=1e-12)
    assert trace.cost == pytest.approx(net.loss(x, y), rel=1e-12)


@pytest.mark.parametrize("n", BATCHES)
@pytest.mark.parametrize(("sizes", "act", "out"), ARCHITECTURES)
def test_trace_gradients_match_finite_differences(sizes, act, out, n):
    net = Network(sizes, act, out, seed=3)
    x, y = _data(net, 20 + n, n)
    exact = backprop_trace(net, x, y).flat_gradient()
    numeric = _finite_difference_gradient(net, x, y)
    rel = np.linalg.norm(exact - numeric) / max(np.linalg.norm(numeric), 1e-12)
    assert rel < 1e-6, f"relative error {rel:.2e}"


def _cost_from_layer(net: Network, layer: int, z: np.ndarray, y: np.ndarray) -> float:
    """The batch cost as a function of weight layer ``layer``'s pre-activations."""
    from nnmath.network import _apply

    a = _apply(net.layer_activation(layer), z)
    for later in range(layer + 1, net.n_layers):
        a = _apply(net.layer_activation(later), a @ net.weights[later].T + net.biases[later])
    return float(np.mean(np.sum((a - y) ** 2, axis=1)))


@pytest.mark.parametrize("n", BATCHES)
@pytest.mark.parametrize(("sizes", "act", "out"), ARCHITECTURES)
def test_delta_is_the_cost_derivative_by_z_per_example(sizes, act, out, n):
    """delta[l][k] = N dC/dz[l][k]: perturb each z entry and rerun the layers above it."""
    net = Network(sizes, act, out, seed=5)
    x, y = _data(net, 30 + n, n)
    trace = backprop_trace(net, x, y)
    eps = 1e-6
    for layer in range(net.n_layers):
        z = np.array(trace.z[layer])
        numeric = np.empty_like(z)
        for idx in np.ndindex(z.shape):
            up, down = z.copy(), z.copy()
            up[idx] += eps
            down[idx] -= eps
            diff = _cost_from_layer(net, layer, up, y) - _cost_from_layer(net, layer, down, y)
            numeric[idx] = diff / (2 * eps)
        np.testing.assert_allclose(trace.delta[layer], n * numeric, rtol=1e-5, atol=1e-7)


def test_cost_has_no_half_and_is_a_mean_over_examples():
    net = Network([2, 3, 2], "relu", "identity", seed=0)
    x, y = _data(net, 1, 4)
    trace = backprop_trace(net, x, y)
    out = trace.a[-1]
    # identity output: delta^L = 2 (a - y), no 1/2 in the cost, per example
    np.testing.assert_allclose(trace.delta[-1], 2.0 * (out - y), rtol=1e-15)
    np.testing.assert_allclose(trace.output_slope, 2.0 * (out - y), rtol=1e-15)
    assert trace.cost == pytest.approx(np.sum((out - y) ** 2) / 4, rel=1e-14)
    np.testing.assert_allclose(trace.grad_b[-1], np.mean(2.0 * (out - y), axis=0), rtol=1e-14)


def test_trace_layers_match_the_forward_pass():
    net = Network([3, 4, 2, 2], "sigmoid", "sigmoid", seed=2)
    x, y = _data(net, 2, 5)
    trace = backprop_trace(net, x, y)
    assert trace.n_layers == 3 and trace.n_examples == 5
    assert trace.activations == ("sigmoid", "sigmoid", "sigmoid")
    for mine, theirs in zip(trace.z, net.pre_activations(x)):
        np.testing.assert_array_equal(mine, theirs)
    for mine, theirs in zip(trace.a, net.activations(x)):
        np.testing.assert_array_equal(mine, theirs)
    assert [d.shape for d in trace.delta] == [(5, 4), (5, 2), (5, 2)]


def test_one_example_as_a_vector():
    net = Network([3, 4, 2], seed=0)
    trace = backprop_trace(net, [0.1, -0.2, 0.3], [[1.0, 0.0]])
    assert trace.n_examples == 1
    assert [z.shape for z in trace.z] == [(1, 4), (1, 2)]
    np.testing.assert_allclose(
        trace.flat_gradient(), net.gradients([[0.1, -0.2, 0.3]], [[1.0, 0.0]]), rtol=1e-12
    )


def test_trace_is_frozen_and_read_only():
    net = Network([2, 3, 1], seed=0)
    x = np.ones((2, 2))
    trace = backprop_trace(net, x, np.zeros(2))
    assert isinstance(trace, BackpropTrace)
    with pytest.raises(dataclasses.FrozenInstanceError):
        trace.cost = 0.0
    with pytest.raises(ValueError, match="read-only"):
        trace.grad_w[0][0, 0] = 1.0
    x[0, 0] = 5.0  # the caller's array stays theirs
    assert trace.x[0, 0] == 1.0


def test_trace_leaves_the_network_alone_and_checks_shapes():
    net = Network([2, 3, 1], seed=0)
    before = net.get_params()
    backprop_trace(net, np.ones((2, 2)), np.zeros(2))
    np.testing.assert_array_equal(net.get_params(), before)
    with pytest.raises(ValueError, match="targets must have shape"):
        backprop_trace(net, np.ones((2, 2)), np.zeros(3))


def test_finite_difference_of_one_parameter():
    """finite_difference nudges exactly one weight (or bias) of a copy, both ways."""
    net = Network([3, 4, 2], "sigmoid", "sigmoid", seed=4)
    x, y = _data(net, 7, 3)
    before = net.get_params()
    numeric = _finite_difference_gradient(net, x, y, eps=1e-5)
    offsets = np.cumsum([0] + [p.size for w, b in zip(net.weights, net.biases) for p in (w, b)])
    for layer, row, col in [(0, 2, 1), (1, 1, 3), (1, 0, None)]:
        if col is None:  # a bias: after its layer's weights
            flat = offsets[2 * layer + 1] + row
        else:
            flat = offsets[2 * layer] + row * net.layer_sizes[layer] + col
        mine = finite_difference(net, x, y, layer, row, col)
        assert mine == pytest.approx(numeric[flat], rel=1e-12, abs=1e-15)
    np.testing.assert_array_equal(net.get_params(), before)
    with pytest.raises(ValueError, match="layer"):
        finite_difference(net, x, y, 2, 0, 0)


# -- multiply-add counts, by a counting implementation ------------------------
class Counter:
    def __init__(self) -> None:
        self.n = 0

    def madd(self, acc: float, u: float, v: float) -> float:
        self.n += 1
        return acc + u * v


def _f(name: str, z: float) -> float:
    if name == "relu":
        return max(z, 0.0)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    return z


def _fprime(name: str, z: float) -> float:
    if name == "relu":
        return float(z > 0)
    if name == "sigmoid":
        s = _f("sigmoid", z)
        return s * (1.0 - s)
    return 1.0


def _counted_forward(net: Network, x, c: Counter) -> tuple[list, list]:
    zs, acts = [], [list(x)]
    for layer, (w, b) in enumerate(zip(net.weights, net.biases)):
        z = []
        for j in range(len(b)):
            acc = 0.0
            for i in range(len(acts[-1])):
                acc = c.madd(acc, w[j, i], acts[-1][i])
            z.append(acc + b[j])  # bias add: not a multiply-add
        zs.append(z)
        acts.append([_f(net.layer_activation(layer), v) for v in z])
    return zs, acts


def _counted_backward(net: Network, zs, acts, y, c: Counter) -> tuple[list, list]:
    last = net.n_layers - 1
    fp = [_fprime(net.layer_activation(last), v) for v in zs[last]]
    delta = [2.0 * (a - t) * d for a, t, d in zip(acts[-1], y, fp)]
    gw, gb = [None] * net.n_layers, [None] * net.n_layers
    for layer in range(last, -1, -1):
        w = net.weights[layer]
        gw[layer] = np.zeros_like(w)
        for j in range(w.shape[0]):
            for i in range(w.shape[1]):
                gw[layer][j, i] = c.madd(0.0, delta[j], acts[layer][i])
        gb[layer] = np.array(delta)
        if layer:
            back = []
            for i in range(w.shape[1]):
                acc = 0.0
                for j in range(w.shape[0]):
                    acc = c.madd(acc, w[j, i], delta[j])
                back.append(acc)
            name = net.layer_activation(layer - 1)
            delta = [v * _fprime(name, z) for v, z in zip(back, zs[layer - 1])]
    return gw, gb


def _counted_finite_differences(net: Network, x, y, c: Counter, eps: float = 1e-6) -> np.ndarray:
    base, probe = net.get_params(), net.copy()
    grad = np.empty_like(base)
    for k in range(len(base)):
        costs = []
        for sign in (1.0, -1.0):
            p = base.copy()
            p[k] += sign * eps
            out = _counted_forward(probe.set_params(p), x, c)[1][-1]
            costs.append(sum((o - t) ** 2 for o, t in zip(out, y)))
        grad[k] = (costs[0] - costs[1]) / (2 * eps)
    return grad


SMALL_SIZES = [[1, 1], [2, 3], [3, 2, 4], [1, 5, 1], [2, 3, 2, 1], [4, 1, 3, 2], [2, 2, 2, 2, 2]]


@pytest.mark.parametrize("sizes", SMALL_SIZES)
def test_forward_count_by_brute_force(sizes):
    net = Network(sizes, "sigmoid", "identity", seed=1)
    x = np.random.default_rng(0).normal(size=sizes[0])
    c = Counter()
    out = _counted_forward(net, x, c)[1][-1]
    np.testing.assert_allclose(out, net.forward(x[None, :])[0], rtol=1e-12)
    assert c.n == forward_multiply_adds(sizes)


@pytest.mark.parametrize("act", ["relu", "sigmoid", "linear"])
@pytest.mark.parametrize("sizes", SMALL_SIZES)
def test_backward_count_by_brute_force(sizes, act):
    net = Network(sizes, act, "identity", seed=2)
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=sizes[0]), rng.normal(size=sizes[-1])
    zs, acts = _counted_forward(net, x, Counter())
    c = Counter()
    gw, gb = _counted_backward(net, zs, acts, y, c)
    flat = np.concatenate([p for w, b in zip(gw, gb) for p in (w.ravel(), b)])
    np.testing.assert_allclose(flat, net.gradients(x[None, :], y[None, :]), rtol=1e-10, atol=1e-12)
    assert c.n == backward_multiply_adds(sizes)


@pytest.mark.parametrize("sizes", SMALL_SIZES[:5])
def test_finite_difference_count_by_brute_force(sizes):
    net = Network(sizes, "sigmoid", "identity", seed=3)
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=sizes[0]), rng.normal(size=sizes[-1])
    c = Counter()
    grad = _counted_finite_differences(net, x, y, c)
    np.testing.assert_allclose(grad, net.gradients(x[None, :], y[None, :]), rtol=1e-5, atol=1e-8)
    assert c.n == finite_difference_multiply_adds(sizes)


def test_digit_network_counts():
    sizes = [784, 16, 16, 10]
    forward = 784 * 16 + 16 * 16 + 16 * 10
    assert forward_multiply_adds(sizes) == forward == 12_960
    assert backward_multiply_adds(sizes) == 12_960 + 16 * 16 + 16 * 10 == 13_376
    n_params = Network(sizes, "sigmoid", "sigmoid").n_params
    assert n_params == 13_002
    assert finite_difference_multiply_adds(sizes) == 2 * 13_002 * 12_960 == 337_011_840
    # finite differences cost about 12,800 forward-and-backward passes
    ratio = finite_difference_multiply_adds(sizes) / (forward + backward_multiply_adds(sizes))
    assert 12_700 < ratio < 12_900


@pytest.mark.parametrize("bad", [[3], [], [3, 0, 1], [2, -1], [2.5, 3], "123", None])
@pytest.mark.parametrize(
    "count", [forward_multiply_adds, backward_multiply_adds, finite_difference_multiply_adds]
)
def test_counts_reject_bad_sizes(count, bad):
    with pytest.raises(ValueError, match="sizes"):
        count(bad)


# -- linear layers ------------------------------------------------------------
def test_linear_activation_is_the_identity():
    net = Network([3, 4, 2], "linear", "identity", seed=0)
    x = np.random.default_rng(0).normal(size=(5, 3))
    z = net.pre_activations(x)
    np.testing.assert_array_equal(net.activations(x)[1], z[0])
    assert net.layer_activation(0) == "linear"
    trace = backprop_trace(net, x, np.zeros((5, 2)))
    # derivative 1: the hidden error is exactly the back-propagated output error
    np.testing.assert_allclose(trace.delta[0], trace.delta[1] @ net.weights[1], rtol=1e-15)


@pytest.mark.parametrize("depth", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("seed", range(4))
def test_collapse_linear_computes_the_same_map(depth, seed):
    rng = np.random.default_rng(100 * depth + seed)
    sizes = [int(n) for n in rng.integers(1, 9, size=depth + 1)]
    out = "linear" if seed % 2 else "identity"
    net = Network(sizes, "linear", out, seed=seed)
    w, b = collapse_linear(net)
    assert w.shape == (sizes[-1], sizes[0]) and b.shape == (sizes[-1],)
    x = rng.normal(size=(50, sizes[0])) * 3
    np.testing.assert_allclose(x @ w.T + b, net.forward(x), rtol=1e-12, atol=1e-12)


def test_collapse_of_one_layer_is_that_layer():
    net = Network([4, 3], "relu", "identity", seed=0)  # no hidden layer: only the output counts
    w, b = collapse_linear(net)
    np.testing.assert_array_equal(w, net.weights[0])
    np.testing.assert_array_equal(b, net.biases[0])


@pytest.mark.parametrize(
    ("act", "out", "layer", "name"),
    [
        ("relu", "identity", 0, "relu"),
        ("sigmoid", "identity", 0, "sigmoid"),
        ("linear", "sigmoid", 2, "sigmoid"),
        ("linear", "relu", 2, "relu"),
    ],
)
def test_collapse_refuses_a_non_linear_layer(act, out, layer, name):
    net = Network([2, 3, 3, 1], act, out, seed=0)
    with pytest.raises(ValueError, match=f"layer {layer} uses '{name}'") as info:
        collapse_linear(net)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("hidden", ["relu", "sigmoid"])
def test_trace_of_a_softmax_network_is_the_cross_entropy_gradient(hidden):
    """With a softmax output the trace follows the network's own cost (cross-entropy):
    its gradients equal Network.gradients_by_layer and central differences of loss."""
    rng = np.random.default_rng(4)
    net = Network([3, 4, 3], activation=hidden, output_activation="softmax", seed=2)
    x = rng.normal(size=(5, 3))
    y = np.eye(3)[rng.integers(0, 3, size=5)]
    trace = backprop_trace(net, x, y)
    gw, gb = net.gradients_by_layer(x, y)
    for a, b in zip(trace.grad_w + trace.grad_b, list(gw) + list(gb)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-13)
    assert trace.cost == pytest.approx(net.loss(x, y), rel=1e-12)
    params, eps = net.get_params(), 1e-6
    fd = np.empty_like(params)
    for i in range(len(params)):
        up, down = params.copy(), params.copy()
        up[i] += eps
        down[i] -= eps
        net.set_params(up)
        c_up = net.loss(x, y)
        net.set_params(down)
        fd[i] = (c_up - net.loss(x, y)) / (2 * eps)
    net.set_params(params)
    np.testing.assert_allclose(trace.flat_gradient(), fd, rtol=1e-6, atol=1e-9)
