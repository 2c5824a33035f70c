"""DoubleDescent shows nnmath's sweep: the error curves, the peak, the fits and the verdict."""

from __future__ import annotations

import re

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from nnmath import double_descent_curve, random_relu_features
from nnmath.capacity import DEFAULT_NS
from scenes.clips.part5_capacity.double_descent import DoubleDescent, verdict
from scenes.core.params import ParamError
from tests.clips.layout import layout_test
from tests.conftest import build_scene

DEFAULTS = {"points": 20, "noise": 0.1, "seed": 0, "max_neurons": 4000, "data_sets": 20}
# Noisier and fewer points: here the second descent ends above the first minimum.
CUSTOM = {"points": 12, "noise": 1.0, "seed": 3, "max_neurons": 300, "data_sets": 6}


def reference(points, noise, seed, max_neurons, data_sets):
    """nnmath's sweep, called here with the clip's documented settings (one BLAS thread:
    the small matrices are slower with more)."""
    ns = np.unique(np.round(np.geomspace(1, max_neurons, 60)).astype(np.int64))
    with threadpool_limits(limits=1, user_api="blas"):
        return double_descent_curve(
            n_points=points, noise=noise, seed=seed, ns=ns, n_seeds=data_sets
        )


@pytest.fixture(scope="module")
def cases():
    return {
        "default": (build_scene(DoubleDescent), DEFAULTS, reference(**DEFAULTS)),
        "custom": (build_scene(DoubleDescent, params=CUSTOM), CUSTOM, reference(**CUSTOM)),
    }


def two_digits(value: float) -> float:
    return float(f"{value:.2g}")


@pytest.mark.parametrize("which", ["default", "custom"])
def test_error_curves_are_nnmaths(which, cases):
    scene, _, ref = cases[which]
    np.testing.assert_array_equal(scene.shown["ns"], ref.ns)
    np.testing.assert_allclose(scene.shown["test_curve"], ref.test_error_geomean, rtol=1e-9)
    np.testing.assert_allclose(scene.shown["train_curve"], ref.train_error, rtol=1e-9, atol=1e-25)
    np.testing.assert_allclose(scene.shown["each_test_curve"], ref.test_errors, rtol=1e-9)
    if which == "default":
        np.testing.assert_array_equal(ref.ns, DEFAULT_NS)
    # The bold curve drawn at the end: every point on the polyline of log10 n, log10 error.
    last = int(ref.ns[-1])
    drawn = scene.shown["stops"][last]["test_curve"]
    logs = np.log10(ref.test_error_geomean)
    assert drawn[:, 0].min() == pytest.approx(0, abs=1e-9)
    assert drawn[:, 0].max() == pytest.approx(np.log10(last), abs=1e-9)
    np.testing.assert_allclose(
        drawn[:, 1], np.interp(drawn[:, 0], np.log10(ref.ns), logs), atol=1e-6
    )


@pytest.mark.parametrize("which", ["default", "custom"])
def test_marked_peak_minimum_and_full_rank_are_nnmaths(which, cases):
    scene, _, ref = cases[which]
    peak, first, last = ref.peak("geomean"), ref.first_minimum("geomean"), int(ref.ns[-1])
    n_shown, err_shown = scene.shown["peak"]
    assert n_shown == peak
    assert float(err_shown) == two_digits(ref.error_at(peak, "geomean"))
    n_shown, err_shown = scene.shown["first_minimum"]
    assert n_shown == first
    assert float(err_shown) == two_digits(ref.error_at(first, "geomean"))
    assert float(scene.shown["last_error"][1]) == two_digits(ref.error_at(last, "geomean"))
    lo, hi, median = scene.shown["full_rank"]
    assert (lo, hi) == (ref.thresholds.min(), ref.thresholds.max())
    assert float(median) == np.median(ref.thresholds)
    # the sweep stops at those n, with the readout and the fit drawn there
    assert list(scene.shown["stops"]) == [first, peak, last]
    assert all(stop["readout"] == n for n, stop in scene.shown["stops"].items())
    if which == "default":  # the numbers measured by nnmath's author
        assert (first, peak) == (13, 19)
        assert scene.shown["peak"][1] == "0.14" and scene.shown["first_minimum"][1] == "0.058"
        assert scene.shown["last_error"] == (4000, "0.0097")
        assert (lo, hi, median) == (22, 68, "39")


