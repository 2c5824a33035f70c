"""``python -m scenes slides``: decks from real renders, in Chromium and as a PowerPoint package.

One module fixture renders SmokeTest with two seeds (one beat each: two
slides, whose videos differ, so the order across clips shows) and writes the
deck; a second run must reuse the renders. Bad input runs in-process.
"""

from __future__ import annotations

import hashlib
import re
import time
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from tests.browser import Chromium, find_chromium
from tests.conftest import run_cli

DECK = "SmokeTest__seed-2+SmokeTest__seed-1"  # as given: same place in the story
CAPTION = "A random network with 4 ReLU neurons"  # the beat's headline, on screen
#: The beat's narration: the speaker notes of both decks read it (241 points: computed)
NARRATION = ("The curve of a random network with 4 ReLU neurons, drawn through 241 "
             "computed points.")  # fmt: skip
SEEDS = (2, 1)  # the order the clips are given in
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def section_file(renders: Path, seed: int) -> Path:
    return renders / "sections" / f"SmokeTest__seed-{seed}" / "SmokeTest_0000_network.mp4"


def html_available() -> bool:
    from scenes.kit.slides import reveal_dir

    return reveal_dir() is not None


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    renders = tmp_path_factory.mktemp("renders")
    fmt = "both" if html_available() else "pptx"
    proc = run_cli("slides", *(f"SmokeTest:seed={s}" for s in SEEDS), "--format", fmt,
                   "--jobs", "2", renders=renders)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return renders, proc, renders / "slides" / DECK


@pytest.fixture
def html_deck(deck):
    if not html_available():
        pytest.skip("reveal.js not installed: run tools/slides-deps.sh (make test does)")
    return deck


# -- the command ---------------------------------------------------------------------
@pytest.mark.render
def test_deck_is_written_next_to_the_renders_with_sections(deck):
    renders, proc, folder = deck
    assert "wrote " in proc.stdout and "2 slides from 2 clip(s)" in proc.stdout
    assert proc.stderr.count("[captions] SmokeTest") == 2  # one dry run per clip
    for seed in SEEDS:
        assert (renders / f"SmokeTest__seed-{seed}.mp4").is_file()
        assert section_file(renders, seed).is_file()
    assert sha256(section_file(renders, 1)) != sha256(section_file(renders, 2))
    assert (folder / f"{DECK}.pptx").is_file()
    assert not list((renders / "slides").glob(".partial-*"))
    assert not list(renders.glob(".partial-*"))


@pytest.mark.render
def test_a_second_run_reuses_the_renders(deck):
    renders, _, folder = deck
    videos = {seed: (renders / f"SmokeTest__seed-{seed}.mp4").stat().st_mtime_ns
              for seed in SEEDS}  # fmt: skip
    proc = run_cli("slides", *(f"SmokeTest:seed={s}" for s in SEEDS), "--format",
                   "both" if html_available() else "pptx", renders=renders)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("up to date") == 2, proc.stdout
    assert " start " not in proc.stderr  # no Manim process
    assert "[captions]" not in proc.stderr  # and no dry run: what it saw was kept
    for seed in SEEDS:
        assert (renders / f"SmokeTest__seed-{seed}.mp4").stat().st_mtime_ns == videos[seed]
    assert (folder / f"{DECK}.pptx").is_file()
    assert not list((renders / "slides").glob(".partial-*"))


# -- HTML ----------------------------------------------------------------------------------
URL_ATTRS = re.compile(r'\b(?:src|href|data-src|poster)="([^"]*)"')


