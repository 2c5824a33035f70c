"""Clip 26, Backpropagation: how the 13,002 partial derivatives of the digit network are found.

Render: ``python -m scenes render Backpropagation`` (try ``--set epoch=2`` or
``--set image=7 --set neuron=3``); plain Manim: ``manim -ql
scenes/clips/part3_learning/backpropagation.py Backpropagation``.

One real training image that the real 784-16-16-10 network, as recorded early in its
training (``scenes.core.digit_model``'s cached run), gets wrong. The forward pass lights
the network; each output's wish ``2(a - y)`` (the cost is nnmath's
``C = sum_k (a_k - y_k)^2``, no factor 1/2); one layer back, a weight's derivative is
``delta * a`` (``delta = 2(a - y) a (1 - a)`` through the output's sigmoid); a hidden
neuron's wish is the outputs' deltas summed through its weights; in the first layer one
neuron's 784 derivatives are the image itself times its delta. Three derivatives against
central finite differences (``nnmath.backprop.finite_difference``), the work of both
methods counted, and the step: a mini-batch's gradients averaged. Every number comes from
``nnmath.backprop``.
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
    Arrow,
    Circle,
    Create,
    Group,
    Line,
    Rectangle,
    Succession,
    SurroundingRectangle,
    UpdateFromAlphaFunc,
    VGroup,
    smooth,
)

from nnmath import Network
from nnmath.backprop import (
    BackpropTrace,
    backprop_trace,
    backward_multiply_adds,
    finite_difference,
    finite_difference_multiply_adds,
    forward_multiply_adds,
)
from nnmath.classifier import mistakes, one_hot
from scenes.core.digit_model import (
    DIGIT_PARAMS,
    LAYER_SIZES,
    LEARNING_RATE,
    digit_data,
    trained_digit_network,
)
from scenes.core.layout import MAIN
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.fades import fade_in, fade_out
from scenes.render.freeze import freeze
from scenes.render.outlines import tex_parts
from scenes.widgets.formulas import formula
from scenes.widgets.images import digit_image, framed, weight_grid
from scenes.widgets.network import NetworkDiagram, OutputBars
from scenes.widgets.text import Captions, fit_within, legend, merged_text, title

DIGITS = 12  # significant digits printed for the finite-difference check
EPS = 1e-5  # the finite differences' nudge
CHECKED = ("last layer", "middle layer", "first layer")
#: The displayed formulas, set by LaTeX in one run (cached outlines), shown a few at a time.
FORMULAS = (
    r"C = \sum_k (a_k - y_k)^2",
    r"\frac{\partial C}{\partial a_k} = 2(a_k - y_k)",
    r"\delta = 2(a - y)\, a(1 - a)",
    r"\frac{\partial C}{\partial w} = \delta \cdot a_{\mathrm{in}}",
    r"\delta_j = \sum_k w_{kj}\, \delta_k",
    r"\qquad \times\, a_j(1 - a_j)",
)


def significant(value: float, digits: int = DIGITS) -> str:
    """``value`` with ``digits`` significant digits, in fixed notation (no exponent)."""
    if value == 0:
        return "0." + "0" * (digits - 1)
    decimals = max(0, digits - 1 - int(np.floor(np.log10(abs(value)))))
    return f"{value:.{decimals}f}"


def agreeing(a: str, b: str) -> tuple[int, int]:
    """Characters two printed numbers share from the left, and how many of those are
    significant digits (digits after the leading zeros)."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n, len(a[:n].lstrip("-0.").replace(".", ""))


def thousands(n: int) -> str:
    return f"{n:,}"


