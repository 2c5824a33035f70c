"""``python -m scenes gallery``: one offline page listing every rendered clip.

Writes ``renders/index.html``: for each file in ``renders/`` a poster frame
(extracted with PyAV into ``renders/posters/``), an inline player, its
parameters, duration, and the exact command that renders it again; then the
clips not rendered yet, with the command that makes each. Everything a file
says about itself comes from its name (the render command names outputs by
their parameters, and :func:`scenes.kit.outputs.parse_output_name` reads them back),
so the page needs no other record. The page is self-contained (inline CSS and
a few lines of JS, relative links): it works from ``file://`` with no server
and no network.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

from scenes.kit.outputs import (
    OUTPUT_EXTENSIONS,
    QUALITIES,
    ParsedName,
    parse_output_name,
    render_command,
    renders_dir,
)

PAGE = "index.html"
_COPY = '<button type="button" class="copy" title="copy the command">copy</button>'
POSTERS = "posters"
SECTIONS = "sections"
#: Where ``python -m scenes episode`` writes (scenes.kit.episodes), listed above the clips.
EPISODES_DIR = "episodes"
POSTER_WIDTH = 480
#: Formats a browser's <video> plays (Manim's transparent .mov is QuickTime Animation: no).
BROWSER_VIDEO = ("mp4", "webm")


@dataclass(frozen=True)
class Section:
    """One story beat written by ``--save-sections``."""

    name: str
    path: Path
    duration: float | None


@dataclass
class Rendered:
    """One file in renders/ and what the page says about it."""

    path: Path
    parsed: ParsedName | None
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    poster: Path | None = None
    sections: list[Section] = field(default_factory=list)

    @property
    def ext(self) -> str:
        return self.path.suffix.lstrip(".")

    @property
    def scene(self) -> str | None:
        return self.parsed.cls.__name__ if self.parsed else None

    @property
    def command(self) -> str | None:
        if not self.parsed:
            return None
        # The name cannot say whether sections were saved; their folder can.
        options = replace(self.parsed.options, save_sections=bool(self.sections))
        return render_command(self.parsed.cls, self.parsed.values, options)


@dataclass(frozen=True)
class GallerySummary:
    page: Path
    n_files: int
    n_missing: int


# -- media -----------------------------------------------------------------------
def media_info(path: Path) -> tuple[float | None, int | None, int | None]:
    """Duration in seconds (None for a still image), width and height, read with PyAV."""
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            ctx = stream.codec_context
            if path.suffix == ".png":
                return None, ctx.width, ctx.height
            duration = container.duration / 1e6 if container.duration else None
            if duration is None and stream.duration and stream.time_base:
                duration = float(stream.duration * stream.time_base)
            return duration, ctx.width, ctx.height
    except (av.FFmpegError, IndexError, OSError):
        return None, None, None


def _checkerboard(size: tuple[int, int], square: int = 12):
    """The usual 'this is transparent' pattern, behind a poster with alpha."""
    from PIL import Image, ImageDraw

    board = Image.new("RGB", size, (204, 204, 204))
    draw = ImageDraw.Draw(board)
    for y in range(0, size[1], square):
        for x in range((y // square % 2) * square, size[0], 2 * square):
            draw.rectangle([x, y, x + square - 1, y + square - 1], fill=(245, 245, 245))
    return board


def make_poster(video: Path, poster: Path, width: int = POSTER_WIDTH) -> bool:
    """Write the video's last frame (where a clip's key picture stands) as a small JPEG.

    Returns False when the file has no decodable frame. Written atomically.
    """
    import av

    last = None
    try:
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            if container.duration and container.duration > 2_000_000:
                try:  # decode only the last second or so, not the whole clip
                    container.seek(container.duration - 1_000_000)
                except av.FFmpegError:
                    pass
            for frame in container.decode(stream):
                last = frame
    except (av.FFmpegError, IndexError, OSError):
        return False
    if last is None:
        return False
    image = last.to_image()
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        board = _checkerboard(image.size)
        board.paste(image, mask=image.getchannel("A"))
        image = board
    image = image.convert("RGB")
    image.thumbnail((width, width * 4))
    poster.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".partial-", suffix=".jpg", dir=poster.parent)
    os.close(fd)
    try:
        image.save(tmp, "JPEG", quality=82)
        os.replace(tmp, poster)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return True


def read_sections(folder: Path, scene: str) -> list[Section]:
    """The beats in Manim's section index (``sections/<file stem>/<Scene>.json``)."""
    index = folder / f"{scene}.json"
    try:
        entries = json.loads(index.read_text())
    except (OSError, ValueError):
        return []
    out = []
    for entry in entries:
        path = folder / str(entry.get("video", ""))
        if not path.is_file():
            continue
        try:
            duration: float | None = float(entry["duration"])
        except (KeyError, TypeError, ValueError):
            duration = None
        out.append(Section(str(entry.get("name", path.stem)), path, duration))
    return out


