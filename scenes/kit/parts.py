"""Parts of one clip as separate jobs (``render --part I/K``), and the join (``--join K``).

For a job array or a cluster: ``python -m scenes jobs --split K`` prints one
command per part of each clip, ``jobs --split K --join`` the commands that join
them; ``render --shard S/N --split K`` hands out the parts of every clip, balanced
by length, so a job array balances at the level of plays, not whole clips.

A part keeps its plays' partial movie files in
``<out>/.parts/<file name>.<encode>.<K>/part-I/``, which appears only when the part
is complete (a rename); the join reads every part's files, writes the clip as
``render --split`` does (the same frames as one process), and removes the folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from scenes.core.disk import OutputFolderError, reason_of
from scenes.core.params import ParamValues
from scenes.kit.outputs import RenderOptions, renders_dir
from scenes.kit.process import ManimProcess, _replace_dir
from scenes.kit.split import (
    assemble,
    assign_splits,
    final_path,
    keep_all_segments,
    partition,
    plan_plays,
    range_process,
    segments_in,
    start_render,
)


def parts_folder(cls: type, values: ParamValues, options: RenderOptions, out_dir: Path,
                 k: int) -> Path:  # fmt: skip
    final = final_path(cls, values, options, out_dir)
    return Path(out_dir) / ".parts" / f"{final.name}.{options.encode}.{k}"


def parse_part(text: str) -> tuple[int, int]:
    """``"I/K"`` -> (I, K), 1 <= I <= K; ValueError with a one-line message otherwise."""
    from scenes.kit.distribute import parse_shard

    try:
        return parse_shard(text)
    except ValueError:
        raise ValueError(f"--part {text!r}: expected I/K with 1 <= I <= K, e.g. 2/4") from None


class PartRender:
    """Part ``i`` of ``k`` of a clip: one Manim process over its range of plays.

    Behaves like :class:`ManimProcess` for the batch; ``finish`` moves the part's
    partial movie files into the parts folder and returns that part's folder.
    """

    n_processes = 1

    def __init__(self, cls: type, values: ParamValues, options: RenderOptions, out_dir: Path,
                 i: int, k: int) -> None:  # fmt: skip
        self.options, self.out_dir = options, Path(out_dir)
        self.folder = parts_folder(cls, values, options, out_dir, k)
        self.target = self.folder / f"part-{i}"
        plan = plan_plays(cls, values, options.quality)
        ranges = partition(plan.frames(options.quality), k)
        self.manim: ManimProcess | None = None
        self.config_dir = Path(tempfile.mkdtemp(prefix="nnfit-part-cfg-"))
        if i <= len(ranges):  # a clip with fewer plays than parts leaves the last ones empty
            cfg = keep_all_segments(self.config_dir)
            self.manim = range_process(cls, values, options, out_dir, *ranges[i - 1], cfg)

    @property
    def pid(self) -> int:
        return self.manim.pid if self.manim else os.getpid()

    def poll(self) -> int | None:
        return self.manim.poll() if self.manim else 0

    def finish(self) -> Path:
        if self.manim and self.manim.proc.wait() != 0:
            self.manim.finish()  # raises with the reason
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            staged = Path(tempfile.mkdtemp(prefix=".partial-", dir=self.folder))
            try:
                keep = staged / "partial_movie_files"
                keep.mkdir()
                if self.manim:
                    for n, path in segments_in(self.manim.work / "media",
                                               self.options.extension).items():  # fmt: skip
                        os.replace(path, keep / f"uncached_{n:05}.{self.options.extension}")
                _replace_dir(staged, self.target)
            finally:
                shutil.rmtree(staged, ignore_errors=True)
        except OSError as exc:
            raise OutputFolderError(self.out_dir, reason_of(exc)) from None
        return self.target

    def terminate(self) -> None:
        if self.manim:
            self.manim.terminate()

    def stop(self, grace: float | None = None) -> None:
        if self.manim:
            self.manim.stop() if grace is None else self.manim.stop(grace)

    def cleanup(self) -> None:
        if self.manim:
            self.manim.cleanup()
        shutil.rmtree(self.config_dir, ignore_errors=True)


def join_parts(cls: type, values: ParamValues, options: RenderOptions, out_dir: Path,
               k: int) -> Path:  # fmt: skip
    """The clip from its ``k`` rendered parts; the parts folder is removed after."""
    folder = parts_folder(cls, values, options, out_dir, k)
    missing = [i for i in range(1, k + 1) if not (folder / f"part-{i}").is_dir()]
    if missing:
        raise RuntimeError(f"part {missing[0]}/{k} has not been rendered into {folder}")
    plan = plan_plays(cls, values, options.quality)
    final = assemble(cls, plan, options, final_path(cls, values, options, out_dir),
                     segments_in(folder, options.extension))  # fmt: skip
    shutil.rmtree(folder, ignore_errors=True)
    try:
        folder.parent.rmdir()  # .parts/, when no other clip's parts are waiting
    except OSError:
        pass
    return final


# -- handing parts out -------------------------------------------------------------------
def expand_parts(jobs: list, seconds: list[float], k: int) -> tuple[list, list[float]]:
    """Every job as ``k`` part jobs (``job.part = (i, k)``), each a k-th of its length."""
    from dataclasses import replace as copy

    out, lengths = [], []
    for job, s in zip(jobs, seconds, strict=True):
        for i in range(1, k + 1):
            out.append(copy(job, label=f"{job.label} part {i}/{k}", part=(i, k)))
            lengths.append(s / k)
    return out, lengths


def part_commands(jobs: list, out: Path | None, k: int, join: bool) -> list[str]:
    """``jobs --split K``: one command per part of each clip (``--join``: the joins)."""
    from scenes.kit.distribute import job_command

    lines = []
    for job in jobs:
        command = job_command(job.cls, job.values, job.options, out)
        if join:
            lines.append(f"{command} --join {k}")
        else:
            lines += [f"{command} --part {i}/{k}" for i in range(1, k + 1)]
    return lines


def run_joins(jobs: list, out: Path | None, k: int) -> int:
    """``render --join K``: each clip from its parts; one line per clip; exit 1 if any failed."""
    out = Path(out or renders_dir())
    failed = 0
    for job in jobs:
        if not job.ready:
            print(f"{job.label}: {job.status}: {job.message}", file=sys.stderr)
            failed += 1
            continue
        try:
            path = join_parts(job.cls, job.values, job.options, out, k)
            print(f"{job.label}: joined {k} parts into {path}", flush=True)
        except (RuntimeError, OSError) as exc:
            print(f"{job.label}: {exc}", file=sys.stderr, flush=True)
            failed += 1
    return 1 if failed else 0


# -- the command line's share ---------------------------------------------------------------
def start_job(job, out_dir: Path):
    """A batch job's render: part I/K of the clip, the clip split in K, or one process."""
    if job.part is not None:
        return PartRender(job.cls, job.values, job.options, out_dir, *job.part)
    return start_render(job.cls, job.values, job.options, out_dir, job.split)


