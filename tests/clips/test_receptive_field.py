"""ReceptiveField draws nnmath's receptive fields: 3x3, 5x5, 7x7 squares at the right place.

The network is ShuffledPixels' cached CNN: its default run (the one the layout
test builds anyway) and, for the custom case, seed 1 trained for 1 epoch (the run
ShuffledPixels' custom case trains; one cache serves both files). Their kernels
have no zero entry, so the fields are also the textbook squares.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import load_digits, receptive_field
from scenes.clips.part4_generalising.receptive_field import ReceptiveField
from scenes.clips.part4_generalising.shuffled_pixels import trained_conv
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

DEFAULT: dict = {}  # the layout test's build, shared
CUSTOM = {"seed": 1, "cnn_epochs": 1, "image": 0, "channel": 5, "row": 4, "col": 17}
CORNER = {"row": 21, "col": 0, "channel": 7}
CASES = {"default": DEFAULT, "custom": CUSTOM, "corner": CORNER}


@pytest.fixture(scope="module")
def scenes():
    return {name: build_scene(ReceptiveField, params=params) for name, params in CASES.items()}


def settings(which):
    return {"seed": 0, "cnn_epochs": 5, "image": 3, "channel": 0, "row": 9, "col": 9,
            **CASES[which]}  # fmt: skip


def network(s):
    return trained_conv(s["seed"], s["cnn_epochs"]).network_at(-1)


def box_of(mask):
    rows, cols = np.nonzero(mask)
    return rows.min(), cols.min(), rows.max() + 1, cols.max() + 1


@pytest.mark.parametrize("which", list(CASES))
def test_squares_shown_are_receptive_fields_and_textbook_squares(which, scenes):
    s, shown = settings(which), scenes[which].shown
    net = network(s)
    assert all(np.all(k != 0) for k in net.kernels)  # so the fields are full squares
    assert shown["zero_weights"] == 0
    r, c = s["row"], s["col"]
    for layer in (1, 2, 3):
        # the neuron of each layer centred on the layer-3 neuron's centre pixel (r+3, c+3)
        pos = (r + 3 - layer, c + 3 - layer)
        assert shown["positions"][layer] == pos
        mask = receptive_field(net, layer, *pos, channel=s["channel"])
        assert mask.sum() == (2 * layer + 1) ** 2 and mask[mask.any(1)][:, mask.any(0)].all()
        assert shown["fields"][layer] == box_of(mask)
        n = 2 * layer + 1
        assert shown["fields"][layer] == (r + 3 - layer, c + 3 - layer, r + 3 - layer + n,
                                          c + 3 - layer + n)  # fmt: skip
    assert shown["legend"] == ["layer 1: 3×3", "layer 2: 5×5", "layer 3: 7×7"]


@pytest.mark.parametrize("which", list(CASES))
def test_nine_layer1_windows_cover_the_layer2_field(which, scenes):
    s, shown = settings(which), scenes[which].shown
    net = network(s)
    r2, c2 = s["row"] + 1, s["col"] + 1
    block = [(r2 + i, c2 + j) for i in range(3) for j in range(3)]
    assert shown["block"] == (r2, c2, r2 + 3, c2 + 3)
    union = np.zeros((28, 28), dtype=bool)
    for (r, c), drawn in zip(block, shown["windows"]):
        assert drawn == (r, c, r + 3, c + 3)
        union[r : r + 3, c : c + 3] = True
    assert len(shown["windows"]) == 9
    np.testing.assert_array_equal(union, receptive_field(net, 2, r2, c2, channel=s["channel"]))


@pytest.mark.parametrize("which", list(CASES))
def test_zoomed_patch_is_the_digit_around_the_fields(which, scenes):
    s, shown = settings(which), scenes[which].shown
    r0, c0, r1, c1 = shown["zoom"]
    assert (r1 - r0, c1 - c0) == (11, 11) and 0 <= r0 and 0 <= c0 and r1 <= 28 and c1 <= 28
    # every field drawn lies inside the zoomed patch (drawn on it, not on the whole digit)
    for box in shown["fields"].values():
        assert r0 <= box[0] and c0 <= box[1] and box[2] <= r1 and box[3] <= c1
    x = np.asarray(load_digits("sample")[2][s["image"]], float).reshape(28, 28)
    grey = np.rint(np.clip(x[r0:r1, c0:c1], 0, 1) * 255)
    np.testing.assert_array_equal(shown["patch_pixels"], grey)


@pytest.mark.parametrize("which", list(CASES))
def test_feature_map_is_the_layer1_correlation_of_the_digit(which, scenes):
    s, shown = settings(which), scenes[which].shown
    net = network(s)
    x = np.asarray(load_digits("sample")[2][s["image"]], float).reshape(28, 28)
    k, b = net.kernels[0][s["channel"], 0], net.kernel_biases[0][s["channel"]]
    direct = np.maximum(0.0, b + sum(k[i, j] * x[i : i + 26, j : j + 26]
                                     for i in range(3) for j in range(3)))  # fmt: skip
    np.testing.assert_allclose(direct, net.feature_maps(x.reshape(1, 784))[0][0, s["channel"]])
    expected = np.rint(np.clip(direct / direct.max(), 0, 1) * 255)
    assert np.abs(shown["feature_map"].astype(float) - expected).max() <= 1  # rounding only
    r1, c1 = s["row"] + 2, s["col"] + 2
    assert shown["map_marker"] == (r1, c1, r1 + 1, c1 + 1)


def test_light_theme_inverts_the_greys():
    dark = build_scene(ReceptiveField, params=DEFAULT).shown["feature_map"]
    light = build_scene(ReceptiveField, params={"theme": "light"}).shown["feature_map"]
    np.testing.assert_array_equal(light.astype(int), 255 - dark.astype(int))


@pytest.mark.parametrize(
    "params",
    [{"row": -1}, {"col": 28}, {"channel": -1}, {"image": -1}, {"cnn_epochs": 0}, {"layer": 2}],
)
def test_bad_parameters_raise_param_error(params):
    with pytest.raises(ParamError):
        ReceptiveField.resolve_params(params)


@pytest.mark.parametrize(
    ("params", "message"),
    [({"row": 22}, "0 to 21"), ({"col": 27}, "0 to 21"), ({"channel": 8}, "0 to 7"),
     ({"image": 1000}, "0 to 999")],
)  # fmt: skip
def test_values_beyond_the_network_or_data_are_param_errors(params, message):
    # row, col and image: refused with their declared ranges (``list`` shows the same)
    with pytest.raises(ParamError, match=message):
        ReceptiveField.prepare(ReceptiveField.resolve_params({**DEFAULT, **params}))


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(ReceptiveField)
