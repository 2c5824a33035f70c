"""Training rules, recorded step by step as :class:`~nnmath.trajectory.Trajectory`.

Two rules, both on the full data set at every step:

- :func:`gradient_descent`: ``params -= learning_rate * gradient``.
- :func:`coordinate_search`: nudge one parameter at a time and keep the nudge
  if the loss does not get worse; the "no calculus" rule that stalls.

Neither touches the network passed in: they train a copy.
"""

from __future__ import annotations

import math
import operator

import numpy as np

from .network import Network
from .trajectory import Trajectory

# Divergence: the loss exceeds this many times the starting loss (plus 1, so
# a starting loss of 0 still leaves room).
DIVERGENCE_FACTOR = 1e6


class TrainingDiverged(ValueError):
    """The loss (or the position) blew up: the learning rate is too large."""


def _positive(name: str, value: float) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive number, got {value!r}") from None
    if not (math.isfinite(v) and v > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return v


def _count(name: str, value: int, minimum: int) -> int:
    try:
        v = operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}") from None
    if isinstance(value, bool) or v < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return v


def _diverged(loss: float, start_loss: float) -> bool:
    return not math.isfinite(loss) or loss > DIVERGENCE_FACTOR * start_loss + 1.0


def gradient_descent(
    network: Network, x, y, learning_rate: float, steps: int, record_every: int = 1
) -> Trajectory:
    """Full-batch gradient descent, recorded.

    Parameters
    ----------
    network
        Starting point; not modified (a copy is trained).
    x, y
        Inputs ``(N, n_in)`` and targets ``(N, n_out)`` (1-D when size 1).
    learning_rate
        Step size, ``> 0``.
    steps
        Number of gradient steps, ``>= 0``.
    record_every
        Record every this many steps. Step 0 (the start) and the last step
        are always recorded.

    Returns
    -------
    Trajectory
        ``steps`` are the recorded step numbers, ``loss`` the loss there;
        ``meta`` holds ``method``, ``learning_rate``, ``steps``, ``record_every``.

    Raises
    ------
    TrainingDiverged
        The loss became NaN/infinite or exceeded ``1e6 * start_loss + 1``.
    ValueError
        A non-positive learning rate, negative ``steps``, ``record_every < 1``.

    Examples
    --------
    >>> import numpy as np
    >>> net = Network([1, 4, 1], seed=0)
    >>> x = np.linspace(-1, 1, 20); y = np.abs(x)
    >>> run = gradient_descent(net, x, y, learning_rate=0.05, steps=100, record_every=10)
    >>> run.steps[:3], len(run)
    (array([ 0, 10, 20]), 11)
    >>> bool(run.loss[-1] < run.loss[0])
    True
    """
    lr = _positive("learning_rate", learning_rate)
    steps = _count("steps", steps, 0)
    record_every = _count("record_every", record_every, 1)

    net = network.copy()
    params = net.get_params()
    start_loss = net.loss(x, y)
    if not math.isfinite(start_loss):
        raise ValueError(f"the starting loss is not finite ({start_loss}); check x and y")
    rec_steps, rec_params, rec_loss = [0], [params.copy()], [start_loss]
    # Overflow is expected when diverging; it is reported as TrainingDiverged.
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, steps + 1):
            params = params - lr * net.gradients(x, y)
            net.set_params(params)
            loss = net.loss(x, y)
            if _diverged(loss, start_loss):
                raise TrainingDiverged(
                    f"gradient descent diverged at step {step} with learning_rate={lr:g} "
                    f"(loss {loss:.3g}, started at {start_loss:.3g}); "
                    f"try a smaller learning rate, e.g. {lr / 10:g}"
                )
            if step % record_every == 0 or step == steps:
                rec_steps.append(step)
                rec_params.append(params.copy())
                rec_loss.append(loss)
    return Trajectory(
        rec_steps,
        np.array(rec_params),
        rec_loss,
        net.layer_sizes,
        net.activation,
        net.output_activation,
        meta={
            "method": "gradient_descent",
            "learning_rate": lr,
            "steps": steps,
            "record_every": record_every,
        },
    )


