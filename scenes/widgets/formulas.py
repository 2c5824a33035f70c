"""Formulas.

Numbers formatted as shown, formula outlines (one per colour), matrices, the formula-clip
mixin, a sum drawn as a waterfall of its terms.
"""

from __future__ import annotations

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    UP,
    Animation,
    DashedLine,
    MathTex,
    Matrix,
    Mobject,
    Rectangle,
    Succession,
    VGroup,
    VMobject,
    smooth,
)

from scenes.core.theme import Size, Theme
from scenes.render.outlines import (
    MergedOutlines,
    drop_svg_sources,
    merged,
    tex_outline,
    tex_parts,
)
from scenes.widgets.plots import make_axes, tick_labels
from scenes.widgets.text import Captions, fit_within, merged_text

DECIMALS = 2  # sums, biases and z are shown to 2 decimals


def first_half(t: float) -> float:
    """Rate function: the whole change in the first half of the play (an old piece going)."""
    return smooth(min(1.0, 2.0 * t))


def second_half(t: float) -> float:
    """Rate function: the whole change in the second half (a new piece in the same place)."""
    return smooth(max(0.0, 2.0 * t - 1.0))


def dashed_segment(
    start: np.ndarray, end: np.ndarray, color: str, stroke_width: float, dash_length: float
) -> VMobject:
    """A dashed line as ONE outline (one subpath per dash), like ``DashedLine``'s dashes."""
    return merged(
        DashedLine(start, end, color=color, stroke_width=stroke_width, dash_length=dash_length)
    )


class _OutlineMatrix(Matrix):
    """A Matrix whose brackets are one outline each, read from the outline cache.

    ``column_gap``: when given, each column is as wide as its own widest entry and
    columns are that far apart (a column of dots takes less room than one of
    ``w_{15, 783}``); else Manim's uniform ``h_buff``.
    """

    def __init__(self, *args, bracket_color: str, column_gap: float | None = None,
                 **kwargs) -> None:  # fmt: skip
        self._bracket_color = bracket_color
        self._column_gap = column_gap
        super().__init__(*args, **kwargs)

    def _organize_mob_matrix(self, matrix: list[list[Mobject]]) -> Matrix:
        if self._column_gap is None:
            return super()._organize_mob_matrix(matrix)
        widths = [max(row[j].width for row in matrix) for j in range(len(matrix[0]))]
        centres = np.cumsum([0.0] + [(a + b) / 2 + self._column_gap
                                     for a, b in zip(widths, widths[1:])])  # fmt: skip
        for i, row in enumerate(matrix):
            for j, mob in enumerate(row):
                mob.move_to([centres[j], -i * self.v_buff, 0])
        return self

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


def formula(mob: Mobject) -> Mobject:
    """Register ``mob`` (a MathTex or a LaTeX outline) as a displayed formula: the only
    place the layout check lets LaTeX glyphs appear (rule 6: words and numbers in
    DejaVu Sans, LaTeX for displayed formulas)."""
    for part in mob.get_family():
        part.is_formula = True
    return mob


class FormulaClip(Captions):
    """Mixin for formula clips: captions, cheap MathTex copies, formulas as cached outlines."""

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
            cache[key] = formula(self.light(MathTex(*strings, use_svg_cache=False, **kwargs)))
        return cache[key].copy()

    def play_beat(self, name: str, headline: str, narration: str, *animations: Animation) -> None:
        """Start a beat (see ``Captions.start_beat``) and play its caption swap with
        ``animations``, as two plays when that draws less.

        The swap fades the old caption out, then the new one in. When the other
        animations are over by the time the old caption is gone, the new one fades
        in by a play of its own: the same frames, but the finished animations'
        mobjects are no longer redrawn every frame of the second half.
        """
        swap = self.start_beat(name, headline, narration)
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
        return formula(tex_outline(*strings, color=color or self.theme.text, **kwargs))

    def parts(self, *strings: str, color: str | None = None, **kwargs) -> VGroup:
        """A formula morphed part by part: one cached outline per part."""
        return formula(tex_parts(*strings, color=color or self.theme.text, **kwargs))

    def settle(self, shown: MathTex) -> VGroup:
        """Replace a written MathTex on screen by :func:`colour_outlines` of it (same look)."""
        return self.swap_in(shown, colour_outlines(shown))

    def swap_in(self, shown: Mobject, same_look: Mobject) -> Mobject:
        """Replace ``shown`` on screen by ``same_look`` (drawn identically, fewer outlines)."""
        self.remove(shown)
        self.add(same_look)
        return same_look


