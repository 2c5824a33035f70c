"""Clip 24, PruneWeights: delete the smallest weights and watch what the network still knows.

The trained digit network's 16 first-layer weight grids empty as a growing
fraction of its smallest weights (of all layers, one global |w| threshold) is
set to exactly zero, while its test accuracy is plotted against the fraction
pruned: without retraining, then after a short retraining of the survivors
(pruned weights held at zero); then the same two curves for a wider network.
Each curve is marked at the last fraction before it first falls more than a
point below the unpruned network: a dot on the curve and that fraction as a
tick on the x axis, the number the captions say. Everything comes from
``nnmath.pruning``.

Render: ``python -m scenes render PruneWeights`` (e.g. ``--set wide=784-300-10
--set retrain_epochs=2``) or ``manim -ql scenes/clips/prune_weights.py PruneWeights``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    UR,
    Create,
    Dot,
    Group,
    ImageMobject,
    Line,
    Rectangle,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    linear,
)

from nnmath import (
    Network,
    PruningCurve,
    TrainingDiverged,
    Trajectory,
    prune,
    pruning_curve,
    train_classifier,
)
from scenes.core.cache import cached_trajectory
from scenes.core.digit_model import (
    BATCH_SIZE,
    DIGIT_PARAMS,
    LEARNING_RATE,
    digit_data,
    trained_digit_network,
)
from scenes.core.layout import MAIN
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.fades import fade_in, fade_out
from scenes.widgets.images import diverging_rgb, weight_grid
from scenes.widgets.plots import axis_label, make_axes
from scenes.widgets.text import Captions, LiveNumber, legend, merged_text, title, with_role

#: The wider networks to compare with, trained like the small one, and their learning
#: rates (for training and retraining): 784-300-10 saturates at 1.0 and stays at chance.
WIDE_PRESETS = {"784-30-10": ((784, 30, 10), 1.0), "784-100-10": ((784, 100, 10), 1.0),
                "784-64-64-10": ((784, 64, 64, 10), 1.0), "784-300-10": ((784, 300, 10), 0.5)}
#: Fractions always measured, whatever the step: the halfway mark, the "90%" of the
#: often-quoted claim, and the steep end.
ALWAYS = (50, 90, 95, 99)
TOLERANCE = 0.01  # "more than one point below the unpruned network"


def fraction_grid(step_percent: int) -> np.ndarray:
    """0%, step, 2 step ... up to 95%, plus :data:`ALWAYS`, as fractions."""
    percents = set(range(0, 96, step_percent)) | set(ALWAYS)
    return np.array(sorted(percents), dtype=float) / 100.0


def log_kept(fractions) -> np.ndarray:
    """The plot's x: -log10(share kept). 0% pruned -> 0, 90% -> 1, 99% -> 2.

    A log scale of what is kept spreads out the last tenth, where all the change is.
    """
    return -np.log10(1.0 - np.asarray(fractions, dtype=float))


def pct(value: float, decimals: int = 1) -> str:
    """``0.909 -> "90.9%"``: how every accuracy and fraction is printed."""
    return f"{100 * value:.{decimals}f}%"


def signed(change: float) -> str:
    """An accuracy change in points, with a true minus sign: ``-0.079 -> "\u22127.9"``."""
    text = f"{100 * change:+.1f}"
    return "+0.0" if text == "-0.0" else text.replace("-", "\u2212")


@dataclass(frozen=True)
class NetCurve:
    """One network's pruning curve and what the clip draws from it."""

    name: str  # "784-16-16-10"
    curve: PruningCurve  # from nnmath (its ``retrained`` networks are not kept)
    zero_weights: np.ndarray  # (F,) weights exactly 0 in prune(net, f), all layers
    first_layer: np.ndarray | None  # (F, n1, 784) pruned first layer (small network only)
    first_layer_retrained: np.ndarray | None  # (F, n1, 784) the same after retraining

    def drop(self, retrained: bool = False) -> float | None:
        """nnmath's first fraction more than a point below the unpruned accuracy."""
        return self.curve.first_drop(TOLERANCE, retrained)


@dataclass(frozen=True)
class PruneData:
    """Everything the clip shows, computed before the first frame."""

    small: NetCurve
    wide: NetCurve
    retrain_epochs: int
    scale: float  # largest |w| of the unpruned first layer: full colour in the grids
    blank: np.ndarray  # (784,) pixels with no ink in any training image
    blank_weights: int  # first-layer weights reading them
    blank_gone_at_half: float  # share of those weights zero at 50% pruned


