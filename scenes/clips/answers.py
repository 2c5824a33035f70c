"""Clips 15 and 16: the trained digit network's answers, on test images and on noise.

Render:
``python -m scenes render TestAccuracy`` (``--set image=20 --set count=8``),
``python -m scenes render ConfidentNoise`` (``--set noise_seed=3``);
or ``manim -ql scenes/clips/answers.py TestAccuracy``.

Both read the cached training run of ``scenes.core.digit_model``; answers
come from ``nnmath.classifier``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Arrow,
    FadeIn,
    Group,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
)

from nnmath import Network
from nnmath.classifier import accuracy, mistakes, predict
from scenes.clips.weight_grids import _ImageClip
from scenes.core.digit_model import DIGIT_PARAMS, checked_test_index, trained_digit_network
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.fades import fade_in, fade_out
from scenes.render.freeze import freeze
from scenes.widgets.images import digit_image, framed
from scenes.widgets.network import NetworkDiagram, OutputBars
from scenes.widgets.text import LiveNumber, merged_text, title

CHECK = "\u2713"  # check mark: correct answers carry a symbol, not only a colour
CROSS = "\u2717"  # ballot x: wrong answers


# -- clip 15: TestAccuracy ---------------------------------------------------------


@dataclass(frozen=True)
class TestResults:
    """The network's answers on the held-out test images."""

    images: np.ndarray  # (N, 784)
    labels: np.ndarray  # (N,)
    predictions: np.ndarray  # (N,)
    accuracy: float
    mistakes: np.ndarray  # indices, ascending


