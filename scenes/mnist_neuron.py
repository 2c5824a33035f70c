"""Clips 8 and 9: one neuron's weighted sum, then a whole layer as one matrix product.

Render: ``python -m scenes render WeightedSum`` and ``python -m scenes render
MatrixNotation`` (or ``manim -ql scenes/mnist_neuron.py WeightedSum``); vary
them with e.g. ``--set image=0 --set bias=-5 --set neuron=3`` or
``--set layer=3``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    MathTex,
    Matrix,
    Mobject,
    ReplacementTransform,
    Succession,
    SurroundingRectangle,
    VGroup,
    VMobject,
    Write,
)

from nnmath import relu, sigmoid
from scenes.cache import cache_dir
from scenes.clip import ClipScene
from scenes.digit_model import DIGIT_PARAMS, LAYER_SIZES, checked_test_index, trained_digit_network
from scenes.params import Param, ParamError, ParamValues
from scenes.shared import (
    MergedOutlines,
    cached_outlines,
    digit_image,
    drop_svg_sources,
    fit_within,
    grey_hex,
    make_axes,
    merge_by_style,
    merged,
    merged_text,
    polyline,
    swap_caption,
    title,
    weight_grid,
    weight_legend,
)

SIDE = 28  # images are SIDE x SIDE pixels
DECIMALS = 2  # sums, biases and z are shown to 2 decimals
ACT_DECIMALS = 3  # activations (between 0 and 1) to 3


# -- cheap outlines ---------------------------------------------------------------
# Every outline Manim draws costs Python time each frame it moves, and every family
# member of an animated mobject is copied and interpolated. Text and formulas that
# are only shown, faded and morphed are therefore drawn as few outlines as possible.
def merged_parts(tex: MathTex) -> VGroup:
    """A MathTex as one outline per part (per ``tex_strings`` entry), same look.

    For a formula that is shown, faded or morphed into another with the same
    parts: each part morphs into its counterpart. ``Write`` it as the real
    MathTex (glyph by glyph), then swap this in (:meth:`_Captioned.swap_in`).
    """
    group = VGroup(*(merged(part) for part in tex.submobjects))
    group.tex_string = getattr(tex, "tex_string", "")
    group.tex_strings = list(getattr(tex, "tex_strings", []))
    return group


def dashed_segment(
    start: np.ndarray, end: np.ndarray, color: str, stroke_width: float, dash_length: float
) -> VMobject:
    """A dashed line as ONE outline (one subpath per dash), like ``DashedLine``'s dashes."""
    return merged(
        DashedLine(start, end, color=color, stroke_width=stroke_width, dash_length=dash_length)
    )


#: Outlines of formulas built before (see tex_part_points): this process's copy.
_TEX_OUTLINES: dict[str, list[np.ndarray]] = {}


def tex_part_points(*strings: str, **kwargs) -> list[np.ndarray]:
    """The outline points of each part of ``MathTex(*strings, **kwargs)``, cached on disk.

    See :func:`scenes.shared.cached_outlines`. Colours are not part of it:
    callers set them.
    """
    from manim import config

    template = kwargs.get("tex_template", config["tex_template"])
    spec = {
        "strings": strings,
        "options": {k: v for k, v in kwargs.items() if k != "tex_template"},
        "preamble": getattr(template, "preamble", ""),
        "compiler": getattr(template, "tex_compiler", ""),
    }

    def build() -> list[np.ndarray]:
        tex = MathTex(*strings, use_svg_cache=False, **kwargs)
        return [
            np.concatenate([g.points for g in part.family_members_with_points()])
            if part.family_members_with_points()
            else np.zeros((0, 3))
            for part in tex.submobjects
        ]

    return cached_outlines(_TEX_OUTLINES, cache_dir() / "tex_outlines", spec, build)


def tex_outline(*strings: str, color: str, **kwargs) -> MergedOutlines:
    """``MathTex(*strings)`` as one outline (see :func:`tex_part_points`)."""
    points = tex_part_points(*strings, **kwargs)
    return MergedOutlines.from_points(np.concatenate(points), color)


def tex_parts(*strings: str, color: str, **kwargs) -> VGroup:
    """``MathTex(*strings)`` as one outline per part: :func:`merged_parts` without a MathTex."""
    group = VGroup(
        *(MergedOutlines.from_points(p, color) for p in tex_part_points(*strings, **kwargs))
    )
    group.tex_strings = list(strings)
    group.tex_string = kwargs.get("arg_separator", " ").join(strings)
    return group


