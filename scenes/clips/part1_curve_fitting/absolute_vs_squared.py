"""Clip 19, AbsoluteVsSquared: why a fit squares its errors (and what absolute errors do).

Two answers to the viewers' "why square the errors?", both computed by nnmath:

1. Signed errors cannot pick a line: every line through the mean point
   (mean x, mean y) has signed vertical errors summing to exactly 0. A line
   turns about that point; the live total stays 0.00 at every slope, good
   fit or bad.
2. Absolute errors can (least absolute deviations, an L1 fit solved as a
   linear program), and so can squared ones (least squares). Both lines
   on the data, then one point is dragged away, both lines refitted at
   every position: squaring lets the far point's error dominate, so the
   least-squares line turns towards it while the least-absolute line
   barely moves (with the defaults it does not move at all; the narration
   gives the measured slope changes, whatever the parameters).

The data and the plot's coordinates are LeastSquaresLine's (x in [-4.5, 4.5],
the same recipe, seed and defaults give the same points).

Render: ``python -m scenes render AbsoluteVsSquared`` (or
``manim -ql scenes/clips/part1_curve_fitting/absolute_vs_squared.py AbsoluteVsSquared``);
change it with
e.g. ``--set seed=3 --set outlier=0 --set outlier_distance=6``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Create,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    linear,
)

from nnmath import LineFit, Trajectory, least_absolute_line, least_squares_line, zero_sum_line
from scenes.core.cache import cached_trajectory
from scenes.core.layout import MAIN_LEFT, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_outlines
from scenes.widgets.plots import Bars, make_axes, screen_map, set_clipped_polyline
from scenes.widgets.text import Captions, Readout, legend, merged_text, title, with_role

X_LO, X_HI = -5.0, 5.0  # LeastSquaresLine's plot: the y axis at x = 0
DATA_X_LO, DATA_X_HI = -4.5, 4.5
ROTATION_FRAMES = 90  # slopes shown while the zero-sum line turns (6 s at 15 fps)
DRAG_FRAMES = 60  # outlier positions, each refitted
ROTATION_SECONDS, DRAG_SECONDS = 6.0, 6.0
ROOM = 0.85  # the turning line uses this share of the slopes that keep its errors in the plot
PAD = 0.4  # data units kept free above and below the points
DODGE = 0.05  # screen units between the two lines' error segments at the same point
DIGITS = 2
GHOST_OPACITY = 0.6  # the lines before the drag, dashed
SHARE_BARS_HEIGHT = 0.75  # the far point's share bars at 100%, screen units
#: Room the tick numbers take beyond the plot box (the axes cross inside it).
TICK_ROOM_X, TICK_ROOM_Y = 0.3, 0.15
ZERO_RESIDUAL = 1e-9  # |error| below this (relative to the data's scale): the line meets the point


def two(value: float) -> str:
    """``value`` as the clip shows it (2 decimals, never ``-0.00``)."""
    text = f"{value:.{DIGITS}f}"
    return "0.00" if text == "-0.00" else text


def said(value: float) -> str:
    """``two(value)`` with a true minus sign, for the narration."""
    return two(value).replace("-", "\u2212")


@dataclass(frozen=True)
class Frame:
    """What one drag position shows: the outlier's height and both refitted lines."""

    outlier_y: float
    squares: LineFit
    absolute: LineFit


@dataclass(frozen=True)
class AbsSqData:
    """Everything the clip shows, computed before the first frame."""

    x: np.ndarray
    y: np.ndarray
    mean: tuple[float, float]
    rotation: list[LineFit]  # zero-sum lines through the mean point, in play order
    squares: LineFit  # least squares on the data, before the drag
    absolute: LineFit  # least absolute deviations on the data, before the drag
    outlier: int  # index (0-based, points sorted by x) of the point dragged
    drag: list[Frame]  # one per position of the dragged point, the last the farthest
    y_range: tuple[float, float, float]

    def dragged(self, i: int) -> np.ndarray:
        """The data with the outlier at its ``i``-th position."""
        y = self.y.copy()
        y[self.outlier] = self.drag[i].outlier_y
        return y


