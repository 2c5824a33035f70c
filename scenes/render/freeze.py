"""Still mobjects drawn once into an image, and images drawn with nearest-neighbour pixels."""

from __future__ import annotations

import numpy as np
from manim import (
    UL,
    Mobject,
)
from manim.camera.camera import Camera


def freeze(mob: Mobject, camera: Camera | None = None) -> Mobject:
    """``mob`` drawn once by ``camera`` into an image that draws the same pixels.

    For vector art that stays still after it appears: the network diagram's
    hundreds of crossing edges take Cairo ~40 ms to stroke every time the
    still part of a frame is repainted (once per ``play``), the image about 1 ms.
    Drawn on a transparent layer (Cairo's premultiplied colours turned back
    into straight ones) and placed on the camera's pixel grid, it composites
    to within one level per channel of drawing ``mob`` itself.
    """
    camera = camera or Camera()  # the scene's camera: its pixel grid and frame
    layer = Camera()
    layer.background = np.zeros_like(camera.pixel_array)
    layer.reset()
    layer.capture_mobjects([mob])
    rgba = layer.pixel_array
    ys, xs = np.nonzero(rgba[..., 3])
    if not len(ys):
        return mob  # draws nothing: nothing to freeze
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    rgba = rgba[y0:y1, x0:x1].astype(float)
    alpha = rgba[..., 3:]
    rgba[..., :3] = np.where(alpha > 0, rgba[..., :3] * 255.0 / np.maximum(alpha, 1), 0)
    image = pixel_image(np.rint(np.clip(rgba, 0, 255)).astype(np.uint8)[..., :3], 1.0)
    image.pixel_array[..., 3] = rgba[..., 3].astype(np.uint8)
    ph, pw = rgba.shape[0], rgba.shape[1]
    unit = camera.frame_height / camera.pixel_height  # scene units per pixel
    image.stretch_to_fit_height(ph * unit).stretch_to_fit_width(pw * unit)
    # a quarter pixel right and down of the pixel grid: Manim truncates corner
    # coordinates to whole pixels, so the image lands exactly on x0..x1, y0..y1
    corner = camera.frame_center + np.array(
        [
            (x0 + 0.25) * unit - camera.frame_width / 2,
            camera.frame_height / 2 - (y0 + 0.25) * unit,
            0,
        ]
    )
    image.move_to(corner, aligned_edge=UL)
    return image


def pixel_image(rgb: np.ndarray, height: float) -> Mobject:
    """One ImageMobject from an (H, W, 3) uint8 array, drawn with sharp pixels."""
    from manim import RESAMPLING_ALGORITHMS, ImageMobject

    image = ImageMobject(np.ascontiguousarray(rgb, dtype=np.uint8))
    image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    image.height = height
    return image
