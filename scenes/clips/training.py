"""Clip 6: the simplest training rule against exact gradient steps.

Render:
``python -m scenes render CoordinateSearchVsGradient`` (or
``manim -ql scenes/clips/training.py CoordinateSearchVsGradient``); try
``--set step=0.02`` (a finer grid stalls lower, and later).

Both runs are recorded by ``nnmath`` (through the trajectory cache) from the
same starting network on the same data; the clip only plays them back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    Indicate,
    Text,
    VGroup,
    VMobject,
    linear,
)

from nnmath import (
    Network,
    TrainingDiverged,
    Trajectory,
    coordinate_search,
    gradient_descent,
    pieces,
    sample_curve_data,
)
from scenes.core.cache import cached_trajectory
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_outlines
from scenes.widgets.network import _ValueTween
from scenes.widgets.plots import LogLossPlot, make_axes, set_clipped_polyline
from scenes.widgets.text import Readout, fit_within, swap_caption, title

#: Clip 3's wave: the same small fit problem for both rules.
DATA = {"n_points": 40, "noise": 0.1, "data_seed": 0}
X_RANGE = (-3.0, 3.0)
Y_RANGE = (-2.5, 2.5)
#: Gradient descent records about this many steps (plenty for a smooth playback).
GD_RECORDS = 100


@dataclass(frozen=True)
class RaceData:
    """Both recorded runs, and each recorded network's exact graph on [-3, 3]."""

    x: np.ndarray
    y: np.ndarray
    search: Trajectory
    descent: Trajectory
    search_graphs: list[tuple[np.ndarray, np.ndarray]]
    descent_graphs: list[tuple[np.ndarray, np.ndarray]]
    #: First recorded sweep from which coordinate search never moves again
    #: (None if it still moved in its last sweep).
    stalled_since: int | None


def graphs(run: Trajectory) -> list[tuple[np.ndarray, np.ndarray]]:
    """Exact knots of the network at every recorded step."""
    return [pieces(run.network_at(i), *X_RANGE) for i in range(len(run))]


def stalled_since(run: Trajectory) -> int | None:
    """The first recorded sweep after which the parameters never change again."""
    same = np.all(run.params == run.params[-1], axis=1)
    if len(run) < 2 or not same[-2]:
        return None
    moved = np.nonzero(~same)[0]
    return int(run.steps[moved[-1] + 1]) if len(moved) else 0


