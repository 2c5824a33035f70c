"""``python -m scenes check``: what a viewer would call broken, checked after every beat.

Each clip is built in Manim's dry run (no video, animations skipped to their
end) and, after every ``play()`` and ``wait()``, what is on screen is checked
against the rules of the series' visual language (``../shared/DESIGN.md``):

``frame``     text inside the frame with a margin of 2% of its width on every side;
              no visible mobject entirely outside the frame;
``overlap``   no two text items' ink boxes overlap (parts of one formula or readout,
              siblings in one group of text, count as one item), and no opaque
              shape drawn after a text item covers it;
``line``      no curve, axis or contour of another mobject crosses a text item's box,
              unless the clip allows the pair in ``LAYOUT_ALLOW``;
``contrast``  text against the background at least 4.5:1 (3:1 above 24 px at 1080p);
              a filled shape at least 3:1, or outlined at 3:1;
``size``      capitals at least 3% of the frame height (2% for tick labels): the item's
              font size times DejaVu Sans' capital height, or, where the size is not
              known (LaTeX, merged labels), its tallest glyph;
``caption``   the caption (the beat's headline, at the bottom edge) is one line of at
              most 64 characters, in the caption size and the text colour;
``numbers``   at most 6 items with a digit on screen (titles and tick labels aside; the
              parts of one formula count once); a clip may allow more in a named beat
              (``NUMBERS_ALLOW``), with a comment saying why the digits are the point;
``font``      no LaTeX glyphs outside registered formulas (``widgets.formulas.formula``);
``morph``     no Transform-family animation from text to text of a different string
              (fade one out and the other in: ``widgets.text.fade_swap``);
``tail``      the last change ends at most reading time (0.3 s a word on screen) plus
              2 s before the clip does;
``visual``    after the first beat, the drawn marks (everything but text) cover at least
              ``VISUAL_MIN`` of the frame (each top-level mobject's box, in a grid); a
              frame emptier than that for more than ``VISUAL_GRACE`` seconds is flagged;
``beat``      every play belongs to a beat started with ``Captions.beat`` (a headline
              and a non-empty narration).

Images (digits, weight grids) and 3-D colour meshes are checked by their
frame only: their colours are the data. Text with a halo (a background stroke
in the background colour) drawn above a line is readable there, as on a map.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from manim import (
    BackgroundRectangle,
    DecimalNumber,
    Mobject,
    SingleStringMathTex,
    VMobject,
    config,
)
from manim.mobject.types.image_mobject import AbstractImageMobject
from manim.utils.color import ManimColor

from scenes.core.theme import CAP_HEIGHT_PER_SIZE, MIN_CAP_READ, MIN_CAP_TICK, Size
from scenes.kit.screen import (  # noqa: F401  (contrast, luminance: part of check's API)
    PX_1080,
    Item,
    allowed,
    box_of,
    collect,
    contrast,
    curve_samples,
    draw_order,
    frame_box,
    glyph_boxes,
    has_letters,
    ink,
    is_text,
    luminance,
    opaque,
    over,
    overlap_depth,
    screen_points,
    stroked_lines,
    text_colour,
    text_height_px,
    visible,
)
from scenes.render.cameras import FaceMesh
from scenes.render.outlines import is_glyph
from scenes.widgets.text import LiveNumber, font_size_of

MARGIN_FRACTION = 0.02
LARGE_TEXT_PX = 24.0
#: The caption rule: one line of at most this many characters, in the caption size.
CAPTION_MAX_CHARS = 64
#: The numbers rule: items with a digit on screen at once (titles and ticks aside).
MAX_NUMBER_ITEMS = 6
#: The tail rule: seconds of reading per word on screen, plus this many seconds.
SECONDS_PER_WORD, TAIL_SLACK = 0.3, 2.0
#: The visual rule: the drawn marks' share of the frame, and how long it may be less.
#: Calibrated on DESIGN.md rule 1: a plot 60% of the width and 35% of its height
#: covers 0.21; one 70% of the height and 30% of the width 0.21; a lone dot 0.001.
VISUAL_MIN, VISUAL_GRACE = 0.2, 2.0
#: Cells of the grid the visual rule marks boxes on (16:9).
VISUAL_GRID = (64, 36)
TEXT_CONTRAST, LARGE_TEXT_CONTRAST, SHAPE_CONTRAST = 4.5, 3.0, 3.0
#: Boxes may touch or overlap by this much (scene units) before it counts.
OVERLAP_TOLERANCE = 0.02
#: Letter boxes grow by this much (scene units) into word boxes for the line rule.
WORD_PAD = 0.04



@dataclass(frozen=True)
class Violation:
    clip: str
    theme: str
    section: str
    play: int
    rule: str
    what: str
    measured: float
    limit: float

    def line(self) -> str:
        return (
            f"{self.clip} [{self.theme}] {self.section} play {self.play}: {self.rule}: "
            f"{self.what} ({self.measured:.3g}, limit {self.limit:.3g})"
        )


@dataclass
class Report:
    clip: str
    theme: str
    beats: int = 0
    violations: list[Violation] = field(default_factory=list)
    #: the sections the clip started, in order (Manim's dry run keeps no sections)
    sections: list[str] = field(default_factory=list)


def check_frame(scene, seen=None) -> Iterable[tuple[str, str, float, float]]:
    """The frame, overlap, line, size and contrast rules (``seen``: ``collect(scene)``)."""
    items, others = seen or collect(scene)
    frame = frame_box()
    margin = MARGIN_FRACTION * config.frame_width
    background = ManimColor(scene.camera.background_color).to_rgb()
    for item in items:
        x0, y0, x1, y1 = item.box
        worst = min(x0 - frame[0], y0 - frame[1], frame[2] - x1, frame[3] - y1)
        if worst < margin - 1e-6:
            yield "frame", f"'{item.label}' {worst:+.2f} units from the edge", worst, margin
    boxes_of = {id(mob): box_of(scene, mob) for mob, _ in others}  # by id: measured once
    for mob, _ in others:
        box = boxes_of[id(mob)]
        if box is not None and (
            box[2] < frame[0] or box[0] > frame[2] or box[3] < frame[1] or box[1] > frame[3]
        ):
            yield "frame", f"{type(mob).__name__} entirely outside the frame", 0.0, 0.0
    families = [{id(m) for m in item.mob.get_family()} for item in items]
    # how deep the items' boxes overlap, all pairs at once (overlap_depth of two boxes)
    boxes = np.array([item.box for item in items]).reshape(-1, 4)
    lo, hi = boxes[:, :2], boxes[:, 2:]
    box_depth = (np.minimum(hi[:, None], hi[None]) - np.maximum(lo[:, None], lo[None])).min(axis=2)
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            if box_depth[i, j] <= OVERLAP_TOLERANCE:
                continue  # glyph boxes lie inside their item's box: they overlap no deeper
            b = items[j]
            if a.parent == b.parent or id(a.mob) in families[j] or id(b.mob) in families[i]:
                continue
            depth = overlap_depth(a.glyphs, b.glyphs)
            if depth > OVERLAP_TOLERANCE:
                what = f"'{a.label}' overlaps '{b.label}'"
                yield "overlap", what, depth, OVERLAP_TOLERANCE
    order = draw_order(scene)
    lines = stroked_lines(scene, others) if items else []
    for item in items:
        below = min((order.get(id(m), 0) for m in item.mob.get_family()), default=0)
        # letters padded into words: a line through the gap between two letters is on the text
        boxes = item.glyphs + [-WORD_PAD, -WORD_PAD, WORD_PAD, WORD_PAD]
        for line in lines:
            mob = line.mob
            if line.top == item.top:
                continue
            if item.haloed and order.get(id(mob), 0) < below:
                continue  # drawn first, then broken by the text's halo: readable
            if line.far_from(item.box, 1):
                continue  # no sample can be within 1 unit of the box (below: none near)
            pts = line.samples()
            near = (pts[:, 0] > item.box[0] - 1) & (pts[:, 0] < item.box[2] + 1)
            pts = pts[near & (pts[:, 1] > item.box[1] - 1) & (pts[:, 1] < item.box[3] + 1)]
            if not len(pts) or not len(boxes):
                continue
            inside = (
                (pts[:, None, 0] > boxes[None, :, 0]) & (pts[:, None, 0] < boxes[None, :, 2])
                & (pts[:, None, 1] > boxes[None, :, 1]) & (pts[:, None, 1] < boxes[None, :, 3])
            ).any(axis=1)  # fmt: skip
            if inside.any() and not allowed(scene, item, mob):
                name = getattr(mob, "layout_name", "") or type(mob).__name__
                yield "line", f"{name} crosses '{item.label}'", float(inside.sum()), 0.0
    covers = [m for m, _ in others if not is_glyph(m) and opaque(m)]
    for item in items:
        # text under an opaque shape drawn after it cannot be read: a plate added to a
        # merged outline (drawn after the outline's own points), a box, another label's plate
        ink_order = min((order.get(id(m), 0) for m in ink(item.mob)), default=0)
        shapes = [m for m in item.mob.get_family()
                  if isinstance(m, BackgroundRectangle) and opaque(m)] + covers  # fmt: skip
        for shape in shapes:
            if order.get(id(shape), -1) <= ink_order:
                continue
            if id(shape) not in boxes_of:
                boxes_of[id(shape)] = box_of(scene, shape)
            box = boxes_of[id(shape)]
            if box is None:
                continue
            depth = overlap_depth(item.glyphs, box[None, :])
            if depth > OVERLAP_TOLERANCE:
                name = getattr(shape, "layout_name", "") or type(shape).__name__
                yield "overlap", f"'{item.label}' hidden under {name}", depth, OVERLAP_TOLERANCE
    for item in items:
        px = text_height_px(scene, item)
        if has_letters(item):
            cap, how = capital_height(scene, item)
            limit = MIN_CAP_TICK if item.role == "tick" else MIN_CAP_READ
            if cap < limit - 1e-4:
                what = f"'{item.label}' capitals {100 * cap:.2f}% of the frame height ({how})"
                yield "size", what, 100 * cap, 100 * limit
        colour = text_colour(item.mob, background)
        if colour is not None:
            ratio = contrast(colour, background)
            limit = LARGE_TEXT_CONTRAST if px > LARGE_TEXT_PX else TEXT_CONTRAST
            if ratio < limit:
                yield "contrast", f"'{item.label}' against the background", ratio, limit
    for mob, _ in others:
        if not isinstance(mob, VMobject) or is_glyph(mob) or isinstance(mob, FaceMesh):
            continue  # a mesh is a colour map, like an image: its colours are the data
        if isinstance(mob, BackgroundRectangle):
            continue  # a plate is meant to match the background
        fills = mob.get_fill_rgbas()
        if np.max(fills[:, 3], initial=0) < 0.5:
            continue
        fill = over(fills[np.argmax(fills[:, 3])], background)
        ratio = contrast(fill, background)
        if ratio >= SHAPE_CONTRAST:
            continue
        if mob.get_stroke_width() > 0:
            strokes = mob.get_stroke_rgbas()
            stroke = over(strokes[np.argmax(strokes[:, 3])], background)
            if contrast(stroke, background) >= SHAPE_CONTRAST:
                continue
        name = getattr(mob, "layout_name", "") or type(mob).__name__
        yield "contrast", f"filled {name} against the background", ratio, SHAPE_CONTRAST



def capital_height(scene, item: Item) -> tuple[float, str]:
    """The item's capital height as a fraction of the frame height, and how it was found.

    From its font size where known (DejaVu Sans' capitals are ``CAP_HEIGHT_PER_SIZE``
    of the frame per unit of size); else from its tallest glyph (LaTeX, merged groups).
    """
    size = None if is_latex(item.mob) else font_size_of(item.mob)
    if size is not None:
        return size * CAP_HEIGHT_PER_SIZE, f"font size {size:.1f}"
    return text_height_px(scene, item) / PX_1080, "tallest glyph"


def is_latex(mob: Mobject) -> bool:
    """Whether ``mob``'s glyphs were set by LaTeX (MathTex, Tex, DecimalNumber, outlines)."""
    latex = isinstance(mob, SingleStringMathTex | DecimalNumber)
    return latex or bool(getattr(mob, "latex", False))


