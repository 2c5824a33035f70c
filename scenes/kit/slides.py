"""``python -m scenes slides``: a deck with one slide per story beat, from rendered clips.

Each clip is rendered with its sections (``--save-sections``: one file per
beat and Manim's JSON index in ``renders/sections/<file stem>/``), or reused
when its render and sections are newer than the clip's source file. The deck
goes into ``renders/slides/<name>/``, named by the clips and their
non-default parameters as render outputs are:

- HTML (``index.html``): reveal.js, pinned (``REVEAL_VERSION``) and installed
  from the npm registry by ``tools/slides-deps.sh``; the few files the deck
  uses are copied into it, so it works from disk with no network. One slide per
  beat: the beat's video autoplays when its slide is shown (reveal's
  ``data-autoplay``, which restarts it from the beginning when the slide is
  entered again) and holds its last frame; reveal's own keys (right, space,
  page-down: next; left, page-up: back; ``f`` fullscreen; ``o`` or Escape the
  overview; ``s`` the speaker view with the notes).
- PowerPoint (``<name>.pptx``, python-pptx): one slide per beat, 16:9, the
  beat's video embedded with its first frame as poster.

On both, the clip's title and the beat's name head the slide, the beat's
narration is in the speaker notes, and the background is the
clip's theme background. A deck is built in a ``.partial-*`` folder beside its
final place and renamed into place when complete.

The beats and their captions come from ``scenes.kit.beats`` (one dry run per
clip, kept beside its sections).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from scenes.core.params import ParamError, parse_assignments
from scenes.kit.batch import Job, Progress, display_path, format_table, plan_job, run_batch
from scenes.kit.beats import Beat, clip_beats, clip_outline
from scenes.kit.gallery import read_sections
from scenes.kit.outputs import QUALITIES, RenderOptions, output_name, renders_dir
from scenes.kit.process import _replace_dir
from scenes.render.subtitles import Cue, vtt

#: The reveal.js release decks are built with (tools/slides-deps.sh reads this line).
REVEAL_VERSION = "6.0.2"
#: Files of the npm package a deck uses -> where they go in the deck's reveal/ folder.
REVEAL_FILES = {
    "dist/reset.css": "reset.css",
    "dist/reveal.css": "reveal.css",
    "dist/reveal.js": "reveal.js",
    "dist/plugin/notes.js": "plugin/notes.js",
    "LICENSE": "LICENSE",
}
#: reveal.js themes with their fonts inline (the others @import Google Fonts).
REVEAL_THEMES = {"dark": "dist/theme/black.css", "light": "dist/theme/white.css"}
DECK_FORMATS = ("html", "pptx", "both")
SLIDES_DIR = "slides"
#: 16:9 PowerPoint slide, 13.333 x 7.5 in (in EMU, 914400 per inch).
SLIDE_WIDTH, SLIDE_HEIGHT = 12192000, 6858000


class BadInput(Exception):
    """Bad input found before any rendering: one line, exit status 2."""


# -- what a machine can make ----------------------------------------------------------
def npm_dir() -> Path:
    """Where tools/slides-deps.sh installs reveal.js (``npm install --prefix``)."""
    if os.environ.get("NNFIT_NPM_DIR"):
        return Path(os.environ["NNFIT_NPM_DIR"])
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "nnfit" / "npm"


def reveal_dir() -> Path | None:
    """The installed reveal.js package of the pinned version, or None."""
    package = npm_dir() / "node_modules" / "reveal.js"
    try:
        version = json.loads((package / "package.json").read_text()).get("version")
    except (OSError, ValueError):
        return None
    needed = [*REVEAL_FILES, *REVEAL_THEMES.values()]
    if version != REVEAL_VERSION or not all((package / f).is_file() for f in needed):
        return None
    return package


def format_problem(fmt: str) -> str | None:
    """Why this machine cannot make decks of ``fmt`` (one line), or None."""
    if fmt in ("html", "both") and reveal_dir() is None:
        where = npm_dir()
        if shutil.which("npm") is None:
            return (f"HTML decks need reveal.js {REVEAL_VERSION}, and npm is not installed to "
                    f"install it: run sh tools/slides-deps.sh (make slides does), "
                    f"or use --format pptx")  # fmt: skip
        return (f"HTML decks need reveal.js {REVEAL_VERSION}, not installed in {where}: "
                "run sh tools/slides-deps.sh (make slides does), or use --format pptx")
    if fmt in ("pptx", "both"):
        try:
            import pptx  # noqa: F401
        except ImportError:
            return "PowerPoint decks need python-pptx: pip install -e . (make slides does)"
    return None


# -- which clips ----------------------------------------------------------------------
#: ``Clip:key=value:key=value`` (a colon starts a setting only before ``name=``:
#: lists of points ``x:y`` keep theirs).
_SETTING = re.compile(r":(?=[A-Za-z_]\w*=)")


def parse_clip(text: str) -> tuple[str, list[str]]:
    """``"SmokeTest:seed=3"`` -> ``("SmokeTest", ["seed=3"])``."""
    name, *settings = _SETTING.split(text)
    if ":" in name:
        raise BadInput(f"{text!r}: write a clip as NAME or NAME:key=value[:key=value...]")
    return name, settings


@dataclass
class Request:
    """The clips of a deck, each with its own settings, checked (no training yet)."""

    pairs: list[tuple[type, list[str]]]
    name: str


def plan_request(
    clips: Sequence[str], all_clips: bool, sets: Sequence[str], theme: str | None, quality: str
) -> Request:
    """Resolve clip names and check every parameter (no training); BadInput if wrong."""
    from scenes.kit.registry import all_scenes

    scenes = all_scenes()
    fixed = list(sets)
    if theme:
        fixed.append(f"theme={theme}")
    if all_clips == bool(clips):
        raise BadInput("name the clips of the deck, or --all")
    specs = ([(name, []) for name, cls in scenes.items() if cls.IN_DEFAULT_RENDER]
             if all_clips else [parse_clip(text) for text in clips])  # fmt: skip
    pairs: list[tuple[type, list[str]]] = []
    names: list[str] = []
    for name, own in specs:
        if name not in scenes:
            raise BadInput(f"unknown scene {name!r}; valid: {', '.join(scenes)}")
        cls = scenes[name]
        assignments = fixed + own
        try:
            both = set(parse_assignments(own)) & set(parse_assignments(fixed))
            if both:
                raise ParamError(f"{', '.join(sorted(both))} given both with the clip and by "
                                 "--set or --theme")  # fmt: skip
            values = cls.resolve_params(parse_assignments(assignments))
        except ParamError as exc:
            raise BadInput(f"{name}: {exc}") from None
        key = f"{name}{values.suffix()}"
        if key in names:  # the same clip twice: one render, one set of slides
            continue
        names.append(key)
        pairs.append((cls, assignments))
    order = list(scenes)
    pairs.sort(key=lambda pair: order.index(pair[0].__name__))  # story order, stable
    return Request(pairs, deck_name(pairs, all_clips, fixed, quality))


def deck_name(
    pairs: Sequence[tuple[type, list[str]]], all_clips: bool, fixed: Sequence[str], quality: str
) -> str:
    """``SmokeTest__seed-3``, ``A+B__theme-light``, ``all__theme-light``, + ``.720p30``..."""
    tag = "" if quality == "l" else f".{QUALITIES[quality]}"
    if all_clips:
        shared = parse_assignments(fixed)  # every clip has these (checked before)
        values = pairs[0][0].resolve_params(shared)
        specs = {p.name: p for p in values.specs}
        parts = [f"{k}-{specs[k].format(v).replace(':', '_').replace(',', '+')}"
                 for k, v in values.non_default().items() if k in shared]  # as in suffix()
        return "all" + ("__" + "_".join(parts) if parts else "") + tag
    names = [
        f"{cls.__name__}{cls.resolve_params(parse_assignments(a)).suffix()}" for cls, a in pairs
    ]
    joined = "+".join(names)
    if len(joined) > 150:
        digest = hashlib.sha1(joined.encode()).hexdigest()[:8]
        joined = f"{names[0]}+{len(names) - 1}-more_{digest}"
    return joined + tag


def check_writable(deck: Path) -> None:
    """BadInput unless the deck folder can be created or replaced (nothing is created)."""
    if deck.exists() and not deck.is_dir():
        raise BadInput(f"cannot write the deck into {deck}: it is a file")
    probe = deck.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise BadInput(f"cannot write the deck into {deck}: {probe} is not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise BadInput(f"cannot write the deck into {deck}: {probe} is not writable")


# -- rendering (or reusing) -----------------------------------------------------------------
def sections_folder(renders: Path, job: Job) -> Path:
    name = output_name(job.cls, job.values, job.options.quality, job.options.fmt)
    return renders / "sections" / Path(name).stem


def up_to_date(renders: Path, job: Job) -> Path | None:
    """The render of ``job`` when it and its sections are newer than the clip's file."""
    from scenes.kit.registry import scene_file

    video = renders / output_name(job.cls, job.values, job.options.quality, job.options.fmt)
    index = sections_folder(renders, job) / f"{job.cls.__name__}.json"
    try:
        source = scene_file(job.cls).stat().st_mtime
        fresh = min(video.stat().st_mtime, index.stat().st_mtime) > source
    except OSError:
        return None
    if not fresh or not read_sections(index.parent, job.cls.__name__):
        return None
    return video


