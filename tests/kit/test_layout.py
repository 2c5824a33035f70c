"""The package layout holds: clips/ holds clips only, and scenes/ and nnmath/ have no
import cycle."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

SCENES = Path(__file__).resolve().parents[2] / "scenes"
NNMATH = SCENES.parent / "nnmath"


def module_name(path: Path) -> str:
    parts = path.relative_to(SCENES.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def scenes_imports(path: Path, modules: set[str]) -> set[str]:
    """Modules of scenes/ that ``path`` imports, at any depth of its code (lazy imports too)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        found |= {t for t in targets if t in modules}
    return found - {here}


def import_graph(root: Path = SCENES) -> dict[str, set[str]]:
    paths = {module_name(p): p for p in root.rglob("*.py")}
    return {name: scenes_imports(path, set(paths)) for name, path in paths.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_scenes_has_no_import_cycle():
    graph = import_graph()
    assert "scenes.kit.cli" in graph and graph["scenes.kit.cli"], "the walk saw no imports"
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_nnmath_has_no_import_cycle():
    """Not even through an import inside a function (the model modules come first)."""
    graph = import_graph(NNMATH)
    graph.pop("nnmath")  # the package's __init__ imports every module, none imports it
    assert len(graph) > 15
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_the_cycle_finder_finds_a_planted_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_packages_only_import_downwards():
    """core < render < widgets < clips < kit: no package imports one above it."""
    order = ["core", "render", "widgets", "clips", "kit"]
    for name, deps in import_graph().items():
        parts = name.split(".")
        if len(parts) < 3 or parts[1] not in order:
            continue
        for dep in deps:
            dep_pkg = dep.split(".")[1] if dep.count(".") >= 1 else ""
            if dep_pkg in order:
                assert order.index(dep_pkg) <= order.index(parts[1]), f"{name} imports {dep}"


#: Every module below scenes/clips/, dotted from there ("part1_curve_fitting.relu").
CLIP_MODULES = sorted(
    ".".join(p.relative_to(SCENES / "clips").with_suffix("").parts)
    for p in (SCENES / "clips").rglob("*.py") if p.stem != "__init__"
)  # fmt: skip


def test_clips_are_grouped_by_the_story_parts():
    parts = sorted(p.name for p in (SCENES / "clips").iterdir() if p.is_dir()
                   and p.name != "__pycache__")  # fmt: skip
    assert parts == ["part1_curve_fitting", "part2_digit_network", "part3_learning",
                     "part4_generalising", "part5_capacity"]  # fmt: skip
    assert all("." in stem for stem in CLIP_MODULES if stem != "smoke")


@pytest.mark.parametrize("stem", CLIP_MODULES)
def test_every_clips_module_defines_clips_and_no_machinery(stem):
    from scenes.kit.registry import clips_in
    from scenes.render.clip import ClipMixin

    module = importlib.import_module(f"scenes.clips.{stem}")
    clips = clips_in(module)
    assert clips, f"scenes/clips/{stem.replace('.', '/')}.py defines no clip"
    for name, obj in vars(module).items():
        if getattr(obj, "__module__", None) != module.__name__:
            continue  # imported, not defined here
        if inspect.isclass(obj) and issubclass(obj, ClipMixin):
            continue  # a clip, or a private base of this module's clips
        # machinery: cameras, mobjects meant for other clips, CLI pieces
        from manim import Animation, Camera, Mobject

        assert not (inspect.isclass(obj) and issubclass(obj, Animation | Camera)), (
            f"{stem}.{name} is render machinery: it belongs in scenes/render/"
        )
        assert not (inspect.isclass(obj) and issubclass(obj, Mobject)), (
            f"{stem}.{name} is a drawing piece: it belongs in scenes/widgets/"
        )


def test_registry_lists_every_clip_of_the_clips_package():
    from scenes.kit.registry import all_scenes, clips_in

    expected = set()
    for stem in CLIP_MODULES:
        expected |= {c.__name__ for c in clips_in(importlib.import_module(f"scenes.clips.{stem}"))}
    assert set(all_scenes()) == expected
    assert list(all_scenes())[0] == "LeastSquaresLine"


def test_no_module_of_scenes_is_too_long_to_read_in_one_sitting():
    long = {p.name: n for p in SCENES.rglob("*.py") if (n := len(p.read_text().splitlines())) > 620}
    assert not long, long
