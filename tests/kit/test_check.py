"""The layout check: probe scenes that break one rule each are flagged by that rule.

Every registered clip is checked in both themes beside its own tests
(``test_layout`` in each clip test module, tests/clips/layout.py).
"""

from __future__ import annotations

import pytest
from manim import DOWN, LEFT, RIGHT, UP, Circle, Line, Square, Text

from scenes.core.params import Param
from scenes.kit.check import check_clip, contrast, luminance
from scenes.render.clip import ClipScene
from scenes.widgets.text import caption, title


class Clean(ClipScene):
    """A title, a caption and a circle, well apart: nothing to report."""

    PARAMS = (Param("seed", int, 0, "unused", lo=0, hi=9),)

    def construct(self):
        self.add(title("A clean frame", self.theme), caption("a caption", self.theme))
        self.play(self.wait_anim())

    def wait_anim(self):
        from manim import Create

        return Create(Circle(radius=1.0, color=self.theme.model))


class OverlappingCaptions(Clean):
    def construct(self):
        self.add(Text("first caption", font_size=30), Text("second caption", font_size=30))
        self.wait(0.1)


class OffFrame(Clean):
    def construct(self):
        self.add(Text("pushed off", font_size=30).to_edge(RIGHT, buff=0).shift(RIGHT * 0.5))
        self.wait(0.1)


class GreyOnGrey(Clean):
    def construct(self):
        self.add(Text("grey words", font_size=30, color="#2A2D33"))
        self.wait(0.1)


class LabelOnCurve(Clean):
    def construct(self):
        self.add(Text("label", font_size=30), Line(LEFT * 3, RIGHT * 3, color=self.theme.model))
        self.wait(0.1)


class TinyText(Clean):
    def construct(self):
        self.add(Text("tiny", font_size=8))
        self.wait(0.1)


class DarkFill(Clean):
    def construct(self):
        self.add(Square(fill_color="#1C1E24", fill_opacity=1, stroke_width=0).shift(UP))
        self.add(Square(fill_color="#1C1E24", fill_opacity=1, stroke_color="#F2F2F2").shift(DOWN))
        self.wait(0.1)


def rules(report) -> set[str]:
    return {v.rule for v in report.violations}


def test_a_clean_scene_passes_in_both_themes():
    for theme in ("dark", "light"):
        report = check_clip(Clean, {}, theme)
        assert report.beats == 1 and not report.violations, [v.line() for v in report.violations]


@pytest.mark.parametrize(
    "probe, rule",
    [
        (OverlappingCaptions, "overlap"),
        (OffFrame, "frame"),
        (GreyOnGrey, "contrast"),
        (LabelOnCurve, "line"),
        (TinyText, "size"),
    ],
)
def test_each_probe_is_flagged_by_its_rule(probe, rule):
    report = check_clip(probe, {}, "dark")
    assert rules(report) == {rule}, [v.line() for v in report.violations]
    assert all(v.section and v.play == 1 for v in report.violations)


def test_a_filled_shape_needs_contrast_or_an_outline():
    report = check_clip(DarkFill, {}, "dark")
    lines = [v.line() for v in report.violations]
    assert len(report.violations) == 1 and "filled Square" in lines[0], lines


def test_contrast_matches_the_wcag_reference_values():
    assert contrast((0, 0, 0), (1, 1, 1)) == pytest.approx(21.0)
    assert contrast((1, 1, 1), (1, 1, 1)) == pytest.approx(1.0)
    # WCAG's worked figure: #767676 on white is 4.54:1
    grey = 0x76 / 255
    assert contrast((grey,) * 3, (1, 1, 1)) == pytest.approx(4.54, abs=0.01)
    assert luminance((1, 0, 0)) == pytest.approx(0.2126)


class PlateOnTop(Clean):
    """A merged caption with add_background_rectangle: the plate is drawn over the text."""

    def construct(self):
        label = caption("hidden words", self.theme).move_to([0, 0, 0])
        label.add_background_rectangle(color=self.theme.background, opacity=1.0)
        self.add(label)
        self.wait(0.1)


class PlatedOnCurve(Clean):
    """widgets.text.plated: a label on an opaque plate above a curve is fine."""

    def construct(self):
        from scenes.widgets.text import plated

        curve = Line(LEFT * 3, RIGHT * 3, color=self.theme.model)
        self.add(curve, plated(Text("label", font_size=30), self.theme))
        self.wait(0.1)


def test_text_under_an_opaque_plate_is_flagged_and_a_plate_below_is_fine():
    hidden = check_clip(PlateOnTop, {}, "dark")
    assert [v.rule for v in hidden.violations] == ["overlap"]
    assert "hidden under BackgroundRectangle" in hidden.violations[0].what
    fine = check_clip(PlatedOnCurve, {}, "dark")
    assert not fine.violations, [v.line() for v in fine.violations]
