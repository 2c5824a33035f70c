"""Clip 3, SumOfRelus: a sum of bent lines fits a curve while gradient descent trains it.

Render: ``python -m scenes render SumOfRelus`` (try ``--set neurons=3`` or
``--set learning_rate=0.02 --set steps=3000``); plain Manim:
``manim -ql scenes/clips/part1_curve_fitting/sum_of_relus.py SumOfRelus``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    UP,
    Create,
    Dot,
    FadeIn,
    LaggedStart,
    ReplacementTransform,
    Triangle,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    linear,
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
from scenes.clips.part1_curve_fitting.relu import plot_axes, show_value, single_term
from scenes.core.cache import cached_trajectory
from scenes.core.layout import SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources
from scenes.widgets.plots import LossCurve, set_clipped_polyline
from scenes.widgets.text import Captions, Readout, legend, title

SUM_X_LO, SUM_X_HI = -3.0, 3.0  # the data's x range (sample_curve_data)
SUM_Y_LO, SUM_Y_HI = -3.0, 3.0
TRAIN_FRAMES = 90  # recorded steps played (about 6 s at 15 fps)
#: The replay: the recorded steps until the curve has settled take TRAIN_SECONDS, what
#: is left (the curve no longer moves) passes in SETTLED_SECONDS.
TRAIN_SECONDS, SETTLED_SECONDS = 6.5, 0.5
SETTLED = 0.99  # share of the curve's total travel after which it counts as settled
TERM_OPACITY = 0.45  # the neurons' own bent lines, faint under the sum
LOSS_HEIGHT = 1.6  # the side panel's loss plot, screen units (under the key)


@dataclass(frozen=True)
class SumData:
    x: np.ndarray
    y: np.ndarray
    run: Trajectory
    knots: list[tuple[np.ndarray, np.ndarray]]  # exact graph of each recorded network
    bends: list[np.ndarray]  # breakpoints of each recorded network in the plot
    terms: list[tuple[np.ndarray, np.ndarray]]  # each neuron's own term at the start
    term_frames: list[list[tuple[np.ndarray, np.ndarray]]]  # each neuron's term at each step
    settled: int  # first recorded index from which the curve barely moves


def settled_index(knots: list[tuple[np.ndarray, np.ndarray]]) -> int:
    """The first recorded index after which the curve travels less than 1% of its total path."""
    grid = np.linspace(SUM_X_LO, SUM_X_HI, 121)
    ys = np.array([np.interp(grid, xs, ys) for xs, ys in knots])
    travel = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(ys, axis=0), axis=1))])
    if travel[-1] == 0.0:
        return len(knots) - 1
    return max(1, int(np.searchsorted(travel, SETTLED * travel[-1])))


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
        term_frames = [
            [pieces(single_term(net, j), SUM_X_LO, SUM_X_HI) for j in range(p.neurons)]
            for net in nets
        ]
        knots = [pieces(net, SUM_X_LO, SUM_X_HI) for net in nets]
        return SumData(
            x=x,
            y=y,
            run=run,
            knots=knots,
            bends=[breakpoints(net, SUM_X_LO, SUM_X_HI) for net in nets],
            terms=term_frames[0],
            term_frames=term_frames,
            settled=settled_index(knots),
        )

    def construct(self) -> None:
        self.show_neurons()
        self.sum_neurons()
        self.show_data()
        self.train()
        self.conclude()

    def show_neurons(self) -> None:
        t, d, n = self.theme, self.data, self.p.neurons
        heading = title("A sum of bent lines", t)
        self.axes = plot_axes(t, [SUM_X_LO, SUM_X_HI, 1], [SUM_Y_LO, SUM_Y_HI, 1])
        self.terms = VGroup()
        for xs, ys in d.terms:
            term = VMobject(stroke_color=t.muted, stroke_width=3)
            self.terms.add(set_clipped_polyline(term, self.axes, xs, ys, SUM_Y_LO, SUM_Y_HI))
        # Each bend marked on the x axis (a triangle pointing down at it, above the
        # tick numbers): first the neurons' own, then the sum's, which are the same.
        self.marks = VGroup(
            *[
                Triangle(fill_color=t.highlight, fill_opacity=1.0, stroke_width=0)
                .rotate(PI)
                .scale(0.11)
                .set_z_index(3)
                for _ in range(n)
            ]
        )
        self.kinks = VGroup(
            *[Dot(radius=0.075, color=t.highlight).set_z_index(3) for _ in range(n)]
        )
        self.curve = VMobject(stroke_color=t.model, stroke_width=5).set_z_index(2)
        self.show_frame(0)
        # The side panel's key: each item appears with what it names.
        self.key = legend(
            [(t.muted, "one neuron"), (t.model, "their sum"), (t.highlight, "bend", "dot")], t
        )
        SIDE.stack([self.key])
        drop_svg_sources(heading, self.axes, self.key)
        self.add(heading)  # from the first frame: no empty poster frame
        neurons = f"{n} neurons" if n > 1 else "1 neuron"
        self.play(
            self.start_beat(
                "neurons",
                "Each neuron is a bent line with its own bend",
                f"{neurons}, each a bent line c·max(0, w x + b) with random starting "
                "weights: each bends at its own x, where w x + b = 0.",
            ),
            FadeIn(self.axes),
            FadeIn(self.key[0]),
        )
        self.play(LaggedStart(*[Create(term) for term in self.terms], lag_ratio=0.3), run_time=2)
        self.play(FadeIn(self.marks, shift=DOWN * 0.2))
        self.shown["term_knots"] = d.terms
        self.wait(0.6)

    def sum_neurons(self) -> None:
        d = self.data
        count = len(d.bends[0])
        self.play(
            self.start_beat(
                "sum",
                "Add them up: one curve, straight between bends",
                "Adding the bent lines, plus a constant, gives one curve: straight between "
                f"bends, and bent wherever one of the neurons bends ({count} bends in view, "
                "marked by triangles on the x axis and dots on the curve).",
            ),
            ReplacementTransform(self.terms.copy(), self.curve),
            self.terms.animate.set_stroke(width=2, opacity=TERM_OPACITY),
            FadeIn(self.key[1]),
            run_time=1.5,
        )
        self.play(FadeIn(self.kinks), FadeIn(self.key[2]))
        self.wait(1.5)

    def show_data(self) -> None:
        t, d = self.theme, self.data
        dots = VGroup(
            *[Dot(self.axes.c2p(xi, yi), radius=0.06, color=t.data) for xi, yi in zip(d.x, d.y)]
        ).set_z_index(1)
        self.play(
            self.start_beat(
                "data",
                "Data to fit: a wiggly curve plus noise",
                f"The data: {len(d.x)} points from the curve sin(1.5 x) + 0.3 x, "
                f"with noise of standard deviation {self.p.noise:g}.",
            ),
            LaggedStart(*[FadeIn(dot, scale=0.5) for dot in dots], lag_ratio=0.02),
        )
        self.wait(1.5)

    def train(self) -> None:
        t, d, p = self.theme, self.data, self.p
        run = d.run
        self.loss_curve = LossCurve(
            t, run.steps, run.loss, width=SIDE.width - 0.4, height=LOSS_HEIGHT,
            label="loss (log scale)", log=True, color=t.model,
        )  # fmt: skip
        # Manim draws the step axis where log10(loss) = 0, i.e. mid-plot; move it
        # to the bottom (moving an axis line vertically leaves c2p unchanged).
        axes = self.loss_curve.axes
        axes.x_axis.shift(axes.c2p(0, self.loss_curve.y_lo) - axes.x_axis.n2p(0))
        self.step_readout = Readout("step", 0, t, decimals=0, color=t.muted)
        self.loss_readout = Readout("loss", run.loss[0], t, decimals=4)
        self.bend_readout = Readout("bends in view", len(d.bends[0]), t, decimals=0)
        readouts = VGroup(self.step_readout, self.loss_readout, self.bend_readout)
        readouts.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        SIDE.stack([self.key, self.loss_curve, readouts], buff=0.45)
        drop_svg_sources(self.loss_curve, readouts)
        self.play(
            self.start_beat(
                "train",
                "Training moves the bends to where the data bends",
                f"Gradient descent, with exact gradients, nudges every w, b and c for "
                f"{p.steps} steps: the faint bent lines move, their bends with them, and the "
                f"loss falls from {run.loss[0]:.3f} to {run.loss[-1]:.4f}.",
            ),
            FadeIn(self.loss_curve),
            FadeIn(readouts),
        )
        last = len(run) - 1
        share = TRAIN_SECONDS / (TRAIN_SECONDS + SETTLED_SECONDS)

        def play_run(_group: VGroup, alpha: float) -> None:
            # the moving part at an even pace; the settled rest in half a second
            self.show_frame(round(float(np.interp(alpha, [0.0, share, 1.0], [0, d.settled, last]))))

        # Only what changes each frame: axes and labels are painted once.
        group = VGroup(
            self.curve,
            self.terms,
            self.marks,
            self.kinks,
            self.loss_curve.curve,
            *[readout.number for readout in readouts],
        )
        self.play(
            UpdateFromAlphaFunc(group, play_run),
            run_time=TRAIN_SECONDS + SETTLED_SECONDS,
            rate_func=linear,
        )
        self.show_frame(last)

    def conclude(self) -> None:
        d, n = self.data, self.p.neurons
        count = len(d.bends[-1])
        self.beat(
            "fit",
            f"{n} neurons, {count} bends: a piecewise-linear fit",
            f"{n} neurons give {count} bends in view: a curve that is straight between its "
            f"bends, fitted to the data with a loss of {d.run.loss[-1]:.4f}.",
        )
        self.shown["final_knots"] = d.knots[-1]
        self.shown["final_curve_points"] = self.curve_points()
        self.shown["final_bends"] = self.mark_positions()
        self.shown["loss_curve"] = self.loss_curve.losses.copy()
        self.shown["final_loss"] = f"{self.loss_readout.value:.4f}"
        self.shown["final_bend_count"] = round(self.bend_readout.value)
        self.wait(2.5)

    # -- drawing --------------------------------------------------------------------
    def show_frame(self, i: int) -> None:
        """Show recorded step ``i``: the network's exact graph, its bends, its neurons' own
        bent lines, the loss so far."""
        d = self.data
        xs, ys = d.knots[i]
        set_clipped_polyline(self.curve, self.axes, xs, ys, SUM_Y_LO, SUM_Y_HI)
        for term, (txs, tys) in zip(self.terms, d.term_frames[i]):
            set_clipped_polyline(term, self.axes, txs, tys, SUM_Y_LO, SUM_Y_HI)
        bends = d.bends[i]
        # pieces() returns lo, the bends, hi: the interior knots are the kinks.
        kink_y = ys[1:-1]
        for k, (mark, kink) in enumerate(zip(self.marks, self.kinks)):
            if k < len(bends):
                mark.set_opacity(1.0).move_to(self.axes.c2p(bends[k], 0), aligned_edge=DOWN)
                mark.shift(UP * 0.04)
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
        return np.array([self.axes.p2c(m.get_bottom() + DOWN * 0.04)[0] for m in visible])
