"""XorRegions shows nnmath's numbers: the best line, every frame's exact regions, the accuracy."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import (
    best_single_line,
    binary_accuracy,
    linear_regions_2d,
    train_xor,
    xor_data,
)
from nnmath.polygons import clip_box
from scenes.clips.part1_curve_fitting.xor_regions import XorRegions
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

DEFAULTS = {
    "points_per_cluster": 25, "spread": 0.3, "hidden": 6, "seed": 0,
    "learning_rate": 1.0, "steps": 1000,
}  # fmt: skip
CUSTOM = {
    "points_per_cluster": 15, "spread": 0.4, "hidden": 8, "seed": 3,
    "learning_rate": 0.5, "steps": 600,
}  # fmt: skip


@pytest.fixture(scope="module")
def scenes():
    return {"default": build_scene(XorRegions), "custom": build_scene(XorRegions, params=CUSTOM)}


def settings(which: str) -> dict:
    return DEFAULTS if which == "default" else {**DEFAULTS, **CUSTOM}


@pytest.fixture(scope="module")
def runs():
    """Each setting trained again here, every step recorded: network_at(step) is that step."""
    out = {}
    for which in ("default", "custom"):
        s = settings(which)
        run = train_xor(
            s["points_per_cluster"], s["spread"], s["hidden"], s["seed"],
            s["learning_rate"], s["steps"], record_every=1,
        )  # fmt: skip
        out[which] = (run, *xor_data(s["points_per_cluster"], s["spread"], s["seed"]))
    return out


def shoelace(v: np.ndarray) -> float:
    x, y = v[:, 0], v[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


@pytest.mark.parametrize("which", ["default", "custom"])
def test_best_line_accuracy_is_best_single_lines(which, scenes, runs):
    scene, (_, x, labels) = scenes[which], runs[which]
    scan = best_single_line(x, labels)
    assert scene.shown["best_line_accuracy"] == scan.accuracy
    assert scene.shown["best_line_wrong"] == int(np.sum(scan.predict(x) != labels))
    # No line of a coarser independent scan does better.
    theta = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    proj = np.column_stack([np.cos(theta), np.sin(theta)]) @ x.T
    for row in proj:
        cuts = np.concatenate([[row.min() - 1], np.sort(row) + 1e-9])
        acc = ((row[None, :] > cuts[:, None]) == (labels == 1)[None, :]).mean(axis=1)
        assert acc.max() <= scan.accuracy + 1e-12


def test_default_best_line_misses_a_whole_cluster(scenes):
    shown = scenes["default"].shown
    assert shown["best_line_accuracy"] == 0.75 and shown["best_line_text"] == "75%"
    assert shown["best_line_wrong"] == 25
    assert "the whole cluster at" in shown["line_caption"]


@pytest.mark.parametrize("which", ["default", "custom"])
def test_region_counts_are_those_of_the_networks_at_the_shown_steps(which, scenes, runs):
    shown, (run, _, _) = scenes[which].shown, runs[which]
    steps, counts = shown["frame_steps"], shown["region_counts"]
    assert steps[0] == 0 and steps[-1] == settings(which)["steps"]
    assert np.all(np.diff(steps) > 0)
    assert 60 <= len(steps) <= 120
    for step, count in zip(steps, counts):
        assert count == len(linear_regions_2d(run.network_at(step), shown["box"]))
    assert shown["final_regions"] == counts[-1]


@pytest.mark.parametrize("which", ["default", "custom"])
def test_regions_tile_the_box_and_are_shaded_by_the_output_at_their_centroid(which, scenes, runs):
    shown, (run, x, _) = scenes[which].shown, runs[which]
    lo, hi, _, _ = shown["box"]
    assert np.abs(x).max() < hi
    for k, (step, polygons) in enumerate(zip(shown["frame_steps"], shown["frame_polygons"])):
        areas = np.array([shoelace(v) for v in polygons])
        assert np.all(areas > 0)
        assert areas.sum() == pytest.approx((hi - lo) ** 2, rel=1e-9)
        assert all(v.min() >= lo - 1e-9 and v.max() <= hi + 1e-9 for v in polygons)
        if k in (0, len(shown["frame_steps"]) // 2, len(shown["frame_steps"]) - 1):
            net = run.network_at(step)
            centroids = []
            for v in polygons:
                w = np.roll(v, -1, axis=0)
                cross = v[:, 0] * w[:, 1] - w[:, 0] * v[:, 1]
                centroids.append(((v + w) * cross[:, None]).sum(axis=0) / (3 * cross.sum()))
            expected = net.forward(np.array(centroids))[:, 0]
            np.testing.assert_allclose(shown["frame_outputs"][k], expected, atol=1e-9)


@pytest.mark.parametrize("which", ["default", "custom"])
def test_final_accuracy_and_boundary_are_the_networks(which, scenes, runs):
    shown, (run, x, labels) = scenes[which].shown, runs[which]
    final = run.network_at(settings(which)["steps"])
    assert shown["final_accuracy"] == binary_accuracy(final, x, labels)
    assert shown["frame_accuracy"][-1] == shown["final_accuracy"]
    segments = shown["boundary"]
    assert len(segments) > 0
    mids = segments.mean(axis=1)
    np.testing.assert_allclose(final.forward(mids)[:, 0], 0.5, atol=1e-9)


@pytest.mark.parametrize("which", ["default", "custom"])
def test_the_shading_is_split_at_the_boundary(which, scenes, runs):
    """The shaded pieces tile the box, and each lies on one side of output 0.5: its shade
    is its class everywhere in it."""
    shown, (run, _, _) = scenes[which].shown, runs[which]
    final = run.network_at(settings(which)["steps"])
    lo, hi, _, _ = shown["box"]
    pieces = shown["final_pieces"]
    assert sum(shoelace(v) for v in pieces) == pytest.approx((hi - lo) ** 2, rel=1e-9)
    assert len(pieces) > shown["final_regions"]  # the boundary cuts some regions
    for v, out in zip(pieces, shown["final_piece_outputs"]):
        at_corners = final.forward(v)[:, 0]
        assert np.all(at_corners >= 0.5 - 1e-9) if out > 0.5 else np.all(at_corners <= 0.5 + 1e-9)


def test_the_replay_reaches_the_final_accuracy_then_ends_as_the_picture_settles(scenes, runs):
    """Up to the final accuracy at least 5 s (the key motion); after it the boundary still
    moves (its own beat, at least 3 s), and the replay ends within a second of the shading
    (computed here on another grid) coming within 1% of the box of its final state."""
    scene, (run, x, _) = scenes["default"], runs["default"]
    shown = scene.shown
    accuracy, clock = np.array(shown["frame_accuracy"]), shown["frame_clock"]
    settled = int(np.flatnonzero(accuracy != accuracy[-1])[-1] + 1)
    assert settled < len(accuracy) - 1  # the default run settles before its last frame
    assert clock[settled] >= 5.0
    assert clock[-1] - clock[settled] >= 3.0
    assert np.all(np.diff(clock) > 0)
    lo, hi, _, _ = shown["box"]
    g = np.linspace(lo, hi, 101)
    grid = np.array(np.meshgrid(g, g)).reshape(2, -1).T
    shades = [np.digitize(run.network_at(s).forward(grid)[:, 0], [0.25, 0.5, 0.75])
              for s in shown["frame_steps"]]  # fmt: skip
    differs = np.array([np.mean(shade != shades[-1]) for shade in shades])
    still = next(k for k in range(len(differs)) if np.all(differs[k:] < 0.01))
    assert clock[-1] - clock[still] <= 1.0
    beats = [note.name for note in scene.beat_log]
    assert beats.index("training") < beats.index("margin") < beats.index("result")
    # the boundary moves away from the points: the final nearest distance, by brute force
    segments = shown["boundary"]
    t = np.linspace(0, 1, 2001)[:, None, None]
    a, b = segments[None, :, 0], segments[None, :, 1]
    dense = (a + t * (b - a)).reshape(-1, 2)
    nearest = np.linalg.norm(x[:, None, :] - dense[None], axis=-1).min()
    assert shown["margins"][1] == pytest.approx(nearest, abs=2e-3)
    assert shown["margins"][1] > 10 * shown["margins"][0]


def test_default_run_reaches_full_accuracy(scenes):
    shown = scenes["default"].shown
    assert shown["final_accuracy"] == 1.0 and shown["final_accuracy_text"] == "100%"
    assert shown["result_caption"].startswith("After 1000 steps: 100% correct")


def test_a_stuck_run_is_said_to_be_stuck():
    scene = build_scene(XorRegions, params={"hidden": 2, "steps": 300})
    x, labels = xor_data(25, 0.3, 0)
    run = train_xor(25, 0.3, 2, 0, 1.0, 300, record_every=300)
    assert scene.shown["final_accuracy"] == binary_accuracy(run.final_network, x, labels) < 1
    assert "only" in scene.shown["result_caption"]
    assert "100%" not in scene.shown["result_caption"]


def test_clip_box_gives_the_half_plane_and_the_line():
    half, seg = clip_box(np.array([1.0, 0.0]), -1.0, (-2, 2, -2, 2))  # x >= 1
    assert shoelace(half) == pytest.approx(4.0)
    assert sorted(seg[:, 1]) == [-2, 2] and np.all(seg[:, 0] == 1)
    half, seg = clip_box(np.array([1.0, 0.0]), -3.0, (-2, 2, -2, 2))  # misses the box
    assert len(half) == 0 and len(seg) == 0


@pytest.mark.parametrize(
    "params",
    [
        {"points_per_cluster": 1}, {"spread": -0.1}, {"spread": 0.8}, {"hidden": 1},
        {"hidden": 9}, {"seed": -1}, {"learning_rate": 0.0}, {"steps": 0}, {"colour": "red"},
    ],
)  # fmt: skip
def test_bad_parameters_raise_param_error(params):
    with pytest.raises(ParamError):
        XorRegions.resolve_params(params)


def test_a_learning_rate_that_diverges_is_a_param_error():
    # Loss 0.33 at the start, 0.5 after 1000 steps: every step overshoots.
    p = XorRegions.resolve_params({"seed": 2, "learning_rate": 50.0})
    with pytest.raises(ParamError, match="diverges"):
        XorRegions.prepare(p)


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(XorRegions)
