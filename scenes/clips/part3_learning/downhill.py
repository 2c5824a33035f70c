"""Clip 11, BallRollingDownhill: balls from several starts settle in different valleys.

Render: ``python -m scenes render BallRollingDownhill``
(or ``manim -ql scenes/clips/part3_learning/downhill.py BallRollingDownhill``).

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
    Arrow,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    GrowFromCenter,
    Line,
    MathTex,
    UpdateFromAlphaFunc,
    VGroup,
    Write,
    linear,
)

from nnmath import CURVES, Curve, TrainingDiverged, curve, descend
from nnmath import Surface as CostSurface
from scenes.core.layout import MAIN_LEFT, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size, Theme
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources
from scenes.widgets.formulas import formula
from scenes.widgets.plots import axis_label, make_axes, polyline, tick_labels
from scenes.widgets.text import Captions, LiveNumber, Readout, fit_within, merged_text, title


def distinct_colours(theme: Theme, n: int) -> list[str]:
    """``n`` colours for balls/paths, one per ball, none the ``theme.model`` of the curve
    (the theme's sequence for several marks of one kind)."""
    pool = [c for c in dict.fromkeys(theme.sequence()) if c != theme.model]
    return [pool[i % len(pool)] for i in range(n)]


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


#: The descent's length on screen (s): at least 5 s for the key motion (DESIGN rule 9).
DESCENT_SECONDS = (5.5, 8.0)
#: A step shorter than this on screen (scene units) is drawn without an arrow.
MIN_ARROW = 0.06
#: Per-ball step lengths shown in the side panel, at most (the numbers rule: 6 in all).
MAX_LENGTH_READOUTS = 4


def decimals_of(value: float) -> int:
    """Decimals that show ``value`` as the user typed it (``0.05`` -> 2), at most 4."""
    text = f"{value:g}"
    if "e" in text:
        return 4
    return min(4, len(text.split(".")[1])) if "." in text else 0


class BallRollingDownhill(Captions, ClipScene):
    """Balls dropped on a wiggly 1-D cost roll into different valleys.

    Each ball moves by ``-learning_rate * slope``: each step is drawn as an arrow,
    the arrows shorten as the ground flattens, and a ball stops in whichever
    valley it started above.
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
        self.show_landscape()
        self.drop_balls()
        self.roll()
        self.mark_valleys()

    def show_landscape(self) -> None:
        d, t = self.data, self.theme
        lo, hi = d.landscape.domain
        # Only the shape of the cost matters here, so the cost axis has no numbers and
        # starts at the lowest drawn level: the x axis then runs under the whole curve.
        self.y_floor = float(np.floor(d.ys.min() - 0.3))
        span = float(np.ceil(d.ys.max() - self.y_floor))
        heading = title("Gradient descent: roll downhill", t)
        # The plot fills the main region: room below for the tick numbers and the x
        # axis' name, above for the cost axis' name.
        self.axes = make_axes(
            t, [lo, hi, 1], [0, span, 1],
            x_length=MAIN_LEFT.width - 0.4, y_length=MAIN_LEFT.height - 1.5, numbers=False,
        )  # fmt: skip
        # Every whole x numbered, 0 too (Manim leaves the origin's tick out: put it back).
        x_axis = self.axes.x_axis
        whole = np.arange(np.ceil(lo), np.floor(hi) + 1)
        x_axis.add(tick_labels(self.axes, t, x_values=whole, y_values=[])[0])
        if lo < 0 < hi and len(x_axis.ticks):
            x_axis.add(x_axis.ticks[0].copy().move_to(x_axis.number_to_point(0)))
        # The cost axis at the left edge, without ticks: through x = 0 it would cut the curve.
        # (kept in the axes, unseen: c2p reads it)
        self.axes.y_axis.set_stroke(opacity=0)
        y_line = Line(self.axes.c2p(lo, 0), self.axes.c2p(lo, span), stroke_color=t.axis,
                      stroke_width=2)  # fmt: skip
        x_name = axis_label("x, one weight", t)
        x_name.next_to(self.axes.x_axis.numbers, DOWN, buff=0.15)
        x_name.align_to(self.axes.x_axis, RIGHT)
        y_name = axis_label("cost", t).next_to(y_line, UP, buff=0.15).align_to(y_line, LEFT)
        plot = VGroup(self.axes, y_line, x_name, y_name)
        plot.move_to(MAIN_LEFT.center)
        graph = polyline(self.axes, d.xs, d.ys - self.y_floor, t.model)
        drop_svg_sources(heading, plot)  # cheaper copies in every animation
        self.beat(
            "landscape",
            "A cost with several valleys: which will descent find?",
            f"This cost depends on one weight, x, and has {len(d.landscape.minima)} valleys. "
            "Gradient descent only feels the slope where it stands: which valley will it find?",
        )
        self.play(Write(heading), FadeIn(plot), run_time=1.2)
        self.play(Create(graph), run_time=1.5)
        self.wait(1.0)
        self.shown["curve"] = d.landscape.name

    def drop_balls(self) -> None:
        d, t = self.data, self.theme
        lr = self.p.learning_rate
        rule = formula(MathTex(r"x \;\leftarrow\; x - \eta\, f'(x)", font_size=Size.TITLE,
                               color=t.text))  # fmt: skip
        self.shown["learning_rate"] = lr
        rate = Readout("learning rate \u03b7 =", lr, t, decimals=decimals_of(lr))
        panel = [rule, rate]
        # The step counter, unless the balls' step lengths need every number slot.
        self.counter = None
        if len(d.paths) < MAX_LENGTH_READOUTS:
            self.counter = Readout("steps taken:", 0, t, decimals=0)
            panel.append(self.counter)
        # Each ball's current step length, beside a ball of its colour (live in the descent).
        self.lengths = []
        rows = VGroup()
        for colour, sizes in list(zip(self.colours, d.step_sizes))[:MAX_LENGTH_READOUTS]:
            swatch = Dot(radius=0.13, color=colour, stroke_color=t.text, stroke_width=1.5)
            number = LiveNumber(sizes[0], num_decimal_places=3, font_size=Size.READOUT,
                                color=t.text)  # fmt: skip
            number.next_to(swatch, RIGHT, buff=0.25)
            self.lengths.append(number)
            rows.add(VGroup(swatch, number))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        header = merged_text("this step's length", t.text, Size.READOUT)
        lengths = VGroup(header, rows).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        panel.append(lengths)
        for mob in panel:
            fit_within(mob, SIDE.width)
        SIDE.stack(panel, buff=0.45)
        self.balls = VGroup(
            *[
                # outlined in the text colour: some ball colours are below 3:1 on white
                Dot(
                    self._point(path[0]),
                    radius=0.13,
                    color=c,
                    z_index=3,
                    stroke_color=t.text,
                    stroke_width=1.5,
                )  # fmt: skip
                for path, c in zip(d.paths, self.colours)
            ]
        )
        drop_svg_sources(*panel)
        starts = ", ".join(f"{path[0]:g}" for path in d.paths)
        ball_word = "ball starts" if len(d.paths) == 1 else "balls start"
        self.beat(
            "rule",
            "Each step goes against the slope, longer where it is steep",
            f"{len(d.paths)} {ball_word} at x = {starts}. Each step moves x by minus the "
            f"learning rate, {lr:g}, times the slope f'(x): always downhill, and further "
            "where the ground is steeper.",
        )
        self.play(*[GrowFromCenter(b) for b in self.balls], FadeIn(rule), FadeIn(rate),
                  run_time=1.5)  # fmt: skip
        self.play(*[FadeIn(m) for m in panel[2:]], run_time=1.0)
        self.wait(1.0)
        self.shown["starts"] = [float(path[0]) for path in d.paths]

    def _point(self, x: float) -> np.ndarray:
        return self.axes.c2p(x, float(self.data.landscape.value(x)) - self.y_floor)

    def _step_arrows(self, path: np.ndarray, colour: str) -> list[Arrow | None]:
        """Each recorded step as an arrow from one position to the next (None if too short
        to draw), hidden until the ball takes it."""
        arrows = []
        for a, b in zip(path[:-1], path[1:]):
            start, end = self._point(a), self._point(b)
            if np.linalg.norm(end - start) < MIN_ARROW:
                arrows.append(None)
                continue
            arrow = Arrow(start, end, buff=0, color=colour, stroke_width=5, tip_length=0.2,
                          max_tip_length_to_length_ratio=0.45, max_stroke_width_to_length_ratio=40,
                          z_index=2)  # fmt: skip
            arrows.append(arrow.set_opacity(0))
        return arrows

    def _durations(self) -> np.ndarray:
        """Seconds per step: long steps get more time than the tiny ones at the end, and
        the whole descent lasts ``DESCENT_SECONDS``."""
        d = self.data
        screen = np.array(
            [[np.linalg.norm(self._point(b) - self._point(a)) for a, b in zip(p[:-1], p[1:])]
             for p in d.paths]
        ).max(axis=0)  # fmt: skip
        durations = 0.08 + 1.3 * (screen / max(screen.max(), 1e-9)) ** 0.7
        total = float(np.clip(durations.sum(), *DESCENT_SECONDS))
        return durations * total / durations.sum()

    def roll(self) -> None:
        """Play the recorded steps: each an arrow, the ball sliding along it."""
        d = self.data
        n_steps = len(d.paths[0]) - 1
        knots = np.concatenate([[0.0], np.cumsum(self._durations())])
        total = float(knots[-1])
        arrows = [self._step_arrows(path, c) for path, c in zip(d.paths, self.colours)]
        drawn = VGroup(*[a for row in arrows for a in row if a is not None])
        self.add(drawn)
        self.step_arrows = drawn
        shown_step = [-1]

        def update(_group, alpha: float) -> None:
            at = float(np.interp(alpha * total, knots, np.arange(n_steps + 1)))
            k = min(int(at), n_steps - 1)
            frac = at - k
            for ball, path in zip(self.balls, d.paths):
                ball.move_to(self._point(path[k] + frac * (path[k + 1] - path[k])))
            if k != shown_step[0]:
                shown_step[0] = k
                for row in arrows:
                    for j, arrow in enumerate(row):
                        if arrow is not None:
                            arrow.set_opacity(1.0 if j <= k else 0.0)
                for number, sizes in zip(self.lengths, d.step_sizes):
                    number.set_value(sizes[k])
                if self.counter is not None:
                    self.counter.set_value(k + 1)

        sizes = ", ".join(f"{s[0]:.2f}" for s in d.step_sizes)
        last = max(float(s[-1]) for s in d.step_sizes)
        self.beat(
            "descend",
            "Steep ground, long steps; flat ground, short steps",
            f"The first steps are {sizes} long. Near the bottom the slope flattens, so the "
            f"steps shrink: after {n_steps} steps the longest is {last:.1g}.",
        )
        numbers = [*self.lengths, *([self.counter.number] if self.counter else [])]
        moving = VGroup(*self.balls, drawn, *numbers)
        self.play(UpdateFromAlphaFunc(moving, update), run_time=total, rate_func=linear)
        update(None, 1.0)
        for ball, path in zip(self.balls, d.paths):
            ball.move_to(self._point(path[-1]))
        self.shown["paths"] = [path.copy() for path in d.paths]
        self.shown["step_sizes_first"] = [float(s[0]) for s in d.step_sizes]
        self.shown["step_sizes_last"] = [float(s[-1]) for s in d.step_sizes]
        self.shown["arrows"] = [sum(a is not None for a in row) for row in arrows]
        self.shown["descent_seconds"] = total
        self.wait(1.0)

    def mark_valleys(self) -> None:
        d, t = self.data, self.theme
        land = d.landscape
        marks = VGroup(
            *[
                DashedLine(self.axes.c2p(m, 0), self._point(m), color=t.muted, stroke_width=2)
                for m in land.minima
            ]
        )
        # "lowest" above the deepest valley, clear of its walls
        low = float(land.minima[d.lowest_minimum])
        low_label = merged_text("lowest", t.text, Size.READOUT)
        half = 0.5 * low_label.width / (self.axes.c2p(1, 0)[0] - self.axes.c2p(0, 0)[0]) + 0.1
        near = (d.xs > low - half) & (d.xs < low + half)
        wall = float(d.ys[near].max()) - self.y_floor
        low_label.next_to(self.axes.c2p(low, wall), UP, buff=0.2)
        # and clear of the step arrows passing over it
        left, right = low_label.get_left()[0], low_label.get_right()[0]
        over = [a.get_top()[1] for a in self.step_arrows
                if a.get_right()[0] > left and a.get_left()[0] < right]  # fmt: skip
        if over and max(over) + 0.15 > low_label.get_bottom()[1]:
            low_label.shift(UP * (max(over) + 0.15 - low_label.get_bottom()[1]))
        found = len(set(d.nearest_minimum))
        lowest_balls = [i for i, m in enumerate(d.nearest_minimum) if m == d.lowest_minimum]
        starts = [f"{d.paths[i][0]:g}" for i in lowest_balls]
        if len(lowest_balls) == len(d.paths):
            tail = "All of them found the lowest one."
        elif len(lowest_balls) == 1:
            tail = f"Only the ball from x = {starts[0]} found the lowest one."
        elif lowest_balls:
            tail = f"Only the balls from x = {', '.join(starts)} found the lowest one."
        else:
            tail = "None found the lowest one."
        ball_word = "ball" if len(d.paths) == 1 else "balls"
        valley_word = "valley" if found == 1 else "different valleys"
        self.shown["valleys_found"] = found
        self.shown["final_x"] = [float(path[-1]) for path in d.paths]
        drop_svg_sources(low_label)
        self.beat(
            "settle",
            "Where a ball starts decides which valley it ends in",
            f"{len(d.paths)} {ball_word}, {found} {valley_word}: each settled at the bottom "
            f"of the valley it started above. {tail}",
        )
        self.play(FadeIn(marks), FadeIn(low_label), run_time=1.0)
        self.wait(2.5)
