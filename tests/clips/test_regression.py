"""LeastSquaresLine shows nnmath's numbers: the fit, its total, vertical errors, true squares."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import least_squares_line
from scenes.clips.part1_curve_fitting.regression import LeastSquaresLine, make_data, square_corners
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

CUSTOM = {"n_points": 20, "noise": 1.5, "slope": -0.8, "intercept": 4.0, "seed": 3}


@pytest.fixture(scope="module")
def default_scene():
    return build_scene(LeastSquaresLine)


@pytest.fixture(scope="module")
def custom_scene():
    return build_scene(LeastSquaresLine, params=CUSTOM)


def points(n_points=12, noise=1.0, slope=0.5, intercept=2.0, seed=0):
    """The documented recipe, written out again: x uniform in [-4.5, 4.5], Gaussian noise."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-4.5, 4.5, n_points))
    return x, slope * x + intercept + rng.normal(0.0, noise, n_points)


def two_decimals(v: float) -> str:
    text = f"{v:.2f}"
    return "0.00" if text == "-0.00" else text


@pytest.mark.parametrize("which", ["default", "custom"])
def test_final_equation_and_total_match_least_squares(which, default_scene, custom_scene):
    scene, params = (default_scene, {}) if which == "default" else (custom_scene, CUSTOM)
    x, y = points(**params)
    np.testing.assert_array_equal(np.column_stack(make_data(scene.p)), np.column_stack((x, y)))
    fit = least_squares_line(x, y)
    slope, intercept = np.polyfit(x, y, 1)  # independent reference
    assert fit.slope == pytest.approx(slope, abs=1e-10)
    assert fit.intercept == pytest.approx(intercept, abs=1e-10)
    assert scene.shown["slope"] == two_decimals(slope)
    assert scene.shown["intercept"] == two_decimals(intercept)
    sign = "-" if intercept < 0 else "+"
    assert scene.shown["equation"] == f"y = {two_decimals(slope)}x {sign} {abs(intercept):.2f}"
    sse = float(np.sum((y - (slope * x + intercept)) ** 2))
    assert scene.shown["sse_final"] == f"{sse:.2f}"
    # The recorded descent itself ends on the closed-form line, not just the label.
    m, b = scene.shown["frame_lines"][-1]
    assert abs(m - slope) < 1e-6 and abs(b - intercept) < 1e-6
    assert scene.shown["frame_steps"][0] == 0 and scene.shown["frame_steps"][-1] == 6000


def test_signed_errors_of_the_flat_line_cancel(default_scene):
    x, y = points()
    r = y - y.mean()
    assert default_scene.shown["start_line"] == f"y = 0.00x + {y.mean():.2f}"
    assert default_scene.shown["signed_sum"] == "0.00"
    assert default_scene.shown["signed_above"] == f"{r[r > 0].sum():.2f}"
    assert default_scene.shown["signed_below"] == f"{r[r < 0].sum():.2f}"
    assert default_scene.shown["sse_start"] == f"{float(r @ r):.2f}"
    assert float(r @ r) > 5 * float(default_scene.shown["sse_final"])  # a bad line


@pytest.mark.parametrize("which", ["default", "custom"])
def test_area_bar_lays_the_squares_end_to_end(which, default_scene, custom_scene):
    """The side bar is the squares' areas end to end: error² each, the total its length."""
    scene, params = (default_scene, {}) if which == "default" else (custom_scene, CUSTOM)
    x, y = points(**params)
    start = (y - y.mean()) ** 2
    np.testing.assert_allclose(scene.shown["area_bar"], start, atol=1e-6)
    slope, intercept = np.polyfit(x, y, 1)
    final = (y - (slope * x + intercept)) ** 2
    np.testing.assert_allclose(scene.shown["final_area_bar"], final, atol=1e-5)


def descent(x, y, steps, learning_rate=0.01):
    """Plain gradient descent on the mean squared error from the flat line at the mean:
    (slope, intercept) at every step, written out again."""
    m, b = 0.0, float(np.mean(y))
    path = [(m, b)]
    for _ in range(steps):
        r = m * x + b - y
        m, b = m - learning_rate * 2 * np.mean(r * x), b - learning_rate * 2 * np.mean(r)
        path.append((m, b))
    return np.array(path)


