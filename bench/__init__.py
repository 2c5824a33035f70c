"""Benchmarks: speed ratios measured side by side in one run (``make bench``).

Run: ``.venv/bin/python -m bench`` (all sections, one table) or
``.venv/bin/python -m bench --only train`` (sections: train, segments, tweak, render).

The machines these run on are shared and noisy, so every target is a *ratio*
against a baseline timed in the same run, measurements of the two sides are
interleaved (A, B, A, B, ...) and the minimum of the repeats is kept: the
minimum is the run least disturbed by other processes. Absolute seconds are
printed beside the ratios for context only. Nothing here is a test: timings
never decide whether ``make test`` passes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass
class Row:
    """One line of the results table.

    ``ratio`` is measured / baseline in the direction the target states (the
    target text says which way is good); ``ok`` is None when there is no target.
    """

    benchmark: str
    measured: str
    baseline: str = "-"
    ratio: float | None = None
    target: str = "-"
    ok: bool | None = None
    seconds: str = ""
    section: str = ""


def fmt_s(seconds: float) -> str:
    """Seconds with a sensible number of digits: 0.0123 s, 1.23 s, 123 s."""
    if seconds < 0.1:
        return f"{seconds * 1e3:.1f} ms"
    if seconds < 100:
        return f"{seconds:.2f} s"
    return f"{seconds:.0f} s"


def interleaved(
    funcs: Mapping[str, Callable[[], object]], repeats: int, warmup: bool = True
) -> dict[str, list[float]]:
    """Time each function ``repeats`` times, round-robin, so load spikes hit all alike.

    Returns every name's list of wall-clock seconds (take the ``min``).
    """
    if warmup:
        for fn in funcs.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeats):
        for name, fn in funcs.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times


def verdict(ok: bool | None) -> str:
    return {True: "yes", False: "NO", None: "-"}[ok]


def format_table(rows: Sequence[Row]) -> str:
    """Aligned plain-text table, one block per section."""
    header = ("benchmark", "measured", "baseline", "ratio", "target", "ok", "seconds")
    lines_data = []
    for r in rows:
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}x"
        lines_data.append(
            (r.benchmark, r.measured, r.baseline, ratio, r.target, verdict(r.ok), r.seconds)
        )
    widths = [max(len(str(x[i])) for x in [header, *lines_data]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return " | ".join(f"{c:<{w}}" for c, w in zip(cells, widths)).rstrip()

    out = [line(header), "-+-".join("-" * w for w in widths)]
    section = None
    for r, cells in zip(rows, lines_data):
        if section is not None and r.section != section:
            out.append("-+-".join("-" * w for w in widths))
        section = r.section
        out.append(line(cells))
    return "\n".join(out)


__all__ = ["Row", "fmt_s", "format_table", "interleaved", "verdict"]
