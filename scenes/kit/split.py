"""One clip on several cores: its plays cut into ranges, each range its own Manim process.

Manim renders every ``play()`` (and ``wait()``) into its own partial movie
file, encoded on its own, and joins them without re-encoding; ``-n START,END``
renders only plays START to END (the ones before are run without drawing a
frame, so the scene is in the same state when START begins). So a clip can be
rendered as K ranges in K processes and the partial files of all of them
joined in order: the same packets, hence the same frames, as one process
makes (tests/kit/test_split.py decodes both and compares every frame).

- :func:`plan_plays` runs the clip once without video (Manim's dry run) and
  notes every play's length, its section and the story beats;
- :func:`partition` cuts the plays into K contiguous ranges balanced by frames;
- :class:`SplitRender` runs the K processes (each a :class:`ManimProcess`
  with ``-n``), joins their partial movie files by packet copy
  (:func:`join_movies`) into a scratch file and moves it into place; sections
  are joined from the same files, and subtitles are written from the dry run's
  beats (a range of plays cannot know the whole clip's clock).

Why the first frame of each range matches: the project's redraw rule
(``ClipScene.get_moving_and_static_mobjects``) keeps no state from one play to
the next (it is recomputed from each play's animations, and does nothing
while Manim skips), the static image is repainted at every play's start, and
the cameras keep nothing between frames. A play before the range jumps to its
end, which leaves the state drawing it would have left for animations and for
updaters that read trackers; for an updater that integrates ``dt`` (an ambient
camera turn) ``ClipMixin`` steps such a play through every frame's time without
drawing, and ends every skipped play as a drawn one ends (``update_mobjects(0)``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from scenes.core.disk import OutputFolderError, reason_of
from scenes.core.params import ParamValues
from scenes.kit.outputs import QUALITIES, RenderOptions, output_name
from scenes.kit.process import SVG_CACHES, ManimProcess, _replace_dir, keep_svg_results
from scenes.render.subtitles import write_subtitles

#: Formats a split render can join by packet copy (a GIF is re-encoded as a whole,
#: a PNG is one frame).
SPLITTABLE = ("mp4", "webm")
#: Fewer frames than this in a part are not worth a process (its start-up costs ~2 s).
MIN_PART_FRAMES = 30
_SEGMENT = re.compile(r"uncached_(\d+)$")


def frame_rate(quality: str) -> int:
    return int(QUALITIES[quality].split("p")[1])


# -- the clip's plays, from a dry run ----------------------------------------------
@dataclass
class SectionPlan:
    """A section as Manim keeps it: name, type, skipped or not, and the plays in it."""

    name: str
    type_: str
    skip: bool
    plays: list[int] = field(default_factory=list)


@dataclass
class PlayPlan:
    """What a dry run of a clip says about its plays."""

    seconds: list[float]
    sections: list[SectionPlan]
    beats: list
    end: float
    #: plays that are one still frame repeated (a ``wait`` with nothing updating)
    still: set[int] = field(default_factory=set)

    @property
    def n_plays(self) -> int:
        return len(self.seconds)

    def frames(self, quality: str) -> list[int]:
        """Frames each play writes at ``quality`` (0 for a play in a skipped section).

        Counted as Manim counts them: a still frame ``int(seconds / dt)`` times,
        anything else one frame per ``dt`` from 0 up to (not including) its end.
        """
        dt = 1 / frame_rate(quality)
        skipped = {i for s in self.sections if s.skip for i in s.plays}
        return [0 if i in skipped else int(s / dt) if i in self.still
                else len(np.arange(0, s, dt)) for i, s in enumerate(self.seconds)]  # fmt: skip


def _observed(cls: type, plan: PlayPlan) -> type:
    def play(self, *args, **kwargs):
        cls.play(self, *args, **kwargs)
        plan.seconds.append(float(getattr(self, "duration", 0.0) or 0.0))
        if self.animations and self.is_current_animation_frozen_frame():
            plan.still.add(len(plan.seconds) - 1)
        plan.sections[-1].plays.append(len(plan.seconds) - 1)

    def next_section(self, name="unnamed", section_type="default.normal", skip_animations=False):
        if not plan.sections[-1].plays:  # Manim drops a section without plays
            plan.sections.pop()
        plan.sections.append(SectionPlan(str(name), str(section_type), bool(skip_animations)))
        return cls.next_section(self, name, section_type, skip_animations)

    return type(cls.__name__, (cls,), {"play": play, "next_section": next_section,
                                       "__module__": cls.__module__})  # fmt: skip


def plan_plays(cls: type, values: ParamValues, quality: str = "l") -> PlayPlan:
    """Build ``cls`` in Manim's dry run (no frames): each play's seconds, sections, beats.

    At the frame rate of ``quality``: the clip's clock (and so its beats' starts)
    counts whole frames.
    """
    from manim import tempconfig

    overrides = {p.name: values.values[p.name] for p in values.specs}
    plan = PlayPlan([], [SectionPlan("autocreated", "default.normal", False)], [], 0.0)
    with tempfile.TemporaryDirectory(prefix="nnfit-split-") as media:
        settings = {"dry_run": True, "quality": "low_quality", "frame_rate": frame_rate(quality),
                    "disable_caching": True, "media_dir": media, "verbosity": "ERROR",
                    "progress_bar": "none"}  # fmt: skip
        with tempconfig(settings):
            scene = _observed(cls, plan)(params=overrides, skip_animations=True)
            scene.render()
    if plan.sections and not plan.sections[-1].plays:
        plan.sections.pop()
    plan.beats = list(getattr(scene, "beat_log", []))
    plan.end = float(getattr(scene, "clock", sum(plan.seconds)))
    return plan


# -- cutting plays into ranges ------------------------------------------------------
def partition(frames: Sequence[int], k: int) -> list[tuple[int, int]]:
    """``k`` contiguous ranges (first, last play, inclusive) whose largest frame total is least.

    Fewer ranges when there are fewer plays. Binary search on the largest total,
    each candidate packed greedily (which packs into the fewest ranges); then
    the ranges are cut so that every one of the ``k`` has at least one play.
    """
    n = len(frames)
    if n == 0:
        return []
    k = max(1, min(k, n))
    lo, hi = max(frames), sum(frames)

    def pack(cap: int) -> list[tuple[int, int]]:
        out, start, load = [], 0, 0
        for i, f in enumerate(frames):
            if load + f > cap and i > start:
                out.append((start, i - 1))
                start, load = i, 0
            load += f
        out.append((start, n - 1))
        return out

    while lo < hi:
        mid = (lo + hi) // 2
        if len(pack(mid)) <= k:
            hi = mid
        else:
            lo = mid + 1
    ranges = pack(lo)
    while len(ranges) < k:  # split the widest range (in plays) until there are k
        j = max(range(len(ranges)), key=lambda i: ranges[i][1] - ranges[i][0])
        a, b = ranges[j]
        if a == b:
            break
        ranges[j : j + 1] = [(a, a), (a + 1, b)] if j == 0 else [(a, b - 1), (b, b)]
    return ranges


def split_counts(seconds: Sequence[float], n_jobs: int) -> list[int]:
    """``--split auto``: how many parts each clip gets when cores outnumber the clips.

    Each clip gets one process; the cores left over go, one at a time, to the
    clip with the most seconds per part so far.
    """
    counts = [1] * len(seconds)
    for _ in range(max(0, n_jobs - len(seconds))):
        if not counts:
            break
        j = max(range(len(counts)), key=lambda i: (seconds[i] / counts[i], -i))
        counts[j] += 1
    return counts


# -- joining partial movie files ---------------------------------------------------
def join_movies(files: Sequence[Path], output: Path, transparent_webm: bool = False) -> None:
    """Concatenate video files of one encoding by packet copy (no re-encoding).

    The same join Manim makes of its partial movie files (FFmpeg's concat
    demuxer, packets copied in order, decoding timestamps recomputed).
    """
    from io import BytesIO

    import av
    from manim import __version__ as manim_version

    manifest = "".join(f"file 'file:{Path(f).as_posix()}'\n" for f in files)

    with av.open(BytesIO(manifest.encode()), format="concat",
                 options={"safe": "0", "an": "1"}) as source:  # fmt: skip
        stream = source.streams.video[0]
        with av.open(str(output), mode="w") as target:
            target.metadata["comment"] = f"Rendered with Manim Community v{manim_version}"
            out = target.add_stream_from_template(template=stream)
            if transparent_webm:
                out.pix_fmt = "yuva420p"
            for packet in source.demux(stream):
                if packet.dts is None:  # demux's flushing packets
                    continue
                packet.dts = None
                packet.stream = out
                target.mux(packet)


def video_metadata(path: Path) -> dict:
    """What Manim's section index says of each section's file."""
    from manim.utils.commands import get_video_metadata

    return dict(get_video_metadata(path))


# -- one file from the partial movies ---------------------------------------------------
def final_path(cls: type, values: ParamValues, options: RenderOptions, out_dir: Path) -> Path:
    return Path(out_dir) / output_name(cls, values, options.quality, options.fmt,
                                       options.transparent)  # fmt: skip


def segments_in(folder: Path, extension: str) -> dict[int, Path]:
    """Manim's partial movie files under ``folder`` (``uncached_00012.mp4``), by play number."""
    found: dict[int, Path] = {}
    for path in Path(folder).rglob(f"*.{extension}"):
        match = _SEGMENT.match(path.stem)
        if match and "partial_movie_files" in path.parts:
            found[int(match.group(1))] = path
    return found


