"""Tweak latency: a second render with only a visual parameter changed must not retrain.

Run alone: ``.venv/bin/python -m bench --only tweak``

For a trained 1-D clip (``SumOfRelus``) and a digit-network clip
(``TestAccuracy``, else ``NetworkStructure``): render once with a cold
trajectory cache (``NNFIT_CACHE_DIR`` a fresh temporary folder), then again
with ``theme=light``, both through ``python -m scenes render`` into a
temporary ``NNFIT_RENDERS_DIR``. The second must add no trajectory file to
the cache (checked by listing it) and should cost only the drawing.

Renders are ``--format png`` (Manim's ``-s``: the whole ``construct`` runs,
only the last frame is written), the preview a user makes while tweaking;
it keeps the benchmark short, and training, not frame encoding, is what a
visual change must not repeat. CPU seconds (the command and its Manim child)
are given beside wall-clock seconds.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from . import Row, fmt_s

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = (("SumOfRelus",), ("TestAccuracy", "NetworkStructure"))


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def render(scene: str, extra: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``python -m scenes render SCENE --format png EXTRA``."""
    cmd = [sys.executable, "-m", "scenes", "render", scene, "--format", "png", *extra]
    cpu, wall = children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - wall, children_cpu() - cpu
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
        raise RuntimeError(f"{' '.join(cmd[2:])} failed: {' '.join(tail)}")
    return wall, cpu


def run(quick: bool = False, log: Callable[[str], None] = print) -> list[Row]:
    from scenes.kit.registry import all_scenes

    sec = "tweak"
    rows: list[Row] = []
    scenes = all_scenes()
    chosen = [next((n for n in names if n in scenes), None) for names in CANDIDATES]
    work = Path(tempfile.mkdtemp(prefix="nnfit-bench-tweak-"))
    try:
        for i, scene in enumerate(chosen):
            if scene is None:
                rows.append(Row(f"tweak: {'/'.join(CANDIDATES[i])}", "clip missing", section=sec))
                continue
            cache = work / f"cache-{scene}"  # cold: a fresh folder per clip
            env = dict(os.environ, NNFIT_CACHE_DIR=str(cache), NNFIT_RENDERS_DIR=str(work / "out"))
            for key in ("NNFIT_PARAMS", "NNFIT_PARAMS_FILE"):
                env.pop(key, None)
            log(f"tweak: {scene}: cold render, then theme=light")
            try:
                first_wall, first_cpu = render(scene, [], env)
                files_first = sorted(p.name for p in cache.glob("*.npz"))
                second_wall, second_cpu = render(scene, ["--theme", "light"], env)
                files_second = sorted(p.name for p in cache.glob("*.npz"))
            except RuntimeError as exc:
                rows.append(Row(f"tweak {scene}", "failed", seconds=str(exc)[:80], section=sec))
                continue
            new = len(set(files_second) - set(files_first))
            rows.append(Row(
                f"tweak {scene}: 2nd render (theme=light) / 1st (cold)", fmt_s(second_wall),
                fmt_s(first_wall), second_wall / first_wall,
                "no retrain: 0 new cache files", new == 0 and len(files_first) > 0,
                f"CPU {fmt_s(second_cpu)} / {fmt_s(first_cpu)} ({second_cpu / first_cpu:.2f}x);"
                f" cache files {len(files_first)} -> {len(files_second)}",
                sec,
            ))  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows
