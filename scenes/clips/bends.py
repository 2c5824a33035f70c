"""BendsPerLayer: a second ReLU layer bends wherever a first-layer sum crosses zero.

Render: ``python -m scenes render BendsPerLayer``
(or ``manim -ql scenes/clips/bends.py BendsPerLayer``).

Every knot and crossing is read from ``nnmath.piecewise`` (exact, no
sampling), so a bend drawn is a bend the network has. The output is drawn
too, its pieces numbered: the hidden layers' bends that leave no trace in it
(every neuron of the last layer switched off there) are shown, so the two
counts, bends and pieces, are both on screen where they differ.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    LEFT,
    UP,
    Axes,
    Circle,
    Create,
    DashedLine,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    Indicate,
    Transform,
    VGroup,
    VMobject,
)

from nnmath import (
    LayerPieces,
    Network,
    TrainingDiverged,
    breakpoints,
    count_segments,
    gradient_descent,
    layer_pieces,
    pieces,
    sample_curve_data,
)
from scenes.core.cache import cached_trajectory
from scenes.core.layout import MAIN_LEFT, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import merge_outlines
from scenes.widgets.plots import HALO, make_axes, polyline
from scenes.widgets.text import (
    Captions,
    fade_swap,
    fit_within,
    merged_text,
    plated,
    title,
    with_role,
)

# The network is trained on the noisy wave of sample_curve_data so that its
# bends sit where the data needs them, spread over [-3, 3]. A freshly
# initialised network has its first-layer bends at -b/w with tiny biases:
# all of them within a few tenths of 0, too crowded to read.
BENDS_X_RANGE = (-3.0, 3.0)
BENDS_TRAINING = {"n_points": 40, "noise": 0.1, "data_seed": 0, "learning_rate": 0.02,
                  "steps": 3000}  # fmt: skip
#: Pieces of the output numbered on the plot at most (more would not fit).
MAX_NUMBERED = 14


@dataclass(frozen=True)
class BendsData:
    """What BendsPerLayer shows: the trained network, layer by layer, exactly."""

    network: Network
    layers: list[LayerPieces]
    #: Per hidden layer from the second on: the neuron whose pre-activation is shown.
    chosen: list[int]
    final_loss: float
    output_pieces: int
    #: The output's exact graph: knots (one per bend, and the ends) and values.
    output_x: np.ndarray
    output_y: np.ndarray
    #: Bends of the last hidden layer where the output does not bend.
    lost: np.ndarray
    #: Whether every neuron of the last hidden layer is off (zero) around each lost bend.
    lost_off: np.ndarray


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


def lost_bends(last: LayerPieces, kept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The last hidden layer's bends missing from the output's, and whether every neuron
    of that layer is zero on both sides of each (the bend is switched off, not cancelled)."""
    inner = last.x[1:-1]
    scale = max(1.0, float(np.max(np.abs(last.x))))
    missing = np.array([not np.any(np.abs(kept - x) <= 1e-9 * scale) for x in inner], bool)
    k = np.nonzero(missing)[0] + 1  # knot indices in last.x
    off = np.array([bool(np.all(last.post[i - 1 : i + 2] == 0.0)) for i in k], bool)
    return last.x[k], off


