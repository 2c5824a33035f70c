"""A tiny clip for split renders: the cases where a range of plays could start differently.

Render: ``manim -ql -r 256,144 tests/kit/split_probe.py SplitProbe`` (tests/kit/test_split.py
renders it whole and as ranges of plays, and compares every frame).
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Circle, Dot, FadeIn, Square, Text, ValueTracker, linear

from scenes.render.clip import ClipScene
from scenes.widgets.text import Captions, LiveNumber


class SplitProbe(Captions, ClipScene):
    """Beats (sections, subtitles), a dot under later-drawn text, updaters (one with dt), a
    skipped section, a still frame."""

    SUMMARY = "test clip for split renders"
    IN_DEFAULT_RENDER = False

    def construct(self) -> None:
        tracker = ValueTracker(0.0)
        mover = Dot(3 * LEFT, radius=0.3, color=self.theme.model)
        label = Text("on top", font_size=40, color=self.theme.text).move_to(RIGHT)
        number = LiveNumber(0.0, font_size=30).to_corner(UP + LEFT)
        number.add_updater(lambda m: m.set_value(tracker.get_value()))
        ring = Circle(1.0, color=self.theme.positive).set_z_index(2)
        spinner = Square(0.5, color=self.theme.highlight).to_corner(DOWN + RIGHT)
        spinner.add_updater(lambda m, dt: m.rotate(2.5 * dt))  # turns with time (dt)
        self.add(mover, label, number, spinner)
        self.beat("move", "A dot moves under a label", "The dot passes under the label.")
        self.play(mover.animate.move_to(3 * RIGHT), tracker.animate.set_value(2.0),
                  run_time=0.6, rate_func=linear)  # fmt: skip
        self.wait(0.3)  # the updater is attached: not a still frame
        self.next_section("hidden", skip_animations=True)
        self.play(FadeIn(ring), run_time=0.4)  # never in the video, but in the state
        self.beat("grow", "The ring grows", "The ring grows by half while the number climbs.")
        self.play(ring.animate.scale(1.5), tracker.animate.set_value(5.0), run_time=0.5)
        number.clear_updaters()
        spinner.clear_updaters()
        self.wait(0.4)  # a still frame
        square = Square(0.6, color=self.theme.negative).move_to(2 * DOWN + 3 * LEFT)
        self.beat("slide", "A square slides", "A square slides to the label.")
        self.play(FadeIn(square), run_time=0.3)
        self.play(square.animate.move_to(RIGHT), run_time=0.6, rate_func=linear)
