"""Lines fitted to points: least squares, least absolute deviations, zero-sum.

The first clip fits a line to points by minimising the sum of squared
*vertical* distances. That minimum has a formula, so nothing iterates here:

    slope = cov(x, y) / var(x),    intercept = mean(y) - slope * mean(x)

Two companions for comparing error measures:

- :func:`least_absolute_line` minimises the sum of *absolute* vertical
  distances (a linear program): an outlier pulls it far less.
- :func:`zero_sum_line` shows why "the errors add up to zero" picks no line:
  every slope has a line whose signed errors cancel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linprog


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

    def sae(self, x, y) -> float:
        """Sum of absolute residuals, the quantity :func:`least_absolute_line` minimises."""
        return float(np.abs(self.residuals(x, y)).sum())

    def signed_sum(self, x, y) -> float:
        """Sum of the signed residuals: 0 for every line through the mean point."""
        return float(self.residuals(x, y).sum())


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


# Two least-absolute lines whose total absolute errors differ by less than this,
# relative to the error scale of the data, are tied: rounding in the costs is
# far below it, any real difference between two lines through data points far above.
TIE_RTOL = 1e-11


def _pair_costs(
    xs: np.ndarray, ys: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Screening costs of every line through point ``k`` and one other point.

    Rotating a line about point ``k`` changes its total absolute error as
    ``C + sum_l w_l |s_l - m|`` (``m`` the slope, ``s_l`` the slope from ``k``
    to point ``l``, ``w_l = |x_l - x_k|``; points straight above ``k`` add the
    constant ``C``). Sorting the ``s_l`` once gives that sum at every ``s_l``
    from two cumulative sums: O(n log n) for all n - 1 lines instead of O(n^2).

    Returns
    -------
    partners, cost, error
        Indices ``l`` (those with ``x_l != x_k``, sorted by slope), the cost of
        the line through ``k`` and ``l``, and a bound on that cost's rounding
        error (cumulative sums cancel; re-evaluate candidates with
        :func:`_direct_costs` before trusting a comparison).
    """
    dx = xs - xs[k]
    dy = ys - ys[k]
    vertical = dx == 0.0
    constant = float(np.abs(dy[vertical]).sum())
    partners = np.flatnonzero(~vertical)
    w = np.abs(dx[partners])
    s = dy[partners] / dx[partners]
    order = np.argsort(s, kind="stable")
    partners, w, s = partners[order], w[order], s[order]
    cw = np.cumsum(w)
    cws = np.cumsum(w * s)
    total_w, total_ws = cw[-1], cws[-1]
    # Left of s_t: sum w (s_t - s'); right: sum w (s' - s_t).
    cost = constant + s * (2.0 * cw - total_w) - 2.0 * cws + total_ws
    magnitude = np.abs(s) * total_w + float(np.abs(w * s).sum()) + constant
    error = 8.0 * len(xs) * np.finfo(float).eps * magnitude
    return partners, cost, error


def _direct_costs(xs: np.ndarray, ys: np.ndarray, k: int, partners: np.ndarray) -> np.ndarray:
    """Total absolute error of the line through ``k`` and each of ``partners``, summed directly."""
    dx = xs - xs[k]
    dy = ys - ys[k]
    slopes = dy[partners] / dx[partners]
    return np.abs(dy[None, :] - slopes[:, None] * dx[None, :]).sum(axis=1)


def _best_partners(
    xs: np.ndarray, ys: np.ndarray, k: int, bound: float | None, tol: float
) -> tuple[np.ndarray, np.ndarray]:
    """Partners ``l`` whose line through ``k`` costs at most ``bound + tol`` (exact costs).

    With ``bound=None``, the partners of the cheapest line through ``k``
    (and those tied with it).
    """
    partners, cost, error = _pair_costs(xs, ys, k)
    if bound is None:
        bound = float(np.min(cost + error))
    candidates = partners[cost - error <= bound + tol]
    exact = _direct_costs(xs, ys, k, candidates)
    if len(exact) and bound is None:
        bound = float(exact.min())
    keep = exact <= bound + tol
    return candidates[keep], exact[keep]


def _lp_line(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float]:
    """The LP for the least-absolute line: min sum e_i with -e_i <= y_i - m x_i - c <= e_i."""
    n = len(xs)
    # Sparse: the constraint matrix is 2n x (n + 2) but has only 6n non-zeros.
    eye = sparse.identity(n, format="csr")
    design = sparse.csr_matrix(np.column_stack([xs, np.ones(n)]))
    # Rows: m x_i + c - e_i <= y_i  and  -m x_i - c - e_i <= -y_i.
    a_ub = sparse.bmat([[design, -eye], [-design, -eye]], format="csr")
    b_ub = np.concatenate([ys, -ys])
    cost = np.concatenate([[0.0, 0.0], np.ones(n)])
    bounds = [(None, None), (None, None)] + [(0.0, None)] * n
    result = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if result.status != 0:
        raise RuntimeError(f"the least-absolute-deviations LP failed: {result.message}")
    return float(result.x[0]), float(result.x[1])