class BendsPerLayer(Captions, ClipScene):
    """A second layer bends the bends: ReLU of a piecewise-linear function.

    Each first-layer neuron is one bent line. A second-layer neuron adds them
    up (still straight between those bends) and applies ReLU: wherever that
    sum crosses zero, a new bend appears. Deeper layers repeat the trick; the
    output adds up the last layer, and its pieces are numbered.
    """

    SUMMARY = "a second ReLU layer adds a bend wherever a piecewise-linear sum crosses zero"
    PARAMS = (
        Param("width", int, 3, "neurons per hidden layer", lo=2, hi=6),
        Param("depth", int, 2, "hidden layers (the clip walks through each)", lo=2, hi=4),
        Param(
            "seed", int, 25, "seed of the network's starting weights (then trained)", lo=0, hi=10**6
        ),
    )
    #: The output's pieces are numbered on the plot: counting them is the point of these
    #: beats (at most MAX_NUMBERED numbers, beside the per-layer counts of the side panel).
    NUMBERS_ALLOW = {beat: MAX_NUMBERED + 6 for beat in ("output", "lost", "summary")}

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
        out_x, out_y = pieces(net, *BENDS_X_RANGE)
        lost, off = lost_bends(layers[-1], breakpoints(net, *BENDS_X_RANGE))
        return BendsData(
            net, layers, chosen, float(run.loss[-1]), count_segments(net, *BENDS_X_RANGE),
            out_x, out_y, lost, off,
        )  # fmt: skip

    # -- layout ---------------------------------------------------------------
    #: Two stacked plots in the main region: (top of the label, bottom of the plot).
    PLOT_WIDTH = 8.2
    TOP_PLOT = (0.4, 2.5)  # bottom y, top y (its tick numbers go when the bottom plot comes)
    BOTTOM_PLOT = (-2.65, -0.25)
    OUTPUT_PLOT = (-2.65, 2.45)
    #: Height of a row of the side panel's counts, and the gap between rows.
    ROW, ROW_GAP = 0.36, 0.3

    def construct(self) -> None:
        d = self.data
        self.heading = title("A second layer bends the bends", self.theme)
        self.counts = VGroup()
        self.shown["crossings"] = {}
        self.shown["new_bends"] = [len(lp.crossings) for lp in d.layers]
        self.shown["bends_after_layer"] = [len(lp.x) - 2 for lp in d.layers]
        self.shown["output_pieces"] = d.output_pieces
        self.shown["chosen_neuron"] = list(d.chosen)

        self.sketch = self.network_sketch()
        self.show_first_layer()
        for layer in range(1, len(d.layers)):
            if layer > 1:
                self.move_to_next_layer(layer)
            self.sum_inputs(layer)
            self.mark_zero_crossings(layer)
            self.apply_relu(layer)
        self.show_output()
        self.explain_counts()
        self.summary()

    # -- pieces ---------------------------------------------------------------
    def count_row(self, text: str, color: str | None = None) -> VGroup:
        """A row of the side panel's counts, placed under the rows before it."""
        row = merged_text(text, color or self.theme.text, Size.READOUT)
        fit_within(row, SIDE.width)
        self.counts.add(row)
        SIDE.stack(list(self.counts), buff=self.ROW_GAP)
        return row

    def layer_axes(self, values: np.ndarray, span: tuple[float, float],
                   headroom: float = 0.08) -> Axes:  # fmt: skip
        """Axes over [-3, 3] whose y range holds ``values`` and 0 (and ``headroom`` of the
        range above), filling ``span`` of the main region's height."""
        lo = min(float(values.min()), 0.0)
        hi = max(float(values.max()), 0.0)
        pad = 0.08 * (hi - lo) if hi > lo else 1.0
        lo, hi = (lo - pad if lo < 0 else 0.0), hi + (headroom / 0.08) * pad
        axes = make_axes(
            self.theme,
            [*BENDS_X_RANGE, 1],
            [lo, hi, hi - lo],
            x_length=self.PLOT_WIDTH,
            y_length=span[1] - span[0],
            numbers=False,
        )
        axes.move_to([MAIN_LEFT.center[0] + 0.25, (span[0] + span[1]) / 2, 0])
        return axes

    def ticks(self, axes: Axes, zero: bool = False) -> VGroup:
        """x tick numbers under the plot (and "0" at the zero line): tick size, haloed, on top
        of the dashed guides that run through them."""
        t = self.theme
        bottom = axes.c2p(0, axes.y_range[0])[1]
        labels = VGroup()
        for v in range(int(BENDS_X_RANGE[0]), int(BENDS_X_RANGE[1]) + 1):
            label = merged_text(f"{v}".replace("-", "\u2212"), t.muted, Size.TICK)
            labels.add(label.move_to([axes.c2p(v, 0)[0], bottom - 0.22, 0]))
        if zero:
            label = merged_text("0", t.muted, Size.TICK)
            labels.add(label.next_to(axes.c2p(BENDS_X_RANGE[0], 0), LEFT, buff=0.12))
        labels.set_stroke(t.background, width=HALO, background=True).set_z_index(10)
        return with_role(labels, "tick")

    def bend_guides(self, xs: np.ndarray, top: Axes, bottom: Axes, color: str | None = None,
                    opacity: float = 0.6) -> VMobject:  # fmt: skip
        """Dashed verticals at ``xs`` from the top of ``top`` to the bottom of ``bottom``.

        All dashes are one outline (same style): drawn in order, as a group of
        dashed lines would be, at the cost of one.
        """
        y_top = top.c2p(0, top.y_range[1])[1]
        y_bottom = bottom.c2p(0, bottom.y_range[0])[1]
        style = {"stroke_color": color or self.theme.muted, "stroke_opacity": opacity,
                 "stroke_width": 1.5 if color is None else 2.5, "dash_length": 0.08}  # fmt: skip
        xs_ = [top.c2p(x, 0)[0] for x in xs]
        guides = VGroup(*[DashedLine([x, y_top, 0], [x, y_bottom, 0], **style) for x in xs_])
        return merge_outlines(guides) if len(xs) else guides

    def plot_label(self, text: str, axes: Axes) -> VGroup:
        """A plot's name above its top-left corner, on an opaque plate: the bend guides
        running down through it stop at the plate."""
        label = merged_text(text, self.theme.text, Size.READOUT)
        fit_within(label, self.PLOT_WIDTH)
        label = plated(label, self.theme, buff=0.04).set_z_index(1)
        return label.next_to(axes, UP, buff=0.08).align_to(axes, LEFT)

    def neuron_curves(self, axes: Axes, lp: LayerPieces, width: float) -> VGroup:
        colors = self.theme.sequence()
        return VGroup(*[polyline(axes, lp.x, lp.post[:, j], colors[j % len(colors)], width)
                        for j in range(lp.post.shape[1])])  # fmt: skip

    def network_sketch(self) -> VGroup:
        """The whole network, small, under the counts: which layer the plots show.

        Columns of dots (input, the hidden layers, output) joined by faint edges, in the
        side panel below the rows the counts will fill.
        """
        t, width, depth = self.theme, self.p.width, self.p.depth
        sizes = [1] + [width] * depth + [1]
        columns = VGroup()
        for k, n in enumerate(sizes):
            columns.add(VGroup(*[Dot([k * 1.0, (n - 1) / 2 * 0.55 - i * 0.55, 0], radius=0.13,
                                     color=t.muted) for i in range(n)]))  # fmt: skip
        edges = VMobject(stroke_color=t.axis, stroke_width=1.2, stroke_opacity=0.45)
        for a, b in zip(columns[:-1], columns[1:]):
            for p in a:
                for q in b:
                    edges.start_new_path(p.get_center())
                    edges.add_line_to(q.get_center())
        sketch = VGroup(edges, columns)
        rows = depth + 2  # one per layer, the output's, and the lost bends'
        top = SIDE.y1 - rows * self.ROW - (rows - 1) * self.ROW_GAP - 0.4
        scale = min(SIDE.width * 0.8 / sketch.width, (top - SIDE.y0) * 0.85 / sketch.height, 1.6)
        sketch.scale(scale).move_to([SIDE.center[0], (top + SIDE.y0) / 2, 0])
        self.sketch_columns = columns
        self.sketch_ring = Circle(radius=0.13 * scale * 1.6, color=t.highlight, stroke_width=4)
        return sketch

    def mark_sketch(self, shown: int, chosen: tuple[int, int] | None = None) -> list:
        """Animations colouring layer ``shown``'s dots as its curves (the others muted) and
        ringing neuron ``chosen = (layer, index)``."""
        colors = self.theme.sequence()
        anims = []
        for k, column in enumerate(self.sketch_columns):
            for j, dot in enumerate(column):
                color = colors[j % len(colors)] if k == shown else self.theme.muted
                if chosen is not None and (k, j) == chosen:
                    color = self.theme.model
                anims.append(dot.animate.set_color(color))
        if chosen is not None:
            target = self.sketch_columns[chosen[0]][chosen[1]].get_center()
            if self.sketch_ring in self.mobjects:
                anims.append(self.sketch_ring.animate.move_to(target))
            else:
                self.sketch_ring.move_to(target)
                anims.append(GrowFromCenter(self.sketch_ring))
        return anims

    # -- steps ----------------------------------------------------------------
    def show_first_layer(self) -> None:
        """Layer 1: each neuron is relu(w x + b), one bend where w x + b = 0."""
        first = self.data.layers[0]
        n = first.post.shape[1]
        self.top_axes = self.layer_axes(first.post, self.TOP_PLOT)
        colors = self.theme.sequence()
        curves = self.neuron_curves(self.top_axes, first, 3.5)
        which = first.crossing_neurons.astype(int) % len(colors)
        bends = VGroup(*[Dot(self.top_axes.c2p(x, 0), radius=0.07, color=colors[j])
                         for x, j in zip(first.crossings, which)])  # fmt: skip
        ticks = self.ticks(self.top_axes)
        label = self.plot_label("layer 1: each neuron is max(0, w\u00b7x + b)", self.top_axes)
        self.play(
            self.start_beat(
                "first_layer",
                "Each first-layer neuron is a line bent once",
                f"The first layer has {n} neurons. Each one computes max(0, w x + b): a "
                f"straight line, bent once where w x + b crosses zero. Together they bend at "
                f"{len(first.crossings)} places on [-3, 3].",
            ),
            *[FadeIn(m) for m in (self.heading, self.top_axes, ticks, label, self.sketch)],
            run_time=1.0,
        )
        self.play(Create(curves), *self.mark_sketch(1), run_time=1.5)
        self.play(*[GrowFromCenter(d) for d in bends], run_time=0.6)
        self.top_group = VGroup(self.top_axes, label, curves, bends)
        self.top_ticks = ticks
        self.top_curves = curves
        self.shown["layer1_bends"] = first.crossings.tolist()
        row = self.count_row(f"layer 1: {len(first.crossings)} bends")
        self.play(FadeIn(row, shift=0.2 * LEFT), run_time=0.6)
        self.wait(1.5)

    def sum_inputs(self, layer: int) -> None:
        """A next-layer neuron's pre-activation: a weighted sum, straight between bends."""
        lp = self.data.layers[layer]
        prev = self.data.layers[layer - 1]
        j = self.data.chosen[layer - 1]
        self.bottom_axes = self.layer_axes(lp.pre[:, j], self.BOTTOM_PLOT)
        ticks = self.ticks(self.bottom_axes, zero=True)
        guides = self.bend_guides(prev.x[1:-1], self.top_axes, self.bottom_axes)
        self.bottom_label = self.plot_label(
            f"layer {layer + 1}, neuron {j + 1}: z = \u03a3 w\u1d62a\u1d62 + b", self.bottom_axes
        )
        self.pre_curve = polyline(self.bottom_axes, lp.x, lp.pre[:, j], self.theme.model, 4)
        self.play(
            self.start_beat(
                f"layer{layer + 1}_sum",
                "A weighted sum of bent lines bends only where they do",
                f"Neuron {j + 1} of layer {layer + 1} adds up the {prev.post.shape[1]} bent "
                f"lines of layer {layer}, each times a weight, plus a bias. Between their bends "
                f"every term is straight, so the sum z is straight too: it bends only at the "
                f"same {len(prev.x) - 2} places.",
            ),
            FadeIn(self.bottom_axes),
            FadeIn(ticks),
            FadeIn(self.bottom_label),
            FadeOut(self.top_ticks),  # the bottom plot's tick numbers serve both
            self.top_curves.animate.set_stroke(opacity=0.45),
            *self.mark_sketch(layer, (layer + 1, j)),
            run_time=1.0,
        )
        self.play(Create(guides), run_time=0.8)
        self.play(Create(self.pre_curve), run_time=1.5)
        self.bottom_group = VGroup(self.bottom_axes, ticks, guides)
        self.wait(1.5)

    def mark_zero_crossings(self, layer: int) -> None:
        """Where z changes sign: exact crossings from nnmath, one dot each."""
        lp = self.data.layers[layer]
        j = self.data.chosen[layer - 1]
        xs = neuron_crossings(lp, j)
        self.shown["crossings"][layer + 1] = xs.tolist()
        self.crossing_dots = VGroup(
            *[Dot(self.bottom_axes.c2p(x, 0), radius=0.09, color=self.theme.highlight) for x in xs]
        )
        word = "once" if len(xs) == 1 else f"{len(xs)} times"
        if len(xs):
            self.beat(
                f"layer{layer + 1}_crossings",
                "Where the sum crosses zero, ReLU will cut it",
                f"This sum crosses zero {word} on [-3, 3]; the crossings are exact, "
                "computed from the weights.",
            )
            axis = self.bottom_axes.x_axis
            self.play(Indicate(axis, color=self.theme.highlight, scale_factor=1.0), run_time=0.8)
            self.play(*[GrowFromCenter(d) for d in self.crossing_dots], run_time=0.7)
        else:
            self.beat(
                f"layer{layer + 1}_crossings",
                "This sum never crosses zero: nothing new to bend",
                f"Neuron {j + 1} of layer {layer + 1} stays on one side of zero on [-3, 3], "
                "so ReLU adds no bend to it.",
            )
        self.bottom_group.add(self.crossing_dots)
        self.wait(1.5)

    def apply_relu(self, layer: int) -> None:
        """max(0, z): the negative stretches flatten and each crossing becomes a bend."""
        lp = self.data.layers[layer]
        j = self.data.chosen[layer - 1]
        n_new = len(neuron_crossings(lp, j))
        post = polyline(self.bottom_axes, lp.x, lp.post[:, j], self.theme.model, 4)
        new_label = self.plot_label(
            f"layer {layer + 1}, neuron {j + 1}: max(0, z)", self.bottom_axes
        )
        # A faint dashed z stays behind, so the cut-off part remains visible.
        ghost = DashedVMobject(self.pre_curve.copy(), num_dashes=70)
        ghost.set_stroke(self.theme.muted, width=2.5, opacity=0.7)
        ghost = merge_outlines(ghost)  # 70 dashes, one outline
        self.add(ghost)
        self.bottom_group.add(ghost)
        self.play(
            self.start_beat(
                f"layer{layer + 1}_relu",
                "ReLU flattens the sum below zero: new bends",
                f"ReLU keeps z where it is positive and flattens it to zero elsewhere (dashed: "
                f"the part cut off). Each crossing becomes a bend: {n_new} new "
                f"{'bend' if n_new == 1 else 'bends'} for this neuron. All "
                f"{lp.post.shape[1]} neurons of layer {layer + 1} add {len(lp.crossings)} new "
                f"bends: {len(lp.x) - 2} in all.",
            ),
            Transform(self.pre_curve, post),
            fade_swap(self.bottom_label, new_label),
            run_time=1.5,
        )
        self.bottom_label = new_label
        self.bottom_group.add(self.pre_curve, new_label)
        if n_new:
            self.play(
                *[Indicate(d, color=self.theme.highlight) for d in self.crossing_dots], run_time=0.8
            )
        row = self.count_row(
            f"layer {layer + 1}: +{len(lp.crossings)} \u2192 {len(lp.x) - 2} bends"
        )
        self.play(FadeIn(row, shift=0.2 * LEFT), run_time=0.6)
        self.wait(1.5)

    def move_to_next_layer(self, layer: int) -> None:
        """Deeper: the top plot becomes the previous layer's outputs, and the trick repeats."""
        prev = self.data.layers[layer - 1]
        self.play(
            self.start_beat(
                f"layer{layer + 1}_inputs",
                "The next layer repeats the trick on these outputs",
                f"Layer {layer + 1} takes the {prev.post.shape[1]} outputs of layer {layer}, "
                f"already bent at {len(prev.x) - 2} places, and does the same: weighted sums, "
                "then ReLU.",
            ),
            FadeOut(self.top_group),
            FadeOut(self.bottom_group),
            FadeOut(self.bottom_label),
            run_time=0.6,
        )
        self.top_axes = self.layer_axes(prev.post, self.TOP_PLOT)
        curves = self.neuron_curves(self.top_axes, prev, 3)
        label = self.plot_label(f"layer {layer}: all {prev.post.shape[1]} outputs", self.top_axes)
        self.top_ticks = self.ticks(self.top_axes)
        self.play(FadeIn(self.top_axes), FadeIn(self.top_ticks), FadeIn(label), Create(curves),
                  *self.mark_sketch(layer), FadeOut(self.sketch_ring), run_time=1.2)  # fmt: skip
        self.top_curves = curves
        self.top_group = VGroup(self.top_axes, label, curves)

    def show_output(self) -> None:
        """The output: a weighted sum of the last layer, its pieces numbered."""
        d, t = self.data, self.theme
        last = d.layers[-1]
        axes = self.layer_axes(d.output_y, self.OUTPUT_PLOT, headroom=0.16)  # room for numbers
        ticks = self.ticks(axes, zero=float(d.output_y.min()) < 0)
        label = self.plot_label("output: \u03a3 w\u1d62a\u1d62 + b over the last layer", axes)
        guides = self.bend_guides(last.x[1:-1], axes, axes)
        curve = polyline(axes, d.output_x, d.output_y, t.model, 4.5)
        dots = VGroup(*[Dot(axes.c2p(x, y), radius=0.07, color=t.model)
                        for x, y in zip(d.output_x[1:-1], d.output_y[1:-1])])  # fmt: skip
        numbers = self.piece_numbers(axes) if d.output_pieces <= MAX_NUMBERED else VGroup()
        self.shown["output_bends"] = d.output_x[1:-1].tolist()
        self.shown["piece_numbers"] = [int(m.text) for m in numbers]
        bends = len(last.x) - 2
        self.play(
            self.start_beat(
                "output",
                "The output is one curve of linear pieces",
                f"The output adds up the {last.post.shape[1]} neurons of the last layer, each "
                f"times a weight, plus a bias: a curve of {d.output_pieces} straight pieces"
                f"{', numbered,' if len(numbers) else ''} joined at {d.output_pieces - 1} "
                "bends. The dashed lines are the "
                f"{bends} bends of the last hidden layer.",
            ),
            FadeOut(self.top_group),
            FadeOut(self.bottom_group),
            FadeOut(self.bottom_label),
            run_time=0.6,
        )
        marks = self.mark_sketch(len(d.layers), (len(d.layers) + 1, 0))
        self.play(FadeIn(axes), FadeIn(ticks), FadeIn(label), Create(guides), *marks,
                  run_time=1.0)  # fmt: skip
        self.play(Create(curve), run_time=1.5)
        self.play(*[GrowFromCenter(m) for m in dots], FadeIn(numbers), run_time=0.8)
        row = self.count_row(f"output: {d.output_pieces} pieces", t.model)
        self.play(FadeIn(row, shift=0.2 * LEFT), run_time=0.6)
        self.output_axes = axes
        self.wait(1.5)

    def piece_numbers(self, axes: Axes) -> VGroup:
        """1, 2, ... beside each piece of the output, above it where there is room, else
        below, else further out: never on another number."""
        d, t = self.data, self.theme
        xs, ys = d.output_x, d.output_y
        top = axes.c2p(0, axes.y_range[1])[1]
        bottom = axes.c2p(0, axes.y_range[0])[1]
        placed: list[np.ndarray] = []
        numbers = VGroup()
        for k in range(len(xs) - 1):
            mid = axes.c2p((xs[k] + xs[k + 1]) / 2, (ys[k] + ys[k + 1]) / 2)
            label = merged_text(str(k + 1), t.text, Size.READOUT)
            for offset in (0.35, -0.35, 0.7, -0.7, 1.05, -1.05, 1.4, -1.4):
                label.move_to(mid + offset * UP)
                box = np.array([label.get_left()[0], label.get_bottom()[1],
                                label.get_right()[0], label.get_top()[1]])  # fmt: skip
                inside = box[1] > bottom + 0.05 and box[3] < top
                clear = all(box[0] > b[2] + 0.08 or box[2] < b[0] - 0.08 or box[1] > b[3] + 0.05
                            or box[3] < b[1] - 0.05 for b in placed)  # fmt: skip
                if inside and clear:
                    break
            placed.append(box)
            numbers.add(label)
        numbers.set_stroke(t.background, width=HALO, background=True).set_z_index(5)
        return numbers

    def explain_counts(self) -> None:
        """Bends of the last layer that the output does not keep: why bends + 1 != pieces."""
        d, t = self.data, self.theme
        last = d.layers[-1]
        bends, kept = len(last.x) - 2, d.output_pieces - 1
        self.shown["lost_bends"] = d.lost.tolist()
        if not len(d.lost):
            self.beat(
                "lost",
                "Every bend reaches the output: one more piece",
                f"All {bends} bends of the hidden layers show in the output, so it has "
                f"{bends} + 1 = {d.output_pieces} pieces.",
            )
            self.wait(1.5)
            return
        axes = self.output_axes
        at = [axes.c2p(x, float(np.interp(x, d.output_x, d.output_y))) for x in d.lost]
        rings = VGroup(*[Circle(radius=0.16, color=t.highlight, stroke_width=4).move_to(p)
                         for p in at])  # fmt: skip
        guides = self.bend_guides(d.lost, axes, axes, color=t.highlight, opacity=1.0)
        n_lost, layer = len(d.lost), len(d.layers)
        if np.all(d.lost_off):
            headline = "Where the last layer is all off, bends vanish"
            why = (f"every neuron of layer {layer} is switched off (zero), so the output is "
                   "flat there and does not bend")  # fmt: skip
        else:
            headline = "Not every hidden bend reaches the output"
            why = ("the bends are switched off or cancel out in the weighted sums, so the "
                   "output does not bend there")  # fmt: skip
        self.play(
            self.start_beat(
                "lost",
                headline,
                f"The hidden layers bend at {bends} places, the output at only {kept}: at the "
                f"other {n_lost} ({', '.join(f'x = {x:.2f}' for x in d.lost)}), {why}. So "
                f"{bends} bends, yet {d.output_pieces} pieces, not {bends + 1}.",
            ),
            Create(guides),
            *[GrowFromCenter(r) for r in rings],
            run_time=1.0,
        )
        row = self.count_row(f"{n_lost} bends lost: {kept} kept", t.highlight)
        self.play(FadeIn(row, shift=0.2 * LEFT), run_time=0.6)
        self.wait(2.0)

    def summary(self) -> None:
        d = self.data
        per_layer = ", ".join(f"{len(lp.crossings)}" for lp in d.layers)
        self.beat(
            "summary",
            "Each layer adds bends where its sums cross zero",
            f"Layer by layer the network added {per_layer} bends; the output is a curve of "
            f"{d.output_pieces} pieces. The width {self.p.width} is an arbitrary choice; the "
            f"network was trained on {BENDS_TRAINING['n_points']} noisy points of a wave "
            f"(final loss {d.final_loss:.3f}).",
        )
        self.wait(2.0)