class CoordinateSearchVsGradient(ClipScene):
    """Nudging one parameter at a time stalls on its grid; gradient steps keep going.

    Both start from the same network on the same data (clip 3's wave).
    Coordinate search tries each parameter ``+step``, then ``-step``, and
    keeps a nudge only if the loss does not get worse; every parameter thus
    stays on a grid of spacing ``step`` around its start, and once no single
    nudge helps, the search is stuck for good. Gradient descent moves all
    parameters at once, by amounts the exact gradient sets.
    """

    SUMMARY = "coordinate search (+-0.1 nudges) stalls on its grid; gradient descent does not"
    PARAMS = (
        Param("neurons", int, 3, "ReLU neurons in the single hidden layer", lo=1, hi=8),
        Param("seed", int, 0, "seed of the starting network both rules share", lo=0, hi=10**6),
        Param("step", float, 0.1, "coordinate search: size of each nudge", lo=0.005, hi=1.0),
        Param("sweeps", int, 40, "coordinate search: passes over all parameters", lo=1, hi=200),
        Param("learning_rate", float, 0.05, "gradient descent: step size", lo=1e-4, hi=2.0),
        Param("steps", int, 400, "gradient descent: number of steps", lo=1, hi=5000),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> RaceData:
        x, y = sample_curve_data(DATA["n_points"], DATA["noise"], seed=DATA["data_seed"])
        start = Network([1, p.neurons, 1], seed=p.seed)
        shared = {"neurons": p.neurons, "seed": p.seed, **DATA}
        search = cached_trajectory(
            "coordinate_search",
            {**shared, "step": p.step, "sweeps": p.sweeps},
            lambda: coordinate_search(start, x, y, step=p.step, sweeps=p.sweeps),
        )
        every = max(1, p.steps // GD_RECORDS)
        try:
            descent = cached_trajectory(
                "gradient_descent",
                {
                    **shared,
                    "learning_rate": p.learning_rate,
                    "steps": p.steps,
                    "record_every": every,
                },
                lambda: gradient_descent(start, x, y, p.learning_rate, p.steps, every),
            )
        except TrainingDiverged:
            raise ParamError(
                f"learning_rate={p.learning_rate:g} makes gradient descent diverge on this "
                f"network; try a value from 0.001 to {min(p.learning_rate / 4, 0.1):g}"
            ) from None
        return RaceData(
            x, y, search, descent, graphs(search), graphs(descent), stalled_since(search)
        )

    # -- layout ---------------------------------------------------------------
    PANEL_X = 3.55
    FIT_Y = 1.3
    LOSS_Y = -1.55

    def construct(self) -> None:
        d = self.data
        self.caption_mob: Text | None = None
        self.shown["search_losses"] = d.search.loss.tolist()
        self.shown["descent_losses"] = d.descent.loss.tolist()
        self.shown["search_steps"] = d.search.steps.tolist()
        self.shown["descent_steps"] = d.descent.steps.tolist()

        self.show_start()
        self.race()
        self.show_stall()
        self.compare()

    # -- pieces ---------------------------------------------------------------
    def set_caption(self, text: str) -> None:
        anim, self.caption_mob = swap_caption(self.caption_mob, text, self.theme, 24)
        self.play(anim, run_time=0.6)

    def panel(self, side: int, heading: str, color: str, run: Trajectory, x_label: str):
        """One side: header, data and fit, log-loss plot and live loss readout."""
        t = self.theme
        cx = side * self.PANEL_X
        header = merge_outlines(Text(heading, font_size=24, color=color))
        fit_within(header, 6.2)
        axes = make_axes(t, [*X_RANGE, 1], [*Y_RANGE, 1], x_length=6.0, y_length=2.4, numbers=False)
        axes.move_to([cx, self.FIT_Y, 0])
        header.next_to(axes, UP, buff=0.15)
        # the data points are only shown: one outline (see merge_outlines)
        dots = merge_outlines(
            VGroup(
                *[
                    Dot(axes.c2p(xi, yi), radius=0.045, color=t.muted)
                    for xi, yi in zip(self.data.x, self.data.y)
                ]
            )
        )
        curve = VMobject(stroke_color=color, stroke_width=4)
        loss_plot = LogLossPlot(t, run.steps, run.loss, self.decades, x_label, color)
        loss_plot.move_to([cx + 0.2, self.LOSS_Y, 0])
        readout = Readout("loss", float(run.loss[0]), t, decimals=4, font_size=22, color=color)
        readout.next_to(loss_plot.axes, UP, buff=0.12).align_to(loss_plot.axes, LEFT)
        drop_svg_sources(header, readout.text)
        return VGroup(header, axes, dots, curve, loss_plot, readout)

    def set_frame(
        self, panel: VGroup, graphs_, run: Trajectory, index: int, number: bool = True
    ) -> None:
        axes, curve, loss_plot, readout = panel[1], panel[3], panel[4], panel[5]
        xs, ys = graphs_[index]
        set_clipped_polyline(curve, axes, xs, ys, *Y_RANGE)
        loss_plot.show_upto(index)
        if number:  # at most 8 times a second: a number that flickers cannot be read
            readout.set_value(float(run.loss[index]))

    # -- steps ----------------------------------------------------------------
    def show_start(self) -> None:
        """Same data, same starting network on both sides."""
        self.next_section("start")
        d, t, p = self.data, self.theme, self.p
        losses = np.concatenate([d.search.loss, d.descent.loss])
        self.decades = (
            int(np.floor(np.log10(max(losses.min(), 1e-12)))),
            int(np.ceil(np.log10(max(losses.max(), 1e-12)))),
        )
        if self.decades[1] <= self.decades[0]:
            self.decades = (self.decades[0], self.decades[0] + 1)
        heading = title("Nudge one parameter at a time, or follow the gradient?", t, font_size=34)
        evaluations = int(d.search.extras["evaluations"][-1])
        self.left = self.panel(
            -1,
            f"coordinate search: each parameter \u00b1{p.step:g}",
            t.compare,
            d.search,
            f"sweeps ({evaluations} loss evaluations in all)",
        )
        self.right = self.panel(
            1,
            f"gradient descent: learning rate {p.learning_rate:g}",
            t.model,
            d.descent,
            "steps (one forward + backward pass each)",
        )
        self.shown["evaluations"] = evaluations
        for side, run, graphs_ in (
            (self.left, d.search, d.search_graphs),
            (self.right, d.descent, d.descent_graphs),
        ):
            self.set_frame(side, graphs_, run, 0)
        self.play(FadeIn(heading), run_time=0.6)
        self.play(
            *[FadeIn(VGroup(s[0], s[1], s[2])) for s in (self.left, self.right)], run_time=0.8
        )
        self.play(
            *[Create(s[3]) for s in (self.left, self.right)],
            *[FadeIn(VGroup(s[4], s[5])) for s in (self.left, self.right)],
            run_time=1.0,
        )
        self.shown["start_loss"] = float(d.search.loss[0])
        n_params = d.search.params.shape[1]
        self.set_caption(
            f"Same {len(d.x)} points, same starting network ({p.neurons} ReLU neurons, "
            f"{n_params} parameters, seed {p.seed}): loss {d.search.loss[0]:.4f} on both sides"
        )
        self.wait(0.5)

    def race(self) -> None:
        """Both recorded runs play at once, each over its own x axis."""
        self.next_section("train")
        d = self.data
        runs = ((self.left, d.search_graphs, d.search), (self.right, d.descent_graphs, d.descent))

        run_time = 6.0
        last_number = [-1.0]

        def update(_mob: VMobject, alpha: float) -> None:
            # Numbers change at most 8 times a second: readable, and cheap.
            number = alpha >= 1.0 or (alpha - last_number[0]) * run_time >= 1 / 8
            if number:
                last_number[0] = alpha
            for panel, graphs_, run in runs:
                index = int(round(alpha * (len(run) - 1)))
                self.set_frame(panel, graphs_, run, index, number)

        self.set_caption(
            "Left: try +step on each parameter, then -step, keep it if the loss is not worse. "
            "Right: move every parameter against the gradient"
        )
        # Only what changes is animated (the rest of each panel is painted once per play).
        moving = VGroup(
            *(
                VGroup(p[3], p[4].curve, p[4].head, p[5].number)
                for p in (self.left, self.right)
            )
        )
        self.play(_ValueTween(moving, update), run_time=run_time, rate_func=linear)
        self.wait(0.5)

    def show_stall(self) -> None:
        """Where coordinate search stopped moving, and why it cannot move again."""
        self.next_section("stall")
        d, p = self.data, self.p
        self.shown["stalled_since"] = d.stalled_since
        self.shown["search_final_params"] = d.search.params[-1].tolist()
        plot = self.left[4]
        if d.stalled_since is None:
            self.set_caption(
                f"Coordinate search still moved in its last sweep, but only ever in steps "
                f"of {p.step:g} per parameter"
            )
            return
        x = d.stalled_since
        marker = DashedLine(
            plot.axes.c2p(x, plot.axes.y_range[0]),
            plot.axes.c2p(x, plot.axes.y_range[1]),
            stroke_color=self.theme.text,
            stroke_width=2,
            dash_length=0.06,
        )
        note = Text(f"stuck from sweep {x}", font_size=18, color=self.theme.text)
        # inside the plot, left of the marker's top: the loss readout sits above the plot
        note.next_to(marker.get_top(), LEFT, buff=0.08).shift(DOWN * 0.12)
        if note.get_left()[0] < plot.axes.get_left()[0]:
            note.next_to(marker.get_top(), RIGHT, buff=0.08).shift(DOWN * 0.12)
        note = merge_outlines(note)  # only faded in: one outline
        drop_svg_sources(note)
        self.play(Create(marker), FadeIn(note), run_time=0.8)
        self.set_caption(
            f"From sweep {x} on, no single \u00b1{p.step:g} nudge lowers the loss: every "
            f"parameter is stuck on its grid of spacing {p.step:g}"
        )
        self.wait(1.2)

    def compare(self) -> None:
        """The two final losses, from the trajectories."""
        self.next_section("compare")
        d = self.data
        search_final, descent_final = float(d.search.loss[-1]), float(d.descent.loss[-1])
        self.shown["search_final_loss"] = search_final
        self.shown["descent_final_loss"] = descent_final
        self.play(
            Indicate(self.left[5].number, color=self.theme.compare),
            Indicate(self.right[5].number, color=self.theme.model),
            run_time=1.0,
        )
        if descent_final < search_final:
            verdict = (
                f"Final loss {descent_final:.4f} with gradient steps against "
                f"{search_final:.4f}: {search_final / descent_final:.1f} times lower"
            )
        else:
            verdict = (
                f"Here coordinate search ends lower ({search_final:.4f} against "
                f"{descent_final:.4f}): too few gradient steps, or another valley"
            )
        self.set_caption(verdict)
        self.wait(2.0)
