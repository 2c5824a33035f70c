"""Smoke clip: proves the toolchain renders (text, axes, a computed curve).

Render: ``manim -ql scenes/clips/smoke.py SmokeTest``
"""

from __future__ import annotations

import numpy as np
from manim import Create, FadeIn, Write

from nnmath import Network
from scenes.core.layout import MAIN
from scenes.core.params import Param
from scenes.render.clip import ClipScene
from scenes.widgets.plots import make_axes, polyline
from scenes.widgets.text import Captions, title


class SmokeTest(Captions, ClipScene):
    """A title and one random ReLU network drawn on axes."""

    SUMMARY = "toolchain check: a title and one ReLU network's graph"
    IN_DEFAULT_RENDER = False
    PARAMS = (Param("seed", int, 0, "seed of the random network", lo=0, hi=10**6),)

    @classmethod
    def prepare(cls, p):
        net = Network([1, 4, 1], seed=p.seed)
        xs = np.linspace(-3, 3, 241)
        return xs, net.forward(xs)[:, 0]

    def construct(self):
        xs, ys = self.data
        heading = title("Rendering works", self.theme)
        axes = make_axes(self.theme, [-3, 3, 1], [-3, 3, 1], x_length=9, y_length=5)
        MAIN.fit(axes, grow=False)
        curve = polyline(axes, xs, np.clip(ys, -3, 3), self.theme.model)
        self.shown["n_points"] = len(xs)
        self.beat("network", "A random network with 4 ReLU neurons",
                  f"The curve of a random network with 4 ReLU neurons, drawn through "
                  f"{len(xs)} computed points.")  # fmt: skip
        self.play(Write(heading), FadeIn(axes), Create(curve))
        self.wait(0.5)
