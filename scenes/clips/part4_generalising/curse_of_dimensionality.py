"""Clip 22, CurseOfDimensionality: filling space evenly takes k^d points; digits do not need to.

Render: ``python -m scenes render CurseOfDimensionality`` (or
``manim -ql scenes/clips/part4_generalising/curse_of_dimensionality.py
CurseOfDimensionality``); change the
density with ``--set k=5``, the distance sample with ``--set n_images=2000 --set seed=3``.

Nine evenly spaced points fill [0, 1]; the same spacing takes 9^2 = 81 points in a
square and 9^3 = 729 in a cube (drawn in 3-D as one mobject: every point a small disc
facing the camera, all in one path), 9^d in d dimensions. A 28 x 28 image is a point
in 784 dimensions (a digit drawn large, one pixel marked as one axis): 9^784 is
written out whole, 749 digits filling the frame, against the 60,000 images of MNIST
in the same size. Then, computed on the digits: each image's distance to its nearest
neighbour, for real digits and for random images of the same size: two histograms on
one distance axis, each on its own count scale, both medians marked, an example pair each.

The counts are Python integers; the distances are numpy on ``nnmath.load_digits``'s
images (through ``scenes.core.digit_model.digit_data``), cached as a ``Trajectory``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    DashedLine,
    FadeIn,
    FadeOut,
    Group,
    Mobject,
    Rectangle,
    Square,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    smooth,
)

from nnmath import Trajectory, nearest_neighbours
from scenes.core.cache import cached_trajectory
from scenes.core.digit_model import DIGIT_PARAMS, digit_data
from scenes.core.layout import MAIN
from scenes.core.layout import SIDE as SIDE_PANEL
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene3D
from scenes.render.outlines import drop_svg_sources
from scenes.widgets.images import digit_image, framed
from scenes.widgets.plots import axis_label, make_axes, tick_labels
from scenes.widgets.text import Captions, merged_text, title, with_role

#: A claim, not computed here: the published size of MNIST's training set (LeCun et al.).
MNIST_STANDARD_TRAIN = 60_000
BINS = 60  # histogram bins over [0, the largest nearest-neighbour distance rounded up]

SIDE = 5.0  # scene units: the unit segment and square are this long
CUBE_SCALE = 0.62  # the cube, seen tilted, drawn this much smaller (it stays between the bands)
CENTRE = np.array([-4.0, -0.05, 0.0])  # where the grids sit (left of the counts)
PHI = 62 * DEGREES  # the camera's tilt for the cube
TURN = -28 * DEGREES  # the cube turned about its vertical axis: seen from a corner
DEPTH_CUE = 0.35  # nearer discs drawn up to this fraction larger than far ones
ROWS_LEFT, ROWS_TOP, ROW_GAP = -1.15, 1.6, 0.4  # the rows of counts, right of the grids
KAPPA = 0.5522847498  # cubic Bezier handle length of a quarter circle
PIXELS_HEIGHT = 5.6  # the digit drawn large, one square per pixel
PIXELS_CENTRE = np.array([-3.6, -0.05, 0.0])
WALL_PAD = 0.12  # between the written-out number and its frame
ROW_BELOW = 0.25  # between the frame and the row of training images under it
PLOT_W, PANEL_H, PLOT_LEFT = 7.9, 1.85, -6.1  # each histogram's axes, their left end
PANEL_TOPS = (2.45, -0.15)  # the tops of the digits' and the random images' histograms
EXAMPLE_H = 1.25  # the example images beside the histogram

SUPERSCRIPT = str.maketrans("0123456789d", "⁰¹²³⁴⁵⁶⁷⁸⁹ᵈ")


def grid_count(k: int, d: int) -> int:
    """Points of a grid with ``k`` per axis in ``d`` dimensions (an exact Python int)."""
    return k**d


def digit_count(n: int) -> int:
    """How many decimal digits the integer ``n`` has."""
    return len(str(n))


def unit_grid(k: int, d: int) -> np.ndarray:
    """The ``k^d`` grid points in [0, 1]^d, spacing ``1/(k-1)``, as rows of 3 coordinates
    (axes beyond ``d`` at 0.5, the middle, where the lower-dimensional grid sits)."""
    axes = [np.linspace(0.0, 1.0, k) if i < d else np.array([0.5]) for i in range(3)]
    return np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, 3)


def sample_images(n_train: int, n: int, pixels: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of ``n`` distinct training digits, then ``n`` random images with pixels
    uniform in [0, 1], both from one generator seeded with ``seed`` (in that order)."""
    rng = np.random.default_rng(seed)
    index = np.sort(rng.choice(n_train, size=n, replace=False))
    return index, rng.random((n, pixels))


