"""Clips 2 and 3: one ReLU neuron is a bent line; a sum of them fits a curve.

Render: ``python -m scenes render ReluNeuron`` (try ``--set w=-0.5 --set b=1``)
and ``python -m scenes render SumOfRelus`` (try ``--set neurons=3`` or
``--set learning_rate=0.02 --set steps=3000``); plain Manim:
``manim -ql scenes/clips/relu.py ReluNeuron``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    Line,
    MathTex,
    ReplacementTransform,
    Triangle,
    UpdateFromAlphaFunc,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
    smooth,
)

from nnmath import (
    Network,
    TrainingDiverged,
    Trajectory,
    breakpoints,
    gradient_descent,
    pieces,
    sample_curve_data,
)
from scenes.core.cache import cached_trajectory
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_outlines
from scenes.widgets.plots import LossCurve, make_axes, set_clipped_polyline
from scenes.widgets.text import Captions, Readout, plated, title

X_LO, X_HI = -4.0, 4.0  # ReluNeuron's plot
Y_LO, Y_HI = -3.0, 3.0


# -- shared by both clips -------------------------------------------------------
def show_value(readout: Readout, value: float, decimals: int = 2) -> None:
    """Show ``value`` as the readout rounds it (its points change only when the text does)."""
    value = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0: never "-0.00"
    if value != readout.value:
        readout.set_value(value)


def neuron_network(w: float, b: float, c: float) -> Network:
    """``x -> c * relu(w x + b)`` as a [1, 1, 1] network (output bias 0)."""
    return Network([1, 1, 1], seed=0).set_params([w, b, c, 0.0])


def single_term(net: Network, j: int) -> Network:
    """Neuron ``j``'s own term ``c_j relu(w_j x + b_j)`` of a [1, n, 1] network.

    Silencing every other neuron's output weight (and the output bias) leaves
    exactly that term, so nnmath draws it with the same exact knots.
    """
    term = net.copy()
    keep = np.zeros_like(term.weights[1])
    keep[0, j] = 1.0
    term.weights[1] = term.weights[1] * keep
    term.biases[1] = np.zeros_like(term.biases[1])
    return term


# -- clip 2: one neuron -------------------------------------------------------------
@dataclass(frozen=True)
class Move:
    """One beat of ReluNeuron: move (w, b, c) through ``path`` (each a target)."""

    section: str
    caption: str
    path: tuple[tuple[float, float, float], ...]


class ReluNeuron(Captions, ClipScene):
    """``c * max(0, w x + b)``: the bend at ``x = -b/w`` and what w, b and c do to it."""

    SUMMARY = "one ReLU neuron c*max(0, wx+b): b slides the bend, w tilts and flips, c scales"
    PARAMS = (
        Param("w", float, 1.0, "starting weight w (|w| >= 0.25)", lo=-3.0, hi=3.0),
        Param("b", float, -1.0, "starting bias b (the bend -b/w within +-2)", lo=-3.0, hi=3.0),
        Param("c", float, 1.0, "starting output weight c (|c| >= 0.25)", lo=-3.0, hi=3.0),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> list[Move]:
        if abs(p.w) < 0.25:
            raise ParamError(f"w={p.w:g} is too close to 0 to show a bend; use |w| >= 0.25")
        if abs(p.c) < 0.25:
            raise ParamError(f"c={p.c:g} flattens the neuron to nothing; use |c| >= 0.25")
        bend = breakpoints(neuron_network(p.w, p.b, p.c), X_LO, X_HI)
        if len(bend) != 1 or abs(bend[0]) > 2.0:
            raise ParamError(
                f"w={p.w:g}, b={p.b:g} put the bend at x = -b/w = {-p.b / p.w:.2f}; "
                "choose b and w with -2 <= -b/w <= 2 so it stays in the plot while it moves"
            )
        w, b, c = p.w, p.b, p.c
        # The slide moves the bend by +-1.5 whatever w is (b shifts it by -db/w).
        return [
            Move(
                "slide_bias",
                "b slides the bend: it sits where w x + b = 0, at x = −b/w",
                ((w, b - 1.5 * w, c), (w, b + 1.5 * w, c), (w, b, c)),
            ),
            Move(
                "tilt_weight",
                "w tilts the ramp, steeper or flatter; the bend at −b/w moves with it",
                ((2 * w, b, c), (0.6 * w, b, c), (w, b, c)),
            ),
            Move(
                "flip_weight",
                "flip the signs of w and b: same bend, the ramp now faces the other way",
                ((-w, -b, c),),
            ),
            Move(
                "flip_output_weight",
                "c scales the output; a negative c turns the ramp upside down",
                ((-w, -b, 2 * c), (-w, -b, -c)),
            ),
        ]

    def construct(self) -> None:
        self.show_neuron()
        for move in self.data:
            self.play_move(move)
        self.conclude()

    def show_neuron(self) -> None:
        self.next_section("neuron")
        t, p = self.theme, self.p
        heading = title("One neuron: a bent line", t)
        self.axes = make_axes(t, [X_LO, X_HI, 1], [Y_LO, Y_HI, 1], x_length=7.4, y_length=5.4)
        self.axes.to_edge(LEFT, buff=0.5).set_y(-0.05)
        self.w, self.b, self.c = ValueTracker(p.w), ValueTracker(p.b), ValueTracker(p.c)

        formula = MathTex(r"y = c \cdot \max(0,\ w\,x + b)", font_size=40)
        readouts = VGroup(
            *[
                Readout(f"{name} =", tracker.get_value(), t, decimals=2, font_size=30)
                for name, tracker in (("w", self.w), ("b", self.b), ("c", self.c))
            ]
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.bend_readout = Readout("bend at x = −b/w =", 0.0, t, decimals=2, font_size=26)
        panel = VGroup(formula, readouts, self.bend_readout).arrange(
            DOWN, aligned_edge=LEFT, buff=0.45
        )
        panel.next_to(self.axes, RIGHT, buff=0.6).set_y(0.5)
        self.readouts = readouts

        # Pre-activation w x + b (dashed): the line the ReLU cuts at zero.
        net = neuron_network(p.w, p.b, p.c)
        ends = net.pre_activations(np.array([X_LO, X_HI]))[0][:, 0]
        pre = VMobject(stroke_color=t.muted, stroke_width=3)
        set_clipped_polyline(pre, self.axes, [X_LO, X_HI], ends, Y_LO, Y_HI)
        pre = merge_outlines(DashedVMobject(pre, num_dashes=40))  # one outline, 40 dashes
        pre_label = MathTex(r"w\,x + b", font_size=30, color=t.muted)
        pre_label.next_to(self.axes.c2p(X_HI, 0), UP + LEFT, buff=0.1).set_y(
            self.axes.c2p(0, Y_HI)[1] - 0.3
        )
        # the dashed line and the curve leave the plot near this corner: the label sits
        # on an opaque plate above them, so they stop at it instead of running through
        pre_label = plated(pre_label, t, buff=0.05).set_z_index(4)

        self.curve = VMobject(stroke_color=t.model, stroke_width=5).set_z_index(2)
        self.marker = VGroup(
            Line(UP * 0.18, DOWN * 0.18, stroke_color=t.highlight, stroke_width=4),
            Dot(radius=0.08, color=t.highlight),
        ).set_z_index(3)
        # Everything that follows the trackers, in one group with one updater, so
        # Manim redraws all of it each frame (it caches mobjects it thinks static).
        # The readouts' labels stay out of it: they never change.
        self.live = VGroup(
            self.curve, self.marker, *[r.number for r in readouts], self.bend_readout.number
        )
        self.update_neuron(self.live)
        drop_svg_sources(heading, self.axes, panel, pre_label)

        self.play(Write(heading), FadeIn(self.axes), FadeIn(formula))
        self.play(
            Create(pre),
            FadeIn(pre_label),
            self.new_caption("start from a line, w x + b (dashed)"),
        )
        self.play(
            Create(self.curve),
            FadeIn(self.marker),
            FadeIn(readouts),
            FadeIn(self.bend_readout),
            self.new_caption(
                "max(0, ·) keeps it where it is positive and is 0 elsewhere:\n"
                "one bend (the dot), at the x where w x + b = 0; then c scales it"
            ),
        )
        self.wait(1.0)
        self.play(FadeOut(pre), FadeOut(pre_label))
        self.add(self.live)
        self.record("neuron")

    def play_move(self, move: Move) -> None:
        self.next_section(move.section)
        self.play(self.new_caption(move.caption), run_time=0.6)
        for k, (w, b, c) in enumerate(move.path):
            # The updater follows the trackers only while they move: a caption
            # swap or a wait then redraws nothing of the graph.
            self.live.add_updater(self.update_neuron)
            self.play(
                self.w.animate.set_value(w),
                self.b.animate.set_value(b),
                self.c.animate.set_value(c),
                run_time=1.6,
                rate_func=smooth,
            )
            self.live.clear_updaters()
            self.record(f"{move.section} {k + 1}/{len(move.path)}")
        self.wait(0.4)

    def conclude(self) -> None:
        self.next_section("summary")
        self.play(self.new_caption("one neuron, one bend: b moves it, w tilts and flips, c scales"))
        self.wait(1.5)

    def update_neuron(self, _live: VGroup) -> None:
        """Redraw the graph, the bend marker and the readouts from the trackers."""
        w, b, c = (tracker.get_value() for tracker in (self.w, self.b, self.c))
        net = neuron_network(w, b, c)
        xs, ys = pieces(net, X_LO, X_HI)
        set_clipped_polyline(self.curve, self.axes, xs, ys, Y_LO, Y_HI)
        for readout, value in zip(self.readouts, (w, b, c)):
            show_value(readout, value)
        bend = breakpoints(net, X_LO, X_HI)
        # No bend in view (w or c passing through 0): hide the marker, keep the last value.
        self.marker.set_opacity(1.0 if len(bend) else 0.0)
        if len(bend):
            self.marker.move_to(self.axes.c2p(bend[0], 0.0))
            show_value(self.bend_readout, bend[0])
            self.bend_value = float(bend[0])

    def record(self, beat: str) -> None:
        self.shown.setdefault("beats", []).append(
            {
                "beat": beat,
                "w": self.w.get_value(),
                "b": self.b.get_value(),
                "c": self.c.get_value(),
                "bend": self.bend_value,
                "bend_text": f"{self.bend_readout.value:.2f}",
                "values_text": [f"{r.value:.2f}" for r in self.readouts],
            }
        )


# -- clip 3: a sum of neurons fits a curve ---------------------------------------------
SUM_X_LO, SUM_X_HI = -3.0, 3.0  # the data's x range (sample_curve_data)
SUM_Y_LO, SUM_Y_HI = -3.0, 3.0
TRAIN_FRAMES = 90  # recorded steps played (about 6 s at 15 fps)


@dataclass(frozen=True)
class SumData:
    x: np.ndarray
    y: np.ndarray
    run: Trajectory
    knots: list[tuple[np.ndarray, np.ndarray]]  # exact graph of each recorded network
    bends: list[np.ndarray]  # breakpoints of each recorded network in the plot
    terms: list[tuple[np.ndarray, np.ndarray]]  # each neuron's own term at the start


class SumOfRelus(Captions, ClipScene):
    """``n`` bent lines summed make a piecewise-linear curve; gradient descent fits it."""

    SUMMARY = "n ReLU neurons summed: a piecewise-linear curve, trained to fit wiggly data"
    PARAMS = (
        Param("neurons", int, 6, "number of ReLU neurons n (network 1-n-1)", lo=1, hi=16),
        Param("learning_rate", float, 0.05, "gradient-descent step size", lo=1e-4, hi=1000.0),
        Param("steps", int, 1000, "number of gradient steps", lo=10, hi=20000),
        Param("seed", int, 0, "seed of the starting weights and the data", lo=0, hi=10**6),
        Param("n_points", int, 40, "number of data points", lo=5, hi=200),
        Param("noise", float, 0.1, "std. dev. of the noise on the data", lo=0.0, hi=1.0),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> SumData:
        x, y = sample_curve_data(p.n_points, p.noise, p.seed)
        start = Network([1, p.neurons, 1], seed=p.seed)
        record_every = max(1, p.steps // TRAIN_FRAMES)

        def train() -> Trajectory:
            return gradient_descent(start, x, y, p.learning_rate, p.steps, record_every)

        try:
            key = {**p.computed(), "record_every": record_every}
            run = cached_trajectory("sum_of_relus", key, train)
        except TrainingDiverged:
            raise ParamError(
                f"learning_rate={p.learning_rate:g} makes gradient descent diverge "
                f"with {p.neurons} neurons; try 0.01 to 0.1"
            ) from None
        nets = [run.network_at(i) for i in range(len(run))]
        return SumData(
            x=x,
            y=y,
            run=run,
            knots=[pieces(net, SUM_X_LO, SUM_X_HI) for net in nets],
            bends=[breakpoints(net, SUM_X_LO, SUM_X_HI) for net in nets],
            terms=[pieces(single_term(nets[0], j), SUM_X_LO, SUM_X_HI) for j in range(p.neurons)],
        )

    def construct(self) -> None:
        self.show_neurons()
        self.sum_neurons()
        self.show_data()
        self.train()
        self.conclude()

    def show_neurons(self) -> None:
        self.next_section("neurons")
        t, d = self.theme, self.data
        heading = title("A sum of bent lines", t)
        self.axes = make_axes(
            t, [SUM_X_LO, SUM_X_HI, 1], [SUM_Y_LO, SUM_Y_HI, 1], x_length=7.2, y_length=5.4
        )
        self.axes.to_edge(LEFT, buff=0.5).set_y(-0.05)
        palette = [t.compare, t.correct, t.highlight, t.wrong, t.muted]
        self.terms = VGroup()
        for j, (xs, ys) in enumerate(d.terms):
            term = VMobject(stroke_color=palette[j % len(palette)], stroke_width=3)
            self.terms.add(set_clipped_polyline(term, self.axes, xs, ys, SUM_Y_LO, SUM_Y_HI))
        drop_svg_sources(heading, self.axes)
        self.play(Write(heading), FadeIn(self.axes))
        self.play(
            LaggedStart(*[Create(term) for term in self.terms], lag_ratio=0.3),
            self.new_caption(
                f"{self.p.neurons} neurons, each a bent line c·max(0, w x + b), "
                "with random starting weights"
            ),
            run_time=2,
        )
        self.shown["term_knots"] = d.terms
        self.wait(0.5)

    def sum_neurons(self) -> None:
        self.next_section("sum")
        t, _d = self.theme, self.data
        self.curve = VMobject(stroke_color=t.model, stroke_width=5).set_z_index(2)
        self.marks = VGroup(
            *[
                Triangle(fill_color=t.highlight, fill_opacity=1.0, stroke_width=0)
                .scale(0.09)
                .set_z_index(3)
                for _ in range(self.p.neurons)
            ]
        )
        self.kinks = VGroup(
            *[Dot(radius=0.055, color=t.highlight).set_z_index(3) for _ in range(self.p.neurons)]
        )
        self.show_frame(0)
        self.play(
            ReplacementTransform(self.terms, self.curve),
            self.new_caption(
                "add them up (plus a constant): one curve, straight between bends;\n"
                "triangles on the x axis mark where its slope changes"
            ),
            run_time=1.5,
        )
        self.play(FadeIn(self.marks), FadeIn(self.kinks))
        self.wait(0.8)

    def show_data(self) -> None:
        self.next_section("data")
        t, d = self.theme, self.data
        dots = VGroup(
            *[Dot(self.axes.c2p(xi, yi), radius=0.05, color=t.text) for xi, yi in zip(d.x, d.y)]
        )
        self.play(
            LaggedStart(*[FadeIn(dot, scale=0.5) for dot in dots], lag_ratio=0.02),
            self.new_caption("data to fit: a wiggly curve plus noise"),
        )
        self.wait(0.5)

    def train(self) -> None:
        self.next_section("train")
        t, d = self.theme, self.data
        run = d.run
        self.loss_curve = LossCurve(
            t, run.steps, run.loss, width=3.6, height=1.9, label="loss (log scale)", log=True
        )
        # Manim draws the step axis where log10(loss) = 0, i.e. mid-plot; move it
        # to the bottom (moving an axis line vertically leaves c2p unchanged).
        axes = self.loss_curve.axes
        axes.x_axis.shift(axes.c2p(0, self.loss_curve.y_lo) - axes.x_axis.n2p(0))
        self.step_readout = Readout("step", 0, t, decimals=0, font_size=24, color=t.muted)
        self.loss_readout = Readout("loss", run.loss[0], t, decimals=4, font_size=24)
        self.bend_readout = Readout("bends in view", len(d.bends[0]), t, decimals=0, font_size=24)
        readouts = VGroup(self.step_readout, self.loss_readout, self.bend_readout).arrange(
            DOWN, aligned_edge=LEFT, buff=0.2
        )
        panel = VGroup(self.loss_curve, readouts).arrange(DOWN, aligned_edge=LEFT, buff=0.5)
        panel.next_to(self.axes, RIGHT, buff=0.6).align_to(self.axes, UP)
        drop_svg_sources(panel)
        self.play(
            FadeIn(panel),
            self.new_caption(
                "gradient descent (exact gradients) nudges every w, b and c:\n"
                "the bends travel to where the data bends"
            ),
        )
        last = len(run) - 1

        def play_run(_group: VGroup, alpha: float) -> None:
            self.show_frame(round(alpha * last))

        # Only what changes each frame: axes and labels are painted once.
        group = VGroup(
            self.curve,
            self.marks,
            self.kinks,
            self.loss_curve.curve,
            *[readout.number for readout in readouts],
        )
        self.play(UpdateFromAlphaFunc(group, play_run), run_time=7, rate_func=linear)
        self.show_frame(last)

    def conclude(self) -> None:
        self.next_section("fit")
        d = self.data
        count = len(d.bends[-1])
        self.play(
            self.new_caption(
                f"{self.p.neurons} neurons, {count} bends in view: "
                "a piecewise-linear curve fitted to the data"
            )
        )
        self.shown["final_knots"] = d.knots[-1]
        self.shown["final_curve_points"] = self.curve_points()
        self.shown["final_bends"] = self.mark_positions()
        self.shown["loss_curve"] = self.loss_curve.losses.copy()
        self.shown["final_loss"] = f"{self.loss_readout.value:.4f}"
        self.shown["final_bend_count"] = round(self.bend_readout.value)
        self.wait(2.0)

    # -- drawing --------------------------------------------------------------------
    def show_frame(self, i: int) -> None:
        """Show recorded step ``i``: the network's exact graph, its bends, the loss so far."""
        d = self.data
        xs, ys = d.knots[i]
        set_clipped_polyline(self.curve, self.axes, xs, ys, SUM_Y_LO, SUM_Y_HI)
        bends = d.bends[i]
        # pieces() returns lo, the bends, hi: the interior knots are the kinks.
        kink_y = ys[1:-1]
        for k, (mark, kink) in enumerate(zip(self.marks, self.kinks)):
            if k < len(bends):
                mark.set_opacity(1.0).move_to(self.axes.c2p(bends[k], 0), aligned_edge=UP)
                mark.shift(DOWN * 0.04)
                visible = SUM_Y_LO <= kink_y[k] <= SUM_Y_HI
                kink.set_opacity(1.0 if visible else 0.0)
                kink.move_to(self.axes.c2p(bends[k], np.clip(kink_y[k], SUM_Y_LO, SUM_Y_HI)))
            else:
                mark.set_opacity(0.0)
                kink.set_opacity(0.0)
        self.shown_marks = bends
        if hasattr(self, "loss_curve"):
            self.loss_curve.show_upto(i)
            show_value(self.step_readout, d.run.steps[i], decimals=0)
            show_value(self.loss_readout, d.run.loss[i], decimals=4)
            show_value(self.bend_readout, len(bends), decimals=0)

    def curve_points(self) -> np.ndarray:
        """The drawn curve's corners, back in data coordinates."""
        anchors = self.curve.get_anchors()
        return np.array([self.axes.p2c(pt) for pt in anchors])

    def mark_positions(self) -> np.ndarray:
        visible = [m for m in self.marks if m.get_fill_opacity() > 0]
        return np.array([self.axes.p2c(m.get_top() + UP * 0.04)[0] for m in visible])
