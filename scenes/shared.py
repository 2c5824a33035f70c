"""Theme and the drawing pieces clips share.

Colours come from the Okabe-Ito palette, chosen to stay distinguishable with
red-green colour blindness; positive/negative pairs are blue/orange, never
red/green. Every piece takes the theme so a clip renders in both themes.

Pieces: :func:`make_axes`, :func:`polyline`, :func:`residual_segments`,
:class:`LossCurve`, :class:`Readout`, :func:`caption`, :func:`title`,
:func:`fit_within`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Axes,
    DecimalNumber,
    Group,
    Integer,
    Line,
    MathTex,
    Mobject,
    Tex,
    Text,
    VGroup,
    VMobject,
    config,
)

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    muted: str  # secondary text, axis ticks
    axis: str
    primary: str  # the model / the curve being fitted
    secondary: str  # data, errors
    accent: str  # highlights, the current point
    positive: str  # positive weights
    negative: str  # negative weights
    good: str  # correct answers, falling loss
    bad: str  # mistakes

    def sequence(self) -> list[str]:
        """Distinct colours for several curves (e.g. several neurons)."""
        return [self.primary, self.secondary, self.good, self.accent, self.bad, self.muted]


THEMES = {
    "dark": Theme(
        name="dark",
        background="#14161B",
        text="#F2F2F2",
        muted="#A0A4AB",
        axis="#C8CCD2",
        primary=OKABE_ITO["sky_blue"],
        secondary=OKABE_ITO["orange"],
        accent=OKABE_ITO["yellow"],
        positive=OKABE_ITO["sky_blue"],
        negative=OKABE_ITO["orange"],
        good=OKABE_ITO["bluish_green"],
        bad=OKABE_ITO["reddish_purple"],
    ),
    "light": Theme(
        name="light",
        background="#FFFFFF",
        text="#1A1A1A",
        muted="#5F6368",
        axis="#3C4043",
        primary=OKABE_ITO["blue"],
        secondary=OKABE_ITO["vermillion"],
        accent=OKABE_ITO["reddish_purple"],
        positive=OKABE_ITO["blue"],
        negative=OKABE_ITO["vermillion"],
        good=OKABE_ITO["bluish_green"],
        bad=OKABE_ITO["reddish_purple"],
    ),
}


#: Sans-serif reads better on video than Pango's serif default; DejaVu ships
#: with fontconfig on Debian/Ubuntu, so it is always there.
FONT = "DejaVu Sans"


def apply_theme_defaults(theme: Theme) -> None:
    """Make text and numbers default to the theme's text colour and font."""
    for cls in (Text, MathTex, Tex, DecimalNumber, Integer):
        cls.set_default(color=theme.text)
    Text.set_default(color=theme.text, font=FONT)


# -- layout helpers --------------------------------------------------------
def frame_size() -> tuple[float, float]:
    return config.frame_width, config.frame_height


def fit_within(mob: Mobject, max_width: float, max_height: float | None = None) -> Mobject:
    """Shrink (never grow) ``mob`` to fit the box; keeps text inside the frame."""
    if mob.width > max_width:
        mob.scale_to_fit_width(max_width)
    if max_height is not None and mob.height > max_height:
        mob.scale_to_fit_height(max_height)
    return mob


def title(text: str, theme: Theme, font_size: float = 40) -> Text:
    """A title at the top edge, shrunk to the frame width."""
    mob = Text(text, font_size=font_size, color=theme.text)
    fit_within(mob, config.frame_width - 1.0)
    return mob.to_edge(UP, buff=0.3)


def caption(text: str, theme: Theme, font_size: float = 26) -> Text:
    """A one- or two-line caption at the bottom edge, inside the frame."""
    mob = Text(text, font_size=font_size, color=theme.muted, line_spacing=0.8)
    fit_within(mob, config.frame_width - 1.0)
    return mob.to_edge(DOWN, buff=0.25)


# -- plots -----------------------------------------------------------------
def make_axes(
    theme: Theme,
    x_range: Sequence[float],
    y_range: Sequence[float],
    x_length: float = 8.0,
    y_length: float = 5.0,
    numbers: bool = True,
    tips: bool = False,
) -> Axes:
    """Axes in the theme's colours with readable tick numbers."""
    axes = Axes(
        x_range=list(x_range),
        y_range=list(y_range),
        x_length=x_length,
        y_length=y_length,
        tips=tips,
        axis_config={
            "color": theme.axis,
            "stroke_width": 2,
            "include_numbers": numbers,
            "font_size": 22,
            "decimal_number_config": {"num_decimal_places": 0, "color": theme.muted},
        },
    )
    return axes


