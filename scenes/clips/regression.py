"""Clip 1, LeastSquaresLine: fit a line by shrinking the total area of squared errors.

Render: ``python -m scenes render LeastSquaresLine`` (or
``manim -ql scenes/clips/regression.py LeastSquaresLine``); change the data with
e.g. ``--set n_points=20 --set noise=1.5 --set seed=3``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    Animation,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    LaggedStart,
    MathTex,
    Polygon,
    Text,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    Write,
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
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources
from scenes.widgets.plots import make_axes, residual_segments, screen_map, set_clipped_polyline
from scenes.widgets.text import Readout, merged_text, swap_caption, title

X_LO, X_HI = -5.0, 5.0  # the plot's x range; data x lie in [-4.5, 4.5]
DATA_X_LO, DATA_X_HI = -4.5, 4.5
# Stable for any data in [-4.5, 4.5]: the loss's curvature is at most
# 2 * (1 + max x^2) = 42.5, and gradient descent is stable below 2 / 42.5.
# Small enough that the line visibly moves over dozens of steps. (x centred on
# 0 keeps slope and intercept from trading off, so the descent reaches the
# closed form in a few thousand steps; x in [0, 10] would need ~100x more.)
LEARNING_RATE = 0.01
STEPS = 6000
FRAMES = 90  # frames of the "descend" beat (about 7 s at 15 fps)
DIGITS = 2  # decimals of the displayed slope, intercept and totals
# The trajectory must land on the closed form far below the displayed precision.
CONVERGENCE_TOL = 1e-6
# Largest plot box (screen units) left of the readout panel.
PLOT_MAX_W, PLOT_MAX_H = 7.4, 5.3


@dataclass(frozen=True)
class LineData:
    """Everything the clip shows, computed before the first frame."""

    x: np.ndarray
    y: np.ndarray
    fit: LineFit  # closed-form least-squares line (what the final equation shows)
    start: LineFit  # the bad candidate: flat, through the mean height
    frames: list[LineFit]  # lines along the recorded gradient descent, played in order
    frame_steps: np.ndarray  # the gradient step of each frame (fractional between steps)
    frame_sse: np.ndarray  # sum of squared errors of each frame's line
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


def frames_along(lines: list[LineFit], count: int) -> tuple[list[LineFit], np.ndarray]:
    """``count`` lines along the recorded path, evenly spaced in on-screen motion.

    With a well-chosen learning rate the line moves most in the first dozen steps
    and then crawls. Spacing frames by how far the line's ends have moved keeps the
    motion even on screen; a frame that falls between recorded steps ``i`` and
    ``i + 1`` shows the line part-way between them (linear in slope and
    intercept), and its "step" is fractional (the counter rounds it). The totals
    shown are each drawn line's own sum of squares, from nnmath.
    """
    ends = np.array([line.predict([X_LO, X_HI]) for line in lines])
    travelled = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(ends, axis=0), axis=1))])
    last = len(lines) - 1
    if last == 0 or travelled[-1] == 0.0:
        return [lines[0], lines[-1]], np.array([0.0, float(last)])
    frames, steps = [], []
    for target in np.linspace(0.0, travelled[-1], count):
        i = int(np.clip(np.searchsorted(travelled, target, side="right") - 1, 0, last - 1))
        span = travelled[i + 1] - travelled[i]
        frac = 1.0 if span == 0.0 else float(np.clip((target - travelled[i]) / span, 0, 1))
        a, b = lines[i], lines[i + 1]
        frames.append(
            LineFit(
                slope=a.slope + frac * (b.slope - a.slope),
                intercept=a.intercept + frac * (b.intercept - a.intercept),
            )
        )
        steps.append(i + frac)
    frames[-1], steps[-1] = lines[-1], float(last)  # end exactly on the last recorded step
    return frames, np.array(steps)


def nice_range(lo: float, hi: float) -> tuple[float, float, float]:
    """Integer-aligned axis range containing [lo, hi] and 0, with a readable tick step."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    span = hi - lo
    step = next(s for s in (1, 2, 5, 10) if span / s <= 12)
    return float(np.floor(lo / step) * step), float(np.ceil(hi / step) * step), float(step)


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


