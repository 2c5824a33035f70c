"""Clip 21, XorRegions: no line separates XOR; a few ReLUs cut the plane into regions that do.

Render: ``python -m scenes render XorRegions`` (or
``manim -ql scenes/clips/part1_curve_fitting/xor_regions.py XorRegions``); change the run with e.g.
``--set hidden=8 --set seed=3 --set learning_rate=0.5``.

Beats: the four XOR clusters; the best single line (``best_single_line``
scans every direction and offset) and its accuracy; a ``2-h-1`` ReLU network
with a sigmoid output, trained by recorded gradient steps (``train_xor``) and
replayed: each hidden neuron's line ``w.x + b = 0``, the exact linear regions
(``linear_regions_2d``) and their count, each region cut where the output
crosses 0.5 and shaded in its class's colour (darker where the network is
surer), the decision boundary and the accuracy, live, step by step up to the
final accuracy; then, its own beat, what training still does after it (the
boundary moves away from the points), at the pace the picture changes, so the
replay ends as the motion does; then the result. Training and every frame's
polygons come from the trajectory cache.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Circle,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    Rectangle,
    Square,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    linear,
)

from nnmath import (
    LineScan,
    TrainingDiverged,
    Trajectory,
    best_single_line,
    binary_accuracy,
    decision_boundary_2d,
    linear_regions_2d,
    train_xor,
    xor_data,
)
from nnmath.polygons import centroid, clip_box, margin, split_at_boundary
from scenes.core.cache import cached_trajectory
from scenes.core.layout import MAIN_LEFT, SIDE
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.outlines import drop_svg_sources, merge_by_style
from scenes.widgets.plots import axis_label, make_axes, screen_map
from scenes.widgets.regions import closed_paths, cubics
from scenes.widgets.text import Captions, Readout, fit_within, legend, merged_text, title, with_role

FRAMES = 90  # recorded snapshots replayed in the "training" beat
TRAIN_SECONDS = 6.0  # the replay up to the first frame at the final accuracy (rule 9: >= 5 s)
# After it, the picture often still moves (the boundary leaves the points): its own beat of
# SETTLE_SECONDS, each frame held in proportion to how much of the shading it changes, so
# the replay ends as the motion does (rule 9); SETTLE_SHORT if it barely changes.
SETTLE_SECONDS, SETTLE_SHORT, SETTLE_MOVES = 4.0, 0.8, 0.05  # the last: changed share of box
MAX_RECORDS = 2000  # record every step up to this many steps, then every k-th
N_DIRECTIONS = 3600  # best_single_line's scan: steps of 0.05 degrees
# Output bins for the shading: below 0.5 the class-0 colour, above the class-1 colour;
# strong where the network is sure (below 0.25, above 0.75), light where it is not.
# Two shades per class, far apart, so regions read on a washed-out projector too.
SHADE_EDGES = np.array([0.25, 0.5, 0.75])
SHADES = ((0, 0.45), (0, 0.2), (1, 0.2), (1, 0.45))  # (class, opacity)
LIGHT_SHADE = 0.75  # the opacities on white: lighter, so the points keep their contrast
# Screen layout: a square plot filling the main region's height, readouts on the side.
TICK_ROOM = 0.4  # below the plot, for its tick numbers
PLOT_SIDE = MAIN_LEFT.height - TICK_ROOM
PLOT_CENTER = np.array([MAIN_LEFT.center[0], MAIN_LEFT.y1 - PLOT_SIDE / 2, 0.0])
MARKER = 0.07  # radius of a data point's marker
CLUSTER_NAMES = ("(1, 1)", "(−1, 1)", "(−1, −1)", "(1, −1)")  # xor_data's cluster order


@dataclass(frozen=True)
class XorFrame:
    """One replayed snapshot of training: its step, accuracy and exact regions."""

    step: int
    accuracy: float  # training accuracy (train_xor's record)
    polygons: list[np.ndarray]  # each linear region's vertices (k, 2), counter-clockwise
    outputs: np.ndarray  # the network's output at each region's centroid
    boundary: np.ndarray  # (S, 2, 2) segments where the output crosses 0.5
    hidden: list[np.ndarray]  # each hidden neuron's line in the box, (2, 2) or (0, 2)
    pieces: list[np.ndarray]  # the regions cut along the boundary: what is shaded
    piece_outputs: np.ndarray  # the network's output at each piece's centroid
    loss: float  # the mean squared error (train_xor's record)
    shade: np.ndarray  # the shade (SHADES index) on a grid over the box: how the picture moves


@dataclass(frozen=True)
class XorData:
    """What XorRegions shows, computed before the first frame."""

    x: np.ndarray
    labels: np.ndarray
    line: LineScan
    box: tuple[float, float, float, float]
    frames: list[XorFrame]
    final_accuracy: float  # binary_accuracy of the last recorded network
    regions_seconds: float  # time it took to compute every frame's regions (cached since)


# -- the frames: what the replay draws -------------------------------------------------
def plot_box(x: np.ndarray) -> tuple[float, float, float, float]:
    """A square box around 0 holding every point with room to spare (half-width in halves)."""
    half = max(2.5, math.ceil(2.0 * (float(np.abs(x).max()) + 0.2)) / 2.0)
    return (-half, half, -half, half)


def pick_frames(params: np.ndarray, count: int) -> np.ndarray:
    """Indices of about ``count`` snapshots, spaced by how much the network changes.

    Early steps move the lines most: frames spaced by distance travelled in
    parameter space (3/4) and by steps (1/4); first and last always, no repeats.
    """
    last = len(params) - 1
    if last <= 0:
        return np.array([0])
    travelled = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(params, axis=0), axis=1))])
    progress = np.arange(last + 1) / last
    if travelled[-1] > 0:
        progress = 0.75 * travelled / travelled[-1] + 0.25 * progress
    idx = np.searchsorted(progress, np.linspace(0.0, 1.0, count), side="left")
    return np.unique(np.clip(np.r_[0, idx, last], 0, last))


def percent(fraction: float, n: int) -> tuple[float, int]:
    """A fraction of ``n`` points in percent, rounded down (100% only if all are right);
    whole percents when ``n`` divides 100, else one decimal. Returns (value, decimals)."""
    decimals = 0 if 100 % n == 0 else 1
    scale = 10**decimals
    return math.floor(fraction * 100 * scale + 1e-9) / scale, decimals


def padded(arrays: list[np.ndarray], fill: float) -> np.ndarray:
    """Arrays of different lengths as one, padded with ``fill`` (the cache stores arrays)."""
    out = np.full((len(arrays), max(1, *map(len, arrays)), *arrays[0].shape[1:]), fill)
    for k, a in enumerate(arrays):
        out[k, : len(a)] = a
    return out


def pack(run: Trajectory, idx: np.ndarray, box: tuple[float, ...]) -> Trajectory:
    """The replayed snapshots with their exact regions, outputs and boundaries, as arrays."""
    started = time.perf_counter()
    nets = [run.network_at(int(i)) for i in idx]
    regions = [linear_regions_2d(net, box) for net in nets]
    # Each region's own affine map at its centroid: the network's output there.
    outputs = [np.array([r.output(r.centroid)[0, 0] for r in rs]) for rs in regions]
    boundaries = [decision_boundary_2d(rs, 0.5).points for rs in regions]
    extras = {
        "accuracy": run.extras["accuracy"][idx],
        "vertices": padded([np.concatenate([r.vertices for r in rs]) for rs in regions], np.nan),
        "owner": padded(
            [np.repeat(np.arange(len(rs)), [len(r.vertices) for r in rs]) for rs in regions], -1
        ),  # fmt: skip
        "outputs": padded(outputs, np.nan),
        "boundary": padded(boundaries, np.nan),
        "n_segments": np.array([len(b) for b in boundaries]),
    }
    seconds = time.perf_counter() - started
    return Trajectory(
        run.steps[idx], run.params[idx], run.loss[idx], run.layer_sizes, run.activation,
        run.output_activation, extras=extras, meta={"seconds": seconds},
    )  # fmt: skip


def unpack(packed: Trajectory, box: tuple[float, ...]) -> list[XorFrame]:
    """:func:`pack`'s arrays back as frames, with each hidden neuron's line in the box."""
    e, frames = packed.extras, []
    ticks = (np.arange(64) + 0.5) / 64  # a 64 x 64 grid of cell centres over the box
    grid = np.column_stack([np.tile(box[0] + ticks * (box[1] - box[0]), 64),
                            np.repeat(box[2] + ticks * (box[3] - box[2]), 64)])  # fmt: skip
    for k in range(len(packed)):
        owner = e["owner"][k][e["owner"][k] >= 0].astype(int)
        starts = np.flatnonzero(np.diff(owner)) + 1
        net = packed.network_at(k)
        hidden = [clip_box(w, float(b), box)[1] for w, b in zip(net.weights[0], net.biases[0])]
        polygons = np.split(e["vertices"][k][: len(owner)], starts)
        outputs, boundary = e["outputs"][k][: len(polygons)], e["boundary"][k]
        boundary = boundary[: int(e["n_segments"][k])]
        step, accuracy = int(packed.steps[k]), float(e["accuracy"][k])
        pieces = [part for poly in polygons for part in split_at_boundary(net, poly)]
        piece_outputs = net.forward(np.array([centroid(v) for v in pieces]))[:, 0]
        shade = np.digitize(net.forward(grid)[:, 0], SHADE_EDGES).astype(np.int8)
        frames.append(XorFrame(step, accuracy, polygons, outputs, boundary, hidden, pieces,
                               piece_outputs, float(packed.loss[k]), shade))  # fmt: skip
    return frames


class XorRegions(Captions, ClipScene):
    """XOR: one line gets 75% at best; a few ReLUs cut the plane into regions and get it all."""

    SUMMARY = "XOR: the best single line fails; a small ReLU net's linear regions and boundary"
    PARAMS = (
        Param("points_per_cluster", int, 25, "points around each XOR centre", lo=2, hi=100),
        Param("spread", float, 0.3, "std. dev. of each cluster", lo=0.0, hi=0.5),
        Param("hidden", int, 6, "hidden ReLU neurons (network 2-h-1)", lo=2, hi=8),
        Param("seed", int, 0, "seed of the data and the starting weights", lo=0, hi=10**6),
        Param("learning_rate", float, 1.0, "gradient-descent step size", lo=0.001, hi=100.0),
        Param("steps", int, 1000, "number of gradient steps", lo=20, hi=5000),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> XorData:
        x, labels = xor_data(p.points_per_cluster, p.spread, p.seed)
        line = best_single_line(x, labels, N_DIRECTIONS)
        record_every = max(1, math.ceil(p.steps / MAX_RECORDS))

        def train() -> Trajectory:
            return train_xor(
                p.points_per_cluster, p.spread, p.hidden, p.seed,
                p.learning_rate, p.steps, record_every,
            )  # fmt: skip

        try:
            key = {**p.computed(), "record_every": record_every}
            run = cached_trajectory("xor_regions", key, train)
        except TrainingDiverged:
            raise ParamError(
                f"learning_rate={p.learning_rate:g} makes gradient descent diverge; try 0.1 to 5"
            ) from None
        if not np.isfinite(run.params).all() or run.loss[-1] >= run.loss[0]:
            # The squared error of a sigmoid is bounded, so a too-large step shows as
            # a loss that ends no lower than it started (the steps overshoot).
            raise ParamError(
                f"learning_rate={p.learning_rate:g} diverges: the loss went from "
                f"{run.loss[0]:.3g} to {run.loss[-1]:.3g}; try 0.1 to 5"
            )
        box = plot_box(x)
        idx = pick_frames(run.params, FRAMES)
        # Every frame's polygons took 0.35-0.85 s for the defaults (about 1 s with 8
        # neurons and 400 points): cached too, keyed by the run, box and frames chosen.
        frames_key = {**key, "box": box, "frames": idx.tolist()}
        packed = cached_trajectory("xor_regions_frames", frames_key, lambda: pack(run, idx, box))
        accuracy = binary_accuracy(run.final_network, x, labels)
        seconds = float(packed.meta["seconds"])
        return XorData(x, labels, line, box, unpack(packed, box), accuracy, seconds)

    # -- construct: the story -----------------------------------------------------
    def construct(self) -> None:
        self.show_clusters()
        self.show_best_line()
        self.show_network()
        self.train()
        self.show_result()

    def show_clusters(self) -> None:
        d, t = self.data, self.theme
        self.shade_scale = LIGHT_SHADE if t.name == "light" else 1.0
        heading = title("XOR: one line is not enough, a few ReLUs are", t)
        plot = self.make_plot()
        # Shape tells the classes apart as well as colour: circles 1, squares 0.
        markers = [self.shapes(d.x[d.labels == c], self.marker(c, MARKER), c) for c in (1, 0)]
        self.markers = VGroup(*markers).set_z_index(3)
        # a background-coloured rim: each point reads on any shade of the regions
        self.markers.set_stroke(t.background, width=2)
        # The one legend, built whole (its rows appear as their marks do).
        self.key = legend([(self.colour(1), "opposite signs", "dot"),
                           (self.colour(0), "same sign", "box"),
                           (t.muted, "hidden neuron's line"),
                           (t.highlight, "decision boundary")], t)  # fmt: skip
        value, decimals = percent(d.line.accuracy, len(d.x))
        self.line_readout = Readout("best single line:", value, t, decimals=decimals)
        self.line_readout.number.unit = "%"
        self.line_readout.set_value(value)
        first = d.frames[0]
        self.step_readout = Readout("gradient step", first.step, t, decimals=0)
        self.region_readout = Readout("linear regions", len(first.polygons), t, decimals=0)
        self.acc_readout = Readout("training accuracy", 0, t, decimals=0)
        self.acc_readout.number.unit = "%"
        self.readouts = VGroup(self.step_readout, self.region_readout, self.acc_readout)
        self.readouts.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        # fitted at their widest (the numbers grow to the right as they count)
        self.step_readout.set_value(d.frames[-1].step)
        self.region_readout.set_value(max(len(f.polygons) for f in d.frames))
        self.set_accuracy(1.0)
        panel = [self.key, self.line_readout, self.readouts]
        for mob in panel:
            fit_within(mob, SIDE.width)
        SIDE.stack(panel, buff=0.5)
        self.step_readout.set_value(first.step)
        self.region_readout.set_value(len(first.polygons))
        drop_svg_sources(heading, plot, self.key, self.line_readout.text, self.readouts)
        self.beat(
            "clusters",
            "Four clusters of points: the XOR pattern",
            f"Four clusters of {self.p.points_per_cluster} points around (±1, ±1). Circles "
            "where x₁ and x₂ have opposite signs, squares where they have the same sign: "
            "the XOR pattern.",
        )
        self.play(FadeIn(heading), FadeIn(plot))
        self.play(
            LaggedStart(*[FadeIn(m, scale=0.6) for m in self.markers], lag_ratio=0.5),
            FadeIn(self.key[0]),
            FadeIn(self.key[1]),
            run_time=1.5,
        )
        self.shown["n_points"] = len(d.x)
        self.shown["box"] = d.box
        self.wait(1.5)

    def show_best_line(self) -> None:
        d, t = self.data, self.theme
        wrong = d.line.predict(d.x) != d.labels
        positive, segment = clip_box(d.line.w, d.line.b, d.box)
        negative = clip_box(-d.line.w, -d.line.b, d.box)[0]
        sides = [[half] if len(half) >= 3 else [] for half in (positive, negative)]
        strong = SHADES[0][1] * self.shade_scale
        halves = VGroup(*[self.fill(closed_paths(h), c, strong) for h, c in zip(sides, (1, 0))])
        halves.set_z_index(-1)
        line = VMobject(stroke_color=t.text, stroke_width=5).set_z_index(2)
        line.set_points_as_corners(self.to_screen(segment))
        ring = Circle(radius=0.15, num_components=5).points
        rings = self.shapes(d.x[wrong], ring, 0).set_z_index(4)
        rings.set_fill(opacity=0).set_stroke(t.wrong, width=3)
        value, decimals = percent(d.line.accuracy, len(d.x))
        self.beat(
            "best_line",
            "Try every straight line and keep the best one",
            f"The best single line: {N_DIRECTIONS} directions scanned, every offset tried. "
            "It puts one class on each side.",
        )
        self.play(Create(line), FadeIn(halves), run_time=1.5)
        self.wait(1.0)
        verdict = self.line_verdict(wrong)
        self.beat(
            "line_fails",
            f"Even the best line is only {value:.{decimals}f}% right",
            f"{verdict}. No straight line can do better on this pattern.",
        )
        self.play(Create(rings), FadeIn(self.line_readout), run_time=1.2)
        self.shown["best_line_accuracy"] = d.line.accuracy
        self.shown["best_line_text"] = f"{value:.{decimals}f}%"
        self.shown["best_line_wrong"] = int(wrong.sum())
        self.shown["line_caption"] = verdict
        self.wait(2.0)
        self.play(FadeOut(line), FadeOut(halves), FadeOut(rings), run_time=0.6)

    def line_verdict(self, wrong: np.ndarray) -> str:
        """What the best line gets wrong, in words: whole clusters when it is whole clusters."""
        d, n = self.data, self.p.points_per_cluster
        by_cluster = wrong.reshape(4, n)  # xor_data returns the points cluster by cluster
        value, decimals = percent(d.line.accuracy, len(d.x))
        whole = [CLUSTER_NAMES[c] for c in range(4) if by_cluster[c].all()]
        if len(whole) == 1 and wrong.sum() == n:
            where = f"the whole cluster at {whole[0]}"
        else:
            where = f"{int(wrong.sum())} of {len(d.x)} points"
        return f"Still only {value:.{decimals}f}% correct: {where} on the wrong side"

    def show_network(self) -> None:
        d, t, h = self.data, self.theme, self.p.hidden
        first = d.frames[0]
        # One fill per shade class, one line per hidden neuron, one boundary path.
        self.fills = VGroup(*[self.fill([], c, o * self.shade_scale) for c, o in SHADES])
        self.fills.set_z_index(-1)
        self.hidden_lines = VGroup(
            *[VMobject(stroke_color=t.muted, stroke_width=2) for _ in range(h)]
        ).set_z_index(1)
        self.boundary = VMobject(stroke_color=t.highlight, stroke_width=6).set_z_index(2)
        self.prebuild_frames()
        self.show_frame(0)
        self.beat(
            "network",
            f"{h} ReLU neurons, each cutting the plane along a line",
            f"A network with 2 inputs, {h} hidden ReLU neurons (an arbitrary number) and a "
            f"sigmoid output. Each neuron is zero on one side of its line; the lines cut the "
            f"box into {len(first.polygons)} regions, and on each region the network is linear.",
        )
        self.play(Create(self.hidden_lines), FadeIn(self.key[2]), run_time=1.5)
        self.play(FadeIn(self.fills), FadeIn(self.readouts), run_time=1.0)
        self.play(Create(self.boundary), FadeIn(self.key[3]), run_time=0.8)
        self.wait(2.0)

    def settled_frame(self) -> int:
        """The first replayed frame from which the accuracy stays at its final value."""
        acc = np.array([f.accuracy for f in self.data.frames])
        off = np.flatnonzero(acc != acc[-1])
        return int(off[-1] + 1) if len(off) else 0

    def replay_clock(self) -> tuple[np.ndarray, int]:
        """Seconds at which each frame is shown, and the frame ending the first part:
        ``TRAIN_SECONDS``, evenly, up to the first frame at the final accuracy; then each
        frame held in proportion to the share of the box whose shade it changes."""
        frames = self.data.frames
        last, settled = len(frames) - 1, self.settled_frame()
        if settled in (0, last):  # never changes, or only at the very end: one even pace
            return np.linspace(0.0, TRAIN_SECONDS, last + 1), last
        before = np.linspace(0.0, TRAIN_SECONDS, settled + 1)
        change = np.array([np.mean(a.shade != b.shade)
                           for a, b in zip(frames[settled:], frames[settled + 1:])])  # fmt: skip
        seconds = SETTLE_SECONDS if change.sum() >= SETTLE_MOVES else SETTLE_SHORT
        weights = (change + 1e-12) / (change + 1e-12).sum()
        floor = 0.05 * seconds / len(change)  # a moment for every frame: the clock moves on
        held = floor + (seconds - floor * len(change)) * weights
        return np.concatenate([before, TRAIN_SECONDS + np.cumsum(held)]), settled

    def replay(self, clock: np.ndarray, first: int, last: int) -> None:
        """Play frames ``first`` to ``last``, each from its time on ``clock``."""
        times = clock[first : last + 1] - clock[first]

        def update(_mob, alpha: float) -> None:
            k = int(np.searchsorted(times, alpha * times[-1], side="right")) - 1
            self.show_frame(first + min(k, last - first))

        self.play(UpdateFromAlphaFunc(self.moving, update), run_time=float(times[-1]),
                  rate_func=linear)  # fmt: skip

    def train(self) -> None:
        d = self.data
        last = len(d.frames) - 1
        clock, split = self.replay_clock()
        self.beat(
            "training",
            "Gradient descent moves the lines until the regions fit",
            "Gradient descent on the squared error moves the lines, one step at a time. Each "
            "region is shaded in the colour of the class the network gives it, cut where the "
            "output crosses 0.5, darker where the network is surer.",
        )
        self.moving = VGroup(
            self.fills, self.hidden_lines, self.boundary,
            self.step_readout.number, self.region_readout.number, self.acc_readout.number,
        )  # fmt: skip
        self.replay(clock, 0, split)
        before, after = d.frames[split], d.frames[last]
        gaps = (margin(d.x, before.boundary), margin(d.x, after.boundary))
        if split < last and clock[last] - clock[split] >= SETTLE_SECONDS - 1e-9:
            self.wait(1.0)  # the final accuracy reached: a moment to read it
            self.beat("margin", *self.margin_words(before, after, gaps))
        if split < last:
            self.replay(clock, split, last)
        self.show_frame(last)
        self.shown["frame_steps"] = [f.step for f in d.frames]
        self.shown["region_counts"] = [len(f.polygons) for f in d.frames]
        self.shown["frame_accuracy"] = [f.accuracy for f in d.frames]
        self.shown["frame_polygons"] = [f.polygons for f in d.frames]
        self.shown["frame_outputs"] = [f.outputs for f in d.frames]
        self.shown["frame_clock"] = clock
        self.shown["margins"] = gaps
        self.shown["final_pieces"] = d.frames[-1].pieces
        self.shown["final_piece_outputs"] = d.frames[-1].piece_outputs
        self.shown["boundary"] = d.frames[-1].boundary

    def margin_words(self, before: XorFrame, after: XorFrame, gaps) -> tuple[str, str]:
        """Headline and narration of what training does after the final accuracy."""
        value, decimals = percent(after.accuracy, len(self.data.x))
        reached = f"{value:.{decimals}f}%"
        away = math.isfinite(gaps[0]) and gaps[1] > gaps[0]
        text = (
            f"{'Every point is on its side' if after.accuracy == 1 else f'It is {reached} right'}"
            f" after {before.step} steps, but the mean squared error is still "
            f"{before.loss:.2g}; the next {after.step - before.step} steps bring it down to "
            f"{after.loss:.2g}, and the shading darkens where the network is surer."
        )
        if not away:
            return f"Past {reached}, training goes on: the network grows surer", text
        return f"Past {reached}, the boundary keeps moving away from the points", (
            f"{text} The boundary moves away from the points: the nearest is now "
            f"{gaps[1]:.2f} from it, where it was {gaps[0]:.2f}."
        )

    def show_result(self) -> None:
        d, final = self.data, self.data.frames[-1]
        value, decimals = percent(d.final_accuracy, len(d.x))
        line_value, line_decimals = percent(d.line.accuracy, len(d.x))
        regions = len(final.polygons)
        self.set_accuracy(d.final_accuracy)
        if d.final_accuracy == 1.0:
            headline = f"{value:.{decimals}f}% correct with {regions} linear regions"
            text = (
                f"After {final.step} steps: {value:.{decimals}f}% correct with {regions} "
                f"linear regions, where one line got {line_value:.{line_decimals}f}%. The bent "
                "boundary is made of straight pieces, one per region it crosses."
            )
        else:
            headline = f"Only {value:.{decimals}f}% correct: this run got stuck"
            text = (
                f"After {final.step} steps this run is only {value:.{decimals}f}% correct "
                f"({regions} regions): stuck or too short; "
                "try another seed, more neurons or more steps."
            )
        self.beat("result", headline, text)
        self.play(
            Indicate(self.acc_readout.number, color=self.theme.highlight),
            Indicate(self.region_readout.number, color=self.theme.highlight),
            run_time=1.2,
        )
        self.shown["final_accuracy"] = d.final_accuracy
        self.shown["final_accuracy_text"] = f"{value:.{decimals}f}%"
        self.shown["final_regions"] = regions
        self.shown["final_step"] = final.step
        self.shown["result_caption"] = text
        self.wait(2.5)

    # -- drawing helpers ------------------------------------------------------------
    def make_plot(self) -> VGroup:
        """Axes through 0 in an outlined box, integer tick numbers outside: what to show."""
        t, (lo, hi, _, _) = self.theme, self.data.box
        self.axes = make_axes(
            t, [lo, hi, 0.5], [lo, hi, 0.5], x_length=PLOT_SIDE, y_length=PLOT_SIDE, numbers=False
        ).move_to(PLOT_CENTER)
        self.axes.add(Rectangle(width=PLOT_SIDE, height=PLOT_SIDE, stroke_color=t.axis))
        self.axes[-1].set_stroke(width=1.5).move_to(PLOT_CENTER)
        origin, ex, ey = screen_map(self.axes)
        self.to_screen = lambda pts: (
            origin + np.outer(np.reshape(pts, (-1, 2))[:, 0], ex)
            + np.outer(np.reshape(pts, (-1, 2))[:, 1], ey)
        )  # fmt: skip
        ticks = VGroup()
        for k in range(math.floor(lo) + 1, math.ceil(hi)):  # not at the corners (axis names)
            text = f"{k}".replace("-", "−")
            for at, side in ((self.axes.c2p(k, lo), DOWN), (self.axes.c2p(lo, k), LEFT)):
                ticks.add(merged_text(text, t.muted, Size.TICK).next_to(at, side, 0.12))
        names = VGroup(axis_label("x₁", t).next_to(self.axes.c2p(hi, lo), DOWN, 0.1),
                       axis_label("x₂", t).next_to(self.axes.c2p(lo, hi), LEFT, 0.12,
                                                   aligned_edge=UP))  # fmt: skip
        # Drawn below the regions (which are translucent), they are never redrawn in the
        # replay; merged, they cost one outline per style where they are drawn.
        ticks = with_role(VGroup(*merge_by_style(ticks)), "tick")
        return VGroup(*merge_by_style(self.axes), ticks, names).set_z_index(-2)

    @staticmethod
    def marker(cls: int, size: float) -> np.ndarray:
        """Outline points of one marker at 0: a circle for class 1, a square for class 0."""
        shape = Square(side_length=1.6 * size) if cls == 0 else Circle(size, num_components=5)
        return shape.points

    def colour(self, cls: int) -> str:
        """Class 1 in the model's colour, class 0 in the compared one (the regions too)."""
        return self.theme.model if cls else self.theme.compare

    def fill(self, paths: np.ndarray, cls: int, opacity: float) -> VMobject:
        """A fill-only outline in class ``cls``'s colour, ``paths`` in data units."""
        mob = VMobject(fill_color=self.colour(cls), fill_opacity=opacity, stroke_width=0)
        return mob.set_points(self.to_screen(paths)) if len(paths) else mob

    def shapes(self, centres: np.ndarray, shape: np.ndarray, cls: int) -> VMobject:
        """One outline holding a copy of ``shape`` (screen units) at every centre."""
        mob = self.fill([], cls, 1.0)
        shape = shape - shape.mean(axis=0)
        if len(centres):
            mob.set_points((self.to_screen(centres)[:, None] + shape[None]).reshape(-1, 3))
        return mob

    def prebuild_frames(self) -> None:
        """Every frame's screen points, before the replay: the update only assigns them."""
        self.frame_points = []
        for f in self.data.frames:
            # the regions cut along the boundary: each side shaded as its class
            bins = np.digitize(f.piece_outputs, SHADE_EDGES)
            fills = [
                closed_paths([p for p, b in zip(f.pieces, bins) if b == k])
                for k in range(len(SHADES))
            ]
            hidden = [cubics(seg[:1], seg[1:]) for seg in f.hidden]
            boundary = cubics(f.boundary[:, 0], f.boundary[:, 1])
            paths = [*fills, *hidden, boundary]
            self.frame_points.append([self.to_screen(p) if len(p) else None for p in paths])

    def show_frame(self, i: int) -> None:
        for mob, pts in zip([*self.fills, *self.hidden_lines, self.boundary], self.frame_points[i]):
            if pts is None:
                mob.clear_points()  # nothing to draw (a line outside the box, no boundary)
            else:
                mob.set_points(pts)
        f = self.data.frames[i]
        self.step_readout.set_value(f.step)
        self.region_readout.set_value(len(f.polygons))
        self.set_accuracy(f.accuracy)

    def set_accuracy(self, fraction: float) -> None:
        value, decimals = percent(fraction, len(self.data.x))
        self.acc_readout.number.num_decimal_places = decimals
        self.acc_readout.number.set_value(value)