def split_arg(text: str) -> str | int:
    if text == "auto":
        return "auto"
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise argparse.ArgumentTypeError(f"{text!r} is neither a positive whole number nor auto")


def part_arg(text: str) -> tuple[int, int]:
    try:
        return parse_part(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_split_options(parser: argparse.ArgumentParser, positive, jobs: bool | None = None) -> None:
    """``--encode`` and the splitting options: of ``render`` (``jobs=None``), of ``jobs``
    (``jobs=True``: ``--split K``, ``--join``) and of ``prepare`` (``jobs=False``)."""
    parser.add_argument("--encode", choices=("final", "draft"), default="final",
                        help="draft: x264 preset veryfast, less CPU (default final)")
    if jobs is None:
        parser.add_argument("--split", metavar="K|auto", type=split_arg, default=None,
                            help="each clip as K Manim processes over ranges of its plays, "
                            "joined into one file; auto: when cores outnumber the clips")
        parser.add_argument("--part", metavar="I/K", type=part_arg, default=None,
                            help="only part I of K of the clip's plays, for a later --join K")
        parser.add_argument("--join", metavar="K", type=positive, default=None,
                            help="join the K parts rendered before (--part, --shard --split K)")
    elif jobs:
        parser.add_argument("--split", metavar="K", type=positive, default=None,
                            help="one command per part of each clip (K parts)")
        parser.add_argument("--join", action="store_true",
                            help="with --split: the commands joining the parts, run after them")
    else:
        parser.set_defaults(split=None, join=None)


def set_parts(jobs: list, part: tuple[int, int] | None, split, n_jobs: int) -> None:
    """``render --part I/K`` or ``--split K|auto``: what each job renders."""
    for job in jobs if part else ():
        job.part = part
    if split:
        assign_splits(jobs, split, n_jobs)


def check_folders(out: Path | None) -> int:
    """Before any work: the output folder must take files (else one line, exit 1); a
    cache folder that cannot only costs speed (one warning line)."""
    from scenes.core.cache import cache_dir
    from scenes.core.disk import folder_problem, warn_cache_unwritable

    out = Path(out or renders_dir())
    problem = folder_problem(out)
    if problem:
        print(f"error: {OutputFolderError(out, problem)}", file=sys.stderr)
        return 1
    problem = folder_problem(cache_dir())
    if problem:
        warn_cache_unwritable(cache_dir(), problem)
    return 0
