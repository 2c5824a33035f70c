"""Clips 11-13 (scenes/gradient_descent.py): they build, and what they show is nnmath's."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import curve, descend, surface
from scenes.clips.part3_learning.cost_surface import (
    HEIGHT_SCALE,
    SURFACE_PRESETS,
    CostSurfaceDescent,
    plotted_height,
)
from scenes.clips.part3_learning.downhill import BallRollingDownhill
from scenes.clips.part3_learning.gradient_importance import (
    GradientImportance,
    label_spot,
    level_contour,
)
from scenes.core.params import ParamError
from scenes.core.theme import OKABE_ITO
from scenes.render.cameras import MeshCamera
from scenes.widgets.surface import MeshSurface
from tests.clips.layout import layout_test
from tests.conftest import build_scene

# -- BallRollingDownhill ---------------------------------------------------------------


@pytest.fixture(scope="module")
def rolling_scene():
    return build_scene(BallRollingDownhill)


def test_balls_follow_descend_and_settle_in_three_different_valleys(rolling_scene):
    scene = rolling_scene
    p = BallRollingDownhill.resolve_params({})
    wiggly = curve("wiggly")
    assert len(scene.shown["paths"]) >= 3
    ends = []
    for start, path in zip(p.starts, scene.shown["paths"]):
        np.testing.assert_array_equal(path, descend(wiggly, start, p.learning_rate, p.steps))
        ends.append(int(np.argmin(np.abs(wiggly.minima - path[-1]))))
        assert abs(path[-1] - wiggly.minima[ends[-1]]) < 1e-3
    assert len(set(ends)) >= 3
    assert scene.shown["valleys_found"] == len(set(ends))


def test_steps_shrink_as_the_slope_flattens(rolling_scene):
    scene = rolling_scene
    for path, first, last in zip(
        scene.shown["paths"], scene.shown["step_sizes_first"], scene.shown["step_sizes_last"]
    ):
        steps = np.abs(np.diff(path))
        assert first == pytest.approx(steps[0])
        assert last == pytest.approx(steps[-1])
        assert last < 0.01 * first


def test_each_step_is_an_arrow_and_the_descent_lasts_at_least_5_s(rolling_scene):
    shown = rolling_scene.shown
    assert shown["descent_seconds"] >= 5.0
    # every ball draws its long steps as arrows (the tiny ones at the bottom are not drawn)
    assert all(1 <= n < len(path) - 1 for n, path in zip(shown["arrows"], shown["paths"]))


def test_every_whole_x_is_numbered_zero_too(rolling_scene):
    numbers = rolling_scene.axes.x_axis.numbers
    assert len(numbers) == 7  # -3 to 3 on the wiggly curve's domain
    assert numbers[3].get_center()[0] == pytest.approx(rolling_scene.axes.c2p(0, 0)[0], abs=0.01)


def test_balls_on_another_function_with_other_starts():
    params = {
        "function": "double_well",
        "starts": "-1.5,0.1,1.4",
        "learning_rate": 0.05,
        "steps": 30,
        "theme": "light",
    }
    scene = build_scene(BallRollingDownhill, params)
    well = curve("double_well")
    for start, path in zip((-1.5, 0.1, 1.4), scene.shown["paths"]):
        np.testing.assert_array_equal(path, descend(well, start, 0.05, 30))


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"starts": "-2,3.5"}, "outside"),
        ({"function": "double_well", "starts": "-2"}, "-1.6 to 1.6"),
        ({"learning_rate": 5}, "learning_rate"),
    ],
)
def test_rolling_bad_params_raise_one_line(params, words):
    values = BallRollingDownhill.resolve_params(params)
    with pytest.raises(ParamError, match=words) as info:
        BallRollingDownhill.prepare(values)
    assert "\n" not in str(info.value)


def test_rolling_unknown_function_is_rejected():
    with pytest.raises(ParamError):
        BallRollingDownhill.resolve_params({"function": "sine"})


# -- CostSurfaceDescent ------------------------------------------------------------------


@pytest.fixture(scope="module")
def surface_scene():
    return build_scene(CostSurfaceDescent, {"resolution": 8})


def test_surface_paths_are_descend_outputs(surface_scene):
    himmelblau = surface("himmelblau")
    starts, rate, steps = SURFACE_PRESETS["himmelblau"]
    assert surface_scene.shown["starts"] == [tuple(s) for s in starts]
    for start, path in zip(starts, surface_scene.shown["paths"]):
        np.testing.assert_array_equal(path, descend(himmelblau, start, rate, steps))


def test_default_paths_each_end_within_1e3_of_a_different_known_minimum(surface_scene):
    minima = surface("himmelblau").minima
    reached = []
    for path in surface_scene.shown["paths"]:
        dist = np.linalg.norm(minima - path[-1], axis=1)
        assert dist.min() < 1e-3
        reached.append(int(dist.argmin()))
    assert len(set(reached)) == 4  # Himmelblau's four valleys
    assert surface_scene.shown["reached"] == 4


def test_drawn_paths_use_the_surface_height_mapping(surface_scene):
    """Every recorded step is drawn at the plotted height of its cost (plus the lift)."""
    land = surface("himmelblau")
    scene = surface_scene
    for path, drawn in zip(scene.shown["paths"], scene.draped):
        knots = drawn[:: scene.SUBSTEPS]
        assert len(knots) == len(path)
        height = plotted_height(land.value(path[:, 0], path[:, 1]), 0.0, HEIGHT_SCALE["himmelblau"])
        expected = np.array([scene.axes.c2p(x, y, z) for (x, y), z in zip(path, height)])
        np.testing.assert_allclose(knots, expected + [0, 0, scene.LIFT], atol=1e-9)
    assert scene.shown["height"] == "log(1 + cost/10)"


def test_surface_with_explicit_starts_and_another_surface():
    params = {
        "surface": "six_hump_camel",
        "starts": "-1:0.5,1.2:-0.6",
        "learning_rate": 0.03,
        "steps": 50,
        "resolution": 6,
    }
    scene = build_scene(CostSurfaceDescent, params)
    camel = surface("six_hump_camel")
    for start, path in zip([(-1, 0.5), (1.2, -0.6)], scene.shown["paths"]):
        np.testing.assert_array_equal(path, descend(camel, start, 0.03, 50))


@pytest.mark.parametrize("name", sorted(SURFACE_PRESETS))
def test_each_surface_preset_runs_without_diverging(name):
    values = CostSurfaceDescent.resolve_params({"surface": name})
    data = CostSurfaceDescent.prepare(values)
    starts, rate, steps = SURFACE_PRESETS[name]
    assert data.starts == starts and data.learning_rate == rate and data.steps == steps
    if name != "rosenbrock":  # Rosenbrock's flat valley floor is the slow-descent example
        assert all(data.reached)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"starts": "6:0"}, "outside"),
        ({"surface": "bowl", "starts": "0:3.5"}, "y from -3 to 3"),
        ({"learning_rate": 0.5}, "diverge"),
    ],
)
def test_surface_bad_params_raise_one_line(params, words):
    values = CostSurfaceDescent.resolve_params(params)
    with pytest.raises(ParamError, match=words) as info:
        CostSurfaceDescent.prepare(values)
    assert "\n" not in str(info.value)


def test_unknown_surface_is_rejected():
    with pytest.raises(ParamError, match="choose one of"):
        CostSurfaceDescent.resolve_params({"surface": "volcano"})


# -- GradientImportance ------------------------------------------------------------------


def _bowl_by_hand(x, y):
    """The bowl written out independently of nnmath: C = x^2/2 + 5 y^2/2."""
    return 0.5 * x**2 + 2.5 * y**2


def _finite_difference_gradient(f, x, y, h=1e-6):
    return ((f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h))


@pytest.fixture(scope="module")
def gradient_scene():
    return build_scene(GradientImportance)


def test_gradient_shown_is_3_1_and_matches_finite_differences(gradient_scene):
    scene = gradient_scene
    gx, gy = scene.shown["gradient"]
    fx, fy = _finite_difference_gradient(_bowl_by_hand, 3.0, 0.2)
    assert (gx, gy) == pytest.approx((fx, fy), abs=1e-6)
    assert scene.shown["gradient_text"] == "(3, 1)"
    bowl = surface("bowl")
    assert (gx, gy) == pytest.approx(
        _finite_difference_gradient(lambda u, v: float(bowl.value(u, v)), 3.0, 0.2), abs=1e-6
    )


def test_nudge_in_x_matters_about_three_times_as_much(gradient_scene):
    scene = gradient_scene
    h = scene.shown["nudge"]
    assert scene.shown["rise_x"] == pytest.approx(_bowl_by_hand(3 + h, 0.2) - _bowl_by_hand(3, 0.2))
    assert scene.shown["rise_y"] == pytest.approx(_bowl_by_hand(3, 0.2 + h) - _bowl_by_hand(3, 0.2))
    assert scene.shown["ratio"] == pytest.approx(3, abs=0.1)
    ratios = [row[3] for row in scene.shown["table"]]
    assert abs(ratios[-1] - 3) < abs(ratios[0] - 3)  # closer to 3 as the nudge shrinks
    assert ratios[-1] == pytest.approx(3, abs=0.01)
    assert scene.shown["limit_ratio"] == pytest.approx(3)


def test_displayed_ratio_follows_from_the_displayed_rises(gradient_scene):
    """The bars' numbers and the ratio beside them agree as printed (to their rounding)."""
    h_text, rx_text, ry_text, ratio_text = gradient_scene.shown["nudge_text"]
    rx, ry = float(rx_text), float(ry_text)
    unit = 0.5 * 10.0 ** -len(rx_text.split(".")[1])  # half a unit in the last place
    quotient_error = rx / ry * (unit / rx + unit / ry)
    assert float(ratio_text) == pytest.approx(rx / ry, abs=quotient_error + 0.005)
    assert float(h_text) == gradient_scene.shown["nudge"]
    assert gradient_scene.shown["bar_values"] == pytest.approx(
        [_bowl_by_hand(3.01, 0.2) - 4.6, _bowl_by_hand(3, 0.21) - 4.6]
    )


