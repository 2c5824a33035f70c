"""Every 2-D clip as a plain Manim user would render it: Manim's ``Camera`` and its redraw rule.

``bench/engine.py`` renders each clip from here (same name, same parameters, same
construct) against the project's own (``ImageCamera``, ``REDRAW_ONLY_MOVING``):
what the engine buys over stock Manim. Render one by hand:
``manim -ql bench/stock_scenes.py LeastSquaresLine``. The 3-D clips are not here:
their ``MeshSurface`` is drawn by ``MeshCamera`` only.
"""

from __future__ import annotations

from manim.camera.camera import Camera

from scenes.kit.registry import all_scenes
from scenes.render.clip import ClipScene


def stock(cls: type) -> type:
    """``cls`` with Manim's Camera and Manim's choice of what to redraw every frame."""

    def __init__(self, *args, **kwargs):
        kwargs["camera_class"] = Camera
        cls.__init__(self, *args, **kwargs)

    return type(cls.__name__, (cls,), {"REDRAW_ONLY_MOVING": False, "__init__": __init__,
                                       "__module__": __name__})  # fmt: skip


STOCK = {name: stock(cls) for name, cls in all_scenes().items() if issubclass(cls, ClipScene)}
globals().update(STOCK)  # manim finds the scenes by name in this module
