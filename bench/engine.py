"""What the project's engine buys over stock Manim, splitting a clip, and the draft encoding.

Run alone: ``.venv/bin/python -m bench --only engine`` (``--clips A,B`` for other
clips; ``--budget 0`` for every 2-D clip at -ql and -qh against stock).

- engine vs stock: each clip rendered by the real ``manim`` command as the project
  renders it (``ImageCamera``, redraw only what moves) and as a plain Manim user
  would (``bench/stock_scenes.py``: Manim's ``Camera``, ``REDRAW_ONLY_MOVING =
  False``), the two side by side (two cores), least CPU of the repeats; information
  rows (< 1: the engine is cheaper);
- ``--split 2`` against one process at -qh, one after the other on an otherwise
  idle pair of cores: wall and CPU (the split's dry run, in this process, counted);
  targets: wall <= 0.6x, CPU <= 1.1x;
- ``--encode draft`` (x264 preset veryfast) against final (Manim's default) at -qh:
  CPU (target <= 0.85x), file size, and PSNR of each against a lossless encode
  (``crf=0``) of the same clip, over every frame's Y, U and V planes (target >= 40 dB).

CPU is user + system time of the Manim processes (``os.wait4``, or this process's
children for a split render). The machine's load average is printed beside each row:
on a shared machine the wall-clock ratios mean little when it is above the core count.
"""

from __future__ import annotations

import math
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from . import Row

SEC = "engine"
#: Clips compared with stock Manim by default (all 2-D clips with ``--budget 0``).
ENGINE_LOW = ("LeastSquaresLine", "SumOfRelus")
ENGINE_HIGH = ("LeastSquaresLine",)
#: Clips split in two at -qh, and the clip whose encodings are compared.
SPLIT_CLIPS = ("LeastSquaresLine", "SumOfRelus")
ENCODE_CLIP = "LeastSquaresLine"
SPLIT_TARGETS = (0.6, 1.1)  # wall, CPU: of one process's
DRAFT_CPU_TARGET, DRAFT_PSNR_TARGET = 0.85, 40.0
LOSSLESS = ("--encoder-option=crf=0", "--encoder-option=preset=ultrafast")
#: Rough wall seconds of each measurement on two idle cores, to skip what the time budget
#: cannot hold (in ``make bench`` this section gets what the render section leaves).
COST = {"engine_l": 30, "engine_h": 50, "split": 70, "encode": 110}


def load() -> str:
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(start: Callable[[], object]) -> tuple[Path, float, float]:
    """Run a render to the end (``start()`` gives a ManimProcess or SplitRender): its file,
    wall seconds, and CPU seconds (its processes, and this one's share: planning, joining)."""
    wall, cpu0 = time.perf_counter(), children_cpu() + own_cpu()
    manim = start()
    try:
        path = manim.finish()
    finally:
        manim.stop()
        manim.cleanup()
    return path, time.perf_counter() - wall, children_cpu() + own_cpu() - cpu0


def psnr(video: Path, reference: Path) -> float:
    """PSNR (dB) of ``video`` against ``reference`` over every frame's Y, U and V samples."""
    import av
    import numpy as np

    total, count = 0.0, 0
    with av.open(str(video)) as a, av.open(str(reference)) as b:
        for fa, fb in zip(a.decode(video=0), b.decode(video=0), strict=True):
            x = fa.to_ndarray().astype(np.int32)  # yuv420p: the planes stacked
            y = fb.to_ndarray().astype(np.int32)
            total += float(np.sum((x - y) ** 2))
            count += x.size
    mse = total / max(count, 1)
    return math.inf if mse == 0 else 10 * math.log10(255.0**2 / mse)


