"""Clips 8 and 9 (WeightedSum, MatrixNotation): they build, and what they show is right.

Every shown number is recomputed here independently (numpy dot products, the
logistic formula written out, the network's own forward pass) and compared
with ``scene.shown``.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from nnmath.digits import load_digits
from scenes.clips.part2_digit_network.matrix_notation import MatrixNotation
from scenes.clips.part2_digit_network.weighted_sum import WeightedSum, edge_detector_weights
from scenes.core.digit_model import trained_digit_network
from scenes.core.params import ParamError
from scenes.core.theme import THEMES
from scenes.widgets.formulas import shown_terms
from tests.clips.layout import layout_test
from tests.conftest import build_scene

FAST = {"epochs": 2, "seed": 1}  # a quick training run for non-default builds
WS_OTHER = {
    **FAST,
    "image": 0,
    "bias": -4.5,
    "edge_row": 4,
    "edge_col": 6,
    "edge_width": 12,
    "edge_height": 2,
    "neuron": 3,
    "theme": "light",
}


@pytest.fixture(scope="module")
def ws_default():
    return build_scene(WeightedSum, {})


@pytest.fixture(scope="module")
def ws_other():
    return build_scene(WeightedSum, dict(WS_OTHER))


@pytest.fixture(scope="module")
def mn_default():
    return build_scene(MatrixNotation, {})


def hex_rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    return np.array([int(color[i : i + 2], 16) for i in (0, 2, 4)])


def expected_edge(row: int, col: int, width: int, height: int) -> np.ndarray:
    """The edge detector written independently: +1 bar, -1 one-pixel ring."""
    grid = np.zeros((28, 28))
    for r in range(row - 1, row + height + 1):
        for c in range(col - 1, col + width + 1):
            inside = row <= r < row + height and col <= c < col + width
            grid[r, c] = 1.0 if inside else -1.0
    return grid


def check_neuron_numbers(shown: dict, prefix: str, w: np.ndarray, b: float, a: np.ndarray):
    wa = float(np.dot(w, a))
    z = wa + b
    # the shown sum is w.a to 2 decimals, and its two shown parts add up to it exactly
    assert shown[prefix + "weighted_sum"] == f"{wa:.2f}".replace("-0.00", "0.00")
    pos, neg = Decimal(shown[prefix + "positive_part"]), Decimal(shown[prefix + "negative_part"])
    assert pos + neg == Decimal(shown[prefix + "weighted_sum"])
    assert abs(float(pos) - float(np.sum(np.clip(w * a, 0, None)))) <= 0.0100001
    assert abs(float(neg) - float(np.sum(np.clip(w * a, None, 0)))) <= 0.0100001
    # z = shown w.a + shown b, within one unit of the exact z
    assert Decimal(shown[prefix + "z"]) == Decimal(shown[prefix + "weighted_sum"]) + Decimal(
        shown[prefix + "bias"]
    )
    assert abs(float(shown[prefix + "z"]) - z) <= 0.0100001
    assert shown[prefix + "sigmoid"] == f"{1.0 / (1.0 + np.exp(-z)):.3f}"
    assert float(shown[prefix + "relu"]) == max(float(shown[prefix + "z"]), 0.0)


# -- WeightedSum -------------------------------------------------------------------
@pytest.mark.parametrize("fixture", ["ws_default", "ws_other"])
def test_weighted_sum_numbers_match_numpy(fixture, request):
    scene = request.getfixturevalue(fixture)
    p = scene.p
    _, _, test_images, _ = load_digits(p.data)
    a = test_images[p.image].astype(float)
    w = expected_edge(p.edge_row, p.edge_col, p.edge_width, p.edge_height).ravel()
    check_neuron_numbers(scene.shown, "", w, p.bias, a)
    assert scene.shown["threshold"] == f"{-p.bias:g}"


@pytest.mark.parametrize("fixture", ["ws_default", "ws_other"])
def test_trained_neuron_matches_network_forward_pass(fixture, request):
    scene = request.getfixturevalue(fixture)
    p = scene.p
    net, _, (_, _, test_images, _) = trained_digit_network(p.data, p.seed, p.epochs)
    a = test_images[p.image].astype(float)
    hidden = net.activations(a)[1][0]
    z_all = net.weights[0] @ a + net.biases[0]
    neuron = p.neuron if p.neuron >= 0 else int(np.argmin(np.abs(z_all)))
    assert scene.shown["neuron"] == neuron
    check_neuron_numbers(
        scene.shown, "trained_", net.weights[0][neuron], float(net.biases[0][neuron]), a
    )
    assert scene.shown["trained_sigmoid"] == f"{hidden[neuron]:.3f}"


@pytest.mark.parametrize("fixture", ["ws_default", "ws_other"])
def test_tally_draws_the_shown_sum_threshold_and_z(fixture, request):
    scene = request.getfixturevalue(fixture)
    shown, p = scene.shown, scene.p
    pos, neg, total, z = (
        float(shown[k]) for k in ("positive_part", "negative_part", "weighted_sum", "z")
    )
    threshold = -p.bias
    drawn = shown["tally"]  # each bar's [start, end] on the value axis, left to right
    assert drawn["bar"] == pytest.approx([0.0, pos], abs=0.01)
    assert drawn["ring"] == pytest.approx(sorted([pos + neg, pos]), abs=0.01)
    assert drawn["w·a"] == pytest.approx(sorted([0.0, total]), abs=0.01)
    assert shown["tally_threshold"] == pytest.approx(threshold, abs=1e-6)
    assert drawn["z"] == pytest.approx(sorted([threshold, total]), abs=0.01)
    assert drawn["z"][1] - drawn["z"][0] == pytest.approx(abs(z), abs=0.01)  # as the line says
    # the inputs drawn beside the neuron: 16 neighbouring pixels of one row of the bar
    run = shown["inputs_run"]
    rows = {i // 28 for i in run}
    assert len(run) == 16 and len(rows) == 1
    assert p.edge_row <= rows.pop() < p.edge_row + p.edge_height
    assert np.array_equal(np.diff(run), np.ones(15))


def test_edge_detector_is_positive_bar_with_negative_ring():
    w = edge_detector_weights(9, 15, 8, 3).reshape(28, 28)
    assert np.all(w[9:12, 15:23] == 1.0)  # the bar
    ring = np.zeros((28, 28), bool)
    ring[8:13, 14:24] = True
    ring[9:12, 15:23] = False
    assert np.all(w[ring] == -1.0) and ring.sum() == 2 * 10 + 2 * 3
    outside = np.ones((28, 28), bool)
    outside[8:13, 14:24] = False
    assert np.all(w[outside] == 0.0)
    assert np.array_equal(w, expected_edge(9, 15, 8, 3))


@pytest.mark.parametrize("fixture", ["ws_default", "ws_other"])
def test_grid_colours_positive_and_negative(fixture, request):
    scene = request.getfixturevalue(fixture)
    theme, p = THEMES[scene.p.theme], scene.p
    rgb = scene.edge_grid.pixel_array[..., :3].astype(int)
    assert rgb.shape == (28, 28, 3)
    w = expected_edge(p.edge_row, p.edge_col, p.edge_width, p.edge_height)
    assert np.all(rgb[w > 0] == hex_rgb(theme.positive))
    assert np.all(rgb[w < 0] == hex_rgb(theme.negative))
    assert np.all(rgb[w == 0] == hex_rgb(theme.background))
    # the trained grid: each pixel between background and the sign's colour, by |w| / max|w|
    net, _, _ = trained_digit_network(p.data, p.seed, p.epochs)
    tw = net.weights[0][scene.shown["neuron"]].reshape(28, 28)
    strength = (np.abs(tw) / np.abs(tw).max())[..., None]
    target = np.where((tw >= 0)[..., None], hex_rgb(theme.positive), hex_rgb(theme.negative))
    expected = hex_rgb(theme.background) * (1 - strength) + target * strength
    got = scene.trained_grid.pixel_array[..., :3].astype(float)
    assert np.abs(got - expected).max() <= 1.0


def test_shown_terms_add_up_exactly():
    rng = np.random.default_rng(0)
    for _ in range(500):
        terms = list(rng.normal(0, 20, size=rng.integers(2, 5)))
        shown, total = shown_terms(terms)
        assert sum(Decimal(f"{s:.2f}") for s in shown) == Decimal(f"{total:.2f}")
        assert total == round(sum(terms), 2)
        assert all(abs(s - t) <= 0.0100001 for s, t in zip(shown, terms))


@pytest.mark.parametrize(
    "overrides",
    [
        {"edge_row": 25, "edge_height": 3},  # ring leaves the image at the bottom
        {"edge_col": 20, "edge_width": 8},  # ... at the right
        {"bias": -10.005},  # more decimals than shown
        {"image": 1000},  # the sample has 1000 test images
    ],
)
def test_weighted_sum_bad_combinations_raise(overrides):
    with pytest.raises(ParamError):
        WeightedSum.prepare(WeightedSum.resolve_params(overrides))


@pytest.mark.parametrize(
    "overrides", [{"neuron": 16}, {"bias": 1000}, {"edge_row": 0}, {"image": -1}]
)
def test_weighted_sum_out_of_range_raise(overrides):
    with pytest.raises(ParamError):
        WeightedSum.resolve_params(overrides)


# -- MatrixNotation ----------------------------------------------------------------
def test_matrix_shapes_are_the_networks(mn_default):
    p = mn_default.p
    net, _, _ = trained_digit_network(p.data, p.seed, p.epochs)
    k, n = net.weights[0].shape
    assert (k, n) == (16, 784)
    assert mn_default.shown["shapes"] == {"W": "16 x 784", "b": "16", "a(0)": "784", "a(1)": "16"}
    assert mn_default.shown["weight_count"] == k * n
    assert mn_default.shown["symbolic_shapes"] == {"W": "k x n", "b": "k", "a(0)": "n", "a(1)": "k"}


def test_matrix_index_labels_are_zero_based(mn_default):
    shown = mn_default.shown
    assert shown["corner_label"] == "w_{k-1, n-1}"
    assert shown["last_bias_label"] == "b_{k-1}"
    assert shown["last_input_label"] == "a_{n-1}"
    assert shown["weight_labels"][0][0] == "w_{0, 0}"
    assert shown["weight_labels"][-1][-1] == shown["corner_label"]
    assert shown["weight_labels"][2] == [r"\vdots", r"\vdots", r"\ddots", r"\vdots"]
    # substituted: the last row/column index is the shape minus one
    assert shown["real_corner_label"] == "w_{15, 783}"
    assert shown["real_last_bias_label"] == "b_{15}"
    assert shown["real_last_input_label"] == "a_{783}"
    assert shown["real_weight_labels"][-1][-1] == "w_{15, 783}"
    assert "w_{0, n-1} a^{(0)}_{n-1}" in shown["row_equation"]
    assert shown["equation"].replace(" ", "") == r"a^{(1)}=\sigma(Wa^{(0)}+b)"


def test_matrix_corner_numbers_are_trained_weights(mn_default):
    p = mn_default.p
    net, _, _ = trained_digit_network(p.data, p.seed, p.epochs)
    w, b = net.weights[0], net.biases[0]
    expected = [[f"{w[r, c]:.2f}" for c in (0, 1, 783)] for r in (0, 1, 15)]
    clean = [[s.replace("-0.00", "0.00") for s in row] for row in expected]
    assert mn_default.shown["corner"] == clean
    assert mn_default.shown["bias_corner"] == [
        f"{b[r]:.2f}".replace("-0.00", "0.00") for r in (0, 1, 15)
    ]


def test_matrix_other_seed_and_output_layer():
    scene = build_scene(MatrixNotation, {**FAST, "layer": 3, "theme": "light"})
    net, _, _ = trained_digit_network("sample", 1, 2)
    k, n = net.weights[2].shape
    assert (k, n) == (10, 16)
    assert scene.shown["shapes"] == {"W": f"{k} x {n}", "b": f"{k}", "a(2)": f"{n}", "a(3)": f"{k}"}
    assert scene.shown["real_corner_label"] == f"w_{{{k - 1}, {n - 1}}}"
    assert scene.shown["real_last_bias_label"] == f"b_{{{k - 1}}}"
    assert scene.shown["equation"].replace(" ", "") == r"a^{(3)}=\sigma(Wa^{(2)}+b)"


@pytest.mark.parametrize("overrides", [{"layer": 0}, {"layer": 4}, {"epochs": -1}])
def test_matrix_bad_params_raise(overrides):
    with pytest.raises(ParamError):
        MatrixNotation.resolve_params(overrides)


# -- cheap outlines (same look, fewer outlines) -------------------------------------
def test_merge_by_style_keeps_every_point_one_outline_per_colour():
    from manim import Square, VGroup

    from scenes.render.outlines import merge_by_style

    group = VGroup(
        Square(fill_color="#FF0000", fill_opacity=1),
        Square(fill_color="#0000FF", fill_opacity=1).shift([2, 0, 0]),
        Square(fill_color="#FF0000", fill_opacity=1).shift([4, 0, 0]),
    )
    merged = merge_by_style(group)
    assert len(merged) == 2
    assert sum(len(m.points) for m in merged) == sum(len(s.points) for s in group)
    assert np.allclose(merged[0].points, np.concatenate([group[0].points, group[2].points]))
    assert merged[1].get_fill_color().to_hex().upper() == "#0000FF"


def test_cached_formula_outlines_equal_mathtex_parts(tmp_path, monkeypatch):
    from manim import MathTex, tempconfig

    import scenes.render.outlines as mn

    monkeypatch.setattr(mn, "cache_dir", lambda: tmp_path)
    monkeypatch.setattr(mn, "_TEX_OUTLINES", {})
    strings = (r"w_{0, ", "n-1", "} + b_{0}")
    with tempconfig({"media_dir": str(tmp_path / "media")}):
        real = MathTex(*strings, arg_separator="", font_size=38)
        parts = mn.tex_parts(*strings, color="#FFFFFF", arg_separator="", font_size=38)
        assert parts.tex_string == real.tex_string
        for part, outline in zip(real.submobjects, parts):
            expected = np.concatenate([g.points for g in part.family_members_with_points()])
            assert np.allclose(outline.points, expected)
        assert len(list((tmp_path / "tex_outlines").glob("*.npz"))) == 1
        mn._TEX_OUTLINES.clear()  # read back from disk: the same points
        again = mn.tex_parts(*strings, color="#FFFFFF", arg_separator="", font_size=38)
        assert all(np.array_equal(a.points, b.points) for a, b in zip(parts, again))


def test_written_equations_swap_to_outlines_of_the_same_points(ws_default, mn_default):
    # after Write, each formula is replaced by one outline per colour (same points)
    for line in (ws_default.sum_line, ws_default.bias_line, ws_default.act_line):
        assert all(len(part.family_members_with_points()) == 1 for part in line)
    # the sum line: text, the positive part, the negative part
    assert len(ws_default.sum_line) == 3
    row = mn_default.row_line
    # the final row line: the symbolic one with its last index n-1 replaced by 783
    assert row.tex_string == mn_default.shown["row_equation"].replace("n-1", "783")
    assert all(len(part.family_members_with_points()) == 1 for part in row)
    expr = mn_default.expr
    # every matrix entry and bracket is one outline
    for matrix in (expr.W, expr.a_in, expr.b):
        assert all(len(e.family_members_with_points()) == 1 for e in matrix.get_entries())
        assert len(matrix.brackets) == 2


def test_colour_outlines_keep_every_point_and_colour():
    from manim import MathTex

    tex = MathTex("a", "=", "1", "+", "2")
    tex[2].set_color("#0000FF")
    tex[4].set_color("#FF0000")
    from scenes.widgets.formulas import colour_outlines

    outlines = colour_outlines(tex)
    assert len(outlines) == 3
    assert sum(len(o.points) for o in outlines) == sum(
        len(m.points) for m in tex.family_members_with_points()
    )
    colours = sorted(o.get_fill_color().to_hex().upper() for o in outlines)
    assert "#0000FF" in colours and "#FF0000" in colours
    assert all(getattr(o, "is_formula", False) and o.latex for o in outlines)


def test_matrix_columns_are_as_wide_as_their_entries(mn_default):
    w = mn_default.expr.W
    rows = w.get_rows()
    # the column of dots is narrower than the column of w_{i, 783}
    gaps = np.diff([entry.get_x() for entry in rows[0]])
    assert gaps[2] > gaps[1]


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(WeightedSum, MatrixNotation)