def make_data(p: ParamValues) -> tuple[np.ndarray, np.ndarray]:
    """Noisy points around the true line, x uniform in [-4.5, 4.5] (LeastSquaresLine's
    recipe); same seed, same points."""
    rng = np.random.default_rng(p.seed)
    x = np.sort(rng.uniform(DATA_X_LO, DATA_X_HI, p.n_points))
    y = p.slope * x + p.intercept + rng.normal(0.0, p.noise, p.n_points)
    return x, y


def axis_range(lo: float, hi: float) -> tuple[float, float, float]:
    """A y range around [lo, hi] on a readable tick step (at most 12 ticks)."""
    step = next(s for s in (1, 2, 5, 10, 20) if (hi - lo) / s <= 12)
    return float(np.floor(lo / step) * step), float(np.ceil(hi / step) * step), float(step)


def slope_room(x: np.ndarray, mean: tuple[float, float], y_lo: float, y_hi: float) -> tuple:
    """Slopes for which the line through the mean point stays in [y_lo, y_hi] at every x."""
    dx = x - mean[0]
    lo, hi = -np.inf, np.inf
    for d in dx[dx != 0.0]:
        a, b = sorted(((y_lo - mean[1]) / d, (y_hi - mean[1]) / d))
        lo, hi = max(lo, a), min(hi, b)
    return float(lo), float(hi)


def eased(count: int, stops: list[float]) -> np.ndarray:
    """``count`` values travelling through ``stops``, each leg eased in and out."""
    legs = len(stops) - 1
    t = np.linspace(0.0, legs, count)
    leg = np.minimum(t.astype(int), legs - 1)
    u = t - leg
    s = u * u * (3.0 - 2.0 * u)  # smoothstep
    a, b = np.array(stops)[leg], np.array(stops)[leg + 1]
    return a + s * (b - a)