def engine_rows(qualities, repeats, log, out_dir: Path) -> list[Row]:
    """Each clip by the engine and by stock Manim, side by side; least CPU of the repeats."""
    from bench.render import Render, run_renders
    from bench.stock_scenes import STOCK
    from scenes.kit.registry import all_scenes

    scenes = all_scenes()
    jobs: list[Render] = []
    for _ in range(repeats):
        for q, chosen in qualities:
            for name in chosen:
                if name in STOCK:
                    jobs += [Render(f"{name} -q{q}", scenes[name], quality=q),
                             Render(f"{name} -q{q} stock", STOCK[name], quality=q)]  # fmt: skip
    run_renders(jobs, out_dir, 2, log)
    rows = []
    for q, chosen in qualities:
        for name in chosen:
            ours = [j for j in jobs if j.label == f"{name} -q{q}" and j.cpu and not j.error]
            stock = [j for j in jobs if j.label == f"{name} -q{q} stock" and j.cpu and not j.error]
            if not ours or not stock:
                rows.append(Row(f"engine vs stock {name} -q{q}", "failed or not run", section=SEC))
                continue
            a, b = min(ours, key=lambda j: j.cpu), min(stock, key=lambda j: j.cpu)
            rows.append(Row(f"engine vs stock Manim {name} -q{q} (CPU)", f"{a.cpu:.1f} s",
                            f"{b.cpu:.1f} s", a.cpu / b.cpu, "info (<1: engine cheaper)", None,
                            f"wall {a.wall:.1f} / {b.wall:.1f} s; {load()}", SEC))  # fmt: skip
    return rows


def split_rows(names, repeats, log, out_dir: Path, quality: str = "h") -> list[Row]:
    """``--split 2`` against one process at -qh, alternating, least of each."""
    from scenes.kit.outputs import RenderOptions
    from scenes.kit.process import ManimProcess
    from scenes.kit.registry import all_scenes
    from scenes.kit.split import start_render

    rows = []
    options = RenderOptions(quality, "mp4")
    for name in names:
        cls = all_scenes()[name]
        values = cls.resolve_params({})
        cls.prepare(values)  # training is not what is timed
        one: list[tuple[float, float]] = []
        two: list[tuple[float, float]] = []
        for _ in range(repeats):
            path, wall, cpu = timed(lambda c=cls, v=values: ManimProcess(c, v, options, out_dir))
            path.unlink()
            one.append((wall, cpu))
            log(f"engine: {name} -q{quality} one process: wall {wall:.1f} s, "
                f"cpu {cpu:.1f} s; {load()}")
            path, wall, cpu = timed(
                lambda c=cls, v=values: start_render(c, v, options, out_dir, split=2))
            path.unlink()
            two.append((wall, cpu))
            log(f"engine: {name} -q{quality} split 2: wall {wall:.1f} s, cpu {cpu:.1f} s; {load()}")
        w1, c1 = min(w for w, _ in one), min(c for _, c in one)
        w2, c2 = min(w for w, _ in two), min(c for _, c in two)
        for what, a, b, target in (("wall", w2, w1, SPLIT_TARGETS[0]),
                                   ("CPU", c2, c1, SPLIT_TARGETS[1])):  # fmt: skip
            rows.append(Row(f"split 2 vs 1 process {name} -q{quality} ({what})", f"{a:.1f} s",
                            f"{b:.1f} s", a / b, f"<= {target:g}x", a / b <= target,
                            f"best of {repeats}; {load()}", SEC))  # fmt: skip
    return rows


