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
    """A theme's colours, each named by what it means (DESIGN.md rule 7).

    Clips use these roles only (never a palette name or a hex string), so one
    colour means one thing across the series and in both themes.
    """

    name: str
    background: str
    text: str  # words and numbers; also the data (points, images' ink)
    muted: str  # secondary marks: ghosts, grid lines, faint individual curves
    axis: str  # axes and their ticks
    positive: str  # positive weights and values
    negative: str  # negative weights and values
    model: str  # the model, its prediction, the curve being fitted
    data: str  # the data: points, examples (the text colour)
    compare: str  # a second method or condition set against the first
    correct: str  # correct answers, what went right
    wrong: str  # mistakes, what went wrong
    highlight: str  # "look here now": the current point, the parameter that moves

    def sequence(self) -> list[str]:
        """Distinct colours for several curves of one kind (e.g. several neurons)."""
        return [self.model, self.compare, self.correct, self.highlight, self.wrong, self.muted]


#: The roles, in the order a legend of all of them would list them.
ROLES = ("positive", "negative", "model", "data", "compare", "correct", "wrong", "highlight")

THEMES = {
    "dark": Theme(
        name="dark",
        background="#14161B",
        text="#F2F2F2",
        muted="#A0A4AB",
        axis="#C8CCD2",
        positive=OKABE_ITO["sky_blue"],
        negative=OKABE_ITO["orange"],
        model=OKABE_ITO["sky_blue"],
        data="#F2F2F2",
        compare=OKABE_ITO["orange"],
        correct=OKABE_ITO["bluish_green"],
        wrong=OKABE_ITO["reddish_purple"],
        highlight=OKABE_ITO["yellow"],
    ),
    "light": Theme(
        name="light",
        background="#FFFFFF",
        text="#1A1A1A",
        muted="#5F6368",
        axis="#3C4043",
        positive=OKABE_ITO["blue"],
        negative=OKABE_ITO["vermillion"],
        model=OKABE_ITO["blue"],
        data="#1A1A1A",
        compare=OKABE_ITO["vermillion"],
        correct=OKABE_ITO["bluish_green"],
        wrong=OKABE_ITO["reddish_purple"],
        # Okabe-Ito's yellow darkened to 4.1:1 on white: its own hue, not "wrong"'s purple
        highlight="#8C7E00",
    ),
}


class Size:
    """The four text sizes of the series (Manim font sizes, DejaVu Sans), named once.

    DESIGN.md rule 3: capitals at least 3% of the frame height for anything a viewer
    must read (DejaVu Sans at 24 or more), 2% for tick labels (16 or more); a
    60-character headline fits one line at the caption size.
    """

    TITLE = 40
    CAPTION = 28
    READOUT = 26
    TICK = 18


#: Capital height of DejaVu Sans per unit of Manim font size, as a fraction of the frame
#: height (measured: font size 22 gives capitals 2.8% of the frame, 26 gives 3.3%).
CAP_HEIGHT_PER_SIZE = 0.0012727
#: Rule 3's minimums, as capital heights (fractions of the frame height).
MIN_CAP_READ, MIN_CAP_TICK = 0.03, 0.02


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
