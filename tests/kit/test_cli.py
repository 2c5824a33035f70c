"""The project command: list, a real render, and bad input (exit 2, nothing written)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT


def run_cli(*args: str, renders: Path, env_extra: dict | None = None):
    env = dict(os.environ, NNFIT_RENDERS_DIR=str(renders))
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "scenes", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def snapshot(folder: Path) -> dict[str, tuple[int, float]]:
    """Every file's size and time (scratch folders of renders running elsewhere excluded)."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if not any(part.startswith(".partial-") for part in p.relative_to(folder).parts)
    }


def video_duration(path: Path) -> float:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        assert frames > 0
        return float(container.duration or 0) / 1e6


def test_list_names_every_scene_with_parameters(tmp_path):
    from scenes.kit.registry import all_scenes

    proc = run_cli("list", renders=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for name, cls in all_scenes().items():
        assert name in proc.stdout
        for p in cls.all_params():
            assert f"{p.name} = " in proc.stdout
    assert "theme = dark" in proc.stdout


@pytest.fixture
def populated_renders(tmp_path):
    renders = tmp_path / "renders"
    renders.mkdir()
    (renders / "SmokeTest.mp4").write_bytes(b"previous clip")
    return renders


@pytest.mark.parametrize(
    "args, message",
    [
        (["render", "NoSuchScene"], "unknown scene 'NoSuchScene'; valid: "),
        (["render", "SmokeTest", "--set", "colour=red"], "no parameter 'colour'; valid: seed"),
        (["render", "SmokeTest", "--set", "seed=abc"], "not a valid integer"),
        (["render", "SmokeTest", "--set", "seed=-4"], "out of range"),
        (["render", "SmokeTest", "--set", "seed"], "key=value"),
        (["render", "SmokeTest", "--set", "theme=pink"], "choose one of dark, light"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(populated_renders, args, message):
    before = snapshot(populated_renders)
    proc = run_cli(*args, renders=populated_renders)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert message in lines[0]
    assert "Traceback" not in proc.stderr
    assert snapshot(populated_renders) == before


def test_bad_params_under_plain_manim_exit_2_in_one_line(tmp_path):
    env = dict(os.environ, NNFIT_PARAMS="seed=-1")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "manim",
            "render",
            "-ql",
            "--dry_run",
            "--media_dir",
            str(tmp_path),
            "scenes/clips/smoke.py",
            "SmokeTest",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2
    assert "error: SmokeTest: seed=-1 is out of range" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.render
def test_real_render_writes_a_playable_file_named_by_its_parameters(populated_renders):
    proc = run_cli("render", "SmokeTest", "--set", "seed=3", renders=populated_renders)
    assert proc.returncode == 0, proc.stderr
    out = populated_renders / "SmokeTest__seed-3.mp4"
    assert out.is_file()
    assert video_duration(out) > 1.0
    # the default-parameter clip beside it is untouched, and no scratch folder remains
    assert (populated_renders / "SmokeTest.mp4").read_bytes() == b"previous clip"
    assert sorted(p.name for p in populated_renders.iterdir()) == [
        "SmokeTest.mp4",
        "SmokeTest__seed-3.mp4",
        "SmokeTest__seed-3.srt",  # its subtitles, from the beats' narrations
        "SmokeTest__seed-3.vtt",
    ]


def test_failed_render_leaves_previous_file_intact(populated_renders):
    from scenes.clips.smoke import SmokeTest
    from scenes.kit.process import render_scene

    values = SmokeTest.resolve_params({})
    with pytest.raises(RuntimeError, match="manim failed for SmokeTest"):
        render_scene(
            SmokeTest,
            values,
            out_dir=populated_renders,
            extra_manim_args=["--no-such-manim-option"],
        )
    assert (populated_renders / "SmokeTest.mp4").read_bytes() == b"previous clip"
    assert [p.name for p in populated_renders.iterdir()] == ["SmokeTest.mp4"]


def test_list_beats_prints_each_headline_and_narration(tmp_path):
    proc = run_cli("list", "--beats", "SmokeTest", renders=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "SmokeTest: Rendering works"
    assert lines[1].strip() == "1. network (0.0 s): A random network with 4 ReLU neurons"
    # the narration carries the computed number of points (241: SmokeTest.prepare)
    assert "drawn through 241 computed" in " ".join(lines[2:])


def test_list_beats_of_an_unknown_clip_is_one_line_and_exit_2(tmp_path):
    proc = run_cli("list", "--beats", "NoSuchClip", renders=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1
    assert "NoSuchClip" in proc.stderr


def test_list_beats_of_a_clip_missing_its_data_is_one_line_and_exit_2(tmp_path):
    """HowAccurate's default is the full MNIST set: without it, one line naming the fix."""
    empty = tmp_path / "no-mnist"
    proc = run_cli("list", "--beats", "HowAccurate", renders=tmp_path,
                   env_extra={"NNFIT_MNIST_DIR": str(empty)})
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1
    assert "HowAccurate" in proc.stderr and "fetch-mnist" in proc.stderr
