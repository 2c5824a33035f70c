"""Weight grids drawn two ways: one image per grid against 784 Squares per grid.

Render: ``manim -ql bench/weight_squares.py WeightGridsImages`` (and
``WeightGridsSquares``); ``bench/render.py`` times the pair.

Both scenes show what ``TrainedWeightGrids`` (scenes/clips/part3_learning/weight_grids.py) shows
in its training section: the 16 first-layer weight grids at every snapshot
of the cached default digit run (``TrainedWeightGrids.prepare``), same tile
layout, same colour scale, one snapshot every ``epoch_time`` seconds. They
differ only in how a 28x28 grid is drawn:

- ``WeightGridsImages``: the clip's own ``make_tiles`` (one ImageMobject per
  grid, ``scenes.widgets.images.weight_grid``, new ones per snapshot);
- ``WeightGridsSquares``: 784 filled Squares, built once and recoloured per
  snapshot by writing their fill arrays directly (Manim's ``set_fill`` parses
  one colour per call: minutes for 16 x 784 squares x 21 snapshots). That is
  the kindest way to use squares, so the measured ratio is a lower bound.

(The whole clip with squares swapped in costs about 8x the CPU of the clip
even in a dry run, before a single frame is drawn: every ``play`` walks the
12,544 extra mobjects.)
"""

from __future__ import annotations

import numpy as np
from manim import Mobject, Square, VGroup

from scenes.clips.part3_learning.weight_grids import TrainedWeightGrids, WeightHistory
from scenes.core.params import Param, ParamValues
from scenes.widgets.images import diverging_rgb
from scenes.widgets.text import title

SIDE = 28


class _WeightGridsBase(TrainedWeightGrids):
    """The clip's data, layout and parameters; subclasses only draw the tiles."""

    IN_DEFAULT_RENDER = False
    PARAMS = (
        *TrainedWeightGrids.PARAMS,
        Param(
            "every", int, 1, "show every n-th snapshot (and the last)", lo=1, hi=100, visual=True
        ),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> WeightHistory:
        return TrainedWeightGrids.prepare(p)

    def snapshots(self) -> list[int]:
        last = len(self.data.epochs) - 1
        return sorted({*range(0, last, self.p.every), last})

    def construct(self) -> None:
        self.add(title("16 neurons' weights through training", self.theme))
        self.frames = self.tile_frames()
        self.add(self.frames)
        tiles = None
        for i in self.snapshots():
            new = self.make_tiles(i)
            if tiles is not None:
                self.remove(tiles)
            self.add(new)
            tiles = new
            self.wait(self.p.epoch_time)


class WeightGridsImages(_WeightGridsBase):
    """Each grid as one ImageMobject: the clip's own ``make_tiles`` (``weight_grid``)."""

    SUMMARY = "benchmark: 16 weight grids per snapshot, one image each"

    def make_tiles(self, i: int) -> Mobject:
        return TrainedWeightGrids.make_tiles(self, i)


class WeightGridsSquares(_WeightGridsBase):
    """Each grid as 784 filled Squares."""

    SUMMARY = "benchmark: 16 weight grids per snapshot, 784 squares each"

    def make_tiles(self, i: int) -> Mobject:
        d = self.data
        if not hasattr(self, "square_tiles"):
            self.square_tiles = VGroup(
                *(self.square_grid(self.tile_position(j)) for j in range(d.weights.shape[1]))
            )
        for j, (grid, w) in enumerate(zip(self.square_tiles, d.weights[i])):
            rgb = diverging_rgb(np.asarray(w).reshape(SIDE, SIDE), self.theme, self.scale(i, j))
            rgba = np.concatenate([rgb.reshape(-1, 3) / 255.0, np.ones((SIDE**2, 1))], axis=1)
            for square, colour in zip(grid, rgba):
                square.fill_rgbas = colour[None, :]
        return self.square_tiles

    def scale(self, i: int, j: int) -> float:
        """Grid ``j``'s colour scale at snapshot ``i`` (one per snapshot, or one per grid)."""
        scales = np.asarray(self.data.scales[i])
        return float(scales if scales.ndim == 0 else scales[j])

    def square_grid(self, center: np.ndarray) -> VGroup:
        """784 squares in 28 rows, top row first (the image's pixel order)."""
        side = self.TILE / SIDE
        prototype = Square(side_length=side, stroke_width=0, fill_opacity=1.0)
        squares = []
        for k in range(SIDE**2):
            row, col = divmod(k, SIDE)
            offset = np.array([(col - (SIDE - 1) / 2) * side, ((SIDE - 1) / 2 - row) * side, 0.0])
            squares.append(prototype.copy().shift(np.asarray(center) + offset))
        return VGroup(*squares)
