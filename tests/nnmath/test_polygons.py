"""nnmath.polygons against brute force: areas by counting grid points, distances by
dense sampling, cuts at the 0.5 boundary judged by the network itself."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import Network
from nnmath.polygons import centroid, clip_box, margin, split_at_boundary
from nnmath.regions import linear_regions_2d


def test_region_geometry_against_brute_force():

    rng = np.random.default_rng(3)
    grid = np.stack(np.meshgrid(np.linspace(-1, 1, 201), np.linspace(-1, 1, 201)), -1)
    grid = grid.reshape(-1, 2)
    for _ in range(5):
        w, b = rng.normal(size=2), rng.normal() * 0.5
        part, line = clip_box(w, b, (-1, 1, -1, 1))
        # the part's area (shoelace) is the share of grid points with w.p + b >= 0
        if len(part) >= 3:
            x, y = part[:, 0], part[:, 1]
            area = 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
            assert area / 4 == pytest.approx(np.mean(grid @ w + b >= 0), abs=0.02)
            assert np.allclose(line @ w + b, 0, atol=1e-12)
    square = np.array([[0.0, 0], [2, 0], [2, 2], [0, 2]])
    assert centroid(square) == pytest.approx([1.0, 1.0])
    # distance from points to a segment, against dense sampling of the segment
    seg = np.array([[[0.0, 0.0], [1.0, 0.0]]])
    pts = np.array([[0.5, 0.3], [2.0, 0.0]])
    dense = np.linspace(0, 1, 10001)[:, None] * [1.0, 0.0]
    brute = min(np.linalg.norm(dense - p, axis=1).min() for p in pts)
    assert margin(pts, seg) == pytest.approx(brute, abs=1e-4)
    # each exact linear region (nnmath) cut where the output crosses 0.5: every part lies
    # on one side of 0.5, judged by the network itself at its corners
    net = Network([2, 6, 1], seed=1, activation="relu", output_activation="sigmoid")
    cuts = 0
    for region in linear_regions_2d(net, (-2, 2, -2, 2)):
        parts = split_at_boundary(net, region.vertices)
        cuts += len(parts) > 1
        for part in parts:
            side = np.sign(net.forward(centroid(part)[None, :])[0, 0] - 0.5)
            assert np.all((net.forward(part)[:, 0] - 0.5) * side >= -1e-9)
    assert cuts >= 1  # the boundary crosses at least one region