def square_corners(x: float, y: float, y_fit: float, x_hi: float) -> np.ndarray:
    """Data-unit corners of the square on the error from (x, y_fit) to (x, y).

    Side = |error|; it is drawn to the right of the error unless that leaves the plot.
    """
    side = abs(y - y_fit)
    dx = side if x + side <= x_hi else -side
    return np.array([[x, y_fit], [x, y], [x + dx, y], [x + dx, y_fit]])


class LeastSquaresLine(ClipScene):
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
        lines = [LineFit(slope=float(m), intercept=float(b)) for m, b in run.params]
        gap = max(abs(lines[-1].slope - fit.slope), abs(lines[-1].intercept - fit.intercept))
        if gap > CONVERGENCE_TOL:
            raise ParamError(
                f"gradient descent did not reach the least-squares line in {STEPS} steps "
                f"(off by {gap:.2g}; the x values of seed={p.seed} are too bunched); "
                "try another seed or more points"
            )
        frames, frame_steps = frames_along(lines, FRAMES)
        # Every point and every error segment must fit in the plot; a steep line
        # may leave it at the sides (it is cut at the plot's edge).
        at_points = np.array([line.predict(x) for line in frames])
        y_range = nice_range(
            min(y.min(), at_points.min()) - 0.5, max(y.max(), at_points.max()) + 0.5
        )
        return LineData(
            x=x,
            y=y,
            fit=fit,
            start=start,
            frames=frames,
            frame_steps=np.interp(frame_steps, np.arange(len(run)), run.steps),
            frame_sse=np.array([line.sse(x, y) for line in frames]),
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
        self.next_section("data")
        d, t = self.data, self.theme
        self.heading = title("Fitting a line: least squares", t)
        # Same length per unit on both axes, so a square of side |error| is a
        # true square on screen and its area is honestly the squared error.
        y_lo, y_hi, y_step = d.y_range
        unit = min(PLOT_MAX_W / (X_HI - X_LO), PLOT_MAX_H / (y_hi - y_lo))
        self.axes = make_axes(
            t,
            [X_LO, X_HI, 1 if unit >= 0.45 else 2],  # tick numbers need room
            [y_lo, y_hi, y_step],
            x_length=unit * (X_HI - X_LO),
            y_length=unit * (y_hi - y_lo),
        )
        self.axes.to_edge(LEFT, buff=0.6).set_y(0.1)
        self.unit = unit
        self.dots = VGroup(
            *[Dot(self.axes.c2p(xi, yi), radius=0.06, color=t.text) for xi, yi in zip(d.x, d.y)]
        )
        self.dots.set_z_index(3)
        self.panel_left = self.axes.get_right()[0] + 0.7
        self.caption_mob: Text | None = None
        drop_svg_sources(self.heading, self.axes)
        self.play(Write(self.heading), FadeIn(self.axes))
        self.play(LaggedStart(*[FadeIn(dot, scale=0.5) for dot in self.dots], lag_ratio=0.05))
        self.shown["n_points"] = len(d.x)

    def show_candidate(self) -> None:
        self.next_section("candidate")
        d, t = self.data, self.theme
        self.line = VMobject(stroke_color=t.model, stroke_width=4).set_z_index(2)
        self.draw_line(d.start)
        self.play(
            Create(self.line),
            self.new_caption("a candidate line: flat, at the points' mean height"),
        )
        self.shown["start_line"] = equation_text(d.start)

    def show_errors(self) -> None:
        self.next_section("errors")
        d, t = self.data, self.theme
        self.errors = residual_segments(self.axes, d.x, d.y, d.start.predict(d.x), t.compare)
        self.errors.set_z_index(1)
        self.play(
            LaggedStart(*[Create(seg) for seg in self.errors], lag_ratio=0.05),
            self.new_caption(
                "errors are VERTICAL distances from each point to the line\n"
                "(not perpendicular ones): error = y - line(x)"
            ),
        )
        self.shown["error_segments"] = [
            (self.axes.p2c(seg.get_start()), self.axes.p2c(seg.get_end())) for seg in self.errors
        ]
        self.wait(0.5)

    def show_signed_errors_cancel(self) -> None:
        self.next_section("signed_errors_cancel")
        d, t = self.data, self.theme
        residuals = d.start.residuals(d.x, d.y)
        colors = [t.correct if r > 0 else t.compare for r in residuals]
        # Per-point signs would crowd where points bunch up: colours plus two
        # subtotals make the same point.
        above = float(residuals[residuals > 0].sum())
        below = float(residuals[residuals < 0].sum())
        total = round(float(residuals.sum()), DIGITS) + 0.0  # + 0.0: never show -0.00
        self.signed_total = Readout("sum of errors =", total, t, decimals=DIGITS, font_size=28)
        self.signed_total.move_to([self.panel_left, 2.2, 0], aligned_edge=LEFT)
        self.breakdown = VGroup(
            Readout("above the line (+):", above, t, DIGITS, font_size=24, color=t.correct),
            Readout("below the line (−):", below, t, DIGITS, font_size=24, color=t.compare),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        self.breakdown.next_to(self.signed_total, DOWN, buff=0.3, aligned_edge=LEFT)
        drop_svg_sources(self.signed_total, self.breakdown)
        self.play(
            *[seg.animate.set_stroke(color=c) for seg, c in zip(self.errors, colors)],
            FadeIn(self.breakdown),
            self.new_caption(
                "signed errors cancel: those above the line (+) and below (−) add up to 0,\n"
                "yet this line fits badly; a total of 0 says nothing"
            ),
        )
        self.play(FadeIn(self.signed_total))
        self.shown["signed_above"] = f"{above:.{DIGITS}f}"
        self.shown["signed_below"] = f"{below:.{DIGITS}f}"
        self.shown["signed_sum"] = f"{total:.{DIGITS}f}"
        self.wait(1.5)
        self.play(
            FadeOut(self.breakdown),
            *[seg.animate.set_stroke(color=t.compare) for seg in self.errors],
        )

    def show_squares(self) -> None:
        self.next_section("squares")
        d, t = self.data, self.theme
        self.squares = VGroup(
            *[
                Polygon(
                    *self.square_points(xi, yi, fi),
                    stroke_color=t.compare,
                    stroke_width=1.5,
                    fill_color=t.compare,
                    fill_opacity=0.25,
                )
                for xi, yi, fi in zip(d.x, d.y, d.start.predict(d.x))
            ]
        )
        self.total = Readout("sum of squares =", d.frame_sse[0], t, decimals=DIGITS, font_size=28)
        self.total.next_to(self.signed_total, DOWN, buff=0.35, aligned_edge=LEFT)
        drop_svg_sources(self.total)
        self.play(
            LaggedStart(*[GrowFromEdge(sq, LEFT) for sq in self.squares], lag_ratio=0.05),
            self.new_caption(
                "so square each error: each square's area is that error squared\n"
                "(both axes use the same scale, so the squares are true squares)"
            ),
        )
        self.play(FadeIn(self.total))
        self.shown["squares"] = [
            np.array([self.axes.p2c(v) for v in sq.get_vertices()]) for sq in self.squares
        ]
        self.shown["sse_start"] = f"{d.frame_sse[0]:.{DIGITS}f}"
        self.wait(1.0)

    def descend(self) -> None:
        self.next_section("descend")
        d, t = self.data, self.theme
        self.step = Readout("gradient step", 0, t, decimals=0, font_size=28, color=t.muted)
        # The signed sum has made its point: the live total takes its place.
        top = self.signed_total.get_left()
        self.step.move_to(self.total.get_left(), aligned_edge=LEFT)
        drop_svg_sources(self.step)
        self.play(
            FadeOut(self.signed_total),
            self.total.animate.move_to(top, aligned_edge=LEFT),
            FadeIn(self.step),
            self.new_caption("gradient descent moves the line to shrink the total area"),
        )
        last = len(d.frames) - 1
        origin, ex, ey = screen_map(self.axes)
        x_screen = origin + np.outer(d.x, ex)  # each point's column, at y = 0
        # The errors share one colour now: while they move they are drawn as one
        # outline of separate segments (same pixels, one path to draw per frame).
        error_path = VMobject().match_style(self.errors[0]).set_z_index(self.errors.z_index)
        self.remove(*self.errors)
        self.add(error_path)

        def show_frame(_group: VGroup, alpha: float) -> None:
            i = round(alpha * last)
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
            if i == last:  # the segments themselves, for what follows
                for k, seg in enumerate(self.errors):
                    # (not put_start_and_end_on: it fails once an error is exactly 0)
                    seg.set_points_as_corners([data_pts[k], line_pts[k]])
            self.total.set_value(d.frame_sse[i])
            self.step.set_value(round(d.frame_steps[i]))

        # Only what changes: the readouts' labels stay still and are painted once.
        group = VGroup(self.line, error_path, self.squares, self.total.number, self.step.number)
        self.play(UpdateFromAlphaFunc(group, show_frame), run_time=7, rate_func=linear)
        self.remove(error_path)
        self.add(*self.errors)
        self.shown["frame_steps"] = d.frame_steps.tolist()
        self.shown["frame_lines"] = [(line.slope, line.intercept) for line in d.frames]
        self.shown["final_error_segments"] = [
            (self.axes.p2c(seg.get_start()), self.axes.p2c(seg.get_end())) for seg in self.errors
        ]
        self.shown["final_squares"] = [
            np.array([self.axes.p2c(v) for v in sq.get_vertices()]) for sq in self.squares
        ]

    def show_fit(self) -> None:
        self.next_section("fit")
        d, t = self.data, self.theme
        # The displayed total and equation come from the closed form; the
        # trajectory reached it (checked in prepare), so nothing jumps.
        sse = d.fit.sse(d.x, d.y)
        self.total.set_value(sse)
        slope, intercept = number(d.fit.slope), signed(d.fit.intercept)
        equation = MathTex(rf"y = {slope}\,x {intercept}", color=t.model, font_size=44)
        equation.next_to(self.step, DOWN, buff=0.6, aligned_edge=LEFT)
        note = merged_text("the least-squares line", t.muted, 22)
        note.next_to(equation, DOWN, buff=0.15, aligned_edge=LEFT)
        drop_svg_sources(equation, note)
        self.play(
            Write(equation),
            FadeIn(note),
            self.new_caption(
                "least squares: Legendre published it in 1805, Gauss in 1809\n"
                "(Gauss said he had used it since 1795)"
            ),
        )
        self.shown["slope"] = slope
        self.shown["intercept"] = number(d.fit.intercept)
        self.shown["equation"] = equation_text(d.fit)
        self.shown["sse_final"] = f"{sse:.{DIGITS}f}"
        self.wait(2.0)

    # -- drawing helpers --------------------------------------------------------
    def draw_line(self, line: LineFit) -> None:
        y_lo, y_hi, _ = self.data.y_range
        set_clipped_polyline(
            self.line, self.axes, [X_LO, X_HI], line.predict([X_LO, X_HI]), y_lo, y_hi
        )

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

    def new_caption(self, text: str) -> Animation:
        """Animation replacing the caption (one caption on screen at a time)."""
        animation, self.caption_mob = swap_caption(self.caption_mob, text, self.theme)
        return animation
