"""Clip 13, GradientImportance: the gradient (3, 1) as a direction and as relative importance.

Render: ``python -m scenes render GradientImportance``
(or ``manim -ql scenes/clips/gradient_importance.py GradientImportance``).
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
    GrowFromEdge,
    MathTex,
    Rectangle,
    VGroup,
    VMobject,
    Write,
    config,
)

from nnmath import Surface as CostSurface
from nnmath import surface
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_by_style
from scenes.widgets.plots import clip_polyline, make_axes
from scenes.widgets.text import fit_within, merged_text, plated, swap_caption, title

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


@dataclass(frozen=True)
class GradientReading:
    """What :class:`GradientImportance` shows, all computed by nnmath."""

    surface: CostSurface
    point: tuple[float, float]
    cost: float  # C at the point
    gradient: tuple[float, float]  # exact gradient at the point
    nudges: tuple[float, ...]  # h values of the table, largest first
    rise_x: tuple[float, ...]  # C(x + h, y) - C(x, y), per nudge
    rise_y: tuple[float, ...]  # C(x, y + h) - C(x, y), per nudge

    @property
    def ratios(self) -> tuple[float, ...]:
        return tuple(a / b for a, b in zip(self.rise_x, self.rise_y))

    @property
    def gradient_ratio(self) -> float:
        return self.gradient[0] / self.gradient[1]


def _g(v: float) -> str:
    """A nudge as it is shown: up to 4 significant digits."""
    return f"{v:.4g}"


def _rise(v: float) -> str:
    """A change in cost as it is shown: 4 significant digits, trailing zeros kept."""
    return f"{v:#.4g}"


class GradientImportance(ClipScene):
    """The gradient (3, 1) read two ways: the uphill direction, and relative importance.

    The cost is nnmath's "bowl" ``C = x^2/2 + 5y^2/2``; at ``(3, 0.2)`` its exact
    gradient is ``(3, 1)``. Nudging ``x`` by ``h`` raises the cost about three times
    as much as nudging ``y`` by ``h``; the measured ratio tends to 3 as ``h`` shrinks.
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
            "size h of the nudge; the table also shows 10h and h/10",
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
        nudges = (10 * p.nudge, p.nudge, p.nudge / 10)
        cost = float(bowl.value(x, y))
        return GradientReading(
            surface=bowl,
            point=(float(x), float(y)),
            cost=cost,
            gradient=(gx, gy),
            nudges=nudges,
            rise_x=tuple(float(bowl.value(x + h, y)) - cost for h in nudges),
            rise_y=tuple(float(bowl.value(x, y + h)) - cost for h in nudges),
        )

    # -- steps -------------------------------------------------------------
    def construct(self) -> None:
        self.next_section("uphill")
        self.show_uphill()
        self.next_section("nudges")
        self.compare_nudges()
        self.next_section("ratio")
        self.shrink_nudges()

    def show_uphill(self) -> None:
        d = self.data
        gx, gy = d.gradient
        self.grad_text = f"({gx:.3g}, {gy:.3g})"
        self.shown["gradient"] = (gx, gy)
        self.shown["gradient_text"] = self.grad_text
        heading = title(f"A gradient of {self.grad_text}, read two ways", self.theme)
        # No tick numbers: the point's label and the arrow's legs carry the numbers.
        self.axes = make_axes(
            self.theme, [-4, 5, 1], [-2.5, 2.5, 1], x_length=7.0, y_length=3.9, numbers=False
        )
        self.axes.to_edge(LEFT, buff=0.4).shift(DOWN * 0.2)
        level = d.cost
        bowl = d.surface
        # Contours from nnmath's values (level_contour), drawn as polylines cut to the plot.
        contours = VGroup(
            *[
                contour_polyline(
                    self.axes,
                    *level_contour(bowl, c),
                    color=self.theme.model if c == level else self.theme.muted,
                    stroke_width=3 if c == level else 1.5,
                )
                for c in level * np.array([0.15, 0.4, 0.7, 1.0, 1.35])
            ]
        )
        x, y = d.point
        p = self.axes.c2p(x, y)
        self.p_dot = Dot(p, radius=0.08, color=self.theme.text, z_index=2)
        # The arrow is the gradient scaled to 2 plot units; its legs show 3 and 1.
        k = 2.0 / float(np.hypot(gx, gy))
        tip = self.axes.c2p(x + k * gx, y + k * gy)
        corner = self.axes.c2p(x + k * gx, y)
        self.grad_arrow = Arrow(p, tip, buff=0, color=self.theme.highlight, stroke_width=6)
        self.legs = legs = VGroup(
            DashedLine(p, corner, color=self.theme.highlight, stroke_width=2),
            DashedLine(corner, tip, color=self.theme.highlight, stroke_width=2),
        )
        # the first sits on the x axis: a plate keeps it readable
        self.leg_labels = leg_labels = VGroup(
            plated(merged_text(f"{gx:.3g}", self.theme.highlight, 24), self.theme).next_to(
                legs[0], DOWN, buff=0.22
            ),
            plated(merged_text(f"{gy:.3g}", self.theme.highlight, 24), self.theme).next_to(
                legs[1], RIGHT, buff=0.02
            ),
        )
        uphill = merged_text("uphill", self.theme.highlight, 22).next_to(tip, UP, 0.1)
        # The right-hand column: the cost and its gradient stay; each reading goes below.
        formula = MathTex(
            r"C(x, y) = \tfrac{1}{2}x^2 + \tfrac{5}{2}y^2", font_size=34, color=self.theme.text
        )
        label = MathTex(
            rf"\nabla C({x:g}, {y:g}) = {self.grad_text}", font_size=36, color=self.theme.highlight
        )
        header = VGroup(formula, label).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.col_left = self.axes.get_right()[0] + 0.7
        self.col_width = config.frame_width / 2 - 0.4 - self.col_left
        fit_within(header, self.col_width)
        header.next_to(heading, DOWN, buff=0.45).set_x(self.col_left, direction=LEFT)
        self.header = header
        point_label = merged_text(f"({x:g}, {y:g})", self.theme.text, 22)
        # Beside the point where it crosses the fewest lines (contours, axes, the arrow).
        obstacles = [
            (self.axes.x_axis.get_start(), self.axes.x_axis.get_end(), 3.0),
            (self.axes.y_axis.get_start(), self.axes.y_axis.get_end(), 3.0),
            (p, tip, 5.0),
            (p, corner, 2.0),
            (corner, tip, 2.0),
            # the nudge arrows of reading 2 and their "+h" labels (below, right)
            (p, p + RIGHT * 0.7, 5.0),
            (p, p + UP * 0.7, 5.0),
            (p + DOWN * 0.3, p + DOWN * 0.3 + RIGHT * 0.7, 3.0),
            (p + UP * 0.35 + RIGHT * 0.1, p + UP * 0.35 + RIGHT * 0.5, 3.0),
        ]
        for contour in contours:
            pts = contour.get_anchors()
            weight = 3.0 if contour.get_stroke_width() > 2 else 1.0
            obstacles += [(a, b, weight) for a, b in zip(pts[:-1], pts[1:])]
        point_label.move_to(label_spot(point_label, p, obstacles))
        # an opaque plate: contour lines stop at the label instead of showing through it
        point_label = plated(point_label, self.theme)
        cap_anim, self.cap = swap_caption(
            None,
            "Reading 1: the gradient points uphill, straight across the contour lines "
            "(lines of equal cost)",
            self.theme,
        )
        axis_names = VGroup(
            MathTex("x", font_size=30, color=self.theme.muted).next_to(
                self.axes.x_axis, RIGHT, buff=0.1
            ),
            MathTex("y", font_size=30, color=self.theme.muted).next_to(
                self.axes.y_axis, UP, buff=0.1
            ),
        )
        self.play(
            Write(heading), FadeIn(self.axes), FadeIn(axis_names), FadeIn(formula), run_time=1.2
        )
        self.play(Create(contours), FadeIn(self.p_dot), FadeIn(point_label), run_time=1.5)
        drop_svg_sources(heading, header, point_label, axis_names, uphill, self.leg_labels)
        self.play(GrowArrow(self.grad_arrow), FadeIn(uphill), cap_anim, run_time=1.0)
        self.play(Create(legs), FadeIn(leg_labels), Write(label), run_time=1.2)
        self.wait(1.0)
        self.shown["formula"] = "C(x, y) = x^2/2 + 5y^2/2"
        self.shown["point"] = d.point
        self.shown["cost"] = d.cost

    def compare_nudges(self) -> None:
        d = self.data
        h = d.nudges[1]
        rx, ry = d.rise_x[1], d.rise_y[1]
        p = self.p_dot.get_center()
        nudge_x = Arrow(p, p + RIGHT * 0.7, buff=0, color=self.theme.compare, stroke_width=5)
        nudge_y = Arrow(p, p + UP * 0.7, buff=0, color=self.theme.correct, stroke_width=5)
        nudge_labels = VGroup(  # on plates: readable over the contour lines
            plated(MathTex("+h", font_size=28, color=self.theme.compare), self.theme).next_to(
                nudge_x, DOWN, 0.06
            ),
            plated(MathTex("+h", font_size=28, color=self.theme.correct), self.theme).next_to(
                nudge_y, RIGHT, 0.04
            ),
        )
        heading = merged_text(f"Reading 2: nudge each by h = {_g(h)}", self.theme.text, 26)
        unit = 2.4 / max(abs(rx), abs(ry))  # bar length per unit of cost

        def bar_row(name: str, rise: float, colour: str) -> VGroup:
            text = merged_text(f"nudge {name}:", self.theme.text, 24)
            bar = Rectangle(
                width=max(abs(rise) * unit, 0.02),
                height=0.3,
                fill_color=colour,
                fill_opacity=0.9,
                stroke_width=0,
            )
            value = merged_text(f"\u0394C = {_rise(rise)}", colour, 24)
            return VGroup(text, bar, value).arrange(RIGHT, buff=0.2)

        rows = VGroup(
            bar_row("x", rx, self.theme.compare), bar_row("y", ry, self.theme.correct)
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        for row in rows:  # bars start at the same x
            row[1:].next_to(rows[0][0], RIGHT, buff=0.2).set_y(row[0].get_y())
            row[1].align_to(rows[0][1], LEFT)
            row[2].next_to(row[1], RIGHT, buff=0.2)
        ratio = merged_text(
            f"{_rise(rx)} \u00f7 {_rise(ry)} \u2248 {d.ratios[1]:.3g}", self.theme.text, 28
        )
        self.panel = VGroup(heading, rows, ratio).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        fit_within(self.panel, self.col_width)
        self.panel.next_to(self.header, DOWN, buff=0.6, aligned_edge=LEFT)
        cap_anim, self.cap = swap_caption(
            self.cap,
            f"The same nudge to x raises the cost about {d.ratios[1]:.3g} times as much as to y",
            self.theme,
        )
        drop_svg_sources(self.panel, nudge_labels)
        self.play(
            FadeOut(self.legs),
            FadeOut(self.leg_labels),
            GrowArrow(nudge_x),
            FadeIn(nudge_labels),
            GrowArrow(nudge_y),
            FadeIn(heading),
            run_time=1.0,
        )
        self.play(
            *[GrowFromEdge(row[1], LEFT) for row in rows],
            *[FadeIn(row[0]) for row in rows],
            *[FadeIn(row[2]) for row in rows],
            run_time=1.5,
        )
        self.play(Write(ratio), cap_anim, run_time=1.2)
        self.wait(1.0)
        self.shown["nudge"] = h
        self.shown["rise_x"] = rx
        self.shown["rise_y"] = ry
        self.shown["ratio"] = d.ratios[1]
        self.shown["ratio_text"] = f"{d.ratios[1]:.3g}"

    def shrink_nudges(self) -> None:
        d = self.data
        head = [
            merged_text("h", self.theme.text, 24),
            merged_text("\u0394C (x)", self.theme.compare, 24),
            merged_text("\u0394C (y)", self.theme.correct, 24),
            merged_text("ratio", self.theme.text, 24),
        ]
        cells = list(head)
        for h, rx, ry, r in zip(d.nudges, d.rise_x, d.rise_y, d.ratios):
            cells += [
                merged_text(_g(h), self.theme.text, 24),
                merged_text(_rise(rx), self.theme.compare, 24),
                merged_text(_rise(ry), self.theme.correct, 24),
                merged_text(f"{r:.3g}", self.theme.text, 24),
            ]
        grid = VGroup(*cells).arrange_in_grid(cols=4, buff=(0.45, 0.22), col_alignments="rrrr")
        # Only faded in: one outline per colour, not one per glyph, to fade and later redraw.
        table = merge_by_style(grid)
        gx, gy = d.gradient
        limit = MathTex(
            rf"h \to 0:\quad \frac{{\partial C/\partial x}}{{\partial C/\partial y}} = "
            rf"\frac{{{gx:.3g}}}{{{gy:.3g}}} = {d.gradient_ratio:.3g}",
            font_size=42,
            color=self.theme.highlight,
        )
        block = VGroup(table, limit).arrange(DOWN, buff=0.35)
        fit_within(block, self.col_width, 3.8)
        block.next_to(self.header, DOWN, buff=0.5, aligned_edge=LEFT)
        cap_anim, self.cap = swap_caption(
            self.cap,
            f"Smaller nudges: the ratio tends to {d.gradient_ratio:.3g}. Descent changes x "
            f"{d.gradient_ratio:.3g} times as fast as y.",
            self.theme,
        )
        drop_svg_sources(block)
        self.play(FadeOut(self.panel), run_time=0.6)
        self.play(FadeIn(table), cap_anim, run_time=1.2)
        self.play(Write(limit), run_time=1.2)
        self.wait(1.5)
        self.shown["table"] = [
            (h, rx, ry, r) for h, rx, ry, r in zip(d.nudges, d.rise_x, d.rise_y, d.ratios)
        ]
        self.shown["table_text"] = [
            (_g(h), _rise(rx), _rise(ry), f"{r:.3g}")
            for h, rx, ry, r in zip(d.nudges, d.rise_x, d.rise_y, d.ratios)
        ]
        self.shown["limit_ratio"] = d.gradient_ratio
