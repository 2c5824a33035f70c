"""CoordinateSearchVsGradient: the simplest training rule against exact gradient steps.

Render:
``python -m scenes render CoordinateSearchVsGradient`` (or
``manim -ql scenes/clips/part1_curve_fitting/training.py CoordinateSearchVsGradient``); try
``--set step=0.02`` (a finer grid stalls lower, and later).

Both runs are recorded by ``nnmath`` (through the trajectory cache) from the
same starting network on the same data; the clip only plays them back, on one
loss plot whose x axis counts the same thing for both: work, in passes over
the data (a loss evaluation is one; a gradient step, a forward and a backward pass,
``gradient_step_cost`` of them, counted in multiply-adds by ``nnmath``).
Both fits are drawn on one plot, over the data.
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
    VGroup,
    VMobject,
    linear,
)

from nnmath import (
    Network,
    TrainingDiverged,
    Trajectory,
    backward_multiply_adds,
    coordinate_search,
    forward_multiply_adds,
    gradient_descent,
    pieces,
    sample_curve_data,
)
from scenes.core.cache import cached_trajectory
from scenes.core.layout import MAIN
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import merge_outlines
from scenes.widgets.network import _ValueTween
from scenes.widgets.plots import (
    HALO,
    axis_label,
    make_axes,
    set_clipped_polyline,
    tick_labels,
    tick_text,
)
from scenes.widgets.text import Captions, LiveNumber, legend, merged_text, title, with_role

#: The noisy wave of ``sample_curve_data``: the same small fit problem for both rules.
DATA = {"n_points": 40, "noise": 0.1, "data_seed": 0}
X_RANGE = (-3.0, 3.0)
Y_RANGE = (-2.5, 2.5)
#: Gradient descent records about this many steps (plenty for a smooth playback).
GD_RECORDS = 100


def gradient_step_cost(neurons: int) -> float:
    """Work of one gradient step of the 1-n-1 network, in loss evaluations: a forward and
    a backward pass against a forward pass alone, counted in multiply-adds (nnmath)."""
    sizes = [1, neurons, 1]
    forward = forward_multiply_adds(sizes)
    return (forward + backward_multiply_adds(sizes)) / forward


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


def work_of(run: Trajectory, step_cost: float) -> np.ndarray:
    """Work done by each recorded point of a run, in loss evaluations (passes over the data):
    counted by coordinate search itself, ``step_cost`` per gradient step."""
    if "evaluations" in run.extras:  # coordinate search counts its own
        return np.asarray(run.extras["evaluations"], float)
    return np.asarray(run.steps, float) * step_cost


def nice_step(span: float) -> float:
    """A round tick step giving about four ticks over ``span`` (1, 2 or 5 times 10^k)."""
    raw = span / 4
    base = 10 ** np.floor(np.log10(raw))
    return float(min((m * base for m in (1, 2, 5, 10)), key=lambda v: abs(v - raw)))


class CoordinateSearchVsGradient(Captions, ClipScene):
    """Nudging one parameter at a time stalls on its grid; gradient steps keep going.

    Both start from the same network on the same data (the noisy wave).
    Coordinate search tries each parameter ``+step``, then ``-step``, and
    keeps a nudge only if the loss does not get worse; every parameter thus
    stays on a grid of spacing ``step`` around its start, and once no single
    nudge helps, the search is stuck for good. Gradient descent moves all
    parameters at once, by amounts the exact gradient sets. Both are plotted
    against the work they did, on one axis.
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
    #: The fit plot (left) and the loss plot (right): x from, x to, y from, y to.
    FIT_BOX = (-6.35, 0.45, -2.55, 2.3)
    LOSS_BOX = (1.75, 6.3, -2.3, 1.4)
    #: The race: seconds for the whole work axis; numbers redrawn at most this often.
    RACE_SECONDS, NUMBER_RATE = 8.0, 8

    def construct(self) -> None:
        d = self.data
        self.shown["search_losses"] = d.search.loss.tolist()
        self.shown["descent_losses"] = d.descent.loss.tolist()
        self.shown["search_steps"] = d.search.steps.tolist()
        self.shown["descent_steps"] = d.descent.steps.tolist()
        cost = gradient_step_cost(self.p.neurons)
        self.work = {"search": work_of(d.search, cost), "descent": work_of(d.descent, cost)}
        self.shown["search_work"] = self.work["search"].tolist()
        self.shown["descent_work"] = self.work["descent"].tolist()

        self.show_start()
        self.race()
        self.show_stall()
        self.compare()

    # -- pieces ---------------------------------------------------------------
    def fit_plot(self) -> VGroup:
        """Axes over the data, the data points (one outline), tick numbers."""
        t = self.theme
        x0, x1, y0, y1 = self.FIT_BOX
        self.fit_axes = make_axes(t, [*X_RANGE, 1], [*Y_RANGE, 1], x_length=x1 - x0,
                                  y_length=y1 - y0, numbers=False)  # fmt: skip
        self.fit_axes.move_to([(x0 + x1) / 2, (y0 + y1) / 2, 0])
        ticks = tick_labels(self.fit_axes, t, x_values=[-3, -2, -1, 1, 2, 3],
                            y_values=[-2, -1, 1, 2])  # fmt: skip
        self.data_dots = merge_outlines(VGroup(*[
            Dot(self.fit_axes.c2p(xi, yi), radius=0.06, color=t.data)
            for xi, yi in zip(self.data.x, self.data.y)
        ]))  # fmt: skip
        return VGroup(self.fit_axes, ticks)

    def loss_plot(self) -> VGroup:
        """Log loss against work, shared by both runs."""
        t, d = self.theme, self.data
        x0, x1, y0, y1 = self.LOSS_BOX
        losses = np.concatenate([d.search.loss, d.descent.loss])
        lo = int(np.floor(np.log10(max(losses.min(), 1e-12))))
        hi = max(int(np.ceil(np.log10(max(losses.max(), 1e-12)))), lo + 1)
        self.decades = (lo, hi)
        total = float(max(self.work["search"][-1], self.work["descent"][-1], 1.0))
        step = nice_step(total)
        self.work_hi = float(np.ceil(total / step) * step)
        self.loss_axes = make_axes(t, [0, self.work_hi, step], [0, hi - lo, 1], x_length=x1 - x0,
                                   y_length=y1 - y0, numbers=False)  # fmt: skip
        self.loss_axes.move_to([(x0 + x1) / 2, (y0 + y1) / 2, 0])
        ticks = VGroup()
        for k in range(lo, hi + 1):
            text = tick_text(10.0**k, max(0, -k))
            ticks.add(merged_text(text, t.muted, Size.TICK).next_to(
                self.loss_axes.c2p(0, k - lo), LEFT, buff=0.15))  # fmt: skip
        values = np.arange(0, self.work_hi + step / 2, step)
        every = int(np.ceil(len(values) / 4))  # at most four or five numbers under the axis
        for v in values[::every]:
            ticks.add(merged_text(f"{v:,.0f}", t.muted, Size.TICK).next_to(
                self.loss_axes.c2p(v, 0), DOWN, buff=0.15))  # fmt: skip
        ticks.set_stroke(t.background, width=HALO, background=True).set_z_index(10)
        with_role(ticks, "tick")
        x_name = axis_label("work: passes over the data", t)
        x_name.next_to(ticks[-1], DOWN, buff=0.1).align_to(ticks[-1], RIGHT)
        y_name = axis_label("loss (log scale)", t)
        y_name.next_to(self.loss_axes, UP, buff=0.15).align_to(ticks, LEFT)
        return VGroup(self.loss_axes, ticks, x_name, y_name)

    def loss_point(self, work: float, loss: float) -> np.ndarray:
        return self.loss_axes.c2p(work, np.log10(max(loss, 1e-12)) - self.decades[0])

    def loss_points(self, name: str, index: int) -> np.ndarray:
        run = self.data.search if name == "search" else self.data.descent
        work, loss = self.work[name][: index + 1], run.loss[: index + 1]
        ys = np.log10(np.maximum(loss, 1e-12)) - self.decades[0]
        return np.asarray(self.loss_axes.coords_to_point(work, ys), float).reshape(3, -1).T

    def set_frame(self, name: str, index: int, number: bool = True) -> None:
        """Show run ``name`` up to recorded point ``index``: fit, loss curve, its head."""
        d = self.data
        run, graphs_ = d.search, d.search_graphs
        if name == "descent":
            run, graphs_ = d.descent, d.descent_graphs
        fit, curve, head, readout = self.parts[name]
        xs, ys = graphs_[index]
        set_clipped_polyline(fit, self.fit_axes, xs, ys, *Y_RANGE)
        pts = self.loss_points(name, index)
        curve.set_points_as_corners(pts if len(pts) > 1 else np.vstack([pts, pts]))
        head.move_to(pts[-1])
        if number:  # at most NUMBER_RATE times a second: a number that flickers cannot be read
            readout.set_value(float(run.loss[index]))

    def index_at(self, name: str, work: float) -> int:
        """The last recorded point of run ``name`` done within ``work``."""
        return max(int(np.searchsorted(self.work[name], work, side="right")) - 1, 0)

    # -- steps ----------------------------------------------------------------
    def show_start(self) -> None:
        """Same data, same starting network, one fit plot and one loss plot for both."""
        d, t, p = self.data, self.theme, self.p
        heading = title("Nudge one parameter at a time, or follow the gradient?", t)
        fit = self.fit_plot()
        loss = self.loss_plot()
        key = legend([(t.compare, "coordinate search"), (t.model, "gradient descent")], t)
        key.move_to([MAIN.x1, MAIN.y1, 0], aligned_edge=UP + RIGHT)
        key.shift(LEFT * 1.55)  # room for the live losses on the right
        self.parts = {}
        for name, color, row in (("search", t.compare, key[0]), ("descent", t.model, key[1])):
            fit_curve = VMobject(stroke_color=color, stroke_width=4.5)
            curve = VMobject(stroke_color=color, stroke_width=3.5)
            head = Dot(radius=0.08, color=color).set_z_index(4)
            number = LiveNumber(1.0, num_decimal_places=4, font_size=Size.READOUT, color=color)
            number.next_to(row, RIGHT, buff=0.3).align_to([MAIN.x1 - 1.4, 0, 0], LEFT)
            self.parts[name] = (fit_curve, curve, head, number)
            self.set_frame(name, 0)
        self.key = key
        n_params = d.search.params.shape[1]
        self.shown["start_loss"] = float(d.search.loss[0])
        self.shown["evaluations"] = int(d.search.extras["evaluations"][-1])
        self.play(
            self.start_beat(
                "start",
                "Same data, same starting network, two rules",
                f"Both rules start from the same network ({p.neurons} ReLU neurons, {n_params} "
                f"parameters, seed {p.seed}) on the same {len(d.x)} points: loss "
                f"{d.search.loss[0]:.4f} on both sides.",
            ),
            FadeIn(heading),
            FadeIn(fit),
            FadeIn(self.data_dots),
            FadeIn(loss),
            run_time=1.0,
        )
        parts = self.parts["search"], self.parts["descent"]
        self.play(*[Create(p[0]) for p in parts], FadeIn(key),
                  *[FadeIn(VGroup(p[2], p[3])) for p in parts], run_time=1.0)  # fmt: skip
        self.wait(1.5)

    def race(self) -> None:
        """Both recorded runs play at once on one clock: the work each has done."""
        p = self.p
        run_time = self.RACE_SECONDS
        last_number = [-1.0]

        def update(_mob: VMobject, alpha: float) -> None:
            number = alpha >= 1.0 or (alpha - last_number[0]) * run_time >= 1 / self.NUMBER_RATE
            if number:
                last_number[0] = alpha
            work = alpha * self.work_hi
            for name in ("search", "descent"):
                self.set_frame(name, self.index_at(name, work), number)

        self.play(self.start_beat(
            "race", "One clock for both: the work each rule has done",
            f"Coordinate search tries each parameter +{p.step:g}, then -{p.step:g}, and keeps a "
            f"nudge if the loss is not worse. Gradient descent moves every parameter at once, "
            f"against the exact gradient (learning rate {p.learning_rate:g}). The x axis counts "
            f"the work: a loss evaluation is one pass over the data, a gradient step "
            f"{gradient_step_cost(p.neurons):g} (a forward and a backward pass, counted in "
            f"multiply-adds).",
        ))  # fmt: skip
        # Only what changes is animated (the rest is painted once per play).
        moving = VGroup(*(VGroup(*parts) for parts in self.parts.values()))
        self.play(_ValueTween(moving, update), run_time=run_time, rate_func=linear)
        self.wait(1.0)

    def show_stall(self) -> None:
        """Where coordinate search stopped moving, and why it cannot move again."""
        d, p, t = self.data, self.p, self.theme
        self.shown["stalled_since"] = d.stalled_since
        self.shown["search_final_params"] = d.search.params[-1].tolist()
        if d.stalled_since is None:
            self.beat(
                "stall", "Nudges only ever move on a fixed grid",
                f"Coordinate search still moved in its last sweep, but only ever in steps of "
                f"{p.step:g} per parameter.",
            )  # fmt: skip
            self.wait(2.0)
            return
        sweep = d.stalled_since
        k = int(np.nonzero(d.search.steps == sweep)[0][0])
        at = float(self.work["search"][k])
        self.shown["stall_work"] = at
        axes = self.loss_axes
        marker = DashedLine(axes.c2p(at, 0), axes.c2p(at, axes.y_range[1]), dash_length=0.08,
                            stroke_color=t.highlight, stroke_width=2.5)  # fmt: skip
        # stuck for good: further sweeps change nothing, so the loss stays where it is
        end = self.loss_point(self.work_hi, float(d.search.loss[-1]))
        flat = DashedLine(self.loss_point(self.work["search"][-1], float(d.search.loss[-1])), end,
                          stroke_color=t.compare, stroke_width=3, dash_length=0.1)  # fmt: skip
        note = merged_text("stuck", t.highlight, Size.READOUT)
        note.set_stroke(t.background, width=HALO, background=True).set_z_index(10)
        note.next_to(axes.c2p(at, axes.y_range[1]), DOWN + RIGHT, buff=0.1)
        self.play(
            self.start_beat(
                "stall", "Coordinate search gets stuck on its grid",
                f"From sweep {sweep} on ({at:,.0f} loss evaluations), no single \u00b1{p.step:g} "
                f"nudge lowers the loss: every parameter is stuck on its grid of spacing "
                f"{p.step:g}, and more sweeps change nothing.",
            ),
            Create(marker),
            FadeIn(note),
            Create(flat),
            run_time=1.0,
        )  # fmt: skip
        self.wait(2.5)

    def compare(self) -> None:
        """The two final losses, and gradient descent's after the same work as the search."""
        d, t = self.data, self.theme
        search_final, descent_final = float(d.search.loss[-1]), float(d.descent.loss[-1])
        self.shown["search_final_loss"] = search_final
        self.shown["descent_final_loss"] = descent_final
        same = self.index_at("descent", float(self.work["search"][-1]))
        same_loss = float(d.descent.loss[same])
        self.shown["descent_loss_at_search_work"] = same_loss
        if descent_final < search_final:
            headline = "Gradient steps keep going where nudges stall"
            verdict = (
                f"For the work of the whole search ({self.work['search'][-1]:,.0f} loss "
                f"evaluations, about {int(d.descent.steps[same])} gradient steps), gradient "
                f"descent reached a loss of {same_loss:.4f} against {search_final:.4f}; it ends at "
                f"{descent_final:.4f}, {search_final / descent_final:.1f} times lower."
            )
        else:
            headline = "Here coordinate search ends lower"
            verdict = (
                f"Here coordinate search ends lower ({search_final:.4f} against "
                f"{descent_final:.4f}): too few gradient steps, or another valley."
            )
        numbers = [self.parts["search"][3], self.parts["descent"][3]]
        # the same work: where the search ended, and gradient descent's loss at that work
        end_work = float(self.work["search"][-1])
        top = self.loss_point(end_work, search_final)
        at = self.loss_point(float(self.work["descent"][same]), same_loss)  # on its curve
        drop = DashedLine(top, at, stroke_color=t.highlight, stroke_width=2.5, dash_length=0.08)
        mark = Dot(at, radius=0.09, color=t.model).set_z_index(5)
        label = merged_text(f"{same_loss:.4f}", t.model, Size.READOUT)
        label.set_stroke(t.background, width=HALO, background=True).set_z_index(10)
        label.next_to(at, DOWN + LEFT, buff=0.08)
        self.shown["same_work_label"] = label.text
        self.play(
            self.start_beat("compare", headline, verdict),
            Indicate(numbers[0], color=t.compare),
            Indicate(numbers[1], color=t.model),
            Create(drop),
            FadeIn(mark, scale=0.5),
            FadeIn(label),
            run_time=1.0,
        )
        self.wait(2.5)
