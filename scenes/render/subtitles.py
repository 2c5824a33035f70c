"""Subtitles from a clip's beats: each beat's narration as one cue, from its start to the next.

A clip records its beats as it plays (``ClipMixin.beat_log``: name, headline,
narration, start in seconds of video); after a full render the clip writes
``<video>.srt`` and ``<video>.vtt`` beside its movie (``write_subtitles``), each
by an atomic rename, and ``python -m scenes render`` moves them into place with
the video.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def beat_cues(beats: Sequence, end: float) -> list[Cue]:
    """One cue per beat with a narration: from its start until the next beat (or ``end``)."""
    cues = []
    for i, beat in enumerate(beats):
        stop = beats[i + 1].start if i + 1 < len(beats) else end
        if beat.narration and stop > beat.start:
            cues.append(Cue(float(beat.start), float(stop), beat.narration))
    return cues


def timestamp(seconds: float, separator: str) -> str:
    """``HH:MM:SS,mmm`` (SubRip, ``separator=","``) or ``HH:MM:SS.mmm`` (WebVTT)."""
    ms = int(round(max(seconds, 0.0) * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{separator}{ms:03d}"


def srt(cues: Sequence[Cue]) -> str:
    blocks = [f"{n}\n{timestamp(c.start, ',')} --> {timestamp(c.end, ',')}\n{c.text}\n"
              for n, c in enumerate(cues, 1)]  # fmt: skip
    return "\n".join(blocks)


def vtt(cues: Sequence[Cue]) -> str:
    blocks = [f"{timestamp(c.start, '.')} --> {timestamp(c.end, '.')}\n{c.text}\n" for c in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)


def write_atomically(path: Path, text: str) -> None:
    """``text`` into ``path`` by a rename: a reader sees the old file or the whole new one."""
    fd, tmp = tempfile.mkstemp(prefix=".partial-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)  # as the video beside it (mkstemp makes it private)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_subtitles(video: Path, beats: Sequence, end: float) -> list[Path]:
    """``video``'s ``.srt`` and ``.vtt`` beside it, from the beats; the paths written."""
    cues = beat_cues(beats, end)
    if not cues:
        return []
    paths = [video.with_suffix(".srt"), video.with_suffix(".vtt")]
    write_atomically(paths[0], srt(cues))
    write_atomically(paths[1], vtt(cues))
    return paths
