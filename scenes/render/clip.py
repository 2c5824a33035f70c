"""`ClipScene`: the base of every clip, tying parameters, theme and data together.

A clip subclasses it, declares ``PARAMS``, computes what it shows in
``prepare`` (from ``nnmath``, through the trajectory cache) and draws in
``construct``. ``prepare`` runs before any frame, so bad parameters (even
ones only training reveals, like a diverging learning rate) stop the render
with a one-line :class:`ParamError` and nothing written.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from manim import AnimationGroup, Mobject, Scene, ThreeDScene, config
from manim.constants import RendererType

from scenes.core.params import THEME_PARAM, Param, ParamError, ParamValues, resolve
from scenes.core.theme import THEMES, Theme, apply_theme_defaults
from scenes.render.cameras import ImageCamera


@dataclass(frozen=True)
class BeatNote:
    """A story beat as the clip told it: its section, headline, narration and start (s)."""

    name: str
    headline: str
    narration: str
    start: float


class ClipMixin:
    """Parameter, theme and data handling shared by 2-D and 3-D clips.

    Also the clip's clock (seconds of video so far, counted from each play's
    run time, so it is right in a dry run too) and its beats (``record_beat``).
    """

    PARAMS: ClassVar[tuple[Param, ...]] = ()
    #: One line describing the clip, for ``python -m scenes list``.
    SUMMARY: ClassVar[str] = ""
    #: Rendered by ``make render`` / ``render --all``.
    IN_DEFAULT_RENDER: ClassVar[bool] = True
    #: Text over a line that is intended, for ``python -m scenes check``: pairs of (regex
    #: on the text, name of the line's class or its ``layout_name``), each with a comment.
    LAYOUT_ALLOW: ClassVar[tuple[tuple[str, str], ...]] = ()

    p: ParamValues
    theme: Theme
    data: Any

    @classmethod
    def all_params(cls) -> tuple[Param, ...]:
        from scenes.render.narration import NARRATE_PARAM, VOICE_PARAM

        return tuple(cls.PARAMS) + (THEME_PARAM, NARRATE_PARAM, VOICE_PARAM)

    @classmethod
    def resolve_params(cls, overrides: Mapping[str, Any] | None = None) -> ParamValues:
        values = resolve(cls.__name__, cls.all_params(), overrides)
        if values.narrate:  # a missing voice stops here, before any work
            from scenes.render.narration import choose_voice

            choose_voice(values.voice)
        return values

    @classmethod
    def prepare(cls, p: ParamValues) -> Any:
        """Compute (or load from the cache) everything the clip shows.

        Raise :class:`ParamError` for parameter combinations that cannot work.
        """
        return None

    def _init_clip(self, params: Mapping[str, Any] | None) -> None:
        self._overrides = dict(params or {})
        self._from_python = params is not None
        #: Values the clip displays, by name, so tests can check them against nnmath.
        self.shown: dict[str, Any] = {}
        #: Seconds of video before the current play (its frames, as ``_frames_time`` counts).
        self.clock = 0.0
        #: The beats told so far, in order (see ``Captions.beat``).
        self.beat_log: list[BeatNote] = []
        #: Narrated: when the last beat's speech (and its pause) ends, on ``clock``.
        self.speech_end = 0.0
        #: Narrated: (start, seconds) of every beat's speech, on ``clock``.
        self.speech_log: list[tuple[float, float]] = []

    def play(self, *args: Any, **kwargs: Any) -> None:
        before_range = self._before_range()
        super().play(*args, **kwargs)  # type: ignore[misc]
        if before_range and not self.is_current_animation_frozen_frame():  # type: ignore[attr-defined]
            self.update_mobjects(0)  # type: ignore[attr-defined]  # as a drawn play ends
        self.clock += self._frames_time(float(getattr(self, "duration", 0.0) or 0.0))

    # -- a range of plays (manim -n START,END; render --split) ------------------------
    def _before_range(self) -> bool:
        """This play comes before the range being rendered: Manim runs it without frames."""
        renderer = self.renderer  # type: ignore[attr-defined]
        start = config.from_animation_number or 0
        if not start or renderer.num_plays >= start:
            return False
        sections = getattr(getattr(renderer, "file_writer", None), "sections", None)
        return not (sections and sections[-1].skip_animations)  # a skipped section is always

    def get_time_progression(self, run_time: float, description: str = "",
                             n_iterations: int | None = None,
                             override_skip_animations: bool = False):  # fmt: skip
        """Before the range, a play still steps through every frame's time when something
        updates with ``dt`` (an ambient camera turn): the state it leaves is the one drawing
        it would have left, so the range's first frame is the whole render's."""
        if not override_skip_animations and self._before_range() and any(
            m.has_time_based_updater() for m in self.get_mobject_family_members()  # type: ignore[attr-defined]
        ):
            override_skip_animations = True
        return super().get_time_progression(  # type: ignore[misc]
            run_time, description, n_iterations, override_skip_animations
        )

    def play_internal(self, skip_rendering: bool = False) -> None:
        # before the range nothing is drawn, even when every frame's time is stepped through
        super().play_internal(skip_rendering or self._before_range())  # type: ignore[misc]

    def _frames_time(self, duration: float) -> float:
        """Seconds of video the last play wrote: whole frames, counted as Manim counts them.

        A still wait is ``int(duration * fps)`` frames, anything else one frame per
        ``1/fps`` step of ``np.arange(0, duration, 1/fps)``; adding run times instead
        drifts by up to a frame a play (seconds, over a clip at 15 fps).
        """
        fps = float(config.frame_rate)
        if duration <= 0 or fps <= 0:
            return max(duration, 0.0)
        try:
            frozen = bool(self.animations) and self.is_current_animation_frozen_frame()
        except (AttributeError, AssertionError, IndexError):
            frozen = False
        dt = 1 / fps
        frames = int(duration / dt) if frozen else len(np.arange(0, duration, dt))
        return frames * dt

    # -- narration -------------------------------------------------------------
    def hold_for_speech(self) -> None:
        """Narrated: a still frame until the current beat's speech and its pause have ended."""
        rest = self.speech_end - self.clock
        if rest > 1e-6:
            self.wait(rest)
            if self.speech_end - self.clock > 1e-6:  # the wait came out a frame short
                self.wait(1 / float(config.frame_rate))

    def next_section(self, *args: Any, **kwargs: Any) -> None:
        self.hold_for_speech()  # the hold belongs to the beat that speaks
        super().next_section(*args, **kwargs)  # type: ignore[misc]

    def tear_down(self) -> None:
        self.hold_for_speech()
        if self.speech_log and not config.dry_run:  # the audio track as long as the video
            writer = self.renderer.file_writer
            if getattr(writer, "includes_sound", False):
                from pydub import AudioSegment

                writer.add_audio_segment(AudioSegment.silent(0), self.clock)
        super().tear_down()  # type: ignore[misc]

    def _speak(self, narration: str) -> None:
        """Narrated: speak the beat starting now onto the audio track; the beat holds for it."""
        from scenes.render.narration import PAUSE, choose_voice, speak

        if not narration:
            return
        speech = speak(narration, choose_voice(self.p.voice))
        self.speech_log.append((self.clock, speech.seconds))
        self.speech_end = self.clock + speech.seconds + PAUSE
        if not config.dry_run and not self.renderer.skip_animations:
            self.add_sound(str(speech.path), time_offset=self.clock - self.renderer.time)

    def render(self, *args: Any, **kwargs: Any) -> Any:
        result = super().render(*args, **kwargs)  # type: ignore[misc]
        self._write_subtitles()
        return result

    def _write_subtitles(self) -> None:
        """After a full render to a movie: its ``.srt`` and ``.vtt`` from the beats."""
        from pathlib import Path

        from scenes.render.subtitles import write_subtitles

        if config.dry_run or not self.beat_log or config.from_animation_number:
            return  # no video, no beats, or a range of plays (its times start elsewhere)
        upto = config.upto_animation_number
        if upto is not None and 0 <= upto < float("inf"):
            return
        path = getattr(self.renderer.file_writer, "movie_file_path", None)
        if path and Path(path).is_file():
            write_subtitles(Path(path), self.beat_log, self.clock)

    def record_beat(self, name: str, headline: str, narration: str) -> BeatNote:
        """Note the beat starting now: its headline (on screen) and its narration (said)."""
        note = BeatNote(str(name), " ".join(headline.split()), " ".join(narration.split()),
                        self.clock)  # fmt: skip
        self.beat_log.append(note)
        if getattr(getattr(self, "p", None), "narrate", False):
            self._speak(note.narration)
        return note

    def _setup_clip(self) -> None:
        try:
            self.p = type(self).resolve_params(self._overrides)
            self.data = type(self).prepare(self.p)
        except ParamError as exc:
            if self._from_python:  # built from Python (tests, CLI): the caller handles it
                raise
            # under the plain manim CLI: one line, exit 2, no traceback
            print(f"error: {type(self).__name__}: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
        self.theme = THEMES[self.p.theme]
        apply_theme_defaults(self.theme)
        self.camera.background_color = self.theme.background


#: Scene units around an outline's points that its stroke and anti-aliasing may cover.
_INK_MARGIN = 0.15


def _checksum(values: np.ndarray) -> int:
    """CRC-32 of the values' bytes: changes when any value changes, moves or swaps.

    (A weighted sum through BLAS did the same job, but with several BLAS threads on
    a busy machine one call on a caption's points cost milliseconds.)
    """
    return zlib.crc32(np.ascontiguousarray(values, dtype=float))


def _signature(mob: Mobject) -> tuple:
    """Cheap fingerprint of what a mobject looks like: changes when it is edited in place."""
    parts: list[Any] = [id(mob.points), mob.points.shape, _checksum(mob.points)]
    for name in ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas"):
        value = getattr(mob, name, None)
        if value is not None:
            parts += [id(value), _checksum(value)]
    image = getattr(mob, "pixel_array", None)
    parts += [id(image), getattr(mob, "stroke_width", None), mob.z_index, len(mob.submobjects)]
    return tuple(parts)


def _boxes(mobs: Sequence[Mobject]) -> np.ndarray:
    """(n, 4) array of x0, y0, x1, y1 per mobject's own points, widened by the ink margin."""
    out = np.empty((len(mobs), 4))
    for i, mob in enumerate(mobs):
        pts = mob.points
        out[i, :2] = pts[:, :2].min(axis=0) - _INK_MARGIN
        out[i, 2:] = pts[:, :2].max(axis=0) + _INK_MARGIN
    return out


class ClipScene(ClipMixin, Scene):
    """Base class of 2-D clips. Construct with ``params={...}`` to override defaults.

    Redraws only what moves. Manim's Cairo renderer paints the still part of
    a frame once per ``play()`` and redraws the rest every frame, but "the
    rest" is everything after the first moving mobject in drawing order: a
    live readout drawn above the axes makes every caption, label and tick
    after it redraw too. Here those in-between mobjects are painted with the
    still part, and each frame checks the two things that would make that
    visibly different: a mobject changed without being animated (an
    updater editing a neighbour), or a moving outline coming within reach of
    one drawn above it. Either promotes it back to being redrawn every frame,
    in its place in the drawing order, and repaints the still part.
    tests/render/test_redraw.py renders scenes made of those cases both ways and
    compares every frame pixel for pixel. On the clips themselves (320x180,
    every frame) ReluNeuron, NetworkStructure, WeightedSum, MatrixNotation,
    CostOfOneExample and TestAccuracy came out identical; LeastSquaresLine differed in 1
    of 286 frames and SumOfRelus in 2 of 223, by at most 40 pixels each.
    """

    #: False: Manim's own choice of what to redraw (to compare against).
    REDRAW_ONLY_MOVING: ClassVar[bool] = True

    def __init__(self, params: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        self._init_clip(params)
        self._deferred: list[Mobject] = []
        kwargs.setdefault("camera_class", ImageCamera)  # same pixels, images drawn faster
        super().__init__(**kwargs)

    def setup(self) -> None:
        super().setup()
        self._setup_clip()

    # -- what to redraw each frame -------------------------------------------
    def get_moving_and_static_mobjects(self, animations):  # type: ignore[override]
        moving, static = super().get_moving_and_static_mobjects(animations)
        self._deferred = []
        if (
            not self.REDRAW_ONLY_MOVING
            or config.renderer != RendererType.CAIRO
            or self.renderer.skip_animations  # no frames to save time on
            or not moving
        ):
            return moving, static
        core: set[int] = set()

        def collect(anims) -> None:
            for anim in anims:
                core.update(map(id, anim.mobject.get_family()))
                if isinstance(anim, AnimationGroup):
                    collect(anim.animations)

        collect(animations)
        for mob in moving:
            if mob.updaters or mob in self.foreground_mobjects:
                core.update(map(id, mob.get_family()))
        # A drawn mobject whose family holds a moving one is redrawn whole.
        changed = True
        while changed:
            changed = False
            for mob in moving:
                if id(mob) not in core and mob.has_points():
                    family = mob.get_family()
                    if any(id(m) in core for m in family[1:]):
                        core.update(map(id, family))
                        changed = True
        drawn = [m for m in moving if m.has_points()]
        deferred = [m for m in drawn if id(m) not in core]
        kept = [m for m in drawn if id(m) in core]
        if not deferred or not kept:
            return moving, static
        self._core, self._all_moving, self._static = core, moving, static
        self._deferred = deferred
        self._deferred_boxes = _boxes(deferred)
        self._deferred_looks = [_signature(m) for m in deferred]
        self._deferred_rank = {id(m): i for i, m in enumerate(moving)}
        return self._moving_in_order(), static + deferred

    def _moving_in_order(self) -> list[Mobject]:
        return [m for m in self._all_moving if id(m) in self._core]

    def update_to_time(self, t: float) -> None:
        super().update_to_time(t)
        if self._deferred:
            self._promote_if_needed()

    def _promote_if_needed(self) -> None:
        """Move deferred mobjects that changed, or that moving ones now reach, to the redrawn."""
        moving = [m for m in self.moving_mobjects if m.has_points()]
        rank = self._deferred_rank
        promote: list[int] = []
        for i, mob in enumerate(self._deferred):
            if _signature(mob) != self._deferred_looks[i]:
                promote.append(i)
        if moving:
            boxes = _boxes(moving)
            ranks = np.array([rank.get(id(m), -1) for m in moving])
            d = self._deferred_boxes
            overlap = (
                (d[:, None, 0] <= boxes[None, :, 2])
                & (boxes[None, :, 0] <= d[:, None, 2])
                & (d[:, None, 1] <= boxes[None, :, 3])
                & (boxes[None, :, 1] <= d[:, None, 3])
            )
            # only a moving outline drawn *below* a deferred one can be wrongly painted over it
            below = ranks[None, :] < np.array([rank[id(m)] for m in self._deferred])[:, None]
            promote += [int(i) for i in np.flatnonzero((overlap & below).any(axis=1))]
        if not promote:
            return
        chosen = set(promote)
        for i in chosen:
            self._core.update(map(id, self._deferred[i].get_family()))
        keep = [i for i in range(len(self._deferred)) if i not in chosen]
        self._deferred = [self._deferred[i] for i in keep]
        self._deferred_boxes = self._deferred_boxes[keep]
        self._deferred_looks = [self._deferred_looks[i] for i in keep]
        known = {id(m) for m in self._all_moving}
        # mobjects added during the play (an introducer inside a Succession) stay drawn
        added = [m for m in self.moving_mobjects if id(m) not in known]
        self.moving_mobjects = self._moving_in_order() + added
        self.static_mobjects = self._static + self._deferred
        self.renderer.save_static_frame_data(self, self.static_mobjects)


class ClipScene3D(ClipMixin, ThreeDScene):
    """Base class of 3-D clips."""

    def __init__(self, params: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        self._init_clip(params)
        super().__init__(**kwargs)

    def setup(self) -> None:
        super().setup()
        self._setup_clip()

    def _drop_camera_trackers(self) -> None:
        # Manim leaves the camera's value trackers among the scene's mobjects after a
        # move; in any later play() where one comes after the first moving mobject,
        # ThreeDScene counts the camera as moving and redraws everything (a whole
        # surface) every frame. Trackers are never drawn, so removing them changes no
        # pixel (Manim does the same with its frame-centre tracker).
        self.remove(*self.renderer.camera.get_value_trackers())

    def move_camera(self, *args: Any, **kwargs: Any) -> None:
        super().move_camera(*args, **kwargs)
        self._drop_camera_trackers()

    def stop_ambient_camera_rotation(self, about: str = "theta") -> None:
        super().stop_ambient_camera_rotation(about)
        self._drop_camera_trackers()
