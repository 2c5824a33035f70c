"""What is on screen, as the layout check sees it: text items, marks, their boxes and colours.

The measuring half of ``python -m scenes check`` (``scenes.kit.check`` holds the
rules): which mobjects are text, where their ink is, what colour a viewer sees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    BackgroundRectangle,
    DecimalNumber,
    MarkupText,
    Mobject,
    SingleStringMathTex,
    Text,
    VMobject,
    config,
)
from manim.mobject.types.image_mobject import AbstractImageMobject
from manim.utils.color import ManimColor

from scenes.render.outlines import MergedOutlines, is_glyph
from scenes.widgets.text import LiveNumber

#: Pixels per frame height at 1080p.
PX_1080 = 1080
TEXT_CLASSES = (Text, MarkupText, SingleStringMathTex, DecimalNumber, LiveNumber)


# -- colours -------------------------------------------------------------------------
def luminance(rgb: Sequence[float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour with channels in [0, 1]."""
    c = np.asarray(rgb[:3], dtype=float)
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast(a: Sequence[float], b: Sequence[float]) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(rgba: Sequence[float], background: Sequence[float]) -> np.ndarray:
    """``rgba`` composited over an opaque background: what the viewer sees."""
    alpha = float(rgba[3])
    return alpha * np.asarray(rgba[:3]) + (1 - alpha) * np.asarray(background[:3])


# -- what is on screen -----------------------------------------------------------------
def is_text(mob: Mobject) -> bool:
    if isinstance(mob, TEXT_CLASSES):
        return True
    if isinstance(mob, MergedOutlines):
        return mob.is_text
    return False


def visible(mob: Mobject) -> bool:
    if isinstance(mob, AbstractImageMobject):
        return mob.pixel_array.size > 0 and mob.pixel_array[..., 3].max() > 0
    if not isinstance(mob, VMobject) or len(mob.points) == 0:
        return False
    fill = mob.get_fill_opacities()
    stroke = mob.get_stroke_opacities() if mob.get_stroke_width() > 0 else np.zeros(1)
    return bool(np.max(fill, initial=0) > 0.05 or np.max(stroke, initial=0) > 0.05)


@dataclass
class Item:
    """One text item: a mobject drawn as text, its screen box and what it says."""

    mob: Mobject
    box: np.ndarray  # x0, y0, x1, y1
    label: str
    parent: int  # id of the group of text it belongs to, for the overlap rule
    top: int  # id of the top-level mobject it belongs to, for the line rule
    glyphs: np.ndarray  # (n, 4) ink boxes of its closed outlines (letters, parts of letters)
    haloed: bool = False  # outlined in the background colour: lines drawn before it break
    role: str | None = None  # "title", "caption", "tick", "label" (widgets.text.with_role)
    formula: int | None = None  # id of the registered formula it is part of


def screen_points(scene, mob: Mobject) -> np.ndarray:
    """``mob``'s own points where the camera draws them (projected in a 3-D scene)."""
    pts = mob.points
    if len(pts) == 0:
        return pts
    transform = getattr(scene.camera, "transform_points_pre_display", None)
    return transform(mob, pts) if transform else pts


def box_of(scene, mob: Mobject) -> np.ndarray | None:
    pts = [screen_points(scene, m) for m in mob.family_members_with_points() if visible(m)]
    pts = [p for p in pts if len(p)]
    if not pts:
        return None
    allp = np.concatenate(pts)[:, :2]
    return np.concatenate([allp.min(axis=0), allp.max(axis=0)])


#: A halo this wide (Manim stroke width) in the background colour keeps text readable on lines.
HALO_WIDTH = 3.0


def opaque(mob: Mobject) -> bool:
    if not isinstance(mob, VMobject):
        return False
    opacities = mob.get_fill_opacities()
    return len(opacities) > 0 and float(np.min(opacities)) >= 0.95


def plate_of(mob: Mobject) -> BackgroundRectangle | None:
    """The opaque background rectangle ``add_background_rectangle`` put under ``mob``, if any."""
    for sub in mob.submobjects:
        if isinstance(sub, BackgroundRectangle) and opaque(sub):
            return sub
    return None


def ink(mob: Mobject) -> list[Mobject]:
    """``mob``'s visible outlines, without background rectangles."""
    plates = {id(m) for s in mob.get_family() if isinstance(s, BackgroundRectangle)
              for m in s.get_family()}  # fmt: skip
    return [m for m in mob.family_members_with_points() if id(m) not in plates and visible(m)]


