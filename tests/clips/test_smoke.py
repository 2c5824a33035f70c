"""The toolchain builds a scene (dry run) and the smoke clip uses nnmath."""

from __future__ import annotations

import numpy as np

from nnmath import Network
from scenes.clips.smoke import SmokeTest
from tests.clips.layout import layout_test
from tests.conftest import build_scene


def test_smoke_scene_builds_in_dry_run():
    scene = build_scene(SmokeTest)
    assert scene.shown["n_points"] == 241
    assert len(scene.mobjects) >= 3


def test_smoke_scene_data_is_the_network():
    values = SmokeTest.resolve_params({"seed": 5})
    xs, ys = SmokeTest.prepare(values)
    np.testing.assert_allclose(ys, Network([1, 4, 1], seed=5).forward(xs)[:, 0])


# -- the layout check (python -m scenes check), both themes ------------------------------
test_layout = layout_test(SmokeTest)
