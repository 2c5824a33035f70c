"""Shared test fixtures: an isolated cache, and building scenes without rendering."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# One trajectory cache for the whole test run (never the user's), shared by its xdist
# workers: the controller (or a lone pytest) makes it and removes it when it ends; the
# workers it starts inherit it through NNFIT_TEST_CACHE, so a run trained (or a text
# outlined) in one worker is read, not redone, in the other. Cache writes are atomic
# (a temporary file, then os.replace), so two workers writing one file is harmless.
_CACHE = os.environ.get("NNFIT_TEST_CACHE", "") if os.environ.get("PYTEST_XDIST_WORKER") else ""
if not os.path.isdir(_CACHE):
    _CACHE = tempfile.mkdtemp(prefix="nnfit-test-cache-")
    os.environ["NNFIT_TEST_CACHE"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
os.environ["NNFIT_CACHE_DIR"] = _CACHE
os.environ.pop("NNFIT_PARAMS", None)
# A private Manim media folder per test process: LaTeX compiles into media_dir/Tex
# non-atomically, so parallel test workers must never share one.
_MEDIA = tempfile.mkdtemp(prefix="nnfit-test-media-")
os.environ.pop("NNFIT_PARAMS_FILE", None)
# Both go when their process ends (a whole `make test` used to leave ~180 MB in /tmp).
atexit.register(shutil.rmtree, _MEDIA, ignore_errors=True)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, renders: Path, **kwargs) -> subprocess.CompletedProcess:
    """``python -m scenes ARGS`` from the project root, writing into ``renders``."""
    env = dict(os.environ, NNFIT_RENDERS_DIR=str(renders))
    return subprocess.run(
        [sys.executable, "-m", "scenes", *args],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
        **kwargs,
    )  # fmt: skip


def playable_seconds(path: Path) -> float:
    """Length of a video file (PyAV), after checking at least one frame decodes."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert sum(1 for _ in container.decode(stream)) > 0
        return float(container.duration or 0) / 1e6


#: Builds with the clip's defaults, by (class, theme), kept for the whole test process:
#: the clip's tests and its layout test (tests/clips/layout.py) share one build.
_DEFAULT_BUILDS: dict[tuple[type, str], object] = {}


def build_scene(cls, params=None, **config):
    """Run a scene's construct() in Manim's dry-run mode; returns the scene.

    ``params={}`` (not None) makes parameter errors raise instead of exiting.
    A build with the clip's defaults (``params`` at most a theme and a ``data`` choice,
    no ``config``) runs ``python -m scenes check`` on every beat as it goes
    (``scene.layout_report``) and is built once per test process: treat the scene as
    read-only. (``data="sample"`` lets clips whose default is the full MNIST set share
    builds on a machine that has only the sample.)
    """
    from manim import tempconfig

    params = dict(params or {})
    shared = not config and set(params) <= {"theme", "data"}
    key = (cls, params.get("theme", "dark"), params.get("data"))
    if shared and key in _DEFAULT_BUILDS:
        return _DEFAULT_BUILDS[key]
    settings = {
        "dry_run": True,
        "quality": "low_quality",
        "disable_caching": True,
        "media_dir": _MEDIA,
    }
    settings.update(config)
    if shared:
        from scenes.kit.check import build_checked

        scene, scene.layout_report = build_checked(cls, params, key[1], settings)
        _DEFAULT_BUILDS[key] = scene
        return scene
    from scenes.kit.check import draw_no_frames

    with tempconfig(settings):
        scene = cls(params=params, skip_animations=True)
        draw_no_frames(scene)  # a dry run (unless ``config`` says otherwise): frames unread
        scene.render()
    return scene


@pytest.fixture(autouse=True, scope="session")
def _private_manim_media():
    """Point Manim's global config at this process's media folder (for pieces built
    outside :func:`build_scene`)."""
    import manim

    manim.config.media_dir = _MEDIA
    yield


@pytest.fixture
def scene_builder():
    return build_scene
