"""Drawing shortcuts for 2-D clips that keep Manim's pixels.

- :class:`ImageCamera`: Manim's Cairo camera, compositing each image only
  over the pixels it covers (the same frame, ~10 ms less per image per frame).
  ``ClipScene`` uses it.
- :func:`freeze`: still vector art (a network diagram's hundreds of edges)
  as an image of itself, composited within one level per channel.
"""

from __future__ import annotations

import numpy as np
from manim import UL, Mobject
from manim.camera.camera import Camera
from PIL import Image


class ImageCamera(Camera):
    """Cairo ``Camera`` that composites an image only over the pixels it covers.

    Manim pastes each ``ImageMobject`` into a transparent image as large as
    the frame and alpha-composites that whole frame (about 10 ms per image
    per frame at -ql, whatever the image's size). The image is warped exactly
    as Manim warps it, then composited over its own box only: outside the
    box Manim's composite leaves every pixel as it was, so the frame is the
    same pixel for pixel (tests/test_scenes_mnist_weights.py checks it).
    """

    def display_image_mobject(self, image_mobject, pixel_array: np.ndarray) -> None:
        sub_image = Image.fromarray(image_mobject.get_pixel_array(), mode="RGBA")
        w0, h0 = sub_image.width, sub_image.height
        original = np.array([[0, 0], [w0, 0], [0, h0], [w0, h0]])
        target = self.points_to_subpixel_coords(image_mobject, image_mobject.points)
        int_target = target.astype(np.int64)
        shift = int_target.min(axis=0)
        target = target - shift
        int_target = int_target - shift
        size = (int(int_target[:, 0].max()), int(int_target[:, 1].max()))
        # the same degenerate-shape test as Manim's (nothing drawn for a sliver)
        ordered = target[[0, 1, 3, 2]]
        sides = np.roll(ordered, -1, axis=0) - ordered
        lengths = np.linalg.norm(sides, axis=1)
        k = int(np.argmax(lengths))
        if lengths[k] == 0:
            return
        prev = sides[(k - 1) % 4]
        height = abs(sides[k][0] * prev[1] - sides[k][1] * prev[0]) / lengths[k]
        if height < 0.5:
            return
        rows = []
        for (x, y), (X, Y) in zip(target, original):
            rows.append([x, y, 1, 0, 0, 0, -X * x, -X * y])
            rows.append([0, 0, 0, x, y, 1, -Y * x, -Y * y])
        try:
            coefficients = np.linalg.solve(
                np.array(rows, dtype=np.float64), original.reshape(8).astype(np.float64)
            )
        except np.linalg.LinAlgError:
            return
        sub_image = sub_image.transform(
            size=size,
            method=Image.Transform.PERSPECTIVE,
            data=coefficients,
            resample=image_mobject.resampling_algorithm,
        )
        # composite over the part of the frame the warped image covers
        ph, pw = pixel_array.shape[:2]
        x0, y0 = int(shift[0]), int(shift[1])
        fx0, fy0 = max(x0, 0), max(y0, 0)
        fx1, fy1 = min(x0 + size[0], pw), min(y0 + size[1], ph)
        if fx1 <= fx0 or fy1 <= fy0:
            return
        if (fx0, fy0, fx1, fy1) != (x0, y0, x0 + size[0], y0 + size[1]):
            sub_image = sub_image.crop((fx0 - x0, fy0 - y0, fx1 - x0, fy1 - y0))
        region = pixel_array[fy0:fy1, fx0:fx1]
        below = Image.fromarray(np.ascontiguousarray(region), mode=self.image_mode)
        region[...] = np.asarray(Image.alpha_composite(below, sub_image))


def freeze(mob: Mobject, camera: Camera | None = None) -> Mobject:
    """``mob`` drawn once by ``camera`` into an image that draws the same pixels.

    For vector art that stays still after it appears: the network diagram's
    hundreds of crossing edges take Cairo ~40 ms to stroke every time the
    still part of a frame is repainted (once per ``play``), the image about 1 ms.
    Drawn on a transparent layer (Cairo's premultiplied colours turned back
    into straight ones) and placed on the camera's pixel grid, it composites
    to within one level per channel of drawing ``mob`` itself.
    """
    from .shared import pixel_image

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
