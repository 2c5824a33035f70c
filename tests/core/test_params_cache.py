"""Scene parameters (parsing, checking, sources) and the trajectory cache."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from nnmath import Network, Trajectory
from scenes.core import cache
from scenes.core.params import Param, ParamError, parse_assignments, resolve

SPECS = (
    Param("n_points", int, 12, "points", lo=3, hi=60),
    Param("noise", float, 0.5, "noise", lo=0, hi=5),
    Param("surface", str, "bowl", "surface", choices=("bowl", "himmelblau")),
    Param("starts", tuple, ((0.0, 1.0),), "starts", pairs=True, lo=-5, hi=5),
    Param("show_grid", bool, True, "grid", visual=True),
)


def test_defaults_and_overrides_are_parsed_and_typed():
    values = resolve(
        "X", SPECS, {"n_points": "20", "noise": "0.25", "starts": "1:2,-3:4"}, environ={}
    )
    assert values.n_points == 20 and values.noise == 0.25
    assert values.starts == ((1.0, 2.0), (-3.0, 4.0))
    assert values.surface == "bowl"
    assert values.suffix() == "__n_points-20_noise-0.25_starts-1_2+-3_4"
    assert "show_grid" not in values.computed()


@pytest.mark.parametrize(
    "overrides, fragment",
    [
        ({"n_points": "2"}, "out of range"),
        ({"n_points": "many"}, "not a valid integer"),
        ({"noise": "nan"}, "not finite"),
        ({"surface": "saddle"}, "choose one of bowl, himmelblau"),
        ({"colour": "red"}, "no parameter 'colour'; valid: n_points, noise"),
        ({"starts": "1:2:3"}, "not a valid list of points"),
        ({"show_grid": "maybe"}, "true/false"),
    ],
)
def test_bad_values_are_one_readable_line(overrides, fragment):
    with pytest.raises(ParamError) as info:
        resolve("X", SPECS, overrides, environ={})
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_environment_and_file_sources(tmp_path):
    params_file = tmp_path / "params.toml"
    params_file.write_text("[X]\nn_points = 30\nnoise = 1\n[Other]\nn_points = 99\n")
    env = {"NNFIT_PARAMS_FILE": str(params_file), "NNFIT_PARAMS": "noise=2 surface=himmelblau"}
    values = resolve("X", SPECS, None, environ=env)
    assert (values.n_points, values.noise, values.surface) == (30, 2.0, "himmelblau")
    values = resolve("X", SPECS, {"noise": "3"}, environ=env)
    assert values.noise == 3.0  # --set wins over the environment
    params_file.write_text("[X\nbroken")
    with pytest.raises(ParamError, match="not valid TOML"):
        resolve("X", SPECS, None, environ=env)


def test_assignment_syntax():
    assert parse_assignments(["a=1", "b = x=y"]) == {"a": "1", "b": "x=y"}
    with pytest.raises(ParamError, match="key=value"):
        parse_assignments(["a"])


def _run(calls):
    net = Network([1, 2, 1], seed=1)
    calls.append(1)
    return Trajectory([0], net.get_params()[None, :], [1.0], net.layer_sizes)


def test_cache_computes_once_and_keys_by_params(tmp_path, monkeypatch):
    monkeypatch.setenv("NNFIT_CACHE_DIR", str(tmp_path))
    calls: list[int] = []
    first = cache.cached_trajectory("demo", {"seed": 1}, lambda: _run(calls))
    second = cache.cached_trajectory("demo", {"seed": 1}, lambda: _run(calls))
    assert calls == [1]
    np.testing.assert_array_equal(first.params, second.params)
    cache.cached_trajectory("demo", {"seed": 2}, lambda: _run(calls))
    assert calls == [1, 1]
    assert cache.clear_cache() == 2


def test_corrupt_cache_file_is_recomputed_with_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("NNFIT_CACHE_DIR", str(tmp_path))
    calls: list[int] = []
    cache.cached_trajectory("demo", {"seed": 1}, lambda: _run(calls))
    path = cache.cache_path("demo", {"seed": 1}, __file__)
    path.write_bytes(path.read_bytes()[:40])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = cache.cached_trajectory("demo", {"seed": 1}, lambda: _run(calls))
    assert calls == [1, 1]
    assert any("recomputing demo" in str(w.message) for w in caught)
    assert Trajectory.load(path).loss.tolist() == again.loss.tolist()


def test_cache_key_covers_the_calling_scene_file(tmp_path):
    recipe = tmp_path / "clip.py"
    recipe.write_text("X_RANGE = (0, 10)\n")
    first = cache.cache_key("demo", {"seed": 1}, str(recipe))
    cache._file_digest.cache_clear()
    recipe.write_text("X_RANGE = (-5, 5)\n")
    assert cache.cache_key("demo", {"seed": 1}, str(recipe)) != first
    assert cache.cache_key("demo", {"seed": 1}, str(recipe)) != cache.cache_key("demo", {"seed": 1})