def test_the_sweep_shows_the_ratio_of_the_rises_at_each_nudge(gradient_scene):
    """Each frame of the shrinking nudge shows h and the ratio of the two rises, to 2 decimals,
    computed here from the bowl written out by hand."""
    sweep = gradient_scene.shown["sweep"]
    assert sweep[0][0] == 0.01 and sweep[-1][0] == pytest.approx(0.0001)
    for (h, _, _, _), (h_text, ratio_text) in zip(sweep, gradient_scene.shown["sweep_text"]):
        rx = _bowl_by_hand(3 + h, 0.2) - _bowl_by_hand(3, 0.2)
        ry = _bowl_by_hand(3, 0.2 + h) - _bowl_by_hand(3, 0.2)
        assert float(ratio_text) == pytest.approx(rx / ry, abs=0.0051)
        assert float(h_text) == pytest.approx(h, abs=0.00005)
    assert gradient_scene.shown["sweep_text"][-1][1] == "3.00"


def test_the_arrow_is_the_gradient_itself_so_its_legs_match_the_ticks(gradient_scene):
    """From (3, 0.2) to (3 + 3, 0.2 + 1) in plot units: legs 3 and 1 on the unit ticks."""
    scene = gradient_scene
    np.testing.assert_allclose(scene.grad_arrow.get_start(), scene.axes.c2p(3, 0.2), atol=1e-6)
    np.testing.assert_allclose(scene.grad_arrow.get_end(), scene.axes.c2p(6, 1.2), atol=1e-6)
    # one scale on both axes, so the arrow meets the contour at a right angle
    unit_x = scene.axes.c2p(1, 0)[0] - scene.axes.c2p(0, 0)[0]
    assert scene.axes.c2p(0, 1)[1] - scene.axes.c2p(0, 0)[1] == pytest.approx(unit_x)