def polyline(
    axes: Axes, xs: Sequence[float], ys: Sequence[float], color: str, stroke_width: float = 4
) -> VMobject:
    """A piecewise-linear curve through exact knots (no resampling, so kinks stay sharp)."""
    pts = axes.coords_to_point(np.asarray(xs, float), np.asarray(ys, float))
    pts = np.asarray(pts)
    if pts.ndim == 2 and pts.shape[0] == 3 and pts.shape[1] != 3:
        pts = pts.T
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
        self.label = Text(label, font_size=20, color=theme.muted)
        self.label.next_to(self.axes, UP, buff=0.1).align_to(self.axes, LEFT)
        self.step_label = Text("step", font_size=18, color=theme.muted)
        self.step_label.next_to(self.axes, DOWN, buff=0.08).align_to(self.axes, RIGHT)
        self.color = color or theme.good
        self.curve = VMobject(stroke_color=self.color, stroke_width=3)
        self.add(self.axes, self.label, self.step_label, self.curve)
        self.show_upto(0)

    def _transform(self, losses: np.ndarray) -> np.ndarray:
        return np.log10(np.maximum(losses, 1e-12)) if self.log else losses

    def show_upto(self, index: int) -> LossCurve:
        """Draw the curve through recorded points ``0..index``."""
        index = int(np.clip(index, 0, len(self.steps) - 1))
        ys = np.clip(self._transform(self.losses[: index + 1]), self.y_lo, self.y_hi)
        pts = [self.axes.c2p(x, y) for x, y in zip(self.steps[: index + 1], ys)]
        if len(pts) == 1:
            pts = pts * 2
        self.curve.set_points_as_corners(pts)
        return self


class Readout(VGroup):
    """A label and a live number, e.g. ``sum of squares = 12.34``."""

    def __init__(
        self,
        label: str,
        value: float,
        theme: Theme,
        decimals: int = 2,
        font_size: float = 30,
        color: str | None = None,
    ) -> None:
        super().__init__()
        self.text = Text(label, font_size=font_size, color=theme.text)
        self.number = DecimalNumber(
            value, num_decimal_places=decimals, font_size=font_size * 1.2,
            color=color or theme.accent,
        )
        self.number.next_to(self.text, RIGHT, buff=0.2)
        self.add(self.text, self.number)

    def set_value(self, value: float) -> Readout:
        left = self.number.get_left()
        self.number.set_value(value)
        self.number.move_to(left, aligned_edge=LEFT)
        return self

    @property
    def value(self) -> float:
        return float(self.number.get_value())


def arrange_legend(items: Sequence[tuple[str, str]], theme: Theme, font_size: float = 22) -> VGroup:
    """A small legend: coloured line + label per item."""
    rows = VGroup()
    for color, label in items:
        swatch = Line(ORIGIN, RIGHT * 0.4, stroke_color=color, stroke_width=5)
        text = Text(label, font_size=font_size, color=theme.text)
        rows.add(VGroup(swatch, text).arrange(RIGHT, buff=0.15))
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.12)


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


# -- images: digits and weight grids ----------------------------------------
def _hex_to_rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    return np.array([int(color[i : i + 2], 16) for i in (0, 2, 4)], dtype=float)


def diverging_rgb(values: np.ndarray, theme: Theme, scale: float | None = None) -> np.ndarray:
    """Map signed values to RGB: positive -> theme.positive, negative -> theme.negative.

    Brightness (distance from the background colour) grows with ``|value| / scale``;
    ``scale`` defaults to the largest absolute value, so each grid uses its own range.
    """
    values = np.asarray(values, dtype=float)
    if scale is None:
        scale = float(np.max(np.abs(values))) or 1.0
    strength = np.clip(np.abs(values) / scale, 0.0, 1.0)[..., None]
    background = _hex_to_rgb(theme.background)
    target = np.where(
        (values >= 0)[..., None], _hex_to_rgb(theme.positive), _hex_to_rgb(theme.negative)
    )
    return np.rint(background * (1.0 - strength) + target * strength).astype(np.uint8)


def pixel_image(rgb: np.ndarray, height: float) -> Mobject:
    """One ImageMobject from an (H, W, 3) uint8 array, drawn with sharp pixels."""
    from manim import RESAMPLING_ALGORITHMS, ImageMobject

    image = ImageMobject(np.ascontiguousarray(rgb, dtype=np.uint8))
    image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    image.height = height
    return image


def digit_image(pixels: np.ndarray, height: float = 2.0) -> Mobject:
    """A 28x28 grey-level digit (values in [0, 1]: 0 black, 1 white), one image."""
    grey = np.rint(np.clip(np.asarray(pixels, float).reshape(28, 28), 0, 1) * 255)
    return pixel_image(np.repeat(grey[..., None], 3, axis=2).astype(np.uint8), height)


def weight_grid(
    weights: np.ndarray, theme: Theme, height: float = 2.0, scale: float | None = None
) -> Mobject:
    """784 weights as one 28x28 image: diverging colours, brightness by magnitude."""
    return pixel_image(diverging_rgb(np.asarray(weights).reshape(28, 28), theme, scale), height)


def weight_legend(theme: Theme, scale: float, width: float = 2.0, font_size: float = 18) -> Group:
    """A small colour bar from -scale to +scale with its end values."""
    from manim import Group

    ramp = np.linspace(-scale, scale, 64)[None, :].repeat(4, axis=0)
    bar = pixel_image(diverging_rgb(ramp, theme, scale), height=width * 4 / 64)
    bar.width = width
    lo = Text(f"{-scale:.2f}", font_size=font_size, color=theme.negative)
    hi = Text(f"+{scale:.2f}", font_size=font_size, color=theme.positive)
    zero = Text("0", font_size=font_size, color=theme.muted)
    lo.next_to(bar, DOWN, buff=0.08).align_to(bar, LEFT)
    hi.next_to(bar, DOWN, buff=0.08).align_to(bar, RIGHT)
    zero.next_to(bar, DOWN, buff=0.08)
    return Group(bar, lo, zero, hi)
