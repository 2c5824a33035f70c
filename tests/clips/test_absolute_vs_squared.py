"""AbsoluteVsSquared shows nnmath's numbers: zero-sum lines, both fits, every drag position."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nnmath import least_absolute_line, least_squares_line
from scenes.clips.part1_curve_fitting.absolute_vs_squared import AbsoluteVsSquared, make_data
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

CUSTOM = {
    "n_points": 20,
    "noise": 1.5,
    "slope": -0.8,
    "intercept": 9.0,
    "seed": 3,
    "outlier": 0,
    "outlier_distance": 6.0,
}


@pytest.fixture(scope="module")
def scenes():
    return {
        "default": build_scene(AbsoluteVsSquared),
        "custom": build_scene(AbsoluteVsSquared, params=CUSTOM),
    }


def points(n_points=12, noise=1.0, slope=0.5, intercept=2.0, seed=0, **_):
    """The documented recipe, written out again: x uniform in [-4.5, 4.5], sorted; Gaussian
    noise (LeastSquaresLine's: the same defaults give the same points)."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-4.5, 4.5, n_points))
    return x, slope * x + intercept + rng.normal(0.0, noise, n_points)


def two(v: float) -> str:
    text = f"{v:.2f}"
    return "0.00" if text == "-0.00" else text


def params_of(which):
    return {} if which == "default" else CUSTOM


def brute_force_l1(x, y):
    """Least total |error| over every line through two points (an optimum is always one)."""
    best = np.inf
    for i, j in itertools.combinations(range(len(x)), 2):
        if x[i] != x[j]:
            m = (y[j] - y[i]) / (x[j] - x[i])
            best = min(best, float(np.abs(y - y[i] - m * (x - x[i])).sum()))
    return best


def check_fits(shown, x, y):
    """The shown lines and their figures (said in the narration) are nnmath's fits on (x, y),
    and optimal."""
    m, b = np.polyfit(x, y, 1)  # independent reference for least squares
    sq, ab = least_squares_line(x, y), least_absolute_line(x, y)
    assert shown["squares"] == sq and shown["absolute"] == ab
    assert (sq.slope, sq.intercept) == pytest.approx((m, b), abs=1e-9)
    ab_sae = float(np.abs(y - ab.slope * x - ab.intercept).sum())
    assert ab_sae == pytest.approx(brute_force_l1(x, y), abs=1e-9)
    for name, line in (("squares", sq), ("absolute", ab)):
        e = y - (line.slope * x + line.intercept)
        texts = shown[name + "_text"]
        assert texts[:4] == [two(line.slope), two(line.intercept), two(e @ e), two(np.abs(e).sum())]
    # each line is the best by its own measure
    assert float(shown["squares_text"][2]) <= float(shown["absolute_text"][2])
    assert float(shown["absolute_text"][3]) <= float(shown["squares_text"][3])


@pytest.mark.parametrize("which", ["default", "custom"])
def test_data_follow_the_recipe(which, scenes):
    scene = scenes[which]
    x, y = points(**params_of(which))
    np.testing.assert_array_equal(np.column_stack(make_data(scene.p)), np.column_stack((x, y)))
    assert scene.shown["points"][:, :2] == pytest.approx(np.column_stack((x, y)), abs=1e-9)


@pytest.mark.parametrize("which", ["default", "custom"])
def test_signed_errors_sum_to_zero_at_every_turned_slope(which, scenes):
    scene = scenes[which]
    x, y = points(**params_of(which))
    frames = scene.shown["rotation"]
    slopes = np.array([f["line"].slope for f in frames])
    assert len(frames) >= 60 and slopes.min() < -0.3 and slopes.max() > 0.3  # both ways, far
    for f in frames:
        m = f["line"].slope
        b = y.mean() - m * x.mean()  # through the mean point
        assert f["line"].intercept == pytest.approx(b, abs=1e-9)
        e = y - (m * x + b)
        assert f["signed_sum"] == two(e.sum()) == "0.00"
        assert f["slope"] == two(m)
        assert (f["above"], f["below"]) == (two(e[e > 0].sum()), two(e[e < 0].sum()))
    # a bad fit somewhere along the turn: its squared errors far above the best line's
    best = least_squares_line(x, y).sse(x, y)
    assert max(f["line"].sse(x, y) for f in frames) > 5 * best


@pytest.mark.parametrize("which", ["default", "custom"])
def test_turning_line_is_drawn_through_the_mean_with_vertical_errors(which, scenes):
    scene = scenes[which]
    x, y = points(**params_of(which))
    for i in (0, len(scene.data.rotation) // 2, len(scene.data.rotation) - 1):
        frame = scene.rotation_frame(i)
        assert two(scene.signed_total.number.get_value()) == "0.00"
        (x0, y0), (x1, y1) = (scene.axes.p2c(p) for p in scene.zero_line.points[[0, -1]])
        m = (y1 - y0) / (x1 - x0)
        assert m == pytest.approx(frame["line"].slope, abs=1e-6)
        assert y0 + m * (x.mean() - x0) == pytest.approx(y.mean(), abs=1e-6)
        segments = scene.segments(scene.above) + scene.segments(scene.below)
        assert len(segments) == np.count_nonzero(frame["line"].residuals(x, y))
        for start, end in segments:
            k = int(np.argmin(np.abs(x - start[0])))
            assert start[0] == pytest.approx(end[0], abs=1e-9)  # vertical
            assert start[1] == pytest.approx(y[k], abs=1e-6)
            assert end[1] == pytest.approx(frame["line"].predict(x[k]), abs=1e-6)


@pytest.mark.parametrize("which", ["default", "custom"])
def test_both_fits_before_the_drag(which, scenes):
    scene = scenes[which]
    x, y = points(**params_of(which))
    check_fits(scene.shown["before"], x, y)
    narration = next(b.narration for b in scene.beat_log if b.name == "l1_vs_l2")
    for name, total in (("squares", 2), ("absolute", 3)):
        figures = scene.shown["before"][name + "_text"]
        for text in (figures[0], figures[1], figures[total]):
            assert text.replace("-", "\u2212") in narration
    # The least-absolute line passes through the ringed points, and only those.
    ab = least_absolute_line(x, y)
    through = np.flatnonzero(np.abs(y - ab.predict(x)) < 1e-9 * (1 + np.abs(y).max()))
    assert scene.shown["absolute_through"] == through.tolist() and len(through) >= 2


@pytest.mark.parametrize("which", ["default", "custom"])
def test_every_drag_position_shows_nnmath_fits(which, scenes):
    scene = scenes[which]
    params = {**{"outlier": -2, "outlier_distance": -7.0}, **params_of(which)}
    x, y = points(**params)
    k = params["outlier"] % len(x)
    drag = scene.shown["drag"]
    heights = np.array([f["y"] for f in drag])
    assert heights[0] == y[k] and heights[-1] == pytest.approx(y[k] + params["outlier_distance"])
    assert np.all(np.diff(heights) * np.sign(params["outlier_distance"]) >= 0)  # away only
    sq0, ab0 = least_squares_line(x, y), least_absolute_line(x, y)
    for f in drag:
        moved = y.copy()
        moved[k] = f["y"]
        check_fits(f, x, moved)
        assert f["squares_text"][4] == two(f["squares"].slope - sq0.slope)
        assert f["absolute_text"][4] == two(f["absolute"].slope - ab0.slope)
        assert f["moved"] == two(f["y"] - y[k])
    assert scene.shown["moved_after"] == {
        "squares": drag[-1]["squares_text"][4],
        "absolute": drag[-1]["absolute_text"][4],
    }


@pytest.mark.parametrize("which", ["default", "custom"])
def test_drawn_lines_and_errors_match_the_fits(which, scenes):
    scene = scenes[which]
    d = scene.data
    y_lo, y_hi, _ = d.y_range
    for i in range(len(d.drag)):
        frame = scene.drag_frame(i)
        y = d.dragged(i)
        assert scene.axes.p2c(scene.dots[d.outlier].get_center())[1] == pytest.approx(frame["y"])
        for name, curve, errors in (
            ("squares", scene.sq_line, scene.sq_errors),
            ("absolute", scene.abs_line, scene.abs_errors),
        ):
            line = frame[name]
            (x0, y0), (x1, y1) = (scene.axes.p2c(p) for p in curve.points[[0, -1]])
            assert (y1 - y0) / (x1 - x0) == pytest.approx(line.slope, abs=1e-6)
            assert y0 == pytest.approx(line.predict(x0), abs=1e-6)
            segments = scene.segments(errors)
            assert len(segments) == len(d.x)
            for (start, end), xi, yi in zip(segments, d.x, y):
                assert start[0] == pytest.approx(end[0], abs=1e-9)  # vertical
                assert start[0] == pytest.approx(xi, abs=0.1)  # beside its point
                assert start[1] == pytest.approx(yi, abs=1e-6)
                assert end[1] == pytest.approx(line.predict(xi), abs=1e-6)
                assert y_lo <= min(start[1], end[1]) and max(start[1], end[1]) <= y_hi
        assert scene.moved_text() == {
            "squares": frame["squares_text"][4],
            "absolute": frame["absolute_text"][4],
        }
        assert two(scene.outlier_readout.value) == frame["moved"]


@pytest.mark.parametrize("which", ["default", "custom"])
def test_verdict_reports_the_slope_changes(which, scenes):
    scene = scenes[which]
    params = {**{"outlier": -2, "outlier_distance": -7.0}, **params_of(which)}
    x, y = points(**params)
    k = params["outlier"] % len(x)
    far = y.copy()
    far[k] += params["outlier_distance"]
    moved_sq = abs(np.polyfit(x, far, 1)[0] - np.polyfit(x, y, 1)[0])
    moved_ab = abs(least_absolute_line(x, far).slope - least_absolute_line(x, y).slope)
    assert scene.shown["slope_moved"] == {"squares": two(moved_sq), "absolute": two(moved_ab)}
    assert f"changed by {two(moved_sq)}" in scene.shown["verdict"][0]
    sq = least_squares_line(x, far)
    e = far - sq.predict(x)
    assert scene.shown["outlier_share"]["squares"] == pytest.approx(e[k] ** 2 / (e @ e))
    assert f"{e[k] ** 2 / (e @ e):.0%}" in scene.shown["verdict"][1]
    # The bars show the same shares, rounded as the narration says them.
    ab = least_absolute_line(x, far)
    a = np.abs(far - ab.predict(x))
    shares = [e[k] ** 2 / (e @ e), a[k] / a.sum()]
    assert scene.shown["share_bars"] == [f"{share:.0%}" for share in shares]
    assert all(f"{share:.0%}" in scene.shown["verdict"][1] for share in shares)


def test_default_outlier_pulls_squares_far_more_than_absolute(scenes):
    moved = scenes["default"].shown["slope_moved"]
    assert float(moved["squares"]) > 3 * float(moved["absolute"])
    headline = next(b.headline for b in scenes["default"].beat_log if b.name == "verdict")
    assert headline.startswith("The squared line turns")


def test_same_points_and_coordinates_as_least_squares_line(scenes):
    from scenes.clips.part1_curve_fitting import regression

    lsl = regression.LeastSquaresLine.resolve_params({})
    ours = scenes["default"]
    np.testing.assert_array_equal(
        np.column_stack(regression.make_data(lsl)), np.column_stack(make_data(ours.p))
    )
    assert list(ours.axes.x_range[:2]) == [regression.X_LO, regression.X_HI]


def test_ghosts_of_both_starting_lines_stay_where_the_lines_started(scenes):
    scene = scenes["default"]
    d = scene.data
    assert len(scene.ghosts) == 2
    for ghost, line in zip(scene.ghosts, (d.squares, d.absolute)):
        pts = np.array([scene.axes.p2c(p) for p in ghost.get_all_points()])
        assert pts[:, 1] == pytest.approx(line.predict(pts[:, 0]), abs=1e-6)


@pytest.mark.parametrize(
    "params",
    [{"n_points": 4}, {"noise": -1}, {"outlier": 40}, {"outlier_distance": 20}, {"colour": 1}],
)
def test_out_of_range_parameters_raise_param_error(params):
    with pytest.raises(ParamError):
        AbsoluteVsSquared.resolve_params(params)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"n_points": 12, "outlier": 12}, "not a point"),
        ({"n_points": 5, "outlier": -6}, "not a point"),
        ({"n_points": 8, "outlier": 10}, "not a point"),
        ({"outlier_distance": 0.5}, "barely moves"),
        ({"outlier_distance": -0.2}, "barely moves"),
    ],
)
def test_unworkable_parameters_raise_param_error(params, match):
    with pytest.raises(ParamError, match=match):
        AbsoluteVsSquared.prepare(AbsoluteVsSquared.resolve_params(params))


@pytest.mark.parametrize("params", [{"n_points": 5, "outlier": -5}, {"n_points": 5, "outlier": 4}])
def test_edge_indices_are_accepted(params):
    data = AbsoluteVsSquared.prepare(AbsoluteVsSquared.resolve_params(params))
    assert data.outlier == params["outlier"] % 5


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(AbsoluteVsSquared)
