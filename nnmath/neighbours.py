"""Nearest neighbours by Euclidean distance, in blocks of rows (no n x n x d array).

:func:`nearest_neighbours` gives each image's distance to its nearest other
image, that image's index, and the median distance over all pairs: what the
curse-of-dimensionality clip compares between real digits and random images.
"""

from __future__ import annotations

import numpy as np

__all__ = ["nearest_neighbours"]

#: Rows of the distance matrix computed at once (for 1,000 images, about 4 MB a block).
GRAM_ROWS = 500


def nearest_neighbours(images: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Each row's Euclidean distance to its nearest other row, that row's index, and
    the median distance over all pairs.

    ``|a - b|^2 = |a|^2 + |b|^2 - 2 a.b``: one matrix product per block of
    :data:`GRAM_ROWS` rows instead of an ``(n, n, d)`` difference array; squared
    distances below 0 (rounding) count as 0. Ties go to the lower index.

    Raises ``ValueError`` for fewer than two rows or a non-2-D array.
    """
    x = np.asarray(images, dtype=np.float64)
    if x.ndim != 2 or len(x) < 2:
        raise ValueError(f"images must be a 2-D array of at least 2 rows, got shape {x.shape}")
    n = len(x)
    norms = np.einsum("ij,ij->i", x, x)
    nearest, which, pairs = np.empty(n), np.empty(n, dtype=np.int64), []
    for a in range(0, n, GRAM_ROWS):
        rows = np.arange(a, min(a + GRAM_ROWS, n))
        sq = np.maximum(norms[rows, None] + norms[None, :] - 2.0 * (x[rows] @ x.T), 0.0)
        pairs.append(sq[np.arange(n)[None, :] > rows[:, None]])  # each pair once
        sq[np.arange(len(rows)), rows] = np.inf  # not itself
        which[rows] = sq.argmin(axis=1)
        nearest[rows] = np.sqrt(sq[np.arange(len(rows)), which[rows]])
    return nearest, which, float(np.sqrt(np.median(np.concatenate(pairs))))
