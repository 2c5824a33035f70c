"""Clip 17, ShuffledPixels: shuffle every image's pixels the same way; who cares?

One fixed permutation of the 784 pixels, applied to every training and test
image alike: a digit and its shuffled twin, large, and a 3x3 block of
neighbouring pixels traced to where the shuffle scatters them. The fully
connected pair is shown to be the *same run*: trained from the original's
start with its first-layer columns permuted the same way
(``nnmath.permute_first_layer``), its recorded costs (drawn solid, the twin's
dashed over them) and weights match the original's to rounding (the largest
differences are computed and said in the narration). Then four computed test
accuracies as four bars: the fully connected 784-16-16-10 digit network and a
small convolutional network (three 3x3 layers of 8 filters, then a dense
layer), each trained on the original and on the shuffled images. Only the
convolutional network drops: its 3x3 filters read neighbouring pixels.

Render: ``python -m scenes render ShuffledPixels`` (or
``manim -ql scenes/clips/part4_generalising/shuffled_pixels.py ShuffledPixels``); try
``--set perm_seed=3 --set seed=1 --set image=7``.

This module also holds the cached convolutional training that
``scenes/clips/part4_generalising/receptive_field.py`` (clip 23, ReceptiveField) reads, so both
clips show the same trained network.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Create,
    DashedLine,
    DashedVMobject,
    Rectangle,
    VGroup,
    VMobject,
)

from nnmath import (
    TrainingDiverged,
    Trajectory,
    permute_first_layer,
    permute_pixels,
    pixel_permutation,
    train_classifier,
    train_conv_classifier,
)
from scenes.core.cache import cached_trajectory
from scenes.core.digit_model import (
    BATCH_SIZE,
    LAYER_SIZES,
    LEARNING_RATE,
    checked_test_index,
    digit_data,
    digit_index_param,
    trained_digit_network,
)
from scenes.core.layout import MAIN_LEFT, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.fades import fade_in, fade_out
from scenes.widgets.images import framed, grey_image
from scenes.widgets.plots import Bars, axis_label, make_axes, polyline
from scenes.widgets.text import Captions, legend, merged_text, title, with_role

DATA = "sample"  # the bundled 4,000 training / 1,000 test images
CNN_CHANNELS = (8, 8, 8)  # three 3x3 convolutions of 8 maps: 28 -> 26 -> 24 -> 22
CNN_KERNEL = 3
CNN_LEARNING_RATE = 0.1  # nnmath's measured choice for this cost (1.0 does not learn)
CNN_BATCH_SIZE = 10

#: Parameters of the convolutional training, shared with ReceptiveField.
CONV_PARAMS = (
    Param("seed", int, 0, "seed of the initial weights and the batch order", lo=0, hi=10**6),
    Param("cnn_epochs", int, 5, "epochs of the convolutional network", lo=1, hi=30),
)


def _timed(train) -> Trajectory:
    """Run ``train`` and keep its CPU seconds in the trajectory's meta (for the record)."""
    start = time.process_time()
    history = train()
    history.meta["cpu_seconds"] = time.process_time() - start
    return history


def trained_conv(seed: int, epochs: int, perm_seed: int | None = None) -> Trajectory:
    """The cached CNN run on the sample digits, original (``perm_seed=None``) or shuffled."""
    key = {
        "data": DATA, "channels": list(CNN_CHANNELS), "kernel": CNN_KERNEL, "seed": seed,
        "epochs": epochs, "learning_rate": CNN_LEARNING_RATE, "batch_size": CNN_BATCH_SIZE,
        "perm_seed": perm_seed,
    }  # fmt: skip

    def train() -> Trajectory:
        perm = None if perm_seed is None else pixel_permutation(perm_seed)
        _, history = train_conv_classifier(
            CNN_CHANNELS, epochs=epochs, batch_size=CNN_BATCH_SIZE,
            learning_rate=CNN_LEARNING_RATE, seed=seed, data=digit_data(DATA),
            permutation=perm, kernel=CNN_KERNEL,
        )  # fmt: skip
        return history

    try:
        return cached_trajectory("conv_digits", key, lambda: _timed(train))
    except TrainingDiverged as exc:
        raise ParamError(str(exc).splitlines()[0]) from None


