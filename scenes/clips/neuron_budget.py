"""Clip 20, NeuronBudget: "if pieces grow as n^L, why would anyone use n > 2?"

A fixed budget of N neurons is split into equal layers, width n x depth
L = N / n, for every n >= 2 dividing N. For each split the folding network
(``nnmath.zigzag_network``) reaches exactly n^L pieces, counted by
``nnmath.count_segments``; over real n the formula n^(N/n) peaks at n = e,
so for N = 12 the best split is n = 3 (81 pieces), not n = 2 (64). Then
networks of the same shapes are trained on one wiggly target: their exact
piece counts stay near the neuron count, far below the deep splits' folding
counts, and a shape that does not train is said to. Two practical reasons wide
layers win are captioned as claims, not computed.

Render: ``python -m scenes render NeuronBudget --set budget=24`` (or
``manim -ql scenes/clips/neuron_budget.py NeuronBudget``).
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
    SurroundingRectangle,
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
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_outlines
from scenes.widgets.plots import clip_polyline, make_axes, screen_map
from scenes.widgets.text import Captions, fit_within, merged_text, title

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
    PLOT_LEFT, PLOT_CENTER_Y = -5.9, 0.3
    PLOT_SIZE = (5.3, 4.5)
    TABLE_LEFT = -0.1
    #: x offsets from TABLE_LEFT of the table's columns: width, depth, folding pieces,
    #: n^L, trained pieces, loss, fit.
    COLUMNS = (0.25, 1.2, 2.2, 3.2, 4.1, 5.0, 6.2)
    HEADER_Y = 2.6
    FIT_SIZE = (1.15, 0.4)

    def construct(self) -> None:
        self.shown["budget"] = self.p.budget
        self.shown["widths"] = [s.width for s in self.data.splits]
        self.shown["depths"] = [s.depth for s in self.data.splits]
        self.shown["captions"] = []
        self.show_budget()
        self.show_counts()
        self.show_peak()
        self.show_trained()
        self.why_wide()

    def caption_anim(self, text: str):
        self.shown["captions"].append(text)
        return self.new_caption(text, font_size=24)

    def say(self, text: str, wait: float = 1.5) -> None:
        self.play(self.caption_anim(text), run_time=0.6)
        self.wait(wait)

    # -- table ------------------------------------------------------------------
    def row_y(self, k: int) -> float:
        step = min(0.5, 3.9 / len(self.data.splits))
        return self.HEADER_Y - 0.7 - k * step

    def cell(self, mob: VMobject, column: int, k: int | None) -> VMobject:
        y = self.HEADER_Y if k is None else self.row_y(k)
        return mob.move_to([self.TABLE_LEFT + self.COLUMNS[column], y, 0])

    def header(self, columns: list[int], texts: list[str], colors: list[str]) -> VGroup:
        """Two-line column headers (shown-only: one outline each)."""
        cells = VGroup()
        for column, text, color in zip(columns, texts, colors):
            mob = merged_text(text, color, 20, line_spacing=0.8)
            fit_within(mob, 1.2)
            cells.add(self.cell(mob, column, None))
        return cells

    def number_cell(self, text: str, color: str, column: int, k: int, size: float = 24) -> VMobject:
        return self.cell(merged_text(text, color, size), column, k)

    def tex(self, tex: str) -> VMobject:
        return merge_outlines(MathTex(tex, font_size=32, color=self.theme.muted))

    # -- beat 1: the budget -----------------------------------------------------
    def show_budget(self) -> None:
        self.next_section("budget")
        t, d, budget = self.theme, self.data, self.p.budget
        heading = title(f"A budget of {budget} neurons: wide or deep?", t)
        head = self.header([0, 1], ["width\nn", "depth\nL"], [t.text, t.text])
        y = self.HEADER_Y - 0.42
        rule = Line([self.TABLE_LEFT, y, 0], [self.TABLE_LEFT + self.COLUMNS[-1] + 0.6, y, 0])
        rule.set_stroke(t.axis, width=1.5)
        self.table = VGroup(head, rule)
        self.grid = self.network_shape(d.splits[0])
        self.grid_label = self.shape_label(d.splits[0])
        drop_svg_sources(heading, self.table)
        self.play(FadeIn(heading), FadeIn(self.table), run_time=0.8)
        self.play(
            FadeIn(self.grid),
            FadeIn(self.grid_label),
            self.caption_anim(
                f"Split {budget} neurons into equal layers: width n times depth L = {budget}"
            ),
            run_time=0.8,
        )
        self.wait(0.6)
        # cells of each row, by column (a list: a group on screen that gains animated cells
        # would make everything drawn after it be re-checked every frame)
        self.rows: list[list[VMobject]] = []
        # The shapes morph on top: what is drawn after a moving mobject is re-checked per frame.
        self.bring_to_front(self.grid, self.grid_label)
        for k, split in enumerate(d.splits):
            self.rows.append(
                [
                    self.number_cell(str(split.width), t.text, 0, k),
                    self.number_cell(str(split.depth), t.text, 1, k),
                ]
            )
            row = VGroup(*self.rows[-1])
            if k == 0:
                self.play(FadeIn(row, shift=0.1 * DOWN), run_time=0.4)
                continue
            label = self.shape_label(split)
            self.play(
                Transform(self.grid, self.network_shape(split)),
                FadeOut(self.grid_label),
                FadeIn(label),
                FadeIn(row, shift=0.1 * DOWN),
                run_time=0.9,
            )
            self.grid_label = label
        self.shown["table_widths"] = [int(r[0].text) for r in self.rows]
        self.shown["table_depths"] = [int(r[1].text) for r in self.rows]
        self.say(f"Every width n ≥ 2 that divides {budget}: {len(d.splits)} splits", 1.0)

    def network_shape(self, split: Split) -> VGroup:
        """The split drawn as a network: input, ``depth`` columns of ``width`` neurons, output."""
        t = self.theme
        cx, cy = self.PLOT_LEFT + self.PLOT_SIZE[0] / 2, self.PLOT_CENTER_Y + 0.25
        n, depth = split.width, split.depth
        spacing = min(0.6, 4.6 / (depth + 1), 3.8 / max(n - 1, 1))
        radius = min(0.12, 0.3 * spacing)
        xs = cx + (np.arange(depth + 2) - (depth + 1) / 2) * spacing
        layers = [np.array([[xs[0], cy, 0.0]])]
        for j in range(depth):
            ys = cy + (np.arange(n) - (n - 1) / 2) * spacing
            layers.append(np.column_stack([np.full(n, xs[j + 1]), ys, np.zeros(n)]))
        layers.append(np.array([[xs[-1], cy, 0.0]]))
        edges = VMobject(stroke_color=t.axis, stroke_width=1.2, stroke_opacity=0.45)
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
        return VGroup(edges, neurons, ends)

    def shape_label(self, split: Split) -> VMobject:
        t = self.theme
        label = merged_text(
            f"width {split.width} × depth {split.depth} = {self.p.budget} neurons", t.text, 26
        )
        label.move_to([self.PLOT_LEFT + self.PLOT_SIZE[0] / 2, -2.2, 0])
        drop_svg_sources(label)
        return label

    # -- beat 2: the folding counts ---------------------------------------------
    def show_counts(self) -> None:
        self.next_section("counts")
        t, d = self.theme, self.data
        self.build_plot()
        head = self.header([2], ["folding\npieces"], [t.model])
        power_head = self.cell(self.tex("n^L"), 3, None)
        drop_svg_sources(head, power_head)
        self.play(FadeOut(self.grid), FadeOut(self.grid_label), run_time=0.5)
        self.play(
            FadeIn(self.plot),
            FadeIn(head),
            FadeIn(power_head),
            self.caption_anim(
                "The folding network of each shape: every layer folds [0, 1] n times"
            ),
            run_time=0.8,
        )
        self.table.add(head, power_head)
        self.bars, steps = VGroup(), []
        for k, split in enumerate(d.splits):
            bar = self.bar(split.width, split.folding)
            folding = self.number_cell(f"{split.folding:,}", t.model, 2, k)
            power = self.cell(self.tex(f"{split.width}^{{{split.depth}}}"), 3, k)
            drop_svg_sources(folding, power)
            self.rows[k] += [folding, power]
            self.bars.add(bar)
            steps.append(AnimationGroup(GrowFromEdge(bar, DOWN), FadeIn(folding), FadeIn(power)))
        # one play for all bars (every play costs a partial movie file)
        self.play(LaggedStart(*steps, lag_ratio=0.5), run_time=0.3 * len(steps) + 0.3)
        self.shown["folding"] = [int(r[2].text.replace(",", "")) for r in self.rows]
        self.shown["power"] = [(s.width, s.depth) for s in d.splits]
        self.shown["bar_tops"] = [10 ** float(self.axes.p2c(bar.get_top())[1]) for bar in self.bars]
        self.say("Pieces counted exactly from the network's bends: n^L every time", 1.5)

    def build_plot(self) -> None:
        """Log-log axes: x = ln n (n from 1 to N), y = log10 pieces, decade ticks."""
        t, d, budget = self.theme, self.data, self.p.budget
        # Room above the highest mark (curve or trained count) for the peak's label.
        highest = max(d.curve_pieces.max(), max(s.trained for s in d.splits))
        top = int(np.ceil(np.log10(highest) + 0.6))
        self.x_hi = float(np.log(budget) + 0.2)
        size = {"x_length": self.PLOT_SIZE[0], "y_length": self.PLOT_SIZE[1], "numbers": False}
        self.axes = make_axes(t, [0, self.x_hi, self.x_hi], [0, top, 1], **size)
        self.axes.x_axis.remove(self.axes.x_axis.ticks)
        self.axes.move_to([self.PLOT_LEFT + self.PLOT_SIZE[0] / 2, self.PLOT_CENTER_Y, 0])
        y_labels = VGroup()
        for k in range(top + 1):
            label = merged_text(f"{10**k:,}" if k < 4 else f"10{superscript(k)}", t.muted, 20)
            y_labels.add(label.next_to(self.axes.c2p(0, k), LEFT, buff=0.15))
        widths = [s.width for s in d.splits]
        marks = VMobject(stroke_color=t.axis, stroke_width=2)
        for n in widths:
            base = self.axes.c2p(np.log(n), 0)
            marks.start_new_path(base + 0.08 * DOWN)
            marks.add_line_to(base + 0.08 * UP)
        x_labels = VGroup()
        for n in widths:
            label = merged_text(str(n), t.muted, 20)
            x_labels.add(label.next_to(self.axes.c2p(np.log(n), 0), DOWN, buff=0.16))
        x_name = merged_text("width n (log scale)", t.muted, 20)
        x_name.next_to(x_labels, DOWN, buff=0.12).align_to(self.axes, RIGHT)
        y_name = merged_text("pieces (log scale)", t.muted, 20)
        y_name.next_to(self.axes, UP, buff=0.12).align_to(y_labels, LEFT)
        self.plot = VGroup(self.axes, marks, y_labels, x_labels, x_name, y_name)
        drop_svg_sources(self.plot)
        self.shown["x_tick_labels"] = [int(m.text) for m in x_labels]
        # Bars a little narrower than the closest pair of neighbouring widths.
        gaps = np.diff(np.log(widths)) if len(widths) > 1 else np.array([1.0])
        unit = self.PLOT_SIZE[0] / self.x_hi
        self.bar_width = float(min(0.36, 0.55 * gaps.min() * unit))

    def point(self, n: float, count: float) -> np.ndarray:
        return self.axes.c2p(np.log(n), np.log10(count))

    def bar(self, n: int, count: int) -> Rectangle:
        base, top = self.axes.c2p(np.log(n), 0), self.point(n, count)
        bar = Rectangle(width=self.bar_width, height=max(top[1] - base[1], 1e-3))
        bar.set_stroke(self.theme.model, width=2).set_fill(self.theme.model, 0.45)
        return bar.move_to(base, aligned_edge=DOWN)

    # -- beat 3: the peak at e --------------------------------------------------
    def show_peak(self) -> None:
        self.next_section("peak")
        t, d, budget = self.theme, self.data, self.p.budget
        origin, ex, ey = screen_map(self.axes)
        pts = origin + np.outer(np.log(d.curve_n), ex) + np.outer(np.log10(d.curve_pieces), ey)
        curve = VMobject(stroke_color=t.compare, stroke_width=4).set_z_index(2)
        curve.set_points_as_corners(pts)
        peak_value = float(d.peak_n ** (budget / d.peak_n))
        peak = self.point(d.peak_n, peak_value)
        dot = Dot(peak, radius=0.07, color=t.compare).set_z_index(3)
        drop = DashedLine(
            self.axes.c2p(np.log(d.peak_n), 0), peak, stroke_color=t.compare,
            stroke_width=2, dash_length=0.08,
        )  # fmt: skip
        # A MathTex, not merged: its plate is then drawn before its glyphs, not over them.
        label = MathTex(
            rf"n^{{{budget}/n}}\ \text{{peaks at }} n = e \approx {d.peak_n:.2f}",
            font_size=30,
            color=t.compare,
        )
        label.next_to(peak, UP, buff=0.15)
        # inside the plot: clear of the y axis's tick labels
        label.set_x(max(label.get_x(), self.axes.get_left()[0] + 0.15 + label.width / 2))
        # and above the trained counts' dots still to come under it
        under = [
            self.point(s.width, s.trained)[1] + 0.25
            for s in d.splits
            if abs(self.point(s.width, 1)[0] - label.get_x()) < label.width / 2 + 0.1
        ]
        label.shift(UP * max(0.0, max(under, default=0.0) - label.get_bottom()[1]))
        label.add_background_rectangle(color=t.background, opacity=1.0, buff=0.05)
        label.set_z_index(4)
        drop_svg_sources(label)
        self.shown["peak_n"] = d.peak_n
        self.shown["peak_label"] = label.tex_string
        self.shown["curve"] = np.array([self.axes.p2c(p) for p in curve.get_anchors()])
        self.play(
            Create(curve),
            self.caption_anim(
                f"Over real n, a budget of {budget} gives n^({budget}/n) pieces: "
                "a smooth curve through every bar"
            ),
            run_time=1.5,
        )
        self.play(Create(drop), FadeIn(dot), FadeIn(label), run_time=0.8)
        self.wait(0.8)
        best = max(s.folding for s in d.splits)
        winners = [s for s in d.splits if s.folding == best]
        rows = [VGroup(*self.rows[d.splits.index(s)]) for s in winners]
        boxes = VGroup(*[SurroundingRectangle(r, color=t.compare, buff=0.07) for r in rows])
        self.shown["best_widths"] = [s.width for s in winners]
        self.play(
            FadeIn(boxes),
            *[self.bars[d.splits.index(s)].animate.set_fill(t.compare, 0.6) for s in winners],
            self.caption_anim(best_split_text(d.splits, budget, d.peak_n)),
            run_time=0.8,
        )
        self.highlights = boxes
        self.wait(2.0)

    # -- beat 4: trained networks -----------------------------------------------
    def show_trained(self) -> None:
        self.next_section("trained")
        t, d = self.theme, self.data
        head = self.header(
            [4, 5, 6], ["trained\npieces", "loss", "fit on\n[−3, 3]"], [t.highlight, t.text, t.muted]
        )
        lr, seed = self.p.learning_rate, self.p.seed
        text = f"all shapes: the same {len(d.x)} points on [−3, 3],\n"
        text += f"learning rate {lr:g}, starting weights seed {seed}"
        note = merged_text(text, t.muted, 20, line_spacing=0.8)
        note.next_to([self.TABLE_LEFT, self.row_y(len(d.splits) - 1) - 0.4, 0], DOWN, buff=0)
        note.align_to([self.TABLE_LEFT, 0, 0], LEFT)
        drop_svg_sources(head, note)
        self.table.add(head, note)
        self.play(
            FadeOut(self.highlights),
            FadeIn(head),
            FadeIn(note),
            self.caption_anim(
                f"Now train networks of the same shapes on one wiggly target "
                f"(gradient descent, {self.p.steps} steps each)"
            ),
            run_time=0.8,
        )
        self.wait(1.0)
        y_lo, y_hi = float(d.y.min()) - 0.4, float(d.y.max()) + 0.4
        self.trained_dots, steps = VGroup(), []
        for k, split in enumerate(d.splits):
            stuck = split.width in d.stuck
            count = self.number_cell(str(split.trained), t.muted if stuck else t.highlight, 4, k)
            loss = self.number_cell(f"{split.loss:.{LOSS_DIGITS}f}", t.text, 5, k)
            sketch = self.fit_sketch(split, k, y_lo, y_hi)
            dot = Dot(self.point(split.width, split.trained), radius=0.08, color=t.highlight)
            dot.set_stroke(t.background, width=2.5)  # stands out on a bar
            dot.set_z_index(5)
            self.rows[k] += [count, loss, sketch]
            self.trained_dots.add(dot)
            steps.append(AnimationGroup(*map(FadeIn, (count, loss, sketch, dot))))
        self.play(LaggedStart(*steps, lag_ratio=0.5), run_time=0.3 * len(steps) + 0.3)
        self.shown["trained"] = [int(r[4].text) for r in self.rows]
        self.shown["losses"] = [r[5].text for r in self.rows]
        self.shown["trained_dots"] = [
            10 ** float(self.axes.p2c(dot.get_center())[1]) for dot in self.trained_dots
        ]
        self.shown["fits"] = [s.fit for s in d.splits]
        counts = [s.trained for s in d.splits]
        self.say(
            f"Trained, they use {min(counts)} to {max(counts)} pieces on [−3, 3]; "
            f"folding reaches {max(s.folding for s in d.splits):,}",
            1.8,
        )
        self.shown["stuck"] = list(d.stuck)
        if d.stuck:
            names = " and ".join(f"{s.width} × {s.depth}" for s in d.splits if s.width in d.stuck)
            self.say(
                f"{names} did not train: no better than a constant (loss "
                f"{d.constant_loss:.{LOSS_DIGITS}f}); deep, narrow ReLU stacks can die",
                2.0,
            )
        best = min(d.splits, key=lambda s: s.loss)
        self.shown["lowest_loss_width"] = best.width
        k = d.splits.index(best)
        box = SurroundingRectangle(VGroup(*self.rows[k]), color=t.correct, buff=0.07)
        most = best.folding == max(s.folding for s in d.splits)
        self.play(
            FadeIn(box),
            self.caption_anim(
                f"Lowest loss: width {best.width} × depth {best.depth} "
                f"({best.loss:.{LOSS_DIGITS}f}), "
                + ("also" if most else "not")
                + " the split with the most folding pieces"
            ),
            run_time=0.8,
        )
        self.wait(2.0)

    def fit_sketch(self, split: Split, k: int, y_lo: float, y_hi: float) -> VGroup:
        """The target's points and the trained network's exact graph, in a small box."""
        t = self.theme
        w, h = self.FIT_SIZE
        cx, cy = self.TABLE_LEFT + self.COLUMNS[6], self.row_y(k)
        ex = np.array([w / (DATA_HI - DATA_LO), 0.0, 0.0])
        ey = np.array([0.0, h / (y_hi - y_lo), 0.0])
        origin = np.array([cx - w / 2, cy - h / 2, 0.0]) - DATA_LO * ex - y_lo * ey
        at = origin + np.outer(self.data.x, ex) + np.outer(self.data.y, ey)
        dots = merge_outlines(VGroup(*[Dot(q, radius=0.018, color=t.muted) for q in at]))
        curve = VMobject(stroke_color=t.highlight, stroke_width=2.5)
        for xs, ys in clip_polyline(*split.fit, y_lo, y_hi):
            pts = origin + np.outer(xs, ex) + np.outer(ys, ey)
            curve.start_new_path(pts[0])
            curve.add_points_as_corners(pts[1:])
        return VGroup(dots, curve)

    # -- beat 5: why wide layers win in practice ---------------------------------
    def why_wide(self) -> None:
        self.next_section("why_wide")
        self.say("In practice wide layers win: a GPU computes a layer's neurons in parallel, "
                 "not its layers", 2.0)  # fmt: skip
        self.say("and what matters is generalising to new data, not the count of pieces", 2.5)


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