def assemble(cls: type, plan: PlayPlan, options: RenderOptions, final: Path,
             segments: dict[int, Path]) -> Path:  # fmt: skip
    """``final`` (and its sections and subtitles) from every play's partial movie file.

    Built in a scratch folder beside it and moved into place by renames; a full or
    unwritable folder raises :class:`OutputFolderError`, leaving the older file.
    """
    frames = plan.frames(options.quality)
    wanted = [i for i in range(plan.n_plays) if frames[i]]
    missing = [i for i in wanted if i not in segments]
    if missing:
        raise RuntimeError(f"{cls.__name__}: no partial movie for play {missing[0]}")
    out_dir = final.parent
    try:
        staged = Path(tempfile.mkdtemp(prefix=".partial-", dir=out_dir))
        try:
            webm_alpha = options.transparent and options.extension == "webm"
            movie = staged / final.name
            join_movies([segments[i] for i in wanted], movie, webm_alpha)
            sections = None
            if options.save_sections:
                sections = _join_sections(cls.__name__, plan, options, segments, staged)
            if plan.beats:  # the clip's subtitles first, as a whole render does
                for cue in write_subtitles(movie, plan.beats, plan.end):
                    os.replace(cue, final.with_suffix(cue.suffix))
            os.replace(movie, final)
            if sections is not None:
                _replace_dir(sections, out_dir / "sections" / final.stem)
        finally:
            shutil.rmtree(staged, ignore_errors=True)
    except OSError as exc:
        raise OutputFolderError(out_dir, reason_of(exc)) from None
    return final


