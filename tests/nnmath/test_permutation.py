"""Shuffled pixels: the permutation, applying it, and the fully connected
network's indifference to it (the same trajectory from a permuted start)."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.classifier import train_classifier
from nnmath.digits import load_digits
from nnmath.network import Network
from nnmath.permutation import (
    check_permutation,
    permute_first_layer,
    permute_pixels,
    pixel_permutation,
)

SIZES = [784, 16, 16, 10]


@pytest.fixture(scope="module")
def small():
    x, y, x_test, y_test = load_digits()
    return x[:600], y[:600], x_test[:200], y_test[:200]


def test_pixel_permutation_is_a_deterministic_permutation():
    perm = pixel_permutation(0)
    assert perm.shape == (784,) and perm.dtype == np.int64
    assert sorted(perm.tolist()) == list(range(784))
    np.testing.assert_array_equal(pixel_permutation(0), perm)
    others = [pixel_permutation(s) for s in (1, 2, 12345)]
    for other in others:
        assert sorted(other.tolist()) == list(range(784))
        assert np.count_nonzero(other != perm) > 700  # a real shuffle, not a near copy
    assert not np.array_equal(others[0], others[1])
    assert np.count_nonzero(perm == np.arange(784)) < 10  # few fixed points


def test_permute_pixels_moves_every_image_the_same_way():
    images = np.random.default_rng(0).uniform(0, 1, (5, 784)).astype(np.float32)
    perm = pixel_permutation(4)
    out = permute_pixels(images, perm)
    assert out.shape == images.shape and out.dtype == np.float32
    for image, moved in zip(images, out):
        for i in (0, 1, 400, 783):
            assert moved[i] == image[perm[i]]
        assert sorted(moved.tolist()) == sorted(image.tolist())
    np.testing.assert_array_equal(permute_pixels(images[2], perm), out[2])
    # The inverse permutation undoes it.
    np.testing.assert_array_equal(permute_pixels(out, np.argsort(perm)), images)
    assert not np.shares_memory(out, images)


@pytest.mark.parametrize(
    "images, perm, message",
    [
        (np.zeros((2, 784)), np.arange(783), "784 integers"),
        (np.zeros((2, 784)), np.arange(784.0), "784 integers"),
        (np.zeros((2, 784)), np.r_[0, np.arange(783)], "not a permutation"),
        (np.zeros((2, 784)), np.arange(1, 785), "not a permutation"),
        (np.zeros((2, 28, 28)), np.arange(784), r"shape \(N, P\)"),
        (np.zeros((2, 10)), np.arange(784), "10 integers"),
    ],
)
def test_permute_pixels_rejects_bad_input(images, perm, message):
    with pytest.raises(ValueError, match=message):
        permute_pixels(images, perm)


def test_check_permutation_accepts_lists():
    np.testing.assert_array_equal(check_permutation([2, 0, 1], 3), [2, 0, 1])


def test_permuted_first_layer_computes_the_same_function():
    net = Network(SIZES, "sigmoid", "sigmoid", seed=3)
    perm = pixel_permutation(1)
    twin = permute_first_layer(net, perm)
    x = np.random.default_rng(2).uniform(0, 1, (7, 784))
    np.testing.assert_allclose(twin.forward(permute_pixels(x, perm)), net.forward(x), rtol=1e-13)
    np.testing.assert_array_equal(net.weights[0][:, perm[5]], twin.weights[0][:, 5])
    assert twin.weights[1] is not net.weights[1]  # a copy: training it leaves net alone
    with pytest.raises(ValueError, match="fully connected"):
        permute_first_layer("not a net", perm)


def test_fully_connected_training_is_the_same_on_shuffled_pixels(small):
    """SGD from the permuted start on permuted images retraces the original run."""
    perm = pixel_permutation(7)
    _, plain = train_classifier(epochs=3, seed=2, data=small, snapshots_per_epoch=2)
    start = permute_first_layer(Network(SIZES, "sigmoid", "sigmoid", seed=2), perm)
    _, shuffled = train_classifier(
        epochs=3, seed=2, data=small, snapshots_per_epoch=2, permutation=perm, initial=start
    )
    assert plain.loss[-1] < 0.5 * plain.loss[0]  # it did learn something
    np.testing.assert_allclose(shuffled.loss, plain.loss, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(shuffled.extras["test_accuracy"], plain.extras["test_accuracy"])
    n_first = 16 * 784
    for a, b in zip(plain.params, shuffled.params):
        first_a, first_b = a[:n_first].reshape(16, 784), b[:n_first].reshape(16, 784)
        np.testing.assert_allclose(first_b, first_a[:, perm], rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(b[n_first:], a[n_first:], rtol=1e-10, atol=1e-13)
    assert shuffled.meta["pixel_permutation"] == perm.tolist()
    assert shuffled.meta["initial"] == "given" and plain.meta["initial"] == "seed"
    assert plain.meta["pixel_permutation"] is None
    assert shuffled.meta["data_fingerprint"] == plain.meta["data_fingerprint"]


def test_shuffled_pixels_from_the_seed_start_is_a_different_run(small):
    perm = pixel_permutation(7)
    _, plain = train_classifier(epochs=1, seed=2, data=small)
    _, shuffled = train_classifier(epochs=1, seed=2, data=small, permutation=perm)
    assert not np.allclose(shuffled.loss[1:], plain.loss[1:])


def test_train_classifier_rejects_bad_permutation_and_initial(small):
    with pytest.raises(ValueError, match="not a permutation"):
        train_classifier(epochs=1, data=small, permutation=np.zeros(784, dtype=int))
    with pytest.raises(ValueError, match="initial must be a Network"):
        train_classifier(epochs=1, data=small, initial=Network([784, 16, 10], seed=0))
    with pytest.raises(ValueError, match="initial must be a Network"):
        relu_net = Network(SIZES, "relu", "sigmoid", seed=0)
        train_classifier(epochs=1, data=small, initial=relu_net)


def test_initial_network_is_copied_not_trained_in_place(small):
    start = Network(SIZES, "sigmoid", "sigmoid", seed=9)
    before = start.get_params()
    network, history = train_classifier(epochs=1, seed=0, data=small, initial=start)
    np.testing.assert_array_equal(start.get_params(), before)
    np.testing.assert_array_equal(history.params[0], before)
    assert network is not start
