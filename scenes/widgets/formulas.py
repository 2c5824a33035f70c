"""Formulas.

Numbers formatted as shown, formula outlines (one per colour), matrices, the formula-clip mixin.
"""

from __future__ import annotations

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    Animation,
    MathTex,
    Matrix,
    Mobject,
    Succession,
    VGroup,
)

from scenes.render.outlines import (
    MergedOutlines,
    drop_svg_sources,
    tex_outline,
    tex_parts,
)
from scenes.widgets.text import Captions

DECIMALS = 2  # sums, biases and z are shown to 2 decimals


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
