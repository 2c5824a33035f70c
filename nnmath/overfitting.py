"""Overfitting: small ReLU networks trained on a few noisy points, and on more.

The data are noisy samples of :func:`~nnmath.training.curve_target`
(``sin(1.5 x) + 0.3 x`` on ``[-3, 3]``). Each run trains a ``[1, *hidden, 1]``
ReLU network by full-batch Adam and records, at every recorded step, the
parameters, the *training error* (the network's cost on the noisy training
points) and the *test error* (the same cost against the **noiseless** curve
on a dense grid). A large network on few points drives the training error
down while the test error turns back up; the same network on more points
does not.

Adam, not :func:`~nnmath.training.gradient_descent`: plain gradient descent
needs tens of thousands of steps before a network starts fitting the noise,
Adam a few thousand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .network import Network
from .training import TrainingDiverged, _count, curve_target
from .trajectory import Trajectory

X_RANGE = (-3.0, 3.0)
TEST_POINTS = 400
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8


# -- checks -------------------------------------------------------------------
def _float(name: str, value, *, positive: bool) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    bound = "> 0" if positive else ">= 0"
    if isinstance(value, bool) or not math.isfinite(v) or v < 0 or (positive and v == 0):
        raise ValueError(f"{name} must be a finite number {bound}, got {value!r}")
    return v


def _hidden(value) -> tuple[int, ...]:
    """One architecture: a width (one hidden layer) or a sequence of widths."""
    if isinstance(value, (str, bytes)):
        raise ValueError(f"an architecture is a width or a sequence of widths, got {value!r}")
    if not isinstance(value, Sequence):
        return (_count("a hidden width", value, 1),)
    return tuple(_count("a hidden width", w, 1) for w in value)


# -- data ---------------------------------------------------------------------
def overfit_data(n_train: int, noise: float = 0.3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Noisy points ``y = curve_target(x) + noise * N(0, 1)``, ``x`` uniform in ``[-3, 3]``.

    ``x`` and the noise come from two independent streams of ``seed``, and
    the points are in draw order (not sorted), so the first ``n`` points of a
    larger draw are exactly the ``n``-point draw: more data *adds* points.

    Examples
    --------
    >>> x5, _ = overfit_data(5, seed=1)
    >>> x9, _ = overfit_data(9, seed=1)
    >>> bool(np.array_equal(x9[:5], x5))
    True
    """
    n = _count("n_train", n_train, 1)
    sigma = _float("noise", noise, positive=False)
    seed = _count("seed", seed, 0)
    seq_x, seq_noise = np.random.SeedSequence(seed).spawn(2)
    x = np.random.default_rng(seq_x).uniform(*X_RANGE, n)
    return x, curve_target(x) + sigma * np.random.default_rng(seq_noise).standard_normal(n)