def trained_fc_pair(seed: int, epochs: int, perm_seed: int) -> tuple[Trajectory, Trajectory]:
    """The digit network's cached run, and its twin on shuffled pixels from the permuted start.

    The original is the run every digit clip shows (``scenes.core.digit_model``);
    the twin starts from its first snapshot with the first layer's columns
    permuted, and the same seed orders the batches.
    """
    _, original, data = trained_digit_network(DATA, seed, epochs)
    key = {
        "data": DATA, "layers": list(LAYER_SIZES), "seed": seed, "epochs": epochs,
        "learning_rate": LEARNING_RATE, "batch_size": BATCH_SIZE, "perm_seed": perm_seed,
        "start": "permute_first_layer(original start)",
    }  # fmt: skip

    def train() -> Trajectory:
        perm = pixel_permutation(perm_seed)
        _, history = train_classifier(
            LAYER_SIZES, "sigmoid", epochs=epochs, batch_size=BATCH_SIZE,
            learning_rate=LEARNING_RATE, seed=seed, data=data, permutation=perm,
            initial=permute_first_layer(original.network_at(0), perm),
        )  # fmt: skip
        return history

    try:
        twin = cached_trajectory("fc_shuffled_twin", key, lambda: _timed(train))
    except TrainingDiverged as exc:
        raise ParamError(str(exc).splitlines()[0]) from None
    return original, twin


def final_accuracy(history: Trajectory) -> float:
    return float(history.extras["test_accuracy"][-1])


def percent(fraction: float) -> str:
    return f"{100 * fraction:.1f}%"


_SUPERSCRIPT = str.maketrans(
    "-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
)


def scientific(value: float) -> str:
    """``3.4×10⁻¹²`` (``0`` when exactly zero): a tiny difference readable on screen."""
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa}\u00d710{str(int(exponent)).translate(_SUPERSCRIPT)}"


@dataclass(frozen=True)
class ShuffleData:
    """Everything the clip shows, computed before the first frame."""

    image: np.ndarray  # (784,) the test digit
    twin: np.ndarray  # (784,) the same digit, pixels shuffled
    label: int
    n_test: int
    window: np.ndarray  # (784,) bool: a 3x3 block of neighbouring pixels
    window_twin: np.ndarray  # (784,) bool: where those 9 pixels are after the shuffle
    accuracy: dict[tuple[str, str], float]  # (net, side) -> final test accuracy
    n_params: dict[str, int]
    fc_epochs: np.ndarray  # epoch of each recorded cost of the FC pair
    fc_loss: tuple[np.ndarray, np.ndarray]  # (original, shuffled) recorded costs
    loss_gap: float  # largest |difference| of the FC pair's recorded costs
    weight_gap: float  # largest |difference| of their weights, first layer permuted back
    cpu_seconds: dict[str, float | None]  # runs trained by this clip (None: not recorded)


NETS = ("fc", "cnn")
SIDES = ("original", "shuffled")
#: Below this largest cost difference the FC pair is called identical (rounding only);
#: measured 3.4e-12 after 20 epochs (seeds 0), 4.9e-5 after 60 (perm_seed 123456): rounding
#: differences grow over a long run.
IDENTICAL_TOL = 1e-9
WINDOW_CENTRE = (12, 13)  # row, col of the 3x3 block marked in the "why" beat
PLOT_W, PLOT_H = 7.8, 4.3  # the fully connected pair's cost plot
DASHES = 36  # dashes of the shuffled twin's cost curve, drawn over the original's
BARS_W, BARS_H = 8.0, 4.0  # the four test accuracies


def neighbourhood(row: int, col: int) -> np.ndarray:
    """The 3x3 block of pixels around (row, col), as a flat (784,) mask."""
    mask = np.zeros((28, 28), dtype=bool)
    mask[row - 1 : row + 2, col - 1 : col + 2] = True
    return mask.ravel()


