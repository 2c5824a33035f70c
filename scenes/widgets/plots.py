"""Plots: themed axes, polylines clipped to a range, residual segments, the loss curve.

Usage::

    axes = make_axes(self.theme, (0, 10, 2), (0, 5, 1))
    curve = polyline(axes, xs, ys, self.theme.model)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Dot,
    Line,
    VGroup,
    VMobject,
)

from scenes.core.theme import Size, Theme
from scenes.render.outlines import drop_svg_sources, merge_outlines
from scenes.widgets.text import fit_within, merged_text, with_role

# -- plots -----------------------------------------------------------------
#: Width of the background-coloured stroke around tick numbers (see make_axes).
HALO = 5


def tick_text(value: float, decimals: int) -> str:
    """A tick number as shown: fixed decimals, a true minus sign, never ``-0``."""
    text = f"{value:.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def tick_decimals(step: float) -> int:
    """Decimals needed to tell ticks ``step`` apart (0 for whole steps, at most 3)."""
    for decimals in range(4):
        if abs(round(step, decimals) - step) < 1e-9 * max(1.0, abs(step)):
            return decimals
    return 3


def tick_labels(axes: Axes, theme: Theme, x_values=None, y_values=None) -> VGroup:
    """DejaVu tick numbers in the tick size under the x axis and left of the y axis.

    Defaults: every tick of each axis. Drawn above the data with a halo of the
    background colour, so they stay readable where a curve passes.
    """
    groups = VGroup()
    for axis, values, side in ((axes.x_axis, x_values, DOWN), (axes.y_axis, y_values, LEFT)):
        if values is None:
            values = axis.get_tick_range()
        values = [float(v) for v in values]
        if not values:
            groups.add(VGroup())
            continue
        step = min((abs(b - a) for a, b in zip(values, values[1:])), default=1.0)
        decimals = tick_decimals(step)
        numbers = VGroup()
        for v in values:
            label = merged_text(tick_text(v, decimals), theme.muted, Size.TICK)
            label.next_to(axis.number_to_point(v), side, buff=0.15)
            numbers.add(label)
        numbers.set_stroke(theme.background, width=HALO, background=True)
        numbers.set_z_index(10)  # above every data layer of the clips (dots: 3)
        with_role(numbers, "tick")
        axis.numbers = numbers
        groups.add(numbers)
    return groups


def make_axes(
    theme: Theme,
    x_range: Sequence[float],
    y_range: Sequence[float],
    x_length: float = 8.0,
    y_length: float = 5.0,
    numbers: bool = True,
    tips: bool = False,
) -> Axes:
    """Axes in the theme's colours with tick numbers in the series' font (DejaVu Sans).

    The tick numbers are part of each axis (``axes.x_axis.numbers``), in the tick
    size, above the data with a background-coloured halo.
    """
    axes = Axes(
        x_range=list(x_range),
        y_range=list(y_range),
        x_length=x_length,
        y_length=y_length,
        tips=tips,
        axis_config={"color": theme.axis, "stroke_width": 2, "include_numbers": False},
    )
    if numbers:
        x_nums, y_nums = tick_labels(axes, theme)
        axes.x_axis.add(x_nums)
        axes.y_axis.add(y_nums)
    return axes


def axis_label(text: str, theme: Theme) -> VMobject:
    """The name of an axis, in the readout size (a viewer must read it)."""
    return with_role(merged_text(text, theme.text, Size.READOUT), "label")


def screen_map(axes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Origin and unit vectors of ``axes`` on screen: ``c2p(x, y) = o + x ex + y ey``.

    The plot's axes are linear, so this is exact; it turns per-point ``c2p``
    calls (about 10 us each) into one array expression per frame.
    """
    origin = np.asarray(axes.c2p(0.0, 0.0), dtype=float)
    return (
        origin,
        np.asarray(axes.c2p(1.0, 0.0), dtype=float) - origin,
        np.asarray(axes.c2p(0.0, 1.0), dtype=float) - origin,
    )


def polyline(
    axes: Axes, xs: Sequence[float], ys: Sequence[float], color: str, stroke_width: float = 4
) -> VMobject:
    """A piecewise-linear curve through exact knots (no resampling, so kinks stay sharp)."""
    # coords_to_point on arrays returns shape (3, n): one row per coordinate
    pts = np.asarray(axes.coords_to_point(np.asarray(xs, float), np.asarray(ys, float))).T
    curve = VMobject(stroke_color=color, stroke_width=stroke_width)
    curve.set_points_as_corners(pts)
    return curve


