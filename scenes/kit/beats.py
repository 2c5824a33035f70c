"""The beats of a clip for a deck: its sections, their headlines and narrations.

Every beat of a clip starts with ``Captions.beat``, which records its headline
(the caption on screen) and its narration (the sentences the speaker notes,
subtitles and speech read). A dry run of the clip collects them per section.

The captions come from one dry run of each clip (no video, as ``scenes check``
builds it): after every ``play()``, the text mobjects on screen within
``CAPTION_REACH`` of the bottom edge are recorded for the current section
(and the first text near the top edge is the clip's title). What it saw is
kept in the sections folder (``OUTLINE_FILE``), so a deck of up-to-date
renders needs no dry run either.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from scenes.core.params import ParamValues
from scenes.core.theme import THEMES, Theme
from scenes.kit.batch import Job
from scenes.kit.gallery import read_sections

#: A text mobject whose bottom is this close to the frame's bottom edge is a caption
#: (scene units; captions sit 0.3 above it), and one this close to the top a title.
CAPTION_REACH = 0.6
#: Sections shorter than this (seconds) are empty: no slide.
MIN_BEAT_SECONDS = 0.01


# -- captions: one dry run per clip ------------------------------------------------------
@dataclass
class SeenSection:
    """A section as Manim keeps it, and the captions on screen during it."""

    name: str
    skip: bool = False
    plays: int = 0
    captions: list[str] = field(default_factory=list)
    headline: str = ""
    narration: str = ""
    start: float = 0.0


@dataclass
class ClipOutline:
    title: str | None = None
    sections: list[SeenSection] = field(default_factory=lambda: [SeenSection("autocreated")])


def texts_at_edge(scene, edge: str) -> list[str]:
    """Text of the visible top-level mobjects within CAPTION_REACH of the bottom or top edge."""
    from manim import config

    from scenes.kit.check import visible

    half = config.frame_height / 2
    out = []
    for mob in [*scene.mobjects, *getattr(scene, "foreground_mobjects", [])]:
        text = getattr(mob, "text", None)
        if not isinstance(text, str) or not text.strip():
            continue
        if not any(visible(m) for m in mob.family_members_with_points()):
            continue
        near = (mob.get_bottom()[1] <= -half + CAPTION_REACH if edge == "bottom"
                else mob.get_top()[1] >= half - CAPTION_REACH)  # fmt: skip
        if near:
            out.append(" ".join(text.split()))
    return out


def observed_class(cls: type, outline: ClipOutline) -> type:
    """``cls`` recording its sections (as Manim keeps them) and captions after every play."""

    def play(self, *args, **kwargs):
        cls.play(self, *args, **kwargs)
        section = outline.sections[-1]
        section.plays += 1
        for text in texts_at_edge(self, "bottom"):
            if text not in section.captions:
                section.captions.append(text)
        if outline.title is None:
            outline.title = next(iter(texts_at_edge(self, "top")), None)
        log = getattr(self, "beat_log", None)
        if log and log[-1].name == section.name and not section.narration:
            section.headline, section.narration = log[-1].headline, log[-1].narration
            section.start = log[-1].start

    def next_section(self, name="unnamed", *args, **kwargs):
        skip = kwargs.get("skip_animations", args[1] if len(args) > 1 else False)
        if outline.sections[-1].plays == 0:  # Manim drops an empty section
            outline.sections.pop()
        outline.sections.append(SeenSection(str(name), bool(skip)))
        return cls.next_section(self, name, *args, **kwargs)

    return type(cls.__name__, (cls,), {"play": play, "next_section": next_section,
                                       "__module__": cls.__module__})  # fmt: skip


def observe_clip(cls: type, values: ParamValues) -> ClipOutline:
    """Build ``cls`` in Manim's dry run (no video); its title and captions per section."""
    from manim import tempconfig

    specs = {p.name: p for p in values.specs}
    params = {k: specs[k].format(v) for k, v in values.non_default().items()}
    outline = ClipOutline()
    with tempfile.TemporaryDirectory(prefix="nnfit-slides-") as media:
        settings = {"dry_run": True, "quality": "low_quality", "disable_caching": True,
                    "media_dir": media, "verbosity": "ERROR", "progress_bar": "none"}  # fmt: skip
        with tempconfig(settings):
            observed_class(cls, outline)(params=params, skip_animations=True).render()
    if outline.sections and outline.sections[-1].plays == 0:
        outline.sections.pop()
    return outline


#: What a clip's dry run saw, kept beside Manim's section index (a re-render replaces the
#: folder, and with it this file); bump the version when what is recorded changes.
OUTLINE_FILE = "slides-outline.json"
OUTLINE_VERSION = 2


def clip_outline(job: Job, folder: Path) -> ClipOutline:
    """The clip's title and captions per section: from its sections folder when newer
    than the clip's file and the render, else from a dry run (then kept there)."""
    from scenes.kit.registry import scene_file

    kept = folder / OUTLINE_FILE
    try:
        newest = max(scene_file(job.cls).stat().st_mtime,
                     (folder / f"{job.cls.__name__}.json").stat().st_mtime)  # fmt: skip
        if kept.stat().st_mtime >= newest:
            data = json.loads(kept.read_text())
            if data["version"] == OUTLINE_VERSION:
                return ClipOutline(data["title"], [SeenSection(**s) for s in data["sections"]])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    print(f"[captions] {job.label}", file=sys.stderr, flush=True)
    outline = observe_clip(job.cls, job.values)
    data = {"version": OUTLINE_VERSION, "title": outline.title,
            "sections": [vars(s) for s in outline.sections]}  # fmt: skip
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".partial-", suffix=".json", dir=folder)
        with os.fdopen(fd, "w") as out:
            json.dump(data, out, indent=1)
        os.replace(tmp, kept)
    except OSError:  # only costs a dry run next time
        pass
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
    return outline


# -- beats -------------------------------------------------------------------------------
@dataclass
class Beat:
    """One slide: a section file of a clip, and what its slide says."""

    clip: str
    title: str
    name: str
    video: Path
    duration: float | None
    captions: list[str]
    theme: Theme
    headline: str = ""
    narration: str = ""

    @property
    def heading(self) -> str:
        """The slide's subheading: the beat's headline (else its section's name)."""
        if self.headline:
            return self.headline
        return "opening" if self.name == "autocreated" else self.name.replace("_", " ")

    @property
    def notes(self) -> list[str]:
        """The speaker notes: the beat's narration (else the captions seen during it)."""
        return [self.narration] if self.narration else list(self.captions)


def clip_beats(job: Job, folder: Path, outline: ClipOutline) -> list[Beat]:
    """The clip's saved sections, in order, with the captions seen during each."""
    saved = [s for s in outline.sections if not s.skip]
    sections = read_sections(folder, job.cls.__name__)
    if [s.name for s in saved] == [s.name for s in sections]:
        seen = saved
    else:  # match by name, in order (a section file gone missing, a renamed beat)
        queues: dict[str, list[SeenSection]] = {}
        for s in saved:
            queues.setdefault(s.name, []).append(s)
        seen = [(queues.get(s.name) or [SeenSection(s.name)]).pop(0) for s in sections]
    theme = THEMES[job.values.theme]
    title = outline.title or job.cls.__name__
    return [
        Beat(job.cls.__name__, title, s.name, s.path, s.duration, list(o.captions), theme,
             o.headline, o.narration)  # fmt: skip
        for s, o in zip(sections, seen)
        if s.duration is None or s.duration >= MIN_BEAT_SECONDS
    ]


