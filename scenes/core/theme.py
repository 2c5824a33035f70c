"""The two themes (dark for video, light for slides) and the Okabe-Ito palette.

Colours come from the Okabe-Ito palette, chosen to stay distinguishable with
red-green colour blindness; positive/negative pairs are blue/orange, never
red/green. Every widget takes the theme, so a clip renders in both themes.
"""

from __future__ import annotations

from dataclasses import dataclass

from manim import (
    DecimalNumber,
    Integer,
    MathTex,
    Tex,
    Text,
)

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    muted: str  # secondary text, axis ticks
    axis: str
    primary: str  # the model / the curve being fitted
    secondary: str  # data, errors
    accent: str  # highlights, the current point
    positive: str  # positive weights
    negative: str  # negative weights
    good: str  # correct answers, falling loss
    bad: str  # mistakes

    def sequence(self) -> list[str]:
        """Distinct colours for several curves (e.g. several neurons)."""
        return [self.primary, self.secondary, self.good, self.accent, self.bad, self.muted]


THEMES = {
    "dark": Theme(
        name="dark",
        background="#14161B",
        text="#F2F2F2",
        muted="#A0A4AB",
        axis="#C8CCD2",
        primary=OKABE_ITO["sky_blue"],
        secondary=OKABE_ITO["orange"],
        accent=OKABE_ITO["yellow"],
        positive=OKABE_ITO["sky_blue"],
        negative=OKABE_ITO["orange"],
        good=OKABE_ITO["bluish_green"],
        bad=OKABE_ITO["reddish_purple"],
    ),
    "light": Theme(
        name="light",
        background="#FFFFFF",
        text="#1A1A1A",
        muted="#5F6368",
        axis="#3C4043",
        primary=OKABE_ITO["blue"],
        secondary=OKABE_ITO["vermillion"],
        accent=OKABE_ITO["reddish_purple"],
        positive=OKABE_ITO["blue"],
        negative=OKABE_ITO["vermillion"],
        good=OKABE_ITO["bluish_green"],
        bad=OKABE_ITO["reddish_purple"],
    ),
}


#: Sans-serif reads better on video than Pango's serif default; DejaVu ships
#: with fontconfig on Debian/Ubuntu, so it is always there.
FONT = "DejaVu Sans"


#: Mobject classes whose default colour is the theme's text colour. Widgets that
#: draw text of their own (``LiveNumber``) add their class here when defined.
THEMED_TEXT: list[type] = [Text, MathTex, Tex, DecimalNumber, Integer]


def apply_theme_defaults(theme: Theme) -> None:
    """Make text and numbers default to the theme's text colour and font."""
    for cls in THEMED_TEXT:
        cls.set_default(color=theme.text)
    Text.set_default(color=theme.text, font=FONT)
