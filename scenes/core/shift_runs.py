"""ShiftedDigits' computations: the pooled convolutional network and the shifted test sets.

Kept apart from the clip so that changing how the clip looks never retrains (the
trajectory cache keys a run by the source file of its recipe, this one). The fully
connected and the unpooled convolutional networks are HowAccurate's runs
(:mod:`scenes.core.accuracy_runs`), so a full render trains each once.

Measured CPU seconds of a cold run on full MNIST (2-core machine shared with other
work, so upper bounds): the pooled network's one epoch about 60 s (as the unpooled
one: pooling only shrinks the dense layer); the shifted test sets, 5 shifts x 10,000
images through the three networks, about 20 s.
"""

from __future__ import annotations

import hashlib
import os
import time

import numpy as np

from nnmath import TrainingDiverged, Trajectory, train_conv_classifier
from nnmath.inputs import shifted_accuracies
from scenes.core.accuracy_runs import CONV_CHANNELS, CONV_KERNEL, CONV_LEARNING_RATE
from scenes.core.cache import cached_trajectory
from scenes.core.digit_model import BATCH_SIZE, digit_data
from scenes.core.params import ParamError


def pooled_run(source: str, epochs: int, seed: int, pool: int, pool_mode: str) -> Trajectory:
    """The Part IV network with pooling before its dense layer, trained as
    :func:`scenes.core.accuracy_runs.train` trains the unpooled one (same data, epochs,
    batches, step size, seed), with one snapshot per epoch."""
    data = digit_data(source)
    key = {
        "data": source, "directory": os.environ.get("NNFIT_MNIST_DIR", "")
        if source == "full" else "", "channels": list(CONV_CHANNELS), "kernel": CONV_KERNEL,
        "learning_rate": CONV_LEARNING_RATE, "batch_size": BATCH_SIZE, "epochs": epochs,
        "seed": seed, "pool": pool, "pool_mode": pool_mode,
    }  # fmt: skip

    def compute() -> Trajectory:
        start = time.process_time()
        _, run = train_conv_classifier(
            CONV_CHANNELS, epochs=epochs, batch_size=BATCH_SIZE, learning_rate=CONV_LEARNING_RATE,
            seed=seed, data=data, kernel=CONV_KERNEL, pool=pool, pool_mode=pool_mode,
        )  # fmt: skip
        run.meta["cpu_seconds"] = time.process_time() - start
        return run

    try:
        return cached_trajectory("pooled_conv", key, compute)
    except TrainingDiverged as exc:
        raise ParamError(f"pooled network: {str(exc).splitlines()[0]}") from None


def _fingerprint(run: Trajectory) -> str:
    return hashlib.sha256(np.ascontiguousarray(run.params[-1]).tobytes()).hexdigest()[:16]


def shift_table(runs: dict[str, Trajectory], source: str, max_shift: int,
                shift_seed: int) -> Trajectory:  # fmt: skip
    """Test accuracy of each run's final network at shifts 0..max_shift (``extras[name]``),
    cached under the networks' own fingerprints: a conv network reads the whole test set
    once per shift."""
    _, _, x_test, y_test = digit_data(source)
    distances = list(range(max_shift + 1))
    key = {"data": source, "max_shift": max_shift, "shift_seed": shift_seed,
           "networks": {k: _fingerprint(r) for k, r in runs.items()}}  # fmt: skip

    def compute() -> Trajectory:
        start = time.process_time()
        table = {k: shifted_accuracies(r.network_at(-1), x_test, y_test, distances, shift_seed)
                 for k, r in runs.items()}  # fmt: skip
        return Trajectory(distances, np.zeros((len(distances), 0)), np.zeros(len(distances)),
                          [1], extras=table, meta={"cpu_seconds": time.process_time() - start})

    return cached_trajectory("shifted_accuracy", key, compute)
