"""``python -m scenes episode``: one video per part of the story, with chapters and subtitles.

An episode is the part's clips in story order (the registry's order; a clip's
part is its folder, ``scenes/clips/part1_curve_fitting/`` ...), each opened by a
short title card (the clip's title and the part's name in the theme's colours,
drawn with Pillow and encoded as Manim encodes its clips, cached by their text
and format), with one MP4 chapter per clip (starting at its card) and the
clips' subtitles merged, shifted to where each clip starts (``.srt`` and
``.vtt`` beside the video). ``--all`` writes every part and the whole series.

The clips come from their renders, made (as ``slides`` makes them: with their
sections) when missing or older than the clip's source file; an up-to-date
render is reused. Joining copies the video packets (their timestamps moved to
where each clip starts) when every piece's video stream matches (codec, size,
pixel format, frame rate and codec header); otherwise the video is decoded and
encoded again, and the command says why. A narrated episode's audio is always
laid out afresh: every piece's sound decoded onto one timeline, sample-exact at
the pieces' starts (silence under the cards), and encoded once as AAC, because
AAC frames (1024 samples) never end where a video frame does and copying them
would drift at every join.

An episode is written under a ``.partial-`` name in its folder and renamed
into place when complete (its subtitles first); an interrupted or failed build
leaves nothing new behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from scenes.core.params import ParamError
from scenes.kit.gallery import EPISODES_DIR
from scenes.kit.outputs import QUALITIES, RenderOptions, renders_dir
from scenes.render.subtitles import Cue, srt, vtt

SERIES = "series"
#: Seconds of title card before each clip.
CARD_SECONDS = 2.0
#: Part of a title card's cache key: bump it when the card's design changes.
CARD_VERSION = 1
#: Sample rate of a narrated episode's sound: the voices speak at 22.05 kHz.
AUDIO_RATE = 24000


class BadInput(Exception):
    """Bad input found before any work: one line, exit status 2."""


# -- the parts -----------------------------------------------------------------------------
def parts() -> dict[str, list[type]]:
    """Part folder name -> its clips (those ``render --all`` renders), in story order."""
    from scenes.kit.registry import all_scenes

    out: dict[str, list[type]] = {}
    for cls in all_scenes().values():
        folder = next((w for w in cls.__module__.split(".") if re.match(r"part\d+_", w)), None)
        if folder and cls.IN_DEFAULT_RENDER:
            out.setdefault(folder, []).append(cls)
    return dict(sorted(out.items(), key=lambda kv: int(re.match(r"part(\d+)", kv[0])[1])))


def part_heading(part: str) -> str:
    """``part1_curve_fitting`` -> ``Part 1 · Curve fitting``."""
    if part == SERIES:
        return "The series"
    number, _, words = part.partition("_")
    return f"Part {number[4:]} · {words.replace('_', ' ').capitalize()}"


def resolve_parts(names: Sequence[str], all_parts: bool) -> list[str]:
    """Part names as typed (``part1_curve_fitting``, ``part1``, ``1``, ``curve_fitting``)."""
    known = parts()
    if all_parts == bool(names):
        raise BadInput("name the parts of the story (e.g. part1), or --all")
    if all_parts:
        return [*known, SERIES]
    chosen = []
    for name in names:
        key = name.strip().lower()
        match = [p for p in known if key in (p, p.partition("_")[0], p.partition("_")[2],
                                             p.partition("_")[0][4:], SERIES)]  # fmt: skip
        if key == SERIES:
            match = [SERIES]
        if not match:
            valid = ", ".join(p.partition("_")[0] + f" ({p})" for p in known)
            raise BadInput(f"unknown part {name!r}; valid: {valid}, or series")
        if match[0] not in chosen:
            chosen.append(match[0])
    return chosen


def episode_name(part: str, values, quality: str) -> str:
    """``part1_curve_fitting__theme-light.720p30.narrated.mp4`` (as clips are named)."""
    tags = "" if quality == "l" else f".{QUALITIES[quality]}"
    if values.narrate:
        tags += ".narrated"
    return f"{part}{values.suffix()}{tags}.mp4"


# -- title cards --------------------------------------------------------------------------
@dataclass(frozen=True)
class VideoFormat:
    """What a piece's video stream must share with the others for its packets to be copied."""

    codec: str
    width: int
    height: int
    pix_fmt: str
    rate: Fraction
    extradata: bytes
    time_base: Fraction | None = None

    def differs(self, other: VideoFormat) -> str | None:
        for name in ("codec", "width", "height", "pix_fmt", "rate", "time_base"):
            if getattr(self, name) != getattr(other, name):
                return f"{name} {getattr(other, name)} against {getattr(self, name)}"
        if self.extradata != other.extradata:
            return "a different H.264 header (encoder settings)"
        return None


