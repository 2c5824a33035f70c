"""WithoutTheBend shows nnmath's numbers: the collapsed map, the losses, the accuracies."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import Network, gradient_descent, sample_curve_data
from nnmath.backprop import collapse_linear
from nnmath.classifier import accuracy, train_classifier
from nnmath.digits import load_digits
from nnmath.xor import best_single_line, binary_accuracy, xor_data
from scenes.clips.part1_curve_fitting.without_the_bend import WithoutTheBend, collapse_any
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

DEFAULTS = {"hidden": 16, "learning_rate": 0.01, "steps": 2000, "xor_hidden": 6, "epochs": 20,
            "seed": 0}  # fmt: skip
CUSTOM = {"hidden": 8, "steps": 800, "xor_hidden": 4, "epochs": 3, "seed": 3}


def settings(which: str) -> dict:
    return DEFAULTS if which == "default" else {**DEFAULTS, **CUSTOM}


@pytest.fixture(scope="module")
def scenes():
    return {"default": build_scene(WithoutTheBend),
            "custom": build_scene(WithoutTheBend, params=CUSTOM)}  # fmt: skip


@pytest.fixture(scope="module")
def reference():
    """Every number again, straight from nnmath (no cache, no clip code)."""
    out = {}
    digits = load_digits("sample")
    test_x, test_y = digits[2], digits[3]
    for which in ("default", "custom"):
        s = settings(which)
        x, y = sample_curve_data(40, 0.1, s["seed"])
        nets = {
            act: gradient_descent(Network([1, s["hidden"], s["hidden"], 1], act, seed=s["seed"]),
                                  x, y, s["learning_rate"], s["steps"]).final_network
            for act in ("linear", "relu")
        }  # fmt: skip
        xx, labels = xor_data(25, 0.3, s["seed"])
        xor = {
            act: binary_accuracy(
                gradient_descent(Network([2, s["xor_hidden"], 1], act, seed=s["seed"]), xx,
                                 labels.astype(float), 0.1, 1000).final_network, xx, labels)
            for act in ("linear", "relu")
        }  # fmt: skip

        def digit(sizes, act, rate, s=s):
            return train_classifier(sizes, act, epochs=s["epochs"], batch_size=10,
                                    learning_rate=rate, seed=s["seed"], data=digits)[0]  # fmt: skip

        deep = digit([784, 16, 16, 10], "linear", 0.1)
        out[which] = {
            "x": x, "y": y, "nets": nets,
            "xor": [best_single_line(xx, labels).accuracy, xor["linear"], xor["relu"]],
            "digits": [accuracy(digit([784, 10], "linear", 0.1), test_x, test_y),
                       accuracy(deep, test_x, test_y),
                       accuracy(digit([784, 16, 16, 10], "sigmoid", 1.0), test_x, test_y)],
            "deep": deep, "n_test": len(test_y), "test_x": test_x, "test_y": test_y,
        }  # fmt: skip
    return out


@pytest.mark.parametrize("which", ["default", "custom"])
def test_losses_are_those_of_the_two_networks(which, scenes, reference):
    shown, ref = scenes[which].shown, reference[which]
    x, y, nets = ref["x"], ref["y"], ref["nets"]
    assert shown["linear_loss"] == f"{nets['linear'].loss(x, y):.3f}"
    assert shown["relu_loss"] == f"{nets['relu'].loss(x, y):.3f}"
    assert nets["relu"].loss(x, y) < nets["linear"].loss(x, y)


@pytest.mark.parametrize("which", ["default", "custom"])
def test_the_collapsed_map_is_the_linear_network(which, scenes, reference):
    shown, net = scenes[which].shown, reference[which]["nets"]["linear"]
    grid = np.linspace(-3, 3, 601)
    # the product of the layers, by hand
    w, b = np.eye(1), np.zeros(1)
    for w_l, b_l in zip(net.weights, net.biases):
        w, b = w_l @ w, w_l @ b + b_l
    assert np.max(np.abs(net.forward(grid)[:, 0] - (grid * w[0, 0] + b[0]))) < 1e-10
    assert shown["w"] == f"{w[0, 0]:.3f}" and shown["b"] == f"{b[0]:.3f}"
    assert shown["gap"] < 1e-10
    cw, cb = collapse_linear(net)
    assert np.allclose(cw, w, atol=1e-12) and np.allclose(cb, b, atol=1e-12)


def test_the_least_squares_line_is_what_the_linear_network_finds(reference):
    ref = reference["default"]
    x, y = ref["x"], ref["y"]
    a = np.column_stack([x, np.ones_like(x)])
    coef = np.linalg.lstsq(a, y, rcond=None)[0]
    best = float(np.mean((a @ coef - y) ** 2))
    assert ref["nets"]["linear"].loss(ref["x"], ref["y"]) == pytest.approx(best, rel=1e-3)


@pytest.mark.parametrize("which", ["default", "custom"])
def test_xor_accuracies(which, scenes, reference):
    shown, ref = scenes[which].shown, reference[which]
    assert shown["xor_percent"] == [f"{100 * a:.0f}%" for a in ref["xor"]]
    # a linear network is one line: never better than the best line
    assert ref["xor"][1] <= ref["xor"][0]


def test_default_xor_numbers(scenes):
    assert scenes["default"].shown["xor_percent"] == ["75%", "50%", "100%"]


@pytest.mark.parametrize("which", ["default", "custom"])
def test_digit_accuracies(which, scenes, reference):
    shown, ref = scenes[which].shown, reference[which]
    assert shown["n_test"] == ref["n_test"] == 1000
    assert shown["digit_percent"] == [f"{100 * a:.1f}%" for a in ref["digits"]]


@pytest.mark.parametrize("which", ["default", "custom"])
def test_the_deep_linear_digit_network_collapses_to_one_layer(which, scenes, reference):
    ref = reference[which]
    deep, test_x, test_y = ref["deep"], ref["test_x"], ref["test_y"]
    w, b = collapse_any(deep)
    assert w.shape == (10, 784)
    sig = 1.0 / (1.0 + np.exp(-(test_x @ w.T + b)))
    assert np.max(np.abs(deep.forward(test_x) - sig)) < 1e-10
    single = Network([784, 10], "linear", "sigmoid")
    single.weights, single.biases = [w], [b]
    collapsed = accuracy(single, test_x, test_y)
    assert collapsed == accuracy(deep, test_x, test_y)
    assert scenes[which].shown["collapsed_percent"] == f"{100 * collapsed:.1f}%"


def test_narration_carries_the_numbers(scenes):
    notes = {b.name: b for b in scenes["default"].beat_log}
    assert list(notes) == ["without", "collapse", "with", "xor", "digits", "bend"]
    shown = scenes["default"].shown
    assert shown["linear_loss"] in notes["without"].narration
    assert shown["relu_loss"] in notes["with"].narration
    assert all(v in notes["xor"].narration for v in shown["xor_percent"])
    assert all(v in notes["digits"].narration for v in shown["digit_percent"])
    assert "on 1000 test images" in notes["digits"].narration
    assert all(len(b.headline) <= 60 for b in notes.values())
    # the last headline says what the digits measured: the bend's gain, from the shown figures
    acc = [float(v.rstrip("%")) for v in shown["digit_percent"]]
    gain = f"{acc[2] - acc[1]:.1f}"
    assert f"adds {gain} points" in notes["bend"].headline and acc[2] - acc[1] < 5


@pytest.mark.parametrize(
    "params",
    [
        {"hidden": 1}, {"hidden": 33}, {"learning_rate": 0.0}, {"learning_rate": 0.06},
        {"steps": 50}, {"xor_hidden": 1}, {"xor_hidden": 17}, {"epochs": 0}, {"epochs": 51},
        {"seed": -1}, {"colour": "red"},
    ],
)  # fmt: skip
def test_bad_parameters_raise_param_error(params):
    with pytest.raises(ParamError):
        WithoutTheBend.resolve_params(params)


def test_a_learning_rate_that_diverges_is_a_param_error():
    p = WithoutTheBend.resolve_params({"learning_rate": 0.05, "steps": 100})
    with pytest.raises(ParamError, match="diverge"):
        WithoutTheBend.prepare(p)


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(WithoutTheBend)
