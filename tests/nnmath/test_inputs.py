"""nnmath.inputs and ConvNetwork pooling: input gradients and pooling gradients against
central finite differences, the ascent against a replay by finite differences, noise and
shifts against brute force."""

from __future__ import annotations

import numpy as np
import pytest

import nnmath.inputs as inputs
from nnmath import network as network_module
from nnmath.classifier import accuracy, train_conv_classifier
from nnmath.conv import ConvNetwork
from nnmath.inputs import (
    DIRECTIONS,
    ascend_input,
    input_gradient,
    noise_called,
    pixel_correlation,
    shift_directions,
    shift_images,
    shifted_accuracies,
    tolerated_shift,
)
from nnmath.network import Network

HAS_SOFTMAX = "softmax" in getattr(network_module, "NETWORK_OUTPUTS", ())
OUTPUTS = ["sigmoid", "identity", "relu"] + (["softmax"] if HAS_SOFTMAX else [])


def _fd_input(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of the scalar f(x) with respect to every entry of x."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += eps
        down[idx] -= eps
        grad[idx] = (f(up) - f(down)) / (2 * eps)
    return grad


@pytest.mark.parametrize("out", OUTPUTS)
@pytest.mark.parametrize("hidden", ["sigmoid", "relu"])
@pytest.mark.parametrize("n", [1, 3])
def test_input_gradient_matches_finite_differences(out, hidden, n):
    net = Network([7, 5, 4, 3], activation=hidden, output_activation=out, seed=n)
    rng = np.random.default_rng(n)
    x, y = rng.uniform(0, 1, (n, 7)), rng.uniform(0, 1, (n, 3))
    largest = 0.0
    for k in range(3):
        exact = input_gradient(net, x, output=k)
        numeric = np.vstack([_fd_input(lambda v, i=i, k=k: net.forward(v)[0, k], x[i : i + 1])
                             for i in range(n)])  # fmt: skip
        np.testing.assert_allclose(exact, numeric, atol=1e-8)
        largest = max(largest, np.abs(numeric).max())
    assert largest > 1e-3  # not vacuous (a ReLU output may be off for every image)
    exact = input_gradient(net, x, targets=y)
    numeric = _fd_input(lambda v: net.loss(v, y), x)
    np.testing.assert_allclose(exact, numeric, atol=1e-8)
    assert np.abs(numeric).max() > 1e-3


def test_input_gradient_refuses_bad_requests():
    net = Network([4, 3, 2], output_activation="sigmoid")
    with pytest.raises(ValueError, match="exactly one"):
        input_gradient(net, np.zeros(4))
    with pytest.raises(ValueError, match="exactly one"):
        input_gradient(net, np.zeros(4), output=0, targets=np.zeros((1, 2)))
    with pytest.raises(ValueError, match="index"):
        input_gradient(net, np.zeros(4), output=2)
    with pytest.raises(TypeError):
        input_gradient(ConvNetwork((1,), input_shape=(4, 4)), np.zeros(16), output=0)


def test_ascent_replays_by_finite_differences_and_stops_at_the_target():
    net = Network([6, 5, 4], activation="sigmoid", output_activation="sigmoid", seed=3)
    net.set_params(3 * net.get_params())  # output 0 starts at 0.004 and can reach 0.02
    start = np.full(6, 0.5)
    run = ascend_input(net, 0, start, learning_rate=2.0, max_steps=400, until=0.02,
                       record_every=5)  # fmt: skip
    target = np.array([[1.0, 0.0, 0.0, 0.0]])
    x, replay = start[None].copy(), {0: start.copy()}
    for step in range(1, run.steps[-1] + 1):  # the same loop, by finite differences
        x = np.clip(x - 2.0 * _fd_input(lambda v: net.loss(v, target), x), 0, 1)
        replay[step] = x[0].copy()
    assert run.reached and run.confidence[-1] >= 0.02 > run.confidence[-2]
    assert run.steps[-1] > 10
    assert list(run.steps[:-1]) == list(range(0, run.steps[-1], 5))
    for step, image, out in zip(run.steps, run.images, run.outputs):
        np.testing.assert_allclose(image, replay[step], atol=1e-6)
        np.testing.assert_allclose(out, net.forward(image)[0], atol=1e-12)
    assert run.images.min() >= 0 and run.images.max() <= 1
    np.testing.assert_allclose(run.cost, ((run.outputs - target) ** 2).sum(axis=1))
    np.testing.assert_array_equal(run.confidence, run.outputs[:, 0])
    short = ascend_input(net, 0, start, learning_rate=2.0, max_steps=3, until=0.9999)
    assert not short.reached and short.steps.tolist() == [0, 1, 2, 3]


@pytest.mark.parametrize(
    "kwargs", [{"digit": 4}, {"digit": 1.5}, {"learning_rate": 0}, {"max_steps": 0},
               {"until": 1.5}, {"record_every": 0}],
)  # fmt: skip
def test_ascent_refuses_bad_arguments(kwargs):
    net = Network([6, 5, 4], output_activation="sigmoid")
    args = {"digit": 1, "start": np.zeros(6), **kwargs}
    with pytest.raises(ValueError):
        ascend_input(net, **args)


@pytest.mark.parametrize("density", [None, 0.3])
def test_noise_average_is_the_brute_force_average(density, monkeypatch):
    monkeypatch.setattr(inputs, "_CHUNK", 70)  # several chunks
    net = Network([9, 6, 3], activation="relu", output_activation="sigmoid", seed=5)
    images = np.random.default_rng(4).uniform(0, 1, (250, 9))
    if density is not None:
        images = (images < density).astype(float)
    outs = [net.forward(im)[0] for im in images]  # one at a time
    counts = []
    for digit in range(3):
        result = noise_called(net, digit, 250, seed=4, density=density)
        called = [im for im, o in zip(images, outs) if np.argmax(o) == digit]
        assert result.count == len(called) and result.n == 250
        assert result.answers.tolist() == [sum(np.argmax(o) == d for o in outs) for d in range(3)]
        if called:
            np.testing.assert_allclose(result.average, np.mean(called, axis=0), atol=1e-12)
            mean = np.mean([o[digit] for o in outs if np.argmax(o) == digit])
            assert result.mean_output == pytest.approx(mean)
        counts.append(len(called))
        np.testing.assert_array_equal(result.examples, np.array(called[:3]).reshape(-1, 9))
    assert max(counts) > 50  # not vacuous


def test_pixel_correlation_is_pearsons():
    rng = np.random.default_rng(0)
    a, b = rng.uniform(0, 1, 784), rng.uniform(0, 1, 784)
    assert pixel_correlation(a, b) == pytest.approx(np.corrcoef(a, b)[0, 1], abs=1e-12)
    assert pixel_correlation(a, 2 * a + 1) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        pixel_correlation(np.ones(4), a[:4])


def _shift_by_loops(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    grid, out = image.reshape(28, 28), np.zeros((28, 28))
    for r in range(28):
        for c in range(28):
            if 0 <= r - dy < 28 and 0 <= c - dx < 28:
                out[r, c] = grid[r - dy, c - dx]
    return out.ravel()


def test_shifts_are_whole_pixels_with_zero_fill():
    images = np.random.default_rng(0).uniform(0, 1, (6, 784))
    moves = [(0, 0), (2, 0), (-3, 1), (0, -4), (27, 5), (-30, 0)]
    dx, dy = np.array([m[0] for m in moves]), np.array([m[1] for m in moves])
    got = shift_images(images, dx, dy)
    for image, (sx, sy), g in zip(images, moves, got):
        np.testing.assert_array_equal(g, _shift_by_loops(image, sx, sy))
    np.testing.assert_array_equal(shift_images(images, 1, 2)[3], _shift_by_loops(images[3], 1, 2))
    with pytest.raises(ValueError, match="whole pixels"):
        shift_images(images, 0.5, 0)
    with pytest.raises(ValueError, match="shape"):
        shift_images(images[:, :100], 1, 0)


def test_shifted_accuracies_are_brute_force_counts():
    rng = np.random.default_rng(1)
    net = Network([784, 12, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
    net.set_params(rng.normal(0, 0.1, net.n_params))
    images = rng.uniform(0, 1, (60, 784)) * (rng.uniform(0, 1, 784) < 0.3)
    labels = np.argmax(net.forward(images), axis=1)  # every unshifted answer right
    labels[:20] = (labels[:20] + 1) % 10  # but not all
    ways = shift_directions(60, seed=3)
    assert set(map(tuple, ways.tolist())) == set(DIRECTIONS)
    got = shifted_accuracies(net, images, labels, [0, 2, 4], seed=3)
    for d, acc in zip([0, 2, 4], got):
        right = sum(
            np.argmax(net.forward(_shift_by_loops(im, d * w[0], d * w[1]))) == lab
            for im, w, lab in zip(images, ways, labels)
        )
        assert acc == right / 60
    assert got[0] == accuracy(net, images, labels)
    with pytest.raises(ValueError, match="whole numbers"):
        shifted_accuracies(net, images, labels, [1.5])


def test_tolerated_shift_by_brute_force():
    rng = np.random.default_rng(0)
    for _ in range(50):
        acc = np.sort(rng.uniform(0.2, 1.0, 5))[::-1] + rng.normal(0, 0.02, 5)
        expected = max(d for d in range(5) if all(a >= acc[0] - 0.05 for a in acc[: d + 1]))
        assert tolerated_shift(acc) == expected
    assert tolerated_shift([0.9, 0.88, 0.5, 0.89]) == 1
    assert tolerated_shift([0.9]) == 0


# -- pooling before the dense layer ----------------------------------------------------
def _pool_by_loops(maps: np.ndarray, p: int, mode: str) -> np.ndarray:
    n, c, h, w = maps.shape
    out = np.zeros((n, c, h // p, w // p))
    for i in np.ndindex(out.shape):
        block = maps[i[0], i[1], i[2] * p : i[2] * p + p, i[3] * p : i[3] * p + p]
        out[i] = block.max() if mode == "max" else block.mean()
    return out


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize(("channels", "shape", "pool"), [((2,), (8, 8), 2), ((2, 3), (11, 10), 3)])
def test_pooled_gradients_match_finite_differences(mode, channels, shape, pool):
    net = ConvNetwork(channels, seed=1, n_out=3, input_shape=shape, pool=pool, pool_mode=mode)
    rng = np.random.default_rng(0)
    net.set_params(rng.normal(0, 0.5, net.n_params))
    for b in net.kernel_biases:
        b[:] = rng.uniform(-0.2, 1.0, b.shape)
    x, y = rng.uniform(0, 1, (3, shape[0] * shape[1])), rng.uniform(0, 1, (3, 3))
    exact, base = net.gradients(x, y), net.get_params()
    probe, numeric = net.copy(), np.zeros(net.n_params)
    for i in range(net.n_params):
        up, down = base.copy(), base.copy()
        up[i] += 1e-6
        down[i] -= 1e-6
        numeric[i] = (probe.set_params(up).loss(x, y) - probe.set_params(down).loss(x, y)) / 2e-6
    assert np.linalg.norm(exact - numeric) / np.linalg.norm(numeric) < 1e-6
    assert np.count_nonzero(np.abs(numeric[: net.kernels[0].size]) > 1e-8) > 0
    # forward: pooled last maps by explicit loops, then the dense layer
    pooled = _pool_by_loops(net.feature_maps(x)[-1], pool, mode).reshape(3, -1)
    z = pooled @ net.dense_weights.T + net.dense_biases
    np.testing.assert_allclose(net.forward(x), 1 / (1 + np.exp(-z)), rtol=1e-12)
    c, h, w = net.map_shapes[-1]
    assert net.pooled_shape == (c, h // pool, w // pool)
    assert net.layer_sizes[-2] == c * (h // pool) * (w // pool)


def test_pooling_architecture_round_trips_and_bad_pools_are_refused():
    net = ConvNetwork((2, 2), pool=2, pool_mode="average")
    assert net.pooled_shape == (2, 12, 12) and net.dense_weights.shape == (10, 288)
    twin = ConvNetwork.from_architecture(net.architecture).set_params(net.get_params())
    assert twin.architecture == net.architecture and twin.pool == 2
    assert net.copy().pool_mode == "average"
    assert "pool" not in ConvNetwork((2,)).architecture  # unpooled nets: as before
    for kwargs, message in [({"pool": 0}, "pool"), ({"pool": 30}, "larger"),
                            ({"pool_mode": "min"}, "pool_mode")]:  # fmt: skip
        with pytest.raises(ValueError, match=message):
            ConvNetwork((2,), **kwargs)


def test_pooled_conv_training_records_a_pooled_network():
    rng = np.random.default_rng(2)
    x, x_test = rng.uniform(0, 1, (60, 784)), rng.uniform(0, 1, (50, 784))
    y, y_test = rng.integers(0, 10, 60), rng.integers(0, 10, 50)
    network, history = train_conv_classifier((2,), epochs=1, data=(x, y, x_test, y_test),
                                             pool=2, seed=1)  # fmt: skip
    assert network.pool == 2 and history.architecture["pool"] == 2
    rebuilt = history.network_at(-1)
    assert rebuilt.pool == 2 and rebuilt.pool_mode == "max"
    assert history.extras["test_accuracy"][-1] == accuracy(rebuilt, x_test[:50], y_test[:50])
