"""nnmath.rejection against independent references: brute-force counts, distances,
finite differences and train_classifier itself."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import Network, load_digits, train_classifier
from nnmath.rejection import (
    GARBAGE_KINDS,
    METHODS,
    blank_images,
    garbage_images,
    inverted_images,
    noise_images,
    noise_targets,
    rejected,
    rejection_rates,
    shuffled_images,
    stroke_curves,
    stroke_images,
    train_with_noise,
)


@pytest.fixture(scope="module")
def small():
    """300 training digits and 100 test digits of the sample: a tiny, real data set."""
    x, y, xt, yt = load_digits("sample")
    return x[:300], y[:300], xt[:100], yt[:100]


# -- garbage ----------------------------------------------------------------------
def test_noise_is_uniform_draws_of_its_seed():
    ref = np.random.default_rng(5).uniform(0.0, 1.0, (3, 784))
    np.testing.assert_array_equal(noise_images(3, 5), ref)
    assert not np.array_equal(noise_images(3, 5), noise_images(3, 6))


def test_shuffled_inverted_and_blank(small):
    digits = small[2][:20].astype(float)
    shuffled = shuffled_images(digits, 3)
    # each row holds exactly its own digit's pixels, in another order
    np.testing.assert_array_equal(np.sort(shuffled, axis=1), np.sort(digits, axis=1))
    assert all(not np.array_equal(a, b) for a, b in zip(shuffled, digits))
    assert not np.array_equal(shuffled[0], shuffled_images(digits, 4)[0])
    np.testing.assert_array_equal(shuffled, shuffled_images(digits, 3))
    for row, digit in zip(inverted_images(digits), digits):
        assert all(a == 1.0 - b for a, b in zip(row[::50], digit[::50]))
    assert blank_images(4).shape == (4, 784) and not blank_images(4).any()


def test_strokes_are_the_distance_to_their_path_brute_force():
    images = stroke_images(12, 9)
    paths = stroke_curves(12, 9)
    for image, path in zip(images, paths):
        ref = np.zeros((28, 28))
        for row in range(28):
            for col in range(28):
                d = np.min(np.hypot(col - path[:, 0], row - path[:, 1]))
                ref[row, col] = min(max(2.0 - d, 0.0), 1.0)
        np.testing.assert_allclose(image.reshape(28, 28), ref, atol=1e-12)
        assert 1 <= len(path) // 60 <= 3
        assert np.all((path >= 4.0) & (path <= 23.0))
    np.testing.assert_array_equal(images, stroke_images(12, 9))


def test_garbage_dispatch_and_refusals(small):
    digits = small[2]
    for kind in GARBAGE_KINDS:
        assert garbage_images(kind, 7, 2, digits).shape == (7, 784)
    np.testing.assert_array_equal(
        garbage_images("inverted", 5, 0, digits), 1.0 - digits[:5].astype(float)
    )
    np.testing.assert_array_equal(garbage_images("noise", 5, 2), noise_images(5, 2))
    with pytest.raises(ValueError, match="kind"):
        garbage_images("cats", 5, 0, digits)
    with pytest.raises(ValueError, match="digit images"):
        garbage_images("shuffled", 500, 0, digits)
    with pytest.raises(ValueError):
        garbage_images("noise", 0, 0)


# -- rejection decisions, counted one image at a time -----------------------------
def brute_rejected(row, method, threshold):
    if method == "extra_class":
        return all(row[10] > row[k] for k in range(10))
    return max(row[:10]) < threshold


@pytest.mark.parametrize("method", METHODS)
def test_rejected_matches_a_loop(method):
    rng = np.random.default_rng(1)
    out = rng.uniform(0, 1, (200, 11 if method == "extra_class" else 10))
    for threshold in (0.3, 0.5, 0.9):
        want = [brute_rejected(row, method, threshold) for row in out]
        assert rejected(out, method, threshold).tolist() == want


def test_rejected_refuses_bad_input():
    with pytest.raises(ValueError, match="threshold"):
        rejected(np.zeros((2, 10)), "threshold", 1.0)
    with pytest.raises(ValueError, match="shape"):
        rejected(np.zeros((2, 10)), "extra_class")
    with pytest.raises(ValueError, match="method"):
        rejected(np.zeros((2, 10)), "vote")


@pytest.mark.parametrize("method", ["extra_class", "zero_target"])
def test_rates_are_brute_force_counts(method, small):
    # one random sigmoid layer: outputs spread enough to reject some of everything
    n_out = 11 if method == "extra_class" else 10
    net = Network([784, n_out], "sigmoid", "sigmoid", seed=3)
    net.weights[0] = np.random.default_rng(0).normal(0, 0.3, (n_out, 784))
    digits, labels = small[2].astype(float), small[3]
    garbage = {"noise": noise_images(40, 1), "blank": blank_images(3),
               "shuffled": shuffled_images(digits[:50], 1)}  # fmt: skip
    rates = rejection_rates(net, method, digits, labels, garbage, threshold=0.9)
    rows = [net.forward(d)[0] for d in digits]
    no = [brute_rejected(r, method, 0.9) for r in rows]
    right = [int(np.argmax(r[:10])) == lab for r, lab in zip(rows, labels)]
    kept = [ok for ok, rej in zip(right, no) if not rej]
    assert 0 < sum(no) < len(no) and 0 < sum(kept)  # the rates below are not trivial
    assert rates.digits_rejected == sum(no) / len(no)
    assert rates.accuracy_accepted == pytest.approx(sum(kept) / len(kept))
    assert rates.accuracy_all == pytest.approx(sum(kept) / len(rows))
    for kind, images in garbage.items():
        count = sum(brute_rejected(net.forward(g)[0], method, 0.9) for g in images)
        assert rates.garbage_rejected[kind] == count / len(images)


# -- training -------------------------------------------------------------------
def test_extra_class_is_train_classifier_with_noise_labelled_ten(small):
    x, y, xt, yt = small
    net, history = train_with_noise("extra_class", small, noise_count=30, noise_seed=4,
                                    epochs=2, seed=2)  # fmt: skip
    data = (np.concatenate([x, noise_images(30, 4)]), np.concatenate([y, np.full(30, 10)]),
            xt, yt)  # fmt: skip
    _, ref = train_classifier((784, 16, 16, 11), "sigmoid", epochs=2, seed=2, data=data)
    np.testing.assert_allclose(history.params[-1], ref.params[-1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(history.loss, ref.loss, rtol=1e-12)
    np.testing.assert_allclose(net.get_params(), ref.params[-1], atol=1e-12)


def test_threshold_is_the_plain_digit_network(small):
    _, history = train_with_noise("threshold", small, noise_count=0, epochs=1, seed=1)
    _, ref = train_classifier(epochs=1, seed=1, data=small)
    np.testing.assert_allclose(history.params, ref.params, rtol=0, atol=1e-12)
    np.testing.assert_allclose(history.extras["test_accuracy"], ref.extras["test_accuracy"])


def test_zero_targets_step_is_finite_differences_of_the_cost(small):
    """One full-batch step on digits + noise (targets 0) is -lr times the cost's gradient,
    the gradient taken by central differences on the cost written out here."""
    x, y = small[0][:12].astype(float), small[1][:12]
    data = (x, y, small[2], small[3])
    lr = 0.5
    _, history = train_with_noise("zero_target", data, noise_count=4, noise_seed=7, epochs=1,
                                  batch_size=16, learning_rate=lr, hidden=(2,))  # fmt: skip
    images = np.concatenate([x, noise_images(4, 7)])
    targets = np.zeros((16, 10))
    targets[np.arange(12), y] = 1.0  # noise rows stay all 0

    def cost(params):
        net = Network([784, 2, 10], "sigmoid", "sigmoid").set_params(params)
        return np.sum((net.forward(images) - targets) ** 2) / 16

    start = history.params[0]
    assert history.loss[0] == pytest.approx(cost(start), rel=1e-12)
    h = 1e-6
    grad = np.empty_like(start)
    for i in range(len(start)):
        e = np.zeros_like(start)
        e[i] = h
        grad[i] = (cost(start + e) - cost(start - e)) / (2 * h)
    np.testing.assert_allclose(history.params[1], start - lr * grad, atol=1e-8)
    assert noise_targets("zero_target", 4).tolist() == [[0.0] * 10] * 4
    assert noise_targets("extra_class", 2)[:, 10].tolist() == [1.0, 1.0]


@pytest.mark.parametrize(
    "kwargs",
    [{"method": "vote"}, {"method": "threshold", "noise_count": 5},
     {"method": "extra_class", "noise_count": 0}, {"method": "zero_target", "epochs": -1},
     {"method": "zero_target", "learning_rate": 0.0}, {"method": "zero_target", "hidden": (0,)}],
)  # fmt: skip
def test_training_refuses_bad_settings(kwargs, small):
    with pytest.raises(ValueError):
        train_with_noise(data=small, **{"noise_count": 3, "epochs": 1, **kwargs})
