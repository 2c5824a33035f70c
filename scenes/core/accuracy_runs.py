"""The five digit networks HowAccurate compares, and their cached training runs.

Kept apart from the clip so that changing how the clip looks never retrains
(the trajectory cache keys a run by the source file of its recipe, this one).
Each network is a :class:`Spec`; :func:`train` trains it on the sample or the
full MNIST set through :func:`scenes.core.cache.cached_trajectory` (one BLAS
thread) and records the CPU seconds it took in ``meta["cpu_seconds"]``.

Measured CPU seconds of cold runs on full MNIST (60,000 training images, one
BLAS thread, on the 2-core machine while other work ran, so upper bounds):
784-16-16-10 sigmoid 7.6 s, 784-10 7.1 s, 784-16-16-10 ReLU softmax 8.4 s,
784-100-10 16.3 s (10 epochs each), the convolutional network 60.6 s for its
one epoch with two snapshots (each snapshot scores all 70,000 images, about
6 s): about 100 s in all. On the bundled sample (4,000 images) all five take
about 6 s.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from nnmath import TrainingDiverged, Trajectory, train_classifier, train_conv_classifier
from scenes.core.cache import cached_trajectory
from scenes.core.digit_model import BATCH_SIZE, LAYER_SIZES, LEARNING_RATE, digit_data
from scenes.core.params import ParamError

CONV_CHANNELS, CONV_KERNEL, CONV_LEARNING_RATE = (8, 8, 8), 3, 0.1  # Part IV's network
#: SGD step on the cross-entropy (a mean over the batch). Measured on full MNIST, 10
#: epochs of 784-16-16-10 ReLU: 0.02 ended at 95.5-95.8%, 0.05 at 95.1% (seed 0).
SOFTMAX_LEARNING_RATE = 0.02
#: Test accuracy this many times per convolutional epoch: each snapshot scores all
#: 70,000 images of the full set (about 6 s for the convolutional network).
CONV_SNAPSHOTS = 2


@dataclass(frozen=True)
class Spec:
    """One network of the comparison: what it is and how it is trained."""

    key: str
    name: str  # on screen (no digits: the legend's values are the numbers)
    role: str  # theme colour role
    sizes: tuple[int, ...] | None  # fully connected layer sizes; None: convolutional
    activation: str = "sigmoid"
    output: str = "sigmoid"
    learning_rate: float = LEARNING_RATE


def specs(width: int) -> dict[str, Spec]:
    """The five networks, in the order the clip draws them."""
    return {
        "video": Spec("video", "the video's network", "model", tuple(LAYER_SIZES)),
        "linear": Spec("linear", "no hidden layer", "muted", (784, 10), output="softmax",
                       learning_rate=SOFTMAX_LEARNING_RATE),
        "softmax": Spec("softmax", "ReLU and softmax", "compare", tuple(LAYER_SIZES), "relu",
                        "softmax", SOFTMAX_LEARNING_RATE),
        "wider": Spec("wider", "one wide layer", "correct", (784, width, 10), "relu", "softmax",
                      SOFTMAX_LEARNING_RATE),
        "conv": Spec("conv", "convolutional", "highlight", None, learning_rate=CONV_LEARNING_RATE),
    }  # fmt: skip


def train(spec: Spec, source: str, epochs: int, seed: int) -> Trajectory:
    """One network's recorded run on ``source`` (``"sample"`` or ``"full"``), cached.

    Raises
    ------
    ParamError
        The data is missing (the full set not fetched) or the training diverged.
    """
    data = digit_data(source)
    key = {
        "data": source, "directory": os.environ.get("NNFIT_MNIST_DIR", "") if source == "full"
        else "", "sizes": spec.sizes, "activation": spec.activation, "output": spec.output,
        "learning_rate": spec.learning_rate, "batch_size": BATCH_SIZE, "epochs": epochs,
        "seed": seed,
    }  # fmt: skip
    if spec.sizes is None:
        key.update(channels=list(CONV_CHANNELS), kernel=CONV_KERNEL, snapshots=CONV_SNAPSHOTS)

    def compute() -> Trajectory:
        start = time.process_time()
        if spec.sizes is None:
            _, run = train_conv_classifier(
                CONV_CHANNELS, epochs=epochs, batch_size=BATCH_SIZE,
                learning_rate=spec.learning_rate, seed=seed, data=data,
                snapshots_per_epoch=CONV_SNAPSHOTS, kernel=CONV_KERNEL,
            )  # fmt: skip
        else:
            _, run = train_classifier(
                spec.sizes, spec.activation, epochs=epochs, batch_size=BATCH_SIZE,
                learning_rate=spec.learning_rate, seed=seed, data=data, output=spec.output,
            )  # fmt: skip
        run.meta["cpu_seconds"] = time.process_time() - start
        return run

    try:
        return cached_trajectory("how_accurate", key, compute)
    except TrainingDiverged as exc:
        raise ParamError(f"{spec.name}: {str(exc).splitlines()[0]}") from None
