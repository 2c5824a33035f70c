"""Double descent: fitting a few noisy points with more and more random ReLUs.

The model is a sum of ``n`` fixed ReLU "neurons" on a 1-D input, each with a
random bend and slope (:func:`random_relu_features`); only the output weights
are fitted, by least squares (:func:`min_norm_fit`). With fewer useful
neurons than points the fit is ordinary least squares; once the neurons can
pass through every point (the feature matrix reaches full row rank: the
*interpolation threshold*) there are infinitely many exact fits, and
``lstsq`` returns the one with the smallest output weights. Test error
typically falls, rises to a peak around the threshold (the fit must bend
wildly to hit every noisy point, through nearly collinear features), then
falls again as more neurons let the smallest-weight interpolant be smoother:
"double descent" (Belkin et al. 2019). :func:`double_descent_curve` measures
it, over several data sets.

In 1-D full rank is not reached at ``n = n_points``: a random bend adds a new
direction only where it falls between data points, so 20 points need 22 to
about 100 neurons. The test error still peaks near ``n = n_points``, where
the few features are nearly dependent; averaged over data sets the peak is
carried by a minority of them. See :func:`double_descent_curve` for
measured numbers.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .training import _count

__all__ = [
    "DEFAULT_NS",
    "DoubleDescent",
    "double_descent_curve",
    "min_norm_fit",
    "random_relu_features",
    "random_relu_neurons",
    "smooth_target",
]

SLOPES = ("normal", "sign")
X_LAYOUTS = ("jittered", "uniform")

#: Default sweep of neuron counts: 60 log-spaced steps from 1 to 4,000,
#: rounded and deduplicated (53 values), fixed so that curves are comparable.
DEFAULT_NS: np.ndarray = np.unique(np.round(np.geomspace(1, 4000, 60)).astype(np.int64))


def smooth_target(x) -> np.ndarray:
    """The function the noisy points are drawn from: ``sin(2 pi x)``, two waves on ``[-1, 1]``.

    Two full waves need about eight ReLU pieces to follow, so small models
    visibly underfit: the first descent has somewhere to go.
    """
    return np.sin(2.0 * np.pi * np.asarray(x, dtype=float))


def _seed_streams(seed) -> tuple[np.random.Generator, np.random.Generator]:
    # Two independent child streams (bends, slopes), each drawn in one call,
    # so the first n neurons of a larger draw are exactly the n-neuron draw.
    try:
        bends, slopes = np.random.SeedSequence(seed).spawn(2)
    except (TypeError, ValueError):
        raise ValueError(
            f"seed must be a non-negative integer or a sequence of them, got {seed!r}"
        ) from None
    return np.random.default_rng(bends), np.random.default_rng(slopes)


def _real(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return v


def random_relu_neurons(
    n: int, seed, lo: float = -1.0, hi: float = 1.0, slopes: str = "normal"
) -> tuple[np.ndarray, np.ndarray]:
    """Bends ``k`` and slopes ``s`` of ``n`` random ReLU neurons.

    The neurons of :func:`random_relu_features` (same arguments, same
    draws), e.g. to draw where each one bends.
    """
    n = _count("n", n, 1)
    lo, hi = _real("lo", lo), _real("hi", hi)
    if not lo < hi:
        raise ValueError(f"lo must be below hi, got lo={lo}, hi={hi}")
    if slopes not in SLOPES:
        raise ValueError(f"slopes must be one of {SLOPES}, got {slopes!r}")
    bend_rng, slope_rng = _seed_streams(seed)
    bends = bend_rng.uniform(lo, hi, n)
    if slopes == "normal":
        s = slope_rng.standard_normal(n)
    else:
        s = np.where(slope_rng.random(n) < 0.5, -1.0, 1.0)
    return bends, s


def random_relu_features(
    x,
    n: int,
    seed,
    lo: float = -1.0,
    hi: float = 1.0,
    slopes: str = "normal",
    constant: bool = False,
) -> np.ndarray:
    """The outputs of ``n`` fixed random ReLU neurons at each input: one column per neuron.

    Column ``j`` is ``max(0, s_j * (x - k_j))``: a ReLU bent at ``k_j`` with
    slope ``s_j``, rising to the right if ``s_j > 0`` and to the left if
    ``s_j < 0``.

    Parameters
    ----------
    x
        1-D inputs, finite.
    n
        Number of neurons, ``>= 1``.
    seed
        Non-negative integer (or sequence of them) fixing the neurons. Bends
        and slopes come from two child streams of ``SeedSequence(seed)``,
        each drawn in one call, so the first ``n`` columns of a larger ``n``
        are exactly the ``n``-neuron features: a sweep over ``n`` *adds*
        neurons, it never redraws them.
    lo, hi
        Bends are uniform on ``[lo, hi]``: pass the domain of the problem,
        not the range of one sample, so training and test inputs see the
        same neurons.
    slopes
        ``"normal"``: ``s_j ~ N(0, 1)`` (random sign and magnitude);
        ``"sign"``: ``s_j = +-1`` with equal odds.
    constant
        Prepend a column of ones (a fitted constant term), making ``n + 1``
        columns.

    Returns
    -------
    numpy.ndarray
        ``float64``, shape ``(len(x), n)`` (``n + 1`` with ``constant``).

    Raises
    ------
    ValueError
        ``x`` not 1-D finite, ``n < 1``, ``lo >= hi``, an unknown ``slopes``
        or a bad seed.

    Examples
    --------
    >>> random_relu_features([-1.0, 0.0, 1.0], 4, seed=0).shape
    (3, 4)
    """
    xs = np.asarray(x, dtype=float)
    if xs.ndim != 1 or not np.all(np.isfinite(xs)):
        raise ValueError(f"x must be a 1-D array of finite numbers, got shape {xs.shape}")
    bends, s = random_relu_neurons(n, seed, lo, hi, slopes)
    features = np.maximum(0.0, s[None, :] * (xs[:, None] - bends[None, :]))
    if constant:
        features = np.hstack([np.ones((len(xs), 1)), features])
    return features


def min_norm_fit(features, y) -> np.ndarray:
    """Output weights ``c`` minimising ``|features @ c - y|``, and among those the smallest ``|c|``.

    This is ``numpy.linalg.lstsq(features, y, rcond=None)``: it solves by SVD
    and so returns the minimum-norm least-squares solution, the same as the
    pseudo-inverse ``pinv(features) @ y``. With fewer columns than rows (and
    full column rank) that is ordinary least squares; past the interpolation
    threshold it is the smallest-weight exact fit. Singular values below
    ``eps * max(rows, cols) * s_max`` count as zero.

    Parameters
    ----------
    features
        ``(N, n)`` finite matrix, e.g. from :func:`random_relu_features`.
    y
        ``N`` targets (or ``(N, k)`` for several at once).

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)`` (``(n, k)`` for 2-D ``y``).

    Raises
    ------
    ValueError
        Non-finite or wrongly shaped input.
    """
    a = np.asarray(features, dtype=float)
    b = np.asarray(y, dtype=float)
    if a.ndim != 2 or a.size == 0 or not np.all(np.isfinite(a)):
        raise ValueError(f"features must be a non-empty finite 2-D array, got shape {a.shape}")
    if b.ndim not in (1, 2) or len(b) != len(a) or not np.all(np.isfinite(b)):
        raise ValueError(f"y must be {len(a)} finite targets, got shape {b.shape}")
    return np.linalg.lstsq(a, b, rcond=None)[0]


@dataclass
class DoubleDescent:
    """A swept double-descent experiment (see :func:`double_descent_curve`).

    Errors are mean squared errors. Per-seed arrays have shape
    ``(n_seeds, len(ns))``; the averaged curves are properties.

    Attributes
    ----------
    n_points
        Training points per data set.
    ns
        Neuron counts swept, ascending.
    train_errors, test_errors
        Per data seed: training error against the noisy training targets,
        test error against the noiseless target on the test grid.
    ranks
        Rank of each training feature matrix (as ``lstsq`` counted it).
    thresholds
        Per seed, the first ``n`` in ``ns`` whose rank equals the number of
        points (the interpolation threshold); 0 if never reached.
    x_train, y_train
        The training points of seed index ``curve_seed``.
    x_test, target
        The test grid and the noiseless target on it (the same for all seeds).
    fits
        For seed index ``curve_seed``: ``{n: fitted values on x_test}`` at
        each of ``curve_ns``.
    meta
        The settings used.
    """

    n_points: int
    ns: np.ndarray
    train_errors: np.ndarray
    test_errors: np.ndarray
    ranks: np.ndarray
    thresholds: np.ndarray
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    target: np.ndarray
    fits: dict[int, np.ndarray] = field(repr=False)
    meta: dict = field(default_factory=dict)

    @property
    def train_error(self) -> np.ndarray:
        """Training error averaged (arithmetic mean) over the data seeds."""
        return self.train_errors.mean(axis=0)

    @property
    def test_error(self) -> np.ndarray:
        """Test error averaged (arithmetic mean) over seeds: dominated near the
        threshold by the few seeds whose features are nearly collinear there."""
        return self.test_errors.mean(axis=0)

    @property
    def test_error_median(self) -> np.ndarray:
        """Median test error over seeds: the typical data set."""
        return np.median(self.test_errors, axis=0)

    @property
    def test_error_geomean(self) -> np.ndarray:
        """Geometric mean of the test error over seeds (the mean on a log axis)."""
        return np.exp(np.log(self.test_errors).mean(axis=0))

    def peak(self, curve: str = "mean") -> int:
        """``n`` with the largest averaged test error in the interpolation zone.

        The zone runs from ``n_points / 2`` neurons up to the largest of the
        :attr:`thresholds` (where every data set has reached full rank; the
        whole sweep if one never does), so the poor fits of one or two
        neurons are not mistaken for the peak. ``curve`` is ``"mean"``,
        ``"median"`` or ``"geomean"``.
        """
        err = self._curve(curve)
        top = self.ns[-1] if np.any(self.thresholds == 0) else self.thresholds.max()
        zone = np.flatnonzero((self.ns >= self.n_points / 2) & (self.ns <= top))
        if not len(zone):
            zone = np.arange(len(self.ns))
        return int(self.ns[zone[np.argmax(err[zone])]])

    def first_minimum(self, curve: str = "mean") -> int:
        """``n`` with the smallest averaged test error below :meth:`peak` (the first descent)."""
        err = self._curve(curve)
        stop = int(np.searchsorted(self.ns, self.peak(curve)))
        return int(self.ns[np.argmin(err[: max(stop, 1)])])

    def _curve(self, curve: str) -> np.ndarray:
        curves = {
            "mean": self.test_error,
            "median": self.test_error_median,
            "geomean": self.test_error_geomean,
        }
        if curve not in curves:
            raise ValueError(f"curve must be one of {tuple(curves)}, got {curve!r}")
        return curves[curve]

    def error_at(self, n: int, curve: str = "mean") -> float:
        """Averaged test error at a swept ``n``."""
        where = np.flatnonzero(self.ns == n)
        if not len(where):
            raise ValueError(f"n={n} is not in the sweep")
        return float(self._curve(curve)[where[0]])


def _training_x(rng: np.random.Generator, n_points: int, lo: float, hi: float, layout: str):
    if layout == "uniform":
        return np.sort(rng.uniform(lo, hi, n_points))
    # Evenly spaced, each point moved by up to a quarter of the spacing: the
    # points stay in order and never closer than half a spacing.
    if n_points == 1:
        return np.array([(lo + hi) / 2.0])
    spacing = (hi - lo) / (n_points - 1)
    grid = np.linspace(lo, hi, n_points) + rng.uniform(-0.25, 0.25, n_points) * spacing
    return np.clip(grid, lo, hi)


def double_descent_curve(
    n_points: int = 20,
    noise: float = 0.1,
    seed: int = 0,
    ns: Sequence[int] | None = None,
    n_seeds: int = 20,
    slopes: str = "normal",
    constant: bool = False,
    x_layout: str = "jittered",
    n_test: int = 1000,
    curve_seed: int = 0,
    curve_ns: Sequence[int] | None = None,
    target: Callable[[np.ndarray], np.ndarray] = smooth_target,
    lo: float = -1.0,
    hi: float = 1.0,
) -> DoubleDescent:
    """Training and test error of min-norm random-ReLU fits, for each neuron count ``n``.

    For each of ``n_seeds`` data sets: ``n_points`` inputs on ``[lo, hi]``,
    targets ``target(x) + noise * N(0, 1)``; ``max(ns)`` random neurons
    (:func:`random_relu_features`, bends uniform on ``[lo, hi]``), of which
    the first ``n`` are fitted by :func:`min_norm_fit` for each ``n`` in
    ``ns``. Training error is the mean squared residual at the (noisy)
    training points; test error the mean squared distance from the
    *noiseless* target on ``n_test`` evenly spaced points of ``[lo, hi]``
    (fresh-noise test error would add ``noise**2`` to every value).

    Parameters
    ----------
    n_points
        Training points per data set, ``>= 1``.
    noise
        Standard deviation of the Gaussian noise on the training targets, ``>= 0``.
    seed
        Master seed. Data set ``i`` uses ``default_rng([seed, i, 0])`` for its
        points and noise and ``random_relu_features(..., seed=[seed, i, 1])``
        for its neurons: everything is fixed by ``seed``.
    ns
        Neuron counts, positive integers (sorted and deduplicated here);
        default :data:`DEFAULT_NS` (1 to 4,000, log spaced).
    n_seeds
        Number of data sets averaged over, ``>= 1``.
    slopes, constant
        As in :func:`random_relu_features`.
    x_layout
        ``"jittered"`` (default): evenly spaced points, each moved at random
        by up to a quarter spacing, the ends near ``lo`` and ``hi``;
        ``"uniform"``: i.i.d. uniform on ``[lo, hi]``. With uniform points,
        near-coincident pairs with different noise force steep interpolants
        and the ends are extrapolated, so the large-``n`` error stays high
        (see Notes).
    n_test
        Test grid size, ``>= 2``.
    curve_seed, curve_ns
        Fitted curves on the test grid are kept for data set ``curve_seed``
        at each ``n`` of ``curve_ns`` (each must be in the sweep). Default:
        the first minimum and peak of the mean curve and the largest ``n``.
    target
        The noiseless function; default :func:`smooth_target`.
    lo, hi
        The input domain.

    Returns
    -------
    DoubleDescent

    Raises
    ------
    ValueError
        Any bad setting (non-integers, non-positive counts, negative noise,
        ``lo >= hi``, a ``curve_ns`` value not swept, ...).

    Notes
    -----
    Measured with the defaults (20 jittered points, noise 0.1,
    ``sin(2 pi x)``, normal slopes, 20 data sets, ``seed=0``; under 1 s of
    CPU). Full rank is reached at ``n`` = 22-68 (median 39). The test error
    peaks at ``n`` = 19, just *below* the number of points, where the ranks
    are 15-19 and the few columns are nearly dependent: mean 2.5, geometric
    mean 0.14, median 0.068. The first minimum before it is 0.10 at ``n`` = 9
    (mean; geometric mean 0.058 and median 0.043, both at ``n`` = 13), and
    at ``n`` = 4,000 the error is 0.010 (all three): the second descent ends
    well below the first minimum. The mean's peak is the mean of a few
    explosions (the 90th percentile is 2.5 at ``n`` = 19, the median only
    0.068), and the median's bump is small and not always there (none for
    ``seed=1``); on a log axis the geometric mean shows the shape best. With
    100 data sets: geometric mean 0.092 (``n`` = 11), 0.27 (``n`` = 17),
    0.0087 (``n`` = 4,000). Not every setting ends below the first minimum:
    ``sin(pi x)`` with noise 0.3 ends at 0.078-0.087 against a first minimum
    of 0.057-0.059 (median, geometric mean; 100 data sets), and with
    ``x_layout="uniform"`` the largest-``n`` error (median 0.18) stays
    above the first minimum too.
    """
    n_points = _count("n_points", n_points, 1)
    noise = _real("noise", noise)
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    n_seeds = _count("n_seeds", n_seeds, 1)
    n_test = _count("n_test", n_test, 2)
    curve_seed = _count("curve_seed", curve_seed, 0)
    if curve_seed >= n_seeds:
        raise ValueError(f"curve_seed must be below n_seeds={n_seeds}, got {curve_seed}")
    seed = _count("seed", seed, 0)
    lo, hi = _real("lo", lo), _real("hi", hi)
    if not lo < hi:
        raise ValueError(f"lo must be below hi, got lo={lo}, hi={hi}")
    if x_layout not in X_LAYOUTS:
        raise ValueError(f"x_layout must be one of {X_LAYOUTS}, got {x_layout!r}")
    if slopes not in SLOPES:
        raise ValueError(f"slopes must be one of {SLOPES}, got {slopes!r}")
    sweep = DEFAULT_NS if ns is None else np.unique([_count("ns value", n, 1) for n in ns])
    if len(sweep) == 0:
        raise ValueError("ns must hold at least one neuron count")
    n_max = int(sweep[-1])
    extra = 1 if constant else 0

    x_test = np.linspace(lo, hi, n_test)
    f_test = np.asarray(target(x_test), dtype=float)
    shape = (n_seeds, len(sweep))
    train_err, test_err = np.empty(shape), np.empty(shape)
    ranks = np.empty(shape, dtype=np.int64)
    curve_data: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
    for i in range(n_seeds):
        rng = np.random.default_rng([seed, i, 0])
        x = _training_x(rng, n_points, lo, hi, x_layout)
        y = np.asarray(target(x), dtype=float) + noise * rng.standard_normal(n_points)
        # One draw of the most neurons; each n uses the first n columns.
        both = random_relu_features(
            np.concatenate([x, x_test]), n_max, [seed, i, 1], lo, hi, slopes, constant
        )
        f_train, f_grid = both[:n_points], both[n_points:]
        for j, n in enumerate(sweep):
            cols = int(n) + extra
            coef, _, rank, _ = np.linalg.lstsq(f_train[:, :cols], y, rcond=None)
            train_err[i, j] = np.mean((f_train[:, :cols] @ coef - y) ** 2)
            test_err[i, j] = np.mean((f_grid[:, :cols] @ coef - f_test) ** 2)
            ranks[i, j] = rank
        if i == curve_seed:
            curve_data = (x, y, f_train, f_grid)

    full = ranks == n_points
    thresholds = np.where(full.any(axis=1), sweep[np.argmax(full, axis=1)], 0)
    result = DoubleDescent(
        n_points=n_points,
        ns=sweep.astype(np.int64),
        train_errors=train_err,
        test_errors=test_err,
        ranks=ranks,
        thresholds=thresholds.astype(np.int64),
        x_train=curve_data[0],
        y_train=curve_data[1],
        x_test=x_test,
        target=f_test,
        fits={},
        meta={
            "n_points": n_points,
            "noise": noise,
            "seed": seed,
            "n_seeds": n_seeds,
            "slopes": slopes,
            "constant": bool(constant),
            "x_layout": x_layout,
            "n_test": n_test,
            "curve_seed": curve_seed,
            "lo": lo,
            "hi": hi,
            "test_error": "mean squared distance from the noiseless target on the test grid",
        },
    )
    if curve_ns is None:
        chosen = [result.first_minimum(), result.peak(), n_max]
    else:
        chosen = [_count("curve_ns value", n, 1) for n in curve_ns]
        missing = sorted(set(chosen) - set(sweep.tolist()))
        if missing:
            raise ValueError(f"curve_ns values {missing} are not in the sweep ns")
    _, y, f_train, f_grid = curve_data
    for n in chosen:
        cols = int(n) + extra
        result.fits[int(n)] = f_grid[:, :cols] @ min_norm_fit(f_train[:, :cols], y)
    return result