class _OutlineMatrix(Matrix):
    """A Matrix whose brackets are one outline each, read from the outline cache."""

    def __init__(self, *args, bracket_color: str, **kwargs) -> None:
        self._bracket_color = bracket_color
        super().__init__(*args, **kwargs)

    def _add_brackets(self, left: str = "[", right: str = "]", **kwargs) -> Matrix:
        # Manim's Matrix._add_brackets, with each bracket built by tex_outline
        n = int(self.height / 0.5977) + 1  # 0.5977: height of a LaTeX array row
        body = r"\begin{array}{c}" + n * r"\quad \\" + r"\end{array}"
        l_bracket = tex_outline(rf"\left{left}" + body + r"\right.", color=self._bracket_color)
        r_bracket = tex_outline(r"\left." + body + rf"\right{right}", color=self._bracket_color)
        pair = VGroup(l_bracket, r_bracket)
        if self.stretch_brackets:
            pair.stretch_to_fit_height(self.height + 2 * self.bracket_v_buff)
        l_bracket.next_to(self, LEFT, self.bracket_h_buff)
        r_bracket.next_to(self, RIGHT, self.bracket_h_buff)
        self.brackets = pair
        self.add(l_bracket, r_bracket)
        return self


# -- numbers as shown -----------------------------------------------------------
def fmt(value: float, decimals: int = DECIMALS) -> str:
    """A number to the shown digits, never ``-0.00``."""
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def shown_terms(
    terms: list[float], total: float | None = None, decimals: int = DECIMALS
) -> tuple[list[float], float]:
    """Rounded terms that add up exactly to the rounded total (default: their sum).

    Rounding each term separately can miss the rounded total by one unit in the
    last digit; that unit goes to the term whose own rounding was furthest off
    in its direction (largest-remainder rounding), so every shown term stays
    within one unit of its true value and the shown sum is right.
    """
    total = round(float(sum(terms) if total is None else total), decimals)
    shown = [round(float(t), decimals) for t in terms]
    slack = round(total - sum(shown), decimals)
    unit = 10.0**-decimals
    while abs(slack) >= unit / 2:
        step = unit if slack > 0 else -unit
        remainders = [(t - s) * np.sign(step) for t, s in zip(terms, shown)]
        i = int(np.argmax(remainders))
        shown[i] = round(shown[i] + step, decimals)
        slack = round(slack - step, decimals)
    return shown, total


# -- WeightedSum: computed in prepare -------------------------------------------
def edge_detector_weights(row: int, col: int, width: int, height: int) -> np.ndarray:
    """A hand-made horizontal edge detector: +1 on a bar, -1 on a one-pixel ring, 0 elsewhere.

    The bar covers rows ``row .. row+height-1`` and columns ``col .. col+width-1``.
    Returns the 784 weights in image order (row by row).
    """
    grid = np.zeros((SIDE, SIDE))
    grid[row - 1 : row + height + 1, col - 1 : col + width + 1] = -1.0
    grid[row : row + height, col : col + width] = 1.0
    return grid.ravel()


@dataclass(frozen=True)
class NeuronStep:
    """One neuron on one image: the numbers the clip shows, computed once."""

    weights: np.ndarray  # (784,)
    bias: float
    products: np.ndarray  # weights * pixels, element by element
    positive: float  # sum of the positive products
    negative: float  # sum of the negative products (<= 0)
    weighted_sum: float  # w . a
    z: float  # w . a + b
    activation: float  # sigmoid(z)
    relu: float  # relu(z), what a modern network would use


def neuron_step(weights: np.ndarray, bias: float, pixels: np.ndarray) -> NeuronStep:
    products = weights * pixels
    weighted_sum = float(np.dot(weights, pixels))
    z = weighted_sum + bias
    return NeuronStep(
        weights=weights,
        bias=float(bias),
        products=products,
        positive=float(products[products > 0].sum()),
        negative=float(products[products < 0].sum()),
        weighted_sum=weighted_sum,
        z=z,
        activation=float(sigmoid(np.array([z]))[0]),
        relu=float(relu(np.array([z]))[0]),
    )


