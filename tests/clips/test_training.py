"""CoordinateSearchVsGradient: it builds, plays the real runs, and compares them fairly."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import Network, coordinate_search, gradient_descent, sample_curve_data
from scenes.clips.part1_curve_fitting.training import (
    DATA,
    GD_RECORDS,
    CoordinateSearchVsGradient,
    stalled_since,
)
from scenes.core.params import ParamError
from scenes.core.theme import THEMES
from scenes.widgets.plots import LogLossPlot
from tests.clips.layout import layout_test
from tests.conftest import build_scene


def step_cost(neurons: int) -> float:
    """A gradient step in forward passes, counted by hand for 1-n-1: the forward pass
    multiplies 2n weights; the backward pass n output weights into the hidden deltas
    and 2n weight gradients (the input layer needs no delta): 3n."""
    return (2 * neurons + 3 * neurons) / (2 * neurons)


def runs(params: dict):
    """Both runs recomputed here, without the clip or its cache."""
    p = CoordinateSearchVsGradient.resolve_params(params)
    x, y = sample_curve_data(DATA["n_points"], DATA["noise"], seed=DATA["data_seed"])
    start = Network([1, p.neurons, 1], seed=p.seed)
    search = coordinate_search(start, x, y, step=p.step, sweeps=p.sweeps)
    descent = gradient_descent(
        start, x, y, p.learning_rate, p.steps, record_every=max(1, p.steps // GD_RECORDS)
    )
    return p, start, search, descent


@pytest.fixture(scope="module")
def default_scene():
    return build_scene(CoordinateSearchVsGradient)


def test_loss_curves_are_the_recorded_losses(default_scene):
    _, _, search, descent = runs({})
    shown = default_scene.shown
    np.testing.assert_allclose(shown["search_losses"], search.loss, rtol=1e-12)
    np.testing.assert_allclose(shown["descent_losses"], descent.loss, rtol=1e-12)
    assert shown["search_steps"] == search.steps.tolist()
    assert shown["descent_steps"] == descent.steps.tolist()
    assert shown["evaluations"] == int(search.extras["evaluations"][-1])
    # ... and the curves drawn, read back from the screen, are exactly those values,
    # both against one x axis: the work done, in loss evaluations
    scene = default_scene
    lo = scene.decades[0]
    for name, work, loss in (
        ("search", search.extras["evaluations"], search.loss),
        ("descent", descent.steps * step_cost(scene.p.neurons), descent.loss),
    ):
        curve = scene.parts[name][1]
        points = np.vstack([curve.get_start_anchors(), curve.get_end_anchors()[-1:]])
        drawn = np.array([scene.loss_axes.p2c(q) for q in points])
        np.testing.assert_allclose(drawn[:, 0], work, rtol=0, atol=1e-6 * work[-1])
        np.testing.assert_allclose(10 ** (drawn[:, 1] + lo), loss, rtol=1e-6)


def test_both_runs_share_one_work_axis(default_scene):
    """Work: a loss evaluation is one pass over the data, a gradient step a fixed few."""
    _, _, search, descent = runs({})
    shown = default_scene.shown
    assert shown["search_work"] == search.extras["evaluations"].tolist()
    neurons = default_scene.p.neurons
    assert shown["descent_work"] == (descent.steps * step_cost(neurons)).tolist()
    assert step_cost(neurons) == 2.5  # 5n multiply-adds per step against 2n per evaluation
    # the axis holds both runs whole
    assert default_scene.work_hi >= max(shown["search_work"][-1], shown["descent_work"][-1])
    # the stall is marked where the search's work was when it stopped moving
    k = shown["search_steps"].index(shown["stalled_since"])
    assert shown["stall_work"] == shown["search_work"][k]


def test_coordinate_search_ends_on_its_grid(default_scene):
    p, start, _, _ = runs({})
    moves = (np.array(default_scene.shown["search_final_params"]) - start.get_params()) / p.step
    np.testing.assert_allclose(moves, np.round(moves), atol=1e-6)


def test_gradient_descent_ends_lower(default_scene):
    shown = default_scene.shown
    _, _, search, descent = runs({})
    assert shown["search_final_loss"] == pytest.approx(search.loss[-1], rel=1e-12)
    assert shown["descent_final_loss"] == pytest.approx(descent.loss[-1], rel=1e-12)
    assert shown["descent_final_loss"] < shown["search_final_loss"]


def test_stall_is_where_the_parameters_stop_moving(default_scene):
    _, _, search, _ = runs({})
    k = default_scene.shown["stalled_since"]
    assert k is not None and 0 < k < len(search) - 1
    assert np.array_equal(search.params[k], search.params[-1])
    assert not np.array_equal(search.params[k - 1], search.params[-1])
    # Stuck for good: one more sweep from the end changes nothing.
    net = search.final_network
    x, y = sample_curve_data(DATA["n_points"], DATA["noise"], seed=DATA["data_seed"])
    again = coordinate_search(
        net, x, y, step=CoordinateSearchVsGradient.resolve_params({}).step, sweeps=1
    )
    assert np.array_equal(again.params[-1], search.params[-1])


def test_stalled_since_is_none_while_moving():
    _, _, search, _ = runs({"sweeps": 5})
    assert stalled_since(search) is None


def test_non_default_build():
    params = {
        "neurons": 4,
        "seed": 2,
        "step": 0.05,
        "sweeps": 15,
        "learning_rate": 0.02,
        "steps": 150,
    }
    scene = build_scene(CoordinateSearchVsGradient, params)
    p, start, search, descent = runs(params)
    np.testing.assert_allclose(scene.shown["search_losses"], search.loss, rtol=1e-12)
    np.testing.assert_allclose(scene.shown["descent_losses"], descent.loss, rtol=1e-12)
    moves = (search.params[-1] - start.get_params()) / p.step
    np.testing.assert_allclose(moves, np.round(moves), atol=1e-6)


def test_diverging_learning_rate_is_a_param_error():
    values = CoordinateSearchVsGradient.resolve_params({"learning_rate": 1.0})
    with pytest.raises(ParamError, match="learning_rate=1"):
        CoordinateSearchVsGradient.prepare(values)


@pytest.mark.parametrize(
    "params",
    [
        {"step": 0},
        {"step": 2},
        {"neurons": 0},
        {"sweeps": 0},
        {"steps": 0},
        {"learning_rate": 0},
        {"learning_rate": "fast"},
    ],
)
def test_bad_params_raise(params):
    with pytest.raises(ParamError):
        CoordinateSearchVsGradient.resolve_params(params)


def test_log_loss_plot_points_are_the_axes_points():
    """The vectorised per-frame points equal c2p of each recorded (step, log loss)."""
    plot = LogLossPlot(
        THEMES["dark"], np.arange(6.0), np.logspace(0, -2, 6), (-3, 1), "steps", "#56B4E9"
    )
    plot.shift([1.0, -0.5, 0])
    for index in (0, 1, 5):
        expected = [plot.axes.c2p(plot.steps[i], plot.log_losses[i] + 3) for i in range(index + 1)]
        np.testing.assert_allclose(plot.points_upto(index), expected, atol=1e-12)
    plot.show_upto(5)
    np.testing.assert_allclose(plot.head.get_center(), plot.points_upto(5)[-1], atol=1e-12)


def test_shown_only_parts_are_single_outlines(default_scene):
    """The data points are only shown: one outline, cheap to fade."""
    assert type(default_scene.data_dots).__name__ == "MergedOutlines"
    assert len(default_scene.data_dots.get_subpaths()) >= DATA["n_points"]


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(CoordinateSearchVsGradient)
