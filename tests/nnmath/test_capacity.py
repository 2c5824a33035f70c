"""Double descent: random ReLU features, minimum-norm fits, and the swept curve."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.capacity import (
    DEFAULT_NS,
    DoubleDescent,
    double_descent_curve,
    min_norm_fit,
    random_relu_features,
    random_relu_neurons,
    smooth_target,
)


# -- random_relu_features -----------------------------------------------------
def test_features_are_relus_of_the_drawn_neurons():
    x = np.linspace(-1.2, 1.2, 17)
    features = random_relu_features(x, 30, seed=4)
    bends, slopes = random_relu_neurons(30, seed=4)
    assert features.shape == (17, 30) and features.dtype == np.float64
    for j in range(30):
        expected = [max(0.0, slopes[j] * (xi - bends[j])) for xi in x]
        np.testing.assert_allclose(features[:, j], expected, rtol=0, atol=1e-15)
    assert np.all((bends >= -1) & (bends <= 1))
    assert np.any(slopes > 0) and np.any(slopes < 0) and len(np.unique(np.abs(slopes))) == 30


def test_features_are_nested_and_fixed_by_the_seed():
    x = np.linspace(0, 3, 9)
    big = random_relu_features(x, 500, seed=[2, 7], lo=0, hi=3)
    np.testing.assert_array_equal(random_relu_features(x, 37, seed=[2, 7], lo=0, hi=3), big[:, :37])
    np.testing.assert_array_equal(random_relu_features(x, 500, seed=[2, 7], lo=0, hi=3), big)
    assert not np.array_equal(random_relu_features(x, 500, seed=[2, 8], lo=0, hi=3), big)
    bends, _ = random_relu_neurons(500, seed=[2, 7], lo=0, hi=3)
    assert 0 <= bends.min() and bends.max() <= 3 and bends.max() - bends.min() > 2.9


def test_sign_slopes_and_constant_column():
    x = np.array([-0.5, 0.0, 0.5])
    _, slopes = random_relu_neurons(200, seed=1, slopes="sign")
    assert set(np.abs(slopes)) == {1.0} and 50 < np.sum(slopes > 0) < 150
    with_one = random_relu_features(x, 5, seed=1, slopes="sign", constant=True)
    np.testing.assert_array_equal(with_one[:, 0], 1.0)
    np.testing.assert_array_equal(with_one[:, 1:], random_relu_features(x, 5, 1, slopes="sign"))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n": 0},
        {"n": 2.5},
        {"n": True},
        {"lo": 1.0, "hi": 1.0},
        {"lo": float("nan")},
        {"slopes": "uniform"},
        {"seed": -1},
        {"seed": 1.5},
        {"x": [[0.0, 1.0]]},
        {"x": [0.0, float("inf")]},
    ],
)
def test_features_reject_bad_input(kwargs):
    args = {"x": [0.0, 0.5], "n": 3, "seed": 0, **kwargs}
    with pytest.raises(ValueError):
        random_relu_features(**args)


# -- min_norm_fit -------------------------------------------------------------
@pytest.mark.parametrize("n", [5, 20, 200])
def test_min_norm_fit_is_the_pseudo_inverse_solution(n):
    rng = np.random.default_rng(n)
    x = np.sort(rng.uniform(-1, 1, 20))
    features = random_relu_features(x, n, seed=3)
    y = rng.normal(size=20)
    np.testing.assert_allclose(
        min_norm_fit(features, y), np.linalg.pinv(features) @ y, rtol=0, atol=1e-8
    )


def test_past_full_rank_the_fit_interpolates():
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(-1, 1, 20))
    y = smooth_target(x) + 0.3 * rng.normal(size=20)
    features = random_relu_features(x, 2000, seed=1)
    assert np.linalg.matrix_rank(features) == 20
    coef = min_norm_fit(features, y)
    assert np.mean((features @ coef - y) ** 2) < 1e-10
    # ... with the smallest weights: any other exact fit (plus a null-space
    # direction) is longer.
    null = np.linalg.svd(features)[2][-1]
    assert np.linalg.norm(coef + 0.01 * null) > np.linalg.norm(coef)


def test_repeated_points_count_once():
    # 10 distinct inputs, each twice with the same target: rank 10, exact fit.
    x = np.repeat(np.linspace(-0.9, 0.9, 10), 2)
    y = np.cos(3 * x)
    features = random_relu_features(x, 1000, seed=5)
    assert np.linalg.matrix_rank(features) == 10
    assert np.mean((features @ min_norm_fit(features, y) - y) ** 2) < 1e-10


def test_min_norm_fit_rejects_bad_input():
    good = np.ones((3, 2))
    for features, y in [
        (good, [1.0, 2.0]),
        (np.ones(3), [1.0, 2.0, 3.0]),
        (np.full((3, 2), np.nan), [1.0, 2.0, 3.0]),
        (good, [1.0, np.inf, 3.0]),
        (np.ones((0, 2)), []),
    ]:
        with pytest.raises(ValueError):
            min_norm_fit(features, y)


# -- double_descent_curve -----------------------------------------------------
NS = [1, 3, 6, 10, 15, 19, 25, 40, 80, 200, 1000]


@pytest.fixture(scope="module")
def small_sweep():
    return double_descent_curve(n_points=12, noise=0.2, seed=3, ns=NS, n_seeds=4, n_test=200)


def test_sweep_structure_and_interpolation(small_sweep):
    dd = small_sweep
    assert isinstance(dd, DoubleDescent)
    np.testing.assert_array_equal(dd.ns, NS)
    for name in ("train_errors", "test_errors", "ranks"):
        assert getattr(dd, name).shape == (4, len(NS))
    # Neurons are only ever added, so the rank never falls along the sweep.
    assert np.all(np.diff(dd.ranks, axis=1) >= 0) and np.all(dd.ranks <= 12)
    for i in range(4):
        full = dd.ranks[i] == 12
        assert full[-1] and dd.thresholds[i] == dd.ns[np.argmax(full)]
        assert np.all(dd.train_errors[i, full] < 1e-10)  # interpolation past the threshold
        assert np.all(dd.train_errors[i, ~full] > 1e-6)  # and not before
    np.testing.assert_allclose(dd.train_error, dd.train_errors.mean(axis=0))
    np.testing.assert_allclose(dd.test_error_median, np.median(dd.test_errors, axis=0))


def test_sweep_matches_an_independent_recomputation(small_sweep):
    # The documented streams: points and noise from default_rng([seed, i, 0]),
    # neurons from seed [seed, i, 1]; test error against the noiseless target.
    dd = small_sweep
    i, n = 2, 19
    rng = np.random.default_rng([3, i, 0])
    spacing = 2 / 11
    x = np.clip(np.linspace(-1, 1, 12) + rng.uniform(-0.25, 0.25, 12) * spacing, -1, 1)
    y = np.sin(2 * np.pi * x) + 0.2 * rng.standard_normal(12)
    grid = np.linspace(-1, 1, 200)
    coef = np.linalg.pinv(random_relu_features(x, n, seed=[3, i, 1])) @ y
    fit = random_relu_features(grid, n, seed=[3, i, 1]) @ coef
    j = NS.index(n)
    assert dd.test_errors[i, j] == pytest.approx(np.mean((fit - np.sin(2 * np.pi * grid)) ** 2))
    np.testing.assert_allclose(dd.target, np.sin(2 * np.pi * dd.x_test))


def test_sweep_is_deterministic_by_seed(small_sweep):
    again = double_descent_curve(n_points=12, noise=0.2, seed=3, ns=NS, n_seeds=4, n_test=200)
    np.testing.assert_array_equal(again.test_errors, small_sweep.test_errors)
    np.testing.assert_array_equal(again.train_errors, small_sweep.train_errors)
    np.testing.assert_array_equal(again.x_train, small_sweep.x_train)
    other = double_descent_curve(n_points=12, noise=0.2, seed=4, ns=NS, n_seeds=4, n_test=200)
    assert not np.array_equal(other.test_errors, small_sweep.test_errors)


def test_fitted_curves(small_sweep):
    dd = small_sweep
    assert sorted(dd.fits) == sorted({dd.first_minimum(), dd.peak(), 1000})
    chosen = double_descent_curve(
        n_points=12, noise=0.2, seed=3, ns=NS, n_seeds=4, n_test=200, curve_seed=1,
        curve_ns=[6, 1000],
    )  # fmt: skip
    assert sorted(chosen.fits) == [6, 1000]
    # The n = 1000 fit passes through curve_seed's noisy points.
    features = random_relu_features(chosen.x_train, 1000, seed=[3, 1, 1])
    coef = min_norm_fit(features, chosen.y_train)
    np.testing.assert_allclose(features @ coef, chosen.y_train, atol=1e-9)
    np.testing.assert_allclose(
        chosen.fits[1000], random_relu_features(chosen.x_test, 1000, [3, 1, 1]) @ coef
    )


def test_default_sweep_shows_double_descent():
    # Measured (defaults, 20 data sets): geometric-mean test error 0.058 at
    # n = 13, 0.136 at n = 19 (the peak, near the 20 points), 0.0097 at n = 4000.
    dd = double_descent_curve()
    np.testing.assert_array_equal(dd.ns, DEFAULT_NS)
    assert DEFAULT_NS[0] == 1 and DEFAULT_NS[-1] == 4000
    first, peak = dd.first_minimum("geomean"), dd.peak("geomean")
    assert first < peak <= 40
    assert dd.error_at(peak, "geomean") > 1.5 * dd.error_at(first, "geomean")
    assert dd.test_error_geomean[-1] < 0.5 * dd.error_at(first, "geomean")
    assert np.all(dd.train_errors[:, -1] < 1e-10)
    assert np.all((dd.thresholds >= 20) & (dd.thresholds <= 200))


def test_peak_and_first_minimum_on_a_made_up_sweep():
    ns = np.array([1, 2, 5, 10, 20, 50])
    errors = np.array([[9.0, 3.0, 1.0, 4.0, 2.0, 0.5]])
    dd = DoubleDescent(
        n_points=10, ns=ns, train_errors=errors, test_errors=errors,
        ranks=np.minimum(ns, 10)[None, :], thresholds=np.array([10]), x_train=np.zeros(10),
        y_train=np.zeros(10), x_test=np.zeros(2), target=np.zeros(2), fits={},
    )  # fmt: skip
    # The zone is n = 5..10 (half the points up to the threshold): 9.0 at n = 1 is not the peak.
    assert dd.peak() == 10 and dd.first_minimum() == 5
    assert dd.error_at(20) == 2.0
    with pytest.raises(ValueError, match="not in the sweep"):
        dd.error_at(7)
    with pytest.raises(ValueError, match="curve"):
        dd.peak("max")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_points": 0},
        {"noise": -0.1},
        {"noise": float("nan")},
        {"n_seeds": 0},
        {"ns": [0, 5]},
        {"ns": []},
        {"ns": [2.5]},
        {"x_layout": "grid"},
        {"slopes": "wide"},
        {"lo": 1.0, "hi": -1.0},
        {"curve_ns": [7]},
        {"curve_seed": 2},
        {"seed": -3},
        {"n_test": 1},
    ],
)
def test_sweep_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        double_descent_curve(**{"n_points": 5, "ns": [1, 5, 50], "n_seeds": 2, **kwargs})
