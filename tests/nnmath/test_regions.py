"""linear_regions_2d and decision_boundary_2d against the network itself (sampled
points, net.pre_activations / net.forward) and an independent count of line
arrangements."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from nnmath.network import Network
from nnmath.regions import Region, decision_boundary_2d, linear_regions_2d

BOX = (-2.0, 2.0, -2.0, 2.0)


def _box_area(box) -> float:
    return (box[1] - box[0]) * (box[3] - box[2])


def _sample(box, n: int, seed: int) -> np.ndarray:
    """Random points plus a regular grid (cell centres) inside the box."""
    rng = np.random.default_rng(seed)
    random = np.column_stack([rng.uniform(box[0], box[1], n), rng.uniform(box[2], box[3], n)])
    u = (np.arange(40) + 0.5) / 40
    gx, gy = np.meshgrid(box[0] + u * (box[1] - box[0]), box[2] + u * (box[3] - box[2]))
    return np.concatenate([random, np.column_stack([gx.ravel(), gy.ravel()])])


def _membership(regions: list[Region], points: np.ndarray, eps: float) -> np.ndarray:
    """For each point: index of the one region containing it by at least ``eps``,
    -1 for points within ``eps`` of some region's edge (excluded), -2 if a point
    clear of all edges is in no region or in several."""
    strict = np.array([r.contains(points, eps) for r in regions])
    loose = np.array([r.contains(points, -eps) for r in regions])
    near_edge = (loose.sum(axis=0) != strict.sum(axis=0)) | (loose.sum(axis=0) > 1)
    out = np.where(strict.sum(axis=0) == 1, np.argmax(strict, axis=0), -2)
    out[near_edge] = -1
    return out


def _check_regions(net: Network, box, regions: list[Region], seed: int = 0) -> None:
    """Tiling, convexity and orientation, patterns and affine maps at sample points."""
    scale = max(box[1] - box[0], box[3] - box[2])
    areas = np.array([r.area for r in regions])
    assert areas.sum() == pytest.approx(_box_area(box), rel=1e-9, abs=1e-9 * _box_area(box))
    assert areas.min() > 1e-12 * _box_area(box)
    for r in regions:
        v = r.vertices
        assert v.ndim == 2 and v.shape[1] == 2 and len(v) >= 3
        # Convex and counter-clockwise: every turn is a left turn (or straight).
        e1 = np.roll(v, -1, axis=0) - v
        e2 = np.roll(v, -2, axis=0) - np.roll(v, -1, axis=0)
        turns = e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0]
        assert turns.min() >= -1e-9 * scale**2
        # Inside the box.
        assert v[:, 0].min() >= box[0] - 1e-9 * scale and v[:, 0].max() <= box[1] + 1e-9 * scale
        assert v[:, 1].min() >= box[2] - 1e-9 * scale and v[:, 1].max() <= box[3] + 1e-9 * scale

    points = _sample(box, 3000, seed)
    which = _membership(regions, points, 1e-7 * scale)
    assert not (which == -2).any(), "a point clear of all edges is in no region or in several"
    assert (which >= 0).mean() > 0.97  # the edge exclusion leaves most points to test
    inside = which >= 0
    pts, idx = points[inside], which[inside]
    pre = net.pre_activations(pts)
    forward = net.forward(pts)
    for k in np.unique(idx):
        sel = idx == k
        region = regions[k]
        assert len(region.pattern) == net.n_layers - 1
        for layer, bits in enumerate(region.pattern):
            np.testing.assert_array_equal(
                np.broadcast_to(bits, pre[layer][sel].shape), pre[layer][sel] > 0
            )
        np.testing.assert_allclose(region.logits(pts[sel]), pre[-1][sel], rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(region.output(pts[sel]), forward[sel], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize(
    ("sizes", "output_activation", "seed", "box"),
    [
        ([2, 8, 1], "identity", 0, BOX),
        ([2, 16, 16, 1], "identity", 1, BOX),
        ([2, 16, 16, 1], "sigmoid", 2, BOX),
        ([2, 6, 6, 6, 2], "identity", 3, BOX),
        ([2, 10, 10, 1], "identity", 4, (10.0, 13.0, -5.0, -4.5)),
        ([2, 12, 3], "relu", 5, (-1.0, 3.0, -2.0, 0.5)),
    ],
)
def test_regions_tile_the_box_and_match_the_network(sizes, output_activation, seed, box):
    net = Network(sizes, output_activation=output_activation, seed=seed)
    if box[0] > 5:  # a box far from the origin: move the lines into it
        for b in net.biases[:1]:
            b -= net.weights[0] @ np.array([11.5, -4.75])
    regions = linear_regions_2d(net, box)
    assert len(regions) > 5
    _check_regions(net, box, regions, seed)


def _arrangement_count(w: np.ndarray, b: np.ndarray, box) -> int:
    """Regions cut out of the box by the lines w_j . p + b_j = 0, by Euler's formula.

    For lines in general position: 1 + (lines through the box's interior) +
    (pairwise intersections strictly inside the box).
    """
    corners = np.array([[box[0], box[2]], [box[1], box[2]], [box[1], box[3]], [box[0], box[3]]])
    values = corners @ w.T + b
    crossing = (values.max(axis=0) > 0) & (values.min(axis=0) < 0)
    inner = 0
    for i, j in itertools.combinations(range(len(b)), 2):
        p = np.linalg.solve(w[[i, j]], -b[[i, j]])
        if box[0] < p[0] < box[1] and box[2] < p[1] < box[3]:
            inner += 1
    return 1 + int(crossing.sum()) + inner


@pytest.mark.parametrize("hidden", [1, 2, 3, 5, 8, 13, 20])
@pytest.mark.parametrize("seed", range(3))
def test_one_hidden_layer_count_matches_the_arrangement(hidden, seed):
    net = Network([2, hidden, 1], seed=seed)
    # Spread the lines over the box so that some miss it and some meet outside.
    net.biases[0] = np.random.default_rng(seed).normal(0, 1.5, hidden)
    regions = linear_regions_2d(net, BOX)
    assert len(regions) == _arrangement_count(net.weights[0], net.biases[0], BOX)
    _check_regions(net, BOX, regions, seed)


def _relu_net(layers: list[tuple[list[list[float]], list[float]]]) -> Network:
    sizes = [2] + [len(b) for _, b in layers]
    net = Network(sizes, seed=0)
    for k, (w, b) in enumerate(layers):
        net.weights[k] = np.array(w, dtype=float)
        net.biases[k] = np.array(b, dtype=float)
    return net


def test_exact_ties_in_the_first_layer_make_no_slivers():
    box = (-1.0, 1.0, -1.0, 1.0)
    net = _relu_net(
        [
            (
                [
                    [1, 0],  # x = 0
                    [0, 1],  # y = 0, through the first line's crossing with ...
                    [1, 1],  # x + y = 0, also through the origin
                    [1, -1],  # x = y: origin and the corners (1, 1), (-1, -1)
                    [1, 1],  # x + y = 2: touches the box only at the corner (1, 1)
                    [1, 0],  # x = 1: along the box's right edge
                    [2, 0],  # 2x = 0: the first line again
                    [0, 0],  # a dead neuron: no line at all
                ],
                [0, 0, 0, 0, -2, -1, 0, 0],
            ),
            ([[1, -1, 1, 0.5, 0.25, 1, 1, 1]], [0.1]),
        ]
    )
    regions = linear_regions_2d(net, box)
    # Four lines through the origin: eight equal triangles of area 1/2.
    assert len(regions) == 8
    np.testing.assert_allclose([r.area for r in regions], 0.5, rtol=1e-12)
    for r in regions:
        assert len(r.vertices) == 3
        # Independent centroid of a triangle: the mean of its corners.
        np.testing.assert_allclose(r.centroid, r.vertices.mean(axis=0), atol=1e-12)
    _check_regions(net, box, regions)


def test_exact_ties_in_a_deeper_layer_make_no_slivers():
    box = (-1.0, 1.0, -1.0, 1.0)
    net = _relu_net(
        [
            # relu(x), relu(-x), relu(y), relu(x + y): lines x = 0, y = 0, x + y = 0.
            ([[1, 0], [-1, 0], [0, 1], [1, 1]], [0, 0, 0, 0]),
            (
                [
                    [1, -1, 0, 0],  # x, everywhere: its line is the first layer's x = 0
                    [1, 0, 1, 0],  # x + y - 1 in x, y > 0; x - 1, y - 1 (box edges), -1
                    [-1, 0, -1, 1],  # relu(x+y) - relu(x) - relu(y): 0 or negative
                ],
                [0, -1, 0],
            ),
            ([[1, 1, 1]], [0]),
        ]
    )
    regions = linear_regions_2d(net, box)
    # Six sectors of the three concurrent lines; x + y = 1 halves the quadrant x, y > 0.
    assert len(regions) == 7
    assert sorted(np.round([r.area for r in regions], 12)) == [0.5] * 6 + [1.0]
    _check_regions(net, box, regions)


def _exact_arrangement_count(lines: list[tuple[Fraction, Fraction, Fraction]], box) -> int:
    """Regions cut out of the box by lines ``a x + b y + c = 0``, in exact arithmetic.

    Euler's formula with concurrent lines: 1 + (lines through the interior) +
    sum over interior points where m >= 2 distinct lines meet of (m - 1).
    """
    bx = [Fraction(v) for v in box]
    corners = [(bx[0], bx[2]), (bx[1], bx[2]), (bx[1], bx[3]), (bx[0], bx[3])]
    inside_lines = [
        (a, b, c)
        for a, b, c in lines
        if max(a * x + b * y + c for x, y in corners) > 0
        and min(a * x + b * y + c for x, y in corners) < 0
    ]
    meets: dict[tuple[Fraction, Fraction], int] = {}
    for (a1, b1, c1), (a2, b2, c2) in itertools.combinations(inside_lines, 2):
        det = a1 * b2 - a2 * b1
        x = (b1 * c2 - b2 * c1) / det
        y = (a2 * c1 - a1 * c2) / det
        if bx[0] < x < bx[1] and bx[2] < y < bx[3]:
            meets[(x, y)] = meets.get((x, y), 0) + 1
    # k lines through one point give k (k - 1) / 2 pairs and add k - 1 regions.
    extra = 0
    for pairs in meets.values():
        k = (1 + math.isqrt(1 + 8 * pairs)) // 2
        assert k * (k - 1) // 2 == pairs
        extra += k - 1
    return 1 + len(inside_lines) + extra


def test_ties_up_to_rounding_match_an_exact_count():
    # Lines through one point and through a box corner, with coefficients that
    # are not exact in binary: in floating point the ties hold only up to
    # rounding, and must still be recognised as ties (no slivers, the exact count).
    box = (-1.3, 0.7, -0.45, 1.1)
    centre = (Fraction(1, 3), Fraction(2, 7))
    corner = (Fraction(7, 10), Fraction(11, 10))
    lines = []
    for a, b in [(1, 0), (0, 1), (1, 3), (5, -2), (-7, 9)]:  # through the centre
        a, b = Fraction(a, 3), Fraction(b, 7)
        lines.append((a, b, -(a * centre[0] + b * centre[1])))
    for a, b in [(3, 1), (1, -4), (-2, 5)]:  # through the corner
        a, b = Fraction(a, 11), Fraction(b, 13)
        lines.append((a, b, -(a * corner[0] + b * corner[1])))
    # Through both the centre and the corner.
    a, b = corner[1] - centre[1], centre[0] - corner[0]
    lines.append((a, b, -(a * centre[0] + b * centre[1])))
    net = _relu_net(
        [
            ([[float(a), float(b)] for a, b, _ in lines], [float(c) for _, _, c in lines]),
            ([[1.0] * len(lines)], [0.0]),
        ]
    )
    regions = linear_regions_2d(net, box)
    assert len(regions) == _exact_arrangement_count(lines, box)
    assert min(r.area for r in regions) > 1e-4
    _check_regions(net, box, regions)


def test_zero_network_is_one_region():
    net = Network([2, 16, 16, 1], seed=0)
    net.set_params(np.zeros(net.n_params))
    regions = linear_regions_2d(net, BOX)
    assert len(regions) == 1
    (region,) = regions
    assert region.area == pytest.approx(16.0)
    np.testing.assert_allclose(region.centroid, [0.0, 0.0], atol=1e-15)
    assert all(not bits.any() for bits in region.pattern)
    np.testing.assert_array_equal(region.A, 0.0)
    _check_regions(net, BOX, regions)


def test_no_hidden_layer_is_one_affine_region():
    net = Network([2, 3], seed=0)
    (region,) = linear_regions_2d(net, BOX)
    assert region.pattern == ()
    np.testing.assert_allclose(region.A, net.weights[0])
    np.testing.assert_allclose(region.c, net.biases[0])


def test_deterministic():
    net = Network([2, 16, 16, 1], seed=7)
    first, second = linear_regions_2d(net, BOX), linear_regions_2d(net, BOX)
    assert len(first) == len(second)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a.vertices, b.vertices)
        np.testing.assert_array_equal(a.A, b.A)


@pytest.mark.parametrize(
    ("net", "box", "message"),
    [
        (Network([3, 4, 1]), BOX, "2 inputs"),
        (Network([2, 4, 1], activation="sigmoid"), BOX, "'relu'"),
        ("not a net", BOX, "Network"),
        (Network([2, 4, 1]), (1.0, 0.0, 0.0, 1.0), "xmin < xmax"),
        (Network([2, 4, 1]), (0.0, 1.0, 0.0, 0.0), "ymin < ymax"),
        (Network([2, 4, 1]), (0.0, np.nan, 0.0, 1.0), "finite"),
        (Network([2, 4, 1]), (0.0, np.inf, 0.0, 1.0), "finite"),
        (Network([2, 4, 1]), (0.0, 1.0, 0.0), "four numbers"),
        (Network([2, 4, 1]), ("a", 1.0, 0.0, 1.0), "four numbers"),
        (Network([2, 4, 1]), 3.0, "four numbers"),
    ],
)
def test_bad_input(net, box, message):
    with pytest.raises(ValueError, match=message):
        linear_regions_2d(net, box)


# -- decision boundary -----------------------------------------------------------


def _distance_to_segments(points: np.ndarray, segments: np.ndarray) -> np.ndarray:
    a, b = segments[None, :, 0], segments[None, :, 1]
    ab = b - a
    t = np.einsum("psk,psk->ps", points[:, None] - a, ab) / np.maximum(
        np.einsum("psk,psk->ps", ab, ab), 1e-300
    )
    closest = a + np.clip(t, 0.0, 1.0)[..., None] * ab
    return np.hypot(*np.moveaxis(points[:, None] - closest, -1, 0)).min(axis=1)


@pytest.mark.parametrize(
    ("sizes", "output_activation", "seed", "level"),
    [
        ([2, 16, 16, 1], "sigmoid", 0, 0.5),
        ([2, 16, 16, 1], "sigmoid", 1, 0.3),
        ([2, 12, 1], "identity", 2, None),
        ([2, 8, 8, 8, 1], "identity", 3, None),
        ([2, 10, 10, 1], "relu", 4, None),
    ],
)
def test_boundary_endpoints_are_on_the_level_and_in_their_region(
    sizes, output_activation, seed, level
):
    net = Network(sizes, output_activation=output_activation, seed=seed)
    grid = _sample(BOX, 0, seed)
    values = net.forward(grid)[:, 0]
    if level is None:  # a level the output surely crosses inside the box
        level = float(np.quantile(values, 0.4))
    regions = linear_regions_2d(net, BOX)
    segs = decision_boundary_2d(regions, level)
    assert len(segs) > 3 and segs.points.shape == (len(segs), 2, 2)
    ends = segs.points.reshape(-1, 2)
    np.testing.assert_allclose(net.forward(ends)[:, 0], level, rtol=0, atol=1e-9)
    for (p, q), k in zip(segs.points, segs.region):
        assert regions[k].contains(np.array([p, q]), -1e-9).all()
        assert np.hypot(*(q - p)) > 0
    # Complete: wherever the output crosses the level between neighbouring grid
    # points, a segment passes between them.
    g = np.linspace(-2.0, 2.0, 161)
    gx, gy = np.meshgrid(g, g)
    above = (net.forward(np.column_stack([gx.ravel(), gy.ravel()]))[:, 0] > level).reshape(gx.shape)
    change = np.flatnonzero((above[:, 1:] != above[:, :-1]).ravel())
    mids = np.column_stack(
        [(gx[:, 1:] + gx[:, :-1]).ravel()[change] / 2, gy[:, 1:].ravel()[change]]
    )
    assert len(mids) > 10
    step = g[1] - g[0]
    assert _distance_to_segments(mids, segs.points).max() <= step / 2 + 1e-12


def test_boundary_along_a_region_edge_is_reported_once():
    # Output relu(x) - relu(-x) = x: the level-0 line is the kink line x = 0 itself.
    net = _relu_net([([[1, 0], [-1, 0]], [0, 0]), ([[1, -1]], [0])])
    box = (-1.0, 1.0, -1.0, 1.0)
    segs = decision_boundary_2d(linear_regions_2d(net, box), level=0.0)
    assert segs.length == pytest.approx(2.0)
    np.testing.assert_allclose(segs.points[..., 0], 0.0, atol=1e-15)


def test_sigmoid_half_is_logit_zero():
    net = _relu_net([([[1, 0]], [0]), ([[2.0]], [-1.0])])
    net.output_activation = "sigmoid"
    # Output sigmoid(2 relu(x) - 1) = 0.5 exactly where x = 0.5.
    segs = decision_boundary_2d(linear_regions_2d(net, (-1.0, 1.0, -1.0, 1.0)))
    assert len(segs) == 1
    np.testing.assert_allclose(segs.points[0, :, 0], 0.5, atol=1e-15)
    assert segs.length == pytest.approx(2.0)


def test_no_crossing_gives_no_segments():
    net = Network([2, 4, 1], output_activation="sigmoid", seed=0)
    segs = decision_boundary_2d(linear_regions_2d(net, BOX), level=1e-12)
    assert len(segs) == 0 and segs.points.shape == (0, 2, 2)


@pytest.mark.parametrize(
    ("output_activation", "kwargs", "message"),
    [
        ("sigmoid", {"level": 1.5}, r"levels in \(0, 1\)"),
        ("sigmoid", {"level": 0.0}, r"levels in \(0, 1\)"),
        ("relu", {"level": 0.0}, "level > 0"),
        ("identity", {"level": np.nan}, "finite"),
        ("identity", {"output": 1}, "output must be an index"),
    ],
)
def test_boundary_bad_input(output_activation, kwargs, message):
    net = Network([2, 4, 1], output_activation=output_activation, seed=0)
    regions = linear_regions_2d(net, BOX)
    with pytest.raises(ValueError, match=message):
        decision_boundary_2d(regions, **kwargs)


def test_boundary_needs_regions():
    with pytest.raises(ValueError, match="at least one region"):
        decision_boundary_2d([])
