"""`ClipScene`: the base of every clip, tying parameters, theme and data together.

A clip subclasses it, declares ``PARAMS``, computes what it shows in
``prepare`` (from ``nnmath``, through the trajectory cache) and draws in
``construct``. ``prepare`` runs before any frame, so bad parameters (even
ones only training reveals, like a diverging learning rate) stop the render
with a one-line :class:`ParamError` and nothing written.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any, ClassVar

from manim import Scene, ThreeDScene

from .params import THEME_PARAM, Param, ParamError, ParamValues, resolve
from .shared import THEMES, Theme, apply_theme_defaults


class ClipMixin:
    """Parameter, theme and data handling shared by 2-D and 3-D clips."""

    PARAMS: ClassVar[tuple[Param, ...]] = ()
    #: One line describing the clip, for ``python -m scenes list``.
    SUMMARY: ClassVar[str] = ""
    #: Rendered by ``make render`` / ``render --all``.
    IN_DEFAULT_RENDER: ClassVar[bool] = True

    p: ParamValues
    theme: Theme
    data: Any

    @classmethod
    def all_params(cls) -> tuple[Param, ...]:
        return tuple(cls.PARAMS) + (THEME_PARAM,)

    @classmethod
    def resolve_params(cls, overrides: Mapping[str, Any] | None = None) -> ParamValues:
        return resolve(cls.__name__, cls.all_params(), overrides)

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


class ClipScene(ClipMixin, Scene):
    """Base class of 2-D clips. Construct with ``params={...}`` to override defaults."""

    def __init__(self, params: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        self._init_clip(params)
        super().__init__(**kwargs)

    def setup(self) -> None:
        super().setup()
        self._setup_clip()


class ClipScene3D(ClipMixin, ThreeDScene):
    """Base class of 3-D clips."""

    def __init__(self, params: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        self._init_clip(params)
        super().__init__(**kwargs)

    def setup(self) -> None:
        super().setup()
        self._setup_clip()


__all__ = ["ClipScene", "ClipScene3D", "ClipMixin", "Param", "ParamError"]
