"""Clip 24, PruneWeights: delete the smallest weights and watch what the network still knows.

The digit network's 16 first-layer weight grids empty as ever more of its smallest
weights (one |w| threshold over all layers) are set to exactly zero, while its test
accuracy is plotted against the fraction pruned: without retraining, then with the
survivors retrained (pruned weights held at zero); then both for a wider network.
A dot marks each curve's last fraction within a point of the unpruned accuracy, and
that fraction, the number the headline says, sits under the axis in the curve's
colour. Everything comes from ``nnmath.pruning``.

Render: ``python -m scenes render PruneWeights`` (e.g. ``--set wide=784-300-10
--set retrain_epochs=2``) or ``manim -ql scenes/clips/part5_capacity/prune_weights.py
PruneWeights``.
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
    DashedLine,
    Dot,
    Group,
    ImageMobject,
    Line,
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
from scenes.widgets.placement import densify, place
from scenes.widgets.plots import axis_label, make_axes
from scenes.widgets.text import Captions, LiveNumber, legend, merged_text, plated, title, with_role
from scenes.widgets.tiles import WeightTiles

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
    try:
        return cached_trajectory("digits_wide", key, lambda: train_classifier(
            sizes, "sigmoid", p.epochs, BATCH_SIZE, lr, p.seed, data)[1]).network_at(-1)
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
        c = pruning_curve(net, fractions, data, p.retrain_epochs, BATCH_SIZE, lr, p.seed)
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
    """The same as a sentence of the narration, with the unpruned accuracy and the next
    measured fraction, the first more than a point below (nnmath's first_drop)."""
    last, drop, base = last_within(curve, retrained), curve.drop(retrained), curve.curve.baseline
    if last is None:
        return (f"test accuracy is more than a point below the unpruned {pct(base)} already at "
                f"{pct(drop, 0)} pruned.")
    return (f"test accuracy stays within one point of the unpruned {pct(base)} up to "
            f"{pct(last, 0)} of the weights pruned (the dot)."
            + (f" At {pct(drop, 0)} it is more than a point below." if drop is not None else ""))


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
    PLOT_W = 5.3  # the axes' width; two plots side by side fill MAIN in the last beats
    TICK_ROOM = 0.4  # from the axes' right end to the frame margin: the last tick's overhang
    BELOW_AXES = 1.3  # under the axes: tick numbers, the marks' numbers, the axis name
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
        d, c = self.data, self.data.small.curve
        self.build_readouts()
        self.build_tiles()
        self.show_state(0)
        self.play(self.start_beat(
            "weights", "Each square: one first-layer neuron's weights",
            f"The trained digit network, {d.small.name}, has {c.n_weights:,} weights. Each "
            f"square is one of its {len(self.tiles.images)} first-layer neurons: its 784 "
            "weights, blue where positive and orange where negative, brighter for larger |w| "
            f"(full colour at \u00b1{d.scale:.2f}, on a square-root scale). Pruning sets the "
            "smallest |w| of all layers to exactly zero: the background colour."),
            fade_in(self.tiles.images), Create(self.tiles.frames), fade_in(self.grid_extras),
            fade_in(self.readouts), run_time=1.0)
        self.wait(2.5)

    def prune_sweep(self) -> None:
        d, c = self.data, self.data.small.curve
        self.plot = self.build_plot(d.small, self.plot_corner)
        self.play(self.start_beat(
            "prune", "Prune ever more of the smallest weights",
            "Prune ever more of the smallest weights, with no retraining, and measure the "
            f"accuracy on {c.meta['n_test']:,} test images the network never trained on; "
            "the x axis spreads out the last tenth, where the change is."),
            *self.show_plot(self.plot, "pruned"), run_time=0.8)
        self.sweep(self.plot, ["pruned"], d.small.first_layer)
        first_left = int(np.count_nonzero(d.small.first_layer[-1]))
        end = (f"At {pct(c.fractions[-1], 0)} no first-layer weight is left: the answer no longer "
               f"depends on the image ({pct(c.accuracy[-1])})." if first_left == 0 else
               f"At {pct(c.fractions[-1], 0)}: {first_left:,} first-layer weights, "
               f"{pct(c.accuracy[-1])}.")
        self.shown["first_layer_left_at_end"] = first_left
        self.wait(1.0)  # the emptied grids
        self.show_at_mark(retrained=False)
        self.play(self.start_beat(
            "prune_result", f"No retraining: {within_text(d.small, False)} pruned",
            f"Without retraining, {within_sentence(d.small, False)} {end}"),
            *self.show_mark(self.plot, "pruned"), run_time=0.8)
        self.wait(2.5)

    def blank_pixels(self) -> None:
        d, t = self.data, self.theme
        n_blank, n_w = int(d.blank.sum()), d.small.curve.n_weights
        rgba = np.zeros((28, 28, 4), dtype=np.uint8)
        rgba[d.blank.reshape(28, 28)] = [*bytes.fromhex(t.highlight[1:]), 255]
        marks = Group(*(ImageMobject(rgba).set_resampling_algorithm(0).set(height=self.tiles.tile)
                        .move_to(tile) for tile in self.tiles.images))
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
        background = sum(int(np.all(m.pixel_array[..., :3] == bg, -1).sum())
                         for m in self.tiles.images)
        self.shown["blank"] = {"pixels": n_blank, "weights": d.blank_weights, "half": cost,
                               "share": f"{d.blank_weights / n_w:.1%}", "background_pixels_at_half":
                               background, "gone_at_half": f"{d.blank_gone_at_half:.0%}"}
        self.wait(2.5)

    def retrain_sweep(self) -> None:
        d, n = self.data, self.data.retrain_epochs
        if not n:
            self.beat("retrain", "This run does not retrain",
                      "With retrain_epochs set to 0 nothing is retrained, so there is no second "
                      "curve.")
            self.wait(2.0)
            return
        self.swatch.set_stroke(self.theme.compare)  # the accuracy readout follows this curve
        self.show_state(0, retrained=True)
        self.play(self.start_beat(
            "retrain", "Prune, then retrain the weights that are left",
            f"Now the same pruning, then {n} epoch{'s' if n > 1 else ''} of training of the "
            "surviving weights, the pruned ones held at exactly zero."),
            *self.reveal(self.plot, "retrained"))
        self.sweep(self.plot, ["retrained"], d.small.first_layer_retrained)
        self.show_at_mark(retrained=True)
        self.play(self.start_beat(
            "retrain_result", f"Retrained: {within_text(d.small, True)} pruned",
            f"Retrained, {within_sentence(d.small, True)}"),
            *self.show_mark(self.plot, "retrained"), run_time=0.8)
        self.wait(2.5)

    def wider(self) -> None:
        d, c = self.data, self.data.wide.curve
        dx = MAIN.x0 - self.plot["y_name"].get_left()[0]
        gone = Group(self.tiles, self.grid_extras, self.readouts)
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
        self.wide_plot["group"].remove(self.wide_plot["y_name"])  # the same as on its left
        keys = ["pruned", "retrained"] if d.retrain_epochs else ["pruned"]
        self.play(*self.show_plot(self.wide_plot, *keys, "mark"), run_time=0.6)
        self.sweep(self.wide_plot, keys, None, run_time=5.0)
        self.play(*(a for k in keys for a in self.show_mark(self.wide_plot, k)), run_time=0.6)
        self.wait(2.5)

    def verdict(self) -> None:
        d, t = self.data, self.theme
        kinds = [False, True] if d.retrain_epochs else [False]
        self.shown["verdict"] = [f"{'retrained' if r else 'no retraining'}: {within_text(net, r)}"
                                 for net in (d.small, d.wide) for r in kinds]
        at90, parts, within = {}, [], {}
        for net in (d.small, d.wide):
            i = int(np.flatnonzero(net.curve.fractions == 0.9)[0])
            changes = [(net.curve.retrained_accuracy if r else net.curve.accuracy)[i]
                       - net.curve.baseline for r in kinds]
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
        # the claim's 90% on both plots, behind the (plated) legends: left of it, the dots
        lines = [DashedLine(p["axes"].c2p(log_kept(0.9), 0), p["axes"].c2p(log_kept(0.9), 100),
                            color=t.highlight, stroke_width=4, dash_length=0.15).set_z_index(-1)
                 for p in (self.plot, self.wide_plot)]
        self.play(self.start_beat(
            "verdict", headline,
            "\u201c90% of the weights with no loss\u201d is a claim made for large networks. "
            "The dots mark how far each network here can be pruned and stay within one point "
            f"of its unpruned accuracy, on these {d.small.curve.meta['n_test']:,} test images "
            "and this grid of fractions. At 90% pruned (the dashed line), in points: "
            + ", ".join(parts) + "."), *(Create(line) for line in lines))
        self.wait(4.0)
        self.record_curve("small", d.small, self.plot)
        self.record_curve("wide", d.wide, self.wide_plot)

    # -- pieces ------------------------------------------------------------------
    def build_tiles(self) -> None:
        """The first layer's weight grids between a header and a colour key, in the space
        MAIN leaves left of the plot."""
        t = self.theme
        header = merged_text("first-layer weights", t.text, Size.READOUT)
        key = legend([(t.positive, "positive", "box"), (t.negative, "negative", "box")], t,
                      direction=RIGHT)
        right = self.plot_left - 0.5
        self.tiles = WeightTiles(len(self.data.small.first_layer[0]), t, right - MAIN.x0,
                                 MAIN.height - header.height - key.height - 0.5)
        self.tiles.move_to([(MAIN.x0 + right) / 2, 0, 0]).set_y(
            MAIN.y1 - header.height - 0.25, direction=UP)
        header.next_to(self.tiles, UP, buff=0.25)
        key.next_to(self.tiles, DOWN, buff=0.25)
        self.grid_extras = Group(header, key)

    def build_readouts(self) -> None:
        """Above the plot: the share pruned and the accuracy now (a swatch: which curve).

        Laid out at their widest values; anchored at their left ends, numbers never push text.
        Fixes the plot's corner (``self.plot_corner``) and left edge (``self.plot_left``)."""
        t = self.theme
        self.numbers: dict[str, LiveNumber] = {}
        pieces = []
        for key, text, decimals in (("pruned", "pruned", 0), ("acc", "accuracy", 1)):
            label = merged_text(text, t.text, Size.READOUT)
            number = LiveNumber(100, decimals, Size.READOUT, color=t.text, unit="%")
            self.numbers[key] = number.next_to(label, RIGHT, buff=0.2).align_to(label, DOWN)
            pieces.append(VGroup(label, number))
        self.swatch = Line(ORIGIN, RIGHT * 0.5, stroke_color=t.model, stroke_width=5)
        acc = VGroup(self.swatch, pieces[1]).arrange(RIGHT, buff=0.18)
        self.readouts = VGroup(pieces[0], acc).arrange(RIGHT, buff=0.6, aligned_edge=DOWN)
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
        # brightness by sqrt(|w| / max): small weights stay visible until pruned
        self.tiles.paint(layer[i], self.data.scale, gamma=0.5)
        self.numbers["pruned"].set_value(100 * s.curve.fractions[i])
        acc = s.curve.retrained_accuracy if retrained else s.curve.accuracy
        self.numbers["acc"].set_value(100 * acc[i])

    def show_at_mark(self, retrained: bool) -> None:
        """Tiles and readouts back at the curve's dot: the network the headline is about."""
        f, c = last_within(self.data.small, retrained), self.data.small.curve
        if f is not None:
            self.show_state(int(np.flatnonzero(c.fractions == f)[0]), retrained)

    def build_plot(self, net: NetCurve, corner: tuple[float, float]) -> dict:
        """Axes (accuracy 0-100% against log of the share kept), ticks, header, legend, marks.

        Under the axes three rows: the fixed tick numbers, the marks' numbers (each under
        its tick in the curve's colour), the axis name."""
        t, c = self.theme, net.curve
        axes = make_axes(t, [0, 2, 2], [0, 100, 50], self.PLOT_W, self.plot_top - corner[1],
                         numbers=False)
        axes.move_to([*corner, 0], aligned_edge=DL)
        ticks = VGroup(*(with_role(merged_text(pct(f, 0), t.muted, Size.TICK), "tick").next_to(
            axes.c2p(log_kept(f), 0), DOWN, buff=0.18) for f in self.X_TICKS))
        tick_marks = VGroup(*(Line(x + 0.08 * DOWN, x + 0.08 * UP, stroke_color=t.axis,
                                   stroke_width=2) for x in (axes.c2p(log_kept(f), 0)
                                                             for f in self.X_TICKS)))
        y_ticks = VGroup(*(with_role(merged_text(f"{v}%", t.muted, Size.TICK), "tick").next_to(
            axes.c2p(0, v), LEFT, buff=0.15) for v in (0, 50, 100)))
        x_name = axis_label("weights pruned", t)
        x_name.next_to(axes, DOWN).set_y(axes.get_bottom()[1] - self.BELOW_AXES
                                         + x_name.height / 2 + 0.02)
        y_name = axis_label("test accuracy", t).rotate(np.pi / 2).next_to(y_ticks, LEFT, buff=0.2)
        header = merged_text(f"{net.name}: {c.n_weights:,} weights", t.text, Size.READOUT)
        header.next_to(axes, UP, buff=0.3).align_to(axes, LEFT)
        colours = {"pruned": t.model, "retrained": t.compare}
        keys = ["pruned", "retrained"] if self.data.retrain_epochs else ["pruned"]
        rows = {"pruned": (t.model, "no retraining"), "mark": (t.text, "within a point", "dot"),
                "retrained": (t.compare, "retrained")}
        rows = {k: v for k, v in rows.items() if k in ("mark", *keys)}
        key_box = legend(list(rows.values()), t)
        xs = log_kept(c.fractions)
        points = {k: np.asarray(axes.coords_to_point(xs, 100 * a)).T
                  for k, a in (("pruned", c.accuracy), ("retrained", c.retrained_accuracy))}
        curves = {k: VMobject(stroke_color=colours[k], stroke_width=5) for k in colours}
        # the legend inside the plot, clear of the curves, as low and far left as it can be
        origin = axes.c2p(0, 0)
        place(key_box, [(origin + [dx, dy, 0], UR) for dy in (0.2, 0.55, 0.9, 1.25)
                        for dx in (0.35, 1.1, 1.85)], densify([points[k] for k in keys]), [],
              origin, bounds=[*origin[:2], *axes.get_corner(UR)[:2]], buff=0)
        # each row on a plate: lines drawn before it (the 90% line) stop at it
        rows = {k: plated(row, t, buff=0.1) for k, row in zip(rows, key_box)}
        # the marks: a dot on the curve at the last fraction within a point of the unpruned
        # accuracy, and that fraction under the axis in the curve's colour, with a tick
        marks = {"pruned": Group(), "retrained": Group()}
        labels: dict[str, VMobject] = {}
        below_ticks = min(m.get_bottom()[1] for m in ticks) - 0.12
        for key in keys:
            f = last_within(net, key == "retrained")
            if f is None:
                continue
            at = points[key][int(np.flatnonzero(c.fractions == f)[0])]
            foot = axes.c2p(log_kept(f), 0)
            labels[key] = merged_text(pct(f, 0), colours[key], Size.READOUT)
            labels[key].set_x(foot[0]).set_y(below_ticks, UP)
            tick = Line(foot + 0.12 * DOWN, foot + 0.12 * UP, stroke_color=colours[key],
                        stroke_width=5)
            marks[key].add(Dot(at, radius=0.09, color=t.text).set_z_index(4), tick, labels[key])
        if len(labels) == 2:  # two numbers too close: pushed apart along the axis
            a, b = sorted(labels.values(), key=lambda m: m.get_x())
            gap = 0.15 - (b.get_left()[0] - a.get_right()[0])
            if gap > 0:
                a.shift(gap / 2 * LEFT)
                b.shift(gap / 2 * RIGHT)
        group = VGroup(axes, tick_marks, ticks, y_ticks, x_name, y_name, header)
        return {"group": group, "axes": axes, "points": points, "curves": curves,
                "marks": marks, "colours": colours, "y_name": y_name, "shown": set(),
                "rows": rows, "all": Group(group, *rows.values(), *curves.values(),
                                           *marks.values())}

    def reveal(self, plot: dict, *rows: str) -> list:
        """Animations: legend rows in, the first time they are asked for."""
        new = [k for k in rows if k in plot["rows"] and k not in plot["shown"]]
        plot["shown"].update(new)
        return [fade_in(plot["rows"][k]) for k in new]

    def show_plot(self, plot: dict, *rows: str) -> list:
        """Animations: the plot's still parts in, and the legend rows of its first curves."""
        return [fade_in(plot["group"]), *self.reveal(plot, *rows)]

    def show_mark(self, plot: dict, key: str) -> list:
        """Animations: the mark of curve ``key`` in (and the dot's legend row)."""
        anims = [fade_in(plot["marks"][key])] if len(plot["marks"][key]) else []
        return anims + self.reveal(plot, "mark")

    def sweep(self, plot: dict, keys: list[str], layers: np.ndarray | None,
              run_time: float = 0) -> None:
        """Draw curve(s) point by point from 0% to 99% pruned; tiles and readouts follow."""
        n = len(self.data.small.curve.fractions)
        run_time = run_time or float(np.clip(0.33 * n, 5.0, 9.0))
        curves = [plot["curves"][k] for k in keys]
        # the pen: a dot in the curve's colour (white dots are the marks)
        heads = [Dot(radius=0.1, color=plot["colours"][k]).set_z_index(3) for k in keys]
        self.add(*curves)
        movers = Group(*curves, *heads)
        if layers is not None:
            movers.add(self.tiles.images, self.numbers["pruned"], self.numbers["acc"])

        def update(_mob: Group, alpha: float) -> None:
            pos = alpha * (n - 1)
            i = min(int(pos), n - 1)
            for key, curve, head in zip(keys, curves, heads):
                pts = plot["points"][key]
                tip = pts[i] + (pos - i) * (pts[min(i + 1, n - 1)] - pts[i])
                curve.set_points_as_corners(np.vstack([pts[: i + 1], tip[None]]))
                head.move_to(tip)
            if layers is not None:
                self.show_state(i, retrained=keys == ["retrained"])

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
