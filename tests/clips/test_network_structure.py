"""NetworkStructure (clip 7) and the shared NetworkDiagram / OutputBars pieces.

The clip is built in dry-run mode; what it displays (``scene.shown``) is
compared with the trained network's own forward pass and weight shapes.
"""

from __future__ import annotations

import numpy as np
import pytest

from scenes.clips.part2_digit_network.network_structure import NetworkStructure, grey_strips
from scenes.core.digit_model import trained_digit_network
from scenes.core.params import ParamError
from scenes.core.theme import THEMES
from scenes.widgets.images import activation_hex, grey_hex
from scenes.widgets.network import NetworkDiagram, OutputBars
from tests.clips.layout import layout_test
from tests.conftest import build_scene


def network_for(params: dict):
    p = NetworkStructure.resolve_params(params)
    return p, trained_digit_network(p.data, p.seed, p.epochs)


@pytest.fixture(scope="module")
def default_scene():
    return build_scene(NetworkStructure, {})


@pytest.fixture(scope="module")
def other_scene():
    return build_scene(NetworkStructure, {"seed": 1, "epochs": 2, "image": 7, "theme": "light"})


@pytest.mark.parametrize("which", ["default_scene", "other_scene"])
def test_shown_activations_are_the_networks(which, request):
    scene = request.getfixturevalue(which)
    p, (network, _, (_, _, images, labels)) = network_for(scene._overrides)
    image = images[p.image]
    expected = network.activations(image[None, :])
    shown = scene.shown
    np.testing.assert_allclose(shown["input_values"], image[shown["input_pixels"]])
    assert len(shown["input_pixels"]) == 16
    for layer in (1, 2, 3):
        np.testing.assert_allclose(shown[f"layer{layer}_values"], expected[layer][0])
    assert shown["answer"] == int(np.argmax(expected[3][0]))
    assert shown["label"] == int(labels[p.image])
    # the outputs are bars (length = value) beside the digits; only the answer's value printed
    np.testing.assert_allclose(shown["output_values"], expected[3][0])
    np.testing.assert_allclose(shown["bar_lengths"], np.maximum(expected[3][0], 1e-3))
    assert shown["answer_text"] == f"{expected[3][0][shown['answer']]:.2f}"
    assert shown["output_labels"] == [str(d) for d in range(10)]  # digits 0 to 9, not 10
    # the labelled hidden neurons are the ones nearest mid grey, with their true values
    for layer in (1, 2):
        index, text = shown["grey_labels"][layer]
        assert index == int(np.argmin(np.abs(expected[layer][0] - 0.5)))
        assert text == f"{expected[layer][0][index]:.2f}"


def test_every_value_shown_is_a_grey_between_0_and_1(default_scene):
    values = np.concatenate(
        [default_scene.shown["input_values"]]
        + [default_scene.shown[f"layer{i}_values"] for i in (1, 2, 3)]
    )
    assert np.all((values >= 0) & (values <= 1))
    # the diagram's fills are those greys, not black-or-white
    diagram = default_scene.diagram
    fills = [c.get_fill_color().to_hex().upper() for c in diagram.layers[1]]
    assert fills == [grey_hex(v) for v in default_scene.shown["layer1_values"]]
    assert len(set(fills)) > 2
    inputs = [c.get_fill_color().to_hex().upper() for c in diagram.layers[0]]
    assert len(set(inputs)) > 2


def test_parameter_count_is_read_off_the_shapes(default_scene):
    _, (network, _, _) = network_for({})
    shown = default_scene.shown
    assert shown["weight_terms"] == [(784, 16), (16, 16), (16, 10)]
    assert shown["n_biases"] == 42
    assert sum(a * b for a, b in shown["weight_terms"]) + shown["n_biases"] == 13002
    assert shown["n_params"] == 13002
    sizes = [w.size + b.size for w, b in zip(network.weights, network.biases)]
    assert shown["n_params"] == sum(sizes)


@pytest.mark.parametrize("image", [-1, 1000, 5000])
def test_bad_image_index_is_a_param_error(image):
    with pytest.raises(ParamError, match="image"):
        NetworkStructure.prepare(NetworkStructure.resolve_params({"image": image}))


def test_grey_strips_prefer_greys_over_solid_white_and_blank():
    image = np.zeros((28, 28))
    image[5, 3:11] = 1.0  # solid white: 8 * 0.5 = 4.0
    image[9, 10:18] = 0.5  # mid grey: 8 * (1 + 0.25) = 10.0
    image[20, 0:8] = 1.0
    image[24, 12:20] = [0.2, 0.5, 0.9, 1.0, 1.0, 0.9, 0.5, 0.2]
    assert grey_strips(image.ravel()) == [(9, 10), (24, 12)]


