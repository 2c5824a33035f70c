"""Clip 25, DoubleDescent: test error falls, peaks as fits first hit every point, falls again.

About 20 noisy points from ``sin(2 pi x)``; the model is a sum of ``n`` ReLUs
whose bends and slopes are random and fixed, and only the output weights are
fitted (minimum-norm least squares, ``nnmath.min_norm_fit``). Left: one data
set and its fit, replayed as ``n`` sweeps from 1 to thousands. Right, on log
axes: training error and test error against ``n``, averaged over several
data sets (geometric mean: on a log axis the plain mean is a few data sets'
blow-ups; each data set's curve is shown faintly once, at the peak), with the
test-error peak and the ``n`` where the fits reach full rank marked; the error
axis runs from a little below the averaged minimum to a little above the
averaged curves (0.005 to 1 for the defaults). The last beat says, from the
computed numbers, whether the second descent ends below the first minimum.

Render: ``python -m scenes render DoubleDescent`` (or
``manim -ql scenes/clips/part5_capacity/double_descent.py DoubleDescent``); try
``--set noise=0.3 --set points=30 --set max_neurons=2000``.
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
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    Line,
    Rectangle,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    linear,
)

from nnmath import DoubleDescent as DoubleDescentRun
from nnmath import Trajectory, double_descent_curve
from scenes.core.cache import cached_trajectory
from scenes.core.layout import MAIN
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_outlines
from scenes.widgets.placement import densify, place
from scenes.widgets.plots import axis_label, make_axes, screen_map
from scenes.widgets.text import Captions, Readout, legend, merged_text, title, with_role

#: Log-spaced neuron counts from 1 to ``max_neurons``, rounded and deduplicated:
#: for 4,000 exactly nnmath's ``DEFAULT_NS``.
SWEEP_STEPS = 60
#: The averaged test-error curve shown (see DoubleDescentRun.test_error_geomean).
AVERAGE, AVERAGE_NAME = "geomean", "geometric mean"
HALO = 6  # background-coloured stroke around labels drawn over curves
SECONDS_PER_STEP = 0.16  # of sweep per swept neuron count
MIN_SWEEP_SECONDS = 2.5  # the few steps to the first minimum and to the peak, slowly
# Layout in MAIN (scene units): the fit panel on the left, the error plot on the right.
FIT_WIDTH = 5.6  # the fit panel's axes
PANEL_GAP = 0.45  # between the fit panel and the error plot's y axis name
LEFT_OF_ERROR_PLOT = 1.2  # the error plot's y axis name and tick numbers
BELOW_ERROR_PLOT = 0.95  # its tick numbers and x axis name
GAP = 0.25  # between a panel and the text above or below it
DRAW_STRIDE = 2  # the fit is drawn through every other point of nnmath's 1000-point grid
PER_N = ("train_errors", "test_errors", "ranks")  # DoubleDescent's (data set, n) arrays


def neuron_counts(largest: int) -> np.ndarray:
    """The swept ``n``: evenly spaced on the log axis, so each step is a similar move on screen."""
    return np.unique(np.round(np.geomspace(1, largest, SWEEP_STEPS)).astype(np.int64))


def pick_data_set(run: DoubleDescentRun, first: int, peak: int) -> int:
    """The data set drawn: its own test error rises from ``first`` to ``peak`` by the factor
    closest (on a log scale) to the averaged curve's rise, so its fits at those ``n``
    show what the average does, neither a blow-up nor a data set with no peak."""
    i, j = int(np.searchsorted(run.ns, first)), int(np.searchsorted(run.ns, peak))
    own = np.log(run.test_errors[:, j]) - np.log(run.test_errors[:, i])
    average = np.log(run.error_at(peak, AVERAGE)) - np.log(run.error_at(first, AVERAGE))
    return int(np.argmin(np.abs(own - average)))


def compute(p: ParamValues) -> Trajectory:
    """The sweep over all data sets, then the drawn data set's fit at every ``n``, packed
    into a Trajectory (one row per ``n``) for the cache."""
    ns = neuron_counts(p.max_neurons)
    common = {"n_points": p.points, "noise": p.noise, "seed": p.seed, "ns": ns}
    run = double_descent_curve(**common, n_seeds=p.data_sets)
    k = pick_data_set(run, run.first_minimum(AVERAGE), run.peak(AVERAGE))
    # Data set k depends only on (seed, k): a sweep of k + 1 data sets redraws it.
    one = double_descent_curve(**common, n_seeds=k + 1, curve_seed=k, curve_ns=ns)
    # (data set, n) arrays as one row per n; the rest in the meta (JSON keeps every digit)
    lists = {name: getattr(run, name).tolist() for name in ("thresholds", "x_test", "target")}
    return Trajectory(
        steps=ns,
        params=np.zeros((len(ns), 0)),
        loss=run.test_error_geomean,
        layer_sizes=[1],
        extras={name: getattr(run, name).T for name in PER_N}
        | {"fits": np.array([one.fits[int(n)] for n in ns])},
        meta=lists
        | {"x_train": one.x_train.tolist(), "y_train": one.y_train.tolist(), "data_set": k}
        | {"run_meta": run.meta},
    )


def unpack(cached: Trajectory) -> tuple[DoubleDescentRun, int]:
    """The cached sweep as nnmath's DoubleDescent again (its peak, minima and averages)."""
    m, k = cached.meta, int(cached.meta["data_set"])
    arrays = {name: np.array(m[name]) for name in ("thresholds", "x_test", "target")}
    run = DoubleDescentRun(
        n_points=len(m["x_train"]),
        ns=cached.steps,
        **{name: cached.extras[name].T for name in PER_N},
        **arrays,
        x_train=np.array(m["x_train"]),
        y_train=np.array(m["y_train"]),
        fits={int(n): f for n, f in zip(cached.steps, cached.extras["fits"])},
        meta={**m["run_meta"], "curve_seed": k},
    )
    return run, k


