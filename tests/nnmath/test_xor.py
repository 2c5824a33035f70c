"""XOR data, the best single line (against a direct brute force) and training
a small ReLU network on it with the recorded gradient descent."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.network import Network
from nnmath.training import gradient_descent
from nnmath.xor import LineScan, best_single_line, binary_accuracy, train_xor, xor_data


def _brute_best_accuracy(x: np.ndarray, labels: np.ndarray, n_directions: int) -> float:
    """Best accuracy of a line with normal angle k pi / n_directions, by trying every
    threshold (midpoints of distinct projections and beyond both ends) directly."""
    best = 0.0
    for k in range(n_directions):
        theta = np.pi * k / n_directions
        p = x @ np.array([np.cos(theta), np.sin(theta)])
        u = np.unique(p)
        thresholds = np.concatenate([[u[0] - 1.0], (u[1:] + u[:-1]) / 2, [u[-1] + 1.0]])
        above = p[None, :] > thresholds[:, None]
        acc_up = (above == (labels[None, :] == 1)).mean(axis=1)
        best = max(best, acc_up.max(), (1.0 - acc_up).max())
    return float(best)


def _direct_accuracy(scan: LineScan, x, labels) -> float:
    return float(np.mean((x @ scan.w + scan.b > 0) == (labels == 1)))


def test_xor_data_layout_and_labels():
    x, labels = xor_data(30, spread=0.2, seed=3)
    assert x.shape == (120, 2) and labels.shape == (120,)
    assert set(np.unique(labels)) == {0, 1}
    centres = x.reshape(4, 30, 2).mean(axis=1)
    np.testing.assert_allclose(centres, [[1, 1], [-1, 1], [-1, -1], [1, -1]], atol=0.15)
    # Label 1 exactly where the centre's coordinates have different signs.
    centre_of_point = np.repeat([[1, 1], [-1, 1], [-1, -1], [1, -1]], 30, axis=0)
    np.testing.assert_array_equal(labels, (np.prod(centre_of_point, axis=1) < 0).astype(int))
    spread = x - centre_of_point
    assert spread.std() == pytest.approx(0.2, rel=0.15)


def test_xor_data_is_deterministic_and_spread_zero_is_the_centres():
    a, la = xor_data(5, 0.3, seed=1)
    b, lb = xor_data(5, 0.3, seed=1)
    c, _ = xor_data(5, 0.3, seed=2)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(la, lb)
    assert not np.array_equal(a, c)
    x, labels = xor_data(1, 0.0)
    np.testing.assert_array_equal(x, [[1, 1], [-1, 1], [-1, -1], [1, -1]])
    np.testing.assert_array_equal(labels, [0, 1, 0, 1])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"points_per_cluster": 0}, "points_per_cluster must be an integer >= 1"),
        ({"points_per_cluster": 2.5}, "points_per_cluster must be an integer"),
        ({"points_per_cluster": True}, "points_per_cluster must be an integer"),
        ({"spread": -0.1}, "spread must be a finite number >= 0"),
        ({"spread": np.nan}, "spread must be a finite number >= 0"),
        ({"spread": "wide"}, "spread must be a finite number >= 0"),
        ({"seed": -1}, "seed must be an integer >= 0"),
        ({"seed": None}, "seed must be an integer >= 0"),
    ],
)
def test_xor_data_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        xor_data(**kwargs)


@pytest.mark.parametrize("seed", range(5))
def test_separable_data_is_separated(seed):
    rng = np.random.default_rng(seed)
    theta = rng.uniform(0, 2 * np.pi)
    normal = np.array([np.cos(theta), np.sin(theta)])
    x = rng.normal(0, 1, (80, 2))
    # Push the two classes apart along a random direction: a margin of 0.5.
    labels = (x @ normal > 0.2).astype(int)
    x += np.where(labels[:, None] == 1, 0.25, -0.25) * normal
    scan = best_single_line(x, labels)
    assert scan.accuracy == 1.0
    assert _direct_accuracy(scan, x, labels) == 1.0
    np.testing.assert_array_equal(scan.predict(x), labels)


@pytest.mark.parametrize("seed", range(5))
def test_xor_best_line_is_about_three_quarters(seed):
    x, labels = xor_data(25, 0.3, seed)
    scan = best_single_line(x, labels)
    assert 0.70 <= scan.accuracy <= 0.75 + 0.03
    assert scan.accuracy == pytest.approx(_direct_accuracy(scan, x, labels), abs=1e-12)
    # At least as good as a direct brute force over a coarser set of the same directions.
    assert scan.accuracy >= _brute_best_accuracy(x, labels, 90) - 1e-12


@pytest.mark.parametrize("seed", range(5))
def test_scan_equals_brute_force_on_the_same_directions(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, (40, 2))
    # Labels with no simple rule, and some repeated points (equal projections).
    labels = rng.integers(0, 2, 40)
    x[5] = x[4]
    x[9, 0] = x[8, 0]
    # Ten copies of one point, half of each label: no threshold may split them.
    x[10:20] = x[10]
    labels[10:20] = [0, 1] * 5
    for n_directions in (1, 7, 36):
        scan = best_single_line(x, labels, n_directions)
        assert scan.accuracy == pytest.approx(_brute_best_accuracy(x, labels, n_directions))
        assert scan.accuracy == pytest.approx(_direct_accuracy(scan, x, labels))
        assert 0.0 <= scan.angle < 2 * np.pi
        np.testing.assert_allclose(scan.w, [np.cos(scan.angle), np.sin(scan.angle)])
        assert scan.b == -scan.offset


def test_scan_is_deterministic_and_chunking_does_not_matter(monkeypatch):
    import nnmath.xor as xor

    x, labels = xor_data(25, 0.4, seed=8)
    first = best_single_line(x, labels)
    again = best_single_line(x, labels)
    assert (again.angle, again.offset, again.accuracy) == (
        first.angle, first.offset, first.accuracy
    )  # fmt: skip
    monkeypatch.setattr(xor, "SCAN_CHUNK_ENTRIES", 500)  # 4 directions per chunk
    chunked = best_single_line(x, labels)
    assert (chunked.angle, chunked.offset, chunked.accuracy) == (
        first.angle, first.offset, first.accuracy
    )  # fmt: skip


@pytest.mark.parametrize(
    ("x", "labels", "kwargs", "message"),
    [
        (np.zeros((3, 3)), [0, 1, 0], {}, r"shape \(N, 2\)"),
        (np.zeros((0, 2)), [], {}, r"shape \(N, 2\)"),
        ([[0.0, np.nan]], [0], {}, "NaN or infinite"),
        (np.zeros((3, 2)), [0, 1], {}, r"labels must have shape \(3,\)"),
        (np.zeros((3, 2)), [0, 1, 2], {}, "labels must be 0 or 1"),
        (np.zeros((3, 2)), [0, 1, 1], {"n_directions": 0}, "n_directions must be an integer"),
    ],
)
def test_scan_errors(x, labels, kwargs, message):
    with pytest.raises(ValueError, match=message):
        best_single_line(x, labels, **kwargs)


@pytest.mark.parametrize("seed", range(5))
def test_train_xor_defaults_reach_full_accuracy(seed):
    run = train_xor(seed=seed)
    assert run.extras["accuracy"][-1] == 1.0
    assert run.loss[-1] < 0.1 * run.loss[0]
    # Independently: the final network, on the data rebuilt from the metadata.
    x, labels = xor_data(**run.meta["data"])
    net = run.final_network
    assert net.layer_sizes == [2, 4, 1] and net.output_activation == "sigmoid"
    np.testing.assert_array_equal(net.forward(x)[:, 0] > 0.5, labels == 1)
    # The single best line cannot do this.
    assert best_single_line(x, labels).accuracy < 0.8


def test_train_xor_records_accuracy_and_meta():
    run = train_xor(points_per_cluster=10, steps=100, record_every=25, seed=2)
    assert run.steps.tolist() == [0, 25, 50, 75, 100]
    assert run.extras["accuracy"].shape == (5,)
    x, labels = xor_data(10, 0.3, 2)
    for i in range(len(run)):
        acc = np.mean((run.network_at(i).forward(x)[:, 0] > 0.5) == (labels == 1))
        assert run.extras["accuracy"][i] == pytest.approx(acc)
    assert run.meta["method"] == "gradient_descent" and run.meta["hidden"] == 4
    assert run.meta["data"] == {"points_per_cluster": 10, "spread": 0.3, "seed": 2}


def test_gradient_descent_takes_column_targets_and_a_sigmoid_output():
    x, labels = xor_data(10, 0.3, 0)
    net = Network([2, 4, 1], activation="relu", output_activation="sigmoid", seed=0)
    flat = gradient_descent(net, x, labels.astype(float), 1.0, 50)
    column = gradient_descent(net, x, labels[:, None].astype(float), 1.0, 50)
    np.testing.assert_array_equal(flat.params, column.params)
    assert binary_accuracy(flat.final_network, x, labels) > binary_accuracy(net, x, labels) - 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hidden": 0}, "hidden must be an integer >= 1"),
        ({"seed": -2}, "seed must be an integer >= 0"),
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"steps": -1}, "steps"),
    ],
)
def test_train_xor_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        train_xor(**kwargs)


def test_binary_accuracy_needs_one_output():
    net = Network([2, 3, 2], seed=0)
    with pytest.raises(ValueError, match="1 output"):
        binary_accuracy(net, np.zeros((2, 2)), [0, 1])
