"""Clip 4, BendsPerLayer: a second ReLU layer bends wherever a first-layer sum crosses zero.

Render: ``python -m scenes render BendsPerLayer``
(or ``manim -ql scenes/clips/bends.py BendsPerLayer``).

Every knot and crossing is read from ``nnmath.piecewise`` (exact, no
sampling), so a bend drawn is a bend the network has.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
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
    MathTex,
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
    sample_curve_data,
)
from scenes.core.cache import cached_trajectory
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_outlines
from scenes.widgets.plots import make_axes, polyline
from scenes.widgets.text import fit_within, merged_text, plated, swap_caption, title

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

    def layer_label(self, tex: str, axes: Axes) -> VGroup:
        label = MathTex(tex, font_size=30, color=self.theme.text)
        drop_svg_sources(label)
        fit_within(label, self.PLOT_WIDTH)
        # the bend guides run down through the lower plot's label: an opaque plate drawn
        # above them stops them at the label
        label = plated(label, self.theme, buff=0.04).set_z_index(1)
        return label.next_to(axes, UP, buff=0.04).align_to(axes, LEFT)

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
                axes.c2p(lo, 0), DOWN, buff=0.2
            ),
            Text(f"{hi:g}", font_size=18, color=self.theme.muted).next_to(
                axes.c2p(hi, 0), DOWN, buff=0.2
            ),  # below the end ticks (0.1 would touch them)
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
        self.pre_curve = polyline(self.bottom_axes, lp.x, lp.pre[:, j], self.theme.model, 4)
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
            *[Dot(self.bottom_axes.c2p(x, 0), radius=0.09, color=self.theme.highlight) for x in xs]
        )
        word = "once" if len(xs) == 1 else f"{len(xs)} times"
        if len(xs):
            self.set_caption(f"This sum crosses zero {word}")
            self.play(Indicate(axis, color=self.theme.highlight, scale_factor=1.0), run_time=0.8)
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
        post = polyline(self.bottom_axes, lp.x, lp.post[:, j], self.theme.model, 4)
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
                *[Indicate(d, color=self.theme.highlight) for d in self.crossing_dots], run_time=0.8
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
        self.add_count_row(f"output: {d.output_pieces} linear pieces", self.theme.highlight)
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
