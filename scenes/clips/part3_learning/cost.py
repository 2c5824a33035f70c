"""Part III clip 10: the cost of one example, then the cost.

Render (from the project root)::

    manim -ql scenes/clips/part3_learning/cost.py CostOfOneExample

or ``python -m scenes render CostOfOneExample --set example=7``.

The network is the trained digit network every digit clip shares
(``scenes.core.digit_model``); its ten outputs on one test image are compared with
the wanted one-hot vector. By default the image is the first test image the
network answers wrong (a right, confident answer costs about 0 everywhere and
shows nothing). Each gap between an output and its wanted value is drawn, then
its square as a bar on the same scale, then the squares end to end: their sum.
The arithmetic written beside the two biggest squares is exact for the numbers on
screen: each output is rounded to 2 decimals, and each square is the square of
that *shown* value, so ``(0.43 - 0)^2 = 0.1849`` holds digit for digit.
The cost at the end is ``Network.loss`` over the whole training set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    FadeIn,
    LaggedStart,
    Line,
    Rectangle,
    Transform,
    UpdateFromAlphaFunc,
    VGroup,
)

from nnmath.classifier import one_hot
from scenes.core.digit_model import DIGIT_PARAMS, checked_test_index, trained_digit_network
from scenes.core.layout import MAIN
from scenes.core.params import Param, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.fades import fade_in, fade_out
from scenes.render.outlines import drop_svg_sources, merge_outlines
from scenes.widgets.images import digit_image, framed
from scenes.widgets.network import OutputBars
from scenes.widgets.plots import Bars
from scenes.widgets.text import Captions, legend, merged_text, title, with_role

CHECK, CROSS = "\u2713", "\u2717"  # right and wrong answers carry a symbol, not only a colour

#: Outputs are shown with this many decimals; squares then need twice as many.
DECIMALS = 2


def shown_units(value: float, decimals: int = DECIMALS) -> int:
    """``value`` as displayed, in units of ``10**-decimals`` (0.43 -> 43).

    Uses the same formatting as the on-screen number, so the arithmetic
    below starts from exactly the digits the viewer reads.
    """
    return round(float(f"{value:.{decimals}f}") * 10**decimals)


def units_text(units: int, decimals: int) -> str:
    """An integer count of ``10**-decimals`` written as a decimal: (1849, 4) -> ``0.1849``."""
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(units), 10**decimals)
    return f"{sign}{whole}.{frac:0{decimals}d}"


@dataclass(frozen=True)
class SquaredErrors:
    """The displayed arithmetic of one example's cost, exact in integers.

    ``outputs[i]`` hundredths minus ``wanted[i]`` (0 or 1) is ``diff[i]``;
    its square ``squares[i]`` is in ten-thousandths, and ``total`` is their sum.
    """

    outputs: tuple[int, ...]  # shown outputs, in 10**-DECIMALS
    wanted: tuple[int, ...]  # 0 or 1
    squares: tuple[int, ...]  # in 10**-(2 * DECIMALS)
    total: int  # in 10**-(2 * DECIMALS)

    def lines(self) -> list[str]:
        """``(0.43 − 0)² = 0.1849`` per output, as written on screen."""
        return [
            f"({units_text(a, DECIMALS)} \u2212 {y})\u00b2 = {units_text(s, 2 * DECIMALS)}"
            for a, y, s in zip(self.outputs, self.wanted, self.squares)
        ]

    @property
    def total_text(self) -> str:
        return units_text(self.total, 2 * DECIMALS)

    def square_value(self, i: int) -> float:
        """Square ``i`` as the number written on screen (0.1849)."""
        return self.squares[i] / 10 ** (2 * DECIMALS)

    @property
    def total_value(self) -> float:
        return self.total / 10 ** (2 * DECIMALS)


def squared_errors(outputs: np.ndarray, label: int) -> SquaredErrors:
    """The on-screen arithmetic for outputs against the one-hot vector of ``label``."""
    shown = tuple(shown_units(a) for a in np.asarray(outputs, float).ravel())
    wanted = tuple(int(i == label) for i in range(len(shown)))
    scale = 10**DECIMALS
    squares = tuple((a - y * scale) ** 2 for a, y in zip(shown, wanted))
    return SquaredErrors(shown, wanted, squares, sum(squares))


def first_wrong(outputs: np.ndarray, labels: np.ndarray) -> int:
    """The first image whose largest output is not its label's; with no mistake at all,
    the image with the largest cost (the least sure right answer)."""
    outputs = np.asarray(outputs, float)
    labels = np.asarray(labels)
    wrong = np.flatnonzero(np.argmax(outputs, axis=1) != labels)
    if len(wrong):
        return int(wrong[0])
    return int(np.argmax(np.sum((outputs - one_hot(labels)) ** 2, axis=1)))


@dataclass(frozen=True)
class CostData:
    """What :class:`CostOfOneExample` shows, all computed by nnmath."""

    index: int  # the test image shown
    picked: bool  # True: chosen by the clip (the first mistake), not by the user
    image: np.ndarray  # 784 grey levels of the test image
    label: int
    outputs: np.ndarray  # the network's ten outputs (full precision)
    arithmetic: SquaredErrors
    example_cost: float  # Network.loss on this one example, unrounded
    cost: float  # Network.loss over the whole training set: "the cost"
    cost_before: float | None  # the same for the untrained network (None if epochs=0)
    n_train: int
    n_params: int

    @property
    def answer(self) -> int:
        return int(np.argmax(self.outputs))


class CostOfOneExample(Captions, ClipScene):
    """Ten outputs against the wanted answer, gaps squared and summed; averaged, the cost."""

    SUMMARY = "the cost of one example (squared gaps, summed) and the average: the cost"
    PARAMS = (
        *DIGIT_PARAMS,
        Param(
            "example",
            int,
            -1,
            "test image shown; -1: the first one the network answers wrong",
            lo=-1,
            hi=69_999,
        ),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> CostData:
        network, history, (train_x, train_y, test_x, test_y) = trained_digit_network(
            p.data, p.seed, p.epochs
        )
        if p.example < 0:
            index = first_wrong(network.forward(test_x), test_y)
        else:
            index = checked_test_index(p.example, test_y, p.data, name="example")
        image = np.asarray(test_x[index], float)
        label = int(test_y[index])
        outputs = network.forward(image[None, :])[0]
        targets = one_hot(train_y)
        before = None
        if len(history) > 1:
            before = history.network_at(0).loss(train_x, targets)
        return CostData(
            index=index,
            picked=p.example < 0,
            image=image,
            label=label,
            outputs=outputs,
            arithmetic=squared_errors(outputs, label),
            example_cost=network.loss(image[None, :], one_hot([label])),
            cost=network.loss(train_x, targets),
            cost_before=before,
            n_train=len(train_y),
            n_params=network.n_params,
        )

    # -- layout (scene units) ----------------------------------------------------
    TRACK = 2.5  # length of 1.0 on both columns of bars (outputs, squares)
    OUT_X = -3.0  # left end of the output bars
    SQUARE_X = 0.3  # left end of the squared gaps
    TOP_ROW_Y = 2.25
    BAR_HEIGHT = 0.3
    ROW_BUFF = 0.16
    SUM_Y = -2.72
    NOTCH = 0.19  # half the height of a wanted-value mark (rows are 0.46 apart)
    DIM = 0.35  # fill opacity of the output bars once the gaps are drawn over them

    def construct(self) -> None:
        self.show_outputs()
        self.show_wanted()
        self.square_gaps()
        self.add_up()
        self.average_over_training_set()

    # -- steps -------------------------------------------------------------
    def show_outputs(self) -> None:
        d, t = self.data, self.theme
        heading = title("The cost: one example, then the average", t)
        picture = framed(digit_image(d.image, height=3.0, theme=t), t)
        picture.move_to([MAIN.x0 + 1.5, MAIN.y1 - 1.5, 0])
        # text that is only shown and faded is drawn as one outline (merge_outlines)
        self.tag = merge_outlines(
            VGroup(
                merged_text(f"test image {d.index}", t.text, Size.READOUT),
                merged_text(f"a handwritten {d.label}", t.text, Size.READOUT),
            ).arrange(DOWN, buff=0.12)
        ).next_to(picture, DOWN, buff=0.25)
        self.picture = picture
        answer, top = d.answer, float(np.max(d.outputs))
        right = answer == d.label
        # its answer (the highlighted bar), marked right or wrong
        mark = CHECK if right else CROSS
        self.verdict = merged_text(
            f"it answers {answer} {mark}", t.text, Size.READOUT,
            t2c={mark: t.correct if right else t.wrong},
        ).next_to(self.tag, DOWN, buff=0.12)  # fmt: skip
        self.bars = OutputBars(
            np.zeros(10),
            t,
            bar_length=self.TRACK,
            bar_height=self.BAR_HEIGHT,
            row_buff=self.ROW_BUFF,
            show_numbers=False,
        )
        self.bars.shift(
            [self.OUT_X - self.bars.tracks[0].get_left()[0],
             self.TOP_ROW_Y - self.bars.tracks[0].get_y(), 0]
        )  # fmt: skip
        self.out_header = merged_text("output", t.text, Size.READOUT)
        self.out_header.move_to([self.OUT_X + self.TRACK / 2, MAIN.y1 - 0.22, 0])
        self.out_ticks = self.scale_ticks(self.OUT_X)
        self.key = self.make_key()
        drop_svg_sources(heading, self.tag, self.verdict, self.bars, self.out_header)
        verdict = "right" if right else "wrong"
        chosen = " (the first test image it gets wrong)" if d.picked and verdict == "wrong" else ""
        self.play(
            self.start_beat(
                "outputs",
                "Ten outputs, one per digit, for one handwritten digit",
                f"Test image {d.index}{chosen} is a handwritten {d.label}. The trained "
                f"network gives ten outputs, one per digit, each between 0 and 1. The largest, "
                f"{top:.2f}, is for {answer}: its answer is {answer}, which is {verdict}.",
            ),
            fade_in(heading),
            fade_in(picture),
            fade_in(self.tag),
            fade_in(self.bars),
            fade_in(self.out_header),
            fade_in(self.out_ticks),
            run_time=1.0,
        )
        self.play(self.bars.values_animation(d.outputs), run_time=1.5)
        self.bars.highlight(answer)
        self.play(fade_in(self.verdict), run_time=0.5)
        self.wait(2.0)
        self.shown["example"] = d.index
        self.shown["outputs"] = [units_text(a, DECIMALS) for a in d.arithmetic.outputs]
        self.shown["label"] = d.label
        self.shown["answer"] = answer

    def show_wanted(self) -> None:
        d, t = self.data, self.theme
        self.notches = VGroup()
        self.gaps = VGroup()
        for i, (y, a) in enumerate(zip(d.arithmetic.wanted, d.outputs)):
            row_y = self._row_y(i)
            x_want = self._out_x(y)
            self.notches.add(
                Line(
                    [x_want, row_y - self.NOTCH, 0],
                    [x_want, row_y + self.NOTCH, 0],
                    stroke_color=t.data,
                    stroke_width=5,
                )  # fmt: skip
            )
            # the gap from the output to the wanted value, along the middle of the row
            x_out = self._out_x(float(np.clip(a, 0.0, 1.0)))
            if abs(x_want - x_out) < 1e-3:
                x_out = x_want + (1e-3 if y == 0 else -1e-3)
            self.gaps.add(
                Line([x_out, row_y, 0], [x_want, row_y, 0], stroke_color=t.wrong, stroke_width=6)
            )
        self.bars.highlight(None)
        others = ", ".join(str(i) for i in range(10) if i != d.label)
        self.play(
            self.start_beat(
                "wanted",
                "What we want: 1 for the right digit, 0 for the rest",
                f"The wanted outputs: 1 for {d.label}, the right digit, and 0 for {others}. "
                "The purple line in each row is the gap between what the network gave and "
                "what we want.",
            ),
            fade_in(self.key),
            LaggedStart(*(FadeIn(n) for n in self.notches), lag_ratio=0.08),
            run_time=1.2,
        )
        self.play(
            LaggedStart(*(FadeIn(g) for g in self.gaps), lag_ratio=0.08),
            self.bars.bars.animate.set_fill(opacity=self.DIM),
            run_time=1.2,
        )
        self.wait(2.0)
        self.shown["wanted"] = list(d.arithmetic.wanted)

    def square_gaps(self) -> None:
        d, t = self.data, self.theme
        arithmetic = d.arithmetic
        self.square_bars = VGroup(
            *(self.square_bar(arithmetic.square_value(i), self._row_y(i)) for i in range(10))
        )
        tracks = VGroup(
            *(
                Rectangle(width=self.TRACK, height=self.BAR_HEIGHT, stroke_color=t.muted,
                          stroke_width=1, fill_opacity=0)
                .move_to([self.SQUARE_X + self.TRACK / 2, self._row_y(i), 0])
                for i in range(10)
            )
        )  # fmt: skip
        header = merged_text("(output \u2212 wanted)\u00b2", t.text, Size.READOUT)
        header.move_to([self.SQUARE_X + self.TRACK / 2, self.out_header.get_y(), 0])
        ticks = self.scale_ticks(self.SQUARE_X)
        # the arithmetic beside the two biggest squares, exact for the digits shown
        lines = arithmetic.lines()
        biggest = sorted(range(10), key=lambda i: (-arithmetic.squares[i], i))[:2]
        self.formulas = VGroup()
        for i in sorted(biggest):
            text = merged_text(lines[i], t.text, Size.READOUT)
            text.next_to([self.SQUARE_X + self.TRACK, self._row_y(i), 0], RIGHT, buff=0.25)
            self.formulas.add(text)
        drop_svg_sources(header, ticks, self.formulas)
        # only the squares that are not 0 move: a 0 would fly across as a stray speck
        seen = [i for i in range(10) if arithmetic.squares[i] > 0] or [d.label]
        grow = [Transform(self.gaps[i].copy(), self.square_bars[i]) for i in seen]
        a, b = biggest
        self.play(
            self.start_beat(
                "squares",
                "Square each gap: big misses count far more",
                f"Each gap is squared, drawn on the same scale: {lines[a]} for the {a}, "
                f"{lines[b]} for the {b}. A gap of 0.1 squares to only 0.01: small misses "
                "nearly vanish, big ones dominate.",
            ),
            fade_in(tracks),
            fade_in(header),
            fade_in(ticks),
            run_time=1.0,
        )
        self.play(LaggedStart(*grow, lag_ratio=0.1), run_time=2.0)
        # the copies became the squares: keep the squares themselves on screen
        self.remove(*(anim.mobject for anim in grow))
        self.add(self.square_bars)
        self.play(LaggedStart(*(FadeIn(f) for f in self.formulas), lag_ratio=0.3), run_time=1.0)
        self.wait(2.5)
        self.square_tracks, self.square_header, self.square_ticks = tracks, header, ticks
        self.shown["square_lines"] = lines
        self.shown["squares"] = [units_text(s, 2 * DECIMALS) for s in arithmetic.squares]
        self.shown["formulas"] = [lines[i] for i in sorted(biggest)]

    def add_up(self) -> None:
        d, t = self.data, self.theme
        arithmetic = d.arithmetic
        total = arithmetic.total_value
        total_text = merged_text(f"= {arithmetic.total_text}", t.text, Size.READOUT)
        # the squares end to end on the same scale (shrunk only if the sum would not fit)
        room = MAIN.x1 - total_text.width - 0.25 - self.SQUARE_X
        unit = min(self.TRACK, room / max(total, 1e-9))
        pieces, x = VGroup(), self.SQUARE_X
        for i in range(10):
            width = max(arithmetic.square_value(i) * unit, 1e-3)
            piece = Rectangle(
                width=width,
                height=self.BAR_HEIGHT,
                fill_color=t.wrong,
                fill_opacity=1,
                stroke_color=t.background,
                stroke_width=1.5,
            )
            pieces.add(piece.move_to([x + width / 2, self.SUM_Y, 0]))  # fmt: skip
            x += width
        total_text.next_to(pieces, RIGHT, buff=0.25)
        label = merged_text("sum", t.text, Size.READOUT)
        label.next_to(pieces, LEFT, buff=0.25)
        verdict = "right" if d.answer == d.label else "wrong"
        seen = [i for i in range(10) if arithmetic.squares[i] > 0] or [d.label]
        moves = [Transform(self.square_bars[i].copy(), pieces[i]) for i in seen]
        self.play(
            self.start_beat(
                "sum",
                "Add the squares: the cost of this one example",
                f"Added up, the ten squares make {arithmetic.total_text}: the cost of this "
                f"one example. Its answer is {verdict}; a confident right answer would cost "
                "almost 0, a confident wrong one (1 for a wrong digit, 0 for the right one) 2.",
            ),
            fade_in(label),
            run_time=0.8,
        )
        self.play(LaggedStart(*moves, lag_ratio=0.15), run_time=2.5)
        self.remove(*(anim.mobject for anim in moves))
        self.add(pieces)
        self.play(FadeIn(total_text, shift=0.2 * LEFT), run_time=0.6)
        self.wait(2.5)
        self.sum_row = VGroup(label, pieces, total_text)
        self.shown["sum"] = arithmetic.total_text
        self.shown["example_cost"] = d.example_cost

    def average_over_training_set(self) -> None:
        """This image's sum beside the average over the training set (the cost), on one
        scale; then the untrained network's average, which pushes the scale up."""
        d, t = self.data, self.theme
        this_image = d.arithmetic.total_value
        values = [this_image, d.cost]
        labels = ["this image", "average: the cost"]
        colors = [t.data, t.model]
        if d.cost_before is not None:
            values.append(d.cost_before)
            labels.append("before training")
            colors.append(t.compare)
        height = 4.2
        bars = Bars(t, values, labels, colors, width=3.5 * len(values), height=height,
                    decimals=4)  # fmt: skip
        bars.numbers[-1].num_decimal_places = 2 if d.cost_before is not None else 4
        bars.move_to(MAIN.center + 0.1 * DOWN)
        # first on the scale of the two: the average is a bar you can see, not a line
        first_scale = max(this_image, d.cost, 1e-9)
        bars.unit_height = height / first_scale
        bars.set_values(np.zeros(len(values)))  # grown from 0 below
        drop_svg_sources(bars)
        # what is on screen in the first beat: everything but the untrained bar's parts
        shown = VGroup(bars.baseline, *bars.bars[:2], *bars.numbers[:2], *bars.names[:2])
        everything = [
            self.picture, self.tag, self.verdict, self.bars, self.out_header, self.out_ticks,
            self.key, self.notches, self.gaps, self.square_tracks, self.square_header,
            self.square_ticks, self.square_bars, self.formulas, self.sum_row,
        ]  # fmt: skip
        ratio = this_image / d.cost if d.cost > 0 else float("inf")
        far = f", about {ratio:.0f} times" if d.cost > 0 and ratio >= 2 else ""
        self.play(
            self.start_beat(
                "average",
                "The cost: that sum averaged over every training image",
                f"Averaged over all {d.n_train:,} training images, the sum of squared gaps "
                f"is {d.cost:.4f}; this image's {d.arithmetic.total_text} is above it{far}. "
                "That average over the training set is the cost.",
            ),
            *(fade_out(m) for m in everything),
            run_time=1.0,
        )
        self.play(fade_in(shown), run_time=0.6)
        first = np.array(values[:2] + [0.0] * (len(values) - 2))  # the untrained bar waits
        self.play(UpdateFromAlphaFunc(shown, lambda m, a: bars.set_values(first * a)),
                  run_time=2.0)  # fmt: skip
        self.wait(2.5)
        self.shown["cost"] = f"{d.cost:.4f}"
        self.shown["n_params"] = d.n_params
        self.shown["cost_value"] = d.cost
        if d.cost_before is not None:
            self.show_untrained_cost(bars, values, first_scale, shown)
        self.shown["cost_bars"] = [n.get_value() for n in bars.numbers]

    def show_untrained_cost(
        self, bars: Bars, values: list[float], first_scale: float, shown: VGroup
    ) -> None:
        """The untrained average grows in its own slot; past the top of the scale it pushes
        the scale up, and the two bars already drawn shrink to the new scale."""
        d = self.data
        height = bars.unit_height * first_scale
        before = d.cost_before
        third = VGroup(bars.bars[2], bars.numbers[2], bars.names[2])

        def grow(_mob, a: float) -> None:
            current = before * a
            bars.unit_height = height / max(first_scale, current)
            bars.set_values([values[0], values[1], current])

        self.play(
            self.start_beat(
                "before",
                "Before training, the same average was far higher",
                f"For the untrained network, with its random starting weights, the same "
                f"average was {before:.2f}. Training means changing the {d.n_params:,} weights "
                "and biases to make the cost small.",
            ),
            fade_in(third),
            run_time=0.6,
        )
        self.remove(shown, third)  # from here on the chart is one mobject
        self.add(bars)
        self.play(UpdateFromAlphaFunc(bars, grow), run_time=3.0)
        self.wait(2.5)
        self.shown["cost_before"] = f"{before:.2f}"

    # -- pieces ----------------------------------------------------------------
    def _row_y(self, i: int) -> float:
        return float(self.bars.tracks[i].get_y())

    def _out_x(self, value: float) -> float:
        return self.OUT_X + self.TRACK * value

    def square_bar(self, value: float, row_y: float) -> Rectangle:
        width = max(value * self.TRACK, 1e-3)
        bar = Rectangle(width=width, height=self.BAR_HEIGHT, stroke_width=0,
                        fill_color=self.theme.wrong, fill_opacity=1)  # fmt: skip
        return bar.move_to([self.SQUARE_X + width / 2, row_y, 0])

    def scale_ticks(self, left: float) -> VGroup:
        """Tick labels 0 and 1 under a column of bars: where the wanted values sit."""
        y = self._row_y(9) - self.BAR_HEIGHT / 2 - 0.22
        ticks = VGroup(
            *(
                merged_text(text, self.theme.muted, Size.TICK).move_to([left + v, y, 0])
                for text, v in (("0", 0.0), ("1", self.TRACK))
            )
        )
        return with_role(ticks, "tick")

    def make_key(self) -> VGroup:
        """The legend under the picture for the marks the headers do not name: the wanted
        value (a notch across the row) and the gap (a line along it)."""
        t = self.theme
        key = legend([(t.data, "wanted"), (t.wrong, "gap")], t)
        (notch, wanted), (line, gap) = key
        notch.rotate(PI / 2).scale_to_fit_height(0.4)
        key.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        notch.set_x(line.get_x())  # the swatches on one centre line, the words aligned
        wanted.align_to(gap, LEFT)
        key.next_to(self.verdict, DOWN, buff=0.4).align_to(self.picture, LEFT)
        drop_svg_sources(key)
        return key
