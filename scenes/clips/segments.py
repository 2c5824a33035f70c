"""Clip 5, SegmentsGrowth: a folding network reaches exactly n^L linear pieces; a random one few.

Render: ``python -m scenes render SegmentsGrowth --set width=3 --set depth=6``
(or ``manim -ql scenes/clips/segments.py SegmentsGrowth``).

Every count is ``nnmath.count_segments`` (exact, no sampling).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    UL,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Integer,
    Line,
    MathTex,
    Rectangle,
    ReplacementTransform,
    Text,
    VGroup,
    VMobject,
)

from nnmath import (
    Network,
    count_segments,
    pieces,
    zigzag_network,
)
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_number_glyph_sources, drop_svg_sources, merge_outlines
from scenes.widgets.plots import make_axes, polyline
from scenes.widgets.text import fit_within, merged_text, swap_caption, title

# -- clip 5: SegmentsGrowth -------------------------------------------------

#: The zigzag folds this interval onto itself; every count is taken on it.
ZIGZAG_X_RANGE = (0.0, 1.0)
#: Beyond this many pieces the graph is a solid band at any resolution and
#: morphing between graphs gets slow.
MAX_PIECES = 20000
#: From this many pieces on, the full graph is a solid band at 480p: a zoom
#: inset shows the first n^2 pieces instead.
ZOOM_FROM = 40


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


class SegmentsGrowth(ClipScene):
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
    PLOT_CENTER = (-3.7, 1.15)
    INSET_CENTER = (-3.7, -1.6)
    PLOT_SIZE = (5.4, 2.4)
    INSET_SIZE = (5.4, 1.2)
    TABLE_LEFT = 0.9
    COLUMNS = (0.0, 1.5, 3.3, 4.7)  # x offsets of the table's columns from TABLE_LEFT
    HEADER_Y = 2.55

    def construct(self) -> None:
        n, depth = self.p.width, self.p.depth
        self.shown["counts"] = list(self.data.counts)
        self.shown["n_power"] = [n**layer for layer in range(1, depth + 1)]
        self.shown["ceiling"] = [(n + 1) ** layer for layer in range(1, depth + 1)]
        self.caption_mob: Text | None = None
        self.curve: VMobject | None = None
        self.zoom: VGroup | None = None

        self.show_setup()
        for layer in range(1, depth + 1):
            self.fold(layer)
        self.why_not_n2l()
        self.show_random_network()

    # -- pieces ---------------------------------------------------------------
    def set_caption(self, text: str, run_time: float = 0.6) -> None:
        anim, self.caption_mob = swap_caption(self.caption_mob, text, self.theme, 24)
        self.play(anim, run_time=run_time)

    def table_cell(self, mob: VMobject, column: int, y: float) -> VMobject:
        return mob.move_to([self.TABLE_LEFT + self.COLUMNS[column], y, 0])

    def row_y(self, layer: int) -> float:
        # Rows tighten for deep networks so the n^2 L comparison still fits below.
        step = 0.5 if self.p.depth <= 4 else 0.42
        return self.HEADER_Y - 0.55 - (layer - 1) * step

    def unit_axes(
        self,
        center: tuple[float, float],
        size: tuple[float, float],
        y_range: tuple[float, float] = (0.0, 1.0),
    ) -> VGroup:
        """Axes over x in [0, 1] with sans-serif end labels; returns (axes, labels)."""
        lo, hi = y_range
        axes = make_axes(
            self.theme,
            [0, 1, 1],
            [lo, hi, hi - lo],
            x_length=size[0],
            y_length=size[1],
            numbers=False,
        )
        axes.move_to([*center, 0])
        y0 = min(max(0.0, lo), hi)
        labels = VGroup(
            # "0" below-left of the origin: the y axis and the curve run through below it
            Text("0", font_size=18, color=self.theme.muted).next_to(axes.c2p(0, y0), DL, 0.12),
            Text("1", font_size=18, color=self.theme.muted).next_to(axes.c2p(1, y0), DOWN, 0.2),
        )
        drop_svg_sources(labels)
        return VGroup(axes, labels)

    def graph(self, axes: Axes, xs: np.ndarray, ys: np.ndarray, color: str) -> VMobject:
        # Thinner strokes for many pieces, so neighbouring teeth stay apart longer.
        width = 3.5 if len(xs) < 100 else (2.0 if len(xs) < 1000 else 1.0)
        return polyline(axes, xs, ys, color, width)

    # -- steps ----------------------------------------------------------------
    def show_setup(self) -> None:
        self.next_section("setup")
        n = self.p.width
        heading = title(f"Width {n}, depth {self.p.depth}: how many linear pieces?", self.theme)
        self.plot = self.unit_axes(self.PLOT_CENTER, self.PLOT_SIZE)
        self.axes = self.plot[0]
        y = self.HEADER_Y
        # Table text is only shown and faded: each cell is drawn as one outline.
        header = VGroup(
            *[
                self.table_cell(merge_outlines(mob), column, y)
                for column, mob in enumerate(
                    [
                        Text("layers", font_size=22, color=self.theme.muted),
                        Text("pieces", font_size=22, color=self.theme.muted),
                        MathTex(f"{n}^l", font_size=34, color=self.theme.muted),
                        MathTex(f"({n}+1)^l", font_size=34, color=self.theme.muted),
                    ]
                )
            ]
        )
        ceiling_note = merged_text("ceiling, 1 input", self.theme.muted, 16)
        ceiling_note.next_to(header[3], UP, buff=0.08)
        rule = Line(
            [self.TABLE_LEFT - 0.6, y - 0.27, 0],
            [self.TABLE_LEFT + self.COLUMNS[3] + 0.9, y - 0.27, 0],
            stroke_color=self.theme.axis,
            stroke_width=1.5,
        )
        self.table = VGroup(header, ceiling_note, rule)
        self.times_label = merge_outlines(
            MathTex(rf"\times {n}", font_size=26, color=self.theme.muted)
        )
        Integer(1234567890)  # caches every digit glyph, then lightened for copying
        drop_svg_sources(heading, self.table, self.times_label)
        drop_number_glyph_sources()
        self.play(FadeIn(heading), FadeIn(self.plot), FadeIn(self.table), run_time=1.0)
        self.set_caption(f"A network built to fold: each layer maps [0, 1] onto itself {n} times")

    def fold(self, layer: int) -> None:
        """Layer ``layer``: the exact graph of the depth-``layer`` zigzag and its count."""
        self.next_section(f"layer_{layer}")
        n = self.p.width
        xs, ys = self.data.zigzag[layer - 1]
        count = self.data.counts[layer - 1]
        curve = self.graph(self.axes, xs, ys, self.theme.model)
        # Later layers go faster: the pattern is set, the numbers carry on.
        run_time = 1.5 if layer <= 2 else 0.9
        highlight = None
        if self.curve is None:
            self.play(Create(curve), run_time=run_time)
        elif layer == 2:
            # One piece of the previous layer becomes n pieces of this one.
            prev_xs, prev_ys = self.data.zigzag[0]
            one = polyline(self.axes, prev_xs[:2], prev_ys[:2], self.theme.highlight, 6)
            self.set_caption(f"Take one of the {self.data.counts[0]} pieces ...")
            self.play(Create(one), run_time=0.7)
            inside = xs <= prev_xs[1]
            highlight = polyline(self.axes, xs[inside], ys[inside], self.theme.highlight, 6)
            self.play(
                ReplacementTransform(self.curve, curve),
                ReplacementTransform(one, highlight),
                run_time=run_time,
            )
        else:
            self.play(ReplacementTransform(self.curve, curve), run_time=run_time)
        self.curve = curve
        if count >= ZOOM_FROM:
            self.zoom_in(layer)
        self.add_row(layer, count)
        if layer == 1:
            self.set_caption(f"Layer 1: {count} pieces, counted exactly from the network's bends")
        elif layer == 2:
            self.set_caption(
                f"... layer 2 folds it {n} times, and every other piece too: "
                f"{n} x {n} = {count} pieces"
            )
            self.wait(0.5)
            self.play(FadeOut(highlight), run_time=0.4)
        elif layer == 3:
            self.set_caption(f"Each further layer folds every piece {n} times again")
        self.wait(0.3 if layer > 2 else 0.6)

    def add_row(self, layer: int, count: int) -> None:
        n = self.p.width
        y = self.row_y(layer)
        # Integer reuses cached digit glyphs: far cheaper than a Text per cell; each
        # cell is then drawn as one outline.
        cells = [
            Integer(layer, font_size=30, color=self.theme.text),
            Integer(count, font_size=32, color=self.theme.highlight),
            Integer(n**layer, font_size=30, color=self.theme.text),
            Integer((n + 1) ** layer, font_size=30, color=self.theme.muted),
        ]
        row = VGroup(*[self.table_cell(merge_outlines(cell), k, y) for k, cell in enumerate(cells)])
        if layer > 1:
            # "x n" between this row's count and the one above: pieces multiply.
            times = self.times_label.copy()
            times.move_to([self.TABLE_LEFT + self.COLUMNS[1] - 0.75, y + 0.21, 0])
            row.add(times)
        # Added on top (not inside the table, drawn below the plot): nothing
        # drawn after it has to be watched while it fades in.
        self.play(FadeIn(row, shift=0.15 * DOWN), run_time=0.5)
        self.table.add(row)

    def zoom_in(self, layer: int) -> None:
        """The first n^2 pieces, magnified: the teeth are real, not a blur."""
        n = self.p.width
        xs, ys = self.data.zigzag[layer - 1]
        count = self.data.counts[layer - 1]
        k = n * n  # knots 0..k span the first n^2 pieces
        x_end = float(xs[k])
        inset = make_axes(
            self.theme,
            [0, x_end, x_end],
            [0, 1, 1],
            x_length=self.INSET_SIZE[0],
            y_length=self.INSET_SIZE[1],
            numbers=False,
        )
        inset.move_to([*self.INSET_CENTER, 0])
        curve = polyline(inset, xs[: k + 1], ys[: k + 1], self.theme.model, 3)
        label = merged_text(f"zoom: the first {k} of {count} pieces", self.theme.muted, 20)
        label.next_to(inset, DOWN, buff=0.15)
        box = Rectangle(
            width=max(self.axes.c2p(x_end, 0)[0] - self.axes.c2p(0, 0)[0], 0.02),
            height=self.PLOT_SIZE[1],
            stroke_color=self.theme.highlight,
            stroke_width=2,
        )
        box.move_to(self.axes.c2p(0, 0), aligned_edge=DL)
        links = VGroup(  # both dashed lines as one outline
            DashedLine(
                box.get_corner(DL),
                inset.c2p(0, 1),
                stroke_color=self.theme.muted,
                stroke_width=1.5,
                dash_length=0.08,
            ),
            DashedLine(
                box.get_corner(DR),
                inset.c2p(x_end, 1),
                stroke_color=self.theme.muted,
                stroke_width=1.5,
                dash_length=0.08,
            ),
        )
        links = merge_outlines(links)
        zoom = VGroup(inset, curve, label, box, links)
        self.shown.setdefault("zoom_pieces", {})[layer] = k
        if self.zoom is None:
            self.play(FadeIn(zoom), run_time=0.7)
        else:
            self.play(ReplacementTransform(self.zoom, zoom), run_time=0.6)
        self.zoom = zoom

    def why_not_n2l(self) -> None:
        """Pieces multiply across layers; weights add up: n^2 L counts weights, not pieces."""
        self.next_section("why_not_n2L")
        n, depth = self.p.width, self.p.depth
        n2l = n * n * depth
        self.shown["n2L"] = n2l
        self.shown["n_params"] = self.data.n_params
        lines = VGroup(  # only faded in: one outline per line
            merge_outlines(
                MathTex(
                    rf"n^L = {n}^{{{depth}}} = {n**depth}", font_size=34, color=self.theme.highlight
                )
            ),
            merge_outlines(
                MathTex(
                    rf"n^2 L = {n}^2 \cdot {depth} = {n2l}", font_size=34, color=self.theme.text
                )
            ),
            merged_text(
                f"about the weights: this network has {self.data.n_params} parameters",
                self.theme.muted,
                20,
            ),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        fit_within(lines, 5.8)
        drop_svg_sources(lines)
        lines.move_to([self.TABLE_LEFT - 0.6, self.row_y(depth) - 0.45, 0], aligned_edge=UL)
        self.play(FadeIn(lines[0]), run_time=0.5)
        self.play(FadeIn(lines[1]), FadeIn(lines[2]), run_time=0.7)
        self.set_caption(
            "Isn't it n\u00b2L? No: each layer multiplies the pieces by n; "
            "the weights only add up, about n\u00b2 per layer"
        )
        self.comparison = lines
        self.wait(1.5)

    def show_random_network(self) -> None:
        """Same size, random weights: the exact count is nowhere near n^L."""
        self.next_section("random")
        d = self.data
        n, depth = self.p.width, self.p.depth
        self.shown["random_pieces"] = d.random_count
        self.shown["random_pieces_wide"] = d.random_count_wide
        # The y range keeps 0 in view, so a nearly flat output looks flat.
        lo, hi = min(float(d.random_ys.min()), 0.0), max(float(d.random_ys.max()), 0.0)
        pad = 0.1 * (hi - lo) if hi > lo else 0.5
        plot = self.unit_axes((self.PLOT_CENTER[0], 0.2), (5.4, 3.4), (lo - pad, hi + pad))
        curve = self.graph(plot[0], d.random_xs, d.random_ys, self.theme.compare)
        knots = VGroup(
            *[
                Dot(plot[0].c2p(x, y), radius=0.05, color=self.theme.compare)
                for x, y in zip(d.random_xs[1:-1], d.random_ys[1:-1])
            ]
        )
        label = merged_text(
            f"random weights (seed {self.p.seed}), same {n} x {depth} size",
            self.theme.compare,
            20,
        )
        fit_within(label, self.PLOT_SIZE[0])
        label.next_to(plot, DOWN, buff=0.2)
        drop_svg_sources(label)
        fading = [FadeOut(self.curve), FadeOut(self.plot)]
        if self.zoom is not None:
            fading.append(FadeOut(self.zoom))
        self.play(*fading, run_time=0.6)
        self.play(FadeIn(plot), FadeIn(label), Create(curve), run_time=1.2)
        self.play(FadeIn(knots), run_time=0.4)
        word = "piece" if d.random_count == 1 else "pieces"
        result = merged_text(
            f"random: {d.random_count} {word} on [0, 1] ({d.random_count_wide} on [-3, 3])",
            self.theme.compare,
            22,
        )
        fit_within(result, 6.0)
        drop_svg_sources(result)
        result.next_to(self.comparison, DOWN, buff=0.25, aligned_edge=LEFT)
        self.play(FadeIn(result), run_time=0.6)
        self.set_caption(
            f"Random weights rarely line their folds up: {d.random_count} {word}, "
            f"not {n**depth}, from {d.n_neurons} neurons"
        )
        self.wait(2.0)
