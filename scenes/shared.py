"""Theme and the drawing pieces clips share.

Colours come from the Okabe-Ito palette, chosen to stay distinguishable with
red-green colour blindness; positive/negative pairs are blue/orange, never
red/green. Every piece takes the theme so a clip renders in both themes.

Pieces: :func:`make_axes`, :func:`polyline`, :func:`residual_segments`,
:class:`LossCurve`, :class:`Readout`, :func:`caption`, :func:`title`,
:func:`fit_within`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

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
    for cls in (Text, MathTex, Tex, DecimalNumber, Integer, LiveNumber):
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


class MergedOutlines(VMobject):
    """Many same-style outlines (a line of text, a set of ticks) as one VMobject.

    Manim draws and animates each glyph of a ``Text`` as its own mobject: a
    caption of 60 letters is 60 paths to build, colour and fill every frame
    it fades, and 60 mobjects to copy and interpolate. Drawn as one path
    (Cairo's non-zero fill keeps each glyph's holes) it looks the same and
    costs about one glyph. ``text`` and ``original_text`` keep the string it was
    made from (as ``Text`` has them).
    """

    def __init__(self, parts: Sequence[VMobject], text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = self.original_text = text
        if parts:  # else the caller sets points and style (see from_points)
            self.set_points(np.concatenate([p.points for p in parts]))
            self.match_style(parts[0], family=False)

    @classmethod
    def from_points(cls, points: np.ndarray, color: str, text: str = "") -> MergedOutlines:
        """Filled outlines styled as Text and MathTex glyphs are (fill only, no stroke)."""
        mob = cls([], text=text, fill_color=color, fill_opacity=1.0, stroke_width=0)
        mob.set_points(points)
        return mob


def merge_outlines(mob: VMobject) -> VMobject:
    """``mob`` as one :class:`MergedOutlines` if all its outlines share one style, else ``mob``.

    For text that is only shown, faded and moved: glyph-by-glyph effects
    (``Write`` letter by letter, colouring single letters) need the original.
    """
    parts = mob.family_members_with_points()
    if len(parts) < 2 or not all(isinstance(p, VMobject) for p in parts):
        return mob
    first = parts[0]
    style = (first.get_fill_rgbas(), first.get_stroke_rgbas(), first.get_stroke_width())
    for part in parts[1:]:
        if (
            part.get_stroke_width() != style[2]
            or not np.array_equal(part.get_fill_rgbas(), style[0])
            or not np.array_equal(part.get_stroke_rgbas(), style[1])
        ):
            return mob
    return MergedOutlines(parts, text=getattr(mob, "original_text", getattr(mob, "text", "")))


def _style_key(part: VMobject) -> tuple:
    return (
        part.get_fill_rgbas().tobytes(),
        part.get_stroke_rgbas().tobytes(),
        float(part.get_stroke_width()),
        part.z_index,
    )


def merge_by_style(mob: Mobject) -> VGroup:
    """``mob``'s outlines as one :class:`MergedOutlines` per style, first-seen order.

    Looks the same as ``mob`` when its outlines do not overlap (text, axes, a
    dashed line): a two-colour sentence becomes two outlines, an Axes with its
    numbers two. Keep ``mob`` itself where it is needed for coordinates
    (``axes.c2p``) and show the merged group.
    """
    groups: dict[tuple, list[VMobject]] = {}
    for part in mob.family_members_with_points():
        if not isinstance(part, VMobject):
            raise TypeError(f"merge_by_style needs VMobjects, got {type(part).__name__}")
        groups.setdefault(_style_key(part), []).append(part)
    merged = VGroup()
    for parts in groups.values():
        one = MergedOutlines(parts, text=getattr(mob, "text", ""))
        one.z_index = parts[0].z_index
        merged.add(one)
    return merged


def merged(mob: Mobject) -> VMobject:
    """``mob`` as one outline if all its outlines share a style, else one per style."""
    group = merge_by_style(mob)
    return group[0] if len(group) == 1 else group


#: Outlines of text built before, by key (see merged_text): this process's copy.
_TEXT_OUTLINES: dict[str, list[np.ndarray]] = {}


def cached_outlines(
    memo: dict[str, list[np.ndarray]],
    folder: Path,
    spec: dict,
    build: Callable[[], list[np.ndarray] | None],
    suffix: str = ".npz",
) -> list[np.ndarray] | None:
    """Outline point arrays made by ``build()``, kept on disk for later renders.

    Parsing Pango's or LaTeX's SVG glyph by glyph costs 0.2-1 s of CPU for a
    caption or formula, every render, even with the SVG file cached; the
    points depend only on ``spec`` (strings, font, size, options) and the
    Manim/Pango versions, so they are saved in ``folder`` (in the cache) and
    read back next time (a millisecond), and kept in ``memo`` for this
    process. A file that is not a list of (4k, 3) arrays is rebuilt. When
    ``build`` returns None nothing is cached and None is returned.
    """
    import hashlib
    import json

    import manimpango
    from manim import __version__ as manim_version

    versions = [manim_version, manimpango.__version__, manimpango.pango_version()]
    blob = json.dumps({**spec, "versions": versions}, sort_keys=True, default=str)
    key = hashlib.sha256(blob.encode()).hexdigest()[:24]
    parts = memo.get(key)
    if parts is None:
        path = folder / f"{key}{suffix}"
        try:
            data = np.load(path, allow_pickle=False)
            if isinstance(data, np.ndarray):  # a .npy: one array
                parts = [data]
            else:
                with data:
                    parts = [data[f"p{i}"] for i in range(len(data.files))]
        except (OSError, ValueError, KeyError):
            parts = None
        if parts is not None and any(p.ndim != 2 or p.shape[1] != 3 or len(p) % 4 for p in parts):
            parts = None  # not ours: rebuild and overwrite
        if parts is None:
            parts = build()
            if parts is None:
                return None
            store_cached_arrays(path, *parts)
        memo[key] = parts
    return [p.copy() for p in parts]


def merged_text(text: str, color: str, font_size: float = 48, **text_kwargs) -> VMobject:
    """``merge_outlines(Text(text, ...))``, the outline cached on disk (see cached_outlines).

    The outline does not depend on the colour, so one file serves every
    theme. Text whose glyphs differ in style (``t2c`` ...) is returned as the
    plain ``Text``.
    """
    text_kwargs.setdefault("font", FONT)
    if any(k.startswith("t2") or k == "gradient" for k in text_kwargs):
        return merge_outlines(Text(text, color=color, font_size=font_size, **text_kwargs))
    built: list[VMobject] = []

    def build() -> list[np.ndarray] | None:
        mob = merge_outlines(Text(text, color=color, font_size=font_size, **text_kwargs))
        built.append(mob)
        return [mob.points.copy()] if isinstance(mob, MergedOutlines) else None

    spec = {"text": text, "font_size": font_size, **text_kwargs}
    from .cache import cache_dir

    parts = cached_outlines(_TEXT_OUTLINES, cache_dir() / "text", spec, build, suffix=".npy")
    if parts is None:
        return built[0]  # mixed styles: the Text itself
    return MergedOutlines.from_points(parts[0], color, text=text)


def store_cached_arrays(path, *arrays: np.ndarray) -> None:
    """Save outline arrays for a later render: ``.npy`` for one, ``.npz`` (p0, p1...) for more.

    Written to a temporary file and renamed (parallel renders share the cache
    folder, and a reader never sees half a file); a failure only costs speed.
    """
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                if len(arrays) == 1 and path.suffix == ".npy":
                    np.save(fh, arrays[0], allow_pickle=False)
                else:
                    np.savez(fh, **{f"p{i}": a for i, a in enumerate(arrays)})
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass


def title(text: str, theme: Theme, font_size: float = 40) -> VMobject:
    """A title at the top edge, shrunk to the frame width (one outline: see MergedOutlines)."""
    mob = merged_text(text, theme.text, font_size)
    fit_within(mob, config.frame_width - 1.0)
    return mob.to_edge(UP, buff=0.3)


def caption(text: str, theme: Theme, font_size: float = 26) -> VMobject:
    """A one- or two-line caption at the bottom edge, inside the frame (one outline).

    A one-line text that would have to shrink below 80 % of ``font_size`` to
    fit is set on two lines, broken at the space nearest its middle.
    """
    max_width = config.frame_width - 1.0
    mob = merged_text(text, theme.muted, font_size, line_spacing=0.8)
    if mob.width * 0.8 > max_width and "\n" not in text and " " in text:
        middle = len(text) / 2
        cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
        two_lines = text[:cut] + "\n" + text[cut + 1 :]
        mob = merged_text(two_lines, theme.muted, font_size, line_spacing=0.8)
        mob.text = mob.original_text = text
    fit_within(mob, max_width)
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
        self.label = merged_text(label, theme.muted, 20)  # shown-only: one outline each
        self.label.next_to(self.axes, UP, buff=0.1).align_to(self.axes, LEFT)
        self.step_label = merged_text(step_label, theme.muted, 18)
        self.step_label.next_to(self.axes, DOWN, buff=0.08).align_to(self.axes, RIGHT)
        self.color = color or theme.good
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
        self.text = merged_text(label, theme.text, font_size)  # shown, never spelled out
        self.number = LiveNumber(  # digits in the same font as the label, cheap to update
            value, num_decimal_places=decimals, font_size=font_size,
            color=color or theme.accent,
        )
        self.number.next_to(self.text, RIGHT, buff=0.2)
        self.add(self.text, self.number)

    def set_value(self, value: float) -> Readout:
        self.number.set_value(value)  # anchored at its left end
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


def drop_svg_sources(*mobs: Mobject) -> None:
    """Free the parsed SVG path each Text/MathTex glyph keeps after it is built.

    Manim needs it only while building the glyph, but every copy (each FadeIn,
    FadeOut and ``.animate`` makes some) deep-copies it: a caption copies about
    ten times faster without it. Call it on finished text; it changes no pixel.
    """
    for mob in mobs:
        for part in mob.get_family():
            if getattr(part, "path_obj", None) is not None:
                part.path_obj = None


# -- the digit network: diagram and output bars ------------------------------
# Imported here rather than at the top so this section stays self-contained.
from manim import (  # noqa: E402
    Animation,
    Brace,
    Circle,
    Dot,
    Rectangle,
    UpdateFromAlphaFunc,
)


def grey_hex(value: float) -> str:
    """The grey of a value in [0, 1]: 0 black, 1 white (as :func:`digit_image` draws pixels)."""
    level = int(np.rint(np.clip(float(value), 0.0, 1.0) * 255))
    return f"#{level:02X}{level:02X}{level:02X}"


class NetworkDiagram(VGroup):
    """A layered network drawn as columns of circles joined by thin edges.

    Layers longer than ``max_shown`` are drawn as ``max_shown`` circles split
    by an ellipsis, with a brace labelled with the layer's true size (784
    inputs: 16 circles, three dots and "784"). Edges join every pair of drawn
    circles in adjacent layers, one VMobject per pair of layers, so they cost
    one mobject each however many lines they hold. A neuron's value in [0, 1]
    is its fill: a grey from black (0) to white (1), never just on or off.

    Parameters
    ----------
    layer_sizes
        Neurons per layer, input first, e.g. ``(784, 16, 16, 10)``.
    theme
        Colours of outlines, edges and labels.
    shown
        For any layer, which neuron indices to draw (``{0: [290, 291, ...]}``);
        by default a long layer shows its first and last ``max_shown // 2``.
    output_labels
        Text beside each output neuron; ``None`` labels them ``0 .. n-1``
        (the digits for a 10-output network), ``()`` draws none.

    Layout knobs (attributes of the same name): ``max_shown``,
    ``neuron_radius``, ``neuron_buff`` (vertical gap between circles; one
    number, or one per layer to spread a short layer out),
    ``layer_buff`` (horizontal distance between layer centres),
    ``edge_width``, ``edge_opacity``, ``font_size``.

    Attributes
    ----------
    layers
        One VGroup of circles per layer (only the drawn ones).
    shown
        Per layer, the neuron index of each drawn circle.
    edges
        One VMobject per pair of adjacent layers (``edges[l]`` joins ``l`` and ``l+1``).
    ellipses, braces
        Dicts ``layer -> mobject`` for the elided layers (brace: brace and size label).
    output_labels
        VGroup of the labels beside the last layer.

    Examples
    --------
    ::

        class Show(Scene):
            def construct(self):
                net = NetworkDiagram((784, 16, 16, 10), THEMES["dark"])
                self.add(net)
                self.play(net.activation_animation(1, np.linspace(0, 1, 16)))
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        theme: Theme,
        *,
        shown: dict[int, Sequence[int]] | None = None,
        output_labels: Sequence[str] | None = None,
        max_shown: int = 16,
        neuron_radius: float = 0.12,
        neuron_buff: float | Sequence[float] = 0.07,
        layer_buff: float = 2.2,
        edge_width: float = 0.6,
        edge_opacity: float = 0.35,
        font_size: float = 22,
    ) -> None:
        super().__init__()
        self.layer_sizes = [int(n) for n in layer_sizes]
        self.theme = theme
        self.max_shown = max_shown
        self.neuron_radius = neuron_radius
        self.neuron_buff = neuron_buff
        self.layer_buff = layer_buff
        self.edge_width = edge_width
        self.edge_opacity = edge_opacity
        self.font_size = font_size
        shown = dict(shown or {})
        self.shown: list[list[int]] = [
            self._drawn_indices(layer, n, shown.get(layer))
            for layer, n in enumerate(self.layer_sizes)
        ]
        self.layers = VGroup()
        self.ellipses: dict[int, VGroup] = {}
        self.braces: dict[int, VGroup] = {}
        for layer in range(len(self.layer_sizes)):
            self.layers.add(self._column(layer))
        self.edges = VGroup(*(self._edges(layer) for layer in range(len(self.layer_sizes) - 1)))
        self.output_labels = self._output_labels(output_labels)
        self.add(self.edges, self.layers, *self.ellipses.values(), *self.braces.values())
        self.add(self.output_labels)
        self.move_to(ORIGIN)

    # -- building ------------------------------------------------------------
    def _drawn_indices(self, layer: int, n: int, chosen: Sequence[int] | None) -> list[int]:
        if chosen is not None:
            indices = [int(i) for i in chosen]
            if (
                not indices
                or any(not 0 <= i < n for i in indices)
                or len(set(indices)) != len(indices)
            ):
                raise ValueError(f"layer {layer}: shown indices must be distinct and in 0..{n - 1}")
            return indices
        if n <= self.max_shown:
            return list(range(n))
        half = self.max_shown // 2
        return list(range(half)) + list(range(n - (self.max_shown - half), n))

    def is_elided(self, layer: int) -> bool:
        return len(self.shown[layer]) < self.layer_sizes[layer]

    def _column(self, layer: int) -> VGroup:
        drawn = len(self.shown[layer])
        buff = self.neuron_buff
        if not np.isscalar(buff):
            buff = buff[layer]
        step = 2 * self.neuron_radius + float(buff)
        elided = self.is_elided(layer)
        gap = 2 if elided else 0  # slots the ellipsis takes
        split = drawn // 2
        n_slots = drawn + gap
        x = layer * self.layer_buff
        column = VGroup()
        for i in range(drawn):
            slot = i if (not elided or i < split) else i + gap
            circle = Circle(
                radius=self.neuron_radius,
                stroke_color=self.theme.muted,
                stroke_width=1.5,
                fill_color=grey_hex(0.0),
                fill_opacity=0.0,
            )
            circle.move_to([x, ((n_slots - 1) / 2 - slot) * step, 0])
            column.add(circle)
        if elided:
            y = ((n_slots - 1) / 2 - (split + (gap - 1) / 2)) * step
            dots = VGroup(*(Dot(radius=0.03, color=self.theme.muted) for _ in range(3)))
            dots.arrange(DOWN, buff=0.06).move_to([x, y, 0])
            self.ellipses[layer] = dots
            brace = Brace(VGroup(column, dots), LEFT, buff=0.1, color=self.theme.muted)
            size = Text(
                f"{self.layer_sizes[layer]}", font_size=self.font_size, color=self.theme.text
            )
            size.next_to(brace, LEFT, buff=0.1)
            self.braces[layer] = VGroup(brace, size)
        return column

    def _edges(self, layer: int) -> VMobject:
        edges = VMobject(
            stroke_color=self.theme.axis,
            stroke_width=self.edge_width,
            stroke_opacity=self.edge_opacity,
        )
        for a in self.layers[layer]:
            start = a.get_right()
            for b in self.layers[layer + 1]:
                edges.start_new_path(start)
                edges.add_line_to(b.get_left())
        return edges

    def frozen_edges(self) -> Mobject:
        """The edges as one image, as the camera draws them now (see ``fast_drawing.freeze``).

        Hundreds of thin anti-aliased lines cost Cairo ~15 ms per pair of
        layers every time the still part of a frame is painted (once per
        ``play()``); the image costs one composite. Swap it in while the edges
        stay put (``scene.remove(*net.edges)``, ``scene.add(image)``, drawn
        below the circles); pixels match the lines' within one level. Build it
        inside the scene, after the diagram has its final position.
        """
        from .fast_drawing import freeze

        return freeze(VGroup(*self.edges))

    def _output_labels(self, labels: Sequence[str] | None) -> VGroup:
        last = len(self.layer_sizes) - 1
        if labels is None:
            labels = [str(i) for i in self.shown[last]]
        group = VGroup()
        for circle, text in zip(self.layers[last], labels):
            label = Text(str(text), font_size=self.font_size, color=self.theme.text)
            group.add(label.next_to(circle, RIGHT, buff=0.15))
        return group

    # -- reading and setting values ------------------------------------------
    def neuron(self, layer: int, index: int) -> Circle:
        """The circle drawn for neuron ``index`` of ``layer`` (KeyError if not drawn)."""
        try:
            return self.layers[layer][self.shown[layer].index(int(index))]
        except ValueError:
            raise KeyError(f"neuron {index} of layer {layer} is not drawn") from None

    def drawn_values(self, layer: int, values: Sequence[float]) -> np.ndarray:
        """The entries of a whole layer's ``values`` that its drawn circles show."""
        values = np.asarray(values, dtype=float).ravel()
        if values.shape != (self.layer_sizes[layer],):
            raise ValueError(
                f"layer {layer} has {self.layer_sizes[layer]} neurons, got {values.shape[0]} values"
            )
        return values[self.shown[layer]]

    def set_activations(self, layer: int, values: Sequence[float]) -> NetworkDiagram:
        """Fill each drawn neuron of ``layer`` with its value's grey (values: the whole layer)."""
        for circle, v in zip(self.layers[layer], self.drawn_values(layer, values)):
            circle.set_fill(grey_hex(v), opacity=1.0)
        return self

    def clear_activations(self, layer: int | None = None) -> NetworkDiagram:
        """Back to unfilled outlines (one layer, or all)."""
        for column in self.layers if layer is None else [self.layers[layer]]:
            column.set_fill(opacity=0.0)
        return self

    def activation_animation(
        self, layer: int, values: Sequence[float], lag_ratio: float = 0.0, **kwargs
    ) -> Animation:
        """Animate ``layer``'s circles from their current fill to their values' greys.

        ``lag_ratio`` staggers the circles top to bottom as in AnimationGroup
        (0: all at once). One animation for the whole column, with no copies
        of the circles, so a layer lights up cheaply.
        """
        from manim import ManimColor, interpolate_color, linear, smooth

        column = self.layers[layer]
        targets = [ManimColor(grey_hex(v)) for v in self.drawn_values(layer, values)]
        # an unfilled circle may report no colour: it then fades in at its target grey
        starts = [
            (c.get_fill_color() or target, c.get_fill_opacity())
            for c, target in zip(column, targets)
        ]
        span = (len(column) - 1) * lag_ratio + 1.0

        def update(_mob: Mobject, alpha: float) -> None:
            for i, (circle, target, (color, opacity)) in enumerate(zip(column, targets, starts)):
                t = smooth(float(np.clip(alpha * span - i * lag_ratio, 0.0, 1.0)))
                circle.set_fill(
                    interpolate_color(color, target, t), opacity=opacity + (1.0 - opacity) * t
                )

        kwargs.setdefault("rate_func", linear)  # easing is applied per circle above
        return _ValueTween(column, update, **kwargs)


