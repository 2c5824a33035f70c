"""HowAccurate shows nnmath's runs: every accuracy and parameter count recomputed here.

The build is the shared one on the bundled sample (``data=sample``; the clip's default
is full MNIST). Accuracies are recounted from the recorded weights with this file's own
forward passes (numpy matrix products for the dense networks, a sliding-window
correlation for the convolutional one) and its own argmax count; parameter counts come
from the layer sizes by formula.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from nnmath.digits import load_digits
from scenes.clips.part3_learning.how_accurate import CLAIMED, CLAIMED_TWEAKED, HowAccurate
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

PARAMS = {"data": "sample"}
ORDER = ("video", "linear", "softmax", "wider", "conv")


@pytest.fixture(scope="module")
def scene():
    return build_scene(HowAccurate, PARAMS)


@pytest.fixture(scope="module")
def test_set():
    _, _, x, y = load_digits("sample")
    return np.asarray(x, float), y


def dense_outputs(params: np.ndarray, sizes: list[int], hidden: str, x: np.ndarray):
    """The network's output pre-activations, from its flat parameters (W0, b0, W1, ...)."""
    a, i = x, 0
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        w = params[i : i + n_in * n_out].reshape(n_out, n_in)
        i += n_in * n_out
        b = params[i : i + n_out]
        i += n_out
        z = a @ w.T + b
        last = layer == len(sizes) - 2
        a = z if last else (np.maximum(z, 0) if hidden == "relu" else 1 / (1 + np.exp(-z)))
    assert i == len(params)
    return a  # argmax of z = argmax of sigmoid(z) = argmax of softmax(z)


def conv_outputs(params: np.ndarray, x: np.ndarray, channels=(8, 8, 8), k=3):
    """Three valid 3x3 correlations with ReLU, then the dense layer (channel-major flatten)."""
    kernels, i, c_in = [], 0, 1
    for c_out in channels:
        kk = params[i : i + c_out * c_in * k * k].reshape(c_out, c_in, k, k)
        i += kk.size
        kernels.append((kk, params[i : i + c_out]))
        i += c_out
        c_in = c_out
    side = 28 - len(channels) * (k - 1)
    n_feat = channels[-1] * side * side
    w = params[i : i + 10 * n_feat].reshape(10, n_feat)
    b = params[i + 10 * n_feat :]
    assert len(b) == 10
    out = []
    for start in range(0, len(x), 100):
        a = x[start : start + 100].reshape(-1, 1, 28, 28)
        for kk, bias in kernels:
            windows = sliding_window_view(a, (k, k), axis=(2, 3))  # (n, c, h, w, k, k)
            z = np.tensordot(windows, kk, axes=([1, 4, 5], [1, 2, 3]))  # (n, h, w, o)
            a = np.maximum(z + bias, 0).transpose(0, 3, 1, 2)
        out.append(a.reshape(len(a), -1) @ w.T + b)
    return np.concatenate(out)


def param_count(key: str, sizes) -> int:
    if key == "conv":  # kernels and biases of 1->8, 8->8, 8->8 maps, then 8*22*22 -> 10
        return (8 * 1 * 9 + 8) + 2 * (8 * 8 * 9 + 8) + (8 * 22 * 22 * 10 + 10)
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


@pytest.fixture(scope="module")
def own(scene, test_set):
    """Final (and best) test accuracy of each network, counted here from its weights."""
    x, y = test_set
    found = {}
    for key in ORDER:
        r = scene.data.results[key]
        if key == "conv":
            accs = [np.mean(np.argmax(conv_outputs(r.run.params[-1], x), 1) == y)]
        else:
            accs = [np.mean(np.argmax(dense_outputs(p, list(r.spec.sizes), r.spec.activation,
                                                    x), 1) == y) for p in r.run.params]
        found[key] = {"final": float(accs[-1]), "curve": np.array(accs)}
    return found


def pct(fraction: float) -> str:
    return f"{100 * fraction:.1f}%"


