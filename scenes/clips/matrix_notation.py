"""Clip 9, MatrixNotation: a whole layer as one matrix product, a(1) = sigma(W a(0) + b).

Render: ``python -m scenes render MatrixNotation`` (e.g. ``--set layer=3``)
or ``manim -ql scenes/clips/matrix_notation.py MatrixNotation``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    Create,
    FadeIn,
    FadeOut,
    Matrix,
    ReplacementTransform,
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
from scenes.render.clip import ClipScene
from scenes.render.outlines import (
    merged,
    merged_parts,
)
from scenes.widgets.formulas import FormulaClip, _OutlineMatrix, fmt, tall_paren
from scenes.widgets.text import fit_within, title


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
        self.highlight_one_row()
        self.substitute_shapes()
        self.show_real_numbers()

    def show_equation(self) -> None:
        self.next_section("equation")
        d, t = self.data, self.theme
        self.heading = self.light(
            title("A whole layer at once: one matrix product", t, font_size=36)
        )
        self.equation = self.tex(
            self.layer_symbol(d.layer),
            "=",
            r"\sigma(",
            "W",
            self.layer_symbol(d.layer - 1),
            "+",
            "b",
            ")",
            font_size=52,
        )
        self.equation.next_to(self.heading, DOWN, buff=0.35)
        self.light(self.equation)
        self.play_captioned(
            (
                f"every neuron of layer {d.layer} at once: its weights in a matrix W, "
                "its biases in a vector b"
            ),
            FadeIn(self.heading),
            Write(self.equation),
        )
        self.shown["equation"] = "".join(self.equation.tex_strings)
        self.wait(1.0)

    def expand_symbols(self) -> None:
        self.next_section("expand")
        self.expr = self.expression("k-1", "n-1")
        self.shapes = self.shape_labels(self.expr, "k", "n")
        self.play_captioned(
            (
                "W has one row per neuron it feeds (k rows) and one column per input (n columns).\n"
                "Indices start at 0, so the last row is k−1 and the last column n−1"
            ),
            FadeIn(self.expr),
        )
        self.play(FadeIn(self.shapes))
        self.record_labels("", "k-1", "n-1")
        self.shown["symbolic_shapes"] = self.shape_texts("k", "n")
        self.wait(2.0)

    def highlight_one_row(self) -> None:
        self.next_section("one_row")
        self.boxes = self.row_boxes(self.expr)
        self.row_line = self.row_equation("n-1").next_to(self.shapes, DOWN, buff=0.3)
        self.play_captioned(
            (
                "row 0 of W times the column a, plus b₀, squished: one neuron's\n"
                "weighted sum and activation, exactly the previous clip"
            ),
            Create(self.boxes),
        )
        self.play(Write(self.row_line))
        self.shown["row_equation"] = self.row_line.tex_string
        self.row_line = self.swap_in(self.row_line, merged_parts(self.row_line))
        self.wait(1.5)

    def substitute_shapes(self) -> None:
        self.next_section("real_shapes")
        d = self.data
        k, n = d.k, d.n
        expr = self.expression(str(k - 1), str(n - 1))
        shapes = self.shape_labels(expr, str(k), str(n))
        row_line = self.row_equation(str(n - 1), written=False).move_to(self.row_line)
        boxes = self.row_boxes(expr)
        inputs = "pixels" if d.layer == 1 else "neurons"
        outputs = "outputs, one per digit 0 to 9" if d.layer == len(LAYER_SIZES) - 1 else "neurons"
        # the hidden layers' size is a free choice; pixels and digits are not
        hidden = [size for size in LAYER_SIZES[1:-1] if size in (k, n)]
        arbitrary = f" ({hidden[0]} hidden neurons is an arbitrary choice)" if hidden else ""
        self.play(
            ReplacementTransform(self.expr, expr),
            ReplacementTransform(self.shapes, shapes),
            ReplacementTransform(self.row_line, row_line),
            ReplacementTransform(self.boxes, boxes),
            self.new_caption(
                f"layer {d.layer} of the trained network reads n = {n} {inputs} and feeds "
                f"k = {k} {outputs}:\nW holds {k} × {n} = {k * n:,} weights, b holds {k} "
                f"biases{arbitrary}"
            ),
            run_time=1.5,
        )
        self.expr, self.shapes, self.row_line, self.boxes = expr, shapes, row_line, boxes
        self.record_labels("real_", str(k - 1), str(n - 1))
        self.shown["shapes"] = self.shape_texts(str(k), str(n))
        self.shown["weight_count"] = k * n
        self.wait(2.0)

    def show_real_numbers(self) -> None:
        self.next_section("real_numbers")
        d = self.data
        numbers = self.expression(str(d.k - 1), str(d.n - 1), numbers=True)
        numbers.move_to(self.expr)
        note = "the trained network's actual numbers (2 decimals): corners of W and b"
        if d.corner_never_moved and d.layer == 1:
            note += (
                f"\npixels {d.cols[0]}, {d.cols[1]}, {d.cols[2]} are blank in every training "
                "image, so their weights kept their random start"
            )
        self.play(
            FadeOut(self.boxes),
            ReplacementTransform(self.expr, numbers),
            self.new_caption(note),
            run_time=1.5,
        )
        self.expr = numbers
        self.shown["corner"] = [[fmt(v) for v in row] for row in d.corner]
        self.shown["bias_corner"] = [fmt(v) for v in d.bias_corner]
        self.wait(2.5)

    # -- drawing helpers --------------------------------------------------------
    @staticmethod
    def layer_symbol(layer: int) -> str:
        return f"a^{{({layer})}}"

    def expression(self, last_row: str, last_col: str, numbers: bool = False) -> VGroup:
        """``a(1) = sigma( W a(0) + b )`` written out with matrices; parts by name."""
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
        out = column_labels(self.layer_symbol(d.layer), last_row)
        inp = column_labels(self.layer_symbol(d.layer - 1), last_col)
        parts = {
            "out": self.matrix(out),
            "eq": self.outline("="),
            "open": self.outline(r"\sigma"),
            "W": self.matrix(w_labels),
            "a_in": self.matrix(inp),
            "plus": self.outline("+"),
            "b": self.matrix(b_labels),
        }
        height = parts["W"].height
        parts["open"].add(
            tall_paren("(", height, self.outline).next_to(parts["open"], RIGHT, buff=0.05)
        )
        parts["open"] = merged(parts["open"])
        parts["close"] = tall_paren(")", height, self.outline)
        group = VGroup(*parts.values()).arrange(RIGHT, buff=0.18)
        for name, part in parts.items():
            setattr(group, name, part)
        fit_within(group, 12.8, 3.6)
        group.move_to([0, EXPR_Y, 0])
        group.set_color(t.text)
        return self.light(group)

    def matrix(self, labels: list[list[str]]) -> Matrix:
        """A Matrix whose entries and brackets are one outline each (see :func:`merged`)."""
        # entries built once: measured for the column spacing, then handed to Matrix as is
        entries = [[self.outline(s, font_size=MATRIX_SIZE) for s in row] for row in labels]
        widest = max(entry.width for row in entries for entry in row)
        return _OutlineMatrix(
            entries,
            element_to_mobject=lambda entry: entry,
            element_alignment_corner=np.zeros(3),
            h_buff=widest + 0.35,
            v_buff=0.7,
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
        """Each piece's shape under it, e.g. ``k x n`` under W."""
        t = self.theme
        labels = VGroup()
        for part, text in (
            (expr.out, rf"{self.layer_symbol(self.data.layer)}\colon {k}"),
            (expr.W, rf"W\colon {k} \times {n}"),
            (expr.a_in, rf"{self.layer_symbol(self.data.layer - 1)}\colon {n}"),
            (expr.b, rf"b\colon {k}"),
        ):
            label = self.outline(text, font_size=28, color=t.muted)
            label.next_to(part, DOWN, buff=0.2)
            labels.add(label)
        y = min(label.get_center()[1] for label in labels)
        for label in labels:
            label.set_y(y)
        return labels

    def row_boxes(self, expr: VGroup) -> VGroup:
        """Frames on row 0 of W, the input column, b_0 and the output a_0."""
        color = self.theme.highlight
        targets = (
            expr.W.get_rows()[0],
            expr.a_in.get_entries(),
            expr.b.get_entries()[0],
            expr.out.get_entries()[0],
        )
        return VGroup(
            *[
                SurroundingRectangle(target, color=color, buff=0.08, stroke_width=2.5)
                for target in targets
            ]
        )

    def row_equation(self, last_col: str, written: bool = True) -> VGroup:
        d = self.data
        a_in, a_out = self.layer_symbol(d.layer - 1), self.layer_symbol(d.layer)
        terms = " + ".join(
            [
                f"{weight_label('0', '0')} {a_in}_{{0}}",
                f"{weight_label('0', '1')} {a_in}_{{1}}",
                r"\cdots",
                "w_{0, ",
            ]
        )
        # the last column's index as parts of its own: morphing n-1 into 783 moves only those
        line = (self.tex if written else self.parts)(
            rf"{a_out}_{{0}} = \sigma({terms}",
            last_col,
            f"}} {a_in}_{{",
            last_col,
            "} + b_{0})",
            arg_separator="",
            font_size=38,
        )
        return self.light(fit_within(line, 13.0))

    def record_labels(self, prefix: str, last_row: str, last_col: str) -> None:
        self.shown[prefix + "weight_labels"] = weight_matrix_labels(last_row, last_col)
        self.shown[prefix + "corner_label"] = weight_label(last_row, last_col)
        self.shown[prefix + "last_bias_label"] = f"b_{{{last_row}}}"
        self.shown[prefix + "last_input_label"] = f"a_{{{last_col}}}"

# Layout of MatrixNotation.
EXPR_Y = 0.1
MATRIX_SIZE = 30
