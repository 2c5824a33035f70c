"""Network: backpropagation against finite differences, shapes, parameters, loss."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.network import Network

ARCHITECTURES = [
    ([2, 3, 2], "relu", "identity"),
    ([1, 5, 1], "relu", "sigmoid"),
    ([3, 4, 3, 2], "relu", "identity"),
    ([2, 3, 2], "sigmoid", "identity"),
    ([3, 4, 3, 2], "sigmoid", "sigmoid"),
    ([4, 6, 3], "sigmoid", "sigmoid"),
    ([2, 4, 4, 1], "relu", "relu"),
]


def _data(net: Network, seed: int, n: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, net.layer_sizes[0]))
    y = rng.uniform(0, 1, size=(n, net.layer_sizes[-1]))
    return x, y


def _finite_difference_gradient(net: Network, x, y, eps: float = 1e-6) -> np.ndarray:
    base = net.get_params()
    probe = net.copy()
    grad = np.empty_like(base)
    for i in range(len(base)):
        up, down = base.copy(), base.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (probe.set_params(up).loss(x, y) - probe.set_params(down).loss(x, y)) / (2 * eps)
    return grad


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("sizes", "act", "out"), ARCHITECTURES)
def test_gradients_match_finite_differences(sizes, act, out, seed):
    net = Network(sizes, activation=act, output_activation=out, seed=seed)
    x, y = _data(net, seed + 100)
    exact = net.gradients(x, y)
    numeric = _finite_difference_gradient(net, x, y)
    assert exact.shape == (net.n_params,)
    rel = np.linalg.norm(exact - numeric) / max(np.linalg.norm(numeric), 1e-12)
    assert rel < 1e-5, f"relative error {rel:.2e}"


def test_gradients_by_layer_shapes_match_weights():
    net = Network([3, 5, 2], seed=0)
    x, y = _data(net, 0)
    gw, gb = net.gradients_by_layer(x, y)
    assert [g.shape for g in gw] == [w.shape for w in net.weights]
    assert [g.shape for g in gb] == [b.shape for b in net.biases]


def test_weight_shapes_are_out_by_in():
    net = Network([784, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
    assert [w.shape for w in net.weights] == [(16, 784), (10, 16)]
    assert [b.shape for b in net.biases] == [(16,), (10,)]
    assert net.n_layers == 2
    assert net.n_params == 784 * 16 + 16 + 16 * 10 + 10
    assert net.layer_activation(0) == "sigmoid"
    assert net.forward(np.zeros((4, 784))).shape == (4, 10)


def test_params_round_trip_and_order():
    net = Network([2, 3, 2], seed=5)
    vec = net.get_params()
    # Order: W0 (row-major), b0, W1, b1.
    expected = np.concatenate(
        [net.weights[0].ravel(), net.biases[0], net.weights[1].ravel(), net.biases[1]]
    )
    np.testing.assert_array_equal(vec, expected)
    new = np.arange(net.n_params, dtype=float)
    net.set_params(new)
    np.testing.assert_array_equal(net.get_params(), new)
    np.testing.assert_array_equal(net.weights[0], new[:6].reshape(3, 2))
    np.testing.assert_array_equal(net.biases[1], new[-2:])
    # set_params copies: changing the source vector later does not leak in.
    new[0] = 99.0
    assert net.weights[0][0, 0] == 0.0


def _hand_forward(net: Network, x: np.ndarray) -> np.ndarray:
    """Per-example, per-neuron loops: no shared code with Network.forward."""

    def f(name, z):
        if name == "relu":
            return max(z, 0.0)
        if name == "sigmoid":
            return 1.0 / (1.0 + np.exp(-z))
        return z

    out = []
    for row in x:
        a = list(row)
        for layer, (w, b) in enumerate(zip(net.weights, net.biases)):
            name = net.layer_activation(layer)
            a = [f(name, sum(w[i, j] * a[j] for j in range(len(a))) + b[i]) for i in range(len(b))]
        out.append(a)
    return np.array(out)


@pytest.mark.parametrize(("sizes", "act", "out"), ARCHITECTURES)
def test_loss_matches_hand_written_formula(sizes, act, out):
    net = Network(sizes, activation=act, output_activation=out, seed=2)
    x, y = _data(net, 3)
    pred = _hand_forward(net, x)
    np.testing.assert_allclose(net.forward(x), pred, rtol=1e-12, atol=1e-14)
    expected = np.mean(np.sum((pred - y) ** 2, axis=1))
    assert net.loss(x, y) == pytest.approx(expected, rel=1e-12)


def test_activations_and_pre_activations():
    net = Network([2, 3, 2], seed=1)
    x, _ = _data(net, 1)
    acts, pres = net.activations(x), net.pre_activations(x)
    assert [a.shape for a in acts] == [(7, 2), (7, 3), (7, 2)]
    np.testing.assert_array_equal(acts[0], x)
    np.testing.assert_allclose(pres[0], x @ net.weights[0].T + net.biases[0])
    np.testing.assert_allclose(acts[1], np.maximum(pres[0], 0))
    np.testing.assert_allclose(acts[2], pres[1])  # identity output


def test_one_dimensional_input_is_a_batch_of_scalars():
    net = Network([1, 4, 1], seed=0)
    xs = np.linspace(-1, 1, 5)
    np.testing.assert_allclose(net.forward(xs), net.forward(xs[:, None]))
    assert net.loss(xs, np.zeros(5)) == pytest.approx(net.loss(xs[:, None], np.zeros((5, 1))))


def test_same_seed_same_network():
    a = Network([3, 4, 2], seed=7)
    b = Network([3, 4, 2], seed=7)
    c = Network([3, 4, 2], seed=8)
    np.testing.assert_array_equal(a.get_params(), b.get_params())
    assert not np.array_equal(a.get_params(), c.get_params())


def test_copy_is_independent():
    net = Network([2, 3, 1], seed=0)
    twin = net.copy()
    twin.weights[0][0, 0] += 1.0
    assert twin.weights[0][0, 0] != net.weights[0][0, 0]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda n: n.forward(np.zeros((3, 4))), r"shape \(N, 2\)"),
        (lambda n: n.forward(np.zeros((2, 3, 2))), r"shape \(N, 2\)"),
        (lambda n: n.loss(np.zeros((3, 2)), np.zeros((3, 2))), r"targets must have shape \(3, 1\)"),
        (lambda n: n.loss(np.zeros((3, 2)), np.zeros(4)), r"targets must have shape \(3, 1\)"),
        (lambda n: n.set_params(np.zeros(3)), "flat vector of 13 parameters"),
    ],
)
def test_bad_shapes_raise(call, message):
    net = Network([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=message):
        call(net)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"layer_sizes": [3]}, "at least two positive sizes"),
        ({"layer_sizes": [3, 0, 1]}, "at least two positive sizes"),
        ({"layer_sizes": [1, 1], "activation": "tanh"}, "activation must be one of"),
        ({"layer_sizes": [1, 1], "output_activation": "softmax"}, "output_activation"),
    ],
)
def test_bad_construction_raises(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Network(**kwargs)


@pytest.mark.parametrize(
    "sizes, activation, output",
    [((784, 16, 16, 10), "sigmoid", "sigmoid"), ((1, 5, 3, 1), "relu", "identity")],
)
def test_sgd_step_is_a_gradient_step(sizes, activation, output):
    """sgd_step (fused BLAS update) = parameters minus lr times the exact gradient."""
    rng = np.random.default_rng(3)
    x, y = rng.random((10, sizes[0])), rng.random((10, sizes[-1]))
    net = Network(sizes, activation, output, seed=1)
    before = net.get_params()
    grad = net.gradients(x, y)
    weights = list(net.weights)
    net.sgd_step(x, y, 0.7)
    np.testing.assert_allclose(net.get_params(), before - 0.7 * grad, rtol=1e-12, atol=1e-14)
    assert all(a is b for a, b in zip(weights, net.weights))  # updated in place


def test_sgd_step_with_non_contiguous_weights_falls_back():
    rng = np.random.default_rng(4)
    x, y = rng.random((6, 4)), rng.random((6, 2))
    net = Network([4, 3, 2], "sigmoid", "sigmoid", seed=0)
    net.weights[0] = np.asfortranarray(net.weights[0])
    before, grad = net.get_params(), net.gradients(x, y)
    net.sgd_step(x, y, 0.5)
    np.testing.assert_allclose(net.get_params(), before - 0.5 * grad, rtol=1e-12, atol=1e-14)


# -- softmax output with the cross-entropy cost -------------------------------
SOFTMAX_NETS = [([3, 4, 5], "relu"), ([4, 6, 3, 4], "sigmoid"), ([5, 3], "sigmoid")]


def _softmax_data(net: Network, seed: int, n: int = 6, one_hot: bool = True):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, net.layer_sizes[0]))
    k = net.layer_sizes[-1]
    y = np.eye(k)[rng.integers(0, k, n)] if one_hot else rng.uniform(0, 1, size=(n, k))
    return x, y


@pytest.mark.parametrize("one_hot", [True, False], ids=["one-hot", "any targets"])
@pytest.mark.parametrize(("sizes", "act"), SOFTMAX_NETS)
def test_softmax_gradients_match_finite_differences(sizes, act, one_hot):
    net = Network(sizes, activation=act, output_activation="softmax", seed=3)
    x, y = _softmax_data(net, 7, one_hot=one_hot)
    exact = net.gradients(x, y)
    numeric = _finite_difference_gradient(net, x, y)
    rel = np.linalg.norm(exact - numeric) / np.linalg.norm(numeric)
    assert rel < 1e-6, f"relative error {rel:.2e}"


@pytest.mark.parametrize(("sizes", "act"), SOFTMAX_NETS)
def test_softmax_loss_is_the_cross_entropy(sizes, act):
    from scipy.special import log_softmax

    net = Network(sizes, activation=act, output_activation="softmax", seed=1)
    x, y = _softmax_data(net, 2, one_hot=False)
    z = net.pre_activations(x)[-1]
    out = net.forward(x)
    np.testing.assert_allclose(out, np.exp(log_softmax(z, axis=1)), rtol=1e-12)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-12)
    expected = -np.mean(np.sum(y * log_softmax(z, axis=1), axis=1))
    assert net.loss(x, y) == pytest.approx(expected, rel=1e-12)


def test_softmax_is_stable_for_large_pre_activations():
    net = Network([2, 3], activation="relu", output_activation="softmax", seed=0)
    net.weights[0] *= 1e4
    x = np.array([[50.0, -30.0]])
    y = np.eye(3)[[0]]
    out = net.forward(x)
    assert np.all(np.isfinite(out)) and out.sum() == pytest.approx(1.0)
    assert np.isfinite(net.loss(x, y)) and np.all(np.isfinite(net.gradients(x, y)))


@pytest.mark.parametrize(("sizes", "act"), SOFTMAX_NETS)
def test_softmax_sgd_step_is_a_gradient_step(sizes, act):
    net = Network(sizes, activation=act, output_activation="softmax", seed=5)
    x, y = _softmax_data(net, 9)
    expected = net.get_params() - 0.3 * net.gradients(x, y)
    np.testing.assert_allclose(net.copy().sgd_step(x, y, 0.3).get_params(), expected, atol=1e-13)


def test_softmax_cost_in_a_recorded_run():
    """train_classifier with output='softmax' records the cross-entropy of its own snapshots."""
    from scipy.special import log_softmax

    from nnmath.classifier import train_classifier

    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (40, 784)).astype(np.float32)
    y = rng.integers(0, 10, 40)
    data = (x, y, x[:10], y[:10])
    _, run = train_classifier((784, 5, 10), "relu", epochs=2, batch_size=8, learning_rate=0.1,
                              data=data, output="softmax")  # fmt: skip
    assert run.output_activation == "softmax" and "cross-entropy" in run.meta["cost"]
    for i in range(len(run)):
        net = run.network_at(i)
        z = net.pre_activations(x.astype(float))[-1]
        assert run.loss[i] == pytest.approx(-np.mean(log_softmax(z, axis=1)[np.arange(40), y]))
    with pytest.raises(ValueError, match="output must be"):
        train_classifier((784, 10), data=data, output="tanh")
