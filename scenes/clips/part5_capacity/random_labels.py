"""Clip 18, RandomLabels: the digit network trained on true labels and on shuffled ones.

The same training images, once with their true labels and once with the labels
shuffled once before training (one fixed permutation; the test labels stay
true). One large accuracy plot per network, live epoch by epoch: training
accuracy (solid) and test accuracy (dashed) with true labels against shuffled
labels, the chance level marked. First the 784-16-16-10 sigmoid digit network,
then a wide one (one hidden layer of a few hundred ReLU neurons), on a
class-balanced subset of the sample digits. The clip then says, in one
sentence, what the shuffled runs actually reached (e.g. "97%, not 100%") and
that their test accuracy stays at chance; training costs and the epochs to 90%
are in the narration.

Render: ``python -m scenes render RandomLabels`` (or
``manim -ql scenes/clips/part5_capacity/random_labels.py RandomLabels``); try
``--set subset=200 --set width=512 --set wide_epochs=100``.

Every curve and number comes from ``nnmath.train_classifier`` runs, each
cached by ``scenes.core.cache.cached_trajectory`` (theme changes never retrain).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Group,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    config,
    linear,
)

from nnmath import TrainingDiverged, Trajectory
from nnmath.classifier import train_classifier
from nnmath.random_labels import balanced_subset, shuffled_labels
from scenes.core.cache import cached_trajectory
from scenes.core.digit_model import digit_data
from scenes.core.layout import MAIN_LEFT, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.fades import fade_in, fade_out
from scenes.widgets.images import digit_image, framed
from scenes.widgets.plots import axis_label, make_axes, screen_map
from scenes.widgets.text import Captions, Readout, legend, merged_text, plated, title

DATA = "sample"  # 4,000 training images: a subset of them is memorised in seconds
BATCH_SIZE = 10
PREVIEW = 6  # images shown with their true and shuffled labels
LEVEL = 0.9  # "epochs to reach 90% training accuracy" in the narration
CHANCE_BAND = 0.05  # a test accuracy this close to chance is called "at chance"
SIDES = ("true", "shuffled")
#: Layout (scene units): the preview images, and the accuracy plot (in MAIN_LEFT).
PIC_H, PIC_GAP, PIC_Y, NAMES_W = 1.8, 0.15, -0.1, 1.9  # NAMES_W: the rows' names, left
PLOT_W, PLOT_H = 7.6, 4.4


@dataclass(frozen=True)
class NetSpec:
    """One network the clip trains twice (true and shuffled labels)."""

    key: str  # "small" or "wide"
    sizes: tuple[int, ...]
    activation: str
    learning_rate: float
    epochs: int

    @property
    def name(self) -> str:
        act = "sigmoid" if self.activation == "sigmoid" else "ReLU"
        return "-".join(map(str, self.sizes)) + " " + act

    @property
    def n_params(self) -> int:
        return sum(a * b + b for a, b in zip(self.sizes[:-1], self.sizes[1:]))


@dataclass(frozen=True)
class Run:
    """Per-epoch record of one training run (from its cached trajectory)."""

    epochs: np.ndarray
    cost: np.ndarray  # over the training subset, against the labels trained on
    train: np.ndarray  # training accuracy against the labels trained on
    test: np.ndarray  # test accuracy against the true test labels
    cpu_seconds: float

    def first_reaching(self, level: float) -> int | None:
        """First epoch whose training accuracy is at least ``level`` (None: never)."""
        hit = np.flatnonzero(self.train >= level)
        return int(round(self.epochs[hit[0]])) if len(hit) else None


@dataclass(frozen=True)
class RandomLabelsData:
    """Everything the clip shows, computed before the first frame."""

    n_subset: int
    n_pool: int  # training images the subset is taken from
    per_class: tuple[int, int]  # fewest and most images of one digit in the subset
    n_test: int
    preview: np.ndarray  # (PREVIEW, 784) first images of the subset
    preview_true: list[int]
    preview_shuffled: list[int]
    kept: int  # subset images whose shuffled label equals the true one
    chance: float  # test accuracy of always answering the commonest test digit
    nets: tuple[NetSpec, NetSpec]
    runs: dict[str, dict[str, Run]]  # runs[net.key][side]


def compact(history: Trajectory, cpu_seconds: float) -> Trajectory:
    """Keep the final network and the per-epoch curves, not every snapshot's weights.

    The wide network's snapshots would be 80 MB per run; the clip draws only the
    per-epoch cost and accuracies (kept exactly, in ``meta["per_epoch"]``) and
    the final network (the one row kept) is what the test re-scores.
    """
    per_epoch = {k: v.tolist() for k, v in history.extras.items()}
    per_epoch["cost"] = history.loss.tolist()
    return Trajectory(
        history.steps[-1:], history.params[-1:], history.loss[-1:], history.layer_sizes,
        history.activation, history.output_activation,
        extras={k: v[-1:] for k, v in history.extras.items()},
        meta={**history.meta, "per_epoch": per_epoch, "cpu_seconds": cpu_seconds},
    )  # fmt: skip


def trained_run(net: NetSpec, subset: int, seed: int, shuffled: bool) -> Trajectory:
    """The cached (compacted) run of ``net`` on the subset, true or shuffled labels."""
    label_seed = seed if shuffled else None
    key = {
        "data": DATA, "sizes": list(net.sizes), "activation": net.activation,
        "learning_rate": net.learning_rate, "epochs": net.epochs, "batch_size": BATCH_SIZE,
        "seed": seed, "label_seed": label_seed, "subset": subset,
    }  # fmt: skip

    def train() -> Trajectory:
        start = time.process_time()
        _, history = train_classifier(
            net.sizes, net.activation, epochs=net.epochs, batch_size=BATCH_SIZE,
            learning_rate=net.learning_rate, seed=seed, data=digit_data(DATA),
            label_seed=label_seed, subset=subset,
        )  # fmt: skip
        return compact(history, time.process_time() - start)

    try:
        return cached_trajectory("random_labels", key, train)
    except TrainingDiverged as exc:
        raise ParamError(f"{net.name}: {str(exc).splitlines()[0]}") from None


def run_of(trajectory: Trajectory) -> Run:
    rec = {k: np.asarray(v, float) for k, v in trajectory.meta["per_epoch"].items()}
    return Run(rec["epoch"], rec["cost"], rec["train_accuracy"], rec["test_accuracy"],
               float(trajectory.meta["cpu_seconds"]))  # fmt: skip


def percent(fraction: float) -> str:
    return f"{100 * fraction:.1f}%"


def dashed(start, end, colour: str, stroke_width: float = 2, dash: float = 0.08) -> VMobject:
    """A dashed line as one path of separate dashes (a DashedLine is a mobject per dash)."""
    path = VMobject(stroke_color=colour, stroke_width=stroke_width)
    return path.set_points(dashed_points(np.array([start, end], float), dash, dash))


def dashed_points(corners: np.ndarray, dash: float = 0.14, gap: float = 0.1) -> np.ndarray:
    """Points of a polyline through ``corners`` cut into dashes of equal length, as straight
    cubic pieces (a dash is one subpath: cheap enough to redo every frame)."""
    corners = np.asarray(corners, float)
    lengths = np.linalg.norm(np.diff(corners, axis=0), axis=1)
    along = np.concatenate([[0.0], np.cumsum(lengths)])
    total = along[-1]
    if len(corners) < 2 or total <= 0:
        return np.repeat(corners[:1], 4, axis=0) if len(corners) else np.zeros((0, 3))
    pieces = []
    for s in np.arange(0.0, total, dash + gap):
        e = min(s + dash, total)
        stops = np.concatenate([[s], along[(along > s) & (along < e)], [e]])
        pts = np.stack([np.interp(stops, along, corners[:, k]) for k in range(3)], axis=1)
        a, b = pts[:-1], pts[1:]
        pieces.append(np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], axis=1))
    return np.concatenate(pieces).reshape(-1, 3)


class RandomLabels(Captions, ClipScene):
    """True labels against shuffled labels: the network memorises noise, slowly."""

    SUMMARY = "random labels: true vs shuffled labels, training accuracy live; test at chance"
    PARAMS = (
        Param("subset", int, 500, "training images (a class-balanced subset)", lo=100, hi=4000),
        Param("seed", int, 0, "seed of the label shuffle and the networks", lo=0, hi=10**6),
        Param("small_epochs", int, 200, "epochs of the 784-16-16-10 network", lo=1, hi=400),
        Param("small_lr", float, 1.0, "learning rate of the small network", lo=0.1, hi=5.0),
        Param("width", int, 256, "ReLU neurons in the wide network's hidden layer", lo=16, hi=1024),
        Param("wide_epochs", int, 50, "epochs of the wide network", lo=1, hi=200),
        Param("wide_lr", float, 0.3, "learning rate of the wide network", lo=0.01, hi=1.0),
        Param(
            "play_seconds", float, 8.0, "seconds to play each network's epochs",
            lo=2.0, hi=30.0, visual=True,
        ),
    )  # fmt: skip
    #: The shuffle beat, and the question asked over the same picture, show each preview
    #: image's true and shuffled label: twelve single digits, and the labels are the point
    #: (which changed, which kept theirs by chance).
    NUMBERS_ALLOW = {"shuffle": 2 * PREVIEW, "question": 2 * PREVIEW}

    @classmethod
    def prepare(cls, p: ParamValues) -> RandomLabelsData:
        x_train, y_train, _, y_test = digit_data(DATA)
        if p.subset > len(y_train):
            raise ParamError(f"subset={p.subset}: the {DATA} data have {len(y_train)} images")
        keep = balanced_subset(y_train, p.subset)
        true = y_train[keep]
        shuffled = shuffled_labels(true, p.seed)
        counts = np.bincount(true, minlength=10)
        nets = (
            NetSpec("small", (784, 16, 16, 10), "sigmoid", p.small_lr, p.small_epochs),
            NetSpec("wide", (784, p.width, 10), "relu", p.wide_lr, p.wide_epochs),
        )
        runs = {
            net.key: {
                side: run_of(trained_run(net, p.subset, p.seed, side == "shuffled"))
                for side in SIDES
            }
            for net in nets
        }
        return RandomLabelsData(
            n_subset=p.subset,
            n_pool=len(y_train),
            per_class=(int(counts.min()), int(counts.max())),
            n_test=len(y_test),
            preview=np.asarray(x_train[keep[:PREVIEW]], float),
            preview_true=true[:PREVIEW].tolist(),
            preview_shuffled=shuffled[:PREVIEW].tolist(),
            kept=int(np.sum(shuffled == true)),
            chance=float(np.bincount(y_test).max() / len(y_test)),
            nets=nets,
            runs=runs,
        )

    # -- construct: the story ---------------------------------------------------
    def construct(self) -> None:
        self.heading = title("Random labels: can a network memorise noise?", self.theme)
        self.add(self.heading)
        self.show_setup()
        for net in self.data.nets:
            self.show_network(net)
        self.show_verdict()

    def show_setup(self) -> None:
        """What shuffling means: the same images, one fixed permutation of their labels."""
        d, t = self.data, self.theme
        step = PIC_H + PIC_GAP
        x0 = NAMES_W / 2 - step * (PREVIEW - 1) / 2
        pictures = Group()
        true_row, shuffled_row = VGroup(), VGroup()
        for k in range(PREVIEW):
            x = x0 + k * step
            pic = framed(digit_image(d.preview[k], height=PIC_H, theme=t), t)
            pictures.add(pic.move_to([x, PIC_Y, 0]))
            label = merged_text(str(d.preview_true[k]), t.text, Size.TITLE)
            true_row.add(label.next_to(pic, UP, buff=0.3))
            changed = d.preview_shuffled[k] != d.preview_true[k]
            colour = t.compare if changed else t.text
            label = merged_text(str(d.preview_shuffled[k]), colour, Size.TITLE)
            shuffled_row.add(label.next_to(pic, DOWN, buff=0.3))
        # each row named at its left: which label is the true one, which the shuffled one
        names = VGroup(merged_text("true", t.text, Size.READOUT),
                       merged_text("shuffled", t.compare, Size.READOUT))  # fmt: skip
        for name, row in zip(names, (true_row, shuffled_row)):
            name.move_to([pictures.get_left()[0] - 0.4, row.get_center()[1], 0], aligned_edge=RIGHT)
        lo, hi = d.per_class
        per_digit = f"{lo}" if lo == hi else f"{lo}-{hi}"
        facts = [
            f"The training set: {d.n_subset} of the {d.n_pool:,} sample images, "
            f"{per_digit} of each digit.",
            f"Shuffled once, before training: one fixed permutation of the {d.n_subset} labels.",
            f"{d.kept} of the {d.n_subset} images keep their true label by chance "
            f"({percent(d.kept / d.n_subset)}).",
            f"The test set: all {d.n_test:,} test images, with their true labels.",
        ]
        self.shown.update(
            subset=d.n_subset, per_class=per_digit, kept=d.kept,
            preview_true=[m.text for m in true_row],
            preview_shuffled=[m.text for m in shuffled_row], facts=facts,
        )  # fmt: skip
        self.play(fade_in(pictures), fade_in(true_row), fade_in(names[0]), self.start_beat(
            "images", "Training images, each with its true label", facts[0],
        ), run_time=1.2)  # fmt: skip
        self.wait(2.0)
        self.play(fade_in(shuffled_row), fade_in(names[1]), self.start_beat(
            "shuffle", "Shuffle the labels once: each image gets another's",
            " ".join(facts[1:]),
        ), run_time=1.2)  # fmt: skip
        self.wait(2.5)
        self.beat(
            "question", "No rule is left to learn: only memorising",
            "There is no rule left to learn: the network can only memorise image by image. "
            "Can it? And what does it then get right on new images?",
        )  # fmt: skip
        self.wait(2.0)
        self.setup_mobs = [pictures, true_row, shuffled_row, names]

    def show_network(self, net: NetSpec) -> None:
        """One network: both runs drawn epoch by epoch on one plot, then what they reached."""
        d = self.data
        runs = d.runs[net.key]
        panel = self.build_panel(net, runs)
        if net.key == "small":
            headline = "The digit network: true labels against shuffled"
            intro = (
                f"The {net.name} digit network, trained twice from the same starting weights "
                f"(learning rate {net.learning_rate:g}, batches of {BATCH_SIZE}): on the true "
                "labels and on the shuffled labels."
            )
        else:
            small = d.nets[0]
            headline = "A wider network, the same shuffled labels"
            intro = (
                f"A wider network: one hidden layer of {net.sizes[1]} ReLU neurons, "
                f"{net.n_params:,} weights and biases (the digit network has "
                f"{small.n_params:,}), learning rate {net.learning_rate:g}; the same "
                f"{d.n_subset} images and the same shuffled labels."
            )
        gone = [fade_out(m) for m in getattr(self, "setup_mobs", [])]
        gone += [fade_out(m) for m in getattr(self, "panel_mobs", [])]
        self.setup_mobs = []
        self.play(*gone, self.start_beat(net.key, headline, intro), run_time=1.0)
        self.play(fade_in(panel["static"]), fade_in(panel["live"]), run_time=1.0)
        self.wait(2.0)
        self.play_epochs(net, runs, panel)
        true, shuf = runs["true"], runs["shuffled"]
        a, b = true.first_reaching(LEVEL), shuf.first_reaching(LEVEL)
        at = ["not reached" if e is None else f"epoch {e}" for e in (a, b)]
        ending = (
            f"{100 * LEVEL:g}% training accuracy: {at[0]} with true labels, {at[1]} with "
            f"shuffled labels. Shuffled: {percent(shuf.train[-1])} of the training labels "
            f"fitted (training cost {shuf.cost[-1]:.3f}), test accuracy "
            f"{percent(shuf.test[-1])} (chance: {percent(d.chance)}); with true labels the "
            f"test accuracy is {percent(true.test[-1])}."
        )
        near_chance = abs(shuf.test[-1] - d.chance) < CHANCE_BAND
        result = "test at chance" if near_chance else f"test {percent(shuf.test[-1])}"
        self.beat(f"{net.key}_result",
                  f"Shuffled: {percent(shuf.train[-1])} of labels memorised, {result}",
                  ending)  # fmt: skip
        self.wait(3.0)
        self.panel_mobs = [panel["static"], panel["live"]]
        self.shown[net.key]["caption"] = ending
        for side in SIDES:
            run = runs[side]
            self.shown[net.key][side]["final"] = {
                "train": 100 * run.train[-1], "test": 100 * run.test[-1], "cost": run.cost[-1],
            }  # fmt: skip

    def play_epochs(self, net: NetSpec, runs: dict[str, Run], panel: dict) -> None:
        """Grow the curves and update the numbers; each frame shows one recorded epoch."""
        last = len(runs["true"].epochs) - 1
        headline = ("Watch both training accuracies climb" if net.key == "small"
                    else "Watch the wider network fit both label sets")  # fmt: skip
        self.beat(
            f"{net.key}_train", headline,
            "True labels: a rule to learn. Shuffled labels: pairs to memorise. Watch how fast "
            "each training accuracy climbs, and where each test accuracy stays.",
        )  # fmt: skip

        def update(_group: VGroup, alpha: float) -> None:
            self.show_epoch(panel, runs, round(alpha * last))

        # drawn last, so that everything else (the caption too) is painted once per play
        self.bring_to_front(panel["live"])
        anim = UpdateFromAlphaFunc(panel["live"], update)
        self.play(anim, run_time=self.p.play_seconds, rate_func=linear)
        frames = max(1, round(self.p.play_seconds * config.frame_rate))
        shown = self.shown.setdefault(net.key, {"name": net.name})
        shown["frame_epochs"] = sorted({round(k / frames * last) for k in range(frames + 1)})
        for side in SIDES:
            part = panel[side]
            train = self.curve_data(part["train"], panel["map"])
            test = self.curve_data(part["test_path"], panel["map"])
            shown[side] = {"epochs": train[0].tolist(), "train": (train[1] / 100).tolist(),
                           "test": (test[1] / 100).tolist()}  # fmt: skip
        numbers = panel["numbers"]
        shown["shuffled"]["numbers"] = {k: n.number for k, n in numbers.items()}
        shown["shuffled"]["texts"] = {
            k: f"{n.number:.{n.num_decimal_places}f}{n.unit}" for k, n in numbers.items()
        }
        shown["epoch"] = panel["epoch"].number

    # -- the plot of one network -----------------------------------------------
    def build_panel(self, net: NetSpec, runs: dict[str, Run]) -> dict:
        """One accuracy plot (true and shuffled labels, training solid and test dashed), the
        chance level, a legend and the live numbers of the shuffled run."""
        d, t = self.data, self.theme
        last_epoch = float(runs["true"].epochs[-1])
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if last_epoch / s <= 5)
        axes = make_axes(t, [0, last_epoch, step], [0, 100, 20], PLOT_W, PLOT_H)
        y_name = axis_label("accuracy (%)", t)
        x_name = axis_label("epoch", t)
        net_name = merged_text(net.name, t.text, Size.READOUT)  # which network this plot is
        plot = VGroup(axes, y_name, x_name, net_name)
        x_name.next_to(axes.x_axis.numbers, DOWN, buff=0.15).set_x(axes.get_center()[0])
        y_name.next_to(axes.c2p(0, 100), UP, buff=0.25).align_to(axes.y_axis.numbers, LEFT)
        net_name.move_to(y_name, aligned_edge=DOWN).align_to(axes.x_axis, RIGHT)
        plot.move_to(MAIN_LEFT.center)
        chance_y = 100 * d.chance
        chance = dashed(axes.c2p(0, chance_y), axes.c2p(last_epoch, chance_y), t.muted, 2.5)
        chance_label = merged_text(f"chance {chance_y:.0f}%", t.muted, Size.READOUT)
        chance_label.next_to(axes.c2p(last_epoch * 0.55, chance_y), UP, buff=0.25)
        chance_label = plated(chance_label, t).set_z_index(5)
        key = legend([(t.model, "true, training"), (t.model, "true, test", "dashed"),
                      (t.compare, "shuffled, training"),
                      (t.compare, "shuffled, test", "dashed")], t)  # fmt: skip
        key.move_to(SIDE.point(0, 1), aligned_edge=UP + LEFT)
        # placed at their widest values, anchored at their left ends
        epoch = Readout("epoch", last_epoch, t, decimals=0)
        head = merged_text("shuffled labels", t.compare, Size.READOUT)
        train = Readout("training", 100.0, t, decimals=1)
        test = Readout("test", 100.0, t, decimals=1)
        for readout in (train, test):
            readout.number.unit = "%"
        readouts = VGroup(epoch, head, train, test)
        readouts.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        readouts.next_to(key, DOWN, buff=0.6, aligned_edge=LEFT)
        epoch.shift(UP * 0.15)
        static = VGroup(plot, chance, key, epoch.text, head, train.text, test.text)
        live = VGroup(epoch.number, train.number, test.number)
        panel: dict = {"static": VGroup(static, chance_label), "live": live,
                       "epoch": epoch.number, "map": screen_map(axes),
                       "numbers": {"train": train.number, "test": test.number}}  # fmt: skip
        for side in SIDES:
            colour = t.model if side == "true" else t.compare
            curves = {
                "train": VMobject(stroke_color=colour, stroke_width=4),
                "test": VMobject(stroke_color=colour, stroke_width=3),
                "test_path": VMobject(),  # the test curve's corners (not drawn): read back
            }
            live.add(curves["train"], curves["test"])
            panel[side] = curves
        self.show_epoch(panel, runs, 0)
        return panel

    def show_epoch(self, panel: dict, runs: dict[str, Run], i: int) -> None:
        """Curves through epochs ``0..i`` and the numbers of epoch ``i``."""
        origin, ex, ey = panel["map"]
        for side in SIDES:
            run, part = runs[side], panel[side]
            xs = run.epochs[: i + 1]
            train = origin + np.outer(xs, ex) + np.outer(100 * run.train[: i + 1], ey)
            test = origin + np.outer(xs, ex) + np.outer(100 * run.test[: i + 1], ey)
            if len(xs) == 1:
                train, test = np.vstack([train, train]), np.vstack([test, test])
            part["train"].set_points_as_corners(train)
            part["test_path"].set_points_as_corners(test)
            part["test"].set_points(dashed_points(test))
        shuffled = runs["shuffled"]
        panel["numbers"]["train"].set_value(100 * shuffled.train[i])
        panel["numbers"]["test"].set_value(100 * shuffled.test[i])
        panel["epoch"].set_value(runs["true"].epochs[i])

    @staticmethod
    def curve_data(curve: VMobject, screen: tuple) -> tuple[np.ndarray, np.ndarray]:
        """Data coordinates of a drawn polyline's corners (the inverse of its screen map)."""
        origin, ex, ey = screen
        pts = curve.points
        corners = np.vstack([pts[0::4], pts[-1:]])
        return (corners[:, 0] - origin[0]) / ex[0], (corners[:, 1] - origin[1]) / ey[1]

    # -- the verdict -----------------------------------------------------------
    def show_verdict(self) -> None:
        """What the shuffled runs reached, in one sentence; test at chance."""
        d = self.data
        best = max(d.nets, key=lambda n: d.runs[n.key]["shuffled"].train[-1])
        best_acc = d.runs[best.key]["shuffled"].train[-1]
        memorised = round(best_acc * d.n_subset)
        tests = [d.runs[n.key]["shuffled"].test[-1] for n in d.nets]
        sentence = (
            f"Best fit of shuffled labels: {percent(best_acc)} of the {d.n_subset} images "
            f"({memorised}), by {best.name}"
            + (": not 100%. " if memorised < d.n_subset else ": all of them. ")
            + "Test accuracy after training on shuffled labels: "
            + " and ".join(percent(v) for v in tests)
            + f"; chance is {percent(d.chance)}."
        )
        at_chance = all(abs(v - d.chance) < CHANCE_BAND for v in tests)
        self.beat(
            "verdict",
            f"Memorised: {percent(best_acc)} of {d.n_subset} shuffled labels"
            + ("; test at chance" if at_chance else ""),
            sentence,
        )  # fmt: skip
        self.wait(3.0)
        self.beat(
            "lesson", "Fitting the training set says nothing about learning",
            "Zhang et al. (2017) report large networks fitting shuffled labels completely. "
            "Fitting the training set, alone, says nothing about learning digits.",
        )  # fmt: skip
        self.wait(3.0)
        self.shown["best"] = {"network": best.name, "train": percent(best_acc)}
        self.shown["verdict"] = sentence
