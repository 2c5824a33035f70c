"""ImaginedDigit shows nnmath's search on the pixels, the average training digit and the
random dots it calls that digit: every number shown and narrated, recomputed here."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import scenes.clips.part3_learning.imagined_digit as clip
from nnmath.inputs import ascend_input, noise_called
from scenes.clips.part3_learning.imagined_digit import (
    RECORDS,
    ImaginedDigit,
    replay_indices,
    stretched,
)
from scenes.core.digit_model import trained_digit_network
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

PARAMS = {"data": "sample"}  # the clip's default, named so the layout test shares the build


@pytest.fixture(scope="module")
def case():
    scene = build_scene(ImaginedDigit, PARAMS)
    network, _, (x_train, y_train, _, _) = trained_digit_network("sample", 0, 20)
    with threadpool_limits(limits=1, user_api="blas"):
        run = ascend_input(network, 5, np.full(784, 0.5), learning_rate=1.0, max_steps=5000,
                           until=0.99)  # fmt: skip
        dots = noise_called(network, 5, 50_000, seed=0, density=float(np.mean(x_train)))
    return scene, network, run, dots, x_train, y_train


def beat(scene, name):
    return next(b for b in scene.beat_log if b.name == name)


def test_the_search_is_nnmaths_ascent(case):
    scene, network, run, _, _, _ = case
    start = network.forward(np.full(784, 0.5))[0, 5]
    assert scene.shown["start_output"] == f"{start:.3f}"
    assert f"its output for 5 is {start:.3f}" in beat(scene, "question").narration
    s = scene.shown["search"]
    assert run.reached and s["step"] == run.steps[-1]
    assert s["output"] == f"{run.confidence[-1]:.3f}" and run.confidence[-1] >= 0.99
    np.testing.assert_array_equal(s["image"], run.images[-1])
    np.testing.assert_allclose(s["bars"], network.forward(run.images[-1])[0], atol=1e-12)
    assert 0 <= s["image"].min() and s["image"].max() <= 1
    result = beat(scene, "result")
    sure = f"{100 * run.confidence[-1]:.0f}%"
    assert result.headline == f"{sure} sure it is a 5. Does it look like one?"
    assert f"After {run.steps[-1]:,} steps its output for 5 is {run.confidence[-1]:.3f}" in (
        result.narration
    )
    others = np.delete(run.outputs[-1], 5).max()
    assert f"at most {others:.3f} for any other digit" in result.narration


def test_the_average_digit_and_its_likeness(case):
    scene, network, run, _, x_train, y_train = case
    average = x_train[y_train == 5].astype(float).mean(axis=0)
    s = scene.shown["average"]
    np.testing.assert_allclose(s["image"], average, atol=1e-12)
    assert s["n"] == np.sum(y_train == 5) == 400
    r = np.corrcoef(run.images[-1], average)[0, 1]
    assert s["r"] == f"{r:.2f}"
    np.testing.assert_allclose(s["values"], [run.confidence[-1], network.forward(average)[0, 5]])
    text = beat(scene, "average").narration
    assert "the 400 training images labelled 5" in text and f"r = {r:.2f}" in text
    assert f"on it is {network.forward(average)[0, 5]:.3f}" in text


def test_the_random_dots_are_nnmaths(case):
    scene, network, _, dots, x_train, y_train = case
    s = scene.shown["dots"]
    assert (s["count"], s["n"]) == (dots.count, 50_000) and dots.count > 1000
    np.testing.assert_allclose(s["image"], dots.average, atol=1e-12)
    value = network.forward(dots.average)[0, 5]
    assert s["value"] == pytest.approx(value, abs=1e-12)
    average = x_train[y_train == 5].astype(float).mean(axis=0)
    r = np.corrcoef(dots.average, average)[0, 1]
    text = s["narration"]
    assert f"white with probability {np.mean(x_train):.2f}" in text
    assert f"It calls {dots.count:,} of them a 5 ({100 * dots.count / 50_000:.1f}%)" in text
    assert f"mean output of {dots.mean_output:.2f}" in text
    assert f"gets {value:.3f} itself" in text and f"at r = {r:.2f}" in text
    assert text == beat(scene, "dots").narration


def test_the_verdict_bars_are_the_three_outputs(case):
    scene, network, run, dots, x_train, y_train = case
    average = x_train[y_train == 5].astype(float).mean(axis=0)
    expected = [run.confidence[-1], network.forward(average)[0, 5],
                network.forward(dots.average)[0, 5]]  # fmt: skip
    np.testing.assert_allclose(scene.shown["verdict"]["bars"], expected, atol=1e-12)
    text = beat(scene, "verdict").narration
    assert f"{expected[0]:.3f} for the image the search found" in text
    assert f"{expected[1]:.3f} for the average training 5" in text
    assert f"{expected[2]:.3f} for the average of the dots" in text
    assert [b.name for b in scene.beat_log] == [
        "question", "search", "result", "average", "dots", "verdict"]  # fmt: skip


def test_replay_frames_are_log_spaced_and_keep_both_ends():
    assert replay_indices(50).tolist() == list(range(50))
    keep = replay_indices(1341)
    assert keep[0] == 0 and keep[-1] == 1340 and len(keep) <= RECORDS
    assert np.all(np.diff(keep) > 0) and np.all(np.diff(keep)[-5:] > np.diff(keep)[:5].max())
    image = np.array([0.2, 0.3, 0.6])
    np.testing.assert_allclose(stretched(image), [0.0, 0.25, 1.0])


@pytest.mark.parametrize(
    "params",
    [{"digit": 10}, {"target": 1.0}, {"start": "zebra"}, {"learning_rate": 0.0},
     {"noise_images": 10}, {"data": "mnist"}, {"max_steps": 0}],
)  # fmt: skip
def test_bad_parameters_are_refused(params):
    with pytest.raises(ParamError):
        ImaginedDigit.resolve_params(params)


def test_too_few_dots_called_the_digit_is_a_param_error(monkeypatch):
    def none_called(network, digit, n, seed, density):
        return noise_called(network, digit, 1000, seed, density=0.999)  # all white: never

    monkeypatch.setattr(clip, "noise_called", none_called)
    p = ImaginedDigit.resolve_params({"noise_seed": 7, "noise_images": 1000, "max_steps": 10})
    with pytest.raises(ParamError, match="too few to average"):
        ImaginedDigit.prepare(p)


test_layout = layout_test(ImaginedDigit, data="sample")
