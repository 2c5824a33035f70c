"""``python -m scenes check`` on every registered clip, dark theme (tests/clips/layout.py)."""

from tests.clips.layout import check_all_clips


def test_every_clip_passes_the_layout_check_in_the_dark_theme():
    check_all_clips("dark")
