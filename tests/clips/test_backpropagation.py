"""Backpropagation shows nnmath's numbers: the example, its wishes, the checks, the counts.

Every number is recomputed here without the clip's code: the outputs and deltas by a
forward and backward pass written out with numpy, the finite differences by our own
central difference on a copy of the network, the counts by hand formulas, the
mini-batch gradient with ``Network.gradients``.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.classifier import predict
from scenes.clips.part3_learning.backpropagation import Backpropagation, agreeing, significant
from scenes.core.digit_model import digit_data, trained_digit_network
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene


@pytest.fixture(scope="module")
def scene():
    return build_scene(Backpropagation)


@pytest.fixture(scope="module")
def reference():
    """The epoch-1 network, the image, and its forward and backward pass, by hand."""
    _, history, _ = trained_digit_network("sample", 0, 20)
    net = history.network_at(int(np.flatnonzero(history.extras["epoch"] == 1)[0]))
    images, labels = digit_data("sample")[:2]
    index = int(np.flatnonzero(predict(net, images) != labels)[0])
    x, label = images[index], int(labels[index])
    y = np.eye(10)[label]
    acts = [x]
    for w, b in zip(net.weights, net.biases):
        acts.append(1.0 / (1.0 + np.exp(-(w @ acts[-1] + b))))
    deltas = [2.0 * (acts[3] - y) * acts[3] * (1 - acts[3])]
    for layer in (2, 1):
        a = acts[layer]
        deltas.insert(0, (net.weights[layer].T @ deltas[0]) * a * (1 - a))
    return {"net": net, "index": index, "x": x, "y": y, "label": label, "acts": acts,
            "deltas": deltas, "images": images, "labels": labels}  # fmt: skip


def said(scene) -> str:
    return " ".join(f"{b.headline} {b.narration}" for b in scene.beat_log)


def test_the_example_is_the_first_training_image_it_gets_wrong(scene, reference):
    r, shown = reference, scene.shown
    assert shown["image"] == r["index"] and shown["label"] == r["label"]
    assert shown["answer"] == int(np.argmax(r["acts"][3])) != r["label"]
    np.testing.assert_allclose(shown["outputs"], r["acts"][3], rtol=1e-12)
    assert f"Training image {r['index']}, a handwritten {r['label']}" in said(scene)


def test_wishes_and_deltas(scene, reference):
    r, shown, text = reference, scene.shown, said(scene)
    a, y = r["acts"][3], r["y"]
    assert shown["cost"] == f"{np.sum((a - y) ** 2):.3f}"
    wish = 2 * (a - y)
    answer = shown["answer"]
    assert shown["wish"] == [f"{wish[k]:+.2f}" for k in sorted({r["label"], answer})]
    assert f"{wish[r['label']]:+.3f} for the {r['label']} (raise it)" in text
    delta = r["deltas"][2][r["label"]]
    brightest = r["acts"][2].max()
    assert shown["output_delta"] == f"{delta:+.4f}"
    assert shown["output_note"] == (f"{delta:+.4f}", f"{brightest:.3f}",
                                    f"{delta * brightest:+.4f}")  # fmt: skip
    # the shown factors multiply to the shown product (rounded the same way)
    assert f"{float(shown['output_note'][0]) * float(shown['output_note'][1]):+.4f}" == (
        shown["output_note"][2])
    h, i = scene.data.hidden, scene.data.first
    assert h == int(np.argmax(np.abs(r["deltas"][1])))  # the largest wishes, by default
    assert i == int(np.argmax(np.abs(r["deltas"][0])))
    total = sum(r["deltas"][2][k] * r["net"].weights[2][k, h] for k in range(10))
    assert shown["hidden_sum"] == f"{total:+.4f}" and f"summed: {total:+.4f}" in text
    assert shown["hidden_delta"] == f"{r['deltas'][1][h]:+.4f}"
    assert shown["first_delta"] == f"{r['deltas'][0][i]:+.5f}"
    assert shown["first_nonzero"] == int(np.count_nonzero(r["x"]))


def test_finite_difference_checks(scene, reference):
    r = reference
    net, x, y = r["net"], r["x"], r["y"][None]
    picks = [(2, r["label"], int(np.argmax(r["acts"][2]))),
             (1, scene.data.hidden, int(np.argmax(r["acts"][1]))),
             (0, scene.data.first, int(np.argmax(x)))]  # fmt: skip
    eps = 1e-5
    for (layer, row, col), (a, b, sig) in zip(picks, scene.shown["check"]):
        exact = r["deltas"][layer][row] * r["acts"][layer][col]
        probe = net.copy()
        probe.weights[layer][row, col] += eps
        up = probe.loss(x, y)
        probe.weights[layer][row, col] -= 2 * eps
        numeric = (up - probe.loss(x, y)) / (2 * eps)
        assert a == significant(exact) and b == significant(numeric)
        assert abs(float(a) - exact) <= 1e-11 * abs(exact) * 10
        assert abs(exact - numeric) < 1e-7 * abs(exact)  # they do agree
        assert 7 <= sig <= 12 and f"{a} by backpropagation and {b}" in said(scene)
    assert agreeing("-0.12345", "-0.12399") == (6, 3)  # "-0.123": 3 significant digits


def test_counts_by_hand(scene):
    sizes = [784, 16, 16, 10]
    weights = sum(m * n for m, n in zip(sizes, sizes[1:]))
    params = weights + sum(sizes[1:])
    fwd, bwd = weights, weights + 16 * 16 + 16 * 10  # backward: errors of layers 2-3, all grads
    assert scene.shown["counts"] == (fwd, bwd, 2 * params * fwd, params)
    assert scene.shown["counts"] == (12960, 13376, 337011840, 13002)
    assert scene.shown["ratio"] == f"{2 * params * fwd / (fwd + bwd):,.0f}" == "12,797"
    assert "= 337,011,840, 12,797 times as much" in said(scene)


def test_the_step_averages_the_batch(scene, reference):
    r, d = reference, scene.data
    batch = (r["index"] + np.arange(10)) % len(r["labels"])
    assert scene.shown["batch"] == batch.tolist()
    xb, yb = r["images"][batch], np.eye(10)[r["labels"][batch]]
    grad = r["net"].gradients(xb, yb)[: 784 * 16].reshape(16, 784)[d.first]
    np.testing.assert_allclose(d.batch_mean, grad, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(d.batch_grads.mean(axis=0), grad, rtol=1e-10, atol=1e-15)
    stepped = r["net"].copy().set_params(r["net"].get_params() - r["net"].gradients(xb, yb))
    before, after = r["net"].loss(xb, yb), stepped.loss(xb, yb)
    assert scene.shown["batch_cost"] == (f"{before:.3f}", f"{after:.3f}")
    assert after < before


@pytest.mark.parametrize(("params", "match"), [
    ({"epoch": 21}, "epoch=21 is past"),
    ({"image": 4000}, "image=4000 is out of range"),
    ({"batch": 1}, "batch=1 is out of range"),
])  # fmt: skip
def test_bad_parameters_are_refused_before_work(params, match):
    with pytest.raises(ParamError, match=match):
        build_scene(Backpropagation, params=params)


test_layout = layout_test(Backpropagation)
