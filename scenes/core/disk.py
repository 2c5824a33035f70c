"""Folders that cannot be written: say which, and the system's reason, in one line.

A render's output folder that is full or read-only stops the render with one
line (``OutputFolderError``); a cache folder that is stops nothing: one warning
line (:func:`warn_cache_unwritable`, once per process), and the render goes on
without keeping what it computed.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import tempfile
from pathlib import Path

#: Bytes a probe writes: a folder that cannot take this much cannot take a render.
PROBE_BYTES = 4096
#: What a failed process's log says when its disk was full or not writable.
_LOG_REASONS = (
    (re.compile(r"No space left on device|\[Errno 28\]|ENOSPC|Disk quota exceeded"),
     errno.ENOSPC),
    (re.compile(r"Permission denied|\[Errno 13\]"), errno.EACCES),
    (re.compile(r"Read-only file system|\[Errno 30\]"), errno.EROFS),
)  # fmt: skip


class OutputFolderError(RuntimeError):
    """The output folder cannot take the render: its path and the system's reason."""

    def __init__(self, folder: Path, reason: str) -> None:
        self.folder, self.reason = Path(folder), reason
        super().__init__(f"cannot write to output folder {folder}: {reason}")


def reason_of(exc: OSError) -> str:
    """The system's words for an OSError: "No space left on device", "Permission denied"."""
    if exc.errno is not None:
        return os.strerror(exc.errno)
    return exc.strerror or str(exc)


def folder_problem(folder: Path) -> str | None:
    """None if a file can be written in ``folder`` (made if missing); else the reason.

    Writes and removes a small probe file, so a full disk is found as well as a
    read-only or foreign folder.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=folder)
    except OSError as exc:
        return reason_of(exc)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(b"\0" * PROBE_BYTES)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        return reason_of(exc)
    finally:
        try:
            os.unlink(probe)
        except OSError:
            pass
    return None


def failure_reason(folder: Path, log: str = "") -> str | None:
    """Why a render into ``folder`` failed, if the disk is to blame; else None.

    The folder is probed now (full, read-only); failing that, the process's log
    is searched for the system's words.
    """
    problem = folder_problem(folder)
    if problem:
        return problem
    for pattern, code in _LOG_REASONS:
        if pattern.search(log or ""):
            return os.strerror(code)
    return None


_warned: list[str] = []


def warn_cache_unwritable(folder: Path, reason: str, stream=None) -> None:
    """One line on stderr, once per process: the render goes on uncached."""
    if _warned:
        return
    _warned.append(str(folder))
    print(f"warning: cache folder {folder} cannot be written ({reason}); "
          f"going on without caching", file=stream or sys.stderr, flush=True)  # fmt: skip
