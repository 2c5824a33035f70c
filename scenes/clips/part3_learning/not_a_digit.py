"""Clip 30, NotADigit: three ways to let the digit network say "not a digit", measured.

Three 784-16-16 sigmoid networks, trained alike on the digits: the plain one
with ten outputs, rejecting an image when its largest output is below a
threshold; one with an extra output, "not a digit", trained on uniform-noise
images; one trained to turn every output off on those noise images (and the
same threshold). First a test digit and then a fresh noise image go through
all three, their outputs as bars; then, as grouped bars, what each rejects:
real digits (wrongly), fresh noise of the kind two of them were shown, and
four kinds of garbage none was shown (each digit's pixels shuffled, blank
images, inverted digits, random pen strokes), with an example image under
each group and each method's accuracy on the digits it keeps beside. All from
``nnmath.rejection``; whatever the rates are, the captions say them.

Render: ``python -m scenes render NotADigit`` (or
``manim -ql scenes/clips/part3_learning/not_a_digit.py NotADigit``); try
``--set threshold=0.8``, ``--set noise=2000`` or ``--set data=full``.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    DashedLine,
    Group,
    GrowFromEdge,
    Line,
    Rectangle,
    Succession,
    VGroup,
)

from nnmath import Network, TrainingDiverged, Trajectory
from nnmath.rejection import (
    GARBAGE_KINDS,
    METHODS,
    RejectionRates,
    garbage_images,
    rejected,
    rejection_rates,
    train_with_noise,
)
from scenes.clips.part3_learning.weight_grids import _ImageClip
from scenes.core.accuracy_runs import specs
from scenes.core.accuracy_runs import train as train_spec
from scenes.core.cache import cached_trajectory
from scenes.core.digit_model import (
    BATCH_SIZE,
    FULL_DATA_PARAM,
    LEARNING_RATE,
    checked_test_index,
    digit_data,
    digit_index_param,
)
from scenes.core.layout import MAIN, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.fades import fade_in, fade_out
from scenes.widgets.images import digit_image, framed
from scenes.widgets.network import OutputBars
from scenes.widgets.plots import Bars, axis_label, make_axes
from scenes.widgets.text import legend, merged_text, title, with_role

#: Garbage images of each kind measured (shuffled and inverted: of the first test digits).
N_GARBAGE = 1000
#: The method names on screen (no digits in them: they stay on screen beside numbers).
NAMES = {"threshold": "threshold", "extra_class": "extra output",
         "zero_target": "all off on noise"}  # fmt: skip
KINDS = {"noise": "noise", "shuffled": "shuffled", "blank": "blank", "inverted": "inverted",
         "strokes": "scrawl"}  # fmt: skip
KIND_WORDS = {"noise": "Fresh noise", "shuffled": "Shuffled digits", "blank": "Blank images",
              "inverted": "Inverted digits", "strokes": "Random scrawls"}  # fmt: skip
#: The method as a headline names it.
CALLED = {"threshold": "the threshold", "extra_class": "the extra output",
          "zero_target": "all off on noise"}  # fmt: skip
UNSEEN = GARBAGE_KINDS[1:]
MOST = 0.5  # "rejects most": at least half


def percent(fraction: float) -> str:
    return f"{100 * fraction:.1f}%"


@dataclass(frozen=True)
class Rejections:
    """The three trained networks, what each rejects, and the images shown."""

    networks: dict[str, Network]
    rates: dict[str, RejectionRates]
    digit: np.ndarray  # the test digit sent through first
    label: int
    examples: dict[str, np.ndarray]  # garbage kind -> the first image of its set
    outputs: dict[tuple[str, str], np.ndarray]  # (method, "digit" | "noise") -> outputs
    n_train: int
    n_test: int
    #: CPU seconds each noise-trained network took when it was trained (kept in its run)
    cpu_seconds: dict[str, float]


def trained_with_noise(method: str, p: ParamValues) -> Trajectory:
    """The cached run of a noise-trained network (``extra_class`` or ``zero_target``)."""
    key = {
        "source": p.data, "method": method, "noise": p.noise, "noise_seed": p.noise_seed,
        "epochs": p.epochs, "seed": p.seed, "batch_size": BATCH_SIZE,
        "learning_rate": LEARNING_RATE, "hidden": [16, 16],
        "directory": os.environ.get("NNFIT_MNIST_DIR", "") if p.data == "full" else "",
    }  # fmt: skip

    def train() -> Trajectory:
        start = time.process_time()
        _, history = train_with_noise(
            method, digit_data(p.data), noise_count=p.noise, noise_seed=p.noise_seed,
            epochs=p.epochs, batch_size=BATCH_SIZE, learning_rate=LEARNING_RATE, seed=p.seed,
        )  # fmt: skip
        history.meta["cpu_seconds"] = time.process_time() - start
        return history

    try:
        return cached_trajectory("not_a_digit", key, train)
    except TrainingDiverged as exc:
        raise ParamError(str(exc).splitlines()[0]) from None


def plain_network(p: ParamValues) -> Network:
    """The plain ten-output network: HowAccurate's run of the video's network (one training
    for both clips), the same model, data, epochs and SGD as the noise-trained two."""
    return train_spec(specs(100)["video"], p.data, p.epochs, p.seed).network_at(-1)


def garbage_sets(test_images: np.ndarray, noise_seed: int) -> dict[str, np.ndarray]:
    """Every garbage kind, ``N_GARBAGE`` images each; noise drawn apart from the training noise."""
    n = min(N_GARBAGE, len(test_images))
    return {kind: garbage_images(kind, n, [noise_seed, 1 + i], test_images)
            for i, kind in enumerate(GARBAGE_KINDS)}  # fmt: skip


def headline_for(kind: str, rates: dict[str, float]) -> str:
    """One line naming which methods reject most of one garbage kind."""
    most = [CALLED[m] for m in METHODS if rates[m] >= MOST]
    what = KIND_WORDS[kind]
    if len(most) == len(METHODS):
        return f"{what}: all three reject most of them"
    if not most:
        return f"{what}: most get past all three"
    if len(most) == 1:
        return f"{what}: only {most[0]} rejects most"
    (other,) = (CALLED[m] for m in METHODS if rates[m] < MOST)
    return f"{what}: {other} lets most through"


class NotADigit(_ImageClip):
    """Rejecting garbage: a threshold, an extra output, or all outputs off on noise."""

    SUMMARY = "three ways to say 'not a digit': each rejects the garbage it was shown"
    PARAMS = (
        # full by default: with the 4,000 sample digits the plain network's threshold
        # rejects far less noise (39% against 94%, seed 0, 10 epochs): the data set matters here
        FULL_DATA_PARAM,
        Param("seed", int, 0, "seed of the initial weights and the batch order", lo=0, hi=10**6),
        Param("epochs", int, 10, "training epochs of each network", lo=1, hi=100),
        Param("noise", int, 1000, "noise images trained on (extra output, all off)",
              lo=10, hi=20000),
        Param("noise_seed", int, 1, "seed of the noise trained on and of every garbage set",
              lo=0, hi=10**6),
        Param("threshold", float, 0.5, "reject when the largest of the ten outputs is below",
              lo=0.05, hi=0.95),
        digit_index_param(0, "test digit sent through the three networks"),
    )  # fmt: skip

    @classmethod
    def prepare(cls, p: ParamValues) -> Rejections:
        _, x_test, y_test = digit_data(p.data)[1:]
        index = checked_test_index(p.image, y_test, p.data)
        plain = plain_network(p)
        runs = {m: trained_with_noise(m, p) for m in METHODS[1:]}
        networks = {"threshold": plain, **{m: run.network_at(-1) for m, run in runs.items()}}
        garbage = garbage_sets(x_test, p.noise_seed)
        digit = np.asarray(x_test[index], dtype=float)
        noise = garbage["noise"][0]
        return Rejections(
            networks=networks,
            rates={m: rejection_rates(net, m, x_test, y_test, garbage, p.threshold)
                   for m, net in networks.items()},  # fmt: skip
            digit=digit,
            label=int(y_test[index]),
            examples={"digits": digit, **{k: g[0] for k, g in garbage.items()}},
            outputs={(m, which): net.forward(image)[0] for m, net in networks.items()
                     for which, image in (("digit", digit), ("noise", noise))},  # fmt: skip
            n_train=len(digit_data(p.data)[0]),
            n_test=len(y_test),
            cpu_seconds={m: float(r.meta["cpu_seconds"]) for m, r in runs.items()},
        )  # fmt: skip

    @property
    def digit_set(self) -> str:
        return "MNIST" if self.p.data == "full" else "sample"

    def construct(self) -> None:
        self.heading = title("Teaching the digit network to say \u201cnot a digit\u201d",
                             self.theme)  # fmt: skip
        self.show_pipelines()
        self.show_noise()
        self.show_seen()
        self.show_accuracy()
        for kind in UNSEEN:
            self.show_unseen(kind)
        self.show_verdict()

    # -- the three networks, on one digit and one noise image ------------------------
    PANEL_X = (-1.55, 1.85, 5.2)  # centres of the three output panels
    BAR_LENGTH = 2.1
    PICTURE = 2.7  # height of the input picture

    def verdict(self, method: str, which: str) -> str:
        out = self.data.outputs[method, which]
        if rejected(out[None], method, self.p.threshold)[0]:
            return "not a digit"
        return f"answers {int(np.argmax(out[:10]))}"

    def show_pipelines(self) -> None:
        d, t, p = self.data, self.theme, self.p
        self.picture = framed(digit_image(d.digit, height=self.PICTURE, theme=t), t)
        self.picture.move_to([MAIN.x0 + self.PICTURE / 2 + 0.05, 0.35, 0])
        self.picture_label = merged_text("a test digit", t.text, Size.READOUT)
        self.picture_label.next_to(self.picture, DOWN, buff=0.25)
        self.panels, self.verdicts = {}, {}
        ten, eleven = (OutputBars(np.zeros(n), t, labels=[*map(str, range(10)), "\u2717"][:n],
                                  bar_length=self.BAR_LENGTH, bar_height=0.24, row_buff=0.08,
                                  font_size=Size.TICK, show_numbers=False)
                       for n in (10, 11))  # fmt: skip
        for x, method in zip(self.PANEL_X, METHODS):
            # copies, not new widgets: each label's text is parsed once
            bars = eleven if method == "extra_class" else ten.copy()
            bars.move_to([x, 0.0, 0]).align_to([0, 1.95, 0], UP)
            name = merged_text(NAMES[method], t.text, Size.READOUT)
            name.next_to(bars.tracks, UP, buff=0.3).set_y(2.45)
            if method != METHODS[0]:  # the first panel's digits label every row of all three
                bars.remove(bars.labels)
                bars.add(*bars.labels[10:])  # the extra output's mark stays
            parts = VGroup(bars, name)
            if method != "extra_class":
                left = bars.tracks.get_left()[0]
                xt = left + p.threshold * self.BAR_LENGTH
                line = DashedLine([xt, bars.tracks.get_top()[1] + 0.1, 0],
                                  [xt, bars.tracks.get_bottom()[1] - 0.1, 0],
                                  color=t.highlight, dash_length=0.08, stroke_width=3)  # fmt: skip
                value = merged_text(f"{p.threshold:g}", t.highlight, Size.TICK)
                parts.add(line, with_role(value.next_to(line, DOWN, buff=0.08), "tick"))
            self.panels[method] = parts
        first = self.panels[METHODS[0]][0]
        self.arrows = Arrow(self.picture.get_right(), first.get_left(), buff=0.15,
                            color=t.muted, stroke_width=4)  # fmt: skip
        self.note = merged_text(f"{d.n_train:,} {self.digit_set} training digits", t.muted,
                                Size.READOUT).move_to([0, -2.8, 0])  # fmt: skip
        self.note.align_to([MAIN.x0, 0, 0], LEFT)
        self.shown["note"] = self.note.text
        accepted = [m for m in METHODS if self.verdict(m, "digit") != "not a digit"]
        accept = ("all three accept it" if len(accepted) == 3
                  else f"{len(accepted)} of the three accept it")  # fmt: skip
        beat = self.start_beat(
            "networks",
            "Three ways to say \u201cnot a digit\u201d; a digit goes in",
            f"Three versions of the 784-16-16 digit network, each trained for {p.epochs} epochs "
            f"on the {d.n_train:,} {self.digit_set} training digits. The plain one has ten "
            f"outputs and says \u201cnot a digit\u201d when its largest output is below "
            f"{p.threshold:g}. The "
            f"second has an extra output, \u201cnot a digit\u201d, trained on {p.noise:,} noise "
            "images as well. The third saw the same noise with all ten outputs trained to 0, and "
            f"uses the same threshold. Test image {p.image}, a {d.label}: {accept}.",
        )
        self.play(Succession(
            AnimationGroup(beat, fade_in(self.heading), fade_in(self.picture),
                           fade_in(self.picture_label), fade_in(self.arrows), fade_in(self.note),
                           *(fade_in(panel) for panel in self.panels.values()), run_time=1.0),
            *self.run_outputs("digit")))  # fmt: skip
        self.wait(1.5)

    def run_outputs(self, which: str) -> tuple[AnimationGroup, AnimationGroup]:
        """Bars to the outputs for the digit or the noise, then each verdict under its panel."""
        t = self.theme
        verdicts = VGroup()
        for method, panel in self.panels.items():
            words = self.verdict(method, which)
            # the right call: a digit named correctly, noise rejected (a mark, not only a colour)
            right = (words == "not a digit") == (which == "noise") and (
                which == "noise" or words == f"answers {self.data.label}"
            )
            words += " \u2713" if right else " \u2717"
            mob = merged_text(words, t.correct if right else t.wrong, Size.READOUT)
            verdicts.add(mob.next_to(panel[0].tracks, DOWN, buff=0.3).set_y(-2.35))
        self.verdicts = verdicts
        self.shown[f"verdicts_{which}"] = [v.text for v in verdicts]
        return (AnimationGroup(*(panel[0].values_animation(self.data.outputs[m, which])
                                 for m, panel in self.panels.items()), run_time=1.5),
                AnimationGroup(*(fade_in(v) for v in verdicts), run_time=0.6))  # fmt: skip

    def show_noise(self) -> None:
        d, t = self.data, self.theme
        noisy = framed(digit_image(d.examples["noise"], height=self.PICTURE, theme=t), t)
        noisy.move_to(self.picture)
        label = merged_text("fresh noise", t.text, Size.READOUT).move_to(self.picture_label)
        said = [f"{NAMES[m]}: {self.verdict(m, 'noise')}" for m in METHODS]
        stopped = [NAMES[m] for m in METHODS if self.verdict(m, "noise") == "not a digit"]
        headline = ("Noise goes in: all three reject it" if len(stopped) == 3
                    else f"Noise goes in: {len(stopped)} of the three reject it")  # fmt: skip
        beat = self.start_beat(
            "noise", headline,
            "Now a noise image drawn fresh, like those the second and third were trained on "
            "but not one of them: " + "; ".join(said) + ".",
        )  # fmt: skip
        swap = AnimationGroup(beat, fade_out(self.picture), fade_in(noisy),
                              fade_out(self.picture_label), fade_in(label),
                              fade_out(self.verdicts), run_time=1.0)  # fmt: skip
        self.picture, self.picture_label = noisy, label
        self.play(Succession(swap, *self.run_outputs("noise")))
        self.wait(2.0)

    # -- what each rejects, as grouped bars --------------------------------------------
    GROUPS = ("digits", *GARBAGE_KINDS)
    CHART_W, CHART_H, BASELINE_Y = 8.75, 2.6, -1.1

    def group_values(self) -> np.ndarray:
        r = self.data.rates
        return np.array([[100 * (r[m].digits_rejected if g == "digits" else
                                 r[m].garbage_rejected[g]) for m in METHODS]
                         for g in self.GROUPS])  # fmt: skip

    def show_seen(self) -> None:
        d, t = self.data, self.theme
        self.colours = colours = [t.muted, t.model, t.compare]
        values = self.group_values()
        self.chart = Bars(t, values, ["digits", *(KINDS[k] for k in GARBAGE_KINDS)], colours,
                          width=self.CHART_W, height=self.CHART_H, y_max=100)  # fmt: skip
        self.chart.move_to([MAIN.x0 + 0.85 + self.CHART_W / 2, 0, 0])
        self.chart.shift(UP * (self.BASELINE_Y - self.chart.baseline.get_y()))
        self.chart.set_values(values)
        self.chart.remove(self.chart.numbers)  # each group's numbers: a column above it
        axes = make_axes(t, [0, 1, 1], [0, 100, 50], x_length=self.CHART_W,
                         y_length=self.CHART_H, numbers=False)  # fmt: skip
        axes.shift(self.chart.baseline.get_left() - axes.c2p(0, 0))
        ticks = VGroup(*(merged_text(f"{v}%", t.muted, Size.TICK).next_to(
            axes.c2p(0, v), LEFT, buff=0.15) for v in (0, 50, 100)))  # fmt: skip
        # the axes as one piece: the baseline and the 0-100% axis frame the whole chart
        self.axis = VGroup(self.chart.baseline, axes.y_axis, with_role(ticks, "tick"))
        self.axis_name = axis_label("rejected", t).next_to(axes.y_axis, UP, buff=0.3)
        self.axis_name.align_to(ticks, LEFT)
        self.thumbs = Group()
        for name, kind in zip(self.chart.names, ["digits", *GARBAGE_KINDS]):
            thumb = framed(digit_image(d.examples[kind], height=0.8, theme=t), t)
            self.thumbs.add(thumb.next_to(name, DOWN, buff=0.15))
        self.key = legend([(c, NAMES[m], "box") for c, m in zip(colours, METHODS)], t)
        # room under each row for its accuracy bar (shown later)
        self.key.arrange(DOWN, aligned_edge=LEFT, buff=0.75)
        self.key.move_to(SIDE.point(0.5, 0.42)).align_to([SIDE.x0 + 0.55, 0, 0], LEFT)
        r = d.rates
        seen = [f"{NAMES[m]} {percent(r[m].garbage_rejected['noise'])} of the noise and "
                f"{percent(r[m].digits_rejected)} of the digits" for m in METHODS]  # fmt: skip
        noise = [r[m].garbage_rejected["noise"] for m in METHODS]
        if min(noise) >= 0.9:
            headline = "Noise: all three reject it, even the plain threshold"
        elif min(noise[1:]) >= 0.9 and noise[0] < MOST:
            headline = "Noise: only the two trained on it reject it"
        else:
            headline = "Noise and digits: what each one rejects"
        self.play(
            self.start_beat(
                "seen", headline,
                f"Over the {d.n_test:,} test digits and {N_GARBAGE:,} fresh noise images, each "
                f"rejects: " + "; ".join(seen) + ".",
            ),
            *(fade_out(m) for m in (self.picture, self.picture_label, self.arrows, self.note,
                                    self.verdicts, *self.panels.values())),
            fade_in(self.chart.names), fade_in(self.axis),
            fade_in(self.axis_name), fade_in(self.thumbs), fade_in(self.key),
            run_time=0.8,
        )  # fmt: skip
        self.shown["rejected"] = {}
        self.play(self.grow_groups(0, 1))
        self.wait(2.5)

    def group_bars(self, g: int) -> VGroup:
        n = len(METHODS)
        return VGroup(*self.chart.bars[g * n : (g + 1) * n])

    def grow_groups(self, *groups: int) -> Succession:
        """The groups' bars growing, then each group's three numbers as a keyed column above."""
        columns = [self.number_column(g) for g in groups]
        self.numbers = VGroup(*columns)
        return Succession(
            AnimationGroup(*(GrowFromEdge(b, DOWN) for g in groups for b in self.group_bars(g)),
                           run_time=1.2),
            AnimationGroup(*(fade_in(c) for c in columns), run_time=0.5))  # fmt: skip

    def number_column(self, g: int) -> VGroup:
        bars, values = self.group_bars(g), self.group_values()[g]
        column = VGroup()
        for value, colour in zip(values, self.colours):
            swatch = Rectangle(width=0.2, height=0.2, stroke_width=0, fill_color=colour,
                               fill_opacity=0.85)  # fmt: skip
            column.add(
                VGroup(
                    swatch, merged_text(percent(value / 100), self.theme.text, Size.READOUT)
                ).arrange(RIGHT, buff=0.1)
            )
        column.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        column.next_to([bars.get_x(), max(b.get_top()[1] for b in bars), 0], UP, buff=0.15)
        for m, bar, row in zip(METHODS, bars, column):
            self.shown["rejected"][self.GROUPS[g], m] = (
                row[1].text,
                bar.height / self.chart.unit_height,
            )
        return column

    def show_accuracy(self) -> None:
        d, t = self.data, self.theme
        r = d.rates
        rows = VGroup()
        length = 1.9
        for m, row, colour in zip(METHODS, self.key, self.colours):
            value = r[m].accuracy_accepted
            track = Rectangle(width=length, height=0.22, stroke_color=t.muted, stroke_width=1)
            track.next_to(row, DOWN, buff=0.22).align_to(row, LEFT).shift(RIGHT * 0.48)
            bar = Rectangle(width=max(length * value, 1e-3), height=0.22, stroke_width=0,
                            fill_color=colour, fill_opacity=0.85)  # fmt: skip
            bar.align_to(track, LEFT).set_y(track.get_y())
            number = merged_text(percent(value), t.text, Size.READOUT)
            rows.add(VGroup(track, bar, number.next_to(track, RIGHT, buff=0.15)))
        heading = VGroup(*(merged_text(line, t.text, Size.READOUT)
                           for line in ("accuracy on", "digits kept")))  # fmt: skip
        heading.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        heading.next_to(self.key, UP, buff=0.4).align_to(self.key, LEFT)
        fit = [f"{NAMES[m]} {percent(r[m].accuracy_accepted)}" for m in METHODS]
        everyone = [f"{percent(r[m].accuracy_all)}" for m in METHODS]
        best = max(METHODS, key=lambda m: r[m].accuracy_accepted)
        self.play(
            self.start_beat(
                "accuracy", f"Of the digits kept, {CALLED[best]} gets most right",
                "Of the test digits each one keeps, it answers right: " + ", ".join(fit)
                + ". Counting its rejections as mistakes, " + ", ".join(everyone) + ".",
            ),
            fade_out(self.numbers), fade_in(heading), *(fade_in(a) for a in rows), run_time=1.2,
        )  # fmt: skip
        self.numbers = VGroup()
        self.accuracy_rows = rows
        self.shown["accuracy_accepted"] = {m: a[2].text for m, a in zip(METHODS, rows)}
        self.shown["accuracy_bars"] = {m: a[1].width / length for m, a in zip(METHODS, rows)}
        self.wait(2.0)

    def show_unseen(self, kind: str) -> None:
        r = self.data.rates
        g = self.GROUPS.index(kind)
        rates = {m: r[m].garbage_rejected[kind] for m in METHODS}
        said = [f"{NAMES[m]} {percent(rates[m])}" for m in METHODS]
        self.play(
            self.start_beat(
                kind, headline_for(kind, rates),
                f"{KIND_WORDS[kind]}, {N_GARBAGE:,} of them"
                + (" (all the same image)" if kind == "blank" else "")
                + ", which no network was shown in training: rejected by " + ", ".join(said)
                + ".",
            ),
            fade_out(self.numbers), self.grow_groups(g),
        )  # fmt: skip
        self.wait(2.0)

    def show_verdict(self) -> None:
        r, t = self.data.rates, self.theme
        trained = METHODS[1:]
        passed = [k for k in UNSEEN if max(r[m].garbage_rejected[k] for m in trained) < MOST]
        caught = [k for k in UNSEEN if min(r[m].garbage_rejected[k] for m in trained) >= MOST]
        noise_ok = min(r[m].garbage_rejected["noise"] for m in trained) >= 0.9
        if noise_ok and passed:
            headline = "They reject what they were shown, not all garbage"
        elif noise_ok:
            headline = "Trained on noise, they reject this garbage too"
        else:
            headline = "Rejecting depends on what they were shown"
        mixed = [k for k in UNSEEN if k not in passed and k not in caught]
        plain = r["threshold"].garbage_rejected["noise"]

        def words(kinds: list[str]) -> str:
            return ", ".join(KIND_WORDS[k].lower() for k in kinds) or "none"

        noise = " and ".join(percent(r[m].garbage_rejected["noise"]) for m in trained)
        narration = (
            f"The two networks shown noise reject {noise} of fresh noise. Of the garbage they "
            f"never saw, both reject most of: {words(caught)}; only one of them: "
            f"{words(mixed)}; neither: {words(passed)}. "
            + (f"The plain network, shown no noise, rejects {percent(plain)} of it: noise leaves "
               "all its outputs low. " if plain >= MOST else "")
            + ("They learned to reject images like the noise they were shown, not everything "
               "that is not a digit." if noise_ok and passed else
               "What they reject follows what they were shown.")
        )  # fmt: skip
        self.shown["verdict"] = (headline, narration)
        seen = self.group_bars(1)
        ring = Rectangle(width=seen.width + 0.3, height=self.CHART_H + 0.4,
                         stroke_color=t.highlight, stroke_width=4)  # fmt: skip
        ring.move_to([seen.get_x(), self.chart.baseline.get_y() + self.CHART_H / 2 + 0.1, 0])
        # the noise kind was seen in training by two of the three (not by the plain one)
        over = merged_text("seen by two", t.highlight, Size.READOUT).next_to(ring, UP, buff=0.1)
        first, last = self.chart.names[2], self.chart.names[-1]
        y = ring.get_top()[1] + 0.05
        span = Line([first.get_left()[0], y, 0], [last.get_right()[0], y, 0], color=t.muted,
                    stroke_width=3)  # fmt: skip
        never = with_role(merged_text("never seen", t.text, Size.READOUT), "label")
        never.next_to(span, UP, buff=0.1)
        self.play(self.start_beat("verdict", headline, narration), fade_out(self.numbers),
                  fade_in(ring), fade_in(over), fade_in(span), fade_in(never),
                  run_time=1.0)  # fmt: skip
        self.wait(5.5)
