"""NeuronBudget shows nnmath's numbers: n^L folding pieces, the peak at e, trained counts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

import scenes.clips.part1_curve_fitting.neuron_budget as clip
from nnmath import Network, Trajectory, count_segments, sample_curve_data, zigzag_network
from scenes.clips.part1_curve_fitting.neuron_budget import (
    NeuronBudget,
    Split,
    best_split_text,
    training_key,
)
from scenes.core.cache import cache_path
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

#: 15 = 3 x 5 = 5 x 3 = 15 x 1: no width 2, and with seed 2 the 3 x 5 network does not train.
CUSTOM = {"budget": 15}


@pytest.fixture(scope="module")
def default_scene():
    return build_scene(NeuronBudget)


@pytest.fixture(scope="module")
def custom_scene():
    return build_scene(NeuronBudget, params=CUSTOM)


@pytest.fixture(params=["default", "custom"])
def scene(request, default_scene, custom_scene):
    return default_scene if request.param == "default" else custom_scene


def test_the_splits_shown_are_exactly_the_divisors(scene):
    budget = scene.p.budget
    divisors = [n for n in range(2, budget + 1) if budget % n == 0]  # brute force
    assert scene.shown["widths"] == scene.shown["shape_widths"] == divisors
    assert scene.shown["x_tick_labels"] == divisors
    assert scene.shown["depths"] == scene.shown["shape_depths"] == [budget // n for n in divisors]
    assert all(n * depth == budget for n, depth in zip(divisors, scene.shown["depths"]))


def test_folding_counts_are_counted_and_equal_n_to_the_L(scene):
    budget = scene.p.budget
    widths = scene.shown["widths"]
    counted = [count_segments(zigzag_network(n, budget // n), 0.0, 1.0) for n in widths]
    assert scene.shown["folding"] == counted == [n ** (budget // n) for n in widths]
    assert scene.shown["power"] == [(n, budget // n) for n in widths]
    np.testing.assert_allclose(scene.shown["bar_tops"], counted, rtol=1e-9)


def test_default_counts_are_the_storyboards(default_scene):
    assert default_scene.shown["folding"] == [64, 81, 64, 36, 12]
    assert default_scene.shown["best_widths"] == [3]
    assert any("n = 3 (81), not n = 2 (64)" in n for n in default_scene.shown["narrations"])


def test_the_curve_is_n_to_the_N_over_n_and_peaks_at_e(scene):
    budget = scene.p.budget
    assert scene.shown["peak_n"] == pytest.approx(math.e, abs=1e-12)
    assert "e \u2248 2.72" in scene.shown["peak_label"]
    # Independent: maximise (N/n) ln n numerically.
    best = minimize_scalar(
        lambda n: -(budget / n) * math.log(n), bounds=(1.0, budget), method="bounded",
        options={"xatol": 1e-9},
    )  # fmt: skip
    assert best.x == pytest.approx(math.e, abs=1e-5)
    # The drawn curve, read back from the screen: x = ln n, y = log10 pieces.
    drawn = scene.shown["curve"]
    n, pieces = np.exp(drawn[:, 0]), 10 ** drawn[:, 1]
    np.testing.assert_allclose(pieces, n ** (budget / n), rtol=1e-9)
    assert n[0] == pytest.approx(1.0) and n[-1] == pytest.approx(budget)
    assert n[np.argmax(pieces)] == pytest.approx(math.e, abs=1e-9)


def test_trained_counts_are_those_of_the_cached_runs(scene):
    budget = scene.p.budget
    x, y = sample_curve_data(40, 0.1, 0)
    for k, n in enumerate(scene.shown["widths"]):
        depth = budget // n
        path = cache_path("neuron_budget", training_key(scene.p, n), recipe=clip.__file__)
        run = Trajectory.load(path)
        assert run.layer_sizes == [1] + [n] * depth + [1]
        assert run.steps[-1] == scene.p.steps
        net = Network(run.layer_sizes, seed=0).set_params(run.params[-1])
        assert scene.shown["trained"][k] == count_segments(net, -3.0, 3.0)
        assert scene.shown["losses"][k] == f"{net.loss(x, y):.3f}"
        assert scene.shown["trained_dots"][k] == pytest.approx(scene.shown["trained"][k])
    # far below the folding counts for the deep splits
    assert scene.shown["trained"][0] < scene.shown["folding"][0]


def test_shapes_that_did_not_train_are_said(default_scene, custom_scene):
    x, y = sample_curve_data(40, 0.1, 0)
    constant = float(np.mean((y - y.mean()) ** 2))  # the best constant's loss
    for scene in (default_scene, custom_scene):
        stuck = [
            n
            for n, count, loss in zip(
                scene.shown["widths"], scene.shown["trained"], scene.shown["losses"]
            )
            if count <= 1 or float(loss) >= 0.95 * constant
        ]
        assert scene.shown["stuck"] == stuck
    assert default_scene.shown["stuck"] == []
    assert custom_scene.shown["stuck"] == [3]
    assert any("3 × 5 did not train" in c for c in custom_scene.shown["narrations"])


def test_best_split_caption_names_ties():
    def splits(budget: int) -> list[Split]:
        return [
            Split(n, budget // n, n ** (budget // n), 0, 0.0, (np.zeros(2), np.zeros(2)))
            for n in range(2, budget + 1)
            if budget % n == 0
        ]

    eight = best_split_text(splits(8), 8, math.e)
    assert eight.startswith("Most pieces: n = 2 and n = 4 tie (16)")
    assert "3 does not divide 8" in eight
    assert best_split_text(splits(15), 15, math.e).startswith("Most pieces: n = 3 (243):")


@pytest.mark.parametrize(
    "params",
    [{"budget": 3}, {"budget": 37}, {"steps": 0}, {"learning_rate": 0.0}, {"width": 2}],
)
def test_bad_parameters_raise_param_error(params):
    with pytest.raises(ParamError):
        NeuronBudget.resolve_params(params)


@pytest.mark.parametrize("budget", [5, 7, 13, 31])
def test_a_prime_budget_is_refused(budget):
    with pytest.raises(ParamError, match="prime"):
        NeuronBudget.prepare(NeuronBudget.resolve_params({"budget": budget}))


def test_a_diverging_learning_rate_is_refused():
    params = NeuronBudget.resolve_params({"budget": 4, "learning_rate": 0.5})
    with pytest.raises(ParamError, match="diverge"):
        NeuronBudget.prepare(params)


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(NeuronBudget)
