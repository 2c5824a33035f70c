"""NotADigit shows nnmath's numbers: every rejection rate and accuracy, counted again here
image by image on garbage sets rebuilt from their recipes."""

from __future__ import annotations

import numpy as np
import pytest

import scenes.clips.part3_learning.not_a_digit as clip
from nnmath import load_digits
from nnmath.rejection import stroke_images
from scenes.clips.part3_learning.not_a_digit import NotADigit, plain_network, trained_with_noise
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

METHODS = ("threshold", "extra_class", "zero_target")
KINDS = ("noise", "shuffled", "blank", "inverted", "strokes")
CHECK, CROSS = "\u2713", "\u2717"


@pytest.fixture(scope="module")
def scene():
    return build_scene(NotADigit, {"data": "sample"})


@pytest.fixture(scope="module")
def counted(scene):
    """Per method: rejections of the digits and of each garbage set, and the right answers,
    counted one image at a time; networks loaded again through the clip's cached path."""
    p = NotADigit.resolve_params({"data": "sample"})
    _, _, x_test, y_test = load_digits("sample")
    x_test = x_test.astype(float)
    n = 1000
    garbage = {
        "noise": np.random.default_rng([p.noise_seed, 1]).uniform(0, 1, (n, 784)),
        "shuffled": np.random.default_rng([p.noise_seed, 2]).permuted(x_test[:n], axis=1),
        "blank": np.zeros((n, 784)),
        "inverted": 1.0 - x_test[:n],
        "strokes": stroke_images(n, [p.noise_seed, 5]),  # checked against distances in nnmath
    }
    nets = {"threshold": plain_network(p),
            **{m: trained_with_noise(m, p).network_at(-1) for m in METHODS[1:]}}  # fmt: skip

    def no(row, method):
        if method == "extra_class":
            return all(row[10] > row[k] for k in range(10))
        return max(row[:10]) < p.threshold

    out = {}
    for m, net in nets.items():
        rows = net.forward(x_test)
        rejects = [no(r, m) for r in rows]
        right = [int(np.argmax(r[:10])) == lab for r, lab in zip(rows, y_test)]
        kept = [ok for ok, r in zip(right, rejects) if not r]
        out[m] = {"digits": sum(rejects) / len(rejects), "accuracy": sum(kept) / len(kept),
                  "all": sum(kept) / len(rows)}  # fmt: skip
        for kind, images in garbage.items():
            out[m][kind] = sum(no(r, m) for r in net.forward(images)) / n
    return p, nets, out, x_test, y_test, garbage


def pct(fraction):
    return f"{100 * fraction:.1f}%"


def test_every_bar_and_number_is_a_count(scene, counted):
    _, _, out, _, _, _ = counted
    shown = scene.shown["rejected"]
    assert set(shown) == {(g, m) for g in ("digits", *KINDS) for m in METHODS}
    for (group, m), (text, height) in shown.items():
        assert text == pct(out[m][group])
        assert height == pytest.approx(100 * out[m][group], abs=0.01)  # a 0 bar: a hairline
    for m in METHODS:
        assert scene.shown["accuracy_accepted"][m] == pct(out[m]["accuracy"])
        assert scene.shown["accuracy_bars"][m] == pytest.approx(out[m]["accuracy"], abs=1e-3)


