"""nnmath is the pure-math core: importing it must not pull in manim or matplotlib."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Imports nnmath and every submodule (found by walking the package, so modules
# added later are covered too), then reports any forbidden module that got loaded.
CHECK = textwrap.dedent(
    """
    import importlib, pkgutil, sys
    import nnmath
    names = [m.name for m in pkgutil.iter_modules(nnmath.__path__, "nnmath.")]
    for name in names:
        importlib.import_module(name)
    bad = sorted(
        m for m in sys.modules
        if m.split(".")[0] in ("manim", "manimlib", "matplotlib", "pyglet", "moderngl")
    )
    print("modules:", ",".join(names))
    assert not bad, f"nnmath imported {bad}"
    """
)


def test_nnmath_never_imports_manim_or_matplotlib():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    done = subprocess.run(
        [sys.executable, "-c", CHECK],
        check=False,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    listed = done.stdout.split("modules:", 1)[1].strip().split(",")
    # Sanity: the walk really saw the modules (an empty walk would prove nothing).
    modules = (
        "backprop capacity conv network overfitting permutation piecewise polygons pruning"
        " random_labels"
        " receptive regions regression surfaces training trajectory xor"
    ).split()
    for name in modules:
        assert f"nnmath.{name}" in listed
