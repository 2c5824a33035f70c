"""Landscapes for the "rolling downhill" clips: 2-D cost surfaces and 1-D valleys.

Every function comes with its exact derivative (no finite differences), a
domain to plot, and its local minima to full precision, so a clip can mark
where a descent path should end up.

- :func:`surface` ``(name)``: "bowl", "himmelblau", "six_hump_camel", "rosenbrock".
- :func:`curve` ``(name)``: "wiggly" (three valleys of different depths), "double_well".
- :func:`descend`: the plain gradient-descent path on either.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .training import TrainingDiverged

SURFACES = ("bowl", "himmelblau", "six_hump_camel", "rosenbrock")
CURVES = ("wiggly", "double_well")

# descend() calls a run divergent once it leaves the domain blown up this many
# times about its centre: generous, so an overshooting but converging path is fine.
ESCAPE_FACTOR = 10.0


def _frozen(arr) -> np.ndarray:
    """A read-only float array: the objects below are cached and shared."""
    out = np.array(arr, dtype=float)
    out.flags.writeable = False
    return out


# -- 2-D surfaces ---------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Surface:
    """A cost surface ``z = f(x, y)`` with its exact gradient.

    Attributes
    ----------
    name
        One of :data:`SURFACES`.
    value
        ``value(x, y)``: ``f`` at arrays ``x``, ``y`` (broadcast together).
    gradient
        ``gradient(x, y)``: the exact gradient, an array of shape
        ``broadcast(x, y).shape + (2,)``: ``[..., 0]`` is df/dx, ``[..., 1]`` df/dy.
    domain
        ``((xmin, xmax), (ymin, ymax))``, the region to plot.
    minima
        All local minima inside the domain, shape ``(m, 2)``.
    global_minima
        The minima of lowest value, shape ``(g, 2)``.
    value_range
        ``(lowest, highest)`` value over the domain, for a colour scale.

    Examples
    --------
    >>> s = surface("himmelblau")
    >>> float(s.value(3.0, 2.0)), s.gradient(3.0, 2.0).tolist()
    (0.0, [0.0, 0.0])
    >>> s.minima.shape
    (4, 2)
    """

    name: str
    value: Callable[[np.ndarray, np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray, np.ndarray], np.ndarray]
    domain: tuple[tuple[float, float], tuple[float, float]]
    minima: np.ndarray
    global_minima: np.ndarray
    value_range: tuple[float, float]

    def contains(self, point) -> bool:
        """Whether ``(x, y)`` lies in the (closed) domain."""
        (x0, x1), (y0, y1) = self.domain
        px, py = point
        return bool(x0 <= px <= x1 and y0 <= py <= y1)


def _xy(x, y) -> tuple[np.ndarray, np.ndarray]:
    return np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))


def _bowl(x, y):
    x, y = _xy(x, y)
    # Five times steeper across y than along x: descent zigzags before it settles.
    return 0.5 * x**2 + 2.5 * y**2


def _bowl_grad(x, y):
    x, y = _xy(x, y)
    return np.stack([x, 5.0 * y], axis=-1)


def _himmelblau(x, y):
    x, y = _xy(x, y)
    return (x**2 + y - 11.0) ** 2 + (x + y**2 - 7.0) ** 2


def _himmelblau_grad(x, y):
    x, y = _xy(x, y)
    a = x**2 + y - 11.0
    b = x + y**2 - 7.0
    return np.stack([4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b], axis=-1)


def _camel(x, y):
    x, y = _xy(x, y)
    return (4.0 - 2.1 * x**2 + x**4 / 3.0) * x**2 + x * y + (-4.0 + 4.0 * y**2) * y**2


def _camel_grad(x, y):
    x, y = _xy(x, y)
    return np.stack([8.0 * x - 8.4 * x**3 + 2.0 * x**5 + y, x - 8.0 * y + 16.0 * y**3], axis=-1)


def _rosenbrock(x, y):
    x, y = _xy(x, y)
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


def _rosenbrock_grad(x, y):
    x, y = _xy(x, y)
    return np.stack([-2.0 * (1.0 - x) - 400.0 * x * (y - x**2), 200.0 * (y - x**2)], axis=-1)


# Minima: Newton-refined on the exact gradient to ~1e-15 (the tests re-check
# them with scipy.optimize.minimize). Himmelblau's are all global (value 0);
# the camel's come in point-symmetric pairs, the first pair global (-1.0316...).
_SURFACE_SPECS = {
    "bowl": (_bowl, _bowl_grad, ((-3.0, 3.0), (-3.0, 3.0)), [(0.0, 0.0)]),
    "himmelblau": (
        _himmelblau,
        _himmelblau_grad,
        ((-5.0, 5.0), (-5.0, 5.0)),
        [
            (3.0, 2.0),
            (-2.805118086952745, 3.131312518250573),
            (-3.779310253377747, -3.2831859912861696),
            (3.5844283403304917, -1.8481265269644034),
        ],
    ),
    "six_hump_camel": (
        _camel,
        _camel_grad,
        ((-2.0, 2.0), (-1.0, 1.0)),
        [
            (0.08984201310031807, -0.7126564030207396),
            (-0.08984201310031807, 0.7126564030207396),
            (1.7036067149699814, -0.7960835686726251),
            (-1.7036067149699814, 0.7960835686726251),
            (1.6071047529201976, 0.5686514548841313),
            (-1.6071047529201976, -0.5686514548841313),
        ],
    ),
    "rosenbrock": (_rosenbrock, _rosenbrock_grad, ((-2.0, 2.0), (-1.0, 3.0)), [(1.0, 1.0)]),
}


@functools.cache
def surface(name: str = "himmelblau") -> Surface:
    """The named cost surface (one of :data:`SURFACES`).

    Examples
    --------
    >>> surface("six_hump_camel").global_minima.round(4).tolist()
    [[0.0898, -0.7127], [-0.0898, 0.7127]]
    >>> round(surface("six_hump_camel").value_range[0], 4)
    -1.0316
    """
    if name not in _SURFACE_SPECS:
        raise ValueError(f"unknown surface {name!r}; valid names: {', '.join(SURFACES)}")
    value, gradient, domain, minima = _SURFACE_SPECS[name]
    minima = _frozen(minima)
    at_minima = value(minima[:, 0], minima[:, 1])
    # Every minimum within 1e-12 of the lowest is global (Himmelblau's four).
    best = at_minima.min()
    global_minima = _frozen(minima[at_minima <= best + 1e-12 * max(1.0, abs(best))])
    (x0, x1), (y0, y1) = domain
    gx, gy = np.meshgrid(np.linspace(x0, x1, 201), np.linspace(y0, y1, 201))
    top = float(value(gx, gy).max())
    return Surface(name, value, gradient, domain, minima, global_minima, (float(best), top))


# -- 1-D curves -----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Curve:
    """A 1-D landscape ``y = f(x)`` with several valleys and its exact derivative.

    Attributes
    ----------
    name
        One of :data:`CURVES`.
    value
        ``value(x)``, vectorised.
    derivative
        ``derivative(x)``, exact, vectorised.
    domain
        ``(lo, hi)``, the stretch to plot.
    minima
        Sorted ``x`` of every local minimum inside the domain (to ~1e-12).

    Examples
    --------
    >>> c = curve("double_well")
    >>> c.minima.round(4).tolist()
    [-1.0299, 0.9671]
    """

    name: str
    value: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    domain: tuple[float, float]
    minima: np.ndarray

    def contains(self, x: float) -> bool:
        """Whether ``x`` lies in the (closed) domain."""
        return bool(self.domain[0] <= x <= self.domain[1])


def _wiggly(x):
    x = np.asarray(x, dtype=float)
    # A wide quartic bowl keeps the ends up; the sine digs three valleys; the
    # tilt makes their depths differ (global one in the middle, two traps).
    return 0.05 * x**4 - 0.2 * x**2 + 0.15 * x + 0.5 * np.sin(3.0 * x)


def _wiggly_d(x):
    x = np.asarray(x, dtype=float)
    return 0.2 * x**3 - 0.4 * x + 0.15 + 1.5 * np.cos(3.0 * x)


def _double_well(x):
    x = np.asarray(x, dtype=float)
    # Tilted so the left well is the deeper one.
    return (x**2 - 1.0) ** 2 + 0.25 * x


def _double_well_d(x):
    x = np.asarray(x, dtype=float)
    return 4.0 * x * (x**2 - 1.0) + 0.25


_CURVE_SPECS = {
    "wiggly": (_wiggly, _wiggly_d, (-3.0, 3.0)),
    "double_well": (_double_well, _double_well_d, (-1.6, 1.6)),
}


def _local_minima(derivative, lo: float, hi: float) -> np.ndarray:
    """Interior points where the derivative crosses from negative to positive."""
    # Imported here: scipy.optimize takes most of a second to import, and only
    # the first curve() call needs it, not every `import nnmath`.
    from scipy.optimize import brentq

    grid = np.linspace(lo, hi, 4001)
    d = derivative(grid)
    starts = np.nonzero((d[:-1] < 0) & (d[1:] > 0))[0]
    return np.array(
        [brentq(derivative, grid[i], grid[i + 1], xtol=1e-14, rtol=1e-15) for i in starts]
    )


@functools.cache
def curve(name: str = "wiggly") -> Curve:
    """The named 1-D landscape (one of :data:`CURVES`).

    Examples
    --------
    >>> c = curve("wiggly")
    >>> len(c.minima), c.domain
    (3, (-3.0, 3.0))
    """
    if name not in _CURVE_SPECS:
        raise ValueError(f"unknown curve {name!r}; valid names: {', '.join(CURVES)}")
    value, derivative, domain = _CURVE_SPECS[name]
    return Curve(name, value, derivative, domain, _frozen(_local_minima(derivative, *domain)))


# -- descent --------------------------------------------------------------------


def descend(landscape: Surface | Curve, start, learning_rate: float, steps: int) -> np.ndarray:
    """Plain gradient descent ``p <- p - learning_rate * gradient(p)``, every position kept.

    Parameters
    ----------
    landscape
        A :class:`Surface` (start is ``(x, y)``) or a :class:`Curve` (start is a number).
    start
        Starting position, inside the landscape's domain.
    learning_rate
        Step size, ``> 0``.
    steps
        Number of steps, ``>= 0``.

    Returns
    -------
    numpy.ndarray
        Shape ``(steps + 1, 2)`` for a surface, ``(steps + 1,)`` for a curve;
        row 0 is ``start``.

    Raises
    ------
    ValueError
        Start outside the domain or not finite, bad learning rate or steps.
    TrainingDiverged
        The path became non-finite or left the domain blown up 10 times about
        its centre: the learning rate is too large.

    Examples
    --------
    >>> path = descend(surface("bowl"), (2.0, 1.0), learning_rate=0.1, steps=3)
    >>> path.shape, path[1].tolist()
    ((4, 2), [1.8, 0.5])
    >>> descend(curve("double_well"), 0.5, 0.05, 200)[-1].round(4)
    np.float64(0.9671)
    """
    try:
        lr = float(learning_rate)
    except (TypeError, ValueError):
        raise ValueError(f"learning_rate must be a number, got {learning_rate!r}") from None
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"learning_rate must be a positive finite number, got {learning_rate!r}")
    try:
        steps = operator.index(steps)
    except TypeError:
        raise ValueError(f"steps must be an integer >= 0, got {steps!r}") from None
    if steps < 0:
        raise ValueError(f"steps must be an integer >= 0, got {steps}")

    if isinstance(landscape, Surface):
        p = np.asarray(start, dtype=float)
        if p.shape != (2,):
            raise ValueError(f"start on a surface must be a point (x, y), got {start!r}")
        lows = np.array([landscape.domain[0][0], landscape.domain[1][0]])
        highs = np.array([landscape.domain[0][1], landscape.domain[1][1]])

        def step_of(q: np.ndarray) -> np.ndarray:
            return landscape.gradient(q[0], q[1])

    elif isinstance(landscape, Curve):
        p = np.asarray(start, dtype=float)
        if p.shape != ():
            raise ValueError(f"start on a curve must be a single number, got {start!r}")
        lows = np.array(landscape.domain[0])
        highs = np.array(landscape.domain[1])
        step_of = landscape.derivative
    else:
        # ValueError like every other input error of nnmath (house style).
        raise ValueError(  # noqa: TRY004
            f"descend needs a Surface or a Curve, got {type(landscape).__name__}"
        )

    where = f"{landscape.name!r} domain {landscape.domain}"
    if not np.all(np.isfinite(p)) or np.any(p < lows) or np.any(p > highs):
        raise ValueError(f"start {start!r} is outside the {where}")

    centre, half = (lows + highs) / 2, (highs - lows) / 2
    path = np.empty((steps + 1,) + p.shape)
    path[0] = p
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            p = p - lr * step_of(p)
            if not np.all(np.isfinite(p)) or np.any(np.abs(p - centre) > ESCAPE_FACTOR * half):
                raise TrainingDiverged(
                    f"descent on {landscape.name!r} diverged at step {k} with "
                    f"learning_rate={lr:g} (position {np.round(p, 3).tolist()} left 10x the "
                    f"{where}); try a smaller learning rate"
                )
            path[k] = p
    return path