@pytest.mark.render
def test_html_has_one_slide_per_beat_with_relative_links_only(html_deck):
    renders, _, folder = html_deck
    page = (folder / "index.html").read_text()
    videos = re.findall(r'data-src="(media/[^"]+\.mp4)"', page)
    assert len(videos) == 2 == page.count("<section ")
    assert [sha256(folder / v) for v in videos] == [sha256(section_file(renders, s))
                                                     for s in SEEDS]  # fmt: skip
    assert page.count(f'<aside class="notes"><p>{NARRATION}</p></aside>') == 2
    assert page.count("<h2") == 2 and "Rendering works" in page and f"{CAPTION} ·" in page
    # each slide's video carries its beat's narration, shown as captions by the page's
    # script (a <track> file would be cross-origin from file://), and a .vtt beside it
    assert page.count(f'data-narration="{NARRATION}"') == 2
    assert 'addTextTrack("captions"' in page and 'track.mode = "showing"' in page
    for video in videos:
        lines = (folder / video.replace(".mp4", ".vtt")).read_text().splitlines()
        assert lines[0] == "WEBVTT" and lines[2].startswith("00:00:00.000 --> ")
        assert lines[3] == NARRATION
    assert 'data-background-color="#14161B"' in page  # the dark theme's background
    for url in URL_ATTRS.findall(page):
        assert "://" not in url and not url.startswith(("/", "//")), url
        assert (folder / url.split("#")[0]).is_file(), url
    for name in ("reveal.js", "reveal.css", "theme.css", "plugin/notes.js"):
        text = (folder / "reveal" / name).read_text(errors="replace")
        assert "@import" not in text, name  # no web fonts fetched
    assert "data-autoplay" in page and "RevealNotes" in page


def _key(browser: Chromium, key: str, code: str, keycode: int) -> None:
    for kind in ("rawKeyDown", "keyUp"):
        browser.send("Input.dispatchKeyEvent", {
            "type": kind, "key": key, "code": code,
            "windowsVirtualKeyCode": keycode, "nativeVirtualKeyCode": keycode,
        })  # fmt: skip


_STATE = """(() => {
    const v = Reveal.getCurrentSlide().querySelector('video');
    return {h: Reveal.getIndices().h, t: v.currentTime, d: v.duration, paused: v.paused,
            ended: v.ended, src: v.currentSrc, overview: Reveal.isOverview()};
})()"""


def _wait(browser: Chromium, test, timeout: float = 15.0) -> dict:
    end = time.monotonic() + timeout
    while True:
        state = browser.evaluate(_STATE)
        if test(state) or time.monotonic() > end:
            return state
        time.sleep(0.1)


@pytest.mark.render
def test_html_deck_plays_each_beat_in_headless_chromium(html_deck, tmp_path):
    renders, _, folder = html_deck
    binary = find_chromium()
    if binary is None:
        pytest.skip("no chromium: run tools/test-deps.sh (make test does)")
    browser = Chromium(binary, tmp_path / "profile")
    try:
        browser.open((folder / "index.html").as_uri(), width=1280, height=720)
        assert browser.evaluate("typeof Reveal !== 'undefined' && Reveal.isReady()")

        def plays_to_the_end(h: int) -> None:
            state = _wait(browser, lambda s: s["h"] == h and s["t"] > 0.2)
            assert state["h"] == h and state["t"] > 0.2, state  # autoplayed, advancing
            assert state["src"].startswith("file://") and "/media/" in state["src"]
            state = _wait(browser, lambda s: s["ended"])
            assert state["ended"] and state["paused"], state  # holds on its last frame
            assert state["t"] == pytest.approx(state["d"], abs=0.1)

        plays_to_the_end(0)
        # the beat's narration is shown as a captions cue on its video
        cue = browser.evaluate(
            "(() => { const v = document.querySelectorAll('video')[0];"
            " const t = v.textTracks[0]; return t && t.mode === 'showing' && t.cues.length"
            " ? t.cues[0].text : null; })()"
        )
        assert cue == NARRATION
        _key(browser, "ArrowRight", "ArrowRight", 39)
        plays_to_the_end(1)
        _key(browser, "PageUp", "PageUp", 33)  # back: the beat replays from its start
        state = _wait(browser, lambda s: s["h"] == 0 and not s["paused"])
        assert state["h"] == 0 and state["t"] < 1.5 and not state["ended"], state
        plays_to_the_end(0)
        _key(browser, " ", "Space", 32)
        assert _wait(browser, lambda s: s["h"] == 1)["h"] == 1
        _key(browser, "o", "KeyO", 79)
        assert _wait(browser, lambda s: s["overview"])["overview"]
        _key(browser, "Escape", "Escape", 27)
        assert not _wait(browser, lambda s: not s["overview"])["overview"]
        loaded = browser.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name).concat([location.href])"
        )
        assert loaded and all(url.startswith("file://") for url in loaded), loaded
        assert browser.problems() == []
    finally:
        browser.close()


