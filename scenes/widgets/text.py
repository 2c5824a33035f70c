"""Text pieces: title, caption (and one-caption-at-a-time mixins), readouts, legends, live numbers.

Usage::

    self.add(title("Least squares", self.theme))
    anim, self.cap = swap_caption(self.cap, "the next idea", self.theme)
    loss = LiveNumber(1.0, num_decimal_places=4)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    Animation,
    FadeIn,
    Line,
    Mobject,
    Text,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    config,
)

from scenes.core.cache import cache_dir
from scenes.core.layout import CAPTION_BAND, TITLE_BAND
from scenes.core.theme import FONT, THEMED_TEXT, Size, Theme
from scenes.render.outlines import (
    MergedOutlines,
    cached_outlines,
    drop_svg_sources,
    merge_outlines,
)


class Captions:
    """Mixin for clips: story beats, each with a one-line headline and a narration.

    ``beat`` starts a section (a slide, a chapter), swaps the caption at the
    bottom edge to the beat's headline (the old one fades out before the new
    one fades in) and records the narration: the full sentence or two, with
    the computed numbers, that subtitles, speaker notes and speech read
    (``self.beat_log``, see ``ClipMixin.record_beat``)::

        class MyClip(Captions, ClipScene):
            def construct(self):
                self.beat("fit", "Squares measure how far off the line is",
                          f"Each error is squared; their sum is {sse:.1f}.")
                self.play(Create(curve), self.start_beat(
                    "train", "Gradient steps pull the line in", narration))
    """

    caption_mob: Mobject | None = None

    def start_beat(self, name: str, headline: str, narration: str) -> Animation:
        """Start beat ``name``: the animation swapping the caption to ``headline``."""
        self.next_section(name)
        self.record_beat(name, headline, narration)
        animation, self.caption_mob = swap_caption(self.caption_mob, headline, self.theme)
        return animation

    def beat(self, name: str, headline: str, narration: str, run_time: float = 0.6) -> None:
        """Start beat ``name`` and play the caption swap on its own."""
        self.play(self.start_beat(name, headline, narration), run_time=run_time)


# -- layout helpers --------------------------------------------------------
def frame_size() -> tuple[float, float]:
    return config.frame_width, config.frame_height


def fit_within(mob: Mobject, max_width: float, max_height: float | None = None) -> Mobject:
    """Shrink (never grow) ``mob`` to fit the box; keeps text inside the frame."""
    if mob.width > max_width:
        mob.scale_to_fit_width(max_width)
    if max_height is not None and mob.height > max_height:
        mob.scale_to_fit_height(max_height)
    return mob


#: Outlines of text built before, by key (see merged_text): this process's copy.
_TEXT_OUTLINES: dict[str, list[np.ndarray]] = {}


def merged_text(text: str, color: str, font_size: float = 48, **text_kwargs) -> VMobject:
    """``merge_outlines(Text(text, ...))``, the outline cached on disk (see cached_outlines).

    The outline does not depend on the colour, so one file serves every
    theme. Text whose glyphs differ in style (``t2c`` ...) is returned as the
    plain ``Text``.
    """
    text_kwargs.setdefault("font", FONT)
    if any(k.startswith("t2") or k == "gradient" for k in text_kwargs):
        return merge_outlines(Text(text, color=color, font_size=font_size, **text_kwargs))
    built: list[VMobject] = []

    def build() -> list[np.ndarray] | None:
        mob = merge_outlines(Text(text, color=color, font_size=font_size, **text_kwargs))
        built.append(mob)
        return [mob.points.copy()] if isinstance(mob, MergedOutlines) else None

    spec = {"text": text, "font_size": font_size, **text_kwargs}
    parts = cached_outlines(_TEXT_OUTLINES, cache_dir() / "text", spec, build, suffix=".npy")
    if parts is None:
        return built[0]  # mixed styles: the Text itself
    mob = MergedOutlines.from_points(parts[0], color, text=text)
    return sized(mob, font_size)


def sized(mob: Mobject, font_size: float) -> Mobject:
    """Note ``mob``'s font size, so the layout check knows it after any scaling."""
    mob.font_size0, mob.height0 = float(font_size), float(mob.height)
    return mob


