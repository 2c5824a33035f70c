"""Shared by the two layout-check test files (one per theme, so xdist runs them in parallel)."""

from __future__ import annotations


def check_all_clips(theme: str) -> None:
    """``python -m scenes check --all --theme THEME``: no violation in any registered clip."""
    from scenes.kit.check import check_clip
    from scenes.kit.registry import all_scenes

    found, beats = [], 0
    for name, cls in all_scenes().items():
        report = check_clip(cls, {}, theme)
        assert report.beats > 0, f"{name}: no beat checked"
        beats += report.beats
        found += [v.line() for v in report.violations]
    assert beats > 100  # the walk really checked every clip's beats
    assert not found, "\n".join(found[:40])