class AbsoluteVsSquared(Captions, ClipScene):
    """Signed errors cancel on every line through the mean; absolute vs squared under an outlier."""

    SUMMARY = "why square errors: signed errors cancel; least |error| vs least squares, one outlier"
    PARAMS = (
        Param("n_points", int, 12, "number of data points", lo=5, hi=40),
        Param("noise", float, 1.0, "std. dev. of the vertical noise", lo=0.0, hi=3.0),
        Param("slope", float, 0.5, "slope of the true line (x from -4.5 to 4.5)", lo=-1.5, hi=1.5),
        Param("intercept", float, 2.0, "intercept of the true line", lo=-10.0, hi=10.0),
        Param("seed", int, 0, "seed of the random points", lo=0, hi=10**6),
        Param("outlier", int, -2, "the dragged point: 0 leftmost, -1 rightmost", lo=-40, hi=39),
        Param("outlier_distance", float, -7.0, "how far its y moves (< 0: down)", lo=-12, hi=12),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> AbsSqData:
        n = p.n_points
        if not -n <= p.outlier < n:
            raise ParamError(
                f"outlier={p.outlier} is not a point: with n_points={n} use 0 to {n - 1} "
                f"(or -1 to -{n} from the right)"
            )
        if abs(p.outlier_distance) < 1.0:
            raise ParamError(
                f"outlier_distance={p.outlier_distance:g} barely moves the point; use |d| >= 1"
            )
        x, y = make_data(p)
        k = p.outlier % n
        mean = (float(x.mean()), float(y.mean()))
        # Eased drag: the point starts and stops gently; every position is refitted
        # (60 linear programs: cached, played back like the steps of a recorded run).
        heights = eased(DRAG_FRAMES, [float(y[k]), float(y[k] + p.outlier_distance)])

        def refit() -> Trajectory:
            """A 1-1 network's parameters are a line's (slope, intercept): squares in
            ``params``, absolute in an extra array, the dragged point's y as ``loss``."""
            fits = []
            for h in heights:
                moved = y.copy()
                moved[k] = h
                fits.append((least_squares_line(x, moved), least_absolute_line(x, moved)))
            lines = np.array([[(f.slope, f.intercept) for f in pair] for pair in fits])
            extras = {"absolute": lines[:, 1]}
            return Trajectory(np.arange(len(heights)), lines[:, 0], heights, [1, 1], extras=extras)

        key = {**p.computed(), "x": x.tolist(), "y": y.tolist(), "frames": DRAG_FRAMES}
        run = cached_trajectory("absolute_vs_squared_drag", key, refit)
        drag = [
            Frame(float(h), LineFit(float(m), float(b)), LineFit(float(m1), float(b1)))
            for h, (m, b), (m1, b1) in zip(run.loss, run.params, run.extras["absolute"])
        ]
        # Every point, every position of the dragged one and every error segment's
        # end on a fitted line stays inside the plot (lines are cut at its edges):
        # the plot is zoomed on exactly that.
        ends = [f.squares.predict(x) for f in drag] + [f.absolute.predict(x) for f in drag]
        lo = min(y.min(), heights.min(), np.min(ends)) - PAD
        hi = max(y.max(), heights.max(), np.max(ends)) + PAD
        y_range = axis_range(lo, hi)
        # The turning line: flat first (as in LeastSquaresLine), then steep both ways,
        # always keeping its errors inside the plot (the flat line is inside: m_lo < 0 < m_hi).
        m_lo, m_hi = slope_room(x, mean, y_range[0], y_range[1])
        slopes = eased(ROTATION_FRAMES, [0.0, ROOM * m_hi, ROOM * m_lo])
        return AbsSqData(
            x=x,
            y=y,
            mean=mean,
            rotation=[zero_sum_line(x, y, m) for m in slopes],
            squares=least_squares_line(x, y),
            absolute=least_absolute_line(x, y),
            outlier=k,
            drag=drag,
            y_range=y_range,
        )

    # -- construct: the story ---------------------------------------------------
    def construct(self) -> None:
        self.show_data()
        self.show_zero_sum()
        self.compare_fits()
        self.drag_outlier()
        self.verdict()

    def show_data(self) -> None:
        d, t = self.data, self.theme
        heading = title("Why square the errors?", t)
        y_lo, y_hi, y_step = d.y_range
        self.axes = make_axes(
            t,
            [X_LO, X_HI, 1],
            [y_lo, y_hi, y_step],
            x_length=MAIN_LEFT.width - TICK_ROOM_X,
            y_length=MAIN_LEFT.height - TICK_ROOM_Y,
        )
        for axis in (self.axes.x_axis, self.axes.y_axis):  # drawn above moving lines: one path
            numbers = merge_outlines(axis.numbers).set_z_index(axis.numbers.z_index)
            with_role(numbers, "tick")
            axis.remove(axis.numbers)
            axis.numbers = numbers
            axis.add(numbers)
        if y_hi <= 0.0:  # Manim puts the x axis on top of an all-negative range: move it down
            axis = self.axes.x_axis  # (c2p follows the y axis: shifting x's is safe)
            axis.shift(UP * (self.axes.c2p(X_LO, y_lo)[1] - axis.get_start()[1]))
        MAIN_LEFT.fit(self.axes, grow=False)
        self.origin, self.ex, self.ey = screen_map(self.axes)
        self.dots = VGroup(
            *[Dot(self.axes.c2p(xi, yi), radius=0.08, color=t.data) for xi, yi in zip(d.x, d.y)]
        ).set_z_index(3)
        drop_svg_sources(heading, self.axes)
        self.add(heading)  # from the first frame: no empty poster frame
        self.play(
            self.start_beat(
                "data",
                "Why not simply add up the errors?",
                f"{len(d.x)} points. An error is the vertical distance from a point to a "
                "line, y − line(x). Could the total of the errors pick the best line?",
            ),
            FadeIn(self.axes),
        )
        self.play(LaggedStart(*[FadeIn(dot, scale=0.5) for dot in self.dots], lag_ratio=0.05))
        self.wait(0.8)
        self.shown["points"] = np.array([self.axes.p2c(dot.get_center()) for dot in self.dots])
        # Lines move under the dots from now on, so the dots are redrawn every frame:
        # all but the one that will be dragged as one outline (one path to draw, not n).
        still = [dot for i, dot in enumerate(self.dots) if i != d.outlier]
        self.remove(*still)
        self.add(merge_outlines(VGroup(*still).copy()).set_z_index(3))

    # -- (a) signed errors cancel on every line through the mean point --------------
    def show_zero_sum(self) -> None:
        d, t = self.data, self.theme
        self.zero_line = VMobject(stroke_color=t.model, stroke_width=4).set_z_index(2)
        self.above = VMobject(stroke_color=t.positive, stroke_width=3).set_z_index(1)
        self.below = VMobject(stroke_color=t.negative, stroke_width=3).set_z_index(1)
        pivot = self.axes.c2p(*d.mean)
        self.pivot = Circle(radius=0.15, stroke_color=t.highlight, stroke_width=4).move_to(pivot)
        self.pivot.set_z_index(4)
        key = VGroup(
            Circle(radius=0.12, stroke_color=t.highlight, stroke_width=4),
            legend([(t.text, "mean point")], t)[0][1],
        ).arrange(RIGHT, buff=0.2)
        self.rot_readouts = VGroup(
            Readout("slope =", 0.0, t, DIGITS),
            Readout("above (+):", 0.0, t, DIGITS, color=t.positive),
            Readout("below (−):", 0.0, t, DIGITS, color=t.negative),
        )
        self.signed_total = Readout("sum of errors =", 0.0, t, DIGITS)
        panel = VGroup(key, *self.rot_readouts, self.signed_total)
        SIDE.stack(list(panel), buff=0.4)
        self.rot_panel = panel
        drop_svg_sources(panel)
        self.rotation_frame(0)
        first = self.rotation_frame(0)
        self.play(
            self.start_beat(
                "zero_sum",
                "Through the mean point, the errors add up to 0",
                f"Take a line through the mean point ({said(d.mean[0])}, {said(d.mean[1])}). "
                f"Its errors above (+) add up to {said(float(first['above']))}, those below "
                f"(−) to {said(float(first['below']))}: together exactly 0.",
            ),
            Create(self.zero_line),
            FadeIn(self.pivot),
            Create(self.above),
            Create(self.below),
            FadeIn(panel),
        )
        self.wait(1.5)
        last = len(d.rotation) - 1
        numbers = [r.number for r in self.rot_readouts]
        live = VGroup(self.zero_line, self.above, self.below, *numbers, self.signed_total.number)
        slopes = [line.slope for line in d.rotation]
        self.beat(
            "turn",
            "Turn it: the total stays 0 at every slope",
            f"Turn the line about the mean point, from slope {said(max(slopes))} to "
            f"{said(min(slopes))}: the errors above and below always cancel, and the total "
            "stays 0.00, good fit or bad.",
        )
        self.play(
            UpdateFromAlphaFunc(live, lambda _m, a: self.rotation_frame(round(a * last))),
            run_time=ROTATION_SECONDS,
            rate_func=linear,
        )
        self.shown["rotation"] = [self.rotation_frame(i) for i in range(last + 1)]
        self.beat(
            "cannot_pick",
            "So a total of signed errors cannot pick a line",
            "Whatever the intercept, some slope makes the errors cancel: a total of signed "
            "errors cannot pick a line. Fits add up |error| or error², which never cancel.",
        )
        self.wait(2.5)

    def rotation_frame(self, i: int) -> dict:
        """Draw the ``i``-th turning line and its signed errors; return what is shown."""
        d = self.data
        line = d.rotation[i]
        self.draw_line(self.zero_line, line)
        residuals = line.residuals(d.x, d.y)
        fitted = line.predict(d.x)
        self.set_segments(self.above, d.x[residuals > 0], d.y[residuals > 0], fitted[residuals > 0])
        self.set_segments(self.below, d.x[residuals < 0], d.y[residuals < 0], fitted[residuals < 0])
        above, below = residuals[residuals > 0].sum(), residuals[residuals < 0].sum()
        values = (line.slope, above, below, line.signed_sum(d.x, d.y))
        numbers = [r.number for r in self.rot_readouts] + [self.signed_total.number]
        for number, value in zip(numbers, values):
            number.set_value(float(two(value)))
        keys = ("slope", "above", "below", "signed_sum")
        return {**{k: two(v) for k, v in zip(keys, values)}, "line": line}

    # -- (b) absolute against squared errors -----------------------------------------
    def compare_fits(self) -> None:
        d, t = self.data, self.theme
        self.sq_line = VMobject(stroke_color=t.model, stroke_width=5).set_z_index(2)
        self.abs_line = VMobject(stroke_color=t.compare, stroke_width=5).set_z_index(2)
        self.sq_errors = VMobject(stroke_color=t.model, stroke_width=2.5).set_z_index(1)
        self.abs_errors = VMobject(stroke_color=t.compare, stroke_width=2.5).set_z_index(1)
        self.make_panel()
        before = self.drag_frame(None)
        old = (self.zero_line, self.pivot, self.above, self.below, self.rot_panel)
        sq, ab = d.squares, d.absolute
        self.play(
            self.start_beat(
                "l1_vs_l2",
                "Squared or absolute errors: two best lines",
                f"Least squares makes the sum of squared errors smallest: slope {said(sq.slope)}, "
                f"intercept {said(sq.intercept)}, sum of e² {before['squares_text'][2]}. Least "
                "absolute deviations, solved as a linear program, makes the sum of |errors| "
                f"smallest: slope {said(ab.slope)}, intercept {said(ab.intercept)}, sum of |e| "
                f"{before['absolute_text'][3]}. Here the two lines nearly coincide.",
            ),
            *[FadeOut(m) for m in old],
        )
        self.play(
            Create(self.sq_line),
            Create(self.abs_line),
            Create(self.sq_errors),
            Create(self.abs_errors),
            FadeIn(self.keys),
        )
        self.wait(1.5)
        # The least-absolute line passes through two of the points (nnmath snaps it there).
        residuals = d.absolute.residuals(d.x, d.y)
        scale = 1.0 + float(np.abs(d.y).max())
        on_line = np.flatnonzero(np.abs(residuals) <= ZERO_RESIDUAL * scale)
        self.rings = VGroup(
            *[
                Circle(radius=0.16, stroke_color=t.compare, stroke_width=3).move_to(
                    self.dots[i].get_center()
                )
                for i in on_line
            ]
        ).set_z_index(4)
        self.play(
            self.start_beat(
                "through_points",
                f"The absolute-error line passes through {len(on_line)} points",
                "Each line has the lowest possible total by its own measure. The "
                f"absolute-error line passes through {len(on_line)} of the points (ringed).",
            ),
            FadeIn(self.rings),
        )
        self.shown["absolute_through"] = on_line.tolist()
        self.shown["before"] = before
        self.wait(2.0)

    def make_panel(self) -> None:
        """The side panel of part (b): a key per line, each with its slope's change."""
        t = self.theme
        self.keys = VGroup(
            legend([(t.model, "least squares")], t),
            legend([(t.compare, "least |error|")], t),
        )
        self.moved = {
            "squares": Readout("slope moved", 0.0, t, DIGITS, color=t.model),
            "absolute": Readout("slope moved", 0.0, t, DIGITS, color=t.compare),
        }
        self.outlier_readout = Readout("point moved", 0.0, t, DIGITS, color=t.highlight)
        for readout in (*self.moved.values(), self.outlier_readout):
            readout.number.include_sign = True
            readout.set_value(0.0)
        self.ghost_key = legend([(t.muted, "before the drag", "dashed")], t)
        SIDE.stack(
            [self.keys[0], self.moved["squares"], self.keys[1], self.moved["absolute"],
             self.outlier_readout, self.ghost_key],
            buff=0.25,
        )  # fmt: skip
        for readout in self.moved.values():  # under its key, indented like the key's label
            readout.shift(RIGHT * 0.68)
        self.outlier_readout.shift(DOWN * 0.15)
        self.ghost_key.shift(DOWN * 0.15)
        drop_svg_sources(self.keys, self.ghost_key, *self.moved.values(), self.outlier_readout)

    def drag_frame(self, i: int | None) -> dict:
        """Draw drag position ``i`` (None: the data before the drag); return what is shown."""
        d = self.data
        if i is None:
            y, squares, absolute = d.y, d.squares, d.absolute
        else:
            frame = d.drag[i]
            y, squares, absolute = d.dragged(i), frame.squares, frame.absolute
        self.dots[d.outlier].move_to(self.axes.c2p(d.x[d.outlier], y[d.outlier]))
        shown: dict = {"y": y[d.outlier]}
        for name, line, curve, errors, dodge in (
            ("squares", squares, self.sq_line, self.sq_errors, -DODGE),
            ("absolute", absolute, self.abs_line, self.abs_errors, DODGE),
        ):
            self.draw_line(curve, line)
            self.set_segments(errors, d.x, y, line.predict(d.x), dodge)
            start = d.squares if name == "squares" else d.absolute
            totals = (line.sse(d.x, y), line.sae(d.x, y))
            values = (line.slope, line.intercept, *totals, line.slope - start.slope)
            self.moved[name].set_value(float(two(values[-1])))
            shown[name] = line
            shown[name + "_text"] = [two(v) for v in values]
        moved = y[d.outlier] - d.y[d.outlier]
        self.outlier_readout.set_value(float(two(moved)))
        shown["moved"] = two(moved)
        return shown

    def moved_text(self) -> dict[str, str]:
        """The two "slope moved" readouts as drawn (read back from their values)."""
        return {name: two(readout.value) for name, readout in self.moved.items()}

    def drag_outlier(self) -> None:
        d, t = self.data, self.theme
        dot = self.dots[d.outlier]
        start = Circle(radius=0.12, stroke_color=t.muted, stroke_width=2).move_to(dot.get_center())
        # Ghosts of both lines where they start: what the drag moves them away from.
        self.ghosts = ghosts = VGroup(
            *[
                DashedVMobject(line.copy(), num_dashes=40).set_stroke(
                    color=t.muted, opacity=GHOST_OPACITY
                )
                for line in (self.sq_line, self.abs_line)
            ]
        ).set_z_index(1)
        distance = d.drag[-1].outlier_y - d.y[d.outlier]
        direction = "up" if distance > 0 else "down"
        self.play(
            self.start_beat(
                "outlier",
                f"Drag one point {direction}: watch both lines",
                f"Now drag one point {direction} by {said(abs(distance))}, far from the others, "
                "and fit both lines again at every position. The dashed lines show where "
                "they started.",
            ),
            FadeOut(self.rings),
            dot.animate.set_color(t.highlight).scale(1.3),
            FadeIn(start),
            FadeIn(ghosts),
            FadeIn(VGroup(*self.moved.values(), self.outlier_readout, self.ghost_key)),
        )
        last = len(d.drag) - 1
        numbers = [r.number for r in (*self.moved.values(), self.outlier_readout)]
        live = VGroup(dot, self.sq_line, self.abs_line, self.sq_errors, self.abs_errors, *numbers)
        self.play(
            UpdateFromAlphaFunc(live, lambda _m, a: self.drag_frame(round(a * last))),
            run_time=DRAG_SECONDS,
            rate_func=linear,
        )
        self.shown["drag"] = [self.drag_frame(i) for i in range(last + 1)]
        self.shown["moved_after"] = self.moved_text()
        self.wait(1.0)

    def verdict(self) -> None:
        d = self.data
        end = d.drag[-1]
        y = d.dragged(len(d.drag) - 1)
        moved_sq = abs(end.squares.slope - d.squares.slope)
        moved_abs = abs(end.absolute.slope - d.absolute.slope)
        abs_part = f"the absolute-error line's by {two(moved_abs)}"
        if two(moved_abs) == "0.00":
            abs_part = "the absolute-error line's by less than 0.005"
        elif moved_sq > moved_abs:
            abs_part += f", {moved_sq / moved_abs:.1f} times less"
        first = f"One point moved: the squared-error line's slope changed by {two(moved_sq)}, "
        first += abs_part + "."
        # Why: squared, the far point's error dominates its line's total.
        r_sq = end.squares.residuals(d.x, y)
        r_abs = end.absolute.residuals(d.x, y)
        share_sq = r_sq[d.outlier] ** 2 / end.squares.sse(d.x, y)
        share_abs = abs(r_abs[d.outlier]) / end.absolute.sae(d.x, y)
        second = (
            f"That one point's error is {share_sq:.0%} of the squared line's sum of e², "
            f"but {share_abs:.0%} of the absolute line's sum of |e|: "
            "squaring lets the largest error pull hardest."
        )
        turned = moved_sq > 2 * moved_abs
        self.beat(
            "verdict",
            "The squared line turns; the absolute one barely moves"
            if turned else "One far point moves both lines",
            first,
        )  # fmt: skip
        self.wait(3.0)
        # The shares as two bars on one 0-100% scale, under the panel: the numbers of
        # the narration, where the eye is (each bar in its line's colour).
        t = self.theme
        shares = [100.0 * share_sq, 100.0 * share_abs]
        bars_name = merged_text("the far point's share", t.text, Size.READOUT)
        self.share_bars = Bars(
            t, shares, ["of Σe²", "of Σ|e|"], [t.model, t.compare],
            width=SIDE.width * 0.8, height=SHARE_BARS_HEIGHT, y_max=100.0, unit="%",
        )  # fmt: skip
        top = self.ghost_key.get_bottom()[1] - 0.3
        bars_name.move_to([SIDE.x0, top, 0.0], aligned_edge=LEFT + UP)
        self.share_bars.next_to(bars_name, DOWN, buff=0.2).align_to(bars_name, LEFT)
        drop_svg_sources(bars_name, self.share_bars.names)
        self.play(
            self.start_beat("why", "Squaring lets the far point pull hardest", second),
            FadeIn(bars_name),
            FadeIn(self.share_bars.baseline),
            FadeIn(self.share_bars.names),
            self.share_bars.grow(),
            run_time=1.5,
        )
        self.wait(3.0)
        self.shown["share_bars"] = [n._format(n.get_value()) for n in self.share_bars.numbers]
        self.shown["slope_moved"] = {"squares": two(moved_sq), "absolute": two(moved_abs)}
        self.shown["outlier_share"] = {"squares": share_sq, "absolute": share_abs}
        self.shown["verdict"] = [first, second]

    # -- drawing helpers --------------------------------------------------------
    def draw_line(self, curve: VMobject, line: LineFit) -> None:
        """``curve`` becomes ``line`` across the plot, cut at its top and bottom."""
        y_lo, y_hi, _ = self.data.y_range
        set_clipped_polyline(curve, self.axes, [X_LO, X_HI], line.predict([X_LO, X_HI]), y_lo, y_hi)

    def set_segments(
        self, path: VMobject, x: np.ndarray, y: np.ndarray, fitted: np.ndarray, dodge: float = 0.0
    ) -> None:
        """``path`` becomes the vertical segments from each (x, y) to (x, fitted), one outline."""
        if len(x) == 0:
            path.clear_points()
            return
        base = self.origin + np.outer(x, self.ex) + [dodge, 0.0, 0.0]
        tops, ends = base + np.outer(y, self.ey), base + np.outer(fitted, self.ey)
        thirds = np.linspace(0.0, 1.0, 4)[None, :, None]  # each a straight cubic
        path.set_points((tops[:, None, :] + thirds * (ends - tops)[:, None, :]).reshape(-1, 3))

    def segments(self, path: VMobject) -> list[tuple[np.ndarray, np.ndarray]]:
        """Data coordinates of each segment of ``path`` (start, end): for the tests."""
        pts = path.points.reshape(-1, 4, 3)
        return [(self.axes.p2c(seg[0]), self.axes.p2c(seg[-1])) for seg in pts]
