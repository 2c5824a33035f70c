"""Exact linear regions of ReLU networks with two inputs.

A ReLU network is affine wherever its pattern of active hidden neurons stays
the same; those places are convex polygons that tile the input plane. They
are found *exactly* (no sampling grid) by cutting polygons along straight
lines, layer by layer:

1. Start with the box as one polygon, on which the input is the identity
   affine map of ``(x, y)``.
2. In a polygon where layer ``l``'s input is the affine map ``a = M p + d``,
   every neuron's pre-activation ``z_j = W_j (M p + d) + b_j`` is affine too,
   so ``z_j = 0`` is a straight line. Each polygon is cut along each of the
   layer's lines in turn, keeping both sides and which side (on/off) each is.
3. After the layer, ``relu`` zeroes the rows of the off neurons, which gives
   every new polygon its own affine map into the next layer.

The last layer's map ``A p + c`` is the output's *pre-activation* (the logit,
for a sigmoid output). All polygons are cut together: one neuron's line is
applied to every polygon by a handful of array operations on the flat list of
all vertices, so no Python loop runs per polygon.

Exact ties (a line through a vertex, or along an edge) must not create empty
regions. A vertex whose signed value is rounding noise (``ZERO_RTOL``
relative to the size of the terms) counts as on the line and goes to both
sides; a polygon is cut only if it has vertices strictly on both sides.
Pieces below ``SLIVER_RTOL`` of the box's area are dropped (not merged into a
neighbour): at that size they are rounding artefacts, not regions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .network import Network, sigmoid

# A vertex's value on a cutting line below this, relative to the size of the
# terms that make it (and to the box's size, since vertices made by earlier cuts
# carry rounding of the order of the box's extent), counts as exactly 0.
ZERO_RTOL = 1e-10
# Polygons smaller than this fraction of the box's area are dropped.
SLIVER_RTOL = 1e-12


@dataclass(frozen=True, eq=False)
class Region:
    """One linear region: a convex polygon on which the network is affine.

    Attributes
    ----------
    vertices
        Corners in counter-clockwise order, shape ``(k, 2)``, ``k >= 3``.
    pattern
        Which hidden neurons are active (pre-activation ``> 0``) inside the
        polygon: one boolean array per hidden layer.
    A, c
        The output layer's pre-activation inside the polygon is
        ``A @ p + c`` for a point ``p``: ``A`` has shape ``(n_out, 2)``,
        ``c`` shape ``(n_out,)``. For an identity output that is the output.
    output_activation
        The network's output nonlinearity, applied to ``A @ p + c`` by
        :meth:`output`.
    """

    vertices: np.ndarray
    pattern: tuple[np.ndarray, ...]
    A: np.ndarray
    c: np.ndarray
    output_activation: str = "identity"

    @property
    def area(self) -> float:
        """Area of the polygon (shoelace formula)."""
        x, y = self.vertices[:, 0], self.vertices[:, 1]
        return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))

    @property
    def centroid(self) -> np.ndarray:
        """Centre of mass of the polygon, shape ``(2,)``; always inside it (convex)."""
        x, y = self.vertices[:, 0], self.vertices[:, 1]
        # Relative to the first vertex: the formula's products then stay small.
        x0, y0 = x[0], y[0]
        xr, yr = x - x0, y - y0
        xn, yn = np.roll(xr, -1), np.roll(yr, -1)
        cross = xr * yn - xn * yr
        twice_area = float(cross.sum())
        return np.array(
            [
                x0 + float(((xr + xn) * cross).sum()) / (3.0 * twice_area),
                y0 + float(((yr + yn) * cross).sum()) / (3.0 * twice_area),
            ]
        )

    def logits(self, points) -> np.ndarray:
        """The output layer's pre-activation ``A p + c`` at ``points`` ``(N, 2)``, ``(N, n_out)``.

        The logit, for a sigmoid output.
        """
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        return pts @ self.A.T + self.c

    def output(self, points) -> np.ndarray:
        """The network's output at ``points`` inside the polygon, ``(N, n_out)``."""
        z = self.logits(points)
        if self.output_activation == "sigmoid":
            return sigmoid(z)
        if self.output_activation == "relu":
            return np.maximum(z, 0.0)
        return z

    def contains(self, points, margin: float = 0.0) -> np.ndarray:
        """Which ``points`` ``(N, 2)`` lie inside the polygon by at least ``margin``.

        ``margin`` is a distance: positive excludes points within it of an
        edge, negative includes points just outside.
        """
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        v = self.vertices
        edge = np.roll(v, -1, axis=0) - v
        length = np.hypot(edge[:, 0], edge[:, 1])
        keep = length > 0  # repeated vertices make no edge
        v, edge, length = v[keep], edge[keep], length[keep]
        # Signed distance to the left of each edge (inside, for counter-clockwise order).
        rel_x = pts[:, None, 0] - v[None, :, 0]
        rel_y = pts[:, None, 1] - v[None, :, 1]
        dist = (edge[None, :, 0] * rel_y - edge[None, :, 1] * rel_x) / length[None, :]
        return np.all(dist >= margin, axis=1)


