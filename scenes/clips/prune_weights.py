"""Clip 24, PruneWeights: delete the smallest weights and watch what the network still knows.

The trained digit network's 16 first-layer weight grids empty as a growing
fraction of its smallest weights (of all layers, one global |w| threshold) is
set to exactly zero, while its test accuracy is plotted against the fraction
pruned: without retraining, then after a short retraining of the survivors
(pruned weights held at zero); then the same two curves for a wider network.
Each curve is marked where it first falls more than a point below the
unpruned network. Everything comes from ``nnmath.pruning``.

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
    DR,
    LEFT,
    RIGHT,
    UL,
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
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.fades import fade_in, fade_out
from scenes.render.freeze import pixel_image
from scenes.widgets.images import diverging_rgb, weight_grid
from scenes.widgets.plots import HALO, make_axes
from scenes.widgets.text import Captions, LiveNumber, merged_text, title

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


def within_text(curve: NetCurve, retrained: bool) -> str:
    """Up to which fraction the curve stays within a point, from nnmath's first_drop."""
    drop = curve.drop(retrained)
    fractions = curve.curve.fractions
    if drop is None:
        return f"within a point up to {pct(fractions.max(), 0)}"
    before = fractions[fractions < drop]
    if not len(before):
        return f"more than a point below from {pct(drop, 0)}"
    return f"within a point up to {pct(before.max(), 0)}"


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

    # -- layout (scene units) -----------------------------------------------------
    TILE, TILE_BUFF = 1.0, 0.1
    GRID_CENTER = (-4.45, 0.3)
    PLOT_W, PLOT_H = 5.4, 3.1
    PLOT_RIGHT = (0.9, -1.75)  # lower-left corner of the plot on the right
    PLOT_LEFT = (-6.0, -1.75)
    X_TICKS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)

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
        self.next_section("weights")
        d, t = self.data, self.theme
        (x0, y0), step = self.GRID_CENTER, self.TILE + self.TILE_BUFF
        self.frames = VGroup(*(Rectangle(width=self.TILE, height=self.TILE, stroke_width=1.5,
                                         stroke_color=t.muted).move_to(
            [x0 + (j % 4 - 1.5) * step, y0 + (1.5 - j // 4) * step, 0]) for j in range(16)))
        self.tiles = Group(*(weight_grid(np.zeros(784), t, self.TILE).move_to(f.get_center())
                             for f in self.frames))
        self.paint_tiles(d.small.first_layer[0])
        header = merged_text("first layer: 16 \u00d7 784 weights", t.muted, 22)
        header.next_to(self.frames, UP, buff=0.2)
        self.grid_extras = Group(header, self.weight_legend())
        self.build_readouts()
        self.show_state(0)
        self.play(fade_in(self.tiles), Create(self.frames), fade_in(self.grid_extras),
                  fade_in(self.readouts), run_time=1.0)
        self.set_caption(
            "The trained digit network (784-16-16-10): each square is one first-layer neuron's\n"
            "784 weights. Pruning sets the smallest |w| of all layers to exactly 0: background."
        )
        self.wait(2.0)

    def prune_sweep(self) -> None:
        self.next_section("prune")
        d = self.data
        self.plot = self.build_plot(d.small, self.PLOT_RIGHT)
        self.play(fade_in(self.plot["group"]), run_time=0.8)
        self.set_caption("Prune ever more of the smallest weights, no retraining, and measure\n"
                         "test accuracy on images the network never trained on.")
        self.sweep(self.plot, "pruned", d.small.first_layer)
        self.play(fade_in(self.plot["marks"]["pruned"]), run_time=0.5)
        c = d.small.curve
        first_left = int(np.count_nonzero(d.small.first_layer[-1]))
        end = (f"At {pct(c.fractions[-1], 0)} no first-layer weight is left: the answer no longer "
               f"depends on the image ({pct(c.accuracy[-1])})." if first_left == 0 else
               f"At {pct(c.fractions[-1], 0)}: {first_left:,} first-layer weights, "
               f"{pct(c.accuracy[-1])}.")
        self.shown["first_layer_left_at_end"] = first_left
        self.set_caption(f"No retraining: {within_text(d.small, False)} of the unpruned "
                         f"{pct(c.baseline)}.\n{end}")
        self.wait(2.5)

    def blank_pixels(self) -> None:
        self.next_section("blank")
        d, t = self.data, self.theme
        n_blank, n_w = int(d.blank.sum()), d.small.curve.n_weights
        rgba = np.zeros((28, 28, 4), dtype=np.uint8)
        rgba[d.blank.reshape(28, 28)] = [*bytes.fromhex(t.highlight[1:]), 255]
        marks = Group(*(ImageMobject(rgba).set_resampling_algorithm(0).set(height=self.TILE)
                        .move_to(tile) for tile in self.tiles))
        self.show_state(0)
        self.play(fade_in(marks), run_time=0.6)
        self.set_caption(
            f"{n_blank} of the 784 pixels are blank in every training image (marked): their "
            f"{d.blank_weights:,} weights,\n{d.blank_weights / n_w:.1%} of all {n_w:,}, get no "
            "gradient and keep their small random starting values."
        )
        self.wait(2.0)
        half = int(np.flatnonzero(d.small.curve.fractions == 0.5)[0])
        self.play(fade_out(marks), run_time=0.5)
        self.show_state(half)
        change = d.small.curve.accuracy[half] - d.small.curve.baseline
        cost = f"changes accuracy by {signed(change)} points" if abs(change) >= 5e-4 else (
            "costs nothing")
        self.set_caption(f"At 50% pruned, {d.blank_gone_at_half:.0%} of them are gone: part of "
                         f"why pruning the first half {cost}.")
        bg = np.array(list(bytes.fromhex(t.background[1:])), dtype=np.uint8)
        background = sum(int(np.all(m.pixel_array[..., :3] == bg, -1).sum()) for m in self.tiles)
        self.shown["blank"] = {"pixels": n_blank, "weights": d.blank_weights, "half": cost,
                               "share": f"{d.blank_weights / n_w:.1%}", "background_pixels_at_half":
                               background, "gone_at_half": f"{d.blank_gone_at_half:.0%}"}
        self.wait(2.0)

    def retrain_sweep(self) -> None:
        self.next_section("retrain")
        d = self.data
        if not d.retrain_epochs:
            self.set_caption("retrain_epochs=0: no retraining, so there is no second curve.")
            self.wait(1.5)
            return
        self.set_caption(f"Now the same pruning, then {self.epochs_text()} of training of the "
                         "surviving weights\n(the pruned ones held at exactly 0).")
        self.play(fade_in(self.retrain_row), run_time=0.4)
        self.sweep(self.plot, "retrained", d.small.first_layer_retrained)
        self.play(fade_in(self.plot["marks"]["retrained"]), run_time=0.5)
        self.set_caption(f"Retrained: {within_text(d.small, True)} of the unpruned "
                         f"{pct(d.small.curve.baseline)}.")
        self.wait(2.0)

    def wider(self) -> None:
        self.next_section("wider")
        d = self.data
        dx = self.PLOT_LEFT[0] - self.PLOT_RIGHT[0]
        gone = Group(self.tiles, self.frames, self.grid_extras, self.readouts)
        if d.retrain_epochs:
            gone.add(self.retrain_row)
        self.play(fade_out(gone), self.plot["all"].animate.shift(dx * RIGHT), run_time=1.0)
        self.wide_plot = self.build_plot(d.wide, self.PLOT_RIGHT)
        self.play(fade_in(self.wide_plot["group"]), run_time=0.6)
        c = d.wide.curve
        lr = WIDE_PRESETS[self.p.wide][1]
        self.set_caption(f"A wider network, {d.wide.name} ({c.n_weights:,} weights, "
                         f"{pct(c.baseline)} unpruned),\npruned and retrained the same way"
                         + (f" (learning rate {lr:g})." if lr != LEARNING_RATE else "."))
        self.sweep(self.wide_plot, "both", None, run_time=3.0)
        marks = self.wide_plot["marks"]
        self.play(*(fade_in(m) for m in marks.values()), run_time=0.5)
        self.wait(2.0)

    def verdict(self) -> None:
        self.next_section("verdict")
        d, t = self.data, self.theme
        notes = VGroup()
        for net, plot in ((d.small, self.plot), (d.wide, self.wide_plot)):
            rows = [f"no retraining: {within_text(net, False)}"]
            if d.retrain_epochs:
                rows.append(f"retrained: {within_text(net, True)}")
            for row, y in zip(rows, (2.75, 2.3)):
                note = merged_text(row, t.text, 20).move_to([0, y, 0])
                notes.add(note.align_to(plot["axes"], LEFT))
        self.shown["verdict"] = [note.original_text for note in notes]
        self.play(fade_in(notes), self.new_caption(
            "How far each network can be pruned and stay within one point of its unpruned\n"
            f"accuracy, on these {d.small.curve.meta['n_test']:,} test images and this grid of "
            "fractions.", font_size=22), run_time=0.8)
        self.wait(3.0)
        at90, parts = {}, []
        for net in (d.small, d.wide):
            i = int(np.flatnonzero(net.curve.fractions == 0.9)[0])
            at90[net.name] = [signed(net.curve.accuracy[i] - net.curve.baseline)]
            text = f"{net.name} {at90[net.name][0]}"
            if d.retrain_epochs:
                at90[net.name].append(signed(net.curve.retrained_accuracy[i] - net.curve.baseline))
                text += f" ({'retrained ' if not parts else ''}{at90[net.name][1]})"
            parts.append(text)
        self.shown["at_90"] = at90
        self.set_caption("\"90% of the weights with no loss\" is a claim made for large networks.\n"
                         "At 90% pruned, in points: " + ", ".join(parts) + ".")
        self.wait(3.5)
        self.record_curve("small", d.small, self.plot)
        self.record_curve("wide", d.wide, self.wide_plot)

    # -- pieces ------------------------------------------------------------------
    def epochs_text(self) -> str:
        n = self.data.retrain_epochs
        return f"{n} epoch" + ("s" if n > 1 else "")

    def paint_tiles(self, layer: np.ndarray) -> None:
        """Show one first layer (16, 784) in the tiles on screen, brightness by sqrt(|w| / max):
        small weights stay visible until pruned, and a pruned one is exactly the background."""
        for tile, w in zip(self.tiles, layer.reshape(-1, 28, 28)):
            values = np.sign(w) * np.sqrt(np.abs(w) / self.data.scale)
            tile.pixel_array[..., :3] = diverging_rgb(values, self.theme, 1.0)

    def weight_legend(self) -> Group:
        t = self.theme
        ramp = np.linspace(-1.0, 1.0, 64)[None, :].repeat(4, axis=0)
        bar = pixel_image(diverging_rgb(ramp, t, 1.0), height=0.2).stretch_to_fit_width(2.2)
        bar.next_to(self.frames, DOWN, buff=0.3)
        lo = merged_text(f"\u2212{self.data.scale:.2f}", t.text, 20).next_to(bar, LEFT, 0.12)
        hi = merged_text(f"+{self.data.scale:.2f}", t.text, 20).next_to(bar, RIGHT, 0.12)
        note = merged_text("brightness \u221d \u221a|w|", t.muted, 18).next_to(hi, RIGHT, 0.25)
        self.shown["colour_scale"] = f"{self.data.scale:.2f}"
        return Group(bar, lo, hi, note)

    def build_readouts(self) -> None:
        """Two columns of label and number; numbers right-aligned, so they never push text."""
        t = self.theme
        self.numbers: dict[str, LiveNumber] = {}
        pieces, x = [], -1.55
        # key, label, decimals, unit, widest value
        columns = ((("pruned", "pruned", 0, "%", 100), ("acc", "accuracy", 1, "%", 100)),
                   (("zero", "zero weights", 0, "", 88888), ("re", "retrained", 1, "%", 100)))
        for column in columns:
            labels = [merged_text(row[1], t.text, 22) for row in column]
            widest = max(LiveNumber(r[4], r[2], 22, unit=r[3], group_with_commas=True).width
                         for r in column)
            right = x + max(label.width for label in labels) + 0.2 + widest
            for (key, _, decimals, unit, _), label, y in zip(column, labels, (2.75, 2.3)):
                label.move_to([x, y, 0], aligned_edge=LEFT)
                number = LiveNumber(0, num_decimal_places=decimals, font_size=22, color=t.highlight,
                                    unit=unit, edge=RIGHT, group_with_commas=True)
                self.numbers[key] = number.move_to([right, y, 0], aligned_edge=RIGHT)
                number.align_to(label, DOWN)
                pieces.append(VGroup(label, number))
            x = right + 0.5
        total = merged_text(f"of {self.data.small.curve.n_weights:,}", t.text, 22)
        total.next_to(self.numbers["zero"], RIGHT, buff=0.15).align_to(pieces[2], DOWN)
        self.readouts = VGroup(pieces[0], pieces[1], pieces[2], total)
        self.retrain_row = pieces[3]

    def show_state(self, i: int, retrained: bool = False) -> None:
        """Tiles and readouts at fraction index ``i``."""
        s = self.data.small
        layer = s.first_layer_retrained if retrained else s.first_layer
        self.paint_tiles(layer[i])
        self.numbers["pruned"].set_value(100 * s.curve.fractions[i])
        self.numbers["zero"].set_value(s.zero_weights[i])
        self.numbers["acc"].set_value(100 * s.curve.accuracy[i])
        self.numbers["re"].set_value(100 * s.curve.retrained_accuracy[i])

    def build_plot(self, net: NetCurve, corner: tuple[float, float]) -> dict:
        """Axes (accuracy 0-100% against log of the share kept), ticks, header, legend, marks."""
        t, c = self.theme, net.curve
        axes = make_axes(t, [0, 2, 2], [0, 100, 50], self.PLOT_W, self.PLOT_H, numbers=False)
        axes.move_to([*corner, 0], aligned_edge=DL)
        ticks = VGroup()
        for f in self.X_TICKS:
            x = axes.c2p(log_kept(f), 0)
            ticks.add(Line(x + 0.08 * DOWN, x + 0.08 * UP, stroke_color=t.axis, stroke_width=2))
            ticks.add(merged_text(pct(f, 0), t.muted, 20).next_to(x, DOWN, buff=0.18))
        for v in (0, 50, 100):
            ticks.add(merged_text(f"{v}%", t.muted, 20).next_to(axes.c2p(0, v), LEFT, buff=0.15))
        x_label = merged_text("weights pruned (log scale of weights kept)", t.muted, 18)
        x_label.next_to(ticks, DOWN, buff=0.1).set_x(axes.get_center()[0])
        header = merged_text(f"{net.name}: {c.n_weights:,} weights", t.text, 22)
        header.next_to(axes, UP, buff=0.25).align_to(axes, LEFT)
        colours = {"pruned": t.model, "retrained": t.compare}
        rows = [(f"unpruned: {pct(c.baseline)}", None), ("no retraining", t.model)]
        if self.data.retrain_epochs:
            rows.append((f"retrained {self.epochs_text()}", t.compare))
        rows.append(("first drop of over a point", "dot"))
        legend = VGroup()
        for text, colour in rows:
            label = merged_text(text, t.text, 20)
            if colour == "dot":
                key = VGroup(Line(LEFT * 0.2, RIGHT * 0.2, stroke_opacity=0),
                             Dot(radius=0.08, color=t.text))
            else:  # no colour: an invisible key keeps the labels aligned
                key = Line(LEFT * 0.2, RIGHT * 0.2, stroke_color=colour or t.background,
                           stroke_width=4, stroke_opacity=1 if colour else 0)
            legend.add(VGroup(key, label).arrange(RIGHT, buff=0.15))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        xs = log_kept(c.fractions)
        points = {"pruned": np.asarray(axes.coords_to_point(xs, 100 * c.accuracy)).T,
                  "retrained": np.asarray(axes.coords_to_point(xs, 100 * c.retrained_accuracy)).T}
        curves = {k: VMobject(stroke_color=colours[k], stroke_width=4) for k in colours}
        keys = ["pruned", "retrained"] if self.data.retrain_epochs else ["pruned"]
        pts = densify([points[k] for k in keys])
        # the legend inside the plot: from the bottom left upwards, clear of the curves
        spots = [(dx, dy) for dy in (0.2, 0.55, 0.9, 1.25) for dx in (0.35, 1.1, 1.85)]
        for dx, dy in (*spots, spots[0]):
            legend.move_to(axes.c2p(0, 0) + [dx, dy, 0], aligned_edge=DL)
            clear = all(is_clear(row, pts, []) for row in legend)  # row by row: ragged right
            if clear and legend.get_top()[1] < axes.get_top()[1]:
                break
        taken = [box(axes.y_axis), *(box(m) for m in ticks), *(box(row) for row in legend)]
        marks = {"pruned": Group(), "retrained": Group()}
        for key, drop in zip(keys, (net.drop(), net.drop(True))):
            if drop is None:
                continue
            at = points[key][int(np.flatnonzero(c.fractions == drop)[0])]
            label = merged_text(pct(drop, 0), t.text, 22)
            # the first side clear of the curves, the legend and the other label
            sides = (DL, UR, DR, UL) if key == "pruned" else (UR, UL, DR, DL)
            for side in (*sides, sides[0]):
                if is_clear(label.next_to(at, side, buff=0.1), pts, taken, pad=0.03):
                    break
            taken.append(box(label))
            # a halo of background colour keeps it readable if a curve passes behind
            label.set_stroke(t.background, width=HALO, background=True)
            marks[key].add(Dot(at, radius=0.08, color=t.text).set_z_index(4), label.set_z_index(5))
        group = VGroup(axes, ticks, x_label, header, legend)
        return {"group": group, "axes": axes, "points": points, "curves": curves, "marks": marks,
                "head": Dot(radius=0.07, color=t.text).set_z_index(3),
                "all": Group(group, *curves.values(), *marks.values())}

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
            shown = ["pruned", "zero", "acc"] + (["re"] if which == "retrained" else [])
            movers.add(self.tiles, *(self.numbers[k] for k in shown))

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
            "marks": {k: m[1].original_text for k, m in plot["marks"].items() if len(m)},
        }