# -- collecting ------------------------------------------------------------------
def scan(renders: Path, scenes: Mapping[str, type]) -> list[Rendered]:
    """Every render output in ``renders`` (top level), with posters made as needed."""
    found = []
    posters = renders / POSTERS
    for path in sorted(renders.iterdir()):
        ext = path.suffix.lstrip(".")
        if not path.is_file() or path.name.startswith(".") or ext not in OUTPUT_EXTENSIONS:
            continue
        item = Rendered(path, parse_output_name(path.name, scenes))
        item.duration, item.width, item.height = media_info(path)
        if ext in ("png", "gif"):
            item.poster = path  # an image is its own poster
        else:
            poster = posters / f"{path.name}.jpg"
            fresh = poster.is_file() and poster.stat().st_mtime >= path.stat().st_mtime
            if fresh or make_poster(path, poster):
                item.poster = poster
        if item.parsed:
            item.sections = read_sections(renders / SECTIONS / path.stem, item.scene)
        found.append(item)
    _remove_stale_posters(posters, {p.path.name for p in found})
    return found


def scan_episodes(renders: Path) -> list[Rendered]:
    """The episodes in ``renders/episodes/`` (``python -m scenes episode``), with posters."""
    found = []
    folder = renders / EPISODES_DIR
    for path in sorted(folder.glob("*.mp4")) if folder.is_dir() else []:
        if path.name.startswith("."):
            continue
        item = Rendered(path, None)
        item.duration, item.width, item.height = media_info(path)
        poster = renders / POSTERS / EPISODES_DIR / f"{path.name}.jpg"
        if (poster.is_file() and poster.stat().st_mtime >= path.stat().st_mtime) or make_poster(
            path, poster
        ):
            item.poster = poster
        found.append(item)
    return found


def _episode_card(item: Rendered, root: Path) -> str:
    e = html.escape
    src = _url(item.path, root)
    captions = item.path.with_suffix(".vtt")
    track = (f'<track kind="captions" srclang="en" label="Narration" '
             f'src="{_url(captions, root)}">' if captions.is_file() else "")  # fmt: skip
    poster = f' poster="{_url(item.poster, root)}"' if item.poster else ""
    minutes = f"{item.duration / 60:.1f} min" if item.duration else "length unknown"
    meta = " · ".join([minutes, _size(item.path.stat().st_size)]
                      + (["narrated"] if ".narrated." in item.path.name else []))  # fmt: skip
    return (f'<article class="card" data-search="{e(item.path.name.lower())} episode">'
            f'<div class="media"><video controls preload="metadata" src="{src}"{poster}>'
            f'{track}</video></div><div class="body"><h3>{e(item.path.stem)}</h3>'
            f'<p class="file"><a href="{src}">{e(item.path.name)}</a></p>'
            f'<p class="meta">{e(meta)} · one chapter per clip</p></div></article>')  # fmt: skip


def _remove_stale_posters(posters: Path, names: set[str]) -> None:
    if not posters.is_dir():
        return
    for poster in posters.glob("*.jpg"):
        if poster.name[: -len(".jpg")] not in names:
            poster.unlink(missing_ok=True)


def missing_clips(rendered: Sequence[Rendered], scenes: Mapping[str, type]) -> list[type]:
    """Clips with no rendered file of their default parameters (any quality or format)."""
    have = {r.scene for r in rendered if r.parsed and not r.parsed.values.non_default()}
    return [cls for name, cls in scenes.items() if name not in have]


# -- the page --------------------------------------------------------------------
def _url(path: Path, root: Path) -> str:
    return quote(path.relative_to(root).as_posix())


