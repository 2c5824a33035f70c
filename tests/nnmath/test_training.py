"""Training rules: recorded gradient descent, coordinate search, the sample data."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.network import Network
from nnmath.training import (
    TrainingDiverged,
    coordinate_search,
    gradient_descent,
    sample_curve_data,
)


@pytest.fixture
def problem():
    x, y = sample_curve_data(30, noise=0.1, seed=0)
    return Network([1, 6, 1], seed=4), x, y


# -- gradient descent -------------------------------------------------------------


def test_gradient_descent_lowers_the_loss(problem):
    net, x, y = problem
    run = gradient_descent(net, x, y, learning_rate=0.02, steps=300, record_every=50)
    assert run.loss[0] == pytest.approx(net.loss(x, y))
    assert run.loss[-1] < 0.5 * run.loss[0]
    assert run.meta == {
        "method": "gradient_descent",
        "learning_rate": 0.02,
        "steps": 300,
        "record_every": 50,
    }


@pytest.mark.parametrize(
    ("steps", "every", "expected"),
    [
        (25, 10, [0, 10, 20, 25]),
        (20, 10, [0, 10, 20]),
        (3, 1, [0, 1, 2, 3]),
        (5, 100, [0, 5]),
        (0, 1, [0]),
    ],
)
def test_recorded_steps(problem, steps, every, expected):
    net, x, y = problem
    run = gradient_descent(net, x, y, 0.01, steps, record_every=every)
    np.testing.assert_array_equal(run.steps, expected)
    assert run.params.shape == (len(expected), net.n_params)


def test_follows_the_update_rule_and_recorded_loss_is_the_networks(problem):
    net, x, y = problem
    lr = 0.03
    run = gradient_descent(net, x, y, lr, steps=12, record_every=4)
    # Independent loop: params <- params - lr * gradient.
    ref = net.copy()
    expected = {0: ref.get_params()}
    for step in range(1, 13):
        ref.set_params(ref.get_params() - lr * ref.gradients(x, y))
        expected[step] = ref.get_params()
    for i, step in enumerate(run.steps):
        np.testing.assert_allclose(run.params[i], expected[int(step)], rtol=1e-12, atol=1e-15)
        assert run.loss[i] == pytest.approx(run.network_at(i).loss(x, y), rel=1e-12)


def test_gradient_descent_does_not_touch_the_network(problem):
    net, x, y = problem
    before = net.get_params()
    gradient_descent(net, x, y, 0.05, 20)
    np.testing.assert_array_equal(net.get_params(), before)


def test_divergence_raises_with_the_learning_rate(problem):
    net, x, y = problem
    with pytest.raises(TrainingDiverged, match=r"step \d+ with learning_rate=50 .*smaller"):
        gradient_descent(net, x, y, learning_rate=50.0, steps=100)
    assert issubclass(TrainingDiverged, ValueError)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"learning_rate": 0.0}, "learning_rate must be a positive"),
        ({"learning_rate": -0.1}, "learning_rate must be a positive"),
        ({"learning_rate": float("nan")}, "learning_rate must be a positive"),
        ({"learning_rate": "fast"}, "learning_rate must be a positive"),
        ({"steps": -1}, "steps must be an integer >= 0"),
        ({"steps": 2.5}, "steps must be an integer >= 0"),
        ({"record_every": 0}, "record_every must be an integer >= 1"),
    ],
)
def test_gradient_descent_validates(problem, kwargs, message):
    net, x, y = problem
    args = {"learning_rate": 0.01, "steps": 5, **kwargs}
    with pytest.raises(ValueError, match=message):
        gradient_descent(net, x, y, **args)


# -- coordinate search ------------------------------------------------------------


def _reference_coordinate_search(params, x, y, step, sweeps):
    """Hand-written rule for a [1, 2, 1] ReLU net (params: W0, b0, W1, b1)."""

    def loss(p):
        hidden = np.maximum(np.outer(x, p[0:2]) + p[2:4], 0.0)
        return np.mean((hidden @ p[4:6] + p[6] - y) ** 2)

    p = np.array(params, dtype=float)
    best, evals = loss(p), 1
    history, counts = [p.copy()], [evals]
    for _ in range(sweeps):
        for i in range(len(p)):
            original = p[i]
            for candidate in (original + step, original - step):
                p[i] = candidate
                trial = loss(p)
                evals += 1
                if not trial > best:  # not worse: keep it
                    best = trial
                    break
            else:
                p[i] = original
        history.append(p.copy())
        counts.append(evals)
    return np.array(history), np.array(counts)


def test_coordinate_search_follows_the_rule():
    x = np.array([-1.0, -0.3, 0.2, 0.9, 1.5])
    y = np.array([0.5, -0.2, 0.1, 0.8, 0.3])
    net = Network([1, 2, 1], seed=11)
    run = coordinate_search(net, x, y, step=0.1, sweeps=6)
    ref_params, ref_evals = _reference_coordinate_search(net.get_params(), x, y, 0.1, 6)
    np.testing.assert_array_equal(run.steps, np.arange(7))
    np.testing.assert_allclose(run.params, ref_params, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(run.extras["evaluations"], ref_evals)
    for i in range(len(run)):
        assert run.loss[i] == pytest.approx(run.network_at(i).loss(x, y), rel=1e-12)
    assert run.meta["method"] == "coordinate_search"
    assert run.meta["step"] == 0.1


def test_coordinate_search_stalls_on_a_grid():
    # A line through a [1, 1, 1] net: gradient descent fits it exactly, the
    # nudging rule gets stuck once no single +-0.1 nudge helps.
    x = np.array([0.5, 1.0, 1.5, 2.0])
    y = 0.37 * x + 0.11
    net = Network([1, 1, 1], seed=3)
    start = net.get_params()
    run = coordinate_search(net, x, y, step=0.1, sweeps=40)
    moves = (run.params - start) / 0.1
    np.testing.assert_allclose(moves, np.round(moves), atol=1e-9)
    assert np.all(np.diff(run.loss) <= 0)
    # Stuck: the last sweeps change nothing, at a loss well above zero.
    np.testing.assert_array_equal(run.params[-1], run.params[-5])
    assert run.loss[-1] > 1e-4
    assert gradient_descent(net, x, y, 0.05, 2000).loss[-1] < 1e-10
    np.testing.assert_array_equal(net.get_params(), start)  # untouched


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"step": 0.0}, "step must be a positive"),
        ({"step": -0.1}, "step must be a positive"),
        ({"sweeps": -1}, "sweeps must be an integer >= 0"),
    ],
)
def test_coordinate_search_validates(problem, kwargs, message):
    net, x, y = problem
    with pytest.raises(ValueError, match=message):
        coordinate_search(net, x, y, **kwargs)


def test_zero_sweeps_records_only_the_start(problem):
    net, x, y = problem
    run = coordinate_search(net, x, y, sweeps=0)
    np.testing.assert_array_equal(run.steps, [0])
    np.testing.assert_array_equal(run.extras["evaluations"], [1])


# -- sample data ------------------------------------------------------------------


def test_sample_curve_data_is_deterministic_and_sorted():
    x1, y1 = sample_curve_data(50, noise=0.2, seed=3)
    x2, y2 = sample_curve_data(50, noise=0.2, seed=3)
    x3, _ = sample_curve_data(50, noise=0.2, seed=4)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(x1, x3)
    assert x1.shape == y1.shape == (50,)
    assert np.all(np.diff(x1) >= 0) and x1.min() >= -3 and x1.max() <= 3


def test_sample_curve_data_is_the_documented_curve():
    x, y = sample_curve_data(200, noise=0.0, seed=1)
    np.testing.assert_allclose(y, np.sin(1.5 * x) + 0.3 * x, rtol=0, atol=1e-15)
    x, y = sample_curve_data(2000, noise=0.1, seed=1)
    assert np.std(y - (np.sin(1.5 * x) + 0.3 * x)) == pytest.approx(0.1, rel=0.1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"n_points": 1}, "n_points"), ({"noise": -0.1}, "noise"), ({"noise": np.inf}, "noise")],
)
def test_sample_curve_data_validates(kwargs, message):
    with pytest.raises(ValueError, match=message):
        sample_curve_data(**kwargs)
