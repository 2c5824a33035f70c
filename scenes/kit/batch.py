"""Rendering clips with Manim: one or many, in parallel, each file appearing only when complete.

``render_scene`` renders one clip and returns its path. ``run_batch`` renders
many (``render --all``, ``--sweep``) in parallel Manim processes, reports
progress as lines, keeps going past failures, and stops cleanly on Ctrl-C:

- each Manim runs in its own process group, writing into a private
  ``.partial-*`` folder inside the output folder; only a finished file is moved
  (``os.replace``, atomic) to its final name, and the folder is then removed;
- on SIGINT/SIGTERM/SIGHUP every running group (Manim and its LaTeX children)
  is terminated and waited for, every ``.partial-*`` folder removed, and the
  caller exits 130 (143 for SIGTERM).

Output names carry the parameters (``ParamValues.suffix()``), so a file name
alone says how to make it again: :func:`parse_output_name` reads one back.
"""

from __future__ import annotations

import itertools
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from scenes.core.disk import OutputFolderError
from scenes.core.params import (
    ParamError,
    ParamValues,
    parse_assignments,
)
from scenes.kit.outputs import RenderOptions, default_jobs, describe, renders_dir
from scenes.kit.parts import start_job
from scenes.kit.process import ManimProcess


# -- planning a batch ---------------------------------------------------------
@dataclass(eq=False)
class Job:
    """One clip to render: a scene with one parameter set, and what became of it."""

    label: str
    cls: type
    values: ParamValues | None = None
    options: RenderOptions = field(default_factory=RenderOptions)
    #: pending, running, ok, failed, bad parameters, interrupted or not started
    status: str = "pending"
    seconds: float | None = None
    output: Path | None = None
    message: str = ""
    #: Manim processes over ranges of its plays (``render --split``); 1: one process.
    split: int = 1
    #: Only part I of K of the clip's plays, kept for a later join (``render --part I/K``).
    part: tuple[int, int] | None = None

    @property
    def ready(self) -> bool:
        return self.values is not None


def plan_job(
    cls: type, assignments: Sequence[str], options: RenderOptions, prepare: bool = True
) -> Job:
    """Resolve and check the parameters and run ``prepare`` (training, cached).

    A parameter set the scene cannot use gives a job with status
    "bad parameters" instead of an exception, so a batch can report it.
    ``prepare=False`` checks the parameters only (no training).
    """
    label = " ".join([cls.__name__, *assignments])
    try:
        values = cls.resolve_params(parse_assignments(assignments))
        if prepare:
            cls.prepare(values)
    except ParamError as exc:
        return Job(label, cls, None, options, status="bad parameters", message=str(exc))
    return Job(describe(cls, values), cls, values, options)


def parse_sweep(text: str) -> tuple[str, list[str]]:
    """``"depth=1,2,3"`` -> ``("depth", ["1", "2", "3"])``.

    Values are split on ``;`` when there is one (for list-valued parameters:
    ``"starts=-2,1;0,3"`` is two values), else on ``,``.
    """
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ParamError(f"--sweep {text!r} is not of the form key=value1,value2,...")
    split = ";" if ";" in raw else ","
    values = [v.strip() for v in raw.split(split) if v.strip()]
    if not values:
        raise ParamError(f"--sweep {text!r} lists no values")
    return key.strip(), values


def sweep_grid(sweeps: Sequence[tuple[str, Sequence[str]]]) -> list[list[str]]:
    """Every combination (cartesian product) as ``key=value`` assignments."""
    keys = [k for k, _ in sweeps]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ParamError(f"--sweep names {', '.join(repeated)} more than once")
    return [
        [f"{k}={v}" for k, v in zip(keys, combo, strict=True)]
        for combo in itertools.product(*(values for _, values in sweeps))
    ]


# -- running a batch -------------------------------------------------------------
class Progress:
    """Progress as lines (a log, CI) or, on a terminal, one line updated in place."""

    def __init__(self, total: int, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.total = total
        self.done = 0
        self.failed = 0
        self.started = time.monotonic()
        self.running: list[str] = []
        self._shown = ""

    def _counts(self) -> str:
        failed = f", {self.failed} failed" if self.failed else ""
        return f"[{self.done}/{self.total}{failed}]"

    def _running(self) -> str:
        return ("running: " + ", ".join(self.running)) if self.running else ""

    def _write(self, line: str) -> None:
        if self.tty:
            self.stream.write("\r\x1b[K" + line + "\n")
            self._status(force=True)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def _status(self, force: bool = False) -> None:
        if self.tty and self.running:
            elapsed = time.monotonic() - self.started
            text = f"{self._counts()} {elapsed:4.0f} s  {self._running()}"
            width = shutil.get_terminal_size((100, 20)).columns - 1
            if force or text != self._shown:  # redraw once a second, not at every poll
                self.stream.write("\r\x1b[K" + text[:width])
                self.stream.flush()
                self._shown = text

    def start(self, job: Job) -> None:
        self.running.append(job.label)
        self._write(f"{self._counts()} start  {job.label}   {self._running()}")

    def finish(self, job: Job) -> None:
        if job.label in self.running:
            self.running.remove(job.label)
        self.done += 1
        self.failed += job.status != "ok"
        took = f" ({job.seconds:.1f} s)" if job.seconds is not None else ""
        self._write(f"{self._counts()} {job.status:<6} {job.label}{took}   {self._running()}")

    def tick(self) -> None:
        self._status()

    def note(self, line: str) -> None:
        self._write(line)

    def close(self) -> None:
        if self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


#: Signals that stop a batch cleanly, and the exit status each gives.
STOP_SIGNALS = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}


