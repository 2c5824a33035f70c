"""``python -m scenes check`` on every registered clip, light theme (tests/clips/layout.py)."""

from tests.clips.layout import check_all_clips


def test_every_clip_passes_the_layout_check_in_the_light_theme():
    check_all_clips("light")