def test_gradient_at_another_point():
    scene = build_scene(GradientImportance, {"point": "1:1", "nudge": 0.001, "theme": "light"})
    assert scene.shown["gradient"] == pytest.approx(
        _finite_difference_gradient(_bowl_by_hand, 1.0, 1.0), abs=1e-6
    )
    assert scene.shown["gradient_text"] == "(1, 5)"
    assert scene.shown["ratio"] == pytest.approx(0.2, abs=0.01)


@pytest.mark.parametrize(("point", "words"), [("4:0", "outside"), ("1:0", "y != 0")])
def test_gradient_bad_points_raise(point, words):
    values = GradientImportance.resolve_params({"point": point})
    with pytest.raises(ParamError, match=words):
        GradientImportance.prepare(values)


def test_gradient_point_must_be_one_point():
    with pytest.raises(ParamError):
        GradientImportance.resolve_params({"point": "1:1,2:2"})


# -- drawing helpers -----------------------------------------------------------------------


def test_mesh_surface_matches_manims_surface_face_for_face():
    """Same face outlines and colours as Surface + set_fill_by_value (what it replaces)."""
    from manim import Surface, ThreeDAxes

    axes = ThreeDAxes(x_range=[-2, 2, 1], y_range=[-1, 1, 1], z_range=[0, 2, 1])

    def height(u, v):
        return np.sin(u) * np.cos(2 * v) + 1

    def lift(u, v):
        return np.asarray(axes.coords_to_point(u, v, height(u, v))).T

    scale = [(OKABE_ITO["blue"], 0.0), (OKABE_ITO["sky_blue"], 1.0), (OKABE_ITO["yellow"], 2.0)]
    ref = Surface(
        lambda u, v: axes.c2p(u, v, float(height(u, v))),
        u_range=(-2, 2),
        v_range=(-1, 1),
        resolution=(5, 5),
        fill_opacity=0.9,
        stroke_width=0.4,
        checkerboard_colors=False,
    ).set_fill_by_value(axes=axes, colorscale=scale, axis=2)
    mesh = MeshSurface(lift, (-2, 2), (-1, 1), 5, fill_opacity=0.9, stroke_width=0.4)
    mesh.set_fill_by_value(axes, scale)
    assert mesh.n_faces == len(ref.submobjects) == 25
    np.testing.assert_allclose(mesh.face_points(), [f.points for f in ref], atol=1e-9)
    np.testing.assert_allclose(mesh.fill_rgbas, [f.fill_rgbas[0] for f in ref], atol=1e-9)
    np.testing.assert_allclose(mesh.stroke_rgbas, [f.stroke_rgbas[0] for f in ref], atol=1e-9)


