"""The layout grid of the series: named regions of the 16:9 frame (DESIGN.md rules 1 and 8).

Clips place things in regions instead of hand-tuned coordinates::

    axes = make_axes(...)
    MAIN_LEFT.fit(axes)          # as large as the region allows, centred in it
    SIDE.stack(readouts)         # the readouts down the side panel

The title sits in the title band at the top, the caption (the beat's headline)
in the caption band at the bottom. Between them the main visual takes either
the whole width (``MAIN``) or the left 64% (``MAIN_LEFT``), with a side panel of
readouts on the right (``SIDE``, 31% of the width). A plot filling ``MAIN_LEFT``
is 64% of the frame width, so it meets rule 1 (at least 60% of the width or 70%
of the height) by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Manim's frame (16:9, 8 units tall) in scene units.
FRAME_WIDTH, FRAME_HEIGHT = 14.0 + 2.0 / 9.0, 8.0
#: The layout check's margin: 2% of the width on every side.
MARGIN = 0.02 * FRAME_WIDTH


@dataclass(frozen=True)
class Region:
    """A rectangle of the frame, in scene units (x0 < x1, y0 < y1)."""

    name: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def center(self) -> np.ndarray:
        return np.array([(self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2, 0.0])

    @property
    def top(self) -> np.ndarray:
        return np.array([(self.x0 + self.x1) / 2, self.y1, 0.0])

    @property
    def left(self) -> np.ndarray:
        return np.array([self.x0, (self.y0 + self.y1) / 2, 0.0])

    def point(self, fx: float, fy: float) -> np.ndarray:
        """The point at fractions ``fx`` (left to right) and ``fy`` (bottom to top)."""
        return np.array([self.x0 + fx * self.width, self.y0 + fy * self.height, 0.0])

    def fit(self, mob, grow: bool = True, fill: float = 1.0):
        """Scale ``mob`` to the largest size inside the region (times ``fill``) and centre it.

        ``grow=False`` only shrinks.
        """
        scale = min(fill * self.width / max(mob.width, 1e-9),
                    fill * self.height / max(mob.height, 1e-9))  # fmt: skip
        if grow or scale < 1:
            mob.scale(scale)
        return mob.move_to(self.center)

    def stack(self, mobs, buff: float = 0.35, align_left: bool = True):
        """Place ``mobs`` top to bottom from the region's top edge (left-aligned by default)."""
        y = self.y1
        for mob in mobs:
            x = self.x0 + mob.width / 2 if align_left else (self.x0 + self.x1) / 2
            mob.move_to([x, y - mob.height / 2, 0.0])
            y -= mob.height + buff
        return mobs

    def contains(self, box) -> bool:
        """Whether a box (x0, y0, x1, y1) lies inside the region (to 1e-6)."""
        x0, y0, x1, y1 = box
        eps = 1e-6
        return (x0 >= self.x0 - eps and y0 >= self.y0 - eps
                and x1 <= self.x1 + eps and y1 <= self.y1 + eps)  # fmt: skip


_L, _R = -FRAME_WIDTH / 2 + MARGIN, FRAME_WIDTH / 2 - MARGIN
_T, _B = FRAME_HEIGHT / 2 - MARGIN, -FRAME_HEIGHT / 2 + MARGIN

#: The title's band at the top edge.
TITLE_BAND = Region("title", _L, 3.05, _R, _T)
#: The caption's band at the bottom edge: one headline line.
CAPTION_BAND = Region("caption", _L, _B, _R, -3.2)
#: The main visual, the whole width between the bands.
MAIN = Region("main", _L, -3.05, _R, 2.95)
#: The main visual when a side panel is shown: the left 64% of the frame.
MAIN_LEFT = Region("main_left", _L, -3.05, _L + 0.64 * FRAME_WIDTH - MARGIN, 2.95)
#: The side panel of readouts: at most 35% of the width (rule 1), on the right.
SIDE = Region("side", _R - 0.31 * FRAME_WIDTH, -3.05, _R, 2.95)

REGIONS = {r.name: r for r in (TITLE_BAND, CAPTION_BAND, MAIN, MAIN_LEFT, SIDE)}
