"""Rendering across machines: shards, job commands, prepare, concurrent cache writers."""

from __future__ import annotations

import json
import os
import random
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.kit.distribute import parse_shard, shard_indices
from tests.conftest import PROJECT_ROOT, playable_seconds, run_cli


@pytest.mark.parametrize("n_jobs", [0, 1, 2, 5, 13, 40])
@pytest.mark.parametrize("n_shards", range(1, 8))
def test_shards_partition_the_job_list_exactly(n_jobs, n_shards):
    rng = random.Random(n_jobs * 10 + n_shards)
    seconds = [round(rng.uniform(1, 60), 1) for _ in range(n_jobs)]
    shares = [shard_indices(seconds, k, n_shards) for k in range(1, n_shards + 1)]
    flat = sorted(i for share in shares for i in share)
    assert flat == list(range(n_jobs))  # every job in exactly one share
    assert shares == [shard_indices(seconds, k, n_shards) for k in range(1, n_shards + 1)]
    loads = [sum(seconds[i] for i in share) for share in shares]
    if n_jobs:  # greedy longest-first: no share exceeds another by more than one job
        assert max(loads) - min(loads) <= max(seconds) + 1e-9


@pytest.mark.parametrize("text", ["0/3", "4/3", "a/b", "3", "1/0", "-1/2", ""])
def test_bad_shards_are_refused(text):
    with pytest.raises(ValueError):
        parse_shard(text)


@pytest.mark.parametrize("shard", ["0/3", "4/3", "a/b"])
def test_bad_shard_exits_2_with_one_line_and_writes_nothing(shard, tmp_path):
    proc = run_cli("render", "SmokeTest", "--shard", shard, renders=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--shard" in proc.stderr
    assert not list(tmp_path.iterdir())


def test_jobs_puts_the_longest_first(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    from scenes.kit.distribute import length_key
    from scenes.kit.registry import all_scenes

    smoke = all_scenes()["SmokeTest"]
    table = {length_key(smoke, smoke.resolve_params({"seed": s})): float(s) for s in (1, 2, 3)}
    (cache / "lengths.json").write_text(json.dumps(table))
    env = dict(os.environ, NNFIT_CACHE_DIR=str(cache))
    proc = subprocess.run(
        [sys.executable, "-m", "scenes", "jobs", "SmokeTest", "--sweep", "seed=1,3,2"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    seeds = [shlex.split(line)[shlex.split(line).index("--set") + 1] for line in
             proc.stdout.splitlines()]  # fmt: skip
    assert seeds == ["seed=3", "seed=2", "seed=1"]


@pytest.mark.render
def test_a_job_line_runs_as_printed_and_writes_its_file(tmp_path):
    out = tmp_path / "renders"
    proc = run_cli("jobs", "SmokeTest", "--sweep", "seed=5,6", "--out", str(out), renders=out)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("cd ") for line in lines)
    done = subprocess.run(lines[0], shell=True, cwd=tmp_path, capture_output=True, text=True,
                          timeout=600, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    seed = shlex.split(lines[0])[shlex.split(lines[0]).index("--set") + 1].split("=")[1]
    # the video and its subtitles, nothing else
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [
        f"SmokeTest__seed-{seed}.{ext}" for ext in ("mp4", "srt", "vtt")]
    assert playable_seconds(out / f"SmokeTest__seed-{seed}.mp4") > 1.0


def _prepare(cache: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, NNFIT_CACHE_DIR=str(cache))
    return subprocess.Popen(
        [sys.executable, "-m", "scenes", "prepare", *args],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.render
def test_prepare_then_render_adds_no_cache_file(tmp_path):
    cache, renders = tmp_path / "cache", tmp_path / "renders"
    args = ("SumOfRelus", "--set", "steps=60")
    proc = _prepare(cache, *args)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "computed 1 run(s)" in out
    runs = sorted(p.name for p in cache.glob("*.npz"))
    assert len(runs) == 1
    env = dict(os.environ, NNFIT_CACHE_DIR=str(cache), NNFIT_RENDERS_DIR=str(renders))
    done = subprocess.run(
        [sys.executable, "-m", "scenes", "render", *args, "--format", "png"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in cache.glob("*.npz")) == runs


def test_two_concurrent_prepares_of_one_run_leave_one_valid_file(tmp_path):
    from nnmath import Trajectory

    cache = tmp_path / "cache"
    args = ("SumOfRelus", "--set", "steps=400", "--set", "seed=11")
    procs = [_prepare(cache, *args) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    files = list(cache.glob("*.npz"))
    assert len(files) == 1 and not list(cache.glob("*.tmp"))
    assert len(Trajectory.load(files[0])) > 1