@dataclass(frozen=True)
class WeightedSumData:
    image_index: int
    label: int
    pixels: np.ndarray  # (784,) in [0, 1]
    edge: NeuronStep  # the hand-made edge detector
    edge_box: tuple[int, int, int, int]  # row, col, width, height of its bar
    neuron: int
    hidden: int  # neurons in the first hidden layer
    trained: NeuronStep  # the trained network's first-hidden-layer neuron
    z_limit: float  # the plots show z in [-z_limit, z_limit]


def z_axis_limit(*zs: float) -> float:
    """A multiple of 10 (ticks at multiples of 5) with every z well inside."""
    return float(max(10, 10 * np.ceil(max(abs(z) for z in zs) * 1.15 / 10)))


class _Captioned:
    """Caption swapping and cheap copies, shared by the two clips of this file."""

    caption_mob: Mobject | None = None

    def swap_caption(self, text: str) -> Animation:
        """Animation replacing the caption (one caption on screen at a time)."""
        anim, self.caption_mob = swap_caption(self.caption_mob, text, self.theme)
        return anim

    @staticmethod
    def light(mob: Mobject) -> Mobject:
        """``mob`` without its glyphs' parsed SVG paths: every FadeIn/Transform copies it."""
        drop_svg_sources(mob)
        return mob

    def tex(self, *strings: str, **kwargs) -> MathTex:
        """A MathTex without its parsed SVG sources; each distinct one is parsed once per clip.

        Manim's own cache deep-copies every MathTex it builds, parsed SVG and all,
        which costs half as much as parsing it; a light copy costs a tenth.
        """
        cache = self.__dict__.setdefault("_tex_cache", {})
        key = (strings, tuple(sorted((k, repr(v)) for k, v in kwargs.items())))
        if key not in cache:
            cache[key] = self.light(MathTex(*strings, use_svg_cache=False, **kwargs))
        return cache[key].copy()

    def play_captioned(self, text: str, *animations: Animation) -> None:
        """``play(*animations, swap_caption(text))``, as two plays when that draws less.

        The swap fades the old caption out, then the new one in. When the other
        animations are over by the time the old caption is gone, the new one fades
        in by a play of its own: the same frames, but the finished animations'
        mobjects are no longer redrawn every frame of the second half.
        """
        swap = self.swap_caption(text)
        steps = getattr(swap, "animations", None)
        if (
            isinstance(swap, Succession)
            and steps is not None
            and len(steps) == 2
            and all(a.get_run_time() <= steps[0].get_run_time() for a in animations)
        ):
            self.play(*animations, steps[0])
            self.play(steps[1])
        else:
            self.play(*animations, swap)

    def outline(self, *strings: str, color: str | None = None, **kwargs) -> MergedOutlines:
        """A formula that is only shown, faded and morphed: one cached outline."""
        return tex_outline(*strings, color=color or self.theme.text, **kwargs)

    def parts(self, *strings: str, color: str | None = None, **kwargs) -> VGroup:
        """A formula morphed part by part: one cached outline per part."""
        return tex_parts(*strings, color=color or self.theme.text, **kwargs)

    def swap_in(self, shown: Mobject, same_look: Mobject) -> Mobject:
        """Replace ``shown`` on screen by ``same_look`` (drawn identically, fewer outlines)."""
        self.remove(shown)
        self.add(same_look)
        return same_look


