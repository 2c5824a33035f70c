"""The layout check: probe scenes that break one rule each are flagged by that rule.

Every registered clip is checked in both themes beside its own tests
(``test_layout`` in each clip test module, tests/clips/layout.py).
"""

from __future__ import annotations

import pytest
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    FadeIn,
    Line,
    MathTex,
    Square,
    Tex,
    Text,
    Transform,
    VGroup,
)

from scenes.core.params import Param
from scenes.core.theme import Size
from scenes.kit.check import check_clip, contrast, luminance
from scenes.render.clip import ClipScene
from scenes.widgets.text import Captions, caption, fade_swap, merged_text, title, with_role


class Clean(Captions, ClipScene):
    """A title, a headline and a large circle, well apart: nothing to report."""

    PARAMS = (Param("seed", int, 0, "unused", lo=0, hi=9),)

    def construct(self):
        self.add(title("A clean frame", self.theme))
        self.beat("probe", "A headline that states the idea", "The narration says it all.")
        self.body()

    def body(self):
        from manim import Create

        self.play(Create(Circle(radius=2.0, color=self.theme.model)))


class OverlappingCaptions(Clean):
    def body(self):
        self.add(Text("first caption", font_size=30), Text("second caption", font_size=30))
        self.wait(0.1)


class OffFrame(Clean):
    def body(self):
        self.add(Text("pushed off", font_size=30).to_edge(RIGHT, buff=0).shift(RIGHT * 0.5))
        self.wait(0.1)


class GreyOnGrey(Clean):
    def body(self):
        self.add(Text("grey words", font_size=30, color="#2A2D33"))
        self.wait(0.1)


class LabelOnCurve(Clean):
    def body(self):
        self.add(Text("label", font_size=30), Line(LEFT * 3, RIGHT * 3, color=self.theme.model))
        self.wait(0.1)


class TinyText(Clean):
    """Font size 22: capitals 2.8% of the frame height, under the 3% minimum."""

    def body(self):
        self.add(Text("small words", font_size=22))
        self.wait(0.1)


class TinyTick(Clean):
    """A tick label at font size 14 (capitals 1.8%), under the ticks' 2%."""

    def body(self):
        self.add(with_role(Text("10", font_size=14), "tick").shift(DOWN))
        self.wait(0.1)


class LongCaption(Clean):
    """An 85-character headline: shrunk to fit one line, so too long, and too small."""

    def body(self):
        self.beat("long", "A headline that goes on and on about everything the picture "
                  "shows, and then some more", "Narration.")  # fmt: skip


class MutedCaption(Clean):
    """A hand-made caption in the muted colour at the bottom edge."""

    def body(self):
        from scenes.core.layout import CAPTION_BAND

        note = merged_text("a grey caption", self.theme.muted, Size.CAPTION)
        self.remove(self.caption_mob)
        self.add(note.move_to(CAPTION_BAND.center))
        self.wait(0.1)


class SevenNumbers(Clean):
    """Seven numbers on screen (a column that should be bars)."""

    def body(self):
        column = VGroup(*(merged_text(f"{k}.5", self.theme.text, Size.READOUT)
                          for k in range(7))).arrange(DOWN, buff=0.1)  # fmt: skip
        self.add(column.shift(RIGHT * 4.5))
        self.wait(0.1)


class SixNumbersAndTicks(Clean):
    """Six numbers, a title with a digit and axes with ticks: within the rule."""

    def construct(self):
        self.add(title("Clip 7 of 25", self.theme))
        self.beat("probe", "A headline that states the idea", "The narration says it all.")
        self.body()

    def body(self):
        from scenes.widgets.plots import make_axes

        axes = make_axes(self.theme, (0, 10, 1), (0, 5, 1), x_length=7, y_length=4)
        row = VGroup(*(merged_text(f"{k}", self.theme.text, Size.READOUT)
                       for k in range(6))).arrange(RIGHT, buff=0.4)  # fmt: skip
        self.add(axes.shift(LEFT * 2.5), row.shift(RIGHT * 4.5 + UP * 2))
        self.wait(0.1)


class AllowedNumbers(SevenNumbers):
    NUMBERS_ALLOW = {"probe": 7}  # the probe's own digits are its point


class LatexWords(Clean):
    """Words set by LaTeX outside a formula."""

    def body(self):
        self.add(Tex("words in LaTeX", font_size=40).shift(UP * 2.5))
        self.wait(0.1)


class RegisteredFormula(Clean):
    """A displayed formula, registered: LaTeX is allowed there."""

    def body(self):
        from scenes.widgets.formulas import formula

        self.add(formula(MathTex(r"y = \max(0, w x + b)", font_size=48)).shift(UP * 2.5))
        self.wait(0.1)


