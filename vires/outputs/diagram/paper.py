"""Paper sizes, and whether a drawing printed on one keeps every text at 9 pt or more.

A drawing carries the paper's printable area as its DOT `size`, so `dot` scales down only what is
larger; `printed_size` reads every font size the DOT gives and the scale `dot` applied.
"""

from __future__ import annotations

import re

import attrs

MIN_POINTS = 9.0  # no text on the printed page is smaller
MARGIN = 0.25  # inches left blank on each side of the sheet (6 mm: within what printers print)


@attrs.frozen
class Paper:
    """A sheet in landscape: its name and its width and height in inches."""

    name: str
    width: float
    height: float

    @property
    def size(self) -> str:
        """The printable area as a DOT `size` (inches, width first)."""
        return f"{self.width - 2 * MARGIN:.2f},{self.height - 2 * MARGIN:.2f}"

    @property
    def points(self) -> tuple[float, float]:
        """The sheet in points (72 an inch), width first."""
        return round(self.width * 72), round(self.height * 72)

    def __str__(self) -> str:
        return f"{self.name.upper()} landscape"


PAPERS = {"a4": Paper("a4", 11.69, 8.27), "a3": Paper("a3", 16.54, 11.69)}

_SIZES = re.compile(r'(?:fontsize="|POINT-SIZE=")([0-9.]+)"')


def font_sizes(dot: str) -> list[float]:
    """Every font size a DOT text gives: `fontsize` attributes (defaults included) and HTML `POINT-SIZE`."""
    return [float(size) for size in _SIZES.findall(dot)]


def printed_size(dot: str, scale: float) -> float:
    """The smallest text of `dot` in points once drawn at `scale` (what `dot` applied to fit the paper)."""
    return min(font_sizes(dot), default=14.0) * scale


def legible(dot: str, scale: float) -> bool:
    """Does every text of `dot` print at `MIN_POINTS` or more at `scale`?"""
    return printed_size(dot, scale) >= MIN_POINTS - 1e-6
