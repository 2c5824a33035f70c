"""Render options and output names.

Every file ``render`` writes is named by its clip and parameters.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scenes.core.params import (
    ParamError,
    ParamValues,
    resolve,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the folder holding scenes/ and manim.cfg
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}
FORMATS = ("mp4", "gif", "webm", "png")
#: Extensions of files a render can produce (transparent mp4 comes out as .mov).
OUTPUT_EXTENSIONS = ("mp4", "mov", "webm", "gif", "png")
TRANSPARENT_TAG = "transparent"
#: Files with each beat's narration spoken on their audio track (``--narrate``).
NARRATED_TAG = "narrated"
#: ``render --encode``: x264 options given to Manim (``--encoder-option KEY=VALUE``).
#: final: Manim's own (crf 23, preset medium); draft: preset veryfast, measured at
#: 0.81x the CPU of a 1080p60 render, PSNR 47.6 dB against a lossless encode (final 50.3).
ENCODINGS = {"final": (), "draft": ("preset=veryfast",)}


def renders_dir() -> Path:
    return Path(os.environ.get("NNFIT_RENDERS_DIR", PROJECT_ROOT / "renders"))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class RenderOptions:
    """How to render (not what): quality, file format, transparency, sections."""

    quality: str = "l"
    fmt: str = "mp4"
    transparent: bool = False
    save_sections: bool = False
    extra_manim_args: tuple[str, ...] = ()
    #: "final": Manim's x264 settings; "draft": x264 ``preset=veryfast`` (less CPU, a
    #: slightly larger and softer file; see ENCODINGS). Only H.264 (mp4) has presets.
    encode: str = "final"

    @property
    def extension(self) -> str:
        # Manim writes transparent "mp4" as a QuickTime .mov (H.264 has no alpha channel).
        return "mov" if self.fmt == "mp4" and self.transparent else self.fmt

    def manim_args(self) -> list[str]:
        args = [f"-q{self.quality}"]
        if self.fmt == "png":
            args.append("-s")  # the last frame only
        elif self.fmt != "mp4":
            args += ["--format", self.fmt]
        if self.transparent:
            args.append("--transparent")
        if self.save_sections and self.fmt != "png":
            args.append("--save_sections")
        if self.fmt == "mp4" and not self.transparent:
            args += [f"--encoder-option={o}" for o in ENCODINGS[self.encode]]
        return args + list(self.extra_manim_args)

    def cli_flags(self) -> list[str]:
        """The ``python -m scenes render`` flags that give these options."""
        flags = []
        if self.quality != "l":
            flags += ["--quality", self.quality]
        if self.fmt != "mp4":
            flags += ["--format", self.fmt]
        if self.transparent:
            flags.append("--transparent")
        if self.save_sections:
            flags.append("--save-sections")
        if self.encode != "final":
            flags += ["--encode", self.encode]
        return flags


def output_name(
    cls: type, values: ParamValues, quality: str = "l", fmt: str = "mp4", transparent: bool = False
) -> str:
    """``Scene__key-value.720p30.transparent.narrated.ext``: quality tag only when not low."""
    options = RenderOptions(quality, fmt, transparent)
    tags = "" if quality == "l" else f".{QUALITIES[quality]}"
    if transparent:
        tags += f".{TRANSPARENT_TAG}"
    if values.values.get("narrate"):
        tags += f".{NARRATED_TAG}"
    return f"{cls.__name__}{values.suffix()}{tags}.{options.extension}"


def set_flags(values: ParamValues) -> list[str]:
    """``--set key=value`` for each non-default value, as a user would type them."""
    specs = {p.name: p for p in values.specs}
    flags = []
    for name, value in values.non_default().items():
        flags += ["--set", f"{name}={specs[name].format(value)}"]
    return flags


def render_command(cls: type, values: ParamValues, options: RenderOptions) -> str:
    """The command line that renders this exact file again."""
    words = ["python", "-m", "scenes", "render", cls.__name__, *set_flags(values)]
    return shlex.join(words + options.cli_flags())


def describe(cls: type, values: ParamValues) -> str:
    """A short label: the scene and its non-default values, ``Scene seed=3``."""
    flags = set_flags(values)[1::2]
    return " ".join([cls.__name__, *flags])


# -- reading a file name back -----------------------------------------------
@dataclass(frozen=True)
class ParsedName:
    """What a render's file name says: scene, parameters and render options."""

    cls: type
    values: ParamValues
    options: RenderOptions


def _split_suffix(suffix: str, names: Sequence[str]) -> dict[str, str]:
    """``seed-3_noise-0.5`` -> ``{"seed": "3", "noise": "0.5"}`` for the known names."""
    names = sorted(names, key=len, reverse=True)  # longest first: "learning_rate" before "rate"
    out: dict[str, str] = {}
    i = 0
    while i < len(suffix):
        name = next((n for n in names if suffix.startswith(n + "-", i)), None)
        if name is None:
            raise ValueError(suffix[i:])
        start = i + len(name) + 1
        ends = [suffix.find(f"_{n}-", start) for n in names]
        end = min([e for e in ends if e >= 0], default=len(suffix))
        out[name] = suffix[start:end]
        i = end + 1
    return out


def parse_output_name(filename: str, scenes: Mapping[str, type]) -> ParsedName | None:
    """Scene, parameters and options of a render's file name; None if it names none.

    Only names that :func:`output_name` gives back exactly are accepted, so a
    parse is never a guess.
    """
    stem, _, ext = filename.rpartition(".")
    if ext not in OUTPUT_EXTENSIONS or not stem:
        return None
    narrated = stem.endswith(f".{NARRATED_TAG}")
    if narrated:
        stem = stem[: -len(NARRATED_TAG) - 1]
    transparent = stem.endswith(f".{TRANSPARENT_TAG}")
    if transparent:
        stem = stem[: -len(TRANSPARENT_TAG) - 1]
    quality = "l"
    for q, tag in QUALITIES.items():
        if q != "l" and stem.endswith(f".{tag}"):
            quality, stem = q, stem[: -len(tag) - 1]
    scene, _, suffix = stem.partition("__")
    cls = scenes.get(scene)
    if cls is None:
        return None
    specs = cls.all_params()
    try:
        texts = _split_suffix(suffix, [p.name for p in specs])
        by_name = {p.name: p for p in specs}
        for name, text in texts.items():
            if by_name[name].type is tuple:  # undo the file-name spelling of lists
                text = text.replace("+", ",")
                if by_name[name].pairs:
                    text = text.replace("_", ":")
            texts[name] = text
        if narrated:
            texts["narrate"] = "true"
        values = resolve(scene, specs, texts, environ={})
    except (ValueError, ParamError):
        return None
    fmt = "mp4" if ext == "mov" else ext
    if output_name(cls, values, quality, fmt, transparent) != filename:
        return None
    return ParsedName(cls, values, RenderOptions(quality, fmt, transparent))
