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
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .params import ENV_PARAMS, ENV_PARAMS_FILE, ParamError, ParamValues, parse_assignments, resolve

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}
FORMATS = ("mp4", "gif", "webm", "png")
#: Extensions of files a render can produce (transparent mp4 comes out as .mov).
OUTPUT_EXTENSIONS = ("mp4", "mov", "webm", "gif", "png")
TRANSPARENT_TAG = "transparent"
#: Seconds a Manim process group gets to exit after SIGTERM before SIGKILL.
STOP_GRACE = 5.0


def renders_dir() -> Path:
    return Path(os.environ.get("NNFIT_RENDERS_DIR", PROJECT_ROOT / "renders"))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class RenderOptions:
    """How to render (not what): quality, file format, transparency, sections."""

    quality: str = "l"
    fmt: str = "mp4"
    transparent: bool = False
    save_sections: bool = False
    extra_manim_args: tuple[str, ...] = ()

    @property
    def extension(self) -> str:
        # Manim writes transparent "mp4" as a QuickTime .mov (H.264 has no alpha channel).
        return "mov" if self.fmt == "mp4" and self.transparent else self.fmt

    def manim_args(self) -> list[str]:
        args = [f"-q{self.quality}"]
        if self.fmt == "png":
            args.append("-s")  # the last frame only
        elif self.fmt != "mp4":
            args += ["--format", self.fmt]
        if self.transparent:
            args.append("--transparent")
        if self.save_sections and self.fmt != "png":
            args.append("--save_sections")
        return args + list(self.extra_manim_args)

    def cli_flags(self) -> list[str]:
        """The ``python -m scenes render`` flags that give these options."""
        flags = []
        if self.quality != "l":
            flags += ["--quality", self.quality]
        if self.fmt != "mp4":
            flags += ["--format", self.fmt]
        if self.transparent:
            flags.append("--transparent")
        if self.save_sections:
            flags.append("--save-sections")
        return flags


def output_name(
    cls: type, values: ParamValues, quality: str = "l", fmt: str = "mp4", transparent: bool = False
) -> str:
    """``Scene__key-value.720p30.transparent.ext``: quality tag only when not low."""
    options = RenderOptions(quality, fmt, transparent)
    tags = "" if quality == "l" else f".{QUALITIES[quality]}"
    if transparent:
        tags += f".{TRANSPARENT_TAG}"
    return f"{cls.__name__}{values.suffix()}{tags}.{options.extension}"


def set_flags(values: ParamValues) -> list[str]:
    """``--set key=value`` for each non-default value, as a user would type them."""
    specs = {p.name: p for p in values.specs}
    flags = []
    for name, value in values.non_default().items():
        flags += ["--set", f"{name}={specs[name].format(value)}"]
    return flags


def render_command(cls: type, values: ParamValues, options: RenderOptions) -> str:
    """The command line that renders this exact file again."""
    words = ["python", "-m", "scenes", "render", cls.__name__, *set_flags(values)]
    return shlex.join(words + options.cli_flags())


def describe(cls: type, values: ParamValues) -> str:
    """A short label: the scene and its non-default values, ``Scene seed=3``."""
    flags = set_flags(values)[1::2]
    return " ".join([cls.__name__, *flags])


# -- reading a file name back -----------------------------------------------
@dataclass(frozen=True)
class ParsedName:
    """What a render's file name says: scene, parameters and render options."""

    cls: type
    values: ParamValues
    options: RenderOptions


def _split_suffix(suffix: str, names: Sequence[str]) -> dict[str, str]:
    """``seed-3_noise-0.5`` -> ``{"seed": "3", "noise": "0.5"}`` for the known names."""
    names = sorted(names, key=len, reverse=True)  # longest first: "learning_rate" before "rate"
    out: dict[str, str] = {}
    i = 0
    while i < len(suffix):
        name = next((n for n in names if suffix.startswith(n + "-", i)), None)
        if name is None:
            raise ValueError(suffix[i:])
        start = i + len(name) + 1
        ends = [suffix.find(f"_{n}-", start) for n in names]
        end = min([e for e in ends if e >= 0], default=len(suffix))
        out[name] = suffix[start:end]
        i = end + 1
    return out


