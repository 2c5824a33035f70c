"""Saying "not a digit": three ways to make the digit network reject garbage, measured.

The digit network (784-16-16-10, sigmoid outputs, squared-error cost) always
names a digit. Three ways viewers proposed to let it refuse:

- ``"threshold"``: the plain ten-output network, trained on digits only; an
  image is rejected when its largest output is below a confidence threshold.
- ``"extra_class"``: an 11th output, "not a digit", trained on noise images
  (target: 1 on output 10, 0 elsewhere); an image is rejected when output 10
  is the largest.
- ``"zero_target"``: ten outputs, with noise images trained towards all-zero
  outputs; rejected, like ``"threshold"``, when the largest output is below
  the threshold.

The noise trained on is uniform noise (:func:`noise_images`). What each
method rejects is then measured on fresh noise of the same kind and on
garbage it never saw (:data:`GARBAGE_KINDS`: shuffled digits, blank images,
inverted digits, random pen strokes), each generated here, seeded; and what
it costs on real digits: the fraction wrongly rejected and the accuracy on
the digits it accepts (:func:`rejection_rates`).

Training is the same mini-batch SGD as :func:`~nnmath.classifier.train_classifier`
(same initial weights and batch order for the same seed, the same
:meth:`Network.sgd_step`), with an explicit target matrix so that noise can
have all-zero targets; for ``"extra_class"`` it is exactly ``train_classifier``
on the digits plus the noise labelled 10.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .classifier import _check_hyper, _outputs, one_hot
from .network import Network
from .training import TrainingDiverged, _count
from .trajectory import Trajectory

__all__ = [
    "GARBAGE_KINDS",
    "METHODS",
    "RejectionRates",
    "blank_images",
    "garbage_images",
    "inverted_images",
    "noise_images",
    "noise_targets",
    "rejected",
    "rejection_rates",
    "shuffled_images",
    "stroke_curves",
    "stroke_images",
    "train_with_noise",
]

METHODS = ("threshold", "extra_class", "zero_target")
#: The garbage measured: ``"noise"`` is the kind the noise-trained networks saw
#: (fresh images of it); the others none of them saw.
GARBAGE_KINDS = ("noise", "shuffled", "blank", "inverted", "strokes")
N_PIXELS = 784
SIDE = 28
STROKE_SAMPLES = 60  # points per pen stroke


def _images(images) -> np.ndarray:
    x = np.asarray(images, dtype=float)
    if x.ndim != 2 or x.shape[1] != N_PIXELS:
        raise ValueError(f"images must have shape (N, {N_PIXELS}), got {x.shape}")
    return x


# -- garbage ----------------------------------------------------------------------
def noise_images(n: int, seed: int) -> np.ndarray:
    """``n`` images of 784 pixels each drawn uniformly from [0, 1] (``float64``).

    Row 0 for seed ``s`` is the single noise image ``uniform(0, 1, 784)`` of
    ``default_rng(s)``.
    """
    return np.random.default_rng(seed).uniform(0.0, 1.0, (_count("n", n, 0), N_PIXELS))


def shuffled_images(digits, seed: int) -> np.ndarray:
    """Each digit with its own pixels shuffled: the same ink, scattered anywhere."""
    x = _images(digits)
    return np.random.default_rng(seed).permuted(x, axis=1)


def blank_images(n: int) -> np.ndarray:
    """``n`` empty images (every pixel 0)."""
    return np.zeros((_count("n", n, 0), N_PIXELS))


def inverted_images(digits) -> np.ndarray:
    """Digits in negative: ``1 - pixel`` (white ink on a dark page becomes the reverse)."""
    return 1.0 - _images(digits)


def stroke_curves(n: int, seed: int) -> list[np.ndarray]:
    """The pen paths of :func:`stroke_images`: per image, ``(60 k, 2)`` points ``(x, y)``.

    Image ``i`` has ``k`` in 1..3 strokes, each a quadratic Bezier curve from
    ``a`` to ``b`` pulled towards ``c``, the three points uniform in the
    central 20 x 20 pixels (``[4, 23]``, where MNIST digits sit), sampled at
    60 evenly spaced parameter values.
    """
    rng = np.random.default_rng(seed)
    t = np.linspace(0.0, 1.0, STROKE_SAMPLES)[:, None]
    curves = []
    for _ in range(_count("n", n, 0)):
        k = int(rng.integers(1, 4))
        a, c, b = np.moveaxis(rng.uniform(4.0, 23.0, (k, 3, 2)), 1, 0)  # each (k, 2)
        pts = (1 - t)[None] ** 2 * a[:, None] + 2 * ((1 - t) * t)[None] * c[:, None]
        curves.append((pts + t[None] ** 2 * b[:, None]).reshape(-1, 2))
    return curves


def stroke_images(n: int, seed: int, width: float = 1.0) -> np.ndarray:
    """``n`` images of 1 to 3 random pen strokes each (:func:`stroke_curves`): scribbles.

    A pixel's ink is ``clip(width + 1 - d, 0, 1)`` for ``d`` its distance to the
    nearest point of the path (pixel ``(x, y)`` is row ``y``, column ``x``):
    full within ``width`` pixels of the path, fading to 0 one pixel further.
    Each path point stamps the 5 x 5 pixels around it, which holds every pixel
    nearer than ``width + 1 <= 2``.
    """
    if not 0.0 < width <= 1.0:
        raise ValueError(f"width must lie in (0, 1], got {width}")
    window = np.stack(np.meshgrid(np.arange(-2, 3), np.arange(-2, 3)), -1).reshape(-1, 2)
    out = np.zeros((_count("n", n, 0), N_PIXELS))
    for image, pts in zip(out, stroke_curves(n, seed)):
        cells = np.rint(pts)[:, None, :] + window[None]  # (P, 25, 2) pixel (x, y)
        ink = np.clip(width + 1.0 - np.linalg.norm(cells - pts[:, None, :], axis=2), 0.0, 1.0)
        inside = np.all((cells >= 0) & (cells < SIDE), axis=2) & (ink > 0)
        flat = (cells[..., 1] * SIDE + cells[..., 0]).astype(np.int64)
        np.maximum.at(image, flat[inside], ink[inside])
    return out


def garbage_images(kind: str, n: int, seed: int, digits=None) -> np.ndarray:
    """``n`` images of one garbage kind (:data:`GARBAGE_KINDS`), seeded.

    ``"shuffled"`` and ``"inverted"`` are made from the first ``n`` rows of
    ``digits`` (required for them, at least ``n`` rows).
    """
    n = _count("n", n, 1)
    if kind not in GARBAGE_KINDS:
        raise ValueError(f"kind must be one of {GARBAGE_KINDS}, got {kind!r}")
    if kind == "noise":
        return noise_images(n, seed)
    if kind == "blank":
        return blank_images(n)
    if kind == "strokes":
        return stroke_images(n, seed)
    if digits is None or len(digits) < n:
        raise ValueError(f"{kind!r} garbage needs at least {n} digit images to start from")
    base = _images(np.asarray(digits)[:n])
    return shuffled_images(base, seed) if kind == "shuffled" else inverted_images(base)


# -- training -------------------------------------------------------------------
def _method(method: str) -> str:
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    return method


def noise_targets(method: str, n: int) -> np.ndarray:
    """Targets of ``n`` noise images: one-hot on output 10 (``"extra_class"``) or all 0."""
    _method(method)
    if method == "threshold":
        raise ValueError("the 'threshold' method trains on digits only: no noise targets")
    if method == "extra_class":
        return one_hot(np.full(_count("n", n, 0), 10, dtype=np.int64), 11)
    return np.zeros((_count("n", n, 0), 10))


def train_with_noise(
    method: str,
    data,
    noise_count: int = 400,
    noise_seed: int = 1,
    epochs: int = 20,
    batch_size: int = 10,
    learning_rate: float = 1.0,
    seed: int = 0,
    hidden: Sequence[int] = (16, 16),
) -> tuple[Network, Trajectory]:
    """Train a sigmoid digit network on digits plus ``noise_count`` noise images, recorded.

    Parameters
    ----------
    method
        One of :data:`METHODS`: ``"extra_class"`` (11 outputs, noise labelled 10),
        ``"zero_target"`` (10 outputs, noise towards all 0) or ``"threshold"``
        (digits only; ``noise_count`` must then be 0).
    data
        ``(train_images, train_labels, test_images, test_labels)`` as from
        :func:`~nnmath.digits.load_digits`.
    noise_count, noise_seed
        The noise images trained on: ``noise_images(noise_count, noise_seed)``,
        appended after the digits.
    epochs, batch_size, learning_rate, seed
        As for :func:`~nnmath.classifier.train_classifier`: the initial network
        is ``Network(..., seed=seed)`` and every epoch's batch order is a
        permutation from ``default_rng([seed, 1])`` over digits and noise together.
    hidden
        Hidden layer sizes (784 inputs and 10 or 11 outputs around them).

    Returns
    -------
    network, history
        The trained network and a :class:`Trajectory` recorded at the start
        and after every epoch: ``loss`` the cost over digits and noise,
        extras ``"epoch"`` and ``"test_accuracy"`` (digits, answer = largest
        of the first ten outputs); ``meta`` every setting.

    Raises
    ------
    TrainingDiverged
        The cost or the parameters became non-finite.
    ValueError
        Unknown method, unusable settings or data.
    """
    _method(method)
    _check_hyper(epochs, batch_size, learning_rate, 1)
    noise_count = _count("noise_count", noise_count, 0)
    if method != "threshold" and noise_count < 1:
        raise ValueError(f"method {method!r} needs noise_count >= 1")
    if method == "threshold" and noise_count:
        raise ValueError("the 'threshold' method trains on digits only: use noise_count=0")
    x_digits, y_digits, x_test, y_test = (np.asarray(a) for a in data)
    x_digits, x_test = _images(x_digits), _images(x_test)
    n_out = 11 if method == "extra_class" else 10
    parts_x, parts_t = [x_digits], [one_hot(np.asarray(y_digits, dtype=np.int64), n_out)]
    if noise_count:
        parts_x.append(noise_images(noise_count, noise_seed))
        parts_t.append(noise_targets(method, noise_count))
    x, targets = np.concatenate(parts_x), np.concatenate(parts_t)
    sizes = [N_PIXELS, *(_count("hidden", h, 1) for h in hidden), n_out]
    network = Network(sizes, activation="sigmoid", output_activation="sigmoid", seed=seed)
    rng = np.random.default_rng([seed, 1])
    n, batch_size = len(x), int(batch_size)
    n_batches = -(-n // batch_size)
    steps, params, costs, test_acc = [], [], [], []

    def record(step: int) -> None:
        vector = network.get_params()
        cost = float(np.sum((_outputs(network, x) - targets) ** 2) / n)
        if not (np.isfinite(cost) and np.all(np.isfinite(vector))):
            raise TrainingDiverged(
                f"training diverged after {step} steps (cost {cost}); "
                f"try a learning rate below {learning_rate:g}"
            )
        answers = np.argmax(_outputs(network, x_test)[:, :10], axis=1)
        steps.append(step)
        params.append(vector)
        costs.append(cost)
        test_acc.append(float(np.mean(answers == y_test)))

    with np.errstate(over="ignore", invalid="ignore"):
        record(0)
        for epoch in range(int(epochs)):
            order = rng.permutation(n)
            for b in range(n_batches):
                rows = order[b * batch_size : (b + 1) * batch_size]
                network.sgd_step(x[rows], targets[rows], learning_rate)
            record((epoch + 1) * n_batches)
    history = Trajectory(
        steps,
        np.array(params),
        costs,
        sizes,
        "sigmoid",
        "sigmoid",
        extras={"epoch": np.arange(len(steps), dtype=float), "test_accuracy": np.array(test_acc)},
        meta={
            "kind": "rejecting-digit-classifier",
            "method": method,
            "cost": "mean over images of the sum of squared output differences",
            "noise_count": noise_count,
            "noise_seed": int(noise_seed),
            "epochs": int(epochs),
            "batch_size": batch_size,
            "learning_rate": float(learning_rate),
            "seed": int(seed),
            "n_digits": len(x_digits),
        },
    )
    return network, history


# -- rejection ------------------------------------------------------------------
def rejected(outputs, method: str, threshold: float = 0.5) -> np.ndarray:
    """Which images a method rejects, from the network's outputs ``(N, 10 or 11)``.

    ``"extra_class"``: output 10 is the largest. ``"threshold"`` and
    ``"zero_target"``: the largest of the ten outputs is below ``threshold``.
    """
    _method(method)
    out = np.asarray(outputs, dtype=float)
    want = 11 if method == "extra_class" else 10
    if out.ndim != 2 or out.shape[1] != want:
        raise ValueError(f"method {method!r} needs outputs of shape (N, {want}), got {out.shape}")
    if method == "extra_class":
        return np.argmax(out, axis=1) == 10
    if not (np.isfinite(threshold) and 0.0 < threshold < 1.0):
        raise ValueError(f"threshold must lie strictly between 0 and 1, got {threshold}")
    return out.max(axis=1) < threshold


@dataclass(frozen=True)
class RejectionRates:
    """What one method rejects, and what that costs on real digits (fractions)."""

    method: str
    garbage_rejected: dict[str, float]  # kind -> fraction rejected
    digits_rejected: float  # real test digits wrongly rejected
    accuracy_accepted: float  # right answers among the digits accepted (nan if none)
    accuracy_all: float  # right answers among all digits, a rejection counting as wrong


def rejection_rates(
    network: Network,
    method: str,
    digits,
    labels,
    garbage: Mapping[str, np.ndarray],
    threshold: float = 0.5,
) -> RejectionRates:
    """Rejection of every garbage set and of real digits, and accuracy, for one method."""
    lab = np.asarray(labels)
    x = _images(digits)
    if lab.shape != (len(x),) or len(x) == 0:
        raise ValueError(f"labels must have shape ({len(x)},) with N > 0, got {lab.shape}")
    out = _outputs(network, x)
    no = rejected(out, method, threshold)
    right = np.argmax(out[:, :10], axis=1) == lab
    accepted = ~no
    return RejectionRates(
        method=method,
        garbage_rejected={
            kind: float(np.mean(rejected(_outputs(network, _images(g)), method, threshold)))
            for kind, g in garbage.items()
        },
        digits_rejected=float(np.mean(no)),
        accuracy_accepted=float(np.mean(right[accepted])) if accepted.any() else float("nan"),
        accuracy_all=float(np.mean(right & accepted)),
    )