@pytest.mark.parametrize("which", ["default", "custom"])
def test_verdict_says_what_the_comparison_gives(which, cases):
    scene, _, ref = cases[which]
    first = ref.error_at(ref.first_minimum("geomean"), "geomean")
    last = ref.error_at(int(ref.ns[-1]), "geomean")
    text = scene.shown["verdict"]  # the verdict beat's narration
    word = re.search(r"ends (below|above|level with) the first minimum", text).group(1)
    if two_digits(last) == two_digits(first):
        assert word == "level with"
    else:
        assert word == ("below" if last < first else "above")
    shown_last, shown_first = re.search(r"minimum: (\S+) vs (\S+) \(", text).groups()
    assert (float(shown_last), float(shown_first)) == (two_digits(last), two_digits(first))
    assert word == {"default": "below", "custom": "above"}[which]  # both branches exercised
    # and the headline says the same
    note = next(b for b in scene.beat_log if b.name == "verdict")
    assert note.headline == f"The second descent ends {word} the first minimum"
    assert note.narration == text


def test_verdict_compares_and_calls_equal_digits_level():
    assert verdict(0.058, 0.0097) == "below"
    assert verdict(0.058, 0.2) == "above"
    assert verdict(0.1001, 0.1004) == "level"


@pytest.mark.parametrize("which", ["default", "custom"])
def test_drawn_fits_are_min_norm_fits_of_the_drawn_points(which, cases):
    """Independent check: the pseudo-inverse on nnmath's random ReLU features of the drawn
    points gives the sweep's errors for the drawn data set, and the drawn curve."""
    scene, params, ref = cases[which]
    k, n_sets = scene.shown["data_set"]
    assert n_sets == params["data_sets"]
    points = scene.shown["points"]
    x, y = points[:, 0], points[:, 1]
    grid = np.linspace(-1, 1, 1000)
    # the data set drawn rises from the first minimum to the peak most like the average
    i, j = (int(np.searchsorted(ref.ns, n)) for n in (ref.first_minimum("geomean"),
                                                       ref.peak("geomean")))  # fmt: skip
    rise = np.log(ref.test_errors[:, j] / ref.test_errors[:, i])
    assert k == np.argmin(np.abs(rise - rise.mean()))
    for n in (ref.first_minimum("geomean"), int(ref.ns[-1])):  # well-conditioned n
        features = random_relu_features(np.concatenate([x, grid]), n, [params["seed"], k, 1])
        coef = np.linalg.pinv(features[: len(x)]) @ y
        col = int(np.searchsorted(ref.ns, n))
        train = np.mean((features[: len(x)] @ coef - y) ** 2)
        test = np.mean((features[len(x) :] @ coef - np.sin(2 * np.pi * grid)) ** 2)
        assert train == pytest.approx(ref.train_errors[k, col], rel=1e-5, abs=1e-12)
        assert test == pytest.approx(ref.test_errors[k, col], rel=1e-5)
        # the drawn curve's corners at grid points carry the fit's values there
        drawn = scene.shown["stops"][n]["fit"]
        corners = np.vstack([drawn[0::4], drawn[3::4]])
        at = np.clip(np.round((corners[:, 0] + 1) * 999 / 2).astype(int), 0, 999)
        on_grid = np.abs(grid[at] - corners[:, 0]) < 1e-9
        assert on_grid.mean() > 0.9
        fitted = features[len(x) :] @ coef
        np.testing.assert_allclose(corners[on_grid, 1], fitted[at[on_grid]], atol=1e-6)


@pytest.mark.parametrize(
    "params",
    [
        {"points": 7}, {"points": 61}, {"noise": -0.1}, {"noise": 1.5}, {"seed": -1},
        {"max_neurons": 50}, {"max_neurons": 20000}, {"data_sets": 0}, {"data_sets": 101},
    ],
)  # fmt: skip
def test_bad_parameters_raise_param_error(params):
    with pytest.raises(ParamError):
        DoubleDescent.resolve_params(params)


def test_too_few_neurons_for_the_points_is_a_param_error_before_any_work():
    p = DoubleDescent.resolve_params({"points": 60, "max_neurons": 200})
    with pytest.raises(ParamError, match="too few"):
        DoubleDescent.prepare(p)


def test_a_sweep_that_never_reaches_full_rank_is_a_param_error():
    p = DoubleDescent.resolve_params({"points": 60, "max_neurons": 300, "data_sets": 2})
    with pytest.raises(ParamError, match="never reach full rank"):
        DoubleDescent.prepare(p)


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(DoubleDescent)