class MorphedText(Clean):
    """One string morphing into another (glyph debris on screen)."""

    def body(self):
        old = merged_text("depth 4", self.theme.text, Size.READOUT).shift(UP * 2.5)
        self.add(old)
        self.play(Transform(old, merged_text("depth 6", self.theme.text, Size.READOUT)
                            .shift(UP * 2.5)))  # fmt: skip


class FadedText(Clean):
    """The same change by fading: allowed."""

    def body(self):
        old = merged_text("depth 4", self.theme.text, Size.READOUT).shift(UP * 2.5)
        self.add(old)
        self.play(fade_swap(old, merged_text("depth 6", self.theme.text, Size.READOUT),
                            move=True))  # fmt: skip


class LongTail(Clean):
    """Eight seconds of nothing at the end (limit: 0.3 s a word on screen + 2 s)."""

    def body(self):
        super().body()
        self.wait(8.0)


class LoneDot(Clean):
    """After the first beat, a lone dot for 3 s: the frame is nearly empty."""

    def body(self):
        from manim import Dot, FadeOut

        circle = Circle(radius=2.0, color=self.theme.model)
        self.add(circle)
        self.beat("second", "Only a dot is left on the screen", "Narration.")
        self.play(FadeOut(circle))
        self.add(Dot(color=self.theme.highlight))
        self.wait(3.0)


class NoBeat(ClipScene):
    """Plays without a beat: no headline, no narration."""

    PARAMS = Clean.PARAMS

    def construct(self):
        self.play(FadeIn(Circle(radius=2.0, color=self.theme.model)))


class SilentBeat(Clean):
    """A beat whose narration is empty."""

    def body(self):
        self.beat("silent", "A headline with nothing said", "  ")


class DarkFill(Clean):
    def body(self):
        self.add(Square(fill_color="#1C1E24", fill_opacity=1, stroke_width=0).shift(UP))
        self.add(Square(fill_color="#1C1E24", fill_opacity=1, stroke_color="#F2F2F2").shift(DOWN))
        self.wait(0.1)


def rules(report) -> set[str]:
    return {v.rule for v in report.violations}


def test_a_clean_scene_passes_in_both_themes():
    for theme in ("dark", "light"):
        report = check_clip(Clean, {}, theme)
        assert report.beats == 2 and not report.violations, [v.line() for v in report.violations]


@pytest.mark.parametrize(
    "probe, rule",
    [
        (OverlappingCaptions, "overlap"),
        (OffFrame, "frame"),
        (GreyOnGrey, "contrast"),
        (LabelOnCurve, "line"),
        (TinyText, "size"),
        (TinyTick, "size"),
        (MutedCaption, "caption"),
        (SevenNumbers, "numbers"),
        (LatexWords, "font"),
        (MorphedText, "morph"),
        (LongTail, "tail"),
        (LoneDot, "visual"),
        (NoBeat, "beat"),
        (SilentBeat, "beat"),
    ],
)
def test_each_probe_is_flagged_by_its_rule(probe, rule):
    report = check_clip(probe, {}, "dark")
    assert rules(report) == {rule}, [v.line() for v in report.violations]
    assert all(v.section for v in report.violations)


@pytest.mark.parametrize(
    "probe", [SixNumbersAndTicks, AllowedNumbers, RegisteredFormula, FadedText], ids=str
)
def test_each_rule_has_a_probe_that_passes(probe):
    report = check_clip(probe, {}, "dark")
    assert not report.violations, [v.line() for v in report.violations]


def test_a_long_headline_breaks_the_caption_rule_twice():
    report = check_clip(LongCaption, {}, "dark")
    what = [v.what for v in report.violations if v.rule == "caption"]
    assert any("85 characters" in w for w in what) and any("font size" in w for w in what)
    assert rules(report) == {"caption", "size"}


def test_the_probes_name_the_beat_and_play_they_fail_at():
    report = check_clip(LongTail, {}, "dark")
    (tail,) = report.violations
    assert tail.rule == "tail" and tail.section == "probe"
    assert tail.measured == pytest.approx(8.0) and tail.limit < 8.0


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

    def body(self):
        label = caption("hidden words", self.theme).move_to([0, 0, 0])
        label.add_background_rectangle(color=self.theme.background, opacity=1.0)
        self.add(label)
        self.wait(0.1)


class PlatedOnCurve(Clean):
    """widgets.text.plated: a label on an opaque plate above a curve is fine."""

    def body(self):
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


def test_load_clip_by_path_with_dataclasses():
    """``path.py:Clip`` loads a clip module that defines dataclasses (they look their
    module up by name while the class is made)."""
    from scenes.kit.check import load_clip

    cls = load_clip("scenes/clips/part1_curve_fitting/relu.py:ReluNeuron")
    assert cls.__name__ == "ReluNeuron" and cls.__module__ == "_checked_relu"