def has_digit(item: Item) -> bool:
    if isinstance(item.mob, LiveNumber | DecimalNumber):
        return True
    words = re.sub(r"\\[A-Za-z]+", "", item.label)
    return bool(re.search(r"[0-9]", words))


def is_caption(item: Item) -> bool:
    """The beat's headline: tagged by ``widgets.text.caption``, or a lone text at the bottom."""
    if item.role == "caption":
        return True
    if item.role is not None or item.top != id(item.mob):
        return False
    return item.box[1] <= -config.frame_height / 2 + 0.6


def check_language(scene, seen=None) -> Iterable[tuple[str, str, float, float]]:
    """The caption, numbers and font rules on what is on screen now."""
    items, _ = seen or collect(scene)
    text_rgb = ManimColor(scene.theme.text).to_rgb() if hasattr(scene, "theme") else None
    background = ManimColor(scene.camera.background_color).to_rgb()
    for item in items:
        if not is_caption(item):
            continue
        full = " ".join(str(getattr(item.mob, "text", item.label)).split())
        if "\n" in str(getattr(item.mob, "text", "")) or len(full) > CAPTION_MAX_CHARS:
            what = f"'{item.label}' is {len(full)} characters" + (
                " on two lines" if "\n" in str(getattr(item.mob, "text", "")) else "")
            yield "caption", what, len(full), CAPTION_MAX_CHARS
        size = font_size_of(item.mob)
        if size is not None and abs(size - Size.CAPTION) > 0.5:
            yield "caption", f"'{item.label}' at font size {size:.1f}", size, Size.CAPTION
        colour = text_colour(item.mob, background)
        if text_rgb is not None and colour is not None and np.abs(colour - text_rgb).max() > 0.02:
            yield "caption", f"'{item.label}' not in the text colour", 0.0, 0.0
    allow = getattr(type(scene), "NUMBERS_ALLOW", {}).get(getattr(scene, "_check_section", ""))
    limit = MAX_NUMBER_ITEMS if allow is None else allow
    numbered = {item.formula or id(item.mob): item.label for item in items
                if item.role not in ("title", "tick") and has_digit(item)}  # fmt: skip
    if len(numbered) > limit:
        sample = ", ".join(f"'{v}'" for v in list(numbered.values())[:8])
        yield "numbers", f"{len(numbered)} items with digits: {sample}", len(numbered), limit
    for item in items:
        if is_latex(item.mob) and item.formula is None:
            yield "font", f"'{item.label}' set by LaTeX outside a formula", 0.0, 0.0