def least_absolute_line(x, y) -> LineFit:
    """The line minimising the sum of *absolute* vertical distances to the points.

    Solved as a linear program (``scipy.optimize.linprog``, HiGHS): variables
    slope ``m``, intercept ``c`` and one ``e_i >= |y_i - m x_i - c|`` per point,
    minimising ``sum e_i``. Some optimal line always passes through two data
    points (with different ``x``): the objective is piecewise linear in
    ``(m, c)`` and its corners are such lines. The LP's answer is snapped to
    one exactly, then made canonical:

    1. the two points nearest the LP's line define a first line through two
       points (the LP is solved to a tolerance of about 1e-7);
    2. it is rotated about each point on it to the best line through that
       point and another, while that lowers the total error (a line that no
       such rotation improves is optimal, the objective being convex). From
       the LP's line this is usually no move at all;
    3. the minimum need not be unique (e.g. the four corners of a square:
       both diagonals and the horizontals between the rows tie). All optimal
       lines through two points are found by walking from point to point
       (each point on an optimal line is the pivot of the next, as in 2), and
       the one through the smallest index pair ``(i, j)``, ``i < j``, is
       returned. Totals within ``TIE_RTOL`` of the error scale count as equal.

    The result therefore does not depend on which optimum the solver finds.

    Parameters
    ----------
    x, y
        Coordinates of the points, two 1-D sequences of the same length.

    Returns
    -------
    LineFit
        A line through two of the points (exactly, up to rounding).

    Raises
    ------
    ValueError
        Fewer than two points, ``x`` and ``y`` of different lengths, all ``x``
        equal (a vertical line has no slope), or NaN / infinite input.

    Examples
    --------
    >>> fit = least_absolute_line([0, 1, 2, 3], [0, 1, 2, 30])
    >>> round(fit.slope, 12), round(fit.intercept, 12)
    (1.0, 0.0)
    """
    xa, ya = _as_pair(x, y, min_points=2)
    if np.ptp(xa) == 0.0:
        raise ValueError(f"all x values are equal ({xa[0]!r}): the slope is undefined")
    # Standardised coordinates keep the LP and the costs well conditioned when
    # x or y sit far from zero; lines through data points map to the same
    # lines through the same points, and all costs scale alike.
    y_scale = float(np.std(ya)) or 1.0
    xs = (xa - xa.mean()) / float(np.std(xa))
    ys = (ya - ya.mean()) / y_scale
    n = len(xs)
    tol = TIE_RTOL * (n + float(np.abs(ys).sum()))

    # 1. The LP's line, snapped to the two nearest points with different x.
    slope, intercept = _lp_line(xs, ys)
    nearest = np.argsort(np.abs(ys - slope * xs - intercept), kind="stable")
    first = int(nearest[0])
    second = int(next(i for i in nearest[1:] if xs[i] != xs[first]))

    def on_line(i: int, j: int) -> np.ndarray:
        m = (ys[j] - ys[i]) / (xs[j] - xs[i])
        r = ys - ys[i] - m * (xs - xs[i])
        zero = 1e-12 * (1.0 + np.abs(ys) + abs(m) * np.abs(xs - xs[i]))
        return np.flatnonzero(np.abs(r) <= zero)

    # 2. Rotate about points on the line while that helps (each move strictly
    # lowers the cost, so no line repeats and the loop ends).
    pair = (first, second)
    best = float(_direct_costs(xs, ys, first, np.array([second]))[0])
    for _ in range(10 * n + 100):
        for k in on_line(*pair):
            partners, costs = _best_partners(xs, ys, int(k), None, tol)
            if len(costs) and costs.min() < best - tol:
                pair, best = (int(k), int(partners[np.argmin(costs)])), float(costs.min())
                break
        else:
            break
    else:  # pragma: no cover - a descent on finitely many lines always ends
        raise RuntimeError("least_absolute_line: the descent did not converge")

    # 3. Every point on some optimal line, by walking from optimal line to
    # optimal line through shared points; then the smallest optimal pair.
    found = set(int(k) for k in on_line(*pair))
    queue = sorted(found)
    while queue:
        k = queue.pop()
        partners, costs = _best_partners(xs, ys, k, best, tol)
        best = min(best, float(costs.min())) if len(costs) else best
        for p in partners.tolist():
            if p not in found:
                found.add(p)
                queue.append(p)
    for i in sorted(found):
        partners, _ = _best_partners(xs, ys, i, best, tol)
        if len(partners):
            j = int(partners.min())
            break
    else:  # pragma: no cover - the line found in step 2 is among them
        i, j = pair
    i, j = min(i, j), max(i, j)
    slope = float((ya[j] - ya[i]) / (xa[j] - xa[i]))
    return LineFit(slope=slope, intercept=float(ya[i] - slope * xa[i]))


def zero_sum_line(x, y, slope: float) -> LineFit:
    """The line with the given slope through the mean point ``(mean x, mean y)``.

    Its signed vertical errors sum to zero, whatever the slope:
    ``sum (y_i - slope x_i - b) = n (mean y - slope mean x - b)``, which is 0
    exactly when ``b = mean y - slope mean x``. "The errors cancel out"
    therefore fixes only the intercept and cannot choose a line; that is why
    fits minimise squared or absolute errors instead.

    Parameters
    ----------
    x, y
        Coordinates of the points, two 1-D sequences of the same length (at
        least one point).
    slope
        Any finite slope.

    Returns
    -------
    LineFit

    Raises
    ------
    ValueError
        No points, ``x`` and ``y`` of different lengths, NaN / infinite
        input or slope.

    Examples
    --------
    >>> fit = zero_sum_line([0, 1, 2], [0, 5, 1], slope=-3.0)
    >>> fit.intercept, fit.signed_sum([0, 1, 2], [0, 5, 1])
    (5.0, 0.0)
    """
    xa, ya = _as_pair(x, y, min_points=1)
    try:
        m = float(slope)
    except (TypeError, ValueError):
        raise ValueError(f"slope must be a finite number, got {slope!r}") from None
    if not np.isfinite(m):
        raise ValueError(f"slope must be a finite number, got {slope!r}")
    return LineFit(slope=m, intercept=float(ya.mean() - m * xa.mean()))