def parse_output_name(filename: str, scenes: Mapping[str, type]) -> ParsedName | None:
    """Scene, parameters and options of a render's file name; None if it names none.

    Only names that :func:`output_name` gives back exactly are accepted, so a
    parse is never a guess.
    """
    stem, _, ext = filename.rpartition(".")
    if ext not in OUTPUT_EXTENSIONS or not stem:
        return None
    transparent = stem.endswith(f".{TRANSPARENT_TAG}")
    if transparent:
        stem = stem[: -len(TRANSPARENT_TAG) - 1]
    quality = "l"
    for q, tag in QUALITIES.items():
        if q != "l" and stem.endswith(f".{tag}"):
            quality, stem = q, stem[: -len(tag) - 1]
    scene, _, suffix = stem.partition("__")
    cls = scenes.get(scene)
    if cls is None:
        return None
    specs = cls.all_params()
    try:
        texts = _split_suffix(suffix, [p.name for p in specs])
        by_name = {p.name: p for p in specs}
        for name, text in texts.items():
            if by_name[name].type is tuple:  # undo the file-name spelling of lists
                text = text.replace("+", ",")
                if by_name[name].pairs:
                    text = text.replace("_", ":")
            texts[name] = text
        values = resolve(scene, specs, texts, environ={})
    except (ValueError, ParamError):
        return None
    fmt = "mp4" if ext == "mov" else ext
    if output_name(cls, values, quality, fmt, transparent) != filename:
        return None
    return ParsedName(cls, values, RenderOptions(quality, fmt, transparent))


# -- one Manim process --------------------------------------------------------
def _params_env(values: ParamValues) -> str:
    specs = {p.name: p for p in values.specs}
    return " ".join(
        shlex.quote(f"{name}={specs[name].format(v)}") for name, v in values.values.items()
    )


#: Manim's media subfolders of SVGs named by a hash of their source:
#: compiled LaTeX (slow to make) and Pango text.
SVG_CACHES = ("Tex", "texts")


def svg_pool_dir(kind: str) -> Path:
    """SVGs shared by all renders, beside the trajectory cache."""
    from .cache import cache_dir

    return cache_dir() / "svg" / kind


def seed_svg_dir(tex_dir: Path, kind: str) -> None:
    """Give a render's private Tex (or texts) folder every SVG compiled before.

    Each render compiles LaTeX into its own folder (Manim's writes are not
    atomic, so parallel renders must not share one); seeding it with links to
    the pool makes Manim skip formulas any earlier render already compiled.
    """
    tex_dir.mkdir(parents=True, exist_ok=True)
    pool = svg_pool_dir(kind)
    if not pool.is_dir():
        return
    for svg in pool.glob("*.svg"):
        try:
            os.link(svg, tex_dir / svg.name)
        except OSError:
            try:
                shutil.copyfile(svg, tex_dir / svg.name)
            except OSError:
                return  # an unusable pool only costs speed


def keep_svg_results(tex_dir: Path, kind: str) -> None:
    """Add a finished render's new SVGs to the pool, each by an atomic rename."""
    pool = svg_pool_dir(kind)
    try:
        pool.mkdir(parents=True, exist_ok=True)
        for svg in tex_dir.glob("*.svg"):
            target = pool / svg.name
            if target.exists():
                continue
            staged = pool / f".{svg.name}.{os.getpid()}.tmp"
            shutil.copyfile(svg, staged)
            os.replace(staged, target)
    except OSError:
        pass


