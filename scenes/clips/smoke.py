"""Smoke clip: proves the toolchain renders (text, axes, a computed curve).

Render: ``manim -ql scenes/clips/smoke.py SmokeTest``
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, Create, FadeIn, Write

from nnmath import Network
from scenes.core.params import Param
from scenes.render.clip import ClipScene
from scenes.widgets.plots import make_axes, polyline
from scenes.widgets.text import caption, title


class SmokeTest(ClipScene):
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
        axes = make_axes(self.theme, [-3, 3, 1], [-3, 3, 1], x_length=7, y_length=4)
        axes.next_to(heading, DOWN, buff=0.3)
        curve = polyline(axes, xs, np.clip(ys, -3, 3), self.theme.primary)
        self.shown["n_points"] = len(xs)
        self.play(Write(heading))
        self.play(FadeIn(axes), Create(curve))
        self.add(caption("a random network with 4 ReLU neurons", self.theme))
        self.wait(0.5)
