"""One ``manim render`` process per output file.

Each writes into a scratch folder; the file moves into place only when complete.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from scenes.core.disk import OutputFolderError, failure_reason, reason_of
from scenes.core.params import (
    ENV_PARAMS,
    ENV_PARAMS_FILE,
    ParamValues,
)
from scenes.kit.outputs import PROJECT_ROOT, RenderOptions, output_name, renders_dir

#: Seconds a Manim process group gets to exit after SIGTERM before SIGKILL.
STOP_GRACE = 5.0


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
    from scenes.core.cache import cache_dir

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
        from scenes.kit.registry import scene_file

        self.cls = cls
        self.options = options
        self.out_dir = Path(out_dir)
        self.final = self.out_dir / output_name(
            cls, values, options.quality, options.fmt, options.transparent
        )
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.work = Path(tempfile.mkdtemp(prefix=".partial-", dir=self.out_dir))
        except OSError as exc:
            raise OutputFolderError(self.out_dir, reason_of(exc)) from None
        # The log outside the output folder: when that disk fills, the reason is still told.
        try:
            fd, log_name = tempfile.mkstemp(prefix="nnfit-manim-", suffix=".log")
            os.close(fd)
            self.log_path = Path(log_name)
        except OSError:
            self.log_path = self.work / "manim.log"
        try:
            for kind in SVG_CACHES:
                seed_svg_dir(self.work / "media" / kind, kind)
        except OSError as exc:
            self.cleanup()
            raise OutputFolderError(self.out_dir, reason_of(exc)) from None
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
            self.cleanup()
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
            reason = failure_reason(self.out_dir, tail)
            if reason:
                raise OutputFolderError(self.out_dir, reason)
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
        try:
            # the clip's subtitles first, so a complete video never lacks its own
            for suffix in (".srt", ".vtt"):
                cues = produced[-1].with_suffix(suffix)
                if cues.is_file():
                    os.replace(cues, self.final.with_suffix(suffix))
            os.replace(produced[-1], self.final)
            sections = [p for p in (self.work / "media").rglob("sections") if p.is_dir()]
            if sections:
                _replace_dir(sections[0], self.out_dir / "sections" / self.final.stem)
        except OSError as exc:
            raise OutputFolderError(self.out_dir, reason_of(exc)) from None
        for kind in SVG_CACHES:
            keep_svg_results(self.work / "media" / kind, kind)
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
        if self.log_path.parent != self.work:
            self.log_path.unlink(missing_ok=True)


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
