"""Clip 7: the digit network's structure, lit by one real test image.

Render:
``python -m scenes render NetworkStructure`` (or
``manim -ql scenes/clips/network_structure.py NetworkStructure``),
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
    Create,
    FadeIn,
    Line,
    Rectangle,
    ShowPassingFlash,
    SurroundingRectangle,
    Text,
    VGroup,
    Write,
)

from nnmath import Network
from scenes.core.digit_model import DIGIT_PARAMS, checked_test_index, trained_digit_network
from scenes.core.params import Param, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_outlines
from scenes.widgets.images import digit_image, grey_words
from scenes.widgets.network import NetworkDiagram
from scenes.widgets.text import fit_within, swap_caption, title

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


class NetworkStructure(ClipScene):
    """784 inputs, two hidden layers of 16, ten outputs: one image goes through."""

    SUMMARY = "the 784-16-16-10 digit network, lit layer by layer by one test image"
    PARAMS = (
        *DIGIT_PARAMS,
        Param("image", int, 0, "index of the test image fed in", lo=0, hi=9999),
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

    #: x of the diagram's left edge (its 784 label); the digit image goes left of it.
    DIAGRAM_LEFT = -3.6

    def construct(self) -> None:
        self.caption_mob: Text | None = None
        self.show_layers()
        self.show_input()
        self.propagate()
        self.reveal_answer()
        self.count_parameters()
        self.wait(1.5)

    # -- steps -----------------------------------------------------------------
    def show_layers(self) -> None:
        """The bare structure: four columns, the 784 brace, digits 0 to 9."""
        self.next_section("layers")
        d = self.data
        sizes = [d.weight_shapes[0][1]] + [shape[0] for shape in d.weight_shapes]
        self.shown["layer_sizes"] = sizes
        self.diagram = NetworkDiagram(
            sizes,
            self.theme,
            shown={0: d.shown_pixels},
            neuron_radius=0.1,
            neuron_buff=[0.05] * (len(sizes) - 1) + [0.13],
            layer_buff=2.2,
        )
        # leave room on the left for the digit image (drawn in show_input)
        self.diagram.move_to([0, 0.3, 0])
        self.diagram.shift(RIGHT * (self.DIAGRAM_LEFT - self.diagram.get_left()[0]))
        self.shown["output_labels"] = [t.text for t in self.diagram.output_labels]
        heading = title("The digit network: " + " \u2192 ".join(str(n) for n in sizes), self.theme)
        self.add(heading)
        names = VGroup(
            *(
                Text(name, font_size=20, color=self.theme.muted).next_to(column, UP, buff=0.12)
                for name, column in zip(
                    ("input", "hidden 1", "hidden 2", "output"), self.diagram.layers
                )
            )
        )
        names = merge_outlines(names)  # only shown: one outline
        # The empty circles fade in as one outline (same look, one path a frame),
        # then the circles themselves take its place.
        empty = merge_outlines(self.diagram.layers)
        drop_svg_sources(names)
        self.play(
            FadeIn(empty),
            *(FadeIn(m) for m in self.diagram.ellipses.values()),
            FadeIn(names),
            run_time=1.0,
        )
        self.remove(empty)
        self.add(self.diagram.layers)
        self.play(
            Create(self.diagram.edges, lag_ratio=0.0),
            *(FadeIn(m) for m in self.diagram.braces.values()),
            FadeIn(self.diagram.output_labels),
            run_time=1.2,
        )
        # From here on the edges stay put: drawn as one image (same pixels, far cheaper).
        self.edge_image = self.diagram.frozen_edges()
        self.remove(self.diagram.edges)
        self.add(self.edge_image)
        self.bring_to_back(self.edge_image)
        self.circles_on_top()
        hidden = " and ".join(str(n) for n in sizes[1:-1])
        layers = NUMBER_WORDS.get(len(sizes) - 2, str(len(sizes) - 2))
        self.set_caption(
            f"{sizes[0]} inputs (one per pixel), hidden layers of {hidden} neurons, "
            f"{sizes[-1]} outputs (the digits 0 to {sizes[-1] - 1}).\n"
            f"{layers.capitalize()} hidden layers, {hidden} neurons: arbitrary choices; "
            "other sizes work too."
        )
        self.wait(1.5)

    def show_input(self) -> None:
        """The digit's pixels become the input neurons' greys (16 of 784 drawn)."""
        self.next_section("input")
        d = self.data
        picture = digit_image(d.image, height=2.4, theme=self.theme)
        picture.next_to(self.diagram.braces[0], LEFT, buff=0.45)
        frame = Rectangle(
            width=picture.width,
            height=picture.height,
            stroke_color=self.theme.muted,
            stroke_width=1.5,
        ).move_to(picture)
        label = merge_outlines(
            Text(f"test image {self.p.image}", font_size=20, color=self.theme.muted)
        )
        label.next_to(frame, UP, buff=0.15)
        drop_svg_sources(label)
        self.play(FadeIn(picture), Create(frame), FadeIn(label), run_time=0.8)

        pixel = picture.height / 28
        top_left = picture.get_corner(UP + LEFT)
        column = self.diagram.layers[0]
        links = VGroup()
        for k, (row, col) in enumerate(d.strips):
            box = Rectangle(
                width=STRIP * pixel, height=pixel, stroke_color=self.theme.highlight, stroke_width=2
            )
            box.move_to(top_left + RIGHT * (col + STRIP / 2) * pixel + DOWN * (row + 0.5) * pixel)
            group = column[k * STRIP : (k + 1) * STRIP]
            fan = VGroup(
                Line(box.get_right(), group[0].get_left(), buff=0.05),
                Line(box.get_right(), group[-1].get_left(), buff=0.05),
            ).set_stroke(self.theme.highlight, width=1.2, opacity=0.7)
            links.add(VGroup(box, fan))
        self.play(Create(links), run_time=0.8)
        self.circles_on_top()
        values = self.diagram.drawn_values(0, d.activations[0])
        self.shown["input_pixels"] = list(d.shown_pixels)
        self.shown["input_values"] = values.tolist()
        self.play(self.diagram.activation_animation(0, d.activations[0], lag_ratio=0.05))
        zero, one = grey_words(self.theme)
        self.set_caption(
            f"Each input neuron holds one pixel's grey level, from 0 ({zero}) to 1 ({one}).\n"
            f"The two marked rows of {STRIP} pixels are the {len(values)} inputs drawn here."
        )
        self.wait(1.5)

    def propagate(self) -> None:
        """Each layer's real activations, computed from the layer before."""
        self.next_section("propagate")
        d = self.data
        self.set_caption(
            "Each layer's values, between 0 and 1, come from the layer before\n"
            f"through the {trained_word(self.p.epochs)} weights and biases."
        )
        for layer in range(1, len(d.activations)):
            flash = (
                self.diagram.edges[layer - 1]
                .copy()
                .set_stroke(self.theme.highlight, width=1.2, opacity=0.8)
            )
            self.play(ShowPassingFlash(flash, time_width=0.6), run_time=0.7)
            self.play(self.diagram.activation_animation(layer, d.activations[layer]), run_time=0.6)
            self.shown[f"layer{layer}_values"] = d.activations[layer].tolist()
        self.wait(0.5)

    def reveal_answer(self) -> None:
        """Print the outputs; the brightest one is the answer."""
        self.next_section("answer")
        d = self.data
        outputs = d.activations[-1]
        texts = [f"{v:.2f}" for v in outputs]
        numbers = VGroup(
            *(
                Text(t, font_size=20, color=self.theme.text).next_to(label, RIGHT, buff=0.25)
                for t, label in zip(texts, self.diagram.output_labels)
            )
        )
        self.shown["output_texts"] = texts
        last = len(d.activations) - 1
        neuron = self.diagram.neuron(last, d.answer)
        row = VGroup(neuron, self.diagram.output_labels[d.answer], numbers[d.answer])
        box = SurroundingRectangle(row, color=self.theme.highlight, buff=0.06)
        # a thin margin above and below: the rows are close, a taller box reaches the next label
        box.stretch_to_fit_height(row.height + 0.1).set_y(row.get_y())
        numbers = merge_outlines(numbers)  # only shown: one outline
        drop_svg_sources(numbers)
        self.play(FadeIn(numbers), run_time=0.6)
        verdict = "correct" if d.answer == d.label else "wrong"
        answer = VGroup(
            merge_outlines(Text(f"answer: {d.answer}", font_size=24, color=self.theme.highlight)),
            merge_outlines(
                Text(f"label: {d.label} ({verdict})", font_size=20, color=self.theme.muted)
            ),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        drop_svg_sources(answer)
        answer.next_to(self.diagram.layers[last], DOWN, buff=0.35).align_to(
            self.diagram.layers[last], LEFT
        )
        self.shown["answer"] = d.answer
        self.shown["label"] = d.label
        self.play(Create(box), FadeIn(answer), run_time=0.8)
        self.set_caption(
            f"The brightest output is the network's answer: {d.answer} (output {texts[d.answer]})."
        )
        self.wait(1.5)

    def count_parameters(self) -> None:
        """Weights per pair of layers, plus one bias per non-input neuron."""
        self.next_section("count")
        d = self.data
        terms = [f"{n_in}\u00d7{n_out}" for n_out, n_in in d.weight_shapes]
        band_labels = VGroup()
        bottom = min(column.get_bottom()[1] for column in self.diagram.layers)
        for layer, term in enumerate(terms):
            left = self.diagram.layers[layer].get_center()[0]
            right = self.diagram.layers[layer + 1].get_center()[0]
            mob = Text(term, font_size=22, color=self.theme.muted)
            mob.move_to([(left + right) / 2, bottom - 0.3, 0])
            band_labels.add(mob)
        n_biases = sum(d.bias_sizes)
        total = Text(
            f"{' + '.join(terms)} weights + {n_biases} biases = {d.n_params:,}",
            font_size=28,
            color=self.theme.text,
            t2c={f"{d.n_params:,}": self.theme.highlight},
        )
        fit_within(total, 13.0)
        total.next_to(band_labels, DOWN, buff=0.3).set_x(0)
        drop_svg_sources(band_labels, total)
        self.shown["weight_terms"] = [(n_in, n_out) for n_out, n_in in d.weight_shapes]
        self.shown["bias_sizes"] = list(d.bias_sizes)
        self.shown["n_biases"] = n_biases
        self.shown["n_params"] = d.n_params
        self.play(Write(band_labels), run_time=0.8)
        self.play(Write(total), run_time=1.2)
        self.set_caption(
            "Every connection is a weight (only some are drawn), every hidden and output\n"
            f"neuron has a bias: {d.n_params:,} numbers that training has to find."
        )

    # -- pieces ----------------------------------------------------------------
    def circles_on_top(self) -> None:
        """Draw the neurons after everything else (edges, braces, labels, links).

        Each animation adds its mobject on top of the scene, so the edges and
        labels introduced after the circles would be drawn over them; nothing
        should be, and with the circles last a layer lighting up redraws only
        its own circles, not every edge and label that touches them.
        """
        self.bring_to_front(self.diagram.layers)

    def set_caption(self, text: str) -> None:
        anim, self.caption_mob = swap_caption(self.caption_mob, text, self.theme, font_size=22)
        self.play(anim, run_time=0.6)
