"""Clip 32, ShiftedDigits: how many pixels of shift each digit network tolerates, measured.

Every test image moved by 0 to 4 whole pixels (``nnmath.inputs.shifted_accuracies``:
each image in its own direction, right, left, down or up, drawn once and kept at
every distance; the uncovered edge is black, pixels moved off the frame are lost),
and the test accuracy at each distance of three networks on one axis:

- the video's fully connected 784-16-16-10 network,
- the convolutional network of Part IV (three 3x3 layers of 8 maps, then a dense
  layer),
- the same convolutional network with pooling (2x2 max by default) before its
  dense layer (``ConvNetwork(pool=...)``), trained the same way.

The first two are HowAccurate's runs (``scenes/core/accuracy_runs.py``: the same cached
trajectories, so a full render trains them once); the pooled one is trained with the
same hyper-parameters (``scenes/core/shift_runs.py``). A test digit moves beside the plot as the
curves are drawn. The headlines say what was measured, also when pooling barely helps.

Full MNIST by default (``data=full``: 60,000 training and 10,000 test images; the
differences are a point or two, so the 1,000 sample test images would blur them);
``data=sample`` runs on the bundled 4,000 + 1,000.

Render: ``python -m scenes render ShiftedDigits`` (or ``manim -ql
scenes/clips/part4_generalising/shifted_digits.py ShiftedDigits``); try
``--set pool=11`` or ``--set pool_mode=average``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Group, UpdateFromAlphaFunc, VGroup, VMobject, linear

from nnmath.conv import POOL_MODES
from nnmath.inputs import shift_directions, shift_images, tolerated_shift
from scenes.core.accuracy_runs import CONV_CHANNELS, specs, train
from scenes.core.digit_model import (
    FULL_DATA_PARAM,
    checked_test_index,
    digit_data,
    digit_index_param,
)
from scenes.core.layout import MAIN
from scenes.core.params import Param, ParamValues
from scenes.core.shift_runs import pooled_run, shift_table
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.fades import fade_in
from scenes.widgets.images import digit_image, framed, grey_rgb
from scenes.widgets.plots import axis_label, make_axes
from scenes.widgets.text import Captions, Readout, legend, merged_text, title

NETS = ("fc", "conv", "pooled")
TOLERANCE = 0.05  # a shift is "tolerated" while accuracy stays within 5 points of unshifted
PLOT_W, PLOT_H = 8.2, 4.8  # room right of it for the final accuracies and the digit
DIGIT = 2.5  # the moving test digit (scene units), right of the plot
STROKE = {"fc": 5, "conv": 8, "pooled": 3.5}
DRAW_SECONDS = 5.0  # each curve, drawn while the digit moves
DIRECTION_WORDS = {(1, 0): "right", (-1, 0): "left", (0, 1): "down", (0, -1): "up"}


def pct(fraction: float) -> str:
    return f"{100 * fraction:.1f}%"


@dataclass(frozen=True)
class ShiftData:
    """Everything the clip shows, computed before the first frame."""

    accuracy: dict[str, np.ndarray]  # net -> test accuracy at shifts 0..max_shift
    tolerated: dict[str, int]
    n_train: int
    n_test: int
    image: np.ndarray  # the test digit shown
    direction: tuple[int, int]  # the way it moves in the shifted test sets
    cpu_seconds: dict[str, float | None]


class ShiftedDigits(Captions, ClipScene):
    """Test accuracy against a shift of the digits: fully connected, conv, conv + pooling."""

    SUMMARY = "digits moved 0-4 pixels: accuracy of the FC net, the CNN and the CNN with pooling"
    PARAMS = (
        FULL_DATA_PARAM,
        Param("epochs", int, 10, "epochs of the fully connected network", lo=1, hi=60),
        Param("conv_epochs", int, 1, "epochs of both convolutional networks", lo=1, hi=10),
        Param("pool", int, 2, "side of the pooled blocks before the dense layer", lo=2, hi=11),
        Param("pool_mode", str, "max", "pooling: the block's maximum or its average",
              choices=POOL_MODES),
        Param("max_shift", int, 4, "largest shift, in whole pixels", lo=1, hi=8),
        Param("shift_seed", int, 0, "seed of each test image's direction", lo=0, hi=10**6),
        Param("seed", int, 0, "seed of the initial weights and the batch order", lo=0,
              hi=10**6),
        digit_index_param(0, "test image shown moving"),
    )  # fmt: skip

    @classmethod
    def prepare(cls, p: ParamValues) -> ShiftData:
        x_train, _, x_test, y_test = digit_data(p.data)
        index = checked_test_index(p.image, y_test, p.data)
        nets = specs(100)  # HowAccurate's runs (its width only names its wider network)
        runs = {"fc": train(nets["video"], p.data, p.epochs, p.seed),
                "conv": train(nets["conv"], p.data, p.conv_epochs, p.seed),
                "pooled": pooled_run(p.data, p.conv_epochs, p.seed, p.pool, p.pool_mode)}
        table = shift_table(runs, p.data, p.max_shift, p.shift_seed)
        accuracy = {k: np.asarray(table.extras[k], float) for k in NETS}
        way = shift_directions(len(y_test), p.shift_seed)[index]
        return ShiftData(
            accuracy=accuracy, tolerated={k: tolerated_shift(a, TOLERANCE) for k, a in
                                          accuracy.items()},
            n_train=len(x_train), n_test=len(y_test), image=np.asarray(x_test[index], float),
            direction=(int(way[0]), int(way[1])),
            cpu_seconds={**{k: r.meta.get("cpu_seconds") for k, r in runs.items()},
                         "shifts": table.meta.get("cpu_seconds")},
        )  # fmt: skip

    # -- the story -------------------------------------------------------------------
    def construct(self) -> None:
        self.add(title("Move the digits: who still reads them?", self.theme))
        self.show_shift()
        for key in NETS:
            self.draw_curve(key)
        self.show_verdict()

    def names(self) -> dict[str, str]:
        mode = "max" if self.p.pool_mode == "max" else "average"
        return {"fc": "fully connected", "conv": "convolutional",
                "pooled": f"conv + {mode} pooling"}  # fmt: skip

    def colour(self, key: str) -> str:
        t = self.theme
        return {"fc": t.model, "conv": t.compare, "pooled": t.correct}[key]

    def moved(self, d: int) -> np.ndarray:
        dx, dy = self.data.direction
        return shift_images(self.data.image[None], d * dx, d * dy)[0]

    def show_digit_at(self, d: int) -> None:
        self.digit[0].pixel_array[..., :3] = grey_rgb(self.moved(d).reshape(28, 28), self.theme)
        self.shift.set_value(d)

    def show_shift(self) -> None:
        t, d, p = self.theme, self.data, self.p
        self.axes = make_axes(t, [0, p.max_shift, 1], [0, 100, 20], PLOT_W, PLOT_H)
        x_name = axis_label("shift (whole pixels)", t).next_to(self.axes.x_axis, DOWN, buff=0.5)
        y_name = axis_label("test accuracy (%)", t).rotate(np.pi / 2)
        y_name.next_to(self.axes.y_axis, LEFT, buff=0.6)
        self.plot = VGroup(self.axes, x_name, y_name)
        self.plot.move_to([MAIN.x0, MAIN.center[1], 0], aligned_edge=LEFT)
        self.digit = framed(digit_image(d.image, height=DIGIT, theme=t), t)
        self.digit.move_to([MAIN.x1 - DIGIT / 2, self.axes.c2p(0, 72)[1], 0])
        self.shift = Readout("shift", 0, t, decimals=0)
        self.shift.next_to(self.digit, DOWN, buff=0.25)
        self.key = legend([(self.colour(k), self.names()[k]) for k in NETS], t)
        # inside the plot, low on the left: every curve starts near the top there
        self.key.move_to(self.axes.c2p(0.12, 6), aligned_edge=DOWN + LEFT)
        self.add(self.plot)  # from the first frame: no empty poster frame
        word = DIRECTION_WORDS[d.direction]
        self.play(
            self.start_beat(
                "shift", "Move every test digit a few whole pixels",
                f"Each of the {d.n_test:,} test images moves 0 to {p.max_shift} whole pixels, "
                "right, left, down or up: one direction drawn at random for each image and "
                "kept at every distance. The uncovered edge is black and pixels moved off the "
                f"frame are lost. This one, a test image, moves {word}.",
            ),
            fade_in(self.digit), fade_in(self.shift), run_time=1.0,
        )  # fmt: skip
        self.play(UpdateFromAlphaFunc(Group(self.digit[0], self.shift.number), lambda _m, a:
                                      self.show_digit_at(min(p.max_shift, int(a * (p.max_shift
                                                                                    + 1))))),
                  run_time=2.5, rate_func=linear)  # fmt: skip
        self.show_digit_at(0)
        self.wait(1.0)
        self.play(fade_in(self.key), run_time=0.6)
        self.shown["direction"] = word
        self.wait(1.0)

    def draw_curve(self, key: str) -> None:
        d, p = self.data, self.p
        acc = 100 * d.accuracy[key]
        points = np.array([self.axes.c2p(x, y) for x, y in enumerate(acc)])
        # the pooled network's curve is drawn thinner, so the one it lies on stays visible
        curve = VMobject(stroke_color=self.colour(key), stroke_width=STROKE[key])
        curve.set_points_as_corners(points[:2])
        end = merged_text(pct(d.accuracy[key][-1]), self.colour(key), Size.READOUT)
        headline, narration = self.words(key)
        self.play(self.start_beat(key, headline, narration), run_time=0.6)
        self.add(curve)

        def grow(_mob, alpha: float) -> None:
            x = alpha * p.max_shift
            i = min(int(x), p.max_shift - 1)
            tip = points[i] + (points[i + 1] - points[i]) * (x - i)
            curve.set_points_as_corners([*points[: i + 1], tip])
            self.show_digit_at(int(x))

        self.play(UpdateFromAlphaFunc(Group(curve, self.digit[0], self.shift.number), grow),
                  run_time=DRAW_SECONDS, rate_func=linear)  # fmt: skip
        curve.set_points_as_corners(points)
        self.place_end(end, points[-1])
        self.play(fade_in(end), run_time=0.5)
        self.show_digit_at(0)
        corners = [*curve.get_start_anchors(), curve.get_end()]
        self.shown.setdefault("curves", {})[key] = np.array([self.axes.p2c(c) for c in corners])
        self.shown.setdefault("ends", {})[key] = pct(d.accuracy[key][-1])
        self.wait(2.0)

    def place_end(self, label, at: np.ndarray) -> None:
        """The final accuracy right of the curve's end, stacked clear of the others' labels."""
        label.next_to(at, RIGHT, buff=0.2)
        self.ends = getattr(self, "ends", [])
        for other in sorted(self.ends, key=lambda m: m.get_y()):
            if abs(other.get_y() - label.get_y()) < label.height + 0.08:
                label.next_to(other, UP if label.get_y() >= other.get_y() else DOWN, buff=0.08)
        self.ends.append(label)

    def words(self, key: str) -> tuple[str, str]:
        d, p = self.data, self.p
        a = d.accuracy[key]
        far = f"{pct(a[-1])} at {p.max_shift} pixels"
        shifts = ", ".join(pct(v) for v in a)
        if key == "fc":
            return (f"Fully connected: {pct(a[0])}, then {far}",
                    f"The video's 784-16-16-10 network, trained for {p.epochs} epochs on "
                    f"{d.n_train:,} images: {shifts} for shifts of 0 to {p.max_shift} pixels. "
                    "Each pixel has its own weights, so a moved stroke lands on weights that "
                    "never saw it.")  # fmt: skip
        if key == "conv":
            return (f"Convolutional: {pct(a[0])}, then {far}",
                    f"The convolutional network, three 3×3 layers of {CONV_CHANNELS[0]} maps "
                    f"and a dense output layer, trained for {p.conv_epochs} "
                    f"epoch{'s' if p.conv_epochs != 1 else ''} on the same {d.n_train:,} images "
                    f"(an epoch of it costs far more than one of the small network): {shifts}. "
                    "Its filters slide, but the dense layer after them still has a weight per "
                    "position.")
        gain = 100 * (a - d.accuracy["conv"])
        best = int(np.argmax(gain[1:])) + 1
        mode = "max" if p.pool_mode == "max" else "average"
        if gain[1:].max() <= 0.0:
            headline = f"{p.pool}×{p.pool} {mode} pooling: no gain at any shift"
        elif gain[1:].max() < 1.0:
            headline = f"{p.pool}×{p.pool} {mode} pooling: no real gain"
        elif gain[1:].max() < 3.0:
            headline = f"Pooling helps a little: +{gain[best]:.1f} points at {best} px"
        else:
            headline = f"Pooling helps: +{gain[best]:.1f} points at {best} pixels"
        gains = ", ".join(f"{g:+.1f}" for g in gain)
        return (headline,
                f"The same convolutional network with {p.pool}×{p.pool} {mode} pooling before "
                f"its dense layer, trained the same way: {shifts}. Against the network without "
                f"pooling, in points at each shift: {gains}. A {p.pool}×{p.pool} block absorbs "
                "a move only while the strokes stay inside it, and the dense layer after it "
                "still gives every pooled position its own weights.")  # fmt: skip

    def show_verdict(self) -> None:
        d, p = self.data, self.p
        tol = d.tolerated
        names = self.names()
        each = "; ".join(f"{names[k]} {tol[k]} pixel{'s' if tol[k] != 1 else ''}" for k in NETS)
        drops = "; ".join(f"{names[k]} {100 * (d.accuracy[k][0] - d.accuracy[k][-1]):.1f} points"
                          for k in NETS)  # fmt: skip
        most = max(tol.values())
        if most == 0:
            headline = "None is shift-invariant: 1 pixel costs 5+ points"
        elif most < p.max_shift:
            headline = (f"None is shift-invariant: past {most} "
                        f"pixel{'s' if most != 1 else ''}, 5+ points lost")
        else:
            best = [names[k] for k in NETS if tol[k] == p.max_shift]
            headline = f"Shift-tolerant to {p.max_shift} pixels: {', '.join(best)}"
        text = (f"Counting a shift as tolerated while test accuracy stays within "
                f"{100 * TOLERANCE:.0f} points of the unshifted: {each}. Lost at {p.max_shift} "
                f"pixels: {drops}. None of them was trained on moved digits.")
        self.play(self.start_beat("verdict", headline, text), run_time=0.8)
        self.shown["verdict"] = {"headline": headline, "narration": text}
        self.wait(4.0)
