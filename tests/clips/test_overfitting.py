"""Overfitting shows nnmath's runs: errors per step, least test errors, fits, more data."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import scenes.clips.part5_capacity.overfitting as clip
from nnmath import TrainingDiverged
from nnmath.overfitting import overfit_data, overfitting_runs, target_grid
from nnmath.training import curve_target
from scenes.clips.part5_capacity.overfitting import (
    Overfitting,
    arch_name,
    dash_points,
    parse_architectures,
)
from scenes.core.cache import CacheStats
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

DEFAULTS = {"archs": ((3,), (8,), (64, 64)), "n_train": 15, "n_more": 150, "noise": 0.3,
            "seed": 0, "steps": 3000}  # fmt: skip
# Two networks, one deep; fewer steps and points so the build is quick.
CUSTOM_PARAMS = {"architectures": "4,16x16", "n_train": 10, "n_more": 40, "noise": 0.5,
                 "seed": 2, "steps": 600}  # fmt: skip
CUSTOM = {"archs": ((4,), (16, 16)), "n_train": 10, "n_more": 40, "noise": 0.5, "seed": 2,
          "steps": 600}  # fmt: skip


def reference(archs, n_train, n_more, noise, seed, steps):
    """nnmath's study, called here with the clip's documented settings: Adam at 0.01,
    a record every steps // 120 steps (one BLAS thread: the matrices are small)."""
    with threadpool_limits(limits=1, user_api="blas"):
        return overfitting_runs(archs, n_train, n_more, noise=noise, seed=seed, steps=steps,
                                learning_rate=0.01, record_every=steps // 120)  # fmt: skip


@pytest.fixture(scope="module")
def cases():
    return {
        "default": (build_scene(Overfitting), reference(**DEFAULTS)),
        "custom": (build_scene(Overfitting, params=CUSTOM_PARAMS), reference(**CUSTOM)),
    }


def two(value: float) -> str:
    """Two significant digits, as a number (the clip's strings may keep a trailing zero)."""
    return f"{float(f'{value:.2g}'):g}"


def as_shown(value: float) -> str:
    """The clip's rounding to two significant digits, as it writes them."""
    return f"{value:#.2g}".rstrip(".")


def same(shown: str, value: float) -> bool:
    return f"{float(shown):g}" == two(value)


def n_params(hidden) -> int:
    sizes = [1, *hidden, 1]
    return sum(a * b + b for a, b in zip(sizes, sizes[1:]))


def on_graph(points: np.ndarray, network) -> None:
    """Every drawn point (x, y) lies on the network's graph."""
    np.testing.assert_allclose(points[:, 1], network.forward(points[:, 0])[:, 0], atol=1e-6)


def beat(scene, name):
    return next(b for b in scene.beat_log if b.name == name)


@pytest.mark.parametrize("which", ["default", "custom"])
def test_each_networks_numbers_are_nnmaths(which, cases):
    scene, ref = cases[which]
    shown = scene.shown["networks"]
    assert [s["name"] for s in shown] == [arch_name(h) for h in ref.architectures]
    for k, (s, run) in enumerate(zip(shown, ref.few)):
        assert s["n_train"] == run.n_train and s["readout"] == run.steps[-1]
        assert s["best_step"] == run.steps[np.argmin(run.test_error)]
        assert same(s["best_test"], run.test_error.min())
        assert same(s["final_train"], run.train_error[-1])
        assert same(s["final_test"], run.test_error[-1])
        text = s["narration"]
        assert f"{n_params(run.hidden)} weights and biases" in text
        assert f"training error {s['final_train']} and test error {s['final_test']}" in text
        assert f"least, {s['best_test']}, at step {s['best_step']}" in text
        note = beat(scene, f"network_{k + 1}")
        assert (note.headline, note.narration) == (s["headline"], text)


@pytest.mark.parametrize("which", ["default", "custom"])
def test_drawn_error_curves_are_nnmaths(which, cases):
    scene, ref = cases[which]
    g = max(range(len(ref.architectures)), key=lambda k: sum(ref.architectures[k]))
    for s, run in zip([*scene.shown["networks"], scene.shown["more"]], [*ref.few, ref.more[g]]):
        # the test error: a polyline through every recorded step from the first on
        drawn = np.vstack([s["test_curve"][0::4], s["test_curve"][-1:]])
        np.testing.assert_allclose(drawn, np.c_[run.steps[1:], run.test_error[1:]], rtol=1e-9)
        # the training error, dashed: every dash on the polyline of log error vs log step
        dashes = np.log10(s["train_curve"])
        on_line = np.interp(dashes[:, 0], np.log10(run.steps[1:]), np.log10(run.train_error[1:]))
        np.testing.assert_allclose(dashes[:, 1], on_line, atol=0.01)
        assert dashes[:, 0].min() == pytest.approx(np.log10(run.steps[1]), abs=1e-9)
        assert dashes[:, 0].max() > np.log10(run.steps[-1]) - 0.1


@pytest.mark.parametrize("which", ["default", "custom"])
def test_drawn_fits_are_the_networks_graphs(which, cases):
    scene, ref = cases[which]
    for s, run in zip(scene.shown["networks"], ref.few):
        on_graph(s["fit"], run.network_at(-1))
    g = max(range(len(ref.architectures)), key=lambda k: sum(ref.architectures[k]))
    on_graph(scene.shown["more"]["fit"], ref.more[g].network_at(-1))
    for fit, run in zip(scene.shown["answer"]["fits"], ref.few):
        on_graph(fit, run.network_at(-1))
    for fit, run in zip(scene.shown["layers"]["fits"], ref.few):
        on_graph(fit, run.network_at(int(np.argmin(run.test_error))))


@pytest.mark.parametrize("which", ["default", "custom"])
def test_data_and_noise_level_are_nnmaths(which, cases):
    scene, ref = cases[which]
    params = DEFAULTS if which == "default" else CUSTOM
    x, y = overfit_data(params["n_train"], params["noise"], params["seed"])
    np.testing.assert_array_equal(scene.shown["points"][0], x)
    np.testing.assert_array_equal(scene.shown["points"][1], y)
    level = np.mean((y - curve_target(x)) ** 2)
    assert same(scene.shown["noise_level"], level)
    assert f"mean squared error of {scene.shown['noise_level']}" in beat(scene, "data").narration
    assert f"{len(target_grid()[0])} x values" in beat(scene, "errors").narration


@pytest.mark.parametrize("which", ["default", "custom"])
def test_early_stopping_marks_each_least_test_error(which, cases):
    scene, ref = cases[which]
    dots = scene.shown["best_dots"]
    for dot, run in zip(dots, ref.few):
        i = int(np.argmin(run.test_error))
        np.testing.assert_allclose(dot, [run.steps[i], run.test_error[i]], rtol=1e-9)
        text = f"{arch_name(run.hidden)} {as_shown(run.test_error[i])} at step {run.steps[i]}"
        assert text in beat(scene, "early_stopping").narration


@pytest.mark.parametrize("which", ["default", "custom"])
def test_fits_at_the_best_step_and_the_end(which, cases):
    scene, ref = cases[which]
    rises = [run.test_error[-1] / run.test_error.min() for run in ref.few]
    f = int(np.argmax(rises))
    run, i = ref.few[f], int(np.argmin(ref.few[f].test_error))
    name, step, fit, train, test = scene.shown["best_fit"]
    assert (name, step) == (arch_name(run.hidden), run.steps[i])
    assert same(train, run.train_error[i]) and same(test, run.test_error[i])
    on_graph(fit, run.network_at(i))
    name, step, fit, train, test, rise = scene.shown["end_fit"]
    assert step == run.steps[-1] and same(train, run.train_error[-1])
    assert same(test, run.test_error[-1]) and float(rise) == round(rises[f], 1)
    on_graph(fit, run.network_at(-1))
    assert f"{rise} times its least" in beat(scene, "end_fit").narration


@pytest.mark.parametrize("which", ["default", "custom"])
def test_more_data_is_the_largest_network_on_more_points(which, cases):
    scene, ref = cases[which]
    params = DEFAULTS if which == "default" else CUSTOM
    g = max(range(len(ref.architectures)), key=lambda k: sum(ref.architectures[k]))
    run, few = ref.more[g], ref.few[g]
    s = scene.shown["more"]
    assert s["n_train"] == s["points"] == params["n_more"] == run.n_train
    assert s["best_step"] == run.steps[np.argmin(run.test_error)]
    assert same(s["best_test"], run.test_error.min())
    assert same(s["final_train"], run.train_error[-1])
    assert same(s["final_test"], run.test_error[-1])
    note = beat(scene, "more_data")
    assert note.narration == s["narration"]
    before = as_shown(few.test_error[-1])
    assert note.headline == f"{run.n_train} points: final test error {s['final_test']} " + (
        f"instead of {before}"
    )


def test_default_answers_say_what_was_measured(cases):
    """With the defaults: 3 neurons underfit, 8 neurons' test error ends about 4 times its
    least, the 2x64 network fits the points closest and the curve worst at the end, and at
    their best the 8-neuron network beats it. Checked on nnmath's numbers first."""
    scene, ref = cases["default"]
    small, mid, big = ref.few
    x, y = overfit_data(15, 0.3, 0)
    assert small.train_error[-1] > np.mean((y - curve_target(x)) ** 2)  # underfits
    assert 3.5 < mid.test_error[-1] / mid.test_error.min() < 4.5
    assert np.argmin([r.train_error[-1] for r in ref.few]) == 2
    assert np.argmax([r.test_error[-1] for r in ref.few]) == 2
    assert mid.test_error.min() < big.test_error.min()
    headlines = [b.headline for b in scene.beat_log]
    assert headlines[2:5] == [
        "3 neurons: too stiff to follow the curve",
        f"8 neurons: test error turns up after step {mid.steps[np.argmin(mid.test_error)]}",
        f"2 layers of 64: test error turns up after step {big.steps[np.argmin(big.test_error)]}",
    ]
    assert beat(scene, "answer").headline == (
        "Most neurons: closest to the points, farthest from the curve"
    )
    assert beat(scene, "layers").headline == "At their best, 8 neurons beat 2 layers of 64"
    assert [b.name for b in scene.beat_log] == [
        "data", "errors", "network_1", "network_2", "network_3", "early_stopping",
        "best_fit", "end_fit", "more_data", "answer", "layers",
    ]  # fmt: skip


def test_custom_layers_headline_compares_the_least_test_errors(cases):
    scene, ref = cases["custom"]
    shallow, deep = ref.few
    a, b = (shallow, deep) if shallow.test_error.min() < deep.test_error.min() else (deep, shallow)
    expected = f"At their best, {arch_name(a.hidden)} beat {arch_name(b.hidden)}"
    assert beat(scene, "layers").headline == expected


def test_names_and_architectures():
    assert parse_architectures("3, 8,64X64") == ((3,), (8,), (64, 64))
    assert [arch_name(h) for h in [(1,), (3,), (64, 64), (16, 8)]] == [
        "1 neuron", "3 neurons", "2 layers of 64", "16+8 neurons"]  # fmt: skip


def test_dashes_lie_on_the_polyline_with_gaps():
    line = np.array([[0.0, 0, 0], [2.0, 0, 0], [2.0, 1.0, 0]])
    pts = dash_points(line)
    assert len(pts) % 4 == 0
    assert np.all((np.abs(pts[:, 1]) < 1e-12) | (np.abs(pts[:, 0] - 2.0) < 0.02))
    starts, ends = pts[0::4], pts[3::4]
    gaps = np.linalg.norm(starts[1:] - ends[:-1], axis=1)
    assert gaps.max() == pytest.approx(clip.GAP, abs=0.03)
    assert len(dash_points(line[:1])) == 0


@pytest.mark.parametrize(
    "params",
    [{"noise": 2.0}, {"n_train": 3}, {"steps": 100}, {"learning_rate": 1.0}, {"seed": -1},
     {"n_more": 1000}],
)  # fmt: skip
def test_out_of_range_parameters_raise_param_error(params):
    with pytest.raises(ParamError):
        Overfitting.resolve_params(params)


@pytest.mark.parametrize(
    "params",
    [{"architectures": "3,abc"}, {"architectures": "0,8"}, {"architectures": "3"},
     {"architectures": "3,3"}, {"architectures": "3,200"}, {"architectures": "3,2x2x2x2"},
     {"architectures": "1,2,3,4"}, {"architectures": "3,,8"}, {"n_train": 40, "n_more": 60}],
)  # fmt: skip
def test_impossible_combinations_raise_param_error_before_any_work(params, monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("trained before refusing the parameters")

    monkeypatch.setattr(clip, "overfitting_runs", no_training)
    with pytest.raises(ParamError):
        Overfitting.prepare(Overfitting.resolve_params(params))


def test_divergence_is_a_param_error(monkeypatch):
    def diverge(*args, **kwargs):
        raise TrainingDiverged("diverged")

    monkeypatch.setattr(clip, "overfitting_runs", diverge)
    p = Overfitting.resolve_params({"seed": 987, "steps": 300, "learning_rate": 0.1})
    with pytest.raises(ParamError, match="learning_rate"):
        Overfitting.prepare(p)


def test_training_is_cached_and_reused():
    p = Overfitting.resolve_params({"architectures": "2,5", "steps": 300, "n_train": 6,
                                    "n_more": 20, "seed": 5})  # fmt: skip
    Overfitting.prepare(p)
    computed, hits = CacheStats.computed, CacheStats.hits
    again = Overfitting.prepare(p)
    assert CacheStats.computed == computed and CacheStats.hits == hits + 3
    ref = reference(((2,), (5,)), 6, 20, 0.3, 5, 300)
    for run, mine in zip([*ref.few, ref.more[1]], [*again.few, again.more]):
        np.testing.assert_array_equal(run.test_error, mine.test_error)
        np.testing.assert_array_equal(run.params, mine.params)


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(Overfitting)