class WeightedSum(_Captioned, ClipScene):
    """One neuron: 784 weights times 784 pixels, summed, shifted by a bias, squished."""

    SUMMARY = "one neuron: edge-detector weights, weighted sum, bias threshold, sigmoid (and ReLU)"
    PARAMS = (
        *DIGIT_PARAMS,
        Param("image", int, 10, "index of the test image fed to the neuron", lo=0, hi=9999),
        Param(
            "bias",
            float,
            -10.0,
            "bias of the hand-made neuron (its threshold, negated)",
            lo=-100.0,
            hi=100.0,
        ),
        # rows and columns count from 0; the bar's ring needs one pixel on every side
        Param("edge_row", int, 9, "top row of the edge detector's positive bar", lo=1, hi=26),
        Param("edge_col", int, 15, "left column of the positive bar", lo=1, hi=26),
        Param("edge_width", int, 8, "bar length in pixels", lo=1, hi=26),
        Param("edge_height", int, 3, "bar thickness in pixels", lo=1, hi=26),
        Param(
            "neuron",
            int,
            -1,
            "trained first-hidden-layer neuron (0-15) that ends the clip; -1 picks the one "
            "whose z on this image is nearest 0 (its dot sits on the sigmoid's bend)",
            lo=-1,
            hi=15,
        ),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> WeightedSumData:
        # The one-pixel negative ring must fit inside the 28x28 grid.
        if p.edge_row + p.edge_height > SIDE - 1:
            raise ParamError(
                f"edge_row={p.edge_row} with edge_height={p.edge_height} puts the bar's ring "
                f"outside the image; keep edge_row + edge_height <= {SIDE - 1}"
            )
        if p.edge_col + p.edge_width > SIDE - 1:
            raise ParamError(
                f"edge_col={p.edge_col} with edge_width={p.edge_width} puts the bar's ring "
                f"outside the image; keep edge_col + edge_width <= {SIDE - 1}"
            )
        if abs(p.bias * 10**DECIMALS - round(p.bias * 10**DECIMALS)) > 1e-6:
            raise ParamError(
                f"bias={p.bias:g} has more than {DECIMALS} decimals; the clip shows "
                f"{DECIMALS}, so use e.g. {round(p.bias, DECIMALS):g}"
            )
        net, _history, (_, _, test_images, test_labels) = trained_digit_network(
            p.data, p.seed, p.epochs
        )
        checked_test_index(p.image, test_labels, p.data)
        pixels = np.asarray(test_images[p.image], dtype=float)
        neuron = p.neuron
        if neuron < 0:  # most trained neurons saturate; the least saturated shows the squish
            neuron = int(np.argmin(np.abs(net.pre_activations(pixels)[0][0])))
        edge = neuron_step(
            edge_detector_weights(p.edge_row, p.edge_col, p.edge_width, p.edge_height),
            p.bias,
            pixels,
        )
        trained = neuron_step(
            np.asarray(net.weights[0][neuron], float), float(net.biases[0][neuron]), pixels
        )
        return WeightedSumData(
            image_index=p.image,
            label=int(test_labels[p.image]),
            pixels=pixels,
            edge=edge,
            edge_box=(p.edge_row, p.edge_col, p.edge_width, p.edge_height),
            neuron=neuron,
            hidden=net.weights[0].shape[0],
            trained=trained,
            z_limit=z_axis_limit(edge.z, trained.z),
        )

    # -- construct: the story ---------------------------------------------------
    def construct(self) -> None:
        self.show_edge_detector()
        self.show_weighted_sum()
        self.add_bias()
        self.squish()
        self.mention_relu()
        self.show_trained_neuron()

    def show_edge_detector(self) -> None:
        self.next_section("edge_detector")
        d, t = self.data, self.theme
        self.heading = self.light(title("One neuron: weighted sum, bias, squish", t, font_size=36))
        self.edge_grid = weight_grid(d.edge.weights, t, height=GRID_H, scale=1.0)
        self.edge_grid.move_to([GRID_X[0], GRID_Y, 0])
        self.weights_panel = self.framed(self.edge_grid, "weights w (hand-made)")
        self.legend = self.merged_legend(1.0)
        self.legend.next_to(self.edge_grid, DOWN, buff=0.15)
        self.play_captioned(
            (
                "a neuron of the first hidden layer sees all 784 pixels, one weight each:\n"
                "here +1 on a short bar (blue), -1 on a ring around it (orange), 0 elsewhere"
            ),
            FadeIn(self.heading),
            FadeIn(self.weights_panel),
            FadeIn(self.legend),
        )
        row, col, width, height = d.edge_box
        self.shown["edge_box"] = {"row": row, "col": col, "width": width, "height": height}
        self.wait(1.5)

    def show_weighted_sum(self) -> None:
        self.next_section("weighted_sum")
        d, t = self.data, self.theme
        digit = digit_image(d.pixels, height=GRID_H).move_to([GRID_X[1], GRID_Y, 0])
        self.digit_panel = self.framed(digit, f"pixels a: test image {d.image_index} (a {d.label})")
        self.product_grid = weight_grid(d.edge.products, t, height=GRID_H, scale=1.0)
        self.product_grid.move_to([GRID_X[2], GRID_Y, 0])
        self.product_panel = self.framed(self.product_grid, "each weight × its pixel")
        times = self.outline(r"\times", font_size=48).move_to(
            [(GRID_X[0] + GRID_X[1]) / 2, GRID_Y, 0]
        )
        equals = self.outline("=", font_size=48).move_to([(GRID_X[1] + GRID_X[2]) / 2, GRID_Y, 0])
        self.play(FadeIn(times), FadeIn(self.digit_panel))
        self.play_captioned(
            (
                "grey levels from 0 (black) to 1 (white); multiply pixel by "
                "weight,\nthen add all 784 products: bright bar pixels add, "
                "bright ring pixels subtract"
            ),
            FadeIn(equals),
            FadeIn(self.product_panel),
        )
        self.sum_line = self.sum_equation(d.edge)
        self.sum_line.move_to([EQ_LEFT, EQ_Y[0], 0], aligned_edge=LEFT)
        self.play(Write(self.sum_line))
        self.sum_line = self.swap_in(self.sum_line, merged_parts(self.sum_line))
        self.record("", d.edge)
        self.wait(1.5)

    def add_bias(self) -> None:
        self.next_section("bias")
        d = self.data
        self.bias_line = self.bias_equation(d.edge).move_to(
            [EQ_LEFT, EQ_Y[1], 0], aligned_edge=LEFT
        )
        threshold = f"{-d.edge.bias:g}"
        self.play_captioned(
            (
                f"the bias b = {d.edge.bias:g} is a threshold: z = w·a + b is positive\n"
                f"only when the weighted sum is above {threshold}"
            ),
            Write(self.bias_line),
        )
        self.shown["threshold"] = threshold
        self.bias_line = self.swap_in(self.bias_line, merged_parts(self.bias_line))
        self.wait(1.5)

    def squish(self) -> None:
        self.next_section("sigmoid")
        d, t = self.data, self.theme
        lim = d.z_limit
        self.sig_axes = self.light(
            make_axes(t, [-lim, lim, lim / 2], [0, 1, 1], x_length=PLOT_W, y_length=PLOT_H)
        )
        self.sig_axes.move_to([PLOT_X, SIG_Y, 0])
        zs = np.linspace(-lim, lim, 241)
        sig_curve = polyline(self.sig_axes, zs, sigmoid(zs), t.primary)
        sig_name = self.outline(r"\sigma(z) = \frac{1}{1 + e^{-z}}", font_size=28, color=t.muted)
        sig_name.next_to(self.sig_axes, UP, buff=0.12)
        self.sig_marker = self.plot_marker(self.sig_axes, d.edge.z, d.edge.activation)
        self.act_line = self.activation_equation(d.edge).move_to(
            [EQ_LEFT, EQ_Y[2], 0], aligned_edge=LEFT
        )
        self.neuron_dot = self.neuron_circle(d.edge.activation).next_to(
            self.act_line, RIGHT, buff=0.3
        )
        self.play_captioned(
            (
                "the sigmoid squishes any z into a value between 0 and 1:\n"
                "the neuron's activation, drawn as a grey level"
            ),
            FadeIn(merge_by_style(self.sig_axes)),
            Create(sig_curve),
            FadeIn(sig_name),
        )
        self.play(FadeIn(self.sig_marker), Write(self.act_line), FadeIn(self.neuron_dot))
        self.act_line = self.swap_in(self.act_line, merged_parts(self.act_line))
        self.shown["z_axis"] = (-lim, lim)
        self.wait(1.5)

    def mention_relu(self) -> None:
        self.next_section("relu")
        d, t = self.data, self.theme
        lim = d.z_limit
        self.relu_axes = self.light(
            make_axes(t, [-lim, lim, lim / 2], [0, lim, lim / 2], x_length=PLOT_W, y_length=PLOT_H)
        )
        self.relu_axes.move_to([PLOT_X, RELU_Y, 0])
        # (5 knots, not 3: a 3x3 point array would be read the wrong way round)
        knots = np.linspace(-lim, lim, 5)
        relu_curve = polyline(self.relu_axes, knots, relu(knots), t.secondary)
        relu_name = self.outline(r"\mathrm{ReLU}(z) = \max(0, z)", font_size=28, color=t.muted)
        relu_name.next_to(self.relu_axes, UP, buff=0.12)
        self.relu_marker = self.plot_marker(self.relu_axes, d.edge.z, d.edge.relu)
        self.relu_line = self.relu_equation(d.edge).next_to(self.relu_axes, DOWN, buff=0.2)
        self.play_captioned(
            (
                "modern networks mostly use ReLU instead of the sigmoid:\n"
                "max(0, z) keeps its slope for large z, so deep networks "
                "train faster"
            ),
            FadeIn(merge_by_style(self.relu_axes)),
            Create(relu_curve),
            FadeIn(relu_name),
        )
        self.play(FadeIn(self.relu_marker), FadeIn(self.relu_line))
        self.wait(1.5)

    def show_trained_neuron(self) -> None:
        self.next_section("trained")
        d, t = self.data, self.theme
        tr = d.trained
        scale = float(np.max(np.abs(tr.weights)))
        self.trained_grid = weight_grid(tr.weights, t, height=GRID_H, scale=scale)
        self.trained_grid.move_to(self.edge_grid)
        trained_panel = self.framed(self.trained_grid, f"weights w (trained neuron {d.neuron})")
        trained_products = weight_grid(tr.products, t, height=GRID_H, scale=scale)
        trained_products.move_to(self.product_grid)
        legend = self.merged_legend(scale).move_to(self.legend)
        lines = [
            (self.sum_line, self.sum_equation(tr, written=False)),
            (self.bias_line, self.bias_equation(tr, written=False)),
            (self.act_line, self.activation_equation(tr, written=False)),
        ]
        for old, new in lines:
            new.move_to(old, aligned_edge=LEFT)
        neuron_dot = self.neuron_circle(tr.activation)
        neuron_dot.next_to(lines[2][1], RIGHT, buff=0.3)
        relu_line = self.relu_equation(tr).move_to(self.relu_line)
        self.play(
            FadeOut(self.weights_panel),
            FadeIn(trained_panel),
            FadeOut(self.product_grid),
            FadeIn(trained_products),
            FadeOut(self.legend),
            FadeIn(legend),
            *[ReplacementTransform(old, new) for old, new in lines],
            ReplacementTransform(self.neuron_dot, neuron_dot),
            ReplacementTransform(self.relu_line, relu_line),
            self.sig_marker.animate.become(self.plot_marker(self.sig_axes, tr.z, tr.activation)),
            self.relu_marker.animate.become(self.plot_marker(self.relu_axes, tr.z, tr.relu)),
            self.swap_caption(
                f"a real neuron (number {d.neuron} of {d.hidden}) of the trained network, "
                "same image:\n"
                "its weights are loose blobs, not a clean edge detector"
            ),
            run_time=1.5,
        )
        self.record("trained_", tr)
        self.shown["neuron"] = d.neuron
        self.wait(2.5)

    # -- drawing helpers --------------------------------------------------------
    def framed(self, image: Mobject, label: str) -> Group:
        """An image with a thin frame (zero weights are the background colour) and a label."""
        t = self.theme
        frame = SurroundingRectangle(image, buff=0.0, color=t.muted, stroke_width=1.5)
        text = merged_text(label, t.text, 16)  # one outline, cached on disk
        fit_within(text, GRID_H + 0.7)
        text.next_to(frame, UP, buff=0.12)
        return Group(image, frame, text)

    def merged_legend(self, scale: float) -> Group:
        """:func:`weight_legend` with each end value one outline."""
        legend = weight_legend(self.theme, scale, width=GRID_H * 0.9)
        return Group(legend[0], *(merged(label) for label in legend[1:]))

    def sum_equation(self, step: NeuronStep, written: bool = True) -> VGroup:
        t = self.theme
        (pos, neg), total = shown_terms([step.positive, step.negative], step.weighted_sum)
        last = len(step.weights) - 1
        line = (self.tex if written else self.parts)(
            r"w \cdot a",
            "=",
            rf"\textstyle\sum_{{i=0}}^{{{last}}} w_i a_i",
            "=",
            fmt(pos),
            "-",
            fmt(-neg),
            "=",
            fmt(total),
            font_size=EQ_SIZE,
        )
        line[4].set_color(t.positive)
        line[6].set_color(t.negative)
        return self.light(fit_within(line, EQ_MAX_W))

    def bias_equation(self, step: NeuronStep, written: bool = True) -> VGroup:
        # each term as already shown, so the line adds up to the digits shown
        wa = round(step.weighted_sum, DECIMALS)
        b = round(step.bias, DECIMALS)
        z = round(wa + b, DECIMALS)
        line = (self.tex if written else self.parts)(
            r"z = w \cdot a + b",
            "=",
            fmt(wa),
            "+" if b >= 0 else "-",
            fmt(abs(b)),
            "=",
            fmt(z),
            font_size=EQ_SIZE,
        )
        line[-1].set_color(self.theme.accent)
        return self.light(fit_within(line, EQ_MAX_W))

    def activation_equation(self, step: NeuronStep, written: bool = True) -> VGroup:
        z = self.shown_z(step)
        line = (self.tex if written else self.parts)(
            r"a = \sigma(z)",
            "=",
            rf"\sigma({fmt(z)})",
            "=",
            fmt(step.activation, ACT_DECIMALS),
            font_size=EQ_SIZE,
        )
        line[-1].set_color(self.theme.accent)
        return self.light(fit_within(line, EQ_MAX_W - 1.0))

    def relu_equation(self, step: NeuronStep) -> VGroup:
        """``ReLU(z) = max(z, 0)``, one outline per part (faded and morphed, never written)."""
        z = self.shown_z(step)
        return self.parts(r"\mathrm{ReLU}(", fmt(z), ") =", fmt(max(z, 0.0)), font_size=28)

    @staticmethod
    def shown_z(step: NeuronStep) -> float:
        """z as the bias line shows it: shown w.a plus shown b."""
        return round(round(step.weighted_sum, DECIMALS) + round(step.bias, DECIMALS), DECIMALS)

    def record(self, prefix: str, step: NeuronStep) -> None:
        (pos, neg), total = shown_terms([step.positive, step.negative], step.weighted_sum)
        z = self.shown_z(step)
        self.shown[prefix + "positive_part"] = fmt(pos)
        self.shown[prefix + "negative_part"] = fmt(neg)
        self.shown[prefix + "weighted_sum"] = fmt(total)
        self.shown[prefix + "bias"] = fmt(step.bias)
        self.shown[prefix + "z"] = fmt(z)
        self.shown[prefix + "sigmoid"] = fmt(step.activation, ACT_DECIMALS)
        self.shown[prefix + "relu"] = fmt(max(z, 0.0))

    def plot_marker(self, axes, z: float, value: float) -> VGroup:
        """The point (z, f(z)) with a dashed drop line to the z axis."""
        point = axes.c2p(z, value)
        dot = Dot(point, radius=0.07, color=self.theme.accent)
        drop = dashed_segment(
            axes.c2p(z, 0), point, color=self.theme.accent, stroke_width=2, dash_length=0.06
        )
        return VGroup(drop, dot)

    def neuron_circle(self, activation: float) -> Circle:
        """The neuron itself: a circle filled with its activation as a grey level."""
        return Circle(
            radius=0.28,
            fill_color=grey_hex(activation),
            fill_opacity=1.0,
            stroke_color=self.theme.muted,
            stroke_width=2,
        )


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


class MatrixNotation(_Captioned, ClipScene):
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
            self.swap_caption(
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
            self.swap_caption(note),
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
        color = self.theme.accent
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


def tall_paren(side: str, height: float, make=MathTex) -> MathTex:
    """A parenthesis as tall as ``height``, sized by LaTeX (not stretched thin)."""
    rows = max(1, int(height / 0.6) + 1)
    body = r"\begin{array}{c}" + r"\quad \\" * rows + r"\end{array}"
    tex = (
        (rf"\left{side}" + body + r"\right.")
        if side == "("
        else (r"\left." + body + rf"\right{side}")
    )
    return make(tex).stretch_to_fit_height(height * 1.05)


# Layout of WeightedSum (frame: 14.2 x 8 units).
GRID_H = 2.2
GRID_X = (-5.5, -2.4, 0.7)
GRID_Y = 1.4
EQ_LEFT = -6.7
EQ_Y = (-0.95, -1.7, -2.45)
EQ_SIZE = 34
EQ_MAX_W = 8.6
PLOT_W, PLOT_H = 3.9, 1.5
PLOT_X = 4.8
SIG_Y, RELU_Y = 1.2, -1.35

# Layout of MatrixNotation.
EXPR_Y = 0.1
MATRIX_SIZE = 30


__all__ = [
    "MatrixData",
    "MatrixNotation",
    "NeuronStep",
    "WeightedSum",
    "WeightedSumData",
    "column_labels",
    "edge_detector_weights",
    "neuron_step",
    "shown_terms",
    "weight_label",
    "weight_matrix_labels",
]