def _join_sections(stem: str, plan: PlayPlan, options: RenderOptions,
                   segments: dict[int, Path], staged: Path) -> Path:  # fmt: skip
    """``sections/``: one file per section (named as Manim names them) and Manim's index."""
    folder = staged / "sections"
    folder.mkdir()
    webm_alpha = options.transparent and options.extension == "webm"
    index = []
    for n, section in enumerate(plan.sections):
        files = [segments[i] for i in section.plays if i in segments]
        if section.skip or not files:
            continue
        name = unicodedata.normalize("NFKC", section.name)
        slug = re.sub(r"[^\w]+", "-", name).strip("-_") or "section"
        video = f"{stem}_{n:04}_{slug}.{options.extension}"
        join_movies(files, folder / video, webm_alpha)
        index.append({"name": section.name, "type": section.type_, "video": video,
                      **video_metadata(folder / video)})  # fmt: skip
    with open(folder / f"{stem}.json", "w") as fh:
        json.dump(index, fh, indent=4)
    return folder


def range_process(cls: type, values: ParamValues, options: RenderOptions, out_dir: Path,
                  first: int, last: int, config_file: Path) -> ManimProcess:  # fmt: skip
    """Manim rendering plays ``first`` to ``last`` only, keeping every partial movie file."""
    part = replace(options, save_sections=False, extra_manim_args=(
        *options.extra_manim_args, "-n", f"{first},{last}", "--config_file", str(config_file)))
    return ManimProcess(cls, values, part, out_dir)


def keep_all_segments(folder: Path) -> Path:
    """A Manim config file that keeps every partial movie file (Manim prunes beyond 100)."""
    cfg = Path(folder) / "split.cfg"
    cfg.write_text("[CLI]\nmax_files_cached = -1\n")
    return cfg