def encode_rows(name: str, log, out_dir: Path, quality: str = "h") -> list[Row]:
    """final and draft side by side, then a lossless reference: CPU, size, PSNR."""
    from scenes.kit.outputs import RenderOptions
    from scenes.kit.process import ManimProcess
    from scenes.kit.registry import all_scenes

    cls = all_scenes()[name]
    values = cls.resolve_params({})
    cls.prepare(values)
    kinds = {"final": RenderOptions(quality), "draft": RenderOptions(quality, encode="draft"),
             "lossless": RenderOptions(quality, extra_manim_args=LOSSLESS)}  # fmt: skip
    files, cpu = {}, {}
    running = {}
    for kind in ("final", "draft"):  # side by side: the same neighbours for both
        (out_dir / kind).mkdir()
        running[kind] = ManimProcess(cls, values, kinds[kind], out_dir / kind)
    for kind, manim in running.items():
        _, status, usage = os.wait4(manim.pid, 0)
        manim.proc.returncode = os.waitstatus_to_exitcode(status)
        cpu[kind] = usage.ru_utime + usage.ru_stime
        try:
            files[kind] = manim.finish()
        finally:
            manim.cleanup()
    (out_dir / "lossless").mkdir()
    files["lossless"], _, _ = timed(
        lambda: ManimProcess(cls, values, kinds["lossless"], out_dir / "lossless"))
    db = {kind: psnr(files[kind], files["lossless"]) for kind in ("final", "draft")}
    size = {kind: files[kind].stat().st_size for kind in ("final", "draft")}
    log(f"engine: encodings of {name}: cpu {cpu}, PSNR {db}, size {size}; {load()}")
    ratio = cpu["draft"] / cpu["final"]
    return [
        Row(f"--encode draft vs final {name} -q{quality} (CPU)", f"{cpu['draft']:.1f} s",
            f"{cpu['final']:.1f} s", ratio, f"<= {DRAFT_CPU_TARGET:g}x", ratio <= DRAFT_CPU_TARGET,
            load(), SEC),
        Row(f"--encode draft {name} -q{quality}: PSNR vs lossless", f"{db['draft']:.1f} dB",
            f"final {db['final']:.1f} dB", None, f">= {DRAFT_PSNR_TARGET:g} dB",
            db["draft"] >= DRAFT_PSNR_TARGET, "Y, U, V of every frame", SEC),
        Row(f"--encode draft vs final {name} -q{quality} (file size)",
            f"{size['draft'] / 1e6:.2f} MB", f"{size['final'] / 1e6:.2f} MB",
            size["draft"] / size["final"], "info", None, "", SEC),
    ]  # fmt: skip


def run(
    quick: bool = False,
    log: Callable[[str], None] = print,
    budget: float | None = None,
    clips: list[str] | None = None,
    qualities: tuple[str, ...] = ("l", "h"),
) -> list[Row]:
    from bench.stock_scenes import STOCK

    start = time.monotonic()

    def fits(cost: str) -> bool:
        return not budget or time.monotonic() - start + COST[cost] <= budget

    if clips:  # 3-D clips have no stock version (their mesh needs MeshCamera)
        clips = [c for c in clips if c in STOCK]
        if not clips:
            return [Row("engine: --clips names no 2-D clip", "not run", section=SEC)]
    everything = not budget  # python -m bench --budget 0 passes None: no limit
    low = clips or (list(STOCK) if everything else ENGINE_LOW)
    high = clips or (list(STOCK) if everything else ENGINE_HIGH)
    # 1080p60 renders take half a minute each: one of each kind, two with --budget 0
    repeats, repeats_h = (1, 1) if quick else (2, 2 if everything else 1)
    rows: list[Row] = []
    out_dir = Path(tempfile.mkdtemp(prefix="nnfit-bench-engine-"))
    splits = list(clips or SPLIT_CLIPS) if "h" in qualities else []

    def split(name: str) -> None:
        if fits("split"):
            rows.extend(split_rows([name], repeats_h, log, out_dir))
        else:
            rows.append(Row(f"split 2 {name} -qh", "not run (time budget)", section=SEC))

    try:  # the rows with targets first, so a tight budget still measures them
        if splits:
            split(splits.pop(0))
        if "h" in qualities:
            if fits("encode"):
                rows += encode_rows((clips or [ENCODE_CLIP])[0], log, out_dir)
            else:
                rows.append(Row("--encode draft", "not run (time budget)", section=SEC))
        for q, names in (("l", low), ("h", high)):
            if q not in qualities:
                continue
            if fits(f"engine_{q}"):
                rows += engine_rows([(q, names)], repeats if q == "l" else repeats_h, log,
                                    out_dir)  # fmt: skip
            else:
                rows.append(Row(f"engine vs stock Manim -q{q}", "not run (time budget)",
                                section=SEC))  # fmt: skip
        for name in splits:
            split(name)
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    return rows
