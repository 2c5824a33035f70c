"""Clips 14-16: what the trained digit network learned, and what it did not.

Render:
``python -m scenes render TrainedWeightGrids`` (``--set neuron=5``),
``python -m scenes render TestAccuracy`` (``--set image=20 --set count=8``),
``python -m scenes render ConfidentNoise`` (``--set noise_seed=3``);
or plain manim: ``manim -ql scenes/mnist_weights.py TestAccuracy``.

All three read the one cached training run of ``scenes.digit_model``:
weights from its snapshots, answers from ``nnmath.classifier``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Arrow,
    Create,
    FadeIn,
    Group,
    Mobject,
    Rectangle,
    SurroundingRectangle,
    Text,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
)
from manim.mobject.types.image_mobject import AbstractImageMobject

from nnmath import Network
from nnmath.classifier import accuracy, mistakes, predict
from scenes.clip import ClipScene
from scenes.digit_model import DIGIT_PARAMS, checked_test_index, trained_digit_network
from scenes.fast_drawing import freeze
from scenes.params import Param, ParamError, ParamValues
from scenes.shared import (
    LiveNumber,
    LossCurve,
    NetworkDiagram,
    OutputBars,
    Theme,
    digit_image,
    diverging_rgb,
    merged_text,
    pixel_image,
    swap_caption,
    title,
    weight_grid,
)

CHECK = "\u2713"  # check mark: correct answers carry a symbol, not only a colour
CROSS = "\u2717"  # ballot x: wrong answers


# -- drawing: images composited where they are, fades without copies -------------


class Fade(Animation):
    """``FadeIn`` / ``FadeOut`` (no shift) that changes opacities in place, without copies.

    Manim's fades deep-copy the mobject twice at their start (for a group of
    images, texts and a network diagram that costs more than the frames) and
    interpolate every point each frame. Here each family member's colour
    alphas (an image's alpha channel) are scaled by the faded amount, the
    way ``FadeIn`` interpolates them from 0; the end state is restored exactly.
    """

    def __init__(self, mobject: Mobject, fade_in: bool = True, **kwargs) -> None:
        self.fade_in = fade_in
        kwargs.setdefault("introducer", fade_in)
        kwargs.setdefault("remover", not fade_in)
        super().__init__(mobject, **kwargs)

    def begin(self) -> None:
        # one entry per family member with points, in the order Manim staggers them
        self._alphas = []
        for mob in self.mobject.family_members_with_points():
            saved = {}
            if isinstance(mob, VMobject):
                for name in ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas"):
                    value = getattr(mob, name, None)
                    if value is not None and len(value):
                        saved[name] = value[:, 3].copy()
            elif isinstance(mob, AbstractImageMobject) and hasattr(mob, "pixel_array"):
                saved["pixel_array"] = mob.pixel_array[..., 3].copy()
            self._alphas.append((mob, saved))
        super().begin()

    def create_starting_mobject(self) -> Mobject:
        return Mobject()  # never read: the alphas are computed from the saved ones

    def interpolate_mobject(self, alpha: float) -> None:
        n = len(self._alphas)
        for i, (mob, saved) in enumerate(self._alphas):
            level = self.get_sub_alpha(alpha, i, n)  # rate_func and lag_ratio as Manim's
            self._set_alphas(mob, saved, level if self.fade_in else 1.0 - level)

    @staticmethod
    def _set_alphas(mob: Mobject, saved: dict, level: float) -> None:
        for name, original in saved.items():
            if name == "pixel_array":
                mob.pixel_array[..., 3] = (original * level).astype(np.uint8)
            else:
                getattr(mob, name)[:, 3] = original * level

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        for mob, saved in self._alphas:  # the mobject ends as it began (shown in full)
            self._set_alphas(mob, saved, 1.0)


def fade_in(mobject: Mobject, **kwargs) -> Fade:
    return Fade(mobject, fade_in=True, **kwargs)


def fade_out(mobject: Mobject, **kwargs) -> Fade:
    return Fade(mobject, fade_in=False, **kwargs)


class CaptionMixin:
    """One caption at a time at the bottom edge, swapped with a short fade."""

    caption_mob: Text | None = None

    def set_caption(self, text: str, font_size: float = 22) -> None:
        anim, self.caption_mob = swap_caption(self.caption_mob, text, self.theme, font_size)
        self.play(anim, run_time=0.6)


class _ImageClip(CaptionMixin, ClipScene):
    """Base of the three clips: captions (images are drawn by ClipScene's ImageCamera)."""


def framed(mob, theme: Theme, width: float = 1.5) -> Group:
    """An image with a thin outline, so an all-background grid still shows its extent."""
    frame = Rectangle(
        width=mob.width, height=mob.height, stroke_color=theme.muted, stroke_width=width
    ).move_to(mob)
    return Group(mob, frame)


# -- clip 14: TrainedWeightGrids ----------------------------------------------


@dataclass(frozen=True)
class WeightHistory:
    """First-layer weights at every recorded snapshot, with what to print beside them."""

    weights: np.ndarray  # (K, 16, 784)
    epochs: np.ndarray  # (K,) epochs done at each snapshot
    test_accuracy: np.ndarray  # (K,)
    #: colour scale of every grid at every snapshot: its own largest |w|, so each
    #: grid uses its full colour range (the brightest pixel is its biggest weight)
    scales: np.ndarray  # (K, 16)
    blank_pixels: int  # pixels that are 0 in every training image


def colour_scale(weights: np.ndarray) -> np.ndarray:
    """Per grid (last axis = its 784 weights), the |weight| drawn at full brightness."""
    scales = np.max(np.abs(weights), axis=-1)
    return np.where(scales > 0, scales, 1.0)


class TrainedWeightGrids(_ImageClip):
    """The 16 first-layer neurons' weights, from random to trained."""

    SUMMARY = "the 16 first-layer weight grids through training: loose patterns, not edges"
    PARAMS = (
        *DIGIT_PARAMS,
        Param("neuron", int, 0, "first-layer neuron shown enlarged at the end", lo=0, hi=15),
        Param(
            "epoch_time",
            float,
            0.3,
            "seconds each recorded epoch is on screen",
            lo=0.05,
            hi=3.0,
            visual=True,
        ),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> WeightHistory:
        _, history, (train_images, _, _, _) = trained_digit_network(p.data, p.seed, p.epochs)
        weights = np.stack([history.network_at(i).weights[0] for i in range(len(history))])
        if not 0 <= p.neuron < weights.shape[1]:
            raise ParamError(
                f"neuron={p.neuron} is out of range: the first hidden layer has "
                f"{weights.shape[1]} neurons; use 0 to {weights.shape[1] - 1}"
            )
        return WeightHistory(
            weights=weights,
            epochs=np.asarray(history.extras["epoch"], dtype=float),
            test_accuracy=np.asarray(history.extras["test_accuracy"], dtype=float),
            scales=colour_scale(weights),
            blank_pixels=int(np.sum(np.max(train_images, axis=0) == 0)),
        )

    TILE = 1.25
    TILE_BUFF = 0.12
    GRID_CENTER = (-2.6, -0.05)
    PANEL_X = 1.3  # left edge of the right-hand panel

    def construct(self) -> None:
        self.add(title("What the first layer learned: 16 neurons' weights", self.theme))
        self.show_random_start()
        self.play_training()
        self.state_result()
        self.zoom_one_neuron()
        self.wait(1.5)

    # -- steps -----------------------------------------------------------------
    def show_random_start(self) -> None:
        self.next_section("start")
        self.shown["epochs"] = []
        self.shown["test_accuracy"] = []
        self.shown["scales"] = []
        self.frames = self.tile_frames()
        self.tiles = self.make_tiles(0)
        self.build_panel()
        self.record_snapshot(0)
        self.play(fade_in(self.tiles), Create(self.frames), fade_in(self.panel), run_time=1.0)
        self.set_caption(
            "Each square is one neuron's 784 weights, one per pixel, in 28\u00d728.\n"
            "Before training they are random."
        )
        self.wait(1.0)

    def play_training(self) -> None:
        self.next_section("training")
        n = len(self.data.epochs) - 1
        self.set_caption(
            f"Training: one frame per recorded epoch ({n})." if n else "No training: epochs=0."
        )
        for i in range(1, len(self.data.epochs)):
            self.repaint_tiles(i)
            self.update_panel(i)
            self.record_snapshot(i)
            self.wait(self.p.epoch_time)
        self.wait(0.5)

    def state_result(self) -> None:
        self.next_section("result")
        d = self.data
        self.shown["blank_pixels"] = d.blank_pixels
        if len(d.epochs) == 1:
            self.set_caption(
                "With epochs=0 nothing is trained: these are the random starting weights."
            )
            self.wait(2.0)
            return
        # Why the border stays noisy: a pixel that is 0 in every image gets no gradient.
        line2 = (
            f"The {d.blank_pixels} pixels blank in every training image never change: "
            "their weights stay random."
            if d.blank_pixels
            else "No pixel is blank in every training image."
        )
        self.set_caption(
            "Trained: still mostly noise, with loose blobs and strokes, "
            "not clean edge detectors.\n" + line2
        )
        self.wait(2.0)

    def zoom_one_neuron(self) -> None:
        self.next_section("neuron")
        d, k = self.data, self.p.neuron
        big = weight_grid(d.weights[-1, k], self.theme, height=2.6, scale=d.scales[-1, k])
        zoom = framed(big, self.theme)
        zoom.move_to([self.PANEL_X + 2.4, -0.2, 0])
        label = merged_text(f"neuron {k}", font_size=24, color=self.theme.accent)
        label.next_to(zoom, UP, buff=0.15)
        marker = SurroundingRectangle(self.frames[k], color=self.theme.accent, buff=0.04)
        self.play(
            fade_out(self.curve),
            Create(marker),
            fade_in(zoom),
            fade_in(label),
            run_time=1.0,
        )
        self.shown["zoom_neuron"] = k

    # -- pieces ----------------------------------------------------------------
    def tile_position(self, j: int) -> np.ndarray:
        step = self.TILE + self.TILE_BUFF
        row, col = divmod(j, 4)
        x0, y0 = self.GRID_CENTER
        return np.array([x0 + (col - 1.5) * step, y0 + (1.5 - row) * step, 0.0])

    def tile_frames(self) -> VGroup:
        return VGroup(
            *(
                Rectangle(
                    width=self.TILE,
                    height=self.TILE,
                    stroke_color=self.theme.muted,
                    stroke_width=1.5,
                ).move_to(self.tile_position(j))
                for j in range(self.data.weights.shape[1])
            )
        )

    def make_tiles(self, i: int) -> Group:
        """Snapshot ``i``'s 16 grids, each on its own colour scale."""
        d = self.data
        tiles = Group()
        for j, w in enumerate(d.weights[i]):
            tile = weight_grid(w, self.theme, height=self.TILE, scale=d.scales[i, j])
            tiles.add(tile.move_to(self.tile_position(j)))
        return tiles

    def repaint_tiles(self, i: int) -> None:
        """Show snapshot ``i`` in the tiles already on screen (new pixels, same images)."""
        d = self.data
        for tile, w, scale in zip(self.tiles, d.weights[i], d.scales[i]):
            tile.pixel_array[..., :3] = diverging_rgb(w.reshape(28, 28), self.theme, scale)

    def build_panel(self) -> None:
        d, t = self.data, self.theme
        x = self.PANEL_X
        epoch_label = merged_text("epoch", font_size=26, color=t.text)
        self.epoch_number = LiveNumber(0, num_decimal_places=0, font_size=26, color=t.accent)
        self.total_text = f"of {self.epoch_text(d.epochs[-1])}"
        self.epoch_total = merged_text(self.total_text, font_size=26, color=t.text)
        self.epoch_row = VGroup(epoch_label, self.epoch_number, self.epoch_total)
        self.epoch_row.arrange(RIGHT, buff=0.18).move_to([x, 2.5, 0], aligned_edge=LEFT)
        acc_label = merged_text("test accuracy", font_size=26, color=t.text)
        acc_label.next_to(epoch_label, DOWN, buff=0.3, aligned_edge=LEFT)
        self.acc_number = LiveNumber(
            100 * d.test_accuracy[0],
            num_decimal_places=1,
            unit="%",
            font_size=26,
            color=t.accent,
        )
        self.acc_number.next_to(acc_label, RIGHT, buff=0.18).align_to(acc_label, UP)
        self.curve = LossCurve(
            t,
            d.epochs,
            100 * d.test_accuracy,
            width=4.2,
            height=1.6,
            label="test accuracy (%) by epoch",
            step_label="epoch",
            y_max=100,
        )
        self.curve.next_to(acc_label, DOWN, buff=0.45, aligned_edge=LEFT)
        for value in (0, 100):
            tick = merged_text(f"{value}", font_size=16, color=t.muted)
            self.curve.add(tick.next_to(self.curve.axes.c2p(0, value), LEFT, buff=0.08))
        # Each grid has its own scale, so the bar's ends read "its largest |weight|".
        ramp = np.linspace(-1.0, 1.0, 64)[None, :].repeat(4, axis=0)
        bar = pixel_image(diverging_rgb(ramp, t, 1.0), height=0.22)
        bar.stretch_to_fit_width(3.0)
        bar.move_to([x + 0.75, -2.55, 0], aligned_edge=LEFT)
        self.legend_lo = merged_text("\u2212max", font_size=20, color=t.negative)
        self.legend_lo.next_to(bar, LEFT, buff=0.15)
        self.legend_hi = merged_text("+max", font_size=20, color=t.positive)
        self.legend_hi.next_to(bar, RIGHT, buff=0.15)
        heading = merged_text(
            "weight: each grid's own largest |w| at full colour", font_size=18, color=t.muted
        )
        heading.next_to(bar, UP, buff=0.12).set_x(bar.get_x())
        self.panel = Group(
            self.epoch_row,
            acc_label,
            self.acc_number,
            self.curve,
            heading,
            bar,
            self.legend_lo,
            self.legend_hi,
        )

    @staticmethod
    def epoch_text(epoch: float) -> str:
        return f"{epoch:.0f}" if epoch == round(epoch) else f"{epoch:.1f}"

    def update_panel(self, i: int) -> None:
        d = self.data
        epoch = float(d.epochs[i])
        self.epoch_number.num_decimal_places = 0 if epoch == round(epoch) else 1
        self.epoch_number.set_value(epoch)
        self.epoch_total.next_to(self.epoch_number, RIGHT, buff=0.18)
        self.acc_number.set_value(100 * d.test_accuracy[i])
        self.curve.show_upto(i)

    def record_snapshot(self, i: int) -> None:
        d = self.data
        self.shown.setdefault("panel_texts", []).append(
            {
                "epoch": f"{self.epoch_text(d.epochs[i])} {self.total_text}",
                "accuracy": f"{100 * d.test_accuracy[i]:.1f}%",
                "scale": f"{d.scales[i].max():.2f}",
            }
        )
        self.shown["epochs"].append(float(d.epochs[i]))
        self.shown["test_accuracy"].append(round(100 * float(d.test_accuracy[i]), 1))
        self.shown["scales"].append(np.round(d.scales[i], 2).tolist())


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
        correct = LiveNumber(0, color=t.good, **whole)
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
        percent = merged_text(f"= {100 * d.accuracy:.1f}%", font_size=50, color=t.accent)
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
        picture = framed(digit_image(d.images[index], height=height), t, width=1)
        mark = self.cell_text(
            f"{CHECK if right else CROSS} {answer}", 26, t.good if right else t.bad
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
        self.picture = framed(digit_image(d.digit, height=3.0), t)
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
        noisy = framed(digit_image(d.noise, height=3.0), t).move_to(self.picture)
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
            color=self.theme.accent,
        )
        text.next_to(self.bars, DOWN, buff=0.3)
        self.play(fade_in(text), run_time=0.4)
        return text


__all__ = [
    "ConfidentNoise",
    "TestAccuracy",
    "TrainedWeightGrids",
    "noise_image",
]
