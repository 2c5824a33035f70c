"""Batch rendering: sweeps, names, the status table, failures, and a clean Ctrl-C.

Real renders use the quick SmokeTest clip only (marked ``render``).
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scenes.clips.smoke import SmokeTest
from scenes.core.params import Param, ParamError, resolve
from scenes.kit.batch import (
    Job,
    Progress,
    format_table,
    parse_sweep,
    plan_job,
    run_batch,
    sweep_grid,
)
from scenes.kit.outputs import RenderOptions, output_name, parse_output_name, render_command
from tests.conftest import PROJECT_ROOT, playable_seconds


# -- sweeps and names (no rendering) --------------------------------------------------
@pytest.mark.parametrize(
    "text, key, values",
    [
        ("depth=1,2,3", "depth", ["1", "2", "3"]),
        ("noise = 0.5 , 1", "noise", ["0.5", "1"]),
        ("starts=-2,1;0,3", "starts", ["-2,1", "0,3"]),  # ';' present: lists of numbers
        ("starts=-2,1;", "starts", ["-2,1"]),
        ("theme=light", "theme", ["light"]),
    ],
)
def test_sweep_values_split_on_semicolons_when_present_else_commas(text, key, values):
    assert parse_sweep(text) == (key, values)


@pytest.mark.parametrize("text", ["depth", "=1,2", "depth=", "depth=;"])
def test_malformed_sweeps_are_parameter_errors(text):
    with pytest.raises(ParamError):
        parse_sweep(text)


def test_sweeps_combine_as_a_grid():
    grid = sweep_grid([("a", ["1", "2"]), ("b", ["x", "y", "z"])])
    assert len(grid) == 6
    assert grid[0] == ["a=1", "b=x"] and grid[-1] == ["a=2", "b=z"]
    assert len({tuple(g) for g in grid}) == 6
    with pytest.raises(ParamError, match="more than once"):
        sweep_grid([("a", ["1"]), ("a", ["2"])])


class Tricky:
    """A stand-in scene whose names and values stress file-name parsing."""

    SUMMARY = ""
    PARAMS = (
        Param("rate", float, 0.1, "a name that ends another one", lo=-10, hi=10),
        Param("learning_rate", float, 0.01, "contains '_rate'", lo=1e-9, hi=10),
        Param("starts", tuple, (-2.0, 1.0), "a list", lo=-5, hi=5),
        Param("points", tuple, ((0.0, 1.0),), "pairs", pairs=True, lo=-9, hi=9),
        Param("act", str, "relu", "a choice", choices=("relu", "sigmoid")),
        Param("theme", str, "dark", "theme", choices=("dark", "light")),
    )

    @classmethod
    def all_params(cls):
        return cls.PARAMS


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"rate": "-3", "learning_rate": "0.5"},
        {"learning_rate": "1e-05"},
        {"starts": "-2.5,0,4", "points": "-1:2,3:-4.5"},
        {"act": "sigmoid", "theme": "light", "rate": "2"},
    ],
)
@pytest.mark.parametrize(
    "quality, fmt, transparent",
    [("l", "mp4", False), ("h", "mp4", True), ("m", "webm", True), ("l", "png", False)],
)
def test_file_names_read_back_to_the_same_parameters(overrides, quality, fmt, transparent):
    values = resolve("Tricky", Tricky.PARAMS, overrides, environ={})
    name = output_name(Tricky, values, quality, fmt, transparent)
    parsed = parse_output_name(name, {"Tricky": Tricky})
    assert parsed is not None, name
    assert parsed.values.values == values.values
    assert (parsed.options.quality, parsed.options.fmt) == (quality, fmt)
    assert parsed.options.transparent == transparent
    assert name.endswith(".mov" if transparent and fmt == "mp4" else f".{fmt}")


def test_every_registered_clip_default_name_reads_back():
    from scenes.kit.registry import all_scenes

    scenes = all_scenes()
    for name, cls in scenes.items():
        values = resolve(name, cls.all_params(), {}, environ={})
        parsed = parse_output_name(output_name(cls, values), scenes)
        assert parsed is not None and parsed.cls is cls
        assert parsed.values.non_default() == {}


@pytest.mark.parametrize(
    "name",
    ["notes.mp4", "SmokeTest.txt", "SmokeTest__colour-red.mp4", "SmokeTest__seed-x.mp4",
     "SmokeTest__seed-0.mp4", "SmokeTest.720p30.720p30.mp4", "Unknown__seed-1.mp4", ".mp4"],
)  # fmt: skip
def test_names_not_made_by_the_render_command_are_not_guessed(name):
    # seed-0 is the default, which output_name never spells out
    assert parse_output_name(name, {"SmokeTest": SmokeTest}) is None


def test_render_command_reproduces_the_options():
    values = SmokeTest.resolve_params({"seed": "3", "theme": "light"})
    options = RenderOptions("h", "webm", transparent=True, save_sections=True)
    assert render_command(SmokeTest, values, options) == (
        "python -m scenes render SmokeTest --set seed=3 --set theme=light "
        "--quality h --format webm --transparent --save-sections"
    )


# -- reporting (no rendering) -------------------------------------------------------
def test_table_has_one_row_per_clip_and_lists_problems(tmp_path):
    ok = plan_job(SmokeTest, ["seed=1"], RenderOptions())
    ok.status, ok.seconds, ok.output = "ok", 6.25, tmp_path / "SmokeTest__seed-1.mp4"
    bad = plan_job(SmokeTest, ["seed=-1"], RenderOptions())
    table = format_table([ok, bad])
    lines = table.splitlines()
    assert lines[0].split() == ["clip", "status", "seconds", "output"]
    assert "SmokeTest seed=1" in lines[2] and "ok" in lines[2] and "6.2" in lines[2]
    assert "SmokeTest seed=-1" in lines[3] and "bad parameters" in lines[3]
    assert "seed=-1 is out of range" in table
    assert lines[-1] == "1 of 2 rendered"


def test_progress_is_lines_in_a_log_and_one_updated_line_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    job = Job("SmokeTest seed=1", SmokeTest)
    for stream, tty in ((io.StringIO(), False), (Terminal(), True)):
        progress = Progress(2, stream)
        progress.start(job)
        job.status, job.seconds = "ok", 1.0
        progress.finish(job)
        text = stream.getvalue()
        assert "[0/2] start  SmokeTest seed=1" in text
        assert "[1/2] ok     SmokeTest seed=1 (1.0 s)" in text
        assert ("\r\x1b[K" in text) == tty


def test_render_all_checks_every_clip_first_and_reports_bad_ones_in_the_table(monkeypatch, capsys):
    from scenes.kit import cli, registry

    calls = []

    class Good(SmokeTest):
        IN_DEFAULT_RENDER = True

        @classmethod
        def prepare(cls, p):
            calls.append("prepare Good")

    class Broken(SmokeTest):
        IN_DEFAULT_RENDER = True

        @classmethod
        def prepare(cls, p):
            calls.append("prepare Broken")
            raise ParamError("learning_rate=9 makes training diverge; try 0.001 to 0.1")

    class Skipped(SmokeTest):
        IN_DEFAULT_RENDER = False

    def fake_batch(jobs, n_jobs, out_dir, progress):
        calls.append("render")
        for job in jobs:
            if job.ready:
                job.status, job.seconds = "ok", 1.0
        from scenes.kit.batch import BatchResult

        return BatchResult(list(jobs))

    scenes = {"Good": Good, "Broken": Broken, "Skipped": Skipped}
    monkeypatch.setattr(registry, "all_scenes", lambda: scenes)
    monkeypatch.setattr(cli, "run_batch", fake_batch)
    assert cli.main(["render", "--all"]) == 1
    assert calls == ["prepare Good", "prepare Broken", "render"]  # all checks before rendering
    out = capsys.readouterr().out
    assert "Broken  bad parameters" in out and "diverge" in out
    assert "Good    ok" in out and "Skipped" not in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--all", "--sweep", "seed=1,2"], "--sweep applies to one scene"),
        (["SmokeTest", "--sweep", "colour=1,2"], "no parameter 'colour'; valid: seed, theme"),
        (["SmokeTest", "--sweep", "seed"], "not of the form key=value1,value2"),
        (["SmokeTest", "--sweep", "seed=1,2", "--set", "seed=3"], "both --set and --sweep"),
        (["SmokeTest", "--sweep", "seed=1,2", "--set", "theme=pink"], "choose one of dark"),
        (["SmokeTest", "--sweep", "seed=1", "--sweep", "seed=2"], "more than once"),
        (["SmokeTest", "--jobs", "0"], "positive whole number"),
    ],
)
def test_bad_sweeps_and_options_exit_2_before_anything_renders(
    tmp_path, monkeypatch, capsys, args, message
):
    from scenes.kit.cli import main

    monkeypatch.setenv("NNFIT_RENDERS_DIR", str(tmp_path))
    try:
        status = main(["render", *args])
    except SystemExit as exc:  # argparse's own errors
        status = exc.code
    err = capsys.readouterr().err
    assert status == 2
    assert message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# -- real renders (the sweep and the gallery share one folder: tests/kit/test_renders.py)
@pytest.mark.render
def test_a_failing_render_does_not_stop_the_batch(tmp_path):
    (tmp_path / "SmokeTest.mp4").write_bytes(b"previous clip")
    broken = RenderOptions(extra_manim_args=("--no-such-manim-option",))
    jobs = [plan_job(SmokeTest, [], broken), plan_job(SmokeTest, ["seed=4"], broken)]
    result = run_batch(jobs, 1, tmp_path, Progress(2, io.StringIO()))
    assert [j.status for j in result.jobs] == ["failed", "failed"]  # the second still ran
    assert all("manim failed for SmokeTest" in j.message for j in result.jobs)
    assert result.exit_status() == 1
    assert (tmp_path / "SmokeTest.mp4").read_bytes() == b"previous clip"
    assert [p.name for p in tmp_path.iterdir()] == ["SmokeTest.mp4"]


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the direct children of ``pid``, from /proc."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out.append((int(entry.name), cmdline))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.render
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads child processes from /proc")
def test_ctrl_c_stops_cleanly_with_status_130(tmp_path):
    env = dict(os.environ, NNFIT_RENDERS_DIR=str(tmp_path))
    # its own session, so the test can send SIGINT to the whole group, as a terminal's Ctrl-C does
    batch = subprocess.Popen(
        [sys.executable, "-m", "scenes", "render", "SmokeTest", "--sweep", "seed=11,12,13",
         "--jobs", "2"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        manims: list[int] = []
        while time.monotonic() < deadline and len(manims) < 2:
            manims = [pid for pid, cmd in _children(batch.pid) if " -m manim render" in cmd]
            time.sleep(0.1)
        assert manims, "no manim child started"
        assert list(tmp_path.glob(".partial-*"))
        time.sleep(1.0)  # let Manim get going (imports, LaTeX)
        os.killpg(batch.pid, signal.SIGINT)
        out, err = batch.communicate(timeout=60)
    finally:
        if batch.poll() is None:
            os.killpg(batch.pid, signal.SIGKILL)
            batch.wait()
    assert batch.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert "interrupted" in out  # the table still shows what happened
    assert not any(_alive(pid) for pid in manims)
    assert not list(tmp_path.glob(".partial-*"))
    for path in tmp_path.iterdir():  # anything left is a complete clip
        assert path.suffix == ".mp4" and playable_seconds(path) > 1.0