@dataclass(frozen=True, eq=False)
class LevelSegments:
    """Straight pieces of the curve where a network's output equals a level.

    Attributes
    ----------
    points
        Segment end points, shape ``(S, 2, 2)``: ``points[s, 0]`` and
        ``points[s, 1]`` are the two ends of segment ``s``.
    region
        For each segment, the index (into the regions passed in) of the
        region it lies in, shape ``(S,)``.
    level
        The output level the segments trace.
    """

    points: np.ndarray
    region: np.ndarray
    level: float

    def __len__(self) -> int:
        return len(self.points)

    @property
    def length(self) -> float:
        """Total length of all segments."""
        d = self.points[:, 1] - self.points[:, 0]
        return float(np.hypot(d[:, 0], d[:, 1]).sum())


def _check_box(box) -> tuple[float, float, float, float]:
    try:
        values = [float(v) for v in box]
    except (TypeError, ValueError):
        raise ValueError(
            f"box must be four numbers (xmin, xmax, ymin, ymax), got {box!r}"
        ) from None
    if len(values) != 4:
        raise ValueError(f"box must be four numbers (xmin, xmax, ymin, ymax), got {box!r}")
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"box must be finite, got {box!r}")
    xmin, xmax, ymin, ymax = values
    if not (xmin < xmax and ymin < ymax):
        raise ValueError(f"box needs xmin < xmax and ymin < ymax, got {box!r}")
    return xmin, xmax, ymin, ymax


def _check_network(net: Network) -> None:
    if not isinstance(net, Network):
        raise ValueError(f"expected an nnmath Network, got {type(net).__name__}")
    if net.layer_sizes[0] != 2:
        raise ValueError(
            f"linear regions in the plane need a network with 2 inputs, got layer sizes "
            f"{net.layer_sizes}"
        )
    if net.n_layers > 1 and net.activation != "relu":
        raise ValueError(
            f"hidden layers must use 'relu' (a {net.activation!r} network is not piecewise linear)"
        )


class _Polygons:
    """All polygons at once: their vertices in one flat array, polygon by polygon.

    ``owner[i]`` is the polygon of vertex ``i``; each polygon's vertices are
    contiguous and counter-clockwise, and ``owner`` is sorted.
    """

    def __init__(self, vertices: np.ndarray, owner: np.ndarray, n_polygons: int) -> None:
        self.vertices = vertices
        self.owner = owner
        self.n = n_polygons
        counts = np.bincount(owner, minlength=n_polygons)
        self.starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        # Index of the next vertex around the same polygon.
        nxt = np.arange(1, len(owner) + 1)
        nxt[self.starts + counts - 1] = self.starts
        self.next = nxt

    def areas(self) -> np.ndarray:
        v, w = self.vertices, self.vertices[self.next]
        # Relative to each polygon's first vertex, so far-off boxes lose no digits.
        base = self.vertices[self.starts][self.owner]
        v, w = v - base, w - base
        cross = v[:, 0] * w[:, 1] - w[:, 0] * v[:, 1]
        return 0.5 * np.bincount(self.owner, weights=cross, minlength=self.n)


