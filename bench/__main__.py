"""``python -m bench``: every benchmark, one table of ratios measured side by side.

Run: ``.venv/bin/python -m bench`` (``make bench``); ``--quick`` for fewer
repeats and smaller samples; ``--only train,segments`` for some sections.
"""

from __future__ import annotations

import argparse
import sys
import time

from . import Row, format_table

# Render near the end: it is the longest and gets what is left of the time budget; the
# engine rows (split, draft encoding, stock Manim) after it, with what render leaves.
SECTIONS = ("train", "softmax", "conv", "backprop", "segments", "regions", "tweak", "narration",
            "render", "engine")
#: Seconds ``make bench`` may take in all (it must finish within 10 minutes).
DEFAULT_BUDGET = 570


def log(line: str) -> None:
    print(f"[bench] {line}", file=sys.stderr, flush=True)


def run_section(
    name: str,
    quick: bool,
    remaining: float | None,
    clips: list[str] | None = None,
    qualities: tuple[str, ...] = ("l", "h"),
) -> list[Row]:
    if name in ("render", "engine"):
        from .engine import run as run_engine
        from .render import run as run_render

        return (run_render if name == "render" else run_engine)(
            quick=quick, log=log, budget=remaining, clips=clips, qualities=qualities
        )
    if name == "train":
        from .train import run
    elif name == "softmax":
        from .softmax import run
    elif name == "conv":
        from .conv import run
    elif name == "backprop":
        from .backprop import run
    elif name == "segments":
        from .segments import run
    elif name == "regions":
        from .regions import run
    elif name == "narration":
        from .narration import run
    else:
        from .tweak import run
    return run(quick=quick, log=log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller samples")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated subset of {SECTIONS}"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=DEFAULT_BUDGET,
        help=f"seconds for the whole run (default {DEFAULT_BUDGET}; 0: no limit); renders "
        "that would run past it are not started and listed as not run",
    )
    parser.add_argument(
        "--clips",
        default="",
        help="render section: only these clips (comma-separated names), each with its floor",
    )
    parser.add_argument(
        "--quality",
        choices=("l", "h", "both"),
        default="both",
        help="render section: -ql (480p15) for every clip, -qh (1080p60) for a subset "
        "(all with --budget 0 or --clips), or both (default)",
    )
    args = parser.parse_args(argv)
    qualities = ("l", "h") if args.quality == "both" else (args.quality,)
    clips = [c.strip() for c in args.clips.split(",") if c.strip()] or None
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; valid: {', '.join(SECTIONS)}")
    start = time.perf_counter()
    rows: list[Row] = []
    for name in chosen:
        t0 = time.perf_counter()
        remaining = args.budget - (t0 - start) if args.budget else None
        rows += run_section(name, args.quick, remaining, clips, qualities)
        log(f"{name}: {time.perf_counter() - t0:.0f} s")
    print(format_table(rows))
    missed = [r.benchmark for r in rows if r.ok is False]
    print(
        f"\n{sum(r.ok is True for r in rows)} of {sum(r.ok is not None for r in rows)} targets "
        f"met; total {time.perf_counter() - start:.0f} s"
        + (f"; missed: {'; '.join(missed)}" if missed else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
