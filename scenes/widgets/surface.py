"""A 2-D cost surface drawn as one 3-D mesh (``MeshSurface``, drawn by ``MeshCamera``)."""

from __future__ import annotations

import numpy as np
from manim import (
    ThreeDAxes,
)
from manim.utils.bezier import bezier
from manim.utils.color import ManimColor, interpolate_color

from scenes.core.theme import OKABE_ITO
from scenes.render.cameras import FaceMesh

#: The colours of a cost surface from its lowest to its highest point (dark blue, sky
#: blue, yellow). A colour map, like an image's: the same in both themes, its colours
#: are the data (the layout check leaves meshes' colours alone).
HEIGHT_RAMP = (OKABE_ITO["blue"], OKABE_ITO["sky_blue"], OKABE_ITO["yellow"])


class MeshSurface(FaceMesh):
    """A parametric surface as ONE mobject: every face's outline, each with its own colour.

    Looks like Manim's ``Surface`` with ``set_fill_by_value`` and no shading (same face
    outlines, colours and drawing order, back to front), but Manim draws a ``Surface``
    face by face: per face per frame it projects, sorts, styles and strokes a separate
    mobject, which is what made every frame with a moving camera slow (576 faces at
    24x24). :class:`MeshCamera` draws this mobject in one pass instead: one projection
    and one depth sort for all faces, then only the Cairo calls. Fading, ``set_opacity``
    and moving work as on any VMobject (one row of ``fill_rgbas`` / ``stroke_rgbas``
    per face); only :class:`MeshCamera` knows how to draw it.
    """

    HANDLE_PULL = 0.00001  # Surface's pre_function_handle_to_anchor_scale_factor

    def __init__(
        self,
        func,
        u_range: tuple[float, float],
        v_range: tuple[float, float],
        resolution: int,
        fill_opacity: float = 1.0,
        stroke_width: float = 0.5,
        **kwargs,
    ) -> None:
        super().__init__(fill_opacity=fill_opacity, stroke_width=stroke_width, **kwargs)
        self.resolution = int(resolution)
        n = self.resolution
        us = np.linspace(u_range[0], u_range[1], n + 1)
        vs = np.linspace(v_range[0], v_range[1], n + 1)
        # Face (i, j) in Surface's order (i along u, then j along v), corners as Surface
        # lists them; each edge's handles at 1/3 and 2/3 of it (set_points_as_corners).
        i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        i, j = i.ravel(), j.ravel()
        u1, u2, v1, v2 = us[i], us[i + 1], vs[j], vs[j + 1]
        corners = np.stack(
            [
                np.stack([u1, v1], -1),
                np.stack([u2, v1], -1),
                np.stack([u2, v2], -1),
                np.stack([u1, v2], -1),
                np.stack([u1, v1], -1),
            ],
            axis=1,
        )  # (faces, 5, 2)
        start, end = corners[:, :-1, None, :], corners[:, 1:, None, :]
        alphas = np.linspace(0, 1, 4)[None, None, :, None]
        uv = (1 - alphas) * start + alphas * end  # (faces, 4 curves, 4 points, 2)
        # As VMobject.apply_function: handles pulled next to their anchors, mapped, pushed
        # back out, so each edge leaves its corners along the surface's tangents.
        pull = self.HANDLE_PULL
        uv[:, :, 1] = uv[:, :, 0] + pull * (uv[:, :, 1] - uv[:, :, 0])
        uv[:, :, 2] = uv[:, :, 3] + pull * (uv[:, :, 2] - uv[:, :, 3])
        flat = uv.reshape(-1, 2)
        pts = np.asarray(func(flat[:, 0], flat[:, 1]), dtype=float).reshape(uv.shape[:3] + (3,))
        pts[:, :, 1] = pts[:, :, 0] + (pts[:, :, 1] - pts[:, :, 0]) / pull
        pts[:, :, 2] = pts[:, :, 3] + (pts[:, :, 2] - pts[:, :, 3]) / pull
        self.set_points(pts.reshape(-1, 3))

    def face_midpoints(self) -> np.ndarray:
        """Each face's ``point_from_proportion(0.5)``: halfway round its outline, by length."""
        faces = self.face_points()
        curves = faces.reshape(len(faces), 4, 4, 3)
        # Curve lengths as Manim measures them: a polyline through 10 samples per curve.
        t = np.linspace(0, 1, 10)
        basis = np.stack([(1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3], -1)
        samples = np.einsum("sk,fckd->fcsd", basis, curves)
        lengths = np.linalg.norm(np.diff(samples, axis=2), axis=-1).sum(axis=-1)  # (faces, 4)
        total = lengths.sum(axis=1)
        out = np.empty((len(faces), 3))
        for f in range(len(faces)):
            target = 0.5 * total[f]
            acc = 0.0
            for c in range(4):
                if acc + lengths[f, c] >= target:
                    residue = (target - acc) / lengths[f, c] if lengths[f, c] else 0.0
                    out[f] = bezier(curves[f, c])(residue)
                    break
                acc += lengths[f, c]
        return out

    def colour_by_height(self, axes: ThreeDAxes, top: float) -> MeshSurface:
        """Colour each face by its height on ``HEIGHT_RAMP``: 0 dark blue, ``top`` yellow."""
        stops = np.linspace(0.0, top, len(HEIGHT_RAMP))
        return self.set_fill_by_value(axes, list(zip(HEIGHT_RAMP, stops)), axis=2)

    def set_fill_by_value(self, axes: ThreeDAxes, colorscale, axis: int = 2) -> MeshSurface:
        """Colour each face by its midpoint's ``axis`` coordinate (``Surface.set_fill_by_value``).

        As there, a face's outline takes the face's colour; opacities are kept.
        """
        colours = [ManimColor(c) for c, _ in colorscale]
        pivots = [p for _, p in colorscale]
        rgbs = np.empty((self.n_faces, 3))
        for f, mid in enumerate(self.face_midpoints()):
            value = axes.point_to_coords(mid)[axis]
            if value <= pivots[0]:
                colour = colours[0]
            elif value >= pivots[-1]:
                colour = colours[-1]
            else:
                k = next(k for k, p in enumerate(pivots) if p > value)
                frac = min((value - pivots[k - 1]) / (pivots[k] - pivots[k - 1]), 1)
                colour = interpolate_color(colours[k - 1], colours[k], frac)
            rgbs[f] = colour.to_rgb()
        fill_alpha = self.fill_rgbas[0, 3]
        stroke_alpha = self.stroke_rgbas[0, 3]
        self.fill_rgbas = np.column_stack([rgbs, np.full(len(rgbs), fill_alpha)])
        self.stroke_rgbas = np.column_stack([rgbs, np.full(len(rgbs), stroke_alpha)])
        return self