class ManimProcess:
    """One ``manim render`` in its own process group, writing into a ``.partial-*`` folder.

    Call :meth:`finish` once it has exited to move the result into place, and
    :meth:`cleanup` always (it removes the private folder).
    """

    def __init__(
        self,
        cls: type,
        values: ParamValues,
        options: RenderOptions,
        out_dir: Path,
        quiet: bool = True,
    ) -> None:
        from .registry import scene_file

        self.cls = cls
        self.options = options
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.final = self.out_dir / output_name(
            cls, values, options.quality, options.fmt, options.transparent
        )
        self.work = Path(tempfile.mkdtemp(prefix=".partial-", dir=self.out_dir))
        self.log_path = self.work / "manim.log"
        for kind in SVG_CACHES:
            seed_svg_dir(self.work / "media" / kind, kind)
        cmd = [sys.executable, "-m", "manim", "render", *options.manim_args(),
               "--media_dir", str(self.work / "media"), "--disable_caching",
               "-v", "WARNING", "--progress_bar", "none",
               str(scene_file(cls)), cls.__name__]  # fmt: skip
        env = dict(os.environ)
        env[ENV_PARAMS] = _params_env(values)
        env.pop(ENV_PARAMS_FILE, None)  # every value is already in ENV_PARAMS
        # Renders already run one per core: BLAS threads would only fight over them.
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(var, "1")
        # The log is a file, not a pipe: nothing to drain while we poll many processes.
        log_target = self.log_path if quiet else os.devnull
        try:
            with open(log_target, "w") as log:
                # Own process group: a stop kills Manim and its LaTeX children together, and
                # a terminal's Ctrl-C reaches only us, so we decide the order of the cleanup.
                self.proc = subprocess.Popen(
                    cmd, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL,
                    stdout=log if quiet else None, stderr=subprocess.STDOUT if quiet else None,
                    start_new_session=True,
                )  # fmt: skip
        except BaseException:
            shutil.rmtree(self.work, ignore_errors=True)
            raise

    @property
    def pid(self) -> int:
        return self.proc.pid

    def poll(self) -> int | None:
        return self.proc.poll()

    def _log_tail(self, lines: int = 15) -> str:
        try:
            tail = self.log_path.read_text(errors="replace").strip().splitlines()[-lines:]
        except OSError:
            return ""
        return "\n".join(tail)

    def finish(self) -> Path:
        """After Manim exited: move the finished file (and sections) into place."""
        name = self.cls.__name__
        code = self.proc.wait()
        if code != 0:
            tail = self._log_tail()
            raise RuntimeError(
                f"manim failed for {name} (exit {code})" + (f"\n{tail}" if tail else "")
            )
        ext = self.options.extension
        produced = [
            p for p in (self.work / "media").rglob(f"{name}*.{ext}")
            if "partial_movie_files" not in p.parts and "sections" not in p.parts
        ]  # fmt: skip
        if not produced:
            raise RuntimeError(f"manim wrote no {ext} file for {name}")
        produced.sort(key=lambda p: p.stat().st_mtime)
        os.replace(produced[-1], self.final)
        for kind in SVG_CACHES:
            keep_svg_results(self.work / "media" / kind, kind)
        sections = [p for p in (self.work / "media").rglob("sections") if p.is_dir()]
        if sections:
            _replace_dir(sections[0], self.out_dir / "sections" / self.final.stem)
        return self.final

    def terminate(self) -> None:
        """Ask the whole process group to stop (SIGTERM); :meth:`stop` waits for it."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def stop(self, grace: float = STOP_GRACE) -> None:
        """Terminate the whole process group and wait for it (SIGKILL after ``grace`` s)."""
        if self.proc.poll() is not None:
            return
        self.terminate()
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        try:  # stragglers of the group (a LaTeX run) whose leader already exited
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def cleanup(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def _replace_dir(source: Path, target: Path) -> None:
    """Put the folder ``source`` at ``target`` by renames, replacing an older one.

    The new folder is complete before it is renamed into place; only between
    the two renames is there no folder at ``target``.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".partial-", dir=target.parent))
    try:
        new = staged / "new"
        shutil.move(str(source), new)
        if target.exists():
            os.replace(target, staged / "old")
        os.replace(new, target)
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def render_scene(
    cls: type,
    values: ParamValues,
    quality: str = "l",
    fmt: str = "mp4",
    out_dir: Path | None = None,
    extra_manim_args: Sequence[str] = (),
    quiet: bool = True,
    transparent: bool = False,
    save_sections: bool = False,
) -> Path:
    """Render one clip with Manim into a private folder, then move the finished file into place.

    The file in ``out_dir`` appears only when complete: an interrupted or failed
    render leaves whatever was there before untouched.
    """
    options = RenderOptions(quality, fmt, transparent, save_sections, tuple(extra_manim_args))
    manim = ManimProcess(cls, values, options, Path(out_dir or renders_dir()), quiet)
    try:
        return manim.finish()
    finally:
        manim.stop()  # only does something when we got here by an exception (Ctrl-C)
        manim.cleanup()


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

    @property
    def ready(self) -> bool:
        return self.values is not None


def plan_job(cls: type, assignments: Sequence[str], options: RenderOptions) -> Job:
    """Resolve and check the parameters and run ``prepare`` (training, cached).

    A parameter set the scene cannot use gives a job with status
    "bad parameters" instead of an exception, so a batch can report it.
    """
    label = " ".join([cls.__name__, *assignments])
    try:
        values = cls.resolve_params(parse_assignments(assignments))
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
                while queue and len(running) < n_jobs and not received:
                    job = queue.pop(0)
                    try:
                        manim = ManimProcess(job.cls, job.values, job.options, out_dir)
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
