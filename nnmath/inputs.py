"""What a trained digit network does with its *inputs*: gradients, imagined digits, shifts.

- :func:`input_gradient`: the exact gradient of one output, or of the cost,
  with respect to the input pixels of a fully connected :class:`Network`
  (backpropagation carried one layer further, to the pixels).
- :func:`ascend_input`: gradient steps on the pixels themselves, kept in
  [0, 1], until the network is as sure as asked that the image is a chosen
  digit; every step recorded (:class:`InputAscent`), so the search can be
  played back.
- :func:`noise_called`: many random images (uniform noise, or random dots);
  the average of those the network calls a chosen digit.
- :func:`shift_images`, :func:`shift_directions`, :func:`shifted_accuracies`:
  test images moved by whole pixels (zero fill), and the accuracy of any
  network on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .network import Network, _derivative_from_output

__all__ = [
    "DIRECTIONS",
    "InputAscent",
    "NoiseAverage",
    "ascend_input",
    "input_gradient",
    "noise_called",
    "pixel_correlation",
    "shift_directions",
    "shift_images",
    "shifted_accuracies",
    "tolerated_shift",
]

#: The four whole-pixel directions (dx, dy) a test image is moved in: right,
#: left, down, up (y grows downwards, as rows do).
DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1))

#: Images evaluated at once by :func:`noise_called` and :func:`shifted_accuracies`.
_CHUNK = 10_000


def _output_error(network: Network, z: np.ndarray, a: np.ndarray, output, targets) -> np.ndarray:
    """d (output ``output``, or the network's cost against ``targets``) / d z of the last layer."""
    n = len(a)
    name = network.output_activation
    if output is not None:
        if name == "softmax":  # d a_k / d z_j = a_k (delta_kj - a_j)
            grad = -a[:, [output]] * a
            grad[:, output] += a[:, output]
            return grad
        grad = np.zeros_like(a)
        grad[:, output] = _derivative_from_output(name, z, a)[:, output]
        return grad
    if name == "softmax":  # cross-entropy: d C / d z = (a sum(y) - y) / N
        return (a * targets.sum(axis=1, keepdims=True) - targets) / n
    return (2.0 / n) * (a - targets) * _derivative_from_output(name, z, a)


def input_gradient(network: Network, x, output: int | None = None, targets=None) -> np.ndarray:
    """Exact gradient with respect to the input pixels, one row per image.

    Give exactly one of:

    output
        An output neuron's index: row ``n`` is ``d a_output(x_n) / d x_n``,
        how each pixel of image ``n`` moves that output.
    targets
        Targets of shape ``(N, n_out)``: the gradient of
        ``network.loss(x, targets)`` (the mean over the batch of the cost:
        squared error, or cross-entropy for a softmax output).

    Returns an array of the shape of the batch ``(N, n_in)``.
    """
    if not isinstance(network, Network):
        raise TypeError(f"input_gradient needs a fully connected Network, got {network!r}")
    if (output is None) == (targets is None):
        raise ValueError("give exactly one of output= and targets=")
    xb = network._as_batch(x)
    n_out = network.layer_sizes[-1]
    if output is not None:
        if isinstance(output, bool) or int(output) != output or not 0 <= output < n_out:
            raise ValueError(f"output must be an index 0 to {n_out - 1}, got {output!r}")
        output = int(output)
    else:
        targets = network._as_targets(targets, len(xb))
    pre, act = network._forward_all(xb)
    delta = _output_error(network, pre[-1], act[-1], output, targets)
    for layer in range(network.n_layers - 1, -1, -1):
        if layer < network.n_layers - 1:
            delta = delta * _derivative_from_output(
                network.layer_activation(layer), pre[layer], act[layer + 1]
            )
        delta = delta @ network.weights[layer]
    return delta


@dataclass(frozen=True)
class InputAscent:
    """A recorded search for the input a network is surest is ``digit``.

    ``steps`` ``(K,)`` are the step numbers recorded (0 is the start);
    ``images`` ``(K, n_in)`` the pixels then; ``outputs`` ``(K, n_out)``
    the network's outputs on them; ``confidence`` ``(K,)`` the output of
    ``digit``; ``cost`` ``(K,)`` the network's cost against the answer
    ``digit`` (what each step descends).
    """

    digit: int
    steps: np.ndarray
    images: np.ndarray
    outputs: np.ndarray
    confidence: np.ndarray
    cost: np.ndarray
    learning_rate: float
    reached: bool  # whether the confidence reached ``until``


def ascend_input(
    network: Network,
    digit: int,
    start,
    learning_rate: float = 1.0,
    max_steps: int = 2000,
    until: float = 0.99,
    record_every: int = 1,
) -> InputAscent:
    """Gradient steps on the pixels, from ``start``, to make ``network`` sure of ``digit``.

    Each step moves every pixel against the gradient of the network's cost
    for the answer ``digit`` (its one-hot target: that output up, the others
    down; :func:`input_gradient`), then clips the pixels back into [0, 1]
    (projected gradient descent, i.e. ascent on "how sure it is of
    ``digit``"). It stops after the first step whose output for ``digit`` is
    at least ``until``, or after ``max_steps``. Steps ``0, record_every,
    2 * record_every, ...`` and the last are recorded.
    """
    n_in, n_out = network.layer_sizes[0], network.layer_sizes[-1]
    if isinstance(digit, bool) or int(digit) != digit or not 0 <= digit < n_out:
        raise ValueError(f"digit must be 0 to {n_out - 1}, got {digit!r}")
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be positive and finite, got {learning_rate}")
    if int(max_steps) != max_steps or max_steps < 1 or int(record_every) != record_every \
            or record_every < 1:  # fmt: skip
        raise ValueError(f"max_steps and record_every must be positive integers, got "
                         f"{max_steps} and {record_every}")  # fmt: skip
    if not 0 < until <= 1:
        raise ValueError(f"until must lie in (0, 1], got {until}")
    x = np.clip(np.asarray(start, dtype=float).reshape(1, n_in), 0.0, 1.0)
    target = np.zeros((1, n_out))
    target[0, int(digit)] = 1.0
    steps, images, outputs = [], [], []

    def record(step: int, out: np.ndarray) -> None:
        steps.append(step)
        images.append(x[0].copy())
        outputs.append(out[0].copy())

    out = network.forward(x)
    record(0, out)
    step = 0
    while out[0, digit] < until and step < max_steps:
        x = np.clip(x - learning_rate * input_gradient(network, x, targets=target), 0.0, 1.0)
        step += 1
        out = network.forward(x)
        if step % record_every == 0 or out[0, digit] >= until or step == max_steps:
            record(step, out)
    outs = np.array(outputs)
    return InputAscent(
        int(digit), np.array(steps), np.array(images), outs, outs[:, digit].copy(),
        np.sum((outs - target) ** 2, axis=1), float(learning_rate), bool(out[0, digit] >= until),
    )  # fmt: skip


@dataclass(frozen=True)
class NoiseAverage:
    """Random images and the ones a network calls ``digit``.

    ``average`` is the mean image of those called ``digit`` (``count`` of
    ``n``), ``answers`` counts the noise images called each digit, and
    ``mean_output`` is the mean output for ``digit`` over those called it;
    ``examples`` are the first few of them, in the order drawn.
    """

    digit: int
    n: int
    count: int
    average: np.ndarray
    answers: np.ndarray
    mean_output: float
    density: float | None
    examples: np.ndarray


def noise_called(network, digit: int, n: int, seed: int = 0, density: float | None = None,
                 keep: int = 3) -> NoiseAverage:  # fmt: skip
    """``n`` random images (seeded) through ``network``: which does it call ``digit``?

    ``density=None``: every pixel uniform in [0, 1]. ``density=p``: random
    dots, every pixel 1 with probability ``p`` and 0 otherwise (``p`` near
    the digits' mean ink gives images as bright as digits). Works for any
    network with ``forward`` and ``layer_sizes``; images are drawn and scored
    in chunks, so ``n`` can be large.
    """
    n_in, n_out = network.layer_sizes[0], network.layer_sizes[-1]
    if isinstance(digit, bool) or int(digit) != digit or not 0 <= digit < n_out:
        raise ValueError(f"digit must be 0 to {n_out - 1}, got {digit!r}")
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a positive integer, got {n}")
    if density is not None and not 0 < density < 1:
        raise ValueError(f"density must lie strictly between 0 and 1, got {density}")
    rng = np.random.default_rng(seed)
    total, count, out_sum = np.zeros(n_in), 0, 0.0
    answers = np.zeros(n_out, dtype=np.int64)
    examples = []
    for start in range(0, int(n), _CHUNK):
        images = rng.uniform(0.0, 1.0, (min(_CHUNK, int(n) - start), n_in))
        if density is not None:
            images = (images < density).astype(float)
        out = network.forward(images)
        answer = np.argmax(out, axis=1)
        answers += np.bincount(answer, minlength=n_out)
        chosen = answer == digit
        total += images[chosen].sum(axis=0)
        examples += list(images[chosen][: max(0, keep - len(examples))])
        count += int(chosen.sum())
        out_sum += float(out[chosen, digit].sum())
    average = total / count if count else np.full(n_in, np.nan)
    return NoiseAverage(int(digit), int(n), count, average, answers,
                        out_sum / count if count else float("nan"),
                        None if density is None else float(density),
                        np.array(examples).reshape(-1, n_in))  # fmt: skip


def pixel_correlation(a, b) -> float:
    """Pearson's correlation of two images' pixels: 1 alike, 0 unrelated (how alike they look)."""
    x, y = (np.asarray(v, dtype=float).ravel() for v in (a, b))
    if x.shape != y.shape:
        raise ValueError(f"images of different sizes: {x.shape} and {y.shape}")
    x, y = x - x.mean(), y - y.mean()
    denominator = np.sqrt(np.sum(x * x) * np.sum(y * y))
    if denominator == 0:
        raise ValueError("the correlation of a uniform image is undefined")
    return float(np.sum(x * y) / denominator)


def shift_images(images, dx, dy, shape: Sequence[int] = (28, 28)) -> np.ndarray:
    """Images (rows of ``H * W`` pixels) moved by whole pixels, the uncovered edge filled with 0.

    ``dx`` (right is positive) and ``dy`` (down is positive) are integers,
    one for all images or one per image; pixels moved past the edge are lost.
    """
    x = np.asarray(images, dtype=float)
    h, w = (int(s) for s in shape)
    if x.ndim != 2 or x.shape[1] != h * w:
        raise ValueError(f"images must have shape (N, {h * w}), got {x.shape}")
    dxs, dys = (np.broadcast_to(np.asarray(d), (len(x),)) for d in (dx, dy))
    for d in (dxs, dys):
        if not np.issubdtype(d.dtype, np.integer):
            raise ValueError(f"shifts must be whole pixels (integers), got {d.dtype}")
    grid = x.reshape(-1, h, w)
    out = np.zeros_like(grid)
    for sx, sy in set(zip(dxs.tolist(), dys.tolist())):
        rows = np.flatnonzero((dxs == sx) & (dys == sy))
        if abs(sx) >= w or abs(sy) >= h:
            continue  # moved right off the image
        src = grid[rows][:, max(0, -sy) : h - max(0, sy), max(0, -sx) : w - max(0, sx)]
        out[rows, max(0, sy) : max(0, sy) + src.shape[1], max(0, sx) : max(0, sx) + src.shape[2]] \
            = src  # fmt: skip
    return out.reshape(len(x), h * w)


def shift_directions(n: int, seed: int = 0) -> np.ndarray:
    """A direction of :data:`DIRECTIONS` for each of ``n`` images: ``(n, 2)`` (dx, dy), seeded."""
    pick = np.random.default_rng(seed).integers(0, len(DIRECTIONS), int(n))
    return np.array(DIRECTIONS, dtype=np.int64)[pick]


def shifted_accuracies(network, images, labels, distances: Sequence[int], seed: int = 0,
                       shape: Sequence[int] = (28, 28)) -> np.ndarray:  # fmt: skip
    """Accuracy of ``network`` on ``images`` moved ``d`` pixels, for each ``d`` in ``distances``.

    Each image moves in its own direction (:func:`shift_directions` with
    ``seed``: right, left, down or up), the same direction at every distance.
    """
    x, y = np.asarray(images), np.asarray(labels)
    if y.shape != (len(x),) or len(x) == 0:
        raise ValueError(f"labels must have shape ({len(x)},) for a non-empty set, got {y.shape}")
    if any(isinstance(d, bool) or int(d) != d or d < 0 for d in distances):
        raise ValueError(f"distances must be whole numbers of pixels >= 0, got {list(distances)}")
    way = shift_directions(len(x), seed)
    result = []
    for d in distances:
        right = 0
        for i in range(0, len(x), _CHUNK):
            moved = shift_images(x[i : i + _CHUNK], int(d) * way[i : i + _CHUNK, 0],
                                 int(d) * way[i : i + _CHUNK, 1], shape)  # fmt: skip
            right += int(np.sum(np.argmax(network.forward(moved), axis=1) == y[i : i + _CHUNK]))
        result.append(right / len(x))
    return np.array(result)


def tolerated_shift(accuracies: Sequence[float], drop: float = 0.05) -> int:
    """How many pixels of shift a network tolerates: the largest ``d`` such that the
    accuracies at shifts ``0..d`` (``accuracies[d]``) all stay within ``drop`` of the
    unshifted accuracy ``accuracies[0]``."""
    acc = np.asarray(accuracies, dtype=float)
    if acc.ndim != 1 or len(acc) == 0:
        raise ValueError(f"accuracies must be a non-empty 1-D sequence, got shape {acc.shape}")
    below = np.flatnonzero(acc < acc[0] - drop)
    return int(below[0] - 1) if len(below) else len(acc) - 1
