"""BendsPerLayer: a second ReLU layer bends wherever a first-layer sum crosses zero.

Render: ``python -m scenes render BendsPerLayer``
(or ``manim -ql scenes/clips/part1_curve_fitting/bends.py BendsPerLayer``).

Every knot and crossing is read from ``nnmath.piecewise`` (exact, no
sampling). The output is drawn with its pieces numbered, bends too close to
see apart are magnified beside it, and the hidden bends that leave no trace
in it are marked: bends and pieces, both counted on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Animation,
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
    Rectangle,
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

# Trained on the noisy wave of sample_curve_data, the bends sit where the data needs them;
# untrained, the first-layer bends -b/w (tiny biases) crowd within a few tenths of 0.
BENDS_X_RANGE = (-3.0, 3.0)
BENDS_TRAINING = {"n_points": 40, "noise": 0.1, "data_seed": 0, "learning_rate": 0.02,
                  "steps": 3000}  # fmt: skip
#: Pieces of the output numbered on the plot at most (more would not fit).
MAX_NUMBERED = 14
#: Bends closer than this on screen (units) are magnified in an inset beside the output.
MIN_GAP = 0.35


@dataclass(frozen=True)
class BendsData:
    """What BendsPerLayer shows: the trained network, layer by layer, exactly."""

    network: Network
    layers: list[LayerPieces]
    chosen: list[int]  # per hidden layer from the second on: the neuron whose sum is shown
    final_loss: float
    output_pieces: int
    output_x: np.ndarray  # the output's exact graph: knots (its bends and the ends) ...
    output_y: np.ndarray  # ... and values there
    lost: np.ndarray  # bends of the last hidden layer where the output does not bend
    lost_off: np.ndarray  # whether the whole last hidden layer is off (zero) around each


def neuron_crossings(layer: LayerPieces, neuron: int) -> np.ndarray:
    """The x positions where ``neuron`` of this layer crosses zero (its new bends)."""
    return layer.crossings[layer.crossing_neurons == neuron]


def clearest_neuron(layer: LayerPieces) -> int:
    """The neuron whose zero crossings read best: many, with a visible dip below zero
    (they count in full only when the smaller side of zero spans a fifth of the range)."""

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


def crowded_window(bends: np.ndarray, scale: float) -> tuple[float, float] | None:
    """An x window (on a 0.1 grid) around the bends closer than ``MIN_GAP`` on screen
    (``scale``: screen units per x unit), or None if every pair is far enough apart."""
    xs = np.sort(bends)
    close = np.nonzero(np.diff(xs) * scale < MIN_GAP)[0]
    if not len(close):
        return None
    a, b = xs[close[0]], xs[close[-1] + 1]
    if (b - a) * scale > 3.0:  # several clusters far apart: the closest pair's alone
        k = int(np.argmin(np.diff(xs)))
        a, b = xs[k], xs[k + 1]
    pad = 0.1 * (b - a) + 0.02
    return np.floor((a - pad) * 10) / 10, np.ceil((b + pad) * 10) / 10


class BendsPerLayer(Captions, ClipScene):
    """A second layer bends the bends: each first-layer neuron is one bent line; a
    second-layer neuron adds them up (straight between their bends) and applies ReLU: where
    that sum crosses zero, a new bend. Deeper layers repeat it; the output adds up the last."""

    SUMMARY = "a second ReLU layer adds a bend wherever a piecewise-linear sum crosses zero"
    PARAMS = (
        Param("width", int, 3, "neurons per hidden layer", lo=2, hi=6),
        Param("depth", int, 2, "hidden layers (the clip walks through each)", lo=2, hi=4),
        Param("seed", int, 25, "seed of the network's starting weights (then trained)",
              lo=0, hi=10**6),
    )  # fmt: skip
    #: The output's pieces are numbered on the plot: counting them is the point of these
    #: beats (at most MAX_NUMBERED numbers, beside the per-layer counts of the side panel).
    NUMBERS_ALLOW = {beat: MAX_NUMBERED + 6 for beat in ("output", "lost", "summary")}

    @classmethod
    def prepare(cls, p: ParamValues) -> BendsData:
        t = BENDS_TRAINING
        x, y = sample_curve_data(t["n_points"], t["noise"], seed=t["data_seed"])
        start = Network([1] + [p.width] * p.depth + [1], seed=p.seed)

        def train():
            return gradient_descent(start, x, y, t["learning_rate"], t["steps"], t["steps"])

        try:
            run = cached_trajectory("bends_per_layer", {**p.computed(), **t}, train)
        except TrainingDiverged:
            raise ParamError(f"training diverged for width={p.width}, depth={p.depth}, "
                             f"seed={p.seed}; try another seed or a smaller width") from None
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

    # -- layout: two stacked plots in the main region, then the output's --------
    PLOT_WIDTH = 8.2
    TOP_PLOT = (0.4, 2.5)  # bottom y, top y (its tick numbers go when the bottom plot comes)
    BOTTOM_PLOT = (-2.65, -0.25)
    OUTPUT_PLOT = (-2.65, 2.45)
    #: Height of a row of the side panel's counts, and the gap between rows.
    ROW, ROW_GAP = 0.36, 0.3

    def construct(self) -> None:
        d = self.data
        self.heading = title("A second layer bends the bends", self.theme)
        self.rows: list[VMobject] = []  # the side panel's counts, top down
        self.shown.update(crossings={}, new_bends=[len(lp.crossings) for lp in d.layers],
                          bends_after_layer=[len(lp.x) - 2 for lp in d.layers],
                          output_pieces=d.output_pieces, chosen_neuron=list(d.chosen))
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
    def count_row(self, text: str, color: str | None = None, replace=None) -> VMobject:
        """A row of the side panel's counts: under the rows before it, or in ``replace``'s
        place (the caller fades one into the other)."""
        row = fit_within(merged_text(text, color or self.theme.text, Size.READOUT), SIDE.width)
        if replace is None:
            self.rows.append(row)
        else:
            self.rows[self.rows.index(replace)] = row
        SIDE.stack(self.rows, buff=self.ROW_GAP)
        return row

    def layer_row(self, layer: int) -> Animation:
        """The chosen neuron's row becomes its layer's: every neuron's new bends, counted."""
        lp = self.data.layers[layer - 1]
        old = self.neuron_row
        row = self.count_row(f"layer {layer}: +{len(lp.crossings)} \u2192 {len(lp.x) - 2} bends",
                             replace=old)  # fmt: skip
        return fade_swap(old, row)

    def layer_axes(self, values: np.ndarray, span: tuple[float, float],
                   headroom: float = 0.08) -> Axes:  # fmt: skip
        """Axes over [-3, 3] whose y range holds ``values`` and 0 (and ``headroom`` of the
        range above), filling ``span`` of the main region's height."""
        lo = min(float(values.min()), 0.0)
        hi = max(float(values.max()), 0.0)
        pad = 0.08 * (hi - lo) if hi > lo else 1.0
        lo, hi = (lo - pad if lo < 0 else 0.0), hi + (headroom / 0.08) * pad
        axes = make_axes(self.theme, [*BENDS_X_RANGE, 1], [lo, hi, hi - lo],
                         x_length=self.PLOT_WIDTH, y_length=span[1] - span[0], numbers=False)
        axes.move_to([MAIN_LEFT.center[0] + 0.25, (span[0] + span[1]) / 2, 0])
        return axes

    def ticks(self, axes: Axes, zero: bool = False) -> VGroup:
        """x tick numbers under the plot (and "0" at the zero line), haloed over the guides."""
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
        """Dashed verticals at ``xs`` from the top of ``top`` to the bottom of ``bottom``
        (all dashes one outline: drawn in order, as a group would be, at the cost of one)."""
        y_top = top.c2p(0, top.y_range[1])[1]
        y_bottom = bottom.c2p(0, bottom.y_range[0])[1]
        style = {"stroke_color": color or self.theme.muted, "stroke_opacity": opacity,
                 "stroke_width": 1.5 if color is None else 2.5, "dash_length": 0.08}  # fmt: skip
        xs_ = [top.c2p(x, 0)[0] for x in xs]
        guides = VGroup(*[DashedLine([x, y_top, 0], [x, y_bottom, 0], **style) for x in xs_])
        return merge_outlines(guides) if len(xs) else guides

    def plot_label(self, text: str, axes: Axes) -> VGroup:
        """A plot's name above its top-left corner, on an opaque plate (guides stop at it)."""
        label = merged_text(text, self.theme.text, Size.READOUT)
        fit_within(label, self.PLOT_WIDTH)
        label = plated(label, self.theme, buff=0.04).set_z_index(1)
        return label.next_to(axes, UP, buff=0.08).align_to(axes, LEFT)

    def neuron_curves(self, axes: Axes, lp: LayerPieces, width: float) -> VGroup:
        colors = self.theme.sequence()
        return VGroup(*[polyline(axes, lp.x, lp.post[:, j], colors[j % len(colors)], width)
                        for j in range(lp.post.shape[1])])  # fmt: skip

    def network_sketch(self) -> VGroup:
        """The whole network, small, under the counts: which layer the plots show (columns
        of dots joined by faint edges, in the side panel below the rows of counts)."""
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
        top = self.under_rows() - 0.1
        scale = min(SIDE.width * 0.8 / sketch.width, (top - SIDE.y0) * 0.85 / sketch.height, 1.6)
        sketch.scale(scale).move_to([SIDE.center[0], (top + SIDE.y0) / 2, 0])
        self.sketch_columns = columns
        self.sketch_ring = Circle(radius=0.13 * scale * 1.6, color=t.highlight, stroke_width=4)
        return sketch

    def mark_sketch(self, shown: int, chosen: tuple[int, int] | None = None) -> list:
        """Animations colouring layer ``shown``'s dots as its curves (the others muted) and
        ringing neuron ``chosen = (layer, index)``."""
        colors, t = self.theme.sequence(), self.theme
        anims = [dot.animate.set_color(t.model if (k, j) == chosen else colors[j % len(colors)]
                                       if k == shown else t.muted)
                 for k, column in enumerate(self.sketch_columns) for j, dot in enumerate(column)]
        if chosen is not None:
            target = self.sketch_columns[chosen[0]][chosen[1]].get_center()
            if self.sketch_ring in self.mobjects:
                anims.append(self.sketch_ring.animate.move_to(target))
            else:
                self.sketch_ring.move_to(target)
                anims.append(GrowFromCenter(self.sketch_ring))
        return anims

    def under_rows(self) -> float:
        """The top of the side panel's space below its rows (one per layer, the output's
        and the lost bends')."""
        rows = self.p.depth + 2
        return SIDE.y1 - rows * self.ROW - (rows - 1) * self.ROW_GAP - 0.3

    # -- steps ----------------------------------------------------------------
    def show_first_layer(self) -> None:
        """Layer 1: each neuron is relu(w x + b), one bend where w x + b = 0."""
        first = self.data.layers[0]
        self.top_axes = self.layer_axes(first.post, self.TOP_PLOT)
        colors = self.theme.sequence()
        curves = self.neuron_curves(self.top_axes, first, 3.5)
        which = first.crossing_neurons.astype(int) % len(colors)
        bends = VGroup(*[Dot(self.top_axes.c2p(x, 0), radius=0.07, color=colors[j])
                         for x, j in zip(first.crossings, which)])  # fmt: skip
        ticks = self.ticks(self.top_axes)
        label = self.plot_label("layer 1: each neuron is max(0, w\u00b7x + b)", self.top_axes)
        self.play(self.start_beat(
            "first_layer", "Each first-layer neuron is a line bent once",
            f"The first layer has {first.post.shape[1]} neurons. Each one computes "
            f"max(0, w x + b): a straight line, bent once where w x + b crosses zero. Together "
            f"they bend at {len(first.crossings)} places on [-3, 3].",
        ), *[FadeIn(m) for m in (self.heading, self.top_axes, ticks, label, self.sketch)],
            run_time=1.0)  # fmt: skip
        self.play(Create(curves), *self.mark_sketch(1), run_time=1.5)
        self.play(*[GrowFromCenter(d) for d in bends], run_time=0.6)
        self.top_group = VGroup(self.top_axes, label, curves, bends)
        self.top_ticks, self.top_curves = ticks, curves
        self.shown["layer1_bends"] = first.crossings.tolist()
        row = self.count_row(f"layer 1: {len(first.crossings)} bends")
        self.play(FadeIn(row, shift=0.2 * LEFT), run_time=0.6)
        self.wait(1.5)

    def sum_inputs(self, layer: int) -> None:
        """A next-layer neuron's pre-activation: a weighted sum, straight between bends."""
        lp, prev = self.data.layers[layer], self.data.layers[layer - 1]
        j = self.data.chosen[layer - 1]
        self.bottom_axes = self.layer_axes(lp.pre[:, j], self.BOTTOM_PLOT)
        ticks = self.ticks(self.bottom_axes, zero=True)
        guides = self.bend_guides(prev.x[1:-1], self.top_axes, self.bottom_axes)
        self.bottom_label = self.plot_label(f"layer {layer + 1}, neuron {j + 1}: z = "
                                            "\u03a3 w\u1d62a\u1d62 + b", self.bottom_axes)
        self.pre_curve = polyline(self.bottom_axes, lp.x, lp.pre[:, j], self.theme.model, 4)
        self.play(self.start_beat(
            f"layer{layer + 1}_sum", "A weighted sum of bent lines bends only where they do",
            f"Neuron {j + 1} of layer {layer + 1} adds up the {prev.post.shape[1]} bent lines "
            f"of layer {layer}, each times a weight, plus a bias. Between their bends every "
            f"term is straight, so the sum z is straight too: it bends only at the same "
            f"{len(prev.x) - 2} places.",
        ), FadeIn(self.bottom_axes), FadeIn(ticks), FadeIn(self.bottom_label),
            FadeOut(self.top_ticks),  # the bottom plot's tick numbers serve both
            self.top_curves.animate.set_stroke(opacity=0.45),
            *self.mark_sketch(layer, (layer + 1, j)), run_time=1.0)  # fmt: skip
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
            self.beat(f"layer{layer + 1}_crossings", "Where the sum crosses zero, ReLU will cut it",
                      f"This sum crosses zero {word} on [-3, 3]; the crossings are exact, "
                      "computed from the weights.")  # fmt: skip
            self.play(Indicate(self.bottom_axes.x_axis, color=self.theme.highlight,
                               scale_factor=1.0), run_time=0.8)  # fmt: skip
            self.play(*[GrowFromCenter(d) for d in self.crossing_dots], run_time=0.7)
        else:
            self.beat(f"layer{layer + 1}_crossings",
                      "This sum never crosses zero: nothing new to bend",
                      f"Neuron {j + 1} of layer {layer + 1} stays on one side of zero on "
                      "[-3, 3], so ReLU adds no bend to it.")  # fmt: skip
        self.bottom_group.add(self.crossing_dots)
        self.wait(1.5)

    def apply_relu(self, layer: int) -> None:
        """max(0, z): the negative stretches flatten and each crossing becomes a bend."""
        lp = self.data.layers[layer]
        j = self.data.chosen[layer - 1]
        n_new = len(neuron_crossings(lp, j))
        post = polyline(self.bottom_axes, lp.x, lp.post[:, j], self.theme.model, 4)
        new_label = self.plot_label(f"layer {layer + 1}, neuron {j + 1}: max(0, z)",
                                    self.bottom_axes)  # fmt: skip
        # A faint dashed z stays behind, so the cut-off part remains visible.
        ghost = DashedVMobject(self.pre_curve.copy(), num_dashes=70)
        ghost = merge_outlines(ghost.set_stroke(self.theme.muted, width=2.5, opacity=0.7))
        self.add(ghost)
        self.bottom_group.add(ghost)
        self.play(self.start_beat(
            f"layer{layer + 1}_relu", "ReLU flattens the sum below zero: new bends",
            f"ReLU keeps z where it is positive and flattens it to zero elsewhere (dashed: the "
            f"part cut off). Each crossing becomes a bend: {n_new} new "
            f"{'bend' if n_new == 1 else 'bends'} for this neuron.",
        ), Transform(self.pre_curve, post), fade_swap(self.bottom_label, new_label),
            run_time=1.5)  # fmt: skip
        self.bottom_label = new_label
        self.bottom_group.add(self.pre_curve, new_label)
        if n_new:
            self.play(*[Indicate(d, color=self.theme.highlight) for d in self.crossing_dots],
                      run_time=0.8)  # fmt: skip
        # this neuron's new bends, as drawn; the layer's total replaces it once all are drawn
        self.neuron_row = self.count_row(f"neuron {j + 1}: +{n_new} bends")
        self.play(FadeIn(self.neuron_row, shift=0.2 * LEFT), run_time=0.6)
        self.wait(2.0)

    def move_to_next_layer(self, layer: int) -> None:
        """Deeper: the top plot becomes the previous layer's outputs, and the trick repeats."""
        prev = self.data.layers[layer - 1]
        self.play(self.start_beat(
            f"layer{layer + 1}_inputs", "The next layer repeats the trick on these outputs",
            f"Together the {prev.post.shape[1]} neurons of layer {layer} added "
            f"{len(prev.crossings)} new bends: their outputs bend at {len(prev.x) - 2} places. "
            f"Layer {layer + 1} takes them and does the same: weighted sums, then ReLU.",
        ), *[FadeOut(m) for m in (self.top_group, self.bottom_group, self.bottom_label)],
            run_time=0.6)  # fmt: skip
        self.top_axes = self.layer_axes(prev.post, self.TOP_PLOT)
        curves = self.neuron_curves(self.top_axes, prev, 3)
        label = self.plot_label(f"layer {layer}: all {prev.post.shape[1]} outputs", self.top_axes)
        self.top_ticks = self.ticks(self.top_axes)
        self.play(FadeIn(self.top_axes), FadeIn(self.top_ticks), FadeIn(label), Create(curves),
                  *self.mark_sketch(layer), FadeOut(self.sketch_ring), self.layer_row(layer),
                  run_time=1.2)  # fmt: skip
        self.wait(1.0)
        self.top_curves = curves
        self.top_group = VGroup(self.top_axes, label, curves)

    def show_output(self) -> None:
        """The output: a weighted sum of the last layer, its pieces numbered; bends too close
        to tell apart magnified beside it."""
        d, t = self.data, self.theme
        last, n_last = d.layers[-1], len(d.layers)
        axes = self.layer_axes(d.output_y, self.OUTPUT_PLOT, headroom=0.16)  # room for numbers
        ticks = self.ticks(axes, zero=float(d.output_y.min()) < 0)
        label = self.plot_label("output: \u03a3 w\u1d62a\u1d62 + b over the last layer", axes)
        guides = self.bend_guides(last.x[1:-1], axes, axes)
        curve = polyline(axes, d.output_x, d.output_y, t.model, 4.5)
        dots = self.knot_dots(axes, *BENDS_X_RANGE)
        numbers = self.piece_numbers(axes) if d.output_pieces <= MAX_NUMBERED else VGroup()
        self.shown["output_bends"] = d.output_x[1:-1].tolist()
        self.shown["piece_numbers"] = [int(m.text) for m in numbers]
        self.output_axes, inset = axes, self.inset(axes)
        self.play(self.start_beat(
            "output", "The output is one curve of linear pieces",
            f"The output adds up the {last.post.shape[1]} neurons of the last layer, each times "
            f"a weight, plus a bias: a curve of {d.output_pieces} straight pieces"
            f"{', numbered,' if len(numbers) else ''} joined at {d.output_pieces - 1} bends. The "
            f"dashed lines are the {len(last.x) - 2} bends of layer {n_last}: its "
            f"{last.post.shape[1]} neurons added {len(last.crossings)}"
            f"{'; the boxed part is magnified on the right' if inset else ''}.",
        ), *[FadeOut(m) for m in (self.top_group, self.bottom_group, self.bottom_label)],
            run_time=0.6)  # fmt: skip
        marks = self.mark_sketch(n_last, (n_last + 1, 0))
        self.play(FadeIn(axes), FadeIn(ticks), FadeIn(label), Create(guides), *marks,
                  self.layer_row(n_last), run_time=1.0)  # fmt: skip
        self.play(Create(curve), run_time=1.5)
        row = self.count_row(f"output: {d.output_pieces} pieces", t.model)
        self.play(*[GrowFromCenter(m) for m in dots], FadeIn(numbers),
                  FadeIn(row, shift=0.2 * LEFT), run_time=0.8)  # fmt: skip
        if inset:
            self.wait(1.0)
            self.play(FadeOut(self.sketch), FadeOut(self.sketch_ring), Create(inset[0]),
                      FadeIn(inset[1:]), run_time=1.0)  # fmt: skip
        self.wait(2.0)

    def knot_dots(self, axes: Axes, lo: float, hi: float, radius: float = 0.07) -> VGroup:
        d = self.data
        inside = (d.output_x > lo) & (d.output_x < hi)
        return VGroup(*[Dot(axes.c2p(x, y), radius=radius, color=self.theme.model)
                        for x, y in zip(d.output_x[inside], d.output_y[inside])])  # fmt: skip

    def inset(self, axes: Axes) -> VGroup | None:
        """Bends closer than MIN_GAP, magnified under the counts (in place of the network
        sketch): a box on the output plot, the same box round a plot of that window."""
        d, t, bends = self.data, self.theme, self.data.layers[-1].x[1:-1]
        scale = axes.x_length / (BENDS_X_RANGE[1] - BENDS_X_RANGE[0])
        self.shown["inset_window"] = window = crowded_window(bends, scale)
        self.zoom = None
        if window is None:
            return None
        a, b = window
        inside = (d.output_x > a) & (d.output_x < b)
        xs = np.concatenate([[a], d.output_x[inside], [b]])
        ys = np.interp(xs, d.output_x, d.output_y)
        span = max(float(np.ptp(ys)), 0.05 * float(np.ptp(d.output_y)))
        lo, hi = float(ys.min()) - 0.3 * span, float(ys.max()) + 0.7 * span  # numbers above
        top = self.under_rows()
        height = min(2.4, top - SIDE.y0 - 0.55)  # room for its tick numbers
        self.zoom = zoom = make_axes(t, [a, b, b - a], [lo, hi, hi - lo], x_length=SIDE.width - 0.7,
                         y_length=height, numbers=False)  # fmt: skip
        zoom.move_to([SIDE.center[0], top - height / 2, 0])
        style = {"stroke_color": t.text, "stroke_width": 2.5}
        box = Rectangle(width=(b - a) * scale, height=axes.c2p(0, hi)[1] - axes.c2p(0, lo)[1],
                        **style).move_to(axes.c2p((a + b) / 2, (lo + hi) / 2))  # fmt: skip
        frame = Rectangle(width=zoom.x_length, height=zoom.y_length, **style).move_to(zoom)
        ticks = VGroup(*[merged_text(f"{v:.1f}".replace("-", "\u2212"), t.muted, Size.TICK)
                         .next_to(zoom.c2p(v, lo), DOWN, buff=0.12) for v in (a, b)])  # fmt: skip
        guides = self.bend_guides(bends[(bends > a) & (bends < b)], zoom, zoom)
        return VGroup(VGroup(box, frame), with_role(ticks, "tick"), guides,  # axes: frame
                      polyline(zoom, xs, ys, t.model, 4.5), self.knot_dots(zoom, a, b, 0.06),
                      self.piece_numbers(zoom, a, b))  # fmt: skip

    def piece_numbers(self, axes: Axes, lo: float = -np.inf, hi: float = np.inf) -> VGroup:
        """1, 2, ... beside each piece of the output (the part of it in [lo, hi]), above it
        where there is room, else below, else further out: never on another number."""
        d, t = self.data, self.theme
        xs, ys = d.output_x, d.output_y
        top, bottom = axes.c2p(0, axes.y_range[1])[1], axes.c2p(0, axes.y_range[0])[1]
        placed: list[np.ndarray] = []
        numbers = VGroup()
        for k in range(len(xs) - 1):
            x0, x1 = max(xs[k], lo), min(xs[k + 1], hi)  # the part of piece k in view
            if x0 >= x1:
                continue
            mid = axes.c2p((x0 + x1) / 2, float(np.interp((x0 + x1) / 2, xs, ys)))
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
        bends, kept = len(d.layers[-1].x) - 2, d.output_pieces - 1
        self.shown["lost_bends"] = d.lost.tolist()
        if not len(d.lost):
            self.beat("lost", "Every bend reaches the output: one more piece",
                      f"All {bends} bends of the hidden layers show in the output, so it has "
                      f"{bends} + 1 = {d.output_pieces} pieces.")  # fmt: skip
            self.wait(2.0)
            return
        # rings where the output runs straight through a hidden bend: in the magnified view
        # if it holds them (on the full plot they would sit on the neighbouring bends)
        a, b = self.shown["inset_window"] or (0.0, 0.0)
        zoomed = (d.lost > a) & (d.lost < b)
        rings = VGroup(*[Circle(radius=0.13, color=t.highlight, stroke_width=4).move_to(
            (self.zoom if z else self.output_axes).c2p(x, np.interp(x, d.output_x, d.output_y)))
            for x, z in zip(d.lost, zoomed)])  # fmt: skip
        guides = [self.bend_guides(xs, ax, ax, color=t.highlight, opacity=1.0) for xs, ax in
                  ((d.lost, self.output_axes), (d.lost[zoomed], self.zoom)) if len(xs)]  # fmt: skip
        n_lost, layer = len(d.lost), len(d.layers)
        if np.all(d.lost_off):
            headline = "Where the last layer is all off, bends vanish"
            why = (f"every neuron of layer {layer} is switched off (zero), so the output is "
                   "flat there and does not bend")  # fmt: skip
        else:
            headline = "Not every hidden bend reaches the output"
            why = ("the bends are switched off or cancel out in the weighted sums, so the "
                   "output does not bend there")  # fmt: skip
        row = self.count_row(f"{n_lost} bends lost: {kept} kept", t.highlight)
        self.play(self.start_beat(
            "lost", headline,
            f"The hidden layers bend at {bends} places, the output at only {kept}: at the other "
            f"{n_lost} ({', '.join(f'x = {x:.2f}' for x in d.lost)}), {why}. So {bends} bends, "
            f"yet {d.output_pieces} pieces, not {bends + 1}.",
        ), *[Create(g) for g in guides], *[GrowFromCenter(r) for r in rings],
            FadeIn(row, shift=0.2 * LEFT), run_time=1.0)  # fmt: skip
        self.wait(2.5)

    def summary(self) -> None:
        d, per_layer = self.data, ", ".join(f"{len(lp.crossings)}" for lp in self.data.layers)
        self.beat("summary", "Each layer adds bends where its sums cross zero",
                  f"Layer by layer the network added {per_layer} bends; the output is a curve "
                  f"of {d.output_pieces} pieces. The width {self.p.width} is an arbitrary "
                  f"choice; the network was trained on {BENDS_TRAINING['n_points']} noisy "
                  f"points of a wave (final loss {d.final_loss:.3f}).")  # fmt: skip
        self.wait(2.0)
