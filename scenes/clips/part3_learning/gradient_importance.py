"""Clip 13, GradientImportance: the gradient (3, 1) as a direction and as relative importance.

Render: ``python -m scenes render GradientImportance``
(or ``manim -ql scenes/clips/part3_learning/gradient_importance.py GradientImportance``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Arrow,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    MathTex,
    Rectangle,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    Write,
    linear,
)

from nnmath import Surface as CostSurface
from nnmath import surface
from scenes.core.layout import MAIN_LEFT, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources
from scenes.widgets.formulas import formula
from scenes.widgets.plots import Bars, axis_label, clip_polyline, make_axes
from scenes.widgets.text import (
    Captions,
    Readout,
    fade_swap,
    fit_within,
    merged_text,
    plated,
    title,
)

# -- clip 13: one gradient read two ways ---------------------------------------------------


def level_contour(land: CostSurface, level: float, n: int = 240) -> tuple[np.ndarray, np.ndarray]:
    """Points of the closed contour ``cost = level`` around the surface's first minimum.

    Along each of ``n`` rays from the minimum, bisection on nnmath's values finds where
    the cost reaches ``level`` (for costs that rise along every ray, like the bowl).
    """
    centre = np.asarray(land.minima[0], dtype=float)
    angles = np.linspace(0, 2 * np.pi, n + 1)
    dirs = np.column_stack([np.cos(angles), np.sin(angles)])
    dirs[-1] = dirs[0]  # the last ray is the first: the contour closes exactly

    def cost(r: np.ndarray) -> np.ndarray:
        pts = centre + r[:, None] * dirs
        return np.asarray(land.value(pts[:, 0], pts[:, 1]), dtype=float)

    lo, hi = np.zeros(len(dirs)), np.ones(len(dirs))
    for _ in range(60):  # grow each ray until it is past the level
        below = cost(hi) < level
        if not below.any():
            break
        hi[below] *= 2
    for _ in range(50):
        mid = (lo + hi) / 2
        inside = cost(mid) < level
        lo, hi = np.where(inside, mid, lo), np.where(inside, hi, mid)
    r = (lo + hi) / 2
    return centre[0] + r * dirs[:, 0], centre[1] + r * dirs[:, 1]


def contour_polyline(axes, xs, ys, color: str, stroke_width: float) -> VMobject:
    """The polyline through a contour's points, cut to the plot's x and y ranges."""
    (x0, x1), (y0, y1) = axes.x_range[:2], axes.y_range[:2]
    curve = VMobject(stroke_color=color, stroke_width=stroke_width)
    for run_x, run_y in clip_polyline(xs, ys, y0, y1):
        for run_y2, run_x2 in clip_polyline(run_y, run_x, x0, x1):
            pts = np.asarray(axes.coords_to_point(run_x2, run_y2)).T
            curve.start_new_path(pts[0])
            curve.add_points_as_corners(pts[1:])
    return curve


def label_spot(label, point: np.ndarray, obstacles, gap: float = 0.14) -> np.ndarray:
    """Centre for ``label`` beside ``point`` where it covers the least of the obstacles.

    ``obstacles`` are ``(start, end, weight)`` segments; each candidate box (eight
    directions round the point) scores the weighted length of segment inside it.
    """
    w, h = label.width / 2 + 0.06, label.height / 2 + 0.06
    t = np.linspace(0, 1, 12)[:, None]
    samples, weights = [], []
    for a, b, weight in obstacles:
        a, b = np.asarray(a, float)[:2], np.asarray(b, float)[:2]
        samples.append(a + t * (b - a))
        weights.append(np.full(len(t), weight * np.linalg.norm(b - a) / len(t)))
    samples, weights = np.vstack(samples), np.concatenate(weights)
    best, best_score = None, np.inf
    for direction in (DL, DR, UL, UR, LEFT, RIGHT, UP, DOWN):
        centre = np.asarray(point, float) + direction * (np.array([w, h, 0]) + gap)
        inside = (np.abs(samples[:, 0] - centre[0]) <= w) & (np.abs(samples[:, 1] - centre[1]) <= h)
        score = float(weights[inside].sum())
        if score < best_score - 1e-9:
            best, best_score = centre, score
    return best


def view_ranges(xs, ys, width: float, height: float) -> tuple[list, list, float]:
    """Whole-number x and y ranges holding ``xs``, ``ys`` with a unit of room round them,
    on one scale (scene units per unit), grown to fill ``width`` x ``height``."""
    x_range = [int(np.floor(min(xs))) - 1, int(np.ceil(max(xs))) + 1]
    y_range = [int(np.floor(min(ys))) - 1, int(np.ceil(max(ys))) + 1]
    unit = min(width / (x_range[1] - x_range[0]), height / (y_range[1] - y_range[0]))
    for r, room in ((x_range, width), (y_range, height)):
        extra = int((room / unit - (r[1] - r[0])) + 1e-9)
        r[0] -= (extra + 1) // 2  # the spare units split, the odd one below / left
        r[1] += extra // 2
    return x_range, y_range, unit


#: Nudges replayed in the "ratio" beat: from h down to h / SHRINK, evenly on a log scale.
SHRINK = 100
SWEEP_FRAMES = 41
SWEEP_SECONDS = 5.0  # the key motion (DESIGN rule 9)


@dataclass(frozen=True)
class GradientReading:
    """What :class:`GradientImportance` shows, all computed by nnmath."""

    surface: CostSurface
    point: tuple[float, float]
    cost: float  # C at the point
    gradient: tuple[float, float]  # exact gradient at the point
    nudges: tuple[float, ...]  # h of the sweep, from the nudge down to nudge / SHRINK
    rise_x: tuple[float, ...]  # C(x + h, y) - C(x, y), per nudge
    rise_y: tuple[float, ...]  # C(x, y + h) - C(x, y), per nudge

    @property
    def ratios(self) -> tuple[float, ...]:
        return tuple(a / b for a, b in zip(self.rise_x, self.rise_y))

    @property
    def gradient_ratio(self) -> float:
        return self.gradient[0] / self.gradient[1]

    @property
    def checkpoints(self) -> tuple[int, ...]:
        """Indices of h, h/10 and h/100 in the sweep."""
        return (0, (len(self.nudges) - 1) // 2, len(self.nudges) - 1)


def decimals_for(value: float, figures: int = 3) -> int:
    """Decimals that show ``figures`` significant figures of ``value`` (>= 0)."""
    if value <= 0:
        return figures
    return max(0, figures - 1 - int(np.floor(np.log10(value))))


class GradientImportance(Captions, ClipScene):
    """The gradient (3, 1) read two ways: the uphill direction, and relative importance.

    The cost is nnmath's "bowl" ``C = x^2/2 + 5y^2/2``; at ``(3, 0.2)`` its exact
    gradient is ``(3, 1)``. Nudging ``x`` by ``h`` raises the cost about three times
    as much as nudging ``y`` by ``h`` (two bars); the ratio tends to 3 as ``h`` shrinks.
    """

    SUMMARY = "the gradient (3, 1): the uphill direction, and x matters three times as much as y"
    PARAMS = (
        Param(
            "point",
            tuple,
            ((3.0, 0.2),),
            "where the gradient is taken, x:y (bowl domain)",
            pairs=True,
            min_len=1,
            max_len=1,
        ),
        Param(
            "nudge",
            float,
            0.01,
            f"size h of the nudge; it then shrinks to h/{SHRINK}",
            lo=1e-4,
            hi=0.2,
        ),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> GradientReading:
        bowl = surface("bowl")
        ((x, y),) = p.point
        (x0, x1), (y0, y1) = bowl.domain
        if not bowl.contains((x, y)):
            raise ParamError(
                f"point={x:g}:{y:g} is outside the bowl's domain; use x from {x0:g} to {x1:g} "
                f"and y from {y0:g} to {y1:g}"
            )
        gx, gy = (float(v) for v in bowl.gradient(x, y))
        if abs(gy) < 1e-9:
            raise ParamError(
                f"point={x:g}:{y:g} has slope 0 along y, so there is no ratio to show; "
                "pick a point with y != 0"
            )
        nudges = p.nudge * 10.0 ** -np.linspace(0.0, np.log10(SHRINK), SWEEP_FRAMES)
        nudges[0], nudges[(SWEEP_FRAMES - 1) // 2] = p.nudge, p.nudge / 10
        nudges[-1] = p.nudge / SHRINK
        cost = float(bowl.value(x, y))
        return GradientReading(
            surface=bowl,
            point=(float(x), float(y)),
            cost=cost,
            gradient=(gx, gy),
            nudges=tuple(float(h) for h in nudges),
            rise_x=tuple(float(bowl.value(x + h, y)) - cost for h in nudges),
            rise_y=tuple(float(bowl.value(x, y + h)) - cost for h in nudges),
        )

    # -- steps -------------------------------------------------------------
    def construct(self) -> None:
        self.show_uphill()
        self.compare_nudges()
        self.shrink_nudges()
        self.read_importance()

    def show_uphill(self) -> None:
        d, t = self.data, self.theme
        gx, gy = d.gradient
        self.grad_text = f"({gx:.3g}, {gy:.3g})"
        self.shown["gradient"] = (gx, gy)
        self.shown["gradient_text"] = self.grad_text
        heading = title(f"A gradient of {self.grad_text}, read two ways", t)
        x, y = d.point
        # The arrow is the gradient itself (legs gx and gy, measured by the unit ticks),
        # shortened only if it is too long to show (then the ticks go).
        k = min(1.0, self.MAX_ARROW / float(np.hypot(gx, gy)))
        # No tick numbers: the point's label and the arrow's legs carry the numbers. Equal
        # scales on both axes, so the arrow meets the contours at a true right angle. The
        # view holds the minimum (with the inner contours whole), the point and the arrow,
        # and fills the region; a box round it shows where the contours are cut.
        x_range, y_range, unit = view_ranges(
            [-1, x, x + k * gx], [0, y, y + k * gy], MAIN_LEFT.width - 0.5, MAIN_LEFT.height - 0.6
        )
        self.axes = make_axes(t, [*x_range, 1], [*y_range, 1], numbers=False,
                              x_length=unit * (x_range[1] - x_range[0]),
                              y_length=unit * (y_range[1] - y_range[0]))  # fmt: skip
        if k < 1:
            for axis in (self.axes.x_axis, self.axes.y_axis):
                axis.remove(axis.ticks)
        self.axes.move_to(MAIN_LEFT.center + 0.25 * LEFT + 0.2 * DOWN)
        box = Rectangle(
            width=self.axes.x_length,
            height=self.axes.y_length,
            stroke_color=t.axis,
            stroke_width=1.5,
        ).move_to(self.axes)
        self.axes.add(box)
        level = d.cost
        bowl = d.surface
        # Contours from nnmath's values (level_contour), drawn as polylines cut to the plot.
        contours = VGroup(
            *[
                contour_polyline(
                    self.axes,
                    *level_contour(bowl, c),
                    color=t.text if c == level else t.muted,
                    stroke_width=3 if c == level else 1.5,
                )
                for c in level * np.array([0.15, 0.4, 0.7, 1.0, 1.35])
            ]
        )
        p = self.axes.c2p(x, y)
        self.p_dot = Dot(p, radius=0.09, color=t.text, z_index=2)
        tip = self.axes.c2p(x + k * gx, y + k * gy)
        corner = self.axes.c2p(x + k * gx, y)
        self.grad_arrow = Arrow(p, tip, buff=0, color=t.highlight, stroke_width=6)
        self.legs = legs = VGroup(
            DashedLine(p, corner, color=t.highlight, stroke_width=2),
            DashedLine(corner, tip, color=t.highlight, stroke_width=2),
        )
        # the first sits on the x axis: a plate keeps it readable
        self.leg_labels = leg_labels = VGroup(
            plated(merged_text(f"{gx:.3g}", t.highlight, Size.READOUT), t).next_to(
                legs[0], DOWN, buff=0.22
            ),
            plated(merged_text(f"{gy:.3g}", t.highlight, Size.READOUT), t).next_to(
                legs[1], RIGHT, buff=0.06
            ),
        )
        uphill = merged_text("uphill", t.highlight, Size.READOUT).next_to(tip, UP, 0.1)
        # The side panel: the cost and its gradient, one displayed formula.
        cost = MathTex(r"C(x, y) = \tfrac{1}{2}x^2 + \tfrac{5}{2}y^2", font_size=Size.TITLE,
                       color=t.text)  # fmt: skip
        grad = MathTex(rf"\nabla C({x:g}, {y:g}) = {self.grad_text}", font_size=Size.TITLE,
                       color=t.highlight)  # fmt: skip
        self.header = header = formula(VGroup(cost, grad).arrange(DOWN, aligned_edge=LEFT,
                                                                  buff=0.3))  # fmt: skip
        fit_within(header, SIDE.width)
        SIDE.stack([header])
        point_label = merged_text(f"({x:g}, {y:g})", t.text, Size.READOUT)
        # Beside the point where it crosses the fewest lines (contours, axes, the arrow).
        obstacles = [
            (self.axes.x_axis.get_start(), self.axes.x_axis.get_end(), 3.0),
            (self.axes.y_axis.get_start(), self.axes.y_axis.get_end(), 3.0),
            (p, tip, 5.0),
            (p, corner, 2.0),
            (corner, tip, 2.0),
            # the nudge arrows of reading 2 and their "+h" labels (below, right)
            (p, p + RIGHT * self.NUDGE, 5.0),
            (p, p + UP * self.NUDGE, 5.0),
            (p + DOWN * 0.35, p + DOWN * 0.35 + RIGHT * self.NUDGE, 3.0),
            (p + UP * 0.4 + RIGHT * 0.1, p + UP * 0.4 + RIGHT * 0.6, 3.0),
        ]
        for contour in contours:
            pts = contour.get_anchors()
            weight = 3.0 if contour.get_stroke_width() > 2 else 1.0
            obstacles += [(a, b, weight) for a, b in zip(pts[:-1], pts[1:])]
        point_label.move_to(label_spot(point_label, p, obstacles))
        # an opaque plate: contour lines stop at the label instead of showing through it
        point_label = plated(point_label, t)
        axis_names = VGroup(
            axis_label("x", t).next_to(self.axes.x_axis, RIGHT, buff=0.15),
            axis_label("y", t).next_to(self.axes.y_axis, UP, buff=0.1),
        )
        drop_svg_sources(heading, header, point_label, axis_names, uphill, self.leg_labels)
        self.beat(
            "uphill",
            "The gradient points uphill, straight across the contours",
            f"The cost is C = x squared over 2 plus 5 y squared over 2; the lines are lines "
            f"of equal cost. At ({x:g}, {y:g}) its gradient is {self.grad_text}: an arrow "
            f"{gx:.3g} along x and {gy:.3g} along y, pointing straight uphill, across the "
            "contour lines.",
        )
        self.play(Write(heading), FadeIn(self.axes), FadeIn(axis_names), FadeIn(header[0]),
                  run_time=1.2)  # fmt: skip
        self.play(Create(contours), FadeIn(self.p_dot), FadeIn(point_label), run_time=1.5)
        self.play(GrowArrow(self.grad_arrow), FadeIn(uphill), run_time=1.0)
        self.play(Create(legs), FadeIn(leg_labels), FadeIn(header[1]), run_time=1.2)
        self.remove(*header)
        self.add(header)  # one formula on screen (for the numbers rule too), not two
        self.point_label = point_label
        self.wait(1.5)
        self.shown["formula"] = "C(x, y) = x^2/2 + 5y^2/2"
        self.shown["point"] = d.point
        self.shown["cost"] = d.cost

    MAX_ARROW = 6.0  # the longest gradient arrow drawn at full length (plot units)
    NUDGE = 0.8  # length of the nudge arrows on the plot (scene units)
    BARS_HEIGHT = 1.7

    def compare_nudges(self) -> None:
        d, t = self.data, self.theme
        h, rx, ry, ratio = d.nudges[0], d.rise_x[0], d.rise_y[0], d.ratios[0]
        p = self.p_dot.get_center()
        nudge_x = Arrow(p, p + RIGHT * self.NUDGE, buff=0, color=t.model, stroke_width=5)
        nudge_y = Arrow(p, p + UP * self.NUDGE, buff=0, color=t.compare, stroke_width=5)
        nudge_labels = VGroup(  # on plates: readable over the contour lines
            plated(merged_text("+h", t.model, Size.READOUT), t).next_to(nudge_x, DOWN, 0.06),
            plated(merged_text("+h", t.compare, Size.READOUT), t).next_to(nudge_y, RIGHT, 0.04),
        )
        h_decimals = decimals_for(min(d.nudges), 1)
        self.h_readout = Readout("nudge h =", h, t, decimals=h_decimals)
        # Two bars: how much the cost rises for the nudge in x and in y.
        self.rise_decimals = decimals_for(min(rx, ry), 4)  # the digits are the point here
        self.bars = Bars(t, [rx, ry], ["nudge x", "nudge y"], [t.model, t.compare],
                         width=SIDE.width, height=self.BARS_HEIGHT, y_max=1.1 * max(rx, ry),
                         decimals=self.rise_decimals)  # fmt: skip
        bars_name = merged_text("rise in cost", t.text, Size.READOUT)
        self.ratio_readout = Readout("x rise \u00f7 y rise \u2248", ratio, t, decimals=2)
        panel = [self.h_readout, bars_name, self.bars, self.ratio_readout]
        SIDE.stack([self.header, *panel], buff=0.3)
        drop_svg_sources(nudge_labels, bars_name, self.bars.names)
        shown = (f"{h:.{h_decimals}f}", f"{rx:.{self.rise_decimals}f}",
                 f"{ry:.{self.rise_decimals}f}", f"{ratio:.2f}")  # fmt: skip
        self.beat(
            "nudges",
            f"The same nudge to x raises the cost {ratio:.3g} times as much",
            f"Nudge x by h = {shown[0]}: the cost rises by {shown[1]}. Nudge y by the same "
            f"h: it rises by only {shown[2]}. The nudge to x matters {shown[3]} times as much.",
        )
        # the point's coordinates stay in the gradient's formula
        self.play(FadeOut(self.legs), FadeOut(self.leg_labels), FadeOut(self.point_label),
                  GrowArrow(nudge_x),
                  GrowArrow(nudge_y), FadeIn(nudge_labels), FadeIn(self.h_readout),
                  run_time=1.0)  # fmt: skip
        self.play(FadeIn(bars_name), FadeIn(self.bars.baseline), FadeIn(self.bars.names),
                  self.bars.grow(), run_time=1.5)  # fmt: skip
        self.play(FadeIn(self.ratio_readout), run_time=0.8)
        self.wait(2.0)
        self.shown["nudge"] = h
        self.shown["rise_x"] = rx
        self.shown["rise_y"] = ry
        self.shown["ratio"] = ratio
        self.shown["ratio_text"] = f"{ratio:.3g}"
        self.shown["nudge_text"] = shown
        self.shown["bar_values"] = [float(v) for v in self.bars.values]

    def _show_nudge(self, i: int) -> None:
        """The sweep's frame ``i``: h, both bars (rescaled so the x bar keeps its height)
        and their ratio."""
        d = self.data
        rx, ry = d.rise_x[i], d.rise_y[i]
        self.bars.y_max = 1.1 * max(rx, ry)
        self.bars.unit_height = self.BARS_HEIGHT / self.bars.y_max
        self.bars.set_values([rx, ry])
        self.h_readout.set_value(d.nudges[i])
        self.ratio_readout.set_value(d.ratios[i])

    def shrink_nudges(self) -> None:
        d = self.data
        last = len(d.nudges) - 1
        first, end = d.ratios[0], d.ratios[-1]
        self.beat(
            "ratio",
            f"Smaller nudges: the ratio tends to {d.gradient_ratio:.3g}",
            f"Shrink the nudge from {d.nudges[0]:g} to {d.nudges[-1]:g}. Both rises shrink "
            f"(the bars are rescaled to keep the x bar's height), and their ratio goes from "
            f"{first:.3g} to {end:.4g}: towards {d.gradient_ratio:.3g}.",
        )
        # the rises' digits would outgrow their bars as h shrinks: the ratio carries them
        self.play(self.bars.numbers.animate.set_opacity(0), run_time=0.6)
        shown = []

        def update(_mob, alpha: float) -> None:
            i = round(alpha * last)
            self._show_nudge(i)

        moving = VGroup(self.bars.bars, self.h_readout.number, self.ratio_readout.number)
        self.play(UpdateFromAlphaFunc(moving, update), run_time=SWEEP_SECONDS,
                  rate_func=linear)  # fmt: skip
        for i in range(last + 1):
            shown.append((self.h_readout.number._format(d.nudges[i]),
                          self.ratio_readout.number._format(d.ratios[i])))  # fmt: skip
        self._show_nudge(last)
        self.wait(1.5)
        self.shown["table"] = [
            (d.nudges[i], d.rise_x[i], d.rise_y[i], d.ratios[i]) for i in d.checkpoints
        ]
        self.shown["sweep"] = [
            (h, rx, ry, r) for h, rx, ry, r in zip(d.nudges, d.rise_x, d.rise_y, d.ratios)
        ]
        self.shown["sweep_text"] = shown

    def read_importance(self) -> None:
        d, t = self.data, self.theme
        gx, gy = d.gradient
        limit = formula(MathTex(
            rf"\partial_x C \div \partial_y C = {gx:.3g} \div {gy:.3g} = {d.gradient_ratio:.3g}",
            font_size=Size.TITLE, color=t.highlight,
        ))  # fmt: skip
        fit_within(limit, SIDE.width)
        limit.move_to(self.ratio_readout, aligned_edge=LEFT + UP)
        drop_svg_sources(limit)
        self.beat(
            "importance",
            f"In the limit, x matters {d.gradient_ratio:.3g} times as much as y",
            f"In the limit the ratio is the gradient's own: {gx:.3g} over {gy:.3g}, "
            f"{d.gradient_ratio:.3g}. So the gradient says which way is uphill, and that x "
            f"matters {d.gradient_ratio:.3g} times as much as y here: a descent step changes "
            f"x {d.gradient_ratio:.3g} times as much as y.",
        )
        self.play(fade_swap(self.ratio_readout, limit), run_time=1.2)
        self.wait(2.5)
        self.shown["limit_ratio"] = d.gradient_ratio
