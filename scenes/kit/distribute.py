"""Rendering across machines: clip lengths, job commands and shards.

The project makes jobs independent and their outputs atomic; handing them to
machines is the scheduler's job (GNU parallel, SLURM job arrays, Kubernetes
indexed jobs). ``python -m scenes prepare`` trains every run the jobs need into
the (shared) cache and records each clip's length there; ``jobs`` prints one
self-contained command per output file, longest first; ``render --shard K/N``
renders the K-th of N shares, balanced by those lengths.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from scenes.core.cache import cache_dir
from scenes.core.params import ParamValues
from scenes.kit.outputs import PROJECT_ROOT, RenderOptions, describe, render_command

#: Seconds assumed for a clip whose length ``prepare`` has not recorded yet.
UNKNOWN_LENGTH = 30.0


def lengths_file() -> Path:
    return cache_dir() / "lengths.json"


def length_key(cls: type, values: ParamValues) -> str:
    """The clip, its non-default values and its source: a changed clip is measured again."""
    import inspect

    source = hashlib.sha256(Path(inspect.getfile(cls)).read_bytes()).hexdigest()[:12]
    return f"{describe(cls, values)} @{source}"


def known_lengths() -> dict[str, float]:
    try:
        data = json.loads(lengths_file().read_text())
    except (OSError, ValueError):
        return {}
    return {k: float(v) for k, v in data.items() if isinstance(v, int | float)}


def record_length(cls: type, values: ParamValues, seconds: float) -> None:
    """Add one clip length to the cache's table, by an atomic rename (shared caches)."""
    table = known_lengths()
    table[length_key(cls, values)] = round(float(seconds), 3)
    folder = lengths_file().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w") as fh:
            json.dump(table, fh, indent=0, sort_keys=True)
        os.replace(tmp, lengths_file())
    except OSError:
        pass  # lengths only order the jobs


def measure_length(cls: type, values: ParamValues) -> float:
    """The clip's video length in seconds: a dry-run build (no frames), after ``prepare``."""
    from manim import tempconfig

    overrides = {p.name: values.values[p.name] for p in values.specs}
    with tempfile.TemporaryDirectory(prefix="nnfit-length-") as media:
        settings = {"dry_run": True, "quality": "low_quality", "disable_caching": True,
                    "media_dir": media, "verbosity": "ERROR", "progress_bar": "none"}  # fmt: skip
        with tempconfig(settings):
            scene = cls(params=overrides, skip_animations=True)
            scene.render()
            return float(scene.renderer.time)


def expected_seconds(cls: type, values: ParamValues, table: dict[str, float]) -> float:
    return table.get(length_key(cls, values), UNKNOWN_LENGTH)


def longest_first(items: Sequence, seconds: Sequence[float]) -> list[int]:
    """Indices of ``items`` from the longest to the shortest (ties keep list order)."""
    return sorted(range(len(items)), key=lambda i: (-seconds[i], i))


def shard_indices(seconds: Sequence[float], shard: int, n_shards: int) -> list[int]:
    """The jobs (indices) of share ``shard`` (1-based) of ``n_shards``, longest first.

    Longest job first, each to the share with the least work so far (the lowest
    share on a tie): every job lands in exactly one share, the same on every
    machine given the same lengths, and the shares' totals stay close.
    """
    if not 1 <= shard <= n_shards:
        raise ValueError(f"shard {shard}/{n_shards}: K must be between 1 and N")
    loads = [0.0] * n_shards
    mine: list[int] = []
    for i in longest_first(seconds, seconds):
        k = loads.index(min(loads))
        loads[k] += seconds[i]
        if k == shard - 1:
            mine.append(i)
    return mine


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` -> (K, N), 1 <= K <= N; ValueError with a one-line message otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not match:
        raise ValueError(f"--shard {text!r}: expected K/N, e.g. 2/8")
    k, n = int(match.group(1)), int(match.group(2))
    if n < 1 or not 1 <= k <= n:
        raise ValueError(f"--shard {text}: K must be between 1 and N (N >= 1)")
    return k, n


def job_command(cls: type, values: ParamValues, options: RenderOptions, out: Path | None) -> str:
    """One self-contained shell command that renders exactly this file (one process)."""
    words = shlex.split(render_command(cls, values, options))[3:]  # after "python -m scenes"
    words += ["--jobs", "1"]
    if out is not None:
        words += ["--out", str(Path(out).resolve())]
    python = shlex.quote(sys.executable)
    return f"cd {shlex.quote(str(PROJECT_ROOT))} && {python} -m scenes {shlex.join(words)}"
