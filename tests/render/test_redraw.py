"""ClipScene redraws only what moves: its frames must equal Manim's own, pixel for pixel.

Manim repaints every mobject drawn after the first moving one; ClipScene
paints the ones that do not move with the still background and promotes
one back when it changes or a moving outline reaches it. These scenes are
made of the cases where that could go wrong, rendered both ways.
"""

from __future__ import annotations

import numpy as np
import pytest
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Dot,
    FadeIn,
    Square,
    Text,
    UpdateFromAlphaFunc,
    ValueTracker,
    VGroup,
    linear,
    tempconfig,
)
from manim.renderer.cairo_renderer import CairoRenderer

from scenes.render.clip import ClipScene
from scenes.widgets.text import LiveNumber, caption, swap_caption
from tests.conftest import _MEDIA


class Crossings(ClipScene):
    """A dot moving under later-drawn text; a neighbour edited by another's updater."""

    def construct(self) -> None:
        mover = Dot(3 * LEFT, radius=0.3, color="#E69F00")
        self.add(mover)
        label = Text("on top", font_size=40).move_to(RIGHT)  # drawn after the dot
        far = Text("far away", font_size=30).to_corner(UP + RIGHT)
        edited = Square(0.6, color="#56B4E9").move_to(2 * DOWN + 3 * LEFT)
        self.add(label, far, edited)
        self.play(mover.animate.move_to(3 * RIGHT), run_time=1)

        def nudge(_mob, alpha: float) -> None:  # edits a mobject the animation does not own
            edited.move_to(2 * DOWN + (3 * alpha - 3) * RIGHT)

        self.play(UpdateFromAlphaFunc(mover, nudge), run_time=0.6)


class LayersAndUpdaters(ClipScene):
    """z-index order, a group half moving, an updater during a wait, a fading caption."""

    def construct(self) -> None:
        tracker = ValueTracker(0.0)
        ring = Circle(1.0, color="#009E73").set_z_index(2)
        under = Square(2.4, color="#D55E00", fill_opacity=0.6).set_z_index(1)
        group = VGroup(Square(0.5).shift(2 * LEFT), Square(0.5).shift(2 * RIGHT))
        number = LiveNumber(0.0, font_size=30).to_corner(UP + LEFT)
        number.add_updater(lambda m: m.set_value(tracker.get_value()))
        self.add(under, ring, group, number)
        self.caption_mob = caption("a caption that fades in", self.theme)
        self.play(
            group[0].animate.shift(UP),
            tracker.animate.set_value(3.0),
            FadeIn(self.caption_mob),
            run_time=0.8,
        )
        self.play(ring.animate.scale(1.5), run_time=0.6)
        self.wait(0.4)  # an updater is still attached: not a still frame
        # A caption swap adds its new caption halfway through the play; later a moving
        # square reaches a label drawn above it (that promotion rebuilds the redrawn list).
        label = Text("above", font_size=30).move_to(2.5 * RIGHT + UP)
        self.add(label)
        anim, _ = swap_caption(self.caption_mob, "a second caption, added mid-play", self.theme)
        self.play(group[0].animate.move_to(2.5 * RIGHT + UP), anim, run_time=1.0, rate_func=linear)


def frames_of(cls, redraw_only_moving: bool) -> list[np.ndarray]:
    frames: list[np.ndarray] = []
    original = CairoRenderer.add_frame

    def keep(self, frame, num_frames=1):
        frames.extend([frame.copy()] * num_frames)
        return original(self, frame, num_frames)

    settings = {
        "pixel_width": 320,
        "pixel_height": 180,
        "frame_rate": 10,
        "media_dir": _MEDIA,
        "disable_caching": True,
        "write_to_movie": True,
        "format": "mp4",
        "progress_bar": "none",
        "verbosity": "WARNING",
    }
    klass = type(cls.__name__, (cls,), {"REDRAW_ONLY_MOVING": redraw_only_moving})
    try:
        CairoRenderer.add_frame = keep
        with tempconfig(settings):
            klass(params={}).render()
    finally:
        CairoRenderer.add_frame = original
    return frames


@pytest.mark.parametrize("cls", [Crossings, LayersAndUpdaters])
def test_same_frames_as_manim(cls):
    ours, manims = frames_of(cls, True), frames_of(cls, False)
    assert len(ours) == len(manims) > 10
    for i, (a, b) in enumerate(zip(ours, manims)):
        assert np.array_equal(a, b), f"frame {i} differs in {np.count_nonzero(a != b)} values"
    assert any(np.count_nonzero(a) for a in ours)


def test_fewer_outlines_redrawn():
    """The point of it: the text after the moving dot is not repainted every frame."""
    drawn: list[int] = []
    from manim import Camera

    original = Camera.capture_mobjects

    def count(self, mobjects, **kwargs):
        drawn.append(sum(len(m.family_members_with_points()) for m in mobjects))
        return original(self, mobjects, **kwargs)

    totals = []
    for flag in (True, False):
        drawn.clear()
        Camera.capture_mobjects = count
        try:
            frames_of(Crossings, flag)
        finally:
            Camera.capture_mobjects = original
        totals.append(sum(drawn))
    assert totals[0] < 0.5 * totals[1]
