"""PruneWeights shows nnmath's pruning: accuracies per fraction, first drops, zero counts."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from nnmath import Network, accuracy, n_pruned, prune, pruning_curve, train_classifier
from scenes.clips.part5_capacity.prune_weights import PruneWeights
from scenes.core.digit_model import trained_digit_network
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

CUSTOM = {"wide": "784-30-10", "retrain_epochs": 2, "step": 10, "seed": 1}
SETS = {"default": {}, "custom": CUSTOM}


@pytest.fixture(scope="module")
def scenes():
    return {name: build_scene(PruneWeights, params=params) for name, params in SETS.items()}


def fractions(step: int) -> list[float]:
    """The documented grid: every ``step`` percent up to 95%, plus 50, 90, 95 and 99%."""
    return [p / 100 for p in sorted(set(range(0, 96, step)) | {50, 90, 95, 99})]


@pytest.fixture(scope="module")
def expected():
    """Everything recomputed here from nnmath: networks, pruned accuracies, retrained curves."""
    out = {}
    for which, params in SETS.items():
        seed, epochs = params.get("seed", 0), params.get("retrain_epochs", 1)
        small, _, data = trained_digit_network("sample", seed, 20)
        name = params.get("wide", "784-100-10")
        lr = 0.5 if name == "784-300-10" else 1.0  # the documented presets
        with threadpool_limits(limits=1, user_api="blas"):
            sizes = [int(n) for n in name.split("-")]
            wide, _ = train_classifier(sizes, "sigmoid", 20, 10, lr, seed, data)
            grid = fractions(params.get("step", 5))
            nets = {"small": small, "wide": wide}
            rates = {"small": 1.0, "wide": lr}
            out[which] = {
                key: {
                    "net": net,
                    "pruned": [accuracy(prune(net, f), data[2], data[3]) for f in grid],
                    "baseline": accuracy(net, data[2], data[3]),
                    "curve": pruning_curve(net, grid, data, epochs, 10, rates[key], seed),
                }
                for key, net in nets.items()
            }
        out[which]["grid"], out[which]["data"] = grid, data
    return out


def pct(value: float) -> str:
    return f"{100 * value:.1f}%"


@pytest.mark.parametrize("which", SETS)
@pytest.mark.parametrize("net", ["small", "wide"])
def test_accuracies_shown_are_the_pruned_networks_test_accuracies(scenes, expected, which, net):
    shown, exp = scenes[which].shown[net], expected[which][net]
    assert scenes[which].shown["fractions"] == expected[which]["grid"]
    assert shown["baseline"] == pct(exp["baseline"])
    assert shown["accuracy"] == [pct(a) for a in exp["pruned"]]
    assert shown["accuracy"] == [pct(a) for a in exp["curve"].accuracy]
    assert shown["retrained"] == [pct(a) for a in exp["curve"].retrained_accuracy]
    sizes = exp["net"].layer_sizes
    assert shown["name"] == "-".join(map(str, sizes))
    assert shown["n_weights"] == sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))


@pytest.mark.parametrize("which", SETS)
@pytest.mark.parametrize("net", ["small", "wide"])
def test_drawn_curves_pass_through_the_accuracies(scenes, expected, which, net):
    curves = scenes[which].shown[net]["curves"]
    exp, x = expected[which][net], -np.log10(1 - np.array(expected[which]["grid"]))
    for key, values in (("pruned", exp["pruned"]), ("retrained", exp["curve"].retrained_accuracy)):
        corners = np.array(curves[key])
        np.testing.assert_allclose(corners[:-1, 0], x, atol=1e-6)  # the last corner is the tip
        np.testing.assert_allclose(corners[:-1, 1], 100 * np.asarray(values), atol=1e-6)


@pytest.mark.parametrize("which", SETS)
@pytest.mark.parametrize("net", ["small", "wide"])
def test_labelled_drops_are_first_drop(scenes, expected, which, net):
    shown, exp = scenes[which].shown[net], expected[which][net]
    curve, grid = exp["curve"], np.array(expected[which]["grid"])
    assert shown["drop"] == curve.first_drop(0.01)
    assert shown["drop_retrained"] == curve.first_drop(0.01, retrained=True)
    # first_drop by hand: the first fraction more than one point below the unpruned network
    below = np.array(exp["pruned"]) < exp["baseline"] - 0.01
    assert shown["drop"] == (grid[np.argmax(below)] if below.any() else None)
    # each curve's mark: the last fraction before its first drop (all of them: the last),
    # the same number the headline and the narration give, at the dot's x
    drops = {"pruned": shown["drop"], "retrained": shown["drop_retrained"]}
    last = {k: (grid if v is None else grid[grid < v]).max() for k, v in drops.items()}
    assert shown["marks"] == {k: f"{100 * v:.0f}%" for k, v in last.items()}
    for key, f in last.items():
        assert shown["mark_dots"][key] == pytest.approx(-np.log10(1 - f), abs=1e-9)
    if net == "small":
        heads = {b.name: b.headline for b in scenes[which].beat_log}
        within = {k: f"within a point up to {v} pruned" for k, v in shown["marks"].items()}
        assert heads["prune_result"] == f"No retraining: {within['pruned']}"
        assert heads["retrain_result"] == f"Retrained: {within['retrained']}"


@pytest.mark.parametrize("which", SETS)
@pytest.mark.parametrize("net", ["small", "wide"])
def test_zero_weights_shown_are_n_pruned(scenes, expected, which, net):
    shown, exp = scenes[which].shown[net], expected[which][net]
    total = sum(w.size for w in exp["net"].weights)
    assert shown["zero_weights"] == [n_pruned(total, f) for f in expected[which]["grid"]]
    # and they are the zeros of the pruned network (no trained weight is exactly 0)
    f = expected[which]["grid"][3]
    zeros = sum(int((w == 0).sum()) for w in prune(exp["net"], f).weights)
    assert shown["zero_weights"][3] == zeros


def test_blank_pixels_and_the_emptied_grids(scenes, expected):
    shown, net = scenes["default"].shown["blank"], expected["default"]["small"]["net"]
    blank = np.all(expected["default"]["data"][0] == 0, axis=0)
    assert shown["pixels"] == blank.sum() == 128
    assert shown["weights"] == 16 * blank.sum()
    assert shown["share"] == f"{16 * blank.sum() / 12960:.1%}" == "15.8%"
    half = prune(net, 0.5).weights[0]
    assert shown["gone_at_half"] == f"{(half[:, blank] == 0).mean():.0%}"
    exp = expected["default"]["small"]
    change = exp["pruned"][expected["default"]["grid"].index(0.5)] - exp["baseline"]
    said = f"changes accuracy by {100 * change:+.1f} points".replace("-", "\u2212")
    assert shown["half"] == ("costs nothing" if change == 0 else said)
    # pruned weights are drawn in exactly the background colour, and only they
    assert shown["background_pixels_at_half"] == int((half == 0).sum()) > 784 * 16 // 2


def test_verdict_and_the_change_at_90_percent(scenes, expected):
    for which, scene in scenes.items():
        for net in ("small", "wide"):
            exp = expected[which][net]
            i = expected[which]["grid"].index(0.9)
            change = [100 * (exp["pruned"][i] - exp["baseline"]),
                      100 * (exp["curve"].retrained_accuracy[i] - exp["baseline"])]  # fmt: skip
            texts = [f"{c:+.1f}".replace("-", "\u2212") for c in change]
            assert scene.shown["at_90"][scene.shown[net]["name"]] == texts
    grid = np.array(expected["default"]["grid"])
    drop = scenes["default"].shown["small"]["drop"]
    assert scenes["default"].shown["verdict"][0] == (
        f"no retraining: within a point up to {100 * grid[grid < drop].max():.0f}%"
    )


@pytest.mark.parametrize(
    "params",
    [{"retrain_epochs": 6}, {"retrain_epochs": -1}, {"step": 1}, {"step": 11},
     {"wide": "784-50-10"}, {"epochs": 0}, {"seed": -1}, {"colour": "red"}],
)  # fmt: skip
def test_bad_parameters_raise_param_error(params):
    with pytest.raises(ParamError):
        PruneWeights.resolve_params(params)


def test_a_network_at_chance_is_a_param_error(monkeypatch, expected):
    import scenes.clips.part5_capacity.prune_weights as clip

    untrained = Network([784, 16, 16, 10], "sigmoid", "sigmoid", seed=0)
    data = expected["default"]["data"]
    monkeypatch.setattr(clip, "trained_digit_network", lambda *a: (untrained, None, data))
    with pytest.raises(ParamError, match="nothing to prune"):
        PruneWeights.prepare(PruneWeights.resolve_params({"retrain_epochs": 0}))


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(PruneWeights)
