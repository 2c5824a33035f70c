"""SegmentsGrowth: a folding network reaches exactly n^L linear pieces; a random one few.

Render: ``python -m scenes render SegmentsGrowth --set width=3 --set depth=6``
(or ``manim -ql scenes/clips/part1_curve_fitting/segments.py SegmentsGrowth``).

Every count is ``nnmath.count_segments`` (exact, no sampling). The graph is
the main plot; once it holds too many pieces to see, the plot zooms in (the
whole graph stays on a strip above it, the zoomed window boxed), so each
layer is seen folding every piece ``n`` times. A chart on the side plots the
counts against the depth ``L`` on a log scale, with the ceiling ``(n+1)^L``
and ``n^2 L`` (which counts weights, not pieces).
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
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Rectangle,
    ReplacementTransform,
    Transform,
    VGroup,
    VMobject,
)

from nnmath import (
    Network,
    count_segments,
    pieces,
    zigzag_network,
)
from scenes.core.layout import MAIN_LEFT, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import merge_outlines
from scenes.widgets.plots import HALO, axis_label, make_axes, polyline
from scenes.widgets.text import Captions, fade_swap, fit_within, merged_text, title, with_role

#: The zigzag folds this interval onto itself; every count is taken on it.
ZIGZAG_X_RANGE = (0.0, 1.0)
#: Beyond this many pieces the graph is a solid band at any resolution and
#: morphing between graphs gets slow.
MAX_PIECES = 20000
#: More pieces than this in view are a solid band at 480p: the main plot zooms in.
ZOOM_FROM = 40

SUPERSCRIPTS = str.maketrans(
    "0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
)


def sup(k: int) -> str:
    """``k`` in superscript digits (DejaVu Sans has them): ``3`` + ``sup(4)`` reads 3⁴."""
    return str(k).translate(SUPERSCRIPTS)


@dataclass(frozen=True)
class SegmentsData:
    """Exact graphs and piece counts of the zigzag networks and one random network."""

    #: For depth l = 1..L: knots (xs, ys) of zigzag_network(n, l) on [0, 1].
    zigzag: list[tuple[np.ndarray, np.ndarray]]
    #: count_segments(zigzag_network(n, l), 0, 1) for l = 1..L.
    counts: list[int]
    random_xs: np.ndarray
    random_ys: np.ndarray
    random_count: int
    #: The random network's count on a wider interval, [-3, 3].
    random_count_wide: int
    n_params: int
    n_neurons: int


def zoom_pieces(n: int) -> int:
    """Pieces kept in view after a zoom: n^2 while that is at most 16, else n."""
    return n * n if n * n <= 16 else n


class SegmentsGrowth(Captions, ClipScene):
    """Width n, depth L: a folding network reaches n^L pieces; a random one does not.

    Each layer of ``zigzag_network(n, L)`` folds [0, 1] onto itself n times,
    so every piece it receives comes out as n pieces: counts multiply,
    n, n^2, ..., n^L, under the ceiling (n + 1)^L for one input. The number
    of weights only adds up layer by layer (about n^2 per layer), which is
    why n^2 L is about the parameter count and not the piece count.
    """

    SUMMARY = "depth multiplies linear pieces: n^L for a folding network, few for a random one"
    PARAMS = (
        Param(
            "width", int, 3, "neurons per hidden layer n; needs width^depth <= 20000", lo=2, hi=6
        ),
        Param("depth", int, 6, "hidden layers L; needs width^depth <= 20000", lo=1, hi=6),
        Param("seed", int, 3, "seed of the random network compared at the end", lo=0, hi=10**6),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> SegmentsData:
        n, depth = p.width, p.depth
        if n**depth > MAX_PIECES:
            largest = max(d for d in range(1, depth) if n**d <= MAX_PIECES)
            raise ParamError(
                f"width={n}, depth={depth} means {n}^{depth} = {n**depth} pieces, too many "
                f"to draw; keep width^depth <= {MAX_PIECES} (depth <= {largest} for width {n})"
            )
        zigzag, counts = [], []
        for layer in range(1, depth + 1):
            net = zigzag_network(n, layer)
            zigzag.append(pieces(net, *ZIGZAG_X_RANGE))
            counts.append(count_segments(net, *ZIGZAG_X_RANGE))
        random = Network([1] + [n] * depth + [1], seed=p.seed)
        rx, ry = pieces(random, *ZIGZAG_X_RANGE)
        return SegmentsData(
            zigzag,
            counts,
            rx,
            ry,
            count_segments(random, *ZIGZAG_X_RANGE),
            count_segments(random, -3.0, 3.0),
            random.n_params,
            sum(random.layer_sizes[1:-1]),
        )

    # -- layout ---------------------------------------------------------------
    PLOT_WIDTH = 8.2
    PLOT_Y = (-2.5, 1.3)  # the main plot's bottom and top
    STRIP_Y = (1.75, 2.3)  # the whole graph, above the zoomed main plot
    CHART_Y = (-2.2, 1.0)  # the side chart of counts against depth

    def construct(self) -> None:
        n, depth = self.p.width, self.p.depth
        self.shown["counts"] = list(self.data.counts)
        self.shown["n_power"] = [n**layer for layer in range(1, depth + 1)]
        self.shown["ceiling"] = [(n + 1) ** layer for layer in range(1, depth + 1)]
        self.shown["zoom_pieces"] = {}
        self.curve: VMobject | None = None
        self.window = 1.0  # the main plot shows [0, window]
        self.zooming = False
        self.strip: VGroup | None = None

        self.show_setup()
        for layer in range(1, depth + 1):
            self.fold(layer)
        self.why_not_n2l()
        self.show_random_network()

    # -- pieces ---------------------------------------------------------------
    def ticks(self, axes: Axes, xs: list[tuple[float, str]], ys: list[tuple[float, str]]):
        """Tick numbers (tick size, muted, haloed, above the data) at (value, text) pairs."""
        t = self.theme
        labels = VGroup()
        for value, text in xs:
            at = axes.c2p(value, axes.y_range[0])
            labels.add(merged_text(text, t.muted, Size.TICK).next_to(at, DOWN, buff=0.15))
        for value, text in ys:
            at = axes.c2p(axes.x_range[0], value)
            labels.add(merged_text(text, t.muted, Size.TICK).next_to(at, LEFT, buff=0.15))
        labels.set_stroke(t.background, width=HALO, background=True).set_z_index(10)
        return with_role(labels, "tick")

    def graph(self, axes: Axes, xs: np.ndarray, ys: np.ndarray, color: str) -> VMobject:
        # Thinner strokes for many pieces, so neighbouring teeth stay apart longer.
        width = 3.5 if len(xs) < 100 else (2.0 if len(xs) < 1000 else 1.0)
        return polyline(axes, xs, ys, color, width)

    def window_axes(self, window: float) -> Axes:
        """Axes (not drawn) mapping [0, window] x [0, 1] onto the main plot."""
        axes = make_axes(self.theme, [0, window, window], [0, 1, 1], x_length=self.PLOT_WIDTH,
                         y_length=self.PLOT_Y[1] - self.PLOT_Y[0], numbers=False)  # fmt: skip
        return axes.move_to(self.axes)

    def window_ticks(self, window: float) -> VGroup:
        ratio = round(1 / window)
        end = "1" if ratio == 1 else (f"1/{ratio:,}" if abs(ratio * window - 1) < 1e-9
                                      else f"{window:.3g}")  # fmt: skip
        return self.ticks(self.window_axes(window), [(0, "0"), (window, end)], [(1, "1")])

    def in_window(self, layer: int) -> tuple[np.ndarray, np.ndarray]:
        """Knots of layer ``layer``'s graph inside the main plot's window."""
        xs, ys = self.data.zigzag[layer - 1]
        keep = xs <= self.window * (1 + 1e-9)
        return xs[keep], ys[keep]

    def view_label(self, text: str) -> VMobject:
        label = merged_text(text, self.theme.text, Size.READOUT)
        fit_within(label, self.PLOT_WIDTH)
        return label.move_to([self.axes.get_left()[0], MAIN_LEFT.y1, 0], aligned_edge=UL)

    def pieces_line(self, layer: int) -> VMobject:
        n, count = self.p.width, self.data.counts[layer - 1]
        row = merged_text(f"pieces = {n}{sup(layer)} = {count:,}", self.theme.model, Size.READOUT)
        fit_within(row, SIDE.width)
        return row.move_to([SIDE.x0, SIDE.y1, 0], aligned_edge=UL)

    def chart_point(self, depth: float, count: float) -> np.ndarray:
        return self.chart.c2p(depth, np.log10(max(count, 1e-9)))

    def chart_line(self, f, color: str, dashed: bool = False) -> VMobject:
        """``f(L)`` for L from 1 to the depth on the log chart."""
        ls = np.linspace(1.0, max(self.p.depth, 1.0001), 60)
        pts = [self.chart_point(x, f(x)) for x in ls]
        line = VMobject(stroke_color=color, stroke_width=3).set_points_as_corners(pts)
        if dashed:
            from manim import DashedVMobject

            line = merge_outlines(DashedVMobject(line, num_dashes=30))
        return line

    def chart_label(self, text: str, color: str, at: np.ndarray, direction) -> VMobject:
        label = merged_text(text, color, Size.READOUT).next_to(at, direction, buff=0.15)
        label.set_stroke(self.theme.background, width=HALO, background=True).set_z_index(10)
        # inside the side panel
        label.shift(LEFT * max(0.0, label.get_right()[0] - SIDE.x1))
        label.shift(UP * max(0.0, self.chart.get_bottom()[1] - label.get_bottom()[1]))
        return with_role(label, "label")

    # -- steps ----------------------------------------------------------------
    def show_setup(self) -> None:
        t, n, depth = self.theme, self.p.width, self.p.depth
        heading = title(f"Width n = {n}, depth L = {depth}: how many pieces?", t)
        self.axes = make_axes(t, [0, 1, 1], [0, 1, 1], x_length=self.PLOT_WIDTH,
                              y_length=self.PLOT_Y[1] - self.PLOT_Y[0], numbers=False)  # fmt: skip
        self.axes.move_to([MAIN_LEFT.x0 + 0.45 + self.PLOT_WIDTH / 2, sum(self.PLOT_Y) / 2, 0])
        self.axis_ticks = self.window_ticks(1.0)
        # the side chart: pieces (log scale) against the depth L
        top = int(np.ceil(np.log10(max((n + 1) ** depth, n * n * depth)) + 1e-9))
        x_range = [1, depth, 1] if depth > 1 else [0.5, 1.5, 1]
        height = self.CHART_Y[1] - self.CHART_Y[0]
        self.chart = make_axes(t, x_range, [0, top, 1], x_length=SIDE.width - 1.0,
                               y_length=height, numbers=False)  # fmt: skip
        self.chart.move_to([SIDE.x0 + 0.75 + self.chart.width / 2, sum(self.CHART_Y) / 2, 0])
        y_ticks = [(k, f"{10**k}" if k < 3 else f"10{sup(k)}") for k in range(top + 1)]
        chart_ticks = self.ticks(self.chart, [(d, str(d)) for d in range(1, depth + 1)], y_ticks)
        y_name = axis_label("pieces (log scale)", t)
        y_name.next_to(self.chart, UP, buff=0.15).align_to([SIDE.x0, 0, 0], LEFT)
        x_name = axis_label("depth L", t)
        x_name.next_to(self.chart, DOWN, buff=0.45).align_to(self.chart, LEFT)
        self.chart_frame = VGroup(self.chart, chart_ticks, y_name, x_name)
        self.ceiling = self.chart_line(lambda L: (n + 1) ** L, t.muted, dashed=True)
        at = self.chart_point(1 + 0.6 * (depth - 1), (n + 1) ** (1 + 0.6 * (depth - 1)))
        self.ceiling_label = self.chart_label("(n+1)\u1d38\nceiling", t.muted, at, UL)
        self.play(
            self.start_beat(
                "setup",
                "A network built to fold the interval onto itself",
                f"This network, {n} neurons wide and {depth} layers deep, is built, not trained: "
                f"each layer folds [0, 1] onto itself {n} times. Its linear pieces are counted "
                f"exactly from its bends. The dashed line on the right is the most any network "
                f"with one input can have: (n+1)^L.",
            ),
            FadeIn(heading),
            FadeIn(self.axes),
            FadeIn(self.axis_ticks),
            FadeIn(self.chart_frame),
            run_time=1.0,
        )
        self.play(Create(self.ceiling), FadeIn(self.ceiling_label), run_time=1.0)
        self.label: VMobject | None = None
        self.count_line: VMobject | None = None
        self.dots = VGroup()

    def fold(self, layer: int) -> None:
        """Layer ``layer``: the exact graph of the depth-``layer`` zigzag and its count."""
        n, d, t = self.p.width, self.data, self.theme
        count = d.counts[layer - 1]
        if layer == 1:
            self.play(self.start_beat(
                "layer_1", "One layer folds the interval into n pieces",
                f"One layer: {count} pieces, counted exactly from the network's bends.",
            ))  # fmt: skip
        elif layer == 2:
            self.play(self.start_beat(
                "layer_2", "The next layer folds every piece n times",
                f"Take one of the {d.counts[0]} pieces: the second layer folds it {n} times, and "
                f"every other piece too: {n} \u00d7 {n} = {count} pieces.",
            ))  # fmt: skip
        elif layer == 3:
            self.play(self.start_beat(
                "deeper", "Every further layer multiplies the pieces by n",
                f"Each further layer folds every piece {n} times again: {d.counts[1]} becomes "
                f"{count}, and so on, {n} times more per layer.",
            ))  # fmt: skip
        xs, ys = self.in_window(layer)
        axes = self.axes if self.window >= 1.0 else self.window_axes(self.window)
        curve = self.graph(axes, xs, ys, t.model)
        in_view = len(xs) - 1
        label = self.view_label(self.view_text(layer, in_view))
        # Later layers go faster: the pattern is set, the numbers carry on. The count changes
        # with the curve, so the number and the picture always agree.
        run_time = 1.5 if layer <= 2 else 1.0
        count = self.count_on_chart(layer)
        if self.curve is None:
            self.play(Create(curve), fade_swap(self.label, label), *count, run_time=run_time)
        elif layer == 2:
            # One piece of the previous layer becomes n pieces of this one.
            prev_xs, prev_ys = d.zigzag[0]
            one = polyline(self.axes, prev_xs[:2], prev_ys[:2], t.highlight, 7)
            self.play(Create(one), run_time=0.8)
            inside = xs <= prev_xs[1] * (1 + 1e-9)
            highlight = polyline(self.axes, xs[inside], ys[inside], t.highlight, 7)
            self.play(ReplacementTransform(self.curve, curve), ReplacementTransform(one, highlight),
                      fade_swap(self.label, label), *count, run_time=run_time)  # fmt: skip
            self.wait(1.5)
            self.play(FadeOut(highlight), run_time=0.5)
        else:
            self.play(ReplacementTransform(self.curve, curve), fade_swap(self.label, label),
                      *self.strip_update(layer), *count, run_time=run_time)  # fmt: skip
        self.curve, self.label = curve, label
        if in_view > ZOOM_FROM or self.zooming:
            self.wait(2.0)  # the fold, held before the view zooms in on it
            self.zoom_in(layer)
        # what the main plot holds when the layer is done: the window and its pieces
        self.shown.setdefault("windows", {})[layer] = self.window
        self.shown.setdefault("in_view", {})[layer] = len(self.in_window(layer)[0]) - 1
        self.wait(2.0)

    def view_text(self, layer: int, in_view: int) -> str:
        count = self.data.counts[layer - 1]
        if self.window >= 1.0:
            return f"the whole interval: {count:,} pieces"
        return f"zoomed {round(1 / self.window):,}\u00d7: the first {in_view} of {count:,} pieces"

    def count_on_chart(self, layer: int) -> list:
        """Animations showing the count as a dot on the log chart (joined to the one before)
        and as n^L."""
        t, count = self.theme, self.data.counts[layer - 1]
        dot = Dot(self.chart_point(layer, count), radius=0.09, color=t.model).set_z_index(3)
        line = self.pieces_line(layer)
        anims = [FadeIn(dot, scale=0.5), fade_swap(self.count_line, line)]
        if len(self.dots):
            link = VMobject(stroke_color=t.model, stroke_width=3)
            link.set_points_as_corners([self.dots[-1].get_center(), dot.get_center()])
            anims.append(Create(link))
        self.dots.add(dot)
        self.count_line = line
        return anims

    def strip_update(self, layer: int) -> list:
        """The whole graph of this layer on the strip above the zoomed plot."""
        if self.strip is None:
            return []
        xs, ys = self.data.zigzag[layer - 1]
        curve = self.graph(self.strip_axes, xs, ys, self.theme.model).set_stroke(width=1.0)
        old, self.strip_curve = self.strip_curve, curve
        return [FadeOut(old), FadeIn(curve)]

    def zoom_in(self, layer: int) -> None:
        """Zoom the main plot into its first pieces (a strip above keeps the whole graph)."""
        t, n, d = self.theme, self.p.width, self.data
        xs, ys = d.zigzag[layer - 1]
        in_view = int(np.sum(xs <= self.window * (1 + 1e-9))) - 1
        keep = zoom_pieces(n) if not self.zooming else in_view // n
        self.window = float(xs[keep])
        self.shown["zoom_pieces"][layer] = keep
        axes = self.window_axes(self.window)
        curve = self.graph(axes, xs[: keep + 1], ys[: keep + 1], t.model)
        label = self.view_label(self.view_text(layer, keep))
        ticks = self.window_ticks(self.window)
        anims = [FadeOut(self.curve), FadeIn(curve), fade_swap(self.label, label),
                 fade_swap(self.axis_ticks, ticks)]  # fmt: skip
        if self.strip is None:
            self.strip_axes = make_axes(t, [0, 1, 1], [0, 1, 1], x_length=self.PLOT_WIDTH,
                                        y_length=self.STRIP_Y[1] - self.STRIP_Y[0],
                                        numbers=False)  # fmt: skip
            self.strip_axes.move_to([self.axes.get_center()[0], sum(self.STRIP_Y) / 2, 0])
            self.strip_curve = self.graph(self.strip_axes, xs, ys, t.model).set_stroke(width=1.0)
            self.strip = VGroup(self.strip_axes)
            self.box = self.zoom_box()
            self.links = self.zoom_links(self.box)
            self.play(
                self.start_beat(
                    "zoom", "Zoomed in: every tooth is still there",
                    f"At {d.counts[layer - 1]:,} pieces the graph is a solid band at this size. "
                    f"The main plot zooms in {round(1 / self.window):,} times, to its first "
                    f"{keep} pieces; the strip above keeps the whole graph, the window boxed. "
                    f"Each further layer folds every piece {n} times again, and the view zooms "
                    f"in {n} times more to keep up: {d.counts[-1]:,} = {n}^{self.p.depth} "
                    "pieces in the end.",
                ),
                FadeIn(self.strip_axes), FadeIn(self.strip_curve), run_time=0.8,
            )  # fmt: skip
            self.play(Create(self.box), Create(self.links), *anims, run_time=1.2)
            self.zooming = True
        else:
            box = self.zoom_box()
            self.play(Transform(self.box, box), Transform(self.links, self.zoom_links(box)),
                      *anims, run_time=1.0)  # fmt: skip
        self.curve, self.label, self.axis_ticks = curve, label, ticks

    def zoom_box(self) -> Rectangle:
        """The main plot's window, boxed on the strip."""
        axes = self.strip_axes
        width = max(axes.c2p(self.window, 0)[0] - axes.c2p(0, 0)[0], 0.04)
        box = Rectangle(width=width, height=axes.y_length + 0.1, stroke_color=self.theme.highlight,
                        stroke_width=3)  # fmt: skip
        return box.move_to(axes.c2p(0, 0) + 0.05 * DOWN, aligned_edge=DL)

    def zoom_links(self, box: Rectangle) -> VMobject:
        top = self.axes.c2p(0, 1)[1]
        left, right = self.axes.get_left()[0], self.axes.c2p(1, 0)[0]
        links = VGroup(  # both dashed lines as one outline
            DashedLine(box.get_corner(DL), [left, top, 0], stroke_color=self.theme.muted,
                       stroke_width=1.5, dash_length=0.08),
            DashedLine(box.get_corner(DR), [right, top, 0], stroke_color=self.theme.muted,
                       stroke_width=1.5, dash_length=0.08),
        )  # fmt: skip
        return merge_outlines(links)

    def why_not_n2l(self) -> None:
        """Pieces multiply across layers; weights add up: n^2 L counts weights, not pieces."""
        t, n, depth, d = self.theme, self.p.width, self.p.depth, self.data
        n2l = n * n * depth
        self.shown["n2L"] = n2l
        self.shown["n_params"] = d.n_params
        line = self.chart_line(lambda L: n * n * L, t.text)
        end = self.chart_point(depth, n2l)
        label = self.chart_label("n\u00b2L", t.text, end, DL if depth > 1 else RIGHT)
        lines = VGroup(
            merged_text(f"n\u1d38 = {n}{sup(depth)} = {n**depth:,} pieces", t.model, Size.READOUT),
            merged_text(f"n\u00b2L = {n}\u00b2\u00b7{depth} = {n2l}: weights", t.text,
                        Size.READOUT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)  # fmt: skip
        fit_within(lines, SIDE.width)
        lines.move_to([SIDE.x0, SIDE.y1, 0], aligned_edge=UL)
        self.play(
            self.start_beat(
                "why_not_n2L",
                "Pieces multiply by n per layer; weights only add up",
                f"Isn't it n\u00b2L? No: each layer multiplies the pieces by {n}, so {depth} "
                f"layers give n^L = {n}^{depth} = {n**depth:,}. The weights only add up, about "
                f"n\u00b2 = {n * n} per layer: n\u00b2L = {n2l} is about the number of weights "
                f"(this network has {d.n_params} parameters), not of pieces.",
            ),
            Create(line),
            FadeIn(label),
            fade_swap(self.count_line, lines),
            run_time=1.5,
        )
        self.count_line = lines
        self.wait(2.5)

    def show_random_network(self) -> None:
        """Same size, random weights: the exact count is nowhere near n^L."""
        d, t = self.data, self.theme
        n, depth = self.p.width, self.p.depth
        self.shown["random_pieces"] = d.random_count
        self.shown["random_pieces_wide"] = d.random_count_wide
        # The y range keeps 0 in view, so a nearly flat output looks flat.
        lo, hi = min(float(d.random_ys.min()), 0.0), max(float(d.random_ys.max()), 0.0)
        pad = 0.1 * (hi - lo) if hi > lo else 0.5
        lo, hi = lo - pad, hi + pad
        axes = make_axes(t, [0, 1, 1], [lo, hi, hi - lo], x_length=self.PLOT_WIDTH,
                         y_length=self.PLOT_Y[1] - self.PLOT_Y[0], numbers=False)  # fmt: skip
        axes.move_to(self.axes)
        ticks = self.ticks(axes, [(0, "0"), (1, "1")], [])
        curve = self.graph(axes, d.random_xs, d.random_ys, t.compare)
        knots = VGroup(*[Dot(axes.c2p(x, y), radius=0.1, color=t.compare)
                         for x, y in zip(d.random_xs[1:-1], d.random_ys[1:-1])])  # fmt: skip
        word = "piece" if d.random_count == 1 else "pieces"
        label = self.view_label(f"random weights, same size: {d.random_count} {word}")
        dot = Dot(self.chart_point(depth, d.random_count), radius=0.1, color=t.compare)
        dot.set_z_index(3)
        dot_label = self.chart_label("random", t.compare, dot.get_center(), LEFT)
        fading = [FadeOut(self.curve), FadeOut(self.axes), FadeOut(self.axis_ticks)]
        if self.strip is not None:
            fading += [FadeOut(self.strip_axes), FadeOut(self.strip_curve), FadeOut(self.box),
                       FadeOut(self.links)]  # fmt: skip
        self.play(
            self.start_beat(
                "random",
                "Random weights come nowhere near n\u1d38",
                f"The same {n} \u00d7 {depth} network with random weights (seed {self.p.seed}) "
                f"rarely lines its folds up: {d.random_count} {word} on [0, 1] "
                f"({d.random_count_wide} on [-3, 3]), not {n**depth:,}, from {d.n_neurons} "
                "neurons.",
            ),
            *fading,
            run_time=0.8,
        )
        self.play(FadeIn(axes), FadeIn(ticks), Create(curve), fade_swap(self.label, label),
                  run_time=1.5)  # fmt: skip
        self.play(FadeIn(knots), FadeIn(dot, scale=0.5), FadeIn(dot_label), run_time=0.8)
        self.wait(2.5)
