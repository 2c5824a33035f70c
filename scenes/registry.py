"""Find every clip: each ``ClipScene`` subclass defined in a module of ``scenes/``."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from pathlib import Path

# Modules of scenes/ that hold machinery, not clips.
MACHINERY = {
    "__main__",
    "cli",
    "clip",
    "params",
    "cache",
    "shared",
    "registry",
    "batch",
    "gallery",
    "render",
    "digit_model",
    "fast_drawing",
}


# Storyboard order (clips 1-16); modules not listed come after, alphabetically.
STORY_ORDER = ["regression", "relu", "layers", "training", "mnist_structure", "mnist_neuron",
               "cost", "gradient_descent", "mnist_weights"]


def _story_key(name: str) -> tuple[int, str]:
    return (STORY_ORDER.index(name) if name in STORY_ORDER else len(STORY_ORDER), name)


@functools.lru_cache(maxsize=1)
def all_scenes() -> dict[str, type]:
    """Clip name -> class, in module order, then definition order."""
    from .clip import ClipMixin

    package_dir = Path(__file__).parent
    found: dict[str, type] = {}
    for info in sorted(pkgutil.iter_modules([str(package_dir)]), key=lambda m: _story_key(m.name)):
        if info.name in MACHINERY or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"scenes.{info.name}")
        members = [
            obj
            for _, obj in inspect.getmembers(module, inspect.isclass)
            if issubclass(obj, ClipMixin)
            and obj.__module__ == module.__name__
            and not obj.__name__.startswith("_")
            and "construct" in obj.__dict__
        ]
        members.sort(key=lambda c: inspect.getsourcelines(c)[1])
        for cls in members:
            found[cls.__name__] = cls
    return found


def scene_file(cls: type) -> Path:
    return Path(inspect.getfile(cls))
