"""RandomLabels shows nnmath's runs: per-epoch curves, final numbers, shuffled train labels only."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import scenes.clips.part5_capacity.random_labels as clip
from nnmath import TrainingDiverged, accuracy, load_digits, one_hot, train_classifier
from nnmath.random_labels import balanced_subset, shuffled_labels
from scenes.clips.part5_capacity.random_labels import RandomLabels
from scenes.core.cache import CacheStats
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

#: Small and fast: a few epochs of each network on 200 images.
CUSTOM = {
    "subset": 200, "seed": 3, "small_epochs": 6, "small_lr": 2.0,
    "width": 64, "wide_epochs": 4, "wide_lr": 0.2, "play_seconds": 3.0,
}  # fmt: skip
SIDES = ("true", "shuffled")


@pytest.fixture(scope="module")
def default_scene():
    return build_scene(RandomLabels)


@pytest.fixture(scope="module")
def custom_scene():
    return build_scene(RandomLabels, params=CUSTOM)


@pytest.fixture(scope="module")
def digits():
    return load_digits("sample")


def nets_of(params: dict) -> list[dict]:
    """The two networks as documented, written out again from the parameters."""
    p = {"small_epochs": 200, "small_lr": 1.0, "width": 256, "wide_epochs": 50, "wide_lr": 0.3}
    p.update(params)
    return [
        {"key": "small", "sizes": (784, 16, 16, 10), "activation": "sigmoid",
         "lr": p["small_lr"], "epochs": p["small_epochs"], "name": "784-16-16-10 sigmoid"},
        {"key": "wide", "sizes": (784, p["width"], 10), "activation": "relu",
         "lr": p["wide_lr"], "epochs": p["wide_epochs"], "name": f"784-{p['width']}-10 ReLU"},
    ]  # fmt: skip


def labels_of(digits, subset: int, seed: int, side: str):
    """Subset images and the labels trained on (shuffled once for the shuffled side)."""
    x, y = digits[0], digits[1]
    keep = balanced_subset(y, subset)
    labels = y[keep] if side == "true" else shuffled_labels(y[keep], seed)
    return np.asarray(x[keep], float), labels


@pytest.mark.parametrize("which", ["default", "custom"])
def test_curves_and_numbers_are_the_cached_runs(which, default_scene, custom_scene):
    scene, params = (default_scene, {}) if which == "default" else (custom_scene, CUSTOM)
    subset, seed = params.get("subset", 500), params.get("seed", 0)
    for net, spec in zip(scene.data.nets, nets_of(params)):
        assert (net.sizes, net.activation, net.learning_rate, net.epochs) == (
            spec["sizes"], spec["activation"], spec["lr"], spec["epochs"],
        )  # fmt: skip
        assert scene.shown[net.key]["name"] == spec["name"]
        for side in SIDES:
            run = clip.trained_run(net, subset, seed, side == "shuffled").meta["per_epoch"]
            shown = scene.shown[net.key][side]
            assert len(shown["epochs"]) == spec["epochs"] + 1
            np.testing.assert_allclose(shown["epochs"], run["epoch"], atol=1e-9)
            np.testing.assert_allclose(shown["train"], run["train_accuracy"], atol=1e-9)
            np.testing.assert_allclose(shown["test"], run["test_accuracy"], atol=1e-9)
            assert shown["final"]["cost"] == run["cost"][-1]  # said in the narration
            if side == "shuffled":  # the live readouts: the shuffled run's accuracies
                assert shown["numbers"]["train"] == 100 * run["train_accuracy"][-1]
                assert shown["texts"]["train"] == f"{100 * run['train_accuracy'][-1]:.1f}%"
                assert shown["texts"]["test"] == f"{100 * run['test_accuracy'][-1]:.1f}%"
                assert f"training cost {run['cost'][-1]:.3f}" in scene.shown[net.key]["caption"]
        assert scene.shown[net.key]["epoch"] == spec["epochs"]


def test_final_numbers_match_the_final_networks_rescored(default_scene, digits):
    """Independent: the final network, scored on labels recomputed here; test labels true."""
    x_test, y_test = np.asarray(digits[2], float), digits[3]
    for net in default_scene.data.nets:
        for side in SIDES:
            history = clip.trained_run(net, 500, 0, side == "shuffled")
            network = history.network_at(-1)
            x, labels = labels_of(digits, 500, 0, side)
            shown = default_scene.shown[net.key][side]["final"]
            assert shown["train"] == pytest.approx(100 * accuracy(network, x, labels), abs=1e-12)
            assert shown["test"] == pytest.approx(
                100 * accuracy(network, x_test, y_test), abs=1e-12
            )
            assert shown["cost"] == pytest.approx(network.loss(x, one_hot(labels)), rel=1e-9)
            assert history.meta["n_test"] == len(y_test) == 1000
            assert history.meta["label_seed"] == (0 if side == "shuffled" else None)
    # what the storyboard expects of these runs (measured, not typed into the clip)
    for net in default_scene.data.nets:
        shuffled = default_scene.shown[net.key]["shuffled"]["final"]
        assert shuffled["test"] < 20 and shuffled["train"] > 80


def test_custom_runs_equal_a_fresh_training(custom_scene, digits):
    """Independent: retrain every run of the custom set with nnmath and compare every epoch."""
    for spec in nets_of(CUSTOM):
        for side in SIDES:
            with threadpool_limits(limits=1, user_api="blas"):
                _, history = train_classifier(
                    spec["sizes"], spec["activation"], epochs=spec["epochs"], batch_size=10,
                    learning_rate=spec["lr"], seed=3, data=digits,
                    label_seed=3 if side == "shuffled" else None, subset=200,
                )  # fmt: skip
            shown = custom_scene.shown[spec["key"]][side]
            assert shown["final"]["cost"] == pytest.approx(history.loss[-1], rel=1e-9)
            np.testing.assert_allclose(shown["train"], history.extras["train_accuracy"], atol=1e-9)
            np.testing.assert_allclose(shown["test"], history.extras["test_accuracy"], atol=1e-9)


@pytest.mark.parametrize("which", ["default", "custom"])
def test_setup_shows_the_subset_and_its_shuffled_labels(which, default_scene, custom_scene, digits):
    scene, params = (default_scene, {}) if which == "default" else (custom_scene, CUSTOM)
    subset, seed = params.get("subset", 500), params.get("seed", 0)
    y = digits[1]
    true = y[balanced_subset(y, subset)]
    shuffled = shuffled_labels(true, seed)
    assert sorted(shuffled.tolist()) == sorted(true.tolist())  # a permutation
    assert scene.shown["preview_true"] == [str(v) for v in true[:6]]
    assert scene.shown["preview_shuffled"] == [str(v) for v in shuffled[:6]]
    assert scene.shown["kept"] == int(np.sum(shuffled == true))
    counts = np.bincount(true, minlength=10)
    assert scene.shown["subset"] == subset
    per = f"{counts.min()}" if counts.min() == counts.max() else f"{counts.min()}-{counts.max()}"
    assert scene.shown["per_class"] == per
    assert f"{subset} of the 4,000 sample images, {per} of each digit" in scene.shown["facts"][0]
    assert "all 1,000 test images, with their true labels" in scene.shown["facts"][3]


def test_verdict_reports_what_the_runs_reached(default_scene):
    d = default_scene.data
    final = {n.key: {s: d.runs[n.key][s] for s in SIDES} for n in d.nets}
    for net in d.nets:
        true, shuf = final[net.key]["true"], final[net.key]["shuffled"]
        said = default_scene.shown[net.key]["caption"]  # the narration after each run
        reach = []
        for run in (true, shuf):
            hit = np.flatnonzero(run.train >= 0.9)
            reach.append(f"epoch {int(run.epochs[hit[0]])}" if len(hit) else "not reached")
        assert said.startswith(f"90% training accuracy: {reach[0]} with true labels, "
                               f"{reach[1]} with shuffled labels.")  # fmt: skip
        assert f"Shuffled: {100 * shuf.train[-1]:.1f}% of the training labels fitted" in said
        assert f"test accuracy {100 * shuf.test[-1]:.1f}% (chance: 10.0%)" in said
        assert f"the test accuracy is {100 * true.test[-1]:.1f}%" in said
    best = max(d.nets, key=lambda n: final[n.key]["shuffled"].train[-1])
    best_acc = final[best.key]["shuffled"].train[-1]
    assert default_scene.shown["best"] == {"network": best.name, "train": f"{100 * best_acc:.1f}%"}
    sentence = default_scene.shown["verdict"]  # the closing table, as one sentence
    assert f"{100 * best_acc:.1f}% of the 500 images ({round(best_acc * 500)})" in sentence
    assert ("not 100%" in sentence) == (round(best_acc * 500) < 500)
    tests = " and ".join(f"{100 * final[n.key]['shuffled'].test[-1]:.1f}%" for n in d.nets)
    assert f"shuffled labels: {tests}; chance is 10.0%." in sentence
    # and it is the verdict beat's narration, its headline the memorised share
    verdict = next(b for b in default_scene.beat_log if b.name == "verdict")
    assert verdict.narration == sentence
    assert verdict.headline.startswith(f"Memorised: {100 * best_acc:.1f}% of 500 shuffled")


def test_playback_shows_a_subsample_of_the_recorded_epochs(default_scene):
    frames = default_scene.shown["small"]["frame_epochs"]
    assert frames[0] == 0 and frames[-1] == 200
    assert len(frames) < 201  # 8 s at 15 fps: not every one of the 200 epochs
    assert default_scene.shown["wide"]["frame_epochs"] == list(range(51))


def test_theme_change_does_not_retrain(custom_scene):
    before = CacheStats.computed
    light = build_scene(RandomLabels, params={**CUSTOM, "theme": "light"})
    assert CacheStats.computed == before
    assert (
        light.shown["small"]["shuffled"]["texts"]
        == custom_scene.shown["small"]["shuffled"]["texts"]
    )


@pytest.mark.parametrize(
    "params",
    [
        {"subset": 50}, {"subset": 5000}, {"seed": -1}, {"small_epochs": 0},
        {"small_lr": 50.0}, {"width": 8}, {"wide_epochs": 500}, {"wide_lr": 0.0},
        {"play_seconds": 0.5}, {"colour": "blue"},
    ],
)  # fmt: skip
def test_bad_parameters_raise_param_error(params):
    with pytest.raises(ParamError):
        RandomLabels.resolve_params(params)


def test_diverging_training_is_a_param_error(monkeypatch):
    def diverge(*_args, **_kwargs):
        raise TrainingDiverged("training diverged at epoch 1 (cost nan); try a smaller rate")

    monkeypatch.setattr(clip, "train_classifier", diverge)
    params = RandomLabels.resolve_params({"subset": 137, "seed": 99})  # not cached by others
    with pytest.raises(ParamError, match="diverged"):
        RandomLabels.prepare(params)


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(RandomLabels)
