"""Exact segment counting: cost per linear piece as the zigzag network deepens.

Run alone: ``.venv/bin/python -m bench --only segments``

``count_segments(zigzag_network(2, L), 0, 1)`` has exactly ``2**L`` pieces.
The algorithm carries every knot through every layer, so the total work is
about ``sum_l 2**l ~ 2 * 2**L`` knot-updates: the time per piece should stay
flat as ``L`` grows (at small ``L`` a fixed per-layer overhead dominates, so
per-piece time falls first). Wall-clock time and the process's CPU time are
both recorded: on a busy machine the CPU time is the load-independent figure
(the computation is single-threaded: einsum and element-wise numpy).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from nnmath import count_segments, zigzag_network

from . import Row, fmt_s

DEPTHS = tuple(range(1, 21))
SHOWN = (10, 12, 14, 16, 18, 20)
TARGET_SECONDS = 2.0


def time_depth(depth: int, repeats: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of one count at this depth (count checked)."""
    net = zigzag_network(2, depth)
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        count = count_segments(net, 0.0, 1.0)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        if count != 2**depth:
            raise AssertionError(f"zigzag_network(2, {depth}) has {count} pieces, not {2**depth}")
    return min(walls), min(cpus)


def run(quick: bool = False, log: Callable[[str], None] = print) -> list[Row]:
    sec = "segments"
    log("segments: zigzag_network(2, L), L = 1..20")
    wall: dict[int, float] = {}
    cpu: dict[int, float] = {}
    # Shallow nets are fast: repeat them more, the minimum is then less noisy.
    for depth in DEPTHS:
        repeats = 3 if depth >= 18 else (5 if quick else 9)
        if quick and depth >= 18:
            repeats = 2
        wall[depth], cpu[depth] = time_depth(depth, repeats)
    per_piece = {d: wall[d] / 2**d * 1e6 for d in DEPTHS}
    per_piece_cpu = {d: cpu[d] / 2**d * 1e6 for d in DEPTHS}
    rows = [
        Row(
            f"segments L={d}: {2**d:,} pieces (count == 2^L)",
            f"{per_piece[d]:.2f} us/piece",
            seconds=f"{fmt_s(wall[d])} (CPU {fmt_s(cpu[d])}, {per_piece_cpu[d]:.2f} us/piece)",
            section=sec,
        )
        for d in SHOWN
    ]
    log("segments: us/piece by L: " + ", ".join(f"{d}:{per_piece[d]:.2f}" for d in DEPTHS))
    # L=10 is the ratio the target names. L=16 -> 20 is shown for information: past
    # L=17 the arrays outgrow the CPU caches and per-piece time steps up by up to
    # ~1.5x (memory-bound gathers), though the work stays linear in the pieces.
    for lo, target in ((10, "<= 1.5x (flat)"), (16, "info (cache effects)")):
        ratio = per_piece[20] / per_piece[lo]
        ratio_cpu = per_piece_cpu[20] / per_piece_cpu[lo]
        rows.append(Row(
            f"segments: per-piece time, L=20 / L={lo}", f"{per_piece[20]:.2f} us",
            f"{per_piece[lo]:.2f} us", ratio, target, (ratio <= 1.5) if lo == 10 else None,
            f"CPU-time ratio {ratio_cpu:.2f}x", sec,
        ))  # fmt: skip
    rows.append(Row(
        "segments: 2^20 pieces counted, wall clock", fmt_s(wall[20]), f"{TARGET_SECONDS:g} s",
        wall[20] / TARGET_SECONDS, "< 2 s (abs., load-sensitive)", wall[20] < TARGET_SECONDS,
        f"CPU {fmt_s(cpu[20])}", sec,
    ))  # fmt: skip
    rows.append(Row(
        "segments: 2^20 pieces counted, CPU time", fmt_s(cpu[20]), f"{TARGET_SECONDS:g} s",
        cpu[20] / TARGET_SECONDS, "< 2 s (load-independent)", cpu[20] < TARGET_SECONDS,
        f"wall {fmt_s(wall[20])}", sec,
    ))  # fmt: skip
    return rows
