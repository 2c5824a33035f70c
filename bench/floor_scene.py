"""Render-time floors: scenes that cost what any clip of that length costs at least.

Render: ``NNFIT_PARAMS="duration=12.5" manim -ql bench/floor_scene.py FloorScene``
(``bench/render.py`` does this for every clip's duration).

``FloorScene`` draws one dot for ``duration`` seconds at the clip's quality:
what remains is the fixed cost of a Manim render (start-up and imports,
the parameters and theme, writing and encoding every frame of the video).
With ``moving=true`` the dot crosses the frame, so every frame is drawn
rather than repeated: the floor of a clip that animates throughout (it
costs about 0.5 s of CPU more over 12 s of video).
"""

from __future__ import annotations

from manim import LEFT, RIGHT, Dot, linear

from scenes.core.params import Param
from scenes.render.clip import ClipScene


class FloorScene(ClipScene):
    """One dot, on screen for ``duration`` seconds."""

    SUMMARY = "benchmark floor: one dot for the given duration"
    IN_DEFAULT_RENDER = False
    PARAMS = (
        Param("duration", float, 10.0, "video length in seconds", lo=0.1, hi=600.0),
        Param("moving", bool, False, "move the dot so every frame is drawn", visual=True),
    )

    def construct(self) -> None:
        dot = Dot(color=self.theme.model).shift(3 * LEFT)
        self.add(dot)
        if self.p.moving:
            self.play(dot.animate.shift(6 * RIGHT), run_time=self.p.duration, rate_func=linear)
        else:
            self.wait(self.p.duration)
