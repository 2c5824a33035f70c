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
    args = parser.parse_args(argv)

    from scenes.params import ParamError, parse_assignments
    from scenes.registry import all_scenes

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

    from manim import tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer
    from pyinstrument import Profiler

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
    from pathlib import Path

    from scenes.batch import SVG_CACHES, seed_svg_dir

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
    print(f"{args.scene}: {cpu:.1f} s CPU in-process; {drawn[0]} frame draws; "
          f"{scene.renderer.time:.1f} s of video")  # fmt: skip
    if args.html:
        with open(args.html, "w") as fh:
            fh.write(profiler.output_html())
    return 0


if __name__ == "__main__":
    sys.exit(main())
