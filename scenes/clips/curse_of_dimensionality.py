"""Clip 22, CurseOfDimensionality: filling space evenly takes k^d points; digits do not need to.

Render: ``python -m scenes render CurseOfDimensionality`` (or
``manim -ql scenes/clips/curse_of_dimensionality.py CurseOfDimensionality``); change the
density with ``--set k=5``, the distance sample with ``--set n_images=2000 --set seed=3``.

Nine evenly spaced points fill [0, 1]; the same spacing takes 9^2 = 81 points in a
square and 9^3 = 729 in a cube (drawn in 3-D as one mobject: every point a small disc
facing the camera, all in one path), 9^d in d dimensions. A 28 x 28 image is a point
in 784 dimensions: 9^784 has 749 digits (Python integers), against 60,000 training
images. Then, computed on the digits: each image's distance to its nearest neighbour,
for real digits and for random images of the same size, as two histograms.

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
    FadeIn,
    FadeOut,
    Group,
    Line,
    Mobject,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    smooth,
)

from nnmath import Trajectory, nearest_neighbours
from scenes.core.cache import cached_trajectory
from scenes.core.digit_model import DIGIT_PARAMS, digit_data
from scenes.core.params import Param, ParamError, ParamValues
from scenes.render.clip import ClipScene3D
from scenes.render.outlines import drop_svg_sources
from scenes.widgets.images import digit_image, framed
from scenes.widgets.plots import make_axes
from scenes.widgets.text import Captions, merged_text, title

#: A claim, not computed here: the published size of MNIST's training set (LeCun et al.).
MNIST_STANDARD_TRAIN = 60_000
BINS = 60  # histogram bins over [0, the largest nearest-neighbour distance rounded up]

SIDE = 3.0  # scene units: the unit segment, square and cube are this long
CENTRE = np.array([-3.4, -0.1, 0.0])  # where the cube sits (left of the counts)
PHI = 62 * DEGREES  # the camera's tilt for the cube
TURN = -28 * DEGREES  # the cube turned about its vertical axis: seen from a corner
DEPTH_CUE = 0.35  # nearer discs drawn up to this fraction larger than far ones
PANEL_WIDTH = 7.3  # scene units right of the cube for the rows of counts
KAPPA = 0.5522847498  # cubic Bezier handle length of a quarter circle

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
        key = {
            "data": p.data,
            "n_images": p.n_images,
            "seed": p.seed,
            "directory": os.environ.get("NNFIT_MNIST_DIR", "") if p.data == "full" else "",
        }
        run = cached_trajectory("curse_distances", key, lambda: compute_distances(p))
        m, x = run.meta, run.extras
        top = max(float(x["real_nearest"].max()), float(x["random_nearest"].max()))
        edges = np.linspace(0.0, float(np.ceil(top)), BINS + 1)

        def side(name: str) -> Side:
            nearest, example = x[f"{name}_nearest"][0], x[f"{name}_example"][0]
            return Side(
                nearest=nearest,
                counts=np.histogram(nearest, bins=edges)[0],
                median=float(np.median(nearest)),
                typical=float(m[f"{name}_typical"]),
                example=example,
                example_distance=float(np.linalg.norm(example[0] - example[1])),
            )

        pixels = int(m["pixels"])
        return CurseData(
            k=p.k,
            counts={d: grid_count(p.k, d) for d in (1, 2, 3)},
            pixels=pixels,
            side=int(round(np.sqrt(pixels))),
            power=grid_count(p.k, pixels),
            n_train=int(m["n_train"]),
            source=p.data,
            n_images=p.n_images,
            edges=edges,
            real=side("real"),
            random=side("random"),
        )

    # -- the story ---------------------------------------------------------------
    def construct(self) -> None:
        self.next_section("line")
        self.show_line()
        self.next_section("square")
        self.show_square()
        self.next_section("cube")
        self.show_cube()
        self.next_section("pixels")
        self.show_pixels()
        self.next_section("distances")
        self.show_distances()

    # -- 2-D overlays in a 3-D scene ---------------------------------------------
    def fixed(self, *mobs: Mobject) -> None:
        """Register text and plots as fixed in the frame (the camera's tilt leaves them)."""
        self.renderer.camera.add_fixed_in_frame_mobjects(*mobs)

    def new_caption(self, text: str, font_size: float = 26):  # type: ignore[override]
        animation = super().new_caption(text, font_size)
        self.fixed(self.caption_mob)
        return animation

    def text(self, words: str, size: float = 28, color: str | None = None) -> VMobject:
        mob = merged_text(words, color or self.theme.text, size)
        drop_svg_sources(mob)
        self.fixed(mob)
        return mob

    # -- the grid of points: one mobject -----------------------------------------
    def _world(self, unit: np.ndarray) -> np.ndarray:
        """Scene points of unit-cube coordinates, spread and turned as the story stands."""
        p = (0.5 + (unit - 0.5) * self.spread - 0.5) * SIDE
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
        row = self.text(words, self.row_size)
        anchor = self.rows[-1].get_corner(DOWN + LEFT) + DOWN * 0.35 if self.rows else None
        if anchor is None:
            row.move_to([-0.7, 1.9, 0], aligned_edge=UP + LEFT)
        else:
            row.move_to(anchor, aligned_edge=UP + LEFT)
        self.rows.append(row)
        return row

    def show_line(self) -> None:
        d, t = self.data, self.theme
        self.renderer.camera.should_apply_shading = False  # flat colours: cheaper, and clear
        self.heading = title("The curse of dimensionality", t)
        self.fixed(self.heading)
        self.spread, self.turn, self.rows = np.ones(3), 0.0, []
        # every row in the size at which the widest (the cube's) fits beside the cube
        widest = merged_text(self.count_words(3), t.text, 28).width
        self.row_size = 28 * min(1.0, PANEL_WIDTH / widest)
        self.radius = min(0.075, 0.2 * SIDE / (d.k - 1))
        arcs = [(1, 0), (1, KAPPA), (KAPPA, 1), (0, 1)]
        quarter = np.array([[x, y, 0.0] for x, y in arcs])
        turns = [np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
                 for a in np.arange(4) * np.pi / 2]  # fmt: skip
        self._disc = np.vstack([quarter @ r.T for r in turns])  # 16 points: one closed circle
        self.cloud = VMobject(fill_color=t.model, fill_opacity=1.0, stroke_width=0)
        self.edges = VMobject(stroke_color=t.axis, stroke_width=2)
        self.dims, self.grid = 1, unit_grid(d.k, 1)
        self.redraw()
        self.shown.setdefault("drawn", {})[1] = len(self.cloud.get_subpaths())
        ends = VGroup(self.text("0", 24, t.muted), self.text("1", 24, t.muted))
        for label, x in zip(ends, (0.0, 1.0)):
            label.next_to(self._world(np.array([[x, 0.5, 0.5]]))[0], DOWN, buff=0.25)
        self.end_labels = ends
        spacing = f"1/{d.k - 1}" if d.k > 2 else "1"
        self.play(FadeIn(self.heading), FadeIn(self.edges), FadeIn(self.cloud), FadeIn(ends),
                  FadeIn(self.count_row(1)),
                  self.new_caption(f"{d.k} evenly spaced points fill [0, 1]: neighbours "
                                   f"{spacing} apart"),
                  run_time=1.5)  # fmt: skip
        self.shown["spacing"] = spacing
        self.wait(1.5)

    def show_square(self) -> None:
        d = self.data
        self.play(FadeOut(self.end_labels),
                  self.new_caption(f"the same spacing in a square: {d.k} rows of {d.k}"))
        self.grow(2)
        self.play(FadeIn(self.count_row(2)), run_time=0.8)
        self.wait(1.5)

    def show_cube(self) -> None:
        d = self.data
        start = self.turn

        def turn(_mob: Mobject, alpha: float) -> None:
            self.turn = start + alpha * TURN
            self.redraw()

        self.move_camera(
            phi=PHI,
            run_time=2.0,
            added_anims=[
                UpdateFromAlphaFunc(VGroup(self.edges, self.cloud), turn),
                self.new_caption(f"in a cube: {d.k} layers of {d.k} × {d.k}"),
            ],
        )
        turn(self.cloud, 1.0)
        self.grow(3, run_time=2.5)
        self.play(FadeIn(self.count_row(3)), run_time=0.8)
        spin_from = self.turn

        def spin(_mob: Mobject, alpha: float) -> None:
            self.turn = spin_from + alpha * np.pi / 2
            self.redraw()

        general = self.text(f"d dimensions:  {d.k}{'d'.translate(SUPERSCRIPT)} points",
                            self.row_size, self.theme.highlight)  # fmt: skip
        general.move_to(self.rows[-1].get_corner(DOWN + LEFT) + DOWN * 0.5, aligned_edge=UP + LEFT)
        self.rows.append(general)
        self.play(
            UpdateFromAlphaFunc(VGroup(self.edges, self.cloud), spin, rate_func=smooth),
            FadeIn(general, run_time=1.0),
            self.new_caption(f"{d.k} per axis is arbitrary: k points per axis need "
                             "k × k × … × k = kᵈ points in d dimensions"),
            run_time=4.0,
        )  # fmt: skip
        spin(self.cloud, 1.0)
        self.shown["cube_points"] = len(self.cloud.get_subpaths())
        self.wait(1.0)

    def show_pixels(self) -> None:
        d, t = self.data, self.theme
        self.play(FadeOut(self.cloud), FadeOut(self.edges), *[FadeOut(r) for r in self.rows],
                  run_time=0.8)  # fmt: skip
        power = f"{d.k}{str(d.pixels).translate(SUPERSCRIPT)}"
        digits = str(d.power)
        head = self.text(f"A {d.side} × {d.side} image has {d.pixels} pixels: "
                         f"one point in {d.pixels} dimensions", 28)  # fmt: skip
        grid = self.text(f"{d.k} per axis: {power} grid points, a number of "
                         f"{digit_count(d.power)} digits:", 28, t.highlight)  # fmt: skip
        per_line = 90
        lines = [digits[i : i + per_line] for i in range(0, len(digits), per_line)]
        block = self.text("\n".join(lines), 16, t.muted)
        head.to_edge(UP, buff=1.15)
        grid.next_to(head, DOWN, buff=0.3)
        block.next_to(grid, DOWN, buff=0.3)
        if d.source == "full":
            images = f"Training images: {d.n_train:,} in full MNIST (counted)"
        else:
            images = (f"Training images: {d.n_train:,} in this sample (counted); "
                      f"{MNIST_STANDARD_TRAIN:,} in\nthe standard MNIST set (its published size)")
        reference = d.n_train if d.source == "full" else MNIST_STANDARD_TRAIN
        empty = digit_count(d.power // reference) - 1  # grid points per image >= 10^empty
        counts = self.text(images, 26)
        counts.next_to(block, DOWN, buff=0.35)
        for mob in (head, grid, block, counts):
            mob.set_x(0)
        self.play(FadeIn(head), self.new_caption("every pixel is an axis"), run_time=1.0)
        self.play(FadeIn(grid), FadeIn(block), run_time=1.5)
        self.wait(1.5)
        self.play(FadeIn(counts), self.new_caption(
            f"even {reference:,} images leave more than 10{str(empty).translate(SUPERSCRIPT)} "
            "grid points for every image: no data set fills this space"), run_time=1.2)
        self.wait(2.5)
        self.pixel_texts = [head, grid, block, counts]
        self.shown.update(
            pixels=d.pixels, power_digits=digit_count(d.power), power_text=digits,
            n_train=d.n_train, standard_train=MNIST_STANDARD_TRAIN, empty_exponent=empty,
        )  # fmt: skip

    def histogram(self, side: Side, color: str, y: float, label: str) -> VGroup:
        """Axes with ``side``'s counts as bars (one mobject), its median marked."""
        d, t = self.data, self.theme
        top = int(side.counts.max())
        step = nice_step(top)
        ymax = step * np.ceil(top / step)
        axes = make_axes(t, [0, d.edges[-1], 2], [0, ymax, step], x_length=7.4, y_length=1.45)
        axes.move_to([-2.3, y, 0], aligned_edge=DOWN)
        bars = VMobject(fill_color=color, fill_opacity=0.9, stroke_color=t.background,
                        stroke_width=1)  # fmt: skip
        corners = []
        for lo, hi, n in zip(d.edges[:-1], d.edges[1:], side.counts):
            if n:
                box = [axes.c2p(lo, 0), axes.c2p(hi, 0), axes.c2p(hi, n), axes.c2p(lo, n)]
                corners.append(np.array(box + box[:1]))
        thirds = np.linspace(0.0, 1.0, 4)[None, None, :, None]
        sides = np.array([c[:-1] for c in corners])[:, :, None, :]
        sides = sides + thirds * (np.array([c[1:] for c in corners])[:, :, None, :] - sides)
        bars.set_points(sides.reshape(-1, 3))
        marker = Line(axes.c2p(side.median, 0), axes.c2p(side.median, ymax),
                      stroke_color=t.text, stroke_width=3)  # fmt: skip
        name = self.text(label, 22, color)
        name.next_to(axes, UP, buff=0.12).align_to(axes, LEFT).shift(RIGHT * 0.5)
        group = VGroup(axes, bars, marker, name)
        self.fixed(group)
        return group

    def example(self, side: Side, y: float, what: str) -> Group:
        t = self.theme
        pair = Group(*[framed(digit_image(img, 1.2, t), t) for img in side.example])
        pair.arrange(RIGHT, buff=0.2).move_to([4.75, y, 0])
        note = self.text(f"{what}\nand its nearest: {side.example_distance:.2f} apart", 20)
        note.next_to(pair, UP, buff=0.12)
        group = Group(pair, note)
        self.fixed(*pair)
        return group

    def show_distances(self) -> None:
        d, t = self.data, self.theme
        self.play(*[FadeOut(m) for m in self.pixel_texts], run_time=0.8)
        n = f"{d.n_images:,}"
        real = self.histogram(d.real, t.model, 0.6,
                              f"{n} digits from the {d.source} set: median {d.real.median:.2f}")
        rand = self.histogram(d.random, t.compare, -1.95,
                              f"{n} random images (pixels uniform in [0, 1]): median "
                              f"{d.random.median:.2f}")  # fmt: skip
        axis_name = self.text("distance to the nearest other image (784 pixels, Euclidean)", 22,
                              t.muted)  # fmt: skip
        axis_name.next_to(rand[0], DOWN, buff=0.15)
        self.play(FadeIn(real), FadeIn(axis_name), self.new_caption(
            f"each of {n} sampled digits: how far is the closest other one?"), run_time=1.5)
        self.wait(1.0)
        self.play(FadeIn(rand), self.new_caption(
            f"the same for {n} random images: every one far from all the others"), run_time=1.5)
        self.wait(1.5)
        examples = Group(self.example(d.real, 1.15, "the median digit"),
                         self.example(d.random, -1.4, "the median random image"))
        self.play(FadeIn(examples), self.new_caption(
            f"nearest vs typical pair: digits {d.real.median:.2f} vs {d.real.typical:.2f}, "
            f"random images {d.random.median:.2f} vs {d.random.typical:.2f}:\n"
            "digits lie on a small, structured part of the space"),
            run_time=1.5)  # fmt: skip
        self.wait(3.5)
        self.shown.update(
            edges=d.edges.copy(), real_counts=d.real.counts.copy(),
            random_counts=d.random.counts.copy(), real_median=f"{d.real.median:.2f}",
            random_median=f"{d.random.median:.2f}", real_typical=f"{d.real.typical:.2f}",
            random_typical=f"{d.random.typical:.2f}", n_images=d.n_images,
            real_plot=real, random_plot=rand,
        )  # fmt: skip
