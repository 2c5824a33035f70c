"""Exact linear pieces of 1-D ReLU networks.

A ReLU network with one input and one output is a continuous piecewise-linear
function of ``x``. Its bends are found *exactly* (no sampling) by carrying the
function through the network layer by layer on a sorted array of knots:

1. Between consecutive knots every value entering a layer is linear in ``x``,
   so each neuron's pre-activation ``z`` is linear there too: evaluating ``z``
   at the knots (one matrix product) describes it completely.
2. Where ``z`` changes sign between two knots, the ReLU bends. The crossing is
   found by linear interpolation, which is exact because ``z`` is linear.
3. The crossings are merged into the knots, ``z`` at them is interpolated, and
   the ReLU applied; the next layer sees a function linear between knots again.

Alongside the values, the slope on every interval is carried by the chain rule
(``slope_z = slope_a @ W.T``, zeroed where a ReLU is off), so the final "does
the slope change here?" test never divides by a tiny interval width.

The work per layer is proportional to the number of knots (no sorting when
each interval gets at most one new knot), so a network with a million pieces
takes a fraction of a second.

Two guards keep rounding noise from inventing bends (see ``ZERO_RTOL`` and
``RESOLUTION_RTOL``): a pre-activation at the rounding-noise level of its own
terms counts as 0, and bends closer than ``1e-12 * max(|lo|, |hi|)`` to an
existing knot are that knot.
"""

from __future__ import annotations

import operator
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .network import Network

# Slopes on both sides of a knot count as equal below this relative difference.
SLOPE_RTOL = 1e-9
# A pre-activation smaller than this, relative to the size of the terms summed
# to make it, is rounding noise around an exact zero (the zigzag network hits
# exact zeros at its folds). Treating it as 0 stops the noise from inventing a
# sign change, and so a spurious sliver of a piece one ulp wide.
ZERO_RTOL = 1e-12
# Knots closer than this, relative to max(|lo|, |hi|), are one knot. Deep in a
# zigzag a fold value carries rounding noise amplified by the slope (3**12 and
# more), which can fake a crossing a few ulps from a real knot; no bend that
# close to another can be located in floating point anyway.
RESOLUTION_RTOL = 1e-12


@dataclass(frozen=True, eq=False)
class LayerPieces:
    """One hidden layer of a 1-D ReLU network, exact between its knots.

    Attributes
    ----------
    layer
        Index of the weight layer (0 = first hidden layer).
    x
        Sorted knots, shape ``(K,)``, from ``lo`` to ``hi``: every bend of
        this layer and of the layers before it. Each neuron's pre-activation
        and activation are linear between consecutive knots, so a polyline
        through ``(x, pre[:, j])`` draws neuron ``j``'s curve exactly. Some
        knots may be bends of earlier layers that this neuron does not feel.
    pre
        Pre-activations ``z = W a + b`` at the knots, shape ``(K, n)``.
    post
        Activations ``relu(z)`` at the knots, shape ``(K, n)``.
    crossings
        Sorted ``x`` positions, strictly inside ``(lo, hi)``, where some
        neuron of *this* layer crosses zero: the new bends this layer adds.
    crossing_neurons
        For each entry of ``crossings``, the index of the neuron crossing there.
    """

    layer: int
    x: np.ndarray
    pre: np.ndarray
    post: np.ndarray
    crossings: np.ndarray
    crossing_neurons: np.ndarray


@dataclass(frozen=True, eq=False)
class _Stage:
    """Internal state after one weight layer: knots, values, per-interval slopes."""

    layer: int
    x: np.ndarray  # (K,) knots
    pre: np.ndarray  # (K, n) pre-activations at knots
    post: np.ndarray  # (K, n) activations at knots
    slope: np.ndarray  # (K - 1, n) d post / dx on each interval
    crossings: np.ndarray  # (M,) new knots added by this layer
    crossing_neurons: np.ndarray  # (M,) neuron index per new knot


def _check(network: Network, lo: float, hi: float) -> tuple[float, float]:
    if network.layer_sizes[0] != 1 or network.layer_sizes[-1] != 1:
        raise ValueError(
            f"need a network with 1 input and 1 output, got layer sizes {network.layer_sizes}"
        )
    if network.activation != "relu" or network.output_activation == "sigmoid":
        raise ValueError(
            "only ReLU networks are piecewise linear; got activation="
            f"{network.activation!r}, output_activation={network.output_activation!r}"
        )
    lo, hi = float(lo), float(hi)
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise ValueError(f"the interval must be finite, got lo={lo}, hi={hi}")
    if lo >= hi:
        raise ValueError(f"need lo < hi, got lo={lo}, hi={hi}")
    return lo, hi


