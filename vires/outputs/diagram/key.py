"""A diagram's key, beside its heading: the kinds of body and of line drawn, the same on paper and on screen.

One HTML-like table: a sample of each kind of box (its fill and border) and of the text in boxes, and
each kind of line (drawn with characters in the line's colour); `note`, under the heading, says how the
drawing is laid out.
"""

from __future__ import annotations

from vires.outputs.diagram.dot_language import wrap
from vires.outputs.diagram.drawing import Drawing
from vires.outputs.diagram.style import INK, KINDS, OUTSIDE, SIZE
from vires.outputs.diagram.words import kind_words

KEY_WORDS = {"holder": "a kind of body a law grants powers to"}
LEVELS_NOTE = "Levels run from national (top) to neighbourhood (bottom)."
AREAS_NOTE = "A grey area holds a body with what is part of it."


def key(drawing: Drawing, columns: int) -> str:
    """The key as an HTML-like table (already escaped): samples of boxes in rows of `columns`, then the
    lines, each in characters of its colour before its words. (`note` goes under the heading.)"""
    boxes = [
        _box(KEY_WORDS.get(k, kind_words(k)), KINDS[k])
        for k in KINDS
        if any(b.kind == k and b.id not in drawing.outside for b in drawing.bodies)
    ]
    if drawing.outside:
        boxes.append(_box("drawn in full elsewhere", OUTSIDE))
    if drawing.powers or drawing.reserved:
        text = [_font("a body")]
        if drawing.powers:
            text.append(_font("a power it holds (source)", INK["power"], width=26))
        if drawing.reserved:
            text.append(_font("reserved to it: a matter it may not delegate", INK["reserved"], width=26))
        boxes.append(f'<TD BORDER="1" COLOR="#a6a6a6">{"<BR/>".join(text)}</TD>')
    rows = ["".join(boxes[i : i + columns]) for i in range(0, len(boxes), columns)]
    lines = [f"{_font(glyph, colour)} {_font(words)}" for glyph, colour, words in _lines(drawing)]
    if lines:
        span = min(columns, len(boxes)) or 1
        rows.append(f'<TD ALIGN="LEFT" BALIGN="LEFT" COLSPAN="{span}">{"<BR/>".join(lines)}</TD>')
    heading = f'<TD ROWSPAN="{len(rows) or 1}" VALIGN="TOP">{_font("<B>Key</B>", escape=False)}</TD>'
    return (
        '<TABLE BORDER="1" STYLE="rounded" COLOR="#a6a6a6" CELLBORDER="0" CELLSPACING="4" CELLPADDING="2">'
        + "".join(f"<TR>{heading if i == 0 else ''}{row}</TR>" for i, row in enumerate(rows or [""]))
        + "</TABLE>"
    )


def note(drawing: Drawing) -> str:
    """How the drawing is laid out, where that needs saying: levels, if it has several; grey areas, if any."""
    notes = []
    if len({b.level for b in drawing.bodies}) > 1:
        notes.append(LEVELS_NOTE)
    if any(b.part_of in {o.id for o in drawing.bodies} for b in drawing.bodies):
        notes.append(AREAS_NOTE)
    return " ".join(notes)


def _font(text: str, colour: str | None = None, escape: bool = True, width: int = 48) -> str:
    """Text of the key: the smaller size, wrapped to `width`, in `colour`."""
    colour = f' COLOR="{colour}"' if colour else ""
    return f'<FONT POINT-SIZE="{SIZE["text"]}"{colour}>{wrap(text, width) if escape else text}</FONT>'


def _box(words: str, style: dict) -> str:
    """A sample box: the fill, the border (bold, dashed, rounded, double) and the words of a kind of body."""
    styles = [s for s in style.get("style", "").split(",") if s in ("rounded", "dashed")]
    bold = "bold" in style.get("style", "") or style.get("peripheries") == "2"
    attributes = f'BORDER="{2 if bold else 1}" BGCOLOR="{style.get("fillcolor", "#ffffff")}"'
    attributes += f' COLOR="{style.get("color", "#000000")}"'
    attributes += f' STYLE="{",".join(styles)}"' if styles else ""
    return f"<TD {attributes}>{_font(words, width=18)}</TD>"


def _lines(drawing: Drawing) -> list[tuple[str, str, str]]:
    """The kinds of line the drawing has: the line in characters, its colour, and what it means. Where
    a question is drawn, every line off its chain is grey."""
    chain = {edge for edge, delegations in drawing.edges.items() if {d.id for d in delegations} & drawing.chain_rules}
    states = {edge[2] for edge in drawing.edges if edge not in chain}
    ink = (lambda _: INK["grey-text"]) if drawing.answer is not None else INK.__getitem__  # noqa: E731
    found = []
    if "in-force" in states:
        found.append(("———→", ink("in-force"), "delegation: what it passes on, up to its limit"))
    if "proposed" in states:
        found.append(("– – →", ink("proposed"), "proposed delegation"))
    if "inactive" in states:
        found.append(("– – →", INK["inactive"], "valid on this date but confers nothing (✕ why)"))
    if any(b.accountable_to for b in drawing.bodies):
        found.append(("·······▷", ink("accountable"), "accountable to"))
    if drawing.answer is not None:
        dashed = " (dashed where proposed)" if any(edge[2] == "proposed" for edge in chain) else ""
        found.append(("━━━→", INK["chain"], "the chain that gives the authority asked about" + dashed))
    return found
