"""BendsPerLayer and SegmentsGrowth: they build, and every count and bend they show is exact.

References are independent of the clips: dense sampling of the network's
own forward pass, the closed form -b/w for first-layer bends, and the
zigzag's known count n**l.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

from nnmath import (
    Network,
    count_segments,
    gradient_descent,
    layer_pieces,
    sample_curve_data,
    zigzag_network,
)
from scenes.clips.part1_curve_fitting.bends import (
    BENDS_TRAINING,
    BENDS_X_RANGE,
    MIN_GAP,
    BendsPerLayer,
)
from scenes.clips.part1_curve_fitting.segments import ZOOM_FROM, SegmentsGrowth
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene


@functools.cache
def trained_network(width: int, depth: int, seed: int) -> Network:
    """The clip's network, retrained here without the clip or its cache."""
    t = BENDS_TRAINING
    x, y = sample_curve_data(t["n_points"], t["noise"], seed=t["data_seed"])
    run = gradient_descent(
        Network([1] + [width] * depth + [1], seed=seed),
        x,
        y,
        t["learning_rate"],
        t["steps"],
        record_every=t["steps"],
    )
    return run.final_network


def sign_changes(xs: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Midpoints of the grid intervals where ``values`` changes sign."""
    s = np.sign(values)
    k = np.nonzero(s[:-1] * s[1:] < 0)[0]
    return (xs[k] + xs[k + 1]) / 2


# -- BendsPerLayer ------------------------------------------------------------
@pytest.fixture(scope="module")
def bends_default():
    return build_scene(BendsPerLayer)


def test_bends_default_builds_and_shows_counts(bends_default):
    shown = bends_default.shown
    p = BendsPerLayer.resolve_params({})
    net = trained_network(p.width, p.depth, p.seed)
    layers = layer_pieces(net, *BENDS_X_RANGE)
    assert shown["new_bends"] == [len(lp.crossings) for lp in layers]
    assert shown["bends_after_layer"] == list(np.cumsum([len(lp.crossings) for lp in layers]))
    assert shown["output_pieces"] == count_segments(net, *BENDS_X_RANGE)
    # The default is chosen so the new bends are there to see.
    assert len(shown["crossings"][2]) >= 2


def test_bends_first_layer_bends_are_minus_b_over_w(bends_default):
    p = BendsPerLayer.resolve_params({})
    net = trained_network(p.width, p.depth, p.seed)
    w, b = net.weights[0][:, 0], net.biases[0]
    roots = -b / w
    lo, hi = BENDS_X_RANGE
    expected = np.sort(roots[(roots > lo) & (roots < hi)])
    np.testing.assert_allclose(bends_default.shown["layer1_bends"], expected, rtol=0, atol=1e-12)


def test_bends_crossings_match_dense_sampling(bends_default):
    """The dots drawn where z crosses zero are where the real pre-activation changes sign."""
    p = BendsPerLayer.resolve_params({})
    net = trained_network(p.width, p.depth, p.seed)
    xs = np.linspace(*BENDS_X_RANGE, 300_001)
    spacing = xs[1] - xs[0]
    pre = net.pre_activations(xs)
    for layer, crossings in bends_default.shown["crossings"].items():
        neuron = bends_default.shown["chosen_neuron"][layer - 2]
        sampled = sign_changes(xs, pre[layer - 1][:, neuron])
        assert len(sampled) == len(crossings)
        np.testing.assert_allclose(crossings, sampled, rtol=0, atol=spacing)


def test_bends_output_is_drawn_with_its_pieces_numbered(bends_default):
    """The output's bends are where its slope changes (dense sampling); one number a piece;
    the lost bends are the last layer's bends the output does not keep (they differ: both
    counts are drawn)."""
    shown = bends_default.shown
    p = BendsPerLayer.resolve_params({})
    net = trained_network(p.width, p.depth, p.seed)
    xs = np.linspace(*BENDS_X_RANGE, 600_001)
    ys = net.forward(xs)[:, 0]
    slope = np.diff(ys) / np.diff(xs)
    jumps = np.abs(np.diff(slope)) > 1e-6 * np.maximum(1.0, np.abs(slope[1:]))
    # a bend between grid points shows as two neighbouring jumps: count runs of jumps
    starts = np.nonzero(jumps & ~np.concatenate([[False], jumps[:-1]]))[0]
    sampled = xs[starts + 1]
    bends = shown["output_bends"]
    assert len(bends) == len(sampled) == shown["output_pieces"] - 1
    np.testing.assert_allclose(bends, sampled, rtol=0, atol=2 * (xs[1] - xs[0]))
    assert shown["piece_numbers"] == list(range(1, shown["output_pieces"] + 1))
    lost = shown["lost_bends"]
    assert len(lost) + len(bends) == shown["bends_after_layer"][-1]
    # a lost bend is a place where the output is straight: its two sides have one slope
    for x in lost:
        y0, y1, y2 = net.forward(np.array([x - 1e-4, x, x + 1e-4]))[:, 0]
        assert abs((y1 - y0) - (y2 - y1)) < 1e-9
    # The default shows the difference: 9 bends in the hidden layers, fewer in the output.
    assert len(lost) > 0


def test_bends_non_default_builds_every_layer():
    scene = build_scene(BendsPerLayer, {"width": 2, "depth": 3, "seed": 2, "theme": "light"})
    net = trained_network(2, 3, 2)
    layers = layer_pieces(net, *BENDS_X_RANGE)
    assert scene.shown["bends_after_layer"] == [len(lp.x) - 2 for lp in layers]
    assert sorted(scene.shown["crossings"]) == [2, 3]
    xs = np.linspace(*BENDS_X_RANGE, 300_001)
    pre = net.pre_activations(xs)
    for layer, crossings in scene.shown["crossings"].items():
        neuron = scene.shown["chosen_neuron"][layer - 2]
        sampled = sign_changes(xs, pre[layer - 1][:, neuron])
        np.testing.assert_allclose(crossings, sampled, rtol=0, atol=xs[1] - xs[0])


@pytest.mark.parametrize(
    "params", [{"width": 1}, {"width": 7}, {"depth": 1}, {"depth": 5}, {"seed": -1}]
)
def test_bends_bad_params_raise(params):
    with pytest.raises(ParamError):
        BendsPerLayer.resolve_params(params)


def test_bends_too_close_to_see_are_magnified(bends_default):
    """Bends closer than MIN_GAP on the output plot are drawn again, magnified, beside it:
    the inset's window holds every such pair (and, for the default, the lost bends)."""
    p = BendsPerLayer.resolve_params({})
    bends = layer_pieces(trained_network(p.width, p.depth, p.seed), *BENDS_X_RANGE)[-1].x[1:-1]
    scale = bends_default.output_axes.x_length / (BENDS_X_RANGE[1] - BENDS_X_RANGE[0])
    k = np.nonzero(np.diff(bends) * scale < MIN_GAP)[0]
    assert len(k)  # the default has some: the inset is shown
    a, b = bends_default.shown["inset_window"]
    assert a < bends[k].min() and bends[k + 1].max() < b
    lost = np.array(bends_default.shown["lost_bends"])
    assert np.all((a < lost) & (lost < b))
    assert bends_default.zoom.x_length / (b - a) > 3 * scale  # magnified


