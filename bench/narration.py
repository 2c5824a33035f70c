"""Narration and episodes: what speech costs per voice, and what joining an episode costs.

Run alone: ``.venv/bin/python -m bench --only narration``

- Speech synthesis, for each voice installed here (Piper, espeak-ng): the
  narrations of one clip's beats (``LeastSquaresLine``, from a dry run) spoken
  into a temporary folder, never the cache; seconds of synthesis per second of
  speech (a real-time factor: below 1 is faster than speaking). Piper's model
  load is timed apart (once per render process).
- A narrated render against the same render without narration: ``SmokeTest``
  at ``-ql`` through ``python -m scenes render`` with a fresh speech cache
  (so it includes the synthesis) against the plain render. The narrated clip
  is longer (it holds for its speech), so it also costs more frames.
- An episode's assembly (title cards, packet copy, merged subtitles, and for
  narrated episodes the sound laid out and encoded) against the sum of its
  clips' render times: three ``SmokeTest`` renders (seeds 1-3), rendered here
  and timed as ``render`` reports them, then joined (target: a small fraction).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from . import Row, fmt_s

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CLIP = "LeastSquaresLine"


def narrations() -> list[str]:
    from scenes.kit.beats import observe_clip
    from scenes.kit.registry import all_scenes

    cls = all_scenes()[CLIP]
    return [s.narration for s in observe_clip(cls, cls.resolve_params({})).sections
            if s.narration]  # fmt: skip


def synthesis_rows(texts: list[str], log: Callable[[str], None]) -> list[Row]:
    from scenes.render import narration

    rows = []
    for name, voice in narration.VOICES.items():
        problem = voice.problem()
        if problem:
            rows.append(Row(f"speech: {name}", "not installed", seconds=problem[:40],
                            section="narration"))  # fmt: skip
            continue
        extra = ""
        if name == "piper":
            start = time.perf_counter()
            voice._model()
            extra = f"; model load {fmt_s(time.perf_counter() - start)}"
        with tempfile.TemporaryDirectory(prefix="nnfit-bench-speech-") as folder:
            spoken = took = 0.0
            for i, text in enumerate(texts):
                wav = Path(folder) / f"{i}.wav"
                start = time.perf_counter()
                voice.synthesize(text, wav)
                took += time.perf_counter() - start
                spoken += narration.wav_seconds(wav)
        log(f"speech {name}: {spoken:.1f} s of speech in {took:.2f} s")
        rows.append(Row(f"speech: {name}, {len(texts)} narrations of {CLIP}",
                        f"{fmt_s(took)} for {spoken:.1f} s of speech", "speaking it",
                        took / spoken, "< 1x (faster than speech)", took < spoken,
                        f"{took / spoken:.3f} s per s{extra}", "narration"))  # fmt: skip
    return rows


def scenes_cmd(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "scenes", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
        raise RuntimeError(f"scenes {' '.join(args)} failed: {' '.join(tail)}")
    return time.perf_counter() - start


def render_rows(work: Path, log: Callable[[str], None]) -> list[Row]:
    from scenes.render.narration import choose_voice

    voice = choose_voice("auto").name
    env = dict(os.environ, NNFIT_RENDERS_DIR=str(work / "r"), NNFIT_CACHE_DIR=str(work / "c"))
    plain = scenes_cmd(["render", "SmokeTest", "--jobs", "1"], env)
    told = scenes_cmd(["render", "SmokeTest", "--narrate", "--jobs", "1"], env)
    log(f"SmokeTest: plain {plain:.1f} s, narrated ({voice}, cold speech cache) {told:.1f} s")
    return [Row(f"render SmokeTest narrated ({voice}, speech not cached)", fmt_s(told),
                fmt_s(plain), told / plain, "-", None, "wall, -ql, one process",
                "narration")]  # fmt: skip


def episode_rows(work: Path, log: Callable[[str], None]) -> list[Row]:
    from scenes.clips.smoke import SmokeTest
    from scenes.core.theme import THEMES
    from scenes.kit import episodes as E
    from scenes.kit.batch import Progress, plan_job, run_batch
    from scenes.kit.outputs import RenderOptions

    rows = []
    for narrate in (False, True):
        sets = ["narrate=true"] if narrate else []
        jobs = [plan_job(SmokeTest, [f"seed={s}", *sets], RenderOptions(save_sections=True))
                for s in (1, 2, 3)]  # fmt: skip
        folder = work / ("told" if narrate else "plain")
        with open(os.devnull, "w") as quiet:
            result = run_batch(jobs, 1, folder, Progress(len(jobs), quiet))
        if not result.ok:
            raise RuntimeError("SmokeTest renders failed")
        rendered = sum(job.seconds or 0.0 for job in result.jobs)
        start = time.perf_counter()
        fmt = E.video_format(jobs[0].output)
        pieces = []
        for n, job in enumerate(jobs, 1):
            card = E.title_card(f"Smoke test {n}", "Bench · 3 clips", THEMES["dark"], fmt, 2.0)
            cues = E.read_srt(job.output.with_suffix(".srt"))
            pieces += [E.Piece(card, f"Smoke test {n}"), E.Piece(job.output, cues=cues)]
        joined = E.join(pieces, folder / "episodes" / "bench.mp4", narrate, "Bench")
        took = time.perf_counter() - start
        what = "narrated" if narrate else "silent"
        log(f"episode ({what}): joined in {took:.2f} s; clips rendered in {rendered:.1f} s")
        rows.append(Row(f"episode of 3 SmokeTest clips ({what}), from their renders",
                        fmt_s(took), f"{fmt_s(rendered)} rendering them", took / rendered,
                        "<= 0.1x", took <= 0.1 * rendered,
                        f"{joined.seconds:.1f} s of video; "
                        + ("copied" if joined.copied else "encoded again"), "narration"))
    return rows


def run(quick: bool = False, log: Callable[[str], None] = print) -> list[Row]:
    rows = synthesis_rows(narrations()[: 3 if quick else None], log)
    from scenes.render.narration import ParamError, choose_voice

    try:
        choose_voice("auto")
    except ParamError as exc:
        return rows + [Row("narrated render and episode", "no voice", seconds=str(exc)[:40],
                           section="narration")]  # fmt: skip
    work = Path(tempfile.mkdtemp(prefix="nnfit-bench-narration-"))
    try:
        with_cache = dict(os.environ)
        os.environ["NNFIT_CACHE_DIR"] = str(work / "cache")
        try:
            rows += render_rows(work, log)
            rows += episode_rows(work, log)
        finally:
            os.environ.clear()
            os.environ.update(with_cache)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows
