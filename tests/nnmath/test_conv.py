"""ConvNetwork: gradients against finite differences, forward against scipy, the
dense-layer special case, parameters, receptive fields, and conv training runs."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.signal import correlate2d

import nnmath.conv as conv_module
from nnmath.classifier import accuracy, one_hot, train_conv_classifier
from nnmath.conv import ConvNetwork
from nnmath.digits import load_digits
from nnmath.network import Network
from nnmath.permutation import permute_pixels, pixel_permutation
from nnmath.receptive import receptive_field
from nnmath.training import TrainingDiverged
from nnmath.trajectory import Trajectory, TrajectoryFileError


def _randomised(net: ConvNetwork, seed: int, scale: float = 0.5) -> ConvNetwork:
    """All parameters random; conv biases mostly positive, so that on inputs in
    [0, 1] the ReLUs are a mix of on and off rather than a dead layer."""
    rng = np.random.default_rng(seed)
    net.set_params(rng.normal(0.0, scale, net.n_params))
    for b in net.kernel_biases:
        b[:] = rng.uniform(-0.2, 1.0, b.shape)
    return net


def _data(net: ConvNetwork, seed: int, n: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed + 1000)
    return rng.uniform(0, 1, (n, net.layer_sizes[0])), rng.uniform(0, 1, (n, net.n_out))


def _finite_differences(net: ConvNetwork, x, y, indices, eps: float = 1e-6) -> np.ndarray:
    base = net.get_params()
    probe = net.copy()
    out = []
    for i in indices:
        up, down = base.copy(), base.copy()
        up[i] += eps
        down[i] -= eps
        out.append(
            (probe.set_params(up).loss(x, y) - probe.set_params(down).loss(x, y)) / (2 * eps)
        )
    return np.array(out)


# -- gradients ----------------------------------------------------------------
SMALL_NETS = [
    # channels, kernel, input_shape, output activation
    ((1,), 3, (6, 7), "sigmoid"),
    ((2,), 3, (8, 8), "sigmoid"),
    ((3,), 2, (7, 6), "identity"),
    ((2, 3), 3, (8, 9), "sigmoid"),
    ((3, 1), 3, (9, 8), "relu"),
    ((1, 2), 2, (6, 6), "identity"),
]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("channels", "kernel", "shape", "out"), SMALL_NETS)
def test_gradients_match_finite_differences(channels, kernel, shape, out, seed):
    net = ConvNetwork(channels, seed=seed, n_out=3, output_activation=out, kernel=kernel,
                      input_shape=shape)  # fmt: skip
    _randomised(net, seed)
    x, y = _data(net, seed)
    exact = net.gradients(x, y)
    assert exact.shape == (net.n_params,)
    numeric = _finite_differences(net, x, y, range(net.n_params))
    rel = np.linalg.norm(exact - numeric) / np.linalg.norm(numeric)
    assert rel < 1e-6, f"relative error {rel:.2e}"
    # Not vacuous: many nonzero entries, and in every layer's kernels (some
    # ReLUs are off for all examples, so some entries are exactly 0).
    assert np.count_nonzero(np.abs(numeric) > 1e-8) > net.n_params // 5
    start = 0
    for k, b in zip(net.kernels, net.kernel_biases):
        assert np.any(np.abs(numeric[start : start + k.size]) > 1e-8)
        start += k.size + b.size


def test_gradients_of_a_full_size_network_match_finite_differences():
    # 28 x 28 digits, two layers: every kernel entry and bias, and a sample of
    # the 10 x 3 * 24 * 24 dense weights (all of them would take too long).
    net = _randomised(ConvNetwork((2, 3), seed=4), 4, scale=0.3)
    images, labels = load_digits()[0][:3], load_digits()[1][:3]
    x, y = images.astype(float), one_hot(labels)
    exact = net.gradients(x, y)
    n_conv = sum(k.size + b.size for k, b in zip(net.kernels, net.kernel_biases))
    rng = np.random.default_rng(0)
    idx = np.concatenate([np.arange(n_conv), rng.choice(np.arange(n_conv, net.n_params), 200)])
    numeric = _finite_differences(net, x, y, idx)
    rel = np.linalg.norm(exact[idx] - numeric) / np.linalg.norm(numeric)
    assert rel < 1e-6, f"relative error {rel:.2e}"


# -- forward ------------------------------------------------------------------
def _reference_maps(net: ConvNetwork, x: np.ndarray) -> list[np.ndarray]:
    """Layer by layer with scipy's 2-D correlation; no code shared with ConvNetwork."""
    maps = []
    prev = x.reshape(len(x), 1, *net.input_shape)
    for kernels, biases in zip(net.kernels, net.kernel_biases):
        c_out, c_in = kernels.shape[:2]
        layer = []
        for image in prev:
            channels = []
            for co in range(c_out):
                z = sum(correlate2d(image[ci], kernels[co, ci], mode="valid") for ci in range(c_in))
                channels.append(np.maximum(z + biases[co], 0.0))
            layer.append(channels)
        prev = np.array(layer)
        maps.append(prev)
    return maps


