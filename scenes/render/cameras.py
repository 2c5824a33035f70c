"""Cameras: images composited over their own box, and a 3-D mesh drawn in one pass."""

from __future__ import annotations

import math

import numpy as np
from manim import (
    VMobject,
)
from manim.camera.camera import CAP_STYLE_MAP, LINE_JOIN_MAP, Camera
from manim.camera.three_d_camera import ThreeDCamera
from manim.utils.iterables import stretch_array_to_length
from PIL import Image

#: Paths of at most this many points find their subpaths in plain Python (NumPy's
#: per-call cost is larger there); longer ones use Manim's vectorised test.
SMALL_PATH = 96


def _plain_split(vmobject: VMobject) -> bool:
    method = type(vmobject).get_subpath_split_indices_from_points
    return method is VMobject.get_subpath_split_indices_from_points


def subpath_ranges(flat: list[float], nppcc: int, atol: float) -> list[tuple[int, int]]:
    """``VMobject.get_subpath_split_indices_from_points(points, n_dims=2)`` as a list.

    ``flat`` holds x, y of every point. A new subpath starts wherever a curve's end
    anchor is not ``np.isclose`` (rtol 1e-5, ``atol``) to the next curve's start, in x
    or y; a non-finite difference counts as close only for equal values, as there.
    """
    n = len(flat) // 2
    if n < nppcc:
        return []
    rtol = 1.0e-5
    cuts = [0]
    for k in range(nppcc, n, nppcc):
        for e, s in ((flat[2 * k - 2], flat[2 * k]), (flat[2 * k - 1], flat[2 * k + 1])):
            d = abs(e - s)
            close = d <= atol + rtol * abs(s) if math.isfinite(d) else e == s
            if not close:
                cuts.append(k)
                break
    cuts.append(n)
    return list(zip(cuts[:-1], cuts[1:]))


class PlainFloatPaths:
    """Manim's ``set_cairo_context_path`` with the points handed to Cairo as Python floats.

    Manim's loop indexes a NumPy array once per coordinate (a NumPy scalar each time);
    long outlines (text, traces of hundreds of segments) spend most of their drawing
    time there; short paths (a dot, a line, a square) spend it in NumPy's per-call cost
    of finding subpaths, which :func:`subpath_ranges` does in plain Python for them.
    The same coordinates, subpaths and closing test (Manim's own
    ``consider_points_equals_2d``) go to the same Cairo calls in the same order, so the
    path, and every pixel, is Manim's (tests/render/test_cameras.py compares them).
    """

    def set_cairo_context_path(self, ctx, vmobject: VMobject):
        points = self.transform_points_pre_display(vmobject, vmobject.points)
        if len(points) == 0:
            return self
        nppcc = vmobject.n_points_per_cubic_curve
        ctx.new_path()
        flat = points[:, :2].ravel().tolist()  # x0, y0, x1, y1, ...
        if len(points) <= SMALL_PATH and _plain_split(vmobject):
            split = subpath_ranges(flat, nppcc, vmobject.tolerance_for_point_equality)
        else:
            split = vmobject.get_subpath_split_indices_from_points(points, n_dims=2).tolist()
        if not split:
            return self
        move_to, curve_to = ctx.move_to, ctx.curve_to
        new_sub_path, close_path = ctx.new_sub_path, ctx.close_path
        closed = vmobject.consider_points_equals_2d
        for start, end in split:
            if end - start < nppcc:
                continue
            new_sub_path()
            move_to(flat[2 * start], flat[2 * start + 1])
            for b in range(2 * start + 2, 2 * (end - nppcc) + 3, 2 * nppcc):
                curve_to(*flat[b : b + 6])
            last = 2 * (end - 1)
            if closed(flat[2 * start : 2 * start + 2], flat[last : last + 2]):
                close_path()
        return self