def nice_step(top: float, ticks: int = 4) -> float:
    """A 1, 2 or 5 times a power of ten giving at most ``ticks`` steps up to ``top``."""
    power = 10.0 ** np.floor(np.log10(max(top, 1.0) / ticks))
    return float(next(s * power for s in (1, 2, 5, 10) if top / (s * power) <= ticks))


@dataclass(frozen=True)
class Side:
    """One histogram: real digits or random images."""

    nearest: np.ndarray  # distance of each image to its nearest other image
    counts: np.ndarray  # histogram of ``nearest`` over the shared edges
    median: float
    typical: float  # median distance over all pairs
    example: np.ndarray  # (2, pixels): the image of median nearest distance, its neighbour
    example_distance: float


@dataclass(frozen=True)
class CurseData:
    """What :class:`CurseOfDimensionality` shows, computed before the first frame."""

    k: int
    counts: dict[int, int]  # k^d for d = 1, 2, 3 (Python ints)
    pixels: int  # pixels per image, counted from the loaded data
    side: int  # the images' side (28)
    power: int  # k^pixels, exactly
    n_train: int  # training images in the loaded data set, counted
    source: str
    n_images: int
    edges: np.ndarray
    real: Side
    random: Side


def compute_distances(p: ParamValues) -> Trajectory:
    """Nearest-neighbour distances of sampled digits and of random images, one
    ``Trajectory`` row for the cache (the arrays in its extras, the counts in its meta)."""
    train = digit_data(p.data)[0]
    if p.n_images > len(train):
        raise ParamError(f"n_images={p.n_images}: the {p.data} set has {len(train)} images")
    index, random = sample_images(len(train), p.n_images, train.shape[1], p.seed)
    extras, meta = {}, {"n_train": len(train), "pixels": int(train.shape[1])}
    for name, images in (("real", train[index].astype(np.float64)), ("random", random)):
        nearest, which, typical = nearest_neighbours(images)
        middle = int(np.argsort(nearest, kind="stable")[len(nearest) // 2])
        extras[f"{name}_nearest"] = nearest[None]
        extras[f"{name}_example"] = images[[middle, which[middle]]][None]
        meta[f"{name}_typical"] = typical
    return Trajectory([0], np.zeros((1, 0)), [0.0], [1], extras=extras, meta=meta)


class CurseOfDimensionality(Captions, ClipScene3D):
    """Grids that fill 1, 2 and 3 dimensions, 784 pixels, and the real digits' distances."""

    SUMMARY = "curse of dimensionality: k^d grid points, 9^784 for images, digits' near neighbours"
    PARAMS = (
        Param("k", int, 9, "points per axis of the evenly spaced grid", lo=2, hi=12),
        Param(
            "n_images", int, 1000, "digits sampled for the distances (and as many random images)",
            lo=100, hi=4000,
        ),
        Param("seed", int, 0, "seed of the sampled digits and of the random images", lo=0,
              hi=10**6),
        DIGIT_PARAMS[0],  # data: the bundled sample or full MNIST
    )  # fmt: skip

    @classmethod
    def prepare(cls, p: ParamValues) -> CurseData:
        mnist_dir = os.environ.get("NNFIT_MNIST_DIR", "") if p.data == "full" else ""
        key = {"data": p.data, "n_images": p.n_images, "seed": p.seed, "directory": mnist_dir}
        run = cached_trajectory("curse_distances", key, lambda: compute_distances(p))
        m, x = run.meta, run.extras
        top = max(float(x["real_nearest"].max()), float(x["random_nearest"].max()))
        edges = np.linspace(0.0, float(np.ceil(top)), BINS + 1)

        def side(name: str) -> Side:
            nearest, example = x[f"{name}_nearest"][0], x[f"{name}_example"][0]
            gap = float(np.linalg.norm(example[0] - example[1]))
            return Side(nearest=nearest, counts=np.histogram(nearest, bins=edges)[0],
                        median=float(np.median(nearest)), typical=float(m[f"{name}_typical"]),
                        example=example, example_distance=gap)  # fmt: skip

        pixels = int(m["pixels"])
        return CurseData(
            k=p.k, counts={d: grid_count(p.k, d) for d in (1, 2, 3)}, pixels=pixels,
            side=int(round(np.sqrt(pixels))), power=grid_count(p.k, pixels),
            n_train=int(m["n_train"]), source=p.data, n_images=p.n_images, edges=edges,
            real=side("real"), random=side("random"),
        )  # fmt: skip

    # -- the story ---------------------------------------------------------------
    def construct(self) -> None:
        for step in (self.show_line, self.show_square, self.show_cube, self.show_general,
                     self.show_pixels, self.show_count, self.show_images,
                     self.show_nearest, self.show_random, self.show_examples):  # fmt: skip
            step()

    # -- 2-D overlays in a 3-D scene ---------------------------------------------
    def fixed(self, *mobs: Mobject) -> None:
        """Register text and plots as fixed in the frame (the camera's tilt leaves them)."""
        self.renderer.camera.add_fixed_in_frame_mobjects(*mobs)

    def start_beat(self, name: str, headline: str, narration: str):  # type: ignore[override]
        animation = super().start_beat(name, headline, narration)
        self.fixed(self.caption_mob)
        return animation

    def text(self, words: str, size: float = Size.READOUT, color: str | None = None,
             role: str | None = None) -> VMobject:  # fmt: skip
        mob = merged_text(words, color or self.theme.text, size)
        drop_svg_sources(mob)
        if role is not None:
            with_role(mob, role)
        self.fixed(mob)
        return mob

    # -- the grid of points: one mobject -----------------------------------------
    def _world(self, unit: np.ndarray) -> np.ndarray:
        """Scene points of unit-cube coordinates, spread, sized and turned as the story stands."""
        p = (0.5 + (unit - 0.5) * self.spread - 0.5) * SIDE * self.size
        c, s = np.cos(self.turn), np.sin(self.turn)
        turned = np.stack([c * p[:, 0] - s * p[:, 1], s * p[:, 0] + c * p[:, 1], p[:, 2]], 1)
        return CENTRE + turned

    def redraw(self) -> None:
        """Every point a disc facing the camera, all in one path: one mobject, one fill.

        A disc is four cubic arcs in the screen's plane (rotated back by the camera's
        rotation); nearer discs are drawn a little larger, a cue to depth.
        """
        rotation = self.renderer.camera.generate_rotation_matrix()
        centres = self._world(self.grid)
        depth = (centres - CENTRE) @ rotation[2]
        radius = self.radius * (1.0 + DEPTH_CUE * depth / SIDE)
        template = self._disc @ rotation  # screen-plane offsets, in scene coordinates
        discs = centres[:, None, :] + radius[:, None, None] * template[None]
        self.cloud.set_points(discs.reshape(-1, 3))
        corners = unit_grid(2, self.dims)  # the segment's, square's or cube's corners
        a, b = np.nonzero(np.triu((corners[:, None] != corners[None]).sum(axis=2) == 1))
        start, end = self._world(corners[a])[:, None], self._world(corners[b])[:, None]
        thirds = np.linspace(0.0, 1.0, 4)[None, :, None]
        self.edges.set_points((start + thirds * (end - start)).reshape(-1, 3))

    def grow(self, dims: int, run_time: float = 2.0, **extra) -> None:
        """Sweep the grid of ``dims - 1`` dimensions along the next axis: ``k^dims`` points."""
        self.dims, self.grid = dims, unit_grid(self.data.k, dims)
        self.spread[dims - 1] = 0.0
        self.redraw()

        def spread(_mob: Mobject, alpha: float) -> None:
            self.spread[dims - 1] = alpha
            self.redraw()

        self.play(UpdateFromAlphaFunc(VGroup(self.edges, self.cloud), spread), run_time=run_time,
                  **extra)  # fmt: skip
        spread(self.cloud, 1.0)
        self.shown.setdefault("drawn", {})[dims] = len(self.cloud.get_subpaths())

    def count_words(self, dims: int) -> str:
        k, n = self.data.k, self.data.counts[dims]
        product = " × ".join([str(k)] * dims)
        words = f"{dims} dimension{'s' if dims > 1 else ''}:  "
        return words + (f"{n:,} points" if dims == 1 else f"{product} = {n:,} points")

    def count_row(self, dims: int) -> VMobject:
        words = self.count_words(dims)
        self.shown.setdefault("count_text", {})[dims] = words
        self.shown.setdefault("counts", {})[dims] = self.data.counts[dims]
        row = self.text(words)
        if self.rows:
            row.move_to(self.rows[-1].get_corner(DOWN + LEFT) + DOWN * ROW_GAP,
                        aligned_edge=UP + LEFT)  # fmt: skip
        else:
            row.move_to([ROWS_LEFT, ROWS_TOP, 0], aligned_edge=UP + LEFT)
        self.rows.append(row)
        return row

    # -- beats: the grids --------------------------------------------------------
    def show_line(self) -> None:
        d, t = self.data, self.theme
        self.renderer.camera.should_apply_shading = False  # flat colours: cheaper, and clear
        self.heading = title("The curse of dimensionality", t)
        self.fixed(self.heading)
        self.spread, self.turn, self.size, self.rows = np.ones(3), 0.0, 1.0, []
        self.radius = min(0.09, 0.2 * SIDE * CUBE_SCALE / (d.k - 1))
        quarter = np.array([[1, 0, 0.0], [1, KAPPA, 0], [KAPPA, 1, 0], [0, 1, 0]])
        turns = [np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
                 for a in np.arange(4) * np.pi / 2]  # fmt: skip
        self._disc = np.vstack([quarter @ r.T for r in turns])  # 16 points: one closed circle
        # the grid's points stand for examples a data set would need: the data's colour
        self.cloud = VMobject(fill_color=t.data, fill_opacity=1.0, stroke_width=0)
        self.edges = VMobject(stroke_color=t.axis, stroke_width=2)
        self.dims, self.grid = 1, unit_grid(d.k, 1)
        self.redraw()
        self.shown.setdefault("drawn", {})[1] = len(self.cloud.get_subpaths())
        ends = VGroup(*(self.text(s, Size.TICK, t.muted, "tick") for s in ("0", "1")))
        for label, x in zip(ends, (0.0, 1.0)):
            label.next_to(self._world(np.array([[x, 0.5, 0.5]]))[0], DOWN, buff=0.25)
        self.end_labels = ends
        spacing = self.shown["spacing"] = f"1/{d.k - 1}" if d.k > 2 else "1"
        beat = self.start_beat(
            "line", f"{d.k} evenly spaced points fill a line",
            f"{d.k} evenly spaced points fill the segment from 0 to 1, neighbours {spacing} "
            "apart: no point of it is far from one of them.",
        )  # fmt: skip
        self.play(beat, FadeIn(self.heading), FadeIn(self.edges), FadeIn(self.cloud),
                  FadeIn(ends), FadeIn(self.count_row(1)), run_time=1.5)  # fmt: skip
        self.wait(2.0)

    def show_square(self) -> None:
        d = self.data
        beat = self.start_beat(
            "square", f"The same spacing in a square: {d.k} rows of {d.k}",
            f"Keep that spacing in a square and it takes {d.k} rows of {d.k} points, "
            f"{d.counts[2]:,} in all.",
        )  # fmt: skip
        self.play(FadeOut(self.end_labels), beat)
        self.grow(2)
        self.play(FadeIn(self.count_row(2)), run_time=0.8)
        self.wait(2.0)

    def show_cube(self) -> None:
        d = self.data
        start = self.turn

        def turn(_mob: Mobject, alpha: float) -> None:
            self.turn = start + alpha * TURN
            self.size = 1.0 + alpha * (CUBE_SCALE - 1.0)
            self.redraw()

        beat = self.start_beat(
            "cube", f"In a cube: {d.k} layers of {d.k} × {d.k}",
            f"In a cube, {d.k} layers of {d.k} by {d.k}: {d.counts[3]:,} points.",
        )  # fmt: skip
        self.move_camera(phi=PHI, run_time=2.0,
                         added_anims=[UpdateFromAlphaFunc(VGroup(self.edges, self.cloud), turn),
                                      beat])  # fmt: skip
        turn(self.cloud, 1.0)
        self.grow(3, run_time=2.5)
        self.play(FadeIn(self.count_row(3)), run_time=0.8)
        self.wait(2.0)

    def show_general(self) -> None:
        d, t = self.data, self.theme
        spin_from = self.turn

        def spin(_mob: Mobject, alpha: float) -> None:
            self.turn = spin_from + alpha * np.pi / 2
            self.redraw()

        general = self.text(f"d dimensions:  {d.k}{'d'.translate(SUPERSCRIPT)} points",
                            color=t.highlight)  # fmt: skip
        general.move_to(self.rows[-1].get_corner(DOWN + LEFT) + DOWN * 2 * ROW_GAP,
                        aligned_edge=UP + LEFT)  # fmt: skip
        self.rows.append(general)
        beat = self.start_beat(
            "general", f"Every new axis multiplies the count by {d.k}",
            f"{d.k} per axis is arbitrary: with k points per axis, d dimensions need "
            "k × k × … × k, k to the power d, points.",
        )  # fmt: skip
        self.play(UpdateFromAlphaFunc(VGroup(self.edges, self.cloud), spin, rate_func=smooth),
                  FadeIn(general, run_time=1.0), beat, run_time=4.0)  # fmt: skip
        spin(self.cloud, 1.0)
        self.shown["cube_points"] = len(self.cloud.get_subpaths())
        self.wait(2.0)

    # -- beats: 784 pixels -------------------------------------------------------
    def show_pixels(self) -> None:
        d, t = self.data, self.theme
        beat = self.start_beat(
            "pixels", f"An image is one point in {d.pixels} dimensions",
            f"A {d.side} by {d.side} image has {d.pixels} pixels; each grey level is one "
            f"coordinate, so the image is one point in {d.pixels} dimensions.",
        )  # fmt: skip
        self.play(FadeOut(self.cloud), FadeOut(self.edges), *[FadeOut(r) for r in self.rows],
                  beat, run_time=1.0)  # fmt: skip
        image = digit_image(d.real.example[0], PIXELS_HEIGHT, t)
        image.move_to(PIXELS_CENTRE)
        picture = framed(image, t)
        cell = image.height / d.side
        grid = VMobject(stroke_color=t.muted, stroke_width=1, stroke_opacity=0.6)
        x0, y1 = image.get_left()[0], image.get_top()[1]
        for i in range(1, d.side):
            grid.start_new_path(np.array([x0 + i * cell, y1, 0]))
            grid.add_line_to(np.array([x0 + i * cell, y1 - image.height, 0]))
            grid.start_new_path(np.array([x0, y1 - i * cell, 0]))
            grid.add_line_to(np.array([x0 + image.width, y1 - i * cell, 0]))
        # one pixel marked: the brightest, nearest the middle
        pixels = np.asarray(d.real.example[0]).reshape(d.side, d.side)
        bright = zip(*np.nonzero(pixels == pixels.max()))
        r, c = min(bright, key=lambda rc: (rc[0] - d.side / 2) ** 2 + (rc[1] - d.side / 2) ** 2)
        mark = Square(1.5 * cell, stroke_color=t.highlight, stroke_width=6)  # around the pixel
        mark.set_stroke(t.background, 10, background=True)  # haloed: it sits on bright ink
        mark.move_to([x0 + (c + 0.5) * cell, y1 - (r + 0.5) * cell, 0])
        size = self.text(f"{d.side} × {d.side} = {d.pixels} pixels")
        one = self.text("one pixel: one axis", color=t.highlight)
        value = self.text(f"grey level {pixels[r, c]:.2f}: one coordinate")
        point = self.text(f"the image: one point\nin {d.pixels} dimensions")
        texts = VGroup(size, one, value, point).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        texts.next_to(picture, RIGHT, buff=0.6).set_y(PIXELS_CENTRE[1])
        self.fixed(*picture, grid, mark)
        self.play(FadeIn(picture), FadeIn(grid), FadeIn(size), run_time=1.2)
        self.wait(1.0)
        self.play(FadeIn(mark), FadeIn(one), FadeIn(value), run_time=1.0)
        self.wait(1.0)
        self.play(FadeIn(point), run_time=0.8)
        self.wait(2.0)
        self.pixel_mobs = [*picture, grid, mark, size, one, value, point]
        self.shown.update(pixels=d.pixels, marked_pixel=(int(r), int(c)))

    def show_count(self) -> None:
        d, t = self.data, self.theme
        power = f"{d.k}{str(d.pixels).translate(SUPERSCRIPT)}"
        digits = str(d.power)
        beat = self.start_beat(
            "count", f"{d.k} per axis: {power} points, a number of {digit_count(d.power)} digits",
            f"{d.k} points per axis in {d.pixels} dimensions: {d.k} to the power {d.pixels} "
            f"grid points, a number {digit_count(d.power)} digits long, written out here.",
        )  # fmt: skip
        self.play(*[FadeOut(m) for m in self.pixel_mobs], beat, run_time=1.0)
        # the whole number, in the readout size, as wide as the frame allows
        digit_w = merged_text("0" * 20, t.text, Size.READOUT).width / 20
        per_line = int((MAIN.width - 2 * WALL_PAD) / digit_w)
        text = f"{power} = {digits}"
        lines = [text[i : i + per_line] for i in range(0, len(text), per_line)]
        wall = self.text("\n".join(lines))
        wall.move_to([MAIN.center[0], MAIN.y1 - WALL_PAD - wall.height / 2, 0])
        frame = Rectangle(width=wall.width + 2 * WALL_PAD, height=wall.height + 2 * WALL_PAD,
                          stroke_color=t.axis, stroke_width=2).move_to(wall)  # fmt: skip
        self.fixed(frame)
        self.play(FadeIn(frame), FadeIn(wall), run_time=2.0)
        self.wait(3.0)
        self.wall, self.wall_frame = wall, frame
        self.shown.update(power_digits=digit_count(d.power), power_text=digits,
                          wall_lines=lines)  # fmt: skip

    def show_images(self) -> None:
        d, t = self.data, self.theme
        reference = d.n_train if d.source == "full" else MNIST_STANDARD_TRAIN
        empty = digit_count(d.power // reference) - 1  # grid points per image >= 10^empty
        number = self.text(f"{reference:,}")
        box = Rectangle(width=number.width + 2 * WALL_PAD, height=number.height + 2 * WALL_PAD,
                        stroke_color=t.axis, stroke_width=2).move_to(number)  # fmt: skip
        self.fixed(box)
        what = "training images (counted)" if d.source == "full" else "training images in MNIST"
        label = self.text(what)
        row = VGroup(VGroup(box, number), label).arrange(RIGHT, buff=0.35)
        row.next_to(self.wall_frame, DOWN, buff=ROW_BELOW).align_to(self.wall_frame, LEFT)
        if row.get_bottom()[1] < MAIN.y0:
            # a longer number (k = 12) leaves no room under it: the count alone, on its last
            # line (the headline names it)
            box.set_stroke(opacity=0.0)
            label.set_fill(opacity=0.0)
            last = merged_text(self.shown["wall_lines"][-1], t.text, Size.READOUT)
            number.move_to(self.wall.get_corner(DOWN + LEFT) + RIGHT * (last.width + 0.6),
                           aligned_edge=DOWN + LEFT)  # fmt: skip
            box.move_to(number)
        exponent = str(empty).translate(SUPERSCRIPT)
        sample = ("" if d.source == "full" else
                  f" (this clip's sample has {d.n_train:,}, counted)")  # fmt: skip
        beat = self.start_beat(
            "images", f"{reference:,} images: over 10{exponent} grid points each",
            f"Against that, MNIST has {reference:,} training images{sample}: more than "
            f"10 to the power {empty} grid points for every image. No data set fills this "
            "space.",
        )  # fmt: skip
        self.play(FadeIn(box), FadeIn(number), FadeIn(label), beat, run_time=1.2)
        self.wait(3.0)
        self.count_mobs = [self.wall, self.wall_frame, box, number, label]
        self.shown.update(n_train=d.n_train, standard_train=MNIST_STANDARD_TRAIN,
                          empty_exponent=empty, reference_text=number.text)  # fmt: skip

    # -- beats: the digits' distances --------------------------------------------
    def histogram_axes(self) -> None:
        """Two histograms on one distance axis, one above the other, each named in its colour
        and counting its images on its own scale (random images pile up ten times higher)."""
        d, t = self.data, self.theme
        self.axes, self.ymax, self.names = {}, {}, {}
        panels = (("real", t.data, "digits"), ("random", t.compare, "random images"))
        for (name, colour, what), top in zip(panels, PANEL_TOPS):
            peak = int(getattr(d, name).counts.max())
            step = nice_step(peak)
            ymax = self.ymax[name] = step * np.ceil(peak / step)
            axes = make_axes(t, [0, d.edges[-1], 2], [0, ymax, step], x_length=PLOT_W,
                             y_length=PANEL_H, numbers=False)  # fmt: skip
            x_nums, y_nums = tick_labels(axes, t, x_values=None if name == "random" else [])
            axes.x_axis.add(x_nums)
            axes.y_axis.add(y_nums)
            axes.shift(np.array([PLOT_LEFT, top - PANEL_H, 0.0]) - axes.c2p(0, 0))
            label = self.text(what, color=colour, role="label")
            label.next_to(axes.c2p(0, ymax), UP, buff=0.15).align_to(y_nums, LEFT)
            self.fixed(axes)
            self.axes[name], self.names[name] = axes, label
        x_name = axis_label("distance to the nearest other image", t)
        x_name.next_to(self.axes["random"].x_axis.numbers, DOWN, buff=0.15)
        self.x_name = x_name.set_x(self.axes["random"].get_center()[0])
        self.fixed(x_name)

    def bars(self, name: str, color: str) -> VMobject:
        """The counts of ``name`` ("real" or "random") as bars on its axes (one mobject)."""
        d, t, axes = self.data, self.theme, self.axes[name]
        bars = VMobject(fill_color=color, fill_opacity=0.85, stroke_color=t.background,
                        stroke_width=1)  # fmt: skip
        corners = []
        for lo, hi, n in zip(d.edges[:-1], d.edges[1:], getattr(d, name).counts):
            if n:
                box = [axes.c2p(lo, 0), axes.c2p(hi, 0), axes.c2p(hi, n), axes.c2p(lo, n)]
                corners.append(np.array(box + box[:1]))
        thirds = np.linspace(0.0, 1.0, 4)[None, None, :, None]
        sides = np.array([c[:-1] for c in corners])[:, :, None, :]
        sides = sides + thirds * (np.array([c[1:] for c in corners])[:, :, None, :] - sides)
        bars.set_points(sides.reshape(-1, 3))
        self.fixed(bars)
        return bars

    def median_mark(self, name: str, color: str) -> VGroup:
        """A dashed line up ``name``'s panel at its median, its value above (ending there)."""
        axes, ymax, median = self.axes[name], self.ymax[name], getattr(self.data, name).median
        line = DashedLine(axes.c2p(median, 0), axes.c2p(median, ymax), stroke_color=color,
                          stroke_width=4, dash_length=0.12)  # fmt: skip
        line.set_stroke(self.theme.background, 10, background=True)  # seen over its own bars
        label = self.text(f"median {median:.2f}", color=color)
        right = median > self.data.edges[-1] / 2  # bars right of the middle: end at the line
        label.next_to(line.get_top(), UP, buff=0.15, aligned_edge=RIGHT * float(right))
        self.fixed(line)
        return VGroup(line, label)

    def show_nearest(self) -> None:
        d, t = self.data, self.theme
        self.histogram_axes()
        self.real_bars = self.bars("real", t.data)
        self.real_median = self.median_mark("real", t.data)
        beat = self.start_beat(
            "nearest", "How far is each digit from its nearest neighbour?",
            f"For each of {d.n_images:,} digits sampled from the "
            f"{'full MNIST' if d.source == 'full' else 'bundled sample'} set, the distance "
            f"to the closest other one, over all {d.pixels} pixels: median {d.real.median:.2f} "
            "(beside it, a digit that far from its nearest); below, random images, own scale.",
        )  # fmt: skip
        self.play(*[FadeOut(m) for m in self.count_mobs], beat, run_time=1.0)
        self.play(*(FadeIn(m) for m in (*self.axes.values(), *self.names.values(), self.x_name,
                                        self.real_bars)), run_time=1.5)  # fmt: skip
        self.wait(1.0)
        self.play(FadeIn(self.real_median), FadeIn(self.example("real")), run_time=1.0)
        self.wait(2.0)

    def show_random(self) -> None:
        d, t = self.data, self.theme
        self.random_bars = self.bars("random", t.compare)
        self.random_median = self.median_mark("random", t.compare)
        beat = self.start_beat(
            "random", "Random images: all far apart, and all alike",
            f"The same for {d.n_images:,} random images, every pixel uniform between 0 and 1: "
            f"the nearest one is always far, median {d.random.median:.2f}, and all at nearly "
            f"the same distance (its tallest bar holds {d.random.counts.max():,} images, the "
            f"digits' {d.real.counts.max():,}). Beside it, one random image and its nearest.",
        )  # fmt: skip
        self.play(FadeIn(self.random_bars), beat, run_time=1.5)
        self.wait(1.0)
        self.play(FadeIn(self.random_median), FadeIn(self.example("random")), run_time=1.0)
        self.wait(2.0)

    def example(self, name: str) -> Group:
        """The image of median nearest distance and its nearest, level with its histogram."""
        t = self.theme
        images = [digit_image(img, EXAMPLE_H, t) for img in getattr(self.data, name).example]
        pair = Group(*[framed(img, t) for img in images]).arrange(RIGHT, buff=0.25)
        note = self.text("a digit and its nearest" if name == "real" else "nearest random images")
        group = Group(note, pair).arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        group.move_to([SIDE_PANEL.x0, self.names[name].get_top()[1], 0], aligned_edge=UP + LEFT)
        self.fixed(*pair[0], *pair[1])
        return group

    def show_examples(self) -> None:
        d = self.data
        beat = self.start_beat(
            "examples", "Digits crowd into a small, structured corner",
            f"Nearest against typical pair: digits {d.real.median:.2f} against "
            f"{d.real.typical:.2f}, random images {d.random.median:.2f} against "
            f"{d.random.typical:.2f}. The digits lie on a small, structured part of the space.",
        )  # fmt: skip
        self.play(beat)
        self.wait(4.0)
        self.shown.update(
            edges=d.edges.copy(), real_counts=d.real.counts.copy(),
            random_counts=d.random.counts.copy(), real_median=f"{d.real.median:.2f}",
            random_median=f"{d.random.median:.2f}", real_typical=f"{d.real.typical:.2f}",
            random_typical=f"{d.random.typical:.2f}", n_images=d.n_images,
            real_plot=(self.axes["real"], self.real_bars),
            random_plot=(self.axes["random"], self.random_bars),
            median_labels=[self.real_median[1].text, self.random_median[1].text],
        )  # fmt: skip