def _seconds(value: float | None, ext: str = "mp4") -> str:
    if value is None:
        return "still" if ext == "png" else "length unknown"
    return f"{value:.1f} s"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def _card(item: Rendered, root: Path, anchor: str = "") -> str:
    e = html.escape
    src = _url(item.path, root)
    poster = _url(item.poster, root) if item.poster else ""
    transparent = bool(item.parsed and item.parsed.options.transparent)
    if item.ext in BROWSER_VIDEO:
        captions = item.path.with_suffix(".vtt")
        track = (  # the narration as captions, off until the viewer turns them on
            f'<track kind="captions" srclang="en" label="Narration" '
            f'src="{_url(captions, root)}">' if captions.is_file() else ""
        )  # fmt: skip
        media = (
            f'<video controls preload="metadata" src="{src}"'
            + (f' poster="{poster}"' if poster else "")
            + f">{track}</video>"
        )
    elif item.ext in ("png", "gif"):
        media = f'<img src="{src}" alt="{e(item.path.name)}" loading="lazy">'
    else:  # .mov with alpha: slide software plays it, browsers do not
        media = (f'<img src="{poster}" alt="poster of {e(item.path.name)}" loading="lazy">'
                 if poster else "")  # fmt: skip
    meta = [_seconds(item.duration, item.ext)]
    if item.parsed:
        meta.append(QUALITIES[item.parsed.options.quality])
    elif item.height:
        meta.append(f"{item.width}x{item.height}")
    meta += [item.ext + (" (transparent)" if transparent else ""), _size(item.path.stat().st_size)]
    stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.path.stat().st_mtime))
    ident = f' id="{e(anchor)}"' if anchor else ""
    parts = [
        f'<article class="card"{ident} data-search="{e(_search_text(item))}">',
        f'<div class="media{" alpha" if transparent else ""}">{media}</div>',
        '<div class="body">',
        f"<h3>{e(item.scene or 'unknown clip')}</h3>",
    ]
    if item.parsed:
        parts.append(f'<p class="summary">{e(item.parsed.cls.SUMMARY)}</p>')
    parts += [
        f'<p class="file"><a href="{src}">{e(item.path.name)}</a></p>',
        f'<p class="meta">{e(" · ".join(meta))} · rendered {e(stamp)}</p>',
    ]
    if item.parsed:
        parts.append(_values_list(item.parsed))
        parts.append(f'<div class="cmd"><code>{e(item.command or "")}</code>{_COPY}</div>')
    else:
        parts.append('<p class="note">name not made by this project\'s render command</p>')
    if item.ext not in BROWSER_VIDEO + ("png", "gif"):
        parts.append('<p class="note">transparent QuickTime video for slide software; '
                     "browsers do not play it: open the file</p>")  # fmt: skip
    if item.sections:
        beats = "".join(
            f'<li><a href="{_url(s.path, root)}">{e(s.name)}</a> '
            f'<span class="muted">{e(_seconds(s.duration))}</span></li>'
            for s in item.sections
        )
        parts.append(
            f"<details><summary>{_plural(len(item.sections), 'section')}: one file per beat"
            "</summary>"
            f"<ol>{beats}</ol></details>"
        )
    parts.append("</div></article>")
    return "\n".join(parts)


def _values_list(parsed: ParsedName) -> str:
    specs = {p.name: p for p in parsed.values.specs}
    changed = parsed.values.non_default()
    items = []
    for name, value in parsed.values.values.items():
        cls = ' class="set"' if name in changed else ""
        text = f"{name}={specs[name].format(value)}"
        items.append(f'<li{cls} title="{html.escape(specs[name].help)}">{html.escape(text)}</li>')
    label = "parameters (changed ones in bold)" if changed else "parameters (all defaults)"
    return f'<ul class="values" aria-label="{label}">{"".join(items)}</ul>'


def _search_text(item: Rendered) -> str:
    words = [item.path.name]
    if item.parsed:
        words.append(item.parsed.cls.SUMMARY)
        words += [f"{k}={v}" for k, v in item.parsed.values.values.items()]
    return " ".join(words).lower()