def visual_cover(scene) -> float:
    """Share of the frame under the boxes of the drawn marks (all but text), per top-level
    mobject, on a ``VISUAL_GRID`` of cells."""
    nx, ny = VISUAL_GRID
    grid = np.zeros((ny, nx), dtype=bool)
    x0, y0, x1, y1 = frame_box()
    for mob in scene.mobjects:
        parts = [m for m in mob.get_family()
                 if not (is_text(m) or is_glyph(m) or isinstance(m, BackgroundRectangle))
                 and (isinstance(m, AbstractImageMobject) or len(m.points))
                 and visible(m)]  # fmt: skip
        if any(is_text(m) for m in mob.get_family()):
            text_ids = {id(f) for m in mob.get_family() if is_text(m) for f in m.get_family()}
            parts = [m for m in parts if id(m) not in text_ids]
        if not parts:
            continue
        pts = [screen_points(scene, m)[:, :2] for m in parts]  # an image's points: corners
        allp = np.concatenate(pts)
        bx0, by0 = allp.min(axis=0)
        bx1, by1 = allp.max(axis=0)
        i0 = int(np.clip(np.floor((bx0 - x0) / (x1 - x0) * nx), 0, nx))
        i1 = int(np.clip(np.ceil((bx1 - x0) / (x1 - x0) * nx), 0, nx))
        j0 = int(np.clip(np.floor((by0 - y0) / (y1 - y0) * ny), 0, ny))
        j1 = int(np.clip(np.ceil((by1 - y0) / (y1 - y0) * ny), 0, ny))
        grid[j0:j1, i0:i1] = True
    return float(grid.mean())


