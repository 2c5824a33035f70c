"""Render time of every clip against a floor scene of the same length and resolution.

Run alone: ``.venv/bin/python -m bench --only render``

Each clip of ``scenes.kit.registry.all_scenes()`` that is in the default render
is rendered at ``-ql`` (and a subset at ``-qh``, 1080p60: every clip with
``--budget 0`` or ``--clips``) with its defaults by the real ``manim`` command in a
subprocess (``scenes.kit.process.ManimProcess``, what ``python -m scenes render``
runs), with the trajectory cache warmed first so no training is timed. Its
video's length is read back with PyAV, and ``bench/floor_scene.py``'s
``FloorScene`` (one dot) is rendered for that length right after it.

Every clip and its floor are rendered twice (``--quick``: once), the
second round after all first ones, and the least CPU time of each is
compared, as the other sections keep the fastest repeat.

Ratios are of CPU seconds (user + system, of the Manim process and its
children, from ``os.wait4``): on a shared, oversubscribed machine the
wall-clock time of a render mostly measures the neighbours, while its CPU
time is its own work. Wall-clock seconds are printed beside them. Two
renders run at once (the machine has two cores), a clip's floor queued
ahead of the remaining clips so that each pair runs close together.

Also: the weight grids of ``TrainedWeightGrids`` drawn as one ImageMobject
per grid against 784 Squares per grid, for the same snapshots
(``bench/weight_squares.py``).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import Row

#: CPU-time ratio to the floor each kind of clip must stay within, per quality.
TARGETS = {"l": (3.0, 6.0), "h": (1.3, 2.0)}  # (2-D, 3-D)
#: Clips measured at -qh by default (all of them with ``--budget 0``): the 3-D clip and
#: one 2-D clip; 1080p60 renders take a minute each, so all of them would not fit in
#: ``make bench``'s ten minutes.
HIGH_QUALITY_SUBSET = ("CostSurfaceDescent", "LeastSquaresLine")
#: Renders of each clip and of its floor; the least CPU of each is compared.
REPEATS = 2
WEIGHT_CLIP = "TrainedWeightGrids"


@dataclass(eq=False)
class Render:
    """One Manim render to run and what it cost.

    ``then`` is called when it has finished and returns renders to run next
    (ahead of everything still queued): a clip queues its floor that way.
    """

    label: str
    cls: type
    overrides: dict = field(default_factory=dict)
    then: Callable[[Render], list[Render]] | None = None
    #: a few seconds only (a floor): may start until shortly before the hard deadline
    cheap: bool = False
    quality: str = "l"
    cpu: float | None = None
    wall: float | None = None
    duration: float | None = None
    error: str = ""


def video_seconds(path: Path) -> float:
    """Length of a rendered video, from its frame count and frame rate (PyAV)."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = stream.frames
        if not frames:  # container without a frame count: decode and count
            frames = sum(1 for _ in container.decode(stream))
        return float(frames / stream.average_rate)


def _start(job: Render, out_dir: Path):
    from scenes.kit.outputs import RenderOptions
    from scenes.kit.process import ManimProcess

    values = job.cls.resolve_params(job.overrides)
    return ManimProcess(job.cls, values, RenderOptions(job.quality, "mp4"), out_dir)