class _ValueTween(UpdateFromAlphaFunc):
    """UpdateFromAlphaFunc for updates computed from stored values, not the start state.

    Skips the deep copy of the mobject every Animation makes at its start
    (the update never reads it), which for a group of bars and numbers costs
    more than the whole animation.
    """

    def create_starting_mobject(self) -> Mobject:
        return Mobject()


class OutputBars(VGroup):
    """Horizontal bars for values in [0, 1], labelled ``0 .. n-1``, value printed beside.

    A faint outline (the track) shows the full length of 1, so 0.9 reads as
    "nearly full". Ten bars labelled 0 to 9 are the digit network's outputs.

    Parameters
    ----------
    values
        One value per bar (clipped to [0, 1] for drawing; printed as given).
    labels
        Text left of each bar; ``None`` labels them ``0 .. n-1``.

    Layout knobs: ``bar_length``, ``bar_height``, ``row_buff``, ``font_size``,
    ``decimals``, ``color`` (the bars; default ``theme.primary``).

    Attributes
    ----------
    labels, tracks, bars, numbers
        VGroups, one entry per bar; ``numbers`` are :class:`LiveNumber` s.
    live
        ``VGroup(bars, numbers)``: what :meth:`values_animation` animates (so the
        tracks and labels are painted once, not redrawn every frame).
    values
        The values currently shown (numpy array).

    Examples
    --------
    ::

        bars = OutputBars(net.forward(image)[0], theme)
        self.play(bars.values_animation(net.forward(other)[0]))
        bars.highlight(int(np.argmax(bars.values)))
    """

    def __init__(
        self,
        values: Sequence[float],
        theme: Theme,
        *,
        labels: Sequence[str] | None = None,
        bar_length: float = 3.0,
        bar_height: float = 0.26,
        row_buff: float = 0.14,
        font_size: float = 24,
        decimals: int = 2,
        color: str | None = None,
    ) -> None:
        super().__init__()
        self.theme = theme
        self.bar_length = bar_length
        self.bar_height = bar_height
        self.color = color or theme.primary
        values = np.asarray(values, dtype=float).ravel()
        labels = [str(i) for i in range(len(values))] if labels is None else list(labels)
        if len(labels) != len(values):
            raise ValueError(f"{len(values)} values but {len(labels)} labels")
        self.labels, self.tracks, self.bars, self.numbers = VGroup(), VGroup(), VGroup(), VGroup()
        for i, text in enumerate(labels):
            y = -i * (bar_height + row_buff)
            track = Rectangle(
                width=bar_length,
                height=bar_height,
                stroke_color=theme.muted,
                stroke_width=1,
                fill_opacity=0,
            ).move_to([bar_length / 2, y, 0])
            bar = Rectangle(
                width=bar_length,
                height=bar_height,
                stroke_width=0,
                fill_color=self.color,
                fill_opacity=1,
            )
            label = Text(text, font_size=font_size, color=theme.text)
            label.next_to(track, LEFT, buff=0.2)
            number = LiveNumber(
                0.0, num_decimal_places=decimals, font_size=font_size, color=theme.text
            )
            number.next_to(track, RIGHT, buff=0.2)
            self.labels.add(label)
            self.tracks.add(track)
            self.bars.add(bar)
            self.numbers.add(number)
        # what values_animation changes, in one group: only it is redrawn each frame
        self.live = VGroup(self.bars, self.numbers)
        self.add(self.tracks, self.labels, self.live)
        self.values = np.zeros(len(values))
        self.set_values(values)
        self.move_to(ORIGIN)

    def set_values(self, values: Sequence[float]) -> OutputBars:
        values = np.asarray(values, dtype=float).ravel()
        if values.shape != self.values.shape:
            raise ValueError(f"expected {len(self.values)} values, got {values.shape[0]}")
        for track, bar, number, v in zip(self.tracks, self.bars, self.numbers, values):
            # the track's rectangle, shrunk towards its left end (cheaper than stretch + move)
            fraction = max(float(np.clip(v, 0.0, 1.0)), 1e-3 / self.bar_length)
            points = track.points.copy()
            left = points[:, 0].min()
            points[:, 0] = left + (points[:, 0] - left) * fraction
            bar.points = points
            number.set_value(v)
        self.values = values.copy()
        return self

    def values_animation(self, values: Sequence[float], **kwargs) -> Animation:
        """Grow and shrink the bars (and count the numbers) to new values."""
        start = self.values.copy()
        end = np.asarray(values, dtype=float).ravel()

        def update(_mob: Mobject, alpha: float) -> None:
            self.set_values(start + (end - start) * alpha)

        return _ValueTween(self.live, update, **kwargs)

    def highlight(self, index: int | None, color: str | None = None) -> OutputBars:
        """Colour bar ``index`` and its label (``theme.accent``); ``None`` clears it."""
        for i, (bar, label) in enumerate(zip(self.bars, self.labels)):
            chosen = index is not None and i == int(index)
            bar.set_fill((color or self.theme.accent) if chosen else self.color)
            label.set_color((color or self.theme.accent) if chosen else self.theme.text)
        return self