def video_format(path: Path) -> VideoFormat:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        ctx = stream.codec_context
        rate = Fraction(stream.base_rate or stream.guessed_rate or stream.average_rate or 0)
        return VideoFormat(ctx.name, ctx.width, ctx.height, str(ctx.pix_fmt), rate,
                           bytes(ctx.extradata or b""), stream.time_base)  # fmt: skip


def _font(size: int, bold: bool = False):
    from PIL import ImageFont

    for name in (("DejaVuSans-Bold.ttf",) if bold else ()) + ("DejaVuSans.ttf",):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def card_image(title: str, heading: str, theme, width: int, height: int):
    """The card's picture: heading (muted) over the title (text colour), a rule of the
    model colour between, centred on the theme's background; sizes as the clips' title."""
    from PIL import Image, ImageDraw

    from scenes.core.theme import Size

    image = Image.new("RGB", (width, height), theme.background)
    draw = ImageDraw.Draw(image)
    scale = height / 480 * 0.9  # Manim font size -> pixels at this height
    big, small = _font(round(Size.TITLE * scale * 1.2)), _font(round(Size.CAPTION * scale))
    while draw.textlength(title, font=big) > 0.9 * width and big.size > 8:
        big = _font(big.size - 2)
    cx, cy = width / 2, height / 2
    draw.text((cx, cy - 0.09 * height), heading, fill=theme.muted, font=small, anchor="md")
    rule = 0.18 * width
    draw.line([(cx - rule, cy - 0.04 * height), (cx + rule, cy - 0.04 * height)],
              fill=theme.model, width=max(2, height // 160))  # fmt: skip
    draw.text((cx, cy + 0.02 * height), title, fill=theme.text, font=big, anchor="mt")
    return image


def title_card(title: str, heading: str, theme, fmt: VideoFormat, seconds: float) -> Path:
    """The card as an H.264 file encoded as Manim encodes (libx264, crf 23), cached."""
    import av
    import numpy as np

    from scenes.core.cache import cache_dir

    spec = (f"{CARD_VERSION}\n{title}\n{heading}\n{theme.name}\n{fmt.width}x{fmt.height}"
            f"@{fmt.rate}\n{seconds}")
    key = hashlib.sha256(spec.encode()).hexdigest()[:20]
    folder = cache_dir() / "cards"
    path = folder / f"card-{key}.mp4"
    if path.is_file():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    pixels = np.asarray(card_image(title, heading, theme, fmt.width, fmt.height).convert("RGBA"))
    fd, tmp = tempfile.mkstemp(prefix=".partial-", suffix=".mp4", dir=folder)
    os.close(fd)
    try:
        with av.open(tmp, "w", format="mp4") as out:
            stream = out.add_stream("libx264", rate=fmt.rate, options={"crf": "23"})
            stream.pix_fmt, stream.width, stream.height = "yuv420p", fmt.width, fmt.height
            for n in range(round(seconds * fmt.rate)):
                frame = av.VideoFrame.from_ndarray(pixels, format="rgba")
                frame.pts, frame.time_base = n, 1 / fmt.rate
                out.mux(stream.encode(frame))
            out.mux(stream.encode())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


# -- joining ------------------------------------------------------------------------------
@dataclass
class Piece:
    """One file of an episode: a title card or a clip (with its chapter title and cues)."""

    path: Path
    chapter: str | None = None
    cues: list[Cue] = field(default_factory=list)


@dataclass
class Joined:
    path: Path
    seconds: float
    chapters: int
    copied: bool
    reason: str | None  # why the video was encoded again


def piece_seconds(path: Path) -> float:
    """Length of a file's video: from the end of its last frame (packet timestamps)."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        ends = [p.pts + (p.duration or 0) for p in container.demux(stream) if p.pts is not None]
        return float(max(ends, default=0) * stream.time_base)


def _copy_video(container, out_stream, offset: float, start: int) -> int:
    """Mux one piece's video packets shifted by ``offset`` s; the last dts written."""
    stream = container.streams.video[0]
    shift = round(offset / stream.time_base)
    last = start
    for packet in container.demux(stream):
        if packet.dts is None:
            continue
        packet.pts += shift
        packet.dts = max(packet.dts + shift, last + 1)
        last = packet.dts
        packet.stream = out_stream
        out_stream.container.mux(packet)
    return last


def _encode_video(container, out_stream, offset: float, fmt: VideoFormat) -> None:
    """Decode one piece and encode its frames into ``out_stream`` from ``offset`` s."""
    first = round(offset * fmt.rate)
    for n, frame in enumerate(container.decode(container.streams.video[0])):
        frame = frame.reformat(fmt.width, fmt.height, "yuv420p")
        frame.pts, frame.time_base = first + n, 1 / fmt.rate
        out_stream.container.mux(out_stream.encode(frame))


def _piece_audio(container, resampler, samples: int):
    """A piece's sound as mono 16-bit samples at AUDIO_RATE, cut or padded to ``samples``."""
    import numpy as np

    out = np.zeros(samples, dtype=np.int16)
    if container is not None and container.streams.audio:
        got = []
        for frame in container.decode(container.streams.audio[0]):
            for part in resampler.resample(frame):
                got.append(part.to_ndarray().reshape(-1))
        for part in resampler.resample(None):
            got.append(part.to_ndarray().reshape(-1))
        if got:
            pcm = np.concatenate(got)[:samples]
            out[: len(pcm)] = pcm
    return out


def _encode_audio(out_stream, pcm, first_sample: int) -> None:
    import av

    step = 1024 * 16
    for i in range(0, len(pcm), step):
        chunk = pcm[i : i + step].reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(chunk, format="s16", layout="mono")
        frame.sample_rate, frame.pts = AUDIO_RATE, first_sample + i
        frame.time_base = Fraction(1, AUDIO_RATE)
        out_stream.container.mux(out_stream.encode(frame))


def join(pieces: Sequence[Piece], target: Path, sound: bool, title: str = "") -> Joined:
    """Join the pieces into ``target`` (atomically), one chapter per piece with a chapter
    title, subtitles merged beside it; packets copied when the video streams match."""
    import av

    formats = [video_format(p.path) for p in pieces]
    reason = next((f"{p.path.name}: {d}" for p, f in zip(pieces, formats)
                   if (d := formats[0].differs(f))), None)  # fmt: skip
    lengths = [piece_seconds(p.path) for p in pieces]
    starts = [sum(lengths[:i]) for i in range(len(pieces))]
    total = sum(lengths)
    chapters, cues = [], []
    marks = [(s, p) for s, p in zip(starts, pieces) if p.chapter] or [(0.0, pieces[0])]
    for i, (start, piece) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else total
        chapters.append({"id": i + 1, "start": round(start * 1000), "end": round(end * 1000),
                         "time_base": Fraction(1, 1000),
                         "metadata": {"title": piece.chapter or title}})  # fmt: skip
    for start, piece in zip(starts, pieces):
        cues += [Cue(c.start + start, c.end + start, c.text) for c in piece.cues]
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".partial-", suffix=".mp4", dir=target.parent)
    os.close(fd)
    staged: list[tuple[str, Path]] = []  # subtitles written, not yet renamed into place
    try:
        with av.open(tmp, "w", format="mp4") as out:
            if title:
                out.metadata["title"] = title
            with av.open(str(pieces[0].path)) as first:
                if reason is None:
                    video = out.add_stream_from_template(first.streams.video[0])
                else:
                    video = out.add_stream("libx264", rate=formats[0].rate,
                                           options={"crf": "23"})  # fmt: skip
                    video.pix_fmt = "yuv420p"
                    video.width, video.height = formats[0].width, formats[0].height
            audio = (out.add_stream("aac", rate=AUDIO_RATE, layout="mono",
                                    options={"aac_coder": "fast"}) if sound else None)
            out.set_chapters(chapters)
            last = -(2**62)
            for piece, start, length in zip(pieces, starts, lengths):
                with av.open(str(piece.path)) as container:
                    if reason is None:
                        last = _copy_video(container, video, start, last)
                    else:
                        _encode_video(container, video, start, formats[0])
                if audio is not None:
                    first_sample = round(start * AUDIO_RATE)
                    samples = round((start + length) * AUDIO_RATE) - first_sample
                    resampler = av.AudioResampler(format="s16", layout="mono", rate=AUDIO_RATE)
                    with av.open(str(piece.path)) as container:
                        pcm = _piece_audio(container, resampler, samples)
                    _encode_audio(audio, pcm, first_sample)
            if reason is not None:
                out.mux(video.encode())
            if audio is not None:
                out.mux(audio.encode())
        for suffix, text in ((".srt", srt(cues)), (".vtt", vtt(cues))) if cues else ():
            fd, name = tempfile.mkstemp(prefix=".partial-", suffix=suffix, dir=target.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.chmod(name, 0o644)
            staged.append((name, target.with_suffix(suffix)))
        os.chmod(tmp, 0o644)
        for name, final in staged:  # the subtitles first: a complete video never lacks its own
            os.replace(name, final)
        os.replace(tmp, target)
    finally:
        for name in [tmp, *(n for n, _ in staged)]:
            if os.path.exists(name):
                os.unlink(name)
    return Joined(target, total, len(chapters), reason is None, reason)


def read_srt(path: Path) -> list[Cue]:
    """The cues of a SubRip file (as ``scenes.render.subtitles`` writes them)."""
    def seconds(stamp: str) -> float:
        h, m, rest = stamp.strip().replace(",", ".").split(":")
        return int(h) * 3600 + int(m) * 60 + float(rest)

    cues = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.strip().splitlines()
        if len(lines) >= 3 and "-->" in lines[1]:
            start, end = lines[1].split("-->")
            cues.append(Cue(seconds(start), seconds(end), " ".join(lines[2:])))
    return cues


# -- the command ------------------------------------------------------------------------
def _settings(theme: str | None, narrate: bool, voice: str | None) -> list[str]:
    from scenes.render.narration import choose_voice

    fixed = [f"theme={theme}"] if theme else []
    if narrate or voice:
        try:
            choose_voice(voice or "auto")
        except ParamError as exc:
            raise BadInput(str(exc)) from None
        fixed += ["narrate=true"] + ([f"voice={voice}"] if voice else [])
    return fixed


def _fresh(renders: Path, job) -> Path | None:
    """The clip's render when it, its sections and its subtitles are up to date."""
    from scenes.kit.slides import up_to_date

    video = up_to_date(renders, job)
    if video is None or not video.with_suffix(".srt").is_file():
        return None
    return video


def make_episodes(
    names: Sequence[str] = (),
    all_parts: bool = False,
    quality: str = "l",
    theme: str | None = None,
    narrate: bool = False,
    voice: str | None = None,
    out: Path | None = None,
    jobs: int | None = None,
) -> int:
    """Render what is missing or stale, then write each episode. Returns an exit status.

    Every problem with the input raises BadInput before any work.
    """
    from scenes.core.theme import THEMES
    from scenes.kit.batch import Progress, display_path, format_table, plan_job, run_batch
    from scenes.kit.beats import clip_outline
    from scenes.kit.slides import _stops_as_interrupts, check_writable, sections_folder

    fixed = _settings(theme, narrate, voice)
    chosen = resolve_parts(names, all_parts)
    folder = Path(out) if out else renders_dir() / EPISODES_DIR
    check_writable(folder)
    known = parts()
    classes = list(dict.fromkeys(c for p in chosen for c in
                                 (sum(known.values(), []) if p == SERIES else known[p])))
    options = RenderOptions(quality, "mp4", False, save_sections=True)
    renders = renders_dir()
    from scenes.kit.full_data import ensure_full_set

    missing = ensure_full_set([(cls, fixed) for cls in classes])  # fetched if a clip needs it
    if missing:
        cls, why = next(iter(missing.items()))
        print(f"no episode written: {cls.__name__}: {why}", file=sys.stderr)
        return 1
    planned = []
    for i, cls in enumerate(classes, 1):
        print(f"[prepare {i}/{len(classes)}] {cls.__name__}", file=sys.stderr, flush=True)
        job = plan_job(cls, fixed, options)  # trains, or loads the cache
        if not job.ready:
            raise BadInput(f"{job.label}: {job.message}")
        planned.append(job)
    to_render = []
    for job in planned:
        video = _fresh(renders, job)
        if video is None:
            to_render.append(job)
        else:
            job.status, job.output = "up to date", video
    if to_render:
        print(f"rendering {len(to_render)} of {len(planned)} clip(s)", file=sys.stderr)
        result = run_batch(to_render, jobs, renders, Progress(len(to_render)))
        if not result.ok:
            print(format_table(result.jobs), flush=True)
            print("no episode written: " + ("interrupted" if result.stopped_by is not None
                                            else "a render failed"), file=sys.stderr)  # fmt: skip
            return result.exit_status()
    by_class = {job.cls: job for job in planned}
    values = planned[0].values
    theme_obj = THEMES[values.theme]
    for part in chosen:
        members = sum(known.values(), []) if part == SERIES else known[part]
        pieces: list[Piece] = []
        fmt = video_format(by_class[members[0]].output)
        for n, cls in enumerate(members, 1):
            job = by_class[cls]
            outline = clip_outline(job, sections_folder(renders, job))
            title = outline.title or cls.__name__
            home = next(p for p, cs in known.items() if cls in cs)
            heading = f"{part_heading(home)} · {n} of {len(members)}"
            card = title_card(title, heading, theme_obj, fmt, CARD_SECONDS)
            subtitles = job.output.with_suffix(".srt")
            cues = read_srt(subtitles) if subtitles.is_file() else []
            pieces += [Piece(card, chapter=title), Piece(job.output, cues=cues)]
        target = folder / episode_name(part, values, quality)
        start = time.monotonic()
        try:
            with _stops_as_interrupts():
                joined = join(pieces, target, bool(values.narrate), part_heading(part))
        except (OSError, RuntimeError, ValueError) as exc:
            print(f"no episode written for {part}: {exc}", file=sys.stderr)
            return 1
        how = ("video copied" if joined.copied
               else f"video encoded again ({joined.reason})")
        print(f"wrote {display_path(joined.path)}: {len(members)} clip(s), "
              f"{joined.chapters} chapters, {joined.seconds / 60:.1f} min; {how}; "
              f"joined in {time.monotonic() - start:.1f} s", flush=True)  # fmt: skip
    return 0