def coordinate_search(network: Network, x, y, step: float = 0.1, sweeps: int = 50) -> Trajectory:
    """The simplest training rule: try each parameter a little up, then down.

    For each parameter in turn: add ``step``; if the loss got worse (strictly
    greater than before), try ``-step`` from the original value instead; if that
    is worse too, restore the original value. A *sweep* is one pass over all
    parameters. Every parameter therefore only ever moves by whole multiples
    of ``step``, which is why the rule stalls short of the minimum.

    Parameters
    ----------
    network
        Starting point; not modified (a copy is trained).
    x, y
        Inputs and targets, as for :meth:`Network.loss`.
    step
        Size of each nudge, ``> 0``.
    sweeps
        Number of passes over all parameters, ``>= 0``.

    Returns
    -------
    Trajectory
        Recorded at the start and after every sweep; ``steps`` are sweep
        numbers; ``extras["evaluations"]`` is the cumulative number of loss
        evaluations (the start counts as one); ``meta`` holds ``method`` and
        ``step`` (and ``sweeps``).

    Examples
    --------
    >>> import numpy as np
    >>> net = Network([1, 2, 1], seed=1)
    >>> x = np.linspace(-1, 1, 10); y = 2 * x
    >>> run = coordinate_search(net, x, y, step=0.1, sweeps=5)
    >>> run.steps
    array([0, 1, 2, 3, 4, 5])
    >>> bool(np.all(np.diff(run.loss) <= 0))
    True
    """
    step = _positive("step", step)
    sweeps = _count("sweeps", sweeps, 0)

    net = network.copy()
    params = net.get_params()

    def loss_at(p: np.ndarray) -> float:
        return net.set_params(p).loss(x, y)

    current = loss_at(params)
    evaluations = 1
    rec_params, rec_loss, rec_evals = [params.copy()], [current], [evaluations]
    for _ in range(sweeps):
        for i in range(len(params)):
            original = params[i]
            params[i] = original + step
            trial = loss_at(params)
            evaluations += 1
            if trial > current:
                params[i] = original - step
                trial = loss_at(params)
                evaluations += 1
                if trial > current:
                    params[i] = original  # both directions worse: keep it
                    continue
            current = trial
        rec_params.append(params.copy())
        rec_loss.append(current)
        rec_evals.append(evaluations)
    return Trajectory(
        np.arange(sweeps + 1),
        np.array(rec_params),
        rec_loss,
        net.layer_sizes,
        net.activation,
        net.output_activation,
        extras={"evaluations": np.array(rec_evals, dtype=np.int64)},
        meta={"method": "coordinate_search", "step": step, "sweeps": sweeps},
    )


def curve_target(x) -> np.ndarray:
    """The noiseless curve of :func:`sample_curve_data`: ``sin(1.5 x) + 0.3 x``."""
    x = np.asarray(x, dtype=float)
    return np.sin(1.5 * x) + 0.3 * x


def sample_curve_data(
    n_points: int = 40, noise: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A small, deterministic non-linear 1-D data set for the "sum of ReLUs" clip.

    ``x`` is uniform in ``[-3, 3]`` and sorted; ``y = sin(1.5 x) + 0.3 x``
    (:func:`curve_target`) plus Gaussian noise of standard deviation ``noise``.
    A straight line fits it badly, a handful of ReLUs well. The same arguments
    give the same data.

    Parameters
    ----------
    n_points
        Number of points, ``>= 2``.
    noise
        Standard deviation of the added noise, ``>= 0`` (0 gives the clean curve).
    seed
        Seed of the random ``x`` positions and noise.

    Returns
    -------
    x, y : numpy.ndarray
        Two 1-D arrays of length ``n_points``.

    Examples
    --------
    >>> x, y = sample_curve_data(5, noise=0.0, seed=0)
    >>> x.shape, bool(np.all(np.diff(x) >= 0))
    ((5,), True)
    >>> bool(np.allclose(y, np.sin(1.5 * x) + 0.3 * x))
    True
    """
    n_points = _count("n_points", n_points, 2)
    noise_f = float(noise)
    if not (math.isfinite(noise_f) and noise_f >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-3.0, 3.0, n_points))
    y = curve_target(x) + rng.normal(0.0, noise_f, n_points)
    return x, y
