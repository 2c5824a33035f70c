"""Clip 17, ShuffledPixels: shuffle every image's pixels the same way; who cares?

One fixed permutation of the 784 pixels, applied to every training and test
image alike. Four computed test accuracies in a 2x2 table: the fully
connected 784-16-16-10 digit network and a small convolutional network
(three 3x3 layers of 8 filters, then a dense layer), each trained on the
original and on the shuffled images. The fully connected pair is shown to be
the *same run*: trained from the original's start with its first-layer
columns permuted the same way (``nnmath.permute_first_layer``), its recorded
costs and weights match the original's to rounding (the largest difference is
computed and shown). The convolutional network drops: its 3x3 filters read
neighbouring pixels, and the shuffle scatters neighbours across the image.

Render: ``python -m scenes render ShuffledPixels`` (or
``manim -ql scenes/clips/shuffled_pixels.py ShuffledPixels``); try
``--set perm_seed=3 --set seed=1 --set image=7``.

This module also holds the cached convolutional training that
``scenes/clips/receptive_field.py`` (clip 23, ReceptiveField) reads, so both
clips show the same trained network.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    Line,
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
    trained_digit_network,
)
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.fades import fade_in
from scenes.widgets.images import framed, grey_image
from scenes.widgets.plots import make_axes, polyline
from scenes.widgets.text import Captions, merged_text, title

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
        Param("image", int, 3, "test image shown with its shuffled twin", lo=0, hi=59_999),
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

    # Layout (scene units): the digits on the left, the table and the verdicts on the right.
    DIGIT_H = 2.2
    DIGIT_X = (-5.5, -3.05)
    DIGIT_Y = 1.45
    COL_X = (4.25, 5.95)  # centres of the table's two columns
    ROW_Y = (1.7, 0.5)  # fully connected, convolutional
    TABLE_LEFT = -1.2
    NOTES_Y = (-0.35, -1.15, -1.7)  # tops of the right-hand notes: FC gap, CNN drop, verdict

    def construct(self) -> None:
        self.add(title("Shuffled pixels: which network notices?", self.theme))
        self.show_shuffle()
        self.show_table()
        self.show_fc_identical()
        self.show_cnn_drop()
        self.show_verdict()
        self.wait(2.0)

    # -- steps -----------------------------------------------------------------
    def show_shuffle(self) -> None:
        self.next_section("shuffle")
        d, t = self.data, self.theme
        self.digits = []
        labels = VGroup()
        for x, pixels, name in zip(self.DIGIT_X, (d.image, d.twin), SIDES):
            image = grey_image(pixels.reshape(28, 28), self.DIGIT_H, t)
            image.move_to([x, self.DIGIT_Y, 0])
            self.digits.append(image)
            label = merged_text(name, t.text, 24)  # tops aligned: "g" hangs below
            labels.add(label.move_to(image.get_top() + 0.45 * UP, aligned_edge=UP))
        note = merged_text(
            "the same shuffle for every image,\ntraining and test alike",
            t.highlight, 20, line_spacing=0.8,
        )  # fmt: skip
        note.next_to(self.digits[0], DOWN, buff=0.15).set_x(np.mean(self.DIGIT_X))
        self.add(*(framed(img, t) for img in self.digits))
        self.play(fade_in(labels), fade_in(note), run_time=0.8)
        self.set_caption(
            f"Test digit {self.p.image} (a {d.label}), and the same pixels put in another order:\n"
            f"one permutation (seed {self.p.perm_seed}) applied to every image, never a new one"
        )
        self.shown["image"] = self.p.image
        self.shown["digit_pixels"] = self.digits[0].pixel_array[..., 0].copy()
        self.shown["twin_pixels"] = self.digits[1].pixel_array[..., 0].copy()
        self.wait(2.0)

    def show_table(self) -> None:
        self.next_section("table")
        d, t = self.data, self.theme
        self.table = VGroup()
        for x, side in zip(self.COL_X, SIDES):
            head = merged_text(side, t.text, 24).move_to([x, 2.75, 0], aligned_edge=UP)
            self.table.add(head)
        names = {
            "fc": ("fully connected", f"784-16-16-10\n{d.n_params['fc']:,} parameters"),
            "cnn": (
                "convolutional",
                f"3 layers of 8 3\u00d73 filters + dense\n"
                f"{d.n_params['cnn']:,} parameters",
            ),
        }
        self.row_heads = {}
        for y, net in zip(self.ROW_Y, NETS):
            name, sub = names[net]
            head = merged_text(name, t.text, 26)
            detail = merged_text(sub, t.muted, 20, line_spacing=0.8)
            block = VGroup(head, detail).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
            block.move_to([self.TABLE_LEFT, y, 0], aligned_edge=LEFT)
            self.row_heads[net] = block
            self.table.add(block)
        self.shown["n_params"] = {net: f"{d.n_params[net]:,}" for net in NETS}
        rule = Line([self.TABLE_LEFT, 2.3, 0], [6.75, 2.3, 0], stroke_color=t.axis, stroke_width=2)
        self.play(fade_in(self.table), Create(rule), run_time=0.8)
        self.set_caption(
            f"Train each network twice, on the original and on the shuffled images,\n"
            f"and score it on the {d.n_test:,} test images (shuffled the same way for the second)"
        )
        self.cells = {}
        self.shown["accuracy"] = {}
        for y, net in zip(self.ROW_Y, NETS):
            for x, side in zip(self.COL_X, SIDES):
                text = percent(d.accuracy[net, side])
                cell = merged_text(text, t.highlight, 28).move_to([x, y, 0])
                self.cells[net, side] = cell
                self.shown["accuracy"][net, side] = text
                self.play(fade_in(cell), run_time=0.5)
        self.wait(1.5)

    def show_fc_identical(self) -> None:
        self.next_section("fc_identical")
        d, t = self.data, self.theme
        box = self.row_bar("fc", t.correct)
        self.plot = self.loss_plot()
        self.play(Create(box), fade_in(self.plot), run_time=0.8)
        self.set_caption(
            "Fully connected: start the shuffled run from the original's start, its first-layer\n"
            "weights permuted the same way (just another random start); same batches"
        )
        original, shuffled = self.curves
        self.play(Create(original), run_time=1.5)
        self.play(Create(shuffled), run_time=1.5)
        gap = merged_text(
            f"largest difference of the {len(d.fc_epochs)} recorded costs: "
            f"{scientific(d.loss_gap)}\nof the weights (first layer unshuffled): "
            f"{scientific(d.weight_gap)}",
            t.text, 20, line_spacing=0.8,
        )  # fmt: skip
        gap.move_to([self.TABLE_LEFT, self.NOTES_Y[0], 0], aligned_edge=UP + LEFT)
        self.play(fade_in(gap), run_time=0.6)
        if d.loss_gap < IDENTICAL_TOL:
            self.set_caption(
                "The two curves are one: the same network, its inputs relabelled.\n"
                "It never used which pixels are neighbours: the shuffle changes only rounding"
            )
        else:  # long runs: sums taken in another order round differently, and SGD amplifies it
            self.set_caption(
                "The same network, its inputs relabelled: only the order of each sum differs,\n"
                f"and over {self.p.fc_epochs} epochs those rounding differences grew to this"
            )
        self.shown["called_identical"] = d.loss_gap < IDENTICAL_TOL
        self.shown["loss_gap"] = scientific(d.loss_gap)
        self.shown["weight_gap"] = scientific(d.weight_gap)
        self.shown["loss_curves"] = [
            np.array([self.axes.p2c(pt) for pt in (*curve.get_start_anchors(), curve.get_end())])
            for curve in self.curves
        ]
        self.wait(2.5)
        self.remove(box)

    def show_cnn_drop(self) -> None:
        self.next_section("cnn_drop")
        d, t = self.data, self.theme
        box = self.row_bar("cnn", t.compare)
        marks = VGroup(
            *(self.pixel_marks(img, mask, t.highlight) for img, mask in
              zip(self.digits, (d.window, d.window_twin)))
        )  # fmt: skip
        block, scattered = marks
        links = VMobject(stroke_color=t.highlight, stroke_width=1.5, stroke_opacity=0.7)
        for square in scattered:
            links.start_new_path(block.get_right())
            links.add_line_to(square.get_center())
        self.play(Create(box), Create(block), run_time=0.8)
        self.set_caption(
            "A 3\u00d73 filter reads 9 neighbouring pixels, the same filter at every position..."
        )
        self.play(Create(links), Create(scattered), run_time=1.5)
        drop = d.accuracy["cnn", "shuffled"] - d.accuracy["cnn", "original"]
        text = (
            f"convolutional: {percent(d.accuracy['cnn', 'original'])} \u2192 "
            f"{percent(d.accuracy['cnn', 'shuffled'])} ({100 * drop:+.1f} points)"
        ).replace("-", "\u2212")
        self.drop_text = merged_text(text, t.text, 22)
        self.drop_text.move_to([self.TABLE_LEFT, self.NOTES_Y[1], 0], aligned_edge=UP + LEFT)
        self.play(fade_in(self.drop_text), run_time=0.6)
        self.set_caption(
            "...its 3\u00d73 filters need neighbouring pixels to be neighbours:\n"
            "after the shuffle those 9 pixels lie all over the image"
        )
        self.shown["window"] = np.flatnonzero(d.window)
        self.shown["window_twin"] = np.flatnonzero(d.window_twin)
        self.shown["window_marks"] = [
            self.mark_pixels(img, m) for img, m in zip(self.digits, marks)
        ]
        self.shown["cnn_drop"] = f"{100 * drop:+.1f}"
        self.wait(2.5)
        self.remove(box)

    def show_verdict(self) -> None:
        self.next_section("verdict")
        d, t = self.data, self.theme
        lead = d.accuracy["cnn", "original"] - d.accuracy["fc", "original"]
        shuffled_lead = d.accuracy["cnn", "shuffled"] - d.accuracy["fc", "shuffled"]
        ratio = d.n_params["cnn"] / d.n_params["fc"]
        verdict = merged_text(
            f"CNN minus fully connected: {100 * lead:+.1f} points\n"
            f"on the originals, {100 * shuffled_lead:+.1f} on the shuffled\n"
            f"(the CNN has {ratio:.1f}\u00d7 the parameters)".replace("-", "\u2212"),
            t.text, 22, line_spacing=0.8,
        )  # fmt: skip
        verdict.move_to([self.TABLE_LEFT, self.NOTES_Y[2], 0], aligned_edge=UP + LEFT)
        self.play(fade_in(verdict), run_time=0.6)
        if lead <= 0:
            caption = (
                "Here the CNN did not beat the fully connected network even on the\n"
                "original images: its assumption about neighbours did not pay off in this run"
            )
        elif shuffled_lead <= 0:
            caption = (
                "The CNN's lead came from assuming neighbours matter:\n"
                "shuffle the neighbourhoods away and the lead is gone"
            )
        else:
            caption = (
                f"The CNN's lead comes from assuming neighbours matter: shuffled, it keeps\n"
                f"{100 * shuffled_lead:.1f} of its {100 * lead:.1f} points "
                f"(it also has {ratio:.1f}\u00d7 the parameters)"
            )
        self.set_caption(caption)
        self.shown["cnn_lead"] = f"{100 * lead:+.1f}"
        self.shown["shuffled_lead"] = f"{100 * shuffled_lead:+.1f}"
        self.shown["param_ratio"] = f"{ratio:.1f}"

    # -- pieces ----------------------------------------------------------------
    def loss_plot(self) -> VGroup:
        """Log-scale axes for the FC pair's recorded costs, with the two curves (not drawn yet)."""
        d, t = self.data, self.theme
        logs = [np.log10(np.maximum(loss, 1e-12)) for loss in d.fc_loss]
        lo = float(np.floor(min(v.min() for v in logs)))
        hi = float(np.ceil(max(v.max() for v in logs)))
        x_hi = float(d.fc_epochs[-1])
        step = next(s for s in (1, 2, 5, 10, 20) if x_hi / s <= 6)
        self.axes = make_axes(t, [0, x_hi, step], [lo, hi, 1], 4.2, 1.55, numbers=False)
        self.axes.move_to([-3.95, -1.7, 0])
        # Manim puts the x axis at y = 0, a cost of 1 on this scale: move it to the bottom
        self.axes.x_axis.shift(UP * (self.axes.c2p(0, lo)[1] - self.axes.x_axis.get_center()[1]))
        labels = VGroup()
        for e in np.arange(0, x_hi + 0.5, step):
            tick = merged_text(f"{e:g}", t.muted, 20)
            labels.add(tick.next_to(self.axes.c2p(e, lo), DOWN, buff=0.1))
        for v in np.arange(lo, hi + 0.5):
            tick = merged_text(f"{10 ** v:g}", t.muted, 20)
            labels.add(tick.next_to(self.axes.c2p(0, v), LEFT, buff=0.1))
        name = merged_text("fully connected: cost by epoch", t.muted, 20)
        name.next_to(self.axes, UP, buff=0.15).align_to(self.axes, LEFT)
        key = VGroup()
        for color, width, text in ((t.model, 8, "original"), (t.compare, 3, "shuffled")):
            swatch = Line(LEFT * 0.2, RIGHT * 0.2, stroke_color=color, stroke_width=width)
            key.add(VGroup(swatch, merged_text(text, t.text, 20)).arrange(RIGHT, buff=0.12))
        key.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        key.next_to(self.axes.c2p(x_hi, hi), DL, buff=0.1)
        self.curves = [
            polyline(self.axes, d.fc_epochs, v, color, width)
            for v, color, width in zip(logs, (t.model, t.compare), (8, 3))
        ]
        self.curves[1].set_z_index(1)
        return VGroup(self.axes, labels, name, key)

    def row_bar(self, net: str, color: str) -> Line:
        """A bar left of a table row: which row the beat is about (crosses no text)."""
        head = self.row_heads[net]
        x = self.TABLE_LEFT - 0.2
        return Line([x, head.get_top()[1] + 0.05, 0], [x, head.get_bottom()[1] - 0.05, 0],
                    stroke_color=color, stroke_width=8)  # fmt: skip

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
                               stroke_width=3)  # fmt: skip
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
