"""Clip 1, LeastSquaresLine: fit a line by shrinking the total area of squared errors.

Render: ``python -m scenes render LeastSquaresLine`` (or
``manim -ql scenes/clips/part1_curve_fitting/regression.py LeastSquaresLine``); change the data with
e.g. ``--set n_points=20 --set noise=1.5 --set seed=3``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    LaggedStart,
    Polygon,
    Rectangle,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    linear,
)

from nnmath import (
    LineFit,
    Network,
    TrainingDiverged,
    Trajectory,
    gradient_descent,
    least_squares_line,
)
from scenes.core.cache import cached_trajectory
from scenes.core.layout import MAIN_LEFT, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources
from scenes.widgets.plots import make_axes, residual_segments, screen_map, set_clipped_polyline
from scenes.widgets.text import Captions, Readout, merged_text, title

X_LO, X_HI = -5.0, 5.0  # the plot's x range; data x lie in [-4.5, 4.5]
DATA_X_LO, DATA_X_HI = -4.5, 4.5
# Stable for any data in [-4.5, 4.5]: the loss's curvature is at most
# 2 * (1 + max x^2) = 42.5, and gradient descent is stable below 2 / 42.5.
# Small enough that the line visibly moves over dozens of steps. (x centred on
# 0 keeps slope and intercept from trading off, so the descent reaches the
# closed form in a few thousand steps; x in [0, 10] would need ~100x more.)
LEARNING_RATE = 0.01
STEPS = 6000
#: The descent is played at log-spaced steps (1, 2, 3, ... 10, 12, 15, ... 100, 120, ...):
#: MOVING_FRAMES of them up to the step where the shown figures stop changing, then
#: SETTLED_FRAMES on to the last step (the counter races on; nothing else moves).
MOVING_FRAMES, SETTLED_FRAMES = 90, 8
DESCENT_SECONDS = 8.0
DIGITS = 2  # decimals of the displayed slope, intercept and totals
# The trajectory must land on the closed form far below the displayed precision.
CONVERGENCE_TOL = 1e-6
PAD = 0.3  # data units kept free above and below the points and the lines' errors
#: Room the tick numbers take beyond the plot box (the axes cross inside it).
TICK_ROOM_X, TICK_ROOM_Y = 0.3, 0.15
#: The total-area bar in the side panel: its length for the starting line (share of
#: the panel's width) and its height, screen units.
BAR_WIDTH, BAR_HEIGHT = 0.9, 0.42


@dataclass(frozen=True)
class LineData:
    """Everything the clip shows, computed before the first frame."""

    x: np.ndarray
    y: np.ndarray
    fit: LineFit  # closed-form least-squares line (what the final equation shows)
    start: LineFit  # the bad candidate: flat, through the mean height
    frames: list[LineFit]  # recorded lines at the played steps, in order
    frame_steps: np.ndarray  # the gradient step of each frame (log-spaced integers)
    frame_sse: np.ndarray  # sum of squared errors of each frame's line
    settled: int  # first step from which the shown slope, intercept and total stay put
    y_range: tuple[float, float, float]


def make_data(p: ParamValues) -> tuple[np.ndarray, np.ndarray]:
    """Noisy points around the true line; the same parameters give the same points."""
    rng = np.random.default_rng(p.seed)
    x = np.sort(rng.uniform(DATA_X_LO, DATA_X_HI, p.n_points))
    y = p.slope * x + p.intercept + rng.normal(0.0, p.noise, p.n_points)
    return x, y


def line_network(line: LineFit) -> Network:
    """A 1-1 network with identity output *is* a line: weight = slope, bias = intercept."""
    return Network([1, 1], output_activation="identity", seed=0).set_params(
        [line.slope, line.intercept]
    )


def settled_step(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> int:
    """The first recorded step from which slope, intercept and sum of squares, to the
    shown digits, are those of the last step (at least 1)."""
    m, b = params[:, 0], params[:, 1]
    sse = ((y[None, :] - m[:, None] * x[None, :] - b[:, None]) ** 2).sum(axis=1)
    shown = np.round(np.column_stack([m, b, sse]), DIGITS)
    differs = np.flatnonzero(np.any(shown != shown[-1], axis=1))
    return max(1, int(differs[-1]) + 1) if len(differs) else 1


def log_steps(settled: int, last: int) -> np.ndarray:
    """Step 0, then log-spaced whole steps up to ``settled``, then a few on to ``last``."""
    moving = np.geomspace(1, settled, MOVING_FRAMES)
    tail = np.geomspace(settled, last, SETTLED_FRAMES) if last > settled else []
    steps = np.unique(np.round(np.concatenate([[0], moving, tail])).astype(int))
    return steps[steps <= last]


def nice_range(lo: float, hi: float) -> tuple[float, float, float]:
    """Axis range containing [lo, hi] and 0, with a readable tick step.

    The ticks start at the bottom, so it is a whole step; the top may be a half step
    (no tick there), a tighter plot: its unit is the same on both axes.
    """
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    span = hi - lo
    step = next(s for s in (1, 2, 5, 10) if span / s <= 12)
    top = float(np.ceil(hi / (step / 2)) * (step / 2))
    return float(np.floor(lo / step) * step), top, float(step)


def signed(value: float) -> str:
    """``+ 1.23`` / ``- 1.23`` for the intercept term; never ``-0.00``."""
    text = f"{abs(value):.{DIGITS}f}"
    return ("- " if value < 0 and float(text) != 0 else "+ ") + text


def number(value: float) -> str:
    text = f"{value:.{DIGITS}f}"
    return text[1:] if float(text) == 0 and text.startswith("-") else text


def equation_text(fit: LineFit) -> str:
    """``y = 0.71x + 0.65`` to the displayed digits."""
    return f"y = {number(fit.slope)}x {signed(fit.intercept)}"


def shown_text(text: str) -> str:
    """``text`` as drawn: a true minus sign (U+2212) for every hyphen-minus."""
    return text.replace("-", "\u2212")


def square_corners(x: float, y: float, y_fit: float, x_hi: float) -> np.ndarray:
    """Data-unit corners of the square on the error from (x, y_fit) to (x, y).

    Side = |error|; it is drawn to the right of the error unless that leaves the plot.
    """
    side = abs(y - y_fit)
    dx = side if x + side <= x_hi else -side
    return np.array([[x, y_fit], [x, y], [x + dx, y], [x + dx, y_fit]])


def equal_scale_axes(theme, y_range: tuple[float, float, float], x_step: float = 1.0):
    """Axes as large as the main region allows with the same length per unit on both
    axes, so a square of side |error| is a true square on screen. They cross at (0, 0):
    the intercept is where a line meets the y axis."""
    y_lo, y_hi, y_step = y_range
    unit = min(
        (MAIN_LEFT.width - TICK_ROOM_X) / (X_HI - X_LO),
        (MAIN_LEFT.height - TICK_ROOM_Y) / (y_hi - y_lo),
    )
    axes = make_axes(
        theme,
        [X_LO, X_HI, x_step if unit >= 0.45 else 2 * x_step],  # tick numbers need room
        [y_lo, y_hi, y_step],
        x_length=unit * (X_HI - X_LO),
        y_length=unit * (y_hi - y_lo),
    )
    return MAIN_LEFT.fit(axes, grow=False), unit


class LeastSquaresLine(Captions, ClipScene):
    """Noisy points, vertical errors, their squares, and the line that minimises the squares."""

    SUMMARY = "least squares: vertical errors, squared as real squares, shrunk by gradient descent"
    PARAMS = (
        Param("n_points", int, 12, "number of data points", lo=3, hi=40),
        Param("noise", float, 1.0, "std. dev. of the vertical noise", lo=0.0, hi=3.0),
        Param(
            "slope", float, 0.5, "slope of the true line the points scatter around", lo=-1.5, hi=1.5
        ),
        Param("intercept", float, 2.0, "intercept of the true line", lo=-5.0, hi=5.0),
        Param("seed", int, 0, "seed of the random points", lo=0, hi=10**6),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> LineData:
        x, y = make_data(p)
        fit = least_squares_line(x, y)
        # The mean is a "fit" too (slope 0): its signed errors sum to zero.
        start = LineFit(slope=0.0, intercept=float(np.mean(y)))

        def train() -> Trajectory:
            return gradient_descent(line_network(start), x, y, LEARNING_RATE, STEPS, record_every=1)

        try:
            # The key holds everything the run depends on, the data included, so
            # editing this clip's data recipe or constants never reuses a stale run.
            key = {
                **p.computed(),
                "x": x.tolist(),
                "y": y.tolist(),
                "start": [start.slope, start.intercept],
                "learning_rate": LEARNING_RATE,
                "steps": STEPS,
            }
            run = cached_trajectory("least_squares_line", key, train)
        except TrainingDiverged as exc:  # cannot happen below the stability bound
            raise ParamError(f"gradient descent diverged: {exc}") from None
        params = np.asarray(run.params, dtype=float)
        last = LineFit(slope=float(params[-1, 0]), intercept=float(params[-1, 1]))
        gap = max(abs(last.slope - fit.slope), abs(last.intercept - fit.intercept))
        if gap > CONVERGENCE_TOL:
            raise ParamError(
                f"gradient descent did not reach the least-squares line in {STEPS} steps "
                f"(off by {gap:.2g}; the x values of seed={p.seed} are too bunched); "
                "try another seed or more points"
            )
        # Recorded every step: index i is step run.steps[i] (= i).
        settled = settled_step(params, x, y)
        indices = log_steps(settled, len(run) - 1)
        frames = [LineFit(float(params[i, 0]), float(params[i, 1])) for i in indices]
        # Every point and every error segment must fit in the plot; a steep line
        # may leave it at the sides (it is cut at the plot's edge).
        at_points = np.array([line.predict(x) for line in frames])
        y_range = nice_range(
            min(y.min(), at_points.min()) - PAD, max(y.max(), at_points.max()) + PAD
        )
        return LineData(
            x=x,
            y=y,
            fit=fit,
            start=start,
            frames=frames,
            frame_steps=np.asarray(run.steps)[indices],
            frame_sse=np.array([line.sse(x, y) for line in frames]),
            settled=int(np.asarray(run.steps)[settled]),
            y_range=y_range,
        )

    # -- construct: the story ---------------------------------------------------
    def construct(self) -> None:
        self.show_data()
        self.show_candidate()
        self.show_errors()
        self.show_signed_errors_cancel()
        self.show_squares()
        self.descend()
        self.show_fit()

    def show_data(self) -> None:
        d, t = self.data, self.theme
        self.heading = title("Fitting a line: least squares", t)
        self.axes, self.unit = equal_scale_axes(t, d.y_range)
        self.dots = VGroup(
            *[Dot(self.axes.c2p(xi, yi), radius=0.07, color=t.data) for xi, yi in zip(d.x, d.y)]
        )
        self.dots.set_z_index(3)
        # The side panel's rows, top down: what each beat's readouts take in turn.
        row_h = 0.62
        self.rows = [np.array([SIDE.x0, SIDE.y1 - 0.2 - k * row_h, 0.0]) for k in range(6)]
        drop_svg_sources(self.heading, self.axes)
        self.add(self.heading)  # from the first frame: no empty poster frame
        self.play(
            self.start_beat(
                "data",
                "Noisy points: which straight line fits them best?",
                f"{len(d.x)} points scattered around a straight line, with noise. "
                "Which line fits them best, and what does best mean?",
            ),
            FadeIn(self.axes),
        )
        self.play(LaggedStart(*[FadeIn(dot, scale=0.5) for dot in self.dots], lag_ratio=0.05))
        self.wait(1.0)
        self.shown["n_points"] = len(d.x)

    def place(self, mob, row: int):
        """Put ``mob`` with its left edge at the side panel's row ``row``."""
        return mob.move_to(self.rows[row], aligned_edge=LEFT)

    def show_candidate(self) -> None:
        d, t = self.data, self.theme
        self.line = VMobject(stroke_color=t.model, stroke_width=4).set_z_index(2)
        self.draw_line(d.start)
        self.play(
            self.start_beat(
                "candidate",
                "Start with a flat line at the points' mean height",
                f"A first candidate: the flat line y = {number(d.start.intercept)}, "
                "at the mean height of the points.",
            ),
            Create(self.line),
        )
        self.wait(1.0)
        self.shown["start_line"] = equation_text(d.start)

    def show_errors(self) -> None:
        d, t = self.data, self.theme
        self.errors = residual_segments(self.axes, d.x, d.y, d.start.predict(d.x), t.wrong)
        self.errors.set_z_index(1)
        self.play(
            self.start_beat(
                "errors",
                "An error is the vertical distance to the line",
                "Each point's error is its vertical distance to the line, y minus the line's "
                "height at that x; not the perpendicular distance.",
            ),
            LaggedStart(*[Create(seg) for seg in self.errors], lag_ratio=0.05),
        )
        self.shown["error_segments"] = [
            (self.axes.p2c(seg.get_start()), self.axes.p2c(seg.get_end())) for seg in self.errors
        ]
        self.wait(1.5)

    def show_signed_errors_cancel(self) -> None:
        d, t = self.data, self.theme
        residuals = d.start.residuals(d.x, d.y)
        colors = [t.positive if r > 0 else t.negative for r in residuals]
        # Per-point signs would crowd where points bunch up: colours plus two
        # subtotals make the same point.
        above = float(residuals[residuals > 0].sum())
        below = float(residuals[residuals < 0].sum())
        total = round(float(residuals.sum()), DIGITS) + 0.0  # + 0.0: never show -0.00
        self.signed_total = self.place(Readout("sum of errors", total, t, decimals=DIGITS), 0)
        self.breakdown = VGroup(
            self.place(Readout("above (+):", above, t, DIGITS, color=t.positive), 1),
            self.place(Readout("below (−):", below, t, DIGITS, color=t.negative), 2),
        )
        drop_svg_sources(self.signed_total, self.breakdown)
        self.play(
            self.start_beat(
                "signed_errors_cancel",
                "Signed errors cancel: this bad line totals zero",
                f"The errors above the line add up to {above:.{DIGITS}f}, those below to "
                f"{shown_text(f'{below:.{DIGITS}f}')}: together {total:.{DIGITS}f}. Yet the "
                "line fits badly, so a total of signed errors says nothing.",
            ),
            *[seg.animate.set_stroke(color=c) for seg, c in zip(self.errors, colors)],
            FadeIn(self.breakdown),
        )
        self.play(FadeIn(self.signed_total))
        self.shown["signed_above"] = f"{above:.{DIGITS}f}"
        self.shown["signed_below"] = f"{below:.{DIGITS}f}"
        self.shown["signed_sum"] = f"{total:.{DIGITS}f}"
        self.wait(2.0)

    def show_squares(self) -> None:
        d, t = self.data, self.theme
        # Each square outlined, lightly filled: where squares overlap, both still show.
        self.squares = VGroup(
            *[
                Polygon(
                    *self.square_points(xi, yi, fi),
                    stroke_color=t.wrong,
                    stroke_width=2.5,
                    fill_color=t.wrong,
                    fill_opacity=0.12,
                )
                for xi, yi, fi in zip(d.x, d.y, d.start.predict(d.x))
            ]
        )
        self.total = self.place(Readout("sum of squares", d.frame_sse[0], t, DIGITS), 1)
        # The total area as one bar under its readout: the squares' areas laid end to
        # end (same style as the squares), at full width for the starting line. The
        # outline keeps that starting total in view while the descent shrinks the bar.
        self.bar_unit = BAR_WIDTH * SIDE.width / d.frame_sse[0]
        self.bar_y = self.rows[2][1]
        areas = d.start.residuals(d.x, d.y) ** 2
        self.area_bar = VGroup(
            *[
                Polygon(*corners, stroke_color=t.wrong, stroke_width=2, fill_color=t.wrong,
                        fill_opacity=0.25)
                for corners in self.bar_corners(areas)
            ]
        )  # fmt: skip
        self.bar_outline = Rectangle(
            width=BAR_WIDTH * SIDE.width, height=BAR_HEIGHT, stroke_color=t.muted, stroke_width=2
        ).move_to([SIDE.x0 + BAR_WIDTH * SIDE.width / 2, self.bar_y, 0.0])
        drop_svg_sources(self.total)
        # The signs have made their point: squares have none, so the errors share one colour.
        self.play(
            self.start_beat(
                "squares",
                "Square each error: its square's area is error²",
                "So square each error instead: every square's area is that error squared "
                "(both axes use the same scale, so they are true squares). Together they "
                f"cover {d.frame_sse[0]:.{DIGITS}f}.",
            ),
            FadeOut(self.breakdown),
            *[seg.animate.set_stroke(color=t.wrong) for seg in self.errors],
        )
        self.play(LaggedStart(*[GrowFromEdge(sq, LEFT) for sq in self.squares], lag_ratio=0.05))
        self.play(
            FadeIn(self.total),
            FadeIn(self.bar_outline),
            LaggedStart(*[GrowFromEdge(seg, LEFT) for seg in self.area_bar], lag_ratio=0.08),
            run_time=1.5,
        )
        self.shown["area_bar"] = self.bar_widths()
        self.shown["squares"] = [
            np.array([self.axes.p2c(v) for v in sq.get_vertices()]) for sq in self.squares
        ]
        self.shown["sse_start"] = f"{d.frame_sse[0]:.{DIGITS}f}"
        self.wait(1.5)

    def descend(self) -> None:
        d, t = self.data, self.theme
        self.step = self.place(Readout("gradient step", 0, t, decimals=0, color=t.muted), 2)
        drop_svg_sources(self.step)
        # The signed sum has made its point: the live total takes its place.
        self.play(
            self.start_beat(
                "descend",
                "Gradient descent shrinks the total area",
                "Gradient descent nudges the slope and the intercept, step after step, to "
                f"shrink the total area: from {d.frame_sse[0]:.{DIGITS}f} to "
                f"{d.frame_sse[-1]:.{DIGITS}f}. By step {d.settled} the figures shown stop "
                f"changing; the run goes on to step {int(d.frame_steps[-1])}.",
            ),
            FadeOut(self.signed_total),
            self.total.animate.move_to(self.rows[0], aligned_edge=LEFT),
            self.area_bar.animate.shift(UP * (self.rows[1][1] - self.bar_y)),
            self.bar_outline.animate.shift(UP * (self.rows[1][1] - self.bar_y)),
            FadeIn(self.step),
        )
        self.bar_y = self.rows[1][1]
        last = len(d.frames) - 1
        origin, ex, ey = screen_map(self.axes)
        x_screen = origin + np.outer(d.x, ex)  # each point's column, at y = 0
        # The errors share one colour now: while they move they are drawn as one
        # outline of separate segments (same pixels, one path to draw per frame).
        error_path = VMobject().match_style(self.errors[0]).set_z_index(self.errors.z_index)
        self.remove(*self.errors)
        self.add(error_path)

        def show_frame(_group: VGroup, alpha: float) -> None:
            i = round(alpha * last)  # one log-spaced step per frame
            line = d.frames[i]
            self.draw_line(line)
            fitted = line.predict(d.x)
            data_pts = x_screen + np.outer(d.y, ey)
            line_pts = x_screen + np.outer(fitted, ey)
            corners = self.square_corner_points(d.x, d.y, fitted, origin, ex, ey)
            # each segment a straight cubic: start, thirds, end
            thirds = np.linspace(0.0, 1.0, 4)[None, :, None]
            segs = data_pts[:, None, :] + thirds * (line_pts - data_pts)[:, None, :]
            error_path.set_points(segs.reshape(-1, 3))
            for k, sq in enumerate(self.squares):
                sq.set_points_as_corners([*corners[k], line_pts[k]])
            for seg, bar_corners in zip(self.area_bar, self.bar_corners((d.y - fitted) ** 2)):
                seg.set_points_as_corners([*bar_corners, bar_corners[0]])
            if i == last:  # the segments themselves, for what follows
                for k, seg in enumerate(self.errors):
                    # (not put_start_and_end_on: it fails once an error is exactly 0)
                    seg.set_points_as_corners([data_pts[k], line_pts[k]])
            self.total.set_value(d.frame_sse[i])
            self.step.set_value(int(d.frame_steps[i]))

        # Only what changes: the readouts' labels stay still and are painted once.
        group = VGroup(
            self.line, error_path, self.squares, self.area_bar, self.total.number, self.step.number
        )
        self.play(UpdateFromAlphaFunc(group, show_frame), run_time=DESCENT_SECONDS,
                  rate_func=linear)  # fmt: skip
        self.remove(error_path)
        self.add(*self.errors)
        self.shown["frame_steps"] = d.frame_steps.tolist()
        self.shown["settled_step"] = d.settled
        self.shown["frame_lines"] = [(line.slope, line.intercept) for line in d.frames]
        self.shown["final_error_segments"] = [
            (self.axes.p2c(seg.get_start()), self.axes.p2c(seg.get_end())) for seg in self.errors
        ]
        self.shown["final_squares"] = [
            np.array([self.axes.p2c(v) for v in sq.get_vertices()]) for sq in self.squares
        ]
        self.shown["final_area_bar"] = self.bar_widths()

    def show_fit(self) -> None:
        d, t = self.data, self.theme
        # The displayed total and equation come from the closed form; the
        # trajectory reached it (checked in prepare), so nothing jumps.
        sse = d.fit.sse(d.x, d.y)
        self.total.set_value(sse)
        slope = number(d.fit.slope)
        text = equation_text(d.fit)
        equation = self.place(merged_text(shown_text(text), t.model, Size.CAPTION), 4)
        note = self.place(merged_text("the least-squares line", t.muted, Size.READOUT), 5)
        note.align_to(equation, LEFT).next_to(equation, DOWN, buff=0.2, aligned_edge=LEFT)
        drop_svg_sources(equation, note)
        self.play(
            self.start_beat(
                "fit",
                "The best line: the least total area of squares",
                f"The line with the least total area is {shown_text(text)}, with a sum "
                f"of squares of {sse:.{DIGITS}f}. Legendre published the method in 1805, "
                "Gauss in 1809; Gauss said he had used it since 1795.",
            ),
            FadeIn(equation),
            FadeIn(note),
        )
        self.shown["slope"] = slope
        self.shown["intercept"] = number(d.fit.intercept)
        self.shown["equation"] = text
        self.shown["sse_final"] = f"{sse:.{DIGITS}f}"
        self.wait(3.0)

    # -- drawing helpers --------------------------------------------------------
    def draw_line(self, line: LineFit) -> None:
        y_lo, y_hi, _ = self.data.y_range
        set_clipped_polyline(
            self.line, self.axes, [X_LO, X_HI], line.predict([X_LO, X_HI]), y_lo, y_hi
        )

    def bar_corners(self, areas: np.ndarray) -> np.ndarray:
        """Screen corners (n, 4, 3) of the area bar's pieces: ``areas`` end to end from
        the side panel's left edge, ``bar_unit`` screen units per unit of area."""
        right = SIDE.x0 + self.bar_unit * np.cumsum(areas)
        left = np.concatenate([[SIDE.x0], right[:-1]])
        lo, hi = self.bar_y - BAR_HEIGHT / 2, self.bar_y + BAR_HEIGHT / 2
        z = np.zeros_like(left)
        return np.stack(
            [np.stack([left, lo + z, z], 1), np.stack([left, hi + z, z], 1),
             np.stack([right, hi + z, z], 1), np.stack([right, lo + z, z], 1)],
            axis=1,
        )  # fmt: skip

    def bar_widths(self) -> list[float]:
        """Each piece of the area bar as drawn, in units of area (for the tests)."""
        return [seg.width / self.bar_unit for seg in self.area_bar]

    def square_points(self, x: float, y: float, y_fit: float) -> list[np.ndarray]:
        return [self.axes.c2p(cx, cy) for cx, cy in square_corners(x, y, y_fit, X_HI)]

    @staticmethod
    def square_corner_points(
        x: np.ndarray,
        y: np.ndarray,
        y_fit: np.ndarray,
        origin: np.ndarray,
        ex: np.ndarray,
        ey: np.ndarray,
    ) -> np.ndarray:
        """Screen corners of every point's square, (n, 4, 3): :func:`square_corners` for arrays."""
        side = np.abs(y - y_fit)
        dx = np.where(x + side <= X_HI, side, -side)
        cx = np.stack([x, x, x + dx, x + dx], axis=1)
        cy = np.stack([y_fit, y, y, y_fit], axis=1)
        return origin + cx[..., None] * ex + cy[..., None] * ey
