"""Clips 4 and 5: what depth does to a ReLU network's linear pieces.

Render:
``python -m scenes render BendsPerLayer`` (or ``manim -ql scenes/layers.py BendsPerLayer``),
``python -m scenes render SegmentsGrowth --set width=3 --set depth=6``.

Both clips read every knot, crossing and count from ``nnmath.piecewise``
(exact, no sampling), so a bend drawn is a bend the network has.
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
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    Indicate,
    Integer,
    Line,
    MathTex,
    Rectangle,
    ReplacementTransform,
    Text,
    Transform,
    VGroup,
    VMobject,
    Write,
    config,
)

from nnmath import (
    LayerPieces,
    Network,
    TrainingDiverged,
    count_segments,
    gradient_descent,
    layer_pieces,
    pieces,
    sample_curve_data,
    zigzag_network,
)
from scenes.cache import cached_trajectory
from scenes.clip import ClipScene
from scenes.params import Param, ParamError, ParamValues
from scenes.shared import (
    drop_number_glyph_sources,
    drop_svg_sources,
    fit_within,
    make_axes,
    merge_outlines,
    merged_text,
    polyline,
    swap_caption,
    title,
)

# -- clip 4: BendsPerLayer --------------------------------------------------

# The network is trained on clip 3's wave (sample_curve_data) so that its
# bends sit where the data needs them, spread over [-3, 3]. A freshly
# initialised network has its first-layer bends at -b/w with tiny biases:
# all of them within a few tenths of 0, too crowded to read.
BENDS_X_RANGE = (-3.0, 3.0)
BENDS_TRAINING = {
    "n_points": 40,
    "noise": 0.1,
    "data_seed": 0,
    "learning_rate": 0.02,
    "steps": 3000,
}


@dataclass(frozen=True)
class BendsData:
    """What BendsPerLayer shows: the trained network, layer by layer, exactly."""

    network: Network
    layers: list[LayerPieces]
    #: Per hidden layer from the second on: the neuron whose pre-activation is shown.
    chosen: list[int]
    final_loss: float
    output_pieces: int


def neuron_crossings(layer: LayerPieces, neuron: int) -> np.ndarray:
    """The x positions where ``neuron`` of this layer crosses zero (its new bends)."""
    return layer.crossings[layer.crossing_neurons == neuron]


def clearest_neuron(layer: LayerPieces) -> int:
    """The neuron whose zero crossings read best: many, with a visible dip below zero.

    A crossing only shows if the pre-activation goes clearly both ways, so
    crossings count in full only when the smaller side (below or above zero)
    spans at least a fifth of the neuron's range.
    """

    def score(j: int) -> tuple[float, float]:
        z = layer.pre[:, j]
        span = float(z.max() - z.min()) or 1.0
        balance = min(-float(z.min()), float(z.max())) / span
        return len(neuron_crossings(layer, j)) * min(max(balance, 0.0) / 0.2, 1.0), balance

    return max(range(layer.pre.shape[1]), key=score)


class BendsPerLayer(ClipScene):
    """A second layer bends the bends: ReLU of a piecewise-linear function.

    Each first-layer neuron is one bent line. A second-layer neuron adds them
    up (still straight between those bends) and applies ReLU: wherever that
    sum crosses zero, a new bend appears. Deeper layers repeat the trick.
    """

    SUMMARY = "a second ReLU layer adds a bend wherever a piecewise-linear sum crosses zero"
    PARAMS = (
        Param("width", int, 3, "neurons per hidden layer", lo=2, hi=6),
        Param("depth", int, 2, "hidden layers (the clip walks through each)", lo=2, hi=4),
        Param(
            "seed", int, 25, "seed of the network's starting weights (then trained)", lo=0, hi=10**6
        ),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> BendsData:
        t = BENDS_TRAINING
        x, y = sample_curve_data(t["n_points"], t["noise"], seed=t["data_seed"])
        start = Network([1] + [p.width] * p.depth + [1], seed=p.seed)

        def train():
            return gradient_descent(
                start, x, y, t["learning_rate"], t["steps"], record_every=t["steps"]
            )

        try:
            run = cached_trajectory("bends_per_layer", {**p.computed(), **t}, train)
        except TrainingDiverged:
            raise ParamError(
                f"training diverged for width={p.width}, depth={p.depth}, seed={p.seed}; "
                "try another seed or a smaller width"
            ) from None
        net = run.final_network
        layers = layer_pieces(net, *BENDS_X_RANGE)
        # One neuron per layer is shown: the one whose new bends read best.
        chosen = [clearest_neuron(lp) for lp in layers[1:]]
        return BendsData(
            net, layers, chosen, float(run.loss[-1]), count_segments(net, *BENDS_X_RANGE)
        )

    # -- layout ---------------------------------------------------------------
    PLOT_WIDTH = 7.8
    PLOT_CENTER_X = -2.5
    PANEL_LEFT = 2.2

    def construct(self) -> None:
        self.heading = title("A second layer bends the bends", self.theme)
        self.add(self.heading)
        self.caption_mob: Text | None = None
        self.counts = VGroup()
        self.shown["crossings"] = {}
        self.shown["new_bends"] = [len(lp.crossings) for lp in self.data.layers]
        self.shown["bends_after_layer"] = [len(lp.x) - 2 for lp in self.data.layers]
        self.shown["output_pieces"] = self.data.output_pieces
        self.shown["chosen_neuron"] = list(self.data.chosen)

        self.show_first_layer()
        for layer in range(1, len(self.data.layers)):
            if layer > 1:
                self.move_to_next_layer(layer)
            self.sum_inputs(layer)
            self.mark_zero_crossings(layer)
            self.apply_relu(layer)
        self.count_output_pieces()

    # -- pieces ---------------------------------------------------------------
    def set_caption(self, text: str) -> None:
        anim, self.caption_mob = swap_caption(self.caption_mob, text, self.theme, 24)
        self.play(anim, run_time=0.6)

    def add_count_row(self, text: str, color: str | None = None) -> None:
        row = merged_text(text, color or self.theme.text, 24)
        fit_within(row, config.frame_width / 2 - self.PANEL_LEFT - 0.3)
        if len(self.counts):
            row.next_to(self.counts[-1], DOWN, buff=0.3, aligned_edge=LEFT)
        else:
            row.move_to([self.PANEL_LEFT, 2.3, 0], aligned_edge=LEFT)
        self.counts.add(row)
        self.play(FadeIn(row, shift=0.2 * LEFT), run_time=0.6)

    def layer_axes(self, values: np.ndarray, height: float, y_center: float) -> Axes:
        """Axes over [-3, 3] whose y range holds ``values`` and 0, without tick numbers."""
        lo = min(float(values.min()), 0.0)
        hi = max(float(values.max()), 0.0)
        pad = 0.08 * (hi - lo) if hi > lo else 1.0
        lo, hi = (lo - pad if lo < 0 else 0.0), hi + pad
        axes = make_axes(
            self.theme,
            [*BENDS_X_RANGE, 1],
            [lo, hi, hi - lo],
            x_length=self.PLOT_WIDTH,
            y_length=height,
            numbers=False,
        )
        axes.move_to([self.PLOT_CENTER_X, y_center, 0])
        return axes

    def bend_guides(self, xs: np.ndarray) -> VMobject:
        """Dashed verticals through the top plot's bends, down across the bottom plot.

        All dashes are one outline (same style): drawn in order, as a group of
        dashed lines would be, at the cost of one.
        """
        top, bottom = self.top_axes, self.bottom_axes
        y_top = top.c2p(0, top.y_range[1])[1]
        y_bottom = bottom.c2p(0, bottom.y_range[0])[1]
        guides = VGroup(
            *[
                DashedLine(
                    [top.c2p(x, 0)[0], y_top, 0],
                    [top.c2p(x, 0)[0], y_bottom, 0],
                    stroke_color=self.theme.muted,
                    stroke_width=1.5,
                    stroke_opacity=0.6,
                    dash_length=0.08,
                )
                for x in xs
            ]
        )
        return merge_outlines(guides) if len(xs) else guides

    def layer_label(self, tex: str, axes: Axes) -> MathTex:
        label = MathTex(tex, font_size=30, color=self.theme.text)
        drop_svg_sources(label)
        fit_within(label, self.PLOT_WIDTH)
        return label.next_to(axes, UP, buff=0.08).align_to(axes, LEFT)

    # -- steps ----------------------------------------------------------------
    def show_first_layer(self) -> None:
        """Layer 1: each neuron is relu(w x + b), one bend where w x + b = 0."""
        self.next_section("first_layer")
        first = self.data.layers[0]
        self.top_axes = self.layer_axes(first.post, 2.0, 1.45)
        self.bottom_axes = None
        colors = self.theme.sequence()
        curves = VGroup(
            *[
                polyline(self.top_axes, first.x, first.post[:, j], colors[j % len(colors)], 3.5)
                for j in range(first.post.shape[1])
            ]
        )
        bends = VGroup(
            *[
                Dot(self.top_axes.c2p(x, 0), radius=0.06, color=colors[int(j) % len(colors)])
                for x, j in zip(first.crossings, first.crossing_neurons)
            ]
        )
        x_ticks = self.x_end_labels(self.top_axes)
        self.top_label = self.layer_label(
            r"\text{layer 1:}\ a_i = \max(0,\ w_i x + b_i)", self.top_axes
        )
        self.play(FadeIn(self.top_axes), FadeIn(x_ticks), Write(self.top_label), run_time=1.0)
        self.set_caption(
            f"Layer 1: {first.post.shape[1]} neurons, each a line bent once (where w x + b = 0)"
        )
        self.play(Create(curves), run_time=1.5)
        self.play(*[GrowFromCenter(d) for d in bends], run_time=0.6)
        self.top_group = VGroup(self.top_axes, x_ticks, self.top_label, curves, bends)
        self.top_curves = curves
        self.shown["layer1_bends"] = first.crossings.tolist()
        self.add_count_row(f"layer 1: {len(first.crossings)} bends")
        self.wait(0.5)

    def x_end_labels(self, axes: Axes) -> VGroup:
        lo, hi = BENDS_X_RANGE
        labels = VGroup(
            Text(f"{lo:g}", font_size=18, color=self.theme.muted).next_to(
                axes.c2p(lo, 0), DOWN, buff=0.1
            ),
            Text(f"{hi:g}", font_size=18, color=self.theme.muted).next_to(
                axes.c2p(hi, 0), DOWN, buff=0.1
            ),
        )
        drop_svg_sources(labels)
        return labels

    def sum_inputs(self, layer: int) -> None:
        """A next-layer neuron's pre-activation: a weighted sum, straight between bends."""
        self.next_section(f"layer{layer + 1}_sum")
        lp = self.data.layers[layer]
        j = self.data.chosen[layer - 1]
        self.bottom_axes = self.layer_axes(lp.pre[:, j], 2.4, -1.75)
        zero = Text("0", font_size=20, color=self.theme.muted)
        drop_svg_sources(zero)
        zero.next_to(self.bottom_axes.c2p(BENDS_X_RANGE[0], 0), LEFT, buff=0.12)
        prev = self.data.layers[layer - 1]
        guides = self.bend_guides(prev.x[1:-1])
        label = self.layer_label(
            rf"\text{{layer {layer + 1}, neuron {j + 1}:}}\ z = \textstyle\sum_i w_i a_i + b",
            self.bottom_axes,
        )
        self.pre_curve = polyline(self.bottom_axes, lp.x, lp.pre[:, j], self.theme.primary, 4)
        self.play(
            FadeIn(self.bottom_axes),
            FadeIn(zero),
            Write(label),
            self.top_curves.animate.set_stroke(opacity=0.45),
            run_time=1.0,
        )
        self.play(Create(guides), run_time=0.8)
        self.set_caption(
            f"Adding the {prev.post.shape[1]} bent lines gives a line that bends only "
            f"where they do: {len(prev.x) - 2} bends"
        )
        self.play(Create(self.pre_curve), run_time=1.5)
        self.bottom_group = VGroup(self.bottom_axes, zero, label, guides)
        self.wait(0.4)

    def mark_zero_crossings(self, layer: int) -> None:
        """Where z changes sign: exact crossings from nnmath, one dot each."""
        self.next_section(f"layer{layer + 1}_crossings")
        lp = self.data.layers[layer]
        j = self.data.chosen[layer - 1]
        xs = neuron_crossings(lp, j)
        self.shown["crossings"][layer + 1] = xs.tolist()
        axis = self.bottom_axes.x_axis
        self.crossing_dots = VGroup(
            *[Dot(self.bottom_axes.c2p(x, 0), radius=0.09, color=self.theme.accent) for x in xs]
        )
        word = "once" if len(xs) == 1 else f"{len(xs)} times"
        if len(xs):
            self.set_caption(f"This sum crosses zero {word}")
            self.play(Indicate(axis, color=self.theme.accent, scale_factor=1.0), run_time=0.8)
            self.play(*[GrowFromCenter(d) for d in self.crossing_dots], run_time=0.7)
        else:
            self.set_caption(
                f"No neuron of layer {layer + 1} crosses zero on [-3, 3]: nothing new to bend"
            )
        self.bottom_group.add(self.crossing_dots)
        self.wait(0.4)

    def apply_relu(self, layer: int) -> None:
        """max(0, z): the negative stretches flatten and each crossing becomes a bend."""
        self.next_section(f"layer{layer + 1}_relu")
        lp = self.data.layers[layer]
        j = self.data.chosen[layer - 1]
        post = polyline(self.bottom_axes, lp.x, lp.post[:, j], self.theme.primary, 4)
        new_label = self.layer_label(
            rf"\text{{layer {layer + 1}, neuron {j + 1}:}}\ \max(0,\ z)", self.bottom_axes
        )
        old_label = self.bottom_group[2]
        # A faint dashed z stays behind, so the cut-off part remains visible.
        ghost = DashedVMobject(self.pre_curve.copy(), num_dashes=70)
        ghost.set_stroke(self.theme.muted, width=2.5, opacity=0.7)
        ghost = merge_outlines(ghost)  # 70 dashes, one outline
        self.add(ghost)
        self.bottom_group.add(ghost)
        self.play(
            Transform(self.pre_curve, post),
            ReplacementTransform(old_label, new_label),
            run_time=1.5,
        )
        self.bottom_group[2] = new_label
        self.bottom_group.add(self.pre_curve)
        n_new = len(neuron_crossings(lp, j))
        if n_new:
            self.play(
                *[Indicate(d, color=self.theme.accent) for d in self.crossing_dots], run_time=0.8
            )
            self.set_caption(
                f"ReLU flattens z below zero (dashed): {n_new} new "
                f"{'bend' if n_new == 1 else 'bends'} for this neuron; all "
                f"{lp.post.shape[1]} neurons of layer {layer + 1} add {len(lp.crossings)}"
            )
        self.add_count_row(f"layer {layer + 1}: +{len(lp.crossings)} new, {len(lp.x) - 2} bends")
        self.wait(0.6)

    def move_to_next_layer(self, layer: int) -> None:
        """Deeper: the top plot becomes the previous layer's outputs, and the trick repeats."""
        self.next_section(f"layer{layer + 1}_inputs")
        prev = self.data.layers[layer - 1]
        self.play(FadeOut(self.top_group), FadeOut(self.bottom_group), run_time=0.6)
        self.top_axes = self.layer_axes(prev.post, 2.0, 1.45)
        colors = self.theme.sequence()
        curves = VGroup(
            *[
                polyline(self.top_axes, prev.x, prev.post[:, k], colors[k % len(colors)], 3)
                for k in range(prev.post.shape[1])
            ]
        )
        label = self.layer_label(
            rf"\text{{layer {layer}:}}\ \text{{all {prev.post.shape[1]} "
            r"outputs}",
            self.top_axes,
        )
        ticks = self.x_end_labels(self.top_axes)
        self.set_caption(f"Layer {layer + 1} repeats the trick on layer {layer}'s outputs")
        self.play(FadeIn(self.top_axes), FadeIn(ticks), Write(label), Create(curves), run_time=1.2)
        self.top_curves = curves
        self.top_group = VGroup(self.top_axes, ticks, label, curves)

    def count_output_pieces(self) -> None:
        """The output sums the last layer: at most one piece more than the bends."""
        self.next_section("count")
        d = self.data
        self.add_count_row(f"output: {d.output_pieces} linear pieces", self.theme.accent)
        # Said on screen, but beside the counts: in the caption it made one tiny line.
        note = merged_text(
            f"width {self.p.width} is an arbitrary\n"
            "choice; the network was\ntrained on clip 3's wave",
            self.theme.muted,
            20,
        )
        fit_within(note, config.frame_width / 2 - self.PANEL_LEFT - 0.3)
        note.next_to(self.counts[-1], DOWN, buff=0.5, aligned_edge=LEFT)
        self.play(FadeIn(note), run_time=0.5)
        self.set_caption("Each layer adds bends where its sums cross zero")
        self.wait(1.5)


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
            Text("0", font_size=18, color=self.theme.muted).next_to(axes.c2p(0, y0), DOWN, 0.1),
            Text("1", font_size=18, color=self.theme.muted).next_to(axes.c2p(1, y0), DOWN, 0.1),
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
        curve = self.graph(self.axes, xs, ys, self.theme.primary)
        # Later layers go faster: the pattern is set, the numbers carry on.
        run_time = 1.5 if layer <= 2 else 0.9
        highlight = None
        if self.curve is None:
            self.play(Create(curve), run_time=run_time)
        elif layer == 2:
            # One piece of the previous layer becomes n pieces of this one.
            prev_xs, prev_ys = self.data.zigzag[0]
            one = polyline(self.axes, prev_xs[:2], prev_ys[:2], self.theme.accent, 6)
            self.set_caption(f"Take one of the {self.data.counts[0]} pieces ...")
            self.play(Create(one), run_time=0.7)
            inside = xs <= prev_xs[1]
            highlight = polyline(self.axes, xs[inside], ys[inside], self.theme.accent, 6)
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
            Integer(count, font_size=32, color=self.theme.accent),
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
        curve = polyline(inset, xs[: k + 1], ys[: k + 1], self.theme.primary, 3)
        label = merged_text(f"zoom: the first {k} of {count} pieces", self.theme.muted, 20)
        label.next_to(inset, DOWN, buff=0.15)
        box = Rectangle(
            width=max(self.axes.c2p(x_end, 0)[0] - self.axes.c2p(0, 0)[0], 0.02),
            height=self.PLOT_SIZE[1],
            stroke_color=self.theme.accent,
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
                    rf"n^L = {n}^{{{depth}}} = {n**depth}", font_size=34, color=self.theme.accent
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
        curve = self.graph(plot[0], d.random_xs, d.random_ys, self.theme.secondary)
        knots = VGroup(
            *[
                Dot(plot[0].c2p(x, y), radius=0.05, color=self.theme.secondary)
                for x, y in zip(d.random_xs[1:-1], d.random_ys[1:-1])
            ]
        )
        label = merged_text(
            f"random weights (seed {self.p.seed}), same {n} x {depth} size",
            self.theme.secondary,
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
            self.theme.secondary,
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
