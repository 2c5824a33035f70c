"""Clip 7: the digit network's structure, lit by one real test image.

Render:
``python -m scenes render NetworkStructure`` (or
``manim -ql scenes/clips/part2_digit_network/network_structure.py NetworkStructure``),
``python -m scenes render NetworkStructure --set image=7 --theme light``.

Every grey on screen is a value the trained network computes
(``Network.activations``); the parameter count is read off the weight and
bias shapes.
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
    Circle,
    Create,
    FadeIn,
    FadeOut,
    Group,
    GrowFromEdge,
    LaggedStart,
    Line,
    Rectangle,
    ShowPassingFlash,
    SurroundingRectangle,
    VGroup,
)

from nnmath import Network
from scenes.core.digit_model import (
    DIGIT_PARAMS,
    checked_test_index,
    digit_index_param,
    trained_digit_network,
)
from scenes.core.layout import MAIN
from scenes.core.params import ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_outlines
from scenes.widgets.images import digit_image, grey_image, grey_words
from scenes.widgets.network import NetworkDiagram
from scenes.widgets.text import Captions, fit_within, merged_text, plated, title, with_role

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}

#: Pixels per drawn run of input neurons; two runs fill the 16 drawn inputs.
STRIP = 8


def trained_word(epochs: int) -> str:
    """How to call the network's weights: "trained", or "random" after 0 epochs."""
    return "trained" if epochs > 0 else "random (untrained, epochs=0)"


def grey_strips(image: np.ndarray, width: int = STRIP) -> list[tuple[int, int]]:
    """Two runs of ``width`` neighbouring pixels, (row, first column), worth drawing.

    One run from the top half, one from the bottom half, each the run that
    best shows grey levels: it scores ``4 v (1 - v)`` per pixel (1 for mid
    grey, 0 for black or white) plus half its ink, so the 16 input neurons
    drawn cross the digit's strokes, edges included, instead of sitting in
    the blank border or inside a solid white stroke.
    """
    grid = np.clip(np.asarray(image, dtype=float).reshape(28, 28), 0.0, 1.0)
    score = 4.0 * grid * (1.0 - grid) + 0.5 * grid
    windows = np.lib.stride_tricks.sliding_window_view(score, width, axis=1).sum(axis=2)
    strips = []
    for first_row in (0, 14):
        block = windows[first_row : first_row + 14]
        r, c = np.unravel_index(int(np.argmax(block)), block.shape)
        strips.append((first_row + int(r), int(c)))
    return strips


def mid_grey(values: np.ndarray) -> int:
    """Index of the value nearest 0.5: the neuron that shows best it is a grey, not on/off."""
    return int(np.argmin(np.abs(np.asarray(values, dtype=float) - 0.5)))


@dataclass(frozen=True)
class StructureData:
    """What NetworkStructure shows: one test image through the trained network."""

    network: Network
    image: np.ndarray  # (784,) grey levels in [0, 1]
    label: int
    activations: list[np.ndarray]  # per layer, input first, each 1-D
    answer: int
    strips: list[tuple[int, int]]
    shown_pixels: list[int]
    weight_shapes: list[tuple[int, int]]  # (n_out, n_in) per weight layer
    bias_sizes: list[int]
    n_params: int


