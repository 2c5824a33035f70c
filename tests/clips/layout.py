"""The layout check as a test, beside each clip's own tests (one build serves both).

Each clip test module declares ``test_layout = layout_test(ClipA, ClipB)``: for each
clip and theme, ``python -m scenes check`` must find nothing. The dark build is the
one the module's other tests use (``build_scene`` with the defaults keeps it), so the
check costs one more build per clip (the light theme), not two.
``tests/clips/test_layout_coverage.py`` makes sure every registered clip has one.
"""

from __future__ import annotations

import pytest

from tests.conftest import build_scene

THEMES = ("dark", "light")


def layout_test(*classes: type):
    """A test function, parametrised over ``classes`` and both themes."""

    @pytest.mark.parametrize("theme", THEMES)
    @pytest.mark.parametrize("cls", classes, ids=[c.__name__ for c in classes])
    def test_layout(cls: type, theme: str) -> None:
        report = build_scene(cls, {"theme": theme}).layout_report
        assert report.beats > 0, f"{cls.__name__}: no beat checked"
        found = [v.line() for v in report.violations]
        assert not found, "\n".join(found[:40])

    return test_layout