# -- writing a deck --------------------------------------------------------------------------
def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # renders are replaced by rename: the deck keeps its copy
    except OSError:
        shutil.copyfile(source, target)


def first_frame(video: Path, target: Path) -> tuple[int, int]:
    """Write the video's first frame as PNG; its width and height."""
    import av

    try:
        with av.open(str(video)) as container:
            frame = next(container.decode(container.streams.video[0]), None)
            image = frame.to_image() if frame is not None else None
    except (av.FFmpegError, IndexError) as exc:
        raise RuntimeError(f"cannot read {video}: {exc}") from None
    if image is None:
        raise RuntimeError(f"{video} has no frame")
    image.convert("RGB").save(target, "PNG", optimize=True)
    return image.size


@dataclass
class SlideFiles:
    beat: Beat
    video: Path  # inside the deck folder
    poster: Path
    size: tuple[int, int]


@dataclass
class DeckSummary:
    folder: Path
    slides: int
    files: list[Path]
    bytes: int


@contextmanager
def _stops_as_interrupts() -> Iterator[None]:
    """SIGTERM and SIGHUP raise KeyboardInterrupt meanwhile, so a scratch folder is removed."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = {}
    try:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            previous[sig] = signal.signal(sig, interrupt)
    except ValueError:  # not the main thread
        pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def write_deck(beats: Sequence[Beat], deck: Path, fmt: str, title: str) -> DeckSummary:
    """Build the deck in a ``.partial-*`` folder beside ``deck``, then rename it into place."""
    if fmt not in DECK_FORMATS:
        raise ValueError(fmt)
    deck.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".partial-", dir=deck.parent))
    try:
        with _stops_as_interrupts():
            build = scratch / "deck"
            media = build / "media"
            media.mkdir(parents=True)
            slides = []
            for i, beat in enumerate(beats, 1):
                stem = f"{i:03d}_{beat.clip}_{re.sub(r'[^A-Za-z0-9_-]+', '-', beat.name)}"
                video, poster = media / f"{stem}.mp4", media / f"{stem}.png"
                _link_or_copy(beat.video, video)
                if beat.narration:  # the beat's narration as the slide video's captions
                    end = beat.duration if beat.duration else 3600.0
                    (media / f"{stem}.vtt").write_text(vtt([Cue(0.0, end, beat.narration)]),
                                                       encoding="utf-8")  # fmt: skip
                slides.append(SlideFiles(beat, video, poster, first_frame(beat.video, poster)))
            files = []
            if fmt in ("html", "both"):
                files.append(write_html(build, slides, title))
            if fmt in ("pptx", "both"):
                files.append(write_pptx(build / f"{deck.name}.pptx", slides, title))
            if fmt == "pptx":
                shutil.rmtree(media)  # the .pptx holds the videos and posters
            size = sum(p.stat().st_size for p in build.rglob("*") if p.is_file())
            _replace_dir(build, deck)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return DeckSummary(deck, len(beats), [deck / f.name for f in files], size)


def write_html(build: Path, slides: Sequence[SlideFiles], title: str) -> Path:
    """``index.html`` and the reveal.js files it uses, in ``build``."""
    package = reveal_dir()
    if package is None:
        raise RuntimeError(format_problem("html"))
    reveal = build / "reveal"
    theme = slides[0].beat.theme.name if slides else "dark"
    copies = {**REVEAL_FILES, REVEAL_THEMES[theme]: "theme.css"}
    for source, target in copies.items():
        (reveal / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package / source, reveal / target)
    e = html.escape
    sections = []
    for n, slide in enumerate(slides, 1):
        beat = slide.beat
        notes = "".join(f"<p>{e(c)}</p>" for c in beat.notes)
        sections.append(
            f'<section data-background-color="{beat.theme.background}" '
            f'data-clip="{e(beat.clip)}" data-beat="{e(beat.name)}">\n'
            f'<header class="beat-head">'
            f'<h2 style="color: {beat.theme.text}">{e(beat.title)}</h2>'
            f'<p style="color: {beat.theme.muted}">{e(beat.heading)} · {n}/{len(slides)}</p>'
            f"</header>\n"
            f'<video class="r-stretch" data-autoplay muted playsinline preload="auto" '
            f"{_narration_attr(slide.video, beat.narration)}"
            f'data-src="{_rel(slide.video, build)}" poster="{_rel(slide.poster, build)}">'
            f"</video>\n"
            f'<aside class="notes">{notes}</aside>\n'
            f"</section>"
        )
    page = _HTML.format(title=e(title), slides="\n".join(sections),
                        reveal_version=REVEAL_VERSION,
                        captions_script=CAPTIONS_SCRIPT.format())  # fmt: skip
    path = build / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _narration_attr(video: Path, narration: str) -> str:
    """The beat's narration on its video, shown as captions by the page's script.

    A ``<track src=...vtt>`` would be cross-origin for a deck opened from disk
    (``file://``), which browsers refuse; the page adds the same cue itself
    (``CAPTIONS_SCRIPT``). The ``.vtt`` beside the video holds it for other players.
    """
    if not narration:
        return ""
    return f'data-narration="{html.escape(narration)}" '


#: Shows each slide video's narration as a captions track, on by default.
CAPTIONS_SCRIPT = """
document.querySelectorAll("video[data-narration]").forEach(function (video) {{
  var track = video.addTextTrack("captions", "Narration", "en");
  track.mode = "showing";
  track.addCue(new VTTCue(0, 86400, video.dataset.narration));
}});
"""


def _rel(path: Path, root: Path) -> str:
    from urllib.parse import quote

    return quote(path.relative_to(root).as_posix())


def write_pptx(path: Path, slides: Sequence[SlideFiles], title: str) -> Path:
    """A 16:9 PowerPoint deck: per beat its video (first frame as poster), headings, notes."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
    prs.core_properties.title = title
    blank = prs.slide_layouts[6]
    inch = 914400
    margin, head = int(0.35 * inch), int(0.85 * inch)
    for n, slide_files in enumerate(slides, 1):
        beat = slide_files.beat
        slide = prs.slides.add_slide(blank)
        fill = slide.background.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(beat.theme.background.lstrip("#"))
        box = slide.shapes.add_textbox(margin, int(0.15 * inch), SLIDE_WIDTH - 2 * margin, head)
        box.name = "Beat heading"
        frame = box.text_frame
        frame.word_wrap = True
        first = frame.paragraphs[0]
        run = first.add_run()
        run.text = beat.title
        run.font.size, run.font.bold = Pt(26), True
        run.font.color.rgb = RGBColor.from_string(beat.theme.text.lstrip("#"))
        second = frame.add_paragraph()
        run = second.add_run()
        run.text = f"{beat.heading} · {n}/{len(slides)}"
        run.font.size = Pt(16)
        run.font.color.rgb = RGBColor.from_string(beat.theme.muted.lstrip("#"))
        # the video as large as fits below the heading, centred, its own aspect ratio
        top = int(0.15 * inch) + head + int(0.1 * inch)
        room_w, room_h = SLIDE_WIDTH - 2 * margin, SLIDE_HEIGHT - top - margin
        w, h = slide_files.size
        width = min(room_w, int(room_h * w / h))
        height = int(width * h / w)
        left = (SLIDE_WIDTH - width) // 2
        movie = slide.shapes.add_movie(
            str(slide_files.video), left, top, width, height,
            poster_frame_image=str(slide_files.poster), mime_type="video/mp4",
        )  # fmt: skip
        movie.name = f"{beat.clip} {beat.name}"
        slide.notes_slide.notes_text_frame.text = "\n".join(beat.notes)
    prs.save(str(path))
    return path


# -- the command -----------------------------------------------------------------------------
def make_slides(
    clips: Sequence[str] = (),
    all_clips: bool = False,
    sets: Sequence[str] = (),
    theme: str | None = None,
    quality: str = "l",
    fmt: str = "both",
    out: Path | None = None,
    jobs: int | None = None,
) -> int:
    """Render (or reuse) the clips with sections, then write the deck. Returns an exit status.

    Every problem with the input raises BadInput before anything renders.
    """
    problem = format_problem(fmt)
    if problem:
        raise BadInput(problem)
    request = plan_request(clips, all_clips, sets, theme, quality)
    renders = renders_dir()
    deck = Path(out) if out else renders / SLIDES_DIR / request.name
    check_writable(deck)
    options = RenderOptions(quality, "mp4", False, save_sections=True)
    planned = []
    for i, (cls, assignments) in enumerate(request.pairs, 1):
        if len(request.pairs) > 1:
            label = " ".join([cls.__name__, *assignments])
            print(f"[prepare {i}/{len(request.pairs)}] {label}", file=sys.stderr, flush=True)
        job = plan_job(cls, assignments, options)  # trains, or loads the cache
        if not job.ready:
            raise BadInput(f"{job.label}: {job.message}")
        planned.append(job)
    start = time.monotonic()
    to_render = []
    for job in planned:
        video = up_to_date(renders, job)
        if video is None:
            to_render.append(job)
        else:
            job.status, job.output = "up to date", video
            print(f"{job.label}: up to date ({display_path(video)})", flush=True)
    if to_render:
        result = run_batch(to_render, jobs, renders, Progress(len(to_render)))
        if not result.ok:
            print(format_table(result.jobs), flush=True)
            if result.stopped_by is not None:
                print("interrupted: no deck written", file=sys.stderr)
            else:
                print("no deck written: a render failed", file=sys.stderr)
            return result.exit_status()
    beats: list[Beat] = []
    for job in planned:
        folder = sections_folder(renders, job)
        beats += clip_beats(job, folder, clip_outline(job, folder))
    if not beats:
        print("no deck written: the clips have no saved sections", file=sys.stderr)
        return 1
    titles = list(dict.fromkeys(b.title for b in beats))
    title = " + ".join(titles) if len(titles) <= 3 else f"{titles[0]} ... {titles[-1]}"
    try:
        summary = write_deck(beats, deck, fmt, title)
    except (RuntimeError, OSError) as exc:  # a section file that will not decode, a full disk
        print(f"no deck written: {exc}", file=sys.stderr)
        return 1
    took = time.monotonic() - start
    names = ", ".join(p.name for p in summary.files)
    size = summary.bytes / 1e6
    slides = f"{summary.slides} slide" + ("" if summary.slides == 1 else "s")
    print(f"wrote {display_path(summary.folder)}/: {slides} from "
          f"{len(planned)} clip(s) ({names}; {size:.1f} MB) in {took:.1f} s")  # fmt: skip
    for path in summary.files:
        print(f"open it: {path.resolve().as_uri()}")
    return 0


_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<!-- reveal.js {reveal_version} (MIT, reveal/LICENSE), copied from its npm package -->
<link rel="stylesheet" href="reveal/reset.css">
<link rel="stylesheet" href="reveal/reveal.css">
<link rel="stylesheet" href="reveal/theme.css">
<style>
.reveal .beat-head {{ display: flex; align-items: baseline; justify-content: space-between;
  gap: 1em; margin: 0 0 12px; }}
.reveal .beat-head h2 {{ font-size: 34px; text-transform: none; margin: 0; text-align: left; }}
.reveal .beat-head p {{ font-size: 22px; margin: 0; white-space: nowrap; }}
.reveal video.r-stretch {{ display: block; margin: 0 auto; max-width: 100%; }}
</style>
</head>
<body>
<div class="reveal"><div class="slides">
{slides}
</div></div>
<script src="reveal/reveal.js"></script>
<script src="reveal/plugin/notes.js"></script>
<script>
Reveal.initialize({{ width: 1280, height: 720, margin: 0.03, hash: true, transition: "none",
  backgroundTransition: "none", slideNumber: false, plugins: [RevealNotes] }});
</script>
<script>{captions_script}</script>
</body>
</html>
"""