def has_halo(scene, mob: Mobject) -> bool:
    """Whether ``mob`` sits on an opaque plate, or every outline has a background-colour halo."""
    background = ManimColor(scene.camera.background_color).to_rgb()
    if plate_of(mob) is not None:
        return True
    parts = [m for m in mob.family_members_with_points() if isinstance(m, VMobject)]
    for part in parts:
        rgbas = part.get_stroke_rgbas(background=True)
        if part.get_stroke_width(background=True) < HALO_WIDTH or rgbas[:, 3].min() < 0.9:
            return False
        if contrast(rgbas[0, :3], background) > 1.1:
            return False
    return bool(parts)


def draw_order(scene) -> dict[int, int]:
    """Position of every mobject in the order the camera draws them (z-index first)."""
    from manim.utils.family import extract_mobject_family_members

    family = extract_mobject_family_members(scene.mobjects, use_z_index=True)
    return {id(m): i for i, m in enumerate(family)}


def glyph_boxes(scene, mob: Mobject) -> np.ndarray:
    """Ink boxes of every closed outline of ``mob``: a merged line of labels is many boxes."""
    boxes = []
    for part in ink(mob):
        if not isinstance(part, VMobject):
            continue
        pts = screen_points(scene, part)[:, :2]
        n = part.n_points_per_cubic_curve
        if not len(pts):
            continue
        starts = np.arange(0, len(pts) - n + 1, n)[1:]
        # a new outline starts where a curve does not begin at the previous one's end
        # (np.allclose(pts[s], pts[s - 1], atol=1e-6) per start, vectorised)
        prev = pts[starts - 1]
        close = np.all(np.abs(pts[starts] - prev) <= 1e-6 + 1e-5 * np.abs(prev), axis=1)
        breaks = np.concatenate([[0], starts[~close]]).astype(int)
        boxes.append(np.hstack([np.minimum.reduceat(pts, breaks, axis=0),
                                np.maximum.reduceat(pts, breaks, axis=0)]))
    return np.vstack(boxes) if boxes else np.zeros((0, 4))


_BERNSTEIN = np.array([[(1 - s) ** 3, 3 * (1 - s) ** 2 * s, 3 * (1 - s) * s**2, s**3]
                       for s in np.linspace(0, 1, 9)])  # fmt: skip


def curve_samples(points: np.ndarray, spacing: float = 0.02) -> np.ndarray:
    """Points along a VMobject's cubic curves, at most ``spacing`` apart."""
    n = len(points) // 4 * 4
    if n == 0:
        return points
    coarse = np.einsum("sk,ckd->csd", _BERNSTEIN, points[:n].reshape(-1, 4, points.shape[1]))
    a, b = coarse[:, :-1].reshape(-1, points.shape[1]), coarse[:, 1:].reshape(-1, points.shape[1])
    steps = np.clip(np.ceil(np.linalg.norm(b - a, axis=1) / spacing), 1, 400).astype(int)
    which = np.repeat(np.arange(len(a)), steps)
    frac = (np.arange(len(which)) - np.repeat(np.cumsum(steps) - steps, steps)) / steps[which]
    return np.vstack([a[which] + frac[:, None] * (b[which] - a[which]), b[-1:]])


class StrokedLine:
    """A stroked mark the line rule holds against text, measured once per checked frame.

    Its samples (:func:`curve_samples` of its screen points) are made on first use,
    then shared by every text item; ``lo``, ``hi``, the box of its control points,
    bound them (a cubic curve stays inside its control points' hull, and a sample is
    a point of a curve), so a text item far from that box needs no samples at all.
    """

    __slots__ = ("mob", "top", "points", "lo", "hi", "_samples")

    def __init__(self, scene, mob: VMobject, top: int) -> None:
        self.mob, self.top = mob, top
        self.points = screen_points(scene, mob)[:, :2]
        self._samples = None
        if len(self.points):
            self.lo, self.hi = self.points.min(axis=0), self.points.max(axis=0)
        else:
            self.lo = self.hi = None

    def samples(self) -> np.ndarray:
        if self._samples is None:
            self._samples = curve_samples(self.points)
        return self._samples

    def far_from(self, box: np.ndarray, pad: float) -> bool:
        """Whether no sample can lie strictly within ``pad`` of ``box`` (x0, y0, x1, y1);
        a margin of 1e-6 covers rounding in the samples' sums."""
        if self.lo is None:
            return True
        reach = pad + 1e-6
        x_apart = self.hi[0] < box[0] - reach or self.lo[0] > box[2] + reach
        return bool(x_apart or self.hi[1] < box[1] - reach or self.lo[1] > box[3] + reach)


