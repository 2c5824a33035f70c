"""Clip 14, TrainedWeightGrids: the 16 first-layer weight grids through training.

Render: ``python -m scenes render TrainedWeightGrids`` (``--set neuron=5``)
or ``manim -ql scenes/clips/part3_learning/weight_grids.py TrainedWeightGrids``.

Weights come from the snapshots of the one cached training run of
``scenes.core.digit_model``.
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
    Group,
    Rectangle,
    SurroundingRectangle,
    Text,
    VGroup,
)

from scenes.core.digit_model import DIGIT_PARAMS, trained_digit_network
from scenes.core.layout import MAIN
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.fades import fade_in, fade_out
from scenes.render.freeze import pixel_image
from scenes.widgets.images import diverging_rgb, framed, weight_grid
from scenes.widgets.plots import LossCurve, tick_labels
from scenes.widgets.text import Captions, LiveNumber, merged_text, title, with_role


def descender(text: str, font_size: float) -> float:
    """How far ``text``'s lowest glyph reaches below the baseline (its first glyph's bottom,
    for a first letter without a descender, as in "epoch")."""
    glyphs = Text(text, font_size=font_size)
    return float(glyphs[0].get_bottom()[1] - glyphs.get_bottom()[1])


class _ImageClip(Captions, ClipScene):
    """Base of the three clips: captions (images are drawn by ClipScene's ImageCamera)."""


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

    TILE_BUFF = 0.1
    #: tiles as tall as the main region allows: 4 rows and 3 gaps fill its height
    TILE = (MAIN.height - 3 * TILE_BUFF) / 4
    PANEL_X = MAIN.x0 + 4 * TILE + 3 * TILE_BUFF + 0.6  # left edge of the right-hand panel

    def construct(self) -> None:
        self.heading = title("What the first layer's 16 neurons learned", self.theme)
        self.show_random_start()
        self.play_training()
        self.state_result()
        self.zoom_one_neuron()

    # -- steps -----------------------------------------------------------------
    def show_random_start(self) -> None:
        d = self.data
        self.shown["epochs"] = []
        self.shown["test_accuracy"] = []
        self.shown["scales"] = []
        self.frames = self.tile_frames()
        self.tiles = self.make_tiles(0)
        self.build_panel()
        self.record_snapshot(0)
        self.play(
            self.start_beat(
                "start",
                "Each square: one neuron's 784 weights, before training",
                "Each square is one first-layer neuron's 784 weights, one per pixel, laid out "
                "28 by 28: blue where a weight is positive, orange where it is negative. "
                f"Before training they are random; test accuracy is "
                f"{100 * d.test_accuracy[0]:.1f}%.",
            ),
            fade_in(self.heading),
            fade_in(self.tiles),
            Create(self.frames),
            fade_in(self.panel),
            run_time=1.0,
        )
        self.wait(2.0)

    def play_training(self) -> None:
        d = self.data
        n = len(d.epochs) - 1
        if not n:
            return  # epochs=0: nothing to replay (the result beat says so)
        self.beat(
            "training",
            "Training: the weights change, test accuracy climbs",
            f"One frame per recorded epoch, {n} in all: every grid repaints with its new "
            f"weights while test accuracy goes from {100 * d.test_accuracy[0]:.1f}% to "
            f"{100 * d.test_accuracy[-1]:.1f}%.",
        )
        for i in range(1, len(d.epochs)):
            self.repaint_tiles(i)
            self.update_panel(i)
            self.record_snapshot(i)
            self.wait(self.p.epoch_time)
        self.wait(1.0)

    def state_result(self) -> None:
        d = self.data
        self.shown["blank_pixels"] = d.blank_pixels
        if len(d.epochs) == 1:
            self.beat(
                "result",
                "With epochs=0 nothing is trained: the weights are random",
                "With epochs=0 nothing is trained: these are the random starting weights, "
                f"and test accuracy is {100 * d.test_accuracy[0]:.1f}%.",
            )
            self.wait(2.0)
            return
        # Why the border stays noisy: a pixel that is 0 in every image gets no gradient.
        blank = (
            f"The {d.blank_pixels} pixels blank in every training image never change: "
            "their weights stay random."
            if d.blank_pixels
            else "No pixel is blank in every training image."
        )
        self.beat(
            "result",
            "Trained weights: noise with loose blobs, not clean edges",
            "Trained, the grids are still mostly noise, with loose blobs and strokes, not "
            f"the clean edge detectors one might hope for. {blank}",
        )
        self.wait(3.0)

    def zoom_one_neuron(self) -> None:
        d, t, k = self.data, self.theme, self.p.neuron
        # as large as the panel allows between the readouts and the colour bar
        top = self.acc_label.get_bottom()[1] - 0.3
        bottom = self.legend_heading.get_top()[1] + 0.3
        big = weight_grid(d.weights[-1, k], t, height=top - bottom, scale=d.scales[-1, k])
        zoom = framed(big, t)
        label = merged_text(f"neuron {k}", t.text, Size.READOUT)
        label.next_to(zoom, LEFT, buff=0.35)
        Group(label, zoom).move_to([(self.PANEL_X + MAIN.x1) / 2, (top + bottom) / 2, 0])
        marker = SurroundingRectangle(self.frames[k], color=t.highlight, buff=0.04,
                                      stroke_width=5)  # fmt: skip
        state = "trained" if len(d.epochs) > 1 else "random"
        self.play(
            self.start_beat(
                "neuron",
                "One neuron up close: a loose pattern, not an edge",
                f"Neuron {k}'s {state} weights, enlarged: blue pixels push its input up, "
                "orange pull it down; the shape it responds to is loose and blotchy.",
            ),
            fade_out(self.curve),
            Create(marker),
            fade_in(zoom),
            fade_in(label),
            run_time=1.0,
        )
        self.wait(3.0)
        self.shown["zoom_neuron"] = k

    # -- pieces ----------------------------------------------------------------
    def tile_position(self, j: int) -> np.ndarray:
        step = self.TILE + self.TILE_BUFF
        row, col = divmod(j, 4)
        x0 = MAIN.x0 + self.TILE / 2
        y0 = MAIN.y1 - self.TILE / 2
        return np.array([x0 + col * step, y0 - row * step, 0.0])

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
        epoch_label = merged_text("epoch", t.text, Size.READOUT)
        self.epoch_number = LiveNumber(0, num_decimal_places=0, font_size=Size.READOUT,
                                       color=t.text)  # fmt: skip
        self.total_text = f"of {self.epoch_text(d.epochs[-1])}"
        self.epoch_total = merged_text(self.total_text, t.text, Size.READOUT)
        self.epoch_row = VGroup(epoch_label, self.epoch_number, self.epoch_total)
        # on one baseline: the number and "of 20" have no descender, "epoch" has its p's
        self.epoch_row.arrange(RIGHT, buff=0.18, aligned_edge=DOWN)
        epoch_label.shift(DOWN * descender("epoch", Size.READOUT))
        self.place_epoch_total()
        self.epoch_row.move_to([x, MAIN.y1 - 0.2, 0], aligned_edge=LEFT)
        self.acc_label = acc_label = merged_text("test accuracy", t.text, Size.READOUT)
        acc_label.next_to(epoch_label, DOWN, buff=0.3, aligned_edge=LEFT)
        self.acc_number = LiveNumber(
            100 * d.test_accuracy[0],
            num_decimal_places=1,
            unit="%",
            font_size=Size.READOUT,
            color=t.correct,  # the colour of the accuracy curve below
        )
        self.acc_number.next_to(acc_label, RIGHT, buff=0.18).align_to(acc_label, DOWN)
        self.acc_number.shift(UP * descender("test accuracy", Size.READOUT))
        self.curve = LossCurve(
            t,
            d.epochs,
            100 * d.test_accuracy,
            width=MAIN.x1 - x - 1.0,
            height=2.3,
            label="test accuracy (%) by epoch",
            step_label="epoch",
            y_max=100,
        )
        last = float(d.epochs[-1])
        x_ticks = [0.0, last / 2, last] if last >= 2 and last % 2 == 0 else [0.0, last]
        ticks = tick_labels(self.curve.axes, t, x_values=x_ticks if last > 0 else [0.0],
                            y_values=[0, 50, 100])  # fmt: skip
        self.curve.add(ticks)
        self.curve.step_label.next_to(ticks[0], DOWN, buff=0.06).align_to(self.curve.axes, RIGHT)
        axes = self.curve.axes
        self.curve.shift([x + 0.65 - axes.get_left()[0], -0.1 - axes.get_y(), 0])
        self.curve.label.align_to(ticks[1], LEFT)
        # Each grid has its own scale, so the bar's ends read "its largest |weight|".
        ramp = np.linspace(-1.0, 1.0, 64)[None, :].repeat(4, axis=0)
        bar = pixel_image(diverging_rgb(ramp, t, 1.0), height=0.26)
        bar.stretch_to_fit_width(3.2)
        bar.move_to([x + 0.9, MAIN.y0 + 0.2, 0], aligned_edge=LEFT)
        # labels in the text colour: vermillion text is below 4.5:1 on white (the bar shows it)
        self.legend_lo = with_role(merged_text("\u2212max", t.text, Size.TICK), "tick")
        self.legend_lo.next_to(bar, LEFT, buff=0.15)
        self.legend_hi = with_role(merged_text("+max", t.text, Size.TICK), "tick")
        self.legend_hi.next_to(bar, RIGHT, buff=0.15)
        self.legend_heading = heading = merged_text(
            "weight, on each grid's own scale", t.text, Size.READOUT
        )
        heading.next_to(bar, UP, buff=0.15).align_to(self.legend_lo, LEFT)
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

    def place_epoch_total(self) -> None:
        """Put "of 20" one space after the digits' ink (the number's own box is a digit
        wide even for one digit, which left a double space after "epoch 5")."""
        left = self.epoch_number.slots.get_right()[0] + 0.18
        self.epoch_total.set_x(left + self.epoch_total.width / 2)

    @staticmethod
    def epoch_text(epoch: float) -> str:
        return f"{epoch:.0f}" if epoch == round(epoch) else f"{epoch:.1f}"

    def update_panel(self, i: int) -> None:
        d = self.data
        epoch = float(d.epochs[i])
        self.epoch_number.num_decimal_places = 0 if epoch == round(epoch) else 1
        self.epoch_number.set_value(epoch)
        self.place_epoch_total()
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