def _signs(values: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """-1, 0, +1 per vertex, with values at the rounding-noise level counted as 0."""
    tol = ZERO_RTOL * scale
    return np.where(values > tol, 1, np.where(values < -tol, -1, 0)).astype(np.int8)


def _line_values(
    polys: _Polygons, normal: np.ndarray, offset: np.ndarray, extent: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Each vertex's value of its polygon's affine function, and the size of its terms.

    ``normal`` ``(P, 2)`` and ``offset`` ``(P,)`` give polygon ``p``'s function
    ``normal[p] . v + offset[p]``.
    """
    a = normal[polys.owner]
    b = offset[polys.owner]
    v = polys.vertices
    values = a[:, 0] * v[:, 0] + a[:, 1] * v[:, 1] + b
    scale = (
        np.abs(a[:, 0]) * (np.abs(v[:, 0]) + extent[0])
        + np.abs(a[:, 1]) * (np.abs(v[:, 1]) + extent[1])
        + np.abs(b)
    )
    return values, scale


def _cut(
    polys: _Polygons, normal: np.ndarray, offset: np.ndarray, extent: tuple[float, float]
) -> tuple[_Polygons, np.ndarray, np.ndarray]:
    """Cut every polygon along its line ``normal[p] . v + offset[p] = 0``.

    Returns
    -------
    polys, source, positive
        The new polygons; for each, the index of the polygon it came from and
        whether it lies on the positive side (``False`` also when the function
        is 0 all over it). Uncut polygons keep their index and come first, in
        order; the negative halves of cut polygons follow.
    """
    values, scale = _line_values(polys, normal, offset, extent)
    s = _signs(values, scale)
    n = polys.n
    has_pos = np.bincount(polys.owner, weights=s > 0, minlength=n) > 0
    has_neg = np.bincount(polys.owner, weights=s < 0, minlength=n) > 0
    split = has_pos & has_neg
    if not split.any():
        return polys, np.arange(n), has_pos

    # An edge is crossed where its ends are strictly on opposite sides; the
    # crossing point is exact linear interpolation (the function is affine).
    nxt = polys.next
    crossed = (s * s[nxt]) < 0
    i = np.flatnonzero(crossed)
    t = values[i] / (values[i] - values[nxt[i]])
    v = polys.vertices
    crossing = v[i] + t[:, None] * (v[nxt[i]] - v[i])

    # Interleave: every vertex, followed by its edge's crossing point if any.
    position = np.arange(len(s)) + np.cumsum(crossed) - crossed
    total = len(s) + len(i)
    pts = np.empty((total, 2))
    pts[position] = v
    pts[position[i] + 1] = crossing
    side = np.zeros(total, dtype=np.int8)  # crossing points are on the line
    side[position] = s
    owner = np.empty(total, dtype=np.intp)
    owner[position] = polys.owner
    owner[position[i] + 1] = polys.owner[i]

    # Uncut polygons and the positive halves keep their index; negative halves
    # are appended. Both keep their vertices' cyclic (counter-clockwise) order.
    in_split = split[owner]
    keep_first = ~in_split | (side >= 0)
    keep_second = in_split & (side <= 0)
    rank = np.cumsum(split) - 1  # position of each cut polygon among the cut ones
    new_pts = np.concatenate([pts[keep_first], pts[keep_second]])
    new_owner = np.concatenate([owner[keep_first], n + rank[owner[keep_second]]])
    cut = np.flatnonzero(split)
    source = np.concatenate([np.arange(n), cut])
    positive = np.concatenate([has_pos, np.zeros(len(cut), dtype=bool)])
    return _Polygons(new_pts, new_owner, n + len(cut)), source, positive


def _drop_slivers(
    polys: _Polygons, min_area: float, *per_polygon: np.ndarray
) -> tuple[_Polygons, list[np.ndarray]]:
    """Remove polygons smaller than ``min_area``, and the matching rows of ``per_polygon``."""
    keep = polys.areas() >= min_area
    if keep.all():
        return polys, list(per_polygon)
    new_index = np.cumsum(keep) - 1
    vertex_keep = keep[polys.owner]
    kept = _Polygons(
        polys.vertices[vertex_keep], new_index[polys.owner[vertex_keep]], int(keep.sum())
    )
    return kept, [arr[keep] for arr in per_polygon]


def linear_regions_2d(net: Network, box) -> list[Region]:
    """The exact linear regions of a 2-input ReLU network inside a box.

    Parameters
    ----------
    net
        A :class:`~nnmath.network.Network` with ``layer_sizes[0] == 2`` and
        ReLU hidden layers; any output size and output activation (the
        regions are those of the output layer's pre-activation).
    box
        ``(xmin, xmax, ymin, ymax)``, finite, with ``xmin < xmax`` and
        ``ymin < ymax``.

    Returns
    -------
    list of Region
        Convex polygons that tile the box (up to dropped slivers below
        ``SLIVER_RTOL`` of its area), each with its activation pattern and
        the affine map ``A p + c`` of the output's pre-activation. Regions
        with the same pattern are never merged, and a pattern can occur more
        than once only for pieces separated by other patterns. Order:
        deterministic, otherwise unspecified.

    Raises
    ------
    ValueError
        A network without 2 inputs or with sigmoid hidden layers; a box that
        is not four finite numbers with ``xmin < xmax``, ``ymin < ymax``.

    Examples
    --------
    >>> net = Network([2, 1, 1], seed=0)
    >>> net.weights[0][:] = [[1.0, 0.0]]; net.biases[0][:] = [0.0]  # kink along x = 0
    >>> [round(r.area, 12) for r in linear_regions_2d(net, (-1, 1, -1, 1))]
    [2.0, 2.0]
    """
    _check_network(net)
    xmin, xmax, ymin, ymax = _check_box(box)
    extent = (xmax - xmin, ymax - ymin)
    min_area = SLIVER_RTOL * extent[0] * extent[1]

    corners = np.array([[xmin, ymin], [xmax, ymin], [xmax, ymax], [xmin, ymax]])
    polys = _Polygons(corners, np.zeros(4, dtype=np.intp), 1)
    # The map from the input to the current layer's input, per polygon:
    # a = maps[p] @ point + shifts[p]. At the start: the identity.
    maps = np.eye(2)[None, :, :]
    shifts = np.zeros((1, 2))
    # Per hidden layer: each region's on/off neurons and the region it came
    # from in the layer before, to rebuild the full patterns at the end.
    layer_bits: list[np.ndarray] = []
    layer_parents: list[np.ndarray] = []

    for w, b in zip(net.weights[:-1], net.biases[:-1]):
        # Pre-activations of this layer, affine in each polygon: z = P p + q.
        pre_maps = np.einsum("ij,pjk->pik", w, maps)
        pre_shifts = shifts @ w.T + b
        parent = np.arange(polys.n)
        bits = np.zeros((polys.n, len(b)), dtype=bool)
        for j in range(len(b)):
            polys, source, positive = _cut(
                polys, pre_maps[parent, j], pre_shifts[parent, j], extent
            )
            parent, bits = parent[source], bits[source]
            bits[:, j] = positive
            polys, (parent, bits) = _drop_slivers(polys, min_area, parent, bits)
        layer_bits.append(bits)
        layer_parents.append(parent)
        # relu: off neurons contribute nothing, on ones pass z through.
        maps = pre_maps[parent] * bits[:, :, None]
        shifts = pre_shifts[parent] * bits

    out_maps = np.einsum("ij,pjk->pik", net.weights[-1], maps)
    out_shifts = shifts @ net.weights[-1].T + net.biases[-1]

    # Each polygon's pattern in every layer, following the parents back.
    patterns: list[np.ndarray] = []
    index = np.arange(polys.n)
    for bits, parent in zip(reversed(layer_bits), reversed(layer_parents)):
        patterns.append(bits[index])
        index = parent[index]
    patterns.reverse()

    pieces = np.split(polys.vertices, polys.starts[1:])
    return [
        Region(
            vertices=pieces[p],
            pattern=tuple(layer[p] for layer in patterns),
            A=out_maps[p],
            c=out_shifts[p],
            output_activation=net.output_activation,
        )
        for p in range(polys.n)
    ]


def _logit_level(output_activation: str, level: float) -> float:
    """The pre-activation value at which the output equals ``level``."""
    if output_activation == "sigmoid":
        if not 0.0 < level < 1.0:
            raise ValueError(f"a sigmoid output only takes levels in (0, 1), got {level}")
        # sigmoid(z) = level  <=>  z = log(level / (1 - level)); 0.5 <=> z = 0.
        return math.log(level) - math.log1p(-level)
    if output_activation == "relu":
        if level <= 0.0:
            raise ValueError(
                f"a relu output equals {level} on whole regions (or nowhere), not along a "
                "curve; use a level > 0"
            )
    return level


def decision_boundary_2d(
    regions: Sequence[Region], level: float = 0.5, output: int = 0
) -> LevelSegments:
    """The curve where the network's output crosses ``level``, as straight segments.

    In each region the output's pre-activation is affine, so where it equals
    the pre-activation level (``level`` itself for an identity output, the
    logit ``log(level / (1 - level))`` for a sigmoid one: ``0.5`` is logit 0)
    is a straight line; clipping it to the polygon gives one segment. Each
    segment belongs to one region.

    A segment is reported for a region whose line passes through its interior
    (vertices strictly on both sides). Where the level line runs exactly
    along a region's edge, the region on the side above the level reports
    that edge, so a boundary that follows an edge is not lost; a region
    whose output is constant at the level reports nothing.

    Parameters
    ----------
    regions
        Regions from :func:`linear_regions_2d` (of one network).
    level
        Output value to trace: for a sigmoid output in ``(0, 1)`` (default
        0.5, the classifier's boundary); for a relu output ``> 0``.
    output
        Which output neuron, ``0 <= output < n_out``.

    Returns
    -------
    LevelSegments

    Raises
    ------
    ValueError
        No regions, regions of different output activations, an output index
        out of range, a non-finite level or one the output never crosses.
    """
    regions = list(regions)
    if not regions:
        raise ValueError("decision_boundary_2d needs at least one region")
    kinds = {r.output_activation for r in regions}
    if len(kinds) != 1:
        raise ValueError(f"regions come from networks with different outputs: {sorted(kinds)}")
    try:
        level_f = float(level)
    except (TypeError, ValueError):
        raise ValueError(f"level must be a finite number, got {level!r}") from None
    if not math.isfinite(level_f):
        raise ValueError(f"level must be a finite number, got {level!r}")
    n_out = len(regions[0].c)
    if not (isinstance(output, int | np.integer) and 0 <= output < n_out):
        raise ValueError(f"output must be an index in [0, {n_out}), got {output!r}")
    target = _logit_level(kinds.pop(), level_f)

    counts = np.array([len(r.vertices) for r in regions])
    polys = _Polygons(
        np.concatenate([r.vertices for r in regions]),
        np.repeat(np.arange(len(regions)), counts),
        len(regions),
    )
    normal = np.array([r.A[output] for r in regions])
    offset = np.array([r.c[output] for r in regions]) - target
    all_v = polys.vertices
    extent = (float(np.ptp(all_v[:, 0])), float(np.ptp(all_v[:, 1])))
    values, scale = _line_values(polys, normal, offset, extent)
    s = _signs(values, scale)
    has_pos = np.bincount(polys.owner, weights=s > 0, minlength=polys.n) > 0
    has_neg = np.bincount(polys.owner, weights=s < 0, minlength=polys.n) > 0
    split = has_pos & has_neg
    nxt = polys.next

    # Points of each crossed polygon on the line: crossing points of edges with
    # ends strictly on opposite sides, and vertices on the line.
    crossed = (s * s[nxt] < 0) & split[polys.owner]
    i = np.flatnonzero(crossed)
    t = values[i] / (values[i] - values[nxt[i]])
    on_line_pts = np.concatenate(
        [all_v[i] + t[:, None] * (all_v[nxt[i]] - all_v[i]), all_v[(s == 0) & split[polys.owner]]]
    )
    on_line_owner = np.concatenate([polys.owner[i], polys.owner[(s == 0) & split[polys.owner]]])
    # The segment runs between the extreme points along the line's direction
    # (a convex polygon meets a line in one segment).
    direction = np.column_stack([-normal[:, 1], normal[:, 0]])[on_line_owner]
    along = np.einsum("ij,ij->i", on_line_pts, direction)
    order = np.lexsort((along, on_line_owner))
    owners_sorted = on_line_owner[order]
    first = np.flatnonzero(np.r_[True, owners_sorted[1:] != owners_sorted[:-1]])[: len(order)]
    last = np.r_[first[1:] - 1, len(order) - 1][: len(first)]
    crossing_segments = np.stack(
        [on_line_pts[order[first]], on_line_pts[order[last]]], axis=1
    ).reshape(-1, 2, 2)
    crossing_region = owners_sorted[first]

    # Edges lying on the line, reported by the region above the level.
    along_edge = (s == 0) & (s[nxt] == 0) & has_pos[polys.owner] & ~split[polys.owner]
    e = np.flatnonzero(along_edge)
    edge_segments = np.stack([all_v[e], all_v[nxt[e]]], axis=1).reshape(-1, 2, 2)

    points = np.concatenate([crossing_segments, edge_segments])
    region = np.concatenate([crossing_region, polys.owner[e]]).astype(np.intp)
    order = np.argsort(region, kind="stable")
    return LevelSegments(points=points[order], region=region[order], level=level_f)


__all__ = ["LevelSegments", "Region", "decision_boundary_2d", "linear_regions_2d"]