def train_wide(p: ParamValues) -> Network:
    """The wider network, trained like the small one (sigmoid, same seed, epochs and steps)."""
    data = digit_data(p.data)
    sizes, lr = WIDE_PRESETS[p.wide]
    key = {"source": p.data, "seed": p.seed, "epochs": p.epochs, "layers": list(sizes),
           "batch_size": BATCH_SIZE, "learning_rate": lr,
           "directory": os.environ.get("NNFIT_MNIST_DIR", "") if p.data == "full" else ""}

    def train() -> Trajectory:
        return train_classifier(sizes, "sigmoid", p.epochs, BATCH_SIZE, lr,
                                p.seed, data)[1]

    try:
        return cached_trajectory("digits_wide", key, train).network_at(-1)
    except TrainingDiverged as exc:
        raise ParamError(str(exc).splitlines()[0]) from None


def measure(name: str, net: Network, p: ParamValues, lr: float, keep_first_layer: bool) -> NetCurve:
    """nnmath's pruning curve of ``net`` (cached: about 1 s of CPU per curve and epoch)."""
    data = digit_data(p.data)
    fractions = fraction_grid(p.step)
    key = {"network": hashlib.sha256(net.get_params().tobytes()).hexdigest()[:16],
           "layers": net.layer_sizes, "source": p.data, "fractions": fractions.tolist(),
           "retrain_epochs": p.retrain_epochs, "batch_size": BATCH_SIZE,
           "learning_rate": lr, "seed": p.seed, "first_layer": keep_first_layer}

    def compute() -> Trajectory:
        c = pruning_curve(net, fractions, data, p.retrain_epochs, BATCH_SIZE, lr,
                          p.seed)
        extras = {"fractions": c.fractions, "n_removed": c.n_removed, "accuracy": c.accuracy,
                  "retrained_accuracy": c.retrained_accuracy}
        if keep_first_layer:
            extras["retrained_first_layer"] = np.stack([n.weights[0] for n in c.retrained])
        # One row: the network pruned; the curve's arrays ride along as extras.
        return Trajectory([0], net.get_params()[None], [1.0 - c.baseline], net.layer_sizes,
                          net.activation, net.output_activation,
                          {k: v[None] for k, v in extras.items()},
                          {**c.meta, "baseline": c.baseline, "n_weights": c.n_weights})

    try:
        run = cached_trajectory("pruning_curve", key, compute)
    except TrainingDiverged as exc:
        raise ParamError(str(exc).splitlines()[0]) from None
    ex = {k: v[0] for k, v in run.extras.items()}
    curve = PruningCurve(ex["fractions"], ex["n_removed"], int(run.meta["n_weights"]),
                         float(run.meta["baseline"]), ex["accuracy"], ex["retrained_accuracy"],
                         [], run.meta)
    pruned = [prune(net, f) for f in fractions]
    zeros = np.array([sum(int((w == 0).sum()) for w in n.weights) for n in pruned])
    first = np.stack([n.weights[0] for n in pruned]) if keep_first_layer else None
    return NetCurve(name, curve, zeros, first, ex.get("retrained_first_layer"))


def densify(polylines: list[np.ndarray]) -> np.ndarray:
    """Points every 1/24 of each segment of the polylines (screen units, for overlap tests)."""
    t = np.linspace(0, 1, 25)[:, None]
    return np.vstack([a + t * (b - a) for line in polylines for a, b in zip(line[:-1], line[1:])])


def is_clear(mob, pts: np.ndarray, boxes: list[np.ndarray], pad: float = 0.06) -> bool:
    """Whether ``mob``'s box (grown by ``pad``) misses every point and every other box."""
    lo, hi = mob.get_corner(DL)[:2] - pad, mob.get_corner(UR)[:2] + pad
    if any(b[0] < hi[0] and lo[0] < b[2] and b[1] < hi[1] and lo[1] < b[3] for b in boxes):
        return False
    return not np.any(np.all((pts[:, :2] > lo) & (pts[:, :2] < hi), axis=1))


def box(mob) -> np.ndarray:
    return np.r_[mob.get_corner(DL)[:2], mob.get_corner(UR)[:2]]


