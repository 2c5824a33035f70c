"""Clip 28, Overfitting: small ReLU networks on a few noisy points, trained on and on.

About 15 noisy points from ``sin(1.5 x) + 0.3 x``; ReLU networks of a few widths and
depths (default 3 neurons, 8 neurons, two layers of 64) trained by full-batch Adam
(``nnmath.overfitting``). Left: the points, the true curve and each network's fit as it
trains. Right, on one log-log axis: every network's training error (dashed) and test
error (against the true curve, solid) per recorded step, a line at the noise level (the
true curve's own training error) and a dot at each least test error (where early
stopping would stop). Then one network's fit at that step and at the end, the largest
network on 150 points, and the answers to "more neurons, more overfitting? do layers
help?", worded from the computed numbers.

Render: ``python -m scenes render Overfitting`` (or ``manim -ql
scenes/clips/part5_capacity/overfitting.py
Overfitting``); try ``--set architectures=4,16x16`` or ``--set noise=0.5 --set seed=3``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Create,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    Line,
    Transform,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    linear,
)

from nnmath import TrainingDiverged, pieces
from nnmath.overfitting import X_RANGE, OverfitRun, overfitting_runs, target_grid
from nnmath.training import curve_target
from scenes.core.cache import cached_trajectory
from scenes.core.layout import MAIN
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_outlines
from scenes.widgets.placement import densify, place
from scenes.widgets.plots import axis_label, make_axes, screen_map, set_clipped_polyline
from scenes.widgets.text import Captions, Readout, legend, merged_text, title, with_role

RECORDS = 120  # recorded steps per run (plus step 0)
RISE = 1.5  # a final test error this many times the least counts as "turned up"
MAX_WIDTH, MAX_DEPTH, MAX_NETWORKS = 128, 3, 3
REPLAY_SECONDS = 6.0  # each training replay, evenly paced on the log step axis
FIT_WIDTH = 5.3  # the fit panel's axes (scene units)
PANEL_GAP = 0.35  # between the fit panel and the error plot's y axis name
LEFT_OF_PLOT = 1.15  # the error plot's y axis name and tick numbers
BELOW_PLOT = 0.9  # its tick numbers and x axis name
ROW = 0.7  # the key above both panels
HALO = 6  # background-coloured stroke around labels drawn over curves
DASH, GAP = 0.13, 0.09  # the training-error curves' dashes (scene units)


# -- parameters and numbers ------------------------------------------------------
def parse_architectures(text: str) -> tuple[tuple[int, ...], ...]:
    """``"3,8,64x64"`` -> ``((3,), (8,), (64, 64))``: networks by commas, layers by ``x``."""
    archs = []
    for part in str(text).replace(" ", "").lower().split(","):
        widths = tuple(int(w) for w in part.split("x") if w.isdigit())
        if len(widths) != len(part.split("x")) or not 1 <= len(widths) <= MAX_DEPTH or not all(
            1 <= w <= MAX_WIDTH for w in widths
        ):
            raise ParamError(f"architectures={text!r}: {part!r} is not 1 to {MAX_DEPTH} hidden "
                             f"widths of 1 to {MAX_WIDTH} joined by x (e.g. 3,8,64x64)")
        archs.append(widths)
    if not 2 <= len(archs) <= MAX_NETWORKS or len(set(archs)) < len(archs):
        raise ParamError(f"architectures={text!r}: give 2 to {MAX_NETWORKS} different networks")
    return tuple(archs)


def arch_name(hidden: tuple[int, ...]) -> str:
    """``(3,)`` -> "3 neurons", ``(64, 64)`` -> "2 layers of 64", ``(16, 8)`` -> "16+8 neurons"."""
    if len(hidden) == 1:
        return f"{hidden[0]} neuron" + ("s" if hidden[0] > 1 else "")
    if len(set(hidden)) == 1:
        return f"{len(hidden)} layers of {hidden[0]}"
    return "+".join(map(str, hidden)) + " neurons"


def fmt(value: float) -> str:
    """Two significant digits (errors span decades: 0.013, 0.12, 2.5)."""
    return f"{value:#.2g}".rstrip(".") if value >= 1e-4 else f"{value:.1e}"


def step_125(value: float, down: bool) -> float:
    """The nearest of ..., 0.1, 0.2, 0.5, 1, 2, 5, ... below (``down``) or above ``value``."""
    steps = 10.0 ** np.floor(np.log10(value)) * np.array([1, 2, 5, 10])
    below, above = steps[steps <= value * (1 + 1e-12)], steps[steps >= value * (1 - 1e-12)]
    return float(below.max() if down else above.min())


def noise_level(run: OverfitRun) -> float:
    """The true curve's own training error: the mean squared noise on the run's points."""
    return float(np.mean((run.y_train - curve_target(run.x_train)) ** 2))


def rise(run: OverfitRun) -> float:
    """Final test error over the least: how far it turned back up."""
    return float(run.test_error[-1] / run.test_error.min())


@dataclass(frozen=True)
class OverfitData:
    """Everything the clip shows, computed before the first frame."""

    archs: tuple[tuple[int, ...], ...]
    names: list[str]
    few: list[OverfitRun]  # each network on the few points
    more: OverfitRun  # the largest network on more points
    largest: int  # index of the network with the most neurons
    focus: int  # index of the network whose test error rose most (its fits are compared)
    knots: list[list[tuple[np.ndarray, np.ndarray]]]  # exact fitted curves, per recorded step
    knots_more: list[tuple[np.ndarray, np.ndarray]]


# -- the clip -----------------------------------------------------------------------
class Overfitting(Captions, ClipScene):
    """Training and test error of small ReLU networks on few points: where to stop, what helps."""

    SUMMARY = "overfitting: ReLU networks on 15 noisy points, training vs test error per step"
    PARAMS = (
        Param("architectures", str, "3,8,64x64",
              "networks compared: hidden widths joined by x, networks by commas (2 or 3)"),
        Param("n_train", int, 15, "number of noisy training points", lo=5, hi=40),
        Param("n_more", int, 150, "points for the largest network's second run", lo=20, hi=400),
        Param("noise", float, 0.3, "std. dev. of the noise on the points", lo=0.05, hi=1.0),
        Param("steps", int, 3000, "full-batch Adam steps per network", lo=300, hi=10000),
        Param("learning_rate", float, 0.01, "Adam's step size", lo=1e-4, hi=0.1),
        Param("seed", int, 0, "seed of the data and the starting weights", lo=0, hi=10**6),
    )  # fmt: skip

    @classmethod
    def prepare(cls, p: ParamValues) -> OverfitData:
        archs = parse_architectures(p.architectures)
        if p.n_more < 2 * p.n_train:
            raise ParamError(f"n_more={p.n_more} must be at least twice n_train={p.n_train} "
                             f"to show what more data does; use {2 * p.n_train} or more")
        options = {"noise": p.noise, "seed": p.seed, "steps": p.steps,
                   "learning_rate": p.learning_rate, "record_every": p.steps // RECORDS}
        largest = max(range(len(archs)), key=lambda k: (sum(archs[k]), len(archs[k])))
        study = []  # overfitting_runs once, on the first run missing from the cache

        def run(k: int, more: bool) -> OverfitRun:
            def compute():
                if not study:
                    study.append(overfitting_runs(archs, p.n_train, p.n_more, **options))
                return (study[0].more if more else study[0].few)[k].to_trajectory()

            key = {**options, "hidden": list(archs[k]), "n_train": (p.n_train, p.n_more)[more]}
            return OverfitRun.from_trajectory(cached_trajectory("overfitting", key, compute))

        try:
            few = [run(k, False) for k in range(len(archs))]
            more = run(largest, True)
        except TrainingDiverged:
            msg = f"learning_rate={p.learning_rate:g} makes Adam diverge; try 0.001 to 0.01"
            raise ParamError(msg) from None

        def curves(r: OverfitRun) -> list[tuple[np.ndarray, np.ndarray]]:
            return [pieces(r.network_at(i), *X_RANGE) for i in range(len(r.steps))]

        return OverfitData(
            archs, [arch_name(h) for h in archs], few, more, largest,
            focus=int(np.argmax([rise(r) for r in few])), knots=[curves(r) for r in few],
            knots_more=curves(more),
        )  # fmt: skip

    # -- construct: the story -----------------------------------------------------
    def construct(self) -> None:
        self.show_data()
        self.show_error_plot()
        for k in range(len(self.data.few)):
            self.train_network(k)
        self.early_stopping()
        self.compare_fits()
        self.more_data()
        self.answer()

    def show_data(self) -> None:
        t, d, p = self.theme, self.data, self.p
        few = d.few[0]
        self.add(title("Overfitting: fitting the noise, not the curve", t))
        self.x_test, self.y_test = target_grid()  # the true curve, where test error is taken
        values = np.concatenate([d.more.y_train, self.y_test])
        self.y_lo = float(np.floor(2 * values.min() - 0.4) / 2)
        self.y_hi = float(np.ceil(2 * values.max() + 0.4) / 2)
        key = legend([(t.data, "data", "dot"), (t.muted, "true curve", "dashed")], t,
                     direction=RIGHT)
        top, bottom = MAIN.y1 - ROW, MAIN.y0 + key.height + 0.25
        self.fit_axes = make_axes(t, [*X_RANGE, 1], [self.y_lo, self.y_hi, 1], FIT_WIDTH,
                                  top - bottom, numbers=False)
        self.fit_axes.move_to([MAIN.x0, bottom, 0], aligned_edge=DOWN + LEFT).set_z_index(-2)
        key.move_to([self.fit_axes.get_center()[0], MAIN.y0, 0], aligned_edge=DOWN)
        true_curve = self.fit_curve((self.x_test, self.y_test), t.muted, 3)
        true_curve = merge_outlines(DashedVMobject(true_curve, 50)).set_z_index(-1)
        self.dots = VGroup(*[Dot(self.fit_axes.c2p(x, y), radius=0.075, color=t.data)
                             for x, y in zip(few.x_train, few.y_train)]).set_z_index(4)
        # the step shown, in the fit panel's top-left corner (clear of the points)
        self.step = Readout("step", 0, t, decimals=0)
        self.step.move_to(self.fit_axes.c2p(X_RANGE[0], self.y_hi) + [0.15, -0.1, 0],
                          aligned_edge=UP + LEFT)
        drop_svg_sources(self.fit_axes, key, self.step.text)
        self.add(self.fit_axes, key)  # from the first frame: no empty poster frame
        self.play(
            self.start_beat(
                "data", f"{p.n_train} noisy points from a smooth curve",
                f"{p.n_train} points from the curve sin(1.5 x) + 0.3 x, dashed, plus noise "
                f"of standard deviation {p.noise:g}. The true curve itself misses them by a "
                f"mean squared error of {fmt(noise_level(few))}: that is the noise.",
            ),
            Create(true_curve),
            LaggedStart(*[FadeIn(dot, scale=0.5) for dot in self.dots], lag_ratio=0.05),
            run_time=1.8,
        )
        self.shown.update(points=(few.x_train, few.y_train), noise_level=fmt(noise_level(few)))
        self.wait(2.0)

    def show_error_plot(self) -> None:
        t, d = self.theme, self.data
        runs = [*d.few, d.more]
        self.s_lo, self.s_hi = np.log10(runs[0].steps[1]), np.log10(runs[0].steps[-1])
        errors = np.concatenate([e[1:] for r in runs for e in (r.train_error, r.test_error)]
                                + [[noise_level(r) for r in runs]])  # fmt: skip
        self.e_lo = float(np.log10(step_125(0.8 * errors.min(), down=True)))
        self.e_hi = float(np.log10(step_125(1.2 * errors.max(), down=False)))
        style = legend([(t.text, "test"), (t.text, "training", "dashed")], t, direction=RIGHT)
        panel = self.fit_axes.get_right()[0] + PANEL_GAP  # the error plot's panel starts here
        style.move_to([panel, MAIN.y0, 0], aligned_edge=DOWN + LEFT)
        left, bottom = panel + LEFT_OF_PLOT, MAIN.y0 + BELOW_PLOT
        x_span, y_span = self.s_hi - self.s_lo, self.e_hi - self.e_lo
        self.plot = make_axes(t, [0, x_span, x_span], [0, y_span, y_span], MAIN.x1 - left - 0.1,
                              self.fit_axes.get_top()[1] - bottom, numbers=False)
        self.plot.move_to([MAIN.x1, bottom, 0], aligned_edge=DOWN + RIGHT)
        self.err_map = screen_map(self.plot)
        marks, ticks = VGroup(), [VGroup(), VGroup()]
        for axis, (lo, hi) in enumerate([(self.s_lo, self.s_hi), (self.e_lo, self.e_hi)]):
            for v in tick_values(lo, hi):
                at = self.to_plot(v, 10**self.e_lo) if axis == 0 else self.to_plot(10**self.s_lo, v)
                stub, side = (UP, DOWN) if axis == 0 else (RIGHT, LEFT)
                marks.add(Line(at - stub * 0.08, at + stub * 0.08, stroke_color=t.axis,
                               stroke_width=2))
                ticks[axis].add(merged_text(f"{v:g}", t.muted, Size.TICK).next_to(at, side, 0.18))
        x_name = axis_label("step (log scale)", t)
        x_name.move_to([MAIN.x1, MAIN.y0, 0], aligned_edge=DOWN + RIGHT)
        y_name = axis_label("error (log scale)", t).rotate(np.pi / 2)
        y_name.next_to(self.plot, LEFT, buff=0.36 + max(m.width for m in ticks[1]))
        ticks = with_role(merge_outlines(VGroup(*ticks)), "tick")
        level = noise_level(d.few[0])
        ends = (self.to_plot(10**self.s_lo, level), self.to_plot(10**self.s_hi, level))
        self.noise_line = Line(*ends, stroke_color=t.muted, stroke_width=3).set_z_index(0)
        self.colors = t.sequence()[: len(d.few)]
        self.key = legend(list(zip(self.colors, d.names)), t, direction=RIGHT)
        self.key.move_to(MAIN.top, aligned_edge=UP)  # one key for both panels
        self.curves = [  # (test, training) per run, drawn as the replays go
            (VMobject(stroke_color=c, stroke_width=5).set_z_index(2),
             VMobject(stroke_color=c, stroke_width=3).set_z_index(1))
            for c in [*self.colors, self.colors[d.largest]]
        ]  # fmt: skip
        self.busy = densify([c for r in runs for c in self.curve_points(r)])
        self.placed: list[np.ndarray] = []  # labels' boxes; labels stay inside the plot
        self.bounds = [*(self.plot.c2p(0, 0)[:2] + 0.1), *self.plot.get_corner(UP + RIGHT)[:2]]
        self.spots: dict[float, np.ndarray] = {}
        self.noise_label = self.label("noise", t.muted)
        self.noise_label.move_to(self.noise_spot(level))
        drop_svg_sources(self.plot, style, self.key)
        still = VGroup(self.plot, marks, ticks, x_name, y_name, style).set_z_index(-2)
        self.play(
            self.start_beat(
                "errors", "Training error: to the points. Test error: to the curve",
                "Training error is the mean squared distance to the noisy points; test error "
                f"the mean squared distance to the true curve at {len(self.x_test)} x values. "
                "A fit whose training error drops below the noise line is fitting the noise.",
            ),
            FadeIn(still), Create(self.noise_line), FadeIn(self.noise_label), run_time=1.5,
        )
        self.wait(2.5)

    def train_network(self, k: int) -> None:
        """Replay network ``k``'s training: its fit on the left, its errors on the right."""
        d, p = self.data, self.p
        r, name = d.few[k], d.names[k]
        ftr, fte = fmt(r.train_error[-1]), fmt(r.test_error[-1])
        best, bte, level = r.best_step, fmt(r.test_error.min()), noise_level(r)
        why = f"Its training error ends {{}} the noise level, {fmt(level)}: it {{}}."
        if r.train_error[-1] > level:
            headline = f"{name}: too stiff to follow the curve"
            why = why.format("above", "cannot even follow the true curve")
        else:
            headline = (f"{name}: test error turns up after step {best}" if rise(r) >= RISE
                        else f"{name}: test error stays near its best")
            why = why.format("below", "has learned some of the noise")
        jumps = int(np.sum(r.train_error[1:] > 1.5 * r.train_error[:-1]))
        if jumps:
            why += f" Its training error jumps up {jumps} times: Adam steps that overshoot."
        narration = (
            f"{name}, {r.network_at(0).n_params} weights and biases, {p.steps} Adam steps on "
            f"the {p.n_train} points: training error {ftr} and test error {fte} at the end; "
            f"the test error was least, {bte}, at step {best}. {why}"
        )
        fit = VMobject(stroke_color=self.colors[k], stroke_width=5).set_z_index(2)
        anims = [FadeOut(self.fit)] if k else [FadeIn(self.step)]
        self.fit = fit
        self.show_step(fit, self.curves[k], d.knots[k], r, 1)
        self.play(self.start_beat(f"network_{k + 1}", headline, narration), *anims,
                  FadeIn(self.key[k]), Create(fit), run_time=1.2)
        self.replay(fit, self.curves[k], d.knots[k], r)
        shown = self.record(r, self.curves[k], fit, narration)
        self.shown.setdefault("networks", []).append({**shown, "name": name, "headline": headline})
        self.wait(2.0)

    def early_stopping(self) -> None:
        t, d = self.theme, self.data
        self.best_dots = VGroup(*[
            Dot(self.to_plot(r.best_step, r.test_error.min()), radius=0.1, color=t.highlight)
            .set_z_index(6) for r in d.few])  # fmt: skip
        each = listing(d.names, [r.test_error.min() for r in d.few], d.few)
        self.play(
            self.start_beat(
                "early_stopping", "Early stopping: stop where the test error is least",
                f"Each dot is a network's least test error: {each}. Training would stop "
                "there; in practice the test error is measured on points held out of training.",
            ),
            LaggedStart(*[FadeIn(dot, scale=0.3) for dot in self.best_dots], lag_ratio=0.3),
            run_time=1.5,
        )
        self.shown["best_dots"] = self.from_plot(np.array([m.get_center() for m in self.best_dots]))
        self.wait(2.5)

    def compare_fits(self) -> None:
        """The network whose test error rose most: its fit at its best step, then at the end."""
        t, d, f = self.theme, self.data, self.data.focus
        r, name, color = d.few[f], d.names[f], self.colors[f]
        self.ring = Circle(0.2, stroke_color=t.highlight, stroke_width=4, z_index=7)
        self.ring.move_to(self.best_dots[f])
        self.step.set_value(r.best_step)
        btr, bte = fmt(r.train_error[r.best_index]), fmt(r.test_error.min())
        self.play(
            self.start_beat(
                "best_fit", f"{name} at step {r.best_step}: closest to the true curve",
                f"At step {r.best_step}, where early stopping would stop, the network with {name} "
                f"has its least test error, {bte}, and a training error of {btr}.",
            ),
            Transform(self.fit, self.fit_curve(d.knots[f][r.best_index], color)),
            Create(self.ring), run_time=1.5,
        )
        self.shown["best_fit"] = (name, r.best_step, self.fit_points(self.fit), btr, bte)
        self.wait(2.5)
        ftr, fte = fmt(r.train_error[-1]), fmt(r.test_error[-1])
        turned = rise(r) >= RISE and r.train_error[-1] < r.train_error[r.best_index]
        self.step.set_value(int(r.steps[-1]))
        self.play(
            self.start_beat(
                "end_fit", "Trained on, it bends toward the noisy points" if turned
                else "Trained on, the fit barely changes",
                f"At step {self.p.steps} its training error is {ftr} (it was {btr}) and its "
                f"test error {fte}, {rise(r):.1f} times its least.",
            ),
            Transform(self.fit, self.fit_curve(d.knots[f][-1], color)),
            self.ring.animate.move_to(self.to_plot(r.steps[-1], r.test_error[-1])),
            run_time=2.0,
        )
        self.shown["end_fit"] = (name, int(r.steps[-1]), self.fit_points(self.fit), ftr, fte,
                                 f"{rise(r):.1f}")
        self.wait(2.5)

    def more_data(self) -> None:
        t, d, p = self.theme, self.data, self.p
        g, r, few = d.largest, d.more, d.few[d.largest]
        others = [k for k in range(len(d.few)) if k != g]
        self.extra = VGroup(*[Dot(self.fit_axes.c2p(x, y), radius=0.05, color=t.data)
                              for x, y in zip(r.x_train[p.n_train:], r.y_train[p.n_train:])])
        fit = VMobject(stroke_color=self.colors[g], stroke_width=5).set_z_index(2)
        self.show_step(fit, self.curves[-1], d.knots_more, r, 1)
        self.few_label, self.more_label = (self.label(f"{n} points", self.colors[g])
                                           for n in (p.n_train, p.n_more))
        self.place_at_end(self.few_label, self.curves[g][0])
        ftr, fte, before = fmt(r.train_error[-1]), fmt(r.test_error[-1]), fmt(few.test_error[-1])
        dims = [c.animate.set_stroke(opacity=0.15) for k in others for c in self.curves[k]]
        dims += [c.animate.set_stroke(opacity=0.4) for c in self.curves[g]]
        narration = (
            f"The network with {d.names[g]} again, on {p.n_more} points (the first {p.n_train} are "
            f"the same): training error {ftr} and test error {fte} after {p.steps} steps, "
            f"against {before} on {p.n_train} points. Its test error was least, "
            f"{fmt(r.test_error.min())}, at step {r.best_step}"
            + (f", and still ends {rise(r):.1f} times that." if rise(r) >= RISE else ".")
        )
        self.play(
            self.start_beat(
                "more_data", f"{p.n_more} points: final test error {fte} instead of {before}",
                narration,
            ),
            *dims, FadeOut(self.ring), FadeOut(VGroup(*[self.best_dots[k] for k in others])),
            FadeOut(VGroup(*[self.key[k] for k in others])), FadeOut(self.fit),
            FadeIn(self.few_label), *self.move_noise(noise_level(r)),
            LaggedStart(*[FadeIn(dot, scale=0.5) for dot in self.extra], lag_ratio=0.01),
            run_time=2.0,
        )
        self.fit = fit
        self.play(Create(fit), run_time=0.6)
        self.replay(fit, self.curves[-1], d.knots_more, r)
        self.more_dot = Dot(self.to_plot(r.best_step, r.test_error.min()), radius=0.1,
                            color=t.highlight).set_z_index(6)
        self.place_at_end(self.more_label, self.curves[-1][0])
        self.play(FadeIn(self.more_dot, scale=0.3), FadeIn(self.more_label))
        self.shown["more"] = {**self.record(r, self.curves[-1], fit, narration),
                              "points": len(self.dots) + len(self.extra)}
        self.wait(2.5)

    def answer(self) -> None:
        """All the networks again: their fits at the end, then at their least test error."""
        d, names, g = self.data, self.data.names, self.data.largest
        neurons, layers = verdicts(d.few, d.archs, names, g)
        trains, tests = [r.train_error[-1] for r in d.few], [r.test_error[-1] for r in d.few]
        fits = [self.fit_curve(d.knots[k][-1], c, 4) for k, c in enumerate(self.colors)]
        others = [k for k in range(len(d.few)) if k != g]
        self.play(
            self.start_beat(
                "answer", neurons,
                f"After {self.p.steps} steps on {self.p.n_train} points, training errors: "
                f"{listing(names, trains)}; test errors: {listing(names, tests)}. The noise "
                f"level is {fmt(noise_level(d.few[0]))}; a training error below it fits noise.",
            ),
            *[c.animate.set_stroke(opacity=1.0) for k in range(len(d.few)) for c in self.curves[k]],
            FadeOut(VGroup(self.fit, self.extra, *self.curves[-1], self.step, self.more_dot,
                           self.more_label, self.few_label)),
            FadeIn(VGroup(*[self.key[k] for k in others], *[self.best_dots[k] for k in others])),
            *self.move_noise(noise_level(d.few[0])), *[Create(f) for f in fits], run_time=2.0,
        )
        self.shown["answer"] = {"headline": neurons, "fits": [self.fit_points(f) for f in fits]}
        self.wait(3.0)
        bests = [r.test_error.min() for r in d.few]
        self.ring.move_to(self.best_dots[int(np.argmin(bests))])
        narration = (
            f"Stopped at their least test error: {listing(names, bests, d.few)}. These networks "
            "differ in width as well as depth, so this compares them, not depth alone."
        )
        self.play(
            self.start_beat("layers", layers, narration),
            *[Transform(f, self.fit_curve(d.knots[k][r.best_index], self.colors[k], 4))
              for k, (f, r) in enumerate(zip(fits, d.few))],
            Create(self.ring), run_time=2.0,
        )  # fmt: skip
        self.shown["layers"] = {"headline": layers, "narration": narration,
                                "fits": [self.fit_points(f) for f in fits]}
        self.wait(4.0)

    def record(self, r: OverfitRun, curves, fit, narration: str) -> dict:
        """What a replay showed, for the tests: its numbers, curves, fit and readout."""
        return {
            "n_train": r.n_train, "best_step": r.best_step, "best_test": fmt(r.test_error.min()),
            "final_train": fmt(r.train_error[-1]), "final_test": fmt(r.test_error[-1]),
            "narration": narration, "test_curve": self.from_plot(curves[0].points),
            "train_curve": self.from_plot(curves[1].points), "fit": self.fit_points(fit),
            "readout": int(self.step.value),
        }  # fmt: skip

    # -- drawing ------------------------------------------------------------------------
    def fit_curve(self, knots, color: str, width: float = 5) -> VMobject:
        """A polyline through exact knots on the fit panel, cut at its y range."""
        curve = VMobject(stroke_color=color, stroke_width=width).set_z_index(2)
        return set_clipped_polyline(curve, self.fit_axes, *knots, self.y_lo, self.y_hi)

    def label(self, text: str, color: str) -> VMobject:
        """A label over the curves: haloed in the background colour, drawn above them."""
        mob = merged_text(text, color, Size.READOUT)
        mob.set_stroke(self.theme.background, width=HALO, background=True)
        drop_svg_sources(mob)
        return mob.set_z_index(8)

    def noise_spot(self, level: float) -> np.ndarray:
        """Where the noise line's label goes at ``level``: beside the line, clear of curves."""
        if level not in self.spots:
            a, b = self.to_plot(10**self.s_lo, level), self.to_plot(10**self.s_hi, level)
            mob = self.noise_label.copy()
            spots = [(a + (b - a) * f, v) for f in np.linspace(0.02, 0.98, 13)
                     for v in (DOWN, UP)]  # fmt: skip
            place(mob, spots, self.busy, self.placed, a, self.bounds, per_unit=1.0)
            self.spots[level] = mob.get_center()
        return self.spots[level]

    def move_noise(self, level: float) -> list:
        """The noise line and its label moving to ``level``."""
        y = self.to_plot(10**self.s_lo, level)[1]
        return [self.noise_line.animate.set_y(y),
                self.noise_label.animate.move_to(self.noise_spot(level))]

    def place_at_end(self, mob: VMobject, curve: VMobject) -> None:
        end = curve.points[-1]
        place(mob, [(end, v) for v in (UP + LEFT, DOWN + LEFT, UP, DOWN, LEFT)], self.busy,
              self.placed, end, self.bounds)

    def to_plot(self, step, error) -> np.ndarray:
        """Screen point(s) of (step, error) on the log-log error plot."""
        origin, ex, ey = self.err_map
        u = np.log10(np.asarray(step, float)) - self.s_lo
        v = np.log10(np.asarray(error, float)) - self.e_lo
        return origin + np.multiply.outer(u, ex) + np.multiply.outer(v, ey)

    def from_plot(self, points: np.ndarray) -> np.ndarray:
        """Screen points back as (step, error)."""
        origin, ex, ey = self.err_map
        uv = np.linalg.solve(np.array([ex[:2], ey[:2]]).T, (points[:, :2] - origin[:2]).T).T
        return 10.0 ** (uv + [self.s_lo, self.e_lo])

    def curve_points(self, r: OverfitRun) -> list[np.ndarray]:
        """Screen points of the test and the training error from the first recorded step on."""
        return [self.to_plot(r.steps[1:], e[1:]) for e in (r.test_error, r.train_error)]

    def show_step(self, fit, curves, knots, r: OverfitRun, i: int) -> None:
        """Recorded step ``i``: the fit, the error curves up to it, the step readout."""
        set_clipped_polyline(fit, self.fit_axes, *knots[i], self.y_lo, self.y_hi)
        test_pts, train_pts = self.curve_points(r)
        shown = max(i, 2)  # points of steps[1..i]; two at least
        curves[0].set_points_as_corners(test_pts[:shown])
        curves[1].set_points(dash_points(train_pts[:shown]))
        self.step.set_value(int(r.steps[i]))

    def replay(self, fit, curves, knots, r: OverfitRun) -> None:
        """Recorded steps 1 to the last, evenly paced on the log step axis."""
        steps, last = r.steps.astype(float), len(r.steps) - 1
        self.add(*curves)

        def update(_mob, alpha: float) -> None:
            at = steps[1] * (steps[-1] / steps[1]) ** alpha * (1 + 1e-9)
            i = int(np.clip(np.searchsorted(steps, at, "right") - 1, 1, last))
            self.show_step(fit, curves, knots, r, i)

        self.play(UpdateFromAlphaFunc(VGroup(fit, *curves, self.step.number), update),
                  run_time=REPLAY_SECONDS, rate_func=linear)
        self.show_step(fit, curves, knots, r, last)

    def fit_points(self, fit: VMobject) -> np.ndarray:
        """The drawn fit's points back in data coordinates."""
        origin, ex, ey = screen_map(self.fit_axes)
        pts = fit.points[:, :2] - origin[:2]
        return np.linalg.solve(np.array([ex[:2], ey[:2]]).T, pts.T).T


