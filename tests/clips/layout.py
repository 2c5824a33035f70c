"""The layout check as a test, beside each clip's own tests (one build serves both).

Each clip test module declares ``test_layout = layout_test(ClipA, ClipB)``: for each
clip and theme, ``python -m scenes check`` must find nothing, and every beat must
carry a headline and a narration. The dark build is the
one the module's other tests use (``build_scene`` with the defaults keeps it), so the
check costs one more build per clip (the light theme), not two.
``tests/clips/test_layout_coverage.py`` makes sure every registered clip has one.
"""

from __future__ import annotations

import pytest

from tests.conftest import build_scene

THEMES = ("dark", "light")


def layout_test(*classes: type, data: str | None = None):
    """A test function, parametrised over ``classes`` and both themes (``data="sample"``
    for clips whose default data set is the full MNIST set; their other tests build with
    the same ``{"data": "sample"}`` to share the build)."""

    @pytest.mark.parametrize("theme", THEMES)
    @pytest.mark.parametrize("cls", classes, ids=[c.__name__ for c in classes])
    def test_layout(cls: type, theme: str) -> None:
        params = {"theme": theme} if data is None else {"theme": theme, "data": data}
        scene = build_scene(cls, params)
        report = scene.layout_report
        assert report.beats > 0, f"{cls.__name__}: no beat checked"
        found = [v.line() for v in report.violations]
        assert not found, "\n".join(found[:40])
        # every beat has a one-line headline and a narration, and starts its own section
        beats = scene.beat_log
        assert beats, f"{cls.__name__}: no beat recorded"
        for note in beats:
            assert note.narration.strip() and note.headline.strip(), note
            assert len(note.headline) <= 64 and "\n" not in note.headline, note.headline
        assert report.sections == [b.name for b in beats], (report.sections, beats)
        starts = [b.start for b in beats]
        assert starts == sorted(starts) and starts[0] == 0.0

    return test_layout
