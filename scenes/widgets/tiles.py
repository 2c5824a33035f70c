"""A layer's weight grids as tiles: one framed 28x28 picture per neuron, repainted in place.

Each first-layer neuron of the digit network reads 784 pixels; its weights drawn
28 by 28 (:func:`scenes.widgets.images.diverging_rgb`) show what it looks for.
The tiles sit ``cols`` to a row, each in a thin frame so that a grid of nothing
but background (untrained, or pruned away) still shows where it is. Repainting
swaps pixels only, cheap enough for every frame of a sweep through snapshots.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Group, Rectangle, VGroup

from scenes.core.theme import Theme
from scenes.widgets.images import diverging_rgb, weight_grid


class WeightTiles(Group):
    """``n`` weight grids as large as ``width`` by ``height`` allows, ``cols`` a row.

    ``images`` (the pictures, repainted by :meth:`paint`) and ``frames`` (their
    outlines) are separate, so a clip can fade in one and draw the other.
    """

    def __init__(self, n: int, theme: Theme, width: float, height: float, cols: int = 4,
                 buff: float = 0.1) -> None:
        super().__init__()
        self.theme = theme
        rows = -(-n // cols)
        self.tile = min((height - (rows - 1) * buff) / rows, (width - (cols - 1) * buff) / cols)
        step = self.tile + buff
        centres = [np.array([(j % cols - (cols - 1) / 2) * step,
                             ((rows - 1) / 2 - j // cols) * step, 0.0]) for j in range(n)]
        self.frames = VGroup(*(Rectangle(width=self.tile, height=self.tile, stroke_width=1.5,
                                         stroke_color=theme.muted).move_to(c) for c in centres))
        self.images = Group(*(weight_grid(np.zeros(784), theme, self.tile).move_to(c)
                              for c in centres))
        self.add(self.images, self.frames)

    def paint(self, weights: np.ndarray, scale: float | Sequence[float] | None = None,
              gamma: float = 1.0) -> WeightTiles:
        """Show ``weights`` (n, 784): full colour at ``|w| = scale`` (one for all tiles, one
        per tile, or each tile's own largest); brightness ``(|w| / scale) ** gamma``, so a
        ``gamma`` below 1 keeps small weights visible. A weight of 0 is the background."""
        weights = np.asarray(weights, float).reshape(len(self.images), 28, 28)
        scales = np.broadcast_to(np.asarray(
            [np.abs(w).max() or 1.0 for w in weights] if scale is None else scale, float),
            len(weights))
        for image, w, s in zip(self.images, weights, scales):
            values = np.sign(w) * (np.abs(w) / s) ** gamma
            image.pixel_array[..., :3] = diverging_rgb(values, self.theme, 1.0)
        return self
