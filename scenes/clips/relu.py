"""Clips 2 and 3: one ReLU neuron is a bent line; a sum of them fits a curve.

Render: ``python -m scenes render ReluNeuron`` (try ``--set w=-0.5 --set b=1``)
and ``python -m scenes render SumOfRelus`` (try ``--set neurons=3`` or
``--set learning_rate=0.02 --set steps=3000``); plain Manim:
``manim -ql scenes/clips/relu.py ReluNeuron``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    UP,
    Create,
    Dot,
    FadeIn,
    LaggedStart,
    Line,
    MathTex,
    ReplacementTransform,
    Triangle,
    UpdateFromAlphaFunc,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
    smooth,
)

from nnmath import (
    Network,
    TrainingDiverged,
    Trajectory,
    breakpoints,
    gradient_descent,
    pieces,
    sample_curve_data,
)
from scenes.core.cache import cached_trajectory
from scenes.core.layout import MAIN_LEFT, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources
from scenes.widgets.formulas import formula
from scenes.widgets.plots import LossCurve, clip_polyline, make_axes, set_clipped_polyline
from scenes.widgets.text import Captions, Readout, legend, title

X_LO, X_HI = -4.0, 4.0  # ReluNeuron's plot
Y_LO, Y_HI = -3.0, 3.0
#: Room the tick numbers take beside the plot box (left of the y axis, under the x axis).
TICK_ROOM_X, TICK_ROOM_Y = 0.7, 0.5
DASH, GAP = 0.16, 0.1  # the pre-activation's dashes, screen units
NAMES = ("w", "b", "c")


# -- shared by both clips -------------------------------------------------------
def show_value(readout: Readout, value: float, decimals: int = 2) -> None:
    """Show ``value`` as the readout rounds it (its points change only when the text does)."""
    value = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0: never "-0.00"
    if value != readout.value:
        readout.set_value(value)


def neuron_network(w: float, b: float, c: float) -> Network:
    """``x -> c * relu(w x + b)`` as a [1, 1, 1] network (output bias 0)."""
    return Network([1, 1, 1], seed=0).set_params([w, b, c, 0.0])


def single_term(net: Network, j: int) -> Network:
    """Neuron ``j``'s own term ``c_j relu(w_j x + b_j)`` of a [1, n, 1] network.

    Silencing every other neuron's output weight (and the output bias) leaves
    exactly that term, so nnmath draws it with the same exact knots.
    """
    term = net.copy()
    keep = np.zeros_like(term.weights[1])
    keep[0, j] = 1.0
    term.weights[1] = term.weights[1] * keep
    term.biases[1] = np.zeros_like(term.biases[1])
    return term


def plot_axes(theme, x_range, y_range):
    """Axes filling the main region left of the side panel (tick numbers included)."""
    axes = make_axes(
        theme,
        x_range,
        y_range,
        x_length=MAIN_LEFT.width - TICK_ROOM_X,
        y_length=MAIN_LEFT.height - TICK_ROOM_Y,
    )
    return MAIN_LEFT.fit(axes, grow=False)


def set_dashes(path: VMobject, a: np.ndarray, b: np.ndarray) -> VMobject:
    """``path`` becomes a dashed straight line from ``a`` to ``b`` (screen points), one outline.

    Each dash is one straight cubic; cheap enough to redraw every frame.
    """
    length = float(np.linalg.norm(b - a))
    count = int((length + GAP) // (DASH + GAP))
    if count < 1:
        path.clear_points()
        return path
    u = (b - a) / length
    starts = a + np.outer(np.arange(count) * (DASH + GAP), u)
    thirds = np.linspace(0.0, DASH, 4)[None, :, None] * u[None, None, :]
    path.set_points((starts[:, None, :] + thirds).reshape(-1, 3))
    return path


def f2(value: float) -> str:
    """A value to 2 decimals as the readouts show it (never ``-0.00``), with a true minus."""
    text = f"{round(value, 2) + 0.0:.2f}"
    return text.replace("-", "\u2212")


# -- clip 2: one neuron -------------------------------------------------------------
@dataclass(frozen=True)
class Move:
    """One beat of ReluNeuron: move (w, b, c) through ``path`` (each a target)."""

    section: str
    headline: str
    narration: str
    path: tuple[tuple[float, float, float], ...]

    def changed(self, start: tuple[float, float, float]) -> list[str]:
        """The parameters this move changes: highlighted while it plays."""
        return [n for k, n in enumerate(NAMES) if any(p[k] != start[k] for p in self.path)]


class ReluNeuron(Captions, ClipScene):
    """``c * max(0, w x + b)``: the bend at ``x = -b/w`` and what w, b and c do to it."""

    SUMMARY = "one ReLU neuron c*max(0, wx+b): b slides the bend, w tilts and flips, c scales"
    PARAMS = (
        Param("w", float, 1.0, "starting weight w (|w| >= 0.25)", lo=-3.0, hi=3.0),
        Param("b", float, -1.0, "starting bias b (the bend -b/w within +-2)", lo=-3.0, hi=3.0),
        Param("c", float, 1.0, "starting output weight c (|c| >= 0.25)", lo=-3.0, hi=3.0),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> list[Move]:
        if abs(p.w) < 0.25:
            raise ParamError(f"w={p.w:g} is too close to 0 to show a bend; use |w| >= 0.25")
        if abs(p.c) < 0.25:
            raise ParamError(f"c={p.c:g} flattens the neuron to nothing; use |c| >= 0.25")
        bend = breakpoints(neuron_network(p.w, p.b, p.c), X_LO, X_HI)
        if len(bend) != 1 or abs(bend[0]) > 2.0:
            raise ParamError(
                f"w={p.w:g}, b={p.b:g} put the bend at x = -b/w = {-p.b / p.w:.2f}; "
                "choose b and w with -2 <= -b/w <= 2 so it stays in the plot while it moves"
            )
        w, b, c = p.w, p.b, p.c
        s = -b / w
        # The slide moves the bend by +-1.5 whatever w is (b shifts it by -db/w).
        return [
            Move(
                "slide_bias",
                "b slides the bend along the x axis",
                f"Changing b slides the bend: b = {f2(b - 1.5 * w)} puts it at "
                f"x = {f2(s + 1.5)}, b = {f2(b + 1.5 * w)} at x = {f2(s - 1.5)}. "
                "It always sits where w x + b = 0, at x = −b/w.",
                ((w, b - 1.5 * w, c), (w, b + 1.5 * w, c), (w, b, c)),
            ),
            Move(
                "tilt_weight",
                "w tilts the ramp, and the bend moves with it",
                f"Changing w tilts the ramp: w = {f2(2 * w)} makes it twice as steep, "
                f"w = {f2(0.6 * w)} flatter. The bend at −b/w moves with it, to "
                f"x = {f2(s / 2)} and x = {f2(s / 0.6)}.",
                ((2 * w, b, c), (0.6 * w, b, c), (w, b, c)),
            ),
            Move(
                "flip_weight",
                "Flip w and b: same bend, the ramp faces the other way",
                f"Flipping the signs of w and b (w = {f2(-w)}, b = {f2(-b)}) keeps the bend "
                f"at x = {f2(s)}, but the ramp now rises on the other side.",
                ((-w, -b, c),),
            ),
            Move(
                "flip_output_weight",
                "c scales the output; a negative c flips it",
                f"The output weight c scales the ramp: c = {f2(2 * c)} doubles its height, "
                f"c = {f2(-c)} turns it upside down. The bend stays at x = {f2(s)}.",
                ((-w, -b, 2 * c), (-w, -b, -c)),
            ),
        ]

    def construct(self) -> None:
        self.show_line()
        self.show_neuron()
        for move in self.data:
            self.play_move(move)
        self.conclude()

    def show_line(self) -> None:
        t, p = self.theme, self.p
        heading = title("One neuron: a bent line", t)
        self.axes = plot_axes(t, [X_LO, X_HI, 1], [Y_LO, Y_HI, 1])
        self.w, self.b, self.c = ValueTracker(p.w), ValueTracker(p.b), ValueTracker(p.c)

        # The formula's w, b and c are parts of their own, to light up with their readouts.
        parts = ("y =", "c", r"\cdot \max(0,\,", "w", r"\,x +", "b", ")")
        self.formula = formula(MathTex(*parts, font_size=Size.TITLE, color=t.text))
        self.symbols = dict(zip(NAMES, (self.formula[3], self.formula[5], self.formula[1])))
        self.readouts = VGroup(
            *[
                Readout(f"{name} =", tracker.get_value(), t, decimals=2)
                for name, tracker in zip(NAMES, (self.w, self.b, self.c))
            ]
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        for readout in self.readouts:  # "c =" has no tall letter: sit it on the digits' baseline
            readout.text.align_to(readout.number, DOWN)
        self.bend_readout = Readout("bend at x =", 0.0, t, decimals=2)
        key = legend([(t.muted, "w x + b", "dashed"), (t.model, "neuron output")], t)
        SIDE.stack([self.formula, self.readouts, self.bend_readout, key], buff=0.5)

        # Pre-activation w x + b (dashed): the line the ReLU cuts at zero. It stays,
        # and follows w and b.
        self.pre = VMobject(stroke_color=t.muted, stroke_width=3).set_z_index(1)
        self.curve = VMobject(stroke_color=t.model, stroke_width=5).set_z_index(2)
        self.marker = VGroup(
            Line(UP * 0.18, DOWN * 0.18, stroke_color=t.highlight, stroke_width=4),
            Dot(radius=0.08, color=t.highlight),
        ).set_z_index(3)
        # Everything that follows the trackers, in one group with one updater, so
        # Manim redraws all of it each frame (it caches mobjects it thinks static).
        # The readouts' labels stay out of it: they never change.
        self.live = VGroup(
            self.pre, self.curve, self.marker,
            *[r.number for r in self.readouts], self.bend_readout.number,
        )  # fmt: skip
        self.update_neuron(self.live)
        drop_svg_sources(heading, self.axes, self.formula, self.readouts, self.bend_readout, key)
        self.key = key

        self.add(heading)  # from the first frame: no empty poster frame
        self.play(
            self.start_beat(
                "line",
                "Start from a straight line, w x + b",
                f"A neuron starts from a straight line, w x + b, here with w = {f2(p.w)} "
                f"and b = {f2(p.b)}: the dashed line.",
            ),
            FadeIn(self.axes),
            FadeIn(self.formula),
        )
        # The line's own numbers, w and b, come with it; c with the neuron.
        self.play(Create(self.pre), FadeIn(key[0]), FadeIn(self.readouts[:2]), run_time=1.5)

    def show_neuron(self) -> None:
        p = self.p
        self.play(
            self.start_beat(
                "neuron",
                "ReLU keeps the positive part: one bend",
                "max(0, ·) keeps the line where it is positive and is 0 elsewhere. That "
                f"makes one bend, where w x + b = 0, at x = −b/w = {f2(-p.b / p.w)}; "
                f"then c = {f2(p.c)} scales the result.",
            ),
            Create(self.curve),
            FadeIn(self.marker),
            FadeIn(self.readouts[2]),
            FadeIn(self.bend_readout),
            FadeIn(self.key[1]),
        )
        self.add(self.live)  # its updater runs only while it is in the scene
        self.wait(1.5)
        self.record("neuron")

    def set_highlight(self, names: list[str]) -> list:
        """Animations colouring the parameters in ``names`` (formula and readout) as "look here"."""
        t = self.theme
        anims = []
        for name, readout in zip(NAMES, self.readouts):
            colour = t.highlight if name in names else t.text
            # The number is in self.live: animating it would split that group in the
            # scene (and stop its updater), so it changes colour at once.
            readout.number.set_color(colour)
            anims += [readout.text.animate.set_color(colour),
                      self.symbols[name].animate.set_color(colour)]  # fmt: skip
        return anims

    def play_move(self, move: Move) -> None:
        start = tuple(tracker.get_value() for tracker in (self.w, self.b, self.c))
        self.play(
            self.start_beat(move.section, move.headline, move.narration),
            *self.set_highlight(move.changed(start)),
            run_time=0.8,
        )
        for k, (w, b, c) in enumerate(move.path):
            # The updater follows the trackers only while they move: a caption
            # swap or a wait then redraws nothing of the graph.
            self.live.add_updater(self.update_neuron)
            self.play(
                self.w.animate.set_value(w),
                self.b.animate.set_value(b),
                self.c.animate.set_value(c),
                run_time=2.0,
                rate_func=smooth,
            )
            self.live.clear_updaters()
            self.record(f"{move.section} {k + 1}/{len(move.path)}")
        self.wait(0.6)

    def conclude(self) -> None:
        self.play(
            self.start_beat(
                "summary",
                "One neuron, one bend: b moves it, w tilts, c scales",
                "One neuron is one bent line: b slides the bend, w tilts the ramp and "
                "flips its direction, and c scales it or turns it upside down.",
            ),
            *self.set_highlight([]),
        )
        self.wait(2.0)

    def update_neuron(self, _live: VGroup) -> None:
        """Redraw the graph, the dashed line, the bend marker and the readouts from the trackers."""
        w, b, c = (tracker.get_value() for tracker in (self.w, self.b, self.c))
        net = neuron_network(w, b, c)
        xs, ys = pieces(net, X_LO, X_HI)
        set_clipped_polyline(self.curve, self.axes, xs, ys, Y_LO, Y_HI)
        runs = clip_polyline([X_LO, X_HI], [w * X_LO + b, w * X_HI + b], Y_LO, Y_HI)
        if runs:  # a straight line: one run at most
            (x0, x1), (y0, y1) = runs[0]
            set_dashes(self.pre, self.axes.c2p(x0, y0), self.axes.c2p(x1, y1))
        else:
            self.pre.clear_points()
        for readout, value in zip(self.readouts, (w, b, c)):
            show_value(readout, value)
        bend = breakpoints(net, X_LO, X_HI)
        # No bend in view (w or c passing through 0): hide the marker, keep the last value.
        self.marker.set_opacity(1.0 if len(bend) else 0.0)
        if len(bend):
            self.marker.move_to(self.axes.c2p(bend[0], 0.0))
            show_value(self.bend_readout, bend[0])
            self.bend_value = float(bend[0])

    def record(self, beat: str) -> None:
        self.shown.setdefault("beats", []).append(
            {
                "beat": beat,
                "w": self.w.get_value(),
                "b": self.b.get_value(),
                "c": self.c.get_value(),
                "bend": self.bend_value,
                "bend_text": f"{self.bend_readout.value:.2f}",
                "values_text": [f"{r.value:.2f}" for r in self.readouts],
            }
        )


# -- clip 3: a sum of neurons fits a curve ---------------------------------------------
SUM_X_LO, SUM_X_HI = -3.0, 3.0  # the data's x range (sample_curve_data)
SUM_Y_LO, SUM_Y_HI = -3.0, 3.0
TRAIN_FRAMES = 90  # recorded steps played (about 6 s at 15 fps)
#: The replay: the recorded steps until the curve has settled take TRAIN_SECONDS, what
#: is left (the curve no longer moves) passes in SETTLED_SECONDS.
TRAIN_SECONDS, SETTLED_SECONDS = 6.5, 0.5
SETTLED = 0.99  # share of the curve's total travel after which it counts as settled
TERM_OPACITY = 0.45  # the neurons' own bent lines, faint under the sum
LOSS_HEIGHT = 1.6  # the side panel's loss plot, screen units (under the key)


@dataclass(frozen=True)
class SumData:
    x: np.ndarray
    y: np.ndarray
    run: Trajectory
    knots: list[tuple[np.ndarray, np.ndarray]]  # exact graph of each recorded network
    bends: list[np.ndarray]  # breakpoints of each recorded network in the plot
    terms: list[tuple[np.ndarray, np.ndarray]]  # each neuron's own term at the start
    term_frames: list[list[tuple[np.ndarray, np.ndarray]]]  # each neuron's term at each step
    settled: int  # first recorded index from which the curve barely moves


def settled_index(knots: list[tuple[np.ndarray, np.ndarray]]) -> int:
    """The first recorded index after which the curve travels less than 1% of its total path."""
    grid = np.linspace(SUM_X_LO, SUM_X_HI, 121)
    ys = np.array([np.interp(grid, xs, ys) for xs, ys in knots])
    travel = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(ys, axis=0), axis=1))])
    if travel[-1] == 0.0:
        return len(knots) - 1
    return max(1, int(np.searchsorted(travel, SETTLED * travel[-1])))


class SumOfRelus(Captions, ClipScene):
    """``n`` bent lines summed make a piecewise-linear curve; gradient descent fits it."""

    SUMMARY = "n ReLU neurons summed: a piecewise-linear curve, trained to fit wiggly data"
    PARAMS = (
        Param("neurons", int, 6, "number of ReLU neurons n (network 1-n-1)", lo=1, hi=16),
        Param("learning_rate", float, 0.05, "gradient-descent step size", lo=1e-4, hi=1000.0),
        Param("steps", int, 1000, "number of gradient steps", lo=10, hi=20000),
        Param("seed", int, 0, "seed of the starting weights and the data", lo=0, hi=10**6),
        Param("n_points", int, 40, "number of data points", lo=5, hi=200),
        Param("noise", float, 0.1, "std. dev. of the noise on the data", lo=0.0, hi=1.0),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> SumData:
        x, y = sample_curve_data(p.n_points, p.noise, p.seed)
        start = Network([1, p.neurons, 1], seed=p.seed)
        record_every = max(1, p.steps // TRAIN_FRAMES)

        def train() -> Trajectory:
            return gradient_descent(start, x, y, p.learning_rate, p.steps, record_every)

        try:
            key = {**p.computed(), "record_every": record_every}
            run = cached_trajectory("sum_of_relus", key, train)
        except TrainingDiverged:
            raise ParamError(
                f"learning_rate={p.learning_rate:g} makes gradient descent diverge "
                f"with {p.neurons} neurons; try 0.01 to 0.1"
            ) from None
        nets = [run.network_at(i) for i in range(len(run))]
        term_frames = [
            [pieces(single_term(net, j), SUM_X_LO, SUM_X_HI) for j in range(p.neurons)]
            for net in nets
        ]
        knots = [pieces(net, SUM_X_LO, SUM_X_HI) for net in nets]
        return SumData(
            x=x,
            y=y,
            run=run,
            knots=knots,
            bends=[breakpoints(net, SUM_X_LO, SUM_X_HI) for net in nets],
            terms=term_frames[0],
            term_frames=term_frames,
            settled=settled_index(knots),
        )

    def construct(self) -> None:
        self.show_neurons()
        self.sum_neurons()
        self.show_data()
        self.train()
        self.conclude()

    def show_neurons(self) -> None:
        t, d, n = self.theme, self.data, self.p.neurons
        heading = title("A sum of bent lines", t)
        self.axes = plot_axes(t, [SUM_X_LO, SUM_X_HI, 1], [SUM_Y_LO, SUM_Y_HI, 1])
        self.terms = VGroup()
        for xs, ys in d.terms:
            term = VMobject(stroke_color=t.muted, stroke_width=3)
            self.terms.add(set_clipped_polyline(term, self.axes, xs, ys, SUM_Y_LO, SUM_Y_HI))
        # Each bend marked on the x axis (a triangle pointing down at it, above the
        # tick numbers): first the neurons' own, then the sum's, which are the same.
        self.marks = VGroup(
            *[
                Triangle(fill_color=t.highlight, fill_opacity=1.0, stroke_width=0)
                .rotate(PI)
                .scale(0.11)
                .set_z_index(3)
                for _ in range(n)
            ]
        )
        self.kinks = VGroup(
            *[Dot(radius=0.075, color=t.highlight).set_z_index(3) for _ in range(n)]
        )
        self.curve = VMobject(stroke_color=t.model, stroke_width=5).set_z_index(2)
        self.show_frame(0)
        # The side panel's key: each item appears with what it names.
        self.key = legend(
            [(t.muted, "one neuron"), (t.model, "their sum"), (t.highlight, "bend", "dot")], t
        )
        SIDE.stack([self.key])
        drop_svg_sources(heading, self.axes, self.key)
        self.add(heading)  # from the first frame: no empty poster frame
        neurons = f"{n} neurons" if n > 1 else "1 neuron"
        self.play(
            self.start_beat(
                "neurons",
                "Each neuron is a bent line with its own bend",
                f"{neurons}, each a bent line c·max(0, w x + b) with random starting "
                "weights: each bends at its own x, where w x + b = 0.",
            ),
            FadeIn(self.axes),
            FadeIn(self.key[0]),
        )
        self.play(LaggedStart(*[Create(term) for term in self.terms], lag_ratio=0.3), run_time=2)
        self.play(FadeIn(self.marks, shift=DOWN * 0.2))
        self.shown["term_knots"] = d.terms
        self.wait(0.6)

    def sum_neurons(self) -> None:
        d = self.data
        count = len(d.bends[0])
        self.play(
            self.start_beat(
                "sum",
                "Add them up: one curve, straight between bends",
                "Adding the bent lines, plus a constant, gives one curve: straight between "
                f"bends, and bent wherever one of the neurons bends ({count} bends in view, "
                "marked by triangles on the x axis and dots on the curve).",
            ),
            ReplacementTransform(self.terms.copy(), self.curve),
            self.terms.animate.set_stroke(width=2, opacity=TERM_OPACITY),
            FadeIn(self.key[1]),
            run_time=1.5,
        )
        self.play(FadeIn(self.kinks), FadeIn(self.key[2]))
        self.wait(1.5)

    def show_data(self) -> None:
        t, d = self.theme, self.data
        dots = VGroup(
            *[Dot(self.axes.c2p(xi, yi), radius=0.06, color=t.data) for xi, yi in zip(d.x, d.y)]
        ).set_z_index(1)
        self.play(
            self.start_beat(
                "data",
                "Data to fit: a wiggly curve plus noise",
                f"The data: {len(d.x)} points from the curve sin(1.5 x) + 0.3 x, "
                f"with noise of standard deviation {self.p.noise:g}.",
            ),
            LaggedStart(*[FadeIn(dot, scale=0.5) for dot in dots], lag_ratio=0.02),
        )
        self.wait(1.5)

    def train(self) -> None:
        t, d, p = self.theme, self.data, self.p
        run = d.run
        self.loss_curve = LossCurve(
            t, run.steps, run.loss, width=SIDE.width - 0.4, height=LOSS_HEIGHT,
            label="loss (log scale)", log=True, color=t.model,
        )  # fmt: skip
        # Manim draws the step axis where log10(loss) = 0, i.e. mid-plot; move it
        # to the bottom (moving an axis line vertically leaves c2p unchanged).
        axes = self.loss_curve.axes
        axes.x_axis.shift(axes.c2p(0, self.loss_curve.y_lo) - axes.x_axis.n2p(0))
        self.step_readout = Readout("step", 0, t, decimals=0, color=t.muted)
        self.loss_readout = Readout("loss", run.loss[0], t, decimals=4)
        self.bend_readout = Readout("bends in view", len(d.bends[0]), t, decimals=0)
        readouts = VGroup(self.step_readout, self.loss_readout, self.bend_readout)
        readouts.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        SIDE.stack([self.key, self.loss_curve, readouts], buff=0.45)
        drop_svg_sources(self.loss_curve, readouts)
        self.play(
            self.start_beat(
                "train",
                "Training moves the bends to where the data bends",
                f"Gradient descent, with exact gradients, nudges every w, b and c for "
                f"{p.steps} steps: the faint bent lines move, their bends with them, and the "
                f"loss falls from {run.loss[0]:.3f} to {run.loss[-1]:.4f}.",
            ),
            FadeIn(self.loss_curve),
            FadeIn(readouts),
        )
        last = len(run) - 1
        share = TRAIN_SECONDS / (TRAIN_SECONDS + SETTLED_SECONDS)

        def play_run(_group: VGroup, alpha: float) -> None:
            # the moving part at an even pace; the settled rest in half a second
            self.show_frame(round(float(np.interp(alpha, [0.0, share, 1.0], [0, d.settled, last]))))

        # Only what changes each frame: axes and labels are painted once.
        group = VGroup(
            self.curve,
            self.terms,
            self.marks,
            self.kinks,
            self.loss_curve.curve,
            *[readout.number for readout in readouts],
        )
        self.play(
            UpdateFromAlphaFunc(group, play_run),
            run_time=TRAIN_SECONDS + SETTLED_SECONDS,
            rate_func=linear,
        )
        self.show_frame(last)

    def conclude(self) -> None:
        d, n = self.data, self.p.neurons
        count = len(d.bends[-1])
        self.beat(
            "fit",
            f"{n} neurons, {count} bends: a piecewise-linear fit",
            f"{n} neurons give {count} bends in view: a curve that is straight between its "
            f"bends, fitted to the data with a loss of {d.run.loss[-1]:.4f}.",
        )
        self.shown["final_knots"] = d.knots[-1]
        self.shown["final_curve_points"] = self.curve_points()
        self.shown["final_bends"] = self.mark_positions()
        self.shown["loss_curve"] = self.loss_curve.losses.copy()
        self.shown["final_loss"] = f"{self.loss_readout.value:.4f}"
        self.shown["final_bend_count"] = round(self.bend_readout.value)
        self.wait(2.5)

    # -- drawing --------------------------------------------------------------------
    def show_frame(self, i: int) -> None:
        """Show recorded step ``i``: the network's exact graph, its bends, its neurons' own
        bent lines, the loss so far."""
        d = self.data
        xs, ys = d.knots[i]
        set_clipped_polyline(self.curve, self.axes, xs, ys, SUM_Y_LO, SUM_Y_HI)
        for term, (txs, tys) in zip(self.terms, d.term_frames[i]):
            set_clipped_polyline(term, self.axes, txs, tys, SUM_Y_LO, SUM_Y_HI)
        bends = d.bends[i]
        # pieces() returns lo, the bends, hi: the interior knots are the kinks.
        kink_y = ys[1:-1]
        for k, (mark, kink) in enumerate(zip(self.marks, self.kinks)):
            if k < len(bends):
                mark.set_opacity(1.0).move_to(self.axes.c2p(bends[k], 0), aligned_edge=DOWN)
                mark.shift(UP * 0.04)
                visible = SUM_Y_LO <= kink_y[k] <= SUM_Y_HI
                kink.set_opacity(1.0 if visible else 0.0)
                kink.move_to(self.axes.c2p(bends[k], np.clip(kink_y[k], SUM_Y_LO, SUM_Y_HI)))
            else:
                mark.set_opacity(0.0)
                kink.set_opacity(0.0)
        self.shown_marks = bends
        if hasattr(self, "loss_curve"):
            self.loss_curve.show_upto(i)
            show_value(self.step_readout, d.run.steps[i], decimals=0)
            show_value(self.loss_readout, d.run.loss[i], decimals=4)
            show_value(self.bend_readout, len(bends), decimals=0)

    def curve_points(self) -> np.ndarray:
        """The drawn curve's corners, back in data coordinates."""
        anchors = self.curve.get_anchors()
        return np.array([self.axes.p2c(pt) for pt in anchors])

    def mark_positions(self) -> np.ndarray:
        visible = [m for m in self.marks if m.get_fill_opacity() > 0]
        return np.array([self.axes.p2c(m.get_bottom() + DOWN * 0.04)[0] for m in visible])
