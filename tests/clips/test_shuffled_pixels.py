"""ShuffledPixels shows nnmath's numbers: four test accuracies, the FC pair's identity, the drop.

Two builds are checked: the default one (which the layout test builds anyway, so
its trainings cost nothing more) and a custom one with tiny trainings (1 epoch,
through the clip's own cached path); the numbers are checked the same way at any
length.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import (
    ConvNetwork,
    Network,
    accuracy,
    load_digits,
    permute_first_layer,
    pixel_permutation,
)
from scenes.clips.part4_generalising.shuffled_pixels import (
    ShuffledPixels,
    trained_conv,
    trained_fc_pair,
)
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

DEFAULT: dict = {}  # the layout test's build, shared
CUSTOM = {"perm_seed": 3, "seed": 1, "fc_epochs": 1, "cnn_epochs": 1, "image": 7}
N_FIRST = 784 * 16  # weights of the first layer of 784-16-16-10


@pytest.fixture(scope="module")
def scenes():
    return {"default": build_scene(ShuffledPixels, params=DEFAULT),
            "custom": build_scene(ShuffledPixels, params=CUSTOM)}  # fmt: skip


def settings(which):
    defaults = {"perm_seed": 0, "seed": 0, "image": 3, "fc_epochs": 20, "cnn_epochs": 5}
    values = {**defaults, **(DEFAULT if which == "default" else CUSTOM)}
    return values


def runs(s):
    """The four cached runs, by (net, side), loaded again through the clip's cached path."""
    fc = trained_fc_pair(s["seed"], s["fc_epochs"], s["perm_seed"])
    cnn = (trained_conv(s["seed"], s["cnn_epochs"]),
           trained_conv(s["seed"], s["cnn_epochs"], s["perm_seed"]))  # fmt: skip
    return {("fc", "original"): fc[0], ("fc", "shuffled"): fc[1],
            ("cnn", "original"): cnn[0], ("cnn", "shuffled"): cnn[1]}  # fmt: skip


def pct(fraction):
    return f"{100 * fraction:.1f}%"


