"""NeuronBudget: "if pieces grow as n^L, why would anyone use n > 2?"

A fixed budget of N neurons is split into equal layers, width n x depth
L = N / n, for every n >= 2 dividing N. For each split the folding network
(``nnmath.zigzag_network``) reaches exactly n^L pieces, counted by
``nnmath.count_segments``; over real n the formula n^(N/n) peaks at n = e,
so for N = 12 the best split is n = 3 (81 pieces), not n = 2 (64). Then
networks of the same shapes are trained on one wiggly target: their exact
piece counts stay near the neuron count, far below the deep splits' folding
counts, and a shape that does not train is said to. Every count is a label on
the chart (bars for folding, dots for trained networks), not a table. Two
practical reasons wide layers win are captioned as claims, not computed.

Render: ``python -m scenes render NeuronBudget --set budget=24`` (or
``manim -ql scenes/clips/part1_curve_fitting/neuron_budget.py NeuronBudget``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    LaggedStart,
    Line,
    MathTex,
    Rectangle,
    Transform,
    VGroup,
    VMobject,
)

from nnmath import (
    Network,
    TrainingDiverged,
    Trajectory,
    count_segments,
    gradient_descent,
    pieces,
    sample_curve_data,
    zigzag_network,
)
from scenes.core.cache import cached_trajectory
from scenes.core.layout import MAIN
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_outlines
from scenes.widgets.formulas import formula
from scenes.widgets.plots import HALO, axis_label, make_axes, screen_map
from scenes.widgets.text import Captions, fade_swap, legend, merged_text, title, with_role

#: The folding network folds [0, 1]; its pieces are counted there.
FOLD_LO, FOLD_HI = 0.0, 1.0
#: The one fixed target every shape is trained on: clip 3's wave on [-3, 3]
#: (sample_curve_data), always the same points; trained pieces are counted on [-3, 3].
DATA_LO, DATA_HI = -3.0, 3.0
N_POINTS, NOISE, DATA_SEED = 40, 0.1, 0
DATA_RECIPE = [N_POINTS, NOISE, DATA_SEED]
#: Only the final network is shown; a few recorded steps keep the cached file small.
RECORD_EVERY = 250
#: Points of the curve n^(N/n) over real n (n = e and the divisors are added).
CURVE_POINTS = 240
LOSS_DIGITS = 3
#: A trained network with one piece, or a loss within 5% of the best constant's,
#: did not train (its ReLUs went dead): the clip says so instead of hiding it.
STUCK_FRACTION = 0.95


@dataclass(frozen=True)
class Split:
    """One way to spend the budget: ``width`` neurons per layer, ``depth`` layers."""

    width: int
    depth: int
    folding: int  # count_segments(zigzag_network(width, depth), 0, 1)
    trained: int  # count_segments(trained network, -3, 3)
    loss: float  # the trained network's final loss on the target
    fit: tuple[np.ndarray, np.ndarray]  # the trained network's exact graph on [-3, 3]


@dataclass(frozen=True)
class BudgetData:
    """Everything the clip shows, computed before the first frame."""

    splits: list[Split]
    curve_n: np.ndarray  # real widths n from 1 to N
    curve_pieces: np.ndarray  # n ** (N / n) there: a formula, plotted
    peak_n: float  # the n where the plotted formula is largest (it is e)
    constant_loss: float  # loss of the best constant (the target's mean): "did not train"
    stuck: list[int]  # widths whose trained network is no better than that constant
    x: np.ndarray
    y: np.ndarray


def widths_of(budget: int) -> list[int]:
    """Every width n >= 2 that splits ``budget`` into equal layers."""
    return [n for n in range(2, budget + 1) if budget % n == 0]


def training_key(p: ParamValues, width: int) -> dict:
    """Cache key of one shape's run: everything the run depends on (budget and width fix
    the depth)."""
    return {**p.computed(), "width": width, "record_every": RECORD_EVERY, "data": DATA_RECIPE}


def train_shape(p: ParamValues, width: int, x: np.ndarray, y: np.ndarray) -> Trajectory:
    """Gradient descent on one shape, recorded and cached (retraining costs seconds)."""
    depth = p.budget // width

    def train() -> Trajectory:  # width n, depth hidden ReLU layers, 1 input, 1 output
        start = Network([1] + [width] * depth + [1], seed=p.seed)
        return gradient_descent(start, x, y, p.learning_rate, p.steps, RECORD_EVERY)

    try:
        return cached_trajectory("neuron_budget", training_key(p, width), train)
    except TrainingDiverged:
        raise ParamError(
            f"learning_rate={p.learning_rate:g} makes gradient descent diverge for width "
            f"{width} x depth {depth}; try 0.02 or less"
        ) from None


class NeuronBudget(Captions, ClipScene):
    """N neurons as width n x depth N/n: folding pieces n^(N/n) peak at n = e."""

    SUMMARY = "a budget of N neurons: n^(N/n) folding pieces peak at n = e; trained nets use few"
    PARAMS = (
        Param("budget", int, 12, "neurons N to split into equal layers (not prime)", lo=4, hi=36),
        Param("seed", int, 2, "seed of the trained networks' starting weights", lo=0, hi=10**6),
        Param("learning_rate", float, 0.02, "gradient-descent step size", lo=1e-4, hi=0.5),
        Param("steps", int, 5000, "gradient steps per shape", lo=100, hi=10000),
    )
    #: One count per split, labelled on its bar or its dot (the chart replaces a table):
    #: the counts are what these beats compare. A budget of 24 or 36 has 7 or 8 splits;
    #: with the curve's formula and the peak's label that is up to 10 numbers.
    NUMBERS_ALLOW = {beat: 10 for beat in ("counts", "peak", "best", "trained", "stuck",
                                           "lowest_loss", "gpu", "generalise")}  # fmt: skip

    @classmethod
    def prepare(cls, p: ParamValues) -> BudgetData:
        budget = p.budget
        widths = widths_of(budget)
        if widths == [budget]:
            composite = [m for m in range(4, 37) if len(widths_of(m)) > 1]
            near = min(composite, key=lambda m: (abs(m - budget), m))
            raise ParamError(
                f"budget={budget} is prime: its only split is one layer of {budget}, "
                f"nothing to compare; try {near}"
            )
        x, y = sample_curve_data(N_POINTS, NOISE, DATA_SEED)  # same points for every shape
        splits = []
        for n in widths:
            run = train_shape(p, n, x, y)
            net, depth = run.final_network, budget // n
            folding = count_segments(zigzag_network(n, depth), FOLD_LO, FOLD_HI)
            trained, fit = count_segments(net, DATA_LO, DATA_HI), pieces(net, DATA_LO, DATA_HI)
            splits.append(Split(n, depth, folding, trained, float(run.loss[-1]), fit))
        # A plot of the formula n^(N/n) over real n; e and the divisors are on the grid,
        # so the drawn curve passes through every bar top and its highest point is found.
        grid = np.unique(np.concatenate([np.geomspace(1.0, budget, CURVE_POINTS), [np.e], widths]))
        values = grid ** (budget / grid)
        constant = Network([1, 1]).set_params([0.0, float(np.mean(y))]).loss(x, y)
        stuck = [s.width for s in splits if s.trained <= 1 or s.loss >= STUCK_FRACTION * constant]
        peak_n = float(grid[np.argmax(values)])
        return BudgetData(splits, grid, values, peak_n, constant, stuck, x, y)

    # -- layout -----------------------------------------------------------------
    #: The chart's axes (x = ln n, y = log10 pieces) inside the main region.
    CHART_X = (-6.0, 6.5)
    CHART_Y = (-2.15, 2.35)

    def construct(self) -> None:
        self.shown["budget"] = self.p.budget
        self.shown["widths"] = [s.width for s in self.data.splits]
        self.shown["depths"] = [s.depth for s in self.data.splits]
        self.shown["narrations"] = []
        self.show_budget()
        self.show_counts()
        self.show_peak()
        self.show_best()
        self.show_trained()
        self.why_wide()

    def start(self, name: str, headline: str, narration: str):
        """Start a beat (see ``Captions.start_beat``), its narration kept for the tests."""
        self.shown["narrations"].append(narration)
        return self.start_beat(name, headline, narration)

    def label(self, text: str, color: str, size: float = Size.READOUT) -> VMobject:
        """A label on the chart: haloed, above the bars and curves it sits on."""
        mob = merged_text(text, color, size)
        mob.set_stroke(self.theme.background, width=HALO, background=True).set_z_index(10)
        return mob

    # -- beat 1: the budget -----------------------------------------------------
    def show_budget(self) -> None:
        t, d, budget = self.theme, self.data, self.p.budget
        heading = title(f"A budget of {budget} neurons: wide or deep?", t)
        self.grid = self.network_shape(d.splits[0])
        self.grid_label = self.shape_label(d.splits[0])
        self.shown["shape_widths"], self.shown["shape_depths"] = [], []
        names = ", ".join(f"{s.width} \u00d7 {s.depth}" for s in d.splits)
        self.play(
            self.start(
                "budget",
                "Split the neurons into equal layers: width \u00d7 depth",
                f"Split {budget} neurons into equal layers: width n times depth L = {budget}. "
                f"Every width n \u2265 2 that divides {budget} gives one shape, {len(d.splits)} "
                f"in all: {names}.",
            ),
            FadeIn(heading),
            FadeIn(self.grid),
            FadeIn(self.grid_label),
            run_time=1.0,
        )
        self.note_shape(self.grid)
        self.wait(2.0)
        for split in d.splits[1:]:  # each shape held 2 s: long enough to see it
            shape, label = self.network_shape(split), self.shape_label(split)
            self.play(Transform(self.grid, shape), fade_swap(self.grid_label, label),
                      run_time=0.8)  # fmt: skip
            self.note_shape(shape)
            self.grid_label = label
            self.wait(2.0)

    def note_shape(self, shape: VGroup) -> None:
        """Record the shape drawn: its hidden columns (width) and how many (depth)."""
        self.shown["shape_widths"].append(shape.width_n)
        self.shown["shape_depths"].append(shape.depth_n)

    def network_shape(self, split: Split) -> VGroup:
        """The split drawn as a network: input, ``depth`` columns of ``width`` neurons, output."""
        t = self.theme
        n, depth = split.width, split.depth
        step_x = min(2.4, 11.0 / (depth + 1))
        spacing = min(0.9, 4.4 / max(n - 1, 1))
        radius = min(0.16, 0.3 * spacing, 0.3 * step_x)
        cx, cy = MAIN.center[0], MAIN.center[1] + 0.35
        xs = cx + (np.arange(depth + 2) - (depth + 1) / 2) * step_x
        layers = [np.array([[xs[0], cy, 0.0]])]
        for j in range(depth):
            ys = cy + (np.arange(n) - (n - 1) / 2) * spacing
            layers.append(np.column_stack([np.full(n, xs[j + 1]), ys, np.zeros(n)]))
        layers.append(np.array([[xs[-1], cy, 0.0]]))
        edges = VMobject(stroke_color=t.axis, stroke_width=1.5, stroke_opacity=0.5)
        for a, b in zip(layers[:-1], layers[1:]):
            for p in a:
                for q in b:
                    edges.start_new_path(p)
                    edges.add_line_to(q)
        # every shape has N neurons: one outline each for neurons and ends morphs cheaply
        inner = np.concatenate(layers[1:-1])
        neurons = merge_outlines(VGroup(*[Dot(q, radius=radius, color=t.model) for q in inner]))
        ends = [Dot([x, cy, 0], radius=radius, color=t.muted) for x in xs[[0, -1]]]
        ends = merge_outlines(VGroup(*ends))
        shape = VGroup(edges, neurons, ends)
        shape.width_n, shape.depth_n = n, depth
        return shape

    def shape_label(self, split: Split) -> VMobject:
        label = merged_text(
            f"width {split.width} \u00d7 depth {split.depth} = {self.p.budget} neurons",
            self.theme.text, Size.READOUT,
        )  # fmt: skip
        return label.move_to([MAIN.center[0], MAIN.y0 + 0.35, 0])

    # -- beat 2: the folding counts ---------------------------------------------
    def show_counts(self) -> None:
        t, d = self.theme, self.data
        self.build_chart()
        self.bars, self.bar_labels = VGroup(), VGroup()
        for split in d.splits:
            bar = self.bar(split.width, split.folding)
            label = self.label(f"{split.folding:,}", t.text)
            label.next_to(bar, UP, buff=0.12)
            self.bars.add(bar)
            self.bar_labels.add(label)
        powers = ", ".join(f"{s.width}^{s.depth} = {s.folding:,}" for s in d.splits)
        self.play(
            self.start(
                "counts",
                "Folding networks of each shape reach n\u1d38 pieces",
                f"For each shape, a network built to fold [0, 1] n times per layer; its pieces, "
                f"counted exactly from its bends, are n^L every time: {powers}.",
            ),
            FadeOut(self.grid),
            FadeOut(self.grid_label),
            run_time=0.6,
        )
        self.play(FadeIn(self.chart), FadeIn(self.legend[0]), run_time=0.8)
        steps = [AnimationGroup(GrowFromEdge(b, DOWN), FadeIn(lab))
                 for b, lab in zip(self.bars, self.bar_labels)]  # fmt: skip
        # one play for all bars (every play costs a partial movie file)
        self.play(LaggedStart(*steps, lag_ratio=0.5), run_time=0.4 * len(steps) + 0.4)
        self.shown["folding"] = [int(m.text.replace(",", "")) for m in self.bar_labels]
        self.shown["power"] = [(s.width, s.depth) for s in d.splits]
        tops = [self.axes.p2c(bar.get_top())[1] for bar in self.bars]
        self.shown["bar_tops"] = [10 ** float(y) for y in tops]
        self.wait(2.0)

    def build_chart(self) -> None:
        """Log-log axes: x = ln n (n from 1 to N), y = log10 pieces, decade ticks."""
        t, d, budget = self.theme, self.data, self.p.budget
        # Room above the highest mark (curve or trained count) for its label.
        highest = max(d.curve_pieces.max(), max(s.trained for s in d.splits))
        top = int(np.ceil(np.log10(highest) + 0.35))
        self.x_hi = float(np.log(budget) + 0.15)
        width, height = self.CHART_X[1] - self.CHART_X[0], self.CHART_Y[1] - self.CHART_Y[0]
        self.axes = make_axes(t, [0, self.x_hi, self.x_hi], [0, top, 1], x_length=width,
                              y_length=height, numbers=False)  # fmt: skip
        self.axes.x_axis.remove(self.axes.x_axis.ticks)
        self.axes.move_to([sum(self.CHART_X) / 2, sum(self.CHART_Y) / 2, 0])
        ticks = VGroup()
        for k in range(top + 1):
            label = merged_text(f"{10**k:,}" if k < 4 else f"10{superscript(k)}", t.muted,
                                Size.TICK)  # fmt: skip
            ticks.add(label.next_to(self.axes.c2p(0, k), LEFT, buff=0.15))
        widths = [s.width for s in d.splits]
        marks = VMobject(stroke_color=t.axis, stroke_width=2)
        x_labels = VGroup()
        for s in d.splits:
            base = self.axes.c2p(np.log(s.width), 0)
            marks.start_new_path(base + 0.08 * DOWN)
            marks.add_line_to(base + 0.08 * UP)
            label = merged_text(f"{s.width}\u00d7{s.depth}", t.muted, Size.TICK)
            x_labels.add(label.next_to(base, DOWN, buff=0.16))
        ticks.add(*x_labels)
        ticks.set_stroke(t.background, width=HALO, background=True).set_z_index(10)
        with_role(ticks, "tick")
        x_name = axis_label("width \u00d7 depth (log scale)", t)
        x_name.next_to(x_labels, DOWN, buff=0.12).align_to(self.axes, RIGHT)
        y_name = axis_label("pieces (log scale)", t)
        y_name.next_to(self.axes, UP, buff=0.15).align_to(ticks, LEFT)
        self.chart = VGroup(self.axes, marks, ticks, x_name, y_name)
        self.shown["x_tick_labels"] = [int(m.text.split("\u00d7")[0]) for m in x_labels]
        self.legend = legend([(t.model, "folding network", "box"),
                              (t.compare, "trained network", "dot")], t)  # fmt: skip
        self.legend.move_to([MAIN.x1, MAIN.y1, 0], aligned_edge=UP + RIGHT)
        # Bars a little narrower than the closest pair of neighbouring widths.
        gaps = np.diff(np.log(widths)) if len(widths) > 1 else np.array([1.0])
        unit = width / self.x_hi
        self.bar_width = float(min(0.6, 0.5 * gaps.min() * unit))

    def point(self, n: float, count: float) -> np.ndarray:
        return self.axes.c2p(np.log(n), np.log10(count))

    def bar(self, n: int, count: int) -> Rectangle:
        base, top = self.axes.c2p(np.log(n), 0), self.point(n, count)
        bar = Rectangle(width=self.bar_width, height=max(top[1] - base[1], 1e-3))
        bar.set_stroke(self.theme.model, width=2).set_fill(self.theme.model, 0.45)
        return bar.move_to(base, aligned_edge=DOWN)

    # -- beat 3: the peak at e --------------------------------------------------
    def show_peak(self) -> None:
        t, d, budget = self.theme, self.data, self.p.budget
        origin, ex, ey = screen_map(self.axes)
        pts = origin + np.outer(np.log(d.curve_n), ex) + np.outer(np.log10(d.curve_pieces), ey)
        curve = VMobject(stroke_color=t.text, stroke_width=3).set_z_index(2)
        curve.set_points_as_corners(pts)
        peak_value = float(d.peak_n ** (budget / d.peak_n))
        peak = self.point(d.peak_n, peak_value)
        self.peak_dot = Dot(peak, radius=0.09, color=t.highlight).set_z_index(3)
        self.peak_label = self.label(f"n = e \u2248 {d.peak_n:.2f}", t.highlight)
        # above the bar labels of the widths on either side of e
        self.peak_label.next_to(peak, UP, buff=0.75)
        # a dashed line from the axis, through the peak, up to its label
        top = [peak[0], self.peak_label.get_bottom()[1] - 0.08, 0]
        self.drop = DashedLine(self.axes.c2p(np.log(d.peak_n), 0), top, stroke_color=t.highlight,
                               stroke_width=2, dash_length=0.08)  # fmt: skip
        # the curve's formula, on the curve's right-hand part (displayed formula: LaTeX)
        at = self.point(budget**0.75, budget ** (budget / budget**0.75))
        self.formula = formula(MathTex(rf"n^{{{budget}/n}}", font_size=Size.TITLE, color=t.text))
        drop_svg_sources(self.formula)
        self.formula.next_to(at, UP + RIGHT, buff=0.1).set_z_index(10)
        self.shown["peak_n"] = d.peak_n
        self.shown["peak_label"] = self.peak_label.text
        self.shown["curve"] = np.array([self.axes.p2c(p) for p in curve.get_anchors()])
        self.play(
            self.start(
                "peak",
                "Over real widths, the count peaks at n = e",
                f"Over real widths n, a budget of {budget} gives n^({budget}/n) pieces: a smooth "
                f"curve through every bar. It is largest at n = e \u2248 {d.peak_n:.2f}, where "
                f"({budget}/n) ln n is largest.",
            ),
            Create(curve),
            FadeIn(self.formula),
            run_time=1.5,
        )
        self.play(Create(self.drop), FadeIn(self.peak_dot), FadeIn(self.peak_label), run_time=0.8)
        self.wait(2.0)

    def show_best(self) -> None:
        t, d, budget = self.theme, self.data, self.p.budget
        best = max(s.folding for s in d.splits)
        winners = [s for s in d.splits if s.folding == best]
        self.shown["best_widths"] = [s.width for s in winners]
        deepest = d.splits[0]
        headline = "Most pieces at the width nearest e"
        if deepest not in winners:
            headline = "Most pieces near n = e, not at the deepest split"
        bars = [self.bars[d.splits.index(s)] for s in winners]
        self.play(
            self.start("best", headline, best_split_text(d.splits, budget, d.peak_n) + "."),
            *[bar.animate.set_stroke(t.highlight, width=5) for bar in bars],
            run_time=0.8,
        )
        self.winners = bars
        self.wait(2.5)

    # -- beat 4: trained networks -----------------------------------------------
    def show_trained(self) -> None:
        t, d = self.theme, self.data
        self.trained_dots, self.trained_labels = VGroup(), VGroup()
        for split in d.splits:
            dot = Dot(self.point(split.width, split.trained), radius=0.11, color=t.compare)
            dot.set_stroke(t.background, width=2.5).set_z_index(5)  # stands out on a bar
            label = self.label(str(split.trained), t.text)
            label.next_to(dot, RIGHT, buff=0.12)
            self.trained_dots.add(dot)
            self.trained_labels.add(label)
        counts = [s.trained for s in d.splits]
        lr, seed, steps = self.p.learning_rate, self.p.seed, self.p.steps
        self.play(
            self.start(
                "trained",
                "Trained networks use only a few of those pieces",
                f"Now networks of the same shapes are trained on one wiggly target: the same "
                f"{len(d.x)} points on [-3, 3], {steps} gradient steps each, learning rate "
                f"{lr:g}, starting weights from seed {seed}. Counted exactly on [-3, 3], they "
                f"use {min(counts)} to {max(counts)} pieces; folding reaches "
                f"{max(s.folding for s in d.splits):,}.",
            ),
            FadeOut(self.bar_labels),
            FadeOut(self.peak_label),
            FadeOut(self.drop),
            FadeOut(self.peak_dot),
            *[bar.animate.set_stroke(t.model, width=2) for bar in self.winners],
            FadeIn(self.legend[1]),
            run_time=0.8,
        )
        steps_ = [AnimationGroup(FadeIn(dot, scale=0.5), FadeIn(lab))
                  for dot, lab in zip(self.trained_dots, self.trained_labels)]  # fmt: skip
        self.play(LaggedStart(*steps_, lag_ratio=0.5), run_time=0.4 * len(steps_) + 0.4)
        self.shown["trained"] = [int(m.text) for m in self.trained_labels]
        self.shown["losses"] = [f"{s.loss:.{LOSS_DIGITS}f}" for s in d.splits]
        self.shown["trained_dots"] = [
            10 ** float(self.axes.p2c(dot.get_center())[1]) for dot in self.trained_dots
        ]
        self.shown["fits"] = [s.fit for s in d.splits]
        self.wait(2.0)
        self.shown["stuck"] = list(d.stuck)
        if d.stuck:
            stuck = [s for s in d.splits if s.width in d.stuck]
            names = " and ".join(f"{s.width} × {s.depth}" for s in stuck)
            dots = [self.trained_dots[d.splits.index(s)] for s in stuck]
            rings = VGroup(*[Circle(radius=0.24, color=t.wrong, stroke_width=5).move_to(dot)
                             for dot in dots])  # fmt: skip
            self.play(
                self.start(
                    "stuck",
                    "Some deep, narrow stacks did not train at all",
                    f"{names} did not train: no better than a constant (loss "
                    f"{d.constant_loss:.{LOSS_DIGITS}f}); deep, narrow ReLU stacks can die.",
                ),
                *[Create(r) for r in rings],
                run_time=0.8,
            )
            self.wait(2.0)
        best = min(d.splits, key=lambda s: s.loss)
        self.shown["lowest_loss_width"] = best.width
        dot = self.trained_dots[d.splits.index(best)]
        bar = self.bars[d.splits.index(best)]
        ring = Circle(radius=0.24, color=t.correct, stroke_width=5).move_to(dot)
        # the note above the bar and the curve through its top (on the bars it would not read),
        # joined to the ring by a line up the bar
        note = self.label("lowest loss", t.correct).next_to(bar, UP, buff=0.2)
        note.shift(RIGHT * max(0.0, self.axes.get_left()[0] - note.get_left()[0]))
        note.shift(LEFT * max(0.0, note.get_right()[0] - self.axes.get_right()[0]))
        link = Line(ring.get_top(), [ring.get_center()[0], note.get_bottom()[1] - 0.05, 0],
                    stroke_color=t.correct, stroke_width=3)  # fmt: skip
        most = "also" if best.folding == max(s.folding for s in d.splits) else "not"
        self.play(
            self.start(
                "lowest_loss",
                f"The lowest loss is {most} where the most pieces are",
                f"The lowest loss: width {best.width} \u00d7 depth {best.depth} "
                f"({best.loss:.{LOSS_DIGITS}f}), {most} the split with the most folding pieces.",
            ),
            Create(ring),
            Create(link),
            FadeIn(note),
            run_time=0.8,
        )
        self.wait(2.5)

    # -- beat 5: why wide layers win in practice ---------------------------------
    def why_wide(self) -> None:
        self.play(self.start(
            "gpu", "In practice wide layers win: a GPU runs a layer at once",
            "In practice wide layers win. A GPU computes the neurons of one layer in parallel, "
            "but its layers one after another: depth costs time, width hardly any.",
        ), run_time=0.6)  # fmt: skip
        self.wait(2.5)
        self.play(self.start(
            "generalise", "What matters is generalising, not counting pieces",
            "And what matters is generalising to new data, not how many pieces a network "
            "could make: trained networks use only a few of them.",
        ), run_time=0.6)  # fmt: skip
        self.wait(2.5)


def superscript(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def best_split_text(splits: list[Split], budget: int, peak_n: float) -> str:
    """The caption naming the split with the most folding pieces (ties named as ties).

    n^(1/n) is largest at n = e, so among whole widths 3 wins when it divides the
    budget; when it does not, 2 wins (tied with 4, since 4^(N/4) = 2^(N/2)).
    """
    best = max(s.folding for s in splits)
    winners = [s.width for s in splits if s.folding == best]
    names = " and ".join(f"n = {n}" for n in winners)
    head = f"Most pieces: {names}" + (" tie" if len(winners) > 1 else "") + f" ({best:,})"
    two = next((s for s in splits if s.width == 2), None)
    if 2 not in winners and two is not None:
        head += f", not n = 2 ({two.folding:,})"
    tail = f"the curve peaks at n = e ≈ {peak_n:.2f}"
    if 2 in winners:
        tail += f", and 3 does not divide {budget}"
    return f"{head}: {tail}"
