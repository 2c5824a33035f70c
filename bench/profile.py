"""Profile one clip's real ``-ql`` render in-process, to see where its time goes.

Run: ``.venv/bin/python -m bench.profile SumOfRelus [--set key=value ...] [--html out.html]``

The trajectory cache is warmed first (training is not what is profiled),
then the scene renders to a temporary media folder (seeded with the shared
pool of compiled text and LaTeX, as ``python -m scenes render`` does) under pyinstrument
(``pip install -e '.[bench]'``). Prints the CPU seconds of the render, the
number of frames written and how many of them were drawn (not a repeated
still), and pyinstrument's call tree trimmed to the expensive branches.
This is a tool for finding causes, not a benchmark: ``make bench`` holds the
figures that count.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.profile", description=__doc__.split("\n")[0]
    )
    parser.add_argument("scene")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--html", help="also write pyinstrument's interactive HTML here")
    parser.add_argument("--quality", default="l", choices=list("lmhpk"))
    parser.add_argument(
        "--moving",
        action="store_true",
        help="per play(): how many outlines are redrawn every frame, and which of the "
        "scene's top-level mobjects they belong to",
    )
    args = parser.parse_args(argv)

    from scenes.core.params import ParamError, parse_assignments
    from scenes.kit.registry import all_scenes

    scenes = all_scenes()
    from .floor_scene import FloorScene

    scenes = {**scenes, "FloorScene": FloorScene}
    if args.scene not in scenes:
        print(f"error: unknown scene {args.scene!r}", file=sys.stderr)
        return 2
    cls = scenes[args.scene]
    try:
        overrides = parse_assignments(args.set)
        cls.prepare(cls.resolve_params(overrides))
    except ParamError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    try:
        from pyinstrument import Profiler
    except ImportError:
        print("error: needs pyinstrument: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    from manim import tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer

    quality = {
        "l": "low_quality", "m": "medium_quality", "h": "high_quality",
        "p": "production_quality", "k": "fourk_quality",
    }[args.quality]  # fmt: skip
    drawn = [0]
    original = CairoRenderer.update_frame

    def counting(self, *a, **k):  # frames actually drawn, not repeated stills
        drawn[0] += 1
        return original(self, *a, **k)

    CairoRenderer.update_frame = counting
    plays: list[str] = []
    if args.moving:
        from manim import Scene

        begin = Scene.begin_animations

        def logging_begin(scene) -> None:
            begin(scene)
            plays.append(describe_play(scene))

        Scene.begin_animations = logging_begin
    from pathlib import Path

    from scenes.kit.process import SVG_CACHES, seed_svg_dir

    with tempfile.TemporaryDirectory(prefix="nnfit-profile-") as media:
        for kind in SVG_CACHES:  # the compiled text and LaTeX every render shares
            seed_svg_dir(Path(media) / kind, kind)
        with tempconfig({"quality": quality, "media_dir": media, "disable_caching": True,
                         "progress_bar": "none", "verbosity": "WARNING"}):  # fmt: skip
            scene = cls(params=overrides)
            profiler = Profiler(interval=0.002)
            cpu0 = time.process_time()
            profiler.start()
            scene.render()
            profiler.stop()
            cpu = time.process_time() - cpu0
    print(profiler.output_text(unicode=True, color=False, show_all=False, timeline=False))
    if plays:
        print("play() calls: seconds, animations; outlines redrawn per frame / drawn once")
        print("\n".join(plays))
    print(f"{args.scene}: {cpu:.1f} s CPU in-process; {drawn[0]} frame draws; "
          f"{scene.renderer.time:.1f} s of video")  # fmt: skip
    if args.html:
        with open(args.html, "w") as fh:
            fh.write(profiler.output_html())
    return 0


def label(mob) -> str:
    """A short name for a top-level mobject: its class, and its text if it has some."""
    text = getattr(mob, "text", None) or getattr(mob, "tex_string", None)
    name = type(mob).__name__
    return f"{name}({str(text)[:24]!r})" if isinstance(text, str) else name


def describe_play(scene) -> str:
    """One line per play(): what Manim will redraw every frame of it."""
    moving = {id(m) for m in scene.moving_mobjects}
    n_moving = sum(1 for m in scene.moving_mobjects if m.has_points())
    n_static = sum(1 for m in scene.static_mobjects if m.has_points())
    names = [a.__class__.__name__ for a in scene.animations]
    tops = []
    for mob in scene.mobjects:
        family = mob.get_family()
        hit = sum(1 for m in family if id(m) in moving and m.has_points())
        if hit:
            tops.append(f"{label(mob)}:{hit}")
    return (
        f"  {scene.duration:5.2f} s {'+'.join(names)[:60]}: {n_moving} redrawn / "
        f"{n_static} once; redrawn: {', '.join(tops)}"
    )


if __name__ == "__main__":
    sys.exit(main())
