"""Convex polygons of the plane: the geometry of a 2-input network's linear regions.

A ReLU network on two inputs cuts the plane into convex polygons (see
:mod:`nnmath.regions`); these helpers cut such a polygon by a line (or by any
function affine on it), find its centroid, split a region where the network's
sigmoid output crosses 0.5, and measure the distance from points to a boundary
of segments. Plain numpy, in data units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def cut(polygon: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The part of a convex polygon where an affine function is ``>= 0``, and where it
    crosses 0 on the outline (``values``: the function at the vertices, in order).

    One step of Sutherland-Hodgman. Returns the part's vertices ``(k, 2)`` (``k = 0``
    if the function is negative everywhere) and the crossings ``(2, 2)`` or ``(0, 2)``.
    """
    kept, crossing = [], []
    n = len(polygon)
    for i in range(n):
        a, va, c, vc = polygon[i], values[i], polygon[(i + 1) % n], values[(i + 1) % n]
        if va >= 0:
            kept.append(a)
        if (va < 0 < vc) or (vc < 0 < va):
            point = a + va / (va - vc) * (c - a)
            kept.append(point)
            crossing.append(point)
    return np.array(kept).reshape(-1, 2), np.array(crossing).reshape(-1, 2)


def clip_box(w: np.ndarray, b: float, box: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """The box's part where ``w . p + b >= 0`` (polygon, possibly empty) and the line in it,
    ``(2, 2)``, or ``(0, 2)`` if it misses the box. ``box`` is ``(x0, x1, y0, y1)``."""
    x0, x1, y0, y1 = box
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    return cut(corners, corners @ np.asarray(w, float) + b)


def centroid(v: np.ndarray) -> np.ndarray:
    """The centroid of a polygon's area (vertices in order)."""
    w = np.roll(v, -1, axis=0)
    cross = v[:, 0] * w[:, 1] - w[:, 0] * v[:, 1]
    if abs(cross.sum()) < 1e-15:
        return v.mean(axis=0)
    return ((v + w) * cross[:, None]).sum(axis=0) / (3 * cross.sum())


def split_at_boundary(net, polygon: np.ndarray) -> list[np.ndarray]:
    """A linear region of a ReLU network with a sigmoid output, cut where the output
    crosses 0.5: the parts on either side (one part if the boundary misses it).

    On the region every ReLU is either on or off (read at its centroid), so the
    output's argument is affine there: its values at the corners locate the cut.
    """
    inside, corners = centroid(polygon)[None, :], polygon
    for w, b in zip(net.weights[:-1], net.biases[:-1]):
        on = inside @ w.T + b > 0
        inside = np.where(on, inside @ w.T + b, 0.0)
        corners = np.where(on, corners @ w.T + b, 0.0)
    z = (corners @ net.weights[-1].T + net.biases[-1])[:, 0]
    if np.all(z >= 0) or np.all(z <= 0):
        return [polygon]
    parts = [cut(polygon, sign * z)[0] for sign in (1.0, -1.0)]
    return [part for part in parts if len(part) >= 3]


def margin(points: np.ndarray, segments: np.ndarray) -> float:
    """The distance from the nearest point to a boundary of segments ``(S, 2, 2)``."""
    if not len(segments):
        return math.inf
    a, ab, p = segments[None, :, 0], np.diff(segments, axis=1)[None, :, 0], points[:, None]
    t = np.clip(((p - a) * ab).sum(-1) / np.maximum((ab * ab).sum(-1), 1e-18), 0.0, 1.0)
    return float(np.linalg.norm(p - a - t[..., None] * ab, axis=-1).min())
