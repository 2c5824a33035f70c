"""nearest_neighbours against scipy's exact distances."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import cdist, pdist

from nnmath import load_digits
from nnmath.neighbours import GRAM_ROWS, nearest_neighbours


@pytest.mark.parametrize("n, d", [(2, 3), (7, 1), (50, 784), (GRAM_ROWS + 37, 20)])
def test_matches_scipy(n, d):
    x = np.random.default_rng(n + d).random((n, d))
    nearest, which, typical = nearest_neighbours(x)
    dist = cdist(x, x)
    np.fill_diagonal(dist, np.inf)
    np.testing.assert_allclose(nearest, dist.min(axis=1), rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(which, dist.argmin(axis=1))
    assert typical == pytest.approx(float(np.median(pdist(x))), rel=1e-9)


def test_real_digits_and_duplicates():
    train = load_digits("sample")[0][:300].astype(np.float64)
    x = np.vstack([train, train[:3]])  # three exact duplicates: distance 0 to their twin
    nearest, which, _ = nearest_neighbours(x)
    dist = cdist(x, x)
    np.fill_diagonal(dist, np.inf)
    np.testing.assert_allclose(nearest, dist.min(axis=1), atol=1e-6)
    assert np.all(nearest[-3:] < 1e-5) and list(which[-3:]) == [0, 1, 2]


@pytest.mark.parametrize("bad", [np.zeros((1, 4)), np.zeros(5), np.zeros((0, 3))])
def test_bad_input(bad):
    with pytest.raises(ValueError, match="at least 2 rows"):
        nearest_neighbours(bad)