def last_within(curve: NetCurve, retrained: bool) -> float | None:
    """The last fraction before nnmath's first_drop (all of them if none drops): the dot."""
    drop = curve.drop(retrained)
    fractions = curve.curve.fractions
    before = fractions if drop is None else fractions[fractions < drop]
    return float(before.max()) if len(before) else None


def within_text(curve: NetCurve, retrained: bool) -> str:
    """Up to which fraction the curve stays within a point, from nnmath's first_drop."""
    last = last_within(curve, retrained)
    if last is None:
        return f"more than a point below from {pct(curve.drop(retrained), 0)}"
    return f"within a point up to {pct(last, 0)}"


def within_sentence(curve: NetCurve, retrained: bool) -> str:
    """The same as a sentence of the narration, with the unpruned accuracy."""
    last, base = last_within(curve, retrained), pct(curve.curve.baseline)
    if last is None:
        return (f"test accuracy is more than a point below the unpruned {base} already at "
                f"{pct(curve.drop(retrained), 0)} pruned.")
    return (f"test accuracy stays within one point of the unpruned {base} up to "
            f"{pct(last, 0)} of the weights pruned (the dot).")


class PruneWeights(Captions, ClipScene):
    """Magnitude pruning of the digit network, and of a wider one, with and without retraining."""

    SUMMARY = "pruning the smallest weights: accuracy against fraction removed, retrained or not"
    PARAMS = (
        *(Param(d.name, d.type, d.default, d.help, lo=1, hi=d.hi) if d.name == "epochs" else d
          for d in DIGIT_PARAMS),  # untrained: nothing to prune
        Param("wide", str, "784-100-10", "the wider network shown beside it",
              choices=tuple(WIDE_PRESETS)),
        Param("retrain_epochs", int, 1, "epochs of masked retraining per fraction", lo=0, hi=5),
        Param("step", int, 5, "spacing of the fractions pruned, in percent", lo=2, hi=10),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> PruneData:
        net, _, (train_images, _, _, _) = trained_digit_network(p.data, p.seed, p.epochs)
        small = measure("784-16-16-10", net, p, LEARNING_RATE, keep_first_layer=True)
        wide = measure(p.wide, train_wide(p), p, WIDE_PRESETS[p.wide][1], keep_first_layer=False)
        for curve in (small, wide):  # a network at chance has nothing to lose
            if curve.curve.baseline < 0.5:
                raise ParamError(f"the {curve.name} network reaches only "
                                 f"{pct(curve.curve.baseline)} test accuracy with these "
                                 "settings; nothing to prune (try more epochs)")
        # Pixels never inked give their weights no gradient: they keep their random start.
        blank = np.max(train_images, axis=0) == 0
        half = prune(net, 0.5).weights[0][:, blank]
        return PruneData(small, wide, p.retrain_epochs, float(np.abs(net.weights[0]).max()),
                         blank, int(half.size), float((half == 0).mean()) if half.size else 0.0)

    # -- layout (scene units; the regions of scenes.core.layout) ----------------------
    TILE_BUFF = 0.1
    PLOT_W = 5.3  # the axes' width; two plots side by side fill MAIN in the last beats
    TICK_ROOM = 0.4  # from the axes' right end to the frame margin: the last tick's overhang
    BELOW_AXES = 0.95  # tick row and the x axis' name, under the axes
    X_TICKS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)
    #: The verdict compares both networks: their headers and marks (6), and the claim's 90%.
    NUMBERS_ALLOW = {"verdict": 7}

    def construct(self) -> None:
        self.add(title("Pruning: delete the smallest weights", self.theme))
        self.shown["fractions"] = self.data.small.curve.fractions.tolist()
        self.show_weights()
        self.prune_sweep()
        self.blank_pixels()
        self.retrain_sweep()
        self.wider()
        self.verdict()

    # -- steps -------------------------------------------------------------------
    def show_weights(self) -> None:
        d = self.data
        self.build_readouts()
        self.build_tiles()
        self.paint_tiles(d.small.first_layer[0])
        self.show_state(0)
        c = d.small.curve
        n1 = d.small.first_layer.shape[1]
        self.play(self.start_beat(
            "weights", "Each square: one first-layer neuron's weights",
            f"The trained digit network, {d.small.name}, has {c.n_weights:,} weights. Each "
            f"square is one of its {n1} first-layer neurons: its 784 weights, blue where "
            f"positive and orange where negative, brighter for larger |w| (full colour at "
            f"\u00b1{d.scale:.2f}, on a square-root scale). Pruning sets the smallest |w| of "
            "all layers to exactly zero: the background colour."),
            fade_in(self.tiles), Create(self.frames), fade_in(self.grid_extras),
            fade_in(self.readouts), run_time=1.0)
        self.wait(2.5)

    def prune_sweep(self) -> None:
        d = self.data
        c = d.small.curve
        self.plot = self.build_plot(d.small, self.plot_corner)
        self.play(self.start_beat(
            "prune", "Prune ever more of the smallest weights",
            "Prune ever more of the smallest weights, with no retraining, and measure the "
            f"accuracy on {c.meta['n_test']:,} test images the network never trained on; "
            "the x axis spreads out the last tenth, where the change is."),
            *self.show_plot(self.plot), run_time=0.8)
        self.sweep(self.plot, "pruned", d.small.first_layer)
        first_left = int(np.count_nonzero(d.small.first_layer[-1]))
        end = (f"At {pct(c.fractions[-1], 0)} no first-layer weight is left: the answer no longer "
               f"depends on the image ({pct(c.accuracy[-1])})." if first_left == 0 else
               f"At {pct(c.fractions[-1], 0)}: {first_left:,} first-layer weights, "
               f"{pct(c.accuracy[-1])}.")
        self.shown["first_layer_left_at_end"] = first_left
        self.play(self.start_beat(
            "prune_result", f"No retraining: {within_text(d.small, False)} pruned",
            f"Without retraining, {within_sentence(d.small, False)}{self.drop_text(d.small, False)}"
            f" {end}"),
            *self.show_mark(self.plot, "pruned"), run_time=0.8)
        self.wait(2.5)

    def blank_pixels(self) -> None:
        d, t = self.data, self.theme
        n_blank, n_w = int(d.blank.sum()), d.small.curve.n_weights
        rgba = np.zeros((28, 28, 4), dtype=np.uint8)
        rgba[d.blank.reshape(28, 28)] = [*bytes.fromhex(t.highlight[1:]), 255]
        marks = Group(*(ImageMobject(rgba).set_resampling_algorithm(0).set(height=self.tile)
                        .move_to(tile) for tile in self.tiles))
        self.show_state(0)
        self.play(self.start_beat(
            "blank", "Blank pixels' weights never learn",
            f"{n_blank} of the 784 pixels are blank in every training image (marked): their "
            f"{d.blank_weights:,} weights, {d.blank_weights / n_w:.1%} of all {n_w:,}, get no "
            "gradient and keep their small random starting values."),
            fade_in(marks), run_time=0.6)
        self.wait(2.5)
        half = int(np.flatnonzero(d.small.curve.fractions == 0.5)[0])
        self.show_state(half)
        change = d.small.curve.accuracy[half] - d.small.curve.baseline
        cost = f"changes accuracy by {signed(change)} points" if abs(change) >= 5e-4 else (
            "costs nothing")
        self.play(self.start_beat(
            "half", f"At half pruned, {d.blank_gone_at_half:.0%} of the blank pixels' weights "
            "are gone",
            f"At 50% pruned, {d.blank_gone_at_half:.0%} of them are gone: part of why pruning "
            f"the first half {cost}."), fade_out(marks), run_time=0.6)
        bg = np.array(list(bytes.fromhex(t.background[1:])), dtype=np.uint8)
        background = sum(int(np.all(m.pixel_array[..., :3] == bg, -1).sum()) for m in self.tiles)
        self.shown["blank"] = {"pixels": n_blank, "weights": d.blank_weights, "half": cost,
                               "share": f"{d.blank_weights / n_w:.1%}", "background_pixels_at_half":
                               background, "gone_at_half": f"{d.blank_gone_at_half:.0%}"}
        self.wait(2.5)

    def retrain_sweep(self) -> None:
        d = self.data
        if not d.retrain_epochs:
            self.beat("retrain", "This run does not retrain",
                      "With retrain_epochs set to 0 nothing is retrained, so there is no second "
                      "curve.")
            self.wait(2.0)
            return
        self.swatch.set_stroke(self.theme.compare)  # the accuracy readout follows this curve
        self.beat("retrain", "Prune, then retrain the weights that are left",
                  f"Now the same pruning, then {self.epochs_text()} of training of the "
                  "surviving weights, the pruned ones held at exactly zero.")
        self.sweep(self.plot, "retrained", d.small.first_layer_retrained)
        self.play(self.start_beat(
            "retrain_result", f"Retrained: {within_text(d.small, True)} pruned",
            f"Retrained, {within_sentence(d.small, True)}{self.drop_text(d.small, True)}"),
            *self.show_mark(self.plot, "retrained"), run_time=0.8)
        self.wait(2.5)

    def wider(self) -> None:
        d = self.data
        c = d.wide.curve
        dx = MAIN.x0 - self.plot["y_name"].get_left()[0]
        gone = Group(self.tiles, self.frames, self.grid_extras, self.readouts)
        lr = WIDE_PRESETS[self.p.wide][1]
        results = f" Without retraining it stays {within_text(d.wide, False)} pruned"
        results += (f"; retrained, {within_text(d.wide, True)} pruned." if d.retrain_epochs
                    else ".")
        self.play(self.start_beat(
            "wider", "A wider network, pruned the same way",
            f"A wider network, {d.wide.name}, with {c.n_weights:,} weights and "
            f"{pct(c.baseline)} test accuracy unpruned, pruned and retrained the same way"
            + (f" (learning rate {lr:g})." if lr != LEARNING_RATE else ".") + results),
            fade_out(gone), self.plot["all"].animate.shift(dx * RIGHT), run_time=1.0)
        self.wide_plot = self.build_plot(d.wide, self.plot_corner)
        self.play(*self.show_plot(self.wide_plot), run_time=0.6)
        self.sweep(self.wide_plot, "both", None, run_time=5.0)
        keys = ["pruned", "retrained"] if d.retrain_epochs else ["pruned"]
        self.play(*(a for k in keys for a in self.show_mark(self.wide_plot, k)), run_time=0.6)
        self.wait(2.5)

    def verdict(self) -> None:
        d = self.data
        notes = []
        for net in (d.small, d.wide):
            notes.append(f"no retraining: {within_text(net, False)}")
            if d.retrain_epochs:
                notes.append(f"retrained: {within_text(net, True)}")
        self.shown["verdict"] = notes
        at90, parts, within = {}, [], {}
        for net in (d.small, d.wide):
            i = int(np.flatnonzero(net.curve.fractions == 0.9)[0])
            changes = [net.curve.accuracy[i] - net.curve.baseline]
            if d.retrain_epochs:
                changes.append(net.curve.retrained_accuracy[i] - net.curve.baseline)
            at90[net.name] = [signed(x) for x in changes]
            within[net.name] = any(x >= -TOLERANCE for x in changes)
            text = f"{net.name} {at90[net.name][0]}"
            if d.retrain_epochs:
                text += f" ({'retrained ' if not parts else ''}{at90[net.name][1]})"
            parts.append(text)
        self.shown["at_90"] = at90
        small_ok, wide_ok = within[d.small.name], within[d.wide.name]
        headline = ("At 90% pruned, both networks stay within a point" if small_ok and wide_ok
                    else "At 90% pruned, neither network stays within a point"
                    if not (small_ok or wide_ok) else
                    f"At 90% pruned, only the {'wider' if wide_ok else 'small'} network "
                    "stays within a point")
        self.beat("verdict", headline,
                  "\u201c90% of the weights with no loss\u201d is a claim made for large "
                  "networks. The dots mark how far each network here can be pruned and stay "
                  f"within one point of its unpruned accuracy, on these "
                  f"{d.small.curve.meta['n_test']:,} test images and this grid of fractions. "
                  "At 90% pruned, in points: " + ", ".join(parts) + ".")
        self.wait(4.0)
        self.record_curve("small", d.small, self.plot)
        self.record_curve("wide", d.wide, self.wide_plot)

    # -- pieces ------------------------------------------------------------------
    def epochs_text(self) -> str:
        n = self.data.retrain_epochs
        return f"{n} epoch" + ("s" if n > 1 else "")

    def drop_text(self, net: NetCurve, retrained: bool) -> str:
        """The next measured fraction, the first more than a point below (nnmath's first_drop)."""
        drop = net.drop(retrained)
        if drop is None or last_within(net, retrained) is None:
            return ""
        return f" At {pct(drop, 0)} it is more than a point below."

    def paint_tiles(self, layer: np.ndarray) -> None:
        """Show one first layer (16, 784) in the tiles on screen, brightness by sqrt(|w| / max):
        small weights stay visible until pruned, and a pruned one is exactly the background."""
        for tile, w in zip(self.tiles, layer.reshape(-1, 28, 28)):
            values = np.sign(w) * np.sqrt(np.abs(w) / self.data.scale)
            tile.pixel_array[..., :3] = diverging_rgb(values, self.theme, 1.0)

    def build_tiles(self) -> None:
        """The first layer's weight grids, 4 a row, between a header and a colour key, in
        the space MAIN leaves left of the plot."""
        t = self.theme
        header = merged_text("first-layer weights", t.text, Size.READOUT)
        key = legend([(t.positive, "positive", "box"), (t.negative, "negative", "box")], t,
                     direction=RIGHT)
        n = len(self.data.small.first_layer[0])
        cols = int(np.ceil(np.sqrt(n)))
        rows = int(np.ceil(n / cols))
        room = MAIN.height - header.height - key.height - 0.5
        right = self.plot_left - 0.5
        width = right - MAIN.x0
        self.tile = min((room - (rows - 1) * self.TILE_BUFF) / rows,
                        (width - (cols - 1) * self.TILE_BUFF) / cols)
        step = self.tile + self.TILE_BUFF
        x0 = (MAIN.x0 + right) / 2
        y0 = MAIN.y1 - header.height - 0.25 - (rows * step - self.TILE_BUFF) / 2
        self.frames = VGroup(*(Rectangle(width=self.tile, height=self.tile, stroke_width=1.5,
                                         stroke_color=t.muted).move_to(
            [x0 + (j % cols - (cols - 1) / 2) * step, y0 + ((rows - 1) / 2 - j // cols) * step, 0])
            for j in range(n)))
        self.tiles = Group(*(weight_grid(np.zeros(784), t, self.tile).move_to(f.get_center())
                             for f in self.frames))
        header.next_to(self.frames, UP, buff=0.25)
        key.next_to(self.frames, DOWN, buff=0.25)
        self.grid_extras = Group(header, key)

    def build_readouts(self) -> None:
        """Above the plot: the share pruned and the accuracy now (a swatch: which curve).

        Numbers right-aligned in slots as wide as their widest value, so they never push text.
        Fixes the plot's corner (``self.plot_corner``) and left edge (``self.plot_left``)."""
        t = self.theme
        self.numbers: dict[str, LiveNumber] = {}
        pieces = []
        for key, text, decimals, widest in (("pruned", "pruned", 0, 100),
                                            ("acc", "accuracy", 1, 100)):
            label = merged_text(text, t.text, Size.READOUT)
            slot = LiveNumber(widest, decimals, Size.READOUT, unit="%").width
            number = LiveNumber(0, num_decimal_places=decimals, font_size=Size.READOUT,
                                color=t.text, unit="%", edge=RIGHT)
            number.next_to(label, RIGHT, buff=0.2 + slot - number.width).align_to(label, DOWN)
            self.numbers[key] = number
            pieces.append(VGroup(label, number))
        self.swatch = Line(ORIGIN, RIGHT * 0.5, stroke_color=t.model, stroke_width=5)
        acc = VGroup(self.swatch, pieces[1]).arrange(RIGHT, buff=0.18)
        self.readouts = VGroup(pieces[0], acc).arrange(RIGHT, buff=0.7, aligned_edge=DOWN)
        # the plot: axes PLOT_W wide ending TICK_ROOM before MAIN's right edge; above them
        # the readouts, then the network's header
        axes_left = MAIN.x1 - self.TICK_ROOM - self.PLOT_W
        self.readouts.move_to([MAIN.x1, MAIN.y1, 0], aligned_edge=UR)
        self.plot_corner = (axes_left, MAIN.y0 + self.BELOW_AXES)
        probe = merged_text("784-16-16-10: 12,960 weights", t.text, Size.READOUT)
        self.plot_top = self.readouts.get_bottom()[1] - 0.3 - probe.height - 0.25
        self.plot_left = axes_left - 1.15  # tick numbers and the rotated y axis name

    def show_state(self, i: int, retrained: bool = False) -> None:
        """Tiles and readouts at fraction index ``i``."""
        s = self.data.small
        layer = s.first_layer_retrained if retrained else s.first_layer
        self.paint_tiles(layer[i])
        self.numbers["pruned"].set_value(100 * s.curve.fractions[i])
        acc = s.curve.retrained_accuracy if retrained else s.curve.accuracy
        self.numbers["acc"].set_value(100 * acc[i])

    def build_plot(self, net: NetCurve, corner: tuple[float, float]) -> dict:
        """Axes (accuracy 0-100% against log of the share kept), ticks, header, legend, marks."""
        t, c = self.theme, net.curve
        height = self.plot_top - corner[1]
        axes = make_axes(t, [0, 2, 2], [0, 100, 50], self.PLOT_W, height, numbers=False)
        axes.move_to([*corner, 0], aligned_edge=DL)
        tick_marks, tick_labels = VGroup(), {}
        for f in self.X_TICKS:
            x = axes.c2p(log_kept(f), 0)
            tick_marks.add(Line(x + 0.08 * DOWN, x + 0.08 * UP, stroke_color=t.axis,
                                stroke_width=2))
            tick_labels[f] = with_role(merged_text(pct(f, 0), t.muted, Size.TICK), "tick")
            tick_labels[f].next_to(x, DOWN, buff=0.18)
        y_ticks = VGroup(*(with_role(merged_text(f"{v}%", t.muted, Size.TICK), "tick").next_to(
            axes.c2p(0, v), LEFT, buff=0.15) for v in (0, 50, 100)))
        x_name = axis_label("weights pruned", t).next_to(axes, DOWN, buff=0.55)
        x_name.set_y(axes.get_bottom()[1] - self.BELOW_AXES + x_name.height / 2 + 0.02)
        y_name = axis_label("test accuracy", t).rotate(np.pi / 2)
        y_name.next_to(y_ticks, LEFT, buff=0.2)
        header = merged_text(f"{net.name}: {c.n_weights:,} weights", t.text, Size.READOUT)
        header.next_to(axes, UP, buff=0.3).align_to(axes, LEFT)
        colours = {"pruned": t.model, "retrained": t.compare}
        keys = ["pruned", "retrained"] if self.data.retrain_epochs else ["pruned"]
        rows = [(t.model, "no retraining")]
        if self.data.retrain_epochs:
            rows.append((t.compare, "retrained"))
        rows.append((t.text, "within a point", "dot"))
        key_box = legend(rows, t)
        xs = log_kept(c.fractions)
        points = {"pruned": np.asarray(axes.coords_to_point(xs, 100 * c.accuracy)).T,
                  "retrained": np.asarray(axes.coords_to_point(xs, 100 * c.retrained_accuracy)).T}
        curves = {k: VMobject(stroke_color=colours[k], stroke_width=5) for k in colours}
        pts = densify([points[k] for k in keys])
        # the legend inside the plot: from the bottom left upwards, clear of the curves
        spots = [(dx, dy) for dy in (0.2, 0.55, 0.9, 1.25) for dx in (0.35, 1.1, 1.85)]
        for dx, dy in (*spots, spots[0]):
            key_box.move_to(axes.c2p(0, 0) + [dx, dy, 0], aligned_edge=DL)
            clear = all(is_clear(row, pts, []) for row in key_box)  # row by row: ragged right
            if clear and key_box.get_top()[1] < axes.get_top()[1]:
                break
        # the marks: a dot on the curve at the last fraction within a point of the unpruned
        # accuracy, and that fraction on the x axis as a tick in the curve's colour
        marks = {"pruned": Group(), "retrained": Group()}
        labels: dict[str, VMobject] = {}
        for key in keys:
            f = last_within(net, key == "retrained")
            if f is None:
                continue
            at = points[key][int(np.flatnonzero(c.fractions == f)[0])]
            foot = axes.c2p(log_kept(f), 0)
            labels[key] = merged_text(pct(f, 0), colours[key], Size.READOUT)
            labels[key].next_to(foot, DOWN, buff=0.15)
            tick = Line(foot + 0.14 * DOWN, foot + 0.14 * UP, stroke_color=colours[key],
                        stroke_width=5)
            marks[key].add(Dot(at, radius=0.09, color=t.text).set_z_index(4), tick, labels[key])
        if len(labels) == 2:  # two numbers too close: pushed apart along the axis
            a, b = sorted(labels.values(), key=lambda m: m.get_x())
            gap = 0.15 - (b.get_left()[0] - a.get_right()[0])
            if gap > 0:
                a.shift(gap / 2 * LEFT)
                b.shift(gap / 2 * RIGHT)
        hides: dict[str, list] = {"pruned": [], "retrained": []}
        for key, label in labels.items():  # fixed tick numbers under a mark's fade as it appears
            for tick_label in tick_labels.values():
                taken = any(tick_label in h for h in hides.values())
                if not taken and not is_clear(tick_label, np.zeros((0, 3)), [box(label)], 0.08):
                    hides[key].append(tick_label)
        # the tick numbers a mark will hide stand alone: a fade out removes them from the scene
        doomed = [m for h in hides.values() for m in h]
        kept = VGroup(*(m for m in tick_labels.values() if m not in doomed), y_ticks)
        group = VGroup(axes, tick_marks, kept, x_name, y_name, header, key_box)
        return {"group": group, "axes": axes, "points": points, "curves": curves, "marks": marks,
                "hides": hides, "doomed": doomed, "y_name": y_name,
                "head": Dot(radius=0.08, color=t.text).set_z_index(3),
                "all": Group(group, *curves.values(), *marks.values())}

    def show_plot(self, plot: dict) -> list:
        """Animations: the plot's still parts in (each tick number a mark will hide alone)."""
        return [fade_in(plot["group"]), *(fade_in(m) for m in plot["doomed"])]

    def show_mark(self, plot: dict, key: str) -> list:
        """Animations: the mark of curve ``key`` in, the fixed tick numbers under it out."""
        anims = [fade_in(plot["marks"][key])] if len(plot["marks"][key]) else []
        return anims + [fade_out(m) for m in plot["hides"][key]]

    def sweep(self, plot: dict, which: str, layers: np.ndarray | None, run_time: float = 0) -> None:
        """Draw curve(s) point by point from 0% to 99% pruned; tiles and readouts follow."""
        keys = ["pruned", "retrained"] if which == "both" else [which]
        if not self.data.retrain_epochs:
            keys = [k for k in keys if k != "retrained"]
        n = len(self.data.small.curve.fractions)
        run_time = run_time or float(np.clip(0.33 * n, 5.0, 9.0))
        curves = [plot["curves"][k] for k in keys]
        heads = [plot["head"].copy() for _ in keys]
        self.add(*curves)
        movers = Group(*curves, *heads)
        if layers is not None:
            movers.add(self.tiles, self.numbers["pruned"], self.numbers["acc"])

        def update(_mob: Group, alpha: float) -> None:
            pos = alpha * (n - 1)
            i = min(int(pos), n - 1)
            for key, curve, head in zip(keys, curves, heads):
                pts = plot["points"][key]
                tip = pts[i] + (pos - i) * (pts[min(i + 1, n - 1)] - pts[i])
                curve.set_points_as_corners(np.vstack([pts[: i + 1], tip[None]]))
                head.move_to(tip)
            if layers is not None:
                self.show_state(i, retrained=which == "retrained")

        self.play(UpdateFromAlphaFunc(movers, update), run_time=run_time, rate_func=linear)
        self.remove(movers, *heads)
        self.add(*movers[: len(curves)], *movers[2 * len(curves) :])  # all but the heads stay

    def record_curve(self, name: str, net: NetCurve, plot: dict) -> None:
        """What the plot shows for one network, as printed (the test compares with nnmath)."""
        c, re = net.curve, self.data.retrain_epochs
        self.shown[name] = {
            "name": net.name, "n_weights": c.n_weights, "baseline": pct(c.baseline),
            "accuracy": [pct(a) for a in c.accuracy],
            "retrained": [pct(a) for a in c.retrained_accuracy] if re else None,
            "drop": net.drop(), "drop_retrained": net.drop(True) if re else None,
            "zero_weights": net.zero_weights.tolist(),
            # the drawn polylines' corners, back in data units: (log of share kept, %)
            "curves": {k: [plot["axes"].p2c(q)[:2] for q in (*v.points[::4], v.points[-1])]
                       for k, v in plot["curves"].items() if len(v.points)},
            # the marks' numbers, and the fraction each dot sits at (x: log of share kept)
            "marks": {k: g[-1].original_text for k, g in plot["marks"].items() if len(g)},
            "mark_dots": {k: float(plot["axes"].p2c(g[0].get_center())[0])
                          for k, g in plot["marks"].items() if len(g)},
        }
