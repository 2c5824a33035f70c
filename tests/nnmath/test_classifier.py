"""Training the digit network: gradients, SGD, the recorded history, scoring."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.classifier import (
    accuracy,
    confusion,
    mistakes,
    one_hot,
    predict,
    train_classifier,
)
from nnmath.digits import load_digits
from nnmath.network import Network
from nnmath.training import TrainingDiverged
from nnmath.trajectory import Trajectory


@pytest.fixture(scope="module")
def digits():
    return load_digits()


@pytest.fixture(scope="module")
def small(digits):
    """1,000 training and 500 test images: enough to learn something in a second."""
    x, y, x_test, y_test = digits
    return x[:1000], y[:1000], x_test[:500], y_test[:500]


@pytest.fixture(scope="module")
def tiny(digits):
    x, y, x_test, y_test = digits
    return x[:200], y[:200], x_test[:100], y_test[:100]


@pytest.fixture(scope="module")
def short_run(small):
    return train_classifier(epochs=5, learning_rate=3.0, seed=0, data=small)


# -- learning -----------------------------------------------------------------
def test_short_run_lowers_the_cost_and_beats_chance(short_run, small):
    network, history = short_run
    _, _, x_test, y_test = small
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert np.all(np.diff(history.loss) < 0)  # one snapshot per epoch: each one lower
    assert accuracy(network, x_test, y_test) > 0.6  # chance is 0.1
    assert history.extras["train_accuracy"][-1] > 0.7


def test_default_run_reaches_88_percent(digits):
    # The defaults are chosen for this: the full sample, 20 epochs (~2-3 s).
    network, history = train_classifier(data=digits)
    _, _, x_test, y_test = digits
    assert accuracy(network, x_test, y_test) >= 0.88
    assert history.meta["data_source"] == "custom"
    assert len(history) == 21


# -- the gradient the steps follow --------------------------------------------
def test_gradients_match_finite_differences(digits):
    x, y, _, _ = digits
    images, targets = x[:3].astype(float), one_hot(y[:3])
    net = Network([784, 16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=3)
    analytic = net.gradients(images, targets)
    params = net.get_params()
    rng = np.random.default_rng(7)
    # Random parameters from every layer; first-layer weights only on pixels
    # with ink (on blank pixels the gradient is trivially 0).
    first = net.weights[0].size
    inked = np.flatnonzero(images.sum(axis=0) > 0)
    idx = list(rng.integers(0, 16, 5) * 784 + rng.choice(inked, 5))
    idx += list(rng.integers(first, net.n_params, 10))
    h = 1e-5
    numeric = []
    for i in idx:
        bumped = params.copy()
        bumped[i] += h
        up = net.copy().set_params(bumped).loss(images, targets)
        bumped[i] -= 2 * h
        down = net.copy().set_params(bumped).loss(images, targets)
        numeric.append((up - down) / (2 * h))
    np.testing.assert_allclose(analytic[idx], numeric, rtol=1e-5, atol=1e-9)
    assert np.count_nonzero(np.abs(numeric) > 1e-6) >= 8  # not a vacuous check


# -- the recorded history -----------------------------------------------------
def test_history_structure(tiny):
    x, y, x_test, y_test = tiny
    network, history = train_classifier(epochs=2, seed=4, data=tiny, snapshots_per_epoch=3)
    assert isinstance(history, Trajectory) and len(history) == 1 + 2 * 3
    # 200 images in batches of 10: 20 steps an epoch, snapshots every ~1/3.
    assert history.steps.tolist() == [0, 7, 13, 20, 27, 33, 40]
    np.testing.assert_allclose(history.extras["epoch"], history.steps / 20)
    assert history.layer_sizes == [784, 16, 16, 10]
    assert (history.activation, history.output_activation) == ("sigmoid", "sigmoid")
    start = Network([784, 16, 16, 10], "sigmoid", "sigmoid", seed=4)
    np.testing.assert_array_equal(history.params[0], start.get_params())
    np.testing.assert_array_equal(history.params[-1], network.get_params())
    targets = one_hot(y)
    for i in range(len(history)):
        snap = history.network_at(i)
        assert history.extras["test_accuracy"][i] == accuracy(snap, x_test, y_test)
        assert history.extras["train_accuracy"][i] == accuracy(snap, x, y)
        assert history.loss[i] == pytest.approx(snap.loss(x, targets), rel=1e-12)
    meta = history.meta
    assert meta["learning_rate"] == 1.0 and meta["batch_size"] == 10 and meta["epochs"] == 2
    assert meta["seed"] == 4 and meta["snapshots_per_epoch"] == 3
    assert (meta["n_train"], meta["n_test"], meta["data_source"]) == (200, 100, "custom")
    assert len(meta["data_fingerprint"]) == 16


def test_history_survives_save_and_load(tiny, tmp_path):
    _, history = train_classifier(epochs=1, data=tiny)
    again = Trajectory.load(history.save(tmp_path / "digits.npz"))
    np.testing.assert_array_equal(again.params, history.params)
    np.testing.assert_array_equal(again.extras["test_accuracy"], history.extras["test_accuracy"])
    assert again.meta == history.meta


def test_zero_epochs_records_only_the_start(tiny):
    network, history = train_classifier(epochs=0, seed=2, data=tiny)
    assert len(history) == 1 and history.steps.tolist() == [0]
    np.testing.assert_array_equal(
        network.get_params(), Network([784, 16, 16, 10], "sigmoid", "sigmoid", seed=2).get_params()
    )


def test_training_is_deterministic(tiny):
    _, first = train_classifier(epochs=1, seed=5, data=tiny)
    _, second = train_classifier(epochs=1, seed=5, data=tiny)
    np.testing.assert_array_equal(first.params, second.params)
    np.testing.assert_array_equal(first.loss, second.loss)
    _, other = train_classifier(epochs=1, seed=6, data=tiny)
    assert not np.array_equal(first.params[-1], other.params[-1])


def test_data_defaults_to_the_sample(monkeypatch, tiny):
    from nnmath import classifier

    asked = []

    def fake_load(source="sample"):
        asked.append(source)
        return tiny

    monkeypatch.setattr(classifier, "load_digits", fake_load)
    _, history = train_classifier(epochs=0)
    assert asked == ["sample"] and history.meta["data_source"] == "sample"
    _, history = train_classifier(epochs=0, data="full")
    assert asked[-1] == "full" and history.meta["data_source"] == "full"


def test_divergence_is_reported(tiny):
    # Sigmoid outputs keep the cost below 10 whatever the weights; only
    # overflow (ReLU hidden values and an absurd rate) makes it non-finite.
    with pytest.raises(TrainingDiverged, match="diverged at epoch 1"):
        train_classifier(epochs=1, activation="relu", learning_rate=1e300, data=tiny)


# -- scoring ------------------------------------------------------------------
def test_predict_mistakes_confusion_agree(short_run, small):
    network, _ = short_run
    _, _, x_test, y_test = small
    predicted = predict(network, x_test)
    assert predicted.dtype == np.int64 and predicted.shape == y_test.shape
    np.testing.assert_array_equal(predicted, network.forward(x_test).argmax(axis=1))
    wrong = mistakes(network, x_test, y_test)
    np.testing.assert_array_equal(wrong, np.flatnonzero(predicted != y_test))
    matrix = confusion(network, x_test, y_test)
    assert matrix.shape == (10, 10) and matrix.sum() == len(y_test)
    assert np.trace(matrix) == len(y_test) - len(wrong)
    np.testing.assert_array_equal(matrix.sum(axis=1), np.bincount(y_test, minlength=10))
    assert accuracy(network, x_test, y_test) == pytest.approx(1 - len(wrong) / len(y_test))


def test_one_hot():
    np.testing.assert_array_equal(one_hot([2, 0], n_classes=3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match="0..9"):
        one_hot([10])
    with pytest.raises(ValueError, match="integer"):
        one_hot([0.5])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"epochs": -1}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"learning_rate": float("nan")}, "learning_rate"),
        ({"snapshots_per_epoch": 0}, "snapshots_per_epoch"),
        ({"snapshots_per_epoch": 21}, "exceeds the 20 steps"),
        ({"layer_sizes": (784, 16, 8)}, "labels must lie in 0..7"),
        ({"layer_sizes": (100, 10)}, r"shape \(N>0, 100\)"),
        ({"activation": "tanh"}, "activation"),
    ],
)
def test_train_classifier_rejects_bad_arguments(tiny, kwargs, message):
    with pytest.raises(ValueError, match=message):
        train_classifier(**{"epochs": 1, "data": tiny, **kwargs})


def test_train_classifier_rejects_bad_data(tiny):
    x, y, x_test, y_test = tiny
    with pytest.raises(ValueError, match="4-tuple"):
        train_classifier(data=(x, y))
    with pytest.raises(ValueError, match="train labels"):
        train_classifier(data=(x, y[:-1], x_test, y_test))
    with pytest.raises(ValueError, match="test labels must be integers"):
        train_classifier(data=(x, y, x_test, y_test.astype(float)))