def font_size_of(mob: Mobject) -> float | None:
    """The font size ``mob`` is drawn at now (after scaling), where known."""
    if getattr(mob, "height0", 0) > 0:
        return mob.font_size0 * mob.height / mob.height0
    if isinstance(mob, LiveNumber):
        return mob.current_font_size()
    size = getattr(mob, "font_size", None)
    return float(size) if isinstance(size, int | float) else None


def with_role(mob: Mobject, role: str) -> Mobject:
    """Tag ``mob`` (and what it holds) for the check: "title", "caption", "tick", "label"."""
    mob.text_role = role
    return mob


def plated(mob: Mobject, theme: Theme, buff: float = 0.06) -> VGroup:
    """``mob`` on an opaque plate of the background colour: lines drawn before it stop at it.

    For a label that must sit on a curve, an axis or contours. The plate comes
    first in the group, so it is drawn under ``mob`` (``add_background_rectangle``
    puts it above a merged outline, whose own points are drawn before its
    submobjects). Raise the group's ``z_index`` to keep it above later lines.
    """
    from manim import BackgroundRectangle

    plate = BackgroundRectangle(mob, color=theme.background, fill_opacity=1.0, buff=buff)
    return VGroup(plate, mob)


def title(text: str, theme: Theme, font_size: float = Size.TITLE) -> VMobject:
    """A title in the title band, shrunk to the frame width (one outline: see MergedOutlines)."""
    mob = merged_text(text, theme.text, font_size)
    fit_within(mob, TITLE_BAND.width)
    return with_role(mob.move_to(TITLE_BAND.center), "title")


def caption(text: str, theme: Theme) -> VMobject:
    """The beat's headline: one line in the caption band, caption size, text colour.

    A headline too long for one line is shrunk to fit, and the layout check
    then reports it (the caption rule): shorten the text instead.
    """
    mob = merged_text(text, theme.text, Size.CAPTION)
    fit_within(mob, CAPTION_BAND.width)
    return with_role(mob.move_to(CAPTION_BAND.center), "caption")


class Readout(VGroup):
    """A label and a live number, e.g. ``sum of squares = 12.34``."""

    def __init__(
        self,
        label: str,
        value: float,
        theme: Theme,
        decimals: int = 2,
        font_size: float = Size.READOUT,
        color: str | None = None,
    ) -> None:
        super().__init__()
        self.text = merged_text(label, theme.text, font_size)  # shown, never spelled out
        self.number = LiveNumber(  # digits in the same font as the label, cheap to update
            value, num_decimal_places=decimals, font_size=font_size,
            color=color or theme.text,
        )
        self.number.next_to(self.text, RIGHT, buff=0.2)
        self.add(self.text, self.number)

    def set_value(self, value: float) -> Readout:
        self.number.set_value(value)  # anchored at its left end
        return self

    @property
    def value(self) -> float:
        return float(self.number.get_value())


def legend(
    items: Sequence[tuple[str, str] | tuple[str, str, str]],
    theme: Theme,
    direction: np.ndarray = DOWN,
) -> VGroup:
    """The series' one legend style: a swatch and a label per item, in the readout size.

    ``items`` are ``(colour, label)`` or ``(colour, label, kind)`` with ``kind`` one of
    ``"line"`` (default), ``"dashed"``, ``"dot"``, ``"box"``. Rows go down
    (``direction=DOWN``) or across (``RIGHT``). At most about four items (rule 2).
    """
    from manim import DashedLine, Dot, Square

    rows = VGroup()
    for item in items:
        color, label = item[0], item[1]
        kind = item[2] if len(item) > 2 else "line"
        if kind == "dot":
            swatch = Dot(radius=0.1, color=color)
        elif kind == "box":
            swatch = Square(0.3, stroke_color=color, stroke_width=3, fill_color=color,
                            fill_opacity=0.5)  # fmt: skip
        elif kind == "dashed":
            swatch = DashedLine(ORIGIN, RIGHT * 0.5, stroke_color=color, stroke_width=5,
                                dash_length=0.1)  # fmt: skip
        else:
            swatch = Line(ORIGIN, RIGHT * 0.5, stroke_color=color, stroke_width=5)
        text = merged_text(label, theme.text, Size.READOUT)
        rows.add(VGroup(swatch, text).arrange(RIGHT, buff=0.18))
    if np.allclose(direction, RIGHT):
        return rows.arrange(RIGHT, buff=0.5)
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.18)


