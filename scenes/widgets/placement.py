"""Labels and legends placed on a plot, clear of its curves and of each other.

A label belongs next to what it names (a dot, a line, a band) but must not hide a
curve or another label. Both are measured on screen: a mobject's box, and the
curves as points close enough together that no label fits between two of them
(a polyline's corners alone let a label sit across a long straight segment).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DL, UR, Mobject

#: Screen units between the points a curve is sampled at: about a third of a
#: readout-size text's height, so a label crossing a curve covers several of them.
SPACING = 0.05


def box(mob: Mobject, pad: float = 0.0) -> np.ndarray:
    """``x0, y0, x1, y1`` of ``mob`` on screen, grown by ``pad`` on every side."""
    return np.r_[mob.get_corner(DL)[:2] - pad, mob.get_corner(UR)[:2] + pad]


def boxes_meet(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1]))


def covered(area: np.ndarray, points: np.ndarray) -> int:
    """How many of ``points`` (screen, one a row) lie inside the box ``area``."""
    p = np.asarray(points, float)
    if not len(p):
        return 0
    return int(np.all((p[:, :2] > area[:2]) & (p[:, :2] < area[2:]), axis=1).sum())


def densify(polylines: Sequence[np.ndarray], spacing: float = SPACING) -> np.ndarray:
    """Points along each polyline's segments (screen units), at most ``spacing`` apart."""
    out = [np.zeros((0, 3))]
    for line in polylines:
        line = np.asarray(line, float)
        for a, b in zip(line[:-1], line[1:]):
            k = max(1, int(np.ceil(np.linalg.norm(b - a) / spacing)))
            out.append(a + np.linspace(0.0, 1.0, k + 1)[:, None] * (b - a))
    return np.vstack(out)


def is_clear(mob: Mobject, points: np.ndarray, boxes: Sequence[np.ndarray] = (),
             pad: float = 0.06) -> bool:
    """Whether ``mob``'s box, grown by ``pad``, holds none of ``points`` and meets no box."""
    area = box(mob, pad)
    return not covered(area, points) and not any(boxes_meet(area, b) for b in boxes)


def nudge_inside(mob: Mobject, bounds: Sequence[float]) -> Mobject:
    """Shift ``mob`` the least that puts its box inside ``bounds`` (``x0, y0, x1, y1``)."""
    b, lo, hi = box(mob), np.asarray(bounds[:2], float), np.asarray(bounds[2:], float)
    return mob.shift([*(np.maximum(0, lo - b[:2]) - np.maximum(0, b[2:] - hi)), 0])


def place(label: Mobject, candidates, busy: np.ndarray, placed: list[np.ndarray],
          near: np.ndarray, bounds: Sequence[float] | None = None, buff: float = 0.12,
          per_point: float = 4.0, per_unit: float = 15.0) -> Mobject:
    """Move ``label`` to the best of ``candidates``, ``(anchor, direction)`` pairs: next to
    the anchor, nudged into ``bounds``. Best: meets no box in ``placed``, then covers the
    fewest ``busy`` points (``per_point`` each) and is nearest ``near``, what it names
    (``per_unit`` per screen unit). Its box joins ``placed``."""
    scores = []
    for anchor, direction in candidates:
        label.next_to(anchor, direction, buff=buff)
        if bounds is not None:
            nudge_inside(label, bounds)
        area = box(label)
        clash = sum(boxes_meet(area, other) for other in placed)
        far = np.linalg.norm(label.get_center()[:2] - np.asarray(near)[:2])
        score = 1000 * clash + per_point * covered(area, busy) + per_unit * far
        scores.append((score, label.get_center().copy()))
    label.move_to(min(scores, key=lambda s: s[0])[1])
    placed.append(box(label))
    return label