def target_grid(n_points: int = TEST_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """The test set: ``n_points`` evenly spaced ``x`` on ``[-3, 3]`` and the noiseless curve.

    A network's test error is its cost there, ``network.loss(*target_grid())``:
    the mean of ``(f(x) - curve_target(x))^2`` over the grid.
    """
    x = np.linspace(*X_RANGE, _count("n_points", n_points, 2))
    return x, curve_target(x)


# -- one run ------------------------------------------------------------------
@dataclass(frozen=True)
class OverfitRun:
    """One recorded training run of a ``[1, *hidden, 1]`` ReLU network.

    Attributes
    ----------
    hidden
        Hidden-layer widths.
    n_train, noise, seed, learning_rate
        What the run was trained with (data and initial weights come from ``seed``).
    steps
        Recorded Adam step numbers ``(K,)``: 0, every ``record_every``, and the last.
    params
        Flat parameters at each recorded step ``(K, P)`` (:meth:`Network.get_params` order).
    train_error
        :meth:`Network.loss` on the noisy training points, ``(K,)``.
    test_error
        :meth:`Network.loss` against the noiseless curve on :func:`target_grid`, ``(K,)``.
    x_train, y_train
        The training points (:func:`overfit_data`).
    """

    hidden: tuple[int, ...]
    n_train: int
    noise: float
    seed: int
    learning_rate: float
    steps: np.ndarray
    params: np.ndarray
    train_error: np.ndarray
    test_error: np.ndarray
    x_train: np.ndarray
    y_train: np.ndarray

    @property
    def layer_sizes(self) -> list[int]:
        return [1, *self.hidden, 1]

    @property
    def best_index(self) -> int:
        """Recorded index of the lowest test error (the first, on a tie)."""
        return int(np.argmin(self.test_error))

    @property
    def best_step(self) -> int:
        """Step of the lowest test error: where training should have stopped."""
        return int(self.steps[self.best_index])

    def network_at(self, i: int) -> Network:
        """The network at recorded index ``i`` (negative counts from the end)."""
        return Network(self.layer_sizes, "relu", "identity", seed=0).set_params(self.params[i])

    def to_trajectory(self) -> Trajectory:
        """As a :class:`Trajectory` (``loss`` = train error, extra ``test_error``), to cache."""
        return Trajectory(
            self.steps,
            self.params,
            self.train_error,
            self.layer_sizes,
            "relu",
            "identity",
            extras={"test_error": self.test_error},
            meta={
                "method": "adam",
                "hidden": list(self.hidden),
                "n_train": self.n_train,
                "noise": self.noise,
                "seed": self.seed,
                "learning_rate": self.learning_rate,
            },
        )

    @classmethod
    def from_trajectory(cls, trajectory: Trajectory) -> OverfitRun:
        """Back from :meth:`to_trajectory` (the training points are redrawn from the seed)."""
        meta = trajectory.meta
        x, y = overfit_data(meta["n_train"], meta["noise"], meta["seed"])
        return cls(
            hidden=tuple(meta["hidden"]),
            n_train=int(meta["n_train"]),
            noise=float(meta["noise"]),
            seed=int(meta["seed"]),
            learning_rate=float(meta["learning_rate"]),
            steps=trajectory.steps,
            params=trajectory.params,
            train_error=trajectory.loss,
            test_error=np.asarray(trajectory.extras["test_error"], dtype=float),
            x_train=x,
            y_train=y,
        )


def _adam(net: Network, x, y, lr: float, steps: int, record_every: int):
    """Full-batch Adam (Kingma & Ba, with bias correction); yields ``(step, params)`` to record."""
    beta1, beta2 = ADAM_BETAS
    params = net.get_params()
    m = np.zeros_like(params)
    v = np.zeros_like(params)
    yield 0, params.copy()
    for t in range(1, steps + 1):
        grad = net.gradients(x, y)
        m = beta1 * m + (1.0 - beta1) * grad
        v = beta2 * v + (1.0 - beta2) * grad * grad
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        params = params - lr * m_hat / (np.sqrt(v_hat) + ADAM_EPS)
        net.set_params(params)
        if t % record_every == 0 or t == steps:
            yield t, params.copy()


def train_overfit(
    hidden,
    n_train: int = 15,
    *,
    noise: float = 0.3,
    seed: int = 0,
    steps: int = 3000,
    learning_rate: float = 0.01,
    record_every: int = 25,
) -> OverfitRun:
    """Train one ``[1, *hidden, 1]`` ReLU network (identity output) by full-batch Adam.

    Parameters
    ----------
    hidden
        Hidden widths, e.g. ``(64, 64)``; an int is one hidden layer; ``()`` a line.
    n_train
        Number of noisy training points (:func:`overfit_data`), ``>= 1``.
    noise
        Standard deviation of the noise on the training targets, ``>= 0``.
    seed
        Seeds the data and the initial weights (``Network(..., seed=seed)``),
        so every architecture and data size of one seed starts from its own
        fixed weights and nested data. The same arguments give the same run.
    steps
        Adam steps, ``>= 0``; each uses the gradient on all training points.
    learning_rate
        Adam's step size, ``> 0`` (betas 0.9 and 0.999, eps 1e-8).
    record_every
        Record every this many steps; step 0 and the last step always.

    Returns
    -------
    OverfitRun
        Train error (cost on the noisy points) and test error (cost against
        the noiseless curve on the 400-point :func:`target_grid`) per recorded step.

    Raises
    ------
    ValueError
        A bad parameter.
    TrainingDiverged
        The training error became NaN or infinite.
    """
    widths = _hidden(hidden)
    n_train = _count("n_train", n_train, 1)
    noise = _float("noise", noise, positive=False)
    seed = _count("seed", seed, 0)
    steps = _count("steps", steps, 0)
    lr = _float("learning_rate", learning_rate, positive=True)
    record_every = _count("record_every", record_every, 1)

    x, y = overfit_data(n_train, noise, seed)
    x_test, y_test = target_grid()
    net = Network([1, *widths, 1], "relu", "identity", seed=seed)
    rec_steps, rec_params, train, test = [], [], [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for step, params in _adam(net, x, y, lr, steps, record_every):
            # net holds `params` while the generator waits
            train.append(net.loss(x, y))
            if not math.isfinite(train[-1]):
                raise TrainingDiverged(
                    f"Adam diverged by step {step} with learning_rate={lr:g}; try {lr / 10:g}"
                )
            test.append(net.loss(x_test, y_test))
            rec_steps.append(step)
            rec_params.append(params)
    return OverfitRun(
        hidden=widths,
        n_train=n_train,
        noise=noise,
        seed=seed,
        learning_rate=lr,
        steps=np.array(rec_steps, dtype=np.int64),
        params=np.array(rec_params),
        train_error=np.array(train),
        test_error=np.array(test),
        x_train=x,
        y_train=y,
    )


# -- the study ----------------------------------------------------------------
@dataclass(frozen=True)
class Overfitting:
    """Every architecture trained on few points and on more.

    ``few[i]`` and ``more[i]`` are ``architectures[i]`` on ``n_train`` and
    ``n_train_more`` points (the few points are the first of the more);
    ``x_test``, ``y_test`` the dense grid and noiseless curve of the test error.
    """

    architectures: tuple[tuple[int, ...], ...]
    few: tuple[OverfitRun, ...]
    more: tuple[OverfitRun, ...]
    x_test: np.ndarray
    y_test: np.ndarray


def overfitting_runs(
    architectures: Sequence = ((3,), (8,), (64, 64)),
    n_train: int = 15,
    n_train_more: int = 150,
    *,
    noise: float = 0.3,
    seed: int = 0,
    steps: int = 3000,
    learning_rate: float = 0.01,
    record_every: int = 25,
) -> Overfitting:
    """Train each architecture on ``n_train`` noisy points and on ``n_train_more``.

    Each run is :func:`train_overfit` with the same ``noise``, ``seed``,
    ``steps``, ``learning_rate`` and ``record_every``: full-batch Adam,
    training error on the noisy points, test error against the noiseless
    curve on a dense 400-point grid of ``[-3, 3]``.

    Parameters
    ----------
    architectures
        Hidden widths per network, default ``((3,), (8,), (64, 64))`` (too few
        neurons, a few, many); an int is one hidden layer.
    n_train, n_train_more
        The few points and the more (``n_train_more > n_train``).

    Returns
    -------
    Overfitting

    Examples
    --------
    >>> study = overfitting_runs([(4,)], n_train=5, n_train_more=20, steps=20, record_every=10)
    >>> [run.n_train for run in study.few + study.more], study.few[0].steps.tolist()
    ([5, 20], [0, 10, 20])
    """
    if isinstance(architectures, (str, bytes)) or not isinstance(architectures, Sequence):
        raise ValueError(f"architectures must be a list of hidden widths, got {architectures!r}")
    if not architectures:
        raise ValueError("architectures needs at least one network")
    archs = tuple(_hidden(a) for a in architectures)
    n_train = _count("n_train", n_train, 1)
    n_more = _count("n_train_more", n_train_more, 1)
    if n_more <= n_train:
        raise ValueError(f"n_train_more ({n_more}) must be larger than n_train ({n_train})")
    options = {
        "noise": noise,
        "seed": seed,
        "steps": steps,
        "learning_rate": learning_rate,
        "record_every": record_every,
    }
    few = tuple(train_overfit(h, n_train, **options) for h in archs)
    more = tuple(train_overfit(h, n_more, **options) for h in archs)
    x_test, y_test = target_grid()
    return Overfitting(archs, few, more, x_test, y_test)
