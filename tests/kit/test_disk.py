"""A full or unwritable output folder: one line naming it and the reason, exit 1, the older
file intact, no scratch left. A cache folder that cannot be written: one warning, and the
render goes on.

Full and read-only folders are real: small tmpfs mounts in a private mount namespace
(``unshare -rm``), made by the test; where the machine allows no namespace, the
tests that need one are skipped. As another user than root, a ``chmod 555`` folder
gives "Permission denied" as well.
"""

from __future__ import annotations

import errno
import functools
import os
import shutil
import subprocess
import sys

import pytest

from scenes.core.disk import failure_reason, folder_problem
from tests.conftest import PROJECT_ROOT

OLDER = "older render"


@functools.lru_cache(maxsize=1)
def can_mount() -> bool:
    """A private mount namespace where this user may mount a tmpfs."""
    if not shutil.which("unshare"):
        return False
    probe = "d=$(mktemp -d) && mount -t tmpfs -o size=64k none $d && umount $d; rmdir $d"
    try:
        done = subprocess.run(["unshare", "-rm", "sh", "-c", probe], capture_output=True,
                              timeout=20, check=False)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


needs_mount = pytest.mark.skipif("not can_mount()", reason="cannot mount a tmpfs here")

#: In a private mount namespace: a tmpfs of $SIZE at $M holding an older render, filled to
#: $FILL KiB, optionally remounted read-only; then the command; then what is left in $M.
SCRIPT = """
mount -t tmpfs -o size="$SIZE" none "$M" || exit 90
printf '%s' "$OLDER" > "$M/SmokeTest.mp4"
[ "$FILL" -gt 0 ] && dd if=/dev/zero of="$M/fill" bs=1k count="$FILL" 2>/dev/null
[ "$RO" = 1 ] && mount -o remount,ro "$M"
"$@"
echo "exit=$?"
echo "left=$(ls -A "$M" | tr '\\n' ' ')"
echo "older=$(cat "$M/SmokeTest.mp4")"
"""


def in_tmpfs(tmp_path, size: str, fill_kib: int, read_only: bool, *command: str):
    mount = tmp_path / "mnt"
    mount.mkdir()
    env = dict(os.environ, M=str(mount), SIZE=size, FILL=str(fill_kib), RO=str(int(read_only)),
               OLDER=OLDER, NNFIT_RENDERS_DIR=str(mount))  # fmt: skip
    done = subprocess.run(["unshare", "-rm", "sh", "-c", SCRIPT, "sh", *command],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip
    facts = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line[:6])
    return mount, done, facts


def render_smoke(*extra: str) -> list[str]:
    return [sys.executable, "-m", "scenes", "render", "SmokeTest", "--jobs", "1", *extra]


@pytest.mark.render
@needs_mount
def test_output_disk_filling_up_mid_render(tmp_path):
    """Room for the probe, not for the video: Manim fails while writing it."""
    mount, done, facts = in_tmpfs(tmp_path, "256k", 232, False, *render_smoke())
    assert facts["exit"] == "1", done.stdout + done.stderr
    line = f"cannot write to output folder {mount}: No space left on device"
    assert line in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert facts["older"] == OLDER  # the previous file is intact
    assert facts["left"].split() == ["SmokeTest.mp4", "fill"]  # no scratch left


@needs_mount
@pytest.mark.parametrize(("fill", "read_only", "reason"), [
    (1000, False, "No space left on device"), (0, True, "Read-only file system"),
], ids=["full", "read-only"])  # fmt: skip
def test_unusable_output_folder_stops_before_any_render(tmp_path, fill, read_only, reason):
    mount, done, facts = in_tmpfs(tmp_path, "64k", fill, read_only, *render_smoke())
    assert facts["exit"] == "1"
    assert done.stderr.strip() == f"error: cannot write to output folder {mount}: {reason}"
    assert facts["older"] == OLDER and ".partial" not in facts["left"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a chmod 555 folder")
def test_folder_without_permission(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert folder_problem(folder) == "Permission denied"
        assert folder_problem(folder / "sub") == "Permission denied"
    finally:
        folder.chmod(0o755)


def test_failed_scratch_folder_is_one_line(tmp_path, monkeypatch):
    """The disk fills between the check and the render: still one line, nothing left."""
    import tempfile

    from scenes.clips.smoke import SmokeTest
    from scenes.kit.batch import plan_job, run_batch
    from scenes.kit.outputs import RenderOptions

    job = plan_job(SmokeTest, [], RenderOptions())

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile, "mkdtemp", full)
    result = run_batch([job], 1, tmp_path)
    assert job.status == "failed" and result.exit_status() == 1
    assert job.message == f"cannot write to output folder {tmp_path}: No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_reasons_from_a_folder_and_from_a_log(tmp_path):
    assert folder_problem(tmp_path / "new" / "folder") is None  # made, written, cleaned
    assert list((tmp_path / "new" / "folder").iterdir()) == []
    (tmp_path / "file").write_text("x")
    assert folder_problem(tmp_path / "file" / "sub") == "Not a directory"
    log = "OSError: [Errno 28] No space left on device: '/x/partial_movie_files/a.mp4'"
    assert failure_reason(tmp_path, log) == "No space left on device"
    assert failure_reason(tmp_path, "ValueError: bad") is None


@pytest.mark.render
def test_unwritable_cache_warns_once_and_renders(tmp_path, monkeypatch, capsys):
    """A cache folder under a regular file cannot be made: one warning, the render goes on."""
    from scenes.core import disk
    from scenes.kit.cli import main

    (tmp_path / "file").write_text("not a folder")
    cache = tmp_path / "file" / "cache"
    monkeypatch.setenv("NNFIT_CACHE_DIR", str(cache))
    monkeypatch.setattr(disk, "_warned", [])
    code = main(["render", "SmokeTest", "--format", "png", "--jobs", "1",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    done = capsys.readouterr()
    assert code == 0, done.out + done.err
    warnings = [line for line in done.err.splitlines() if "cache" in line]
    assert warnings == [f"warning: cache folder {cache} cannot be written (Not a directory); "
                        "going on without caching"]  # fmt: skip
    assert (tmp_path / "out" / "SmokeTest.png").stat().st_size > 1000
