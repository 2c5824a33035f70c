"""Convex polygons as Bezier points for one outline (XorRegions' linear regions).

The geometry itself (cutting, centroids, splitting at the boundary) is maths and
lives in :mod:`nnmath.polygons`; this turns polygons and segments, in data units,
into points Manim draws as one outline (it starts a new subpath at each jump).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def cubics(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Straight segments ``a[i] -> b[i]`` as cubic Bezier points, ``(4 n, 2)``."""
    thirds = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, :, None]
    return (a[:, None, :] + thirds * (b - a)[:, None, :]).reshape(-1, 2)


def closed_paths(polygons: Sequence[np.ndarray]) -> np.ndarray:
    """Polygons as closed subpaths of one outline (Manim starts a new one at each jump)."""
    if not polygons:
        return np.zeros((0, 2))
    ends = np.concatenate([np.roll(p, -1, axis=0) for p in polygons])
    return cubics(np.concatenate(polygons), ends)