def test_accuracies_shown_are_recounted_from_the_weights(scene, own):
    for key in ORDER:
        expected = pct(own[key]["final"])
        assert scene.shown["legend"][key] == expected, key
        assert scene.shown["bars"][key] == expected, key
        assert scene.shown["bar_heights"][key] == pytest.approx(100 * own[key]["final"], abs=1e-6)


def test_curves_are_the_recorded_test_accuracies(scene, own):
    for key in ORDER:
        r = scene.data.results[key]
        curve = scene.shown["curves"][key]
        np.testing.assert_allclose(curve[:, 0], r.epochs[1:], atol=1e-6)
        np.testing.assert_allclose(curve[:, 1], 100 * r.accuracy[1:], atol=1e-6)
        if key != "conv":  # every snapshot recounted (the conv's last one above)
            np.testing.assert_allclose(r.accuracy, own[key]["curve"], atol=0)


def test_parameter_counts_by_formula(scene):
    for key in ORDER:
        sizes = scene.data.results[key].spec.sizes
        assert scene.shown["params"][key] == f"{param_count(key, sizes):,}", key
    assert scene.data.results["wider"].spec.sizes == (784, 100, 10)
    assert scene.data.results["video"].spec.sizes == (784, 16, 16, 10)


def test_every_number_narrated_is_computed(scene, own):
    notes = {n.name: n for n in scene.beat_log}
    assert list(notes) == ["setup", *ORDER, "bars", "verdict"]
    finals = {k: own[k]["final"] for k in ORDER}
    bests = {k: own[k]["curve"].max() if k != "conv" else scene.data.results[k].best
             for k in ORDER}  # fmt: skip
    percents = {pct(v) for v in (*finals.values(), *bests.values())}
    points = {f"{abs(100 * (finals[k] - finals['video'])):.1f}" for k in ORDER}
    points.add(f"{abs(100 * finals['video'] - CLAIMED):.1f}")
    for note in notes.values():
        for text in (note.headline, note.narration):
            for value in re.findall(r"\d+\.\d%", text):
                assert value in percents, (note.name, value, text)
            for value in re.findall(r"(\d+\.\d) points", text):
                assert value in points, (note.name, value, text)
    video = notes["video"]
    assert pct(finals["video"]) in video.headline and pct(finals["video"]) in video.narration
    gap = 100 * finals["video"] - CLAIMED
    assert f"{abs(gap):.1f} points {'above' if gap > 0 else 'below'} the quoted {CLAIMED}%" in (
        video.narration)
    assert "4,000 training images" in notes["setup"].narration
    assert "1,000 test images" in notes["setup"].narration
    for key in ORDER:
        assert f"{param_count(key, scene.data.results[key].spec.sizes):,}" in (
            notes["bars"].narration)
    reach = [k for k in ORDER if 100 * finals[k] >= CLAIMED_TWEAKED]
    assert scene.shown["verdict"]["reach"] == reach
    assert scene.shown["verdict"]["best"] == max(ORDER, key=lambda k: finals[k])


@pytest.mark.parametrize(
    ("given", "message"),
    [({"epochs": "0"}, "epochs"), ({"data": "mnist"}, "data"), ({"width": "5"}, "width"),
     ({"conv_epochs": "11"}, "conv_epochs")],
)  # fmt: skip
def test_bad_parameters_are_refused_before_work(given, message):
    with pytest.raises(ParamError, match=message) as info:
        HowAccurate.resolve_params(given)
    assert "\n" not in str(info.value)


def test_missing_full_set_is_one_line(tmp_path, monkeypatch):
    from scenes.core.digit_model import digit_data

    monkeypatch.setenv("NNFIT_MNIST_DIR", str(tmp_path / "none"))
    digit_data.cache_clear()  # a full set loaded earlier in this process is not looked for
    try:
        with pytest.raises(ParamError, match="fetch-mnist") as info:
            HowAccurate.prepare(HowAccurate.resolve_params({}))
    finally:
        digit_data.cache_clear()
    assert "\n" not in str(info.value)


test_layout = layout_test(HowAccurate, data="sample")
