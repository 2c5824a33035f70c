"""A tiny two-beat clip for the narration tests (not registered: it lives in tests/).

Render: ``manim -ql tests/render/two_beats.py TwoBeats``
"""

from __future__ import annotations

from manim import Create, FadeIn, Square

from scenes.render.clip import ClipScene
from scenes.widgets.text import Captions, title


class TwoBeats(Captions, ClipScene):
    """Two beats with a short play each; narrated, each holds for its speech."""

    SUMMARY = "test clip: two beats"
    IN_DEFAULT_RENDER = False

    def construct(self):
        square = Square(color=self.theme.model)
        self.beat("one", "A square appears", "First beat. A square.")
        self.play(FadeIn(title("Two beats", self.theme)), Create(square), run_time=0.5)
        self.play(square.animate.shift(1.0), self.start_beat(
            "two", "It moves", "Second beat: the square moves right."), run_time=0.7)  # fmt: skip
        self.wait(0.3)
