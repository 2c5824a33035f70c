"""Images: digits (grey levels), weight grids in a diverging colour-blind-safe palette, legends."""

from __future__ import annotations

import numpy as np
from manim import (  # noqa: E402
    DOWN,
    LEFT,
    RIGHT,
    Group,
    Mobject,
    Rectangle,
    Text,
)

from scenes.core.theme import Size, Theme
from scenes.render.freeze import pixel_image
from scenes.widgets.text import with_role


def framed(mob, theme: Theme, width: float = 1.5) -> Group:
    """An image with a thin outline, so an all-background grid still shows its extent."""
    frame = Rectangle(
        width=mob.width, height=mob.height, stroke_color=theme.muted, stroke_width=width
    ).move_to(mob)
    return Group(mob, frame)


# -- images: digits and weight grids ----------------------------------------
def _hex_to_rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    return np.array([int(color[i : i + 2], 16) for i in (0, 2, 4)], dtype=float)


def colour_rgb(colour: str) -> np.ndarray:
    """A theme colour (``theme.correct`` ...) as three uint8 channels, for pixel images."""
    return _hex_to_rgb(colour).astype(np.uint8)


def diverging_rgb(values: np.ndarray, theme: Theme, scale: float | None = None) -> np.ndarray:
    """Map signed values to RGB: positive -> theme.positive, negative -> theme.negative.

    Brightness (distance from the background colour) grows with ``|value| / scale``;
    ``scale`` defaults to the largest absolute value, so each grid uses its own range.
    """
    values = np.asarray(values, dtype=float)
    if scale is None:
        scale = float(np.max(np.abs(values))) or 1.0
    strength = np.clip(np.abs(values) / scale, 0.0, 1.0)[..., None]
    background = _hex_to_rgb(theme.background)
    target = np.where(
        (values >= 0)[..., None], _hex_to_rgb(theme.positive), _hex_to_rgb(theme.negative)
    )
    return np.rint(background * (1.0 - strength) + target * strength).astype(np.uint8)


def grey_image(values: np.ndarray, height: float = 2.0, theme: Theme | None = None) -> Mobject:
    """A 2-D array of grey levels in [0, 1] (a digit, a feature map) as one sharp image.

    As neurons are drawn (:func:`activation_hex`): in the dark theme (and with
    no theme) 0 is black and 1 white; in the light theme 0 is white and 1
    black, ink on paper, so a pixel and the input neuron it lights look alike
    and the theme's outline colours stay readable on it.
    """
    return pixel_image(grey_rgb(values, theme), height)


def grey_rgb(values: np.ndarray, theme: Theme | None = None) -> np.ndarray:
    """The ``(H, W, 3)`` uint8 pixels :func:`grey_image` draws for a 2-D array in [0, 1]
    (also for repainting an image in place: ``image.pixel_array[..., :3] = grey_rgb(...)``)."""
    grey = np.clip(np.asarray(values, float), 0.0, 1.0)
    if grey.ndim != 2:
        raise ValueError(f"grey_image needs a 2-D array, got shape {grey.shape}")
    if theme is not None and theme.name != "dark":
        grey = 1.0 - grey
    level = np.rint(grey * 255).astype(np.uint8)
    return np.repeat(level[..., None], 3, axis=2)


def digit_image(pixels: np.ndarray, height: float = 2.0, theme: Theme | None = None) -> Mobject:
    """A 28x28 grey-level digit (784 values in [0, 1]) as one image: see :func:`grey_image`."""
    return grey_image(np.asarray(pixels, float).reshape(28, 28), height, theme)


def weight_grid(
    weights: np.ndarray, theme: Theme, height: float = 2.0, scale: float | None = None
) -> Mobject:
    """784 weights as one 28x28 image: diverging colours, brightness by magnitude."""
    return pixel_image(diverging_rgb(np.asarray(weights).reshape(28, 28), theme, scale), height)


def weight_legend(theme: Theme, scale: float, width: float = 2.0,
                  font_size: float = Size.TICK) -> Group:  # fmt: skip
    """A small colour bar from -scale to +scale with its end values (tick labels)."""
    from manim import Group

    ramp = np.linspace(-scale, scale, 64)[None, :].repeat(4, axis=0)
    bar = pixel_image(diverging_rgb(ramp, theme, scale), height=width * 4 / 64)
    bar.width = width
    lo = Text(f"{-scale:.2f}", font_size=font_size, color=theme.negative)
    hi = Text(f"+{scale:.2f}", font_size=font_size, color=theme.positive)
    zero = Text("0", font_size=font_size, color=theme.muted)
    lo.next_to(bar, DOWN, buff=0.08).align_to(bar, LEFT)
    hi.next_to(bar, DOWN, buff=0.08).align_to(bar, RIGHT)
    zero.next_to(bar, DOWN, buff=0.08)
    for label in (lo, zero, hi):
        with_role(label, "tick")
    return Group(bar, lo, zero, hi)


def grey_hex(value: float) -> str:
    """The grey of a value in [0, 1]: 0 black, 1 white (as :func:`digit_image` draws pixels)."""
    level = int(np.rint(np.clip(float(value), 0.0, 1.0) * 255))
    return f"#{level:02X}{level:02X}{level:02X}"


def activation_hex(value: float, theme: Theme) -> str:
    """The fill of a neuron holding ``value`` in [0, 1]: a grey from the background to the ink.

    Dark theme: 0 black, 1 white (as :func:`digit_image` draws pixels). Light
    theme: 0 white, 1 black, so a fully active neuron never vanishes into a
    white slide. Neurons keep an outline, so 0 stays visible in both.
    """
    v = float(np.clip(value, 0.0, 1.0))
    return grey_hex(v if theme.name == "dark" else 1.0 - v)


def grey_words(theme: Theme) -> tuple[str, str]:
    """How 0 and 1 look in ``theme`` (for captions): ("black", "white") or the reverse."""
    return ("black", "white") if theme.name == "dark" else ("white", "black")
