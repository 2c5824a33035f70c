"""Clip 12, CostSurfaceDescent: descent paths on a 2-D cost surface drawn in 3-D.

Render: ``python -m scenes render CostSurfaceDescent --set surface=six_hump_camel``
(or ``manim -ql scenes/clips/part3_learning/cost_surface.py CostSurfaceDescent``).

Every path is ``nnmath.descend`` output on an ``nnmath.surface``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DEGREES,
    ORIGIN,
    RIGHT,
    Animation,
    Arrow,
    Circle,
    Create,
    Dot,
    FadeIn,
    GrowArrow,
    ThreeDAxes,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    Write,
    linear,
)

from nnmath import SURFACES, surface
from nnmath import Surface as CostSurface
from scenes.clips.part3_learning.downhill import descend_from_each
from scenes.core.layout import MAIN
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.cameras import MeshCamera
from scenes.render.clip import ClipScene3D
from scenes.render.outlines import drop_svg_sources
from scenes.widgets.surface import MeshSurface
from scenes.widgets.text import Captions, legend, merged_text, title

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


class CostSurfaceDescent(Captions, ClipScene3D):
    """Gradient descent on a 2-D cost surface, drawn in 3-D with a slow camera move.

    Several balls start at different points; each follows its recorded
    ``descend`` path, with the negative-gradient arrow (downhill) at its
    current point, and ends in the valley below its start.
    """

    SUMMARY = "gradient descent on a 2-D cost surface in 3-D: paths from several starts"
    PARAMS = (
        Param("surface", str, "himmelblau", "the cost surface", choices=SURFACES),
        Param("starts", tuple, _HB_STARTS,
              "starting points x:y (default: a preset that suits the surface)",
              pairs=True, min_len=1, max_len=6),
        Param("learning_rate", float, _HB_RATE,
              "step = learning_rate x gradient (default: the surface's preset)", lo=1e-5, hi=10),
        Param("steps", int, _HB_STEPS, "gradient steps per ball (default: the surface's preset)",
              lo=1, hi=2000),
        Param("resolution", int, 24, "surface mesh (n x n faces): smoother but slower to render",
              lo=4, hi=64, visual=True),
    )  # fmt: skip

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
        self.show_surface()
        self.place_balls()
        self.descend_all()
        self.mark_minima()

    # Scene geometry: the surface spans SIDE units along its longer side, HEIGHT up.
    SIDE = 6.4
    HEIGHT = 2.6
    RING = 0.2  # radius of the rings round the known minima (a ball's is 0.1)
    LIFT = 0.06  # paths and balls float this far above the surface, so it never hides them
    SUBSTEPS = 5  # points per step when draping a path over the surface
    DESCENT_SECONDS = 8.0  # the key motion (DESIGN rule 9: at least 5 s)
    AXIS_GAP = 0.25  # the weight axes run this far outside the surface's edges (scene units)
    NAME_GAP = (1.25, 1.7)  # and their names this far outside (the side one is seen edge-on)
    PHI = 58 * DEGREES  # the camera's angle from straight above, once it has moved
    TURN = -0.36  # radians the camera turns at the end (0.12 a second for 3 s): the paths part

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

    def start_beat(self, name: str, headline: str, narration: str) -> Animation:
        """``Captions.start_beat``, with the new caption fixed in the frame (the camera moves)."""
        animation = super().start_beat(name, headline, narration)
        self._fixed(self.caption_mob)
        return animation

    def show_surface(self) -> None:
        d, t = self.data, self.theme
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
        # A long domain (the camel's 4 x 2) is seen side-on so it spreads across the frame;
        # a square one from a corner.
        wide = (x1 - x0) > 1.5 * (y1 - y0)
        theta = (-82 if wide else -60) * DEGREES
        names = [merged_text("first weight", t.text, Size.READOUT),
                 merged_text("second weight", t.text, Size.READOUT)]  # fmt: skip
        self._fit_to_frame(names, self.PHI, [theta, theta + self.TURN])
        self.names, self.theta = names, theta
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
            stroke_color=t.background,
        )
        mesh.colour_by_height(self.axes, d.height_top)
        self.mesh = mesh
        # Colour already encodes height; Cairo's per-face lighting would triple the cost
        # of every frame in which the camera moves (measured: 0.70 s vs 0.26 s at 24x24).
        self.renderer.camera.should_apply_shading = False
        heading = title(f"Gradient descent on {SURFACE_NAMES[d.surface.name]}", t)
        self.formula = height_formula(d.surface.value_range[0], HEIGHT_SCALE[d.surface.name])
        arrows = self._weight_axes(names)
        drop_svg_sources(heading)
        self._fixed(heading)
        self.set_camera_orientation(phi=self.PHI + 14 * DEGREES, theta=theta - 20 * DEGREES)
        self.beat(
            "surface",
            "The cost of every pair of weights, drawn as a landscape",
            f"Each point of the floor is one choice of two weights; the height and the colour "
            f"show its cost, here {SURFACE_NAMES[d.surface.name]}. The height is on a log "
            f"scale, {self.formula}, so the deep valleys and the tall walls both fit.",
        )
        self.play(FadeIn(mesh), Write(heading), run_time=1.5)
        self.move_camera(phi=self.PHI, theta=theta, run_time=2)
        self.play(*[Create(a) for a in arrows], *[FadeIn(n) for n in names], run_time=1.0)
        self.wait(1.0)
        self.shown["surface"] = d.surface.name
        self.shown["height"] = self.formula

    def _weight_geometry(self, names) -> tuple[list[tuple[np.ndarray, np.ndarray]], list]:
        """The two horizontal axes, as the two weights: arrows along the front edges
        (y lowest, along x; x highest, along y), level just under each edge's lowest
        point and a little outside it; the names' centres further out."""
        (x0, x1), (y0, y1) = self.data.surface.domain
        along = np.linspace(0.0, 1.0, 61)
        xs, ys = x0 + along * (x1 - x0), y0 + along * (y1 - y0)
        z_front = float(self._height(xs, np.full_like(xs, y0)).min())
        z_side = float(self._height(np.full_like(ys, x1), ys).min())
        out_front, out_side = np.array([0.0, -1.0, 0.0]), np.array([1.0, 0.0, 0.0])
        gap = self.AXIS_GAP
        c2p = self.axes.c2p
        ends = [
            (c2p(x0, y0, z_front) + gap * out_front, c2p(x1, y0, z_front) + gap * out_front),
            (c2p(x1, y0, z_side) + gap * out_side, c2p(x1, y1, z_side) + gap * out_side),
        ]
        centres = [
            c2p((x0 + x1) / 2, y0, z_front) + self.NAME_GAP[0] * out_front,
            c2p(x1, (y0 + y1) / 2, z_side) + self.NAME_GAP[1] * out_side,
        ]
        return ends, centres

    def _weight_axes(self, names) -> list[Arrow]:
        """Draw :meth:`_weight_geometry`: the arrows, and ``names`` facing the camera."""
        ends, centres = self._weight_geometry(names)
        arrows = [Arrow(a, b, buff=0, color=self.theme.axis, stroke_width=3, tip_length=0.22)
                  for a, b in ends]  # fmt: skip
        for name, centre in zip(names, centres):
            name.move_to(centre)
        drop_svg_sources(*names)
        # Names face the camera wherever it turns; they follow their edge.
        self.add_fixed_orientation_mobjects(*names)
        self.remove(*names)
        return arrows

    def _projected_marks(self, names, phi: float, thetas) -> list[np.ndarray]:
        """Screen points of the surface (a grid over it), the weight axes and their names'
        boxes, seen from ``phi`` and each of ``thetas`` (then back at the first)."""
        (x0, x1), (y0, y1) = self.data.surface.domain
        camera = self.renderer.camera
        u, v = np.meshgrid(np.linspace(x0, x1, 41), np.linspace(y0, y1, 41))
        u, v = u.ravel(), v.ravel()
        grid = np.asarray(self.axes.c2p(u, v, self._height(u, v))).T
        ends, centres = self._weight_geometry(names)
        axes = np.vstack([a + f * (b - a) for a, b in ends for f in np.linspace(0, 1, 21)])
        corners = np.array([[sx, sy, 0.0] for sx in (-0.5, 0.0, 0.5) for sy in (-0.5, 0.5)])
        views = []
        for theta in thetas:
            self.set_camera_orientation(phi=phi, theta=theta)
            camera.reset_rotation_matrix()  # else it is only updated at the next frame
            labels = [camera.project_points(np.array([c]))[0] + corners * [n.width, n.height, 0]
                      for n, c in zip(names, centres)]  # fmt: skip
            views.append(np.vstack([camera.project_points(np.vstack([grid, axes])), *labels]))
        self.set_camera_orientation(phi=phi, theta=thetas[0])
        camera.reset_rotation_matrix()
        return views

    def _clear_corner(self, key, names, thetas) -> np.ndarray:
        """Where ``key`` goes: the first corner of the main region (top left, top right,
        bottom left, bottom right) that no mark covers from any angle, else the least
        covered."""
        views = self._projected_marks(names, self.PHI, thetas)
        pts = np.vstack(views)[:, :2]
        w, h, pad = key.width / 2, key.height / 2, 0.15
        best, fewest = None, np.inf
        for fx, fy in ((0, 1), (1, 1), (0, 0), (1, 0)):
            centre = np.array([MAIN.x0 + w if fx == 0 else MAIN.x1 - w,
                               MAIN.y1 - h if fy == 1 else MAIN.y0 + h, 0.0])  # fmt: skip
            inside = ((np.abs(pts[:, 0] - centre[0]) < w + pad)
                      & (np.abs(pts[:, 1] - centre[1]) < h + pad)).sum()  # fmt: skip
            if inside < fewest:
                best, fewest = centre, inside
            if inside == 0:
                break
        return best

    def _fit_to_frame(self, names, phi: float, thetas) -> None:
        """Scale and raise the axes so the surface, its weight axes and their names fit
        between the title and caption bands from every camera angle in ``thetas``."""
        low, high = MAIN.y0 + 0.1, MAIN.y1 - 0.1
        for _ in range(4):  # scale, then shift; the perspective makes it nearly linear
            ys = np.concatenate([v[:, 1] for v in self._projected_marks(names, phi, thetas)])
            top, bottom = float(ys.max()), float(ys.min())
            factor = min(1.0, (high - low) / (top - bottom))
            if factor < 0.999:
                self.axes.scale(factor, about_point=np.zeros(3))
                continue
            # centre the span between the bands: raising by dz raises the screen by sin(phi) dz
            dz = ((high + low) / 2 - (top + bottom) / 2) / np.sin(phi)
            if abs(dz) < 0.01:
                break
            self.axes.shift([0.0, 0.0, dz])

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
        d, t = self.data, self.theme
        self.path_colour = t.compare
        self.arrow_colour = t.text
        # the balls are what moves: "look here" (in the light theme the yellow is too dim
        # on the surface's own yellow, so the text colour)
        self.ball_colour = t.text if t.name == "light" else t.highlight
        self.draped = [self._drape(path) for path in d.paths]
        self.balls = [
            Dot(
                scene[0],
                radius=0.1,
                color=self.ball_colour,
                stroke_width=1.5,
                stroke_color=t.background,
            )  # fmt: skip
            for scene in self.draped
        ]
        # Each path is drawn over a wider background-coloured halo: readable on any height.
        self.halos = [
            VMobject(stroke_color=t.background, stroke_width=8).set_points_as_corners(
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
        # Each start stays marked (a hollow dot in the path's colour) once its ball has left.
        self.start_marks = [
            Dot(
                scene[0],
                radius=0.07,
                color=t.background,
                stroke_width=3,
                stroke_color=self.path_colour,
            )  # fmt: skip
            for scene in self.draped
        ]
        norms = [np.linalg.norm(g, axis=1) for g in d.gradients]
        (x0, x1), (y0, y1) = d.surface.domain
        self.arrow_len = 0.13 * max(x1 - x0, y1 - y0)  # in surface units
        # Arrows shrink once the slope is a quarter of the typical starting slope.
        self.grad_ref = 0.25 * float(np.median([n[0] for n in norms])) or 1.0
        self.arrows = [self._arrow(path[0], g[0]) for path, g in zip(d.paths, d.gradients)]
        key = self._legend()
        drop_svg_sources(key)
        self._fixed(key)
        # Balls always face the camera, so they stay round as it turns.
        self.add_fixed_orientation_mobjects(*self.balls, *self.start_marks)
        self.remove(*self.balls, *self.start_marks)
        starts = ", ".join(f"({x:g}, {y:g})" for x, y in d.starts)
        self.beat(
            "starts",
            "Each ball steps along minus the gradient: downhill",
            f"{len(d.paths)} balls start at {starts}. The arrow at each ball is minus the "
            f"gradient, the steepest way down; each step moves the weights by "
            f"{d.learning_rate:g} times the gradient.",
        )
        self.play(
            *[FadeIn(b) for b in [*self.start_marks, *self.balls]],
            *[GrowArrow(a) for a in self.arrows if isinstance(a, Arrow)],
            FadeIn(key),
            run_time=1.2,
        )
        self.add(*self.halos, *self.trails, *self.start_marks, *self.arrows, *self.balls)  # order
        self.wait(1.0)
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
        """The series' legend (path, arrow, minimum), its swatches drawn as on the surface."""
        t = self.theme
        # Shown only (faded in), so each text is one outline: the legend is redrawn in
        # every frame in which the camera moves.
        key = legend([(self.path_colour, "descent path"),
                      (self.arrow_colour, "steepest way down"),
                      (t.correct, "known minimum", "dot")], t)  # fmt: skip
        arrow = Arrow(ORIGIN, RIGHT * 0.5, buff=0, color=self.arrow_colour, stroke_width=4,
                      tip_length=0.16).move_to(key[1][0])  # fmt: skip
        ring = Circle(radius=0.12, color=t.correct, stroke_width=4).move_to(key[2][0])
        key[1].submobjects[0], key[2].submobjects[0] = arrow, ring
        thetas = [self.theta, self.theta + self.TURN]
        return key.move_to(self._clear_corner(key, self.names, thetas))

    def descend_all(self) -> None:
        """Play every path on one clock; early (long) steps get more time than late ones."""
        d = self.data
        n = d.steps
        durations = 0.93 ** np.arange(n) + 0.02
        total = self.DESCENT_SECONDS
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

        first = np.mean([np.linalg.norm(g[0]) for g in d.gradients])
        last = max(float(np.linalg.norm(g[-1])) for g in d.gradients)
        self.beat(
            "descend",
            "The arrows shrink as the ground flattens",
            f"Each ball takes {d.steps} steps. The slope starts around {first:.3g} on "
            f"average and ends at {last:.2g} or less: the steps shrink as the ground "
            "flattens, and the balls slow down.",
        )
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
        d, t = self.data, self.theme
        # A ring round each known minimum (a ball inside = reached), facing the camera like
        # the balls (lying flat, it was hidden by the balls and the valleys' walls), on a
        # background-coloured halo: readable on the blue of the valleys.
        marks = VGroup(
            *[
                VGroup(
                    Circle(radius=self.RING, color=t.background, stroke_width=9),
                    Circle(radius=self.RING, color=t.correct, stroke_width=5),
                ).move_to(self._point(m[0], m[1], self.LIFT))  # fmt: skip
                for m in d.surface.minima
            ]
        )
        self.add_fixed_orientation_mobjects(*marks)
        self.remove(*marks)
        reached = sum(d.reached)
        total = len(d.paths)
        valleys = len(set(d.nearest_minimum))
        narration = (
            f"{reached} of {total} balls reached a known minimum (within "
            f"{REACHED_TOLERANCE:g}) in {d.steps} steps."
        )
        if reached < total:
            slopes = [
                float(np.linalg.norm(g[-1])) for g, ok in zip(d.gradients, d.reached) if not ok
            ]
            headline = f"{reached} of {total} balls reached a minimum; the rest still creep"
            narration += (
                f" The rest are still creeping along flat ground: the slope where they "
                f"stopped is {max(slopes):.2g} or less, so their steps are tiny."
            )
        elif valleys > 1:
            headline = f"{total} starts, {valleys} different valleys: the start decides"
            narration += f" They ended in {valleys} different valleys, one per starting region."
        else:
            headline = "Every ball ended in the same valley"
            narration += " Every start led to the same valley."
        self.beat("minima", headline, narration)
        self.play(FadeIn(marks), run_time=1.0)
        self.add(*self.balls)  # balls above the rings
        # A slow turn shows the valleys from another side.
        self.begin_ambient_camera_rotation(rate=self.TURN / 3.0)
        self.wait(3.0)
        self.stop_ambient_camera_rotation()
        self.shown["reached"] = reached
        self.shown["end_distance"] = list(d.end_distance)
        self.shown["headline"] = headline
