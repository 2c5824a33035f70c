"""Clips 15 and 16: the trained digit network's answers, on test images and on noise.

Render:
``python -m scenes render TestAccuracy`` (``--set image=20 --set count=8``),
``python -m scenes render ConfidentNoise`` (``--set noise_seed=3``);
or ``manim -ql scenes/clips/part3_learning/answers.py TestAccuracy``.

Both read the cached training run of ``scenes.core.digit_model``; answers
come from ``nnmath.classifier``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    Group,
    SurroundingRectangle,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
)

from nnmath import Network
from nnmath.classifier import accuracy, mistakes, predict
from scenes.clips.part3_learning.weight_grids import _ImageClip, descender
from scenes.core.digit_model import (
    DIGIT_PARAMS,
    checked_test_index,
    digit_index_param,
    trained_digit_network,
)
from scenes.core.layout import MAIN
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.fades import fade_in, fade_out
from scenes.render.freeze import freeze, pixel_image
from scenes.widgets.images import colour_rgb, digit_image, framed, grey_image
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


def waffle_shape(n: int, aspect: float) -> tuple[int, int]:
    """Rows and columns of a grid of ``n`` cells about ``aspect`` times wider than tall."""
    cols = max(1, round(math.sqrt(n * aspect)))
    return math.ceil(n / cols), cols


class TestAccuracy(_ImageClip):
    """A few answers, the running count over the test set, then the mistakes."""

    __test__ = False  # not a pytest test class despite its name

    SUMMARY = "answers on held-out test images: the running count, then a grid of mistakes"
    PARAMS = (
        *DIGIT_PARAMS,
        digit_index_param(0, "first test image of the row of examples"),
        Param("count", int, 10, "test images shown with their answers", lo=1, hi=12),
        Param("mistakes", int, 16, "mistakes shown in the final grid", lo=1, hi=24),
    )
    #: The digits are the point in these beats: each is the answer written under its own
    #: image (labels on the visual, one per picture), up to 12 examples and 24 mistakes
    #: (with the count of mistakes above them).
    NUMBERS_ALLOW = {"answers": 12, "mistakes": 25}

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

    #: The grid of all test images, one cell each: its box on screen, and its proportions.
    WAFFLE_LEFT, WAFFLE_RIGHT = -2.6, MAIN.x1
    WAFFLE_TOP, WAFFLE_BOTTOM = MAIN.y1 - 0.8, MAIN.y0 + 0.1
    #: Seconds of the count: the key motion (at least 5 s).
    COUNT_TIME = 7.0

    def construct(self) -> None:
        self.heading = title("Tested on images it never saw", self.theme)
        self.show_answers()
        self.count_correct()
        self.state_accuracy()
        self.show_mistakes()

    # -- steps -----------------------------------------------------------------
    def show_answers(self) -> None:
        d = self.data
        indices = list(range(self.p.image, self.p.image + self.p.count))
        cols = math.ceil(len(indices) / 2) if len(indices) > 4 else len(indices)
        buff = 0.45
        height = min(2.0, (MAIN.width - (cols - 1) * buff) / cols)
        cells = Group(*(self.answer_cell(i, height) for i in indices))
        cells.arrange_in_grid(cols=cols, buff=(buff, 0.35)).move_to(MAIN.center)
        self.row = cells
        self.shown["row_indices"] = indices
        self.shown["row_answers"] = [int(d.predictions[i]) for i in indices]
        self.shown["row_correct"] = [bool(d.predictions[i] == d.labels[i]) for i in indices]
        wrong = sum(not c for c in self.shown["row_correct"])
        self.play(
            self.start_beat(
                "answers",
                "Images it never saw, with the network's answers",
                f"{len(indices)} held-out test images, never used in training, with the "
                f"network's answer under each: {CHECK} right, {CROSS} wrong; {wrong} of "
                f"{len(indices)} are wrong here.",
            ),
            fade_in(self.heading),
            fade_in(cells, lag_ratio=0.15),
            run_time=1.5,
        )
        self.wait(2.5)

    def count_correct(self) -> None:
        d, t = self.data, self.theme
        n = len(d.labels)
        right = d.predictions == d.labels
        running = np.cumsum(right)
        # the image being counted, large on the left, with its answer under it
        self.flip = grey_image(d.images[0].reshape(28, 28), height=3.2, theme=t)
        self.flip.move_to([MAIN.x0 + 1.6, 0.35, 0])
        flip_frame = framed(self.flip, t)[1]
        self.marks = {
            (ok, k): merged_text(f"{CHECK if ok else CROSS} {k}", t.correct if ok else t.wrong,
                                 Size.READOUT)
            for ok in (True, False) for k in range(10)
        }  # fmt: skip
        self.flip_mark = self.marks[(bool(right[0]), int(d.predictions[0]))].copy()
        self.flip_mark.next_to(flip_frame, DOWN, buff=0.25)
        mark_centre = self.flip_mark.get_center()
        # every test image as one cell: green right, purple wrong, faint until counted
        rows, cols = waffle_shape(
            n, (self.WAFFLE_RIGHT - self.WAFFLE_LEFT) / (self.WAFFLE_TOP - self.WAFFLE_BOTTOM)
        )
        self.cell_rgb = self.waffle_colours(right)
        self.waffle_px = max(2, min(8, 1200 // cols))
        pixels = self.waffle_pixels(0, rows, cols)
        cell = min((self.WAFFLE_RIGHT - self.WAFFLE_LEFT) / cols,
                   (self.WAFFLE_TOP - self.WAFFLE_BOTTOM) / rows)  # fmt: skip
        self.waffle = pixel_image(pixels, height=cell * rows)
        self.waffle.move_to([(self.WAFFLE_LEFT + self.WAFFLE_RIGHT) / 2,
                             (self.WAFFLE_TOP + self.WAFFLE_BOTTOM) / 2, 0])  # fmt: skip
        # the running count above the grid: right (green) and wrong (purple)
        whole = {"num_decimal_places": 0, "font_size": Size.READOUT}
        self.n_right = LiveNumber(0, color=t.correct, edge=RIGHT, **whole)
        right_word = merged_text("right", t.text, Size.READOUT)
        self.n_wrong = LiveNumber(0, color=t.wrong, edge=RIGHT, **whole)
        wrong_word = merged_text("wrong", t.text, Size.READOUT)
        digits = len(f"{n}")
        self.n_right.set_value(10**digits - 1)  # widest value: lay out for it, then reset
        self.n_wrong.set_value(10**digits - 1)
        counter = VGroup(self.n_right, right_word, self.n_wrong, wrong_word)
        counter.arrange(RIGHT, buff=0.2, aligned_edge=DOWN)  # numbers on the words' baseline:
        for word in (right_word, wrong_word):  # their g's reach below it
            word.shift(DOWN * descender(word.text, Size.READOUT))
        wrong_word.shift(0.3 * RIGHT)
        self.n_wrong.shift(0.3 * RIGHT)
        counter.next_to(self.waffle, UP, buff=0.3).align_to(self.waffle, LEFT)
        self.n_right.set_value(0)
        self.n_wrong.set_value(0)
        self.counter = counter
        self.play(
            self.start_beat(
                "count",
                f"All {n} test images, one by one: right or wrong",
                f"Now every one of the {n} held-out test images. Each square on the right is "
                "one image, filled in as the network answers it: green if right, purple if "
                "wrong; the image being answered flips by on the left.",
            ),
            fade_out(self.row),
            run_time=0.8,
        )
        self.play(
            fade_in(self.flip), fade_in(flip_frame), fade_in(self.flip_mark),
            fade_in(self.waffle), fade_in(counter), run_time=0.8,
        )  # fmt: skip

        def step(_mob, alpha: float) -> None:
            k = int(round(alpha * n))
            current = max(k - 1, 0)
            self.flip.pixel_array[..., :3] = self.flip_rgb(current)
            mark = self.marks[(bool(right[current]), int(d.predictions[current]))]
            self.flip_mark.points = mark.points + (mark_centre - mark.get_center())
            self.flip_mark.set_fill(mark.get_fill_color())
            self.flip_mark.text = self.flip_mark.original_text = mark.text
            self.n_right.set_value(int(running[k - 1]) if k else 0)
            self.n_wrong.set_value(k - int(running[k - 1]) if k else 0)
            self.waffle.pixel_array[..., :3] = self.waffle_pixels(k, rows, cols)

        # slow at first (the first images at reading pace), then faster and faster
        moving = Group(self.flip, self.flip_mark, self.n_right, self.n_wrong, self.waffle)
        self.play(UpdateFromAlphaFunc(moving, step, rate_func=lambda a: a**3),
                  run_time=self.COUNT_TIME)  # fmt: skip
        self.flip_frame = flip_frame
        self.shown["correct"] = int(running[-1])
        self.shown["total"] = n
        self.shown["counted_wrong"] = int(n - running[-1])
        self.wait(1.0)

    def state_accuracy(self) -> None:
        d, t = self.data, self.theme
        n = len(d.labels)
        text = f"{100 * d.accuracy:.1f}%"
        percent = merged_text(f"= {text} right", t.highlight, Size.TITLE)
        percent.next_to(self.counter, RIGHT, buff=0.5).align_to(self.counter, DOWN)
        if percent.get_right()[0] > MAIN.x1:
            percent.next_to(self.waffle, UP, buff=0.25).align_to(self.waffle, RIGHT)
            self.counter.next_to(percent, LEFT, buff=0.5, aligned_edge=DOWN)
        self.play(
            self.start_beat(
                "accuracy",
                f"{text} right on images it never saw",
                f"{self.shown['correct']} of {n} right: an accuracy of {text} on images the "
                f"network never saw in training, and {n - self.shown['correct']} mistakes.",
            ),
            FadeIn(percent, shift=0.2 * UP),
            run_time=0.8,
        )
        self.wait(2.5)
        self.percent = percent
        self.shown["accuracy_text"] = text

    def show_mistakes(self) -> None:
        d, t = self.data, self.theme
        chosen = d.mistakes[: self.p.mistakes]
        self.shown["mistake_indices"] = [int(i) for i in chosen]
        self.shown["mistake_answers"] = [int(d.predictions[i]) for i in chosen]
        self.shown["mistake_labels"] = [int(d.labels[i]) for i in chosen]
        self.shown["n_mistakes"] = len(d.mistakes)
        n = len(d.labels)
        summary = merged_text(
            f"{len(d.mistakes)} wrong of {n} ({100 * len(d.mistakes) / n:.1f}%)",
            t.text,
            Size.READOUT,
        )
        gone = [self.flip, self.flip_frame, self.flip_mark, self.waffle, self.counter,
                self.percent]  # fmt: skip
        if not len(chosen):
            summary.move_to(MAIN.center)
            self.play(
                self.start_beat("mistakes", "No mistakes on this test set",
                                f"Not one of the {n} test images is answered wrong."),
                *(fade_out(m) for m in gone), fade_in(summary), run_time=0.8,
            )  # fmt: skip
            self.wait(2.0)
            return
        key = merged_text(
            f"{CROSS} its answer (the true digit)", t.text, Size.READOUT,
            t2c={CROSS: t.wrong, "its answer": t.wrong},
        )  # fmt: skip
        header = VGroup(summary, key).arrange(RIGHT, buff=1.2)
        header.move_to([0, MAIN.y1 - header.height / 2, 0])
        cols = min(8, len(chosen))
        rows = math.ceil(len(chosen) / cols)
        buff = (0.3, 0.25)
        room_h = MAIN.height - header.height - 0.35
        text_h = 0.45
        height = min(1.6, (MAIN.width - (cols - 1) * buff[0]) / cols,
                     (room_h - (rows - 1) * buff[1]) / rows - text_h)  # fmt: skip
        cells = Group(*(self.mistake_cell(int(i), height) for i in chosen))
        cells.arrange_in_grid(cols=cols, buff=buff)
        cells.next_to(header, DOWN, buff=0.35).set_x(0)
        Group(header, cells).move_to(MAIN.center)  # no empty band under the grid
        self.play(
            self.start_beat(
                "mistakes",
                "Its mistakes, each with its answer and the true digit",
                f"The first {len(chosen)} of its {len(d.mistakes)} mistakes, each with "
                f"{CROSS} the network's answer and, in brackets, the true digit.",
            ),
            *(fade_out(m) for m in gone),
            fade_in(header),
            run_time=0.8,
        )
        self.play(fade_in(cells, lag_ratio=0.05), run_time=1.5)
        self.wait(4.0)

    # -- pieces ----------------------------------------------------------------
    def answer_cell(self, index: int, height: float) -> Group:
        """A test image with the network's answer under it (symbol and colour)."""
        d, t = self.data, self.theme
        answer = int(d.predictions[index])
        right = answer == int(d.labels[index])
        picture = framed(digit_image(d.images[index], height=height, theme=t), t, width=1)
        mark = self.cell_text(
            f"{CHECK if right else CROSS} {answer}", t.correct if right else t.wrong
        )
        return Group(picture, mark).arrange(DOWN, buff=0.12)

    def mistake_cell(self, index: int, height: float) -> Group:
        """A misread test image: its wrong answer (purple) and the true digit in brackets."""
        d, t = self.data, self.theme
        answer, label = int(d.predictions[index]), int(d.labels[index])
        picture = framed(digit_image(d.images[index], height=height, theme=t), t, width=1)
        cache = self.__dict__.setdefault("_cell_texts", {})
        key = (answer, label)
        if key not in cache:
            cache[key] = merged_text(f"{CROSS} {answer} ({label})", t.text, Size.READOUT,
                                     t2c={f"{CROSS} {answer}": t.wrong})  # fmt: skip
        return Group(picture, cache[key].copy()).arrange(DOWN, buff=0.12)

    def cell_text(self, text: str, color: str) -> VMobject:
        """``merged_text``, built once per distinct string ("✓ 7" recurs) and copied."""
        cache = self.__dict__.setdefault("_cell_texts", {})
        key = (text, color)
        if key not in cache:
            cache[key] = merged_text(text, color, Size.READOUT)
        return cache[key].copy()

    def flip_rgb(self, index: int) -> np.ndarray:
        """Test image ``index`` as the flipping picture's RGB pixels (as ``grey_image``)."""
        grey = np.clip(self.data.images[index].reshape(28, 28), 0.0, 1.0)
        if self.theme.name != "dark":
            grey = 1.0 - grey
        return np.repeat(np.rint(grey * 255).astype(np.uint8)[..., None], 3, axis=2)

    def waffle_colours(self, right: np.ndarray) -> np.ndarray:
        """Each test image's cell colour once counted: correct or wrong (N, 3) uint8."""
        t = self.theme
        return np.where(right[:, None], colour_rgb(t.correct), colour_rgb(t.wrong)).astype(np.uint8)

    def waffle_pixels(self, counted: int, rows: int, cols: int) -> np.ndarray:
        """The grid's RGB pixels with the first ``counted`` cells filled in.

        Each cell is ``waffle_px`` pixels square with a one-pixel gap of background
        colour; cells not yet counted are a faint tint of the muted colour.
        """
        t = self.theme
        n = len(self.cell_rgb)
        background = colour_rgb(t.background).astype(float)
        empty = np.rint(0.8 * background + 0.2 * colour_rgb(t.muted)).astype(np.uint8)
        cells = np.repeat(background.astype(np.uint8)[None, :], rows * cols, axis=0)
        cells[:n] = empty
        cells[:counted] = self.cell_rgb[:counted]
        grid = cells.reshape(rows, cols, 3)
        px = self.waffle_px
        pixels = np.repeat(np.repeat(grid, px + 1, axis=0), px + 1, axis=1)
        pixels[px :: px + 1, :] = background
        pixels[:, px :: px + 1] = background
        return pixels[:-1, :-1]


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
        digit_index_param(0, "test image shown first, for contrast"),
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

    PICTURE_HEIGHT = 3.4
    BARS_X = 4.5  # centre of the output bars

    def construct(self) -> None:
        self.heading = title("A digit recogniser, shown noise", self.theme)
        self.show_digit()
        self.show_noise()
        self.draw_conclusion()

    # -- steps -----------------------------------------------------------------
    def show_digit(self) -> None:
        d, t = self.data, self.theme
        self.picture = framed(digit_image(d.digit, height=self.PICTURE_HEIGHT, theme=t), t)
        self.picture.move_to([MAIN.x0 + self.PICTURE_HEIGHT / 2, 0.25, 0])
        self.picture_label = merged_text(f"test image {self.p.image}", t.text, Size.READOUT)
        self.picture_label.next_to(self.picture, DOWN, buff=0.25)
        network = NetworkDiagram(
            d.network.layer_sizes,
            t,
            output_labels=(),
            neuron_radius=0.07,
            neuron_buff=0.05,
            layer_buff=1.1,
            font_size=Size.READOUT,
        )
        network.move_to([-0.45, 0.25, 0])
        network_label = merged_text(
            "the trained network" if self.p.epochs else "an untrained network",
            t.text,
            Size.READOUT,
        )
        network_label.next_to(network, DOWN, buff=0.3).set_y(self.picture_label.get_y())
        into = Arrow(self.picture.get_right(), network.get_left(), buff=0.15, color=t.muted)
        self.bars = OutputBars(np.zeros(10), t, bar_length=2.8, bar_height=0.34, row_buff=0.13,
                               show_numbers=False)  # fmt: skip
        self.bars.move_to([self.BARS_X, 0.25, 0])
        out = Arrow(network.get_right(), self.bars.get_left(), buff=0.2, color=t.muted)
        heading = merged_text("outputs", t.text, Size.READOUT)
        heading.next_to(self.bars.tracks, UP, buff=0.2)
        answer, top = int(np.argmax(d.digit_outputs)), float(np.max(d.digit_outputs))
        verdict = "right" if answer == d.label else "wrong"
        # The picture is added last (drawn above the rest: nothing overlaps it), so that
        # swapping it for the noise later redraws only what comes after it.
        self.play(
            self.start_beat(
                "digit",
                "A handwritten digit goes in: it names the digit"
                if verdict == "right"
                else "A handwritten digit goes in: here it misreads it",
                f"Test image {self.p.image}, a handwritten {d.label}, goes through the "
                f"{'trained' if self.p.epochs else 'untrained'} network. Its largest output, "
                f"{top:.2f}, is for {answer}: it answers {answer}, which is {verdict}.",
            ),
            fade_in(self.heading),
            fade_in(network),
            fade_in(network_label),
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
        self.play(self.bars.values_animation(d.digit_outputs), run_time=1.5)
        self.answer = self.mark_answer(d.digit_outputs)
        self.wait(2.0)
        self.shown["digit_outputs"] = d.digit_outputs.tolist()
        self.shown["digit_answer"] = answer

    def show_noise(self) -> None:
        d, t = self.data, self.theme
        noisy = framed(digit_image(d.noise, height=self.PICTURE_HEIGHT, theme=t), t)
        noisy.move_to(self.picture)
        noisy_label = merged_text("pure noise", t.text, Size.READOUT).move_to(self.picture_label)
        self.bars.highlight(None)
        # the caption changes with the picture: the switch to noise is one moment
        self.play(
            self.start_beat(
                "noise",
                "Now pure noise goes in",
                f"Now an image that is no digit at all: each of the 784 pixels drawn "
                f"uniformly at random (noise seed {self.p.noise_seed}).",
            ),
            fade_out(self.picture),
            fade_in(noisy),
            fade_out(self.picture_label),
            fade_in(noisy_label),
            fade_out(self.answer),
            # the digit's outputs go with the digit: no stale answer beside the noise
            self.bars.values_animation(np.zeros(10)),
            run_time=1.0,
        )
        self.wait(1.0)
        self.play(self.bars.values_animation(d.noise_outputs), run_time=1.5)
        self.answer = self.mark_answer(d.noise_outputs)
        self.wait(1.5)
        self.shown["noise_outputs"] = d.noise_outputs.tolist()
        self.shown["noise_answer"] = int(np.argmax(d.noise_outputs))

    def draw_conclusion(self) -> None:
        t = self.theme
        out = self.data.noise_outputs
        answer, top = int(np.argmax(out)), float(np.max(out))
        if top >= 0.5:
            headline = "It answers anyway: it has no way to say \u201cnot a digit\u201d"
            text = (
                f"Pure noise, and it answers {answer} with output {top:.2f}: it recognises "
                "digits, but has no notion of \u201cnot a digit\u201d. It was only ever "
                "shown digits, and its outputs can only name one."
            )
        else:
            headline = "Still an answer: it has no way to say \u201cnot a digit\u201d"
            text = (
                f"Pure noise: its largest output is only {top:.2f}, yet its answer is still "
                f"{answer}. It recognises digits but has no notion of \u201cnot a digit\u201d."
            )
        self.shown["conclusion"] = text
        ring = SurroundingRectangle(VGroup(self.bars.bars[answer], self.bars.labels[answer],
                                           self.bars.tracks[answer]),
                                    color=t.highlight, buff=0.08, stroke_width=4)  # fmt: skip
        self.play(self.start_beat("conclusion", headline, text), Create(ring), run_time=1.0)
        self.wait(5.0)

    # -- pieces ----------------------------------------------------------------
    def mark_answer(self, outputs: np.ndarray) -> VMobject:
        """Highlight the largest output and name it under the bars."""
        answer = int(np.argmax(outputs))
        self.bars.highlight(answer)
        text = merged_text(
            f"answer: {answer} (output {outputs[answer]:.2f})",
            self.theme.highlight,
            Size.READOUT,
        )
        text.next_to(self.bars, DOWN, buff=0.3)
        text.shift(RIGHT * min(0.0, MAIN.x1 - text.get_right()[0]))
        self.play(fade_in(text), run_time=0.5)
        return text
