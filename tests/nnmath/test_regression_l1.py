"""least_absolute_line against a brute force over every line through two points,
and zero_sum_line's defining property."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nnmath.regression import LineFit, least_absolute_line, least_squares_line, zero_sum_line


def _pair_lines(x: np.ndarray, y: np.ndarray) -> list[tuple[int, int, float, float]]:
    """Every line through two points with different x, as (i, j, slope, intercept)."""
    lines = []
    for i, j in itertools.combinations(range(len(x)), 2):
        if x[i] != x[j]:
            slope = (y[j] - y[i]) / (x[j] - x[i])
            lines.append((i, j, slope, y[i] - slope * x[i]))
    return lines


def _brute_costs(x, y) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Total absolute error of every line through two points, summed directly."""
    lines = _pair_lines(x, y)
    slopes = np.array([m for _, _, m, _ in lines])
    intercepts = np.array([c for _, _, _, c in lines])
    costs = np.abs(y[None, :] - slopes[:, None] * x[None, :] - intercepts[:, None]).sum(axis=1)
    return [(i, j) for i, j, _, _ in lines], costs


def _random_data(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(rng.uniform(-50, 50), rng.uniform(0.5, 5), n)
    # Heavy-tailed noise: outliers are what the L1 line is for.
    y = rng.normal(0, 2) * x + rng.normal(0, 10) + rng.standard_t(1.5, n)
    return x, y


def _passes_through_two_points(fit: LineFit, x, y) -> bool:
    r = np.abs(fit.residuals(x, y))
    scale = 1.0 + np.abs(y) + abs(fit.slope) * np.abs(x)
    on_line = np.flatnonzero(r <= 1e-9 * scale)
    return len(np.unique(x[on_line])) >= 2


@pytest.mark.parametrize("n", [2, 3, 4, 7, 15, 40, 90])
@pytest.mark.parametrize("seed", range(4))
def test_no_line_through_two_points_does_better(n, seed):
    x, y = _random_data(seed, n)
    fit = least_absolute_line(x, y)
    _, costs = _brute_costs(x, y)
    # The L1 optimum is attained by a line through two points, so the brute
    # minimum is the true minimum.
    assert fit.sae(x, y) <= costs.min() + 1e-9 * max(1.0, costs.min())
    assert _passes_through_two_points(fit, x, y)


@pytest.mark.parametrize("seed", range(30))
def test_integer_grid_with_ties_picks_smallest_optimal_pair(seed):
    # Small integer data: many lines tie exactly, so the optimum is rarely unique.
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(4, 12))
    x = rng.integers(0, 5, n).astype(float)
    y = rng.integers(0, 4, n).astype(float)
    if np.ptp(x) == 0:
        x[0] += 1.0
    fit = least_absolute_line(x, y)
    pairs, costs = _brute_costs(x, y)
    optimal = [p for p, c in zip(pairs, costs) if c <= costs.min() + 1e-9]
    i, j = min(optimal)
    slope = (y[j] - y[i]) / (x[j] - x[i])
    assert fit.slope == pytest.approx(slope, abs=1e-12)
    assert fit.intercept == pytest.approx(y[i] - slope * x[i], abs=1e-12)


def test_square_corners_tie_is_resolved_by_index():
    # The four corners of the unit square: every horizontal line between the two
    # rows, and both diagonals, have total error 2. Optimal pairs through two
    # points: (0, 1), (0, 3), (1, 2), (2, 3); the smallest is (0, 1): y = 1.
    x = np.array([1.0, 0.0, 1.0, 0.0])
    y = np.array([1.0, 1.0, 0.0, 0.0])
    pairs, costs = _brute_costs(x, y)
    assert [p for p, c in zip(pairs, costs) if c <= costs.min() + 1e-12] == [
        (0, 1),
        (0, 3),
        (1, 2),
        (2, 3),
    ]
    fit = least_absolute_line(x, y)
    assert fit.slope == pytest.approx(0.0, abs=1e-15)
    assert fit.intercept == pytest.approx(1.0, abs=1e-15)
    # Listing the points in another order changes which pair is smallest.
    flipped = least_absolute_line(x[::-1], y[::-1])  # pairs now (0, 1) = y 0 row
    assert flipped.slope == pytest.approx(0.0, abs=1e-15)
    assert flipped.intercept == pytest.approx(0.0, abs=1e-15)