@dataclass(frozen=True)
class BackpropData:
    network: Network  # the snapshot
    epoch: int
    train_accuracy: float  # at the snapshot
    index: int  # the training image
    image: np.ndarray  # (784,)
    label: int
    answer: int
    trace: BackpropTrace  # the one image
    wish: np.ndarray  # 2 (a - y) at the outputs
    hidden: int  # second-layer neuron whose wish is summed
    first: int  # first-layer neuron whose 784 derivatives are drawn
    checks: list[tuple[str, int, int, int, float, float]]  # name, layer, row, col, exact, numeric
    counts: tuple[int, int, int, int]  # forward, backward, finite differences, parameters
    batch: np.ndarray  # indices of the mini-batch's training images
    batch_grads: np.ndarray  # (B, 784): each image's gradient of the first neuron's weights
    batch_mean: np.ndarray  # (784,): the batch's gradient (their average)
    batch_cost: tuple[float, float]  # before and after one step


class Backpropagation(Captions, ClipScene):
    """One wrong answer, its wishes passed back layer by layer, checked, counted, averaged."""

    SUMMARY = "backpropagation on the digit network: wishes passed back, checked, counted"
    PARAMS = (
        *DIGIT_PARAMS,
        Param("epoch", int, 1, "recorded epoch of training whose network is shown (early)",
              lo=0, hi=200),
        Param("image", int, -1, "training image (-1: the first one that network gets wrong)",
              lo=-1, hi=59999, ranges=(("data", "sample", -1, 3999),
                                       ("data", "full", -1, 59999))),
        Param("hidden", int, -1, "second-layer neuron whose wish is summed (-1: largest)",
              lo=-1, hi=15),
        Param("neuron", int, -1, "first-layer neuron whose 784 derivatives are drawn "
              "(-1: largest wish)", lo=-1, hi=15),
        Param("batch", int, 10, "training images in the mini-batch averaged", lo=2, hi=20),
    )  # fmt: skip
    #: The check: both values of three derivatives, to 12 digits, are the point of the beat;
    #: each value is printed in two pieces (the agreeing digits highlighted, the rest muted).
    NUMBERS_ALLOW = {"check": 12}

    @classmethod
    def prepare(cls, p: ParamValues) -> BackpropData:
        if p.epoch > p.epochs:
            raise ParamError(f"epoch={p.epoch} is past the training's epochs={p.epochs}; "
                             f"use 0 to {p.epochs}")  # fmt: skip
        images, labels = digit_data(p.data)[:2]
        if p.image >= len(labels):
            raise ParamError(f"image={p.image} is out of range: the {p.data} training set has "
                             f"{len(labels)} images; use -1 to {len(labels) - 1}")  # fmt: skip
        _, history, _ = trained_digit_network(p.data, p.seed, p.epochs)
        k = int(np.flatnonzero(np.asarray(history.extras["epoch"]) == p.epoch)[0])
        net = history.network_at(k)
        if p.image < 0:
            wrong = mistakes(net, images, labels)
            if not len(wrong):
                raise ParamError(f"after epoch {p.epoch} the network gets every training image "
                                 "right; choose one with image=")  # fmt: skip
            index = int(wrong[0])
        else:
            index = p.image
        x, label = np.asarray(images[index], float), int(labels[index])
        trace = backprop_trace(net, x, one_hot([label]))
        hidden = int(np.argmax(np.abs(trace.delta[1][0]))) if p.hidden < 0 else p.hidden
        first = int(np.argmax(np.abs(trace.delta[0][0]))) if p.neuron < 0 else p.neuron
        picks = [(2, label, int(np.argmax(trace.a[2][0]))),  # brightest input of each
                 (1, hidden, int(np.argmax(trace.a[1][0]))), (0, first, int(np.argmax(x)))]
        checks = [(name, layer, row, col, float(trace.grad_w[layer][row, col]),
                   finite_difference(net, x, one_hot([label]), layer, row, col, EPS))
                  for name, (layer, row, col) in zip(CHECKED, picks)]  # fmt: skip
        batch = (index + np.arange(p.batch)) % len(labels)
        xb, yb = np.asarray(images[batch], float), one_hot(np.asarray(labels[batch]))
        grads = np.stack([backprop_trace(net, xi, yi[None]).grad_w[0][first]
                          for xi, yi in zip(xb, yb)])  # fmt: skip
        stepped = net.copy().sgd_step(xb, yb, LEARNING_RATE)
        return BackpropData(
            network=net, epoch=p.epoch, index=index, image=x, label=label,
            train_accuracy=float(history.extras["train_accuracy"][k]),
            answer=int(np.argmax(trace.a[-1][0])), trace=trace,
            wish=np.asarray(trace.output_slope[0]), hidden=hidden, first=first,
            checks=checks,
            counts=(forward_multiply_adds(LAYER_SIZES), backward_multiply_adds(LAYER_SIZES),
                    finite_difference_multiply_adds(LAYER_SIZES), net.n_params),
            batch=batch, batch_grads=grads,
            batch_mean=np.asarray(backprop_trace(net, xb, yb).grad_w[0][first]),
            batch_cost=(net.loss(xb, yb), stepped.loss(xb, yb)),
        )  # fmt: skip

    # -- the picture: image -> network -> outputs -----------------------------------
    IMAGE_HEIGHT = 2.4
    LEFT_X = MAIN.x0 + 1.5  # centre of the left column (image, formulas)
    FORMULA_WIDTH = 3.1
    ROW = 0.44  # output rows: bar height 0.3 + gap 0.14, the output neurons' spacing

    def construct(self) -> None:
        self.add(title("Backpropagation: passing the wish back", self.theme))
        self.example()
        self.forward()
        self.wishes()
        self.output_layer()
        self.hidden_wish()
        self.first_layer()
        self.check()
        self.cost()
        self.step()

    def epoch_words(self, long: bool = False) -> str:
        e = self.data.epoch
        if e == 0:
            return "before any training"
        return f"after {e} epoch" + ("s" if e > 1 else "") + (" of training" if long else "")

    def example(self) -> None:
        t, d = self.theme, self.data
        self.picture = framed(digit_image(d.image, self.IMAGE_HEIGHT, t), t)
        self.picture.move_to([self.LEFT_X, MAIN.y1 - self.IMAGE_HEIGHT / 2 - 0.05, 0])
        middle = 14 * 28 + np.arange(6, 22)  # a scan line through the middle of the image
        buff = self.ROW - 0.2
        self.net = NetworkDiagram(LAYER_SIZES, t, shown={0: middle.tolist()}, output_labels=(),
                                  neuron_radius=0.1, neuron_buff=[0.07, 0.07, 0.07, buff],
                                  layer_buff=1.25, edge_opacity=0.25)  # fmt: skip
        # the input column clear of the formulas under the image, with its brace and "784"
        self.net.move_to([MAIN.x0 + self.FORMULA_WIDTH + 1.95 - self.net.layers[0].get_x()
                          + self.net.get_x(), -0.05, 0])
        # the edges stay put: drawn as one image (same pixels, far cheaper every frame)
        self.edge_image = self.net.frozen_edges()
        self.net.remove(self.net.edges)
        for column in self.net.layers:  # empty circles, not the edges' ends showing through
            column.set_fill(t.background, opacity=1.0)
        self.bars = OutputBars(np.zeros(10), t, bar_length=2.4, bar_height=0.3,
                               row_buff=self.ROW - 0.3, show_numbers=False)  # fmt: skip
        top = self.net.neuron(3, 0).get_y()
        self.bars.shift([self.net.get_right()[0] + 0.6 - self.bars.tracks.get_left()[0],
                         top - self.bars.tracks[0].get_y(), 0])  # fmt: skip
        y = self.picture.get_y()
        self.into = Arrow([self.picture.get_right()[0], y, 0],
                          [self.net.braces[0].get_left()[0], y, 0], buff=0.1, color=t.muted,
                          stroke_width=4)  # fmt: skip
        right = "reads it right" if d.answer == d.label else f"reads it as {d.answer}"
        self.play(
            self.start_beat(
                "example",
                f"One training image; the untrained network {right}" if d.epoch == 0
                else f"One training image; the network {self.epoch_words()} {right}",
                f"Training image {d.index}, a handwritten {d.label}, and the 784-16-16-10 "
                f"digit network as it was {self.epoch_words(long=True)}, when it got "
                f"{100 * d.train_accuracy:.1f}% of the training images right. It answers "
                f"{d.answer}: {'right' if d.answer == d.label else 'wrong'}.",
            ),
            fade_in(self.picture), fade_in(self.edge_image), fade_in(self.net),
            fade_in(self.bars), fade_in(self.into),
            run_time=1.5,
        )  # fmt: skip
        self.shown["image"] = d.index
        self.shown["label"], self.shown["answer"] = d.label, d.answer
        self.wait(2.0)

    def forward(self) -> None:
        d, t = self.data, self.theme
        a = d.trace.a
        self.play(
            self.start_beat(
                "forward",
                "Forward pass: the pixels light the network, layer by layer",
                f"The forward pass: the 784 pixels (a scan line of them drawn) feed 16 "
                f"neurons, those 16 more, those the 10 outputs, each a grey between 0 and 1. "
                f"The right digit {d.label} gets {a[3][0][d.label]:.3f}, the answer {d.answer} "
                f"gets {a[3][0][d.answer]:.3f}.",
            ),
            self.light_layers([self.net.activation_animation(layer, a[layer][0])
                               for layer in range(4)]),
            self.bars.values_animation(a[3][0], rate_func=lambda u: smooth(max(0.0, 5 * u - 4))),
            run_time=4.0,
        )  # fmt: skip
        # from here on the diagram stays still: draw it as the image of itself
        self.net_image = freeze(self.net, self.renderer.camera)
        self.mobjects[self.mobjects.index(self.net)] = self.net_image
        self.bars.highlight(d.label, t.correct)
        if d.answer != d.label:
            self.bars.labels[d.answer].set_color(t.wrong)
        self.shown["outputs"] = a[3][0].tolist()
        self.wait(1.5)

    def light_layers(self, steps: list) -> UpdateFromAlphaFunc:
        """The layers' fills, one after another over the first 80% of one play, as ONE
        animation of the diagram (an AnimationGroup would add its columns to the scene as
        mobjects of their own, splitting the diagram)."""

        def update(_mob, alpha: float) -> None:
            for k, step in enumerate(steps):
                step.interpolate_mobject(float(np.clip(alpha * 1.25 * len(steps) - k, 0, 1)))

        return UpdateFromAlphaFunc(self.net, update)

    def wishes(self) -> None:
        d, t = self.data, self.theme
        a = d.trace.a[3][0]
        self.formula = self.formulas(0, 1)
        x0, x1 = self.bars.tracks.get_left()[0], self.bars.tracks.get_right()[0]
        self.arrows = VGroup()
        for k in range(10):
            target = 1.0 if k == d.label else 0.0
            y = self.bars.tracks[k].get_y()
            start, end = x0 + a[k] * (x1 - x0), x0 + target * (x1 - x0)
            arrow = Arrow([start, y, 0], [end, y, 0], buff=0, stroke_width=7,
                          max_tip_length_to_length_ratio=0.5, max_stroke_width_to_length_ratio=60,
                          color=t.positive if target > a[k] else t.negative)  # fmt: skip
            self.arrows.add(arrow)
        self.wish_numbers = VGroup()
        for k in sorted({d.label, d.answer}):
            number = merged_text(f"{d.wish[k]:+.2f}", t.text, Size.READOUT)  # 2(a - y)
            number.next_to(self.bars.tracks[k], RIGHT, buff=0.25)
            self.wish_numbers.add(number)
        self.key = legend([(t.positive, "raise", "box"), (t.negative, "lower", "box")], t,
                          direction=RIGHT)  # fmt: skip
        self.key.next_to(self.bars, UP, buff=0.25).align_to(self.bars.tracks, LEFT)
        others = [f"{k}: {d.wish[k]:+.3f}" for k in range(10) if k not in (d.label, d.answer)]
        self.play(
            self.start_beat(
                "wish",
                "Each output's wish: raise the right digit, lower the rest",
                f"The cost of this image is C = sum over the ten outputs of (a - y) squared "
                f"= {d.trace.cost:.3f}, with y = 1 for the right digit and 0 for the others. "
                f"Its slope for each output is 2(a - y): {d.wish[d.label]:+.3f} for the {d.label} "
                f"(raise it), {d.wish[d.answer]:+.3f} for the {d.answer} (lower it), and "
                f"{', '.join(others)}. Each arrow runs from the output to where it should be.",
            ),
            self.bars.bars.animate.set_fill(opacity=0.35), fade_in(self.formula),
            Create(self.arrows), fade_in(self.wish_numbers), fade_in(self.key), run_time=1.6,
        )  # fmt: skip
        self.shown["cost"] = f"{d.trace.cost:.3f}"
        self.shown["wish"] = [f"{d.wish[k]:+.2f}" for k in sorted({d.label, d.answer})]
        self.wait(3.0)

    def edges(self, layer: int, pairs: list[tuple[int, int]], values: np.ndarray) -> VGroup:
        """Lines from neuron ``i`` of ``layer`` to ``j`` of the next, one per pair, coloured by
        the way the value says to move (blue: raise, orange: lower), thick where it is large."""
        t, top = self.theme, max(float(np.abs(values).max()), 1e-12)
        group = VGroup()
        for (i, j), v in zip(pairs, values):
            if v == 0:
                continue  # a blank input: no slope, no line
            line = Line(self.net.neuron(layer, i).get_right(),
                        self.net.neuron(layer + 1, j).get_left(),
                        stroke_width=0.5 + 9.0 * abs(v) / top,
                        color=t.negative if v > 0 else t.positive)  # fmt: skip
            group.add(line)
        return group

    def formulas(self, *which: int, note: str = "") -> VGroup:
        """Formulas ``FORMULAS[i]``, one a line, under the image, with a worked ``note``."""
        if not hasattr(self, "tex"):
            self.tex = tex_parts(*FORMULAS, color=self.theme.text, font_size=Size.TITLE)
        lines = VGroup(*(self.tex[i].copy() for i in which))
        lines.arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        fit_within(lines, self.FORMULA_WIDTH)
        group = VGroup(formula(lines))
        for k, line in enumerate(note.split("\n") if note else []):
            group.add(merged_text(line, self.theme.highlight, Size.READOUT))
            group.arrange(DOWN, aligned_edge=LEFT, buff=0.4 if k == 0 else 0.15)
        return group.next_to(self.picture, DOWN, buff=0.45).align_to(self.picture, LEFT)

    def swap_formula(self, *which: int, note: str = "") -> list:
        old, self.formula = self.formula, self.formulas(*which, note=note)
        return [Succession(fade_out(old, run_time=0.6), fade_in(self.formula, run_time=0.9))]

    def output_layer(self) -> None:
        d = self.data
        tr, j = d.trace, d.label
        grads = tr.grad_w[2][j]  # dC/dw into the right digit: delta_j * a_k
        col, exact = d.checks[0][3], d.checks[0][4]
        delta = float(tr.delta[2][0][j])
        self.lines = self.edges(2, [(k, j) for k in range(16)], grads)
        self.play(
            self.start_beat(
                "output layer",
                "One layer back: a weight's slope is wish times input",
                f"Through the output's sigmoid the wish on the {j}'s weighted sum is "
                f"delta = 2(a - y) a (1 - a) = {tr.delta[2][0][j]:+.4f}. Each of its 16 weights "
                f"gets dC/dw = delta times the activation feeding it: bright neurons get thick "
                f"lines, they matter more. The brightest, {tr.a[2][0][col]:.3f}, gives "
                f"{tr.delta[2][0][j]:+.4f} times {tr.a[2][0][col]:.3f} = {exact:+.4f}.",
            ),
            fade_out(self.wish_numbers),
            *self.swap_formula(2, 3, note=f"{delta:+.4f} \u00d7 {tr.a[2][0][col]:.3f}\n"
                                          f"= {exact:+.4f}"),
            Create(self.lines), run_time=1.6,
        )  # fmt: skip
        self.shown["output_delta"] = f"{tr.delta[2][0][j]:+.4f}"
        self.shown["output_note"] = (f"{delta:+.4f}", f"{tr.a[2][0][col]:.3f}", f"{exact:+.4f}")
        self.wait(3.0)

    def hidden_wish(self) -> None:
        d, t = self.data, self.theme
        tr, h = d.trace, d.hidden
        terms = tr.delta[2][0] * d.network.weights[2][:, h]  # each output's share
        total = float(terms.sum())
        lines = self.edges(2, [(h, k) for k in range(10)], terms)
        ring = Circle(radius=0.2, color=t.highlight, stroke_width=5).move_to(self.net.neuron(2, h))
        self.play(
            self.start_beat(
                "hidden",
                "A hidden neuron's wish: the outputs' wishes, summed back",
                f"Second-layer neuron {h}: its wish is the ten outputs' deltas, each times the "
                f"weight joining them, summed: {total:+.4f}. Through its own sigmoid slope "
                f"a (1 - a) that is delta = {tr.delta[1][0][h]:+.4f}; every second-layer "
                f"neuron gets its delta the same way, in one matrix product.",
            ),
            fade_out(self.lines),
            *self.swap_formula(4, 5, note=f"sum: {total:+.4f}\n"
                                             f"delta: {tr.delta[1][0][h]:+.4f}"),
            Create(lines), Create(ring), run_time=1.6,
        )  # fmt: skip
        self.lines, self.ring = lines, ring
        self.shown["hidden_sum"] = f"{total:+.4f}"
        self.shown["hidden_delta"] = f"{tr.delta[1][0][h]:+.4f}"
        self.wait(3.0)

    def first_layer(self) -> None:
        d, t = self.data, self.theme
        tr, i = d.trace, d.first
        drawn = self.net.shown[0]
        back = self.edges(0, [(k, i) for k in drawn], tr.grad_w[0][i][drawn])
        ring = Circle(radius=0.2, color=t.highlight, stroke_width=5).move_to(self.net.neuron(1, i))
        grid = tr.grad_w[0][i]
        big = framed(weight_grid(-grid, t, height=3.8), t)  # coloured by the way to move
        left = self.net.get_right()[0] + 0.5
        big.move_to([(left + MAIN.x1) / 2, -0.35, 0])
        big_label = merged_text(f"neuron {i}: 784 slopes", t.text, Size.READOUT)
        big_label.next_to(big, DOWN, buff=0.2)
        nonzero = int(np.count_nonzero(grid))
        self.play(
            self.start_beat(
                "first layer",
                "First layer: one neuron's 784 slopes are the image itself",
                f"Once more, one layer back, to first-layer neuron {i} (delta "
                f"{tr.delta[0][0][i]:+.5f}). Its 784 weight slopes are that delta times each "
                f"pixel, so drawn 28 by 28 they are the image itself: {nonzero} pixels are not "
                f"blank; the other {784 - nonzero} weights get slope 0 from this image.",
            ),
            fade_out(VGroup(self.lines, self.ring, self.bars, self.arrows)),
            *self.swap_formula(4, 5, note=f"delta: {tr.delta[0][0][i]:+.5f}"),
            fade_in(back), Create(ring), fade_in(big), fade_in(big_label), run_time=1.6,
        )  # fmt: skip
        self.shown["first_delta"] = f"{tr.delta[0][0][i]:+.5f}"
        self.shown["first_nonzero"] = nonzero
        self.wait(3.5)
        self.screen = Group(self.picture, self.edge_image, self.net_image, self.into, self.formula,
                            back, ring, big, big_label, self.key)  # fmt: skip

    def check(self) -> None:
        t, d = self.theme, self.data
        rows, said = Group(), []
        self.shown["check"] = []
        for name, _, _, _, exact, numeric in d.checks:
            a, b = significant(exact), significant(numeric)
            n, sig = agreeing(a, b)
            said.append(f"{name}, {a} by backpropagation and {b} by finite differences "
                        f"({sig} digits agree)")
            cells = VGroup(merged_text(name, t.text, Size.READOUT))
            for text in (a, b):  # the agreeing digits highlighted, the rest muted
                cells.add(VGroup(*(merged_text(piece, colour, Size.READOUT) for piece, colour
                                   in ((text[:n], t.highlight), (text[n:], t.muted)) if piece))
                          .arrange(RIGHT, buff=0.02, aligned_edge=DOWN))  # fmt: skip
            rows.add(cells)
            self.shown["check"].append((a, b, sig))
        heads = VGroup(*(merged_text(s, t.text, Size.READOUT) for s in
                         ("", "backpropagation", "finite difference")))  # fmt: skip
        xs = [MAIN.x0 + 1.4, MAIN.x0 + 5.6, MAIN.x0 + 10.4]
        table = Group()
        for r, cells in enumerate([heads, *rows]):
            y = MAIN.y1 - 0.9 - 1.2 * r
            for c, cell in enumerate(cells):
                cell.move_to([xs[c], y, 0])
            table.add(cells)
        boxes = VGroup(*(SurroundingRectangle(VGroup(*rows[r][1:]), buff=0.25, corner_radius=0.1,
                                              color=t.muted, stroke_width=2) for r in range(3)))
        self.play(
            self.start_beat(
                "check",
                "Checked: backprop and nudging agree to the highlighted digits",
                "Three of the slopes checked against central finite differences, each weight "
                f"nudged by {EPS:g} both ways and the cost recomputed: " + "; ".join(said)
                + ". The digits after that are the finite difference's own error: of the order "
                "of the nudge squared, plus rounding.",
            ),
            Succession(fade_out(self.screen, run_time=0.6),
                       AnimationGroup(fade_in(table), Create(boxes), run_time=1.2)),
        )  # fmt: skip
        self.table = Group(table, boxes)
        self.wait(4.5)

    def cost(self) -> None:
        t, d = self.theme, self.data
        fwd, bwd, fd, n = d.counts
        ratio = fd / (fwd + bwd)
        height, base_y = 4.4, MAIN.y0 + 0.9
        x_small, x_big = -3.3, 3.3  # centred in the frame
        bars = VGroup()
        for x, value, colour in ((x_small, fwd + bwd, t.model), (x_big, fd, t.compare)):
            h = max(height * value / fd, 0.02)
            bars.add(Rectangle(width=2.6, height=h, stroke_width=0, fill_color=colour,
                               fill_opacity=0.9).move_to([x, base_y + h / 2, 0]))  # fmt: skip
        baseline = Line([-6.0, base_y, 0], [6.0, base_y, 0], color=t.axis, stroke_width=2)
        names = VGroup(merged_text("forward + backward", t.text, Size.READOUT),
                       merged_text(f"2 \u00d7 {thousands(n)} forward passes", t.text, Size.READOUT))
        values = VGroup(merged_text(thousands(fwd + bwd), t.text, Size.READOUT),
                        merged_text(thousands(fd), t.text, Size.READOUT))
        for bar, name, value in zip(bars, names, values):
            name.next_to([bar.get_x(), base_y, 0], DOWN, buff=0.2)
            value.next_to(bar, UP, buff=0.15)
        times = merged_text(f"{ratio:,.0f} times the work", t.highlight, Size.READOUT)
        times.move_to([x_small + 0.9, base_y + height / 2, 0])  # clear of the big bar
        self.play(
            self.start_beat(
                "cost",
                "Counted: one pass back against a pass per nudge",
                f"The work, in multiply-adds for one image: the forward pass {thousands(fwd)}, "
                f"the backward pass {thousands(bwd)}, together {thousands(fwd + bwd)} for all "
                f"{thousands(n)} slopes. Finite differences need two forward passes per "
                f"parameter: 2 times {thousands(n)} times {thousands(fwd)} = {thousands(fd)}, "
                f"{ratio:,.0f} times as much.",
            ),
            Succession(fade_out(self.table, run_time=0.6),
                       AnimationGroup(Create(baseline),
                                      *(fade_in(m) for m in (bars, names, values)), run_time=1.2),
                       fade_in(times, run_time=0.8)),
        )  # fmt: skip
        self.shown["counts"] = (fwd, bwd, fd, n)
        self.shown["ratio"] = f"{ratio:,.0f}"
        self.wait(3.5)
        self.chart = VGroup(bars, baseline, names, values, times)

    def step(self) -> None:
        t, d = self.theme, self.data
        b = len(d.batch)
        cols = min(b, 10)
        rows = -(-b // cols)
        size = min(1.15, (MAIN.width - (cols - 1) * 0.15) / cols,
                   (MAIN.height - 3.0 - (rows - 1) * 0.2) / (2 * rows) - 0.06)  # fmt: skip
        scale = float(np.abs(d.batch_grads).max()) or 1.0
        cells = Group()
        for k, g in zip(d.batch, d.batch_grads):
            pic = framed(digit_image(digit_data(self.p.data)[0][k], size, t), t)
            grad = framed(weight_grid(-g, t, height=size, scale=scale), t)
            cells.add(Group(pic, grad).arrange(DOWN, buff=0.12))
        cells.arrange_in_grid(rows=rows, cols=cols, buff=(
            (MAIN.width - cols * size) / max(cols - 1, 1) * 0.9, 0.2))  # fmt: skip
        cells.move_to([0, MAIN.y1 - cells.height / 2 - 0.05, 0])
        mean = framed(weight_grid(-d.batch_mean, t, height=2.6), t)
        mean.move_to([0, MAIN.y0 + 1.35, 0])
        label = merged_text("their average: the step", t.text, Size.READOUT)
        label.next_to(mean, LEFT, buff=0.4)
        before, after = d.batch_cost
        cost = merged_text(f"batch cost {before:.3f} \u2192 {after:.3f}", t.text, Size.READOUT)
        cost.next_to(mean, RIGHT, buff=0.4)
        self.play(
            self.start_beat(
                "batch",
                f"The step: {b} images' slopes, averaged",
                f"One image's slopes say what that one image wants. A training step takes a "
                f"mini-batch, here training images {d.batch[0]} to {d.batch[-1]}, "
                f"backpropagates each and averages: neuron {d.first}'s {b} slope pictures "
                f"above (on one colour scale), their average below (on its own).",
            ),
            Succession(fade_out(self.chart, run_time=0.6), fade_in(cells, lag_ratio=0.1,
                                                                   run_time=1.6)),
        )  # fmt: skip
        copies = Group(*(c[1].copy() for c in cells))
        self.add(copies)
        self.play(*(c.animate.move_to(mean).set_opacity(0) for c in copies), fade_in(mean),
                  fade_in(label), run_time=2.0)  # fmt: skip
        self.remove(copies)
        self.play(
            self.start_beat(
                "step",
                "Every weight moves against its averaged slope",
                f"Every one of the {thousands(d.counts[3])} parameters moves against its "
                f"averaged slope, times the learning rate {LEARNING_RATE:g}: the batch's cost "
                f"goes from {before:.3f} to {after:.3f}. Then the next batch, and the next.",
            ),
            fade_in(cost), run_time=1.0,
        )  # fmt: skip
        self.shown["batch"] = d.batch.tolist()
        self.shown["batch_cost"] = (f"{before:.3f}", f"{after:.3f}")
        self.wait(3.0)
