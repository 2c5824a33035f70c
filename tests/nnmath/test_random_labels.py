"""Random labels: shuffling, balanced subsets, and a network memorising noise."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.classifier import accuracy, one_hot, train_classifier
from nnmath.digits import load_digits
from nnmath.random_labels import balanced_subset, shuffled_labels


@pytest.fixture(scope="module")
def digits():
    return load_digits()


@pytest.fixture(scope="module")
def tiny(digits):
    x, y, x_test, y_test = digits
    return x[:300], y[:300], x_test[:100], y_test[:100]


# -- shuffled_labels ----------------------------------------------------------
def test_shuffled_labels_is_a_permutation(digits):
    y = digits[1]
    before = y.copy()
    shuffled = shuffled_labels(y, seed=3)
    assert shuffled.dtype == y.dtype and shuffled.shape == y.shape
    np.testing.assert_array_equal(np.sort(shuffled), np.sort(y))
    np.testing.assert_array_equal(np.bincount(shuffled, minlength=10), np.bincount(y, minlength=10))
    np.testing.assert_array_equal(y, before)  # the input is not shuffled in place
    # Shuffled, not just copied: about 1 label in 10 stays right by chance.
    assert 0.05 < np.mean(shuffled == y) < 0.15


def test_shuffled_labels_is_fixed_by_the_seed(digits):
    y = digits[1]
    np.testing.assert_array_equal(shuffled_labels(y, 7), shuffled_labels(y, 7))
    assert not np.array_equal(shuffled_labels(y, 7), shuffled_labels(y, 8))
    # The documented recipe, as an independent reference.
    np.testing.assert_array_equal(
        shuffled_labels(y, 7), y[np.random.default_rng(7).permutation(len(y))]
    )


@pytest.mark.parametrize(
    "labels, seed",
    [([0.5, 1.0], 0), ([[0, 1]], 0), ([0, 1], -1), ([0, 1], 1.5), ([0, 1], True), ([0, 1], "1")],
)
def test_shuffled_labels_rejects_bad_input(labels, seed):
    with pytest.raises(ValueError):
        shuffled_labels(labels, seed)


# -- balanced_subset ----------------------------------------------------------
def test_balanced_subset_takes_the_first_images_of_each_class(digits):
    y = digits[1]  # 400 training images per class
    keep = balanced_subset(y, 500)
    expected = np.sort(np.concatenate([np.flatnonzero(y == c)[:50] for c in range(10)]))
    np.testing.assert_array_equal(keep, expected)
    assert keep.dtype == np.int64


def test_balanced_subset_counts_differ_by_at_most_one(digits):
    y = digits[1]
    keep = balanced_subset(y, 505)
    assert len(np.unique(keep)) == 505 and np.all(np.diff(keep) > 0)
    # The five extra images go to the smallest labels (ties broken by label).
    np.testing.assert_array_equal(np.bincount(y[keep], minlength=10), [51] * 5 + [50] * 5)
    # Growing n only adds images.
    assert set(balanced_subset(y, 137)) <= set(balanced_subset(y, 138))


def test_balanced_subset_when_a_class_runs_out():
    np.testing.assert_array_equal(balanced_subset([1, 0, 1, 1, 1], 4), [0, 1, 2, 3])
    np.testing.assert_array_equal(balanced_subset([2, 2, 0], 3), [0, 1, 2])


@pytest.mark.parametrize("n", [0, -1, 6, 2.5, True, None])
def test_balanced_subset_rejects_bad_sizes(n):
    with pytest.raises(ValueError):
        balanced_subset([0, 1, 2, 0, 1], n)


# -- train_classifier(label_seed=..., subset=...) -----------------------------
def test_training_on_shuffled_labels_of_a_subset(tiny):
    x, y, x_test, y_test = tiny
    test_before = y_test.copy()
    network, history = train_classifier(
        epochs=2, seed=1, data=tiny, label_seed=5, subset=120, snapshots_per_epoch=2
    )
    np.testing.assert_array_equal(y_test, test_before)
    keep = balanced_subset(y, 120)
    trained_on = shuffled_labels(y[keep], 5)
    assert not np.array_equal(trained_on, y[keep])
    # The same run as training on the pre-shuffled subset passed as data.
    _, reference = train_classifier(
        epochs=2, seed=1, data=(x[keep], trained_on, x_test, y_test), snapshots_per_epoch=2
    )
    np.testing.assert_array_equal(history.params, reference.params)
    for i in range(len(history)):
        snap = history.network_at(i)
        # train accuracy and cost: against the labels trained on (shuffled) ...
        assert history.extras["train_accuracy"][i] == accuracy(snap, x[keep], trained_on)
        assert history.loss[i] == pytest.approx(snap.loss(x[keep], one_hot(trained_on)), 1e-12)
        # ... test accuracy: against the true test labels.
        assert history.extras["test_accuracy"][i] == accuracy(snap, x_test, y_test)
    meta = history.meta
    assert (meta["label_seed"], meta["subset"], meta["n_train"]) == (5, 120, 120)
    assert meta["n_test"] == 100


def test_default_training_records_no_shuffle_and_no_subset(tiny):
    _, history = train_classifier(epochs=0, data=tiny)
    assert history.meta["label_seed"] is None and history.meta["subset"] is None
    assert history.meta["n_train"] == 300


@pytest.mark.parametrize(
    "kwargs", [{"label_seed": -1}, {"label_seed": 0.5}, {"subset": 0}, {"subset": 301}]
)
def test_bad_label_seed_or_subset_raises(tiny, kwargs):
    with pytest.raises(ValueError):
        train_classifier(epochs=1, data=tiny, **kwargs)


def test_a_wide_network_memorises_random_labels(tiny):
    # 20 images with shuffled labels, a 64-wide ReLU layer: measured to reach
    # 100 % training accuracy by epoch 4-28 for label seeds 0-7 and 10-15.
    # Test accuracy stays at chance: nothing about digits was learned.
    # (With 50 images about half the label seeds leave one or two images
    # stuck with every sigmoid output near 0, where the squared-error
    # gradient vanishes; hence so few images here.)
    _, history = train_classifier(
        (784, 64, 10), "relu", epochs=60, learning_rate=0.3, data=tiny, label_seed=0, subset=20
    )
    assert history.extras["train_accuracy"][-1] == 1.0
    assert history.extras["test_accuracy"][-1] < 0.25
    # ... while the same network on the true labels generalises (measured 53-56 %).
    _, true_run = train_classifier(
        (784, 64, 10), "relu", epochs=60, learning_rate=0.3, data=tiny, subset=20
    )
    assert true_run.extras["train_accuracy"][-1] == 1.0
    assert true_run.extras["test_accuracy"][-1] > 0.4
