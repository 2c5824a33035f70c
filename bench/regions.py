"""Exact linear regions of a 2-input ReLU network against counting patterns on a grid.

Run alone: ``.venv/bin/python -m bench --only regions``

A random ``2-16-16-1`` ReLU network (``Network([2, 16, 16, 1], seed=0)``) on
the box ``[-2, 2]^2``:

- exact: :func:`nnmath.linear_regions_2d`, every region as a polygon;
- baseline: the activation pattern of every point of a 1000 x 1000 grid over
  the box (both hidden layers' pre-activations, in chunks of rows), packed
  into integers, and the number of distinct patterns (``np.unique``). This
  is the obvious sampling approach; it undercounts (regions thinner than the
  grid spacing are missed, and a pattern in two separate pieces counts once),
  so its count is shown beside the exact one, not compared with it.

The two are timed interleaved and the minimum of the repeats is kept. Targets:
the exact method faster than the grid, and well under a second.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnmath import Network, linear_regions_2d

from . import Row, fmt_s, interleaved

SIZES = (2, 16, 16, 1)
BOX = (-2.0, 2.0, -2.0, 2.0)
GRID = 1000
#: Grid points evaluated at once: bounds the baseline's memory (16 floats per point per layer).
CHUNK = 250_000
TARGET_SECONDS = 1.0


def grid_pattern_count(net: Network, box: tuple[float, float, float, float], n: int) -> int:
    """Distinct activation patterns over an ``n x n`` grid of the box (the baseline)."""
    xs = np.linspace(box[0], box[1], n)
    ys = np.linspace(box[2], box[3], n)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    codes = []
    for start in range(0, len(points), CHUNK):
        pre = net.pre_activations(points[start : start + CHUNK])[:-1]
        bits = np.concatenate([z > 0 for z in pre], axis=1)
        # One row of booleans -> bytes -> a single void scalar per point, for np.unique.
        packed = np.packbits(bits, axis=1)
        codes.append(packed.view(np.dtype((np.void, packed.shape[1]))).ravel())
    return len(np.unique(np.concatenate(codes)))


def run(quick: bool = False, log: Callable[[str], None] = print) -> list[Row]:
    sec = "regions"
    net = Network(list(SIZES), seed=0)
    name = "-".join(map(str, SIZES))
    log(f"regions: {name} ReLU net on {BOX}, exact vs {GRID}x{GRID} grid patterns")
    counts: dict[str, int] = {}

    def exact() -> None:
        counts["exact"] = len(linear_regions_2d(net, BOX))

    def grid() -> None:
        counts["grid"] = grid_pattern_count(net, BOX, GRID)

    repeats = 3 if quick else 7
    times = interleaved({"exact": exact, "grid": grid}, repeats)
    t_exact, t_grid = min(times["exact"]), min(times["grid"])
    per_region = t_exact / counts["exact"] * 1e6
    log(
        f"regions: exact {counts['exact']} regions in {fmt_s(t_exact)}, grid "
        f"{counts['grid']} patterns in {fmt_s(t_grid)}"
    )
    ratio = t_exact / t_grid
    return [
        Row(
            f"regions {name}: exact count (grid: distinct patterns)",
            f"{counts['exact']} regions",
            f"{counts['grid']} patterns",
            section=sec,
            seconds=f"{per_region:.1f} us/region",
        ),
        Row(
            f"regions {name}: exact / {GRID}x{GRID} grid time",
            fmt_s(t_exact),
            fmt_s(t_grid),
            ratio,
            "< 1x (exact faster)",
            ratio < 1.0,
            f"min of {repeats}, interleaved",
            sec,
        ),
        Row(
            f"regions {name}: exact, wall clock",
            fmt_s(t_exact),
            f"{TARGET_SECONDS:g} s",
            t_exact / TARGET_SECONDS,
            "< 1 s (abs., load-sensitive)",
            t_exact < TARGET_SECONDS,
            f"{per_region:.1f} us/region",
            sec,
        ),
    ]
