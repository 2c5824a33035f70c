"""Fades that change opacities in place, without Manim's copies."""

from __future__ import annotations

import numpy as np
from manim import (
    Animation,
    Mobject,
    VMobject,
)
from manim.mobject.types.image_mobject import AbstractImageMobject

# -- drawing: images composited where they are, fades without copies -------------


class Fade(Animation):
    """``FadeIn`` / ``FadeOut`` (no shift) that changes opacities in place, without copies.

    Manim's fades deep-copy the mobject twice at their start (for a group of
    images, texts and a network diagram that costs more than the frames) and
    interpolate every point each frame. Here each family member's colour
    alphas (an image's alpha channel) are scaled by the faded amount, the
    way ``FadeIn`` interpolates them from 0; the end state is restored exactly.
    """

    def __init__(self, mobject: Mobject, fade_in: bool = True, **kwargs) -> None:
        self.fade_in = fade_in
        kwargs.setdefault("introducer", fade_in)
        kwargs.setdefault("remover", not fade_in)
        super().__init__(mobject, **kwargs)

    def begin(self) -> None:
        # one entry per family member with points, in the order Manim staggers them
        self._alphas = []
        for mob in self.mobject.family_members_with_points():
            saved = {}
            if isinstance(mob, VMobject):
                for name in ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas"):
                    value = getattr(mob, name, None)
                    if value is not None and len(value):
                        saved[name] = value[:, 3].copy()
            elif isinstance(mob, AbstractImageMobject) and hasattr(mob, "pixel_array"):
                saved["pixel_array"] = mob.pixel_array[..., 3].copy()
            self._alphas.append((mob, saved))
        super().begin()

    def create_starting_mobject(self) -> Mobject:
        return Mobject()  # never read: the alphas are computed from the saved ones

    def interpolate_mobject(self, alpha: float) -> None:
        n = len(self._alphas)
        for i, (mob, saved) in enumerate(self._alphas):
            level = self.get_sub_alpha(alpha, i, n)  # rate_func and lag_ratio as Manim's
            self._set_alphas(mob, saved, level if self.fade_in else 1.0 - level)

    @staticmethod
    def _set_alphas(mob: Mobject, saved: dict, level: float) -> None:
        for name, original in saved.items():
            if name == "pixel_array":
                mob.pixel_array[..., 3] = (original * level).astype(np.uint8)
            else:
                getattr(mob, name)[:, 3] = original * level

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        for mob, saved in self._alphas:  # the mobject ends as it began (shown in full)
            self._set_alphas(mob, saved, 1.0)


def fade_in(mobject: Mobject, **kwargs) -> Fade:
    return Fade(mobject, fade_in=True, **kwargs)


def fade_out(mobject: Mobject, **kwargs) -> Fade:
    return Fade(mobject, fade_in=False, **kwargs)