def text_of(mob: Mobject) -> str:
    """What a mobject says: the strings of the text in its family, in order."""
    out = []

    def walk(m: Mobject) -> None:
        if is_text(m):
            value = (f"{m.get_value():.6g}" if isinstance(m, DecimalNumber | LiveNumber)
                     else str(getattr(m, "text", "") or getattr(m, "tex_string", "")))  # fmt: skip
            out.append(" ".join(value.split()))
            return
        for sub in m.submobjects:
            walk(sub)

    walk(mob)
    return " | ".join(out)


def morphs(animations) -> Iterable[tuple[str, str]]:
    """(from, to) strings of Transform-family animations between texts that differ."""
    from manim import Transform
    from manim.animation.transform_matching_parts import TransformMatchingAbstractBase

    for anim in animations:
        inner = getattr(anim, "animations", None)
        if inner and not isinstance(anim, TransformMatchingAbstractBase):
            yield from morphs(inner)
            continue
        if not isinstance(anim, Transform | TransformMatchingAbstractBase):
            continue
        source = getattr(anim, "_source_text", None)
        target = getattr(anim, "target_mobject", None) or getattr(anim, "to_add", None)
        if source is None or target is None:
            continue
        after = text_of(target)
        if source and after and source != after:
            yield source, after


def note_sources(animations) -> None:
    """Before a play: remember each Transform's source text (the play changes it)."""
    from manim import Animation

    for anim in animations:
        if not isinstance(anim, Animation):
            continue
        inner = getattr(anim, "animations", None)
        if inner:
            note_sources(inner)
        mob = getattr(anim, "mobject", None)
        if mob is not None:
            anim._source_text = text_of(mob)