class NetworkStructure(Captions, ClipScene):
    """784 inputs, two hidden layers of 16, ten outputs: one image goes through."""

    SUMMARY = "the 784-16-16-10 digit network, lit layer by layer by one test image"
    PARAMS = (
        *DIGIT_PARAMS,
        digit_index_param(0, "index of the test image fed in"),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> StructureData:
        network, _, (_, _, test_images, test_labels) = trained_digit_network(
            p.data, p.seed, p.epochs
        )
        index = checked_test_index(p.image, test_labels, p.data)
        image = np.asarray(test_images[index], dtype=float)
        activations = [a[0] for a in network.activations(image[None, :])]
        strips = grey_strips(image)
        return StructureData(
            network=network,
            image=image,
            label=int(test_labels[index]),
            activations=activations,
            answer=int(np.argmax(activations[-1])),
            strips=strips,
            shown_pixels=[r * 28 + c + k for r, c in strips for k in range(STRIP)],
            weight_shapes=[tuple(w.shape) for w in network.weights],
            bias_sizes=[b.size for b in network.biases],
            n_params=network.n_params,
        )

    # Layout (scene units; the frame is 14.2 x 8). Left to right: the digit image,
    # the 784 brace, four columns, the output labels, the output bars.
    IMAGE_H = 2.9
    #: x of the input column and of the output column.
    INPUT_X, OUTPUT_X = -2.4, 3.95
    #: y of the columns' centre: room above for the layer names, below for the counts.
    COLUMNS_Y = 0.38
    #: Length of an output bar at value 1.
    BAR_LENGTH = 1.2

    def construct(self) -> None:
        self.caption_mob = None
        self.show_layers()
        self.show_input()
        self.propagate()
        self.show_greys()
        self.reveal_answer()
        self.show_weights()
        self.count_parameters()

    # -- steps -----------------------------------------------------------------
    def show_layers(self) -> None:
        """The bare structure: four columns, the 784 brace, digits 0 to 9."""
        d = self.data
        sizes = [d.weight_shapes[0][1]] + [shape[0] for shape in d.weight_shapes]
        self.shown["layer_sizes"] = sizes
        n_layers = len(sizes)
        self.diagram = NetworkDiagram(
            sizes,
            self.theme,
            shown={0: d.shown_pixels},
            neuron_radius=0.1,
            # the output layer is short: spread it out for its labels
            neuron_buff=[0.03] + [0.05] * (n_layers - 2) + [0.16],
            layer_buff=(self.OUTPUT_X - self.INPUT_X) / (n_layers - 1),
            font_size=Size.READOUT,
        )
        # the digits 0-9 name the output neurons as tick labels name an axis's places
        with_role(self.diagram.output_labels, "tick")
        first = self.diagram.layers[0].get_center()
        self.diagram.shift([self.INPUT_X - first[0], self.COLUMNS_Y - first[1], 0])
        self.shown["output_labels"] = [t.text for t in self.diagram.output_labels]
        heading = title("The digit network: " + " \u2192 ".join(str(n) for n in sizes), self.theme)
        top = max(column.get_top()[1] for column in self.diagram.layers)
        columns = self.diagram.layers
        # one name over all hidden columns (numbered names would be numbers on screen)
        named = (("input", columns[0]), ("hidden layers", VGroup(*columns[1:-1])),
                 ("output", columns[-1]))  # fmt: skip
        names = VGroup(
            *(
                merged_text(name, self.theme.muted, Size.READOUT).move_to([c.get_x(), top + 0.3, 0])
                for name, c in named
            )
        )
        # The empty circles fade in as one outline (same look, one path a frame),
        # then the circles themselves take its place.
        empty = merge_outlines(self.diagram.layers)
        hidden = " and ".join(str(n) for n in sizes[1:-1])
        side = round(float(np.sqrt(sizes[0])))
        layers = NUMBER_WORDS.get(n_layers - 2, str(n_layers - 2))
        self.play(
            self.start_beat(
                "layers",
                "One input per pixel, one output per digit",
                f"The network has {sizes[0]} inputs, one per pixel of a {side} by {side} image, "
                f"{layers} hidden layers of {hidden} neurons, and {sizes[-1]} outputs, one "
                f"for each digit 0 to {sizes[-1] - 1}. The hidden sizes are arbitrary "
                "choices; other sizes work too.",
            ),
            FadeIn(heading),
            FadeIn(empty),
            *(FadeIn(m) for m in self.diagram.ellipses.values()),
            FadeIn(names),
            run_time=1.2,
        )
        self.remove(empty)
        self.add(self.diagram.layers)
        self.play(
            Create(self.diagram.edges, lag_ratio=0.0),
            *(FadeIn(m) for m in self.diagram.braces.values()),
            FadeIn(self.diagram.output_labels),
            run_time=1.5,
        )
        # From here on the edges stay put: drawn as one image (same pixels, far cheaper).
        self.edge_image = self.diagram.frozen_edges()
        self.remove(self.diagram.edges)
        self.add(self.edge_image)
        self.bring_to_back(self.edge_image)
        self.circles_on_top()
        self.wait(2.5)

    def show_input(self) -> None:
        """The digit's pixels become the input neurons' greys (16 of 784 drawn)."""
        d, t = self.data, self.theme
        picture = digit_image(d.image, height=self.IMAGE_H, theme=t)
        picture.move_to([MAIN.x0 + self.IMAGE_H / 2, self.COLUMNS_Y, 0])
        frame = Rectangle(
            width=picture.width, height=picture.height, stroke_color=t.muted, stroke_width=1.5
        ).move_to(picture)
        label = merged_text("test image", t.text, Size.READOUT)
        label.next_to(frame, UP, buff=0.2)
        ramp = self.grey_ramp(picture.width)
        ramp.next_to(frame, DOWN, buff=0.25)
        zero, one = grey_words(t)
        self.play(
            self.start_beat(
                "input",
                "Each input neuron holds one pixel's grey level",
                f"Each input neuron holds one pixel's grey level, from 0 ({zero}) to 1 "
                f"({one}); this is test image {self.p.image}. The two marked rows of "
                f"{STRIP} pixels are the "
                f"{len(d.shown_pixels)} of {d.image.size} inputs drawn here.",
            ),
            FadeIn(picture),
            Create(frame),
            FadeIn(label),
            FadeIn(ramp),
            run_time=1.0,
        )
        pixel = picture.height / 28
        top_left = picture.get_corner(UP + LEFT)
        column = self.diagram.layers[0]
        links = VGroup()
        for k, (row, col) in enumerate(d.strips):
            box = Rectangle(width=STRIP * pixel, height=pixel, stroke_color=t.highlight,
                            stroke_width=2.5)  # fmt: skip
            box.move_to(top_left + RIGHT * (col + STRIP / 2) * pixel + DOWN * (row + 0.5) * pixel)
            group = column[k * STRIP : (k + 1) * STRIP]
            fan = VGroup(
                Line(box.get_right(), group[0].get_left(), buff=0.05),
                Line(box.get_right(), group[-1].get_left(), buff=0.05),
            ).set_stroke(t.highlight, width=1.5, opacity=0.8)
            links.add(VGroup(box, fan))
        self.play(Create(links), run_time=1.0)
        self.links = links
        self.circles_on_top()
        values = self.diagram.drawn_values(0, d.activations[0])
        self.shown["input_pixels"] = list(d.shown_pixels)
        self.shown["input_values"] = values.tolist()
        self.play(
            self.diagram.activation_animation(0, d.activations[0], lag_ratio=0.05), run_time=1.5
        )
        self.wait(2.0)

    def propagate(self) -> None:
        """Each layer's real activations, computed from the layer before."""
        d, t = self.data, self.theme
        self.play(
            self.start_beat(
                "propagate",
                "Each layer is computed from the layer before",
                "Each layer's values, between 0 and 1, come from the layer before through "
                f"the {trained_word(self.p.epochs)} weights and biases.",
            ),
            # the marked pixels are no longer the point: their marks step back
            self.links.animate.set_stroke(t.muted),
        )
        for layer in range(1, len(d.activations)):
            flash = self.diagram.edges[layer - 1].copy().set_stroke(t.highlight, width=1.5,
                                                                    opacity=0.9)  # fmt: skip
            self.play(ShowPassingFlash(flash, time_width=0.6), run_time=0.9)
            self.play(self.diagram.activation_animation(layer, d.activations[layer]), run_time=0.8)
            self.shown[f"layer{layer}_values"] = d.activations[layer].tolist()
        self.wait(1.5)

    def show_greys(self) -> None:
        """One hidden neuron per hidden layer labelled with its value: greys, not on/off."""
        d, t = self.data, self.theme
        self.grey_labels = VGroup()
        self.shown["grey_labels"] = {}
        for layer in range(1, len(d.activations) - 1):
            index = mid_grey(d.activations[layer])
            text = f"{d.activations[layer][index]:.2f}"
            neuron = self.diagram.neuron(layer, index)
            ring = Circle(radius=neuron.radius + 0.07, stroke_color=t.highlight, stroke_width=3)
            ring.move_to(neuron)
            value = plated(merged_text(text, t.text, Size.READOUT), t, buff=0.05)
            value.next_to(ring, RIGHT, buff=0.1)
            self.grey_labels.add(VGroup(ring, value))
            self.shown["grey_labels"][layer] = (index, text)
        texts = [text for _, text in self.shown["grey_labels"].values()]
        self.play(
            self.start_beat(
                "greys",
                "Hidden neurons hold greys, not just on or off",
                "A neuron is not just on or off: its value is a grey anywhere between 0 "
                f"and 1, like {' and '.join(texts)} here. Many trained neurons sit near 0 "
                "or 1, so they look black or white.",
            ),
            FadeIn(self.grey_labels),
            run_time=1.0,
        )
        self.wait(2.5)

    def reveal_answer(self) -> None:
        """Bars beside the outputs; the longest (the brightest neuron) is the answer."""
        d, t = self.data, self.theme
        outputs = d.activations[-1]
        tracks, bars = VGroup(), VGroup()
        labels = self.diagram.output_labels
        x0 = max(label.get_right()[0] for label in labels) + 0.15
        for label, value in zip(labels, outputs):
            track = Rectangle(width=self.BAR_LENGTH, height=0.22, stroke_color=t.muted,
                              stroke_width=1)  # fmt: skip
            track.move_to([x0 + self.BAR_LENGTH / 2, label.get_y(), 0])
            bar = Rectangle(width=max(float(value), 1e-3) * self.BAR_LENGTH, height=0.22,
                            stroke_width=0, fill_color=t.model, fill_opacity=1.0)  # fmt: skip
            bar.move_to(track, aligned_edge=LEFT)
            tracks.add(track)
            bars.add(bar)
        self.output_bars = bars
        self.shown["output_values"] = outputs.tolist()
        self.shown["bar_lengths"] = [bar.width / self.BAR_LENGTH for bar in bars]
        answer_text = f"{outputs[d.answer]:.2f}"
        self.shown["answer_text"] = answer_text
        value = merged_text(answer_text, t.text, Size.READOUT)
        value.next_to(tracks[d.answer], RIGHT, buff=0.12)
        last = len(d.activations) - 1
        row = VGroup(self.diagram.neuron(last, d.answer), labels[d.answer], tracks[d.answer], value)
        box = SurroundingRectangle(row, color=t.highlight, buff=0.06)
        # a thin margin above and below: the rows are close, a taller box reaches the next label
        box.stretch_to_fit_height(row.height + 0.1).set_y(row.get_y())
        verdict = "correct" if d.answer == d.label else "wrong"
        answer = VGroup(
            merged_text(f"answer: {d.answer}", t.text, Size.READOUT),
            merged_text(f"label {d.label}: {verdict}", getattr(t, verdict), Size.READOUT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        answer.next_to(self.diagram.layers[last], DOWN, buff=0.35).align_to(
            self.diagram.layers[last], LEFT
        )
        self.shown["answer"] = d.answer
        self.shown["label"] = d.label
        self.play(
            self.start_beat(
                "answer",
                "The brightest output is the network's answer",
                f"The brightest output, {answer_text}, belongs to the digit {d.answer}: that "
                f"is the network's answer. The image's label is {d.label}, so the answer "
                f"is {verdict}.",
            ),
            FadeOut(self.grey_labels),
            FadeIn(tracks),
            *(GrowFromEdge(bar, LEFT) for bar in bars),
            run_time=1.2,
        )
        self.play(Create(box), FadeIn(value), FadeIn(answer), run_time=0.8)
        self.answer_marks = VGroup(box, value, answer)
        self.wait(2.5)

    def show_weights(self) -> None:
        """Weights per pair of layers, under the edges they belong to."""
        d, t = self.data, self.theme
        terms = [f"{n_in}\u00d7{n_out}" for n_out, n_in in d.weight_shapes]
        self.band_labels = VGroup()
        bottom = min(column.get_bottom()[1] for column in self.diagram.layers)
        for layer, term in enumerate(terms):
            left = self.diagram.layers[layer].get_x()
            right = self.diagram.layers[layer + 1].get_x()
            mob = merged_text(term, t.text, Size.READOUT)
            mob.move_to([(left + right) / 2, bottom - 0.32, 0])
            self.band_labels.add(mob)
        self.shown["weight_terms"] = [(n_in, n_out) for n_out, n_in in d.weight_shapes]
        products = ", ".join(f"{n_in} × {n_out} = {n_in * n_out:,}" for n_out, n_in in
                             d.weight_shapes)  # fmt: skip
        # each band of lines lit with its count, then back to grey
        lit = VGroup(*(band.copy().set_stroke(t.highlight, width=1.2, opacity=0.0)
                       for band in self.diagram.edges))  # fmt: skip
        self.add(lit)
        self.circles_on_top()
        self.play(
            self.start_beat(
                "weights",
                "Every line between two layers is a weight",
                "Each neuron is joined to every neuron of the next layer, one weight per "
                f"line (only some lines are drawn): {products}.",
            ),
            FadeOut(self.answer_marks),
            LaggedStart(
                *(AnimationGroup(band.animate.set_stroke(opacity=0.8), FadeIn(label))
                  for band, label in zip(lit, self.band_labels)),
                lag_ratio=0.6,
            ),
            run_time=2.0,
        )  # fmt: skip
        self.wait(1.0)
        self.play(lit.animate.set_stroke(opacity=0.0), run_time=0.8)
        self.remove(lit)
        self.wait(1.0)

    def count_parameters(self) -> None:
        """The weights plus one bias per non-input neuron: the count training has to find."""
        d, t = self.data, self.theme
        terms = [label.text for label in self.band_labels]
        n_biases = sum(d.bias_sizes)
        total = merged_text(
            f"{' + '.join(terms)} weights + {n_biases} biases = {d.n_params:,}",
            t.text,
            Size.READOUT,
            t2c={f"{d.n_params:,}": t.highlight},
        )
        fit_within(total, MAIN.width)
        total.next_to(self.band_labels, DOWN, buff=0.22).set_x(MAIN.center[0])
        drop_svg_sources(total)
        biased = self.diagram.layers[1:]  # one bias per hidden and output neuron
        self.shown["bias_sizes"] = list(d.bias_sizes)
        self.shown["n_biases"] = n_biases
        self.shown["n_params"] = d.n_params
        self.play(
            self.start_beat(
                "count",
                "Weights and biases: the numbers training must find",
                f"With one bias for each of the {n_biases} hidden and output neurons, the "
                f"network has {d.n_params:,} numbers that training has to find.",
            ),
            FadeIn(total),
            *(column.animate.set_stroke(t.highlight, width=2.5) for column in biased),
            run_time=1.0,
        )
        self.wait(2.0)
        self.play(*(column.animate.set_stroke(t.muted, width=1.5) for column in biased),
                  run_time=0.6)  # fmt: skip
        self.wait(2.5)

    # -- pieces ----------------------------------------------------------------
    def grey_ramp(self, width: float) -> Group:
        """A bar of greys from 0 to 1 (as pixels and neurons draw them), ends labelled."""
        t = self.theme
        zero = with_role(merged_text("0", t.text, Size.TICK), "tick")
        one = with_role(merged_text("1", t.text, Size.TICK), "tick")
        ramp = grey_image(np.linspace(0.0, 1.0, 64)[None, :].repeat(4, axis=0), theme=t)
        ramp.width = width - zero.width - one.width - 0.3
        frame = Rectangle(width=ramp.width, height=ramp.height, stroke_color=t.muted,
                          stroke_width=1).move_to(ramp)  # fmt: skip
        zero.next_to(frame, LEFT, buff=0.15)
        one.next_to(frame, RIGHT, buff=0.15)
        return Group(ramp, frame, zero, one)

    def circles_on_top(self) -> None:
        """Draw the neurons after everything else (edges, braces, labels, links).

        Each animation adds its mobject on top of the scene, so the edges and
        labels introduced after the circles would be drawn over them; nothing
        should be, and with the circles last a layer lighting up redraws only
        its own circles, not every edge and label that touches them.
        """
        self.bring_to_front(self.diagram.layers)
