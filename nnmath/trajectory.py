"""A recorded training run: parameters and loss at each recorded step.

Clips play trajectories back frame by frame, and the cache stores them as
``.npz`` files. Loading checks a format tag and every shape, so a truncated
or foreign file is an error, never a silently wrong clip.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from .conv import ConvNetwork
from .network import Network

FORMAT_TAG = "nnmath-trajectory-v1"


class TrajectoryFileError(ValueError):
    """A trajectory file that is missing, truncated, corrupt or not ours."""


class Trajectory:
    """Recorded steps of a training run.

    Parameters
    ----------
    steps
        Step numbers recorded, shape ``(K,)``.
    params
        One row per recorded step: the flat parameter vector
        (:meth:`Network.get_params` order), shape ``(K, P)``.
    loss
        Loss at each recorded step, shape ``(K,)``.
    layer_sizes, activation, output_activation
        The network architecture, so :meth:`network_at` can rebuild it.
        For a convolutional run ``layer_sizes`` counts neurons per layer
        (:attr:`ConvNetwork.layer_sizes`) and ``architecture`` says the rest.
    extras
        Further per-step arrays (first axis ``K``), e.g. ``test_accuracy``.
    meta
        JSON-serialisable facts about the run (learning rate, seed, ...).
    architecture
        ``None`` (default): a fully connected :class:`Network` described by
        ``layer_sizes`` and the activations. Otherwise the
        :attr:`ConvNetwork.architecture` dict (``{"kind": "conv", ...}``),
        and :meth:`network_at` rebuilds a :class:`ConvNetwork`. Files saved
        before this field existed have none and load as before.
    """

    def __init__(
        self,
        steps,
        params,
        loss,
        layer_sizes,
        activation: str = "relu",
        output_activation: str = "identity",
        extras: dict[str, np.ndarray] | None = None,
        meta: dict | None = None,
        architecture: dict | None = None,
    ) -> None:
        self.steps = np.asarray(steps, dtype=np.int64)
        self.params = np.asarray(params, dtype=float)
        self.loss = np.asarray(loss, dtype=float)
        self.layer_sizes = [int(n) for n in layer_sizes]
        self.activation = activation
        self.output_activation = output_activation
        self.extras = {k: np.asarray(v) for k, v in (extras or {}).items()}
        self.meta = dict(meta or {})
        self.architecture = None if architecture is None else dict(architecture)
        self._validate()

    def _blank_network(self) -> Network | ConvNetwork:
        """A network of the recorded architecture (parameters not yet loaded)."""
        if self.architecture is None:
            return Network(self.layer_sizes, self.activation, self.output_activation, seed=0)
        if self.architecture.get("kind") != "conv":
            raise ValueError(f"unknown architecture kind {self.architecture.get('kind')!r}")
        net = ConvNetwork.from_architecture(self.architecture)
        if net.layer_sizes != self.layer_sizes:
            raise ValueError(
                f"layer_sizes {self.layer_sizes} disagree with the conv architecture "
                f"({net.layer_sizes})"
            )
        return net

    def _validate(self) -> None:
        k = len(self.steps)
        if self.architecture is None:
            n_params = sum(a * b + b for a, b in zip(self.layer_sizes[:-1], self.layer_sizes[1:]))
        else:
            n_params = self._blank_network().n_params
        if self.steps.ndim != 1 or k == 0:
            raise ValueError("a trajectory needs at least one recorded step")
        if self.params.shape != (k, n_params):
            raise ValueError(
                f"params must have shape ({k}, {n_params}) for layers {self.layer_sizes}, "
                f"got {self.params.shape}"
            )
        if self.loss.shape != (k,):
            raise ValueError(f"loss must have shape ({k},), got {self.loss.shape}")
        for name, arr in self.extras.items():
            if arr.shape[:1] != (k,):
                raise ValueError(f"extra {name!r} must have {k} rows, got shape {arr.shape}")

    def __len__(self) -> int:
        return len(self.steps)

    def network_at(self, i: int) -> Network | ConvNetwork:
        """The network as it was at recorded step index ``i`` (negative counts from the end).

        A :class:`ConvNetwork` for a run recorded with an ``architecture``,
        else a :class:`Network`.
        """
        return self._blank_network().set_params(self.params[i])

    @property
    def final_network(self) -> Network | ConvNetwork:
        return self.network_at(-1)

    # -- files ---------------------------------------------------------------
    def save(self, path: str | os.PathLike) -> Path:
        """Write an ``.npz`` file atomically (a reader never sees half a file)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        header = {
            "format": FORMAT_TAG,
            "layer_sizes": self.layer_sizes,
            "activation": self.activation,
            "output_activation": self.output_activation,
            "extras": sorted(self.extras),
            "meta": self.meta,
        }
        if self.architecture is not None:
            # Only when present: files of fully connected runs stay byte-for-byte as before.
            header["architecture"] = self.architecture
        arrays = {f"extra_{k}": v for k, v in self.extras.items()}
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(
                    fh,
                    header=np.array(json.dumps(header)),
                    steps=self.steps,
                    params=self.params,
                    loss=self.loss,
                    **arrays,
                )
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> Trajectory:
        """Read a file written by :meth:`save`; :class:`TrajectoryFileError` otherwise."""
        path = Path(path)
        if not path.is_file():
            raise TrajectoryFileError(f"trajectory file not found: {path}")
        try:
            with np.load(path, allow_pickle=False) as data:
                if "header" not in data.files:
                    raise TrajectoryFileError(f"{path} is not an nnmath trajectory (no header)")
                header = json.loads(str(data["header"]))
                if header.get("format") != FORMAT_TAG:
                    raise TrajectoryFileError(
                        f"{path} has format {header.get('format')!r}, expected {FORMAT_TAG!r}"
                    )
                extras = {k: data[f"extra_{k}"] for k in header["extras"]}
                return cls(
                    data["steps"],
                    data["params"],
                    data["loss"],
                    header["layer_sizes"],
                    header["activation"],
                    header["output_activation"],
                    extras=extras,
                    meta=header.get("meta", {}),
                    architecture=header.get("architecture"),
                )
        except TrajectoryFileError:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError, TypeError) as exc:
            raise TrajectoryFileError(
                f"{path} is truncated or corrupt: {type(exc).__name__}: {exc}"
            ) from exc
