"""Narration: speech cached per text and voice, beats holding for their speech, cues in step.

A fake voice (a silent WAV of 0.3 s per word) stands in where real speech is
not the point; one real espeak-ng render of a two-beat clip checks the audio
track (skipped where espeak-ng is not installed).
"""

from __future__ import annotations

import math
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from scenes.core.params import ParamError
from scenes.render import narration
from scenes.render.subtitles import beat_cues
from tests.conftest import build_scene
from tests.render.two_beats import TwoBeats

FPS = 15  # -ql, as build_scene runs


class FakeVoice(narration.Voice):
    """Silence of 0.3 s per word, at 16 kHz; counts its calls."""

    name = "espeak"
    calls = 0

    def problem(self):
        return None

    def ident(self):
        return "fake 0.3 s/word"

    def synthesize(self, text, wav):
        FakeVoice.calls += 1
        with wave.open(str(wav), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(16000)
            out.writeframes(b"\0\0" * int(16000 * 0.3 * len(text.split())))


@pytest.fixture
def fake_voice(monkeypatch, tmp_path):
    monkeypatch.setenv("NNFIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setitem(narration.VOICES, "espeak", FakeVoice())
    monkeypatch.setitem(narration.VOICES, "piper", _Missing("voice piper needs piper-tts"))
    FakeVoice.calls = 0
    return tmp_path / "cache" / "speech"


class _Missing(narration.Voice):
    def __init__(self, message):
        self.message = message

    def problem(self):
        return self.message


def frames_up(seconds: float) -> float:
    """The clock after holding until ``seconds``: whole frames, rounded up."""
    return math.ceil(seconds * FPS - 1e-9) / FPS


def test_beats_hold_until_their_speech_has_ended_and_cues_follow_the_beats(fake_voice):
    plain = build_scene(TwoBeats, params={})
    told = build_scene(TwoBeats, params={"narrate": "true"})
    words = [len(b.narration.split()) for b in told.beat_log]
    speech = [0.3 * n for n in words]
    assert [s for _, s in told.speech_log] == pytest.approx(speech)
    # beat 1 plays 0.6 + 0.5 s (9 + 8 frames), then holds until its speech and pause end
    first = max(frames_up(speech[0] + narration.PAUSE), plain.beat_log[1].start)
    starts = [b.start for b in told.beat_log]
    assert starts == pytest.approx([0.0, first], abs=1e-9)
    assert [s for s, _ in told.speech_log] == starts  # each speech starts with its beat
    # the clip ends after the last speech and its pause; the unnarrated clip did not stretch
    assert told.clock == pytest.approx(frames_up(first + speech[1] + narration.PAUSE), abs=1e-9)
    assert plain.clock == pytest.approx((9 + 8 + 11 + 4) / FPS)  # Manim's frame counts
    # cues: one per beat, from its start to the next (the subtitles of a render)
    cues = beat_cues(told.beat_log, told.clock)
    assert [(c.start, c.end) for c in cues] == [(0.0, first), (first, told.clock)]
    # spoken once, kept: a second build reads the cache, written with no partial file
    calls = FakeVoice.calls
    build_scene(TwoBeats, params={"narrate": "true"})
    assert FakeVoice.calls == calls == 2
    assert len(list(fake_voice.glob("*.wav"))) == 2 and not list(fake_voice.glob(".partial*"))


def test_a_missing_voice_is_one_line_and_exit_2_before_any_work(monkeypatch, capsys, tmp_path):
    from scenes.clips.smoke import SmokeTest
    from scenes.kit.cli import main

    monkeypatch.setenv("NNFIT_RENDERS_DIR", str(tmp_path))
    monkeypatch.setitem(narration.VOICES, "espeak", _Missing("voice espeak needs espeak-ng"))
    monkeypatch.setitem(narration.VOICES, "piper", _Missing("voice piper needs piper-tts"))
    for argv in (["render", "SmokeTest", "--narrate"], ["render", "SmokeTest", "--voice", "piper"],
                 ["render", "--all", "--narrate"], ["episode", "part1", "--narrate"]):  # fmt: skip
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: "), err
        assert ("piper-tts" if "piper" in argv else "none is installed") in err[0]
    with pytest.raises(ParamError, match="none is installed"):  # plain manim: narrate=true
        SmokeTest.resolve_params({"narrate": "true"})
    assert list(tmp_path.iterdir()) == []


def test_narrated_files_carry_the_tag_and_their_names_read_back():
    from scenes.clips.smoke import SmokeTest
    from scenes.kit.outputs import output_name, parse_output_name

    scenes = {"SmokeTest": SmokeTest}
    plain = SmokeTest.resolve_params({})
    assert output_name(SmokeTest, plain) == "SmokeTest.mp4"
    for values in ({"narrate": True, "voice": "espeak"},):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(narration, "choose_voice", lambda name="auto": None)
            told = SmokeTest.resolve_params(values)
            name = output_name(SmokeTest, told, "m")
            assert name == "SmokeTest__voice-espeak.720p30.narrated.mp4"
            parsed = parse_output_name(name, scenes)
            assert parsed.values.values == told.values and parsed.options.quality == "m"


@pytest.mark.render
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_a_narrated_render_speaks_each_beat_without_overlap(tmp_path, monkeypatch):
    import av

    from scenes.kit.process import render_scene
    from tests.conftest import playable_seconds

    values = TwoBeats.resolve_params({"narrate": "true", "voice": "espeak"})
    video = render_scene(TwoBeats, values, out_dir=tmp_path, extra_manim_args=["-r", "160,90"])
    assert video.name == "TwoBeats__voice-espeak.narrated.mp4"
    # the same speech (cached by the render) in a dry run: the beat starts and speech lengths
    told = build_scene(TwoBeats, params={"narrate": "true", "voice": "espeak"})
    (s1, d1), (s2, d2) = told.speech_log
    assert s2 >= s1 + d1 + narration.PAUSE - 1e-9  # no speech runs into the next beat
    assert abs(playable_seconds(video) - told.clock) <= 1 / FPS + 1e-3
    with av.open(str(video)) as container:
        stream = container.streams.audio[0]
        rate = stream.rate
        pcm = np.concatenate([f.to_ndarray().mean(axis=0) for f in container.decode(stream)])
    assert len(pcm) / rate >= d1 + d2  # the audio holds all the speech
    loud = np.abs(pcm) > 0.01 * np.abs(pcm).max()
    spoken = np.flatnonzero(loud) / rate
    # sound only within each beat's speech (a 50 ms margin for AAC's frames)
    assert spoken.min() >= s1 - 0.05 and spoken.max() <= s2 + d2 + 0.05
    gap = (spoken > s1 + d1 + 0.05) & (spoken < s2 - 0.05)
    assert not gap.any(), spoken[gap][:5]
    assert loud[int((s2 + 0.1) * rate):int((s2 + d2 - 0.1) * rate)].any()  # beat 2 speaks
    cues = video.with_suffix(".srt").read_text().split("\n\n")
    assert [c.splitlines()[1].split(" --> ")[0] for c in cues] == [
        f"00:00:0{int(s)},{round(1000 * (s % 1)):03d}" for s in (s1, s2)]  # fmt: skip
    assert not list(Path(tmp_path).glob(".partial-*"))