# -- PowerPoint -------------------------------------------------------------------------------
@pytest.mark.render
def test_pptx_has_one_movie_per_beat_with_notes(deck):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    renders, _, folder = deck
    prs = Presentation(str(folder / f"{DECK}.pptx"))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 13.333 x 7.5 in
    assert len(prs.slides) == 2
    for slide, seed in zip(prs.slides, SEEDS):
        movies = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.MEDIA]
        assert len(movies) == 1
        element = movies[0]._element
        media = next(element.iter(f"{{{P14}}}media")).get(f"{{{R}}}embed")
        link = element.xpath(".//a:videoFile/@r:link")[0]  # the older reference, same part
        for rid in (media, link):
            blob = slide.part.related_part(rid).blob
            assert hashlib.sha256(blob).hexdigest() == sha256(section_file(renders, seed))
        poster = slide.part.related_part(movies[0]._element.xpath(".//a:blip/@r:embed")[0])
        assert poster.blob.startswith(b"\x89PNG")
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert "Rendering works" in text and CAPTION in text  # the beat's headline
        assert slide.notes_slide.notes_text_frame.text == NARRATION
        fill = slide.background.fill
        assert str(fill.fore_color.rgb) == "14161B"


@pytest.mark.render
def test_pptx_package_content_types_and_relationships_are_valid(deck):
    _, _, folder = deck
    with zipfile.ZipFile(folder / f"{DECK}.pptx") as package:
        assert package.testzip() is None
        names = set(package.namelist())
        types = package.read("[Content_Types].xml").decode()
        for ext, mime in (("mp4", "video/mp4"), ("png", "image/png")):
            part = next(n for n in names if n.endswith(f".{ext}"))
            assert (f'Extension="{ext}" ContentType="{mime}"' in types
                    or f'PartName="/{part}" ContentType="{mime}"' in types), ext  # fmt: skip
        for rels in (n for n in names if n.endswith(".rels")):
            xml = package.read(rels).decode()
            base = PurePosixPath(rels).parent.parent  # foo/_rels/x.rels -> foo
            for target, mode in re.findall(r'Target="([^"]+)"(?: TargetMode="(\w+)")?', xml):
                if mode == "External":
                    continue
                path = (PurePosixPath(target.lstrip("/")) if target.startswith("/")
                        else base / target)  # fmt: skip
                parts: list[str] = []
                for part in path.parts:
                    if part == "..":
                        parts.pop()
                    elif part != ".":
                        parts.append(part)
                assert "/".join(parts) in names, (rels, target)


# -- in-process: names, order, themes, atomic decks --------------------------------------------
def test_clips_are_ordered_by_story_and_named_by_their_parameters():
    from scenes.kit.slides import parse_clip, plan_request

    assert parse_clip("SmokeTest") == ("SmokeTest", [])
    assert parse_clip("SmokeTest:seed=3") == ("SmokeTest", ["seed=3"])
    assert parse_clip("X:starts=-2:1,0:3:theme=light") == ("X", ["starts=-2:1,0:3", "theme=light"])
    request = plan_request(["ReluNeuron", "LeastSquaresLine"], False, [], "light", "m")
    assert [cls.__name__ for cls, _ in request.pairs] == ["LeastSquaresLine", "ReluNeuron"]
    assert request.name == "LeastSquaresLine__theme-light+ReluNeuron__theme-light.720p30"
    assert plan_request(["SmokeTest:seed=1", "SmokeTest:seed=01"], False, [], None, "l").name \
        == "SmokeTest__seed-1"  # one clip given twice: one set of slides
    assert plan_request([], True, [], "light", "l").name == "all__theme-light"