def fmt(value: float) -> str:
    """Two significant digits, errors span decades (0.0097, 0.14, 2.5); whole numbers from 10."""
    if value >= 10:
        return f"{value:.0f}"
    return f"{value:#.2g}".rstrip(".") if value >= 1e-4 else f"{value:.1e}"


def step_125(value: float, down: bool) -> float:
    """The nearest of ..., 0.1, 0.2, 0.5, 1, 2, 5, ... below (``down``) or above ``value``."""
    decade = 10.0 ** np.floor(np.log10(value))
    steps = [decade * m for m in (1, 2, 5, 10)]
    if down:
        return max(s for s in steps if s <= value * (1 + 1e-12))
    return min(s for s in steps if s >= value * (1 - 1e-12))


def verdict(first_error: float, last_error: float) -> str:
    """'below', 'above' or 'level' (equal to the two digits shown): the last error
    against the first minimum, as computed."""
    if fmt(last_error) == fmt(first_error):
        return "level"
    return "below" if last_error < first_error else "above"


@dataclass(frozen=True)
class SweepData:
    """Everything the clip shows, computed before the first frame."""

    run: DoubleDescentRun
    shown_set: int  # index of the data set drawn on the left
    first: int  # n of the first minimum of the averaged test error
    peak: int  # n of its peak (nnmath's DoubleDescent.peak)
    last: int  # the largest n
    verdict: str  # "below" / "above" / "level"


def clipped_segments(x: np.ndarray, y: np.ndarray, lo: float, hi: float):
    """Each segment of a polyline cut to ``lo <= y <= hi``: (index of its first knot, start,
    end) of the visible ones. Cut, not clamped, so a steep part leaves the plot."""
    x0, x1, y0, y1 = x[:-1], x[1:], y[:-1], y[1:]
    dy = y1 - y0
    flat = dy == 0
    safe = np.where(flat, 1.0, dy)
    ta, tb = (lo - y0) / safe, (hi - y0) / safe
    inside = (y0 >= lo) & (y0 <= hi)
    t_in = np.where(flat, np.where(inside, 0.0, 1.0), np.maximum(0.0, np.minimum(ta, tb)))
    t_out = np.where(flat, np.where(inside, 1.0, 0.0), np.minimum(1.0, np.maximum(ta, tb)))
    keep = t_in < t_out
    start = np.stack([x0 + t_in * (x1 - x0), y0 + t_in * dy], axis=1)[keep]
    end = np.stack([x0 + t_out * (x1 - x0), y0 + t_out * dy], axis=1)[keep]
    return np.flatnonzero(keep), start, end