def render_page(
    rendered: Sequence[Rendered], missing: Sequence[type], scenes: Mapping[str, type], root: Path,
    episodes: Sequence[Rendered] = (),
) -> str:
    """The whole page as one string."""
    e = html.escape
    groups: dict[str, list[Rendered]] = {name: [] for name in scenes}
    others: list[Rendered] = []
    for item in rendered:
        groups.get(item.scene, others).append(item)
    # One grid for every clip (most have a single file), in storyboard order,
    # a clip's default render first; the header links jump to each clip.
    body = []
    nav = []
    cards = []
    for name, items in groups.items():
        if not items:
            continue
        items.sort(key=lambda r: (bool(r.parsed.values.non_default()), r.path.name))
        nav.append(f'<a href="#{e(name)}">{e(name)} <span class="muted">{len(items)}</span></a>')
        cards += [_card(item, root, name if i == 0 else "") for i, item in enumerate(items)]
    if episodes:
        count = f'<span class="muted">{len(episodes)}</span>'
        nav.insert(0, f'<a href="#episodes">episodes {count}</a>')
        body.append('<section class="clips" id="episodes"><h2>Episodes</h2><div class="grid">'
                    + "\n".join(_episode_card(item, root) for item in episodes)
                    + "</div></section>")  # fmt: skip
    if cards:
        body.append(
            '<section class="clips"><div class="grid">' + "\n".join(cards) + "</div></section>"
        )
    if others:
        nav.append(
            f'<a href="#other-files">other files <span class="muted">{len(others)}</span></a>'
        )
        body.append(
            '<section class="clips" id="other-files"><h2>Other files</h2><div class="grid">'
            + "\n".join(_card(item, root) for item in others)
            + "</div></section>"
        )
    if missing:
        nav.append(f'<a href="#missing">not rendered <span class="muted">{len(missing)}</span></a>')
        rows = "".join(
            f'<tr data-search="{e((cls.__name__ + " " + cls.SUMMARY).lower())}">'
            f"<td>{e(cls.__name__)}</td><td>{e(cls.SUMMARY)}"
            + ("" if cls.IN_DEFAULT_RENDER else ' <span class="muted">(not in render --all)</span>')
            + f'</td><td><div class="cmd"><code>python -m scenes render {e(cls.__name__)}</code>'
            f"{_COPY}</div></td></tr>"
            for cls in missing
        )
        body.append(
            '<section id="missing"><h2>Not rendered yet</h2>'
            "<p>Clips with no file of their default parameters in this folder.</p>"
            f"<table><thead><tr><th>clip</th><th>what it shows</th><th>command</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></section>"
        )
    if not rendered:
        body.insert(0, '<p class="empty">Nothing rendered yet: run '
                       "<code>python -m scenes render --all</code>.</p>")  # fmt: skip
    stamp = time.strftime("%Y-%m-%d %H:%M")
    n_scenes = sum(1 for items in groups.values() if items)
    return _TEMPLATE.format(
        stamp=e(stamp),
        counts=e(
            f"{_plural(len(rendered), 'file')} of {_plural(n_scenes, 'clip')} · "
            f"{_plural(len(missing), 'clip')} not rendered"
        ),
        nav=" ".join(nav),
        body="\n".join(body),
        css=_CSS,
        js=_JS,
    )


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and ``os.replace``: readers never see half a page."""
    fd, tmp = tempfile.mkstemp(prefix=".partial-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_gallery(renders: Path | None = None) -> GallerySummary:
    """Scan ``renders`` (default renders/), make posters, and write its index.html."""
    from scenes.kit.registry import all_scenes

    root = Path(renders or renders_dir())
    root.mkdir(parents=True, exist_ok=True)
    scenes = all_scenes()
    rendered = scan(root, scenes)
    missing = missing_clips(rendered, scenes)
    page = root / PAGE
    write_atomic(page, render_page(rendered, missing, scenes, root, scan_episodes(root)))
    return GallerySummary(page, len(rendered), len(missing))


_CSS = """
:root { color-scheme: light dark; --bg: #fafafa; --fg: #1b1b1b; --muted: #666; --card: #fff;
  --line: #ddd; --accent: #0072B2; --set: #D55E00; --code: #f0f0f0; }
@media (prefers-color-scheme: dark) { :root { --bg: #16181d; --fg: #e8e8e8; --muted: #9a9a9a;
  --card: #20232a; --line: #353942; --accent: #56B4E9; --set: #E69F00; --code: #2a2e36; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; }
header { position: sticky; top: 0; z-index: 1; background: var(--bg);
  border-bottom: 1px solid var(--line); padding: .7rem 1.2rem; }
header h1 { font-size: 1.25rem; margin: 0 0 .2rem; }
header p { margin: 0; color: var(--muted); font-size: .85rem; }
header nav { margin-top: .4rem; display: flex; flex-wrap: wrap; gap: .3rem .9rem;
  font-size: .9rem; }
#filter { margin-top: .5rem; width: min(28rem, 100%); padding: .35rem .6rem; font: inherit;
  border: 1px solid var(--line); border-radius: 6px; background: var(--card); color: var(--fg); }
main { padding: 0 1.2rem 2rem; }
a { color: var(--accent); }
h2 { margin: 1.4rem 0 .1rem; font-size: 1.1rem; }
.summary, .muted, .meta { color: var(--muted); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  overflow: hidden; display: flex; flex-direction: column; }
.media { background: #000; aspect-ratio: 16 / 9; display: flex; align-items: center;
  justify-content: center; flex-direction: column; }
.media.alpha { background: repeating-conic-gradient(#ccc 0 25%, #f5f5f5 0 50%) 0 0 / 24px 24px; }
.media video, .media img { width: 100%; height: 100%; object-fit: contain; display: block; }
.note { font-size: .82rem; color: var(--muted); margin: .4rem 0 0; }
.body { padding: .6rem .8rem .8rem; }
.body h3 { font-size: 1rem; margin: 0; }
.body .summary { font-size: .85rem; margin: .1rem 0 .3rem; }
.file { margin: 0; font-size: .85rem; overflow-wrap: anywhere; }
main > section.clips:first-child { margin-top: 1rem; }
.card, section { scroll-margin-top: 10rem; }  /* below the sticky header */
.meta { font-size: .82rem; margin: .15rem 0 .4rem; }
.values { list-style: none; padding: 0; margin: 0 0 .5rem; display: flex; flex-wrap: wrap;
  gap: .25rem; }
.values li { font: .8rem ui-monospace, "DejaVu Sans Mono", monospace; background: var(--code);
  border-radius: 4px; padding: .05rem .35rem; }
.values li.set { font-weight: bold; color: var(--set); }
.cmd { display: flex; gap: .4rem; align-items: flex-start; }
.cmd code { flex: 1; font: .78rem ui-monospace, "DejaVu Sans Mono", monospace;
  background: var(--code); padding: .3rem .45rem; border-radius: 4px; overflow-wrap: anywhere; }
button.copy { font: inherit; font-size: .78rem; padding: .2rem .5rem; border-radius: 4px;
  border: 1px solid var(--line); background: var(--card); color: var(--fg); cursor: pointer; }
details { margin-top: .5rem; font-size: .88rem; }
details ol { margin: .3rem 0 0; padding-left: 1.4rem; }
.card.broken .media::after { content: "this browser cannot play this file: open it directly";
  color: #eee; font-size: .8rem; padding: .3rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
.empty { margin-top: 1.5rem; }
[hidden] { display: none !important; }
"""

_JS = """
(function () {
  var filter = document.getElementById("filter");
  filter.addEventListener("input", function () {
    var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    document.querySelectorAll("[data-search]").forEach(function (el) {
      var text = el.getAttribute("data-search");
      el.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
    });
    document.querySelectorAll("section.clips").forEach(function (sec) {
      sec.hidden = !sec.querySelector(".card:not([hidden])");
    });
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.copy");
    if (!button) { return; }
    var code = button.parentNode.querySelector("code");
    var done = function (label) {
      button.textContent = label;
      setTimeout(function () { button.textContent = "copy"; }, 1500);
    };
    var select = function () {  // no clipboard access (some file:// pages): select for Ctrl+C
      var range = document.createRange();
      range.selectNodeContents(code);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      done("press Ctrl+C");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(code.textContent).then(function () { done("copied"); }, select);
    } else {
      select();
    }
  });
  document.querySelectorAll("video").forEach(function (video) {
    video.addEventListener("error", function () {
      video.closest(".card").classList.add("broken");
    });
  });
})();
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Neural networks are curve fitting: rendered clips</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>Neural networks are curve fitting: rendered clips</h1>
<p>{counts} · page written {stamp} by <code>python -m scenes gallery</code></p>
<nav>{nav}</nav>
<input id="filter" type="search" placeholder="filter: scene, parameter (seed=3), words"
  aria-label="filter clips">
</header>
<main>
{body}
</main>
<script>{js}</script>
</body>
</html>
"""
