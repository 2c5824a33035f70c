"""The project command: ``python -m scenes list | render | clear-cache | fetch-mnist``.

It adds what users need on top of ``manim render`` (parameters, checked
before anything renders; outputs named by their parameters; atomic files)
and calls Manim itself for the drawing, so plain ``manim`` calls keep working.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from .params import ENV_PARAMS, ENV_PARAMS_FILE, ParamError, ParamValues, parse_assignments

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}
FORMATS = ("mp4", "gif", "webm", "png")
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad input found before any work: one line, exit status 2."""


def renders_dir() -> Path:
    return Path(os.environ.get("NNFIT_RENDERS_DIR", PROJECT_ROOT / "renders"))


def find_scene(name: str) -> type:
    from .registry import all_scenes

    scenes = all_scenes()
    if name not in scenes:
        raise UsageError(f"unknown scene {name!r}; valid: {', '.join(scenes)}")
    return scenes[name]


def output_name(cls: type, values: ParamValues, quality: str, fmt: str) -> str:
    tag = "" if quality == "l" else f".{QUALITIES[quality]}"
    return f"{cls.__name__}{values.suffix()}{tag}.{fmt}"


def _params_env(values: ParamValues) -> str:
    specs = {p.name: p for p in values.specs}
    return " ".join(
        shlex.quote(f"{name}={specs[name].format(v)}") for name, v in values.values.items()
    )


def check_scene(name: str, assignments: Sequence[str]) -> tuple[type, ParamValues]:
    """Resolve and check a scene's parameters and compute its data; UsageError if bad."""
    cls = find_scene(name)
    try:
        values = cls.resolve_params(parse_assignments(assignments))
        cls.prepare(values)  # trains (or loads the cache); reveals diverging settings
    except ParamError as exc:
        raise UsageError(f"{name}: {exc}") from None
    return cls, values


def render_scene(
    cls: type,
    values: ParamValues,
    quality: str = "l",
    fmt: str = "mp4",
    out_dir: Path | None = None,
    extra_manim_args: Sequence[str] = (),
    quiet: bool = True,
) -> Path:
    """Render with Manim into a private folder, then move the finished file into place.

    The file in ``out_dir`` appears only when complete: an interrupted or failed
    render leaves whatever was there before untouched.
    """
    from .registry import scene_file

    out_dir = Path(out_dir or renders_dir())
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / output_name(cls, values, quality, fmt)
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=out_dir))
    try:
        cmd = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--media_dir", str(work),
               "--disable_caching", "-v", "WARNING"]
        if fmt == "png":
            cmd += ["-s"]
        elif fmt != "mp4":
            cmd += ["--format", fmt]
        cmd += list(extra_manim_args)
        cmd += [str(scene_file(cls)), cls.__name__]
        env = dict(os.environ)
        env[ENV_PARAMS] = _params_env(values)
        env.pop(ENV_PARAMS_FILE, None)  # every value is already in ENV_PARAMS
        proc = subprocess.run(
            cmd, cwd=PROJECT_ROOT, env=env, text=True,
            stdout=subprocess.PIPE if quiet else None, stderr=subprocess.PIPE if quiet else None,
        )
        if proc.returncode != 0:
            tail = (proc.stderr or "").strip().splitlines()[-15:]
            raise RuntimeError(
                f"manim failed for {cls.__name__} (exit {proc.returncode})"
                + ("\n" + "\n".join(tail) if tail else "")
            )
        pattern = f"{cls.__name__}*.{fmt}"
        produced = [
            p for p in work.rglob(pattern)
            if "partial_movie_files" not in p.parts and "sections" not in p.parts
        ]
        if not produced:
            raise RuntimeError(f"manim wrote no {fmt} file for {cls.__name__}")
        produced.sort(key=lambda p: p.stat().st_mtime)
        os.replace(produced[-1], final)
        sections = [p for p in work.rglob("sections") if p.is_dir()]
        if sections:
            target = out_dir / "sections" / final.stem
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(sections[0]), target)
        return final
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- commands --------------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> int:
    from .registry import all_scenes

    for name, cls in all_scenes().items():
        module = Path(sys.modules[cls.__module__].__file__).relative_to(PROJECT_ROOT)
        print(f"{name}  ({module})  {cls.SUMMARY}")
        for p in cls.all_params():
            print(f"    {p.name} = {p.format(p.default)}  [{p.describe_range()}]  {p.help}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from .registry import all_scenes

    assignments = list(args.set or [])
    if args.theme:
        assignments.append(f"theme={args.theme}")
    if args.all:
        names = [n for n, c in all_scenes().items() if c.IN_DEFAULT_RENDER]
    elif args.scene:
        names = [args.scene]
    else:
        raise UsageError("render needs a SCENE name or --all")
    if args.all and args.set:
        raise UsageError("--set applies to one scene; drop --all or --set")
    checked = [check_scene(name, assignments) for name in names]  # all checks before any work
    extra = ["--save_sections"] if args.save_sections else []
    if args.transparent:
        extra.append("--transparent")
    failures = 0
    for cls, values in checked:
        start = time.perf_counter()
        print(f"rendering {cls.__name__} ...", flush=True)
        try:
            path = render_scene(cls, values, args.quality, args.format, args.out, extra)
        except RuntimeError as exc:
            failures += 1
            print(f"FAILED {cls.__name__}: {exc}", file=sys.stderr)
            continue
        print(f"  {time.perf_counter() - start:6.1f} s  {_display(path)}", flush=True)
    return 1 if failures else 0


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def cmd_clear_cache(args: argparse.Namespace) -> int:
    from .cache import cache_dir, clear_cache

    print(f"removed {clear_cache()} cached runs from {cache_dir()}")
    return 0


def cmd_fetch_mnist(args: argparse.Namespace) -> int:
    from nnmath import digits

    path = digits.fetch_mnist(args.directory)
    print(f"MNIST is in {path}; use it with --set data=full")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scenes", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="every scene with its parameters").set_defaults(func=cmd_list)

    render = sub.add_parser("render", help="render one clip (or --all) into renders/")
    render.add_argument("scene", nargs="?", help="scene class name (see `list`)")
    render.add_argument("--all", action="store_true", help="every clip with its defaults")
    render.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a parameter")
    render.add_argument("--quality", choices=list(QUALITIES), default="l")
    render.add_argument("--format", choices=FORMATS, default="mp4")
    render.add_argument("--theme", choices=("dark", "light"))
    render.add_argument("--save-sections", action="store_true", help="also one clip per beat")
    render.add_argument("--transparent", action="store_true", help="transparent background")
    render.add_argument("--out", type=Path, help="output folder (default renders/)")
    render.set_defaults(func=cmd_render)

    sub.add_parser("clear-cache", help="delete cached training runs").set_defaults(
        func=cmd_clear_cache
    )
    fetch = sub.add_parser("fetch-mnist", help="download full MNIST (SHA-256 checked)")
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