def cubic_points(start: np.ndarray, end: np.ndarray, axes) -> np.ndarray:
    """Straight cubic curves on screen (4 points each) from data-space segment ends."""
    origin, ex, ey = screen_map(axes)
    a = origin + np.outer(start[:, 0], ex) + np.outer(start[:, 1], ey)
    b = origin + np.outer(end[:, 0], ex) + np.outer(end[:, 1], ey)
    thirds = np.linspace(0.0, 1.0, 4)[None, :, None]
    return (a[:, None, :] + thirds * (b - a)[:, None, :]).reshape(-1, 3)


class DoubleDescent(Captions, ClipScene):
    """Test error against the number of random ReLUs: down, up at the threshold, down again."""

    SUMMARY = "double descent: min-norm fits with more and more random ReLUs, test error vs n"
    PARAMS = (
        Param("points", int, 20, "number of noisy data points per data set", lo=8, hi=60),
        Param("noise", float, 0.1, "std. dev. of the noise on the points", lo=0.0, hi=1.0),
        Param("seed", int, 0, "master seed of the data sets and neurons", lo=0, hi=10**6),
        Param("max_neurons", int, 4000, "largest number of neurons n", lo=100, hi=10000),
        Param("data_sets", int, 20, "data sets averaged for the error curves", lo=1, hi=100),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> SweepData:
        if p.max_neurons < 5 * p.points:
            raise ParamError(
                f"max_neurons={p.max_neurons} is too few for points={p.points}: full rank "
                f"needs up to about 5 neurons per point; use at least {5 * p.points}"
            )
        cached = cached_trajectory("double_descent", p.computed(), lambda: compute(p))
        run, shown_set = unpack(cached)
        never = int(np.sum(run.thresholds == 0))
        if never:
            raise ParamError(
                f"{never} of {p.data_sets} data sets never reach full rank by "
                f"n = {p.max_neurons}; raise max_neurons"
            )
        first, peak, last = run.first_minimum(AVERAGE), run.peak(AVERAGE), int(run.ns[-1])
        first_err, last_err = run.error_at(first, AVERAGE), run.error_at(last, AVERAGE)
        return SweepData(run, shown_set, first, peak, last, verdict(first_err, last_err))

    # -- construct: the story ---------------------------------------------------
    def construct(self) -> None:
        self.show_data()
        self.few_neurons()
        self.at_the_peak()
        self.many_neurons()
        self.conclude()

    def show_data(self) -> None:
        t, run = self.theme, self.data.run
        self.add(title("Double descent: more neurons than data points", t))
        values = np.concatenate([run.y_train, run.target])
        self.y_lo = float(np.floor(values.min() * 2 - 1) / 2)
        self.y_hi = float(np.ceil(values.max() * 2 + 1) / 2)
        # The fit panel on the left of MAIN: the n readout above, a legend below; no tick
        # numbers (the picture is the point, the error plot has the scale).
        self.readout = Readout("neurons n =", int(run.ns[0]), t, decimals=0)
        self.readout.move_to([MAIN.x0, MAIN.y1, 0], aligned_edge=UP + LEFT)
        key = legend([(t.data, "data", "dot"), (t.muted, "true curve", "dashed"),
                      (t.model, "fit")], t, direction=RIGHT)
        top = self.readout.get_bottom()[1] - GAP
        bottom = MAIN.y0 + key.height + GAP
        self.data_axes = make_axes(t, [-1, 1, 1], [self.y_lo, self.y_hi, 1], FIT_WIDTH,
                                   top - bottom, numbers=False)
        # Still things below the moving curves, so they are painted once per play (not
        # redrawn every frame as things drawn after a moving one are).
        self.data_axes.move_to([MAIN.x0, bottom, 0], aligned_edge=DOWN + LEFT).set_z_index(-2)
        key.move_to([self.data_axes.get_center()[0], MAIN.y0, 0], aligned_edge=DOWN)
        _, a, b = clipped_segments(run.x_test, run.target, self.y_lo, self.y_hi)
        target = VMobject(stroke_color=t.muted, stroke_width=3)
        target = DashedVMobject(target.set_points(cubic_points(a, b, self.data_axes)), 60)
        target = merge_outlines(target).set_z_index(-2)
        dots = VGroup(
            *[Dot(self.data_axes.c2p(x, y), radius=0.07, color=t.data)
              for x, y in zip(run.x_train, run.y_train)]
        ).set_z_index(4)  # fmt: skip
        n_sets = len(run.test_errors)
        drop_svg_sources(self.data_axes, key)
        self.fit_key = key[2]  # shown with the fit
        self.play(
            self.start_beat(
                "data", "Noisy points from a sine wave",
                f"{run.n_points} points: sin(2\u03c0x), dashed, plus noise of standard deviation "
                f"{self.p.noise:g}. This is data set {self.data.shown_set + 1} of {n_sets} such "
                "data sets; the errors shown later average them all.",
            ),
            FadeIn(self.data_axes), FadeIn(key[0]), FadeIn(key[1]), Create(target),
            LaggedStart(*[FadeIn(dot, scale=0.5) for dot in dots], lag_ratio=0.04),
            run_time=1.5,
        )
        self.shown["points"] = to_data(self.data_axes, np.array([d.get_center() for d in dots]))
        self.remove(*dots)  # one outline from now on: drawn over the moving fit every frame
        self.add(merge_outlines(dots).set_z_index(4))
        self.shown["data_set"] = (self.data.shown_set, n_sets)
        self.wait(2.0)

    def few_neurons(self) -> None:
        t, d, run = self.theme, self.data, self.data.run
        self.build_error_plot()
        self.build_marks()
        self.fit = VMobject(stroke_color=t.model, stroke_width=5).set_z_index(2)
        drop_svg_sources(self.readout)
        self.show_index(0)
        self.play(
            self.start_beat(
                "model", "A sum of n ReLUs; only the output weights are fitted",
                "The fit is a sum of n ReLUs whose bends and slopes are random and fixed; only "
                "the output weights are fitted, by least squares, and of the many exact fits "
                "the one with the smallest weights is taken.",
            ),
            FadeIn(self.plot_still), FadeIn(self.readout), FadeIn(self.fit_key), Create(self.fit),
            run_time=1.5,
        )
        self.wait(2.0)
        self.play(self.start_beat(
            "few_neurons", "Adding neurons: the test error falls at first",
            f"Test error: the mean squared vertical distance to the dashed curve at "
            f"{len(run.x_test):,} x values; training error: the mean squared distance to the "
            f"points. Both are averaged over the {len(run.test_errors)} data sets.",
        ))
        self.sweep_to(d.first)
        err = fmt(run.error_at(d.first, AVERAGE))
        self.play(
            self.start_beat(
                "first_minimum", "The first minimum: the fit follows the waves",
                f"With fewer neurons the fit was too stiff to follow the waves; with "
                f"{d.first} it follows them and the test error falls to {err}, its first "
                "minimum.",
            ),
            FadeIn(self.marks["first_dot"], scale=0.5), FadeIn(self.marks["first"]),
        )
        self.shown["first_minimum"] = (d.first, err)
        self.wait(2.0)

    def at_the_peak(self) -> None:
        d, run, m = self.data, self.data.run, self.marks
        lo, hi = int(run.thresholds.min()), int(run.thresholds.max())
        median, rank, n_sets = np.median(run.thresholds), run.n_points, len(run.thresholds)
        when = ("before any fit can" if d.peak < lo else "as the first fits" if d.peak <= hi
                else "after all the fits")
        headline = ("The error peaks just before fits can pass every point" if d.peak < lo
                    else "The error peaks as fits first pass through every point"
                    if d.peak <= hi else "The error peaks after fits pass through every point")
        self.beat(
            "peak", headline,
            f"The test error peaks at n = {d.peak}, {when} pass through all {rank} points: "
            f"rank {rank} is reached at n = {lo} to {hi}, median {median:g}, over the "
            f"{n_sets} data sets (the shaded band).",
        )
        self.sweep_to(d.peak)
        self.play(Create(m["peak_line"]), FadeIn(m["band"]), FadeIn(m["peak"]), FadeIn(m["rank"]))
        self.wait(2.5)
        at_peak = run.test_errors[:, int(np.searchsorted(run.ns, d.peak))]
        mean, median_err = fmt(run.error_at(d.peak, "mean")), fmt(run.error_at(d.peak, "median"))
        wild = int(np.sum(at_peak > 10 * np.median(at_peak)))
        self.faint_at(self.index)
        self.play(
            self.start_beat(
                "spread", "Each data set's peak differs; the bold curve averages them",
                f"Faint: each data set's test error. At n = {d.peak} their plain mean is {mean} "
                f"but the median {median_err}, and {wild} of {n_sets} are over ten times the "
                f"median, so the bold curve is their {AVERAGE_NAME}.",
            ),
            FadeIn(self.faint),
        )
        self.wait(2.5)
        self.shown["peak"] = (d.peak, fmt(run.error_at(d.peak, AVERAGE)))
        self.shown["full_rank"] = (lo, hi, f"{median:g}")
        self.shown["at_peak"] = (mean, median_err, wild)

    def many_neurons(self) -> None:
        self.play(
            self.start_beat(
                "many_neurons", "More neurons: the smallest-weight fit bends less",
                "More neurons: of all the fits through every point, least squares takes the "
                "one with the smallest weights, and with more neurons to share them it bends "
                "less.",
            ),
            FadeOut(self.faint),
        )
        self.sweep_to(self.data.last)
        self.wait(1.5)

    def conclude(self) -> None:
        d, run, m = self.data, self.data.run, self.marks
        first_err, last_err = run.error_at(d.first, AVERAGE), run.error_at(d.last, AVERAGE)
        word = {"below": "below", "above": "above", "level": "level with"}[d.verdict]
        others = "; ".join(
            f"{name}: {fmt(run.error_at(d.last, c))} vs "
            f"{fmt(run.error_at(run.first_minimum(c), c))}"
            for c, name in (("median", "median"), ("mean", "plain mean"))
        )
        text = (
            f"On these data the second descent ends {word} the first minimum: "
            f"{fmt(last_err)} vs {fmt(first_err)} ({AVERAGE_NAME}; {others})."
        )
        self.play(
            self.start_beat("verdict", f"The second descent ends {word} the first minimum",
                            text),
            Create(m["level"]), FadeIn(m["end_dot"], scale=0.5), FadeIn(m["end"]),
        )
        self.shown["last_error"] = (d.last, fmt(last_err))
        self.shown["verdict"] = text
        self.wait(3.5)

    # -- the error plot ---------------------------------------------------------
    def build_error_plot(self) -> None:
        """Log-log axes (log10 n across, log10 error up, offset so the x axis is at the
        bottom), tick labels, legend, and the curves (empty until the sweep)."""
        t, run = self.theme, self.data.run
        geo = run.test_error_geomean
        # From a little below the averaged test error's minimum to a little above the
        # averaged curves' maximum, on the 1-2-5 steps: 0.005 to 1 for the defaults.
        self.e_lo = float(np.log10(step_125(0.8 * geo.min(), down=True)))
        top = max(geo.max(), run.train_error.max())
        self.e_hi = float(np.log10(step_125(1.25 * top, down=False)))
        self.y_span = self.e_hi - self.e_lo
        x_top = float(np.log10(run.ns[-1]))
        key = legend([(t.compare, "test error"), (t.model, "training error")], t,
                     direction=RIGHT)
        key.move_to([MAIN.x1, MAIN.y1, 0], aligned_edge=UP + RIGHT)
        top = self.data_axes.get_top()[1]
        bottom = MAIN.y0 + BELOW_ERROR_PLOT
        left = self.data_axes.get_right()[0] + PANEL_GAP + LEFT_OF_ERROR_PLOT
        self.plot = make_axes(t, [0, x_top, 1], [0, self.y_span, 1], MAIN.x1 - left - 0.1,
                              top - bottom, numbers=False)  # 0.1: the y axis' tick stubs
        self.plot.move_to([MAIN.x1, bottom, 0], aligned_edge=DOWN + RIGHT)
        # decades; with fewer than three in range, the 2s and 5s between them too
        decades = [10.0**k for k in range(int(np.floor(self.e_lo)), int(np.ceil(self.e_hi)) + 1)]
        values = [v for v in decades if self.e_lo - 1e-9 <= np.log10(v) <= self.e_hi + 1e-9]
        if len(values) < 3:
            values = [v * m for v in decades for m in (1, 2, 5)
                      if self.e_lo - 1e-9 <= np.log10(v * m) <= self.e_hi + 1e-9]
        ticks = [merged_text(f"{10**k}", t.muted, Size.TICK).next_to(
            self.plot.c2p(k, 0), DOWN, 0.18) for k in range(int(x_top) + 1)]
        ticks += [merged_text(f"{v:g}", t.muted, Size.TICK).next_to(
            self.plot.c2p(0, np.log10(v) - self.e_lo), LEFT, buff=0.18) for v in values]
        y_marks = VGroup(*(Line(LEFT * 0.08, RIGHT * 0.08, stroke_color=t.axis, stroke_width=2)
                           .move_to(self.plot.c2p(0, np.log10(v) - self.e_lo)) for v in values))
        x_name = axis_label("neurons n (log scale)", t)
        x_name.align_to(self.plot, RIGHT).set_y(MAIN.y0 + x_name.height / 2)
        y_name = axis_label("error (log scale)", t).rotate(np.pi / 2)
        y_name.next_to(self.plot, LEFT, buff=0.2 + max(m.width for m in ticks[int(x_top) + 1:])
                       + 0.2)
        ticks = with_role(merge_outlines(VGroup(*ticks)), "tick")
        self.plot_still = VGroup(self.plot, y_marks, ticks, x_name, y_name, key).set_z_index(-2)
        drop_svg_sources(self.plot_still)
        # Curves in log coordinates, cut at the plot's bottom and top, segment by segment:
        # (curve, index of each point's segment, screen points); the sweep shows a prefix.
        xs = np.log10(run.ns.astype(float))

        def segments(errors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            logged = np.log10(np.maximum(errors, 1e-300)) - self.e_lo
            j, a, b = clipped_segments(xs, logged, 0.0, float(self.y_span))
            return np.repeat(j, 4), cubic_points(a, b, self.plot)

        styles = [(t.model, 4, 1), (t.compare, 6, 2)]  # colour, width, z: training, test
        self.curves = [
            (VMobject(stroke_color=c, stroke_width=w).set_z_index(z), j, pts)
            for (c, w, z), (j, pts) in zip(styles, (segments(run.train_error), segments(geo)))
        ]
        # Each data set's test error, faint: shown once, at the peak, then faded out.
        each = [segments(e) for e in run.test_errors]
        self.faint_index = np.concatenate([s[0] for s in each])
        self.faint_points = np.concatenate([s[1] for s in each])
        self.faint = VMobject(stroke_color=t.muted, stroke_width=1.5,
                              stroke_opacity=min(0.6, 2.5 / np.sqrt(len(each)))).set_z_index(0)
        self.marker = Line(
            self.plot.c2p(0, 0), self.plot.c2p(0, self.y_span), color=t.highlight, stroke_width=2
        ).set_z_index(1)
        self.marker_dot = Dot(radius=0.08, color=t.highlight).set_z_index(6)
        self.add(*[c for c, _, _ in self.curves], self.marker, self.marker_dot)
        self.fit_cache: dict[int, np.ndarray] = {}
        self.shown.update(
            ns=run.ns.copy(), test_curve=geo.copy(), train_curve=run.train_error.copy(),
            each_test_curve=run.test_errors.copy(), decades=(self.e_lo, self.e_hi),
        )  # fmt: skip

    def faint_at(self, i: int) -> None:
        """The faint curves of every data set, up to ``ns[i]``."""
        self.faint.set_points(self.faint_points[self.faint_index < i])

    def build_marks(self) -> None:
        """The first minimum, the peak, the full-rank band and the last error, labels placed
        together so that none covers another or the bold curves (shown beat by beat)."""
        t, d, run = self.theme, self.data, self.data.run
        first_err, peak_err = run.error_at(d.first, AVERAGE), run.error_at(d.peak, AVERAGE)
        last_err = run.error_at(d.last, AVERAGE)
        n_lo, n_hi = run.thresholds.min(), run.thresholds.max()
        lo, hi = np.log10(n_lo), np.log10(n_hi)
        px, fx, c2p = np.log10(d.peak), np.log10(d.first), self.plot.c2p
        m: dict[str, VMobject] = {
            "first_dot": Dot(self.error_point(d.first, first_err), radius=0.09, color=t.text),
            "end_dot": Dot(self.error_point(d.last, last_err), radius=0.09, color=t.text),
            "peak_line": merge_outlines(
                DashedLine(c2p(px, 0), c2p(px, self.y_span), color=t.muted, stroke_width=3)
            ),
            "level": DashedLine(*[self.error_point(n, first_err) for n in (d.first, d.last)],
                                color=t.highlight, stroke_width=3),
            "band": Rectangle(
                width=c2p(hi, 0)[0] - c2p(lo, 0)[0], height=self.plot.height, stroke_width=0,
                fill_color=t.muted, fill_opacity=0.18,
            ).move_to(c2p((lo + hi) / 2, self.y_span / 2)),
        }  # fmt: skip
        for name, z in zip(
            ("first_dot", "end_dot", "peak_line", "level", "band"), (7, 7, -1, 3, -1)
        ):
            m[name].set_z_index(z)
        corners = [c2p(x, y) for x in (hi, lo) for y in (0, self.y_span)]
        diagonals = [UP + LEFT, DOWN + LEFT, UP + RIGHT, DOWN + RIGHT]
        peak_at = self.error_point(d.peak, peak_err)
        # Short labels: the n of each is on the readout when it appears, and in the narration.
        labels = [  # most constrained first: the end label has only the left side
            ("end", fmt(last_err),
             [(m["end_dot"].get_center(), v) for v in (UP + LEFT, UP, DOWN + LEFT, LEFT)]),
            ("peak", f"peak {fmt(peak_err)}",
             [(peak_at, v) for v in (UP, UP + LEFT, UP + RIGHT, LEFT, RIGHT)]
             + [(c2p(px, y), v) for y in (self.y_span, 0) for v in diagonals[::-1]]),
            ("first", f"minimum\n{fmt(first_err)}",
             [(m["first_dot"].get_center() + dx * LEFT, v) for dx in (0, 0.3)
              for v in (DOWN + LEFT, LEFT, DOWN, *diagonals)]
             + [(c2p(fx, y), v) for y in (0, self.y_span) for v in diagonals]),
            ("rank", "exact fits",
             [(c, v) for c in corners for v in diagonals]),
        ]  # fmt: skip
        # Where labels should not go: the bold curves (segment by segment: the cut ones
        # have gaps) and the two lines, sampled densely.
        segments = [q[[0, 3]] for _, _, pts in self.curves for q in pts.reshape(-1, 4, 3)]
        busy = densify([*segments, *([x.get_start(), x.get_end()] for x in
                                     (m["peak_line"], m["level"]))])
        bounds = [*(c2p(0, 0)[:2] + [0.1, 0.05]), self.plot.get_right()[0],
                  c2p(0, self.y_span)[1]]
        placed: list[np.ndarray] = []
        targets = {"end": m["end_dot"].get_center(), "peak": peak_at,
                   "first": m["first_dot"].get_center(), "rank": c2p((lo + hi) / 2, 0)}
        for name, text, candidates in labels:
            m[name] = place(self.plot_label(text), candidates, busy, placed, targets[name],
                            bounds)
        self.marks = m

    def error_point(self, n: int, error: float) -> np.ndarray:
        return self.plot.c2p(np.log10(n), np.log10(error) - self.e_lo)

    def plot_label(self, text: str) -> VMobject:
        """A label over the curves: haloed in the background colour and drawn above them."""
        label = merged_text(text, self.theme.text, Size.READOUT, line_spacing=0.8)
        label.set_stroke(self.theme.background, width=HALO, background=True)
        drop_svg_sources(label)
        return label.set_z_index(8)

    # -- the sweep ----------------------------------------------------------------
    def fit_points(self, i: int) -> np.ndarray:
        """Screen points of the drawn data set's fit with ``ns[i]`` neurons (built once)."""
        if i not in self.fit_cache:
            run = self.data.run
            # every DRAW_STRIDE-th grid point: finer than the pixels, half the drawing
            n = len(run.x_test)
            keep = np.unique(np.r_[np.arange(0, n, DRAW_STRIDE), n - 1])  # both ends
            fit = run.fits[int(run.ns[i])]
            _, a, b = clipped_segments(run.x_test[keep], fit[keep], self.y_lo, self.y_hi)
            self.fit_cache[i] = cubic_points(a, b, self.data_axes)
        return self.fit_cache[i]

    def show_index(self, i: int) -> None:
        """Everything at ``n = ns[i]``: the fit on the left, the curves up to n, the marker."""
        run = self.data.run
        self.fit.set_points(self.fit_points(i))
        for curve, index, pts in self.curves:
            shown = pts[index < i]
            if len(shown):
                curve.set_points(shown)
            else:
                curve.clear_points()
        self.marker.set_x(self.plot.c2p(np.log10(float(run.ns[i])), 0)[0])
        self.marker_dot.move_to(self.error_point(int(run.ns[i]), run.test_error_geomean[i]))
        self.readout.set_value(int(run.ns[i]))
        self.index = i

    def sweep_to(self, n: int) -> None:
        """Play ``n`` from where it is to ``n``, one swept count at a time; record the stop."""
        start, stop = self.index, int(np.searchsorted(self.data.run.ns, n))
        moving = VGroup(
            self.fit, *[c for c, _, _ in self.curves], self.marker, self.marker_dot,
            self.readout.number,
        )  # fmt: skip

        def update(_group: VGroup, alpha: float) -> None:
            self.show_index(start + round(alpha * (stop - start)))

        if stop > start:
            self.play(
                UpdateFromAlphaFunc(moving, update),
                run_time=max(MIN_SWEEP_SECONDS, SECONDS_PER_STEP * (stop - start)),
                rate_func=linear,
            )
        self.show_index(stop)
        # What is drawn, in data coordinates: fit (x, y), bold curve (log10 n, log10 error)
        bold = self.curves[1][0]
        self.shown.setdefault("stops", {})[int(self.data.run.ns[stop])] = {
            "readout": int(self.readout.value),
            "fit": to_data(self.data_axes, self.fit.points),
            "test_curve": to_data(self.plot, bold.points) + [0, self.e_lo],
        }


def to_data(axes, points: np.ndarray) -> np.ndarray:
    """Screen points back in the axes' coordinates (x, y): ``p2c`` for arrays."""
    origin, ex, ey = screen_map(axes)
    return np.linalg.solve(np.array([ex[:2], ey[:2]]).T, (points[:, :2] - origin[:2]).T).T
