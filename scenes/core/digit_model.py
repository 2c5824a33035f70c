"""The trained digit network (784-16-16-10) that Part II and III clips show.

Training runs once per (data source, seed, epochs, ...) and is cached as a
trajectory of snapshots (see ``scenes/core/cache.py``); every digit clip reads
the same cached run, so they agree with each other.
"""

from __future__ import annotations

import functools
import os

import numpy as np

from nnmath import Network, Trajectory
from nnmath.classifier import train_classifier
from nnmath.digits import DigitsDataError, load_digits
from nnmath.training import TrainingDiverged
from scenes.core.cache import cached_trajectory
from scenes.core.params import Param, ParamError

#: Parameters every digit-network clip takes (names as in the issue tracker).
DIGIT_PARAMS = (
    Param(
        "data",
        str,
        "sample",
        "digits: the bundled 5k MNIST sample, or full MNIST (python -m scenes fetch-mnist first)",
        choices=("sample", "full"),
    ),
    Param("seed", int, 0, "seed of the initial weights and the batch order", lo=0, hi=10**6),
    Param("epochs", int, 20, "training epochs (passes over the training images)", lo=0, hi=200),
)

#: ``data`` for the clips whose numbers are only meaningful on the full set (it is fetched
#: by ``make render`` when missing: see ``scenes.kit.full_data``).
FULL_DATA_PARAM = Param("data", str, "full", "digits: full MNIST (python -m scenes fetch-mnist), "
                        "or the bundled 5k sample", choices=("sample", "full"))  # fmt: skip

#: Test images of each data source: the sample's 100 per class held out (of its 5,000),
#: MNIST's own 10,000 (tests/core/test_ranges.py checks them against ``load_digits``).
TEST_IMAGES = {"sample": 1000, "full": 10_000}


def digit_index_param(default: int, help: str, data: str | None = "data") -> Param:
    """``image``: an index into the test images, its range said per value of ``data``.

    With ``data=None`` the clip always uses the sample (its range is the sample's).
    """
    if data is None:
        return Param("image", int, default, help, lo=0, hi=TEST_IMAGES["sample"] - 1)
    ranges = tuple((data, source, 0, n - 1) for source, n in TEST_IMAGES.items())
    return Param("image", int, default, help, lo=0, hi=max(TEST_IMAGES.values()) - 1,
                 ranges=ranges)  # fmt: skip


LAYER_SIZES = (784, 16, 16, 10)
BATCH_SIZE = 10
LEARNING_RATE = 1.0  # Nielsen's eta = 2.0 (our cost has no factor 1/2)


@functools.lru_cache(maxsize=2)
def digit_data(source: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The 4-tuple of ``load_digits``; a missing full MNIST becomes a ParamError."""
    try:
        return load_digits(source)
    except DigitsDataError as exc:
        raise ParamError(str(exc).splitlines()[0]) from None


def checked_test_index(
    index: int, test_labels: np.ndarray, source: str, name: str = "image"
) -> int:
    """``index`` if it names a test image, else a ParamError giving the valid range."""
    n = len(test_labels)
    if not 0 <= index < n:
        raise ParamError(
            f"{name}={index} is out of range: the {source} test set has {n} images; "
            f"use 0 to {n - 1}"
        )
    return index


def trained_digit_network(
    source: str = "sample", seed: int = 0, epochs: int = 20
) -> tuple[Network, Trajectory, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """The trained network, its recorded training history, and the data it saw.

    Raises
    ------
    ParamError
        Data missing or training diverged (both are user-fixable settings).
    """
    data = digit_data(source)
    key = {
        "source": source,
        "seed": seed,
        "epochs": epochs,
        "layers": list(LAYER_SIZES),
        "batch_size": BATCH_SIZE,
        "learning_rate": LEARNING_RATE,
        # a different MNIST folder is different data
        "directory": os.environ.get("NNFIT_MNIST_DIR", "") if source == "full" else "",
    }

    def train() -> Trajectory:
        _, history = train_classifier(
            LAYER_SIZES,
            "sigmoid",
            epochs=epochs,
            batch_size=BATCH_SIZE,
            learning_rate=LEARNING_RATE,
            seed=seed,
            data=data,
        )
        return history

    try:
        history = cached_trajectory("digits", key, train)
    except TrainingDiverged as exc:
        raise ParamError(str(exc).splitlines()[0]) from None
    return history.network_at(-1), history, data