def clip_to_range(
    xs: np.ndarray, ys: np.ndarray, y_lo: float, y_hi: float
) -> tuple[np.ndarray, np.ndarray]:
    """Clamp a polyline's y values into the visible range (keeps lines in the axes)."""
    return np.asarray(xs, float), np.clip(np.asarray(ys, float), y_lo, y_hi)


def residual_segments(
    axes: Axes, x: Sequence[float], y: Sequence[float], y_fit: Sequence[float], color: str
) -> VGroup:
    """Vertical segments from each data point to the model's value at the same x."""
    group = VGroup()
    for xi, yi, fi in zip(x, y, y_fit):
        group.add(
            Line(axes.c2p(xi, yi), axes.c2p(xi, fi), stroke_color=color, stroke_width=3)
        )
    return group


class LossCurve(VGroup):
    """A small loss-versus-step plot that reveals the recorded losses up to a step.

    Parameters
    ----------
    steps, losses
        The recorded trajectory (``Trajectory.steps``, ``Trajectory.loss``).
    log
        Plot ``log10(loss)`` (training losses span decades).
    """

    def __init__(
        self,
        theme: Theme,
        steps: Sequence[float],
        losses: Sequence[float],
        width: float = 3.2,
        height: float = 2.0,
        color: str | None = None,
        label: str = "loss",
        step_label: str = "step",
        log: bool = False,
        y_max: float | None = None,
    ) -> None:
        super().__init__()
        self.theme = theme
        self.steps = np.asarray(steps, float)
        self.losses = np.asarray(losses, float)
        self.log = log
        values = self._transform(self.losses)
        lo = float(values.min()) if log else 0.0
        hi = float(values.max()) if y_max is None else float(y_max)
        if hi <= lo:
            hi = lo + 1.0
        self.y_lo, self.y_hi = lo, hi
        x_hi = float(self.steps.max()) if self.steps.max() > 0 else 1.0
        self.axes = Axes(
            x_range=[0, x_hi, x_hi],
            y_range=[lo, hi, hi - lo],
            x_length=width,
            y_length=height,
            tips=False,
            axis_config={"color": theme.axis, "stroke_width": 2, "include_ticks": False},
        )
        # Manim draws the x axis at y = 0, mid-plot on a log scale: keep it at the bottom
        self.axes.x_axis.shift(UP * (self.axes.c2p(0, lo)[1] - self.axes.x_axis.get_center()[1]))
        self.label = axis_label(label, theme)  # shown-only: one outline each
        self.label.next_to(self.axes, UP, buff=0.1).align_to(self.axes, LEFT)
        self.step_label = with_role(merged_text(step_label, theme.muted, Size.TICK), "tick")
        self.step_label.next_to(self.axes, DOWN, buff=0.08).align_to(self.axes, RIGHT)
        self.color = color or theme.correct
        self.curve = VMobject(stroke_color=self.color, stroke_width=3)
        self.add(self.axes, self.label, self.step_label, self.curve)
        self.show_upto(0)

    def _transform(self, losses: np.ndarray) -> np.ndarray:
        return np.log10(np.maximum(losses, 1e-12)) if self.log else losses

    def show_upto(self, index: int) -> LossCurve:
        """Draw the curve through recorded points ``0..index`` (one affine map, no c2p loop)."""
        index = int(np.clip(index, 0, len(self.steps) - 1))
        ys = np.clip(self._transform(self.losses[: index + 1]), self.y_lo, self.y_hi)
        origin, ex, ey = screen_map(self.axes)
        pts = origin + np.outer(self.steps[: index + 1], ex) + np.outer(ys, ey)
        if len(pts) == 1:
            pts = np.repeat(pts, 2, axis=0)
        self.curve.set_points_as_corners(pts)
        return self