class ShuffledPixels(Captions, ClipScene):
    """A fixed pixel shuffle: the fully connected network is indifferent, the CNN drops."""

    SUMMARY = "one fixed pixel shuffle: fully connected net exactly indifferent, the CNN drops"
    PARAMS = (
        Param("perm_seed", int, 0, "seed of the one pixel permutation", lo=0, hi=10**6),
        *CONV_PARAMS,
        Param("fc_epochs", int, 20, "epochs of the fully connected network", lo=1, hi=60),
        digit_index_param(3, "test image shown with its shuffled twin", data=None),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> ShuffleData:
        _, _, x_test, y_test = digit_data(DATA)
        index = checked_test_index(p.image, y_test, DATA)
        perm = pixel_permutation(p.perm_seed)
        fc = trained_fc_pair(p.seed, p.fc_epochs, p.perm_seed)
        cnn = (trained_conv(p.seed, p.cnn_epochs), trained_conv(p.seed, p.cnn_epochs, p.perm_seed))
        runs = {"fc": fc, "cnn": cnn}
        original, twin = fc
        # The twin's weights, against the original's with the first layer permuted the same way.
        weight_gap = max(
            float(np.max(np.abs(
                permute_first_layer(original.network_at(k), perm).get_params() - twin.params[k]
            )))
            for k in range(len(original))
        )  # fmt: skip
        window = neighbourhood(*WINDOW_CENTRE)
        return ShuffleData(
            image=np.asarray(x_test[index], float),
            twin=permute_pixels(np.asarray(x_test[index], float), perm),
            label=int(y_test[index]),
            n_test=len(y_test),
            window=window,
            window_twin=permute_pixels(window, perm),
            accuracy={
                (n, s): final_accuracy(runs[n][i]) for n in NETS for i, s in enumerate(SIDES)
            },
            n_params={
                "fc": original.network_at(-1).n_params,
                "cnn": cnn[0].network_at(-1).n_params,
            },
            fc_epochs=np.asarray(original.extras["epoch"], float),
            fc_loss=(original.loss, twin.loss),
            loss_gap=float(np.max(np.abs(original.loss - twin.loss))),
            weight_gap=weight_gap,
            cpu_seconds={
                "fc shuffled": twin.meta.get("cpu_seconds"),
                "cnn original": cnn[0].meta.get("cpu_seconds"),
                "cnn shuffled": cnn[1].meta.get("cpu_seconds"),
            },
        )

    # Layout (scene units): the two digits side by side, large, for the first two beats.
    DIGIT_H = 4.3
    DIGIT_X = (-2.6, 2.6)
    DIGIT_Y = -0.35

    def construct(self) -> None:
        self.add(title("Shuffled pixels: which network notices?", self.theme))
        self.show_shuffle()
        self.show_window()
        self.show_fc_identical()
        self.show_bars()
        self.show_verdict()

    # -- steps -----------------------------------------------------------------
    def show_shuffle(self) -> None:
        d, t = self.data, self.theme
        self.digits = []
        labels = VGroup()
        for x, pixels, name in zip(self.DIGIT_X, (d.image, d.twin), SIDES):
            image = grey_image(pixels.reshape(28, 28), self.DIGIT_H, t)
            image.move_to([x, self.DIGIT_Y, 0])
            self.digits.append(image)
            label = merged_text(name, t.text, Size.READOUT)  # tops aligned: "g" hangs below
            labels.add(label.move_to(image.get_top() + 0.5 * UP, aligned_edge=UP))
        self.digit_labels = labels
        self.frames = [framed(img, t) for img in self.digits]
        self.beat(
            "shuffle", "One fixed shuffle of the pixels, for every image",
            f"Test digit {self.p.image}, a {d.label}, and the same pixels put in another "
            f"order: one permutation (seed {self.p.perm_seed}) applied to every image, "
            "training and test alike, never a new one.",
        )  # fmt: skip
        self.play(*(fade_in(f) for f in self.frames), fade_in(labels), run_time=1.0)
        self.shown["image"] = self.p.image
        self.shown["digit_pixels"] = self.digits[0].pixel_array[..., 0].copy()
        self.shown["twin_pixels"] = self.digits[1].pixel_array[..., 0].copy()
        self.wait(2.5)

    def show_window(self) -> None:
        d, t = self.data, self.theme
        marks = VGroup(
            *(self.pixel_marks(img, mask, t.highlight) for img, mask in
              zip(self.digits, (d.window, d.window_twin)))
        )  # fmt: skip
        block, scattered = marks
        links = VMobject(stroke_color=t.highlight, stroke_width=2, stroke_opacity=0.7)
        for square in scattered:
            links.start_new_path(block.get_right())
            links.add_line_to(square.get_center())
        k = CNN_KERNEL
        self.play(Create(block), self.start_beat(
            "window", f"A {k}×{k} filter reads neighbours; the shuffle scatters them",
            f"A convolutional network's {k}×{k} filter reads {k * k} neighbouring pixels, "
            "the same filter at every position. After the shuffle those "
            f"{k * k} pixels lie all over the image.",
        ), run_time=1.0)  # fmt: skip
        self.wait(1.0)
        self.play(Create(links), Create(scattered), run_time=2.0)
        self.shown["window"] = np.flatnonzero(d.window)
        self.shown["window_twin"] = np.flatnonzero(d.window_twin)
        self.shown["window_marks"] = [
            self.mark_pixels(img, m) for img, m in zip(self.digits, marks)
        ]
        self.wait(2.5)
        self.window_mobs = [*self.frames, self.digit_labels, marks, links]

    def show_fc_identical(self) -> None:
        d, t = self.data, self.theme
        identical = d.loss_gap < IDENTICAL_TOL
        if identical:
            headline = "Fully connected: the same training, curve for curve"
            why = ("It never used which pixels are neighbours: the shuffle changes only the "
                   "rounding.")  # fmt: skip
        else:  # long runs: sums taken in another order round differently, and SGD amplifies it
            headline = "Fully connected: the same training, up to rounding"
            why = (f"Only the order of each sum differs, and over {self.p.fc_epochs} epochs "
                   "those rounding differences grew to this.")  # fmt: skip
        narration = (
            "Train the fully connected network on the shuffled images from the original's "
            "start, its first-layer weights permuted the same way (just another random start), "
            f"on the same batches. The largest difference of the {len(d.fc_epochs)} recorded "
            f"costs is {scientific(d.loss_gap)}, of the weights {scientific(d.weight_gap)}. "
            + why
        )
        self.plot = self.loss_plot()
        self.play(*(fade_out(m) for m in self.window_mobs),
                  self.start_beat("fc_identical", headline, narration), run_time=1.0)  # fmt: skip
        self.play(fade_in(self.plot), fade_in(self.key[0]), run_time=0.8)
        original, shuffled = self.curves
        self.play(Create(original), run_time=2.0)
        self.play(Create(shuffled), fade_in(self.key[1]), run_time=2.0)
        gap = VGroup(merged_text("largest difference", t.text, Size.READOUT),
                     merged_text(scientific(d.loss_gap), t.text, Size.READOUT))  # fmt: skip
        gap.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        self.gap = gap.next_to(self.key, DOWN, buff=0.6, aligned_edge=LEFT)
        self.play(fade_in(gap), run_time=0.8)
        self.shown["called_identical"] = identical
        self.shown["loss_gap"] = scientific(d.loss_gap)
        self.shown["weight_gap"] = scientific(d.weight_gap)
        self.shown["loss_curves"] = [
            np.array([self.axes.p2c(pt) for pt in (*curve.get_start_anchors(), curve.get_end())])
            for curve in self.curve_paths
        ]
        self.wait(2.5)

    def show_bars(self) -> None:
        d, t = self.data, self.theme
        values = [[100 * d.accuracy[net, side] for side in SIDES] for net in NETS]
        self.bars = Bars(t, values, ["fully connected", "convolutional"], [t.model, t.compare],
                         width=BARS_W, height=BARS_H, y_max=100, decimals=1, unit="%")  # fmt: skip
        self.bars.move_to(MAIN_LEFT.center + DOWN * 0.35)
        key = legend([(t.model, "original", "box"), (t.compare, "shuffled", "box")], t)
        key = VGroup(merged_text("test accuracy", t.text, Size.READOUT), key)
        key.arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        key.move_to(SIDE.point(0, 0.85), aligned_edge=UP + LEFT)
        drop = d.accuracy["cnn", "shuffled"] - d.accuracy["cnn", "original"]
        fc_drop = d.accuracy["fc", "shuffled"] - d.accuracy["fc", "original"]
        self.play(fade_out(self.plot), fade_out(self.key), fade_out(self.gap),
                  *(fade_out(c) for c in self.curves),
                  self.start_beat(
                      "bars", "Shuffled, only the convolutional network drops",
                      f"Each network trained on the original and on the shuffled images, scored "
                      f"on the {d.n_test:,} test images (shuffled the same way for the second): "
                      f"fully connected {percent(d.accuracy['fc', 'original'])} and "
                      f"{percent(d.accuracy['fc', 'shuffled'])}, convolutional "
                      f"{percent(d.accuracy['cnn', 'original'])} and "
                      f"{percent(d.accuracy['cnn', 'shuffled'])}: {abs(100 * drop):.1f} points "
                      f"{'lower' if drop < 0 else 'higher'}.",
                  ), run_time=1.0)  # fmt: skip
        self.play(fade_in(self.bars.baseline), fade_in(self.bars.names), fade_in(key),
                  run_time=0.8)  # fmt: skip
        self.play(self.bars.grow(), run_time=2.0)
        # what the shuffle cost each network, over its pair of bars
        changes = VGroup()
        for g, change in enumerate((fc_drop, drop)):
            words = "unchanged" if change == 0 else f"{100 * change:+.1f} points"
            pair = VGroup(*self.bars.numbers[2 * g : 2 * g + 2])
            text = merged_text(words.replace("-", "\u2212"), t.text, Size.READOUT)
            changes.add(text.next_to(pair, UP, buff=0.3))
        top = max(m.get_bottom()[1] for m in changes)
        for m in changes:  # one line: both on the baseline of the higher
            m.shift(UP * (top - m.get_bottom()[1]))
        self.play(fade_in(changes), run_time=0.8)
        self.shown["changes"] = [m.text for m in changes]
        self.shown["accuracy"] = {
            (net, side): f"{n.number:.{n.num_decimal_places}f}{n.unit}"
            for (net, side), n in zip([(a, b) for a in NETS for b in SIDES], self.bars.numbers)
        }
        self.shown["bar_heights"] = {
            (net, side): bar.height / self.bars.unit_height
            for (net, side), bar in zip([(a, b) for a in NETS for b in SIDES], self.bars.bars)
        }
        self.shown["n_params"] = {net: f"{d.n_params[net]:,}" for net in NETS}
        self.shown["cnn_drop"] = f"{100 * drop:+.1f}"
        self.shown["fc_drop"] = f"{100 * fc_drop:+.1f}"
        self.wait(2.5)

    def show_verdict(self) -> None:
        d = self.data
        lead = d.accuracy["cnn", "original"] - d.accuracy["fc", "original"]
        shuffled_lead = d.accuracy["cnn", "shuffled"] - d.accuracy["fc", "shuffled"]
        ratio = d.n_params["cnn"] / d.n_params["fc"]
        sizes = (f"(the convolutional network has {d.n_params['cnn']:,} parameters, "
                 f"{ratio:.1f}× the fully connected one's {d.n_params['fc']:,})")  # fmt: skip
        if lead <= 0:
            headline = "Here the CNN did not beat the fully connected network"
            narration = (f"Even on the original images the convolutional network is "
                         f"{100 * lead:+.1f} points against the fully connected one: its "
                         f"assumption about neighbours did not pay off in this run {sizes}.")
        elif shuffled_lead <= 0:
            headline = "Shuffled, the CNN's lead is gone: it came from neighbours"
            narration = (f"The convolutional network led by {100 * lead:.1f} points on the "
                         f"originals and by {100 * shuffled_lead:+.1f} on the shuffled images: "
                         f"its lead came from assuming neighbours matter {sizes}.")
        else:
            headline = "Part of the CNN's lead came from neighbouring pixels"
            narration = (f"Shuffled, the convolutional network keeps {100 * shuffled_lead:.1f} "
                         f"of its {100 * lead:.1f} points of lead over the fully connected one "
                         f"(the dashed line) {sizes}.")
        # the fully connected network's accuracy, across all four bars: the CNN's lead is seen
        level = self.bars.bars[0].get_top()[1]
        left, right = self.bars.baseline.get_left()[0], self.bars.baseline.get_right()[0]
        line = DashedLine([left, level, 0], [right, level, 0], stroke_color=self.theme.highlight,
                          stroke_width=4, dash_length=0.15).set_z_index(2)  # fmt: skip
        self.play(Create(line), self.start_beat("verdict", headline, narration), run_time=1.0)
        self.wait(3.0)
        self.shown["cnn_lead"] = f"{100 * lead:+.1f}"
        self.shown["shuffled_lead"] = f"{100 * shuffled_lead:+.1f}"
        self.shown["param_ratio"] = f"{ratio:.1f}"

    # -- pieces ----------------------------------------------------------------
    def loss_plot(self) -> VGroup:
        """Log-scale axes for the FC pair's recorded costs, the original's curve solid and the
        shuffled twin's dashed over it (not drawn yet), and their legend."""
        d, t = self.data, self.theme
        logs = [np.log10(np.maximum(loss, 1e-12)) for loss in d.fc_loss]
        lo = float(np.floor(min(v.min() for v in logs)))
        hi = float(np.ceil(max(v.max() for v in logs)))
        x_hi = float(d.fc_epochs[-1])
        step = next(s for s in (1, 2, 5, 10, 20) if x_hi / s <= 6)
        self.axes = make_axes(t, [0, x_hi, step], [lo, hi, 1], PLOT_W, PLOT_H, numbers=False)
        # Manim puts the x axis at y = 0, a cost of 1 on this scale: move it to the bottom
        self.axes.x_axis.shift(UP * (self.axes.c2p(0, lo)[1] - self.axes.x_axis.get_center()[1]))
        ticks = VGroup()
        for e in np.arange(0, x_hi + 0.5, step):
            tick = merged_text(f"{e:g}", t.muted, Size.TICK)
            ticks.add(tick.next_to(self.axes.c2p(e, lo), DOWN, buff=0.15))
        for v in np.arange(lo, hi + 0.5):
            tick = merged_text(f"{10 ** v:g}", t.muted, Size.TICK)
            ticks.add(tick.next_to(self.axes.c2p(0, v), LEFT, buff=0.15))
        with_role(ticks, "tick")
        x_name = axis_label("epoch", t).next_to(ticks, DOWN, buff=0.15)
        x_name.set_x(self.axes.get_center()[0])
        y_name = axis_label("training cost (fully connected)", t)
        y_name.next_to(self.axes, UP, buff=0.3).align_to(ticks, LEFT)
        plot = VGroup(self.axes, ticks, x_name, y_name)
        plot.move_to(MAIN_LEFT.center)
        self.key = legend([(t.model, "original"), (t.compare, "shuffled", "dashed")], t)
        self.key.move_to(SIDE.point(0, 0.85), aligned_edge=UP + LEFT)
        self.curve_paths = [
            polyline(self.axes, d.fc_epochs, v, color, width)
            for v, color, width in zip(logs, (t.model, t.compare), (10, 5))
        ]
        # the twin dashed over the original: both stay visible where they coincide
        original, twin = self.curve_paths
        self.curves = [original, DashedVMobject(twin.copy(), num_dashes=DASHES).set_z_index(1)]
        return plot

    def pixel_marks(self, image, mask: np.ndarray, color: str) -> VGroup:
        """An outlined square on ``image`` around each marked pixel (a block: one square)."""
        side = image.height / 28
        rows, cols = np.divmod(np.flatnonzero(mask), 28)
        top_left = image.get_corner(UP + LEFT)
        if mask.reshape(28, 28)[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1].all():
            boxes = [(rows.min(), cols.min(), rows.max() - rows.min() + 1)]  # a full block
        else:
            boxes = [(r, c, 1) for r, c in zip(rows, cols)]
        group = VGroup()
        for r, c, n in boxes:
            square = Rectangle(width=n * side, height=n * side, stroke_color=color,
                               stroke_width=4)  # fmt: skip
            square.set_stroke(self.theme.background, 9, background=True)  # reads on ink too
            centre = top_left + np.array([(c + n / 2) * side, -(r + n / 2) * side, 0])
            group.add(square.move_to(centre).scale(1.0 if n > 1 else 1.6))
        return group

    @staticmethod
    def mark_pixels(image, marks: VGroup) -> list[tuple[int, int]]:
        """Pixel (row, col) under each mark's centre: what the marks point at, read back."""
        side = image.height / 28
        top_left = image.get_corner(UP + LEFT)
        out = []
        for mark in marks:
            x, y = (mark.get_center() - top_left)[:2]
            out.append((int(np.floor(-y / side)), int(np.floor(x / side))))
        return out
