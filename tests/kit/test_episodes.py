"""Episodes: pieces joined in order with one chapter per clip, subtitles merged, atomic.

The clips here are tiny files made in the test (160x90, 15 fps, encoded as
Manim encodes), never renders of real clips; durations, chapters and sound are
read back with PyAV.
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from scenes.core.theme import THEMES
from scenes.kit import episodes as E
from scenes.render.subtitles import Cue

FPS = 15


def fake_clip(path, frames, size=(160, 90), tone=None, rate=48000):
    """A clip of ``frames`` frames (grey levels rising); ``tone=(t0, t1)``: a 440 Hz beep."""
    with av.open(str(path), "w", format="mp4") as out:
        video = out.add_stream("libx264", rate=FPS, options={"crf": "23"})
        video.pix_fmt, video.width, video.height = "yuv420p", *size
        audio = out.add_stream("aac", rate=rate, layout="mono") if tone else None
        for n in range(frames):
            pixels = np.full((size[1], size[0], 3), 40 + 5 * n, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, FPS)
            out.mux(video.encode(frame))
        out.mux(video.encode())
        if audio is not None:
            t = np.arange(int(frames / FPS * rate)) / rate
            pcm = np.where((t >= tone[0]) & (t < tone[1]), 0.5 * np.sin(2 * np.pi * 440 * t), 0)
            for i in range(0, len(pcm), 4096):
                frame = av.AudioFrame.from_ndarray(pcm[i:i + 4096].astype(np.float32)[None],
                                                   format="flt", layout="mono")  # fmt: skip
                frame.sample_rate, frame.pts, frame.time_base = rate, i, Fraction(1, rate)
                out.mux(audio.encode(frame))
            out.mux(audio.encode())
    return path


@pytest.fixture
def clips(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    a = fake_clip(src / "A.mp4", 15, tone=(0.2, 0.6))  # 1.0 s, a beep from 0.2 to 0.6 s
    b = fake_clip(src / "B.mp4", 9)  # 0.6 s, no sound at all
    fmt = E.video_format(a)
    card = E.title_card("A title", "Part 1 · Test · 1 of 2", THEMES["dark"], fmt, 0.4)
    cues = [Cue(0, 0.5, "a one"), Cue(0.5, 1, "a two")]
    pieces = [E.Piece(card, "Clip A"), E.Piece(a, cues=cues),
              E.Piece(card, "Clip B"), E.Piece(b, cues=[Cue(0, 0.6, "b")])]  # fmt: skip
    return tmp_path, pieces


def read_back(path):
    with av.open(str(path)) as container:
        chapters = [(float(c["start"] * c["time_base"]), c["metadata"].get("title"))
                    for c in container.chapters()]  # fmt: skip
        video = container.streams.video[0]
        times = [float(f.pts * f.time_base) for f in container.decode(video)]
        # every frame in its place: one frame period after the one before, from 0
        assert times == pytest.approx([n / FPS for n in range(len(times))], abs=1e-3)
        frames = len(times)
    with av.open(str(path)) as container:
        sound = None
        if container.streams.audio:
            stream = container.streams.audio[0]
            sound = (np.concatenate([f.to_ndarray().mean(axis=0)
                                     for f in container.decode(stream)]), stream.rate)  # fmt: skip
    return chapters, frames, sound


def test_an_episode_is_its_pieces_in_order_with_a_chapter_per_clip(clips):
    folder, pieces = clips
    target = folder / "out" / "ep.narrated.mp4"
    joined = E.join(pieces, target, sound=True, title="Part 1")
    assert joined.copied and joined.reason is None  # the card was encoded as the clips are
    chapters, frames, (pcm, rate) = read_back(target)
    assert frames == 6 + 15 + 6 + 9  # cards of 0.4 s: 6 frames
    assert joined.seconds == pytest.approx(frames / FPS)
    assert chapters == [(0.0, "Clip A"), (pytest.approx(1.4, abs=1e-3), "Clip B")]
    # the subtitles, each moved to where its clip starts (after its card)
    srt = target.with_suffix(".srt").read_text()
    assert "00:00:00,400 --> 00:00:00,900\na one" in srt
    assert "00:00:01,800 --> 00:00:02,400\nb" in srt
    assert target.with_suffix(".vtt").read_text().startswith("WEBVTT")
    # the sound: as long as the video; A's beep at 0.4 + (0.2 .. 0.6) s, silence elsewhere
    assert len(pcm) / rate == pytest.approx(frames / FPS, abs=0.05)
    loud = np.flatnonzero(np.abs(pcm) > 0.1) / rate
    assert loud.min() == pytest.approx(0.6, abs=0.03) and loud.max() == pytest.approx(1.0, abs=0.03)
    assert sorted(p.name for p in target.parent.iterdir()) == [
        "ep.narrated.mp4", "ep.narrated.srt", "ep.narrated.vtt"]  # fmt: skip


def test_a_piece_whose_video_differs_is_encoded_again_and_said(clips):
    folder, pieces = clips
    odd = fake_clip(folder / "src" / "C.mp4", 9, size=(192, 108))
    pieces[3] = E.Piece(odd)
    joined = E.join(pieces, folder / "ep.mp4", sound=False)
    assert not joined.copied and "width" in joined.reason and "C.mp4" in joined.reason
    chapters, frames, sound = read_back(folder / "ep.mp4")
    assert frames == 6 + 15 + 6 + 9 and sound is None and len(chapters) == 2


def test_an_interrupted_episode_leaves_nothing(clips, monkeypatch):
    folder, pieces = clips
    out = folder / "out"
    out.mkdir()
    calls = []

    def interrupted(*args):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(E, "_encode_audio", interrupted)
    with pytest.raises(KeyboardInterrupt):
        E.join(pieces, out / "ep.mp4", sound=True)
    assert list(out.iterdir()) == []


def test_parts_cover_every_clip_once_and_take_short_names():
    from scenes.kit.registry import all_scenes

    parts = E.parts()
    listed = [c for clips in parts.values() for c in clips]
    assert len(listed) == len(set(listed))
    assert set(listed) == {c for c in all_scenes().values() if c.IN_DEFAULT_RENDER}
    first = next(iter(parts))
    number, _, words = first.partition("_")
    for typed in (first, number, number[4:], words, number.upper()):
        assert E.resolve_parts([typed], False) == [first]
    assert E.resolve_parts([], True) == [*parts, E.SERIES]


def test_a_bad_part_name_is_one_line_and_exit_2(capsys, tmp_path, monkeypatch):
    from scenes.kit.cli import main

    monkeypatch.setenv("NNFIT_RENDERS_DIR", str(tmp_path))
    for argv in (["episode", "part9"], ["episode"], ["episode", "part1", "--all"]):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: "), err
    assert list(tmp_path.iterdir()) == []


def test_the_gallery_lists_episodes(clips):
    from scenes.kit.gallery import write_gallery

    folder, pieces = clips
    renders = folder / "renders"
    E.join(pieces, renders / E.EPISODES_DIR / "part1_test.mp4", sound=False)
    page = write_gallery(renders).page.read_text()
    assert 'id="episodes"' in page and "episodes/part1_test.mp4" in page
    assert 'src="episodes/part1_test.vtt"' in page  # its captions track


def test_the_command_reuses_up_to_date_renders_and_names_the_episode(tmp_path, monkeypatch):
    """``episode`` over a one-clip part whose render is up to date: nothing renders."""
    import json

    from scenes.clips.smoke import SmokeTest
    from scenes.kit import batch
    from scenes.kit.beats import OUTLINE_FILE, OUTLINE_VERSION

    renders = tmp_path / "renders"
    sections = renders / "sections" / "SmokeTest__theme-light"
    sections.mkdir(parents=True)
    video = fake_clip(renders / "SmokeTest__theme-light.mp4", 12)
    (renders / "SmokeTest__theme-light.srt").write_text(
        "1\n00:00:00,000 --> 00:00:00,800\nThe curve.\n")
    fake_clip(sections / "SmokeTest_0000_network.mp4", 12)
    (sections / "SmokeTest.json").write_text(json.dumps(
        [{"name": "network", "video": "SmokeTest_0000_network.mp4", "duration": "0.8"}]))
    (sections / OUTLINE_FILE).write_text(json.dumps(
        {"version": OUTLINE_VERSION, "title": "Rendering works", "sections": []}))
    monkeypatch.setenv("NNFIT_RENDERS_DIR", str(renders))
    monkeypatch.setattr(E, "parts", lambda: {"part1_smoke": [SmokeTest]})
    monkeypatch.setattr(batch, "run_batch", lambda *a, **k: pytest.fail("rendered again"))
    assert E.make_episodes(["1"], theme="light") == 0
    episode = renders / "episodes" / "part1_smoke__theme-light.mp4"
    chapters, frames, sound = read_back(episode)
    assert chapters == [(0.0, "Rendering works")] and sound is None
    assert frames == 2 * FPS + 12 == E.video_format(video).rate * 2 + 12
    assert "00:00:02,000 --> 00:00:02,800\nThe curve." in episode.with_suffix(".srt").read_text()
