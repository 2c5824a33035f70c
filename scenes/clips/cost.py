"""Part III clip 10: the cost of one example, then the cost.

Render (from the project root)::

    manim -ql scenes/clips/cost.py CostOfOneExample

or ``python -m scenes render CostOfOneExample --set example=7``.

The network is the trained digit network every digit clip shares
(``scenes.core.digit_model``); its ten outputs on one test image are compared with
the wanted one-hot vector. The arithmetic on screen is exact for the numbers on
screen: each output is shown rounded to 2 decimals, and each square is the
square of that *shown* value, so ``(0.43 - 0)^2 = 0.1849`` holds digit for digit.
The cost at the end is ``Network.loss`` over the whole training set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    LaggedStart,
    Line,
    SurroundingRectangle,
    Text,
    VGroup,
    Write,
)

from nnmath.classifier import one_hot
from scenes.core.digit_model import DIGIT_PARAMS, checked_test_index, trained_digit_network
from scenes.core.params import Param, ParamValues
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_by_style, merge_outlines
from scenes.widgets.images import digit_image
from scenes.widgets.network import OutputBars
from scenes.widgets.text import caption, fit_within, merged_text, swap_caption, title

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


def squared_errors(outputs: np.ndarray, label: int) -> SquaredErrors:
    """The on-screen arithmetic for outputs against the one-hot vector of ``label``."""
    shown = tuple(shown_units(a) for a in np.asarray(outputs, float).ravel())
    wanted = tuple(int(i == label) for i in range(len(shown)))
    scale = 10**DECIMALS
    squares = tuple((a - y * scale) ** 2 for a, y in zip(shown, wanted))
    return SquaredErrors(shown, wanted, squares, sum(squares))


@dataclass(frozen=True)
class CostData:
    """What :class:`CostOfOneExample` shows, all computed by nnmath."""

    image: np.ndarray  # 784 grey levels of the test image
    label: int
    outputs: np.ndarray  # the network's ten outputs (full precision)
    arithmetic: SquaredErrors
    example_cost: float  # Network.loss on this one example, unrounded
    cost: float  # Network.loss over the whole training set: "the cost"
    cost_before: float | None  # the same for the untrained network (None if epochs=0)
    n_train: int
    n_params: int


class CostOfOneExample(ClipScene):
    """Ten outputs against the wanted answer, squared and summed; averaged, that is the cost."""

    SUMMARY = "the cost of one example (squared differences, summed) and the average: the cost"
    PARAMS = (
        *DIGIT_PARAMS,
        Param("example", int, 0, "index of the test image shown", lo=0, hi=69_999),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> CostData:
        network, history, (train_x, train_y, test_x, test_y) = trained_digit_network(
            p.data, p.seed, p.epochs
        )
        checked_test_index(p.example, test_y, p.data, name="example")
        image = np.asarray(test_x[p.example], float)
        label = int(test_y[p.example])
        outputs = network.forward(image[None, :])[0]
        targets = one_hot(train_y)
        before = None
        if len(history) > 1:
            before = history.network_at(0).loss(train_x, targets)
        return CostData(
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

    # -- steps -------------------------------------------------------------
    def construct(self) -> None:
        self.next_section("outputs")
        self.show_outputs()
        self.next_section("wanted")
        self.show_wanted()
        self.next_section("squares")
        self.square_differences()
        self.next_section("sum")
        self.add_up()
        self.next_section("average")
        self.average_over_training_set()

    ROW_FONT = 24

    def show_outputs(self) -> None:
        d = self.data
        heading = title("The cost of one example", self.theme)
        picture = digit_image(d.image, height=2.2, theme=self.theme)
        picture.to_edge(LEFT, buff=0.6).shift(UP * 0.9)
        frame = SurroundingRectangle(picture, color=self.theme.muted, buff=0, stroke_width=1.5)
        # text that is only shown and faded is drawn as one outline (merge_outlines)
        tag = merge_outlines(
            VGroup(
                merged_text(f"test image {self.p.example}", self.theme.muted, 22),
                merged_text(f"a handwritten {d.label}", self.theme.muted, 22),
            ).arrange(DOWN, buff=0.1)
        ).next_to(picture, DOWN, buff=0.2)
        self.bars = OutputBars(
            np.zeros(10),
            self.theme,
            bar_length=1.8,
            font_size=self.ROW_FONT,
            decimals=DECIMALS,
            row_buff=0.1,
        )
        self.bars.next_to(picture, RIGHT, buff=0.9).next_to(heading, DOWN, buff=0.65, coor_mask=UP)
        header_y = self.bars.get_top()[1] + 0.3
        self.out_header = merged_text("output", self.theme.muted, 22)
        self.out_header.move_to([self.bars.tracks.get_center()[0], header_y, 0])
        self.cap = caption(
            "The trained network's ten outputs for this image, each between 0 and 1",
            self.theme,
        )
        # Text keeps its parsed SVG source; without it every animation's copy is cheaper.
        drop_svg_sources(heading, tag, self.bars, self.out_header, self.cap)
        self.play(Write(heading), FadeIn(picture), FadeIn(frame), FadeIn(tag), run_time=1.0)
        self.play(FadeIn(self.bars), FadeIn(self.out_header), FadeIn(self.cap), run_time=0.8)
        self.play(self.bars.values_animation(d.outputs), run_time=1.2)
        self.wait(0.5)
        self.shown["outputs"] = [units_text(a, DECIMALS) for a in d.arithmetic.outputs]
        self.shown["label"] = d.label

    def _row_y(self, i: int) -> float:
        return float(self.bars.tracks[i].get_center()[1])

    def show_wanted(self) -> None:
        d = self.data
        x = self.bars.numbers.get_right()[0] + 0.75
        self.wanted = VGroup(
            *[
                merged_text(
                    str(y), self.theme.highlight if y else self.theme.text, self.ROW_FONT
                ).move_to([x, self._row_y(i), 0])
                for i, y in enumerate(d.arithmetic.wanted)
            ]
        )
        header = merged_text("wanted", self.theme.muted, 22)
        header.move_to([x, self.out_header.get_y(), 0])
        anim, self.cap = swap_caption(
            self.cap,
            f"What we want: 1 for the right digit ({d.label}), 0 for the other nine",
            self.theme,
        )
        self.bars.highlight(d.label)
        drop_svg_sources(self.wanted, header)
        self.play(
            FadeIn(header),
            LaggedStart(*[FadeIn(w) for w in self.wanted], lag_ratio=0.08),
            anim,
            run_time=1.2,
        )
        self.wait(0.6)
        self.wanted_header = header
        self.shown["wanted"] = list(d.arithmetic.wanted)

    def square_differences(self) -> None:
        d = self.data
        left = self.wanted.get_right()[0] + 0.7
        lines = d.arithmetic.lines()
        self.rows = VGroup(*[merged_text(text, self.theme.text, self.ROW_FONT) for text in lines])
        for i, row in enumerate(self.rows):
            row.move_to([0, self._row_y(i), 0]).set_x(left, direction=LEFT)
        fit_within(self.rows, 6.9 - left)
        self.rows.set_x(left, direction=LEFT)
        header = merged_text("(output \u2212 wanted)\u00b2", self.theme.muted, 22)
        header.move_to([0, self.out_header.get_y(), 0]).set_x(left, direction=LEFT)
        anim, self.cap = swap_caption(
            self.cap,
            "Square each difference: big misses count a lot, small ones hardly at all",
            self.theme,
        )
        drop_svg_sources(self.rows, header)
        self.play(
            FadeIn(header),
            LaggedStart(*[FadeIn(r) for r in self.rows], lag_ratio=0.12),
            anim,
            run_time=2.0,
        )
        self.wait(0.6)
        self.shown["square_lines"] = lines
        self.shown["squares"] = [units_text(s, 2 * DECIMALS) for s in d.arithmetic.squares]

    def add_up(self) -> None:
        d = self.data
        rule = Line(
            self.rows.get_corner(DOWN + LEFT),
            self.rows.get_corner(DOWN + RIGHT),
            color=self.theme.muted,
            stroke_width=2,
        ).shift(DOWN * 0.2)
        total = (
            Text(
                f"sum = {d.arithmetic.total_text}",
                font_size=self.ROW_FONT + 4,
                color=self.theme.highlight,
            )
            .next_to(rule, DOWN, buff=0.2)
            .align_to(rule, RIGHT)
        )
        verdict = "right" if int(np.argmax(d.outputs)) == d.label else "wrong"
        anim, self.cap = swap_caption(
            self.cap,
            f"Add them up: the cost of this one example, {d.arithmetic.total_text}.\n"
            f"The network's answer here is {verdict}; a worse answer would cost more.",
            self.theme,
        )
        drop_svg_sources(total)
        self.play(FadeIn(rule), Write(total), anim, run_time=1.2)
        self.wait(0.8)
        self.total = total
        self.shown["sum"] = d.arithmetic.total_text
        self.shown["example_cost"] = d.example_cost

    def average_over_training_set(self) -> None:
        d = self.data
        cost_text = f"{d.cost:.4f}"
        line = Text(
            f"The cost: the average of that sum over all {d.n_train:,} training images "
            f"= {cost_text}",
            font_size=26,
            color=self.theme.text,
            t2c={cost_text: self.theme.highlight},
        )
        parts = [line]
        if d.cost_before is not None:
            parts.append(
                merged_text(
                    f"(the same network before training: {d.cost_before:.2f})", self.theme.muted, 22
                )
            )
        block = merge_by_style(VGroup(*parts).arrange(DOWN, buff=0.12))  # one outline per colour
        fit_within(block, 13.0)
        block.next_to(self.total, DOWN, buff=0.35).set_x(0)
        anim, self.cap = swap_caption(
            self.cap,
            f"Training means: change the {d.n_params:,} weights and biases to make this small",
            self.theme,
        )
        drop_svg_sources(block)
        self.play(FadeIn(block, shift=UP * 0.2), anim, run_time=1.4)
        self.wait(1.5)
        self.shown["cost"] = cost_text
        self.shown["n_params"] = d.n_params
        self.shown["cost_value"] = d.cost
        if d.cost_before is not None:
            self.shown["cost_before"] = f"{d.cost_before:.2f}"
