"""Trajectory files: round trip, rebuilding networks, refusing bad files."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.network import Network
from nnmath.trajectory import Trajectory, TrajectoryFileError


def _trajectory(k: int = 4) -> Trajectory:
    sizes = [2, 3, 1]
    rng = np.random.default_rng(0)
    n_params = 2 * 3 + 3 + 3 * 1 + 1
    return Trajectory(
        steps=np.arange(k) * 10,
        params=rng.normal(size=(k, n_params)),
        loss=rng.uniform(0, 1, k),
        layer_sizes=sizes,
        activation="sigmoid",
        output_activation="sigmoid",
        extras={"test_accuracy": rng.uniform(0, 1, k), "counts": np.arange(k, dtype=np.int64)},
        meta={"learning_rate": 0.5, "seed": 3, "method": "sgd", "notes": ["a", "b"]},
    )


def test_round_trip(tmp_path):
    original = _trajectory()
    path = original.save(tmp_path / "sub" / "run.npz")
    assert path.is_file()
    loaded = Trajectory.load(path)
    np.testing.assert_array_equal(loaded.steps, original.steps)
    np.testing.assert_array_equal(loaded.params, original.params)
    np.testing.assert_array_equal(loaded.loss, original.loss)
    assert loaded.layer_sizes == original.layer_sizes
    assert loaded.activation == "sigmoid" and loaded.output_activation == "sigmoid"
    assert sorted(loaded.extras) == ["counts", "test_accuracy"]
    for key, value in original.extras.items():
        np.testing.assert_array_equal(loaded.extras[key], value)
        assert loaded.extras[key].dtype == value.dtype
    assert loaded.meta == original.meta
    assert len(loaded) == 4
    # No temporary files left behind by the atomic write.
    assert sorted(p.name for p in path.parent.iterdir()) == ["run.npz"]


def test_network_at_equals_set_params():
    traj = _trajectory()
    for i in (0, 2, -1):
        net = traj.network_at(i)
        ref = Network([2, 3, 1], "sigmoid", "sigmoid", seed=99).set_params(traj.params[i])
        np.testing.assert_array_equal(net.get_params(), traj.params[i])
        x = np.random.default_rng(i + 5).normal(size=(6, 2))
        np.testing.assert_array_equal(net.forward(x), ref.forward(x))
    np.testing.assert_array_equal(traj.final_network.get_params(), traj.params[-1])


def test_truncated_file(tmp_path):
    path = _trajectory().save(tmp_path / "run.npz")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(TrajectoryFileError, match="truncated or corrupt"):
        Trajectory.load(path)


def test_foreign_npz(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, a=np.random.default_rng(0).normal(size=(3, 3)), b=np.arange(4))
    with pytest.raises(TrajectoryFileError, match="not an nnmath trajectory"):
        Trajectory.load(path)


def test_wrong_format_tag(tmp_path):
    path = tmp_path / "old.npz"
    np.savez(path, header=np.array('{"format": "something-else"}'))
    with pytest.raises(TrajectoryFileError, match="has format 'something-else'"):
        Trajectory.load(path)


def test_text_file(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("this is not an archive\n")
    with pytest.raises(TrajectoryFileError, match="truncated or corrupt"):
        Trajectory.load(path)


def test_missing_file(tmp_path):
    with pytest.raises(TrajectoryFileError, match="not found"):
        Trajectory.load(tmp_path / "nope.npz")
    assert issubclass(TrajectoryFileError, ValueError)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"params": np.zeros((4, 5))}, r"params must have shape \(4, 13\)"),
        ({"loss": np.zeros(3)}, r"loss must have shape \(4,\)"),
        ({"extras": {"acc": np.zeros(2)}}, "extra 'acc' must have 4 rows"),
        ({"steps": []}, "at least one recorded step"),
    ],
)
def test_inconsistent_arrays_are_rejected(change, message):
    t = _trajectory()
    args = {
        "steps": t.steps,
        "params": t.params,
        "loss": t.loss,
        "layer_sizes": t.layer_sizes,
        **change,
    }
    with pytest.raises(ValueError, match=message):
        Trajectory(**args)


def test_fully_connected_files_have_no_architecture_field(tmp_path):
    # Files of fully connected runs are written as before the conv networks came.
    import json

    path = _trajectory().save(tmp_path / "run.npz")
    with np.load(path) as data:
        header = json.loads(str(data["header"]))
    assert "architecture" not in header
    loaded = Trajectory.load(path)
    assert loaded.architecture is None and isinstance(loaded.network_at(0), Network)
