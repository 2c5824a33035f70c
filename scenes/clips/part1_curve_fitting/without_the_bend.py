"""Clip 27, WithoutTheBend: why a network needs its activation.

Render: ``python -m scenes render WithoutTheBend`` (try ``--set seed=3`` or
``--set hidden=8``); plain Manim: ``manim -ql
scenes/clips/part1_curve_fitting/without_the_bend.py WithoutTheBend``.

Take the activation out (``f(z) = z``) and any depth of layers is one affine map:
``collapse_linear`` multiplies the layers out, and the product's line lies on the deep
network's output. Three computed cases, each against the same network with its
activation: a 1-16-16-1 network on the wiggly data (a straight line against a curve,
losses computed); XOR (the linear network is no better than the best single line, the
ReLU network gets every point); the 784-16-16-10 digit network without activations
against a single 784-10 layer and against the real (sigmoid) network, on the sample
test set. Every run is cached (``cached_trajectory``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    Succession,
    VGroup,
)

from nnmath import Network, TrainingDiverged, Trajectory, gradient_descent, sample_curve_data
from nnmath.backprop import collapse_linear
from nnmath.classifier import accuracy, train_classifier
from nnmath.xor import best_single_line, binary_accuracy, xor_data
from scenes.core.cache import cached_trajectory
from scenes.core.digit_model import LEARNING_RATE as DIGIT_RATE
from scenes.core.digit_model import digit_data, trained_digit_network
from scenes.core.layout import MAIN, MAIN_LEFT, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources
from scenes.widgets.plots import Bars, axis_label, clip_to_range, make_axes, polyline
from scenes.widgets.text import Captions, Readout, fade_swap, legend, merged_text, title

X_LO, X_HI = -3.0, 3.0  # sample_curve_data's x range
Y_LO, Y_HI = -2.5, 2.5
N_POINTS, NOISE = 40, 0.1  # the wiggly data (sample_curve_data's defaults)
GRID = 601  # x values where the 1-D networks are drawn
XOR_POINTS, XOR_SPREAD = 25, 0.3  # xor_data's defaults
XOR_RATE, XOR_STEPS = 0.1, 1000  # squared error on the 0/1 labels, identity output
#: Digit runs: the single layer and the deep linear network both with a step of 0.1
#: (the deep linear network stalls at 10% with the sigmoid network's 1.0).
DIGIT_LINEAR_RATE = 0.1
DIGIT_LAYERS = (784, 16, 16, 10)


@dataclass(frozen=True)
class BendData:
    x: np.ndarray  # the wiggly data
    y: np.ndarray
    linear_net: Network  # 1-h-h-1 with f(z) = z, trained
    relu_net: Network  # the same network with ReLU, trained
    linear_loss: float
    relu_loss: float
    w: float  # collapse_linear(linear_net): y = w x + b
    b: float
    gap: float  # max |deep network - w x + b| on the grid
    xor_line: float  # accuracies on the XOR data
    xor_linear: float
    xor_relu: float
    xor_n: int
    digit_single: float  # test accuracies
    digit_linear: float
    digit_collapsed: float  # the collapsed 784-10 map of digit_linear
    digit_sigmoid: float
    digit_gap: float  # max |deep linear outputs - collapsed outputs| on the test images
    n_test: int


def collapse_any(net: Network) -> tuple[np.ndarray, np.ndarray]:
    """``collapse_linear`` of a network whose hidden layers are linear; the output's own
    activation (a sigmoid for the digits) is left out: apply it to ``x @ W.T + b``."""
    inner = net.copy()
    inner.output_activation = "identity"
    return collapse_linear(inner)


def percent(fraction: float, decimals: int) -> float:
    return round(100.0 * fraction, decimals)


def curve_run(kind: str, p: ParamValues, x: np.ndarray, y: np.ndarray) -> Trajectory:
    start = Network([1, p.hidden, p.hidden, 1], activation=kind, seed=p.seed)

    def train() -> Trajectory:
        return gradient_descent(start, x, y, p.learning_rate, p.steps, max(1, p.steps // 50))

    key = {**p.computed(), "activation": kind, "n_points": N_POINTS, "noise": NOISE}
    try:
        return cached_trajectory("without_the_bend_curve", key, train)
    except TrainingDiverged:
        raise ParamError(
            f"learning_rate={p.learning_rate:g} makes gradient descent diverge with "
            f"{p.hidden} neurons per layer; try 0.001 to 0.01"
        ) from None


def xor_run(kind: str, p: ParamValues, x: np.ndarray, labels: np.ndarray) -> Trajectory:
    start = Network([2, p.xor_hidden, 1], activation=kind, seed=p.seed)

    def train() -> Trajectory:
        return gradient_descent(start, x, labels.astype(float), XOR_RATE, XOR_STEPS, 50)

    key = {"seed": p.seed, "hidden": p.xor_hidden, "activation": kind}
    return cached_trajectory("without_the_bend_xor", key, train)


def digit_run(sizes: tuple[int, ...], p: ParamValues, data) -> Trajectory:
    def train() -> Trajectory:
        return train_classifier(sizes, "linear", epochs=p.epochs, learning_rate=DIGIT_LINEAR_RATE,
                                seed=p.seed, data=data)[1]  # fmt: skip

    key = {"seed": p.seed, "epochs": p.epochs, "layers": list(sizes), "rate": DIGIT_LINEAR_RATE}
    try:
        return cached_trajectory("without_the_bend_digits", key, train)
    except TrainingDiverged as exc:
        raise ParamError(str(exc).splitlines()[0]) from None


class WithoutTheBend(Captions, ClipScene):
    """Without its activation a deep network is one affine map: a line, a line, a single layer."""

    SUMMARY = "no activation: layers collapse to one map; line vs curve, XOR, digits"
    PARAMS = (
        Param("hidden", int, 16, "neurons per hidden layer of the 1-D network (1-h-h-1)",
              lo=2, hi=32),
        Param("learning_rate", float, 0.01, "gradient-descent step of the 1-D networks",
              lo=1e-4, hi=0.05),
        Param("steps", int, 2000, "gradient steps of the 1-D networks", lo=100, hi=20000),
        Param("xor_hidden", int, 6, "hidden neurons of the XOR networks (2-h-1)", lo=2, hi=16),
        Param("epochs", int, 20, "training epochs of the digit networks", lo=1, hi=50),
        Param("seed", int, 0, "seed of the data and of every starting network", lo=0, hi=10**6),
    )  # fmt: skip

    @classmethod
    def prepare(cls, p: ParamValues) -> BendData:
        x, y = sample_curve_data(N_POINTS, NOISE, p.seed)
        linear_net = curve_run("linear", p, x, y).final_network
        relu_net = curve_run("relu", p, x, y).final_network
        w, b = collapse_linear(linear_net)
        grid = np.linspace(X_LO, X_HI, GRID)
        gap = float(np.max(np.abs(linear_net.forward(grid)[:, 0] - (grid * w[0, 0] + b[0]))))

        xx, labels = xor_data(XOR_POINTS, XOR_SPREAD, p.seed)
        xor_line = best_single_line(xx, labels).accuracy
        xor_lin = binary_accuracy(xor_run("linear", p, xx, labels).final_network, xx, labels)
        xor_relu = binary_accuracy(xor_run("relu", p, xx, labels).final_network, xx, labels)

        data = digit_data("sample")
        test_x, test_y = data[2], data[3]
        single = digit_run((784, 10), p, data).final_network
        deep = digit_run(DIGIT_LAYERS, p, data).final_network
        sigmoid_net = trained_digit_network("sample", p.seed, p.epochs)[0]
        dw, db = collapse_any(deep)
        collapsed = test_x @ dw.T + db
        inner = deep.copy()
        inner.output_activation = "identity"
        digit_gap = float(np.max(np.abs(inner.forward(test_x) - collapsed)))
        return BendData(
            x=x, y=y, linear_net=linear_net, relu_net=relu_net,
            linear_loss=linear_net.loss(x, y), relu_loss=relu_net.loss(x, y),
            w=float(w[0, 0]), b=float(b[0]), gap=gap,
            xor_line=xor_line, xor_linear=xor_lin, xor_relu=xor_relu, xor_n=len(xx),
            digit_single=accuracy(single, test_x, test_y),
            digit_linear=accuracy(deep, test_x, test_y),
            digit_collapsed=float(np.mean(np.argmax(collapsed, axis=1) == test_y)),
            digit_sigmoid=accuracy(sigmoid_net, test_x, test_y),
            digit_gap=digit_gap, n_test=len(test_y),
        )  # fmt: skip

    def construct(self) -> None:
        self.without()
        self.collapse()
        self.with_bend()
        self.xor()
        self.digits()

    # -- the 1-D networks ---------------------------------------------------------------
    def without(self) -> None:
        t, d, h = self.theme, self.data, self.p.hidden
        heading = title("Without the bend", t)
        # sized to the region (not scaled to it: tick numbers and axis names keep their size)
        self.axes = make_axes(
            t,
            [X_LO, X_HI, 1],
            [Y_LO, Y_HI, 1],
            x_length=MAIN_LEFT.width - 0.8,
            y_length=MAIN_LEFT.height - 0.9,
        )
        self.axes.move_to(MAIN_LEFT.center + np.array([-0.2, -0.2, 0.0]))
        names = VGroup(
            axis_label("x", t).next_to(self.axes.x_axis.get_right(), RIGHT, 0.2),
            axis_label("y", t).next_to(self.axes.y_axis.get_top(), LEFT, 0.15),
        )
        self.plot = plot = VGroup(self.axes, names)
        self.dots = VGroup(*[Dot(self.axes.c2p(a, v), radius=0.06, color=t.data)
                             for a, v in zip(d.x, d.y)]).set_z_index(1)  # fmt: skip
        grid = np.linspace(X_LO, X_HI, GRID)
        self.line = polyline(self.axes, *clip_to_range(grid, d.linear_net.forward(grid)[:, 0],
                                                      Y_LO, Y_HI), t.compare, 12)  # fmt: skip
        self.curve = polyline(self.axes, *clip_to_range(grid, d.relu_net.forward(grid)[:, 0],
                                                       Y_LO, Y_HI), t.model, 5)  # fmt: skip
        self.curve.set_z_index(2)
        self.key = legend([(t.data, "data", "dot"), (t.compare, "no activation"),
                           (t.highlight, "one map w x + b", "dashed"), (t.model, "with ReLU")],
                          t)  # fmt: skip
        self.loss_lin = Readout("loss, no activation", d.linear_loss, t, decimals=3,
                                color=t.compare)  # fmt: skip
        self.loss_relu = Readout("loss, with ReLU", d.relu_loss, t, decimals=3, color=t.model)
        self.slope = Readout("w", d.w, t, decimals=3)
        self.offset = Readout("b", d.b, t, decimals=3)
        SIDE.stack([self.key, VGroup(self.loss_lin, self.loss_relu, self.slope, self.offset)
                    .arrange(DOWN, aligned_edge=LEFT, buff=0.3)], buff=0.6)  # fmt: skip
        drop_svg_sources(heading, plot, self.key)
        self.add(heading)
        self.play(
            self.start_beat(
                "without",
                "Take the activation out: three layers draw a line",
                f"A network with 1 input, two hidden layers of {h} neurons and f(z) = z instead "
                f"of the ReLU, trained by gradient descent for {self.p.steps} steps on {N_POINTS} "
                f"noisy points of sin(1.5 x) + 0.3 x: the best it finds is a straight line, "
                f"loss {d.linear_loss:.3f}.",
            ),
            FadeIn(plot), FadeIn(self.key[0]),
            LaggedStart(*[FadeIn(dot, scale=0.5) for dot in self.dots], lag_ratio=0.02),
            run_time=2.0,
        )  # fmt: skip
        self.play(Create(self.line), FadeIn(self.key[1]), FadeIn(self.loss_lin), run_time=2.0)
        self.shown["linear_loss"] = f"{self.loss_lin.value:.3f}"
        self.wait(2.0)

    def collapse(self) -> None:
        t, d = self.theme, self.data
        lo, hi = self.line_span(d.w, d.b)
        start, end = self.axes.c2p(lo, d.w * lo + d.b), self.axes.c2p(hi, d.w * hi + d.b)
        self.map_line = DashedLine(start, end, color=t.highlight, stroke_width=5, dash_length=0.2)
        # a halo in the background colour: the dashes read on the orange band in both themes
        self.map_line.set_stroke(t.background, width=10, background=True).set_z_index(3)
        self.play(
            self.start_beat(
                "collapse",
                "The layers multiply out to one map: y = w x + b",
                f"With f(z) = z, each layer is W a + b, and three of them multiply out to one: "
                f"W3 W2 W1 x plus a bias, here y = {d.w:.3f} x + {d.b:.3f}. Its line (dashed) "
                f"lies on the deep network's output: they differ by at most {d.gap:.0e}, "
                f"rounding.",
            ),
            Create(self.map_line), FadeIn(self.key[2]), FadeIn(self.slope), FadeIn(self.offset),
            run_time=2.0,
        )  # fmt: skip
        self.shown["w"] = f"{self.slope.value:.3f}"
        self.shown["b"] = f"{self.offset.value:.3f}"
        self.shown["gap"] = d.gap
        self.wait(2.5)

    def with_bend(self) -> None:
        d = self.data
        self.play(
            self.start_beat(
                "with",
                "Put the ReLU back: the same network bends",
                f"The same 1-{self.p.hidden}-{self.p.hidden}-1 network with ReLU, trained the "
                f"same way, bends to follow the data: loss {d.relu_loss:.3f} where the straight "
                f"line's is {d.linear_loss:.3f}. No number of linear layers could.",
            ),
            Create(self.curve), FadeIn(self.key[3]), FadeIn(self.loss_relu), run_time=3.0,
        )  # fmt: skip
        self.shown["relu_loss"] = f"{self.loss_relu.value:.3f}"
        self.wait(3.0)

    def line_span(self, w: float, b: float) -> tuple[float, float]:
        """The x interval of ``[X_LO, X_HI]`` where ``w x + b`` stays in the plot's y range."""
        if abs(w) < 1e-12:
            return X_LO, X_HI
        ends = sorted(((Y_LO - b) / w, (Y_HI - b) / w))
        return max(X_LO, ends[0]), min(X_HI, ends[1])

    # -- bars ---------------------------------------------------------------------------
    def bars(self, values: list[float], labels: list[str], decimals: int, caption: str) -> VGroup:
        t = self.theme
        bars = Bars(t, values, labels, [t.muted, t.compare, t.model], width=10.0, height=3.6,
                    y_max=100.0, decimals=decimals, unit="%")  # fmt: skip
        head = merged_text(caption, t.text, Size.READOUT).next_to(bars, UP, buff=0.7)
        group = VGroup(head, bars)
        MAIN.fit(group, fill=0.92)
        return group

    def regroup(self, panel: VGroup) -> None:
        """The panel, shown part by part, becomes one mobject again (one visual)."""
        self.remove(*panel.get_family())
        self.add(panel)

    def xor(self) -> None:
        d = self.data
        dec = 0 if 100 % d.xor_n == 0 else 1
        values = [percent(v, dec) for v in (d.xor_line, d.xor_linear, d.xor_relu)]
        self.xor_panel = self.bars(values, ["best line", "no activation", "with ReLU"], dec,
                                   f"XOR, {d.xor_n} points: share classified right")  # fmt: skip
        bars = self.xor_panel[1]
        shown = [f"{v:.{dec}f}%" for v in values]
        self.play(
            self.start_beat(
                "xor",
                "XOR: without the bend, no better than one line",
                f"On XOR, a 2-{self.p.xor_hidden}-1 network without activation is one line: the "
                f"best possible line gets {shown[0]}, and trained on squared error it gets "
                f"{shown[1]}. With ReLU the same network gets {shown[2]}.",
            ),
            Succession(  # the old picture out, then the bars grow: no empty frame between
                FadeOut(VGroup(self.plot, self.dots, self.line, self.curve, self.map_line,
                               self.key, self.loss_lin, self.loss_relu, self.slope,
                               self.offset), run_time=0.6),
                AnimationGroup(FadeIn(self.xor_panel[0]), FadeIn(bars.baseline),
                               FadeIn(bars.names), bars.grow(), run_time=2.0),
            ),
        )  # fmt: skip
        self.regroup(self.xor_panel)
        self.shown["xor_percent"] = shown
        self.wait(3.0)

    def digits(self) -> None:
        d = self.data
        dec = 1  # 1000 test images: steps of 0.1%
        values = [percent(v, dec) for v in (d.digit_single, d.digit_linear, d.digit_sigmoid)]
        shown = [f"{v:.{dec}f}%" for v in values]
        panel = self.bars(values, ["784-10", "no activation", "with sigmoid"], dec,
                          f"Digits: test accuracy on {d.n_test} images")  # fmt: skip
        self.play(
            self.start_beat(
                "digits",
                "Digits: no activation scores like one layer",
                f"The 784-16-16-10 digit network without activations collapses to one 784-10 "
                f"map: trained for {self.p.epochs} epochs (step {DIGIT_LINEAR_RATE:g}) it gets "
                f"{shown[1]} on {d.n_test} test images, a single 784-10 layer trained the same "
                f"way {shown[0]}. With its sigmoids (step {DIGIT_RATE:g}) it gets {shown[2]}.",
            ),
            fade_swap(self.xor_panel, panel), run_time=1.5,
        )  # fmt: skip
        self.shown["digit_percent"] = shown
        self.shown["n_test"] = d.n_test
        self.wait(3.0)
        gain = values[2] - values[1]
        collapsed = f"{percent(d.digit_collapsed, dec):.{dec}f}%"
        # what the digits show, said as measured: a small gain is called small
        headline = (f"On digits the bend adds {gain:.{dec}f} points; on curves, all"
                    if gain < 5 else "Only with the bend do extra layers add more")  # fmt: skip
        self.beat(
            "bend",
            headline,
            f"Without a bend, hidden layers add nothing a single layer could not do: the "
            f"collapsed 784-10 map scores {collapsed}, as the deep one. The sigmoid adds "
            f"{gain:.{dec}f} points here; on the curve and on XOR, the bend is everything.",
        )
        self.play(Indicate(panel[1].bars[2], color=self.theme.highlight), run_time=1.5)
        self.shown["collapsed_percent"] = collapsed
        self.wait(3.0)