def stroked_lines(scene, others: list[tuple[Mobject, int]]) -> list[StrokedLine]:
    """The marks of ``others`` (``collect``'s) that the line rule tests: stroked, visible
    strokes (opacity 0.3 or more) of shapes that are not text."""
    lines = []
    for mob, top in others:
        if not isinstance(mob, VMobject) or is_glyph(mob):
            continue
        if mob.get_stroke_width() <= 0 or np.max(mob.get_stroke_opacities()) < 0.3:
            continue
        lines.append(StrokedLine(scene, mob, top))
    return lines


def overlap_depth(a: np.ndarray, b: np.ndarray) -> float:
    """Largest overlap (the smaller of its width and height) of any box of ``a`` with ``b``'s."""
    if not len(a) or not len(b):
        return 0.0
    dx = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    dy = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    return float(np.max(np.minimum(dx, dy)))


def text_label(mob: Mobject) -> str:
    for name in ("original_text", "text", "tex_string"):
        value = getattr(mob, name, None)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:40]
    if isinstance(mob, DecimalNumber | LiveNumber):
        return f"{mob.get_value():g}"
    return type(mob).__name__


def collect(scene) -> tuple[list[Item], list[tuple[Mobject, int]]]:
    """Text items, and every other visible mobject with points (with its top-level id)."""
    items: list[Item] = []
    others: list[tuple[Mobject, int]] = []

    def walk(mob: Mobject, top: int, parent: int, on_plate: bool, role, formula) -> None:
        role = getattr(mob, "text_role", None) or role
        if formula is None and getattr(mob, "is_formula", False):
            formula = id(mob)
        if is_text(mob):
            box = box_of(scene, mob)
            if box is not None:
                glyphs = glyph_boxes(scene, mob)
                halo = on_plate or has_halo(scene, mob)
                items.append(Item(mob, box, text_label(mob), parent, top, glyphs, halo, role,
                                  formula))  # fmt: skip
            return
        if len(mob.points) and visible(mob):
            others.append((mob, top))
        subs = mob.submobjects
        all_text = bool(subs) and all(is_text(s) for s in subs)
        # a group led by an opaque plate (widgets.text.plated): its text sits on the plate
        plate = bool(subs) and isinstance(subs[0], BackgroundRectangle) and opaque(subs[0])
        for sub in subs:
            walk(sub, top, id(mob) if all_text else id(sub), on_plate or plate, role, formula)

    for mob in scene.mobjects:
        walk(mob, id(mob), id(mob), False, None, None)
    return items, others


# -- the rules ---------------------------------------------------------------------------
def frame_box() -> np.ndarray:
    w, h = config.frame_width / 2, config.frame_height / 2
    return np.array([-w, -h, w, h])


def text_height_px(scene, item: Item) -> float:
    """Height of the item's tallest glyph, in pixels at 1080p."""
    mob = item.mob
    glyphs = ink(mob)
    if isinstance(mob, MergedOutlines) or len(glyphs) <= 1:
        lines = max(1, str(getattr(mob, "text", "")).count("\n") + 1)
        units = (item.box[3] - item.box[1]) / lines
    else:
        units = max(np.ptp(screen_points(scene, g)[:, 1]) for g in glyphs)
    return units * PX_1080 / config.frame_height


def has_letters(item: Item) -> bool:
    """Whether the item has a letter or digit (dots, dashes and ``=`` are short by design)."""
    words = re.sub(r"\\[A-Za-z]+", "", item.label)  # TeX commands are not letters
    return item.label == type(item.mob).__name__ or bool(re.search(r"[^\W_]", words))


def text_colour(mob: Mobject, background) -> np.ndarray | None:
    for part in ink(mob):
        if isinstance(part, VMobject):
            rgba = part.get_fill_rgbas()[0]
            if rgba[3] > 0.05:
                return over(rgba, background)
    return None


def allowed(scene, item: Item, other: Mobject) -> bool:
    for text_pattern, other_name in getattr(type(scene), "LAYOUT_ALLOW", ()):
        name = getattr(other, "layout_name", "") or type(other).__name__
        if re.search(text_pattern, item.label) and re.fullmatch(other_name, name):
            return True
    return False