def words_on_screen(scene) -> int:
    items, _ = collect(scene)
    return sum(len(str(getattr(i.mob, "text", i.label)).split()) for i in items
               if i.role != "tick" and not isinstance(i.mob, LiveNumber | DecimalNumber)) + sum(
        1 for i in items if isinstance(i.mob, LiveNumber | DecimalNumber))  # fmt: skip


def is_hold(animations) -> bool:
    """Whether a play only waits (nothing changes on screen)."""
    from manim import Wait

    return all(isinstance(a, Wait) for a in animations)


def looks(scene) -> int:
    """A checksum of what is on screen: every drawn mobject's points, colours and images.

    Equal before and after a play: the play changed nothing a viewer sees (a replay
    running on after convergence, a fade of something invisible).
    """
    import zlib

    crc = 0
    for mob in scene.mobjects:
        for part in mob.get_family():
            if not visible(part):
                continue
            for name in ("points", "fill_rgbas", "stroke_rgbas", "pixel_array"):
                value = getattr(part, name, None)
                if isinstance(value, np.ndarray) and value.size:
                    crc = zlib.crc32(np.ascontiguousarray(value).tobytes(), crc)
    return crc


# -- running a clip ----------------------------------------------------------------------
def checked_class(cls: type, report: Report) -> type:
    """``cls`` with a check after every ``play()`` (``wait()`` is a play of ``Wait``)."""

    def add(self, rule: str, what: str, measured: float, limit: float) -> None:
        section = getattr(self, "_check_section", "start")
        report.violations.append(
            Violation(report.clip, report.theme, section, report.beats, rule, what,
                      measured, limit)  # fmt: skip
        )

    def play(self, *args, **kwargs):
        from manim import Animation

        note_sources(args)
        before = looks(self)
        cls.play(self, *args, **kwargs)
        report.beats += 1
        animations = getattr(self, "animations", None) or [a for a in args
                                                          if isinstance(a, Animation)]
        for before, after in morphs(animations):
            add(self, "morph", f"'{before[:30]}' morphs into '{after[:30]}'", 0.0, 0.0)
        seen = collect(self)  # what is on screen, measured once for both sets of rules
        for rule, what, measured, limit in check_frame(self, seen):
            add(self, rule, what, measured, limit)
        for rule, what, measured, limit in check_language(self, seen):
            add(self, rule, what, measured, limit)
        log = getattr(self, "beat_log", None)
        if log is not None:
            if len(log) <= getattr(self, "_check_beats_at_section", -1) or not log:
                key = getattr(self, "_check_section", "start")
                if key not in self._check_unbeaten:
                    self._check_unbeaten.add(key)
                    add(self, "beat", "a play outside a beat (no headline, no narration)", 0, 0)
            elif not log[-1].narration.strip() and log[-1].name not in self._check_unbeaten:
                self._check_unbeaten.add(log[-1].name)
                add(self, "beat", f"beat '{log[-1].name}' has no narration", 0, 0)
        duration = float(getattr(self, "duration", 0.0) or 0.0)
        self._check_time = getattr(self, "_check_time", 0.0) + duration
        if not is_hold(animations) and looks(self) != before:
            self._check_last_change = self._check_time
        # the visual rule, from the second beat on: a frame too empty for too long
        if log is not None and len(log) >= 2:
            cover = visual_cover(self)
            if cover < VISUAL_MIN:
                self._check_empty = getattr(self, "_check_empty", 0.0) + duration
                if self._check_empty > VISUAL_GRACE and not self._check_empty_said:
                    self._check_empty_said = True
                    add(self, "visual", f"marks cover {100 * cover:.0f}% of the frame for "
                        f"{self._check_empty:.1f} s", cover, VISUAL_MIN)  # fmt: skip
            else:
                self._check_empty, self._check_empty_said = 0.0, False

    def next_section(self, name="unnamed", *args, **kwargs):
        self._check_section = name
        report.sections.append(str(name))
        self._check_beats_at_section = len(getattr(self, "beat_log", []))
        return cls.next_section(self, name, *args, **kwargs)

    def render(self, *args, **kwargs):
        self._check_unbeaten = set()
        self._check_empty_said = False
        result = cls.render(self, *args, **kwargs)
        end = getattr(self, "_check_time", 0.0)
        tail = end - getattr(self, "_check_last_change", 0.0)
        limit = SECONDS_PER_WORD * words_on_screen(self) + TAIL_SLACK
        if tail > limit + 1e-6:
            add(self, "tail", f"{tail:.1f} s from the last change to the end", tail, limit)
        return result

    return type(cls.__name__, (cls,), {"play": play, "next_section": next_section,
                                       "render": render, "__module__": cls.__module__})  # fmt: skip