@pytest.mark.parametrize(("channels", "kernel"), [((3, 2, 4), 3), ((2, 2), 5), ((1,), 2)])
def test_forward_matches_scipy_correlate2d(channels, kernel):
    net = _randomised(ConvNetwork(channels, seed=1, kernel=kernel), 2, scale=0.4)
    x = np.random.default_rng(3).uniform(0, 1, (3, 784))
    expected = _reference_maps(net, x)
    got = net.feature_maps(x)
    assert [m.shape for m in got] == [(3, *s) for s in net.map_shapes]
    for layer, (g, e) in enumerate(zip(got, expected)):
        assert np.count_nonzero(e) > 0.1 * e.size, f"layer {layer + 1} mostly dead"
        np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-12)
    z = expected[-1].reshape(3, -1) @ net.dense_weights.T + net.dense_biases
    np.testing.assert_allclose(net.forward(x), 1 / (1 + np.exp(-z)), rtol=1e-12, atol=1e-14)


def test_default_architecture():
    net = ConvNetwork()
    assert net.map_shapes == [(8, 26, 26), (8, 24, 24), (8, 22, 22)]
    assert net.layer_sizes == [784, 8 * 26 * 26, 8 * 24 * 24, 8 * 22 * 22, 10]
    assert net.n_params == (8 * 9 + 8) + 2 * (8 * 8 * 9 + 8) + (10 * 8 * 22 * 22 + 10)
    assert net.forward(np.zeros(784)).shape == (1, 10)
    assert all(b.shape == (8,) for b in net.kernel_biases)


def test_initialisation_is_he_scaled_and_seeded():
    net = ConvNetwork((16, 16), seed=0)
    # fan-in 9 and 144: standard deviations sqrt(2/9) and sqrt(2/144)
    assert np.std(net.kernels[0]) == pytest.approx(np.sqrt(2 / 9), rel=0.15)
    assert np.std(net.kernels[1]) == pytest.approx(np.sqrt(2 / 144), rel=0.05)
    np.testing.assert_array_equal(ConvNetwork((16, 16), seed=0).get_params(), net.get_params())
    assert not np.array_equal(ConvNetwork((16, 16), seed=1).get_params(), net.get_params())


def test_large_batches_are_evaluated_in_chunks_with_the_same_result():
    net = _randomised(ConvNetwork((2, 2), seed=0), 0, scale=0.3)
    n = 2 * conv_module._CHUNK + 3
    x = np.random.default_rng(1).uniform(0, 1, (n, 784))
    whole = net.forward(x)
    one_by_one = np.concatenate([net.forward(row) for row in x])
    np.testing.assert_allclose(whole, one_by_one, rtol=1e-12, atol=1e-15)
    maps = net.feature_maps(x)
    np.testing.assert_allclose(maps[1][-1], net.feature_maps(x[-1])[1][0], rtol=1e-12)


