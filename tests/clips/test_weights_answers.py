"""TrainedWeightGrids, TestAccuracy and ConfidentNoise (clips 14-16).

Each clip is built in dry-run mode with its defaults and with another seed
(2 epochs, to keep the extra training short); what it displays is compared
with nnmath computed here independently.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.classifier import accuracy, mistakes, predict
from scenes.clips.part3_learning.answers import ConfidentNoise, TestAccuracy
from scenes.clips.part3_learning.weight_grids import TrainedWeightGrids
from scenes.core.digit_model import trained_digit_network
from scenes.core.params import ParamError
from scenes.core.theme import THEMES
from scenes.widgets.images import diverging_rgb
from tests.clips.layout import layout_test
from tests.conftest import build_scene

OTHER = {"seed": 1, "epochs": 2}


def run_for(cls, params: dict):
    p = cls.resolve_params(params)
    return p, trained_digit_network(p.data, p.seed, p.epochs)


# The other-seed build of the grids trains nothing (epochs=0): cheap, and it
# checks that an untrained network is not captioned as trained.
UNTRAINED = {"seed": 1, "epochs": 0, "neuron": 5, "theme": "light"}


@pytest.fixture(scope="module", params=[{}, UNTRAINED])
def grids(request):
    return build_scene(TrainedWeightGrids, request.param)


@pytest.fixture(scope="module", params=[{}, {**OTHER, "image": 20, "count": 5, "mistakes": 24}])
def tested(request):
    return build_scene(TestAccuracy, request.param)


@pytest.fixture(scope="module", params=[{}, {**OTHER, "image": 3, "noise_seed": 3}])
def noisy(request):
    return build_scene(ConfidentNoise, request.param)


# -- TrainedWeightGrids ------------------------------------------------------------


def test_grids_show_every_snapshot_with_its_epoch_and_accuracy(grids):
    p, (_, history, _) = run_for(TrainedWeightGrids, grids._overrides)
    assert grids.shown["epochs"] == history.extras["epoch"].tolist()
    assert len(grids.shown["epochs"]) == p.epochs + 1  # the random start, then each epoch
    np.testing.assert_allclose(
        grids.shown["test_accuracy"], np.round(100 * history.extras["test_accuracy"], 1)
    )
    last = grids.shown["panel_texts"][-1]
    assert last["accuracy"] == f"{100 * history.extras['test_accuracy'][-1]:.1f}%"
    assert last["epoch"] == f"{p.epochs} of {p.epochs}"
    assert grids.shown["zoom_neuron"] == p.neuron
    said = " ".join(f"{b.headline} {b.narration}" for b in grids.beat_log)
    assert ("epochs=0" not in said) == (p.epochs > 0)  # untrained is never captioned trained
    names = [b.name for b in grids.beat_log]
    assert names == (["start", "training", "result", "neuron"] if p.epochs else
                     ["start", "result", "neuron"])  # fmt: skip
    if p.epochs:
        first, last = history.extras["test_accuracy"][[0, -1]]
        assert f"{100 * first:.1f}% to {100 * last:.1f}%" in grids.beat_log[1].narration


def test_grids_draw_the_final_first_layer_weights(grids):
    _, (network, _, _) = run_for(TrainedWeightGrids, grids._overrides)
    weights = network.weights[0]
    scales = np.abs(weights).max(axis=1)  # each grid scaled by its own largest |weight|
    np.testing.assert_allclose(grids.shown["scales"][-1], np.round(scales, 2))
    theme = THEMES[grids.p.theme]
    assert len(grids.tiles) == 16
    for tile, w, scale in zip(grids.tiles, weights, scales):
        expected = diverging_rgb(w.reshape(28, 28), theme, scale)
        np.testing.assert_array_equal(tile.pixel_array[..., :3], expected)


def test_blank_pixels_keep_their_random_weights(grids):
    _, (_, history, (train_images, _, _, _)) = run_for(TrainedWeightGrids, grids._overrides)
    blank = train_images.max(axis=0) == 0
    assert grids.shown["blank_pixels"] == int(blank.sum()) > 0
    start, end = history.network_at(0).weights[0], history.network_at(-1).weights[0]
    np.testing.assert_array_equal(start[:, blank], end[:, blank])


def test_grids_reject_a_neuron_that_does_not_exist():
    with pytest.raises(ParamError, match="neuron"):
        TrainedWeightGrids.resolve_params({"neuron": 16})


# -- TestAccuracy --------------------------------------------------------------------


def test_running_count_is_the_test_accuracy(tested):
    _, (network, _, (_, _, images, labels)) = run_for(TestAccuracy, tested._overrides)
    acc = accuracy(network, images, labels)
    assert tested.shown["total"] == len(labels)
    assert tested.shown["correct"] == round(acc * len(labels))
    assert tested.shown["accuracy_text"] == f"{100 * acc:.1f}%"
    # the counter ends on the whole test set: right and wrong, as the grid's cells
    right = round(acc * len(labels))
    assert tested.n_right.get_value() == right
    assert tested.n_wrong.get_value() == len(labels) - right == tested.shown["counted_wrong"]
    assert any(f"{100 * acc:.1f}%" in b.headline for b in tested.beat_log)


def test_the_grid_of_test_images_ends_with_every_cell_coloured_by_its_answer(tested):
    from scenes.widgets.images import colour_rgb

    _, (network, _, (_, _, images, labels)) = run_for(TestAccuracy, tested._overrides)
    right = predict(network, images) == labels
    theme = THEMES[tested.p.theme]
    px = tested.waffle_px
    pixels = tested.waffle.pixel_array[..., :3]
    cols = (pixels.shape[1] + 1) // (px + 1)
    # the top-left pixel of each cell, in reading order
    cells = pixels[:: px + 1, :: px + 1].reshape(-1, 3)[: len(labels)]
    expected = np.where(right[:, None], colour_rgb(theme.correct), colour_rgb(theme.wrong))
    np.testing.assert_array_equal(cells, expected)
    assert cols * ((pixels.shape[0] + 1) // (px + 1)) >= len(labels)


def test_answers_and_mistakes_are_the_networks(tested):
    p, (network, _, (_, _, images, labels)) = run_for(TestAccuracy, tested._overrides)
    predicted = predict(network, images)
    row = list(range(p.image, p.image + p.count))
    assert tested.shown["row_indices"] == row
    assert tested.shown["row_answers"] == predicted[row].tolist()
    assert tested.shown["row_correct"] == (predicted[row] == labels[row]).tolist()
    wrong = mistakes(network, images, labels)
    shown = tested.shown["mistake_indices"]
    assert shown == wrong[: p.mistakes].tolist()
    assert tested.shown["n_mistakes"] == len(wrong)
    assert tested.shown["mistake_answers"] == predicted[shown].tolist()
    assert tested.shown["mistake_labels"] == labels[shown].tolist()
    pairs = zip(tested.shown["mistake_answers"], tested.shown["mistake_labels"])
    assert all(answer != label for answer, label in pairs)


@pytest.mark.parametrize(
    "params", [{"image": 1000}, {"image": 995, "count": 10}, {"image": -3}, {"count": 0}]
)
def test_test_accuracy_rejects_images_outside_the_test_set(params):
    with pytest.raises(ParamError):
        TestAccuracy.prepare(TestAccuracy.resolve_params(params))


# -- ConfidentNoise --------------------------------------------------------------


def test_bars_are_the_networks_outputs(noisy):
    p, (network, _, (_, _, images, _)) = run_for(ConfidentNoise, noisy._overrides)
    noise = np.random.default_rng(p.noise_seed).uniform(0.0, 1.0, 784)
    digit_out = network.forward(images[p.image][None, :])[0]
    noise_out = network.forward(noise[None, :])[0]
    np.testing.assert_allclose(noisy.shown["digit_outputs"], digit_out)
    np.testing.assert_allclose(noisy.shown["noise_outputs"], noise_out)
    assert noisy.shown["digit_answer"] == int(np.argmax(digit_out))
    assert noisy.shown["noise_answer"] == int(np.argmax(noise_out))
    # the bars end on the noise image's outputs, the answer highlighted
    np.testing.assert_allclose(noisy.bars.values, noise_out)
    assert f"{noise_out.max():.2f}" in noisy.shown["conclusion"]
    assert f"{int(np.argmax(noise_out))}" in noisy.shown["conclusion"]


def test_default_noise_is_answered_confidently():
    scene_p, (network, _, _) = run_for(ConfidentNoise, {})
    noise = np.random.default_rng(scene_p.noise_seed).uniform(0.0, 1.0, 784)
    assert network.forward(noise[None, :])[0].max() > 0.5


@pytest.mark.parametrize("params", [{"image": 1000}, {"noise_seed": -1}])
def test_confident_noise_rejects_bad_values(params):
    with pytest.raises(ParamError):
        ConfidentNoise.prepare(ConfidentNoise.resolve_params(params))


# -- drawing helpers: same pixels, less work ----------------------------------------


@pytest.fixture
def low_quality():
    from manim import tempconfig

    with tempconfig({"quality": "low_quality"}):
        yield


def test_image_camera_draws_images_as_manim_does(low_quality):
    from manim.camera.camera import Camera

    from scenes.render.cameras import ImageCamera
    from scenes.widgets.images import digit_image, weight_grid

    rng = np.random.default_rng(0)
    mobs = []
    for k in range(5):  # some partly outside the frame, with uneven transparency
        image = digit_image(rng.random(784), 1.0 + 0.6 * k)
        image.move_to([rng.uniform(-8, 8), rng.uniform(-4.5, 4.5), 0])
        image.pixel_array[..., 3] = rng.integers(0, 256, image.pixel_array.shape[:2])
        mobs.append(image)
    mobs.append(weight_grid(rng.normal(size=784), THEMES["dark"], 1.25).rotate(0.3))
    start = rng.integers(0, 256, (480, 854, 4), dtype=np.uint8)
    frames = []
    for cls in (Camera, ImageCamera):
        camera = cls()
        camera.pixel_array[...] = start
        camera.capture_mobjects(mobs)
        frames.append(camera.pixel_array.copy())
    np.testing.assert_array_equal(frames[0], frames[1])


def test_fade_scales_alphas_like_fade_in_and_restores_them(low_quality):
    from manim import FadeIn, Group, Square

    from scenes.render.fades import fade_in, fade_out
    from scenes.widgets.images import digit_image

    def scene_parts():
        square = Square(fill_color="#FF0000", fill_opacity=0.8, stroke_opacity=0.5)
        return Group(square, digit_image(np.full(784, 0.5)))

    ours, manims = scene_parts(), scene_parts()
    fade, reference = fade_in(ours), FadeIn(manims)
    for anim in (fade, reference):
        anim.begin()
        anim.interpolate(0.3)
    for mine, theirs in zip(ours[:1], manims[:1]):
        np.testing.assert_allclose(mine.fill_rgbas, theirs.fill_rgbas)
        np.testing.assert_allclose(mine.stroke_rgbas, theirs.stroke_rgbas)
    assert abs(int(ours[1].pixel_array[0, 0, 3]) - int(manims[1].pixel_array[0, 0, 3])) <= 1
    fade.finish()
    assert ours[0].get_fill_opacity() == pytest.approx(0.8)
    assert (ours[1].pixel_array[..., 3] == 255).all()
    out = fade_out(ours)
    out.begin()
    out.interpolate(1.0)
    assert ours[0].get_fill_opacity() == 0 and (ours[1].pixel_array[..., 3] == 0).all()
    assert out.is_remover() and fade.is_introducer()


def test_frozen_network_draws_the_same_pixels(low_quality):
    from scenes.render.cameras import ImageCamera
    from scenes.render.freeze import freeze
    from scenes.widgets.network import NetworkDiagram

    theme = THEMES["light"]
    net = NetworkDiagram((784, 16, 16, 10), theme, output_labels=()).move_to([-1.3, 0.2, 0])
    camera = ImageCamera(background_color=theme.background)
    camera.capture_mobjects([net])
    drawn = camera.pixel_array.astype(int)
    image = freeze(net, camera)
    camera.reset()
    camera.capture_mobjects([image])
    assert np.abs(camera.pixel_array.astype(int) - drawn).max() <= 1


def test_output_bars_animate_only_bars_and_numbers():
    from scenes.widgets.network import OutputBars

    bars = OutputBars(np.zeros(10), THEMES["dark"], bar_length=2.0)
    anim = bars.values_animation(np.linspace(0, 1, 10))
    assert anim.mobject is bars.live
    assert set(bars.live.submobjects) == {bars.bars, bars.numbers}
    anim.begin()
    anim.interpolate(0.5)
    np.testing.assert_allclose(bars.values, np.linspace(0, 0.5, 10))
    for bar, track, v in zip(bars.bars, bars.tracks, bars.values):
        assert bar.width == pytest.approx(max(2.0 * v, 1e-3))
        assert bar.get_left()[0] == pytest.approx(track.get_left()[0])
        assert bar.height == pytest.approx(track.height)


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(TrainedWeightGrids, TestAccuracy, ConfidentNoise)
