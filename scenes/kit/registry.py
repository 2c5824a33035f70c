"""Find every clip: each ``ClipScene`` subclass defined in a module of ``scenes.clips``.

The modules are grouped by the story's parts (``scenes/clips/part1_curve_fitting/``
...); every module below ``scenes/clips/`` is searched. No list of modules to
skip: ``scenes/clips/`` holds clips only (a test keeps it so). Clips are listed in the
storyboard's story order; a clip the storyboard
does not name (a user's own) comes after, by module, then by definition order.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from pathlib import Path

import scenes.clips

# The storyboard's story order (Part I, I continued, II, III, IV, V), by clip name.
STORY_ORDER = [
    "LeastSquaresLine", "AbsoluteVsSquared", "ReluNeuron", "SumOfRelus", "WithoutTheBend",
    "BendsPerLayer",
    "SegmentsGrowth", "NeuronBudget", "XorRegions", "CoordinateSearchVsGradient",
    "NetworkStructure", "WeightedSum", "MatrixNotation",
    "CostOfOneExample", "BallRollingDownhill", "CostSurfaceDescent", "GradientImportance",
    "Backpropagation", "TrainedWeightGrids", "TestAccuracy", "HowAccurate", "ConfidentNoise",
    "NotADigit", "ImaginedDigit",
    "CurseOfDimensionality", "ShuffledPixels", "ReceptiveField", "ShiftedDigits",
    "RandomLabels", "PruneWeights", "Overfitting", "DoubleDescent",
]  # fmt: skip


def clips_in(module) -> list[type]:
    """The clips a module defines: its own ``ClipMixin`` subclasses with a ``construct``."""
    from scenes.render.clip import ClipMixin

    members = [
        obj
        for _, obj in inspect.getmembers(module, inspect.isclass)
        if issubclass(obj, ClipMixin)
        and obj.__module__ == module.__name__
        and not obj.__name__.startswith("_")
        and "construct" in obj.__dict__
    ]
    return sorted(members, key=lambda c: inspect.getsourcelines(c)[1])


def clip_modules() -> list[str]:
    """Names of the modules of ``scenes.clips`` and of its part packages (not the packages)."""
    path = [str(Path(scenes.clips.__file__).parent)]
    return sorted(m.name for m in pkgutil.walk_packages(path, prefix="scenes.clips.")
                  if not m.ispkg)  # fmt: skip


@functools.lru_cache(maxsize=1)
def all_scenes() -> dict[str, type]:
    """Clip name -> class, in story order."""
    found: list[type] = []
    for name in clip_modules():
        found += clips_in(importlib.import_module(name))

    def story_key(cls: type) -> int:
        name = cls.__name__
        return STORY_ORDER.index(name) if name in STORY_ORDER else len(STORY_ORDER)

    found.sort(key=story_key)  # stable: unknown clips keep module, then definition order
    return {cls.__name__: cls for cls in found}


def scene_file(cls: type) -> Path:
    return Path(inspect.getfile(cls))
