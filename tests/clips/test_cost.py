"""Clip 10 (scenes/cost.py): the arithmetic on screen is exact and the cost is nnmath's.

By default the clip shows the first test image the network answers wrong (a right,
confident answer costs about 0 and shows nothing); the tests find it independently.
"""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pytest

from scenes.clips.part3_learning.cost import CostOfOneExample, squared_errors, units_text
from scenes.core.digit_model import trained_digit_network
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

LINE = re.compile(r"^\((\d+\.\d+) \u2212 ([01])\)\u00b2 = (\d+\.\d{4})$")


@pytest.fixture(scope="module")
def default_scene():
    return build_scene(CostOfOneExample)


@pytest.fixture(scope="module")
def trained():
    return trained_digit_network("sample", 0, 20)


def first_mistake(network, test_x, test_y) -> int:
    for i, (x, y) in enumerate(zip(test_x, test_y)):
        if int(np.argmax(network.forward(np.asarray(x, float)[None, :])[0])) != int(y):
            return i
    raise AssertionError("the trained network makes no mistake")


def test_the_example_is_the_first_test_image_answered_wrong(default_scene, trained):
    network, _history, (_x, _y, test_x, test_y) = trained
    index = first_mistake(network, test_x, test_y)
    assert default_scene.shown["example"] == index
    assert default_scene.shown["answer"] != default_scene.shown["label"] == int(test_y[index])


def test_outputs_and_wanted_vector_are_the_networks(default_scene, trained):
    network, _history, (_x, _y, test_x, test_y) = trained
    index = first_mistake(network, test_x, test_y)
    outputs = network.forward(np.asarray(test_x[index], float)[None, :])[0]
    assert default_scene.shown["outputs"] == [f"{a:.2f}" for a in outputs]
    assert default_scene.shown["answer"] == int(np.argmax(outputs))
    wanted = [0] * 10
    wanted[int(test_y[index])] = 1
    assert default_scene.shown["wanted"] == wanted
    assert default_scene.shown["label"] == int(test_y[index])


def test_the_two_biggest_squares_are_written_out(default_scene):
    squares = [Decimal(s) for s in default_scene.shown["squares"]]
    biggest = sorted(sorted(range(10), key=lambda i: -squares[i])[:2])
    lines = default_scene.shown["square_lines"]
    assert default_scene.shown["formulas"] == [lines[i] for i in biggest]
    # a mistake: the squares written out are far from 0
    assert max(squares) > Decimal("0.1")


def test_each_square_is_exactly_the_square_of_the_shown_numbers(default_scene):
    """Decimal arithmetic on the printed digits reproduces every printed result."""
    total = Decimal(0)
    for line, square in zip(default_scene.shown["square_lines"], default_scene.shown["squares"]):
        match = LINE.match(line)
        assert match, line
        a, y, s = (Decimal(g) for g in match.groups())
        assert (a - y) ** 2 == s
        assert str(s) == square
        total += s
    assert str(total) == default_scene.shown["sum"]


def test_sum_is_close_to_the_unrounded_cost_of_the_example(default_scene):
    # Rounding each output to 0.01 moves each square by at most ~0.01 * 2|a - y| + 0.0001.
    assert float(default_scene.shown["sum"]) == pytest.approx(
        default_scene.shown["example_cost"], abs=0.03
    )


def test_cost_shown_is_the_loss_over_the_training_set(default_scene, trained):
    network, history, (train_x, train_y, _tx, _ty) = trained
    targets = np.eye(10)[train_y]
    # Independent of Network.loss: the mean over images of the sum of squared differences.
    expected = np.mean(np.sum((network.forward(train_x) - targets) ** 2, axis=1))
    assert default_scene.shown["cost_value"] == pytest.approx(expected, rel=1e-12)
    assert default_scene.shown["cost"] == f"{expected:.4f}"
    assert default_scene.shown["n_params"] == 13_002
    untrained = history.network_at(0).forward(train_x)
    before = np.mean(np.sum((untrained - targets) ** 2, axis=1))
    assert default_scene.shown["cost_before"] == f"{before:.2f}"
    # the bars: this image's sum (as written), the average, the untrained average
    this_image, average, untrained_average = default_scene.shown["cost_bars"]
    assert this_image == pytest.approx(float(default_scene.shown["sum"]), abs=1e-12)
    assert average == pytest.approx(expected, rel=1e-12)
    assert untrained_average == pytest.approx(before, rel=1e-12)


def test_the_storyboard_example_0_43_against_0():
    outputs = np.full(10, 0.0)
    outputs[4] = 0.43
    outputs[2] = 0.9
    arithmetic = squared_errors(outputs, label=2)
    lines = arithmetic.lines()
    assert lines[4] == "(0.43 \u2212 0)\u00b2 = 0.1849"
    assert lines[2] == "(0.90 \u2212 1)\u00b2 = 0.0100"
    assert arithmetic.total_text == "0.1949"


def test_units_text():
    assert units_text(1849, 4) == "0.1849"
    assert units_text(10000, 4) == "1.0000"
    assert units_text(-14, 2) == "-0.14"


def test_another_example_in_the_light_theme(trained):
    scene = build_scene(CostOfOneExample, {"example": 374, "theme": "light"})
    network, _h, (_x, _y, test_x, _ty) = trained
    outputs = network.forward(np.asarray(test_x[374], float)[None, :])[0]
    assert scene.shown["outputs"] == [f"{a:.2f}" for a in outputs]
    assert Decimal(scene.shown["sum"]) == sum(Decimal(s) for s in scene.shown["squares"])


def test_example_out_of_range_is_a_param_error():
    values = CostOfOneExample.resolve_params({"example": 5000})
    with pytest.raises(ParamError, match="use 0 to 999"):
        CostOfOneExample.prepare(values)


def test_unknown_data_source_is_rejected():
    with pytest.raises(ParamError):
        CostOfOneExample.resolve_params({"data": "emnist"})


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(CostOfOneExample)
