"""CurseOfDimensionality shows exact grid counts and the digits' nearest-neighbour distances."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import cdist, pdist

from nnmath import load_digits
from scenes.clips.part4_generalising.curse_of_dimensionality import CurseOfDimensionality
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

CUSTOM = {"k": 4, "n_images": 300, "seed": 5}


@pytest.fixture(scope="module")
def default_scene():
    return build_scene(CurseOfDimensionality)


@pytest.fixture(scope="module")
def custom_scene():
    return build_scene(CurseOfDimensionality, params=CUSTOM)


@pytest.fixture(scope="module")
def train_images():
    return load_digits("sample")[0]


def scene_and_params(which, default_scene, custom_scene):
    params = {"k": 9, "n_images": 1000, "seed": 0}
    if which == "custom":
        return custom_scene, {**params, **CUSTOM}
    return default_scene, params


def subpath_centres(mob) -> np.ndarray:
    return np.array([path.mean(axis=0) for path in mob.get_subpaths()])


@pytest.mark.parametrize("which", ["default", "custom"])
def test_counts_are_k_to_the_d(which, default_scene, custom_scene):
    scene, params = scene_and_params(which, default_scene, custom_scene)
    k = params["k"]
    for d in (1, 2, 3):
        n = 1
        for _ in range(d):
            n *= k  # Python ints, multiplied out
        assert scene.shown["counts"][d] == n
        assert scene.shown["count_text"][d].endswith(f"= {n:,} points" if d > 1 else f"{n} points")
        assert scene.shown["drawn"][d] == n  # discs in the point mobject at that beat
    assert scene.shown["count_text"][3] == f"3 dimensions:  {k} × {k} × {k} = {k**3:,} points"


@pytest.mark.parametrize("which", ["default", "custom"])
def test_cube_is_one_mobject_of_k_cubed_discs(which, default_scene, custom_scene):
    scene, params = scene_and_params(which, default_scene, custom_scene)
    k = params["k"]
    cloud = scene.cloud
    assert len(cloud.submobjects) == 0  # one mobject, not k^3 dots
    assert len(cloud.get_subpaths()) == k**3 == scene.shown["cube_points"]
    assert len(cloud.points) == 16 * k**3  # four cubic arcs per disc
    centres = subpath_centres(cloud)
    assert len(np.unique(np.round(centres, 6), axis=0)) == k**3  # all at different places
    # an evenly spaced grid: k distinct heights (the cube's vertical axis is not turned)
    assert len(np.unique(np.round(centres[:, 2], 6))) == k


@pytest.mark.parametrize("which", ["default", "custom"])
def test_784_pixels_and_the_digits_of_k_to_the_784(
    which, default_scene, custom_scene, train_images
):
    scene, params = scene_and_params(which, default_scene, custom_scene)
    k = params["k"]
    assert scene.shown["pixels"] == train_images.shape[1] == 784
    assert scene.shown["power_digits"] == len(str(k**784))
    assert scene.shown["power_text"] == str(k**784)
    assert scene.shown["n_train"] == len(train_images) == 4000
    assert scene.shown["standard_train"] == 60_000
    assert k**784 // 60_000 >= 10 ** scene.shown["empty_exponent"]
    assert k**784 // 60_000 < 10 ** (scene.shown["empty_exponent"] + 1)


def test_default_power_has_749_digits(default_scene):
    assert default_scene.shown["power_digits"] == 749


@pytest.mark.parametrize("which", ["default", "custom"])
def test_the_number_is_written_out_whole(which, default_scene, custom_scene):
    scene, params = scene_and_params(which, default_scene, custom_scene)
    k = params["k"]
    lines = scene.shown["wall_lines"]
    assert "".join(lines) == f"{k}{''.join('⁰¹²³⁴⁵⁶⁷⁸⁹'[int(c)] for c in '784')} = {k**784}"
    assert scene.shown["reference_text"] == "60,000"


def independent_distances(train, n, seed):
    """The documented recipe again: n distinct digits, then n uniform random images."""
    rng = np.random.default_rng(seed)
    index = np.sort(rng.choice(len(train), size=n, replace=False))
    random = rng.random((n, train.shape[1]))
    out = {}
    for name, images in (("real", train[index].astype(np.float64)), ("random", random)):
        dist = cdist(images, images)
        np.fill_diagonal(dist, np.inf)
        out[name] = (dist.min(axis=1), float(np.median(pdist(images))))
    return out


@pytest.mark.parametrize("which", ["default", "custom"])
def test_histograms_match_an_independent_recomputation(
    which, default_scene, custom_scene, train_images
):
    scene, params = scene_and_params(which, default_scene, custom_scene)
    ref = independent_distances(train_images, params["n_images"], params["seed"])
    top = np.ceil(max(ref["real"][0].max(), ref["random"][0].max()))
    edges = np.linspace(0.0, top, 61)
    np.testing.assert_allclose(scene.shown["edges"], edges)
    assert scene.shown["n_images"] == params["n_images"]
    for name in ("real", "random"):
        nearest, typical = ref[name]
        counts = np.histogram(nearest, bins=edges)[0]
        np.testing.assert_array_equal(scene.shown[f"{name}_counts"], counts)
        assert counts.sum() == params["n_images"]
        assert scene.shown[f"{name}_median"] == f"{np.median(nearest):.2f}"
        assert scene.shown[f"{name}_typical"] == f"{typical:.2f}"
        # the bars drawn: one per non-empty bin, as tall as its count on the plot's axes
        axes, bars = scene.shown[f"{name}_plot"][:2]
        heights = [axes.p2c(path[np.argmax(path[:, 1])])[1] for path in bars.get_subpaths()]
        np.testing.assert_allclose(heights, counts[counts > 0], atol=1e-6)
    # two histograms, one above the other, on one distance axis (every bin edge at the same
    # x on screen), each on its own count scale; both medians labelled
    real_axes, random_axes = scene.shown["real_plot"][0], scene.shown["random_plot"][0]
    for x in edges:
        assert real_axes.c2p(x, 0)[0] == pytest.approx(random_axes.c2p(x, 0)[0])
    assert random_axes.c2p(0, random_axes.y_range[1])[1] < real_axes.c2p(0, 0)[1]
    for name, axes in (("real", real_axes), ("random", random_axes)):
        assert axes.y_range[1] >= np.histogram(ref[name][0], bins=edges)[0].max()  # bars fit
    assert scene.shown["median_labels"] == [
        f"median {np.median(ref[name][0]):.2f}" for name in ("real", "random")
    ]
    # what the clip says: a digit's nearest neighbour is much closer than a random image's
    assert np.median(ref["real"][0]) < 0.7 * np.median(ref["random"][0])


@pytest.mark.parametrize(
    "params",
    [{"k": 1}, {"k": 13}, {"k": "nine"}, {"n_images": 99}, {"n_images": 4001}, {"seed": -1},
     {"data": "tiny"}],
)  # fmt: skip
def test_bad_parameters_raise_param_error(params):
    with pytest.raises(ParamError):
        CurseOfDimensionality.resolve_params(params)


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(CurseOfDimensionality)
