"""How a diagram looks: the font and its sizes, the shape of each kind of body, the inks, the widths of text."""

from __future__ import annotations

import attrs

FONT = "Helvetica"
# Point sizes before the drawing is fitted to the paper. The smallest is 10 so that a drawing may be
# scaled to 0.9 of its size and still print no text under 9 pt (`vires.outputs.diagram.paper`).
SIZE = {"title": 13, "question": 11, "name": 11, "text": 10}

KINDS = {  # kind -> node attributes, in the key's order
    "statutory-body": {"shape": "box", "style": "filled,bold", "fillcolor": "#cfe2f3", "penwidth": "1.6"},
    "committee": {"shape": "box", "style": "rounded,filled", "fillcolor": "#d9ead3"},
    "sub-committee": {"shape": "box", "style": "rounded,filled,dashed", "fillcolor": "#eef6ea"},
    "joint-committee": {"shape": "box", "style": "rounded,filled,bold", "fillcolor": "#b6d7a8"},
    "committees-in-common": {"shape": "box", "style": "rounded,filled", "fillcolor": "#d9ead3", "peripheries": "2"},
    "partnership": {"shape": "box", "style": "filled", "fillcolor": "#fff2cc", "peripheries": "2"},
    "officer": {"shape": "box", "style": "filled,diagonals", "fillcolor": "#e8e0f3"},  # a person: cut corners
    "member": {"shape": "box", "style": "filled,diagonals", "fillcolor": "#f9dde6"},
    "group": {"shape": "note", "style": "filled", "fillcolor": "#eeeeee"},
    "holder": {"shape": "box", "style": "rounded,dashed", "fillcolor": "#ffffff"},  # a selector, not a body
}
OUTSIDE = {"shape": "box", "style": "rounded,dashed", "fillcolor": "#ffffff", "color": "#808080"}

INK = {
    "in-force": "#1f4e79",
    "proposed": "#b45f06",
    "power": "#7f6000",
    "reserved": "#741b47",
    "accountable": "#808080",
    "chain": "#c00000",
    "inactive": "#999999",
    "grey": "#c8c8c8",
    "grey-text": "#999999",
    "note": "#595959",
}

# Characters a line of the heading: its title (at SIZE["title"]) and the rest. (Shapes that grow wider
# than their text, such as ellipses, are not used for bodies.)
WRAP = {"title": 50, "heading": 64}
MAX_POWERS = 4  # power and reservation lines in one box; the rest are counted


@attrs.frozen
class Proportions:
    """How wide a drawing grows against how tall: characters a line of the smaller text in boxes and of
    the labels of lines, columns of the key, and leaves of one body side by side before another row
    starts. `draw` tries `PROPORTIONS` in turn and keeps the first that fits the paper (or else the one
    whose text prints largest)."""

    box: int = 32
    label: int = 18
    key_columns: int = 3
    leaves: int = 3


# Tried in turn: a wider key, and boxes stacked one under the other, where the drawing is too tall;
# wider boxes and labels; then narrower boxes and labels where it is too wide.
PROPORTIONS = (
    Proportions(),
    Proportions(key_columns=4),
    Proportions(key_columns=4, leaves=1),
    Proportions(box=24, key_columns=4),
    Proportions(box=24, key_columns=4, leaves=1),
    Proportions(box=28, key_columns=4, leaves=2),
    Proportions(box=40, label=24, key_columns=4),
    Proportions(box=40, key_columns=4, leaves=1),
    Proportions(box=28, label=14, key_columns=4, leaves=1),
    Proportions(box=24, label=14, key_columns=4, leaves=2),
    Proportions(label=24, key_columns=2, leaves=6),
    Proportions(box=24, label=14, key_columns=6, leaves=1),
)