def test_results_are_not_scratch_buffers():
    # Training and evaluation reuse scratch arrays between calls; nothing a
    # caller gets back may change when another network computes later.
    net = _randomised(ConvNetwork((2, 3), seed=0), 0, scale=0.3)
    other = _randomised(ConvNetwork((3,), seed=1, kernel=5), 1, scale=0.3)
    x = np.random.default_rng(2).uniform(0, 1, (5, 784))
    y = one_hot(np.arange(5))
    results = [net.forward(x), *net.feature_maps(x), net.gradients(x, y)]
    saved = [r.copy() for r in results]
    other.forward(x[::-1] + 1.0)
    other.feature_maps(x[:2])
    other.sgd_step(x, y, 0.1)
    net.copy().sgd_step(x[1:], y[1:], 0.1)
    for r, s in zip(results, saved):
        np.testing.assert_array_equal(r, s)
    again = [net.forward(x), *net.feature_maps(x), net.gradients(x, y)]
    for r, s in zip(again, saved):
        np.testing.assert_array_equal(r, s)


def test_kernel_as_large_as_the_image_is_a_dense_layer():
    net = _randomised(ConvNetwork((5,), seed=0, kernel=28), 7, scale=0.1)
    assert net.map_shapes == [(5, 1, 1)]
    dense = Network([784, 5, 10], activation="relu", output_activation="sigmoid", seed=0)
    dense.weights = [net.kernels[0].reshape(5, 784).copy(), net.dense_weights.copy()]
    dense.biases = [net.kernel_biases[0].copy(), net.dense_biases.copy()]
    # Same numbers in the same order: z = W x + b with W the kernels as rows.
    np.testing.assert_array_equal(dense.get_params(), net.get_params())
    x, y = _data(net, 0, n=6)
    np.testing.assert_allclose(net.forward(x), dense.forward(x), rtol=1e-12)
    np.testing.assert_allclose(
        net.feature_maps(x)[0].reshape(6, 5), dense.activations(x)[1], rtol=1e-12, atol=1e-14
    )
    assert net.loss(x, y) == pytest.approx(dense.loss(x, y), rel=1e-12)
    np.testing.assert_allclose(net.gradients(x, y), dense.gradients(x, y), rtol=1e-10, atol=1e-14)


# -- parameters ---------------------------------------------------------------
def test_params_round_trip_and_order():
    net = ConvNetwork((2, 3), seed=5, n_out=4, input_shape=(7, 8))
    vec = net.get_params()
    expected = np.concatenate([
        net.kernels[0].ravel(), net.kernel_biases[0], net.kernels[1].ravel(),
        net.kernel_biases[1], net.dense_weights.ravel(), net.dense_biases,
    ])  # fmt: skip
    np.testing.assert_array_equal(vec, expected)
    assert net.n_params == len(vec) == 2 * 9 + 2 + 3 * 2 * 9 + 3 + 4 * 3 * 3 * 4 + 4
    new = np.arange(net.n_params, dtype=float)
    assert net.set_params(new) is net
    np.testing.assert_array_equal(net.get_params(), new)
    np.testing.assert_array_equal(net.kernels[0], new[:18].reshape(2, 1, 3, 3))
    np.testing.assert_array_equal(net.dense_biases, new[-4:])
    new[0] = 99.0  # set_params copies
    assert net.kernels[0][0, 0, 0, 0] == 0.0
    with pytest.raises(ValueError, match="flat vector"):
        net.set_params(new[:-1])


def test_copy_and_architecture():
    net = ConvNetwork((2, 1), seed=3, kernel=4)
    twin = net.copy()
    twin.kernels[0][0, 0, 0, 0] += 1.0
    twin.dense_biases[0] += 1.0
    assert not np.array_equal(twin.get_params(), net.get_params())
    rebuilt = ConvNetwork.from_architecture(net.architecture).set_params(net.get_params())
    x = _data(net, 0)[0]
    np.testing.assert_array_equal(rebuilt.forward(x), net.forward(x))
    assert rebuilt.architecture == net.architecture
    with pytest.raises(ValueError, match="not a conv architecture"):
        ConvNetwork.from_architecture({"kind": "dense"})
    with pytest.raises(ValueError, match="bad conv architecture"):
        ConvNetwork.from_architecture({"kind": "conv", "width": 3})