# -- SegmentsGrowth -----------------------------------------------------------
@pytest.mark.parametrize("params", [{}, {"width": 5, "depth": 3, "seed": 1, "theme": "light"}])
def test_segments_counts_are_exact(params):
    scene = build_scene(SegmentsGrowth, params)
    p = SegmentsGrowth.resolve_params(params)
    n, depth = p.width, p.depth
    layers = range(1, depth + 1)
    counted = [count_segments(zigzag_network(n, layer), 0.0, 1.0) for layer in layers]
    assert scene.shown["counts"] == counted == [n**layer for layer in layers]
    assert scene.shown["n_power"] == [n**layer for layer in layers]
    assert scene.shown["ceiling"] == [(n + 1) ** layer for layer in layers]
    random = Network([1] + [n] * depth + [1], seed=p.seed)
    assert scene.shown["random_pieces"] == count_segments(random, 0.0, 1.0)
    assert scene.shown["random_pieces_wide"] == count_segments(random, -3.0, 3.0)
    assert scene.shown["n2L"] == n * n * depth
    assert scene.shown["n_params"] == random.n_params


def test_segments_main_plot_zooms_to_readable_teeth():
    """Once the graph is too dense, the main plot shows a window of a few whole pieces: the
    zigzag's pieces are all 1/n^l wide, so the window [0, w] holds n^l w of them."""
    scene = build_scene(SegmentsGrowth)
    n, depth = scene.p.width, scene.p.depth
    windows, in_view = scene.shown["windows"], scene.shown["in_view"]
    assert sorted(windows) == list(range(1, depth + 1))
    for layer in range(1, depth + 1):
        assert in_view[layer] == round(n**layer * windows[layer])
        assert in_view[layer] <= ZOOM_FROM
    # the default goes deep enough to zoom: 3^6 = 729 pieces, 9 in view at the end
    assert windows[depth] == pytest.approx(n**2 / n**depth)
    assert in_view[depth] == n**2 == scene.shown["zoom_pieces"][depth]


def test_segments_random_default_is_far_below_n_to_the_l():
    p = SegmentsGrowth.resolve_params({})
    data = SegmentsGrowth.prepare(p)
    assert data.random_count < p.width**p.depth
    # The graph drawn for the random network has one vertex per piece boundary.
    assert len(data.random_xs) == data.random_count + 1


def test_segments_zigzag_graphs_are_the_networks():
    data = SegmentsGrowth.prepare(SegmentsGrowth.resolve_params({"width": 3, "depth": 3}))
    for layer, (xs, ys) in enumerate(data.zigzag, start=1):
        net = zigzag_network(3, layer)
        np.testing.assert_allclose(ys, net.forward(xs)[:, 0], atol=1e-12)
        assert len(xs) == 3**layer + 1


@pytest.mark.parametrize("params", [{"width": 1}, {"depth": 0}, {"depth": 7}, {"width": 7}])
def test_segments_bad_params_raise(params):
    with pytest.raises(ParamError):
        SegmentsGrowth.resolve_params(params)


def test_segments_too_many_pieces_is_a_param_error():
    values = SegmentsGrowth.resolve_params({"width": 6, "depth": 6})
    with pytest.raises(ParamError, match="20000"):
        SegmentsGrowth.prepare(values)


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(BendsPerLayer, SegmentsGrowth)
