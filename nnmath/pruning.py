"""Magnitude pruning: delete the smallest weights and see what the network still knows.

A trained network has far more weights than it needs: most of the smallest
ones can be set to zero with almost no loss of accuracy, and a short
retraining of the survivors (the pruned ones held at zero) recovers much of
the rest (LeCun et al. 1990, "Optimal brain damage"; Han et al. 2015,
"Learning both weights and connections").

- :func:`prune`          the network with a fraction of its weights zeroed
- :func:`weight_mask`    which weights survive (non-zero)
- :func:`retrain_masked` SGD on the survivors only; pruned weights stay 0
- :func:`pruning_curve`  test accuracy against the fraction pruned, without
  and with that retraining

Only weights are pruned, never biases: a bias is one number per neuron, and
the picture is about connections.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .classifier import DigitData, _resolve_data, accuracy, one_hot
from .network import Network
from .training import TrainingDiverged, _count

__all__ = ["PruningCurve", "n_pruned", "prune", "pruning_curve", "retrain_masked", "weight_mask"]


def _fraction(value) -> float:
    # numbers.Real accepts Python and numpy floats and ints; bool is excluded
    # because prune(net, True) is far more likely a bug than "prune all".
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"fraction must be a number in [0, 1], got {value!r}")
    f = float(value)
    if not 0.0 <= f <= 1.0:  # also rejects nan
        raise ValueError(f"fraction must be a number in [0, 1], got {value!r}")
    return f


def n_pruned(n_weights: int, fraction: float) -> int:
    """How many of ``n_weights`` weights :func:`prune` removes: ``round(fraction * n_weights)``.

    Python's :func:`round` on the floating-point product: halves go to the
    even integer (2.5 -> 2, 7.5 -> 8).
    """
    return round(_fraction(fraction) * n_weights)


def prune(net: Network, fraction: float) -> Network:
    """A copy of ``net`` with its smallest weights set to exactly zero.

    Parameters
    ----------
    net
        Not modified.
    fraction
        Fraction of all weights to remove, in ``[0, 1]``, ranked over every
        weight matrix together (one global threshold, not one per layer).
        ``round(fraction * total)`` weights are removed (:func:`n_pruned`:
        halves round to even). Biases are always kept.

    Returns
    -------
    Network
        A new network (never ``net`` itself, even for ``fraction=0``).

    Raises
    ------
    ValueError
        ``fraction`` not a real number in ``[0, 1]`` (nan, strings and bools
        included).

    Notes
    -----
    Weights are removed in order of ``|w|``, ties broken by position: layer
    first, then row-major within the matrix (a stable sort of ``|w|`` over
    the concatenated ``W.ravel()``). Weights already zero have the smallest
    ``|w|`` and so are "removed" first, so pruning a pruned network again to
    a larger fraction only removes more.

    Examples
    --------
    >>> net = Network([3, 2], seed=0)
    >>> int((prune(net, 0.5).weights[0] == 0).sum())
    3
    """
    f = _fraction(fraction)
    magnitudes = np.concatenate([np.abs(w).ravel() for w in net.weights])
    n_remove = n_pruned(magnitudes.size, f)
    keep = np.ones(magnitudes.size, dtype=bool)
    keep[np.argsort(magnitudes, kind="stable")[:n_remove]] = False
    twin = net.copy()
    start = 0
    for w in twin.weights:
        w[~keep[start : start + w.size].reshape(w.shape)] = 0.0
        start += w.size
    return twin


def weight_mask(net: Network) -> list[np.ndarray]:
    """Which weights are still there: one boolean array per weight matrix, True where ``w != 0``.

    A trained weight is exactly zero only if it was pruned, so on a network
    from :func:`prune` this is the set of survivors.
    """
    return [w != 0 for w in net.weights]


def _check_mask(net: Network, mask: Sequence[np.ndarray]) -> list[np.ndarray]:
    arrays = [np.asarray(m) for m in mask]
    shapes = [w.shape for w in net.weights]
    if [m.shape for m in arrays] != shapes or any(m.dtype != bool for m in arrays):
        raise ValueError(
            f"mask must be one boolean array per weight matrix, shapes {shapes}, "
            f"got {[(m.dtype.name, m.shape) for m in arrays]}"
        )
    return arrays


def _targets(net: Network, x: np.ndarray, labels_or_targets) -> np.ndarray:
    y = np.asarray(labels_or_targets)
    if y.ndim == 1 and np.issubdtype(y.dtype, np.integer):
        y = one_hot(y, net.layer_sizes[-1])
    y = np.asarray(y, dtype=float)
    if y.shape != (len(x), net.layer_sizes[-1]):
        raise ValueError(
            f"labels_or_targets must be {len(x)} integer labels or targets of shape "
            f"({len(x)}, {net.layer_sizes[-1]}), got {np.shape(labels_or_targets)}"
        )
    return y


def retrain_masked(
    net: Network,
    mask: Sequence[np.ndarray],
    x,
    labels_or_targets,
    epochs: int = 1,
    batch_size: int = 10,
    learning_rate: float = 1.0,
    seed: int = 0,
) -> Network:
    """Mini-batch SGD on the surviving weights only; the others stay exactly zero.

    Parameters
    ----------
    net
        Starting point; not modified (a copy is trained).
    mask
        One boolean array per weight matrix, True where the weight may train
        (e.g. :func:`weight_mask` of a pruned network). Weights outside it
        are set to zero first and stay zero through every step. Biases all
        train.
    x
        Inputs, shape ``(N, n_in)``.
    labels_or_targets
        ``N`` integer labels (one-hot encoded here) or targets ``(N, n_out)``.
    epochs, batch_size, learning_rate, seed
        As in :func:`~nnmath.classifier.train_classifier`: passes over the
        data, images per step, step size on :meth:`Network.loss`, and the seed
        of the per-epoch shuffles (the same stream ``train_classifier`` uses).

    Returns
    -------
    Network
        The retrained copy.

    Raises
    ------
    TrainingDiverged
        The parameters became non-finite.
    ValueError
        A mask of the wrong shapes or dtype, bad data or hyper-parameters.

    Notes
    -----
    Each step is :meth:`Network.sgd_step` followed by zeroing the pruned
    weights. Since those are zero before the step, the step's other updates
    (including the backpropagated deltas, computed with the pre-step
    weights) are exactly those of SGD on the masked gradient
    ``mask * dL/dW``: projecting after the step is the same update, and
    keeps ``sgd_step``'s fused in-place BLAS path.
    """
    masks = _check_mask(net, mask)
    epochs = _count("epochs", epochs, 0)
    batch_size = _count("batch_size", batch_size, 1)
    lr = float(learning_rate)
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"learning_rate must be positive and finite, got {learning_rate!r}")
    xb = np.asarray(x, dtype=float)
    if xb.ndim != 2 or xb.shape[1] != net.layer_sizes[0] or len(xb) == 0:
        raise ValueError(f"x must have shape (N>0, {net.layer_sizes[0]}), got {xb.shape}")
    targets = _targets(net, xb, labels_or_targets)

    twin = net.copy()
    # Multiplying by a float 0/1 mask keeps each W C-contiguous and in place,
    # which sgd_step's BLAS update needs; it is one cheap pass per step.
    keep = [m.astype(float) for m in masks]
    for w, k in zip(twin.weights, keep):
        w *= k
    rng = np.random.default_rng([seed, 1])  # train_classifier's shuffle stream
    n = len(xb)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            order = rng.permutation(n)
            for start in range(0, n, batch_size):
                rows = order[start : start + batch_size]
                twin.sgd_step(xb[rows], targets[rows], lr)
                for w, k in zip(twin.weights, keep):
                    w *= k
    if not np.all(np.isfinite(twin.get_params())):
        raise TrainingDiverged(f"masked retraining diverged; try a learning rate below {lr:g}")
    return twin


@dataclass
class PruningCurve:
    """Test accuracy of a network pruned to each fraction, without and with retraining.

    Attributes
    ----------
    fractions
        The fractions of weights removed, as asked, shape ``(F,)``.
    n_removed
        Weights actually removed at each fraction (:func:`n_pruned`), ``int64``.
    n_weights
        Total number of weights (biases not counted).
    baseline
        Test accuracy of the unpruned network.
    accuracy
        Test accuracy right after pruning, shape ``(F,)``.
    retrained_accuracy
        Test accuracy after :func:`retrain_masked` of each pruned network
        (equal to ``accuracy`` when ``retrain_epochs`` is 0).
    retrained
        The retrained networks, one per fraction (the pruned ones are
        ``prune(net, f)``, cheap to recompute).
    meta
        The retraining settings and data sizes.
    """

    fractions: np.ndarray
    n_removed: np.ndarray
    n_weights: int
    baseline: float
    accuracy: np.ndarray
    retrained_accuracy: np.ndarray
    retrained: list[Network] = field(repr=False)
    meta: dict = field(default_factory=dict)

    def first_drop(self, tolerance: float = 0.01, retrained: bool = False) -> float | None:
        """The smallest fraction whose accuracy is more than ``tolerance`` below ``baseline``.

        ``tolerance=0.01`` is one percentage point. Compared with the
        *unpruned* network's accuracy in both cases; ``None`` if no fraction
        drops that far. Fractions are scanned in increasing order.
        """
        acc = self.retrained_accuracy if retrained else self.accuracy
        order = np.argsort(self.fractions, kind="stable")
        below = acc[order] < self.baseline - tolerance
        return float(self.fractions[order][np.argmax(below)]) if below.any() else None


def pruning_curve(
    net: Network,
    fractions: Sequence[float],
    data: DigitData | str | None = None,
    retrain_epochs: int = 1,
    batch_size: int = 10,
    learning_rate: float = 1.0,
    seed: int = 0,
) -> PruningCurve:
    """Prune ``net`` to each fraction (one shot, from the original each time) and score it.

    Parameters
    ----------
    net
        A trained digit network; not modified.
    fractions
        Fractions of weights to remove, each in ``[0, 1]``.
    data
        As in :func:`~nnmath.classifier.train_classifier`: ``None`` or
        ``"sample"``, ``"full"``, or the 4-tuple of ``load_digits``. Retraining
        uses the training images and true labels; accuracy is on the test set.
    retrain_epochs
        Epochs of :func:`retrain_masked` per fraction (0: no retraining).
    batch_size, learning_rate, seed
        Of that retraining (the defaults of ``train_classifier``).

    Returns
    -------
    PruningCurve

    Raises
    ------
    ValueError
        A bad fraction, data or retraining setting.

    Notes
    -----
    Measured on the sample data, fractions 0, 0.1, ..., 0.9, 0.95, 0.99, one
    retraining epoch at the defaults. The default digit network
    (``train_classifier()``, 90.9 % test): unchanged up to half the weights,
    90.0 % at 0.8, 83.0 % at 0.9, 49.6 % at 0.95, chance at 0.99; retrained
    88.9 %, 85.0 % and still chance at 0.99 (130 weights left). The first
    fraction more than a point below the unpruned accuracy is 0.9 with and
    without retraining (seeds 1-2: 0.7 without, 0.85-0.9 with). A
    784-100-10 sigmoid network (94.8 %) keeps 93.5 % at 0.8 and 83.2 % at
    0.95 (retrained 91.8 %; 55.4 % at 0.99); first drop 0.8 without, 0.9
    with retraining. About 0.4 s and 1.0 s of CPU per curve with one BLAS
    thread. Much of the first half is free for a reason worth saying: 128
    of the 784 pixels carry no ink in any training image, so the 15.8 % of
    the small network's weights that read them never move from their small
    random starting values and are among the first to go.
    """
    fracs = np.array([_fraction(f) for f in fractions], dtype=float)
    if fracs.ndim != 1 or len(fracs) == 0:
        raise ValueError("fractions must be a non-empty sequence of numbers in [0, 1]")
    retrain_epochs = _count("retrain_epochs", retrain_epochs, 0)
    (x_train, y_train, x_test, y_test), source = _resolve_data(
        data, net.layer_sizes[0], net.layer_sizes[-1]
    )
    # Convert once: every retraining would otherwise copy the images to float64.
    x_train = np.asarray(x_train, dtype=float)
    x_test = np.asarray(x_test, dtype=float)
    n_weights = sum(w.size for w in net.weights)
    acc, re_acc, nets = [], [], []
    for f in fracs:
        pruned = prune(net, f)
        acc.append(accuracy(pruned, x_test, y_test))
        if retrain_epochs:
            pruned = retrain_masked(
                pruned,
                weight_mask(pruned),
                x_train,
                y_train,
                retrain_epochs,
                batch_size,
                learning_rate,
                seed,
            )
            re_acc.append(accuracy(pruned, x_test, y_test))
        else:
            re_acc.append(acc[-1])
        nets.append(pruned)
    return PruningCurve(
        fractions=fracs,
        n_removed=np.array([n_pruned(n_weights, f) for f in fracs], dtype=np.int64),
        n_weights=n_weights,
        baseline=accuracy(net, x_test, y_test),
        accuracy=np.array(acc),
        retrained_accuracy=np.array(re_acc),
        retrained=nets,
        meta={
            "retrain_epochs": retrain_epochs,
            "batch_size": batch_size,
            "learning_rate": float(learning_rate),
            "seed": seed,
            "data_source": source,
            "n_train": len(x_train),
            "n_test": len(x_test),
            "pruning": "global magnitude, one shot from the original network per fraction",
        },
    )
