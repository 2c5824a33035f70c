"""Cache of recorded training runs, so re-rendering a clip never retrains.

A run is stored as a :class:`nnmath.Trajectory` ``.npz`` under a key made
from what is computed (the run's kind and its parameters) and the code's
version (a hash of every ``nnmath`` source file), so changing only how a
clip looks reuses the run, and changing the maths recomputes it.

Where: ``$NNFIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/nnfit/trajectories``,
else ``~/.cache/nnfit/trajectories``. Clear it with
``python -m scenes clear-cache`` (or delete the folder).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import nnmath
from nnmath import Trajectory, TrajectoryFileError


def cache_dir() -> Path:
    if os.environ.get("NNFIT_CACHE_DIR"):
        return Path(os.environ["NNFIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nnfit" / "trajectories"


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the nnmath sources: any change to the maths invalidates the cache."""
    digest = hashlib.sha256(nnmath.__version__.encode())
    root = Path(nnmath.__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=64)
def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


def cache_key(kind: str, params: Mapping[str, Any], recipe: str | None = None) -> str:
    blob = json.dumps(
        {
            "kind": kind,
            "params": params,
            "code": code_version(),
            "recipe": _file_digest(recipe) if recipe else "",
        },
        sort_keys=True,
        default=repr,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def cache_path(kind: str, params: Mapping[str, Any], recipe: str | None = None) -> Path:
    return cache_dir() / f"{kind}-{cache_key(kind, params, recipe)}.npz"


class CacheStats:
    """Counts of hits and computations in this process (tests and benchmarks read them)."""

    hits = 0
    computed = 0


def cached_trajectory(
    kind: str, params: Mapping[str, Any], compute: Callable[[], Trajectory]
) -> Trajectory:
    """Load the run for ``(kind, params)`` from the cache, or compute and store it.

    A corrupt or foreign cache file is recomputed with a warning. The key also
    covers the source file of the caller (``recipe``, found automatically):
    data recipes and constants written in a scene file are part of the run.
    """
    caller = inspect.currentframe().f_back
    recipe = caller.f_code.co_filename if caller else None
    path = cache_path(kind, params, recipe)
    if path.exists():
        try:
            trajectory = Trajectory.load(path)
            CacheStats.hits += 1
            return trajectory
        except TrajectoryFileError as exc:
            warnings.warn(f"recomputing {kind}: unreadable cache file ({exc})", stacklevel=2)
    trajectory = _single_threaded(compute)
    CacheStats.computed += 1
    try:
        trajectory.save(path)
    except OSError as exc:  # a read-only or full cache must not stop a render
        from scenes.core.disk import reason_of, warn_cache_unwritable

        warn_cache_unwritable(path.parent, reason_of(exc))
    return trajectory


def _single_threaded(compute: Callable[[], Trajectory]) -> Trajectory:
    """Run training with one BLAS thread: its matrices are small, and extra threads
    made whole training runs 1.5-1.8x slower here (see bench/train.py).
    threadpoolctl comes with scikit-learn (via mlxtend); without it, run as is."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        return compute()
    with threadpool_limits(limits=1, user_api="blas"):
        return compute()


def clear_cache() -> int:
    """Delete every cached run; returns how many files were removed."""
    removed = 0
    folder = cache_dir()
    if folder.is_dir():
        for path in folder.glob("*.npz"):
            path.unlink(missing_ok=True)
            removed += 1
    return removed