def swap_caption(
    old: Mobject | None, text: str, theme: Theme, font_size: float = 26
) -> tuple[Animation, Text]:
    """An animation replacing the bottom caption ``old`` by ``text``, and the new caption.

    The old caption fades out before the new one fades in, so two captions
    never overlap mid-transition. ``old=None`` only fades the new one in::

        anim, self.cap = swap_caption(self.cap, "next idea", self.theme)
        self.play(anim, run_time=0.6)
    """
    from manim import FadeIn, FadeOut, Succession

    new = caption(text, theme, font_size=font_size)
    drop_svg_sources(new)  # captions are faded often: copies must be cheap
    if old is None:
        return FadeIn(new), new
    return Succession(FadeOut(old), FadeIn(new)), new


def drop_number_glyph_sources() -> None:
    """:func:`drop_svg_sources` for the digit glyphs every ``DecimalNumber`` shares.

    ``DecimalNumber.set_value`` copies a cached glyph per character, so a live
    readout updated every frame copies about twice as fast without the
    sources. Call it after the clip's numbers exist (it covers the glyphs
    cached so far; calling it again later is harmless).
    """
    from manim.mobject.text.numbers import string_to_mob_map

    drop_svg_sources(*string_to_mob_map.values())


class LiveNumber(VGroup):
    """A number redrawn every frame at almost no cost: fixed glyph slots, outlines swapped.

    ``DecimalNumber.set_value`` deep-copies a glyph
    per character and restyles the result on every update, 15-20 ms a frame
    for a readout; ``LiveNumber.set_value`` only assigns each slot the
    outline of its character, cached once per font, so an update costs about
    as much as moving a dot. Glyphs are ``Text`` outlines in the clips' font,
    spaced by the font's own advances (tabular digits: the number does not
    jitter as it counts).

    The number stays anchored where it is put: ``edge=LEFT`` (default) keeps
    its left end, ``RIGHT`` its right end (columns of figures), ``ORIGIN`` its
    centre; moving or scaling it (``next_to``, ``shift``, ``.animate``) moves
    the anchor with it.

    Examples
    --------
    ::

        class Count(Scene):
            def construct(self):
                loss = LiveNumber(1.0, num_decimal_places=4, font_size=36)
                self.add(loss)
                self.play(loss.count_to(0.0123), run_time=2)
                loss.add_updater(lambda m: m.set_value(tracker.get_value()))
    """

    #: font -> character -> (outline points at font size 48, origin at the
    #: glyph box's left end on the baseline; advance width)
    _glyphs: dict[str, dict[str, tuple[np.ndarray, float]]] = {}
    _BATCH = "0123456789.,\u2212+%"
    _MASTER_SIZE = 48.0

    def __init__(
        self,
        number: float = 0.0,
        num_decimal_places: int = 2,
        font_size: float = 30,
        color: str | None = None,
        include_sign: bool = False,
        group_with_commas: bool = False,
        unit: str = "",
        edge: np.ndarray = LEFT,
        font: str = FONT,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.num_decimal_places = int(num_decimal_places)
        self.include_sign = include_sign
        self.group_with_commas = group_with_commas
        self.unit = unit
        self.edge = np.sign(np.asarray(edge, dtype=float)[0])
        self.font = font
        self.font_size = float(font_size)
        self.color_ = color or "#FFFFFF"  # the theme's text colour via set_default
        glyphs = self._font_glyphs(font)
        scale = self.font_size / self._MASTER_SIZE
        # Invisible marker on the baseline, one digit wide, around the anchor (its left
        # end for LEFT, right end for RIGHT, middle for ORIGIN). Transforms of the group
        # move and scale it, and set_value reads the anchor and the scale back from it.
        self._anchor_at = (self.edge + 1) / 2
        advance = glyphs["0"][1] * scale
        a, b = -self._anchor_at * advance, (1 - self._anchor_at) * advance
        self.marker = VMobject(stroke_width=0, fill_opacity=0)
        self.marker.set_points(np.array([[a, 0, 0], [a, 0, 0], [b, 0, 0], [b, 0, 0]]))
        self.slots = VGroup()
        self.add(self.marker, self.slots)
        self.number = float(number)
        self.set_value(number)

    # -- glyph cache -----------------------------------------------------------
    @classmethod
    def _font_glyphs(cls, font: str) -> dict[str, tuple[np.ndarray, float]]:
        if font not in cls._glyphs:
            cls._glyphs[font] = {}
            cls._learn(font, cls._BATCH)
        return cls._glyphs[font]

    @classmethod
    def _learn(cls, font: str, chars: str) -> None:
        """Cache the outlines and advances of ``chars`` from one ``Text``.

        Each character sits between two zeros ("00" + "c0" for each c): the
        distance between the zeros on either side is the zero's advance plus
        the character's, so one layout by Pango gives every advance.
        """
        table = cls._glyphs.setdefault(font, {})
        inked = [c for c in dict.fromkeys(chars) if not c.isspace()]
        text = Text("00" + "".join(c + "0" for c in inked), font=font, font_size=cls._MASTER_SIZE)
        glyphs = text.submobjects
        lefts = [g.get_left()[0] for g in glyphs]
        baseline = glyphs[0].get_bottom()[1]  # the zeros' bottoms, overshoot alike
        zero_adv = lefts[1] - lefts[0]
        table.setdefault("0", (glyphs[0].points - [lefts[0], baseline, 0], zero_adv))
        for k, c in enumerate(inked):
            before, glyph, after = lefts[1 + 2 * k], glyphs[2 + 2 * k], lefts[3 + 2 * k]
            box_left = before + zero_adv  # offsets are relative to the zero's ink: they cancel
            table[c] = (glyph.points - [box_left, baseline, 0], after - before - zero_adv)
        for c in dict.fromkeys(chars):
            if c.isspace() and c not in table:
                pair = Text("0" + c + "0", font=font, font_size=cls._MASTER_SIZE).submobjects
                gap = pair[1].get_left()[0] - pair[0].get_left()[0]
                table[c] = (np.zeros((0, 3)), gap - zero_adv)

    # -- value -----------------------------------------------------------------
    def _format(self, value: float) -> str:
        spec = f"{'+' if self.include_sign else ''}{',' if self.group_with_commas else ''}"
        text = f"{value:{spec}.{self.num_decimal_places}f}"
        if text.lstrip("+-").strip("0.,") == "" and text.startswith("-"):
            text = text[1:]  # no "-0.00"
        return text.replace("-", "\u2212") + self.unit

    def set_value(self, value: float) -> LiveNumber:
        """Show ``value``; the anchor edge stays where it is."""
        self.number = float(value)
        text = self._format(self.number)
        table = self._font_glyphs(self.font)
        missing = [c for c in text if c not in table]
        if missing:
            self._learn(self.font, "".join(missing))
        start, end = self.marker.points[0], self.marker.points[-1]
        unit = (end[0] - start[0]) / table["0"][1]  # scene units per master-size unit
        anchor = start + self._anchor_at * (end - start)
        inked = [c for c in text if not c.isspace()]
        while len(self.slots) < len(inked):
            slot = VMobject(stroke_width=0, fill_color=self.color_, fill_opacity=1.0)
            if len(self.slots):
                slot.match_style(self.slots[0])
            self.slots.add(slot)
        width = sum(table[c][1] for c in text)
        x = -self._anchor_at * width  # LEFT: 0, ORIGIN: -w/2, RIGHT: -w
        slots = self.slots.submobjects  # VGroup indexing is slow (Manim wraps it)
        k = 0
        for c in text:
            outline, advance = table[c]
            if outline.size:
                slots[k].points = anchor + (outline + [x, 0, 0]) * unit
                k += 1
            x += advance
        for slot in slots[k:]:
            slot.clear_points()
        return self

    def get_value(self) -> float:
        return self.number

    def increment_value(self, delta: float = 1) -> LiveNumber:
        return self.set_value(self.number + delta)

    def count_to(self, value: float, **kwargs) -> Animation:
        """Animation from the current value to ``value`` (``ChangeDecimalToValue``'s job)."""
        start = self.number

        def update(mob: LiveNumber, alpha: float) -> None:
            mob.set_value(start + (value - start) * alpha)

        return UpdateFromAlphaFunc(self, update, **kwargs)
