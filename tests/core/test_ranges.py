"""Ranges that say what is valid: where a parameter's range depends on another one
(the data set), ``list`` says so and the value is refused before any work."""

from __future__ import annotations

import pytest

from scenes.core.digit_model import TEST_IMAGES, digit_index_param
from scenes.core.params import Param, ParamError, resolve

DATA = Param("data", str, "sample", "data set", choices=("sample", "full"))


def test_range_depends_on_another_value():
    image = digit_index_param(0, "a test image")
    assert image.describe_range() == (
        "from 0 to 999 with data=sample, from 0 to 9999 with data=full"
    )
    specs = (DATA, image)
    assert resolve("X", specs, {"image": "999"}).image == 999
    assert resolve("X", specs, {"image": "5000", "data": "full"}).image == 5000
    with pytest.raises(ParamError, match=r"image=1000 is out of range with data=sample; "
                       r"expected from 0 to 999 with data=sample"):  # fmt: skip
        resolve("X", specs, {"image": "1000"})
    with pytest.raises(ParamError, match="out of range"):
        resolve("X", specs, {"image": "10000", "data": "full"})
    # the order the values come in does not matter: checked once all are known
    with pytest.raises(ParamError, match="with data=sample"):
        resolve("X", specs, {"image": "1500"}, environ={"NNFIT_PARAMS": "data=sample"})


def test_test_set_sizes_are_the_data_sets():
    from nnmath.digits import load_digits

    _, _, x_test, y_test = load_digits("sample")
    assert TEST_IMAGES["sample"] == len(x_test) == len(y_test)
    assert TEST_IMAGES["full"] == 10_000  # MNIST's own test set (not shipped: not loaded here)


def test_every_advertised_image_and_map_position_is_valid():
    """Every clip's ``image`` range for the sample data ends at the sample's last image, and
    ReceptiveField's row/col at its last map position (nnmath's own map shapes)."""
    from nnmath.conv import ConvNetwork
    from scenes.clips.part2_digit_network.network_structure import NetworkStructure
    from scenes.clips.part2_digit_network.weighted_sum import WeightedSum
    from scenes.clips.part3_learning.answers import ConfidentNoise, TestAccuracy
    from scenes.clips.part4_generalising.receptive_field import ReceptiveField
    from scenes.clips.part4_generalising.shuffled_pixels import (
        CNN_CHANNELS,
        CNN_KERNEL,
        ShuffledPixels,
    )

    for cls in (NetworkStructure, WeightedSum, TestAccuracy, ConfidentNoise, ShuffledPixels,
                ReceptiveField):  # fmt: skip
        sample = {"data": "sample"} if any(p.name == "data" for p in cls.all_params()) else {}
        top = TEST_IMAGES["sample"] - 1
        assert cls.resolve_params({**sample, "image": str(top)}).image == top
        with pytest.raises(ParamError, match="out of range"):
            cls.resolve_params({**sample, "image": str(top + 1)})
    _, height, width = ConvNetwork(CNN_CHANNELS, kernel=CNN_KERNEL).map_shapes[-1]
    row, col = (p for p in ReceptiveField.all_params() if p.name in ("row", "col"))
    assert (row.lo, row.hi, col.lo, col.hi) == (0, height - 1, 0, width - 1)
