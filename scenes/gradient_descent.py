"""Part III clips 11-13: gradient descent as rolling downhill.

Render (from the project root)::

    manim -ql scenes/gradient_descent.py BallRollingDownhill
    manim -ql scenes/gradient_descent.py CostSurfaceDescent
    manim -ql scenes/gradient_descent.py GradientImportance

or through the project CLI, e.g.
``python -m scenes render CostSurfaceDescent --set surface=six_hump_camel``.

Every path is ``nnmath.descend`` output and every landscape is an
``nnmath.curve`` / ``nnmath.surface``: the clips only draw them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DEGREES,
    DL,
    DOWN,
    DR,
    LEFT,
    ORIGIN,
    RIGHT,
    UL,
    UP,
    UR,
    Arrow,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    GrowFromCenter,
    GrowFromEdge,
    Line,
    MathTex,
    Rectangle,
    ThreeDAxes,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    Write,
    config,
    linear,
)
from manim.camera.camera import CAP_STYLE_MAP, LINE_JOIN_MAP
from manim.camera.three_d_camera import ThreeDCamera
from manim.utils.bezier import bezier
from manim.utils.color import ManimColor, interpolate_color
from manim.utils.iterables import stretch_array_to_length

from nnmath import CURVES, SURFACES, Curve, TrainingDiverged, curve, descend, surface
from nnmath import Surface as CostSurface
from scenes.clip import ClipScene, ClipScene3D
from scenes.params import Param, ParamError, ParamValues
from scenes.shared import (
    OKABE_ITO,
    LiveNumber,
    Theme,
    caption,
    clip_polyline,
    drop_svg_sources,
    fit_within,
    make_axes,
    merge_by_style,
    merged_text,
    polyline,
    swap_caption,
    title,
)


def distinct_colours(theme: Theme, n: int) -> list[str]:
    """``n`` colours for balls/paths that stand out against ``theme.primary`` curves."""
    pool = [theme.secondary, theme.good, theme.bad, theme.accent, theme.text, theme.muted]
    unique = list(dict.fromkeys(pool))
    return [unique[i % len(unique)] for i in range(n)]


def descend_from_each(
    landscape: Curve | CostSurface, starts, learning_rate: float, steps: int
) -> list[np.ndarray]:
    """``nnmath.descend`` from every start, or a one-line ParamError if the rate diverges.

    The error suggests the largest of ``rate/2, rate/4, ...`` that converges here.
    """

    def run(rate: float) -> list[np.ndarray]:
        return [descend(landscape, start, rate, steps) for start in starts]

    try:
        return run(learning_rate)
    except TrainingDiverged:
        pass
    rate = learning_rate
    for _ in range(30):
        rate /= 2
        try:
            run(rate)
            break
        except TrainingDiverged:
            continue
    raise ParamError(
        f"learning_rate={learning_rate:g} makes descent on {landscape.name!r} diverge; "
        f"try learning_rate <= {rate:.3g}"
    )


# -- clip 11: balls rolling down a 1-D landscape ---------------------------------------


@dataclass(frozen=True)
class RollingData:
    """What :class:`BallRollingDownhill` shows, all computed by nnmath."""

    landscape: Curve
    xs: np.ndarray  # dense sampling of the curve, for drawing it
    ys: np.ndarray
    paths: list[np.ndarray]  # descend() output per start, shape (steps + 1,)
    step_sizes: list[np.ndarray]  # |x_{k+1} - x_k|, shape (steps,)
    nearest_minimum: list[int]  # index into landscape.minima of each path's end
    lowest_minimum: int  # index of the deepest valley


class BallRollingDownhill(ClipScene):
    """Balls dropped on a wiggly 1-D cost roll into different valleys.

    Each ball moves by ``-learning_rate * slope``: the steps shrink as the
    ground flattens, and a ball stops in whichever valley it started above.
    """

    SUMMARY = "gradient descent in 1-D: balls from different starts settle in different valleys"
    PARAMS = (
        Param("function", str, "wiggly", "the 1-D landscape", choices=CURVES),
        Param(
            "starts",
            tuple,
            (-2.9, 0.2, 2.6),
            "starting x of each ball (inside the domain)",
            min_len=1,
            max_len=5,
        ),
        Param("learning_rate", float, 0.1, "step = learning_rate x slope", lo=1e-4, hi=10),
        Param("steps", int, 20, "gradient steps each ball takes", lo=1, hi=300),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> RollingData:
        land = curve(p.function)
        lo, hi = land.domain
        for s in p.starts:
            if not land.contains(s):
                raise ParamError(
                    f"starts={s:g} is outside the {p.function!r} curve's domain; "
                    f"use starts from {lo:g} to {hi:g}"
                )
        paths = descend_from_each(land, p.starts, p.learning_rate, p.steps)
        xs = np.linspace(lo, hi, 301)
        ends = np.array([path[-1] for path in paths])
        nearest = [int(np.argmin(np.abs(land.minima - e))) for e in ends]
        return RollingData(
            landscape=land,
            xs=xs,
            ys=land.value(xs),
            paths=paths,
            step_sizes=[np.abs(np.diff(path)) for path in paths],
            nearest_minimum=nearest,
            lowest_minimum=int(np.argmin(land.value(land.minima))),
        )

    # -- steps -------------------------------------------------------------
    def construct(self) -> None:
        self.colours = distinct_colours(self.theme, len(self.data.paths))
        self.next_section("landscape")
        self.show_landscape()
        self.next_section("balls")
        self.drop_balls()
        self.next_section("descend")
        self.roll()
        self.next_section("settle")
        self.mark_valleys()

    def show_landscape(self) -> None:
        d = self.data
        lo, hi = d.landscape.domain
        # Only the shape of the cost matters here, so the cost axis has no numbers and
        # starts at the lowest drawn level: the x axis then runs under the whole curve.
        self.y_floor = float(np.floor(d.ys.min() - 0.3))
        span = float(np.ceil(d.ys.max() - self.y_floor))
        heading = title("Gradient descent: roll downhill", self.theme)
        self.axes = make_axes(self.theme, [lo, hi, 1], [0, span, 1], x_length=8.4, y_length=4.0)
        self.axes.y_axis.remove(self.axes.y_axis.numbers)
        self.axes.next_to(heading, DOWN, buff=0.6).to_edge(LEFT, buff=0.6)
        graph = polyline(self.axes, d.xs, d.ys - self.y_floor, self.theme.primary)
        labels = VGroup(
            merged_text("x (one weight)", self.theme.muted, 22).next_to(
                self.axes.x_axis, RIGHT, buff=0.2
            ),
            merged_text("cost", self.theme.muted, 22).next_to(self.axes.y_axis, UP, buff=0.1),
        )
        anim, self.cap = swap_caption(
            None, "A cost with several valleys. Which one does descent find?", self.theme
        )
        drop_svg_sources(heading, labels, self.axes)  # cheaper copies in every animation
        self.play(Write(heading), FadeIn(self.axes), FadeIn(labels), run_time=1.2)
        self.play(Create(graph), anim, run_time=1.5)
        self.shown["curve"] = d.landscape.name

    def drop_balls(self) -> None:
        d = self.data
        rule = MathTex(r"x \;\leftarrow\; x - \eta\, f'(x)", font_size=40, color=self.theme.text)
        eta = MathTex(rf"\eta = {self.p.learning_rate:g}", font_size=34, color=self.theme.muted)
        self.shown["learning_rate"] = self.p.learning_rate
        # A small table: each ball's first step (fixed) and its current step (live).
        cells = [
            VGroup(),
            merged_text("first step", self.theme.muted, 20),
            merged_text("this step", self.theme.muted, 20),
        ]
        self.numbers = []
        for i, (colour, sizes) in enumerate(zip(self.colours, d.step_sizes)):
            name = VGroup(
                Dot(radius=0.1, color=colour),
                merged_text(f"ball {i + 1}", self.theme.text, 22),
            ).arrange(RIGHT, buff=0.12)
            # "this step" changes every step: a LiveNumber re-points its glyphs instead of
            # rebuilding; "first step" is one too, so both columns share a font.
            first = LiveNumber(sizes[0], num_decimal_places=3, font_size=24, color=colour)
            now = LiveNumber(sizes[0], num_decimal_places=3, font_size=24, color=colour)
            cells += [name, first, now]
            self.numbers.append(now)
        self.readouts = VGroup(*cells).arrange_in_grid(
            cols=3, buff=(0.3, 0.18), col_alignments="lcc"
        )
        panel = VGroup(rule, eta, self.readouts).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        fit_within(panel, 4.2)
        panel.next_to(self.axes, RIGHT, buff=0.5).align_to(self.axes, UP)
        self.panel = panel
        self.balls = VGroup(
            *[
                Dot(self._point(path[0]), radius=0.12, color=c, z_index=3)
                for path, c in zip(d.paths, self.colours)
            ]
        )
        anim, self.cap = swap_caption(
            self.cap, "Each step moves against the slope: step = learning rate x slope", self.theme
        )
        drop_svg_sources(panel)
        self.play(
            *[GrowFromCenter(b) for b in self.balls],
            FadeIn(rule),
            FadeIn(eta),
            FadeIn(self.readouts),
            anim,
            run_time=1.5,
        )
        self.shown["starts"] = [float(path[0]) for path in d.paths]

    def _point(self, x: float) -> np.ndarray:
        return self.axes.c2p(x, float(self.data.landscape.value(x)) - self.y_floor)

    def roll(self) -> None:
        """Play the recorded steps; early (big) steps get more time than late (tiny) ones."""
        d = self.data
        n_steps = len(d.paths[0]) - 1
        durations = np.maximum(0.12, 0.7 * 0.8 ** np.arange(n_steps))
        knots = np.concatenate([[0.0], np.cumsum(durations)])
        total = float(knots[-1])
        # One trail dot per recorded position, revealed as the ball passes it. Each trail is
        # one outline (its dots so far), not a mobject per dot to redraw every frame.
        dots = [[Dot(self._point(x), radius=0.05).points for x in path] for path in d.paths]
        trails = VGroup(
            *[
                VMobject(fill_color=c, fill_opacity=0.8, stroke_width=0).set_points(dots_[0])
                for dots_, c in zip(dots, self.colours)
            ]
        )
        self.add(trails)
        shown_step = [-1]

        def update(_group, alpha: float) -> None:
            t = float(np.interp(alpha * total, knots, np.arange(n_steps + 1)))
            k = min(int(t), n_steps - 1)
            frac = t - k
            for ball, path in zip(self.balls, d.paths):
                ball.move_to(self._point(path[k] + frac * (path[k + 1] - path[k])))
            if k != shown_step[0]:
                shown_step[0] = k
                for trail, dots_ in zip(trails, dots):
                    trail.set_points(np.concatenate(dots_[: k + 1]))
                for number, sizes in zip(self.numbers, d.step_sizes):
                    number.set_value(sizes[k])

        moving = VGroup(*self.balls, trails, *self.numbers)
        self.play(UpdateFromAlphaFunc(moving, update), run_time=total, rate_func=linear)
        for trail, dots_ in zip(trails, dots):
            trail.set_points(np.concatenate(dots_))
        for number, sizes in zip(self.numbers, d.step_sizes):
            number.set_value(sizes[-1])
        for ball, path in zip(self.balls, d.paths):
            ball.move_to(self._point(path[-1]))
        self.shown["paths"] = [path.copy() for path in d.paths]
        self.shown["step_sizes_first"] = [float(s[0]) for s in d.step_sizes]
        self.shown["step_sizes_last"] = [float(s[-1]) for s in d.step_sizes]
        self.wait(0.5)

    def mark_valleys(self) -> None:
        d = self.data
        land = d.landscape
        marks = VGroup(
            *[
                DashedLine(
                    self.axes.c2p(m, 0), self._point(m), color=self.theme.muted, stroke_width=2
                )
                for m in land.minima
            ]
        )
        low_label = merged_text("lowest", self.theme.muted, 20).next_to(
            self.axes.c2p(land.minima[d.lowest_minimum], 0), DOWN, buff=0.45
        )
        found = len(set(d.nearest_minimum))
        lowest_balls = [i + 1 for i, m in enumerate(d.nearest_minimum) if m == d.lowest_minimum]
        if len(lowest_balls) == len(d.paths):
            tail = "all found the lowest one."
        elif len(lowest_balls) == 1:
            tail = f"only ball {lowest_balls[0]} found the lowest one."
        elif lowest_balls:
            names = ", ".join(str(b) for b in lowest_balls[:-1]) + f" and {lowest_balls[-1]}"
            tail = f"only balls {names} found the lowest one."
        else:
            tail = "none found the lowest one."
        ball_word = "ball" if len(d.paths) == 1 else "balls"
        valley_word = "valley" if found == 1 else "different valleys"
        text = (
            f"{len(d.paths)} {ball_word}, {found} {valley_word}: steps shrink as the slope "
            f"flattens;\n{tail} Where you start decides where you end."
        )
        self.shown["valleys_found"] = found
        self.shown["final_x"] = [float(path[-1]) for path in d.paths]
        anim, self.cap = swap_caption(self.cap, text, self.theme)
        self.play(FadeIn(marks), FadeIn(low_label), anim)
        self.wait(1.5)


# -- a height-field surface drawn in one pass ---------------------------------------------


class MeshSurface(VMobject):
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

    POINTS_PER_FACE = 16  # four edges, each a cubic Bezier curve
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

    @property
    def n_faces(self) -> int:
        return len(self.points) // self.POINTS_PER_FACE

    def face_points(self) -> np.ndarray:
        return self.points.reshape(-1, self.POINTS_PER_FACE, 3)

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


class MeshCamera(ThreeDCamera):
    """``ThreeDCamera`` that draws a :class:`MeshSurface` in one pass (anything else as usual).

    The faces are drawn back to front, as ``ThreeDCamera`` orders ``Surface`` faces (by
    the depth of each face's centre, stable), each filled then stroked in its colour:
    the frame is the one Manim draws for the equivalent ``Surface`` without shading.
    """

    def display_vectorized(self, vmobject: VMobject, ctx) -> MeshCamera:
        if isinstance(vmobject, MeshSurface) and vmobject.n_faces:
            self._display_mesh(vmobject, ctx)
            return self
        return super().display_vectorized(vmobject, ctx)

    def _display_mesh(self, mesh: MeshSurface, ctx) -> None:
        n = mesh.n_faces
        faces = mesh.face_points()
        centres = (faces.min(axis=1) + faces.max(axis=1)) / 2
        depth = centres @ self.get_rotation_matrix()[2]
        order = np.argsort(depth, kind="stable")
        xy = self.transform_points_pre_display(mesh, mesh.points)[:, :2]
        xy = xy.reshape(n, MeshSurface.POINTS_PER_FACE * 2).tolist()

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


# -- clip 12: descent paths on a 2-D cost surface, in 3-D ------------------------------

#: Starts, learning rate and steps that suit each surface; used for any of the three
#: the user leaves unset (the defaults below are Himmelblau's).
SURFACE_PRESETS: dict[str, tuple[tuple[tuple[float, float], ...], float, int]] = {
    # Four balls near the central hill roll into Himmelblau's four equal valleys.
    "himmelblau": (((0.5, 0.5), (-1.5, 0.5), (-1.0, -2.0), (1.0, -1.0)), 0.005, 80),
    # Unequal valleys: two global, one middling, one high.
    "six_hump_camel": (((0.5, 0.2), (1.0, -0.9), (1.5, -0.5), (-1.8, -0.8)), 0.04, 40),
    # The long curved valley: descent reaches it fast, then crawls along it.
    "rosenbrock": (((-1.5, 1.5), (0.0, 2.5), (1.5, 1.0)), 0.001, 600),
    # Five times steeper across y than along x: paths zigzag before settling.
    "bowl": (((-2.5, 2.0), (2.5, -2.5), (-2.8, -1.0)), 0.3, 40),
}
_HB_STARTS, _HB_RATE, _HB_STEPS = SURFACE_PRESETS["himmelblau"]

#: Cost scale of the drawn height ``log(1 + (cost - lowest) / scale)``: about a
#: hundredth of the range where costs span hundreds (the log keeps walls and valleys
#: both visible), large where the range is small (the log is then nearly linear).
HEIGHT_SCALE = {"himmelblau": 10.0, "rosenbrock": 25.0, "six_hump_camel": 5.0, "bowl": 10.0}

SURFACE_NAMES = {
    "himmelblau": "Himmelblau's function",
    "six_hump_camel": "the six-hump camel",
    "rosenbrock": "Rosenbrock's valley",
    "bowl": "a stretched bowl",
}

#: A path ending within this distance of a known minimum has reached it.
REACHED_TOLERANCE = 1e-3


def plotted_height(values: np.ndarray, lowest: float, scale: float) -> np.ndarray:
    """The height drawn for a cost: ``log(1 + (cost - lowest) / scale)``.

    Costs on these surfaces span hundreds (Himmelblau's walls) down to 0; the log
    keeps both the valleys and the walls visible. Paths use the same mapping.
    """
    return np.log1p((np.asarray(values, float) - lowest) / scale)


def height_formula(lowest: float, scale: float) -> str:
    """The caption's words for :func:`plotted_height`, e.g. ``log(1 + cost/10)``."""
    if abs(lowest) < 1e-12:
        return f"log(1 + cost/{scale:g})"
    return f"log(1 + (cost + {-lowest:.3g})/{scale:g})"


@dataclass(frozen=True)
class SurfaceDescentData:
    """What :class:`CostSurfaceDescent` shows, all computed by nnmath."""

    surface: CostSurface
    starts: tuple[tuple[float, float], ...]
    learning_rate: float
    steps: int
    paths: list[np.ndarray]  # descend() output per start, shape (steps + 1, 2)
    gradients: list[np.ndarray]  # gradient at every recorded position, same shape
    nearest_minimum: list[int]  # index into surface.minima of each path's end
    end_distance: list[float]  # distance from each end to that minimum
    height_top: float  # plotted_height of the highest cost in the domain

    @property
    def reached(self) -> list[bool]:
        return [d < REACHED_TOLERANCE for d in self.end_distance]


class CostSurfaceDescent(ClipScene3D):
    """Gradient descent on a 2-D cost surface, drawn in 3-D with a slow camera move.

    Several balls start at different points; each follows its recorded
    ``descend`` path, with the negative-gradient arrow (downhill) at its
    current point, and ends in the valley below its start.
    """

    SUMMARY = "gradient descent on a 2-D cost surface in 3-D: paths from several starts"
    PARAMS = (
        Param("surface", str, "himmelblau", "the cost surface", choices=SURFACES),
        Param(
            "starts",
            tuple,
            _HB_STARTS,
            "starting points x:y (default: a preset that suits the surface)",
            pairs=True,
            min_len=1,
            max_len=6,
        ),
        Param(
            "learning_rate",
            float,
            _HB_RATE,
            "step = learning_rate x gradient (default: the surface's preset)",
            lo=1e-5,
            hi=10,
        ),
        Param(
            "steps",
            int,
            _HB_STEPS,
            "gradient steps per ball (default: the surface's preset)",
            lo=1,
            hi=2000,
        ),
        Param(
            "resolution",
            int,
            24,
            "surface mesh (n x n faces): smoother but slower to render",
            lo=4,
            hi=64,
            visual=True,
        ),
    )

    def __init__(self, params=None, **kwargs) -> None:
        kwargs.setdefault("camera_class", MeshCamera)  # draws the MeshSurface in one pass
        super().__init__(params, **kwargs)

    @classmethod
    def settings(cls, p: ParamValues) -> tuple[tuple[tuple[float, float], ...], float, int]:
        """Starts, learning rate and steps: the user's, or the surface's preset where unset.

        A value equal to the (Himmelblau) default counts as unset on other surfaces.
        """
        starts, rate, steps = SURFACE_PRESETS[p.surface]
        defaults = {q.name: q.default for q in cls.PARAMS}
        return (
            starts if p.starts == defaults["starts"] else p.starts,
            rate if p.learning_rate == defaults["learning_rate"] else p.learning_rate,
            steps if p.steps == defaults["steps"] else p.steps,
        )

    @classmethod
    def prepare(cls, p: ParamValues) -> SurfaceDescentData:
        land = surface(p.surface)
        starts, rate, steps = cls.settings(p)
        (x0, x1), (y0, y1) = land.domain
        for start in starts:
            if not land.contains(start):
                raise ParamError(
                    f"start {start[0]:g}:{start[1]:g} is outside the {p.surface!r} domain; "
                    f"use x from {x0:g} to {x1:g} and y from {y0:g} to {y1:g}"
                )
        paths = descend_from_each(land, starts, rate, steps)
        ends = np.array([path[-1] for path in paths])
        dist = np.linalg.norm(ends[:, None, :] - land.minima[None, :, :], axis=-1)
        nearest = dist.argmin(axis=1)
        lowest, highest = land.value_range
        return SurfaceDescentData(
            surface=land,
            starts=tuple(starts),
            learning_rate=rate,
            steps=steps,
            paths=paths,
            gradients=[land.gradient(path[:, 0], path[:, 1]) for path in paths],
            nearest_minimum=[int(i) for i in nearest],
            end_distance=[float(dist[j, i]) for j, i in enumerate(nearest)],
            height_top=float(plotted_height(highest, lowest, HEIGHT_SCALE[p.surface])),
        )

    # -- steps -------------------------------------------------------------
    def construct(self) -> None:
        self.next_section("surface")
        self.show_surface()
        self.next_section("starts")
        self.place_balls()
        self.next_section("descend")
        self.descend_all()
        self.next_section("minima")
        self.mark_minima()

    # Scene geometry: the surface spans SIDE units along its longer side, HEIGHT up.
    SIDE = 6.4
    HEIGHT = 2.6
    LIFT = 0.06  # paths and balls float this far above the surface, so it never hides them
    SUBSTEPS = 5  # points per step when draping a path over the surface

    def _height(self, x, y) -> np.ndarray:
        d = self.data
        lowest = d.surface.value_range[0]
        return plotted_height(d.surface.value(x, y), lowest, HEIGHT_SCALE[d.surface.name])

    def _point(self, x: float, y: float, lift: float = 0.0) -> np.ndarray:
        return self.axes.c2p(x, y, float(self._height(x, y))) + np.array([0.0, 0.0, lift])

    def _fixed(self, *mobs) -> None:
        """Register 2-D overlays (text, legend) so the camera move leaves them in place."""
        self.add_fixed_in_frame_mobjects(*mobs)
        self.remove(*mobs)

    def show_surface(self) -> None:
        d = self.data
        (x0, x1), (y0, y1) = d.surface.domain
        scale = self.SIDE / max(x1 - x0, y1 - y0)
        # The axes only map coordinates to the scene; drawn, they would cut through the surface.
        self.axes = ThreeDAxes(
            x_range=[x0, x1, 1],
            y_range=[y0, y1, 1],
            z_range=[0, d.height_top, 1],
            x_length=(x1 - x0) * scale,
            y_length=(y1 - y0) * scale,
            z_length=self.HEIGHT,
        )
        self.axes.shift(-self.axes.c2p((x0 + x1) / 2, (y0 + y1) / 2, d.height_top / 2))
        res = self.p.resolution
        axes = self.axes

        def lift(u: np.ndarray, v: np.ndarray) -> np.ndarray:
            pts = np.asarray(axes.coords_to_point(u, v, self._height(u, v)))
            return pts.T if pts.shape[0] == 3 and pts.shape[1] != 3 else pts

        # One mobject drawn in one pass by MeshCamera (see MeshSurface): a Surface's 576
        # faces would each be projected, sorted and drawn as a mobject of its own.
        mesh = MeshSurface(
            lift,
            u_range=(x0, x1),
            v_range=(y0, y1),
            resolution=res,
            fill_opacity=0.92,
            stroke_width=0.4,
            stroke_color=self.theme.background,
        )
        top = d.height_top
        mesh.set_fill_by_value(
            self.axes,
            colorscale=[
                (OKABE_ITO["blue"], 0.0),
                (OKABE_ITO["sky_blue"], 0.5 * top),
                (OKABE_ITO["yellow"], top),
            ],
            axis=2,
        )
        self.mesh = mesh
        # Colour already encodes height; Cairo's per-face lighting would triple the cost
        # of every frame in which the camera moves (measured: 0.70 s vs 0.26 s at 24x24).
        self.renderer.camera.should_apply_shading = False
        heading = title(f"Gradient descent on {SURFACE_NAMES[d.surface.name]}", self.theme, 36)
        self.formula = height_formula(d.surface.value_range[0], HEIGHT_SCALE[d.surface.name])
        self.cap = caption(
            f"Height and colour: {self.formula} (a log scale, so deep valleys and tall walls "
            "both fit)",
            self.theme,
            24,
        )
        drop_svg_sources(heading, self.cap)
        self._fixed(heading, self.cap)
        # A long domain (the camel's 4 x 2) is seen side-on so it spreads across the frame;
        # a square one from a corner.
        wide = (x1 - x0) > 1.5 * (y1 - y0)
        theta = (-82 if wide else -60) * DEGREES
        self.set_camera_orientation(phi=72 * DEGREES, theta=theta - 20 * DEGREES)
        self.play(FadeIn(mesh), Write(heading), FadeIn(self.cap), run_time=1.5)
        self.move_camera(phi=58 * DEGREES, theta=theta, run_time=2)
        self.shown["surface"] = d.surface.name
        self.shown["height"] = self.formula

    def _drape(self, path: np.ndarray) -> np.ndarray:
        """Scene points along a path: each recorded step joined over the surface."""
        frac = np.arange(1, self.SUBSTEPS + 1) / self.SUBSTEPS
        between = path[:-1, None, :] + np.diff(path, axis=0)[:, None, :] * frac[None, :, None]
        pts = np.vstack([path[:1], between.reshape(-1, 2)])  # row k * SUBSTEPS is step k
        z = self._height(pts[:, 0], pts[:, 1])
        scene = np.array(self.axes.c2p(pts[:, 0], pts[:, 1], z))
        if scene.shape[0] == 3 and scene.shape[1] != 3:
            scene = scene.T
        return scene + np.array([0.0, 0.0, self.LIFT])

    def place_balls(self) -> None:
        d = self.data
        self.path_colour = self.theme.secondary
        self.arrow_colour = self.theme.text
        self.ball_colour = self.theme.text if self.theme.name == "light" else self.theme.accent
        self.draped = [self._drape(path) for path in d.paths]
        self.balls = [
            Dot(
                scene[0],
                radius=0.1,
                color=self.ball_colour,
                stroke_width=1.5,
                stroke_color=self.theme.background,
            )
            for scene in self.draped
        ]
        # Each path is drawn over a wider background-coloured halo: readable on any height.
        self.halos = [
            VMobject(stroke_color=self.theme.background, stroke_width=8).set_points_as_corners(
                [scene[0], scene[0]]
            )
            for scene in self.draped
        ]
        self.trails = [
            VMobject(stroke_color=self.path_colour, stroke_width=4).set_points_as_corners(
                [scene[0], scene[0]]
            )
            for scene in self.draped
        ]
        norms = [np.linalg.norm(g, axis=1) for g in d.gradients]
        (x0, x1), (y0, y1) = d.surface.domain
        self.arrow_len = 0.13 * max(x1 - x0, y1 - y0)  # in surface units
        # Arrows shrink once the slope is a quarter of the typical starting slope.
        self.grad_ref = 0.25 * float(np.median([n[0] for n in norms])) or 1.0
        self.arrows = [self._arrow(path[0], g[0]) for path, g in zip(d.paths, d.gradients)]
        legend = self._legend()
        drop_svg_sources(legend)
        self._fixed(legend)
        # Balls always face the camera, so they stay round as it turns.
        self.add_fixed_orientation_mobjects(*self.balls)
        self.remove(*self.balls)
        self.play(
            *[FadeIn(b) for b in self.balls],
            *[GrowArrow(a) for a in self.arrows if isinstance(a, Arrow)],
            FadeIn(legend),
            run_time=1.2,
        )
        self.add(*self.halos, *self.trails, *self.arrows, *self.balls)  # drawing order
        self.shown["starts"] = [tuple(map(float, s)) for s in d.starts]
        self.shown["learning_rate"] = d.learning_rate
        self.shown["steps"] = d.steps

    def _arrow(self, at: np.ndarray, grad: np.ndarray) -> VMobject:
        """The negative-gradient arrow at a surface point, draped onto the surface."""
        norm = float(np.linalg.norm(grad))
        length = self.arrow_len * min(1.0, norm / self.grad_ref)
        start = self._point(at[0], at[1], self.LIFT)
        if length < 0.02 * self.arrow_len:
            return VMobject().set_points_as_corners([start, start])  # slope ~0: no arrow
        end_xy = at - grad / norm * length
        end = self._point(end_xy[0], end_xy[1], self.LIFT)
        return Arrow(
            start,
            end,
            buff=0,
            color=self.arrow_colour,
            stroke_width=5,
            tip_length=0.16,
            max_tip_length_to_length_ratio=0.4,
        )

    def _legend(self) -> VGroup:
        d = self.data
        # Shown only (faded in), so each text is one outline: the legend is redrawn in
        # every frame in which the camera moves.
        rows = VGroup(
            VGroup(
                Line(ORIGIN, RIGHT * 0.45, stroke_color=self.path_colour, stroke_width=5),
                merged_text(
                    f"descent path (rate {d.learning_rate:g}, {d.steps} steps)", self.theme.text, 20
                ),
            ).arrange(RIGHT, buff=0.15),
            VGroup(
                Arrow(
                    ORIGIN,
                    RIGHT * 0.45,
                    buff=0,
                    color=self.arrow_colour,
                    stroke_width=4,
                    tip_length=0.14,
                ),
                merged_text("minus the gradient: downhill", self.theme.text, 20),
            ).arrange(RIGHT, buff=0.15),
            VGroup(
                Circle(radius=0.1, color=self.theme.good, stroke_width=4),
                merged_text("known minimum", self.theme.text, 20),
            ).arrange(RIGHT, buff=0.15),
            merged_text(f"height: {self.formula}", self.theme.muted, 20),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        return rows.to_corner(UP + LEFT, buff=0.3).shift(DOWN * 0.7)

    def descend_all(self) -> None:
        """Play every path on one clock; early (long) steps get more time than late ones."""
        d = self.data
        n = d.steps
        durations = 0.93 ** np.arange(n) + 0.02
        total = 8.0
        knots = np.concatenate([[0.0], np.cumsum(durations)])
        knots *= total / knots[-1]
        s = self.SUBSTEPS

        def update(_group, alpha: float) -> None:
            t = float(np.interp(alpha * total, knots, np.arange(n + 1)))
            k = min(int(t), n - 1)
            for ball, halo, trail, arrow, scene, path, grads in zip(
                self.balls,
                self.halos,
                self.trails,
                self.arrows,
                self.draped,
                d.paths,
                d.gradients,
            ):
                pos = t * s
                j = min(int(pos), len(scene) - 2)
                here = scene[j] + (pos - j) * (scene[j + 1] - scene[j])
                ball.move_to(here)
                done = np.vstack([scene[: j + 1], here])
                halo.set_points_as_corners(done)
                trail.set_points_as_corners(done)
                xy = path[k] + (t - k) * (path[k + 1] - path[k])
                arrow.become(self._arrow(xy, grads[k]))

        # The camera holds still while the balls roll: the surface is then drawn once, not
        # once per frame, which keeps the clip cheap to render.
        moving = VGroup(*self.halos, *self.trails, *self.arrows, *self.balls)
        self.play(UpdateFromAlphaFunc(moving, update), run_time=total, rate_func=linear)
        for ball, halo, trail, arrow, scene, path, grads in zip(
            self.balls, self.halos, self.trails, self.arrows, self.draped, d.paths, d.gradients
        ):
            ball.move_to(scene[-1])
            halo.set_points_as_corners(scene)
            trail.set_points_as_corners(scene)
            arrow.become(self._arrow(path[-1], grads[-1]))
        self.shown["paths"] = [path.copy() for path in d.paths]

    def mark_minima(self) -> None:
        d = self.data
        # Rings lying on the surface around each known minimum (a ball inside = reached).
        marks = VGroup(
            *[
                Circle(radius=0.2, color=self.theme.good, stroke_width=4).move_to(
                    self._point(m[0], m[1], self.LIFT)
                )
                for m in d.surface.minima
            ]
        )
        reached = sum(d.reached)
        total = len(d.paths)
        text = (
            f"{reached} of {total} balls reached a known minimum (within {REACHED_TOLERANCE:g}) "
            f"in {d.steps} steps"
        )
        if reached < total:
            slopes = [
                float(np.linalg.norm(g[-1])) for g, ok in zip(d.gradients, d.reached) if not ok
            ]
            steepest = f"{max(slopes):.2g}"
            text += f";\nthe rest are still creeping (slope {steepest} or less where they stopped)"
        elif len(set(d.nearest_minimum)) > 1:
            text += f":\n{len(set(d.nearest_minimum))} different valleys, one per starting region"
        new_cap = caption(text, self.theme, 24)
        drop_svg_sources(new_cap)
        self._fixed(new_cap)
        self.play(FadeIn(marks), FadeOut(self.cap), FadeIn(new_cap), run_time=1.2)
        self.add(*self.balls)  # balls above the rings
        # A slow turn shows the valleys from another side.
        self.begin_ambient_camera_rotation(rate=0.12)
        self.wait(3.0)
        self.stop_ambient_camera_rotation()
        self.shown["reached"] = reached
        self.shown["end_distance"] = list(d.end_distance)


# -- clip 13: one gradient read two ways ---------------------------------------------------


def level_contour(land: CostSurface, level: float, n: int = 240) -> tuple[np.ndarray, np.ndarray]:
    """Points of the closed contour ``cost = level`` around the surface's first minimum.

    Along each of ``n`` rays from the minimum, bisection on nnmath's values finds where
    the cost reaches ``level`` (for costs that rise along every ray, like the bowl).
    """
    centre = np.asarray(land.minima[0], dtype=float)
    angles = np.linspace(0, 2 * np.pi, n + 1)
    dirs = np.column_stack([np.cos(angles), np.sin(angles)])
    dirs[-1] = dirs[0]  # the last ray is the first: the contour closes exactly

    def cost(r: np.ndarray) -> np.ndarray:
        pts = centre + r[:, None] * dirs
        return np.asarray(land.value(pts[:, 0], pts[:, 1]), dtype=float)

    lo, hi = np.zeros(len(dirs)), np.ones(len(dirs))
    for _ in range(60):  # grow each ray until it is past the level
        below = cost(hi) < level
        if not below.any():
            break
        hi[below] *= 2
    for _ in range(50):
        mid = (lo + hi) / 2
        inside = cost(mid) < level
        lo, hi = np.where(inside, mid, lo), np.where(inside, hi, mid)
    r = (lo + hi) / 2
    return centre[0] + r * dirs[:, 0], centre[1] + r * dirs[:, 1]


def contour_polyline(axes, xs, ys, color: str, stroke_width: float) -> VMobject:
    """The polyline through a contour's points, cut to the plot's x and y ranges."""
    (x0, x1), (y0, y1) = axes.x_range[:2], axes.y_range[:2]
    curve = VMobject(stroke_color=color, stroke_width=stroke_width)
    for run_x, run_y in clip_polyline(xs, ys, y0, y1):
        for run_y2, run_x2 in clip_polyline(run_y, run_x, x0, x1):
            pts = np.asarray(axes.coords_to_point(run_x2, run_y2)).T
            curve.start_new_path(pts[0])
            curve.add_points_as_corners(pts[1:])
    return curve


def label_spot(label, point: np.ndarray, obstacles, gap: float = 0.14) -> np.ndarray:
    """Centre for ``label`` beside ``point`` where it covers the least of the obstacles.

    ``obstacles`` are ``(start, end, weight)`` segments; each candidate box (eight
    directions round the point) scores the weighted length of segment inside it.
    """
    w, h = label.width / 2 + 0.06, label.height / 2 + 0.06
    t = np.linspace(0, 1, 12)[:, None]
    samples, weights = [], []
    for a, b, weight in obstacles:
        a, b = np.asarray(a, float)[:2], np.asarray(b, float)[:2]
        samples.append(a + t * (b - a))
        weights.append(np.full(len(t), weight * np.linalg.norm(b - a) / len(t)))
    samples, weights = np.vstack(samples), np.concatenate(weights)
    best, best_score = None, np.inf
    for direction in (DL, DR, UL, UR, LEFT, RIGHT, UP, DOWN):
        centre = np.asarray(point, float) + direction * (np.array([w, h, 0]) + gap)
        inside = (np.abs(samples[:, 0] - centre[0]) <= w) & (np.abs(samples[:, 1] - centre[1]) <= h)
        score = float(weights[inside].sum())
        if score < best_score - 1e-9:
            best, best_score = centre, score
    return best


@dataclass(frozen=True)
class GradientReading:
    """What :class:`GradientImportance` shows, all computed by nnmath."""

    surface: CostSurface
    point: tuple[float, float]
    cost: float  # C at the point
    gradient: tuple[float, float]  # exact gradient at the point
    nudges: tuple[float, ...]  # h values of the table, largest first
    rise_x: tuple[float, ...]  # C(x + h, y) - C(x, y), per nudge
    rise_y: tuple[float, ...]  # C(x, y + h) - C(x, y), per nudge

    @property
    def ratios(self) -> tuple[float, ...]:
        return tuple(a / b for a, b in zip(self.rise_x, self.rise_y))

    @property
    def gradient_ratio(self) -> float:
        return self.gradient[0] / self.gradient[1]


def _g(v: float) -> str:
    """A nudge as it is shown: up to 4 significant digits."""
    return f"{v:.4g}"


def _rise(v: float) -> str:
    """A change in cost as it is shown: 4 significant digits, trailing zeros kept."""
    return f"{v:#.4g}"


class GradientImportance(ClipScene):
    """The gradient (3, 1) read two ways: the uphill direction, and relative importance.

    The cost is nnmath's "bowl" ``C = x^2/2 + 5y^2/2``; at ``(3, 0.2)`` its exact
    gradient is ``(3, 1)``. Nudging ``x`` by ``h`` raises the cost about three times
    as much as nudging ``y`` by ``h``; the measured ratio tends to 3 as ``h`` shrinks.
    """

    SUMMARY = "the gradient (3, 1): the uphill direction, and x matters three times as much as y"
    PARAMS = (
        Param(
            "point",
            tuple,
            ((3.0, 0.2),),
            "where the gradient is taken, x:y (bowl domain)",
            pairs=True,
            min_len=1,
            max_len=1,
        ),
        Param(
            "nudge",
            float,
            0.01,
            "size h of the nudge; the table also shows 10h and h/10",
            lo=1e-4,
            hi=0.2,
        ),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> GradientReading:
        bowl = surface("bowl")
        ((x, y),) = p.point
        (x0, x1), (y0, y1) = bowl.domain
        if not bowl.contains((x, y)):
            raise ParamError(
                f"point={x:g}:{y:g} is outside the bowl's domain; use x from {x0:g} to {x1:g} "
                f"and y from {y0:g} to {y1:g}"
            )
        gx, gy = (float(v) for v in bowl.gradient(x, y))
        if abs(gy) < 1e-9:
            raise ParamError(
                f"point={x:g}:{y:g} has slope 0 along y, so there is no ratio to show; "
                "pick a point with y != 0"
            )
        nudges = (10 * p.nudge, p.nudge, p.nudge / 10)
        cost = float(bowl.value(x, y))
        return GradientReading(
            surface=bowl,
            point=(float(x), float(y)),
            cost=cost,
            gradient=(gx, gy),
            nudges=nudges,
            rise_x=tuple(float(bowl.value(x + h, y)) - cost for h in nudges),
            rise_y=tuple(float(bowl.value(x, y + h)) - cost for h in nudges),
        )

    # -- steps -------------------------------------------------------------
    def construct(self) -> None:
        self.next_section("uphill")
        self.show_uphill()
        self.next_section("nudges")
        self.compare_nudges()
        self.next_section("ratio")
        self.shrink_nudges()

    def show_uphill(self) -> None:
        d = self.data
        gx, gy = d.gradient
        self.grad_text = f"({gx:.3g}, {gy:.3g})"
        self.shown["gradient"] = (gx, gy)
        self.shown["gradient_text"] = self.grad_text
        heading = title(f"A gradient of {self.grad_text}, read two ways", self.theme)
        # No tick numbers: the point's label and the arrow's legs carry the numbers.
        self.axes = make_axes(
            self.theme, [-4, 5, 1], [-2.5, 2.5, 1], x_length=7.0, y_length=3.9, numbers=False
        )
        self.axes.to_edge(LEFT, buff=0.4).shift(DOWN * 0.2)
        level = d.cost
        bowl = d.surface
        # Contours from nnmath's values (level_contour), drawn as polylines cut to the plot.
        contours = VGroup(
            *[
                contour_polyline(
                    self.axes,
                    *level_contour(bowl, c),
                    color=self.theme.primary if c == level else self.theme.muted,
                    stroke_width=3 if c == level else 1.5,
                )
                for c in level * np.array([0.15, 0.4, 0.7, 1.0, 1.35])
            ]
        )
        x, y = d.point
        p = self.axes.c2p(x, y)
        self.p_dot = Dot(p, radius=0.08, color=self.theme.text, z_index=2)
        # The arrow is the gradient scaled to 2 plot units; its legs show 3 and 1.
        k = 2.0 / float(np.hypot(gx, gy))
        tip = self.axes.c2p(x + k * gx, y + k * gy)
        corner = self.axes.c2p(x + k * gx, y)
        self.grad_arrow = Arrow(p, tip, buff=0, color=self.theme.accent, stroke_width=6)
        self.legs = legs = VGroup(
            DashedLine(p, corner, color=self.theme.accent, stroke_width=2),
            DashedLine(corner, tip, color=self.theme.accent, stroke_width=2),
        )
        self.leg_labels = leg_labels = VGroup(
            merged_text(f"{gx:.3g}", self.theme.accent, 24).next_to(legs[0], DOWN, buff=0.28),
            merged_text(f"{gy:.3g}", self.theme.accent, 24).next_to(legs[1], RIGHT, buff=0.08),
        )
        uphill = merged_text("uphill", self.theme.accent, 22).next_to(tip, UP, 0.1)
        # The right-hand column: the cost and its gradient stay; each reading goes below.
        formula = MathTex(
            r"C(x, y) = \tfrac{1}{2}x^2 + \tfrac{5}{2}y^2", font_size=34, color=self.theme.text
        )
        label = MathTex(
            rf"\nabla C({x:g}, {y:g}) = {self.grad_text}", font_size=36, color=self.theme.accent
        )
        header = VGroup(formula, label).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.col_left = self.axes.get_right()[0] + 0.7
        self.col_width = config.frame_width / 2 - 0.4 - self.col_left
        fit_within(header, self.col_width)
        header.next_to(heading, DOWN, buff=0.45).set_x(self.col_left, direction=LEFT)
        self.header = header
        point_label = merged_text(f"({x:g}, {y:g})", self.theme.text, 22)
        # Beside the point where it crosses the fewest lines (contours, axes, the arrow).
        obstacles = [
            (self.axes.x_axis.get_start(), self.axes.x_axis.get_end(), 3.0),
            (self.axes.y_axis.get_start(), self.axes.y_axis.get_end(), 3.0),
            (p, tip, 5.0),
            (p, corner, 2.0),
            (corner, tip, 2.0),
            # the nudge arrows of reading 2 and their "+h" labels (below, right)
            (p, p + RIGHT * 0.7, 5.0),
            (p, p + UP * 0.7, 5.0),
            (p + DOWN * 0.3, p + DOWN * 0.3 + RIGHT * 0.7, 3.0),
            (p + UP * 0.35 + RIGHT * 0.1, p + UP * 0.35 + RIGHT * 0.5, 3.0),
        ]
        for contour in contours:
            pts = contour.get_anchors()
            weight = 3.0 if contour.get_stroke_width() > 2 else 1.0
            obstacles += [(a, b, weight) for a, b in zip(pts[:-1], pts[1:])]
        point_label.move_to(label_spot(point_label, p, obstacles))
        point_label.add_background_rectangle(color=self.theme.background, opacity=0.85)
        cap_anim, self.cap = swap_caption(
            None,
            "Reading 1: the gradient points uphill, straight across the contour lines "
            "(lines of equal cost)",
            self.theme,
        )
        axis_names = VGroup(
            MathTex("x", font_size=30, color=self.theme.muted).next_to(
                self.axes.x_axis, RIGHT, buff=0.1
            ),
            MathTex("y", font_size=30, color=self.theme.muted).next_to(
                self.axes.y_axis, UP, buff=0.1
            ),
        )
        self.play(
            Write(heading), FadeIn(self.axes), FadeIn(axis_names), FadeIn(formula), run_time=1.2
        )
        self.play(Create(contours), FadeIn(self.p_dot), FadeIn(point_label), run_time=1.5)
        drop_svg_sources(heading, header, point_label, axis_names, uphill, self.leg_labels)
        self.play(GrowArrow(self.grad_arrow), FadeIn(uphill), cap_anim, run_time=1.0)
        self.play(Create(legs), FadeIn(leg_labels), Write(label), run_time=1.2)
        self.wait(1.0)
        self.shown["formula"] = "C(x, y) = x^2/2 + 5y^2/2"
        self.shown["point"] = d.point
        self.shown["cost"] = d.cost

    def compare_nudges(self) -> None:
        d = self.data
        h = d.nudges[1]
        rx, ry = d.rise_x[1], d.rise_y[1]
        p = self.p_dot.get_center()
        nudge_x = Arrow(p, p + RIGHT * 0.7, buff=0, color=self.theme.secondary, stroke_width=5)
        nudge_y = Arrow(p, p + UP * 0.7, buff=0, color=self.theme.good, stroke_width=5)
        nudge_labels = VGroup(
            MathTex("+h", font_size=28, color=self.theme.secondary).next_to(nudge_x, DOWN, 0.12),
            MathTex("+h", font_size=28, color=self.theme.good).next_to(nudge_y, RIGHT, 0.1),
        )
        for lab in nudge_labels:  # keep them readable over contour lines
            lab.add_background_rectangle(color=self.theme.background, opacity=0.85)
        heading = merged_text(f"Reading 2: nudge each by h = {_g(h)}", self.theme.text, 26)
        unit = 2.4 / max(abs(rx), abs(ry))  # bar length per unit of cost

        def bar_row(name: str, rise: float, colour: str) -> VGroup:
            text = merged_text(f"nudge {name}:", self.theme.text, 24)
            bar = Rectangle(
                width=max(abs(rise) * unit, 0.02),
                height=0.3,
                fill_color=colour,
                fill_opacity=0.9,
                stroke_width=0,
            )
            value = merged_text(f"\u0394C = {_rise(rise)}", colour, 24)
            return VGroup(text, bar, value).arrange(RIGHT, buff=0.2)

        rows = VGroup(
            bar_row("x", rx, self.theme.secondary), bar_row("y", ry, self.theme.good)
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        for row in rows:  # bars start at the same x
            row[1:].next_to(rows[0][0], RIGHT, buff=0.2).set_y(row[0].get_y())
            row[1].align_to(rows[0][1], LEFT)
            row[2].next_to(row[1], RIGHT, buff=0.2)
        ratio = merged_text(
            f"{_rise(rx)} \u00f7 {_rise(ry)} \u2248 {d.ratios[1]:.3g}", self.theme.text, 28
        )
        self.panel = VGroup(heading, rows, ratio).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        fit_within(self.panel, self.col_width)
        self.panel.next_to(self.header, DOWN, buff=0.6, aligned_edge=LEFT)
        cap_anim, self.cap = swap_caption(
            self.cap,
            f"The same nudge to x raises the cost about {d.ratios[1]:.3g} times as much as to y",
            self.theme,
        )
        drop_svg_sources(self.panel, nudge_labels)
        self.play(
            FadeOut(self.legs),
            FadeOut(self.leg_labels),
            GrowArrow(nudge_x),
            FadeIn(nudge_labels),
            GrowArrow(nudge_y),
            FadeIn(heading),
            run_time=1.0,
        )
        self.play(
            *[GrowFromEdge(row[1], LEFT) for row in rows],
            *[FadeIn(row[0]) for row in rows],
            *[FadeIn(row[2]) for row in rows],
            run_time=1.5,
        )
        self.play(Write(ratio), cap_anim, run_time=1.2)
        self.wait(1.0)
        self.shown["nudge"] = h
        self.shown["rise_x"] = rx
        self.shown["rise_y"] = ry
        self.shown["ratio"] = d.ratios[1]
        self.shown["ratio_text"] = f"{d.ratios[1]:.3g}"

    def shrink_nudges(self) -> None:
        d = self.data
        head = [
            merged_text("h", self.theme.text, 24),
            merged_text("\u0394C (x)", self.theme.secondary, 24),
            merged_text("\u0394C (y)", self.theme.good, 24),
            merged_text("ratio", self.theme.text, 24),
        ]
        cells = list(head)
        for h, rx, ry, r in zip(d.nudges, d.rise_x, d.rise_y, d.ratios):
            cells += [
                merged_text(_g(h), self.theme.text, 24),
                merged_text(_rise(rx), self.theme.secondary, 24),
                merged_text(_rise(ry), self.theme.good, 24),
                merged_text(f"{r:.3g}", self.theme.text, 24),
            ]
        grid = VGroup(*cells).arrange_in_grid(cols=4, buff=(0.45, 0.22), col_alignments="rrrr")
        # Only faded in: one outline per colour, not one per glyph, to fade and later redraw.
        table = merge_by_style(grid)
        gx, gy = d.gradient
        limit = MathTex(
            rf"h \to 0:\quad \frac{{\partial C/\partial x}}{{\partial C/\partial y}} = "
            rf"\frac{{{gx:.3g}}}{{{gy:.3g}}} = {d.gradient_ratio:.3g}",
            font_size=42,
            color=self.theme.accent,
        )
        block = VGroup(table, limit).arrange(DOWN, buff=0.35)
        fit_within(block, self.col_width, 3.8)
        block.next_to(self.header, DOWN, buff=0.5, aligned_edge=LEFT)
        cap_anim, self.cap = swap_caption(
            self.cap,
            f"Smaller nudges: the ratio tends to {d.gradient_ratio:.3g}. Descent changes x "
            f"{d.gradient_ratio:.3g} times as fast as y.",
            self.theme,
        )
        drop_svg_sources(block)
        self.play(FadeOut(self.panel), run_time=0.6)
        self.play(FadeIn(table), cap_anim, run_time=1.2)
        self.play(Write(limit), run_time=1.2)
        self.wait(1.5)
        self.shown["table"] = [
            (h, rx, ry, r) for h, rx, ry, r in zip(d.nudges, d.rise_x, d.rise_y, d.ratios)
        ]
        self.shown["table_text"] = [
            (_g(h), _rise(rx), _rise(ry), f"{r:.3g}")
            for h, rx, ry, r in zip(d.nudges, d.rise_x, d.rise_y, d.ratios)
        ]
        self.shown["limit_ratio"] = d.gradient_ratio