@contextmanager
def stop_requests() -> Iterator[list[int]]:
    """While inside, SIGINT/SIGTERM/SIGHUP only record themselves in the yielded list.

    The batch loop polls it, so a stop never lands halfway through moving a
    finished file into place. (Outside the main thread, where Python cannot
    install handlers, Ctrl-C stays a KeyboardInterrupt.)
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    previous = {}
    for sig in STOP_SIGNALS:
        previous[sig] = signal.signal(sig, lambda signum, frame: received.append(signum))
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@dataclass
class BatchResult:
    jobs: list[Job]
    #: The signal that stopped the batch, or None when it ran to the end.
    stopped_by: int | None = None

    @property
    def ok(self) -> bool:
        return self.stopped_by is None and all(j.status == "ok" for j in self.jobs)

    def exit_status(self) -> int:
        if self.stopped_by is not None:
            return STOP_SIGNALS.get(self.stopped_by, 130)
        return 0 if self.ok else 1


def _busy(running: dict) -> int:
    """Manim processes running (a split render counts each of its parts)."""
    return sum(getattr(manim, "n_processes", 1) for manim, _ in running.values())


def run_batch(
    jobs: Sequence[Job],
    n_jobs: int | None = None,
    out_dir: Path | None = None,
    progress: Progress | None = None,
    poll_interval: float = 0.1,
) -> BatchResult:
    """Render every ready job, at most ``n_jobs`` Manim processes at a time.

    A failing clip is recorded and the others go on. On a stop signal, running
    renders are terminated and cleaned up and the rest are marked not started.
    """
    out_dir = Path(out_dir or renders_dir())
    n_jobs = max(1, n_jobs or default_jobs())
    progress = progress or Progress(len(jobs))
    for job in jobs:
        if not job.ready:
            progress.finish(job)
    queue = [j for j in jobs if j.ready]
    running: dict[Job, tuple[ManimProcess, float]] = {}
    stopped_by: int | None = None
    with stop_requests() as received:
        try:
            while (queue or running) and not received:
                while queue and not received and (
                    not running or _busy(running) + queue[0].split <= n_jobs
                ):
                    job = queue.pop(0)
                    try:
                        manim = start_job(job, out_dir)
                    except OutputFolderError as exc:  # one line: the folder and the reason
                        job.status, job.message = "failed", str(exc)
                        progress.finish(job)
                        continue
                    except OSError as exc:
                        job.status, job.message = "failed", f"could not start manim: {exc}"
                        progress.finish(job)
                        continue
                    job.status = "running"
                    running[job] = (manim, time.monotonic())
                    progress.start(job)
                for job, (manim, start) in list(running.items()):
                    if manim.poll() is None:
                        continue
                    del running[job]
                    try:
                        job.output = manim.finish()
                        job.status = "ok"
                    except (RuntimeError, OSError) as exc:
                        job.status, job.message = "failed", str(exc)
                    finally:
                        manim.cleanup()
                    job.seconds = time.monotonic() - start
                    progress.finish(job)
                progress.tick()
                if running:
                    time.sleep(poll_interval)
        except KeyboardInterrupt:  # only outside the main thread (no handlers there)
            received.append(signal.SIGINT)
        finally:
            if received:
                stopped_by = received[0]
                progress.note(f"stopping: {signal.Signals(stopped_by).name} received")
            for manim, _ in running.values():
                manim.terminate()  # all at once, so their grace periods overlap
            for job, (manim, start) in running.items():
                manim.stop()
                manim.cleanup()
                job.status, job.seconds = "interrupted", time.monotonic() - start
            for job in queue:
                job.status = "not started"
            progress.close()
    return BatchResult(list(jobs), stopped_by)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def format_table(jobs: Sequence[Job]) -> str:
    """The summary: one row per clip (clip, status, seconds, output), then the problems."""
    rows = [("clip", "status", "seconds", "output")]
    for job in jobs:
        seconds = f"{job.seconds:.1f}" if job.seconds is not None else "-"
        output = display_path(job.output) if job.output else "-"
        rows.append((job.label, job.status, seconds, output))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [
        f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}".rstrip()
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    problems = [j for j in jobs if j.message]
    if problems:
        lines.append("")
        for job in problems:
            lines.append(f"{job.label}: {job.status}: {job.message}")
    ok = sum(j.status == "ok" for j in jobs)
    lines.append(f"{ok} of {len(jobs)} rendered")
    return "\n".join(lines)