def test_surface_clip_draws_its_mesh_with_the_mesh_camera(surface_scene):
    assert isinstance(surface_scene.renderer.camera, MeshCamera)
    assert isinstance(surface_scene.mesh, MeshSurface)
    assert surface_scene.mesh.n_faces == 8 * 8


@pytest.mark.parametrize("level", [0.5, 4.6, 6.21])
def test_level_contour_points_have_the_level_as_cost(level):
    bowl = surface("bowl")
    xs, ys = level_contour(bowl, level)
    np.testing.assert_allclose(bowl.value(xs, ys), level, rtol=1e-9)
    assert (xs[0], ys[0]) == (xs[-1], ys[-1])  # closed


def test_label_spot_avoids_the_obstacles():
    from manim import Square

    label = Square(side_length=0.4)
    point = np.zeros(3)
    # lines through every side of the point but the lower left
    blocked = [
        (np.array([-2.0, 0.3, 0]), np.array([2.0, 0.3, 0]), 1.0),
        (np.array([0.3, -2.0, 0]), np.array([0.3, 2.0, 0]), 1.0),
    ]
    spot = label_spot(label, point, blocked)
    assert spot[0] < 0 and spot[1] < 0


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(BallRollingDownhill, CostSurfaceDescent, GradientImportance)
