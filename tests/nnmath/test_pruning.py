"""Magnitude pruning: how many weights go, which ones, and retraining the survivors."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.classifier import accuracy, one_hot, train_classifier
from nnmath.digits import load_digits
from nnmath.network import Network
from nnmath.pruning import (
    PruningCurve,
    n_pruned,
    prune,
    pruning_curve,
    retrain_masked,
    weight_mask,
)


@pytest.fixture(scope="module")
def small_data():
    x, y, x_test, y_test = load_digits()
    return x[:600], y[:600], x_test[:300], y_test[:300]


@pytest.fixture(scope="module")
def trained(small_data):
    network, _ = train_classifier(epochs=20, learning_rate=1.5, data=small_data)
    return network


def _net() -> Network:
    # 6*5 + 5*4 + 4*3 = 62 weights, Gaussian: no two equal, none zero.
    return Network([6, 5, 4, 3], activation="sigmoid", output_activation="sigmoid", seed=1)


def _flat(weights) -> np.ndarray:
    return np.concatenate([w.ravel() for w in weights])


# -- prune --------------------------------------------------------------------
@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.25, 0.5, 0.77, 0.9, 1.0])
def test_prune_removes_exactly_round_fraction_times_total(fraction):
    net = _net()
    before = _flat(net.weights).copy()
    pruned = prune(net, fraction)
    after = _flat(pruned.weights)
    removed = after == 0
    assert removed.sum() == round(fraction * 62)
    # Removed weights are zeroed, kept weights untouched, biases all kept.
    np.testing.assert_array_equal(after[~removed], before[~removed])
    for b0, b1 in zip(net.biases, pruned.biases):
        np.testing.assert_array_equal(b0, b1)
    # Every kept weight is at least as large as every removed one.
    if 0 < removed.sum() < 62:
        assert np.abs(before[~removed]).min() >= np.abs(before[removed]).max()
    np.testing.assert_array_equal(_flat(net.weights), before)  # the original is untouched


def test_prune_threshold_is_global_over_all_layers():
    net = _net()
    net.weights[1] *= 100.0  # the middle layer's weights are now all the largest
    pruned = prune(net, 30 / 62)
    assert np.count_nonzero(pruned.weights[1]) == 20
    assert np.count_nonzero(pruned.weights[0]) + np.count_nonzero(pruned.weights[2]) == 12


def test_fraction_zero_is_an_equal_copy_and_one_removes_every_weight():
    net = _net()
    same = prune(net, 0)
    assert same is not net
    np.testing.assert_array_equal(same.get_params(), net.get_params())
    same.weights[0][0, 0] += 1.0  # a copy, sharing no arrays
    assert same.weights[0][0, 0] != net.weights[0][0, 0]
    empty = prune(net, 1)
    assert all(np.all(w == 0) for w in empty.weights)
    np.testing.assert_array_equal(_flat(empty.biases), _flat(net.biases))


def test_rounding_halves_go_to_even():
    net = Network([2, 5], seed=0)  # 10 weights
    assert [n_pruned(10, f) for f in (0.05, 0.25, 0.75)] == [0, 2, 8]
    assert [int(np.sum(prune(net, f).weights[0] == 0)) for f in (0.05, 0.25, 0.75)] == [0, 2, 8]


def test_ties_are_broken_by_position():
    net = Network([3, 2, 2], seed=0)
    # Equal magnitudes everywhere (signs differ): the order is layer, then row-major.
    net.weights[0] = np.array([[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0]])
    net.weights[1] = np.array([[-1.0, 1.0], [1.0, -1.0]])
    pruned = prune(net, 0.5)  # 5 of 10
    np.testing.assert_array_equal(pruned.weights[0], [[0, 0, 0], [0, 0, 1]])
    np.testing.assert_array_equal(pruned.weights[1], net.weights[1])
    again = prune(net, 0.5)
    np.testing.assert_array_equal(_flat(again.weights), _flat(pruned.weights))
    # A smaller magnitude later in the list still goes first.
    net.weights[1][1, 1] = 0.5
    np.testing.assert_array_equal(prune(net, 0.1).weights[1], [[-1, 1], [1, 0]])


@pytest.mark.parametrize(
    "fraction", [-0.1, 1.0001, float("nan"), float("inf"), "0.5", None, True, [0.5], 1j]
)
def test_bad_fractions_raise(fraction):
    with pytest.raises(ValueError, match="fraction"):
        prune(_net(), fraction)


def test_numpy_scalars_are_fine():
    assert np.sum(_flat(prune(_net(), np.float32(0.5)).weights) == 0) == 31
    assert np.sum(_flat(prune(_net(), np.int64(1)).weights) == 0) == 62


def test_weight_mask_marks_the_survivors():
    pruned = prune(_net(), 0.4)
    mask = weight_mask(pruned)
    assert [m.dtype for m in mask] == [np.dtype(bool)] * 3
    assert [m.shape for m in mask] == [(5, 6), (4, 5), (3, 4)]
    np.testing.assert_array_equal(_flat(mask), _flat(pruned.weights) != 0)
    assert _flat(mask).sum() == 62 - round(0.4 * 62)


# -- retrain_masked -----------------------------------------------------------
def test_masked_retraining_keeps_pruned_weights_at_zero(trained, small_data):
    x, y, _, _ = small_data
    pruned = prune(trained, 0.8)
    mask = weight_mask(pruned)
    for epochs in (1, 3):
        retrained = retrain_masked(pruned, mask, x, y, epochs=epochs, seed=2)
        for w, m, w0 in zip(retrained.weights, mask, pruned.weights):
            assert np.all(w[~m] == 0.0)  # exactly zero, not merely small
            assert np.mean(w[m] != w0[m]) > 0.5  # the survivors did train
        assert not np.array_equal(_flat(retrained.biases), _flat(pruned.biases))
    np.testing.assert_array_equal(_flat(weight_mask(pruned)), _flat(mask))  # input untouched


def test_masked_retraining_is_sgd_on_the_masked_gradient(small_data):
    # Independent reference: a plain loop subtracting mask * gradient, with the
    # same batches (train_classifier's shuffle stream, default_rng([seed, 1])).
    x, y, _, _ = small_data
    x, y = x[:95].astype(float), y[:95]
    net = Network([784, 12, 10], activation="sigmoid", output_activation="sigmoid", seed=4)
    pruned = prune(net, 0.6)
    mask = weight_mask(pruned)
    got = retrain_masked(pruned, mask, x, y, epochs=2, batch_size=20, learning_rate=0.7, seed=9)
    ref = pruned.copy()
    targets = one_hot(y)
    rng = np.random.default_rng([9, 1])
    for _ in range(2):
        order = rng.permutation(95)
        for start in range(0, 95, 20):
            rows = order[start : start + 20]
            gw, gb = ref.gradients_by_layer(x[rows], targets[rows])
            for layer in range(ref.n_layers):
                ref.weights[layer] -= 0.7 * gw[layer] * mask[layer]
                ref.biases[layer] -= 0.7 * gb[layer]
    np.testing.assert_allclose(got.get_params(), ref.get_params(), rtol=0, atol=1e-12)


def test_masked_retraining_takes_targets_too(trained, small_data):
    x, y, _, _ = small_data
    mask = weight_mask(prune(trained, 0.5))
    by_labels = retrain_masked(trained, mask, x[:50], y[:50])
    by_targets = retrain_masked(trained, mask, x[:50], one_hot(y[:50]))
    np.testing.assert_array_equal(by_labels.get_params(), by_targets.get_params())


def test_masked_retraining_rejects_bad_input(trained, small_data):
    x, y, _, _ = small_data
    mask = weight_mask(trained)
    with pytest.raises(ValueError, match="mask"):
        retrain_masked(trained, mask[:2], x, y)
    with pytest.raises(ValueError, match="mask"):
        retrain_masked(trained, [m.astype(float) for m in mask], x, y)
    with pytest.raises(ValueError, match="labels_or_targets"):
        retrain_masked(trained, mask, x, y[:-1])
    with pytest.raises(ValueError, match="learning_rate"):
        retrain_masked(trained, mask, x, y, learning_rate=0)
    with pytest.raises(ValueError, match="epochs"):
        retrain_masked(trained, mask, x, y, epochs=-1)


# -- pruning_curve ------------------------------------------------------------
def test_pruning_curve(trained, small_data):
    x, y, x_test, y_test = small_data
    fractions = [0.0, 0.5, 0.95, 0.99]
    curve = pruning_curve(trained, fractions, data=small_data, retrain_epochs=1)
    assert isinstance(curve, PruningCurve)
    np.testing.assert_array_equal(curve.fractions, fractions)
    assert curve.n_weights == 12960
    np.testing.assert_array_equal(curve.n_removed, [0, 6480, 12312, 12830])
    assert curve.baseline == accuracy(trained, x_test, y_test)
    for f, acc, re_acc, net in zip(
        fractions, curve.accuracy, curve.retrained_accuracy, curve.retrained
    ):
        assert acc == accuracy(prune(trained, f), x_test, y_test)
        assert re_acc == accuracy(net, x_test, y_test)
        expected = retrain_masked(prune(trained, f), weight_mask(prune(trained, f)), x, y)
        np.testing.assert_array_equal(net.get_params(), expected.get_params())
    assert curve.accuracy[0] == curve.baseline
    # Measured on these 600/300 images (seeds 0-2): half the weights cost at
    # most 0.7 points; 95 % costs ~30 points (84 -> 51-54 %) and one epoch of
    # retraining wins ~20 back (74-76 %); at 99 % it is at chance, retrained or not.
    assert curve.accuracy[1] >= curve.baseline - 0.02
    assert curve.accuracy[2] < curve.baseline - 0.15
    assert curve.retrained_accuracy[2] > curve.accuracy[2] + 0.1
    assert curve.accuracy[3] < 0.3


def test_pruning_curve_without_retraining(trained, small_data):
    curve = pruning_curve(trained, [0.3, 0.6], data=small_data, retrain_epochs=0)
    np.testing.assert_array_equal(curve.retrained_accuracy, curve.accuracy)
    np.testing.assert_array_equal(curve.retrained[1].get_params(), prune(trained, 0.6).get_params())


def test_first_drop():
    curve = PruningCurve(
        fractions=np.array([0.0, 0.5, 0.2, 0.8]),
        n_removed=np.zeros(4, dtype=np.int64),
        n_weights=10,
        baseline=0.90,
        accuracy=np.array([0.90, 0.85, 0.895, 0.50]),
        retrained_accuracy=np.array([0.91, 0.895, 0.90, 0.88]),
        retrained=[],
    )
    assert curve.first_drop() == 0.5  # scanned by fraction, not by position
    assert curve.first_drop(tolerance=0.1) == 0.8
    assert curve.first_drop(retrained=True) == 0.8
    assert curve.first_drop(tolerance=0.05, retrained=True) is None


def test_pruning_curve_rejects_bad_fractions(trained, small_data):
    for fractions in ([0.5, 1.5], [], [float("nan")], "0.5"):
        with pytest.raises(ValueError, match="fraction"):
            pruning_curve(trained, fractions, data=small_data)
