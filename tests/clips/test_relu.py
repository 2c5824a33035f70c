"""ReluNeuron and SumOfRelus show nnmath's bends, curves and losses."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import Network, breakpoints, gradient_descent, pieces, sample_curve_data
from scenes.clips.part1_curve_fitting.relu import ReluNeuron, single_term
from scenes.clips.part1_curve_fitting.sum_of_relus import SumOfRelus
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

RELU_CUSTOM = {"w": -0.5, "b": 0.8, "c": 2.0}
SUM_CUSTOM = {"neurons": 3, "learning_rate": 0.02, "steps": 200, "seed": 2, "n_points": 25}


# -- ReluNeuron ------------------------------------------------------------------
@pytest.mark.parametrize("params", [{}, RELU_CUSTOM])
def test_relu_neuron_bend_shown_is_minus_b_over_w(params):
    scene = build_scene(ReluNeuron, params=params)
    beats = scene.shown["beats"]
    bends = []
    for beat in beats:
        w, b, c = beat["w"], beat["b"], beat["c"]
        assert beat["bend"] == pytest.approx(-b / w, abs=1e-12)
        assert beat["bend_text"] == f"{-b / w + 0.0:.2f}".replace("-0.00", "0.00")
        assert beat["values_text"] == [f"{v:.2f}" for v in (w, b, c)]
        bends.append(beat["bend"])
    s = -scene.p.b / scene.p.w
    # Slide b (bend +-1.5), tilt w (x2, x0.6: bend /2, /0.6), then the flips keep it.
    assert bends == pytest.approx([s, s + 1.5, s - 1.5, s, s / 2, s / 0.6, s, s, s, s])
    assert (beats[-1]["w"], beats[-1]["c"]) == (-scene.p.w, -scene.p.c)


@pytest.mark.parametrize(
    "params", [{"w": 0.1}, {"c": 0.0}, {"w": 0.5, "b": 3.0}, {"w": 4.0}, {"bias": 1}]
)
def test_relu_neuron_bad_parameters(params):
    with pytest.raises(ParamError):
        ReluNeuron.prepare(ReluNeuron.resolve_params(params))


# -- SumOfRelus ------------------------------------------------------------------
@pytest.fixture(scope="module")
def sum_scene():
    return build_scene(SumOfRelus, params=SUM_CUSTOM)


def independent_run(neurons, learning_rate, steps, seed, n_points=40, noise=0.1):
    x, y = sample_curve_data(n_points, noise, seed)
    net = Network([1, neurons, 1], seed=seed)
    return gradient_descent(net, x, y, learning_rate, steps, record_every=max(1, steps // 90))


def test_sum_of_relus_defaults_build_and_fit():
    scene = build_scene(SumOfRelus)
    run = independent_run(6, 0.05, 1000, 0)
    final = run.network_at(-1)
    np.testing.assert_allclose(scene.shown["final_bends"], breakpoints(final, -3, 3), atol=1e-9)
    assert scene.shown["final_loss"] == f"{run.loss[-1]:.4f}"
    assert run.loss[-1] < 0.05 * run.loss[0]  # the default clip really fits


def test_sum_of_relus_shows_the_recorded_network(sum_scene):
    run = independent_run(
        **{k: SUM_CUSTOM[k] for k in ("neurons", "learning_rate", "steps", "seed", "n_points")}
    )
    final = run.network_at(-1)
    xs, ys = pieces(final, -3.0, 3.0)
    shown_x, shown_y = sum_scene.shown["final_knots"]
    np.testing.assert_allclose(shown_x, xs, atol=1e-12)
    np.testing.assert_allclose(shown_y, ys, atol=1e-12)
    # The curve on screen has exactly those corners (each interior one is shared
    # by two segments, so drop repeats).
    drawn = sum_scene.shown["final_curve_points"]
    keep = np.concatenate([[True], np.any(np.abs(np.diff(drawn, axis=0)) > 1e-9, axis=1)])
    np.testing.assert_allclose(drawn[keep][:, :2], np.column_stack([xs, ys]), atol=1e-6)
    np.testing.assert_allclose(sum_scene.shown["loss_curve"], run.loss, rtol=1e-12)
    bends = breakpoints(final, -3.0, 3.0)
    np.testing.assert_allclose(sum_scene.shown["final_bends"], bends, atol=1e-9)
    assert sum_scene.shown["final_bend_count"] == len(bends)
    assert sum_scene.shown["final_loss"] == f"{run.loss[-1]:.4f}"


def test_neuron_terms_add_up_to_the_network():
    net = Network([1, 5, 1], seed=4)
    x = np.linspace(-3, 3, 101)
    total = sum(single_term(net, j).forward(x) for j in range(5)) + net.biases[1]
    np.testing.assert_allclose(total, net.forward(x), atol=1e-12)


def test_starting_terms_shown_are_each_neurons_own_bent_line(sum_scene):
    net = Network([1, 3, 1], seed=2)
    for j, (xs, ys) in enumerate(sum_scene.shown["term_knots"]):
        w, b, c = net.weights[0][j, 0], net.biases[0][j], net.weights[1][0, j]
        np.testing.assert_allclose(ys, c * np.maximum(0.0, w * xs + b), atol=1e-12)


@pytest.mark.parametrize(
    "params", [{"neurons": 0}, {"learning_rate": 0}, {"steps": 0}, {"depth": 2}]
)
def test_sum_of_relus_bad_parameters(params):
    with pytest.raises(ParamError):
        SumOfRelus.resolve_params(params)


def test_diverging_learning_rate_is_a_param_error():
    with pytest.raises(ParamError, match="learning_rate=100"):
        SumOfRelus.prepare(SumOfRelus.resolve_params({"learning_rate": 100, "steps": 50}))


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(ReluNeuron, SumOfRelus)
