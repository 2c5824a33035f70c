"""Clip 11, BallRollingDownhill: balls from several starts settle in different valleys.

Render: ``python -m scenes render BallRollingDownhill``
(or ``manim -ql scenes/clips/downhill.py BallRollingDownhill``).

Every path is ``nnmath.descend`` output on an ``nnmath.curve``: the clip only draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    GrowFromCenter,
    MathTex,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    Write,
    linear,
)

from nnmath import CURVES, Curve, TrainingDiverged, curve, descend
from nnmath import Surface as CostSurface
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Theme
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources
from scenes.widgets.plots import make_axes, polyline
from scenes.widgets.text import LiveNumber, fit_within, merged_text, swap_caption, title


def distinct_colours(theme: Theme, n: int) -> list[str]:
    """``n`` colours for balls/paths that stand out against ``theme.model`` curves."""
    pool = [theme.compare, theme.correct, theme.wrong, theme.highlight, theme.text, theme.muted]
    unique = list(dict.fromkeys(pool))
    return [unique[i % len(unique)] for i in range(n)]


def descend_from_each(
    landscape: Curve | CostSurface, starts, learning_rate: float, steps: int
) -> list[np.ndarray]:
    """``nnmath.descend`` from every start, or a one-line ParamError if the rate diverges.

    The error suggests the largest of ``rate/2, rate/4, ...`` that converges here.
    """

    def run(rate: float) -> list[np.ndarray]:
        return [descend(landscape, start, rate, steps) for start in starts]

    try:
        return run(learning_rate)
    except TrainingDiverged:
        pass
    rate = learning_rate
    for _ in range(30):
        rate /= 2
        try:
            run(rate)
            break
        except TrainingDiverged:
            continue
    raise ParamError(
        f"learning_rate={learning_rate:g} makes descent on {landscape.name!r} diverge; "
        f"try learning_rate <= {rate:.3g}"
    )


# -- clip 11: balls rolling down a 1-D landscape ---------------------------------------


@dataclass(frozen=True)
class RollingData:
    """What :class:`BallRollingDownhill` shows, all computed by nnmath."""

    landscape: Curve
    xs: np.ndarray  # dense sampling of the curve, for drawing it
    ys: np.ndarray
    paths: list[np.ndarray]  # descend() output per start, shape (steps + 1,)
    step_sizes: list[np.ndarray]  # |x_{k+1} - x_k|, shape (steps,)
    nearest_minimum: list[int]  # index into landscape.minima of each path's end
    lowest_minimum: int  # index of the deepest valley


class BallRollingDownhill(ClipScene):
    """Balls dropped on a wiggly 1-D cost roll into different valleys.

    Each ball moves by ``-learning_rate * slope``: the steps shrink as the
    ground flattens, and a ball stops in whichever valley it started above.
    """

    SUMMARY = "gradient descent in 1-D: balls from different starts settle in different valleys"
    PARAMS = (
        Param("function", str, "wiggly", "the 1-D landscape", choices=CURVES),
        Param(
            "starts",
            tuple,
            (-2.9, 0.2, 2.6),
            "starting x of each ball (inside the domain)",
            min_len=1,
            max_len=5,
        ),
        Param("learning_rate", float, 0.1, "step = learning_rate x slope", lo=1e-4, hi=10),
        Param("steps", int, 20, "gradient steps each ball takes", lo=1, hi=300),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> RollingData:
        land = curve(p.function)
        lo, hi = land.domain
        for s in p.starts:
            if not land.contains(s):
                raise ParamError(
                    f"starts={s:g} is outside the {p.function!r} curve's domain; "
                    f"use starts from {lo:g} to {hi:g}"
                )
        paths = descend_from_each(land, p.starts, p.learning_rate, p.steps)
        xs = np.linspace(lo, hi, 301)
        ends = np.array([path[-1] for path in paths])
        nearest = [int(np.argmin(np.abs(land.minima - e))) for e in ends]
        return RollingData(
            landscape=land,
            xs=xs,
            ys=land.value(xs),
            paths=paths,
            step_sizes=[np.abs(np.diff(path)) for path in paths],
            nearest_minimum=nearest,
            lowest_minimum=int(np.argmin(land.value(land.minima))),
        )

    # -- steps -------------------------------------------------------------
    def construct(self) -> None:
        self.colours = distinct_colours(self.theme, len(self.data.paths))
        self.next_section("landscape")
        self.show_landscape()
        self.next_section("balls")
        self.drop_balls()
        self.next_section("descend")
        self.roll()
        self.next_section("settle")
        self.mark_valleys()

    def show_landscape(self) -> None:
        d = self.data
        lo, hi = d.landscape.domain
        # Only the shape of the cost matters here, so the cost axis has no numbers and
        # starts at the lowest drawn level: the x axis then runs under the whole curve.
        self.y_floor = float(np.floor(d.ys.min() - 0.3))
        span = float(np.ceil(d.ys.max() - self.y_floor))
        heading = title("Gradient descent: roll downhill", self.theme)
        self.axes = make_axes(self.theme, [lo, hi, 1], [0, span, 1], x_length=8.4, y_length=4.0)
        self.axes.y_axis.remove(self.axes.y_axis.numbers)
        self.axes.next_to(heading, DOWN, buff=0.6).to_edge(LEFT, buff=0.6)
        graph = polyline(self.axes, d.xs, d.ys - self.y_floor, self.theme.model)
        labels = VGroup(
            merged_text("x (one weight)", self.theme.muted, 22).next_to(
                self.axes.x_axis, RIGHT, buff=0.2
            ),
            merged_text("cost", self.theme.muted, 22).next_to(self.axes.y_axis, UP, buff=0.1),
        )
        anim, self.cap = swap_caption(
            None, "A cost with several valleys. Which one does descent find?", self.theme
        )
        drop_svg_sources(heading, labels, self.axes)  # cheaper copies in every animation
        self.play(Write(heading), FadeIn(self.axes), FadeIn(labels), run_time=1.2)
        self.play(Create(graph), anim, run_time=1.5)
        self.shown["curve"] = d.landscape.name

    def drop_balls(self) -> None:
        d = self.data
        rule = MathTex(r"x \;\leftarrow\; x - \eta\, f'(x)", font_size=40, color=self.theme.text)
        eta = MathTex(rf"\eta = {self.p.learning_rate:g}", font_size=34, color=self.theme.muted)
        self.shown["learning_rate"] = self.p.learning_rate
        # A small table: each ball's first step (fixed) and its current step (live).
        cells = [
            VGroup(),
            merged_text("first step", self.theme.muted, 20),
            merged_text("this step", self.theme.muted, 20),
        ]
        self.numbers = []
        for i, (colour, sizes) in enumerate(zip(self.colours, d.step_sizes)):
            name = VGroup(
                Dot(radius=0.1, color=colour, stroke_color=self.theme.text, stroke_width=1.5),
                merged_text(f"ball {i + 1}", self.theme.text, 22),
            ).arrange(RIGHT, buff=0.12)
            # "this step" changes every step: a LiveNumber re-points its glyphs instead of
            # rebuilding; "first step" is one too, so both columns share a font.
            first = LiveNumber(sizes[0], num_decimal_places=3, font_size=24, color=colour)
            now = LiveNumber(sizes[0], num_decimal_places=3, font_size=24, color=colour)
            cells += [name, first, now]
            self.numbers.append(now)
        self.readouts = VGroup(*cells).arrange_in_grid(
            cols=3, buff=(0.3, 0.18), col_alignments="lcc"
        )
        panel = VGroup(rule, eta, self.readouts).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        fit_within(panel, 4.2)
        panel.next_to(self.axes, RIGHT, buff=0.5).align_to(self.axes, UP)
        self.panel = panel
        self.balls = VGroup(
            *[
                # outlined in the text colour: some ball colours are below 3:1 on white
                Dot(self._point(path[0]), radius=0.12, color=c, z_index=3,
                    stroke_color=self.theme.text, stroke_width=1.5)  # fmt: skip
                for path, c in zip(d.paths, self.colours)
            ]
        )
        anim, self.cap = swap_caption(
            self.cap, "Each step moves against the slope: step = learning rate x slope", self.theme
        )
        drop_svg_sources(panel)
        self.play(
            *[GrowFromCenter(b) for b in self.balls],
            FadeIn(rule),
            FadeIn(eta),
            FadeIn(self.readouts),
            anim,
            run_time=1.5,
        )
        self.shown["starts"] = [float(path[0]) for path in d.paths]

    def _point(self, x: float) -> np.ndarray:
        return self.axes.c2p(x, float(self.data.landscape.value(x)) - self.y_floor)

    def roll(self) -> None:
        """Play the recorded steps; early (big) steps get more time than late (tiny) ones."""
        d = self.data
        n_steps = len(d.paths[0]) - 1
        durations = np.maximum(0.12, 0.7 * 0.8 ** np.arange(n_steps))
        knots = np.concatenate([[0.0], np.cumsum(durations)])
        total = float(knots[-1])
        # One trail dot per recorded position, revealed as the ball passes it. Each trail is
        # one outline (its dots so far), not a mobject per dot to redraw every frame.
        dots = [[Dot(self._point(x), radius=0.05).points for x in path] for path in d.paths]
        trails = VGroup(
            *[
                VMobject(fill_color=c, fill_opacity=1.0, stroke_width=0).set_points(dots_[0])
                for dots_, c in zip(dots, self.colours)
            ]
        )
        self.add(trails)
        shown_step = [-1]

        def update(_group, alpha: float) -> None:
            t = float(np.interp(alpha * total, knots, np.arange(n_steps + 1)))
            k = min(int(t), n_steps - 1)
            frac = t - k
            for ball, path in zip(self.balls, d.paths):
                ball.move_to(self._point(path[k] + frac * (path[k + 1] - path[k])))
            if k != shown_step[0]:
                shown_step[0] = k
                for trail, dots_ in zip(trails, dots):
                    trail.set_points(np.concatenate(dots_[: k + 1]))
                for number, sizes in zip(self.numbers, d.step_sizes):
                    number.set_value(sizes[k])

        moving = VGroup(*self.balls, trails, *self.numbers)
        self.play(UpdateFromAlphaFunc(moving, update), run_time=total, rate_func=linear)
        for trail, dots_ in zip(trails, dots):
            trail.set_points(np.concatenate(dots_))
        for number, sizes in zip(self.numbers, d.step_sizes):
            number.set_value(sizes[-1])
        for ball, path in zip(self.balls, d.paths):
            ball.move_to(self._point(path[-1]))
        self.shown["paths"] = [path.copy() for path in d.paths]
        self.shown["step_sizes_first"] = [float(s[0]) for s in d.step_sizes]
        self.shown["step_sizes_last"] = [float(s[-1]) for s in d.step_sizes]
        self.wait(0.5)

    def mark_valleys(self) -> None:
        d = self.data
        land = d.landscape
        marks = VGroup(
            *[
                DashedLine(
                    self.axes.c2p(m, 0), self._point(m), color=self.theme.muted, stroke_width=2
                )
                for m in land.minima
            ]
        )
        low_label = merged_text("lowest", self.theme.muted, 20).next_to(
            self.axes.c2p(land.minima[d.lowest_minimum], 0), DOWN, buff=0.45
        )
        found = len(set(d.nearest_minimum))
        lowest_balls = [i + 1 for i, m in enumerate(d.nearest_minimum) if m == d.lowest_minimum]
        if len(lowest_balls) == len(d.paths):
            tail = "all found the lowest one."
        elif len(lowest_balls) == 1:
            tail = f"only ball {lowest_balls[0]} found the lowest one."
        elif lowest_balls:
            names = ", ".join(str(b) for b in lowest_balls[:-1]) + f" and {lowest_balls[-1]}"
            tail = f"only balls {names} found the lowest one."
        else:
            tail = "none found the lowest one."
        ball_word = "ball" if len(d.paths) == 1 else "balls"
        valley_word = "valley" if found == 1 else "different valleys"
        text = (
            f"{len(d.paths)} {ball_word}, {found} {valley_word}: steps shrink as the slope "
            f"flattens;\n{tail} Where you start decides where you end."
        )
        self.shown["valleys_found"] = found
        self.shown["final_x"] = [float(path[-1]) for path in d.paths]
        anim, self.cap = swap_caption(self.cap, text, self.theme)
        self.play(FadeIn(marks), FadeIn(low_label), anim)
        self.wait(1.5)