def _insert_crossings(
    x: np.ndarray, z: np.ndarray, resolution: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Add the zero crossings of every column of ``z`` (linear between knots ``x``).

    Crossings within ``resolution`` of an existing knot are taken to be at
    that knot. Returns the merged knots, ``z`` at them, each merged interval's
    parent interval in the old knots, and the new knots with their neuron indices.
    """
    # Strict sign change only: a z that merely touches 0 at a knot does not bend
    # relu(z) anywhere new, and that knot is already in the array anyway.
    pos, neg = z > 0.0, z < 0.0
    k, j = np.nonzero((pos[:-1] & neg[1:]) | (neg[:-1] & pos[1:]))
    z0, z1 = z[k, j], z[k + 1, j]
    xc = x[k] + (z0 / (z0 - z1)) * (x[k + 1] - x[k])
    # A crossing (within resolution) at an existing knot is that knot: nothing
    # to add; the ReLU's on/off state on either side is still read correctly
    # from the interval midpoints.
    inside = (xc - x[k] > resolution) & (x[k + 1] - xc > resolution)
    xc, k, j = xc[inside], k[inside], j[inside]
    # Sorted and de-duplicated (two neurons can cross at the same x). nonzero
    # lists them interval by interval, so with at most one crossing per
    # interval they are already strictly increasing and the sort is skipped.
    if np.all(xc[1:] > xc[:-1]):
        new_x, par, neuron = xc, k, j
    else:
        new_x, first = np.unique(xc, return_index=True)
        par, neuron = k[first], j[first]
    m = len(new_x)
    if m == 0:
        empty = np.empty(0)
        return x, z, np.arange(len(x) - 1), empty, np.empty(0, dtype=np.intp)

    # z at the new knots by interpolation inside the parent interval (exact:
    # z is linear there); the crossing neuron itself is exactly 0 by definition.
    # (np.take: gathering rows is several times faster than fancy indexing.)
    t = (new_x - x[par]) / (x[par + 1] - x[par])
    z_left = np.take(z, par, axis=0)
    z_new = z_left + t[:, None] * (np.take(z, par + 1, axis=0) - z_left)
    z_new[np.arange(m), neuron] = 0.0

    # Merge two sorted arrays: an old knot moves right by the number of new
    # knots before it, a new knot sits after its parent's left end and the new
    # knots before it. `source` says where each merged knot comes from in
    # [old knots, new knots], so the arrays are built by gathers, not scatters.
    before = np.zeros(len(x), dtype=np.intp)
    np.cumsum(np.bincount(par, minlength=len(x))[:-1], out=before[1:])
    source = np.empty(len(x) + m, dtype=np.intp)
    source[np.arange(len(x)) + before] = np.arange(len(x))
    source[par + 1 + np.arange(m)] = len(x) + np.arange(m)
    xs = np.concatenate([x, new_x]).take(source)
    zs = np.concatenate([z, z_new]).take(source, axis=0)
    parent = np.concatenate([np.arange(len(x)), par]).take(source)
    return xs, zs, parent[:-1], new_x, neuron


def _affine(a: np.ndarray, w: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """``a @ w.T + b`` for a tall, thin ``a`` (a million knots by a few neurons).

    einsum's plain loop, not BLAS: for these shapes OpenBLAS's threads cost
    more than they save, ten times more on a machine busy rendering.
    """
    out = np.einsum("kj,ij->ki", a, w)
    if b is not None:
        out += b
    return out


def _propagate(network: Network, lo: float, hi: float) -> Iterator[_Stage]:
    """Yield the exact knot representation after every weight layer."""
    x = np.array([lo, hi])
    resolution = RESOLUTION_RTOL * max(abs(lo), abs(hi))
    a = x[:, None]  # the input layer: a(x) = x
    slope = np.ones((1, 1))  # d a / dx on the single interval
    for layer, (w, b) in enumerate(zip(network.weights, network.biases)):
        z = _affine(a, w, b)
        # After a ReLU, a >= 0 already; only the raw input needs abs().
        size = _affine(a if layer else np.abs(a), ZERO_RTOL * np.abs(w), ZERO_RTOL * np.abs(b))
        z[np.abs(z) <= size] = 0.0
        slope_z = _affine(slope, w)  # chain rule; one row per interval
        crossings = np.empty(0)
        neurons = np.empty(0, dtype=np.intp)
        if network.layer_activation(layer) == "relu":
            x, z, parent, crossings, neurons = _insert_crossings(x, z, resolution)
            # Split intervals keep their parent's slope (z is linear there).
            slope_z = np.take(slope_z, parent, axis=0)
            # No neuron changes sign inside an interval any more, so the sign
            # of z at the midpoint says whether the ReLU is on throughout.
            on = (z[:-1] + z[1:]) > 0.0
            a = np.maximum(z, 0.0)
            slope = slope_z * on
        else:  # identity output
            a = z
            slope = slope_z
        yield _Stage(layer, x, z, a, slope, crossings, neurons)


def _final(network: Network, lo: float, hi: float) -> _Stage:
    lo, hi = _check(network, lo, hi)
    # Only the last stage is needed; a 1-slot deque drops the others as they come.
    return deque(_propagate(network, lo, hi), maxlen=1)[0]


def _bends(stage: _Stage) -> np.ndarray:
    """Boolean mask over interior knots: does the output's slope change there?"""
    s = stage.slope[:, 0]
    s1, s2 = s[:-1], s[1:]
    scale = np.maximum(1.0, np.maximum(np.abs(s1), np.abs(s2)))
    return np.abs(s1 - s2) > SLOPE_RTOL * scale


def breakpoints(network: Network, lo: float, hi: float) -> np.ndarray:
    """Exact sorted ``x`` positions in ``(lo, hi)`` where the network's slope changes.

    Parameters
    ----------
    network
        A ReLU network with one input and one output (``[1, ..., 1]``),
        identity (or ReLU) output.
    lo, hi
        The interval, ``lo < hi``; the ends themselves are never breakpoints.

    Returns
    -------
    numpy.ndarray
        Shape ``(B,)``, strictly increasing. Exact up to rounding: bends closer
        together than ``1e-12 * max(|lo|, |hi|)`` are reported as one.

    Raises
    ------
    ValueError
        Not a 1-input 1-output ReLU network, or ``lo >= hi``.

    Examples
    --------
    >>> net = zigzag_network(2, 2)
    >>> breakpoints(net, 0.0, 1.0)
    array([0.25, 0.5 , 0.75])
    """
    stage = _final(network, lo, hi)
    return stage.x[1:-1][_bends(stage)]


def count_segments(network: Network, lo: float, hi: float) -> int:
    """Number of linear pieces of the network on ``[lo, hi]`` (breakpoints + 1).

    Examples
    --------
    >>> count_segments(zigzag_network(3, 2), 0.0, 1.0)
    9
    """
    return len(breakpoints(network, lo, hi)) + 1


def pieces(network: Network, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """Knots ``lo, breakpoints..., hi`` and the network output at them.

    A polyline through the returned points *is* the network's graph on
    ``[lo, hi]``, with exactly one vertex per bend.

    Examples
    --------
    >>> xs, ys = pieces(zigzag_network(2, 1), 0.0, 1.0)
    >>> xs, ys
    (array([0. , 0.5, 1. ]), array([0., 1., 0.]))
    """
    stage = _final(network, lo, hi)
    keep = np.concatenate([[True], _bends(stage), [True]])
    return stage.x[keep], stage.post[keep, 0]


def layer_pieces(network: Network, lo: float, hi: float) -> list[LayerPieces]:
    """Every hidden layer's exact pre-activations, activations and new bends.

    For the "what does each layer do" clips: plot ``(p.x, p.pre[:, j])`` for
    neuron ``j``'s pre-activation, mark ``p.crossings`` (where it crosses zero),
    and ``(p.x, p.post[:, j])`` for the bent result.

    Returns
    -------
    list of LayerPieces
        One entry per hidden layer (``network.n_layers - 1`` entries); the
        output layer is what :func:`pieces` returns.

    Examples
    --------
    >>> first = layer_pieces(zigzag_network(2, 2), 0.0, 1.0)[0]
    >>> first.crossings
    array([0.5])
    >>> first.post[:, 1]
    array([0. , 0. , 0.5])
    """
    lo, hi = _check(network, lo, hi)
    out = []
    for stage in _propagate(network, lo, hi):
        if stage.layer == network.n_layers - 1:
            break
        out.append(
            LayerPieces(
                stage.layer, stage.x, stage.pre, stage.post, stage.crossings, stage.crossing_neurons
            )
        )
    return out


def zigzag_network(n: int, depth: int) -> Network:
    """A width-``n``, depth-``depth`` ReLU network with ``n ** depth`` pieces on [0, 1].

    Each hidden layer folds ``[0, 1]`` onto itself ``n`` times: unit ``i`` is
    ``relu(g - i/n)`` of the previous fold ``g`` (the input ``x`` for the first
    layer), and the next fold is ``g' = sum_i c_i relu(g - i/n)`` with
    ``c = (n, -2n, 2n, -2n, ...)``: a zigzag from 0 up to 1 and back, ``n``
    times. Folding a zigzag multiplies its pieces, hence exponential growth in
    depth but only linear growth in width.

    Parameters
    ----------
    n
        Width of every hidden layer, ``n >= 1``.
    depth
        Number of hidden layers, ``depth >= 1``.

    Examples
    --------
    >>> net = zigzag_network(2, 3)
    >>> net.layer_sizes
    [1, 2, 2, 2, 1]
    >>> count_segments(net, 0.0, 1.0)
    8
    """
    for name, value in (("n", n), ("depth", depth)):
        try:
            iv = operator.index(value)
        except TypeError:
            raise ValueError(f"{name} must be an integer, got {value!r}") from None
        if isinstance(value, bool) or iv < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    n, depth = operator.index(n), operator.index(depth)
    net = Network([1] + [n] * depth + [1], activation="relu", output_activation="identity")
    c = n * np.where(np.arange(n) == 0, 1.0, 2.0 * (-1.0) ** np.arange(n))
    shifts = -np.arange(n) / n
    net.weights[0] = np.ones((n, 1))
    net.biases[0] = shifts.copy()
    for layer in range(1, depth):
        # Every unit of this layer sees the same fold g' = c . relu(...).
        net.weights[layer] = np.tile(c, (n, 1))
        net.biases[layer] = shifts.copy()
    net.weights[depth] = c[None, :].copy()
    net.biases[depth] = np.zeros(1)
    return net