@pytest.mark.parametrize("which", ["default", "custom"])
def test_descent_is_played_at_log_spaced_recorded_steps(which, default_scene, custom_scene):
    scene, params = (default_scene, {}) if which == "default" else (custom_scene, CUSTOM)
    x, y = points(**params)
    steps = np.array(scene.shown["frame_steps"])
    path = descent(x, y, int(steps[-1]))
    # each frame is the line of its own step, no in-between lines
    np.testing.assert_allclose(scene.shown["frame_lines"], path[steps], atol=1e-9)
    # whole steps 0, 1, 2, 3, ... then growing by a near-constant factor: a counter
    # that reads (no jump from 9 to 6000)
    assert steps.dtype.kind == "i" and list(steps[:4]) == [0, 1, 2, 3]
    assert np.all(np.diff(steps) > 0)
    settled = scene.shown["settled_step"]
    moving = steps[(steps >= 10) & (steps <= settled)]
    assert len(moving) > 20 and np.all(moving[1:] / moving[:-1] < 1.2)
    # from the settled step on, the shown slope, intercept and total stay put, and
    # only a few frames (a fraction of a second) are left to play
    sse = ((y - path[:, 0:1] * x - path[:, 1:2]) ** 2).sum(axis=1)
    shown = np.round(np.column_stack([path[:, 0], path[:, 1], sse]), 2)
    assert np.all(shown[settled:] == shown[-1]) and np.any(shown[settled - 1] != shown[-1])
    assert np.count_nonzero(steps > settled) <= 8


@pytest.mark.parametrize("stage", ["start", "final"])
def test_errors_are_vertical_and_squares_have_area_error_squared(stage, default_scene):
    x, y = points()
    if stage == "start":
        line_y = np.full_like(y, y.mean())
        segments, squares = default_scene.shown["error_segments"], default_scene.shown["squares"]
    else:
        slope, intercept = np.polyfit(x, y, 1)
        line_y = slope * x + intercept
        segments = default_scene.shown["final_error_segments"]
        squares = default_scene.shown["final_squares"]
    assert len(segments) == len(squares) == len(x)
    for (start, end), corners, xi, yi, fi in zip(segments, squares, x, y, line_y):
        assert start[0] == pytest.approx(end[0], abs=1e-9)  # vertical
        assert start[:2] == pytest.approx([xi, yi], abs=1e-6)
        assert end[:2] == pytest.approx([xi, fi], abs=1e-5)
        sides = np.abs(np.diff(np.vstack([corners, corners[:1]])[:, :2], axis=0))
        width, height = sides[:, 0].max(), sides[:, 1].max()
        assert width == pytest.approx(height, abs=1e-6)  # a square in data units ...
        assert width * height == pytest.approx((yi - fi) ** 2, abs=1e-5)  # ... of area r^2


def test_axes_have_equal_scale_so_squares_are_square_on_screen(default_scene, custom_scene):
    for scene in (default_scene, custom_scene):
        origin = scene.axes.c2p(0, 0)
        x_unit = np.linalg.norm(scene.axes.c2p(1, 0) - origin)
        y_unit = np.linalg.norm(scene.axes.c2p(0, 1) - origin)
        assert x_unit == pytest.approx(y_unit, rel=1e-9)


def test_square_is_drawn_inside_the_plot_when_possible():
    right = square_corners(2.0, 3.0, 1.0, x_hi=5.0)
    left = square_corners(4.5, 3.0, 1.0, x_hi=5.0)
    assert right[:, 0].max() == pytest.approx(4.0)
    assert left[:, 0].min() == pytest.approx(2.5)


@pytest.mark.parametrize(
    "params",
    [{"n_points": 1}, {"noise": -1}, {"slope": 10}, {"seed": -1}, {"colour": "blue"}],
)
def test_bad_parameters_raise_param_error(params):
    with pytest.raises(ParamError):
        LeastSquaresLine.resolve_params(params)


def test_descent_that_cannot_reach_the_fit_is_a_param_error():
    # Three points bunched within 0.5 of each other: the slope barely moves in 6000 steps.
    bunched = {"n_points": 3, "seed": 13, "noise": 3.0, "slope": 1.5, "intercept": -5.0}
    with pytest.raises(ParamError, match="too bunched"):
        LeastSquaresLine.prepare(LeastSquaresLine.resolve_params(bunched))


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(LeastSquaresLine)