# -- rendering the parts at once -----------------------------------------------------
class SplitRender:
    """One clip as K Manim processes over ranges of its plays, joined into one file.

    Behaves like :class:`ManimProcess` for the batch (``poll``, ``finish``,
    ``terminate``, ``stop``, ``cleanup``); ``n_processes`` says how many cores it takes.
    """

    def __init__(self, cls: type, values: ParamValues, options: RenderOptions,
                 out_dir: Path, plan: PlayPlan, k: int) -> None:  # fmt: skip
        self.cls, self.values, self.options, self.plan = cls, values, options, plan
        self.out_dir = Path(out_dir)
        self.final = final_path(cls, values, options, out_dir)
        self.ranges = partition(plan.frames(options.quality), k)
        self.parts: list[ManimProcess] = []
        self.config_dir = Path(tempfile.mkdtemp(prefix="nnfit-split-cfg-"))
        try:
            cfg = keep_all_segments(self.config_dir)
            for first, last in self.ranges:
                self.parts.append(range_process(cls, values, options, out_dir, first, last, cfg))
        except BaseException:
            self.stop()
            self.cleanup()
            raise

    @property
    def n_processes(self) -> int:
        return len(self.parts)

    @property
    def pid(self) -> int:
        return self.parts[0].pid

    def poll(self) -> int | None:
        codes = [p.poll() for p in self.parts]
        failed = [c for c in codes if c not in (None, 0)]
        if failed:
            return failed[0]
        return None if None in codes else 0

    def finish(self) -> Path:
        """After every part exited: join them, write sections and subtitles, move into place."""
        for part in self.parts:
            if part.proc.wait() != 0:
                part.finish()  # raises with the part's reason
        segments: dict[int, Path] = {}
        for part in self.parts:
            segments.update(segments_in(part.work / "media", self.options.extension))
        assemble(self.cls, self.plan, self.options, self.final, segments)
        for part in self.parts:
            for kind in SVG_CACHES:
                keep_svg_results(part.work / "media" / kind, kind)
        return self.final

    def terminate(self) -> None:
        for part in self.parts:
            part.terminate()

    def stop(self, grace: float | None = None) -> None:
        self.terminate()
        for part in self.parts:
            part.stop() if grace is None else part.stop(grace)

    def cleanup(self) -> None:
        for part in self.parts:
            part.cleanup()
        shutil.rmtree(self.config_dir, ignore_errors=True)


def assign_splits(jobs: Sequence, split: int | str, n_jobs: int) -> None:
    """Set each job's ``split``: ``K`` for every clip, or ``"auto"`` (cores left over).

    auto gives every clip one process and, when there are more cores than
    clips, the spare ones to the longest clips (by the lengths ``prepare``
    recorded); with at least as many clips as cores nothing is split.
    """
    ready = [job for job in jobs if job.ready and getattr(job, "part", None) is None]
    if split != "auto":
        for job in ready:
            job.split = int(split)
        return
    from scenes.kit.distribute import expected_seconds, known_lengths

    table = known_lengths()
    seconds = [expected_seconds(job.cls, job.values, table) for job in ready]
    for job, k in zip(ready, split_counts(seconds, n_jobs), strict=True):
        job.split = k


def can_split(options: RenderOptions) -> bool:
    return options.fmt in SPLITTABLE


def start_render(cls: type, values: ParamValues, options: RenderOptions, out_dir: Path,
                 split: int = 1, min_frames: int = MIN_PART_FRAMES,
                 ) -> ManimProcess | SplitRender:  # fmt: skip
    """One render: a plain Manim process, or ``split`` of them over ranges of plays.

    A clip too short to be worth it (fewer than :data:`MIN_PART_FRAMES` frames a
    part), a format that cannot be joined by packet copy, or a narrated clip (its
    sound track is laid over the joined movie) runs as one process.
    """
    narrated = bool(values.values.get("narrate"))  # its sound is laid over the whole clip
    if split > 1 and can_split(options) and not narrated:
        plan = plan_plays(cls, values, options.quality)
        total = sum(plan.frames(options.quality))
        k = min(split, max(1, total // max(1, min_frames)))
        if k > 1 and plan.n_plays > 1:
            return SplitRender(cls, values, options, out_dir, plan, k)
    return ManimProcess(cls, values, options, out_dir)