class ImageCamera(PlainFloatPaths, Camera):
    """Cairo ``Camera`` that composites an image only over the pixels it covers.

    Manim pastes each ``ImageMobject`` into a transparent image as large as
    the frame and alpha-composites that whole frame (about 10 ms per image
    per frame at -ql, whatever the image's size). The image is warped exactly
    as Manim warps it, then composited over its own box only: outside the
    box Manim's composite leaves every pixel as it was, so the frame is the
    same pixel for pixel (tests/clips/test_weights_answers.py checks it).
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


class FaceMesh(VMobject):
    """Four-sided faces kept as ONE mobject, drawn by :class:`MeshCamera` in one pass.

    Each face is :attr:`POINTS_PER_FACE` points (four cubic Bezier edges) of
    ``points``, with one row of ``fill_rgbas`` / ``stroke_rgbas`` per face.
    ``scenes.widgets.surface.MeshSurface`` builds one from a surface function.
    """

    POINTS_PER_FACE = 16  # four edges, each a cubic Bezier curve

    @property
    def n_faces(self) -> int:
        return len(self.points) // self.POINTS_PER_FACE

    def face_points(self) -> np.ndarray:
        return self.points.reshape(-1, self.POINTS_PER_FACE, 3)


class MeshCamera(PlainFloatPaths, ThreeDCamera):
    """``ThreeDCamera`` that draws a :class:`FaceMesh` in one pass (anything else as usual).

    The faces are drawn back to front, as ``ThreeDCamera`` orders ``Surface`` faces (by
    the depth of each face's centre, stable), each filled then stroked in its colour:
    the frame is the one Manim draws for the equivalent ``Surface`` without shading.
    """

    def display_vectorized(self, vmobject: VMobject, ctx) -> MeshCamera:
        if isinstance(vmobject, FaceMesh) and vmobject.n_faces:
            self._display_mesh(vmobject, ctx)
            return self
        return super().display_vectorized(vmobject, ctx)

    def _display_mesh(self, mesh: FaceMesh, ctx) -> None:
        n = mesh.n_faces
        faces = mesh.face_points()
        centres = (faces.min(axis=1) + faces.max(axis=1)) / 2
        depth = centres @ self.get_rotation_matrix()[2]
        order = np.argsort(depth, kind="stable")
        xy = self.transform_points_pre_display(mesh, mesh.points)[:, :2]
        xy = xy.reshape(n, FaceMesh.POINTS_PER_FACE * 2).tolist()

        def per_face(rgbas: np.ndarray) -> list:
            rgbas = np.asarray(rgbas, dtype=float)
            if len(rgbas) != n:
                rgbas = stretch_array_to_length(rgbas, n)
            # Cairo's surface stores BGR: Manim passes the rgb reversed, so do we.
            return np.column_stack([rgbas[:, 2::-1], rgbas[:, 3]]).tolist()

        fills = per_face(mesh.fill_rgbas)
        width = mesh.get_stroke_width()
        strokes = per_face(mesh.stroke_rgbas) if width else None
        ctx.set_line_width(width * self.cairo_line_width_multiple)
        ctx.set_line_join(LINE_JOIN_MAP[mesh.joint_type])
        ctx.set_line_cap(CAP_STYLE_MAP[mesh.cap_style])
        new_path, new_sub_path, move_to = ctx.new_path, ctx.new_sub_path, ctx.move_to
        curve_to, close_path, set_rgba = ctx.curve_to, ctx.close_path, ctx.set_source_rgba
        fill, stroke = ctx.fill_preserve, ctx.stroke_preserve
        for f in order.tolist():
            p = xy[f]
            new_path()
            new_sub_path()
            move_to(p[0], p[1])
            curve_to(p[2], p[3], p[4], p[5], p[6], p[7])
            curve_to(p[10], p[11], p[12], p[13], p[14], p[15])
            curve_to(p[18], p[19], p[20], p[21], p[22], p[23])
            curve_to(p[26], p[27], p[28], p[29], p[30], p[31])
            close_path()
            set_rgba(*fills[f])
            fill()
            if strokes is not None:
                set_rgba(*strokes[f])
                stroke()