class NeuronFormulas(FormulaClip):
    """Mixin: one neuron's equations with its numbers, each term as shown (2 decimals).

    ``step`` is one neuron on one input: ``weights``, ``bias``, ``positive`` and
    ``negative`` (the sums of its positive and negative products),
    ``weighted_sum``, ``activation`` (its sigmoid).
    """

    EQ_SIZE = 38  # LaTeX: its digits 3.4% of the frame height
    EQ_MAX_W = 8.6
    ACT_DECIMALS = 3  # activations (between 0 and 1) to 3

    def sum_equation(self, step) -> MathTex:
        t = self.theme
        (pos, neg), total = shown_terms([step.positive, step.negative], step.weighted_sum)
        last = len(step.weights) - 1
        line = self.tex(
            r"w \cdot a",
            "=",
            rf"\textstyle\sum_{{i=0}}^{{{last}}} w_i a_i",
            "=",
            fmt(pos),
            "-",
            fmt(-neg),
            "=",
            fmt(total),
            font_size=self.EQ_SIZE,
        )
        line[4].set_color(t.positive)
        line[6].set_color(t.negative)
        return self.light(fit_within(line, self.EQ_MAX_W))

    def bias_equation(self, step) -> MathTex:
        # each term as already shown, so the line adds up to the digits shown
        wa = round(step.weighted_sum, DECIMALS)
        b = round(step.bias, DECIMALS)
        z = round(wa + b, DECIMALS)
        line = self.tex(
            r"z = w \cdot a + b",
            "=",
            fmt(wa),
            "+" if b >= 0 else "-",
            fmt(abs(b)),
            "=",
            fmt(z),
            font_size=self.EQ_SIZE,
        )
        line[-1].set_color(self.theme.highlight)
        return self.light(fit_within(line, self.EQ_MAX_W))

    def activation_equation(self, step) -> MathTex:
        z = self.shown_z(step)
        line = self.tex(
            r"a = \sigma(z)",
            "=",
            rf"\sigma({fmt(z)})",
            "=",
            fmt(step.activation, self.ACT_DECIMALS),
            font_size=self.EQ_SIZE,
        )
        line[-1].set_color(self.theme.highlight)
        return self.light(fit_within(line, self.EQ_MAX_W - 1.0))

    def relu_equation(self, step) -> VGroup:
        """``ReLU(z) = max(z, 0)`` with the numbers, one outline (only faded in and out)."""
        z = self.shown_z(step)
        return colour_outlines(
            self.tex(r"\mathrm{ReLU}(", fmt(z), ") =", fmt(max(z, 0.0)), font_size=self.EQ_SIZE)
        )

    @staticmethod
    def shown_z(step) -> float:
        """z as the bias line shows it: shown w.a plus shown b."""
        return round(round(step.weighted_sum, DECIMALS) + round(step.bias, DECIMALS), DECIMALS)

    def record(self, prefix: str, step) -> None:
        (pos, neg), total = shown_terms([step.positive, step.negative], step.weighted_sum)
        z = self.shown_z(step)
        self.shown[prefix + "positive_part"] = fmt(pos)
        self.shown[prefix + "negative_part"] = fmt(neg)
        self.shown[prefix + "weighted_sum"] = fmt(total)
        self.shown[prefix + "bias"] = fmt(step.bias)
        self.shown[prefix + "z"] = fmt(z)
        self.shown[prefix + "sigmoid"] = fmt(step.activation, self.ACT_DECIMALS)
        self.shown[prefix + "relu"] = fmt(max(z, 0.0))


def colour_outlines(tex: MathTex) -> VGroup:
    """A MathTex as one outline per colour, registered as one displayed formula.

    Looks the same; costs one path per colour a frame. Each outline keeps the
    LaTeX of its parts (``text``), so the layout check reads it as formula text
    (its size, its digits) like the MathTex it replaces.
    """
    parts = list(tex.submobjects)
    strings = list(getattr(tex, "tex_strings", [])) or [getattr(tex, "tex_string", "")]
    if len(strings) != len(parts):
        strings = [getattr(tex, "tex_string", "")] * len(parts)
    groups: dict[str, tuple[list[np.ndarray], list[str]]] = {}
    for part, string in zip(parts, strings):
        inked = part.family_members_with_points()
        if not inked:
            continue
        colour = inked[0].get_fill_color().to_hex()
        points, texts = groups.setdefault(colour, ([], []))
        points.extend(m.points for m in inked)
        texts.append(string)
    group = VGroup()
    for colour, (points, texts) in groups.items():
        outline = MergedOutlines.from_points(np.concatenate(points), colour, text=" ".join(texts))
        outline.latex = True
        group.add(outline)
    group.tex_string = getattr(tex, "tex_string", "")
    group.tex_strings = list(getattr(tex, "tex_strings", []))
    return formula(group)


