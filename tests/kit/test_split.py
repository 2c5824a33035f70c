"""Split renders: a clip's plays as ranges in several Manim processes, joined into one file.

The tiny clip ``SplitProbe`` (tests/kit/split_probe.py: a dot under later-drawn
text, an updater, a still frame, a skipped section, three beats) is rendered at
-ql (256x144) once whole and once as three ranges; every frame of the two
videos is decoded (PyAV) and compared, and so are the sections and subtitles.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from scenes.kit.split import partition, split_counts
from tests.kit.split_probe import SplitProbe

TINY = ("-r", "256,144")


def frames_of(path: Path) -> list[np.ndarray]:
    import av

    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    """The probe rendered whole (one process) and split in three, at the same time; and
    joined again from the three parts' files laid out as ``render --part I/3`` keeps them."""
    from scenes.kit.outputs import RenderOptions
    from scenes.kit.parts import join_parts, parts_folder
    from scenes.kit.process import ManimProcess
    from scenes.kit.split import SplitRender, segments_in, start_render

    whole, split = tmp_path_factory.mktemp("whole"), tmp_path_factory.mktemp("split")
    joined = tmp_path_factory.mktemp("joined")
    (split / "SplitProbe.mp4").write_bytes(b"older render")  # replaced when complete
    values = SplitProbe.resolve_params({})
    options = RenderOptions("l", "mp4", save_sections=True, extra_manim_args=TINY)
    one = ManimProcess(SplitProbe, values, options, whole)
    three = start_render(SplitProbe, values, options, split, split=3, min_frames=1)
    assert isinstance(three, SplitRender)
    try:
        one.finish(), three.finish()
        folder = parts_folder(SplitProbe, values, options, joined, 3)
        for i, part in enumerate(three.parts, 1):
            keep = folder / f"part-{i}" / "partial_movie_files"
            keep.mkdir(parents=True)
            for path in segments_in(part.work / "media", "mp4").values():
                shutil.copy(path, keep / path.name)
        join_parts(SplitProbe, values, options, joined, 3)
        assert not (joined / ".parts").exists()  # removed once joined
        return one.final, three.final, three, joined / "SplitProbe.mp4"
    finally:
        for manim in (one, three):
            manim.stop()
            manim.cleanup()


def test_partition_is_the_best_contiguous_cut():
    rng = np.random.default_rng(3)
    for n, k in [(1, 3), (5, 1), (6, 3), (9, 4), (10, 2)]:
        frames = [int(f) for f in rng.integers(0, 40, n)]
        ranges = partition(frames, k)
        # contiguous, covering every play once, min(k, n) ranges
        assert ranges[0][0] == 0 and ranges[-1][1] == n - 1 and len(ranges) == min(k, n)
        assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(ranges))
        worst = max(sum(frames[a : b + 1]) for a, b in ranges)
        # brute force: every way to cut n plays into at most k ranges
        best = min(
            max(sum(frames[a:b]) for a, b in itertools.pairwise((0, *cuts, n)))
            for m in range(min(k, n))
            for cuts in itertools.combinations(range(1, n), m)
        )
        assert worst == best, (frames, k, ranges)


def test_auto_split_gives_spare_cores_to_the_longest_clips():
    assert split_counts([10.0, 40.0], 2) == [1, 1]  # as many clips as cores: no split
    assert split_counts([10.0, 40.0], 4) == [1, 3]
    assert split_counts([30.0], 8) == [8]
    assert split_counts([30.0, 30.0, 5.0], 2) == [1, 1, 1]


@pytest.mark.render
def test_split_render_has_the_same_frames(renders):
    whole, split, job, joined = renders
    assert [r for r in job.ranges] == [(0, 3), (4, 6), (7, 9)]  # balanced by frames
    ours, theirs = frames_of(split), frames_of(whole)
    assert len(ours) == len(theirs) == sum(job.plan.frames("l")) > 40
    for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert np.array_equal(a, b), f"frame {i} differs in {np.count_nonzero(a != b)} values"
    assert split.read_bytes() == whole.read_bytes()  # the same packets, joined the same way
    assert joined.read_bytes() == whole.read_bytes()  # from parts rendered as separate jobs
    assert not list(split.parent.glob(".partial-*"))


@pytest.mark.render
def test_split_render_sections_and_subtitles_match(renders):
    whole, split, _, joined = renders
    index = json.loads((whole.parent / "sections/SplitProbe/SplitProbe.json").read_text())
    assert [e["name"] for e in index] == ["move", "grow", "slide"]  # the skipped one left out
    ours = split.parent / "sections/SplitProbe"
    assert json.loads((ours / "SplitProbe.json").read_text()) == index
    for entry in index:
        a, b = frames_of(ours / entry["video"]), frames_of(whole.parent / "sections/SplitProbe"
                                                           / entry["video"])  # fmt: skip
        assert len(a) == len(b) == int(entry["nb_frames"]) > 0
        assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert json.loads((joined.parent / "sections/SplitProbe/SplitProbe.json").read_text()) == index
    for suffix in (".srt", ".vtt"):
        text = split.with_suffix(suffix).read_text()
        assert text == whole.with_suffix(suffix).read_text()
        assert joined.with_suffix(suffix).read_text() == text
        assert "The ring grows by half" in text


def test_parts_as_jobs_and_their_joins():
    from scenes.clips.smoke import SmokeTest
    from scenes.kit.batch import Job
    from scenes.kit.parts import expand_parts, parse_part, part_commands

    job = Job("SmokeTest", SmokeTest, SmokeTest.resolve_params({}))
    parts, seconds = expand_parts([job], [12.0], 3)
    assert [p.part for p in parts] == [(1, 3), (2, 3), (3, 3)] and seconds == [4.0] * 3
    lines = part_commands([job], None, 3, join=False)
    assert [line.rsplit(" ", 2)[1:] for line in lines] == [["--part", f"{i}/3"] for i in (1, 2, 3)]
    (join,) = part_commands([job], None, 3, join=True)
    assert join.endswith("render SmokeTest --jobs 1 --join 3")
    assert parse_part("2/4") == (2, 4)
    with pytest.raises(ValueError, match="--part '5/4'"):
        parse_part("5/4")


def test_draft_encoding_is_an_x264_option():
    from scenes.kit.outputs import RenderOptions

    draft = RenderOptions("h", encode="draft")
    assert "--encoder-option=preset=veryfast" in draft.manim_args()
    assert draft.cli_flags() == ["--quality", "h", "--encode", "draft"]
    assert not any("encoder" in a for a in RenderOptions("h").manim_args())  # final: Manim's
    # QuickTime Animation (transparent mp4) and VP9 have no x264 presets
    assert not any("encoder" in a for a in RenderOptions(transparent=True, encode="draft")
                   .manim_args())  # fmt: skip