def _beats(renders: Path, theme: str):
    from scenes.core.theme import THEMES
    from scenes.kit.slides import Beat

    return [Beat("SmokeTest", "Rendering works", "network", section_file(renders, seed),
                 2.0, [CAPTION], THEMES[theme]) for seed in SEEDS]  # fmt: skip


@pytest.mark.render
def test_light_theme_gives_white_slides(deck, tmp_path):
    from scenes.kit.slides import write_deck

    renders = deck[0]
    fmt = "both" if html_available() else "pptx"
    summary = write_deck(_beats(renders, "light"), tmp_path / "light", fmt, "t")
    assert summary.slides == 2
    from pptx import Presentation

    prs = Presentation(str(tmp_path / "light" / "light.pptx"))
    assert {str(s.background.fill.fore_color.rgb) for s in prs.slides} == {"FFFFFF"}
    if fmt == "both":
        page = (tmp_path / "light" / "index.html").read_text()
        assert page.count('data-background-color="#FFFFFF"') == 2


@pytest.mark.render
def test_an_interrupted_deck_build_leaves_the_previous_deck(deck, tmp_path, monkeypatch):
    from scenes.kit import slides

    renders = deck[0]
    target = tmp_path / "slides" / "deck"
    slides.write_deck(_beats(renders, "dark"), target, "pptx", "t")
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(slides, "write_pptx", interrupted)
    with pytest.raises(KeyboardInterrupt):
        slides.write_deck(_beats(renders, "light"), target, "pptx", "t")
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["deck"]  # no .partial-* left


# -- bad input: one line, exit 2, nothing rendered or written ------------------------------------
@pytest.fixture
def renders(tmp_path, monkeypatch):
    folder = tmp_path / "renders"
    folder.mkdir()
    (folder / "SmokeTest.mp4").write_bytes(b"previous clip")
    monkeypatch.setenv("NNFIT_RENDERS_DIR", str(folder))
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "args, message",
    [
        (["NoSuchClip"], "unknown scene 'NoSuchClip'; valid: "),
        (["SmokeTest:seed=-4"], "seed=-4 is out of range"),
        (["SmokeTest", "--set", "colour=red"], "no parameter 'colour'"),
        (["SmokeTest:seed=1", "--set", "seed=2"], "seed given both"),
        ([], "name the clips of the deck, or --all"),
        (["SmokeTest", "--out", "{file}/deck"], "is not a folder"),
        (["SmokeTest", "--out", "{file}"], "it is a file"),
        (["SmokeTest", "--format", "html", "--npm", "{empty}"], "HTML decks need reveal.js 6.0.2"),
        (["SmokeTest", "--format", "pptx", "--no-pptx"], "PowerPoint decks need python-pptx"),
    ],
)
def test_bad_input_exits_2_with_one_line_before_rendering(
    renders, tmp_path, monkeypatch, capsys, args, message
):
    import sys

    from scenes.kit import batch
    from scenes.kit.cli import main

    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    args = [a.format(file=afile, empty=tmp_path / "empty") for a in args]
    if "--npm" in args:
        i = args.index("--npm")
        monkeypatch.setenv("NNFIT_NPM_DIR", args.pop(i + 1))
        args.pop(i)
    if "--no-pptx" in args:
        args.remove("--no-pptx")
        monkeypatch.setitem(sys.modules, "pptx", None)  # import pptx raises ImportError

    if not html_available() and "--format" not in args:
        args += ["--format", "pptx"]

    def no_render(*a, **k):
        raise AssertionError("rendered despite bad input")

    monkeypatch.setattr(batch, "ManimProcess", no_render)
    before = _snapshot(renders)
    status = main(["slides", *args])
    err = capsys.readouterr().err
    assert status == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], err
    assert _snapshot(renders) == before and not (renders / "slides").exists()
    assert afile.read_text() == "not a folder"