def fade_swap(old: Mobject | None, new: Mobject, move: bool = False) -> Animation:
    """Replace ``old`` by ``new``: the old fades out, then the new fades in.

    For text, numbers and formulas whose strings differ: no glyph morph between
    them (rule 10). ``move=True`` puts ``new`` where ``old`` was first.
    """
    from manim import FadeOut, Succession

    if old is None:
        return FadeIn(new)
    if move:
        new.move_to(old)
    return Succession(FadeOut(old), FadeIn(new))


def swap_caption(old: Mobject | None, text: str, theme: Theme) -> tuple[Animation, Mobject]:
    """An animation replacing the bottom caption ``old`` by ``text``, and the new caption.

    The old caption fades out before the new one fades in, so two captions
    never overlap mid-transition. ``old=None`` only fades the new one in::

        anim, self.cap = swap_caption(self.cap, "next idea", self.theme)
        self.play(anim, run_time=0.6)
    """
    from manim import FadeOut, Succession

    new = caption(text, theme)
    drop_svg_sources(new)  # captions are faded often: copies must be cheap
    if old is None:
        return FadeIn(new), new
    return Succession(FadeOut(old), FadeIn(new)), new


class LiveNumber(VGroup):
    """A number redrawn every frame at almost no cost: fixed glyph slots, outlines swapped.

    ``DecimalNumber.set_value`` deep-copies a glyph
    per character and restyles the result on every update, 15-20 ms a frame
    for a readout; ``LiveNumber.set_value`` only assigns each slot the
    outline of its character, cached once per font, so an update costs about
    as much as moving a dot. Glyphs are ``Text`` outlines in the clips' font,
    spaced by the font's own advances (tabular digits: the number does not
    jitter as it counts).

    The number stays anchored where it is put: ``edge=LEFT`` (default) keeps
    its left end, ``RIGHT`` its right end (columns of figures), ``ORIGIN`` its
    centre; moving or scaling it (``next_to``, ``shift``, ``.animate``) moves
    the anchor with it.

    Examples
    --------
    ::

        class Count(Scene):
            def construct(self):
                loss = LiveNumber(1.0, num_decimal_places=4, font_size=36)
                self.add(loss)
                self.play(loss.count_to(0.0123), run_time=2)
                loss.add_updater(lambda m: m.set_value(tracker.get_value()))
    """

    #: font -> character -> (outline points at font size 48, origin at the
    #: glyph box's left end on the baseline; advance width)
    _glyphs: dict[str, dict[str, tuple[np.ndarray, float]]] = {}
    _BATCH = "0123456789.,\u2212+%"
    _MASTER_SIZE = 48.0

    def __init__(
        self,
        number: float = 0.0,
        num_decimal_places: int = 2,
        font_size: float = Size.READOUT,
        color: str | None = None,
        include_sign: bool = False,
        group_with_commas: bool = False,
        unit: str = "",
        edge: np.ndarray = LEFT,
        font: str = FONT,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.num_decimal_places = int(num_decimal_places)
        self.include_sign = include_sign
        self.group_with_commas = group_with_commas
        self.unit = unit
        self.edge = np.sign(np.asarray(edge, dtype=float)[0])
        self.font = font
        self.font_size = float(font_size)
        self.color_ = color or "#FFFFFF"  # the theme's text colour via set_default
        glyphs = self._font_glyphs(font)
        scale = self.font_size / self._MASTER_SIZE
        # Invisible marker on the baseline, one digit wide, around the anchor (its left
        # end for LEFT, right end for RIGHT, middle for ORIGIN). Transforms of the group
        # move and scale it, and set_value reads the anchor and the scale back from it.
        self._anchor_at = (self.edge + 1) / 2
        advance = glyphs["0"][1] * scale
        a, b = -self._anchor_at * advance, (1 - self._anchor_at) * advance
        self.marker = VMobject(stroke_width=0, fill_opacity=0)
        self.marker.set_points(np.array([[a, 0, 0], [a, 0, 0], [b, 0, 0], [b, 0, 0]]))
        self.slots = VGroup()
        self.add(self.marker, self.slots)
        self.number = float(number)
        self.set_value(number)

    # -- glyph cache -----------------------------------------------------------
    @classmethod
    def _font_glyphs(cls, font: str) -> dict[str, tuple[np.ndarray, float]]:
        if font not in cls._glyphs:
            cls._glyphs[font] = {}
            cls._learn(font, cls._BATCH)
        return cls._glyphs[font]

    @classmethod
    def _learn(cls, font: str, chars: str) -> None:
        """Cache the outlines and advances of ``chars`` from one ``Text``.

        Each character sits between two zeros ("00" + "c0" for each c): the
        distance between the zeros on either side is the zero's advance plus
        the character's, so one layout by Pango gives every advance.
        """
        table = cls._glyphs.setdefault(font, {})
        inked = [c for c in dict.fromkeys(chars) if not c.isspace()]
        text = Text("00" + "".join(c + "0" for c in inked), font=font, font_size=cls._MASTER_SIZE)
        glyphs = text.submobjects
        lefts = [g.get_left()[0] for g in glyphs]
        baseline = glyphs[0].get_bottom()[1]  # the zeros' bottoms, overshoot alike
        zero_adv = lefts[1] - lefts[0]
        table.setdefault("0", (glyphs[0].points - [lefts[0], baseline, 0], zero_adv))
        for k, c in enumerate(inked):
            before, glyph, after = lefts[1 + 2 * k], glyphs[2 + 2 * k], lefts[3 + 2 * k]
            box_left = before + zero_adv  # offsets are relative to the zero's ink: they cancel
            table[c] = (glyph.points - [box_left, baseline, 0], after - before - zero_adv)
        for c in dict.fromkeys(chars):
            if c.isspace() and c not in table:
                pair = Text("0" + c + "0", font=font, font_size=cls._MASTER_SIZE).submobjects
                gap = pair[1].get_left()[0] - pair[0].get_left()[0]
                table[c] = (np.zeros((0, 3)), gap - zero_adv)

    # -- value -----------------------------------------------------------------
    def _format(self, value: float) -> str:
        spec = f"{'+' if self.include_sign else ''}{',' if self.group_with_commas else ''}"
        text = f"{value:{spec}.{self.num_decimal_places}f}"
        if text.lstrip("+-").strip("0.,") == "" and text.startswith("-"):
            text = text[1:]  # no "-0.00"
        return text.replace("-", "\u2212") + self.unit

    def set_value(self, value: float) -> LiveNumber:
        """Show ``value``; the anchor edge stays where it is."""
        self.number = float(value)
        text = self._format(self.number)
        table = self._font_glyphs(self.font)
        missing = [c for c in text if c not in table]
        if missing:
            self._learn(self.font, "".join(missing))
        start, end = self.marker.points[0], self.marker.points[-1]
        unit = (end[0] - start[0]) / table["0"][1]  # scene units per master-size unit
        anchor = start + self._anchor_at * (end - start)
        inked = [c for c in text if not c.isspace()]
        while len(self.slots) < len(inked):
            slot = VMobject(stroke_width=0, fill_color=self.color_, fill_opacity=1.0)
            if len(self.slots):
                slot.match_style(self.slots[0])
            self.slots.add(slot)
        width = sum(table[c][1] for c in text)
        x = -self._anchor_at * width  # LEFT: 0, ORIGIN: -w/2, RIGHT: -w
        slots = self.slots.submobjects  # VGroup indexing is slow (Manim wraps it)
        k = 0
        for c in text:
            outline, advance = table[c]
            if outline.size:
                slots[k].points = anchor + (outline + [x, 0, 0]) * unit
                k += 1
            x += advance
        for slot in slots[k:]:
            slot.clear_points()
        return self

    def get_value(self) -> float:
        return self.number

    def current_font_size(self) -> float:
        """``font_size`` times the scaling applied since (read off the anchor marker)."""
        start, end = self.marker.points[0], self.marker.points[-1]
        advance = self._font_glyphs(self.font)["0"][1] * self.font_size / self._MASTER_SIZE
        return self.font_size * float(np.hypot(*(end - start)[:2])) / advance

    def increment_value(self, delta: float = 1) -> LiveNumber:
        return self.set_value(self.number + delta)

    def count_to(self, value: float, **kwargs) -> Animation:
        """Animation from the current value to ``value`` (``ChangeDecimalToValue``'s job)."""
        start = self.number

        def update(mob: LiveNumber, alpha: float) -> None:
            mob.set_value(start + (value - start) * alpha)

        return UpdateFromAlphaFunc(self, update, **kwargs)


THEMED_TEXT.append(LiveNumber)  # its colour follows the theme like Text's
