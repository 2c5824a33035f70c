"""The least-squares line, in closed form.

The first clip fits a line to points by minimising the sum of squared
*vertical* distances. That minimum has a formula, so nothing iterates here:

    slope = cov(x, y) / var(x),    intercept = mean(y) - slope * mean(x)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _as_pair(x, y, *, min_points: int) -> tuple[np.ndarray, np.ndarray]:
    """Validate two equally long, finite 1-D float arrays."""
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=float)
    if xa.ndim != 1 or ya.ndim != 1:
        raise ValueError(f"x and y must be 1-D arrays, got shapes {xa.shape} and {ya.shape}")
    if len(xa) != len(ya):
        raise ValueError(f"x and y must have the same length, got {len(xa)} and {len(ya)}")
    if len(xa) < min_points:
        raise ValueError(f"need at least {min_points} points to fit a line, got {len(xa)}")
    for name, arr in (("x", xa), ("y", ya)):
        bad = ~np.isfinite(arr)
        if bad.any():
            raise ValueError(
                f"{name} contains NaN or infinite values (first at index {int(np.argmax(bad))})"
            )
    return xa, ya


@dataclass(frozen=True)
class LineFit:
    """A straight line ``y = slope * x + intercept``.

    Examples
    --------
    >>> fit = LineFit(slope=2.0, intercept=1.0)
    >>> fit.predict([0.0, 1.0])
    array([1., 3.])
    >>> fit.sse([0.0, 1.0], [1.0, 4.0])
    1.0
    """

    slope: float
    intercept: float

    def predict(self, x) -> np.ndarray:
        """The line's value at ``x`` (any shape)."""
        return self.slope * np.asarray(x, dtype=float) + self.intercept

    def residuals(self, x, y) -> np.ndarray:
        """Vertical distances ``y - predict(x)``: positive for points above the line."""
        xa, ya = _as_pair(x, y, min_points=0)
        return ya - self.predict(xa)

    def sse(self, x, y) -> float:
        """Sum of squared residuals, the quantity the least-squares line minimises."""
        r = self.residuals(x, y)
        return float(r @ r)


def least_squares_line(x, y) -> LineFit:
    """The line minimising the sum of squared vertical distances to the points.

    Parameters
    ----------
    x, y
        Coordinates of the points, two 1-D sequences of the same length.

    Returns
    -------
    LineFit

    Raises
    ------
    ValueError
        Fewer than two points, ``x`` and ``y`` of different lengths, all ``x``
        equal (a vertical line has no slope), or NaN / infinite input.

    Examples
    --------
    >>> fit = least_squares_line([0, 1, 2], [1, 3, 5])
    >>> round(fit.slope, 12), round(fit.intercept, 12)
    (2.0, 1.0)
    """
    xa, ya = _as_pair(x, y, min_points=2)
    # Centring first keeps the sums small and well conditioned even when x
    # sits far from zero (years, pixel coordinates).
    dx = xa - xa.mean()
    dy = ya - ya.mean()
    sxx = float(dx @ dx)
    if np.ptp(xa) == 0.0 or sxx == 0.0:
        raise ValueError(f"all x values are equal ({xa[0]!r}): the slope is undefined")
    slope = float(dx @ dy) / sxx
    return LineFit(slope=slope, intercept=float(ya.mean() - slope * xa.mean()))