def test_narration_says_the_same_numbers(scene, counted):
    p, _, out, _, _, _ = counted
    beats = {b.name: b for b in scene.beat_log}
    assert list(beats) == ["networks", "noise", "seen", "accuracy", *KINDS[1:], "verdict"]
    for m in METHODS:
        assert pct(out[m]["noise"]) in beats["seen"].narration
        assert pct(out[m]["digits"]) in beats["seen"].narration
        assert pct(out[m]["accuracy"]) in beats["accuracy"].narration
        assert pct(out[m]["all"]) in beats["accuracy"].narration
        for kind in KINDS[1:]:
            assert pct(out[m][kind]) in beats[kind].narration
    for kind in KINDS[1:]:  # the headline names the methods rejecting at least half
        most = [m for m in METHODS if out[m][kind] >= 0.5]
        line = beats[kind].headline
        if len(most) == 3:
            assert "all three reject" in line
        elif not most:
            assert "past all three" in line
        elif len(most) == 1:
            assert f"only {clip.CALLED[most[0]]} rejects" in line
        else:
            (other,) = set(METHODS) - set(most)
            assert f"{clip.CALLED[other]} lets most through" in line
    said = beats["networks"].narration
    assert f"{p.epochs} epochs" in said and "4,000 sample" in said and f"{p.noise:,} noise" in said
    trained = ("extra_class", "zero_target")
    verdict = beats["verdict"].narration
    for m in trained:
        assert pct(out[m]["noise"]) in verdict
    plain = out["threshold"]["noise"]
    assert (f"shown no noise, rejects {pct(plain)}" in verdict) == (plain >= 0.5)
    passed = [k for k in KINDS[1:] if max(out[m][k] for m in trained) < 0.5]
    caught = [k for k in KINDS[1:] if min(out[m][k] for m in trained) >= 0.5]
    for kinds, lead in ((caught, "both reject most of: "), (passed, "neither: ")):
        listed = ", ".join(clip.KIND_WORDS[k].lower() for k in kinds) or "none"
        assert lead + listed in verdict
    if min(out[m]["noise"] for m in trained) >= 0.9 and any(
            max(out[m][k] for m in trained) < 0.5 for k in KINDS[1:]):  # fmt: skip
        assert beats["verdict"].headline.startswith("They reject what they were shown")


def test_verdicts_under_the_bars(scene, counted):
    p, nets, _, x_test, y_test, garbage = counted
    assert scene.shown["note"] == f"{len(load_digits('sample')[1]):,} sample training digits"
    for which, image, label in (("digit", x_test[p.image], y_test[p.image]),
                                ("noise", garbage["noise"][0], None)):  # fmt: skip
        said = scene.shown[f"verdicts_{which}"]
        for m, text in zip(METHODS, said):
            row = nets[m].forward(image)[0]
            no = row[10] == row.max() if m == "extra_class" else row[:10].max() < p.threshold
            answer = "not a digit" if no else f"answers {int(np.argmax(row[:10]))}"
            right = no if label is None else (not no and int(np.argmax(row[:10])) == label)
            assert text == f"{answer} {CHECK if right else CROSS}"


def test_the_three_networks_are_trained_alike(counted):
    """The plain network is HowAccurate's run of the video's network: the same sizes, SGD,
    epochs and seed as the two trained on noise (nnmath's tests: the same training loop)."""
    p = counted[0]
    plain = clip.train_spec(clip.specs(100)["video"], "sample", p.epochs, p.seed)
    assert plain.layer_sizes == [784, 16, 16, 10]
    assert (plain.activation, plain.output_activation) == ("sigmoid", "sigmoid")
    for m in METHODS[1:]:
        run = trained_with_noise(m, p)
        assert run.layer_sizes == [784, 16, 16, 11 if m == "extra_class" else 10]
        for key in ("epochs", "batch_size", "learning_rate", "seed"):
            assert run.meta[key] == plain.meta[key], key
        assert (run.meta["noise_count"], run.meta["noise_seed"]) == (p.noise, p.noise_seed)


@pytest.mark.parametrize(
    "params",
    [{"noise": 5}, {"threshold": 0.99}, {"threshold": 0.0}, {"epochs": 0}, {"data": "mnist"},
     {"image": 10000}, {"data": "sample", "image": 1000}, {"seed": -1}],
)  # fmt: skip
def test_bad_values_are_refused_before_any_training(params, monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("trained before refusing the parameters")

    monkeypatch.setattr(clip, "trained_with_noise", no_training)
    monkeypatch.setattr(clip, "plain_network", no_training)
    with pytest.raises(ParamError):
        NotADigit.prepare(NotADigit.resolve_params(params))


test_layout = layout_test(NotADigit, data="sample")