@pytest.mark.parametrize("lr", [0.5, 0.03])
def test_sgd_step_is_a_gradient_step(lr):
    net = _randomised(ConvNetwork((2, 2), seed=1, input_shape=(9, 9), n_out=3), 1)
    x, y = _data(net, 1, n=5)
    expected = net.get_params() - lr * net.gradients(x, y)
    assert net.sgd_step(x, y, lr) is net
    np.testing.assert_allclose(net.get_params(), expected, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"channels": ()}, "at least one"),
        ({"channels": (8, 0)}, "channel count"),
        ({"channels": (2.5,)}, "channel count"),
        ({"channels": (True,)}, "channel count"),
        ({"channels": "88"}, "sequence"),
        ({"channels": 8}, "sequence"),
        ({"kernel": 0}, "kernel"),
        ({"kernel": 3.0}, "kernel"),
        ({"channels": (1, 1), "kernel": 15}, "shrink a 28 x 28 image to 0 x 0"),
        ({"channels": (1,) * 14}, "14 layers"),
        ({"n_out": 0}, "n_out"),
        ({"output_activation": "tanh"}, "output_activation"),
        ({"input_shape": (28,)}, "input_shape"),
        ({"input_shape": (28, 0)}, "input_shape"),
    ],
)
def test_bad_construction_raises(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ConvNetwork(**kwargs)


def test_bad_inputs_raise():
    net = ConvNetwork((1,), seed=0)
    with pytest.raises(ValueError, match=r"\(N, 784\)"):
        net.forward(np.zeros((2, 783)))
    with pytest.raises(ValueError, match="targets"):
        net.loss(np.zeros((2, 784)), np.zeros((2, 9)))


# -- receptive fields -----------------------------------------------------------
def _square(top: int, left: int, side: int) -> np.ndarray:
    out = np.zeros((28, 28), dtype=bool)
    out[top : top + side, left : left + side] = True
    return out


def test_receptive_field_is_the_square_without_zero_kernel_entries():
    net = ConvNetwork((2, 3, 2), seed=0)
    assert all(np.all(k != 0) for k in net.kernels)
    for layer, (c, h, w) in enumerate(net.map_shapes, start=1):
        for row, col in [(0, 0), (h - 1, w - 1), (3, h - 5), (h // 2, 1)]:
            expected = _square(row, col, 2 * layer + 1)
            np.testing.assert_array_equal(receptive_field(net, layer, row, col), expected)
            for channel in range(c):
                np.testing.assert_array_equal(
                    receptive_field(net, layer, row, col, channel=channel), expected
                )


def _brute_force_field(net: ConvNetwork, layer: int, row: int, col: int, channel=None):
    """Pixels whose change changes the neuron, with every ReLU active.

    With positive inputs, positive kernels and positive biases every unit is
    active, so the neuron is linear in the input and its change on bumping a
    pixel is the sum over paths of products of positive weights: nonzero
    exactly when some path of nonzero entries reaches the pixel (at least
    0.25 * 0.05^3 here), and zero up to rounding otherwise.
    """
    base = np.random.default_rng(9).uniform(0.5, 1.0, 784)
    batch = np.vstack([base, base + 0.25 * np.eye(784)])
    maps = net.feature_maps(batch)[layer - 1][:, :, row, col]
    assert np.all(maps > 0)  # every ReLU really is active
    chosen = maps if channel is None else maps[:, [channel]]
    return np.any(np.abs(chosen[1:] - chosen[0]) > 1e-10, axis=1).reshape(28, 28)


@pytest.mark.parametrize("seed", range(4))
def test_receptive_field_shrinks_with_zero_kernel_entries(seed):
    rng = np.random.default_rng(seed)
    net = ConvNetwork((2, 2, 2), seed=seed)
    for k in net.kernels:
        k[:] = np.abs(k) + 0.05
        k[rng.random(k.shape) < 0.6] = 0.0  # many exact zeros: fields with holes
    for b in net.kernel_biases:
        b[:] = 0.1
    shrunk = 0
    for layer in (1, 2, 3):
        for row, col, channel in [(0, 0, None), (5, 9, None), (10, 3, 1), (12, 15, 0)]:
            got = receptive_field(net, layer, row, col, channel=channel)
            expected = _brute_force_field(net, layer, row, col, channel)
            np.testing.assert_array_equal(got, expected)
            assert not np.any(got & ~_square(row, col, 2 * layer + 1))
            shrunk += got.sum() < (2 * layer + 1) ** 2
    assert shrunk >= 6  # the zeros really did remove pixels


def test_receptive_field_of_centre_only_kernels_is_one_pixel():
    net = ConvNetwork((3, 3), seed=0)
    for k in net.kernels:
        centre = k[:, :, 1, 1].copy()
        k[:] = 0.0
        k[:, :, 1, 1] = centre
    field = receptive_field(net, 2, 4, 7)
    assert field.sum() == 1 and field[4 + 2, 7 + 2]


def test_receptive_field_with_a_dead_channel_path():
    # Channel 0 of layer 2 reads only channel 1 of layer 1, which reads only
    # the top-left kernel entry: a 3 x 3 field at the top-left of the 5 x 5.
    net = ConvNetwork((2, 1), seed=0)
    net.kernels[0][:] = 0.0
    net.kernels[0][1, 0, 0, 0] = 1.0
    net.kernels[1][:] = 1.0
    net.kernels[1][0, 0] = 0.0
    np.testing.assert_array_equal(receptive_field(net, 2, 6, 8), _square(6, 8, 3))


@pytest.mark.parametrize(
    "args, message",
    [
        ((0, 0, 0), "layer must lie in 1..2"),
        ((3, 0, 0), "layer must lie in 1..2"),
        ((1, -1, 0), "row and col"),
        ((1, 26, 0), "row and col"),
        ((2, 0, 24), "row and col"),
        ((1.0, 0, 0), "layer must be an integer"),
        ((1, 0, True), "col must be an integer"),
    ],
)
def test_receptive_field_rejects_bad_positions(args, message):
    net = ConvNetwork((2, 2), seed=0)
    with pytest.raises(ValueError, match=message):
        receptive_field(net, *args)
    with pytest.raises(ValueError, match="channel"):
        receptive_field(net, 1, 0, 0, channel=2)


# -- training -----------------------------------------------------------------
@pytest.fixture(scope="module")
def tiny():
    x, y, x_test, y_test = load_digits()
    return x[:300], y[:300], x_test[:100], y_test[:100]


@pytest.fixture(scope="module")
def conv_run(tiny):
    return train_conv_classifier((4, 4), epochs=2, learning_rate=0.1, data=tiny,
                                 snapshots_per_epoch=2, seed=1)  # fmt: skip


def test_conv_run_learns_and_records(conv_run, tiny):
    x, y, x_test, y_test = tiny
    network, history = conv_run
    assert isinstance(network, ConvNetwork) and network.channels == [4, 4]
    assert len(history) == 5 and history.steps.tolist() == [0, 15, 30, 45, 60]
    np.testing.assert_allclose(history.extras["epoch"], history.steps / 30)
    start = ConvNetwork((4, 4), seed=1)
    np.testing.assert_array_equal(history.params[0], start.get_params())
    np.testing.assert_array_equal(history.params[-1], network.get_params())
    for i in range(len(history)):
        snap = history.network_at(i)
        assert isinstance(snap, ConvNetwork)
        assert history.extras["test_accuracy"][i] == accuracy(snap, x_test, y_test)
        assert history.extras["train_accuracy"][i] == accuracy(snap, x, y)
        assert history.loss[i] == pytest.approx(snap.loss(x, one_hot(y)), rel=1e-12)
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert history.extras["test_accuracy"][-1] > 0.6  # chance is 0.1
    assert history.meta["kind"] == "conv-digit-classifier"
    assert history.meta["channels"] == [4, 4] and history.meta["learning_rate"] == 0.1
    assert history.architecture == network.architecture


def test_conv_history_survives_save_and_load(conv_run, tmp_path):
    network, history = conv_run
    again = Trajectory.load(history.save(tmp_path / "conv.npz"))
    assert again.architecture == network.architecture and again.meta == history.meta
    assert again.layer_sizes == network.layer_sizes
    np.testing.assert_array_equal(again.params, history.params)
    rebuilt = again.network_at(-1)
    assert isinstance(rebuilt, ConvNetwork)
    x = np.random.default_rng(0).uniform(0, 1, (4, 784))
    np.testing.assert_array_equal(rebuilt.forward(x), network.forward(x))


def test_conv_trajectory_checks_its_architecture(conv_run, tmp_path):
    _, history = conv_run
    args = (history.steps, history.params, history.loss)
    with pytest.raises(ValueError, match="disagree"):
        Trajectory(*args, [784, 10], architecture=history.architecture)
    with pytest.raises(ValueError, match="unknown architecture"):
        Trajectory(*args, history.layer_sizes, architecture={"kind": "capsule"})
    with pytest.raises(ValueError, match="params must have shape"):
        Trajectory(*args, history.layer_sizes)  # read as a dense net: wrong size
    wider = {**history.architecture, "channels": [4, 5]}
    with pytest.raises(ValueError, match="disagree"):
        Trajectory(*args, history.layer_sizes, architecture=wider)
    # A header whose architecture does not fit the parameters is a file error.
    path = history.save(tmp_path / "conv.npz")
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    header = json.loads(str(arrays["header"]))
    header["architecture"]["channels"] = [4, 5]
    arrays["header"] = np.array(json.dumps(header))
    np.savez(path, **arrays)
    with pytest.raises(TrajectoryFileError, match="truncated or corrupt"):
        Trajectory.load(path)


def test_conv_training_with_permuted_pixels(tiny):
    perm = pixel_permutation(3)
    _, history = train_conv_classifier((2,), epochs=1, data=tiny, permutation=perm, seed=2)
    assert history.meta["pixel_permutation"] == perm.tolist()
    x, y, x_test, y_test = tiny
    snap = history.network_at(-1)
    assert history.extras["test_accuracy"][-1] == accuracy(snap, permute_pixels(x_test, perm),
                                                           y_test)  # fmt: skip


def test_conv_training_from_a_given_start(tiny):
    start = _randomised(ConvNetwork((2,), seed=0), 5, scale=0.1)
    _, history = train_conv_classifier((2,), epochs=0, data=tiny, initial=start)
    np.testing.assert_array_equal(history.params[0], start.get_params())
    assert history.meta["initial"] == "given"
    with pytest.raises(ValueError, match="initial must be a ConvNetwork"):
        train_conv_classifier((3,), epochs=0, data=tiny, initial=start)


def test_conv_divergence_is_reported(tiny):
    with pytest.raises(TrainingDiverged, match="diverged at epoch"):
        train_conv_classifier((2,), epochs=1, learning_rate=1e300, data=tiny)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"epochs": -1}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"learning_rate": float("inf")}, "learning_rate"),
        ({"snapshots_per_epoch": 31}, "exceeds the 30 steps"),
        ({"channels": ()}, "at least one"),
        ({"permutation": np.arange(783)}, "784 integers"),
        ({"permutation": np.zeros(784, dtype=int)}, "not a permutation"),
    ],
)
def test_train_conv_classifier_rejects_bad_arguments(tiny, kwargs, message):
    with pytest.raises(ValueError, match=message):
        train_conv_classifier(**{"channels": (2,), "epochs": 1, "data": tiny, **kwargs})