def verdicts(few: list[OverfitRun], archs, names: list[str], largest: int) -> tuple[str, str]:
    """The two answers, as measured: more neurons (final errors), layers (least test errors)."""
    trains, tests = [r.train_error[-1] for r in few], [r.test_error[-1] for r in few]
    if int(np.argmin(trains)) != largest:
        neurons = "More neurons did not fit the points more closely"
    elif int(np.argmax(tests)) == largest:
        neurons = "Most neurons: closest to the points, farthest from the curve"
    elif int(np.argmin(tests)) == largest:
        neurons = "Most neurons: closest to the points and to the curve"
    else:
        neurons = "Most neurons: closest to the points, not to the curve"
    bests = [r.test_error.min() for r in few]
    shallow, deep = ([k for k, h in enumerate(archs) if (len(h) > 1) == d] for d in (0, 1))
    if not (deep and shallow):
        return neurons, f"At their best: {names[int(np.argmin(bests))]} came closest"
    a, b = (min(group, key=bests.__getitem__) for group in (shallow, deep))
    a, b = (a, b) if bests[a] < bests[b] else (b, a)
    return neurons, f"At their best, {names[a]} beat {names[b]}"


def listing(names, values, runs=None) -> str:
    """"3 neurons 0.14, 8 neurons 0.029" (with runs: "... 0.14 at step 2675, ...")."""
    steps = [f" at step {r.best_step}" for r in runs] if runs else [""] * len(names)
    return ", ".join(f"{n} {fmt(v)}{s}" for n, v, s in zip(names, values, steps))


