"""Real renders, one folder for both: a batch sweep, then the gallery page built over it.

The sweep renders SmokeTest over a 3x2 grid (one value out of range); the
gallery adds a transparent light clip and a PNG to the same folder, then is
checked as text and in a real headless Chromium (``tests/browser.py``).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from tests.browser import Chromium, find_chromium
from tests.conftest import playable_seconds, run_cli

SWEPT = ["SmokeTest__seed-1.mp4", "SmokeTest__seed-1_theme-light.mp4",
         "SmokeTest__seed-2.mp4", "SmokeTest__seed-2_theme-light.mp4"]  # fmt: skip


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """A 3x2 sweep where seed=-5 is out of range: four renders and two failed rows."""
    renders = tmp_path_factory.mktemp("renders")
    (renders / "SmokeTest__seed-1.mp4").write_bytes(b"older render")  # replaced when complete
    proc = run_cli("render", "SmokeTest", "--sweep", "seed=1,-5,2", "--sweep", "theme=dark,light",
                   "--save-sections", "--jobs", "2", renders=renders)  # fmt: skip
    listing = sorted(p.name for p in renders.iterdir() if p.is_file() and p.suffix == ".mp4")
    return renders, proc, listing


@pytest.fixture(scope="module")
def gallery_folder(swept):
    """The swept folder plus a light transparent .mov and a PNG, then the page."""
    from scenes.clips.smoke import SmokeTest
    from scenes.kit.batch import plan_job, run_batch
    from scenes.kit.outputs import RenderOptions

    renders = swept[0]
    jobs = [
        plan_job(SmokeTest, ["seed=2", "theme=light"], RenderOptions(transparent=True)),
        plan_job(SmokeTest, ["seed=9"], RenderOptions(fmt="png")),
    ]
    result = run_batch(jobs, 2, renders)
    assert result.ok, [(j.label, j.status, j.message) for j in result.jobs]
    (renders / "notes.mp4").write_bytes(b"not a video")  # a stray file must not break the page
    page = run_cli("gallery", renders=renders)
    assert page.returncode == 0, page.stderr
    assert "7 rendered file(s)" in page.stdout
    return renders


# -- the sweep --------------------------------------------------------------------------
@pytest.mark.render
def test_sweep_renders_the_grid_named_by_parameters(swept):
    renders, _, listing = swept
    assert listing == SWEPT
    for name in SWEPT:
        assert playable_seconds(renders / name) > 1.0
    assert not list(renders.glob(".partial-*"))
    # one file per beat plus Manim's JSON index, in sections/<file stem>/
    for name in SWEPT:
        folder = renders / "sections" / name.removesuffix(".mp4")
        index = json.loads((folder / "SmokeTest.json").read_text())
        assert index and all((folder / entry["video"]).is_file() for entry in index)
        assert float(index[0]["duration"]) > 1.0
    assert not list((renders / "sections").glob(".partial-*"))


@pytest.mark.render
def test_every_render_has_subtitles_from_its_beats(swept):
    from scenes.clips.smoke import SmokeTest
    from tests.conftest import build_scene

    renders, _, _ = swept
    (beat,) = build_scene(SmokeTest, {"seed": 1}).beat_log  # the dry run's beat log
    for name in SWEPT:
        video = renders / name
        srt = video.with_suffix(".srt").read_text().splitlines()
        vtt = video.with_suffix(".vtt").read_text().splitlines()
        assert srt[0] == "1" and srt[2] == vtt[3] == beat.narration
        assert vtt[0] == "WEBVTT"
        start, end = srt[1].split(" --> ")
        assert start == "00:00:00,000" == vtt[2].split(" --> ")[0].replace(".", ",")
        # the cue lasts until the clip ends: the video's length, within a frame
        seconds = sum(float(x) * f for x, f in zip(end.replace(",", ".").split(":"), (3600, 60, 1)))
        assert abs(seconds - playable_seconds(video)) <= 1 / 15 + 1e-3
    assert not list(renders.glob(".partial-*"))


@pytest.mark.render
def test_a_bad_parameter_set_fails_in_the_table_and_the_others_render(swept):
    _, proc, _ = swept
    assert proc.returncode == 1, proc.stderr
    rows = {
        line.split("  ")[0].strip(): line
        for line in proc.stdout.splitlines()
        if line.startswith("SmokeTest") and ": " not in line  # rows, not the problem list
    }
    assert len(rows) == 6
    for label in ("SmokeTest seed=-5 theme=dark", "SmokeTest seed=-5 theme=light"):
        assert "bad parameters" in rows[label]
    for label in ("SmokeTest seed=1", "SmokeTest seed=1 theme=light", "SmokeTest seed=2"):
        assert " ok " in rows[label] and rows[label].rstrip().endswith(".mp4")
    assert "seed=-5 is out of range" in proc.stdout
    assert "4 of 6 rendered" in proc.stdout
    assert "[6/6, 2 failed]" in proc.stderr  # progress lines on stderr


# -- the gallery, without a browser -----------------------------------------------------------
@pytest.mark.render
def test_page_lists_every_file_with_poster_command_and_sections(gallery_folder):
    html = (gallery_folder / "index.html").read_text()
    expected = {
        "SmokeTest__seed-1.mp4": "python -m scenes render SmokeTest --set seed=1 --save-sections",
        "SmokeTest__seed-2_theme-light.mp4":
            "python -m scenes render SmokeTest --set seed=2 --set theme=light --save-sections",
        "SmokeTest__seed-2_theme-light.transparent.mov":
            "python -m scenes render SmokeTest --set seed=2 --set theme=light --transparent",
        "SmokeTest__seed-9.png": "python -m scenes render SmokeTest --set seed=9 --format png",
    }  # fmt: skip
    for name, command in expected.items():
        assert f'href="{name}"' in html
        assert f"<code>{command}</code>" in html
    for name in (*SWEPT, "SmokeTest__seed-2_theme-light.transparent.mov"):
        poster = gallery_folder / "posters" / f"{name}.jpg"
        assert poster.is_file() and poster.stat().st_size > 1000
        assert f'posters/{name}.jpg"' in html
    assert "sections/SmokeTest__seed-1/SmokeTest_0000_network.mp4" in html
    # each clip video carries its narration as a captions track, off until turned on
    for name in SWEPT:
        track = f'<track kind="captions" srclang="en" label="Narration" src="{name[:-4]}.vtt">'
        assert track in html
    assert " default " not in html.split("<track", 1)[1].split(">", 1)[0]
    assert "notes.mp4" in html and "not made by this project" in html
    assert "http://" not in html and "https://" not in html  # nothing fetched from the network
    assert not list(gallery_folder.glob(".partial-*"))
    # every registered clip without a default render is listed with its command
    from scenes.kit.registry import all_scenes

    for name in all_scenes():
        if name != "SmokeTest":
            assert f"<code>python -m scenes render {name}</code>" in html


# -- in Chromium -------------------------------------------------------------------
@pytest.mark.render
def test_page_works_in_headless_chromium(gallery_folder, tmp_path):
    binary = find_chromium()
    if binary is None:
        pytest.skip("no chromium: run tools/test-deps.sh (make test does)")
    browser = Chromium(binary, tmp_path / "profile")
    try:
        browser.open((gallery_folder / "index.html").as_uri())
        videos = browser.evaluate("""
            Promise.all([...document.querySelectorAll('video')].map(v => new Promise(done => {
                const report = () => done({src: v.currentSrc, duration: v.duration,
                                           error: v.error ? v.error.code : null});
                if (v.readyState >= 1 || v.error) { report(); return; }
                v.addEventListener('loadedmetadata', report);
                v.addEventListener('error', report);
                setTimeout(report, 15000);
            })))""")
        images = browser.evaluate("""
            Promise.all([...document.images].map(i => (i.decode ? i.decode() : Promise.resolve())
                .then(() => true, () => false)
                .then(ok => ({src: i.currentSrc, ok: ok && i.naturalWidth > 0}))))""")
        layout = browser.evaluate("""({
            cards: document.querySelectorAll('.card').length,
            columns: getComputedStyle(document.querySelector('.grid'))
                .gridTemplateColumns.split(' ').length,
            missing: document.querySelectorAll('#missing tbody tr').length})""")
        broken = browser.evaluate("[...document.querySelectorAll('.card.broken .file a')]"
                                  ".map(h => h.textContent)")  # fmt: skip
        time.sleep(0.5)  # let late console messages arrive
        problems = browser.problems()
        browser.evaluate("console.error('harness check')")  # the check itself can fail
        time.sleep(0.3)
        assert any("harness check" in p for p in browser.problems())
        shot = tmp_path / "gallery.png"
        browser.screenshot(shot)
    finally:
        browser.close()
    if os.environ.get("NNFIT_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["NNFIT_KEEP_SCREENSHOT"])

    # the stray "notes.mp4" is the one video allowed to fail
    real = [v for v in videos if not v["src"].endswith("/notes.mp4")]
    assert len(real) == 4, videos  # the four swept clips (the .mov and the PNG are images)
    for video in real:
        assert video["error"] is None and video["duration"] > 0.5, video
        assert playable_seconds(Path(video["src"].removeprefix("file://"))) > 0.5
    assert images and all(i["ok"] for i in images), images
    assert not problems, problems  # console errors, exceptions, failed loads (posters)
    assert broken == ["notes.mp4"]  # the page marks the file it cannot play
    assert layout["cards"] == 7 and layout["columns"] >= 3, layout

    from PIL import Image

    with Image.open(shot) as image:
        assert image.width == 1280 and image.height > 600
        colours = image.convert("RGB").resize((64, 64)).getcolors(64 * 64)
        assert colours is not None and len(colours) > 20  # not a blank page
