"""Clip 2, ReluNeuron: one ReLU neuron is a bent line that w, b and c move.

Render: ``python -m scenes render ReluNeuron`` (try ``--set w=-0.5 --set b=1``);
plain Manim: ``manim -ql scenes/clips/part1_curve_fitting/relu.py ReluNeuron``. Its sum,
clip 3, is in
``sum_of_relus.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Create,
    Dot,
    FadeIn,
    Line,
    MathTex,
    ValueTracker,
    VGroup,
    VMobject,
    smooth,
)

from nnmath import (
    Network,
    breakpoints,
    pieces,
)
from scenes.core.layout import MAIN_LEFT, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources
from scenes.widgets.formulas import formula
from scenes.widgets.plots import clip_polyline, make_axes, set_clipped_polyline
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
