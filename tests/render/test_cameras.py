"""The cameras' fast paths hand Cairo exactly what Manim's own code hands it."""

from __future__ import annotations

import cairo
import numpy as np
import pytest
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Circle,
    Dot,
    Line,
    MathTex,
    Square,
    Text,
    ThreeDCamera,
    VGroup,
    VMobject,
    tempconfig,
)
from manim.camera.camera import Camera

from scenes.render.cameras import ImageCamera, MeshCamera
from scenes.widgets.text import merged_text
from tests.conftest import _MEDIA


def shapes() -> list[VMobject]:
    """Open and closed paths, many subpaths (text), a long polyline, degenerate ones."""
    rng = np.random.default_rng(0)
    walk = np.cumsum(rng.normal(scale=0.05, size=(400, 3)), axis=0) * [1, 1, 0]
    ring = VMobject().set_points_as_corners([LEFT, UP, RIGHT, DOWN, LEFT])  # closed
    gapped = VMobject().set_points_as_corners([LEFT, UP])
    gapped.append_points(VMobject().set_points_as_corners([RIGHT, DOWN + RIGHT]).points)
    with tempconfig({"media_dir": _MEDIA}):
        text = Text("Gradient 0.25, 9^784", font_size=30)
        formula = MathTex(r"\frac{\partial C}{\partial w}")
    return [
        Circle(1.3).shift(0.3 * UP),
        Square(2).rotate(0.3),
        Arrow(LEFT, 2 * RIGHT + UP, buff=0),
        Dot(0.2 * RIGHT),
        VMobject().set_points_as_corners(walk),
        ring,
        gapped,
        Line(LEFT, LEFT),  # zero length
        VMobject(),  # no points
        *text.family_members_with_points(),
        *formula.family_members_with_points(),
        merged_text("one outline: 0.5 + 1e-3", "#FFFFFF", 24),
        VGroup(Circle(0.5), Square(0.4)).shift(3 * RIGHT).family_members_with_points()[0],
    ]


def cairo_path(camera: Camera, method, mob: VMobject) -> list:
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, 64, 36)
    ctx = cairo.Context(surface)
    method(camera, ctx, mob)
    return list(ctx.copy_path())


@pytest.mark.parametrize(
    ("ours", "manims"), [(ImageCamera, Camera), (MeshCamera, ThreeDCamera)], ids=["2d", "3d"]
)
def test_same_cairo_path_as_manim(ours, manims):
    camera = ours()
    if isinstance(camera, ThreeDCamera):
        camera.set_phi(1.0)
        camera.set_theta(-0.7)
        camera.reset_rotation_matrix()
    checked = 0
    for mob in shapes():
        mine = cairo_path(camera, ours.set_cairo_context_path, mob)
        theirs = cairo_path(camera, manims.set_cairo_context_path, mob)
        assert mine == theirs, type(mob).__name__
        checked += bool(theirs)
    assert checked > 10


def test_same_frame_as_manim():
    """Every shape drawn in one frame, both ways: the same pixels."""
    frames = []
    for cls in (ImageCamera, Camera):
        with tempconfig({"pixel_width": 320, "pixel_height": 180}):
            camera = cls()
            camera.capture_mobjects(shapes())
            frames.append(camera.pixel_array.copy())
    assert np.count_nonzero(frames[0]) > 1000
    assert np.array_equal(frames[0], frames[1])


def test_subpath_ranges_match_manims_split():
    """Near-equal, equal, distant, NaN and infinite anchors: the same subpaths."""
    from scenes.render.cameras import subpath_ranges

    rng = np.random.default_rng(1)
    mob = VMobject()
    specials = [np.nan, np.inf, -np.inf, 0.0, 1e-7, 1.0 + 1e-6, 1e6]
    cases = 0
    for n_points in [0, 3, 4, 5, 6, 8, 12, 16, 40, 96]:
        for _ in range(60):
            points = rng.choice([0.0, 1.0, 1.0 + 2e-6, 1.0 + 1e-4], size=(n_points, 3))
            if n_points and rng.random() < 0.5:
                points.flat[rng.integers(points.size)] = rng.choice(specials)
            expected = mob.get_subpath_split_indices_from_points(points, n_dims=2)
            flat = points[:, :2].ravel().tolist()
            got = subpath_ranges(flat, 4, mob.tolerance_for_point_equality)
            assert got == [tuple(r) for r in expected.tolist()], points
            cases += len(got) > 1
    assert cases > 100  # many cases really split