def tick_values(lo: float, hi: float) -> list[float]:
    """Tick values for a log axis from 10**lo to 10**hi: 1-2-5 steps, decades if too many."""
    decades = range(int(np.floor(lo)), int(np.ceil(hi)) + 1)
    inside = [10.0**k * m for k in decades for m in (1, 2, 5)
              if lo - 1e-9 <= np.log10(10.0**k * m) <= hi + 1e-9]  # fmt: skip
    return inside if len(inside) <= 7 else [10.0**k for k in decades if lo <= k <= hi]


def dash_points(points: np.ndarray, dash: float = DASH, gap: float = GAP) -> np.ndarray:
    """A polyline as dashes: straight cubic pieces (4 points each), gaps between dashes."""
    points = np.asarray(points, float)
    length = np.r_[0.0, np.cumsum(np.linalg.norm(np.diff(points, axis=0), axis=1))]
    if len(points) < 2 or length[-1] == 0:
        return np.zeros((0, 3))
    s = np.linspace(0.0, length[-1], max(2, int(np.ceil(length[-1] / 0.02)) + 1))
    p = np.stack([np.interp(s, length, points[:, j]) for j in range(3)], axis=1)
    dash_no = np.floor(s / (dash + gap))
    on = (s - dash_no * (dash + gap)) < dash
    k = np.flatnonzero(on[:-1] & on[1:] & (dash_no[:-1] == dash_no[1:]))
    thirds = np.linspace(0.0, 1.0, 4)[None, :, None]
    return (p[k][:, None, :] + thirds * (p[k + 1] - p[k])[:, None, :]).reshape(-1, 3)