class TestAccuracy(_ImageClip):
    """A few answers, the running count over the test set, then the mistakes."""

    __test__ = False  # not a pytest test class despite its name

    SUMMARY = "answers on held-out test images: the running count, then a grid of mistakes"
    PARAMS = (
        *DIGIT_PARAMS,
        Param("image", int, 0, "first test image of the row of examples", lo=0, hi=9999),
        Param("count", int, 10, "test images shown with their answers", lo=1, hi=12),
        Param("mistakes", int, 16, "mistakes shown in the final grid", lo=1, hi=24),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> TestResults:
        network, _, (_, _, images, labels) = trained_digit_network(p.data, p.seed, p.epochs)
        checked_test_index(p.image, labels, p.data)
        if p.image + p.count > len(labels):
            raise ParamError(
                f"image={p.image} with count={p.count} runs past the {len(labels)} test images; "
                f"use image <= {len(labels) - p.count}"
            )
        return TestResults(
            images=images,
            labels=np.asarray(labels),
            predictions=predict(network, images),
            accuracy=accuracy(network, images, labels),
            mistakes=mistakes(network, images, labels),
        )

    def construct(self) -> None:
        self.add(title("Tested on images it never saw", self.theme))
        self.show_answers()
        self.count_correct()
        self.show_mistakes()
        self.wait(2.0)

    # -- steps -----------------------------------------------------------------
    def show_answers(self) -> None:
        self.next_section("answers")
        d = self.data
        indices = range(self.p.image, self.p.image + self.p.count)
        cells = Group(*(self.answer_cell(i, 1.0, with_label=False) for i in indices))
        cells.arrange(RIGHT, buff=0.25).move_to([0, 1.7, 0])
        if cells.width > 13.2:
            cells.scale_to_fit_width(13.2)
        self.row = cells
        self.shown["row_indices"] = list(indices)
        self.shown["row_answers"] = [int(d.predictions[i]) for i in indices]
        self.shown["row_correct"] = [bool(d.predictions[i] == d.labels[i]) for i in indices]
        self.play(fade_in(cells, lag_ratio=0.15), run_time=1.5)
        wrong = sum(not c for c in self.shown["row_correct"])
        self.set_caption(
            f"The network's answer under each test image: {CHECK} right, {CROSS} wrong "
            f"({wrong} of {len(indices)} here)."
        )
        self.wait(1.5)

    def count_correct(self) -> None:
        self.next_section("count")
        d, t = self.data, self.theme
        n = len(d.labels)
        running = np.cumsum(d.predictions == d.labels)
        whole = {"num_decimal_places": 0, "group_with_commas": False, "font_size": 60}
        correct = LiveNumber(0, color=t.correct, **whole)
        slash = merged_text("/", font_size=50, color=t.text)
        seen = LiveNumber(0, color=t.text, **whole)
        word = merged_text("correct", font_size=40, color=t.text)
        row = VGroup(correct, slash, seen, word).arrange(RIGHT, buff=0.25)
        row.move_to([0, -0.1, 0])
        self.play(fade_in(row), run_time=0.4)
        self.set_caption(
            f"All {n} held-out test images, one by one: a running count of right answers."
        )

        def step(_mob, alpha: float) -> None:
            k = round(alpha * n)
            seen.set_value(k)
            correct.set_value(int(running[k - 1]) if k else 0)
            VGroup(correct, slash, seen, word).arrange(RIGHT, buff=0.25).move_to([0, -0.1, 0])

        self.play(UpdateFromAlphaFunc(row, step), run_time=3.0)
        percent = merged_text(f"= {100 * d.accuracy:.1f}%", font_size=50, color=t.highlight)
        percent.next_to(row, DOWN, buff=0.3)
        self.play(FadeIn(percent, shift=0.2 * UP), run_time=0.6)
        self.count_row = Group(row, percent)
        self.shown["correct"] = int(running[-1])
        self.shown["total"] = n
        self.shown["accuracy_text"] = f"{100 * d.accuracy:.1f}%"
        self.wait(1.5)

    def show_mistakes(self) -> None:
        self.next_section("mistakes")
        d = self.data
        chosen = d.mistakes[: self.p.mistakes]
        self.shown["mistake_indices"] = [int(i) for i in chosen]
        self.shown["mistake_answers"] = [int(d.predictions[i]) for i in chosen]
        self.shown["mistake_labels"] = [int(d.labels[i]) for i in chosen]
        self.shown["n_mistakes"] = len(d.mistakes)
        summary = merged_text(
            f"{len(d.mistakes)} wrong of {len(d.labels)} "
            f"({100 * len(d.mistakes) / len(d.labels):.1f}%)",
            font_size=30,
            color=self.theme.text,
        )
        summary.to_edge(UP, buff=0.95)
        self.play(fade_out(self.row), fade_out(self.count_row), fade_in(summary), run_time=0.6)
        if not len(chosen):
            self.set_caption("No mistakes on this test set.")
            return
        cells = Group(*(self.answer_cell(int(i), 1.3, with_label=True) for i in chosen))
        cells.arrange_in_grid(cols=min(8, len(cells)), buff=(0.35, 0.25))
        cells.next_to(summary, DOWN, buff=0.3)
        if cells.height > 5.3:
            cells.scale_to_fit_height(5.3).next_to(summary, DOWN, buff=0.3)
        self.play(fade_in(cells, lag_ratio=0.05), run_time=1.5)
        self.set_caption(
            f"The first {len(chosen)} of its {len(d.mistakes)} mistakes: "
            f"{CROSS} its answer, and the true label."
        )

    # -- pieces ----------------------------------------------------------------
    def answer_cell(self, index: int, height: float, with_label: bool) -> Group:
        """A test image, its answer below it (symbol + colour), optionally the true label."""
        d, t = self.data, self.theme
        answer = int(d.predictions[index])
        right = answer == int(d.labels[index])
        picture = framed(digit_image(d.images[index], height=height, theme=t), t, width=1)
        mark = self.cell_text(
            f"{CHECK if right else CROSS} {answer}", 26, t.correct if right else t.wrong
        )
        parts = [picture, mark]
        if with_label:
            parts.append(self.cell_text(f"label {int(d.labels[index])}", 18, t.muted))
        return Group(*parts).arrange(DOWN, buff=0.08)

    def cell_text(self, text: str, font_size: float, color: str) -> VMobject:
        """``shown_text``, built once per distinct string ("label 7" recurs) and copied."""
        cache = self.__dict__.setdefault("_cell_texts", {})
        key = (text, font_size, color)
        if key not in cache:
            cache[key] = merged_text(text, color, font_size)
        return cache[key].copy()


# -- clip 16: ConfidentNoise --------------------------------------------------------


def noise_image(seed: int) -> np.ndarray:
    """784 pixels drawn uniformly from [0, 1]: an image that is no digit at all."""
    return np.random.default_rng(seed).uniform(0.0, 1.0, 784)


@dataclass(frozen=True)
class NoiseResults:
    """Outputs of the trained network for one real digit and for one noise image."""

    network: Network
    digit: np.ndarray
    label: int
    noise: np.ndarray
    digit_outputs: np.ndarray  # (10,)
    noise_outputs: np.ndarray  # (10,)


class ConfidentNoise(_ImageClip):
    """Noise in, a confident digit out: no notion of "not a digit"."""

    SUMMARY = "random noise in, one digit out: the network has no 'not a digit' answer"
    PARAMS = (
        *DIGIT_PARAMS,
        Param("image", int, 0, "test image shown first, for contrast", lo=0, hi=9999),
        Param("noise_seed", int, 0, "seed of the uniform-noise image", lo=0, hi=10**6),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> NoiseResults:
        network, _, (_, _, images, labels) = trained_digit_network(p.data, p.seed, p.epochs)
        index = checked_test_index(p.image, labels, p.data)
        digit = np.asarray(images[index], dtype=float)
        noise = noise_image(p.noise_seed)
        return NoiseResults(
            network=network,
            digit=digit,
            label=int(labels[index]),
            noise=noise,
            digit_outputs=network.forward(digit)[0],
            noise_outputs=network.forward(noise)[0],
        )

    IMAGE_X = -5.0
    BARS_X = 3.6

    def construct(self) -> None:
        self.add(title("A digit recogniser, shown noise", self.theme))
        self.show_digit()
        self.show_noise()
        self.draw_conclusion()
        self.wait(2.0)

    # -- steps -----------------------------------------------------------------
    def show_digit(self) -> None:
        self.next_section("digit")
        d, t = self.data, self.theme
        self.picture = framed(digit_image(d.digit, height=3.0, theme=t), t)
        self.picture.move_to([self.IMAGE_X, 0.1, 0])
        self.picture_label = merged_text(f"test image {self.p.image}", font_size=22, color=t.muted)
        self.picture_label.next_to(self.picture, DOWN, buff=0.2)
        network = NetworkDiagram(
            d.network.layer_sizes,
            t,
            output_labels=(),
            neuron_radius=0.06,
            neuron_buff=0.04,
            layer_buff=0.9,
            font_size=18,
        )
        network.move_to([-1.0, 0.1, 0])
        network_label = merged_text(
            "the trained network" if self.p.epochs else "an untrained network (epochs=0)",
            font_size=20,
            color=t.muted,
        )
        network_label.next_to(network, DOWN, buff=0.2)
        network = VGroup(network, network_label)
        into = Arrow(self.picture.get_right(), network.get_left(), buff=0.15, color=t.muted)
        self.bars = OutputBars(np.zeros(10), t, bar_length=2.6, bar_height=0.3, row_buff=0.12)
        self.bars.move_to([self.BARS_X, 0.1, 0])
        out = Arrow(network.get_right(), self.bars.get_left(), buff=0.15, color=t.muted)
        heading = merged_text("outputs", font_size=22, color=t.muted)
        heading.next_to(self.bars, UP, buff=0.15)
        # The picture is added last (drawn above the rest: nothing overlaps it), so that
        # swapping it for the noise later redraws only what comes after it.
        self.play(
            fade_in(network),
            fade_in(into),
            fade_in(out),
            fade_in(self.bars),
            fade_in(heading),
            fade_in(self.picture),
            fade_in(self.picture_label),
            run_time=1.0,
        )
        # from here on the diagram stays still: draw it as the image of itself
        self.mobjects[self.mobjects.index(network)] = freeze(network, self.renderer.camera)
        self.play(self.bars.values_animation(d.digit_outputs), run_time=1.2)
        self.answer = self.mark_answer(d.digit_outputs)
        self.shown["digit_outputs"] = d.digit_outputs.tolist()
        self.shown["digit_answer"] = int(np.argmax(d.digit_outputs))
        self.set_caption(
            f"A real digit (label {d.label}): the network answers "
            f"{int(np.argmax(d.digit_outputs))} with output {np.max(d.digit_outputs):.2f}."
        )
        self.wait(1.5)

    def show_noise(self) -> None:
        self.next_section("noise")
        d, t = self.data, self.theme
        noisy = framed(digit_image(d.noise, height=3.0, theme=t), t).move_to(self.picture)
        noisy_label = merged_text(
            f"uniform noise (seed {self.p.noise_seed})", font_size=22, color=t.muted
        ).move_to(self.picture_label)
        self.bars.highlight(None)
        self.play(
            fade_out(self.picture),
            fade_in(noisy),
            fade_out(self.picture_label),
            fade_in(noisy_label),
            fade_out(self.answer),
            run_time=1.0,
        )
        self.play(self.bars.values_animation(d.noise_outputs), run_time=1.2)
        self.answer = self.mark_answer(d.noise_outputs)
        self.shown["noise_outputs"] = d.noise_outputs.tolist()
        self.shown["noise_answer"] = int(np.argmax(d.noise_outputs))
        self.wait(1.0)

    def draw_conclusion(self) -> None:
        self.next_section("conclusion")
        out = self.data.noise_outputs
        answer, top = int(np.argmax(out)), float(np.max(out))
        if top >= 0.5:
            text = (
                f"Pure noise, and it answers {answer} with output {top:.2f}: it recognises "
                "digits,\nbut has no notion of \u201cnot a digit\u201d (it was only ever "
                "shown digits)."
            )
        else:
            text = (
                f"Pure noise: its largest output is only {top:.2f}, yet its answer is still "
                f"{answer}.\nIt recognises digits but has no notion of \u201cnot a digit\u201d."
            )
        self.shown["conclusion"] = text
        self.set_caption(text)

    # -- pieces ----------------------------------------------------------------
    def mark_answer(self, outputs: np.ndarray) -> VMobject:
        """Highlight the largest output and name it under the bars."""
        answer = int(np.argmax(outputs))
        self.bars.highlight(answer)
        text = merged_text(
            f"answer: {answer} (output {outputs[answer]:.2f})",
            font_size=26,
            color=self.theme.highlight,
        )
        text.next_to(self.bars, DOWN, buff=0.3)
        self.play(fade_in(text), run_time=0.4)
        return text
