"""Clip 9, MatrixNotation: a whole layer as one matrix product, a(1) = sigma(W a(0) + b).

Render: ``python -m scenes render MatrixNotation`` (e.g. ``--set layer=3``)
or ``manim -ql scenes/clips/part2_digit_network/matrix_notation.py MatrixNotation``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Circle,
    Create,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Matrix,
    SurroundingRectangle,
    VGroup,
    Write,
)

from scenes.core.digit_model import (
    DIGIT_PARAMS,
    LAYER_SIZES,
    trained_digit_network,
)
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.widgets.formulas import (
    FormulaClip,
    _OutlineMatrix,
    colour_outlines,
    first_half,
    fmt,
    formula,
)
from scenes.widgets.network import NetworkDiagram
from scenes.widgets.text import fade_swap, fit_within, title


# -- MatrixNotation ---------------------------------------------------------------
def weight_label(row: str, col: str) -> str:
    """LaTeX of one weight, 0-based: row = neuron it feeds, column = input it reads."""
    return f"w_{{{row}, {col}}}"


def weight_matrix_labels(last_row: str, last_col: str) -> list[list[str]]:
    """Corner of W with dots: rows 0, 1, ..., last_row and columns 0, 1, ..., last_col."""

    def row(i: str) -> list[str]:
        return [weight_label(i, "0"), weight_label(i, "1"), r"\cdots", weight_label(i, last_col)]

    return [row("0"), row("1"), [r"\vdots", r"\vdots", r"\ddots", r"\vdots"], row(last_row)]


def column_labels(symbol: str, last: str) -> list[list[str]]:
    """A column vector ``symbol_0, symbol_1, ..., symbol_last`` (0-based)."""
    return [[f"{symbol}_{{0}}"], [f"{symbol}_{{1}}"], [r"\vdots"], [f"{symbol}_{{{last}}}"]]


@dataclass(frozen=True)
class MatrixData:
    layer: int  # the equation is a(layer) = sigma(W a(layer-1) + b)
    k: int  # rows of W: neurons of layer `layer`
    n: int  # columns of W: neurons (or pixels) of layer `layer - 1`
    rows: tuple[int, int, int]  # the rows and columns of W the corner shows
    cols: tuple[int, int, int]
    corner: np.ndarray  # W[rows][:, cols] of the trained network
    bias_corner: np.ndarray  # b[rows]
    corner_never_moved: bool  # those columns' weights are still their random start


class MatrixNotation(FormulaClip, ClipScene):
    """One layer as ``a(1) = sigma(W a(0) + b)``: W is k x n, indices from 0, real shapes."""

    SUMMARY = "a layer as a(1) = sigma(W a(0) + b): W is k x n (16 x 784), 0-based indices"
    PARAMS = (
        *DIGIT_PARAMS,
        Param(
            "layer",
            int,
            1,
            "which layer's weights: 1 (784 pixels -> 16), 2 (16 -> 16), 3 (16 -> 10 outputs)",
            lo=1,
            hi=3,
        ),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> MatrixData:
        net, history, _data = trained_digit_network(p.data, p.seed, p.epochs)
        if p.layer > len(net.weights):
            raise ParamError(f"layer={p.layer} is out of range; use 1 to {len(net.weights)}")
        weights = net.weights[p.layer - 1]
        k, n = weights.shape
        rows, cols = (0, 1, k - 1), (0, 1, n - 1)
        start = history.network_at(0).weights[p.layer - 1]
        return MatrixData(
            layer=p.layer,
            k=k,
            n=n,
            rows=rows,
            cols=cols,
            corner=weights[np.ix_(rows, cols)],
            bias_corner=net.biases[p.layer - 1][list(rows)],
            corner_never_moved=bool(
                np.array_equal(start[np.ix_(rows, cols)], weights[np.ix_(rows, cols)])
            ),
        )

    # -- construct: the story ---------------------------------------------------
    def construct(self) -> None:
        self.show_equation()
        self.expand_symbols()
        self.show_last_indices()
        self.highlight_one_row()
        self.substitute_shapes()
        self.show_real_numbers()

    def show_equation(self) -> None:
        d, t = self.data, self.theme
        heading = self.light(title("One layer as one matrix product", t))
        self.equation = self.tex(
            self.layer_symbol(d.layer),
            "=",
            r"\sigma(",
            "W",
            self.layer_symbol(d.layer - 1),
            "+",
            "b",
            ")",
            font_size=EQUATION_SIZE,
        )
        self.equation.move_to([EXPR_X, EQUATION_Y, 0])
        self.light(self.equation)
        self.diagram = self.layer_diagram()
        inputs = "pixels" if d.layer == 1 else "neurons"
        self.play(
            self.start_beat(
                "equation",
                "Every neuron of a layer in one equation",
                f"Every neuron of layer {d.layer} at once: their weights in one matrix W, "
                f"their biases in a vector b, the {d.n} {inputs} they read in the vector "
                f"a({d.layer - 1}), their {d.k} values in a({d.layer}).",
            ),
            FadeIn(heading),
            Write(self.equation),
            FadeIn(self.diagram),
            run_time=1.5,
        )
        self.shown["equation"] = "".join(self.equation.tex_strings)
        self.equation = self.settle(self.equation)
        self.wait(2.5)

    def expand_symbols(self) -> None:
        self.expr = self.expression("k-1", "n-1")
        self.shapes = self.shape_labels(self.expr, "k", "n")
        self.play(
            self.start_beat(
                "expand",
                "W: one row per neuron, one column per input",
                "Written out, W has one row per neuron it feeds (k rows) and one column "
                "per input (n columns); b has one bias per neuron.",
            ),
            FadeIn(self.expr),
            run_time=1.2,
        )
        self.play(FadeIn(self.shapes), run_time=0.8)
        self.record_labels("", "k-1", "n-1")
        self.shown["symbolic_shapes"] = self.shape_texts("k", "n")
        self.wait(2.5)

    def show_last_indices(self) -> None:
        expr = self.expr
        boxes = self.boxes(expr.W.get_rows()[-1][-1], expr.b.get_entries()[-1],
                           expr.a_in.get_entries()[-1])  # fmt: skip
        self.play(
            self.start_beat(
                "indices",
                "Indices start at 0: the last row is k−1, not k",
                "Indices start at 0, so the last row of W is k−1 and its last column n−1: "
                "the bottom-right weight is w(k−1, n−1), the last bias b(k−1).",
            ),
            Create(boxes),
            run_time=1.0,
        )
        self.wait(2.5)
        self.play(FadeOut(boxes), run_time=0.5)

    def highlight_one_row(self) -> None:
        self.row_boxes = self.boxes(*self.row_targets(self.expr))
        self.lit = self.lit_row()
        self.row_line = self.row_equation("n-1")
        self.play(
            self.start_beat(
                "one_row",
                "One row of W: one neuron's weighted sum",
                "Row 0 of W times the column of inputs, plus b0, squished by σ: that is "
                "neuron 0's weighted sum and activation, the lines into it lit.",
            ),
            Create(self.row_boxes),
            FadeIn(self.lit),
            run_time=1.2,
        )
        self.play(Write(self.row_line), run_time=1.5)
        self.shown["row_equation"] = self.row_line.tex_string
        self.row_line = self.settle(self.row_line)
        self.wait(2.5)

    def substitute_shapes(self) -> None:
        d = self.data
        k, n = d.k, d.n
        expr = self.expression(str(k - 1), str(n - 1))
        shapes = self.shape_labels(expr, str(k), str(n))
        row_line = colour_outlines(self.row_equation(str(n - 1)))
        boxes = self.boxes(*self.row_targets(expr))
        inputs = "pixels" if d.layer == 1 else "neurons"
        outputs = "outputs, one per digit 0 to 9" if d.layer == len(LAYER_SIZES) - 1 else "neurons"
        # the hidden layers' size is a free choice; pixels and digits are not
        hidden = [size for size in LAYER_SIZES[1:-1] if size in (k, n)]
        arbitrary = f" ({hidden[0]} hidden neurons is an arbitrary choice)" if hidden else ""
        self.play(
            self.start_beat(
                "real_shapes",
                f"In the digit network W is {k} × {n}",
                f"Layer {d.layer} of the trained network reads n = {n} {inputs} and feeds "
                f"k = {k} {outputs}: W holds {k} × {n} = {k * n:,} weights, b holds {k} "
                f"biases{arbitrary}. The last weight is w({k - 1}, {n - 1}).",
            ),
            FadeOut(self.row_boxes, rate_func=first_half),  # with the entries they box
            fade_swap(self.expr, expr),
            fade_swap(self.shapes, shapes),
            fade_swap(self.row_line, row_line),
            run_time=1.5,
        )
        self.play(Create(boxes), run_time=0.8)
        self.expr, self.shapes, self.row_line, self.row_boxes = expr, shapes, row_line, boxes
        self.record_labels("real_", str(k - 1), str(n - 1))
        self.shown["shapes"] = self.shape_texts(str(k), str(n))
        self.shown["weight_count"] = k * n
        self.wait(2.5)

    def show_real_numbers(self) -> None:
        d = self.data
        numbers = self.expression(str(d.k - 1), str(d.n - 1), numbers=True)
        note = (
            "Corners of W and b, to 2 decimals, as training left them; row 0 holds "
            "neuron 0's weights, b0 its bias."
        )
        if d.corner_never_moved and d.layer == 1:
            note += (
                f" Pixels {d.cols[0]}, {d.cols[1]} and {d.cols[2]} are blank in every "
                "training image, so their weights kept their random start."
            )
        boxes = self.boxes(*self.row_targets(numbers))
        self.play(
            self.start_beat(
                "real_numbers", "The trained network's actual weights and biases", note
            ),  # fmt: skip
            FadeOut(self.row_boxes, rate_func=first_half),  # with the entries they box
            fade_swap(self.expr, numbers),
            run_time=1.5,
        )
        self.play(Create(boxes), run_time=0.8)
        self.row_boxes = boxes
        self.expr = numbers
        self.shown["corner"] = [[fmt(v) for v in row] for row in d.corner]
        self.shown["bias_corner"] = [fmt(v) for v in d.bias_corner]
        self.wait(4.0)

    # -- drawing helpers --------------------------------------------------------
    @staticmethod
    def layer_symbol(layer: int) -> str:
        return f"a^{{({layer})}}"

    def layer_diagram(self) -> NetworkDiagram:
        """The layer as a picture beside the matrix: n inputs (elided past 16), k neurons."""
        d = self.data
        radius, max_shown = 0.12, 16
        # both columns DIAGRAM_H tall; an elided input column has two slots for its dots
        slots = [min(d.n, max_shown) + (2 if d.n > max_shown else 0), d.k]
        buffs = [(DIAGRAM_H - 2 * radius * m) / (m - 1) for m in slots]
        # without the input's brace and size label the columns can be further apart
        layer_buff = DIAGRAM_LAYER_BUFF + (0.0 if d.n > max_shown else 0.5)
        diagram = NetworkDiagram((d.n, d.k), self.theme, output_labels=(), max_shown=max_shown,
                                 neuron_radius=radius, neuron_buff=buffs, layer_buff=layer_buff,
                                 font_size=Size.READOUT)  # fmt: skip
        diagram.shift([DIAGRAM_X - diagram.layers[1].get_x(),
                       DIAGRAM_Y - diagram.layers[0].get_y(), 0])  # fmt: skip
        return diagram

    def lit_row(self) -> VGroup:
        """Row 0 of W in the diagram: the lines from every drawn input into neuron 0, lit."""
        t = self.theme
        target = self.diagram.layers[1][0]
        lines = VGroup(*(Line(c.get_right(), target.get_left(), stroke_color=t.highlight,
                              stroke_width=2.5) for c in self.diagram.layers[0]))  # fmt: skip
        ring = Circle(radius=target.radius + 0.07, stroke_color=t.highlight, stroke_width=3)
        return VGroup(lines, ring.move_to(target))

    def expression(self, last_row: str, last_col: str, numbers: bool = False) -> VGroup:
        """The inside of sigma written out, ``W a(0) + b`` with matrices: one formula."""
        d, t = self.data, self.theme
        w_labels = weight_matrix_labels(last_row, last_col)
        b_labels = column_labels("b", last_row)
        if numbers:  # real values in place of every named entry
            for r, row in enumerate((0, 1, None, 2)):
                for c, col in enumerate((0, 1, None, 2)):
                    if row is not None and col is not None:
                        w_labels[r][c] = fmt(d.corner[row, col])
                if row is not None:
                    b_labels[r][0] = fmt(d.bias_corner[row])
        inp = column_labels(self.layer_symbol(d.layer - 1), last_col)
        parts = {
            "W": self.matrix(w_labels),
            "a_in": self.matrix(inp),
            "plus": self.outline("+", font_size=MATRIX_SIZE),
            "b": self.matrix(b_labels),
        }
        group = VGroup(*parts.values()).arrange(RIGHT, buff=0.15)
        for name, part in parts.items():
            setattr(group, name, part)
        fit_within(group, EXPR_W, EXPR_H)
        group.move_to([EXPR_X, EXPR_Y, 0])
        group.set_color(t.text)
        # one displayed formula (the layout check counts its numbers once)
        return formula(self.light(group))

    def matrix(self, labels: list[list[str]]) -> Matrix:
        """A Matrix whose entries and brackets are one outline each (see :func:`merged`)."""
        # entries built once: measured for the column widths, then handed to Matrix as is
        entries = [[self.outline(s, font_size=MATRIX_SIZE) for s in row] for row in labels]
        return _OutlineMatrix(
            entries,
            element_to_mobject=lambda entry: entry,
            element_alignment_corner=np.zeros(3),
            column_gap=0.3,
            v_buff=0.62,
            bracket_color=self.theme.text,
        )

    def shape_texts(self, k: str, n: str) -> dict[str, str]:
        d = self.data
        return {
            "W": f"{k} x {n}",
            "b": k,
            f"a({d.layer - 1})": n,
            f"a({d.layer})": k,
        }

    def shape_labels(self, expr: VGroup, k: str, n: str) -> VGroup:
        """Each piece's shape under it, e.g. ``k x n`` under W: one row, one formula."""
        t = self.theme
        labels = VGroup()
        for part, text in (
            (expr.W, rf"W\colon {k} \times {n}"),
            (expr.a_in, rf"{self.layer_symbol(self.data.layer - 1)}\colon {n}"),
            (expr.b, rf"b\colon {k}"),
        ):
            label = self.outline(text, font_size=SHAPE_SIZE, color=t.muted)
            labels.add(label.next_to(part, DOWN, buff=0.25))
        y = min(label.get_center()[1] for label in labels)
        for label in labels:
            label.set_y(y)
        # each layer's symbol and size over its column of the diagram
        for layer, size in ((self.data.layer - 1, n), (self.data.layer, k)):
            text = rf"{self.layer_symbol(layer)}\colon {size}"
            column = self.diagram.layers[layer - self.data.layer + 1]
            label = self.outline(text, font_size=SHAPE_SIZE, color=t.muted)
            labels.add(label.next_to(column, UP, buff=0.25))
        # one row of annotations of one equation: one formula
        return formula(labels)

    def boxes(self, *targets) -> VGroup:
        color = self.theme.highlight
        return VGroup(*(SurroundingRectangle(target, color=color, buff=0.08, stroke_width=3)
                        for target in targets))  # fmt: skip

    @staticmethod
    def row_targets(expr: VGroup) -> tuple:
        """Row 0 of W, the input column and b_0 (neuron 0's output is ringed in the diagram)."""
        return expr.W.get_rows()[0], expr.a_in.get_entries(), expr.b.get_entries()[0]

    def row_equation(self, last_col: str) -> MathTex:
        d = self.data
        a_in, a_out = self.layer_symbol(d.layer - 1), self.layer_symbol(d.layer)
        terms = " + ".join(
            [
                f"{weight_label('0', '0')} {a_in}_{{0}}",
                f"{weight_label('0', '1')} {a_in}_{{1}}",
                r"\cdots",
                f"{weight_label('0', last_col)} {a_in}_{{{last_col}}}",
            ]
        )
        line = self.tex(rf"{a_out}_{{0}} = \sigma({terms} + b_{{0}})", font_size=ROW_SIZE)
        fit_within(line, EXPR_W)
        line.move_to([EXPR_X, ROW_Y, 0])
        return self.light(line)

    def record_labels(self, prefix: str, last_row: str, last_col: str) -> None:
        self.shown[prefix + "weight_labels"] = weight_matrix_labels(last_row, last_col)
        self.shown[prefix + "corner_label"] = weight_label(last_row, last_col)
        self.shown[prefix + "last_bias_label"] = f"b_{{{last_row}}}"
        self.shown[prefix + "last_input_label"] = f"a_{{{last_col}}}"


# Layout of MatrixNotation (frame: 14.2 x 8 units): the equation and its matrices on the
# left, the layer as a diagram on the right.
EXPR_X, EXPR_W, EXPR_H = -2.75, 8.0, 2.9
EQUATION_Y, EXPR_Y, ROW_Y = 2.45, 0.5, -2.25
EQUATION_SIZE, MATRIX_SIZE, SHAPE_SIZE, ROW_SIZE = 48, 40, 34, 36
#: x of the output column (its label above stays inside the margin), y of the columns.
DIAGRAM_X, DIAGRAM_Y, DIAGRAM_H, DIAGRAM_LAYER_BUFF = 6.15, -0.4, 5.3, 3.3