def test_deterministic_and_order_of_calls_irrelevant():
    x, y = _random_data(7, 25)
    first = least_absolute_line(x, y)
    least_absolute_line(*_random_data(8, 30))
    assert least_absolute_line(x, y) == first
    assert least_absolute_line(list(x), list(y)) == first


def test_outlier_pulls_l1_far_less_than_l2():
    x = np.arange(10.0)
    y = 2.0 * x + 1.0
    y[9] += 40.0
    l1 = least_absolute_line(x, y)
    l2 = least_squares_line(x, y)
    assert l1.slope == pytest.approx(2.0, abs=1e-12)
    assert l1.intercept == pytest.approx(1.0, abs=1e-12)
    assert abs(l2.slope - 2.0) > 1.0


def test_exact_line_and_far_offsets():
    x = np.array([1e6, 1e6 + 1, 1e6 + 3, 1e6 + 4.5])
    y = -3.0 * (x - 1e6) + 5e3
    fit = least_absolute_line(x, y)
    assert fit.sae(x, y) < 1e-6
    assert fit.slope == pytest.approx(-3.0, rel=1e-9)


def test_repeated_x_values():
    x = np.array([0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 2.0])
    y = np.array([0.0, 1.0, 1.0, 3.0, 2.0, 5.0, 2.5])
    fit = least_absolute_line(x, y)
    _, costs = _brute_costs(x, y)
    assert fit.sae(x, y) <= costs.min() + 1e-12
    assert _passes_through_two_points(fit, x, y)


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
        least_absolute_line(x, y)


@pytest.mark.parametrize("seed", range(10))
def test_zero_sum_line_cancels_for_any_slope(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 50))
    x = rng.normal(0, 3, n)
    y = rng.normal(0, 3, n)
    for slope in rng.normal(0, 5, 5):
        fit = zero_sum_line(x, y, slope)
        assert fit.slope == slope
        assert abs(fit.signed_sum(x, y)) < 1e-9
        # Independently: it passes through the mean point.
        assert fit.predict(x.mean()) == pytest.approx(y.mean(), abs=1e-12)


def test_zero_sum_line_is_not_a_fit():
    # Two different slopes both cancel, with different absolute errors.
    x, y = _random_data(1, 20)
    a, b = zero_sum_line(x, y, 0.0), zero_sum_line(x, y, 5.0)
    assert abs(a.signed_sum(x, y)) < 1e-9 and abs(b.signed_sum(x, y)) < 1e-9
    assert a.sae(x, y) != pytest.approx(b.sae(x, y))


@pytest.mark.parametrize(
    ("x", "y", "slope", "message"),
    [
        ([], [], 1.0, "at least 1 points"),
        ([1.0, 2.0], [1.0], 1.0, "same length"),
        ([1.0, np.nan], [1.0, 2.0], 1.0, "x contains NaN"),
        ([1.0, 2.0], [1.0, 2.0], np.inf, "slope must be a finite number"),
        ([1.0, 2.0], [1.0, 2.0], "steep", "slope must be a finite number"),
    ],
)
def test_zero_sum_line_errors(x, y, slope, message):
    with pytest.raises(ValueError, match=message):
        zero_sum_line(x, y, slope)


def test_sae_and_signed_sum_by_hand():
    fit = LineFit(slope=1.0, intercept=0.0)
    assert fit.sae([0.0, 1.0, 2.0], [1.0, 0.0, 2.0]) == pytest.approx(2.0)
    assert fit.signed_sum([0.0, 1.0, 2.0], [1.0, 0.0, 2.0]) == pytest.approx(0.0)
    assert fit.signed_sum([0.0], [3.0]) == pytest.approx(3.0)


@pytest.mark.parametrize("seed", range(5))
def test_result_does_not_depend_on_where_the_lp_lands(seed, monkeypatch):
    # The LP is solved to a tolerance; the exact snapping and the tie rule must
    # reach the same line from any starting line (here: deliberately bad ones).
    import nnmath.regression as regression

    x, y = _random_data(seed, 30)
    reference = least_absolute_line(x, y)
    for start in [(0.0, 0.0), (5.0, -3.0), (-2.0, 10.0)]:
        monkeypatch.setattr(regression, "_lp_line", lambda xs, ys, s=start: s)
        assert least_absolute_line(x, y) == reference
