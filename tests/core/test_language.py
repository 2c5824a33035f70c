"""The visual language's constants: colour roles, the four text sizes, the layout grid.

Measured against Manim's own text (DejaVu Sans) and the WCAG contrast formula, not
against the constants themselves.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

from scenes.core.layout import CAPTION_BAND, MAIN, MAIN_LEFT, MARGIN, REGIONS, SIDE, TITLE_BAND
from scenes.core.theme import (
    CAP_HEIGHT_PER_SIZE,
    MIN_CAP_READ,
    MIN_CAP_TICK,
    OKABE_ITO,
    ROLES,
    THEMES,
    Size,
)
from scenes.kit.check import contrast

CLIPS = Path(__file__).resolve().parents[2] / "scenes" / "clips"
FRAME_W, FRAME_H = 14.0 + 2 / 9, 8.0


def rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


# -- colours -------------------------------------------------------------------------
@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_every_role_is_a_colour_that_reads_on_the_background(theme):
    for role in ROLES:
        colour = getattr(theme, role)
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", colour), (role, colour)
        # a mark in any role stands out from the background (WCAG's 3:1 for graphics)
        assert contrast(rgb(colour), rgb(theme.background)) >= 3.0, role


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_each_role_has_its_own_meaning(theme):
    # highlight is "look here now", never "wrong" (the light theme used to share them)
    assert theme.highlight not in (theme.wrong, theme.correct, theme.model, theme.compare)
    assert theme.correct != theme.wrong
    assert theme.model != theme.compare
    assert theme.positive != theme.negative
    assert theme.data == theme.text  # the data in the text colour (DESIGN.md rule 7)
    assert theme.positive == theme.model and theme.negative == theme.compare


def test_the_palette_is_okabe_ito_in_both_themes():
    palette = set(OKABE_ITO.values())
    for theme in THEMES.values():
        for role in ("positive", "negative", "model", "compare", "correct", "wrong"):
            assert getattr(theme, role) in palette, (theme.name, role)


def _manim_colour_names() -> set[str]:
    from manim.utils.color import manim_colors

    return {name for name in dir(manim_colors) if name.isupper()}


#: Manim's colour constants and palette names: clips name colours by role only.
_COLOUR_NAMES = _manim_colour_names() | {"OKABE_ITO", "ManimColor", "color_gradient"}


def colour_words(source: str) -> list[str]:
    """Colour constants, palette names and hex strings in Python source (comments aside)."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME and token.string in _COLOUR_NAMES:
            found.append(token.string)
        elif token.type == tokenize.STRING:
            found += re.findall(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b", token.string)
            found += [w for w in OKABE_ITO if re.search(rf"['\"]{w}['\"]", token.string)]
    return found


def test_the_scan_finds_palette_names_and_hex_strings():
    bad = 'from manim import YELLOW\nc = OKABE_ITO["orange"]\nd = "#E69F00"  # "#123456"\n'
    assert colour_words(bad) == ["YELLOW", "OKABE_ITO", "orange", "#E69F00"]
    assert colour_words("c = self.theme.highlight  # YELLOW in the dark theme\n") == []


@pytest.mark.parametrize("path", sorted(CLIPS.glob("*.py")), ids=lambda p: p.name)
def test_clips_use_colour_roles_only(path):
    assert colour_words(path.read_text()) == [], path.name


# -- text sizes ----------------------------------------------------------------------
def capital_fraction(font_size: float) -> float:
    from manim import Text

    return Text("H", font="DejaVu Sans", font_size=font_size).height / FRAME_H


def test_the_capital_height_constant_matches_dejavu_sans():
    for size in (16, 22, 28, 40):
        assert capital_fraction(size) == pytest.approx(size * CAP_HEIGHT_PER_SIZE, rel=0.01)


def test_the_four_sizes_meet_rule_3():
    for size in (Size.TITLE, Size.CAPTION, Size.READOUT):
        assert capital_fraction(size) >= MIN_CAP_READ
    assert capital_fraction(Size.TICK) >= MIN_CAP_TICK
    assert Size.TITLE > Size.CAPTION >= Size.READOUT > Size.TICK


def test_a_60_character_headline_fits_one_line_at_the_caption_size():
    from manim import Text

    for line in (
        "Every line through the mean point has signed errors summing 0",
        "The squared-error line swings; the absolute-error line stays",
        "Trained weights look like noise with loose blobs and strokes",
    ):
        assert len(line) >= 60
        width = Text(line, font="DejaVu Sans", font_size=Size.CAPTION).width
        assert width <= CAPTION_BAND.width, (line, width)


# -- the layout grid -----------------------------------------------------------------
def test_regions_lie_inside_the_frame_margins():
    for region in REGIONS.values():
        half_w, half_h = FRAME_W / 2 - MARGIN + 1e-9, FRAME_H / 2 - MARGIN + 1e-9
        assert -half_w <= region.x0 < region.x1 <= half_w
        assert -half_h <= region.y0 < region.y1 <= half_h


def test_the_main_region_meets_rule_1_and_the_side_panel_its_limit():
    assert MAIN_LEFT.width >= 0.6 * FRAME_W
    assert MAIN.width >= 0.6 * FRAME_W and MAIN.height >= 0.7 * FRAME_H
    assert SIDE.width <= 0.35 * FRAME_W
    assert MAIN_LEFT.x1 < SIDE.x0  # side by side, not overlapping
    # the bands do not overlap the visual
    assert TITLE_BAND.y0 > MAIN.y1 and CAPTION_BAND.y1 < MAIN.y0


def test_fit_fills_a_region_and_keeps_the_aspect():
    from manim import Rectangle

    box = MAIN_LEFT.fit(Rectangle(width=4.0, height=1.0))
    assert box.width == pytest.approx(MAIN_LEFT.width)
    assert box.height == pytest.approx(MAIN_LEFT.width / 4)
    assert box.get_center() == pytest.approx(MAIN_LEFT.center)
    small = SIDE.fit(Rectangle(width=0.5, height=0.5), grow=False)
    assert small.width == pytest.approx(0.5)