def run_renders(
    jobs: list[Render],
    out_dir: Path,
    n_parallel: int,
    log: Callable[[str], None],
    soft_deadline: float = float("inf"),
    hard_deadline: float = float("inf"),
) -> None:
    """Run the jobs, ``n_parallel`` at a time, filling in their costs.

    No render starts after ``soft_deadline`` (``time.monotonic()``) but cheap
    ones (floors), until 20 s before ``hard_deadline``; any still running at
    ``hard_deadline`` is stopped. Such jobs keep ``cpu is None``.
    """
    queue = list(jobs)
    running: dict[int, tuple[Render, object, float]] = {}
    try:
        while queue or running:
            while queue and len(running) < n_parallel:
                limit = hard_deadline - 20 if queue[0].cheap else soft_deadline
                if time.monotonic() >= limit:
                    break
                job = queue.pop(0)
                manim = _start(job, out_dir)
                running[manim.pid] = (job, manim, time.perf_counter())
            if not running:
                break  # past the soft deadline: the rest is not started
            if time.monotonic() > hard_deadline:
                log(f"render: time budget spent, stopping {len(running)} render(s)")
                break
            # wait4 rather than Popen.poll: it also gives the child's resource usage
            # (its own and its waited-for children's, e.g. LaTeX).
            pid, status, usage = os.wait4(-1, os.WNOHANG)
            if pid == 0:
                time.sleep(0.2)
                continue
            if pid not in running:
                continue
            job, manim, start = running.pop(pid)
            job.wall = time.perf_counter() - start
            job.cpu = usage.ru_utime + usage.ru_stime
            manim.proc.returncode = os.waitstatus_to_exitcode(status)
            try:
                path = manim.finish()
                job.duration = video_seconds(path)
                path.unlink()
            except (RuntimeError, OSError) as exc:
                job.error = str(exc).strip().splitlines()[-1]
            finally:
                manim.cleanup()
            done = f"{job.label}: cpu {job.cpu:.1f} s, wall {job.wall:.1f} s"
            log(f"render: {done}" + (f", FAILED: {job.error}" if job.error else ""))
            if job.then is not None and not job.error:
                queue[:0] = job.then(job)
    finally:
        for _, manim, _ in running.values():
            manim.stop()
            manim.cleanup()


def floor_for(job: Render) -> list[Render]:
    """The floor render of a finished clip: same length, same quality."""
    from .floor_scene import FloorScene

    floor = Render(
        f"floor {job.duration:.2f} s -q{job.quality}",
        FloorScene,
        {"duration": job.duration},
        cheap=True,
        quality=job.quality,
    )
    job.floor = floor  # type: ignore[attr-defined]
    return [floor]


