"""Exact breakpoints of 1-D ReLU networks against dense sampling and hand cases."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import piecewise
from nnmath.network import Network
from nnmath.piecewise import (
    breakpoints,
    count_segments,
    layer_pieces,
    pieces,
    zigzag_network,
)


def _random_net(seed: int) -> Network:
    rng = np.random.default_rng(1000 + seed)
    width, depth = int(rng.integers(2, 9)), int(rng.integers(1, 4))
    return Network([1] + [width] * depth + [1], activation="relu", seed=seed)


def _hand_net(w0, b0, w1, b1) -> Network:
    net = Network([1, len(b0), 1], seed=0)
    net.weights = [np.array(w0, dtype=float)[:, None], np.array([w1], dtype=float)]
    net.biases = [np.array(b0, dtype=float), np.array([b1], dtype=float)]
    return net


@pytest.mark.parametrize("seed", range(20))
def test_breakpoints_match_dense_sampling(seed):
    net = _random_net(seed)
    lo, hi = -3.0, 3.0
    grid = np.linspace(lo, hi, 200_001)
    h = grid[1] - grid[0]
    y = net.forward(grid)[:, 0]
    # A kink between grid points makes the second difference of the samples
    # non-zero at the neighbouring grid points; elsewhere it is rounding noise
    # (< 1e-13 here), while a real kink gives |slope change| * h / 2 >> 1e-12.
    second = np.abs(y[2:] - 2 * y[1:-1] + y[:-2])
    sampled = grid[1:-1][second > 1e-12]

    exact = breakpoints(net, lo, hi)
    assert np.all(np.diff(exact) > 0)
    assert np.all((exact > lo) & (exact < hi))
    assert len(exact) > 0 and len(sampled) > 0
    # Every sampled kink is within a grid step of an exact breakpoint ...
    gap = np.abs(sampled[:, None] - exact[None, :]).min(axis=1)
    assert gap.max() <= h * (1 + 1e-6)
    # ... and every exact breakpoint has a sampled kink within a grid step.
    gap = np.abs(exact[:, None] - sampled[None, :]).min(axis=1)
    assert gap.max() <= h * (1 + 1e-6)

    xs, ys = pieces(net, lo, hi)
    np.testing.assert_array_equal(xs, np.concatenate([[lo], exact, [hi]]))
    np.testing.assert_allclose(ys, net.forward(xs)[:, 0], rtol=1e-12, atol=1e-12)
    assert count_segments(net, lo, hi) == len(exact) + 1
    # The polyline through the pieces is the network everywhere.
    np.testing.assert_allclose(np.interp(grid, xs, ys), y, rtol=1e-9, atol=1e-9)


def test_hand_made_network():
    # relu(x - 0.3) - relu(x - 0.7): bends at 0.3 and 0.7 only.
    net = _hand_net([1, 1], [-0.3, -0.7], [1, -1], 0.0)
    np.testing.assert_allclose(breakpoints(net, 0.0, 1.0), [0.3, 0.7], rtol=1e-15)
    xs, ys = pieces(net, 0.0, 1.0)
    np.testing.assert_allclose(xs, [0.0, 0.3, 0.7, 1.0], rtol=1e-15)
    np.testing.assert_allclose(ys, [0.0, 0.0, 0.4, 0.4], atol=1e-15)
    # An interval that misses a bend, or has it at an end, does not report it.
    np.testing.assert_allclose(breakpoints(net, 0.5, 2.0), [0.7])
    assert len(breakpoints(net, 0.3, 0.7)) == 0


def test_crossing_that_the_output_ignores_is_not_a_breakpoint():
    # Neuron 2 crosses zero at 0.5 but has output weight 0; neurons 0 and 1
    # cross at 0.2 but cancel exactly (relu(x - 0.2) - relu(x - 0.2)).
    net = _hand_net([1, -1, 1, 1], [-0.2, 0.2, -0.5, -0.2], [1, 0, 0, -1], 0.5)
    assert len(breakpoints(net, 0.0, 1.0)) == 0
    assert count_segments(net, 0.0, 1.0) == 1
    # The first hidden layer still shows all its crossings.
    first = layer_pieces(net, 0.0, 1.0)[0]
    np.testing.assert_allclose(first.crossings, [0.2, 0.5])


@pytest.mark.parametrize("seed", range(6))
def test_layer_pieces_are_exact_between_knots(seed):
    net = _random_net(seed)
    lo, hi = -2.0, 2.5
    layers = layer_pieces(net, lo, hi)
    assert len(layers) == net.n_layers - 1
    for lp in layers:
        assert lp.x[0] == lo and lp.x[-1] == hi and np.all(np.diff(lp.x) > 0)
        pre = net.pre_activations(lp.x)[lp.layer]
        post = net.activations(lp.x)[lp.layer + 1]
        np.testing.assert_allclose(lp.pre, pre, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(lp.post, post, rtol=1e-10, atol=1e-12)
        # Linear between knots: the interpolated midpoint is the true value.
        mid = (lp.x[:-1] + lp.x[1:]) / 2
        np.testing.assert_allclose(
            (lp.post[:-1] + lp.post[1:]) / 2,
            net.activations(mid)[lp.layer + 1],
            rtol=1e-10,
            atol=1e-12,
        )
        # Each crossing is a zero of its neuron and is one of the knots.
        assert set(lp.crossings) <= set(lp.x)
        at = net.pre_activations(lp.crossings)[lp.layer]
        np.testing.assert_allclose(
            at[np.arange(len(lp.crossings)), lp.crossing_neurons], 0.0, atol=1e-12
        )
    # Every output breakpoint is a knot of the last hidden layer.
    if layers:
        assert set(breakpoints(net, lo, hi)) <= set(layers[-1].x)


ZIGZAG_CASES = [(2, depth) for depth in range(1, 15)] + [
    (n, depth) for n, top in ((3, 10), (4, 8), (5, 7)) for depth in range(1, top + 1)
]


@pytest.mark.parametrize(("n", "depth"), ZIGZAG_CASES)
def test_zigzag_has_n_to_the_depth_pieces(n, depth):
    net = zigzag_network(n, depth)
    assert net.layer_sizes == [1] + [n] * depth + [1]
    pieces_expected = n**depth
    assert count_segments(net, 0.0, 1.0) == pieces_expected
    xs, ys = pieces(net, 0.0, 1.0)
    # Equal pieces, output alternating 0, 1, 0, 1, ...
    np.testing.assert_allclose(xs, np.arange(pieces_expected + 1) / pieces_expected, atol=1e-12)
    np.testing.assert_allclose(ys, np.arange(pieces_expected + 1) % 2, atol=1e-9)


def test_zigzag_two_to_the_sixteen():
    net = zigzag_network(2, 16)
    xs, ys = pieces(net, 0.0, 1.0)
    assert len(xs) == 2**16 + 1
    np.testing.assert_allclose(ys, np.arange(2**16 + 1) % 2, atol=1e-9)
    # Spot-check against the network itself at a few knots.
    idx = np.array([0, 1, 2, 12345, 2**15, 2**16 - 1, 2**16])
    np.testing.assert_allclose(net.forward(xs[idx])[:, 0], ys[idx], atol=1e-6)


def test_zigzag_width_one_is_a_single_piece():
    assert count_segments(zigzag_network(1, 5), 0.0, 1.0) == 1


def test_zigzag_first_layer_folds():
    lp = layer_pieces(zigzag_network(3, 2), 0.0, 1.0)[0]
    np.testing.assert_allclose(lp.crossings, [1 / 3, 2 / 3])
    np.testing.assert_array_equal(lp.crossing_neurons, [1, 2])


@pytest.mark.parametrize(("n", "depth"), [(0, 2), (2, 0), (2.5, 2), (2, "3"), (True, 2)])
def test_zigzag_rejects_bad_sizes(n, depth):
    with pytest.raises(ValueError, match="must be an integer"):
        zigzag_network(n, depth)


@pytest.mark.parametrize(
    ("net", "message"),
    [
        (Network([2, 3, 1], seed=0), "1 input and 1 output"),
        (Network([1, 3, 2], seed=0), "1 input and 1 output"),
        (Network([1, 3, 1], activation="sigmoid", seed=0), "only ReLU networks"),
        (Network([1, 3, 1], output_activation="sigmoid", seed=0), "only ReLU networks"),
    ],
)
def test_rejects_networks_that_are_not_piecewise_linear(net, message):
    for fn in (breakpoints, count_segments, pieces, layer_pieces):
        with pytest.raises(ValueError, match=message):
            fn(net, 0.0, 1.0)


@pytest.mark.parametrize(("lo", "hi"), [(1.0, 1.0), (2.0, 1.0), (0.0, np.inf), (np.nan, 1.0)])
def test_rejects_bad_interval(lo, hi):
    net = Network([1, 3, 1], seed=0)
    with pytest.raises(ValueError, match="lo"):
        breakpoints(net, lo, hi)


@pytest.mark.parametrize("guard", ["ZERO_RTOL", "RESOLUTION_RTOL"])
@pytest.mark.parametrize(("n", "depth"), [(3, 6), (5, 4), (10, 3), (20, 2)])
def test_each_rounding_guard_alone_keeps_zigzag_exact(monkeypatch, guard, n, depth):
    # Rounding noise at the zigzag's exact zeros fakes slivers one ulp wide
    # (3**3 gives 28 pieces with neither guard). Deep zigzags (3**12) need the
    # resolution guard; here each guard is checked on its own, cheaply.
    monkeypatch.setattr(piecewise, guard, 0.0)
    assert count_segments(zigzag_network(n, depth), 0.0, 1.0) == n**depth
