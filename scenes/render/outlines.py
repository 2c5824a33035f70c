"""Text and formulas drawn as merged outlines, with their outlines cached on disk.

Manim draws each glyph as its own mobject; a caption drawn as one outline
costs one path per frame instead of sixty. The parsed outlines are cached in
the trajectory cache folder (``text/``, ``tex_outlines/``) so a re-render does
not parse them again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from manim import (
    DecimalNumber,
    MarkupText,
    MathTex,
    Mobject,
    SingleStringMathTex,
    Text,
    VGroup,
    VMobject,
    config,
)

from scenes.core.cache import cache_dir


# -- cheap outlines ---------------------------------------------------------------
# Every outline Manim draws costs Python time each frame it moves, and every family
# member of an animated mobject is copied and interpolated. Text and formulas that
# are only shown, faded and morphed are therefore drawn as few outlines as possible.
def merged_parts(tex: MathTex) -> VGroup:
    """A MathTex as one outline per part (per ``tex_strings`` entry), same look.

    For a formula that is shown, faded or morphed into another with the same
    parts: each part morphs into its counterpart. ``Write`` it as the real
    MathTex (glyph by glyph), then swap this in (:meth:`FormulaClip.swap_in`).
    """
    group = VGroup(*(merged(part) for part in tex.submobjects))
    for outline in group.get_family():
        if isinstance(outline, MergedOutlines):
            outline.is_text, outline.latex = True, True  # LaTeX glyphs, for the layout check
    group.tex_string = getattr(tex, "tex_string", "")
    group.tex_strings = list(getattr(tex, "tex_strings", []))
    return group


#: Outlines of formulas built before (see tex_part_points): this process's copy.
_TEX_OUTLINES: dict[str, list[np.ndarray]] = {}


def tex_part_points(*strings: str, **kwargs) -> list[np.ndarray]:
    """The outline points of each part of ``MathTex(*strings, **kwargs)``, cached on disk.

    See :func:`cached_outlines`. Colours are not part of it:
    callers set them.
    """

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
    mob = MergedOutlines.from_points(np.concatenate(points), color, text=" ".join(strings))
    mob.latex = True  # LaTeX glyphs: the layout check allows them in formulas only
    return mob


def tex_parts(*strings: str, color: str, **kwargs) -> VGroup:
    """``MathTex(*strings)`` as one outline per part: :func:`merged_parts` without a MathTex."""
    group = VGroup(
        *(
            MergedOutlines.from_points(p, color, text=s)
            for p, s in zip(tex_part_points(*strings, **kwargs), strings)
        )
    )
    for part in group:
        part.latex = True
    group.tex_strings = list(strings)
    group.tex_string = kwargs.get("arg_separator", " ").join(strings)
    return group


class MergedOutlines(VMobject):
    """Many same-style outlines (a line of text, a set of ticks) as one VMobject.

    Manim draws and animates each glyph of a ``Text`` as its own mobject: a
    caption of 60 letters is 60 paths to build, colour and fill every frame
    it fades, and 60 mobjects to copy and interpolate. Drawn as one path
    (Cairo's non-zero fill keeps each glyph's holes) it looks the same and
    costs about one glyph. ``text`` and ``original_text`` keep the string it was
    made from (as ``Text`` has them).
    """

    def __init__(
        self, parts: Sequence[VMobject], text: str = "", is_text: bool = True, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.text = self.original_text = text
        #: glyphs (text, a formula, numbers) rather than lines: the layout check reads it
        self.is_text = is_text
        if parts:  # else the caller sets points and style (see from_points)
            self.set_points(np.concatenate([p.points for p in parts]))
            self.match_style(parts[0], family=False)

    @classmethod
    def from_points(cls, points: np.ndarray, color: str, text: str = "") -> MergedOutlines:
        """Filled outlines styled as Text and MathTex glyphs are (fill only, no stroke)."""
        mob = cls([], text=text, fill_color=color, fill_opacity=1.0, stroke_width=0)
        mob.set_points(points)
        return mob


#: Manim's classes whose outlines are glyphs.
GLYPH_CLASSES = (Text, MarkupText, SingleStringMathTex, DecimalNumber)


def is_glyph(part: Mobject) -> bool:
    """Whether ``part`` is (part of) text: a glyph of Text, MathTex, numbers or merged text."""
    if isinstance(part, GLYPH_CLASSES):
        return True
    if isinstance(part, MergedOutlines):
        return part.is_text
    return bool(getattr(part, "_glyph", False))


def mark_glyphs(mob: Mobject) -> Mobject:
    """Tag every outline of a text-like ``mob`` as a glyph (survives merging by style)."""
    if isinstance(mob, GLYPH_CLASSES) or getattr(mob, "is_text", False):
        for part in mob.family_members_with_points():
            part._glyph = True
    else:
        for sub in mob.submobjects:
            mark_glyphs(sub)
    return mob


def merge_outlines(mob: VMobject) -> VMobject:
    """``mob`` as one :class:`MergedOutlines` if all its outlines share one style, else ``mob``.

    For text that is only shown, faded and moved: glyph-by-glyph effects
    (``Write`` letter by letter, colouring single letters) need the original.
    """
    parts = mark_glyphs(mob).family_members_with_points()
    if len(parts) < 2 or not all(isinstance(p, VMobject) for p in parts):
        return mob
    first = parts[0]
    style = (first.get_fill_rgbas(), first.get_stroke_rgbas(), first.get_stroke_width())
    for part in parts[1:]:
        if (
            part.get_stroke_width() != style[2]
            or not np.array_equal(part.get_fill_rgbas(), style[0])
            or not np.array_equal(part.get_stroke_rgbas(), style[1])
        ):
            return mob
    text = getattr(mob, "original_text", getattr(mob, "text", ""))
    return MergedOutlines(parts, text=text, is_text=all(map(is_glyph, parts)))


def _style_key(part: VMobject) -> tuple:
    return (
        part.get_fill_rgbas().tobytes(),
        part.get_stroke_rgbas().tobytes(),
        float(part.get_stroke_width()),
        part.z_index,
    )


def merge_by_style(mob: Mobject) -> VGroup:
    """``mob``'s outlines as one :class:`MergedOutlines` per style, first-seen order.

    Looks the same as ``mob`` when its outlines do not overlap (text, axes, a
    dashed line): a two-colour sentence becomes two outlines, an Axes with its
    numbers two. Keep ``mob`` itself where it is needed for coordinates
    (``axes.c2p``) and show the merged group.
    """
    groups: dict[tuple, list[VMobject]] = {}
    for part in mark_glyphs(mob).family_members_with_points():
        if not isinstance(part, VMobject):
            raise TypeError(f"merge_by_style needs VMobjects, got {type(part).__name__}")
        groups.setdefault(_style_key(part), []).append(part)
    merged = VGroup()
    for parts in groups.values():
        text = getattr(mob, "text", "")
        one = MergedOutlines(parts, text=text, is_text=all(map(is_glyph, parts)))
        one.z_index = parts[0].z_index
        merged.add(one)
    return merged


def merged(mob: Mobject) -> VMobject:
    """``mob`` as one outline if all its outlines share a style, else one per style."""
    group = merge_by_style(mob)
    return group[0] if len(group) == 1 else group


def cached_outlines(
    memo: dict[str, list[np.ndarray]],
    folder: Path,
    spec: dict,
    build: Callable[[], list[np.ndarray] | None],
    suffix: str = ".npz",
) -> list[np.ndarray] | None:
    """Outline point arrays made by ``build()``, kept on disk for later renders.

    Parsing Pango's or LaTeX's SVG glyph by glyph costs 0.2-1 s of CPU for a
    caption or formula, every render, even with the SVG file cached; the
    points depend only on ``spec`` (strings, font, size, options) and the
    Manim/Pango versions, so they are saved in ``folder`` (in the cache) and
    read back next time (a millisecond), and kept in ``memo`` for this
    process. A file that is not a list of (4k, 3) arrays is rebuilt. When
    ``build`` returns None nothing is cached and None is returned.
    """
    import hashlib
    import json

    import manimpango
    from manim import __version__ as manim_version

    versions = [manim_version, manimpango.__version__, manimpango.pango_version()]
    blob = json.dumps({**spec, "versions": versions}, sort_keys=True, default=str)
    key = hashlib.sha256(blob.encode()).hexdigest()[:24]
    parts = memo.get(key)
    if parts is None:
        path = folder / f"{key}{suffix}"
        try:
            data = np.load(path, allow_pickle=False)
            if isinstance(data, np.ndarray):  # a .npy: one array
                parts = [data]
            else:
                with data:
                    parts = [data[f"p{i}"] for i in range(len(data.files))]
        except (OSError, ValueError, KeyError):
            parts = None
        if parts is not None and any(p.ndim != 2 or p.shape[1] != 3 or len(p) % 4 for p in parts):
            parts = None  # not ours: rebuild and overwrite
        if parts is None:
            parts = build()
            if parts is None:
                return None
            store_cached_arrays(path, *parts)
        memo[key] = parts
    return [p.copy() for p in parts]


def store_cached_arrays(path, *arrays: np.ndarray) -> None:
    """Save outline arrays for a later render: ``.npy`` for one, ``.npz`` (p0, p1...) for more.

    Written to a temporary file and renamed (parallel renders share the cache
    folder, and a reader never sees half a file); a failure only costs speed.
    """
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                if len(arrays) == 1 and path.suffix == ".npy":
                    np.save(fh, arrays[0], allow_pickle=False)
                else:
                    np.savez(fh, **{f"p{i}": a for i, a in enumerate(arrays)})
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass


def drop_svg_sources(*mobs: Mobject) -> None:
    """Free the parsed SVG path each Text/MathTex glyph keeps after it is built.

    Manim needs it only while building the glyph, but every copy (each FadeIn,
    FadeOut and ``.animate`` makes some) deep-copies it: a caption copies about
    ten times faster without it. Call it on finished text; it changes no pixel.
    """
    for mob in mobs:
        for part in mob.get_family():
            if getattr(part, "path_obj", None) is not None:
                part.path_obj = None


def drop_number_glyph_sources() -> None:
    """:func:`drop_svg_sources` for the digit glyphs every ``DecimalNumber`` shares.

    ``DecimalNumber.set_value`` copies a cached glyph per character, so a live
    readout updated every frame copies about twice as fast without the
    sources. Call it after the clip's numbers exist (it covers the glyphs
    cached so far; calling it again later is harmless).
    """
    from manim.mobject.text.numbers import string_to_mob_map

    drop_svg_sources(*string_to_mob_map.values())
