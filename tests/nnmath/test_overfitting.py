"""overfitting: recorded Adam runs of small ReLU nets, train error vs noiseless test error."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.network import Network
from nnmath.overfitting import (
    OverfitRun,
    overfit_data,
    overfitting_runs,
    target_grid,
    train_overfit,
)
from nnmath.training import curve_target, sample_curve_data
from nnmath.trajectory import Trajectory

SMALL = {"steps": 300, "record_every": 50}


@pytest.fixture(scope="module")
def run() -> OverfitRun:
    return train_overfit((16, 16), 12, seed=3, **SMALL)


def test_same_arguments_same_run(run):
    again = train_overfit((16, 16), 12, seed=3, **SMALL)
    for field in ("steps", "params", "train_error", "test_error", "x_train", "y_train"):
        np.testing.assert_array_equal(getattr(again, field), getattr(run, field))
    other = train_overfit((16, 16), 12, seed=4, **SMALL)
    assert not np.array_equal(other.params[0], run.params[0])


def test_recorded_steps_and_shapes(run):
    np.testing.assert_array_equal(run.steps, [0, 50, 100, 150, 200, 250, 300])
    n_params = Network([1, 16, 16, 1]).n_params
    assert run.params.shape == (7, n_params)
    assert run.train_error.shape == run.test_error.shape == (7,)
    assert run.layer_sizes == [1, 16, 16, 1]
    last = train_overfit(4, 5, steps=7, record_every=3)
    np.testing.assert_array_equal(last.steps, [0, 3, 6, 7])  # the last step always
    assert last.hidden == (4,)


def test_training_error_decreases(run):
    assert run.train_error[-1] < 0.2 * run.train_error[0]
    assert run.train_error[-1] <= run.train_error[1:].min() * 1.5


def test_recorded_errors_equal_a_recomputation(run):
    """Train error from the recorded parameters on the noisy points; test error on a
    dense grid against the noiseless curve, recomputed here by hand."""
    grid = np.linspace(-3.0, 3.0, 400)
    for i in (0, 3, len(run.steps) - 1):
        net = Network([1, 16, 16, 1], "relu", "identity").set_params(run.params[i])
        pred = net.forward(run.x_train)[:, 0]
        assert run.train_error[i] == pytest.approx(np.mean((pred - run.y_train) ** 2), rel=1e-12)
        clean = np.sin(1.5 * grid) + 0.3 * grid
        test = np.mean((net.forward(grid)[:, 0] - clean) ** 2)
        assert run.test_error[i] == pytest.approx(test, rel=1e-12)
        np.testing.assert_array_equal(run.network_at(i).get_params(), run.params[i])


def test_recorded_parameters_are_the_parameters_at_that_step(run):
    """A shorter run stops exactly where the longer one was recorded."""
    short = train_overfit((16, 16), 12, seed=3, steps=100, record_every=100)
    np.testing.assert_array_equal(short.params[-1], run.params[2])
    assert short.train_error[-1] == run.train_error[2]


def test_first_step_is_an_adam_step():
    """Adam's first step with bias correction moves each parameter by lr * g / (|g| + eps)."""
    one = train_overfit(5, 8, seed=1, steps=1, record_every=1, learning_rate=0.02)
    net = Network([1, 5, 1], "relu", "identity", seed=1)
    np.testing.assert_array_equal(one.params[0], net.get_params())
    g = net.gradients(one.x_train, one.y_train)
    np.testing.assert_allclose(one.params[1], one.params[0] - 0.02 * g / (np.abs(g) + 1e-8))


def test_test_error_ignores_the_noise():
    """Same seed, different noise: same initial net and noiseless test set, so the
    step-0 test errors agree while the training errors do not."""
    quiet = train_overfit(6, 10, noise=0.0, steps=0)
    loud = train_overfit(6, 10, noise=0.5, steps=0)
    assert quiet.test_error[0] == loud.test_error[0]
    assert quiet.train_error[0] != loud.train_error[0]
    x, y = target_grid()
    assert x.shape == (400,) and x[0] == -3.0 and x[-1] == 3.0
    np.testing.assert_array_equal(y, curve_target(x))


