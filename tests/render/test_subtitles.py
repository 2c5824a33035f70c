"""Subtitles from beats: cue times and both file formats, checked by hand-made references."""

from __future__ import annotations

from scenes.render.clip import BeatNote
from scenes.render.subtitles import beat_cues, srt, timestamp, vtt, write_subtitles


def beats():
    return [
        BeatNote("a", "First", "The first thing said.", 0.0),
        BeatNote("b", "Second", "The second, at 3.25 s.", 3.25),
        BeatNote("c", "Third", "The last, until the end.", 3661.5),
    ]


def test_each_beat_is_one_cue_until_the_next():
    cues = beat_cues(beats(), end=3700.0)
    assert [(c.start, c.end) for c in cues] == [(0.0, 3.25), (3.25, 3661.5), (3661.5, 3700.0)]
    assert [c.text for c in cues] == [b.narration for b in beats()]


def test_timestamps_in_both_formats():
    assert timestamp(0, ",") == "00:00:00,000"
    assert timestamp(3661.5, ",") == "01:01:01,500"
    assert timestamp(59.9996, ".") == "00:01:00.000"


def test_srt_and_vtt_text_match_the_formats():
    cues = beat_cues(beats()[:2], end=5.0)
    assert srt(cues) == ("1\n00:00:00,000 --> 00:00:03,250\nThe first thing said.\n\n"
                         "2\n00:00:03,250 --> 00:00:05,000\nThe second, at 3.25 s.\n")  # fmt: skip
    assert vtt(cues) == ("WEBVTT\n\n00:00:00.000 --> 00:00:03.250\nThe first thing said.\n\n"
                         "00:00:03.250 --> 00:00:05.000\nThe second, at 3.25 s.\n")  # fmt: skip


def test_files_are_written_beside_the_video_and_nothing_else(tmp_path):
    video = tmp_path / "Clip__seed-1.mp4"
    video.write_bytes(b"")
    paths = write_subtitles(video, beats()[:1], 2.0)
    assert [p.name for p in paths] == ["Clip__seed-1.srt", "Clip__seed-1.vtt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["Clip__seed-1.mp4", "Clip__seed-1.srt", "Clip__seed-1.vtt"])
    assert write_subtitles(video, [], 2.0) == []


def test_a_clip_writes_subtitles_for_a_whole_render_only(tmp_path):
    """After a render: beside the movie for the whole clip, nothing for a range of plays
    (``-n``: its times start elsewhere) or a dry run."""
    from types import SimpleNamespace

    from manim import tempconfig

    from scenes.render.clip import ClipMixin

    video = tmp_path / "Clip.mp4"
    video.write_bytes(b"")
    scene = SimpleNamespace(
        beat_log=beats()[:2], clock=5.0,
        renderer=SimpleNamespace(file_writer=SimpleNamespace(movie_file_path=str(video))),
    )  # fmt: skip
    for settings in ({"from_animation_number": 2}, {"upto_animation_number": 3},
                     {"dry_run": True}):  # fmt: skip
        with tempconfig(settings):
            ClipMixin._write_subtitles(scene)
        assert not video.with_suffix(".srt").exists(), settings
    with tempconfig({"dry_run": False}):
        ClipMixin._write_subtitles(scene)
    assert video.with_suffix(".srt").read_text() == srt(beat_cues(beats()[:2], 5.0))
    assert video.with_suffix(".vtt").is_file()
