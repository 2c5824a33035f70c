"""Surfaces and curves: exact derivatives, listed minima, descent paths."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize, minimize_scalar

from nnmath.surfaces import CURVES, SURFACES, Curve, Surface, curve, descend, surface
from nnmath.training import TrainingDiverged

EXPECTED_MINIMA = {"bowl": 1, "himmelblau": 4, "six_hump_camel": 6, "rosenbrock": 1}


def _random_points(s: Surface, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    (x0, x1), (y0, y1) = s.domain
    return rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)


# -- surfaces -----------------------------------------------------------------


@pytest.mark.parametrize("name", SURFACES)
def test_surface_gradient_matches_finite_differences(name):
    s = surface(name)
    x, y = _random_points(s, 50, seed=1)
    eps = 1e-6
    fd = np.stack(
        [
            (s.value(x + eps, y) - s.value(x - eps, y)) / (2 * eps),
            (s.value(x, y + eps) - s.value(x, y - eps)) / (2 * eps),
        ],
        axis=-1,
    )
    g = s.gradient(x, y)
    assert g.shape == (50, 2)
    scale = np.maximum(1.0, np.abs(fd))
    assert np.max(np.abs(g - fd) / scale) < 1e-6


@pytest.mark.parametrize("name", SURFACES)
def test_surface_shapes(name):
    s = surface(name)
    gx, gy = np.meshgrid(np.linspace(*s.domain[0], 4), np.linspace(*s.domain[1], 3))
    assert s.value(gx, gy).shape == (3, 4)
    assert s.gradient(gx, gy).shape == (3, 4, 2)
    assert s.gradient(0.5, 0.25).shape == (2,)
    assert np.ndim(s.value(0.5, 0.25)) == 0
    assert s.gradient(np.array([0.5, 1.0]), 0.25).shape == (2, 2)  # broadcasting


@pytest.mark.parametrize("name", SURFACES)
def test_listed_minima_are_local_minima(name):
    s = surface(name)
    assert s.minima.shape == (EXPECTED_MINIMA[name], 2)

    def f(p):
        return float(s.value(p[0], p[1]))

    def jac(p):
        return s.gradient(p[0], p[1])

    rng = np.random.default_rng(0)
    for m in s.minima:
        assert s.contains(m)
        assert np.linalg.norm(s.gradient(*m)) < 1e-8
        # Started nearby, an independent optimiser comes back to the same point.
        start = m + rng.normal(0, 1e-2, 2)
        res = minimize(f, start, jac=jac, method="BFGS", options={"gtol": 1e-11})
        np.testing.assert_allclose(res.x, m, atol=1e-5)
        # And it is a minimum, not a saddle: the Hessian is positive definite.
        h = 1e-5
        hess = np.array([(jac(m + e) - jac(m - e)) / (2 * h) for e in np.eye(2) * h])
        assert np.all(np.linalg.eigvalsh((hess + hess.T) / 2) > 0)


@pytest.mark.parametrize("name", SURFACES)
def test_minima_list_is_complete(name):
    # Multistart: every minimum that scipy finds inside the domain is listed.
    s = surface(name)
    (x0, x1), (y0, y1) = s.domain
    # Starts slightly off the symmetric grid, so none sits exactly on a saddle.
    for sx in np.linspace(x0, x1, 6) * 0.97 + 0.013:
        for sy in np.linspace(y0, y1, 6) * 0.97 + 0.007:
            res = minimize(
                lambda p: float(s.value(p[0], p[1])),
                [sx, sy],
                jac=lambda p: s.gradient(p[0], p[1]),
                method="BFGS",
                options={"gtol": 1e-10},
            )
            if not s.contains(res.x) or np.linalg.norm(s.gradient(*res.x)) > 1e-6:
                continue
            assert np.min(np.linalg.norm(s.minima - res.x, axis=1)) < 1e-5, res.x


def test_known_values():
    camel = surface("six_hump_camel")
    assert len(camel.global_minima) == 2
    np.testing.assert_allclose(np.abs(camel.global_minima), [[0.0898, 0.7126]] * 2, atol=1e-4)
    assert camel.value_range[0] == pytest.approx(-1.0316284535, abs=1e-9)
    assert len(surface("himmelblau").global_minima) == 4
    np.testing.assert_allclose(surface("rosenbrock").minima, [[1.0, 1.0]])
    np.testing.assert_allclose(surface("bowl").minima, [[0.0, 0.0]])
    for name in SURFACES:
        s = surface(name)
        assert s.name == name
        lo, hi = s.value_range
        assert lo < hi
        assert lo == pytest.approx(s.value(*s.global_minima[0]), abs=1e-12)


def test_unknown_names_list_the_valid_ones():
    with pytest.raises(ValueError, match="valid names: bowl, himmelblau"):
        surface("volcano")
    with pytest.raises(ValueError, match="valid names: wiggly, double_well"):
        curve("volcano")


# -- curves -------------------------------------------------------------------


@pytest.mark.parametrize("name", CURVES)
def test_curve_derivative_matches_finite_differences(name):
    c = curve(name)
    x = np.random.default_rng(2).uniform(*c.domain, 100)
    eps = 1e-6
    fd = (c.value(x + eps) - c.value(x - eps)) / (2 * eps)
    np.testing.assert_allclose(c.derivative(x), fd, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", CURVES)
def test_curve_minima_are_precise_and_complete(name):
    c = curve(name)
    assert np.all(np.diff(c.minima) > 0)
    assert np.all((c.minima > c.domain[0]) & (c.minima < c.domain[1]))
    for m in c.minima:
        res = minimize_scalar(
            c.value, bounds=(m - 0.05, m + 0.05), method="bounded", options={"xatol": 1e-10}
        )
        assert res.x == pytest.approx(m, abs=1e-5)
        assert abs(c.derivative(m)) < 1e-12
        # Second derivative by finite differences of the exact derivative.
        assert c.derivative(m + 1e-5) - c.derivative(m - 1e-5) > 0
    # Dense sampling: interior local minima of the sampled values.
    grid = np.linspace(*c.domain, 200_001)
    v = c.value(grid)
    sampled = grid[1:-1][(v[1:-1] < v[:-2]) & (v[1:-1] < v[2:])]
    assert len(sampled) == len(c.minima)
    np.testing.assert_allclose(sampled, c.minima, atol=grid[1] - grid[0])


def test_wiggly_has_three_valleys_in_a_plottable_range():
    c = curve("wiggly")
    assert len(c.minima) >= 3
    v = c.value(np.linspace(*c.domain, 10_001))
    assert v.min() >= -1 and v.max() <= 4
    depths = c.value(c.minima)
    assert len(np.unique(np.round(depths, 6))) == len(depths)  # distinct depths


def test_double_well_has_two_wells():
    c = curve("double_well")
    assert len(c.minima) == 2 and c.minima[0] < 0 < c.minima[1]


# -- descend ------------------------------------------------------------------


@pytest.mark.parametrize("name", SURFACES)
def test_descend_surface_follows_the_rule(name):
    s = surface(name)
    start = np.array(s.minima[0]) + np.array([0.3, -0.2])
    lr = 1e-4 if name == "rosenbrock" else 1e-2
    path = descend(s, start, lr, 25)
    assert path.shape == (26, 2)
    np.testing.assert_array_equal(path[0], start)
    for k in range(25):
        expected = path[k] - lr * s.gradient(path[k, 0], path[k, 1])
        np.testing.assert_allclose(path[k + 1], expected, rtol=1e-15, atol=0)


def test_descend_converges_on_the_bowl():
    path = descend(surface("bowl"), (2.5, -1.5), 0.1, 300)
    np.testing.assert_allclose(path[-1], [0.0, 0.0], atol=1e-10)
    assert np.all(np.diff(surface("bowl").value(path[:, 0], path[:, 1])) <= 0)


@pytest.mark.parametrize("name", CURVES)
def test_descend_curve(name):
    c = curve(name)
    start = 0.1
    path = descend(c, start, 0.02, 2000)
    assert path.shape == (2001,)
    assert path[0] == start
    np.testing.assert_allclose(path[1:], path[:-1] - 0.02 * c.derivative(path[:-1]), rtol=1e-15)
    # It settles in one of the listed valleys.
    assert np.min(np.abs(c.minima - path[-1])) < 1e-6


def test_descend_gets_trapped_in_a_local_valley():
    c = curve("wiggly")
    left = c.minima[0]
    end = descend(c, left - 0.2, 0.02, 2000)[-1]
    assert end == pytest.approx(left, abs=1e-6)
    assert c.value(end) > c.value(c.minima).min()  # not the global minimum


@pytest.mark.parametrize(
    ("landscape", "start"),
    [
        (surface("himmelblau"), (6.0, 0.0)),
        (surface("six_hump_camel"), (0.0, 1.5)),
        (surface("bowl"), (np.nan, 0.0)),
        (curve("wiggly"), 3.5),
        (curve("double_well"), -2.0),
    ],
)
def test_descend_rejects_start_outside_domain(landscape, start):
    with pytest.raises(ValueError, match=r"start .* is outside the .* domain"):
        descend(landscape, start, 0.01, 10)


@pytest.mark.parametrize(
    ("landscape", "start", "lr"),
    [
        (surface("bowl"), (1.0, 1.0), 1.0),
        (surface("rosenbrock"), (-1.5, 2.0), 0.01),
        (curve("double_well"), 1.5, 1.0),
    ],
)
def test_descend_divergence(landscape, start, lr):
    with pytest.raises(TrainingDiverged, match=f"learning_rate={lr:g}"):
        descend(landscape, start, lr, 500)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((surface("bowl"), 1.0, 0.1, 5), r"point \(x, y\)"),
        ((curve("wiggly"), (1.0, 2.0), 0.1, 5), "single number"),
        ((surface("bowl"), (1.0, 1.0), 0.0, 5), "learning_rate must be a positive"),
        ((surface("bowl"), (1.0, 1.0), 0.1, -1), "steps must be an integer"),
        (("bowl", (1.0, 1.0), 0.1, 5), "Surface or a Curve"),
    ],
)
def test_descend_validates(args, message):
    with pytest.raises(ValueError, match=message):
        descend(*args)


def test_objects_are_read_only():
    s, c = surface("himmelblau"), curve("wiggly")
    assert isinstance(s, Surface) and isinstance(c, Curve)
    with pytest.raises(ValueError):
        s.minima[0, 0] = 1.0
    with pytest.raises(ValueError):
        c.minima[0] = 1.0