# -- shared pieces ---------------------------------------------------------------


def test_network_diagram_elides_long_layers():
    diagram = NetworkDiagram((784, 16, 16, 10), THEMES["dark"])
    assert [len(column) for column in diagram.layers] == [16, 16, 16, 10]
    assert diagram.shown[0] == list(range(8)) + list(range(776, 784))
    assert list(diagram.braces) == [0]
    assert diagram.braces[0][1].text == "784"
    assert [t.text for t in diagram.output_labels] == [str(d) for d in range(10)]
    # one VMobject per pair of layers, one subpath per drawn edge
    assert len(diagram.edges) == 3
    assert len(diagram.edges[0].get_subpaths()) == 16 * 16
    assert len(diagram.edges[2].get_subpaths()) == 16 * 10


def test_frozen_edges_match_the_drawn_lines():
    """The edge image the clip swaps in paints the same pixels as the lines (within 1 level)."""
    from manim import tempconfig
    from manim.camera.camera import Camera

    theme = THEMES["dark"]
    with tempconfig({"quality": "low_quality"}):
        diagram = NetworkDiagram((784, 16, 16, 10), theme).shift([0.4, 0.2, 0])
        image = diagram.frozen_edges()
        frames = []
        for mobs in (list(diagram.edges), [image]):
            camera = Camera(background_color=theme.background)
            camera.capture_mobjects(mobs)
            frames.append(camera.pixel_array[..., :3].astype(int))
    assert np.abs(frames[0] - frames[1]).max() <= 1
    assert (frames[0] != frames[0][0, 0]).any()  # the lines were drawn at all


def test_clip_draws_the_edges_as_one_image_below_the_neurons(default_scene):
    order = default_scene.mobjects
    assert default_scene.edge_image in order
    assert not any(edge in order for edge in default_scene.diagram.edges)
    assert order.index(default_scene.edge_image) < order.index(default_scene.diagram.layers)
    # the neurons are drawn over everything near them
    assert order.index(default_scene.diagram.layers) > order.index(default_scene.diagram.braces[0])


def test_network_diagram_activations_and_chosen_neurons():
    shown = [100 + k for k in range(16)]
    diagram = NetworkDiagram((784, 16, 10), THEMES["light"], shown={0: shown})
    values = np.linspace(0, 1, 784)
    diagram.set_activations(0, values)
    # light theme: ink on paper, 0 white and 1 black (1 - value as a grey level)
    assert [c.get_fill_color().to_hex().upper() for c in diagram.layers[0]] == [
        grey_hex(1.0 - values[i]) for i in shown
    ]
    assert diagram.neuron(0, 105) is diagram.layers[0][5]
    with pytest.raises(KeyError):
        diagram.neuron(0, 0)
    with pytest.raises(ValueError):
        diagram.set_activations(1, np.zeros(3))
    with pytest.raises(ValueError):
        NetworkDiagram((784, 10), THEMES["dark"], shown={0: [784]})


def test_grey_hex_maps_0_to_black_and_1_to_white():
    assert grey_hex(0.0) == "#000000"
    assert grey_hex(1.0) == "#FFFFFF"
    assert grey_hex(0.5) == "#808080"
    assert grey_hex(2.0) == "#FFFFFF"


def test_output_bars_lengths_and_numbers_follow_values():
    values = np.array([0.0, 0.25, 0.5, 1.0])
    bars = OutputBars(values, THEMES["dark"], bar_length=2.0)
    widths = [bar.width for bar in bars.bars]
    np.testing.assert_allclose(widths, np.maximum(values * 2.0, 1e-3), atol=1e-6)
    np.testing.assert_allclose([n.get_value() for n in bars.numbers], values)
    for bar, track in zip(bars.bars, bars.tracks):
        assert bar.get_left()[0] == pytest.approx(track.get_left()[0])
    bars.set_values([1.0, 0.0, 0.0, 0.5])
    np.testing.assert_allclose(bars.values, [1.0, 0.0, 0.0, 0.5])
    assert bars.bars[0].width == pytest.approx(2.0)
    assert [t.text for t in bars.labels] == ["0", "1", "2", "3"]
    with pytest.raises(ValueError):
        bars.set_values([0.1, 0.2])


def test_light_theme_neurons_go_from_white_to_black():
    from scenes.core.theme import THEMES

    light, dark = THEMES["light"], THEMES["dark"]
    assert activation_hex(1.0, light) == "#000000" and activation_hex(0.0, light) == "#FFFFFF"
    assert activation_hex(0.25, dark) == grey_hex(0.25)
    assert activation_hex(0.25, light) == grey_hex(0.75)


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(NetworkStructure)