def test_data_is_noisy_curve_and_nested():
    x, y = overfit_data(200, noise=0.0, seed=2)
    np.testing.assert_allclose(y, np.sin(1.5 * x) + 0.3 * x, rtol=1e-15)
    assert x.min() >= -3.0 and x.max() <= 3.0
    few_x, few_y = overfit_data(20, noise=0.3, seed=2)
    more_x, more_y = overfit_data(200, noise=0.3, seed=2)
    np.testing.assert_array_equal(more_x[:20], few_x)
    np.testing.assert_array_equal(more_y[:20], few_y)
    np.testing.assert_array_equal(few_x, x[:20])  # the noise does not move the points
    assert 0.2 < np.std(more_y - curve_target(more_x)) < 0.4


def test_curve_target_is_sample_curve_data_without_noise():
    x, y = sample_curve_data(30, noise=0.0, seed=4)
    np.testing.assert_array_equal(y, curve_target(x))


def test_a_large_net_on_few_points_overfits_and_more_data_helps():
    study = overfitting_runs([(32, 32)], n_train=15, n_train_more=150, steps=1000)
    few, more = study.few[0], study.more[0]
    assert few.n_train == 15 and more.n_train == 150
    np.testing.assert_array_equal(few.params[0], more.params[0])  # same starting weights
    np.testing.assert_array_equal(more.x_train[:15], few.x_train)
    # few points: the net fits them better than the true curve does (it fits the
    # noise), and its test error ends well above its best
    truth = np.mean((few.y_train - curve_target(few.x_train)) ** 2)
    assert few.train_error[-1] < 0.6 * truth
    assert few.test_error[-1] > 1.5 * few.test_error.min()
    assert few.best_step < 1000
    assert more.test_error[-1] < 0.5 * few.test_error[-1]
    np.testing.assert_array_equal(study.x_test, target_grid()[0])
    assert study.architectures == ((32, 32),)


def test_trajectory_round_trip(run, tmp_path):
    traj = run.to_trajectory()
    assert isinstance(traj, Trajectory)
    np.testing.assert_array_equal(traj.extras["test_error"], run.test_error)
    back = OverfitRun.from_trajectory(Trajectory.load(traj.save(tmp_path / "run.npz")))
    for field in ("steps", "params", "train_error", "test_error", "x_train", "y_train"):
        np.testing.assert_array_equal(getattr(back, field), getattr(run, field))
    assert (back.hidden, back.n_train, back.seed) == (run.hidden, run.n_train, run.seed)
    assert back.best_step == run.best_step


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_train": 0}, "n_train must be an integer >= 1"),
        ({"n_train": 2.5}, "n_train must be an integer"),
        ({"n_train": True}, "n_train must be an integer"),
        ({"n_train": 20, "n_train_more": 20}, "n_train_more .* must be larger"),
        ({"noise": -0.1}, "noise must be a finite number >= 0"),
        ({"noise": float("nan")}, "noise must be a finite number"),
        ({"noise": "loud"}, "noise must be a number"),
        ({"learning_rate": 0}, "learning_rate must be a finite number > 0"),
        ({"learning_rate": float("inf")}, "learning_rate"),
        ({"steps": -1}, "steps must be an integer >= 0"),
        ({"record_every": 0}, "record_every must be an integer >= 1"),
        ({"seed": -1}, "seed must be an integer >= 0"),
        ({"architectures": []}, "at least one network"),
        ({"architectures": "64"}, "architectures must be a list"),
        ({"architectures": [(8, 0)]}, "a hidden width must be an integer >= 1"),
        ({"architectures": [(8,), "8"]}, "an architecture is a width or a sequence"),
    ],
)
def test_bad_parameters_raise(kwargs, message):
    args = {"architectures": [(4,)], "n_train": 5, "n_train_more": 10, "steps": 2}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        overfitting_runs(**args)
