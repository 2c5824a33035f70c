"""Clip 8, WeightedSum: one neuron's weights as a grid, its weighted sum, bias and sigmoid.

Render: ``python -m scenes render WeightedSum`` (e.g. ``--set image=0 --set bias=-5``)
or ``manim -ql scenes/clips/part2_digit_network/weighted_sum.py WeightedSum``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Brace,
    Circle,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    GrowFromEdge,
    Line,
    Mobject,
    Rectangle,
    SurroundingRectangle,
    Transform,
    VGroup,
    VMobject,
    Write,
)

from nnmath import relu, sigmoid
from scenes.core.digit_model import (
    DIGIT_PARAMS,
    checked_test_index,
    digit_index_param,
    trained_digit_network,
)
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import merged
from scenes.widgets.formulas import (
    DECIMALS,
    NeuronFormulas,
    Waterfall,
    colour_outlines,
    dashed_segment,
    first_half,
    second_half,
    shown_terms,
)
from scenes.widgets.images import (
    activation_hex,
    digit_image,
    grey_words,
    weight_grid,
    weight_legend,
)
from scenes.widgets.plots import axis_label, make_axes, polyline
from scenes.widgets.text import fade_swap, merged_text, title, with_role

SIDE = 28  # images are SIDE x SIDE pixels
RUN = 16  # inputs drawn beside the neuron: a row of RUN pixels across the bar


# -- WeightedSum: computed in prepare -------------------------------------------
def edge_detector_weights(row: int, col: int, width: int, height: int) -> np.ndarray:
    """A hand-made horizontal edge detector: +1 on a bar, -1 on a one-pixel ring, 0 elsewhere.

    The bar covers rows ``row .. row+height-1`` and columns ``col .. col+width-1``.
    Returns the 784 weights in image order (row by row).
    """
    grid = np.zeros((SIDE, SIDE))
    grid[row - 1 : row + height + 1, col - 1 : col + width + 1] = -1.0
    grid[row : row + height, col : col + width] = 1.0
    return grid.ravel()


@dataclass(frozen=True)
class NeuronStep:
    """One neuron on one image: the numbers the clip shows, computed once."""

    weights: np.ndarray  # (784,)
    bias: float
    products: np.ndarray  # weights * pixels, element by element
    positive: float  # sum of the positive products
    negative: float  # sum of the negative products (<= 0)
    weighted_sum: float  # w . a
    z: float  # w . a + b
    activation: float  # sigmoid(z)
    relu: float  # relu(z), what a modern network would use


def neuron_step(weights: np.ndarray, bias: float, pixels: np.ndarray) -> NeuronStep:
    products = weights * pixels
    weighted_sum = float(np.dot(weights, pixels))
    z = weighted_sum + bias
    return NeuronStep(
        weights=weights,
        bias=float(bias),
        products=products,
        positive=float(products[products > 0].sum()),
        negative=float(products[products < 0].sum()),
        weighted_sum=weighted_sum,
        z=z,
        activation=float(sigmoid(np.array([z]))[0]),
        relu=float(relu(np.array([z]))[0]),
    )


@dataclass(frozen=True)
class WeightedSumData:
    image_index: int
    label: int
    pixels: np.ndarray  # (784,) in [0, 1]
    edge: NeuronStep  # the hand-made edge detector
    edge_box: tuple[int, int, int, int]  # row, col, width, height of its bar
    neuron: int
    hidden: int  # neurons in the first hidden layer
    trained: NeuronStep  # the trained network's first-hidden-layer neuron
    z_limit: float  # the plots show z in [-z_limit, z_limit]


def z_axis_limit(*zs: float) -> float:
    """A multiple of 10 (ticks at multiples of 5) with every z well inside."""
    return float(max(10, 10 * np.ceil(max(abs(z) for z in zs) * 1.15 / 10)))


class WeightedSum(NeuronFormulas, ClipScene):
    """One neuron: 784 weights times 784 pixels, summed, shifted by a bias, squished."""

    SUMMARY = "one neuron: edge-detector weights, weighted sum, bias threshold, sigmoid (and ReLU)"
    PARAMS = (
        *DIGIT_PARAMS,
        digit_index_param(10, "index of the test image fed to the neuron"),
        Param(
            "bias",
            float,
            -10.0,
            "bias of the hand-made neuron (its threshold, negated)",
            lo=-100.0,
            hi=100.0,
        ),
        # rows and columns count from 0; the bar's ring needs one pixel on every side
        Param("edge_row", int, 9, "top row of the edge detector's positive bar", lo=1, hi=26),
        Param("edge_col", int, 15, "left column of the positive bar", lo=1, hi=26),
        Param("edge_width", int, 8, "bar length in pixels", lo=1, hi=26),
        Param("edge_height", int, 3, "bar thickness in pixels", lo=1, hi=26),
        Param(
            "neuron",
            int,
            -1,
            "trained first-hidden-layer neuron (0-15) that ends the clip; -1 picks the one "
            "whose z on this image is nearest 0 (its dot sits on the sigmoid's bend)",
            lo=-1,
            hi=15,
        ),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> WeightedSumData:
        # The one-pixel negative ring must fit inside the 28x28 grid.
        if p.edge_row + p.edge_height > SIDE - 1:
            raise ParamError(
                f"edge_row={p.edge_row} with edge_height={p.edge_height} puts the bar's ring "
                f"outside the image; keep edge_row + edge_height <= {SIDE - 1}"
            )
        if p.edge_col + p.edge_width > SIDE - 1:
            raise ParamError(
                f"edge_col={p.edge_col} with edge_width={p.edge_width} puts the bar's ring "
                f"outside the image; keep edge_col + edge_width <= {SIDE - 1}"
            )
        if abs(p.bias * 10**DECIMALS - round(p.bias * 10**DECIMALS)) > 1e-6:
            raise ParamError(
                f"bias={p.bias:g} has more than {DECIMALS} decimals; the clip shows "
                f"{DECIMALS}, so use e.g. {round(p.bias, DECIMALS):g}"
            )
        net, _history, (_, _, test_images, test_labels) = trained_digit_network(
            p.data, p.seed, p.epochs
        )
        checked_test_index(p.image, test_labels, p.data)
        pixels = np.asarray(test_images[p.image], dtype=float)
        neuron = p.neuron
        if neuron < 0:  # most trained neurons saturate; the least saturated shows the squish
            neuron = int(np.argmin(np.abs(net.pre_activations(pixels)[0][0])))
        edge_weights = edge_detector_weights(p.edge_row, p.edge_col, p.edge_width, p.edge_height)
        edge = neuron_step(edge_weights, p.bias, pixels)
        trained = neuron_step(
            np.asarray(net.weights[0][neuron], float), float(net.biases[0][neuron]), pixels
        )
        return WeightedSumData(
            image_index=p.image,
            label=int(test_labels[p.image]),
            pixels=pixels,
            edge=edge,
            edge_box=(p.edge_row, p.edge_col, p.edge_width, p.edge_height),
            neuron=neuron,
            hidden=net.weights[0].shape[0],
            trained=trained,
            z_limit=z_axis_limit(edge.z, trained.z),
        )

    # -- construct: the story ---------------------------------------------------
    def construct(self) -> None:
        self.show_weights()
        self.show_products()
        self.show_sum()
        self.add_bias()
        self.squish()
        self.mention_relu()
        self.show_trained_neuron()

    def show_weights(self) -> None:
        d, t = self.data, self.theme
        heading = self.light(title("One neuron: weighted sum, bias, squish", t))
        self.edge_grid = weight_grid(d.edge.weights, t, height=GRID_H, scale=1.0)
        self.edge_grid.move_to([GRID_X[0], GRID_Y, 0])
        self.weights_frame, self.weights_label = self.panel(self.edge_grid, "weights w")
        self.legend = self.weights_legend(1.0)
        self.inputs = self.inputs_picture()
        row, col, width, height = d.edge_box
        self.shown["edge_box"] = {"row": row, "col": col, "width": width, "height": height}
        n = len(d.edge.weights)
        zero, one = grey_words(t)
        self.play(
            self.start_beat(
                "weights",
                "A neuron weighs every pixel of the image",
                f"A neuron of the first hidden layer sees all {n} pixels, one weight each. "
                f"This hand-made one is an edge detector: +1 on a bar of {width} by {height} "
                "pixels (blue), -1 on a ring around it (orange), 0 elsewhere. The input is "
                f"test image {d.image_index}, a {d.label}: each pixel a grey level from 0 "
                f"({zero}) to 1 ({one}). Beside it, {RUN} of the neuron's inputs, the boxed "
                "row of pixels, each line in its weight's colour.",
            ),
            FadeIn(heading),
            FadeIn(self.edge_grid),
            FadeIn(self.weights_frame),
            FadeIn(self.weights_label),
            FadeIn(self.legend),
            FadeIn(self.inputs),
            run_time=1.2,
        )
        self.wait(2.0)
        self.show_pixels()

    def show_pixels(self) -> None:
        d, t = self.data, self.theme
        digit = digit_image(d.pixels, height=GRID_H, theme=t).move_to([GRID_X[1], GRID_Y, 0])
        frame, label = self.panel(digit, "pixels a")
        # the drawn row boxed on the image too
        box = self.inputs.box.copy().shift(digit.get_center() - self.edge_grid.get_center())
        self.pixel_box = box
        times = self.outline(r"\times", font_size=SYMBOL_SIZE)
        times.move_to([(GRID_X[0] + GRID_X[1]) / 2, GRID_Y, 0])
        self.play(
            FadeIn(times),
            FadeIn(digit),
            FadeIn(frame),
            FadeIn(label),
            FadeIn(box),
            *(
                circle.animate.set_fill(activation_hex(v, t), opacity=1.0)
                for circle, v in zip(self.inputs.circles, d.pixels[self.inputs.run])
            ),
            run_time=1.2,
        )
        self.wait(2.5)

    def show_products(self) -> None:
        d, t = self.data, self.theme
        self.product_grid = weight_grid(d.edge.products, t, height=GRID_H, scale=1.0)
        self.product_grid.move_to([GRID_X[2], GRID_Y, 0])
        frame, label = self.panel(self.product_grid, "products w × a")
        equals = self.outline("=", font_size=SYMBOL_SIZE)
        equals.move_to([(GRID_X[1] + GRID_X[2]) / 2, GRID_Y, 0])
        self.play(
            self.start_beat(
                "products",
                "Multiply each pixel by its weight",
                "Each pixel times its weight: bright pixels on the bar give positive "
                "products (blue), bright pixels on the ring negative ones (orange), and "
                "every pixel where the weight is 0 gives nothing. Each input's line is now "
                "as bright as its product.",
            ),
            FadeIn(equals),
            FadeIn(self.product_grid),
            FadeIn(frame),
            FadeIn(label),
            *(
                line.animate.set_stroke(opacity=float(np.clip(abs(v), 0.12, 1.0)))
                for line, v in zip(self.inputs.lines, d.edge.products[self.inputs.run])
            ),
            run_time=1.2,
        )
        self.wait(2.5)

    def show_sum(self) -> None:
        d = self.data
        self.sum_line = self.sum_equation(d.edge)
        self.sum_line.move_to([EQ_LEFT, EQ_Y[0], 0], aligned_edge=LEFT)
        self.record("", d.edge)
        self.tally = self.sum_tally(d.edge)
        s = self.shown
        self.play(
            self.start_beat(
                "sum",
                "Add up all the products: the weighted sum",
                f"Adding all {len(d.edge.weights)} products gives the weighted sum w·a: "
                f"{s['positive_part']} from the bar minus {s['negative_part'].lstrip('-')} "
                f"from the ring, {s['weighted_sum']}.",
            ),
            Write(self.sum_line),
            FadeOut(self.inputs, rate_func=first_half),
            FadeOut(self.pixel_box, rate_func=first_half),
            FadeIn(self.tally.base, rate_func=second_half),
            run_time=1.5,
        )
        self.sum_line = self.settle(self.sum_line)
        for bar, link in zip(self.tally.bars, [VGroup(), *self.tally.links]):
            self.play(GrowFromEdge(bar, bar.edge), FadeIn(link), run_time=0.7)
        self.wait(1.5)

    def add_bias(self) -> None:
        d = self.data
        self.bias_line = self.bias_equation(d.edge)
        self.bias_line.move_to([EQ_LEFT, EQ_Y[1], 0], aligned_edge=LEFT)
        threshold = f"{-d.edge.bias:g}"
        self.shown["threshold"] = threshold
        side = "above" if d.edge.weighted_sum > -d.edge.bias else "below"
        self.play(
            self.start_beat(
                "bias",
                "The bias sets a threshold for the sum",
                f"The bias b = {d.edge.bias:g} is a threshold: z = w·a + b is positive only "
                f"when the weighted sum is above {threshold}. Here the sum, "
                f"{self.shown['weighted_sum']}, is {side} it, so z = {self.shown['z']}: how "
                "far the sum is past the threshold.",
            ),
            Write(self.bias_line),
            Create(self.tally.threshold),
            FadeIn(self.tally.threshold_label),
            run_time=1.5,
        )
        self.bias_line = self.settle(self.bias_line)
        past = self.tally.past
        self.play(GrowFromEdge(past, past.edge), FadeIn(self.tally.past_label), run_time=0.8)
        self.wait(2.0)

    def squish(self) -> None:
        d, t = self.data, self.theme
        lim = d.z_limit
        # the z axis of the sigmoid's plot: where z falls, left or right of 0
        self.sig_axes = self.plot_axes([0, 1, 1], SIG_Y)
        self.z_dot = Dot(self.sig_axes.c2p(d.edge.z, 0), radius=0.08, color=t.highlight)
        self.z_dot.set_z_index(2)
        zs = np.linspace(-lim, lim, 241)
        sig_curve = polyline(self.sig_axes, zs, sigmoid(zs), t.model)
        sig_name = self.outline(r"\sigma(z) = 1 / (1 + e^{-z})", font_size=self.EQ_SIZE)
        sig_name.next_to(self.sig_axes, UP, buff=0.15)
        self.sig_drop = self.drop_line(self.sig_axes, d.edge.z, d.edge.activation)
        self.act_line = self.activation_equation(d.edge)
        self.act_line.move_to([EQ_LEFT, EQ_Y[2], 0], aligned_edge=LEFT)
        self.neuron_dot = self.neuron_circle(d.edge.activation)
        self.neuron_dot.next_to(self.act_line, RIGHT, buff=0.35)
        self.play(
            self.start_beat(
                "sigmoid",
                "The sigmoid squishes z between 0 and 1",
                f"The sigmoid squishes any z into a value between 0 and 1: σ({self.shown['z']})"
                f" = {self.shown['sigmoid']}, the neuron's activation, drawn as its grey level.",
            ),
            FadeOut(self.tally, rate_func=first_half),
            FadeIn(self.sig_axes, rate_func=second_half),
            FadeIn(self.z_dot, rate_func=second_half),
            Create(sig_curve, rate_func=second_half),
            FadeIn(sig_name, rate_func=second_half),
            run_time=1.5,
        )
        self.play(
            self.z_dot.animate.move_to(self.sig_axes.c2p(d.edge.z, d.edge.activation)),
            Create(self.sig_drop),
            Write(self.act_line),
            FadeIn(self.neuron_dot),
            run_time=1.5,
        )
        self.act_line = self.settle(self.act_line)
        self.shown["z_axis"] = (-lim, lim)
        self.wait(2.5)

    def mention_relu(self) -> None:
        d, t = self.data, self.theme
        lim = d.z_limit
        self.relu_axes = self.plot_axes([0, lim, lim / 2], RELU_Y)
        # (5 knots, not 3: a 3x3 point array would be read the wrong way round)
        knots = np.linspace(-lim, lim, 5)
        relu_curve = polyline(self.relu_axes, knots, relu(knots), t.compare)
        relu_name = self.outline(r"\mathrm{ReLU}(z) = \max(0, z)", font_size=self.EQ_SIZE)
        relu_name.next_to(self.relu_axes, UP, buff=0.15)
        self.relu_dot = Dot(self.relu_axes.c2p(d.edge.z, d.edge.relu), radius=0.08,
                            color=t.highlight).set_z_index(2)  # fmt: skip
        self.relu_drop = self.drop_line(self.relu_axes, d.edge.z, d.edge.relu)
        self.relu_line = self.relu_equation(d.edge)
        self.relu_line.next_to(self.relu_axes, DOWN, buff=0.2)
        self.play(
            self.start_beat(
                "relu",
                "Modern networks mostly use ReLU instead",
                "Modern networks mostly use ReLU instead of the sigmoid: max(0, z) keeps its "
                f"slope for large z, so deep networks train faster. Here ReLU({self.shown['z']})"
                f" = {self.shown['relu']}.",
            ),
            FadeIn(self.relu_axes),
            Create(relu_curve),
            FadeIn(relu_name),
            run_time=1.5,
        )
        self.play(FadeIn(self.relu_dot), FadeIn(self.relu_drop), FadeIn(self.relu_line))
        self.wait(2.5)

    def show_trained_neuron(self) -> None:
        d, t = self.data, self.theme
        tr = d.trained
        scale = float(np.max(np.abs(tr.weights)))
        self.trained_grid = weight_grid(tr.weights, t, height=GRID_H, scale=scale)
        self.trained_grid.move_to(self.edge_grid)
        trained_label = self.panel_label(self.trained_grid, "trained w")
        trained_products = weight_grid(tr.products, t, height=GRID_H, scale=scale)
        trained_products.move_to(self.product_grid)
        legend = self.weights_legend(scale)
        self.record("trained_", tr)
        self.shown["neuron"] = d.neuron
        s = self.shown
        self.play(
            self.start_beat(
                "trained",
                "A trained neuron: loose blobs, not a clean edge",
                f"A real neuron, number {d.neuron} of {d.hidden} in the trained network's "
                "first hidden layer, on the same image: its weights are loose blobs, not a "
                f"clean edge detector. Its weighted sum is {s['trained_weighted_sum']}, z = "
                f"{s['trained_z']}, and its activation {s['trained_sigmoid']}.",
            ),
            FadeOut(self.edge_grid),
            FadeIn(self.trained_grid),
            FadeOut(self.product_grid),
            FadeIn(trained_products),
            fade_swap(self.weights_label, trained_label),
            fade_swap(self.legend, legend),
            run_time=1.5,
        )
        lines = [
            (self.sum_line, colour_outlines(self.sum_equation(tr))),
            (self.bias_line, colour_outlines(self.bias_equation(tr))),
            (self.act_line, colour_outlines(self.activation_equation(tr))),
            (self.relu_line, self.relu_equation(tr)),
        ]
        for old, new in lines:
            new.move_to(old, aligned_edge=LEFT)
        lines[-1][1].move_to(self.relu_line)
        neuron_dot = self.neuron_circle(tr.activation).move_to(self.neuron_dot)
        neuron_dot.next_to(lines[2][1], RIGHT, buff=0.35)
        self.play(
            *(fade_swap(old, new) for old, new in lines),
            fade_swap(self.neuron_dot, neuron_dot),
            self.z_dot.animate.move_to(self.sig_axes.c2p(tr.z, tr.activation)),
            Transform(self.sig_drop, self.drop_line(self.sig_axes, tr.z, tr.activation)),
            self.relu_dot.animate.move_to(self.relu_axes.c2p(tr.z, tr.relu)),
            Transform(self.relu_drop, self.drop_line(self.relu_axes, tr.z, tr.relu)),
            run_time=1.5,
        )
        self.wait(4.0)

    # -- the right column before the plots: the neuron's inputs, then its sum ------
    def inputs_picture(self) -> VGroup:
        """The neuron and RUN of its 784 inputs: one row of pixels across the bar, boxed on
        the grid, in order top to bottom; each input's line in its weight's colour."""
        d, t = self.data, self.theme
        row, col, width, height = d.edge_box
        first = int(np.clip(col + width // 2 - RUN // 2, 0, SIDE - RUN))
        run = [(row + height // 2) * SIDE + c for c in range(first, first + RUN)]
        circles = VGroup(
            *(Circle(radius=0.1, stroke_color=t.muted, stroke_width=1.5) for _ in run)
        ).arrange(DOWN, buff=0.09)
        # the other pixels of the image, before and after the row, are not drawn
        dots = [VGroup(*(Dot(radius=0.03, color=t.muted) for _ in range(3))) for _ in "ab"]
        dots[0].arrange(DOWN, buff=0.06).next_to(circles, UP, buff=0.12)
        dots[1].arrange(DOWN, buff=0.06).next_to(circles, DOWN, buff=0.12)
        column = VGroup(dots[0], circles, dots[1]).move_to([INPUTS_X, 0, 0])
        brace = Brace(column, LEFT, buff=0.1, color=t.muted)
        size = merged_text(f"{SIDE * SIDE}", t.text, Size.READOUT).next_to(brace, LEFT, buff=0.1)
        neuron = Circle(radius=0.42, stroke_color=t.muted, stroke_width=2.5)
        neuron.set_fill(t.background, opacity=1.0).move_to([NEURON_X, 0, 0])
        name = merged_text("neuron", t.text, Size.READOUT).next_to(neuron, UP, buff=0.2)
        lines = VGroup()
        for circle, w in zip(circles, d.edge.weights[run]):
            line = Line(circle.get_right(), neuron.get_center())
            if w:
                lines.add(line.set_stroke(t.positive if w > 0 else t.negative, width=2.5))
            else:
                lines.add(line.set_stroke(t.axis, width=1.2, opacity=0.5))
        pixel = GRID_H / SIDE
        box = Rectangle(width=RUN * pixel, height=pixel, stroke_color=t.highlight, stroke_width=2)
        box.move_to(
            self.edge_grid.get_corner(UP + LEFT)
            + pixel * np.array([first + RUN / 2, -(row + height // 2 + 0.5), 0])
        )
        group = VGroup(lines, column, brace, size, neuron, name, box)
        group.circles, group.lines, group.run, group.box = circles, lines, run, box
        self.shown["inputs_run"] = run
        return group

    def sum_tally(self, step: NeuronStep) -> VGroup:
        """The weighted sum as a waterfall (its shown terms), then the threshold -b and z."""
        (pos, neg), total = shown_terms([step.positive, step.negative], step.weighted_sum)
        terms, threshold = [("bar", pos), ("ring", neg)], -round(step.bias, DECIMALS)
        tally = Waterfall(self.theme, terms, "w·a", threshold, width=TALLY_W, height=TALLY_H)
        tally.shift(np.array([TALLY_X, TALLY_Y, 0]) - tally.axes.get_center())
        # each bar's ends as drawn, in the axis' units
        bars = zip(["bar", "ring", "w·a", "z"], [*tally.bars, tally.past])
        self.shown["tally"] = {name: tally.extent(bar) for name, bar in bars}
        self.shown["tally_threshold"] = tally.extent(tally.threshold)[0]
        return tally

    def plot_axes(self, y_range: list[float], y: float):
        """A plot of z in [-z_limit, z_limit] in the right column, its z axis named."""
        lim = self.data.z_limit
        axes = make_axes(
            self.theme, [-lim, lim, lim / 2], y_range, x_length=PLOT_W, y_length=PLOT_H
        )
        axes.move_to([PLOT_X, y, 0])
        name = axis_label("z", self.theme).next_to(axes.c2p(lim, 0), UP + LEFT, buff=0.1)
        axes.add(name)
        return self.light(axes)

    # -- drawing helpers --------------------------------------------------------
    def panel(self, image: Mobject, label: str) -> tuple[VMobject, VMobject]:
        """A thin frame round an image (zero weights are the background colour) and its label."""
        frame = SurroundingRectangle(image, buff=0.0, color=self.theme.muted, stroke_width=1.5)
        frame.set_z_index(1)  # over the grid swapped in later, whose edge pixels it lines
        return frame, self.panel_label(frame, label)

    def panel_label(self, image: Mobject, label: str) -> VMobject:
        text = merged_text(label, self.theme.text, Size.READOUT)  # one outline, cached on disk
        return text.next_to(image, UP, buff=0.15)

    def weights_legend(self, scale: float) -> Group:
        """:func:`weight_legend` under the weights grid, each end value one outline."""
        legend = weight_legend(self.theme, scale, width=GRID_H * 0.9)
        ticks = (with_role(merged(label), "tick") for label in legend[1:])
        legend = Group(legend[0], *ticks)
        return legend.next_to(self.edge_grid, DOWN, buff=0.15)

    def drop_line(self, axes, z: float, value: float) -> VMobject:
        """A dashed line from the point (z, f(z)) down to the z axis (empty where f(z) = 0)."""
        top, foot = axes.c2p(z, value), axes.c2p(z, 0)
        if np.linalg.norm(top - foot) < 0.1:
            return (
                VMobject()
                .set_points_as_corners([foot, foot + [0, 1e-3, 0]])
                .set_stroke(self.theme.highlight, width=2, opacity=0.0)
            )
        return dashed_segment(foot, top, color=self.theme.highlight, stroke_width=2,
                              dash_length=0.06)  # fmt: skip

    def neuron_circle(self, activation: float) -> Circle:
        """The neuron itself: a circle filled with its activation as a grey level."""
        return Circle(
            radius=0.28,
            fill_color=activation_hex(activation, self.theme),
            fill_opacity=1.0,
            stroke_color=self.theme.muted,
            stroke_width=2,
        )


# Layout of WeightedSum (frame: 14.2 x 8 units): the three grids and the equations on
# the left, the sigmoid and ReLU plots on the right.
GRID_H = 2.55  # each grid 18% of the frame width
GRID_X = (-5.55, -2.25, 1.05)  # the first grid at the left margin
GRID_Y = 1.2
EQ_LEFT = -6.7
EQ_Y = (-1.05, -1.8, -2.55)
SYMBOL_SIZE = 48  # the × and = between the grids
PLOT_W, PLOT_H = 3.4, 1.5
PLOT_X = 4.8  # the last tick number (up to 3 digits) clear of the right margin
SIG_Y, RELU_Y = 1.45, -1.35
# Before the plots the right column shows the neuron and a run of its inputs, then the sum.
INPUTS_X, NEURON_X = 3.95, 6.2
TALLY_X, TALLY_Y, TALLY_W, TALLY_H = 5.15, -0.1, 2.6, 4.2