def sci(value):
    """The clip's ``3.4×10⁻¹²``, written out again."""
    if value == 0:
        return "0"
    m, e = f"{value:.1e}".split("e")
    sup = dict(zip("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return m + "×10" + "".join(sup[ch] for ch in str(int(e)))


@pytest.mark.parametrize("which", ["default", "custom"])
def test_four_accuracies_are_the_runs_and_rescore_independently(which, scenes):
    s = settings(which)
    _, _, x_test, y_test = load_digits("sample")
    perm = np.random.default_rng(s["perm_seed"]).permutation(784)  # pixel_permutation's recipe
    np.testing.assert_array_equal(perm, pixel_permutation(s["perm_seed"]))
    images = {"original": x_test, "shuffled": x_test[:, perm]}
    shown = scenes[which].shown["accuracy"]
    assert len(shown) == 4
    for (net, side), run in runs(s).items():
        rebuilt = run.network_at(-1)
        assert isinstance(rebuilt, ConvNetwork if net == "cnn" else Network)
        rescored = accuracy(rebuilt, images[side], y_test)
        assert rescored == run.extras["test_accuracy"][-1]
        assert shown[net, side] == pct(rescored)
        assert run.meta["pixel_permutation"] == (perm.tolist() if side == "shuffled" else None)
    epochs = {"fc": s["fc_epochs"], "cnn": s["cnn_epochs"]}
    for (net, _), run in runs(s).items():
        assert run.meta["epochs"] == epochs[net]


@pytest.mark.parametrize("which", ["default", "custom"])
def test_fully_connected_pair_is_one_run(which, scenes):
    s = settings(which)
    r = runs(s)
    original, twin = r["fc", "original"], r["fc", "shuffled"]
    perm = pixel_permutation(s["perm_seed"])
    # the twin started from the original's start, its first-layer columns permuted
    np.testing.assert_array_equal(
        twin.params[0], permute_first_layer(original.network_at(0), perm).get_params()
    )
    loss_gap = float(np.max(np.abs(original.loss - twin.loss)))
    assert loss_gap < 1e-9
    assert scenes[which].shown["loss_gap"] == sci(loss_gap)
    assert scenes[which].shown["called_identical"]  # the caption says "only rounding"
    # weights: the twin's first layer against the original's with columns reordered by hand
    first = original.params[:, :N_FIRST].reshape(len(original), 16, 784)[:, :, perm]
    weight_gap = max(
        np.max(np.abs(first - twin.params[:, :N_FIRST].reshape(len(twin), 16, 784))),
        np.max(np.abs(original.params[:, N_FIRST:] - twin.params[:, N_FIRST:])),
    )
    assert weight_gap < 1e-8
    assert scenes[which].shown["weight_gap"] == sci(weight_gap)
    # the plotted curves are the recorded costs (log scale), against the epochs
    for curve, run in zip(scenes[which].shown["loss_curves"], (original, twin)):
        np.testing.assert_allclose(curve[:, 0], run.extras["epoch"], atol=1e-9)
        np.testing.assert_allclose(curve[:, 1], np.log10(run.loss), atol=1e-9)


def test_parameter_counts_are_the_networks(scenes):
    scene_counts = scenes["default"].shown["n_params"]
    fc = sum(a * b + b for a, b in zip((784, 16, 16), (16, 16, 10)))
    conv = 8 * 9 + 8 + 2 * (8 * 8 * 9 + 8) + 10 * 8 * 22 * 22 + 10
    assert (fc, conv) == (13_002, 39_978)
    assert scene_counts == {"fc": f"{fc:,}", "cnn": f"{conv:,}"}
    assert ConvNetwork((8, 8, 8)).n_params == conv


@pytest.mark.parametrize("which", ["default", "custom"])
def test_shown_digits_and_the_scattered_neighbourhood(which, scenes):
    s, scene = settings(which), scenes[which]
    _, _, x_test, _ = load_digits("sample")
    perm = pixel_permutation(s["perm_seed"])
    image = np.asarray(x_test[s["image"]], float)
    grey = np.rint(np.clip(image, 0, 1) * 255).reshape(28, 28)
    np.testing.assert_array_equal(scene.shown["digit_pixels"], grey)
    np.testing.assert_array_equal(
        scene.shown["twin_pixels"], np.rint(np.clip(image[perm], 0, 1) * 255).reshape(28, 28)
    )
    assert not np.array_equal(scene.shown["twin_pixels"], grey)
    block, scattered = scene.shown["window_marks"]
    assert block == [(12, 13)]  # one square around the 3x3 block centred there
    window = [r * 28 + c for r in (11, 12, 13) for c in (12, 13, 14)]
    # pixel i of the shuffled image is pixel perm[i] of the original
    landed = sorted(divmod(int(i), 28) for i in np.flatnonzero(np.isin(perm, window)))
    assert sorted(scattered) == landed and len(landed) == 9
    np.testing.assert_array_equal(scene.shown["window_twin"], np.flatnonzero(np.isin(perm, window)))


@pytest.mark.parametrize("which", ["default", "custom"])
def test_drop_and_lead_are_computed_from_the_four(which, scenes):
    s, shown = settings(which), scenes[which].shown
    acc = {k: v.extras["test_accuracy"][-1] for k, v in runs(s).items()}
    assert shown["cnn_drop"] == f"{100 * (acc['cnn', 'shuffled'] - acc['cnn', 'original']):+.1f}"
    assert shown["cnn_lead"] == f"{100 * (acc['cnn', 'original'] - acc['fc', 'original']):+.1f}"
    assert shown["shuffled_lead"] == (
        f"{100 * (acc['cnn', 'shuffled'] - acc['fc', 'shuffled']):+.1f}"
    )
    assert shown["param_ratio"] == f"{39_978 / 13_002:.1f}"
    # over each pair of bars, what the shuffle cost that network
    said = []
    for net in ("fc", "cnn"):
        change = acc[net, "shuffled"] - acc[net, "original"]
        said.append("unchanged" if change == 0 else f"{100 * change:+.1f} points".replace("-", "−"))
    assert shown["changes"] == said
    assert said[0] == "unchanged"  # the fully connected pair is one run


@pytest.mark.parametrize("which", ["default", "custom"])
def test_four_bars_are_as_tall_as_the_accuracies(which, scenes):
    s, shown = settings(which), scenes[which].shown
    for key, run in runs(s).items():
        assert shown["bar_heights"][key] == pytest.approx(
            100 * run.extras["test_accuracy"][-1], abs=1e-6
        )


@pytest.mark.parametrize(
    "params",
    [{"perm_seed": -1}, {"seed": -3}, {"fc_epochs": 0}, {"cnn_epochs": 0}, {"cnn_epochs": 31},
     {"image": -1}, {"shuffle": 1}],
)  # fmt: skip
def test_bad_parameters_raise_param_error(params):
    with pytest.raises(ParamError):
        ShuffledPixels.resolve_params(params)


def test_image_beyond_the_sample_test_set_is_a_param_error():
    with pytest.raises(ParamError, match="0 to 999"):  # the range ``list`` shows
        ShuffledPixels.prepare(ShuffledPixels.resolve_params({**CUSTOM, "image": 1000}))


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(ShuffledPixels)
