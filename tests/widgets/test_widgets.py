"""Shared drawing pieces checked against Manim's own rendering of the same thing."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DOWN, LEFT, ORIGIN, RIGHT, UP, Text

from scenes.core.theme import FONT
from scenes.widgets.text import LiveNumber


def ink_box(mob) -> np.ndarray:
    """[[x0, y0], [x1, y1]] of the drawn outlines (the invisible marker left out)."""
    pts = np.concatenate(
        [m.points for m in mob.family_members_with_points() if m.get_fill_opacity() > 0]
    )
    return np.array([pts.min(axis=0)[:2], pts.max(axis=0)[:2]])


@pytest.mark.parametrize(
    "value, kwargs, text",
    [
        (-1234.5678, {"num_decimal_places": 4}, "\u22121234.5678"),
        (90.94, {"num_decimal_places": 1, "unit": "%"}, "90.9%"),
        (1234567, {"num_decimal_places": 0, "group_with_commas": True}, "1,234,567"),
        (0.25, {"include_sign": True}, "+0.25"),
    ],
)
def test_live_number_matches_pango_layout(value, kwargs, text):
    """Same glyphs, same spacing as Text of the same string (Pango's layout)."""
    number = LiveNumber(value, font_size=48, **kwargs)
    reference = Text(text, font=FONT, font_size=48)
    got, want = ink_box(number), ink_box(reference)
    assert number.number == pytest.approx(value)
    assert len(number.family_members_with_points()) - 1 == len(reference.submobjects)
    np.testing.assert_allclose(got[1] - got[0], want[1] - want[0], atol=0.01)
    # glyph by glyph, relative to the first one's left end
    lefts = [m.get_left()[0] for m in number.slots if m.has_points()]
    ref_lefts = [m.get_left()[0] for m in reference.submobjects]
    np.testing.assert_allclose(
        np.array(lefts) - lefts[0], np.array(ref_lefts) - ref_lefts[0], atol=0.01
    )


def test_live_number_no_negative_zero():
    assert LiveNumber(-0.0001, num_decimal_places=2)._format(-0.0001) == "0.00"


@pytest.mark.parametrize("edge, index", [(LEFT, 0), (RIGHT, 1)])
def test_live_number_keeps_its_anchor_edge_through_transforms(edge, index):
    number = LiveNumber(5, num_decimal_places=0, font_size=30, edge=edge)
    number.shift(2 * RIGHT + UP)
    number.scale(2)
    before = ink_box(number)[index][0]
    height = ink_box(number)[1][1] - ink_box(number)[0][1]
    number.set_value(123456)
    after = ink_box(number)
    assert after[index][0] == pytest.approx(before, abs=0.03)
    assert after[1][1] - after[0][1] == pytest.approx(height, rel=0.05)  # scale kept
    assert after[1][0] - after[0][0] > 4 * height  # six digits now, not one


def test_live_number_centre_anchor_and_shrinking():
    number = LiveNumber(123456, num_decimal_places=0, edge=ORIGIN).move_to([1.0, 0.0, 0.0])
    centre = ink_box(number).mean(axis=0)[0]
    number.set_value(7)
    box = ink_box(number)
    assert box.mean(axis=0)[0] == pytest.approx(centre, abs=0.03)
    assert len(number.family_members_with_points()) == 2  # marker + one digit


def test_live_number_copies_are_independent():
    a = LiveNumber(1.5)
    b = a.copy().shift(3 * RIGHT)
    b.set_value(-2.25)
    assert a.number == 1.5 and b.number == -2.25
    assert ink_box(b)[0][0] > ink_box(a)[1][0]


def test_live_number_count_to_interpolates():
    number = LiveNumber(10.0)
    anim = number.count_to(20.0)
    anim.begin()
    anim.interpolate(0.5)
    assert number.number == pytest.approx(15.0)


def _pixels(mob) -> np.ndarray:
    from manim import Camera

    camera = Camera(pixel_width=640, pixel_height=360)
    camera.capture_mobjects([mob])
    return camera.pixel_array.astype(int)


def test_merged_caption_looks_like_the_text():
    from manim import config

    from scenes.core.theme import THEMES
    from scenes.render.outlines import MergedOutlines
    from scenes.widgets.text import caption, fit_within

    theme = THEMES["dark"]
    words = "Squares make every error count, and big errors count most."
    merged = caption(words, theme)
    assert isinstance(merged, MergedOutlines) and merged.original_text == words
    text = Text(words, font_size=28, color=theme.text, font=FONT)
    fit_within(text, config.frame_width - 1.0)
    text.move_to([0, (-4 + 0.2844 - 3.2) / 2, 0])  # what caption() does, without the merge
    a, b = _pixels(merged), _pixels(text)
    assert np.count_nonzero(a) > 1000  # something is drawn
    differ = np.any(a != b, axis=2)
    assert differ.mean() < 0.002  # anti-aliasing where glyph boxes touch, nothing more
    assert merged.width < config.frame_width


def test_merge_outlines_keeps_mixed_styles_apart():
    from scenes.render.outlines import merge_outlines

    mixed = Text("ab", t2c={"a": "#E69F00"})
    assert merge_outlines(mixed) is mixed


def test_merged_text_from_the_disk_cache_is_the_same_outline(tmp_path, monkeypatch):
    """Second build reads the .npy: same points, same style, same pixels as the first."""
    from scenes.widgets import text as shared

    monkeypatch.setenv("NNFIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(shared, "_TEXT_OUTLINES", {})
    words = "A caption, built twice: the second time from the cache."
    first = shared.merged_text(words, "#56B4E9", 26, line_spacing=0.8)
    files = list((tmp_path / "text").glob("*.npy"))
    assert len(files) == 1
    shared._TEXT_OUTLINES.clear()  # a new process: only the file remains
    second = shared.merged_text(words, "#56B4E9", 26, line_spacing=0.8)
    np.testing.assert_array_equal(first.points, second.points)
    np.testing.assert_array_equal(first.get_fill_rgbas(), second.get_fill_rgbas())
    assert second.get_stroke_width() == first.get_stroke_width() == 0
    assert np.array_equal(_pixels(first), _pixels(second))
    other = shared.merged_text(words, "#E69F00", 30, line_spacing=0.8)  # new size: new file
    assert len(list((tmp_path / "text").glob("*.npy"))) == 2
    assert other.width > first.width


def test_merged_text_rebuilds_a_damaged_cache_file(tmp_path, monkeypatch):
    from scenes.widgets import text as shared

    monkeypatch.setenv("NNFIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(shared, "_TEXT_OUTLINES", {})
    good = shared.merged_text("damaged", "#FFFFFF", 30)
    (path,) = (tmp_path / "text").glob("*.npy")
    path.write_bytes(b"not an array")
    shared._TEXT_OUTLINES.clear()
    again = shared.merged_text("damaged", "#FFFFFF", 30)
    np.testing.assert_array_equal(good.points, again.points)
    assert np.load(path).shape == good.points.shape  # rewritten


def test_screen_map_matches_c2p():
    from scenes.core.theme import THEMES
    from scenes.widgets.plots import make_axes, screen_map

    axes = make_axes(THEMES["dark"], (-1.0, 4.0, 1.0), (-2.0, 3.0, 1.0), numbers=False)
    origin, ex, ey = screen_map(axes)
    rng = np.random.default_rng(0)
    for x, y in rng.uniform(-1, 4, (20, 2)):
        np.testing.assert_allclose(origin + x * ex + y * ey, axes.c2p(x, y), atol=1e-12)


def test_caption_is_one_line_in_the_caption_band_and_text_colour():
    from scenes.core.layout import CAPTION_BAND
    from scenes.core.theme import THEMES, Size
    from scenes.kit.check import text_colour
    from scenes.widgets.text import caption, font_size_of

    theme = THEMES["light"]
    mob = caption("Squares make every error count, big ones most", theme)
    assert font_size_of(mob) == pytest.approx(Size.CAPTION)
    corners = [*mob.get_corner(DOWN + LEFT)[:2], *mob.get_corner(UP + RIGHT)[:2]]
    assert CAPTION_BAND.contains(corners)
    assert np.allclose(text_colour(mob, (1, 1, 1)), [0x1A / 255] * 3, atol=1e-3)
    assert mob.text_role == "caption"


def test_font_size_of_follows_scaling():
    from scenes.core.theme import THEMES
    from scenes.widgets.text import font_size_of, merged_text

    mob = merged_text("scaled words", THEMES["dark"].text, 30)
    number = LiveNumber(3.14, font_size=30)
    for m in (mob, number, Text("plain", font_size=30, font=FONT)):
        assert font_size_of(m) == pytest.approx(30)
        m.scale(0.5)
        assert font_size_of(m) == pytest.approx(15)


def test_bars_are_to_scale_and_show_their_values():
    from scenes.core.theme import THEMES
    from scenes.widgets.plots import Bars

    t = THEMES["dark"]
    values = [98.0, 49.0, 24.5, 0.0]
    bars = Bars(t, values, ["a", "b", "c", "d"], [t.model, t.model, t.compare, t.compare],
                height=4.0, decimals=1, unit="%")  # fmt: skip
    heights = [b.height for b in bars.bars]
    assert heights[0] == pytest.approx(4.0)
    assert heights[1] / heights[0] == pytest.approx(0.5)
    assert heights[2] / heights[0] == pytest.approx(0.25)
    assert heights[3] < 1e-3
    assert [n.get_value() for n in bars.numbers] == values
    base = bars.baseline.get_center()[1]
    assert all(b.get_bottom()[1] == pytest.approx(base) for b in bars.bars)
    assert all(n.get_bottom()[1] > b.get_top()[1] for n, b in zip(bars.numbers, bars.bars))
    bars.scale(0.5).set_values([10.0, 20.0, 40.0, 98.0])  # to scale after scaling
    assert bars.bars[3].height == pytest.approx(2.0)
    grouped = Bars(t, [[1, 2], [3, 4]], ["x", "y"], [t.model, t.compare])
    assert len(grouped.bars) == 4 and len(grouped.names) == 2
    assert grouped.bars[0].get_fill_color().to_hex() == grouped.bars[2].get_fill_color().to_hex()
    with pytest.raises(ValueError):
        Bars(t, [1, 2, 3], ["one", "two"], [t.model] * 3)


def test_legend_rows_and_fade_swap():
    from manim import FadeIn, Succession

    from scenes.core.theme import THEMES, Size
    from scenes.widgets.text import fade_swap, font_size_of, legend, merged_text

    t = THEMES["dark"]
    rows = legend([(t.model, "fit"), (t.compare, "other", "dashed"), (t.data, "data", "dot")], t)
    assert len(rows) == 3
    assert rows[0].get_top()[1] > rows[1].get_top()[1] > rows[2].get_top()[1]
    assert all(font_size_of(r[1]) == pytest.approx(Size.READOUT) for r in rows)
    across = legend([(t.model, "fit"), (t.compare, "other")], t, direction=RIGHT)
    assert across[0].get_right()[0] < across[1].get_left()[0]
    old = merged_text("depth 4", t.text, 26).shift(UP)
    new = merged_text("depth 6", t.text, 26)
    swap = fade_swap(old, new, move=True)
    assert isinstance(swap, Succession) and np.allclose(new.get_center(), old.get_center())
    assert isinstance(fade_swap(None, new), FadeIn)


@pytest.mark.parametrize("log", [False, True])
def test_loss_curve_points_are_the_axes_points(log):
    """show_upto's vectorised map puts every vertex where axes.c2p would."""
    from scenes.core.theme import THEMES
    from scenes.widgets.plots import LossCurve

    steps = np.arange(0, 50, 5.0)
    losses = 3.0 * np.exp(-steps / 12) + 0.01
    curve = LossCurve(THEMES["dark"], steps, losses, log=log)
    curve.show_upto(6)
    ys = np.clip(curve._transform(losses[:7]), curve.y_lo, curve.y_hi)
    want = np.array([curve.axes.c2p(x, y) for x, y in zip(steps[:7], ys)])
    corners = curve.curve.get_anchors()
    for point in want:  # every data point is a corner of the drawn polyline
        assert np.min(np.linalg.norm(corners - point, axis=1)) < 1e-9


def test_square_corner_points_match_square_corners_through_c2p():
    from scenes.clips.part1_curve_fitting.regression import X_HI, LeastSquaresLine, square_corners
    from scenes.core.theme import THEMES
    from scenes.widgets.plots import make_axes, screen_map

    axes = make_axes(THEMES["dark"], (-5, 5, 1), (-4, 6, 1), numbers=False)
    rng = np.random.default_rng(2)
    x = rng.uniform(-5, X_HI, 12)
    y, fit = rng.uniform(-4, 6, 12), rng.uniform(-4, 6, 12)
    got = LeastSquaresLine.square_corner_points(x, y, fit, *screen_map(axes))
    for k in range(12):
        want = [axes.c2p(cx, cy) for cx, cy in square_corners(x[k], y[k], fit[k], X_HI)]
        np.testing.assert_allclose(got[k], want, atol=1e-12)


def test_digit_images_are_ink_on_paper_in_the_light_theme():
    from scenes.core.theme import THEMES
    from scenes.widgets.images import activation_hex, digit_image

    pixels = np.linspace(0, 1, 784)
    for name in ("dark", "light"):
        theme = THEMES[name]
        rgb = digit_image(pixels, theme=theme).pixel_array[..., :3].reshape(784, 3)
        # each pixel is the grey its input neuron is filled with
        expected = [activation_hex(v, theme) for v in pixels]
        got = ["#{:02X}{:02X}{:02X}".format(*px) for px in rgb]
        assert got == expected, name
    plain = digit_image(pixels).pixel_array[..., 0].ravel()
    assert plain[0] == 0 and plain[-1] == 255  # no theme: 0 black, 1 white


def test_placement_keeps_a_label_off_a_curve_and_other_labels():
    from manim import DOWN, RIGHT, UP, Square

    from scenes.widgets.placement import box, boxes_meet, covered, densify, is_clear, place

    # a horizontal curve through y = 0 from x = -3 to 3, sampled densely
    curve = densify([np.array([[-3.0, 0, 0], [3.0, 0, 0]])])
    assert len(curve) >= 6 / 0.05 and np.allclose(curve[:, 1], 0)
    label = Square(0.4)
    placed: list[np.ndarray] = []
    # on the curve (ORIGIN), above it or below it: above is clear and near
    place(label, [(np.zeros(3), ORIGIN), (np.zeros(3), UP), (np.zeros(3) + DOWN, DOWN)],
          curve, placed, near=np.array([0.0, 0.3, 0]))  # fmt: skip
    assert label.get_center()[1] > 0.2 and is_clear(label, curve)
    assert covered(box(label), curve) == 0 and len(placed) == 1
    # a second label asked for the same spot goes elsewhere: the boxes do not meet
    other = Square(0.4)
    place(other, [(np.zeros(3), UP), (np.array([2.0, 0, 0]), UP), (np.zeros(3), RIGHT)],
          curve, placed, near=np.array([0.0, 0.3, 0]))  # fmt: skip
    assert not boxes_meet(placed[0], placed[1])


def test_weight_tiles_paint_each_grid_from_its_weights():
    from scenes.core.theme import THEMES
    from scenes.widgets.images import diverging_rgb
    from scenes.widgets.tiles import WeightTiles

    t = THEMES["dark"]
    tiles = WeightTiles(6, t, width=6.0, height=3.0, cols=3)
    assert len(tiles.images) == len(tiles.frames) == 6
    assert tiles.width <= 6.0 + 1e-9 and tiles.height <= 3.0 + 1e-9
    rng = np.random.default_rng(0)
    weights = rng.normal(size=(6, 784))
    tiles.paint(weights)  # each tile on its own largest |w|
    for image, w in zip(tiles.images, weights):
        expected = diverging_rgb(w.reshape(28, 28) / np.abs(w).max(), t, 1.0)
        assert np.array_equal(image.pixel_array[..., :3], expected)
    tiles.paint(np.zeros((6, 784)))  # zero weights are the background everywhere
    assert np.array_equal(tiles.images[0].pixel_array[..., :3],
                          diverging_rgb(np.zeros((28, 28)), t, 1.0))  # fmt: skip
