"""Clip 18, RandomLabels: the digit network trained on true labels and on shuffled ones.

The same training images, once with their true labels and once with the labels
shuffled once before training (one fixed permutation; the test labels stay
true), side by side: training cost and accuracy per epoch, live. First the
784-16-16-10 sigmoid digit network, then a wide one (one hidden layer of a few
hundred ReLU neurons), on a class-balanced subset of the sample digits. The
clip then says what the shuffled runs actually reached (e.g. "97%, not 100%")
and that their test accuracy stays at chance.

Render: ``python -m scenes render RandomLabels`` (or
``manim -ql scenes/clips/random_labels.py RandomLabels``); try
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
    Line,
    SurroundingRectangle,
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
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.fades import fade_in, fade_out
from scenes.render.outlines import merge_by_style
from scenes.widgets.images import digit_image, framed
from scenes.widgets.plots import make_axes, screen_map
from scenes.widgets.text import Captions, LiveNumber, fit_within, merged_text, title

DATA = "sample"  # 4,000 training images: a subset of them is memorised in seconds
BATCH_SIZE = 10
PREVIEW = 10  # images shown with their true and shuffled labels
LEVEL = 0.9  # "epochs to reach 90% training accuracy" in the verdict
SIDES = ("true", "shuffled")
#: Layout (scene units): left edges of the two columns, plot sizes, rows from the top.
COLUMN_LEFT, COLUMN_W, TICKS_W = (-6.8, 0.25), 6.55, 0.75
PLOT_W, COST_H, ACC_H = 5.4, 1.3, 1.7
SUBTITLE_Y, HEADER_Y, COST_ROW_Y, COST_TOP = 2.85, 2.35, 1.9, 1.65
ACC_ROWS_Y, ACC_TOP = (0.05, -0.3), -0.55


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
    start, end = np.asarray(start, float), np.asarray(end, float)
    length = float(np.linalg.norm(end - start))
    unit = (end - start) / length
    path = VMobject(stroke_color=colour, stroke_width=stroke_width)
    for a in np.arange(0.0, length, 2 * dash):
        path.start_new_path(start + a * unit)
        path.add_line_to(start + min(a + dash, length) * unit)
    return path


class RandomLabels(Captions, ClipScene):
    """True labels against shuffled labels: the network memorises noise, slowly."""

    SUMMARY = "random labels: true vs shuffled labels, cost and accuracy live; test at chance"
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
        self.next_section("setup")
        d, t = self.data, self.theme
        step = 1.12
        x0 = 1.0 - step * (PREVIEW - 1) / 2
        true_row, shuffled_row = VGroup(), VGroup()
        pictures = []
        for k in range(PREVIEW):
            x = x0 + k * step
            pic = framed(digit_image(d.preview[k], height=0.9, theme=t), t).move_to([x, 1.3, 0])
            pictures.append(pic)
            true_row.add(merged_text(str(d.preview_true[k]), t.text, 32).move_to([x, 2.2, 0]))
            changed = d.preview_shuffled[k] != d.preview_true[k]
            colour = t.compare if changed else t.text
            shuffled_row.add(
                merged_text(str(d.preview_shuffled[k]), colour, 32).move_to([x, 0.4, 0])
            )
        row_labels = VGroup(
            merged_text("true label", t.muted, 24).move_to([0, 2.2, 0]),
            merged_text("shuffled", t.muted, 24).move_to([0, 0.4, 0]),
        )
        for label in row_labels:
            label.set_x(x0 - 0.75 - label.width / 2)
        lo, hi = d.per_class
        per_digit = f"{lo}" if lo == hi else f"{lo}-{hi}"
        lines = (
            f"training set: {d.n_subset} of the {d.n_pool:,} sample images, "
            f"{per_digit} of each digit",
            f"shuffled once, before training: one fixed permutation of the {d.n_subset} labels",
            f"{d.kept} of the {d.n_subset} images keep their true label by chance "
            f"({percent(d.kept / d.n_subset)})",
            f"test set: all {d.n_test:,} test images, with their true labels",
        )
        facts = VGroup(*[merged_text(line, t.text, 24) for line in lines])
        facts.arrange(DOWN, aligned_edge=LEFT, buff=0.22).move_to([0, -1.3, 0])
        self.shown.update(
            subset=d.n_subset, per_class=per_digit, kept=d.kept,
            preview_true=[m.text for m in true_row],
            preview_shuffled=[m.text for m in shuffled_row], facts=[m.text for m in facts],
        )  # fmt: skip
        # only shown and faded: one outline per style
        true_row, shuffled_row, facts = map(merge_by_style, (true_row, shuffled_row, facts))
        first = self.new_caption("Take the training images with their labels ...")
        self.play(*map(fade_in, [*pictures, true_row, row_labels[0]]), first, run_time=1.2)
        then = self.new_caption("... and shuffle the labels once: each image gets another's label.")
        self.play(fade_in(shuffled_row), fade_in(row_labels[1]), then, run_time=1.2)
        self.play(fade_in(facts), run_time=1.0)
        self.set_caption(
            "There is no rule left to learn: the network can only memorise image by image.\n"
            "Can it? And what does it then get right on new images?"
        )
        self.wait(2.5)
        gone = [*pictures, true_row, shuffled_row, row_labels, facts]
        self.play(*map(fade_out, gone), run_time=0.8)

    def show_network(self, net: NetSpec) -> None:
        """One network: both runs drawn epoch by epoch, then what they reached."""
        self.next_section(net.key)
        d = self.data
        runs = d.runs[net.key]
        panel = self.build_panel(net, runs)
        if net.key == "small":
            intro = (
                "The digit network, trained twice from the same starting weights:\n"
                "on the true labels (left) and on the shuffled labels (right)."
            )
        else:
            small = d.nets[0]
            intro = (
                f"A wider network: one hidden layer of {net.sizes[1]} ReLU neurons, "
                f"{net.n_params:,} weights and biases\n"
                f"(the digit network has {small.n_params:,}); "
                f"the same {d.n_subset} images and the same shuffled labels."
            )
        self.play(fade_in(panel["static"]), fade_in(panel["live"]), self.new_caption(intro))
        self.wait(1.5)
        self.play_epochs(net, runs, panel)
        true, shuf = runs["true"], runs["shuffled"]
        a, b = true.first_reaching(LEVEL), shuf.first_reaching(LEVEL)
        at = ["not reached" if e is None else f"epoch {e}" for e in (a, b)]
        ending = (
            f"{100 * LEVEL:g}% training accuracy: {at[0]} with true labels, {at[1]} with "
            f"shuffled labels.\nShuffled: {percent(shuf.train[-1])} of the training labels "
            f"fitted, test accuracy {percent(shuf.test[-1])} (chance: {percent(d.chance)})."
        )
        self.set_caption(ending)
        self.wait(3.0)
        self.play(fade_out(panel["static"]), fade_out(panel["live"]), run_time=0.8)
        self.shown[net.key]["caption"] = ending

    def play_epochs(self, net: NetSpec, runs: dict[str, Run], panel: dict) -> None:
        """Grow the curves and update the numbers; each frame shows one recorded epoch."""
        last = len(runs["true"].epochs) - 1
        self.set_caption(
            "Left: true labels, a rule to learn. Right: shuffled labels, pairs to memorise.\n"
            "Watch how fast each training cost falls and each accuracy climbs."
        )

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
            curves, numbers = panel[side]["curves"], panel[side]["numbers"]
            cost_map, acc_map = panel[side]["maps"]
            lo = panel[side]["lo"]  # the cost plot's y counts decades above 10**lo
            shown[side] = {
                "epochs": self.curve_data(curves[0], cost_map)[0].tolist(),
                "cost": (10.0 ** (self.curve_data(curves[0], cost_map)[1] + lo)).tolist(),
                "train": (self.curve_data(curves[1], acc_map)[1] / 100).tolist(),
                "test": (self.curve_data(curves[2], acc_map)[1] / 100).tolist(),
                "numbers": {k: n.number for k, n in numbers.items()},
                "texts": {
                    k: f"{n.number:.{n.num_decimal_places}f}{n.unit}" for k, n in numbers.items()
                },
            }
        shown["epoch"] = panel["epoch"].number

    # -- the panel of one network ----------------------------------------------
    def build_panel(self, net: NetSpec, runs: dict[str, Run]) -> dict:
        """Two columns (true | shuffled), each a log-cost plot over an accuracy plot."""
        d, t = self.data, self.theme
        last_epoch = float(runs["true"].epochs[-1])
        costs = np.concatenate([runs[s].cost for s in SIDES])
        logs = np.log10(np.maximum(costs, 1e-12))
        lo, hi = float(np.floor(logs.min())), float(np.ceil(logs.max()))
        hi = max(hi, lo + 1)
        static, live = VGroup(), VGroup()
        subtitle = merged_text(
            f"{net.name}  \u00b7  learning rate {net.learning_rate:g}  \u00b7  "
            f"batches of {BATCH_SIZE}  \u00b7  {d.n_subset} images",
            t.muted,
            22,
        )
        epoch_label = merged_text("epoch", t.text, 24)
        epoch_total = merged_text(f"of {last_epoch:.0f}", t.text, 24)
        epoch_total.move_to([6.8, SUBTITLE_Y, 0], aligned_edge=RIGHT)
        # placed at its widest value, anchored at its right end
        epoch = LiveNumber(last_epoch, num_decimal_places=0, font_size=24, color=t.highlight,
                           edge=RIGHT)  # fmt: skip
        epoch.next_to(epoch_total, LEFT, buff=0.15).align_to(epoch_total, DOWN)
        epoch_label.next_to(epoch, LEFT, buff=0.15).align_to(epoch_total, UP)
        fit_within(subtitle, epoch_label.get_left()[0] - 0.4 + 6.8)
        subtitle.move_to([-6.8, SUBTITLE_Y, 0], aligned_edge=LEFT)
        static.add(subtitle, epoch_label, epoch_total)
        live.add(epoch)
        panel: dict = {"static": static, "live": live, "epoch": epoch}
        for side, col in zip(SIDES, COLUMN_LEFT):
            colour = t.model if side == "true" else t.compare
            header = merged_text(
                "true labels" if side == "true" else f"shuffled labels (seed {self.p.seed})",
                t.text,
                28,
            ).move_to([col + COLUMN_W / 2, HEADER_Y, 0])
            left = col + TICKS_W
            cost_axes = make_axes(t, [0, last_epoch, last_epoch], [0, hi - lo, 1],
                                  PLOT_W, COST_H, numbers=False)  # fmt: skip
            cost_axes.move_to([left, COST_TOP, 0], aligned_edge=LEFT + UP)
            acc_axes = make_axes(t, [0, last_epoch, last_epoch], [0, 100, 50],
                                 PLOT_W, ACC_H, numbers=False)  # fmt: skip
            acc_axes.move_to([left, ACC_TOP, 0], aligned_edge=LEFT + UP)
            ticks = VGroup()
            for k in range(int(hi - lo) + 1):
                ticks.add(merged_text(f"{10 ** (lo + k):g}", t.muted, 18)
                          .next_to(cost_axes.c2p(0, k), LEFT, buff=0.15))  # fmt: skip
            for value in (0, 50, 100):
                ticks.add(merged_text(f"{value}", t.muted, 18)
                          .next_to(acc_axes.c2p(0, value), LEFT, buff=0.15))  # fmt: skip
            ticks.add(merged_text("0", t.muted, 18).next_to(acc_axes.c2p(0, 0), DOWN, 0.12))
            end = merged_text(f"{last_epoch:.0f}", t.muted, 18)
            ticks.add(end.next_to(acc_axes.c2p(last_epoch, 0), DOWN, 0.12))
            ticks.add(merged_text("epoch", t.muted, 18).next_to(end, LEFT, buff=0.3))
            chance_y = 100 * d.chance
            chance = dashed(acc_axes.c2p(0, chance_y), acc_axes.c2p(last_epoch, chance_y), t.muted)
            items = [
                self.legend_item(colour, "training cost (log scale)", left, COST_ROW_Y, 3),
                self.legend_item(colour, "training accuracy", left, ACC_ROWS_Y[0], 1, "%"),
                self.legend_item(t.correct, "test accuracy", left, ACC_ROWS_Y[1], 1, "%"),
            ]
            # under the plot, between the epoch axis's end numbers
            chance_item = self.legend_item(
                t.muted, f"chance {100 * d.chance:.3g}%", left + 0.6, end.get_y(), is_dashed=True
            )
            static.add(header, cost_axes, acc_axes, ticks, chance, *chance_item[0])
            for statics, _ in items:
                static.add(*statics)
            curves = [VMobject(stroke_color=c, stroke_width=w)
                      for c, w in ((colour, 3), (colour, 3), (t.correct, 2.5))]  # fmt: skip
            numbers = dict(zip(("cost", "train", "test"), (n for _, n in items)))
            live.add(*curves, *numbers.values())
            maps = (screen_map(cost_axes), screen_map(acc_axes))
            panel[side] = {"curves": curves, "numbers": numbers, "maps": maps, "lo": lo}
        self.show_epoch(panel, runs, 0)
        # only shown and faded: one outline per style (a fade then redraws a few paths)
        panel["static"] = merge_by_style(static)
        return panel

    def legend_item(
        self,
        colour: str,
        label: str,
        x: float,
        y: float,
        decimals: int | None = None,
        unit: str = "",
        is_dashed: bool = False,
    ) -> tuple[list, LiveNumber | None]:
        """A colour swatch and a label at ``(x, y)``, then a live number (if ``decimals``)."""
        ends = np.array([[x, y, 0.0], [x + 0.4, y, 0.0]])
        if is_dashed:
            swatch = dashed(*ends, colour, stroke_width=4)
        else:
            swatch = Line(*ends, stroke_color=colour, stroke_width=4)
        text = merged_text(label, self.theme.text, 20).next_to(swatch, RIGHT, buff=0.12)
        if decimals is None:
            return [swatch, text], None
        number = LiveNumber(0, num_decimal_places=decimals, font_size=20,
                            color=self.theme.text, unit=unit)  # fmt: skip
        number.next_to(text, RIGHT, buff=0.15).align_to(text, UP)
        return [swatch, text], number

    def show_epoch(self, panel: dict, runs: dict[str, Run], i: int) -> None:
        """Curves through epochs ``0..i`` and the numbers of epoch ``i``."""
        for side in SIDES:
            run, part = runs[side], panel[side]
            (co, cx, cy), (ao, ax, ay) = part["maps"]
            xs = run.epochs[: i + 1]
            log_cost = np.log10(np.maximum(run.cost[: i + 1], 1e-12)) - part["lo"]
            for curve, pts in zip(
                part["curves"],
                (
                    co + np.outer(xs, cx) + np.outer(log_cost, cy),
                    ao + np.outer(xs, ax) + np.outer(100 * run.train[: i + 1], ay),
                    ao + np.outer(xs, ax) + np.outer(100 * run.test[: i + 1], ay),
                ),
            ):
                curve.set_points_as_corners(pts if len(pts) > 1 else np.vstack([pts, pts]))
            part["numbers"]["cost"].set_value(run.cost[i])
            part["numbers"]["train"].set_value(100 * run.train[i])
            part["numbers"]["test"].set_value(100 * run.test[i])
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
        """Both networks' numbers in one table; what the shuffled runs reached, test at chance."""
        self.next_section("verdict")
        d, t = self.data, self.theme
        rows = [
            ["", "", "true labels", "", "shuffled labels", "", "90% train at epoch", ""],
            ["network", "epochs", "train", "test", "train", "test", "true", "shuffled"],
        ]
        for net in d.nets:
            true, shuf = d.runs[net.key]["true"], d.runs[net.key]["shuffled"]
            reach = [r.first_reaching(LEVEL) for r in (true, shuf)]
            rows.append([
                net.name, f"{net.epochs}", percent(true.train[-1]), percent(true.test[-1]),
                percent(shuf.train[-1]), percent(shuf.test[-1]),
                *["never" if e is None else str(e) for e in reach],
            ])  # fmt: skip
        table, cells = VGroup(), []
        for r, row in enumerate(rows):
            colour = t.muted if r < 2 else t.text
            cells.append([merged_text(text, colour, 22) if text else None for text in row])
        # column widths from the cells; a group heading spans its column and the next
        gap = 0.45
        widths = [max(line[c].width for line in cells[1:]) for c in range(len(rows[0]))]
        for c, head in enumerate(cells[0]):
            if head is not None:
                widths[c + 1] = max(widths[c + 1], head.width - widths[c] - gap)
        lefts = np.cumsum([0.0] + [w + gap for w in widths[:-1]])
        lefts -= (lefts[-1] + widths[-1]) / 2
        centres = lefts + np.asarray(widths) / 2
        for r, line in enumerate(cells):
            y = 2.0 - 0.55 * r - (0.15 if r >= 2 else 0)
            for c, cell in enumerate(line):
                if cell is None:
                    continue
                if c == 0:
                    cell.move_to([lefts[0], y, 0], aligned_edge=LEFT)
                elif r == 0:  # group headings centred over their two columns
                    cell.move_to([(lefts[c] + lefts[c + 1] + widths[c + 1]) / 2, y, 0])
                else:
                    cell.move_to([centres[c], y, 0])
                table.add(cell)
        fit_within(table, 13.4)
        y = (cells[1][1].get_bottom()[1] + cells[2][1].get_top()[1]) / 2
        rule = Line([table.get_left()[0], y, 0], [table.get_right()[0], y, 0],
                    stroke_color=t.axis, stroke_width=1.5)  # fmt: skip
        best = max(d.nets, key=lambda n: d.runs[n.key]["shuffled"].train[-1])
        box = SurroundingRectangle(cells[2 + d.nets.index(best)][4], color=t.highlight, buff=0.1)
        best_acc = d.runs[best.key]["shuffled"].train[-1]
        memorised = round(best_acc * d.n_subset)
        lines = [
            f"Best fit of shuffled labels: {percent(best_acc)} of the {d.n_subset} images "
            f"({memorised}), by {best.name}"
            + (": not 100%." if memorised < d.n_subset else ": all of them."),
            "Test accuracy after training on shuffled labels: "
            + " and ".join(percent(d.runs[n.key]["shuffled"].test[-1]) for n in d.nets)
            + f"; chance is {percent(d.chance)}.",
        ]
        verdict = VGroup(*[merged_text(line, t.text, 24) for line in lines])
        verdict.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        fit_within(verdict, 13.4).move_to([0, -1.4, 0])
        ended = self.new_caption("Both networks, both label sets: where the training ended.")
        self.play(fade_in(merge_by_style(VGroup(table, rule))), ended)
        self.play(fade_in(box), fade_in(verdict), run_time=1.0)
        self.wait(3.5)
        self.set_caption(
            "Zhang et al. (2017) report large networks fitting shuffled labels completely.\n"
            "Fitting the training set, alone, says nothing about learning digits."
        )
        self.wait(3.0)
        self.shown["table"] = [[c.text if c is not None else "" for c in line] for line in cells]
        self.shown["best"] = {"network": best.name, "train": percent(best_acc)}
        self.shown["verdict"] = lines