class Waterfall(VGroup):
    """A sum drawn as a waterfall on a horizontal value axis, one row per term.

    Each term's bar starts where the running total stands (positive terms in
    the positive colour to the right, negative ones back to the left), dashed
    links carry the total down a row, and the last row is the total from 0.
    ``threshold`` adds a dashed vertical line at that value (named above it)
    and, along the top of the total's bar, a bar from the threshold to the
    total: how far the total is past it (``past_name``, e.g. ``z = total - threshold``).
    Pieces for animating: ``base`` (axes and row names), ``bars`` (terms and
    total), ``links``, ``threshold``, ``threshold_label``, ``past``,
    ``past_label``; each bar's ``edge`` is the side it grows from.
    """

    def __init__(self, theme: Theme, terms: list[tuple[str, float]], total_name: str,
                 threshold: float, past_name: str = "z", width: float = 3.0,
                 height: float = 4.0) -> None:  # fmt: skip
        super().__init__()
        t, rows = theme, len(terms) + 1
        ends = np.cumsum([0.0] + [value for _, value in terms])
        levels = [*ends, threshold]
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)
                    if (max(levels) - min(levels)) / s <= 4)  # fmt: skip
        lo, hi = step * np.floor(min(levels) / step), step * np.ceil(max(levels) / step)
        self.axes = axes = make_axes(t, [lo, hi, step], [0, rows, rows], x_length=width,
                                     y_length=height, numbers=False)  # fmt: skip
        axes.x_axis.add(tick_labels(axes, t, y_values=[])[0])
        axes.y_axis.remove(axes.y_axis.ticks)  # the rows are not values
        centres = [rows - 0.5 - k for k in range(rows)]  # top row first
        names = VGroup(*(
            merged_text(name, t.text, Size.READOUT).next_to(axes.c2p(lo, y), LEFT, buff=0.2)
            for name, y in zip([n for n, _ in terms] + [total_name], centres)
        ))  # fmt: skip
        colours = [t.positive if v >= 0 else t.negative for _, v in terms] + [t.muted]
        starts = [*ends[:-1], 0.0]
        stops = [*ends[1:], ends[-1]]
        self.bars = VGroup(*(self.span(a, b, y, c, 0.6) for a, b, y, c in
                             zip(starts, stops, centres, colours)))  # fmt: skip
        self.links = VGroup(*(
            DashedLine(axes.c2p(x, y - 0.3), axes.c2p(x, y - 0.7), dash_length=0.06,
                       stroke_color=t.muted, stroke_width=1.5)
            for x, y in zip(ends[1:], centres)
        ))  # fmt: skip
        self.threshold = dashed_segment(
            axes.c2p(threshold, 0), axes.c2p(threshold, rows), t.text, 2.5, dash_length=0.1
        )
        label = merged_text("threshold", t.text, Size.READOUT)
        label.next_to(self.threshold, UP, buff=0.12)
        # kept over the axis (at most 0.3 past its right end)
        left, right = axes.x_axis.get_left()[0], axes.x_axis.get_right()[0] + 0.3
        label.set_x(float(np.clip(label.get_x(), left + label.width / 2, right - label.width / 2)))
        self.threshold_label = label
        # on top of the total's bar: the part of it past the threshold
        self.past = self.span(threshold, ends[-1], centres[-1] + 0.38, t.highlight, 0.16)
        self.past_label = merged_text(past_name, t.highlight, Size.READOUT)
        self.past_label.next_to(self.past, RIGHT, buff=0.1)
        self.base = VGroup(axes, names)
        self.add(self.base, self.bars, self.links, self.threshold, label, self.past,
                 self.past_label)  # fmt: skip

    def span(self, a: float, b: float, y: float, colour: str, height: float) -> Rectangle:
        """A bar from value ``a`` to value ``b`` on the row centred at ``y``; grows from ``a``."""
        (x0, y0, _), (x1, y1, _) = (self.axes.c2p(min(a, b), y - height / 2),
                                    self.axes.c2p(max(a, b), y + height / 2))  # fmt: skip
        bar = Rectangle(width=max(x1 - x0, 1e-3), height=y1 - y0, stroke_width=0,
                        fill_color=colour, fill_opacity=0.9)  # fmt: skip
        bar.move_to([(x0 + x1) / 2, (y0 + y1) / 2, 0])
        bar.edge = LEFT if b >= a else RIGHT
        return bar

    def extent(self, mob: Mobject) -> list[float]:
        """Where ``mob`` starts and ends on the value axis (as drawn)."""
        return [round(float(self.axes.p2c(mob.get_left())[0]), 6),
                round(float(self.axes.p2c(mob.get_right())[0]), 6)]  # fmt: skip