def build_checked(cls: type, params: dict, theme: str, settings: dict) -> tuple[Any, Report]:
    """Build ``cls`` with ``params`` under Manim ``settings`` (a dry run), checking every
    beat; returns the scene and the report (``theme`` names the report's theme)."""
    from manim import tempconfig

    report = Report(cls.__name__, theme)
    with tempconfig(settings):
        scene = checked_class(cls, report)(params=params, skip_animations=True)
        draw_no_frames(scene)
        scene.render()
    return scene, report


def draw_no_frames(scene) -> None:
    """In a dry run, keep ``scene``'s renderer from painting frames that nothing reads.

    Manim still draws every play's still and moving mobjects with Cairo when it writes
    no video (a third of a checked build); the mobjects, the clock and the beats come
    out the same without (compared on every clip).
    """
    from manim import config

    if config.dry_run and hasattr(scene.renderer, "update_frame"):
        scene.renderer.update_frame = lambda *args, **kwargs: None


def check_clip(cls: type, overrides: dict, theme: str) -> Report:
    """Build ``cls`` in dry-run mode with ``overrides`` and ``theme``; every beat checked.

    Raises ``ParamError`` for parameters the clip refuses.
    """
    import tempfile

    params = {**overrides, "theme": theme}
    with tempfile.TemporaryDirectory(prefix="nnfit-check-") as media:
        settings = {"dry_run": True, "quality": "low_quality", "disable_caching": True,
                    "media_dir": media, "verbosity": "ERROR", "progress_bar": "none"}  # fmt: skip
        return build_checked(cls, params, theme, settings)[1]


def load_clip(spec: str) -> type:
    """A registered clip by name, or ``path/to/file.py:SceneName`` for any ClipScene.

    Raises ``LookupError`` with a one-line message.
    """
    import importlib.util
    import sys
    from pathlib import Path

    from scenes.kit.registry import all_scenes
    from scenes.render.clip import ClipMixin

    if ":" not in spec:
        scenes = all_scenes()
        if spec not in scenes:
            raise LookupError(f"unknown scene {spec!r}; valid: {', '.join(scenes)}")
        return scenes[spec]
    path_text, name = spec.rsplit(":", 1)
    path = Path(path_text)
    if not path.is_file() or path.suffix != ".py":
        raise LookupError(f"no Python file {path_text!r}")
    module_spec = importlib.util.spec_from_file_location(f"_checked_{path.stem}", path)
    module = importlib.util.module_from_spec(module_spec)
    # registered while it runs: dataclasses (and pickling) look their module up by name
    sys.modules[module_spec.name] = module
    try:
        module_spec.loader.exec_module(module)
    except Exception as exc:  # a user's file: any error is bad input, said in one line
        sys.modules.pop(module_spec.name, None)
        raise LookupError(f"{path_text}: {type(exc).__name__}: {exc}") from None
    cls = getattr(module, name, None)
    if not (isinstance(cls, type) and issubclass(cls, ClipMixin)):
        raise LookupError(f"{path_text} has no ClipScene subclass {name!r}")
    return cls


def summary_table(reports: Sequence[Report]) -> str:
    rows = [("clip", "theme", "beats checked", "violations")]
    rows += [(r.clip, r.theme, str(r.beats), str(len(r.violations))) for r in reports]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    beats = sum(r.beats for r in reports)
    found = sum(len(r.violations) for r in reports)
    lines.append(f"{beats} beats checked in {len(reports)} builds; {found} violations")
    return "\n".join(lines)