def run(
    quick: bool = False,
    log: Callable[[str], None] = print,
    budget: float | None = None,
    clips: list[str] | None = None,
    qualities: tuple[str, ...] = ("l", "h"),
) -> list[Row]:
    """Render every default clip and its floor; ``budget``: seconds this section may take.

    Past ``budget - 60`` s no render starts; at ``budget`` running ones are stopped.
    Clips left out are listed as "not run" (run ``--only render`` for all of them).
    """
    from scenes.kit.registry import all_scenes
    from scenes.render.clip import ClipScene3D

    from .weight_squares import WeightGridsImages, WeightGridsSquares

    sec = "render"
    rows: list[Row] = []
    scenes = all_scenes()
    unknown = sorted(set(clips or ()) - set(scenes))
    if unknown:
        raise SystemExit(f"error: unknown clip(s) {', '.join(unknown)}")
    chosen = clips
    clips = [cls for cls in scenes.values() if cls.IN_DEFAULT_RENDER]
    if chosen:
        clips = [cls for cls in clips if cls.__name__ in chosen]
    # The two named in the targets first (the 3-D clip, the weight grids), so that a
    # tight time budget still measures them; then the rest in registry order.
    clips.sort(key=lambda c: (not issubclass(c, ClipScene3D), c.__name__ != WEIGHT_CLIP))
    jobs: list[Render] = []
    ready = []
    for cls in clips:
        try:  # warm the trajectory cache: training is not what is timed here
            cls.prepare(cls.resolve_params({}))
        except Exception as exc:  # a clip being written may not work yet: report, go on
            rows.append(Row(f"render {cls.__name__}", "prepare failed", seconds=str(exc)[:60],
                            section=sec))  # fmt: skip
            continue
        ready.append(cls)
        if "l" in qualities:
            jobs.append(Render(cls.__name__, cls, then=floor_for))
        if cls.__name__ == WEIGHT_CLIP and not quick and not chosen and "l" in qualities:
            # every 4th of the 21 snapshots (and the last): the squares are slow to draw
            jobs += [
                Render(c.__name__, c, {"every": 4}) for c in (WeightGridsSquares, WeightGridsImages)
            ]
    # Each clip and its floor once more, after every clip has had its first pair: the
    # minimum of two is the least disturbed run of each (the floors vary by ~15%).
    repeats = 1 if quick else REPEATS
    if "l" in qualities:
        for _ in range(repeats - 1):
            jobs += [Render(cls.__name__, cls, then=floor_for) for cls in ready]
    if "h" in qualities:  # 1080p60: a subset unless every clip was asked for
        high = [c for c in ready if chosen or not budget or c.__name__ in HIGH_QUALITY_SUBSET]
        for _ in range(repeats):
            jobs += [Render(f"{c.__name__} -qh", c, then=floor_for, quality="h") for c in high]
    n_parallel = 2
    log(f"render: {len(jobs)} renders and their floors, {n_parallel} at a time")
    out_dir = Path(tempfile.mkdtemp(prefix="nnfit-bench-render-"))
    now = time.monotonic()
    soft, hard = (now + budget - 60, now + budget) if budget else (float("inf"),) * 2
    try:
        run_renders(jobs, out_dir, n_parallel, log, soft, hard)
    finally:
        for leftover in out_dir.glob("*"):
            leftover.unlink(missing_ok=True)
        out_dir.rmdir()

    by_name = {job.label: job for job in jobs}
    runs: dict[str, list[Render]] = {}
    for job in jobs:
        if job.cls not in (WeightGridsImages, WeightGridsSquares):
            runs.setdefault(job.label, []).append(job)
    for label, tries in runs.items():
        done = [j for j in tries if j.cpu is not None]
        floors = {id(j): getattr(j, "floor", None) for j in done}
        failed = [j for j in done if j.error or (floors[id(j)] and floors[id(j)].error)]
        pairs = [j for j in done if j not in failed and floors[id(j)] and floors[id(j)].cpu]
        if failed:
            bad = failed[0]
            why = bad.error or bad.floor.error
            rows.append(Row(f"render {label}", "failed", seconds=why[:60], section=sec))
            continue
        if not done:
            rows.append(Row(f"render {label}", "not run (time budget)", section=sec))
            continue
        if not pairs:
            job = min(done, key=lambda j: j.cpu)
            rows.append(Row(f"render {label}", f"{job.cpu:.1f} s CPU", "floor not run",
                            seconds=f"wall {job.wall:.1f} s", section=sec))  # fmt: skip
            continue
        job = min(pairs, key=lambda j: j.cpu)
        floor = min((j.floor for j in pairs), key=lambda f: f.cpu)
        is_3d = issubclass(job.cls, ClipScene3D)
        target = TARGETS[job.quality][1 if is_3d else 0]
        ratio = job.cpu / floor.cpu
        rows.append(Row(
            f"render {label} ({'3-D' if is_3d else '2-D'}, {job.duration:.1f} s video)",
            f"{job.cpu:.1f} s CPU", f"{floor.cpu:.1f} s CPU", ratio, f"<= {target:g}x floor",
            ratio <= target,
            f"best of {len(pairs)}; wall {job.wall:.1f} / {floor.wall:.1f} s",
            sec,
        ))  # fmt: skip
    squares = by_name.get("WeightGridsSquares")
    images = by_name.get("WeightGridsImages")
    if squares is not None and images is not None:
        if squares.cpu is None or images.cpu is None:
            rows.append(Row("render weight grids: squares variant", "not run (time budget)",
                            section=sec))  # fmt: skip
        elif squares.error or images.error:
            rows.append(Row("render weight grids: squares variant", "failed",
                            seconds=(squares.error or images.error)[:60], section=sec))  # fmt: skip
        else:
            rows.append(Row(
                "render weight grids, 16 per snapshot: 784 Squares / 1 image",
                f"{squares.cpu:.1f} s CPU",
                f"{images.cpu:.1f} s CPU", squares.cpu / images.cpu, "info (>1: image faster)",
                None, f"wall {squares.wall:.1f} / {images.wall:.1f} s", sec,
            ))  # fmt: skip
    return rows
