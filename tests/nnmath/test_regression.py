"""least_squares_line against numpy's and scipy's independent least-squares fits."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from nnmath.regression import LineFit, least_squares_line


def _random_data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 60))
    # Offsets far from zero test the conditioning of the closed form.
    x = rng.normal(rng.uniform(-1e3, 1e3), rng.uniform(0.1, 10), n)
    y = rng.normal(0, 3) * x + rng.normal(0, 100) + rng.normal(0, rng.uniform(0, 5), n)
    return x, y


@pytest.mark.parametrize("seed", range(25))
def test_matches_numpy_lstsq(seed):
    x, y = _random_data(seed)
    design = np.column_stack([x, np.ones_like(x)])
    (slope, intercept), *_ = np.linalg.lstsq(design, y, rcond=None)
    fit = least_squares_line(x, y)
    assert fit.slope == pytest.approx(slope, rel=1e-9, abs=1e-9)
    assert fit.intercept == pytest.approx(intercept, rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("seed", range(25))
def test_matches_scipy_linregress(seed):
    x, y = _random_data(seed)
    ref = stats.linregress(x, y)
    fit = least_squares_line(x, y)
    assert fit.slope == pytest.approx(ref.slope, rel=1e-9, abs=1e-9)
    assert fit.intercept == pytest.approx(ref.intercept, rel=1e-9, abs=1e-6)


def test_exact_line_is_recovered():
    x = np.array([-2.0, 0.0, 1.0, 5.0])
    fit = least_squares_line(x, 3.0 * x - 7.0)
    assert fit.slope == pytest.approx(3.0)
    assert fit.intercept == pytest.approx(-7.0)
    assert fit.sse(x, 3.0 * x - 7.0) == pytest.approx(0.0, abs=1e-20)


def test_residuals_are_vertical():
    fit = LineFit(slope=2.0, intercept=1.0)
    # The point (1, 5) is 2 above the line vertically; its perpendicular
    # distance would be 2 / sqrt(5).
    np.testing.assert_allclose(fit.residuals([1.0], [5.0]), [2.0])
    np.testing.assert_allclose(fit.residuals([0.0, 2.0], [0.0, 6.0]), [-1.0, 1.0])
    np.testing.assert_allclose(fit.predict(np.array([[0.0, 1.0]])), [[1.0, 3.0]])


def test_sse_and_optimality():
    x, y = _random_data(3)
    fit = least_squares_line(x, y)
    r = y - (fit.slope * x + fit.intercept)
    assert fit.sse(x, y) == pytest.approx(float(np.sum(r**2)), rel=1e-12)
    # Normal equations: residuals sum to 0 and are orthogonal to x.
    res = fit.residuals(x, y)
    assert abs(res.sum()) < 1e-8 * np.abs(y).sum()
    assert abs(res @ (x - x.mean())) < 1e-8 * np.abs(y).sum() * np.abs(x - x.mean()).max()
    # Any other line does worse.
    for ds, di in [(1e-3, 0), (-1e-3, 0), (0, 1e-2), (0, -1e-2), (1e-4, -1e-2)]:
        other = LineFit(fit.slope + ds, fit.intercept + di)
        assert other.sse(x, y) > fit.sse(x, y)


def test_linefit_is_frozen():
    fit = LineFit(1.0, 0.0)
    with pytest.raises(AttributeError):
        fit.slope = 2.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ([1.0], [2.0], "at least 2 points"),
        ([], [], "at least 2 points"),
        ([1.0, 2.0, 3.0], [1.0, 2.0], "same length"),
        ([2.0, 2.0, 2.0], [1.0, 2.0, 3.0], "all x values are equal"),
        ([1.0, np.nan, 3.0], [1.0, 2.0, 3.0], "x contains NaN or infinite"),
        ([1.0, 2.0, 3.0], [1.0, np.inf, 3.0], "y contains NaN or infinite"),
        ([[1.0, 2.0]], [[1.0, 2.0]], "1-D"),
    ],
)
def test_errors_say_what_is_wrong(x, y, message):
    with pytest.raises(ValueError, match=message):
        least_squares_line(x, y)


def test_residuals_reject_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        LineFit(1.0, 0.0).residuals([1.0, 2.0], [1.0])