# -- curves that leave the plot ----------------------------------------------
def clip_polyline(
    xs: Sequence[float], ys: Sequence[float], y_lo: float, y_hi: float
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The parts of a polyline inside ``y_lo <= y <= y_hi``, cut exactly at the bounds.

    Unlike clamping (:func:`clip_to_range`), cutting keeps every visible slope
    true: a steep ramp leaves the plot instead of turning into a flat ceiling.
    Returns the visible runs, each ``(xs, ys)`` with at least two points.
    """
    xs = np.asarray(xs, float)
    ys = np.asarray(ys, float)
    runs: list[tuple[np.ndarray, np.ndarray]] = []
    run: list[tuple[float, float]] = []

    def flush() -> None:
        if len(run) >= 2:
            pts = np.array(run)
            runs.append((pts[:, 0], pts[:, 1]))
        run.clear()

    for x0, y0, x1, y1 in zip(xs[:-1], ys[:-1], xs[1:], ys[1:]):
        dy = y1 - y0
        if dy == 0.0:
            t_in, t_out = (0.0, 1.0) if y_lo <= y0 <= y_hi else (1.0, 0.0)
        else:
            ta, tb = (y_lo - y0) / dy, (y_hi - y0) / dy
            t_in, t_out = max(0.0, min(ta, tb)), min(1.0, max(ta, tb))
        if t_in > t_out:  # the whole segment is outside
            flush()
            continue
        if t_in > 0.0 or not run:  # (re-)entering the band starts a new run
            flush()
            run.append((x0 + t_in * (x1 - x0), y0 + t_in * dy))
        run.append((x0 + t_out * (x1 - x0), y0 + t_out * dy))
        if t_out < 1.0:
            flush()
    flush()
    return runs


def set_clipped_polyline(
    curve: VMobject,
    axes: Axes,
    xs: Sequence[float],
    ys: Sequence[float],
    y_lo: float,
    y_hi: float,
) -> VMobject:
    """Make ``curve`` the polyline through the knots, cut to the plot's y range.

    Cheap enough to call every frame (no new mobjects); a curve entirely
    outside the range is left with no points, so it draws nothing.
    """
    curve.clear_points()
    for run_x, run_y in clip_polyline(xs, ys, y_lo, y_hi):
        pts = np.array([axes.c2p(x, y) for x, y in zip(run_x, run_y)])
        curve.start_new_path(pts[0])
        curve.add_points_as_corners(pts[1:])
    return curve


class LogLossPlot(VGroup):
    """Loss against steps on a log scale with a fixed decade range, revealed step by step.

    Two of these with the same ``decades`` compare honestly side by side
    even though their x axes count different things.
    """

    def __init__(
        self,
        theme: Theme,
        steps: np.ndarray,
        losses: np.ndarray,
        decades: tuple[int, int],
        x_label: str,
        color: str,
        width: float = 4.8,
        height: float = 1.6,
    ) -> None:
        super().__init__()
        self.steps = np.asarray(steps, float)
        self.losses = np.asarray(losses, float)
        lo, hi = decades
        # The y axis counts decades above ``lo`` so the x axis sits at the bottom
        # (Manim draws it where y = 0, which would be a loss of 1).
        self.lo = lo
        x_hi = float(max(self.steps[-1], 1))
        self.axes = Axes(
            x_range=[0, x_hi, x_hi],
            y_range=[0, hi - lo, 1],
            x_length=width,
            y_length=height,
            tips=False,
            axis_config={"color": theme.axis, "stroke_width": 2},
        )
        ticks = VGroup(
            *[
                merged_text(f"{10.0**k:g}", theme.muted, Size.TICK).next_to(
                    self.axes.c2p(0, k - lo), LEFT, buff=0.2
                )  # clear of the tick marks (0.1 long each side of the axis)
                for k in range(lo, hi + 1)
            ]
        )
        ends = VGroup(
            merged_text("0", theme.muted, Size.TICK).next_to(self.axes.c2p(0, 0), DOWN, 0.18),
            merged_text(f"{int(x_hi)}", theme.muted, Size.TICK).next_to(
                self.axes.c2p(x_hi, 0), DOWN, 0.18
            ),
        )
        self.x_label = merged_text(x_label, theme.muted, Size.TICK)
        fit_within(self.x_label, width + 0.4)
        # Below the end numbers, so a long label never runs into them.
        self.x_label.next_to(ends, DOWN, buff=0.06).set_x(self.axes.get_center()[0])
        self.curve = VMobject(stroke_color=color, stroke_width=3)
        self.head = Dot(radius=0.05, color=color)
        # Tick numbers, end numbers and axis label: one style, only ever shown: one outline.
        self.labels = with_role(merge_outlines(VGroup(ticks, ends, self.x_label)), "tick")
        drop_svg_sources(self.labels)
        self.add(self.axes, self.labels, self.curve, self.head)
        self.log_losses = np.log10(np.maximum(self.losses, 1e-12))
        self.show_upto(0)

    def point(self, i: int) -> np.ndarray:
        return self.axes.c2p(self.steps[i], self.log_losses[i] - self.lo)

    def points_upto(self, index: int) -> np.ndarray:
        """Scene points of recorded steps ``0..index`` (one vectorised c2p, cheap per frame)."""
        xs, ys = self.steps[: index + 1], self.log_losses[: index + 1] - self.lo
        return np.asarray(self.axes.coords_to_point(xs, ys), float).reshape(3, -1).T

    def show_upto(self, index: int) -> LogLossPlot:
        """Draw the curve through recorded points ``0..index``."""
        index = int(np.clip(index, 0, len(self.steps) - 1))
        pts = self.points_upto(index)
        self.curve.set_points_as_corners(pts if len(pts) > 1 else np.vstack([pts, pts]))
        self.head.move_to(pts[-1])
        return self


class Bars(VGroup):
    """Bars with their values on top and their names underneath: four conditions are
    four bars (DESIGN.md rule 2).

    ``values`` is one number per bar, or a table (groups x series) for grouped
    bars; ``labels`` names each bar (or each group), ``colors`` colours each bar
    (or each series). Heights are to scale from 0 to ``y_max`` (default: the
    largest value). ``set_values`` moves bars and numbers in place (cheap per frame).

    ::

        bars = Bars(t, [98.1, 97.6, 97.9, 12.0], ["FC", "FC shuffled", "CNN", "CNN shuffled"],
                    [t.model, t.model, t.compare, t.compare], unit="%", decimals=1)
        MAIN.fit(bars)
        self.play(bars.grow())
    """

    def __init__(
        self,
        theme: Theme,
        values: Sequence[float] | Sequence[Sequence[float]],
        labels: Sequence[str],
        colors: Sequence[str],
        width: float = 8.0,
        height: float = 4.0,
        y_max: float | None = None,
        decimals: int = 0,
        unit: str = "",
        bar_fill: float = 0.8,
    ) -> None:
        from manim import Rectangle

        from scenes.widgets.text import LiveNumber

        super().__init__()
        table = np.asarray(values, dtype=float)
        if table.ndim == 1:
            table = table[:, None]
            colours = [[c] for c in colors]
        else:
            colours = [list(colors) for _ in range(table.shape[0])]
        if len(labels) != table.shape[0]:
            raise ValueError(f"{len(labels)} labels for {table.shape[0]} bars or groups")
        self.theme, self.table_shape = theme, table.shape
        self.y_max = float(y_max if y_max is not None else max(table.max(), 1e-12))
        self.unit_height = height / self.y_max
        groups, series = table.shape
        slot = width / groups
        bar_w = slot * bar_fill / series
        self.baseline = Line([-width / 2, 0, 0], [width / 2, 0, 0], stroke_color=theme.axis,
                             stroke_width=2)  # fmt: skip
        self.bars, self.numbers, self.names = VGroup(), VGroup(), VGroup()
        for g in range(groups):
            centre = -width / 2 + slot * (g + 0.5)
            for k in range(series):
                x = centre + (k - (series - 1) / 2) * bar_w
                colour = colours[g][k]
                bar = Rectangle(width=bar_w * 0.92, height=1.0, stroke_color=colour,
                                stroke_width=2, fill_color=colour, fill_opacity=0.85)  # fmt: skip
                bar.move_to([x, 0.5, 0])
                self.bars.add(bar)
                self.numbers.add(LiveNumber(0, num_decimal_places=decimals, unit=unit,
                                            font_size=Size.READOUT, color=theme.text,
                                            edge=np.array([0.0, 0, 0])))  # fmt: skip
            name = merged_text(labels[g], theme.text, Size.READOUT)
            fit_within(name, slot * 0.98)
            self.names.add(name.next_to([centre, 0, 0], DOWN, buff=0.2))
        self.add(self.baseline, self.bars, self.numbers, self.names)
        self._width0 = width
        self.set_values(table)

    def set_values(self, values) -> Bars:
        """Show ``values`` (same shape as at construction): heights and numbers."""
        flat = np.asarray(values, dtype=float).reshape(-1)
        base = self.baseline.get_center()[1]
        scale = self.baseline.get_length() / self._width0  # the group may have been scaled
        for bar, number, value in zip(self.bars, self.numbers, flat):
            h = max(float(value), 0.0) * self.unit_height * scale
            bar.stretch_to_fit_height(max(h, 1e-4))
            bar.move_to([bar.get_center()[0], base + max(h, 1e-4) / 2, 0])
            number.set_value(float(value))
            number.move_to([bar.get_center()[0], base + h + 0.1 * scale + number.height / 2, 0])
        self.values = flat.copy()
        return self

    def grow(self, **kwargs):
        """The bars growing up from the baseline, numbers fading in."""
        from manim import AnimationGroup, FadeIn, GrowFromEdge

        return AnimationGroup(*(GrowFromEdge(b, DOWN) for b in self.bars),
                              FadeIn(self.numbers), **kwargs)  # fmt: skip
