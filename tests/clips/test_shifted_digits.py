"""ShiftedDigits: the accuracies it draws and says, recomputed here on test images shifted
by a separate implementation (np.roll and a zeroed edge), and its verdicts."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from nnmath.inputs import shift_directions
from scenes.clips.part4_generalising.shifted_digits import NETS, ShiftedDigits
from scenes.core.accuracy_runs import specs, train
from scenes.core.digit_model import digit_data
from scenes.core.params import ParamError
from scenes.core.shift_runs import pooled_run
from tests.clips.layout import layout_test
from tests.conftest import build_scene

PARAMS = {"data": "sample"}  # full MNIST is the default; tests run on the bundled sample


def rolled(images: np.ndarray, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """Each image moved (dx, dy) pixels by np.roll, the wrapped-around edge set to 0."""
    out = []
    for image, sx, sy in zip(images.reshape(-1, 28, 28), dx, dy):
        moved = np.roll(image, (sy, sx), axis=(0, 1))
        if sy > 0:
            moved[:sy] = 0
        elif sy < 0:
            moved[sy:] = 0
        if sx > 0:
            moved[:, :sx] = 0
        elif sx < 0:
            moved[:, sx:] = 0
        out.append(moved.ravel())
    return np.array(out)


@pytest.fixture(scope="module")
def case():
    scene = build_scene(ShiftedDigits, PARAMS)
    p = ShiftedDigits.resolve_params(PARAMS)
    nets = specs(100)
    runs = {"fc": train(nets["video"], "sample", p.epochs, 0),
            "conv": train(nets["conv"], "sample", p.conv_epochs, 0),
            "pooled": pooled_run("sample", p.conv_epochs, 0, 2, "max")}
    _, _, x_test, y_test = digit_data("sample")
    way = shift_directions(len(y_test), 0)
    moved = [rolled(x_test, d * way[:, 0], d * way[:, 1]) for d in range(5)]
    with threadpool_limits(limits=1, user_api="blas"):  # small products: one thread is faster
        accuracy = {
            key: np.array([np.mean(np.argmax(run.network_at(-1).forward(m), axis=1) == y_test)
                           for m in moved])
            for key, run in runs.items()
        }  # fmt: skip
    return scene, runs, accuracy


def beat(scene, name):
    return next(b for b in scene.beat_log if b.name == name)


def pct(fraction: float) -> str:
    return f"{100 * fraction:.1f}%"


def test_the_networks_are_the_ones_named(case):
    _, runs, _ = case
    conv, pooled = runs["conv"].architecture, runs["pooled"].architecture
    assert runs["fc"].layer_sizes == [784, 16, 16, 10] and runs["fc"].architecture is None
    assert "pool" not in conv and (pooled["pool"], pooled["pool_mode"]) == (2, "max")
    assert {k: v for k, v in pooled.items() if not k.startswith("pool")} == conv
    for key in ("learning_rate", "batch_size", "epochs", "seed", "n_train"):
        assert runs["pooled"].meta[key] == runs["conv"].meta[key], key


def test_drawn_curves_and_end_labels_are_the_recomputed_accuracies(case):
    scene, _, accuracy = case
    for key in NETS:
        drawn = scene.shown["curves"][key]
        np.testing.assert_allclose(drawn[:, 0], np.arange(5), atol=1e-9)
        np.testing.assert_allclose(drawn[:, 1], 100 * accuracy[key], atol=1e-9)
        assert scene.shown["ends"][key] == pct(accuracy[key][-1])
        text = beat(scene, key).narration
        assert ", ".join(pct(a) for a in accuracy[key]) in text
        assert beat(scene, key).headline.startswith(
            {"fc": f"Fully connected: {pct(accuracy['fc'][0])}, then ",
             "conv": f"Convolutional: {pct(accuracy['conv'][0])}, then ",
             "pooled": ""}[key])  # fmt: skip


def test_pooling_headline_and_gains_follow_the_numbers(case):
    scene, _, accuracy = case
    gain = 100 * (accuracy["pooled"] - accuracy["conv"])
    note = beat(scene, "pooled")
    assert ", ".join(f"{g:+.1f}" for g in gain) in note.narration
    best = int(np.argmax(gain[1:])) + 1
    if gain[1:].max() <= 0.0:
        assert note.headline == "2×2 max pooling: no gain at any shift"
    elif gain[1:].max() < 1.0:
        assert note.headline == "2×2 max pooling: no real gain"
    else:
        assert f"+{gain[best]:.1f} points at {best}" in note.headline


def test_verdict_counts_tolerated_shifts(case):
    scene, _, accuracy = case
    tolerated = {}
    for key, acc in accuracy.items():
        tolerated[key] = max(d for d in range(5) if np.all(acc[: d + 1] >= acc[0] - 0.05))
    text = beat(scene, "verdict").narration
    names = {"fc": "fully connected", "conv": "convolutional", "pooled": "conv + max pooling"}
    for key in NETS:
        t = tolerated[key]
        assert f"{names[key]} {t} pixel{'s' if t != 1 else ''}" in text
        assert f"{names[key]} {100 * (accuracy[key][0] - accuracy[key][-1]):.1f} points" in text
    most = max(tolerated.values())
    headline = beat(scene, "verdict").headline
    if most == 0:
        assert headline == "None is shift-invariant: 1 pixel costs 5+ points"
    elif most < 4:
        assert headline.startswith(f"None is shift-invariant: past {most} pixel")
    assert [b.name for b in scene.beat_log] == ["shift", "fc", "conv", "pooled", "verdict"]


@pytest.mark.parametrize(
    "params",
    [{"pool": 1}, {"pool": 12}, {"pool_mode": "min"}, {"max_shift": 0}, {"max_shift": 9},
     {"data": "sample", "image": 1000}, {"conv_epochs": 0}, {"data": "tiny"}],
)  # fmt: skip
def test_bad_parameters_are_refused(params):
    with pytest.raises(ParamError):
        ShiftedDigits.resolve_params(params)


test_layout = layout_test(ShiftedDigits, data="sample")
